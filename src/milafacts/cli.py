"""The command line: argument definitions and one-line command bodies. The only module importing typer."""

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

# typer 0.28 vendors click as `typer._click`; its exception classes are only reachable there.
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from milafacts import __version__, query, views
from milafacts.errors import DatasetError, ExitCode, MilafactsError, OutputError, UsageError
from milafacts.model import Dataset
from milafacts.render import Format, render
from milafacts.views import View


class _Group(TyperGroup):
    """Turns typer's boxed, multi-line usage errors into our one-line `milafacts: error: ...` form."""

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, standalone_mode: bool = True, **kwargs: Any
    ) -> Any:
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, standalone_mode=False, **kwargs)
        try:
            result = super().main(args=args, prog_name=prog_name, standalone_mode=False, **kwargs)
        except NoArgsIsHelpError as error:
            sys.stdout.write(error.ctx.get_help() + "\n")
            sys.exit(ExitCode.OK)
        except ClickUsageError as error:
            hint = f" (see '{error.ctx.command_path} -h')" if error.ctx is not None else ""
            fail(UsageError(" ".join(error.format_message().split()) + hint))
        except ClickException as error:
            fail(MilafactsError(" ".join(error.format_message().split())))
        except MilafactsError as error:  # the one place a domain error becomes a message and a code
            fail(error)
        except typer.Abort:
            sys.exit(ExitCode.ERROR)
        sys.exit(result if isinstance(result, int) else ExitCode.OK)


app = typer.Typer(
    name="milafacts",
    cls=_Group,
    help="Quick, cited answers about Mila's 2025 international year.\n\nExample: milafacts country italy",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ExportKind(str, Enum):
    svg = "svg"
    html = "html"


# --- options defined once, used by every command -----------------------------------------------

FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: a table for people, json/csv/markdown for scripts."),
]
SourcesOpt = Annotated[bool, typer.Option("--sources", help="Add the source section to every table row.")]
ExportOpt = Annotated[
    tuple[ExportKind, Path] | None,
    typer.Option("--export", metavar="svg|html PATH", help="Also write the table as an SVG or HTML file."),
]


def _settings(ctx: typer.Context) -> tuple[Path | None, bool]:
    """The global options, read from the root context so completion (which skips callbacks) sees them."""
    params = ctx.find_root().params
    data = params.get("data")
    return (Path(data) if data else None), not params.get("no_cache", False)


def _dataset(ctx: typer.Context) -> Dataset:
    from milafacts.load import load

    path, cache = _settings(ctx)
    return load(path, cache=cache)


def _show(
    ctx: typer.Context,
    build: Callable[[Dataset], View],
    fmt: Format,
    sources: bool = False,
    export: tuple[ExportKind, Path] | None = None,
) -> None:
    """Load the dataset, build a view, print it in the chosen format."""
    _output(build(_dataset(ctx)), fmt, sources, export)


def _output(view: View, fmt: Format, sources: bool = False, export: tuple[ExportKind, Path] | None = None) -> None:
    """Print a view in the chosen format, and write the export when one was asked for."""
    if export is not None and fmt is not Format.table:
        raise UsageError("--export writes the table view; drop --format or use --format table")
    output = render(view, fmt, sources=sources)
    if export is not None:
        _export(output, *export)
    _print(output)


def _note(message: str) -> None:
    """One line on stderr that is not an error: what was searched instead of what was typed."""
    sys.stderr.write(f"milafacts: {' '.join(message.split())}\n")


def _print(output: Any) -> None:
    try:
        if isinstance(output, str):
            sys.stdout.write(output)
            sys.stdout.flush()
        else:
            _console().print(output)
    except BrokenPipeError:
        # The reader (`head`, a closed pager) has all it wanted: not an error, and nothing to say.
        from milafacts import output as streams

        streams.silence_stdout()
        sys.exit(ExitCode.OK)


def _console(*, stderr: bool = False) -> Any:
    """Rich's console, but with NO_COLOR meaning no styling at all (plain text for logs and screen
    readers), and a closed pipe handled like any other output's (Rich's own default exits 1)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    plain = bool(os.environ.get("NO_COLOR"))
    return _Console(stderr=stderr, color_system=None if plain else "auto", highlight=False)


def _export(output: Any, kind: ExportKind, path: Path) -> None:
    from rich.console import Console

    console = Console(record=True, file=open(os.devnull, "w"), width=120, force_terminal=True)  # noqa: SIM115
    with console.file:
        console.print(output)
    try:
        if kind is ExportKind.svg:
            console.save_svg(str(path), title="milafacts")
        else:
            console.save_html(str(path))
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def fail(error: MilafactsError) -> NoReturn:
    """One styled line on stderr, then the error's exit code."""
    from rich.text import Text

    # Always one line, whatever the message carries: scripts read stderr line by line.
    message = " ".join(error.message.split())
    _console(stderr=True).print(Text.assemble(("milafacts: error: ", "bold red"), message), soft_wrap=True)
    sys.exit(int(error.code))


