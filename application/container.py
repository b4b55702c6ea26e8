"""The dependency-injector container: settings in, use-cases out.

Nothing is built at import time. ``build_container(settings)`` wires a fresh plugin manager, asks
the plugins for adapters and selects them by name from the settings; tests swap any provider with
``container.<name>.override(...)``.

Little is imported either: every CLI command imports this module, so the use-case modules are
named by string (:func:`lazy`) and imported when their provider is first called, and
dependency_injector is imported without its optional web integrations.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Any

from studiobook.application.plugins import (
    HookEventPublisher,
    collect_adapters,
    make_plugin_manager,
)
from studiobook.application.settings import Settings

# Optional integrations dependency_injector probes for at import time, none of which studiobook
# uses through it: ``wiring`` (imported by ``containers``) looks for FastAPI, Starlette, Werkzeug
# and FastDepends markers for ``@inject`` (we never wire), ``providers`` for PyYAML and pydantic
# behind ``Configuration.from_yaml``/``from_pydantic`` (we have no ``Configuration``).
_UNUSED_INTEGRATIONS = (
    "fastapi", "starlette", "werkzeug", "fast_depends", "yaml", "pydantic_settings", "pydantic"
)


class _Hide:
    """A ``sys.meta_path`` finder that answers "not installed" for some top-level packages."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"{fullname} is hidden while importing dependency_injector")
        return None


def _import_dependency_injector() -> tuple[ModuleType, ModuleType]:
    """``dependency_injector``'s ``containers`` and ``providers`` without its optional probes.

    Each probe is an ``import`` inside ``suppress(ImportError)``/``except ImportError``; together
    they cost about 0.3 s (FastAPI alone most of it) on every CLI command, whose start-up budget
    is 0.3 s over a bare interpreter (``bench/cli_start.py``). dependency_injector has no switch
    for them, so a finder put first on ``sys.meta_path`` for the duration of this one import
    makes them fail as if the packages were not installed. (A ``None`` in ``sys.modules`` is not
    enough: the compiled ``providers`` module takes that ``None`` for the module.) Packages that
    are imported already are left alone, and nothing stays behind: a later ``import fastapi``
    (``studiobook serve``, the web app) loads the real package.
    """
    names = frozenset(name for name in _UNUSED_INTEGRATIONS if name not in sys.modules)
    finder = _Hide(names)
    sys.meta_path.insert(0, finder)
    try:
        from dependency_injector import containers, providers
    finally:
        sys.meta_path.remove(finder)
    return containers, providers


if TYPE_CHECKING:  # the same modules, for their types; the use-cases for the providers' types
    from dependency_injector import containers, providers

    from studiobook.application.admin.matrix_edit import MatrixEditor
    from studiobook.application.admin.overview import AvailabilityOverview
    from studiobook.application.admin.seeding import DemoSeeder
    from studiobook.application.admin.stats import SystemStats
    from studiobook.application.appointments.appointments import Appointments, Availability
    from studiobook.application.appointments.assignments import Assignments
    from studiobook.application.appointments.calcom.connection import (
        CalcomConnections,
        ConnectedCalendars,
    )
    from studiobook.application.appointments.calcom.sync import CalcomSync
    from studiobook.application.appointments.companies import Companies, Staffing
    from studiobook.application.appointments.customers import CustomerAppointments
    from studiobook.application.appointments.event_types import EventTypes
    from studiobook.application.appointments.tenancy import CompanyLookup
    from studiobook.application.courses.bookings import Bookings
    from studiobook.application.courses.courses import Courses
    from studiobook.application.courses.customers import CustomerBookings
    from studiobook.application.courses.timetables import Timetables
    from studiobook.application.jobs.runner import JobRunner
    from studiobook.application.members.history import MemberHistory
    from studiobook.application.members.memberships import Leads, Memberships
    from studiobook.application.members.wodify_sync import WodifySync
    from studiobook.application.notifications.dispatcher import Dispatcher
    from studiobook.application.notifications.reminders import Reminders
    from studiobook.application.notifications.review import OutboxReview
    from studiobook.application.requests.answers import Requests
    from studiobook.application.shared.audit import AuditQueries
    from studiobook.application.shared.transactions import Transactions
