"""What changed between the stored and the incoming version of a record.

A sync writes only records whose content differs, so a re-sync with nothing changed writes no
rows. ``updated_at`` is left out by default: it says when a record was touched, not what it says,
and the local copy may carry its own write time.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

IGNORED_BY_DEFAULT = frozenset({"updated_at"})


def changed_fields(
    stored: object, incoming: object, ignore: frozenset[str] = IGNORED_BY_DEFAULT
) -> tuple[str, ...]:
    """The names of the fields that differ, nested ones dotted (``membership.monthly_price``).

    Both records must be the same kind of dataclass; a nested record that appears or disappears
    is reported under its own name.
    """
    if type(stored) is not type(incoming) or not is_dataclass(stored):
        raise TypeError(
            f"cannot compare a {type(stored).__name__} with a {type(incoming).__name__}"
        )
    changed: list[str] = []
    for f in fields(stored):
        if f.name in ignore:
            continue
        old, new = getattr(stored, f.name), getattr(incoming, f.name)
        if is_dataclass(old) and type(old) is type(new):
            changed.extend(f"{f.name}.{name}" for name in changed_fields(old, new, ignore))
        elif old != new:
            changed.append(f.name)
    return tuple(changed)


def differs(stored: object, incoming: object, ignore: frozenset[str] = IGNORED_BY_DEFAULT) -> bool:
    """Whether writing ``incoming`` over ``stored`` would change anything worth a row write."""
    return bool(changed_fields(stored, incoming, ignore))
