"""How reports, ledgers, findings, accounts and statistics show in a notebook (_repr_html_)."""

import re

import numpy as np

import dronetally as dt
from dronetally import html


def rows_of(markup: str) -> list[tuple[str | None, list[str]]]:
    """Each body row of the first table: its class and its cells' text."""
    body = markup[markup.index("<tbody>"):markup.index("</tbody>")]
    found = []
    for cls, cells in re.findall(r'<tr(?: class="([^"]*)")?>(.*?)</tr>', body, re.S):
        found.append((cls or None, re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)))
    return found


def test_findings_show_as_tally_check_lists_them_errors_standing_out() -> None:
    findings = dt.load("examples/reports.csv").check()
    rows = rows_of(findings._repr_html_())
    assert [cls for cls, _ in rows] == [str(f.severity) for f in findings] == ["info", "error", "info", "info"]
    assert rows[1][1][3] == "over-accounted" and rows[1][1][5].startswith("outcome parts (shot down 15")
    assert f"<caption>{findings.summary()}</caption>" in findings._repr_html_()


def test_accounts_and_a_ledger_show_as_tally_show_remainders_standing_out() -> None:
    ledger = dt.load_seed()
    markup = ledger._repr_html_()
    rows = rows_of(markup)
    headers, table = ledger.accounts().layout()
    assert [cells for _, cells in rows] == [[html.escape(c) for c in row] for row in table]
    assert [cls for cls, _ in rows] == ["remainder" if row[5] else None for row in table]
    assert re.findall(r"<th(?: [^>]*)?>(.*?)</th>", markup) == list(headers)
    assert "6 (5.8%) unexplained" in markup


def test_a_report_shows_its_accounts_and_findings() -> None:
    report = dt.Report("<b>ministry</b>", figures={"launched": 16, "shot_down": 15, "lost_track": 11})
    markup = report._repr_html_()
    assert "<b>ministry" not in markup and "&lt;b&gt;ministry&lt;/b&gt;" in markup  # text never becomes markup
    assert markup.count('<tr class="error">') == 1


def test_a_long_list_says_how_many_more_there_are() -> None:
    n = html.NOTEBOOK_ROWS + 7
    ledger = dt.Ledger.from_columns({"source": ["a"] * n, "launched": np.full(n, 10), "shot_down": np.full(n, 4)})
    markup = ledger.check()._repr_html_()
    assert len(rows_of(markup)) == html.NOTEBOOK_ROWS and "... and 7 more findings" in markup
    over = dt.Ledger.from_columns({"source": ["a"] * n, "launched": np.full(n, 10),
                                   "shot_down": np.r_[np.full(n - 1, 4), 11]})  # the last report's error
    rows = rows_of(over.check()._repr_html_())
    assert [cls for cls, _ in rows[:2]] == ["error", "info"] and rows[1][1][0] == "report 0"  # worst first


def test_statistics_show_as_tally_stats_lays_them_out() -> None:
    found = dt.load_seed().stats()
    markup = found._repr_html_()
    headers, rows, lines = found.layout()
    assert [cells for _, cells in rows_of(markup)] == [[html.escape(c) for c in row] for row in rows]
    assert all(html.escape(line) in markup for line in lines)
    assert re.findall(r"<th(?: [^>]*)?>(.*?)</th>", markup) == [html.escape(h) for h in headers]
