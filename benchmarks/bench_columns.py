"""dronetally's columnar paths against numpy baselines measured in the same run.

    python benchmarks/bench_columns.py [--rows 1000000] [--big-rows 10000000] [--repeat 5] [--keep DIR] [--only 1,2]

Writes synthetic files (``synthetic.py``) into a temporary directory, or into
``--keep DIR`` where they stay and are reused by the next run, then times:

1. reading: ``dronetally.load`` against one ``numpy.loadtxt`` pass into a
   structured array whose widths were measured beforehand (outside the
   timing); and the file with 5% interval cells against the exact one;
2. ``check()`` on a ledger of ``--rows`` and ``--big-rows`` exact reports:
   every rule, and the five rules within one report, against
   ``baselines.numpy_remainders`` on the ledger's own columns; outside the
   timing, the five rules' over-accounted and remainder findings and overview
   counts must equal the baseline's;
3. end to end, as processes: ``tally check FILE --format jsonl`` (and with
   ``--show warning``, and ``--no-across``) against
   ``baselines.loadtxt_check_process_script``;
4. peak memory (``ru_maxrss`` of a child process): loading the ``--rows``
   file against its raw int64 figure columns, and ``tally check``;
5. no quadratic corners: ``check()`` on ``--rows / 10`` and ``--rows``
   reports that all belong to one group, and ``loads(text, "json")`` on
   ``--rows / 50`` and ``--rows / 5`` reports: linear scaling gives a ratio
   of 10;
6. ``tally check`` on the bundled seed reports, and ``tally --version``,
   with the package's bytecode compiled first, as installing it does;
7. statistics: ``Ledger.stats`` by scope and month on ``--big-rows``
   reports against ``check()`` on the same ledger, and the bootstrap's
   cost per resample;
8. DataFrames: ``Ledger.to_pandas()`` and ``Findings.to_pandas()`` against
   pandas DataFrames of the same arrays made by hand (and
   ``pandas.read_csv`` of the file), ``Ledger.from_pandas`` against
   ``from_columns``.

Times are the median of ``--repeat`` runs, ours and the baseline's taken in
turn so that the machine's slow moments fall on both alike; the ratio is what
to read, as the machine is shared and noisy.  CLI options that do not exist
yet (``jsonl``, ``--show``, ``--no-across``) are reported as skipped.  Exit
status 1 when the findings disagree with the baseline or a case crashed.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import baselines
import numpy as np
import synthetic

import dronetally
from dronetally import rules
from dronetally.findings import RULES as RULE_NAMES

MB = 1024 * 1024
#: the five rules within one report: over-accounted .. inferred-bound
WITHIN_ONE_REPORT = 5


@dataclass
class Row:
    """One line of the summary: ours against a baseline, and the issue's target."""

    case: str
    ours: float | None  # seconds, or MB for memory
    base: float | None
    limit: float | None = None  # the largest ratio (or, with no baseline, value) the target allows
    target: str = ""
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.base is None or self.base <= 0:
            return None
        return self.ours / self.base

    @property
    def verdict(self) -> str:
        measured = self.ratio if self.base is not None else self.ours
        if self.limit is None or measured is None:
            return ""
        return "yes" if measured <= self.limit else "NO"


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "MB":
        return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB"
    return f"{value:.3f} s" if value >= 1 else f"{value * 1e3:.1f} ms"


def report(rows: list[Row], base_name: str = "baseline") -> None:
    """Print a case's rows as they come."""
    for r in rows:
        if r.ours is None:
            print(f"  {r.case:<54} {r.note}")
            continue
        ratio = f"x{r.ratio:6.2f}" if r.ratio is not None else " " * 7
        base = f"{base_name} {show(r.base, r.unit):>10}" if r.base is not None else " " * (len(base_name) + 11)
        target = f"target {r.target}: {r.verdict}" if r.target else ""
        print(f"  {r.case:<54} {show(r.ours, r.unit):>10}   {base}   {ratio}   {target}  {r.note}".rstrip())


# -- timing ------------------------------------------------------------------------------


