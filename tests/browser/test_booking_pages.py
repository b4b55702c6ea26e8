"""The booking pages in Debian's headless Chromium on a phone (390 x 844), in German and in
English: book a class, join the waitlist of a full one, book an appointment and move it, cancel
through the manage link. Each step is photographed into the test's tmp folder, and axe-core (the
copy the ``axe-playwright-python`` package ships, injected by Playwright — never from a CDN)
finds no serious or critical violation on any page.

The site runs on the real clock, so every day comes from ``tests.real_time``; the studio is built
through the use-cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from importlib.resources import files
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ThreadServer
from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")
PHONE = {"width": 390, "height": 844}
LOCALES = {"de": "de-DE", "en": "en-US"}
WEEKDAYS = {"weekly": {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}}
# What a person reads, per language.
SAY = {
    "de": {
        "book": "Buchen", "waitlist": "Auf die Warteliste", "name": "Ihr Name",
        "email": "E-Mail-Adresse", "tickets": "Plätze", "submit": "Jetzt buchen",
        "submit_waitlist": "Auf die Warteliste setzen", "booked": "Sie sind gebucht!",
        "on_waitlist": "Sie stehen auf der Warteliste: Platz 1", "left": "Noch 8 Plätze frei",
        "full": "Ausgebucht — auf die Warteliste", "members": "Nur für Mitglieder",
        "opens": "Buchbar ab", "check": "Bitte prüfen Sie Ihre Angaben",
        "no_name": "Bitte geben Sie Ihren Namen ein.", "bad_email": "gültige E-Mail-Adresse",
        "manage": "Buchung verwalten", "link": "Ihr Verwaltungslink", "anyone": "Egal, wer frei ist",
        "next_week": "Nächste Woche", "appointment": "Ihr Termin ist gebucht!",
        "book_appointment": "Termin buchen", "cancel_booking": "Buchung stornieren",
        "cancel_appointment": "Termin absagen", "cancelled": "Storniert.", "skip": "Zum Inhalt springen",
        "move": "Andere Uhrzeit wählen", "moved": "Ihr Termin ist auf die neue Uhrzeit verschoben.",
        "problem": "Das hat nicht geklappt", "day_pattern": "EEEE, d. MMMM", "ten": "10:00",
        "two": "14:00",
    },
    "en": {
        "book": "Book", "waitlist": "Join the waitlist", "name": "Your name",
        "email": "E-mail address", "tickets": "Tickets", "submit": "Book now",
        "submit_waitlist": "Join the waitlist", "booked": "You're booked!",
        "on_waitlist": "You're on the waitlist: number 1", "left": "8 spots left",
        "full": "Full — join the waitlist", "members": "Members only", "opens": "Booking opens",
        "check": "Please check your entries", "no_name": "Please enter your name.",
        "bad_email": "valid e-mail address", "manage": "Manage your booking",
        "link": "Your manage link", "anyone": "Anyone available", "next_week": "Next week",
        "appointment": "Your appointment is booked!", "book_appointment": "Book appointment",
        "cancel_booking": "Cancel booking", "cancel_appointment": "Cancel appointment",
        "cancelled": "Cancelled.", "skip": "Skip to content", "move": "Choose another time",
        "moved": "Your appointment has moved to the new time.", "problem": "That did not work",
        "day_pattern": "EEEE, MMMM d", "ten": "10:00 AM", "two": "2:00 PM",
    },
}  # fmt: skip
LANGUAGES = pytest.mark.parametrize("lang", ["de", "en"])


@dataclass
class Studio:
    url: str
    container: object
    company: object
    service: object
    staff: dict

    def course(self, title: str, capacity: int, **rules):
        """A class at 18:00 Berlin on a Wednesday at least a week ahead."""
        day = coming("wed", BERLIN)
        starts = wall(day, 18, 0, BERLIN)
        return self.container.courses().create(
            title, capacity, starts, starts + timedelta(hours=1), company_id=self.company.id,
            **rules,
        )  # fmt: skip

    @property
    def week(self) -> str:
        return coming("wed", BERLIN).isoformat()


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings
    from studiobook.entrypoints.web.app import create_app

    folder = tmp_path_factory.mktemp("booking-site")
    container = build_container(
        Settings(database_url=f"sqlite:///{folder / 'book.db'}", load_entry_points=False)
    )
    container.store().ensure_schema()
    company = container.companies().create("Studio Sonne", time_zone="Europe/Berlin")
    service = container.event_types().add(company.id, "Herrenschnitt", 30, price="25.00")
    staff = {}
    for name in ("Anna", "Ben"):
        member = container.staffing().add(company.id, name, working_hours=WEEKDAYS)
        container.assignments().assign(company.id, member.id, service.id)
        staff[name] = member
    app = create_app(container, "browser-admin-token-0123456789", public_rate_requests=10_000)
    server = ThreadServer(app)
    try:
        yield Studio(server.url.rstrip("/"), container, company, service, staff)
    finally:
        server.stop()
        container.store().dispose()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


class Phone:
    """A phone's tab in one language: every :meth:`look` photographs the page and runs axe."""

    def __init__(self, page, lang: str, folder, axe_source: str) -> None:
        self.page, self.lang, self.folder, self.axe_source = page, lang, folder, axe_source
        self.say = SAY[lang]
        self.shots = 0

    def look(self, step: str, *, problem: bool = False) -> str:
        """The page's visible text, after a screenshot and an axe run."""
        page = self.page
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == self.lang
        self.shots += 1
        page.screenshot(path=self.folder / f"{self.shots:02d}-{self.lang}-{step}.png", full_page=True)
        page.evaluate(self.axe_source)
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"axe on {step} ({page.url}): {serious}"
        with (self.folder / "axe.txt").open("a", encoding="utf-8") as report:  # the rest, to read
            for v in results["violations"]:
                report.write(f"{self.shots:02d}-{self.lang}-{step}: {v['id']} ({v['impact']})\n")
        shown = page.locator("main").inner_text()
        assert (self.say["problem"] in shown) == problem, f"{step}: {shown}"
        return " ".join(shown.split())


