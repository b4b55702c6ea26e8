"""The plugin module studiobook loads from the ``studiobook`` entry-point group.

Two hooks: ``studiobook_register_adapters`` offers the ``ics`` calendar gateway (selected with
``STUDIOBOOK_CALENDAR_GATEWAY=ics``), and ``studiobook_booking_cancelled`` logs cancellations.
"""

from __future__ import annotations

import os
from pathlib import Path

from studiobook.application.hookspecs import hookimpl

ICS_FILE = "STUDIOBOOK_ICS_FILE"
CANCEL_LOG = "STUDIOBOOK_ICS_CANCEL_LOG"


def build_gateway_factory(settings):
    """Called once, when the container first needs a calendar; the gateway module loads here."""
    from studiobook_ics_calendar.gateway import IcsGatewayFactory

    return IcsGatewayFactory(os.environ.get(ICS_FILE) or None)


@hookimpl
def studiobook_register_adapters(registry) -> None:
    registry.register("calendar_gateway", "ics", build_gateway_factory)


@hookimpl
def studiobook_booking_cancelled(booking, tickets, reason) -> None:
    """One line per cancellation: ``<booking id> <tickets> <status> <reason>``."""
    target = os.environ.get(CANCEL_LOG)
    if not target:
        return
    with Path(target).open("a", encoding="utf-8") as log:
        log.write(f"{booking.id} {tickets} {booking.status.value} {reason or '-'}\n")
