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
carry the same stamp; the site model is read once per build too (:func:`site_for`), and once
per change under ``mkdocs serve``. This is the one build context of our plugins: no plugin
imports another, and what two of them need (the language being built, the downloads folder,
the iframe-worker shim, a logger named after the plugin) is defined here.
"""

from __future__ import annotations

import gc
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import PrefixedLogger

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.model.edition import Edition, current_edition
from dx_playbook.core.model.languages import Languages
from dx_playbook.core.model.site import Site
from dx_playbook.core.text import catalogue

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

#: Our ``on_files`` priority for generated pages: after static-i18n's (-100).
AFTER_I18N = -110
#: The iframe-worker shim (an npm dependency), relative to the project: the offline plugin ships
#: it, the quality plugin allows its inline bootstrap script.
SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
#: The checklists plugin's option that names the site folder of the downloads.
DOWNLOADS_OPTION = "downloads_dir"
DEFAULT_DOWNLOADS = "downloads"


def plugin_logger(name: str) -> PrefixedLogger:
    """The logger of our plugin ``name`` (``quality``): ``mkdocs.plugins.dx_playbook.quality``,
    its messages prefixed ``dx-playbook/quality:`` so that a reader knows which plugin spoke."""
    return PrefixedLogger(
        f"dx-playbook/{name}", logging.getLogger(f"mkdocs.plugins.dx_playbook.{name}")
    )


def downloads_dir(config: MkDocsConfig) -> str:
    """The site folder of the downloads (``downloads``), as the checklists plugin's
    ``downloads_dir`` sets it: the one option every plugin reads."""
    checklists = config.plugins.get("dx-playbook/checklists")
    folder = getattr(getattr(checklists, "config", None), DOWNLOADS_OPTION, None)
    return (folder if isinstance(folder, str) else DEFAULT_DOWNLOADS).strip("/")


def edition_slug(config: MkDocsConfig) -> str:
    """The town's edition being built (the editions plugin's ``edition``), or ``""``."""
    editions = getattr(config.plugins.get("dx-playbook/editions"), "config", None)
    if editions is None or not getattr(editions, "enabled", True):
        return ""
    slug = getattr(editions, "edition", "")
    return slug.strip() if isinstance(slug, str) else ""


def is_default_pass(config: MkDocsConfig) -> bool:
    """Whether the language being built is the one at the site root (the first pass)."""
    return build_language(config) == default_language(config)


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


#: The last build's configuration and its languages.
_last_languages: list[tuple[MkDocsConfig, Languages]] = []


def site_languages(config: MkDocsConfig) -> Languages:
    """The languages the i18n plugin's ``languages`` declare (the ``default`` one the original;
    static-i18n's ``null`` switcher entries are not languages), and the words of each: a
    project's ``locales/`` folder may bring a catalogue for a language the package has none of."""
    if not _last_languages or _last_languages[0][0] is not config:
        plugin_config = getattr(_i18n(config), "config", None)
        entries = [
            {"locale": entry.locale, "default": entry.default}
            for entry in getattr(plugin_config, "languages", None) or []
            if entry.locale != "null"
        ]
        if not entries:  # one language: the theme's
            entries = [{"locale": config.theme.get("language") or "en", "default": True}]
        locales = project_dir(config) / "locales"
        if locales.is_dir():
            catalogue.register(locales)
        _last_languages[:] = [(config, Languages.declared(entries))]
    return _last_languages[0][1]


def build_language(config: MkDocsConfig) -> str:
    """The language being built now."""
    languages = site_languages(config)
    language = getattr(_i18n(config), "current_language", None)
    if language in languages:
        return str(language)
    theme_language = config.theme.get("language")
    return str(theme_language) if theme_language in languages else languages.source


def default_language(config: MkDocsConfig) -> str:
    """The language served at the site root."""
    languages = site_languages(config)
    language = getattr(_i18n(config), "default_language", None)
    return str(language) if language in languages else languages.source


def built_languages(config: MkDocsConfig) -> list[str]:
    languages = getattr(_i18n(config), "build_languages", None)
    if not languages:
        return [build_language(config)]
    declared = site_languages(config)
    return [str(language) for language in languages if language in declared]


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


