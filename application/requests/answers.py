"""Answer a natural-language booking request (SPEC 2.3; the seed's voice-assistant webhook).

The use-case loads the company's active services and staff, lets the domain parser read the text,
and answers through the availability engine:

* no service, or several that fit equally -> a question back, never a guess (a company with a
  single active service needs no question);
* a day -> the free slots in the caller's window that day, else the next free one after it;
* a time of day without a day -> the first day within two weeks with slots in that window, else
  the next free one; "as soon as possible" or nothing said about when -> the next free one;
* an unknown staff member is said so, and everyone is searched.

It books only when the caller wished to book, ``book=True`` was passed, and the request is
complete: a service, a day with an exact time (or "as soon as possible"), no unknown staff
member, and the customer's name (given, or said: "Hier ist Lena Müller"). Otherwise it says what
is missing. The booking itself is the
ordinary :meth:`~studiobook.application.appointments.appointments.Appointments.book`, checked live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict, Unpack
from zoneinfo import ZoneInfo

from studiobook.application.appointments.appointments import Appointments, Availability
from studiobook.application.appointments.companies import Companies, Staffing
from studiobook.application.appointments.event_types import EventTypes
from studiobook.application.requests.replies import Replies
from studiobook.application.shared.ports import Clock
from studiobook.domain.appointments import Appointment, EventType, Slot
from studiobook.domain.appointments.errors import SlotNotAvailable
from studiobook.domain.appointments.values import Id
from studiobook.domain.appointments.zones import zone_named
from studiobook.domain.requests import (
    BookingRequest,
    Intent,
    InvalidRequest,
    ServiceEntry,
    StaffEntry,
    day_window,
    parse_request,
    starts_within,
)
from studiobook.domain.shared.ids import saved_id

SEARCH_DAYS = 14  # a time of day without a day: the first matching day within this many days


@dataclass(frozen=True)
class RequestAnswer:
    """``kind``: ``slots`` (free slots in the window), ``next_slot`` (one slot: the next free
    one, or the earliest asked for), ``question`` (something to clarify: ``options`` or
    ``missing``), ``booked`` (``appointment``), ``none`` (nothing free, or not ours to do)."""

    request: BookingRequest
    kind: str
    text: str
    event_type_id: Id | None = None
    slots: tuple[Slot, ...] = ()
    appointment: Appointment | None = None
    options: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    staff_names: Mapping[Id, str] | None = None
    zone: ZoneInfo | None = None  # the zone the request was read in (local times for people)


class _Details(TypedDict, total=False):
    """What a :class:`RequestAnswer` holds besides the request, its kind and its text."""

    event_type_id: Id | None
    slots: tuple[Slot, ...]
    appointment: Appointment | None
    options: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class _Found:
    kind: str  # slots | next_slot | none
    slots: tuple[Slot, ...]
    in_window: bool  # False: the window had nothing, these come after it


@dataclass
class Requests:
    companies: Companies
    event_types: EventTypes
    staffing: Staffing
    availability: Availability
    appointments: Appointments
    clock: Clock

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
        ``name`` and ``email`` (a :class:`studiobook.domain.shared.customers.Customer`)."""
        company = self.companies.get(company_id)
        if not isinstance(zone, ZoneInfo):
            zone = zone_named(zone or company.time_zone, "request", InvalidRequest)
        now = now if now is not None else self.clock.now()
        services = [_service_entry(t) for t in self.event_types.list(company_id, active=True)]
        staff = self.staffing.list(company_id, active=True)
        staff_entries = [StaffEntry(saved_id(m), m.name) for m in staff]
        request = parse_request(text, now, zone, services, staff_entries)
        context = _Context(self, company_id, request, zone, now, {m.id: m.name for m in staff_entries})
        return context.answer(services, book, customer)


def _service_entry(event_type: EventType) -> ServiceEntry:
    """Synonyms a company gave a service live in its metadata: ``{"synonyms": [...]}``."""
    given = event_type.metadata.get("synonyms", ())
    synonyms = tuple(s for s in given if isinstance(s, str)) if isinstance(given, list | tuple) \
        else ()
    return ServiceEntry(saved_id(event_type), event_type.name, event_type.slug, synonyms)


