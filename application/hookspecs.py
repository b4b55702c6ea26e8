"""The hook specifications: the documented contract between studiobook and its plugins.

Implement a hook with ``@hookimpl`` from this module and register the module (or an object) as a
plugin, or publish it through the ``studiobook`` entry-point group. An implementation may accept
any subset of a hook's arguments. Listener hooks run after the change committed; one that raises
is logged and recorded, and never undoes the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.domain.courses.bookings import Booking
    from studiobook.domain.members.member import Member

PROJECT = "studiobook"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    """Offer adapters (stores, gateways, caches, clocks) that configuration can select by name.

    :param registry: call ``registry.register(kind, name, factory)``; ``factory(settings)``
        builds the adapter when the container first needs it.
    """


@hookspec
def studiobook_booking_confirmed(booking: Booking) -> None:
    """A booking now holds seats: booked confirmed, confirmed later, or promoted from a waitlist.

    :param booking: a copy of the booking as committed.
    """


@hookspec
def studiobook_booking_cancelled(booking: Booking, tickets: int, reason: str | None) -> None:
    """Tickets were given back — invoicing issues a credit, video access is revoked.

    :param booking: a copy of the booking as committed; ``status`` is ``cancelled`` when the whole
        booking was cancelled, unchanged for a partial cancellation.
    :param tickets: how many tickets were given back.
    :param reason: the reason the operator or customer gave, if any.
    """


@hookspec
def studiobook_booking_promoted(booking: Booking, waitlist_entry_id: int | None) -> None:
    """A waitlisted customer moved up into freed seats (``booking_confirmed`` fires too).

    :param booking: the new confirmed booking.
    :param waitlist_entry_id: the waitlist entry it came from.
    """


@hookspec
def studiobook_member_synced(member: Member, created: bool) -> None:
    """A member was written by a WODIFY sync.

    :param member: the member as stored.
    :param created: ``True`` when the member is new, ``False`` when an existing one changed.
    """
