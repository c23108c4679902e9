"""Findings held as arrays: counted and filtered there, made into objects only when asked."""

from __future__ import annotations

import numpy as np
import pytest

import dronetally as dt
from dronetally.findings import FIELDS, RULES, Finding

UA = {"launched": 103, "shot_down": 52, "lost_track": 44, "diverted": 1, "diverted.Belarus": 1}


def ledger() -> dt.Ledger:
    return dt.Ledger.from_columns({
        "source": ["ua", "mod", "wrong", "ua"],
        "id": ["n1", "n2", "n3", None],
        "launched": [103, None, 10, 7],
        "shot_down": [52, 42, 12, 7],
        "lost_track": [44, None, None, None],
        "shot_down.Oryol": [None, 20, None, None],
    })


def test_check_returns_arrays_in_report_then_tree_then_rule_order() -> None:
    found = ledger().check()
    a = found.arrays
    assert set(a) == set(FIELDS) and all(len(v) == len(found) for v in a.values())
    assert a["report"].tolist() == [0, 1, 1, 2]
    assert [RULES[r] for r in a["rule"]] == ["remainder", "inferred-bound", "remainder", "over-accounted"]
    assert a["lo"].tolist() == [7, 42, 22, 2]
    assert found.counts() == {"error": 1, "warning": 0, "info": 3}


def test_a_finding_object_is_made_when_indexed_and_equals_one_made_again() -> None:
    found = ledger().check()
    f = found[3]
    assert isinstance(f, Finding) and f == found[3] and f == list(found)[3] == found[-1]
    assert (f.rule, f.source, f.report_id, f.lo, f.hi) == ("over-accounted", "wrong", "n3", 2, 2)
    assert f.message == "outcome parts (shot down 12) add up to at least 12, 2 more than launched 10"
    assert f.figures == {"launched": "10", "shot_down": "12"}
    with pytest.raises(IndexError):
        found[4]


def test_filter_works_on_the_arrays() -> None:
    found = ledger().check()
    assert len(found.filter(rule="remainder")) == 2
    assert [f.report for f in found.filter(report="ua")] == [0]  # a source, or an id
    assert [f.report for f in found.filter(report="n2")] == [1, 1]
    assert [f.rule for f in found.filter(node="shot_down.region")] == ["remainder"]
    assert len(found.filter(at_least="warning")) == 1 and found.errors[0].rule == "over-accounted"
    assert found[1:3].arrays["report"].tolist() == [1, 1]
    with pytest.raises(ValueError, match="rule="):
        found.filter(rule="remainders")


def test_the_overview_is_counted_from_the_arrays() -> None:
    overview = ledger().check().overview
    assert overview["balanced"] == 1 and overview["over_accounted"] == 1
    assert overview["positive_remainder"] == 2
    assert overview["positive_remainder_by_dimension"] == {"launched.outcome": 1, "shot_down.region": 1}
    assert overview["not_stated"] == {"launched": 1}


def test_to_dict_is_plain_data() -> None:
    data = ledger().check().to_dict()
    assert data["counts"]["error"] == 1 and data["findings"][0]["share_lo"] == pytest.approx(7 / 103)
    assert data["findings"][1]["hi"] is None  # no upper bound: None, never the engine's sentinel


def test_a_disagreement_is_reported_once_per_report_against_the_earliest() -> None:
    rows = {"source": ["a", "b", "c", "c"], "scope": ["Ukraine"] * 4, "window_start": ["2024-12-21"] * 4,
            "launched": [10, 20, 30, 10], "shot_down": [5, 15, 25, 5]}
    found = dt.Ledger.from_columns(rows).check().filter(rule="disagreement")
    assert [(f.report, f.other_report, f.node, f.lo) for f in found] == [(1, 0, "launched", 10), (2, 0, "launched", 20),
                                                                        (3, 1, "launched", 10)]
    assert found[2].message == "launched 10 here, 20 in b at b, 2024-12-21"  # read from no file: named by its label


