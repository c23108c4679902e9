"""The ``tally`` command: parse arguments, call the library, render, exit.

Exit status: 0 fine; 1 a finding reached ``--fail-on`` (``check`` only);
2 bad input or usage.  numpy loads only once a command runs, so that
``--version`` and ``--help`` start at once.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from dronetally._version import __version__
from dronetally.errors import DronetallyError, InputError
from dronetally.output import Output, OutputError
from dronetally.terminal import visible

if TYPE_CHECKING:
    from dronetally.ledger import Ledger
    from dronetally.schema import Schema

#: Output formats (as in dronetally.render, which loads numpy: named here for --help).
FORMATS = ("table", "json", "jsonl", "csv", "markdown")

STDIN_NAME = "<stdin>"


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that output is discarded as on Ctrl-C."""


@contextlib.contextmanager
def _exits() -> Iterator[None]:
    """A command's failures as its exit status and one line on standard error,
    never a traceback: bad input 2, a closed pipe 141 (quietly, as SIGPIPE
    would), Ctrl-C 130 and SIGTERM 143 (nothing written either way)."""
    try:
        yield
    except OutputError as exc:
        if exc.usage:
            raise click.UsageError(visible(str(exc))) from None
        raise BadInput(str(exc)) from None
    except DronetallyError as exc:
        raise BadInput(str(exc)) from None
    except BrokenPipeError:  # the reader went away (| head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    except KeyboardInterrupt:
        click.echo("tally: interrupted; nothing written", err=True)
        sys.exit(130)
    except _Terminated:
        click.echo("tally: terminated; nothing written", err=True)
        sys.exit(143)


