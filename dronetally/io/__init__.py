"""Reading and writing reports: dronetally's JSON and CSV formats.

:func:`load` reads a file, :func:`loads` text or bytes; both return a
:class:`~dronetally.ledger.Ledger` and raise :class:`~dronetally.errors.InputError`
with file, line and column on bad input.  Input is only ever read.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from dronetally.appending import Appender, give_back_memory
from dronetally.errors import DronetallyError, InputError, InputErrors, SchemaError
from dronetally.io import csv_format
from dronetally.io._text import decode
from dronetally.io.af_daily import classes_beside, is_af_daily, read_af_daily
from dronetally.io.chunks import ahead, chunks
from dronetally.limits import MAX_INPUT_BYTES

__all__ = [
    "FORMATS", "SEED_NAME", "decode", "dumps", "format_of", "load", "load_schema", "load_seed", "loads",
    "read_bytes", "read_whole", "seed_article_bytes", "seed_bytes", "sniff",
]
from dronetally.io.csv_format import read_csv, write_csv
from dronetally.io.json_format import is_json_lines, read_json, read_json_lines, write_json
from dronetally.ledger import Ledger
from dronetally.report import Report
from dronetally.schema import DEFAULT_SCHEMA, Schema
from dronetally.table import MAX_ERRORS, CellErrors, met

#: Formats dronetally reads; it writes its own two, json and csv.
FORMATS = ("json", "jsonl", "csv", "af-daily")
_WRITERS = {"json": write_json, "csv": write_csv}

#: How the bundled seed reports are named in messages and findings.
SEED_NAME = "seeds/reports.json"
#: The article the seed reports were read from, as ``tally extract`` names it.
SEED_ARTICLE = "seeds/000_8bf01895eb6a57fd.txt"


def sniff(text: str) -> str:
    """The format of text: JSON if it opens with ``[`` or ``{`` or is one JSON
    number or literal (``42``, ``null``: the JSON reader says what it expected),
    the Air Force dataset if it opens with its header, else dronetally CSV."""
    if text.lstrip()[:1] in ("[", "{") or is_json_scalar(text):
        return "json"
    return "af-daily" if is_af_daily(text) else "csv"


def is_json_scalar(text: str) -> bool:
    """Whether text is one JSON number, true, false or null, and no more.
    (A JSON string is also a CSV header of one quoted column: CSV it stays.)"""
    import json

    s = text.strip()
    if not s or len(s) > 100 or s[0] == '"':
        return False
    try:
        return not isinstance(json.loads(s), (list, dict))
    except ValueError:
        return False


def format_of(name: str) -> str | None:
    """The format a file name's extension gives (json, jsonl for .jsonl or .ndjson, csv), or None."""
    ext = Path(name).suffix.lower().lstrip(".")
    return "jsonl" if ext in ("jsonl", "ndjson") else ext if ext in _WRITERS else None


def loads(
    data: str | bytes,
    format: str | None = None,
    *,
    name: str = "<string>",
    schema: Schema | None = None,
    weapon_classes: Mapping[str, str] | None = None,
) -> Ledger:
    """Reports from text or bytes; ``format`` None recognises it from the
    content.  ``weapon_classes`` (model to class) is for the Air Force dataset."""
    if format is not None and format not in FORMATS:
        raise ValueError(f"format={format!r} is not one of {', '.join(FORMATS)}")
    if isinstance(data, bytes) and format in (None, "csv") and data.isascii() and b"\x00" not in data:
        # ASCII is UTF-8 already: a CSV file is read from its bytes, and decoded only if it must be
        head = data[:4096].decode("ascii")
        fmt = format or (sniff(head) if head.strip() else sniff(data.decode("ascii")))
        if fmt == "csv":
            return read_csv(None, name, schema, raw=data)
    text = decode(data, name) if isinstance(data, bytes) else data
    fmt = format or sniff(text)
    if fmt == "af-daily":
        if schema is not None:
            raise InputError("a schema does not apply to the Air Force dataset, whose columns are fixed",
                             file=name)
        return read_af_daily(text, name, weapon_classes)
    if fmt == "csv":
        return read_csv(text, name, schema, raw=data if isinstance(data, bytes) else None)
    if fmt == "jsonl" or (fmt == "json" and is_json_lines(text)):
        reports = read_json_lines(text, name, schema)
    else:
        reports = read_json(text, name, schema)
    try:
        return Ledger(reports, reports[0].schema if reports else schema)
    except CellErrors as exc:  # a value the table refuses (a text past MAX_CELL_CHARS): at its report's line
        where = [r.location.line if r.location is not None else None for r in reports]
        raise InputErrors([InputError(e.message, file=name, line=where[e.row], field=e.column) for e in exc.errors],
                          exc.more) from None


def read_bytes(path: str | os.PathLike[str], name: str | None = None, what: str = "a file of reports") -> bytes:
    """The bytes of a file (``what`` it should be, for messages), with a
    located InputError for every way that fails."""
    name = name if name is not None else os.fspath(path)
    with open_binary(path, name, what) as fh:
        return read_whole(fh, name)


def read_whole(fh: IO[bytes], name: str, head: bytes = b"", limit: int = MAX_INPUT_BYTES) -> bytes:
    """All of ``fh`` (after ``head``, read already), a block at a time, so
    that Ctrl-C stops it: InputError past ``limit`` bytes, and at the first
    NUL byte (a binary file, or a device such as /dev/zero), located."""
    regular = False
    with contextlib.suppress(OSError, ValueError, AttributeError):
        info = os.fstat(fh.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size + len(head) > limit:
            raise InputError(_too_large(info.st_size + len(head), limit), file=name)
    if regular:  # a file of known size, under the limit: one read, no copy to join
        data = head + fh.read(limit + 1 - len(head)) if head else fh.read(limit + 1)
        if len(data) > limit:
            raise InputError(_too_large(len(data), limit, at_least=True), file=name)
        nul = data.find(b"\x00")
        if nul >= 0:
            decode(data[: nul + 1], name)
        return data
    blocks, total = [head], len(head)
    block = head
    while True:
        nul = block.find(b"\x00")
        if nul >= 0:  # decode() says where, from the bytes up to it
            decode(b"".join(blocks)[: total - len(block) + nul + 1], name)
        block = fh.read(1 << 20)
        if not block:
            return b"".join(blocks)
        total += len(block)
        if total > limit:
            raise InputError(_too_large(total, limit, at_least=True), file=name)
        blocks.append(block)


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    return (f"{'more than ' if at_least else ''}{size:,} bytes: inputs read whole are limited to {limit:,} "
            f"(dronetally.limits.MAX_INPUT_BYTES); tally check streams dronetally CSV of any size")


@contextlib.contextmanager
def open_binary(
    path: str | os.PathLike[str], name: str | None = None, what: str = "a file of reports",
) -> Iterator[IO[bytes]]:
    """A file opened for reading bytes, with a located InputError for every way opening fails."""
    name = name if name is not None else os.fspath(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not {what}", file=name) from None
    except PermissionError:
        raise InputError("permission denied", file=name) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), file=name) from None
    with fh:
        yield fh


def load(
    path: str | os.PathLike[str], format: str | None = None, *, schema: Schema | None = None
) -> Ledger:
    """Reports from a file.  ``format`` None takes it from the header (the Air
    Force dataset's), else the extension, else the content.  For the Air
    Force dataset, weapon classes come from ``missiles_and_uavs.csv`` beside it.

    dronetally CSV in a regular file is read :data:`LOAD_BYTES` bytes at a
    time into columns made once for the whole file, so that what reading
    holds beyond the ledger is a few chunks (the next one is read on other
    threads while this one is appended); the file's size is not limited."""
    name = os.fspath(path)
    with open_binary(path, name) as fh:
        head = fh.readline(1 << 20)
        if format is None:
            text = head[:200].decode("utf-8", "replace")
            format = "af-daily" if is_af_daily(text) else format_of(name) or (sniff(text) if text.strip() else None)
        if format == "csv" and plain_header(head) and stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            ledger = _load_csv(fh, head, name, schema)
            ledger.files = (name,)
            give_back_memory()  # the heap that reading's chunks left: not the ledger's to keep
            return ledger
        data = read_whole(fh, name, head)
    files = [name]
    classes = None
    if format == "af-daily":
        classes = classes_beside(path)
        if classes:
            files.append(os.fspath(Path(path).with_name("missiles_and_uavs.csv")))
    ledger = loads(data, format, name=name, schema=schema, weapon_classes=classes)
    ledger.files = tuple(files)
    return ledger


#: Bytes a chunk (about) when :func:`load` reads dronetally CSV; rows a chunk where it has quotes.
LOAD_BYTES = 1 << 21
LOAD_ROWS = 1 << 14


def plain_header(head: bytes) -> bool:
    """A header line the chunked reader takes: ended, unquoted, not blank, no
    lone carriage return, and separated by commas."""
    return (head.endswith(b"\n") and b'"' not in head and bool(head.strip()) and b"\r" not in head.rstrip(b"\r\n")
            and csv_format.delimiter_of(head.decode("utf-8", "replace")) == ",")


def _load_csv(fh: IO[bytes], head: bytes, name: str, schema: Schema | None) -> Ledger:
    """The rest of ``fh`` after its header line ``head``, read in chunks into one ledger."""
    schema = schema or DEFAULT_SCHEMA
    header, _, _ = csv_format.read_header(decode(head, name), name, schema)
    rest = os.fstat(fh.fileno()).st_size - fh.tell()  # bytes after the header
    appender: Appender | None = None
    order: dict[str, None] = {}  # open parts in the order the rows meet them
    errors: list[InputError] = []
    more = 0
    for prepared in ahead(chunks(fh, LOAD_ROWS, None, len(head), name, size=LOAD_BYTES),
                          lambda piece: csv_format.prepared(piece, header, name)):
        try:
            chunk = csv_format.chunk_ledger(prepared, header, schema, name, order)
        except InputErrors as exc:  # every bad cell of the file, not only the first chunk's
            errors.extend(exc.errors)
            more += exc.more
            continue
        if not errors:
            if appender is None:  # room for the rows the file has if its lines are as long as the first chunk's
                appender = Appender(schema, len(chunk) * rest // max(prepared.nbytes, 1) * 11 // 10 + 1024)
            order.update(dict.fromkeys(met(chunk, order)))
            appender.add(chunk)
        del prepared, chunk  # (not kept while the next is read and waited for)
    if errors:
        errors.sort(key=lambda e: (e.line or 0, e.column or 0))
        raise InputErrors(errors[:MAX_ERRORS], more + max(len(errors) - MAX_ERRORS, 0))
    # the header's columns that no row meets come last, in the header's order, as read whole
    appender = appender or Appender(schema, 0)
    appender.add(csv_format.read_rows(header, "", 2, schema, name, keys=order))
    ledger = appender.table(Ledger, order)
    ledger.rows_read = appender.rows_read
    return ledger


def dumps(reports: Iterable[Report], format: str = "json", *, spreadsheet: bool = True) -> str:
    """Reports as dronetally JSON or CSV text, which :func:`loads` reads back.
    In CSV, a text cell that a spreadsheet would run as a formula (``=``,
    ``+``, ``-``, ``@``, tab or carriage return first) gets a ``'`` before
    it, which :func:`loads` takes away again; ``spreadsheet=False`` writes
    cells as they are, for programs that read CSV without that rule (read
    back by :func:`loads`, a ``'`` before such a character is taken for the
    guard: ``'=x`` comes back ``=x``)."""
    if format not in _WRITERS:
        raise ValueError(f"format={format!r} is not one of {', '.join(_WRITERS)}")
    if format == "csv":
        return write_csv(reports, spreadsheet=spreadsheet)
    return _WRITERS[format](reports)


def _seed_file(name: str) -> bytes:
    """A file of the seed (``seeds/NAME``): package data in an installed copy, the checkout's when run from source."""
    from importlib import resources

    bundled = resources.files("dronetally") / "_seeds" / name
    if bundled.is_file():
        return bundled.read_bytes()
    return (Path(__file__).resolve().parents[2] / "seeds" / name).read_bytes()


def seed_article_bytes() -> bytes:
    """The bundled seed article's text (``tally extract`` with no FILE reads it)."""
    return _seed_file(Path(SEED_ARTICLE).name)


def seed_bytes() -> bytes:
    """The bundled seed reports."""
    return _seed_file("reports.json")


def load_seed() -> Ledger:
    """The two reports of the seed article (README, "The seed")."""
    return loads(seed_bytes(), "json", name=SEED_NAME)


def load_schema(path: str | os.PathLike[str]) -> Schema:
    """A schema from its JSON file (README, "Schemas"); InputError, located, if it is bad."""
    from dronetally.io.json_format import locate, parse

    name = os.fspath(path)
    text = decode(read_bytes(path, what="a schema file"), name)
    doc = parse(text, name)  # the rules of report files: no duplicate keys, nesting, numbers, halves of pairs
    try:
        return Schema.from_dict(doc)
    except SchemaError as exc:
        line, column = locate(text, exc.path)
        raise InputError(f"bad schema: {exc}", file=name, line=line, column=column) from None
    except DronetallyError as exc:
        raise InputError(f"bad schema: {exc}", file=name) from None
