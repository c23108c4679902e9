"""The ``tally`` command: parse arguments, call the library, render, exit.

Exit status: 0 fine; 1 a finding reached ``--fail-on`` (``check`` only);
2 bad input or usage.  numpy loads only once a command runs, so that
``--version`` and ``--help`` start at once.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both of the first two
        # not a real file (a test runner's stream): piped if it holds bytes
        buffer = getattr(stream, "buffer", None)
        getbuffer = getattr(buffer, "getbuffer", None)
        return bool(getbuffer and getbuffer().nbytes)
    mode = status.st_mode
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or (stat.S_ISREG(mode) and status.st_size > 0)


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


def _write(text: str, output: str | None, inputs: Iterable[str | None]) -> None:
    """Text to stdout, or whole to ``output`` through a renamed temporary file."""
    if output is None or output == "-":
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away (| head): stop quietly, as SIGPIPE would
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except OSError as exc:
            raise BadInput(f"<stdout>: cannot write: {exc.strerror or exc}") from None
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
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise BadInput(f"{output}: cannot write: {exc.strerror or exc}") from None
        raise


def _mode_for(target: str) -> int:
    """The permissions a new output gets: the old file's, else what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2024-12-21") from None


def _what_there_is(ledger: Ledger) -> str:
    """A hint for filters that chose nothing: the values the reports have."""

    def few(values: Iterable[str | None]) -> str:
        counted: dict[str, int] = {}
        for v in values:
            if v:
                counted[v] = counted.get(v, 0) + 1
        top = sorted(counted, key=lambda v: -counted[v])[:8]
        return ", ".join(top) + (", ..." if len(counted) > 8 else "") if top else "none"

    classes = few(r.metadata.get("weapon_class") for r in ledger)
    hint = (f"the reports' scopes are {few(r.scope for r in ledger)}; sources {few(r.source for r in ledger)}; "
            f"weapon classes {classes}")
    if classes in ("none", "unknown"):
        hint += " (weapon classes come from missiles_and_uavs.csv beside the Air Force dataset)"
    return hint + "."


@dataclass(frozen=True)
class Job:
    """What every command works on: the reports chosen, and where output goes."""

    ledger: Ledger
    name: str
    fmt: str
    output: str | None
    inputs: tuple[str | None, ...]
    filtered: bool

    def heading(self, verb: str) -> str:
        n = len(self.ledger)
        chosen = " chosen by the filters" if self.filtered else ""
        return f"{verb} {self.name}: {n} report{'' if n == 1 else 's'}{chosen}."

    def emit(self, text: str) -> None:
        _write(text, self.output, self.inputs)


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Input, filter and output options, defined once for every command.  The
    command receives a :class:`Job`; the library's input errors become exit
    status 2 and one message."""

    @functools.wraps(func)
    def wrapper(
        file: str | None, fmt_in: str | None, schema_file: str | None, since: str | None, until: str | None,
        sources: tuple[str, ...], scopes: tuple[str, ...], weapons: tuple[str, ...], fmt_out: str,
        output: str | None, **rest: Any,
    ) -> Any:
        try:
            ledger, name = _load(file, fmt_in, schema_file)
            filters: dict[str, Any] = {"since": since, "until": until, "source": sources or None,
                                       "scope": scopes or None, "weapon": weapons or None}
            chosen = {k: v for k, v in filters.items() if v is not None}
            if chosen:
                everything, ledger = ledger, ledger.where(**chosen)
                if len(everything) and not len(ledger):
                    click.echo(f"tally: no report matches the filters; {_what_there_is(everything)}", err=True)
            inputs = (*ledger.files, file, schema_file)
            return func(Job(ledger, name, fmt_out, output, inputs, bool(chosen)), **rest)
        except DronetallyError as exc:
            raise BadInput(str(exc)) from None

    options = [
        click.argument("file", required=False, metavar="[FILE|-]"),
        click.option("--from", "fmt_in", type=click.Choice(["json", "csv", "af-daily"]),
                     help="Input format (default: from the extension and header; recognised on stdin)."),
        click.option("--schema", "schema_file", metavar="FILE",
                     help="A JSON schema declaring nodes and dimensions beyond the default tree."),
        click.option("--since", metavar="DATE", callback=_date,
                     help="Only reports whose window starts on or after DATE (2024-12-21); "
                          "reports with no window are left out."),
        click.option("--until", metavar="DATE", callback=_date,
                     help="Only reports whose window starts on or before DATE."),
        click.option("--source", "sources", multiple=True, metavar="NAME",
                     help="Only reports from this source (repeatable; case ignored)."),
        click.option("--scope", "scopes", multiple=True, metavar="NAME",
                     help="Only reports of this scope: Ukraine, south, east, ... (repeatable)."),
        click.option("--weapon", "weapons", multiple=True, metavar="TEXT",
                     help="Only this weapon class (drone, cruise missile, ...) or weapon text (repeatable)."),
        click.option("-f", "--format", "fmt_out", type=click.Choice(["table", "json", "csv", "markdown"]),
                     default="table", show_default=True, help="Output format."),
        click.option("-o", "--output", metavar="FILE",
                     help="Write to FILE (whole or not at all) instead of standard output."),
    ]
    command: Callable[..., Any] = wrapper
    for option in reversed(options):
        command = option(command)
    return command


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
def check(job: Job, fail_on: str) -> None:
    """Check that every account adds up; list what does not, and what is left over.

    With no FILE, checks the bundled seed reports. FILE is dronetally JSON
    or CSV, or the Air Force daily dataset (see README); - reads standard
    input. Exit status: 0 no finding at --fail-on, 1 at least one, 2 bad
    input or usage.

    \b
    Examples:
      tally check
      tally check reports.csv --fail-on warning
      tally check reports.json -f json -o findings.json
      tally check missile_attacks_daily.csv --since 2025-01-01 --weapon drone
    """
    from dronetally.render import findings_text

    findings = job.ledger.check()
    heading = job.heading("Checking")
    if job.fmt in ("json", "csv") and job.name.startswith("the bundled"):
        click.echo(heading, err=True)
    job.emit(findings_text(findings, job.fmt, heading if job.fmt in ("table", "markdown") else None))
    sys.exit(1 if findings.fails(fail_on) else 0)


@main.command()
@_common
def show(job: Job) -> None:
    """Show every account: figures, inferred bounds, breakdowns and remainders.

    With no FILE, shows the bundled seed reports; - reads standard input.
    Figures in [brackets] are not stated but inferred.

    \b
    Examples:
      tally show
      tally show reports.csv -f csv -o accounts.csv
      tally show missile_attacks_daily.csv --scope south --since 2026-06-01
    """
    from dronetally.render import accounts_text

    heading = job.heading("Accounts in")
    if job.fmt in ("json", "csv") and job.name.startswith("the bundled"):
        click.echo(heading, err=True)
    job.emit(accounts_text(job.ledger.accounts(), job.fmt, heading if job.fmt in ("table", "markdown") else None))
