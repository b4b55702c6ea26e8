"""A booking can be a no-show: the other side of attendance, beside ``completed`` (issue 16).

Only the bookings' status check changes; no row does. Down again, a no-show becomes what the
booking was before it was marked — ``confirmed`` — because the older schema has no such status.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_BEFORE = ('pending', 'request', 'confirmed', 'cancel_requested', 'cancelled', 'completed')
_AFTER = (*_BEFORE, 'no_show')


def _statuses(known: tuple[str, ...]) -> None:
    with op.batch_alter_table('bookings', schema=None, recreate='auto') as batch_op:
        batch_op.drop_constraint(op.f('ck_bookings_status_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_bookings_status_known'), f"status IN ({', '.join(repr(s) for s in known)})"
        )


def upgrade() -> None:
    _statuses(_AFTER)


def downgrade() -> None:
    op.execute("UPDATE bookings SET status = 'confirmed' WHERE status = 'no_show'")
    _statuses(_BEFORE)
