"""``dx-playbook/validate``: every page checked against the content schema at build time.

It also keeps content from reaching the reader as markup or files it may not be:

* files of the docs folder that lead outside the project or would replace the theme's are
  left out of the build (:mod:`dx_playbook.core.authoring.sources`);
* front-matter text that templates print (``title``, ``description``) is escaped once, at the
  source, so that every template prints it as text;
* each page's HTML, as Markdown made it, is sanitized to the allow-list of
  :mod:`dx_playbook.core.quality.sanitize`, and what that removed is reported.

Pages that Markdown cannot convert (nested too deeply, or that would take minutes: see
:func:`~dx_playbook.core.authoring.validation.markdown_shape`) are left out of the build like the other
refused pages. Should a conversion still end in a ``RecursionError``, that page is one warning
naming it, not a traceback (:meth:`ValidatePlugin.on_pre_page`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from dx_playbook.core.authoring.sources import Refused, check_sources, unreported
from dx_playbook.core.authoring.validation import unconvertible
from dx_playbook.core.model.schema import SNIPPETS_DIR
from dx_playbook.core.quality import sanitize
from dx_playbook.mkdocs_plugins.builds import (
    note_command,
    page_language_and_path,
    plugin_logger,
    project_dir,
    share_compiled_templates,
    site_for,
)
from dx_playbook.mkdocs_plugins.validate.config import ValidateConfig

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from dx_playbook.core.model.site import Problem, Site

log = plugin_logger("validate")


@lru_cache(maxsize=1024)
def _sanitized(html: str) -> tuple[str, tuple[sanitize.Finding, ...]]:
    """A page's HTML sanitized, and what that took away. Kept for the process: under
    ``mkdocs serve`` every rebuild converts every page again (dx-playbook/rebuilds gives back
    the same HTML for an unchanged page), and this was a tenth of a rebuild of the playbook."""
    return sanitize.clean(html), tuple(sanitize.find_unsafe(html))


#: Front-matter fields that Material's templates print without escaping them.
PRINTED_FIELDS = ("title", "description")


class ValidatePlugin(BasePlugin[ValidateConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: Problems reported in this build: static-i18n renders some pages in two passes.
        self._reported: set[str] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Snippets come from the project's own folder, wherever MkDocs is run from (the
        extension reads ``base_path`` relative to the working folder), as validation checks."""
        snippets = config.mdx_configs.get("pymdownx.snippets")
        if isinstance(snippets, dict) and "pymdownx.snippets" in config.markdown_extensions:
            snippets["base_path"] = [str(project_dir(config) / SNIPPETS_DIR)]
        return config

    # First, before any template is loaded. Not validation, but this plugin is the one every
    # configuration of ours has, first in the list.
    @event_priority(100)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        """Compile each theme template once per process, not once per language pass."""
        share_compiled_templates(env)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        note_command(command)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Check the whole site before any page renders, so one run lists every problem.

        Each problem is a warning: ``mkdocs build --strict`` then fails, naming each file,
        while a plain preview still renders what it can.
        """
        if not self.config.enabled:
            return files
        site, fresh = site_for(config)
        refused = check_sources(
            Path(config.docs_dir),
            project_dir(config),
            [Path(d) for d in config.theme.dirs],
            site.languages,
        )
        if fresh:
            self._reported = set()
            for problem in site.problems:
                if (
                    not self.config.report_missing_translations
                    and "translation yet" in problem.message
                ):
                    continue
                self._report(problem)
        for problem in unreported(refused, site.problems):
            self._report(problem)
        return self.drop_refused_sources(refused, self.drop_unreadable(site, files), config)

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        """Make a conversion that ends in a ``RecursionError`` one warning naming the page.

        MkDocs calls ``page.render`` between two events, with no event of its own, and stops
        the build with a traceback on any error: so this page's ``render`` is wrapped, on the
        page only. The limits of validation leave out every page known to nest too deeply;
        this is for what they do not count. The page is then built empty: the warning fails
        ``mkdocs build --strict``.
        """
        if self.config.enabled and "render" not in vars(page):
            page.render = self._guarded(page, page.render)  # type: ignore[method-assign,assignment]
        return page

    def _guarded(
        self, page: Page, render: Callable[[MkDocsConfig, Files], None]
    ) -> Callable[[MkDocsConfig, Files], None]:
        def render_or_report(config: MkDocsConfig, files: Files) -> None:
            try:
                render(config, files)
            except RecursionError:
                site, _ = site_for(config)
                located = page_language_and_path(page.file.src_uri, config)
                source = site.page(*located) if located else None
                self._report(unconvertible(source.display_path if source else page.file.src_uri))
                page.content, page.toc = "", get_toc([])

        return render_or_report

    @event_priority(100)  # Before any plugin reads the page's front matter.
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Escape the front-matter text that templates print, so that it is never markup."""
        for key in PRINTED_FIELDS:
            value = page.meta.get(key)
            if value is not None and not isinstance(value, Markup):
                page.meta[key] = escape(str(value))
        return markdown

    # After dx-playbook/rebuilds (1000) has put back a kept conversion, before any of our
    # plugins adds its own markup: what is sanitized is exactly what Markdown made.
    @event_priority(900)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Sanitize the page's HTML to the allow-list; report what that takes away."""
        if not self.config.enabled:
            return html
        site, _ = site_for(config)
        located = page_language_and_path(page.file.src_uri, config)
        source = site.page(*located) if located else None
        clean, findings = _sanitized(html)
        if source is not None:
            for problem in sanitize.problems_of(source, findings):
                self._report(source.located(problem))
        elif findings:
            log.warning(
                "%s: the page holds markup that is not allowed, which was removed. Fix: see "
                "contributing/security.md",
                page.file.src_uri,
            )
        return clean

    def _report(self, problem: Problem) -> None:
        line = str(problem)
        if line not in self._reported:
            self._reported.add(line)
            log.warning(line)

    @staticmethod
    def drop_refused_sources(refused: list[Refused], files: Files, config: MkDocsConfig) -> Files:
        """Leave out every file under a path :func:`check_sources` refused; where it would have
        replaced a theme file, put the theme's back (MkDocs skipped it for the docs file)."""
        if not refused:
            return files
        paths = [str(item.path) for item in refused]
        for file in list(files):
            source = file.abs_src_path
            if source and any(source == path or source.startswith(path + "/") for path in paths):
                files.remove(file)
        docs = Path(config.docs_dir)
        for item in refused:
            if item.theme_dir is not None:
                relative = item.path.relative_to(docs).as_posix()
                files.append(
                    File(relative, str(item.theme_dir), config.site_dir, config.use_directory_urls)
                )
        return files

    @staticmethod
    def drop_unreadable(site: Site, files: Files) -> Files:
        """Leave out files MkDocs would crash or hang on; their warning stands.

        Pages that are not UTF-8, too large, not ordinary files (a FIFO would hang the read),
        links that lead nowhere or outside the docs folder; pages whose front matter was
        refused (MkDocs would parse it again: an alias bomb, a tag) or would make Material
        fail (``hide: 5``, ``template: nope.html``), that include a refused snippet, or that
        Markdown cannot convert (nested too deeply, or too slow); and the folders :func:`~dx_playbook.core.authoring.load.load_site` left out (``site.excluded``).
        """
        for page in site.pages.values():
            if page.decoded and not page.refused:
                continue
            file = files.get_file_from_path(f"{page.lang}/{page.rel_path}")
            if file is not None:
                files.remove(file)
        if site.excluded:
            for file in list(files):
                uri = file.src_uri
                if any(uri == path or uri.startswith(path + "/") for path in site.excluded):
                    files.remove(file)
        return files
