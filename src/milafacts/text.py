"""How text is compared: folding case and accents, and the keys names are matched on."""

from __future__ import annotations

import re


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
