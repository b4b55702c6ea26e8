"""WODIFY over HTTP: the gateway (``client``), its JSON mapping and a fake server for tests."""
