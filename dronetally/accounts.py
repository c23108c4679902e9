"""The accounts view: each report's nodes with their stated and inferred
bounds, their breakdowns, and what each partial breakdown leaves.

It reads the engine's state; nothing here computes a bound or a remainder
again.  ``tally show`` formats it (:mod:`dronetally.render`), and so can a
notebook: :meth:`Accounts.rows` gives plain dicts, one per report, node and
dimension, made as they are asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from dronetally.count import format_bounds
from dronetally.engine import GroupState, State
from dronetally.findings import amount_text, plural, share_text
from dronetally.table import Table, to_python

#: The fields of one row of :meth:`Accounts.rows`, in order.
FIELDS = (
    "file", "line", "report_id", "source", "window", "node", "figure", "lo", "hi", "dimension",
    "complete", "overlapping", "parts", "remainder", "remainder_lo", "remainder_hi", "share_lo", "share_hi",
)


class Accounts:
    """The accounts of every report of ``table``, from the engine's ``state``."""

    def __init__(self, table: Table, state: State) -> None:
        self.table = table
        self.state = state

    def __repr__(self) -> str:
        return f"<Accounts of {plural(len(self.table), 'report')}>"

    def bounds_text(self, key: str, j: int) -> str:
        return format_bounds(int(self.state.lo[key][j]), to_python(self.state.hi[key][j]))

    def part_text(self, key: str, j: int) -> str:
        """A part as a breakdown shows it: its figure, ``? [bounds]`` if named, ``[bounds]`` if neither."""
        written = self.table.figure_text(key, j)
        if written == "?":
            return f"? [{self.bounds_text(key, j)}]"
        return written if written is not None else f"[{self.bounds_text(key, j)}]"

    def rows(self) -> Iterator[dict[str, Any]]:
        """One row per report and node that has a figure or a breakdown, and per breakdown."""
        table, state = self.table, self.state
        schema = table.schema
        dims_of: dict[str, list[GroupState]] = {}
        for each in state.groups:
            dims_of.setdefault(each.node, []).append(each)
        remainders = {each.group.dimension.key: state.remainder(each) for each in state.groups}
        shown = np.zeros(len(table), bool)
        for key in schema.nodes:
            shown |= state.present[key]
        for j in np.flatnonzero(shown).tolist():
            file, line = table.location(j)
            for node in schema.nodes:
                if not state.present[node][j]:
                    continue
                dims: list[GroupState | None] = [d for d in dims_of.get(node, ()) if d.active[j]]
                if not dims and schema.parent_of(node) is not None:
                    continue  # shown in its parent's breakdown
                base = {
                    "file": file, "line": line, "report_id": table.meta["id"].get(j),
                    "source": table.meta["source"].get(j), "window": table.window(j), "node": node,
                    "figure": table.figure_text(node, j),
                    "lo": int(state.lo[node][j]), "hi": to_python(state.hi[node][j]),
                }
                for gs in dims or [None]:
                    row: dict[str, Any] = dict(
                        base, dimension=None, complete=None, overlapping=None, parts=None, remainder=None,
                        remainder_lo=None, remainder_hi=None, share_lo=None, share_hi=None)
                    if gs is not None:
                        dim = gs.group.dimension
                        parts = [f"{schema.locate(p)[2]} {self.part_text(p, j)}"
                                 for p in (gs.group.parts[i] for i in np.flatnonzero(gs.present[:, j]).tolist())]
                        row.update(dimension=dim.key, complete=bool(gs.complete[j]),
                                   overlapping=bool(gs.overlapping[j]), parts=", ".join(parts))
                        rem = remainders[dim.key]
                        if rem.rows[j]:
                            lo, hi = int(rem.lo[j]), to_python(rem.hi[j])
                            share_lo, share_hi = (float(x[0]) for x in rem.shares(np.array([j])))
                            row.update(
                                remainder=f"{amount_text(lo, hi)}{share_text(share_lo, share_hi)} "
                                          f"{dim.remainder_label}",
                                remainder_lo=lo, remainder_hi=hi, share_lo=share_lo, share_hi=share_hi,
                            )
                    yield row