@pytest.fixture
def phone(chromium, tmp_path, axe_source, request):
    lang = request.node.callspec.params["lang"]
    context = chromium.new_context(
        viewport=PHONE, locale=LOCALES[lang], is_mobile=True, has_touch=True, device_scale_factor=2
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        yield Phone(tab, lang, tmp_path, axe_source)
    finally:
        context.close()


def day_shown(day, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, SAY[lang]["day_pattern"], locale=lang)


def in_class(phone: Phone, title: str):
    return phone.page.locator("li.class", has_text=title)


@LANGUAGES
def test_book_a_class(studio, phone, lang):
    say, page = phone.say, phone.page
    studio.course(f"Yoga Flow {lang}", 8)
    studio.course(f"Members WOD {lang}", 8, members_only=True)
    studio.course(f"Class Drop {lang}", 8, opens_before_minutes=24 * 60)
    page.goto(f"{studio.url}/book/{studio.company.slug}?week={studio.week}")

    week = phone.look("week")
    assert "Studio Sonne" in week
    assert say["left"] in in_class(phone, f"Yoga Flow {lang}").inner_text()
    assert say["members"] in in_class(phone, f"Members WOD {lang}").inner_text()
    assert say["opens"] in in_class(phone, f"Class Drop {lang}").inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == say["skip"]

    in_class(phone, f"Yoga Flow {lang}").get_by_role("link", name=re.compile(say["book"])).click()
    assert f"Yoga Flow {lang}" in phone.look("class")
    page.get_by_label(say["email"]).fill("lena@")
    page.get_by_role("button", name=say["submit"]).click()
    refused = phone.look("class-refused")
    assert say["check"] in refused and say["no_name"] in refused and say["bad_email"] in refused
    assert page.get_by_label(say["email"]).input_value() == "lena@"  # refilled

    page.get_by_label(say["name"]).fill("Lena Müller")
    page.get_by_label(say["email"]).fill("lena@example.org")
    page.get_by_label(say["tickets"]).fill("2")
    page.get_by_role("button", name=say["submit"]).click()
    confirmed = phone.look("confirmed")
    assert say["booked"] in confirmed and f"Yoga Flow {lang}" in confirmed
    assert say["link"] in confirmed
    assert f"/book/{studio.company.slug}/manage/" in page.locator(".link a").inner_text()

    page.goto(f"{studio.url}/book/{studio.company.slug}?week={studio.week}")
    assert SAY[lang]["left"].replace("8", "6") in in_class(phone, f"Yoga Flow {lang}").inner_text()


@LANGUAGES
def test_join_the_waitlist_of_a_full_class(studio, phone, lang):
    say, page = phone.say, phone.page
    course = studio.course(f"Spinning {lang}", 1)
    studio.container.bookings().book(course.id, "Kim Berg", "kim@example.org", 1)
    page.goto(f"{studio.url}/book/{studio.company.slug}?week={studio.week}")
    spinning = in_class(phone, f"Spinning {lang}")
    assert say["full"] in spinning.inner_text()

    spinning.get_by_role("link", name=re.compile(say["waitlist"])).click()
    phone.look("full-class")
    page.get_by_label(say["name"]).fill("Lena Müller")
    page.get_by_label(say["email"]).fill("lena@example.org")
    page.get_by_role("button", name=say["submit_waitlist"]).click()

    confirmed = phone.look("waitlisted")
    assert say["on_waitlist"] in confirmed


@LANGUAGES
def test_book_an_appointment_move_it_and_cancel_it(studio, phone, lang):
    say, page = phone.say, phone.page
    day = coming("mon", BERLIN) + timedelta(days=0 if lang == "de" else 1)
    page.goto(f"{studio.url}/book/{studio.company.slug}")
    phone.look("studio")

    page.get_by_role("link", name=re.compile("Herrenschnitt")).click()
    who = phone.look("who")
    assert say["anyone"] in who and "Anna" in who and "Ben" in who
    page.get_by_role("link", name=say["anyone"] if lang == "de" else "Ben").click()
    phone.look("days")
    wanted = page.locator(f'a[href*="day={day.isoformat()}"]')
    for _ in range(3):
        if wanted.count():
            break
        page.get_by_role("link", name=re.compile(say["next_week"])).click()
    wanted.click()
    times = phone.look("times")
    assert day_shown(day, lang) in times

    page.get_by_role("link", name=say["ten"], exact=True).click()
    details = phone.look("details")
    assert day_shown(day, lang) in details and "Herrenschnitt" in details
    page.get_by_role("button", name=say["book_appointment"]).click()
    assert say["no_name"] in phone.look("details-refused")
    page.get_by_label(say["name"]).fill("Lena Müller")
    page.get_by_label(say["email"]).fill("lena@example.org")
    page.get_by_role("button", name=say["book_appointment"]).click()

    confirmed = phone.look("appointment-confirmed")
    assert say["appointment"] in confirmed and "Herrenschnitt" in confirmed
    assert ("Anna" if lang == "de" else "Ben") in confirmed
    page.get_by_role("link", name=say["manage"]).click()
    phone.look("manage")

    page.get_by_role("link", name=say["move"]).click()
    phone.look("move")
    page.locator(f'a[href*="day={day.isoformat()}"]').click()
    phone.look("move-day")
    page.get_by_role("button", name=say["two"], exact=True).click()
    moved = phone.look("moved")
    assert say["moved"] in moved and say["two"] in moved

    page.get_by_role("button", name=say["cancel_appointment"]).click()
    cancelled = phone.look("appointment-cancelled")
    assert say["cancelled"] in cancelled
    assert page.get_by_role("button", name=say["cancel_appointment"]).count() == 0


@LANGUAGES
def test_cancel_a_class_through_the_manage_link(studio, phone, lang):
    say, page = phone.say, phone.page
    course = studio.course(f"Pilates {lang}", 8)
    booked = studio.container.customer_bookings().book(
        studio.company.slug, course.id, "Lena Müller", "lena@example.org", 1
    )
    page.goto(f"{studio.url}/book/{studio.company.slug}/manage/{booked.manage_token}")
    manage = phone.look("manage-class")
    assert f"Pilates {lang}" in manage

    page.get_by_role("button", name=say["cancel_booking"]).click()

    cancelled = phone.look("class-cancelled")
    assert say["cancelled"] in cancelled
    page.goto(f"{studio.url}/book/{studio.company.slug}?week={studio.week}")
    assert say["left"] in in_class(phone, f"Pilates {lang}").inner_text()  # the seat is free again


@LANGUAGES
def test_a_wrong_link_is_a_page_in_the_customers_language(studio, phone, lang):
    phone.page.goto(f"{studio.url}/book/{studio.company.slug}/manage/{'x' * 43}")
    assert phone.look("not-found", problem=True)
