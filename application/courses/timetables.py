"""Use-cases for timetables: recurring classes whose sessions are ordinary courses (SPEC 2.1a).

Sessions exist as courses a number of weeks ahead (``STUDIOBOOK_TIMETABLE_WEEKS_AHEAD``), made
by :meth:`Timetables.materialise`, which the hourly job "timetables" calls. Making them is
idempotent and safe to run in several processes at once: the database inserts a session only
where none exists for that timetable and start, and a session once made — cancelled or not —
is never made again.

Editing a series changes its *future* sessions only (see :meth:`Timetables.update`): what has
started is history, and what customers booked is theirs until the studio cancels it.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from studiobook.application.courses.bookings import locked_course, promote_waitlist
from studiobook.application.courses.courses import check_places, company_for_course
from studiobook.application.courses.notices import tell_called_off
from studiobook.application.courses.ports import CoursesUnitOfWork, Recurrence
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.courses.timetables import (
    MOST_WEEKS_AHEAD,
    InvalidTimetable,
    Timetable,
    TimetableNotFound,
)
from studiobook.domain.notifications.languages import DEFAULT_LANGUAGE
from studiobook.domain.notifications.messages import Language
from studiobook.domain.shared.ids import saved_id

JOB_NAME = "timetables"
JOB_INTERVAL = timedelta(hours=1)

# What ``update`` may change; the rules by their minutes, as ``add`` takes them.
CHANGES = frozenset({
    "title", "capacity", "rrule", "starts_local", "duration_minutes", "until", "branch_id",
    "instructor_id", "members_only", "opens_before_minutes", "cancel_cutoff_minutes",
})  # fmt: skip


@dataclass(frozen=True)
class SeriesEdit:
    """What an edit (or deactivation) did to the future sessions, by course id."""

    timetable: Timetable
    updated: list[int] = field(default_factory=list)  # took the new details
    removed: list[int] = field(default_factory=list)  # off the schedule, never booked: deleted
    called_off: list[int] = field(default_factory=list)  # off it, only cancelled bookings left
    kept: list[int] = field(default_factory=list)  # off it but booked: the studio decides
    created: int = 0  # new sessions on the new schedule

    def summary(self) -> dict[str, object]:
        """What happened to the sessions, JSON-ready (the audit trail, the CLI)."""
        return {
            "sessions_updated": self.updated,
            "sessions_removed": self.removed,
            "sessions_called_off": self.called_off,
            "sessions_kept_booked": self.kept,
            "sessions_created": self.created,
        }


@dataclass(frozen=True)
class Materialised:
    timetable_id: int
    company_id: int
    created: int


def _weeks(weeks_ahead: int) -> timedelta:
    if isinstance(weeks_ahead, bool) or not isinstance(weeks_ahead, int):
        raise InvalidTimetable(f"weeks ahead must be a whole number, got {weeks_ahead!r}")
    if not 1 <= weeks_ahead <= MOST_WEEKS_AHEAD:
        raise InvalidTimetable(f"weeks ahead must be from 1 to {MOST_WEEKS_AHEAD}, got {weeks_ahead}")
    return timedelta(weeks=weeks_ahead)


def timetable_in(
    uow: CoursesUnitOfWork, timetable_id: int, company_id: int | None, for_update: bool = False
) -> Timetable:
    """The timetable, if it exists and (with ``company_id``) is that company's."""
    found = (uow.timetables.get_for_update if for_update else uow.timetables.get)(timetable_id)
    if found is None or (company_id is not None and found.company_id != company_id):
        raise TimetableNotFound(timetable_id)
    return found


def _zone(uow: CoursesUnitOfWork, timetable: Timetable) -> str:
    return company_for_course(uow, timetable.company_id).time_zone


def _booked(uow: CoursesUnitOfWork, session_id: int) -> bool:
    """Whether a customer holds or asked for a place: a booking not cancelled, or a waiting
    entry. Cancelled bookings are history only."""
    if uow.waitlist.waiting(session_id):
        return True
    return any(b.status is not BookingStatus.CANCELLED for b in uow.bookings.list(session_id))


