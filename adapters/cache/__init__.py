"""Caches behind the ``Cache`` port: ``memory``, an in-process TTL cache."""
