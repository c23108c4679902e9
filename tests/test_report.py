"""Reports: validated when built, immutable, changed by copies."""

import pytest

import dronetally as dt
from dronetally import Report, SchemaError


def test_report_validation() -> None:
    with pytest.raises(SchemaError, match="source"):
        Report(source="  ")
    with pytest.raises(SchemaError, match="not a node"):
        Report(source="s", figures={"jammed": 3})
    with pytest.raises(SchemaError, match="ISO 8601"):
        Report(source="s", window_start="22/12/2024")
    with pytest.raises(SchemaError, match="not a dimension"):
        Report(source="s", complete=frozenset({"launched.colour"}))
    with pytest.raises(ValueError):
        Report(source="s", figures={"launched": -1})


def test_reports_are_immutable() -> None:
    report = Report(source="s", figures={"launched": 3})
    with pytest.raises(AttributeError):
        report.source = "t"  # type: ignore[misc]
    with pytest.raises(TypeError):
        report.figures["launched"] = dt.Count.exact(4)  # type: ignore[index]
    assert report.evolve(source="t").source == "t" and report.source == "s"


def test_report_check_runs_the_rules_on_one_row() -> None:
    report = Report(source="air force", figures={"launched": 24, "shot_down": 17, "lost_track": "?"},
                    complete=frozenset({"launched.outcome"}))
    (f,) = report.check()
    assert (f.rule, f.node, f.lo, f.hi, f.report) == ("inferred-bound", "lost_track", 7, 7, 0)
    assert f.message == "lost track is exactly 7"


def test_not_stated_is_no_figure_at_all() -> None:
    report = Report(source="s", figures={"launched": 5, "hit": None, "lost_track": "  "})  # type: ignore[dict-item]
    assert dict(report.figures) == {"launched": dt.Count.exact(5)} and not report.named


def test_complete_named_and_overlapping_take_one_text_of_keys() -> None:
    text = Report("A", figures={"launched": 3, "shot_down": 3, "lost_track": "?"},
                  complete="launched.outcome; launched.weapon", named="lost_track",
                  overlapping="shot_down.region")
    sets = Report("A", figures={"launched": 3, "shot_down": 3, "lost_track": "?"},
                  complete={"launched.outcome", "launched.weapon"}, named={"lost_track"},
                  overlapping={"shot_down.region"})
    assert text == sets and text.complete == {"launched.outcome", "launched.weapon"}
    with pytest.raises(SchemaError, match=r"launched\.outcomes"):  # the whole key is read, not its letters
        Report("A", figures={"launched": 3}, complete="launched.outcomes")
