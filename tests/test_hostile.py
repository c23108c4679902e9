"""Hostile input: whatever the bytes, reading gives reports or one located InputError."""

import json

from hypothesis import given
from hypothesis import strategies as st

import dronetally as dt
from dronetally import InputError

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
