"""`--export PATH`: the view written to a file, in the format the file's extension names.

`check_export` reads and checks the path before the dataset is read (a known extension, and never
the dataset file itself); `write_export` writes the view once it is built, whole or not at all. The
script formats are `render`'s own, so every `--format` is also an export (`.json`, `.tsv`...). The two
formats for people are built here, each one self-contained and light, to read in a 600-pixel column
(a README, a mail, a phone), nothing fetched from the network when it is opened:

- HTML: a semantic page (caption, column headers, citation) from the standard library alone: a
  table where its columns fit, else the records one after another, as on the terminal; long words
  wrap rather than push the page sideways;
- SVG: the table exactly as the terminal draws it (`render.to_table`), at 72 columns.

No typer here: the command line maps `UsageError` and `OutputError` to their exit codes.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias

from milafacts import render
from milafacts.errors import OutputError, UsageError
from milafacts.lang import t
from milafacts.render import Format
from milafacts.text import NBSP, visible
from milafacts.views import Column, View

if TYPE_CHECKING:
    from rich.segment import Segment
    from rich.style import Style

STDOUT = "-"  # `--export -`: the HTML page on standard output, in place of the usual output

Kind: TypeAlias = Literal["html", "svg"] | Format  # the two pages, or a script format


class Target(NamedTuple):
    """Where `--export` writes (None: standard output) and in which format."""

    path: Path | None
    kind: Kind


def extensions() -> dict[str, Kind]:
    """Every extension `--export` knows (lower case) and its format: the two pages, then every
    `--format` but the terminal's table under its own name, and Markdown's usual `.md` too."""
    known: dict[str, Kind] = {".html": "html", ".htm": "html", ".svg": "svg", ".md": Format.markdown}
    known.update({f".{fmt.value}": fmt for fmt in Format if fmt is not Format.table})
    return known


def target(path: str) -> Target:
    """`--export`'s value read: `-` is an HTML page on standard output; a file takes the format of
    its extension, in any case (`.HTML`). `UsageError` for an empty path or an unknown extension."""
    if path == STDOUT:
        return Target(None, "html")
    choices = ", ".join(sorted(extensions()))
    if not path.strip():
        raise UsageError(
            f"--export is empty; give a file path ending in {choices}, or - for an HTML page on standard output",
            french=f"--export est vide{NBSP}; donnez un chemin de fichier finissant par {choices}, "
            "ou - pour une page HTML sur la sortie standard",
        )
    if path.endswith(("/", os.sep)):  # `x.html/` names a folder; Path would drop the slash and write x.html
        raise UsageError(
            f"--export {path} ends with a slash, which names a folder; give a file path ending in {choices}",
            french=f"--export {path} finit par une barre oblique, qui désigne un dossier{NBSP}; donnez un chemin de "
            f"fichier finissant par {choices}",
        )
    suffix = Path(path).suffix
    kind = extensions().get(suffix.lower())
    if kind is None:
        english, french = f"has an unknown extension '{suffix}'", f"a une extension inconnue, «{NBSP}{suffix}{NBSP}»"
        if not suffix:
            english, french = "has no extension", "n'a pas d'extension"
        raise UsageError(
            f"--export {path} {english}; the format is chosen by the extension: {choices} (or - for an HTML page "
            "on standard output)",
            french=f"--export {path} {french}{NBSP}; l'extension choisit le format{NBSP}: {choices} (ou - pour une "
            "page HTML sur la sortie standard)",
        )
    return Target(Path(path), kind)


def check_export(path: str, dataset: Path | None) -> Target:
    """`--export`'s value checked before anything is read: refused when it names the dataset in use
    (`dataset`; None: the bundled one) under any spelling, since writing the export would destroy
    the file it is made from; then read as `target` reads it. The dataset comes first: it is what
    the user most needs to hear about, whatever the extension."""
    if path != STDOUT:
        if dataset is None:
            from milafacts.load import bundled_path

            dataset = bundled_path()
        if _same_file(Path(path), dataset):
            raise UsageError(
                f"--export {path} would overwrite the dataset in use; choose another path",
                french=f"--export {path} écraserait le jeu de données utilisé{NBSP}; choisissez un autre chemin",
            )
    return target(path)


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file: through symlinks, `..` and hard links when both exist,
    else by where they lead (a dataset that does not exist yet is still not to be written over)."""
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        pass
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):  # a symlink loop: it names no file, and writing it fails (exit 5)
        return False


