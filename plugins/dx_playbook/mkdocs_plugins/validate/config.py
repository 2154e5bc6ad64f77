from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ValidateConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the content checks off, e.g. for a quick draft preview."""

    report_missing_translations = c.Type(bool, default=True)
    """Warn when a Japanese page has no English twin (readers then see the Japanese page)."""
