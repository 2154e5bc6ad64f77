from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ChecklistsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Render checklist lines as checkboxes whose state the browser keeps."""
