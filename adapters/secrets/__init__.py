"""Encryption at rest for secrets kept in the store (the ``secrets`` port)."""
