"""Leads: people interested in the studio, moving through the sales pipeline until they become
members (``converted``) or drop out (``lost``).

Like members, leads are values from WODIFY: a change returns a new lead. The pipeline only moves
forward, so a lead cannot fall back from ``trial`` to ``contacted`` or come back once closed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from studiobook.domain.members.contacts import (
    check_moment,
    clean_email,
    clean_id,
    clean_name,
    clean_phone,
)
from studiobook.domain.members.member import Member, Membership
from studiobook.domain.shared.errors import DomainError, InvalidValue

MAX_TEXT = 2000


class InvalidLead(InvalidValue):
    """A lead field that can never be valid; the message names the lead."""


class IllegalLeadTransition(DomainError):
    """A pipeline move the lead's status does not allow."""

    def __init__(self, lead_id: object, current: str, wanted: str, allowed: list[str]) -> None:
        if allowed:
            hint = f"from '{current}' it can become {', '.join(repr(s) for s in allowed)}"
        else:
            hint = f"'{current}' is final"
        super().__init__(f"lead {lead_id} cannot go from '{current}' to '{wanted}' ({hint})")
        self.lead_id = lead_id
        self.current = current
        self.wanted = wanted


class LeadStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    TRIAL = "trial"
    CONVERTED = "converted"
    LOST = "lost"

    @property
    def is_closed(self) -> bool:
        return not ALLOWED_MOVES[self]


# Forward only; any open lead may skip ahead (a walk-in goes straight to a trial class) or drop out.
ALLOWED_MOVES: dict[LeadStatus, tuple[LeadStatus, ...]] = {
    LeadStatus.NEW: (LeadStatus.CONTACTED, LeadStatus.TRIAL, LeadStatus.CONVERTED, LeadStatus.LOST),
    LeadStatus.CONTACTED: (LeadStatus.TRIAL, LeadStatus.CONVERTED, LeadStatus.LOST),
    LeadStatus.TRIAL: (LeadStatus.CONVERTED, LeadStatus.LOST),
    LeadStatus.CONVERTED: (),
    LeadStatus.LOST: (),
}


def can_move(current: LeadStatus, wanted: LeadStatus) -> bool:
    return wanted in ALLOWED_MOVES[current]


def parse_lead_status(value: object, who: str = "lead") -> LeadStatus:
    if isinstance(value, str):  # every status is one of these texts
        try:
            return LeadStatus(value)
        except ValueError:
            pass
    allowed = ", ".join(s.value for s in LeadStatus)
    raise InvalidLead(f"{who}: status '{value}' is not one of {allowed}") from None


def _optional_text(value: object, what: str, who: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidLead(f"{who}: {what} must be text, not {value!r}")
    cleaned = value.strip()
    if len(cleaned) > MAX_TEXT:
        raise InvalidLead(f"{who}: {what} can have at most {MAX_TEXT} characters")
    return cleaned or None


@dataclass(frozen=True)
class Lead:
    lead_id: str
    first_name: str
    last_name: str
    email: str
    phone: str | None
    status: LeadStatus
    updated_at: datetime
    interested_in: str | None = None
    message: str | None = None
    notes: str | None = None

    def __post_init__(self) -> None:
        lead_id = clean_id(self.lead_id, "lead", InvalidLead)
        who = f"lead {lead_id}"
        values = dict(
            lead_id=lead_id,
            first_name=clean_name(self.first_name, "first name", who, InvalidLead),
            last_name=clean_name(self.last_name, "last name", who, InvalidLead),
            email=clean_email(self.email, who, InvalidLead),
            phone=clean_phone(self.phone, who, InvalidLead),
            status=parse_lead_status(self.status, who),
            updated_at=check_moment(self.updated_at, "updated_at", who, InvalidLead),
            interested_in=_optional_text(self.interested_in, "interested_in", who),
            message=_optional_text(self.message, "message", who),
            notes=_optional_text(self.notes, "notes", who),
        )
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def moved_to(self, wanted: LeadStatus, now: datetime) -> Lead:
        """The lead one step further down the pipeline. Asking for the status it already has
        changes nothing (a repeated operator command is not an error)."""
        wanted = parse_lead_status(wanted, f"lead {self.lead_id}")
        if wanted is self.status:
            return self
        self.check_move(wanted)
        return replace(self, status=wanted, updated_at=now)

    def with_notes(self, notes: str | None, now: datetime) -> Lead:
        return replace(self, notes=notes, updated_at=now)

    def check_move(self, wanted: LeadStatus) -> None:
        if not can_move(self.status, wanted):
            raise IllegalLeadTransition(
                self.lead_id,
                self.status.value,
                wanted.value,
                [s.value for s in ALLOWED_MOVES[self.status]],
            )

    def check_convertible(self) -> None:
        """Raise unless the lead may still become a member; call before asking WODIFY."""
        self.check_move(LeadStatus.CONVERTED)


@dataclass(frozen=True)
class LeadConversion:
    """Both halves of a conversion; a use-case stores them together or not at all."""

    lead: Lead
    member: Member


def convert_lead(
    lead: Lead, client_id: str, membership: Membership, now: datetime
) -> LeadConversion:
    """Turn a lead into a member of ``membership`` under WODIFY's new ``client_id``.

    The member keeps the lead's name and contact details; the lead is marked ``converted``.
    A lead that is already converted or lost raises :class:`IllegalLeadTransition`.
    """
    lead.check_convertible()
    member = Member(
        client_id=client_id,
        first_name=lead.first_name,
        last_name=lead.last_name,
        email=lead.email,
        phone=lead.phone,
        membership=membership,
        updated_at=now,
    )
    return LeadConversion(lead=lead.moved_to(LeadStatus.CONVERTED, now), member=member)
