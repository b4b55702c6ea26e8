"""``studiobook serve --demo``: every panel with live data, no account anywhere.

The fake WODIFY and the fake Cal.com (the same ones the tests use) run on loopback on free ports;
the settings point at them; the demo companies are seeded through the use-cases (idempotent, so a
second start reuses the demo database); the hair salon is connected to the fake Cal.com team.
One WODIFY client is deliberately broken, so the dashboard's error panel has something to show.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from studiobook.adapters.fakes.calcom import DEMO_TEAM_ID, FakeCalcom
from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.adapters.secrets.fernet import new_key
from studiobook.application.admin.demo_data import INDUSTRIES
from studiobook.application.settings import Settings

DEMO_DATABASE_URL = "sqlite:///studiobook-demo.db"
DEMO_CLIENTS, DEMO_LEADS = 120, 30


@dataclass(frozen=True)
class DemoServices:
    wodify: FakeWodify
    calcom: FakeCalcom
    admin_token: str

    def settings(self, database_url: str | None) -> Settings:
        """The embedded demo database unless ``--db`` names one (never the environment's, which
        may be a production database)."""
        return Settings.from_env(
            database_url=database_url or DEMO_DATABASE_URL,
            wodify_api_url=self.wodify.url,
            wodify_api_key=self.wodify.api_key,
            wodify_location_id=self.wodify.location_id,
            calcom_api_url=self.calcom.url,
            secret_key=os.environ.get("STUDIOBOOK_SECRET_KEY") or new_key(),
        )


@contextmanager
def demo_services() -> Iterator[DemoServices]:
    with FakeWodify(clients=DEMO_CLIENTS, leads=DEMO_LEADS) as wodify, \
            FakeCalcom(now=lambda: datetime.now(UTC)) as calcom:
        wodify.corrupt_client(wodify.client_ids()[7], "bad_email")
        yield DemoServices(wodify, calcom, secrets.token_urlsafe(24))


def prepare(container, services: DemoServices) -> None:
    """Seed the demo companies and connect the salon to the fake Cal.com team (when this build
    has Cal.com connections)."""
    container.seeder().seed()
    if not hasattr(container, "calcom_connections"):
        return
    salon = INDUSTRIES["hair"].company
    for company in container.companies().list():
        if company.name == salon:
            container.calcom_connections().connect(company.id, DEMO_TEAM_ID, services.calcom.api_key)
