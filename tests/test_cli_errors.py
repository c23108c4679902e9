"""Bad input to ``tally``: exit status 2, one located line on standard error,
nothing on standard output, no traceback; and the input is never written.

Every message is ``FILE:LINE:COLUMN: what is wrong``, or ``FILE: what is
wrong`` where no line applies (a missing file, a directory).  In CSV the
COLUMN of a cell or header error is the number of the CSV column (field);
elsewhere it is the 1-based character column.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dronetally.cli import STDIN_NAME, main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "reports.json"

# An old, exact modification time, so that any write to the input shows.
OLD_MTIME_NS = 1_000_000_000 * 1_000_000_000

MESSAGE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<what>.+)$")


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def position(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, character column) of the nth occurrence of ``needle``."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def assert_one_error(
    result: Result, file: str, line: int | None = None, columns: tuple[int, ...] | None = None,
    *fragments: str,
) -> re.Match[str]:
    """Exit 2, nothing on stdout, no traceback, and exactly one stderr line
    ``file:line:column: ...`` (``file: ...`` when ``line`` is None) that
    contains every fragment.  ``columns`` lists the acceptable columns."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {type(result.exception).__name__}: {result.exception!r}"
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    match = MESSAGE.match(lines[0])
    assert match, lines[0]
    assert match["file"] == file, lines[0]
    if line is None:
        assert match["line"] is None, f"no line applies, but got {lines[0]!r}"
    else:
        assert match["line"] is not None, f"expected a line and column in {lines[0]!r}"
        assert (int(match["line"]), int(match["column"])) in [(line, c) for c in columns or ()], (
            f"expected {file}:{line}:{'|'.join(map(str, columns or ()))}, got {lines[0]!r}"
        )
    for fragment in fragments:
        assert fragment in match["what"], f"{fragment!r} not in {lines[0]!r}"
    return match


@dataclass(frozen=True)
class Bad:
    """A bad input file, and where and what its error is."""

    name: str
    data: bytes
    line: int
    columns: tuple[int, ...]
    fragments: tuple[str, ...]


def _at(text: str, needle: str, nth: int = 1) -> tuple[int, tuple[int, ...]]:
    line, column = position(text, needle, nth)
    return line, (column,)


def bad(name: str, text: str | bytes, where: tuple[int, tuple[int, ...]], *fragments: str) -> Bad:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return Bad(name, data, where[0], where[1], fragments)


# -- JSON documents whose error position is computed from the text ------------

MALFORMED_JSON = '[\n  {"source": "a",\n   "figures": {"launched": 3,}}\n]\n'
UNTERMINATED_STRING_JSON = '[\n  {"source": "a",\n   "scope": "Ukraine'
NEWLINE_IN_STRING_JSON = '[\n  {"source": "a",\n   "scope": "Ukraine}\n]\n'

DEEP_BAD_FIGURE_JSON = """\
[
  {"source": "a", "figures": {"launched": 3}},
  {
    "source": "b",
    "figures": {
      "launched": {
        "count": 10,
        "outcome": {
          "shot_down": 5,
          "diverted": {"count": 1, "destination": {"Belarus": "abc"}}
        }
      }
    }
  }
]
"""
_deep_line, _deep_key = position(DEEP_BAD_FIGURE_JSON, '"Belarus"')
_deep_value = position(DEEP_BAD_FIGURE_JSON, '"abc"')[1]
# The key or the value of the bad figure: both point at it.
DEEP_BAD_FIGURE_AT = (_deep_line, (_deep_key, _deep_value))

NEGATIVE_JSON = """\
[
  {"source": "a",
   "figures": {"launched": {"count": 10, "outcome": {"shot_down": -5}}}}
]
"""
_neg_line, _neg_key = position(NEGATIVE_JSON, '"shot_down"')
NEGATIVE_AT = (_neg_line, (_neg_key, position(NEGATIVE_JSON, "-5")[1]))

DUPLICATE_KEY_JSON = '[\n  {"source": "a",\n   "source": "b"}\n]\n'
UNKNOWN_KEY_JSON = '[\n  {"source": "a",\n   "notes": "b"}\n]\n'
NAN_JSON = '[\n  {"source": "a",\n   "figures": {"launched": NaN}}\n]\n'
_nan_line, _nan_value = position(NAN_JSON, "NaN")
NAN_AT = (_nan_line, (_nan_value, position(NAN_JSON, '"launched"')[1]))

