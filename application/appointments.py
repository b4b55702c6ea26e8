"""Availability, the next free slot, and booking and cancelling appointments.

Availability answers are cached for :data:`CACHE_TTL` (judged by the injected clock). The key
holds everything that shapes the answer — company, requested event type, staff wish, branch,
range — plus the company's *availability generation*, read from the database with one cheap
query per question. Every change that can alter an answer (booking, cancelling, assignments,
hours, overrides, staff, event types, the default) bumps the generation in its own transaction,
so an answer cached by any process is never served after such a change committed, even when
many processes share one PostgreSQL database and each has its own in-process cache.

"Now" shapes an answer only through the minimum notice: slots start on whole minutes, so the
answer depends on ``now`` and ``start`` only through ``max(ceil_minute(now) + notice,
ceil_minute(start))``. A cached answer is reused while that bound is unchanged — within the same
minute for a range that starts now, for the whole TTL for a range that lies beyond the notice.

Booking never looks at the cache: it locks the staff member, reads the live appointments and asks
the domain's live check inside the write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from application.tenancy import (
    AppointmentNotFound,
    availability_changed,
    branch_of,
    company_of,
    event_type_of,
    staff_of,
)
from application.ports import Cache, Clock, UnitOfWork
from application.transactions import Transactions
from domain.scheduling import (
    Appointment,
    EventType,
    Slot,
    available_slots,
    book_appointment,
    choose_event_type,
    load_window,
    next_available_slot,
)
from domain.scheduling.availability import DEFAULT_HORIZON_DAYS
from domain.scheduling.errors import InvalidAvailabilityQuery
from domain.scheduling.values import Id

CACHE_TTL = timedelta(minutes=15)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class AvailabilityAnswer:
    """``event_type_id`` is the one answered for: the company default when the requested one is
    unknown or inactive (``fallback_used``)."""

    event_type_id: Id
    fallback_used: bool
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class NextSlotAnswer:
    event_type_id: Id
    fallback_used: bool
    slot: Slot | None


@dataclass(frozen=True)
class _Cached:
    answer: AvailabilityAnswer
    notice_minutes: int
    earliest: datetime


@dataclass(frozen=True)
class _Question:
    company_id: Id
    event_type_id: Id | None
    staff_id: Id | None
    branch_id: Id | None


def _aware(moment: object, what: str) -> datetime:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise InvalidAvailabilityQuery(
            f"{what} must be a date and time with a UTC offset, got {moment!r}"
        )
    return moment.astimezone(UTC)


def _ceil_minute(moment: datetime) -> datetime:
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + _MINUTE


def earliest_start(now: datetime, start: datetime, notice_minutes: int) -> datetime:
    """The first whole minute a slot may start at: all that ``now`` and ``start`` contribute."""
    return max(_ceil_minute(now) + timedelta(minutes=notice_minutes), _ceil_minute(start))


def _cache_key(question: _Question, generation: int, start: datetime, end: datetime) -> str:
    q = question
    return (
        f"availability|{q.company_id!r}|{generation}|{q.event_type_id!r}|{q.staff_id!r}|"
        f"{q.branch_id!r}|{start.isoformat()}|{end.isoformat()}"
    )


@dataclass(frozen=True)
class _Candidates:
    """What the engine needs for one question: one query each."""

    event_type: EventType
    fallback_used: bool
    staff: list
    assignments: list


def _candidates(uow: UnitOfWork, question: _Question) -> _Candidates:
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
    return _Candidates(event_type, fallback_used, staff, assignments)


def _booked(uow: UnitOfWork, company_id: Id, found: _Candidates, low, high) -> list[Appointment]:
    ids = [m.id for m in found.staff]
    return uow.appointments.occupying(company_id, ids, *load_window(low, high))


@dataclass
class Availability:
    transactions: Transactions
    clock: Clock
    cache: Cache

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
        start, end = _aware(start, "availability start"), _aware(end, "availability end")
        now = _aware(now, "now") if now is not None else self.clock.now()
        question = _Question(company_id, event_type_id, staff_id, branch_id)
        return self.transactions.read(lambda uow: self._answer(uow, question, start, end, now))

    def _answer(
        self, uow: UnitOfWork, question: _Question, start: datetime, end: datetime, now: datetime
    ) -> AvailabilityAnswer:
        # The generation is read before anything the answer is computed from, so an answer is
        # never older than the generation it is stored under.
        generation = uow.companies.generation(question.company_id)
        if generation is None:
            company_of(uow, question.company_id)  # raises CompanyNotFound
        key = _cache_key(question, generation, start, end)
        stamp = self.clock.now()
        cached = self.cache.get(key, stamp)
        if isinstance(cached, _Cached) and cached.earliest == earliest_start(
            now, start, cached.notice_minutes
        ):
            return cached.answer
        found = _candidates(uow, question)
        slots = available_slots(
            found.event_type,
            staff=found.staff,
            assignments=found.assignments,
            appointments=_booked(uow, question.company_id, found, start, end),
            start=start,
            end=end,
            now=now,
            branch_id=question.branch_id,
        )
        answer = AvailabilityAnswer(found.event_type.id, found.fallback_used, tuple(slots))
        notice = found.event_type.minimum_notice_minutes
        entry = _Cached(answer, notice, earliest_start(now, start, notice))
        self.cache.set(key, entry, CACHE_TTL, stamp)
        return answer

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
        cached: the search stops at the first day that has one)."""
        now = _aware(now, "now") if now is not None else self.clock.now()
        after = _aware(after, "after") if after is not None else None
        origin = max(now, after) if after is not None else now
        question = _Question(company_id, event_type_id, staff_id, branch_id)

        def work(uow):
            found = _candidates(uow, question)
            appointments = _booked(
                uow, company_id, found, origin, origin + timedelta(days=horizon_days)
            )
            slot = next_available_slot(
                found.event_type,
                staff=found.staff,
                assignments=found.assignments,
                appointments=appointments,
                now=now,
                after=after,
                horizon_days=horizon_days,
                branch_id=branch_id,
            )
            return NextSlotAnswer(found.event_type.id, found.fallback_used, slot)

        return self.transactions.read(work)


