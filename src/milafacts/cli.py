"""The command line: argument definitions and short command bodies. The only module importing typer.

Every command reads top to bottom: check the user's input (pure functions that raise `UsageError`),
load the dataset, build the view, print it. `_Group.main` is the one place where an error becomes a
message and an exit code, and where stdout and stderr are guarded (`output.guarded`).
"""

import functools
import inspect
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NamedTuple, NoReturn, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from milafacts import __version__, lang, output, query, views
from milafacts.errors import DatasetError, ExitCode, MilafactsError, UsageError
from milafacts.model import COLLECTIONS, Country, Dataset
from milafacts.render import Format, TableOrRecords, check_fields, render
from milafacts.text import visible
from milafacts.views import View


class _Group(TyperGroup):
    """The error boundary, around a run whose stdout and stderr are guarded (`output.guarded`): the
    parser's usage errors and ours as one line `milafacts: error: ... (see 'milafacts CMD -h')`, any
    other `MilafactsError` (an unwritable stdout included) as its message and exit code."""

    _root: Any = None  # the run's root context: it names the command that was running

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        self._root = super().make_context(info_name, args, parent=parent, **extra)
        return self._root

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, standalone_mode: bool = True, **kwargs: Any
    ) -> Any:
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, standalone_mode=False, **kwargs)
        # `milafacts` alone is `milafacts --help`: the help, once, and success.
        words = _fields_alone((sys.argv[1:] if args is None else list(args)) or ["--help"])
        self._root = None
        with output.guarded():
            try:
                try:
                    code = super().main(args=words, prog_name=prog_name, standalone_mode=False, **kwargs)
                finally:
                    sys.stdout.flush()  # what is still buffered reaches the reader now, or is an OutputError
            except typer.TyperException as error:
                # The parser's errors: click's, which typer vendors and exposes only through this
                # public base class; a usage error is the one with click's exit code 2 and a context.
                if error.exit_code != ExitCode.USAGE:
                    fail(MilafactsError(error.format_message()))
                parsing = getattr(error, "ctx", None)
                fail(UsageError(error.format_message()), parsing.command_path if parsing else self._running())
            except UsageError as error:
                fail(error, self._running(), self._lang())
            except MilafactsError as error:
                fail(error, language=self._lang())
            except typer.Abort:
                sys.exit(ExitCode.ERROR)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _print_help(ctx)

    def _lang(self) -> str:
        """The language the run answers in, once a command has chosen it (`_lang`); else English."""
        return str(self._root.meta.get(_LANG_KEY, "en")) if self._root is not None else "en"

    def _running(self) -> str:
        """The command that was running, as typed: `milafacts country`."""
        root = self._root
        if root is None:
            return "milafacts"
        return " ".join(filter(None, [root.command_path, root.invoked_subcommand]))


def _fields_alone(words: list[str]) -> list[str]:
    """`--fields` with no value (last, or before another option) as `--fields ''`, which lists the
    command's fields: typer's options take a value or none, never an optional one. No field name
    starts with a dash, and words after `--` are left alone."""
    end = words.index("--") if "--" in words else len(words)
    out = list(words)
    for i in reversed(range(end)):
        if words[i] == "--fields" and (i + 1 >= end or words[i + 1].startswith("-")):
            out.insert(i + 1, "")
    return out


class _HelpedCommand(TyperCommand):
    """A command whose help is `helpscreen`'s, as the group's is."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _print_help(ctx)


class _WordsCommand(_HelpedCommand):
    """A command whose argument is free text (`search`): a word that starts with a dash (`-korea`,
    `-non-européen`) is a word of the text, not an unknown option (`No such option: -k`) nor a short
    option with its value (`-finale` as `-f inale`). Only the command's options spelled whole are
    options (`-n 5`, `--limit 5`, `--limit=5`; not `-n5`); everything else is text, in its order."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if param.param_type_name == "option":
                for name in (*param.opts, *param.secondary_opts):
                    # Options are click's, which typer vendors: read as attributes, not by class.
                    takes_value[name] = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words += rest
                break
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if name not in takes_value:
                words.append(arg)
                continue
            options.append(arg)
            if takes_value[name] and name == arg:
                value = next(rest, None)
                if value is None:  # `search robotics -n`: the parser says the value is missing
                    return list(super().parse_args(ctx, options))
                options.append(value)
        return list(super().parse_args(ctx, [*options, "--", *words]))


