"""Reading a file a chunk of records at a time: :func:`chunks` cuts at
newlines outside quotes, so that no record is split."""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar

import numpy as np

from dronetally.errors import InputError
from dronetally.limits import MAX_INPUT_BYTES, MAX_LINE_BYTES

if TYPE_CHECKING:
    from concurrent.futures import Future

#: A chunk's bytes: read into a buffer and cut short in place, so not always ``bytes``.
Body = bytes | bytearray

#: Bytes read at a time.
BLOCK = 1 << 22

T = TypeVar("T")
R = TypeVar("R")


def threads() -> int:
    """Threads that :func:`ahead` works on by default: the environment
    variable ``DRONETALLY_THREADS`` where it is set (0: read on the
    caller's thread alone, which holds fewer chunks at once); else as many
    as the processors this process may use, at most 2, and none on one
    processor, where they would only take turns with the caller."""
    asked = os.environ.get("DRONETALLY_THREADS", "").strip()
    if asked:
        if not (asked.isascii() and asked.isdigit()):
            raise InputError(f"DRONETALLY_THREADS={asked!r}: give a whole number of threads, 0 or more")
        return int(asked)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every system
        cpus = os.cpu_count() or 1
    return min(2, cpus) if cpus > 1 else 0


def ahead(jobs: Iterable[T], work: Callable[[T], R], most: int = 2, workers: int | None = None) -> Iterator[R]:
    """``work(job)`` for each job, in the jobs' order, worked out on ``workers``
    other threads (default: :func:`threads`, at most ``most``): reading a
    chunk is mostly numpy's work, which runs outside Python's lock, so the
    next chunk is read while the caller checks or keeps this one.  One job
    is worked out ahead of the one the caller has: while the caller waits
    for a result, two workers work on it and on the next.  (Two jobs ahead
    kept a third chunk in memory and were no quicker on two processors,
    where the caller's thread is busy too.)  An exception comes out where
    its job's result would have.  With no workers, each job is worked out
    when the caller asks for it.

    Jobs are taken from ``jobs`` on the caller's thread (a progress bar
    there stays on its thread); ``work`` must not depend on what the caller
    does with earlier results."""
    workers = min(most, threads()) if workers is None else workers
    failed: list[Exception] = []  # taking a job failed: raised after the results of the jobs before it

    def taken(jobs: Iterator[T]) -> Iterator[T]:
        try:
            yield from jobs
        except Exception as exc:  # (an error of a later chunk must not hide one of an earlier chunk)
            failed.append(exc)

    queue = taken(iter(jobs))
    first = list(itertools.islice(queue, 2))
    one = len(first) < 2
    every = itertools.chain(_handed_on(first), queue)
    if workers < 1 or one:  # no thread to spare, or one job (a small file): no thread started
        yield from map(work, every)
    else:
        yield from _on_threads(every, work, workers)
    if failed:
        raise failed[0]


def _handed_on(items: list[T]) -> Iterator[T]:
    """The items of ``items``, each let go of once it is handed on (a chunk
    is not kept for the whole file by the list it was first taken into)."""
    while items:
        yield items.pop(0)


def _on_threads(jobs: Iterator[T], work: Callable[[T], R], workers: int) -> Iterator[R]:
    from concurrent.futures import ThreadPoolExecutor  # (its import takes 20 ms: a small file need not wait)

    pool = ThreadPoolExecutor(workers, thread_name_prefix="dronetally-read")
    pending: deque[Future[R]] = deque()
    try:
        for job in jobs:
            pending.append(pool.submit(work, job))
            del job  # (the worker's to keep while it needs it)
            if len(pending) > 1:  # one job ahead of the one the caller is given
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def chunks(
    fh: IO[bytes], rows: int, progress: Callable[[int], Any] | None, done: int, name: str, size: int | None = None,
) -> Iterator[tuple[Body, int]]:
    """(bytes, first line) of each run of ``rows`` lines after the header, or,
    with ``size``, of about ``size`` bytes where the text has no quote (no
    scan for every newline: the cut is the last newline read).  A chunk
    ends at a newline outside quotes, so no record is split; a record
    longer than :data:`~dronetally.limits.MAX_LINE_BYTES` is an error.

    A chunk of ``size`` is the bytes read, cut short in place: what reading
    holds while the caller has a chunk is that chunk and the start of the
    record after it (a chunk may be a :class:`bytearray`)."""
    line = 2
    left: Body = b""  # the records the chunks before did not take, and the start of one unended
    if progress is not None:
        progress(done)
    while True:
        buffer = _read_after(fh, left, size or BLOCK)
        got = len(buffer) - len(left)
        if progress is not None and got:
            progress(got)
        by_size = size is not None and buffer.find(b'"') < 0
        if not got:  # the end: what is left is the last chunk
            if by_size and len(buffer) > MAX_LINE_BYTES + 1:
                _no_long_line(buffer, name, line)
            if buffer.strip():
                yield buffer, line
            return
        if by_size:
            ended = buffer.rfind(b"\n") + 1
            cuts = [ended] if ended else []
        else:
            cuts, ended = _by_rows(buffer, rows, name, line)
        unended = len(buffer) - ended
        quoted = buffer.find(b'"', ended) >= 0
        if cuts:
            left = buffer[cuts[-1]:]
            del buffer[cuts[-1]:]  # (in place: a chunk of the whole buffer is not copied)
        else:  # not a chunk's worth yet: all of it is for the next read
            left = buffer
        start = 0
        for cut in cuts:
            body = buffer if start == 0 and cut == len(buffer) else buffer[start:cut]
            if by_size and len(body) > MAX_LINE_BYTES + 1:
                _no_long_line(body, name, line)
            if not body.isspace():
                yield body, line
            line += _newlines(body)
            start = cut
            del body
        del buffer  # (before the next read: the caller may be done with it)
        if unended > (MAX_INPUT_BYTES if quoted else MAX_LINE_BYTES):
            raise InputError(f"a record longer than {MAX_LINE_BYTES:,} bytes (dronetally.limits.MAX_LINE_BYTES)"
                             + ("; is a quote left open?" if quoted else ""),
                             file=name, line=line + left.count(b"\n", 0, len(left) - unended))


