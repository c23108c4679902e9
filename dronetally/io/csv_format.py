"""dronetally's CSV format: one row per report.  See README, "CSV".

Metadata columns by name; a figure column is ``node``, ``node.part`` (along
the node's default dimension) or ``node.dimension.part``, a literal dot in a
name written ``\\.``; ``complete`` lists the dimensions declared complete;
``quote.KEY`` holds the sentence a figure came from and ``meta.NAME`` any
other metadata.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import numpy as np

from dronetally.errors import InputError, InputErrors, SchemaError
from dronetally.io import _fastcsv
from dronetally.io._text import decode
from dronetally.ledger import Ledger
from dronetally.limits import MAX_CELL_CHARS, MAX_COLUMNS, quote
from dronetally.report import Report
from dronetally.schema import DEFAULT_SCHEMA, METADATA_FIELDS, Dimension, Schema, folded
from dronetally.table import MAX_ERRORS, CellErrors, FigureCells, Strings, Utf8Values

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.io.chunks import Body

META_COLUMNS = METADATA_FIELDS
REQUIRED = ("source",)


def records(text: str, first_line: int = 1) -> Iterable[tuple[int, list[str] | InputError]]:
    """(first line of the record, fields) of each non-blank record; a record
    the csv module cannot split comes as an InputError in place of its
    fields, and reading goes on after it.  ``text`` starts at ``first_line``."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = first_line
    while True:
        try:
            row: list[str] | InputError = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = f"not valid CSV: {exc}"
            if "field larger than field limit" in str(exc):  # the csv module's own limit, said in our words
                message = (f"a cell longer than {csv.field_size_limit():,} characters, past "
                           f"{MAX_CELL_CHARS:,} (dronetally.limits.MAX_CELL_CHARS)")
            row = InputError(message, line=start, column=1)
        if isinstance(row, InputError) or (row and any(cell.strip() for cell in row)):
            yield start, row
        start = first_line + reader.line_num


def delimiter_of(text: str) -> str:
    """The delimiter of CSV text, from its first line: a comma, unless that line
    has none and has semicolons (a spreadsheet's export where the comma is the
    decimal mark) or tabs (TSV)."""
    first = text.lstrip("\r\n").partition("\n")[0]
    if "," in first:
        return ","
    return ";" if ";" in first else "\t" if "\t" in first else ","


