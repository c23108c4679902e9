"""Statistics: shares as claimed, their ranges, what-if bounds and intervals,
checked against values worked out independently."""

from __future__ import annotations

import datetime
import itertools
import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import dronetally as dt
from dronetally import stats as ds
from dronetally.cli import main

DATA = Path(__file__).parent / "data"


def one(*reports: tuple[dict[str, object], tuple[str, ...]], **options: object) -> dict[str, object]:
    ledger = dt.Ledger([dt.Report(source="s", figures=f, complete=c) for f, c in reports])
    (row,) = ds.stats(ledger, **options).rows()  # type: ignore[arg-type]
    return row


# -- reference values: scipy 1.17 (scipy.stats.t.ppf, binomtest) and the hand-worked cases --------


def test_the_t_quantile_matches_published_values() -> None:
    # Student's t, 97.5th percentile (scipy.stats.t.ppf(0.975, df); any printed t table)
    for df, value in ((1, 12.706205), (3, 3.182446), (10, 2.228139), (30, 2.042272), (200, 1.971896)):
        assert ds.t_quantile(0.975, df) == pytest.approx(value, abs=1e-6)


def test_wilson_matches_its_closed_form() -> None:
    # Wilson (1927): 52 of 103 at z = 1.959964 gives [0.409875, 0.599484]; 0 of 10 starts at 0
    assert ds.wilson(52, 103) == pytest.approx((0.409875, 0.599484), abs=1e-6)
    low, high = ds.wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.277533, abs=1e-6)


def test_the_cluster_interval_of_four_nights() -> None:
    # launched 100 a night, shot down 50, 60, 70, 80: R = 0.65, residuals -15, -5, 5, 15,
    # SE = sqrt(4/3 * 500) / 400 = 0.0645497, t3 = 3.18245: [0.444574, 0.855426] on the linear scale
    low, high, note = ds.cluster([50, 60, 70, 80], [100] * 4, scale="linear")
    assert (low, high, note) == (pytest.approx(0.444574, abs=1e-6), pytest.approx(0.855426, abs=1e-6), "")
    # on the logit scale, launched 100, 50, 200, 10 and shot down 80, 30, 180, 5: R = 295/360
    low, high, _ = ds.cluster([80, 30, 180, 5], [100, 50, 200, 10])
    assert (low, high) == (pytest.approx(0.535749, abs=1e-6), pytest.approx(0.946946, abs=1e-6))
    # a share of 1 has no logit: the linear interval, clipped, says so
    assert ds.cluster([10, 20, 30], [10, 20, 30])[2].startswith("linear, clipped")


# -- ranges, worked out jointly ---------------------------------------------------------------------


def test_the_seed_share_as_claimed_and_what_the_unexplained_could_change() -> None:
    row = ds.stats(dt.load_seed()).rows()[0]
    assert (row["used"], row["left_out_why"]) == (1, {"no whole": 1})  # the Ministry gives no launched
    assert row["share_lo"] == row["share_hi"] == 52 / 103
    assert row["unexplained_lo"] == row["unexplained_hi"] == 6 / 103
    assert row["if_all_lo"] == row["if_all_hi"] == 58 / 103
    assert (row["part_lo"], row["whole_lo"], row["sources"]) == (52, 103, "Ukrainian military")


def test_a_share_of_intervals_is_worked_out_with_the_tree_not_by_dividing_bounds() -> None:
    # shot_down named in a complete outcome with lost track 40: shot down is launched - 40, at most 60 of 100
    row = one(({"launched": "50-100", "lost_track": 40, "shot_down": "?"}, ("launched.outcome",)))
    assert (row["share_lo"], row["share_hi"]) == (0.2, 0.6)
    row = one(({"launched": "100-200", "shot_down": 50}, ()))
    assert (row["share_lo"], row["share_hi"]) == (0.25, 0.5)
    assert (row["unexplained_lo"], row["unexplained_hi"]) == (0.5, 0.75)  # not 25%-100%
    # pooled jointly: A ~100 (91-110) with shot down >= 50, and B 10 of 10; dividing summed bounds gives 1.2
    row = one(({"launched": "~100", "shot_down": ">=50"}, ()), ({"launched": 10, "shot_down": 10}, ()))
    assert (row["share_lo"], row["share_hi"]) == (0.5, 1.0)


