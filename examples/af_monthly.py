"""Per month and scope: how many drones and missiles the Air Force's reports
say were launched, and how many of them the same reports leave unexplained.

    python examples/af_monthly.py path/to/missile_attacks_daily.csv

The dataset is "Massive Missile Attacks on Ukraine" by Petro Ivaniuk (Kaggle).
"unexplained" is what a report's launched figure leaves after shot down, lost
track, diverted, hit and airborne: the remainder of launched by outcome.  It
is summed over the reports that give a launched figure; where a remainder is
a range (a figure given as ~N or >N), both ends are summed.  The share is
unexplained / launched, over those reports.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from tabulate import tabulate

import dronetally as dt


def monthly(ledger: dt.Ledger, findings: dt.Findings) -> list[list[object]]:
    unexplained = {
        f.report: (f.lo, f.hi) for f in findings.filter(rule="remainder", node="launched.outcome")
    }
    rows: dict[tuple[str, str], list[int | None]] = defaultdict(lambda: [0, 0, 0, 0])
    for i, report in enumerate(ledger):
        month = (report.window_start or "unknown")[:7]
        total = rows[(month, report.scope or "unknown")]
        total[0] += 1  # type: ignore[operator]
        launched = report.figures.get("launched")
        if launched is None or launched.hi is None:
            continue
        lo, hi = unexplained.get(i, (0, 0))
        total[1] += launched.lo  # type: ignore[operator]
        total[2] += lo  # type: ignore[operator]
        total[3] = None if hi is None or total[3] is None else total[3] + hi
    table = []
    by_scope = sorted(rows.items(), key=lambda item: item[0][1])
    for (month, scope), (reports, launched, lo, hi) in sorted(by_scope, key=lambda item: item[0][0], reverse=True):
        span = f"{lo}" if lo == hi else f"{lo}-{hi if hi is not None else '?'}"
        share = f"{100 * lo / launched:.1f}%" if launched else "-"  # type: ignore[operator]
        if launched and hi != lo:
            share += f"-{100 * hi / launched:.1f}%" if hi is not None else "+"  # type: ignore[operator]
        table.append([month, scope, reports, launched, span, share])
    return table


def main(path: str) -> None:
    try:
        ledger = dt.load(path)
    except dt.InputError as exc:
        sys.exit(f"af_monthly.py: {exc}")
    findings = ledger.check()
    print(tabulate(monthly(ledger, findings),
                   headers=["month", "scope", "reports", "launched", "unexplained", "share"],
                   disable_numparse=True))
    print()
    print("Over-accounted:")
    for f in findings.filter(rule="over-accounted", severity="error"):
        print(f"  {f.location}: {f.source}, {f.window}: {f.message}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        main(sys.argv[1])
    except BrokenPipeError:  # | head closed the pipe: that is fine
        sys.stderr.close()