class BadInput(click.ClickException):
    """Bad input: one located message on standard error, exit status 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo("\n".join(visible(line) for line in self.format_message().split("\n")), err=True)


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


def _schema(schema_file: str | None) -> Schema | None:
    from dronetally.io import load_schema

    return load_schema(schema_file) if schema_file is not None else None


def _no_stdin_unless_asked() -> None:
    if _stdin_is_piped():
        raise click.UsageError("standard input is not read unless you ask: pass - as FILE to read it")


def _load(files: tuple[str, ...], fmt: str | None, schema_file: str | None) -> Ledger:
    """The whole ledger to work on, several files as one (its name in headings is :attr:`Job.name`)."""
    from dronetally import io as dio

    schema = _schema(schema_file)
    if not files:
        _no_stdin_unless_asked()
        return dio.load_seed()
    ledgers = []
    for file in files:
        if file == "-":
            if sys.stdin is None:
                raise InputError("standard input is closed", file=STDIN_NAME)
            data = dio.read_whole(sys.stdin.buffer, STDIN_NAME)
            ledgers.append(dio.loads(data, fmt, name=STDIN_NAME, schema=schema))
        else:
            ledgers.append(dio.load(file, fmt, schema=schema))
    if len(ledgers) == 1:
        return ledgers[0]
    from dronetally.ledger import Ledger

    try:
        return Ledger.concat(ledgers)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _inputs(files: tuple[str, ...], schema_file: str | None) -> tuple[str | None, ...]:
    """Every file a command may read: never to be written over."""
    sides = [str(Path(file).with_name("missiles_and_uavs.csv")) for file in files if file != "-"]
    return *files, schema_file, *sides


def _files(values: tuple[str, ...]) -> tuple[str, ...]:
    """The FILE arguments, a pattern the shell left alone (quoted, or on Windows) expanded here."""
    import glob

    out: list[str] = []
    for value in values:
        if value != "-" and glob.has_magic(value) and not os.path.exists(value):
            found = sorted(glob.glob(value, recursive=True))
            if not found:
                raise click.UsageError(f"no file matches {value!r}")
            out.extend(found)
        else:
            out.append(value)
    if out.count("-") > 1:
        raise click.UsageError("- (standard input) is given more than once")
    seen: dict[str, str] = {}
    for file in out:
        same = seen.setdefault(os.path.realpath(file), file) if file != "-" else file
        if same != file or (file != "-" and out.count(file) > 1):
            raise click.UsageError(f"{file!r} is given more than once (as {same!r}): its reports would count twice")
    return tuple(out)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2024-12-21") from None


def _what_there_is(values: dict[str, dict[str, int]]) -> str:
    """A hint for filters that chose nothing: the values the reports have (name: value: reports)."""

    def few(counted: dict[str, int]) -> str:
        top = sorted(counted, key=lambda v: -counted[v])[:8]
        return ", ".join(top) + (", ..." if len(counted) > 8 else "") if top else "none"

    classes = few(values.get("weapon_class", {}))
    hint = (f"the reports' scopes are {few(values.get('scope', {}))}; sources {few(values.get('source', {}))}; "
            f"weapon classes {classes}")
    return hint + "."


@dataclass(frozen=True)
class Job:
    """What every command works on: its input and filters, and where output goes."""

    files: tuple[str, ...]  # none: the bundled seed reports; "-": standard input
    fmt_in: str | None
    schema_file: str | None
    filters: dict[str, Any]
    fmt: str
    output: str | None
    spreadsheet: bool = True  # CSV cells guarded against formulas
    fold: int | None = None  # --width: fold tables to this many columns (0: never)
    allow_empty: bool = False  # --allow-empty: nothing to check is no failure

    @property
    def file(self) -> str | None:
        """The one input (None: the seed), or the first of several."""
        return self.files[0] if self.files else None

    @property
    def name(self) -> str:
        from dronetally.io import SEED_NAME

        if not self.files:
            return f"the bundled seed reports ({SEED_NAME})"
        names = ["standard input" if f == "-" else f for f in self.files]
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        return names[0] if len(names) == 1 else f"{len(names)} files ({shown})"

    def heading(self, verb: str, n: int) -> str:
        chosen = " chosen by the filters" if self.filters else ""
        return f"{verb} {self.name}: {n} report{'' if n == 1 else 's'}{chosen}."

    def table_heading(self, verb: str, n: int) -> str | None:
        """The heading for a table or Markdown; for another format, None, and
        where the input is the seed, the heading said on standard error."""
        heading = visible(self.heading(verb, n))
        if self.fmt in ("table", "markdown"):
            return heading
        if self.file is None:
            click.echo(heading, err=True)
        return None

    def chosen(self) -> Ledger:
        """The input read whole, and the reports its filters choose (saying so where they choose none)."""
        everything = _load(self.files, self.fmt_in, self.schema_file)
        if not self.filters:
            return everything
        ledger = everything.where(**self.filters)
        if self.filters.get("weapon") or (len(everything) and not len(ledger)):
            from dronetally.table import count_filter_values

            values = count_filter_values(everything, {})
            self.unclassified(values)
            if len(everything) and not len(ledger):
                self.no_match(len(everything), values)
        return ledger

    def done(self, reports: int, what: str = "checked") -> None:
        """Exit 3 where no report was ``what`` (an empty input, or filters that
        choose none), unless --allow-empty; else return."""
        if reports or self.allow_empty:
            return
        click.echo(f"tally: no report {what} (exit status 3; --allow-empty makes it 0)", err=True)
        sys.exit(3)

    @property
    def width(self) -> int | None:
        """How wide a table may be: --width, else the terminal's when it goes to one."""
        from dronetally.terminal import width

        if self.fold is not None:
            return self.fold or None
        return width() if self.output in (None, "-") else None

    @property
    def colour(self) -> bool:
        """Whether severities may be in colour: a table on a terminal, and no NO_COLOR set (no-color.org)."""
        return (self.fmt == "table" and self.output in (None, "-") and sys.stdout is not None
                and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))

    def output_to(self, binary: bool = False) -> Output:
        return Output(self.output, _inputs(self.files, self.schema_file), binary=binary)

    def unclassified(self, values: dict[str, dict[str, int]]) -> None:
        """Say where --weapon asks for a class and meets weapon names of no known class (matched by text alone)."""
        from dronetally.weapons import table

        names = values.get("unclassified", {})
        classes = {kind.casefold() for kind in table().values()} | {"mixed"}
        if names and any(w.casefold() in classes for w in self.filters.get("weapon") or ()):  # a class asked for
            shown = sorted(names, key=lambda v: -names[v])
            listed = ", ".join(repr(v) for v in shown[:5]) + (f" and {len(shown) - 5:,} more" if len(shown) > 5 else "")
            reports = sum(names.values())
            said = "report names" if reports == 1 else "reports name"
            its = "its" if reports == 1 else "their"
            click.echo(visible(f"tally: --weapon: {reports:,} {said} a weapon of no known class ({listed}): "
                               f"matched by {its} text alone"), err=True)

    def no_match(self, read: int, values: dict[str, dict[str, int]]) -> None:
        """Say, where filters chose none of the ``read`` reports, what values the reports have."""
        if self.filters and read:
            click.echo(visible(f"tally: no report matches the filters; {_what_there_is(values)}"), err=True)


