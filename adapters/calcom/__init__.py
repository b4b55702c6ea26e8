"""Cal.com API v2 (SPEC 3.2): the calendar gateway and its mapping. The loopback fake for tests
and the demo is :mod:`studiobook.adapters.fakes.calcom`, never imported from here."""
