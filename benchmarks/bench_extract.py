"""How long the extractor takes on a statement, over every statement of
tests/data/statements/ (the shared dev, mod-telegram and af-telegram files).

    python benchmarks/bench_extract.py [--repeat N]

For each statement, the median of N runs of ``dronetally.extract(text)`` (the
reading: tokens, clauses, cues, places, reports with their provenance, the
unused numbers); then the median and the largest of those medians per file
and over all, and the same for writing the result as ``tally extract``'s
JSON (which makes the ``Report`` objects, and loads numpy).  The goal is
under 5 ms for a typical statement.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("dev.jsonl", "mod-telegram.jsonl", "af-telegram.jsonl")


def median_time(func: object, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(text)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import dronetally as dt

    numpy_before = "numpy" in sys.modules
    every: list[float] = []
    writing: list[float] = []
    print(f"{'file':<22}{'statements':>11}{'median ms':>11}{'max ms':>9}{'+ JSON median ms':>18}")
    for name in FILES:
        texts = [json.loads(line)["text"] for line in
                 (ROOT / "tests" / "data" / "statements" / name).read_text(encoding="utf-8").splitlines()]
        reading = [median_time(dt.extract, t, args.repeat) * 1000 for t in texts]
        if name == FILES[0]:
            print(f"(numpy loaded by reading alone: {'numpy' in sys.modules and not numpy_before})")
        written = [median_time(lambda t: dt.extract(t).to_json(), t, args.repeat) * 1000 for t in texts]
        every += reading
        writing += written
        print(f"{name:<22}{len(texts):>11}{statistics.median(reading):>11.2f}{max(reading):>9.2f}"
              f"{statistics.median(written):>18.2f}")
    print(f"{'all':<22}{len(every):>11}{statistics.median(every):>11.2f}{max(every):>9.2f}"
          f"{statistics.median(writing):>18.2f}")


if __name__ == "__main__":
    main()
