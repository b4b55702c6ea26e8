"""The task queue (issue 19): ``task_runs`` on every database (a job, its attempts and its last
summary or error) and, on PostgreSQL, procrastinate's own schema in the PostgreSQL schema
``procrastinate`` (its tables, types, functions and triggers, as procrastinate ships them), so
workers queue on the studio's own database and our tables stay apart from theirs.

A new table; nothing existing changes. Down again, ``task_runs`` and the ``procrastinate``
schema go, with every job in them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import studiobook.adapters.sql.types

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

UTC_DATETIME = studiobook.adapters.sql.types.UTCDateTime(timezone=True)
SCHEMA = 'procrastinate'


def upgrade() -> None:
    op.create_table('task_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=100), nullable=False),
    sa.Column('args', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('lock', sa.String(length=200), nullable=True),
    sa.Column('queueing_lock', sa.String(length=200), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('queued_at', UTC_DATETIME, nullable=False),
    sa.Column('started_at', UTC_DATETIME, nullable=True),
    sa.Column('finished_at', UTC_DATETIME, nullable=True),
    sa.CheckConstraint(
        "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
        name=op.f('ck_task_runs_status_known'),
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_runs'))
    )
    op.create_index('ix_task_runs_status', 'task_runs', ['status', 'id'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        from procrastinate.schema import SchemaManager

        bind.exec_driver_sql(f'CREATE SCHEMA {SCHEMA}')
        # procrastinate's statements name their objects without a schema: made in ours.
        bind.exec_driver_sql(f'SET LOCAL search_path TO {SCHEMA}')
        bind.exec_driver_sql(SchemaManager.get_schema().replace('%', '%%'))
        bind.exec_driver_sql('RESET search_path')


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        bind.exec_driver_sql(f'DROP SCHEMA IF EXISTS {SCHEMA} CASCADE')
    op.drop_index('ix_task_runs_status', table_name='task_runs')
    op.drop_table('task_runs')
