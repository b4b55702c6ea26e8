"""Small hand-written fakes of the ports, for use-case tests without a database.

The fake unit of work copies the shared state on entry and writes it back only on commit, so a
use-case that raises half-way leaves nothing behind — the same promise the SQL store makes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from studiobook.domain.appointments import (
    Appointment,
    Assignment,
    BookedSpan,
    BookedTime,
    Branch,
    Company,
    EventType,
    Staff,
)
from studiobook.domain.appointments.zones import seconds, seconds_up
from studiobook.domain.courses.bookings import OCCUPYING_STATUSES, Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus


@dataclass
class FakeClock:
    current: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class State:
    courses: dict[int, Course] = field(default_factory=dict)
    bookings: dict[int, Booking] = field(default_factory=dict)
    waitlist: dict[int, WaitlistEntry] = field(default_factory=dict)
    companies: dict[int, Company] = field(default_factory=dict)
    generations: dict[object, int] = field(default_factory=dict)  # company id, (kind, id)
    branches: dict[int, Branch] = field(default_factory=dict)
    staff: dict[int, Staff] = field(default_factory=dict)
    event_types: dict[int, EventType] = field(default_factory=dict)
    assignments: dict[tuple[int, int], tuple[int, Assignment]] = field(default_factory=dict)
    appointments: dict[int, Appointment] = field(default_factory=dict)
    audit: list[dict] = field(default_factory=list)
    calcom: dict[int, dict] = field(default_factory=dict)  # company id -> its Cal.com link
    memberships: dict[str, object] = field(default_factory=dict)  # lower-case e-mail -> status
    manage_tokens: dict[str, object] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], tuple[object, datetime]] = field(default_factory=dict)
    timetables: dict[int, object] = field(default_factory=dict)
    outbox: dict[int, dict] = field(default_factory=dict)  # notifications: id -> row
    closures: dict[tuple[int, object], bool] = field(default_factory=dict)  # (company, date) -> open
    next_id: int = 1


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def _state(self) -> State:
        return self._uow.state

    def _new_id(self) -> int:
        self._state.next_id += 1
        return self._state.next_id - 1


class FakeCourses(_Repo):
    def _with_booked(self, course: Course) -> Course:
        booked = sum(
            b.tickets
            for b in self._state.bookings.values()
            if b.course_id == course.id and b.status in OCCUPYING_STATUSES
        )
        company = self._state.companies.get(course.company_id)
        zone = company.time_zone if company is not None else None
        return replace(course, booked=booked, events=[], time_zone=zone)

    def add(self, course: Course) -> None:
        course.id = self._new_id()
        self._state.courses[course.id] = replace(course, events=[])

    def get(self, course_id: int) -> Course | None:
        found = self._state.courses.get(course_id)
        return None if found is None else self._with_booked(found)

    get_for_update = get

    def save(self, course: Course) -> None:
        self._state.courses[course.id] = replace(course, events=[])

    def list(self, company_id=None, starts_from=None, starts_before=None, timetable_id=None):
        found = [
            self._with_booked(c)
            for _, c in sorted(self._state.courses.items())
            if _matches(c.company_id, company_id) and _matches(c.timetable_id, timetable_id)
            and (starts_from is None or (c.starts_at is not None and c.starts_at >= starts_from))
            and (starts_before is None or (c.starts_at is not None and c.starts_at < starts_before))
        ]
        return sorted(found, key=lambda c: (c.starts_at is None, c.starts_at or 0, c.id))

    def seats(self, company_id=None) -> dict[int, tuple[int, int]]:
        return {c.id: (c.capacity, c.booked) for c in self.list(company_id)}


class FakeTimetables(_Repo):
    """Timetables, and their sessions in the shared courses (one per timetable and start)."""

    def add(self, timetable) -> None:
        timetable.id = self._new_id()
        self._state.timetables[timetable.id] = replace(timetable)

    def get(self, timetable_id):
        found = self._state.timetables.get(timetable_id)
        return None if found is None else replace(found)

    get_for_update = get

    def list(self, company_id=None, active=None):
        return [
            replace(t) for _, t in sorted(self._state.timetables.items())
            if _matches(t.company_id, company_id) and (active is None or t.active == active)
        ]

    def save(self, timetable) -> None:
        self._state.timetables[timetable.id] = replace(timetable)

    def add_sessions(self, sessions) -> int:
        taken = {(c.timetable_id, c.starts_at) for c in self._state.courses.values()}
        new = [s for s in sessions if (s.timetable_id, s.starts_at) not in taken]
        for session in new:
            FakeCourses(self._uow).add(session)
        return len(new)

    def remove_unbooked(self, course_ids) -> set[int]:
        used = {b.course_id for b in self._state.bookings.values()}
        used |= {e.course_id for e in self._state.waitlist.values()}
        removed = {i for i in course_ids if i in self._state.courses and i not in used}
        for course_id in removed:
            del self._state.courses[course_id]
        return removed


class FakeMemberships(_Repo):
    def status_of(self, email: str):
        return self._state.memberships.get(email.lower())


class FakeManageTokens(_Repo):
    def add(self, token_hash, record, at) -> None:
        self._state.manage_tokens[token_hash] = record

    def find(self, token_hash):
        return self._state.manage_tokens.get(token_hash)


class FakeIdempotency(_Repo):
    def recall(self, scope, key, since):
        stored = self._state.idempotency.get((scope, key))
        return stored[0] if stored is not None and stored[1] >= since else None

    def remember(self, scope, key, answer, at, expired_before) -> None:
        self._state.idempotency[(scope, key)] = (answer, at)


class FakeBookings(_Repo):
    def add(self, booking: Booking) -> None:
        booking.id = self._new_id()
        self._state.bookings[booking.id] = replace(booking)

    def get(self, booking_id: int) -> Booking | None:
        found = self._state.bookings.get(booking_id)
        return None if found is None else replace(found)

    def save(self, booking: Booking) -> None:
        self._state.bookings[booking.id] = replace(booking)

    def list(self, course_id=None, status: BookingStatus | None = None) -> list[Booking]:
        return [
            replace(b)
            for _, b in sorted(self._state.bookings.items())
            if (course_id is None or b.course_id == course_id) and (status is None or b.status is status)
        ]


class FakeWaitlist(_Repo):
    def add(self, entry: WaitlistEntry) -> None:
        entry.id = self._new_id()
        self._state.waitlist[entry.id] = replace(entry)

    def get(self, entry_id: int) -> WaitlistEntry | None:
        found = self._state.waitlist.get(entry_id)
        return None if found is None else replace(found)

    def waiting(self, course_id: int) -> list[WaitlistEntry]:
        return [
            replace(e)
            for _, e in sorted(self._state.waitlist.items())
            if e.course_id == course_id and e.status is WaitlistStatus.WAITING
        ]

    def save(self, entry: WaitlistEntry) -> None:
        self._state.waitlist[entry.id] = replace(entry)


# -- appointments: like the SQL store, every read is scoped to the company --------------------
def _matches(value, wanted) -> bool:
    if wanted is None:
        return True
    if isinstance(wanted, (set, frozenset, list, tuple)):
        return value in wanted
    return value == wanted


class _Owned(_Repo):
    """Rows in ``self._rows`` that carry a ``company_id``."""

    kind = ""

    @property
    def _rows(self) -> dict:
        return getattr(self._state, self.kind)

    def _add(self, record):
        record = replace(record, id=self._new_id())
        self._rows[record.id] = record
        return record

    def get(self, company_id, record_id):
        found = self._rows.get(record_id)
        return found if found is not None and found.company_id == company_id else None

    get_for_update = get

    def owner(self, record_id):
        found = self._rows.get(record_id)
        return None if found is None else found.company_id

    def save(self, record) -> None:
        self._rows[record.id] = record

    def _list(self, company_id, **filters):
        return [
            r
            for _, r in sorted(self._rows.items())
            if r.company_id == company_id
            and all(_matches(getattr(r, k), v) for k, v in filters.items())
        ]


class FakeCompanies(_Repo):
    def get_by_slug(self, slug):
        found = [c for c in self._state.companies.values() if c.slug == slug]
        return self._linked(found[0]) if found else None

    def add(self, company: Company) -> Company:
        company = replace(company, id=self._new_id())
        self._state.companies[company.id] = company
        self._state.generations[company.id] = 0
        return company

    def get(self, company_id):
        found = self._state.companies.get(company_id)
        return None if found is None else self._linked(found)

    get_for_update = get

    def list(self):
        return [self._linked(c) for _, c in sorted(self._state.companies.items())]

    def save(self, company: Company) -> None:
        # Like the SQL store: the Cal.com link is kept by ``uow.calcom`` only.
        self._state.companies[company.id] = replace(
            company, calcom_team_id=None, calcom_connected=False
        )

    def _linked(self, company: Company) -> Company:
        link = self._state.calcom.get(company.id) or {}
        team_id = link.get("team_id")
        connected = team_id is not None and link.get("key_token") is not None
        return replace(company, calcom_team_id=team_id, calcom_connected=connected)

    def generation(self, company_id):
        own = self._state.generations.get(company_id)
        if own is None:
            return None
        state = self._state
        return own + sum(
            n
            for key, n in state.generations.items()
            if isinstance(key, tuple) and getattr(state, key[0])[key[1]].company_id == company_id
        )

    def bump_generation(self, company_id) -> None:
        if company_id in self._state.generations:
            self._state.generations[company_id] += 1

    def availability_head(self, ref, event_type_id, staff_id, branch_id):
        """As the SQL store's one query, from the state."""
        from studiobook.application.appointments.ports import AvailabilityHead, Candidate

        state = self._state
        if ref.id is not None:
            company = self.get(ref.id)
        elif ref.slug is not None:
            company = self.get_by_slug(ref.slug)
        else:
            owned = state.event_types.get(ref.owner_of)
            company = None if owned is None else self.get(owned.company_id)
        if company is None:
            return None
        own = {t.id: t for t in state.event_types.values() if t.company_id == company.id}
        requested = own.get(event_type_id)
        default = own.get(company.default_event_type_id)
        chosen = requested if requested is not None and requested.active else default
        found = [t for t in (requested, default) if t is not None]
        members = sorted(
            (m for m in state.staff.values() if m.company_id == company.id), key=lambda m: m.id
        )

        def assignment(member):
            pair = state.assignments.get((member.id, chosen.id)) if chosen else None
            return pair[1] if pair is not None and pair[0] == company.id else None

        if staff_id is not None:
            members = [m for m in members if m.id == staff_id]
        else:
            members = [m for m in members if assignment(m) is not None]
        return AvailabilityHead(
            company=company,
            generation=state.generations[company.id],
            event_types=found,
            event_type_generations={
                t.id: state.generations.get(("event_types", t.id), 0) for t in found
            },
            branch_found=branch_id is None
            or getattr(state.branches.get(branch_id), "company_id", None) == company.id,
            staff=[
                Candidate(
                    member=m,
                    generation=state.generations.get(("staff", m.id), 0),
                    assignment=assignment(m),
                )
                for m in members
            ],
        )

    def closure_overrides(self, company_id, first=None, last=None):
        return {
            day: is_open
            for (owner, day), is_open in sorted(self._state.closures.items(), key=lambda i: i[0][1])
            if owner == company_id
            and (first is None or day >= first)
            and (last is None or day <= last)
        }

    def set_closure_override(self, company_id, day, is_open) -> None:
        self._state.closures[(company_id, day)] = is_open

    def clear_closure_override(self, company_id, day) -> bool:
        return self._state.closures.pop((company_id, day), None) is not None


