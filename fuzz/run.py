"""Run a fuzz target under atheris (``pip install -e '.[fuzz]'``).

    python fuzz/run.py TARGET [-runs=N] [CORPUS_DIR ...] [other libFuzzer flags]
    python fuzz/run.py all -runs=N      # each target in turn, N inputs each

TARGET is one of ``harness.TARGETS``: json, csv, af-daily, any, schema,
round-trip, render.  A crash prints the input that caused it and exits
non-zero; libFuzzer writes it to ``crash-*`` in the working directory.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["dronetally", "harness"]):  # our code: not numpy or click
    import harness


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in (*harness.TARGETS, "all"):
        sys.exit(f"usage: python fuzz/run.py {{{','.join(harness.TARGETS)},all}} [-runs=N] [libFuzzer flags]")
    name, flags = sys.argv[1], sys.argv[2:]
    if name == "all":  # one process a target: libFuzzer runs once per process
        failed = [t for t in harness.TARGETS
                  if subprocess.run([sys.executable, str(Path(__file__)), t, *flags], check=False).returncode]
        sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
    target = harness.TARGETS[name]
    if not any(not f.startswith("-") for f in flags):  # no corpus given: start from the project's own files
        flags = [*flags, str(seeds(name))]
    atheris.Setup([sys.argv[0], *flags], target)
    atheris.Fuzz()


def seeds(name: str) -> Path:
    """A new directory of starting inputs for ``name``: the bundled and example
    reports, the bad-input corpus, and (for af-daily) rows of the sample."""
    root = Path(__file__).resolve().parents[1]
    where = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    files = [root / "seeds" / "reports.json", *sorted((root / "examples").glob("*.csv")),
             *sorted((root / "examples").glob("*.json")), *sorted((root / "tests" / "corpus").glob("*.*"))]
    for i, path in enumerate(p for p in files if p.suffix in (".csv", ".json")):
        data = path.read_bytes()
        if name == "af-daily":
            continue
        (where / f"{i:03d}{path.suffix}").write_bytes(data[:100_000])
    sample = (root / "tests" / "data" / "af_daily_sample.csv").read_bytes().splitlines(keepends=True)
    for i in range(1, min(len(sample), 40), 4):  # a few rows at a time, header off (the target adds it)
        rows = b"".join(sample[i:i + 4])
        (where / f"af{i:03d}.csv").write_bytes(rows if name == "af-daily" else sample[0] + rows)
    return where


if __name__ == "__main__":
    main()
