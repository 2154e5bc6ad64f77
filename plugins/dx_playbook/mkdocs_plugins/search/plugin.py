"""``dx-playbook/search``: Material's search dialog, answered by the playbook's own worker.

Material's search plugin still writes the index (one for all languages). This plugin ships the
worker in ``overrides/assets/javascripts/workers/dxp-search.js`` as one script per language and
points the page's search configuration (``partials/dxp-config.html``) at the one for the page's
language. Events in build order: ``on_config`` checks that Material still works the way the
worker assumes; ``on_files`` takes the engine out of the files to copy; ``on_env`` tells the
template which worker to name; ``on_post_build`` writes the worker of the language just built.

It also hands Material's indexer each page as Markdown made it, before our plugins added the
controls and views readers use (checkboxes, toolbars, the lead, glossary tooltips, the handout
view), with checklist items as plain list items and a principle's summary under its title: see
:func:`~dx_playbook.core.checklists.checklist_html.for_search_index`. Parsing those parts was most of what
our pages added to the time Material's search takes (issue 9). ``on_page_content`` keeps that
version; ``on_page_context`` swaps it in just before Material's search reads ``page.content``
and back just after.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from dx_playbook.core.checklists.checklist_html import for_search_index
from dx_playbook.core.glossary.glossary import Glossary, search_groups
from dx_playbook.core.model.schema import PILLARS_DIR, is_slug
from dx_playbook.core.search.readings import LANGUAGES as READING_LANGUAGES
from dx_playbook.core.search.readings import kanji_variants, reading_table, texts_of
from dx_playbook.core.search.search_worker import (
    AGGREGATE_VIEWS,
    ENGINE,
    INTRODUCTION_VIEWS,
    inputs_version,
    introduction,
    language_prefixes,
    marked_aggregates,
    other_languages,
    split_index,
    with_keywords,
    worker_path,
    worker_script,
)
from dx_playbook.core.text.catalogue import catalogue
from dx_playbook.mkdocs_plugins.builds import plugin_logger, project_dir, site_for
from dx_playbook.mkdocs_plugins.search.config import SearchConfig
from dx_playbook.mkdocs_plugins.search.material import (
    config_block_problems,
    material_worker_paths,
    protocol_problems,
)

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = plugin_logger("search")

CONFIG_PARTIAL = "partials/dxp-config.html"
INDEX_FILE = "search/search_index.json"
#: wanakana (an npm dependency, MIT), which writes romaji in kana: it goes before the engine in
#: the workers of the languages read with SudachiPy, and its licence beside the workers.
ROMAJI_SOURCE = Path("node_modules/wanakana/wanakana.min.js")
ROMAJI_LICENCE = Path("node_modules/wanakana/LICENSE")
ROMAJI_LICENCE_PATH = "assets/vendor/wanakana/LICENSE"


class SearchPlugin(BasePlugin[SearchConfig]):
    def __init__(self) -> None:
        #: The engine's source file in the theme, found among the build's files.
        self._engine: Path | None = None
        #: Per page being built: the content for the index, then the content for readers.
        self._for_index: dict[str, str] = {}
        self._for_readers: dict[str, str] = {}
        #: Per language, the addresses of its pages given to Material's index in this build.
        self._indexed: dict[str, list[str]] = {}
        #: Each language built so far, with its thesaurus (static-i18n builds one at a time).
        self._settings: dict[str, list[tuple[str, ...]]] = {}
        #: The languages being built, innermost last (static-i18n builds the others inside
        #: the first one's ``on_post_build``).
        self._building: list[str] = []
        #: The addresses of the pages that gather others' (AGGREGATE_VIEWS, pillar pages).
        self._aggregates: set[str] = set()
        #: The words each page's front matter gives the search (``keywords``), by address.
        self._keywords: dict[str, list[str]] = {}
        #: The fingerprint of what the workers are made of (see inputs_version).
        self._version = ""

    # Before the checklists plugin (10) turns items into controls and adds the principle chrome.
    @event_priority(20)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.config.enabled:
            summary = page.meta.get("summary")
            principle = is_slug(page.meta.get("id")) and isinstance(summary, str)
            indexed = (
                introduction(html) if page.meta.get("dxp_view") in INTRODUCTION_VIEWS else html
            )
            self._for_index[page.file.src_uri] = for_search_index(
                indexed, summary if principle else None
            )
            search = page.meta.get("search")
            if not (isinstance(search, dict) and search.get("exclude") is True):
                self._indexed.setdefault(_language(config), []).append(page.url)
            keywords = page.meta.get("keywords")
            if isinstance(keywords, list) and all(isinstance(word, str) for word in keywords):
                self._keywords[page.url] = [word.strip() for word in keywords if word.strip()]
            else:
                self._keywords.pop(page.url, None)
            folder = page.file.src_uri.split("/")[-2:-1]
            if page.meta.get("dxp_view") in AGGREGATE_VIEWS or folder == [PILLARS_DIR]:
                self._aggregates.add(page.url)
            else:
                self._aggregates.discard(page.url)
        return html

    # Material's search plugin reads page.content at priority 0.
    @event_priority(100)
    def _index_what_the_text_says(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        indexed = self._for_index.pop(page.file.src_uri, None)
        if indexed is not None and page.content is not None:
            self._for_readers[page.file.src_uri] = page.content
            page.content = indexed
        return context

    @event_priority(-100)
    def _show_readers_everything(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        full = self._for_readers.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_index_what_the_text_says, _show_readers_everything)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Stop the build if Material no longer matches what the worker and template assume."""
        problems = _material_problems(config, check_protocol=self.config.enabled)
        problems += _order_problems(config) if self.config.enabled else []
        if problems:
            raise PluginError("dx-playbook/search: " + "\n".join(problems))
        if self.config.enabled:
            self._version = _inputs_version(config)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Keep the engine out of the site: only the per-language workers built from it ship."""
        engine = files.get_file_from_path(ENGINE)
        if engine is not None:
            self._engine = Path(engine.abs_src_path or "")
            files.remove(engine)
        if self.config.enabled and engine is None and self._engine is None:
            raise PluginError(
                f"dx-playbook/search: the search engine {ENGINE} is missing from the theme; "
                "it belongs in overrides/ (the theme's custom_dir)"
            )
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        """Name the worker in the page's search configuration (see partials/dxp-config.html)."""
        if self.config.enabled:
            language = _language(config)
            env.globals["dxp_search_worker"] = f"{worker_path(language)}?v={self._version}"
            self._building.append(language)
            self._settings[language] = _thesaurus(config, language)
        else:
            env.globals["dxp_search_worker"] = _material_worker(config)

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write every language's worker, each with its part of the index, and empty Material's.

        static-i18n builds each language in turn into the same ``site_dir``; its handler (at
        -100, listed before this plugin) builds the other languages, then has Material write
        the index of all of them. This one runs after it, once for all languages (the passes of
        the languages built inside return at once), and before Material's offline plugin
        (also -100, listed after), which copies ``search_index.json`` into the bundle's
        ``search_index.js``: the index is split by language into the workers, and Material's
        file keeps only its ``config``, so no reader downloads the other language.
        """
        if not self.config.enabled or self._engine is None or not self._building:
            return
        # static-i18n leaves the configuration in the last language it built: the language of
        # this build is the one whose environment was made last and not yet finished.
        language = self._building.pop()
        if self._building:
            return  # a language static-i18n builds inside another: the outer pass writes all
        prefixes = _prefixes(config)
        if language not in prefixes:
            raise PluginError(
                f"dx-playbook/search: the page language '{language}' (theme.language) is not one "
                f"of the languages of the i18n plugin {sorted(prefixes)}; add it there"
            )
        try:
            engine = self._engine.read_text(encoding="utf-8")
        except OSError as error:
            raise PluginError(f"dx-playbook/search: cannot read {self._engine}: {error}") from error
        romaji = _romaji_library(config) if set(self._settings) & set(READING_LANGUAGES) else None
        docs = _take_index(Path(config.site_dir) / INDEX_FILE)
        by_language = split_index(docs or [], prefixes)
        for lang, pages in self._indexed.items():
            _check_index_entries(pages, lang, by_language)
        self._indexed = {}
        for lang, thesaurus in self._settings.items():
            target = Path(config.site_dir) / worker_path(lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            docs_of = with_keywords(
                marked_aggregates(by_language[lang], self._aggregates), self._keywords
            )
            readings = kanji = None
            code = engine
            if lang in READING_LANGUAGES:
                texts = texts_of(docs_of)
                readings, kanji = reading_table(texts), kanji_variants(texts)
                if romaji is not None:
                    code = f"{romaji[0]}\n{engine}"
            script = worker_script(
                code,
                lang,
                prefixes,
                thesaurus,
                readings=readings,
                kanji=kanji,
                other=other_languages(lang, prefixes, _other_labels(lang, prefixes), self._version),
                docs=docs_of,
            )
            target.write_text(script, encoding="utf-8")
        if romaji is not None:
            licence = Path(config.site_dir) / ROMAJI_LICENCE_PATH
            licence.parent.mkdir(parents=True, exist_ok=True)
            licence.write_bytes(romaji[1])


def _romaji_library(config: MkDocsConfig) -> tuple[str, bytes]:
    """wanakana's browser build, introduced by a line naming its licence, and the licence."""
    project = project_dir(config)
    try:
        library = (project / ROMAJI_SOURCE).read_text(encoding="utf-8")
        licence = (project / ROMAJI_LICENCE).read_bytes()
        package = json.loads((project / ROMAJI_SOURCE).with_name("package.json").read_bytes())
    except (OSError, ValueError):
        raise PluginError(
            f"dx-playbook/search: {ROMAJI_SOURCE} is missing, which Japanese search needs to "
            "read romaji typed without conversion. Fix: run 'npm ci' in the project folder "
            "(the Makefile does)"
        ) from None
    header = f"/* wanakana {package.get('version', '')}, MIT licence: {ROMAJI_LICENCE_PATH} */"
    # Its source map is not shipped: the line naming it would only send devtools looking.
    code = " ".join(
        line for line in library.splitlines() if not line.startswith("//# sourceMappingURL=")
    )
    return f"{header}\n{code.strip()}", licence


