"""Every rule (README, "The model"; dronetally/rules.py) on hand-made accounts, the seed's figures among them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dronetally as dt
from dronetally import Count, Ledger, Report
from dronetally.ledger import to_python

UA = {"launched": 103, "shot_down": 52, "lost_track": 44, "diverted": 1, "diverted.Belarus": 1}


def findings(figures: dict[str, object], complete: set[str] | None = None) -> list[tuple[object, ...]]:
    report = Report(source="test", figures=figures, complete=frozenset(complete or ()))  # type: ignore[arg-type]
    return [(f.rule, f.node, f.dimension, f.lo, f.hi) for f in report.check()]


def errors(figures: dict[str, object], complete: set[str] | None = None) -> list[tuple[object, ...]]:
    report = Report(source="test", figures=figures, complete=frozenset(complete or ()))  # type: ignore[arg-type]
    return [(f.rule, f.node, f.dimension, f.lo, f.hi) for f in report.check().errors]


def test_seed_ukrainian_report_leaves_six_unexplained() -> None:
    (f,) = Report(source="Ukrainian military", figures=UA).check()  # type: ignore[arg-type]
    assert (f.rule, f.severity, f.dimension, f.lo, f.hi) == ("remainder", "info", "launched.outcome", 6, 6)
    assert f.share_lo == f.share_hi == pytest.approx(6 / 103)
    assert "6 of 103" in f.message and "5.8%" in f.message


def test_seed_ministry_report_leaves_22_not_placed_and_launched_at_least_42() -> None:
    got = findings({"shot_down": 42, "shot_down.Oryol": 20})
    assert got == [
        ("inferred-bound", "launched", None, 42, None),
        ("remainder", "shot_down", "shot_down.region", 22, 22),
    ]


def test_over_accounted_outcome() -> None:
    assert findings({"launched": 103, "shot_down": 52, "lost_track": 44, "hit": 10}) == [
        ("over-accounted", "launched", "launched.outcome", 3, 3)
    ]


def test_over_accounted_through_the_tree() -> None:
    figures = {"launched": 103, "shot_down": 52, "lost_track": 44, "diverted.Belarus": 5, "diverted.Russia": 3}
    assert errors(figures) == [("over-accounted", "launched", "launched.outcome", 1, 1)]


def test_one_defect_one_finding_where_it_is() -> None:
    assert errors({**UA, "diverted.Belarus": 10}) == [
        ("over-accounted", "diverted", "diverted.destination", 9, 9)
    ]
    # the outcome still balances from diverted's own figure: its remainder stays 6
    assert ("remainder", "launched", "launched.outcome", 6, 6) in findings({**UA, "diverted.Belarus": 10})


def test_under_accounted_complete_dimension() -> None:
    got = findings({"launched": 100, "shot_down": 60, "lost_track": 20}, {"launched.outcome"})
    assert got == [("under-accounted", "launched", "launched.outcome", 20, 20)]


def test_complete_dimension_that_balances_is_silent() -> None:
    assert findings({"launched": 80, "shot_down": 60, "lost_track": 20}, {"launched.outcome"}) == []


def test_dimensions_disagree_names_both() -> None:
    report = Report(
        source="test",
        figures={"shot_down": 60, "lost_track": 40, "launched.weapon.A": 50, "launched.weapon.B": 40},
        complete=frozenset({"launched.outcome", "launched.weapon"}),
    )
    (f,) = report.check()
    assert f.rule == "dimensions-disagree" and f.severity == "error"
    assert {f.dimension, f.other_dimension} == {"launched.outcome", "launched.weapon"}
    assert (f.lo, f.hi) == (10, 10)


def test_inference_of_a_named_node() -> None:
    got = findings({"launched": 24, "shot_down": 17, "lost_track": "?"}, {"launched.outcome"})
    assert got == [("inferred-bound", "lost_track", None, 7, 7)]


def test_named_node_in_a_partial_dimension_is_bounded_above_only() -> None:
    got = findings({"launched": 24, "shot_down": 17, "lost_track": "?"})
    assert ("inferred-bound", "lost_track", None, 0, 7) in got
    assert ("remainder", "launched", "launched.outcome", 0, 7) in got


def test_intervals_give_interval_remainders() -> None:
    assert findings({"launched": ">40", "shot_down": ">=30"}) == [
        ("remainder", "launched", "launched.outcome", 0, None)
    ]
    assert findings({"launched": "40-50", "shot_down": ">=30"}) == [
        ("remainder", "launched", "launched.outcome", 0, 20)
    ]
    assert findings({"launched": 100, "shot_down": "60-70"}) == [
        ("remainder", "launched", "launched.outcome", 30, 40)
    ]
    (f,) = Report(source="t", figures={"launched": 100, "shot_down": "60-70"}).check()
    assert (f.share_lo, f.share_hi) == (0.3, 0.4)


def test_interval_overlap_is_not_an_error() -> None:
    # "about 100" launched, 52 + 44 + 10 = 106 fits inside ~100 = 90-110
    assert errors({"launched": "~100", "shot_down": 52, "lost_track": 44, "hit": 10}) == []


def test_partial_dimension_without_a_stated_node_infers_a_floor() -> None:
    assert findings({"diverted.Belarus": 5, "diverted.Russia": 3}) == [
        ("inferred-bound", "launched", None, 8, None),
        ("inferred-bound", "diverted", None, 8, None),
    ]


def test_a_node_found_exactly_by_the_other_figures_gets_the_remainder_of_its_breakdown() -> None:
    # shot down ? (region A 3), but launched 10 = shot down + lost track 2: shot down is 8, 5 of it not placed
    for shot_down in ({"shot_down": "?"}, {}):
        figures = {"launched": 10, **shot_down, "shot_down.A": 3, "lost_track": 2}
        assert findings(figures, {"launched.outcome"}) == [
            ("remainder", "shot_down", "shot_down.region", 5, 5),
            ("inferred-bound", "shot_down", None, 8, 8),
        ]
    report = Report(source="t", figures={"launched": 10, "shot_down": "?", "shot_down.A": 3, "lost_track": 2},
                    complete=frozenset({"launched.outcome"}))  # type: ignore[arg-type]
    (remainder,) = report.check().filter(rule="remainder")
    assert remainder.message == ("leaves 5 of shot down, written ? and 8 by the other figures (62.5% of 8), "
                                 "not placed by region")
    # found only as a range (at most 10, from launched): no remainder, which would be a range from 0
    assert all(f[2] != "shot_down.region" for f in findings({"launched": 10, "shot_down.A": 3}))


def test_a_share_says_what_it_is_of_when_the_other_figures_tighten_the_written_one() -> None:
    report = Report(source="t", figures={"launched": ">=10", "shot_down": 8, "lost_track": 4,  # type: ignore[arg-type]
                                         "launched.weapon.Shahed": 5}, complete=frozenset({"launched.outcome"}))
    (f,) = report.check().filter(rule="remainder")
    assert (f.lo, f.hi, f.share_lo) == (7, 7, pytest.approx(7 / 12))
    assert f.message == ("leaves 7 of launched, written >=10 and 12 by the other figures (58.3% of 12), "
                         "with no weapon given")
    # where the written figure is what the share is of, it is said once, as before
    (seed,) = Report(source="t", figures=UA).check()  # type: ignore[arg-type]
    assert seed.message == "leaves 6 of 103 launched (5.8%) unexplained"


def test_unstated_parts_do_not_take_part() -> None:
    # hit and airborne are not stated, so a complete outcome means they are 0
    got = findings({"launched": 96, "shot_down": 61, "lost_track": 31, "diverted": "?"}, {"launched.outcome"})
    assert got == [("inferred-bound", "diverted", None, 4, 4)]


def test_downward_sweep_bounds_a_grandchild() -> None:
    # launched 10 = shot_down 4 + lost_track 6 (complete): shot_down's region parts fit in 4
    ledger = Ledger([
        Report(source="t", figures={"launched": 10, "lost_track": 6, "shot_down.X": "?"},
               complete=frozenset({"launched.outcome", "shot_down.region"})),
    ])
    bounds = ledger.bounds()
    lo, hi = bounds["shot_down"]
    assert (int(lo[0]), to_python(hi[0])) == (4, 4)
    lo, hi = bounds["shot_down.region.X"]
    assert (int(lo[0]), to_python(hi[0])) == (4, 4)


def test_ledger_checks_reports_independently() -> None:
    reports = [
        Report(source="a", figures=UA),  # type: ignore[arg-type]
        Report(source="b", figures={"launched": 103, "shot_down": 52, "lost_track": 44, "hit": 10}),
        Report(source="c", figures={"shot_down": 42, "shot_down.Oryol": 20}),
    ]
    result = Ledger(reports).check()
    assert [(f.report, f.rule) for f in result] == [
        (0, "remainder"), (1, "over-accounted"), (2, "inferred-bound"), (2, "remainder")
    ]
    assert [f.report for f in result.errors] == [1]
    for i, report in enumerate(reports):
        alone = [(f.rule, f.node, f.dimension, f.lo, f.hi) for f in report.check()]
        assert alone == [(f.rule, f.node, f.dimension, f.lo, f.hi) for f in result.filter(report=i)]


def test_findings_filter_and_export() -> None:
    result = Ledger([Report(source="a", figures=UA), Report(source="b", figures={"shot_down": 42})]).check()  # type: ignore[arg-type]
    assert len(result.filter(rule="remainder")) == 1
    assert len(result.filter(report="b")) == 1
    assert len(result.filter(node="launched.outcome")) == 1
    assert len(result.filter(severity="info")) == len(result)
    assert len(result.filter(at_least="warning")) == 0
    assert not result.fails("error") and result.fails("info") and not result.fails("never")
    d = result.to_dict()
    assert d["reports"] == 2 and d["counts"] == {"error": 0, "warning": 0, "info": 2}
    assert d["findings"][0]["lo"] == 6 and d["findings"][0]["dimension"] == "launched.outcome"
    with pytest.raises(ValueError, match="rule="):
        result.filter(rule="no-such-rule")


def test_exact_columns_share_one_array() -> None:
    ledger = Ledger([Report(source="a", figures=UA), Report(source="b", figures={**UA, "launched": ">100"})])  # type: ignore[arg-type]
    assert ledger.columns["shot_down"].exact
    assert ledger.columns["shot_down"].hi is ledger.columns["shot_down"].lo
    assert not ledger.columns["launched"].exact


def test_unbounded_never_reaches_a_sum_or_output() -> None:
    reports = [Report(source="t", figures={"launched": ">=1", f"launched.weapon.W{i}": Count(0, None)})
               for i in range(3)]
    for f in Ledger(reports).check():
        assert f.hi is None or f.hi < 10**12
        assert "9223372036854775807" not in f.message


def test_every_pair_of_disagreeing_dimensions_is_found() -> None:
    schema = dt.Schema.from_dict({"nodes": {"x": {"a": "open", "b": "open", "c": "open", "d": "open"}}})
    report = Report(source="s", schema=schema, complete=frozenset({"x.b", "x.d"}),
                    figures={"x.a.A": 20, "x.b.B": 10, "x.c.C": 12, "x.d.D": 11})
    found = report.check()
    assert {(f.dimension, f.other_dimension) for f in found.errors} == {("x.a", "x.b"), ("x.c", "x.d")}
    lo, hi = Ledger([report]).bounds()["x"]
    assert lo[0] <= hi[0]


def test_shares_of_an_interval_whole_are_those_the_figures_allow() -> None:
    # issue 10, item 0: dividing the remainder's bounds by the other end of the node's gave 25%-100%,
    # 0-100%, 36.4%-66.7% and an upper 5.3%
    cases = {("100-200", 50): (0.5, 0.75), (">=100", 50): (0.5, 1.0), ("~100", 50): (40 / 90, 60 / 110),
             ("<~100", 95): (0.0, 0.05)}
    for (launched, shot_down), (lo, hi) in cases.items():
        (f,) = Report(source="s", figures={"launched": launched, "shot_down": shot_down}).check()
        assert (f.share_lo, f.share_hi) == (pytest.approx(lo), pytest.approx(hi)), (launched, shot_down)


@given(st.integers(0, 12), st.integers(0, 6), st.integers(0, 12), st.integers(0, 6), st.none() | st.integers(0, 6))
def test_a_remainder_share_is_the_range_over_every_value_the_figures_allow(
        a: int, wide: int, c: int, spread: int, lost: int | None) -> None:
    figures: dict[str, object] = {"launched": f"{a}-{a + wide}", "shot_down": f"{c}-{c + spread}"}
    if lost is not None:
        figures["lost_track"] = lost
    shares = [(n - s - (lost or 0)) / n for n in range(max(a, 1), a + wide + 1) for s in range(c, c + spread + 1)
              if s + (lost or 0) <= n]
    found = Report(source="s", figures=figures).check().filter(rule="remainder")
    if not shares or max(shares) == 0:  # nothing can be left (or the figures cannot all be true)
        assert len(found) == 0
        return
    (f,) = found
    assert (f.share_lo, f.share_hi) == (pytest.approx(min(shares)), pytest.approx(max(shares)))
