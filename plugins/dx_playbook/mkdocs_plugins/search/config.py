from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class SearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Use the playbook's search worker (results in the page's language only, Japanese matching
    that copes with compounds, mixed scripts and inflections, English stemming). When off,
    Material's own worker answers, over the index of every language."""
