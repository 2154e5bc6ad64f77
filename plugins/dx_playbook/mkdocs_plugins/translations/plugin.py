"""``dx-playbook/translations``: readers learn when a page is untranslated or out of date.

The state of every page pair comes from :mod:`dx_playbook.core.translations.translations`; this adapter puts
it where readers see it: a notice at the top of the page (``partials/dxp-notices.html``), the
``lang`` of Japanese text shown on English pages, the generated status table, and the line that
tells contributors which file to edit.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from dx_playbook.core.model.history import History
from dx_playbook.core.model.languages import PLAYBOOK, Languages
from dx_playbook.core.text.catalogue import catalogue
from dx_playbook.core.translations.translation_report import (
    CONTRIBUTOR_AREA,
    FEEDBACK_PAGE,
    StatusRow,
    finish_page,
    render_feedback_line,
    render_html,
    render_source_line,
    render_updated_line,
)
from dx_playbook.core.translations.translations import (
    Notice,
    PairStatus,
    State,
    missing_notice,
    stale_message,
    stale_notice,
    statuses,
)
from dx_playbook.mkdocs_plugins.builds import (
    build_language,
    default_language,
    edition,
    feedback_address,
    is_default_pass,
    page_language_and_path,
    plugin_logger,
    relative_url,
    site_for,
    site_languages,
)
from dx_playbook.mkdocs_plugins.translations.config import TranslationsConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from dx_playbook.core.model.site import Site

log = plugin_logger("translations")

STATUS_VIEW = "translation-status"


class TranslationsPlugin(BasePlugin[TranslationsConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.languages: Languages = PLAYBOOK
        self.statuses: dict[tuple[str, str], PairStatus] = {}
        self.git_dates: History | None = None
        self.files: Files | None = None
        #: The default language pass's ``404.html``, which the other passes write again.
        self._not_found: str | None = None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Work out the state of every page pair once per reading of the docs.

        static-i18n runs every event once per language: the site is read once (shared cache),
        and the states are reported during the first language's build only.
        """
        if not self.config.enabled:
            return files
        self.files = files
        site, _ = site_for(config)
        if site is not self.site:
            self.site = site
            self.languages = site.languages
            self.statuses = {(s.lang, s.rel_path): s for s in statuses(site)}
            self.git_dates = History(Path(config.config_file_path or ".").parent)
        if is_default_pass(config):
            self.report_states()
        return files

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        where = locate(page, config)
        if where is None:
            return html
        build_lang, source_lang, rel_path = where
        table = ""
        if page.meta.get("dxp_view") == STATUS_VIEW:
            table = self.status_table(page, build_lang, files)
        translation_path = None
        if source_lang != build_lang:
            translation_path = project_path(config, f"{build_lang}/{rel_path}")
        source_line = ""
        if page.file.generated_by is None:  # made by a plugin: there is no file of its own to edit
            template = self.config.edit_url_template
            path = project_path(config, page.file.src_uri)
            edit_url = template.format(path=path) if template else page.edit_url
            guide = files.get_file_from_path(f"{build_lang}/{CONTRIBUTOR_AREA}/index.md")
            source_line = render_source_line(
                build_lang,
                path,
                edit_url,
                translation_path,
                contributor=rel_path.startswith(f"{CONTRIBUTOR_AREA}/"),
                guide_url=None if guide is None else relative_url(guide, page.file),
            )
        updated_line = ""
        if page.file.generated_by is None and page.file.abs_src_path:
            changed = None
            if self.config.git_dates and self.git_dates is not None:
                changed = self.git_dates.last_change(Path(page.file.abs_src_path))
            updated_line = render_updated_line(
                build_lang, changed.isoformat() if changed else edition(config).date
            )
            form = files.get_file_from_path(f"{build_lang}/{FEEDBACK_PAGE}")
            updated_line += render_feedback_line(
                build_lang,
                address=feedback_address(config),
                title=page.title or "",
                where=page.url or "./",
                edition=edition(config).stamp(build_lang),
                form_url=None if form is None else relative_url(form, page.file),
            )
        return finish_page(
            html,
            permalink_titles(config, build_lang),
            table,
            source_lang if source_lang != build_lang else None,
            updated_line + source_line,
        )

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Hand ``partials/dxp-notices.html`` the notices for this page."""
        if not self.config.enabled or not self.config.notices:
            return context
        where = locate(page, config)
        if where is not None:
            # Not one of MkDocs' typed keys: the partial reads it with a default.
            context["dxp_translation"] = {"notices": self.notices(page, *where)}  # type: ignore[typeddict-unknown-key]
        return context

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """Hand ``404.html`` its words in every language: one page answers every missing
        address, whichever language the reader was reading (each part marked with its
        ``lang``, the pass's own language first), each linking its home page."""
        if not self.config.enabled or template_name != "404.html":
            return context
        base = str(context.get("base_url") or "/").rstrip("/") + "/"
        default = default_language(config)
        own = build_language(config)
        declared = site_languages(config)
        languages = [own, *(lang for lang in declared if lang != own)]
        context["dxp_not_found"] = [  # type: ignore[typeddict-unknown-key]
            {
                **catalogue(lang)["not_found"],
                "lang": lang,
                "href": base if lang == default else f"{base}{lang}/",
            }
            for lang in languages
        ]
        return context

    @event_priority(-200)
    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """A ``404.html`` per language: every language pass writes the one file at the site
        root, and the last (English) would leave a page whose ``<html lang>`` and theme words
        are English for a site read first in Japanese. So the root keeps the default
        language's, and each other language's goes to its own folder (``en/404.html``, in
        that language first, for servers that answer a missing address under ``en/`` with it).
        Its links start at the site root, so it works from any depth."""
        if not self.config.enabled or template_name != "404.html":
            return output_content
        if is_default_pass(config):
            self._not_found = output_content
            return output_content
        own = Path(config.site_dir) / build_language(config) / "404.html"
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text(output_content, encoding="utf-8")
        return self._not_found if self._not_found is not None else output_content

    # Helpers ---------------------------------------------------------------------------------

    def report_states(self) -> None:
        untracked = 0
        for status in self.statuses.values():
            if status.state is State.STALE:
                report = log.warning if self.config.warn_stale else log.info
                report("%s", stale_message(status))
            elif status.state is State.UNTRACKED:
                untracked += 1
        if untracked:
            log.info(
                "%d translated pages have no 'translation_of' fingerprint yet, so no one can "
                "tell when they fall behind the Japanese original. Fix: once they are reviewed, "
                "run 'dx-playbook i18n mark-current --all'",
                untracked,
            )

    def notices(self, page: Page, build_lang: str, source_lang: str, rel_path: str) -> list[Notice]:
        if build_lang == self.languages.source:
            return []
        if source_lang != build_lang:
            return [
                missing_notice(build_lang, self.url_from(page, build_lang, self.config.status_page))
            ]
        status = self.statuses.get((build_lang, rel_path))
        if status is None or status.state is not State.STALE:
            return []
        changed = None
        if self.config.git_dates and self.git_dates is not None and self.site is not None:
            changed = self.git_dates.last_change(
                self.site.docs_dir / status.original.lang / rel_path
            )
        original = get_relative_url(original_url(page.url, build_lang, self.languages), page.url)
        return [stale_notice(status, original, changed)]

    def status_table(self, page: Page, build_lang: str, files: Files) -> str:
        rows = []
        for status in sorted(self.statuses.values(), key=lambda s: (s.lang, s.rel_path)):
            file = find_file(files, build_lang, status.rel_path)
            if file is None:
                continue
            base = original_url(file.url, build_lang, self.languages)
            rows.append(
                StatusRow(
                    status,
                    get_relative_url(base, page.url),
                    get_relative_url(f"{status.lang}/{base}", page.url),
                )
            )
        return render_html(rows, build_lang, self.languages.source)

    def url_from(self, page: Page, build_lang: str, rel_path: str) -> str | None:
        file = find_file(self.files, build_lang, rel_path) if self.files is not None else None
        return file.url_relative_to(page.file) if file is not None else None


def permalink_titles(config: MkDocsConfig, build_lang: str) -> tuple[str, str] | None:
    """``(configured, wanted)``: the headers' permalink title to replace on pages of
    ``build_lang``, and its replacement; ``None`` when there is nothing to replace.

    The wanted title is ``permalink_title`` of the language's catalogue: Python-Markdown's toc
    extension takes a single ``permalink_title`` for the whole site, which static-i18n does not
    translate."""
    configured = config.mdx_configs.get("toc", {}).get("permalink_title")
    wanted: str = catalogue(build_lang)["permalink_title"]
    if not configured or not wanted or configured == wanted:
        return None
    return str(configured), wanted


def locate(page: Page, config: MkDocsConfig) -> tuple[str, str, str] | None:
    """``(language being built, language of the file, path inside its language folder)``.

    static-i18n records both languages on the file; a file of the default language built into
    another language's site is its fallback for a missing translation.
    """
    found = page_language_and_path(page.file.src_uri, config)
    if found is None:
        return None
    source_lang, rel_path = found
    build_lang = getattr(page.file, "locale_alternate_of", None) or source_lang
    return str(build_lang), source_lang, rel_path


def original_url(url: str, build_lang: str, languages: Languages) -> str:
    """The URL of the same page in the original language, which static-i18n puts at the root."""
    if build_lang != languages.source and url.startswith(f"{build_lang}/"):
        return url[len(build_lang) + 1 :]
    return url


def find_file(files: Files, build_lang: str, rel_path: str) -> File | None:
    """The file built for ``rel_path`` in this language: its translation or the fallback."""
    return files.get_file_from_path(f"{build_lang}/{rel_path}")


def project_path(config: MkDocsConfig, src_uri: str) -> str:
    """``docs/ja/index.md``: where a contributor finds the file, from the project root."""
    return f"{_docs_path(config.docs_dir, config.config_file_path)}/{src_uri}"


@functools.lru_cache(maxsize=8)
def _docs_path(docs_dir: str, config_file: str | None) -> str:
    """The docs folder from the project root (resolving paths for every page was slow)."""
    docs = Path(docs_dir)
    root = Path(config_file).parent if config_file else docs.parent
    try:
        return docs.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return docs.name
