"""The staff pages through the ASGI test client: the list and the add form, one staff member's
details, weekly hours, days off and services; refused input is shown beside its form with nothing
stored; a company token sees and changes only its own staff; every form needs the CSRF token.

The studio's clock is a FakeClock and every date here is derived from it, so none ages.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.appointments import WorkingHours
from tests.fakes import FakeClock
from tests.web.conftest import SALON, csrf_of, log_in

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = FakeClock().now().astimezone(BERLIN).date()  # the studio's clock
DAY_OFF = TODAY + timedelta(days=7 + (7 - TODAY.weekday()) % 7)  # a Monday, 09:00-12:00, 13:00-17:00
PAST = TODAY - timedelta(days=3)


@pytest.fixture
def admin(client):
    log_in(client)
    return client


def alert(page_html: str) -> str:
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', page_html)
    assert found, "no error message on the page"
    return html.unescape(found.group(1))


def post(client, path: str, **fields):
    """Post a form with the session's CSRF token (the same on every page)."""
    csrf = csrf_of(client.get("/staff").text)
    return client.post(path, data={"csrf_token": csrf, **fields}, follow_redirects=False)


def staffing(studio):
    return studio.container.staffing()


def member(studio, index: int = 0):
    return staffing(studio).get(studio.salon.id, studio.salon.staff[index].id)


# -- the list and adding -------------------------------------------------------------------------
def test_the_list_shows_each_staff_member_with_zone_status_and_a_link(admin, studio):
    salon = studio.salon
    staffing(studio).update(salon.id, salon.staff[1].id, active=False, calcom_username="ben-cuts")
    page = admin.get(f"/staff?company_id={salon.id}")
    assert page.status_code == 200
    rows = re.findall(r"<tr>\s*<td><a href=\"/staff/(\d+)\">([^<]+)</a></td>(.*?)</tr>", page.text, re.S)
    assert [(int(i), name) for i, name, _ in rows] == [(m.id, m.name) for m in salon.staff]
    assert "Europe/Berlin" in rows[0][2] and "active" in rows[0][2]
    assert "inactive" in rows[1][2] and "ben-cuts" in rows[1][2]
    assert "Other Company" not in page.text.split("<section", 1)[1]  # the other's staff


def test_adding_a_staff_member_opens_their_page(admin, studio):
    salon = studio.salon
    branch = studio.container.companies().add_branch(salon.id, "Filiale Nord", "Europe/Vienna")
    added = post(admin, "/staff", company_id=salon.id, name="Clara Neu", branch_id=branch.id,
                 time_zone="", calcom_username="clara")
    assert added.status_code == 303
    new_id = int(re.fullmatch(r"/staff/(\d+)\?notice=staff-added", added.headers["location"])[1])
    clara = staffing(studio).get(salon.id, new_id)
    assert (clara.name, clara.branch_id, clara.time_zone, clara.calcom_username) == (
        "Clara Neu", branch.id, "Europe/Vienna", "clara")
    page = admin.get(added.headers["location"])
    assert "Staff member added." in page.text and "Clara Neu" in page.text
    assert "wall-clock times in Europe/Vienna" in page.text
    listed = admin.get(f"/staff?company_id={salon.id}&branch_id={branch.id}")
    assert "Clara Neu" in listed.text and "Person 0" not in listed.text


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": "Clara", "time_zone": "Mars/Olympus"}, "'Mars/Olympus' is not an IANA time zone name"),
    ({"name": "   "}, "name"),
])
def test_a_refused_new_staff_member_is_explained_beside_the_form(admin, studio, fields, message):
    salon = studio.salon
    refused = post(admin, "/staff", company_id=salon.id, **fields)
    assert refused.status_code == 422
    assert message in alert(refused.text)
    assert 'id="add-staff"' in refused.text  # the form again, with what was typed
    assert f'value="{fields["name"]}"' in refused.text
    assert [m.name for m in staffing(studio).list(salon.id)] == ["Person 0", "Person 1"]


