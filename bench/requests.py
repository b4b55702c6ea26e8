"""The request parser: accuracy per field on both evaluation sets, and parses per second, with
each fuzzy matcher — the hand-written bounded Damerau-Levenshtein (the domain's default) and
rapidfuzz's optimal string alignment distance (adapters/fuzzy.py: the same measure, compiled; the
application's), passed in as the parser's ``distance`` input.

Accuracy uses tests/requests_eval.py (the old set, as tests/unit/test_request_eval.py) and
tests/requests_eval_holdout.py (the frozen holdout, as tests/unit/test_request_eval_holdout.py).
Speed: every utterance of both sets parsed against its industry's services and staff, best of
several repeats, with cold caches per repeat (``--cold``) or warm (default: a long-running
process's), against a same-run baseline that only tokenises and folds the same texts.

    python bench/requests.py [--repeats 7] [--rounds 20] [--cold] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from support import best_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ lives in the checkout

Distance = Callable[[str, str, int], int]


def matchers() -> dict[str, Distance]:
    from studiobook.adapters.fuzzy import osa_distance
    from studiobook.domain.requests.normalise import damerau_levenshtein

    return {"hand-written": damerau_levenshtein, "rapidfuzz": osa_distance()}


@contextmanager
def parsing_with(distance: Distance):
    """The scorers import ``parse_request`` when they run: give them one with ``distance``."""
    import studiobook.domain.requests as requests

    real = requests.parse_request
    requests.parse_request = partial(real, distance=distance)  # type: ignore[assignment]
    try:
        yield
    finally:
        requests.parse_request = real  # type: ignore[assignment]


def clear_caches() -> None:
    from studiobook.domain.requests import normalise, staff

    normalise._distance.cache_clear()
    staff._sound.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the sets per timing")
    parser.add_argument("--cold", action="store_true", help="clear the caches before each pass")
    parser.add_argument("--misses", action="store_true", help="print every wrong field")
    args = parser.parse_args()

    from studiobook.adapters.holiday_names import named_days
    from studiobook.domain.requests import parse_request
    from studiobook.domain.requests.normalise import Text
    from tests.requests_eval import CASES, catalogue, score, table
    from tests.requests_eval_holdout import BERLIN
    from tests.requests_eval_holdout import CASES as HOLDOUT
    from tests.requests_holdout_scoring import score as holdout_score

    lists = {industry: catalogue(industry) for industry in ("hair", "doctor", "fitness")}
    cases = [(c.text, c.now, c.industry) for c in (*CASES, *HOLDOUT)]
    days = {now: named_days(now.astimezone(BERLIN).date(), ("DE",)) for _, now, _ in cases}
    work = [(text, now, lists[industry], days[now]) for text, now, industry in cases]

    def tokenise_all() -> int:
        for text, *_ in work * args.rounds:
            Text(text)
        return len(work) * args.rounds

    tokenising, count = best_of(args.repeats, tokenise_all)
    print(f"{len(work)} utterances (old set {len(CASES)}, holdout {len(HOLDOUT)}), "
          f"{args.rounds} rounds, best of {args.repeats}, caches {'cold' if args.cold else 'warm'}")
    print(f"baseline (tokenise and fold only): {count / tokenising:,.0f} per second\n")
    for name, distance in matchers().items():
        with parsing_with(distance):
            old, misses = score()
            fresh = holdout_score()

        def parse_all(distance: Distance = distance) -> int:
            for _ in range(args.rounds):
                if args.cold:
                    clear_caches()
                for text, now, (services, staff), names in work:
                    parse_request(text, now, "Europe/Berlin", services, staff, names, distance)
            return len(work) * args.rounds

        parse_all()
        parsing, _ = best_of(args.repeats, parse_all)
        worst_old = min(old.values())
        worst_fresh = min(fresh.fields.values())
        print(f"== {name}: {count / parsing:,.0f} parses per second "
              f"({parsing / tokenising:.1f}x tokenising); lowest field accuracy: old set "
              f"{worst_old:.1%}, holdout {worst_fresh:.1%}")
        if args.misses:
            print(table(old, len(CASES)))
            for miss in misses + fresh.misses:
                print(f"  miss: {miss}")


if __name__ == "__main__":
    main()
