"""Which figure is likely wrong: hints on error findings, never a changed figure."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import dronetally as dt
from dronetally.hints import Repair, repairs, slips


def test_the_air_force_slip_of_line_1805_is_found_and_ranked_first() -> None:
    # launched 16, destroyed 15, not reached 11: launched 26 balances it exactly, one digit from 16
    ledger = dt.Ledger.from_columns({"source": ["af"], "launched": [16], "shot_down": [15], "lost_track": [11]})
    (f,) = ledger.check().errors
    assert f.hint == ("launched 26 for 16? (one digit, and a breakdown then adds up exactly); "
                      "any one alone would do: launched >=26, shot down 0-5, lost track 0-1")
    assert ledger.columns["launched"].lo.tolist() == [16]  # a hint never changes a figure
    (found,) = repairs(ledger, [0]).values()
    assert [(r.key, r.lo, r.hi) for r in found] == [("launched", 26, None), ("shot_down", 0, 5), ("lost_track", 0, 1)]


def test_a_figure_between_two_checks_is_the_one_that_alone_mends_both() -> None:
    ledger = dt.Ledger.from_columns({"source": ["s"], "launched": [10], "shot_down": [12],
                                     "launched.weapon.Shahed": [15]})
    found = ledger.check().errors
    assert len(found) == 2 and found[0].hint == found[1].hint
    assert found[0].hint is not None and found[0].hint.endswith("any one alone would do: launched >=15")


def test_swapped_digits_and_a_copied_figure() -> None:
    assert [(s.kind, s.value) for s in slips(91, 0, 30, {})] == [
        ("one digit", 21), ("one digit", 11), ("swapped digits", 19)]  # nearest first
    assert slips(12, 0, 5, {"launched": 12})[-1].copied_from == "launched"
    assert slips(5, 7, 7, {}) == (dt.hints.Slip("one digit", 7, balances=True),)
    assert slips(10, 0, 9, {}) == ()  # no leading zero: 10 does not come from 00


def test_where_no_figure_alone_would_do_the_pairs_that_would_and_no_hint_on_other_findings() -> None:
    # shot down above launched, and Belarus above diverted: two constraints with no figure in common
    ledger = dt.Ledger.from_columns({"source": ["s", "s"], "launched": [10, 103], "shot_down": [30, 52],
                                     "diverted": [2, 1], "diverted.destination.Belarus": [5, 1]})
    found = ledger.check()
    assert [f.report for f in found.errors] == [0, 0]
    assert found.errors[0].hint == found.errors[1].hint == (
        "no one figure alone would do; launched 40 for 10 and Belarus 2 for 5? (one digit each); "
        "any one pair would do: launched >=32 with Belarus 0-2, launched >=35 with diverted >=5, "
        "shot down 0-8 with Belarus 0-2, shot down 0-5 with diverted 5-10")
    assert all(f.hint is None for f in found if f.severity != "error")
    (mended,) = repairs(ledger, [0]).values()
    assert len(mended) == 0 and len(mended.pairs) == 4 and mended.more_pairs == 0
    # with too many figures to pair, no pairs are tried
    wide = {f"launched.weapon.w{i}": [0] for i in range(dt.hints.PAIRED)}
    assert dt.Ledger.from_columns({"source": ["s"], "launched": [10], "shot_down": [30], "diverted": [2],
                                   "diverted.destination.Belarus": [5], **wide}).check().errors[0].hint is None


@given(st.lists(st.integers(0, 60), min_size=5, max_size=5))
def test_every_figure_of_a_pair_makes_the_report_consistent_with_the_other_unknown(figures: list[int]) -> None:
    keys = ["launched", "shot_down", "lost_track", "diverted", "diverted.destination.Belarus"]
    given_ = dict(zip(keys, figures, strict=True))
    ledger = dt.Ledger.from_columns({"source": ["s"], **{k: [v] for k, v in given_.items()}})
    assume(len(ledger.check().errors) > 0)
    (found,) = repairs(ledger, [0], limit=None).values()
    assert not (found and found.pairs)  # pairs only where no figure alone would do
    if found.slips_fit:  # the slips the hint names for the first pair mend the report together
        values = {r.key: r.slips[0].value for r in found.pairs[0]}
        assert not dt.Ledger.from_columns({"source": ["s"], **{k: [values.get(k, v)] for k, v in given_.items()}}
                                          ).check().errors
    for pair in found.pairs:
        for r, other in (pair, pair[::-1]):
            for value in (r.lo, *([r.hi] if r.hi is not None else [])):
                mended = dt.Ledger.from_columns({"source": ["s"], **{k: [v] for k, v in given_.items()},
                                                 r.key: [value], other.key: ["?"]})
                assert not mended.check().errors, (pair, r.key, value)
            # and no figure of the pair alone would have done: the set is a smallest one
            alone = dt.Ledger.from_columns({"source": ["s"], **{k: [v] for k, v in given_.items()}, r.key: ["?"]})
            assert alone.check().errors, (pair, r.key)


@given(st.integers(0, 2000), st.integers(0, 2000), st.integers(0, 2000))
def test_every_value_a_hint_offers_makes_the_report_consistent(launched: int, shot_down: int, lost: int) -> None:
    ledger = dt.Ledger.from_columns({"source": ["s"], "launched": [launched], "shot_down": [shot_down],
                                     "lost_track": [lost]})
    figures = {"launched": launched, "shot_down": shot_down, "lost_track": lost}
    assume(len(ledger.check().errors) > 0)  # hints are for reports that cannot be true as written
    for r in repairs(ledger, [0])[0]:
        assert not r.lo <= figures[r.key] <= (r.hi if r.hi is not None else figures[r.key])  # it is a change
        for value in {r.lo, *([r.hi] if r.hi is not None else []), *(s.value for s in r.slips if s.value)}:
            mended = dt.Ledger.from_columns({"source": ["s"], **{k: [v] for k, v in figures.items()},
                                             r.key: [value]})
            assert not mended.check().errors, (r, value)


def test_a_repair_ranks_a_balancing_slip_first() -> None:
    plain = Repair("a", 5, 0, 3)
    slip = Repair("b", 16, 26, None, slips(16, 26, None, {}))
    assert sorted([plain, slip], key=Repair.rank) == [slip, plain]


def test_the_hint_is_in_every_output_that_has_messages() -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from dronetally.cli import main

    reports = str(Path(__file__).resolve().parents[1] / "examples" / "reports.csv")
    jsonl = CliRunner().invoke(main, ["check", reports, "-f", "jsonl", "--verbose"]).stdout
    (error,) = [line for line in jsonl.splitlines() if '"severity": "error"' in line]
    assert '"hint": "launched 26 for 16? (one digit, and a breakdown then adds up exactly)' in error
    assert '"hint"' not in jsonl.replace(error, "")  # only errors have one
    table = CliRunner().invoke(main, ["check", reports]).stdout
    assert "more than launched 16. Hint: launched 26 for 16?" in table
    csv = CliRunner().invoke(main, ["check", reports, "-f", "csv"]).stdout
    assert csv.splitlines()[0].endswith(",message,hint")


def test_a_warning_beside_the_error_does_not_take_the_hint_away() -> None:
    # a region above shot down, where regions may overlap: a warning; shot down and lost track above launched: the error
    schema = dt.Schema.from_dict({"extends": "default", "nodes": {}, "overlapping": ["shot_down.region"]})
    ledger = dt.Ledger.from_columns({"source": ["s"], "launched": [16], "shot_down": [15], "lost_track": [11],
                                     "shot_down.region.Kyiv": [17], "shot_down.region.Odesa": [9]}, schema=schema)
    found = ledger.check()
    assert [f.severity for f in found if f.rule == "over-accounted"] == ["error", "warning"]
    (error,) = found.errors
    assert error.hint is not None
    assert error.hint.startswith("launched 26 for 16? (one digit, and a breakdown then adds up exactly)")


def test_a_wide_report_lists_its_likeliest_repairs_and_counts_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    parts = {f"launched.weapon.w{i}": [1, 1] for i in range(30)}
    ledger = dt.Ledger.from_columns({"source": ["s", "s"], "launched": [29, 29], **parts})
    (f, g) = ledger.check().errors
    assert f.hint is not None and f.hint.endswith(", and 23 more figures") and f.hint == g.hint
    whole = repairs(ledger, [0, 1], limit=None)
    assert [len(r) for r in whole.values()] == [31, 31] and whole[0].more == 0
    monkeypatch.setattr(dt.hints, "_CELLS", 40)  # a variant or two at a time: the same answers
    assert repairs(ledger, [0, 1], limit=None) == whole


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5), st.integers(0, 4)), max_size=40))
def test_a_figure_written_as_another_of_its_report_is_found_copied(cells: list[tuple[int, int, int]]) -> None:
    import numpy as np

    cells = list({(r, k): (r, k, w) for r, k, w in cells}.values())  # one figure per (report, key)
    row, key, written = (np.array([c[i] for c in cells], dtype=np.int64) for i in range(3))
    got = dt.hints._copied(row.astype(np.intp), key.astype(np.intp), written).tolist()
    expected = [min((k2 for r2, k2, w2 in cells if r2 == r and w2 == w and k2 != k), default=-1)
                for r, k, w in cells]
    assert got == expected


@given(st.integers(0, 10**18 * 9), st.integers(0, 10**6), st.one_of(st.none(), st.integers(0, 10**6)), st.booleans(),
       st.sampled_from([1, 10, 10**9, 10**17]))
def test_ranks_worked_out_as_arrays_are_those_of_the_repairs(written: int, lo: int, hi: int | None, copied: bool,
                                                            scale: int) -> None:
    import numpy as np

    from dronetally.table import UNBOUNDED

    written //= scale  # figures of every length, a few past 10**17
    lo, hi = lo * (written // 1000 + 1) // 1000, None if hi is None else max(hi, lo) * (written // 1000 + 1) // 1000
    repair = Repair("a", written, lo, hi, slips(written, lo, hi, {"b": written} if copied else {}))
    ranks = dt.hints.rank_arrays(np.array([written]), np.array([lo]), np.array([UNBOUNDED if hi is None else hi]),
                                 np.array([copied]))
    assert tuple(int(r[0]) for r in ranks) == repair.rank()


def test_a_pair_of_slips_is_named_only_where_the_two_together_mend_the_report() -> None:
    # found in review: 86 for 56 and 63 for 33 are each within range with the other unknown, not together
    report = dt.Report(source="a", figures={"launched": 56, "shot_down": 33, "shot_down.Kyiv oblast": 20,
                                            "shot_down.Kyiv": 36, "lost_track": 22, "diverted": 2})
    hint = report.check().errors[0].hint
    assert hint is not None and hint.startswith("no one figure alone would do; any one pair would do: ")
    (found,) = repairs(dt.Ledger([report]), [0]).values()
    assert found.pairs and not found.slips_fit
