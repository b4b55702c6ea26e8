"""The fourth evaluation set's score (tests/requests_eval_fourth.py, issue 17): written by someone
who had read neither the parser nor the other sets, frozen (b0160c8) before any score, and
scored by the lead engineer twice only — on the parser as it was before the last tuning
(b0160c8: intent 91.4%, customer 97.5%, service 98.1%) and once after that tuning had ended
(docs/requests-eval.md). ``MEASURED`` is the second, unseen scoring; ``FLOOR`` is it minus 5
points, a regression floor. Its shape is checked in test_request_eval_fourth_shape.py. The
tables are printed (``-s``).
"""

from __future__ import annotations

import tests.requests_holdout_scoring as scoring
from tests.requests_eval_fourth import CASES, CATEGORIES, FIELDS

MEASURED = {"intent": 0.963, "service": 0.981, "staff": 0.994, "date": 1.0, "date_to": 0.994,
            "time_from": 1.0, "time_to": 1.0, "part_of_day": 1.0, "asap": 0.994,
            "customer": 0.981}  # scored once, after the tuning ended (fe6961a)
FLOOR = {field: round(value - 0.05, 3) for field, value in MEASURED.items()}


def test_the_scorer_runs_on_the_complete_fourth_set_above_the_regression_floor():
    result = scoring.score(CASES)
    assert result.count == len(CASES)
    assert set(result.sizes) == set(CATEGORIES)
    scoring.assert_above_floor(result, FLOOR, FIELDS)