def _inputs_version(config: MkDocsConfig) -> str:
    """The fingerprint of the pages, data, engine and edition this build makes the workers of."""
    project = project_dir(config)
    folders = [Path(config.docs_dir), project / "data", project / ROMAJI_SOURCE]
    for folder in config.theme.dirs:
        engine = Path(folder) / ENGINE
        if engine.is_file():
            folders.append(engine)
            break
    editions = config.plugins.get("dx-playbook/editions")
    slug = str(getattr(getattr(editions, "config", None), "edition", "") or "")
    if slug and is_slug(slug):
        folders.append(project / "editions" / slug)
    return inputs_version(folders, [slug, str(config.use_directory_urls)])


def _order_problems(config: MkDocsConfig) -> list[str]:
    """The workers take the index after static-i18n has had every language's written, and
    before Material's offline plugin copies it: their handlers share priority -100, so the
    order of ``plugins:`` decides."""
    names = list(config.plugins)
    here = names.index("dx-playbook/search") if "dx-playbook/search" in names else -1
    problems = []
    if "i18n" in names and here < names.index("i18n"):
        problems.append(
            "list dx-playbook/search after i18n in mkdocs.yml's plugins: it splits the index "
            "of every language, which static-i18n has written only when its own turn ends"
        )
    if "material/offline" in names and here > names.index("material/offline"):
        problems.append(
            "list dx-playbook/search before offline in mkdocs.yml's plugins: Material's offline "
            "plugin would copy the whole index of every language into the bundle"
        )
    return problems