#: dronetally.stats.METHODS, named here so that `tally --help` need not import numpy.
STATS_METHODS = ("cluster", "bootstrap", "wilson", "jeffreys", "clopper-pearson")

#: The output format a file name implies, when -f does not say.
_OUTPUT_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".md": "markdown"}


def _text_only(option: Callable[..., Any]) -> Callable[..., Any]:
    """Mark an option of text output (a table, JSON, CSV): a command that writes a picture or a page leaves it out."""
    option.text_only = True  # type: ignore[attr-defined]
    return option


def _common(func: Callable[..., Any] | None = None, *, text: bool = True) -> Callable[..., Any]:
    """Input, filter and output options, defined once for every command
    (``text=False``: without the options of text output, for a command that
    writes a picture or a page).  The command receives a :class:`Job`; the
    library's input errors become exit status 2 and one message per bad place."""
    if func is None:
        return functools.partial(_common, text=text)  # used as @_common(text=False)

    @functools.wraps(func)
    def wrapper(
        files: tuple[str, ...], fmt_in: str | None, schema_file: str | None, since: str | None, until: str | None,
        sources: tuple[str, ...], scopes: tuple[str, ...], weapons: tuple[str, ...], output: str | None,
        allow_empty: bool, fmt_out: str | None = None, raw_csv: bool = False, fold: int | None = None,
        as_json: bool = False, **rest: Any,
    ) -> Any:
        filters: dict[str, Any] = {"since": since, "until": until, "source": sources or None,
                                   "scope": scopes or None, "weapon": weapons or None}
        if as_json and fmt_out not in (None, "json"):
            raise click.UsageError(f"--json and -f {fmt_out} ask for two formats")
        fmt = fmt_out or ("json" if as_json else None) or _OUTPUT_SUFFIXES.get(
            os.path.splitext(output or "")[1].lower(), "table")
        job = Job(_files(files), fmt_in, schema_file, {k: v for k, v in filters.items() if v is not None}, fmt, output,
                  spreadsheet=not raw_csv, fold=fold, allow_empty=allow_empty)
        with _exits():
            return func(job, **rest)

    options = [
        click.argument("files", nargs=-1, metavar="[FILE...|-]"),
        click.option("--from", "fmt_in", type=_Choice(["json", "jsonl", "csv", "af-daily"]),
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
        _text_only(click.option("-f", "--format", "fmt_out", type=_Choice(list(FORMATS)),
                     help="Output format; jsonl is one JSON object a line.  [default: from -o FILE's "
                          "extension (.json, .jsonl, .csv, .md), else table]")),
        _text_only(click.option("--json", "as_json", is_flag=True, help="The same as -f json.")),
        click.option("-o", "--output", metavar="FILE",
                     help="Write to FILE (whole or not at all) instead of standard output."),
        _text_only(click.option("--width", "fold", type=click.IntRange(min=0), metavar="N",
                     help="Fold a table's long columns to fit N characters; 0 never folds.  [default: the "
                          "terminal's width when writing to one, else 0]")),
        click.option("--allow-empty", is_flag=True,
                     help="Exit 0 when there is no report to work on (an empty input, or filters that choose "
                          "none); by default that is exit status 3."),
        _text_only(click.option("--raw-csv", is_flag=True,
                     help="With -f csv: write text cells as they are. By default a cell that a spreadsheet "
                          "would run as a formula (=, +, -, @ first) gets a ' before it.")),
    ]
    command: Callable[..., Any] = wrapper
    for option in reversed(options):
        if text or not getattr(option, "text_only", False):
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
      tally extract statement.txt | tally check -
    """
    import signal

    def terminated(signum: int, frame: object) -> None:
        raise _Terminated

    signal.signal(signal.SIGTERM, terminated)  # as Ctrl-C: nothing half-written, no temporary file left
    if sys.stderr is None:  # started with standard error closed: messages have nowhere to go, the work goes on
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process


class _Choice(click.Choice):  # type: ignore[type-arg]
    """A choice given in any case (``-f JSON``), and a near miss named (``--show errors``)."""

    def __init__(self, choices: Sequence[str]) -> None:
        super().__init__(choices, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            import difflib

            close = difflib.get_close_matches(str(value).lower(), [str(c) for c in self.choices], n=1, cutoff=0.6)
            if not close:
                raise
            raise click.BadParameter(f"{exc.message} Did you mean {close[0]!r}?", ctx, param) from None


#: Inputs larger than this get a progress bar on a terminal: about a second of work.
_PROGRESS_BYTES = 16 << 20


@main.command()
@_common
@click.option("--fail-on", type=_Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Exit 1 when a finding is this severe or worse.")
@click.option("--show", "show", type=_Choice(["info", "warning", "error"]), default="info",
              show_default=True, help="List findings this severe or worse; the summary and exit status count all.")
@click.option("--no-across", is_flag=True,
              help="Skip the rules across reports (duplicates, disagreements): memory stays flat on any size.")
@click.option("-q", "--quiet", is_flag=True, help="List no findings: the summary alone.")
@click.option("--no-summary", is_flag=True,
              help="Leave out a table's (or Markdown's) summary lines and JSON Lines' summary record; JSON and CSV "
                   "are as ever.")
@click.option("--verbose", is_flag=True,
              help="With -f jsonl: each finding's message and figures too, and an error's hint.")
@click.option("--chunk-rows", type=click.IntRange(min=1), default=None, metavar="N",
              help="Rows read and checked at a time (default 200000).")
def check(job: Job, fail_on: str, show: str, no_across: bool, quiet: bool, no_summary: bool, verbose: bool,
          chunk_rows: int | None) -> None:
    """Check that every account adds up; list what does not, and what is left over.

    With no FILE, checks the bundled seed reports. FILE is dronetally JSON
    or CSV, or the Air Force daily dataset (see README); - reads standard
    input. Several files are checked as one input: each finding keeps its
    file and line, and reports are compared across the files. CSV is read
    and checked in chunks, and findings are written as they come (whole, or
    not at all: bad input anywhere writes nothing); JSON Lines output ends
    with one summary line.
    Exit status: 0 no finding at --fail-on, 1 at least one, 2 bad input or
    usage, 3 no report to check (--allow-empty: 0), 130 interrupted (143
    terminated).

    \b
    Examples:
      tally check
      tally check reports.csv --fail-on warning
      tally check reports.json -f json -o findings.json
      tally check big.csv -f jsonl --show warning -o findings.jsonl
      tally check missile_attacks_daily.csv --since 2025-01-01 --weapon drone
    """
    from dronetally import io as dio
    from dronetally.render import FindingsWriter, Summary
    from dronetally.stream import CHUNK_ROWS, Run

    if quiet and no_summary:
        raise click.UsageError("--quiet and --no-summary together would write nothing")

    schema = _schema(job.schema_file)
    options: dict[str, Any] = {"format": job.fmt_in, "schema": schema, "across": not no_across,
                               "chunk_rows": chunk_rows or CHUNK_ROWS, "where": job.filters}
    if job.file is None:
        _no_stdin_unless_asked()
        run = Run(dio.SEED_NAME, data=dio.seed_bytes(), name=dio.SEED_NAME, **{**options, "format": "json"})
    else:
        run = Run(job.files, name=STDIN_NAME if job.files == ("-",) else None, **options)
    output = job.output_to()
    with output as stream:
        writer = FindingsWriter(stream, job.fmt, show=None if quiet else show, verbose=verbose,
                                spreadsheet=job.spreadsheet, width=job.width, summary=not no_summary,
                                colour=job.colour)
        writer.start()
        with _progress(job.files) as progress:
            run.progress = progress
            for findings in run:
                writer.write(findings)
        writer.close(Summary(run.reports, run.counts(), run.overview, run.summary()),
                     job.table_heading("Checking", run.reports))
    job.unclassified(run.values)
    if not run.reports:
        job.no_match(run.overview.get("rows", 0) - run.overview.get("unreadable_rows", 0), run.values)
    if run.fails(fail_on):  # (an input of unreadable rows alone has findings, and no report)
        sys.exit(1)
    job.done(run.reports)
    sys.exit(0)


class _progress:
    """A progress bar on standard error for a large regular file, when standard error is a terminal."""

    def __init__(self, files: tuple[str, ...]) -> None:
        self.bar: Any = None
        if not files or "-" in files or sys.stderr is None or not sys.stderr.isatty():
            return
        try:
            size = sum(os.stat(file).st_size for file in files)
        except OSError:
            return
        if size >= _PROGRESS_BYTES:
            self.bar = click.progressbar(length=size, label="Checking", file=sys.stderr)

    def __enter__(self) -> Callable[[int], Any] | None:
        if self.bar is None:
            return None
        self.bar.__enter__()
        update: Callable[[int], Any] = self.bar.update
        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@main.command()
@_common
@click.option("--rate", default="shot_down/launched", show_default=True, metavar="PART[+PART]/WHOLE",
              help="The share: parts of one breakdown of a node, over the node.")
@click.option("--by", "by", multiple=True, metavar="NAME[,NAME]",
              help="Group by scope, source, weapon, weapon_class, attacker, defender, day, week, month, year "
                   "(periods by the window's end) or report; repeatable (--by year --by scope is --by year,scope).")
@click.option("--method", type=_Choice(STATS_METHODS), default="cluster", show_default=True,
              help="cluster or bootstrap: how the share varies night to night; wilson, jeffreys or "
                   "clopper-pearson: binomial, each drone an independent trial (which drones of one night are "
                   "not).")
@click.option("--compare", is_flag=True,
              help="The first group's share less the second's, with a night-to-night interval (--by must "
                   "make two groups; the same nights from two sources are compared night by night).")
@click.option("--adjust", type=_Choice(["bonferroni"]), default=None,
              help="Widen each group's interval so that all of them hold together at --level.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="The bootstrap's seed.")
@click.option("--resamples", type=click.IntRange(min=100), default=2000, show_default=True,
              help="The bootstrap's resamples.")
@click.option("--level", type=click.FloatRange(0.5, 1.0, max_open=True), default=0.95, show_default=True,
              help="The intervals' level.")
def stats(
    job: Job, rate: str, by: tuple[str, ...], method: str, level: float, compare: bool, adjust: str | None, seed: int,
    resamples: int,
) -> None:
    """Shares as claimed, what the unexplained could change, and how they vary.

    For each group: the share RATE as the sources claim it, pooled as a
    ratio of sums over the reports that give both figures (a range where
    figures are intervals); the share of the whole that no figure explains;
    the share if all of that were the part; and an interval (--method).
    No interval covers error in the claims themselves.  A later report of
    the same source, scope, weapon and window replaces an earlier one.
    Exit status 0, 2 for bad input or usage, 3 for no report (--allow-empty: 0).

    \b
    Examples:
      tally stats
      tally stats missile_attacks_daily.csv --weapon Shahed --scope Ukraine --by month
      tally stats reports.csv --rate shot_down+lost_track/launched --by source -f csv -o shares.csv
      tally stats reports.csv --source A --source B --by source --compare
    """
    from dronetally import stats as st
    from dronetally.render import stats_text

    ledger = job.chosen()
    groups = tuple(name.strip().lower() for each in by for name in each.split(",") if name.strip())
    twice = next((name for k, name in enumerate(groups) if name in groups[:k]), None)
    if twice:
        raise click.UsageError(f"--by names {twice} twice")
    if compare and job.fmt == "csv":
        raise click.UsageError("--compare gives one difference, which has no row in CSV: use -f json or jsonl")
    try:
        found = st.stats(ledger, rate, by=groups, level=level, method=method, seed=seed, resamples=resamples,
                         adjust=adjust, compare=compare)
    except ValueError as exc:
        raise click.UsageError(visible(str(exc))) from None
    text = stats_text(found, job.fmt, job.table_heading("Statistics of", len(ledger)),
                      spreadsheet=job.spreadsheet, width=job.width)
    with job.output_to() as stream:
        stream.write(text)
    job.done(len(ledger), "to count")


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

    ledger = job.chosen()
    text = accounts_text(ledger.accounts(), job.fmt, job.table_heading("Accounts in", len(ledger)),
                         spreadsheet=job.spreadsheet, width=job.width)
    with job.output_to() as stream:
        stream.write(text)
    job.done(len(ledger), "to show")



#: The pictures tally plot writes, by -o's extension.
PICTURES = (".png", ".svg", ".pdf")
#: dronetally.stats.GROUPINGS, named here so that `tally --help` need not import numpy; a night is a report.
PLOT_GROUPINGS = ("report", "night", "day", "week", "month", "year", "scope", "source", "weapon", "weapon_class",
                  "attacker", "defender")


def _picture_target(job: Job, command: str) -> str:
    """The extension of -o for a picture; a usage error where there is no -o, or it names no picture."""
    if job.output in (None, "-"):
        raise click.UsageError(f"tally {command} writes a picture, not text for a terminal: give -o FILE "
                               f"ending in {', '.join(PICTURES)}")
    suffix = os.path.splitext(job.output or "")[1].lower()
    if suffix not in PICTURES:
        raise click.UsageError(f"-o {job.output}: a picture's name ends in {', '.join(PICTURES)} (it gives the kind)")
    return suffix[1:]


def _matplotlib_for_files() -> None:
    """matplotlib with the Agg backend (files, no window), or exit 2 naming the extra to install."""
    try:
        import matplotlib
    except ImportError:
        raise BadInput("this needs matplotlib: pip install 'dronetally[plot]'") from None
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "dronetally"  # the same SVG on every run


def picture_bytes(figure: Any, kind: str) -> bytes:
    """A matplotlib figure as a .png, .svg or .pdf file's bytes, the same on every run (no date inside)."""
    import io

    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}.get(kind, {})
    out = io.BytesIO()
    figure.savefig(out, format=kind, dpi=110, metadata=metadata)
    return out.getvalue()