_cache: dict[tuple[Path, str], tuple[tuple[tuple[str, int, int], ...], Site]] = {}
#: The configuration of the build in progress and its site: every plugin asks, in every
#: language pass, and walking the docs folder for each was a tenth of our plugins' time.
_current: list[tuple[MkDocsConfig, Site]] = []
#: Whether this process builds once and exits (``mkdocs build``), not ``mkdocs serve``.
_single_build: list[bool] = [False]


def note_command(command: str) -> None:
    """Called from ``on_startup`` with MkDocs' command (``build``, ``gh-deploy``, ``serve``)."""
    _single_build[0] = command in ("build", "gh-deploy")


def _fingerprint(docs_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """What changed under serve: each page's time and size, as a link holds them (a dangling
    or refused link is the site model's to report, never a crash of the rebuild)."""
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            stat = path.stat()  # a link's target: editing it is a change
        except OSError:
            try:
                stat = path.lstat()  # dangling: the link itself
            except OSError:
                continue
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def site_for(config: MkDocsConfig) -> tuple[Site, bool]:
    """The site read from ``config.docs_dir``, and whether it was (re)read just now.

    static-i18n builds each language with the same plugins, so every event runs once per
    language; reading the files once per change keeps problems from being reported twice and
    keeps rebuilds under ``mkdocs serve`` fast.
    """
    if _current and _current[0][0] is config:
        return _current[0][1], False
    docs_dir = Path(config.docs_dir).resolve()
    # One build reads the files once: only rebuilds (serve) need to know whether they changed.
    fingerprint = () if _single_build[0] else _fingerprint(docs_dir)
    key = (docs_dir, edition_slug(config))
    cached = _cache.get(key)
    if cached is not None and cached[0] == fingerprint:
        site, fresh = cached[1], False
    else:
        site = load_site(
            docs_dir,
            languages=site_languages(config),
            downloads_folder=downloads_dir(config),
            edition=edition_slug(config),
        )
        fresh = True
        _cache[key] = (fingerprint, site)
        if _single_build[0]:
            # The model lives until the build ends: keep the garbage collector from walking
            # its objects again at every full collection. That walk made an N=1,000 build
            # about 5% slower (issue 9). Not under serve, where each edit makes a new model
            # and frozen old ones would never be freed.
            gc.freeze()
    _current[:] = [(config, site)]
    return site, fresh


def page_language_and_path(src_uri: str, config: MkDocsConfig) -> tuple[str, str] | None:
    """``('ja', 'principles/x.md')`` for a file of a language folder, else ``None``."""
    lang, _, rest = src_uri.partition("/")
    if not rest or lang not in site_languages(config):
        return None
    return lang, rest


_relative: dict[tuple[str, int], str] = {}


def relative_url(target: File, page: File) -> str:
    """``target.url_relative_to(page)``, remembered where it depends on the page's depth only.

    Every principle page links to the same pillar, role, dashboard and sources pages; from
    ``principles/<id>/`` each is ``../../<target>``. MkDocs worked each one out again: eight
    times a principle page, a tenth of the checklists' time at N=1,000 (issue 9).
    """
    url, other = target.url, page.url
    folders = [part for part in other.split("/") if part]
    first = next((part for part in url.split("/") if part), None)
    unusual = "." in other or "." in url or other.startswith("/") or "//" in other
    if unusual or not folders or first == folders[0]:
        # A file name, a dot segment, a leading slash, the site root or a shared first folder:
        # the answer depends on more than the depth.
        return target.url_relative_to(page)
    key = (url, len(folders))
    found = _relative.get(key)
    if found is None:
        if len(_relative) >= 10000:
            _relative.clear()
        found = _relative[key] = target.url_relative_to(page)
    return found


#: An address to send feedback to: something@domain, no spaces or mailto parameters.
_ADDRESS = re.compile(r"^[^@\s?&=<>\"']+@[^@\s?&=<>\"']+\.[^@\s?&=<>\"']+$")


def feedback_address(config: MkDocsConfig) -> str:
    """``extra.feedback_email`` of ``mkdocs.yml``: where readers' feedback mails go (a town's
    edition names its own). Empty: the mail opens with no recipient, for the reader to fill in.
    A malformed address stops the build with one line."""
    address = str(config.extra.get("feedback_email") or "").strip()
    if address and not _ADDRESS.fullmatch(address):
        raise PluginError(
            f"extra.feedback_email {address!r} in mkdocs.yml is not an e-mail address. "
            "Fix: write it as 'dx@example.lg.jp', or leave it empty"
        )
    return address
