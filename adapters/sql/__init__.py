"""SQL persistence with SQLAlchemy 2.x Core: SQLite (embedded default) and PostgreSQL."""
