"""The admin course pages through the ASGI test client: a course's roster and the front desk's
actions on it (book in, cancel, give back tickets, attendance, waitlist), creating, editing and
cancelling a course — bad input is one line on the form and nothing stored, company tokens see
and change only their own company's courses, and every form needs the session's CSRF token."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.waitlist import WaitlistStatus
from tests.web.conftest import SALON, csrf_of, log_in


def course_of(studio, title: str):
    return next(c for c in studio.container.courses().list() if c.title == title)


def wod(studio):
    return course_of(studio, "WOD 18:00")


def alert(page) -> str:
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', page.text)
    assert found, page.text[:2000]
    return html.unescape(found.group(1))


def notice(page) -> str:
    return html.unescape(re.search(r'<p class="notice" role="status">([^<]*)</p>', page.text).group(1))


def fact(page, key: str) -> str:
    found = re.search(rf'<dd id="course-{key}">(.*?)</dd>', page.text, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def rows(page, table: str) -> list[str]:
    body = re.search(rf'<table id="{table}">.*?<tbody>(.*?)</tbody>', page.text, re.S)
    if body is None:
        return []
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split())
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)]


@pytest.fixture
def admin(client):
    log_in(client)
    return client


def post(client, path: str, data: dict, page: str):
    token = csrf_of(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=True)


def book(client, course_id: int, name="Ada Lovelace", email="ada@example.org", tickets="1", **more):
    page = f"/courses/{course_id}"
    return post(client, f"{page}/bookings", {"name": name, "email": email, "tickets": tickets, **more}, page)


# -- the roster and its actions ---------------------------------------------------------------
def test_the_course_list_links_each_course_to_its_roster(admin, studio):
    course = wod(studio)
    listing = admin.get(f"/courses?company_id={studio.salon.company.id}")
    assert f'<a href="/courses/{course.id}">WOD 18:00</a>' in listing.text
    roster = admin.get(f"/courses/{course.id}")
    assert roster.status_code == 200
    assert '<h1 id="course-title">WOD 18:00' in roster.text
    assert (fact(roster, "capacity"), fact(roster, "booked"), fact(roster, "free")) == ("10", "0", "10")
    assert "Nobody booked yet." in roster.text and "Nobody is waiting." in roster.text


def test_booking_someone_in_shows_them_with_their_tickets_and_fewer_free_spots(admin, studio):
    course = wod(studio)
    page = book(admin, course.id, tickets="3")
    assert notice(page) == "Booked in."
    assert rows(page, "participants")[0].startswith("Ada Lovelace ada@example.org 3 confirmed")
    assert (fact(page, "booked"), fact(page, "free")) == ("3", "7")
    [booking] = studio.container.bookings().list(course.id)
    assert (booking.tickets, booking.status) == (3, BookingStatus.CONFIRMED)
    assert studio.container.audit().list(studio.salon.company.id, "booking")[0].actor == "web:admin"


@pytest.mark.parametrize(("fields", "message"), [
    ({"tickets": "abc"}, "Tickets must be a whole number, got 'abc'"),
    ({"tickets": "0"}, "Tickets must be at least 1, got 0"),
    ({"tickets": "11"}, "has 10 free spots, 11 requested"),
    ({"email": "ada-at-home"}, "ada-at-home"),
    ({"name": " "}, "name"),
])
def test_a_refused_booking_is_one_line_on_the_roster_and_stores_nothing(admin, studio, fields, message):
    course = wod(studio)
    page = book(admin, course.id, **fields)
    assert page.status_code == 422
    assert message in alert(page)
    assert "\n" not in alert(page) and "Traceback" not in page.text
    assert studio.container.bookings().list(course.id) == []
    assert 'value="' + html.escape(fields.get("email", "ada@example.org")) + '"' in page.text  # kept


def test_cancelling_and_giving_back_tickets_free_the_seats(admin, studio):
    course = wod(studio)
    book(admin, course.id, tickets="3")
    [booking] = studio.container.bookings().list(course.id)
    roster = f"/courses/{course.id}"
    page = post(admin, f"{roster}/bookings/{booking.id}/cancel", {"tickets": "2"}, roster)
    assert notice(page) == "Tickets given back; the seats are free again."
    assert rows(page, "participants")[0].startswith("Ada Lovelace ada@example.org 1 confirmed")
    assert fact(page, "free") == "9"
    too_many = post(admin, f"{roster}/bookings/{booking.id}/cancel", {"tickets": "5"}, roster)
    assert too_many.status_code == 422 and "cannot give back 5" in alert(too_many)
    page = post(admin, f"{roster}/bookings/{booking.id}/cancel", {}, roster)
    assert notice(page) == "Booking cancelled; the seats are free again."
    assert rows(page, "participants")[0].startswith("Ada Lovelace ada@example.org 1 cancelled")
    assert fact(page, "free") == "10"
    assert studio.container.bookings().get(booking.id).status is BookingStatus.CANCELLED


def test_marking_attendance(admin, studio):
    course = wod(studio)
    book(admin, course.id)
    book(admin, course.id, name="Bo", email="bo@example.org", tickets="1")
    ada, bo = studio.container.bookings().list(course.id)
    roster = f"/courses/{course.id}"
    page = post(admin, f"{roster}/bookings/{ada.id}/status", {"status": "completed"}, roster)
    assert notice(page) == "Marked as attended."
    assert rows(page, "participants")[0].startswith("Ada Lovelace ada@example.org 1 attended")
    assert studio.container.bookings().get(ada.id).status is BookingStatus.COMPLETED
    again = post(admin, f"{roster}/bookings/{ada.id}/status", {"status": "completed"}, roster)
    assert again.status_code == 422 and "completed" in alert(again)
    junk = post(admin, f"{roster}/bookings/{bo.id}/status", {"status": "pending"}, roster)
    assert junk.status_code == 422 and alert(junk) == "a booking can be marked confirmed or attended here"
    assert studio.container.bookings().get(bo.id).status is BookingStatus.CONFIRMED


def test_a_full_course_waitlists_and_the_front_desk_books_someone_in_from_it(admin, studio):
    clock = studio.container.clock()
    course = studio.container.courses().create(
        "Spin", 1, clock.now() + timedelta(hours=1), company_id=studio.salon.company.id
    )
    roster = f"/courses/{course.id}"
    book(admin, course.id)
    page = book(admin, course.id, name="Bo", email="bo@example.org", waitlist="on")
    assert notice(page) == "The course is full: put on the waitlist."
    book(admin, course.id, name="Cy", email="cy@example.org", waitlist="on")
    bo, cy = studio.container.bookings().waitlist(course.id)
    full = post(admin, f"{roster}/waitlist/{cy.id}/promote", {}, roster)
    assert full.status_code == 422 and alert(full) == f"course {course.id} has 0 free spots, 1 requested"

    clock.advance(hours=2)  # the class runs: nobody moves up by themselves any more
    [ada] = studio.container.bookings().list(course.id)
    post(admin, f"{roster}/bookings/{ada.id}/cancel", {}, roster)
    page = post(admin, f"{roster}/waitlist/{cy.id}/promote", {}, roster)

    assert notice(page) == "Moved up from the waitlist and booked in."
    assert any(r.startswith("Cy cy@example.org 1 confirmed") for r in rows(page, "participants"))
    assert rows(page, "waitlist") and rows(page, "waitlist")[0].startswith("1 Bo bo@example.org 1")
    page = post(admin, f"{roster}/waitlist/{bo.id}/leave", {}, roster)
    assert notice(page) == "Taken off the waitlist." and "Nobody is waiting." in page.text
    assert studio.container.bookings().waitlist(course.id) == []
    gone = post(admin, f"{roster}/waitlist/{bo.id}/promote", {}, roster)
    assert gone.status_code == 404


def test_the_studio_books_past_the_rules_only_when_it_says_so(admin, studio):
    course = studio.container.courses().create(
        "Members", 5, company_id=studio.salon.company.id, members_only=True
    )
    refused = book(admin, course.id)
    assert refused.status_code == 422 and "member" in alert(refused)
    assert studio.container.bookings().list(course.id) == []
    page = book(admin, course.id, override_rules="on")
    assert notice(page) == "Booked in." and fact(page, "rules").startswith("members only")
    audit = studio.container.audit().list(studio.salon.company.id, "booking")
    assert audit[0].action == "create_overriding_rules"


# -- creating, editing, cancelling a course ----------------------------------------------------
def test_creating_a_course_reads_the_local_time_in_the_company_zone(admin, studio):
    company = studio.salon.company
    start = (studio.container.clock().now() + timedelta(days=10)).astimezone(ZoneInfo("Europe/Berlin"))
    day = start.date().isoformat()
    page = post(admin, "/courses", {
        "company_id": str(company.id), "title": "Abendyoga", "capacity": "12",
        "starts": f"{day}T18:30", "duration": "75", "members_only": "on", "opens_before": "1440",
        "cancel_cutoff": "120", "branch_id": "", "instructor_id": str(studio.salon.staff[0].id),
    }, f"/courses/new?company_id={company.id}")
    assert notice(page) == "Course created."
    created = course_of(studio, "Abendyoga")
    local = created.starts_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.date().isoformat(), local.hour, local.minute) == (day, 18, 30)
    assert created.ends_at - created.starts_at == timedelta(minutes=75)
    assert (created.capacity, created.instructor_id) == (12, studio.salon.staff[0].id)
    assert created.rules.members_only and created.rules.cancel_cutoff_minutes == 120
    assert "18:30 (Europe/Berlin)" in fact(page, "starts")
    assert "19:45 (Europe/Berlin)" in fact(page, "ends")
    assert "Person 0" in page.text


def test_a_time_the_clocks_skip_moves_forward_by_the_gap():
    from datetime import UTC, datetime

    from studiobook.entrypoints.web.admin.course_forms import local_instant

    # Europe/Berlin springs from 02:00 to 03:00 on the last Sunday of March.
    gap = local_instant({"s": "2030-03-31T02:30"}, "s", "The start", "Europe/Berlin")
    assert gap == datetime(2030, 3, 31, 1, 30, tzinfo=UTC)  # 03:30 CEST
    twice = local_instant({"s": "2030-10-27T02:30"}, "s", "The start", "Europe/Berlin")
    assert twice == datetime(2030, 10, 27, 0, 30, tzinfo=UTC)  # the first 02:30, CEST


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": ""}, "The title is required"),
    ({"capacity": "-3"}, "The capacity must be a whole number, got '-3'"),
    ({"starts": "tomorrow"}, "The start must be a date and time such as 2027-01-04T18:00"),
    ({"starts": "", "duration": "60"}, "a length needs a start"),
    ({"duration": "0"}, "The length in minutes must be at least 1, got 0"),
    ({"branch_id": "999"}, "branch 999"),
    ({"opens_before": "9999999"}, "opens before must be between 0 and 366 days"),
])
def test_a_refused_course_form_comes_back_filled_in_with_one_line(admin, studio, fields, message):
    company = studio.salon.company
    before = len(studio.container.courses().list())
    form = {"company_id": str(company.id), "title": "Pilates", "capacity": "8",
            "starts": "2031-05-05T09:00", "duration": "60"} | fields
    page = post(admin, "/courses", form, f"/courses/new?company_id={company.id}")
    assert page.status_code == 422
    assert message in alert(page)
    assert len(studio.container.courses().list()) == before
    if form["title"]:
        assert 'value="Pilates"' in page.text


def test_editing_a_course(admin, studio):
    course = wod(studio)
    book(admin, course.id, tickets="4")
    edit = f"/courses/{course.id}/edit"
    form = admin.get(edit)
    assert 'value="WOD 18:00"' in form.text and 'name="capacity" value="10"' in form.text
    page = post(admin, edit, {"title": "WOD 18:15", "capacity": "3", "starts": "", "duration": ""}, edit)
    assert notice(page) == "Course saved."
    assert '<h1 id="course-title">WOD 18:15' in page.text
    assert (fact(page, "capacity"), fact(page, "booked")) == ("3", "4")
    assert "1 over" in fact(page, "free")  # lowered below the booked tickets: reported
    refused = post(admin, edit, {"title": "WOD", "capacity": "x"}, edit)
    assert refused.status_code == 422 and "The capacity must be a whole number" in alert(refused)
    assert wod_like(studio, course.id).capacity == 3


def wod_like(studio, course_id):
    return studio.container.courses().get(course_id)


def test_cancelling_a_course_cancels_its_bookings(admin, studio):
    course = wod(studio)
    book(admin, course.id, tickets="2")
    roster = f"/courses/{course.id}"
    page = post(admin, f"{roster}/cancel", {"reason": "Coach is ill"}, roster)
    assert notice(page) == "Course cancelled; its customers are told."
    assert 'id="course-cancelled">cancelled' in page.text
    assert rows(page, "participants")[0].startswith("Ada Lovelace ada@example.org 2 cancelled")
    assert "Book someone in" not in page.text
    again = post(admin, f"{roster}/bookings", {"name": "Bo", "email": "bo@example.org"}, roster)
    assert again.status_code == 422 and "cancelled" in alert(again)
    assert len(studio.container.bookings().list(course.id)) == 1


# -- tenants and CSRF --------------------------------------------------------------------------
def test_a_company_token_sees_and_changes_only_its_own_courses(client, studio):
    log_in(client, SALON)
    theirs = course_of(studio, "Rückenschule")
    mine = wod(studio)
    listing = client.get("/courses")
    assert "WOD 18:00" in listing.text and "Rückenschule" not in listing.text
    assert client.get(f"/courses/{theirs.id}").status_code == 404
    assert client.get(f"/courses/{theirs.id}/edit").status_code == 404
    token = csrf_of(client.get(f"/courses/{mine.id}").text)
    for path, data in [
        (f"/courses/{theirs.id}/bookings", {"name": "Eve", "email": "eve@example.org", "tickets": "1"}),
        (f"/courses/{theirs.id}/edit", {"title": "Mine", "capacity": "1"}),
        (f"/courses/{theirs.id}/cancel", {}),
    ]:
        refused = client.post(path, data={"csrf_token": token, **data})
        assert refused.status_code == 404 and "course" in refused.text
    other = studio.other.company.id
    refused = client.post("/courses", data={"csrf_token": token, "company_id": str(other),
                                             "title": "Mine", "capacity": "1"})
    assert refused.status_code == 404
    assert client.get(f"/courses/new?company_id={other}").status_code == 404
    assert studio.container.bookings().list(theirs.id) == []
    after = studio.container.courses().get(theirs.id)
    assert (after.title, after.cancelled) == ("Rückenschule", False)
    assert [c.title for c in studio.container.courses().list(other)] == ["Rückenschule"]
    # the salon's own course works, and a booking of another course is not found through it
    assert notice(book(client, mine.id)) == "Booked in."
    theirs_booking = studio.container.bookings().book(theirs.id, "Zed", "zed@example.org")
    page = client.post(f"/courses/{mine.id}/bookings/{theirs_booking.id}/cancel",
                       data={"csrf_token": token})
    assert page.status_code == 404
    assert studio.container.bookings().get(theirs_booking.id).status is BookingStatus.CONFIRMED


def test_every_course_form_needs_the_csrf_token(admin, studio):
    course = wod(studio)
    booking = studio.container.bookings().book(course.id, "Ada", "ada@example.org")
    for path, data in [
        (f"/courses/{course.id}/bookings", {"name": "Bo", "email": "bo@example.org"}),
        (f"/courses/{course.id}/bookings/{booking.id}/cancel", {}),
        (f"/courses/{course.id}/bookings/{booking.id}/status", {"status": "completed"}),
        (f"/courses/{course.id}/edit", {"title": "X", "capacity": "1"}),
        (f"/courses/{course.id}/cancel", {}),
        ("/courses", {"company_id": str(studio.salon.company.id), "title": "X", "capacity": "1"}),
    ]:
        for token in (None, "0" * 64):
            sent = data | ({"csrf_token": token} if token else {})
            refused = admin.post(path, data=sent, follow_redirects=False)
            assert refused.status_code == 403 and "CSRF" in refused.text
    assert [b.status for b in studio.container.bookings().list(course.id)] == [BookingStatus.CONFIRMED]
    assert studio.container.courses().get(course.id).title == "WOD 18:00"
    assert WaitlistStatus  # the waitlist forms are covered in the waitlist test