@main.command()
@_common(text=False)
@click.option("--kind", type=_Choice(["outcomes", "rate"]), default=None,
              help="outcomes: stacked bars of what became of the launched, unexplained hatched; rate: a share "
                   "over time with its bands.  [default: rate where --rate is given, else outcomes]")
@click.option("--by", "by", type=_Choice(PLOT_GROUPINGS), default=None,
              help="A bar or point per report (night: the same), or per day, week, month, year, scope, source, ... "
                   "[default: outcomes a bar per report, grouped by the shortest period that fits 60 bars where "
                   "there are more; rate by month]")
@click.option("--rate", default=None, metavar="PART[+PART]/WHOLE",
              help="The share of a rate chart (as tally stats).  [default: shot_down/launched]")
@click.option("--level", type=click.FloatRange(0.5, 1.0, max_open=True), default=0.95, show_default=True,
              help="The night-to-night interval's level.")
def plot(job: Job, kind: str | None, by: str | None, rate: str | None, level: float) -> None:
    """Draw the accounts or a rate as a picture: -o chart.png (or .svg, .pdf).

    outcomes: a stacked bar per report or period: shot down, lost track,
    diverted, hit, airborne, the unexplained remainder hatched, the launched
    figure as stated (a tick), and over-accounted bars flagged.  rate: the
    share as claimed, pooled, as a line; how it varies night to night (a
    band); and what the unexplained could change, from the share as
    claimed to the share if all of them were the part (a hatched band).
    Needs matplotlib (pip install 'dronetally[plot]').  Exit status 0, 2 for
    bad input or usage, 3 for no report (--allow-empty: 0, nothing written).

    \b
    Examples:
      tally plot reports.csv -o outcomes.png
      tally plot missile_attacks_daily.csv --weapon drone --by month -o months.png
      tally plot missile_attacks_daily.csv --weapon drone --scope Ukraine --rate shot_down/launched -o rate.svg
    """
    picture = _picture_target(job, "plot")
    kind = kind or ("rate" if rate else "outcomes")
    if rate and kind != "rate":
        raise click.UsageError("--rate is for --kind rate")
    ledger = job.chosen()
    if not len(ledger):
        job.done(0, "to plot")
        return
    _matplotlib_for_files()
    import matplotlib.pyplot as plt

    from dronetally import plot as charts

    grouping = "report" if by == "night" else by
    reason = charts.why_not(ledger, kind, rate or "shot_down/launched",
                            by=grouping or ("month" if kind == "rate" else None))
    if reason:
        hint = "; --rate PART/WHOLE chooses the rate" if kind == "rate" and "of the schema" in reason else ""
        raise BadInput(visible(f"tally plot: no {kind} chart: {reason}{hint}"))
    try:
        if kind == "outcomes":
            if grouping is None and len(ledger) > charts.MAX_REPORT_BARS:
                grouping = charts.fitting_period(ledger)
                if grouping is None:
                    raise click.UsageError(f"{len(ledger):,} reports are too many bars to read, and they have no "
                                           "window to group them by: filter them, or --by source, scope, ...")
                click.echo(f"tally: {len(ledger):,} reports, too many bars to read: a bar per {grouping} "
                           "(--by chooses)", err=True)
            ax = charts.outcomes(ledger, by=grouping, source=_chart_source(job))
        else:
            ax = charts.rate(ledger, rate or "shot_down/launched", by=grouping or "month", level=level,
                             source=_chart_source(job))
    except ValueError as exc:
        raise click.UsageError(visible(str(exc))) from None
    data = picture_bytes(ax.figure, picture)
    plt.close(ax.figure)
    with job.output_to(binary=True) as stream:
        stream.write(data)
    job.done(len(ledger), "to plot")


