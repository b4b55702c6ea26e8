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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypedDict, Unpack
from zoneinfo import ZoneInfo

from studiobook.application.appointments.appointments import (
    Appointments,
    Availability,
    CannotReschedule,
)
from studiobook.application.appointments.companies import Companies, Staffing
from studiobook.application.appointments.event_types import EventTypes
from studiobook.application.requests.named_days import named_days
from studiobook.application.requests.records import CallerRecords
from studiobook.application.requests.replies import Replies
from studiobook.application.shared.ports import Clock
from studiobook.domain.appointments import Appointment, Assignment, EventType, Slot
from studiobook.domain.appointments.company import Company
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
from studiobook.domain.requests.normalise import damerau_levenshtein
from studiobook.domain.shared.ids import saved_id

SEARCH_DAYS = 14  # a time of day without a day: the first matching day within this many days
MAX_RANGE_DAYS = 31  # a range of days is searched at most this far


@dataclass(frozen=True)
class RequestAnswer:
    """``kind``: ``slots`` (free slots in the window), ``next_slot`` (one slot: the next free
    one, or the earliest asked for), ``question`` (something to clarify: ``options`` or
    ``missing``), ``booked`` (``appointment``), ``info`` (a price or a duration),
    ``confirm`` (what cancelling or moving ``appointment`` would do, without ``book``),
    ``cancelled``/``rescheduled`` (``appointment``, as it is now), ``none`` (nothing free, no
    appointment found, or not ours to do). ``assumed_service``: no service was named and the
    company's default was used."""

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
    assumed_service: bool = False
    price: Decimal | None = None
    duration_minutes: int | None = None


