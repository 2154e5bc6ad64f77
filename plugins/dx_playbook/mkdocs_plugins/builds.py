"""What our plugins know about the build in progress: its language passes and its edition.

static-i18n builds the default language (Japanese, at the site root), then, from its own
``on_post_build``, runs MkDocs' whole build again for each other language (English, under
``en/``) with the same plugin instances. So every event of ours runs once per language, and:

* a file added in ``on_files`` must be right for the language being built, and must be added
  after static-i18n has rebuilt the file list (its ``on_files`` runs at priority -100) or it is
  dropped; :func:`localize_generated_file` then gives it what static-i18n's page context needs;
* work on the finished site (zip, copies) belongs in the last pass: :func:`is_final_pass`.

Without static-i18n the site is one build in the source language.

The edition (version, date, commit) is read once per build, so that every page and the bundle
carry the same stamp.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, InclusionLevel

from dx_playbook.core import schema
from dx_playbook.core.edition import Edition, current_edition

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

#: Our ``on_files`` priority for generated pages: after static-i18n's (-100).
AFTER_I18N = -110


#: The last build's configuration and edition (the configuration is kept, not its ``id``, so
#: that a new build under ``mkdocs serve`` never mistakes itself for an old one).
_last_edition: list[tuple[MkDocsConfig, Edition]] = []


def project_dir(config: MkDocsConfig) -> Path:
    """The folder of ``mkdocs.yml``: the project root."""
    return Path(config.config_file_path or ".").resolve().parent


def edition(config: MkDocsConfig) -> Edition:
    """The edition of this build; the same object for every language pass and plugin."""
    if not _last_edition or _last_edition[0][0] is not config:
        _last_edition[:] = [(config, current_edition(project_dir(config)))]
    return _last_edition[0][1]


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def build_language(config: MkDocsConfig) -> str:
    """The language being built now."""
    language = getattr(_i18n(config), "current_language", None)
    if language in schema.LANGUAGES:
        return str(language)
    theme_language = config.theme.get("language")
    return theme_language if theme_language in schema.LANGUAGES else schema.SOURCE_LANGUAGE


def default_language(config: MkDocsConfig) -> str:
    """The language served at the site root."""
    language = getattr(_i18n(config), "default_language", None)
    return str(language) if language in schema.LANGUAGES else schema.SOURCE_LANGUAGE


def built_languages(config: MkDocsConfig) -> list[str]:
    languages = getattr(_i18n(config), "build_languages", None)
    if not languages:
        return [build_language(config)]
    return [str(language) for language in languages if language in schema.LANGUAGES]


def is_final_pass(config: MkDocsConfig) -> bool:
    """Whether this ``on_post_build`` (at a priority below -100) ends the whole build.

    static-i18n sets ``building`` while it runs the other languages' builds from its own
    ``on_post_build``; once they are done, the outer (default-language) build finishes last.
    """
    return not getattr(_i18n(config), "building", False)


def output_path(lang: str, rel_path: str, config: MkDocsConfig) -> str:
    """Where ``rel_path`` (a page of a language folder, ``handouts/x.md``) is written in the
    ``lang`` build: ``handouts/x/index.html`` at the root for the default language,
    ``en/handouts/x/index.html`` for the others (``.html`` without directory URLs)."""
    stem = rel_path.removesuffix(".md")
    name = f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html"
    if posixpath.basename(stem) == "index":
        name = f"{stem}.html"
    return name if lang == default_language(config) else f"{lang}/{name}"


def generated_page(config: MkDocsConfig, lang: str, rel_path: str, content: str) -> File:
    """A page of the ``lang`` build that exists only in memory (``docs/<lang>/<rel_path>``),
    reachable by links but left out of the navigation on purpose."""
    file = File.generated(
        config, f"{lang}/{rel_path}", content=content, inclusion=InclusionLevel.NOT_IN_NAV
    )
    file.dest_uri = output_path(lang, rel_path, config)
    return file


def localize_generated_file(file: File, lang: str, rel_path: str, config: MkDocsConfig) -> None:
    """Give a generated page what static-i18n's page context reads: its language and its
    alternates, so that the language switch leads to the same page in the other language."""
    alternates: dict[str, Any] = {lang: file}
    for other in built_languages(config):
        if other != lang:
            twin = File(
                f"{other}/{rel_path}",
                None,
                config.site_dir,
                config.use_directory_urls,
                dest_uri=output_path(other, rel_path, config),
            )
            alternates[other] = twin
    # Attributes static-i18n sets on the files it builds (mkdocs_static_i18n/folder.py).
    file.alternates = alternates  # type: ignore[attr-defined]
    file.locale = lang  # type: ignore[attr-defined]
    file.locale_alternate_of = lang  # type: ignore[attr-defined]
    file.localization = lang  # type: ignore[attr-defined]
    file.norm_src_uri = rel_path  # type: ignore[attr-defined]
