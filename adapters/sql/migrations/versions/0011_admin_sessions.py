"""Admin page sessions in the database, shared by every worker process (issue 16).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'admin_sessions',
        sa.Column('key', sa.String(length=64), primary_key=True),  # SHA-256 of the session id
        sa.Column('principal', sa.String(length=120), nullable=False),
        sa.Column('csrf', sa.String(length=64), nullable=False),
        sa.Column('expires', sa.Float(), nullable=False),  # seconds since the epoch
    )
    op.create_index('ix_admin_sessions_expires', 'admin_sessions', ['expires'])


def downgrade() -> None:
    op.drop_index('ix_admin_sessions_expires', table_name='admin_sessions')
    op.drop_table('admin_sessions')
