"""tally extract, in process with CliRunner and once as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dronetally.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "seeds" / "000_8bf01895eb6a57fd.txt"
TALLY = Path(sys.executable).parent / "tally"
STATEMENT = "Of the 96 drones launched, 61 were shot down and 31 disappeared from radar, the air force said; " \
            "two flew back towards Russia and one towards Belarus on 5 May."


def run(*args: str, input: str | bytes | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), input=input)


def test_help_has_examples() -> None:
    result = run("extract", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "tally extract statement.txt | tally check -" in result.stdout


def test_help_says_what_lang_changes_and_that_standard_input_needs_a_dash() -> None:
    help_text = " ".join(run("extract", "--help").stdout.split())
    assert "Standard input is read only with - as FILE" in help_text
    assert "all three languages are read whatever it is" in help_text
    assert 'open(FILE, encoding="utf-8-sig", newline="").read()' in help_text


def test_spans_count_characters_of_the_text_without_its_mark_and_with_its_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_bytes("\ufeffRussia launched 40 drones.\r\nThe air force said 30 were shot down.\r\n".encode())
    result = run("extract", str(path))
    assert result.exit_code == 0, result.stderr
    text = path.open(encoding="utf-8-sig", newline="").read()
    provenance = json.loads(result.stdout)["reports"][0]["provenance"]
    assert {key: text[slice(*p["span"])] for key, p in provenance.items()} == {"launched": "40", "shot_down": "30"}


def test_extract_writes_json_that_check_reads(tmp_path: Path) -> None:
    result = run("extract", "-", input=STATEMENT)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    (report,) = doc["reports"]
    assert report["source"] == "the air force"
    assert report["figures"]["launched"]["count"] == 96
    assert report["provenance"]["shot_down"] == {"span": [27, 29], "text": "61", "words": "61 were shot down",
                                                 "cue": "shot down"}
    assert doc["unused"] == [{"span": [152, 153], "line": 1, "column": 153, "text": "5", "value": 5,
                              "why": "date"}]
    assert "<stdin>:1:153: '5' is no figure: date" in result.stderr
    checked = run("check", "-", input=result.stdout)
    assert checked.exit_code == 0, checked.stderr
    assert "leaves 0-1 of 96 launched" in checked.stdout


def test_the_seed_article_gives_the_seed_reports() -> None:
    result = run("extract", str(SEED_TEXT), "-q")
    assert result.exit_code == 0 and result.stderr == ""
    checked = run("check", "-", "-f", "json", input=result.stdout)
    seed = run("check", "-f", "json")
    where = ("file", "line", "report", "report_id", "window", "window_start", "window_end", "timezone")
    strip = [{k: v for k, v in f.items() if k not in where} for f in json.loads(checked.stdout)["findings"]]
    want = [{k: v for k, v in f.items() if k not in where} for f in json.loads(seed.stdout)["findings"]]
    assert sorted(map(str, strip)) == sorted(map(str, want))


def test_no_file_reads_the_bundled_article_and_says_so() -> None:
    result = run("extract", "-q")
    assert result.exit_code == 0
    assert "Reading the bundled seed article" in result.stderr
    assert len(json.loads(result.stdout)["reports"]) == 2


def test_csv_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "reports.csv"
    result = run("extract", str(SEED_TEXT), "-q", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("source,weapon,launched,") and "quote.shot_down" in header
    assert run("check", str(out)).exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tally-")]


def test_output_over_the_input_is_refused(tmp_path: Path) -> None:
    statement = tmp_path / "s.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    result = run("extract", str(statement), "-o", str(statement))
    assert result.exit_code == 2
    assert statement.read_text(encoding="utf-8") == STATEMENT


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    ("dir", "is a directory, not a statement"),
    (b"Russia launched 5 drones\n\xff\n", ":2:1: byte 0xff is not UTF-8"),
])
def test_unreadable_input_exits_2_with_its_place(tmp_path: Path, content: bytes | str | None, message: str) -> None:
    path = tmp_path / "statement.txt"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{path}{'' if message.startswith(':') else ': '}{message}" + (
        "; save the file as UTF-8" if "UTF-8" in message else "")


def test_a_text_with_no_figure_exits_3_unless_allowed() -> None:
    result = run("extract", "-", input="The night was quiet; 3 people were hurt.")
    assert result.exit_code == 3
    assert "no figure found in <stdin>" in result.stderr
    assert json.loads(result.stdout)["unused"][0]["why"] == 'counts "people", not weapons'
    assert run("extract", "-", "--allow-empty", input="Nothing.").exit_code == 0


def test_source_year_and_published() -> None:
    post = "У ніч на 17 вересня (з 18:00 16 вересня) противник атакував 50 ударними БпЛА. Станом на 08:00 збито 41."
    doc = json.loads(run("extract", "-", "-q", "--source", "Air Force", "--published", "2026-09-17",
                         input=post).stdout)
    (report,) = doc["reports"]
    assert (report["source"], report["window_start"], report["window_end"], report["timezone"],
            report["published"]) == ("Air Force", "2026-09-16T18:00", "2026-09-17T08:00", "Europe/Kyiv", "2026-09-17")
    doc = json.loads(run("extract", "-", "-q", "--year", "2025", input=post).stdout)
    assert doc["reports"][0]["window_start"] == "2025-09-16T18:00" and doc["reports"][0]["source"] == "unnamed"
    assert "window_start" not in json.loads(run("extract", "-", "-q", input=post).stdout)["reports"][0]


def test_lang_forced_and_bad_options() -> None:
    assert json.loads(run("extract", "-", "-q", "--lang", "ru", input="Сбиты 5 БПЛА.").stdout)["lang"] == "ru"
    assert run("extract", "-", "--lang", "de", input="x").exit_code == 2
    assert run("extract", "-", "--published", "yesterday", input="x").exit_code == 2


def test_installed_tally_extract_pipes_into_check(tmp_path: Path) -> None:
    assert TALLY.exists(), "install the project (pip install '.[test]') to run this test"
    extract = subprocess.run([str(TALLY), "extract", str(SEED_TEXT)], cwd=tmp_path, capture_output=True,
                             timeout=60, stdin=subprocess.DEVNULL)
    assert extract.returncode == 0
    assert b"'two' is no figure" in extract.stderr
    check = subprocess.run([str(TALLY), "check", "-"], input=extract.stdout, capture_output=True, timeout=60)
    assert check.returncode == 0, check.stderr
    assert b"leaves 6 of 103 launched (5.8%) unexplained" in check.stdout
    assert b"leaves 22 of 42 shot down (52.4%) not placed by region" in check.stdout
