from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from dx_playbook.core.offline.bundle import MAX_BUNDLE_BYTES


class OfflineConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn this plugin off: no edition stamp, no bundle, no download links."""

    bundle = c.Type(bool, default=False)
    """Build the offline bundle instead of the hosted site: ship the iframe-worker shim, drop
    what cannot work from ``file://`` and write ``<bundle_dir>/dx-playbook-<version>-offline.zip``.
    Set with ``DXP_OFFLINE=true`` (see ``mkdocs.yml``); Material's ``offline`` plugin follows the
    same variable."""

    publish = c.Type(bool, default=False)
    """A build to publish (``DXP_PUBLISH=true``, as ``make build`` sets it): fails when the
    offline zip is missing from ``bundle_dir``, instead of a site whose downloads page says it
    has no offline version. Builds for checking and previews leave it off."""

    bundle_dir = c.Type(str, default="dist")
    """Where the zip is written, relative to ``mkdocs.yml``. The hosted site's build copies the
    zip it finds there into its ``downloads/`` folder, for the downloads page to link."""

    max_bundle_megabytes = c.Type((int, float), default=MAX_BUNDLE_BYTES / (1024 * 1024))
    """A warning (which fails ``--strict``) when the zip grows past this size."""
