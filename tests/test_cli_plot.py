"""tally plot: a picture written whole to -o, and its usage errors."""

from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

from dronetally.cli import main

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PNG = b"\x89PNG\r\n\x1a\n"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(("name", "start"), [("chart.png", PNG), ("chart.svg", b"<?xml"), ("chart.PDF", b"%PDF")])
def test_the_extension_gives_the_kind_of_picture(tmp_path: Path, name: str, start: bytes) -> None:
    out = tmp_path / name
    result = run("plot", str(EXAMPLES / "reports.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(start)
    assert result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_a_rate_by_month(tmp_path: Path) -> None:
    out = tmp_path / "rate.png"
    result = run("plot", "--rate", "shot_down+lost_track/launched", "--by", "week", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG)


def test_an_svg_is_the_same_on_every_run(tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (first, second):
        result = run("plot", str(EXAMPLES / "reports.csv"), "--kind", "rate", "--by", "report", "-o", str(out))
        assert result.exit_code == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    ((), "tally plot writes a picture, not text for a terminal: give -o FILE ending in .png, .svg, .pdf"),
    (("-o", "-"), "give -o FILE ending in .png"),
    (("-o", "chart.txt"), "-o chart.txt: a picture's name ends in .png, .svg, .pdf"),
    (("-o", "c.png", "-f", "json"), "No such option '-f'"),  # a picture has no text format
    (("-o", "c.png", "--by", "decade"), "'decade' is not one of"),
    (("-o", "c.png", "--rate", "shot_down/nothing"), "'nothing' in the rate 'shot_down/nothing' is not a node"),
    (("-o", "c.png", "--kind", "outcomes", "--rate", "shot_down/launched"), "--rate is for --kind rate"),
    (("-o", "c.png", "--kind", "pie"), "'pie' is not one of"),
])
def test_bad_usage_exits_2_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                                              message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("plot", str(EXAMPLES / "reports.csv"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_report_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c.png"
    result = run("plot", str(EXAMPLES / "reports.csv"), "--source", "nobody", "-o", str(out))
    assert result.exit_code == 3 and not out.exists()


def test_too_many_reports_are_grouped_by_a_period(tmp_path: Path) -> None:
    data = tmp_path / "many.csv"
    data.write_text("source,window_end,launched,shot_down\n"
                    + "".join(f"a,2025-{1 + d // 28:02d}-{1 + d % 28:02d},10,{d % 10}\n" for d in range(90)))
    out = tmp_path / "c.png"
    result = run("plot", str(data), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "90 reports, too many bars to read: a bar per week (--by chooses)" in result.stderr
    assert out.read_bytes().startswith(PNG)
    assert run("plot", str(data), "--by", "report", "-o", str(out)).exit_code == 2


def test_without_matplotlib_exit_2_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = run("plot", "-o", str(tmp_path / "c.png"))
    assert result.exit_code == 2
    assert "pip install 'dronetally[plot]'" in result.stderr


def test_the_readme_chart_is_made_by_the_command_beside_it(tmp_path: Path) -> None:
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = re.findall(r"```sh\n(tally plot \S+ .*-o docs/(\S+\.png))\n```", readme)
    line, picture = command
    assert f"](docs/{picture})" in readme and (ROOT / "docs" / picture).read_bytes().startswith(PNG)
    args = shlex.split(line)[1:]
    data = (ROOT / args[1]).resolve()
    if not data.exists():
        pytest.skip("the Air Force dataset is not beside this checkout")
    out = tmp_path / picture
    args[1], args[-1] = str(data), str(out)
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG)


def _schema_without_launched(tmp_path: Path) -> tuple[str, str]:
    schema = tmp_path / "s.json"
    schema.write_text('{"nodes": {"fired": {"fate": ["hit_it", "missed"]}, "hit_it": {}, "missed": {}}}')
    csv = tmp_path / "s.csv"
    csv.write_text("id,source,fired,hit_it,missed\na,X,10,5,3\n")
    return str(csv), str(schema)


@pytest.mark.parametrize(("kind", "said"), [("outcomes", "no launched.outcome"),
                                           ("rate", "'shot_down', 'launched' in the rate")])
def test_a_chart_the_schema_cannot_have_exits_2_saying_why(tmp_path: Path, kind: str, said: str) -> None:
    csv, schema = _schema_without_launched(tmp_path)
    result = run("plot", csv, "--schema", schema, "--kind", kind, "-o", str(tmp_path / "c.png"))
    assert result.exit_code == 2, result.output
    assert said in result.stderr and "its nodes are fired, hit_it, missed" in result.stderr
    assert "dimension=" not in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "c.png").exists()


def test_a_rate_over_time_with_no_window_exits_2_saying_so(tmp_path: Path) -> None:
    csv = tmp_path / "one.csv"
    csv.write_text("id,source,launched,shot_down\na,X,10,5\n")
    result = run("plot", str(csv), "--kind", "rate", "-o", str(tmp_path / "r.png"))
    assert result.exit_code == 2, result.output
    assert "no report has a window" in result.stderr and "gives both" not in result.stderr


def test_more_bars_than_the_limit_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dronetally import plot as charts

    monkeypatch.setattr(charts, "MAX_BARS", 2)
    result = run("plot", str(EXAMPLES / "reports.csv"), "--by", "day", "-o", str(tmp_path / "d.png"))
    assert result.exit_code == 2, result.output
    assert "bars are too many to draw (at most 2)" in result.output
    assert not (tmp_path / "d.png").exists()
