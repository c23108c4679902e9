"""dronetally.extract: tokens, languages, intervals, places, provenance, and
that nothing is invented (every figure stands at a number of the text, and
every number is a figure or listed unused)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dronetally as dt
from dronetally.extractor._parse import detect_language
from dronetally.extractor._tokens import tokenize

DATA = Path(__file__).resolve().parent / "data" / "statements"
TEXTS = [json.loads(line)["text"] for name in ("dev.jsonl", "mod-telegram.jsonl", "af-telegram.jsonl")
         for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("text", "values"), [
    ("Seventeen of the twenty-four", [17, 24]),
    ("сорока двома, тридцять один, дев’ять, п'ятьма", [42, 31, 9, 5]),
    ("четырьмя, двенадцать, восьми, сто двадцать пять", [4, 12, 8, 125]),
    ("two hundred and five drones, 1 200 дронів, 1,500 drones", [205, 1200, 1500]),
])
def test_numbers_in_digits_and_words(text: str, values: list[int]) -> None:
    assert [t.value for t in tokenize(text) if t.kind == "num"] == values


def test_names_times_and_decimals_are_not_counts() -> None:
    kinds = [(t.text, t.kind) for t in tokenize("KN-23 Х-101 9/11 18:00 09.00 3.5 Shahed-136") if t.kind != "word"]
    assert kinds == [("KN-23", "name"), ("Х-101", "name"), ("9/11", "name"), ("18:00", "clock"),
                     ("09.00", "clock"), ("3.5", "decimal"), ("Shahed-136", "name")]


@pytest.mark.parametrize(("text", "lang"), [
    ("Russia launched 50 drones.", "en"), ("Збито 41 БпЛА, локаційно втрачено 20.", "uk"),
    ("Перехвачены и уничтожены 15 беспилотных летательных аппаратов.", "ru"),
])
def test_language_by_letters(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    assert dt.extract(text).lang == lang


@pytest.mark.parametrize(("text", "lang"), [
    ("Противник атакував сорока двома ударними БпЛА. Збито тридцять дев'ять.", "uk"),  # none of the Ukrainian letters
    ("Збито тридцять дев’ять.", "uk"),  # an apostrophe inside a Cyrillic word
    ("Збито 12 БпЛА.", "uk"), ("Сбито 12 БпЛА.", "ru"),  # a word of one language alone
    ("Перехвачены 15 беспилотных летательных аппаратов.", "ru"),
    ("12 БпЛА.", "ru"),  # no sign either way: Russian, as before
    ("Противник атакував 'Курськ' 12 дронами.", "uk"), ("Противник атаковал 'Курск' 12 дронами.", "ru"),
])
def test_ukrainian_and_russian_without_their_own_letters(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(("words", "figure"), [
    ("more than 40", ">40"), ("at least 40", ">=40"), ("up to 40", "<=40"), ("about 40", "~40"),
    ("nearly 40", "<~40"), ("over 40", ">40"), ("some 40", "~40"), ("fewer than 40", "<40"),
])
def test_intervals(words: str, figure: str) -> None:
    (report,) = dt.extract(f"The air force said Russia launched {words} drones overnight.")
    assert str(report.figures["launched"]) == figure


@pytest.mark.parametrize(("words", "figure"), [
    ("понад 40", ">40"), ("щонайменше 40", ">=40"), ("близько 40", "~40"), ("майже 40", "<~40"),
])
def test_intervals_in_ukrainian(words: str, figure: str) -> None:
    (report,) = dt.extract(f"Противник атакував {words} ударними БпЛА.")
    assert str(report.figures["launched"]) == figure


@pytest.mark.parametrize(("place", "name"), [
    ("над территорией Орловской области", "Oryol"), ("над Орловською областю", "Oryol"),
    ("над территорией Нижегородской области", "Nizhny Novgorod"), ("над Курськом", "Kursk"),
    ("над акваторией Черного моря", "Black Sea"), ("над Брянской областью", "Bryansk"),
    ("над Республикой Крым", "Crimea"), ("над Харківщиною", "Kharkiv"), ("over the Voronezh region", "Voronezh"),
])
def test_regions_in_any_case_form(place: str, name: str) -> None:
    (report,) = dt.extract(f"Перехвачены и уничтожены 9 беспилотников: 4 {place}.")
    assert {k: str(v) for k, v in report.figures.items()} == {"shot_down": "9", f"shot_down.region.{name}": "4"}


def test_a_region_without_over_is_a_region_only_among_items_placed_over_one() -> None:
    listed = dt.extract("Уничтожены 9 беспилотников: 5 – над территорией Курской области, 4 – Брянской области.")
    assert {k: str(v) for k, v in listed[0].figures.items()} == {
        "shot_down": "9", "shot_down.region.Kursk": "5", "shot_down.region.Bryansk": "4"}
    alone = dt.extract("Уничтожены 9 беспилотников: 4 – Брянской области.")
    assert [u.text for u in alone.unused] == ["4"]  # no item says "над": the list is no list of regions
    more = dt.extract("Destroyed 9 drones: 5 over Kursk, 4 Bryansk drones were seen.")
    assert "shot_down.region.Bryansk" not in more[0].figures  # more words than a region: not an item of the list


def test_a_bullet_takes_its_headings_cue_not_the_cue_of_the_bullet_before() -> None:
    found = dt.extract("Air defence shot down 50 targets:\n- 40 drones;\n- 6 cruise missiles were locationally "
                       "lost;\n- 4 ballistic missiles.")
    figures = {r.weapon: {k: str(v) for k, v in r.figures.items()} for r in found}
    assert figures["cruise missiles"] == {"lost_track": "6"}  # the item states its own cue
    assert figures["ballistic missiles"] == {"shot_down": "4"}  # the heading's, as the item states none
    assert figures["all weapons"] == {"shot_down": "50"}


def test_a_cue_after_a_number_is_no_noun_it_counts() -> None:
    # "локаційно" starts like "локація" (a location), but is the start of a cue
    (report,) = dt.extract("Противник атакував 30 ударними БпЛА. Збито 20, ще 10 локаційно втрачено.")
    assert {k: str(v) for k, v in report.figures.items()} == {"launched": "30", "shot_down": "20", "lost_track": "10"}
    assert [u.why for u in dt.extract("Збито 20 БпЛА на 5 локаціях.").unused] == ['counts "локаціях", not weapons']


@pytest.mark.parametrize(("text", "counted"), [
    ("Air defence, 4 mobile fire groups and EW units shot down 40 drones.", "fire groups"),
    ("Strikes hit 3 districts; 40 drones were downed.", "districts"),
    ("5 locations across the country were hit; 40 drones were downed.", "locations"),
    ("Збито 20 БпЛА. Уламки впали у 4 населених пунктах області.", "населених пунктах"),
])
def test_an_unused_number_names_the_phrase_it_counts_to_its_last_noun(text: str, counted: str) -> None:
    assert [u.why for u in dt.extract(text).unused] == [f'counts "{counted}", not weapons']


def test_the_language_given_changes_no_word_list() -> None:
    text = "Противник атакував сорока двома ударними БпЛА. Збито тридцять дев'ять."
    figures = [{k: str(v) for k, v in dt.extract(text, lang)[0].figures.items()} for lang in ("en", "uk", "ru")]
    assert figures == [{"launched": "42", "shot_down": "39"}] * 3
    post = "У ніч на 17 вересня (з 18:00 16 вересня) противник атакував 40 ударними БпЛА."
    assert dt.extract(post, "uk").window["timezone"] == "Europe/Kyiv"
    assert dt.extract(post, "ru").window["timezone"] == "Europe/Moscow"


@pytest.mark.parametrize(("text", "source"), [
    ("Минобороны России сообщило, что ночью перехвачены и уничтожены 24 беспилотника.", "Минобороны России"),
    ("The Russian Defence Ministry said 24 drones were intercepted and destroyed.", "Russian Defence Ministry"),
    ("За даними Повітряних сил, збито 24 БпЛА.", "Повітряних сил"),
])
def test_a_source_is_named_as_the_text_writes_it_in_its_own_language(text: str, source: str) -> None:
    assert [r.source for r in dt.extract(text)] == [source]


def test_a_number_larger_than_any_count_is_no_figure() -> None:
    found = dt.extract("Russia launched 52 103 103 103 103 drones.")  # digit groups: one number of 14 digits
    assert len(found) == 0
    assert [(u.value, u.why) for u in found.unused] == [(52103103103103, "larger than any count")]


def test_provenance_spans_are_the_numbers_of_the_text() -> None:
    for text in TEXTS:
        found = dt.extract(text)
        for prov in found.provenance:
            for p in prov.values():
                if p.derived or p.implied or p.span is None:
                    continue
                assert text[p.span[0]:p.span[1]] == p.text
                assert p.text in p.words or p.words in text


def test_every_number_is_a_figure_or_unused() -> None:
    for text in TEXTS:
        found = dt.extract(text)
        starts = {span[1] for prov in found.provenance for p in prov.values()
                  for span in (p.span, *p.also) if span}
        unused = {u.span[1] for u in found.unused}
        for t in tokenize(text):
            if t.kind in ("num", "clock", "name", "decimal"):
                assert t.end in starts or t.end in unused, (t.text, text[:60])


def test_a_second_figure_for_a_node_is_unused_not_a_figure() -> None:
    found = dt.extract("Russia launched 40 drones, the air force said. Russia launched 45 drones.")
    assert str(found[0].figures["launched"]) == "40"
    assert [u.why for u in found.unused] == ["a second figure for launched (drones); the first, 40, is kept"]


def test_the_rest_is_derived_named_and_complete() -> None:
    found = dt.extract("Seventeen of the twenty-four drones were downed, and the rest were lost from radar.")
    (report,) = found
    assert report.named == {"lost_track"} and report.complete == {"launched.outcome"}
    prov = found.provenance[0]["lost_track"]
    assert (prov.derived, prov.value, prov.derived_from) == (True, 7, ("launched", "shot_down"))
    assert [f.message for f in report.check()] == ["lost track is exactly 7"]


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="lang='de'"):
        dt.extract("x", "de")
    with pytest.raises(ValueError, match="published='2026-13-01'"):
        dt.extract("x", published="2026-13-01")
    with pytest.raises(ValueError, match="year=20"):
        dt.extract("x", year=20)
    with pytest.raises(TypeError, match="text must be a str"):
        dt.extract(b"x")  # type: ignore[arg-type]
    assert repr(dt.extract("x", "auto")) == "<Extraction: 0 reports, 0 unused numbers>"


def test_extraction_needs_no_numpy() -> None:
    code = ("import sys, dronetally\n"
            "found = dronetally.extract('Russia launched 50 drones; 40 were shot down.')\n"
            "print(len(found.found), 'numpy' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["1", "False"], done.stderr


def test_extract_output_reads_back_as_json() -> None:
    found = dt.extract(TEXTS[0])
    ledger = dt.loads(found.to_json(), name="extracted.json")
    assert [r.source for r in ledger] == [r.source for r in found]
    with pytest.raises(dt.InputError, match="provenance must be an object"):
        dt.loads('{"reports": [{"source": "a", "figures": {"launched": 1}, "provenance": []}]}')
    with pytest.raises(dt.InputError, match="unknown top-level key 'unused'"):
        dt.loads('{"unused": [], "schema": {}}')


_VOCABULARY = ["Russia", "launched", "52", "out", "of", "103", "drones", "shot", "down", "the", "rest", "were",
               "lost", "from", "radar", "over", "Kursk", "region", ",", ";", ":", ".", "\n", "- ", "▫️", "(", ")",
               "more", "than", "about", "збито", "БпЛА", "локаційно", "втрачено", "в", "бік", "Білорусі",
               "перехвачены", "и", "уничтожены", "над", "территорией", "Брянской", "области", "ракет",
               "балістичних", "Іскандер-М", "/", "С-400", "цілей", "із", "них", "реактивні", "ракетою", "18:00",
               "вересня", "У", "ніч", "на", "17", "сорок", "двома", "twenty-four", "air", "force", "said", "'",
               "\"", "Бандероль", "of", "them", "jet", "according", "to", "Минобороны", "сообщило", "and", "0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY), max_size=40).map(" ".join) | st.text(max_size=200))
def test_any_text_is_read_without_error_and_nothing_invented(text: str) -> None:
    found = dt.extract(text)
    for report, prov in zip(found.found, found.provenance, strict=True):
        for key, p in prov.items():
            figure = report.figures[key]
            if p.derived or p.implied or p.copied_from:
                continue
            assert p.span is not None and text[p.span[0]:p.span[1]] == p.text
            assert figure.value is None or str(figure.value) in figure.text
    found.to_json()
    list(found)  # every report is a valid Report


def test_lines_and_columns_of_unused_numbers_take_linear_time() -> None:
    # Each number's line was counted from the text's start: 1 MB of numbers took 38 s.
    import time

    def seconds(n: int) -> float:
        text = "\n".join(" ".join(str(i) for i in range(j, j + 10)) for j in range(0, n, 10))
        start = time.perf_counter()
        e = dt.extract(text, "en")
        took = time.perf_counter() - start
        last = e.unused[-1]
        assert (last.line, last.column) == (n // 10, last.span[0] - text.rindex("\n"))
        return took

    small, large = seconds(20_000), seconds(80_000)
    assert large < 5
    assert large < 12 * small + 0.5  # four times the text: linear, not sixteen times the time


@pytest.mark.parametrize(("text", "figures", "unused"), [
    ("Росія запустила тисячі дронів, 40 збито.", {"shot_down": 40}, {"тисячі": "no exact number"}),
    ("Россия запустила тысячи дронов, сбито 40.", {"shot_down": 40}, {"тысячи": "no exact number"}),
    ("Russia launched thousands of drones; 40 were shot down.", {"shot_down": 40},
     {"thousands": "no exact number"}),
    ("Russia launched 1.5 thousand drones.", None, {"1.5": "a rounded amount", "thousand": "a rounded amount"}),
    ("Росія запустила 1,5 тисячі дронів.", None, {"1,5": "a rounded amount", "тисячі": "a rounded amount"}),
    ("Росія запустила 2 тисячі дронів.", {"launched": 2000}, {}),
    ("Росія запустила дві тисячі дронів.", {"launched": 2000}, {}),
])
def test_a_magnitude_with_no_exact_count_is_no_figure(text: str, figures: dict[str, int] | None,
                                                      unused: dict[str, str]) -> None:
    # "тисячі" was read as exactly 1000 and "1.5 thousand" as 1000: never invent 1000.
    e = dt.extract(text)
    if figures is None:
        assert not e.reports
    else:
        want = {k: str(v) for k, v in figures.items()}
        assert [{k: str(v) for k, v in r.figures.items()} for r in e.reports] == [want]
    assert {u.text: u.why for u in e.unused} == unused


@pytest.mark.parametrize(("text", "year", "published", "start", "end"), [
    # the start was put in the end's year: 2026-12-31T18:00, after its end
    ("У ніч на 1 січня (з 18:00 31 грудня) збито 40 дронів. Станом на 09:00.", 2026, None,
     "2025-12-31T18:00", "2026-01-01T09:00"),
    ("У ніч на 1 січня (з 18:00 31 грудня) збито 40 дронів. Станом на 09:00.", None, "2026-01-01",
     "2025-12-31T18:00", "2026-01-01T09:00"),
    ("У ніч на 1 січня збито 40 дронів.", 2026, None, "2025-12-31", "2026-01-01"),
    # the start was dropped on the first of a month (day - 1 == 0)
    ("В ночь на 1 марта сбито 40 беспилотников.", 2024, None, "2024-02-29", "2024-03-01"),
    ("В ночь на 1 марта сбито 40 беспилотников.", 2025, None, "2025-02-28", "2025-03-01"),
    ("У ніч на 1 травня збито 40 дронів.", 2026, None, "2026-04-30", "2026-05-01"),
    ("У ніч на 17 вересня збито 40 дронів.", 2026, None, "2026-09-16", "2026-09-17"),
])
def test_a_night_window_across_a_month_or_a_year(text: str, year: int | None, published: str | None, start: str,
                                                 end: str) -> None:
    (report,) = dt.extract(text, year=year, published=published).reports
    assert (report.window_start, report.window_end) == (start, end)


@pytest.mark.parametrize("text", [
    "Над Черным морем уничтожены 5 безэкипажных катеров и 4 беспилотника.",
    "Над Чорним морем знищено 5 безекіпажних катерів і 4 дрони.",
    "Over the Black Sea 5 uncrewed boats and 4 drones were destroyed.",
    "5 unmanned surface vessels and 4 drones were destroyed.",
    "5 морських дронів та 4 БпЛА знищено.",
    "Destroyed: 5 USVs and 4 drones.",
])
def test_uncrewed_boats_are_no_drones(text: str) -> None:
    # the boats were counted as drones (a sea drone is a boat)
    weapons = {r.weapon: {k.split(".")[0] for k in r.figures} for r in dt.extract(text).reports}
    drones = next(r for r in dt.extract(text).reports if r.weapon == "drones")
    boats = next(r for r in dt.extract(text).reports if r.weapon == "uncrewed boats")
    assert set(weapons) == {"drones", "uncrewed boats"}
    assert [str(v) for v in drones.figures.values()] == ["4"]
    assert [str(v) for v in boats.figures.values()] == ["5"]


@pytest.mark.parametrize(("text", "weapon"), [
    ("2 ракети Х-59 збито над Одещиною.", "missiles Kh-59"),
    ("2 ракети Х-59 збито над Одеською областю.", "missiles Kh-59"),
    ("Збито 2 ракети Х-101/Калібр над Київщиною.", "missiles Kh-101/Kalibr"),
    ("Знищено 2 ракети Х-59 на Одещині.", "missiles Kh-59"),
    ("Знищено 2 ракети Х-59 Одещиною.", "missiles Kh-59"),
])
def test_model_names_stop_before_the_rest_of_the_clause(text: str, weapon: str) -> None:
    # the region after the model was read as a second model: "missiles Kh-59/Odeshchynoyu"
    assert [r.weapon for r in dt.extract(text).reports] == [weapon]


@pytest.mark.parametrize(("text", "figures"), [
    # a country after a launch verb is the target, not where drones went off to (was diverted 30)
    ("Ukraine sent 30 drones into Russia overnight.", {"launched": "30"}),
    ("Україна запустила 40 дронів на територію Росії.", {"launched": "40"}),
    ("10 drones were heading to Poland before being shot down.", {"shot_down": "10"}),
    ("5 drones flew to Belarus.", {"diverted": "5", "diverted.destination.Belarus": "5"}),
    ("5 дронів полетіли в бік Білорусі.", {"diverted": "5", "diverted.destination.Belarus": "5"}),
])
def test_a_destination_needs_a_verb_of_going_off(text: str, figures: dict[str, str]) -> None:
    (report,) = dt.extract(text).reports
    assert {k: str(v) for k, v in report.figures.items()} == figures


@pytest.mark.parametrize("text", [
    "Russia fired 4 Kinzhal missiles and 2 Kalibr missiles; all 6 were intercepted.",
    "Росія випустила 4 ракети Кинджал і 2 ракети Калібр. Усі 6 збито.",
])
def test_all_n_summing_several_weapons_is_no_one_weapons(text: str) -> None:
    # "all 6" was pinned to the last weapon: Kalibr shot_down 6
    e = dt.extract(text)
    assert sorted(str(v) for r in e.reports for v in r.figures.values()) == ["2", "4"]
    assert [(u.text, u.why) for u in e.unused] == [("6", "sums several weapons")]


def test_all_n_summing_several_weapons_goes_to_the_all_weapons_report() -> None:
    e = dt.extract("Russia launched 40 drones and 6 missiles, 46 air attack weapons in all; all 46 were shot down.")
    figures = {r.weapon: {k: str(v) for k, v in r.figures.items()} for r in e.reports}
    assert figures["all weapons"]["shot_down"] == "46"
    assert "shot_down" not in figures["missiles"]
    assert dt.extract("Russia launched 40 drones; all 40 were shot down.").reports[0].figures["shot_down"].lo == 40


@pytest.mark.parametrize("text", [
    "Air defence shot down 7 of the 9 missiles and 40 of the 46 drones launched by Russia.",
    "Shot down 7 of the 9 missiles and 40 of the 46 drones.",
])
def test_each_n_of_m_pair_has_its_own_whole(text: str) -> None:
    # "launched by Russia" after the second pair's whole made its part "launched 40"
    figures = {r.weapon: {k: str(v) for k, v in r.figures.items()} for r in dt.extract(text).reports}
    assert figures == {"missiles": {"shot_down": "7", "launched": "9"},
                       "drones": {"shot_down": "40", "launched": "46"}}


def test_piece_is_no_noun_of_other_things() -> None:
    # "piece" was in OTHER_NOUNS for one seed's "one piece of a larger conflict"; with no cue it is unused anyway
    e = dt.extract("The attack was one piece of a larger conflict.")
    assert [(u.text, u.why) for u in e.unused] == [("one", "no cue says what it counts")]


def test_a_clause_where_drones_fell_takes_no_cue_from_the_clause_before() -> None:
    # "2 fell on the Obolon district" was read as shot down (the cue of the clause before), and
    # "injuring 3" as a second shot-down figure
    e = dt.extract("Russia launched 10 drones. 8 were shot down over Kyiv, 2 fell on the Obolon district, injuring 3.")
    (report,) = e.reports
    assert {k: str(v) for k, v in report.figures.items()} == {"launched": "10", "shot_down.region.Kyiv": "8"}
    assert [(u.text, u.why) for u in e.unused] == [("2", "no cue says what it counts"),
                                                   ("3", "counts people, not weapons")]
    e = dt.extract("Збито 8 дронів, 2 впали на Оболоні.")
    assert [(u.text, u.why) for u in e.unused] == [("2", "no cue says what it counts")]


@pytest.mark.parametrize(("text", "noun"), [
    ("Shot down 4 drones and 5 helicopters.", "helicopters"),
    ("Shot down 4 drones and 5 balloons.", "balloons"),
    ("Збито 4 дрони та 5 вертольотів.", "вертольотів"),
])
def test_a_number_with_a_noun_of_no_drone_is_not_the_last_weapons(text: str, noun: str) -> None:
    # the 5 fell back to the weapon before (drones)
    e = dt.extract(text)
    assert [{k: str(v) for k, v in r.figures.items()} for r in e.reports] == [{"shot_down": "4"}]
    assert [(u.text, u.why) for u in e.unused] == [("5", f'counts "{noun}", not weapons')]
