from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PrintConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn this feature off."""
