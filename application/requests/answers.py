"""Answer a natural-language booking request (SPEC 2.3; the seed's voice-assistant webhook).

The use-case loads the company's active services and staff, lets the domain parser read the text,
and answers through the availability engine:

* no service named -> the company's default event type, and the answer says it was assumed (a
  company with a single active service uses that one); no usable default, or several services
  that fit equally -> a question back, never a guess;
* a named staff member who does not offer the service -> said so, with who does and their slots;
  "Anna or Mehmet" -> the slots of either;
* a day (or a range of days, "am Wochenende") -> the free slots in the caller's window, else the
  next free one after it; a time of day without a day -> the first day within two weeks with
  slots in that window, else the next free one; "as soon as possible" or nothing said about when
  -> the next free one;
* an unknown staff member is said so, and everyone is searched;
* the price or the duration of a service -> the event type's, and a staff member's own
  (``custom_price``/``custom_duration``);
* cancelling or moving an existing appointment -> the caller's coming booked appointments, found
  by the name or e-mail they gave (or said): none, one, or several to choose from.

It books (or cancels, or moves) only when the caller wished to, ``book=True`` was passed, and the
request is complete: a service, a day with an exact time (or "as soon as possible"), no unknown
staff member, and the customer's name (given, or said: "Hier ist Lena Müller"). Otherwise it says
what is missing or what would happen. The booking itself is the ordinary
:meth:`~studiobook.application.appointments.appointments.Appointments.book`, checked live; a move
is :meth:`~studiobook.application.appointments.appointments.Appointments.reschedule`.

Here is the use-case (:class:`Requests`); the answer is made by :mod:`.answering` (service, staff,
wording), with one module per kind of answer: :mod:`.price_and_duration`, :mod:`.slot_search`,
:mod:`.booking_answers`, :mod:`.existing_appointments`; :mod:`.request_answer` holds what comes
back (:class:`RequestAnswer`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from studiobook.application.appointments.appointments import Appointments, Availability
from studiobook.application.appointments.companies import Companies, Staffing
from studiobook.application.appointments.event_types import EventTypes
from studiobook.application.requests.answering import Answering
from studiobook.application.requests.named_days import named_days
from studiobook.application.requests.records import CallerRecords
from studiobook.application.requests.request_answer import RequestAnswer
from studiobook.application.shared.ports import Clock
from studiobook.domain.appointments import EventType
from studiobook.domain.appointments.values import Id
from studiobook.domain.appointments.zones import zone_named
from studiobook.domain.requests import (
    BookingRequest,
    InvalidRequest,
    ServiceEntry,
    StaffEntry,
    parse_request,
)
from studiobook.domain.requests.normalise import damerau_levenshtein
from studiobook.domain.shared.ids import saved_id

__all__ = ["RequestAnswer", "Requests"]


@dataclass
class Requests:
    companies: Companies
    event_types: EventTypes
    staffing: Staffing
    availability: Availability
    appointments: Appointments
    clock: Clock
    parser: Callable[..., BookingRequest] = parse_request
    """``parser(text, now, zone, services, staff, named_days, distance)``: the domain's, unless
    a test gives another."""
    distance: Callable[[str, str, int], int] = damerau_levenshtein
    """The parser's fuzzy distance: the container passes rapidfuzz's (adapters/fuzzy.py)."""

    def answer_request(
        self,
        company_id: Id,
        text: str,
        now: datetime | None = None,
        zone: ZoneInfo | str | None = None,
        book: bool = False,
        customer: object = None,
    ) -> RequestAnswer:
        """``zone`` defaults to the company's; ``customer`` is a name, or anything with
        ``name`` and ``email`` (a :class:`studiobook.domain.shared.customers.Customer`): who
        books, or whose appointment to cancel or move."""
        company = self.companies.get(company_id)
        if not isinstance(zone, ZoneInfo):
            zone = zone_named(zone or company.time_zone, "request", InvalidRequest)
        now = now if now is not None else self.clock.now()
        event_types = self.event_types.list(company_id)
        services = [_service_entry(t) for t in event_types if t.active]
        staff = self.staffing.list(company_id, active=True)
        staff_entries = [StaffEntry(saved_id(m), m.name) for m in staff]
        days = named_days(self.companies.holidays, company, now.astimezone(zone).date())
        request = self.parser(text, now, zone, services, staff_entries, days, self.distance)
        context = Answering(self, company, request, zone, now,
                            {m.id: m.name for m in staff_entries},
                            {saved_id(t): t for t in event_types})
        return context.answer(services, book, customer)

    @property
    def records(self) -> CallerRecords:
        return CallerRecords(self.appointments.transactions)


def _service_entry(event_type: EventType) -> ServiceEntry:
    """Synonyms a company gave a service live in its metadata: ``{"synonyms": [...]}``."""
    given = event_type.metadata.get("synonyms", ())
    synonyms = tuple(s for s in given if isinstance(s, str)) if isinstance(given, list | tuple) \
        else ()
    return ServiceEntry(saved_id(event_type), event_type.name, event_type.slug, synonyms)