def test_reports_that_give_no_share_are_counted_with_their_reason() -> None:
    row = one(({"launched": ">=100", "shot_down": 50}, ()), ({"launched": 0, "shot_down": 0}, ()),
              ({"launched": 10, "shot_down": 52}, ()), ({"launched": 10}, ()), ({"shot_down": 3}, ()))
    assert row["used"] == 0 and row["share_lo"] is None
    assert row["left_out_why"] == {"whole unbounded": 1, "whole 0": 1, "error": 1, "no part": 1, "no whole": 1}


BOUND = st.integers(0, 6)


@st.composite
def small_report(draw: st.DrawFn) -> tuple[dict[str, object], tuple[str, ...]]:
    def figure(named: bool = True) -> object:
        lo = draw(BOUND)
        return draw(st.sampled_from([lo, f"{lo}-{lo + draw(BOUND)}", *(["?"] if named else [])]))

    figures = {"launched": figure(named=False), "shot_down": figure(), "lost_track": figure()}
    return figures, draw(st.sampled_from([(), ("launched.outcome",)]))


def _values(figure: object) -> range:
    if figure == "?":
        return range(0, 13)
    if isinstance(figure, int):
        return range(figure, figure + 1)
    lo, hi = str(figure).split("-")
    return range(int(lo), int(hi) + 1)


def _points(report: tuple[dict[str, object], tuple[str, ...]]) -> set[tuple[int, int]]:
    """Every (shot down, launched) the report's figures allow, found by trying them all."""
    figures, complete = report
    out = set()
    for launched, shot, lost in itertools.product(*(_values(figures[k]) for k in ("launched", "shot_down",
                                                                                  "lost_track"))):
        if launched >= 1 and (shot + lost == launched if complete else shot + lost <= launched):
            out.add((shot, launched))
    return out


@given(st.lists(small_report(), min_size=1, max_size=2))
def test_the_pooled_range_is_the_least_and_most_any_values_of_the_figures_give(
    reports: list[tuple[dict[str, object], tuple[str, ...]]],
) -> None:
    ledger = dt.Ledger([dt.Report(source="s", figures=f, complete=c) for f, c in reports])
    (row,) = ds.stats(ledger).rows()
    points = [_points(r) for r in reports]
    usable = [p for p in points if p]
    assert row["used"] == len(usable)  # a report whose figures cannot all hold gives no share
    if not usable:
        assert row["share_lo"] is None
        return
    shares = [Fraction(sum(s for s, _ in combo), sum(w for _, w in combo)) for combo in itertools.product(*usable)]
    assert row["share_lo"] == pytest.approx(float(min(shares)), abs=1e-12)
    assert row["share_hi"] == pytest.approx(float(max(shares)), abs=1e-12)
    assert 0.0 <= row["share_lo"] <= row["share_hi"] <= row["if_all_hi"] <= 1.0


# -- groups -------------------------------------------------------------------------------------------


def test_groups_add_up_to_the_whole_and_their_order_does_not_matter() -> None:
    ledger = dt.load(DATA / "af_daily_sample.csv")
    whole = ds.stats(ledger).rows()[0]
    by_month = ds.stats(ledger, by=["scope", "month"]).rows()
    for name in ("reports", "used", "part_lo", "part_hi", "whole_lo", "whole_hi"):
        assert sum(r[name] for r in by_month) == whole[name], name
    swapped = ds.stats(ledger, by=["month", "scope"]).rows()
    key = lambda r: (r["scope"] or "", r["month"] or "")  # noqa: E731
    assert sorted(by_month, key=key) == sorted(swapped, key=key)
    months = [r["month"] for r in ds.stats(ledger, by=["month"]).rows()]
    assert months == sorted(m for m in months if m) + [None] * months.count(None)  # in order, none last