def with_commas(text: str, delimiter: str, name: str) -> str:
    """CSV text separated by ``delimiter`` written again with commas, record
    for record and line for line, so that every place keeps its line and column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            writer.writerow(row)
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", file=name, line=reader.line_num + 1, column=1) from None
    return out.getvalue()


def _fields(item: tuple[int, list[str] | InputError]) -> tuple[int, list[str]]:
    """A record's fields; the error, raised, where it has none (dronetally's
    own format stops at the first bad record)."""
    line, row = item
    if isinstance(row, InputError):
        raise row
    return line, row


def read_csv(text: str | None, name: str, schema: Schema | None = None, raw: bytes | None = None) -> Ledger:
    """Reports from dronetally CSV text (``raw``: the same as bytes, when the
    caller has them; text None: ``raw`` is ASCII, decoded only where the csv
    module must read it), read a column at a time.  On bad input, an
    :class:`~dronetally.errors.InputErrors` lists every bad row and cell (up
    to a limit), each located by line and column."""
    schema = schema or DEFAULT_SCHEMA
    if text is None and raw is not None and b"," not in raw[:raw.find(b"\n")]:
        text = raw.decode("ascii")  # a first line without commas: perhaps separated by something else
    if text is not None and (delimiter := delimiter_of(text)) != ",":
        text, raw = with_commas(text, delimiter, name), None
    if text is None:  # ASCII bytes, not decoded: a plain first line is all the header needs
        assert raw is not None
        end = raw.find(b"\n")
        first = raw[: end if end >= 0 else len(raw)].decode("ascii")
        if '"' in first or "\r" in first.rstrip("\r") or not first.strip(" \t,\r"):
            text = raw.decode("ascii")
        else:
            header, line, start = read_header(first, name, schema)
            fast = _read_plain("", raw, header, 2, schema, name, (), offset=end + 1 if end >= 0 else len(raw))
            return fast if fast is not None else read_records(raw[end + 1:].decode("ascii"), header, 2, schema, name)
    header, line, start = read_header(text, name, schema)
    if start is None:  # a header only the csv module can find: it reads the rows too
        return read_records(text, header, 1, schema, name, skip=1)
    if raw is not None and line == 1:  # the rows read from the bytes where they are, without a copy
        offset = raw.index(b"\n") + 1 if start < len(text) else len(raw)
        fast = _read_plain("", raw, header, 2, schema, name, (), offset=offset)
        return fast if fast is not None else read_records(text[start:], header, 2, schema, name)
    return read_rows(header, text[start:], line + 1, schema, name)


def read_header(text: str, name: str, schema: Schema) -> tuple[list[str], int, int | None]:
    """The header of CSV text, checked: (column names, its line, where the rows
    start in ``text``, or None where only the csv module can tell)."""
    if not text.strip():
        raise InputError("empty file: expected a CSV header and rows", file=name, line=1, column=1)
    end = text.find("\n")
    header_text = text[: end if end >= 0 else len(text)].rstrip("\r")
    if '"' in header_text or "\r" in header_text or not header_text.strip(" \t,"):
        # quoted, blank, or lines that end in \r alone: the csv module finds it
        first = next(iter(records(text)), None)
        if first is None:
            raise InputError("no header: every cell is blank", file=name, line=1, column=1)
        try:
            line, header = _fields(first)
        except InputError as exc:
            exc.file = name
            raise
        _checked_header(header, line, schema, name)
        return [h.strip() for h in header], line, None
    header = header_text.split(",")
    _checked_header(header, 1, schema, name)
    return [h.strip() for h in header], 1, end + 1 if end >= 0 else len(text)


def read_rows(
    names: list[str], text: str, first_line: int, schema: Schema, name: str, *,
    raw: bytes | None = None, keys: Iterable[str] = (),
) -> Ledger:
    """The rows of CSV text after its header (``text`` starts at ``first_line``;
    ``raw`` is the same as bytes, where the caller has them; ``keys`` the
    order of open parts so far).  Plain text is read in numpy, anything else
    with the csv module."""
    fast = _read_plain(text, raw, names, first_line, schema, name, keys)
    return fast if fast is not None else read_records(text, names, first_line, schema, name, keys)


def read_records(
    text: str, names: list[str], first_line: int, schema: Schema, name: str, keys: Iterable[str] = (),
    skip: int = 0,
) -> Ledger:
    """The csv module's way, for any CSV: quoted cells, ragged rows (each
    reported); the first ``skip`` records (a header) are left out."""
    bad: list[InputError] = []
    lines: list[int] = []
    data: list[list[str]] = []
    for line, row in itertools.islice(records(text, first_line), skip, None):
        if isinstance(row, InputError):  # a record the csv module cannot split
            row.file = name
            bad.append(row)
        elif len(row) != len(names):
            fields = f"{len(row)} field{'' if len(row) == 1 else 's'}"
            bad.append(InputError(f"row has {fields}, the header has {len(names)}", file=name, line=line, column=1))
        else:
            lines.append(line)
            data.append(row)
    cells = list(zip(*data, strict=True)) if data else [() for _ in names]
    columns = {head: [cell.strip() for cell in column] for head, column in zip(names, cells, strict=True)}
    return _ledger(columns, schema, name, np.array(lines, np.int64), names, keys, bad)


def _ledger(
    columns: dict[str, Any], schema: Schema, name: str, lines: npt.NDArray[np.int64], names: list[str],
    keys: Iterable[str], bad: list[InputError],
) -> Ledger:
    """The ledger of the columns, or every bad row and cell, located, as one InputErrors."""
    ledger: Ledger | None = None
    more = 0
    for head in names:  # text written for spreadsheets, read back as it was
        if head in META_COLUMNS or head.startswith(("meta.", "quote.")):
            columns[head] = _unguarded(columns[head])
    try:
        ledger = Ledger.from_columns(columns, schema=schema, file=name, line=lines, keys=keys)
    except CellErrors as exc:
        bad.extend(
            InputError(e.message, file=name, line=int(lines[e.row]), column=names.index(e.column) + 1,
                       field=e.column)
            for e in exc.errors
        )
        more = exc.more
    if bad:
        bad.sort(key=lambda e: (e.line or 0, e.column or 0))
        raise InputErrors(bad[:MAX_ERRORS], more + max(len(bad) - MAX_ERRORS, 0))
    assert ledger is not None
    return ledger


def _checked_header(header: list[str], line: int, schema: Schema, name: str) -> None:
    try:
        _columns(header, line, schema)
    except InputError as exc:
        for each in [exc, *getattr(exc, "errors", ())]:
            each.file = name
        raise


def _read_plain(
    text: str, raw: bytes | None, names: list[str], first_line: int, schema: Schema, name: str,
    keys: Iterable[str], offset: int = 0,
) -> Ledger | None:
    """The fast path (see :mod:`dronetally.io._fastcsv`) on ``raw[offset:]``
    (or ``text`` as bytes), or None where the text is not plain."""
    found = plain_columns(raw if raw is not None else text.encode("utf-8"), names, first_line, offset)
    return None if found is None else plain_ledger(found, names, schema, name, keys)


class Prepared(NamedTuple):
    """A chunk of CSV rows made ready on a reading thread (see :func:`prepared`)."""

    nbytes: int  # the length of the chunk
    first_line: int
    text: str | None  # the body decoded, where the fast path did not read it
    plain: PlainColumns | None  # its columns read by the fast path, or None where it is not plain


def prepared(chunk: tuple[Body, int], names: list[str], name: str, fast: bool = True) -> Prepared:
    """A chunk (its bytes, and the line it starts on) decoded and, with
    ``fast``, read by the fast path where it is plain: all a chunk's
    reading that depends on nothing read before, so that
    :func:`~dronetally.io.chunks.ahead` can do it on another thread."""
    body, first_line = chunk

    def decoded() -> str:
        try:
            return decode(body, name, start=False)  # (which refuses bad UTF-8 and NUL bytes, located)
        except InputError as exc:
            exc.line = (exc.line or 1) + first_line - 1
            raise

    # ASCII is text already: decoded only if the fast path declines (which it does where there is a NUL)
    ascii = body.isascii()
    text = None if ascii else decoded()
    plain = plain_columns(body, names, first_line, ascii=ascii) if fast else None
    if plain is None and text is None:
        text = decoded()
    return Prepared(len(body), first_line, text, plain)


def chunk_ledger(chunk: Prepared, names: list[str], schema: Schema, name: str, keys: Iterable[str]) -> Ledger:
    """The ledger of a prepared chunk (``keys`` the order of open parts so
    far): from the columns the fast path read, else by the csv module."""
    if chunk.plain is not None:
        return plain_ledger(chunk.plain, names, schema, name, keys)
    assert chunk.text is not None
    return read_records(chunk.text, names, chunk.first_line, schema, name, keys)


class PlainColumns(NamedTuple):
    """The cells of plain CSV rows, read by the fast path but not yet checked:
    metadata as :class:`~dronetally.table.Strings`, figures as integers (with
    the cells that are not plain integers as text), and each row's line."""

    columns: dict[str, Any]
    lines: npt.NDArray[np.int64]


