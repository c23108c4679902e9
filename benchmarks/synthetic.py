"""Synthetic nightly reports in dronetally's CSV format, for benchmarks.

    python benchmarks/synthetic.py OUT.csv --rows 1000000 [--intervals 0.05] [--seed 1]

Fifty sources (``source-00`` .. ``source-49``) each report once a night: row
``r`` is source ``r % 50`` on night ``r // 50`` (19:00 on 2020-01-01 plus that
many days, to 07:00 the next day), with the scope ``SCOPES[source % 5]`` and
the id ``r{r}``.  The figures are uniform integers: shot_down 0..199,
lost_track 0..49, diverted 0..2, hit 0..9, airborne 0..2, and launched the sum
of the five plus 0..11.  About 1% of the rows (each with probability 0.01) are
over-accounted instead: launched is the sum less 1..10 (less the whole sum at
most, so never negative).  With ``--intervals P`` each figure cell, with
probability P, is written as a range around its value instead, the chosen
cells taking the forms ``>N``, ``>=N``, ``<=N``, ``N-M``, ``~N`` in turn.

A range reaches 1..5 below the value (not below 0) and 1..5 above it, ``~N``
has N the value itself; a ``>N`` around a 0 is written ``>0``, the one form
that cannot hold it.

The rows come in chunks of ``CHUNK``, each drawn whole from its own
generator (``default_rng([seed, chunk, stream])``): a file's first rows do
not depend on ``--rows``, and :func:`figures` gives the values :func:`write`
writes, without a file.  Lines are assembled as byte matrices, NUL where a
field is shorter than its slot, and the NULs dropped in one step: no Python
loop per row.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

HEADER = "id,source,scope,window_start,window_end,launched,shot_down,lost_track,diverted,hit,airborne"
FIGURES = ("launched", "shot_down", "lost_track", "diverted", "hit", "airborne")
#: the parts of launched and the exclusive upper bound of each
PARTS = {"shot_down": 200, "lost_track": 50, "diverted": 3, "hit": 10, "airborne": 3}
SOURCES = 50
SCOPES = ("Ukraine", "south", "east", "west", "centre")
INTERVAL_FORMS = (">", ">=", "<=", "-", "~")  # "-" stands for N-M
FIRST_NIGHT = np.datetime64("2020-01-01", "D")
CHUNK = 1 << 18
OVER_ACCOUNTED = 0.01
SLACK = 11  # launched is the parts' sum plus 0..SLACK
_FIGURE_STREAM, _INTERVAL_STREAM = 0, 1


def _chunks(rows: int) -> Iterator[tuple[int, int, int]]:
    """(chunk number, first row, row count) of each chunk."""
    for k, start in enumerate(range(0, rows, CHUNK)):
        yield k, start, min(CHUNK, rows - start)


def _chunk_figures(n: int, seed: int, chunk: int) -> dict[str, np.ndarray]:
    """The figures of a chunk's first ``n`` rows, launched first.  A whole
    chunk is drawn every time, so that a file's first rows do not depend on
    how many rows it has."""
    rng = np.random.default_rng([seed, chunk, _FIGURE_STREAM])
    out = {name: rng.integers(0, high, CHUNK, dtype=np.int64)[:n] for name, high in PARTS.items()}
    total = sum(out.values(), np.zeros(n, dtype=np.int64))
    slack = rng.integers(0, SLACK + 1, CHUNK, dtype=np.int64)[:n]
    excess = np.minimum(rng.integers(1, 11, CHUNK, dtype=np.int64)[:n], total)
    over = rng.random(CHUNK)[:n] < OVER_ACCOUNTED
    return {"launched": np.where(over, total - excess, total + slack), **out}


def figures(rows: int, seed: int = 1) -> dict[str, np.ndarray]:
    """The true value of every figure cell :func:`write` writes for ``rows``
    and ``seed``: one int64 array per column of ``FIGURES``."""
    parts = [_chunk_figures(n, seed, k) for k, _, n in _chunks(rows)]
    return {name: np.concatenate([p[name] for p in parts]) if parts else np.zeros(0, np.int64) for name in FIGURES}


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers below ``10**width`` as an (n, width) uint8 matrix
    of ASCII digits, right-aligned, NUL in place of leading zeros."""
    out = np.empty((len(values), width), dtype=np.uint8)
    for i in range(width):
        power = 10 ** (width - 1 - i)  # a scalar divisor: numpy's fast integer division
        digit = values // power % 10 + ord("0")
        if power > 1:
            digit[values < power] = 0
        out[:, i] = digit
    return out


#: the most a figure cell's numbers can be: the largest launched, plus the 5 a range reaches above
FIGURE_WIDTH = len(str(sum(PARTS.values()) - len(PARTS) + SLACK + 5))
_FIGURE_DIGITS = _digits(np.arange(10**FIGURE_WIDTH), FIGURE_WIDTH)
#: a figure cell's slot: a two-byte prefix, a number, "-" and a second number
CELL = 2 + FIGURE_WIDTH + 1 + FIGURE_WIDTH


