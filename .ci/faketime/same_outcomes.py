"""Compare the faketime passes with the real-clock pass: ``same_outcomes.py REAL.xml FAKED.xml...``.

Each argument is a JUnit report of pytest. Every test of a faked pass must have run in the real
pass too and ended the same way (passed, skipped, failed); a faked pass must have run at least one
test and failed none. Exit 1, naming each difference, otherwise.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def outcomes(report: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    if not report.exists():  # the pass stopped before running anything (see its output)
        return found
    for case in ET.parse(report).getroot().iter("testcase"):
        test = f"{case.get('classname')}::{case.get('name')}"
        ended = {child.tag for child in case} & {"failure", "error", "skipped"}
        found[test] = "failed" if ended & {"failure", "error"} else ("skipped" if ended else "passed")
    return found


def differences(real: dict[str, str], report: Path) -> list[str]:
    faked = outcomes(report)
    found = [] if faked else ["no test ran"]
    for test, outcome in sorted(faked.items()):
        if outcome == "failed":
            found.append(f"{test} failed")
        elif real.get(test) != outcome:
            found.append(f"{test} {outcome}, on the real clock {real.get(test, 'not run')}")
    print(f"{report.name}: {len(faked)} tests, {len(found) or 'no'} differences")
    return [f"{report.name}: {line}" for line in found]


def main(real_report: str, *faked_reports: str) -> int:
    real = outcomes(Path(real_report))
    problems = [line for report in faked_reports for line in differences(real, Path(report))]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