BAD_INPUTS = [
    pytest.param(bad("empty.json", "", (1, (1,)), "empty"), id="empty-json"),
    pytest.param(bad("empty.csv", "", (1, (1,)), "empty"), id="empty-csv"),
    pytest.param(bad("blank.csv", "\n   \n\n", (1, (1,)), "empty"), id="blank-lines-csv"),
    pytest.param(bad("blank-cells.csv", " , \n", (1, (1,))), id="blank-cells-only-csv"),
    pytest.param(
        bad("malformed.json", MALFORMED_JSON, _at(MALFORMED_JSON, "}}"), "not valid JSON"),
        id="malformed-json-trailing-comma",
    ),
    pytest.param(
        bad("unterminated.json", UNTERMINATED_STRING_JSON, _at(UNTERMINATED_STRING_JSON, '"Ukraine'),
            "not valid JSON", "Unterminated string"),
        id="malformed-json-unterminated-string",
    ),
    pytest.param(
        # A raw newline inside a string: the error is at the newline itself.
        bad("newline.json", NEWLINE_IN_STRING_JSON, _at(NEWLINE_IN_STRING_JSON, "\n", 3),
            "not valid JSON", "control character"),
        id="malformed-json-newline-in-string",
    ),
    pytest.param(
        bad("fields.csv", "source,launched\nx,5\ny,6,7\n", (3, (1,)), "3 fields", "header has 2"),
        id="csv-row-with-too-many-fields",
    ),
    pytest.param(
        bad("quote.csv", 'source,launched\nx,5\ny,"6\nz,7\n', (3, (1,)), "not valid CSV"),
        id="csv-unterminated-quote",
    ),
    pytest.param(
        bad("stray-quote.csv", 'source,launched\nx,5\ny,"6"z\n', (3, (1,)), "not valid CSV"),
        id="csv-text-after-closing-quote",
    ),
    pytest.param(
        bad("cell.csv", "id,source,launched,shot_down\na,x,5,3\nb,y,7,abc\n", (3, (4,)),
            "shot_down", "'abc' is not a count"),
        id="csv-cell-not-a-count",
    ),
    pytest.param(
        bad("deep.json", DEEP_BAD_FIGURE_JSON, DEEP_BAD_FIGURE_AT, "Belarus", "'abc' is not a count"),
        id="json-figure-not-a-count-deep",
    ),
    pytest.param(
        bad("negative.csv", "id,source,launched\na,x,-5\n", (2, (3,)), "launched", "negative"),
        id="csv-negative-count",
    ),
    pytest.param(
        bad("negative.json", NEGATIVE_JSON, NEGATIVE_AT, "shot_down", "negative"),
        id="json-negative-count",
    ),
    pytest.param(
        bad("nosource.csv", "id,launched\na,5\n", (1, (1,)), "missing required column 'source'"),
        id="csv-missing-source-column",
    ),
    pytest.param(
        bad("notes.csv", "source,notes\nx,5\n", (1, (2,)), "unknown column 'notes'"),
        id="csv-unknown-column-notes",
    ),
    pytest.param(
        bad("foobar.csv", "source,launched,foo.bar\nx,5,1\n", (1, (3,)), "unknown column 'foo.bar'"),
        id="csv-unknown-column-foo-bar",
    ),
    pytest.param(
        bad("latin1.csv", b"source,launched\nx,\xff\n", (2, (3,)), "0xff", "not UTF-8"),
        id="csv-not-utf8",
    ),
    pytest.param(
        # é is two bytes but one character: the column counts characters.
        bad("latin1-after-utf8.csv", b"source,launched\n\xc3\xa9,\xff\n", (2, (3,)), "0xff", "not UTF-8"),
        id="csv-not-utf8-after-multibyte",
    ),
    pytest.param(
        bad("latin1.json", b'[\n  {"source": "Caf\xe9"}\n]\n', (2, (18,)), "0xe9", "not UTF-8"),
        id="json-not-utf8",
    ),
    pytest.param(
        bad("dup.json", DUPLICATE_KEY_JSON, _at(DUPLICATE_KEY_JSON, '"source"', 2), "source", "twice"),
        id="json-key-given-twice",
    ),
    pytest.param(
        bad("unknown.json", UNKNOWN_KEY_JSON, _at(UNKNOWN_KEY_JSON, '"notes"'), "unknown report key 'notes'"),
        id="json-unknown-report-key",
    ),
    pytest.param(bad("nan.json", NAN_JSON, NAN_AT, "NaN"), id="json-nan"),
]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in tmp_path, so file names in messages are the short names given."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("command", ["check", "show"])
@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_file_gives_one_located_error(case: Bad, command: str, tmp_path: Path) -> None:
    (tmp_path / case.name).write_bytes(case.data)
    result = run(command, case.name)
    assert_one_error(result, case.name, case.line, case.columns, *case.fragments)


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_standard_input_gives_one_located_error(case: Bad) -> None:
    fmt = ["--from", "json"] if case.name.endswith(".json") else []
    result = run("check", "-", *fmt, input=case.data)
    assert_one_error(result, STDIN_NAME, case.line, case.columns, *case.fragments)


@pytest.mark.parametrize("case", [p for p in BAD_INPUTS if p.id in ("csv-cell-not-a-count", "json-negative-count")])
def test_bad_standard_input_recognised_without_from(case: Bad) -> None:
    result = run("show", "-", input=case.data)
    assert_one_error(result, STDIN_NAME, case.line, case.columns, *case.fragments)


