"""Charts: the numbers they draw are the accounts' and the statistics' own."""

import math
import sys
from pathlib import Path

import numpy as np
import pytest

import dronetally as dt

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from dronetally import plot  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _close_figures():  # type: ignore[no-untyped-def]
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def reports() -> dt.Ledger:
    return dt.load(EXAMPLES / "reports.csv")


def nights(**figures: list[object]) -> dt.Ledger:
    n = len(next(iter(figures.values())))
    return dt.Ledger.from_columns({"source": ["air force"] * n, **figures})


def heights(ax, gid: str) -> list[float]:  # type: ignore[no-untyped-def]
    return [p.get_height() for p in ax.patches if p.get_gid() == gid]


def offsets(ax, gid: str) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    (found,) = [c for c in ax.collections if c.get_gid() == gid]
    return [tuple(xy) for xy in found.get_offsets().tolist()]


def test_outcome_bars_are_the_accounts(reports: dt.Ledger) -> None:
    bars = plot.outcome_bars(reports)
    assert bars.labels == ["2024-12-22", "2024-12-28", "words-rest", "bounds"]
    assert bars.parts["shot_down"].tolist() == [52, 15, 17, 30]
    assert bars.parts["lost_track"].tolist() == [44, 11, 7, 0]  # 7: inferred, the outcome is complete
    assert bars.parts["diverted"].tolist() == [1, 0, 0, 0]
    remainders = {row["line"]: (row["remainder_lo"], row["remainder_hi"]) for row in reports.accounts().rows()
                  if row["dimension"] == "launched.outcome" and row["remainder"]}
    assert remainders == {2: (6, 6), 5: (0, None)}
    assert bars.unexplained_lo.tolist() == [6, 0, 0, 0]
    assert bars.unexplained_hi.tolist()[:3] == [6, 0, 0] and math.isinf(bars.unexplained_hi[3])
    assert bars.over.tolist() == [0, 1, 0, 0]  # launched 16, parts 26
    assert bars.open.tolist() == [0, 0, 0, 1]  # launched >40: no upper bound
    assert bars.whole.tolist() == [103, 16, 24, 41]


def test_the_chart_draws_the_bars_the_band_and_the_flag(reports: dt.Ledger) -> None:
    ax = plot.outcomes(reports)
    assert heights(ax, "part:shot_down") == [52, 15, 17, 30]
    assert heights(ax, "part:lost_track") == [44, 11, 7, 0]
    unexplained = [p for p in ax.patches if p.get_gid() == "unexplained"]
    assert [p.get_height() for p in unexplained] == [6, 0, 0, 0]
    assert unexplained[0].get_y() == 52 + 44 + 1 and unexplained[0].get_hatch()  # on top of the parts, hatched
    (x, _), = offsets(ax, "over-accounted")
    assert x == 1
    (whole,) = [c for c in ax.collections if c.get_gid() == "whole"]
    assert [segment[0][1] for segment in whole.get_segments()] == [103, 16, 24]  # launched as stated
    (at_least,) = [c for c in ax.collections if c.get_gid() == "whole-at-least"]
    assert [segment[0][1] for segment in at_least.get_segments()] == [41]  # >40, dashed at its lower bound
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["shot down", "lost track", "diverted", "unexplained", "launched as stated",
                      "launched as stated, at least (given as >N or a range)",
                      "remainder with no upper bound (launched given as >N)", "over-accounted: parts exceed launched"]
    assert ax.get_ylabel() == "launched (count, as reported)" and ax.get_xlabel() == "report"
    assert "by report" in ax.get_title(loc="left")


def test_a_range_of_figures_draws_what_may_be_unexplained() -> None:
    ledger = nights(launched=[96], shot_down=[61], lost_track=[31], diverted=["3-4"])
    ax = plot.outcomes(ledger)
    assert heights(ax, "part:diverted") == [3]  # the least the figures allow
    assert heights(ax, "may-be-unexplained") == [1]  # the remainder 0-1
    assert not heights(ax, "unexplained")


def test_bars_by_month_are_sums_of_the_reports() -> None:
    ledger = dt.Ledger.from_columns({
        "source": ["a", "a", "a", "b"],
        "window_end": ["2025-01-02", "2025-01-03", "2025-02-01", "2025-02-02"],
        "launched": [10, 20, 5, 7], "shot_down": [8, 15, 9, 7], "lost_track": [1, 2, None, None],
    })
    bars = plot.outcome_bars(ledger, by="month")
    assert bars.labels == ["2025-01", "2025-02"]
    assert bars.parts["shot_down"].tolist() == [23, 16]
    assert bars.unexplained_lo.tolist() == [4, 0]  # 1 + 3; February's first is over-accounted, no remainder
    assert bars.over.tolist() == [0, 1]
    assert bars.reports.tolist() == [2, 2]
    ax = plot.outcomes(bars)
    assert heights(ax, "part:shot_down") == [23, 16]
    assert ax.get_xlabel() == "month (window's end)"


def test_too_many_reports_for_a_bar_each_must_be_grouped() -> None:
    ledger = nights(launched=list(range(1, 70)), shot_down=[1] * 69)
    with pytest.raises(ValueError, match=r"69 reports are too many bars.*by='month'"):
        plot.outcome_bars(ledger)
    assert len(plot.outcome_bars(ledger, max_reports=None)) == 69


