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

if TYPE_CHECKING:  # what type checkers see; at run time, __getattr__ imports on first use
    from milafacts.api import ask as ask
    from milafacts.api import find as find
    from milafacts.api import load_dataset as load_dataset
    from milafacts.api import profile as profile
    from milafacts.errors import DatasetError as DatasetError
    from milafacts.errors import MilafactsError as MilafactsError
    from milafacts.errors import NotFound as NotFound
    from milafacts.errors import UsageError as UsageError
    from milafacts.model import Agreement as Agreement
    from milafacts.model import Country as Country
    from milafacts.model import Dataset as Dataset
    from milafacts.model import Event as Event
    from milafacts.model import Fellow as Fellow
    from milafacts.model import Initiative as Initiative
    from milafacts.model import Organization as Organization
    from milafacts.model import Person as Person
    from milafacts.model import Record as Record
    from milafacts.model import Role as Role
    from milafacts.model import Statistic as Statistic
    from milafacts.query import Profile as Profile
    from milafacts.search import Hit as Hit
    from milafacts.search import Results as Results

# Where each exported name lives, in the order a reader meets them.
_API = ("load_dataset", "find", "profile", "ask")
_ERRORS = ("MilafactsError", "NotFound", "UsageError", "DatasetError")
_RECORDS = (
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
)
_HOMES = {
    **dict.fromkeys(_API, "milafacts.api"),
    **dict.fromkeys(_ERRORS, "milafacts.errors"),
    **dict.fromkeys(_RECORDS, "milafacts.model"),
    "Profile": "milafacts.query",
    "Results": "milafacts.search",
    "Hit": "milafacts.search",
}
__all__ = ["__version__", *_HOMES]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'milafacts' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
