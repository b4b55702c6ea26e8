"""The hook contract: one test per hook specification, loading and validating plugins.

Use-cases run through the real container with the store and clock swapped for fakes; the
meta-test at the bottom fails when ``application/hookspecs.py`` grows a hook without a test here.
"""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from dependency_injector import providers

from studiobook.application import hookspecs
from studiobook.application.container import build_container
from studiobook.application.hookspecs import hookimpl
from studiobook.application.plugins import PluginError, make_plugin_manager
from studiobook.application.settings import Settings
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.events import MemberSynced
from studiobook.domain.members.member import Member
from tests.fakes import FakeClock, FakeStore

# hook name -> the tests that exercise it; filled by @covers, checked by the meta-test.
HOOK_TESTS: dict[str, list[str]] = {}


def covers(hook_name: str):
    def register(test):
        HOOK_TESTS.setdefault(hook_name, []).append(test.__name__)
        return test

    return register


@dataclass
class FailureRecordingStore(FakeStore):
    failures: list = field(default_factory=list)

    def record_plugin_failure(self, hook, plugin, message, at) -> None:
        self.failures.append((hook, plugin, message, at))


def studio(*plugins, **settings):
    """The real container and plugin manager, on a fake store and clock."""
    settings = {"load_entry_points": False, **settings}
    container = build_container(Settings(**settings), plugins=plugins)
    container.store.override(providers.Object(FailureRecordingStore()))
    container.clock.override(providers.Object(FakeClock()))
    return container


def book(container, course_capacity=5, tickets=1, **options):
    studio_id = container.companies().create("Studio", "Europe/Berlin").id
    course = container.courses().create("Yoga", course_capacity, company_id=studio_id)
    booking = container.bookings().book(course.id, "Ada", "ada@example.org", tickets, **options)
    return course, booking


class Listener:
    """Records every booking hook call with the arguments it received."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    @hookimpl
    def studiobook_booking_confirmed(self, booking):
        self.calls.append(("confirmed", booking.id, booking.status, booking.tickets))

    @hookimpl
    def studiobook_booking_cancelled(self, booking, tickets, reason):
        self.calls.append(("cancelled", booking.id, booking.status, tickets, reason))

    @hookimpl
    def studiobook_booking_promoted(self, booking, waitlist_entry_id):
        self.calls.append(("promoted", booking.id, waitlist_entry_id))


# -- one test per hook -----------------------------------------------------------------------
@covers("studiobook_booking_confirmed")
def test_booking_confirmed_fires_for_new_and_later_confirmations():
    listener = Listener()
    container = studio(listener)
    course, booking = book(container)
    _, pending = book(container, status=BookingStatus.PENDING)
    container.bookings().change_status(pending.id, BookingStatus.CONFIRMED)
    assert listener.calls == [
        ("confirmed", booking.id, BookingStatus.CONFIRMED, 1),
        ("confirmed", pending.id, BookingStatus.CONFIRMED, 1),
    ]


@covers("studiobook_booking_confirmed")
def test_a_listener_gets_a_copy_it_cannot_change_the_booking_through():
    class Meddler:
        @hookimpl
        def studiobook_booking_confirmed(self, booking):
            booking.status = BookingStatus.CANCELLED
            booking.tickets = 99

    container = studio(Meddler())
    _, booking = book(container)
    stored = container.bookings().get(booking.id)
    assert (stored.status, stored.tickets) == (BookingStatus.CONFIRMED, 1)
    assert booking.status is BookingStatus.CONFIRMED


@covers("studiobook_booking_cancelled")
def test_booking_cancelled_gets_tickets_given_back_and_the_reason():
    listener = Listener()
    container = studio(listener)
    _, booking = book(container, tickets=3)
    container.bookings().cancel(booking.id, tickets=1, reason="one friend is ill")
    container.bookings().cancel(booking.id, reason="all ill")
    assert listener.calls[1:] == [
        ("cancelled", booking.id, BookingStatus.CONFIRMED, 1, "one friend is ill"),
        ("cancelled", booking.id, BookingStatus.CANCELLED, 2, "all ill"),
    ]


@covers("studiobook_booking_cancelled")
def test_an_implementation_may_take_a_subset_of_the_arguments():
    given_back = []

    class Invoicing:
        @hookimpl
        def studiobook_booking_cancelled(self, tickets):
            given_back.append(tickets)

    container = studio(Invoicing())
    _, booking = book(container, tickets=2)
    container.bookings().cancel(booking.id)
    assert given_back == [2]


@covers("studiobook_booking_promoted")
def test_booking_promoted_names_the_waitlist_entry_and_confirmed_fires_too():
    listener = Listener()
    container = studio(listener)
    course, holder = book(container, course_capacity=1)
    entry = container.bookings().book(course.id, "Bo", "bo@example.org", 1, waitlist=True)
    listener.calls.clear()

    container.bookings().cancel(holder.id)

    [new_booking] = container.bookings().list(course.id, BookingStatus.CONFIRMED)
    assert listener.calls == [
        ("cancelled", holder.id, BookingStatus.CANCELLED, 1, None),
        ("promoted", new_booking.id, entry.id),
        ("confirmed", new_booking.id, BookingStatus.CONFIRMED, 1),
    ]


@covers("studiobook_member_synced")
def test_member_synced_gets_the_member_and_whether_it_is_new():
    seen = []

    class Mailer:
        @hookimpl
        def studiobook_member_synced(self, member, created):
            seen.append((member.client_id, created))

    container = studio(Mailer())
    member = Member(
        "c-17", "Ada", "Lovelace", "ada@example.org", None, None, datetime(2026, 11, 1, tzinfo=UTC)
    )
    problems = container.publisher().publish(
        [MemberSynced(member, created=True), MemberSynced(member, created=False)]
    )
    assert problems == [] and seen == [("c-17", True), ("c-17", False)]


@covers("studiobook_register_adapters")
def test_register_adapters_offers_an_adapter_that_settings_select_by_name():
    frozen = FakeClock(datetime(2030, 1, 2, 3, 4, tzinfo=UTC))
    built_with = []

    class FrozenTime:
        @hookimpl
        def studiobook_register_adapters(self, registry):
            def build(settings):
                built_with.append(settings)
                return frozen

            registry.register("clock", "frozen", build)

    container = build_container(
        Settings(load_entry_points=False, clock="frozen"), plugins=[FrozenTime()]
    )
    container.store.override(providers.Object(FailureRecordingStore()))
    _, booking = book(container)
    assert container.clock() is frozen and booking.created_at == frozen.current
    assert [s.clock for s in built_with] == ["frozen"]
    assert "frozen" in container.adapters().names("clock")


# -- adapters --------------------------------------------------------------------------------
def test_an_unknown_adapter_name_is_a_clear_error_naming_the_installed_ones():
    container = build_container(Settings(load_entry_points=False, store="nope"))
    with pytest.raises(PluginError) as raised:
        container.store()
    assert "no store adapter named 'nope'" in str(raised.value)
    assert "installed: sql" in str(raised.value)


def test_two_plugins_offering_the_same_adapter_name_is_an_error_naming_both():
    class Impostor:
        @hookimpl
        def studiobook_register_adapters(self, registry):
            registry.register("store", "sql", lambda settings: None)

    container = build_container(Settings(load_entry_points=False), plugins=[Impostor()])
    with pytest.raises(PluginError, match="two plugins offer a store adapter named 'sql'") as err:
        container.adapters()
    assert "studiobook.adapters.sql.plugin" in str(err.value)


def test_built_in_adapters_are_plugins_and_each_manager_is_fresh():
    extra = Listener()
    first = make_plugin_manager(load_entry_points=False, plugins=[extra])
    second = make_plugin_manager(load_entry_points=False)
    assert first.has_plugin("studiobook.adapters.sql.plugin") and second.has_plugin("studiobook.adapters.clock")
    assert first.is_registered(extra) and not second.is_registered(extra)


# -- loading plugins -------------------------------------------------------------------------
def test_a_misspelled_hook_implementation_fails_at_start_up():
    class Typo:
        @hookimpl
        def studiobook_booking_canceled(self, booking):
            pass

    with pytest.raises(PluginError, match="studiobook_booking_canceled"):
        make_plugin_manager(load_entry_points=False, plugins=[Typo()])


def write_distribution(folder, module: str, source: str, entry_name: str) -> None:
    """A minimal installed distribution: a module and a dist-info with one entry point."""
    (folder / f"{module}.py").write_text(source)
    info = folder / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[studiobook]\n{entry_name} = {module}\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("demo_plugin", "broken_plugin"):
        sys.modules.pop(name, None)


DEMO_PLUGIN = """
from studiobook.application.hookspecs import hookimpl

