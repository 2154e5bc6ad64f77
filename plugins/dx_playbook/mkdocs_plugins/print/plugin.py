"""``dx-playbook/print``: placeholder, filled in by its issue."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from dx_playbook.mkdocs_plugins.print.config import PrintConfig


class PrintPlugin(BasePlugin[PrintConfig]):
    pass
