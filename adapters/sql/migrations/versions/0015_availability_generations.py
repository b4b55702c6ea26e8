"""An availability generation per staff member and per event type (issue 18), beside the
company's: a booking invalidates the cached availability of the booked staff member only, an
event type edit that of the event type only; company-wide changes keep bumping the company.

Two new columns, 0 for every existing row; no row changes otherwise. Down again, the columns go
and nothing else does.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_TABLES = ('staff', 'event_types')


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    'availability_generation', sa.Integer(), server_default='0', nullable=False
                )
            )


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('availability_generation')
