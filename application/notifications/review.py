"""The outbox for the studio's admin: what is waiting, what was sent, what was given up and why,
and sending a given-up message again (audited, like every change an operator makes)."""

from __future__ import annotations

from dataclasses import dataclass

from studiobook.application.notifications.ports import NotificationsUnitOfWork, OutboxEntry
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.notifications.delivery import DeliveryStatus


@dataclass
class OutboxReview:
    transactions: Transactions
    clock: Clock

    def entries(
        self,
        company_id: int | None = None,
        status: DeliveryStatus | None = None,
        limit: int = 100,
    ) -> list[OutboxEntry]:
        def entries(uow: NotificationsUnitOfWork) -> list[OutboxEntry]:
            return uow.outbox.list(company_id, status, limit)

        return self.transactions.read(entries)

    def counts(self, company_id: int | None = None) -> dict[DeliveryStatus, int]:
        """Messages by status, every status present (0 when none)."""

        def counts(uow: NotificationsUnitOfWork) -> dict[DeliveryStatus, int]:
            return uow.outbox.counts(company_id)

        found = self.transactions.read(counts)
        return {status: found.get(status, 0) for status in DeliveryStatus}

    def resend(self, entry_id: int, company_id: int | None = None) -> bool:
        """Queue a given-up message again (``company_id``: only one of that company); ``False``
        when there is none such."""
        now = self.clock.now()

        def resend(uow: NotificationsUnitOfWork, events: Events) -> bool:
            done = uow.outbox.resend(entry_id, now, company_id)
            if done:
                uow.audit.record(
                    "outbox_message", entry_id, "resend",
                    after={"status": DeliveryStatus.PENDING.value}, company_id=company_id,
                )
            return done

        return self.transactions.write(resend)
