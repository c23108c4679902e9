"""Rule 8: reports compared with each other, only when they speak of the same drones."""

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import dronetally as dt
from dronetally.engine import propagate


def ledger(*reports: dict[str, object]) -> dt.Ledger:
    base = {"scope": "Ukraine", "window_start": "2025-01-01T18:00", "window_end": "2025-01-02T09:00",
            "weapon": "Shahed"}
    text = "[\n" + ",\n".join(json.dumps({**base, **r}) for r in reports) + "\n]"
    return dt.loads(text, name="r.json")


def test_two_sources_whose_figures_cannot_both_be_true() -> None:
    result = ledger(
        {"source": "air force", "figures": {"launched": 60, "shot_down": 50}},
        {"source": "general staff", "figures": {"launched": 50, "shot_down": 45}},
    ).check()
    (f,) = result.filter(rule="disagreement")
    assert (f.severity, f.node, f.lo, f.location.line, f.other_report) == (  # type: ignore[union-attr]
        "error", "launched", 10, 3, 0)
    assert f.message == "launched 50 here, 60 in air force at line 2"


def pairs(*rows: tuple[str, str, str | None]) -> list[tuple[int, int | None]]:
    """(report, earlier report) of the disagreements among reports of one
    scope, each (window_start, timezone, and its source's letter) with a figure of its own."""
    columns = {"source": [r[2] or "" for r in rows], "scope": ["Ukraine"] * len(rows),
               "window_start": [r[0] for r in rows], "timezone": [r[1] for r in rows],
               "launched": [10 * (k + 1) for k in range(len(rows))]}
    return [(f.report, f.other_report) for f in dt.Ledger.from_columns(columns).check().filter(rule="disagreement")]


def test_windows_are_compared_as_instants_in_their_time_zones() -> None:
    # January 2024: Kyiv is UTC+2, Moscow UTC+3
    assert pairs(("2024-01-10T19:00", "Europe/Kyiv", "a"), ("2024-01-10T19:00", "Europe/Moscow", "b")) == []
    assert pairs(("2024-01-10T19:00", "Europe/Kyiv", "a"), ("2024-01-10T20:00", "Europe/Moscow", "b")) == [(1, 0)]
    assert pairs(("2024-01-10T19:00+02:00", None, "a"), ("2024-01-10T19:00", "Europe/Kyiv", "b")) == [(1, 0)]
    # a date alone is the whole day where it is said: two zones' days are different days
    assert pairs(("2024-01-10", "Europe/Kyiv", "a"), ("2024-01-10", "Europe/Moscow", "b")) == []
    assert pairs(("2024-01-10", "Europe/Kyiv", "a"), ("2024-01-10", "Europe/Kyiv", "b")) == [(1, 0)]
    # with no zone, a time is compared as written, and only with times that have none
    assert pairs(("2024-01-10T19:00", None, "a"), ("2024-01-10T19:00", None, "b")) == [(1, 0)]
    assert pairs(("2024-01-10T19:00", None, "a"), ("2024-01-10T19:00", "Europe/Kyiv", "b")) == []
    # a zone the database does not know: compared by its name, as written
    assert pairs(("2024-01-10", "Mars/Base", "a"), ("2024-01-10", "Mars/Base", "b")) == [(1, 0)]


def test_a_moment_is_the_instant_a_window_bound_names() -> None:
    from dronetally.across import moment

    kyiv, moscow = moment("2024-01-10T19:00", "Europe/Kyiv"), moment("2024-01-10T20:00", "Europe/Moscow")
    assert kyiv == moscow == ("instant", 1704906000)
    assert moment("2024-07-10", "Europe/Kyiv") == ("instant", 1720558800)  # summer: UTC+3, midnight
    assert moment("2024-07-10", "Europe/Kyiv", end=True) == ("instant", 1720558800 + 86400)  # to 24:00
    assert moment(None, "Europe/Kyiv") is None


def test_bounds_that_overlap_agree() -> None:
    result = ledger(
        {"source": "air force", "figures": {"launched": ">40", "shot_down": 30}},
        {"source": "general staff", "figures": {"launched": 45, "shot_down": "~30"}},
    ).check()
    assert len(result.filter(rule="disagreement")) == 0


def test_inferred_bounds_take_part() -> None:
    # the second report says nothing of launched, but its parts put it at 70 or more
    result = ledger(
        {"source": "air force", "figures": {"launched": 60}},
        {"source": "general staff", "figures": {"shot_down": 50, "lost_track": 20}},
    ).check()
    (f,) = result.filter(rule="disagreement")
    assert (f.node, f.lo) == ("launched", 10)