def test_a_group_of_a_hundred_thousand_reports_is_no_quadratic_work() -> None:
    n = 100_000
    rows = {"source": ["a", "b"] * (n // 2), "scope": ["Ukraine"] * n, "window_start": ["2024-12-21"] * n,
            "launched": np.arange(n) % 7 + 10}
    found = dt.Ledger.from_columns(rows).check()
    disagreements = found.filter(rule="disagreement")
    # every report from the second on meets an earlier one of the other source it cannot agree with
    assert 0 < len(disagreements) < n
    assert int((disagreements.arrays["other_report"] < disagreements.arrays["report"]).sum()) == len(disagreements)


# -- the merge and the counts, against their plain definitions ----------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dronetally import rules  # noqa: E402
from dronetally.findings import concat, empty_arrays, take_arrays  # noqa: E402


@st.composite
def blocks(draw: st.DrawFn) -> tuple[list[dict[str, np.ndarray]], list[int], int]:
    """Rule blocks as the rules make them: each in report order, its node one
    value or (across reports) one a finding, some fields one repeated value."""
    nodes = draw(st.integers(1, 4))
    out: list[dict[str, np.ndarray]] = []
    ranks: list[int] = []
    for _ in range(draw(st.integers(2, 5))):
        many = st.sets(st.integers(0, 30), max_size=25) if draw(st.booleans()) else \
            st.lists(st.integers(0, 30), max_size=25)
        reports = np.array(sorted(draw(many)), np.int64)  # one finding a report, or some with several
        n = len(reports)
        block = empty_arrays(n)
        block["report"] = reports
        if draw(st.booleans()):
            block["node"] = np.broadcast_to(np.int32(draw(st.integers(0, nodes))), (n,))
        else:
            block["node"] = np.array(draw(st.lists(st.integers(0, nodes), min_size=n, max_size=n)), np.int32)
        block["rule"] = np.broadcast_to(np.int8(draw(st.integers(0, 6))), (n,))
        block["lo"] = np.array(draw(st.lists(st.integers(0, 99), min_size=n, max_size=n)), np.int64)
        block["hi"] = block["lo"] if draw(st.booleans()) else block["lo"] + 1
        block["line"] = np.arange(n, dtype=np.int64) + 100 * len(out)  # tells the blocks' findings apart
        out.append(block)
        ranks.append(draw(st.integers(0, 6)))
    return out, ranks, nodes


@given(blocks())
def test_the_merge_of_rule_blocks_is_a_stable_sort_by_report_node_and_rule(drawn) -> None:  # type: ignore[no-untyped-def]
    found, ranks, nodes = drawn
    width = len(rules.CHECKS) + 1
    key = np.concatenate([b["report"] * ((nodes + 1) * width) + np.where(b["node"] < nodes, b["node"], 0) * width + r
                          for b, r in zip(found, ranks, strict=True)])
    expected = take_arrays(concat(found), np.argsort(key, kind="stable"))
    merged = rules._in_order(found, ranks, nodes)
    assert set(merged) == set(FIELDS)
    for name in FIELDS:
        np.testing.assert_array_equal(merged[name], expected[name], err_msg=name)  # NaN equals NaN here


def count_by_hand(found: dt.Findings, n: int) -> dict[str, int]:
    """The overview's report counts, one report at a time, from Finding objects."""
    by_report: dict[int, list[Finding]] = {j: [] for j in range(n)}
    for f in found:
        if f.report is not None:
            by_report[f.report].append(f)
    counts = dict.fromkeys(("balanced", "positive_remainder", "possible_remainder", "over_accounted",
                            "other_errors", "warnings"), 0)
    for fs in by_report.values():
        remainders = [f for f in fs if f.rule == "remainder"]
        over = any(f.rule == "over-accounted" and f.severity == "error" for f in fs)
        counts["balanced"] += all(f.rule == "inferred-bound" for f in fs)
        counts["positive_remainder"] += any(f.lo > 0 for f in remainders)
        counts["possible_remainder"] += bool(remainders) and all(f.lo == 0 for f in remainders)
        counts["over_accounted"] += over
        counts["other_errors"] += not over and any(
            f.severity == "error" and f.rule not in ("over-accounted", "remainder") for f in fs)
        counts["warnings"] += any(f.severity == "warning" and f.rule != "remainder" for f in fs)
    return counts


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20), st.none() | st.integers(0, 9)),
                min_size=1, max_size=12))
