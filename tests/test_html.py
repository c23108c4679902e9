"""HTML from the standard library: everything escaped, tables with row classes, a page that loads nothing."""

import re
import subprocess
import sys

import pytest

from dronetally import html


def test_escape_escapes_everything_but_markup() -> None:
    assert html.escape('<b onclick="x">&\'') == "&lt;b onclick=&quot;x&quot;&gt;&amp;&#x27;"
    assert html.escape(None) == "" and html.escape(42) == "42"
    assert html.escape(html.Markup("<br>")) == "<br>"


def test_element() -> None:
    assert html.element("p", "a < b", cls="note", data_row=3, title=None) == '<p class="note" data-row="3">a &lt; b</p>'
    assert html.element("div", html.Markup("<svg></svg>")) == "<div><svg></svg></div>"
    with pytest.raises(ValueError, match="tag='p onclick' is not the name"):
        html.element("p onclick")


def test_table_escapes_cells_and_gives_rows_their_classes() -> None:
    made = html.table(["where", "finding"], [["line 3", "<script>alert(1)</script>"], ["line 4", None]],
                      ["error", None], caption="2 findings", numeric=[0])
    assert "<script>" not in made and "&lt;script&gt;alert(1)&lt;/script&gt;" in made
    assert '<caption>2 findings</caption>' in made
    rows = re.findall(r"<tr[^>]*>", made)
    assert rows == ["<tr>", '<tr class="error">', "<tr>"]
    assert '<th class="num" scope="col">where</th>' in made and '<td class="num">line 3</td>' in made
    assert made.startswith('<table class="dronetally">') and made.endswith("</table>")


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 cells; the headers name 2 columns"):
        html.table(["a", "b"], [[1, 2], [3]])


def test_a_page_is_whole_and_loads_nothing() -> None:
    made = html.page("a & b", ["<i>text</i>", html.Markup("<p>markup</p>")])
    assert made.startswith("<!DOCTYPE html>\n") and made.rstrip().endswith("</html>")
    assert "<title>a &amp; b</title>" in made and '<meta charset="utf-8">' in made
    assert "&lt;i&gt;text&lt;/i&gt;" in made and "<p>markup</p>" in made
    assert "<style>" in made and "tr.error" in made
    assert not re.search(r"<script|<link|@import|url\(|src=", made)


def test_html_imports_the_standard_library_alone() -> None:
    code = ("import sys, dronetally.html\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'click', 'tabulate', 'matplotlib')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
