"""Findings and accounts as text: table, JSON, CSV or Markdown.  No Click here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from dronetally.accounts import FIELDS as ACCOUNT_COLUMNS
from dronetally.accounts import Accounts
from dronetally.count import format_bounds
from dronetally.findings import Finding, Findings, plural

FORMATS = ("table", "json", "csv", "markdown")

FINDING_COLUMNS = (
    "file", "line", "report_id", "source", "window", "severity", "rule", "node", "dimension",
    "other_dimension", "kind", "lo", "hi", "share_lo", "share_hi", "message",
)


def _where(f: Finding) -> str:
    return str(f.location) if f.location else f"report {f.report}"


def _cell(value: object, fmt: str) -> str:
    """A value as one table cell: no line breaks; ``|`` escaped in Markdown."""
    text = " ".join(str(value).splitlines()) if value is not None else ""
    return text.replace("|", "\\|") if fmt == "markdown" else text


def _grid(headers: Sequence[str], rows: list[list[Any]], fmt: str) -> str:
    """Left-aligned columns: plain (two spaces between, dashes under the
    header) or a Markdown table.  Written here rather than with tabulate,
    which takes longer than the whole check on a dataset's worth of rows."""
    cells = [[_cell(v, fmt) for v in row] for row in rows]
    # a column is as wide as its widest cell, and its header and two more
    widths = [max([len(h) + 2, *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        padded = [v.ljust(w) for v, w in zip(values, widths, strict=True)]
        return f"| {' | '.join(padded)} |" if fmt == "markdown" else "  ".join(padded).rstrip()

    rule = ("|" + "|".join("-" * (w + 2) for w in widths) + "|" if fmt == "markdown"
            else "  ".join("-" * w for w in widths))
    return "\n".join([line(headers), rule, *(line(row) for row in cells)])


def _csv(headers: Sequence[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
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
    return lines


def findings_text(findings: Findings, fmt: str, heading: str | None = None) -> str:
    """Findings in one of :data:`FORMATS`; ``heading`` opens a table or Markdown."""
    if fmt == "json":
        return json.dumps(findings.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(FINDING_COLUMNS, [[f.to_dict()[c] for c in FINDING_COLUMNS] for f in findings])
    rows = [
        [_where(f), f.source, str(f.severity), f.rule, f.dimension or f.node, f.message]
        for f in findings
    ]
    parts = [heading] if heading else []
    if rows:
        parts.append(_grid(("where", "source", "severity", "rule", "at", "finding"), rows, fmt))
    else:
        parts.append("No findings.")
    parts.append("\n".join([*overview_lines(findings.overview), findings.summary().replace(":", " checked:", 1) + "."]))
    return "\n\n".join(parts) + "\n"


def accounts_text(accounts: Accounts, fmt: str, heading: str | None = None) -> str:
    """Every report's accounts, with bounds and remainders, in one of :data:`FORMATS`."""
    rows = list(accounts.rows())
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(ACCOUNT_COLUMNS, [[r[c] for c in ACCOUNT_COLUMNS] for r in rows])
    table = []
    last = None
    for r in rows:
        where = f"{r['file']}:{r['line']}" if r["file"] else ""
        first = (where, r["source"]) != last
        last = (where, r["source"])
        bounds = format_bounds(r["lo"], r["hi"])
        figure = r["figure"] if r["figure"] is not None else f"[{bounds}]"
        if figure == "?" and (r["lo"], r["hi"]) != (0, None):
            figure = f"? [{bounds}]"
        breakdown = ""
        if r["dimension"]:
            kind = "complete" if r["complete"] else "partial"
            breakdown = f"{r['dimension'].split('.', 1)[1]} ({kind}): {r['parts']}"
        remainder = r["remainder"] or ""
        table.append([where if first else "", r["source"] if first else "", r["node"], figure, breakdown, remainder])
    parts = [heading] if heading else []
    parts.append(_grid(("where", "source", "node", "figure", "breakdown", "remainder"), table, fmt)
                 if table else "No accounts.")
    return "\n\n".join(parts) + "\n"
