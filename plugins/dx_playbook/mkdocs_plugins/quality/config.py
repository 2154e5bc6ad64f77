from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class QualityConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn every finishing step below off."""

    content_security_policy = c.Type(bool, default=True)
    """Complete the Content-Security-Policy ``<meta>`` of ``partials/dxp-head.html`` with the
    hashes of Material's inline scripts (and, in the offline bundle, with ``file:`` and the
    iframe-worker shim's frame script). Turned off, the policy stays as written and blocks those
    scripts: the colour scheme a reader chose is then not restored."""

    language_attributes = c.Type(bool, default=True)
    """Give the language switcher's links the ``lang`` of the language they name, so that screen
    readers read "日本語" and "English" each with the right voice."""

    minify_assets = c.Type(bool, default=True)
    """Ship our scripts and style sheets (``assets/*/dxp-*``) minified: the sources in
    ``overrides/`` keep their comments; a principle page loads 35 KB of ours instead of 57 KB."""
