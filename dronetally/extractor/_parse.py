"""From a statement's text to draft reports: which number is which figure.

The text is cut into sentences (a heading that ends in ``:`` keeps the
bulleted lines under it) and sentences into clauses (at commas,
semicolons, colons, brackets, bullets, and at "and" before a number).  Each
number that counts weapons gets:

- its *node* from the nearest cue of its clause ("shot down", "збито",
  "локаційно втрачено"), or from the clause before it where its own has none;
- its *weapon* from the noun after it (drones, missiles by class and model,
  "targets" for all of them), or from the figure it is a part of, or the
  last weapon named;
- a *place*: a region after "over"/"над" makes it a part of shot down, a
  country after "towards"/"в бік" a part of diverted;
- its *whole* in "52 out of 103" and "82 of them jet-powered".

A number that is a date, a time, a year, a part of a name, a count of
something else ("20 locations"), or that has no cue, is no figure: it is
listed as unused, with why.  Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dronetally.extractor import _words as W
from dronetally.extractor._lexicon import Lexicon, stem_matches
from dronetally.extractor._tokens import CLAUSE_MARKS, DASHES, QUOTES, SENTENCE_MARKS, Token, classify, tokenize

_CUES: Lexicon[tuple[str | None, bool]] = Lexicon((s, (n, w)) for s, n, w in W.NODE_CUES)
_INTERVALS: Lexicon[str] = Lexicon(W.INTERVAL_CUES)
_REST = Lexicon((s, True) for s in W.REST_CUES)
_OF = Lexicon((s, True) for s in W.OF_WORDS)
_OF_THEM = Lexicon((s, True) for s in W.OF_THEM)
_REGIONS: Lexicon[str] = Lexicon(W.REGIONS, ending=4)
_DESTINATIONS: Lexicon[str] = Lexicon((((s,), n) for s, n in W.DESTINATIONS), ending=3)
_TOWARDS = Lexicon((s, True) for s in W.TOWARDS)
_ALL_WEAPONS = Lexicon(((s, True) for s in W.ALL_WEAPON_PHRASES), prefix_latin=True)
_BOATS = Lexicon(((s, True) for s in W.BOAT_PHRASES), prefix_latin=True, ending=4)
BOATS = "uncrewed boats"
_SOURCE_HEADS = Lexicon((s, True) for s in W.SOURCE_HEADS)
_ACCORDING = Lexicon((s, True) for s in W.ACCORDING_TO)

_CONJUNCTIONS = frozenset(["and", "while", "but", "whereas", "та", "і", "й", "а", "и", "ще", "also", "також"])
_STOP_NOUN_SCAN = frozenset(W.OVER + W.FROM + ("to", "towards", "toward", "were", "was", "have", "had", "are", "is",
                                               "by", "on", "overnight", "за", "над", "по", "до", "в", "у", "на"))
_SINGULAR_MISSILE = frozenset(["ракетою", "ракету", "ракетой", "missile"])
_ARTICLES = frozenset(["a", "an"])
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.I)
_TRANSLIT_TABLE: dict[str, str | int | None] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z", "и": "y",
    "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "yu",
    "я": "ya", "ы": "y", "э": "e", "ъ": "", "ё": "yo", "'": "",
}
_TRANSLIT = str.maketrans(_TRANSLIT_TABLE)


# -- results ----------------------------------------------------------------------

@dataclass
class Figure:
    """One figure of a draft report, with where it came from."""

    key: str  # launched, shot_down.region.Oryol, launched.weapon.jet
    text: str  # as dronetally writes it: 52, >40, ~150, ? (named, worked out)
    value: int | None  # the exact value, where there is one
    span: tuple[int, int] | None  # of the number (and its "more than") in the text
    words: str  # the words it came from: the number and its cue, or the phrase "the rest"
    cue: str | None = None
    derived_from: tuple[str, ...] = ()  # for a figure worked out from others
    copied_from: str | None = None  # a weapon part filled from that weapon's own report
    implied: bool = False  # stated by grammar alone ("with an anti-ship missile": 1)
    also: list[tuple[int, int]] = field(default_factory=list)  # the same figure stated again, there


@dataclass
class Draft:
    """A report being put together: one source's figures about one weapon."""

    source: str | None
    weapon_key: str
    weapon: str
    figures: dict[str, Figure] = field(default_factory=dict)
    quotes: dict[str, str] = field(default_factory=dict)
    complete: set[str] = field(default_factory=set)
    order: int = 0


@dataclass
class Unused:
    """A number of the text that is no figure of any report, and why."""

    span: tuple[int, int]
    text: str
    value: int | None
    why: str


@dataclass
class Parsed:
    lang: str
    drafts: list[Draft]
    unused: list[Unused]
    window: dict[str, str]


# -- language -----------------------------------------------------------------------

_CYRILLIC_APOSTROPHE = re.compile(r"[а-яіїєґ]['’ʼ`‘][а-яіїєґ]", re.I)
_CYRILLIC_WORD = re.compile(r"[а-яёіїєґ]+", re.I)