def test_a_night_reported_twice_counts_once() -> None:
    nights = [dt.Report(source="s", scope="Ukraine", window_start=f"2025-01-{d:02d}",
                        figures={"launched": 100, "shot_down": 50 + 5 * d}) for d in range(1, 8)]
    once = ds.stats(dt.Ledger(nights))
    twice = ds.stats(dt.Ledger([*nights, *nights]))
    assert twice.superseded == 7 and once.superseded == 0
    assert [{k: v for k, v in r.items() if k != "superseded"} for r in once.rows()] == twice.rows()


@given(st.integers(1, 40), st.integers(1, 40), st.integers(2, 5))
def test_scaling_the_counts_narrows_the_binomial_interval(x: int, extra: int, k: int) -> None:
    n = x + extra
    low, high = ds.wilson(x, n)
    low_k, high_k = ds.wilson(k * x, k * n)
    assert 0.0 <= low <= x / n <= high <= 1.0 and high_k - low_k < high - low


def test_an_interval_needs_five_nights_and_never_leaves_zero_to_one() -> None:
    def nights(count: int) -> ds.Stats:
        return ds.stats(dt.Ledger([dt.Report(source="s", window_start=f"2025-01-{d:02d}",
                                             figures={"launched": 10, "shot_down": 9 + d % 2})
                                   for d in range(1, count + 1)]))

    assert nights(4).rows()[0]["note"] == "no interval: 4 nights, fewer than 5"
    row = nights(6).rows()[0]
    assert 0.0 < row["interval_lo"] < row["share_lo"] < row["interval_hi"] < 1.0


def test_a_rate_and_a_grouping_are_checked() -> None:
    schema = dt.DEFAULT_SCHEMA
    assert str(ds.Rate.parse("shot_down + lost_track/launched", schema)) == "shot_down+lost_track/launched"
    for bad, said in (("shot_down", "is not a rate"), ("hit/shot_down", "not a part of 'shot_down'"),
                      ("shot_down/launch", "'launch' is not a node"),
                      ("shot_down+shot_down/launched", "different parts of one breakdown")):
        with pytest.raises(ValueError, match=said):
            ds.Rate.parse(bad, schema)
    with pytest.raises(ValueError, match="cannot group by 'colour'"):
        ds.stats(dt.load_seed(), by=["colour"])


# -- the command ------------------------------------------------------------------------------------


def test_tally_stats_prints_the_seed_share_and_says_what_it_is() -> None:
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["reports", "claimed", "unexplained", "if", "all", "shot", "down", "night", "to",
                                "night", "95%", "typical", "night", "claimed", "by"]
    assert lines[4].split()[:5] == ["1", "of", "2", "50.5%", "5.8%"] and "56.3%" in lines[4]
    assert "No interval covers error in the claims themselves." in result.stdout


def test_tally_stats_in_each_format_and_with_bad_options() -> None:
    path = str(DATA / "af_daily_sample.csv")
    as_json = CliRunner().invoke(main, ["stats", path, "--by", "month", "-f", "json"])
    found = json.loads(as_json.stdout)
    assert found["by"] == ["month"] and found["method"] == "cluster" and len(found["groups"]) > 1
    as_csv = CliRunner().invoke(main, ["stats", path, "--by", "month", "-f", "csv", "--method", "wilson"])
    header = as_csv.stdout.splitlines()[0].split(",")
    assert header[:3] == ["month", "reports", "used"] and len(as_csv.stdout.splitlines()) == len(found["groups"]) + 1
    for args, said in ((["--rate", "hit/shot_down"], "not a part of 'shot_down'"),
                       (["--by", "colour"], "cannot group by 'colour'"), (["--level", "1.5"], "--level")):
        bad = CliRunner().invoke(main, ["stats", path, *args])
        assert bad.exit_code == 2 and said in bad.stderr and "Traceback" not in bad.output