class FakeBranches(_Owned):
    kind = "branches"
    add = _Owned._add

    def list(self, company_id):
        return self._list(company_id)


def _bump(state, kind, company_id, ids) -> None:
    rows = getattr(state, kind)
    for record_id in ids:
        if record_id in rows and rows[record_id].company_id == company_id:
            state.generations[(kind, record_id)] = state.generations.get((kind, record_id), 0) + 1


class FakeStaff(_Owned):
    kind = "staff"
    add = _Owned._add

    def bump_generation(self, company_id, staff_ids) -> None:
        _bump(self._state, self.kind, company_id, staff_ids)

    def list(self, company_id, *, branch_id=None, active=None, ids=None):
        return self._list(company_id, branch_id=branch_id, active=active, id=_set(ids))


class FakeEventTypes(_Owned):
    kind = "event_types"
    add = _Owned._add

    def bump_generation(self, company_id, event_type_id) -> None:
        _bump(self._state, self.kind, company_id, [event_type_id])

    def get_by_slug(self, company_id, slug):
        found = self._list(company_id, slug=slug)
        return found[0] if found else None

    def list(self, company_id, *, branch_id=None, active=None, ids=None):
        return self._list(company_id, branch_id=branch_id, active=active, id=_set(ids))


class FakeAppointments(_Owned):
    kind = "appointments"
    add = _Owned._add

    def occupying(self, company_id, staff_ids, start, end):
        return [
            BookedTime.of(a, self._state.event_types[a.event_type_id])
            for a in self.list(company_id, start=start, end=end)
            if a.staff_id in set(staff_ids) and a.occupies_staff
        ]

    def booked_spans(self, company_id, staff_ids, start, end):
        """Blocked time overlapping ``[start, end)``; buffers are at most a day long."""
        low, high = seconds(start), seconds_up(end)
        day = timedelta(days=1)
        times = self.occupying(company_id, staff_ids, start - day, end + day)
        spans = [BookedSpan.of(t) for t in times]
        return [s for s in spans if s.blocked_until > low and s.blocked_from < high]

    def list(self, company_id, *, staff_id=None, start=None, end=None):
        found = [
            a
            for a in self._list(company_id, staff_id=staff_id)
            if (start is None or a.end > start) and (end is None or a.start < end)
        ]
        return sorted(found, key=lambda a: (a.start, a.id))


