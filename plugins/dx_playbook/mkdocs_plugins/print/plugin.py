"""``dx-playbook/print``: one-page handouts per principle, and the print-all page.

The print styles themselves are ``overrides/assets/stylesheets/dxp-print.css``; this plugin adds
the pages that exist for printing. Their content comes from :mod:`dx_playbook.core.handouts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from dx_playbook.core.handouts import (
    HANDOUTS_DIR,
    PRINT_ALL_VIEW,
    Handout,
    add_handout_link,
    handout_path,
    handouts_for_build,
    print_all_markdown,
)
from dx_playbook.mkdocs_plugins.builds import (
    AFTER_I18N,
    build_language,
    edition,
    generated_page,
    localize_generated_file,
)
from dx_playbook.mkdocs_plugins.print.config import PrintConfig
from dx_playbook.mkdocs_plugins.shared import page_language_and_path, site_for

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


class PrintPlugin(BasePlugin[PrintConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: IDs of the principles whose handout this language pass has.
        self.handout_ids: set[str] = set()

    # After static-i18n has rebuilt the file list for the language being built: files added
    # before that would be dropped or placed in the wrong language.
    @event_priority(AFTER_I18N)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add this language's handout pages (``handouts/<id>.md``), generated in memory."""
        self.handout_ids = set()
        if not (self.config.enabled and self.config.handouts):
            return files
        lang = build_language(config)
        site, _ = site_for(config)
        stamp = edition(config).stamp(lang)
        for handout in handouts_for_build(
            site, lang, site_name=config.site_name, edition_stamp=stamp
        ):
            self._add_handout(handout, files, config)
        return files

    # Before the other plugins' ``on_page_markdown``, so that the checklist and glossary
    # plugins also process the text added here.
    @event_priority(60)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        lang = build_language(config)
        if self.config.print_all and page.meta.get("dxp_view") == PRINT_ALL_VIEW:
            return self._fill_print_all(markdown, page, config, lang)
        principle_id = page.meta.get("id")
        if (
            self.config.handouts
            and isinstance(principle_id, str)
            and principle_id in self.handout_ids
            and _is_principle_page(page)
        ):
            return add_handout_link(markdown, principle_id, lang)
        return markdown

    def _add_handout(self, handout: Handout, files: Files, config: MkDocsConfig) -> None:
        principle = handout.principle
        rel_path = handout_path(principle.id)
        lang = build_language(config)
        taken = files.get_file_from_path(f"{lang}/{rel_path}")
        if taken is not None and taken.generated_by is None:
            log.warning(
                "docs/%s/%s: this file takes the place of the generated handout of '%s'. "
                "Fix: rename or remove it; '%s/' is reserved for handouts",
                lang,
                rel_path,
                principle.id,
                HANDOUTS_DIR,
            )
            return
        if not handout.fits:
            log.warning(
                "%s: the one-page handout of '%s' would not fit on one A4 sheet even in its "
                "tightest type. Fix: shorten the summary, checklist items or key questions",
                principle.page.display_path,
                principle.id,
            )
        file = generated_page(config, lang, rel_path, handout.markdown)
        localize_generated_file(file, lang, rel_path, config)
        files.append(file)
        self.handout_ids.add(principle.id)

    def _fill_print_all(self, markdown: str, page: Page, config: MkDocsConfig, lang: str) -> str:
        located = page_language_and_path(page.file.src_uri)
        page_path = located[1] if located else page.file.src_uri
        site, _ = site_for(config)
        return markdown.rstrip("\n") + "\n\n" + print_all_markdown(site, lang, page_path)


def _is_principle_page(page: Page) -> bool:
    located = page_language_and_path(page.file.src_uri)
    if located is None:
        return False
    parts = located[1].split("/")
    return len(parts) == 2 and parts[0] == "principles" and parts[1] != "index.md"
