"""The monthly shot-down share of Shahed-type drones in the Air Force's national
reports, with the night-to-night and the binomial intervals side by side.

    python examples/af_shares.py path/to/missile_attacks_daily.csv [SINCE UNTIL]

The dataset is "Massive Missile Attacks on Ukraine" by Petro Ivaniuk (Kaggle).
"claimed" is the Air Force's own share, pooled over the month as shot down /
launched; "if all" is that share if every drone the reports leave
unexplained had been shot down.  The night-to-night interval says how much
the share moves between nights; the Wilson interval treats each drone as an
independent trial, which drones of one night are not: the last column says
how many times wider the first is.
"""

from __future__ import annotations

import sys

from tabulate import tabulate

import dronetally as dt


def percent(lo: float | None, hi: float | None) -> str:
    if lo is None or hi is None:
        return "-"
    return f"{100 * lo:.1f}%" if round(1000 * lo) == round(1000 * hi) else f"{100 * lo:.1f}%-{100 * hi:.1f}%"


def main(path: str, since: str = "2025-06-01", until: str = "2026-05-30") -> None:
    try:
        ledger = dt.load(path).where(weapon="Shahed", scope="Ukraine", since=since, until=until)
    except dt.InputError as exc:
        sys.exit(f"af_shares.py: {exc}")
    nightly = ledger.stats(by=["month"])
    binomial = ledger.stats(by=["month"], method="wilson")
    table = []
    for night, drone in zip(nightly.rows(), binomial.rows(), strict=True):
        wide = night["interval_lo"] is not None and drone["interval_hi"] > drone["interval_lo"]
        ratio = (night["interval_hi"] - night["interval_lo"]) / (drone["interval_hi"] - drone["interval_lo"]) \
            if wide else 0.0
        table.append([night["month"], night["nights"], percent(night["share_lo"], night["share_hi"]),
                      percent(night["if_all_lo"], night["if_all_hi"]),
                      percent(night["interval_lo"], night["interval_hi"]),
                      percent(drone["interval_lo"], drone["interval_hi"]), f"{ratio:.1f}x" if wide else "-"])
    print(tabulate(table, headers=["month", "nights", "claimed", "if all", "night to night 95%", "Wilson 95%",
                                   "wider"], disable_numparse=True))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    try:
        main(*sys.argv[1:])
    except BrokenPipeError:  # | head closed the pipe: that is fine
        sys.stderr.close()
