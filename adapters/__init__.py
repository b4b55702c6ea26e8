"""Adapters: the outside world (databases, HTTP services, the clock) behind the ports.

Each adapter package registers itself with pluggy through ``studiobook_register_adapters``.
"""
