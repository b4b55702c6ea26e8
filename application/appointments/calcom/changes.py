"""What a Cal.com sync changes locally, inside the caller's transaction.

Cal.com is the source of truth for what it defines: an event type's name, slug, length, price,
buffers, interval, notice and visibility are overwritten from it, matched by Cal.com id. A local
event type of the same slug that is linked to nothing is adopted rather than duplicated (a
company set up by hand, then connected). Nothing is deleted: an event type gone from Cal.com is
deactivated, so appointments keep their history; a staff member who left the team likewise.
Only what differs is written, so a sync with nothing new writes no row. Each change is audited.

Hosts and members are matched to staff by Cal.com username, then by e-mail (case-insensitive).
Assignments are only ever added — removing one is an operator's decision, since a local
assignment may have been made by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from studiobook.application.appointments.calendar import RemoteEventType, RemoteHost, RemoteMember
from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.domain.appointments import Assignment, Company, EventType, Staff, slugify
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.changes import changed_fields
from studiobook.domain.shared.errors import DomainError
from studiobook.domain.shared.ids import saved_id

SYNC_STAMP = frozenset({"last_synced_at"})


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    assignments: int = 0
    errors: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # hosts or members without staff

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.deactivated + self.assignments


def _fold(text: str | None) -> str | None:
    return text.casefold() if text else None


class StaffMatcher:
    """Cal.com users -> staff ids of one company: by username, then by e-mail."""

    def __init__(self, staff: Iterable[Staff], members: Iterable[RemoteMember] = ()) -> None:
        staff = list(staff)
        self.by_username = {_fold(s.calcom_username): s for s in staff if s.calcom_username}
        self.by_email = {_fold(s.email): s for s in staff if s.email}
        self._emails = {m.user_id: m.email for m in members}

    def member(self, member: RemoteMember) -> Staff | None:
        return self.by_username.get(_fold(member.username)) or self.by_email.get(_fold(member.email))

    def host(self, host: RemoteHost) -> Staff | None:
        return self.by_username.get(_fold(host.username)) or self.by_email.get(
            _fold(self._emails.get(host.user_id))
        )


def calcom_id(remote_id: Id) -> int:
    if isinstance(remote_id, int) or (isinstance(remote_id, str) and remote_id.isdigit()):
        return int(remote_id)
    raise ValueError(f"Cal.com id {remote_id!r} is not a number")


def _wanted(remote: RemoteEventType, current: EventType | None) -> dict[str, Any]:
    """The local fields Cal.com decides; local metadata keys are kept beside Cal.com's."""
    metadata = dict(current.metadata) if current is not None else {}
    metadata.update(
        currency=remote.currency, scheduling_type=remote.scheduling_type, calcom_slug=remote.slug
    )
    return {
        "name": remote.title,
        "slug": slugify(remote.slug) or slugify(remote.title),
        "description": remote.description,
        "duration_minutes": remote.length_minutes,
        "price": remote.price,
        "active": not remote.hidden,
        "team_event": remote.scheduling_type is not None,
        "slot_interval_minutes": remote.slot_interval_minutes,
        "buffer_before_minutes": remote.buffer_before_minutes,
        "buffer_after_minutes": remote.buffer_after_minutes,
        "minimum_notice_minutes": remote.minimum_notice_minutes,
        "metadata": metadata,
        "calcom_id": calcom_id(remote.remote_id),
    }


class _EventTypeSync:
    def __init__(self, uow: AppointmentsUnitOfWork, company_id: Id, now: datetime, tally: Tally) -> None:
        self.uow, self.company_id, self.now, self.tally = uow, company_id, now, tally
        local = uow.event_types.list(company_id)
        self.by_calcom: dict[Id | None, EventType] = {
            t.calcom_id: t for t in local if t.calcom_id is not None
        }
        self.by_slug = {t.slug: t for t in local}

    def one(self, remote: RemoteEventType) -> EventType:
        current = self.by_calcom.get(calcom_id(remote.remote_id))
        if current is None:
            unlinked = self.by_slug.get(slugify(remote.slug))
            current = unlinked if unlinked is not None and unlinked.calcom_id is None else None
        values = _wanted(remote, current)
        values["slug"] = self._free_slug(values["slug"], values["calcom_id"], current)
        if current is None:
            return self._write(None, EventType(company_id=self.company_id, **values))
        wanted = replace(current, **values)
        if not changed_fields(current, wanted, SYNC_STAMP):
            self.tally.unchanged += 1
            return current
        return self._write(current, wanted)

    def deactivate_gone(self, seen: set[int]) -> None:
        for event_type in list(self.by_calcom.values()):
            if event_type.calcom_id not in seen and event_type.active:
                self._write(event_type, replace(event_type, active=False), "deactivate")

    def _free_slug(self, slug: str, remote_id: int, current: EventType | None) -> str:
        """Slugs are unique per company; one held by another local event type gets the
        Cal.com id appended, which is stable, so the next sync sees no change."""
        for candidate in (slug, f"{slug}-{remote_id}"):
            other = self.by_slug.get(candidate)
            if other is None or (current is not None and other.id == current.id):
                return candidate
            holder = other.id
        raise ValueError(f"slug '{slug}' (and '{slug}-{remote_id}') is taken by event type {holder}")

    def _write(self, before: EventType | None, after: EventType, action: str = "") -> EventType:
        after = replace(after, last_synced_at=self.now)
        audit_before: dict[str, object] | None
        audit_after: EventType | dict[str, object]
        if before is None:
            after = self.uow.event_types.add(after)
            self.tally.created += 1
            audit_before, audit_after, action = None, after, "create"
        else:
            self.uow.event_types.save(after)
            changed = changed_fields(before, after, SYNC_STAMP)
            audit_before = {name: getattr(before, name) for name in changed}
            audit_after = {name: getattr(after, name) for name in changed}
            action = action or "update"
            if action == "deactivate":
                self.tally.deactivated += 1
            else:
                self.tally.updated += 1
            self.by_slug.pop(before.slug, None)
        self.by_slug[after.slug] = after
        self.by_calcom[after.calcom_id] = after
        self.uow.audit.record(
            "event_type", after.id, action, before=audit_before, after=audit_after,
            company_id=self.company_id,
        )
        return after


