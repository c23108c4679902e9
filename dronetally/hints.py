"""Which figure is likely wrong: hints for the error findings of a report.

A report with an error cannot be true as written.  For each of its stated
exact figures, :func:`repairs` asks the engine what the report says with
that figure taken as unknown: if the rest then holds, that figure alone
could be the wrong one, and the engine's bounds for it are the values that
would make the report consistent.  Among those values, a *slip* is one a
careless hand gets from the figure written: one digit changed (16 for 26),
two neighbouring digits swapped (61 for 16); and a figure equal to another
of the report may have been copied from it.  A slip at an end of the range
makes a breakdown of the report add up exactly (the one that bounds the
figure there, which need not be the broken one), and ranks first.

Hints never change a figure: they are words and fields on the finding.  Only
single figures are tried; where none alone would do, there is no hint.  All
reports' candidates are worked out at once: one table of variants, one
propagation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

import numpy as np

from dronetally.count import format_bounds
from dronetally.engine import propagate
from dronetally.table import UNBOUNDED, Column, Table, to_python

if TYPE_CHECKING:
    import numpy.typing as npt


@dataclass(frozen=True)
class Slip:
    """A value a slip of the hand could have turned into the written one."""

    kind: str  # "one digit", "swapped digits" or "copied"
    value: int | None  # None for "copied": the true value is not known
    balances: bool = False  # at an end of the range: the breakdown that bounds it there adds up exactly
    copied_from: str | None = None


@dataclass(frozen=True)
class Repair:
    """One figure whose change alone would make its report consistent: the
    values it could take (``hi`` None: no upper bound), and the slips among them."""

    key: str
    written: int
    lo: int
    hi: int | None
    slips: tuple[Slip, ...] = ()

    def rank(self) -> tuple[int, int, int, int]:
        """Smaller first: a slip that balances; then any slip, the fewer the
        values a slip could explain the better (one is a sharp answer); then
        the nearest value."""
        best = self.slips[0] if self.slips else None
        values = sum(s.value is not None for s in self.slips)
        distance = 0 if best is None or best.value is None else abs(best.value - self.written)
        return (0 if best and best.balances else 1 if best else 2, 0 if best and best.kind != "copied" else 1,
                values, distance)


def slips(written: int, lo: int, hi: int | None, others: dict[str, int]) -> tuple[Slip, ...]:
    """The slips that lead from a value in ``[lo, hi]`` to ``written``: the
    most likely first (those that balance, then one digit, swapped digits,
    copied)."""
    text = str(written)

    def fits(v: int) -> bool:
        return lo <= v and (hi is None or v <= hi)

    found: dict[int, Slip] = {}
    for i, digit in enumerate(text):
        for other in "0123456789":
            if other != digit and not (i == 0 and other == "0" and len(text) > 1):
                v = int(text[:i] + other + text[i + 1:])
                if fits(v):
                    found.setdefault(v, Slip("one digit", v, v in (lo, hi)))
    for i in range(len(text) - 1):
        if text[i] != text[i + 1] and not (i == 0 and text[1] == "0"):
            v = int(text[:i] + text[i + 1] + text[i] + text[i + 2:])
            if fits(v):
                found.setdefault(v, Slip("swapped digits", v, v in (lo, hi)))
    ordered = sorted(found.values(),
                     key=lambda s: (not s.balances, s.kind != "one digit", abs((s.value or 0) - written)))
    copied = [Slip("copied", None, copied_from=k) for k, v in others.items() if v == written]
    return (*ordered, *copied[:1])


def unknown_variants(table: Table, rows: npt.NDArray[np.intp], keys: npt.NDArray[np.intp]) -> Table:
    """The reports at ``rows``, each with the figure ``table.keys[keys[i]]``
    taken as unknown (named, no figure)."""
    variant = table.select(rows)
    for code in np.unique(keys).tolist():
        key = table.keys[code]
        here = keys == code
        c = variant.columns[key]
        lo = np.where(here, 0, c.lo)
        hi = np.where(here, UNBOUNDED, c.hi)
        stated = np.asarray(c.stated) & ~here
        named = np.asarray(c.named) | here
        variant.columns[key] = Column(lo, hi, stated, named)
    return variant


#: variant reports x figure columns worked out at once: bounds the memory of a hint
_CELLS = 1 << 21
#: the repairs a report's hint lists by name; the rest are counted
LISTED = 8


@dataclass(frozen=True)
class Repairs(Sequence[Repair]):
    """A report's likeliest repairs, the likeliest first, and how many more
    figures would also do alone (not worked out further)."""

    likeliest: tuple[Repair, ...] = ()
    more: int = 0

    def __len__(self) -> int:
        return len(self.likeliest)

    @overload
    def __getitem__(self, i: int) -> Repair: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Repair]: ...
    def __getitem__(self, i: int | slice) -> Repair | Sequence[Repair]:
        return self.likeliest[i]


def repairs(table: Table, rows: list[int], *, limit: int | None = LISTED) -> dict[int, Repairs]:
    """For each report at ``rows`` of ``table``: the figures whose change
    alone would make it consistent, the likeliest first (``limit`` of them
    with their slips; None: all)."""
    at = np.array(sorted(set(rows)), dtype=np.intp)
    # every stated exact figure of those reports is a candidate: (report, figure), a figure at a time
    exact = [np.asarray(c.stated)[at] & (c.lo[at] == c.hi[at]) for c in map(table.columns.__getitem__, table.keys)]
    if not exact or not any(m.any() for m in exact):
        return {int(j): Repairs() for j in at}
    cand_row = np.concatenate([at[m] for m in exact])
    cand_key = np.repeat(np.arange(len(exact)), [int(m.sum()) for m in exact])
    written = np.concatenate([table.columns[k].lo[at[m]] for k, m in zip(table.keys, exact, strict=True)])
    lo, hi, mends = _mended(table, cand_row, cand_key)
    copied = _copied(cand_row, cand_key, written)
    cand_row, cand_key, written, lo, hi, copied = (a[mends] for a in (cand_row, cand_key, written, lo, hi, copied))
    ranks = rank_arrays(written, lo, hi, copied >= 0)
    order = np.lexsort((np.arange(len(cand_row)), *reversed(ranks), cand_row))  # by report, then rank
    first = np.searchsorted(cand_row[order], at)
    count = np.searchsorted(cand_row[order], at, side="right") - first
    out = {}
    for j, start, n in zip(at.tolist(), first.tolist(), count.tolist(), strict=True):
        shown = n if limit is None else min(n, limit)
        made = []
        for i in order[start:start + shown].tolist():
            top = to_python(hi[i])
            others = {table.keys[copied[i]]: int(written[i])} if copied[i] >= 0 else {}
            made.append(Repair(table.keys[cand_key[i]], int(written[i]), int(lo[i]), top,
                               slips(int(written[i]), int(lo[i]), top, others)))
        out[j] = Repairs(tuple(made), n - shown)
    return out


def _mended(table: Table, row: npt.NDArray[np.intp], key: npt.NDArray[np.intp]
            ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """For each candidate (report ``row``, figure ``key``), with that figure
    taken as unknown: its bounds, and whether the report then has no error.
    A batch of variants at a time."""
    lo, hi = np.zeros(len(row), np.int64), np.zeros(len(row), np.int64)
    mends = np.zeros(len(row), bool)
    step = max(1, _CELLS // max(1, len(table.columns)))
    for begin in range(0, len(row), step):
        part = slice(begin, begin + step)
        state = propagate(unknown_variants(table, row[part], key[part]))
        n = len(row[part])
        broken = np.zeros(n, bool)
        for gs in state.groups:  # errors only: parts that may overlap give warnings
            broken |= np.broadcast_to(gs.under if gs.group.dimension.overlapping else gs.broken, (n,))
        for d in state.disagreements:
            broken |= d.rows
        mends[part] = ~broken
        for code in np.unique(key[part]).tolist():
            mine = key[part] == code
            lo[part][mine] = state.lo[table.keys[code]][mine]
            hi[part][mine] = state.hi[table.keys[code]][mine]
    return lo, hi, mends


def _copied(row: npt.NDArray[np.intp], key: npt.NDArray[np.intp], written: npt.NDArray[np.int64]
            ) -> npt.NDArray[np.intp]:
    """For each candidate, another figure of its report written the same
    (the first in the schema's order): it may have been copied from there;
    -1 where none is."""
    order = np.lexsort((key, written, row))
    r, w = row[order], written[order]
    start = np.ones(len(order), bool)
    start[1:] = (r[1:] != r[:-1]) | (w[1:] != w[:-1])
    head = np.maximum.accumulate(np.where(start, np.arange(len(order)), 0))  # the first of its run
    size = np.diff(np.append(np.flatnonzero(start), len(order)))[np.cumsum(start) - 1]
    source = np.where(np.arange(len(order)) == head, head + 1, head)  # the first but itself: the second
    found = np.where(size > 1, key[order][np.minimum(source, len(order) - 1)], -1)
    out = np.empty(len(order), np.intp)
    out[order] = found
    return out


def rank_arrays(written: npt.NDArray[np.int64], lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64],
                copied: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.int64], ...]:
    """:meth:`Repair.rank` of many repairs at once, without making their
    slips: (written, lo, hi with UNBOUNDED for none, whether another figure
    is written the same) in; the four parts of the rank out."""
    step = 1 << 13  # repairs at a time: each is 197 candidate slips wide
    parts = [_ranks(written[k:k + step], lo[k:k + step], hi[k:k + step], copied[k:k + step])
             for k in range(0, len(written), step)]
    if not parts:
        return tuple(np.zeros(0, np.int64) for _ in range(4))
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def _ranks(written: npt.NDArray[np.int64], lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64],
           copied: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.int64], ...]:
    n = len(written)
    big = written >= 10**17  # where a changed digit could pass the largest int64: worked out one by one
    w = np.where(big, 0, written)
    length = np.ones(n, np.int64)
    for p in range(1, 18):
        length += w >= 10**p
    power = 10 ** np.arange(18, dtype=np.int64)
    digit = (w[:, None] // power) % 10  # n x 18, units first
    place = np.arange(18)
    # one digit: position p to d, never a leading zero
    d = np.arange(10)
    one = w[:, None, None] + (d[None, None, :] - digit[:, :, None]) * power[None, :, None]
    one_ok = (place[None, :, None] < length[:, None, None]) & (d[None, None, :] != digit[:, :, None]) & ~(
        (place[None, :, None] == length[:, None, None] - 1) & (d[None, None, :] == 0) & (length[:, None, None] > 1))
    # swapped neighbours p and p+1: they differ, and no zero comes to the front
    swap = w[:, None] + (digit[:, :-1] - digit[:, 1:]) * 9 * power[None, :-1]
    swap_ok = (place[None, :-1] + 1 < length[:, None]) & (digit[:, :-1] != digit[:, 1:]) & ~(
        (place[None, :-1] + 1 == length[:, None] - 1) & (digit[:, :-1] == 0))
    value = np.concatenate([one.reshape(n, -1), swap], axis=1)
    kind = np.concatenate([np.zeros(180, np.int64), np.ones(17, np.int64)])  # 0 one digit, 1 swapped
    ok = np.concatenate([one_ok.reshape(n, -1), swap_ok], axis=1)
    ok &= (value >= lo[:, None]) & (value <= hi[:, None])
    balances = ok & ((value == lo[:, None]) | ((value == hi[:, None]) & (hi[:, None] != UNBOUNDED)))
    # the best slip: one that balances if any, then one digit if any, then the nearest
    best = ok & (balances | ~balances.any(axis=1, keepdims=True))
    best &= (kind == 0) | ~(best & (kind == 0)).any(axis=1, keepdims=True)
    far = np.iinfo(np.int64).max
    distance = np.where(best, np.abs(value - w[:, None]), far).min(axis=1, initial=far)
    any_slip = ok.any(axis=1)
    first = np.where(balances.any(axis=1), 0, np.where(any_slip | copied, 1, 2))
    second = np.where(any_slip, 0, 1)
    values = ok.sum(axis=1)
    distance = np.where(any_slip, distance, 0)
    out = [first.astype(np.int64), second.astype(np.int64), values.astype(np.int64), distance.astype(np.int64)]
    for i in np.flatnonzero(big).tolist():
        top = None if hi[i] == UNBOUNDED else int(hi[i])
        made = Repair("", int(written[i]), int(lo[i]), top, slips(int(written[i]), int(lo[i]), top,
                                                                  {"": int(written[i])} if copied[i] else {}))
        for part, value_ in zip(out, made.rank(), strict=True):
            part[i] = value_
    return tuple(out)


def hint_text(found: Sequence[Repair], name: dict[str, str] | None = None) -> str | None:
    """The hints as a line of text: the likeliest slip, then every figure
    that alone would do, with its range."""
    if not found:
        return None
    name = name or {}

    def called(key: str) -> str:
        return name.get(key, key).replace("_", " ")

    parts = []
    best = found[0]
    if best.slips:
        s = best.slips[0]
        if s.kind == "copied":
            parts.append(f"{called(best.key)} {best.written} is {called(s.copied_from or '')}'s figure: copied?")
        else:
            parts.append(f"{called(best.key)} {s.value} for {best.written}? ({s.kind}"
                         + (", and a breakdown then adds up exactly" if s.balances else "") + ")")
    alone = ", ".join(f"{called(r.key)} {format_bounds(r.lo, r.hi)}" for r in found)
    more = found.more if isinstance(found, Repairs) else 0
    if more:
        alone += f", and {more} more figure{'s' if more > 1 else ''}"
    parts.append(f"any one alone would do: {alone}")
    return "; ".join(parts)


