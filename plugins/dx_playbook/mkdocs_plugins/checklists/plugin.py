"""``dx-playbook/checklists``: checkboxes with stable IDs, the views built on them, the data the
browser needs, and the downloads (workbook, CSV, dataset).

Events in build order: ``on_files`` reports mistakes in view pages; ``on_page_markdown`` adds the
principle chrome and the generated views, then marks checklist lines; ``on_page_content`` turns
them into checkboxes; ``on_post_build`` writes the browser data and the downloads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from dx_playbook.core.checklists import views
from dx_playbook.core.checklists.checklist_html import mark_items, render_items, unrendered_items
from dx_playbook.core.checklists.progress import (
    DASHBOARD_SCRIPT,
    DASHBOARD_STYLES,
    DASHBOARD_TEXT_ASSET,
    DATA_ASSET,
    PRINCIPLE_ASSET,
    REPORT_SCRIPT,
    SETTINGS_ASSET,
    WORKBOOK_ASSET,
    WORKBOOK_SCRIPT,
    ZIP_LIBRARY,
)
from dx_playbook.core.exports.outputs import outputs
from dx_playbook.core.model.schema import PILLARS, PILLARS_DIR, ROLES, is_slug
from dx_playbook.core.text.catalogue import catalogue
from dx_playbook.mkdocs_plugins.builds import (
    build_language,
    feedback_address,
    page_language_and_path,
    plugin_logger,
    project_dir,
    relative_url,
    site_for,
)
from dx_playbook.mkdocs_plugins.checklists.config import ChecklistsConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from dx_playbook.core.model.site import Principle, Site

log = plugin_logger("checklists")

#: fflate (an npm dependency, MIT), which zips and unzips the dashboard's workbooks, and its
#: licence, shipped beside it; relative to the project.
ZIP_SOURCE = Path("node_modules/fflate/umd/index.js")
ZIP_LICENCE = Path("node_modules/fflate/LICENSE")


class ChecklistsPlugin(BasePlugin[ChecklistsConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: The site model of the current build, read once in ``on_files`` (reading it for every
        #: page would stat every file once per page). static-i18n runs every event once per
        #: language and ``mkdocs serve`` rebuilds often, so problems are reported and files
        #: generated once per change of the model.
        self._site: Site | None = None
        self._outputs: tuple[Site, dict[str, bytes]] | None = None
        #: This language pass's files by path (``ja/pillars/x.md``): static-i18n's lookup
        #: costs about a tenth of a millisecond, and every principle page asks for eight.
        self._lookups: dict[str, File | None] = {}
        #: Items already reported as getting no checkbox, for which site model.
        self._unrendered: tuple[Site | None, set[tuple[str, str]]] = (None, set())

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Read the site model (its problems, view pages' included, are validate's to report)."""
        self._lookups = {}
        if not self.config.enabled:
            return files
        self._site, _ = site_for(config)
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Add generated parts while the page is still Markdown, so MkDocs checks their links."""
        if not self.config.enabled:
            return markdown
        located = page_language_and_path(page.file.src_uri, config)
        if located is not None:
            markdown = self._add_views(markdown, located, page, config, files)
        return mark_items(markdown)

    @staticmethod
    def _sources(config: MkDocsConfig) -> dict[str, str]:
        """What an item of the town's edition says of itself ("見本町の項目"), by edition."""
        edition = site_for(config)[0].edition
        if edition is None:
            return {}
        lang = build_language(config)
        words = catalogue(lang)["local_editions"]
        return {edition.slug: words["item_from"].format(town=edition.short_name[lang])}

    # Before the translations plugin (0) adds the source line, so that the credit comes first.
    @event_priority(10)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Turn marked items into checkboxes; give a principle page its lead, toolbar, credit."""
        if not self.config.enabled:
            return html
        principle_id = page.meta.get("id") if is_slug(page.meta.get("id")) else None
        self._report_unrendered(html, page, config)
        located = page_language_and_path(page.file.src_uri, config)
        html = render_items(html, principle_id, self._sources(config))
        principle = self._principle_of(page, located, config)
        if principle is None or located is None:
            return html
        lang = located[0]

        def url(path: str) -> str | None:
            file = self._find(files, f"{lang}/{path}")
            return None if file is None else relative_url(file, page.file)

        return views.principle_chrome(html, principle, url)

    def _report_unrendered(self, html: str, page: Page, config: MkDocsConfig) -> None:
        """Warn of marked items that Markdown did not make list items: they get no checkbox
        (their marker is removed). Markdown and the site model read the page differently
        there, which should never happen; once per item and change of the model."""
        lost = unrendered_items(html)
        if not lost:
            return
        site = self._model(config)
        if self._unrendered[0] is not site:
            self._unrendered = (site, set())
        located = page_language_and_path(page.file.src_uri, config)
        source = site.page(*located) if located else None
        shown = source.display_path if source else f"docs/{page.file.src_uri}"
        lines = {item.id: item.line for item in source.structure.items} if source else {}
        for item_id in lost:
            if (shown, item_id) in self._unrendered[1]:
                continue
            self._unrendered[1].add((shown, item_id))
            where = f"{shown}:{lines[item_id]}" if item_id in lines else shown
            log.warning(
                "%s: checklist item '%s' gets no checkbox: Markdown reads its line as part of "
                "something else (a heading, a definition, a table). Fix: put the item in a list "
                "of its own, with a blank line above it",
                where,
                item_id,
            )

    # Before the search plugin (100) puts the text for the index in page.content for a while.
    @event_priority(110)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Name the data assets the page loads (``partials/dxp-checklists.html``): a principle
        page its own items, a page of checklists, progress or assessments every item; and the
        dashboard's style sheet on the dashboard and the report (``partials/dxp-head.html``)."""
        context["dxp_data_assets"] = []  # type: ignore[typeddict-unknown-key]
        if not self.config.enabled:
            return context
        view = page.meta.get("dxp_view")
        if view in ("dashboard", "report"):
            styles = context.setdefault("dxp_page_styles", [])  # type: ignore[typeddict-item]
            styles.append(DASHBOARD_STYLES)
        located = page_language_and_path(page.file.src_uri, config)
        lang = build_language(config)
        principle = self._principle_of(page, located, config)
        if principle is not None and principle.lang == lang:
            items = PRINCIPLE_ASSET.format(lang=lang, principle=principle.id)
        elif page.content is not None and _CHECKLIST_MARKERS.search(page.content):
            items = DATA_ASSET.format(lang=lang)
        else:
            return context
        assets = [SETTINGS_ASSET.format(lang=lang), items]
        if view in ("dashboard", "report"):
            assets.append(DASHBOARD_TEXT_ASSET.format(lang=lang))
        if view == "dashboard":
            assets += [
                ZIP_LIBRARY,
                WORKBOOK_ASSET.format(lang=lang),
                WORKBOOK_SCRIPT,
                DASHBOARD_SCRIPT,
            ]
        elif view == "report":
            assets.append(REPORT_SCRIPT)
        context["dxp_data_assets"] = assets  # type: ignore[typeddict-unknown-key]
        return context

    def _principle_of(
        self, page: Page, located: tuple[str, str] | None, config: MkDocsConfig
    ) -> Principle | None:
        """The principle whose own page ``page`` is (not a view that lists it)."""
        if located is None:
            return None
        lang, page_path = located
        site = self._model(config)
        principle = site.principles.get(lang, {}).get(str(page.meta.get("id")))
        if principle is None or site.page(lang, page_path) is not principle.page:
            return None
        return principle

    def _find(self, files: Files, path: str) -> File | None:
        if path not in self._lookups:
            self._lookups[path] = files.get_file_from_path(path)
        return self._lookups[path]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the browser data and the downloads into the site root.

        static-i18n builds every language into the same ``site_dir`` (English pages go to
        ``en/``), and calls this once per language; writing the same files each time keeps
        them present whichever build runs last, also under ``mkdocs serve``.
        """
        if not self.config.enabled:
            return
        files = self._generate(self._model(config), config)
        files.update(_zip_library(config))
        for name, content in files.items():
            target = Path(config.site_dir) / name
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            except OSError as error:
                raise PluginError(f"could not write {target}: {error.strerror}") from None

    def _add_views(
        self,
        markdown: str,
        located: tuple[str, str],
        page: Page,
        config: MkDocsConfig,
        files: Files,
    ) -> str:
        lang, page_path = located
        site = self._model(config)

        def exists(path: str) -> bool:
            return self._find(files, f"{lang}/{path}") is not None

        principle = site.principles.get(lang, {}).get(str(page.meta.get("id")))
        if principle is not None and site.page(lang, page_path) is principle.page:
            return markdown  # its lead, toolbar and credit are added to its HTML
        view = page.meta.get("dxp_view")
        pillar = _pillar_of(page_path, page.meta)
        if pillar is not None:
            return views.pillar_progress(markdown, site, pillar, located, exists)
        generated = ""
        if view == "role" and page.meta.get("role") in ROLES:
            generated = views.role_view(site, lang, page.meta["role"], page_path, exists)
        elif view == "checklist":
            generated = views.checklist_view(site, lang, page_path, exists)
        elif view == "report":
            generated = views.report_view(lang)
        elif view == "dashboard":
            limit = _size(self.config.import_limit_kb * 1024)
            generated = views.dashboard_view(site, lang, page_path, exists, limit)
        if START_HERE_MARKER in markdown:
            markdown = markdown.replace(
                START_HERE_MARKER, views.start_here(site, lang, page_path, boxes=False)
            )
        if not generated:
            return markdown
        return markdown.rstrip("\n") + "\n\n" + generated + "\n"

    def _model(self, config: MkDocsConfig) -> Site:
        if self._site is None:  # events called without on_files, as in unit tests
            self._site, _ = site_for(config)
        return self._site

    def _output_settings(self, config: MkDocsConfig) -> dict[str, Any]:
        return {
            "feedback": feedback_address(config),
            "namespace": self.config.storage_namespace,
            "import_limit": self.config.import_limit_kb * 1024,
            "downloads_folder": self.config.downloads_dir.strip("/")
            if self.config.downloads
            else None,
        }

    def _generate(self, site: Site, config: MkDocsConfig) -> dict[str, bytes]:
        if self._outputs is None or self._outputs[0] is not site:
            self._outputs = (site, outputs(site, **self._output_settings(config)))
        return dict(self._outputs[1])


#: Where a page shows the start-here path as a numbered list of links (the home page does).
START_HERE_MARKER = "<!-- dxp-start-here -->"

#: What the checklist script works on: a page with any of these needs every item's data.
_CHECKLIST_MARKERS = re.compile(
    r"data-dxp-(?:item|progress|manager|toolbar|transfer|select|action|quarantine|status|report)\b"
)


def _pillar_of(page_path: str, meta: Mapping[str, Any]) -> str | None:
    """The pillar a pillar overview page presents: by its front matter, else by its path."""
    if meta.get("dxp_view") == "pillar" and meta.get("pillar_view") in PILLARS:
        return str(meta["pillar_view"])
    folder, _, name = page_path.rpartition("/")
    pillar = name.removesuffix(".md")
    return pillar if folder == PILLARS_DIR and pillar in PILLARS else None


def _zip_library(config: MkDocsConfig) -> dict[str, bytes]:
    """fflate's browser build and its licence, by their paths in the site."""
    project = project_dir(config)
    try:
        library = (project / ZIP_SOURCE).read_bytes()
        licence = (project / ZIP_LICENCE).read_bytes()
    except OSError:
        raise PluginError(
            f"dx-playbook/checklists: {ZIP_SOURCE} is missing, which the dashboard needs to "
            "save and read Excel workbooks. Fix: run 'npm ci' in the project folder (the "
            "Makefile does)"
        ) from None
    return {ZIP_LIBRARY: library, str(Path(ZIP_LIBRARY).with_name("LICENSE")): licence}


def _size(limit: int) -> str:
    """``limit`` bytes for readers: "1 MB" (1 MiB shown the way file managers show it)."""
    megabytes = limit / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:g} MB"
    return f"{limit // 1024} KB"
