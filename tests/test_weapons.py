"""Weapon classes: one table shipped with the package, for every input format."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import dronetally as dt
from dronetally.cli import main
from dronetally.weapons import MIXED, UNKNOWN, classify, table


@pytest.mark.parametrize(("name", "kind"), [
    ("Shahed-136/131", "drone"),  # as the Air Force dataset writes it
    ("  shahed ", "drone"),
    ("Shahed\u2013136", "drone"),  # an en dash
    ("Shahed-136/131 attack drones", "drone"),  # known names inside, all of one class
    ("ударні БпЛА", "drone"),
    ("беспилотники самолетного типа", "drone"),
    ("Shahed-136/131 and Lancet", "drone"),
    ("крилаті ракети Х-101/Х-555", "cruise missile"),
    ("Kalibr", "cruise missile"),
    ("Іскандер-М", "ballistic missile"),
    ("КАБ", "guided bomb"),
    ("Kalibr and Iskander-M", MIXED),  # two classes in one launch
    ("Kyiv oblast", UNKNOWN),
    ("Shahed and mystery", UNKNOWN),  # a part of no known class: no telling
])
def test_names_are_classified_in_three_languages_and_in_combinations(name: str, kind: str) -> None:
    assert classify(name) == kind


def test_no_name_has_no_class_and_a_dataset_table_goes_first() -> None:
    assert classify(None) is None and classify("  ") is None
    assert classify("Shahed-136/131", {"Shahed-136/131": "loitering munition"}) == "loitering munition"


def test_the_shipped_table_has_the_classes_it_says() -> None:
    classes = set(table().values())
    assert {"drone", "cruise missile", "ballistic missile", "guided bomb", "surface-to-air missile"} <= classes
    assert len(table()) > 150


def test_a_weapon_filter_classifies_weapons_of_any_input() -> None:
    ledger = dt.loads("source,weapon,launched\nA,Shahed-136/131,10\nB,drones,8\nC,Kalibr,3\nD,thing,1\n", "csv")
    assert [r.source for r in ledger.where(weapon="drone")] == ["A", "B"]
    assert [r.source for r in ledger.where(weapon="cruise missile")] == ["C"]
    assert list(ledger.weapon_classes().to_array()) == ["drone", "drone", "cruise missile", UNKNOWN]


def test_a_weapon_filter_says_which_names_it_could_not_classify() -> None:
    text = "source,weapon,launched,shot_down\nA,Shahed-136/131,10,5\nC,mystery thing,4,1\nD,mystery thing,4,1\n"
    result = CliRunner().invoke(main, ["check", "-", "--weapon", "drone", "-q"], input=text)
    assert result.exit_code == 0 and "1 report chosen by the filters" in result.stdout
    assert result.stderr == ("tally: --weapon: 2 reports name a weapon of no known class ('mystery thing'): "
                             "matched by their text alone\n")
    assert CliRunner().invoke(main, ["check", "-", "-q"], input=text).stderr == ""  # no --weapon: nothing to say