# --- completion ----------------------------------------------------------------------------------


def _completer(collection: str) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            dataset = _dataset(ctx)
        except MilafactsError:
            return []
        return query.complete(dataset, collection, incomplete)

    return complete


CountryArg = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME",
        help="A country or place: name or alias, any case or accents.",
        autocompletion=_completer("countries"),
    ),
]
PersonArg = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME",
        help="A person: full name, surname or alias, any case or accents.",
        autocompletion=_completer("people"),
    ),
]
OrgArg = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME", help="An organization: name or alias (e.g. TII).", autocompletion=_completer("organizations")
    ),
]


# --- commands ------------------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"milafacts {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    data: Annotated[
        Path | None,
        typer.Option("--data", envvar="MILAFACTS_DATA", help="Use another dataset file of the same schema."),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", envvar="MILAFACTS_NO_CACHE", help="Parse the dataset without the parse cache."),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Quick, cited answers about Mila's 2025 international year.

    Example: milafacts country italy
    """


@app.command()
def country(
    ctx: typer.Context,
    name: CountryArg,
    fmt: FormatOpt = Format.table,
    sources: SourcesOpt = False,
    export: ExportOpt = None,
) -> None:
    """Everything the dataset knows about one country or place.

    Example: milafacts country italy
    """
    _show(ctx, _profile("countries", name), fmt, sources, export)


@app.command()
def countries(
    ctx: typer.Context, fmt: FormatOpt = Format.table, sources: SourcesOpt = False, export: ExportOpt = None
) -> None:
    """Every country and place, with how many facts link to each.

    Example: milafacts countries --format csv
    """
    _show(ctx, lambda ds: views.counted(ds, "countries", "Countries and places"), fmt, sources, export)


@app.command()
def fellows(
    ctx: typer.Context, fmt: FormatOpt = Format.table, sources: SourcesOpt = False, export: ExportOpt = None
) -> None:
    """The AI Policy Fellows the article highlights, with their collaborators.

    Example: milafacts fellows --format json
    """
    _show(ctx, views.fellows, fmt, sources, export)


@app.command()
def stats(
    ctx: typer.Context, fmt: FormatOpt = Format.table, sources: SourcesOpt = False, export: ExportOpt = None
) -> None:
    """The headline figures, as stated, with derived figures marked.

    Example: milafacts stats
    """
    _show(ctx, views.statistics, fmt, sources, export)


@app.command()
def people(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option("--role", help="Only people whose role contains this text.")] = None,
    in_country: Annotated[
        str | None,
        typer.Option("--country", help="Only people tied to this country.", autocompletion=_completer("countries")),
    ] = None,
    fmt: FormatOpt = Format.table,
    sources: SourcesOpt = False,
    export: ExportOpt = None,
) -> None:
    """Everyone in the dataset, with roles and affiliations.

    Example: milafacts people --country sweden
    """
    _show(ctx, lambda ds: views.people(ds, query.people(ds, role, _country(ds, in_country))), fmt, sources, export)


def _profile(collection: str, words: list[str]) -> Callable[[Dataset], View]:
    """A view builder for `country`, `person` and `org`: resolve the name, then gather its links."""
    return lambda ds: views.profile(ds, query.profile(ds, query.resolve(ds, collection, " ".join(words))))


def _country(dataset: Dataset, name: str | None) -> Any:
    return None if name is None else query.resolve(dataset, "countries", name)


@app.command()
def person(
    ctx: typer.Context,
    name: PersonArg,
    fmt: FormatOpt = Format.table,
    sources: SourcesOpt = False,
    export: ExportOpt = None,
) -> None:
    """One person's roles and every event, agreement and fellowship linked to them.

    Example: milafacts person bengio
    """
    _show(ctx, _profile("people", name), fmt, sources, export)


@app.command()
def orgs(
    ctx: typer.Context, fmt: FormatOpt = Format.table, sources: SourcesOpt = False, export: ExportOpt = None
) -> None:
    """Every organization, with how many facts link to each.

    Example: milafacts orgs
    """
    _show(ctx, lambda ds: views.counted(ds, "organizations", "Organizations"), fmt, sources, export)


@app.command()
def org(
    ctx: typer.Context,
    name: OrgArg,
    fmt: FormatOpt = Format.table,
    sources: SourcesOpt = False,
    export: ExportOpt = None,
) -> None:
    """One organization and everything linked to it.

    Example: milafacts org tii
    """
    _show(ctx, _profile("organizations", name), fmt, sources, export)


@app.command()
def timeline(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Option("--month", help="Only this month: a name (november) or 1-12.")] = None,
    fmt: FormatOpt = Format.table,
    sources: SourcesOpt = False,
    export: ExportOpt = None,
) -> None:
    """Dated events in order, undated ones after.

    Example: milafacts timeline --month november
    """
    _show(ctx, lambda ds: views.timeline(ds, query.timeline(ds, _month(month)), _month(month)), fmt, sources, export)


def _month(text: str | None) -> int | None:
    return None if text is None else query.parse_month(text)


@app.command()
def agreements(
    ctx: typer.Context, fmt: FormatOpt = Format.table, sources: SourcesOpt = False, export: ExportOpt = None
) -> None:
    """MOUs, joint statements and partnerships: parties and subjects.

    Example: milafacts agreements --format markdown
    """
    _show(ctx, views.agreements, fmt, sources, export)


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="WORDS...", help="What you are looking for, in your own words (EN or FR).")
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="Show at most this many results.")] = 10,
    fmt: FormatOpt = Format.table,
    sources: SourcesOpt = False,
    export: ExportOpt = None,
) -> None:
    """Find facts in your own words: ranked, typo-tolerant, English or French.

    Example: milafacts search how many researchers
    """
    from milafacts import search as engine  # sqlite3 and the stemmers: only for searching

    text = engine.check_query(" ".join(words))
    dataset = _dataset(ctx)
    results = engine.search(dataset, text, limit)
    for typed, corrected in results.corrections:
        _note(f"no '{typed}' in the dataset; searched for '{corrected}' instead")
    _output(views.search(dataset, results), fmt, sources, export)


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(metavar="NAME|ID", help="Any record: name, alias or id (vivatech, g7 finale, community-size)."),
    ],
    fmt: FormatOpt = Format.table,
    sources: SourcesOpt = False,
    export: ExportOpt = None,
) -> None:
    """Everything about one record of any kind: event, agreement, figure, fellow, person, place...

    Example: milafacts show g7 finale
    """
    text = query.check_name(" ".join(name), "record")
    dataset = _dataset(ctx)
    record = query.resolve_any(dataset, text)
    _output(views.profile(dataset, query.profile(dataset, record)), fmt, sources, export)


@app.command()
def sources(ctx: typer.Context, fmt: FormatOpt = Format.table, export: ExportOpt = None) -> None:
    """The source article's sections and how many records cite each.

    Example: milafacts sources
    """
    _show(ctx, views.sources, fmt, False, export)


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(metavar="PATH", help="Dataset file to check (default: --data, else the bundled one)."),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            metavar="ARTICLE.txt",
            help="Also check the dataset against the article it comes from: names, numbers, dates, copied "
            "wording, and the article's names and numbers the dataset leaves out.",
        ),
    ] = None,
) -> None:
    """Check a dataset and list every problem as file:line: what is wrong.

    Example: milafacts validate data/facts.yaml

    With --source, also report names, numbers and dates the article does not contain and runs of six
    or more of its words copied into summaries, then list the article's names and numbers the dataset
    never mentions: milafacts validate data/facts.yaml --source article.txt
    """
    from milafacts.load import check

    try:
        article = None
        if source is not None:
            from milafacts.sourcecheck import read_article

            article = read_article(source)  # an unreadable article is a usage error, found first
        dataset_path = path or _settings(ctx)[0]
        problems = check(dataset_path)
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        if problems:
            fail(DatasetError(problems, summary=f"{len(problems)} problem(s) found"))
        if article is not None:
            from milafacts.sourcecheck import check_source

            report = check_source(dataset_path, article)
            for problem in report.findings:
                sys.stdout.write(f"{problem}\n")
            if report.uncovered:
                sys.stdout.write(f"not in the dataset ({len(report.uncovered)}):\n")
                sys.stdout.write("".join(f"  {name}\n" for name in report.uncovered))
            if not report.clean:
                found = f"{len(report.findings)} finding(s), {len(report.uncovered)} not in the dataset"
                fail(DatasetError(report.findings, summary=f"checked against {source}: {found}"))
    except MilafactsError as error:
        fail(error)
    checked = f"; every name, number and date is in {source}" if source is not None else ""
    sys.stdout.write(f"ok: no problems found{checked}\n")


def _keep_only_invoked_command(args: list[str]) -> None:
    """Register only the command being run: typer builds every registered command's parameters from
    its signature at start-up (about 3 ms each), which a single lookup never needs. Help, completion
    and anything unrecognised keep the full set, so listings and "did you mean" stay complete."""
    if os.environ.get("_MILAFACTS_COMPLETE"):
        return
    takes_value = {"--data"}
    words = iter(args)
    for word in words:
        if word in takes_value:
            next(words, None)
        elif not word.startswith("-"):
            chosen = [c for c in app.registered_commands if _command_name(c) == word]
            if chosen:
                app.registered_commands = chosen
            return
        elif word in ("-h", "--help", "--version") or word.startswith("--install") or word.startswith("--show"):
            return


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def main() -> None:
    """Console-script entry point: readable on a non-UTF-8 terminal, and quick to start."""
    from milafacts import output

    output.prepare_streams()
    _keep_only_invoked_command(sys.argv[1:])
    # A closed pipe is handled where output is written (`_print`): typer turns any EPIPE that
    # reaches it into exit 1 before it could get back here.
    app(prog_name="milafacts")
