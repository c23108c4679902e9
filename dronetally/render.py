"""Findings and accounts as text: table, JSON, CSV or Markdown.  No Click here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from dronetally.count import format_bounds
from dronetally.findings import Finding, Findings, amount_text, plural, share_text
from dronetally.ledger import Ledger, to_python
from dronetally.rules import GroupState, propagate, remainders

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


def _account_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """One row per report and node that has a figure or a breakdown."""
    state = propagate(ledger)
    left_over = {(f.report, f.dimension): f for f in remainders(ledger, state)}
    schema = ledger.schema
    rows: list[dict[str, Any]] = []
    for j, report in enumerate(ledger.reports):
        for node in schema.nodes:
            if not state.present[node][j]:
                continue
            dims: list[GroupState | None] = [
                gs for gs in state.groups
                if gs.group.dimension.node == node and gs.active[j]
            ]
            if not dims and schema.parent_of(node) is not None:
                continue  # shown in its parent's breakdown
            fig = report.figures.get(node)
            base = {
                "file": report.location.file if report.location else None,
                "line": report.location.line if report.location else None,
                "report_id": report.id,
                "source": report.source,
                "window": report.window,
                "node": node,
                "figure": "?" if node in report.named else (str(fig) if fig else None),
                "lo": int(state.lo[node][j]),
                "hi": to_python(state.hi[node][j]),
            }
            for gs in (dims or [None]):
                row: dict[str, Any] = dict(base, dimension=None, complete=None, parts=None, remainder=None,
                           remainder_lo=None, remainder_hi=None, share_lo=None, share_hi=None)
                if gs is not None:
                    dim = gs.group.dimension
                    parts = []
                    for i, p in enumerate(gs.group.parts):
                        if gs.present[i, j]:
                            pfig = report.figures.get(p)
                            text = str(pfig) if pfig else (
                                f"? [{format_bounds(int(state.lo[p][j]), to_python(state.hi[p][j]))}]"
                                if p in report.named else
                                f"[{format_bounds(int(state.lo[p][j]), to_python(state.hi[p][j]))}]"
                            )
                            parts.append(f"{schema.locate(p)[2]} {text}")
                    row.update(dimension=dim.key, complete=bool(gs.complete[j]), parts=", ".join(parts))
                    rem = left_over.get((j, dim.key))
                    if rem is not None:
                        row.update(
                            remainder=(f"{amount_text(rem.lo, rem.hi)}{share_text(rem.share_lo, rem.share_hi)} "
                                       f"{dim.remainder_label}"),
                            remainder_lo=rem.lo, remainder_hi=rem.hi,
                            share_lo=rem.share_lo, share_hi=rem.share_hi,
                        )
                rows.append(row)
    return rows


ACCOUNT_COLUMNS = (
    "file", "line", "report_id", "source", "window", "node", "figure", "lo", "hi", "dimension",
    "complete", "parts", "remainder", "remainder_lo", "remainder_hi", "share_lo", "share_hi",
)


def accounts_text(ledger: Ledger, fmt: str, heading: str | None = None) -> str:
    """Every report's accounts, with bounds and remainders, in one of :data:`FORMATS`."""
    rows = _account_rows(ledger)
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
