"""The ledger: many reports as columns, and what a notebook asks of them.

A :class:`Ledger` is a :class:`~dronetally.table.Table` (the columns, and
selecting rows by slicing them) that is also a sequence of
:class:`~dronetally.report.Report`: ``ledger[i]`` and iteration make a
report from row ``i`` when asked, and nothing else does.  :meth:`check`
runs the rules (:mod:`dronetally.rules`) on every report at once.

Data flows one way: a reader (:mod:`dronetally.io`) fills the columns
(:meth:`Ledger.from_columns`), the engine (:mod:`dronetally.engine`)
propagates bounds through them, the rules turn the engine's state into
findings held as arrays (:mod:`dronetally.findings`), and a renderer
(:mod:`dronetally.render`) formats what is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from dronetally import rules
from dronetally.accounts import Accounts
from dronetally.appending import Appender
from dronetally.engine import propagate
from dronetally.errors import SchemaError
from dronetally.findings import Findings, Location, plural
from dronetally.report import Report, columns_of
from dronetally.rules import Problems
from dronetally.schema import DEFAULT_SCHEMA, Schema, Spelling
from dronetally.stats import Stats, stats
from dronetally.table import UNBOUNDED, Table, to_python

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.table import Int64s


class Ledger(Table, Sequence[Report]):
    """Reports as numpy columns.  ``ledger[i]`` is the i-th report;
    :meth:`check` runs the rules on all of them at once.

    ``Ledger(reports)`` builds one from :class:`Report` values;
    :meth:`from_columns` from arrays or lists, which is what readers use.
    """

    _problems: Problems | None = None

    def __init__(self, reports: Iterable[Report] = (), schema: Schema | None = None) -> None:
        reports = tuple(reports)
        for i, item in enumerate(reports):
            if not isinstance(item, Report):
                kind = type(item).__name__
                raise TypeError(f"Ledger() takes Report objects; item {i} is a {kind}"
                                + (": reports written as dicts in dronetally's JSON form are read by "
                                   "dt.loads(json.dumps(items), 'json')" if isinstance(item, dict) else ""))
        if schema is None:
            first = reports[0] if reports else None
            schema = first.schema if isinstance(first, Report) else DEFAULT_SCHEMA
        columns, options = columns_of(reports, schema)
        self._load(columns, **options)

    # -- reports -------------------------------------------------------------
    @overload
    def __getitem__(self, i: int) -> Report: ...
    @overload
    def __getitem__(self, i: slice) -> Ledger: ...
    def __getitem__(self, i: int | slice) -> Report | Ledger:
        if isinstance(i, slice):
            result: Ledger = self.select(range(len(self))[i])
            return result
        j = range(len(self))[i]  # IndexError past the end; negative from the end
        fields = self.row(j)
        file, line = self.location(j)
        return Report(**fields, location=Location(file, line) if file is not None else None, schema=self.schema)

    def __iter__(self) -> Iterator[Report]:
        return (self[j] for j in range(len(self)))

    @property
    def reports(self) -> tuple[Report, ...]:
        """Every report as an object: the slow way to read a large ledger."""
        return tuple(self)

    def __repr__(self) -> str:
        return f"<Ledger: {plural(len(self), 'report')}, {plural(len(self.keys), 'node')}>"

    def _repr_html_(self) -> str:
        """The ledger's accounts, as ``tally show`` lays them out (Jupyter)."""
        return self.accounts()._repr_html_()

    @classmethod
    def concat(cls, ledgers: Sequence[Ledger], spelling: Spelling | None = None) -> Ledger:
        """Ledgers of one schema as one, in order (several files read as one
        input): each report keeps its file and line, open parts keep the order
        the ledgers meet them, and their names compare without case, spelt as
        first met (or as ``spelling`` has them).  What reading found wrong (an Air Force file's bad cells)
        is kept for one of the ledgers at most."""
        if not ledgers:
            return cls.from_columns({"source": []})
        schema = ledgers[0].schema
        if any(ledger.schema != schema for ledger in ledgers):
            raise SchemaError("the ledgers have different schemas: give each input the same --schema")
        flawed = [k for k, ledger in enumerate(ledgers) if ledger._problems is not None
                  and len(ledger._problems.arrays["rule"])]
        if len(flawed) > 1:
            raise ValueError(f"{len(flawed)} of the inputs have bad cells or unreadable rows; "
                             "read them one at a time (tally check takes several together)")
        appender = Appender(schema, sum(len(ledger) for ledger in ledgers))
        if spelling is not None:
            appender._key = spelling
        order: dict[str, None] = {}
        for ledger in ledgers:
            appender.add(ledger)
            order.update(dict.fromkeys(ledger.keys))
        joined = appender.table(cls, order)
        joined.rows_read = sum(ledger.rows_read for ledger in ledgers)
        joined.files = tuple(dict.fromkeys(f for ledger in ledgers for f in ledger.files))
        if flawed:
            k = flawed[0]
            problems = ledgers[k]._problems
            assert problems is not None
            before = sum(len(ledger) for ledger in ledgers[:k])
            arrays = dict(problems.arrays)
            arrays["report"] = np.where(arrays["report"] >= 0, arrays["report"] + before, -1)
            joined._problems = Problems(arrays, problems.names, problems.notes, problems.file)
        return joined

    # -- data frames -------------------------------------------------------------
    def to_pandas(self) -> Any:
        """The reports as a pandas DataFrame, one row each, in the ledger's
        order: ``file`` and ``line`` where each was read, the metadata fields
        (text as ``category``), one column per figure as dronetally CSV names
        them (``launched``, ``diverted.destination.Belarus``), ``complete`` and
        ``overlapping`` as a CSV cell writes them, then ``quote.KEY`` and
        ``meta.NAME`` columns.  A figure column whose stated figures are all
        single numbers is ``Int64`` (``<NA>``: not stated); one with an
        interval or a ``?`` holds every figure as written (``"52"``,
        ``">40"``), as text: the inferred bounds are in
        ``accounts().to_pandas()``.  :meth:`from_pandas` reads it back.
        Needs pandas (``pip install 'dronetally[pandas]'``)."""
        from dronetally.frames import table_frame, to_pandas

        return to_pandas(table_frame(self))

    def to_arrow(self) -> Any:
        """The columns of :meth:`to_pandas` as a pyarrow Table (for polars:
        ``polars.from_arrow(ledger.to_arrow())``).  Needs pyarrow
        (``pip install 'dronetally[arrow]'``)."""
        from dronetally.frames import table_frame, to_arrow

        return to_arrow(table_frame(self))

    @classmethod
    def from_pandas(cls, df: Any, schema: Schema | None = None) -> Ledger:
        """A ledger from a pandas DataFrame whose columns are named as in
        dronetally CSV (``source``, ``launched``, ``shot_down.region.Oryol``,
        ``complete``, ``meta.NAME``...).  NaN, None and ``<NA>`` are "not
        stated"; whole numbers are counts, as ints or as floats (``85.0``:
        what pandas makes of an integer column with gaps); text is read as a
        CSV cell (``">40"``, ``"~100"``, ``"?"``).  Optional ``file`` and
        ``line`` columns say where each report came from (as
        :meth:`to_pandas` writes them).  The index is not read.  Every bad
        cell is reported in one :class:`~dronetally.table.CellErrors`, each by
        its row position (``df.iloc[row]``) and column."""
        from dronetally.frames import columns_of_frame

        schema = schema or DEFAULT_SCHEMA
        columns, options = columns_of_frame(df, schema)
        return cls.from_columns(columns, schema=schema, **options)

    # -- what reading found ----------------------------------------------------
    def set_problems(self, problems: Problems, rows_read: int) -> Ledger:
        """Give this ledger what reading its input found wrong, and how many rows
        were read (a reader's last step); returns the ledger itself."""
        self._problems = problems
        self.rows_read = rows_read
        return self

    @property
    def problems(self) -> tuple[Any, ...]:
        """What reading the input found: bad cells and unreadable rows, as findings."""
        if self._problems is None:
            return ()
        p = self._problems
        return tuple(Findings(p.arrays, table=self, names=p.names, notes=p.notes, problem_file=p.file,
                              describe=_no_description))

    def _after_select(self, parent: Table, index: npt.NDArray[np.intp]) -> None:
        problems = getattr(parent, "_problems", None)
        self._problems = problems.take(index) if problems is not None else None

    # -- the rules ---------------------------------------------------------------
    def check(self) -> Findings:
        """Run the rules on every report; return every finding."""
        return rules.check(self, problems=self._problems)

    def bounds(self) -> dict[str, tuple[Int64s, Int64s]]:
        """Every node's bounds after propagation, per report;
        :data:`~dronetally.table.UNBOUNDED` marks no upper bound
        (see :func:`~dronetally.table.to_python`)."""
        state = propagate(self)
        return {k: (state.lo[k], state.hi[k]) for k in self.keys}

    def accounts(self) -> Accounts:
        """Each report's nodes with their stated and inferred bounds, breakdowns and remainders."""
        return Accounts(self, propagate(self))

    def stats(self, rate: str = "shot_down/launched", *, by: Iterable[str] = (), **options: Any) -> Stats:
        """The share ``rate`` as claimed, per group of ``by``, with ranges and
        intervals: see :func:`dronetally.stats.stats` for ``options`` (``level``,
        ``method``, ``seed``, ``resamples``, ``adjust``)."""
        return stats(self, rate, by=by, **options)


def _no_description(findings: Findings, k: int) -> tuple[str, dict[str, str]]:  # pragma: no cover
    raise AssertionError("every reading problem carries its message")


__all__ = ["UNBOUNDED", "Ledger", "to_python"]  # the sentinel and its reading, where the engine's users look