def _text(values: np.ndarray) -> np.ndarray:
    """A bytes array as an (n, itemsize) uint8 matrix, NUL-padded."""
    values = np.ascontiguousarray(values)
    return values.view(np.uint8).reshape(len(values), values.dtype.itemsize)


def _put_figures(cells: np.ndarray, values: np.ndarray, form: np.ndarray, spread: np.ndarray) -> None:
    """Fill the figure cells, an (n, columns, 1 + CELL) view of zeroed lines,
    each with a comma and a slot: the plain integer, or where ``form`` is not
    -1 the range of ``INTERVAL_FORMS[form]`` around it, reaching
    ``spread[..., 0]`` below the value (not below 0) and ``spread[..., 1]``
    above it."""
    number = slice(3, 3 + FIGURE_WIDTH)
    cells[:, :, 0] = ord(",")
    cells[:, :, number] = _FIGURE_DIGITS[values]
    row, col = np.nonzero(form >= 0)
    kind, value = form[row, col], values[row, col]
    below = np.maximum(value - spread[row, col, 0], 0)
    above = value + spread[row, col, 1]
    cells[row, col, number] = _FIGURE_DIGITS[np.select([kind == 2, kind == 4], [above, value], below)]
    cells[row, col, 1:3] = _text(np.array([b">", b">=", b"<=", b"", b"~"], dtype="S2")[kind])
    ranged = kind == 3
    cells[row[ranged], col[ranged], 3 + FIGURE_WIDTH] = ord("-")
    cells[row[ranged], col[ranged], 4 + FIGURE_WIDTH:] = _FIGURE_DIGITS[above[ranged]]


def _lines(start: int, n: int, seed: int, chunk: int, intervals: float, form_offset: int) -> tuple[bytes, int]:
    """The CSV lines of rows ``start`` .. ``start + n``, and how many cells
    were written as intervals (which carries the rotation of forms on)."""
    row = np.arange(start, start + n, dtype=np.int64)
    source = row % SOURCES
    nights = np.arange(start // SOURCES, (start + n - 1) // SOURCES + 2)
    days = np.datetime_as_string(FIRST_NIGHT + nights).astype("S10")
    night = row // SOURCES - nights[0]
    names = np.array([f"source-{i:02d}" for i in range(SOURCES)], dtype="S")
    texts = [
        names[source],
        np.array(SCOPES, dtype="S")[source % len(SCOPES)],
        np.char.add(days[:-1], b"T19:00")[night],
        np.char.add(days[1:], b"T07:00")[night],
    ]
    id_width = len(str(start + n - 1))
    width = 1 + id_width + sum(1 + t.dtype.itemsize for t in texts) + len(FIGURES) * (1 + CELL) + 1
    line = np.zeros((n, width), dtype=np.uint8)  # NUL bytes are dropped at the end
    line[:, 0] = ord("r")
    line[:, 1:1 + id_width] = _digits(row, id_width)
    at = 1 + id_width
    for text in texts:
        line[:, at] = ord(",")
        line[:, at + 1:at + 1 + text.dtype.itemsize] = _text(text)
        at += 1 + text.dtype.itemsize
    chunk_values = _chunk_figures(n, seed, chunk)
    values = np.stack([chunk_values[name] for name in FIGURES], axis=1)
    form = np.full(values.shape, -1, dtype=np.int64)
    spread = np.zeros((*values.shape, 2), dtype=np.int64)
    if intervals:
        rng = np.random.default_rng([seed, chunk, _INTERVAL_STREAM])
        chosen = rng.random((CHUNK, len(FIGURES)))[:n] < intervals
        form[chosen] = (form_offset + np.arange(int(chosen.sum()))) % len(INTERVAL_FORMS)
        spread = rng.integers(1, 6, (CHUNK, len(FIGURES), 2))[:n]
    end = at + len(FIGURES) * (1 + CELL)
    _put_figures(line[:, at:end].reshape(n, len(FIGURES), 1 + CELL), values, form, spread)
    line[:, end] = ord("\n")
    return line[line != 0].tobytes(), int((form >= 0).sum())


def write(path: str | Path, rows: int, intervals: float = 0.0, seed: int = 1) -> None:
    """Write ``rows`` synthetic reports to ``path`` as dronetally CSV; a
    fraction ``intervals`` of the figure cells as ranges around their value."""
    if rows < 0 or not 0.0 <= intervals <= 1.0:
        raise ValueError("rows must be >= 0 and intervals a fraction in [0, 1]")
    written = 0
    with open(path, "wb") as fh:
        fh.write(HEADER.encode() + b"\n")
        for k, start, n in _chunks(rows):
            text, used = _lines(start, n, seed, k, intervals, written)
            fh.write(text)
            written += used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--intervals", type=float, default=0.0, help="fraction of figure cells written as ranges")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    began = time.perf_counter()
    write(args.out, args.rows, args.intervals, args.seed)
    took = time.perf_counter() - began
    print(f"{args.out}: {args.rows:,} rows, {args.out.stat().st_size / 1e6:.1f} MB in {took:.2f} s")


if __name__ == "__main__":
    main()
