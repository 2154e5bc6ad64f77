"""``dx-playbook/search``: placeholder, filled in by its issue."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from dx_playbook.mkdocs_plugins.search.config import SearchConfig


class SearchPlugin(BasePlugin[SearchConfig]):
    pass