def apply_event_types(
    uow: AppointmentsUnitOfWork,
    company_id: Id,
    remote_types: Sequence[RemoteEventType],
    members: Sequence[RemoteMember],
    now: datetime,
) -> Tally:
    """Event types and the assignments of their hosts; one bad record is an error, not a stop.
    A record that does not map still counts as present, so its local copy is not deactivated."""
    tally = Tally()
    types = _EventTypeSync(uow, company_id, now, tally)
    matcher = StaffMatcher(uow.staff.list(company_id), members)
    existing = {(a.staff_id, a.event_type_id) for a in uow.assignments.list(company_id)}
    seen: set[int] = set()
    for remote in remote_types:
        try:
            seen.add(calcom_id(remote.remote_id))
            local = types.one(remote)
        except (DomainError, ValueError) as error:
            tally.errors.append(f"event type {remote.remote_id} ({remote.title}): {error}")
            continue
        new = []
        for host in remote.hosts:
            member = matcher.host(host)
            if member is None:
                tally.unmatched.append(host.username or str(host.user_id))
            elif (member.id, local.id) not in existing:
                staff_id, event_type_id = saved_id(member), saved_id(local)
                existing.add((staff_id, event_type_id))
                new.append(Assignment(staff_id=staff_id, event_type_id=event_type_id))
        if new:
            uow.assignments.put(company_id, new)
            for assignment in new:
                key = f"{assignment.staff_id}:{assignment.event_type_id}"
                uow.audit.record("assignment", key, "create", after=assignment, company_id=company_id)
            tally.assignments += len(new)
    types.deactivate_gone(seen)
    tally.unmatched = sorted(set(tally.unmatched))
    return tally


def apply_team(uow: AppointmentsUnitOfWork, company: Company, members: Sequence[RemoteMember]) -> Tally:
    """Link staff to team members (filling a missing username or e-mail), add a staff member
    for each member nobody matches (no working hours yet: no slots until an operator sets
    them), and deactivate linked staff who left the team. Never reactivates: a local
    deactivation may have its own reason."""
    tally = Tally()
    staff = uow.staff.list(saved_id(company))
    matcher = StaffMatcher(staff)
    matched: set[Id] = set()
    for member in members:
        try:
            found = matcher.member(member)
            if found is not None and found.id in matched:
                raise ValueError(f"staff member {found.id} already matches another member")
            if found is None:
                _add_staff(uow, company, member)
                tally.created += 1
                continue
            matched.add(saved_id(found))
            linked = replace(
                found,
                calcom_username=member.username or found.calcom_username,
                email=found.email or member.email,
            )
            _save_staff(uow, found, linked, "update", tally)
        except (DomainError, ValueError) as error:
            tally.errors.append(f"member {member.username or member.email}: {error}")
    for local in staff:
        if local.id not in matched and local.calcom_username and local.active:
            _save_staff(uow, local, replace(local, active=False), "deactivate", tally)
    return tally


def _add_staff(uow: AppointmentsUnitOfWork, company: Company, member: RemoteMember) -> None:
    name = member.name or member.username or member.email.partition("@")[0]
    added = uow.staff.add(
        Staff(
            company_id=saved_id(company),
            name=name,
            time_zone=company.time_zone,
            calcom_username=member.username,
            email=member.email,
        )
    )
    uow.audit.record("staff", added.id, "create", after=added, company_id=company.id)


def _save_staff(uow: AppointmentsUnitOfWork, before: Staff, after: Staff, action: str, tally: Tally) -> None:
    changed = changed_fields(before, after)
    if not changed:
        tally.unchanged += 1
        return
    uow.staff.save(after)
    uow.audit.record(
        "staff", after.id, action,
        before={name: getattr(before, name) for name in changed},
        after={name: getattr(after, name) for name in changed},
        company_id=after.company_id,
    )
    if action == "deactivate":
        tally.deactivated += 1
    else:
        tally.updated += 1
