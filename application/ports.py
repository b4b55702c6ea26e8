"""The unit of work: one transaction over every area's repositories. Each area's own ports
live beside its use-cases (``courses/ports.py``, ``members/ports.py``,
``appointments/ports.py``, ``notifications/ports.py``), each with its area's narrow unit of
work; what all of them share (the :class:`Transaction` they extend) is in ``shared/ports.py``.
"""

from __future__ import annotations

from typing import Protocol

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.courses.ports import CoursesUnitOfWork
from studiobook.application.members.ports import MembersUnitOfWork
from studiobook.application.notifications.ports import NotificationsUnitOfWork


class UnitOfWork(
    CoursesUnitOfWork,
    MembersUnitOfWork,
    AppointmentsUnitOfWork,
    NotificationsUnitOfWork,
    Protocol,
):
    """One transaction over every area's repositories: what a store's unit of work provides.
    ``commit()`` makes it durable; leaving without commit rolls back. Use-cases name their
    area's narrow protocol instead, so the type checker proves they touch no other area's
    repositories; :class:`~studiobook.application.shared.transactions.Transactions` accepts
    callbacks over any of them.

    Entering a unit of work opened with ``for_writing=True`` may raise :class:`StoreBusy`.
    """


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, for_writing: bool = False) -> UnitOfWork: ...
