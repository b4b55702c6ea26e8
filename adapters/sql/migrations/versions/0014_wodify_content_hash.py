"""Members and leads keep a hash of the WODIFY record they were last synced from (issue 18), so a
re-sync skips records WODIFY did not change without mapping and comparing them.

A new nullable column on each table; no row changes. Existing copies have no hash: the first sync
after this compares them field by field as before and stores their hashes. Down again, the
column goes and nothing else does.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_TABLES = ('members', 'leads')


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('content_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('content_hash')
