"""The columns every ledger is made of, and the one way to build them.

A :class:`Table` holds many reports as numpy arrays, one entry per report:

- each node (``launched``, ``diverted.destination.Belarus``) is a
  :class:`Column` of int64 bounds ``lo`` and ``hi`` and two masks, *stated*
  (the report gives a figure) and *named* (``?``: mentioned, no figure).
  Where every report states the node exactly, ``hi is lo``; a mask that is
  all true or all false is a zero-stride view of one value and costs no
  memory.  "No upper bound" is :data:`UNBOUNDED`, the largest int64: a
  sentinel that only :func:`sum_hi` adds and :func:`to_python` turns into
  ``None`` on the way out.  Figures are at most
  :data:`~dronetally.count.MAX_COUNT` and a table has at most
  :data:`MAX_NODES` nodes, so no sum of bounds reaches the sentinel.
- a figure's written form (``~100``, ``>40``) sits in a sparse side table,
  only for the cells that have one;
- text metadata (``source``, ``window_start``, ...) is :class:`Strings`:
  int32 codes into a tuple of the distinct values;
- ``complete`` and ``overlapping`` are one boolean array per dimension.

:meth:`Table.from_columns` is the one constructor that validates: readers
and :class:`~dronetally.ledger.Ledger` go through it.  Selecting rows
slices the arrays.  The table knows nothing of reports as objects; the
ledger (:mod:`dronetally.ledger`) makes a :class:`~dronetally.report.Report`
from a row when asked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self, TypeAlias, overload

import numpy as np

from dronetally.count import MAX_COUNT, NAMED, Count, is_missing, read_figure
from dronetally.errors import CountError, InputError, SchemaError
from dronetally.limits import MAX_CELL_CHARS, quote
from dronetally.limits import MAX_ERRORS as MAX_ERRORS
from dronetally.schema import DEFAULT_SCHEMA, METADATA_FIELDS, Dimension, Schema, Spelling, check_date

if TYPE_CHECKING:  # numpy.typing costs an import the engine does not need at run time
    import numpy.typing as npt

    Int64s: TypeAlias = npt.NDArray[np.int64]
    Bools: TypeAlias = npt.NDArray[np.bool_]

UNBOUNDED = int(np.iinfo(np.int64).max)
#: The most nodes a table may have, so that even every figure at its largest adds up below UNBOUNDED.
MAX_NODES = UNBOUNDED // MAX_COUNT - 1
DATE_FIELDS = ("window_start", "window_end", "published")
_SPLIT = re.compile(r"[\s;,]+")


# -- small pieces ---------------------------------------------------------------


def to_python(value: int | np.integer[Any]) -> int | None:
    """An engine bound as a Python int, or None for no upper bound."""
    return None if value == UNBOUNDED else int(value)


def constant(value: bool, n: int) -> Bools:
    """A read-only array of ``n`` copies of ``value`` that takes no memory."""
    return np.broadcast_to(np.bool_(value), (n,))


def is_constant(mask: Bools, value: bool) -> bool:
    """Whether ``mask`` is a :func:`constant` of ``value`` (a cheap test, not a scan)."""
    return mask.ndim == 1 and (mask.size == 0 or (mask.strides == (0,) and bool(mask[0]) == value))


def repeat(value: Any, n: int, dtype: Any) -> npt.NDArray[Any]:
    """A read-only array of ``n`` copies of ``value`` that takes no memory."""
    return np.broadcast_to(np.array(value, dtype), (n,))


def take(values: npt.NDArray[Any], index: npt.NDArray[np.intp]) -> npt.NDArray[Any]:
    """``values[index]``; an array of one repeated value stays one, of the new length."""
    if values.ndim == 1 and values.strides == (0,) and values.size:
        return np.broadcast_to(values[:1], (len(index),))
    out: npt.NDArray[Any] = values[index]
    return out


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


def window_text(start: str | None, end: str | None, timezone: str | None) -> str:
    """A window as a person reads it: ``2024-12-21 19:00 to 2024-12-22 10:00 (Europe/Kyiv)``."""
    text = " to ".join(s.replace("T", " ") for s in (start, end) if s)
    if text and timezone:
        text += f" ({timezone})"
    return text


@dataclass(frozen=True, eq=False)
class Column:
    """One node across the table.  Where every report states the node
    exactly, ``hi is lo``: one array serves both bounds."""

    lo: Int64s
    hi: Int64s
    stated: Bools
    named: Bools

    @property
    def exact(self) -> bool:
        return self.hi is self.lo

    def take(self, index: npt.NDArray[np.intp]) -> Column:
        lo = take(self.lo, index)
        return Column(lo, lo if self.exact else take(self.hi, index), take(self.stated, index), take(self.named, index))


def _empty_column(n: int) -> Column:
    """A node no report states or names: 0 and no upper bound everywhere, in no memory."""
    return Column(repeat(0, n, np.int64), repeat(UNBOUNDED, n, np.int64), constant(False, n), constant(False, n))


class Utf8Values(Sequence[str]):
    """Distinct texts kept as UTF-8 bytes in one numpy array, decoded one at a
    time when asked: a column whose every value differs (an id) makes no
    Python string until someone reads it."""

    def __init__(self, raw: npt.NDArray[np.bytes_]) -> None:
        self.raw = raw

    def __len__(self) -> int:
        return len(self.raw)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [v.decode("utf-8") for v in self.raw[i].tolist()]
        return bytes(self.raw[i]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (v.decode("utf-8") for v in self.raw.tolist())

    def decoded(self) -> list[str]:
        """Every text at once: one decoding of them all joined by NUL, which no
        text holds (readers refuse it, and numpy's bytes drop it at the end)."""
        if not len(self.raw):
            return []
        return b"\0".join(self.raw.tolist()).decode("utf-8").split("\0")


@dataclass(frozen=True, eq=False)
class Strings:
    """A column of text as codes into its distinct values; code -1 is None.
    Codes are signed integers as narrow as a reader could make them (int8 for
    a column of a few sources): widen them before adding to them."""

    codes: npt.NDArray[np.signedinteger[Any]]
    values: Sequence[str]

    @classmethod
    def of(cls, items: Iterable[str | None]) -> Strings:
        """Codes for ``items`` in order of first appearance (None and "" are -1)."""
        cells = list(items)
        table: dict[str | None, int] = {None: -1, "": -1}
        for value in dict.fromkeys(cells):  # the distinct values, in order; then one lookup a cell, in C
            if value not in table:
                table[value] = len(table) - 2
        codes = np.fromiter(map(table.__getitem__, cells), dtype=np.int32, count=len(cells))
        return cls(codes, tuple(v for v in table if v))

    @classmethod
    def none(cls, n: int) -> Strings:
        return cls(repeat(-1, n, np.int32), ())

    def __len__(self) -> int:
        return len(self.codes)

    def get(self, i: int) -> str | None:
        code = int(self.codes[i])
        return None if code < 0 else self.values[code]

    def to_array(self) -> npt.NDArray[np.object_]:
        """The values as an object array (None where missing)."""
        lookup = np.array([*self.values, None], dtype=object)
        out: npt.NDArray[np.object_] = lookup[self.codes]  # -1 picks the None at the end
        return out

    def take(self, index: npt.NDArray[np.intp]) -> Strings:
        return Strings(take(self.codes, index), self.values)

    def matching(self, test: Any) -> Bools:
        """Rows whose value passes ``test`` (called once per distinct value; None never passes)."""
        good = np.array([bool(test(v)) for v in self.values] + [False], dtype=bool)
        out: Bools = good[self.codes]
        return out

    def mapped(self, convert: Any) -> Strings:
        """The same rows with every distinct value passed through ``convert`` (once each;
        None or "" is no value), without a Python object a row."""
        number: dict[str, int] = {}
        lookup = np.array([-1 if not v else number.setdefault(v, len(number)) for v in map(convert, self.values)]
                          + [-1], np.int32)
        return Strings(lookup[self.codes], tuple(number))

    def overlaid(self, other: Strings) -> Strings:
        """This column's values, and ``other``'s where this one has none."""
        values = list(dict.fromkeys([*self.values, *other.values]))
        place = {v: i for i, v in enumerate(values)}
        mine = np.array([place[v] for v in self.values] + [-1], np.int32)[self.codes]
        theirs = np.array([place[v] for v in other.values] + [-1], np.int32)[other.codes]
        return Strings(np.where(mine >= 0, mine, theirs), tuple(values))


@dataclass(frozen=True, eq=False)
class Texts:
    """The written forms of one figure column: row numbers, and codes into the distinct texts."""

    rows: npt.NDArray[np.intp]
    codes: npt.NDArray[np.int32]
    values: tuple[str, ...]

    def get(self, i: int) -> str | None:
        at = int(np.searchsorted(self.rows, i))
        if at < len(self.rows) and self.rows[at] == i:
            return self.values[int(self.codes[at])]
        return None

    def take(self, index: npt.NDArray[np.intp]) -> Texts | None:
        position = np.full(int(index.max()) + 1 if len(index) else 0, -1, np.intp)
        position[index] = np.arange(len(index))
        keep = self.rows < len(position)
        rows, codes = self.rows[keep], self.codes[keep]
        new = position[rows]
        found = new >= 0
        if not found.any():
            return None
        order = np.argsort(new[found], kind="stable")
        return Texts(new[found][order], codes[found][order], self.values)


@dataclass(frozen=True, eq=False)
class FigureCells:
    """A figure column of plain counts with a few other cells, as a fast
    reader finds it: ``values`` holds the counts (an integer array), ``rows``
    the rows that are not plain counts and ``cells`` what they hold
    (``">40"``, ``"?"``, ``""`` ...)."""

    values: npt.NDArray[np.integer[Any]]
    rows: npt.NDArray[np.intp]
    cells: Sequence[object] | Strings  # as codes into the distinct texts, where a reader found them so

    def __len__(self) -> int:
        return len(self.values)


@dataclass(frozen=True, eq=False)
class SparseFigures:
    """A figure column that few reports state: ``rows`` and the ``cells`` they
    hold (as a column's cells); every other row states nothing."""

    n: int
    rows: npt.NDArray[np.intp]
    cells: Sequence[object]

    def __len__(self) -> int:
        return self.n


@dataclass(frozen=True, eq=False)
class Group:
    """A dimension as the engine sees it: its node and the keys of its parts
    that occur in this table."""

    dimension: Dimension
    parts: tuple[str, ...]


@dataclass(frozen=True)
class CellError:
    """One bad value given to :meth:`Table.from_columns`: its row (0-based) and column."""

    row: int
    column: str
    message: str


class CellErrors(InputError):
    """Every bad cell of one call, up to :data:`MAX_ERRORS` of them (``more`` counts the rest)."""

    def __init__(self, errors: Sequence[CellError], more: int = 0) -> None:
        self.errors = tuple(errors)
        self.more = more
        lines = [f"row {e.row}: {e.column}: {e.message}" for e in self.errors]
        if more:
            lines.append(f"... and {more} more bad cells")
        super().__init__("\n".join(lines))


class _Collector:
    """Bad cells, as batches of rows that share a column and a message; the
    first :data:`MAX_ERRORS` in row order are listed, the rest counted."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.batches: list[tuple[npt.NDArray[np.intp], str, str]] = []
        self.limit = limit

    def add(self, row: int, column: str, message: str) -> None:
        self.add_rows(np.array([row], np.intp), column, message)

    def add_rows(self, rows: npt.ArrayLike, column: str, message: str) -> None:
        found = np.asarray(rows, np.intp)
        if len(found):
            self.batches.append((found, column, message))

    def errors(self) -> tuple[list[CellError], int]:
        """The first bad cells in row order (then column order), and how many more there are."""
        if not self.batches:
            return [], 0
        rows = np.concatenate([b[0] for b in self.batches])
        batch = np.repeat(np.arange(len(self.batches)), [len(b[0]) for b in self.batches])
        first = np.lexsort((batch, rows))[: self.limit]
        listed = [CellError(int(rows[i]), self.batches[batch[i]][1], self.batches[batch[i]][2]) for i in first]
        return listed, len(rows) - len(listed)

    def raise_any(self) -> None:
        listed, more = self.errors()
        if listed:
            raise CellErrors(listed, more)


# -- parsing whole columns ----------------------------------------------------------


#: A written figure read once for all the chunks of a file (a Count is immutable; a bad one is not kept).
_read_text = functools.lru_cache(maxsize=1 << 14)(read_figure)


def _parse_figures(values: Any, n: int, key: str, errors: _Collector) -> tuple[Column, Texts | None]:
    """A figure column from an integer array (the fast path) or from cells:
    ints, :class:`Count`, written figures (``>40``, ``?``), None or "" (not stated).
    Each distinct cell is parsed once."""
    if isinstance(values, FigureCells):
        return _merge_figures(values, n, key, errors)
    if isinstance(values, SparseFigures):
        return _sparse_figures(values, n, key, errors)
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        lo = values.astype(np.int64, copy=False)
        for bad, why in ((lo < 0, "is negative; a count is 0 or more"),
                         (lo > MAX_COUNT, f"is larger than {MAX_COUNT:,}")):
            for value in np.unique(values[bad]).tolist() if bad.any() else ():
                errors.add_rows(np.flatnonzero(bad & (values == value)), key, f"{value} {why}")
        return Column(lo, lo, constant(True, n), constant(False, n)), None
    codes, firsts = _distinct_cells(values, n)
    kinds = np.zeros(len(firsts), np.int8)  # 0 not stated, 1 figure, 2 named, 3 bad
    d_lo = np.zeros(len(firsts), np.int64)
    d_hi = np.full(len(firsts), UNBOUNDED, np.int64)
    d_text: list[str | None] = []
    messages: dict[int, str] = {}
    for code, value in enumerate(firsts):
        text = None
        try:
            fig = _read_text(value) if type(value) is str else read_figure(value)
        except CountError as exc:
            kinds[code] = 3
            messages[code] = str(exc)
            d_text.append(None)
            continue
        if fig is None:
            kinds[code] = 0
        elif fig == NAMED:
            kinds[code] = 2
        else:
            assert isinstance(fig, Count)
            kinds[code] = 1
            d_lo[code] = fig.lo
            d_hi[code] = UNBOUNDED if fig.hi is None else fig.hi
            text = fig.text
        d_text.append(text)
    for code, message in messages.items():
        errors.add_rows(np.flatnonzero(codes == code), key, message)
    kind = kinds[codes]
    stated = kind == 1
    lo = np.where(stated, d_lo[codes], 0)
    hi = np.where(stated, d_hi[codes], UNBOUNDED)
    named = kind == 2
    exact = bool(stated.all()) and bool((lo == hi).all())
    column = Column(
        lo, lo if exact else hi,
        constant(True, n) if bool(stated.all()) else stated,
        named if named.any() else constant(False, n),
    )
    written = [c for c, t in enumerate(d_text) if t is not None]
    texts = None
    if written:
        text_rows = np.flatnonzero(np.isin(codes, np.array(written, np.intp)))
        value_of = {c: i for i, c in enumerate(written)}
        remap = np.full(len(firsts), -1, np.int32)
        for c, i in value_of.items():
            remap[c] = i
        texts = Texts(text_rows, remap[codes[text_rows]], tuple(d_text[c] for c in written))  # type: ignore[misc]
    return column, texts


def _distinct_cells(values: Any, n: int) -> tuple[npt.NDArray[np.intp], list[Any]]:
    """Each of the ``n`` cells' code, and the distinct cells in order of first
    appearance: from :class:`Strings` as they are (code -1, no text, is
    None), else by looking each cell up."""
    if isinstance(values, Strings):
        firsts: list[Any] = [*values.values, None]
        codes = np.asarray(values.codes, np.intp)
        return np.where(codes < 0, len(firsts) - 1, codes), firsts
    cells = values.tolist() if isinstance(values, np.ndarray) else values
    distinct: dict[Any, int] = {}
    firsts = []

    def code_of(value: Any) -> int:
        kind = type(value)
        key = value if value is None or kind is str or kind is int else _hashable(value)
        try:
            code = distinct.get(key)
        except TypeError:  # unhashable (a list, a dict): a cell of its own, refused below
            key = (object, id(value))
            code = None
        if code is None:
            code = distinct[key] = len(firsts)
            firsts.append(value)
        return code

    return np.fromiter(map(code_of, cells), np.intp, count=n), firsts


def _merge_figures(values: FigureCells, n: int, key: str, errors: _Collector) -> tuple[Column, Texts | None]:
    """Plain counts, with the other cells parsed on their own and put in their rows."""
    rows = np.asarray(values.rows, np.intp)
    plain = np.ones(n, bool)
    plain[rows] = False
    counts = np.where(plain, values.values, 0).astype(np.int64)
    column, _ = _parse_figures(counts, n, key, errors)
    inner = _Collector()
    cells = values.cells if isinstance(values.cells, Strings) else list(values.cells)
    other, other_texts = _parse_figures(cells, len(rows), key, inner)
    for found, name, message in inner.batches:
        errors.add_rows(rows[found], name, message)
    lo = column.lo.copy()
    lo[rows] = other.lo
    hi = lo.copy()
    hi[rows] = other.hi
    stated = np.ones(n, bool)
    stated[rows] = other.stated
    named = np.zeros(n, bool)
    named[rows] = other.named
    exact = bool(stated.all()) and bool((lo == hi).all())
    merged = Column(lo, lo if exact else hi, constant(True, n) if bool(stated.all()) else stated,
                    named if named.any() else constant(False, n))
    texts = None
    if other_texts is not None:
        texts = Texts(rows[other_texts.rows], other_texts.codes, other_texts.values)
    return merged, texts


def _sparse_figures(values: SparseFigures, n: int, key: str, errors: _Collector) -> tuple[Column, Texts | None]:
    """The few stated cells parsed on their own, put in their rows; the rest not stated."""
    rows = np.asarray(values.rows, np.intp)
    inner = _Collector()
    few, few_texts = _parse_figures(list(values.cells), len(rows), key, inner)
    for found, name, message in inner.batches:
        errors.add_rows(rows[found], name, message)
    lo = np.zeros(n, np.int64)
    hi = np.full(n, UNBOUNDED, np.int64)
    stated = np.zeros(n, bool)
    named = np.zeros(n, bool)
    lo[rows], hi[rows], stated[rows], named[rows] = few.lo, few.hi, few.stated, few.named
    every = bool(stated.all())
    exact = every and bool((lo == hi).all())
    column = Column(lo, lo if exact else hi, constant(True, n) if every else stated,
                    named if named.any() else constant(False, n))
    texts = Texts(rows[few_texts.rows], few_texts.codes, few_texts.values) if few_texts is not None else None
    return column, texts


def _hashable(value: object) -> object:
    """A key under which equal cells meet: a Count by its bounds and written form."""
    if isinstance(value, float) and value != value:
        return None  # every NaN is one "not stated"
    if isinstance(value, Count):
        return (Count, value.lo, value.hi, value.text)
    if isinstance(value, np.generic):
        return (type(value).__name__, value.item())
    return (type(value).__name__, value) if not isinstance(value, str) else value


def _strings(values: Any, n: int, name: str, errors: _Collector) -> Strings:
    given = isinstance(values, Strings)  # a reader's codes: its values are text already
    column = values if given else Strings.of(None if is_missing(v) else v for v in values)
    for code, value in enumerate(() if given else column.values):
        if not isinstance(value, str):
            errors.add_rows(np.flatnonzero(column.codes == code), name, f"must be a string, got {quote(value)}")
    # held as text without outer blanks (a reader's texts are stripped already)
    if not given and any(isinstance(v, str) and v != v.strip() for v in column.values):
        column = column.mapped(lambda v: v.strip() or None if isinstance(v, str) else v)
    values = column.values
    longest = (values.raw.dtype.itemsize if isinstance(values, Utf8Values)  # bytes: at least its characters
               else max((len(v) for v in values if isinstance(v, str)), default=0))
    for code, value in enumerate(values if longest > MAX_CELL_CHARS else ()):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            errors.add_rows(np.flatnonzero(column.codes == code), name,
                            f"{quote(value)} is longer than {MAX_CELL_CHARS:,} characters "
                            "(dronetally.limits.MAX_CELL_CHARS)")
    if name in DATE_FIELDS:
        values = column.values
        normal = normal_dates(values.raw) if isinstance(values, Utf8Values) else np.zeros(len(values), bool)
        changed: dict[str, str] = {}
        for code in np.flatnonzero(~normal).tolist():  # the values not plainly normal, one by one
            value = values[code]
            try:
                checked = check_date(value, name)
            except SchemaError as exc:
                errors.add_rows(np.flatnonzero(column.codes == code), name, str(exc))
                continue
            if checked != value:
                changed[value] = checked or ""
        if changed:  # normal forms: 2024-12-21 19:00 becomes 2024-12-21T19:00
            column = column.mapped(lambda v: changed.get(v, v))
    return column


def normal_dates(raw: npt.NDArray[np.bytes_]) -> npt.NDArray[np.bool_]:
    """Which texts (UTF-8 bytes) are in :func:`~dronetally.schema.check_date`'s normal form
    already, a real day or minute: ``2024-12-21`` or ``2024-12-21T19:00``.
    One pass over them all in numpy; the rest are for :func:`~dronetally.schema.check_date`."""
    n, width = len(raw), raw.dtype.itemsize
    if width < 10:
        return np.zeros(n, bool)
    b = np.ascontiguousarray(raw).view(np.uint8).reshape(n, width)
    digit = (b - np.uint8(48)) <= 9  # uint8 wraps: one comparison finds the digits
    length = np.strings.str_len(raw)
    date = (digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1) & (b[:, 4] == 45) & (b[:, 7] == 45)
            & ~(b[:, :4] == 48).all(axis=1))  # year 0000 is none to Python, though numpy takes it
    normal = date & (length == 10)
    if width >= 16:
        minute = date & (b[:, 10] == 84) & (b[:, 13] == 58) & digit[:, [11, 12, 14, 15]].all(axis=1)
        normal |= minute & (length == 16)
    try:  # the calendar: month, day, hour and minute in range, as numpy and Python agree
        raw[normal].astype("datetime64[m]")
    except ValueError:
        return np.zeros(n, bool)  # some are not real days: let check_date say which
    out: npt.NDArray[np.bool_] = normal
    return out


def _window_order(start: Strings, end: Strings, errors: _Collector) -> None:
    """A window that ends before it starts is a bad ``window_end``.  A date
    alone is the whole day: it starts at 00:00 and ends at 23:59:59.  A
    text that is not a date is reported where its column is read; the rows
    with a date at each end are still compared, whatever the other rows hold."""
    first, first_ok = _minutes(start.values, 0)
    last, last_ok = _minutes(end.values, 24 * 60 * 60 - 1)
    both = (start.codes >= 0) & (end.codes >= 0) & first_ok[start.codes] & last_ok[end.codes]
    bad = np.flatnonzero(both & (first[start.codes] > last[end.codes]))
    for s_code, e_code in sorted({(int(start.codes[j]), int(end.codes[j])) for j in bad[:MAX_ERRORS].tolist()}):
        rows = bad[(start.codes[bad] == s_code) & (end.codes[bad] == e_code)]
        errors.add_rows(rows, "window_end", f"window_end {end.values[e_code]} is before window_start "
                                            f"{start.values[s_code]}")


def _minutes(values: Sequence[str | None], day_part: int) -> tuple[npt.NDArray[np.int64], Bools]:
    """Each ISO date or date-time as seconds since 1970 (a date alone: ``day_part`` seconds into it),
    and whether it is one; one more entry each, for the code -1, at the end."""
    import warnings

    with warnings.catch_warnings():  # an offset (+02:00) is read as UTC by numpy, and said so: both ends alike
        warnings.simplefilter("ignore")
        try:
            if isinstance(values, Utf8Values):  # texts as a reader left them: no None, and no Python strings made
                stamps = values.raw.astype("datetime64[s]")
            else:
                stamps = np.array([v or "NaT" for v in values], dtype="datetime64[s]")
        except ValueError:  # a text that is not a date: the others read one at a time
            stamps = np.array([_stamp(v) for v in values], dtype="datetime64[s]")
    if isinstance(values, Utf8Values):
        dates_only = np.strings.str_len(values.raw) == 10
    else:
        dates_only = np.array([v is not None and len(v) == 10 for v in values], dtype=bool)
    ok = ~np.isnat(stamps)
    seconds = np.where(ok, stamps.astype(np.int64) + np.where(dates_only, day_part, 0), 0)
    return np.append(seconds, 0), np.append(ok, False)


def _stamp(value: str | None) -> np.datetime64:
    """An ISO date or date-time, to the second; not a time (NaT) where it is not one."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return np.datetime64(value or "NaT", "s")
        except ValueError:
            return np.datetime64("NaT", "s")


def _complete(values: Any, n: int, schema: Schema, errors: _Collector, column: str = "complete") -> dict[str, Bools]:
    """``complete`` cells (a text of dimensions separated by spaces or ;, or a
    collection of them): where each dimension is named.  ``overlapping``
    cells are read alike."""
    out: dict[str, Bools] = {}
    if isinstance(values, Strings):
        codes, distinct = values.codes, list(values.values)
    else:
        found: dict[Any, int] = {}
        codes = np.fromiter(
            (found.setdefault(v if isinstance(v, str) or v is None else frozenset(v), len(found))
             for v in values), np.intp, count=n)
        distinct = list(found)
    for code, value in enumerate(distinct):
        names = _SPLIT.split(value) if isinstance(value, str) else (value or ())
        for name in filter(None, names):
            try:
                key = schema.dimension(name).key
            except SchemaError as exc:
                errors.add_rows(np.flatnonzero(codes == code), column, str(exc))
                continue
            rows = codes == code
            out[key] = out[key] | rows if key in out else rows
    return out


def _first(mask: Bools) -> int:
    return int(np.argmax(mask)) if mask.any() else len(mask)


def _appearance(figures: dict[str, Column], known: Iterable[str]) -> list[str]:
    """The keys not ``known`` yet, in the order reading the rows one by one
    meets them: by the first row that states or names them; in that row,
    stated ones in column order, then named ones by name.  So open parts
    keep one order however the rows come (column by column, or in chunks)."""
    seen = set(known)
    order = []
    for position, (key, column) in enumerate(figures.items()):
        if key in seen:
            continue
        stated, named = _first(column.stated), _first(column.named)
        order.append(((stated, 0, position, "") if stated <= named else (named, 1, 0, key), key))
    return [key for _, key in sorted(order)]


def met(table: Table, known: Iterable[str] = ()) -> list[str]:
    """The keys of ``table`` that some row states or names and that are not
    ``known``, in its order: what a chunk adds to the order of open parts
    (a key no row has met yet takes its place when one does, as if the
    file were read whole)."""
    seen = set(known)
    return [k for k in table.keys if k not in seen
            and bool(np.any(table.columns[k].stated) or np.any(table.columns[k].named))]


# -- the table -------------------------------------------------------------------------


class Table:
    """Reports as columns.  Build one with :meth:`from_columns`; :meth:`select`
    and :meth:`where` give new tables that share nothing they change."""

    schema: Schema
    keys: tuple[str, ...]
    columns: dict[str, Column]
    texts: dict[str, Texts]
    complete: dict[str, Bools]
    overlapping: dict[str, Bools]
    meta: dict[str, Strings]
    extra: dict[str, Strings]
    quotes: dict[int, dict[str, str]]
    file: Strings
    line: npt.NDArray[np.int64]
    groups: tuple[Group, ...]
    #: rows of input read into this table or its parent, unreadable ones included
    rows_read: int
    #: the files read to make it, where :func:`dronetally.load` made it
    files: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.line)

    # -- building ------------------------------------------------------------------
    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Any],
        *,
        schema: Schema | None = None,
        file: str | Sequence[str | None] | None = None,
        line: Sequence[int] | npt.NDArray[np.integer[Any]] | None = None,
        keys: Iterable[str] = (),
    ) -> Self:
        """A table (or ledger) from columns of equal length, named as in CSV.

        ``source`` (required) and the other metadata fields hold text or None;
        ``node``, ``node.part`` and ``node.dimension.part`` hold figures: an
        integer array (read as exact counts at numpy speed), or cells that are
        ints, :class:`~dronetally.count.Count`, written figures (``">40"``,
        ``"~100"``, ``"?"``) or None/"" (not stated); ``complete`` holds the
        dimensions each report declares complete (text separated by spaces or
        ``;``, or a collection); ``meta.NAME`` and ``quote.KEY`` hold text.
        ``file`` and ``line`` say where each report was read; ``keys`` fixes
        the order of open parts (first the ones listed, then as they come).

        Raises ``ValueError`` when the columns differ in length,
        :class:`~dronetally.errors.SchemaError` for a column the schema has
        no place for, and :class:`CellErrors` (an InputError) listing every
        bad cell, up to :data:`MAX_ERRORS`.
        """
        table = cls.__new__(cls)
        table._load(columns, schema=schema, file=file, line=line, keys=keys)
        return table

    def _load(
        self,
        columns: Mapping[str, Any],
        *,
        schema: Schema | None = None,
        file: str | Sequence[str | None] | None = None,
        line: Sequence[int] | npt.NDArray[np.integer[Any]] | None = None,
        keys: Iterable[str] = (),
    ) -> None:
        """Validate ``columns`` and take them as this table's (see :meth:`from_columns`)."""
        schema = schema or DEFAULT_SCHEMA
        lengths = {name: len(values) for name, values in columns.items()}
        if line is not None:
            lengths["line"] = len(line)
        if file is not None and not isinstance(file, str):
            lengths["file"] = len(file)
        if len(set(lengths.values())) > 1:
            described = ", ".join(f"{k} {v}" for k, v in lengths.items())
            raise ValueError(f"columns must have equal lengths; got {described}")
        n = next(iter(lengths.values()), 0)
        if "source" not in columns:
            raise SchemaError("a ledger needs a source column: who makes each statement")
        errors = _Collector()
        figures: dict[str, Column] = {}
        texts: dict[str, Texts] = {}
        meta: dict[str, Strings] = {}
        extra: dict[str, Strings] = {}
        quote_columns: dict[str, Strings] = {}
        complete: dict[str, Bools] = {}
        overlapping: dict[str, Bools] = {}
        spelt = Spelling()  # part names compare without case: each figure's key as written
        for name, values in columns.items():
            if name in METADATA_FIELDS:
                meta[name] = _strings(values, n, name, errors)
            elif name == "complete":
                complete = _complete(values, n, schema, errors)
            elif name == "overlapping":  # the dimensions whose parts may overlap in each report
                overlapping = _complete(values, n, schema, errors, column="overlapping")
            elif name.startswith("meta."):
                extra[name[len("meta."):]] = _strings(values, n, name, errors)
            elif name.startswith("quote."):
                quote_columns[schema.resolve(name[len("quote."):])] = _strings(values, n, name, errors)
            else:
                key = schema.resolve(name)
                first = spelt(key)
                if first in figures:
                    alike = f" ({quote(first)} and {quote(key)}: part names compare without case)"
                    alike = alike if first != key else ""
                    raise SchemaError(f"two columns name the same figure {quote(first)}{alike}")
                figures[key], written = _parse_figures(values, n, name, errors)
                if written is not None:
                    texts[key] = written
        errors.add_rows(np.flatnonzero(meta["source"].codes < 0), "source", "source is empty: who makes the statement?")
        if "window_start" in meta and "window_end" in meta:
            _window_order(meta["window_start"], meta["window_end"], errors)
        errors.raise_any()
        quotes: dict[int, dict[str, str]] = {}  # sparse: only the rows that quote something
        for key, text in quote_columns.items():
            key = spelt.get(key)  # a quote of a figure goes with it, however its part name is cased
            for row in np.flatnonzero(text.codes >= 0).tolist():
                quotes.setdefault(row, {})[key] = text.values[int(text.codes[row])]
        if isinstance(file, str):
            files = Strings(repeat(0, n, np.int32), (file,))
        else:
            files = Strings.none(n) if file is None else Strings.of(file)
        lines = np.zeros(n, np.int64) if line is None else np.asarray(line, dtype=np.int64)
        self._fill(schema, figures, texts, complete, overlapping, meta, extra, quotes, files, lines,
                   [*keys, *_appearance(figures, keys)])

    def _fill(
        self, schema: Schema, figures: dict[str, Column], texts: dict[str, Texts], complete: dict[str, Bools],
        overlapping: dict[str, Bools], meta: dict[str, Strings], extra: dict[str, Strings],
        quotes: dict[int, dict[str, str]], file: Strings, line: npt.NDArray[np.int64], order: Iterable[str] = (),
    ) -> None:
        """Put validated parts in place; every node of the schema gets a column."""
        n = len(line)
        self.schema = schema
        open_parts: dict[str, dict[str, None]] = {}
        for key in (*order, *figures):
            if key not in schema.nodes and key in figures:
                _, dim, _ = schema.locate(key)
                assert dim is not None
                open_parts.setdefault(dim.key, {})[key] = None
        # tree order: every node before its parts
        self.keys = tuple(
            k for node in schema.nodes for k in (
                node, *(p for d in schema.nodes[node].dimensions for p in open_parts.get(d.key, {})),
            )
        )
        if len(self.keys) > MAX_NODES:
            raise SchemaError(f"{len(self.keys):,} nodes: a ledger holds at most {MAX_NODES:,}")
        self.columns = {k: figures[k] if k in figures else _empty_column(n) for k in self.keys}
        self.texts = texts
        self.complete = {d.key: complete.get(d.key, constant(False, n)) for d in schema.dimensions()}
        # the schema's loose breakdowns overlap in every report; a report may declare others
        self.overlapping = {d.key: constant(True, n) if d.overlapping else overlapping.get(d.key, constant(False, n))
                            for d in schema.dimensions()}
        self.meta = {name: meta[name] if name in meta else Strings.none(n) for name in METADATA_FIELDS}
        self.extra = extra
        self.quotes = quotes
        self.file = file
        self.line = line
        self.groups = tuple(
            Group(dim, tuple(dim.parts) if dim.parts is not None else tuple(open_parts.get(dim.key, {})))
            for dim in schema.dimensions()
        )
        self.rows_read = n
        self.files = ()

    # -- reading ---------------------------------------------------------------------
    @property
    def nbytes(self) -> int:
        """The memory the table's arrays hold (an array shared by two columns, or
        one repeated value, is counted once or not at all); distinct texts not included."""
        arrays: dict[int, npt.NDArray[Any]] = {}
        for c in self.columns.values():
            for a in (c.lo, c.hi, c.stated, c.named):
                arrays[id(a)] = a
        for t in self.texts.values():
            arrays[id(t.rows)], arrays[id(t.codes)] = t.rows, t.codes
        for s in (*self.meta.values(), *self.extra.values(), self.file):
            arrays[id(s.codes)] = s.codes
        for m in (*self.complete.values(), *self.overlapping.values()):
            arrays[id(m)] = m
        arrays[id(self.line)] = self.line
        return sum(a.nbytes for a in arrays.values() if not (a.ndim == 1 and a.strides == (0,)))

    def metadata(self, name: str) -> npt.NDArray[np.object_]:
        """A metadata field (``source``, ``scope``, ``window_start``, ...) or a
        ``meta.NAME`` column, as an object array with None where it is missing."""
        if name in self.meta:
            return self.meta[name].to_array()
        if name.startswith("meta.") and name[len("meta."):] in self.extra:
            return self.extra[name[len("meta."):]].to_array()
        known = ", ".join([*METADATA_FIELDS, *(f"meta.{k}" for k in self.extra)])
        raise KeyError(f"{quote(name)} is not a metadata column; the columns are {known}")

    def figure(self, key: str, i: int) -> Count | str | None:
        """Row ``i``'s figure for ``key``: a :class:`Count`, ``"?"`` if named, None if not stated."""
        column = self.columns[key]
        if column.stated[i]:
            hi = to_python(column.hi[i])
            written = self.texts[key].get(i) if key in self.texts else None
            lo = int(column.lo[i])
            return Count.exact(lo) if written is None and hi == lo else Count(lo, hi, written)
        return "?" if column.named[i] else None

    def figure_text(self, key: str, i: int) -> str | None:
        """The figure as written (``52``, ``~100``), ``?`` if named, None if neither."""
        fig = self.figure(key, i)
        return None if fig is None else str(fig)

    def location(self, i: int) -> tuple[str | None, int | None]:
        """(file, line) where row ``i`` was read, each None where unknown."""
        line = int(self.line[i])
        return self.file.get(i), line or None

    def window(self, i: int) -> str:
        meta = self.meta
        return window_text(meta["window_start"].get(i), meta["window_end"].get(i), meta["timezone"].get(i))

    def label(self, i: int) -> str:
        """Short name for messages: id, else source and window."""
        report_id = self.meta["id"].get(i)
        if report_id:
            return report_id
        source, window = self.meta["source"].get(i) or "", self.window(i)
        return f"{source}, {window}" if window else source

    def row(self, i: int) -> dict[str, Any]:
        """Row ``i`` as the fields of a report (figures as :class:`Count`, named as a set)."""
        figures: dict[str, Count] = {}
        named: set[str] = set()
        for key in self.keys:
            fig = self.figure(key, i)
            if isinstance(fig, Count):
                figures[key] = fig
            elif fig == "?":
                named.add(key)
        return {
            **{name: column.get(i) for name, column in self.meta.items()},
            "figures": figures,
            "named": frozenset(named),
            "complete": frozenset(k for k, mask in self.complete.items() if mask[i]),
            "overlapping": frozenset(k for k, mask in self.overlapping.items()
                                     if mask[i] and not self.schema.dimension(k).overlapping),
            "quotes": dict(self.quotes.get(i, {})),
            "metadata": {k: v for k, column in self.extra.items() if (v := column.get(i)) is not None},
        }

    # -- choosing rows -------------------------------------------------------------------
    def select(self, rows: npt.ArrayLike) -> Self:
        """The rows at ``rows`` (indices, or a boolean mask), as a new table of the same class."""
        index = np.arange(len(self))[np.asarray(rows)] if len(self) else np.arange(0)
        new = type(self).__new__(type(self))
        texts = {k: t for k, t in ((k, t.take(index)) for k, t in self.texts.items()) if t is not None}
        position = np.full(len(self), -1, np.int64)
        position[index] = np.arange(len(index))
        new._fill(
            self.schema,
            {k: c.take(index) for k, c in self.columns.items() if not is_constant(c.stated, False)
             or not is_constant(c.named, False)},
            texts,
            {k: take(m, index) for k, m in self.complete.items()},
            {k: take(m, index) for k, m in self.overlapping.items()},
            {k: s.take(index) for k, s in self.meta.items()},
            {k: s.take(index) for k, s in self.extra.items()},
            {int(position[r]): q for r, q in self.quotes.items() if position[r] >= 0},
            self.file.take(index),
            self.line[index],
            self.keys,
        )
        new.rows_read = self.rows_read
        new.files = self.files
        new._after_select(self, index)
        return new

    def _after_select(self, parent: Table, index: npt.NDArray[np.intp]) -> None:
        """What a subclass carries over to a selection (the ledger: its reading problems)."""

    def where(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | Iterable[str] | None = None,
        scope: str | Iterable[str] | None = None,
        weapon: str | Iterable[str] | None = None,
    ) -> Self:
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
                raise ValueError(f"{name}={quote(value)} must be a date such as 2024-12-21")

        def values(v: str | Iterable[str] | None) -> set[str] | None:
            if v is None:
                return None
            return {s.casefold() for s in ([v] if isinstance(v, str) else v)}

        keep = constant(True, len(self))
        start = self.meta["window_start"]
        if since is not None:
            keep = keep & start.matching(lambda v: v[:10] >= since.strip())
        if until is not None:
            keep = keep & start.matching(lambda v: v[:10] <= until.strip())
        sources, scopes, weapons = values(source), values(scope), values(weapon)
        if sources is not None:
            keep = keep & self.meta["source"].matching(lambda v: v.casefold() in sources)
        if scopes is not None:
            keep = keep & self.meta["scope"].matching(lambda v: v.casefold() in scopes)
        if weapons is not None:
            by_text = self.meta["weapon"].matching(lambda v: any(w in v.casefold() for w in weapons))
            by_class = self.weapon_classes().matching(lambda v: v.casefold() in weapons)
            keep = keep & (by_text | by_class)
        return self.select(keep)

    def weapon_classes(self) -> Strings:
        """Each report's weapon class (see :mod:`dronetally.weapons`): a
        ``meta.weapon_class`` column's where it has one (the Air Force
        dataset's), else its weapon's, from the table shipped with the package."""
        from dronetally.weapons import classify

        named = self.meta["weapon"].mapped(classify)
        given = self.extra.get("weapon_class")
        return named if given is None else given.overlaid(named)


def count_filter_values(table: Table, into: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Add to ``into`` how many reports of ``table`` have each scope, source and
    weapon class (the values filters look at), to say what there is when
    filters choose nothing; returns ``into``."""
    from dronetally.weapons import UNKNOWN

    classes = table.weapon_classes()
    weapons = table.meta["weapon"]
    unknown = classes.matching(lambda v: v == UNKNOWN)
    unclassified = Strings(np.where(unknown, np.broadcast_to(weapons.codes, unknown.shape), -1), weapons.values)
    for name, column in (("scope", table.meta["scope"]), ("source", table.meta["source"]),
                         ("weapon_class", classes), ("unclassified", unclassified)):
        codes = np.broadcast_to(column.codes, (len(table),))
        counts = np.bincount(codes[codes >= 0], minlength=len(column.values))
        counted = into.setdefault(name, {})
        for value, n in zip(column.values, counts.tolist(), strict=True):
            if n:
                counted[value] = counted.get(value, 0) + n
    return into