def _chart_source(job: Job) -> str:
    """Where a chart's numbers come from, for its corner: the input's name and the filters."""
    names = [os.path.basename(f) if f != "-" else "standard input" for f in job.files] or ["the seed reports"]
    shown = ", ".join(names[:2]) + (", ..." if len(names) > 2 else "")
    filters = " ".join(f"--{name} {value}" for name, values in job.filters.items()
                       for value in (values if isinstance(values, tuple) else (values,)))
    return visible(f"{shown} {filters}".strip())


@main.command()
@_common(text=False)
@click.option("--limit", type=click.IntRange(min=0), default=1000, show_default=True, metavar="N",
              help="List at most N findings and N remainders (errors first); 0 lists every one.")
@click.option("--no-charts", is_flag=True, help="Leave the charts out (they need matplotlib: dronetally[plot]).")
def report(job: Job, limit: int, no_charts: bool) -> None:
    """Write a page to share: one HTML file of the check, -o report.html.

    The page holds the summary of tally check, the findings (errors and
    warnings stand out), the accounts that leave a remainder, and the
    charts of tally plot (what became of the launched; the share shot down
    by month, where reports have windows) as inline SVG.  It loads nothing
    from anywhere: it opens offline, and can be mailed as it is.  Exit
    status 0, 2 for bad input or usage, 3 for no report (--allow-empty: 0).

    \b
    Examples:
      tally report reports.csv -o report.html
      tally report missile_attacks_daily.csv --weapon drone --scope Ukraine --since 2025-01-01 -o drones.html
    """
    from dronetally.page import report_page

    if job.output in (None, "-"):
        raise click.UsageError("tally report writes a page: give -o FILE ending in .html")
    if os.path.splitext(job.output or "")[1].lower() not in (".html", ".htm"):
        raise click.UsageError(f"-o {job.output}: a page's name ends in .html")
    ledger = job.chosen()
    if not len(ledger):
        job.done(0, "to report on")
        return
    text = report_page(ledger, name=job.name, limit=limit or None, charts=not no_charts)
    with job.output_to() as stream:
        stream.write(text)
    job.done(len(ledger), "to report on")


