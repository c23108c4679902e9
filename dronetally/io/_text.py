"""Bytes to text, and offsets to line and column, for located error messages."""

from __future__ import annotations

from dronetally.errors import InputError


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _text_line_col(text: str, offset: int) -> tuple[int, int]:
    """:func:`line_col` where a lone carriage return ends a line too, as the
    csv module and the chunked reader count lines: so that a byte's place
    is told alike whether its file was read whole or in chunks."""
    head = text[:offset]
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    return line, offset - (max(head.rfind("\n"), head.rfind("\r")) + 1) + 1


def decode(data: bytes | bytearray, name: str, *, start: bool = True) -> str:
    """UTF-8 text (a leading byte-order mark is dropped where ``data`` is the
    start of a file; in a later chunk it is a character of a cell); InputError
    with the line and column of the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8-sig" if start else "utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _text_line_col(good, len(good))
        raise InputError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            file=name, line=line, column=col,
        ) from None
    if "\x00" in text:
        line, col = _text_line_col(text, text.index("\x00"))
        raise InputError("NUL byte: this looks like a binary file", file=name, line=line, column=col)
    return text
