"""A CSV reader in numpy for the plain case: no quotes, one field per comma.

Most report files are a header and rows of plain cells.  For them, every
field is found with two scans of the bytes (newlines and commas) and each
column is read as a whole: integer columns by their digits, text columns as
codes into their distinct values.  Python sees only the distinct values and
the cells that are not plain integers (``>40``, ``~100``, ``?``).

:func:`columns` returns None when the text is not plain (a quote, a row with
another number of fields, a blank line inside): the caller then reads it
with the csv module, which also says where the trouble is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from dronetally.count import MAX_COUNT
from dronetally.table import Strings, Utf8Values

if TYPE_CHECKING:
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]

_COMMA, _NEWLINE, _RETURN, _SPACE, _TAB, _QUOTE = 44, 10, 13, 32, 9, 34
_PLAIN_DIGITS = 13  # the most digits of a plain count (MAX_COUNT has 13)
_CELLS = 1 << 16  # cells read as numbers in one step


class Fields:
    """Where each field of each row lies in ``data``: ``start`` and ``end``
    (rows x columns), and each row's 1-based ``line`` in the file.  With
    ``start`` None, each field starts just after the one before it ends (a
    row's first, just after the row before's last; the first row's, at 0):
    its starts are worked out a column at a time, as they are needed.
    ``clean``: no byte below ``-`` but the separators (no quote, blank,
    return, NUL or other control byte), which the caller need not look for."""

    def __init__(
        self, data: npt.NDArray[np.uint8], start: Ints | None, end: Ints, line: Ints, clean: bool = False,
    ) -> None:
        self.data = data
        self.clean = clean  # the only bytes below "-" are the commas and newlines between fields
        self._start = start
        self.end = end
        self.line = line
        # the 8 bytes from every offset, as one little-endian word, read in place; the
        # last few offsets read from a copy of the end with zeros after it
        self._body = len(data) - 8  # offsets up to here read 8 bytes of data
        self._words = _words(data) if self._body >= 0 else None
        tail = np.concatenate([data[max(self._body, 0):], np.zeros(8, np.uint8)])
        self._tail = _words(tail)

    def _word(self, at: Ints) -> npt.NDArray[np.uint64]:
        """The 8 bytes from each offset ``at`` (zeros past the end) as a little-endian word."""
        body = self._body
        word: npt.NDArray[np.uint64]
        if self._words is None:  # fewer than 8 bytes in all
            word = self._tail[np.clip(at, 0, len(self._tail) - 1), 0]
            return word
        if not len(at) or at.max() <= body:
            word = self._words[at, 0]
            return word
        word = self._words[np.minimum(at, body), 0]
        late = np.flatnonzero(at > body)  # the last few offsets: from the copy of the end
        word[late] = self._tail[np.minimum(at[late] - body, len(self._tail) - 1), 0]
        return word

    def start(self, col: int, rows: slice = slice(None)) -> Ints:
        """Where field ``col`` starts in each row (of ``rows``)."""
        if self._start is not None:
            return self._start[rows, col]
        return _start_after(self.end, col, rows)

    def cells(self, col: int, rows: Ints) -> list[str]:
        """The text of column ``col`` at ``rows``: the slow way, for few cells."""
        raw = self.data
        return [bytes(raw[s:e]).decode("utf-8") for s, e in
                zip(self.start(col)[rows].tolist(), self.end[rows, col].tolist(), strict=True)]

    def integers(self, col: int | list[int]) -> tuple[Ints, npt.NDArray[np.bool_]]:
        """Column ``col`` read as plain counts: (values, which rows are plain);
        or, for a list of columns, the same as rows x columns, all read at
        once (fewer numpy calls: a chunk's Python work is shorter), a block
        of :data:`_CELLS` cells at a time (the arrays of a step stay small).

        A cell of up to 8 digits is one word (see :func:`_digits`); one of 9
        to 13, two: its first digits and its last 8."""
        cols = [col] if isinstance(col, int) else col
        rows = len(self.end)
        # made a column at a time in memory, so that each column is one contiguous array
        values = np.empty((len(cols), rows), np.int64)
        plain = np.empty((len(cols), rows), bool)
        step = max(1, _CELLS // max(len(cols), 1))
        for at in range(0, rows, step):
            block = slice(at, min(at + step, rows))
            counts, ok = self._counts(cols, block)
            values[:, block], plain[:, block] = counts.T, ok.T
        if isinstance(col, int):
            return values[0], plain[0]
        return values.T, plain.T

    def _counts(self, cols: list[int], rows: slice) -> tuple[Ints, npt.NDArray[np.bool_]]:
        """:meth:`integers` of ``rows``, as rows x columns."""
        first, stop = cols[0], cols[-1] + 1
        if cols == list(range(first, stop)):  # columns side by side (as figures are): slices, not gathers
            end = self.end[rows, first:stop]
            if self._start is not None:
                start = self._start[rows, first:stop]
            elif first:
                start = self.end[rows, first - 1:stop - 1] + 1
            else:
                start = np.stack([self.start(c, rows) for c in cols], axis=1)
        else:
            end, start = self.end[rows, cols], np.stack([self.start(c, rows) for c in cols], axis=1)
        width = end - start
        shape = width.shape
        start, width = start.reshape(-1), width.reshape(-1)
        plain = (width > 0) & (width <= _PLAIN_DIGITS)
        over = width > 8
        wider = bool(over.any())
        head = np.where(over, width - 8, width) if wider else width  # the digits in the first word
        values, plain_head = _digits(self._word(start), head)
        plain &= plain_head
        if wider:
            wide = np.flatnonzero(plain & over)
            tail, plain_tail = _digits(self._word(start[wide] + width[wide] - 8), np.full(len(wide), 8))
            values[wide] = values[wide] * 10**8 + tail
            # over MAX_COUNT (8 digits are fewer) is read as text, to be refused with its own words
            plain[wide] &= plain_tail & (values[wide] <= MAX_COUNT)
        if not plain.all():
            values[~plain] = 0
        return values.reshape(shape), plain.reshape(shape)

    def strings(self, col: int, rows: Ints | None = None) -> Strings:
        """Column ``col`` (at ``rows``, or every row) as codes into its
        distinct values, in order of first appearance.

        Each text is packed 8 bytes to a word; runs of one text (a night's
        window, in rows of a night) are found by comparing the words, and
        only each run's first text is hashed to one key and factorized."""
        start = self.start(col)
        width = self.end[:, col] - start
        if rows is not None:
            start, width = start[rows], width[rows]
        n = len(width)
        widest = int(width.max(initial=0))
        if widest == 0:
            return Strings.none(n)
        words = self._texts(start, width, widest)
        runs = _repeats(words, width, _SAMPLE) * 4 > min(n, _SAMPLE)  # worth looking for in every row
        if runs:
            same = _repeats(words, width)
            new = np.concatenate([[True], ~same])
            starts = np.flatnonzero(new)
            runs = len(starts) * 4 < n
        if runs:  # from here on, a run is one text
            words, width = [word[starts] for word in words], width[starts]
        key = words[0].copy()
        if len(words) > 1:
            with np.errstate(over="ignore"):
                for word in words[1:]:
                    key *= np.uint64(0x100000001B3)
                    key ^= word
                key ^= width.astype(np.uint64) << np.uint64(56)
        first, inverse = _factorize(key)
        m = len(key)
        if len(first) == m and not runs and (width > 0).all():  # every row its own text (an id): nothing to order
            return Strings(np.arange(n, dtype=np.int32), Utf8Values(_packed(words)))
        if len(words) > 1:
            back = first[inverse]
            if not all((word == word[back]).all() for word in words):
                # two texts share a key: count them the slow way
                return Strings.of(self.cells(col, np.arange(n) if rows is None else rows))
        order = np.argsort(first, kind="stable")  # distinct values in order of first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        codes = rank[inverse].astype(np.int32)
        distinct = first[order]
        empty = np.flatnonzero(width[distinct] == 0)
        if len(empty):  # the empty text is None: code -1, and the codes after it move down
            e = int(empty[0])
            codes = np.where(codes == e, -1, codes - (codes > e)).astype(np.int32)
            distinct = np.delete(distinct, e)
        if runs:
            codes = codes[np.cumsum(new) - 1]
        return Strings(codes, Utf8Values(_packed([word[distinct] for word in words])))

    def _texts(self, start: Ints, width: Ints, widest: int) -> list[npt.NDArray[np.uint64]]:
        """The texts from ``start`` of ``width`` bytes, as words of 8 bytes: the
        first 8 bytes of each, the next 8, ...; bytes past a text's end are 0."""
        words = []
        narrowest = int(width.min(initial=0))
        for w in range(-(-widest // 8)):
            word = self._word(start + 8 * w if w else start)
            if narrowest < 8 * (w + 1):  # some text ends inside this word: what follows it is not its own
                word &= _keep(width - 8 * w)
            words.append(word)
        return words


#: Rows looked at first for runs of one text.
_SAMPLE = 256


def _repeats(words: list[npt.NDArray[np.uint64]], width: Ints, first: int | None = None) -> Any:
    """For each row after the first (of the ``first`` rows, or all), whether
    its text is the row before's; with ``first``, how many are."""
    top = len(width) if first is None else min(first, len(width))
    same = width[1:top] == width[:top - 1]
    for word in words:
        same &= word[1:top] == word[:top - 1]
    return same if first is None else int(np.count_nonzero(same))


def _packed(words: list[npt.NDArray[np.uint64]]) -> npt.NDArray[np.bytes_]:
    """Texts as fixed-width bytes (NUL-padded), from their words."""
    return np.stack(words, axis=1).view(f"S{len(words) * 8}").reshape(-1)


def _keep(bytes_in: Ints) -> npt.NDArray[np.uint64]:
    """For texts that have ``bytes_in`` of their bytes (0 or fewer: none; 8
    or more: all) in a word, the mask of those bytes: 2 ** (8 * k) - 1,
    made in two shifts of 4k bits each (one of 64 is not defined)."""
    half = np.clip(bytes_in, 0, 8).astype(np.uint64)
    half <<= np.uint64(2)
    mask = np.left_shift(np.uint64(1), half)
    mask <<= half
    mask -= np.uint64(1)  # (for all 8 bytes, 2 ** 64 wraps to 0, and 0 - 1 to every bit)
    return mask


_ZEROS = np.uint64(0x3030303030303030)  # "00000000"
_HIGH_NIBBLES = np.uint64(0xF0F0F0F0F0F0F0F0)
_SIXES = np.uint64(0x0606060606060606)


def _digits(word: npt.NDArray[np.uint64], width: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """The number written by the first ``width`` bytes (1 to 8) of each word,
    and whether they are all digits: eight digits at a time, in one word.
    ``word`` is used up (its array holds the result).

    Each byte is taken to its digit's value (XOR with "0"), and the word is
    shifted so that the cell's bytes fill its high bytes (the first digit,
    its low byte in memory order, goes up by the bytes that are missing, and
    the bytes after the cell fall off the top); the zeros shifted in below
    are "0" digits.  Then pairs of digits, pairs of pairs, and the two
    halves are combined by multiplying and shifting the whole word.  Every
    step writes into one of two arrays: a fresh array for each would cost
    more than the arithmetic."""
    up = np.clip(width, 1, 8).astype(np.uint64)
    up <<= np.uint64(3)
    np.subtract(np.uint64(64), up, out=up)  # how far the word goes up: past the bytes missing
    text = word
    text ^= _ZEROS  # each digit to its value; the bytes after the cell are pushed out next
    text <<= up  # the cell's bytes at the top, zeros below: "0" digits
    # every byte 0-9: its high nibble 0, and still 0 with 6 added
    spare = np.add(text, _SIXES)
    spare |= text
    spare &= _HIGH_NIBBLES
    digits = spare == 0
    for factor, shift, keep in _COMBINE:
        np.multiply(text, factor, out=spare)
        text >>= shift
        text += spare
        text &= keep
    return text.view(np.int64), digits


#: Digits to pairs, pairs to fours, fours to eight: (multiplier, shift, mask) for each step.
_COMBINE = [(np.uint64(10), np.uint64(8), np.uint64(0x00FF00FF00FF00FF)),
            (np.uint64(100), np.uint64(16), np.uint64(0x0000FFFF0000FFFF)),
            (np.uint64(10000), np.uint64(32), np.uint64(0x00000000FFFFFFFF))]


def _words(data: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    """A view of ``data`` with the 8 bytes from each offset as one little-endian word (no copy)."""
    view: npt.NDArray[np.uint64] = np.lib.stride_tricks.as_strided(
        data, shape=(len(data) - 7, 8), strides=(1, 1), writeable=False).view("<u8")
    return view


def _factorize(key: npt.NDArray[np.uint64]) -> tuple[Ints, Ints]:
    """For each distinct key, the first row that has it; for each row, its key's number."""
    n = len(key)
    for size in (1 << 10, 1 << 14):  # a sample first: a column of a few values needs no more
        sample, found = np.unique(key[:size], return_index=True)
        if len(sample) == min(n, size):  # every key of the sample differs: an id, most likely
            ordered = np.sort(key)  # values only: many times quicker than the order of them
            if (ordered[1:] != ordered[:-1]).all():  # each row its own value: codes in row order
                everyone = np.arange(n, dtype=np.int64)
                return everyone, everyone
            break
        # the sample is where the column begins: a key's first row in it is its first row of all
        at = np.minimum(np.searchsorted(sample, key), len(sample) - 1)
        if (sample[at] == key).all():
            return found.astype(np.int64), at.astype(np.int64)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return first.astype(np.int64), inverse.reshape(-1).astype(np.int64)


def fields(raw: bytes | bytearray, columns: int, first_line: int = 2, offset: int = 0) -> Fields | None:
    """The fields of ``raw[offset:]`` (rows of ``columns`` fields after the
    header, starting at line ``first_line``), or None where the text is not
    plain.  Offsets in the result count from ``offset``."""
    data = np.frombuffer(raw, np.uint8, offset=offset)
    separated = _separated(data, columns, first_line)
    if separated is not None:
        _, end, line = separated
        if not (end[:, -1] - _start_after(end, 0) < columns).any():  # and no row of commas alone
            return Fields(data, None, end, line, clean=True)  # each field just after the one before: no starts
    returns = raw.find(b"\r", offset) >= 0
    if raw.find(b'"', offset) >= 0 or (returns and raw.count(b"\r", offset) != raw.count(b"\r\n", offset)):
        return None  # quotes, or lines that end in \r alone
    found = separated or _grid(raw, data, columns, first_line) or _with_blank_lines(data, columns, first_line)
    if found is None:
        return None
    start, end, line = found
    blanks = raw.find(b" ", offset) >= 0 or raw.find(b"\t", offset) >= 0
    if start is None:  # fields are to move apart from the ends before them, or rows to go: each start of its own
        start = np.stack([_start_after(end, col) for col in range(columns)], axis=1)
    if returns:  # a carriage return before the newline belongs to it
        last = end[:, -1]
        end[:, -1] = last - ((last > start[:, -1]) & (data[np.maximum(last - 1, 0)] == _RETURN))
    # a row of empty cells is no row, as in the csv path: a line of commas alone, or of blanks too
    if blanks:  # cells are read without the blanks around them, as the csv path strips them
        stripped = _strip(data, start, end)
        if stripped is None:
            return None
        start, end = stripped
        maybe = np.ones(len(end), bool)
    else:
        maybe = end[:, -1] - start[:, 0] <= columns - 1  # no more than the commas
    empty_row = np.zeros(len(end), bool)
    empty_row[maybe] = (end[maybe] == start[maybe]).all(axis=1)
    if empty_row.any():
        start, end, line = start[~empty_row], end[~empty_row], line[~empty_row]
    return Fields(data, start, end, line)


def _start_after(end: Ints, col: int, rows: slice = slice(None)) -> Ints:
    """Where each row's field ``col`` starts (of ``rows``) when each field starts just after
    the one before it ends (a row's first, after the row before's last; the first row's at 0)."""
    if col:
        return end[rows, col - 1] + 1
    first, stop, _ = rows.indices(len(end))
    begin = np.empty(max(stop - first, 0), end.dtype)
    if first == 0:
        begin[:1] = 0
        begin[1:] = end[:stop - 1, -1] + 1
    else:
        begin[:] = end[first - 1:stop - 1, -1] + 1
    return begin


def _position_type(data: npt.NDArray[np.uint8]) -> type[np.signedinteger[Any]]:
    """Offsets into ``data`` as int32 where they fit (half the memory), else int64."""
    return np.int32 if len(data) < 2**31 - 64 else np.int64


#: Bytes scanned at a time for one separator.
_BLOCK = 1 << 22


def _positions(data: npt.NDArray[np.uint8], byte: int, block: int = _BLOCK) -> Ints:
    """Where ``byte`` is in ``data``, scanned a block at a time: a mask of the
    whole file would be as large as the file again."""
    kind = _position_type(data)
    if len(data) <= block:
        return np.flatnonzero(data == byte).astype(kind)
    found = [np.flatnonzero(data[at:at + block] == byte).astype(kind) + kind(at) for at in range(0, len(data), block)]
    out: Ints = np.concatenate(found) if found else np.zeros(0, kind)
    return out


def _grid(
    raw: bytes | bytearray, data: npt.NDArray[np.uint8], columns: int, first_line: int,
) -> tuple[Ints | None, Ints, Ints] | None:
    """Fields where every line is a row: then the commas come in runs of
    ``columns - 1``, each run inside its line, and the commas and newlines
    are the fields' ends; None where they are not."""
    comma, newline = _positions(data, _COMMA), _positions(data, _NEWLINE)
    if not raw.endswith(b"\n"):  # the last line ends where the text does
        newline = np.append(newline, np.array(len(data), newline.dtype))
    rows = len(newline)
    if not rows or len(comma) != rows * (columns - 1):
        return None
    commas = comma.reshape(rows, columns - 1)
    begin = np.empty(rows, newline.dtype)  # where each line begins
    begin[0] = 0
    begin[1:] = newline[:-1] + 1
    if columns > 1 and not ((commas[:, 0] >= begin).all() and (commas[:, -1] < newline).all()):
        return None  # a line with more commas, and another with fewer
    start, end = _bounds(begin, commas, newline)
    return start, end, np.arange(rows, dtype=np.int64) + first_line


def _bounds(begin: Ints, commas: Ints, line_end: Ints) -> tuple[Ints, Ints]:
    """Each field's start and end (rows x columns) from where each line
    begins, its commas (rows x columns - 1) and where it ends."""
    start = np.empty((len(begin), commas.shape[1] + 1), begin.dtype)
    end = np.empty_like(start)
    start[:, 0], start[:, 1:] = begin, commas + 1
    end[:, :-1], end[:, -1] = commas, line_end
    return start, end


def _separated(data: npt.NDArray[np.uint8], columns: int, first_line: int) -> tuple[None, Ints, Ints] | None:
    """:func:`_grid` in one scan, for a text whose only bytes below ``-``
    are commas and newlines (no blank, no return, no other punctuation):
    those bytes, ``columns`` a row, are commas and then a newline.  None
    where they are not.  The starts are left to :class:`Fields`."""
    unended = int(len(data) > 0 and data[-1] != _NEWLINE)  # the last line ends where the text does
    ends, newlines, commas = _below_dash(data, unended)
    if not len(ends) or len(ends) % columns:
        return None
    end = ends.reshape(-1, columns)
    rows = len(end)
    # each row's last end a newline (the last row's, or the text's end), and no other newline: the rest
    # are the commas, as many as the other ends, and so no other byte below "-" is there
    if (newlines != rows - unended or commas != rows * (columns - 1)
            or not (data[end[:rows - unended, -1]] == _NEWLINE).all()):
        return None
    return None, end, np.arange(rows, dtype=np.int64) + first_line


#: Bytes compared at a time by :func:`_below_dash`.
_SCAN = 1 << 16


def _below_dash(data: npt.NDArray[np.uint8], end_too: int = 0) -> tuple[Ints, int, int]:
    """Where the bytes below ``-`` (44, the comma, and under) are, and with
    ``end_too`` the text's end after them; and how many newlines and commas
    the text has.  Found a block at a time: a mask of the whole text and
    the 8-byte positions numpy finds would together be over twice the text."""
    kind = _position_type(data)
    found = []
    newlines = commas = 0
    for at in range(0, len(data), _SCAN):
        block = data[at:at + _SCAN]
        where = np.flatnonzero(block <= _COMMA).astype(kind)
        where += kind(at)
        found.append(where)
        newlines += int(np.count_nonzero(block == _NEWLINE))
        commas += int(np.count_nonzero(block == _COMMA))
    if end_too:
        found.append(np.array([len(data)], kind))
    out: Ints = np.concatenate(found) if found else np.zeros(0, kind)
    return out, newlines, commas


def _with_blank_lines(data: npt.NDArray[np.uint8], columns: int, first_line: int) -> tuple[Ints, Ints, Ints] | None:
    """Fields line by line, skipping blank lines (they keep their numbers)."""
    newline = np.flatnonzero(data == _NEWLINE)
    line_start = np.concatenate([[0], newline + 1])
    line_end = np.concatenate([newline, [len(data)]])
    if line_start[-1] == len(data):  # the text ends with a newline: no last line
        line_start, line_end = line_start[:-1], line_end[:-1]
    blank = (line_end == line_start) | ((line_end == line_start + 1) & (data[np.maximum(line_start, 0)] == _RETURN))
    comma = np.flatnonzero(data == _COMMA)
    per_line = np.searchsorted(comma, line_end) - np.searchsorted(comma, line_start)
    if (per_line[~blank] != columns - 1).any():
        return None
    line = np.flatnonzero(~blank) + first_line
    keep_start, keep_end = line_start[~blank], line_end[~blank]
    commas = comma.reshape(len(keep_start), columns - 1)
    start, end = _bounds(keep_start.astype(_position_type(data)), commas, keep_end)
    return start, end, line.astype(np.int64)


def _strip(data: npt.NDArray[np.uint8], start: Ints, end: Ints, most: int = 8) -> tuple[Ints, Ints] | None:
    """Move field bounds past spaces and tabs at either end: a pass per blank,
    so None (read it the slow way) past ``most`` blanks at one end of a cell."""

    def blank(at: Any) -> Any:
        byte = data[np.minimum(at, len(data) - 1)]
        return (byte == _SPACE) | (byte == _TAB)

    for _ in range(most + 1):
        lead = (start < end) & blank(start)
        if not lead.any():
            break
        start = start + lead
    else:
        return None
    for _ in range(most + 1):
        trail = (end > start) & blank(end - 1)
        if not trail.any():
            break
        end = end - trail
    else:
        return None
    return start, end
