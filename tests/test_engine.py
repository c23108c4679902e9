"""The engine's fast path (every part a stated exact figure) gives what the general path gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import dronetally as dt
from dronetally.engine import propagate

NODES = ("launched", "shot_down", "lost_track", "diverted", "hit", "airborne")
rows = st.lists(st.tuples(*(st.integers(0, 60) for _ in NODES)), min_size=1, max_size=40)


@given(rows, st.booleans())
def test_exact_columns_give_what_ranges_give(figures: list[tuple[int, ...]], complete: bool) -> None:
    columns = {k: np.array([r[i] for r in figures], np.int64) for i, k in enumerate(NODES)}
    done = ["launched.outcome" if complete else ""] * len(figures)
    fast = dt.Ledger.from_columns({"source": ["s"] * len(figures), "complete": done, **columns})
    assert all(g.exact for g in propagate(fast).groups if g.group.parts)
    # one more report with a range in every column: no column is exact, and the general path runs
    general = dt.Ledger.from_columns({
        "source": ["s"] * (len(figures) + 1), "complete": [*done, ""],
        **{k: [*v.tolist(), "1-2"] for k, v in columns.items()},
    })
    assert not any(g.exact for g in propagate(general).groups if g.group.parts)
    expected = general.check().filter(report=len(figures)).arrays  # the extra report's own findings, to drop
    both = general.check()
    kept = both[: len(both) - len(expected["report"])]
    assert [f.to_dict() for f in kept] == [f.to_dict() for f in fast.check()]
    for key in NODES:
        assert (general.bounds()[key][0][:-1] == fast.bounds()[key][0]).all()
        assert (general.bounds()[key][1][:-1] == fast.bounds()[key][1]).all()
