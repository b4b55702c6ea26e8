"""Appointments: companies and branches, staff with their hours, event types, who offers what,
appointments, and the per-company availability generation.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
import studiobook.adapters.sql.types
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('default_event_type_id', sa.Integer(), nullable=True),
    sa.Column('availability_generation', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies'))
    )
    op.create_table('branches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_branches_company_id_companies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branches'))
    )
    op.create_index('ix_branches_company', 'branches', ['company_id', 'id'])

    op.create_table('event_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('price', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('team_event', sa.Boolean(), nullable=False),
    sa.Column('requires_confirmation', sa.Boolean(), nullable=False),
    sa.Column('slot_interval_minutes', sa.Integer(), nullable=True),
    sa.Column('buffer_before_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_after_minutes', sa.Integer(), nullable=False),
    sa.Column('minimum_notice_minutes', sa.Integer(), nullable=False),
    sa.Column('booking_limits', sa.Text(), nullable=False),
    sa.Column('metadata', sa.Text(), nullable=False),
    sa.Column('calcom_id', sa.BigInteger(), nullable=True),
    sa.Column('last_synced_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('price >= 0', name=op.f('ck_event_types_price_not_negative')),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_event_types_branch_id_branches')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_event_types_company_id_companies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_types')),
    sa.UniqueConstraint('company_id', 'slug', name='uq_event_types_company_slug')
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('working_hours', sa.Text(), nullable=False),
    sa.Column('calcom_username', sa.String(length=100), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_staff_branch_id_branches')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_staff_company_id_companies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    op.create_index('ix_staff_company', 'staff', ['company_id', 'id'])

    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('event_type_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('customer_email', sa.String(length=320), nullable=True),
    sa.Column('calcom_booking_uid', sa.String(length=100), nullable=True),
    sa.CheckConstraint("status IN ('booked', 'cancelled')", name=op.f('ck_appointments_status_known')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_appointments_ends_after_start')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_appointments_company_id_companies')),
    sa.ForeignKeyConstraint(['event_type_id'], ['event_types.id'], name=op.f('fk_appointments_event_type_id_event_types')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_appointments_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    op.create_index('ix_appointments_staff_start', 'appointments', ['staff_id', 'starts_at'])

    op.create_table('staff_event_types',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('event_type_id', sa.Integer(), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('custom_duration', sa.Integer(), nullable=True),
    sa.Column('custom_price', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('availability_override', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_staff_event_types_company_id_companies')),
    sa.ForeignKeyConstraint(['event_type_id'], ['event_types.id'], name=op.f('fk_staff_event_types_event_type_id_event_types')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_event_types_staff_id_staff')),
    sa.PrimaryKeyConstraint('staff_id', 'event_type_id', name=op.f('pk_staff_event_types'))
    )
    op.create_index('ix_staff_event_types_company_type', 'staff_event_types', ['company_id', 'event_type_id'])


def downgrade() -> None:
    op.drop_index('ix_staff_event_types_company_type', 'staff_event_types')
    op.drop_table('staff_event_types')

    op.drop_index('ix_appointments_staff_start', 'appointments')
    op.drop_table('appointments')

    op.drop_index('ix_staff_company', 'staff')
    op.drop_table('staff')

    op.drop_table('event_types')

    op.drop_index('ix_branches_company', 'branches')
    op.drop_table('branches')

    op.drop_table('companies')
