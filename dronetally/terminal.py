"""Text meant for a terminal: control characters shown, never obeyed.

A source name, weapon, id, label or file name is whatever its input says.
Written raw to a terminal, ``ESC [ 2 J`` would clear the screen and ``ESC ]
52`` write the clipboard; a right-to-left override would make a figure read
backwards.  :func:`visible` writes each such character as an escape
(``\\x1b``, ``\\u202e``) instead.  The table and Markdown formats and every
message on standard error pass through it; JSON escapes control characters
itself, and CSV is data: it keeps every byte.
"""

from __future__ import annotations

import os
import re
import sys

# C0 controls (tab and newline too: a cell or message is one line), DEL, C1 controls,
# zero-width marks, bidi embeddings, overrides and isolates, and the byte-order mark
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control and direction-changing character written as an escape."""
    return _INVISIBLE.sub(_escape, text)


def width() -> int | None:
    """How wide a table written to standard output may be, when that is a
    terminal: ``COLUMNS`` when set, else the terminal's width.  None (no
    limit) for a file or a pipe, so that each finding stays on one line for
    grep; ``COLUMNS`` alone does not count, since GNU readline sets it in
    the environment of every program that a Python shell starts."""
    try:
        if sys.stdout is None or not sys.stdout.isatty():  # closed (>&-), a file or a pipe
            return None
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return None