class FakeAssignments(_Repo):
    def put(self, company_id, assignments) -> None:
        for a in assignments:
            self._state.assignments[(a.staff_id, a.event_type_id)] = (company_id, a)

    def get(self, company_id, staff_id, event_type_id):
        found = self._state.assignments.get((staff_id, event_type_id))
        return found[1] if found is not None and found[0] == company_id else None

    def remove(self, company_id, staff_id, event_type_id) -> bool:
        if self.get(company_id, staff_id, event_type_id) is None:
            return False
        del self._state.assignments[(staff_id, event_type_id)]
        return True

    def list(self, company_id, *, event_type_id=None, staff_ids=None):
        return [
            a
            for (_, (owner, a)) in sorted(self._state.assignments.items())
            if owner == company_id
            and _matches(a.event_type_id, event_type_id)
            and _matches(a.staff_id, _set(staff_ids))
        ]


def _set(ids):
    return None if ids is None else set(ids)


class FakeAudit(_Repo):
    """Audit rows as plain dicts in the shared state (kept only when the unit of work commits)."""

    def record(self, entity, entity_id, action, *, before=None, after=None, company_id=None) -> None:
        from studiobook.application.shared.audit import current_actor, snapshot

        self._state.audit.append(
            {
                "actor": current_actor(),
                "company_id": company_id,
                "entity": entity,
                "entity_id": None if entity_id is None else str(entity_id),
                "action": action,
                "before": snapshot(before),
                "after": snapshot(after),
            }
        )

    def list(self, company_id=None, entity=None, limit=100) -> list[dict]:
        rows = [
            r
            for r in reversed(self._state.audit)
            if (company_id is None or r["company_id"] == company_id) and (entity is None or r["entity"] == entity)
        ]
        return rows[:limit]


