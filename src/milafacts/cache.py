"""A parse cache: the checked dataset's plain values as JSON, keyed by the file's content hash.

Parsing YAML is the slowest step of a lookup (libyaml events still cost Python work per value);
`json.loads` of the same values is far faster. The key is the SHA-256 of the file's bytes plus the
schema and package versions, so a cached entry can never be stale. Every failure (unwritable
directory, corrupt or foreign file) falls back to parsing: the cache may only ever save time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from milafacts import __version__
from milafacts.model import SCHEMA_VERSION


def enabled() -> bool:
    return os.environ.get("MILAFACTS_NO_CACHE", "") in ("", "0")


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "milafacts"


def entry(raw: bytes) -> Path:
    digest = hashlib.sha256(raw).hexdigest()
    return directory() / f"{digest}-s{SCHEMA_VERSION}-v{__version__}.json"


def get(raw: bytes) -> Any | None:
    """The cached values for these bytes, or None when absent or unreadable."""
    try:
        with entry(raw).open("rb") as handle:
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def put(raw: bytes, data: Any) -> None:
    """Store values atomically (write a temporary file, then rename); silently skip on any error."""
    import tempfile  # only a cache miss writes

    target = entry(raw)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
