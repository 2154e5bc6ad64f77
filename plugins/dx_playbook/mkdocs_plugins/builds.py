"""What our plugins know about the build in progress: its language passes and its edition.

static-i18n builds the default language (Japanese, at the site root), then, from its own
``on_post_build``, runs MkDocs' whole build again for each other language (English, under
``en/``) with the same plugin instances. So every event of ours runs once per language, and:

* a file added in ``on_files`` must be right for the language being built, and must be added
  after static-i18n has rebuilt the file list (its ``on_files`` runs at priority -100) or it is
  dropped (:data:`AFTER_I18N`);
* work on the finished site (zip, copies) belongs in the last pass: :func:`is_final_pass`.

Without static-i18n the site is one build in the source language.

The edition (version, date, commit) is read once per build, so that every page and the bundle
carry the same stamp.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import Bucket, BytecodeCache

from dx_playbook.core import schema
from dx_playbook.core.edition import Edition, current_edition

if TYPE_CHECKING:
    from jinja2 import Environment
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


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory for the whole process.

    MkDocs makes a new Jinja environment for every build, and static-i18n runs one build per
    language, so Material's templates were parsed and compiled twice per build and again on
    every ``mkdocs serve`` rebuild. Jinja checks each entry against the template's source
    (a changed template is compiled afresh), and the environment's options are the same for
    every pass.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()


def share_compiled_templates(env: Environment) -> None:
    """Let ``env`` reuse the templates compiled by earlier passes of this process."""
    if env.bytecode_cache is None:
        env.bytecode_cache = _BYTECODE
