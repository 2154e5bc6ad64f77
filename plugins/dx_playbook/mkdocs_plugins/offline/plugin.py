"""``dx-playbook/offline``: the offline HTML bundle for closed networks (LGWAN).

Material's own ``offline`` plugin makes search work from ``file://`` but would load its
iframe-worker shim from a CDN; this plugin ships the shim installed from the npm registry instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from dx_playbook.mkdocs_plugins.offline.config import OfflineConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)

SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = "assets/vendor/iframe-worker/shim.js"


class OfflinePlugin(BasePlugin[OfflineConfig]):
    # Before Material's offline plugin (priority 0), which adds the CDN shim unless a
    # polyfill named iframe-worker is already listed.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        polyfills = config.extra.setdefault("polyfills", [])
        if SHIM_TARGET not in polyfills:
            polyfills.insert(0, SHIM_TARGET)
        return config

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        source = Path(config.config_file_path).parent / SHIM_SOURCE
        if not source.is_file():
            raise PluginError(
                f"{source} is missing: run 'npm ci' (the Makefile does) to install iframe-worker"
            )
        target = Path(config.site_dir) / SHIM_TARGET
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
