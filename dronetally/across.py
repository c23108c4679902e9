"""The rules across reports, and the index of keys they keep between chunks.

Two reports are compared only when they speak of the same drones: the same
scope, window, weapon and target (reports with no scope or no window are
never compared).  Windows are the same when they start and end at the same
instant, to the second, wherever they were written: 19:00 in Kyiv and 20:00
in Moscow (in winter) are one instant; a date alone is the whole day, 00:00
to 24:00, in its zone.  A time with no offset and no ``timezone`` is compared
as written, only with others that have none (see :func:`moment`).  Then

- a **possible duplicate** is a report whose stated figures are those of
  the first such report, from another post;
- a **disagreement** is a report whose figures cannot be true together with
  an earlier one's from another source: reported once per report, against
  the earliest such report, at the first node in tree order where they
  conflict;
- a **revision** is a report, from another post, whose source's previous
  report of the same drones writes a figure that both write differently
  (not what the figures imply of others): the later post is taken as the
  source's word.

Both look only backwards, so a file checked in chunks gives what it gives
whole: :class:`Index` keeps, for every report that can be compared, what
later chunks need of it (:data:`INDEX_BYTES` bytes a report, plus its bounds
and written figures per node), and each chunk is compared with the index rows of its own groups.
What a report speaks of is kept as a 64-bit hash of its texts, and its
stated figures as a 128-bit digest: two different ones that hash alike are
not to be expected in any file that fits a disk.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from dronetally.count import MAX_COUNT
from dronetally.table import UNBOUNDED, Strings, Table, is_constant

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.engine import State
    from dronetally.table import Bools, Int64s

    Runs = tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]

#: What the index keeps of each report, besides its bounds: group and global
#: index (8 bytes each), line, source, link and file (4 each), a 16-byte
#: digest and two flags.  Each node adds 8 bytes (16 where a bound is not exact).
INDEX_BYTES = 50


def _hash64(*key: object) -> int:
    """A 64-bit hash of ``key``, the same for the same key throughout the run
    (Python's own: salted per process, which is all the index needs)."""
    return hash(key)


def _hashed(field_number: int, column: Strings) -> tuple[npt.NDArray[np.uint64], Bools]:
    """Each report's text of ``column`` hashed (each distinct text once), and where there is one."""
    hashes = np.array([_hash64(field_number, v) for v in column.values] + [0], np.int64).view(np.uint64)
    return hashes[column.codes], column.codes >= 0


def _moments(field_number: int, when: Strings, zone: Strings, *, end: bool) -> tuple[npt.NDArray[np.uint64], Bools]:
    """Each report's window start (or end) as the instant it is, hashed: the
    same instant written in two zones hashes alike.  Worked out once for
    each distinct pair of text and zone."""
    pair = when.codes.astype(np.int64) * (len(zone.values) + 1) + (zone.codes.astype(np.int64) + 1)
    distinct, inverse = np.unique(pair, return_inverse=True)
    size = len(zone.values) + 1
    hashes = np.array([
        _hash64(field_number, moment(when.values[int(p) // size] if p >= 0 else None,
                                     zone.values[int(p) % size - 1] if p % size else None, end=end))
        for p in distinct.tolist()
    ], np.int64).view(np.uint64)
    return hashes[inverse.reshape(-1)], when.codes >= 0


def moment(text: str | None, zone: str | None, *, end: bool = False) -> tuple[object, ...] | None:
    """What a window's start (or ``end``) means, for comparing windows: the
    instant, in seconds since 1970 UTC, where its time zone is known (an
    offset written in it, or ``zone``, a name such as ``Europe/Kyiv``); the
    text as written, with the zone, where it is not.  A date alone is the
    whole day in its zone: it starts at 00:00 and ends at 24:00."""
    if text is None:
        return None
    try:
        at = _dt.datetime.fromisoformat(text)
    except ValueError:  # a bad date is reported where it is read; it matches only itself
        return ("text", text, zone)
    later = 0  # seconds after `at`: the end of 9999-12-31 is past the last day datetime has
    if end and len(text) == 10:
        try:
            at += _dt.timedelta(days=1)
        except OverflowError:
            later = 86400
    if at.tzinfo is None and zone:
        try:
            at = at.replace(tzinfo=ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):  # not a zone the time zone database knows
            return ("local", at.isoformat(), later, zone)
    if at.tzinfo is None:
        return ("local", at.isoformat(), later, None)
    return ("instant", int(at.timestamp()) + later)


class _Registry:
    """Texts (sources, links, files) numbered as they come, for the whole run."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.texts: list[str] = []

    def code(self, text: str) -> int:
        found = self.number.get(text)
        if found is None:
            found = self.number[text] = len(self.texts)
            self.texts.append(text)
        return found

    def codes(self, column: Strings) -> npt.NDArray[np.int32]:
        """Each row's text as its number in this registry; -1 for None."""
        mine = np.array([*map(self.code, column.values), -1], np.int32)
        out: npt.NDArray[np.int32] = mine[column.codes]
        return out


@dataclass(eq=False)
class Rows:
    """What the rules across reports read of some reports, as arrays."""

    group: Int64s  # hash of what it speaks of; meaningful where `known`
    known: Bools
    source: npt.NDArray[np.int32]
    link: npt.NDArray[np.int32]
    file: npt.NDArray[np.int32]
    line: npt.NDArray[np.integer[Any]]  # int32 while lines fit
    index: Int64s  # global: its place among every report of the run
    digest: npt.NDArray[np.uint64]  # rows x 2; stated figures
    stated: Bools  # some figure is stated
    lo: dict[str, Int64s] = field(default_factory=dict)  # final bounds of present nodes; lo -1: not present
    hi: dict[str, Int64s] = field(default_factory=dict)  # the same array as lo where every bound is exact
    said: dict[str, Int64s] = field(default_factory=dict)  # the figures as written; -1: not written
    said_hi: dict[str, Int64s] = field(default_factory=dict)  # the same array as said where every figure is exact
    grouped: tuple[Int64s, npt.NDArray[np.intp]] | None = field(default=None, repr=False)  # see _groups

    def __len__(self) -> int:
        return len(self.index)

    _BOUNDS = ("lo", "hi", "said", "said_hi")  # dicts of a column a node; one array may serve several

    def take(self, rows: npt.NDArray[np.intp]) -> Rows:
        done: dict[int, Int64s] = {}  # an array taken once, however many fields it serves
        lo, hi, said, said_hi = ({k: done[id(v)] if id(v) in done else done.setdefault(id(v), v[rows])
                                  for k, v in getattr(self, name).items()} for name in self._BOUNDS)
        return Rows(
            self.group[rows], self.known[rows], self.source[rows], self.link[rows], self.file[rows],
            self.line[rows], self.index[rows], self.digest[rows], self.stated[rows], lo, hi, said, said_hi,
        )

    @staticmethod
    def concat(parts: list[Rows]) -> Rows:
        done: dict[tuple[int | None, ...], Int64s] = {}  # by the arrays joined: each join made once

        def bounds(name: str) -> dict[str, Int64s]:
            """A dict of bounds of every part, joined; -1 where a part has none of a node."""
            out = {}
            for k in dict.fromkeys(k for p in parts for k in getattr(p, name)):
                columns = [getattr(p, name).get(k) for p in parts]
                ids = tuple(None if c is None else id(c) for c in columns)
                if ids not in done:
                    done[ids] = np.concatenate([np.full(len(p), -1, np.int64) if c is None else c
                                                for p, c in zip(parts, columns, strict=True)])
                out[k] = done[ids]
            return out

        def joined(name: str) -> npt.NDArray[Any]:
            return np.concatenate([getattr(p, name) for p in parts])

        lo, hi, said, said_hi = map(bounds, Rows._BOUNDS)
        return Rows(
            joined("group"), joined("known"), joined("source"), joined("link"), joined("file"), joined("line"),
            joined("index"), joined("digest"), joined("stated"), lo, hi, said, said_hi,
        )


class Index:
    """The key index of one run: every comparable report seen so far, and the
    texts its numbers stand for.  Chunks must be given in file order."""

    def __init__(self) -> None:
        self.sources = _Registry()
        self.links = _Registry()
        self.files = _Registry()
        self.labels: dict[int, str] = {}  # for reports read from no file: how to name them
        self.seen = 0  # reports of the run so far
        self._parts: list[Rows] = []
        self._rows: Rows | None = None
        self._key_hash: dict[str, int] = {}

    @property
    def rows(self) -> Rows:
        if self._rows is None:
            self._rows = Rows.concat(self._parts) if self._parts else _empty_rows()
            self._parts = [self._rows]
        return self._rows

    def nbytes(self) -> int:
        """The memory the index holds (its registries of texts not included)."""
        r = self.rows
        arrays = {id(a): a for a in (r.group, r.known, r.source, r.link, r.file, r.line, r.index, r.digest,
                                     r.stated, *r.lo.values(), *r.hi.values(),
                                     *r.said.values(), *r.said_hi.values())}
        return sum(a.nbytes for a in arrays.values())

    def view(self, table: Table, state: State) -> Rows:
        """The chunk's reports as :class:`Rows`, numbered after those seen before."""
        n = len(table)
        meta = table.meta
        target = table.extra.get("target")
        zone = meta["timezone"]
        parts = [
            _hashed(0, meta["scope"]), _moments(1, meta["window_start"], zone, end=False),
            _moments(2, meta["window_end"], zone, end=True), _hashed(3, meta["weapon"]),
        ]
        if target is not None:
            parts.append(_hashed(4, target))
        known = (meta["scope"].codes >= 0) & (meta["window_start"].codes >= 0)
        mixing = np.zeros(n, np.uint64)
        with np.errstate(over="ignore"):
            for hashes, present in parts:  # what each report speaks of, mixed into one hash
                mixed = (mixing ^ hashes) * np.uint64(0x9E3779B97F4A7C15)
                mixed ^= mixed >> np.uint64(32)
                mixing = np.where(present, mixed, mixing)  # no text: as if the field were not there
        group: Int64s = mixing.view(np.int64)
        digest = np.zeros((n, 2), np.uint64)
        stated = np.zeros(n, bool)
        with np.errstate(over="ignore"):
            for key in table.keys:
                c = table.columns[key]
                if not c.stated.any():
                    continue
                stated |= c.stated
                k = np.uint64(self._key(key) & (2**64 - 1))
                low = c.lo.view(np.uint64)
                width = None if c.exact else c.hi.view(np.uint64) - low  # 0 where a bound is exact
                for half, (m1, m2) in enumerate(((0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F),
                                                 (0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD))):
                    mixed = low * np.uint64(m1)
                    if width is not None:
                        mixed ^= width * np.uint64(m2)
                    mixed ^= k
                    mixed ^= mixed >> np.uint64(31)
                    mixed *= np.uint64(0xBF58476D1CE4E5B9 if half else 0x94D049BB133111EB)
                    mixed ^= mixed >> np.uint64(29)
                    if not is_constant(c.stated, True):
                        mixed[~c.stated] = 0
                    digest[:, half] += mixed
        index = np.arange(self.seen, self.seen + n, dtype=np.int64)
        files = self.files.codes(table.file)
        for j in np.flatnonzero((files < 0) & known).tolist():  # only reports that can be compared are named
            self.labels[self.seen + j] = table.label(j)
        lo = {k: np.where(state.present[k], state.lo[k], -1) for k in table.keys if state.present[k].any()}
        hi = {k: lo[k] if bool(((state.hi[k] == state.lo[k]) | ~state.present[k]).all()) else state.hi[k] for k in lo}
        said, said_hi = _written(table, lo)
        return Rows(
            group, known, self.sources.codes(meta["source"]), self.links.codes(meta["link"]), files,
            table.line.astype(np.int32 if int(table.line.max(initial=0)) < 2**31 else np.int64), index, digest, stated,
            lo, hi, said, said_hi,
        )

    def _key(self, key: str) -> int:
        found = self._key_hash.get(key)
        if found is None:
            found = self._key_hash[key] = _hash64(key)
        return found

    def add(self, chunk: Rows) -> None:
        """Keep the comparable reports of a chunk for the chunks after it."""
        keep = chunk if chunk.known.all() else chunk.take(np.flatnonzero(chunk.known))
        self.seen = int(chunk.index[-1]) + 1 if len(chunk) else self.seen
        if len(keep):
            self._parts.append(keep)
            self._rows = None

    def context(self, chunk: Rows) -> Rows:
        """The index rows of the chunk's groups, then the chunk."""
        history = self.rows
        if not len(history) or not chunk.known.any():
            return chunk
        mine = np.isin(history.group, chunk.group[chunk.known])
        return Rows.concat([history.take(np.flatnonzero(mine)), chunk])

    # -- texts of earlier reports, for messages ------------------------------------------
    def where(self, rows: Rows, k: int, seen_from_file: int) -> str:
        """Where report ``k`` of ``rows`` is, as seen from a report in file ``seen_from_file``."""
        file, line = int(rows.file[k]), int(rows.line[k])
        if file < 0:
            return self.labels.get(int(rows.index[k]), "")
        if file == seen_from_file and line:
            return f"line {line}"
        name = self.files.texts[file]
        return f"{name}:{line}" if line else name


def _written(table: Table, final: dict[str, Int64s]) -> tuple[dict[str, Int64s], dict[str, Int64s]]:
    """The figures as written, -1 where none is: one array with the final
    bounds where they are the same (a node every report writes exactly, as
    the figures allow), so that the index keeps it once."""
    lo, hi = {}, {}
    for k, c in table.columns.items():
        if c.stated.any():
            lo[k] = np.where(c.stated, c.lo, -1)
            if k in final and np.array_equal(lo[k], final[k]):
                lo[k] = final[k]
            hi[k] = lo[k] if c.exact else np.where(c.stated, c.hi, -1)
    return lo, hi


def _empty_rows() -> Rows:
    z, small = np.zeros(0, np.int64), np.zeros(0, np.int32)
    return Rows(z, np.zeros(0, bool), small, small, small, small, z, np.zeros((0, 2), np.uint64), np.zeros(0, bool))


def _groups(rows: Rows) -> tuple[Int64s, npt.NDArray[np.intp]]:
    """Compact group numbers (0, 1, ... in the order of their hashes) of
    comparable rows whose group has another row, -1 elsewhere; and those
    rows by group, then in report order.  One sort, kept on ``rows``."""
    if rows.grouped is not None:
        return rows.grouped
    out = np.full(len(rows), -1, np.int64)
    known = np.flatnonzero(rows.known)
    by_hash = known[np.argsort(rows.group[known], kind="stable")]
    h = rows.group[by_hash]
    new = np.concatenate([[True], h[1:] != h[:-1]]) if len(h) else np.zeros(0, bool)
    run = np.cumsum(new) - 1
    shared = (np.bincount(run) > 1) if len(run) else np.zeros(0, bool)
    keep = shared[run]
    by_group = by_hash[keep]
    out[by_group] = (np.cumsum(shared) - 1)[run[keep]]
    rows.grouped = (out, by_group)
    return rows.grouped


def duplicates(rows: Rows, queries: Bools) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """(query positions, positions of the earlier report) of possible duplicates:
    the first report of the group with the same stated figures, from another post."""
    group, _ = _groups(rows)
    candidates = np.flatnonzero((group >= 0) & rows.stated)
    if len(candidates) < 2:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    d0, d1, g = rows.digest[candidates, 0], rows.digest[candidates, 1], group[candidates].astype(np.uint64)
    with np.errstate(over="ignore"):  # one 64-bit key of group and digest; rows are in report order
        key = (g * np.uint64(0x9E3779B97F4A7C15)) ^ d0
        key ^= key >> np.uint64(29)
    by_key = np.argsort(key, kind="stable")
    order, key = candidates[by_key], key[by_key]
    same = np.zeros(len(order), bool)
    same[1:] = ((group[order][1:] == group[order][:-1]) & (rows.digest[order][1:] == rows.digest[order][:-1]).all(1))
    if (~same[1:] & (key[1:] == key[:-1])).any():  # two groups or digests share a key: sort by each
        order = candidates[np.lexsort((rows.index[candidates], d1, d0, group[candidates]))]
        same[1:] = ((group[order][1:] == group[order][:-1])
                    & (rows.digest[order][1:] == rows.digest[order][:-1]).all(1))
    first = order[np.maximum.accumulate(np.where(~same, np.arange(len(order)), 0))]
    later, earlier = order[same], first[same]
    other_post = (rows.link[later] < 0) | (rows.link[later] != rows.link[earlier])
    keep = other_post & queries[later]
    later, earlier = later[keep], earlier[keep]
    sort = np.argsort(rows.index[later], kind="stable")
    return later[sort], earlier[sort]


def _first_conflicts(g: Int64s, lo: Int64s, hi: Int64s, candidate: Bools, query: Bools) -> Int64s:
    """Rows given by group (``g`` ascending), in report order within a group:
    for each query position, the earliest candidate position before it in its
    group whose bounds cannot meet its own (a floor above its ceiling, or a
    ceiling below its floor); -1 where there is none.  A prefix maximum and a
    binary search: n log n, whatever the size of a group."""
    n = len(g)
    out = np.full(n, -1, np.int64)
    if n < 2:
        return out
    r_lo, r_hi = lo, np.minimum(hi, MAX_COUNT + 1)  # no upper bound: above every count
    span = MAX_COUNT + 2
    if int(g[-1]) >= 2**62 // (2 * span + 2):  # too many groups to share one int64 with a count: use ranks
        values, inverse = np.unique(np.concatenate([r_lo, r_hi]), return_inverse=True)
        r_lo, r_hi, span = inverse[:n], inverse[n:], len(values) + 1
    band = 2 * span + 2  # each group's keys lie in [g * band, (g + 1) * band)
    position = np.arange(n)
    for floor, ceiling in ((r_lo, r_hi), (-r_hi, -r_lo)):
        # floor above ceiling; the second pass mirrors it: ceiling below floor
        best = np.where(candidate, floor, -span - 1)
        prefix = np.maximum.accumulate(g * band + span + 1 + best)  # per group, the highest floor so far
        at = np.searchsorted(prefix, g * band + span + 1 + ceiling, side="right")  # the first above: earliest
        found = np.where(query & (at < position), at, -1)
        out = np.where((found >= 0) & ((out < 0) | (found < out)), found, out)
    return out


def _runs(g: Int64s) -> Runs:
    """Of rows given by group: where each group starts, and each row's group number and first row."""
    starts = np.flatnonzero(np.concatenate([[True], g[1:] != g[:-1]]))
    number = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(g))))
    return starts, number, starts[number]


