"""Saving the staff x event-type matrix in one go (the admin page's single "Save").

The page sends the whole set of ticked pairs; the difference to the stored matrix becomes one
bulk assignment (batches of 100, audited per batch) and one unassignment per removed pair
(audited each). New pairs get the default options; pairs that stay keep theirs. Every id is
checked before anything is written, so a form naming a foreign staff member changes nothing.

The admin page saves with ``confirmed_removals``: a save that would remove offerings nobody
confirmed changes nothing and names them, so the page can ask "This removes N offerings" first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from studiobook.application.appointments.assignments import Assignments
from studiobook.domain.appointments import Assignment
from studiobook.domain.appointments.values import Id

Pair = tuple[Id, Id]


@dataclass(frozen=True)
class MatrixChange:
    added: int
    removed: int
    # Every pair the save would remove, when some were not confirmed: then nothing was saved.
    unconfirmed_removals: tuple[Pair, ...] = ()


@dataclass
class MatrixEditor:
    assignments: Assignments

    def replace(
        self,
        company_id: Id,
        offered: Iterable[Pair],
        *,
        confirmed_removals: Iterable[Pair] | None = None,
    ) -> MatrixChange:
        """Make the company offer exactly the ``(staff_id, event_type_id)`` pairs given. With
        ``confirmed_removals``, only if every pair it would remove is among them."""
        wanted = set(offered)
        current = set(self.assignments.matrix(company_id).assignments)
        added = sorted(wanted - current)
        removed = sorted(current - wanted)
        if confirmed_removals is not None and not set(removed) <= set(confirmed_removals):
            return MatrixChange(added=0, removed=0, unconfirmed_removals=tuple(removed))
        if added:  # first: it checks every id, so a bad form fails before anything is removed
            self.assignments.assign_many(
                company_id, [Assignment(staff_id=s, event_type_id=e) for s, e in added]
            )
        for staff_id, event_type_id in removed:
            self.assignments.unassign(company_id, staff_id, event_type_id)
        return MatrixChange(added=len(added), removed=len(removed))
