"""Connecting a company to its Cal.com team, and opening that team's gateway for a sync.

The API key is encrypted (the :class:`~studiobook.application.shared.ports.Secrets` port) *before* the transaction
opens, so a missing ``STUDIOBOOK_SECRET_KEY`` fails before anything is written, and only the
token ever reaches the store. The audit row says that a key was set, never which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studiobook.application.appointments.calendar import CalendarGateway, CalendarGatewayFactory
from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import availability_changed, company_of
from studiobook.application.shared.ports import GatewayNotConfigured, Secrets, SecretUnavailable
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import Company
from studiobook.domain.appointments.errors import InvalidCompany
from studiobook.domain.appointments.values import Id

SERVICE = "Cal.com"
REDACTED = "***"


@dataclass(frozen=True)
class CalcomLink:
    """What a sync needs to know about a company's connection, read in one transaction."""

    company: Company
    team_id: int
    key_token: str
    synced_at: datetime | None


def _state(team_id: object, has_key: bool) -> dict[str, object]:
    return {"calcom_team_id": team_id, "calcom_api_key": REDACTED if has_key else None}


def _team_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidCompany(f"a Cal.com team id is a whole number of at least 1, got {value!r}")
    return value


def _api_key(value: object) -> str:
    key = value.strip() if isinstance(value, str) else ""
    if not key or any(c.isspace() for c in key):
        raise InvalidCompany("a Cal.com API key is one word without spaces (cal_live_...)")
    return key


@dataclass
class CalcomConnections:
    transactions: Transactions
    secrets: Secrets

    def ready(self) -> None:
        """Raise :class:`~studiobook.application.shared.ports.SecretUnavailable` now if a key could not be
        stored — so a command can refuse before it creates anything."""
        self.secrets.encrypt("")

    def connect(self, company_id: Id, team_id: int, api_key: str) -> Company:
        """Store the team and the encrypted key, replacing any earlier connection: the same team
        with a new key stores a rotated key (encrypted with the current secret key)."""
        team_id = _team_id(team_id)
        token = self.secrets.encrypt(_api_key(api_key))

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Company:
            before = company_of(uow, company_id, for_update=True)
            uow.calcom.connect(company_id, team_id, token)
            after = company_of(uow, company_id)
            uow.audit.record(
                "company", company_id, "calcom_connect",
                before=_state(before.calcom_team_id, before.calcom_connected),
                after=_state(team_id, True),
                company_id=company_id,
            )
            availability_changed(uow, company_id)  # Cal.com's busy times may now count
            return after

        return self.transactions.write(work)

    def disconnect(self, company_id: Id) -> Company:
        """Forget team and key; synced event types and staff stay as they are."""

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Company:
            before = company_of(uow, company_id, for_update=True)
            uow.calcom.disconnect(company_id)
            uow.audit.record(
                "company", company_id, "calcom_disconnect",
                before=_state(before.calcom_team_id, before.calcom_connected),
                after=_state(None, False),
                company_id=company_id,
            )
            availability_changed(uow, company_id)
            return company_of(uow, company_id)

        return self.transactions.write(work)


def calcom_link(uow: AppointmentsUnitOfWork, company_id: Id, what: str, for_update: bool = False) -> CalcomLink:
    """The company's connection; :class:`GatewayNotConfigured` when it has none."""
    company = company_of(uow, company_id, for_update=for_update)
    token = uow.calcom.key_token(company_id)
    if company.calcom_team_id is None or token is None:
        raise GatewayNotConfigured(
            None,
            f"company {company_id} has no Cal.com team and API key "
            f"(studiobook company connect-calcom {company_id} --team-id T --api-key-stdin, "
            "or the admin app's Company page)",
            SERVICE,
        )
    return CalcomLink(company, int(company.calcom_team_id), token, uow.calcom.synced_at(company_id, what))


def open_gateway(link: CalcomLink, secrets: Secrets, gateways: CalendarGatewayFactory) -> CalendarGateway:
    """The company's own gateway; the clear key lives only in it (and this call)."""
    return gateways(secrets.decrypt(link.key_token))


@dataclass
class ConnectedCalendars:
    """A company's gateway for availability and appointments (``studiobook.application.appointments.calendar
    .CompanyCalendars``): ``None`` when the company is not connected; a key that cannot be
    decrypted is :class:`GatewayNotConfigured`, so availability degrades to local data and a
    booking that needs Cal.com is refused with the reason."""

    transactions: Transactions
    secrets: Secrets
    gateways: CalendarGatewayFactory

    def for_company(self, company_id: Id) -> CalendarGateway | None:
        def read(uow: AppointmentsUnitOfWork) -> CalcomLink | None:
            company = company_of(uow, company_id)
            return calcom_link(uow, company_id, "event_types") if company.calcom_connected else None

        link = self.transactions.read(read)
        if link is None:
            return None
        try:
            return open_gateway(link, self.secrets, self.gateways)
        except SecretUnavailable as error:
            raise GatewayNotConfigured(None, str(error), SERVICE) from None
