"""JSON over HTTP to WODIFY: the shared core (:mod:`studiobook.adapters.http_json`) with WODIFY's ways.

WODIFY takes the key in an ``x-api-key`` header and the location as a ``location_id`` query
parameter on every request; its answers are plain JSON (no envelope). Retries, typed errors and
key hygiene are the core's — see its docstring for the rules.
"""

from __future__ import annotations

from typing import Any

from studiobook.adapters import http_json
from studiobook.adapters.http_json import RetryPolicy, Secret, _tls, retry_after_seconds

WODIFY = http_json.ServiceProfile(
    name="WODIFY",
    logger="studiobook.wodify",
    key_header="x-api-key",
    refused="the API key or location was refused",
)


class JsonHttp(http_json.JsonHttp):
    """The core bound to one WODIFY location."""

    def __init__(self, base_url: str, api_key: str, location_id: str, **options: Any) -> None:
        super().__init__(base_url, api_key, WODIFY, params={"location_id": location_id}, **options)
        self.location_id = location_id

    def __repr__(self) -> str:
        return (
            f"JsonHttp(base_url={self.base_url!r}, location_id={self.location_id!r}, api_key=***)"
        )


__all__ = ("WODIFY", "JsonHttp", "RetryPolicy", "Secret", "_tls", "retry_after_seconds")