#: Bytes compared at a time by :func:`_newlines`.
_SCAN = 1 << 18


def _newlines(body: Body) -> int:
    """The lines that ``body`` ends: its newlines, counted a block at a time
    (quicker than ``bytes.count``, and no mask as large as the body), and
    its lone carriage returns, which end a line as the csv module reads
    the text (and as the lines within the chunk are numbered)."""
    data = np.frombuffer(body, np.uint8)
    count = sum(int(np.count_nonzero(data[at:at + _SCAN] == 10)) for at in range(0, len(data), _SCAN))
    if body.find(b"\r") >= 0:
        count += body.count(b"\r") - body.count(b"\r\n")
    return count


def _read_after(fh: IO[bytes], left: Body, size: int) -> bytearray:
    """``left`` and then up to ``size`` bytes read from ``fh``, in one new buffer."""
    buffer = bytearray(len(left) + size)
    buffer[:len(left)] = left
    with memoryview(buffer) as view, view[len(left):] as into:
        # (buffered binary files read until it is full or the file ends; an object with only read() reads once)
        got = fh.readinto(into) if hasattr(fh, "readinto") else _read_into(fh, into)
    del buffer[len(left) + (got or 0):]
    return buffer


def _read_into(fh: IO[bytes], into: memoryview) -> int:
    data = fh.read(len(into))
    into[:len(data)] = data
    return len(data)


def _by_rows(buffer: Body, rows: int, name: str, line: int) -> tuple[list[int], int]:
    """Where to cut ``buffer`` (starting at ``line``) after every ``rows``
    whole records; and where its whole records end."""
    ends = record_ends(buffer)
    if len(ends):  # a whole record past the limit is refused as an unended one is
        lengths = np.diff(ends, prepend=-1)
        longest = int(np.argmax(lengths))
        # (a record with a quote may be misjudged by the quote count: a " inside an unquoted field
        # is a plain character to the csv module; such records are held to MAX_INPUT_BYTES instead)
        if lengths[longest] > MAX_LINE_BYTES + 1 and b'"' not in buffer:
            first = int(ends[longest - 1]) + 1 if longest else 0
            raise InputError(f"a record longer than {MAX_LINE_BYTES:,} bytes (dronetally.limits.MAX_LINE_BYTES)",
                             file=name, line=line + buffer.count(b"\n", 0, first))
    return [int(ends[i]) + 1 for i in range(rows - 1, len(ends), rows)], int(ends[-1]) + 1 if len(ends) else 0


def _no_long_line(body: Body, name: str, line: int) -> None:
    """Refuse a line of unquoted ``body`` (starting at ``line``) past
    :data:`~dronetally.limits.MAX_LINE_BYTES`: from the start of a line, the
    last newline within the limit starts the next line to look at, so a
    few searches cover the body."""
    at = 0
    while len(body) - at > MAX_LINE_BYTES + 1:
        newline = body.rfind(b"\n", at, at + MAX_LINE_BYTES + 1)
        if newline < 0:
            raise InputError(f"a record longer than {MAX_LINE_BYTES:,} bytes (dronetally.limits.MAX_LINE_BYTES)",
                             file=name, line=line + body.count(b"\n", 0, at))
        at = newline + 1


def record_ends(buffer: Body) -> np.ndarray[Any, np.dtype[np.intp]]:
    """The newlines of ``buffer`` that end a record: those outside quotes."""
    data = np.frombuffer(buffer, np.uint8)
    ends = np.flatnonzero(data == 10)
    if buffer.find(b'"') >= 0:
        inside = np.bitwise_xor.accumulate((data == 34).view(np.uint8))  # quotes so far, odd: inside one
        ends = ends[inside[ends] == 0]
    return ends