class FakeCalcomLinks(_Repo):
    def connect(self, company_id, team_id, key_token) -> None:
        self._state.calcom[company_id] = {"team_id": team_id, "key_token": key_token}

    def disconnect(self, company_id) -> None:
        self._state.calcom.pop(company_id, None)

    def key_token(self, company_id):
        return self._state.calcom.get(company_id, {}).get("key_token")

    def connected(self):
        return sorted(i for i, link in self._state.calcom.items() if link.get("key_token"))

    def synced_at(self, company_id, what):
        return self._state.calcom.get(company_id, {}).get(what)

    def mark_synced(self, company_id, what, at) -> None:
        self._state.calcom.setdefault(company_id, {})[what] = at


class FakeUnitOfWork:
    def __init__(self, shared: State, for_writing: bool, on_commit=None) -> None:
        self._shared = shared
        self.for_writing = for_writing
        self.committed = False
        self._on_commit = on_commit

    def __enter__(self) -> FakeUnitOfWork:
        self.state = copy.deepcopy(self._shared)
        self.audit = FakeAudit(self)
        self.courses = FakeCourses(self)
        self.bookings = FakeBookings(self)
        self.waitlist = FakeWaitlist(self)
        self.timetables = FakeTimetables(self)
        self.memberships = FakeMemberships(self)
        self.manage_tokens = FakeManageTokens(self)
        self.idempotency = FakeIdempotency(self)
        self.companies = FakeCompanies(self)
        self.branches = FakeBranches(self)
        self.staff = FakeStaff(self)
        self.event_types = FakeEventTypes(self)
        self.assignments = FakeAssignments(self)
        self.appointments = FakeAppointments(self)
        self.calcom = FakeCalcomLinks(self)
        self.outbox = FakeOutbox(self)
        self.upcoming = FakeUpcomingVisits(self)
        return self

    def __exit__(self, *exc) -> None:
        self.state = None

    def commit(self) -> None:
        if not self.for_writing:
            raise AssertionError("commit() on a read-only unit of work")
        self._shared.__dict__.update(copy.deepcopy(self.state).__dict__)
        self.committed = True
        if self._on_commit is not None:
            self._on_commit()

    def rollback(self) -> None:
        pass


