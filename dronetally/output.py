"""Where output goes: whole or not at all, and never over an input.

:class:`Output` gives a text stream to write to.  Everything written goes
first to a temporary file: beside the target for ``-o FILE`` (renamed over
it when all went well, with the old file's permissions), or an anonymous
one for standard output and for a target that is no regular file (a
device such as ``/dev/null``, a FIFO, or ``/dev/stdout`` and ``/dev/fd/N``,
which are written through the open descriptor: copied into it at the end,
so it stays what it is, and a file that standard output appends to is
appended to).  A symbolic link is followed: its target is replaced, and a
dangling link's target is made, as the shell's ``>`` does.  The output is
never one of the inputs, by name, link or hard link, nor the file standard
input was redirected from.  If anything fails, or the
user presses Ctrl-C, the temporary file is removed and nothing is written:
a check that meets a bad cell halfway through a large file leaves no half
of its findings behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from dronetally.errors import DronetallyError

#: Text no encoding can write (half of a UTF-16 pair, from a library caller) is written escaped.
_ERRORS = "backslashreplace"


class OutputError(DronetallyError, OSError):
    """Output that cannot be written, or must not be (over an input, onto a directory)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage  # the command line asked for it: a usage error, not a failure to write

    def __str__(self) -> str:
        return self.message


class Output:
    """A text stream for a command's output, to ``target`` (a path; None or
    ``-`` for standard output), committed whole by :meth:`commit`; with
    ``binary``, a stream of bytes (a picture)."""

    def __init__(self, target: str | None, inputs: Iterable[str | None] = (), *, binary: bool = False) -> None:
        inputs = tuple(inputs)
        self.binary = binary  # a stream of bytes (a picture), not of text
        self.target = None if target in (None, "-") else target
        self._tmp: str | None = None
        self._stream: IO[Any] | None = None
        #: a device, FIFO or socket is written to, never renamed over
        self.direct = False
        #: a target that names an open file descriptor (``/dev/stdout``, ``/dev/fd/3``): written to it
        self.fd = _descriptor(self.target) if self.target is not None else None
        if self.target is not None and (not self.target or self.target.endswith(os.sep)):
            what = "names no file" if not self.target else "names a directory (it ends in /)"
            raise OutputError(f"-o {self.target!r} {what}; give the name of a file", usage=True)
        if self.fd is not None:
            try:
                os.fstat(self.fd)
            except OSError:
                raise OutputError(f"-o {self.target}: file descriptor {self.fd} is not open", usage=True) from None
            _refuse_inputs(f"/dev/fd/{self.fd}", inputs, shown=self.target)
            self.direct = True
        elif self.target is not None:
            _refuse_inputs(self.target, inputs)
            try:
                self.direct = not stat.S_ISREG(os.stat(self.target).st_mode)
            except FileNotFoundError:
                pass  # a new file (or a dangling link's target): made by the rename
            except OSError as exc:
                raise OutputError(f"{self.target}: cannot write: {exc.strerror}") from None

    def open(self) -> IO[Any]:
        if self.target is None or self.direct:
            if self.binary:
                self._stream = tempfile.TemporaryFile("w+b")  # noqa: SIM115 - commit closes it
            else:
                self._stream = tempfile.TemporaryFile(  # noqa: SIM115 - commit closes it
                    "w+", encoding="utf-8", errors=_ERRORS, newline="")
            return self._stream
        directory = os.path.dirname(os.path.realpath(self.target)) or "."
        try:
            fd, self._tmp = tempfile.mkstemp(dir=directory, prefix=".tally-", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{self.target}: cannot write: {exc.strerror}") from None
        self._stream = (os.fdopen(fd, "wb") if self.binary
                        else os.fdopen(fd, "w", encoding="utf-8", errors=_ERRORS, newline=""))
        return self._stream

    def commit(self) -> None:
        """Put what was written in place: rename over the target, or copy to standard output."""
        stream = self._stream
        assert stream is not None, "open() first"
        try:
            if self.target is None or self.direct:  # the bytes as written, whatever the terminal's encoding
                stream.flush()
                raw = stream if self.binary else stream.buffer  # type: ignore[attr-defined]
                raw.seek(0)
            if self.target is None:
                if sys.stdout is None:
                    raise OSError("standard output is closed")
                sys.stdout.flush()
                out = sys.stdout.buffer
                shutil.copyfileobj(raw, out)
                out.flush()
            elif self.fd is not None:  # the descriptor as it is: appended to where it appends, never reopened
                with os.fdopen(os.dup(self.fd), "wb") as out_fd:
                    shutil.copyfileobj(raw, out_fd)
            elif self.direct:
                with open(self.target, "wb") as device:
                    shutil.copyfileobj(raw, device)
            else:
                stream.close()
                assert self._tmp is not None
                target = os.path.realpath(self.target)
                os.chmod(self._tmp, _mode_for(target))
                os.replace(self._tmp, target)
                self._tmp = None
        except BrokenPipeError:
            raise
        except OSError as exc:
            where = "<stdout>" if self.target is None else self.target
            raise OutputError(f"{where}: cannot write: {exc.strerror or exc}") from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove what was written (nothing reaches the target)."""
        if self._stream is not None and not self._stream.closed:
            self._stream.close()
        if self._tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None

    def __enter__(self) -> IO[Any]:
        return self.open()

    def __exit__(self, kind: Any, *rest: Any) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _descriptor(target: str) -> int | None:
    """The file descriptor a path names (``/dev/stdout``, ``/dev/fd/N``,
    ``/proc/self/fd/N``), or None for any other path."""
    path = os.path.abspath(target)
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    if path in named:
        return named[path]
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if path.startswith(prefix) and path[len(prefix):].isdigit():
            return int(path[len(prefix):])
    return None


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _refuse_inputs(output: str, inputs: Iterable[str | None], shown: str | None = None) -> None:
    """OutputError where ``output`` is one of ``inputs`` (by name, link or
    hard link; ``-`` is standard input, whatever it was redirected from)."""
    shown = shown or output
    try:
        target: os.stat_result | None = os.stat(output)
    except OSError:
        target = None  # a new file: only a dangling link to an input's name could be one
    for name in inputs:
        if name is None:
            continue
        try:
            source = os.fstat(0) if name == "-" else os.stat(name)
        except OSError:
            continue
        if name != "-" and os.path.realpath(name) == os.path.realpath(output):
            same = True
        else:  # standard input from a pipe or terminal is no file anything can be written over
            same = target is not None and _same_file(source, target) and stat.S_ISREG(source.st_mode)
        if same:
            what = "standard input" if name == "-" else "an input file"
            raise OutputError(f"-o {shown} is {what}; dronetally never writes over its input", usage=True)
    if target is not None and stat.S_ISDIR(target.st_mode):
        raise OutputError(f"-o {shown} is a directory", usage=True)


def _mode_for(target: str) -> int:
    """The permissions a new output gets: the old file's, else what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
