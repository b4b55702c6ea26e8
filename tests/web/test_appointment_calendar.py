"""The appointments calendar through the ASGI test client: day and week views in the company's
zone across a change of the clocks, booking, cancelling and moving from it, refusals as one line
with nothing stored, tenant scope, and "all branches".

The injected clock is put ten days before the next spring change of Europe/Berlin after the real
today, so no date here is a literal the calendar can overtake.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.appointments import Appointment
from tests.real_time import today, wall
from tests.web.conftest import SALON, csrf_of, log_in

BERLIN = ZoneInfo("Europe/Berlin")
# The appointment's own price (issue 16) when the model has one; shown before the status.
PRICE = "25.00 " if "price" in getattr(Appointment, "__dataclass_fields__", {}) else ""


def next_spring_change(after: date) -> date:
    """The first day after ``after`` on which Berlin's clocks jump forward."""
    day = after + timedelta(days=1)
    while wall(day, 0, 0, BERLIN).utcoffset() >= wall(day, 23, 0, BERLIN).utcoffset():
        day += timedelta(days=1)
    return day


@pytest.fixture
def change(studio) -> date:
    """The Sunday the clocks change; the studio's clock says 09:00 on the Friday ten days before."""
    sunday = next_spring_change(today(BERLIN))
    assert sunday.weekday() == 6
    studio.container.clock().current = wall(sunday - timedelta(days=9), 9, 0, BERLIN)
    return sunday


@pytest.fixture
def admin(client):
    log_in(client)
    return client


def cell(html: str, staff_id: int, day: date, hour: int) -> str:
    """The text of one calendar cell: a staff member's column, a local day and hour."""
    found = re.search(
        rf'<td data-staff-id="{staff_id}" data-day="{day.isoformat()}" data-hour="{hour}"[^>]*>'
        r"(.*?)</td>", html, re.S,
    )
    assert found, f"no cell for staff {staff_id} on {day} at {hour}:00"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def page(client, studio, **query) -> str:
    params = {"company_id": studio.salon.id, "view": "week", "date": ""} | query
    response = client.get("/appointments", params=params)
    assert response.status_code == 200, response.text
    return response.text


def book(studio, member, start: datetime, name: str):
    return studio.container.appointments().book(studio.salon.id, studio.salon.cut.id, member.id,
                                                 start, name, None)


def form(client, studio, action: str, **fields):
    html = page(client, studio)
    data = {"csrf_token": csrf_of(html), "company_id": studio.salon.id, "branch_id": "",
            "view": "week", "shown": ""} | fields
    return client.post(action, data=data, follow_redirects=False)


def listed(studio, company=None):
    return studio.container.appointments().list(company or studio.salon.id)


def test_the_week_shows_each_appointment_at_its_local_time_on_both_sides_of_the_change(
    admin, studio, change
):
    anna, bert = studio.salon.staff
    friday, monday = change - timedelta(days=2), change - timedelta(days=6)
    studio.container.staffing().set_override(studio.salon.id, bert.id, change, ["09:00-17:00"])
    book(studio, anna, wall(friday, 10, 0, BERLIN), "Frieda Winter")
    book(studio, bert, wall(change, 10, 0, BERLIN), "Sonja Sommer")

    html = page(admin, studio, date=change.isoformat())

    assert "times in Europe/Berlin" in html
    assert f"Week of {monday:%a %d %b %Y}" in unescape(html)
    before = cell(html, anna.id, friday, 10)
    assert "10:00–10:30 Frieda Winter Herrenschnitt" in before and before.endswith(PRICE + "booked Move or cancel Date Time Move Cancel appointment")
    after = cell(html, bert.id, change, 10)  # 08:00 UTC: the clocks said 10:00 all the same
    assert "10:00–10:30 Sonja Sommer Herrenschnitt" in after and "booked" in after
    assert "Sonja" not in cell(html, anna.id, change, 10) + cell(html, bert.id, change, 11)
    assert "Frieda" not in cell(html, anna.id, friday, 11) + cell(html, anna.id, friday, 9)