@dataclass
class FakeStore:
    state: State = field(default_factory=State)
    commits: int = 0

    def unit_of_work(self, *, for_writing: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.state, for_writing, on_commit=self._count_commit)

    def _count_commit(self) -> None:
        self.commits += 1


@dataclass
class FakeCache:
    """The Cache port in a dict; ``hits`` and ``misses`` count lookups."""

    entries: dict = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def get(self, key: str, now: datetime):
        found = self.entries.get(key)
        if found is None or found[0] <= now:
            self.misses += 1
            return None
        self.hits += 1
        return found[1]

    def set(self, key: str, value, ttl: timedelta, now: datetime) -> None:
        self.entries[key] = (now + ttl, value)


@dataclass
class RecordingPublisher:
    published: list = field(default_factory=list)

    def publish(self, events) -> list[str]:
        self.published.extend(events)
        return []


def use_cases(clock: FakeClock | None = None):
    """Courses and Bookings use-cases wired to fakes: ``(courses, bookings, store, publisher)``."""
    from studiobook.application.courses.bookings import Bookings
    from studiobook.application.courses.courses import Courses
    from studiobook.application.shared.transactions import Transactions

    clock = clock or FakeClock()
    store = FakeStore()
    publisher = RecordingPublisher()
    transactions = Transactions(store.unit_of_work, publisher, sleep=lambda _: None)
    return Courses(transactions, clock), Bookings(transactions, clock), store, publisher


