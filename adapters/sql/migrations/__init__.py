"""Alembic migrations for the SQL store; run through ``studiobook.adapters.sql.schema`` or ``studiobook db upgrade``."""
