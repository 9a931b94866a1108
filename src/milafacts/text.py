"""How text is compared: folding case and accents, and the keys names are matched on."""

from __future__ import annotations

import re

# Québec typography (OQLF), for the French that milafacts writes itself.
NBSP = "\u00a0"  # a no-break space: before : ; ? ! % and inside « », never where a line may break
QUOTES = ("«\u00a0", "\u00a0»")


def grouped(value: int) -> str:
    """A whole number with its thousands set apart as French sets them: `1 500` (no-break space)."""
    return f"{value:,}".replace(",", NBSP)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text: `Valérie` -> `valerie`, `Pål` -> `pal`."""
    if text.isascii():  # most text: skip decomposition, which costs ~20x more per character
        return text.lower()
    import unicodedata  # only non-ASCII text needs it

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(name: str) -> str:
    """The key names are matched on: folded, punctuation and spacing ignored (`U.A.E.` == `uae`)."""
    # A pattern string, not a module-level re.compile: compiled on first use (by re's own cache),
    # so commands that never match names do not pay for it at start-up.
    return " ".join(re.sub(r"[\W_]+", " ", fold(name).replace(".", "").replace("’", "").replace("'", "")).split())


# What a terminal acts on instead of showing, when it comes from the data: C0 controls but tab and
# newline (ESC starts colour and OSC sequences, which can retitle the window or write a hyperlink;
# BEL rings; CR and BS overwrite what was printed), DEL, the C1 controls (U+009B is a one-character
# CSI on some terminals), the bidirectional marks, embeddings, overrides and isolates (which reorder
# a line so it reads other than it is), and the Unicode line and paragraph separators.
_CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def visible(text: str, *, json: bool = False) -> str:
    """`text` with every control character written as its escape, so a terminal shows it rather than
    obeying it: `\\x1b`, `\\x07`, `\\u202e` (with `json=True`, `\\u001b`: the JSON escape, which a
    JSON reader decodes back to the character). Tab and newline are kept: they are layout, not
    commands. Backslashes already in the text are left alone, so `\\x1b` typed as four characters
    reads the same as the escaped character: the table, CSV and Markdown views are for reading, and
    JSON, which escapes both apart, is the lossless one."""
    if text.isprintable():  # nearly all text, and str.isprintable is false for every character above
        return text
    return re.sub(_CONTROLS, _json_escape if json else _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
