"""``branch_id=`` (an "all" select) is no filter, on the JSON API and on the pages; a value that is
not an id is still refused."""

from __future__ import annotations

from tests.web.conftest import ADMIN, bearer, log_in


def test_the_api_reads_an_empty_branch_as_every_branch(client, studio):
    every = client.get(f"/admin/event-types?company_id={studio.salon.id}", headers=bearer(ADMIN))
    empty = client.get(f"/admin/event-types?company_id={studio.salon.id}&branch_id=",
                       headers=bearer(ADMIN))
    assert empty.status_code == 200 and empty.json() == every.json() and every.json()
    bad = client.get(f"/admin/event-types?company_id={studio.salon.id}&branch_id=x",
                     headers=bearer(ADMIN))
    assert bad.status_code == 422


def test_the_pages_read_an_empty_branch_as_every_branch(client, studio):
    log_in(client)
    services = [t.name for t in studio.container.event_types().list(studio.salon.id)]
    staff = [m.name for m in studio.container.staffing().list(studio.salon.id)]
    page = client.get(f"/event-types?company_id={studio.salon.id}&branch_id=&active=")
    assert page.status_code == 200 and services
    assert all(name in page.text for name in services)
    page = client.get(f"/availability?company_id={studio.salon.id}&branch_id=")
    assert page.status_code == 200 and staff
    assert all(name in page.text for name in staff)
