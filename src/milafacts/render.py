"""One dispatcher from a `View` to each output format.

JSON, CSV and Markdown are built from the standard library alone, so a script asking for them never
pays for importing Rich; only the table renderer imports it. Renderers return a value (a string or
a Rich renderable) and never print. Every one of them shows the data's control characters as escapes
(`text.visible`), so a dataset cannot send a terminal commands.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from milafacts.errors import UsageError
from milafacts.lang import number, quoted, t
from milafacts.text import NBSP, visible
from milafacts.views import ROWS, Column, View

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.text import Text


class Format(str, Enum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"

    @property
    def takes_fields(self) -> bool:
        """Whether `--fields` applies: the formats for scripts, whose rows are records' fields."""
        return self in (Format.json, Format.ndjson, Format.csv, Format.tsv)


def render(
    view: View, fmt: Format, *, sources: bool = False, fields: Sequence[str] | None = None
) -> str | RenderableType:
    """`view` in `fmt`. `fields` (json, ndjson, csv, tsv) chooses the rows' fields and their order;
    `sources` adds the cited sections to a table or Markdown row."""
    if fmt is Format.json:
        return to_json(view, fields)
    if fmt is Format.ndjson:
        return to_ndjson(view, fields)
    if fmt is Format.csv:
        return to_csv(view, fields)
    if fmt is Format.tsv:
        return to_tsv(view, fields)
    if fmt is Format.markdown:
        return to_markdown(view, sources=sources)
    return to_table(view, sources=sources)


def check_fields(given: str | None, formats: Sequence[Format], rows: str | None) -> list[str] | None:
    """The fields `--fields` asks for, in order, checked against the command's rows (`views.ROWS`);
    None when it was not given. `formats` are the run's: the output's, and an export's. Alone
    (`--fields`), with a name the rows do not have, or when no format is one for scripts, a usage
    error that lists the command's fields."""
    if given is None:
        return None
    known = [field.key for field in ROWS[rows]] if rows else []
    listed = ", ".join(known)
    wanted = [name.strip() for name in given.split(",") if name.strip()]
    if not wanted:
        raise UsageError(f"the fields are: {listed}", french=f"les champs sont{NBSP}: {listed}")
    if not any(fmt.takes_fields for fmt in formats):
        raise UsageError(
            f"--fields chooses the fields of json, ndjson, csv and tsv output (--format, or an --export file); "
            f"add --format json (fields: {listed})",
            french=f"--fields choisit les champs des sorties json, ndjson, csv et tsv (--format, ou un fichier "
            f"--export){NBSP}; ajoutez --format json (champs{NBSP}: {listed})",
        )
    for name in wanted:
        if name not in known:
            shown = visible(
                name if len(name) <= 40 else name[:40] + "..."
            )  # a long name, cut short: it is wrong anyway
            raise UsageError(
                f"no field {quoted(shown, 'en')}; the fields are: {listed}",
                french=f"aucun champ {quoted(shown, 'fr')}{NBSP}; les champs sont{NBSP}: {listed}",
            )
        if wanted.count(name) > 1:
            raise UsageError(
                f"the field {quoted(name, 'en')} is given twice",
                french=f"le champ {quoted(name, 'fr')} est donné deux fois",
            )
    return wanted


