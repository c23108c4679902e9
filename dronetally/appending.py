"""Tables read in chunks, appended into one: columns made once, for the rows
the file has, and filled a chunk at a time.

Reading a large file whole holds the file, the grid of its cells and the
columns at once.  :func:`dronetally.load` reads dronetally CSV in chunks
instead and appends each chunk's columns here, so that what it holds at the
end is the ledger and one chunk.  Columns stay as lean as the chunks were:
a figure column that every row states exactly is one array; a node no row
states or names takes no memory; a text column whose every row is the same
is one value.  Texts get codes in order of first appearance in the whole
file, as if it had been read at once.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from dronetally.schema import Spelling
from dronetally.table import (
    UNBOUNDED,
    Column,
    Strings,
    Table,
    Texts,
    Utf8Values,
    _empty_column,
    constant,
    is_constant,
    repeat,
)

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.schema import Schema

T = TypeVar("T", bound=Table)
_NOT_YET = object()  # a text column that no chunk has given yet

#: Columns of this many bytes or more get memory of their own from the system.
_OWN_MEMORY = 1 << 18


def give_back_memory() -> None:
    """Hand the heap's free pages back to the system, where the C library can
    (glibc's ``malloc_trim``): reading in chunks frees each chunk's arrays,
    and the heap they leave would otherwise stay the process's for good."""
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, ImportError):  # another C library, or no ctypes: nothing to do
        return
    trim(0)


def _zeros(capacity: int, dtype: npt.DTypeLike) -> npt.NDArray[Any]:
    """``capacity`` zeros.  A large column is mapped memory of its own: pages
    count only once written (room guessed for more rows than come costs
    nothing) and none of it sits in the heap among the chunks' short-lived
    arrays, where a freed chunk could not be handed back to the system."""
    kind = np.dtype(dtype)
    size = capacity * kind.itemsize
    if size < _OWN_MEMORY:
        return np.zeros(capacity, kind)
    return np.frombuffer(mmap.mmap(-1, size), kind)


class _Figures:
    """One figure column, filled a chunk at a time.  ``hi`` is None while it
    is ``lo`` (every row so far stated exactly), ``stated`` None while every
    row so far states it; ``named`` a :class:`_Mask`."""

    def __init__(self, capacity: int, at: int) -> None:
        self.lo = _zeros(capacity, np.int64)
        self.hi: npt.NDArray[np.int64] | None = None
        self.stated: npt.NDArray[np.bool_] | None = None
        self.named = _Mask(capacity)
        if at:  # rows before the first that states or names it: not stated
            self._hi(at)[:at] = UNBOUNDED
            self._stated(at)[:at] = False

    def _hi(self, upto: int) -> npt.NDArray[np.int64]:
        if self.hi is None:
            self.hi = _zeros(len(self.lo), np.int64)
            self.hi[:upto] = self.lo[:upto]
        return self.hi

    def _stated(self, upto: int) -> npt.NDArray[np.bool_]:
        if self.stated is None:
            self.stated = _zeros(len(self.lo), bool)
            self.stated[:upto] = True
        return self.stated

    def add(self, c: Column, at: int) -> None:
        end = at + len(c.lo)
        self.lo[at:end] = c.lo
        if not c.exact or self.hi is not None:
            self._hi(at)[at:end] = c.hi
        if not is_constant(c.stated, True) or self.stated is not None:
            self._stated(at)[at:end] = c.stated
        self.named.add(c.named, at)

    def grow(self, capacity: int) -> None:
        self.lo = _longer(self.lo, capacity)
        self.hi = None if self.hi is None else _longer(self.hi, capacity)
        self.stated = None if self.stated is None else _longer(self.stated, capacity)
        self.named.grow(capacity)

    def column(self, n: int) -> Column:
        lo = self.lo[:n]
        return Column(lo, lo if self.hi is None else self.hi[:n],
                      constant(True, n) if self.stated is None else self.stated[:n],
                      self.named.mask(n))


