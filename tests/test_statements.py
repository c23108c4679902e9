"""The accounts a careful reader writes from real and realistic statements
(../shared/statements), checked by the rules.  Each statement's figures are
what the text says; the rules must find exactly the defects the text has."""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from dronetally import Ledger, Report

SHARED = Path(__file__).resolve().parents[2] / "shared"
STATEMENTS = Path(os.environ.get("DRONETALLY_STATEMENTS", SHARED / "statements"))
pytestmark = pytest.mark.skipif(not STATEMENTS.is_dir(), reason=f"no statements at {STATEMENTS}")

PARTS = {"shot_down": "region", "diverted": "destination"}


def to_report(expect: dict[str, Any], case: str) -> Report:
    """A statement's expected account as a Report: "total" is the node's
    figure, other keys its breakdown; a derived figure ("the rest") is named
    and its dimension complete."""
    figures: dict[str, object] = {}
    derived = set(expect.get("derived", ()))
    for node in ("launched", "shot_down", "lost_track", "diverted", "hit", "airborne"):
        value = expect.get(node)
        if isinstance(value, dict):
            for part, figure in value.items():
                key = node if part == "total" else f"{node}.{PARTS[node]}.{part}"
                figures[key] = figure
        elif value is not None:
            figures[node] = "?" if node in derived else value
    complete = {"launched.outcome"} if derived else set()
    return Report(source=expect.get("source", "unnamed"), id=case, weapon=expect.get("weapon"),
                  figures=figures, complete=frozenset(complete))


def load(name: str) -> list[tuple[str, dict[str, Any], Report]]:
    out = []
    for line in (STATEMENTS / name).read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        for expect in case["expect"]:
            out.append((case["id"], expect, to_report(expect, case["id"])))
    return out


def test_only_the_over_accounted_statement_is_an_error() -> None:
    cases = load("dev.jsonl")
    result = Ledger([r for _, _, r in cases]).check()
    assert [(f.report_id, f.rule, f.dimension, f.lo) for f in result.errors] == [
        ("en-over", "over-accounted", "launched.outcome", 3)
    ]


def test_derived_figures_are_inferred_exactly() -> None:
    for case, expect, report in load("dev.jsonl"):
        for node in expect.get("derived", ()):
            (f,) = report.check().filter(rule="inferred-bound", node=node)
            assert (f.lo, f.hi) == (expect[node], expect[node]), case


def test_remainders_are_what_the_figures_leave() -> None:
    for case, expect, report in load("dev.jsonl"):
        launched = expect.get("launched")
        parts = [expect.get(n) for n in ("shot_down", "lost_track", "hit", "airborne")]
        diverted = expect.get("diverted")
        if isinstance(diverted, dict):
            # without a total, the destinations are only a floor: the remainder is an interval
            diverted = diverted.get("total", "no total")
        parts.append(diverted)
        exact = [p for p in parts if p is not None]
        if not isinstance(launched, int) or not all(isinstance(p, int) for p in exact) or expect.get("derived"):
            continue
        left = launched - sum(exact)
        found = report.check().filter(rule="remainder", node="launched.outcome")
        if left <= 0:
            assert len(found) == 0, case
        else:
            (f,) = found
            assert (f.lo, f.hi) == (left, left), case


def test_the_ministrys_regions_add_up_to_its_totals() -> None:
    cases = load("mod-telegram.jsonl")
    assert len(cases) >= 20
    result = Ledger([r for _, _, r in cases]).check()
    assert result.filter(rule="remainder").reports == len(cases)
    assert len(result.filter(rule="remainder")) == 0
    assert len(result.errors) == 0
    # each one implies only that at least its total was launched
    for f in result.filter(rule="inferred-bound"):
        assert f.node == "launched" and f.hi is None


def test_about_figures_absorb_a_near_balance() -> None:
    (report,) = [r for case, _, r in load("dev.jsonl") if case == "en-about-remaining"]
    (f,) = report.check()
    assert (f.rule, f.lo, f.hi) == ("remainder", 0, 15)
