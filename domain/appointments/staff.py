"""Staff members and which event types (services) each of them offers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from studiobook.domain.appointments.errors import (
    InvalidAssignment,
    InvalidSchedule,
    InvalidStaff,
)
from studiobook.domain.appointments.values import (
    Id,
    check_flag,
    check_minutes,
    clean_id,
    clean_name,
    clean_optional_text,
    parse_money,
    set_fields,
)
from studiobook.domain.appointments.working_hours import WorkingHours
from studiobook.domain.appointments.zones import zone_named
from studiobook.domain.shared.customers import normalise_email
from studiobook.domain.shared.errors import InvalidCustomer, InvalidValue

MAX_DURATION = 1440


def _working_hours(value: object, what: str, who: str, error: type[InvalidValue]) -> WorkingHours:
    if isinstance(value, WorkingHours):
        return value
    if isinstance(value, Mapping):
        try:
            return WorkingHours.from_dict(value)
        except InvalidSchedule as problem:
            raise error(f"{who}: {what}: {problem}") from None
    raise error(f"{who}: {what} must be WorkingHours or a mapping like "
                f"{{'weekly': {{'mon': ['09:00-17:00']}}}}, got {value!r}")


def _email(value: object, who: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return normalise_email(value if isinstance(value, str) else "")
    except InvalidCustomer:
        raise InvalidStaff(f"{who}: {value!r} is not a valid e-mail address") from None


@dataclass(frozen=True, kw_only=True)
class Staff:
    """Someone customers book. Working hours are wall-clock times in ``time_zone`` (IANA)."""

    id: Id | None = None
    company_id: Id
    name: str
    time_zone: str
    working_hours: WorkingHours = WorkingHours()
    branch_id: Id | None = None
    calcom_username: str | None = None
    active: bool = True
    email: str | None = None  # matches Cal.com team members who have no username here

    def __post_init__(self) -> None:
        staff_id = clean_id(self.id, "staff", InvalidStaff, optional=True)
        who = f"staff {staff_id if staff_id is not None else self.name!r}"
        zone_named(self.time_zone, who, InvalidStaff)
        set_fields(
            self,
            id=staff_id,
            company_id=clean_id(self.company_id, "company", InvalidStaff),
            name=clean_name(self.name, "name", who, InvalidStaff),
            time_zone=self.time_zone.strip(),
            working_hours=_working_hours(self.working_hours, "working hours", who, InvalidStaff),
            branch_id=clean_id(self.branch_id, "branch", InvalidStaff, optional=True),
            calcom_username=clean_optional_text(
                self.calcom_username, "Cal.com username", who, InvalidStaff
            ),
            active=check_flag(self.active, "active", who, InvalidStaff),
            email=_email(self.email, who),
        )

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.time_zone, f"staff {self.id}", InvalidStaff)


@dataclass(frozen=True, kw_only=True)
class Assignment:
    """Staff member ``staff_id`` offers event type ``event_type_id``.

    ``custom_duration`` and ``custom_price`` win over the event type's. ``availability_override``
    *restricts* when this service is offered: it is intersected with the staff member's working
    hours (so a day off or an override of the staff member still wins); ``None`` means "whenever
    the staff member works"."""

    staff_id: Id
    event_type_id: Id
    is_primary: bool = False
    custom_duration: int | None = None
    custom_price: Decimal | None = None
    availability_override: WorkingHours | None = None

    def __post_init__(self) -> None:
        staff_id = clean_id(self.staff_id, "staff", InvalidAssignment)
        event_type_id = clean_id(self.event_type_id, "event type", InvalidAssignment)
        who = f"assignment of staff {staff_id} to event type {event_type_id}"
        set_fields(
            self,
            staff_id=staff_id,
            event_type_id=event_type_id,
            is_primary=check_flag(self.is_primary, "is_primary", who, InvalidAssignment),
            custom_duration=check_minutes(
                self.custom_duration, "custom duration", who, InvalidAssignment,
                1, MAX_DURATION, optional=True,
            ),
            custom_price=None
            if self.custom_price is None
            else parse_money(self.custom_price, "custom price", who, InvalidAssignment),
            availability_override=None
            if self.availability_override is None
            else _working_hours(
                self.availability_override, "availability override", who, InvalidAssignment
            ),
        )