@dataclass
class Timetables:
    transactions: Transactions
    clock: Clock
    recurrence: Recurrence
    weeks_ahead: int = 8
    # Customers whose session is called off, or who get a seat off the waitlist, are written to
    # in this language unless an earlier message about their booking spoke another.
    studio_language: Language = DEFAULT_LANGUAGE

    def add(
        self,
        company_id: int,
        title: str,
        capacity: int,
        rrule: str,
        starts_local: datetime,
        duration_minutes: int,
        *,
        until: date | None = None,
        branch_id: int | None = None,
        instructor_id: int | None = None,
        members_only: bool = False,
        opens_before_minutes: int | None = None,
        cancel_cutoff_minutes: int | None = None,
    ) -> Timetable:
        """A recurring class of the company, with its sessions of the coming weeks made at once."""
        rules = BookingRules.of(members_only, opens_before_minutes, cancel_cutoff_minutes)
        timetable = Timetable.create(
            company_id, title, capacity, rrule, starts_local, duration_minutes,
            until=until, branch_id=branch_id, instructor_id=instructor_id, rules=rules,
        )  # fmt: skip
        timetable.rrule = self.recurrence.check(timetable.rrule, timetable.starts_local)
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> Timetable:
            zone = company_for_course(uow, company_id).time_zone
            check_places(uow, company_id, branch_id, instructor_id)
            timetable.created_at = now
            uow.timetables.add(timetable)
            uow.audit.record("timetable", timetable.id, "create", after=timetable, company_id=company_id)
            self._materialise(uow, timetable, zone, now, _weeks(self.weeks_ahead))
            return timetable

        return self.transactions.write(work)

    def get(self, timetable_id: int, company_id: int | None = None) -> Timetable:
        return self.transactions.read(lambda uow: timetable_in(uow, timetable_id, company_id))

    def list(self, company_id: int) -> builtins.list[Timetable]:
        def work(uow: CoursesUnitOfWork) -> builtins.list[Timetable]:
            company_for_course(uow, company_id)
            return uow.timetables.list(company_id)

        return self.transactions.read(work)

    def sessions(
        self,
        timetable_id: int,
        starts_from: datetime | None = None,
        starts_before: datetime | None = None,
        company_id: int | None = None,
    ) -> builtins.list[Course]:
        """The series' sessions (cancelled ones too) with their live free spots, by start."""

        def work(uow: CoursesUnitOfWork) -> builtins.list[Course]:
            timetable = timetable_in(uow, timetable_id, company_id)
            return uow.courses.list(
                timetable.company_id, starts_from, starts_before, timetable_id=timetable_id
            )

        return self.transactions.read(work)

    def update(self, timetable_id: int, company_id: int | None = None, **changes: Any) -> SeriesEdit:
        """Change the series from now on. What a studio expects of "change the Monday class":

        - sessions that have started (or are over) are never touched: they are history;
        - every future session gets the new title, capacity, booking rules, instructor and
          branch — also one with bookings (a lower capacity leaves it overbooked, reported as
          for any course; a higher one moves waitlisted customers up);
        - when the repeat rule, the first start or the last day changes, a future session at a
          start the new schedule still has stays the same course (bookings and all) and only
          takes the new length; a future session at a start the new schedule no longer has is
          deleted when nobody ever booked or queued for it, called off (``cancelled``) when
          only cancelled bookings remain (they are history, the row stays), and *kept as it
          is* when customers hold bookings or wait for a seat — nobody's class is moved or
          cancelled behind their back; the studio cancels it (``course cancel``, which tells
          them) or lets it run. :attr:`SeriesEdit.kept` lists those;
        - sessions on the new schedule are made for the coming weeks at once.

        It all happens in one transaction with the timetable and each future session locked,
        so a booking arriving meanwhile waits and then finds the session as the edit left it.
        """
        unknown = set(changes) - CHANGES
        if unknown:
            raise InvalidTimetable(
                f"timetable {timetable_id}: {', '.join(sorted(unknown))} cannot be changed; "
                f"change {', '.join(sorted(CHANGES))}"
            )
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> SeriesEdit:
            current = timetable_in(uow, timetable_id, company_id, for_update=True)
            wanted = current.changed(**changes)
            if (wanted.rrule, wanted.starts_local) != (current.rrule, current.starts_local):
                wanted.rrule = self.recurrence.check(wanted.rrule, wanted.starts_local)
            check_places(uow, wanted.company_id, wanted.branch_id, wanted.instructor_id)
            uow.timetables.save(wanted)
            edit = self._edit_future(uow, wanted, now, events)
            uow.audit.record(
                "timetable", wanted.id, "update", before=current,
                after={"timetable": wanted, **edit.summary()}, company_id=wanted.company_id,
            )  # fmt: skip
            return edit

        return self.transactions.write(work)

    def deactivate(self, timetable_id: int, company_id: int | None = None) -> SeriesEdit:
        """No more sessions: future ones go as in :meth:`update` for starts off the schedule
        (deleted, called off, or kept when booked). Deactivating twice changes nothing."""
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> SeriesEdit:
            timetable = timetable_in(uow, timetable_id, company_id, for_update=True)
            was_active = timetable.active
            timetable.active = False
            uow.timetables.save(timetable)
            edit = self._edit_future(uow, timetable, now, events)
            if was_active:
                uow.audit.record(
                    "timetable", timetable.id, "deactivate", after=edit.summary(),
                    company_id=timetable.company_id,
                )  # fmt: skip
            return edit

        return self.transactions.write(work)

    def cancel_session(
        self, course_id: int, reason: str | None = None, company_id: int | None = None
    ) -> Course:
        """Call off one session (or any course): its bookings are cancelled — each fires
        ``booking_cancelled`` with ``reason``, so invoicing and mail hear of it — and its
        waiting customers leave the waitlist. The course row stays, marked cancelled, so the
        timetable never makes that session again."""

        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> Course:
            course = locked_course(uow, course_id, company_id)
            waiting = uow.waitlist.waiting(course_id)
            cancelled = course.cancel_course(uow.bookings.list(course_id), waiting, reason)
            uow.courses.save(course)
            uow.audit.record(
                "course", course.id, "cancel", after={"cancelled": True, "reason": reason},
                company_id=course.company_id,
            )  # fmt: skip
            for booking in cancelled:
                uow.bookings.save(booking)
                uow.audit.record(
                    "booking", booking.id, "cancel", after={"status": booking.status, "reason": reason},
                    company_id=course.company_id,
                )  # fmt: skip
            for entry in waiting:
                uow.waitlist.save(entry)
                uow.audit.record(
                    "waitlist_entry", entry.id, "leave", after={"status": entry.status},
                    company_id=course.company_id,
                )  # fmt: skip
            tell_called_off(uow, course, cancelled, now, self.studio_language)
            events.extend(course.pull_events())
            return course

        return self.transactions.write(work)

    def materialise(
        self, weeks_ahead: int | None = None, now: datetime | None = None
    ) -> builtins.list[Materialised]:
        """Make the missing sessions of every active timetable of every company up to
        ``weeks_ahead`` (default: the setting) from ``now``; one transaction per timetable.
        Running it again — or in two processes at once — makes nothing twice."""
        ahead = _weeks(self.weeks_ahead if weeks_ahead is None else weeks_ahead)
        moment = self.clock.now() if now is None else now
        ids = self.transactions.read(
            lambda uow: [saved_id(t) for t in uow.timetables.list(active=True)]
        )

        def one(timetable_id: int) -> Callable[[CoursesUnitOfWork, Events], Materialised | None]:
            def work(uow: CoursesUnitOfWork, events: Events) -> Materialised | None:
                timetable = uow.timetables.get_for_update(timetable_id)
                if timetable is None or not timetable.active:  # deactivated meanwhile
                    return None
                created = self._materialise(uow, timetable, _zone(uow, timetable), moment, ahead)
                return Materialised(timetable_id, timetable.company_id, created)

            return work

        done = [self.transactions.write(one(timetable_id)) for timetable_id in ids]
        return [result for result in done if result is not None]

    # -- inside a transaction ----------------------------------------------------------------
    def _materialise(
        self, uow: CoursesUnitOfWork, timetable: Timetable, zone: str, now: datetime,
        ahead: timedelta,
    ) -> int:  # fmt: skip
        if not timetable.active:
            return 0
        sessions = timetable.sessions(self._starts(timetable, zone, now, now + ahead), zone, now)
        created = uow.timetables.add_sessions(sessions)
        if created:
            uow.audit.record(
                "timetable", timetable.id, "materialise",
                after={"sessions_created": created, "until": now + ahead},
                company_id=timetable.company_id,
            )  # fmt: skip
        return created

    def _starts(
        self, timetable: Timetable, zone: str, now: datetime, until: datetime
    ) -> builtins.list[datetime]:
        """The series' local starts from ``now`` to ``until``."""
        window = timetable.local_window(now, until, zone)
        if window is None:
            return []
        return self.recurrence.starts(timetable.rrule, timetable.starts_local, *window)

    def _edit_future(
        self, uow: CoursesUnitOfWork, timetable: Timetable, now: datetime, events: Events
    ) -> SeriesEdit:
        zone = _zone(uow, timetable)
        ahead = _weeks(self.weeks_ahead)
        future = self._future_sessions_locked(uow, timetable, now)
        scheduled: set[datetime] = set()
        if timetable.active:
            last = max([now + ahead, *(s.starts_at for s in future if s.starts_at is not None)])
            starts = self._starts(timetable, zone, now, last + timedelta(minutes=1))
            scheduled = set(timetable.session_instants(starts, zone, now))
        updated, off_schedule = [], []
        for session in future:
            if session.starts_at in scheduled:
                self._follow(uow, timetable, session, now, events, self.studio_language)
                updated.append(saved_id(session))
            else:
                off_schedule.append(session)
        removed = uow.timetables.remove_unbooked([saved_id(s) for s in off_schedule])
        called_off, kept = [], []
        for session in off_schedule:
            session_id = saved_id(session)
            if session_id in removed:
                action, after = "remove_from_series", None
            elif _booked(uow, session_id):
                # Its customers booked these times: the studio decides, nothing moves.
                self._follow(
                    uow, timetable, session, now, events, self.studio_language, times=False
                )
                kept.append(session_id)
                continue
            else:
                session.cancelled = True
                uow.courses.save(session)
                called_off.append(session_id)
                action, after = "call_off", {"cancelled": True}
            uow.audit.record(
                "course", session_id, action, before=session, after=after,
                company_id=timetable.company_id,
            )  # fmt: skip
        created = self._materialise(uow, timetable, zone, now, ahead)
        return SeriesEdit(timetable, updated, sorted(removed), called_off, kept, created)

    @staticmethod
    def _future_sessions_locked(
        uow: CoursesUnitOfWork, timetable: Timetable, now: datetime
    ) -> builtins.list[Course]:
        """The series' sessions after ``now`` that are not cancelled, each locked against seat
        changes (and read again under the lock)."""
        future = []
        for listed in uow.courses.list(timetable.company_id, now, timetable_id=timetable.id):
            if listed.starts_at is None or listed.starts_at <= now or listed.cancelled:
                continue
            locked = uow.courses.get_for_update(saved_id(listed))
            if locked is not None and not locked.cancelled:
                future.append(locked)
        return future

    @staticmethod
    def _follow(
        uow: CoursesUnitOfWork, timetable: Timetable, session: Course, now: datetime,
        events: Events, studio_language: Language, times: bool = True,
    ) -> None:  # fmt: skip
        """A future session takes the series' details; seats it gained go to the waitlist."""
        timetable.update_session(session, times=times)
        uow.courses.save(session)
        promote_waitlist(uow, session, now, studio_language)
        events.extend(session.pull_events())


Job = TypeVar("Job")


def timetable_jobs(
    timetables: Callable[[], Timetables],
    job: Callable[[str, timedelta, Callable[[], str]], Job],
) -> builtins.list[Job]:
    """The hourly job that keeps every active timetable's sessions made the configured weeks
    ahead. ``job`` builds the scheduler's job (the jobs area is the container's to join in)."""

    def run() -> str:
        done = timetables().materialise()
        created = sum(result.created for result in done)
        return f"{created} session(s) made for {len(done)} active timetable(s)"

    return [job(JOB_NAME, JOB_INTERVAL, run)]
