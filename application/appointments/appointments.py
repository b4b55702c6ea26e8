"""Availability, the next free slot, and booking and cancelling appointments.

An availability question is one transaction: one query (``availability_head``) finds the company (by id, slug, or as the owner of the event type), the event type to answer with,
the candidates and the *availability generations* of the company, the event type and each
candidate; only what is not cached is read after it (the booked times of the people missing a
day, the closed days).

The cache holds each staff member's free starts per local day of the company, for one event
type, for :data:`CACHE_TTL` (judged by the injected clock), keyed by the person, the day, the
event type's settings that shape the starts, and the three generations. Each change bumps the
narrowest generation that covers it, in its own transaction: a booking, cancellation or move its
staff member's, as do their hours, overrides, assignments and edits; an event type edit the event
type's (and the company's when its buffers change: they widen booked appointments of everyone);
company-wide changes (zone, closed days, the default, Cal.com) the company's. So a booking makes
only the booked person's days stale, and an entry cached by any process is never served after a
change committed, even when many processes share one database and each has its own cache. An
answer over a week is assembled from the per-person-day entries (the candidates come from the
query, so a new assignment shows at once).

"Now" shapes an answer only through the minimum notice, applied when the answer is assembled:
entries hold every bookable start of the day. The closed days are cached per range under the
company's generation.

Booking never looks at the cache: it locks the staff member, reads the live appointments and asks
the domain's live check inside the write transaction.

A company connected to Cal.com (:class:`~studiobook.application.appointments.calendar.CompanyCalendars`): for an event
type with a ``calcom_id``, slots of staff with a ``calcom_username`` are kept only where Cal.com
offers that start to that user (:mod:`studiobook.application.appointments.calcom.remote`). The
combined answer is cached whole, under every generation it came from, and reused while
``max(ceil_minute(now) + notice, ceil_minute(start))`` is unchanged (a busy time added in Cal.com
shows within 15 minutes; booking asks Cal.com live). Cal.com failing gives the local answer with
``degraded=True``, cached for
:data:`DEGRADED_TTL` only (a minute: an outage is not hammered on every question, and the full
answer is back within a minute of Cal.com recovering). Booking such an event type books in
Cal.com inside the transaction, after the live check; a refusal leaves nothing here. Cancelling
cancels there too; if Cal.com fails, the appointment is still cancelled here (an operator must
be able to) and the audit row says the Cal.com booking stays.

Rescheduling moves an appointment (same id, staff member and customer) after the same live check
with its own old time left out; one booked in Cal.com too is refused (moving it there is not
wired): cancel it and book again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from studiobook.application.appointments.calcom.remote import (
    CompanyCalendar,
    RemoteQuestion,
    SlotSearch,
    first_offered,
    narrow,
    remote_question,
)
from studiobook.application.appointments.calendar import CompanyCalendars, NoCompanyCalendars
from studiobook.application.appointments.holidays import (
    HolidayCalendar,
    NoHolidays,
    company_closures,
)
from studiobook.application.appointments.notices import tell_appointment
from studiobook.application.appointments.ports import (
    AppointmentsUnitOfWork,
    AvailabilityHead,
    Candidate,
    CompanyRef,
)
from studiobook.application.appointments.tenancy import (
    AppointmentNotFound,
    BranchNotFound,
    CompanyNotFound,
    StaffNotFound,
    branch_of,
    company_of,
    event_type_of,
    staff_availability_changed,
    staff_of,
)
from studiobook.application.shared.ports import Cache, Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import (
    Appointment,
    Assignment,
    Company,
    EventType,
    Slot,
    Staff,
    book_appointment,
    choose_event_type,
    load_window,
    next_available_slot,
)
from studiobook.domain.appointments.appointments import AppointmentStatus, BookedSpan, BookedTime
from studiobook.domain.appointments.availability import (
    DEFAULT_HORIZON_DAYS,
    BusyTimes,
    DayStarts,
    booked_window,
    check_question,
    everyones_day_starts,
    slots_from_days,
)
from studiobook.domain.appointments.closures import closed_spans, closure_of, day_span, local_days
from studiobook.domain.appointments.errors import InvalidAvailabilityQuery, StudioClosed
from studiobook.domain.appointments.staff_choice import local_day, staff_in_turn
from studiobook.domain.appointments.values import Id
from studiobook.domain.notifications.languages import DEFAULT_LANGUAGE
from studiobook.domain.notifications.messages import Language, MessageKind
from studiobook.domain.shared.errors import DomainError, NotFound
from studiobook.domain.shared.ids import saved_id

CACHE_TTL = timedelta(minutes=15)
_SMALL_QUESTION = timedelta(days=1)  # asked without waiting for Availability.gate
DEGRADED_TTL = timedelta(minutes=1)
_MINUTE = timedelta(minutes=1)
# How far a day's slots with their buffers, and booked appointments with theirs, reach.
_REACH = timedelta(days=3)

T = TypeVar("T")
Work = Callable[[AppointmentsUnitOfWork, Events], T]
"""A write's work: ``work(uow, events)`` inside one transaction."""


