"""``dx-playbook/editions``: builds a town's edition (``editions/<slug>/``) of the playbook.

The edition's overlays are merged into the site model by :mod:`dx_playbook.core.editions`
(every plugin reads that model); this plugin puts the merged Markdown where MkDocs converts it,
and gives every page the edition's name, colour and logo. Without an edition it does nothing,
so a plain build is the same with or without the ``editions/`` folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section

from dx_playbook import __version__
from dx_playbook.core.editions.apply import words
from dx_playbook.core.editions.edition_file import DARK_BACKGROUND, contrast, on_dark, read_edition
from dx_playbook.core.editions.upgrades import (
    Review,
    overlay_statuses,
    review_message,
    untracked_message,
)
from dx_playbook.core.model.history import History
from dx_playbook.core.model.local_edition import LocalEdition
from dx_playbook.mkdocs_plugins.builds import (
    AFTER_I18N,
    build_language,
    default_language,
    edition_slug,
    is_default_pass,
    page_language_and_path,
    plugin_logger,
    project_dir,
    site_for,
    site_languages,
)
from dx_playbook.mkdocs_plugins.editions.config import EditionsConfig

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from dx_playbook.core.model.site import Page as ModelPage

log = plugin_logger("editions")

#: The edition's colours and logo, as the site serves them.
STYLESHEET = "assets/stylesheets/dxp-edition.css"
LOGO = "assets/images/dxp-edition-logo"


def stylesheet(edition: LocalEdition) -> str:
    """Material's primary colour as the edition's (``primary: custom``), light and dark."""
    colour = edition.colour
    light = on_dark(colour)
    return (
        "/* The colour of the edition in editions/"
        + edition.slug
        + "/edition.yml (generated). */\n"
        + ":root,\n[data-md-color-scheme] {\n"
        + f"  --md-primary-fg-color: {colour};\n"
        + f"  --md-primary-fg-color--light: {colour};\n"
        + f"  --md-primary-fg-color--dark: {colour};\n"
        + f"  --dxp-edition-colour: {colour};\n"
        + "}\n"
        + "/* Dark scheme: links, outlined buttons and the edition's marks take it lighter, "
        + f"{contrast(light, DARK_BACKGROUND):.1f}:1 on the darkest panels. */\n"
        + '[data-md-color-scheme="slate"][data-md-color-primary] {\n'
        + f"  --md-typeset-a-color: {light};\n"
        + f"  --dxp-edition-colour: {light};\n"
        + "}\n"
    )


class EditionsPlugin(BasePlugin[EditionsConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.edition: LocalEdition | None = None
        #: The town's own pages of the language being built.
        self.pages: list[File] = []

    # Before static-i18n's on_config (-100), which gives each language its site name.
    @event_priority(120)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Name the site after the edition in each language, and give it the town's colour."""
        slug = edition_slug(config)
        self.edition = None
        self.pages = []
        if not slug:
            return config
        problems: list[str] = []

        def problem(path: str, line: int | None, message: str, fix: str) -> None:
            where = f"{path}:{line}" if line else path
            problems.append(f"{where}: {message}. Fix: {fix}")

        languages = site_languages(config)
        edition = read_edition(project_dir(config), slug, languages.codes, problem)
        if edition is None:
            for line in problems:
                log.warning("%s", line)
            raise PluginError(
                f"the edition '{slug}' cannot be built: fix the "
                + ("line" if len(problems) == 1 else f"{len(problems)} lines")
                + " above"
            )
        self.edition = edition
        config.site_name = edition.name[languages.source]
        i18n = config.plugins.get("i18n")
        for entry in getattr(getattr(i18n, "config", None), "languages", None) or []:
            if entry.locale in edition.name:
                entry.site_name = edition.name[entry.locale]
            elif entry.locale in languages:
                entry.build = False
        for palette in config.theme.get("palette") or []:
            if isinstance(palette, dict):
                palette["primary"] = "custom"
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if edition.logo is not None:
            config.theme["logo"] = LOGO + edition.logo.suffix.lower()
        email = next((contact.email for contact in edition.contacts if contact.email), "")
        if email and not config.extra.get("feedback_email"):
            config.extra["feedback_email"] = email
        return config

    @event_priority(AFTER_I18N)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """The edition's stylesheet and logo, in every language pass."""
        edition = self.edition
        if edition is None:
            return files
        if is_default_pass(config):
            self.report_upgrades(config)
        for path in (STYLESHEET, *([config.theme["logo"]] if edition.logo else [])):
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
        files.append(File.generated(config, STYLESHEET, content=stylesheet(edition)))
        if edition.logo is not None:
            files.append(
                File.generated(config, config.theme["logo"], abs_src_path=str(edition.logo))
            )
        self.pages = [self._page_file(page, config) for page in self._town_pages(config)]
        for file in self.pages:
            files.append(file)
        return files

    def _town_pages(self, config: MkDocsConfig) -> list[ModelPage]:
        """The town's own pages (core/editions/pages.py) in the language being built."""
        site, _ = site_for(config)
        lang = build_language(config)
        return [page for page in site.pages_in(lang) if page.from_edition and page.readable]

    @staticmethod
    def _page_file(page: ModelPage, config: MkDocsConfig) -> File:
        """The town's page as static-i18n makes a page of a language folder: its source at
        ``<lang>/<slug>/<name>.md``, written under the language's own prefix, with its
        other-language versions for the language switcher."""
        default = default_language(config)

        def file_for(lang: str) -> File:
            file = File.generated(config, f"{lang}/{page.rel_path}", content=page.source)
            stem = page.rel_path.removesuffix(".md")
            dest = f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html"
            file.dest_uri = dest if lang == default else f"{lang}/{dest}"
            return file

        lang = page.lang
        own = file_for(lang)
        site, _ = site_for(config)
        others = [
            other
            for other in site.languages
            if other != lang and site.page(other, page.rel_path) is not None
        ]
        alternates = {lang: own, **{other: file_for(other) for other in others}}
        # What static-i18n's page context reads of each file (its language switcher).
        own.alternates = alternates  # type: ignore[attr-defined]
        own.locale = lang  # type: ignore[attr-defined]
        own.locale_alternate_of = lang  # type: ignore[attr-defined]
        own.localization = lang  # type: ignore[attr-defined]
        own.norm_src_uri = page.rel_path  # type: ignore[attr-defined]
        return own

    # After static-i18n's on_nav (-100), which translates the navigation's titles.
    @event_priority(AFTER_I18N)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The town's own pages, in a section of the navigation under the town's name."""
        edition = self.edition
        pages = [file.page for file in self.pages if file.page is not None]
        if edition is None or not pages:
            return nav
        lang = build_language(config)
        title = words(lang)["pages"].format(town=edition.short_name[lang])
        section = Section(title, pages)  # type: ignore[arg-type]
        for page in pages:
            page.parent = section
        nav.items.append(section)
        return nav

    # Before dx-playbook/validate (100) and every other reader of the page's Markdown.
    @event_priority(110)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A principle page an overlay extends is converted as merged."""
        if self.edition is None:
            return markdown
        located = page_language_and_path(page.file.src_uri, config)
        if located is None:
            lang = build_language(config)
            located = (lang, page.file.src_uri)
        site, _ = site_for(config)
        merged = site.page(*located)
        if merged is None or not merged.origins:
            return markdown
        return merged.document.body

    def report_upgrades(self, config: MkDocsConfig) -> None:
        """Each overlay whose sections of ours changed since it was last reviewed: a warning
        (``warn_review``; a strict build then stops until the town has looked), with the date
        our page changed where the repository's history tells it."""
        site, _ = site_for(config)
        if site.edition is None:
            return
        history = History(project_dir(config))
        untracked = 0
        for status in overlay_statuses(site):
            if status.state is Review.REVIEW:
                report = log.warning if self.config.warn_review else log.info
                changed = history.last_change(site.docs_dir.parent / status.page.display_path)
                report("%s", review_message(status, site.edition.slug, changed))
            elif status.state is Review.UNTRACKED:
                untracked += 1
        if untracked:
            log.info("%s", untracked_message(untracked, site.edition.slug))

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """``dxp_local`` for the templates: the edition's name, what it is built on, and
        whether its town is made up."""
        edition = self.edition
        if edition is None:
            env.globals["dxp_local"] = None
            return env
        lang = build_language(config)
        said = words(lang)
        town = edition.short_name[lang]
        env.globals["dxp_local"] = local_context(edition, lang, said, town)
        return env


def local_context(
    edition: LocalEdition, lang: str, said: dict[str, str], town: str
) -> dict[str, Any]:
    return {
        "slug": edition.slug,
        "name": edition.name[lang],
        "town": town,
        "built_on": said["built_on"].format(edition=edition.name[lang], version=__version__),
        "fictional": said["fictional"].format(town=town) if edition.fictional else "",
        "contacts_label": said["contacts"],
        "contacts": [
            {"office": contact.office[lang], "email": contact.email, "phone": contact.phone}
            for contact in edition.contacts
        ],
        "links_label": said["links"].format(town=town),
        "links": [{"title": link.title[lang], "url": link.url} for link in edition.links],
    }
