"""The dependency-injector container: settings in, use-cases out.

Nothing is built at import time. ``build_container(settings)`` wires a fresh plugin manager, asks
the plugins for adapters and selects them by name from the settings; tests swap any provider with
``container.<name>.override(...)``.
"""

from __future__ import annotations

import operator

from dependency_injector import containers, providers

from application.appointments import Appointments, Availability
from application.assignments import Assignments
from application.audit import AuditQueries
from application.calcom_connection import CalcomConnections, ConnectedCalendars
from application.calcom_sync import CalcomSync, calcom_jobs
from application.booking import Bookings
from application.company import Companies, Staffing
from application.courses import Courses
from application.event_types import EventTypes
from application.membership import Leads, Memberships
from application.matrix_edit import MatrixEditor
from application.overview import AvailabilityOverview
from application.plugins import HookEventPublisher, collect_adapters, make_plugin_manager
from application.requests import Requests
from application.settings import Settings
from application.scheduling import JobRunner
from application.seeding import DemoSeeder
from application.stats import SystemStats
from application.sync import WodifySync, wodify_jobs
from application.tenancy import CompanyLookup
from application.transactions import Transactions


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    extra_plugins = providers.Object(())

    plugin_manager = providers.Singleton(
        make_plugin_manager, settings.provided.load_entry_points, extra_plugins
    )
    adapters = providers.Singleton(collect_adapters, plugin_manager)

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

    publisher = providers.Singleton(
        HookEventPublisher, plugin_manager, store.provided.record_plugin_failure, clock
    )
    transactions = providers.Singleton(
        Transactions,
        uow_factory=store.provided.unit_of_work,
        publisher=publisher,
        attempts=settings.provided.busy_attempts,
    )

    audit = providers.Factory(AuditQueries, transactions)
    courses = providers.Factory(Courses, transactions, clock)
    bookings = providers.Factory(Bookings, transactions, clock)
    wodify_sync = providers.Factory(WodifySync, transactions, clock, membership_gateway.provider)
    memberships = providers.Factory(Memberships, transactions, clock, membership_gateway.provider)
    leads = providers.Factory(Leads, transactions, clock, membership_gateway.provider)

    companies = providers.Factory(Companies, transactions)
    staffing = providers.Factory(Staffing, transactions)
    event_types = providers.Factory(EventTypes, transactions)
    assignments = providers.Factory(Assignments, transactions)
    # Company -> its Cal.com gateway, or None when not connected (application.calendar
    # .CompanyCalendars): the key is decrypted per use, never kept in memory longer.
    company_calendars = providers.Factory(
        ConnectedCalendars, transactions, secrets, calendar_gateways
    )
    availability = providers.Factory(Availability, transactions, clock, cache, company_calendars)
    appointments = providers.Factory(Appointments, transactions, clock, company_calendars)
    company_lookup = providers.Factory(CompanyLookup, transactions)
    requests = providers.Factory(
        Requests, companies, event_types, staffing, availability, appointments, clock
    )
    calcom_connections = providers.Factory(CalcomConnections, transactions, secrets)
    calcom_sync = providers.Factory(CalcomSync, transactions, clock, secrets, calendar_gateways)
    # The admin web app's read models and its one-save matrix.
    stats = providers.Factory(SystemStats, store.provided.counts.call(), wodify_sync.provider)
    availability_overview = providers.Factory(AvailabilityOverview, transactions, clock, availability)
    matrix_editor = providers.Factory(MatrixEditor, assignments)
    seeder = providers.Factory(
        DemoSeeder, companies, staffing, event_types, assignments, availability, appointments,
        courses, bookings, clock,
    )

    scheduled_jobs = providers.Callable(
        operator.add,
        providers.Callable(wodify_jobs, wodify_sync.provider),
        providers.Callable(calcom_jobs, calcom_sync.provider),
    )
    job_runner = providers.Factory(
        JobRunner, store.provided.job_runs.call(), clock, scheduled_jobs
    )
    scheduler_loop = providers.Singleton(
        adapters.provided.create.call("scheduler_loop", "schedule", settings)
    )


def build_container(settings: Settings | None = None, plugins: tuple[object, ...] = ()) -> Container:
    container = Container(settings=settings or Settings.from_env())
    container.extra_plugins.override(providers.Object(tuple(plugins)))
    return container