def _first_differences(runs: Runs, value: Int64s, query: Bools) -> Int64s:
    """:func:`_first_conflicts` where every bound is exact, with every row a
    candidate: two figures conflict when they differ.  A row that differs
    from its group's first meets the first; a row equal to it meets the
    first row that is not, if that comes before it.  Linear."""
    starts, number, first = runs
    n = len(value)
    position = np.arange(n)
    differs = value != value[first]
    first_other = np.minimum.reduceat(np.where(differs, position, n), starts)[number]
    at = np.where(differs, first, np.where(first_other < position, first_other, -1))
    out: Int64s = np.where(query, at, -1).astype(np.int64)
    return out


def _earliest_conflict(
    group: Int64s, by_group: npt.NDArray[np.intp], lo: Int64s, hi: Int64s, present: Bools, queries: Bools,
    source: npt.NDArray[np.int32], every: dict[str, Any],
) -> Int64s:
    """For each query row b: the earliest row a < b of its group, from another
    source, whose bounds cannot meet b's; -1 where there is none.
    ``group`` and ``by_group`` are :func:`_groups` of the rows; ``every``
    keeps what is the same for every node that all grouped rows have."""
    out = np.full(len(group), -1, np.int64)
    everywhere = bool(present[by_group].all())
    rows = by_group if everywhere else by_group[present[by_group]]
    if len(rows) < 2:
        return out
    g = every.setdefault("g", group[rows]) if everywhere else group[rows]
    if hi is lo:
        runs = every.setdefault("runs", _runs(g)) if everywhere else _runs(g)
        at = _first_differences(runs, lo[rows], queries[rows])
    else:
        at = _first_conflicts(g, lo[rows], hi[rows], np.ones(len(rows), bool), queries[rows])
    out[rows] = np.where(at >= 0, rows[np.maximum(at, 0)], -1)
    # where the earliest is the report's own source, look again among the other sources only: each
    # (group, source) of such reports gets its group's rows of other sources, all in one pass
    own = np.flatnonzero((out >= 0) & (source[np.maximum(out, 0)] == source))
    if not len(own):
        return out
    pairs = np.unique(np.stack([group[own], source[own].astype(np.int64)]), axis=1)
    starts = np.searchsorted(g, pairs[0], side="left")
    sizes = np.searchsorted(g, pairs[0], side="right") - starts
    pair = np.repeat(np.arange(pairs.shape[1]), sizes)
    expanded = rows[np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))]
    excluded = pairs[1][pair]
    is_query = np.zeros(len(group), bool)
    is_query[own] = True
    again = _first_conflicts(pair, lo[expanded], hi[expanded], source[expanded] != excluded,
                             is_query[expanded] & (source[expanded] == excluded))
    asked = np.flatnonzero(is_query[expanded] & (source[expanded] == excluded))
    out[expanded[asked]] = np.where(again[asked] >= 0, expanded[np.maximum(again[asked], 0)], -1)
    return out


