"""Scheduled jobs: last runs and leases, shared by every scheduler process.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
import studiobook.adapters.sql.types
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scheduled_jobs',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('last_started_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_finished_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_outcome', sa.String(length=20), nullable=True),
    sa.Column('last_message', sa.Text(), nullable=True),
    sa.Column('lease_owner', sa.String(length=200), nullable=True),
    sa.Column('lease_expires_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduled_jobs'))
    )


def downgrade() -> None:
    op.drop_table('scheduled_jobs')
