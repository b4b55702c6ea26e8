"""The task queue: procrastinate on PostgreSQL, in-process on the embedded database."""
