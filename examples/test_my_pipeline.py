"""Property tests of a small data pipeline with dronetally's strategies.

    pip install 'dronetally[strategies]' pytest
    pytest examples/test_my_pipeline.py

``monthly_totals`` stands for your own code: it sums nightly reports into
monthly totals of launched and shot down, and refuses a report whose
account does not add up.  The tests feed it generated reports, consistent
and not, and check what it must always do.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dronetally
from dronetally import strategies as dts


class BadReport(ValueError):
    pass


def monthly_totals(reports: list[dronetally.Report]) -> dict[str, dict[str, int]]:
    """Launched and shot down per month, from reports that state both exactly."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"launched": 0, "shot_down": 0, "reports": 0})
    for report in reports:
        errors = report.check().errors
        if errors:
            raise BadReport(f"{report.label()}: {errors[0].message}")
        launched, shot_down = report.figures.get("launched"), report.figures.get("shot_down")
        if launched is None or shot_down is None or not (launched.is_exact and shot_down.is_exact):
            continue
        month = (report.window_start or "unknown")[:7]
        totals[month]["launched"] += launched.lo
        totals[month]["shot_down"] += shot_down.lo
        totals[month]["reports"] += 1
    return dict(totals)


# Reports of nights in 2025 (or of no stated window), consistent unless a test says otherwise.
nights_of_2025 = dts.reports(exact=True, dates=("2025-01-01", "2025-12-31"))


@given(st.lists(nights_of_2025, max_size=30))
def test_never_more_shot_down_than_launched(reports: list[dronetally.Report]) -> None:
    for month in monthly_totals(reports).values():
        assert month["shot_down"] <= month["launched"]


@given(st.lists(nights_of_2025, max_size=30), st.lists(nights_of_2025, max_size=30))
def test_totals_add_up_across_batches(first: list[dronetally.Report], second: list[dronetally.Report]) -> None:
    together = monthly_totals(first + second)
    apart = [monthly_totals(first), monthly_totals(second)]
    for month, total in together.items():
        for field in ("launched", "shot_down", "reports"):
            assert total[field] == sum(part.get(month, {}).get(field, 0) for part in apart)


@given(st.lists(nights_of_2025, max_size=10), dts.mutants())
def test_a_report_that_does_not_add_up_is_refused(reports: list[dronetally.Report], mutant: dts.Mutant) -> None:
    with pytest.raises(BadReport, match=mutant.expected.dimension.split(".")[1]):
        monthly_totals([*reports, mutant.report])
    monthly_totals([*reports, mutant.original])  # the same report before the change is fine
