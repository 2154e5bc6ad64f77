"""``dx-playbook/offline``: the edition stamp, and the offline bundle for closed networks (LGWAN).

Every build stamps its edition (version, date, commit) in the footer of every page and on the
"about this edition" page, and fills the downloads page.

With ``bundle: true`` (``DXP_OFFLINE=true``) the build becomes the offline bundle. Material's own
``offline`` plugin makes search work from ``file://`` but would load its iframe-worker shim from a
CDN; this plugin ships the shim installed from the npm registry instead, drops the sitemap
requests that fail on ``file://``, refuses any reference that would load from the internet, and
zips the site into ``dist/dx-playbook-<version>-offline.zip``. The hosted site's build copies that
zip into ``downloads/`` for its downloads page.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from dx_playbook import __version__
from dx_playbook.core.exports.downloads import (
    OfflineZip,
    export_files,
    exports_list,
    offline_paragraph,
)
from dx_playbook.core.model.changelog import (
    CHANGES_MARKER,
    RELEASE_NOTES_NAME,
    changes_markdown,
    release_notes,
)
from dx_playbook.core.model.edition import edition_table, labels
from dx_playbook.core.model.markdown import md_escape
from dx_playbook.core.offline.bundle import (
    README_NAME,
    README_TEXT,
    bundle_stem,
    checksum_path,
    find_external_loads,
    sha256_of,
    write_bundle,
)
from dx_playbook.core.text.catalogue import catalogue
from dx_playbook.mkdocs_plugins.builds import (
    AFTER_I18N,
    SHIM_SOURCE,
    build_language,
    downloads_dir,
    edition,
    edition_slug,
    is_final_pass,
    page_language_and_path,
    plugin_logger,
    project_dir,
    site_for,
    site_languages,
)
from dx_playbook.mkdocs_plugins.offline.config import OfflineConfig

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = plugin_logger("offline")

SHIM_TARGET = "assets/vendor/iframe-worker/shim.js"
EDITION_PAGE = "about/edition.md"
#: Where the edition and downloads pages want their generated part (an HTML comment, so that
#: the page still reads well without this plugin).
EDITION_MARKER = "<!-- dxp-edition -->"
OFFLINE_ZIP_MARKER = "<!-- dxp-offline-zip -->"
EXPORTS_MARKER = "<!-- dxp-exports -->"
#: Material's head links to the other languages' pages; its script then requests a
#: ``sitemap.xml`` beside each linked page (``<page>/sitemap.xml``), which exists nowhere: two
#: 404s on every hosted page, and a console error on every page from ``file://`` (issue 20).
#: The language switch in the header already links each page's own translation, and the
#: site's ``sitemap.xml`` names every page's other languages for search engines (static-i18n),
#: so the links go, hosted and offline.
_ALTERNATE_LINK = re.compile(r'<link\b(?=[^>]*\brel="alternate")(?=[^>]*\bhreflang=)[^>]*>\s*')


class OfflinePlugin(BasePlugin[OfflineConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: URL of this language's "about this edition" page; ``None`` when the site has none.
        self.edition_url: str | None = None
        #: The last zip checksummed: ``((path, mtime, size), sha256)``.
        self._digest: tuple[tuple[str, int, int], str] | None = None

    # Before Material's offline plugin (priority 0), which adds the CDN shim unless a
    # polyfill named iframe-worker is already listed.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not (self.config.enabled and self.config.bundle):
            return config
        polyfills = config.extra.setdefault("polyfills", [])
        if SHIM_TARGET not in polyfills:
            polyfills.insert(0, SHIM_TARGET)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A build to publish stops before it starts when there is no zip to offer."""
        if not self.config.enabled or self.config.bundle or not self.config.publish:
            return
        built = self._bundle_path(config)
        if not built.is_file():
            raise PluginError(
                f"dx-playbook/offline: {built} is missing, and a published site must offer it. "
                "Fix: run 'make bundle' first ('make build' does both), or build without "
                "DXP_PUBLISH for a preview"
            )

    # After static-i18n, whose file list says where this language's edition page is.
    @event_priority(AFTER_I18N)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        lang = build_language(config)
        page = files.get_file_from_path(f"{lang}/{EDITION_PAGE}")
        self.edition_url = page.url if page is not None else None
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        lang = build_language(config)
        if EDITION_MARKER in markdown:
            table = edition_table(edition(config), lang, offline=self.config.bundle)
            markdown = markdown.replace(EDITION_MARKER, table)
        if CHANGES_MARKER in markdown:
            markdown = markdown.replace(CHANGES_MARKER, self._changes(page, config, files, lang))
        if OFFLINE_ZIP_MARKER in markdown:
            markdown = markdown.replace(OFFLINE_ZIP_MARKER, self._offline_zip(page, config, lang))
        if EXPORTS_MARKER in markdown:
            folder = downloads_dir(config)
            languages = site_languages(config)
            hrefs = {
                export.name: get_relative_url(f"{folder}/{export.name}", page.url)
                for export in export_files(languages)
            }
            markdown = markdown.replace(EXPORTS_MARKER, exports_list(hrefs, lang, languages))
        return markdown

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Give ``partials/copyright.html`` the edition stamp for the page footer."""
        if self.config.enabled:
            lang = build_language(config)
            current = edition(config)
            env.globals["dxp_edition"] = {
                "stamp": current.stamp(lang),
                "version": current.version,
                "date": current.date,
                "commit": current.commit,
                "about": labels(lang)["about"],
                "url": self.edition_url,
                "offline": self.config.bundle,
            }
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.config.enabled:
            return _ALTERNATE_LINK.sub("", output)
        return output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """The same for pages rendered from a bare template, such as ``404.html``."""
        if self.config.enabled and template_name.endswith(".html"):
            return _ALTERNATE_LINK.sub("", output_content)
        return output_content

    # After static-i18n has built every language and Material's offline plugin has written
    # the search index script (both at priority -100).
    @event_priority(-150)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or not is_final_pass(config):
            return
        if self.config.bundle:
            self._ship_shim(config)
            self._write_bundle(config)
        else:
            self._publish_bundle(config)
            self._note_missing_exports(config)

    # --- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _zip_name(config: MkDocsConfig) -> str:
        return bundle_stem(__version__, edition_slug(config)) + ".zip"

    def _bundle_path(self, config: MkDocsConfig) -> Path:
        return project_dir(config) / self.config.bundle_dir / self._zip_name(config)

    def _offline_zip(self, page: Page, config: MkDocsConfig, lang: str) -> str:
        folder = downloads_dir(config)
        current = edition(config)
        built = self._bundle_path(config)
        if self.config.bundle:
            offline_zip = OfflineZip(None, 0, current.version, current.date)
        elif built.is_file():
            href = get_relative_url(f"{folder}/{self._zip_name(config)}", page.url)
            checksum = get_relative_url(f"{folder}/{checksum_path(built).name}", page.url)
            offline_zip = OfflineZip(
                href,
                built.stat().st_size,
                current.version,
                _zip_date(built),
                sha256=self._checksum(built),
                checksum_href=checksum,
            )
        else:
            offline_zip = OfflineZip(None, 0, current.version, current.date)
        return offline_paragraph(
            offline_zip, lang, offline=self.config.bundle, site_url=config.site_url or None
        )

    def _ship_shim(self, config: MkDocsConfig) -> None:
        source = project_dir(config) / SHIM_SOURCE
        if not source.is_file():
            raise PluginError(
                f"{source} is missing: run 'npm ci' (the Makefile does) to install iframe-worker"
            )
        target = Path(config.site_dir) / SHIM_TARGET
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def _changes(self, page: Page, config: MkDocsConfig, files: Files, lang: str) -> str:
        """The "what changed" list for ``page`` (``data/changelog.yml``), linking the pages of
        each change in this language."""
        site, _ = site_for(config)
        words = catalogue(lang)["changes"]
        if not site.changelog:
            return md_escape(words["none"])

        def link(rel_path: str) -> tuple[str, str] | None:
            target = site.page(lang, rel_path) or site.page(site.languages.source, rel_path)
            found = files.get_file_from_path(f"{lang}/{rel_path}")
            if target is None or found is None:
                return None
            located = page_language_and_path(page.file.src_uri, config)
            here = posixpath.dirname(located[1]) if located else ""
            return target.title, posixpath.relpath(rel_path, here or ".")

        return changes_markdown(site.changelog, lang, words, link, catalogue(lang)["separator"])

    def _write_bundle(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        for name, url in find_external_loads(site_dir):
            log.warning(
                "%s would load %s from the internet, which closed networks cannot reach. "
                "Fix: install what it needs as a dependency and ship it with the site",
                name,
                url,
            )
        current = edition(config)
        stem = bundle_stem(current.version, edition_slug(config))
        readme = README_TEXT.format(
            version=current.version, date=current.date, commit=current.commit
        )
        site, _ = site_for(config)
        languages = site.languages.codes
        notes = {README_NAME: readme}
        if site.changelog:
            words = {lang: catalogue(lang)["changes"] for lang in languages}
            notes[RELEASE_NOTES_NAME] = release_notes(site.changelog, languages, words)
        report = write_bundle(
            site_dir,
            self._bundle_path(config),
            root=stem,
            timestamp=current.zip_timestamp,
            notes=notes,
        )
        megabytes = report.size / (1024 * 1024)
        log.info("Offline bundle: %s (%d files, %.2f MB)", report.path, report.files, megabytes)
        if megabytes > self.config.max_bundle_megabytes:
            log.warning(
                "%s is %.1f MB, over its budget of %g MB. Fix: find what grew (large images, "
                "attachments) and shrink it",
                report.path,
                megabytes,
                self.config.max_bundle_megabytes,
            )

    def _checksum(self, zip_path: Path) -> str:
        """The zip's SHA-256, worked out once per state of the file (both language passes and
        the publishing step ask)."""
        stat = zip_path.stat()
        key = (str(zip_path), stat.st_mtime_ns, stat.st_size)
        if self._digest is None or self._digest[0] != key:
            self._digest = (key, sha256_of(zip_path))
        return self._digest[1]

    def _publish_bundle(self, config: MkDocsConfig) -> None:
        built = self._bundle_path(config)
        if not built.is_file():
            log.info("No offline bundle at %s to publish: 'make bundle' builds it", built)
            return
        target = Path(config.site_dir) / downloads_dir(config) / built.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)
        # The checksum of the file as published: computed again, never trusted from dist/.
        digest = self._checksum(built)
        checksum_path(target).write_text(f"{digest}  {target.name}\n", encoding="ascii")

    def _note_missing_exports(self, config: MkDocsConfig) -> None:
        folder = Path(config.site_dir) / downloads_dir(config)
        exports = export_files(site_languages(config))
        missing = [export.name for export in exports if not (folder / export.name).is_file()]
        if missing:
            log.info("The downloads page links files not built yet: %s", ", ".join(missing))


def _zip_date(path: Path) -> str:
    """The build date stamped on a bundle's entries (``YYYY-MM-DD``)."""
    try:
        with zipfile.ZipFile(path) as archive:
            year, month, day, *_ = archive.infolist()[0].date_time
    except (OSError, zipfile.BadZipFile, IndexError):
        return "?"
    return f"{year:04d}-{month:02d}-{day:02d}"
