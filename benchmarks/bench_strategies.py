"""How fast the strategies generate, against Hypothesis baselines in the same run.

    python benchmarks/bench_strategies.py [--repeat N]

Each figure is the time to draw 1,000 values inside one test (so Hypothesis's
per-example cost is spread thin), the median of the runs.  Baselines: a plain
``st.integers()``, and ``st.builds`` of a small dict of five integers, about
the size of a simple report's figures.
"""

from __future__ import annotations

import argparse
import statistics
import time

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from dronetally import strategies as dts

PER_EXAMPLE = 50
EXAMPLES = 20  # 20 x 50 = 1,000 draws


def time_draws(strategy: st.SearchStrategy[object]) -> float:
    @settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.generate], database=None)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        for _ in range(PER_EXAMPLE):
            data.draw(strategy)

    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    candidates = {
        "st.integers()": st.integers(),
        "st.builds(dict of 5 integers)": st.builds(dict, a=st.integers(0, 1000), b=st.integers(0, 1000),
                                                    c=st.integers(0, 1000), d=st.integers(0, 1000),
                                                    e=st.integers(0, 1000)),
        "dts.counts()": dts.counts(),
        "dts.reports()": dts.reports(),
        "dts.reports(metadata=False)": dts.reports(metadata=False),
        "dts.reports(consistent=False)": dts.reports(consistent=False),
        "dts.mutants()": dts.mutants(),
    }
    figures = {name: statistics.median(time_draws(s) for _ in range(args.repeat)) for name, s in candidates.items()}
    base = figures["st.builds(dict of 5 integers)"]
    print(f"1,000 draws each (median of {args.repeat}):")
    for name, seconds in figures.items():
        print(f"  {name:<32} {seconds:6.3f} s   x{seconds / base:5.2f} of st.builds")


if __name__ == "__main__":
    main()