class _Mask:
    """A boolean column that stays all False, in no memory, until a chunk says otherwise."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.values: npt.NDArray[np.bool_] | None = None

    def add(self, mask: npt.NDArray[np.bool_], at: int) -> None:
        if self.values is None and is_constant(mask, False):
            return
        if self.values is None:
            self.values = _zeros(self.capacity, bool)
        self.values[at:at + len(mask)] = mask

    def grow(self, capacity: int) -> None:
        self.capacity = capacity
        self.values = None if self.values is None else _longer(self.values, capacity)

    def mask(self, n: int) -> npt.NDArray[np.bool_]:
        return constant(False, n) if self.values is None else self.values[:n]


#: Distinct texts a column numbers as they come (sources, scopes, weapons); a
#: column with more (a window over years), or whose chunks are mostly new texts
#: (an id), finds its repeats once, at the end, without a Python string a row.
_FEW = 1 << 12


_CODE_TYPES = [(np.iinfo(t).max, np.dtype(t)) for t in (np.int8, np.int16, np.int32, np.int64)]


def _narrowest(top: int) -> np.dtype[Any]:
    """The narrowest signed integer type that holds the codes -1 to ``top``."""
    return next(kind for most, kind in _CODE_TYPES if top <= most)


class _Texts:
    """A text column, filled a chunk at a time, its codes as narrow as the
    texts' count allows (int8 for up to 127, then int16, then int32).  While
    its distinct texts are few they are numbered in one dict as the chunks
    bring them; past :data:`_FEW`, or from a chunk whose rows are mostly new
    texts, each chunk's texts are numbered on (repeats across chunks included)
    and the repeats are found at the end."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.codes: npt.NDArray[np.signedinteger[Any]] | None = None
        self.same: Any = _NOT_YET  # while every row so far holds one value (None: no text): that value
        self.number: dict[str, int] | None = {}  # each text's code while they are few; None after
        self.parts: list[Any] = []  # after: the chunks' distinct values, as bytes arrays or sequences of str
        self.pool: _Pool | None = None  # after: the latest run of bytes, in one array
        self.count = 0  # after: the values of the parts, repeats across chunks included

    def add(self, s: Strings, at: int, n: int) -> None:
        """Rows ``at`` to ``at + n`` (the chunk is ``n`` rows; ``s`` may be a constant column)."""
        if n == 0:
            return
        mine = np.asarray(s.codes)
        uniform = mine.strides == (0,) or bool((mine == mine[0]).all())
        if self.codes is None and uniform:
            value = s.get(0)
            if self.same is _NOT_YET or self.same == value:
                self.same = value
                return
        if self.codes is None:  # the rows so far all held `same`: written out now
            held = self.same is not None and self.same is not _NOT_YET
            if held:
                self._number([self.same])
            self._room(0, at)[:at] = 0 if held else -1
        many = len(s.values) > 64 and len(s.values) * 2 > n  # most rows their own text: an id
        if self.number is not None and (many or len(self.number) + len(s.values) > _FEW):  # numbered on from here
            first: Any = tuple(self.number)
            if isinstance(s.values, Utf8Values) and not any(v.endswith("\x00") for v in first):
                # bytes, as the chunks' are, so that their repeats are found without str (NUL ends would be lost)
                first = np.array([v.encode("utf-8") for v in first], dtype=np.bytes_)
            self.parts, self.count, self.number = [first], len(first), None
        if self.number is not None:
            renumber = self._number(s.values)
            self._room(len(self.number) - 1, at)[at:at + n] = renumber[mine]
            return
        numbered = np.where(mine >= 0, mine.astype(np.int64) + self.count, -1) if self.count else mine
        self._room(self.count + len(s.values) - 1, at)[at:at + n] = numbered
        if isinstance(s.values, Utf8Values):
            self.pool = self.pool or _Pool(self.capacity)
            self.pool.add(s.values.raw)
        else:
            self._close_pool()
            self.parts.append(tuple(s.values))
        self.count += len(s.values)

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.parts.append(self.pool.values())
            self.pool = None

    def _number(self, values: Iterable[str]) -> npt.NDArray[np.int32]:
        """Each of ``values``' codes (new ones numbered on), and -1 last, for code -1."""
        number = self.number
        assert number is not None
        return np.array([*(number.setdefault(v, len(number)) for v in values), -1], np.int32)

    def _room(self, top: int, at: int) -> npt.NDArray[np.signedinteger[Any]]:
        """The codes, made wide enough for codes up to ``top`` (the ``at`` rows so far kept)."""
        kind = _narrowest(top)
        if self.codes is None or kind.itemsize > self.codes.itemsize:
            wider = _zeros(self.capacity, kind)
            if self.codes is not None:
                wider[:at] = self.codes[:at]
            self.codes = wider
        return self.codes

    def grow(self, capacity: int) -> None:
        self.capacity = capacity
        self.codes = None if self.codes is None else _longer(self.codes, capacity)
        if self.pool is not None:
            self.pool.grow(capacity)

    def strings(self, n: int) -> Strings:
        if self.codes is None:
            if self.same is None or self.same is _NOT_YET:
                return Strings.none(n)
            return Strings(repeat(0, n, np.int8), (self.same,))
        codes = self.codes[:n]
        if self.number is not None:
            return Strings(codes, tuple(self.number))
        self._close_pool()
        parts, self.parts = self.parts, []
        values, mapping = _distinct(parts)
        if mapping is not None:
            codes[:] = np.where(codes >= 0, mapping[codes], -1)
        return Strings(codes, values)