def test_a_bad_dimension_is_named() -> None:
    with pytest.raises(ValueError, match=r"'launched\.region' is not a dimension"):
        plot.outcome_bars(nights(launched=[1]), dimension="launched.region")


def test_the_rate_chart_draws_the_statistics() -> None:
    ends = [f"2025-{m:02d}-{d:02d}" for m in (1, 2) for d in range(1, 8)]
    launched = [100, 80, 120, 90, 110, 95, 105] * 2
    shot = [70, 60, 90, 60, 80, 70, 75, 50, 40, 60, 45, 55, 50, 52]
    ledger = dt.Ledger.from_columns({"source": ["a"] * 14, "window_end": ends, "launched": launched,
                                     "shot_down": shot, "lost_track": [10] * 14})
    found = ledger.stats(by=["month"])
    ax = plot.rate(ledger, by="month")
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "claimed"]
    assert np.allclose(line.get_ydata(), found.columns["share_lo"])
    bands = {c.get_gid(): c for c in ax.collections}
    assert {"interval", "what-if"} <= set(bands)
    interval = bands["interval"].get_paths()[0].vertices[:, 1]
    assert np.isclose(interval.min(), found.columns["interval_lo"].min())
    assert np.isclose(interval.max(), found.columns["interval_hi"].max())
    what_if = bands["what-if"].get_paths()[0].vertices[:, 1]
    assert np.isclose(what_if.min(), found.columns["share_lo"].min())
    assert np.isclose(what_if.max(), found.columns["if_all_hi"].max())
    assert ax.get_ylabel() == "shot down / launched (%)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("night to night 95%" in t for t in legend) and any(t.startswith("what if") for t in legend)
    assert plot.rate(found).get_title(loc="left") == ax.get_title(loc="left")  # from statistics worked out already


def test_the_rate_of_one_group() -> None:
    ax = plot.rate(dt.load_seed(), by=None)
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "claimed"]
    assert np.allclose(line.get_ydata(), [52 / 103])
    assert heights(ax, "what-if") == pytest.approx([6 / 103])  # from 52/103 to 58/103
    assert ax.get_xlabel() == "all the reports, pooled"


def test_reports_with_no_window_have_no_place_on_a_time_axis(reports: dt.Ledger) -> None:
    ax = plot.rate(reports, by="month")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024-12"]
    assert ax.get_xlabel() == "month (window's end); 2 reports with no window left out"


def test_a_chart_draws_into_given_axes(reports: dt.Ledger) -> None:
    _, (left, right) = plt.subplots(1, 2)
    assert plot.outcomes(reports, ax=left) is left
    assert plot.rate(reports, by=None, ax=right) is right


def test_fitting_period() -> None:
    ends = [f"2025-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    ledger = dt.Ledger.from_columns({"source": ["a"] * len(ends), "window_end": ends, "launched": [1] * len(ends)})
    assert plot.fitting_period(ledger) == "week"
    assert plot.fitting_period(ledger, 12) == "month"
    assert plot.fitting_period(nights(launched=[1])) is None


def test_without_matplotlib_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch, reports: dt.Ledger) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'dronetally\[plot\]'"):
        plot.outcomes(reports)


def test_the_tick_is_the_whole_as_stated_not_as_its_parts_imply(tmp_path: Path) -> None:
    csv = tmp_path / "open.csv"
    csv.write_text("id,source,launched,shot_down,lost_track\na,X,>10,20,5\nb,X,30,20,5\n")
    ledger = dt.load(csv)
    rows = plot.outcome_bars(ledger).rows()
    assert [(r["launched"], r["launched_at_least"]) for r in rows] == [(11, True), (30, False)]  # not 25
    grouped = plot.outcome_bars(ledger, by="source").rows()
    assert (grouped[0]["launched"], grouped[0]["launched_at_least"]) == (41, True)  # the stated figures summed
    ax = plot.outcomes(ledger)
    dashed = [c for c in ax.collections if c.get_gid() == "whole-at-least"]
    solid = [c for c in ax.collections if c.get_gid() == "whole"]
    assert [s[0][1] for s in dashed[0].get_segments()] == [11]
    assert [s[0][1] for s in solid[0].get_segments()] == [30]


def test_the_scopes_pooled_are_named_at_any_size(tmp_path: Path) -> None:
    csv = tmp_path / "many.csv"
    rows = [f"r{j},X,{'south' if j % 2 else 'east'},2025-01-{1 + j % 28:02d},10,5" for j in range(100_002)]
    csv.write_text("id,source,scope,window_end,launched,shot_down\n" + "\n".join(rows) + "\n")
    bars = plot.outcome_bars(dt.load(csv), by="month")
    assert bars.scopes == ["east", "south"]


def test_the_counts_are_exact_integers(tmp_path: Path) -> None:
    csv = tmp_path / "big.csv"
    csv.write_text("id,source,launched,shot_down\na,X,500000000001,500000000001\n")
    (row,) = plot.outcome_bars(dt.load(csv)).rows()
    assert row["shot down"] == 500000000001 and isinstance(row["shot down"], int)