def detect_language(text: str) -> str:
    """en, uk or ru.  Cyrillic is Ukrainian or Russian by what only one of
    them writes: the letters і ї є ґ and an apostrophe inside a word
    (дев'ять) against ы э ъ ё, and frequent words of one language alone
    (та, що, збито against что, это, сбито).  With no such sign, ru."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(re.findall(r"[a-z]", text, re.I))
    if cyrillic <= latin:
        return "en"
    low = text.casefold()
    uk = sum(low.count(c) for c in "іїєґ") + len(_CYRILLIC_APOSTROPHE.findall(low))
    ru = sum(low.count(c) for c in "ыэъё")
    for word in _CYRILLIC_WORD.findall(low):
        uk += word in W.UK_WORDS
        ru += word in W.RU_WORDS
    return "uk" if uk > ru else "ru"


# -- sentences and clauses ----------------------------------------------------------

@dataclass
class Clause:
    start: int  # token indexes [start, stop)
    stop: int


@dataclass
class Sentence:
    clauses: list[Clause]
    start: int
    stop: int


def _split(tokens: list[Token]) -> list[Sentence]:
    """Sentences of clauses.  A line that starts with a bullet stays in the
    sentence of a heading that ends in a colon (and of the bullets after it)."""
    sentences: list[Sentence] = []
    clauses: list[Clause] = []
    begin = 0  # first token of the current clause
    sent_begin = 0
    listing = False  # under a heading that ended in ':'
    depth = 0

    def close_clause(at: int, next_begin: int) -> None:
        nonlocal begin
        if at > begin:
            clauses.append(Clause(begin, at))
        begin = next_begin

    def close_sentence(at: int, next_begin: int) -> None:
        nonlocal clauses, sent_begin
        close_clause(at, next_begin)
        if clauses:
            sentences.append(Sentence(clauses, sent_begin, at))
        clauses = []
        sent_begin = next_begin

    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok.newline:
            bullet = tok.kind == "bullet" or (tok.kind == "punct" and tok.text in DASHES | {"*", "•"})
            prev = _last_mark(tokens, sent_begin, i)
            if bullet and (listing or prev == ":"):
                listing = True
                close_clause(i, i)
            else:
                listing = False
                depth = 0
                close_sentence(i, i)
        if tok.kind == "punct":
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth = max(depth - 1, 0)
            if tok.text in SENTENCE_MARKS and depth == 0:
                nxt = tokens[i + 1] if i + 1 < n else None
                if nxt is None or nxt.newline or nxt.kind == "bullet" or nxt.text[:1].isupper() \
                        or nxt.text[:1].isdigit() or nxt.text in QUOTES:
                    close_sentence(i, i + 1)
                    listing = False
                    continue
            if tok.text in CLAUSE_MARKS:
                close_clause(i, i + 1)
        elif tok.kind == "bullet" or (tok.kind == "word" and tok.low in _CONJUNCTIONS and i + 1 < n
                                      and _starts_number(tokens, i + 1)):
            close_clause(i, i + 1)
    close_sentence(n, n)
    return sentences


def _last_mark(tokens: list[Token], begin: int, i: int) -> str | None:
    for j in range(i - 1, begin - 1, -1):
        if tokens[j].kind in ("punct",) and tokens[j].text not in QUOTES:
            return tokens[j].text
        if tokens[j].kind != "bullet":
            return None
    return None


def _starts_number(tokens: list[Token], i: int) -> bool:
    """Whether a number (or "more than" and a number) starts at ``i``: "and 31 ...",
    "and at least 30 ...", "and the remaining 46 ...", "ще дев'ять"."""
    n = len(tokens)
    for _ in range(3):
        if i < n and tokens[i].low in ("the", "ще", "remaining", "another", "other", "ещё", "еще", "then", "a",
                                       "further", "that"):
            i += 1
    if i >= n:
        return False
    if tokens[i].kind == "num":
        return True
    m = _INTERVALS.match(tokens, i)
    return m is not None and i + m[0] < n and tokens[i + m[0]].kind == "num"


# -- cues ---------------------------------------------------------------------------

@dataclass
class Cue:
    node: str | None
    start: int
    stop: int
    weak: bool


def _cues(tokens: list[Token], clause: Clause) -> list[Cue]:
    out: list[Cue] = []
    i = clause.start
    while i < clause.stop:
        m = _CUES.match(tokens, i, clause.stop)
        if m is not None:
            out.append(Cue(m[1][0], i, i + m[0], m[1][1]))
            i += m[0]
        else:
            i += 1
    return out


def _nearest(cues: list[Cue], i: int, exclude: Cue | None = None) -> Cue | None:
    usable = [c for c in cues if c.node is not None and c is not exclude]
    strong = [c for c in usable if not c.weak]
    usable = strong or usable
    best: tuple[int, int] | None = None
    found = None
    for c in usable:
        distance = (i - c.stop + 1, 0) if c.stop <= i else (c.start - i, 1)  # a tie goes to the cue before
        if best is None or distance < best:
            best, found = distance, c
    return found


# -- weapons ------------------------------------------------------------------------

@dataclass
class Weapon:
    kind: str  # drones, missiles, all, named
    key: str  # what reports are kept apart by
    name: str  # as written in the report
    explicit: bool = True


DRONES = Weapon("drones", "drones", "drones")
ALL = Weapon("all", "all", "all weapons")


def _missile_class(low: str) -> str | None:
    for stem, name in W.MISSILE_CLASSES:
        if stem_matches(stem, low, prefix_latin=True):
            return name
    return None


def _is(low: str, stems: tuple[str, ...]) -> bool:
    return any(stem_matches(s, low, prefix_latin=True) for s in stems)


def _model_name(raw: str) -> str:
    raw = re.sub(r"\s*-\s*", "-", raw.strip(" \"«»“”„'"))
    known = W.MODEL_NAMES.get(raw.casefold().replace("’", "'"))
    if known:
        return known
    if _CYRILLIC.search(raw):
        out = raw.casefold().translate(_TRANSLIT)
        return out[:1].upper() + out[1:]
    return raw


_MODEL = re.compile(r"[«\"“„]?([A-ZА-ЯІЇЄҐЁ0-9][\w'’]*(?:\s?-\s?[\w]+)*)[»\"”]?")


_PLACE_WORDS = frozenset((*W.OVER, "по", "near", "біля", "около", "поблизу", "вблизи", "towards", "toward"))


def _models_end(tokens: list[Token], begin: int, stop: int) -> int:
    """Where a run of model names ends: at a mark, a number, a conjunction,
    and at the words of the rest of the clause (a cue, над/over, a region, a
    lowercase word outside quotes), so "Х-59 збито над Одещиною" is Kh-59 only."""
    end = begin
    quoted = named = False
    while end < stop:
        t = tokens[end]
        if t.kind == "punct" and t.text in QUOTES:
            quoted = not quoted
        if t.kind in ("bullet", "num") or (t.kind == "punct" and t.text in "();,:") or t.low in W.FROM \
                or t.low in ("and", "та", "і", "и", "типу", "type"):
            break
        if not quoted and t.kind == "word" and (t.low in _PLACE_WORDS or (named and not t.text[:1].isupper())
                                                or _CUES.match(tokens, end, stop) or _REGIONS.match(tokens, end, stop)):
            break
        named = named or t.kind == "name" or t.text[:1].isupper()
        end += 1
    return end


def _models(text: str, tokens: list[Token], begin: int, stop: int) -> list[str]:
    """Model names written from token ``begin`` up to where the phrase ends
    (a bracket, a semicolon, "from", the clause's end): Х-101/Калібр."""
    end = _models_end(tokens, begin, stop)
    if end == begin:
        return []
    raw = text[tokens[begin].start:tokens[end - 1].end]
    names = []
    for piece in raw.split("/"):
        for m in _MODEL.finditer(piece):
            names.append(_model_name(m.group(1)))
    return names


def _weapon_after(text: str, tokens: list[Token], i: int, stop: int, lang: str) -> tuple[Weapon | None, int, bool]:
    """The weapon the number at ``i`` counts, by the words after it (None:
    no noun, it is elided), where the phrase ends, and whether it counts
    something else (locations, settlements)."""
    j = i + 1
    cls: str | None = None
    seen = 0
    anaphoric = False
    while j < stop and seen < 6:
        t = tokens[j]
        if t.kind == "punct" and t.text in QUOTES | {"/"}:
            if cls is None and j == i + 1:  # 10 "Бандероль"/"Дань-T" (a name in quotes, no noun)
                models = _models(text, tokens, j, stop)
                if models:
                    name = "/".join(models)
                    return Weapon("named", "named:" + name.casefold(), name), _models_end(tokens, j, stop), False
            j += 1
            continue
        if t.kind == "name":  # two Kh-101 cruise missiles
            seen += 1
            j += 1
            continue
        if t.kind != "word":
            break
        m = _ALL_WEAPONS.match(tokens, j, stop)
        if m is not None:
            return ALL, j + m[0], False
        low = t.low
        of = _OF.match(tokens, j, stop) if seen == 0 else None
        if of is not None and not _starts_number(tokens, j + of[0]):
            j += of[0]  # 3 of the missiles
            anaphoric = True
            continue
        boat = _BOATS.match(tokens, j, stop)
        if boat is not None:  # 5 безекіпажних катерів, 3 sea drones: boats, not drones
            return Weapon("other", BOATS, BOATS), j + boat[0], False
        if _is(low, W.DRONE_STEMS) and not (low.startswith("ударн") and j + 1 < stop and
                                            _is(tokens[j + 1].low, W.MISSILE_STEMS)):
            return DRONES, j + 1, False
        if _is(low, W.MISSILE_STEMS):
            return _missile(text, tokens, i, j, stop, cls, lang, anaphoric), j + 1, False
        if _is(low, W.TARGET_STEMS):
            return ALL, j + 1, False
        other_weapon = next((name for stem, name in W.OTHER_WEAPONS if stem_matches(stem, low, ending=4)), None)
        if other_weapon is not None:
            return Weapon("other", other_weapon, other_weapon), j + 1, False
        c = _missile_class(low)
        if c is not None:
            cls = c
        elif _is(low, W.OTHER_NOUNS) and not _CUES.match(tokens, j, stop):  # "локаційно" is a cue, not "локація"
            return None, j + 1, True
        elif low in _STOP_NOUN_SCAN or _CUES.match(tokens, j, stop) or _DESTINATIONS.match(tokens, j, stop) \
                or _OF_THEM.match(tokens, j, stop) or _REGIONS.match(tokens, j, stop):
            break
        seen += 1
        j += 1
    if cls is not None:  # 6 балістичних (ракет): the noun is shared with the next number
        return Weapon("missiles", cls, cls), i + 1, False
    return None, i + 1, False


def _missile(text: str, tokens: list[Token], i: int, noun: int, stop: int, cls: str | None, lang: str,
             anaphoric: bool) -> Weapon:
    """A missile weapon: its class (from the adjectives around the noun) and models."""
    if cls is None and noun + 1 < stop:
        cls = _missile_class(tokens[noun + 1].low)
    if lang == "en":
        begin = i + 1
        while begin < noun and tokens[begin].low in ("of", "the", "these", "those", "them"):
            begin += 1
        name = text[tokens[begin].start:tokens[noun].end]
        models = [t.text for t in tokens[begin:noun] if t.text[:1].isupper() or t.kind == "name"]
        key = cls or ("named:" + "/".join(models).casefold() if models else "missiles")
        return Weapon("missiles", key, name if (cls or models) else "missiles", explicit=not anaphoric)
    models = _models(text, tokens, noun + 1, stop)
    if cls is None and models:
        return Weapon("missiles", "named:" + "/".join(models).casefold(), "missiles " + "/".join(models))
    if cls is None:
        return Weapon("missiles", "missiles", "missiles", explicit=not anaphoric)
    return Weapon("missiles", cls, cls + (" " + "/".join(models) if models else ""))


# -- sources ------------------------------------------------------------------------

def _source(text: str, tokens: list[Token], sentence: Sentence) -> str | None:
    """The speaker a sentence names: "the air force said", "according to
    the Russian Defense Ministry", "Ukraine's air force said"."""
    i = sentence.start
    while i < sentence.stop:
        m = _SOURCE_HEADS.match(tokens, i, sentence.stop)
        if m is None:
            i += 1
            continue
        end = i + m[0]
        begin = i
        while begin > sentence.start and tokens[begin - 1].kind == "word" and (
                tokens[begin - 1].low in W.SOURCE_MODIFIERS or
                tokens[begin - 1].low.endswith(("'s", "’s")) or
                (tokens[begin - 1].text[:1].isupper() and tokens[begin - 1].low not in W.SPEECH_VERBS
                 and begin - 1 > sentence.start and _ACCORDING.match(tokens, begin - 2) is None)):
            begin -= 1
        if end + 1 < sentence.stop and tokens[end].low in ("of", "for") and tokens[end + 1].text[:1].isupper():
            end += 1  # the governor of Belgorod region
            while end < sentence.stop and tokens[end].low in ("region", "oblast", "province"):
                end += 1
        for _ in range(3):  # Минобороны России; regional governor Oleh Syniehubov
            if end < sentence.stop and tokens[end].kind == "word" and tokens[end].text[:1].isupper() and \
                    tokens[end].low not in W.SPEECH_VERBS:
                end += 1
            while end < sentence.stop and tokens[end].low in ("region", "oblast", "province") and \
                    tokens[end - 1].text[:1].isupper():
                end += 1
        after_at = end
        if after_at < sentence.stop and tokens[after_at].text == ",":  # "the air force, for its part, said"
            close = next((k for k in range(after_at + 1, min(after_at + 7, sentence.stop)) if tokens[k].text == ","),
                         None)
            if close is not None:
                after_at = close + 1
        after = tokens[after_at].low if after_at < sentence.stop else ""
        before = _ACCORDING.match(tokens, begin - 2) if begin >= 2 else None
        before1 = _ACCORDING.match(tokens, begin - 1) if begin >= 1 else None
        said_before = begin > sentence.start and tokens[begin - 1].low in W.SPEECH_VERBS and \
            tokens[begin - 1].low not in ("has", "have")  # "сообщил мэр Москвы", "said the ministry"
        if (after in W.SPEECH_VERBS or before is not None or before1 is not None or said_before) and \
                not (begin == i and tokens[i].low in ("military",) and end == i + 1 and begin > sentence.start
                     and tokens[begin - 1].low in ("its", "their")):
            while begin < end - 1 and (tokens[begin].low == "its" or (tokens[begin].low == "the" and
                                                                      tokens[begin + 1].text[:1].isupper())):
                begin += 1  # "The Russian Defense Ministry": a name; "the air force" keeps its article
            name = text[tokens[begin].start:tokens[end - 1].end]
            return name[0].lower() + name[1:] if tokens[begin].low == "the" else name
        i = end
    return None


# -- the parse ----------------------------------------------------------------------

@dataclass
class Mention:
    """A number that is a figure, before reports are put together."""

    index: int
    span: tuple[int, int]
    written: str  # 52, >40
    value: int
    node: str | None
    cue: Cue | None
    weapon: Weapon | None
    part: tuple[str, str, str] | None = None  # (node, dimension, name)
    part_end: int | None = None  # the token after the place that made it a part
    whole_of: int | None = None  # this is the whole of the mention at that token
    sentence: int = 0
    source: str | None = None
    implied: bool = False
    phrase_end: int = 0  # the token after the number's noun phrase
    inherited: bool = False  # its cue is in a clause before its own


def parse(text: str, lang: str | None = None) -> Parsed:
    """Draft reports and unused numbers of ``text``."""
    lang = lang or detect_language(text)
    tokens = tokenize(text, number_words=True)
    sentences = _split(tokens)
    unused: list[Unused] = []
    used: set[int] = set()
    mentions: list[Mention] = []
    summed: set[int] = set()  # numbers that sum several weapons' figures, with no all-weapons report
    rests: list[tuple[str | None, str, Cue, str, int]] = []
    first_source = next((s for s in (_source(text, tokens, st) for st in sentences) if s), None)
    source: str | None = first_source
    last_weapon: Weapon = DRONES
    for si, sentence in enumerate(sentences):
        named = _source(text, tokens, sentence)
        if named:
            source = named
        inherited: Cue | None = None
        heading: Cue | None = None  # the cue of a list's heading, as its first item starts
        listing = False
        for ci, clause in enumerate(sentence.clauses):
            if ci > 0 and _is_item(tokens, clause):
                if not listing:
                    listing, heading = True, inherited
                elif heading is not None:
                    inherited = heading  # an item's cue is its heading's, not the item's before it
            cues = _cues(tokens, clause)
            own = [c for c in cues if c.node is not None]
            # "2 fell on the Obolon district": a verb of falling says no figure's node, and the clause takes
            # none from the clause before (it was read as shot down)
            fell = not own and any(tokens[k].low in W.FELL_VERBS for k in range(clause.start, clause.stop))
            before_fell = inherited
            if fell:
                inherited = None
            elif not own and ci + 1 < len(sentence.clauses):
                ahead = _shared_cue(tokens, clause, sentence.clauses[ci + 1])
                if ahead is not None:
                    inherited = ahead
            nums = [i for i in range(clause.start, clause.stop) if tokens[i].kind in ("num", "clock", "name",
                                                                                      "decimal")]
            masked = {k for c in cues for k in range(c.start, c.stop)}
            figures_here: list[Mention] = []
            wholes: dict[int, int] = {}
            for i in nums:
                if i in masked:
                    continue
                why = classify(tokens, i)
                if why is not None:
                    continue
                tok = tokens[i]
                # an interval: "more than 40"
                written, span_start = str(tok.value), tok.start
                for back in (3, 2, 1):
                    if i - back >= clause.start:
                        m = _INTERVALS.match(tokens, i - back, i)
                        if m is not None and m[0] == back:
                            if m[1] == "<=" and tokens[i - back].low == "до" and not _count_follows(tokens, i, clause):
                                break
                            written = m[1] + str(tok.value)
                            span_start = tokens[i - back].start
                            break
                weapon, phrase_end, other = _weapon_after(text, tokens, i, clause.stop, lang)
                if other:
                    continue
                mention = Mention(i, (span_start, tok.end), written, tok.value, None, None, weapon, sentence=si,
                                  source=source, phrase_end=phrase_end)
                # "52 out of 103": the whole
                k = phrase_end if weapon is not None else i + 1
                of = _OF.match(tokens, k, clause.stop)
                if of is not None and k + of[0] < clause.stop and tokens[k + of[0]].kind == "num":
                    wholes[k + of[0]] = i
                # "82 of them jet-powered", "із них - реактивні"
                them = _OF_THEM.match(tokens, i + 1, clause.stop)
                if them is not None and not [c for c in own if c.start > i]:
                    part = _weapon_part(tokens, i + 1 + them[0], clause.stop)
                    if part is not None:
                        mention.part = ("launched", "weapon", part)
                        mention.node = "launched"
                        mention.whole_of = -1  # a part of the figure before
                place = _place(tokens, phrase_end if weapon is not None else i + 1, clause.stop) or \
                    _place_before(tokens, clause.start, i)
                if place is None and weapon is None:
                    place = _listed_region(tokens, sentence, clause, i)
                if place is not None and mention.part is None:
                    mention.part, mention.part_end = place[:3], place[3]
                figures_here.append(mention)
            for mention in figures_here:
                i = mention.index
                if i in wholes:
                    part_of = next(m for m in figures_here if m.index == wholes[i])
                    mention.whole_of = part_of.index
                    after = _nearest([c for c in own if c.start > i], i)
                    partner = _nearest(own, part_of.index)
                    mention.node = after.node if after is not None and after is not partner and \
                        after.start - i <= 4 else "launched"
                    mention.cue = after if after is not None and after.node == mention.node else None
                    continue
                if mention.part is not None and mention.part[0] == "launched":
                    continue
                cue = _nearest(own, i) or inherited
                whole = next((w for w, part in wholes.items() if part == i), None)
                if whole is not None and cue is not None and cue.start > whole and cue.node == "launched" and \
                        inherited is not None and inherited.node not in (None, "launched"):
                    # "and 40 of the 46 drones launched by Russia": "launched" is the whole's; the part
                    # takes the cue of the pair before ("shot down 7 of the 9 missiles")
                    cue = inherited
                mention.inherited = cue is inherited
                before = i - 2 if i >= 2 and tokens[i - 1].low == "the" else i - 1
                if before > clause.start and tokens[before].low == "of" and tokens[before - 1].text in ("%", "％"):
                    mention.node = "launched"  # "95% of the 60 drones": the whole
                    continue
                of_at = i - 2 if i - 2 >= clause.start and tokens[i - 1].low == "the" else i - 1
                if not own and of_at >= clause.start and tokens[of_at].low == "of" and \
                        (of_at == clause.start or tokens[of_at - 1].low == "out"):
                    mention.node = "launched"  # "Of 70 drones, 48 were downed": the whole
                    continue
                if mention.part is not None and mention.part[1] == "region":
                    if cue is not None and cue.node not in (None, "shot_down"):
                        mention.part = None
                    else:
                        mention.node, mention.cue = "shot_down", cue
                        continue
                if mention.part is not None and mention.part[1] == "destination":
                    # the verb is the clause's, or the clause before's when this one has none of its own
                    # ("two flew back towards Russia and one towards Belarus")
                    start = sentence.clauses[ci - 1].start if ci > 0 and not own else clause.start
                    diverted = any(tokens[k].low in W.DIVERSION_VERBS for k in range(start, clause.stop))
                    if diverted or (cue is not None and cue.node == "diverted"):
                        mention.node, mention.cue = "diverted", cue
                        continue
                    mention.part = None  # "sent 30 drones into Russia": a target, not where they went off to
                if cue is None:
                    continue
                mention.node, mention.cue = cue.node, cue
            for mention in figures_here:
                if mention.node is None:
                    continue
                if mention.weapon is None:
                    if mention.whole_of is not None and mention.whole_of >= 0:
                        mention.weapon = next((m.weapon for m in figures_here if m.index == mention.whole_of
                                               and m.weapon is not None), None)
                    elif any(m.whole_of == mention.index for m in figures_here):
                        mention.weapon = next((m.weapon for m in figures_here if m.whole_of == mention.index
                                               and m.weapon is not None), None)
                    if mention.weapon is None and _after_all(tokens, mention.index, clause.start) and \
                            _sums_weapons(mentions + figures_here, mention):
                        # "4 Kinzhal and 2 Kalibr missiles; all 6 were intercepted": no one weapon's
                        mention.weapon = next((m.weapon for m in mentions if m.weapon is not None
                                               and m.weapon.kind == "all"), None)
                        if mention.weapon is None:
                            summed.add(mention.index)
                            continue
                    mention.weapon = mention.weapon or last_weapon
                elif mention.weapon.explicit:
                    last_weapon = mention.weapon
                mentions.append(mention)
                used.add(mention.index)
                mention.sentence = si
            # "the rest were lost from radar", a figure stated by its words alone
            if not figures_here:
                for j in range(clause.start, clause.stop):
                    r = _REST.match(tokens, j, clause.stop)
                    if r is not None:
                        cue = _nearest(own, j)
                        if cue is not None and cue.node not in ("launched", None):
                            rests.append((source, cue.node or "", cue, text[tokens[j].start:tokens[cue.stop - 1].end],
                                          si))
                        break
                implied = _implied_one(text, tokens, clause, own or ([inherited] if inherited else []), lang)
                if implied is not None:
                    implied.source, implied.sentence = source, si
                    mentions.append(implied)
                    if implied.weapon is not None:
                        last_weapon = implied.weapon
            if own:
                inherited = own[-1] if len(own) == 1 else _nearest(own, clause.stop)
            elif fell:
                inherited = before_fell
    drafts, conflicts = _assemble(text, tokens, sentences, mentions, rests)
    used -= set(conflicts)
    for i, tok in enumerate(tokens):
        if tok.kind in ("num", "clock", "name", "decimal", "vague", "rounded") and i not in used:
            why = classify(tokens, i)
            if i in conflicts:
                why = conflicts[i]
            elif i in summed:
                why = "sums several weapons"
            elif why is None:
                weapon, _, other = _weapon_after(text, tokens, i, min(i + 8, len(tokens)), lang)
                at = next((k for k in range(i + 1, min(i + 5, len(tokens))) if tokens[k].kind == "word" and
                           _is(tokens[k].low, W.OTHER_NOUNS)), None)
                why = f'counts "{_counted(text, tokens, at)}", not weapons' if other and at is not None \
                    else "no cue says what it counts"
            unused.append(Unused((tok.start, tok.end), tok.text, tok.value if tok.kind == "num" else None, why))
    from dronetally.extractor._window import window

    return Parsed(lang, drafts, unused, window(text, lang))


_ALL_WORDS = frozenset(["all", "усі", "всі", "все", "всех", "усіх", "всіх", "всего", "всього"])


def _after_all(tokens: list[Token], i: int, begin: int) -> bool:
    """Whether "all"/"усі"/"все" (and perhaps "the") stands just before the number at ``i``."""
    k = i - 1
    if k > begin and tokens[k].low == "the":
        k -= 1
    return k >= begin and tokens[k].low in _ALL_WORDS


def _sums_weapons(mentions: list[Mention], mention: Mention) -> bool:
    """Whether the value of ``mention`` is the sum of one figure of each of
    several weapons (their launched, or any other node's) before it in the text."""
    by_node: dict[str, dict[str, int]] = {}
    for m in mentions:
        if m is mention or m.weapon is None or m.weapon.kind == "all" or m.node is None or m.part is not None:
            continue
        by_node.setdefault(m.node, {}).setdefault(m.weapon.key, m.value)
    return any(len(v) >= 2 and sum(v.values()) == mention.value for v in by_node.values())


def _is_item(tokens: list[Token], clause: Clause) -> bool:
    """Whether a clause starts an item of a list: a bullet (or a dash) at the
    start of its line, or right after a bullet sign."""
    first = tokens[clause.start]
    if first.newline and (first.kind == "bullet" or first.text in DASHES | {"•"}):
        return True
    return clause.start > 0 and tokens[clause.start - 1].kind == "bullet"


_VERB_ENDINGS = ("ed", "ing", "но", "то", "ли", "ла", "ло", "ть", "ся", "сь", "ены", "аны", "ені", "ані")
_FUNCTION_WORDS = frozenset(["the", "a", "an", "across", "near", "around", "after", "before", "during", "throughout",
                             "with", "within", "through", "under", "along", "between", "among", "against", "that",
                             "which", "who", "this", "these", "those", "their", "its", "all", "each", "per",
                             "під", "біля", "поблизу", "через", "при", "для", "без", "після", "около", "возле",
                             "после", "що", "які", "який", "что", "которые", "который", "цих", "этих"])


def _counted(text: str, tokens: list[Token], k: int) -> str:
    """The words a number counts, from the word at ``k`` that says it counts
    no weapon to the head noun of the phrase, its last word: "fire groups"
    (of "4 mobile fire groups"), "населених пунктах"; never past a verb, a
    cue, a preposition or a name."""
    end = k + 1
    while end < min(k + 3, len(tokens)):
        t = tokens[end]
        if t.kind != "word" or not t.text.islower() or t.low in _STOP_NOUN_SCAN or t.low in _CONJUNCTIONS or \
                t.low in _FUNCTION_WORDS or any(stem_matches(w, t.low, prefix_latin=True) for w in _REGION_WORDS) or \
                t.low in W.SPEECH_VERBS or t.low in W.FROM or t.low.endswith(_VERB_ENDINGS) or \
                _CUES.match(tokens, end) or _OF.match(tokens, end) or _REGIONS.match(tokens, end) or \
                _TOWARDS.match(tokens, end) or _INTERVALS.match(tokens, end) or \
                (t.low in W.NUMBER_WORDS) or len(t.low) < 3:
            break
        end += 1
    return text[tokens[k].start:tokens[end - 1].end]


def _shared_cue(tokens: list[Token], clause: Clause, nxt: Clause) -> Cue | None:
    """The cue a clause with none shares with the next, where the two are
    subjects of one verb: "2 missiles and 71 drones were intercepted"."""
    if clause.stop >= len(tokens) or tokens[clause.stop].low not in _CONJUNCTIONS or nxt.start != clause.stop + 1:
        return None
    first_number = next((k for k in range(nxt.start, nxt.stop) if tokens[k].kind == "num"), None)
    later = [c for c in _cues(tokens, nxt) if c.node is not None and first_number is not None
             and c.start > first_number]
    return later[0] if later and not [c for c in _cues(tokens, nxt) if c.node and c.stop <= (first_number or 0)] \
        else None


def _count_follows(tokens: list[Token], i: int, clause: Clause) -> bool:
    """Whether "до N" is "up to N" of weapons (a noun of weapons follows), not "to N o'clock"."""
    return i + 1 < clause.stop and tokens[i + 1].kind == "word" and _is(tokens[i + 1].low, W.DRONE_STEMS +
                                                                        W.MISSILE_STEMS + W.TARGET_STEMS)


def _weapon_part(tokens: list[Token], j: int, stop: int) -> str | None:
    for k in range(j, min(j + 4, stop)):
        for stem, name in W.WEAPON_PARTS:
            if stem_matches(stem, tokens[k].low, prefix_latin=True):
                return name
    return None


def _place(tokens: list[Token], j: int, stop: int) -> tuple[str, str, str, int] | None:
    """A region ("over the Bryansk region", "над територією Курської області")
    or a destination ("towards Belarus", "в бік Білорусі") after a number."""
    saw_over = -10
    saw_towards = -10
    k = j
    while k < stop and k < j + 9:
        t = tokens[k]
        if t.low in W.FROM:
            return None
        tw = _TOWARDS.match(tokens, k, stop)
        if tw is not None:
            saw_towards = k + tw[0]
        if t.low in W.OVER:
            saw_over = k + 1
        d = _DESTINATIONS.match(tokens, k, stop)
        if d is not None and 0 <= k - saw_towards - _fillers(tokens, saw_towards, k) <= 0:
            return ("diverted", "destination", d[1], k + d[0])
        r = _REGIONS.match(tokens, k, stop)
        if r is not None and 0 <= k - saw_over <= 3:
            if _another_region(tokens, k + r[0], min(len(tokens), k + r[0] + 8)):
                return None  # "over the Kursk, Bryansk and Lipetsk regions": no one region's figure
            return ("shot_down", "region", r[1], k + r[0])
        if t.kind == "num":
            return None
        k += 1
    return None


def _place_before(tokens: list[Token], begin: int, i: int) -> tuple[str, str, str, int] | None:
    """A region before a number in its clause, with nothing counted between:
    "над Курской областью — 5", "Over the Kursk region, 30 drones were downed"."""
    for k in range(i - 1, begin - 1, -1):
        if tokens[k].kind == "num":
            return None
        r = _REGIONS.match(tokens, k, i)
        if r is not None:
            before = [tokens[j].low for j in range(max(begin, k - 3), k)]
            listed = k >= 2 and tokens[k - 1].low in (",", "and", "та", "і", "й", "и") and \
                any(_REGIONS.match(tokens, j, k) for j in range(max(begin, k - 3), k - 1))
            if not listed and any(w in W.OVER for w in before) and not any(w in W.FROM for w in before) and \
                    not _another_region(tokens, k + r[0], min(len(tokens), k + r[0] + 8)):
                return ("shot_down", "region", r[1], k + r[0])
            return None
    return None


def _listed_region(tokens: list[Token], sentence: Sentence, clause: Clause, i: int) -> tuple[str, str, str, int] | None:
    """A region named right after a number, without "over", in an item of a
    list whose other items place their numbers "over" a region: "20 – над
    территорией Брянской области, 15 – Курской области", "20 over Bryansk,
    15 Kursk".  The item is the number, a dash and the region alone."""
    if any(tokens[k].kind != "bullet" and tokens[k].text not in DASHES for k in range(clause.start, i)):
        return None
    k = i + 1
    while k < clause.stop and tokens[k].text in DASHES:
        k += 1
    r = _REGIONS.match(tokens, k, clause.stop)
    if r is None:
        return None
    end = k + r[0]
    while end < clause.stop and any(stem_matches(w, tokens[end].low, prefix_latin=True) for w in _REGION_WORDS):
        end += 1
    if end != clause.stop:
        return None  # more words than a region: not the item's form
    siblings = (_place(tokens, j + 1, c.stop) for c in sentence.clauses if c is not clause
                for j in range(c.start, c.stop) if tokens[j].kind == "num")
    if not any(p is not None and p[1] == "region" for p in siblings):
        return None
    return ("shot_down", "region", r[1], end)


_FILLERS = ("the", "airspace", "air", "space", "territory", "повітряний", "простір", "територію", "воздушное",
            "пространство", "территорию", "of")


def _fillers(tokens: list[Token], begin: int, end: int) -> int:
    """How many of the words from ``begin`` to ``end`` are "the airspace of", "повітряний простір"."""
    return sum(1 for k in range(max(begin, 0), end) if tokens[k].low in _FILLERS)


_REGION_WORDS = ("region", "regions", "oblast", "oblasts", "област", "регион", "республик", "краю", "край")


def _another_region(tokens: list[Token], k: int, stop: int) -> bool:
    """Whether another region follows a region in a list ("Kursk, Bryansk and
    Lipetsk regions", "Rostov region and Crimea", "Курской и Белгородской")."""
    while k < stop and (tokens[k].low in (",", "and", "та", "і", "й", "и", "the") or
                        any(stem_matches(w, tokens[k].low, prefix_latin=True) for w in _REGION_WORDS)):
        if (tokens[k].low in (",", "and", "та", "і", "й", "и") and _REGIONS.match(tokens, k + 1, stop)) or \
                (tokens[k].low in (",", "and") and k + 2 < stop and tokens[k + 1].low == "the" and \
                _REGIONS.match(tokens, k + 2, stop)):
            return True
        k += 1
    return False


def _implied_one(text: str, tokens: list[Token], clause: Clause, cues: list[Cue], lang: str) -> Mention | None:
    """"противник атакував протикорабельною ракетою": one missile, by the
    noun's singular form, in a clause with no number."""
    if not cues or cues[0] is None:
        return None
    for j in range(clause.start, clause.stop):
        t = tokens[j]
        if t.low in _SINGULAR_MISSILE and (lang != "en" or (j > clause.start and tokens[j - 1].low in _ARTICLES) or
                                           (j > clause.start + 1 and tokens[j - 2].low in _ARTICLES)):
            cls = None
            begin = j
            while begin > clause.start and tokens[begin - 1].kind == "word" and _missile_class(tokens[begin - 1].low):
                cls = _missile_class(tokens[begin - 1].low)
                begin -= 1
            weapon = _missile(text, tokens, begin - 1, j, clause.stop, cls, lang, False)
            cue = _nearest(cues, j)
            if cue is None or cue.node is None:
                return None
            return Mention(j, (tokens[begin].start, t.end), "1", 1, cue.node, cue, weapon, implied=True)
    return None


# -- putting reports together -------------------------------------------------------

def _assemble(text: str, tokens: list[Token], sentences: list[Sentence], mentions: list[Mention],
              rests: list[tuple[str | None, str, Cue, str, int]]) -> tuple[list[Draft], dict[int, str]]:
    drafts: dict[tuple[str | None, str], Draft] = {}
    conflicts: dict[int, str] = {}

    def draft_for(source: str | None, weapon: Weapon) -> Draft:
        key = (source, weapon.key)
        if key not in drafts:
            drafts[key] = Draft(source, weapon.key, weapon.name, order=len(drafts))
        d = drafts[key]
        if len(weapon.name) > len(d.weapon) and weapon.kind != "drones":
            d.weapon = weapon.name
        return d

    def quote_of(si: int, at: int) -> str:
        """The sentence of the token at ``at``; in a list, its heading and its own line."""
        s = sentences[si]
        stop = s.stop + 1 if s.stop < len(tokens) and tokens[s.stop].text in SENTENCE_MARKS else s.stop
        whole = text[tokens[s.start].start:tokens[stop - 1].end].strip()
        if "\n" not in whole:
            return whole
        begin, end = tokens[s.start].start, tokens[stop - 1].end
        heading = text[begin:text.find("\n", begin)].strip()
        line_start = text.rfind("\n", begin, tokens[at].start) + 1
        line_end = text.find("\n", tokens[at].start, end)
        line = text[line_start:line_end if line_end >= 0 else end].strip()
        return heading if line_start <= begin else f"{heading} ... {line}"

    last: Mention | None = None
    for m in sorted(mentions, key=lambda m: m.index):
        assert m.weapon is not None and m.node is not None
        weapon = m.weapon
        if m.whole_of == -1 and last is not None and last.weapon is not None:
            weapon = last.weapon  # "82 of them jet-powered": a part of the figure before
            if last.node != "launched":
                continue
        d = draft_for(m.source, weapon)
        key = m.node if m.part is None else f"{m.part[0]}.{m.part[1]}.{m.part[2]}"
        words = text[m.span[0]:tokens[m.index].end]
        if m.part_end is not None:
            words = text[m.span[0]:tokens[m.part_end - 1].end]
        elif m.inherited or m.cue is None:
            words = text[m.span[0]:tokens[max(m.phrase_end, m.index + 1) - 1].end]
        elif m.cue is not None:
            a, b = sorted([(m.span[0], m.span[1]), (tokens[m.cue.start].start, tokens[m.cue.stop - 1].end)])
            words = text[a[0]:max(a[1], b[1])]
            if len(words) > 200:
                words = text[m.span[0]:m.span[1]]
        fig = Figure(key, m.written, m.value if m.written.isdigit() else None, m.span, words.strip(),
                     cue=text[tokens[m.cue.start].start:tokens[m.cue.stop - 1].end] if m.cue else None,
                     implied=m.implied)
        old = d.figures.get(key)
        if old is None:
            d.figures[key] = fig
            d.quotes[key] = quote_of(m.sentence, m.index)
        elif old.text == fig.text:
            old.also.append(m.span)
        else:
            conflicts[m.index] = f"a second figure for {key} ({d.weapon}); the first, {old.text}, is kept"
        if m.part is None or m.part[0] != "launched":
            last = m
    _single_destination(drafts.values())
    for source, node, cue, words, si in rests:
        for d in drafts.values():
            if d.source == source and d.weapon_key == "drones" and _derive_rest(d, node, words, text, cue, tokens):
                d.quotes[node] = quote_of(si, sentences[si].start)
    out = _weapons(list(drafts.values()))
    return sorted(out, key=lambda d: d.order), conflicts


def _single_destination(drafts: object) -> None:
    """One destination alone ("1 flew to Belarus") is diverted's figure too."""
    for d in drafts:  # type: ignore[attr-defined]
        dests = [k for k in d.figures if k.startswith("diverted.destination.")]
        if len(dests) == 1 and "diverted" not in d.figures:
            f = d.figures[dests[0]]
            d.figures["diverted"] = Figure("diverted", f.text, f.value, f.span, f.words, f.cue)
            d.quotes["diverted"] = d.quotes[dests[0]]


def _derive_rest(d: Draft, node: str, words: str, text: str, cue: Cue, tokens: list[Token]) -> bool:
    """"The rest were lost from radar": the node is launched less the other
    outcomes, and the outcome is complete."""
    if node in d.figures or "launched" not in d.figures:
        return False
    others = [k for k in ("shot_down", "lost_track", "diverted", "hit", "airborne") if k in d.figures and k != node]
    launched = d.figures["launched"]
    value = None
    if launched.value is not None and all(d.figures[k].value is not None for k in others):
        value = launched.value - sum(d.figures[k].value or 0 for k in others)
        if value < 0:
            value = None
    start = text.find(words)
    d.figures[node] = Figure(node, "?", value, (start, start + len(words)) if start >= 0 else None, words,
                             cue=words, derived_from=("launched", *others))
    d.complete.add("launched.outcome")
    return True


def _weapons(drafts: list[Draft]) -> list[Draft]:
    """Reports of several weapons from one source: plain "missiles" merged
    into a lone missile class; a headline of all weapons and a missile group
    get their weapon breakdown from the reports of each weapon."""
    by_source: dict[str | None, list[Draft]] = {}
    for d in drafts:
        by_source.setdefault(d.source, []).append(d)
    out: list[Draft] = []
    for group in by_source.values():
        for named in [d for d in group if d.weapon_key.startswith("named:") and d.weapon.startswith("missiles ")]:
            models = named.weapon.removeprefix("missiles ")
            same = [d for d in group if d is not named and d.weapon.endswith(" " + models)]
            if len(same) == 1 and not set(named.figures) & set(same[0].figures):  # "3 ракети" of a model alone
                same[0].figures.update(named.figures)
                same[0].quotes.update(named.quotes)
                named.figures.clear()
        plain = next((d for d in group if d.weapon_key == "missiles"), None)
        classes = [d for d in group if d.weapon_key not in ("missiles", "drones", "all")
                   and d.weapon.casefold().find("missile") >= 0]
        if plain is not None and len(classes) == 1 and not set(plain.figures) & set(classes[0].figures):
            lone = classes[0]
            lone.figures.update(plain.figures)
            lone.quotes.update(plain.quotes)
            group = [d for d in group if d is not plain]
            plain = None
        if plain is not None and classes and "launched" in plain.figures:
            _fill(plain, classes)
        headline = next((d for d in group if d.weapon_key == "all"), None)
        if headline is not None:
            tops = [d for d in group if d is not headline and (plain is None or d not in classes)]
            _fill(headline, tops)
        out.extend(d for d in group if d.figures)
    return out


def _fill(whole: Draft, parts: list[Draft]) -> None:
    for p in parts:
        fig = p.figures.get("launched")
        if fig is None or fig.text == "?":
            continue
        key = f"launched.weapon.{p.weapon}"
        if key not in whole.figures:
            whole.figures[key] = Figure(key, fig.text, fig.value, fig.span, fig.words, fig.cue,
                                        copied_from=p.weapon)
            whole.quotes[key] = p.quotes.get("launched", "")
