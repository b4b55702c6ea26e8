"""Cal.com API v2 (SPEC 3.2): the calendar gateway, its mapping, and a fake server for tests."""
