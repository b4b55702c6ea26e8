"""Use-cases for members and leads. WODIFY decides; the local copy follows.

Each change goes to WODIFY first and is stored locally only when WODIFY accepted it, so a failed
call leaves nothing behind. Should the local write fail after WODIFY said yes, the next sync
brings the copy back in line — WODIFY is the source of truth.

Every local write is audited in the transaction that writes it (see :func:`keep_copy`): entity
"member" or "lead", before = the local copy, after = WODIFY's answer; a read that refreshes an
unchanged copy writes no audit row.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from studiobook.application.members.ports import LocalCopies, MembersUnitOfWork, WodifyGateway
from studiobook.application.shared.ports import Clock, GatewayNotFound
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.members.contacts import clean_email, clean_name, clean_phone
from studiobook.domain.members.leads import InvalidLead, Lead, LeadStatus, parse_lead_status
from studiobook.domain.members.member import (
    InvalidMember,
    Member,
    MembershipPackage,
    MembershipStatus,
    parse_price,
)
from studiobook.domain.shared.changes import changed_fields
from studiobook.domain.shared.errors import NotFound


class MemberNotFound(NotFound):
    def __init__(self, client_id: str) -> None:
        super().__init__(f"member {client_id} does not exist")


class LeadNotFound(NotFound):
    def __init__(self, lead_id: str) -> None:
        super().__init__(f"lead {lead_id} does not exist")


# A read that brought the local copy in line with WODIFY; audited only when the copy changed.
REFRESH = "refresh"


def keep_copy(uow: MembersUnitOfWork, record: Member | Lead, stored_at: datetime, action: str | None = None) -> None:
    """Store WODIFY's version of a member or lead locally and audit it: ``action`` defaults to
    "create" or "update" by whether a local copy existed."""
    if isinstance(record, Member):
        _keep_copy(uow, "member", uow.members, record.client_id, record, stored_at, action)
    else:
        _keep_copy(uow, "lead", uow.leads, record.lead_id, record, stored_at, action)


_Copy = TypeVar("_Copy", Member, Lead)
_Status = TypeVar("_Status")


def _keep_copy(
    uow: MembersUnitOfWork,
    entity: str,
    copies: LocalCopies[_Copy, _Status],
    record_id: str,
    record: _Copy,
    stored_at: datetime,
    action: str | None,
) -> None:
    before = copies.get(record_id)
    if before is None:
        copies.add_many([record], stored_at)
    else:
        copies.replace_many([record], stored_at)
    if action == REFRESH and before is not None and not changed_fields(before, record):
        return
    action = action or ("create" if before is None else "update")
    uow.audit.record(entity, record_id, action, before=before, after=record)


@dataclass
class Memberships:
    transactions: Transactions
    clock: Clock
    gateway: Callable[[], WodifyGateway]

    def create(
        self,
        first_name: str,
        last_name: str,
        email: str,
        membership_type: str,
        start_date: date,
        phone: str | None = None,
        payment_method: str = "stripe",
    ) -> Member:
        who = "new member"
        member = self.gateway().create_membership(
            first_name=clean_name(first_name, "first name", who, InvalidMember),
            last_name=clean_name(last_name, "last name", who, InvalidMember),
            email=clean_email(email, who, InvalidMember),
            phone=clean_phone(phone, who, InvalidMember),
            membership_type=clean_name(membership_type, "membership type", who, InvalidMember),
            start_date=start_date,
            payment_method=payment_method,
        )
        return self._keep(member, "create")

    def update(
        self,
        client_id: str,
        membership_type: str | None = None,
        status: MembershipStatus | None = None,
        monthly_price: Decimal | str | None = None,
    ) -> Member:
        if membership_type is None and status is None and monthly_price is None:
            raise InvalidMember("nothing to change: give a membership type, status or price")
        price = None if monthly_price is None else parse_price(monthly_price, f"member {client_id}")
        member = self.get(client_id)
        membership_id = self._membership_id(member)
        self.gateway().update_membership(
            membership_id, membership_type=membership_type, membership_status=status, monthly_price=price
        )
        return self._keep(self._fetch(client_id), "update")

    def cancel(self, client_id: str, reason: str = "cancelled by the studio") -> Member:
        member = self.get(client_id)
        self.gateway().cancel_membership(self._membership_id(member), reason)
        return self._keep(self._fetch(client_id), "cancel")

    def get(self, client_id: str) -> Member:
        """The member as WODIFY has it now; the local copy is refreshed on the way."""
        return self._keep(self._fetch(client_id), REFRESH)

    def _fetch(self, client_id: str) -> Member:
        try:
            return self.gateway().get_member(client_id)
        except GatewayNotFound:
            raise MemberNotFound(client_id) from None

    def list(
        self,
        status: MembershipStatus | None = None,
        limit: int = 50,
        offset: int = 0,
        text: str | None = None,
    ) -> tuple[builtins.list[Member], int]:
        """One page of the local copies, and how many there are in all; ``text`` searches names,
        e-mails and client ids (see :meth:`LocalCopies.list`)."""
        return self.transactions.read(
            lambda uow: (
                uow.members.list(status, limit, offset, text), uow.members.count(status, text)
            )
        )

    def stored(self, client_id: str) -> Member:
        """The member as the local copy has it (no call to WODIFY)."""
        found = self.transactions.read(lambda uow: uow.members.get(client_id))
        if found is None:
            raise MemberNotFound(client_id)
        return found

    def packages(self) -> builtins.list[MembershipPackage]:
        return self.gateway().membership_packages()

    def _keep(self, member: Member, action: str) -> Member:
        now = self.clock.now()
        self.transactions.write(lambda uow, events: keep_copy(uow, member, now, action))
        return member

    @staticmethod
    def _membership_id(member: Member) -> str:
        if member.membership is None:
            raise InvalidMember(f"member {member.client_id} has no membership")
        return member.membership.membership_id


@dataclass
class Leads:
    transactions: Transactions
    clock: Clock
    gateway: Callable[[], WodifyGateway]

    def create(
        self,
        first_name: str,
        last_name: str,
        email: str,
        phone: str | None = None,
        message: str | None = None,
        interested_in: str | None = None,
    ) -> Lead:
        who = "new lead"
        lead = self.gateway().create_lead(
            first_name=clean_name(first_name, "first name", who, InvalidLead),
            last_name=clean_name(last_name, "last name", who, InvalidLead),
            email=clean_email(email, who, InvalidLead),
            phone=clean_phone(phone, who, InvalidLead),
            message=message,
            interested_in=interested_in,
        )
        return self._keep(lead, "create")

    def get(self, lead_id: str) -> Lead:
        try:
            lead = self.gateway().get_lead(lead_id)
        except GatewayNotFound:
            raise LeadNotFound(lead_id) from None
        return self._keep(lead, REFRESH)

    def update(self, lead_id: str, status: LeadStatus | str | None = None, notes: str | None = None) -> Lead:
        """Move a lead along the pipeline and/or replace its notes; the pipeline rule is checked
        before WODIFY is asked."""
        if status is None and notes is None:
            raise InvalidLead("nothing to change: give a status or notes")
        current = self.get(lead_id)
        wanted = None if status is None else parse_lead_status(status, f"lead {lead_id}")
        if wanted is LeadStatus.CONVERTED:
            raise InvalidLead(f"lead {lead_id}: use `lead convert` to make a lead a member")
        if wanted is not None:
            current.moved_to(wanted, self.clock.now())
        return self._keep(self.gateway().update_lead(lead_id, status=wanted, notes=notes), "update")

    def list(
        self, status: LeadStatus | None = None, limit: int = 50, offset: int = 0, text: str | None = None
    ) -> tuple[builtins.list[Lead], int]:
        return self.transactions.read(
            lambda uow: (uow.leads.list(status, limit, offset, text), uow.leads.count(status, text))
        )

    def stored(self, lead_id: str) -> Lead:
        """The lead as the local copy has it (no call to WODIFY)."""
        found = self.transactions.read(lambda uow: uow.leads.get(lead_id))
        if found is None:
            raise LeadNotFound(lead_id)
        return found

    def convert(
        self, lead_id: str, membership_type: str, start_date: date, payment_method: str = "stripe"
    ) -> tuple[Lead, Member]:
        """Make the lead a member: both are stored together, or — when WODIFY refuses — neither."""
        lead = self.get(lead_id)
        lead.check_convertible()
        member = self.gateway().convert_lead(lead_id, membership_type, start_date, payment_method)
        now = self.clock.now()
        converted = lead.moved_to(LeadStatus.CONVERTED, now)

        def work(uow: MembersUnitOfWork, events: Events) -> None:
            keep_copy(uow, converted, now, "convert")
            keep_copy(uow, member, now, "convert")

        self.transactions.write(work)
        return converted, member

    def _keep(self, lead: Lead, action: str) -> Lead:
        now = self.clock.now()
        self.transactions.write(lambda uow, events: keep_copy(uow, lead, now, action))
        return lead
