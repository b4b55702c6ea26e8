"""WODIFY: local members and leads, and the record of every sync with its errors.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
import studiobook.adapters.sql.types
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('leads',
    sa.Column('lead_id', sa.String(length=64), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('interested_in', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('updated_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('stored_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('new', 'contacted', 'trial', 'converted', 'lost')", name=op.f('ck_leads_status_known')),
    sa.PrimaryKeyConstraint('lead_id', name=op.f('pk_leads'))
    )
    op.create_index('ix_leads_status', 'leads', ['status', 'lead_id'])

    op.create_table('members',
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('membership_id', sa.String(length=64), nullable=True),
    sa.Column('membership_type', sa.String(length=100), nullable=True),
    sa.Column('membership_status', sa.String(length=20), nullable=True),
    sa.Column('monthly_price', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('updated_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('stored_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("membership_status IS NULL OR membership_status IN ('active', 'on_hold', 'pending', 'cancelled', 'expired')", name=op.f('ck_members_status_known')),
    sa.CheckConstraint('monthly_price IS NULL OR monthly_price >= 0', name=op.f('ck_members_price_not_negative')),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_members'))
    )
    op.create_index('ix_members_status', 'members', ['membership_status', 'client_id'])

    op.create_table('sync_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('started_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_runs'))
    )
    op.create_index('ix_sync_runs_kind_started', 'sync_runs', ['kind', 'started_at'])

    op.create_table('sync_errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('occurred_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['sync_runs.id'], name=op.f('fk_sync_errors_run_id_sync_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_errors'))
    )


def downgrade() -> None:
    op.drop_table('sync_errors')
    op.drop_index('ix_sync_runs_kind_started', 'sync_runs')

    op.drop_table('sync_runs')
    op.drop_index('ix_members_status', 'members')

    op.drop_table('members')
    op.drop_index('ix_leads_status', 'leads')

    op.drop_table('leads')
