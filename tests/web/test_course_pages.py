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
    assert junk.status_code == 422
    assert alert(junk) == "a booking can be marked confirmed, attended or no-show here"
    assert studio.container.bookings().get(bo.id).status is BookingStatus.CONFIRMED
    page = post(admin, f"{roster}/bookings/{bo.id}/status", {"status": "no_show"}, roster)
    assert notice(page) == "Marked as a no-show."
    assert rows(page, "participants")[1].startswith("Bo bo@example.org 1 no-show")
    assert (fact(page, "booked"), fact(page, "free")) == ("2", "8")  # they held the seat
    assert studio.container.bookings().get(bo.id).status is BookingStatus.NO_SHOW


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
    assert studio.container.courses().get(course.id).capacity == 3


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
        (f"/courses/{course.id}/waitlist/1/promote", {}),
        ("/courses", {"company_id": str(studio.salon.company.id), "title": "X", "capacity": "1"}),
    ]:
        for token in (None, "0" * 64):
            sent = data | ({"csrf_token": token} if token else {})
            refused = admin.post(path, data=sent, follow_redirects=False)
            assert refused.status_code == 403 and "CSRF" in refused.text
    assert [b.status for b in studio.container.bookings().list(course.id)] == [BookingStatus.CONFIRMED]
    assert studio.container.courses().get(course.id).title == "WOD 18:00"


# -- timetables ----------------------------------------------------------------------------------
def weekday_rule(day) -> str:
    return "FREQ=WEEKLY;BYDAY=" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]


def first_day(studio, days: int = 3):
    now = studio.container.clock().now().astimezone(ZoneInfo("Europe/Berlin"))
    return (now + timedelta(days=days)).date()


def timetable_form(studio, **fields) -> dict:
    day = first_day(studio)
    return {"company_id": str(studio.salon.company.id), "title": "Morning Flow", "capacity": "6",
            "rrule": weekday_rule(day), "starts": f"{day.isoformat()}T07:15", "duration": "45",
            "until": "", "cancel_cutoff": "60"} | fields


def create_timetable(admin, studio, **fields):
    company = studio.salon.company.id
    return post(admin, "/timetables", timetable_form(studio, **fields), f"/timetables/new?company_id={company}")


def test_a_timetable_made_through_the_form_lists_its_sessions_on_the_company_clocks(admin, studio):
    page = create_timetable(admin, studio)
    assert notice(page) == "Timetable created; its sessions of the coming weeks are on the schedule."
    [made] = studio.container.timetables().list(studio.salon.company.id)
    assert (made.title, made.capacity, made.duration_minutes) == ("Morning Flow", 6, 45)
    assert made.rules.cancel_cutoff_minutes == 60
    sessions = rows(page, "sessions")
    assert len(sessions) == 8  # the coming weeks, one a week
    first = first_day(studio)
    assert sessions[0].startswith(f"{first:%a %d %b}, 07:15 (Europe/Berlin) 6 0 6 Morning Flow")
    listing = admin.get(f"/timetables?company_id={studio.salon.company.id}")
    assert rows(listing, "timetables")[0].startswith(f"Morning Flow {weekday_rule(first)}")
    assert f'href="/timetables/{made.id}"' in listing.text


@pytest.mark.parametrize(("fields", "message"), [
    ({"rrule": "FREQ=HOURLY"}, "not FREQ=HOURLY"),
    ({"rrule": "every monday"}, "without spaces"),
    ({"starts": ""}, "The first start is required"),
    ({"duration": "0"}, "The length in minutes must be at least 1, got 0"),
    ({"until": "soon"}, "The last day must be a date such as 2027-06-30"),
    ({"title": " "}, "The title is required"),
])
def test_a_refused_timetable_form_comes_back_with_one_line_and_nothing_made(admin, studio, fields, message):
    before = len(studio.container.courses().list())
    page = create_timetable(admin, studio, **fields)
    assert page.status_code == 422
    assert message in alert(page)
    assert studio.container.timetables().list(studio.salon.company.id) == []
    assert len(studio.container.courses().list()) == before