def disagreements(rows: Rows, queries: Bools, keys: tuple[str, ...]) -> tuple[Int64s, Int64s, Int64s, Int64s]:
    """(query positions, positions of the earlier report, node numbers in
    ``keys``, gaps) of disagreements: one per report at most."""
    group, by_group = _groups(rows)
    source = rows.source
    n = len(rows)
    earliest = np.full(n, -1, np.int64)
    every: dict[str, Any] = {}
    for key in keys:
        if key not in rows.lo:
            continue
        lo, hi = rows.lo[key], rows.hi[key]
        present = (lo >= 0) & (group >= 0)
        if present.sum() < 2:
            continue
        found = _earliest_conflict(group, by_group, lo, hi, present, present & queries, source, every)
        better = (found >= 0) & ((earliest < 0) | (found < earliest))
        earliest = np.where(better, found, earliest)
    at = np.flatnonzero(earliest >= 0)
    other = earliest[at]
    node = np.full(len(at), -1, np.int64)
    gap = np.zeros(len(at), np.int64)
    todo = np.arange(len(at))  # findings whose node is not found yet
    for i, key in enumerate(keys):  # the first node, in tree order, where the two cannot both hold
        if key not in rows.lo or not len(todo):
            continue
        lo, hi = rows.lo[key], rows.hi[key]
        b, a = at[todo], other[todo]
        lo_b, lo_a = lo[b], lo[a]
        if hi is lo:  # exact figures: they conflict when they differ
            g = np.abs(lo_b - lo_a)
        else:
            hi_b, hi_a = hi[b], hi[a]
            high = np.where(hi_b == UNBOUNDED, 0, lo_a - np.where(hi_b == UNBOUNDED, 0, hi_b))
            low = np.where(hi_a == UNBOUNDED, 0, lo_b - np.where(hi_a == UNBOUNDED, 0, hi_a))
            g = np.maximum(high, low)
        hit = (lo_b >= 0) & (lo_a >= 0) & (g > 0)
        node[todo[hit]] = i
        gap[todo[hit]] = g[hit]
        todo = todo[~hit]
    return at, other, node, gap


