"""Scoring the request parser on the frozen holdout set (tests/requests_eval_holdout.py).

:func:`parsed` reads a :class:`~studiobook.domain.requests.BookingRequest` into the holdout's
schema. What the parser does not produce yet counts as ``None``: ``date_to`` and ``customer`` are
read from attributes of those names, staff alternatives from ``staff_alternatives`` (a tuple of
staff entries), each only when the request has it. When the parser grows these, this adapter may
follow its API; the cases themselves stay frozen.

Used by tests/unit/test_request_eval_holdout.py and bench/requests_holdout.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tests.requests_eval import catalogue
from tests.requests_eval_holdout import BERLIN, CASES, CATEGORIES, FIELDS, Case


def parsed(case: Case) -> dict[str, object]:
    """What the parser made of ``case``, in the shape of :meth:`Case.expected`."""
    from studiobook.adapters.holiday_names import named_days
    from studiobook.domain.requests import parse_request

    services, staff = catalogue(case.industry)
    # Every German state's holidays by name (the application passes its company's own).
    days = named_days(case.now.astimezone(BERLIN).date(), ("DE",))
    request = parse_request(case.text, case.now, BERLIN, services, staff, named_days=days)
    if request.ambiguous_services:
        service: object = tuple(sorted(s.name for s in request.ambiguous_services))
    else:
        service = request.service.name if request.service else None
    alternatives = getattr(request, "staff_alternatives", ())
    who: object
    if alternatives:
        who = tuple(sorted(s.name for s in alternatives))
    elif request.staff is not None:
        who = request.staff.name
    else:
        who = f"unknown:{request.unknown_staff}" if request.unknown_staff else None
    date_to = getattr(request, "date_to", None)
    return {
        "intent": request.intent.value,
        "service": service,
        "staff": who,
        "date": request.date.isoformat() if request.date else None,
        "date_to": date_to.isoformat() if date_to else None,
        "time_from": f"{request.time_from:%H:%M}" if request.time_from else None,
        "time_to": f"{request.time_to:%H:%M}" if request.time_to else None,
        "part_of_day": request.part_of_day.value if request.part_of_day else None,
        "asap": request.asap,
        "customer": getattr(request, "customer", None),
    }


def agrees(field: str, got: object, want: object) -> bool:
    """Equal, except that a customer's name or e-mail is compared ignoring case."""
    if field == "customer" and isinstance(got, str) and isinstance(want, str):
        return got.casefold() == want.casefold()
    return got == want


@dataclass(frozen=True)
class Score:
    """Accuracy (0..1) per field, per category and field, the share of cases with every field
    right per category, and one line per wrong field: ``[category] text | field: got != want``."""

    count: int
    fields: dict[str, float]
    categories: dict[str, dict[str, float]]
    whole: dict[str, float]
    sizes: dict[str, int]
    misses: list[str]


def score(cases: Iterable[Case] = CASES) -> Score:
    cases = list(cases)
    right = dict.fromkeys(FIELDS, 0)
    by_category: dict[str, dict[str, int]] = {}
    whole: dict[str, int] = {}
    sizes: dict[str, int] = {}
    misses = []
    for case in cases:
        got, want = parsed(case), case.expected()
        hits = by_category.setdefault(case.category, dict.fromkeys(FIELDS, 0))
        sizes[case.category] = sizes.get(case.category, 0) + 1
        all_right = True
        for field in FIELDS:
            if agrees(field, got[field], want[field]):
                right[field] += 1
                hits[field] += 1
            else:
                all_right = False
                misses.append(f"[{case.category}] {case.text} | {field}: "
                              f"{got[field]!r} != {want[field]!r}")
        whole[case.category] = whole.get(case.category, 0) + all_right
    order = [c for c in CATEGORIES if c in sizes]
    return Score(
        count=len(cases),
        fields={f: right[f] / len(cases) for f in FIELDS},
        categories={c: {f: by_category[c][f] / sizes[c] for f in FIELDS} for c in order},
        whole={c: whole[c] / sizes[c] for c in order},
        sizes={c: sizes[c] for c in order},
        misses=misses,
    )


_SHORT = {"intent": "intent", "service": "service", "staff": "staff", "date": "date",
          "date_to": "date_to", "time_from": "t_from", "time_to": "t_to",
          "part_of_day": "part", "asap": "asap", "customer": "customer"}


def report(result: Score) -> str:
    """The per-field table, then the per-category table (fields as columns, plus the share of
    the category's cases parsed right in every field)."""
    lines = [f"{'field':<12} accuracy  ({result.count} utterances)"]
    lines += [f"{field:<12} {value:7.1%}" for field, value in result.fields.items()]
    lines.append("")
    header = f"{'category':<19}{'n':>4} " + " ".join(f"{_SHORT[f]:>8}" for f in FIELDS)
    lines.append(header + f" {'all':>8}")
    for category, accuracy in result.categories.items():
        cells = " ".join(f"{accuracy[f]:8.1%}" for f in FIELDS)
        lines.append(f"{category:<19}{result.sizes[category]:>4} {cells} "
                     f"{result.whole[category]:8.1%}")
    perfect = round(sum(result.whole[c] * result.sizes[c] for c in result.sizes))
    lines.append(f"every field right: {perfect} of {result.count} utterances "
                 f"({perfect / result.count:.1%})")
    return "\n".join(lines)


def assert_above_floor(result: Score, floor: Mapping[str, float], fields: Iterable[str]) -> None:
    """Every field of ``fields`` scored, and none below its regression floor (the misses named
    when one is); the report is printed for the test log."""
    print("\n" + report(result))
    assert set(result.fields) == set(fields) == set(floor)
    below = {f: round(v, 3) for f, v in result.fields.items() if v < floor[f]}
    assert not below, f"below the regression floor: {below}\n" + "\n".join(result.misses)