def _print_help(ctx: Any) -> None:
    """Help, drawn by `helpscreen` rather than typer's Rich help module, which imports Markdown and
    Pygments for nothing (about 0.5x a lookup's whole start-up, bench/startup.py)."""
    from milafacts.helpscreen import screen

    console = _console()
    for line in screen(ctx, console.width):
        # soft_wrap: each line is drawn to the width already; Rich must neither wrap nor crop it.
        console.print(line, soft_wrap=True)


app = typer.Typer(
    name="milafacts",
    cls=_Group,
    help="Quick, cited answers about Mila's 2025 international year.\n\nExample: milafacts country italy",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --- options defined once, used by every command -----------------------------------------------

FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        case_sensitive=False,
        help="Output format: a table for people; json, ndjson, csv, tsv or markdown for scripts and documents.",
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,...",
        help="Only these fields of each row, in this order (json, ndjson, csv, tsv); alone, list them.",
    ),
]
SourcesOpt = Annotated[bool, typer.Option("--sources", help="Add the source section to every table row.")]
# The formats by extension are export.py's (`export.extensions`), not imported here for a help line.
ExportOpt = Annotated[
    str | None,
    typer.Option(
        "--export",
        metavar="PATH",
        help="Also write the view to PATH, in the format its extension names: .html (.htm), .svg, .md "
        "(.markdown), "
        + ", ".join(f".{f.value}" for f in Format if f not in (Format.table, Format.markdown))
        + ". With -, an HTML page goes to standard output in place of the usual output.",
    ),
]

# The global options: taken by the group and by every command, so they may come before or after the
# command. `_settings` reads them from the contexts (the command's own win); command bodies never do.
GLOBAL = "Global options (before or after the command)"
DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="Use another dataset file of the same schema (default: $MILAFACTS_DATA, else the bundled one).",
        rich_help_panel=GLOBAL,
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Parse the dataset without the parse cache (also MILAFACTS_NO_CACHE=1).",
        rich_help_panel=GLOBAL,
    ),
]
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print long output directly, not through the pager (also MILAFACTS_PAGER=cat).",
        rich_help_panel=GLOBAL,
    ),
]


def _language_option(ctx: typer.Context, value: str | None) -> str | None:
    """As soon as a command's options are read: choose the language (`_lang`), so that a mistake in
    the rest of the input is told in it, and a bad language is a usage error before anything else."""
    if ctx.parent is not None:  # the group's --lang is read with the command's
        _lang(ctx, value)
    return value


LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="en|fr",
        help="Language of the answers: en or fr (default: $MILAFACTS_LANG, else the locale's, else en).",
        rich_help_panel=GLOBAL,
        callback=_language_option,
    ),
]


class _Option(NamedTuple):
    name: str
    annotation: Any
    default: Any


# Declared once, taken by every command that prints a view (sqlite-utils' `@output_options`), and
# read back from the context by `_check_output` and `_output`.
OUTPUT_OPTIONS = (
    _Option("fmt", FormatOpt, Format.table),
    _Option("fields", FieldsOpt, None),
    _Option("sources", SourcesOpt, False),
    _Option("export", ExportOpt, None),
)
GLOBAL_OPTIONS = (
    _Option("data", DataOpt, None),
    _Option("no_cache", NoCacheOpt, False),
    _Option("no_pager", NoPagerOpt, False),
    _Option("language", LangOpt, None),
)

_Command = TypeVar("_Command", bound=Callable[..., None])


