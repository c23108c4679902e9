"""Checking a file in chunks: memory that does not grow with the file.

:func:`check_file` reads dronetally CSV (and the Air Force dataset) a chunk
of rows at a time, checks each chunk as a ledger of its own, and yields its
findings; the rules across reports see earlier chunks through a small index
(:class:`~dronetally.across.Index`), and open parts keep one order for the
whole file, so the findings are those of the whole file read at once, in the
same order.  JSON is read whole: it is one chunk.

Each chunk's :class:`~dronetally.findings.Findings` keeps its ledger and the
engine's state alive for as long as the caller holds it (so that messages
can be written when asked): drop it before taking the next, and a run holds
one chunk at a time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from dronetally import rules
from dronetally.across import Index
from dronetally.errors import InputError, InputErrors
from dronetally.findings import Findings, Severity, summary_text
from dronetally.io import af_daily, csv_format, is_json_scalar, loads, open_binary, plain_header, read_whole
from dronetally.io._text import decode
from dronetally.io.chunks import ahead, chunks
from dronetally.ledger import Ledger
from dronetally.schema import DEFAULT_SCHEMA, Schema, Spelling
from dronetally.table import MAX_ERRORS, count_filter_values, met

#: Rows per chunk unless asked otherwise.
CHUNK_ROWS = 200_000
_ADDITIVE = ("rows", "reports", "unreadable_rows", "bad_cells", "balanced", "positive_remainder",
             "possible_remainder", "over_accounted", "other_errors", "warnings", "not_compared")


class Run:
    """One check of one input, chunk by chunk: iterate for each chunk's
    findings; afterwards :attr:`overview`, :meth:`counts` and
    :attr:`reports` cover the whole input.  Bad input in dronetally's own
    formats is collected from every chunk and raised at the end, as one
    :class:`~dronetally.errors.InputErrors`."""

    def __init__(
        self, path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *, format: str | None = None,
        schema: Schema | None = None,
        chunk_rows: int = CHUNK_ROWS, across: bool = True, name: str | None = None,
        progress: Callable[[int], Any] | None = None, data: bytes | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> None:
        if chunk_rows < 1:
            raise ValueError(f"chunk_rows={chunk_rows!r} must be 1 or more")
        #: the inputs, read one after another as one input (reports numbered on, compared across them)
        self.paths = [os.fspath(p) for p in ([path] if isinstance(path, (str, os.PathLike)) else path)]
        if not self.paths:
            raise ValueError("no input to check")
        self._name = name
        self.path = self.paths[0]
        self.name = name or ("<stdin>" if self.path == "-" else self.path)
        self.format = format
        self.schema = schema
        self.chunk_rows = chunk_rows
        self.across = across
        self.progress = progress
        self.index = Index()
        self.overview: dict[str, Any] = {}
        self.reports = 0
        self._counts = {"error": 0, "warning": 0, "info": 0}
        self._errors: list[InputError] = []
        self._more_errors = 0
        self.files: tuple[str, ...] = ()
        self.data = data  # the input itself, when it is not read from path
        self.where = {k: v for k, v in (where or {}).items() if v is not None}  # filters: Ledger.where's arguments
        #: per metadata field, how many reports (before the filters) had each value
        self.values: dict[str, dict[str, int]] = {}

    # -- what the whole run found ------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Findings per severity over the whole input, worst first."""
        return dict(self._counts)

    def fails(self, fail_on: str = "error") -> bool:
        """Whether any finding of the whole input reaches ``fail_on`` (``never`` never fails)."""
        return fail_on != "never" and any(
            n for severity, n in self._counts.items() if Severity(severity).rank >= Severity(fail_on).rank)

    def summary(self) -> str:
        """``"2 reports: 0 errors, 0 warnings, 3 notes"`` for the whole input."""
        return summary_text(self.reports, self._counts)

    def _add(self, found: Findings) -> None:
        self.reports += found.reports
        for severity, n in found.counts().items():
            self._counts[severity] += n
        total = self.overview
        for key, value in found.overview.items():
            if key in _ADDITIVE:
                total[key] = total.get(key, 0) + value
            elif isinstance(value, dict):
                into = total.setdefault(key, {})
                for k, v in value.items():
                    into[k] = into.get(k, 0) + v
        by_dimension = total.get("positive_remainder_by_dimension", {})
        total["positive_remainder_by_dimension"] = dict(sorted(by_dimension.items()))
        if not self.across:
            total["across_skipped"] = True

    # -- the chunks -------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Findings]:
        for ledger in self._ledgers():
            found = rules.check(ledger, problems=ledger._problems, index=self.index,
                                rules=rules.CHECKS if self.across else rules.WITHIN)
            self._add(found)
            yield found
        if not self.overview and not self._errors:  # no row at all: the overview of nothing, all zeros
            self._add(rules.check(Ledger.from_columns({"source": []}, schema=self.schema), rules=rules.WITHIN))
        if self._errors:
            self._errors.sort(key=lambda e: (e.line or 0, e.column or 0))
            more = self._more_errors + max(len(self._errors) - MAX_ERRORS, 0)
            raise InputErrors(self._errors[:MAX_ERRORS], more)

    def _ledgers(self) -> Iterator[Ledger]:
        spelt = Spelling()  # part names compare without case: each key as the run first met it
        for ledger in self._read():
            if [spelt(k) for k in ledger.keys] != list(ledger.keys):  # a part spelt otherwise before
                ledger = Ledger.concat([ledger], spelling=spelt)
            if self.where:
                count_filter_values(ledger, self.values)
                ledger = ledger.where(**self.where)
            yield ledger

    def _read(self) -> Iterator[Ledger]:
        if self.data is not None:
            yield self._whole(self.data, self.format)
            return
        files: list[str] = []
        for path in self.paths:
            self.path, self.files = path, ()
            self.name = self._name if self._name and len(self.paths) == 1 else "<stdin>" if path == "-" else path
            yield from self._read_one()
            files.extend(self.files)
        self.files = tuple(dict.fromkeys(files))

    def _read_one(self) -> Iterator[Ledger]:
        with _open(self.path, self.name) as fh:
            head = fh.readline(1 << 20)
            fmt = self.format or _format_of(head, self.path)
            if fmt in ("json", "jsonl") or not plain_header(head):  # quotes, lone returns, ; or tabs: whole
                yield self._whole(read_whole(fh, self.name, head), fmt)
                return
            header_text = decode(head, self.name)
            if fmt == "af-daily":
                classes = af_daily.classes_beside(self.path) if self.path != "-" else {}
                if classes:
                    self.files = (self.path, os.fspath(Path(self.path).with_name("missiles_and_uavs.csv")))
                header, _ = af_daily.read_header(next(iter(csv_format.records(header_text)), None), self.name)
            else:
                schema = self.schema = self.schema or DEFAULT_SCHEMA
                header, _, _ = csv_format.read_header(header_text, self.name, schema)  # plain: on line 1
            order: dict[str, None] = {}
            pieces = chunks(fh, self.chunk_rows, self.progress, len(head), self.name)
            fast = fmt != "af-daily"  # the Air Force reader has no fast path
            # one chunk read ahead while this one is checked: checking takes longer than reading
            prepared = ahead(pieces, lambda p: csv_format.prepared(p, header, self.name, fast), most=1)
            for chunk in prepared:
                try:
                    if fmt == "af-daily":
                        assert chunk.text is not None
                        ledger = af_daily.read_rows(header, csv_format.records(chunk.text, chunk.first_line),
                                                    self.name, classes, keys=order)
                    else:
                        ledger = csv_format.chunk_ledger(chunk, header, schema, self.name, order)
                except InputErrors as exc:
                    self._errors.extend(exc.errors)
                    self._more_errors += exc.more
                    if len(self._errors) > MAX_ERRORS:  # chunks come in file order: later ones only count
                        self._errors.sort(key=lambda e: (e.line or 0, e.column or 0))
                        self._more_errors += len(self._errors) - MAX_ERRORS
                        del self._errors[MAX_ERRORS:]
                    continue
                if self._errors:
                    continue  # the output is void already: read on only for the other bad cells
                order.update(dict.fromkeys(met(ledger, order)))  # a key no row has met: not placed yet
                yield ledger

    def _whole(self, data: bytes, fmt: str | None) -> Ledger:
        if self.progress is not None:
            self.progress(len(data))
        classes = af_daily.classes_beside(self.path) if self.path != "-" and fmt == "af-daily" else None
        if classes:
            self.files = (self.path, os.fspath(Path(self.path).with_name("missiles_and_uavs.csv")))
        return loads(data, fmt, name=self.name, schema=self.schema, weapon_classes=classes)


def check_file(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *, format: str | None = None,
    schema: Schema | None = None, chunk_rows: int = CHUNK_ROWS, across: bool = True,
) -> Run:
    """Check a file (``"-"``: standard input), or several as one input, in chunks of ``chunk_rows`` rows:
    iterate the result for each chunk's findings, then read its ``overview``
    and ``counts()`` for the whole file.  ``across=False`` leaves out the
    rules across reports (duplicates and disagreements), whose index is the
    only memory that grows with the file."""
    return Run(path, format=format, schema=schema, chunk_rows=chunk_rows, across=across)


def _format_of(head: bytes, path: str) -> str:
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    if af_daily.is_af_daily(text):
        return "af-daily"
    if Path(path).suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    if text.lstrip()[:1] in ("[", "{") or is_json_scalar(text):
        return "json"
    suffix = Path(path).suffix.lower()
    return "json" if suffix == ".json" else "csv"


@contextlib.contextmanager
def _open(path: str, name: str) -> Iterator[IO[bytes]]:
    """The input as a binary stream: standard input for ``-``."""
    if path == "-":
        if sys.stdin is None:
            raise InputError("standard input is closed", file=name)
        yield sys.stdin.buffer
    else:
        with open_binary(path, name) as fh:
            yield fh
