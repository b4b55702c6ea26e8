"""An appointment's price, fixed when it is booked (issue 16).

Existing appointments get the price the booking rule gives today: the staff member's custom price
for the event type if their assignment has one, else the event type's price. What they were
charged is not known (nothing recorded it); this is what a booking of the same service with the
same person costs now. Only a row whose event type no longer exists stays NULL (no price to take).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('price', sa.Numeric(precision=10, scale=2), nullable=True))
    op.execute(
        """
        UPDATE appointments SET price = COALESCE(
            (SELECT a.custom_price FROM staff_event_types a
              WHERE a.staff_id = appointments.staff_id
                AND a.event_type_id = appointments.event_type_id),
            (SELECT e.price FROM event_types e WHERE e.id = appointments.event_type_id)
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_column('price')