def command(
    *, rows: str | None = None, output: bool = True, sources: bool = True, text: bool = False
) -> Callable[[_Command], _Command]:
    """Register a command with the shared options added to its own: the output options (unless
    `output` is false; `--sources` unless `sources` is false) and the global ones; `text` when its
    argument is free text (`_WordsCommand`). `rows` names the
    fields its rows hold (`views.ROWS`), which `--fields` chooses from. Typer reads a command's
    options from its signature, so they are added to the signature here, and dropped from the
    call: the body reads them through `_check_output`, `_output` and `_settings`."""

    def register(func: _Command) -> _Command:
        shared = [o for o in OUTPUT_OPTIONS if output and (sources or o.name != "sources")] + list(GLOBAL_OPTIONS)
        own = inspect.signature(func)
        added = [
            inspect.Parameter(o.name, inspect.Parameter.KEYWORD_ONLY, default=o.default, annotation=o.annotation)
            for o in shared
        ]

        @functools.wraps(func)
        def run(ctx: typer.Context, *args: Any, **kwargs: Any) -> None:
            # The values as typer converted them (a `Format`, not the string typed), for `_chosen`.
            ctx.meta[_OPTIONS_KEY] = {option.name: kwargs.pop(option.name) for option in shared}
            ctx.meta[_ROWS_KEY] = views.COMMANDS.get(func.__name__)
            func(ctx, *args, **kwargs)

        run.__signature__ = own.replace(parameters=[*own.parameters.values(), *added])  # type: ignore[attr-defined]
        run.__annotations__ = {**func.__annotations__, **{o.name: o.annotation for o in shared}}
        app.command(cls=_WordsCommand if text else _HelpedCommand)(run)
        return func

    return register


# --- checking input, loading, printing -----------------------------------------------------------


def _check_export(ctx: typer.Context, fmt: Format, export: str | None) -> str | None:
    """--export's path, before the dataset is read (`export.check_export`): a known extension, never
    the dataset in use (`_settings`). A file goes with any --format (stdout follows --format, the
    file its extension); `-` is the run's output, so it cannot also be another --format's. The
    format of the export, if any."""
    if export is None:
        return None
    from milafacts.export import STDOUT, check_export

    if export == STDOUT and fmt is not Format.table:
        raise UsageError(
            f"--export - writes an HTML page to standard output, where --format {fmt.value} writes too; "
            "drop one of them, or give --export a file",
            french=f"--export - écrit une page HTML sur la sortie standard, où écrit aussi --format {fmt.value}"
            f"{lang.NBSP}; retirez l'un des deux, ou donnez un fichier à --export",
        )
    dataset, _ = _settings(ctx)
    return check_export(export, dataset).kind


def _settings(ctx: typer.Context, path: str | None = None) -> tuple[Path | None, bool]:
    """The dataset file (None: the bundled one) and whether to use the parse cache, checked before
    anything is read. `path` (validate's argument) wins over the command's --data, which wins over
    the group's, which wins over MILAFACTS_DATA. MILAFACTS_NO_CACHE is read by `cache.enabled()`
    alone, and checked even when --no-cache makes it moot. Read from the contexts so that completion,
    which runs no command, sees them too."""
    from milafacts import cache

    mine, root = ctx.params, ctx.find_root().params
    given = [
        ("PATH", path),
        ("--data", mine.get("data")),
        ("--data", root.get("data")),
        ("MILAFACTS_DATA", os.environ.get("MILAFACTS_DATA")),
    ]
    name, data = next(((name, value) for name, value in given if value is not None), ("", None))
    if data == "":
        raise UsageError(
            f"{name} is empty; give the path of a dataset file, or leave it out to use the bundled one",
            french=f"{name} est vide{lang.NBSP}; donnez le chemin d'un fichier de jeu de données, ou omettez-le "
            "pour utiliser celui qui est fourni",
        )
    use_cache = cache.enabled()
    return (Path(data) if data else None), use_cache and not (mine.get("no_cache") or root.get("no_cache"))


def _lang(ctx: typer.Context, given: str | None = None) -> str:
    """The language of the answers (`lang.choose`): the command's --lang (`given` while it is being
    read), else the group's, else MILAFACTS_LANG, else the locale, else English; an unknown value is
    a usage error. Remembered on the root context, so that an error is told in the same language."""
    mine, root = ctx.params, ctx.find_root()
    option = next((v for v in (given, mine.get("language"), root.params.get("language")) if v is not None), None)
    chosen = lang.choose(option)
    root.meta[_LANG_KEY] = chosen
    return chosen