def _other_labels(lang: str, prefixes: dict[str, str]) -> dict[str, str]:
    """Per other language, the words beside a result its pages found, in ``lang``."""
    words = catalogue(lang)
    names = words.get("language_names", {})
    return {
        other: words["search"]["other_language"].format(
            language=names.get(other) or catalogue(other)["language"]
        )
        for other in prefixes
        if other != lang
    }


def _take_index(path: Path) -> list[dict[str, object]] | None:
    """The documents of Material's index at ``path``, which is rewritten without them; None
    when there is no index, or it holds no documents (already taken)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise PluginError(
            f"dx-playbook/search: cannot read Material's index {path}: {error}"
        ) from error
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, list) or not docs:
        return None
    data["docs"] = []
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return [doc for doc in docs if isinstance(doc, dict)]


def _thesaurus(config: MkDocsConfig, language: str) -> list[tuple[str, ...]]:
    """The search thesaurus of ``language``: ``data/synonyms.yml`` (validated with the pages),
    then the glossary's terms as the glossary plugin read them, when it is on."""
    site, _ = site_for(config)
    groups = list(site.synonyms.get(language, ()))
    glossary = getattr(config.plugins.get("dx-playbook/glossary"), "glossary", None)
    if isinstance(glossary, Glossary):
        groups.extend(search_groups(glossary, language))
    return groups


