"""milafacts: quick, cited answers about Mila's 2025 international year.

The command line is `milafacts`; the same answers from Python:

    import milafacts

    facts = milafacts.load_dataset()                # the bundled one, or load_dataset("next.yaml")
    italy = milafacts.find(facts, "Italie")         # by id, name, alias or French name
    for record in milafacts.profile(facts, italy).links:
        print(record.KIND, record.title, record.tr("summary", "fr"))
    best = milafacts.ask(facts, "combien de chercheurs").hits[0]
    print(best.record.id, best.score)

Errors are `milafacts.MilafactsError` and its subclasses; nothing here prints or exits. Names are
imported on first use, so `import milafacts` costs next to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from milafacts.api import ask, find, load_dataset, profile
    from milafacts.errors import DatasetError, MilafactsError, NotFound, UsageError
    from milafacts.model import (
        Agreement,
        Country,
        Dataset,
        Event,
        Fellow,
        Initiative,
        Organization,
        Person,
        Record,
        Role,
        Statistic,
    )
    from milafacts.query import Profile
    from milafacts.search import Hit, Results

_HOMES = {
    **dict.fromkeys(("load_dataset", "find", "profile", "ask"), "milafacts.api"),
    **dict.fromkeys(("MilafactsError", "NotFound", "UsageError", "DatasetError"), "milafacts.errors"),
    **dict.fromkeys(
        (
            "Dataset",
            "Record",
            "Country",
            "Organization",
            "Initiative",
            "Person",
            "Role",
            "Event",
            "Agreement",
            "Fellow",
            "Statistic",
        ),
        "milafacts.model",
    ),
    "Profile": "milafacts.query",
    "Results": "milafacts.search",
    "Hit": "milafacts.search",
}
__all__ = [  # noqa: RUF022 - in the order a reader meets them
    "__version__",
    "load_dataset",
    "find",
    "profile",
    "ask",
    "MilafactsError",
    "NotFound",
    "UsageError",
    "DatasetError",
    "Dataset",
    "Record",
    "Country",
    "Organization",
    "Initiative",
    "Person",
    "Role",
    "Event",
    "Agreement",
    "Fellow",
    "Statistic",
    "Profile",
    "Results",
    "Hit",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'milafacts' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
