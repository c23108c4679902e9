"""Hostile input: whatever the bytes, reading gives reports or one located InputError."""

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import dronetally as dt
from dronetally import InputError
from dronetally.cli import main
from dronetally.io.af_daily import whole

HEADER = ["source", "launched", "shot_down", "lost_track", "diverted.Belarus", "complete", "window_start"]
CELLS = st.sampled_from(["", "5", "?", ">3", "-1", "x", "~10", "1-2", "2-1", "launched.outcome", "\"", ",", "\n",
                         "2024-12-21", "99999999999999999", "é", "\x00"])


def read(data: bytes | str, fmt: str | None = None) -> None:
    try:
        ledger = dt.loads(data, fmt, name="f")
    except InputError as exc:
        assert exc.file == "f"
        # one located line per bad place (every bad cell of a file is listed)
        places = getattr(exc, "errors", [exc])
        lines = str(exc).splitlines()
        assert len(lines) == len(places) + (1 if getattr(exc, "more", 0) else 0)
        assert all(e.file == "f" and str(e).startswith("f") for e in places)
        if len(places) > 1:  # several bad places: each has its own line and column
            assert all(e.line is not None and e.column is not None for e in places)
        return
    ledger.check()


@given(st.binary(max_size=200))
def test_any_bytes(data: bytes) -> None:
    read(data)


@given(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6))
def test_csv_like_text(rows: list[list[str]]) -> None:
    text = "\n".join([",".join(HEADER), *(",".join(r) for r in rows)])
    read(text, "csv")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**13) | st.floats(allow_nan=False) | CELLS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["source", "figures", "launched", "outcome", "shot_down", "count", "region", "x",
                         "complete", "reports", "schema"]), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_json_shaped_values(value: object) -> None:
    read(json.dumps(value), "json")
    read(json.dumps([{"source": "s", "figures": value}]), "json")


# -- the smaller holes: one answer in every reader -----------------------------------------


@pytest.mark.parametrize("text", ["42", "null", "true", "-1.5e3 \n"])
def test_one_json_value_on_stdin_is_json_that_is_not_a_list_of_reports(text: str) -> None:
    result = CliRunner().invoke(main, ["check", "-"], input=text)
    assert result.exit_code == 2
    assert result.output == '<stdin>:1:1: expected a list of reports, or an object with "reports"\n'


@pytest.mark.parametrize("cell", ["١٢٣", "１２３", ">١٠", "1٠-20"])
def test_digits_are_ascii_digits_in_every_reader(cell: str) -> None:
    for text, fmt in ((f"source,launched\na,{cell}\n", "csv"),
                      (f"source,launched\n\"a\",{cell}\n", "csv"),  # a quote: the csv module's path
                      (json.dumps([{"source": "a", "figures": {"launched": cell}}]), "json")):
        with pytest.raises(InputError, match="is not a count"):
            dt.loads(text, fmt, name="f")
    with pytest.raises(ValueError, match="is not a number"):
        whole(cell)


@pytest.mark.parametrize("cell", ["1_000", "1e3", "inf", "NaN", "0x10", "+5"])
def test_the_air_force_reader_takes_plain_decimals_only(cell: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        whole(cell)
    assert whole("236.0") == 236 and whole(" 7 ") == 7


def test_a_bound_past_the_largest_count_says_so() -> None:
    for cell in ("<1000000000001", ">=1000000000001", "1-1000000000001", "10000000000000"):
        with pytest.raises(InputError, match="is larger than 1,000,000,000,000"):
            dt.loads(f"source,launched\na,{cell}\n", "csv", name="f")


def test_a_long_value_is_cut_in_its_message() -> None:
    for text in ("source,launched\na," + "x" * 100_000 + "\n", "source," + "z" * 100_000 + "\na,1\n",
                 "source,launched,window_start\na,1," + "y" * 100_000 + "\n"):
        with pytest.raises(InputError) as caught:
            dt.loads(text, "csv", name="f")
        assert len(str(caught.value)) < 600 and "100,000 characters" in str(caught.value)


def test_quotes_and_json_paths_are_held_to_the_limits_too() -> None:
    text = json.dumps([{"source": "A", "figures": {"launched": 5}, "quotes": {"launched": "v" * 50_000}}])
    with pytest.raises(InputError, match="is longer than 10,000 characters"):
        dt.loads(text, "json", name="f")
    with pytest.raises(InputError) as caught:
        dt.loads(json.dumps([{"source": "A", "figures": {"k" * 20_000: 5}}]), "json", name="f")
    assert len(str(caught.value)) < 400


def test_a_schema_value_of_the_wrong_type_or_for_no_dimension_is_refused() -> None:
    for spec in ({"nodes": {"a": {}}, "remainder_labels": []}, {"nodes": {"a": {}}, "defaults": []},
                 {"nodes": {"a": {"d": "open"}}, "remainder_labels": {"zz.qq": "x"}}):
        with pytest.raises(dt.SchemaError):
            dt.Schema.from_dict(spec)


def test_markdown_and_tables_escape_a_letter_mark_and_markup() -> None:
    text = "source,launched,shot_down.region.<img src=x onerror=alert(1)>\n\u061cA,9,3\n"
    result = CliRunner().invoke(main, ["show", "-", "-f", "markdown"], input=text)
    assert result.exit_code == 0 and "\u061c" not in result.output and "\\u061c" in result.output
    assert "<img" not in result.output and "&lt;img" in result.output
