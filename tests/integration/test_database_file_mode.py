"""Database files and what the driver says about a failed statement (issue 16): a new SQLite
file, its write-ahead log and shared-memory index are readable by their owner only, and a
database error never carries the statement's parameters (names, e-mails) into a log or message."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from studiobook.adapters.sql.engine import create_store_engine


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_database_and_its_wal_files_are_private(tmp_path):
    old = os.umask(0o022)  # the usual umask, under which files are world-readable
    try:
        path = tmp_path / "studio.db"
        engine = create_store_engine(f"sqlite:///{path}", 5)
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
            connection.commit()
            files = sorted(p.name for p in tmp_path.iterdir())
            assert files == ["studio.db", "studio.db-shm", "studio.db-wal"]
            assert {name: mode(tmp_path / name) for name in files} == dict.fromkeys(files, 0o600)
        engine.dispose()
    finally:
        os.umask(old)


def test_an_existing_database_file_keeps_its_mode(tmp_path):
    path = tmp_path / "shared.db"
    path.touch()
    path.chmod(0o640)
    engine = create_store_engine(f"sqlite:///{path}", 5)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    engine.dispose()
    assert mode(path) == 0o640


def test_a_database_error_never_shows_its_parameters(database_url):
    engine = create_store_engine(database_url, 5)
    try:
        with pytest.raises(DBAPIError) as failed, engine.connect() as connection:
            connection.execute(text("INSERT INTO no_such_table (email) VALUES (:email)"),
                               {"email": "ann.secret@example.com"})
    finally:
        engine.dispose()
    assert "no_such_table" in str(failed.value)  # the statement stays, for the log
    assert "ann.secret@example.com" not in str(failed.value)
