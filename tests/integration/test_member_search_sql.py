"""Searching the local copies of members and leads, and a member's course bookings, on each
engine: what the admin pages read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from dependency_injector import providers

from studiobook.domain.members.leads import Lead, LeadStatus
from studiobook.domain.members.member import Member, Membership, MembershipStatus
from tests.fakes import FakeClock
from tests.integration.appointment_support import open_salon


@pytest.fixture
def container(database_url):
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    built = build_container(Settings(database_url=database_url, load_entry_points=False))
    built.clock.override(providers.Object(FakeClock()))
    yield built
    built.store().dispose()


def _member(client_id: str, first: str, last: str, email: str, status: str | None, now) -> Member:
    membership = None if status is None else Membership(
        f"m{client_id}", "Unlimited", MembershipStatus(status), Decimal("99.00"), date(2025, 1, 1)
    )
    return Member(client_id, first, last, email, None, membership, now)


@pytest.fixture
def people(container):
    now = container.clock().now()
    members = [
        _member("1", "Greta", "Zimmermann", "Greta.Z@example.com", "active", now),
        _member("2", "Carla", "Zimmer_Frau", "carla@example.org", "on_hold", now),
        _member("3", "Ben", "Ortmann", "ben@example.de", "cancelled", now),
        _member("4", "Anna", "100%", "anna@example.com", None, now),
        _member("21", "Zoe", "Adler", "zoe@example.com", "active", now),
    ]
    leads = [Lead("9", "Lena", "Vogel", "lena@example.com", None, LeadStatus.NEW, now),
             Lead("10", "Tom", "Vogelsang", "tom@example.com", None, LeadStatus.TRIAL, now)]

    def store(uow, events):
        uow.members.add_many(members, now)
        uow.leads.add_many(leads, now)

    container.transactions().write(store)
    return container


def _ids(found) -> list[str]:
    return [getattr(record, "client_id", None) or record.lead_id for record in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("zimmer", ["2", "1"]),  # by last name: "Zimmer_Frau" before "Zimmermann"
    ("ZIMMERMANN", ["1"]),
    ("greta.z@EXAMPLE", ["1"]),  # e-mails compare without case, too
    ("greta zimm", ["1"]),  # every word, each in some field
    ("greta ortmann", []),
    ("zimmer_", ["2"]),  # LIKE's "_" and "%" are plain characters
    ("%", ["4"]),
    ("2", ["2"]),  # the whole text as an id; no e-mail or name holds a "2"
    ("  ", ["21", "3", "4", "2", "1"]),  # blank: no search
])
def test_search_matches_words_in_names_and_e_mails(people, text, expected):
    found, total = people.memberships().list(text=text)
    assert sorted(_ids(found)) == sorted(expected) and total == len(expected)
    if text == "zimmer":
        assert _ids(found) == expected


def test_search_combines_with_the_status_and_pages(people):
    found, total = people.memberships().list(MembershipStatus.ON_HOLD, text="zimmer")
    assert (_ids(found), total) == (["2"], 1)
    found, total = people.memberships().list(None, 1, 1, "zimmer")
    assert (_ids(found), total) == (["1"], 2)
    found, total = people.leads().list(LeadStatus.TRIAL, text="vogel")
    assert (_ids(found), total) == (["10"], 1)
    found, total = people.leads().list(text="lena VOGEL")
    assert (_ids(found), total) == (["9"], 1)


def test_a_members_bookings_are_those_with_their_e_mail_latest_course_first(people):
    salon = open_salon(people, staff=1)
    now = people.clock().now()
    early = people.courses().create("Early", 5, now + timedelta(days=1), company_id=salon.company.id)
    late = people.courses().create("Late", 5, now + timedelta(days=5), company_id=salon.company.id)
    open_ended = people.courses().create("Anytime", 5, company_id=salon.company.id)
    for course in (early, late, open_ended):
        people.bookings().book(course.id, "Greta", "greta.z@example.com")  # other case than hers
    people.bookings().book(early.id, "Ben", "ben@example.de", tickets=2)
    history = people.member_history().bookings("1")
    assert [b.course_title for b in history] == ["Late", "Early", "Anytime"]
    assert {b.company_name for b in history} == {salon.company.name}
    assert history[0].time_zone == salon.company.time_zone and history[0].status == "confirmed"
    assert [b.course_title for b in people.member_history().bookings("1", limit=2)] == ["Late", "Early"]
    [ben] = people.member_history().bookings("3")
    assert (ben.course_title, ben.tickets) == ("Early", 2)
    assert people.member_history().bookings("21") == []
    assert people.member_history().bookings("404") == []
