"""Exceptions.  Each inherits ``ValueError`` as well as :class:`DronetallyError`,
so ``except ValueError`` keeps working for callers who do not know ours."""

from __future__ import annotations


class DronetallyError(Exception):
    """Base class of every error dronetally raises on purpose."""


class CountError(DronetallyError, ValueError):
    """A figure that is not a non-negative integer, interval or ``?``."""


class SchemaError(DronetallyError, ValueError):
    """A node, dimension or part that the schema does not allow.  ``path``
    is where in a schema's JSON form the trouble is (keys), where known."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path: tuple[str | int, ...] = path


class InputError(DronetallyError, ValueError):
    """Bad input, with where it is.

    ``file`` is the name as the user gave it (``<stdin>`` for standard input),
    ``line`` and ``column`` are 1-based and ``field`` names the CSV column or
    JSON key; any of them may be ``None`` when it does not apply.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field

    def __str__(self) -> str:
        where = ":".join(
            str(part) for part in (self.file, self.line, self.column) if part is not None
        )
        field = self.field if self.field is None or len(self.field) <= 80 else f"{self.field[:80]}..."
        what = f"{field}: {self.message}" if field else self.message
        return f"{where}: {what}" if where else what


class InputErrors(InputError):
    """Every bad place of one input, each an :class:`InputError` (``errors``),
    up to a limit; ``more`` counts those past it.  Its own location is the first's."""

    def __init__(self, errors: list[InputError], more: int = 0) -> None:
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, column=first.column, field=first.field)
        self.errors = errors
        self.more = more

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors]
        if self.more:
            lines.append(f"{self.file or 'input'}: ... and {self.more} more bad places")
        return "\n".join(lines)