def revisions(rows: Rows, queries: Bools, keys: tuple[str, ...]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """(query positions, positions of the report each revises) of revisions:
    a report whose source said something else of the same drones in its
    previous report, from another post.  Something else: a figure both
    write, written differently.  A figure only one of them writes is no
    change, and neither is what the figures imply of others (the later post
    may add a figure that raises an unwritten total)."""
    group, by_group = _groups(rows)
    if len(by_group) < 2:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    # by group, then source, then report order (lexsort is stable: by_group is in report order)
    seq = by_group[np.lexsort((rows.source[by_group], group[by_group]))]
    same = (group[seq][1:] == group[seq][:-1]) & (rows.source[seq][1:] == rows.source[seq][:-1])
    later, earlier = seq[1:][same], seq[:-1][same]
    other_post = (rows.link[later] < 0) | (rows.link[later] != rows.link[earlier])
    keep = other_post & queries[later]
    later, earlier = later[keep], earlier[keep]
    changed = np.zeros(len(later), bool)
    for key in keys:
        if key in rows.said:
            lo, hi = rows.said[key], rows.said_hi[key]
            both = (lo[later] >= 0) & (lo[earlier] >= 0)
            changed |= both & ((lo[later] != lo[earlier]) | (hi[later] != hi[earlier]))
    later, earlier = later[changed], earlier[changed]
    order = np.argsort(rows.index[later], kind="stable")
    return later[order], earlier[order]
