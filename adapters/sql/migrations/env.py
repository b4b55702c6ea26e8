"""Alembic environment: runs on the connection the caller hands over (``config.attributes``),
so migrations happen inside studiobook's own locked transaction."""

from __future__ import annotations

from alembic import context

from studiobook.adapters.sql.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - studiobook always passes its connection
    raise RuntimeError("run migrations through `studiobook db upgrade`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