# -- details and status --------------------------------------------------------------------------
def test_details_change_and_a_bad_zone_changes_nothing(admin, studio):
    anna = studio.salon.staff[0]
    saved = post(admin, f"/staff/{anna.id}", name="Anna Berg", branch_id="",
                 time_zone="America/New_York", calcom_username="anna")
    assert saved.status_code == 303 and saved.headers["location"].endswith("notice=details-saved")
    changed = member(studio)
    assert (changed.name, changed.time_zone, changed.calcom_username) == (
        "Anna Berg", "America/New_York", "anna")
    assert "wall-clock times in America/New_York" in admin.get(f"/staff/{anna.id}").text
    refused = post(admin, f"/staff/{anna.id}", name="Anna C", time_zone="Europe/Nowhere")
    assert refused.status_code == 422
    assert "'Europe/Nowhere' is not an IANA time zone name" in alert(refused.text)
    assert 'value="Europe/Nowhere"' in refused.text
    assert (member(studio).name, member(studio).time_zone) == ("Anna Berg", "America/New_York")


def test_deactivate_and_activate(admin, studio):
    anna = studio.salon.staff[0]
    off = post(admin, f"/staff/{anna.id}/active", active="false")
    assert off.headers["location"].endswith("notice=deactivated")
    assert member(studio).active is False
    page = admin.get(off.headers["location"])
    assert "Deactivated: no longer offered for booking." in page.text and 'id="activate"' in page.text
    post(admin, f"/staff/{anna.id}/active", active="true")
    assert member(studio).active is True


# -- weekly hours --------------------------------------------------------------------------------
def test_weekly_hours_take_several_ranges_a_day_and_empty_means_free(admin, studio):
    anna = studio.salon.staff[0]
    week = {"mon": "", "tue": "08:00 - 11:30, 12:00-16:00", "wed": "10:00-18:00",
            "thu": "09:00-12:00, 13:00-17:00", "fri": "09:00-12:00; 13:00-17:00", "sat": "", "sun": ""}
    saved = post(admin, f"/staff/{anna.id}/hours", **week)
    assert saved.status_code == 303 and saved.headers["location"].endswith("notice=hours-saved")
    assert member(studio).working_hours.to_dict()["weekly"] == {
        "tue": ["08:00-11:30", "12:00-16:00"], "wed": ["10:00-18:00"],
        "thu": ["09:00-12:00", "13:00-17:00"], "fri": ["09:00-12:00", "13:00-17:00"],
    }
    page = admin.get(f"/staff/{anna.id}").text
    assert 'name="tue" maxlength="200" value="08:00-11:30, 12:00-16:00"' in page
    assert 'name="mon" maxlength="200" value=""' in page
    assert [e.actor for e in studio.container.audit().list(studio.salon.id, "staff")][:1] == ["web:admin"]


@pytest.mark.parametrize(("tuesday", "message"), [
    ("12:00-09:00", "working hours on tue: time range 12:00-09:00 must start before it ends"),
    ("09:00-13:00, 12:00-17:00", "working hours on tue: 09:00-13:00 and 12:00-17:00 overlap"),
    ("9 to 5", "working hours on tue:"),
])
def test_bad_hours_are_explained_and_no_day_is_stored(admin, studio, tuesday, message):
    anna = studio.salon.staff[0]
    before = member(studio).working_hours
    refused = post(admin, f"/staff/{anna.id}/hours", mon="07:00-08:00", tue=tuesday)
    assert refused.status_code == 422
    assert alert(refused.text).startswith(message)
    assert html.escape(tuesday) in refused.text  # what was typed stays in the form
    assert member(studio).working_hours == before  # Monday, valid, was not stored either


# -- days off and other hours --------------------------------------------------------------------
def test_a_day_off_and_other_hours_are_listed_and_can_be_cleared(admin, studio):
    salon, anna = studio.salon, studio.salon.staff[0]
    staffing(studio).set_override(salon.id, anna.id, PAST, [])  # over: not "upcoming"
    assert post(admin, f"/staff/{anna.id}/overrides", day=DAY_OFF.isoformat(),
                ranges="").headers["location"].endswith("notice=override-saved")
    post(admin, f"/staff/{anna.id}/overrides", day=(DAY_OFF + timedelta(days=1)).isoformat(),
         ranges="10:00-14:00")
    hours = member(studio).working_hours
    assert hours.is_day_off(DAY_OFF)
    assert [str(r) for r in hours.ranges_on(DAY_OFF + timedelta(days=1))] == ["10:00-14:00"]
    page = admin.get(f"/staff/{anna.id}").text
    table = page.split('id="upcoming-overrides"', 1)[1].split("</table>", 1)[0]
    assert re.search(rf"{DAY_OFF.isoformat()}</td><td>Monday</td>\s*<td><span class=\"badge bad\">day off", table)
    assert "10:00-14:00" in table and PAST.isoformat() not in table
    assert "dates and times in Europe/Berlin" in page
    cleared = post(admin, f"/staff/{anna.id}/overrides/clear", day=DAY_OFF.isoformat())
    assert cleared.headers["location"].endswith("notice=override-cleared")
    assert [str(r) for r in member(studio).working_hours.ranges_on(DAY_OFF)] == ["09:00-12:00", "13:00-17:00"]


