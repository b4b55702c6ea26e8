"""The request parser: accuracy per field on the evaluation set, and parses per second.

Accuracy uses tests/requests_eval.py (the same set and scorer as tests/unit/test_request_eval.py).
Speed: every utterance parsed against its industry's services and staff, best of several repeats,
against a same-run baseline that only tokenises and folds the same texts — so the ratio says what
the extraction costs on top of reading the words.

    python bench/requests.py [--repeats 7] [--rounds 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from support import best_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ lives in the checkout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the set per timing")
    args = parser.parse_args()

    from studiobook.domain.requests import parse_request
    from studiobook.domain.requests.normalise import Text
    from tests.requests_eval import CASES, catalogue, score, table

    accuracy, misses = score()
    print(table(accuracy, len(CASES)))
    for miss in misses:
        print(f"  miss: {miss}")

    lists = {c.industry: catalogue(c.industry) for c in CASES}
    work = [(c.text, c.now, lists[c.industry]) for c in CASES] * args.rounds

    def parse_all() -> int:
        for text, now, (services, staff) in work:
            parse_request(text, now, "Europe/Berlin", services, staff)
        return len(work)

    def tokenise_all() -> int:
        for text, _, _ in work:
            Text(text)
        return len(work)

    parse_all()  # warm the caches a long-running process would have warm
    parsing, count = best_of(args.repeats, parse_all)
    tokenising, _ = best_of(args.repeats, tokenise_all)
    print(f"parses per second: {count / parsing:,.0f}  ({count} parses in {parsing:.3f} s)")
    print(f"baseline (tokenise and fold only): {count / tokenising:,.0f} per second")
    print(f"ratio parse / tokenise: {parsing / tokenising:.1f}x")


if __name__ == "__main__":
    main()