#: The most unused numbers listed one by one on standard error; the output lists them all.
_UNUSED_SHOWN = 20


@main.command()
@click.argument("file", required=False, metavar="[FILE|-]")
@click.option("--lang", type=_Choice(["auto", "en", "uk", "ru"]), default="auto", show_default=True,
              help="The statement's language: the \"lang\" written out, the time zone of a window (ru: "
                   "Moscow; uk, en: Kyiv) and the order of a missile's model and noun (en: \"Kh-101 cruise "
                   "missiles\"; uk, ru: \"ракети Х-101\").  The words and number words of all three languages "
                   "are read whatever it is.  auto tells them apart by their letters and words.")
@click.option("--source", metavar="NAME",
              help="Who speaks, for reports whose text names no one (an Air Force or Ministry post).  "
                   "[default: unnamed]")
@click.option("--year", type=click.IntRange(1900, 2100), metavar="YEAR",
              help="The year of a window the text gives by day and month alone (\"У ніч на 17 вересня\").")
@click.option("--published", metavar="DATE", callback=_date,
              help="The statement's date of publication (2026-09-17): the reports' published date, and the "
                   "year (or, for a period of hours alone, the day) of their window.")
@click.option("-f", "--format", "fmt_out", type=_Choice(["json", "csv"]),
              help="Output format.  [default: from -o FILE's extension (.csv), else json]")
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE (whole or not at all) instead of standard output.")
@click.option("--raw-csv", is_flag=True,
              help="With -f csv: write text cells as they are, with no ' before a leading =, +, - or @.")
