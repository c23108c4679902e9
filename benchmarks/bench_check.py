"""How fast dronetally checks, against baselines measured in the same run.

    python benchmarks/bench_check.py [path/to/missile_attacks_daily.csv] [--repeat N]

1. End to end: ``tally check FILE`` as a process, against ``python -c pass``
   (the interpreter's own start) and a plain-Python script that only reads the
   same CSV with the csv module and adds up one column.
2. The engine: ``Ledger.check()`` on a synthetic ledger of N reports, against
   hand-written numpy that computes only the outcome remainder of launched
   (the simplest of the rules), and a plain-Python loop doing the same; with
   pandas too where it is installed.

The machine is shared and noisy: each figure is the median of the runs, and
the ratios are what to read.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from baselines import median_time  # benchmarks/ is the script's folder, so on sys.path

import dronetally as dt
from dronetally.engine import propagate

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "af-daily" / "missile_attacks_daily.csv"


def run(cmd: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


PLAIN_READ = """
import csv, sys
total = 0
with open(sys.argv[1], encoding="utf-8", newline="") as fh:
    for row in csv.DictReader(fh):
        if row["launched"]:
            total += int(float(row["launched"]))
print(total)
"""


def end_to_end(path: Path, repeat: int) -> None:
    tally = shutil.which("tally") or str(Path(sys.executable).parent / "tally")
    figures = {
        "python -c pass": median_time(run([sys.executable, "-c", "pass"]), repeat),
        "plain csv read": median_time(run([sys.executable, "-c", PLAIN_READ, str(path)]), repeat),
        "tally --version": median_time(run([tally, "--version"]), repeat),
        "tally check FILE": median_time(run([tally, "check", str(path)]), repeat),
        "tally check FILE -f json": median_time(run([tally, "check", str(path), "-f", "json"]), repeat),
    }
    base = figures["plain csv read"]
    print(f"End to end on {path.name} (median of {repeat}):")
    for name, seconds in figures.items():
        print(f"  {name:<28} {seconds:7.3f} s   x{seconds / base:5.2f} of a plain csv read")


def synthetic(n: int, seed: int = 1) -> list[dt.Report]:
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        shot, lost, hit = rng.randrange(200), rng.randrange(50), rng.randrange(10)
        launched = shot + lost + hit + rng.randrange(12) - (3 if i % 500 == 0 else 0)
        figures: dict[str, object] = {"launched": max(launched, 0), "shot_down": shot, "lost_track": lost, "hit": hit}
        if i % 3 == 0:
            figures["shot_down.region.south"] = rng.randrange(shot + 1)
        reports.append(dt.Report(source="bench", figures=figures))
    return reports


def engine(n: int, repeat: int) -> None:
    reports = synthetic(n)
    ledger = dt.Ledger(reports)
    launched = np.array([r.figures["launched"].lo for r in reports], dtype=np.int64)
    parts = np.array([[r.figures[k].lo for r in reports] for k in ("shot_down", "lost_track", "hit")], dtype=np.int64)

    def numpy_remainder() -> object:
        return launched - parts.sum(axis=0)

    rows = [(r.figures["launched"].lo, r.figures["shot_down"].lo, r.figures["lost_track"].lo, r.figures["hit"].lo)
            for r in reports]

    def python_remainder() -> object:
        return [a - b - c - d for a, b, c, d in rows]

    figures = {
        "numpy: outcome remainder only": median_time(numpy_remainder, repeat),
        "python: outcome remainder only": median_time(python_remainder, repeat),
        "dronetally Ledger.check()": median_time(ledger.check, repeat),
        "dronetally propagate only": median_time(lambda: propagate(ledger), repeat),
    }
    try:
        import pandas as pd

        frame = pd.DataFrame(rows, columns=["launched", "shot_down", "lost_track", "hit"])
        figures["pandas: outcome remainder only"] = median_time(
            lambda: frame["launched"] - frame[["shot_down", "lost_track", "hit"]].sum(axis=1), repeat)
    except ImportError:
        print("  (pandas is not installed: no pandas baseline)")
    base = figures["numpy: outcome remainder only"]
    per_report = figures["dronetally Ledger.check()"] / n * 1e6
    print(f"Engine on {n:,} synthetic reports (median of {repeat}); check() is {per_report:.2f} us a report:")
    for name, seconds in figures.items():
        print(f"  {name:<32} {seconds * 1e3:9.2f} ms   x{seconds / base:8.1f} of numpy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=os.environ.get("DRONETALLY_AF_DAILY", DEFAULT_DATA), type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    if args.path.is_file():
        end_to_end(args.path, args.repeat)
    else:
        print(f"No dataset at {args.path}: end-to-end timing skipped.")
    engine(args.reports, args.repeat)


if __name__ == "__main__":
    main()
