"""Where output goes: whole or not at all, and never over an input.

:class:`Output` gives a text stream to write to.  Everything written goes
first to a temporary file: beside the target for ``-o FILE`` (renamed over
it when all went well, with the old file's permissions), or an anonymous
one for standard output and for a target that is no regular file (a
device such as ``/dev/null``, a FIFO: copied into it at the end, so it
stays what it is).  If anything fails, or the
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
    ``-`` for standard output), committed whole by :meth:`commit`."""

    def __init__(self, target: str | None, inputs: Iterable[str | None] = ()) -> None:
        self.target = None if target in (None, "-") else target
        self._tmp: str | None = None
        self._stream: IO[str] | None = None
        #: a device, FIFO or socket is written to, never renamed over
        self.direct = False
        if self.target is not None:
            _refuse_inputs(self.target, inputs)
            try:
                self.direct = not stat.S_ISREG(os.stat(self.target).st_mode)
            except FileNotFoundError:
                pass  # a new file (or a dangling link's target): made by the rename
            except OSError as exc:
                raise OutputError(f"{self.target}: cannot write: {exc.strerror}") from None

    def open(self) -> IO[str]:
        if self.target is None or self.direct:
            self._stream = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115 - commit closes
            return self._stream
        directory = os.path.dirname(os.path.realpath(self.target)) or "."
        try:
            fd, self._tmp = tempfile.mkstemp(dir=directory, prefix=".tally-", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{self.target}: cannot write: {exc.strerror}") from None
        self._stream = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self._stream

    def commit(self) -> None:
        """Put what was written in place: rename over the target, or copy to standard output."""
        stream = self._stream
        assert stream is not None, "open() first"
        try:
            if self.target is None:
                stream.seek(0)
                out = sys.stdout
                shutil.copyfileobj(stream, out)
                out.flush()
            elif self.direct:
                stream.seek(0)
                with open(self.target, "w", encoding="utf-8", newline="") as device:
                    shutil.copyfileobj(stream, device)
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

    def __enter__(self) -> IO[str]:
        return self.open()

    def __exit__(self, kind: Any, *rest: Any) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _refuse_inputs(output: str, inputs: Iterable[str | None]) -> None:
    target = os.path.realpath(output)
    for name in inputs:
        if name not in (None, "-") and os.path.exists(name) and (
            os.path.realpath(name) == target or (os.path.exists(output) and os.path.samefile(name, output))
        ):
            raise OutputError(f"-o {output} is an input file; dronetally never writes over its input", usage=True)
    if os.path.isdir(output):
        raise OutputError(f"-o {output} is a directory", usage=True)


def _mode_for(target: str) -> int:
    """The permissions a new output gets: the old file's, else what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