class _Context:
    """One answer in the making: the request, where and when it was said, and the wording."""

    def __init__(
        self,
        use_case: Requests,
        company_id: Id,
        request: BookingRequest,
        zone: ZoneInfo,
        now: datetime,
        staff_names: Mapping[Id, str],
    ) -> None:
        self.uc = use_case
        self.company_id = company_id
        self.request = request
        self.zone = zone
        self.now = now
        self.staff_names = staff_names
        self.say = Replies(request.language, zone)

    def reply(self, kind: str, text: str, **more: Unpack[_Details]) -> RequestAnswer:
        return RequestAnswer(self.request, kind, text, staff_names=self.staff_names,
                             zone=self.zone, **more)

    def answer(self, services: list[ServiceEntry], book: bool, customer: object) -> RequestAnswer:
        r = self.request
        if r.intent is Intent.CANCELLATION:
            return self.reply("none", self.say.say("cancellation"))
        if r.ambiguous_services:
            return self._ask([s.name for s in r.ambiguous_services])
        service = r.service or (services[0] if len(services) == 1 else None)
        if service is None:
            names = [s.name for s in services]
            text = self.say.say("which_service", options=self.say.listing(names))
            return self.reply("question", text, options=tuple(names), missing=("service",))
        if r.ambiguous_staff:
            return self._ask([m.name for m in r.ambiguous_staff])
        found = self._search(service)
        if book:
            return self._book(service, found, customer)
        return self._describe(service, found)

    def _ask(self, names: list[str]) -> RequestAnswer:
        text = self.say.say("do_you_mean", options=self.say.listing(names, "or"))
        return self.reply("question", text, options=tuple(names))

    # -- finding slots ------------------------------------------------------------------------
    def _search(self, service: ServiceEntry) -> _Found:
        r = self.request
        staff_id = r.staff.id if r.staff else None
        if r.date is not None:
            start, end = day_window(r, r.date, self.zone)
            slots = self._slots(service, start, end, staff_id)
        elif r.has_window:
            start = self.now
            everything = self._slots(service, start, start + timedelta(days=SEARCH_DAYS), staff_id)
            slots = _first_day([s for s in everything if starts_within(r, s.start, self.zone)],
                               self.zone)
        else:
            start, slots = self.now, ()
        if slots:
            return _Found("next_slot" if r.asap else "slots", slots[:1] if r.asap else slots, True)
        following = self.uc.availability.next_slot(
            self.company_id, service.id, staff_id=staff_id, after=max(start, self.now), now=self.now
        ).slot
        if following is None:
            return _Found("none", (), r.has_window)
        return _Found("next_slot", (following,), not r.has_window)

    def _slots(
        self, service: ServiceEntry, start: datetime, end: datetime, staff_id: Id | None
    ) -> tuple[Slot, ...]:
        if end <= self.now:
            return ()
        answer = self.uc.availability.slots(
            self.company_id, service.id, start, end, staff_id=staff_id, now=self.now
        )
        return answer.slots

    # -- wording ------------------------------------------------------------------------------
    def _who(self, slot: Slot | None = None) -> str:
        r = self.request
        if r.staff is not None:
            return self.say.who([r.staff.name])
        if slot is not None:
            return self.say.who([self.staff_names.get(i, str(i)) for i in slot.staff_ids])
        return ""

    def _describe(
        self, service: ServiceEntry, found: _Found, prefix: str = "", explained: bool = False
    ) -> RequestAnswer:
        """``explained``: the prefix already says the wished time is not free."""
        r, say = self.request, self.say
        parts = [prefix] if prefix else []
        if r.unknown_staff:
            parts.append(say.say("unknown_staff", name=r.unknown_staff))
        if found.kind == "none":
            parts.append(say.say("none", service=service.name, who=self._who()))
        elif found.kind == "next_slot":
            slot = found.slots[0]
            if not found.in_window and r.has_window and not explained:
                parts.append(say.say("nothing_then", service=service.name, who=self._who()))
            parts.append(say.say("next", service=service.name, day=say.day(slot.start),
                                 time=say.time(slot.start), who=self._who(slot)))
        elif r.exact_time:
            slot = found.slots[0]
            parts.append(say.say("free_at", service=service.name, day=say.day(slot.start),
                                 time=say.time(slot.start), who=self._who(slot)))
        else:
            first = found.slots[0]
            parts.append(say.say("free_on", service=service.name, day=say.day(first.start),
                                 who=self._who(), times=say.times([s.start for s in found.slots])))
        return self.reply(found.kind, " ".join(parts), event_type_id=service.id, slots=found.slots)

    # -- booking ------------------------------------------------------------------------------
    def _book(self, service: ServiceEntry, found: _Found, customer: object) -> RequestAnswer:
        r = self.request
        name, email = _customer(customer)
        name = name or r.caller_name  # "Hier ist Lena Müller, buchen Sie mir ..."
        missing = []
        if r.intent is not Intent.BOOKING:
            missing.append("booking_wish")
        if not r.asap and not (r.date is not None and r.exact_time):
            missing.append("time")
        if r.unknown_staff:
            missing.append("staff")
        if not name:
            missing.append("name")
        if missing or not name:  # without a name, missing says "name"
            answer = self._describe(service, found, prefix=self.say.missing(missing))
            return self.reply("question", answer.text, event_type_id=service.id,
                              slots=answer.slots, missing=tuple(missing))
        if not found.in_window or found.kind == "none":
            if r.date is None or r.time_from is None or not r.exact_time:
                return self._describe(service, found)
            start = datetime.combine(r.date, r.time_from, tzinfo=self.zone)
            return self._describe(service, found, self._not_free(service, start), explained=True)
        slot = found.slots[0]
        staff_id = r.staff.id if r.staff else self.uc.appointments.staff_in_turn(
            self.company_id, service.id, slot.staff_ids, slot.start
        )[0]  # no wish: primary staff first, then the least booked that day
        try:
            booked = self.uc.appointments.book(
                self.company_id, service.id, staff_id, slot.start, name, email
            )
        except SlotNotAvailable:  # taken since we looked
            return self._describe(service, self._search(service),
                                  self._not_free(service, slot.start), explained=True)
        text = self.say.say("booked", service=service.name, day=self.say.day(slot.start),
                            time=self.say.time(slot.start),
                            staff=self.staff_names.get(staff_id, str(staff_id)), customer=name)
        return self.reply("booked", text, event_type_id=service.id, slots=(slot,),
                          appointment=booked)

    def _not_free(self, service: ServiceEntry, start: datetime) -> str:
        return self.say.say("not_free", service=service.name, day=self.say.day(start),
                            time=self.say.time(start), who=self._who())


def _first_day(slots: list[Slot], zone: ZoneInfo) -> tuple[Slot, ...]:
    if not slots:
        return ()
    day = slots[0].start.astimezone(zone).date()
    return tuple(s for s in slots if s.start.astimezone(zone).date() == day)


def _customer(customer: object) -> tuple[str | None, str | None]:
    if customer is None:
        return None, None
    if isinstance(customer, str):
        return customer.strip() or None, None
    name = getattr(customer, "name", None)
    return (name.strip() or None) if isinstance(name, str) else None, getattr(customer, "email", None)
