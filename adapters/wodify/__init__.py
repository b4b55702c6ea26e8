"""WODIFY over HTTP: the gateway (``client``) and its JSON mapping. The loopback fake for tests
and the demo is :mod:`studiobook.adapters.fakes.wodify`, never imported from here."""
