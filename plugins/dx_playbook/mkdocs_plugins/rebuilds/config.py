from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class RebuildsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Under ``mkdocs serve``, convert again only the pages whose conversion can have changed.
    Turn it off to compare, or if a preview ever looks stale (a full build never uses it)."""
