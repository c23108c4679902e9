"""Findings and accounts as text: table, JSON, CSV or Markdown.  No Click here."""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from dronetally.accounts import CSV_FIELDS as ACCOUNT_COLUMNS
from dronetally.accounts import Accounts
from dronetally.findings import (
    KINDS,
    RULES,
    SEVERITIES,
    TABLE_HEADERS,
    Findings,
    plural,
    table_row,
)
from dronetally.io.csv_format import write_rows
from dronetally.table import UNBOUNDED
from dronetally.terminal import visible

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.stats import Stats

FORMATS = ("table", "json", "jsonl", "csv", "markdown")

FINDING_COLUMNS = (
    "file", "line", "report_id", "source", "window", "severity", "rule", "node", "dimension",
    "other_dimension", "kind", "lo", "hi", "share_lo", "share_hi", "message", "hint",
)


def _cell(value: object, fmt: str) -> str:
    """A value as one table cell: line breaks as spaces, control characters
    escaped (:func:`~dronetally.terminal.visible`); in Markdown, ``\\`` and
    ``|`` escaped too."""
    text = visible(" ".join(str(value).splitlines())) if value is not None else ""
    if fmt != "markdown":
        return text
    # a backslash and a pipe escaped; < as an entity, so that no name becomes an HTML tag where Markdown is shown
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def _grid(headers: Sequence[str], rows: list[list[Any]], fmt: str, width: int | None = None,
          fold: Sequence[tuple[int, int]] = (), paint: Callable[[int, str], str] | None = None) -> str:
    """Left-aligned columns: plain (two spaces between, dashes under the
    header) or a Markdown table.  Written here rather than with tabulate,
    which takes longer than the whole check on a dataset's worth of rows.

    A plain table wider than ``width`` has columns narrowed as ``fold`` says
    (see :func:`_narrowed`), and their cells folded onto more lines.
    ``paint(column, padded cell)`` may colour the rows' cells (not the header's)."""
    cells = [[_cell(v, fmt) for v in row] for row in rows]
    # a column is as wide as its widest cell, and its header and two more
    widths = [max([len(h) + 2, *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    folded = _narrowed(widths, width, fold, [max(len(h), 8) for h in headers]) if fmt != "markdown" and width else {}

    def line(values: Sequence[str], painted: bool = True) -> str:
        padded = [v.ljust(w) for v, w in zip(values, widths, strict=True)]
        if paint is not None and painted:
            padded = [paint(i, v) for i, v in enumerate(padded)]
        return f"| {' | '.join(padded)} |" if fmt == "markdown" else "  ".join(padded).rstrip()

    def lines(values: list[str]) -> list[str]:
        if not folded:
            return [line(values)]
        pieces = [textwrap.wrap(v, folded[i], break_on_hyphens=False) or [""] if i in folded else [v]
                  for i, v in enumerate(values)]
        return [line([p[k] if k < len(p) else "" for p in pieces]) for k in range(max(map(len, pieces)))]

    rule = ("|" + "|".join("-" * (w + 2) for w in widths) + "|" if fmt == "markdown"
            else "  ".join("-" * w for w in widths))
    return "\n".join([line(headers, painted=False), rule, *(text for row in cells for text in lines(row))])


def _narrowed(widths: list[int], width: int, steps: Sequence[tuple[int, int]],
              floors: Sequence[int] = ()) -> dict[int, int]:
    """Narrow columns of ``widths`` in place until the table fits ``width``, or
    can narrow no more: each step ``(column, floor)`` takes a column down at
    most to its floor, in order; then, where the table is still too wide,
    the widest column a character at a time, none below its ``floors`` (its
    header's width).  The narrowed columns and their new widths."""
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    out = {}
    for i, floor in steps:
        take = min(max(excess, 0), max(widths[i] - floor, 0))
        if take:
            widths[i] = out[i] = widths[i] - take
            excess -= take
    room = [max(w - f, 0) for w, f in zip(widths, floors, strict=False)]
    while excess > 0 and any(room):
        i = max(range(len(room)), key=lambda k: (widths[k] if room[k] else -1, -k))
        widths[i] = out[i] = widths[i] - 1
        room[i] -= 1
        excess -= 1
    return out


def _wrapped(lines: list[str], width: int | None) -> list[str]:
    """The lines under a table, each folded to ``width`` (no narrower than 32) where one is given."""
    if not width:
        return lines
    return [piece for text in lines for piece in textwrap.wrap(text, max(width, 32), break_on_hyphens=False)]


#: How tables narrow: the message first, to a readable width; then the source and
#: the place; then the message again.  (column, narrowest) in order.
_FINDINGS_FOLD = ((5, 32), (1, 16), (0, 16), (5, 16))
_ACCOUNTS_FOLD = ((5, 24), (4, 32), (1, 16), (0, 16), (5, 16), (4, 16))


def _csv(headers: Sequence[str] | None, rows: list[list[Any]], spreadsheet: bool = True) -> str:
    """CSV text; ``spreadsheet``: a text cell that would start a formula gets a ``'`` first."""
    out = io.StringIO()
    if headers is not None:
        write_rows(out, [headers], spreadsheet=False)
    write_rows(out, rows, spreadsheet=spreadsheet)
    return out.getvalue()


def overview_lines(overview: Mapping[str, Any]) -> list[str]:
    """The overview of a check in words: rows read, and how the reports stand."""
    if not overview:
        return []
    read = overview["rows"] - overview["unreadable_rows"]
    chosen = f" ({overview['reports']} chosen by the filters)" if read != overview["reports"] else ""
    lines = [
        f"{plural(overview['rows'], 'row')} read: {plural(read, 'report')}{chosen}, "
        f"{plural(overview['unreadable_rows'], 'unreadable row')}, {plural(overview['bad_cells'], 'bad cell')}."
    ]
    by_dim = ", ".join(f"{k} {v}" for k, v in overview["positive_remainder_by_dimension"].items())
    maybe = [  # said only where there are some
        (overview["possible_remainder"], "may leave one (a range from 0)"),
        (overview["other_errors"], "with another error"),
        (overview["warnings"], "with a warning"),
    ]
    stand = [
        f"{overview['balanced']} balance",
        f"{overview['positive_remainder']} leave a positive remainder" + (f" ({by_dim})" if by_dim else ""),
        *(f"{n} {what}" for n, what in maybe if n),
        f"{overview['over_accounted']} over-accounted",
        *(f"{n} with no {root} figure" for root, n in overview["not_stated"].items()),
    ]
    lines.append("Reports: " + "; ".join(stand) + ".")
    if overview.get("across_skipped"):
        lines.append("Rules across reports skipped (--no-across): no duplicates or disagreements looked for.")
    elif overview.get("not_compared"):
        lines.append(f"{plural(overview['not_compared'], 'report')} with no scope or no window: "
                     "compared with no other report (duplicates and disagreements need both).")
    return lines


class FindingsWriter:
    """Findings written chunk by chunk to ``out`` in one of :data:`FORMATS`.

    :meth:`write` takes each chunk's findings; :meth:`close` ends the output
    with the totals.  JSON and CSV rows are written as they come; JSON Lines
    is one slim record a finding (``verbose`` adds its message and figures)
    and a last ``{"type": "summary", ...}`` record; JSON writes
    ``"findings"`` first and the counts and overview last; a table or
    Markdown keeps only the rows it lists until the end, where their widths
    are known.  ``show`` (a severity) decides which findings are listed;
    the counts and the overview count all of them.
    """

    def __init__(
        self, out: IO[str], fmt: str, *, show: str | None = "info", verbose: bool = False, spreadsheet: bool = True,
        width: int | None = None, summary: bool = True, colour: bool = False,
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format={fmt!r} is not one of {', '.join(FORMATS)}")
        self.out = out
        self.spreadsheet = spreadsheet
        self.fmt = fmt
        self.show = show
        self.verbose = verbose
        self.width = width  # a table wider than this folds its findings onto more lines
        self.summary = summary  # a table's summary lines, JSON Lines' summary record
        self.colour = colour  # severities in colour (a table on a terminal)
        self._rows: list[list[str]] = []
        self._first = True

    def write(self, findings: Findings) -> None:
        if self.show is None:  # none listed: the summary alone
            return
        if self.show != "info":
            findings = findings.filter(at_least=self.show)
        out, fmt = self.out, self.fmt
        if fmt == "jsonl":
            for text in _slim_records(findings, self.verbose):
                out.write(text)
        elif fmt == "json":
            for f in findings:
                out.write("\n" if self._first else ",\n")
                out.write(textwrap.indent(json.dumps(f.to_dict(), indent=2, ensure_ascii=False), "    "))
                self._first = False
        elif fmt == "csv":
            if self._first:
                out.write(_csv(FINDING_COLUMNS, []))
                self._first = False
            out.write(_csv(None, [[d[c] for c in FINDING_COLUMNS] for d in (f.to_dict() for f in findings)],
                           self.spreadsheet))
        else:
            self._rows.extend(map(table_row, findings))

    def start(self) -> None:
        """Open the output (JSON's first bracket), before any chunk."""
        if self.fmt == "json":
            self.out.write('{\n  "findings": [')

    def close(self, summary: Summary, heading: str | None = None) -> None:
        """End the output with the totals of the whole input."""
        out, fmt = self.out, self.fmt
        if fmt == "csv" and self._first:  # no finding listed: the header alone
            out.write(_csv(FINDING_COLUMNS, []))
        if fmt == "jsonl" and self.summary:
            record = {"type": "summary", "reports": summary.reports, "counts": summary.counts,
                      "overview": summary.overview}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "json":
            tail = json.dumps({"reports": summary.reports, "counts": summary.counts,
                               "overview": summary.overview}, indent=2, ensure_ascii=False)
            out.write(("\n  ]" if not self._first else "]") + ",\n" + tail[2:] + "\n")
        elif fmt in ("table", "markdown"):
            parts = [heading] if heading else []
            if self._rows:
                paint = _severity_colour if self.colour and fmt == "table" else None
                parts.append(_grid(TABLE_HEADERS, self._rows, fmt, self.width, _FINDINGS_FOLD, paint))
            elif self.show is not None:
                parts.append("No findings." if self.show == "info" else f"No findings at {self.show} or worse.")
            if self.summary:
                lines = overview_lines(summary.overview)
                if self.show != "info":
                    listed = f"findings at {self.show} or worse (--show {self.show})" if self.show else "none (--quiet)"
                    lines.append(f"Listed: {listed}; counted: all.")
                lines.append(summary.text.replace(":", " checked:", 1) + ".")
                parts.append("\n".join(_wrapped(lines, self.width)))
            out.write("\n\n".join(parts) + "\n")


#: How a severity stands out on a terminal (ANSI: bold red, yellow, dim).
_SEVERITY_STYLES = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[2m"}


def _severity_colour(column: int, cell: str) -> str:
    """The severity column's cell in its colour; other cells as they are."""
    style = _SEVERITY_STYLES.get(cell.strip()) if column == 2 else None
    return f"{style}{cell}\x1b[0m" if style else cell


class Summary:
    """The totals a writer ends with: reports, counts per severity, overview, and the one-line summary."""

    def __init__(self, reports: int, counts: Mapping[str, int], overview: Mapping[str, Any], text: str) -> None:
        self.reports = reports
        self.counts = dict(counts)
        self.overview = dict(overview)
        self.text = text

    @classmethod
    def of(cls, findings: Findings) -> Summary:
        return cls(findings.reports, findings.counts(), findings.overview, findings.summary())


def _slim_records(findings: Findings, verbose: bool) -> Iterator[str]:
    """One JSON line per finding, made from the arrays: file, line, rule, severity,
    node, dimension, kind, lo, hi and the shares (and, if ``verbose``, the
    message and figures).

    A record is a run of pieces, one a column, each its key and its value.
    A column's pieces are the texts of its distinct values (the words of a
    record come from a few combinations; each number is written once), picked
    by code; the columns are laid side by side in one list by slice
    assignment and joined once, so Python does no work per record beyond
    picking."""
    a = findings.arrays
    n = len(findings)
    if not n:
        return
    names = len(findings.names) + 1
    words = (((a["node"].astype(np.int64) * names + a["dimension"] + 1) * len(RULES) + a["rule"])
             * len(SEVERITIES) + a["severity"]) * len(KINDS) + a["kind"]
    combos, which = np.unique(words, return_inverse=True)
    name = [json.dumps(x, ensure_ascii=False) for x in findings.names]
    middles = []
    for combo in combos.tolist():
        combo, k = divmod(combo, len(KINDS))
        combo, s = divmod(combo, len(SEVERITIES))
        combo, r = divmod(combo, len(RULES))
        nd, d = divmod(combo, names)
        middles.append(f', "rule": {json.dumps(RULES[r])}, "severity": "{SEVERITIES[s]}", "node": {name[nd]}, '
                       f'"dimension": {name[d - 1] if d else "null"}, "kind": "{KINDS[k]}"')
    end = "" if verbose else "}\n"
    lines = findings.lines()
    columns = [  # each column as the texts of its distinct values, and each record's code into them
        _files(findings, '{{"file": {}, "line": '),
        ([], lines),  # (nearly) every line differs: written as it is met
        (middles, which.reshape(-1)),
        _texts(a["lo"], ', "lo": ', str),
        _texts(a["hi"], ', "hi": ', str, null=UNBOUNDED),
        _texts(a["share_lo"], ', "share_lo": ', repr),
        _texts(a["share_hi"], ', "share_hi": ', repr, end),
    ]
    k = len(columns) + verbose
    for at in range(0, n, _BATCH):  # a batch at a time: its pieces stay in the processor's cache
        to = min(at + _BATCH, n)
        pieces: list[str] = [""] * ((to - at) * k)
        for i, (table, codes) in enumerate(columns):
            pieces[i::k] = list(map(table.__getitem__ if table else str, codes[at:to].tolist()))
        if verbose:
            pieces[k - 1::k] = [
                f', "message": {json.dumps(f.message, ensure_ascii=False)}, '
                f'"figures": {json.dumps(dict(f.figures), ensure_ascii=False)}'
                + (f', "hint": {json.dumps(f.hint, ensure_ascii=False)}' if f.hint else "") + "}\n"
                for f in findings[at:to]]
        if (lines[at:to] == 0).any():  # found where no line is known (a problem of the input as a whole)
            for i in np.flatnonzero(lines[at:to] == 0).tolist():
                pieces[i * k + 1] = "null"
        yield "".join(pieces)


#: Records joined at a time by :func:`_slim_records`.
_BATCH = 1 << 14


def _texts(values: npt.NDArray[Any], key: str, show: Callable[[Any], str], end: str = "",
           null: int | None = None) -> tuple[list[str], npt.NDArray[np.int64]]:
    """The texts of ``values``, each ``key``, its text and ``end`` ("null" for
    NaN and for ``null``), and each value's code into them.  Each distinct
    value is turned into text once: integers of a narrow range by a table of
    the range, anything else by its sorted distinct values."""
    if values.dtype.kind in "iu" and (null is None or not (values == null).any()):
        low, high = int(values.min()), int(values.max())
        if high - low <= max(len(values), 1 << 12):  # every integer of the range
            return [f"{key}{v}{end}" for v in range(low, high + 1)], values - low
    distinct, codes = np.unique(values, return_inverse=True)
    table = [f"{key}{'null' if v != v or v == null else show(v)}{end}" for v in distinct.tolist()]
    return table, codes.reshape(-1)


def _files(findings: Findings, template: str = "{}") -> tuple[list[str], npt.NDArray[np.int64]]:
    """The files of findings as JSON texts in ``template`` (several inputs make
    one check), and each finding's code into them: its report's file, or
    where reading found it."""
    rows = findings.arrays["report"] - findings.offset
    files, n = findings.table.file, len(findings.table)
    texts = [template.format(json.dumps(v, ensure_ascii=False)) for v in [*files.values, findings.problem_file]]
    if not n:
        return texts, np.full(len(rows), len(texts) - 1)
    codes = np.broadcast_to(files.codes, (n,))[np.clip(rows, 0, n - 1)]
    return texts, np.where(rows >= 0, codes, len(texts) - 1)


def findings_text(findings: Findings, fmt: str, heading: str | None = None) -> str:
    """Findings in one of :data:`FORMATS`; ``heading`` opens a table or Markdown."""
    out = io.StringIO()
    writer = FindingsWriter(out, fmt)
    writer.start()
    writer.write(findings)
    writer.close(Summary.of(findings), heading)
    return out.getvalue()


def accounts_text(
    accounts: Accounts, fmt: str, heading: str | None = None, *, spreadsheet: bool = True, width: int | None = None,
) -> str:
    """Every report's accounts, with bounds and remainders, in one of :data:`FORMATS`
    (in CSV, ``spreadsheet`` guards text cells that would start a formula; a
    table wider than ``width`` folds its breakdowns and remainders)."""
    rows = list(accounts.rows())
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        return _csv(ACCOUNT_COLUMNS, [[r[c] for c in ACCOUNT_COLUMNS] for r in rows], spreadsheet)
    headers, table = accounts.layout(rows)
    parts = [heading] if heading else []
    parts.append(_grid(headers, table, fmt, width, _ACCOUNTS_FOLD) if table else "No accounts.")
    return "\n\n".join(parts) + "\n"




def stats_text(
    found: Stats, fmt: str, heading: str | None = None, *, spreadsheet: bool = True, width: int | None = None,
) -> str:
    """Statistics in one of :data:`FORMATS`: a row per group.  The table and
    Markdown say in words what each column is, and what no interval covers."""
    rows = found.rows()
    if fmt == "json":
        return json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":  # a line a group, then the comparison where one was asked for
        compared = found.to_dict().get("compared")
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + (
            json.dumps({"compared": compared}, ensure_ascii=False) + "\n" if compared is not None else "")
    if fmt == "csv":
        names = [*found.by, *found.FIELDS, "left_out_why", "rate", "method", "level", "each_level", "adjust", "note",
                 "sources", "scopes"]
        cells = [[("; ".join(f"{k} {v}" for k, v in r[c].items()) if c == "left_out_why" else r[c]) for c in names]
                 for r in rows]
        return _csv(names, cells, spreadsheet)
    headers, table, lines = found.layout()
    k = len(found.by)
    fold = ((k + 6, 16), (k + 4, 20), (k + 5, 16))
    parts = [heading] if heading else []
    parts.append(_grid(headers, table, fmt, width, fold) if table else "No reports.")
    parts.append("\n".join(_wrapped(lines, width)))
    return "\n\n".join(parts) + "\n"
