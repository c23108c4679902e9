"""Weapon names to weapon classes, from one table shipped with the package.

``data/weapons.csv`` names a weapon and its class: drone, cruise missile,
ballistic missile, guided bomb, surface-to-air missile (and the Air Force
dataset's own classes of combined launches).  Its models and their classes
are those of ``missiles_and_uavs.csv`` from "Massive Missile Attacks on
Ukraine" by Petro Ivaniuk (Kaggle: piterfm); the other spellings, in English,
Ukrainian and Russian, are added here.

A name is looked up whole (without case, blanks or dash variants); then, for
"Shahed-136/131 and Lancet" or "ударні БпЛА", part by part and by the names
it contains as words.  Where the parts agree, that is the class; where they
name two classes, ``mixed``; where nothing is known, :data:`UNKNOWN`.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from importlib import resources

UNKNOWN = "unknown"
MIXED = "mixed"

_DASHES = re.compile("[\u2010-\u2015\u2212]")
_PARTS = re.compile(r"\s*(?:,|;|\+|&|\band\b|\bта\b|\bі\b|\bй\b|\bи\b)\s*")


def _normal(name: str) -> str:
    return " ".join(_DASHES.sub("-", name).split()).casefold()


@functools.cache
def table() -> dict[str, str]:
    """The shipped table: each name (without case) to its class."""
    text = resources.files("dronetally").joinpath("data/weapons.csv").read_text(encoding="utf-8")
    return {_normal(row["name"]): row["class"] for row in csv.DictReader(text.splitlines())}


@functools.cache
def _words() -> list[tuple[re.Pattern[str], str]]:
    """Each known name as a pattern of whole words, longest first."""
    names = sorted(table(), key=len, reverse=True)
    return [(re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), table()[name]) for name in names]


def classify(name: str | None, own: Mapping[str, str] | None = None) -> str | None:
    """The class of the weapon ``name`` (None for no name); ``own`` (a name
    to its class) is asked first, as the dataset's own table is."""
    if name is None or not name.strip():
        return None
    if own and name.strip() in own:
        return own[name.strip()]
    text = _normal(name)
    known = table()
    if text in known:
        return known[text]
    classes = {known.get(part) or _contained(part) for part in _PARTS.split(text) if part}
    if UNKNOWN in classes or not classes:
        return UNKNOWN
    return classes.pop() if len(classes) == 1 else MIXED


def _contained(part: str) -> str:
    """The class of the known names ``part`` contains as words, if they agree."""
    found = set()
    for pattern, kind in _words():
        if pattern.search(part):
            found.add(kind)
            part = pattern.sub(" ", part)
    if not found:
        return UNKNOWN
    return found.pop() if len(found) == 1 else MIXED
