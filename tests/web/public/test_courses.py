"""Customers book courses through /api/v1: live free spots, the booking rules held against
them, the waitlist, and managing a booking with its token."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.public.conftest import API, booking_body, error_of


def listing(public, company, shop, days: int = 7):
    start = shop.now
    params = {"from": start.isoformat(), "to": (start + timedelta(days=days)).isoformat()}
    return public.get(f"{API}/companies/{company}/courses", params=params)


def book(public, course, company=None, **changes):
    company = company if company is not None else course.company_id
    return public.post(
        f"{API}/companies/{company}/courses/{course.id}/bookings", json=booking_body(**changes)
    )


def cancel_session(shop, course) -> None:
    with shop.container.store().unit_of_work(for_writing=True) as uow:
        stored = uow.courses.get_for_update(course.id)
        stored.cancelled = True
        uow.courses.save(stored)
        uow.commit()


def test_the_courses_of_a_company_show_live_free_spots_in_its_zone(shop, public):
    yoga = shop.course("Yoga", 3)
    shop.container.bookings().book(yoga.id, "Kim", "kim@example.org", tickets=2)
    members = shop.course("Members", 5, starts_in=timedelta(days=4), members_only=True)
    drop = shop.course("Drop", 5, starts_in=timedelta(days=5), opens_before_minutes=24 * 60)
    full = shop.course("Full", 1, starts_in=timedelta(days=6))
    shop.container.bookings().book(full.id, "Kim", "kim@example.org")
    gone = shop.course("Cancelled", 5, starts_in=timedelta(days=2))
    cancel_session(shop, gone)
    shop.course("Elsewhere", 5, company=shop.other.company)
    shop.course("Too late", 5, starts_in=timedelta(days=8))

    by_slug = listing(public, shop.salon.company.slug, shop)
    by_id = listing(public, shop.salon.id, shop)

    assert by_slug.status_code == 200
    assert by_slug.json() == by_id.json()
    courses = by_slug.json()["courses"]
    assert [c["title"] for c in courses] == ["Yoga", "Members", "Drop", "Full"]
    first = courses[0]
    assert set(first) == {"id", "title", "starts_at", "ends_at", "capacity", "free_spots",
                          "members_only", "bookable"}
    starts = (shop.now + timedelta(days=3)).astimezone(shop.salon_zone)
    assert first["starts_at"] == starts.isoformat()  # Berlin's wall clock with its offset
    assert first["starts_at"].endswith("+01:00")
    assert (first["id"], first["capacity"], first["free_spots"]) == (yoga.id, 3, 1)
    flags = {c["title"]: (c["members_only"], c["bookable"]) for c in courses}
    assert flags == {
        "Yoga": (False, True),
        "Members": (True, True),
        "Drop": (False, False),  # the class drop is a day before the start
        "Full": (False, False),
    }
    assert members.id == courses[1]["id"] and drop.id == courses[2]["id"]


def test_an_unlimited_course_has_no_free_spot_count(shop, public):
    shop.course("Open gym", 0)
    course = listing(public, shop.salon.id, shop).json()["courses"][0]
    assert (course["capacity"], course["free_spots"], course["bookable"]) == (0, None, True)


@pytest.mark.parametrize("company", ["999", "no-such-studio", "Bad Slug!", "0", "9" * 30])
def test_an_unknown_company_is_not_found(shop, public, company):
    assert error_of(listing(public, company, shop)) == (404, "not_found")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (timedelta(days=1), timedelta(days=1)),  # empty
        (timedelta(days=2), timedelta(days=1)),  # backwards
        (timedelta(days=1), timedelta(days=94)),  # over 92 days
        ("naive", timedelta(days=1)),  # no offset
        ("tomorrow", timedelta(days=1)),
    ],
)
def test_a_bad_range_is_invalid(shop, public, start, end):
    def shown(moment):
        if moment == "naive":
            return shop.now.replace(tzinfo=None).isoformat()
        return moment if isinstance(moment, str) else (shop.now + moment).isoformat()

    response = public.get(f"{API}/companies/{shop.salon.id}/courses",
                          params={"from": shown(start), "to": shown(end)})
    assert error_of(response) == (422, "invalid")


def test_a_customer_books_and_opens_the_booking_with_its_token(shop, public):
    course = shop.course(capacity=3)

    response = book(public, course, shop.salon.company.slug, tickets=2)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"booking", "manage_token"}
    assert body["booking"] == {"id": body["booking"]["id"], "course_id": course.id, "tickets": 2,
                               "status": "confirmed"}
    assert len(body["manage_token"]) >= 22  # >= 128 bits, URL-safe
    stored = shop.container.bookings().get(body["booking"]["id"])
    assert (stored.customer.email, stored.tickets) == ("lena@example.org", 2)

    found = public.get(f"{API}/bookings/{body['manage_token']}")
    assert found.status_code == 200
    assert found.json()["booking"] == body["booking"]
    assert found.json()["waitlist"] is None
    assert found.json()["course"]["title"] == "WOD"
    assert found.json()["course"]["starts_at"].endswith("+01:00")


def test_a_full_course_refuses_or_queues_in_order(shop, public):
    course = shop.course(capacity=1)
    assert book(public, course).status_code == 201

    refused = book(public, course)
    first = book(public, course, waitlist=True)
    second = book(public, course, waitlist=True, email="max@example.org", tickets=2)

    assert error_of(refused) == (409, "full")
    assert (first.status_code, second.status_code) == (202, 202)
    assert first.json()["waitlist"]["position"] == 1
    assert second.json()["waitlist"]["position"] == 2
    assert set(second.json()) == {"waitlist", "manage_token"}
    assert set(second.json()["waitlist"]) == {"id", "position"}
    assert shop.count("bookings") == 1

    # The first in line leaves with their token; the second moves up.
    left = public.post(f"{API}/bookings/{first.json()['manage_token']}/cancel")
    assert left.status_code == 200
    assert left.json()["waitlist"]["status"] == "left"
    assert left.json()["booking"] is None
    waiting = public.get(f"{API}/bookings/{second.json()['manage_token']}").json()
    assert waiting["waitlist"]["position"] == 1
    assert waiting["waitlist"]["tickets"] == 2
    assert waiting["booking"] is None


def test_a_promoted_waitlist_token_opens_and_cancels_the_booking_it_became(shop, public):
    course = shop.course(capacity=1)
    seat = book(public, course).json()
    queued = book(public, course, waitlist=True, email="max@example.org").json()

    freed = public.post(f"{API}/bookings/{seat['manage_token']}/cancel")
    assert freed.json()["booking"]["status"] == "cancelled"

    promoted = public.get(f"{API}/bookings/{queued['manage_token']}").json()
    assert promoted["waitlist"]["status"] == "promoted"
    assert promoted["waitlist"]["position"] is None
    assert promoted["booking"]["status"] == "confirmed"

    cancelled = public.post(f"{API}/bookings/{queued['manage_token']}/cancel").json()
    assert cancelled["booking"]["status"] == "cancelled"
    listed = listing(public, shop.salon.id, shop).json()["courses"][0]
    assert listed["free_spots"] == 1


def test_a_customer_gives_back_some_tickets_then_the_rest(shop, public):
    course = shop.course(capacity=5)
    token = book(public, course, tickets=3).json()["manage_token"]

    some = public.post(f"{API}/bookings/{token}/cancel", json={"tickets": 1})
    assert some.status_code == 200
    assert some.json()["booking"]["tickets"] == 2
    assert some.json()["booking"]["status"] == "confirmed"
    assert listing(public, shop.salon.id, shop).json()["courses"][0]["free_spots"] == 3

    too_many = public.post(f"{API}/bookings/{token}/cancel", json={"tickets": 3})
    assert error_of(too_many) == (422, "invalid")

    rest = public.post(f"{API}/bookings/{token}/cancel", json={})
    assert rest.json()["booking"]["status"] == "cancelled"
    assert error_of(public.post(f"{API}/bookings/{token}/cancel")) == (409, "conflict")


def test_a_waitlist_place_is_left_whole(shop, public):
    course = shop.course(capacity=1)
    book(public, course)
    token = book(public, course, waitlist=True, tickets=2).json()["manage_token"]
    assert error_of(public.post(f"{API}/bookings/{token}/cancel", json={"tickets": 1})) == (
        422, "invalid",
    )  # fmt: skip
    assert public.post(f"{API}/bookings/{token}/cancel", json={"tickets": 2}).status_code == 200
    assert error_of(public.post(f"{API}/bookings/{token}/cancel")) == (409, "conflict")


def test_customers_cannot_cancel_after_the_cutoff_the_studio_can(shop, public):
    course = shop.course(capacity=2, cancel_cutoff_minutes=24 * 60)  # starts in three days
    response = book(public, course).json()
    token, booking_id = response["manage_token"], response["booking"]["id"]

    shop.clock.advance(days=2, minutes=1)  # a day and 59 minutes before the start: too late
    refused = public.post(f"{API}/bookings/{token}/cancel")

    assert error_of(refused) == (409, "cancel_cutoff_passed")
    assert "contact the studio" in refused.json()["error"]["message"]
    assert public.get(f"{API}/bookings/{token}").json()["booking"]["status"] == "confirmed"
    operator = shop.container.bookings().cancel(booking_id, company_id=shop.salon.id)
    assert operator.status.value == "cancelled"
    assert public.get(f"{API}/bookings/{token}").json()["booking"]["status"] == "cancelled"


def test_before_the_cutoff_the_customer_cancels(shop, public):
    course = shop.course(capacity=2, cancel_cutoff_minutes=24 * 60)
    token = book(public, course).json()["manage_token"]
    shop.clock.advance(days=1, hours=23)  # a day and an hour before the start
    assert public.post(f"{API}/bookings/{token}/cancel").status_code == 200


def test_booking_opens_at_the_class_drop(shop, public):
    course = shop.course(capacity=2, opens_before_minutes=24 * 60)  # starts in three days

    early = book(public, course)
    assert error_of(early) == (403, "booking_not_open")
    assert "opens for booking at" in early.json()["error"]["message"]
    early_queue = book(public, course, waitlist=True)
    assert error_of(early_queue) == (403, "booking_not_open")

    shop.clock.advance(days=2)  # exactly a day before the start: open
    assert book(public, course).status_code == 201
    assert shop.count("bookings") == 1


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("active", None),
        ("on_hold", "on hold"),
        ("pending", "pending"),
        ("cancelled", "cancelled"),
        ("expired", "expired"),
    ],
)
def test_members_only_courses_take_active_members_only(shop, public, status, reason):
    from studiobook.domain.members.member import MembershipStatus

    shop.member("lena@example.org", MembershipStatus(status))
    course = shop.course(members_only=True)

    response = book(public, course, email="Lena@EXAMPLE.org")

    if reason is None:
        assert response.status_code == 201
        return
    assert error_of(response) == (403, "membership_required")
    assert f"is {reason}, not active" in response.json()["error"]["message"]
    assert shop.count("bookings") == 0


@pytest.mark.parametrize("membership", [False, True])
def test_members_only_courses_refuse_strangers(shop, public, membership):
    shop.member("kim@example.org", None)  # a client of the studio without a membership
    course = shop.course(members_only=True)
    email = "kim@example.org" if membership else "stranger@example.org"
    response = book(public, course, email=email)
    assert error_of(response) == (403, "membership_required")
    if not membership:
        assert "not a member" in response.json()["error"]["message"]


def test_nobody_books_a_started_or_cancelled_course(shop, public):
    started = shop.course("Started", 5, starts_in=timedelta(minutes=-5))
    gone = shop.course("Gone", 5)
    cancel_session(shop, gone)
    assert error_of(book(public, started)) == (403, "course_closed")
    assert error_of(book(public, gone, waitlist=True)) == (403, "course_closed")


def test_one_company_never_reaches_anothers_course_or_booking(shop, public):
    ours = shop.course("Ours")
    theirs = shop.course("Theirs", company=shop.other.company)

    assert error_of(book(public, theirs, shop.salon.id)) == (404, "not_found")
    assert error_of(book(public, ours, shop.other.company.slug)) == (404, "not_found")
    assert shop.count("bookings") == 0
    listed = listing(public, shop.other.id, shop).json()["courses"]
    assert [c["title"] for c in listed] == ["Theirs"]


def test_a_token_opens_only_its_own_kind_of_record(shop, public):
    course = shop.course()
    token = book(public, course).json()["manage_token"]

    assert error_of(public.get(f"{API}/appointments/{token}")) == (404, "not_found")
    assert error_of(public.post(f"{API}/appointments/{token}/cancel")) == (404, "not_found")
    unknown = "A" * 43
    assert error_of(public.get(f"{API}/bookings/{unknown}")) == (404, "not_found")
    assert error_of(public.post(f"{API}/bookings/{unknown}/cancel")) == (404, "not_found")
    assert error_of(public.get(f"{API}/bookings/short")) == (422, "invalid")
    assert public.get(f"{API}/bookings/{token}").json()["booking"]["status"] == "confirmed"


@pytest.mark.parametrize(
    "body",
    [
        booking_body(tickets="1"),
        booking_body(tickets=1.0),
        booking_body(tickets=0),
        booking_body(tickets=101),
        booking_body(tickets=True),
        booking_body(waitlist="yes"),
        booking_body(email="not-an-address"),
        booking_body(email="a@" + "b" * 260 + ".de"),
        booking_body(name=""),
        booking_body(name="x" * 201),
        booking_body(coupon="FREE"),
        {"name": "Lena"},
        [],
    ],
)
def test_a_bad_booking_body_is_invalid_and_writes_nothing(shop, public, body):
    course = shop.course()
    response = public.post(f"{API}/companies/{shop.salon.id}/courses/{course.id}/bookings",
                           json=body)
    assert error_of(response) == (422, "invalid")
    assert shop.count("bookings") == 0


def test_a_body_that_is_not_json_is_invalid(shop, public):
    course = shop.course()
    response = public.post(
        f"{API}/companies/{shop.salon.id}/courses/{course.id}/bookings",
        content=b"{not json", headers={"content-type": "application/json"},
    )
    assert error_of(response) == (422, "invalid")