def medians(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The median wall time, in seconds, of each function: each called in
    turn, ``repeat`` rounds, results dropped and garbage collected between."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def tally() -> str:
    beside = Path(sys.executable).parent / "tally"
    return str(beside) if beside.exists() else shutil.which("tally") or "tally"


def process(cmd: list[str]) -> Callable[[], object]:
    """A callable running ``cmd``: exit status 0 or 1 (``tally check`` found
    errors) is fine, anything else raises with the end of its stderr.
    Standard input is /dev/null: ``tally check`` with no FILE refuses a pipe."""

    def run() -> None:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")

    return run


#: Runs argv[1:] and prints, as JSON, its exit status, stdout, the end of its
#: stderr and its peak resident size: this wrapper's only child, so
#: RUSAGE_CHILDREN is that child's own high-water mark.
PEAK_SCRIPT = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, capture_output=True)
print(json.dumps({"rc": done.returncode, "stdout": done.stdout.decode(), "stderr": done.stderr.decode()[-2000:],
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def peak(cmd: list[str]) -> tuple[float, str]:
    """Peak resident memory of ``cmd`` in MB, and what it printed."""
    done = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, *cmd], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    if out["rc"] not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {out['rc']}: {out['stderr']}")
    return out["maxrss_kb"] * 1024 / MB, out["stdout"]


def cli_options() -> set[str]:
    """Which of the new ``tally check`` options its --help lists."""
    text = subprocess.run([tally(), "check", "--help"], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, check=True).stdout
    return {option for option in ("jsonl", "--show", "--no-across") if option in text}


# -- files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    directory: Path
    rows: int
    big_rows: int

    def csv(self, rows: int, intervals: float = 0.0) -> Path:
        """The synthetic file of ``rows`` reports, written unless it exists
        (through a temporary name, so that a file there is whole)."""
        name = f"exact-{rows}.csv" if not intervals else f"intervals{round(intervals * 100):02d}-{rows}.csv"
        path = self.directory / name
        if not path.exists():
            start = time.perf_counter()
            part = path.with_suffix(".part")
            synthetic.write(part, rows, intervals)
            part.replace(path)
            print(f"  (wrote {path.name}: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s)")
        return path


# -- 1. reading ----------------------------------------------------------------------------


def structured_dtype(path: Path) -> np.dtype[Any]:
    """The dtype ``baselines.loadtxt_structured`` reads ``path`` into: int64
    for plain-integer figure columns, bytes as wide as the widest cell otherwise."""
    names, widths, plain = baselines.column_layout(path)
    return np.dtype([
        (name, np.int64) if is_int and name not in baselines.METADATA else (name, f"S{max(int(width), 1)}")
        for name, width, is_int in zip(names, widths, plain, strict=True)
    ])


def case_reading(files: Files, repeat: int) -> list[Row]:
    exact, ranged = files.csv(files.rows), files.csv(files.rows, 0.05)
    dtype = structured_dtype(exact)  # the widths, measured outside the timing

    def loadtxt() -> np.ndarray:
        return np.loadtxt(exact, dtype=dtype, delimiter=",", skiprows=1, quotechar=None, ndmin=1)

    # both readers must read the figures synthetic.py wrote
    truth = synthetic.figures(files.rows)
    assert np.array_equal(loadtxt()["launched"], truth["launched"]), "loadtxt misread launched"
    ledger = dronetally.load(exact)
    assert np.array_equal(ledger.columns["launched"].lo, truth["launched"]), "load misread launched"
    del ledger
    ranged_ledger = dronetally.load(ranged)
    launched = ranged_ledger.columns["launched"]
    assert ((launched.lo <= truth["launched"]) & (truth["launched"] <= launched.hi)).all(), "a range misses its value"
    del ranged_ledger
    t = medians({"load": lambda: dronetally.load(exact), "loadtxt": loadtxt,
                 "load ranged": lambda: dronetally.load(ranged)}, repeat)
    return [
        Row(f"load {exact.name} vs loadtxt", t["load"], t["loadtxt"], 1.5, "within 1.5x"),
        Row(f"load {ranged.name} vs load exact", t["load ranged"], t["load"], 2.0, "at most 2x",
            note="(baseline: ours on the exact file)"),
    ]


# -- 2. check() --------------------------------------------------------------------------


def agreement(found: Any, expected: dict[str, Any]) -> list[str]:
    """How the five rules' over-accounted and remainder findings, and the
    overview, differ from ``numpy_remainders``: nothing when they agree."""
    f = found.arrays
    over, remainder = RULE_NAMES.index("over-accounted"), RULE_NAMES.index("remainder")
    keep = (f["rule"] == over) | (f["rule"] == remainder)
    problems = []
    if keep.sum() != len(expected["report"]):
        problems.append(f"{int(keep.sum())} findings, the baseline {len(expected['report'])}")
    else:
        for name, ours, theirs in (
            ("report", f["report"][keep], expected["report"]),
            ("rule", f["rule"][keep] == over, expected["excess"]),
            ("lo", f["lo"][keep], expected["lo"]),
            ("hi", f["hi"][keep], expected["hi"]),
            ("share_lo", f["share_lo"][keep], expected["share_lo"]),
            ("share_hi", f["share_hi"][keep], expected["share_hi"]),
        ):
            if not np.array_equal(ours, theirs):
                first = int(np.flatnonzero(ours != theirs)[0])
                problems.append(f"{name} differs at finding {first}: {ours[first]!r} vs {theirs[first]!r}")
    for count in ("over_accounted", "positive_remainder"):
        if found.overview.get(count) != expected[count]:
            problems.append(f"overview[{count!r}] = {found.overview.get(count)}, the baseline {expected[count]}")
    return problems


def case_check(path: Path, rows: int, limit: float, repeat: int, mismatches: list[str]) -> list[Row]:
    ledger = dronetally.load(path)
    assert all(ledger.columns[k].exact for k in baselines.FIGURES), "an exact file gave a column with ranges"
    cols = {k: ledger.columns[k].lo for k in baselines.FIGURES}

    def five() -> Any:
        return rules.check(ledger, rules=rules.CHECKS[:WITHIN_ONE_REPORT])

    found, expected = five(), baselines.numpy_remainders(cols)
    problems = agreement(found, expected)
    mismatches += [f"check at {rows:,}: {p}" for p in problems]
    print(f"  {rows:,} reports: five rules give {len(found):,} findings; over-accounted "
          f"{found.overview['over_accounted']:,}, positive remainder {found.overview['positive_remainder']:,}: "
          + ("the same as numpy_remainders" if not problems else "MISMATCH: " + "; ".join(problems)))
    del found
    t = medians({"all": ledger.check, "five": five, "numpy": lambda: baselines.numpy_remainders(cols)}, repeat)
    return [
        Row(f"check, five rules, {rows:,} reports", t["five"], t["numpy"], limit, f"within {limit:g}x"),
        Row(f"check, all rules, {rows:,} reports", t["all"], t["numpy"], note="(for information)"),
    ]


# -- 3. end to end ------------------------------------------------------------------------------


def case_end_to_end(path: Path, rows: int, out_dir: Path, repeat: int) -> list[Row]:
    options = cli_options()
    out, base_out = out_dir / "out.jsonl", out_dir / "baseline.jsonl"
    baseline = process([sys.executable, "-c", baselines.loadtxt_check_process_script, str(path), str(base_out)])
    cases = [
        ("tally check --format jsonl", ["--format", "jsonl"], {"jsonl"}, 5.0),
        ("tally check --format jsonl --show warning", ["--format", "jsonl", "--show", "warning"],
         {"jsonl", "--show"}, 2.0),
        ("tally check --no-across --format jsonl", ["--no-across", "--format", "jsonl"], {"jsonl", "--no-across"},
         None),
    ]
    fns: dict[str, Callable[[], object]] = {"baseline": baseline}
    for name, args, needs, _ in cases:
        if needs <= options:
            fns[name] = process([tally(), "check", str(path), *args, "-o", str(out)])
    t = medians(fns, repeat)
    if "tally check --no-across --format jsonl" in fns:  # within one report, both write the same lines
        fns["tally check --no-across --format jsonl"]()
        print(f"  --no-across against the baseline's output: {same_findings(out, base_out)}")
    result = [Row(f"loadtxt check process, {rows:,} rows", t["baseline"], None, note="(the baseline)")]
    for name, _, needs, limit in cases:
        if name in t:
            result.append(Row(name, t[name], t["baseline"], limit, f"within {limit:g}x" if limit else ""))
        else:
            missing = ", ".join(sorted(needs - options))
            result.append(Row(name, None, None, note=f"skipped: option not there yet ({missing})"))
    return result


def same_findings(ours: Path, theirs: Path) -> str:
    """Whether two JSON Lines files hold the same finding lines (summaries
    aside, and the file each finding is in: the baseline reads one file)."""
    in_file = re.compile(r'^\{"file": "(?:[^"\\]|\\.)*", ')

    def findings(path: Path) -> Iterator[str]:
        with path.open(encoding="utf-8") as fh:
            yield from (in_file.sub("{", line, count=1) for line in fh if not line.startswith('{"type": "summary"'))

    count = 0
    for count, (a, b) in enumerate(itertools.zip_longest(findings(ours), findings(theirs)), 1):
        if a != b:
            return f"they differ at finding {count}: {a!r} vs {b!r}"
    return f"the same {count:,} finding lines"


# -- 4. peak memory ------------------------------------------------------------------------------

#: Imports what load() needs, reads argv[1] if given, and prints its resident
#: size (from /proc, or 0) before and after reading.
LOAD_SCRIPT = """
import os, sys
import numpy
import dronetally, dronetally.io, dronetally.ledger

def rss():
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0

before = rss()
ledger = dronetally.load(sys.argv[1]) if len(sys.argv) > 1 else None
print(before, rss())
"""


def case_memory(files: Files, out_dir: Path) -> list[Row]:
    exact = files.csv(files.rows)
    raw = 6 * 8 * files.rows / MB
    imported, _ = peak([sys.executable, "-c", LOAD_SCRIPT])
    loaded, printed = peak([sys.executable, "-c", LOAD_SCRIPT, str(exact)])
    before, after = (int(v) for v in printed.split())
    retained = f"; retained after load {(after - before) / MB:.0f} MB" if after else ""
    result = [
        Row(f"load {files.rows:,}: peak growth vs raw columns", loaded - imported, raw, 2.0, "within 2x", "MB",
            f"(peak {loaded:.0f} MB, imports alone {imported:.0f} MB{retained})"),
    ]
    options = cli_options()
    out = str(out_dir / "peak.jsonl")
    runs = [("tally check --format jsonl", files.rows, [], {"jsonl"})]
    runs += [("tally check --no-across --format jsonl", n, ["--no-across"], {"jsonl", "--no-across"})
             for n in (files.rows, files.big_rows)]
    for name, n, args, needs in runs:
        label = f"{name}, {n:,}: peak"
        if needs <= options:
            mb, _ = peak([tally(), "check", str(files.csv(n)), *args, "--format", "jsonl", "-o", out])
            flat = "(should stay flat across sizes)" if "--no-across" in args else "(for information)"
            result.append(Row(label, mb, None, unit="MB", note=flat))
        else:
            result.append(Row(label, None, None, note=f"skipped: option not there yet ({', '.join(needs - options)})"))
    return result


# -- 5. no quadratic corners ------------------------------------------------------------------------


def one_group(n: int) -> dronetally.Ledger:
    """``n`` reports about the same scope, window and weapon from seven sources."""
    rng = np.random.default_rng(5)
    launched = rng.integers(50, 200, n)
    sources = [f"source-{i}" for i in range(7)]
    return dronetally.Ledger.from_columns({
        "source": [sources[i % 7] for i in range(n)],
        "scope": ["Ukraine"] * n,
        "window_start": ["2024-12-21T19:00"] * n,
        "window_end": ["2024-12-22T07:00"] * n,
        "weapon": ["Shahed"] * n,
        "launched": launched,
        "shot_down": rng.integers(0, launched + 5),  # now and then more than launched
    })


def json_reports(n: int) -> str:
    rng = np.random.default_rng(6)
    launched = rng.integers(50, 200, n)
    shot = rng.integers(0, launched + 1)
    lines = [f'{{"source": "s", "figures": {{"launched": {a}, "shot_down": {b}}}}}'
             for a, b in zip(launched.tolist(), shot.tolist(), strict=True)]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def case_scaling(rows: int, repeat: int) -> list[Row]:
    small, large = max(rows // 10, 1), rows
    ledgers = {n: one_group(n) for n in (small, large)}
    t = medians({n: ledger.check for n, ledger in ledgers.items()}, repeat)
    result = [scaling_row(f"check, one group, {large:,} reports", large, small, t[large], t[small])]
    del ledgers
    small, large = max(rows // 50, 1), max(rows // 5, 1)
    texts = {n: json_reports(n) for n in (small, large)}
    for n, text in texts.items():
        assert len(dronetally.loads(text, "json")) == n
    t = medians({n: lambda text=text: dronetally.loads(text, "json") for n, text in texts.items()}, repeat)
    result.append(scaling_row(f"loads json, {large:,} reports", large, small, t[large], t[small]))
    return result


def scaling_row(case: str, large: int, small: int, t_large: float, t_small: float) -> Row:
    """Ours on ``large`` against ours on ``small``: ``large / small`` times
    slower if linear, its square if quadratic; the target is the geometric
    middle of the two."""
    k = large / small
    return Row(case, t_large, t_small, k**1.5, f"~{k:g} if linear", note=f"(baseline: ours on {small:,})")


# -- 6. the seed check --------------------------------------------------------------------------------


def case_seed(repeat: int) -> list[Row]:
    # as installed: pip compiles the package's bytecode when it installs it, but an editable
    # install run with PYTHONDONTWRITEBYTECODE set would compile every module on every start
    package = Path(dronetally.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    t = medians({"check": process([tally(), "check"]), "version": process([tally(), "--version"]),
                 "python": process([sys.executable, "-c", "pass"])}, repeat)
    return [
        Row("tally check (the seed reports)", t["check"], None, 0.350, "under 350 ms",
            note=f"(x{t['check'] / t['python']:.1f} of python -c pass: {t['python'] * 1e3:.0f} ms)"),
        Row("tally --version", t["version"], None, note="(time only)"),
    ]


# -- 7. statistics ---------------------------------------------------------------------------


def case_stats(path: Path, rows: int, repeat: int) -> list[Row]:
    """``Ledger.stats`` by scope and month against ``Ledger.check`` on the same ledger, and the bootstrap's
    cost per resample; for information, a plain numpy ratio of sums per group."""
    ledger = dronetally.load(path)
    repeat = min(repeat, 3)
    month = np.array([int(v[5:7]) for v in ledger.meta["window_end"].values] + [0])[ledger.meta["window_end"].codes]
    scope = np.asarray(ledger.meta["scope"].codes)
    shot, launched = ledger.columns["shot_down"].lo, ledger.columns["launched"].lo

    def plain() -> Any:  # the pooled share per (scope, month), nothing else
        key = scope.astype(np.int64) * 13 + month
        return np.bincount(key, shot) / np.maximum(np.bincount(key, launched), 1)

    resamples = 200
    t = medians({"stats": lambda: ledger.stats(by=["scope", "month"]), "check": ledger.check, "numpy": plain,
                 "bootstrap": lambda: ledger.stats(by=["scope", "month"], method="bootstrap",
                                                   resamples=resamples)}, repeat)
    groups = len(ledger.stats(by=["scope", "month"]))
    per = (t["bootstrap"] - t["stats"]) / resamples
    return [
        Row(f"stats by scope and month, {rows:,} reports", t["stats"], t["check"], 3.0, "within 3x of check",
            note="(baseline: check(), every rule)"),
        Row(f"stats, plain numpy ratio of sums, {rows:,} reports", t["stats"], t["numpy"], note="(for information)"),
        Row(f"bootstrap, per resample over {groups} groups", per, None,
            note=f"(({t['bootstrap']:.2f} s - {t['stats']:.2f} s) / {resamples} resamples)"),
    ]


# -- 8. DataFrames ---------------------------------------------------------------------------------


def case_frames(path: Path, rows: int, repeat: int) -> list[Row]:
    """``to_pandas()`` of a ledger and of its findings, and ``Ledger.from_pandas``, against pandas
    itself: a DataFrame of the same arrays made by hand, and ``pandas.read_csv`` of the file."""
    try:
        import pandas as pd
    except ImportError:
        return [Row("8. DataFrames", None, None, note="skipped: pandas is not installed")]
    ledger = dronetally.load(path)
    findings = ledger.check()
    figures = {key: ledger.columns[key].lo for key in ledger.keys if ledger.columns[key].stated.any()}

    def by_hand() -> Any:  # the figure columns as int64 and the metadata as categories, nothing checked
        data: dict[str, Any] = {name: pd.Categorical.from_codes(np.asarray(s.codes, np.int32), list(s.values))
                                for name, s in ledger.meta.items()}
        data.update(figures)
        return pd.DataFrame(data)

    def findings_by_hand() -> Any:  # the finding arrays, and each finding's report's id and source as text
        rows = np.asarray(findings.arrays["report"])
        data: dict[str, Any] = {k: np.asarray(v) for k, v in findings.arrays.items()}
        for name in ("id", "source"):
            strings = ledger.meta[name]
            lookup = np.array([*strings.values, None], dtype=object)
            data[name] = lookup[np.where(rows >= 0, np.asarray(strings.codes)[np.maximum(rows, 0)], -1)]
        return pd.DataFrame(data)

    frame = ledger.to_pandas()
    t = medians({"to_pandas": ledger.to_pandas, "by_hand": by_hand, "read_csv": lambda: pd.read_csv(path),
                 "findings": lambda: findings.to_pandas(messages=False),
                 "findings_by_hand": findings_by_hand,
                 "from_pandas": lambda: dronetally.Ledger.from_pandas(frame),
                 "from_columns": lambda: dronetally.Ledger.from_columns(
                     {"source": ledger.meta["source"].to_array(), **figures})}, min(repeat, 3))
    return [
        Row(f"Ledger.to_pandas(), {rows:,} reports", t["to_pandas"], t["by_hand"], 2.0, "within 2x",
            note="(baseline: pandas.DataFrame of the same arrays, by hand)"),
        Row(f"Ledger.to_pandas() against pandas.read_csv, {rows:,}", t["to_pandas"], t["read_csv"],
            note="(for information)"),
        Row(f"Findings.to_pandas(messages=False), {len(findings):,}", t["findings"], t["findings_by_hand"], 2.0,
            "within 2x", note="(baseline: pandas.DataFrame of the finding arrays, report ids and sources as text)"),
        Row(f"Ledger.from_pandas, {rows:,} reports", t["from_pandas"], t["from_columns"],
            note="(baseline: from_columns of the source and figure arrays; for information)"),
    ]


# -- the run ---------------------------------------------------------------------------------------


def summary(rows: list[Row]) -> None:
    print("\nSummary (median seconds, or MB; ratio = ours / baseline):")
    header = f"  {'case':<54} {'ours':>10} {'baseline':>10} {'ratio':>8}  {'target':<18} {'met':<4}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for r in rows:
        if r.ours is None:
            print(f"  {r.case:<54} {r.note}")
            continue
        ratio = f"x{r.ratio:.2f}" if r.ratio is not None else "-"
        print(f"  {r.case:<54} {show(r.ours, r.unit):>10} {show(r.base, r.unit):>10} {ratio:>8}  "
              f"{r.target:<18} {r.verdict:<4}".rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big-rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the files here, and keep them for next time")
    parser.add_argument("--only", metavar="N,N", help="run only the cases of these numbers (default: all)")
    args = parser.parse_args()
    if args.rows < 50 or args.big_rows < 1 or args.repeat < 1:
        parser.error("--rows must be at least 50, --big-rows and --repeat at least 1")
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-columns-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        out_dir = Path(tmp)
        files = Files(directory, args.rows, args.big_rows)
        print(f"dronetally {dronetally.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs; files in {directory}; median of {args.repeat} runs")
        mismatches: list[str] = []
        cases: list[tuple[str, Callable[[], list[Row]]]] = [
            (f"1. Reading {args.rows:,} rows", lambda: case_reading(files, args.repeat)),
            (f"2. check() on {args.rows:,} exact reports",
             lambda: case_check(files.csv(args.rows), args.rows, 2.0, args.repeat, mismatches)),
            (f"2. check() on {args.big_rows:,} exact reports",
             lambda: case_check(files.csv(args.big_rows), args.big_rows, 1.5, args.repeat, mismatches)),
            (f"3. End to end on {args.rows:,} rows, as processes",
             lambda: case_end_to_end(files.csv(args.rows), args.rows, out_dir, args.repeat)),
            ("4. Peak memory (one run each)", lambda: case_memory(files, out_dir)),
            ("5. No quadratic corners", lambda: case_scaling(args.rows, args.repeat)),
            ("6. The seed check, as a process", lambda: case_seed(args.repeat)),
            (f"7. Statistics on {args.big_rows:,} exact reports",
             lambda: case_stats(files.csv(args.big_rows), args.big_rows, args.repeat)),
            (f"8. DataFrames of {args.rows:,} reports", lambda: case_frames(files.csv(args.rows), args.rows,
                                                                           args.repeat)),
        ]
        everything: list[Row] = []
        crashed = []
        chosen = set(args.only.split(",")) if args.only else None
        for title, run in cases:
            if chosen is not None and title.split(".")[0] not in chosen:
                continue
            print(f"\n{title}:")
            start = time.perf_counter()
            try:
                rows = run()
            except Exception:
                traceback.print_exc(file=sys.stdout)
                crashed.append(title)
                rows = [Row(title, None, None, note="CRASHED (traceback above)")]
            report(rows)
            print(f"  ({time.perf_counter() - start:.0f} s)")
            everything += rows
        summary(everything)
    print(f"\nTotal {time.perf_counter() - began:.0f} s.")
    for problem in mismatches:
        print(f"MISMATCH: {problem}")
    for title in crashed:
        print(f"CRASHED: {title}")
    if mismatches or crashed:
        sys.exit(1)


if __name__ == "__main__":
    main()