def plain_columns(
    body: Body, names: list[str], first_line: int, offset: int = 0, *, ascii: bool | None = None,
) -> PlainColumns | None:
    """The columns of the plain CSV rows in ``body[offset:]`` (``names`` the
    header's), or None where the text is not plain.  This is the costly half
    of reading a chunk, and it depends on nothing read before: a reader may
    run it on another thread, ahead of :func:`plain_ledger`.  ``ascii``:
    whether ``body`` is ASCII, where the caller has looked already."""
    found = _fastcsv.fields(body, len(names), first_line, offset)
    if found is None or (not found.clean and body.find(b"\x00", offset) >= 0):
        return None  # (the fast path's fixed-width texts would drop a text's trailing NULs)
    # str.strip() takes more than spaces and tabs off a cell: where such bytes
    # are, the texts are looked at once more, and the csv path reads what differs
    odd = not (body.isascii() if ascii is None else ascii) or (not found.clean and any(
        body.find(c) >= 0 for c in (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x1f")))
    columns: dict[str, Any] = {}
    figures = []
    for col, head in enumerate(names):
        if head in META_COLUMNS or head in _DECLARATIONS or head.startswith(("meta.", "quote.")):
            columns[head] = found.strings(col)
            if odd and any(v != v.strip() for v in columns[head].values):
                return None
        else:
            figures.append(col)
            columns[head] = None  # (in the header's order)
    if figures:  # every figure column read at once
        values, plain = found.integers(figures)
        for k, col in enumerate(figures):
            rows = np.flatnonzero(~plain[:, k])
            column = np.ascontiguousarray(values[:, k])
            columns[names[col]] = FigureCells(column, rows, found.strings(col, rows)) if len(rows) else column
    return PlainColumns(columns, found.line)


def plain_ledger(found: PlainColumns, names: list[str], schema: Schema, name: str, keys: Iterable[str]) -> Ledger:
    """The ledger of columns :func:`plain_columns` read (``keys`` the order of
    open parts so far), or every bad cell, located, as one InputErrors."""
    return _ledger(dict(found.columns), schema, name, found.lines, names, keys, [])


def _columns(header: list[str], line: int, schema: Schema) -> list[str | None]:
    """For each column: the canonical figure key, or None for metadata.  Every
    bad column of the header is reported, in one :class:`InputErrors`."""
    out: list[str | None] = []
    seen: dict[str, int] = {}
    bad: list[InputError] = []
    if len(header) > MAX_COLUMNS:
        raise InputError(f"{len(header):,} columns; at most {MAX_COLUMNS:,} (dronetally.limits.MAX_COLUMNS)",
                         line=line, column=MAX_COLUMNS + 1)
    for col, raw in enumerate(header, 1):
        name = raw.strip()
        key = None
        try:
            if not name and col == 1:
                raise InputError("the first column has no name (pandas writes its index so: write the frame with "
                                 "df.to_csv(index=False), or read it with Ledger.from_pandas(df))")
            key = _column(name, schema)
            if name in seen:
                raise InputError(f"column {quote(name)} appears twice (columns {seen[name]} and {col})")
        except InputError as exc:
            exc.line, exc.column = line, col
            bad.append(exc)
        seen.setdefault(name, col)
        out.append(key)
    first: dict[str, int] = {}  # each figure's key without case (part names compare so): its first column
    for col, key in enumerate(out, 1):
        if key is not None and not bad:
            was = first.setdefault(folded(key), col)
            if was != col:
                alike = "" if out[was - 1] == key else "; part names compare without case"
                bad.append(InputError(f"columns {was} and {col} name the same figure {quote(out[was - 1])}{alike}",
                                      line=line, column=col))
    if not bad:  # else a required column is likely one of the bad ones, misspelt
        bad.extend(InputError(f"missing required column {quote(required)}", line=line, column=1)
                   for required in REQUIRED if required not in seen)
    if bad:
        raise InputErrors(bad)
    return out


def _column(name: str, schema: Schema) -> str | None:
    """A header cell's canonical figure key, or None for metadata; InputError if it is neither."""
    if name.startswith("quote."):
        try:
            schema.resolve(name[len("quote."):])
        except SchemaError as exc:
            raise InputError(f"column {quote(name)} quotes no figure the schema has: {exc}") from None
    if name in META_COLUMNS or name in _DECLARATIONS or name.startswith(("meta.", "quote.")):
        return None
    if not name:
        raise InputError("a column has no name")
    if (dimension := _dimension_meant(name, schema, exactly=True)) is not None:  # not a part named "region"
        raise InputError(_dimension_message(name, dimension))
    try:
        return schema.resolve(name)
    except SchemaError as exc:
        separated = next((s for s in (";", "\t", "|") if s in name), None)
        if separated == "|":
            hint = f" (is the file separated by {quote(separated)}? dronetally CSV is separated by commas)"
        elif separated:  # a header with a comma as well: read as separated by commas
            hint = (f" (is the file separated by {quote(separated)}? its header has a comma too, so it is read as "
                    "separated by commas)")
        elif (close := _close_column(name, schema)) is not None:
            raise InputError(f"unknown column {quote(name)}; did you mean {quote(close)}?") from None
        elif (dimension := _dimension_meant(name, schema)) is not None:
            raise InputError(_dimension_message(name, dimension)) from None
        else:
            hint = ""
        why = str(exc).removeprefix(f"{quote(name)}: ")  # the column's name is said once
        raise InputError(
            f"unknown column {quote(name)}{hint}: {why}. Metadata columns are {', '.join(META_COLUMNS)}, "
            "complete; figure columns are node, node.part or node.dimension.part (declare others with --schema)"
        ) from None


def _dimension_meant(name: str, schema: Schema, *, exactly: bool = False) -> Dimension | None:
    """The dimension a header ``node.dimension`` (misspelt, unless ``exactly``) names, as if it were a figure."""
    node, _, rest = name.partition(".")
    spec = schema.nodes.get(node)
    if spec is None or not rest or "." in rest:
        return None
    dims = {d.name: d for d in spec.dimensions}
    close = [rest] if rest in dims else [] if exactly else difflib.get_close_matches(rest, list(dims), n=1, cutoff=0.75)
    return dims[close[0]] if close else None


def _dimension_message(name: str, dimension: Dimension) -> str:
    parts = ", ".join(dimension.parts or ()) or f"{dimension.key}.NAME for each"
    return (f"unknown column {quote(name)}: {dimension.key} is a dimension, not a figure; its parts are the "
            f"columns ({parts}), and the complete column names {dimension.key} in a row that gives all of them")


def _close_column(name: str, schema: Schema) -> str | None:
    """The column a misspelt header most likely meant: its node (or metadata
    name) and dimension each replaced by the nearest known one, if that reads."""
    pieces = name.split(".")
    known = [*schema.nodes, *META_COLUMNS, *_DECLARATIONS]
    if pieces[0] not in known:
        pieces[0] = next(iter(difflib.get_close_matches(pieces[0], known, n=1, cutoff=0.75)), "")
    spec = schema.nodes.get(pieces[0])
    if len(pieces) == 3 and spec is not None and spec.dimension(pieces[1]) is None:
        dims = [d.name for d in spec.dimensions]
        pieces[1] = next(iter(difflib.get_close_matches(pieces[1], dims, n=1, cutoff=0.75)), "")
    candidate = ".".join(pieces)
    if candidate == name or not all(pieces[:2]):
        return None
    try:
        _column(candidate, schema)
    except InputError:
        return None
    return candidate


#: Columns that declare something of each report: the dimensions it gives
#: complete, and those whose parts may overlap (with the schema's loose ones,
#: which dumps writes on every row).
_DECLARATIONS = ("complete", "overlapping")

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")


def guard(cell: str) -> str:
    """A text cell as a spreadsheet must show it: with ``'`` before a first
    character that would start a formula (``=cmd|...``), and before a ``'``
    that comes before one (so that :func:`unguard` takes exactly one away)."""
    if cell[:1] in FORMULA_STARTS or (cell[:1] == "'" and cell[1:2] and (cell[1] in FORMULA_STARTS or cell[1] == "'")):
        return "'" + cell
    return cell


_GUARDED_FIRST = FORMULA_STARTS | {"'"}


def write_rows(out: IO[str], rows: Iterable[Sequence[object]], *, spreadsheet: bool = True) -> None:
    """CSV rows to ``out``: None as an empty cell, text :func:`guard`-ed
    where ``spreadsheet``, and a cell with a carriage return quoted (the csv
    module quotes only the line terminator's characters)."""
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        cells = [
            "" if v is None else (guard(v) if spreadsheet and v[:1] in _GUARDED_FIRST else v) if isinstance(v, str)
            else v
            for v in row
        ]
        if any(isinstance(v, str) and "\r" in v for v in cells):
            out.write(",".join(_quoted(v) for v in cells) + "\n")
        else:
            writer.writerow(cells)


def _quoted(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def unguard(cell: str) -> str:
    """The text :func:`guard` was given."""
    if cell[:1] == "'" and cell[1:2] and (cell[1] in FORMULA_STARTS or cell[1] == "'"):
        return cell[1:]
    return cell


def _unguarded(column: Any) -> Any:
    """A text column with :func:`unguard` applied to each value (a column of
    codes is rebuilt only where some value starts with ``'``)."""
    if isinstance(column, Strings):
        values = column.values
        if isinstance(values, Utf8Values):  # the first byte of each, in numpy: an id column makes no strings
            raw = values.raw
            if not len(raw) or not (raw.view(np.uint8).reshape(len(raw), -1)[:, 0] == ord("'")).any():
                return column
        elif not any(v is not None and v[:1] == "'" for v in values):
            return column
        return column.mapped(lambda v: unguard(v) if v is not None else None)  # once per distinct value
    return [unguard(v) for v in column]


def _cell(report: Report, key: str) -> str:
    if key in report.named:
        return "?"
    fig = report.figures.get(key)
    return "" if fig is None else str(fig)


def write_csv(reports: Iterable[Report], *, spreadsheet: bool = True) -> str:
    """Reports as dronetally CSV: metadata columns that any report uses, then
    every figure column in tree order, then ``complete``.  ``spreadsheet``:
    text cells are :func:`guard`-ed, which this reader undoes."""
    reports = list(reports)
    meta = [m for m in META_COLUMNS if m == "source" or any(getattr(r, m) is not None for r in reports)]
    schema = reports[0].schema if reports else DEFAULT_SCHEMA
    used = {k for r in reports for k in (*r.figures, *r.named)}
    keys = [k for k in Ledger(reports, schema).keys if k in used] if reports else []
    quoted = [k for k in keys if any(k in r.quotes for r in reports)]
    # a quote may stand for a node the report gives no figure: it is kept too
    quoted += [k for k in dict.fromkeys(k for r in reports for k in r.quotes) if k not in quoted]
    extra = sorted({name for r in reports for name in r.metadata})
    out = io.StringIO()
    loose = {d.key for d in schema.dimensions() if d.overlapping}  # the schema's, written on every row

    def overlapping(r: Report) -> str:
        return " ".join(sorted(loose | r.overlapping))

    declared = ["overlapping"] if loose or any(r.overlapping for r in reports) else []
    header = [*meta, *keys, "complete", *declared, *(f"quote.{k}" for k in quoted), *(f"meta.{m}" for m in extra)]
    write_rows(out, [header], spreadsheet=False)
    write_rows(out, ([
        *(getattr(r, m) or "" for m in meta),
        *(_cell(r, k) for k in keys),
        " ".join(sorted(r.complete)),
        *([overlapping(r)] if declared else []),
        *(r.quotes.get(k, "") for k in quoted),
        *(r.metadata.get(m, "") for m in extra),
    ] for r in reports), spreadsheet=spreadsheet)
    return out.getvalue()
