"""The event types page's Cal.com sync: shown only for a connected company, CSRF-checked, run
as the web caller, and the synced services show up on the page."""

from __future__ import annotations

import pytest
from dependency_injector import providers

from studiobook.adapters.fakes.calcom import DEMO_TEAM_ID, FakeCalcom
from studiobook.adapters.secrets.fernet import new_key
from tests.fakes import FakeClock
from tests.integration.appointment_support import open_salon
from tests.web.conftest import ADMIN, csrf_of, log_in, make_client


@pytest.fixture
def connected(sqlite_url):
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings
    from studiobook.entrypoints.web.app import create_app

    with FakeCalcom() as calcom:
        settings = Settings(database_url=sqlite_url, load_entry_points=False,
                            calcom_api_url=calcom.url, secret_key=new_key())
        container = build_container(settings)
        container.store().ensure_schema()
        container.clock.override(providers.Object(FakeClock()))
        salon, loner = open_salon(container, staff=1), open_salon(container, staff=1, name="Local")
        container.calcom_connections().connect(salon.id, DEMO_TEAM_ID, calcom.api_key)
        with make_client(create_app(container, ADMIN)) as client:
            log_in(client)
            yield client, container, salon, loner, calcom
        container.store().dispose()


def test_syncing_event_types_from_the_page(connected):
    client, container, salon, _, calcom = connected
    page = client.get(f"/event-types?company_id={salon.id}")
    assert 'id="sync-calcom"' in page.text and "Herrenschnitt" in page.text
    assert "Damenschnitt" not in page.text
    refused = client.post("/event-types/sync", data={"company_id": salon.id}, follow_redirects=False)
    assert refused.status_code == 403
    done = client.post("/event-types/sync", data={"company_id": salon.id, "csrf_token": csrf_of(page.text)})
    assert "Event types synced from Cal.com." in done.text
    assert "Damenschnitt" in done.text  # from the fake Cal.com team
    assert calcom.api_key not in done.text
    [row] = [e for e in container.audit().list(salon.id, "calcom_sync")]
    assert row.actor == "web:admin"


def test_a_company_without_cal_com_gets_no_sync_button(connected):
    client, _, _, loner, _ = connected
    page = client.get(f"/event-types?company_id={loner.id}")
    assert 'id="sync-calcom"' not in page.text and 'id="calcom-not-connected"' in page.text
    posted = client.post("/event-types/sync", data={"company_id": loner.id, "csrf_token": csrf_of(page.text)})
    assert "not connected to Cal.com" in posted.text
