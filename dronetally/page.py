"""A page to share: one self-contained HTML file of a check (``tally report``).

The page holds what ``tally check`` says at the bottom (the summary), the
findings (errors first, then warnings, then notes; each row's severity a
CSS class), the accounts that leave a remainder, and two charts (the
outcomes, and the share shot down by month where reports have windows),
as inline SVG.  It needs no network: the CSS is inline and there is no
script.  Without matplotlib the page is made without its charts, and says
so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dronetally import html
from dronetally._version import __version__
from dronetally.findings import SEVERITIES, TABLE_HEADERS, plural, table_row
from dronetally.render import overview_lines

if TYPE_CHECKING:
    from dronetally.findings import Findings
    from dronetally.ledger import Ledger

#: Rows listed in each table unless asked otherwise: a page of every note of a large dataset would not open.
LIMIT = 1000


def report_page(ledger: Ledger, *, name: str = "the reports", findings: Findings | None = None,
                limit: int | None = LIMIT, charts: bool = True) -> str:
    """The page of ``ledger`` (called ``name`` on it): the summary, the
    findings (``ledger.check()`` unless given), the remainders and, with
    ``charts`` and matplotlib, the charts.  Each table lists at most
    ``limit`` rows (None: all) and says how many it leaves out."""
    if limit is not None and limit < 1:
        raise ValueError(f"limit={limit!r} must be at least 1 (None lists every row)")
    found = ledger.check() if findings is None else findings
    title = f"dronetally: {name}"
    body: list[object] = [html.element("h1", title),
                          html.element("p", f"{plural(len(ledger), 'report')}, checked by dronetally {__version__}.",
                                       cls="meta")]
    body += _summary(found)
    body += _findings(found, limit)
    body += _remainders(ledger, limit)
    if charts:
        body += _charts(ledger)
    return html.page(title, body)


def _summary(found: Findings) -> list[object]:
    lines = [*overview_lines(found.overview), found.summary().replace(":", " checked:", 1) + "."]
    errors = found.counts().get("error", 0)
    items = "".join(html.element("li", line, cls="errors" if errors and k == len(lines) - 1 else None)
                    for k, line in enumerate(lines))
    return [html.element("h2", "Summary"), html.Markup(f'<ul class="summary">{items}</ul>')]


def _cut(shown: int, total: int, what: str) -> list[object]:
    if shown >= total:
        return []
    return [html.element("p", f"The first {shown:,} of {total:,} {what} are listed (tally report --limit N lists "
                              "more; tally check lists every one).", cls="note")]


def _findings(found: Findings, limit: int | None) -> list[object]:
    out: list[object] = [html.element("h2", "Findings")]
    n = len(found)
    if not n:
        return [*out, html.element("p", "No findings: every account adds up, and nothing is left over.")]
    order = found.worst_first().tolist()
    shown = order[:limit] if limit is not None else order
    rows, classes = [], []
    for k in shown:
        f = found[k]
        rows.append(table_row(f))
        classes.append(str(f.severity))
    _lines_alone(rows)
    counts = found.counts()
    caption = ", ".join(plural(counts.get(str(s), 0), word) for s, word in
                        zip(reversed(SEVERITIES), ("error", "warning", "note"), strict=True))
    out.append(html.table(TABLE_HEADERS, rows, classes,
                          caption=caption + "; errors first."))
    return out + _cut(len(shown), n, "findings")


def _lines_alone(rows: list[list[str]]) -> None:
    """Where every row is of one file (named at the top of the page), each row's place as its line alone
    (a row that goes on its report's, with no place of its own, stays blank)."""
    places = [row[0].rpartition(":") for row in rows if row[0]]
    if len({file for file, colon, line in places if colon and line.isdigit()}) == 1 and all(
            colon and line.isdigit() for _, colon, line in places):
        for row in rows:
            if row[0]:
                row[0] = f"line {row[0].rpartition(':')[2]}"


def _remainders(ledger: Ledger, limit: int | None) -> list[object]:
    out: list[object] = [html.element("h2", "Remainders")]
    accounts = ledger.accounts()
    listed = accounts.with_remainder()  # chosen from the columns: a dict made only for a row listed
    total = len(listed)
    chosen = list(accounts.rows(listed[:limit] if limit is not None else listed))
    if not chosen:
        return [*out, html.element("p", "No account leaves a remainder.")]
    headers, rows = accounts.layout(chosen)  # as tally show lays them out
    _lines_alone(rows)
    out.append(html.table(headers, rows,
                          caption="What each partial breakdown leaves over (the accounts of tally show that have a "
                                  "remainder)."))
    return out + _cut(len(rows), total, "remainders")


def _charts(ledger: Ledger) -> list[object]:
    out: list[object] = [html.element("h2", "Charts")]
    try:
        import matplotlib
    except ImportError:
        return [*out, html.element("p", "The charts need matplotlib: pip install 'dronetally[plot]'.", cls="note")]
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dronetally import plot

    drawn, missing = [], []
    windows = plot.has_windows(ledger)
    reason = plot.why_not(ledger, "outcomes")
    by = None
    if reason is None and len(ledger) > plot.MAX_REPORT_BARS:
        by = plot.fitting_period(ledger)
        if by is None:
            reason = (f"{len(ledger):,} reports are too many bars to read, and no report has a window (a date or "
                      "time) to group them by")
    if reason is None:
        bars = plot.outcome_bars(ledger, by)
        if any(part.any() for part in bars.parts.values()):
            drawn.append((plot.outcomes(bars), "What became of the drones launched: the unexplained remainder "
                                               "hatched, over-accounted bars flagged."))
        else:
            reason = "no report breaks launched down by outcome"
    if reason:
        missing.append(f"No chart of what became of the drones launched: {reason}.")
    reason = plot.why_not(ledger, "rate", by="month")
    if reason is None and windows:
        shares = ledger.stats(by=["month"])
        if shares.columns["used"].any():
            drawn.append((plot.rate(shares), "The share shot down by month, as claimed, with how it varies night "
                                             "to night and what the unexplained drones could change."))
        else:
            reason = "no report with a window gives both shot down and launched"
    if reason:
        missing.append(f"No chart of the share shot down by month: {reason}.")
    for ax, caption in drawn:
        svg = _svg(ax.figure)
        plt.close(ax.figure)
        out.append(html.Markup(f'<figure class="chart">{svg}{html.element("figcaption", caption)}</figure>'))
    out += [html.element("p", line, cls="note") for line in missing]
    return out


def _svg(figure: Any) -> html.Markup:
    """A figure as inline SVG: the document's prologue left out, its text as paths (no font needed)."""
    import io

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "dronetally"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>", "", text[text.find("<svg"):], count=1, flags=re.S)
    # as wide as the page allows (the viewBox keeps its shape), and named for a screen reader
    svg = re.sub(r'^<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1width="100%" role="img"', svg, count=1)
    return html.Markup(svg)


__all__ = ["LIMIT", "report_page"]