_LANG_KEY = "milafacts.lang"


def _profile(ctx: typer.Context, collection: str | None, name: list[str]) -> None:
    """What `country`, `person`, `org` and `show` do: check the name, load, resolve it in one
    collection (or any, for `show`), print the record's profile."""
    kind = COLLECTIONS[collection].KIND if collection else "record"
    text = query.check_name(" ".join(name), kind)
    _check_output(ctx)
    dataset = _dataset(ctx)
    record = query.resolve(dataset, collection, text) if collection else query.resolve_any(dataset, text)
    _output(ctx, views.profile(dataset, query.profile(dataset, record), lang=_lang(ctx)))


def _dataset(ctx: typer.Context) -> Dataset:
    from milafacts.load import load

    path, cache = _settings(ctx)
    return load(path, cache=cache)


def _chosen(ctx: typer.Context, name: str) -> Any:
    """The value of one of the command's shared options (`command`), as typer converted it."""
    options = ctx.meta[_OPTIONS_KEY]
    return options.get(name, next(o.default for o in OUTPUT_OPTIONS if o.name == name))


_OPTIONS_KEY, _ROWS_KEY = "milafacts.options", "milafacts.rows"


def _check_output(ctx: typer.Context) -> None:
    """The command's output options (`OUTPUT_OPTIONS`), checked before the dataset is read."""
    exported = _check_export(ctx, _chosen(ctx, "fmt"), _chosen(ctx, "export"))
    formats = [_chosen(ctx, "fmt"), *(f for f in Format if f.value == exported)]
    ctx.meta[_FIELDS_KEY] = check_fields(_chosen(ctx, "fields"), formats, ctx.meta[_ROWS_KEY])


_FIELDS_KEY = "milafacts.fields"


def _output(ctx: typer.Context, view: View) -> None:
    """Print a view as the command's output options say, and write the export when one was asked
    for. A reader that goes away, or a stdout that cannot be written, is the stream guard's
    (`output.guarded`)."""
    fmt, sources, export = _chosen(ctx, "fmt"), _chosen(ctx, "sources"), _chosen(ctx, "export")
    if export is not None and _export(view, export, sources, ctx.meta.get(_FIELDS_KEY)):
        return  # `--export -`: the HTML page on stdout is the output
    shown = render(view, fmt, sources=sources, fields=ctx.meta.get(_FIELDS_KEY))
    paging = _paging(ctx)
    if not isinstance(shown, str):
        console = _console()
        if not paging and console.color_system is None and isinstance(shown, TableOrRecords):
            # Nothing to style (a pipe, a file, NO_COLOR): the lines' text is the output, exactly
            # what Rich would print for them, without its 10 ms of segmenting (the Italy profile).
            sys.stdout.write("".join(f"{line.plain}\n" for line in shown.lines(console.width)))
            return
        if not paging:
            # crop=False: a word wider than the terminal runs past the edge rather than losing its end.
            console.print(shown, crop=False)
            return
        with console.capture() as captured:  # the same console: its width, its colours or none
            console.print(shown, crop=False)
        _page(captured.get(), view.lang)
        return
    text, exact = output.lossless(shown, fmt, sys.stdout.encoding)
    if not exact:
        said = (
            "the output encoding ({}) cannot show every character, so accents and symbols were simplified; "
            "set PYTHONIOENCODING=utf-8 to keep them"
        )
        _note(lang.t(said, view.lang).format(sys.stdout.encoding), view.lang)
    if paging:
        _page(text, view.lang)
    else:
        sys.stdout.write(text)


def _paging(ctx: typer.Context) -> bool:
    """Whether the output may go through a pager (`pager`): on a terminal, without --no-pager (the
    command's or the group's). Anything else is printed as it always was, at no cost."""
    return sys.stdout.isatty() and not (ctx.params.get("no_pager") or ctx.find_root().params.get("no_pager"))


