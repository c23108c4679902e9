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

Where no figure alone would do, pairs of figures are tried the same way
(both taken as unknown), in reports of at most :data:`PAIRED` stated exact
figures; a set of three or more is not looked for.  Hints never change a
figure: they are words and fields on the finding.  All reports' candidates
are worked out together: tables of variants in batches of bounded size, one
propagation a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, overload

import numpy as np

from dronetally.count import format_bounds
from dronetally.engine import propagate
from dronetally.table import UNBOUNDED, Column, Table, to_python

if TYPE_CHECKING:
    import numpy.typing as npt

    # (key, written, lo, hi, copied from) of one figure of each candidate
    _Member = tuple[npt.NDArray[np.intp], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64],
                    npt.NDArray[np.intp]]


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


def unknown_variants(table: Table, rows: npt.NDArray[np.intp], keys: npt.NDArray[np.intp],
                     values: npt.NDArray[np.int64] | None = None) -> Table:
    """The reports at ``rows``, each with the figures ``table.keys[keys[i]]``
    taken as unknown (named, no figure), or, given ``values`` of the same
    shape, written as those values: one figure a variant where ``keys`` is
    one-dimensional, a row of them where it is two."""
    variant = table.select(rows)
    keys = keys.reshape(len(rows), -1)
    for code in np.unique(keys).tolist():
        key = table.keys[code]
        c = variant.columns[key]
        lo, hi, stated, named = c.lo, c.hi, np.asarray(c.stated), np.asarray(c.named)
        for j in range(keys.shape[1]):
            here = keys[:, j] == code
            if not here.any():
                continue
            lo = np.where(here, 0 if values is None else values[:, j], lo)
            hi = np.where(here, UNBOUNDED if values is None else values[:, j], hi)
            stated = stated & ~here if values is None else stated | here
            named = named | here if values is None else named & ~here
        variant.columns[key] = Column(lo, hi, stated, named)
    return variant


#: variant reports x figure columns worked out at once: bounds the memory of a hint
_CELLS = 1 << 21
#: the repairs a report's hint lists by name; the rest are counted
LISTED = 8
#: pairs are tried only in reports of at most this many stated exact figures
#: (a report of k figures has k(k-1)/2 pairs, each a variant of the report)
PAIRED = 32


@dataclass(frozen=True)
class Repairs(Sequence[Repair]):
    """A report's likeliest repairs, the likeliest first, and how many more
    figures would also do alone (not worked out further).  Where no figure
    alone would do: ``pairs`` of figures that together would, each with the
    range it could take with the other unknown too (not every combination
    of the two ranges need fit), and ``more_pairs``."""

    likeliest: tuple[Repair, ...] = ()
    more: int = 0
    pairs: tuple[tuple[Repair, Repair], ...] = ()
    more_pairs: int = 0
    #: the first pair's likeliest slips, each within its own range, also mend the report together
    slips_fit: bool = False

    def __len__(self) -> int:
        return len(self.likeliest)

    @overload
    def __getitem__(self, i: int) -> Repair: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Repair]: ...
    def __getitem__(self, i: int | slice) -> Repair | Sequence[Repair]:
        return self.likeliest[i]


