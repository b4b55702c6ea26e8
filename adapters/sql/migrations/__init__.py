"""Alembic migrations for the SQL store; run through ``adapters.sql.schema`` or ``studiobook db upgrade``."""