def test_the_wilson_interval_is_narrower_than_night_to_night_on_real_data() -> None:
    ledger = dt.load(DATA / "af_daily_sample.csv")
    night = ds.stats(ledger, by=["scope"])
    binomial = ds.stats(ledger, by=["scope"], method="wilson")
    for a, b in zip(night.rows(), binomial.rows(), strict=True):
        if a["interval_lo"] is not None:
            assert b["interval_hi"] - b["interval_lo"] < a["interval_hi"] - a["interval_lo"]
            assert not math.isnan(b["interval_lo"])


def test_a_ledger_gives_its_statistics_as_columns_and_rows() -> None:
    found = dt.load(DATA / "af_daily_sample.csv").stats(by=["scope"])
    assert repr(found).startswith("<Stats of shot_down/launched by scope: ")
    assert len(found.columns["used"]) == len(found) == len(found.rows())
    assert found.to_dict()["groups"] == found.rows()
    try:
        import pandas
    except ImportError:
        with pytest.raises(ImportError, match=r"dronetally\[pandas\]"):
            found.to_pandas()
    else:
        scopes = found.to_pandas()["scope"]
        assert [None if pandas.isna(s) else s for s in scopes] == [r["scope"] for r in found.rows()]


def test_the_exact_binomial_intervals_match_scipy() -> None:
    # scipy.stats.binomtest(x, n).proportion_ci(method="exact"), and beta.ppf(0.025 / 0.975, x + 0.5, n - x + 0.5)
    for x, n, cp, jeffreys in ((52, 103, (0.404561, 0.604861), (0.409286, 0.600154)),
                               (0, 10, (0.0, 0.308497), (0.0, 0.217196)),
                               (10, 10, (0.691503, 1.0), (0.782804, 1.0))):
        assert ds.clopper_pearson(x, n) == pytest.approx(cp, abs=1e-6)
        assert ds.jeffreys(x, n) == pytest.approx(jeffreys, abs=1e-6)


def _nights(days: int, source: str = "s") -> list[dt.Report]:
    return [dt.Report(source=source, scope="Ukraine", window_start=f"{2025 + d // 365}-{1 + d % 365 // 31:02d}-"
                      f"{1 + d % 31 % 28:02d}", figures={"launched": 100 + d % 7, "shot_down": 60 + d * 7 % 31})
            for d in range(days)]


def test_the_bootstrap_is_reproducible_and_independent_of_the_other_groups() -> None:
    ledger = dt.Ledger([*_nights(60), *_nights(40, "t")])
    first = ds.stats(ledger, by=["source", "month"], method="bootstrap", seed=7, resamples=500).rows()
    again = ds.stats(ledger, by=["month", "source"], method="bootstrap", seed=7, resamples=500).rows()
    alone = ds.stats(ledger.where(source="t"), by=["source", "month"], method="bootstrap", seed=7,
                     resamples=500).rows()
    key = lambda r: (r["source"], r["month"])  # noqa: E731
    assert sorted(first, key=key) == sorted(again, key=key)
    assert [r for r in first if r["source"] == "t"] == alone
    other = ds.stats(ledger, by=["source", "month"], method="bootstrap", seed=8, resamples=500).rows()
    assert [r["interval_lo"] for r in other] != [r["interval_lo"] for r in first]
    for r in first:
        if r["interval_lo"] is not None:
            assert 0.0 <= r["interval_lo"] <= r["share_lo"] <= r["interval_hi"] <= 1.0


