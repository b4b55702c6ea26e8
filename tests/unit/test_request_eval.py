"""Field-level accuracy of the request parser on the evaluation set (tests/requests_eval.py).

Fails when any field is below 95%; the per-field table and every miss are printed (``-s`` or on
failure) so a regression names the utterances it broke.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.requests_eval import CASES, FIELDS, score, table

THRESHOLD = 0.95


def test_the_set_is_big_realistic_and_mostly_german():
    assert len(CASES) >= 80
    assert sum(c.language == "de" for c in CASES) * 2 >= len(CASES)
    assert {c.industry for c in CASES} == {"hair", "doctor", "fitness"}
    for industry in ("hair", "doctor", "fitness"):
        for language in ("de", "en"):
            assert any(c.industry == industry and c.language == language for c in CASES)
    spoken = ("äh", "ähm", "ich hätte gern", "geht da was", "ne ", "hallo")
    assert sum(any(s in c.text.lower() for s in spoken) for c in CASES) >= 10
    assert len({c.text for c in CASES}) == len(CASES), "duplicate utterances"


def test_every_field_is_at_least_95_percent_right(capsys):
    accuracy, misses = score()
    report = table(accuracy, len(CASES)) + ("\nmisses:\n" + "\n".join(misses) if misses else "")
    with capsys.disabled():
        print("\n" + report)
    low = {field: value for field, value in accuracy.items() if value < THRESHOLD}
    assert not low, report


@pytest.mark.parametrize("field", FIELDS)
def test_the_scorer_notices_a_wrong_expectation(field):
    """The measure can fail: flip one field of one case and that field loses exactly one hit."""
    case = next(c for c in CASES if c.staff and c.date and c.time_from and c.part_of_day is None)
    wrong_values = {
        "intent": "cancellation" if case.intent != "cancellation" else "other",
        "service": "Nichts davon",
        "staff": "unknown:Niemand",
        "date": "1999-01-01",
        "time_from": "23:59",
        "time_to": "23:58",
        "part_of_day": "evening",
        "asap": not case.asap,
    }
    right, _ = score([case])
    flipped, misses = score([replace(case, **{field: wrong_values[field]})])
    assert right[field] == 1.0
    assert flipped[field] == 0.0
    assert len(misses) == 1 and f"| {field}:" in misses[0]