@click.option("--allow-empty", is_flag=True,
              help="Exit 0 when the text gives no figure; by default that is exit status 3.")
@click.option("-q", "--quiet", is_flag=True, help="Say nothing on standard error of the numbers not used.")
def extract(file: str | None, lang: str, source: str | None, year: int | None, published: str | None,
            fmt_out: str | None, output: str | None, raw_csv: bool, allow_empty: bool, quiet: bool) -> None:
    """Read the figures out of a statement: the reports it makes, and where each figure came from.

    FILE is the text of a statement (UTF-8): a news article, an Air Force
    or Defence Ministry post, in English, Ukrainian or Russian.  Standard
    input is read only with - as FILE; with no FILE, the bundled seed
    article is read (and input piped in is refused).  Writes one
    report per source and weapon in dronetally's JSON (or CSV), which
    tally check reads: each report carries the provenance of its figures
    (the span of the text, the words, the cue; a figure worked out from
    others, "the rest", is marked derived), and "unused" lists every number
    of the text that is no figure, with why.  Those are also named on
    standard error (unless -q).  No number is ever guessed into a figure.
    A span counts characters (not bytes) of the text as read: a leading
    byte-order mark dropped, line ends kept as they are (\\r\\n is two
    characters), as Python's open(FILE, encoding="utf-8-sig",
    newline="").read() gives it.
    Exit status: 0 reports found, 2 unreadable input or bad usage, 3 no
    figure in the text (--allow-empty: 0).

    \b
    Examples:
      tally extract statement.txt
      tally extract statement.txt | tally check -
      tally extract post.txt --lang uk --published 2026-09-17 -o reports.json
      tally extract post.txt --source "Russian Defence Ministry" -f csv
      pbpaste | tally extract - | tally show -
    """
    from dronetally import io as dio
    from dronetally.extractor import extract as read_figures

    fmt = fmt_out or ("csv" if os.path.splitext(output or "")[1].lower() == ".csv" else "json")
    with _exits():
        if file is None:
            _no_stdin_unless_asked()
            name = dio.SEED_ARTICLE
            click.echo(f"Reading the bundled seed article ({name}).", err=True)
            data = dio.seed_article_bytes()
        elif file == "-":
            name = STDIN_NAME
            if sys.stdin is None:
                raise InputError("standard input is closed", file=name)
            data = dio.read_whole(sys.stdin.buffer, name)
        else:
            name = file
            data = dio.read_bytes(file, what="a statement")
        text = dio.decode(data, name)
        found = read_figures(text, lang, source=source, year=year, published=published)
        if not quiet:
            for number in found.unused[:_UNUSED_SHOWN]:
                click.echo(visible(f"tally: {name}:{number.line}:{number.column}: {number.text!r} is no figure: "
                                   f"{number.why}"), err=True)
            if len(found.unused) > _UNUSED_SHOWN:
                click.echo(f"tally: and {len(found.unused) - _UNUSED_SHOWN} more numbers that are no figure "
                           "(all of them under \"unused\" in JSON)", err=True)
        body = dio.dumps(list(found), "csv", spreadsheet=not raw_csv) if fmt == "csv" else found.to_json()
        with Output(output, (file,) if file not in (None, "-") else ()) as stream:
            stream.write(body)
    if not len(found) and not allow_empty:
        click.echo(visible(f"tally: no figure found in {name} (exit status 3; --allow-empty makes it 0)"), err=True)
        sys.exit(3)