@dataclass
class Appointments:
    transactions: Transactions
    clock: Clock

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
        :class:`~domain.scheduling.errors.SlotNotAvailable` with the reason."""
        start = _aware(start, "appointment start")
        now = self.clock.now()

        def work(uow, events):
            member = staff_of(uow, company_id, staff_id, for_update=True)
            event_type = event_type_of(uow, company_id, event_type_id)
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
            )
            booked = uow.appointments.add(appointment)
            availability_changed(uow, company_id)
            return booked

        return self.transactions.write(work)

    def cancel(self, company_id: Id, appointment_id: Id) -> Appointment:
        """The appointment stays as history; its time is free at once."""

        def work(uow, events):
            staff_id = self._get(uow, company_id, appointment_id).staff_id
            staff_of(uow, company_id, staff_id, for_update=True)
            cancelled = self._get(uow, company_id, appointment_id).cancel()  # read after the lock
            uow.appointments.save(cancelled)
            availability_changed(uow, company_id)
            return cancelled

        return self.transactions.write(work)

    def get(self, company_id: Id, appointment_id: Id) -> Appointment:
        return self.transactions.read(lambda uow: self._get(uow, company_id, appointment_id))

    def list(
        self,
        company_id: Id,
        *,
        staff_id: Id | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> list[Appointment]:
        """Every status, by start; ``start``/``end`` keep those overlapping the range."""

        def work(uow):
            company_of(uow, company_id)
            return uow.appointments.list(company_id, staff_id=staff_id, start=start, end=end)

        return self.transactions.read(work)

    @staticmethod
    def _get(uow: UnitOfWork, company_id: Id, appointment_id: Id) -> Appointment:
        found = uow.appointments.get(company_id, appointment_id)
        if found is None:
            raise AppointmentNotFound(appointment_id, company_id)
        return found

