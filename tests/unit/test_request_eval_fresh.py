"""The second fresh evaluation set of the request parser (tests/requests_eval_fresh.py, issue 17).

Pins down that the set is what it claims (size, languages, industries, every category and intent,
no sentence taken from the other two sets, expectations that name real services and staff) and
that the scorer runs on it and can fail.

``FLOOR`` is a regression floor, not a goal. The set was written without looking at the parser
(measured at f47044b: intent 91.6%, customer 94.4%, ...); the parser was then tuned with general
rules on its misses (issue 17, "Tuned on the second set" in docs/requests-eval.md), so the set is
no longer unseen. The floors are the scores measured after that tuning minus 5 points per field,
rounded down; a parser change that lowers a field below its floor has lost what was learned. The
tables are printed (``-s``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from tests.requests_eval import CASES as OLD_CASES
from tests.requests_eval import catalogue
from tests.requests_eval_fresh import CASES, CATEGORIES, FIELDS, INTENTS
from tests.requests_eval_holdout import CASES as HOLDOUT_CASES
from tests.requests_holdout_scoring import assert_above_floor, score

MEASURED = {"intent": 1.0, "service": 0.991, "staff": 1.0, "date": 1.0, "date_to": 1.0,
            "time_from": 0.991, "time_to": 0.991, "part_of_day": 1.0, "asap": 1.0,
            "customer": 1.0}  # 107 utterances, 105 right in every field (after issue 17's tuning)
FLOOR = {"intent": 0.95, "service": 0.94, "staff": 0.95, "date": 0.95, "date_to": 0.95,
         "time_from": 0.94, "time_to": 0.94, "part_of_day": 0.95, "asap": 0.95,
         "customer": 0.95}


def test_the_fresh_set_is_big_mostly_german_and_covers_every_category():
    languages = Counter(c.language for c in CASES)
    assert len(CASES) >= 90 and languages["de"] >= languages["en"] > 0
    pairs = {(c.industry, c.language) for c in CASES}
    assert pairs == {(i, lang) for i in ("hair", "doctor", "fitness") for lang in ("de", "en")}
    assert set(Counter(c.category for c in CASES)) == set(CATEGORIES)
    assert set(Counter(c.intent for c in CASES)) == set(INTENTS)
    texts = Counter(c.text.casefold() for c in CASES)
    assert max(texts.values()) == 1, "duplicate utterances"
    others = {c.text.casefold() for c in (*OLD_CASES, *HOLDOUT_CASES)}
    assert not set(texts) & others, "taken from another set"


def test_every_expectation_names_a_real_service_and_staff_member():
    for case in CASES:
        services, staff = catalogue(case.industry)
        service_names = {name for _, name, _, _ in services}
        staff_names = {name for _, name in staff}
        wanted = case.service if isinstance(case.service, tuple) else (case.service,)
        assert all(s is None or s in service_names for s in wanted), case.text
        who = case.staff if isinstance(case.staff, tuple) else (case.staff,)
        assert all(s is None or s.startswith("unknown:") or s in staff_names for s in who), (
            case.text)
        assert case.customer is None or case.intent in ("reschedule", "cancellation"), case.text


def test_the_parser_stays_above_the_regression_floor_on_the_fresh_set():
    assert_above_floor(score(CASES), FLOOR, FIELDS)


def test_the_scorer_can_fail():
    case = next(c for c in CASES if c.category == "verbless" and c.language == "de")
    wrong = replace(case, intent="no such intent", service="No such service", date="2000-01-01")
    result = score([wrong])
    assert result.fields["intent"] == 0.0
    assert result.fields["service"] == 0.0
    assert result.fields["date"] == 0.0
    assert any(f"[verbless] {case.text} | intent:" in miss for miss in result.misses)
