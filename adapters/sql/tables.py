"""The schema. Free spots are deliberately absent: they are a live sum over ``bookings``."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from studiobook.adapters.sql.types import UTCDateTime
from studiobook.domain.appointments.appointments import AppointmentStatus
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.waitlist import WaitlistStatus
from studiobook.domain.members.leads import LeadStatus
from studiobook.domain.members.member import MembershipStatus
from studiobook.domain.notifications.delivery import DeliveryStatus

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _one_of(column: str, values: Iterable[Enum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


courses = Table(
    "courses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("starts_at", UTCDateTime()),
    Column("ends_at", UTCDateTime()),
    Column("branch_id", Integer),
    # SPEC 2.1a: every course belongs to a studio; a session of a timetable points at it.
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("instructor_id", Integer, ForeignKey("staff.id")),
    Column("timetable_id", Integer, ForeignKey("timetables.id")),
    Column("members_only", Boolean, nullable=False, server_default="0"),
    Column("opens_before_minutes", Integer),
    Column("cancel_cutoff_minutes", Integer),
    Column("cancelled", Boolean, nullable=False, server_default="0"),
    CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    # One session per timetable and start: two schedulers materialising at once cannot both
    # insert it (the loser's INSERT does nothing).
    UniqueConstraint("timetable_id", "starts_at", name="uq_courses_timetable_start"),
    Index("ix_courses_company_start", "company_id", "starts_at"),
    # A session removed from a timetable must not hand its id to the next course: a customer's
    # page or a client may still hold it. PostgreSQL never reuses ids; SQLite needs this.
    sqlite_autoincrement=True,
)

timetables = Table(
    "timetables",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("branch_id", Integer, ForeignKey("branches.id")),
    Column("instructor_id", Integer, ForeignKey("staff.id")),
    Column("title", String(200), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("rrule", Text, nullable=False),  # RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE,FR
    # The first start as local wall-clock time in the company's zone ("2027-01-04T18:00"):
    # 18:00 stays 18:00 across DST changes, which an instant could not say.
    Column("starts_local", String(16), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("until", Date),
    Column("members_only", Boolean, nullable=False, server_default="0"),
    Column("opens_before_minutes", Integer),
    Column("cancel_cutoff_minutes", Integer),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", UTCDateTime(), nullable=False),
    CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    CheckConstraint("duration_minutes > 0", name="duration_positive"),
    Index("ix_timetables_company", "company_id", "id"),
)

bookings = Table(
    "bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("course_id", Integer, ForeignKey("courses.id"), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("customer_email", String(320), nullable=False),
    Column("tickets", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    CheckConstraint("tickets >= 1", name="tickets_positive"),
    CheckConstraint(_one_of("status", BookingStatus), name="status_known"),
    # Serves the live seat sum: WHERE course_id = ? AND status IN (...) SUM(tickets).
    Index("ix_bookings_course_status", "course_id", "status", "tickets"),
)

waitlist_entries = Table(
    "waitlist_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("course_id", Integer, ForeignKey("courses.id"), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("customer_email", String(320), nullable=False),
    Column("tickets", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("booking_id", Integer, ForeignKey("bookings.id")),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("language", String(2)),  # the customer's, for the message when they move up
    CheckConstraint("tickets >= 1", name="tickets_positive"),
    CheckConstraint(_one_of("status", WaitlistStatus), name="status_known"),
    Index("ix_waitlist_course_status", "course_id", "status", "id"),
)

plugin_failures = Table(
    "plugin_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hook", String(100), nullable=False),
    Column("plugin", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("occurred_at", UTCDateTime(), nullable=False),
)

scheduled_jobs = Table(
    "scheduled_jobs",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("last_started_at", UTCDateTime()),
    Column("last_finished_at", UTCDateTime()),
    Column("last_outcome", String(20)),
    Column("last_message", Text),
    # The lease: who runs the job right now, and until when the claim holds if they die.
    Column("lease_owner", String(200)),
    Column("lease_expires_at", UTCDateTime()),
)

# -- WODIFY: local copies (WODIFY is the source of truth) and the record of every sync ---------

members = Table(
    "members",
    metadata,
    Column("client_id", String(64), primary_key=True),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("email", String(320), nullable=False),
    Column("phone", String(40)),
    Column("membership_id", String(64)),
    Column("membership_type", String(100)),
    Column("membership_status", String(20)),
    Column("monthly_price", Numeric(10, 2)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("updated_at", UTCDateTime(), nullable=False),  # when WODIFY last changed the client
    Column("stored_at", UTCDateTime(), nullable=False),  # when this copy was last written
    # a hash of the WODIFY record as last received (None: written before it was kept, or not by
    # the sync): a sync skips a record whose hash is unchanged without mapping it
    Column("content_hash", String(64)),
    CheckConstraint(
        "membership_status IS NULL OR " + _one_of("membership_status", MembershipStatus),
        name="status_known",
    ),
    CheckConstraint("monthly_price IS NULL OR monthly_price >= 0", name="price_not_negative"),
    Index("ix_members_status", "membership_status", "client_id"),
)

leads = Table(
    "leads",
    metadata,
    Column("lead_id", String(64), primary_key=True),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("email", String(320), nullable=False),
    Column("phone", String(40)),
    Column("status", String(20), nullable=False),
    Column("interested_in", Text),
    Column("message", Text),
    Column("notes", Text),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("stored_at", UTCDateTime(), nullable=False),
    Column("content_hash", String(64)),  # as in members
    CheckConstraint(_one_of("status", LeadStatus), name="status_known"),
    Index("ix_leads_status", "status", "lead_id"),
)

sync_runs = Table(
    "sync_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),  # "members" | "leads"
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime()),
    Column("outcome", String(20), nullable=False),  # running | ok | partial | failed | interrupted
    Column("created", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
    Column("message", Text),
    # Refreshed by the running process with every page: a run whose heartbeat is older than the
    # lease belongs to a process that died (schema 0009; none on runs from before).
    Column("heartbeat_at", UTCDateTime()),
    Index("ix_sync_runs_kind_started", "kind", "started_at"),
)

sync_errors = Table(
    "sync_errors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("sync_runs.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("record_id", String(64)),
    Column("reason", Text, nullable=False),
    Column("occurred_at", UTCDateTime(), nullable=False),
)

# -- Appointments (SPEC 2.3): every row carries its company, and every query is scoped by it ---
# Working hours, limits, metadata and overrides are JSON text: read and written whole, never
# queried into.

companies = Table(
    "companies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    # In public addresses (/book/{slug}, /api/v1/companies/{slug}); unique, from the name.
    Column("slug", String(100), nullable=False),
    Column("time_zone", String(64), nullable=False),
    # No foreign key: event types point at their company, a cycle would complicate every insert.
    Column("default_event_type_id", Integer),
    # Bumped in the same transaction as every change that can alter an availability answer; part
    # of the cache key, so processes sharing the database never serve each other stale answers.
    Column("availability_generation", Integer, nullable=False, server_default="0"),
    # Cal.com connection: the API key only ever as a Fernet token (see adapters/secrets).
    Column("calcom_team_id", BigInteger),
    Column("calcom_api_key", Text),
    Column("calcom_event_types_synced_at", UTCDateTime()),
    Column("calcom_team_synced_at", UTCDateTime()),
    # Public holidays (issue 17): ISO 3166-1 country and its subdivision; NULL: no holidays.
    Column("country", String(2)),
    Column("subdivision", String(32)),
    Column("closed_on_holidays", Boolean, nullable=False, server_default="1"),
    UniqueConstraint("slug", name="uq_companies_slug"),
)

# A company's word on one date: open on that holiday anyway (true), closed on it (false).
company_closures = Table(
    "company_closures",
    metadata,
    Column("company_id", Integer, ForeignKey("companies.id"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("open", Boolean, nullable=False),
)

branches = Table(
    "branches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("time_zone", String(64)),
    Index("ix_branches_company", "company_id", "id"),
)

staff = Table(
    "staff",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("branch_id", Integer, ForeignKey("branches.id")),
    Column("name", String(100), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("working_hours", Text, nullable=False),
    Column("calcom_username", String(100)),
    Column("email", String(320)),  # lets Cal.com hosts be matched by e-mail too
    Column("active", Boolean, nullable=False),
    # Bumped with every change of this person's availability (bookings, hours, assignments);
    # part of their cached per-day answers' keys (issue 18, schema 0015).
    Column("availability_generation", Integer, nullable=False, server_default="0"),
    Index("ix_staff_company", "company_id", "id"),
)

event_types = Table(
    "event_types",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("branch_id", Integer, ForeignKey("branches.id")),
    Column("name", String(100), nullable=False),
    Column("slug", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("price", Numeric(10, 2), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("team_event", Boolean, nullable=False),
    Column("requires_confirmation", Boolean, nullable=False),
    Column("slot_interval_minutes", Integer),
    Column("buffer_before_minutes", Integer, nullable=False),
    Column("buffer_after_minutes", Integer, nullable=False),
    Column("minimum_notice_minutes", Integer, nullable=False),
    Column("booking_limits", Text, nullable=False),
    Column("metadata", Text, nullable=False),
    Column("calcom_id", BigInteger),
    Column("last_synced_at", UTCDateTime()),
    # Bumped with every edit of the event type; part of its cached answers' keys (schema 0015).
    Column("availability_generation", Integer, nullable=False, server_default="0"),
    UniqueConstraint("company_id", "slug", name="uq_event_types_company_slug"),
    CheckConstraint("price >= 0", name="price_not_negative"),
)

staff_event_types = Table(
    "staff_event_types",
    metadata,
    # The company is repeated here so that loading one company's assignments needs no join.
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("staff_id", Integer, ForeignKey("staff.id"), primary_key=True),
    Column("event_type_id", Integer, ForeignKey("event_types.id"), primary_key=True),
    Column("is_primary", Boolean, nullable=False),
    Column("custom_duration", Integer),
    Column("custom_price", Numeric(10, 2)),
    Column("availability_override", Text),
    Index("ix_staff_event_types_company_type", "company_id", "event_type_id"),
)

appointments = Table(
    "appointments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("event_type_id", Integer, ForeignKey("event_types.id"), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("status", String(20), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("customer_email", String(320)),
    Column("calcom_booking_uid", String(100)),
    # Fixed at booking (custom price, else the event type's); NULL: booked before 0010 without
    # an event type to take it from (see that migration).
    Column("price", Numeric(10, 2)),
    CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    CheckConstraint(_one_of("status", AppointmentStatus), name="status_known"),
    # Serves "this staff member's appointments in a window", the engine's and the live check's;
    # covering what availability reads of them, so that read never visits the rows (0017).
    Index(
        "ix_appointments_staff_booked",
        "staff_id", "starts_at", "ends_at", "status", "event_type_id", "company_id",
    ),  # fmt: skip
)


# -- audit: who changed what, when, with the values before and after (secrets redacted) -------

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("occurred_at", UTCDateTime(), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("company_id", Integer),
    Column("entity", String(50), nullable=False),
    Column("entity_id", String(64)),
    Column("action", String(50), nullable=False),
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
    Index("ix_audit_company_time", "company_id", "occurred_at"),
    Index("ix_audit_entity", "entity", "entity_id"),
)


# -- public booking (SPEC 6): manage tokens and remembered answers ------------------------------

manage_tokens = Table(
    "manage_tokens",
    metadata,
    # Only the SHA-256 of a token is stored: a copy of the database opens no customer's booking.
    Column("token_hash", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),  # booking | waitlist_entry | appointment
    Column("record_id", Integer, nullable=False),
    Column("company_id", Integer, ForeignKey("companies.id"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_manage_tokens_record", "kind", "record_id"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    # The answer to a request sent with an Idempotency-Key, stored in the transaction that wrote
    # what it reports: a retry gets the same answer and writes nothing twice.
    Column("scope", String(200), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),  # SHA-256 of the request
    Column("status_code", Integer, nullable=False),
    Column("body", Text, nullable=False),  # JSON
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_idempotency_keys_created", "created_at"),
)


# -- notifications (issue 15): the transactional outbox -------------------------------------------

outbox = Table(
    "outbox",
    metadata,
    # A message to a customer, written in the transaction of the change it reports and sent
    # after it by a dispatcher (application/notifications/dispatcher.py).
    Column("id", Integer, primary_key=True),
    Column("message_id", String(200), nullable=False),  # the e-mail's Message-ID, every send
    Column("kind", String(40), nullable=False),
    Column("company_id", Integer),  # the studio's admin sees its own messages only
    Column("about", String(100), nullable=False),  # the calendar entry: booking-12, appointment-7
    Column("recipient", String(320), nullable=False),
    # At most one message per key (a reminder: one per booking and start), decided here.
    Column("once_key", String(200)),
    Column("message", Text, nullable=False),  # JSON: what the text and the calendar file say
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    # A dispatcher's claim on the message for one send; one that died lets it run out.
    Column("claimed_by", String(200)),
    Column("claimed_until", UTCDateTime()),
    Column("last_error", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    CheckConstraint(_one_of("status", DeliveryStatus), name="status_known"),
    CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    UniqueConstraint("message_id", name="uq_outbox_message_id"),
    UniqueConstraint("once_key", name="uq_outbox_once_key"),
    # Serves the dispatcher's "pending and due", the sequence count per entry, the admin list.
    Index("ix_outbox_status_next", "status", "next_attempt_at"),
    Index("ix_outbox_about", "about", "id"),
    Index("ix_outbox_company", "company_id", "id"),
)


# Admin page sessions (``studiobook.adapters.sql.sessions``): a hash of the id, never the id.
admin_sessions = Table(
    "admin_sessions",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("principal", String(120), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires", Float, nullable=False),
    Index("ix_admin_sessions_expires", "expires"),
)


# The task queue's jobs and their outcomes (issue 19, schema 0016). On the embedded database a
# job runs when it is queued and this is all there is; on PostgreSQL the id is procrastinate's
# job id and this keeps what procrastinate does not: each job's last summary or error.
task_runs = Table(
    "task_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("task", String(100), nullable=False),
    Column("args", Text, nullable=False),  # JSON
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("lock", String(200)),
    Column("queueing_lock", String(200)),
    Column("message", Text),
    Column("queued_at", UTCDateTime(), nullable=False),
    Column("started_at", UTCDateTime()),
    Column("finished_at", UTCDateTime()),
    CheckConstraint(
        "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')", name="status_known"
    ),
    Index("ix_task_runs_status", "status", "id"),
)
