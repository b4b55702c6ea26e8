"""The third fresh evaluation set of the request parser (tests/requests_eval_third.py, issue 17),
the final unseen check.

Pins down that the set is what it claims (size, languages, industries, every category and intent,
no sentence taken from the other three sets, expectations that name real services and staff,
dates that lie ahead of their "now" and weekends that run Saturday to Sunday) and that the
scorer runs on the complete set. It was scored for the first time after the tuning on the second
fresh set had ended (docs/requests-eval.md): intent 93.5%, customer 97.8%, time 98.9%, every
other field 100%; after the kinds of its misses were fixed (not its sentences), 100% in every
field. ``FLOOR`` is that measurement minus 5 points — a regression floor. The tables are printed
(``-s``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import tests.requests_holdout_scoring as scoring
from tests.requests_eval import CASES as OLD_CASES
from tests.requests_eval import catalogue
from tests.requests_eval_fresh import CASES as FRESH_CASES
from tests.requests_eval_holdout import CASES as HOLDOUT_CASES
from tests.requests_eval_third import CASES, CATEGORIES, FIELDS, INTENTS


def _names(value: object) -> tuple[str, ...]:
    """An expected service or staff field as a tuple of names (``None`` and unknowns dropped)."""
    names = value if isinstance(value, tuple) else (value,)
    return tuple(n for n in names if isinstance(n, str) and not n.startswith("unknown:"))


def test_the_third_set_is_big_mostly_german_and_covers_every_category():
    assert len(CASES) >= 80
    languages = Counter(c.language for c in CASES)
    assert languages["de"] >= languages["en"] > 0
    assert {(c.industry, c.language) for c in CASES} == {
        (industry, language) for industry in ("hair", "doctor", "fitness")
        for language in ("de", "en")}
    assert {c.category for c in CASES} == set(CATEGORIES)
    assert {c.intent for c in CASES} == set(INTENTS)
    mine = [c.text.casefold() for c in CASES]
    assert len(set(mine)) == len(mine), "duplicate utterances"
    earlier = (*OLD_CASES, *HOLDOUT_CASES, *FRESH_CASES)
    assert set(mine).isdisjoint(c.text.casefold() for c in earlier), "taken from another set"


def test_every_expectation_names_a_real_service_and_staff_member():
    for industry in ("hair", "doctor", "fitness"):
        services, staff = catalogue(industry)
        cases = [c for c in CASES if c.industry == industry]
        named_services = {n for c in cases for n in _names(c.service)}
        named_staff = {n for c in cases for n in _names(c.staff)}
        assert named_services <= {name for _, name, _, _ in services}, industry
        assert named_staff <= {name for _, name in staff}, industry
    with_customer = {c.intent for c in CASES if c.customer is not None}
    assert with_customer == {"reschedule", "cancellation"}


def test_every_date_lies_ahead_and_every_weekend_runs_saturday_to_sunday():
    for case in CASES:
        if case.date is not None:
            assert date.fromisoformat(case.date) >= case.now.date(), case.text
        if case.date_to is not None:
            start, end = date.fromisoformat(case.date), date.fromisoformat(case.date_to)
            assert (start.isoweekday(), end.isoweekday()) == (6, 7), case.text
            assert (end - start).days == 1, case.text
    weekends = [c for c in CASES if c.category == "weekend"]
    assert weekends and all(c.date_to for c in weekends)


MEASURED = {"intent": 0.935, "service": 1.0, "staff": 1.0, "date": 1.0, "date_to": 1.0,
            "time_from": 0.989, "time_to": 0.989, "part_of_day": 1.0, "asap": 1.0,
            "customer": 0.978}  # the first scoring, after the tuning on the second set
# After the kinds of its misses were fixed on sentences of their own (tests/unit/
# test_request_kinds.py): every field 100%. The set has been looked at since, so it is no longer
# unseen; the floor is that measurement minus 5 points.
AFTER_KINDS = dict.fromkeys(MEASURED, 1.0)
FLOOR = {field: round(value - 0.05, 3) for field, value in AFTER_KINDS.items()}


def test_the_scorer_runs_on_the_complete_third_set_above_the_regression_floor():
    result = scoring.score(CASES)
    assert result.count == len(CASES)
    assert set(result.sizes) == set(CATEGORIES)
    assert sum(result.sizes.values()) == len(CASES)
    scoring.assert_above_floor(result, FLOOR, FIELDS)


def test_the_scorer_can_fail_on_the_third_set(monkeypatch):
    """The scorer's comparison, with a stand-in parse equal to each case's expectation (so this
    test does not depend on the parser): the expectation itself scores 100%, a changed one 0%."""
    monkeypatch.setattr(scoring, "parsed", lambda case: case.expected())
    assert scoring.score(CASES).fields == dict.fromkeys(FIELDS, 1.0)
    case = next(c for c in CASES if c.category == "staff_alternatives" and c.language == "de")
    monkeypatch.setattr(scoring, "parsed", lambda _: case.expected())
    wrong = replace(case, intent="no such intent", staff="Nobody", date="2000-01-01")
    result = scoring.score([wrong])
    assert result.fields["intent"] == result.fields["staff"] == result.fields["date"] == 0.0
    assert result.fields["service"] == 1.0
    assert any(f"[staff_alternatives] {case.text} | staff:" in miss for miss in result.misses)
