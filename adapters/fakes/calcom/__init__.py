"""A loopback fake of Cal.com API v2 speaking its wire contract (SPEC 3.2), for the tests and the
demo — never a production adapter (that is :mod:`studiobook.adapters.calcom`).

``server`` (:class:`FakeCalcom`: state, test helpers, access checks), ``routes`` (the
endpoints), ``slots`` (free slots from weekly schedules and bookings), ``data`` (the demo salon
team and generated members); the HTTP plumbing is :mod:`studiobook.adapters.fakes.http`.
"""

from studiobook.adapters.fakes.calcom.data import DEMO_TEAM_ID
from studiobook.adapters.fakes.calcom.server import (
    BASE_PATH,
    DEFAULT_NOW,
    MALFORMED_BODY,
    MISSING,
    FakeCalcom,
)

__all__ = ("BASE_PATH", "DEFAULT_NOW", "DEMO_TEAM_ID", "MALFORMED_BODY", "MISSING", "FakeCalcom")
