"""At debug level every Cal.com call is one log line — method, path, status, duration — through
the JSON-lines formatter the CLI and ``serve`` use, and no line holds the key or its header."""

from __future__ import annotations

import json
import logging

import pytest

from studiobook.adapters.calcom.client import CalcomClient
from studiobook.adapters.fakes.calcom import FakeCalcom
from studiobook.adapters.fakes.calcom.data import DEMO_TEAM_ID
from studiobook.application.shared.ports import GatewayAuthFailed
from studiobook.entrypoints.logs import JsonLines


def test_each_calcom_call_is_a_debug_line_without_the_key(caplog):
    with FakeCalcom() as fake, caplog.at_level(logging.DEBUG, logger="studiobook.calcom"):
        with CalcomClient(fake.url, fake.api_key) as client:
            assert client.team_event_types(DEMO_TEAM_ID)
        with CalcomClient(fake.url, "cal_wrong_key_0123456789") as refused:
            with pytest.raises(GatewayAuthFailed):
                refused.team_event_types(DEMO_TEAM_ID)

    lines = [json.loads(JsonLines().format(r)) for r in caplog.records if r.name == "studiobook.calcom"]
    path = f"/teams/{DEMO_TEAM_ID}/event-types"
    assert [(line["level"], line["method"], line["path"], line["status"]) for line in lines] == [
        ("debug", "GET", path, 200), ("debug", "GET", path, 401)
    ]
    assert all(isinstance(line["duration_ms"], float) for line in lines)
    shown = caplog.text + json.dumps(lines)
    assert fake.api_key not in shown and "cal_wrong_key" not in shown and "Bearer" not in shown
