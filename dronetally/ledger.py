"""The ledger: many reports stored column-wise, and the one engine.

Each node is a :class:`Column` of int64 arrays, one entry per report.  A
report that gives no figure for a node has ``lo = 0`` and ``hi = UNBOUNDED``.

"No upper bound" is stored as :data:`UNBOUNDED`, the largest int64.  It is a
sentinel, not a number: the engine adds upper bounds only through
:func:`sum_hi`, which keeps a separate count of unbounded terms, and every
value leaves the ledger through :func:`to_python`, which turns the sentinel
into ``None``.  Finite figures are at most :data:`~dronetally.count.MAX_COUNT`
(10**12), and a ledger has at most :data:`MAX_NODES` nodes, so no bound,
which is at most the sum of the figures below it, can reach the sentinel or
overflow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from dronetally.count import MAX_COUNT
from dronetally.errors import SchemaError
from dronetally.findings import Finding, Findings
from dronetally.report import Report, check_date
from dronetally.schema import DEFAULT_SCHEMA, Dimension, Schema

if TYPE_CHECKING:  # numpy.typing costs an import the engine does not need at run time
    import numpy.typing as npt

    Int64s: TypeAlias = npt.NDArray[np.int64]
    Bools: TypeAlias = npt.NDArray[np.bool_]

UNBOUNDED = np.iinfo(np.int64).max
#: The most nodes a ledger may have, so that even every figure at its largest adds up below UNBOUNDED.
MAX_NODES = UNBOUNDED // MAX_COUNT - 1


@dataclass(frozen=True, eq=False)
class Column:
    """One node across the ledger.  Where every report states the node
    exactly, ``hi is lo``: one array serves both bounds."""

    lo: Int64s
    hi: Int64s
    stated: Bools
    named: Bools

    @property
    def exact(self) -> bool:
        return self.hi is self.lo


def to_python(value: int | np.integer) -> int | None:
    """An engine bound as a Python int, or None for no upper bound."""
    return None if value == UNBOUNDED else int(value)


def sum_lo(los: Int64s, mask: Bools) -> Int64s:
    """Column sums of the lower bounds where ``mask`` (parts x reports)."""
    total: Int64s = np.where(mask, los, 0).sum(axis=0, dtype=np.int64)
    return total


def sum_hi(his: Int64s, mask: Bools) -> tuple[Int64s, Int64s]:
    """Column sums of upper bounds where ``mask``: (finite sum, number of
    unbounded terms).  The total is unbounded where the second is > 0."""
    unbounded = mask & (his == UNBOUNDED)
    finite = np.where(mask & ~unbounded, his, 0).sum(axis=0, dtype=np.int64)
    return finite, unbounded.sum(axis=0, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Group:
    """A dimension as the engine sees it: its node and the keys of its parts
    that occur in this ledger."""

    dimension: Dimension
    parts: tuple[str, ...]


class Ledger(Sequence[Report]):
    """Reports as numpy columns.  ``ledger[i]`` is the i-th report;
    :meth:`check` runs the rules on all of them at once."""

    def __init__(
        self, reports: Iterable[Report], schema: Schema | None = None, problems: Iterable[Finding] = ()
    ) -> None:
        self.reports: tuple[Report, ...] = tuple(reports)
        #: what reading the input found (rule 1): bad cells, unreadable rows
        self.problems: tuple[Finding, ...] = tuple(problems)
        #: rows of input read into this ledger or its parent, unreadable ones included
        self.rows_read = len(self.reports) + sum(1 for p in self.problems if p.report is None)
        #: the files read to make it, where :func:`dronetally.load` made it
        self.files: tuple[str, ...] = ()
        if schema is None:
            schema = self.reports[0].schema if self.reports else DEFAULT_SCHEMA
        for i, report in enumerate(self.reports):
            if report.schema is not schema and report.schema != schema:
                raise SchemaError(f"report {i} ({report.label()}) uses another schema")
        self.schema = schema
        n = len(self.reports)
        keys: dict[str, None] = dict.fromkeys(schema.nodes)
        open_parts: dict[str, dict[str, None]] = {}
        for report in self.reports:
            for key in (*report.figures, *sorted(report.named)):  # sorted: the same order every run
                if key not in schema.nodes:
                    _, dim, _ = schema.locate(key)
                    assert dim is not None
                    open_parts.setdefault(dim.key, {})[key] = None
        # tree order: every node before its parts
        self.keys: tuple[str, ...] = tuple(
            k for node in keys for k in (
                node,
                *(p for d in schema.nodes[node].dimensions for p in open_parts.get(d.key, {})),
            )
        )
        if len(self.keys) > MAX_NODES:
            raise SchemaError(f"{len(self.keys):,} nodes: a ledger holds at most {MAX_NODES:,}")
        index = {k: i for i, k in enumerate(self.keys)}
        lo = np.zeros((len(self.keys), n), dtype=np.int64)
        hi = np.full((len(self.keys), n), UNBOUNDED, dtype=np.int64)
        stated = np.zeros((len(self.keys), n), dtype=bool)
        named = np.zeros((len(self.keys), n), dtype=bool)
        for j, report in enumerate(self.reports):
            for key, fig in report.figures.items():
                i = index[key]
                lo[i, j] = fig.lo
                hi[i, j] = UNBOUNDED if fig.hi is None else fig.hi
                stated[i, j] = True
            for key in report.named:
                named[index[key], j] = True
        self.columns: dict[str, Column] = {}
        for key, i in index.items():
            row_lo = lo[i]
            exact = bool(stated[i].all() and (row_lo == hi[i]).all())
            self.columns[key] = Column(row_lo, row_lo if exact else hi[i], stated[i], named[i])
        self.groups: tuple[Group, ...] = tuple(
            Group(dim, tuple(dim.parts) if dim.parts is not None else tuple(open_parts.get(dim.key, {})))
            for dim in schema.dimensions()
        )
        self.complete: dict[str, Bools] = {
            g.dimension.key: np.fromiter(
                (g.dimension.key in r.complete for r in self.reports), dtype=bool, count=n
            )
            for g in self.groups
        }

    def __len__(self) -> int:
        return len(self.reports)

    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return self.select(np.arange(len(self))[i])
        return self.reports[i]

    def __repr__(self) -> str:
        return f"<Ledger: {len(self)} reports, {len(self.keys)} nodes>"

    def metadata(self, name: str) -> npt.NDArray[np.object_]:
        """A metadata field (``source``, ``scope``, ``window_start``, ...) as an array."""
        return np.array([getattr(r, name) for r in self.reports], dtype=object)

    def select(self, rows: npt.ArrayLike) -> Ledger:
        """The reports at ``rows`` (indices, or a boolean mask), as a new ledger.
        Problems of the chosen reports follow them; those of rows that are no
        report at all always do."""
        index = np.arange(len(self))[np.asarray(rows)] if len(self) else np.arange(0)
        new = {int(old): i for i, old in enumerate(index)}
        problems = [
            dataclasses.replace(p, report=new[p.report]) if p.report is not None else p
            for p in self.problems if p.report is None or p.report in new
        ]
        chosen = Ledger([self.reports[i] for i in index], self.schema, problems)
        chosen.rows_read = self.rows_read
        chosen.files = self.files
        return chosen

    def where(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | Iterable[str] | None = None,
        scope: str | Iterable[str] | None = None,
        weapon: str | Iterable[str] | None = None,
    ) -> Ledger:
        """The reports that match every filter given.

        ``since``/``until`` are dates (``2024-12-21``), inclusive, on the day
        a report's window starts; a report with no window matches neither.
        ``source`` and ``scope`` match exactly, ignoring case; ``weapon``
        matches a weapon class (``drone``, ``cruise missile``) or any part of
        the weapon text (``Shahed``), ignoring case.  Each of the last three
        may be several values, any of which matches.
        """
        for name, value in (("since", since), ("until", until)):
            if value is not None and (len(value.strip()) != 10 or check_date(value, name) is None):
                raise ValueError(f"{name}={value!r} must be a date such as 2024-12-21")

        def values(v: str | Iterable[str] | None) -> set[str] | None:
            if v is None:
                return None
            return {s.casefold() for s in ([v] if isinstance(v, str) else v)}

        sources, scopes, weapons = values(source), values(scope), values(weapon)

        def keep(r: Report) -> bool:
            start = r.window_start[:10] if r.window_start else None
            if since is not None and (start is None or start < since.strip()):
                return False
            if until is not None and (start is None or start > until.strip()):
                return False
            if sources is not None and r.source.casefold() not in sources:
                return False
            if scopes is not None and (r.scope or "").casefold() not in scopes:
                return False
            if weapons is not None:
                text = (r.weapon or "").casefold()
                kind = r.metadata.get("weapon_class", "").casefold()
                if not any(w == kind or w in text for w in weapons):
                    return False
            return True

        return self.select(np.fromiter((keep(r) for r in self.reports), dtype=bool, count=len(self)))

    def check(self) -> Findings:
        """Run rules 2-7 of DESIGN.md on every report; return every finding."""
        from dronetally.rules import check

        return check(self)

    def bounds(self) -> dict[str, tuple[Int64s, Int64s]]:
        """Every node's bounds after propagation, per report; ``UNBOUNDED``
        marks no upper bound (see :func:`to_python`)."""
        from dronetally.rules import propagate

        state = propagate(self)
        return {k: (state.lo[k], state.hi[k]) for k in self.keys}
