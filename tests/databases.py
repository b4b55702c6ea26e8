"""Throw-away databases for tests: a SQLite file always, PostgreSQL when
``STUDIOBOOK_TEST_POSTGRES_URL`` points at a server (``.ci/run`` starts one on loopback)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POSTGRES_ENV = "STUDIOBOOK_TEST_POSTGRES_URL"


def engines() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@contextmanager
def fresh_database(engine: str, folder: Path) -> Iterator[str]:
    """Yield the URL of an empty database of ``engine``; drop it afterwards."""
    if engine == "sqlite":
        yield f"sqlite:///{folder / f'studiobook-{uuid.uuid4().hex[:8]}.db'}"
        return
    import sqlalchemy as sa

    admin_url = sa.engine.make_url(os.environ[POSTGRES_ENV])
    name = f"sb_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield admin_url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