else:
    containers, providers = _import_dependency_injector()


def lazy(target: str) -> Callable[..., Any]:
    """``"module:attribute"`` as a callable that imports the module on its first call.

    Providers are declared with these instead of the use-case classes themselves, so importing
    the container (every CLI command does) imports no use-case module — nor what they pull in —
    until a command asks for that provider. ``container.<name>()`` and ``.override()`` are
    unchanged.
    """
    module_name, attribute = target.split(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module_name), attribute)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attribute
    call.__doc__ = f"{target}, imported on first use."
    return call


def every_job(*areas: list[Any]) -> list[Any]:
    """The scheduled jobs of every area, in one list (the runner runs them in this order)."""
    return [job for jobs in areas for job in jobs]


class Container(containers.DeclarativeContainer):
    """The map of the application: each adapter kind and the setting that names its adapter,
    then the use-cases of each area and what they are built from."""

    settings = providers.Dependency(instance_of=Settings)
    extra_plugins = providers.Object(())

    plugin_manager = providers.Singleton(
        make_plugin_manager, settings.provided.load_entry_points, extra_plugins
    )
    adapters = providers.Singleton(collect_adapters, plugin_manager)

    # -- adapters: kind (the port), chosen by the setting of the same name -------------------
    # One mechanism selects an adapter: a plugin registers it by kind and name, the setting
    # (STUDIOBOOK_<KIND>) names it. Tests override a provider instead: container.x.override(...).
    store = providers.Singleton(
        adapters.provided.create.call("store", settings.provided.store, settings)
    )
    clock = providers.Singleton(
        adapters.provided.create.call("clock", settings.provided.clock, settings)
    )
    cache = providers.Singleton(
        adapters.provided.create.call("cache", settings.provided.cache, settings)
    )
    secrets = providers.Singleton(
        adapters.provided.create.call("secrets", settings.provided.secrets, settings)
    )
    # API key -> a company's Cal.com gateway; each company has its own key.
    calendar_gateways = providers.Singleton(
        adapters.provided.create.call(
            "calendar_gateway", settings.provided.calendar_gateway, settings
        )
    )
    # Built on first use: an unconfigured WODIFY only matters to commands that talk to it.
    membership_gateway = providers.Singleton(
        adapters.provided.create.call(
            "membership_gateway", settings.provided.membership_gateway, settings
        )
    )
    recurrence = providers.Singleton(
        adapters.provided.create.call("recurrence", settings.provided.recurrence, settings)
    )
    # Public holidays of every country (the holidays library); one calendar, no setting.
    holiday_calendar = providers.Singleton(
        adapters.provided.create.call("holiday_calendar", "holidays", settings)
    )
    # The request parser's fuzzy distance (rapidfuzz; the domain's own is the default elsewhere).
    request_distance = providers.Singleton(
        adapters.provided.create.call("request_distance", "rapidfuzz", settings)
    )
    scheduler_loop = providers.Singleton(
        adapters.provided.create.call("scheduler_loop", "schedule", settings)
    )
    notifier = providers.Singleton(
        adapters.provided.create.call("notifier", settings.provided.notifier, settings)
    )
    # Counts for a scraper (`studiobook serve`: prometheus); the use-cases below that count take it.
    metrics = providers.Singleton(
        adapters.provided.create.call("metrics", settings.provided.metrics, settings)
    )
    # The cache as availability sees it: hits and misses counted from outside.
    availability_cache = providers.Singleton(
        lazy("studiobook.application.shared.metrics:CountingCache"), cache, metrics
    )

    # -- shared: transactions (busy retries, events after commit) and the audit trail ---------
    publisher = providers.Singleton(
        HookEventPublisher, plugin_manager, store.provided.record_plugin_failure, clock
    )
    transactions: providers.Singleton[Transactions] = providers.Singleton(
        lazy("studiobook.application.shared.transactions:Transactions"),
        uow_factory=store.provided.unit_of_work,
        publisher=publisher,
        attempts=settings.provided.busy_attempts,
    )
    audit: providers.Factory[AuditQueries] = providers.Factory(
        lazy("studiobook.application.shared.audit:AuditQueries"), transactions
    )

    # -- courses -------------------------------------------------------------------------------
    # Customers are told of their bookings through the outbox; whom the studio's action touches
    # is written to in the studio's language (STUDIOBOOK_DEFAULT_LANGUAGE) unless known better.
    courses: providers.Factory[Courses] = providers.Factory(
        lazy("studiobook.application.courses.courses:Courses"), transactions, clock,
        studio_language=settings.provided.default_language,
    )
    bookings: providers.Factory[Bookings] = providers.Factory(
        lazy("studiobook.application.courses.bookings:Bookings"), transactions, clock,
        studio_language=settings.provided.default_language, metrics=metrics,
    )
    timetables: providers.Factory[Timetables] = providers.Factory(
        lazy("studiobook.application.courses.timetables:Timetables"),
        transactions, clock, recurrence, settings.provided.timetable_weeks_ahead,
        studio_language=settings.provided.default_language,
    )
    # Anonymous customers (the public booking API): the course's rules all apply to them.
    customer_bookings: providers.Factory[CustomerBookings] = providers.Factory(
        lazy("studiobook.application.courses.customers:CustomerBookings"), transactions, clock,
        studio_language=settings.provided.default_language, metrics=metrics,
    )

    # -- members and leads (WODIFY) ------------------------------------------------------------
    wodify_sync: providers.Factory[WodifySync] = providers.Factory(
        lazy("studiobook.application.members.wodify_sync:WodifySync"),
        transactions, clock, membership_gateway.provider,
    )
    memberships: providers.Factory[Memberships] = providers.Factory(
        lazy("studiobook.application.members.memberships:Memberships"),
        transactions, clock, membership_gateway.provider,
    )
    leads: providers.Factory[Leads] = providers.Factory(
        lazy("studiobook.application.members.memberships:Leads"),
        transactions, clock, membership_gateway.provider,
    )
    member_history: providers.Factory[MemberHistory] = providers.Factory(
        lazy("studiobook.application.members.history:MemberHistory"), transactions
    )

    # -- appointments: companies, staff, event types, availability (and Cal.com) ---------------
    companies: providers.Factory[Companies] = providers.Factory(
        lazy("studiobook.application.appointments.companies:Companies"), transactions,
        holidays=holiday_calendar,
    )
    staffing: providers.Factory[Staffing] = providers.Factory(
        lazy("studiobook.application.appointments.companies:Staffing"), transactions
    )
    event_types: providers.Factory[EventTypes] = providers.Factory(
        lazy("studiobook.application.appointments.event_types:EventTypes"), transactions
    )
    assignments: providers.Factory[Assignments] = providers.Factory(
        lazy("studiobook.application.appointments.assignments:Assignments"), transactions
    )
    company_lookup: providers.Factory[CompanyLookup] = providers.Factory(
        lazy("studiobook.application.appointments.tenancy:CompanyLookup"), transactions
    )
    # Company -> its Cal.com gateway, or None when not connected (CompanyCalendars): the key is
    # decrypted per use, never kept in memory longer.
    company_calendars: providers.Factory[ConnectedCalendars] = providers.Factory(
        lazy("studiobook.application.appointments.calcom.connection:ConnectedCalendars"),
        transactions, secrets, calendar_gateways,
    )
    # One per process: the web threads take turns computing availability (Availability.gate).
    availability_gate = providers.Singleton(
        threading.BoundedSemaphore, settings.provided.availability_threads
    )
    availability: providers.Factory[Availability] = providers.Factory(
        lazy("studiobook.application.appointments.appointments:Availability"),
        transactions, clock, availability_cache, company_calendars, holidays=holiday_calendar,
        gate=availability_gate,
    )
    appointments: providers.Factory[Appointments] = providers.Factory(
        lazy("studiobook.application.appointments.appointments:Appointments"),
        transactions, clock, company_calendars,
        studio_language=settings.provided.default_language, holidays=holiday_calendar,
    )
    day_sheets: providers.Factory[Any] = providers.Factory(
        lazy("studiobook.application.appointments.day_sheet:DaySheets"), transactions, clock
    )
    customer_appointments: providers.Factory[CustomerAppointments] = providers.Factory(
        lazy("studiobook.application.appointments.customers:CustomerAppointments"),
        transactions, clock, availability, appointments, metrics=metrics,
    )
    calcom_connections: providers.Factory[CalcomConnections] = providers.Factory(
        lazy("studiobook.application.appointments.calcom.connection:CalcomConnections"),
        transactions, secrets,
    )
    calcom_sync: providers.Factory[CalcomSync] = providers.Factory(
        lazy("studiobook.application.appointments.calcom.sync:CalcomSync"),
        transactions, clock, secrets, calendar_gateways,
    )

    # -- notifications: the outbox's dispatcher, the reminders, the outbox for the admin --------
    dispatcher: providers.Factory[Dispatcher] = providers.Factory(
        lazy("studiobook.application.notifications.dispatcher:Dispatcher"),
        transactions, notifier, clock,
    )
    reminders: providers.Factory[Reminders] = providers.Factory(
        lazy("studiobook.application.notifications.reminders:Reminders"),
        transactions, clock, providers.Callable(timedelta, hours=settings.provided.reminder_hours),
        settings.provided.default_language,
    )
    outbox_review: providers.Factory[OutboxReview] = providers.Factory(
        lazy("studiobook.application.notifications.review:OutboxReview"), transactions, clock
    )

    # -- requests in plain language --------------------------------------------------------------
    requests: providers.Factory[Requests] = providers.Factory(
        lazy("studiobook.application.requests.answers:Requests"),
        companies, event_types, staffing, availability, appointments, clock,
        distance=request_distance,
    )

    # -- admin: the web app's read models, its one-save matrix, the demo data -------------------
    stats: providers.Factory[SystemStats] = providers.Factory(
        lazy("studiobook.application.admin.stats:SystemStats"),
        store.provided.counts.call(), wodify_sync.provider,
    )
    availability_overview: providers.Factory[AvailabilityOverview] = providers.Factory(
        lazy("studiobook.application.admin.overview:AvailabilityOverview"),
        transactions, clock, availability,
    )
    matrix_editor: providers.Factory[MatrixEditor] = providers.Factory(
        lazy("studiobook.application.admin.matrix_edit:MatrixEditor"), assignments
    )
    seeder: providers.Factory[DemoSeeder] = providers.Factory(
        lazy("studiobook.application.admin.seeding:DemoSeeder"),
        companies, staffing, event_types, assignments, availability, appointments,
        courses, bookings, clock,
    )

    # -- jobs: what runs on a schedule, once across processes -----------------------------------
    scheduled_jobs = providers.Callable(
        every_job,
        providers.Callable(
            lazy("studiobook.application.notifications.jobs:notification_jobs"),
            dispatcher.provider, reminders.provider,
        ),
        providers.Callable(
            lazy("studiobook.application.members.wodify_sync:wodify_jobs"), wodify_sync.provider
        ),
        providers.Callable(
            lazy("studiobook.application.appointments.calcom.sync:calcom_jobs"),
            calcom_sync.provider,
        ),
        # The courses area may not import the jobs area: it is handed the Job class.
        providers.Callable(
            lazy("studiobook.application.courses.timetables:timetable_jobs"),
            timetables.provider, providers.Object(lazy("studiobook.application.jobs.runner:Job")),
        ),
    )
    job_runner: providers.Factory[JobRunner] = providers.Factory(
        lazy("studiobook.application.jobs.runner:JobRunner"),
        store.provided.job_runs.call(), clock, scheduled_jobs, metrics=metrics,
    )


def build_container(settings: Settings | None = None, plugins: tuple[object, ...] = ()) -> Container:
    container = Container(settings=settings or Settings.from_env())
    container.extra_plugins.override(providers.Object(tuple(plugins)))
    return container
