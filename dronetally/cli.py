"""The ``tally`` command: parse arguments, call the library, render, exit.

Exit status: 0 fine; 1 a finding reached ``--fail-on`` (``check`` only);
2 bad input or usage.  numpy and tabulate load only once a command runs.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

import click

from dronetally._version import __version__
from dronetally.errors import DronetallyError, InputError

if TYPE_CHECKING:
    from dronetally.ledger import Ledger

STDIN_NAME = "<stdin>"


class BadInput(click.ClickException):
    """Bad input: one located message on standard error, exit status 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True)


def _stdin_is_piped() -> bool:
    """Whether something is piped or redirected into standard input
    (a terminal, /dev/null or a closed stream is not)."""
    stream = sys.stdin
    if stream is None:
        return False
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError, io_unsupported()):
        buffer = getattr(stream, "buffer", None)
        getbuffer = getattr(buffer, "getbuffer", None)
        return bool(getbuffer and getbuffer().nbytes)
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or (stat.S_ISREG(mode) and os.fstat(stream.fileno()).st_size > 0)


def io_unsupported() -> type[Exception]:
    import io

    return io.UnsupportedOperation


def _load(file: str | None, fmt: str | None, schema_file: str | None) -> tuple[Ledger, str]:
    """The ledger to work on and how to name it in a heading."""
    from dronetally import io as dio
    from dronetally.schema import Schema

    schema = None
    if schema_file is not None:
        import json

        text = dio.decode(dio.read_bytes(schema_file), schema_file)
        try:
            schema = Schema.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON: {exc.msg}", file=schema_file, line=exc.lineno, column=exc.colno
            ) from None
        except DronetallyError as exc:
            raise InputError(f"bad schema: {exc}", file=schema_file) from None
    if file is None:
        if _stdin_is_piped():
            raise click.UsageError("standard input is not read unless you ask: pass - as FILE to read it")
        return dio.load_seed(), f"the bundled seed reports ({dio.SEED_NAME})"
    if file == "-":
        data = sys.stdin.buffer.read()
        return dio.loads(data, fmt, name=STDIN_NAME, schema=schema), "standard input"
    return dio.load(file, fmt, schema=schema), file


def _write(text: str, output: str | None, inputs: list[str | None]) -> None:
    """Text to stdout, or whole to ``output`` through a renamed temporary file."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    target = os.path.realpath(output)
    for name in inputs:
        if name not in (None, "-") and os.path.exists(name) and (
            os.path.realpath(name) == target or (os.path.exists(output) and os.path.samefile(name, output))
        ):
            raise click.UsageError(f"-o {output} is an input file; dronetally never writes over its input")
    if os.path.isdir(output):
        raise click.UsageError(f"-o {output} is a directory")
    directory = os.path.dirname(target) or "."
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tally-", suffix=".tmp")
    except OSError as exc:
        raise BadInput(f"{output}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's input errors into exit status 2 and one message."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise BadInput(str(exc)) from None
        except DronetallyError as exc:
            raise BadInput(str(exc)) from None

    return wrapper


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Input and output options, defined once for every command."""
    options = [
        click.argument("file", required=False, metavar="[FILE|-]"),
        click.option("--from", "fmt_in", type=click.Choice(["json", "csv"]),
                     help="Input format (default: from the extension; recognised on stdin)."),
        click.option("--schema", "schema_file", metavar="FILE",
                     help="A JSON schema declaring nodes and dimensions beyond the default tree."),
        click.option("-f", "--format", "fmt_out", type=click.Choice(["table", "json", "csv", "markdown"]),
                     default="table", show_default=True, help="Output format."),
        click.option("-o", "--output", metavar="FILE",
                     help="Write to FILE (whole or not at all) instead of standard output."),
    ]
    for option in reversed(options):
        func = option(func)
    return _guarded(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="tally", message="%(prog)s %(version)s")
def main() -> None:
    """Check, compare and count the figures in statements about drone attacks.

    \b
    Examples:
      tally check                  # the bundled seed reports
      tally check reports.csv      # exit 1 if any account does not add up
      tally show reports.json -f markdown
      cat reports.csv | tally check -
    """


@main.command()
@_common
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Exit 1 when a finding is this severe or worse.")
def check(file: str | None, fmt_in: str | None, schema_file: str | None, fmt_out: str,
          output: str | None, fail_on: str) -> None:
    """Check that every account adds up; list what does not, and what is left over.

    With no FILE, checks the bundled seed reports. FILE is JSON or CSV
    (see README); - reads standard input. Exit status: 0 no finding at
    --fail-on, 1 at least one, 2 bad input or usage.

    \b
    Examples:
      tally check
      tally check reports.csv --fail-on warning
      tally check reports.json -f json -o findings.json
    """
    from dronetally.render import findings_text

    ledger, name = _load(file, fmt_in, schema_file)
    findings = ledger.check()
    heading = f"Checking {name}: {len(ledger)} report{'' if len(ledger) == 1 else 's'}."
    if fmt_out in ("json", "csv") and file is None:
        click.echo(heading, err=True)
    _write(findings_text(findings, fmt_out, heading if fmt_out in ("table", "markdown") else None),
           output, [file, schema_file])
    sys.exit(1 if findings.fails(fail_on) else 0)


@main.command()
@_common
def show(file: str | None, fmt_in: str | None, schema_file: str | None, fmt_out: str,
         output: str | None) -> None:
    """Show every account: figures, inferred bounds, breakdowns and remainders.

    With no FILE, shows the bundled seed reports; - reads standard input.
    Figures in [brackets] are not stated but inferred.

    \b
    Examples:
      tally show
      tally show reports.csv -f csv -o accounts.csv
    """
    from dronetally.render import accounts_text

    ledger, name = _load(file, fmt_in, schema_file)
    heading = f"Accounts in {name}: {len(ledger)} report{'' if len(ledger) == 1 else 's'}."
    if fmt_out in ("json", "csv") and file is None:
        click.echo(heading, err=True)
    _write(accounts_text(ledger, fmt_out, heading if fmt_out in ("table", "markdown") else None),
           output, [file, schema_file])
