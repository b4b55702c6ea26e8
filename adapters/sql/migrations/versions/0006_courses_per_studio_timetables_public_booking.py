"""Courses belong to a studio; timetables; booking rules; company slugs; manage tokens and
idempotency keys for public booking.

Existing courses keep every field and every booking. Each is given a company this way:
1. a course whose ``branch_id`` names an existing branch goes to that branch's company;
2. otherwise, when exactly one company exists, to that company;
3. otherwise (no company, or several and no branch to tell them apart) to a new company
   "Studio" in UTC — the zone the times were shown in until now — which the operator renames
   or re-zones; nothing is guessed across tenants.
A ``branch_id`` that names no branch of the course's company is cleared (it pointed nowhere).
Existing companies get a slug from their name (``salon-anna``; ``-2``, ``-3``... when taken).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

import sqlalchemy as sa
import studiobook.adapters.sql.types
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

UTC_DATETIME = studiobook.adapters.sql.types.UTCDateTime(timezone=True)


def slug_of(name: str) -> str:
    """The same rule as the application's (``salon-anna``), frozen here as of this revision."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    if slug.isdigit():
        slug = f"studio-{slug}"
    return slug or "studio"


def free_slug(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... — the first no company has yet."""
    slug, number = wanted, 1
    while slug in taken:
        number += 1
        slug = f"{wanted}-{number}"
    return slug


def upgrade() -> None:
    # On SQLite, batch mode rebuilds companies and courses while others point at them:
    # studiobook's upgrade() runs migrations with foreign keys off and checks them at the end.
    connection = op.get_bind()

    # -- companies: a slug for public addresses ------------------------------------------------
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slug', sa.String(length=100), nullable=True))
    taken: set[str] = set()
    for company_id, name in connection.execute(sa.text("SELECT id, name FROM companies ORDER BY id")).all():
        slug = free_slug(slug_of(name), taken)
        taken.add(slug)
        connection.execute(
            sa.text("UPDATE companies SET slug = :slug WHERE id = :id"), {"slug": slug, "id": company_id}
        )
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=100), nullable=False)
        batch_op.create_unique_constraint('uq_companies_slug', ['slug'])

    # -- timetables --------------------------------------------------------------------------------
    op.create_table('timetables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('instructor_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('rrule', sa.Text(), nullable=False),
    sa.Column('starts_local', sa.String(length=16), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('members_only', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('opens_before_minutes', sa.Integer(), nullable=True),
    sa.Column('cancel_cutoff_minutes', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('created_at', UTC_DATETIME, nullable=False),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_timetables_capacity_not_negative')),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_timetables_duration_positive')),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_timetables_branch_id_branches')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_timetables_company_id_companies')),
    sa.ForeignKeyConstraint(['instructor_id'], ['staff.id'], name=op.f('fk_timetables_instructor_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timetables'))
    )
    op.create_index('ix_timetables_company', 'timetables', ['company_id', 'id'])

    # -- courses: company (backfilled), instructor, timetable, rules, cancelled -------------------
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('instructor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('timetable_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('members_only', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('opens_before_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_cutoff_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancelled', sa.Boolean(), server_default='0', nullable=False))
    _assign_courses_to_companies(connection, taken)
    # recreate="always" on SQLite so the new table is AUTOINCREMENT: a session removed from a
    # timetable never hands its id to a later course.
    recreate: Literal["always", "auto"] = "always" if connection.dialect.name == "sqlite" else "auto"
    with op.batch_alter_table(
        'courses', schema=None, recreate=recreate, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.alter_column('company_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f('fk_courses_company_id_companies'), 'companies', ['company_id'], ['id'])
        batch_op.create_foreign_key(op.f('fk_courses_instructor_id_staff'), 'staff', ['instructor_id'], ['id'])
        batch_op.create_foreign_key(op.f('fk_courses_timetable_id_timetables'), 'timetables', ['timetable_id'], ['id'])
        batch_op.create_unique_constraint('uq_courses_timetable_start', ['timetable_id', 'starts_at'])
        batch_op.create_index('ix_courses_company_start', ['company_id', 'starts_at'])

    # -- public booking: manage tokens and remembered answers -------------------------------------
    op.create_table('manage_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTC_DATETIME, nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_manage_tokens_company_id_companies')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_manage_tokens'))
    )
    op.create_index('ix_manage_tokens_record', 'manage_tokens', ['kind', 'record_id'])
    op.create_table('idempotency_keys',
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', UTC_DATETIME, nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_idempotency_keys'))
    )
    op.create_index('ix_idempotency_keys_created', 'idempotency_keys', ['created_at'])


def _assign_courses_to_companies(connection: sa.Connection, taken_slugs: set[str]) -> None:
    connection.execute(sa.text(
        "UPDATE courses SET company_id = "
        "(SELECT b.company_id FROM branches b WHERE b.id = courses.branch_id) "
        "WHERE branch_id IS NOT NULL"
    ))
    unassigned = connection.execute(
        sa.text("SELECT count(*) FROM courses WHERE company_id IS NULL")
    ).scalar_one()
    if unassigned:
        companies = [row[0] for row in connection.execute(sa.text("SELECT id FROM companies"))]
        if len(companies) == 1:
            target = companies[0]
        else:
            slug = free_slug("studio", taken_slugs)
            connection.execute(
                sa.text(
                    "INSERT INTO companies (name, slug, time_zone, availability_generation) "
                    "VALUES ('Studio', :slug, 'UTC', 0)"
                ),
                {"slug": slug},
            )
            target = connection.execute(
                sa.text("SELECT id FROM companies WHERE slug = :slug"), {"slug": slug}
            ).scalar_one()
        connection.execute(
            sa.text("UPDATE courses SET company_id = :company WHERE company_id IS NULL"),
            {"company": target},
        )
    connection.execute(sa.text(
        "UPDATE courses SET branch_id = NULL WHERE branch_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM branches b WHERE b.id = courses.branch_id AND b.company_id = courses.company_id)"
    ))


def downgrade() -> None:
    op.drop_index('ix_idempotency_keys_created', 'idempotency_keys')
    op.drop_table('idempotency_keys')
    op.drop_index('ix_manage_tokens_record', 'manage_tokens')
    op.drop_table('manage_tokens')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index('ix_courses_company_start')
        batch_op.drop_constraint('uq_courses_timetable_start', type_='unique')
        batch_op.drop_constraint(op.f('fk_courses_timetable_id_timetables'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_courses_instructor_id_staff'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_courses_company_id_companies'), type_='foreignkey')
        batch_op.drop_column('cancelled')
        batch_op.drop_column('cancel_cutoff_minutes')
        batch_op.drop_column('opens_before_minutes')
        batch_op.drop_column('members_only')
        batch_op.drop_column('timetable_id')
        batch_op.drop_column('instructor_id')
        batch_op.drop_column('company_id')
    op.drop_index('ix_timetables_company', 'timetables')
    op.drop_table('timetables')
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_constraint('uq_companies_slug', type_='unique')
        batch_op.drop_column('slug')
