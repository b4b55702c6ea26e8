"""Cal.com connection per company (team, encrypted key, last syncs), staff e-mail, audit log.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
import studiobook.adapters.sql.types
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_company_time', 'audit_log', ['company_id', 'occurred_at'])
    op.create_index('ix_audit_entity', 'audit_log', ['entity', 'entity_id'])

    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calcom_team_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('calcom_api_key', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('calcom_event_types_synced_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('calcom_team_synced_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('email')

    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_column('calcom_team_synced_at')
        batch_op.drop_column('calcom_event_types_synced_at')
        batch_op.drop_column('calcom_api_key')
        batch_op.drop_column('calcom_team_id')

    op.drop_index('ix_audit_entity', 'audit_log')
    op.drop_index('ix_audit_company_time', 'audit_log')

    op.drop_table('audit_log')
