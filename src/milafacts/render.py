"""One dispatcher from a `View` to each output format.

JSON, CSV and Markdown are built from the standard library alone, so a script asking for them never
pays for importing Rich; only the table renderer imports it. Renderers return a value (a string or
a Rich renderable) and never print.
"""

from __future__ import annotations

import io
import json
from enum import Enum
from typing import TYPE_CHECKING, Any

from milafacts.views import Column, View

if TYPE_CHECKING:
    from rich.console import RenderableType


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def render(view: View, fmt: Format, *, sources: bool = False) -> str | RenderableType:
    if fmt is Format.json:
        return to_json(view)
    if fmt is Format.csv:
        return to_csv(view)
    if fmt is Format.markdown:
        return to_markdown(view, sources=sources)
    return to_table(view, sources=sources)


def cell(value: Any, sep: str = ", ") -> str:
    """A row value as text: lists joined, booleans as yes/no, missing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return sep.join(cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _columns(view: View, sources: bool) -> list[Column]:
    extra = [Column("sections", "Source section")] if sources else []
    return [*view.columns, *extra]


def to_json(view: View) -> str:
    document: dict[str, Any] = {"title": view.title, "source": view.source}
    if view.subject is not None:
        document["subject"] = view.subject
    document["count"] = len(view.rows)
    document["results"] = list(view.rows)
    if view.notes:
        document["notes"] = list(view.notes)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(view: View) -> str:
    # Every visible column, the record id, and the cited sections: one row per record.
    import csv

    keys = ["id", *(c.key for c in view.columns if c.key != "id"), "sections"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for row in view.rows:
        writer.writerow([cell(row.get(k), "; ") for k in keys])
    return out.getvalue()


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(view: View, *, sources: bool = False) -> str:
    cols = _columns(view, sources)
    lines = [f"**{_md(view.title)}**", ""]
    lines.append("| " + " | ".join(_md(c.header) for c in cols) + " |")
    lines.append("|" + "|".join(" --- " for _ in cols) + "|")
    for row in view.rows:
        lines.append("| " + " | ".join(_md(cell(row.get(c.key))) for c in cols) + " |")
    lines += ["", f"_{_md(caption(view))}_"]
    lines += [f"_{_md(note)}_" for note in view.notes]
    return "\n".join(lines) + "\n"


def caption(view: View) -> str:
    sections = view.sections()
    cited = f"; sections: {'; '.join(sections)}" if sections else ""
    return f"Source: {view.source}{cited}"


def to_table(view: View, *, sources: bool = False) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(view.title, style="bold"),
        caption=Text(caption(view), style="dim"),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_lines=False,
        expand=False,
    )
    cols = _columns(view, sources)
    for col in cols:
        # fold, never ellipsis: a fact cut short is a fact lost.
        table.add_column(Text(col.header), overflow="fold", no_wrap=False)
    for row in view.rows:
        cells = [Text(cell(row.get(c.key))) for c in cols]
        for col, text in zip(cols, cells, strict=True):
            if col.key in view.highlight:
                for start, end in row.get(f"{col.key}_spans", ()):
                    text.stylize("bold reverse", start, end)
        table.add_row(*cells)
    if not view.rows:
        return Group(table, Text("No results.", style="yellow"))
    if view.notes:
        return Group(table, *(Text(note, style="italic") for note in view.notes))
    return table
