"""``dx-playbook/translations``: placeholder, filled in by its issue."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from dx_playbook.mkdocs_plugins.translations.config import TranslationsConfig


class TranslationsPlugin(BasePlugin[TranslationsConfig]):
    pass
