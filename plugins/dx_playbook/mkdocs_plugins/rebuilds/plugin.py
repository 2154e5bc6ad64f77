"""``dx-playbook/rebuilds``: fast previews. Under ``mkdocs serve``, a save converts again only
the pages whose Markdown conversion can have changed (see :mod:`dx_playbook.mkdocs_plugins.rebuilds.conversions`),
and the theme's files are listed again only when a folder of the theme changed (see
:mod:`dx_playbook.mkdocs_plugins.rebuilds.theme_files`).

In ``mkdocs build``, each language pass after the first takes the first one's listing of the
theme's files; no conversion is kept (each build is a new process, with nothing to remember).
"""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING

import jinja2
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from dx_playbook.mkdocs_plugins.builds import plugin_logger
from dx_playbook.mkdocs_plugins.rebuilds.config import RebuildsConfig
from dx_playbook.mkdocs_plugins.rebuilds.conversions import Conversions, Converted, fingerprint
from dx_playbook.mkdocs_plugins.rebuilds.theme_files import ThemeListings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

log = plugin_logger("rebuilds")

#: What MkDocs 1.6 sets on a page when it converts it; the cache puts the same back (and
#: ``links_to_anchors``, set unless MkDocs logs at debug level).
PAGE_ATTRIBUTES = ("toc", "_title_from_render", "present_anchor_ids")


class _WarningCount(logging.Handler):
    """Counts MkDocs' warnings, so that a conversion that warned is not kept."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class RebuildsPlugin(BasePlugin[RebuildsConfig]):
    def __init__(self) -> None:
        self._serving = False
        #: Whether the theme's listing is kept: across a build's language passes, and a serve
        #: session's rebuilds.
        self._listing = False
        self.conversions = Conversions()
        self.listings = ThemeListings()
        self._warnings = _WarningCount()
        #: This language pass: its fingerprint, pages to convert and keep, pages put back.
        self._build = ""
        self._pending: dict[str, tuple[str, int]] = {}
        self._restore: dict[str, tuple[Converted, str]] = {}

    @property
    def active(self) -> bool:
        return self._serving and self.config.enabled

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The presence of on_startup also keeps this instance, and its cache, across rebuilds.
        self._serving = command == "serve"
        self._listing = command in ("serve", "build", "gh-deploy")
        if self._serving:
            logging.getLogger("mkdocs").addHandler(self._warnings)

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        self.conversions.clear()
        self.listings.clear()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Each language pass (and, under serve, each rebuild, which loads the configuration
        again with a new theme) lists the theme's files from the kept listing."""
        if not (self._listing and self.config.enabled):
            return config
        theme = config.theme
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            env = make_env()
            loader = env.loader
            if isinstance(loader, jinja2.FileSystemLoader) and not loader.followlinks:
                self.listings.keep_listings_of(
                    env, list(loader.searchpath), list(theme.static_templates)
                )
            return env

        theme.get_env = get_env  # type: ignore[method-assign]
        return config

    # Last, once every plugin has added or moved its files.
    @event_priority(-1000)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        self._pending, self._restore = {}, {}
        if not self.active:
            return files
        self._build = fingerprint(
            (
                config.docs_dir,
                config.use_directory_urls,
                config.markdown_extensions,
                config.mdx_configs,
                sorted(config.validation.items()),
                sorted(
                    (f.src_uri, f.dest_uri, f.url, f.inclusion.name, f.generated_by is None)
                    for f in files
                ),
            )
        )
        self.conversions.count_from_zero()
        return files

    # Last: the key is the Markdown MkDocs is about to convert.
    @event_priority(-1000)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.active or not Conversions.cacheable(markdown):
            return markdown
        key = Conversions.key(markdown, page.file.dest_uri, self._build)
        found = self.conversions.get(key)
        if found is None:
            self._pending[page.file.src_uri] = (key, self._warnings.count)
            return markdown
        # MkDocs converts an empty page instead; on_page_content puts the kept one back.
        self._restore[page.file.src_uri] = (found, markdown)
        return ""

    # First, before any plugin changes the converted HTML.
    @event_priority(1000)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        uri = page.file.src_uri
        restored = self._restore.pop(uri, None)
        if restored is not None:
            converted, page.markdown = restored
            page.toc = copy.deepcopy(converted.toc)
            page._title_from_render = converted.title
            page.present_anchor_ids = None if converted.anchors is None else set(converted.anchors)
            page.links_to_anchors = _links_in(converted.anchor_links, files)
            return converted.html
        pending = self._pending.pop(uri, None)
        if pending is not None and not all(name in vars(page) for name in PAGE_ATTRIBUTES):
            # Another MkDocs than 1.6: what a conversion sets is not known, so keep nothing.
            log.info("this MkDocs converts pages differently: every rebuild converts them all")
            self._serving = False
            return html
        if pending is not None and pending[1] == self._warnings.count:
            anchors = page.present_anchor_ids
            self.conversions.put(
                pending[0],
                Converted(
                    html=html,
                    toc=copy.deepcopy(page.toc),
                    title=page._title_from_render,
                    anchors=None if anchors is None else frozenset(anchors),
                    anchor_links=_links_by_path(page.links_to_anchors),
                ),
            )
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.active:
            log.debug(
                "pages converted again: %d, kept from the last rebuild: %d",
                self.conversions.misses,
                self.conversions.hits,
            )


def _links_by_path(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    if links is None:
        return None
    return {file.src_uri: dict(anchors) for file, anchors in links.items()}


def _links_in(
    links: dict[str, dict[str, str]] | None, files: Files
) -> dict[File, dict[str, str]] | None:
    """The kept links, keyed by this build's file objects (MkDocs checks them after the build)."""
    if links is None:
        return None
    found: dict[File, dict[str, str]] = {}
    for path, anchors in links.items():
        file = files.get_file_from_path(path)
        if file is not None:
            found[file] = dict(anchors)
    return found
