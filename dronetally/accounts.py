"""The accounts view: each report's nodes with their stated and inferred
bounds, their breakdowns, and what each partial breakdown leaves.

It reads the engine's state; nothing here computes a bound or a remainder
again.  ``tally show`` formats it (:mod:`dronetally.render`), and so can a
notebook: :meth:`Accounts.rows` gives plain dicts, one per report, node and
dimension, made as they are asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dronetally.count import format_bounds
from dronetally.engine import State
from dronetally.findings import amount_text, plural, share_text
from dronetally.table import UNBOUNDED, Table, to_python

#: The fields of one row of :meth:`Accounts.rows`, in order.  ``parts``
#: lists the breakdown's parts, each ``{"part", "figure", "lo", "hi"}``: its
#: name, figure as written (None where the report gives none) and bounds
#: (``hi`` None: no upper bound); ``breakdown`` is the same as text.
#: ``error`` is ``over-accounted`` or ``under-accounted`` where the breakdown
#: cannot add up (``tally check`` says by how much), else None.
FIELDS = (
    "file", "line", "report", "report_id", "source", "window", "window_start", "window_end", "timezone", "node",
    "figure", "lo", "hi", "dimension", "complete", "overlapping", "parts", "breakdown", "remainder",
    "remainder_lo", "remainder_hi", "share_lo", "share_hi", "error",
)
#: The fields of one row as :meth:`Accounts.rows` writes them to CSV (``parts`` as its text, ``breakdown``).
CSV_FIELDS = tuple(f for f in FIELDS if f != "parts")


@dataclass(frozen=True, eq=False)
class _Rows:
    """The accounts' rows as columns: each row's report, node and dimension
    (an index into ``state.groups``, -1 for a node without a breakdown)."""

    report: npt.NDArray[np.intp]
    node: npt.NDArray[np.intp]  # into schema nodes, in order
    group: npt.NDArray[np.intp]


class Accounts:
    """The accounts of every report of ``table``, from the engine's ``state``."""

    def __init__(self, table: Table, state: State) -> None:
        self.table = table
        self.state = state
        self._laid_out: _Rows | None = None
        self._valued: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"<Accounts of {plural(len(self.table), 'report')}: {plural(len(self), 'row')}>"

    def __len__(self) -> int:
        return len(self._rows.report)

    def bounds_text(self, key: str, j: int) -> str:
        return format_bounds(int(self.state.lo[key][j]), to_python(self.state.hi[key][j]))

    def part_text(self, key: str, j: int) -> str:
        """A part as a breakdown shows it: its figure, ``? [bounds]`` if named, ``[bounds]`` if neither."""
        written = self.table.figure_text(key, j)
        if written == "?":
            return f"? [{self.bounds_text(key, j)}]"
        return written if written is not None else f"[{self.bounds_text(key, j)}]"

    @property
    def _rows(self) -> _Rows:
        """One row per report and node that has a figure or a breakdown, and per
        breakdown; in report order, then the schema's node order.  A part with
        no breakdown of its own is shown in its parent's."""
        if self._laid_out is not None:
            return self._laid_out
        table, state, schema = self.table, self.state, self.table.schema
        reports: list[npt.NDArray[np.intp]] = []
        slots: list[tuple[int, int]] = []  # (node, group) of each block
        nodes = list(schema.nodes)
        for n, node in enumerate(nodes):
            present = np.asarray(state.present[node], bool)
            groups = [(g, each) for g, each in enumerate(state.groups) if each.node == node]
            active = np.zeros(len(table), bool)
            for _, each in groups:
                active |= each.active
            if schema.parent_of(node) is None:
                reports.append(np.flatnonzero(present & ~active))
                slots.append((n, -1))
            for g, each in groups:
                reports.append(np.flatnonzero(present & each.active))
                slots.append((n, g))
        sizes = [len(r) for r in reports]
        report = np.concatenate(reports) if reports else np.zeros(0, np.intp)
        block = np.repeat(np.arange(len(slots)), sizes)
        order = np.lexsort((block, report))  # by report, then node and breakdown in schema order
        slot = np.array(slots, np.intp).reshape(-1, 2)
        self._laid_out = _Rows(report[order], slot[block[order], 0], slot[block[order], 1])
        return self._laid_out

    def _columns(self) -> dict[str, Any]:
        """The rows' values as frame columns (:mod:`dronetally.frames`), but ``parts`` and the texts;
        worked out once (:meth:`with_remainder`, then :meth:`rows`, read them both).  A caller that
        changes the mapping gets its own copy of it."""
        if self._valued is None:
            self._valued = self._work_out_columns()
        return dict(self._valued)

    def _work_out_columns(self) -> dict[str, Any]:
        from dronetally.frames import Bools, Codes, Floats, Ints, figure_column

        table, state, rows = self.table, self.state, self._rows
        nodes = list(table.schema.nodes)
        j = rows.report
        n = len(j)
        lo = np.zeros(n, np.int64)
        hi = np.zeros(n, np.int64)
        figure_codes = np.full(n, -1, np.int64)
        figures: dict[str, int] = {}  # each written figure once, whichever nodes write it
        for k, node in enumerate(nodes):
            at = np.flatnonzero(rows.node == k)
            if not len(at):
                continue
            lo[at], hi[at] = state.lo[node][j[at]], state.hi[node][j[at]]
            written = figure_column(table, node, text=True)
            assert isinstance(written, Codes)
            ours = np.array([figures.setdefault(v, len(figures)) for v in written.values] + [-1], np.int64)
            figure_codes[at] = ours[np.asarray(written.codes, np.int64)[j[at]]]
        complete = np.zeros(n, bool)
        overlapping = np.zeros(n, bool)
        error = np.full(n, -1, np.int64)  # 0 over-accounted, 1 under-accounted
        r_lo = np.zeros(n, np.int64)
        r_hi = np.zeros(n, np.int64)
        has_remainder = np.zeros(n, bool)
        share_lo = np.full(n, np.nan)
        share_hi = np.full(n, np.nan)
        for g, each in enumerate(state.groups):
            at = np.flatnonzero(rows.group == g)
            if not len(at):
                continue
            complete[at], overlapping[at] = each.complete[j[at]], each.overlapping[j[at]]
            error[at] = np.where(each.over[j[at]], 0, np.where(each.under[j[at]], 1, -1))
            rem = state.remainder(each)
            left = at[rem.rows[j[at]]]
            if len(left):
                has_remainder[left] = True
                r_lo[left], r_hi[left] = rem.lo[j[left]], rem.hi[j[left]]
                share_lo[left], share_hi[left] = rem.shares(j[left])
        dims = [each.group.dimension.key for each in state.groups]
        meta = table.meta
        breakdown = rows.group >= 0
        return {
            "file": Codes(np.asarray(table.file.codes, np.int64)[j], table.file.values),
            "line": Ints(table.line[j], table.line[j] == 0),
            "report": Ints(j),
            **{name: Codes(np.asarray(meta[name].codes, np.int64)[j], meta[name].values)
               for name in ("id", "source", "window_start", "window_end", "timezone")},
            "node": Codes(rows.node, tuple(nodes)),
            "figure": Codes(figure_codes, tuple(figures)),  # (a dict keeps its keys in order)
            "lo": Ints(lo),
            "hi": Ints(hi, hi == UNBOUNDED),
            "dimension": Codes(rows.group, tuple(dims)),
            "complete": Bools(complete, ~breakdown),
            "overlapping": Bools(overlapping, ~breakdown),
            "remainder_lo": Ints(r_lo, ~has_remainder),
            "remainder_hi": Ints(r_hi, ~has_remainder | (r_hi == UNBOUNDED)),
            "share_lo": Floats(share_lo),
            "share_hi": Floats(share_hi),
            "error": Codes(error, ("over-accounted", "under-accounted")),
        }

    def _parts(self, g: int, j: int) -> tuple[list[dict[str, Any]], str]:
        """Breakdown ``g`` of report ``j``: each part's name, figure and bounds, and the same as text."""
        each, schema, state = self.state.groups[g], self.table.schema, self.state
        parts: list[dict[str, Any]] = []
        texts = []
        for i in np.flatnonzero(each.present[:, j]).tolist():
            key = each.group.parts[i]
            name = schema.locate(key)[2]
            parts.append({"part": name, "figure": self.table.figure_text(key, j), "lo": int(state.lo[key][j]),
                          "hi": to_python(state.hi[key][j])})
            texts.append(f"{name} {self.part_text(key, j)}")
        return parts, ", ".join(texts)

    def with_remainder(self) -> npt.NDArray[np.intp]:
        """The numbers of the rows that give a remainder (an account that adds up and leaves something
        over), worked out from the columns, with no dict made: for :meth:`rows`' ``which``."""
        columns = self._columns()
        given = ~np.asarray(columns["remainder_lo"].missing, bool) & (np.asarray(columns["error"].codes) < 0)
        return np.flatnonzero(given & (self._rows.group >= 0))

    def rows(self, which: Sequence[int] | npt.NDArray[np.intp] | None = None) -> Iterator[dict[str, Any]]:
        """One dict a row (see :data:`FIELDS`), made as it is asked for; ``which``: only these rows (their
        numbers, as :meth:`with_remainder` gives them), in that order."""
        table, state, rows = self.table, self.state, self._rows
        columns = self._columns()
        nodes = list(table.schema.nodes)

        def value(name: str, k: int) -> Any:
            column = columns[name]
            if hasattr(column, "codes"):
                code = int(column.codes[k])
                return None if code < 0 else column.values[code]
            if column.missing is not None and column.missing[k]:
                return None
            return column.values[k].item()

        for k in (range(len(rows.report)) if which is None else np.asarray(which, np.intp).tolist()):
            j, g = int(rows.report[k]), int(rows.group[k])
            row = {
                "file": value("file", k), "line": value("line", k), "report": j, "report_id": value("id", k),
                "source": value("source", k), "window": table.window(j),
                **{name: value(name, k) for name in ("window_start", "window_end", "timezone")},
                "node": nodes[int(rows.node[k])], "figure": value("figure", k),
                "lo": value("lo", k), "hi": value("hi", k),
                "dimension": None, "complete": None, "overlapping": None, "parts": None, "breakdown": None,
                "remainder": None, "remainder_lo": None, "remainder_hi": None, "share_lo": None, "share_hi": None,
                "error": None,
            }
            if g >= 0:
                each = state.groups[g]
                parts, text = self._parts(g, j)
                row.update(dimension=each.group.dimension.key, complete=value("complete", k),
                           overlapping=value("overlapping", k), parts=parts, breakdown=text)
                if value("error", k) is not None:  # no remainder to give: the account does not add up
                    row.update(error=value("error", k))
                elif value("remainder_lo", k) is not None:
                    r_lo, r_hi = value("remainder_lo", k), value("remainder_hi", k)
                    s_lo, s_hi = float(columns["share_lo"].values[k]), float(columns["share_hi"].values[k])
                    row.update(remainder=f"{amount_text(r_lo, r_hi)}{share_text(s_lo, s_hi)} "
                                         f"{each.group.dimension.remainder_label}",
                               remainder_lo=r_lo, remainder_hi=r_hi, share_lo=s_lo, share_hi=s_hi)
            yield row

    #: The columns of :meth:`layout`.
    TABLE_HEADERS = ("where", "source", "node", "figure", "breakdown", "remainder")

    def layout(self, rows: Sequence[dict[str, Any]] | None = None) -> tuple[tuple[str, ...], list[list[str]]]:
        """The accounts as ``tally show`` lays them out: headers, and a row of
        text per row of :meth:`rows` (``rows``, where the caller has them):
        where and who once per report, a figure not given as its bounds in
        [brackets], each breakdown with whether it is complete."""
        table = []
        last = None
        for r in self.rows() if rows is None else rows:
            where = f"{r['file']}:{r['line']}" if r["file"] else ""
            first = (where, r["source"]) != last
            last = (where, r["source"])
            bounds = format_bounds(r["lo"], r["hi"])
            figure = r["figure"] if r["figure"] is not None else f"[{bounds}]"
            if figure == "?" and (r["lo"], r["hi"]) != (0, None):
                figure = f"? [{bounds}]"
            breakdown = ""
            if r["dimension"]:
                kind = ("complete" if r["complete"] else "partial") + (", may overlap" if r["overlapping"] else "")
                breakdown = f"{r['dimension'].split('.', 1)[1]} ({kind}): {r['breakdown']}"
            remainder = r["remainder"] or ""
            if r.get("error"):  # no remainder: the parts cannot fit the node
                node = r["node"].replace("_", " ")
                remainder = (f"none: parts exceed {node}" if r["error"] == "over-accounted"
                             else f"none: parts fall short of {node}, though complete")
            table.append([where if first else "", r["source"] if first else "", r["node"], figure, breakdown,
                          remainder])
        return self.TABLE_HEADERS, table

    def _repr_html_(self) -> str:
        """The accounts as ``tally show`` lays them out, remainders standing out (Jupyter)."""
        from itertools import islice

        from dronetally import html

        rows = list(islice(self.rows(), html.NOTEBOOK_ROWS))
        headers, table = self.layout(rows)
        classes = ["remainder" if r["remainder"] else None for r in rows]
        made = html.table(headers, table, classes, caption=repr(self).strip("<>"))
        return html.notebook(made, len(rows), len(self), "rows", more="accounts().to_pandas() has them all")

    def _frame(self, parts: bool) -> dict[str, Any]:
        from dronetally.frames import Objects

        columns = self._columns()
        columns["report_id"] = columns.pop("id")
        order = ["file", "line", "report", "report_id", "source", "window_start", "window_end", "timezone", "node",
                 "figure", "lo", "hi", "dimension", "complete", "overlapping", "remainder_lo", "remainder_hi",
                 "share_lo", "share_hi", "error"]
        frame = {name: columns[name] for name in order}
        if parts:
            rows = self._rows
            made: list[Any] = [None] * len(rows.report)
            for k in np.flatnonzero(rows.group >= 0).tolist():
                made[k] = self._parts(int(rows.group[k]), int(rows.report[k]))[0]
            frame["parts"] = Objects(made)
        return frame

    def to_pandas(self, parts: bool = True) -> Any:
        """The accounts as a pandas DataFrame, one row per report and node
        (and per breakdown of the node): the figure as written, the bounds
        ``lo``-``hi`` the figures allow (``hi`` ``<NA>``: no upper bound),
        the breakdown's dimension, and what a partial breakdown leaves
        (``remainder_lo``-``remainder_hi``, and as shares of the node), or
        ``error`` where it cannot add up (``over-accounted``, ``under-accounted``).
        ``parts`` lists each part's name, figure and bounds, made a row at a
        time: ``parts=False`` leaves it out.  Needs pandas (``dronetally[pandas]``)."""
        from dronetally.frames import to_pandas

        return to_pandas(self._frame(parts))

    def to_arrow(self, parts: bool = True) -> Any:
        """The columns of :meth:`to_pandas` as a pyarrow Table (``dronetally[arrow]``)."""
        from dronetally.frames import to_arrow

        return to_arrow(self._frame(parts))