def company_in(store: FakeStore, name: str = "Studio", time_zone: str = "Europe/Berlin") -> int:
    """A company put straight into the fake store's state — no audit row, no event — for the
    courses a test creates to belong to (every course belongs to one, SPEC 2.1a); its id."""
    from studiobook.domain.appointments.company import slug_of

    company_id = store.state.next_id
    store.state.next_id += 1
    slug = slug_of(name)
    if any(c.slug == slug for c in store.state.companies.values()):
        slug = f"{slug}-{company_id}"
    store.state.companies[company_id] = Company(
        id=company_id, name=name, time_zone=time_zone, slug=slug
    )
    store.state.generations[company_id] = 0
    return company_id


@dataclass
class AppointmentStudio:
    """The appointment use-cases wired to fakes, with the fakes at hand for assertions."""

    clock: FakeClock
    store: FakeStore
    cache: FakeCache
    companies: object
    staffing: object
    event_types: object
    assignments: object
    availability: object
    appointments: object
    lookup: object


def appointment_use_cases(clock: FakeClock | None = None, holidays=None) -> AppointmentStudio:
    """``holidays``: a holiday calendar (the port); none by default."""
    from studiobook.application.appointments.appointments import Appointments, Availability
    from studiobook.application.appointments.assignments import Assignments
    from studiobook.application.appointments.companies import Companies, Staffing
    from studiobook.application.appointments.event_types import EventTypes
    from studiobook.application.appointments.tenancy import CompanyLookup
    from studiobook.application.shared.transactions import Transactions

    clock = clock or FakeClock()
    store, cache = FakeStore(), FakeCache()
    transactions = Transactions(store.unit_of_work, RecordingPublisher(), sleep=lambda _: None)
    calendar = {} if holidays is None else {"holidays": holidays}
    return AppointmentStudio(
        clock=clock,
        store=store,
        cache=cache,
        companies=Companies(transactions, **calendar),
        staffing=Staffing(transactions),
        event_types=EventTypes(transactions),
        assignments=Assignments(transactions),
        availability=Availability(transactions, clock, cache, **calendar),
        appointments=Appointments(transactions, clock, **calendar),
        lookup=CompanyLookup(transactions),
    )


