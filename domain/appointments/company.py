"""The tenant and its places: a company owns branches, staff and event types."""

from __future__ import annotations

from dataclasses import dataclass

from studiobook.domain.appointments.errors import InvalidCompany
from studiobook.domain.appointments.values import (
    Id,
    check_flag,
    clean_id,
    clean_name,
    set_fields,
)
from studiobook.domain.appointments.zones import zone_named


@dataclass(frozen=True, kw_only=True)
class Company:
    """A tenant. ``default_event_type_id`` is booked when a request names an unknown or inactive
    event type (see :func:`studiobook.domain.appointments.event_types.choose_event_type`).

    ``calcom_connected`` says that a Cal.com team and an API key are stored for the company; the
    key itself (encrypted) never leaves the store's connection record, so no copy of a company
    — in a log line, an audit row, a JSON answer — can carry it."""

    id: Id | None = None
    name: str
    time_zone: str
    default_event_type_id: Id | None = None
    calcom_team_id: Id | None = None
    calcom_connected: bool = False

    def __post_init__(self) -> None:
        company_id = clean_id(self.id, "company", InvalidCompany, optional=True)
        who = f"company {company_id if company_id is not None else self.name!r}"
        zone_named(self.time_zone, who, InvalidCompany)
        set_fields(
            self,
            id=company_id,
            name=clean_name(self.name, "name", who, InvalidCompany),
            time_zone=self.time_zone.strip(),
            default_event_type_id=clean_id(
                self.default_event_type_id, "default event type", InvalidCompany, optional=True
            ),
            calcom_team_id=clean_id(
                self.calcom_team_id, "Cal.com team", InvalidCompany, optional=True
            ),
            calcom_connected=check_flag(
                self.calcom_connected, "calcom_connected", who, InvalidCompany
            ),
        )
        if self.calcom_connected and self.calcom_team_id is None:
            raise InvalidCompany(f"{who}: connected to Cal.com without a team id")


@dataclass(frozen=True, kw_only=True)
class Branch:
    """A location of a company ("Filiale"). ``time_zone`` is ``None`` when it is the company's."""

    id: Id | None = None
    company_id: Id
    name: str
    time_zone: str | None = None

    def __post_init__(self) -> None:
        branch_id = clean_id(self.id, "branch", InvalidCompany, optional=True)
        who = f"branch {branch_id if branch_id is not None else self.name!r}"
        if self.time_zone is not None:
            zone_named(self.time_zone, who, InvalidCompany)
        set_fields(
            self,
            id=branch_id,
            company_id=clean_id(self.company_id, "company", InvalidCompany),
            name=clean_name(self.name, "name", who, InvalidCompany),
            time_zone=self.time_zone.strip() if self.time_zone is not None else None,
        )
