"""The window a statement speaks of, where it says so: "У ніч на 17 вересня
(з 18:00 16 вересня)", "станом на 09:00", "с 23:00 мск 02.10 до 07:00 мск
03.10", "в период с 16.00 мск до 20.00 мск".  Dates without a year are
kept as month and day (``--MM-DD``) until a year is known."""

from __future__ import annotations

import calendar
import datetime
import re

from dronetally.extractor._words import MONTHS

_MONTH = "|".join(sorted((m for m in MONTHS if not m.isascii()), key=len, reverse=True))
_NIGHT = re.compile(rf"(?:[Уу]|[Вв])\s+(?:ніч|ночь)\s+на\s+(\d{{1,2}})\s+({_MONTH})"
                    rf"(?:\s*\(\s*(?:з|с)\s+(\d{{1,2}})[:.](\d{{2}})(?:\s+мск)?\s+(\d{{1,2}})\s+({_MONTH})\s*\))?")
_AS_OF = re.compile(r"(?:[Сс]таном на|[Пп]о состоянию на)\s+(\d{1,2})[:.](\d{2})")
_PERIOD = re.compile(r"[СсCc]\s+(\d{1,2})[:.](\d{2})(?:\s+мск)?(?:\s+(\d{1,2})(?:\.(\d{2})|\s+(" + _MONTH + r")))?"
                     r"\s+до\s+(\d{1,2})[:.](\d{2})(?:\s+мск)?(?:\s+(\d{1,2})(?:\.(\d{2})|\s+(" + _MONTH + r")))?")


def window(text: str, lang: str) -> dict[str, str]:
    """``window_start``, ``window_end`` (``--MM-DD`` or ``--MM-DDTHH:MM``
    while the year is unknown) and ``timezone``, for what the text says."""
    out: dict[str, str] = {}
    m = _NIGHT.search(text)
    if m is not None:
        day, month = int(m.group(1)), MONTHS[m.group(2).casefold()]
        if m.group(3):
            out["window_start"] = f"--{MONTHS[m.group(6).casefold()]:02d}-{int(m.group(5)):02d}T" \
                                  f"{int(m.group(3)):02d}:{m.group(4)}"
        else:
            out["window_start"] = _day_before(month, day)
        end = f"--{month:02d}-{day:02d}"
        as_of = _AS_OF.search(text)
        if as_of is not None and m.group(3):
            end += f"T{int(as_of.group(1)):02d}:{as_of.group(2)}"
        elif m.group(3):
            end = ""
        out["window_end"] = end
        out["timezone"] = "Europe/Moscow" if lang == "ru" else "Europe/Kyiv"
    else:
        p = _PERIOD.search(text)
        if p is not None and "мск" in text[p.start():p.end() + 8]:
            out["timezone"] = "Europe/Moscow"
            groups: tuple[str | None, ...] = p.groups()
            for name, (hh, mm, on_day, mon, mon_name) in (("window_start", groups[0:5]),
                                                          ("window_end", groups[5:10])):
                if on_day and (mon or mon_name):
                    month_no = int(mon) if mon else MONTHS[str(mon_name).casefold()]
                    out[name] = f"--{month_no:02d}-{int(on_day):02d}T{int(str(hh)):02d}:{mm}"
                else:
                    out[name] = f"T{int(str(hh)):02d}:{mm}"  # a time of day; the date is the publication's
    return {k: v for k, v in out.items() if v}


def _day_before(month: int, day: int) -> str:
    """The day before the night's morning, as ``--MM-DD``: the night on 1
    March began on the last day of February, ``--02-29`` until the year
    says whether it is a leap year."""
    if day > 1:
        return f"--{month:02d}-{day - 1:02d}"
    before = 12 if month == 1 else month - 1
    return f"--{before:02d}-{calendar.monthrange(2000, before)[1]:02d}"  # 2000: a leap year


def with_year(when: str, year: int | None, published: str | None, end: str | None = None) -> str | None:
    """A window bound as ISO 8601, once the year (or the date, for a time
    alone) is known; None where it is not.  ``end`` is the window's end
    (``--MM-DD...``) when ``when`` is its start: a start in a later month
    than the end's is in the year before (18:00 31 December to 1 January)."""
    if when.startswith("T"):
        return f"{published}{when}" if published else None
    if end is not None and not end.startswith("T"):
        end_iso = with_year(end, year, published)
        if end_iso is None:
            return None
        year = int(end_iso[:4]) - (1 if int(when[2:4]) > int(end[2:4]) else 0)
    elif year is None and published:
        year = int(published[:4])
        if int(when[2:4]) > int(published[5:7]):  # a night in December, published in January
            year -= 1
    if year is None:
        return None
    month, day = int(when[2:4]), int(when[5:7])
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day = 28  # the last day of February
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}{when[7:]}"