@pytest.mark.parametrize("command", ["check", "show"])
@pytest.mark.parametrize("name", ["missing.csv", "missing.json", "missing"])
def test_missing_file(command: str, name: str) -> None:
    assert_one_error(run(command, name), name, None, None, "no such file")


@pytest.mark.parametrize("command", ["check", "show"])
@pytest.mark.parametrize("name", ["reports", "reports.csv"])
def test_directory(command: str, name: str, tmp_path: Path) -> None:
    (tmp_path / name).mkdir()
    assert_one_error(run(command, name), name, None, None, "directory")


def test_duplicate_key_is_located_at_the_key_the_message_names(tmp_path: Path) -> None:
    """Two duplicates, the outer one first in the text and the inner one
    first to be parsed: whichever is reported, the position is that key's."""
    text = (
        '[\n'
        '  {"source": "a",\n'
        '   "source": "b",\n'
        '   "figures": {"launched": {"count": 1,\n'
        '                            "count": 2}}}\n'
        ']\n'
    )
    (tmp_path / "dups.json").write_text(text, encoding="utf-8")
    result = run("check", "dups.json")
    named = re.search(r"key '(\w+)' is given twice", result.stderr)
    assert named, result.stderr
    assert named[1] in ("source", "count")
    assert_one_error(result, "dups.json", *_at(text, f'"{named[1]}"', 2), "twice")


# -- the input is only ever read -------------------------------------------------


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _aged(path: Path) -> Path:
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["check"], ["check", "-f", "json"], ["check", "-f", "csv"], ["check", "-f", "markdown"],
        ["show"], ["show", "-f", "json"], ["show", "-f", "csv"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize(
    "name, data",
    [
        ("reports.json", SEED.read_bytes()),
        ("reports.csv", b"source,launched,shot_down,lost_track\nx,103,52,44\n"),
        ("bad.csv", b"source,launched\nx,abc\n"),
        ("bad.json", NEGATIVE_JSON.encode()),
        ("latin1.csv", b"source,launched\nx,\xff\n"),
    ],
)
def test_reading_never_changes_the_input(args: list[str], name: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    _aged(path)
    before = _snapshot(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = run(*args, name)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert _snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


@pytest.mark.parametrize("command", ["check", "show"])
@pytest.mark.parametrize("how", ["same name", "./name", "absolute", "symlink", "hard link"])
def test_output_onto_the_input_is_refused(command: str, how: str, tmp_path: Path) -> None:
    path = tmp_path / "reports.json"
    shutil.copyfile(SEED, path)
    _aged(path)
    before = _snapshot(path)
    output = {
        "same name": "reports.json",
        "./name": "./reports.json",
        "absolute": str(path),
        "symlink": "link.json",
        "hard link": "hard.json",
    }[how]
    if how == "symlink":
        (tmp_path / "link.json").symlink_to("reports.json")
    if how == "hard link":
        os.link(path, tmp_path / "hard.json")
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = run(command, "reports.json", "-o", output)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert "input" in result.stderr
    assert _snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing, "a temporary file was left behind"


@pytest.mark.parametrize("command", ["check", "show"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("existing", [False, True], ids=["new", "overwrite"])
def test_output_to_another_path_is_what_stdout_would_be(
    command: str, fmt: str, existing: bool, tmp_path: Path
) -> None:
    shutil.copyfile(SEED, tmp_path / "reports.json")
    _aged(tmp_path / "reports.json")
    before = _snapshot(tmp_path / "reports.json")
    out = tmp_path / "out" / f"result.{fmt}"
    out.parent.mkdir()
    if existing:
        out.write_text("old contents that are much longer than nothing\n" * 1000, encoding="utf-8")
    to_stdout = run(command, "reports.json", "-f", fmt)
    assert to_stdout.exit_code == 0, to_stdout.output
    assert to_stdout.stdout

    to_file = run(command, "reports.json", "-f", fmt, "-o", str(out.relative_to(tmp_path)))
    assert to_file.exit_code == to_stdout.exit_code, to_file.output
    assert to_file.stdout == ""
    assert out.read_bytes() == to_stdout.stdout_bytes
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name], "a temporary file was left behind"
    assert _snapshot(tmp_path / "reports.json") == before


# -- standard input is read only when asked, as a real process ---------------------


def _tally_check(tmp_path: Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "dronetally", "check"],
        cwd=tmp_path, capture_output=True, timeout=60, **kwargs,
    )


@pytest.mark.parametrize("data", [b"source,launched\nx,5\n", b"not even reports\n", b'[{"source": "a"}]'])
def test_piped_stdin_without_dash_is_refused(data: bytes, tmp_path: Path) -> None:
    done = _tally_check(tmp_path, input=data)
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    assert b"Traceback" not in done.stderr
    assert b"pass -" in done.stderr, done.stderr


def test_stdin_from_dev_null_checks_the_seed(tmp_path: Path) -> None:
    done = _tally_check(tmp_path, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert b"bundled seed reports" in done.stdout
    assert b"Traceback" not in done.stderr
