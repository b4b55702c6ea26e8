"""Metrics adapters: Prometheus (``studiobook serve``) and the no-op default."""