def test_the_day_off_removes_that_days_slots(admin, studio):
    salon, anna = studio.salon, studio.salon.staff[0]

    def slots(day: date) -> int:
        start = datetime(day.year, day.month, day.day, tzinfo=BERLIN)
        return len(studio.container.availability().slots(
            salon.id, salon.cut.id, start, start + timedelta(days=1), staff_id=anna.id).slots)

    assert slots(DAY_OFF) > 0
    post(admin, f"/staff/{anna.id}/overrides", day=DAY_OFF.isoformat(), ranges="")
    assert slots(DAY_OFF) == 0 and slots(DAY_OFF + timedelta(days=1)) > 0


@pytest.mark.parametrize(("day", "ranges", "message"), [
    ("24.12.2026", "", "override date '24.12.2026' is not a calendar date"),
    ("", "", "is not a calendar date"),
    (DAY_OFF.isoformat(), "14:00-10:00", f"hours on {DAY_OFF.isoformat()}: time range 14:00-10:00"),
])
def test_a_bad_override_is_explained_and_nothing_stored(admin, studio, day, ranges, message):
    anna = studio.salon.staff[0]
    refused = post(admin, f"/staff/{anna.id}/overrides", day=day, ranges=ranges)
    assert refused.status_code == 422
    assert message in alert(refused.text)
    assert member(studio).working_hours.overrides == ()


# -- services ------------------------------------------------------------------------------------
def test_an_assignment_gets_primary_duration_price_and_an_availability_override(admin, studio):
    salon, anna = studio.salon, studio.salon.staff[0]
    cut = salon.cut
    saved = post(admin, f"/staff/{anna.id}/assignments/{cut.id}", offered="on", primary="on",
                 minutes="45", price="31.50", o_tue="10:00-12:00", o_thu="14:00-16:00, 09:00-10:00")
    assert saved.headers["location"].endswith("notice=assignment-saved")
    [stored] = studio.container.assignments().list(salon.id, staff_id=anna.id, event_type_id=cut.id)
    assert (stored.is_primary, stored.custom_duration, stored.custom_price) == (True, 45, Decimal("31.50"))
    assert stored.availability_override == WorkingHours(
        weekly={"tue": ["10:00-12:00"], "thu": ["09:00-10:00", "14:00-16:00"]})
    row = _row(admin.get(f"/staff/{anna.id}").text, cut.id)
    assert 'name="primary" value="on"' in row and re.search(r'name="primary"[^>]*checked', row)
    assert 'value="45"' in row and 'value="31.50"' in row
    assert "<summary>tue 10:00-12:00; thu 09:00-10:00, 14:00-16:00</summary>" in row
    # saved again without the override: whenever Anna works
    post(admin, f"/staff/{anna.id}/assignments/{cut.id}", offered="on", price="31.50")
    [stored] = studio.container.assignments().list(salon.id, staff_id=anna.id, event_type_id=cut.id)
    assert (stored.is_primary, stored.custom_duration, stored.availability_override) == (False, None, None)


def test_offering_and_no_longer_offering_a_service(admin, studio):
    salon, anna = studio.salon, studio.salon.staff[0]
    default = salon.company.default_event_type_id

    def listed() -> set[int]:
        return {a.event_type_id for a in studio.container.assignments().list(salon.id, staff_id=anna.id)}

    assert listed() == {salon.cut.id}
    post(admin, f"/staff/{anna.id}/assignments/{default}", offered="on")
    assert listed() == {salon.cut.id, default}
    removed = post(admin, f"/staff/{anna.id}/assignments/{salon.cut.id}", primary="on", price="5")
    assert removed.headers["location"].endswith("notice=assignment-removed")
    assert listed() == {default}
    assert "Service no longer offered by this staff member." in admin.get(removed.headers["location"]).text