def repairs(table: Table, rows: list[int], *, limit: int | None = LISTED) -> dict[int, Repairs]:
    """For each report at ``rows`` of ``table``: the smallest sets of its
    stated exact figures whose change would make it consistent, the likeliest
    first (``limit`` of them with their slips; None: all).  Single figures;
    where none alone would do, pairs (in reports of at most :data:`PAIRED`
    such figures)."""
    at = np.array(sorted(set(rows)), dtype=np.intp)
    # every stated exact figure of those reports is a candidate: (report, figure), a figure at a time
    exact = [np.asarray(c.stated)[at] & (c.lo[at] == c.hi[at]) for c in map(table.columns.__getitem__, table.keys)]
    if not exact or not any(m.any() for m in exact):
        return {int(j): Repairs() for j in at}
    cand_row = np.concatenate([at[m] for m in exact])
    cand_key = np.repeat(np.arange(len(exact)), [int(m.sum()) for m in exact])
    written = np.concatenate([table.columns[k].lo[at[m]] for k, m in zip(table.keys, exact, strict=True)])
    copied = _copied(cand_row, cand_key, written)
    lo, hi, mends = _mended(table, cand_row, cand_key[:, None])
    picked = _ranked(cand_row[mends], [(cand_key[mends], written[mends], lo[mends, 0], hi[mends, 0],
                                        copied[mends])], at, limit, table)
    out = {j: Repairs(tuple(one for (one,) in made), more) for j, (made, more) in picked.items()}
    # where no figure alone would do: pairs
    alone = np.isin(cand_row, np.unique(cand_row[mends]))
    pair_row, first, second = _pairs(cand_row[~alone], np.flatnonzero(~alone))
    if len(pair_row):
        keys = np.stack([cand_key[first], cand_key[second]], axis=1)
        lo, hi, mends = _mended(table, pair_row, keys)
        members = [(cand_key[m][mends], written[m][mends], lo[mends, i], hi[mends, i], copied[m][mends])
                   for i, m in enumerate((first, second))]
        for j, (made, more) in _ranked(pair_row[mends], members, at, limit, table).items():
            if made:
                out[j] = Repairs(pairs=tuple((a, b) for a, b in made), more_pairs=more)
        _try_slips_together(table, out)
    return out


def _try_slips_together(table: Table, found: dict[int, Repairs]) -> None:
    """Where a report's first pair has a slip for each figure, whether the
    two slips together mend it: each is within its range with the other
    unknown, but not every two such values fit together."""
    tried = [(j, r) for j, r in found.items() if r.pairs and all(
        f.slips and f.slips[0].value is not None for f in r.pairs[0])]
    if not tried:
        return
    rows = np.array([j for j, _ in tried], np.intp)
    keys = np.array([[table.keys.index(f.key) for f in r.pairs[0]] for _, r in tried], np.intp)
    values = np.array([[f.slips[0].value for f in r.pairs[0]] for _, r in tried], np.int64)
    _, _, mends = _mended(table, rows, keys, values)
    for (j, r), fits in zip(tried, mends.tolist(), strict=True):
        found[j] = replace(r, slips_fit=fits)


