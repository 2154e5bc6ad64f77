"""``dx-playbook/print``: the one-page handout view of each principle page, and the print-all page.

The print styles themselves are ``overrides/assets/stylesheets/dxp-print.css``; this plugin adds
what exists for printing. Its content comes from :mod:`dx_playbook.core.print.handouts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority

from dx_playbook.core.print.handouts import (
    OVERVIEW_MARKER,
    PRINT_ALL_STYLES,
    PRINT_ALL_VIEW,
    Colophon,
    Handout,
    add_handout,
    handouts_for_build,
    not_fitting,
    overview_markdown,
    print_all_markdown,
)
from dx_playbook.mkdocs_plugins.builds import (
    build_language,
    edition,
    page_language_and_path,
    plugin_logger,
    site_for,
)
from dx_playbook.mkdocs_plugins.print.config import PrintConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = plugin_logger("print")


class PrintPlugin(BasePlugin[PrintConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: The handout parts of this language pass's principle pages, by principle ID.
        self.handouts: dict[str, Handout] = {}
        #: The principles whose pages get a handout view in this language pass.
        self._ids: set[str] = set()

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Work out each principle's handout (type size, parts) for the language being built."""
        self.handouts, self._ids = {}, set()
        if not (self.config.enabled and self.config.handouts):
            return files
        lang = build_language(config)
        site, _ = site_for(config)
        stamp = edition(config).stamp(lang)
        self.handouts = handouts_for_build(
            site, lang, site_name=config.site_name, edition_stamp=stamp
        )
        self._ids = set(self.handouts)
        self._report(not_fitting(self.handouts))
        return files

    @staticmethod
    def _report(problems: list[tuple[str, str]]) -> None:
        for path, principle_id in problems:
            log.warning(
                "%s: the one-page handout of '%s' would not fit on one A4 sheet even in its "
                "tightest type. Fix: shorten the summary, checklist items or key questions",
                path,
                principle_id,
            )

    # Before the other plugins' ``on_page_markdown``, so that the checklist and glossary
    # plugins also process the text added here.
    @event_priority(60)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self._is_print_all(page):
            return self._fill_print_all(markdown, page, config, build_language(config))
        if self.config.enabled and OVERVIEW_MARKER in markdown:
            located = page_language_and_path(page.file.src_uri, config)
            page_path = located[1] if located else page.file.src_uri
            site, _ = site_for(config)
            overview = overview_markdown(site, build_language(config), page_path)
            return markdown.replace(OVERVIEW_MARKER, overview)
        return markdown

    # Before the glossary (-100), which skips the parts added here (``data-dxp-no-glossary``):
    # no term in the handout's kicker or footer becomes the page's first, linked occurrence.
    @event_priority(-70)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Give a principle page its handout view (``#dxp-handout``)."""
        principle_id = page.meta.get("id")
        if (
            self.config.enabled
            and isinstance(principle_id, str)
            and principle_id in self._ids
            and _is_principle_page(page, config)
        ):
            return add_handout(html, self.handouts[principle_id])
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """The print-all page loads its own style sheet (``partials/dxp-head.html``)."""
        if self._is_print_all(page):
            styles = context.setdefault("dxp_page_styles", [])  # type: ignore[typeddict-item]
            styles.append(PRINT_ALL_STYLES)
        return context

    def _is_print_all(self, page: Page) -> bool:
        """Whether ``page`` is the print-all page this plugin fills."""
        return bool(
            self.config.enabled
            and self.config.print_all
            and page.meta.get("dxp_view") == PRINT_ALL_VIEW
        )

    def _fill_print_all(self, markdown: str, page: Page, config: MkDocsConfig, lang: str) -> str:
        located = page_language_and_path(page.file.src_uri, config)
        page_path = located[1] if located else page.file.src_uri
        site, _ = site_for(config)
        colophon = Colophon(
            site_name=config.site_name,
            licence=config.copyright or "",
            edition_stamp=edition(config).stamp(lang),
            address=config.site_url or "",
        )
        generated = print_all_markdown(site, lang, page_path, colophon)
        return markdown.rstrip("\n") + "\n\n" + generated


def _is_principle_page(page: Page, config: MkDocsConfig) -> bool:
    located = page_language_and_path(page.file.src_uri, config)
    if located is None:
        return False
    parts = located[1].split("/")
    return len(parts) == 2 and parts[0] == "principles" and parts[1] != "index.md"
