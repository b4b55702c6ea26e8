"""Connecting a company to Cal.com, on the fakes: only a token is stored, the audit row says a key
was set but not which, and a missing secret key refuses before anything is written."""

from __future__ import annotations

import pytest

from studiobook.adapters.secrets.fernet import FernetSecrets, new_key
from studiobook.application.appointments.calcom.connection import CalcomConnections, calcom_link
from studiobook.application.shared.ports import GatewayNotConfigured, SecretUnavailable
from studiobook.domain.appointments.errors import InvalidCompany
from tests.fakes import appointment_use_cases

API_KEY = "cal_live_abc123"


@pytest.fixture
def studio():
    return appointment_use_cases()


def connections(studio, key: str | None = None) -> CalcomConnections:
    secrets = FernetSecrets(new_key() if key is None else key)
    return CalcomConnections(studio.companies.transactions, secrets)


def test_connecting_stores_a_token_and_the_company_only_says_it_is_connected(studio):
    company = studio.companies.create("Salon")
    before = studio.store.state.generations[company.id]

    connected = connections(studio).connect(company.id, 4711, f"  {API_KEY} ")

    assert (connected.calcom_team_id, connected.calcom_connected) == (4711, True)
    assert API_KEY not in repr(connected)
    link = studio.store.state.calcom[company.id]
    assert link["team_id"] == 4711 and API_KEY not in link["key_token"]
    assert studio.store.state.generations[company.id] == before + 1
    (row,) = [r for r in studio.store.state.audit if r["action"] == "calcom_connect"]
    assert row["after"] == {"calcom_team_id": 4711, "calcom_api_key": "***"}
    assert row["before"] == {"calcom_team_id": None, "calcom_api_key": None}
    assert API_KEY not in repr(studio.store.state.audit)


def test_the_stored_token_opens_with_the_same_key_only(studio):
    key = new_key()
    company = studio.companies.create("Salon")
    connections(studio, key).connect(company.id, 4711, API_KEY)

    link = studio.companies.transactions.read(lambda uow: calcom_link(uow, company.id, "event_types"))

    assert FernetSecrets(key).decrypt(link.key_token) == API_KEY
    with pytest.raises(SecretUnavailable):
        FernetSecrets(new_key()).decrypt(link.key_token)


def test_without_a_secret_key_nothing_is_written(studio):
    company = studio.companies.create("Salon")
    commits = studio.store.commits
    unconfigured = connections(studio, key="")

    with pytest.raises(SecretUnavailable, match="STUDIOBOOK_SECRET_KEY is not set"):
        unconfigured.ready()
    with pytest.raises(SecretUnavailable):
        unconfigured.connect(company.id, 4711, API_KEY)

    assert studio.store.commits == commits
    assert studio.store.state.calcom == {}


@pytest.mark.parametrize(
    ("team_id", "api_key"),
    [(0, API_KEY), (-3, API_KEY), (True, API_KEY), ("4711", API_KEY), (4711, ""), (4711, "two words")],
)
def test_a_bad_team_id_or_key_is_refused_and_nothing_stored(studio, team_id, api_key):
    company = studio.companies.create("Salon")

    with pytest.raises(InvalidCompany):
        connections(studio).connect(company.id, team_id, api_key)

    assert studio.store.state.calcom == {}


def test_disconnecting_forgets_team_and_key_and_a_sync_then_says_so(studio):
    company = studio.companies.create("Salon")
    use = connections(studio)
    use.connect(company.id, 4711, API_KEY)

    disconnected = use.disconnect(company.id)

    assert (disconnected.calcom_team_id, disconnected.calcom_connected) == (None, False)
    assert studio.store.state.calcom == {}
    with pytest.raises(GatewayNotConfigured, match="connect-calcom"):
        studio.companies.transactions.read(lambda uow: calcom_link(uow, company.id, "team"))
    assert [r["action"] for r in studio.store.state.audit][-1] == "calcom_disconnect"
