"""Looking words up: a :class:`Lexicon` matches entries of one or more
consecutive words at a token, the longest first.  Latin words match whole;
Cyrillic stems match the start of a word (its case forms), with at most
``ending`` letters after the stem."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from dronetally.extractor._tokens import Token

T = TypeVar("T")


def _latin(stem: str) -> bool:
    return stem.isascii()


def stem_matches(stem: str, low: str, prefix_latin: bool = False, ending: int = 99) -> bool:
    """Whether a word (casefolded) is ``stem`` (Latin) or starts with it (Cyrillic)."""
    if low == stem:
        return True
    if _latin(stem) and not prefix_latin:
        return False
    return low.startswith(stem) and len(low) - len(stem) <= ending


class Lexicon(Generic[T]):
    """Entries of consecutive stems, each with a payload."""

    def __init__(self, entries: Iterable[tuple[Sequence[str], T]], *, prefix_latin: bool = False,
                 ending: int = 99) -> None:
        self.prefix_latin = prefix_latin
        self.ending = ending
        self.by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for stems, payload in entries:
            stems = tuple(stems)
            self.by_first.setdefault(stems[0][:1], []).append((stems, payload))
        for bucket in self.by_first.values():
            bucket.sort(key=lambda e: -len(e[0]))

    def match(self, tokens: Sequence[Token], i: int, stop: int | None = None) -> tuple[int, T] | None:
        """(words matched, payload) of the longest entry at ``tokens[i]``
        (words only, before ``stop``), or None."""
        stop = len(tokens) if stop is None else stop
        if i >= stop:
            return None
        low = tokens[i].low
        for stems, payload in self.by_first.get(low[:1], ()):
            n = len(stems)
            if i + n > stop:
                continue
            if all(tokens[i + k].kind in ("word", "punct") and
                   stem_matches(stems[k], tokens[i + k].low, self.prefix_latin, self.ending) for k in range(n)):
                return n, payload
        return None
