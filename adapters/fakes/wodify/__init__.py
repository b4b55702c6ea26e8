"""A loopback fake of WODIFY speaking its wire contract (SPEC 3.1), for the tests and the demo —
never a production adapter (that is :mod:`studiobook.adapters.wodify`).

``server`` (:class:`FakeWodify`: state, test helpers, access checks), ``routes`` (the
endpoints), ``data`` (seeded studio records); the HTTP plumbing is
:mod:`studiobook.adapters.fakes.http`.
"""

from studiobook.adapters.fakes.wodify.server import (
    BASE_PATH,
    CORRUPTIONS,
    MALFORMED_BODY,
    FakeWodify,
)

__all__ = ("BASE_PATH", "CORRUPTIONS", "MALFORMED_BODY", "FakeWodify")
