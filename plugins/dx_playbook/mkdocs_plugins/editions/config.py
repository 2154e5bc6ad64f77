from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class EditionsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    edition = c.Type(str, default="")
    """The town's edition to build, ``editions/<edition>/`` (``DXP_EDITION``, set by
    ``dx-playbook build --edition``); empty: the plain playbook."""
    warn_review = c.Type(bool, default=True)
    """Warn (and so stop a strict build) when the playbook changed a section an overlay
    extends after the overlay was last reviewed; ``false``: say so at the info level only."""