def test_the_day_view_and_its_links_previous_next_and_today(admin, studio, change):
    anna = studio.salon.anna
    monday_after = change + timedelta(days=1)
    book(studio, anna, wall(monday_after, 9, 30, BERLIN), "Max Mai")

    html = unescape(page(admin, studio, view="day", date=monday_after.isoformat()))

    assert monday_after.strftime("%A %d %B %Y") in html
    assert "09:30–10:00 Max Mai Herrenschnitt" in cell(html, anna.id, monday_after, 9)
    link = f'href="/appointments?company_id={studio.salon.id}&branch_id=&view=day&date={{}}" id="{{}}"'
    assert link.format(change.isoformat(), "previous") in html
    assert link.format((monday_after + timedelta(days=1)).isoformat(), "next") in html
    clock_today = change - timedelta(days=9)
    assert f'date={clock_today.isoformat()}" id="today"' in html
    assert 'class="slot off"' in html  # 12:00-13:00 is Anna's break


def test_without_a_date_the_calendar_shows_the_clocks_week_in_the_company_zone(admin, studio, change):
    clock_today = change - timedelta(days=9)  # a Friday
    # 23:30 UTC is already the next day in Berlin: "today" is the company's, not UTC's.
    studio.container.clock().current = datetime.combine(clock_today, datetime.min.time(), UTC) + \
        timedelta(hours=23, minutes=30)
    html = unescape(page(admin, studio, view="day"))
    assert (clock_today + timedelta(days=1)).strftime("%A %d %B %Y") in html
    week = unescape(page(admin, studio))
    monday = clock_today - timedelta(days=clock_today.weekday())
    assert f"Week of {monday:%a %d %b %Y}" in week


def test_booking_from_the_form_stores_it_and_shows_it_where_it_belongs(admin, studio, change):
    bert = studio.salon.staff[1]
    tuesday = change + timedelta(days=2)  # after the change: CEST, UTC+2
    response = form(admin, studio, "/appointments/book", event_type_id=studio.salon.cut.id,
                    staff_id=bert.id, day=tuesday.isoformat(), at="14:15",
                    customer_name="Greta Grün", customer_email="greta@example.org")
    assert response.status_code == 303
    assert "notice=booked" in response.headers["location"]
    assert f"date={tuesday.isoformat()}" in response.headers["location"]

    [stored] = listed(studio)
    assert stored.start == wall(tuesday, 14, 15, BERLIN)
    assert stored.start.astimezone(UTC).hour == 12
    assert (stored.staff_id, stored.customer_email) == (bert.id, "greta@example.org")
    shown = admin.get(response.headers["location"])
    assert "Appointment booked." in shown.text
    assert "14:15–14:45 Greta Grün Herrenschnitt" in cell(shown.text, bert.id, tuesday, 14)


def test_a_taken_slot_is_one_line_on_the_page_and_nothing_is_stored(admin, studio, change):
    anna = studio.salon.anna
    wednesday = change - timedelta(days=4)
    book(studio, anna, wall(wednesday, 10, 0, BERLIN), "Erste Kundin")

    response = form(admin, studio, "/appointments/book", event_type_id=studio.salon.cut.id,
                    staff_id=anna.id, day=wednesday.isoformat(), at="10:15",
                    customer_name="Zweiter Kunde")

    assert response.status_code == 422
    [error] = re.findall(r'id="calendar-error">([^<]*)<', response.text)
    assert f"staff {anna.id} cannot be booked at" in unescape(error)
    assert "\n" not in error.strip() and "Traceback" not in response.text
    assert 'value="Zweiter Kunde"' in response.text  # the form keeps what was typed
    assert [a.customer_name for a in listed(studio)] == ["Erste Kundin"]


@pytest.mark.parametrize(("at", "message"), [
    ("02:30", "02:30 on {change} does not exist in Europe/Berlin: the clocks skip that hour"),
    ("25:00", "'25:00' is not a time of day (HH:MM)"),
])
def test_a_time_that_does_not_exist_is_refused_in_one_line(admin, studio, change, at, message):
    studio.container.staffing().set_override(studio.salon.id, studio.salon.anna.id, change,
                                             ["00:00-12:00"])
    response = form(admin, studio, "/appointments/book", event_type_id=studio.salon.cut.id,
                    staff_id=studio.salon.anna.id, day=change.isoformat(), at=at,
                    customer_name="Nacht Eule")
    assert response.status_code == 422
    assert message.format(change=change.isoformat()) in unescape(response.text)
    assert listed(studio) == []