def _pairs(row: npt.NDArray[np.intp], index: npt.NDArray[np.intp]
           ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Every pair of candidates of one report, where a report has at most
    :data:`PAIRED` of them: (report, first candidate, second candidate)."""
    order = np.argsort(row, kind="stable")
    row, index = row[order], index[order]
    reports, begin, size = np.unique(row, return_index=True, return_counts=True)
    parts: list[tuple[npt.NDArray[np.intp], ...]] = []
    for k in np.unique(size[(size >= 2) & (size <= PAIRED)]).tolist():  # reports of k candidates together
        starts = begin[size == k]
        a, b = np.triu_indices(k, 1)
        parts.append((np.repeat(reports[size == k], len(a)), index[(starts[:, None] + a).ravel()],
                      index[(starts[:, None] + b).ravel()]))
    if not parts:
        return (np.zeros(0, np.intp),) * 3
    pair_row, first, second = (np.concatenate(column) for column in zip(*parts, strict=True))
    order = np.lexsort((second, first, pair_row))
    return pair_row[order], first[order], second[order]


def _ranked(row: npt.NDArray[np.intp], members: list[_Member], at: npt.NDArray[np.intp], limit: int | None,
            table: Table) -> dict[int, tuple[list[tuple[Repair, ...]], int]]:
    """For each report at ``at``: its candidates (sets of one or two
    figures, ``members``) the likeliest first, as :class:`Repair` per
    figure, at most ``limit`` of them; and how many more there are.  A set
    ranks by the sum of its figures' :meth:`Repair.rank`."""
    ranks = [np.sum(parts, axis=0) for parts in zip(*(rank_arrays(w, lo, hi, c >= 0)
                                                      for _, w, lo, hi, c in members), strict=True)]
    order = np.lexsort((np.arange(len(row)), *reversed(ranks), row))  # by report, then rank
    first = np.searchsorted(row[order], at)
    count = np.searchsorted(row[order], at, side="right") - first
    out = {}
    for j, start, n in zip(at.tolist(), first.tolist(), count.tolist(), strict=True):
        shown = n if limit is None else min(n, limit)
        made = []
        for i in order[start:start + shown].tolist():
            figures = []
            for key, written, lo, hi, copied in members:
                top = to_python(hi[i])
                others = {table.keys[copied[i]]: int(written[i])} if copied[i] >= 0 else {}
                figures.append(Repair(table.keys[key[i]], int(written[i]), int(lo[i]), top,
                                      slips(int(written[i]), int(lo[i]), top, others)))
            made.append(tuple(figures))
        out[j] = (made, n - shown)
    return out


def _mended(table: Table, row: npt.NDArray[np.intp], keys: npt.NDArray[np.intp],
            values: npt.NDArray[np.int64] | None = None,
            ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """For each candidate (report ``row``, figures ``keys``: a row of them),
    with those figures taken as unknown (or written as ``values``): their
    bounds (a column a figure), and whether the report then has no error.
    A batch of variants at a time."""
    lo, hi = np.zeros(keys.shape, np.int64), np.zeros(keys.shape, np.int64)
    mends = np.zeros(len(row), bool)
    step = max(1, _CELLS // max(1, len(table.columns)))
    for begin in range(0, len(row), step):
        part = slice(begin, begin + step)
        state = propagate(unknown_variants(table, row[part], keys[part], None if values is None else values[part]))
        mends[part] = ~state.erring()  # errors only: parts that may overlap give warnings
        for code in np.unique(keys[part]).tolist():
            mine = keys[part] == code
            lo[part][mine] = np.broadcast_to(state.lo[table.keys[code]][:, None], mine.shape)[mine]
            hi[part][mine] = np.broadcast_to(state.hi[table.keys[code]][:, None], mine.shape)[mine]
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
    that alone would do, with its range; where none would, the pairs that
    would together."""
    pairs = found.pairs if isinstance(found, Repairs) else ()
    if not found and not pairs:
        return None
    name = name or {}

    def called(key: str) -> str:
        return name.get(key, key).replace("_", " ")

    def slip(r: Repair) -> str | None:
        """The repair's likeliest slip, as a question without its mark."""
        if not r.slips:
            return None
        s = r.slips[0]
        if s.kind == "copied":
            return f"{called(r.key)} {r.written} is {called(s.copied_from or '')}'s figure: copied"
        return f"{called(r.key)} {s.value} for {r.written}"

    def kinds(rs: Sequence[Repair]) -> str:
        ks = [r.slips[0].kind for r in rs]
        text = f"{ks[0]} each" if len(set(ks)) == 1 and len(ks) > 1 else ", ".join(ks)
        return text + (", and a breakdown then adds up exactly" if len(rs) == 1 and rs[0].slips[0].balances else "")

    def ranges(rs: Sequence[Repair]) -> str:
        return " with ".join(f"{called(r.key)} {format_bounds(r.lo, r.hi)}" for r in rs)

    def more(n: int, what: str) -> str:
        return f", and {n} more {what}{'s' if n > 1 else ''}" if n else ""

    counted = found if isinstance(found, Repairs) else Repairs(tuple(found))
    parts = []
    if found:
        best = found[0]
        said = slip(best)
        if said is not None:
            parts.append(said + "?" if best.slips[0].kind == "copied" else f"{said}? ({kinds([best])})")
        listed = ", ".join(map(ranges, ([r] for r in found)))
        parts.append(f"any one alone would do: {listed}{more(counted.more, 'figure')}")
    else:
        parts.append("no one figure alone would do")
        said_pair = [slip(r) for r in pairs[0]]
        if isinstance(found, Repairs) and found.slips_fit:
            parts.append(f"{' and '.join(map(str, said_pair))}? ({kinds(pairs[0])})")
        listed = ", ".join(map(ranges, pairs))
        parts.append(f"any one pair would do: {listed}{more(counted.more_pairs, 'pair')}")
    return "; ".join(parts)
