"""The extractor scored on every statement of tests/data/statements/ (copies
of ../shared/statements: see tests/data/README.md), figure by figure.

A figure is right when the extracted report of the same weapon (or source)
has it with the same value ("~N" matches any band around N that is not one
value); a report is right when its source, every figure and every derived
mark are right and it has no figure the text does not give.  The headline
report of all weapons (which the expectations do not list) and the weapon
parts it copies from the reports of each weapon are not counted as extra.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import dronetally as dt
from dronetally.count import Count, read_figure

HERE = Path(__file__).resolve().parent / "data" / "statements"
SHARED = Path(os.environ.get("DRONETALLY_STATEMENTS",
                             Path(__file__).resolve().parents[2] / "shared" / "statements"))
FILES = ("dev.jsonl", "mod-telegram.jsonl", "af-telegram.jsonl")
DIMENSION = {"shot_down": "region", "diverted": "destination", "launched": "weapon"}

#: The level reached (figures right, reports right), per file: a regression fails.
REACHED = {"dev.jsonl": (58, 18), "mod-telegram.jsonl": (86, 20), "af-telegram.jsonl": (25, 11)}


def cases(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def plain(name: str | None) -> str | None:
    """A name compared as the statements' README says: case ignored, and a leading article."""
    if name is None:
        return None
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


def expected_figures(expect: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for node in ("launched", "shot_down", "lost_track", "diverted", "hit", "airborne"):
        value = expect.get(node)
        if isinstance(value, dict):
            for part, figure in value.items():
                out[node if part == "total" else f"{node}.{part}"] = figure
        elif value is not None:
            out[node] = value
    return out


def extracted_figures(extraction: dt.Extraction, i: int) -> tuple[dict[str, Count], set[str], set[str]]:
    """(figures by the expectations' keys, derived keys, structural keys) of report ``i``."""
    found = extraction.found[i]
    out: dict[str, Count] = {}
    derived, structural = set(), set()
    for key, prov in extraction.provenance[i].items():
        node, _, rest = key.partition(".")
        short = node if not rest else f"{node}.{rest.partition('.')[2]}"
        figure = found.figures[key]
        value = prov.value if prov.derived else figure.text
        if value is None or value == "?":
            continue
        out[short] = read_figure(value)  # type: ignore[assignment]
        if prov.derived:
            derived.add(short)
        if prov.copied_from:
            structural.add(short)
    return out, derived, structural


def same(expected: Any, got: Count) -> bool:
    if isinstance(expected, str) and expected.startswith("~"):
        n = int(expected[1:])
        return not got.is_exact and got.lo <= n <= (got.hi if got.hi is not None else n)
    return read_figure(expected) == got


@dataclass
class Score:
    figures: int = 0
    figures_right: int = 0
    reports: int = 0
    reports_right: int = 0
    extra_figures: list[str] = field(default_factory=list)
    extra_reports: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)


def score_case(case: dict[str, Any], score: Score) -> None:
    extraction = dt.extract(case["text"], case["lang"])
    assert extraction.lang == case["lang"], case["id"]
    taken: set[int] = set()
    several = len(case["expect"]) > 1
    for expect in case["expect"]:
        score.reports += 1
        want = expected_figures(expect)
        score.figures += len(want)
        match = None
        for i, found in enumerate(extraction.found):
            if i in taken:
                continue
            if "weapon" in expect:
                ok = plain(found.weapon) == plain(expect["weapon"])
            else:
                ok = found.weapon == "drones" and (not several or plain(found.source) == plain(expect.get("source")))
            if ok:
                match = i
                break
        if match is None:
            score.wrong.append(f"{case['id']}: no report for {expect}")
            continue
        taken.add(match)
        got, derived, structural = extracted_figures(extraction, match)
        right = plain(extraction.found[match].source) == plain(expect.get("source"))
        if not right:
            score.wrong.append(f"{case['id']}: source {extraction.found[match].source!r}, not {expect.get('source')!r}")
        for key, value in want.items():
            if key in got and same(value, got[key]) and ((key in derived) == (key in expect.get("derived", ()))):
                score.figures_right += 1
            else:
                right = False
                score.wrong.append(f"{case['id']}: {expect.get('weapon', '')} {key} {got.get(key)} for {value}")
        extra = [k for k in got if k not in want and k not in structural]
        if extra:
            right = False
            score.extra_figures += [f"{case['id']}: {k} {got[k]}" for k in extra]
        score.reports_right += right
    for i, found in enumerate(extraction.found):
        if i not in taken and found.weapon != "all weapons":
            score.extra_reports.append(f"{case['id']}: {found.weapon} {dict(found.figures)}")
    not_figures = set(case.get("not_figures", ()))
    for found in extraction.found:
        for figure in found.figures.values():
            if figure.value in not_figures:
                score.invented.append(f"{case['id']}: {figure.key} {figure.value} is no figure")


def score_file(name: str) -> Score:
    score = Score()
    for case in cases(name):
        score_case(case, score)
    return score


@pytest.mark.parametrize("name", FILES)
def test_score(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    score = score_file(name)
    with capsys.disabled():
        print(f"\n{name}: figures {score.figures_right}/{score.figures}, "
              f"reports {score.reports_right}/{score.reports}, {len(score.extra_figures)} extra figures, "
              f"{len(score.extra_reports)} extra reports")
    assert not score.invented, score.invented
    assert not score.extra_reports, score.extra_reports
    figures, reports = REACHED[name]
    assert score.figures_right >= figures, score.wrong + score.extra_figures
    assert score.reports_right >= reports, score.wrong + score.extra_figures
    assert (score.figures, score.reports) == REACHED[name], "the files changed: score them again"


def test_the_seed_gives_the_two_reports_of_seeds_reports_json() -> None:
    root = Path(__file__).resolve().parents[1]
    text = (root / "seeds" / "000_8bf01895eb6a57fd.txt").read_text(encoding="utf-8")
    extraction = dt.extract(text)
    seed = dt.load(root / "seeds" / "reports.json")
    got = {(r.source, r.weapon): (dict(r.figures), r.named, r.complete) for r in extraction}
    want = {(r.source, r.weapon): (dict(r.figures), r.named, r.complete) for r in seed}
    assert got == want
    assert [u.text for u in extraction.unused] == ["9/11", "one", "two", "two"]


@pytest.mark.parametrize("name", FILES)
def test_copies_are_in_step_with_the_shared_statements(name: str) -> None:
    if not (SHARED / name).is_file():
        pytest.skip(f"no shared statements at {SHARED}")
    assert (HERE / name).read_bytes() == (SHARED / name).read_bytes(), f"copy {name} again from {SHARED}"