def test_the_overview_counts_each_report_once_as_a_count_by_hand_does(rows) -> None:  # type: ignore[no-untyped-def]
    ledger = dt.Ledger.from_columns({
        "source": ["s"] * len(rows), "launched": [r[0] for r in rows], "shot_down": [r[1] for r in rows],
        "lost_track": [r[2] for r in rows], "shot_down.Kursk": [r[3] for r in rows],
    })
    found = ledger.check()
    overview = found.overview
    assert {k: overview[k] for k in count_by_hand(found, len(ledger))} == count_by_hand(found, len(ledger))


FIGURE_CELLS = st.one_of(st.integers(0, 30).map(str), st.sampled_from(["", "?", ">5", "2-9", "~10"]))


@given(st.lists(st.tuples(FIGURE_CELLS, FIGURE_CELLS, FIGURE_CELLS), min_size=1, max_size=12))
def test_the_overview_of_a_finding_a_report_is_the_count_by_hand(rows: list[tuple[str, str, str]]) -> None:
    # one dimension, so that a report has one finding at most: the overview's histogram path
    ledger = dt.Ledger.from_columns({
        "source": ["s"] * len(rows), "launched": [r[0] for r in rows], "shot_down": [r[1] for r in rows],
        "hit": [r[2] for r in rows],
    })
    found = ledger.check()
    overview = found.overview
    assert {k: overview[k] for k in count_by_hand(found, len(ledger))} == count_by_hand(found, len(ledger))
    positive = overview["positive_remainder"]
    assert overview["positive_remainder_by_dimension"] == ({"launched.outcome": positive} if positive else {})


def test_filter_refuses_what_no_checked_report_has_and_names_the_choices() -> None:
    found = ledger().check()
    with pytest.raises(ValueError, match=r"node='launched.outcomes'.*did you mean 'launched.outcome'.*shot_down"):
        found.filter(node="launched.outcomes")
    with pytest.raises(ValueError, match=r"report='wrnog'.*did you mean 'wrong'.*ua, mod, wrong, n1"):
        found.filter(report="wrnog")
    with pytest.raises(ValueError, match=r"report=4 is not the index of a checked report \(0 to 3\)"):
        found.filter(report=4)
    assert len(found.filter(node="lost_track")) == 0  # a node the reports have, with no finding: no error


def test_a_filtered_set_counts_the_reports_it_is_about() -> None:
    found = ledger().check()
    assert repr(found) == "<Findings: 4 reports: 1 error, 0 warnings, 3 notes>"
    assert repr(found.filter(report="n2")) == "<Findings: 1 of 4 reports: 0 errors, 0 warnings, 2 notes>"
    assert repr(found.filter(rule="remainder")) == "<Findings: 2 of 4 reports: 0 errors, 0 warnings, 2 notes>"
    assert found.filter(report="n2").reports == 4  # what was checked, as to_dict() gives it


def test_a_misspelt_severity_or_rule_names_the_nearest() -> None:
    findings = dt.load_seed().check()
    with pytest.raises(ValueError, match=r"severity='errors' is not a severity \(did you mean 'error'\?\)"):
        findings.filter(severity="errors")
    with pytest.raises(ValueError, match=r"at_least='warn' is not a severity; there are info, warning, error"):
        findings.filter(at_least="warn")
    with pytest.raises(ValueError, match=r"rule='remainders' is not a rule \(did you mean 'remainder'\?\)"):
        findings.filter(rule="remainders")

