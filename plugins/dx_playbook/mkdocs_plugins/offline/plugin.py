"""``dx-playbook/offline``: placeholder, filled in by its issue."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from dx_playbook.mkdocs_plugins.offline.config import OfflineConfig


class OfflinePlugin(BasePlugin[OfflineConfig]):
    pass
