"""A member's course bookings, read from the local store: the bookings made with the member's
e-mail (that is how a booking is linked to a member, as for members-only courses)."""

from __future__ import annotations

from dataclasses import dataclass

from studiobook.application.members.ports import MemberBooking
from studiobook.application.shared.transactions import Transactions

HISTORY_LIMIT = 50


@dataclass
class MemberHistory:
    transactions: Transactions

    def bookings(self, client_id: str, limit: int = HISTORY_LIMIT) -> list[MemberBooking]:
        """The member's latest course bookings (latest course first), at most ``limit``; none
        for a client id the local copy does not know."""
        return self.transactions.read(lambda uow: uow.members.bookings_of(client_id, limit))
