"""The booking pages for people (``/book/...``) through the real app, container and database
(both engines), with the FakeClock of ``conftest``: Friday 27 November 2026, 10:00 in Berlin.

Each test reads what a person reads — the text of the page, in German or English — and, after a
refused form, checks that nothing was stored.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from studiobook.entrypoints.web.public.page_texts import catalogue
from tests.integration.appointment_support import MONDAY, at
from tests.web.conftest import make_client

GERMAN, ENGLISH = {"accept-language": "de-DE,de;q=0.9,en;q=0.5"}, {"accept-language": "en-GB"}
TOMORROW = timedelta(days=1)  # Saturday 28 November, 10:00 in Berlin: still this week


def text(response) -> str:
    """What a person reads on the page: the text without tags, spaces collapsed."""
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", response.text)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def csrf(response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
    assert found, "the page has no form"
    return found.group(1)


def field_error(response, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="{name}-error">([^<]+)</p>', response.text)
    assert found, f"no message next to the field {name!r}"
    return html.unescape(found.group(1))


def token_in(location: str) -> str:
    return location.rsplit("/", 1)[1]


@pytest.fixture
def client(shop):
    """A browser that asks for English unless a request says otherwise."""
    with make_client(shop.app(), headers=ENGLISH) as client:
        yield client


@pytest.fixture
def slug(shop) -> str:
    return shop.salon.company.slug


def a_token(shop, client, slug) -> str:
    """A valid CSRF token of this client, from a form of another class."""
    course = shop.course("Any class", 5, starts_in=TOMORROW)
    return csrf(client.get(f"/book/{slug}/classes/{course.id}"))


def book_form(client, url: str, headers=ENGLISH, **changes):
    page = client.get(url, headers=headers)
    assert page.status_code == 200, text(page)
    fields = {"name": "Lena Müller", "email": "lena@example.org", "tickets": "1",
              "csrf_token": csrf(page)} | changes  # fmt: skip
    if 'name="waitlist" value="1"' in page.text:
        fields.setdefault("waitlist", "1")
    return client.post(url, data=fields, headers=headers, follow_redirects=False)


# -- the studio's page ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "lang", "expected"),
    [
        (GERMAN, "de", ["Kurse", "Samstag, 28. November", "10:00–11:00 Uhr", "Yoga",
                        "Noch 2 Plätze frei", "Ausgebucht — auf die Warteliste", "Nur für Mitglieder",
                        "Termine", "Herrenschnitt", "30 Min."]),
        (ENGLISH, "en", ["Classes", "Saturday, November 28", "10:00 AM – 11:00 AM", "Yoga",
                         "2 spots left", "Full — join the waitlist", "Members only",
                         "Appointments", "Herrenschnitt", "30 min"]),
    ],
)  # fmt: skip
def test_the_week_shows_each_class_with_its_free_spots(shop, client, slug, headers, lang, expected):
    shop.course("Yoga", 2, starts_in=TOMORROW)
    full = shop.course("Spinning", 1, starts_in=TOMORROW + timedelta(hours=2))
    shop.container.bookings().book(full.id, "Kim", "kim@example.org", 1)
    shop.course("Members WOD", 10, starts_in=TOMORROW + timedelta(hours=4), members_only=True)

    page = client.get(f"/book/{slug}", headers=headers)

    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    for shown in expected:
        assert shown in text(page)
    assert "Beratung" not in text(page)  # nobody offers the default service


def test_a_class_that_opens_later_says_when_before_anyone_tries(shop, client, slug):
    shop.course("Drop", 5, starts_in=TOMORROW, opens_before_minutes=12 * 60)

    assert "Booking opens Fri, Nov 27, 10:00 PM" in text(client.get(f"/book/{slug}", headers=ENGLISH))
    german = client.get(f"/book/{slug}", headers=GERMAN)
    assert "Buchbar ab Fr., 27. Nov., 22:00 Uhr" in text(german)


def test_the_weeks_can_be_browsed(shop, client, slug):
    shop.course("Next week's class", 5)  # Monday 30 November
    this_week = client.get(f"/book/{slug}", headers=ENGLISH)
    assert "Next week's class" not in text(this_week)
    assert "No classes this week." in text(this_week)

    later = re.search(r'href="([^"]+)" rel="next"', this_week.text).group(1)
    next_week = client.get(html.unescape(later), headers=ENGLISH)
    assert "Mon, Nov 30 – Sun, Dec 6" in text(next_week)
    assert "Next week's class" in text(next_week)
    assert 'rel="prev"' in next_week.text


def test_the_language_switch_wins_over_the_browser_and_is_remembered(client, slug):
    switched = client.get(f"/book/{slug}?lang=en", headers=GERMAN)
    assert '<html lang="en">' in switched.text
    again = client.get(f"/book/{slug}", headers=GERMAN)
    assert '<html lang="en">' in again.text
    assert "Deutsch" in text(again)


def test_a_browser_asking_for_neither_language_gets_german(client, slug):
    assert '<html lang="de">' in client.get(f"/book/{slug}", headers={"accept-language": "fr"}).text
    english = client.get(f"/book/{slug}", headers={"accept-language": "fr, en;q=0.5, de;q=0.1"})
    assert '<html lang="en">' in english.text


def test_both_catalogues_have_the_same_texts():
    assert catalogue("de").keys == catalogue("en").keys
    assert set(catalogue("de").plurals) == set(catalogue("en").plurals) == {"class.left",
                                                                           "flow.times_free"}


# -- booking a class ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "booked", "link"),
    [(ENGLISH, "You're booked!", "Your manage link"), (GERMAN, "Sie sind gebucht!", "Ihr Verwaltungslink")],
)  # fmt: skip
def test_a_customer_books_a_class_and_sees_the_manage_link(shop, client, slug, headers, booked, link):
    course = shop.course("Yoga", 5, starts_in=TOMORROW)
    url = f"/book/{slug}/classes/{course.id}"

    answer = book_form(client, url, headers, tickets="2")

    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith(f"/book/{slug}/confirmed/")
    confirmation = client.get(location, headers=headers)
    assert booked in text(confirmation)
    assert link in text(confirmation)
    manage = f"/book/{slug}/manage/{token_in(location)}"
    assert f"http://testserver{manage}" in text(confirmation)
    assert shop.count("bookings") == 1
    assert "3" in text(client.get(f"/book/{slug}", headers=headers))  # 3 left now


@pytest.mark.parametrize(
    ("changes", "field", "english", "german"),
    [
        ({"name": "  "}, "name", "Please enter your name.", "Bitte geben Sie Ihren Namen ein."),
        ({"name": "x" * 201}, "name", "at most 200 characters", "höchstens 200 Zeichen"),
        ({"email": ""}, "email", "Please enter your e-mail address.", "Bitte geben Sie Ihre E-Mail"),
        ({"email": "lena@"}, "email", "valid e-mail address", "gültige E-Mail-Adresse"),
        ({"tickets": "0"}, "tickets", "from 1 to 20", "von 1 bis 20"),
        ({"tickets": "two"}, "tickets", "whole number", "ganze Zahl"),
        ({"tickets": "21"}, "tickets", "from 1 to 20", "von 1 bis 20"),
    ],
)  # fmt: skip
def test_bad_input_on_the_class_form_is_shown_and_nothing_is_stored(
    shop, client, slug, changes, field, english, german
):
    course = shop.course("Yoga", 5, starts_in=TOMORROW)
    url = f"/book/{slug}/classes/{course.id}"
    for headers, message in ((ENGLISH, english), (GERMAN, german)):
        answer = book_form(client, url, headers, **changes)

        assert answer.status_code == 422
        assert message in field_error(answer, field)
        assert text(answer).count(field_error(answer, field)) == 2  # in the summary too
        typed = changes.get("email", "lena@example.org")
        assert f'value="{html.escape(typed)}"' in answer.text  # refilled
    assert shop.count("bookings") == 0
    assert shop.count("manage_tokens") == 0


def test_a_form_without_its_csrf_token_or_from_another_site_is_refused(shop, client, slug):
    course = shop.course("Yoga", 5, starts_in=TOMORROW)
    url = f"/book/{slug}/classes/{course.id}"

    forged = book_form(client, url, csrf_token="forged")
    cross_site = book_form(client, url, headers=ENGLISH | {"sec-fetch-site": "cross-site"})
    no_cookie = make_client(client.app, headers=ENGLISH).post(
        url, data={"name": "Lena", "email": "lena@example.org", "tickets": "1",
                   "csrf_token": csrf(client.get(url))},
    )  # fmt: skip

    for refused in (forged, cross_site, no_cookie):
        assert refused.status_code == 403
        assert "This form had expired. Please send it again." in text(refused)
    assert 'value="lena@example.org"' in forged.text
    assert shop.count("bookings") == 0


def test_a_full_class_offers_the_waitlist_and_tells_the_place(shop, client, slug):
    course = shop.course("Spinning", 1, starts_in=TOMORROW)
    shop.container.bookings().book(course.id, "Kim", "kim@example.org", 1)
    url = f"/book/{slug}/classes/{course.id}"
    assert "This class is full. Join the waitlist" in text(client.get(url, headers=ENGLISH))

    answer = book_form(client, url)

    assert answer.status_code == 303
    confirmation = client.get(answer.headers["location"], headers=GERMAN)
    assert "Sie stehen auf der Warteliste: Platz 1" in text(confirmation)
    assert shop.count("waitlist_entries") == 1
    assert shop.count("bookings") == 1  # Kim's only


def test_more_tickets_than_are_free_is_refused_on_the_form(shop, client, slug):
    course = shop.course("Yoga", 2, starts_in=TOMORROW)
    url = f"/book/{slug}/classes/{course.id}"
    page = client.get(url)
    shop.container.bookings().book(course.id, "Kim", "kim@example.org", 1)  # meanwhile

    answer = client.post(url, data={"name": "Lena", "email": "lena@example.org", "tickets": "2",
                                    "csrf_token": csrf(page)}, headers=ENGLISH)  # fmt: skip

    assert answer.status_code == 409
    assert "Not enough spots left: 1 free." in field_error(answer, "tickets")
    assert shop.count("bookings") == 1


def test_members_only_refuses_a_stranger_with_the_reason(shop, client, slug):
    from studiobook.domain.members.member import MembershipStatus

    course = shop.course("Members WOD", 5, starts_in=TOMORROW, members_only=True)
    shop.member("paused@example.org", MembershipStatus.ON_HOLD)
    url = f"/book/{slug}/classes/{course.id}"
    assert "Book with the e-mail address of your active membership." in text(client.get(url))

    stranger = book_form(client, url, email="who@example.org")
    paused = book_form(client, url, GERMAN, email="paused@example.org")

    assert stranger.status_code == paused.status_code == 403
    assert "we found no membership with this e-mail address" in field_error(stranger, "email")
    assert "Mitgliedschaft zu dieser E-Mail-Adresse ist nicht aktiv" in field_error(paused, "email")
    assert shop.count("bookings") == 0


def test_a_class_not_open_yet_shows_no_form_and_refuses_a_post(shop, client, slug):
    course = shop.course("Drop", 5, starts_in=TOMORROW, opens_before_minutes=60)
    url = f"/book/{slug}/classes/{course.id}"
    page = client.get(url, headers=ENGLISH)
    assert "Booking opens Sat, Nov 28, 9:00 AM. Come back then to book." in text(page)
    assert "<form" not in page.text

    answer = client.post(url, data={"name": "Lena", "email": "lena@example.org", "tickets": "1",
                                    "csrf_token": a_token(shop, client, slug)})  # fmt: skip

    assert answer.status_code == 403
    assert "Booking for this class opens Sat, Nov 28, 9:00 AM." in text(answer)
    assert shop.count("bookings") == 0


# -- booking an appointment ---------------------------------------------------------------------
def test_the_appointment_flow_from_service_to_confirmation(shop, client, slug):
    cut = shop.salon.cut.id
    studio = client.get(f"/book/{slug}", headers=ENGLISH)
    assert f'href="/book/{slug}/services/{cut}"' in studio.text

    staff = client.get(f"/book/{slug}/services/{cut}", headers=ENGLISH)
    assert ["Anyone available", "Person 0", "Person 1"] == re.findall(
        r'class="choice" href="[^"]+">([^<]+)<', staff.text
    )
    anna = shop.salon.anna.id
    days = client.get(f"/book/{slug}/services/{cut}/days?staff={anna}&week={MONDAY}", headers=ENGLISH)
    assert "Monday, November 30 26 times free" in text(days)
    assert "Saturday, December 5 no free times" in text(days)

    times = client.get(f"/book/{slug}/services/{cut}/times?staff={anna}&day={MONDAY}", headers=ENGLISH)
    assert "9:00 AM" in text(times) and "4:30 PM" in text(times)
    link = html.unescape(re.search(r'href="([^"]+)">10:00\sAM<', times.text).group(1))

    details = client.get(link, headers=ENGLISH)
    assert "With Person 0 When Monday, November 30, 10:00 AM – 10:30 AM" in text(details)
    answer = client.post(link, data={"name": "Lena Müller", "email": "lena@example.org",
                                     "csrf_token": csrf(details)}, follow_redirects=False)  # fmt: skip

    assert answer.status_code == 303
    confirmation = client.get(answer.headers["location"], headers=GERMAN)
    assert "Ihr Termin ist gebucht!" in text(confirmation)
    assert "Herrenschnitt" in text(confirmation)
    assert "Montag, 30. November, 10:00–10:30 Uhr" in text(confirmation)
    assert "Bei Person 0 Preis 25,00" in text(confirmation)
    assert shop.count("appointments") == 1


def test_anyone_books_the_first_staff_member_free(shop, client, slug):
    cut, start = shop.salon.cut.id, at(11, 0)
    shop.container.customer_appointments().book(slug, cut, start, "Kim", "kim@example.org",
                                                staff_id=shop.salon.staff[0].id)  # fmt: skip
    url = f"/book/{slug}/services/{cut}/details?staff=any&start={start.isoformat()}"
    details = client.get(url, headers=ENGLISH)
    assert "With Anyone available" in text(details)

    answer = client.post(url, data={"name": "Lena", "email": "lena@example.org",
                                    "csrf_token": csrf(details)}, follow_redirects=False)  # fmt: skip

    assert "With Person 1" in text(client.get(answer.headers["location"], headers=ENGLISH))


def test_the_confirmation_shows_the_staff_members_own_price(shop, client, slug):
    cut, anna = shop.salon.cut.id, shop.salon.anna.id
    shop.container.assignments().assign(shop.salon.id, anna, cut, custom_price="1234.50")
    url = f"/book/{slug}/services/{cut}/details?staff={anna}&start={at(11).isoformat()}"
    details = client.get(url, headers=ENGLISH)

    answer = client.post(url, data={"name": "Lena", "email": "lena@example.org",
                                    "csrf_token": csrf(details)}, follow_redirects=False)  # fmt: skip

    assert "With Person 0 Price 1,234.50" in text(client.get(answer.headers["location"], headers=ENGLISH))
    assert "Bei Person 0 Preis 1.234,50" in text(client.get(answer.headers["location"], headers=GERMAN))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [({"name": ""}, "name", "Please enter your name."),
     ({"email": "lena at example.org"}, "email", "valid e-mail address")],
)  # fmt: skip
def test_bad_input_on_the_appointment_form_stores_nothing(shop, client, slug, changes, field, message):
    url = f"/book/{slug}/services/{shop.salon.cut.id}/details?staff=any&start={at(10).isoformat()}"
    details = client.get(url)
    fields = {"name": "Lena", "email": "lena@example.org", "csrf_token": csrf(details)} | changes

    answer = client.post(url, data=fields, headers=ENGLISH)

    assert answer.status_code == 422
    assert message in field_error(answer, field)
    assert f'value="{html.escape(fields["email"])}"' in answer.text
    assert shop.count("appointments") == 0


def test_a_time_taken_meanwhile_is_refused_with_a_way_back(shop, client, slug):
    anna, start = shop.salon.anna.id, at(10)
    url = f"/book/{slug}/services/{shop.salon.cut.id}/details?staff={anna}&start={start.isoformat()}"
    details = client.get(url, headers=ENGLISH)
    shop.container.customer_appointments().book(slug, shop.salon.cut.id, start, "Kim",
                                                "kim@example.org", staff_id=anna)  # fmt: skip

    answer = client.post(url, data={"name": "Lena", "email": "lena@example.org",
                                    "csrf_token": csrf(details)}, headers=GERMAN)  # fmt: skip

    assert answer.status_code == 409
    assert "Diese Uhrzeit ist nicht mehr frei." in text(answer)
    assert "Andere Uhrzeit wählen" in text(answer)
    assert shop.count("appointments") == 1  # Kim's only
    assert client.get(url).status_code == 409  # the page says so before anyone types


# -- managing -----------------------------------------------------------------------------------
def booked_class(shop, client, slug, tickets="1", **rules) -> str:
    course = shop.course("Yoga", 5, starts_in=TOMORROW, **rules)
    answer = book_form(client, f"/book/{slug}/classes/{course.id}", tickets=tickets)
    return f"/book/{slug}/manage/{token_in(answer.headers['location'])}"


def test_a_customer_cancels_a_class_through_the_manage_link(shop, client, slug):
    manage = booked_class(shop, client, slug)
    page = client.get(manage, headers=GERMAN)
    assert "Status Gebucht" in text(page)

    answer = client.post(f"{manage}/cancel", data={"csrf_token": csrf(page)}, follow_redirects=False)

    assert answer.status_code == 303
    after = client.get(answer.headers["location"], headers=GERMAN)
    assert "Storniert." in text(after)
    assert "Status Storniert" in text(after)
    assert "Buchung stornieren" not in text(after)


def test_a_customer_gives_back_some_tickets(shop, client, slug):
    manage = booked_class(shop, client, slug, tickets="3")
    page = client.get(manage, headers=ENGLISH)
    assert "You have 3; giving back all of them cancels the booking." in text(page)

    for bad in ("0", "4", "x"):
        refused = client.post(f"{manage}/cancel", data={"tickets": bad, "csrf_token": csrf(page)},
                              headers=ENGLISH)  # fmt: skip
        assert refused.status_code == 422
        assert "Please enter a whole number from 1 to 3." in field_error(refused, "tickets")
    answer = client.post(f"{manage}/cancel", data={"tickets": "2", "csrf_token": csrf(page)})

    after = client.get(answer.url, headers=ENGLISH)
    assert "Your tickets were given back." in text(after)
    assert "Tickets 1 Status Booked" in text(after)


def test_the_cutoff_is_shown_and_holds(shop, client, slug):
    manage = booked_class(shop, client, slug, cancel_cutoff_minutes=25 * 60)
    page = client.get(manage, headers=ENGLISH)
    assert "Cancelling online closed Fri, Nov 27, 9:00 AM. Please contact the studio." in text(page)
    assert "<form" not in page.text

    answer = client.post(f"{manage}/cancel", data={"csrf_token": a_token(shop, client, slug)},
                         headers=GERMAN)  # fmt: skip

    assert answer.status_code == 409
    assert "Online stornieren war nur bis Fr., 27. Nov., 09:00 Uhr möglich." in text(answer)
    assert "Status Gebucht" in text(answer)
    switch = html.unescape(re.search(r'href="([^"]+)" lang="en"', answer.text).group(1))
    assert switch == f"{manage}?lang=en"
    assert "Cancelling online closed" in text(client.get(switch))
    assert "Cancelling online closed" in text(client.get(f"{manage}/cancel"))  # the address bar


def test_a_waitlist_place_is_left_through_its_link(shop, client, slug):
    course = shop.course("Spinning", 1, starts_in=TOMORROW)
    shop.container.bookings().book(course.id, "Kim", "kim@example.org", 1)
    answer = book_form(client, f"/book/{slug}/classes/{course.id}")
    manage = f"/book/{slug}/manage/{token_in(answer.headers['location'])}"
    page = client.get(manage, headers=ENGLISH)
    assert "On the waitlist, number 1" in text(page)

    left = client.post(f"{manage}/cancel", data={"csrf_token": csrf(page)})

    assert "You have left the waitlist." in text(left)
    assert "Status Left the waitlist" in text(left)


def booked_appointment(shop, slug, hour=10) -> str:
    result = shop.container.customer_appointments().book(
        slug, shop.salon.cut.id, at(hour), "Lena", "lena@example.org", staff_id=shop.salon.anna.id
    )
    return f"/book/{slug}/manage/{result.manage_token}"


def test_an_appointment_is_moved_to_another_free_time(shop, client, slug):
    manage = booked_appointment(shop, slug)
    page = client.get(manage, headers=ENGLISH)
    assert "Herrenschnitt" in text(page) and "Choose another time" in text(page)

    choose = client.get(f"{manage}/reschedule?day={MONDAY}", headers=ENGLISH)
    assert "Now: Monday, November 30, 10:00 AM" in text(choose)
    assert 'value="' + at(10).isoformat() + '"' not in choose.text  # its own time is not offered
    moved = client.post(f"{manage}/reschedule", data={"start": at(14).isoformat(),
                                                     "csrf_token": csrf(choose)}, headers=ENGLISH)  # fmt: skip

    assert "Your appointment has moved to the new time." in text(moved)
    assert "Monday, November 30, 2:00 PM – 2:30 PM" in text(moved)


def test_a_move_to_a_taken_or_unreadable_time_is_refused(shop, client, slug):
    manage = booked_appointment(shop, slug)
    booked_appointment(shop, slug, hour=14)  # someone else's
    choose = client.get(f"{manage}/reschedule?day={MONDAY}", headers=ENGLISH)

    taken = client.post(f"{manage}/reschedule", data={"start": at(14).isoformat(),
                                                     "csrf_token": csrf(choose)}, headers=ENGLISH)  # fmt: skip
    garbled = client.post(f"{manage}/reschedule", data={"start": "soon", "csrf_token": csrf(choose)},
                          headers=ENGLISH)  # fmt: skip

    assert taken.status_code == 409
    assert "This time is no longer free." in text(taken)
    assert garbled.status_code == 422
    assert "Please choose one of the free times." in text(garbled)
    assert "Monday, November 30, 10:00 AM – 10:30 AM" in text(client.get(manage, headers=ENGLISH))


def test_an_appointment_is_cancelled_through_the_manage_link(shop, client, slug):
    manage = booked_appointment(shop, slug)
    page = client.get(manage, headers=GERMAN)

    answer = client.post(f"{manage}/cancel", data={"csrf_token": csrf(page)}, headers=GERMAN)

    assert "Storniert." in text(answer)
    assert "Termin absagen" not in text(answer)
    assert "Andere Uhrzeit wählen" not in text(answer)


# -- tenants and addresses ---------------------------------------------------------------------
def test_another_studio_reaches_nothing_of_the_salon(shop, client, slug):
    other = shop.other.company.slug
    course = shop.course("Yoga", 5, starts_in=TOMORROW)
    manage = booked_class(shop, client, slug)
    appointment = booked_appointment(shop, slug)

    for url in (
        f"/book/{other}/classes/{course.id}",
        manage.replace(slug, other),
        appointment.replace(slug, other),
        f"{appointment.replace(slug, other)}/reschedule",
        f"/book/{other}/services/{shop.salon.cut.id}",
        f"/book/{other}/services/{shop.other.cut.id}/days?staff={shop.salon.anna.id}",
    ):
        answer = client.get(url, headers=ENGLISH)
        assert answer.status_code == 404, url
        assert "We could not find this page." in text(answer)
        assert "Yoga" not in text(answer) and "Lena" not in text(answer)
    assert "Yoga" not in text(client.get(f"/book/{other}", headers=ENGLISH))
    refused = client.post(f"{manage.replace(slug, other)}/cancel", data={"csrf_token": "x"})
    assert refused.status_code in (403, 404)
    assert "Status Booked" in text(client.get(manage, headers=ENGLISH))


@pytest.mark.parametrize(
    ("url", "english", "german"),
    [
        ("/book/no-such-studio", "We could not find this studio.", "Dieses Studio haben wir nicht"),
        ("/book/{slug}?week=someday", "We could not find this page.", "Diese Seite haben wir nicht"),
        ("/book/{slug}/classes/99999", "We could not find this page.", "Diese Seite haben wir nicht"),
        ("/book/{slug}/manage/" + "A" * 43, "We could not find this page.", "Diese Seite haben"),
        ("/book/{slug}/services/{cut}/times?day=2026-02-30", "We could not find this page.",
         "Diese Seite haben"),
        ("/book/{slug}/services/{cut}/details?start=10:00", "We could not find this page.",
         "Diese Seite haben"),
    ],
)  # fmt: skip
def test_a_wrong_address_is_a_page_in_the_customers_language(shop, client, slug, url, english, german):
    address = url.format(slug=slug, cut=shop.salon.cut.id)
    for headers, message in ((ENGLISH, english), (GERMAN, german)):
        answer = client.get(address, headers=headers)
        assert answer.status_code == 404
        assert message in text(answer)


def test_the_company_id_opens_the_same_page_as_the_slug(shop, client, slug):
    shop.course("Yoga", 5, starts_in=TOMORROW)
    by_id = client.get(f"/book/{shop.salon.id}", headers=ENGLISH)
    assert "Yoga" in text(by_id)
    assert f'href="/book/{slug}/classes/' in by_id.text


def test_too_many_requests_get_a_page_that_says_wait(shop, slug):
    with make_client(shop.app(public_rate_requests=2, public_rate_seconds=60)) as client:
        answers = [client.get(f"/book/{slug}", headers=GERMAN) for _ in range(3)]
    assert answers[-1].status_code == 429
    assert "Zu viele Anfragen in kurzer Zeit." in text(answers[-1])
    assert answers[-1].headers["retry-after"]


def test_the_customers_language_goes_to_the_use_case_that_takes_one(shop, client, slug):
    """For the e-mails: a booking made on the German page is told in German."""
    from dependency_injector import providers

    real, heard = shop.container.customer_bookings(), []

    class Listening:
        def book(self, *args, language: str = "?", **options):
            heard.append(language)
            return real.book(*args, **options)

        def __getattr__(self, name):
            return getattr(real, name)

    course = shop.course("Yoga", 5, starts_in=TOMORROW)
    with shop.container.customer_bookings.override(providers.Object(Listening())):
        book_form(client, f"/book/{slug}/classes/{course.id}", GERMAN)
        book_form(client, f"/book/{slug}/classes/{course.id}?lang=en", ENGLISH)

    assert heard == ["de", "en"]


def test_workers_sharing_the_secret_key_accept_each_others_forms():
    """``serve --workers N``: the page may come from one process and the post go to another."""
    from starlette.requests import Request

    from studiobook.entrypoints.web.public.page_forms import CSRF_COOKIE, FormGuard

    def request(cookie: str | None, site: str = "same-origin") -> Request:
        headers = [(b"sec-fetch-site", site.encode())]
        if cookie:
            headers.append((b"cookie", f"{CSRF_COOKIE}={cookie}".encode()))
        return Request({"type": "http", "method": "POST", "path": "/book/x", "headers": headers})

    token, cookie = FormGuard("the studio's key").token(request(None))
    assert cookie is not None
    assert FormGuard("the studio's key").accepts(request(cookie), token)
    assert not FormGuard("the studio's key").accepts(request(cookie, "cross-site"), token)
    assert not FormGuard("another key").accepts(request(cookie), token)
    assert not FormGuard("").accepts(request(cookie), token)  # no key: one of its own
    assert not FormGuard("the studio's key").accepts(request("another cookie"), token)


def test_the_mail_of_a_booking_made_on_the_german_page_is_german_and_links_its_manage_page(
    shop, client, slug
):
    import json

    from sqlalchemy import text as sql

    course = shop.course("Yoga", 5, starts_in=TOMORROW)
    answer = book_form(client, f"/book/{slug}/classes/{course.id}", GERMAN)
    manage = f"/book/{slug}/manage/{token_in(answer.headers['location'])}"

    with shop.container.store().engine.connect() as connection:
        [message] = [json.loads(row) for row in connection.execute(sql("SELECT message FROM outbox"))
                     .scalars()]  # fmt: skip
    assert message["language"] == "de"
    assert message["manage_link"] == manage
    assert "Status Gebucht" in text(client.get(message["manage_link"], headers=GERMAN))
