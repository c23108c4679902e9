"""Pinned baselines for dronetally's benchmarks: what plain numpy (and pandas
or polars, where installed) takes for the same file and the same work.

    python benchmarks/baselines.py FILE.csv [--repeat N]

Each figure printed is the median of ``--repeat`` runs.  The baselines
assume a plain CSV such as ``benchmarks/synthetic.py`` writes: a header, then
one record a line, ``\\n`` line ends, no quoted fields.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

FIGURES = ("launched", "shot_down", "lost_track", "diverted", "hit", "airborne")
PARTS = FIGURES[1:]
#: dronetally CSV columns that are never figures
METADATA = frozenset({
    "id", "source", "scope", "window_start", "window_end", "timezone", "published",
    "attacker", "defender", "weapon", "link", "complete",
})


def column_layout(path: str | Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The header's column names, each column's widest cell in bytes, and
    whether each column holds only plain integers (digits, never empty).

    One vectorised scan of the file's bytes: every ``,`` or ``\\n`` ends a
    field, a field's length is the distance between ends, and a field is an
    integer when none of its bytes but the separator is other than a digit
    (``np.logical_or.reduceat`` over the fields).
    """
    data = np.fromfile(path, dtype=np.uint8)
    newline = int(np.argmax(data == ord("\n"))) if len(data) else 0
    names = [name.strip() for name in data[:newline].tobytes().decode("utf-8").split(",")]
    body = data[newline + 1:]
    if len(body) and body[-1] != ord("\n"):
        body = np.append(body, np.uint8(ord("\n")))
    if not len(body):
        return names, np.zeros(len(names), np.int64), np.zeros(len(names), bool)
    separator = (body == ord(",")) | (body == ord("\n"))
    ends = np.flatnonzero(separator)
    if len(ends) % len(names):
        raise ValueError(f"{path}: some row does not have the header's {len(names)} fields")
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts
    other = ((body - np.uint8(ord("0"))) > 9) & ~separator  # uint8 wraps: one comparison finds non-digits
    # each field's segment runs to the next field's start: never empty, as it holds the separator
    plain = (lengths > 0) & ~np.logical_or.reduceat(other, starts)
    widths, integer = lengths.reshape(-1, len(names)).max(axis=0), plain.reshape(-1, len(names)).all(axis=0)
    return names, np.asarray(widths), np.asarray(integer)


def loadtxt_structured(path: str | Path) -> np.ndarray:
    """Every column of ``path`` in one ``numpy.loadtxt`` call, as a
    structured array with one field per header column.

    First :func:`column_layout` measures each column.  A column not in
    ``METADATA`` whose every cell is a plain integer is read as int64; every
    other column as bytes (``S`` dtype) exactly as wide as its widest cell, so
    nothing is truncated.  Then one ``loadtxt`` pass (comma-delimited, header
    skipped, no quote handling) reads the whole file into that dtype.
    """
    names, widths, plain = column_layout(path)
    dtype = [
        (name, np.int64) if is_int and name not in METADATA else (name, f"S{max(int(width), 1)}")
        for name, width, is_int in zip(names, widths, plain, strict=True)
    ]
    return np.loadtxt(path, dtype=dtype, delimiter=",", skiprows=1, quotechar=None, ndmin=1)


def numpy_remainders(cols: Mapping[str, np.ndarray] | np.ndarray) -> dict[str, Any]:
    """The outcome check of launched, in hand-written numpy, on integer
    figures: ``cols`` maps launched and its five outcome parts (shot_down,
    lost_track, diverted, hit, airborne) to int arrays, one entry per report
    (a dict from ``synthetic.figures`` or a structured array with int64
    figure fields).

    Per report, left = launched - the parts' sum.  Where left < 0 the report
    is over-accounted: a finding of kind excess, lo = hi = -left, share =
    excess / launched capped at 1 (1.0 where launched is 0).  Where left > 0
    it leaves a remainder: lo = hi = left, share = left / launched (launched is
    positive there).  A report has at most one of the two, so taking the
    reports where left != 0 in index order gives the findings exactly as
    concatenating the two kinds and sorting them stably by report would.

    Returns the finding arrays (``report``: index; ``excess``: True for an
    over-accounted finding, False for a remainder; ``lo``, ``hi``,
    ``share_lo``, ``share_hi``) and the overview counts ``balanced``,
    ``positive_remainder`` and ``over_accounted`` (reports).
    """
    launched = np.asarray(cols["launched"], dtype=np.int64)
    left = launched.copy()
    for part in PARTS:
        left -= np.asarray(cols[part], dtype=np.int64)
    report = np.flatnonzero(left)
    signed = left[report]
    excess = signed < 0
    amount = np.abs(signed)
    whole = launched[report]
    share = np.ones(len(report))
    np.divide(amount, whole, out=share, where=whole > 0)
    np.minimum(share, 1.0, out=share)
    over = int(excess.sum())
    return {
        "report": report, "excess": excess, "lo": amount, "hi": amount.copy(),
        "share_lo": share, "share_hi": share.copy(),
        "balanced": len(left) - len(report), "positive_remainder": len(report) - over, "over_accounted": over,
    }