@dataclass(frozen=True)
class AvailabilityAnswer:
    """``event_type_id`` is the one answered for: the company default when the requested one is
    unknown or inactive (``fallback_used``). ``degraded``: Cal.com should have been asked but
    failed, so external busy times are missing. ``closed``: the company's closed local days
    the range touches (date -> why: ``"public holiday (Christmas Day / Erster
    Weihnachtstag)"``); nobody has a slot on them."""

    event_type_id: Id
    fallback_used: bool
    slots: tuple[Slot, ...]
    degraded: bool = False
    closed: Mapping[date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NextSlotAnswer:
    event_type_id: Id
    fallback_used: bool
    slot: Slot | None
    degraded: bool = False


@dataclass(frozen=True)
class _Cached:
    answer: AvailabilityAnswer
    notice_minutes: int
    earliest: datetime


@dataclass(frozen=True)
class _Local:
    """The answer (``cached``: the whole answer came from the cache), else the local one (from
    per-day entries), with the key the whole answer is to be cached under and what the Cal.com
    narrowing needs (``remote``: ``None``, nothing to ask)."""

    company: Company
    answer: AvailabilityAnswer
    notice_minutes: int
    remote: RemoteQuestion | None
    key: str
    cached: bool = False


@dataclass(frozen=True)
class _Question:
    company_id: Id
    event_type_id: Id | None
    staff_id: Id | None
    branch_id: Id | None


@dataclass(frozen=True)
class _Ask:
    """An availability question, its company named by id, slug or event type."""

    company: CompanyRef
    event_type_id: Id | None
    staff_id: Id | None
    branch_id: Id | None


def _no_company(ref: CompanyRef) -> NotFound:
    if ref.owner_of is not None:
        return NotFound(f"event type {ref.owner_of} does not exist")
    return CompanyNotFound(ref.id if ref.id is not None else ref.slug)


def _aware(moment: object, what: str, keep_zone: bool = False) -> datetime:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise InvalidAvailabilityQuery(
            f"{what} must be a date and time with a UTC offset, got {moment!r}"
        )
    return moment if keep_zone else moment.astimezone(UTC)


def takes_turns(start: datetime, end: datetime) -> bool:
    """Whether a question about ``[start, end)`` waits for its turn (:attr:`Availability.gate`,
    and a web app's turns in front of its threads): one about a day or less (a booking's check
    of its one start, 1-2 ms) does not queue behind weeks and months."""
    return end - start > _SMALL_QUESTION


def _ceil_minute(moment: datetime) -> datetime:
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + _MINUTE


def earliest_start(now: datetime, start: datetime, notice_minutes: int) -> datetime:
    """The first whole minute a slot may start at: all that ``now`` and ``start`` contribute."""
    return max(_ceil_minute(now) + timedelta(minutes=notice_minutes), _ceil_minute(start))


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _shape(event_type: EventType) -> tuple[object, ...]:
    """The event type's settings that shape a staff member's free starts for it."""
    t = event_type
    return (
        t.active, t.duration_minutes, t.slot_interval_minutes, t.buffer_before_minutes,
        t.buffer_after_minutes, t.booking_limits.per_day,
    )  # fmt: skip


def _day_keys(head: AvailabilityHead, event_type: EventType) -> Callable[[Candidate, str], str]:
    """The keys of staff members' free starts on one local day of the company (``YYYY-MM-DD``),
    for one event type: the generations of the company, the person and the event type name the
    data they came from."""
    company, et = head.company, saved_id(event_type)
    first = f"availability-day|{company.id}|{head.generation}|{company.time_zone}"
    last = f"{et}|{head.event_type_generations.get(et)}|{_shape(event_type)}"
    return lambda who, day: f"{first}|{who.staff_id}|{who.generation}|{last}|{day}"


def _answer_key(
    question: _Ask, head: AvailabilityHead, event_type: EventType,
    asked: Sequence[Candidate], start: datetime, end: datetime,
) -> str:  # fmt: skip
    """A whole answer (with Cal.com's narrowing, if any): the question and every generation it
    was computed from — the company's, the event type's, and each person's asked about."""
    et = saved_id(event_type)
    return "availability|" + _digest(
        head.company.id, head.generation, question, et, head.event_type_generations.get(et),
        [(c.staff_id, c.generation) for c in asked], start, end,
    )  # fmt: skip


@dataclass(frozen=True)
class _Candidates:
    """What the engine needs for one question: one query each."""

    event_type: EventType
    fallback_used: bool
    staff: list[Staff]
    assignments: list[Assignment]
    company: Company


def _candidates(uow: AppointmentsUnitOfWork, question: _Question) -> _Candidates:
    q = question
    company = company_of(uow, q.company_id)
    wanted = {i for i in (q.event_type_id, company.default_event_type_id) if i is not None}
    known = uow.event_types.list(q.company_id, ids=wanted) if wanted else []
    event_type, fallback_used = choose_event_type(q.event_type_id, company, known)
    if q.branch_id is not None:
        branch_of(uow, q.company_id, q.branch_id)
    if q.staff_id is not None:
        staff = [staff_of(uow, q.company_id, q.staff_id)]
        assignments = uow.assignments.list(
            q.company_id, event_type_id=event_type.id, staff_ids=[q.staff_id]
        )
    else:
        assignments = uow.assignments.list(q.company_id, event_type_id=event_type.id)
        staff = uow.staff.list(
            q.company_id,
            branch_id=q.branch_id,
            active=True,
            ids={a.staff_id for a in assignments},
        )
    return _Candidates(event_type, fallback_used, staff, assignments, company)


def _closures(
    uow: AppointmentsUnitOfWork,
    holidays: HolidayCalendar,
    found: _Candidates,
    low: datetime,
    high: datetime,
) -> tuple[dict[date, str], BusyTimes]:
    """The company's closed local days around ``[low, high)``, and each candidate busy on them
    all day."""
    closed, spans = _closed_days(uow, holidays, found.company, low, high)
    return closed, {saved_id(m): spans for m in found.staff} if spans else {}


def _closed_days(
    uow: AppointmentsUnitOfWork, holidays: HolidayCalendar, company: Company, low: datetime, high: datetime
) -> tuple[dict[date, str], list[tuple[datetime, datetime]]]:
    """The company's closed local days around ``[low, high)`` (a day either side: a slot's
    end and buffers reach over midnight), and them as UTC spans."""
    zone = ZoneInfo(company.time_zone)
    days = list(local_days(low - timedelta(days=1), high + timedelta(days=1), zone))
    closed = company_closures(uow, holidays, company, days[0], days[-1])
    return closed, closed_spans(closed, zone)


def _closed_in(closed: Mapping[date, str], low: datetime, high: datetime, zone: str) -> dict[date, str]:
    """The closed days that ``[low, high)`` itself touches, for the answer."""
    days = set(local_days(low, high, ZoneInfo(zone)))
    return {day: why for day, why in closed.items() if day in days}


def _booked(
    uow: AppointmentsUnitOfWork, company_id: Id, found: _Candidates, low: datetime, high: datetime
) -> list[BookedTime]:
    ids = [saved_id(m) for m in found.staff]
    return uow.appointments.occupying(company_id, ids, *load_window(low, high))


@dataclass
class Availability:
    """Availability questions answered from the cache, else computed in one read transaction.

    ``gate`` admits so many computations at once (the web threads of one process share it):
    Python threads share one interpreter lock, and CPU-bound ones running side by side made
    each question about twice as costly (a week for 50 staff at 10 concurrent clients, 2
    processes: 57 ms CPU each with the 40 threads of the web server, 30 ms one at a time, and
    p99 1,050 -> 336 ms). It is taken before the transaction opens, so no thread waits for it
    while holding a database connection, and is let go before Cal.com is asked. A question
    about a day or less (a booking's check of its one start, 1-2 ms) does not queue behind
    weeks and months: booking p99 with 50 clients asking months was 1.6-2.8 s in line."""

    transactions: Transactions
    clock: Clock
    cache: Cache
    calendars: CompanyCalendars = field(default_factory=NoCompanyCalendars)
    holidays: HolidayCalendar = field(default_factory=NoHolidays)
    gate: AbstractContextManager[Any] = field(default_factory=nullcontext)

    def slots(
        self,
        company_id: Id,
        event_type_id: Id | None,
        start: datetime,
        end: datetime,
        *,
        staff_id: Id | None = None,
        branch_id: Id | None = None,
        now: datetime | None = None,
    ) -> AvailabilityAnswer:
        """Free slots starting in ``[start, end)``: of one staff member, of one branch's staff,
        or of everyone offering the event type, each slot listing who is free."""
        _, answer = self.answer(
            CompanyRef(id=company_id), event_type_id, start, end,
            staff_id=staff_id, branch_id=branch_id, now=now,
        )  # fmt: skip
        return answer

    def answer(
        self,
        company: CompanyRef,
        event_type_id: Id | None,
        start: datetime,
        end: datetime,
        *,
        staff_id: Id | None = None,
        branch_id: Id | None = None,
        now: datetime | None = None,
    ) -> tuple[Company, AvailabilityAnswer]:
        """:meth:`slots` of the company ``company`` names (by id, slug or as the owner of the
        event type), found in the same transaction as the answer; and that company."""
        start, end = _aware(start, "availability start"), _aware(end, "availability end")
        now = _aware(now, "now") if now is not None else self.clock.now()
        check_question(start, end, now)
        stamp = self.clock.now()
        question = _Ask(company, event_type_id, staff_id, branch_id)
        with self.gate if takes_turns(start, end) else nullcontext():
            found = self.transactions.read(
                lambda uow: self._local(uow, question, start, end, now, stamp)
            )
        if found.cached:
            return found.company, found.answer
        notice, answer, degraded = found.notice_minutes, found.answer, False
        if found.remote is not None:
            # Cal.com is asked outside the transaction: no database connection waits on it.
            slots, degraded = narrow(
                self.calendars, saved_id(found.company), found.remote, answer.slots, start, end
            )
            answer = replace(answer, slots=tuple(slots), degraded=degraded)
        entry = _Cached(answer, notice, earliest_start(now, start, notice))
        self.cache.set(found.key, entry, DEGRADED_TTL if degraded else CACHE_TTL, stamp)
        return found.company, answer

    def _local(
        self, uow: AppointmentsUnitOfWork, question: _Ask, start: datetime, end: datetime,
        now: datetime, stamp: datetime,
    ) -> _Local:  # fmt: skip
        """The local answer, from each candidate's cached free starts per local day of the
        company; the days not cached (or cached under older generations) are computed here, in
        the same transaction, and stored."""
        q = question
        head = uow.companies.availability_head(q.company, q.event_type_id, q.staff_id, q.branch_id)
        if head is None:
            raise _no_company(q.company)
        company = head.company
        company_id = saved_id(company)
        event_type, fallback_used = choose_event_type(q.event_type_id, company, head.event_types)
        if not head.branch_found:
            raise BranchNotFound(q.branch_id, company_id)
        if q.staff_id is not None and not head.staff:
            raise StaffNotFound(q.staff_id, company_id)
        # Who is asked about (a staff wish as it is; else the active staff of the branch offering
        # it), and who of them can have slots at all.
        asked = [
            c for c in head.staff
            if q.staff_id is not None
            or (c.active and (q.branch_id is None or c.branch_id == q.branch_id))
        ]  # fmt: skip
        chosen = [
            (c, c.assignment) for c in asked
            if event_type.active and c.active and c.assignment is not None
            and (q.branch_id is None or c.branch_id == q.branch_id)
        ]  # fmt: skip
        key = _answer_key(question, head, event_type, asked, start, end)
        notice = event_type.minimum_notice_minutes
        cached = self.cache.get(key, stamp)
        if isinstance(cached, _Cached) and cached.earliest == earliest_start(now, start, notice):
            return _Local(company, cached.answer, notice, None, key, cached=True)
        zone = ZoneInfo(company.time_zone)
        days = list(local_days(start, end, zone))
        closed = self._closures(uow, company, head, days[0], days[-1], stamp)
        per_staff = self._days(uow, head, event_type, chosen, days, closed, stamp)
        slots = slots_from_days(
            per_staff, start=start, end=end, now=now,
            minimum_notice_minutes=event_type.minimum_notice_minutes,
        )  # fmt: skip
        answer = AvailabilityAnswer(
            saved_id(event_type), fallback_used, tuple(slots),
            closed=_closed_in(closed, start, end, company.time_zone),
        )  # fmt: skip
        usernames = {c.staff_id: c.calcom_username for c in asked if c.calcom_username}
        remote = None
        if event_type.calcom_id is not None and usernames:
            remote = RemoteQuestion(event_type.calcom_id, usernames)
        return _Local(company, answer, notice, remote, key)

    def _closures(
        self, uow: AppointmentsUnitOfWork, company: Company, head: AvailabilityHead,
        first: date, last: date, stamp: datetime,
    ) -> dict[date, str]:  # fmt: skip
        """The company's closed days from ``first - 3`` to ``last + 3`` (what a day's slots and
        their buffers can reach), cached under the company's generation."""
        low, high = first - _REACH, last + _REACH
        key = f"availability-closed|{company.id}|{head.generation}|{low}|{high}"
        cached = self.cache.get(key, stamp)
        if isinstance(cached, dict):
            return cached
        closed = company_closures(uow, self.holidays, company, low, high)
        self.cache.set(key, closed, CACHE_TTL, stamp)
        return closed

    def _days(
        self, uow: AppointmentsUnitOfWork, head: AvailabilityHead, event_type: EventType,
        chosen: Sequence[tuple[Candidate, Assignment]], days: Sequence[date],
        closed: Mapping[date, str],
        stamp: datetime,
    ) -> list[tuple[Id, list[DayStarts]]]:  # fmt: skip
        """Each chosen candidate's (with their assignment) free starts on each day: from the
        cache, the missing ones computed with one read of the booked times of everyone missing a
        day (the candidates come with their staff row, read with the head)."""
        company = head.company
        found: dict[tuple[Id, date], DayStarts] = {}
        missing: dict[Id, tuple[Candidate, Assignment, list[date]]] = {}
        keys = {}
        key_of, named = _day_keys(head, event_type), [(day, day.isoformat()) for day in days]
        for who, assignment in chosen:
            staff_id = who.staff_id
            for day, name in named:
                key = keys[(staff_id, day)] = key_of(who, name)
                cached = self.cache.get(key, stamp)
                if isinstance(cached, DayStarts):
                    found[(staff_id, day)] = cached
                else:
                    missing.setdefault(staff_id, (who, assignment, []))[2].append(day)
        if missing:
            zone = ZoneInfo(company.time_zone)
            spans = closed_spans(closed, zone)
            wanted = sorted({day for *_, ds in missing.values() for day in ds})
            span_of = {day: day_span(day, zone) for day in wanted}  # once, not once a person
            low, high = span_of[wanted[0]][0], span_of[wanted[-1]][1]
            pairs = [(who.member, assignment) for who, assignment, _ in missing.values()]
            window = booked_window(event_type, pairs, low, high)
            booked: dict[Id, list[BookedSpan]] = {staff_id: [] for staff_id in missing}
            for span in uow.appointments.booked_spans(saved_id(company), booked, *window):
                booked[span.staff_id].append(span)
            # Those missing the same days (usually everyone missing all) are computed together.
            alike: dict[tuple[date, ...], list[Id]] = {}
            for staff_id, (_, _, its) in missing.items():
                alike.setdefault(tuple(its), []).append(staff_id)
            for same_days, ids in alike.items():
                people = [(missing[i][0].member, missing[i][1], booked[i]) for i in ids]
                computed = everyones_day_starts(
                    event_type, people, busy=spans, days=[span_of[day] for day in same_days]
                )
                for staff_id, theirs in zip(ids, computed, strict=True):
                    for day, starts in zip(same_days, theirs, strict=True):
                        found[(staff_id, day)] = starts
                        self.cache.set(keys[(staff_id, day)], starts, CACHE_TTL, stamp)
        return [(c.staff_id, [found[(c.staff_id, day)] for day in days]) for c, _ in chosen]

    def next_slot(
        self,
        company_id: Id,
        event_type_id: Id | None,
        *,
        staff_id: Id | None = None,
        branch_id: Id | None = None,
        after: datetime | None = None,
        now: datetime | None = None,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
    ) -> NextSlotAnswer:
        """The earliest free slot from ``max(now, after)`` within ``horizon_days`` (live, not
        cached: the search stops at the first day that has one). With Cal.com: the earliest
        local slot it offers too; Cal.com failing gives the first local one, ``degraded``."""
        now = _aware(now, "now") if now is not None else self.clock.now()
        after = _aware(after, "after") if after is not None else None
        origin = max(now, after) if after is not None else now
        question = _Question(company_id, event_type_id, staff_id, branch_id)
        limit = origin + timedelta(days=horizon_days)

        def work(uow: AppointmentsUnitOfWork) -> tuple[_Candidates, list[BookedTime], BusyTimes]:
            found = _candidates(uow, question)
            _, busy = _closures(uow, self.holidays, found, origin, limit)
            return found, _booked(uow, company_id, found, origin, limit), busy

        found, appointments, busy = self.transactions.read(work)
        search = SlotSearch(
            staff=found.staff,
            assignments=found.assignments,
            appointments=appointments,
            now=now,
            branch_id=branch_id,
            busy=busy,  # closed days: here and in Cal.com's narrowing search alike
        )
        slot, degraded = self._first(company_id, found.event_type, search, after, horizon_days)
        return NextSlotAnswer(saved_id(found.event_type), found.fallback_used, slot, degraded)

    def _first(
        self, company_id: Id, event_type: EventType, search: SlotSearch, after: datetime | None,
        horizon_days: int,
    ) -> tuple[Slot | None, bool]:
        """The engine's first slot from ``max(now, after)`` within the horizon, narrowed by
        Cal.com."""
        origin = search["now"] if after is None else max(search["now"], after)
        limit = origin + timedelta(days=horizon_days)
        slot = next_available_slot(event_type, after=after, horizon_days=horizon_days, **search)
        remote = remote_question(event_type, search["staff"])
        if slot is None or remote is None:
            return slot, False
        return first_offered(self.calendars, company_id, event_type, remote, slot, limit, search)

    def next_slots(self, company_id: Id, searches: Mapping[Id, PersonSearch]) -> dict[Id, NextSlotAnswer]:
        """Each person's :meth:`next_slot` (no staff wish beyond them, from ``now``), from what
        :func:`next_slot_searches` read for everyone in one transaction: the engine per person
        in memory, then Cal.com's narrowing for connected staff exactly as :meth:`next_slot`."""
        answers = {}
        for staff_id, person in searches.items():
            slot, degraded = self._first(
                company_id, person.event_type, person.search, None, person.horizon_days
            )
            answers[staff_id] = NextSlotAnswer(saved_id(person.event_type), False, slot, degraded)
        return answers


@dataclass(frozen=True)
class PersonSearch:
    """One staff member's next-slot question: their event type and what the engine needs."""

    event_type: EventType
    search: SlotSearch
    horizon_days: int


@dataclass(frozen=True)
class NextSlotsRead:
    """What :func:`next_slot_searches` read: each question, and everyone's booked times."""

    searches: dict[Id, PersonSearch]
    booked: dict[Id, list[BookedTime]]  # over load_window(now, now + horizon), per staff id


def next_slot_searches(
    uow: AppointmentsUnitOfWork,
    holidays: HolidayCalendar,
    company: Company,
    services: Mapping[Id, tuple[Staff, EventType | None]],
    assignments: Iterable[Assignment],
    now: datetime,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> NextSlotsRead:
    """Inside a read: the next-slot question of each staff member with an (active) event type
    with two queries whatever their number — the company's closed days and everyone's booked
    times over the search window — for :meth:`Availability.next_slots`. ``services``: staff id
    -> (the member, what to ask for; ``None``: only their booked times are read).
    ``assignments``: the company's (each person gets theirs for their event type)."""
    limit = now + timedelta(days=horizon_days)
    _, spans = _closed_days(uow, holidays, company, now, limit)
    booked: dict[Id, list[BookedTime]] = {staff_id: [] for staff_id in services}
    for time in uow.appointments.occupying(saved_id(company), booked, *load_window(now, limit)):
        booked[time.staff_id].append(time)
    offered: dict[tuple[Id, Id], list[Assignment]] = {}
    for assignment in assignments:
        offered.setdefault((assignment.staff_id, assignment.event_type_id), []).append(assignment)
    searches = {}
    for staff_id, (member, event_type) in services.items():
        if event_type is None:
            continue
        search = SlotSearch(
            staff=[member],
            assignments=offered.get((staff_id, saved_id(event_type)), []),
            appointments=booked[staff_id],
            now=now,
            branch_id=None,
            busy={staff_id: spans} if spans else {},
        )
        searches[staff_id] = PersonSearch(event_type, search, horizon_days)
    return NextSlotsRead(searches, booked)


@dataclass
class Appointments:
    """Appointments as the studio books, cancels and moves them. The customer (when the
    appointment has their e-mail) is told of each, in ``studio_language`` unless an earlier
    message about the appointment spoke another."""

    transactions: Transactions
    clock: Clock
    calendars: CompanyCalendars = field(default_factory=NoCompanyCalendars)
    studio_language: Language = DEFAULT_LANGUAGE
    holidays: HolidayCalendar = field(default_factory=NoHolidays)

    def book(
        self,
        company_id: Id,
        event_type_id: Id,
        staff_id: Id,
        start: datetime,
        customer_name: str,
        customer_email: str | None = None,
    ) -> Appointment:
        """Book after the live check, inside the transaction that holds the staff member's lock:
        two overlapping bookings of one person can never both succeed, in any process. Raises
        :class:`~studiobook.domain.appointments.errors.SlotNotAvailable` with the reason.

        A Cal.com event type (``calcom_id``) at a connected company, for staff with a
        ``calcom_username``, is booked in Cal.com too, after the live check and before the
        commit; Cal.com refusing raises its :class:`~studiobook.application.shared.ports.GatewayError` and nothing
        is stored. A store-busy retry reuses the remote booking; if the booking does not commit
        at all, the remote one is cancelled again."""
        # Kept in the zone the caller wrote it in, so a refusal speaks that zone back.
        start = _aware(start, "appointment start", keep_zone=True)
        now = self.clock.now()
        return self.write(
            company_id,
            lambda calendar: self._telling(
                booking(
                    calendar, company_id, event_type_id, staff_id, start, now,
                    customer_name, customer_email, holidays=self.holidays,
                ),
                MessageKind.APPOINTMENT_CONFIRMED, now,
            ),
        )  # fmt: skip

    def cancel(self, company_id: Id, appointment_id: Id) -> Appointment:
        """The appointment stays as history; its time is free at once. Its Cal.com booking is
        cancelled too; if that fails the appointment is cancelled here anyway, with a warning
        logged and the failure in the audit row (the uid stays on the appointment)."""
        now = self.clock.now()
        return self.write(
            company_id,
            lambda calendar: self._telling(
                cancelling(calendar, company_id, appointment_id),
                MessageKind.APPOINTMENT_CANCELLED, now,
            ),
        )  # fmt: skip

    def reschedule(self, company_id: Id, appointment_id: Id, start: datetime) -> Appointment:
        """Move a booked appointment to ``start`` (same staff member, event type and customer):
        the live check runs under the staff member's lock with the appointment's own time left
        out, and its old time is free from the commit on. An appointment booked in Cal.com too is
        refused (:class:`CannotReschedule`): cancel it and book the new time instead."""
        start = _aware(start, "new start", keep_zone=True)
        now = self.clock.now()

        def moved(uow: AppointmentsUnitOfWork, before: Appointment, after: Appointment) -> None:
            tell_appointment(
                uow, MessageKind.APPOINTMENT_RESCHEDULED, after, now, self.studio_language,
                previous_start=before.start,
            )  # fmt: skip

        return self.write(
            company_id,
            lambda calendar: rescheduling(
                company_id, appointment_id, start, now, then=moved, holidays=self.holidays
            ),
        )

    def _telling(self, work: Work[Appointment], kind: MessageKind, now: datetime) -> Work[Appointment]:
        """``work``, then the customer told of what it did, in the same transaction."""

        def told(uow: AppointmentsUnitOfWork, events: Events) -> Appointment:
            done = work(uow, events)
            tell_appointment(uow, kind, done, now, self.studio_language)
            return done

        return told

    def write(self, company_id: Id, work_for: Callable[[CompanyCalendar], Work[T]]) -> T:
        """Run the write ``work_for(calendar)`` gives, with the company's calendar for its
        duration: a Cal.com booking it made is withdrawn again when the write does not commit.
        Callers that store more in the same transaction (a customer's manage token) wrap the
        work that :func:`booking`, :func:`cancelling` or :func:`rescheduling` give."""
        calendar = CompanyCalendar(self.calendars, company_id)
        try:
            return self.transactions.write(work_for(calendar))
        except BaseException:
            calendar.withdraw()
            raise
        finally:
            calendar.close()

    def get(self, company_id: Id, appointment_id: Id) -> Appointment:
        return self.transactions.read(lambda uow: self._get(uow, company_id, appointment_id))

    def list(
        self,
        company_id: Id,
        *,
        staff_id: Id | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        branch_id: Id | None = None,
        status: AppointmentStatus | None = None,
    ) -> list[Appointment]:
        """Every status (or only ``status``), by start; ``start``/``end`` keep those overlapping
        the range; ``branch_id`` keeps those of that branch's staff."""

        def work(uow: AppointmentsUnitOfWork) -> list[Appointment]:
            company_of(uow, company_id)
            if staff_id is not None:
                staff_of(uow, company_id, staff_id)
            found = uow.appointments.list(company_id, staff_id=staff_id, start=start, end=end)
            if branch_id is not None:
                branch_of(uow, company_id, branch_id)
                staff_ids = {saved_id(m) for m in uow.staff.list(company_id, branch_id=branch_id)}
                found = [a for a in found if a.staff_id in staff_ids]
            if status is not None:
                found = [a for a in found if a.status is AppointmentStatus(status)]
            return found

        return self.transactions.read(work)

    def staff_in_turn(
        self, company_id: Id, event_type_id: Id, free: Sequence[Id], start: datetime
    ) -> tuple[Id, ...]:
        """``free`` (staff free at ``start``, as availability lists them) in the order a booking
        without a staff wish tries them: primary for the event type first, then the fewest
        booked appointments that day in the company's zone (see
        :func:`~studiobook.domain.appointments.staff_choice.staff_in_turn`). Only an order: each
        booking still runs the live check."""
        start = _aware(start, "appointment start")
        if not free:
            return ()

        def work(uow: AppointmentsUnitOfWork) -> tuple[Id, ...]:
            zone = ZoneInfo(company_of(uow, company_id).time_zone)
            _, first, after = local_day(start, zone)
            assignments = uow.assignments.list(
                company_id, event_type_id=event_type_id, staff_ids=free
            )
            booked = uow.appointments.occupying(company_id, free, first, after)
            return tuple(
                staff_in_turn(
                    free, event_type_id=event_type_id, assignments=assignments,
                    appointments=booked, start=start, zone=zone,
                )
            )  # fmt: skip

        return self.transactions.read(work)

    @staticmethod
    def _get(uow: AppointmentsUnitOfWork, company_id: Id, appointment_id: Id) -> Appointment:
        return appointment_of(uow, company_id, appointment_id)


def appointment_of(uow: AppointmentsUnitOfWork, company_id: Id, appointment_id: Id) -> Appointment:
    found = uow.appointments.get(company_id, appointment_id)
    if found is None:
        raise AppointmentNotFound(appointment_id, company_id)
    return found


class CannotReschedule(DomainError):
    """The appointment cannot be moved; the message says why and what to do instead."""


def open_at(
    uow: AppointmentsUnitOfWork,
    holidays: HolidayCalendar | None,
    company_id: Id,
    staff_id: Id,
    start: datetime,
) -> list[tuple[datetime, datetime]]:
    """Refuse ``start`` on a day the company is closed (:class:`StudioClosed` saying why:
    ``closed on 2027-12-25: public holiday (Christmas Day / Erster Weihnachtstag)``); else the
    closed days around it, as busy time for the live check."""
    company = company_of(uow, company_id)
    zone = ZoneInfo(company.time_zone)
    day = start.astimezone(zone).date()
    one = timedelta(days=1)
    closed = company_closures(uow, holidays or NoHolidays(), company, day - one, day + one)
    reason = closure_of(start, closed, zone)
    if reason is not None:
        raise StudioClosed(staff_id, start.isoformat(), reason)
    return closed_spans(closed, zone)


# -- the writes, as work for a transaction: ``Appointments`` runs them, and a caller that stores
# more in the same transaction (a customer's manage token, an Idempotency-Key answer) wraps them.
def booking(
    calendar: CompanyCalendar,
    company_id: Id,
    event_type_id: Id,
    staff_id: Id,
    start: datetime,
    now: datetime,
    customer_name: str,
    customer_email: str | None,
    *,
    holidays: HolidayCalendar | None = None,
) -> Work[Appointment]:
    """``holidays``: the calendar of public holidays (none: only the dates the company closed)."""

    def work(uow: AppointmentsUnitOfWork, events: Events) -> Appointment:
        member = staff_of(uow, company_id, staff_id, for_update=True)
        event_type = event_type_of(uow, company_id, event_type_id)
        closed = open_at(uow, holidays, company_id, staff_id, start)
        appointment = book_appointment(
            event_type,
            staff=member,
            assignment=uow.assignments.get(company_id, staff_id, event_type_id),
            appointments=uow.appointments.occupying(
                company_id, [staff_id], *load_window(start, start)
            ),
            start=start,
            now=now,
            customer_name=customer_name,
            customer_email=customer_email,
            busy=closed,
        )
        if calendar.connected and event_type.calcom_id is not None and member.calcom_username:
            appointment = calendar.book(event_type, member, appointment)
        booked = uow.appointments.add(appointment)
        uow.audit.record(
            "appointment", booked.id, "create", after=booked, company_id=company_id
        )
        staff_availability_changed(uow, company_id, [staff_id])
        return booked

    return work


def cancelling(calendar: CompanyCalendar, company_id: Id, appointment_id: Id) -> Work[Appointment]:
    outcomes: dict[str, dict[str, object]] = {}  # a retried attempt does not cancel in Cal.com twice

    def work(uow: AppointmentsUnitOfWork, events: Events) -> Appointment:
        staff_id = appointment_of(uow, company_id, appointment_id).staff_id
        staff_of(uow, company_id, staff_id, for_update=True)
        current = appointment_of(uow, company_id, appointment_id)  # read after the lock
        cancelled = current.cancel()
        uid = current.calcom_booking_uid
        after: dict[str, object] = {"status": cancelled.status, "calcom_booking_uid": uid}
        if uid is not None:
            if uid not in outcomes:
                outcomes[uid] = calendar.cancel(uid)
            after.update(outcomes[uid])
        uow.appointments.save(cancelled)
        uow.audit.record(
            "appointment", appointment_id, "cancel",
            before={"status": current.status}, after=after, company_id=company_id,
        )  # fmt: skip
        staff_availability_changed(uow, company_id, [staff_id])
        return cancelled

    return work


Moved = Callable[[AppointmentsUnitOfWork, Appointment, Appointment], None]
"""Called inside a reschedule's transaction with the appointment before and after the move."""


def rescheduling(
    company_id: Id,
    appointment_id: Id,
    start: datetime,
    now: datetime,
    *,
    then: Moved | None = None,
    holidays: HolidayCalendar | None = None,
) -> Work[Appointment]:
    def work(uow: AppointmentsUnitOfWork, events: Events) -> Appointment:
        staff_id = appointment_of(uow, company_id, appointment_id).staff_id
        member = staff_of(uow, company_id, staff_id, for_update=True)
        current = appointment_of(uow, company_id, appointment_id)  # read after the lock
        if not current.occupies_staff:
            raise CannotReschedule(
                f"appointment {appointment_id} is {current.status}; book a new one instead"
            )
        if current.calcom_booking_uid is not None:
            raise CannotReschedule(
                f"appointment {appointment_id} is booked in Cal.com too and cannot be moved "
                "here; cancel it and book the new time instead"
            )
        event_type_id = current.event_type_id
        closed = open_at(uow, holidays, company_id, staff_id, start)
        others = uow.appointments.occupying(company_id, [staff_id], *load_window(start, start))
        checked = book_appointment(
            event_type_of(uow, company_id, event_type_id),
            staff=member,
            assignment=uow.assignments.get(company_id, staff_id, event_type_id),
            appointments=[a for a in others if a.appointment_id != current.id],  # its own is free
            start=start,
            now=now,
            customer_name=current.customer_name,
            customer_email=current.customer_email,
            busy=closed,
        )
        moved = replace(current, start=checked.start, end=checked.end)
        uow.appointments.save(moved)
        uow.audit.record(
            "appointment", appointment_id, "reschedule",
            before={"start": current.start, "end": current.end},
            after={"start": moved.start, "end": moved.end}, company_id=company_id,
        )  # fmt: skip
        if then is not None:
            then(uow, current, moved)
        staff_availability_changed(uow, company_id, [staff_id])
        return moved

    return work