def test_cancel_from_the_calendar(admin, studio, change):
    anna = studio.salon.anna
    thursday = change - timedelta(days=3)
    booked = book(studio, anna, wall(thursday, 15, 0, BERLIN), "Clara Storno")

    response = form(admin, studio, f"/appointments/{booked.id}/cancel",
                    shown=thursday.isoformat())

    assert response.status_code == 303 and "notice=cancelled" in response.headers["location"]
    assert studio.container.appointments().get(studio.salon.id, booked.id).status == "cancelled"
    shown = admin.get(response.headers["location"])
    assert "Appointment cancelled." in shown.text
    shown_cell = cell(shown.text, anna.id, thursday, 15)
    assert "15:00–15:30 Clara Storno Herrenschnitt" in shown_cell
    assert shown_cell.endswith(" cancelled") and "booked" not in shown_cell
    assert f'action="/appointments/{booked.id}/cancel"' not in shown.text  # nothing left to cancel


def test_reschedule_across_the_change_and_into_a_taken_slot(admin, studio, change):
    anna = studio.salon.anna
    friday, monday_after = change - timedelta(days=2), change + timedelta(days=1)
    moving = book(studio, anna, wall(friday, 10, 0, BERLIN), "Rita Reise")
    book(studio, anna, wall(monday_after, 16, 0, BERLIN), "Belegt Bis")

    taken = form(admin, studio, f"/appointments/{moving.id}/reschedule",
                 day=monday_after.isoformat(), at="16:00")
    assert taken.status_code == 422
    assert f"staff {anna.id} cannot be booked at" in unescape(taken.text)
    assert studio.container.appointments().get(studio.salon.id, moving.id).start == \
        wall(friday, 10, 0, BERLIN)

    moved = form(admin, studio, f"/appointments/{moving.id}/reschedule",
                 day=monday_after.isoformat(), at="11:00")
    assert moved.status_code == 303 and "notice=rescheduled" in moved.headers["location"]
    assert studio.container.appointments().get(studio.salon.id, moving.id).start == \
        wall(monday_after, 11, 0, BERLIN)
    html = admin.get(moved.headers["location"]).text
    assert "Appointment moved." in html
    assert "11:00–11:30 Rita Reise" in cell(html, anna.id, monday_after, 11)
    before = page(admin, studio, date=friday.isoformat())
    assert "Rita" not in cell(before, anna.id, friday, 10)


def test_a_company_session_sees_and_changes_only_its_own_appointments(client, studio, change):
    other_member = studio.other.anna
    theirs = studio.container.appointments().book(
        studio.other.id, studio.other.cut.id, other_member.id,
        wall(change - timedelta(days=3), 10, 0, BERLIN), "Fremde Kundin", None,
    )
    book(studio, studio.salon.anna, wall(change - timedelta(days=3), 11, 0, BERLIN), "Eigene Kundin")
    log_in(client, SALON)

    html = page(client, studio, date=(change - timedelta(days=3)).isoformat())
    assert "Eigene Kundin" in html and "Fremde Kundin" not in html
    assert "Other Company" not in html
    assert client.get("/appointments", params={"company_id": studio.other.id}).status_code == 404

    for action, fields in ((f"/appointments/{theirs.id}/cancel", {}),
                           (f"/appointments/{theirs.id}/reschedule",
                            {"day": (change - timedelta(days=2)).isoformat(), "at": "12:00"})):
        refused = form(client, studio, action, **fields)
        assert refused.status_code == 404
        assert f"appointment {theirs.id} does not exist in company {studio.salon.id}" in refused.text
    untouched = studio.container.appointments().get(studio.other.id, theirs.id)
    assert (untouched.status, untouched.start) == ("booked", theirs.start)


def test_all_branches_or_one_branch(admin, studio, change):
    salon = studio.salon.id
    branch = studio.container.companies().add_branch(salon, "Filiale Mitte")
    carla = studio.container.staffing().add(salon, "Carla Mitte", branch_id=branch.id)
    names = ["Person 0", "Person 1", "Carla Mitte"]

    everyone = page(admin, studio, branch_id="", view="day", date="")
    assert all(f">{name}<" in everyone for name in names)
    one = page(admin, studio, branch_id=str(branch.id), view="day")
    assert f'data-staff-id="{carla.id}">Carla Mitte<' in one
    assert ">Person 0<" not in one and ">Person 1<" not in one
    assert f'<option value="{branch.id}" selected>Filiale Mitte</option>' in one


@pytest.mark.parametrize("query", [{"date": "2020-02-30"}, {"view": "month"}])
def test_a_bad_address_is_one_line(admin, studio, query):
    response = admin.get("/appointments", params={"company_id": studio.salon.id} | query)
    assert response.status_code == 422
    assert "Traceback" not in response.text
    assert ("'2020-02-30' is not a date (YYYY-MM-DD)" in unescape(response.text)
            or "view" in response.text)
