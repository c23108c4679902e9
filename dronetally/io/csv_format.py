"""dronetally's CSV format: one row per report.  See README, "CSV".

Metadata columns by name; a figure column is ``node``, ``node.part`` (along
the node's default dimension) or ``node.dimension.part``, a literal dot in a
name written ``\\.``; ``complete`` lists the dimensions declared complete;
``quote.KEY`` holds the sentence a figure came from and ``meta.NAME`` any
other metadata.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from dronetally.count import Count
from dronetally.errors import CountError, InputError, SchemaError
from dronetally.report import Location, Report, check_date
from dronetally.schema import DEFAULT_SCHEMA, METADATA_FIELDS, Schema

META_COLUMNS = METADATA_FIELDS
REQUIRED = ("source",)
_SPLIT = re.compile(r"[\s;,]+")


def records(text: str) -> Iterable[tuple[int, list[str] | InputError]]:
    """(first line of the record, fields) of each non-blank record; a record
    the csv module cannot split comes as an InputError in place of its
    fields, and reading goes on after it."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            row: list[str] | InputError = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = InputError(f"not valid CSV: {exc}", line=start, column=1)
        if isinstance(row, InputError) or (row and any(cell.strip() for cell in row)):
            yield start, row
        start = reader.line_num + 1


def _fields(item: tuple[int, list[str] | InputError]) -> tuple[int, list[str]]:
    """A record's fields; the error, raised, where it has none (dronetally's
    own format stops at the first bad record)."""
    line, row = item
    if isinstance(row, InputError):
        raise row
    return line, row


def read_csv(text: str, name: str, schema: Schema | None = None) -> list[Report]:
    """Reports from dronetally CSV text; InputError, located, on bad input."""
    schema = schema or DEFAULT_SCHEMA
    if not text.strip():
        raise InputError("empty file: expected a CSV header and rows", file=name, line=1, column=1)
    try:
        rows = iter(records(text))
        first = next(rows, None)
        if first is None:
            raise InputError("no header: every cell is blank", line=1, column=1)
        header_line, header = _fields(first)
        reports = []
        columns = _columns(header, header_line, schema)
        for item in rows:
            line, row = _fields(item)
            reports.append(_report(row, line, header, columns, schema, name))
    except InputError as exc:
        exc.file = name
        raise
    return reports


def _columns(header: list[str], line: int, schema: Schema) -> list[str | None]:
    """For each column: the canonical figure key, or None for metadata."""
    out: list[str | None] = []
    seen: dict[str, int] = {}
    for col, raw in enumerate(header, 1):
        name = raw.strip()
        if name in seen:
            raise InputError(f"column {name!r} appears twice (columns {seen[name]} and {col})", line=line, column=col)
        seen[name] = col
        if name.startswith("quote."):
            try:
                schema.resolve(name[len("quote."):])
            except SchemaError as exc:
                raise InputError(f"column {name!r} quotes no figure the schema has: {exc}",
                                 line=line, column=col) from None
        if name in META_COLUMNS or name == "complete" or name.startswith(("meta.", "quote.")):
            out.append(None)
            continue
        if not name:
            raise InputError("a column has no name", line=line, column=col)
        try:
            out.append(schema.resolve(name))
        except SchemaError as exc:
            separated = next((s for s in (";", "\t", "|") if s in name), None)
            hint = (f" (is the file separated by {separated!r}? dronetally CSV is separated by commas)"
                    if separated else "")
            raise InputError(
                f"unknown column {name!r}{hint}: {exc}. Metadata columns are {', '.join(META_COLUMNS)}, "
                "complete; figure columns are node, node.part or node.dimension.part (declare others with --schema)",
                line=line, column=col,
            ) from None
    keys = [k for k in out if k is not None]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise InputError(f"two columns name the same figure {dup!r}", line=line, column=out.index(dup) + 1)
    for required in REQUIRED:
        if required not in seen:
            raise InputError(f"missing required column {required!r}", line=line, column=1)
    return out


def _report(
    row: list[str], line: int, header: list[str], columns: list[str | None], schema: Schema, name: str
) -> Report:
    if len(row) != len(header):
        raise InputError(f"row has {len(row)} fields, the header has {len(header)}", line=line, column=1)
    meta: dict[str, str | None] = {}
    figures: dict[str, Count] = {}
    named: set[str] = set()
    complete: set[str] = set()
    quotes: dict[str, str] = {}
    extra: dict[str, str] = {}
    for col, (head, key, cell) in enumerate(zip(header, columns, row, strict=True), 1):
        head = head.strip()
        value = cell.strip()
        try:
            if key is None:
                if head == "complete":
                    for dim in filter(None, _SPLIT.split(value)):
                        complete.add(schema.dimension(dim).key)
                elif head.startswith("quote."):
                    if value:
                        quotes[schema.resolve(head[len("quote."):])] = value
                elif head.startswith("meta."):
                    if value:
                        extra[head[len("meta."):]] = value
                else:
                    meta[head] = value or None
                    if head in ("window_start", "window_end", "published"):
                        check_date(value or None, head)
            elif value == "?":
                named.add(key)
            elif value:
                figures[key] = Count.parse(value)
        except (CountError, SchemaError) as exc:
            raise InputError(str(exc), line=line, column=col, field=head) from None
    if not meta.get("source"):
        column = [h.strip() for h in header].index("source") + 1
        raise InputError("source is empty: who makes the statement?", line=line, column=column, field="source")
    source = meta.pop("source")
    assert source is not None
    try:
        return Report(
            source=source, figures=figures, named=frozenset(named), complete=frozenset(complete),
            quotes=quotes, metadata=extra, location=Location(name, line), schema=schema, **meta,
        )
    except SchemaError as exc:
        raise InputError(str(exc), line=line, column=1) from None


def _cell(report: Report, key: str) -> str:
    if key in report.named:
        return "?"
    fig = report.figures.get(key)
    return "" if fig is None else str(fig)


def write_csv(reports: Iterable[Report]) -> str:
    """Reports as dronetally CSV: metadata columns that any report uses, then
    every figure column in tree order, then ``complete``."""
    reports = list(reports)
    meta = [m for m in META_COLUMNS if m == "source" or any(getattr(r, m) is not None for r in reports)]
    schema = reports[0].schema if reports else DEFAULT_SCHEMA
    used = {k for r in reports for k in (*r.figures, *r.named)}
    from dronetally.ledger import Ledger

    keys = [k for k in Ledger(reports, schema).keys if k in used] if reports else []
    quoted = [k for k in keys if any(k in r.quotes for r in reports)]
    extra = sorted({name for r in reports for name in r.metadata})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([
        *meta, *keys, "complete", *(f"quote.{k}" for k in quoted), *(f"meta.{m}" for m in extra)
    ])
    for r in reports:
        writer.writerow([
            *(getattr(r, m) or "" for m in meta),
            *(_cell(r, k) for k in keys),
            " ".join(sorted(r.complete)),
            *(r.quotes.get(k, "") for k in quoted),
            *(r.metadata.get(m, "") for m in extra),
        ])
    return out.getvalue()
