"""The id of a stored record: entities carry ``id=None`` until the store assigns one."""

from __future__ import annotations

from typing import Protocol, TypeVar, overload

from studiobook.domain.shared.errors import NotSaved

_Id = TypeVar("_Id", covariant=True)


class Record(Protocol[_Id]):
    """Anything with an ``id`` that is ``None`` until the record is stored."""

    @property
    def id(self) -> _Id | None: ...


# One overload per kind of id (a TypeVar would widen ``int | str`` to ``object``).
@overload
def saved_id(record: Record[int], what: str | None = None) -> int: ...
@overload
def saved_id(record: Record[str], what: str | None = None) -> str: ...
@overload
def saved_id(record: Record[int | str], what: str | None = None) -> int | str: ...


def saved_id(record: Record[int | str], what: str | None = None) -> int | str:
    """``record.id`` of a record the store has saved (read from a repository, or returned by its
    ``add``); raises :class:`NotSaved` for one that was never stored. ``what`` names the record in
    the message (default: its class)."""
    if record.id is None:
        raise NotSaved(what or f"this {type(record).__name__.lower()}")
    return record.id
