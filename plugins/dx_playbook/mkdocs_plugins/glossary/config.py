from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class GlossaryConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the glossary tooltips and the generated glossary pages off."""

    data_file = c.Type(str, default="data/glossary.yml")
    """The glossary data file, relative to ``mkdocs.yml``: one entry per term, both languages."""

    page = c.Type(str, default="glossary.md")
    """The glossary page, relative to each language folder; terms link to their entry on it."""

    tooltips = c.Type(bool, default=True)
    """Show each term's definition where it first appears on a page."""