def _page(text: str, language: str) -> None:
    """`text` on the terminal, through the pager when it does not fit (`pager.show`)."""
    from milafacts import pager

    pager.show(text, sys.stdout, os.environ, language=language, note=functools.partial(_note, language=language))


def _note(message: str, language: str) -> None:
    """One line on stderr that is not an error: what was searched instead of what was typed. In
    French, with a no-break space before the colon, as the errors say it (Québec spacing)."""
    prefix = f"milafacts{lang.NBSP}: " if language == "fr" else "milafacts: "
    sys.stderr.write(f"{prefix}{visible(_one_line(message))}\n")


def _one_line(message: str) -> str:
    """`message` on one line, each run of spaces and line breaks one space; a no-break space (the
    French `erreur\u00a0:`) is kept, as `str.split` would not keep it."""
    return " ".join(re.split(r"[^\S\u00a0\u202f]+", message.strip(" \t\r\n\v\f")))


def _console(*, stderr: bool = False) -> Any:
    """Rich's console, but with NO_COLOR meaning no styling at all (plain text for logs and screen readers)."""
    import shutil

    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    # Rich takes COLUMNS=0 literally and renders nothing: read 0 as unset (the terminal's width, else 80).
    columns = os.environ.get("COLUMNS", "")
    width = shutil.get_terminal_size().columns if columns.isdigit() and int(columns) == 0 else None
    return Console(stderr=stderr, color_system=None if plain else "auto", highlight=False, width=width)


def _export(view: View, export: str, sources: bool, fields: list[str] | None) -> bool:
    """Write the export `_check_export` accepted (`OutputError` when it cannot be written); True
    when it went to stdout (`--export -`), in place of the usual output."""
    from milafacts.export import target, write_export

    chosen = target(export)
    write_export(view, chosen, sources=sources, fields=fields)
    return chosen.path is None


