"""Use-cases for event types (services): add, list, change, and the company default.

Slugs are unique within a company; the check runs under a lock on the company row, so two
processes adding the same name cannot both pass it. Each change writes an audit row (entity
"event_type": create, update with the changed fields, set_default) in its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import (
    availability_changed,
    branch_of,
    company_of,
    event_type_availability_changed,
    event_type_of,
)
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import Company, EventType
from studiobook.domain.appointments.errors import InvalidEventType
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.errors import DomainError

EVENT_TYPE_FIELDS = frozenset(f.name for f in fields(EventType)) - {"id", "company_id"}


class EventTypeSlugTaken(DomainError):
    def __init__(self, slug: str, company_id: object, other_id: object) -> None:
        super().__init__(
            f"company {company_id} already has an event type with slug '{slug}' "
            f"(event type {other_id}); choose another name or slug"
        )


@dataclass
class EventTypes:
    """Event types (services). Slugs are unique within a company."""

    transactions: Transactions

    def add(
        self,
        company_id: Id,
        name: str,
        duration_minutes: int,
        *,
        default: bool = False,
        **options: Any,
    ) -> EventType:
        """``options`` are further :class:`~studiobook.domain.appointments.EventType` fields: price, slug,
        description, branch_id, active, team_event, requires_confirmation,
        slot_interval_minutes, buffer_before_minutes, buffer_after_minutes,
        minimum_notice_minutes, booking_limits, metadata, calcom_id, last_synced_at.
        ``default=True`` also makes it the company's default event type."""
        wanted = {"name": name, "duration_minutes": duration_minutes, **options}

        def work(uow: AppointmentsUnitOfWork, events: Events) -> EventType:
            added = add_event_type(uow, company_id, wanted)
            if default:
                _make_default(uow, company_id, added)
            return added

        return self.transactions.write(work)

    def get(self, company_id: Id, event_type_id: Id) -> EventType:
        return self.transactions.read(lambda uow: event_type_of(uow, company_id, event_type_id))

    def list(
        self, company_id: Id, *, branch_id: Id | None = None, active: bool | None = None
    ) -> list[EventType]:
        """``branch_id``: the event types offered there — that branch's and the company-wide
        ones (no branch)."""

        def work(uow: AppointmentsUnitOfWork) -> list[EventType]:
            company_of(uow, company_id)
            found = uow.event_types.list(company_id, active=active)
            if branch_id is None:
                return found
            return [t for t in found if t.branch_id in (branch_id, None)]

        return self.transactions.read(work)

    def update(self, company_id: Id, event_type_id: Id, **changes: Any) -> EventType:
        """Change any field but the id and the company (the same names as :meth:`add`). The
        company's default stays active: it is what unknown event types are booked as."""
        _only_event_type_fields(event_type_id, changes)

        def work(uow: AppointmentsUnitOfWork, events: Events) -> EventType:
            company = company_of(uow, company_id, for_update=True)  # serialises slug checks
            current = event_type_of(uow, company_id, event_type_id)
            changed = replace(current, **changes)
            if current.active and not changed.active and company.default_event_type_id == current.id:
                raise InvalidEventType(
                    f"event type {current.id} ({current.name}) is the company's default; make "
                    "another event type the default before deactivating it"
                )
            _check_place(uow, changed)
            uow.event_types.save(changed)
            event_type_availability_changed(uow, company_id, event_type_id)
            if (changed.buffer_before_minutes, changed.buffer_after_minutes) != (
                current.buffer_before_minutes, current.buffer_after_minutes
            ):
                # Its buffers widen its booked appointments, which keep every staff member who
                # has one busy whatever they are asked for: company-wide.
                availability_changed(uow, company_id)
            before, after = ({name: getattr(t, name) for name in changes} for t in (current, changed))
            uow.audit.record(
                "event_type", changed.id, "update", before=before, after=after, company_id=company_id
            )
            return changed

        return self.transactions.write(work)

    def set_default(self, company_id: Id, event_type_id: Id) -> Company:
        """Booked in place of an unknown or inactive event type (the answer says so)."""

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Company:
            return _make_default(uow, company_id, event_type_of(uow, company_id, event_type_id))

        return self.transactions.write(work)


def _only_event_type_fields(who: object, values: Mapping[str, Any]) -> None:
    unknown = set(values) - EVENT_TYPE_FIELDS
    if unknown:
        raise InvalidEventType(
            f"event type {who}: {', '.join(sorted(unknown))} is not an event type field"
        )


def add_event_type(uow: AppointmentsUnitOfWork, company_id: Id, values: dict[str, Any]) -> EventType:
    _only_event_type_fields(values.get("name"), values)
    company_of(uow, company_id, for_update=True)  # serialises slug checks
    event_type = EventType(company_id=company_id, **values)
    _check_place(uow, event_type)
    added = uow.event_types.add(event_type)
    availability_changed(uow, company_id)  # an answer that fell back for this id is now stale
    uow.audit.record("event_type", added.id, "create", after=added, company_id=company_id)
    return added


def _check_place(uow: AppointmentsUnitOfWork, event_type: EventType) -> None:
    """Its branch belongs to the company and its slug is free there."""
    company_id = event_type.company_id
    if event_type.branch_id is not None:
        branch_of(uow, company_id, event_type.branch_id)
    other = uow.event_types.get_by_slug(company_id, event_type.slug)
    if other is not None and other.id != event_type.id:
        raise EventTypeSlugTaken(event_type.slug, company_id, other.id)


def _make_default(uow: AppointmentsUnitOfWork, company_id: Id, event_type: EventType) -> Company:
    if not event_type.active:
        raise InvalidEventType(
            f"event type {event_type.id} ({event_type.name}) is inactive; activate it before "
            "making it the default"
        )
    current = company_of(uow, company_id)
    company = replace(current, default_event_type_id=event_type.id)
    uow.companies.save(company)
    availability_changed(uow, company_id)
    uow.audit.record(
        "event_type",
        event_type.id,
        "set_default",
        before={"default_event_type_id": current.default_event_type_id},
        after={"default_event_type_id": company.default_event_type_id},
        company_id=company_id,
    )
    return company