class _Pool:
    """Byte strings (a chunk's distinct texts) appended into one array, so
    that a column of ids is not a small array a chunk: made wider when longer
    texts come, and longer when more do."""

    def __init__(self, capacity: int) -> None:
        self.raw: npt.NDArray[np.bytes_] = _zeros(capacity, "S1")
        self.n = 0

    def add(self, raw: npt.NDArray[np.bytes_]) -> None:
        end = self.n + len(raw)
        if raw.itemsize > self.raw.itemsize or end > len(self.raw):
            self._moved(max(len(self.raw), end), raw.itemsize)
        self.raw[self.n:end] = raw
        self.n = end

    def grow(self, capacity: int) -> None:
        if capacity > len(self.raw):
            self._moved(capacity, 1)

    def _moved(self, capacity: int, width: int) -> None:
        bigger = _zeros(capacity, (np.bytes_, max(width, self.raw.itemsize)))
        bigger[:self.n] = self.raw[:self.n]
        self.raw = bigger

    def values(self) -> npt.NDArray[np.bytes_]:
        return self.raw[:self.n]


def _longer(array: npt.NDArray[Any], capacity: int, dtype: npt.DTypeLike | None = None) -> npt.NDArray[Any]:
    """``array`` copied into the start of a longer one, of ``capacity`` items (of ``dtype``, or its own)."""
    longer = _zeros(capacity, array.dtype if dtype is None else dtype)
    longer[:len(array)] = array
    return longer


def _distinct(parts: list[Any]) -> tuple[Any, npt.NDArray[np.int32] | None]:
    """The chunks' values joined, each once, in order of first appearance;
    and the new code of each old one (None where nothing repeats).  Empties
    ``parts`` as it goes."""
    parts[:] = [p for p in parts if len(p)]
    if parts and all(isinstance(p, np.ndarray) for p in parts):  # UTF-8 bytes from the fast reader: no str
        raw = np.concatenate(parts) if len(parts) > 1 else parts[0]
        parts.clear()
        # texts of at most 8 bytes sort as words, many times quicker than as bytes
        ordered = np.sort(raw.view(np.uint64) if raw.dtype.itemsize == 8 else raw)
        if len(ordered) < 2 or (ordered[1:] != ordered[:-1]).all():
            return Utf8Values(raw), None
        _, first, inverse = np.unique(raw, return_index=True, return_inverse=True)
        rank = np.empty(len(first), np.int32)
        order = np.argsort(first, kind="stable")
        rank[order] = np.arange(len(first), dtype=np.int32)
        return Utf8Values(raw[np.sort(first)]), rank[inverse.reshape(-1)]
    values = [v for p in parts for v in (p if not isinstance(p, np.ndarray) else Utf8Values(p))]
    number: dict[str, int] = {}
    mapping = np.fromiter((number.setdefault(v, len(number)) for v in values), np.int32, count=len(values))
    if len(number) == len(values):
        return tuple(values), None
    return tuple(number), mapping


