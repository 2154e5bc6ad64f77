"""``dx-playbook/glossary``: placeholder, filled in by its issue."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from dx_playbook.mkdocs_plugins.glossary.config import GlossaryConfig


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    pass