CONFIRMED = []


@hookimpl
def studiobook_booking_confirmed(booking):
    CONFIRMED.append(booking.id)
"""


def test_an_entry_point_plugin_is_discovered_and_its_hook_called(site):
    write_distribution(site, "demo_plugin", DEMO_PLUGIN, "demo")
    assert make_plugin_manager(load_entry_points=True).has_plugin("demo")

    _, booking = book(studio(load_entry_points=True))
    assert sys.modules["demo_plugin"].CONFIRMED == [booking.id]


def test_entry_points_are_not_loaded_when_switched_off(site):
    write_distribution(site, "demo_plugin", DEMO_PLUGIN, "demo")
    assert not make_plugin_manager(load_entry_points=False).has_plugin("demo")


def test_a_broken_entry_point_plugin_is_a_plugin_error_naming_it(site):
    write_distribution(site, "broken_plugin", "import no_such_module_here\n", "broken")
    failed = "plugin 'broken' \\(broken_plugin\\) failed to load"
    with pytest.raises(PluginError, match=failed) as raised:
        make_plugin_manager(load_entry_points=True)
    assert "no_such_module_here" in str(raised.value)


# -- the meta-test ---------------------------------------------------------------------------
def hook_specifications(module) -> set[str]:
    marker = f"{hookspecs.PROJECT}_spec"
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("studiobook_") and hasattr(function, marker)
    }


def untested_hooks(module, registry: dict[str, list[str]]) -> set[str]:
    return hook_specifications(module) - {hook for hook, tests in registry.items() if tests}


def test_every_hook_specification_has_a_test():
    assert hook_specifications(hookspecs), "no hook specifications found"
    assert untested_hooks(hookspecs, HOOK_TESTS) == set()


def test_the_meta_test_notices_a_hook_without_a_test():
    class Specs:
        @staticmethod
        @hookspecs.hookspec
        def studiobook_something_new(thing) -> None:
            """Brand new."""

    fake_module = type(sys)("fake_hookspecs")
    fake_module.studiobook_something_new = Specs.studiobook_something_new
    fake_module.studiobook_booking_confirmed = hookspecs.studiobook_booking_confirmed
    assert untested_hooks(fake_module, HOOK_TESTS) == {"studiobook_something_new"}