def test_different_scopes_windows_or_weapons_are_never_compared() -> None:
    for change in ({"scope": "south"}, {"window_start": "2025-01-01T19:00"}, {"weapon": "Iskander-M"}):
        result = ledger(
            {"source": "air force", "figures": {"launched": 60}},
            {"source": "general staff", "figures": {"launched": 10}, **change},
        ).check()
        assert len(result.filter(rule="disagreement")) == 0, change


def test_a_later_post_of_the_same_source_that_changes_a_figure_is_a_revision_not_a_disagreement() -> None:
    result = ledger(
        {"source": "air force", "figures": {"launched": 60, "shot_down": 50}, "link": "post/1"},
        {"source": "general staff", "figures": {"launched": 60}, "link": "post/9"},
        {"source": "air force", "figures": {"launched": 10, "shot_down": 50, "hit": 3}, "link": "post/2"},
        {"source": "air force", "figures": {"launched": 10}, "link": "post/3"},  # the same again: no change
        {"source": "air force", "figures": {"launched": 12}, "link": "post/3"},  # the same post: no revision
    ).check()
    (f,) = result.filter(rule="revision")
    assert (f.severity, f.report, f.other_report, f.location.line) == ("warning", 2, 0, 4)  # type: ignore[union-attr]
    assert f.message == ("revises line 2, the same source's previous report of the same attack: "
                         "launched 60 there, 10 here")
    # the general staff's 60 disagrees with each later 10 or 12: that is another source
    assert [(d.report, d.other_report) for d in result.filter(rule="disagreement")] == [(2, 1), (3, 1), (4, 1)]


def test_a_revision_compares_figures_written_in_both_posts_not_what_they_imply() -> None:
    result = ledger(
        # a later post that adds a part raises what launched must be, but changes no figure
        {"source": "a", "figures": {"launched": ">=5"}, "link": "p/1"},
        {"source": "a", "figures": {"launched": ">=5", "shot_down": 7}, "link": "p/2"},
        # a later post that states the part a figure was inferred from: no change either
        {"source": "b", "figures": {"shot_down": 5}, "link": "p/1", "window_start": "2025-01-01T19:00"},
        {"source": "b", "figures": {"shot_down": 5, "lost_track": 3}, "link": "p/2",
         "window_start": "2025-01-01T19:00"},
        # a bound written differently is a change
        {"source": "c", "figures": {"launched": ">=5"}, "link": "p/1", "window_start": "2025-01-01T20:00"},
        {"source": "c", "figures": {"launched": "5-9"}, "link": "p/2", "window_start": "2025-01-01T20:00"},
    ).check()
    assert [(f.report, f.other_report, f.message) for f in result.filter(rule="revision")] == [
        (5, 4, "revises line 6, the same source's previous report of the same attack: launched >=5 there, 5-9 here")]


def test_a_window_that_ends_on_the_last_day_there_is_still_compared() -> None:
    from dronetally.across import moment

    assert moment("9999-12-31", "Europe/Kyiv", end=True) == moment("9999-12-31", "Europe/Kyiv", end=True)
    result = ledger(
        {"source": "a", "figures": {"launched": 60}, "window_start": "9999-12-31", "window_end": "9999-12-31"},
        {"source": "b", "figures": {"launched": 10}, "window_start": "9999-12-31", "window_end": "9999-12-31"},
    ).check()
    assert [(f.report, f.other_report) for f in result.filter(rule="disagreement")] == [(1, 0)]


def test_possible_duplicate_from_another_post() -> None:
    result = ledger(
        {"source": "air force", "figures": {"launched": 60, "shot_down": 60}, "link": "post/1"},
        {"source": "air force", "figures": {"launched": 60, "shot_down": 60}, "link": "post/2"},
        {"source": "air force", "figures": {"launched": 61, "shot_down": 60}, "link": "post/3"},
        {"source": "air force", "figures": {"launched": 60, "shot_down": 60}, "link": "post/1"},
    ).check()
    dups = result.filter(rule="possible-duplicate")
    # each names the first report with its figures; the same post twice is not "another post"
    assert [(f.severity, f.location.line, f.other_report) for f in dups] == [  # type: ignore[union-attr]
        ("warning", 3, 0)]
    assert "line 2" in dups[0].message and "post/1" in dups[0].message


