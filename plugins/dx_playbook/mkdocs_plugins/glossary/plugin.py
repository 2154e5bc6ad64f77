"""``dx-playbook/glossary``: one data file, shown as tooltips and as the glossary pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority

from dx_playbook.core.authoring.reserved import glossary_problems
from dx_playbook.core.glossary.glossary import (
    Glossary,
    Matcher,
    annotate,
    links_to,
    load_glossary,
    render_markdown,
)
from dx_playbook.mkdocs_plugins.builds import (
    is_default_pass,
    page_language_and_path,
    plugin_logger,
    site_for,
    site_languages,
)
from dx_playbook.mkdocs_plugins.glossary.config import GlossaryConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from dx_playbook.core.model.site import Site

log = plugin_logger("glossary")

GLOSSARY_VIEW = "glossary"
#: Pages whose annotated HTML ``mkdocs serve`` keeps between rebuilds (both languages).
MAX_REMEMBERED_PAGES = 5000
#: Generated views that list terms or pages rather than use them in running text.
VIEWS_WITHOUT_TOOLTIPS = frozenset({GLOSSARY_VIEW, "translation-status"})


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    def __init__(self) -> None:
        self.glossary: Glossary | None = None
        self.matchers: dict[str, Matcher] = {}
        self._stamp: tuple[int, int] | None = None
        #: Under ``mkdocs serve`` (this instance then lives across rebuilds, see on_startup):
        #: pages already annotated, by language, glossary link and HTML. A save rebuilds every
        #: page, nearly all unchanged, and the tooltips were a tenth of the rebuild (issue 9).
        self._serving = False
        self._annotated: dict[tuple[str, str | None, str], str] = {}
        #: This language pass's glossary page, by path.
        self._lookups: dict[str, File | None] = {}
        #: The glossary and site model whose clashes were last reported (once per change).
        self._checked: tuple[Glossary, Site] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        self._lookups = {}  # a new language pass, or a rebuild under serve
        if self.config.enabled and self.glossary is not None:
            site, _ = site_for(config)
            if self._checked != (self.glossary, site):
                self._checked = (self.glossary, site)
                for problem in glossary_problems(site, self.glossary):
                    log.warning(str(problem))
        return files

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Read the data file when it changed (``mkdocs serve`` rebuilds), report it once."""
        if not self.config.enabled:
            return config
        path = self.data_path(config)
        try:
            stat = path.stat()
            stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        if self.glossary is None or stamp != self._stamp:
            self._stamp = stamp
            self.glossary = load_glossary(
                path, display=self.config.data_file, languages=site_languages(config)
            )
            self.matchers = {}
            self._annotated = {}
        if is_default_pass(config):
            for problem in self.glossary.problems:
                log.warning(str(problem))
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.data_path(config)))
        return server

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Append every term to the glossary pages, as Markdown headings with the term's ID."""
        if not self.config.enabled or self.glossary is None:
            return markdown
        if page.meta.get("dxp_view") != GLOSSARY_VIEW:
            return markdown
        return (
            markdown.rstrip()
            + "\n\n"
            + render_markdown(self.glossary, self.language_of(page, config))
        )

    # Last: after the checklists plugin (10) has turned items into labelled checkboxes, so that
    # the labels are recognised and skipped, and after the print plugin (-70) has added the
    # handout view, whose parts are marked ``data-dxp-no-glossary``.
    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not (self.config.enabled and self.config.tooltips) or self.glossary is None:
            return html
        if page.meta.get("dxp_view") in VIEWS_WITHOUT_TOOLTIPS or not self.glossary.terms:
            return html
        lang = self.language_of(page, config)
        path = f"{self.build_language(page, config)}/{self.config.page}"
        if path not in self._lookups:  # static-i18n's lookup is slow: once per language pass
            self._lookups[path] = files.get_file_from_path(path)
        glossary_file = self._lookups[path]
        base = None if glossary_file is None else glossary_file.url_relative_to(page.file)
        key = (lang, base, html)
        if key in self._annotated:
            return self._annotated[key]
        if lang not in self.matchers:
            self.matchers[lang] = Matcher(self.glossary, lang)
        annotated = annotate(html, self.matchers[lang], links_to(base))
        if self._serving:
            if len(self._annotated) >= MAX_REMEMBERED_PAGES:
                self._annotated.clear()
            self._annotated[key] = annotated
        return annotated

    def data_path(self, config: MkDocsConfig) -> Path:
        root = Path(config.config_file_path).parent if config.config_file_path else Path()
        return root / self.config.data_file

    @staticmethod
    def language_of(page: Page, config: MkDocsConfig) -> str:
        """The language the page's text is written in (a fallback page is in the original's)."""
        found = page_language_and_path(page.file.src_uri, config)
        return found[0] if found else site_languages(config).source

    @staticmethod
    def build_language(page: Page, config: MkDocsConfig) -> str:
        language = getattr(page.file, "locale_alternate_of", None)
        return str(language) if language else GlossaryPlugin.language_of(page, config)
