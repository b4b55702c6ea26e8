"""Event types: the services customers book (a haircut, a check-up, a personal training)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from studiobook.domain.appointments.company import Company
from studiobook.domain.appointments.errors import InvalidEventType, NoBookableEventType
from studiobook.domain.appointments.staff import MAX_DURATION, Assignment
from studiobook.domain.appointments.values import (
    Id,
    check_flag,
    check_minutes,
    check_moment,
    clean_id,
    clean_name,
    parse_money,
    set_fields,
)

MAX_NOTICE = 366 * 1440
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(name: str) -> str:
    """``"Herrenschnitt & Bart"`` -> ``"herrenschnitt-bart"`` (German umlauts spelled out)."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_GERMAN))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class BookingLimits:
    """How often an event type may be booked. ``per_day``: a staff member who already has that
    many *booked* appointments *of this event type* starting on a local day (in the staff
    member's zone) gets no more slots of it that day — Cal.com's per-event-type limit."""

    per_day: int | None = None

    def __post_init__(self) -> None:
        if self.per_day is not None and (
            isinstance(self.per_day, bool) or not isinstance(self.per_day, int) or self.per_day < 1
        ):
            raise InvalidEventType(
                f"booking limit per day must be a whole number of at least 1 (or none), "
                f"got {self.per_day!r}"
            )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> BookingLimits:
        """``{"per_day": 3}`` or Cal.com's ``{"PER_DAY": 3}``; ``None``/``{}`` is no limit."""
        values = dict(data or {})
        unknown = {key for key in values if str(key).lower() != "per_day"}
        if unknown:
            raise InvalidEventType(
                f"booking limits {sorted(map(str, unknown))} are not supported; only per_day is"
            )
        per_day = next(iter(values.values()), None)
        return cls(per_day=per_day)

    def to_dict(self) -> dict[str, int]:
        return {} if self.per_day is None else {"per_day": self.per_day}


@dataclass(frozen=True, kw_only=True)
class EventType:
    """A bookable service. Durations, the slot interval, buffers and notice are whole minutes;
    ``slot_interval_minutes`` ``None`` means "the (effective) duration"."""

    id: Id | None = None
    company_id: Id
    name: str
    slug: str = ""
    duration_minutes: int
    price: Decimal = Decimal("0.00")
    active: bool = True
    team_event: bool = False
    requires_confirmation: bool = False
    slot_interval_minutes: int | None = None
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    minimum_notice_minutes: int = 0
    booking_limits: BookingLimits = BookingLimits()
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False)
    description: str = ""
    branch_id: Id | None = None
    calcom_id: Id | None = None
    last_synced_at: datetime | None = None

    def __post_init__(self) -> None:
        type_id = clean_id(self.id, "event type", InvalidEventType, optional=True)
        who = f"event type {type_id if type_id is not None else self.name!r}"
        name = clean_name(self.name, "name", who, InvalidEventType)
        slug = (self.slug or "").strip() if isinstance(self.slug, str) else self.slug
        slug = slug or slugify(name)
        if not isinstance(slug, str) or not _SLUG.match(slug):
            raise InvalidEventType(
                f"{who}: slug {slug!r} may only hold lower-case letters, digits and single hyphens"
            )
        limits = self.booking_limits
        if not isinstance(limits, BookingLimits):
            if limits is not None and not isinstance(limits, Mapping):
                raise InvalidEventType(f"{who}: booking limits {limits!r} are not a mapping")
            limits = BookingLimits.from_mapping(limits)
        metadata = self.metadata
        if not isinstance(metadata, Mapping) or not all(isinstance(k, str) for k in metadata):
            raise InvalidEventType(f"{who}: metadata must be a mapping with text keys")

        def minutes(value: object, what: str, low: int, high: int = MAX_DURATION) -> int | None:
            optional = what == "slot interval"
            return check_minutes(value, what, who, InvalidEventType, low, high, optional)

        def flag(value: object, what: str) -> bool:
            return check_flag(value, what, who, InvalidEventType)

        set_fields(
            self,
            id=type_id,
            company_id=clean_id(self.company_id, "company", InvalidEventType),
            name=name,
            slug=slug,
            duration_minutes=minutes(self.duration_minutes, "duration", 1),
            price=parse_money(self.price, "price", who, InvalidEventType),
            active=flag(self.active, "active"),
            team_event=flag(self.team_event, "team_event"),
            requires_confirmation=flag(self.requires_confirmation, "requires_confirmation"),
            slot_interval_minutes=minutes(self.slot_interval_minutes, "slot interval", 1),
            buffer_before_minutes=minutes(self.buffer_before_minutes, "buffer before", 0),
            buffer_after_minutes=minutes(self.buffer_after_minutes, "buffer after", 0),
            minimum_notice_minutes=minutes(
                self.minimum_notice_minutes, "minimum notice", 0, MAX_NOTICE
            ),
            booking_limits=limits,
            metadata=dict(metadata),
            description=self.description.strip() if isinstance(self.description, str) else "",
            branch_id=clean_id(self.branch_id, "branch", InvalidEventType, optional=True),
            calcom_id=clean_id(
                self.calcom_id, "Cal.com event type", InvalidEventType, optional=True
            ),
            last_synced_at=None
            if self.last_synced_at is None
            else check_moment(self.last_synced_at, "last_synced_at", who, InvalidEventType),
        )

    def duration_for(self, assignment: Assignment | None) -> int:
        """Minutes of one appointment with this staff member: the custom duration wins."""
        if assignment is not None and assignment.custom_duration is not None:
            return assignment.custom_duration
        return self.duration_minutes

    def interval_for(self, assignment: Assignment | None) -> int:
        """Minutes between slot starts: the slot interval, else the effective duration."""
        return self.slot_interval_minutes or self.duration_for(assignment)

    def price_for(self, assignment: Assignment | None) -> Decimal:
        if assignment is not None and assignment.custom_price is not None:
            return assignment.custom_price
        return self.price


class EventTypeChoice(NamedTuple):
    event_type: EventType
    fallback_used: bool


def choose_event_type(
    requested_id: Id | None,
    company: Company,
    event_types: Iterable[EventType] | Mapping[Any, EventType],
) -> EventTypeChoice:
    """The event type to answer with: the requested one if it exists in ``company`` and is
    active, else the company's default (``fallback_used=True``).

    Raises :class:`NoBookableEventType` when the default is unset, unknown or inactive too."""
    known = event_types.values() if isinstance(event_types, Mapping) else event_types
    own = {t.id: t for t in known if t.company_id == company.id}
    wanted = own.get(requested_id) if requested_id is not None else None
    if wanted is not None and wanted.active:
        return EventTypeChoice(wanted, False)
    default_id = company.default_event_type_id
    default = own.get(default_id) if default_id is not None else None
    if default_id is None:
        why = "no default is set"
    elif default is None:
        why = f"default event type {default_id} does not exist"
    elif not default.active:
        why = f"default event type {default_id} is inactive"
    else:
        return EventTypeChoice(default, True)
    raise NoBookableEventType(requested_id, company.id, why)
