"""The public API of studiobook: the one supported way to embed it in another application.

Everything listed in ``__all__`` here is public and kept stable; every other module (the
container, the use-case modules, the adapters, the CLI) is internal and may change without notice.
Import from here::

    from studiobook.application.api import open_studiobook

    with open_studiobook(database_url="sqlite:///my-app.db") as studio:
        box = studio.companies.create("CrossFit Nord", "Europe/Berlin")
        course = studio.courses.create("WOD 18:00", capacity=10, company_id=box.id)
        studio.bookings.book(course.id, name="Anna Berg", email="anna@example.com")

An embedding app can hand in its own SQLAlchemy ``engine``, its own ``clock`` (anything with
``now() -> aware datetime``) and its own pluggy ``plugin_manager`` (from
:func:`studiobook.application.plugins.make_plugin_manager`, so the hook specs and built-ins are present).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dependency_injector import providers

from studiobook.application.appointments.appointments import Appointments, Availability
from studiobook.application.appointments.assignments import Assignments
from studiobook.application.appointments.calcom.sync import CalcomSync
from studiobook.application.appointments.companies import Companies, Staffing
from studiobook.application.appointments.event_types import EventTypes
from studiobook.application.container import Container, build_container
from studiobook.application.courses.bookings import Bookings
from studiobook.application.courses.courses import Courses
from studiobook.application.hookspecs import hookimpl
from studiobook.application.members.memberships import Leads, Memberships
from studiobook.application.members.wodify_sync import WodifySync
from studiobook.application.plugins import PluginError
from studiobook.application.requests.answers import Requests
from studiobook.application.settings import Settings, SettingsError
from studiobook.application.shared.audit import AuditEntry, AuditQueries
from studiobook.application.shared.ports import Clock, GatewayError, StoreBusy, StoreUnavailable
from studiobook.domain.appointments.appointments import Appointment, AppointmentStatus
from studiobook.domain.appointments.availability import Slot
from studiobook.domain.appointments.company import Branch, Company
from studiobook.domain.appointments.errors import SlotNotAvailable
from studiobook.domain.appointments.event_types import EventType
from studiobook.domain.appointments.staff import Assignment, Staff
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.members.leads import Lead, LeadStatus
from studiobook.domain.members.member import Member, MembershipStatus
from studiobook.domain.shared.errors import (
    BookingNotFound,
    BookingNotOpen,
    BookingRefused,
    CancelCutoffPassed,
    CourseClosed,
    CourseNotFound,
    DomainError,
    IllegalTransition,
    InvalidValue,
    MembershipRequired,
    NotEnoughFreeSpots,
    NotFound,
)

__all__ = [
    # entry point
    "Studiobook",
    "open_studiobook",
    "Settings",
    "hookimpl",
    # errors an embedder catches
    "DomainError",
    "NotFound",
    "CourseNotFound",
    "BookingNotFound",
    "InvalidValue",
    "NotEnoughFreeSpots",
    "BookingRefused",
    "MembershipRequired",
    "BookingNotOpen",
    "CourseClosed",
    "CancelCutoffPassed",
    "IllegalTransition",
    "SlotNotAvailable",
    "StoreBusy",
    "StoreUnavailable",
    "GatewayError",
    "PluginError",
    "SettingsError",
    # values the use-cases return
    "Course",
    "Booking",
    "BookingStatus",
    "WaitlistEntry",
    "Member",
    "MembershipStatus",
    "Lead",
    "LeadStatus",
    "Company",
    "Branch",
    "Staff",
    "Assignment",
    "EventType",
    "Slot",
    "Appointment",
    "AppointmentStatus",
    "AuditEntry",
]


class Studiobook:
    """The use-cases of one studiobook, by area. Each property gives a fresh use-case object
    (cheap: they share the store); use it for one or many calls. Close when done, or use
    ``with``."""

    def __init__(self, container: Container, *, owns_store: bool = True) -> None:
        self._container = container
        self._owns_store = owns_store

    @property
    def settings(self) -> Settings:
        return self._container.settings()

    @property
    def courses(self) -> Courses:
        return self._container.courses()

    @property
    def bookings(self) -> Bookings:
        return self._container.bookings()

    @property
    def members(self) -> Memberships:
        return self._container.memberships()

    @property
    def leads(self) -> Leads:
        return self._container.leads()

    @property
    def sync(self) -> WodifySync:
        """Member and lead syncs from the membership system (WODIFY by default)."""
        return self._container.wodify_sync()

    @property
    def appointments(self) -> Appointments:
        return self._container.appointments()

    @property
    def availability(self) -> Availability:
        return self._container.availability()

    @property
    def companies(self) -> Companies:
        return self._container.companies()

    @property
    def staff(self) -> Staffing:
        return self._container.staffing()

    @property
    def event_types(self) -> EventTypes:
        return self._container.event_types()

    @property
    def assignments(self) -> Assignments:
        return self._container.assignments()

    @property
    def requests(self) -> Requests:
        """Natural-language requests ("Massage bei Petra morgen 10 Uhr")."""
        return self._container.requests()

    @property
    def audit(self) -> AuditQueries:
        return self._container.audit()

    @property
    def calcom(self) -> CalcomSync:
        """Event type and team member syncs from each company's calendar (Cal.com by default)."""
        return self._container.calcom_sync()

    def close(self) -> None:
        """Release the database connections — unless the engine was the caller's own."""
        if self._owns_store:
            dispose = getattr(self._container.store(), "dispose", None)
            if dispose is not None:
                dispose()

    def __enter__(self) -> Studiobook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_studiobook(
    settings: Settings | None = None,
    *,
    database_url: str | None = None,
    engine: Any = None,
    clock: Clock | None = None,
    plugin_manager: Any = None,
    plugins: tuple[object, ...] = (),
) -> Studiobook:
    """Wire studiobook and make sure its database schema is current (an empty one is migrated).

    :param settings: defaults to ``Settings.from_env()``; ``database_url`` overrides its URL.
    :param engine: an SQLAlchemy engine the caller owns (and disposes); ``close()`` leaves it open.
    :param clock: replaces the system clock, e.g. a fake in the embedder's tests.
    :param plugin_manager: replaces the one studiobook would build (entry points, built-ins).
    :param plugins: extra plugin objects or modules registered with studiobook's own manager.
    :raises PluginError: a selected adapter name is not installed (the message lists the choices).
    """
    settings = settings or Settings.from_env()
    if database_url is not None:
        settings = replace(settings, database_url=database_url).validated()
    container = build_container(settings, plugins=tuple(plugins))
    if plugin_manager is not None:
        container.plugin_manager.override(providers.Object(plugin_manager))
    if clock is not None:
        container.clock.override(providers.Object(clock))
    if engine is not None:
        store = container.adapters().create("store", settings.store, settings, engine=engine)
        container.store.override(providers.Object(store))
    ensure_schema = getattr(container.store(), "ensure_schema", None)
    if ensure_schema is not None:
        ensure_schema()
    return Studiobook(container, owns_store=engine is None)
