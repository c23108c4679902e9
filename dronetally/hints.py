"""Which figure is likely wrong: hints for the error findings of a report.

A report with an error cannot be true as written.  For each of its stated
exact figures, :func:`repairs` asks the engine what the report says with
that figure taken as unknown: if the rest then holds, that figure alone
could be the wrong one, and the engine's bounds for it are the values that
would make the report consistent.  Among those values, a *slip* is one a
careless hand gets from the figure written: one digit changed (16 for 26),
two neighbouring digits swapped (61 for 16); and a figure equal to another
of the report may have been copied from it.  A slip at an end of the range
makes the broken breakdown balance exactly, which ranks it first.

Hints never change a figure: they are words and fields on the finding.  Only
single figures are tried; where none alone would do, there is no hint.  All
reports' candidates are worked out at once: one table of variants, one
propagation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    balances: bool = False  # at an end of the range: the broken breakdown balances exactly
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


def unknown_variants(table: Table, rows: npt.NDArray[np.intp], keys: list[str]) -> Table:
    """The reports at ``rows``, each with the figure ``keys[i]`` taken as unknown (named, no figure)."""
    variant = table.select(rows)
    which = np.array(keys, dtype=object)
    for key in set(keys):
        here = which == key
        c = variant.columns[key]
        lo = np.where(here, 0, c.lo)
        hi = np.where(here, UNBOUNDED, c.hi)
        stated = np.asarray(c.stated) & ~here
        named = np.asarray(c.named) | here
        variant.columns[key] = Column(lo, hi, stated, named)
    return variant


def repairs(table: Table, rows: list[int]) -> dict[int, list[Repair]]:
    """For each report at ``rows`` of ``table``: the figures whose change
    alone would make it consistent, the likeliest first."""
    out: dict[int, list[Repair]] = {j: [] for j in rows}
    at = np.array(sorted(out), dtype=np.intp)
    # every stated exact figure of those reports is a candidate: (report, figure), a figure at a time
    exact = {k: np.asarray(c.stated)[at] & (c.lo[at] == c.hi[at]) for k, c in table.columns.items()}
    cand_row = np.concatenate([at[m] for m in exact.values()]) if exact else np.zeros(0, np.intp)
    cand_key = np.repeat(np.array(list(exact), dtype=object), [int(m.sum()) for m in exact.values()])
    if not len(cand_row):
        return out
    written = np.concatenate([table.columns[k].lo[at[m]] for k, m in exact.items()])
    variant = unknown_variants(table, cand_row, cand_key.tolist())
    state = propagate(variant)
    broken = np.zeros(len(variant), bool)
    for gs in state.groups:
        broken |= np.broadcast_to(gs.broken, (len(variant),))
    for d in state.disagreements:
        broken |= d.rows
    lo, hi = np.zeros(len(variant), np.int64), np.zeros(len(variant), np.int64)
    for key in exact:
        mine = cand_key == key
        lo[mine], hi[mine] = state.lo[key][mine], state.hi[key][mine]
    # a figure equal to another stated exact figure of its report may have been copied from it
    copied = np.full(len(variant), None, dtype=object)
    for key, c in table.columns.items():
        same = (cand_key != key) & np.asarray(c.stated)[cand_row] & (c.lo[cand_row] == c.hi[cand_row]) & (
            c.lo[cand_row] == written) & (copied == None)  # noqa: E711 (elementwise, on an object array)
        copied[same] = key
    for i in np.flatnonzero(~broken).tolist():  # the candidates that mend their report: few, made one by one
        top = to_python(hi[i])
        found = slips(int(written[i]), int(lo[i]), top, {copied[i]: int(written[i])} if copied[i] else {})
        out[int(cand_row[i])].append(Repair(str(cand_key[i]), int(written[i]), int(lo[i]), top, found))
    for repaired in out.values():
        repaired.sort(key=Repair.rank)
    return out


def hint_text(found: list[Repair], name: dict[str, str] | None = None) -> str | None:
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
                         + (", and it balances" if s.balances else "") + ")")
    alone = ", ".join(f"{called(r.key)} {format_bounds(r.lo, r.hi)}" for r in found)
    parts.append(f"any one alone would do: {alone}")
    return "; ".join(parts)


