"""The fuzz targets of fuzz/harness.py, fed by Hypothesis in the normal
suite: readers refuse with located errors or read; what reads is written
back the same in JSON and CSV; every output format reads back."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

_spec = importlib.util.spec_from_file_location("harness", Path(__file__).parents[1] / "fuzz" / "harness.py")
assert _spec is not None and _spec.loader is not None
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

HEADERS = ["source", "launched", "shot_down", "lost_track", "scope", "window_start", "weapon", "complete", "id",
           "diverted.Belarus", "link"]
CELLS = st.sampled_from(["", "5", "12", "?", ">3", "~10", "1-2", "<=4", "=x", "-1", " a ", "\"", ",", "\r",
                         "Ukraine", "2024-12-21", "2024-12-21T19:00", "launched.outcome", "é", "\u202e", "@"])


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    columns = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(columns), max_size=len(columns)), max_size=5))
    quote = draw(st.booleans())

    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if quote or any(c in text for c in ',"\r\n') else text

    return "\n".join([",".join(columns), *(",".join(cell(c) for c in row) for row in rows)]).encode()


REPORT = st.fixed_dictionaries(
    {"source": st.text(max_size=4)},
    optional={"figures": st.dictionaries(st.sampled_from(["launched", "shot_down", "lost_track", "diverted"]),
                                         st.integers(0, 20) | st.sampled_from([">3", "~5", "?", "1-4"]), max_size=3),
              "scope": st.sampled_from(["Ukraine", "south"]), "window_start": st.sampled_from(["2024-12-21"]),
              "weapon": st.text(max_size=3)},
)
INPUTS = st.one_of(st.binary(max_size=200), csv_bytes(),
                   st.lists(REPORT, max_size=4).map(lambda r: json.dumps(r).encode()))


@pytest.mark.parametrize("name", sorted(harness.TARGETS))
def test_each_fuzz_target_holds_on_generated_input(name: str) -> None:
    target: Callable[[bytes], None] = harness.TARGETS[name]

    @settings(max_examples=60, deadline=None)
    @given(INPUTS)
    def run(data: bytes) -> None:
        target(data)

    run()


def test_render_target_tells_an_escape_in_the_data_from_a_raw_control_character() -> None:
    # A source written with the four characters \x00 is shown as they are; the
    # check for raw control characters must not take them for a NUL.
    harness.render(rb'[{"source": "a\\x00b", "figures": {"launched": 5, "shot_down": 7}}]')
