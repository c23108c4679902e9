"""Reading and writing dronetally JSON and CSV."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dronetally as dt
from dronetally import InputError, Report, Schema
from dronetally.io import _fastcsv, csv_format
from dronetally.io.tree import report_to_dict
from dronetally.table import Strings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def test_seed_reports_match_the_article() -> None:
    seed = dt.load_seed()
    article = (ROOT / "seeds" / "000_8bf01895eb6a57fd.txt").read_text(encoding="utf-8")
    ua, mod = seed
    assert (ua.source, mod.source) == ("Ukrainian military", "Russian Defense Ministry")
    assert {k: str(v) for k, v in ua.figures.items()} == {
        "launched": "103", "shot_down": "52", "lost_track": "44", "diverted": "1",
        "diverted.destination.Belarus": "1",
    }
    assert {k: str(v) for k, v in mod.figures.items()} == {"shot_down": "42", "shot_down.region.Oryol": "20"}
    for report in seed:
        assert set(report.quotes) == set(report.figures)
        for quote in report.quotes.values():
            assert quote in article
    assert (ua.window_start, ua.window_end, ua.timezone, ua.precision) == (
        "2024-12-21T19:00", "2024-12-22T10:00", "Europe/Kyiv", "minute")
    assert (mod.window_start, mod.window_end, mod.precision) == ("2024-12-21", "2024-12-22", "date")
    assert [str(r.location) for r in seed] == ["seeds/reports.json:2", "seeds/reports.json:31"]


@pytest.mark.parametrize("path", [EXAMPLES / "reports.csv", EXAMPLES / "reports.json", ROOT / "seeds/reports.json"])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip_preserves_every_report(path: Path, fmt: str) -> None:
    ledger = dt.load(path)
    again = dt.loads(dt.dumps(ledger, fmt), fmt)
    assert list(again) == list(ledger)
    assert [report_to_dict(r) for r in again] == [report_to_dict(r) for r in ledger]  # written forms too


def test_written_forms_survive_a_round_trip() -> None:
    report = Report(source="s", figures={"launched": "~100", "shot_down": ">=30", "hit": "<~10", "lost_track": "?"})
    for fmt in ("json", "csv"):
        (again,) = dt.loads(dt.dumps([report], fmt), fmt)
        assert {k: str(v) for k, v in again.figures.items()} == {"launched": "~100", "shot_down": ">=30", "hit": "<~10"}
        assert again.named == {"lost_track"}


def test_json_report_lines() -> None:
    text = '{"reports": [\n  {"source": "a"},\n\n  {"source": "b",\n   "figures": {"launched": 3}}\n]}'
    assert [r.location.line for r in dt.loads(text, name="x.json")] == [2, 4]  # type: ignore[union-attr]


def test_json_flat_and_nested_forms_agree() -> None:
    flat = dt.loads('[{"source": "s", "figures": {"launched": 10, "shot_down": 4, "shot_down.Kyiv": 2}}]')
    nested = dt.loads(
        '[{"source": "s", "figures": {"launched": {"count": 10, "outcome": '
        '{"shot_down": {"count": 4, "region": {"Kyiv": 2}}}}}}]'
    )
    assert list(flat) == list(nested)


def test_json_null_is_not_stated() -> None:
    with_nulls = dt.loads('[{"source": "s", "scope": null, "figures": {"launched": 10, "lost_track": null,'
                          ' "shot_down": {"count": null, "region": {"Kursk": 3, "Oryol": null}}}}]')
    without = dt.loads('[{"source": "s", "figures": {"launched": 10, "shot_down": {"region": {"Kursk": 3}}}}]')
    assert list(with_nulls) == list(without)
    assert dict(with_nulls[0].figures) == {"launched": dt.Count(10, 10), "shot_down.region.Kursk": dt.Count(3, 3)}


def test_figures_written_in_groups_of_three_are_read_in_every_format() -> None:
    csv = dt.loads('source,launched,shot_down,lost_track\nA,"1,200",1 000,40+\n', "csv")
    json = dt.loads('[{"source": "A", "figures": {"launched": "1,200", "shot_down": "1 000", "lost_track": "40+"}}]')
    assert list(csv) == list(json)
    assert (csv[0].figures["launched"].lo, csv[0].figures["shot_down"].lo) == (1200, 1000)
    assert str(csv[0].figures["lost_track"]) == "40+"  # kept as written


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ('{"launched": 3, "launched.outcome.shot_down": 1}', "lists its parts"),
        ('{"launched": {"count": 3, "colour": {}}}', "no dimension 'colour'"),
        ('{"launched": {"outcome": {"jammed": 1}}}', "not a part of launched.outcome"),
        ('{"shot_down": 1, "launched": {"outcome": {"shot_down": 2}}}', "given twice"),
        ('{"launched": 2.5}', "whole number"),
        ('{"launched": true}', "whole number"),
    ],
)
def test_json_figure_errors_are_located(figures: str, message: str) -> None:
    text = '[\n {"source": "s",\n  "figures": ' + figures + "}\n]"
    with pytest.raises(InputError, match=message) as info:
        dt.loads(text, name="r.json")
    assert (info.value.file, info.value.line) == ("r.json", 3)


def test_a_dot_inside_a_name_is_escaped_in_csv() -> None:
    report = Report(source="s", figures={"shot_down": 5, "shot_down.region.St\\. Petersburg": 2})
    text = dt.dumps([report], "csv")
    assert "shot_down.region.St\\. Petersburg" in text.splitlines()[0]
    (again,) = dt.loads(text, "csv")
    assert again == report


def test_csv_quotes_and_extra_metadata_columns() -> None:
    text = 'source,launched,quote.launched,meta.channel\nair force,5,"Five drones, the air force said.",kpszsu\n'
    (report,) = dt.loads(text, "csv")
    assert report.quotes == {"launched": "Five drones, the air force said."}
    assert report.metadata == {"channel": "kpszsu"}


def test_reading_never_changes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes((EXAMPLES / "reports.csv").read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    dt.load(path).check()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_custom_schema_from_a_file() -> None:
    schema = Schema.from_dict(json.loads((EXAMPLES / "schema.json").read_text()))
    ledger = dt.load(EXAMPLES / "means.csv", schema=schema)
    (finding,) = ledger.check()
    assert (finding.rule, finding.dimension, finding.lo) == ("under-accounted", "shot_down.means", 5)
    with pytest.raises(InputError, match="unknown column 'by_air_defence'"):
        dt.load(EXAMPLES / "means.csv")


def test_schema_travels_with_json() -> None:
    schema = Schema.from_dict(json.loads((EXAMPLES / "schema.json").read_text()))
    ledger = dt.load(EXAMPLES / "means.csv", schema=schema)
    text = dt.dumps(ledger, "json")
    again = dt.loads(text)
    assert again.schema == schema and list(again) == list(ledger)


def test_sniffing_and_formats() -> None:
    assert dt.loads('[{"source": "s"}]')[0].source == "s"
    assert dt.loads("source\ns\n")[0].source == "s"
    with pytest.raises(ValueError, match="format="):
        dt.loads("x", "yaml")


def test_json_numbers_with_too_many_digits_are_located() -> None:
    with pytest.raises(InputError, match="more digits than any count") as info:
        dt.loads('[{"source": "s",\n "figures": {"launched": ' + "9" * 5000 + "}}]", name="r.json")
    assert (info.value.line, info.value.column) == (2, 26)


def test_a_quote_column_for_no_figure_is_an_error_of_the_header() -> None:
    with pytest.raises(InputError, match=r"quote\.lanched") as info:
        dt.loads("source,launched,quote.lanched\ns,5,\n", "csv", name="q.csv")
    assert (info.value.line, info.value.column) == (1, 3)


def test_a_schema_does_not_apply_to_the_air_force_dataset() -> None:
    sample = ROOT / "tests" / "data" / "af_daily_sample.csv"
    with pytest.raises(InputError, match="does not apply"):
        dt.load(sample, schema=Schema.from_dict({"extends": "default", "nodes": {}}))
    with pytest.raises(InputError, match="unknown column 'time_start'"):
        dt.load(sample, "csv")


# -- the fast CSV path reads exactly what the csv module reads ------------------------------

PLAIN_CELLS = st.sampled_from([
    "", "5", "0", "0007", "?", ">3", "~10", "1-2", " 7 ", "12\t", "x", "-1", "99999999999999", "9" * 13,
    "2024-12-21", "2024-12-21T19:00", "2024-13-01", "é", "a b", "launched.outcome", "Ukraine",
    "a region whose name is long", "\xa0x", "x\x0c", "Київ",
])
CSV_HEADER = ["id", "source", "launched", "shot_down", "diverted.Belarus", "complete", "window_start"]


def _outcome(read: Callable[[], dt.Ledger]) -> tuple[object, ...]:
    try:
        ledger = read()
    except InputError as exc:
        return ("error", str(exc))
    return ("ok", list(ledger), [r.location for r in ledger], ledger.keys, ledger.check().to_dict())


@given(
    rows=st.lists(st.lists(PLAIN_CELLS, min_size=len(CSV_HEADER), max_size=len(CSV_HEADER)), max_size=10),
    newline=st.sampled_from(["\n", "\r\n"]), trailing=st.booleans(), blank_at=st.none() | st.integers(1, 11),
)
def test_plain_csv_reads_the_same_fast_and_slow(
    rows: list[list[str]], newline: str, trailing: bool, blank_at: int | None
) -> None:
    lines = [",".join(CSV_HEADER), *(",".join(r) for r in rows)]
    if blank_at is not None:
        lines.insert(min(blank_at, len(lines)), "")
    text = newline.join(lines) + (newline if trailing else "")
    fast = _outcome(lambda: csv_format.read_csv(text, "f"))
    from_bytes = _outcome(lambda: dt.loads(text.encode(), "csv", name="f"))  # read in place, past the header
    assert from_bytes == fast
    slow = _outcome(lambda: csv_format.read_records(
        text.partition(newline)[2], CSV_HEADER, 2, dt.DEFAULT_SCHEMA, "f"))
    assert fast == slow


def test_the_fast_path_is_taken_for_plain_text_and_not_for_quotes() -> None:
    plain = "source,launched\na,1\nb,>2\n"
    assert _fastcsv.fields(plain.partition("\n")[2].encode(), 2) is not None
    assert _fastcsv.fields(b'a,"1"\n', 2) is None
    assert _fastcsv.fields(b"a,1\rb,2\r", 2) is None  # lines ending in a lone carriage return
    ledger = csv_format.read_csv(plain, "f")
    assert [str(r.figures["launched"]) for r in ledger] == ["1", ">2"]
    assert ledger.columns["launched"].lo.tolist() == [1, 3]


# -- JSON that the parser meets halfway ---------------------------------------------------


@pytest.mark.parametrize(("text", "where", "message"), [
    ('[{"source":"a","source":"b"}', "1:29", "not valid JSON"),
    ('[{"source":"a","source":"b"}, x]', "1:31", "not valid JSON"),
    ('{"reports": [{"source":"a","source":"b"}], }', "1:44", "not valid JSON"),
    ('[{"source":"a","figures":{"launched":1,"launched":2}}', "1:54", "not valid JSON"),
    ('[{"source":"a","source":"b"}]', "1:16", "given twice"),
    ("[" * 100_000, "1:65", "nested 100000 deep"),
    ('[{"source": "[[[[\\"", "x": ' + "[" * 70 + "]" * 70 + "}]", "1:90", "nested 72 deep"),
])
def test_json_that_breaks_halfway_gives_one_located_error(text: str, where: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        dt.loads(text, "json", name="r.json")
    assert str(caught.value).startswith(f"r.json:{where}: ") and message in str(caught.value)


JSON_VALUES = st.recursive(
    st.none() | st.integers(-5, 5) | st.text(alphabet='[]{}"\\ab\n', max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\k', max_size=3), inner,
                                                                 max_size=3),
    max_leaves=30,
)


def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    return 0


@given(JSON_VALUES, st.booleans())
def test_the_depth_scan_counts_brackets_outside_strings(value: object, ascii_only: bool) -> None:
    from dronetally.io.json_format import _depth

    assert _depth(json.dumps(value, ensure_ascii=ascii_only))[0] == depth_of(value)


# -- CSV for spreadsheets, read back as it was ----------------------------------------------


@given(st.text(alphabet="'=+-@\t\rab ,\"\n", max_size=8))
def test_guard_and_unguard_are_inverse_and_guard_leaves_no_formula(text: str) -> None:
    guarded = csv_format.guard(text)
    assert csv_format.unguard(guarded) == text
    assert guarded[:1] not in csv_format.FORMULA_STARTS


@pytest.mark.parametrize("source", ["=cmd|' /C calc'!A0", "+1", "-x", "@SUM(A1)", "'=quoted", "''=twice", "'plain",
                                    "a\rb", "tab\tinside"])
def test_text_that_spreadsheets_would_run_survives_a_round_trip(source: str) -> None:
    report = Report(source=source, figures={"launched": 10, "shot_down": 4}, weapon=source)
    text = dt.dumps([report], "csv")
    line = text.splitlines()[1]
    assert line[:1] not in csv_format.FORMULA_STARTS
    back = dt.loads(text, "csv")[0]
    assert (back.source, back.weapon) == (source, source)
    raw = dt.dumps([report], "csv", spreadsheet=False)
    if not source.startswith("'"):  # (raw, a ' before a formula's first character is taken as a guard)
        assert dt.loads(raw, "csv")[0].source == source


def test_text_is_held_without_outer_blanks_and_blank_text_is_none_in_every_way_in() -> None:
    made = Report(source=" Air Force ", weapon=" ", scope="\tUkraine", figures={"launched": 3},
                  metadata={"note": " kept ", "empty": "  "}, quotes={"launched": " 3 drones "})
    assert (made.source, made.weapon, made.scope) == ("Air Force", None, "Ukraine")
    assert dict(made.metadata) == {"note": "kept"} and dict(made.quotes) == {"launched": "3 drones"}
    columns = dt.Ledger.from_columns({"source": [" Air Force "], "weapon": [" "], "launched": [3]})
    assert columns[0].source == "Air Force" and columns[0].weapon is None
    for fmt in ("json", "csv"):  # and so a round trip keeps everything a report holds
        assert dt.loads(dt.dumps([made], fmt), fmt)[0] == made, fmt


def test_the_air_force_sample_written_as_csv_reads_back_the_same_with_its_overlapping_regions(tmp_path: Path) -> None:
    sample = dt.load(Path(__file__).with_name("data") / "af_daily_sample.csv")
    text = dt.dumps(list(sample), "csv")
    assert "overlapping" in text.splitlines()[0].split(",")
    back = dt.loads(text, "csv")
    assert list(back) == list(sample)
    assert back.check().counts() == sample.check().counts()
    path = tmp_path / "again.csv"
    path.write_text(text, encoding="utf-8")
    whole = [f.to_dict() for findings in dt.check_file(path) for f in findings]
    chunked = [f.to_dict() for findings in dt.check_file(path, chunk_rows=7) for f in findings]
    assert whole == chunked and len(whole) == len(back.check())


def test_an_overlapping_declaration_names_dimensions_of_the_schema() -> None:
    with pytest.raises(InputError) as caught:
        dt.loads("source,shot_down,overlapping\na,5,shot_down.colour\n", "csv", name="f.csv")
    assert str(caught.value).startswith("f.csv:2:3: overlapping: ")


def test_a_quote_for_a_node_without_a_figure_survives_a_csv_round_trip() -> None:
    # found by the round-trip fuzz target: CSV wrote quote columns only for nodes with a figure
    report = Report(source="MoD", figures={"shot_down": 42},
                    quotes={"shot_down": "42 intercepted", "shot_down.Oryol": "twenty over Oryol"})
    assert dt.loads(dt.dumps([report], "csv"), "csv")[0] == report


@given(st.lists(st.text("0123456789/:;?~>-+a\x00\xff", max_size=15) | st.integers(0, 10**13).map(str), min_size=1,
                max_size=30))
def test_the_fast_reader_takes_a_cell_as_a_count_exactly_when_it_is_plain_digits(cells: list[str]) -> None:
    raw = "".join(f"{c},x\n" for c in cells).encode("latin-1")
    found = _fastcsv.fields(raw, 2)
    assert found is not None
    values, plain = found.integers(0)
    for k, cell in enumerate(cells):
        expected = cell.isascii() and cell.isdigit() and len(cell) <= 13 and int(cell) <= dt.limits.MAX_COUNT
        assert bool(plain[k]) == expected, cell
        assert values[k] == (int(cell) if expected else 0), cell


@given(st.lists(st.text("ab9-:é ", max_size=20), min_size=1, max_size=6).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=60)))
def test_the_fast_reader_codes_texts_as_the_csv_module_path_does(cells: list[str]) -> None:
    # runs of one text, texts of one word and of three, the empty text, one text a row
    for column in (cells, sorted(cells), [f"{c}{k}" for k, c in enumerate(cells)]):
        raw = "".join(f"1,{c}\n" for c in column).encode()
        found = _fastcsv.fields(raw, 2)
        assert found is not None
        got = found.strings(1)
        want = Strings.of(c.strip() for c in column)
        assert [got.get(k) for k in range(len(column))] == [want.get(k) for k in range(len(column))]
        assert got.codes.tolist() == want.codes.tolist()


@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.lists(st.text("ab1 +(\r,", max_size=3), min_size=n, max_size=n), max_size=6),
    st.booleans())))
def test_the_one_scan_grid_finds_what_the_two_scan_grid_finds(case: tuple[int, list[list[str]], bool]) -> None:
    columns, rows, ended = case
    raw = ("\n".join(",".join(row) for row in rows) + ("\n" if ended and rows else "")).encode()
    data = np.frombuffer(raw, np.uint8)
    one = _fastcsv._separated(data, columns, 2)
    big = _fastcsv._BLOCK
    try:
        _fastcsv._BLOCK = -1  # the two scans, for any length
        two = _fastcsv._grid(raw, data, columns, 2)
    finally:
        _fastcsv._BLOCK = big
    if one is not None:  # the same ends and lines, and starts just after the ends before them
        assert two is not None
        _, end, line = one
        start = np.stack([_fastcsv._start_after(end, col) for col in range(columns)], axis=1)
        assert all(np.array_equal(a, b) for a, b in zip((start, end, line), two, strict=True))
    elif two is not None:  # it leaves to the two scans only texts with other bytes below "-"
        assert set(raw) - set(b"ab1,\n") or not raw


def test_a_nul_at_the_end_of_a_text_survives_a_csv_round_trip() -> None:
    # found by the round-trip fuzz target: the fast reader's fixed-width bytes dropped trailing NULs
    for source in ("!\x00", "\x00"):
        made = dt.Report(source=source, figures={"launched": 3})
        assert dt.loads(dt.dumps([made], "csv"), "csv")[0] == made


CELLS = {
    "id": ["", "r1", "r2", "r3"], "source": ["A", "B", '"B"'], "scope": ["", "Ukraine"],
    "window_start": ["", "2024-12-21"], "launched": ["", "10", ">4", "~10", "?", "3-5"],
    "shot_down": ["", "4", "?", "<=3"], "shot_down.Kursk": ["", "", "", "2", "?"], "shot_down.Oryol": ["", "1"],
    "complete": ["", "launched.outcome"], "overlapping": ["", "shot_down.region"], "meta.note": ["", "x", "y"],
    "quote.launched": ["", "said 10"],
}


@given(st.lists(st.tuples(*(st.sampled_from(v) for v in CELLS.values()), st.booleans()), max_size=12),
       st.integers(1, 4))
def test_a_file_loaded_in_chunks_is_the_file_loaded_whole(rows: list[tuple[str, ...]], chunk: int) -> None:
    import tempfile

    from dronetally import io as dio

    text = ",".join(CELLS) + "\n" + "".join(",".join(r[:-1]) + "\n" + ("\n" if r[-1] else "") for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.csv"
        path.write_text(text, encoding="utf-8")
        before = dio.LOAD_BYTES, dio.LOAD_ROWS
        dio.LOAD_BYTES, dio.LOAD_ROWS = chunk * 16, chunk  # a row or a few a chunk, quoted or not
        try:
            chunked = dt.load(path)
        finally:
            dio.LOAD_BYTES, dio.LOAD_ROWS = before
    whole = dt.loads(text.encode(), "csv", name=str(path))
    assert list(chunked) == list(whole) and chunked.keys == whole.keys and chunked.rows_read == whole.rows_read
    assert [f.to_dict() for f in chunked.check()] == [f.to_dict() for f in whole.check()]
    for name, strings in whole.meta.items():  # codes in order of first appearance, as if read at once
        assert np.array_equal(chunked.meta[name].codes, strings.codes) and list(chunked.meta[name].values) == list(
            strings.values), name


def test_load_reads_a_large_file_in_chunks_into_columns_made_once(tmp_path: Path, monkeypatch: Any) -> None:
    from dronetally import io as dio

    monkeypatch.setattr(dio, "LOAD_BYTES", 4096)
    rows = 3 * 4096 // 10 + 5  # rows of 10 to 20 bytes: three chunks at least, the later rows longer
    n = 2000  # rows of 4 bytes
    path = tmp_path / "big.csv"
    path.write_text("id,source,launched,shot_down\n" + "".join(f"r{i},s{i % 3},{10 + i % 7},{i % 5}\n"
                                                           for i in range(rows)))
    ledger = dt.load(path)
    assert len(ledger) == rows and ledger.line[-1] == rows + 1
    assert ledger.columns["launched"].hi is ledger.columns["launched"].lo  # exact everywhere: one array
    assert list(ledger.meta["id"].values[:2]) == ["r0", "r1"] and ledger.meta["id"].codes[-1] == rows - 1
    assert isinstance(ledger.meta["id"].values, dt.table.Utf8Values)  # ids stay bytes: no Python string a row
    assert list(ledger.meta["source"].values) == ["s0", "s1", "s2"]
    # a file whose first lines are long: the room guessed from the first chunk is too small, and grows
    uneven = tmp_path / "uneven.csv"
    uneven.write_text("id,source,launched,shot_down.region.south\n" + "".join(
        f"{'r' * 300}{i},s,{i},{'' if i % 3 else 1}\n" if i < 50 else f"r{i},s,{i},{'?' if i % 7 else ''}\n"
        for i in range(5000)))
    grown = dt.load(uneven)
    assert list(grown) == list(dt.loads(uneven.read_bytes(), "csv", name=str(uneven))) and len(grown) == 5000
    # bad cells in several chunks: every one, located
    bad = tmp_path / "bad.csv"
    bad.write_text("source,launched\n" + "a,1\n" * n + "a,x\n" + "a,1\n" * n + "a,-2\n")
    from dronetally.errors import InputErrors

    with pytest.raises(InputErrors) as caught:
        dt.load(bad)
    assert [e.line for e in caught.value.errors] == [n + 2, 2 * n + 3]


def test_every_bad_column_of_a_header_is_reported_with_the_name_it_likely_meant() -> None:
    header = "sorce,launched,shot_donw,shot_down.regoin.Kyiv,launched,quux"
    with pytest.raises(InputError) as caught:
        dt.loads(f"{header}\nx,1,2,3,4,5\n", "csv", name="h.csv")
    assert str(caught.value).splitlines() == [
        "h.csv:1:1: unknown column 'sorce'; did you mean 'source'?",
        "h.csv:1:3: unknown column 'shot_donw'; did you mean 'shot_down'?",
        "h.csv:1:4: unknown column 'shot_down.regoin.Kyiv'; did you mean 'shot_down.region.Kyiv'?",
        "h.csv:1:5: column 'launched' appears twice (columns 2 and 5)",
        "h.csv:1:6: unknown column 'quux': 'quux' is not a node of the schema. Metadata columns are id, source, "
        "scope, window_start, window_end, timezone, published, attacker, defender, weapon, link, complete; "
        "figure columns are node, node.part or node.dimension.part (declare others with --schema)",
    ]
    with pytest.raises(InputError, match=r"^h\.csv:1:1: missing required column 'source'$"):
        dt.loads("launched\n1\n", "csv", name="h.csv")


def test_chunked_codes_are_narrow_and_mean_what_the_whole_file_means(tmp_path: Path, monkeypatch: Any) -> None:
    import datetime as dt_
    import zoneinfo

    from dronetally import io as dio

    # 128 time zones (codes 0 to 127: int8, where one more wraps), 3 sources, 300 windows, an id a row:
    # read in chunks of a few hundred bytes, every column's codes come out as narrow as they can and
    # read as the file says
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z)[:128]
    day = dt_.date(2024, 1, 1)  # windows two days apart: no two pairs at one instant whatever their zones
    lines = [f"r{i},s{i % 3},Ukraine,{zones[i // 2 % 128]},{day + dt_.timedelta(days=i // 2 * 2)},"
             f"{10 + i % 2}\n" for i in range(600)]
    # and one instant written in the last zone (UTC-7) and the first (UTC): one window, and a disagreement
    lines += [f"x1,s1,Ukraine,{zones[127]},2030-05-31T17:00,6\n", f"x0,s0,Ukraine,{zones[0]},2030-06-01T00:00,5\n"]
    path = tmp_path / "zones.csv"
    path.write_text("id,source,scope,timezone,window_start,launched\n" + "".join(lines))
    monkeypatch.setattr(dio, "LOAD_BYTES", 512)
    chunked = dt.load(path)
    whole = dt.loads(path.read_bytes(), "csv", name=str(path))
    widths = {name: chunked.meta[name].codes.dtype for name in ("source", "timezone", "window_start", "id")}
    assert widths == {"source": np.int8, "timezone": np.int8, "window_start": np.int16, "id": np.int16}
    for name, strings in whole.meta.items():
        assert list(chunked.meta[name].to_array()) == list(strings.to_array()), name
    assert [f.to_dict() for f in chunked.check()] == [f.to_dict() for f in whole.check()]
    # each pair of rows is one window in one zone from two sources that disagree on launched; and the last two
    assert len(chunked.check().filter(rule="disagreement")) == 301


def test_json_lines_end_at_newlines_alone() -> None:
    # found by review: U+2028 may stand raw inside a JSON string, and str.splitlines() cut the line there
    text = '{"source": "b\u2028c", "figures": {"launched": 3}}\n{"source": "d\x85e", "figures": {"launched": 4}}\r\n'
    assert [r.source for r in dt.loads(text)] == ["b\u2028c", "d\x85e"]
    with pytest.raises(dt.InputError, match="a JSON list, not JSON Lines"):
        dt.loads('[{"source": "a"}]\n', "jsonl")


def test_a_named_node_in_one_text_keeps_the_blanks_of_its_part_name() -> None:
    report = dt.Report("A", figures={"shot_down": 3}, named="shot_down.region.Kyiv oblast; shot_down.region.Sumy")
    assert report.named == {"shot_down.region.Kyiv oblast", "shot_down.region.Sumy"}


def test_only_part_names_compare_without_case() -> None:
    schema = dt.Schema.from_dict({"extends": "default", "nodes": {"EW": {}, "ew": {}}})
    ledger = dt.loads("source,EW,ew\nA,1,2\n", "csv", schema=schema)  # two nodes of the schema: two columns
    assert dict(ledger[0].figures) == {"EW": dt.Count(1, 1), "ew": dt.Count(2, 2)}


# -- reading ahead on other threads ----------------------------------------------------------

from dronetally.io.chunks import ahead, chunks  # noqa: E402


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_ahead_gives_each_result_in_the_jobs_order_and_an_error_where_its_job_was(workers: int) -> None:
    import threading
    import time

    where: list[str] = []

    def work(job: int) -> int:
        time.sleep(0.002 * (job % 3))  # later jobs may finish first
        where.append(threading.current_thread().name)
        if job == 5:
            raise ValueError("job 5")
        return job * job

    got = []
    with pytest.raises(ValueError, match="job 5"):
        for result in ahead(iter(range(9)), work, workers=workers):
            got.append(result)
    assert got == [0, 1, 4, 9, 16]  # every result before the failing job's, in order, and none after
    assert all(name.startswith("dronetally-read") for name in where) == (workers > 0)
    assert list(ahead(iter(range(50)), lambda j: -j, workers=workers)) == [-j for j in range(50)]


def test_ahead_stops_its_threads_when_the_caller_stops_early() -> None:
    import threading

    results = ahead(iter(range(1000)), lambda j: j, workers=2)
    assert next(results) == 0
    results.close()  # as when the caller breaks out of its loop
    assert not [t for t in threading.enumerate() if t.name.startswith("dronetally-read")]


@pytest.mark.parametrize("workers", [0, 2])
def test_ahead_keeps_no_job_the_caller_is_past(workers: int) -> None:
    import weakref

    class Job:  # (a chunk's bytes cannot be watched by a weak reference)
        def __init__(self, k: int) -> None:
            self.k = k

    watched: list[weakref.ref[Job]] = []

    def made() -> Iterator[Job]:  # jobs made as they are taken, as chunks are read
        for k in range(6):
            job = Job(k)
            watched.append(weakref.ref(job))
            yield job
            del job

    results = ahead(made(), lambda job: job.k, workers=workers)
    got = [next(results) for _ in range(4)]
    # the first two were taken together before any work began, and once held by that list for good
    assert got == [0, 1, 2, 3] and watched[0]() is None and watched[1]() is None
    assert list(results) == [4, 5]


def test_a_chunk_read_by_size_is_one_read_cut_short_at_its_last_newline() -> None:
    import io as stdio

    text = b"".join(b"r%d,%d\n" % (k, k % 7) for k in range(20_000))
    size = 1 << 14
    pieces = list(chunks(stdio.BytesIO(text + b"last,1"), 1 << 14, None, 0, "f", size=size))
    assert b"".join(body for body, _ in pieces) == text + b"last,1"
    assert all(body.endswith(b"\n") and len(body) <= size + 16 for body, _ in pieces[:-1])
    lines = [line for _, line in pieces]
    assert lines == [2 + sum(body.count(b"\n") for body, _ in pieces[:k]) for k in range(len(pieces))]


    class OnlyRead:  # a file object without readinto: read in the same pieces
        def __init__(self, data: bytes) -> None:
            self.inner = stdio.BytesIO(data)

        def read(self, n: int = -1) -> bytes:
            return self.inner.read(n)

    again = list(chunks(OnlyRead(text + b"last,1"), 1 << 14, None, 0, "f", size=size))  # type: ignore[arg-type]
    assert [(bytes(body), line) for body, line in again] == [(bytes(body), line) for body, line in pieces]


@pytest.mark.parametrize("longest", [0, 1])
def test_a_line_one_byte_past_the_limit_is_refused_and_one_at_it_is_read(longest: int) -> None:
    import io as stdio

    from dronetally.limits import MAX_LINE_BYTES

    short = b"a,1\n" * 300_000  # a megabyte or so of short lines, then the long one, then more
    text = short + b"b," + b"9" * (MAX_LINE_BYTES - 2 + longest) + b"\n" + short
    read = lambda: list(chunks(stdio.BytesIO(text), 1 << 14, None, 0, "f", size=4 << 20))  # noqa: E731
    if longest:
        with pytest.raises(InputError, match="a record longer than") as caught:
            read()
        assert caught.value.line == 2 + 300_000  # the file's line: its header is line 1
    else:
        assert b"".join(body for body, _ in read()) == text


@given(st.lists(st.lists(st.text(alphabet="ab1,+!#$%&'()*\t \r-", max_size=4), min_size=3, max_size=3),
                min_size=1, max_size=6))
def test_the_fast_splitter_finds_the_fields_the_csv_module_finds(rows: list[list[str]]) -> None:
    import csv
    import io as stdio

    text = "".join(",".join(row) + "\n" for row in rows).encode()
    found = _fastcsv.fields(text, 3)
    records = [r for r in csv.reader(stdio.StringIO(text.decode(), newline="")) if r]
    if found is None:  # it may decline (lone returns, ragged rows): the csv path reads those
        return
    cells = [[found.cells(col, np.array([row]))[0] for col in range(3)] for row in range(len(found.line))]
    assert cells == [[cell.strip(" \t") for cell in r] for r in records if any(c.strip(" \t") for c in r)]


def test_the_threads_that_read_ahead_are_as_the_environment_asks(tmp_path: Path, monkeypatch: Any) -> None:
    from click.testing import CliRunner

    from dronetally.cli import main
    from dronetally.io.chunks import threads

    monkeypatch.setenv("DRONETALLY_THREADS", "0")
    assert threads() == 0
    monkeypatch.setenv("DRONETALLY_THREADS", "3")
    assert threads() == 3
    monkeypatch.delenv("DRONETALLY_THREADS")
    assert 0 <= threads() <= 2
    data = tmp_path / "r.csv"
    data.write_text("source,launched,shot_down\nA,10,3\n")
    done = CliRunner().invoke(main, ["check", str(data)], env={"DRONETALLY_THREADS": "two"})
    assert done.exit_code == 2 and "DRONETALLY_THREADS='two': give a whole number of threads" in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)


def test_one_job_is_worked_on_the_callers_thread() -> None:
    import threading

    names = list(ahead(iter([1]), lambda j: threading.current_thread().name, workers=2))
    assert names == [threading.current_thread().name]  # a small file starts no thread


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_a_job_that_cannot_be_taken_fails_after_the_results_before_it(workers: int) -> None:
    def jobs() -> Iterator[int]:
        yield from range(4)
        raise OSError("the file went away")

    got = []
    with pytest.raises(OSError, match="went away"):
        for result in ahead(jobs(), lambda j: 10 + j, workers=workers):
            got.append(result)
    assert got == [10, 11, 12, 13]  # (so a bad cell of an earlier chunk is told before a later chunk's error)


def test_an_earlier_chunks_bad_text_is_told_before_a_later_chunks_long_line(tmp_path: Path, monkeypatch: Any) -> None:
    from dronetally import io as dio
    from dronetally.limits import MAX_LINE_BYTES

    monkeypatch.setattr(dio, "LOAD_BYTES", 1 << 16)
    path = tmp_path / "r.csv"
    path.write_bytes(b"source,launched\n" + b"A,1\n" * 5 + b"B\xff,1\n" + b"A,1\n" * 100_000
                     + b"C," + b"9" * (MAX_LINE_BYTES + 10) + b"\n")
    with pytest.raises(InputError, match="byte 0xff is not UTF-8") as caught:
        dt.load(path)
    assert caught.value.line == 7


@pytest.mark.parametrize("chunk", [1, 1 << 21])
def test_a_window_that_ends_before_it_starts_is_told_whatever_other_rows_hold(
        tmp_path: Path, monkeypatch: Any, chunk: int) -> None:
    from dronetally import io as dio
    from dronetally.errors import InputErrors

    monkeypatch.setattr(dio, "LOAD_BYTES", chunk)  # a chunk a row, or the whole file in one
    path = tmp_path / "w.csv"
    path.write_text("id,source,window_start,window_end,launched\n"
                    "a,s,2024-01-05,2024-01-04T08:00,5\n"  # ends the day before it starts
                    "b,s,2024-01-05,yesterday,5\n"  # not a date: told as such, and no reason to skip row a
                    "c,s,2024-01-05,2024-01-05,5\n")
    with pytest.raises(InputErrors) as caught:
        dt.load(path)
    told = [(e.line, e.column, e.message) for e in caught.value.errors]
    assert [(line, column) for line, column, _ in told] == [(2, 4), (3, 4)]
    assert "is before window_start 2024-01-05" in told[0][2] and "not an ISO 8601 date" in told[1][2]


@pytest.mark.parametrize("chunk", [16, 1 << 21])
@pytest.mark.parametrize("ended", [True, False])
def test_a_byte_order_mark_that_starts_a_later_chunk_is_a_character_of_its_cell(
        tmp_path: Path, monkeypatch: Any, chunk: int, ended: bool) -> None:
    from dronetally import io as dio

    monkeypatch.setattr(dio, "LOAD_BYTES", chunk)  # a chunk a row, or the whole file in one
    # (a control byte the csv path strips sends the chunk there, where the text is decoded whole)
    text = "\ufeffid,source,launched\nr1,s,5\n\ufeffr2,s\x1c,5" + ("\n" if ended else "")
    path = tmp_path / "bom.csv"
    path.write_bytes(text.encode("utf-8"))  # the file's own mark is dropped; the one in a cell is kept
    assert [r.id for r in dt.load(path)] == [r.id for r in dt.loads(text.encode("utf-8"), "csv")] == ["r1", "\ufeffr2"]


@pytest.mark.parametrize("chunk", [16, 1 << 21])
def test_a_lone_carriage_return_ends_a_line_in_every_chunking(tmp_path: Path, monkeypatch: Any, chunk: int) -> None:
    from dronetally import io as dio
    from dronetally.errors import InputErrors

    monkeypatch.setattr(dio, "LOAD_BYTES", chunk)  # a chunk a row, or the whole file in one
    text = b"id,source,launched\nr1,s,5\rr2,s,6\nr3,s,bad"  # r2 on line 3 as the csv module reads it, r3 on 4
    path = tmp_path / "cr.csv"
    path.write_bytes(text)
    for read in (lambda: dt.load(path), lambda: dt.loads(text, "csv", name=str(path))):
        with pytest.raises(InputErrors) as caught:
            read()
        assert [(e.line, e.column) for e in caught.value.errors] == [(4, 3)]


@pytest.mark.parametrize("chunk", [16, 1 << 21])
def test_a_bad_byte_after_a_lone_carriage_return_is_told_on_the_same_line_in_every_chunking(
        tmp_path: Path, monkeypatch: Any, chunk: int) -> None:
    from dronetally import io as dio

    monkeypatch.setattr(dio, "LOAD_BYTES", chunk)
    text = b"id,source,launched\nr1,s,5\rr2,s,6\nr3,s\xff,7\n"  # r3 on line 4, as the csv module counts
    path = tmp_path / "cr.csv"
    path.write_bytes(text)
    with pytest.raises(InputError) as caught:
        dt.load(path)
    assert (caught.value.line, caught.value.column) == (4, 5)