# -- notifications: the outbox, decided like the SQL store's, and the visits reminders are about -
class FakeOutbox(_Repo):
    """Outbox rows as dicts in the shared state (kept only when the unit of work commits)."""

    def _entry(self, row):
        from studiobook.application.notifications.ports import OutboxEntry

        return OutboxEntry(**{k: v for k, v in row.items() if k not in ("claimed_by", "once_key")})

    def _claimable(self, row, now) -> bool:
        from studiobook.domain.notifications.delivery import claimable

        return claimable(row["status"], row["next_attempt_at"], row["claimed_until"], now)

    def add(self, message, at, once_key=None):
        from studiobook.domain.notifications.delivery import DeliveryStatus

        if once_key is not None and once_key in self.once_keys([once_key]):
            return None
        entry_id = self._new_id()
        self._state.outbox[entry_id] = {
            "id": entry_id, "message": message, "status": DeliveryStatus.PENDING, "attempts": 0,
            "next_attempt_at": at, "created_at": at, "sent_at": None, "last_error": None,
            "claimed_until": None, "claimed_by": None, "once_key": once_key,
        }
        return entry_id

    def once_keys(self, keys) -> set[str]:
        wanted = set(keys)
        return {r["once_key"] for r in self._state.outbox.values() if r["once_key"] in wanted}

    def revisions(self, about) -> int:
        return sum(
            1 for r in self._state.outbox.values()
            if r["message"].about == about and r["message"].kind.changes_the_entry
        )

    def last_about(self, about):
        found = [r for _, r in sorted(self._state.outbox.items()) if r["message"].about == about]
        return found[-1]["message"] if found else None

    def due(self, now, limit):
        found = [r for r in self._state.outbox.values() if self._claimable(r, now)]
        found.sort(key=lambda r: (r["next_attempt_at"], r["id"]))
        return [self._entry(r) for r in found[:limit]]

    def claim(self, entry_id, owner, now, until):
        row = self._state.outbox.get(entry_id)
        if row is None or not self._claimable(row, now):
            return None
        row.update(claimed_by=owner, claimed_until=until, attempts=row["attempts"] + 1)
        return self._entry(row)

    def mark_sent(self, entry_id, at) -> None:
        from studiobook.domain.notifications.delivery import DeliveryStatus

        row = self._state.outbox[entry_id]
        row.update(status=DeliveryStatus.SENT, sent_at=at, claimed_by=None, claimed_until=None)

    def mark_failed(self, entry_id, owner, error, next_attempt_at) -> None:
        from studiobook.domain.notifications.delivery import DeliveryStatus

        row = self._state.outbox[entry_id]
        if row["claimed_by"] != owner or row["status"] is not DeliveryStatus.PENDING:
            return
        row.update(last_error=error, claimed_by=None, claimed_until=None)
        if next_attempt_at is None:
            row["status"] = DeliveryStatus.FAILED
        else:
            row["next_attempt_at"] = next_attempt_at

    def list(self, company_id=None, status=None, limit=100):
        return [
            self._entry(r) for _, r in sorted(self._state.outbox.items(), reverse=True)
            if _matches(r["message"].company_id, company_id) and _matches(r["status"], status)
        ][:limit]

    def counts(self, company_id=None):
        found: dict = {}
        for entry in self.list(company_id, limit=len(self._state.outbox)):
            found[entry.status] = found.get(entry.status, 0) + 1
        return found

    def resend(self, entry_id, now, company_id=None) -> bool:
        from studiobook.domain.notifications.delivery import DeliveryStatus

        row = self._state.outbox.get(entry_id)
        if row is None or row["status"] is not DeliveryStatus.FAILED:
            return False
        if not _matches(row["message"].company_id, company_id):
            return False
        row.update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now)
        return True


class FakeUpcomingVisits(_Repo):
    def starting(self, starts_from, starts_before):
        from studiobook.application.notifications.ports import Visit
        from studiobook.domain.appointments.appointments import AppointmentStatus
        from studiobook.domain.notifications.messages import about_appointment, about_booking

        def starts_in(instant) -> bool:
            return instant is not None and starts_from <= instant < starts_before

        visits = []
        for booking in self._state.bookings.values():
            course = self._state.courses[booking.course_id]
            company = self._state.companies[course.company_id]
            if booking.status is BookingStatus.CONFIRMED and not course.cancelled and starts_in(course.starts_at):
                visits.append(Visit(
                    about=about_booking(booking.id), company_id=company.id, studio=company.name,
                    what=course.title, customer_name=booking.customer.name,
                    customer_email=booking.customer.email, starts_at=course.starts_at,
                    ends_at=course.ends_at, time_zone=company.time_zone, tickets=booking.tickets,
                ))
        for appointment in self._state.appointments.values():
            company = self._state.companies[appointment.company_id]
            service = self._state.event_types[appointment.event_type_id]
            if appointment.status is AppointmentStatus.BOOKED and appointment.customer_email and starts_in(appointment.start):
                visits.append(Visit(
                    about=about_appointment(appointment.id), company_id=company.id,
                    studio=company.name, what=service.name,
                    customer_name=appointment.customer_name,
                    customer_email=appointment.customer_email, starts_at=appointment.start,
                    ends_at=appointment.end, time_zone=company.time_zone,
                ))
        return sorted(visits, key=lambda v: (v.starts_at, v.about))


@dataclass
class RecordingNotifier:
    """The Notifier port in a list; ``failures`` are raised, one per send, before any is sent."""

    sent: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def send(self, message) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
