"""Columns handed to pandas and Arrow without a Python object a row.

A :data:`Frame` is an ordered mapping of column names to one of four kinds
of column, each a view of arrays the caller already holds:

- :class:`Ints`: whole numbers, with a mask of the missing ones (pandas'
  nullable ``Int64``: a count that is not stated, or no upper bound, is
  ``<NA>``, never a sentinel);
- :class:`Floats`: fractions, NaN where there is none;
- :class:`Codes`: text as codes into its distinct values (pandas'
  ``category``, Arrow's dictionary), code -1 where there is none; a column
  of many distinct values (an id a report) is plain text in pandas;
- :class:`Objects`: anything else, one Python value a row (structured
  values such as a breakdown's parts, made by the caller).

:func:`to_pandas` and :func:`to_arrow` turn a frame into a DataFrame or an
Arrow table; each imports its library when called, so that neither is
needed until someone asks (``pip install 'dronetally[pandas]'`` or
``'dronetally[arrow]'``).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dronetally.count import NAMED, format_bounds
from dronetally.errors import SchemaError
from dronetally.extras import require
from dronetally.limits import MAX_COUNT, MAX_ERRORS
from dronetally.schema import METADATA_FIELDS, RESERVED, Schema
from dronetally.table import CellError, CellErrors, FigureCells, Strings, Table, Utf8Values, to_python


@dataclass(frozen=True, eq=False)
class Ints:
    values: npt.NDArray[np.integer[Any]]
    missing: npt.NDArray[np.bool_] | None = None


@dataclass(frozen=True, eq=False)
class Bools:
    values: npt.NDArray[np.bool_]
    missing: npt.NDArray[np.bool_] | None = None


@dataclass(frozen=True, eq=False)
class Floats:
    values: npt.NDArray[np.floating[Any]]


@dataclass(frozen=True, eq=False)
class Codes:
    codes: npt.NDArray[np.signedinteger[Any]]
    values: Sequence[str]


@dataclass(frozen=True, eq=False)
class Objects:
    values: Sequence[Any] | npt.NDArray[np.object_]


Column = Ints | Bools | Floats | Codes | Objects
Frame = Mapping[str, Column]


def _length(frame: Frame) -> int:
    for column in frame.values():
        return len(column.codes if isinstance(column, Codes) else column.values)
    return 0


def _texts(values: Sequence[str]) -> Any:
    """Distinct texts for a frame: those kept as UTF-8 bytes (an id column's) decoded by numpy at once."""
    if isinstance(values, Utf8Values):
        return values.decoded()
    return list(values)


def _used(column: Codes) -> Codes:
    """The column with only the values some row has (a selection keeps its parent's distinct values)."""
    codes = np.asarray(column.codes, np.int64)
    seen = np.zeros(len(column.values) + 1, bool)
    seen[codes] = True  # -1 marks the last, which is no value
    if seen[:-1].all():
        return column
    kept = np.flatnonzero(seen[:-1])
    renumber = np.full(len(column.values) + 1, -1, np.int64)
    renumber[kept] = np.arange(len(kept))
    values = column.values
    if isinstance(values, Utf8Values):  # still bytes: only the kept ones are decoded, later
        return Codes(renumber[codes], Utf8Values(values.raw[kept]))
    return Codes(renumber[codes], [values[i] for i in kept.tolist()])


def to_pandas(frame: Frame) -> Any:
    """``frame`` as a pandas DataFrame with a plain range index."""
    pd = require("pandas", "pandas", "to_pandas() needs")
    n = _length(frame)
    data: dict[str, Any] = {}
    for name, column in frame.items():
        if isinstance(column, Codes):
            column = _used(column)
        if isinstance(column, Ints):
            values = np.ascontiguousarray(column.values, dtype=np.int64)
            missing = (np.zeros(n, bool) if column.missing is None
                       else np.ascontiguousarray(column.missing, dtype=bool))
            data[name] = pd.arrays.IntegerArray(values, missing)
        elif isinstance(column, Bools):
            missing = (np.zeros(n, bool) if column.missing is None
                       else np.ascontiguousarray(column.missing, dtype=bool))
            data[name] = pd.arrays.BooleanArray(np.ascontiguousarray(column.values, dtype=bool), missing)
        elif isinstance(column, Floats):
            data[name] = np.asarray(column.values, dtype=np.float64)
        elif isinstance(column, Codes) and len(column.values) > max(1000, n // 10):
            # text of many distinct values (an id a report): plain text, as pandas would have it; a
            # category of a million values costs pandas a check of them all, and saves nothing
            lookup = np.array([*_texts(column.values), None], dtype=object)
            data[name] = lookup[np.asarray(column.codes, dtype=np.intp)]
        elif isinstance(column, Codes):
            categories = pd.Index(_texts(column.values), dtype=object)
            data[name] = pd.Categorical.from_codes(np.asarray(column.codes, dtype=np.int32), categories=categories)
        else:
            values = np.empty(n, dtype=object)
            values[:] = list(column.values) if not isinstance(column.values, np.ndarray) else column.values
            data[name] = values
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def to_arrow(frame: Frame) -> Any:
    """``frame`` as a pyarrow Table (whole numbers ``int64`` with nulls,
    text dictionary-encoded, structured values as Arrow infers them)."""
    pa = require("pyarrow", "arrow", "to_arrow() needs")
    arrays: dict[str, Any] = {}
    for name, column in frame.items():
        if isinstance(column, Codes):
            column = _used(column)
        if isinstance(column, Ints):
            arrays[name] = pa.array(np.asarray(column.values, dtype=np.int64), type=pa.int64(),
                                    mask=None if column.missing is None else np.asarray(column.missing, bool))
        elif isinstance(column, Bools):
            arrays[name] = pa.array(np.asarray(column.values, bool), type=pa.bool_(),
                                    mask=None if column.missing is None else np.asarray(column.missing, bool))
        elif isinstance(column, Floats):
            values = np.asarray(column.values, dtype=np.float64)
            arrays[name] = pa.array(values, type=pa.float64(), mask=np.isnan(values))
        elif isinstance(column, Codes):
            codes = np.asarray(column.codes, dtype=np.int32)
            indices = pa.array(codes, type=pa.int32(), mask=codes < 0)
            arrays[name] = pa.DictionaryArray.from_arrays(indices, pa.array(_texts(column.values), type=pa.string()))
        else:
            arrays[name] = pa.array(list(column.values))
    return pa.table(arrays)


def text_codes(masks: Mapping[str, npt.NDArray[np.bool_]], n: int, separator: str = " ") -> Codes:
    """Per row, the names whose mask is true, joined by ``separator``
    (``"launched.outcome shot_down.region"``): one text per distinct
    combination, not per row."""
    names = list(masks)
    if not names:
        return Codes(np.full(n, -1, np.int32), ())
    bits = np.zeros(n, np.int64) if len(names) < 63 else None
    if bits is None:  # more dimensions than bits: rows by their distinct mask rows instead
        stacked = np.stack([np.asarray(masks[k], bool) for k in names], axis=1)
        unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
        texts = [separator.join(k for k, on in zip(names, row, strict=True) if on) for row in unique.tolist()]
    else:
        for place, key in enumerate(names):
            bits |= np.asarray(masks[key], bool).astype(np.int64) << place
        unique, inverse = np.unique(bits, return_inverse=True)
        texts = [separator.join(k for place, k in enumerate(names) if value >> place & 1)
                 for value in unique.tolist()]
    renumber = np.full(len(texts), -1, np.int32)
    kept: list[str] = []
    for i, text in enumerate(texts):
        if text:
            renumber[i] = len(kept)
            kept.append(text)
    return Codes(renumber[inverse.ravel()], tuple(kept))


# -- a table's reports, one row each ---------------------------------------------------


def figure_column(table: Table, key: str, text: bool = False) -> Column:
    """One figure column as a frame column: whole numbers (``<NA>`` where not
    stated) when every stated figure of it is one number; else the figures
    as written (``"52"``, ``">40"``, ``"~100"``, ``"?"`` for a node named
    without a figure), as text; ``text``: as text in any case."""
    column = table.columns[key]
    texts = table.texts.get(key)
    stated = np.asarray(column.stated, bool)
    named = np.asarray(column.named, bool)
    single = column.exact or bool((column.lo == column.hi)[stated].all())
    if not text and texts is None and not named.any() and single:
        return Ints(column.lo, None if stated.all() else ~stated)
    n = len(table)
    written = np.zeros(n, bool)
    if texts is not None:
        written[texts.rows] = True
    plain = stated & ~written
    codes = np.full(n, -1, np.int64)
    values: dict[str, int] = {}  # each text once: a written ">=42" and a Count(42, None) are one

    def coded(texts: Sequence[str]) -> npt.NDArray[np.int64]:
        return np.array([values.setdefault(t, len(values)) for t in texts], np.int64)

    pairs = np.stack([column.lo[plain], column.hi[plain]], axis=1) if plain.any() else np.zeros((0, 2), np.int64)
    distinct, inverse = np.unique(pairs, axis=0, return_inverse=True)
    codes[plain] = coded([format_bounds(lo, to_python(hi)) for lo, hi in distinct.tolist()])[inverse.ravel()]
    if texts is not None:
        codes[texts.rows] = coded(texts.values)[texts.codes]
    if named.any():
        codes[named] = coded([NAMED])[0]
    return Codes(codes, tuple(values))


def table_frame(table: Table) -> dict[str, Column]:
    """A table's reports as frame columns, named as dronetally CSV names them
    (see :meth:`~dronetally.ledger.Ledger.to_pandas`), with ``file`` and
    ``line`` first."""
    n = len(table)
    frame: dict[str, Column] = {}
    # where each report was read; a schema's node of the same name has the column instead
    if "file" not in table.keys:
        frame["file"] = Codes(table.file.codes, table.file.values)
    if "line" not in table.keys:
        frame["line"] = Ints(table.line, table.line == 0)
    for name in METADATA_FIELDS:
        frame[name] = Codes(table.meta[name].codes, table.meta[name].values)
    for key in table.keys:
        frame[key] = figure_column(table, key)
    frame["complete"] = text_codes(table.complete, n)
    own = {k: mask for k, mask in table.overlapping.items() if not table.schema.dimension(k).overlapping}
    frame["overlapping"] = text_codes(own, n)
    quoted = dict.fromkeys(k for quotes in table.quotes.values() for k in quotes)
    for key in quoted:
        cells = np.full(n, None, dtype=object)
        for row, quotes in table.quotes.items():  # only the rows that quote anything
            if key in quotes:
                cells[row] = quotes[key]
        frame[f"quote.{key}"] = Objects(cells)
    for name, strings in table.extra.items():
        frame[f"meta.{name}"] = Codes(strings.codes, strings.values)
    return frame


def _location(series: Any, name: str, missing: npt.NDArray[np.bool_]) -> tuple[Any, list[CellError]]:
    """A ``file`` or ``line`` column of a frame as ``from_columns`` takes it, and its bad cells."""
    bad: list[CellError] = []
    if name == "file":
        cells = series.to_numpy(dtype=object, na_value=None)
        for row in np.flatnonzero([not (c is None or isinstance(c, str)) for c in cells]).tolist()[:MAX_ERRORS]:
            bad.append(CellError(row, name, f"a file is named by text, got {cells[row]!r}"))
        return cells, bad
    try:
        raw = series.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        return np.zeros(len(series), np.int64), [CellError(0, name, "a line is a whole number from 1")]
    good = missing | (np.isfinite(raw) & (raw == np.floor(raw)) & (raw >= 1) & (raw <= np.iinfo(np.int32).max))
    for row in np.flatnonzero(~good).tolist()[:MAX_ERRORS]:
        bad.append(CellError(row, name, f"a line is a whole number from 1, got {float(raw[row])!r}"))
    return np.where(good & ~missing, raw, 0).astype(np.int64), bad


def _text_of_numbers(series: Any, missing: npt.NDArray[np.bool_]) -> Strings:
    """A column of numbers given for text (ids): each distinct number written once, whole ones without a point."""
    values = series.to_numpy(dtype=np.float64, na_value=np.nan) if series.dtype.kind == "f" else \
        series.to_numpy(dtype=object, na_value=None)
    distinct, inverse = np.unique(np.where(missing, 0, values), return_inverse=True)
    texts = [str(int(v)) if float(v).is_integer() else str(v) for v in distinct.tolist()]
    return Strings(np.where(missing, -1, inverse.ravel()).astype(np.int32), tuple(texts))


def columns_of_frame(df: Any, schema: Schema) -> tuple[dict[str, Any], dict[str, Any]]:
    """A pandas DataFrame's columns as :meth:`~dronetally.table.Table.from_columns`
    takes them, and its ``file`` and ``line`` options where the frame has
    those columns (and the schema has no node of that name).  Numbers are
    counts where whole (``85.0`` too: what pandas makes of an integer column
    with gaps); NaN, None and ``<NA>`` are not stated; text is read as in
    CSV; dates and times (``datetime64``) are written as ISO 8601."""
    pd = require("pandas", "pandas", "from_pandas() needs")
    columns: dict[str, Any] = {}
    options: dict[str, Any] = {}
    bad: list[CellError] = []
    for name in df.columns:
        if not isinstance(name, str):
            raise SchemaError(f"column {name!r}: column names are text, as in a CSV header")
        series = df[name]
        if isinstance(series, pd.DataFrame):
            raise SchemaError(f"column {name!r} appears twice")
        missing = series.isna().to_numpy(dtype=bool)
        kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else getattr(
            series.dtype, "kind", "O")
        if name in ("file", "line") and name not in schema.nodes:
            options[name], found = _location(series, name, missing)
            bad += found
            continue
        if name in ("index", "level_0", "Unnamed: 0"):
            raise SchemaError(f"column {name!r} is pandas' index, not a field of a report: leave it out "
                              "(df.reset_index(drop=True), or read_csv(..., index_col=0))")
        figure = name not in METADATA_FIELDS and name not in RESERVED and not name.startswith(("meta.", "quote."))
        if figure:
            try:
                schema.resolve(name)
            except SchemaError as exc:
                known = [*METADATA_FIELDS, *schema.nodes, "complete", "overlapping"]
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
                raise SchemaError(f"column {name!r}: {exc}" + (f" (did you mean {close[0]!r}?)" if close else "")
                                  ) from None
        if figure and kind in "iu":
            raw = series.to_numpy(dtype=np.float64 if kind == "u" else np.int64, na_value=0)
            large = raw > MAX_COUNT  # (an unsigned 2**63 or more is no int64: compared before it is one)
            values = np.where(large, 0, raw).astype(np.int64)
            rows = np.flatnonzero(missing | large)
            cells = np.full(len(rows), None, dtype=object)  # not stated, or too large (told so, with its value)
            if large.any():
                cells[large[rows]] = series.to_numpy(dtype=object)[rows[large[rows]]]
            columns[name] = FigureCells(values, rows, cells.tolist()) if len(rows) else values
        elif figure and kind == "f":
            raw = series.to_numpy(dtype=np.float64, na_value=np.nan)
            whole = np.isfinite(raw) & (raw == np.floor(raw)) & (raw >= 0) & (raw <= MAX_COUNT)
            values = np.where(whole, raw, 0).astype(np.int64)
            rows = np.flatnonzero(~whole)  # not stated, or not a count: read one by one, errors located
            columns[name] = FigureCells(values, rows, raw[rows].tolist()) if len(rows) else values
        elif not figure and kind == "M":  # dates and times: as ISO 8601, a date alone where every time is 0:00
            stamps = pd.to_datetime(series)
            dates = bool((stamps.dropna() == stamps.dropna().dt.normalize()).all())
            text = stamps.dt.strftime("%Y-%m-%d" if dates else "%Y-%m-%dT%H:%M")
            columns[name] = text.to_numpy(dtype=object, na_value=None)
        elif not figure and isinstance(series.dtype, pd.CategoricalDtype):  # text as codes already: kept so
            texts = tuple(c if isinstance(c, str) else str(c) for c in series.cat.categories)
            codes = series.cat.codes.to_numpy().astype(np.int32)
            columns[name] = Strings(codes, texts).mapped(lambda v: v.strip() or None)  # blanks as a reader's
        elif kind in "iuf" and not figure:
            columns[name] = _text_of_numbers(series, missing)
        else:
            columns[name] = series.to_numpy(dtype=object, na_value=None)
    if bad:
        raise CellErrors(bad[:MAX_ERRORS], max(len(bad) - MAX_ERRORS, 0))
    return columns, options