def cell(value: Any, sep: str = ", ", lang: str = "en", *, spelled: bool = False) -> str:
    """A row value as text: lists joined, booleans as yes/no (oui/non), missing as empty. `spelled`
    writes whole numbers as people read them in `lang` (`1 500` in French), for tables and Markdown;
    CSV keeps the digits a spreadsheet reads."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, (list, tuple)):
        return sep.join(cell(v, ", ", lang, spelled=spelled) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and spelled:
        return number(value, lang)
    return str(value)


def _columns(view: View, sources: bool) -> list[Column]:
    extra = [Column("sections", t("Source section", view.lang))] if sources else []
    return [*view.columns, *extra]


def _rows(view: View, fields: Sequence[str] | None) -> list[dict[str, Any]]:
    if fields is None:
        return list(view.rows)
    return [{key: row.get(key) for key in fields} for row in view.rows]


def _dumps(value: Any, indent: int | None = None) -> str:
    import json  # here, not at the top: a table lookup would pay 1.4 ms to import it for nothing

    # json.dumps escapes C0 controls itself, but not DEL, C1 or the bidirectional marks.
    return visible(json.dumps(value, ensure_ascii=False, indent=indent), json=True)


def to_json(view: View, fields: Sequence[str] | None = None) -> str:
    # The keys are the same in every language; the values are in the view's (`lang` says which).
    document: dict[str, Any] = {"lang": view.lang, "title": view.title, "source": view.cited}
    if view.subject is not None:
        document["subject"] = view.subject
    document["count"] = len(view.rows)
    document["results"] = _rows(view, fields)
    if view.notes:
        document["notes"] = list(view.notes)
    return _dumps(document, indent=2) + "\n"


def to_ndjson(view: View, fields: Sequence[str] | None = None) -> str:
    """One JSON object per result row, one per line (`jq -c`, `datasette ?_nl=on`): no envelope."""
    return "".join(_dumps(row) + "\n" for row in _rows(view, fields))


def _table_keys(view: View, fields: Sequence[str] | None) -> list[str]:
    # By default every visible column, the record id, and the cited sections: one row per record.
    return list(fields) if fields is not None else ["id", *(c.key for c in view.columns if c.key != "id"), "sections"]


def to_csv(view: View, fields: Sequence[str] | None = None) -> str:
    import csv

    keys = _table_keys(view, fields)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for row in view.rows:
        # A newline stays a newline: the csv module quotes the field, and CSV readers take it back.
        writer.writerow([visible(cell(row.get(k), "; ", view.lang)) for k in keys])
    return out.getvalue()


# TSV has no quoting: a tab or a line break in a value would start another field or row. They are
# written as the escapes `\t`, `\n`, `\r`, and a backslash as `\\` (the "linear TSV" convention
# PostgreSQL's COPY and `mlr --tsv` read back); then the other control characters as every text
# format shows them (`text.visible`: `\x1b`, `\u202e`). Backslashes being doubled first, each
# escape reads back to its one character: no value is cut, altered or lost.
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def to_tsv(view: View, fields: Sequence[str] | None = None) -> str:
    keys = _table_keys(view, fields)
    lines = ["\t".join(keys)]
    for row in view.rows:
        lines.append("\t".join(visible(cell(row.get(k), "; ", view.lang).translate(_TSV_ESCAPES)) for k in keys))
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    # A Markdown table row is one line: a newline in a value becomes a space.
    return visible(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(view: View, *, sources: bool = False) -> str:
    cols = _columns(view, sources)
    lines = [f"**{_md(view.title)}**", ""]
    lines.append("| " + " | ".join(_md(c.header) for c in cols) + " |")
    lines.append("|" + "|".join(" --- " for _ in cols) + "|")
    for row in view.rows:
        lines.append("| " + " | ".join(_md(cell(row.get(c.key), ", ", view.lang, spelled=True)) for c in cols) + " |")
    lines += ["", f"_{_md(caption(view))}_"]
    lines += [f"_{_md(note)}_" for note in view.notes]
    return "\n".join(lines) + "\n"


def caption(view: View) -> str:
    """`Source: <citation>; sections: <headings>`, in the view's language."""
    sections = view.sections()
    if not sections:
        return t("Source: {}", view.lang).format(view.source)
    sep = t("; ", view.lang)
    return t("Source: {}; sections: {}", view.lang).format(view.source, sep.join(sections))


def to_table(view: View, *, sources: bool = False) -> TableOrRecords:
    return TableOrRecords(view, _columns(view, sources))


