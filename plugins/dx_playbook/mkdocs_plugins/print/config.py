from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PrintConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn this feature off: no handouts, no print-all content, no handout links."""

    handouts = c.Type(bool, default=True)
    """Give each principle page its one-page handout view (``#dxp-handout``) and a link to it."""

    print_all = c.Type(bool, default=True)
    """Fill pages whose front matter says ``dxp_view: print-all`` with the whole playbook."""
