"""How well the hints find a planted slip, on real reports.

    python benchmarks/slips.py [PATH] [--trials 2000] [--seed 20261128]

Takes the Air Force dataset (PATH; by default ../shared/data/af-daily/
missile_attacks_daily.csv beside the checkout), keeps its reports that check
with no error, and in copies of them plants one slip each, with a fixed
seed: in one stated exact figure of 10 or more, one digit changed (never to
a leading zero) or two neighbouring different digits swapped, half each.
Then it checks the copies and reads the hints of those that now have an
error.  It prints:

- *caught*: the copies the slip gives an error (a slip that still adds up
  cannot be seen by any check);
- *found*: of those, the copies whose hints offer the true figure, at its
  true value, as a slip;
- *ranked first*: ... as the first hint;
- *blames a correct figure*: the copies whose first hint names another
  figure than the one changed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import dronetally as dt
from dronetally.hints import repairs

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "af-daily" / "missile_attacks_daily.csv"


def plant(value: int, rng: random.Random) -> tuple[int, str] | None:
    """``value`` with one slip: (new value, kind); None if it has none to make."""
    text = str(value)
    swaps = [i for i in range(len(text) - 1) if text[i] != text[i + 1] and not (i == 0 and text[1] == "0")]
    if swaps and rng.random() < 0.5:
        i = rng.choice(swaps)
        return int(text[:i] + text[i + 1] + text[i] + text[i + 2:]), "swapped digits"
    i = rng.randrange(len(text))
    digits = [d for d in "0123456789" if d != text[i] and not (i == 0 and d == "0")]
    return int(text[:i] + rng.choice(digits) + text[i + 1:]), "one digit"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()
    if not args.path.is_file():
        sys.exit(f"{args.path}: no such file (give the Air Force dataset's path)")
    began = time.perf_counter()
    ledger = dt.load(args.path)
    bad = {f.report for f in ledger.check().errors}
    clean = [j for j in range(len(ledger)) if j not in bad]
    rng = random.Random(args.seed)
    copies: list[dt.Report] = []
    planted: list[tuple[str, int, int, str]] = []  # (figure, true value, written value, kind)
    while len(copies) < args.trials:
        report = ledger[rng.choice(clean)]
        exact = [k for k, c in report.figures.items() if c.lo == c.hi and c.lo >= 10]
        if not exact:
            continue
        key = rng.choice(sorted(exact))
        true = report.figures[key].lo
        made = plant(true, rng)
        if made is None:
            continue
        written, kind = made
        figures = {**report.figures, key: dt.Count(written, written)}
        copies.append(replace(report, figures=figures, id=None, link=None, scope=None))  # compared with none
        planted.append((key, true, written, kind))
    copied = dt.Ledger(copies, schema=ledger.schema)
    caught = sorted({f.report for f in copied.check().errors if f.report is not None})
    hints = repairs(copied, caught, limit=None)
    found = first = blames = 0
    by_kind: dict[str, list[int]] = {}
    for j in caught:
        key, true, _, kind = planted[j]
        offered = [r for r in hints[j] if r.key == key and any(s.value == true for s in r.slips)]
        top = hints[j][0] if hints[j] else None
        is_first = top is not None and top.key == key and bool(top.slips) and top.slips[0].value == true
        found += bool(offered)
        first += is_first
        blames += top is not None and top.key != key
        tally = by_kind.setdefault(kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += bool(offered)
        tally[2] += is_first
    n = len(caught)

    def pct(k: int, of: int) -> str:
        return f"{k:,} of {of:,} ({100 * k / of:.1f}%)" if of else "none"

    print(f"{args.path.name}: {len(clean):,} reports with no error; {args.trials:,} copies, one slip each "
          f"(seed {args.seed})")
    print(f"  caught (the slip gives an error):       {pct(n, args.trials)}")
    print(f"  found (true value offered as a slip):   {pct(found, n)}")
    print(f"  ranked first:                           {pct(first, n)}")
    print(f"  first hint blames a correct figure:     {pct(blames, n)}")
    for kind, (k, f, r) in sorted(by_kind.items()):
        print(f"  {kind + ':':<16} caught {k:,}; found {pct(f, k)}; ranked first {pct(r, k)}")
    print(f"  ({time.perf_counter() - began:.1f} s)")


if __name__ == "__main__":
    main()
