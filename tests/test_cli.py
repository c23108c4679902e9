"""The tally command, in process with CliRunner and as a real process."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from dronetally.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TALLY = Path(sys.executable).parent / "tally"


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), input=input, env=env)


def test_check_with_no_file_checks_the_seed_and_says_so() -> None:
    result = run("check")
    assert result.exit_code == 0
    assert "Checking the bundled seed reports" in result.stdout
    assert "Ukrainian military" in result.stdout
    assert "leaves 6 of 103 launched (5.8%) unexplained" in result.stdout
    assert "leaves 22 of 42 shot down (52.4%) not placed by region" in result.stdout
    assert "launched is at least 42" in result.stdout
    assert "0 errors, 0 warnings, 3 notes" in result.stdout


def test_check_json_output_is_pure_data() -> None:
    result = run("check", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["counts"] == {"error": 0, "warning": 0, "info": 3}
    first = data["findings"][0]
    assert (first["source"], first["dimension"], first["lo"], first["hi"]) == (
        "Ukrainian military", "launched.outcome", 6, 6)
    assert (first["file"], first["line"]) == ("seeds/reports.json", 2)
    assert "bundled seed reports" in result.stderr


def test_check_csv_and_markdown_outputs() -> None:
    rows = list(csv.DictReader(io.StringIO(run("check", "-f", "csv").stdout)))
    assert [(r["rule"], r["node"], r["lo"], r["hi"]) for r in rows] == [
        ("remainder", "launched", "6", "6"),
        ("inferred-bound", "launched", "42", ""),
        ("remainder", "shot_down", "22", "22"),
    ]
    markdown = run("check", "-f", "markdown").stdout
    assert "| where" in markdown and "|---" in markdown


def test_over_accounted_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("source,launched,shot_down,lost_track,hit\nair force,103,52,44,10\n")
    result = run("check", str(path), "-f", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["kind"], finding["lo"], finding["line"]) == ("over-accounted", "excess", 3, 2)


@pytest.mark.parametrize(("fail_on", "status"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(fail_on: str, status: int) -> None:
    assert run("check", str(EXAMPLES / "reports.csv"), "--fail-on", fail_on).exit_code == status


def test_fail_on_info_fails_on_remainders() -> None:
    assert run("check", "--fail-on", "info").exit_code == 1
    assert run("check", "--fail-on", "warning").exit_code == 0


def test_show_exits_0_even_when_accounts_are_wrong() -> None:
    result = run("show", str(EXAMPLES / "reports.csv"))
    assert result.exit_code == 0
    assert "lost_track 11" in result.stdout


def test_show_json_has_bounds_and_remainders() -> None:
    rows = json.loads(run("show", "-f", "json").stdout)
    mod = [r for r in rows if r["report_id"] == "ru-mod"]
    assert [(r["node"], r["figure"], r["lo"], r["hi"], r["remainder_lo"]) for r in mod] == [
        ("launched", None, 42, None, None),
        ("shot_down", "42", 42, 42, 22),
    ]


def test_standard_input_with_dash_is_recognised() -> None:
    csv_text = "source,launched,shot_down\nair force,10,4\n"
    result = run("check", "-", "-f", "json", input=csv_text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"][0]["file"] == "<stdin>"
    json_text = '[\n{"source": "air force", "figures": {"launched": 10, "shot_down": 4}}]'
    assert run("check", "-", "-f", "json", input=json_text).stdout == result.stdout
    assert run("check", "-", "--from", "csv", "-f", "json", input=csv_text).stdout == result.stdout


def test_piped_input_without_dash_is_refused_in_process() -> None:
    result = run("check", input="source,launched\nx,1\n")
    assert result.exit_code == 2
    assert "pass - as FILE" in result.stderr


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "findings.json"
    result = run("check", "-f", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["counts"]["info"] == 3
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]


@pytest.mark.parametrize("command", ["check", "show"])
def test_output_format_follows_the_file_extension_unless_given(command: str, tmp_path: Path) -> None:
    for name, parse in [("a.json", json.loads), ("a.JSONL", lambda t: [json.loads(x) for x in t.splitlines()]),
                        ("a.csv", lambda t: list(csv.DictReader(io.StringIO(t))))]:
        assert run(command, "-o", str(tmp_path / name)).exit_code == 0
        assert parse((tmp_path / name).read_text())  # each reads as its format
    assert run(command, "-o", str(tmp_path / "a.md")).exit_code == 0
    assert (tmp_path / "a.md").read_text().count("|") > 10
    assert run(command, "-o", str(tmp_path / "a.txt")).exit_code == 0
    assert "----" in (tmp_path / "a.txt").read_text()  # no known extension: a table
    assert run(command, "-f", "csv", "-o", str(tmp_path / "b.json")).exit_code == 0
    assert (tmp_path / "b.json").read_text().startswith(("where,", "file,"))  # -f wins


def test_output_onto_the_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("source,launched\nx,1\n")
    before = path.read_bytes()
    result = run("check", str(path), "-o", str(path))
    assert result.exit_code == 2
    assert "input" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "show", "stats", "plot", "report"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and f"tally {command}" in result.stdout


def test_every_registered_command_is_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert command.help, name
        assert f"tally {name}" in readme, name


def test_version() -> None:
    from dronetally import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"tally {__version__}"


def test_usage_error_exits_2() -> None:
    assert run("check", "--format", "yaml").exit_code == 2
    assert run("frobnicate").exit_code == 2


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["plot", "--help"],
                                  ["report", "--help"], ["extract", "--help"]])
def test_version_and_help_import_neither_numpy_nor_tabulate(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from dronetally.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('numpy' in sys.modules, 'tabulate' in sys.modules, 'matplotlib' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "False False False"


# -- the installed command, as a real process -----------------------------------


def installed_tally() -> str:
    assert TALLY.exists(), "install the project (pip install '.[test]') to run this test"
    return str(TALLY)


def test_installed_tally_checks_the_seed_from_any_directory(tmp_path: Path) -> None:
    done = subprocess.run(
        [installed_tally(), "check"], cwd=tmp_path, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Checking the bundled seed reports" in done.stdout
    assert "leaves 6 of 103 launched (5.8%) unexplained" in done.stdout


def test_installed_tally_refuses_piped_input_without_dash(tmp_path: Path) -> None:
    done = subprocess.run(
        [installed_tally(), "check"], cwd=tmp_path, input="source,launched\nx,1\n",
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "pass - as FILE" in done.stderr
    assert done.stdout == ""


def test_installed_tally_reads_a_pipe_with_dash(tmp_path: Path) -> None:
    done = subprocess.run(
        [installed_tally(), "check", "-"], cwd=tmp_path,
        input="source,launched,shot_down,lost_track,hit\nx,103,52,44,10\n",
        capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 1
    assert "<stdin>:2" in done.stdout and "3 more than launched 103" in done.stdout


# -- found by a new user's trial ------------------------------------------------------


def test_output_is_the_same_on_every_run(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("source,shot_down,shot_down.Kursk,shot_down.Oryol,shot_down.Bryansk,diverted.Belarus,"
                    "diverted.Russia\nair force,40,?,?,?,?,?\n")
    outputs = {
        subprocess.run([sys.executable, "-m", "dronetally", mode, str(path), "-f", "json"], capture_output=True,
                       text=True, timeout=60, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3") for mode in ("check",)
    }
    assert len(outputs) == 1


def test_output_file_permissions_follow_the_umask_or_the_old_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.txt"
        assert run("check", "-o", str(new)).exit_code == 0
        assert new.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("x")
        kept.chmod(0o640)
        assert run("check", "-o", str(kept)).exit_code == 0
        assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text() != "x"
    finally:
        os.umask(old)


def test_output_onto_a_file_read_beside_the_input_is_refused(tmp_path: Path) -> None:
    data = ROOT / "tests" / "data"
    for name in ("af_daily_sample.csv", "missiles_and_uavs.csv"):
        (tmp_path / name).write_bytes((data / name).read_bytes())
    side = tmp_path / "missiles_and_uavs.csv"
    before = side.read_bytes()
    result = run("check", str(tmp_path / "af_daily_sample.csv"), "-o", str(side))
    assert result.exit_code == 2 and side.read_bytes() == before


def test_filters_that_choose_nothing_say_what_there_is() -> None:
    sample = str(ROOT / "tests" / "data" / "af_daily_sample.csv")
    result = run("check", sample, "--scope", "center")
    assert result.exit_code == 3
    assert "no report matches the filters" in result.stderr and "centre" in result.stderr


@pytest.mark.parametrize("command", ["check", "show", "stats"])
@pytest.mark.parametrize(("text", "args"), [
    ("source,launched\n", []),  # a header alone
    ("[]", []),
    ("source,launched\nA,3\n", ["--source", "B"]),  # a filter that chooses none
])
def test_nothing_to_work_on_is_exit_3_unless_allowed(command: str, text: str, args: list[str]) -> None:
    result = run(command, "-", *args, input=text)
    assert result.exit_code == 3 and "--allow-empty" in result.stderr
    assert run(command, "-", *args, "--allow-empty", input=text).exit_code == 0
    assert run(command, "-", "-f", "json", *args, input=text).stdout.strip()  # the output is still written


def test_markdown_cells_keep_their_table_shape(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('source,launched,shot_down\n"air | force\nof Ukraine",10,4\n')
    lines = run("check", str(path), "-f", "markdown").stdout.splitlines()
    rows = [line for line in lines if line.startswith("| ") and "air" in line]
    assert len(rows) == 1 and "air \\| force of Ukraine" in rows[0]


def test_a_named_root_shows_its_inferred_figure(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("source,launched,shot_down,lost_track,complete\nair force,?,3,7,launched.outcome\n")
    assert "? [10]" in run("show", str(path)).stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source,launched\nx,~1000000000000\n", "'~1000000000000' reaches past 1,000,000,000,000"),
        ("source|launched\nx|5\n", "separated by '|'"),
    ],
)
def test_clear_messages(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text)
    result = run("check", str(path))
    assert result.exit_code == 2 and message in result.stderr


def test_a_full_disk_is_one_message_and_status_2() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "dronetally", "check"], stdout=full,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.strip() == "<stdout>: cannot write: No space left on device"


# -- text meant for a terminal, and the same bytes wherever output goes ---------------------

HOSTILE = "source,launched,shot_down\n\"\x1b[2J\x1b]52;c;aGk=\x07evil\u202e|a\\|b\u009b\",10,4\n"


def test_table_and_markdown_show_control_characters_escaped(tmp_path: Path) -> None:
    data = tmp_path / "esc.csv"
    data.write_text(HOSTILE, encoding="utf-8")
    for fmt in ("table", "markdown"):
        result = run("check", str(data), "-f", fmt)
        assert result.exit_code == 0, result.output
        for raw in ("\x1b", "\x07", "\u202e", "\u009b"):
            assert raw not in result.output, (fmt, raw)
        assert "\\x1b[2J" in result.output and "\\u202e" in result.output
    row = next(line for line in run("check", str(data), "-f", "markdown").output.splitlines() if "evil" in line)
    assert row.count(" | ") == 5, row  # \| and | in a name stay inside their cell


def test_error_messages_escape_what_they_quote(tmp_path: Path) -> None:
    bad = tmp_path / "bad\x1b[31m.csv"
    bad.write_text("x\n")
    result = run("check", str(bad))
    assert result.exit_code == 2 and "\x1b" not in result.output and "bad\\x1b[31m.csv" in result.output


def test_csv_is_the_same_bytes_to_a_pipe_and_to_a_file(tmp_path: Path) -> None:
    data = tmp_path / "esc.csv"
    data.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "out.csv"
    piped = subprocess.run([str(TALLY), "check", str(data), "-f", "csv"], capture_output=True, check=False)
    written = subprocess.run([str(TALLY), "check", str(data), "-f", "csv", "-o", str(out)], capture_output=True,
                             check=False)
    assert piped.returncode == written.returncode == 0
    assert piped.stdout == out.read_bytes() and b"\x1b[2J" in piped.stdout  # CSV is data: every byte kept


def test_a_lone_surrogate_is_bad_input_or_written_escaped(tmp_path: Path) -> None:
    result = run("check", "-", input='[{"source": "a\\ud800", "figures": {"launched": 1}}]')
    assert result.exit_code == 2 and "<stdin>:1:15: \\ud800 is half of a UTF-16 pair" in result.output
    import dronetally as dt
    from dronetally.output import Output
    from dronetally.render import FindingsWriter, Summary

    found = dt.Ledger.from_columns({"source": ["a\ud800"], "launched": [5], "shot_down": [1]}).check()
    for fmt in ("table", "json", "jsonl", "csv", "markdown"):
        target = tmp_path / f"out.{fmt}"
        with Output(str(target)) as stream:
            writer = FindingsWriter(stream, fmt)
            writer.start()
            writer.write(found)
            writer.close(Summary(found.reports, found.counts(), found.overview, found.summary()), None)
        text = target.read_text(encoding="utf-8")  # UTF-8 throughout
        if fmt != "jsonl":  # (its slim records carry no source)
            assert "\\ud800" in text, fmt


def test_csv_output_guards_formulas_unless_asked_not_to(tmp_path: Path) -> None:
    data = tmp_path / "f.csv"
    data.write_text("source,launched,shot_down\n=HYPERLINK(\"x\"),10,4\n")
    for command in ("check", "show"):
        guarded = run(command, str(data), "-f", "csv").output
        raw = run(command, str(data), "-f", "csv", "--raw-csv").output
        assert next(csv.DictReader(io.StringIO(guarded)))["source"] == "'=HYPERLINK(\"x\")"
        assert next(csv.DictReader(io.StringIO(raw)))["source"] == "=HYPERLINK(\"x\")"
        assert guarded.replace("'=HYPERLINK", "=HYPERLINK") == raw  # the figures are the same


def _column_texts(table: str) -> list[str]:
    """Each column of a plain table, its cells run together without spaces,
    found from the dashes under the header."""
    lines = table.splitlines()
    rule = next(k for k, line in enumerate(lines) if line.startswith("---"))
    spans = [(m.start(), m.end() + 2) for m in re.finditer(r"-+", lines[rule])]
    rows = lines[rule + 1:lines.index("", rule)] if "" in lines[rule:] else lines[rule + 1:]
    return ["".join("".join(line[a:b].split()) for line in rows) for a, b in spans]


@pytest.mark.parametrize("command", ["check", "show"])
def test_width_folds_a_table_and_loses_nothing(command: str) -> None:
    wide = run(command).stdout
    assert run(command, "--width", "0").stdout == wide  # not a terminal: never folded
    for columns in (100, 80, 40):
        folded = run(command, "--width", str(columns)).stdout
        widest = max(map(len, folded.splitlines()))
        # where it cannot fit, it is as narrow as its columns go (the message 16, the rest whole)
        assert widest <= columns or (columns < 100 and widest < max(map(len, wide.splitlines())))
        assert len(folded.splitlines()) > len(wide.splitlines())
        assert _column_texts(folded) == _column_texts(wide)  # every character of every column, in order


def test_a_table_written_to_a_file_is_never_folded(tmp_path: Path) -> None:
    out = tmp_path / "findings.txt"
    assert run("check", "-o", str(out), env={"COLUMNS": "60"}).exit_code == 0  # COLUMNS alone: no terminal
    assert out.read_text().splitlines()[4].endswith("leaves 6 of 103 launched (5.8%) unexplained")


def test_the_stats_methods_the_cli_offers_are_the_library_s() -> None:
    from dronetally import cli, stats

    assert cli.STATS_METHODS == stats.METHODS


def test_a_part_written_twice_in_two_cases_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("source,launched,diverted.Belarus,diverted.belarus\nA,10,1,1\n")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:1:4: columns 3 and 4 name the same figure 'diverted.destination.Belarus'; "
                             "part names compare without case\n")


@pytest.mark.parametrize(("name", "text"), [
    ("r.csv", "source;launched;shot_down;lost_track\nA;10;x;1\nB;\"1,200\";3;1\n"),  # a spreadsheet's export
    ("r.tsv", "source\tlaunched\tshot_down\tlost_track\nA\t10\tx\t1\nB\t1,200\t3\t1\n"),
])
def test_semicolons_and_tabs_are_read_and_keep_their_places(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = run("check", str(path))
    assert result.exit_code == 2  # the bad cell, at its own line and column
    assert result.stderr.startswith(f"{path}:2:3: shot_down: 'x' is not a count")
    path.write_text(text.replace("x", "5"))
    for args in (["check", str(path)], ["check", "-"]):
        found = json.loads(run(*args, "-f", "json", input=path.read_text()).stdout)
        assert [(f["report"], f["lo"]) for f in found["findings"] if f["rule"] == "remainder"] == [(0, 4), (1, 1196)]


def test_near_misses_are_named_and_choices_take_any_case(tmp_path: Path) -> None:
    result = run("check", "--show", "errors")
    assert result.exit_code == 2 and "'errors' is not one of" in result.stderr
    assert "Did you mean 'error'?" in result.stderr
    upper = run("check", "-f", "JSON", "--show", "ERROR")
    assert upper.exit_code == 0 and json.loads(upper.stdout)["reports"] == 2


def test_one_report_alone_is_told_to_go_in_a_list(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{"source": "MoD", "figures": {"shot_down": 42}}')
    result = run("check", str(path))
    assert result.exit_code == 2 and result.stderr == (
        f'{path}:1:1: one report, not a list of them: wrap it in a list, [{{...}}] (or in {{"reports": [...]}})\n')


def test_a_schema_that_drops_the_default_tree_says_how_to_keep_it(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"nodes": {"intercepted": {}}}')
    result = run("check", "--schema", str(schema))
    assert result.exit_code == 2
    assert "'launched' is not a node of the schema; a schema without \"extends\": \"default\"" in result.stderr
    schema.write_text('{"extends": "default", "nodes": {"intercepted": {}}}')
    assert run("check", "--schema", str(schema)).exit_code == 0


def test_quiet_lists_nothing_and_no_summary_leaves_the_summary_out() -> None:
    quiet = run("check", "-q")
    assert quiet.exit_code == 0 and "where" not in quiet.stdout and "Listed: none (--quiet)" in quiet.stdout
    assert "2 reports checked: 0 errors, 0 warnings, 3 notes." in quiet.stdout
    records = [json.loads(line) for line in run("check", "-q", "-f", "jsonl").stdout.splitlines()]
    assert [r.get("type") for r in records] == ["summary"]
    bare = run("check", "--no-summary")
    assert "leaves 6 of 103 launched" in bare.stdout and "checked:" not in bare.stdout
    lines = run("check", "--no-summary", "-f", "jsonl").stdout.splitlines()
    assert len(lines) == 3 and all("summary" not in json.loads(line).get("type", "") for line in lines)
    assert run("check", "-q", "--no-summary").exit_code == 2


def test_json_is_short_for_format_json() -> None:
    assert run("check", "--json").stdout == run("check", "-f", "json").stdout
    assert run("show", "--json").stdout == run("show", "-f", "json").stdout
    assert run("check", "--json", "-f", "csv").exit_code == 2


def _on_a_terminal(env: dict[str, str]) -> str:
    """What the installed tally writes to a terminal (a pseudo-terminal) with ``env``."""
    import pty

    main_fd, terminal = pty.openpty()
    done = subprocess.run([installed_tally(), "check", "--width", "0"], stdout=terminal, stderr=subprocess.DEVNULL,
                          stdin=subprocess.DEVNULL, env={**os.environ, **env}, timeout=60)
    os.close(terminal)
    out = b""
    while True:
        try:
            piece = os.read(main_fd, 65536)
        except OSError:  # the terminal's writer is gone
            break
        if not piece:
            break
        out += piece
    os.close(main_fd)
    assert done.returncode == 0
    return out.decode()


def test_severities_are_in_colour_on_a_terminal_only_and_not_under_no_color() -> None:
    coloured = _on_a_terminal({"NO_COLOR": ""})  # empty: not set, as no-color.org says
    assert "\x1b[2minfo" in coloured and "\x1b[0m" in coloured
    assert "\x1b[" not in _on_a_terminal({"NO_COLOR": "1"})
    assert "\x1b[" not in run("check").stdout  # not a terminal


def test_a_table_names_a_file_under_the_working_directory_by_its_relative_path(tmp_path: Path,
                                                                               monkeypatch: Any) -> None:
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "r.csv"
    path.write_text("source,launched,shot_down\nA,10,4\n")
    monkeypatch.chdir(tmp_path)
    table = run("check", str(path)).stdout
    assert f"in{os.sep}r.csv:2 " in table and str(tmp_path) not in table.split("\n", 1)[1]
    assert json.loads(run("check", str(path), "--json").stdout)["findings"][0]["file"] == str(path)  # data: as given


# -- several files, and JSON Lines ---------------------------------------------------------


def _two_files(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "a.csv"
    a.write_text("source,scope,window_start,launched,diverted.Belarus\nA,Ukraine,2024-12-21,10,1\n")
    b = tmp_path / "b.json"
    b.write_text('[\n{"source": "B", "scope": "Ukraine", "window_start": "2024-12-21",\n'
                 ' "figures": {"launched": 10, "diverted.belarus": 2}}\n]\n')
    return a, b


def test_several_files_are_one_input_each_finding_at_its_own_file_and_line(tmp_path: Path) -> None:
    a, b = _two_files(tmp_path)
    result = run("check", str(a), str(b), "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert found["reports"] == 2
    where = {(f["file"], f["line"], f["rule"]) for f in found["findings"]}
    assert (str(a), 2, "remainder") in where and (str(b), 2, "disagreement") in where
    (gap,) = [f for f in found["findings"] if f["rule"] == "disagreement"]
    # compared across the files, the part as the first file spells it
    assert gap["node"] == "diverted.destination.Belarus" and f"1 in A at {a}:2" in gap["message"]
    shown = run("show", str(a), str(b), "--json")
    assert [(r["file"], r["node"]) for r in json.loads(shown.stdout)][:1] == [(str(a), "launched")]
    assert run("check", str(a), str(b), "-o", str(b)).exit_code == 2 and "[" in b.read_text()  # never over an input


def test_a_quoted_pattern_is_expanded_and_one_that_matches_nothing_is_refused(tmp_path: Path) -> None:
    a, _b = _two_files(tmp_path)
    (tmp_path / "c.csv").write_text("source,launched,shot_down\nC,3,1\n")
    both = json.loads(run("check", str(tmp_path / "*.csv"), "--json").stdout)
    assert both["reports"] == 2 and {f["file"] for f in both["findings"]} == {str(a), str(tmp_path / "c.csv")}
    nothing = run("check", str(tmp_path / "*.tsv"))
    assert nothing.exit_code == 2 and "no file matches" in nothing.stderr


def test_json_lines_are_read_and_every_bad_line_is_located(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    lines = ['{"source": "A", "figures": {"launched": 10, "shot_down": 4}}', "",
             '{"source": "B", "figures": {"launched": "x"}}', "[1]", '{"source": "C", "figures": {"launchd": 3}}']
    path.write_text("\n".join(lines) + "\n")
    result = run("check", str(path))
    assert result.exit_code == 2 and result.stderr.splitlines() == [
        f"{path}:3:29: figures.launched: 'x' is not a count; expected one of 52, >40, >=30, 30+, <10, <=10, "
        "40-50, ~100 (about), <~100 (nearly), or ?",
        f"{path}:4:1: expected a report, a JSON object, on each line",
        f"{path}:5:29: figures.launchd: 'launchd' is not a node of the schema",
    ]
    good = "\n".join([lines[0], '{"source": "B", "figures": {"launched": 3, "shot_down": 5}}']) + "\n"
    for args, text in ((["-"], good), (["-", "--from", "JSONL"], good)):  # recognised from the content, or said
        found = json.loads(run("check", *args, "--json", input=text).stdout)
        assert [(f["line"], f["rule"]) for f in found["findings"]] == [(1, "remainder"), (2, "over-accounted")]
    path.write_text(lines[0] + "\n")  # one line: a .jsonl file of one report
    assert run("check", str(path), "--json").exit_code == 0


def test_a_dimension_written_as_a_column_is_told_what_a_dimension_is(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("source,launched.outcomes\nA,1\n")
    result = run("check", str(path))
    assert result.exit_code == 2 and result.stderr == (
        f"{path}:1:2: unknown column 'launched.outcomes': launched.outcome is a dimension, not a figure; its parts "
        "are the columns (shot_down, lost_track, diverted, hit, airborne), and the complete column names "
        "launched.outcome in a row that gives all of them\n")


def test_a_file_given_twice_is_refused_and_a_dimension_named_exactly_is_no_part(tmp_path: Path) -> None:
    a, _ = _two_files(tmp_path)
    twice = run("check", str(a), str(tmp_path / "." / "a.csv"))
    assert twice.exit_code == 2 and "is given more than once" in twice.stderr
    result = run("check", "-", input="source,shot_down.region\nA,5\n")  # not a region named "region"
    assert result.exit_code == 2 and "shot_down.region is a dimension, not a figure" in result.stderr
    quiet_csv = run("check", str(a), "-q", "-f", "csv")
    assert quiet_csv.exit_code == 0 and quiet_csv.stdout.startswith("file,line,")
    assert len(quiet_csv.stdout.splitlines()) == 1  # the header alone


# -- found in a new user's trial -------------------------------------------------------------


def test_by_given_twice_groups_by_both_and_a_near_miss_is_named() -> None:
    both = json.loads(run("stats", "examples/reports.csv", "--by", "source", "--by", "weapon", "--json").stdout)
    joined = json.loads(run("stats", "examples/reports.csv", "--by", "source,weapon", "--json").stdout)
    assert both == joined and both["by"] == ["source", "weapon"]
    wrong = run("stats", "--by", "wepon")
    assert wrong.exit_code == 2 and "did you mean 'weapon'?" in wrong.stderr


@pytest.mark.parametrize("command", [["check", "examples/reports.csv"], ["show", "examples/reports.json"]])
def test_a_table_folds_to_fit_an_80_column_terminal(command: list[str]) -> None:
    for width in (80, 100):
        out = run(*command, "--width", str(width)).stdout
        assert max(map(len, out.splitlines())) <= width, out
    unfolded = run(*command).stdout
    assert max(map(len, unfolded.splitlines())) > 100  # so the fold had work to do


def test_a_misspelt_dimension_is_named_once_with_the_nearest() -> None:
    result = run("check", "-", input="source,launched,launched.outcomes.shot_down\na,1,1\n")
    assert result.exit_code == 2
    assert ("unknown column 'launched.outcomes.shot_down': launched has no dimension 'outcomes' "
            "(did you mean 'outcome'?); its dimensions are outcome, weapon.") in result.stderr


def test_show_says_where_an_account_does_not_add_up() -> None:
    over = run("show", "-", "--json", input="source,launched,shot_down,lost_track\na,16,15,11\n")
    short = run("show", "-", "--json",
                input="source,launched,shot_down,lost_track,complete\na,20,5,4,launched.outcome\n")
    assert [(r["remainder"], r["error"]) for r in json.loads(over.stdout)] == [(None, "over-accounted")]
    assert [(r["remainder"], r["error"]) for r in json.loads(short.stdout)] == [(None, "under-accounted")]
    table = run("show", "-", input="source,launched,shot_down,lost_track\na,16,15,11\n").stdout
    assert "none: parts exceed launched" in table


def test_a_schema_without_the_default_rate_points_to_rate(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text('{"nodes": {"fired": {"outcome": ["downed"]}, "downed": {}}}')
    data = tmp_path / "r.csv"
    data.write_text("source,fired,downed\na,10,4\n")
    result = run("stats", str(data), "--schema", str(schema))
    assert result.exit_code == 2 and "'launched' in the rate 'shot_down/launched' is not a node" in result.stderr
    assert "--rate PART/WHOLE" in result.stderr
    assert run("stats", str(data), "--schema", str(schema), "--rate", "downed/fired").exit_code == 0


def test_by_takes_any_case_and_refuses_a_grouping_twice() -> None:
    assert run("stats", "--by", "Scope").exit_code == 0
    twice = run("stats", "--by", "year", "--by", "year")
    assert twice.exit_code == 2 and "--by names year twice" in twice.stderr
