"""The limits dronetally holds every input to, in one place.

Each is enforced where input is read, with a located error that names the
limit; none is reached by any real statement or dataset.  They keep a
hostile or broken input (a device that never ends, a file of one endless
line, JSON nested a million deep) from taking the machine's memory or the
interpreter's stack.
"""

from __future__ import annotations

#: The largest figure: a trillion, far beyond any real count.  It lets the
#: engine add a million parts in int64 without overflow.
MAX_COUNT = 10**12

#: The most bytes of an input read whole into memory: JSON files, schema
#: files, and anything read by a command other than ``tally check``.
#: ``tally check`` streams dronetally CSV and the Air Force dataset a chunk
#: at a time, and :func:`dronetally.load` reads a dronetally CSV file in
#: chunks, whatever their size.
MAX_INPUT_BYTES = 1 << 30

#: The longest line (a record of CSV, quoted newlines and all) read while
#: streaming, and the longest header.
MAX_LINE_BYTES = 1 << 20

#: The longest text of one cell or JSON string, in characters.
MAX_CELL_CHARS = 10_000

#: The deepest nesting of a JSON report or schema file (arrays and objects).
MAX_JSON_DEPTH = 64

#: The deepest chain of nodes in a schema (a node, a part of it, a part of
#: that, ...).  Real accounts are three or four deep.
MAX_TREE_DEPTH = 30

#: The most columns in a CSV header.
MAX_COLUMNS = 10_000

#: Bad cells and rows listed in one error; the rest are counted.
MAX_ERRORS = 100

#: How much of a bad value an error message repeats.
QUOTE_CHARS = 60


def quote(value: object) -> str:
    """``repr(value)`` for an error message, cut to about :data:`QUOTE_CHARS`
    characters with its length said."""
    if isinstance(value, str):
        return repr(value) if len(value) <= QUOTE_CHARS else f"{value[:QUOTE_CHARS]!r}... ({len(value):,} characters)"
    shown = repr(value)
    return shown if len(shown) <= QUOTE_CHARS else f"{shown[:QUOTE_CHARS]}... ({len(shown):,} characters)"
