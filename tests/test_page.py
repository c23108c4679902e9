"""tally report: one self-contained HTML page of a check, opened in a real browser."""

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

import dronetally as dt
from dronetally.cli import main
from dronetally.page import report_page

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
OVER = "outcome parts (shot down 15, lost track 11) add up to at least 26, 10 more than launched 16"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def page() -> str:
    return report_page(dt.load(EXAMPLES / "reports.csv"), name="examples/reports.csv")


def test_the_page_has_the_summary_the_findings_and_the_remainders(page: str) -> None:
    assert "<title>dronetally: examples/reports.csv</title>" in page
    assert "4 reports checked: 1 error, 0 warnings, 3 notes." in page
    assert "1 balance; 1 leave a positive remainder (launched.outcome 1)" in page
    findings = page[page.index("<h2>Findings</h2>"):page.index("<h2>Remainders</h2>")]
    rows = re.findall(r'<tr class="(\w+)">', findings)
    assert rows == ["error", "info", "info", "info"]  # errors first
    assert OVER in findings and "<td>line 3</td>" in findings  # one file: lines alone
    remainders = page[page.index("<h2>Remainders</h2>"):page.index("<h2>Charts</h2>")]
    assert "6 (5.8%) unexplained" in remainders and "0 or more (0.0%-100.0%) unexplained" in remainders
    assert remainders.count("<tr>") == 3  # the header and two accounts
    # as tally show lays them out (a new user's trial found Python dicts here)
    assert "<td>outcome (partial): shot_down 52, lost_track 44, diverted 1</td>" in remainders
    assert "{" not in remainders and "<td>line 2</td>" in remainders


def test_the_page_loads_nothing_from_anywhere(page: str) -> None:
    assert not re.search(r"<script|<link|<iframe|@import|url\((?!#)", page)  # url(#...): within the page
    assert all(target.startswith("#") for target in re.findall(r'(?:src|href)="([^"]*)"', page))


def test_text_from_the_input_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "r.csv"
    data.write_text('source,launched,shot_down\n"<img src=x onerror=alert(1)>",10,12\n')
    made = report_page(dt.load(data), name="<b>name</b>", charts=False)
    assert "<img" not in made and "&lt;img src=x onerror=alert(1)&gt;" in made
    assert "<b>name</b>" not in made


def test_a_limit_cuts_each_table_and_says_so() -> None:
    ledger = dt.Ledger.from_columns({"source": ["a"] * 5, "launched": [10] * 5, "shot_down": [1, 2, 3, 4, 5]})
    made = report_page(ledger, limit=2, charts=False)
    assert "The first 2 of 5 findings are listed" in made and "The first 2 of 5 remainders are listed" in made
    with pytest.raises(ValueError, match="limit=0 must be at least 1"):
        report_page(ledger, limit=0)


def test_the_charts_are_inline_svg(page: str) -> None:
    pytest.importorskip("matplotlib")
    charts = page[page.index("<h2>Charts</h2>"):]
    assert charts.count('<figure class="chart"><svg ') == 2  # the outcomes, and the rate by month
    assert "<?xml" not in page and "<metadata>" not in charts


def test_without_matplotlib_the_page_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    made = report_page(dt.load_seed())
    assert "The charts need matplotlib: pip install &#x27;dronetally[plot]&#x27;." in made


def test_tally_report_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", str(EXAMPLES / "reports.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert OVER in out.read_text(encoding="utf-8") and result.stdout == ""


@pytest.mark.parametrize(("args", "message"), [
    ((), "tally report writes a page: give -o FILE ending in .html"),
    (("-o", "page.txt"), "-o page.txt: a page's name ends in .html"),
    (("-o", "page.html", "--limit", "-1"), "-1 is not in the range x>=0"),
    (("-o", "page.html", "--json"), "No such option '--json'"),  # the page is HTML: no format to choose
])
def test_tally_report_usage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                            message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", str(EXAMPLES / "reports.csv"), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_report_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    assert run("report", "--source", "nobody", "-o", str(out)).exit_code == 3 and not out.exists()


# -- in a real browser ----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--window-size=1200,2000"]
    return subprocess.run([str(CHROMIUM), *flags, *args, page.as_uri()], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium to open the page in (apt-get install chromium)")
def test_the_page_renders_in_a_browser(tmp_path: Path) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    page = tmp_path / "report.html"
    assert run("report", str(EXAMPLES / "reports.csv"), "-o", str(page)).exit_code == 0
    dom = chromium(page, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert OVER in dom.stdout  # the findings, as the browser read them
    assert len(re.findall(r"<svg ", dom.stdout)) == 2
    shot = tmp_path / "shot.png"
    done = chromium(page, tmp_path / "profile-shot", f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    pixels = matplotlib.image.imread(str(shot))[..., :3]
    assert pixels.shape[:2] == (2000, 1200)
    colours = {tuple(p) for p in (pixels * 255).round().astype(int).reshape(-1, 3)[::7].tolist()}
    assert len(colours) > 50  # not blank
    # the charts drawn: the bars' "shot down" green (#009E73), and the error row's pink (#fde7e7)
    assert (0, 158, 115) in colours and (253, 231, 231) in colours


def test_a_chart_the_schema_cannot_have_is_left_out_saying_why(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"nodes": {"fired": {"fate": ["hit_it", "missed"]}, "hit_it": {}, "missed": {}}}')
    csv = tmp_path / "s.csv"
    csv.write_text("id,source,fired,hit_it,missed\na,X,10,5,3\n")
    out = tmp_path / "s.html"
    result = run("report", str(csv), "--schema", str(schema), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "No chart of what became of the drones launched: the schema has no launched.outcome" in text
    said = "No chart of the share shot down by month: 'shot_down', 'launched' in the rate 'shot_down/launched' are not"
    assert said in html.unescape(text)


def test_with_no_window_the_page_says_a_rate_needs_windows(tmp_path: Path) -> None:
    csv = tmp_path / "one.csv"
    csv.write_text("id,source,launched,shot_down\na,X,10,5\n")
    out = tmp_path / "one.html"
    assert run("report", str(csv), "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert "No chart of the share shot down by month: no report has a window" in text
    assert "gives both" not in text


def test_the_remainders_are_chosen_from_the_columns() -> None:
    accounts = dt.load_seed().accounts()
    assert list(accounts.rows(accounts.with_remainder())) == [r for r in accounts.rows() if r["remainder"]]
