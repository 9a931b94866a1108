"""`--help`, drawn from the parser's own description of each command, at the cost of a lookup.

Typer's Rich help module imports Rich's Markdown (markdown-it) and tracebacks (Pygments) on its
first line, for markup modes and error displays milafacts never uses: `milafacts --help` cost 1.7x
`python -c "import typer, rich.console, rich.table"` where a lookup costs 1.2x (bench/startup.py).
This module draws the same screen (usage, description, then panels of arguments, options, global
options and commands, as typer lays them out) from the parameters click already holds, as lines of
Rich `Text` wrapped by the table renderer's own wrapping (`render.wrap`).

It reads click's public help API (`get_usage`, `get_params`, `get_help_record`, `list_commands`,
`get_short_help_str`), which typer keeps across releases, and typer's `rich_help_panel`; it
imports neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text

OPTIONS, ARGUMENTS, COMMANDS = "Options", "Arguments", "Commands"


def screen(ctx: Any, width: int) -> list[Text]:
    """The help of the command `ctx` runs, as lines of at most `width` cells: its usage, its
    docstring, and a panel per group of parameters (and of subcommands, for the group), in the
    order typer gives them."""
    from rich.text import Text

    from milafacts.render import wrap

    command = ctx.command
    lines = [Text(""), *wrap(Text(" " + command.get_usage(ctx), style="bold"), width), Text("")]
    for paragraph in (command.help or "").strip().split("\n\n"):
        lines += [*wrap(Text(" " + " ".join(paragraph.split())), width), Text("")]
    panels: dict[str, list[tuple[str, str]]] = {}
    for param in command.get_params(ctx):
        # click's own help line for the parameter: its names and value, its help with its default.
        record = None if getattr(param, "hidden", False) else param.get_help_record(ctx)
        if record is not None:
            default = ARGUMENTS if param.param_type_name == "argument" else OPTIONS
            panels.setdefault(getattr(param, "rich_help_panel", None) or default, []).append(record)
    # Typer's order: arguments, the command's own options, then the named panels.
    order = [ARGUMENTS, OPTIONS, *(title for title in panels if title not in (ARGUMENTS, OPTIONS))]
    for title in order:
        if title in panels:
            lines += _panel(title, panels[title], width)
    if hasattr(command, "list_commands"):
        listed = [(name, command.get_command(ctx, name)) for name in command.list_commands(ctx)]
        rows = [(name, sub.get_short_help_str(limit=200)) for name, sub in listed if not sub.hidden]
        if rows:
            lines += _panel(COMMANDS, rows, width)
    return lines


def _panel(title: str, rows: list[tuple[str, str]], width: int) -> list[Text]:
    """A rounded box titled `title`, a row per parameter: its names, then its help wrapped beside
    them. Drawn here rather than by Rich's Panel and Table, which measure every cell again (a
    third of the help's cost)."""
    from rich.cells import cell_len
    from rich.text import Text

    from milafacts.render import wrap

    inner = max(width - 4, 1)  # `│ ` and ` │`
    # The names column: as wide as the longest names, at most half the panel, never narrower than
    # its longest word (`--install-completion`), which would otherwise run into the help beside it.
    longest_word = max(cell_len(word) for names, _ in rows for word in names.split())
    names_width = max(min(max(cell_len(names) for names, _ in rows), inner // 2), longest_word)
    text_width = max(inner - names_width - 2, 1)
    wrapped = [
        (wrap(Text(names, style="bold cyan"), names_width), wrap(Text(" ".join(text.split())), text_width))
        for names, text in rows
    ]
    # A word wider than its column overflows it, whole (`render.wrap`): the box widens to hold it,
    # and at a very narrow width runs past the edge rather than cutting a word.
    names_width = max([names_width, *(piece.cell_len for left, _ in wrapped for piece in left)])
    text_width = max([text_width, *(piece.cell_len for _, right in wrapped for piece in right)])
    inner = max(names_width + 2 + text_width, cell_len(title) + 2)  # the title, whole, in the top edge
    text_width = inner - names_width - 2
    border = "dim"
    rule = max(inner - cell_len(title) - 1, 0)
    lines = [Text("╭─ ", style=border) + Text(title) + Text(" " + "─" * rule + "╮", style=border)]
    for left, right in wrapped:
        for i in range(max(len(left), len(right))):
            line = Text("│ ", style=border)
            part = left[i] if i < len(left) else Text("")
            line.append_text(part)
            line.append(" " * (names_width - part.cell_len + 2))
            part = right[i] if i < len(right) else Text("")
            line.append_text(part)
            line.append(" " * (text_width - part.cell_len))
            line.append(" │", style=border)
            lines.append(line)
    lines.append(Text("╰" + "─" * (inner + 2) + "╯", style=border))
    return lines
