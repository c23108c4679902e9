"""What the fuzzers check: each target takes bytes, and raises only where a
property is broken (an exception other than dronetally's located input
errors, or output that does not read back).

The same targets run under atheris (``run.py``, coverage-guided, the
``fuzz`` extra) and under Hypothesis in the normal test suite
(``tests/test_fuzz_properties.py``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import dronetally as dt
from dronetally.errors import DronetallyError, InputError
from dronetally.io import dumps, loads
from dronetally.io.af_daily import HEADER_START
from dronetally.io.json_format import parse
from dronetally.render import FORMATS, FindingsWriter, Summary
from dronetally.report import Report
from dronetally.schema import Schema
from dronetally.terminal import visible

AF_HEADER = (HEADER_START + "launch_place,target,target_main,launched,destroyed,not_reach_goal,still_attacking,"
             "border_crossing,is_shahed,num_hit_location,num_fall_fragment_location,carrier,turbojet,"
             "turbojet_destroyed,affected region,destroyed_details,launched_details,launch_place_details,source\n")


def _read(data: bytes, fmt: str | None) -> dt.Ledger | None:
    """The ledger, or None where the input is refused with a located error."""
    try:
        return loads(data, fmt, name="fuzzed")
    except InputError as exc:
        assert exc.file == "fuzzed", f"an input error without its file: {exc!r}"
        return None


def read_json(data: bytes) -> None:
    _read(data, "json")


def read_csv(data: bytes) -> None:
    _read(data, "csv")


def read_af_daily(data: bytes) -> None:
    _read(AF_HEADER.encode() + data, "af-daily")


def read_any(data: bytes) -> None:
    _read(data, None)


def read_schema(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
        Schema.from_dict(parse(text, "schema.json"))
    except (UnicodeDecodeError, DronetallyError):
        pass


def _same(a: list[Report], b: list[Report], fmt: str) -> None:
    assert len(a) == len(b), f"{fmt}: {len(a)} reports became {len(b)}"
    for x, y in zip(a, b, strict=True):
        assert x == y, f"{fmt}: {x!r} became {y!r}"
        written = {k: str(v) for k, v in x.figures.items()}
        assert written == {k: str(v) for k, v in y.figures.items()}, f"{fmt}: written forms {written} changed"


def round_trip(data: bytes) -> None:
    """Whatever reads, written in dronetally JSON and CSV, reads back the same."""
    ledger = _read(data, None)
    if ledger is None or not len(ledger) or len(ledger) > 50 or ledger.schema.to_dict() != dt.DEFAULT_SCHEMA.to_dict():
        return
    reports = list(ledger)
    for fmt in ("json", "csv"):
        back = loads(dumps(reports, fmt), fmt, name="again")
        _same(reports, list(back), fmt)


def render(data: bytes) -> None:
    """Whatever reads is checked and written in every format: JSON is JSON,
    JSON Lines a line a finding and a summary, CSV a row a finding, and text
    for a terminal has no control character."""
    ledger = _read(data, None)
    if ledger is None or len(ledger) > 50:
        return
    found = ledger.check()
    for fmt in FORMATS:
        out = io.StringIO()
        writer = FindingsWriter(out, fmt)
        writer.start()
        writer.write(found)
        writer.close(Summary(found.reports, found.counts(), found.overview, found.summary()), "heading")
        text = out.getvalue()
        text.encode("utf-8")  # every output can be written as UTF-8
        if fmt == "json":
            assert len(json.loads(text)["findings"]) == len(found)
        elif fmt == "jsonl":
            lines = text.splitlines()
            assert len(lines) == len(found) + 1 and json.loads(lines[-1])["type"] == "summary"
            for line in lines:
                json.loads(line)
        elif fmt == "csv":
            assert len(list(csv.reader(io.StringIO(text)))) == len(found) + 1
        else:
            for line in text.split("\n"):
                assert visible(line) == line, f"{fmt}: a raw control character in {line!r}"


TARGETS: dict[str, Callable[[bytes], None]] = {
    "json": read_json, "csv": read_csv, "af-daily": read_af_daily, "any": read_any, "schema": read_schema,
    "round-trip": round_trip, "render": render,
}
