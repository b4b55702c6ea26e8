"""Courses, bookings, waitlist entries and plugin failures.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
import studiobook.adapters.sql.types
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('starts_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ends_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_courses_capacity_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses'))
    )
    op.create_table('plugin_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hook', sa.String(length=100), nullable=False),
    sa.Column('plugin', sa.String(length=200), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('occurred_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plugin_failures'))
    )
    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('customer_email', sa.String(length=320), nullable=False),
    sa.Column('tickets', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'request', 'confirmed', 'cancel_requested', 'cancelled', 'completed')", name=op.f('ck_bookings_status_known')),
    sa.CheckConstraint('tickets >= 1', name=op.f('ck_bookings_tickets_positive')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_bookings_course_id_courses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings'))
    )
    op.create_index('ix_bookings_course_status', 'bookings', ['course_id', 'status', 'tickets'])
    op.create_table('waitlist_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('customer_email', sa.String(length=320), nullable=False),
    sa.Column('tickets', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('created_at', studiobook.adapters.sql.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('waiting', 'promoted', 'left')", name=op.f('ck_waitlist_entries_status_known')),
    sa.CheckConstraint('tickets >= 1', name=op.f('ck_waitlist_entries_tickets_positive')),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_waitlist_entries_booking_id_bookings')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_waitlist_entries_course_id_courses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist_entries'))
    )
    op.create_index('ix_waitlist_course_status', 'waitlist_entries', ['course_id', 'status', 'id'])


def downgrade() -> None:
    op.drop_index('ix_waitlist_course_status', 'waitlist_entries')
    op.drop_table('waitlist_entries')
    op.drop_index('ix_bookings_course_status', 'bookings')
    op.drop_table('bookings')
    op.drop_table('plugin_failures')
    op.drop_table('courses')
