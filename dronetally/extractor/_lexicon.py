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


#: Words remembered per lexicon with the entries whose first stem they match; forgotten past this many.
_CACHE_WORDS = 20_000


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
        self._starting: dict[str, list[tuple[tuple[str, ...], T]]] = {}

    def _entries_at(self, low: str) -> list[tuple[tuple[str, ...], T]]:
        """The entries whose first stem matches the word ``low``, longest first."""
        found = self._starting.get(low)
        if found is None:
            found = [e for e in self.by_first.get(low[:1], ())
                     if stem_matches(e[0][0], low, self.prefix_latin, self.ending)]
            if len(self._starting) >= _CACHE_WORDS:
                self._starting.clear()
            self._starting[low] = found
        return found

    def match(self, tokens: Sequence[Token], i: int, stop: int | None = None) -> tuple[int, T] | None:
        """(words matched, payload) of the longest entry at ``tokens[i]``
        (words only, before ``stop``), or None."""
        stop = len(tokens) if stop is None else stop
        if i >= stop:
            return None
        first = tokens[i]
        if first.kind not in ("word", "punct"):
            return None
        for stems, payload in self._entries_at(first.low):
            n = len(stems)
            if n == 1:
                return 1, payload
            if i + n > stop:
                continue
            if all(tokens[i + k].kind in ("word", "punct") and
                   stem_matches(stems[k], tokens[i + k].low, self.prefix_latin, self.ending) for k in range(1, n)):
                return n, payload
        return None