def test_a_long_period_is_resampled_in_weeks_and_correlated_nights_are_flagged() -> None:
    nights = [dt.Report(source="s", window_start=(datetime.date(2025, 1, 1) + datetime.timedelta(d)).isoformat(),
                        figures={"launched": 100, "shot_down": 50 + (d // 10) * 4}) for d in range(120)]
    found = ds.stats(dt.Ledger(nights), method="bootstrap", resamples=300).rows()[0]
    assert "resampled in 18 ISO-week blocks" in found["note"]  # 120 days from a Wednesday
    assert found["lag1"] > 0.8 and "(lag-1 " in found["note"]


def test_bonferroni_widens_each_interval_to_the_level_the_groups_share() -> None:
    ledger = dt.load(DATA / "af_daily_sample.csv").where(scope="Ukraine")
    plain = ledger.stats(by=["month"])
    adjusted = ledger.stats(by=["month"], adjust="bonferroni")
    shown = sum(r["interval_lo"] is not None for r in plain.rows())
    assert shown > 1 and adjusted.each_level == pytest.approx(1 - 0.05 / shown)
    at_that_level = ledger.stats(by=["month"], level=adjusted.each_level)
    for a, b, c in zip(plain.rows(), adjusted.rows(), at_that_level.rows(), strict=True):
        if a["interval_lo"] is not None:
            assert b["interval_lo"] < a["interval_lo"] and b["interval_hi"] > a["interval_hi"]
            assert (b["interval_lo"], b["interval_hi"]) == (c["interval_lo"], c["interval_hi"])


def test_each_report_alone_gets_its_binomial_interval_in_file_order() -> None:
    ledger = dt.load(DATA / "af_daily_sample.csv")
    rows = ledger.stats(by=["report"], method="clopper-pearson").rows()
    assert [r["report"] for r in rows[:2]] == [f"{DATA / 'af_daily_sample.csv'}:{n}" for n in (2, 3)]
    for r in rows[:20]:
        if r["used"]:
            low, high = ds.clopper_pearson(r["part_lo"], r["whole_lo"])
            assert (r["interval_lo"], r["interval_hi"]) == (low, high)


def _source_nights(source: str, shot: list[int], day0: int = 1) -> list[dt.Report]:
    return [dt.Report(source=source, scope="Ukraine", window_start=f"2025-03-{day0 + d:02d}",
                      figures={"launched": 100, "shot_down": s}) for d, s in enumerate(shot)]


def test_two_groups_compared_independently_and_night_by_night() -> None:
    # independent: A 50..90 of 100 (R 0.7, SE sqrt(5/4 * 1000) / 500 = 0.0707107) less B 40 of 100 each night
    # (SE 0): 0.3; Welch's degrees of freedom are then A's, 4, and t4 = 2.776445: 0.3 -+ 0.196324
    ledger = dt.Ledger([*_source_nights("A", [50, 60, 70, 80, 90]), *_source_nights("B", [40] * 5, day0=10)])
    c = ledger.stats(by=["source"], compare=True).compared
    assert isinstance(c, ds.Difference) and not c.paired and (c.first, c.second) == (("A",), ("B",))
    assert (c.difference, c.df) == (pytest.approx(0.3), pytest.approx(4.0))
    assert (c.interval_lo, c.interval_hi) == (pytest.approx(0.103676, abs=1e-6), pytest.approx(0.496324, abs=1e-6))
    # the same nights from two sources, B always 10 fewer: every night differs by 0.1, so the interval is a point
    ledger = dt.Ledger([*_source_nights("A", [50, 60, 70, 80, 90]), *_source_nights("B", [40, 50, 60, 70, 80])])
    c = ledger.stats(by=["source"], compare=True).compared
    assert isinstance(c, ds.Difference) and c.paired and c.nights == 5
    assert (c.difference, c.interval_lo, c.interval_hi) == pytest.approx((0.1, 0.1, 0.1))
    few = dt.Ledger([*_source_nights("A", [50, 60]), *_source_nights("B", [40] * 5)]).stats(by=["source"],
                                                                                               compare=True)
    assert isinstance(few.compared, str) and "fewer than 5 nights" in few.compared
    with pytest.raises(ValueError, match="exactly two groups; the reports make 1"):
        ledger.stats(compare=True)


def test_each_group_totals_every_node_and_the_unexplained() -> None:
    ledger = dt.load(DATA / "af_daily_sample.csv")
    whole = ledger.stats().rows()[0]["totals"]
    parts = [r["totals"] for r in ledger.stats(by=["scope"]).rows()]
    for node, (lo, hi) in whole.items():
        assert lo == sum(p[node][0] for p in parts), node
        assert hi == (None if any(p[node][1] is None for p in parts) else sum(p[node][1] for p in parts)), node
    seed = ds.stats(dt.load_seed()).rows()[0]["totals"]
    assert (seed["launched"], seed["shot_down"], seed["unexplained"]) == ([103, 103], [52, 52], [6, 6])


def _lag1(residual: list[float], series: list[object]) -> float:
    """Each night's residual against the night before's of the same source and scope."""
    mean = sum(residual) / len(residual)
    c = [r - mean for r in residual]
    den = sum(x * x for x in c)
    pairs = zip(c[1:], c[:-1], series[1:], series[:-1], strict=True)
    return sum(x * y for x, y, s, t in pairs if s == t) / den if den else 0.0


def _weighted_quartiles(shares: list[float], weights: list[float]) -> list[float]:
    pairs = sorted(zip(shares, weights, strict=True), key=lambda p: p[0])
    total, out = sum(weights), []
    for q in (0.25, 0.5, 0.75):
        running = 0.0
        for share, weight in pairs:
            running += weight
            if running >= q * total:
                out.append(share)
                break
    return out


def test_every_group_at_once_gives_what_each_group_alone_gives() -> None:
    # the groups' statistics are worked out for all groups together; here one group at a time, plainly
    ledger = dt.load(DATA / "af_daily_sample.csv")
    for row in ledger.stats(by=["scope"]).rows():
        latest = {(r.source, r.scope, r.weapon, r.window_start, r.window_end) if r.window_start else id(r): r
                  for r in ledger if r.scope == row["scope"]}  # a later report of a night replaces an earlier one
        reports = [r for r in latest.values() if "launched" in r.figures
                   and "shot_down" in r.figures and r.figures["launched"].is_exact and r.figures["shot_down"].is_exact
                   and r.figures["launched"].lo > 0 and not r.check().errors]
        reports.sort(key=lambda r: (r.source, r.scope or "", r.window_end or r.window_start or ""))
        a = [r.figures["shot_down"].lo for r in reports]
        w = [r.figures["launched"].lo for r in reports]
        assert row["nights"] == len(reports)
        shares = [x / y for x, y in zip(a, w, strict=True)]
        assert [row["q1"], row["median"], row["q3"]] == _weighted_quartiles(shares, w)
        if len(a) > 2:
            ratio = sum(a) / sum(w)
            residual = [x - ratio * y for x, y in zip(a, w, strict=True)]
            assert row["lag1"] == pytest.approx(_lag1(residual, [(r.source, r.scope) for r in reports]), abs=1e-12)
        if len(a) >= ds.FEWEST_NIGHTS:
            low, high, _ = ds.cluster(a, w)
            assert (row["interval_lo"], row["interval_hi"]) == (pytest.approx(low), pytest.approx(high))


def test_what_a_review_found_stays_mended() -> None:
    from dronetally.io.af_daily import HEADER_START

    header = (DATA / "af_daily_sample.csv").read_text().splitlines()[0]
    assert header.startswith(HEADER_START)
    names = header.split(",")

    def row(**cells: str) -> str:
        values = {"time_start": "2024-12-21", "time_end": "2024-12-22", "model": "Shahed-136/131", "target": "Ukraine",
                  "source": "kpszsu/posts/x", "border_crossing": "{}", **cells}
        return ",".join(values.get(n, "") for n in names)

    # a bad cell the reader reports is an error here too, not an unexplained drone
    text = "\n".join([header, row(launched="10.0", destroyed="5.0", not_reach_goal="10.5"),
                      row(time_start="2024-12-23", time_end="2024-12-24", launched="10.0", destroyed="5.0",
                          not_reach_goal="5.0")]) + "\n"
    found = ds.stats(dt.loads(text, name="af.csv")).rows()[0]
    assert (found["used"], found["left_out_why"], found["share_lo"]) == (1, {"error": 1}, 0.5)
    # a later report with only a window's end replaces the earlier one
    two = [dt.Report(source="A", scope="U", window_end="2025-01-02", figures={"launched": 10, "shot_down": s})
           for s in (5, 9)]
    again = ds.stats(dt.Ledger(two))
    assert again.superseded == 1 and again.rows()[0]["share_lo"] == 0.9
    # parts that may overlap: one of them over its node is still a share; several are not
    schema = dt.Schema.from_dict({"extends": "default", "nodes": {}, "overlapping": ["launched.outcome"]})
    loose = dt.Ledger([dt.Report(source="s", figures={"launched": 100, "shot_down": 60, "lost_track": 30},
                                 schema=schema)])
    assert loose.stats().rows()[0]["used"] == 1
    assert loose.stats("shot_down+lost_track/launched").rows()[0]["left_out_why"] == {"error": 1}
    # every night alike: an interval of no width says so
    same = ds.stats(dt.Ledger(_source_nights("A", [70] * 6))).rows()[0]
    assert same["interval_lo"] == same["interval_hi"] and "has no width" in same["note"]
    # an interval over fewer reports than the share says so
    mixed = ds.stats(dt.Ledger([*_source_nights("A", [50, 52, 54, 56, 58]),
                                dt.Report(source="A", window_start="2025-04-01",
                                          figures={"launched": "~1000", "shot_down": ">=900"})])).rows()[0]
    assert mixed["note"].endswith("over the 5 of 6 reports whose figures are exact")
    with pytest.raises(ValueError, match="names a grouping twice"):
        ds.stats(dt.load_seed(), by=["month", "month"])
    with pytest.raises(ValueError, match="resamples=0"):
        ds.stats(dt.load_seed(), method="bootstrap", resamples=0)


def test_the_output_says_the_level_each_interval_has() -> None:
    ledger = dt.Ledger([*_source_nights("A", [50, 60, 70, 80, 90]), *_source_nights("B", [40, 45, 50, 55, 41])])
    runner = CliRunner()
    rows = [json.loads(line) for line in runner.invoke(main, ["stats", "-", "-f", "jsonl", "--by", "source",
                                                              "--adjust", "bonferroni", "--compare"],
                                                       input=dt.dumps(ledger, "json")).stdout.splitlines()]
    assert [r.get("each_level") for r in rows[:2]] == [0.975, 0.975] and set(rows[2]) == {"compared"}
    refused = runner.invoke(main, ["stats", "-", "-f", "csv", "--by", "source", "--compare"],
                            input=dt.dumps(ledger, "json"))
    assert refused.exit_code == 2 and "no row in CSV" in refused.stderr
    table = runner.invoke(main, ["stats", "-", "--level", "0.995"], input=dt.dumps(ledger, "json")).stdout
    assert "night to night 99.5%" in table


@given(st.floats(0.001, 0.999), st.floats(0.5, 500), st.floats(0.5, 500))
def test_the_beta_quantile_inverts_the_incomplete_beta(p: float, a: float, b: float) -> None:
    x = ds.beta_quantile(p, a, b)
    assert 0.0 < x < 1.0 and ds.incomplete_beta(x, a, b) == pytest.approx(p, abs=1e-9)


@given(st.floats(0.55, 0.9999), st.floats(1, 5000))
def test_the_t_quantile_inverts_the_t_distribution(p: float, df: float) -> None:
    t = ds.t_quantile(p, df)
    assert t > 0 and 0.5 * ds.incomplete_beta(df / (df + t * t), df / 2, 0.5) == pytest.approx(1 - p, abs=1e-9)