class Appender:
    """Tables of one schema appended in order, into columns made for
    ``capacity`` rows and made longer (by half, at least) when more come:
    a good guess of the rows to come saves copying them."""

    def __init__(self, schema: Schema, capacity: int) -> None:
        self.schema = schema
        self.capacity = capacity
        self.n = 0
        self.rows_read = 0
        self.line: npt.NDArray[np.signedinteger[Any]] = _zeros(capacity, np.int32)  # int64 past 2**31 lines
        self.figures: dict[str, _Figures] = {}
        self.keys: dict[str, None] = {}
        self.texts: dict[str, tuple[list[npt.NDArray[np.intp]], list[npt.NDArray[np.int32]], dict[str, int]]] = {}
        self.complete = {d.key: _Mask(capacity) for d in schema.dimensions()}
        self.overlapping = {d.key: _Mask(capacity) for d in schema.dimensions() if not d.overlapping}
        self.meta: dict[str, _Texts] = {}
        self.extra: dict[str, _Texts] = {}
        self.file = _Texts(capacity)
        self.quotes: dict[int, dict[str, str]] = {}
        self._key = Spelling()  # part names compare without case: each key as the first table spelt it

    def add(self, t: Table) -> None:
        """Append the rows of ``t`` (a table of the same schema)."""
        at, n = self.n, len(t)
        if at + n > self.capacity:
            self._grow(max(at + n, self.capacity * 3 // 2))
        if n and self.line.dtype == np.int32 and int(t.line[-1]) > _CODE_TYPES[2][0]:
            self.line = _longer(self.line[:at], self.capacity, np.int64)
        self.line[at:at + n] = t.line
        self.keys.update(dict.fromkeys(map(self._key, t.keys)))
        given = {self._key(key) for key in t.columns}
        for key in self.figures.keys() - given:  # a node a later table (another file) lacks: not stated there
            self.figures[key].add(_empty_column(n), at)
        for key, c in t.columns.items():
            key = self._key(key)
            if key not in self.figures:
                if is_constant(c.stated, False) and is_constant(c.named, False):
                    continue  # no row so far states or names it: no memory yet
                self.figures[key] = _Figures(self.capacity, at)
            self.figures[key].add(c, at)
        for key, written in t.texts.items():
            rows, codes, number = self.texts.setdefault(self._key(key), ([], [], {}))
            rows.append(written.rows + at)
            renumber = np.array([number.setdefault(v, len(number)) for v in written.values], np.int32)
            codes.append(renumber[written.codes])
        for key, mask in t.complete.items():
            self.complete[key].add(mask, at)
        for key, mask in t.overlapping.items():
            if key in self.overlapping:
                self.overlapping[key].add(mask, at)
        for into, columns in ((self.meta, t.meta), (self.extra, t.extra)):
            for name, s in columns.items():
                if name not in into:
                    into[name] = _Texts(self.capacity)
                    if at:
                        into[name].add(Strings.none(at), 0, at)
                into[name].add(s, at, n)
        for name, texts in self.extra.items():
            if name not in t.extra:
                texts.add(Strings.none(n), at, n)
        self.file.add(t.file, at, n)
        self.quotes.update({row + at: {self._key(k): v for k, v in q.items()} for row, q in t.quotes.items()})
        self.n += n
        self.rows_read += t.rows_read

    def _grow(self, capacity: int) -> None:
        self.capacity = capacity
        self.line = _longer(self.line, capacity)
        holders: list[_Figures | _Mask | _Texts] = [*self.figures.values(), *self.complete.values(),
                                                    *self.overlapping.values(), *self.meta.values(),
                                                    *self.extra.values(), self.file]
        for holder in holders:
            holder.grow(capacity)

    def table(self, cls: type[T], order: Iterable[str] = ()) -> T:
        """The appended rows as one table (or ledger) of class ``cls``; open
        parts in ``order`` (as the rows met them), then the others."""
        give_back_memory()  # the chunks' arrays are gone: their heap need not be the table's
        n = self.n
        keys = list(dict.fromkeys([*map(self._key, order), *self.keys]))
        new = cls.__new__(cls)
        new._fill(
            self.schema,
            {k: self.figures[k].column(n) if k in self.figures else _empty_column(n) for k in keys},
            {k: Texts(np.concatenate(rows), np.concatenate(codes), tuple(number))
             for k, (rows, codes, number) in self.texts.items()},
            {k: m.mask(n) for k, m in self.complete.items()},
            {k: m.mask(n) for k, m in self.overlapping.items()},
            {k: s.strings(n) for k, s in self.meta.items()},
            {k: s.strings(n) for k, s in self.extra.items()},
            self.quotes,
            self.file.strings(n),
            self.line[:n],
            keys,
        )
        new.rows_read = self.rows_read
        return new