# A word, for wrapping: no-break spaces (the French `Source\u00a0:`, `«\u00a0...\u00a0»`) hold their
# neighbours together, where Python's `\s` and Rich's own wrapping would break a line.
_GLUE = "\u00a0\u202f\u2007\u2060"
_WORD = rf"(?:[^\s]|[{_GLUE}])+"

# A SIMPLE_HEAD table with one cell of padding each side of every column: per column 2 cells of
# padding and 1 of rule (the edge left of the first, or the gap before the next), plus the right edge.
_PADDING = 1
_CHROME_PER_COLUMN = 2 * _PADDING + 1


class TableOrRecords:
    """A view for people: a table when its columns fit the width without splitting a word, else the
    records one after another, a `Header: value` line per field. Rich asks for it at the width it
    has (`__rich_console__`), so the same value fits a 200-column terminal, a 10-column one and an
    export. Either way every character of every cell is shown, and a line breaks only between words;
    a word wider than the whole width keeps a line of its own and overflows it, whole."""

    def __init__(self, view: View, columns: list[Column]) -> None:
        from rich.text import Text

        self.title = Text(visible(view.title), style="bold")
        self.headers = [Text(visible(c.header)) for c in columns]
        self.rows = [[_cell_text(view, row, c.key) for c in columns] for row in view.rows]
        self.caption = Text(visible(caption(view)), style="dim")
        trailer = [] if view.rows else [Text(t("No results.", view.lang), style="yellow")]
        self.notes = trailer + [Text(visible(note), style="italic") for note in view.notes]
        self.colon = t(": ", view.lang)  # between a header and its value, when records are shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def lines(self, width: int) -> list[Text]:
        """The whole view as lines that fit `width` (but for a word wider than it), each a `Text`
        that Rich prints as it is: neither wraps nor crops it again (`_wrap`)."""
        widths = self.column_widths(width)
        lines = list(self._records(width) if widths is None else self._table(widths))
        for note in self.notes:
            lines += wrap(note, width)
        return lines

    def column_widths(self, width: int) -> list[int] | None:
        """Each column's content width, so that the table is at most `width` cells wide and every
        word fits its column; None when no such widths exist. Columns are as wide as their longest
        line when all fit; otherwise the widest give way first, as in Rich's own tables, down to a
        common level but never below their longest word, so short columns keep to one line."""
        spans = [_span([header, *(row[i] for row in self.rows)]) for i, header in enumerate(self.headers)]
        room = width - _CHROME_PER_COLUMN * len(spans) - 1

        def at(level: int) -> list[int]:
            return [max(low, min(high, level)) for low, high in spans]

        if sum(at(0)) > room:
            return None
        # The highest level at which the columns fit: sum(at(level)) grows with the level.
        low, high = 0, max(high for _, high in spans)
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if sum(at(middle)) <= room else (low, middle - 1)
        widths = at(low)
        # Fewer cells are left than columns held below their natural width: one each, left first.
        spare = room - sum(widths)
        for i, (_, natural) in enumerate(spans):
            if spare and widths[i] < natural:
                widths[i] += 1
                spare -= 1
        return widths

    def _table(self, widths: list[int]) -> Iterator[Text]:
        """The table, drawn here as Rich's SIMPLE_HEAD box draws it (blank edges, a rule under the
        header, one space of padding, a space between columns), from cells already wrapped to their
        widths: Rich's Table would measure and wrap every cell again, about 10 ms of a lookup."""
        from rich.text import Text

        table_width = sum(widths) + _CHROME_PER_COLUMN * len(widths) + 1
        for line in wrap(self.title, table_width):
            line.pad_left(max(0, (table_width - line.cell_len) // 2))
            yield line
        yield Text(" " * table_width)
        yield from _row(
            [wrap(header, width) for header, width in zip(self.headers, widths, strict=True)], widths, "bold"
        )
        yield Text(" " + "─" * (table_width - 2) + " ")
        for row in self.rows:
            yield from _row([wrap(text.copy(), width) for text, width in zip(row, widths, strict=True)], widths)
        yield Text(" " * table_width)
        yield from wrap(self.caption, table_width)

    def _records(self, width: int) -> Iterator[Text]:
        from rich.text import Text

        yield from wrap(self.title, width)
        for row in self.rows:
            yield Text()
            for header, value in zip(self.headers, row, strict=True):
                if value.plain.strip():  # an empty field says nothing, and costs a line
                    field = Text.assemble(header, self.colon, value)
                    field.stylize("bold", 0, len(header) + len(self.colon.rstrip()))
                    yield from wrap(field, width)
        yield Text()
        yield from wrap(self.caption, width)


def _row(cells: list[list[Text]], widths: list[int], style: str = "") -> list[Text]:
    """One table row's lines: each cell's lines side by side, padded to its column's width. A
    header row (`style`) sits on its last line, as Rich aligns headers; body cells on their first."""
    from rich.text import Text

    height = max(len(cell) for cell in cells)
    if style:
        cells = [[Text() for _ in range(height - len(cell))] + cell for cell in cells]
    lines = []
    for i in range(height):
        line = Text(" ")
        for j, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            part = cell[i] if i < len(cell) else Text()
            if style:
                part.stylize(style)
            line.append(" " * _PADDING)
            line.append_text(part)
            line.append(" " * (width - part.cell_len + _PADDING + (j < len(cells) - 1)))
        line.append(" ")
        lines.append(line)
    return lines


def _cell_text(view: View, row: dict[str, Any], key: str) -> Text:
    """A cell as Rich text: control characters escaped, matched words marked where the view says."""
    from rich.text import Text

    raw = cell(row.get(key), ", ", view.lang, spelled=True)
    text = Text(visible(raw))
    if key in view.highlight:
        for start, end in row.get(f"{key}_spans", ()):
            # Spans count characters of the raw text; an escape is longer than its character.
            text.stylize("bold reverse", len(visible(raw[:start])), len(visible(raw[:end])))
    text.expand_tabs(8)  # as Rich would when it wraps: measured as shown
    return text


def _span(texts: list[Text]) -> tuple[int, int]:
    """The narrowest and widest a column of these texts can be, in cells, with no word split: its
    longest word (with the spaces that open a line, which Rich keeps) and its longest line."""
    from rich.cells import cell_len

    narrowest = widest = 1
    for text in texts:
        for line in text.plain.split("\n"):
            widest = max(widest, cell_len(line))
            for word in re.findall(rf"^\s*{_WORD}|{_WORD}", line):
                narrowest = max(narrowest, cell_len(word))
    return narrowest, widest


def _fitted(text: Text, width: int) -> Text:
    """A cell's text wrapped to its column's width as `_wrap` wraps, its lines joined again."""
    from rich.text import Text

    return Text("\n").join(wrap(text.copy(), width))


def wrap(text: Text, width: int) -> list[Text]:
    """`text` as lines of at most `width` cells, broken at spaces only. A word wider than `width`
    gets a line of its own and overflows it, whole: Rich's own wrapping would fold such a word
    (split it) or crop it (lose its end), and a fact cut short is a fact lost."""
    from rich.cells import cell_len

    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        line.expand_tabs(8)
        plain = line.plain
        breaks: list[int] = []
        used = end = 0  # cells on the line being filled; where its last word ends
        for word in re.finditer(_WORD, plain):
            step = cell_len(plain[end : word.end()])  # the spaces before the word, and the word
            if used and used + step > width:
                breaks.append(word.start())
                step = cell_len(word.group())
                used = 0
            used += step
            end = word.end()
        for piece in line.divide(breaks):
            piece.rstrip()
            # Rich must neither wrap nor crop the line again: it already fits, or is one long word.
            piece.no_wrap, piece.overflow = True, "ignore"
            lines.append(piece)
    return lines