@pytest.mark.parametrize(("fields", "message"), [
    ({"price": "-5"}, "custom price -5 is negative"),
    ({"price": "12,50"}, "custom price '12,50' is not an amount such as 35.00"),
    ({"minutes": "ten"}, "custom duration 'ten' is not a whole number of minutes"),
    ({"minutes": "0"}, "custom duration 0 must be 1 to 1440 whole minutes"),
    ({"o_mon": "18:00-08:00"}, "availability override on mon: time range 18:00-08:00 must start"),
])
def test_a_bad_assignment_is_explained_in_its_row_and_nothing_stored(admin, studio, fields, message):
    salon, anna = studio.salon, studio.salon.staff[0]
    before = studio.container.assignments().list(salon.id, staff_id=anna.id)
    refused = post(admin, f"/staff/{anna.id}/assignments/{salon.cut.id}", offered="on", **fields)
    assert refused.status_code == 422
    assert message in alert(refused.text)
    assert html.escape(next(iter(fields.values()))) in _row(refused.text, salon.cut.id)
    assert studio.container.assignments().list(salon.id, staff_id=anna.id) == before


def _row(page_html: str, event_type_id: int) -> str:
    return page_html.split(f'<tr data-event-type="{event_type_id}">', 1)[1].split("</tr>", 1)[0]


# -- tenants and CSRF ----------------------------------------------------------------------------
def test_a_company_token_sees_and_changes_only_its_own_staff(client, studio):
    log_in(client, SALON)
    salon, other = studio.salon, studio.other
    stranger = other.staff[0]
    own = client.get("/staff")
    assert own.status_code == 200 and "Person 0" in own.text
    assert f'href="/staff/{stranger.id}"' not in own.text
    assert client.get(f"/staff?company_id={other.id}").status_code == 404
    assert client.get(f"/staff/{stranger.id}").status_code == 404
    csrf = csrf_of(client.get(f"/staff/{salon.staff[0].id}").text)
    before = staffing(studio).get(other.id, stranger.id)
    for path, fields in [
        (f"/staff/{stranger.id}", {"name": "Taken", "time_zone": "UTC"}),
        (f"/staff/{stranger.id}/active", {"active": "false"}),
        (f"/staff/{stranger.id}/hours", {"mon": "01:00-02:00"}),
        (f"/staff/{stranger.id}/overrides", {"day": DAY_OFF.isoformat()}),
        (f"/staff/{stranger.id}/assignments/{other.cut.id}", {}),
        ("/staff", {"company_id": other.id, "name": "Intruder"}),
    ]:
        refused = client.post(path, data={"csrf_token": csrf, **fields}, follow_redirects=False)
        assert refused.status_code == 404, path
    assert staffing(studio).get(other.id, stranger.id) == before
    assert [m.name for m in staffing(studio).list(other.id)] == [stranger.name]
    # its own staff member cannot be given another company's service
    foreign = client.post(f"/staff/{salon.staff[0].id}/assignments/{other.cut.id}",
                          data={"csrf_token": csrf, "offered": "on"}, follow_redirects=False)
    assert foreign.status_code == 404
    assert {a.event_type_id for a in studio.container.assignments().list(salon.id)} == {salon.cut.id}


def test_the_admin_opens_any_companys_staff_member(admin, studio):
    stranger = studio.other.staff[0]
    page = admin.get(f"/staff/{stranger.id}")
    assert page.status_code == 200 and "Staff of Other Company" in page.text
    assert admin.get("/staff/999999").status_code == 404


@pytest.mark.parametrize("suffix", ["", "/active", "/hours", "/overrides", "/overrides/clear", "/assignments/1"])
def test_staff_forms_without_the_csrf_token_change_nothing(admin, studio, suffix):
    anna = studio.salon.staff[0]
    before = member(studio)
    fields = {"name": "X", "time_zone": "UTC", "active": "false", "mon": "", "day": DAY_OFF.isoformat()}
    for token in (None, "0" * 64):
        data = fields | ({"csrf_token": token} if token else {})
        refused = admin.post(f"/staff/{anna.id}{suffix}", data=data, follow_redirects=False)
        assert refused.status_code == 403 and "CSRF" in refused.text
    assert admin.post("/staff", data={"company_id": studio.salon.id, "name": "X"},
                      follow_redirects=False).status_code == 403
    assert member(studio) == before
    assert len(staffing(studio).list(studio.salon.id)) == 2
