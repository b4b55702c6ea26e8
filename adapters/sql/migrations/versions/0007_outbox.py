"""The transactional outbox: messages to customers, written with the change they report and sent
afterwards (issue 15). A new table; nothing existing changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
import studiobook.adapters.sql.types
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

UTC_DATETIME = studiobook.adapters.sql.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('about', sa.String(length=100), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('once_key', sa.String(length=200), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', UTC_DATETIME, nullable=False),
    sa.Column('claimed_by', sa.String(length=200), nullable=True),
    sa.Column('claimed_until', UTC_DATETIME, nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', UTC_DATETIME, nullable=False),
    sa.Column('sent_at', UTC_DATETIME, nullable=True),
    # The statuses as of this revision (studiobook.domain.notifications.delivery.DeliveryStatus).
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f('ck_outbox_status_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_attempts_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('message_id', name='uq_outbox_message_id'),
    sa.UniqueConstraint('once_key', name='uq_outbox_once_key')
    )
    op.create_index('ix_outbox_about', 'outbox', ['about', 'id'], unique=False)
    op.create_index('ix_outbox_company', 'outbox', ['company_id', 'id'], unique=False)
    op.create_index('ix_outbox_status_next', 'outbox', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_outbox_status_next', table_name='outbox')
    op.drop_index('ix_outbox_company', table_name='outbox')
    op.drop_index('ix_outbox_about', table_name='outbox')
    op.drop_table('outbox')