#: Run as ``python -c loadtxt_check_process_script FILE.csv OUT.jsonl``: read
#: the six figure columns (found by header name) with numpy.loadtxt, compute
#: what :func:`numpy_remainders` does, and write one JSON Lines record per
#: finding (``line`` = row index + 2: the header is line 1), then a summary.
loadtxt_check_process_script = '''
import json, sys
import numpy as np

path, out = sys.argv[1], sys.argv[2]
names = ["launched", "shot_down", "lost_track", "diverted", "hit", "airborne"]
with open(path, encoding="utf-8") as fh:
    header = [name.strip() for name in fh.readline().split(",")]
data = np.loadtxt(path, dtype=np.int64, delimiter=",", skiprows=1, usecols=[header.index(n) for n in names], ndmin=2)
launched = data[:, 0]
left = launched - data[:, 1:].sum(axis=1)
report = np.flatnonzero(left)
amount = np.abs(left[report])
whole = launched[report]
share = np.ones(len(report))
np.divide(amount, whole, out=share, where=whole > 0)
np.minimum(share, 1.0, out=share)
heads = {
    True: '"rule": "over-accounted", "severity": "error", "node": "launched", '
          '"dimension": "launched.outcome", "kind": "excess", ',
    False: '"rule": "remainder", "severity": "info", "node": "launched", '
           '"dimension": "launched.outcome", "kind": "remainder", ',
}
rows = zip((report + 2).tolist(), (left[report] < 0).tolist(), amount.tolist(), map(repr, share.tolist()))
lines = [f'{{"line": {i}, {heads[o]}"lo": {n}, "hi": {n}, "share_lo": {s}, "share_hi": {s}}}\\n' for i, o, n, s in rows]
over = int((left < 0).sum())
summary = {"type": "summary", "reports": len(left), "findings": len(report), "balanced": len(left) - len(report),
           "positive_remainder": len(report) - over, "over_accounted": over}
with open(out, "w", encoding="utf-8") as fh:
    fh.writelines(lines)
    fh.write(json.dumps(summary) + "\\n")
'''


def time_process(args: list[str], repeat: int = 5) -> float:
    """The median wall time, in seconds, of running ``args`` as a process
    ``repeat`` times (output discarded; a failing run raises)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pandas_read(path: str | Path) -> Any:
    """``pandas.read_csv(path)`` with its defaults (needs pandas)."""
    return importlib.import_module("pandas").read_csv(path)


def polars_read(path: str | Path) -> Any:
    """``polars.read_csv(path)`` with its defaults (needs polars)."""
    return importlib.import_module("polars").read_csv(path)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """The median wall time, in seconds, of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path, repeat = args.path, args.repeat
    table = loadtxt_structured(path)
    size = path.stat().st_size
    print(f"{path}: {len(table):,} rows, {size / 1e6:.1f} MB; median of {repeat} runs")
    timings = {
        "column_layout (the measuring scan)": median_time(lambda: column_layout(path), repeat),
        "loadtxt_structured (scan + loadtxt)": median_time(lambda: loadtxt_structured(path), repeat),
    }
    names = table.dtype.names or ()
    integers = all(name in names and table.dtype[name] == np.int64 for name in FIGURES)
    if integers:
        found = numpy_remainders(table)
        timings["numpy_remainders (in memory)"] = median_time(lambda: numpy_remainders(table), repeat)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "findings.jsonl"
            timings["python -c pass (process start)"] = time_process([sys.executable, "-c", "pass"], repeat)
            timings["loadtxt check process (JSONL)"] = time_process(
                [sys.executable, "-c", loadtxt_check_process_script, str(path), str(out)], repeat)
            with out.open(encoding="utf-8") as fh:
                written = sum(1 for _ in fh) - 1
        print(f"  findings: {len(found['report']):,} ({found['over_accounted']:,} over-accounted, "
              f"{found['positive_remainder']:,} remainders, {found['balanced']:,} balance); "
              f"the process wrote {written:,} finding lines")
    else:
        print("  (figure columns are not all plain integers: numpy_remainders and the check process skipped)")
    for name, reader in (("pandas", pandas_read), ("polars", polars_read)):
        if importlib.util.find_spec(name) is None:
            print(f"  ({name} is not installed: no {name} baseline)")
        else:
            timings[f"{name}_read"] = median_time(functools.partial(reader, path), repeat)
    for name, seconds in timings.items():
        print(f"  {name:<38} {seconds:8.3f} s  {seconds / max(len(table), 1) * 1e9:8.0f} ns a row")


if __name__ == "__main__":
    main()