def write_export(view: View, target: Target, *, sources: bool, fields: Sequence[str] | None = None) -> None:
    """Write `view` where `target` says; `OutputError` when the file cannot be written. Files are
    UTF-8 whatever the terminal's encoding: they are read by other programs, not by the terminal.
    `fields` (`--fields`) chooses the fields of a .json, .ndjson, .csv or .tsv export, as of the
    output."""
    content = _content(view, target.kind, sources=sources, fields=fields)
    if target.path is None:
        _page_to_stdout(content)
        return
    try:
        # A lone surrogate (the only text UTF-8 cannot hold) is written as its escape, like a control.
        _write_whole(target.path, content.encode("utf-8", "backslashreplace"))
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path (from Python only)
        english, french = _why(error)
        raise OutputError(
            f"cannot write {target.path}: {english}", french=f"impossible d'écrire {target.path}{NBSP}: {french}"
        ) from None


def _write_whole(path: Path, data: bytes) -> None:
    """`data` in the file `path`, whole or not at all: written beside it, then renamed over it, so
    a full disk or a crash leaves an earlier file as it was and no half-written one. The path is
    followed through symlinks, so that the file they lead to is the one replaced. Only a regular
    file is written over: a FIFO would block until a reader came, and a device is not an export
    (`_NOT_A_FILE`)."""
    import stat
    import tempfile

    final = path.resolve()
    try:
        mode = final.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        raise OSError(_NOT_A_FILE, "not a regular file")
    handle, partial = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        # The mode of the file replaced, or a new file's (mkstemp makes its file private).
        os.chmod(partial, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(partial, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_NOT_A_FILE = -1  # our own `errno` for a path that exists but is no regular file (`_REASONS`)


def _content(view: View, kind: Kind, *, sources: bool, fields: Sequence[str] | None = None) -> str:
    if kind == "html":
        return to_html(view, sources=sources)
    if kind == "svg":
        return to_svg(view, sources=sources)
    shown = render.render(view, Format(kind), sources=sources, fields=fields)
    assert isinstance(shown, str)  # every format but the table is text (the table is not an extension)
    return shown


def _page_to_stdout(page: str) -> None:
    """`--export -`: the page on stdout, whole. The page says it is UTF-8; on a stream that is not,
    every character outside ASCII goes as an HTML character reference (`&#229;`), which reads the
    same in a browser, and ASCII is the same bytes in UTF-8 and in the stream's encoding."""
    try:
        page.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        page = page.encode("ascii", "xmlcharrefreplace").decode("ascii")
    sys.stdout.write(page)


# The usual reasons a file cannot be written, in both languages; any other is the system's words.
_REASONS = {
    errno.ENOENT: ("no such directory", "dossier introuvable"),
    errno.ENOTDIR: ("a part of the path is not a directory", "une partie du chemin n'est pas un dossier"),
    errno.EISDIR: ("it is a directory", "c'est un dossier"),
    errno.EACCES: ("permission denied", "permission refusée"),
    errno.EPERM: ("permission denied", "permission refusée"),
    errno.EROFS: ("read-only file system", "système de fichiers en lecture seule"),
    errno.ENOSPC: ("no space left on the device", "plus de place sur le périphérique"),
    _NOT_A_FILE: (
        "not a regular file (an export replaces only a file)",
        "ce n'est pas un fichier ordinaire (un export ne remplace qu'un fichier)",
    ),
}


def _why(error: Exception) -> tuple[str, str]:
    """Why a file could not be written, in English and in French."""
    if isinstance(error, OSError) and error.errno in _REASONS:
        return _REASONS[error.errno]
    why = str(error.strerror if isinstance(error, OSError) and error.strerror else error)
    return why, why


# --- HTML -----------------------------------------------------------------------------------------

# Light and neutral, system fonts, nothing loaded. Like the terminal's table (`render.TableOrRecords`),
# the page is a table where its columns fit without splitting a word, else the records one after
# another, a `Header: value` line per field: `_stacked` says below which width. A line breaks between
# words (`break-word`: inside a word only where nothing else fits), so a table column is never
# narrower than its longest ordinary word. A cell holding a run of more than `_LONG` characters with
# no break in it (a URL, an id, a compound name) is `long`: it may break anywhere (`overflow-wrap:
# anywhere`, which unlike `break-word` also narrows the table's own layout; `word-break: break-word`
# for browsers before it). Breaking every cell anywhere would squeeze short columns to a letter or
# two. `pre-line` keeps a value's own line breaks, as the terminal does; `pre-wrap` would also keep
# the space where a line wraps, hanging past the cell's edge.
_STYLE = """\
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; background: #fff; color: #1f2328;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; font-size: 1.15rem; font-weight: 600; padding: 0 0 .5rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #d8dee4;
  white-space: pre-line; overflow-wrap: break-word; }
thead th { background: #f6f8fa; border-bottom: 2px solid #afb8c1; font-weight: 600; }
.long, caption, p { overflow-wrap: anywhere; word-break: break-word; }
mark { background: #fff1a8; color: inherit; }
p.source, p.note { color: #59636e; font-size: .9rem; margin: .6rem 0 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  thead th { background: none; }
}
"""
# The records: each row a block, each field a line led by its header (`data-label`, which holds the
# `: ` of the view's language); the header row, whose words the fields now carry, is not drawn.
_RECORDS = """\
  table, caption, tbody, tr, td { display: block; }
  thead, td:empty { display: none; }
  tr { padding: .4rem 0; border-bottom: 1px solid #d8dee4; }
  td { padding: .1rem 0; border: 0; }
  td::before { content: attr(data-label); font-weight: 600; }
"""
_LONG = 20  # characters: more than the longest common words (`internationalization`)
_BREAKS = " \t\n\r\f\v\\-\u2010\u2013\u2014"  # where a line may break: spaces, and after hyphens and dashes
_WORDS = re.compile(f"[^{_BREAKS}]+[\\-\u2010\u2013\u2014]?")  # no-break spaces hold a word together
# A character's width, in em, about the widest of the usual system sans serif fonts (DejaVu Sans):
# so that the estimate errs towards records rather than a page that scrolls sideways.
_EM_PER_CHARACTER, _EM_PER_BOLD_CHARACTER = 0.62, 0.72


def to_html(view: View, *, sources: bool = False) -> str:
    """The view as a self-contained HTML page: the table format's columns and cells, the citation
    after the table, then the notes; matched words marked (`<mark>`) in search results."""
    import html

    def escaped(text: str) -> str:
        return html.escape(visible(text))

    columns = render._columns(view, sources)
    labels = [escaped(column.header + t(": ", view.lang)) for column in columns]
    header = "".join(f'<th scope="col">{escaped(column.header)}</th>' for column in columns)
    rows = [
        "<tr>"
        + "".join(
            _html_cell(view, row, column.key, label, escaped) for column, label in zip(columns, labels, strict=True)
        )
        + "</tr>"
        for row in view.rows
    ]
    after = [f'<p class="source">{escaped(render.caption(view))}</p>']
    if not view.rows:
        after.insert(0, f'<p class="note">{escaped(t("No results.", view.lang))}</p>')
    after += [f'<p class="note">{escaped(note)}</p>' for note in view.notes]
    style = f"{_STYLE}@media (max-width: {_stacked(view, columns)}em) {{\n{_RECORDS}}}\n"
    lines = [
        "<!doctype html>",
        f'<html lang="{html.escape(view.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escaped(view.title)}</title>",
        f"<style>\n{style}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<table>",
        f"<caption>{escaped(view.title)}</caption>",
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        *after,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _stacked(view: View, columns: list[Column]) -> int:
    """The page width, in em of the 16-pixel type, below which the view is shown as records: about
    the width the table needs for each column to hold its longest word (its bold header's too),
    a long run counting as `_LONG` characters, as it may break anywhere; then each cell's padding
    and the page's."""
    width = 2.0  # the page's padding, 1em each side
    for column in columns:
        words = [len(word) * _EM_PER_BOLD_CHARACTER for word in _WORDS.findall(visible(column.header))]
        for row in view.rows:
            text = visible(render.cell(row.get(column.key), ", ", view.lang, spelled=True))
            words += [min(len(word), _LONG) * _EM_PER_CHARACTER for word in _WORDS.findall(text)]
        width += max(words, default=0) + 1  # a cell's padding: .5em each side
    return math.ceil(width)


def _html_cell(view: View, row: dict[str, Any], key: str, label: str, escaped: Callable[[str], str]) -> str:
    """A `<td>` as the table shows the cell, `long` when it holds a long unbroken run (`_STYLE`),
    labelled for the records layout, the matched words (the row's `<key>_spans`, counted in
    characters of the raw text, as `render._cell_text` reads them) in `<mark>`."""
    raw = render.cell(row.get(key), ", ", view.lang, spelled=True)
    spans: list[list[int]] = []
    if key in view.highlight:
        for start, end in sorted(row.get(f"{key}_spans", ())):
            if spans and start <= spans[-1][1]:  # overlapping or touching: one mark
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
    parts, done = [], 0
    for start, end in spans:
        parts += [escaped(raw[done:start]), f"<mark>{escaped(raw[start:end])}</mark>"]
        done = end
    parts.append(escaped(raw[done:]))
    long = ' class="long"' if any(len(word) > _LONG for word in _WORDS.findall(visible(raw))) else ""
    return f'<td data-label="{label}"{long}>{"".join(parts)}</td>'


# --- SVG ------------------------------------------------------------------------------------------

# The picture is the terminal's table at 72 columns: 72 cells of 7.8 px (13 px monospace type, whose
# advance is 0.6 of its size in DejaVu Sans Mono, Menlo and Courier) and the frame's margins make
# 586 px, inside a 600-pixel column at full size. Each run of text is pinned to its cells
# (`textLength`), so a font a little wider or narrower than that keeps the columns aligned.
COLUMNS = 72
_FONT_SIZE = 13
_CELL = _FONT_SIZE * 0.6
_LINE = 18
_BASELINE = 13  # from a line's top: half the leading (2.5 px), then the type's ascent
_MARGIN = 12
_FONTS = "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace"
_INK, _DIM, _WARN, _MARK, _PAPER, _BORDER = "#1f2328", "#59636e", "#7d4e00", "#fff1a8", "#ffffff", "#d0d7de"
# What XML admits nowhere, even escaped, and `text.visible` leaves: surrogates and two noncharacters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def to_svg(view: View, *, sources: bool = False) -> str:
    """The view as the terminal draws it, as a self-contained SVG: a white page in a thin grey frame,
    dark monospace text, no fonts or images fetched. A word wider than 72 columns is never cut: the
    drawing grows to hold it and is scaled down to the same displayed width."""
    import html

    def escaped(text: str) -> str:
        return html.escape(_NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text))

    lines = _terminal_lines(view, sources)
    columns = max([COLUMNS, *(sum(_cells(segment.text) for segment in line) for line in lines)])
    marks: list[str] = []
    texts: list[str] = []
    for number, line in enumerate(lines):
        top = _MARGIN + number * _LINE
        column = 0  # in cells, where the segment starts
        for segment in line:
            style = segment.style
            if style is not None and style.reverse:  # a matched word: marked as HTML's <mark> is
                marks.append(
                    f'<rect x="{_MARGIN + column * _CELL:g}" y="{top}" width="{_cells(segment.text) * _CELL:g}"'
                    f' height="{_LINE}" fill="{_MARK}"/>'
                )
            # One <text> per run of words, at its own cell: the columns stay where the terminal has them.
            for run in re.finditer(r"[^ ]+(?: [^ ]+)*", segment.text):
                x = _MARGIN + (column + _cells(segment.text[: run.start()])) * _CELL
                texts.append(
                    f'<text x="{x:g}" y="{top + _BASELINE}" textLength="{_cells(run.group()) * _CELL:g}"'
                    f"{_svg_style(style)}>{escaped(run.group())}</text>"
                )
            column += _cells(segment.text)
    # Drawn at its size in cells; shown as wide as 72 columns are (the height in proportion).
    drawn_width, drawn_height = math.ceil(columns * _CELL + 2 * _MARGIN), len(lines) * _LINE + 2 * _MARGIN
    width = math.ceil(COLUMNS * _CELL + 2 * _MARGIN)
    height = math.ceil(drawn_height * width / drawn_width)
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {drawn_width} {drawn_height}" role="img" lang="{html.escape(view.lang)}">',
        f"<title>{escaped(visible(view.title))}</title>",
        f'<rect x="0.5" y="0.5" width="{drawn_width - 1}" height="{drawn_height - 1}" rx="6"'
        f' fill="{_PAPER}" stroke="{_BORDER}"/>',
        *marks,
        f'<g font-family="{_FONTS}" font-size="{_FONT_SIZE}" fill="{_INK}">',
        *texts,
        "</g>",
        "</svg>",
    ]
    return "\n".join(svg) + "\n"


def _terminal_lines(view: View, sources: bool) -> list[list[Segment]]:
    """The table view's lines as Rich draws them at `COLUMNS` wide, with their styles. Not
    cropped: a word wider than the width overflows its line whole, as on the terminal."""
    import io

    from rich.console import Console
    from rich.segment import Segment

    # Its own console, blind to the environment (COLUMNS, NO_COLOR, TERM): a file is the same file
    # wherever it is written. The styles are read from the segments, never printed.
    console = Console(file=io.StringIO(), width=COLUMNS, color_system="truecolor", no_color=False, _environ={})
    segments = Segment.filter_control(console.render(render.to_table(view, sources=sources)))
    lines = [list(line) for line in Segment.split_lines(segments)]
    while lines and not "".join(segment.text for segment in lines[-1]).strip():
        lines.pop()  # the blank lines that end a rendering are the terminal's, not the picture's
    return lines


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _svg_style(style: Style | None) -> str:
    """A Rich style as SVG presentation attributes: the table's bold headers, dim caption, italic
    notes, a yellow warning (dark amber, to read on white), a matched word in bold."""
    if style is None:
        return ""
    attributes = []
    if style.bold:
        attributes.append(' font-weight="bold"')
    if style.italic:
        attributes.append(' font-style="italic"')
    if style.dim:
        attributes.append(f' fill="{_DIM}"')
    elif style.color is not None and not style.color.is_default:
        attributes.append(f' fill="{_WARN}"')
    return "".join(attributes)
