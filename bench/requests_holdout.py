"""The request parser on the frozen holdout set (tests/requests_eval_holdout.py): accuracy per
field and per category, beside the old set's per-field accuracy as the same-run baseline.

Fields the parser does not produce yet (``date_to``, ``customer``, staff alternatives) count as
``None``. The ratio line says how far the holdout is from the old set, which the parser was
written against. ``--set fresh`` scores the second fresh set (tests/requests_eval_fresh.py,
never tuned on) with the same scorer instead; ``--set third`` the third
(tests/requests_eval_third.py, the final unseen check, scored once after the tuning);
``--set fourth`` the fourth (tests/requests_eval_fourth.py, likewise scored once at the end).

    python bench/requests_holdout.py [--set holdout|fresh|third|fourth] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ lives in the checkout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every wrong field")
    parser.add_argument("--set", choices=("holdout", "fresh", "third", "fourth"), default="holdout",
                        help="which set to score (default: the holdout)")
    args = parser.parse_args()

    from tests.requests_eval import CASES as OLD_CASES
    from tests.requests_eval import score as old_score
    from tests.requests_holdout_scoring import report, score

    if args.set == "fresh":
        from tests.requests_eval_fresh import CASES
    elif args.set == "third":
        from tests.requests_eval_third import CASES
    elif args.set == "fourth":
        from tests.requests_eval_fourth import CASES
    else:
        from tests.requests_eval_holdout import CASES
    name = args.set
    result = score(CASES)
    print(report(result))
    old, _ = old_score()
    mean = sum(result.fields.values()) / len(result.fields)
    old_mean = sum(old.values()) / len(old)
    print(f"\nmean field accuracy: {name} {mean:.1%} ({result.count} utterances), "
          f"old set {old_mean:.1%} ({len(OLD_CASES)} utterances, its {len(old)} fields); "
          f"ratio {name} / old: {mean / old_mean:.2f}")
    print(f"wrong fields on the {name} set: {len(result.misses)}")
    if args.misses:
        for miss in result.misses:
            print(f"  miss: {miss}")


if __name__ == "__main__":
    main()