def _check_index_entries(
    indexed: list[str], language: str, by_language: dict[str, list[dict[str, object]]]
) -> None:
    """Warn when this build's pages would not be found in their language's part of the index.

    The worker tells languages apart by the folder of each location in Material's combined
    index; if Material's search plugin or static-i18n ever changed how they write it, search
    would quietly find nothing, or find pages of the other language.
    """
    if not indexed:
        return
    pages = set(indexed)
    found = {str(doc.get("location", "")).split("#")[0] for doc in by_language.get(language, [])}
    elsewhere = sorted(
        location
        for lang, docs in by_language.items()
        if lang != language
        for doc in docs
        if (location := str(doc.get("location", "")).split("#")[0]) in pages
    )
    if elsewhere or not pages & found:
        log.warning(
            "the search index holds the '%s' pages outside that language's folder (e.g. %s), "
            "so its readers' search will not find them; check the i18n plugin's languages",
            language,
            elsewhere[:3] or sorted(pages)[:3],
        )


def _language(config: MkDocsConfig) -> str:
    language = str(config.theme.get("language") or "en")
    try:
        worker_path(language)
    except ValueError as error:
        raise PluginError(f"dx-playbook/search: theme.language: {error}") from error
    return language


def _prefixes(config: MkDocsConfig) -> dict[str, str]:
    """Each language's folder in the index, from mkdocs-static-i18n's configuration."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return {_language(config): ""}
    try:
        languages = [
            (str(entry.locale), bool(entry.default))
            for entry in i18n.config.languages
            if entry.build and entry.locale != "null"
        ]
        return language_prefixes(languages)
    except (AttributeError, TypeError, ValueError) as error:
        raise PluginError(
            f"dx-playbook/search: cannot read the languages of the i18n plugin ({error}); "
            "mkdocs-static-i18n's configuration may have changed: see "
            "plugins/dx_playbook/mkdocs_plugins/search/plugin.py"
        ) from error


def _theme_file(config: MkDocsConfig, name: str) -> Path | None:
    for folder in config.theme.dirs:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


def _material_templates(config: MkDocsConfig) -> Path | None:
    for folder in config.theme.dirs:
        if (Path(folder) / "base.html").is_file() and (Path(folder) / "assets").is_dir():
            return Path(folder)
    return None


def _material_worker(config: MkDocsConfig) -> str:
    templates = _material_templates(config)
    workers = material_worker_paths(templates)[0] if templates else []
    if len(workers) != 1:
        raise PluginError(
            f"dx-playbook/search: expected one search worker in Material's theme, found {workers}"
        )
    return f"assets/javascripts/workers/{workers[0].name}"


def _material_problems(config: MkDocsConfig, *, check_protocol: bool) -> list[str]:
    templates = _material_templates(config)
    partial = _theme_file(config, CONFIG_PARTIAL)
    if templates is None:
        return ["Material for MkDocs' templates were not found: is theme.name 'material'?"]
    if partial is None:
        # Not our theme overrides (e.g. a test site with its own custom_dir): nothing to compare.
        return []
    problems = config_block_problems(
        (templates / "base.html").read_text(encoding="utf-8"),
        partial.read_text(encoding="utf-8"),
        str(partial),
    )
    if check_protocol:
        problems += protocol_problems(templates)
    return problems