def test_reports_without_a_scope_or_window_are_not_compared() -> None:
    result = ledger(
        {"source": "a", "figures": {"launched": 60}, "scope": None},
        {"source": "b", "figures": {"launched": 10}, "scope": None},
    ).check()
    assert len(result.filter(rule="disagreement")) == 0


def test_reports_without_links_are_posts_of_their_own() -> None:
    result = ledger(
        {"source": "air force", "figures": {"launched": 60}},
        {"source": "general staff", "figures": {"launched": 60}},
    ).check()
    assert len(result.filter(rule="possible-duplicate")) == 1


# -- the disagreement rule against a plain-Python reading of it -------------------------


FIGURE = st.one_of(st.none(), st.integers(0, 6).map(str), st.sampled_from([">2", "<=3", "1-4", "~5"]))


def expected_disagreements(rows: list[tuple[str, str, str | None, str | None]]) -> tuple[dt.Ledger, list[Any]]:
    """A ledger of (source, night, launched, lost_track) rows, and its
    disagreements found by comparing every pair."""
    ledger = dt.Ledger.from_columns({
        "source": [r[0] for r in rows], "scope": ["Ukraine"] * len(rows), "window_start": [r[1] for r in rows],
        "launched": [r[2] for r in rows], "lost_track": [r[3] for r in rows],
    })
    keys = ledger.keys  # tree order: the first node that conflicts is the one reported
    state = propagate(ledger)

    def conflict(a: int, b: int) -> str | None:
        for key in keys:
            if not (state.present[key][a] and state.present[key][b]):
                continue
            lo_a, hi_a, lo_b, hi_b = (int(state.lo[key][a]), int(state.hi[key][a]),
                                      int(state.lo[key][b]), int(state.hi[key][b]))
            if lo_a > hi_b or lo_b > hi_a:
                return key
        return None

    expected = []
    for b in range(len(rows)):
        for a in range(b):
            if rows[a][0] != rows[b][0] and rows[a][1] == rows[b][1] and conflict(a, b):
                expected.append((b, a, conflict(a, b)))
                break
    return ledger, expected


NIGHT = st.sampled_from(["2024-12-21", "2024-12-22"])


@given(st.lists(st.tuples(st.sampled_from("abc"), NIGHT, FIGURE, FIGURE), min_size=1, max_size=25))
def test_each_report_meets_its_earliest_disagreeing_report_of_another_source(
    rows: list[tuple[str, str, str | None, str | None]],
) -> None:
    assert_disagreements_of_every_pair(rows)


def assert_disagreements_of_every_pair(rows: list[tuple[str, str, str | None, str | None]]) -> None:
    ledger, expected = expected_disagreements(rows)
    got = [(f.report, f.other_report, f.node) for f in ledger.check().filter(rule="disagreement")]
    assert got == expected


EXACT = st.integers(0, 3).map(str)


@given(st.lists(st.tuples(st.sampled_from("abc"), NIGHT, EXACT, st.one_of(st.none(), EXACT)), min_size=1, max_size=30))
def test_exact_figures_take_the_short_way_to_the_same_disagreements(
    rows: list[tuple[str, str, str | None, str | None]],
) -> None:
    # every figure exact and launched always stated: the linear path for exact bounds
    assert_disagreements_of_every_pair(rows)


@given(st.lists(st.tuples(st.sampled_from([None, "p1", "p2"]), NIGHT, st.one_of(st.none(), EXACT),
                          st.sampled_from([None, "1", "~2", ">1"])), min_size=1, max_size=30))
def test_each_duplicate_names_the_first_report_with_its_figures(
    rows: list[tuple[str | None, str, str | None, str | None]],
) -> None:
    ledger = dt.Ledger.from_columns({
        "source": ["a"] * len(rows), "scope": ["Ukraine"] * len(rows), "link": [r[0] for r in rows],
        "window_start": [r[1] for r in rows], "launched": [r[2] for r in rows], "lost_track": [r[3] for r in rows],
    })
    expected = []
    for b, (link, night, *figures) in enumerate(rows):
        if figures == [None, None]:
            continue  # nothing stated: nothing to be a duplicate of
        first = next(a for a in range(b + 1) if rows[a][1] == night and list(rows[a][2:]) == figures)
        if first < b and (link is None or link != rows[first][0]):
            expected.append((b, first))
    got = [(f.report, f.other_report) for f in ledger.check().filter(rule="possible-duplicate")]
    assert got == expected
