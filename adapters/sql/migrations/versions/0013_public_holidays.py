"""Public holidays per company (issue 17): its country and subdivision (NULL: no holidays, as
every company had before), whether it closes on them (yes by default), and its word per date in
``company_closures`` (open on that holiday anyway, or closed on that extra date).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('subdivision', sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column('closed_on_holidays', sa.Boolean(), server_default='1', nullable=False)
        )
    op.create_table(
        'company_closures',
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('open', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ['company_id'], ['companies.id'], name=op.f('fk_company_closures_company_id_companies')
        ),
        sa.PrimaryKeyConstraint('company_id', 'day', name=op.f('pk_company_closures')),
    )


def downgrade() -> None:
    op.drop_table('company_closures')
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would copy ``companies``, and
    # dropping the old copy fails while other tables' rows point at it.
    for column in ('closed_on_holidays', 'subdivision', 'country'):
        op.drop_column('companies', column)
