"""Tokens of a statement, each with its span in the text: words, numbers
(digits and number words, with their values), times, dates, names with
digits in them (``KN-23``), and punctuation that splits clauses.  Markdown
asterisks and emoji variation selectors are not tokens; other emoji are
bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dronetally.extractor._words import CASUALTY_VERBS, MAGNITUDES, MONTHS, NUMBER_WORDS, TIME_WORDS, VAGUE_AMOUNTS
from dronetally.limits import MAX_COUNT

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})

_TOKEN = re.compile(
    r"""(?P<name>\d+/\d+(?:/\d+)*(?![\w])           # 9/11
        |[^\W\d_]+(?:[-‐]\ ?\d[\w]*)+               # KN-23, С-400, Х-101
        |\d+[^\W\d_][\w]*)                          # 95МС, 4th
      |(?P<clock>\d{1,2}[:.]\d{2}(?:[:.]\d{2,4})?(?![\d]))   # 18:00, 09.00, 02.10, 17.09.2026
      |(?P<num>\d{1,3}(?:[,\u00a0\u202f\ ]\d{3})+(?![\d.,:]\d)|\d+(?:[.,]\d+)?)
      |(?P<ampm>[ap]\.m\.)
      |(?P<word>[^\W\d_]+(?:['’ʼ`‘\-‐][^\W\d_]+)*)
      |(?P<punct>[^\w\s*\ufe0f\u200d])""",
    re.X,
)

#: Punctuation that ends a clause.
CLAUSE_MARKS = frozenset(",;:()")
SENTENCE_MARKS = frozenset(".!?")
DASHES = frozenset("–—-‐")
QUOTES = frozenset("\"«»“”„'")


@dataclass
class Token:
    """A token: ``kind`` is word, num (a count: digits or number words),
    clock (a time or a date written with dots or colons), name (digits
    inside a name), decimal, vague (thousands: an amount with no number),
    rounded (1.5 thousand, read as neither number), punct or bullet."""

    kind: str
    text: str
    start: int
    end: int
    low: str
    value: int = 0
    newline: bool = False  # a line break before it


def _is_bullet(ch: str) -> bool:
    return ord(ch) >= 0x2000 and ch not in DASHES and ch not in QUOTES and ch not in "…№"


def tokenize(text: str, number_words: bool = True) -> list[Token]:
    """Every token of ``text`` in order.  Number words become num tokens
    (``twenty-four``, ``сорока двома``: one token per number)."""
    out: list[Token] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        s, e = m.span()
        raw = m.group()
        newline = "\n" in text[last_end:s]
        last_end = e
        low = raw.casefold().translate(_APOSTROPHES)
        tok = Token(kind, raw, s, e, low, newline=newline)
        if kind == "num":
            digits = re.sub(r"[,\u00a0\u202f ]", "", raw) if re.search(r"[,\u00a0\u202f ]\d{3}", raw) else raw
            if re.fullmatch(r"\d+", digits):
                tok.value = int(digits)
            else:
                tok.kind = "decimal"
        elif kind == "ampm":
            tok.kind = "word"
        elif kind == "punct" and _is_bullet(raw):
            tok.kind = "bullet"
        elif kind == "word" and number_words:
            value = _word_value(low)
            if value is not None:
                tok.kind, tok.value = "numword", value
            elif low in VAGUE_AMOUNTS:
                tok.kind = "vague"
        if tok.kind == "num" and len(out) >= 2 and out[-1].text == "/" and out[-1].start == out[-2].end == s - 1 \
                and out[-2].kind in ("name", "word"):
            tok.kind = "name"  # Kh-59/69: a second model of a name
        out.append(tok)
    return _join_number_words(out, text)


def _word_value(low: str) -> int | None:
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    if "-" in low:  # twenty-four
        parts = low.split("-")
        values = [NUMBER_WORDS.get(p) for p in parts]
        if all(v is not None for v in values) and len(values) == 2:
            tens, unit = values
            assert tens is not None and unit is not None
            if tens % 10 == 0 and 20 <= tens <= 90 and 0 < unit < 10:
                return tens + unit
    return None


def _join_number_words(tokens: list[Token], text: str) -> list[Token]:
    """Runs of number words as one number (сорока двома 42, two hundred 200,
    сто двадцять 120); a number word alone is a num token too."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind != "numword":
            out.append(tok)
            i += 1
            continue
        prev = out[-1] if out else None
        if tok.low in MAGNITUDES and prev is not None and not tok.newline and prev.end < tok.start \
                and not text[prev.end:tok.start].strip():
            if prev.kind == "num":  # 2 тисячі: 2000, as дві тисячі is
                prev.value *= tok.value
                prev.end, prev.text = tok.end, text[prev.start:tok.end]
                prev.low = prev.text.casefold()
                i += 1
                continue
            if prev.kind == "decimal":  # 1.5 thousand: a rounded amount, neither 1.5 nor 1000
                prev.kind = "rounded"
                tok.kind = "rounded"
                out.append(tok)
                i += 1
                continue
        if tok.low in VAGUE_AMOUNTS:  # тисячі дронів: thousands of drones, no count
            tok.kind = "vague"
            out.append(tok)
            i += 1
            continue
        value, last, end, j = tok.value, tok.value, tok.end, i + 1
        while j < len(tokens):
            k = j
            if tokens[j].low == "and" and j + 1 < len(tokens) and last >= 100:
                k = j + 1  # one hundred and five
            nxt = tokens[k]
            if nxt.kind != "numword" or nxt.newline:
                break
            v = nxt.value
            if v in (100, 1000) and value < v:
                value *= v
            elif (20 <= last < 100 and last % 10 == 0 and 1 <= v <= 9) or (last >= 100 and last % 100 == 0 and v < 100):
                value += v
            else:
                break
            last, end, j = v, nxt.end, k + 1
        out.append(Token("num", text[tok.start:end], tok.start, end, text[tok.start:end].casefold(), value,
                         tok.newline))
        i = j
    return out


def classify(tokens: list[Token], i: int) -> str | None:
    """Why the number at ``i`` is no count of weapons, or None: a date, a
    time of day, a year, a part of a name."""
    tok = tokens[i]
    if tok.kind == "name":
        return "part of a name"
    if tok.kind == "decimal":
        return "not a whole number"
    if tok.kind == "vague":
        return "no exact number"
    if tok.kind == "rounded":
        return "a rounded amount"
    if tok.kind == "clock":
        return "time or date"
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    prev = tokens[i - 1] if i > 0 else None
    if prev is not None and prev.low in CASUALTY_VERBS:
        return "counts people, not weapons"
    if nxt is not None and nxt.text in ("%", "％"):
        return "a percentage"
    if nxt is not None and nxt.low in MONTHS:
        return "date"
    if prev is not None and prev.low in MONTHS and prev.text[:1].isupper() and tok.kind == "num" and tok.value <= 31:
        return "date"
    if nxt is not None and (nxt.low.rstrip(".") in TIME_WORDS or nxt.low in ("a.m.", "p.m.")):
        return "time"
    if 1900 <= tok.value <= 2100 and tok.text.isdigit() and len(tok.text) == 4:
        return "year"
    if tok.value > MAX_COUNT:
        return "larger than any count"
    return None