def fail(error: MilafactsError, command: str | None = None, language: str = "en") -> NoReturn:
    """One styled line on stderr, then the error's exit code; with `command`, a pointer to its help.
    In French when the run answers in French and the error has its French (`MilafactsError.french`);
    the others are still told in English, and then the whole line is."""
    from rich.text import Text

    french = language == "fr" and bool(error.french)
    # Always one line, whatever the message carries: scripts read stderr line by line; and a
    # dataset's or a user's text in it can send nothing to the terminal (`visible` escapes controls).
    message = visible(_one_line(error.text("fr" if french else "en")))
    if command is not None and "(see '" not in message and "(voir " not in message:  # unless it points at help
        message += f" (voir «{lang.NBSP}{command} -h{lang.NBSP}»)" if french else f" (see '{command} -h')"
    prefix = f"milafacts{lang.NBSP}: erreur{lang.NBSP}: " if french else "milafacts: error: "
    _console(stderr=True).print(Text.assemble((prefix, "bold red"), message), soft_wrap=True)
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
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    no_pager: NoPagerOpt = False,
    language: LangOpt = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Quick, cited answers about Mila's 2025 international year.

    Example: milafacts country italy
    """


@command()
def country(
    ctx: typer.Context,
    name: CountryArg,
) -> None:
    """Everything the dataset knows about one country or place.

    Example: milafacts country italy
    """
    _profile(ctx, "countries", name)


@command()
def countries(
    ctx: typer.Context,
) -> None:
    """Every country and place, with how many facts link to each.

    Example: milafacts countries --format csv
    """
    _check_output(ctx)
    dataset = _dataset(ctx)
    _output(ctx, views.counted(dataset, "countries", "Countries and places", lang=_lang(ctx)))


@command()
def fellows(
    ctx: typer.Context,
) -> None:
    """The AI Policy Fellows the article highlights, with their collaborators.

    Example: milafacts fellows --format json
    """
    _check_output(ctx)
    dataset = _dataset(ctx)
    _output(ctx, views.fellows(dataset, lang=_lang(ctx)))


@command()
def stats(
    ctx: typer.Context,
) -> None:
    """The headline figures, as stated, with derived figures marked.

    Example: milafacts stats
    """
    _check_output(ctx)
    dataset = _dataset(ctx)
    _output(ctx, views.statistics(dataset, lang=_lang(ctx)))


@command()
def people(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option("--role", help="Only people whose role contains this text.")] = None,
    in_country: Annotated[
        str | None,
        typer.Option("--country", help="Only people tied to this country.", autocompletion=_completer("countries")),
    ] = None,
) -> None:
    """Everyone in the dataset, with roles and affiliations.

    Example: milafacts people --country sweden
    """
    country_name = None if in_country is None else query.check_name(in_country, "country")
    _check_output(ctx)
    dataset = _dataset(ctx)
    place = None if country_name is None else query.resolve(dataset, "countries", country_name)
    assert place is None or isinstance(place, Country)  # what resolve finds in "countries"
    _output(ctx, views.people(dataset, query.people(dataset, role, place), lang=_lang(ctx)))


@command()
def person(
    ctx: typer.Context,
    name: PersonArg,
) -> None:
    """One person's roles and every event, agreement and fellowship linked to them.

    Example: milafacts person bengio
    """
    _profile(ctx, "people", name)


@command()
def orgs(
    ctx: typer.Context,
) -> None:
    """Every organization, with how many facts link to each.

    Example: milafacts orgs
    """
    _check_output(ctx)
    dataset = _dataset(ctx)
    _output(ctx, views.counted(dataset, "organizations", "Organizations", lang=_lang(ctx)))


@command()
def org(
    ctx: typer.Context,
    name: OrgArg,
) -> None:
    """One organization and everything linked to it.

    Example: milafacts org tii
    """
    _profile(ctx, "organizations", name)


@command()
def timeline(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Option("--month", help="Only this month: a name (november) or 1-12.")] = None,
) -> None:
    """Dated events in order, undated ones after.

    Example: milafacts timeline --month november
    """
    number = None if month is None else query.parse_month(month)
    _check_output(ctx)
    dataset = _dataset(ctx)
    _output(ctx, views.timeline(dataset, query.timeline(dataset, number), number, lang=_lang(ctx)))


@command()
def agreements(
    ctx: typer.Context,
) -> None:
    """MOUs, joint statements and partnerships: parties and subjects.

    Example: milafacts agreements --format markdown
    """
    _check_output(ctx)
    dataset = _dataset(ctx)
    _output(ctx, views.agreements(dataset, lang=_lang(ctx)))


@command(text=True)
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="WORDS...", help="What you are looking for, in your own words (EN or FR).")
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, metavar="1-1000", help="Show at most this many results.")
    ] = 10,
) -> None:
    """Find facts in your own words: ranked, typo-tolerant, English or French.

    Example: milafacts search how many researchers
    """
    from milafacts import search as engine  # sqlite3 and the stemmers: only for searching

    text = engine.check_query(" ".join(words))
    _check_output(ctx)
    dataset = _dataset(ctx)
    results = engine.search(dataset, text, limit)
    for typed, corrected in results.corrections:
        said = lang.t("no '{}' in the dataset; searched for '{}' instead", _lang(ctx))
        _note(said.format(typed, corrected), _lang(ctx))
    if results.unmatched:
        missing = ", ".join(lang.quoted(word, _lang(ctx)) for word in results.unmatched)
        said = lang.t("nothing in the dataset matches {}; these results match the other words", _lang(ctx))
        _note(said.format(missing), _lang(ctx))
    _output(ctx, views.search(dataset, results, lang=_lang(ctx)))


@command()
def show(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(metavar="NAME|ID", help="Any record: name, alias or id (vivatech, g7 finale, community-size)."),
    ],
) -> None:
    """Everything about one record of any kind: event, agreement, figure, fellow, person, place...

    Example: milafacts show g7 finale
    """
    _profile(ctx, None, name)


@command(sources=False)
def sources(
    ctx: typer.Context,
) -> None:
    """The source article's sections and how many records cite each.

    Example: milafacts sources
    """
    _check_output(ctx)
    dataset = _dataset(ctx)
    _output(ctx, views.sources(dataset, lang=_lang(ctx)))


@command(output=False)
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
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
    from milafacts.load import check, untranslated

    language = _lang(ctx)
    fr, nbsp = language == "fr", lang.NBSP
    article = None if source is None else _read_article(source)  # an unreadable article is a usage error
    dataset_path, _ = _settings(ctx, path)
    problems = check(dataset_path)
    sys.stdout.write("".join(f"{problem.text(language)}\n" for problem in problems))
    if problems:
        count, s = len(problems), "s" if len(problems) > 1 else ""
        found = f"{lang.number(count, 'fr')} problème{s} trouvé{s}"
        raise DatasetError(problems, summary=f"{count} problem(s) found", french_summary=found)
    if article is not None:
        _check_against_article(dataset_path, article, source, language)
    # Missing French is a warning: the dataset works, in English where its French is missing.
    # Listed up to MAX_WARNINGS: a dataset not yet translated would otherwise bury the verdict.
    warnings = untranslated(dataset_path)
    sys.stdout.write("".join(f"{warning.text(language)}\n" for warning in warnings[:MAX_WARNINGS]))
    more = len(warnings) - MAX_WARNINGS
    if more > 0 and fr:
        others = "autre sans son français" if more == 1 else "autres sans leur français"
        sys.stdout.write(f"... et {lang.number(more, 'fr')} {others}\n")
    elif more > 0:
        sys.stdout.write(f"... and {more} more without their French\n")
    if fr:
        checked = f"{nbsp}; chaque nom, nombre et date se trouve dans {source}" if source is not None else ""
        sans = "sans son français (avertissement" if len(warnings) == 1 else "sans leur français (avertissements"
        lacking = f"{nbsp}; {lang.number(len(warnings), 'fr')} {sans} ci-dessus)" if warnings else ""
        sys.stdout.write(f"ok{nbsp}: aucun problème trouvé{checked}{lacking}\n")
        return
    checked = f"; every name, number and date is in {source}" if source is not None else ""
    lacking = f"; {len(warnings)} without their French (warnings above)" if warnings else ""
    sys.stdout.write(f"ok: no problems found{checked}{lacking}\n")


MAX_WARNINGS = 50


def _read_article(source: Path) -> str:
    from milafacts.sourcecheck import read_article

    return read_article(source)


def _check_against_article(dataset_path: Path | None, article: str, source: Path | None, language: str) -> None:
    """List what `validate --source` finds (then what the dataset leaves out), failing on any of it."""
    from milafacts.sourcecheck import check_source

    report = check_source(dataset_path, article)
    sys.stdout.write("".join(f"{problem.text(language)}\n" for problem in report.findings))
    findings, uncovered = len(report.findings), len(report.uncovered)
    if report.uncovered:
        fr = language == "fr"
        header = f"absent du jeu de données ({uncovered}){lang.NBSP}:" if fr else f"not in the dataset ({uncovered}):"
        sys.stdout.write(f"{header}\n")
        sys.stdout.write("".join(f"  {name}\n" for name in report.uncovered))
    if not report.clean:
        found = f"{findings} finding(s), {uncovered} not in the dataset"
        s, s2 = "s" if findings > 1 else "", "s" if uncovered > 1 else ""
        trouve = (
            f"{lang.number(findings, 'fr')} constat{s}, {lang.number(uncovered, 'fr')} absent{s2} du jeu de données"
        )
        raise DatasetError(
            report.findings,
            summary=f"checked against {source}: {found}",
            french_summary=f"vérifié d'après {source}{lang.NBSP}: {trouve}",
        )


def _keep_only_invoked_command(args: list[str]) -> None:
    """Register only the command being run: typer builds every registered command's parameters from
    its signature at start-up (about 3 ms each), which a single lookup never needs. Help, completion
    and anything unrecognised keep the full set, so listings and "did you mean" stay complete."""
    if os.environ.get("_MILAFACTS_COMPLETE"):
        return
    takes_value = {"--data", "--lang"}
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
    output.prepare_streams()
    _keep_only_invoked_command(sys.argv[1:])
    app(prog_name="milafacts")