class _Details(TypedDict, total=False):
    """What a :class:`RequestAnswer` holds besides the request, its kind and its text."""

    event_type_id: Id | None
    slots: tuple[Slot, ...]
    appointment: Appointment | None
    options: tuple[str, ...]
    missing: tuple[str, ...]
    price: Decimal | None
    duration_minutes: int | None


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
        context = _Context(self, company, request, zone, now,
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


def wished_staff(request: BookingRequest) -> tuple[StaffEntry, ...]:
    """Everyone the caller would take: ``staff_alternatives`` ("Anna oder Mehmet"), else the one
    ``staff``."""
    if request.staff_alternatives:
        return request.staff_alternatives
    return (request.staff,) if request.staff is not None else ()


def last_day(request: BookingRequest) -> date | None:
    """The last day of a range ("am Wochenende"), when it lies after ``date``."""
    end = request.date_to
    return end if end is not None and request.date is not None and end > request.date else None


class _Context:
    """One answer in the making: the request, where and when it was said, and the wording."""

    def __init__(
        self,
        use_case: Requests,
        company: Company,
        request: BookingRequest,
        zone: ZoneInfo,
        now: datetime,
        staff_names: Mapping[Id, str],
        event_types: Mapping[Id, EventType],
    ) -> None:
        self.uc = use_case
        self.company = company
        self.company_id = saved_id(company)
        self.request = request
        self.zone = zone
        self.now = now
        self.staff_names = staff_names
        self.event_types = event_types
        self.say = Replies(request.language, zone)
        self.assumed = False
        self.wish: tuple[StaffEntry, ...] = wished_staff(request)  # searched among, offering

    def reply(self, kind: str, text: str, **more: Unpack[_Details]) -> RequestAnswer:
        return RequestAnswer(self.request, kind, text, staff_names=self.staff_names,
                             zone=self.zone, assumed_service=self.assumed, **more)

    def answer(self, services: list[ServiceEntry], book: bool, customer: object) -> RequestAnswer:
        r = self.request
        intent = r.intent
        if intent in (Intent.CANCELLATION, Intent.RESCHEDULE):
            return _Existing(self, intent is Intent.RESCHEDULE).answer(book, customer)
        if r.ambiguous_services:
            return self._ask([s.name for s in r.ambiguous_services])
        service = r.service or (services[0] if len(services) == 1 else None) \
            or self._default(services)
        if service is None:
            names = [s.name for s in services]
            text = self.say.say("which_service", options=self.say.listing(names))
            return self.reply("question", text, options=tuple(names), missing=("service",))
        if r.ambiguous_staff and len(self.wish) < 2:  # "Anna oder Mehmet" is no question
            return self._ask([m.name for m in r.ambiguous_staff])
        assignments = {a.staff_id: a for a in self.uc.records.assignments(self.company_id, service.id)
                       if a.staff_id in self.staff_names}
        wished = self.wish
        self.wish = tuple(m for m in wished if m.id in assignments)
        if self.assumed and wished and not self.wish:
            return self._which_of_theirs(services, wished)
        prefix = []
        if self.assumed:
            prefix.append(self.say.say("assumed", service=service.name))
        not_offering = [m for m in wished if m.id not in assignments]
        if not_offering:
            prefix.append(self._not_offered(service, not_offering, assignments))
        if intent in (Intent.PRICE, Intent.DURATION):
            return self._facts(intent, service, assignments, prefix, bool(not_offering))
        if wished and not self.wish:  # none of them offers it: those who do
            self.wish = tuple(StaffEntry(i, n) for i, n in self.staff_names.items()
                              if i in assignments)
        found = self._search(service)
        if book:
            return self._book(service, found, customer, " ".join(prefix), bool(not_offering))
        return self._describe(service, found, " ".join(prefix))

    def _default(self, services: list[ServiceEntry]) -> ServiceEntry | None:
        """The company's default event type, when it is active and someone offers it."""
        default_id = self.company.default_event_type_id
        service = next((s for s in services if s.id == default_id), None)
        if service is None or not self.uc.records.assignments(self.company_id, service.id):
            return None
        self.assumed = True
        return service

    def _which_of_theirs(
        self, services: list[ServiceEntry], wished: Sequence[StaffEntry]
    ) -> RequestAnswer:
        """No service named, and the wished staff do not offer the default: ask among theirs."""
        self.assumed = False
        offered: set[Id] = set()
        for member in wished:
            offered |= self.uc.records.offered_by(self.company_id, member.id)
        names = [s.name for s in services if s.id in offered] or [s.name for s in services]
        text = self.say.say("which_service", options=self.say.listing(names))
        return self.reply("question", text, options=tuple(names), missing=("service",))

    def _not_offered(
        self, service: ServiceEntry, members: Sequence[StaffEntry], offering: Mapping[Id, Any]
    ) -> str:
        names = self.say.listing([m.name for m in members], "or")
        others = [self.staff_names[i] for i in self.staff_names if i in offering]
        text = self.say.say("not_offered", names=names, service=service.name)
        if others:
            key = "offered_by" if len(others) > 1 else "offered_by_one"
            return text + self.say.say(key, service=service.name, names=self.say.listing(others))
        return text + self.say.say("offered_by_nobody", service=service.name)

    def _ask(self, names: list[str]) -> RequestAnswer:
        text = self.say.say("do_you_mean", options=self.say.listing(names, "or"))
        return self.reply("question", text, options=tuple(names))

    # -- price and duration -------------------------------------------------------------------
    def _facts(
        self, intent: Intent, service: ServiceEntry, assignments: Mapping[Id, Assignment],
        prefix: list[str], elsewhere: bool,
    ) -> RequestAnswer:
        """The event type's price or duration, and the staff's own where it differs: of the
        wished staff, or (no wish, or the wished do not offer it) of everyone offering it."""
        event_type = self.event_types[service.id]
        whose = [m.id for m in self.wish] if self.wish and not elsewhere else list(assignments)
        own: dict[Id, Decimal | int]
        show: Callable[[Decimal | int], str]
        if intent is Intent.PRICE:
            base: Decimal | int = event_type.price
            own = {i: event_type.price_for(assignments[i]) for i in whose}
            show, key = self.say.money, "costs"
        else:
            base = event_type.duration_minutes
            own = {i: event_type.duration_for(assignments[i]) for i in whose}
            show, key = self.say.minutes, "takes"
        differ = [f"{self.say.say('at_staff', name=self.staff_names[i])} {show(v)}"
                  for i, v in own.items() if v != base]
        if self.wish and not elsewhere and not differ:
            sentence = self.say.say(key + "_with", service=service.name, value=show(base),
                                    who=self.say.listing([m.name for m in self.wish], "or"))
        else:
            sentence = self.say.say(key, service=service.name, value=show(base))
            sentence = sentence[:-1] + (f"; {', '.join(differ)}." if differ else ".")
        asked = own[self.wish[0].id] if len(self.wish) == 1 and not elsewhere else base
        text = " ".join([*prefix, sentence])
        if isinstance(asked, Decimal):
            return self.reply("info", text, event_type_id=service.id, price=asked)
        return self.reply("info", text, event_type_id=service.id, duration_minutes=asked)

    # -- finding slots ------------------------------------------------------------------------
    def _search(self, service: ServiceEntry) -> _Found:
        r = self.request
        final = last_day(r)
        if r.date is not None:
            start, end = day_window(r, r.date, self.zone)
            if final is not None:
                final = min(final, r.date + timedelta(days=MAX_RANGE_DAYS))
                end = day_window(r, final, self.zone)[1]
                slots = tuple(s for s in self._slots(service, start, end)
                              if starts_within(r, s.start, self.zone))
            else:
                slots = self._slots(service, start, end)
        elif r.has_window:
            start = self.now
            everything = self._slots(service, start, start + timedelta(days=SEARCH_DAYS))
            slots = _first_day([s for s in everything if starts_within(r, s.start, self.zone)],
                               self.zone)
        else:
            start, slots = self.now, ()
        if slots:
            return _Found("next_slot" if r.asap else "slots", slots[:1] if r.asap else slots, True)
        following = self._next(service, max(start, self.now))
        if following is None:
            return _Found("none", (), r.has_window)
        return _Found("next_slot", (following,), not r.has_window)

    def _slots(self, service: ServiceEntry, start: datetime, end: datetime) -> tuple[Slot, ...]:
        if end <= self.now:
            return ()
        ids = [m.id for m in self.wish]
        answer = self.uc.availability.slots(
            self.company_id, service.id, start, end,
            staff_id=ids[0] if len(ids) == 1 else None, now=self.now,
        )
        return _only(answer.slots, ids) if len(ids) > 1 else answer.slots

    def _next(self, service: ServiceEntry, after: datetime) -> Slot | None:
        ids: list[Id | None] = [m.id for m in self.wish] or [None]
        found = [
            slot for staff_id in ids
            if (slot := self.uc.availability.next_slot(
                self.company_id, service.id, staff_id=staff_id, after=after, now=self.now
            ).slot) is not None
        ]
        if not found:
            return None
        first = min(s.start for s in found)
        same = [s for s in found if s.start == first]
        return replace(same[0], staff_ids=tuple(i for s in same for i in s.staff_ids))

    # -- wording ------------------------------------------------------------------------------
    def _who(self, slot: Slot | None = None) -> str:
        if len(self.wish) == 1:
            return self.say.who([self.wish[0].name])
        if slot is not None:
            return self.say.who([self.staff_names.get(i, str(i)) for i in slot.staff_ids])
        if self.wish:
            return self.say.who([m.name for m in self.wish], "or")
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
        elif r.exact_time and last_day(r) is None:
            slot = found.slots[0]
            parts.append(say.say("free_at", service=service.name, day=say.day(slot.start),
                                 time=say.time(slot.start), who=self._who(slot)))
        else:
            parts.append(self._free(service, found.slots))
        return self.reply(found.kind, " ".join(parts), event_type_id=service.id, slots=found.slots)

    def _free(self, service: ServiceEntry, slots: Sequence[Slot]) -> str:
        days = {s.start.astimezone(self.zone).date() for s in slots}
        if len(days) == 1:
            return self.say.say("free_on", service=service.name, day=self.say.day(slots[0].start),
                                who=self._who(), times=self.say.times([s.start for s in slots]))
        return self.say.say("free_days", service=service.name, who=self._who(),
                            days=self.days(slots))

    def days(self, slots: Sequence[Slot]) -> str:
        """``am Montag, 30.11.2026 um 09:00 und 09:30; am Dienstag, ...``."""
        by_day: dict[date, list[datetime]] = {}
        for slot in slots:
            by_day.setdefault(slot.start.astimezone(self.zone).date(), []).append(slot.start)
        return "; ".join(self.say.say("day_times", day=self.say.day(starts[0]),
                                      times=self.say.times(starts)) for starts in by_day.values())

    # -- booking ------------------------------------------------------------------------------
    def _book(
        self, service: ServiceEntry, found: _Found, customer: object, prefix: str = "",
        not_offered: bool = False,
    ) -> RequestAnswer:
        """``not_offered``: the wished staff do not offer the service (the prefix says so)."""
        r = self.request
        name, email = _customer(customer)
        name = name or r.caller_name  # "Hier ist Lena Müller, buchen Sie mir ..."
        missing = []
        if r.intent is not Intent.BOOKING:
            missing.append("booking_wish")
        if not r.asap and not (r.date is not None and r.exact_time and last_day(r) is None):
            missing.append("time")
        if r.unknown_staff or not_offered:
            missing.append("staff")
        if not name:
            missing.append("name")
        if missing or not name:  # without a name, missing says "name"
            said = " ".join(p for p in (prefix, self.say.missing(missing)) if p)
            answer = self._describe(service, found, prefix=said)
            return self.reply("question", answer.text, event_type_id=service.id,
                              slots=answer.slots, missing=tuple(missing))
        if not found.in_window or found.kind == "none":
            if r.date is None or r.time_from is None or not r.exact_time:
                return self._describe(service, found, prefix)
            start = datetime.combine(r.date, r.time_from, tzinfo=self.zone)
            said = " ".join(p for p in (prefix, self._not_free(service, start)) if p)
            return self._describe(service, found, said, explained=True)
        slot = found.slots[0]
        if len(self.wish) == 1:
            in_turn: tuple[Id, ...] = (self.wish[0].id,)
        else:  # no wish, or several: primary staff first, then the least booked that day
            in_turn = self.uc.appointments.staff_in_turn(
                self.company_id, service.id, slot.staff_ids, slot.start
            )
        for staff_id in in_turn:
            try:
                booked = self.uc.appointments.book(
                    self.company_id, service.id, staff_id, slot.start, name, email
                )
            except SlotNotAvailable:  # taken since we looked
                continue
            text = self.say.say("booked", service=service.name, day=self.say.day(slot.start),
                                time=self.say.time(slot.start),
                                staff=self.staff_names.get(staff_id, str(staff_id)),
                                customer=name)
            return self.reply("booked", " ".join(p for p in (prefix, text) if p),
                              event_type_id=service.id, slots=(slot,), appointment=booked)
        said = " ".join(p for p in (prefix, self._not_free(service, slot.start)) if p)
        return self._describe(service, self._search(service), said, explained=True)

    def _not_free(self, service: ServiceEntry, start: datetime) -> str:
        return self.say.say("not_free", service=service.name, day=self.say.day(start),
                            time=self.say.time(start), who=self._who())


class _Existing:
    """Cancelling or moving an appointment the caller already has."""

    def __init__(self, context: _Context, moving: bool) -> None:
        self.c = context
        self.say = context.say
        self.moving = moving

    def answer(self, book: bool, customer: object) -> RequestAnswer:
        c, r = self.c, self.c.request
        name, email = _customer(customer)
        names = [n for n in (name, r.caller_name) if n]
        emails = [email] if email else []
        said = r.customer  # the name or e-mail said ("den Termin von kim@example.com")
        if said and said.strip():
            (emails if "@" in said else names).append(said.strip())
        if not names and not emails:
            key = "identify_move" if self.moving else "identify_cancel"
            return c.reply("question", self.say.say(key), missing=("customer",))
        found = c.uc.records.upcoming(c.company_id, c.now, names, emails)
        if r.service is not None:
            found = [a for a in found if a.event_type_id == r.service.id]
        if not self.moving and r.date is not None:  # the day (or days) of the appointment
            final = last_day(r) or r.date
            found = [a for a in found if r.date <= a.start.astimezone(c.zone).date() <= final]
        who = self.say.listing(list(dict.fromkeys([*names, *emails])), "or")
        if not found:
            return c.reply("none", self.say.say("no_appointment", who=who))
        if len(found) > 1:
            options = tuple(self._describe(a) for a in found)
            text = self.say.say("several_appointments", who=who,
                                options=self.say.listing(options, "or"))
            return c.reply("question", text, options=options, missing=("appointment",))
        [appointment] = found
        if self.moving:
            return self._move(appointment, book)
        return self._cancel(appointment, book)

    def _describe(self, appointment: Appointment) -> str:
        c = self.c
        event_type = c.event_types.get(appointment.event_type_id)
        return self.say.say(
            "appointment",
            service=event_type.name if event_type else str(appointment.event_type_id),
            day=self.say.day(appointment.start), time=self.say.time(appointment.start),
            staff=c.staff_names.get(appointment.staff_id, str(appointment.staff_id)),
        )

    def _cancel(self, appointment: Appointment, book: bool) -> RequestAnswer:
        c = self.c
        if not book:
            text = self.say.say("would_cancel", appointment=self._describe(appointment))
            return c.reply("confirm", text, event_type_id=appointment.event_type_id,
                           appointment=appointment)
        cancelled = c.uc.appointments.cancel(c.company_id, saved_id(appointment))
        return c.reply("cancelled", self.say.say("cancelled", appointment=self._describe(appointment)),
                       event_type_id=appointment.event_type_id, appointment=cancelled)

    def _move(self, appointment: Appointment, book: bool) -> RequestAnswer:
        c, r = self.c, self.c.request
        event_type_id = appointment.event_type_id
        current = self._describe(appointment)
        if r.date is None or r.time_from is None or not r.exact_time or last_day(r) is not None:
            slots = self._free(appointment) if r.date is not None else ()
            text = self.say.say("move_when", appointment=current)
            if slots:
                text += " " + self.say.say("free_for_move", times=self.c.days(slots))
            return c.reply("question", text, event_type_id=event_type_id, slots=slots,
                           appointment=appointment, missing=("time",))
        start = datetime.combine(r.date, r.time_from, tzinfo=c.zone)
        target = self.say.say("moment", day=self.say.day(start), time=self.say.time(start))
        if not book:
            offered = self._free(appointment, start, start + timedelta(minutes=1))
            if offered or self._own_time(appointment, start):
                text = self.say.say("would_move", appointment=current, target=target)
                return c.reply("confirm", text, event_type_id=event_type_id,
                               slots=offered, appointment=appointment)
            return self._not_free(appointment, current, target, start)
        try:
            moved = c.uc.appointments.reschedule(c.company_id, saved_id(appointment), start)
        except SlotNotAvailable:
            return self._not_free(appointment, current, target, start)
        except CannotReschedule as refused:
            return c.reply("none", self.say.say("cannot_move", appointment=current,
                                                reason=str(refused)),
                           event_type_id=event_type_id, appointment=appointment)
        text = self.say.say("moved", appointment=current, target=target)
        return c.reply("rescheduled", text, event_type_id=event_type_id, appointment=moved)

    def _own_time(self, appointment: Appointment, start: datetime) -> bool:
        """Moving within its own time: availability sees the appointment itself as busy."""
        return appointment.start <= start < appointment.end

    def _not_free(
        self, appointment: Appointment, current: str, target: str, start: datetime
    ) -> RequestAnswer:
        slots = self._free(appointment, *self._day(start))
        text = self.say.say("move_not_free", appointment=current, target=target)
        if slots:
            text += " " + self.say.say("free_for_move", times=self.c.days(slots))
        return self.c.reply("question", text, event_type_id=appointment.event_type_id,
                            slots=slots, appointment=appointment, missing=("time",))

    def _day(self, start: datetime) -> tuple[datetime, datetime]:
        local = start.astimezone(self.c.zone).date()
        first = datetime.combine(local, datetime.min.time(), tzinfo=self.c.zone)
        return first, datetime.combine(local + timedelta(days=1), datetime.min.time(),
                                       tzinfo=self.c.zone)

    def _free(
        self, appointment: Appointment, start: datetime | None = None, end: datetime | None = None
    ) -> tuple[Slot, ...]:
        """Free slots of the appointment's event type with its staff member: in ``[start,
        end)``, or in the asked day's (or days') window."""
        c, r = self.c, self.c.request
        asked = start is None or end is None
        if start is None or end is None:
            first = r.date if r.date is not None else c.now.astimezone(c.zone).date()
            start = day_window(r, first, c.zone)[0]
            end = day_window(r, last_day(r) or first, c.zone)[1]
        if end <= c.now:
            return ()
        slots = c.uc.availability.slots(c.company_id, appointment.event_type_id, start, end,
                                        staff_id=appointment.staff_id, now=c.now).slots
        return tuple(s for s in slots if starts_within(r, s.start, c.zone)) if asked else slots



def _only(slots: Sequence[Slot], staff_ids: Sequence[Id]) -> tuple[Slot, ...]:
    """The slots at least one of ``staff_ids`` is free for, each listing only those."""
    kept = []
    for slot in slots:
        free = tuple(i for i in slot.staff_ids if i in staff_ids)
        if free:
            kept.append(replace(slot, staff_ids=free))
    return tuple(kept)


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
