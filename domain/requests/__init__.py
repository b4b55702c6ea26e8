"""Natural-language booking requests in German and English (SPEC 2.3, the voice assistant).

:func:`parse_request` turns a transcript, a reference "now" and a time zone into a
:class:`BookingRequest`: the intent, the service and staff wish matched against the company's own
lists, and the day and time window. Pure and deterministic — no model, no I/O, no clock.

Modules: :mod:`.normalise` (tokens, folding, edit distance), :mod:`.dates`, :mod:`.named_days`
(holidays by name, given as input, and the weekend), :mod:`.times`, :mod:`.services`,
:mod:`.staff`, :mod:`.contact` (the caller's e-mail), :mod:`.intent`, :mod:`.errands` (what is
no appointment), :mod:`.request` (the parser), :mod:`.window` (local windows to search for slots).
"""

from studiobook.domain.requests.intent import Intent
from studiobook.domain.requests.request import (
    BookingRequest,
    InvalidRequest,
    parse_request,
)
from studiobook.domain.requests.services import ServiceEntry
from studiobook.domain.requests.staff import StaffEntry
from studiobook.domain.requests.times import PART_HOURS, PartOfDay
from studiobook.domain.requests.window import clock_window, day_window, starts_within

__all__ = [
    "PART_HOURS",
    "BookingRequest",
    "Intent",
    "InvalidRequest",
    "PartOfDay",
    "ServiceEntry",
    "StaffEntry",
    "clock_window",
    "day_window",
    "parse_request",
    "starts_within",
]
