"""The outbox (``studiobook.application.notifications``) on the unit of work's connection, and
the bookings and appointments coming up that reminders are about.

A message is stored whole as JSON beside the few columns the queries need: what it says was
decided when it was queued and is never queried into.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, and_, func, insert, or_, select, update

from studiobook.adapters.sql.dialects import insert_ignoring_conflicts
from studiobook.adapters.sql.tables import (
    appointments,
    bookings,
    companies,
    courses,
    event_types,
    outbox,
)
from studiobook.application.notifications.ports import OutboxEntry, Visit
from studiobook.domain.appointments.appointments import AppointmentStatus
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.notifications.delivery import DeliveryStatus
from studiobook.domain.notifications.messages import (
    Message,
    MessageKind,
    about_appointment,
    about_booking,
)

_INSTANTS = ("starts_at", "ends_at", "previous_starts_at", "queued_at")
_ERROR_LENGTH = 2000
_KEYS_PER_QUERY = 500  # well below every engine's limit of bound parameters


def message_to_json(message: Message) -> str:
    fields: dict[str, Any] = asdict(message)
    fields["kind"] = message.kind.value
    for name in _INSTANTS:
        if fields[name] is not None:
            fields[name] = fields[name].isoformat()
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False)


def message_from_json(text: str) -> Message:
    fields = json.loads(text)
    fields["kind"] = MessageKind(fields["kind"])
    for name in _INSTANTS:
        if fields.get(name) is not None:
            fields[name] = datetime.fromisoformat(fields[name])
    return Message(**fields)


def _entry(row: RowMapping) -> OutboxEntry:
    return OutboxEntry(
        id=row["id"],
        message=message_from_json(row["message"]),
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
        last_error=row["last_error"],
        claimed_until=row["claimed_until"],
    )


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _KEYS_PER_QUERY):
        yield items[start:start + _KEYS_PER_QUERY]


class SqlOutbox:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, message: Message, at: datetime, once_key: str | None = None) -> int | None:
        row = {
            "message_id": message.message_id,
            "kind": message.kind.value,
            "company_id": message.company_id,
            "about": message.about,
            "recipient": message.recipient_email,
            "once_key": once_key,
            "message": message_to_json(message),
            "status": DeliveryStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": at,
            "created_at": at,
        }
        if once_key is None:
            statement = insert(outbox)
        else:  # a concurrent writer's row with the same key makes this INSERT do nothing
            statement = insert_ignoring_conflicts(self._db, outbox, ["once_key"])
        found = self._db.execute(statement.returning(outbox.c.id), row).first()
        return None if found is None else int(found[0])

    def once_keys(self, keys: Collection[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(sorted(keys)):
            found.update(
                self._db.execute(
                    select(outbox.c.once_key).where(outbox.c.once_key.in_(chunk))
                ).scalars()
            )
        return found

    def revisions(self, about: str) -> int:
        counted = self._db.execute(
            select(func.count()).select_from(outbox).where(
                outbox.c.about == about, outbox.c.kind != MessageKind.REMINDER.value
            )
        ).scalar_one()
        return int(counted)

    def last_about(self, about: str) -> Message | None:
        text = self._db.execute(
            select(outbox.c.message).where(outbox.c.about == about)
            .order_by(outbox.c.id.desc()).limit(1)
        ).scalar()
        return None if text is None else message_from_json(text)

    def due(self, now: datetime, limit: int) -> list[OutboxEntry]:
        rows = self._db.execute(
            select(outbox).where(_claimable(now))
            .order_by(outbox.c.next_attempt_at, outbox.c.id).limit(limit)
        ).mappings()
        return [_entry(row) for row in rows]

    def claim(
        self, entry_id: int, owner: str, now: datetime, until: datetime
    ) -> OutboxEntry | None:
        # One conditional UPDATE: on PostgreSQL a second dispatcher's UPDATE waits for the first
        # and then finds the claim taken; on SQLite the write lock orders them the same way.
        claimed = self._db.execute(
            update(outbox).where(outbox.c.id == entry_id, _claimable(now))
            .values(claimed_by=owner, claimed_until=until, attempts=outbox.c.attempts + 1)
        ).rowcount
        if claimed != 1:
            return None
        row = self._db.execute(select(outbox).where(outbox.c.id == entry_id)).mappings().one()
        return _entry(row)

    def mark_sent(self, entry_id: int, at: datetime) -> None:
        self._db.execute(
            update(outbox).where(outbox.c.id == entry_id).values(
                status=DeliveryStatus.SENT.value, sent_at=at, claimed_by=None, claimed_until=None
            )
        )

    def mark_failed(
        self, entry_id: int, owner: str, error: str, next_attempt_at: datetime | None
    ) -> None:
        given_up = next_attempt_at is None
        values: dict[str, Any] = {
            "last_error": error[:_ERROR_LENGTH],
            "claimed_by": None,
            "claimed_until": None,
            "status": (DeliveryStatus.FAILED if given_up else DeliveryStatus.PENDING).value,
        }
        if not given_up:
            values["next_attempt_at"] = next_attempt_at
        # Only while the claim is still this dispatcher's: a message another one took over
        # after the claim ran out (and perhaps sent) is not set back.
        self._db.execute(
            update(outbox).where(
                outbox.c.id == entry_id,
                outbox.c.claimed_by == owner,
                outbox.c.status == DeliveryStatus.PENDING.value,
            ).values(**values)
        )

    def list(
        self, company_id: int | None = None, status: DeliveryStatus | None = None, limit: int = 100
    ) -> list[OutboxEntry]:
        query = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if company_id is not None:
            query = query.where(outbox.c.company_id == company_id)
        if status is not None:
            query = query.where(outbox.c.status == status.value)
        return [_entry(row) for row in self._db.execute(query).mappings()]

    def counts(self, company_id: int | None = None) -> dict[DeliveryStatus, int]:
        query = select(outbox.c.status, func.count()).group_by(outbox.c.status)
        if company_id is not None:
            query = query.where(outbox.c.company_id == company_id)
        return {DeliveryStatus(status): int(n) for status, n in self._db.execute(query)}

    def resend(self, entry_id: int, now: datetime, company_id: int | None = None) -> bool:
        statement = update(outbox).where(
            outbox.c.id == entry_id, outbox.c.status == DeliveryStatus.FAILED.value
        )
        if company_id is not None:
            statement = statement.where(outbox.c.company_id == company_id)
        done = self._db.execute(
            statement.values(status=DeliveryStatus.PENDING.value, attempts=0, next_attempt_at=now)
        ).rowcount
        return bool(done == 1)


def _claimable(now: datetime) -> Any:
    """The SQL of :func:`studiobook.domain.notifications.delivery.claimable`."""
    return and_(
        outbox.c.status == DeliveryStatus.PENDING.value,
        outbox.c.next_attempt_at <= now,
        or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now),
    )


class SqlUpcomingVisits:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def starting(self, starts_from: datetime, starts_before: datetime) -> list[Visit]:
        studio = (
            companies.c.id.label("company_id"), companies.c.name.label("studio"),
            companies.c.time_zone,
        )
        booked = self._db.execute(
            select(
                bookings.c.id, bookings.c.customer_name, bookings.c.customer_email,
                bookings.c.tickets, courses.c.title.label("what"), courses.c.starts_at,
                courses.c.ends_at, *studio,
            )
            .join(courses, courses.c.id == bookings.c.course_id)
            .join(companies, companies.c.id == courses.c.company_id)
            .where(
                bookings.c.status == BookingStatus.CONFIRMED.value,
                courses.c.cancelled.is_(False),
                courses.c.starts_at >= starts_from,
                courses.c.starts_at < starts_before,
            )
        ).mappings()
        visits = [_visit(about_booking(row["id"]), row) for row in booked]
        appointed = self._db.execute(
            select(
                appointments.c.id, appointments.c.customer_name, appointments.c.customer_email,
                appointments.c.starts_at, appointments.c.ends_at, event_types.c.name.label("what"),
                *studio,
            )
            .join(event_types, event_types.c.id == appointments.c.event_type_id)
            .join(companies, companies.c.id == appointments.c.company_id)
            .where(
                appointments.c.status == AppointmentStatus.BOOKED.value,
                appointments.c.customer_email.is_not(None),
                appointments.c.customer_email != "",
                appointments.c.starts_at >= starts_from,
                appointments.c.starts_at < starts_before,
            )
        ).mappings()
        visits += [_visit(about_appointment(row["id"]), row) for row in appointed]
        return sorted(visits, key=lambda v: (v.starts_at, v.about))


def _visit(about: str, row: RowMapping) -> Visit:
    return Visit(
        about=about, company_id=row["company_id"], studio=row["studio"], what=row["what"],
        customer_name=row["customer_name"], customer_email=row["customer_email"],
        starts_at=row["starts_at"], ends_at=row["ends_at"], time_zone=row["time_zone"],
        tickets=row.get("tickets"),
    )
