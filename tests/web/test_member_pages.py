"""/members and /leads through the ASGI test client, with the fake WODIFY on loopback: search and
filter on the local copy, a member's page with their course bookings, and every change going
through WODIFY — a refusal shows one line and stores nothing. Members and leads are the admin's:
a company token is refused."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from dependency_injector import providers

from studiobook.application.shared.ports import GatewayNotConfigured
from studiobook.domain.members.leads import LeadStatus
from studiobook.domain.members.member import MembershipStatus
from studiobook.entrypoints.web.admin import people
from tests.integration.wodify_support import (
    ATTEMPTS,
    Sleeps,
    gateway_for,
    stored_lead,
    stored_member,
    use_gateway,
)
from tests.web.conftest import SALON, csrf_of, log_in

GRETA, BEN, CARLA = 1001, 1002, 1003
GRETA_MEMBERSHIP = 7001
LENA, TOM = 9001, 9002


def _membership(membership_id: int, status: str, kind: str = "Unlimited", price: str = "129.00"):
    return {"id": membership_id, "type": kind, "status": status, "monthly_price": price,
            "start_date": "2025-01-01", "end_date": None}


@pytest.fixture
def synced(studio):
    """Known people in WODIFY, synced into the local copy; a patient gateway that never sleeps."""
    wodify = studio.wodify
    wodify.change_client(GRETA, first_name="Greta", last_name="Zimmermann",
                         email="greta.z@example.com", membership=_membership(GRETA_MEMBERSHIP, "active"))
    wodify.change_client(BEN, first_name="Ben", last_name="Ortmann", email="ben@example.de",
                         membership=_membership(7002, "cancelled", "Open Gym", "59.00"))
    wodify.change_client(CARLA, first_name="Carla", last_name="Zimmer_Frau", email="carla@example.org",
                         membership=_membership(7003, "on_hold", "Student", "69.00"))
    wodify.change_lead(LENA, first_name="Lena", last_name="Vogel", email="lena.vogel@example.com",
                       status="new", notes=None)
    wodify.change_lead(TOM, first_name="Tom", last_name="Kranich", email="tom@example.com",
                       status="trial", notes="Kommt dienstags")
    use_gateway(studio.container, gateway_for(wodify, Sleeps()))
    studio.container.wodify_sync().run_all(force=True)
    return studio


@pytest.fixture
def admin(client, synced):
    log_in(client)
    return client


def _rows(html: str, table: str) -> list[str]:
    body = html.split(f'id="{table}"', 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in body.split("<tr>")[2:]]


def _alert(html: str) -> str:
    return unescape(re.search(r'role="alert">([^<]*)<', html).group(1))


# -- members: list, search, filter, paging ---------------------------------------------------
def test_search_finds_members_by_name_e_mail_or_id_in_any_case(admin):
    zimmer = _rows(admin.get("/members", params={"q": "ZIMMER"}).text, "members")
    assert sorted(r.split(" ")[0] for r in zimmer) == [str(GRETA), str(CARLA)]
    [greta] = _rows(admin.get("/members", params={"q": "Greta.Z@Example"}).text, "members")
    assert greta == f"{GRETA} Greta Zimmermann greta.z@example.com Unlimited active 129.00"
    [both_words] = _rows(admin.get("/members", params={"q": "greta zimm"}).text, "members")
    assert both_words.startswith(f"{GRETA} Greta Zimmermann")
    [by_id] = _rows(admin.get("/members", params={"q": str(BEN)}).text, "members")
    assert by_id.startswith(f"{BEN} Ben Ortmann")
    # LIKE's wildcards are plain characters: "_" matches only Carla's underscore
    [underscore] = _rows(admin.get("/members", params={"q": "zimmer_"}).text, "members")
    assert underscore.startswith(f"{CARLA} Carla Zimmer_Frau")
    nobody = admin.get("/members", params={"q": "%"})
    assert nobody.status_code == 200 and "No members match." in nobody.text


def test_the_status_filter_and_paging_keep_the_search(admin, monkeypatch):
    cancelled = admin.get("/members", params={"status": "cancelled"})
    names = [r.split(" ", 1)[1] for r in _rows(cancelled.text, "members")]
    assert "Ben Ortmann ben@example.de Open Gym cancelled 59.00" in names
    assert not any("Greta" in n or "Carla" in n for n in names)
    assert '<option value="cancelled" selected>' in cancelled.text
    monkeypatch.setattr(people, "PAGE_SIZE", 2)
    second = admin.get("/members", params={"page": 2})
    assert "3–4 of 6 member(s)" in second.text and "page 2 of 3" in second.text
    assert 'href="?q=&amp;status=&amp;page=3" rel="next"' in second.text
    filtered = admin.get("/members", params={"q": "zimmer", "status": "on_hold"})
    assert [r.split(" ")[0] for r in _rows(filtered.text, "members")] == [str(CARLA)]
    assert admin.get("/members", params={"status": "frozen"}).status_code == 422


# -- members: detail and changes through WODIFY ----------------------------------------------
def test_a_member_page_shows_wodify_now_and_their_course_bookings(admin, synced):
    container = synced.container
    now = container.clock().now()
    course = container.courses().create(
        "Hyrox Basics", 8, now + timedelta(days=2), now + timedelta(days=2, hours=1),
        company_id=synced.salon.id,
    )
    container.bookings().book(course.id, "Greta Z", "Greta.Z@example.com", tickets=2)
    container.bookings().book(course.id, "Somebody Else", "else@example.com")
    synced.wodify.change_client(GRETA, phone="+49 30 1234567")
    page = admin.get(f"/members/{GRETA}")
    assert page.status_code == 200
    assert "As WODIFY has it now (the local copy was behind and is refreshed)." in page.text
    assert "+49 30 1234567" in page.text
    assert stored_member(container, GRETA).phone == "+49 30 1234567"
    [booking] = _rows(page.text, "bookings")
    assert booking.startswith("Hyrox Basics") and " 2 confirmed " in booking
    assert "somebody" not in page.text.lower()
    assert f"({synced.salon.company.time_zone})" in booking  # the course's studio's zone
    other = admin.get(f"/members/{BEN}")
    assert "No course bookings." in other.text and "As WODIFY has it now." in other.text
    assert admin.get("/members/424242").status_code == 404


def test_wodify_down_shows_the_local_copy_with_one_line(admin, synced):
    synced.wodify.fail_next(ATTEMPTS, 503, method="GET", path=f"/clients/{GRETA}")
    page = admin.get(f"/members/{GRETA}")
    assert page.status_code == 200
    source = re.search(r'id="source">([^<]*)<', page.text).group(1)
    assert source.startswith("WODIFY did not answer (") and source.endswith("this is the local copy.")
    assert "Greta Zimmermann" in page.text and 'id="membership-status">active<' in page.text


def test_a_membership_change_goes_to_wodify_then_the_local_copy(admin, synced):
    page = admin.get(f"/members/{GRETA}")
    changed = admin.post(f"/members/{GRETA}/membership", data={
        "csrf_token": csrf_of(page.text), "membership_type": "Unlimited", "status": "on_hold",
        "monthly_price": "129.00",
    }, follow_redirects=False)
    assert changed.status_code == 303
    assert changed.headers["location"] == f"/members/{GRETA}?notice=membership-updated"
    assert synced.wodify.client(GRETA)["membership"]["status"] == "on_hold"
    assert synced.wodify.count("PUT", f"/memberships/{GRETA_MEMBERSHIP}") == 1
    assert stored_member(synced.container, GRETA).status is MembershipStatus.ON_HOLD
    shown = admin.get(changed.headers["location"])
    assert "Membership updated in WODIFY." in shown.text
    assert 'id="membership-status">on hold<' in shown.text
    priced = admin.post(f"/members/{GRETA}/membership", data={
        "csrf_token": csrf_of(page.text), "membership_type": "3x pro Woche", "status": "on_hold",
        "monthly_price": "99.50",
    }, follow_redirects=False)
    assert priced.status_code == 303
    stored = stored_member(synced.container, GRETA).membership
    assert (stored.membership_type, stored.monthly_price) == ("3x pro Woche", Decimal("99.50"))
    entries = synced.container.audit().list(None, "member")
    assert any(e.actor == "web:admin" and e.action == "update" for e in entries)


def test_wodify_refusing_a_change_shows_one_line_and_stores_nothing(admin, synced):
    page = admin.get(f"/members/{GRETA}")
    synced.wodify.fail_next(ATTEMPTS, 500, method="PUT")
    refused = admin.post(f"/members/{GRETA}/membership", data={
        "csrf_token": csrf_of(page.text), "membership_type": "Unlimited", "status": "expired",
        "monthly_price": "129.00",
    }, follow_redirects=False)
    synced.wodify.clear_faults()
    assert refused.status_code == 502
    line = _alert(refused.text)
    assert line.startswith("WODIFY: ") and line.endswith("(HTTP 500). Nothing was changed.")
    assert "Traceback" not in refused.text
    assert synced.wodify.client(GRETA)["membership"]["status"] == "active"
    assert stored_member(synced.container, GRETA).status is MembershipStatus.ACTIVE
    assert 'id="membership-status">active<' in refused.text


def test_bad_input_is_one_line_and_never_reaches_wodify(admin, synced):
    page = admin.get(f"/members/{GRETA}")
    puts = synced.wodify.count("PUT")
    bad_price = admin.post(f"/members/{GRETA}/membership", data={
        "csrf_token": csrf_of(page.text), "membership_type": "Unlimited", "status": "active",
        "monthly_price": "twelve",
    })
    assert bad_price.status_code == 422
    assert _alert(bad_price.text) == f"member {GRETA}: monthly price 'twelve' is not a number. Nothing was changed."
    unchanged = admin.post(f"/members/{GRETA}/membership", data={
        "csrf_token": csrf_of(page.text), "membership_type": "Unlimited", "status": "active",
        "monthly_price": "129.00",
    })
    assert unchanged.status_code == 422 and "nothing to change" in _alert(unchanged.text)
    assert synced.wodify.count("PUT") == puts
    assert stored_member(synced.container, GRETA).status is MembershipStatus.ACTIVE


def test_cancelling_asks_first_then_cancels_in_wodify(admin, synced):
    confirm = admin.get(f"/members/{GRETA}/cancel")
    assert confirm.status_code == 200 and "Cancel the membership?" in confirm.text
    assert "Greta Zimmermann (greta.z@example.com): Unlimited, active, 129.00 a month." in confirm.text
    assert stored_member(synced.container, GRETA).status is MembershipStatus.ACTIVE  # asking is all
    done = admin.post(f"/members/{GRETA}/cancel", data={
        "csrf_token": csrf_of(confirm.text), "reason": "moved to Hamburg",
    }, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("notice=membership-cancelled")
    assert synced.wodify.cancellation_reasons[str(GRETA_MEMBERSHIP)] == "moved to Hamburg"
    assert stored_member(synced.container, GRETA).status is MembershipStatus.CANCELLED
    again = admin.post(f"/members/{GRETA}/cancel", data={"csrf_token": csrf_of(confirm.text)})
    assert again.status_code == 502 and "already cancelled" in _alert(again.text)


# -- leads -------------------------------------------------------------------------------------
def test_leads_search_and_status_filter(admin):
    [lena] = _rows(admin.get("/leads", params={"q": "vogel"}).text, "leads")
    assert lena.startswith(f"{LENA} Lena Vogel lena.vogel@example.com new")
    trial = _rows(admin.get("/leads", params={"status": "trial"}).text, "leads")
    assert any(r.startswith(f"{TOM} Tom Kranich") for r in trial)
    assert not any("Lena" in r for r in trial)
    assert "No leads match." in admin.get("/leads", params={"q": "vogel", "status": "lost"}).text


def test_a_lead_moves_along_the_pipeline_and_gets_notes_through_wodify(admin, synced):
    page = admin.get(f"/leads/{LENA}")
    assert "As WODIFY has it now." in page.text
    assert '<option value="contacted">' in page.text and '<option value="converted">' not in page.text
    moved = admin.post(f"/leads/{LENA}/status", data={"csrf_token": csrf_of(page.text), "status": "contacted"},
                       follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"].endswith("notice=lead-updated")
    assert synced.wodify.lead(LENA)["status"] == "contacted"
    assert stored_lead(synced.container, LENA).status is LeadStatus.CONTACTED
    noted = admin.post(f"/leads/{LENA}/notes", data={"csrf_token": csrf_of(page.text),
                                                     "notes": "Ruft Freitag zurück"}, follow_redirects=False)
    assert noted.status_code == 303
    assert synced.wodify.lead(LENA)["notes"] == "Ruft Freitag zurück"
    shown = admin.get(noted.headers["location"])
    assert 'id="lead-status">contacted<' in shown.text and "Ruft Freitag zurück" in shown.text
    backwards = admin.post(f"/leads/{TOM}/status", data={"csrf_token": csrf_of(page.text), "status": "new"})
    assert backwards.status_code == 422
    assert "cannot go from 'trial' to 'new'" in _alert(backwards.text)
    assert synced.wodify.lead(TOM)["status"] == "trial"


def test_converting_a_lead_changes_lead_and_member_together_or_neither(admin, synced):
    page = admin.get(f"/leads/{LENA}")
    assert '<option value="Unlimited">Unlimited (129.00 a month)</option>' in page.text
    form = {"csrf_token": csrf_of(page.text), "membership_type": "Student",
            "start_date": synced.container.clock().now().date().isoformat(), "payment_method": "stripe"}
    clients_before = len(synced.wodify.client_ids())
    synced.wodify.fail_next(1, 500, method="POST", path=f"/leads/{LENA}/convert-to-client")
    failed = admin.post(f"/leads/{LENA}/convert", data=form)
    assert failed.status_code == 502 and _alert(failed.text).endswith("Nothing was changed.")
    assert stored_lead(synced.container, LENA).status is LeadStatus.NEW
    assert len(synced.wodify.client_ids()) == clients_before
    converted = admin.post(f"/leads/{LENA}/convert", data=form, follow_redirects=False)
    assert converted.status_code == 303
    client_id = re.fullmatch(r"/members/(\d+)\?notice=converted", converted.headers["location"]).group(1)
    member = stored_member(synced.container, client_id)
    assert (member.email, member.membership.membership_type) == ("lena.vogel@example.com", "Student")
    assert stored_lead(synced.container, LENA).status is LeadStatus.CONVERTED
    shown = admin.get(converted.headers["location"])
    assert "The lead is now this member (converted in WODIFY)." in shown.text
    assert "<h1>Lena Vogel</h1>" in shown.text
    closed = admin.get(f"/leads/{LENA}")
    assert "This lead is converted: its status can no longer change." in closed.text
    assert 'id="convert-lead"' not in closed.text


def test_a_bad_start_date_is_one_line(admin, synced):
    page = admin.get(f"/leads/{LENA}")
    bad = admin.post(f"/leads/{LENA}/convert", data={"csrf_token": csrf_of(page.text),
                                                     "membership_type": "Student", "start_date": "soon"})
    assert bad.status_code == 422
    assert _alert(bad.text) == "the start date must be a date (YYYY-MM-DD). Nothing was changed."
    assert synced.wodify.count("POST", f"/leads/{LENA}/convert-to-client") == 0


# -- who may see them --------------------------------------------------------------------------
def test_a_company_token_is_refused_members_and_leads(client, synced):
    log_in(client, SALON)
    courses = client.get("/courses")
    assert courses.status_code == 200
    assert 'href="/members"' not in courses.text and 'href="/leads"' not in courses.text
    for path in ("/members", f"/members/{GRETA}", f"/members/{GRETA}/cancel", "/leads", f"/leads/{LENA}"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert "system-wide data needs the admin token" in refused.text
        assert "Zimmermann" not in refused.text and "Vogel" not in refused.text
    csrf = csrf_of(courses.text)
    for path, data in ((f"/members/{GRETA}/membership", {"status": "expired"}),
                       (f"/members/{GRETA}/cancel", {}), (f"/leads/{LENA}/status", {"status": "lost"}),
                       (f"/leads/{LENA}/convert", {"membership_type": "Student", "start_date": "2026-01-01"})):
        assert client.post(path, data={"csrf_token": csrf, **data}).status_code == 403, path
    assert synced.wodify.client(GRETA)["membership"]["status"] == "active"
    assert synced.wodify.lead(LENA)["status"] == "new"


def test_without_wodify_the_pages_show_the_local_copy_and_refuse_changes(admin, synced):
    def unconfigured():
        raise GatewayNotConfigured(None, "WODIFY_API_KEY not set")

    synced.container.membership_gateway.override(providers.Callable(unconfigured))
    page = admin.get(f"/members/{GRETA}")
    assert page.status_code == 200
    assert re.search(r'id="source">([^<]*)<', page.text).group(1) == (
        "WODIFY is not configured: this is the local copy."
    )
    assert 'id="membership-status">active<' in page.text
    refused = admin.post(f"/members/{GRETA}/membership", data={
        "csrf_token": csrf_of(page.text), "membership_type": "Unlimited", "status": "expired",
        "monthly_price": "129.00",
    })
    assert refused.status_code == 409
    assert _alert(refused.text) == "WODIFY is not configured: WODIFY_API_KEY not set. Nothing was changed."
    assert stored_member(synced.container, GRETA).status is MembershipStatus.ACTIVE
    lead = admin.get(f"/leads/{LENA}")
    assert "WODIFY is not configured: this is the local copy." in lead.text
    assert '<input type="text" name="membership_type"' in lead.text  # no packages to choose from


@pytest.mark.parametrize("path", ["/members", f"/members/{GRETA}", "/leads", f"/leads/{LENA}"])
def test_strangers_are_sent_to_the_login_form(gate, path):
    response = gate.get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