def test_editing_the_series_changes_future_sessions_and_keeps_booked_ones_off_the_schedule(admin, studio):
    create_timetable(admin, studio)
    [made] = studio.container.timetables().list(studio.salon.company.id)
    sessions = studio.container.timetables().sessions(made.id)
    studio.container.bookings().book(sessions[1].id, "Ada", "ada@example.org")
    edit = f"/timetables/{made.id}/edit"
    assert 'name="rrule" value="' + weekday_rule(first_day(studio)) + '"' in admin.get(edit).text
    moved = first_day(studio, days=4)
    page = post(admin, edit, timetable_form(
        studio, title="Flow", capacity="8", rrule=weekday_rule(moved), starts=f"{moved.isoformat()}T07:15",
    ), edit)
    assert notice(page).startswith("Timetable saved. Booked sessions the new schedule no longer has")
    after = studio.container.timetables().sessions(made.id)
    kept = next(s for s in after if s.id == sessions[1].id)
    assert (kept.title, kept.capacity, kept.starts_at) == ("Flow", 8, sessions[1].starts_at)
    assert all(s.title == "Flow" for s in after)
    assert any(r.startswith(f"{moved:%a %d %b}, 07:15 (Europe/Berlin) 8 0 8 Flow") for r in rows(page, "sessions"))
    refused = post(admin, edit, timetable_form(studio, capacity="many"), edit)
    assert refused.status_code == 422 and "The capacity must be a whole number" in alert(refused)
    assert studio.container.timetables().get(made.id).capacity == 8


def test_deactivating_a_timetable_removes_its_unbooked_future_sessions(admin, studio):
    create_timetable(admin, studio)
    [made] = studio.container.timetables().list(studio.salon.company.id)
    page_path = f"/timetables/{made.id}"
    page = post(admin, f"{page_path}/deactivate", {}, page_path)
    assert notice(page) == "Timetable deactivated; its future unbooked sessions are gone."
    assert 'id="timetable-inactive">inactive' in page.text and "No coming sessions." in page.text
    assert not studio.container.timetables().get(made.id).active


def test_a_company_token_sees_and_changes_only_its_own_timetables(client, studio):
    clock = studio.container.clock()
    theirs = studio.container.timetables().add(
        studio.other.company.id, "Their Class", 5, "FREQ=WEEKLY;BYDAY=MO",
        (clock.now() + timedelta(days=2)).replace(tzinfo=None, hour=9, minute=0, second=0,
                                                 microsecond=0), 60,
    )
    log_in(client, SALON)
    listing = client.get("/timetables")
    assert listing.status_code == 200 and "Their Class" not in listing.text
    for path in (f"/timetables/{theirs.id}", f"/timetables/{theirs.id}/edit"):
        assert client.get(path).status_code == 404
    token = csrf_of(listing.text)
    assert client.post(f"/timetables/{theirs.id}/deactivate", data={"csrf_token": token}).status_code == 404
    edit = client.post(f"/timetables/{theirs.id}/edit", data={"csrf_token": token, **timetable_form(studio)})
    assert edit.status_code == 404
    made = client.post("/timetables", data={"csrf_token": token, **timetable_form(studio),
                                            "company_id": str(studio.other.company.id)})
    assert made.status_code == 404
    assert [t.title for t in studio.container.timetables().list(studio.other.company.id)] == ["Their Class"]
    assert studio.container.timetables().get(theirs.id).active


def test_timetable_forms_need_the_csrf_token(admin, studio):
    for token in (None, "0" * 64):
        sent = timetable_form(studio) | ({"csrf_token": token} if token else {})
        refused = admin.post("/timetables", data=sent, follow_redirects=False)
        assert refused.status_code == 403 and "CSRF" in refused.text
    assert studio.container.timetables().list(studio.salon.company.id) == []
