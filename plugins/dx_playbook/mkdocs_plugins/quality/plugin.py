"""``dx-playbook/quality``: finishing steps that need the page exactly as it is written.

* Content-Security-Policy: the policy is written in ``overrides/partials/dxp-head.html``; this
  plugin adds the hashes of the inline scripts the theme's templates write (read from the
  templates in ``on_env``, rendered with each page's context, never taken from the finished
  page) and, in the offline bundle, what ``file://`` needs. An inline script on a page that no
  template wrote is not allowed, and fails the strict build naming the page. See
  ``docs/*/contributing/security.md``. Table columns aligned in Markdown get a class instead of
  the style attribute the policy refuses (in the page's content, the only place tables come
  from: looking through the whole page for them took a tenth of our plugins' time, issue 9).
* Language attributes: ``lang`` on the language switcher's links (:mod:`dx_playbook.core.text.lang`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jinja2 import TemplateSyntaxError, meta
from mkdocs.plugins import BasePlugin, event_priority

from dx_playbook.core.quality import csp
from dx_playbook.core.quality.minify import minify_assets
from dx_playbook.core.text.lang import mark_language_links
from dx_playbook.mkdocs_plugins.builds import SHIM_SOURCE, plugin_logger, project_dir
from dx_playbook.mkdocs_plugins.quality.config import QualityConfig

if TYPE_CHECKING:
    from jinja2 import Environment, Template
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = plugin_logger("quality")


class QualityPlugin(BasePlugin[QualityConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._serving = False
        #: The iframe-worker shim's source in the offline bundle, read once per build.
        self._shim: str | None = None
        self._shim_read = False
        self._shim_reported = False
        self._told_serving = False
        #: The inline scripts of the theme's templates, compiled, as template source.
        self._scripts: list[tuple[Template, tuple[str, ...]]] = []
        #: For each page (source path) or static template (name): the scripts, rendered.
        self._allowed: dict[str, frozenset[str]] = {}
        #: Each script rendered, by the values it reads (:func:`_key`), for this language pass.
        self._rendered: dict[tuple[object, ...], str] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether ``mkdocs serve`` runs: its live-reload script is inline."""
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._shim, self._shim_read, self._shim_reported = None, False, False
        # Each language pass has settings of its own (objects that may be changed in place).
        self._rendered.clear()
        # static-i18n runs this once per language: say it once.
        csp_on = self.config.enabled and self.config.content_security_policy
        if self._serving and csp_on and not self._told_serving:
            self._told_serving = True
            log.info("mkdocs serve: inline scripts are allowed so that live reload works")
        return config

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        """Read and compile the inline scripts of every template of the theme, once."""
        if self._scripts or not self.config.content_security_policy:
            return
        for name in env.list_templates(extensions=["html"]):
            if env.loader is None:
                return
            source, _, _ = env.loader.get_source(env, name)
            for text in csp.template_scripts(source):
                try:
                    names = frozenset(meta.find_undeclared_variables(env.parse(text)))
                    self._scripts.append((env.from_string(text), tuple(sorted(names))))
                except TemplateSyntaxError:
                    # Not a whole template on its own: what it writes stays unknown, and a page
                    # that holds it fails the build.
                    log.debug("%s: an inline script is not a template on its own", name)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """The texts this page's inline scripts may have: the templates', in its context."""
        self._allowed[page.file.src_uri] = self._render_scripts(context)
        return context

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        self._allowed[template_name] = self._render_scripts(context)
        return context

    def _render_scripts(self, context: TemplateContext) -> frozenset[str]:
        """Each script rendered in ``context``; once per distinct value of what it reads (most
        read only the site's settings and the page's depth, the same for many pages)."""
        rendered = set()
        for script, names in self._scripts:
            key = (id(script), *(_key(context.get(name)) for name in names))
            text = self._rendered.get(key)
            if text is None:
                try:
                    text = script.render(context)
                except Exception:  # a script its context cannot render is not on the page
                    text = ""
                self._rendered[key] = text
            if text:
                rendered.add(text)
        return frozenset(rendered)

    # Last of the content steps (the glossary's is -100).
    @event_priority(-200)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not (self.config.enabled and self.config.content_security_policy):
            return html
        return csp.classes_for_alignment(html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Minify our scripts and style sheets in the site (each language pass: static-i18n
        copies the theme's files again); before the offline plugin zips the site (-150)."""
        if self.config.enabled and self.config.minify_assets:
            saved = minify_assets(Path(config.site_dir))
            if saved:
                log.debug("our scripts and style sheets minified: %d bytes saved", saved)

    # Last, so that the hashes are those of the page exactly as it is written.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        # The content's tables are aligned by class already (on_page_content).
        return self._finish(output, page.file.src_uri, config, content_done=True)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """The same for pages rendered from a bare template, such as ``404.html``."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        return self._finish(output_content, template_name, config)

    def _finish(
        self, html: str, where: str, config: MkDocsConfig, *, content_done: bool = False
    ) -> str:
        if self.config.language_attributes:
            html = mark_language_links(html)
        if self.config.content_security_policy:
            if not content_done:
                html = csp.classes_for_alignment(html)
            html = self._complete_policy(html, where, config)
        return html

    def _complete_policy(self, html: str, where: str, config: MkDocsConfig) -> str:
        if csp.find_policy(html) is None:
            return html
        shim = self._offline_shim(config)
        extra: list[str] = []
        if shim is not None:
            worker = csp.search_worker_url(html)
            if worker is not None:
                try:
                    extra.append(csp.iframe_worker_bootstrap(shim, worker))
                except csp.ShimFormatError as error:
                    self._report_shim_format(where, error)
        allowed = self._allowed.pop(where, frozenset())
        unknown = [] if self._serving else csp.unknown_scripts(html, allowed)
        if unknown:
            start = " ".join(unknown[0].split())[:60]
            log.warning(
                "%s: the page holds an inline script that no template writes ('%s...'); the "
                "Content-Security-Policy does not allow it. Fix: remove it from the page's "
                "source; a script belongs in a file under overrides/assets/, through review",
                where,
                start,
            )
        return csp.complete_policy(
            html,
            allowed_scripts=allowed,
            extra_scripts=extra,
            unsafe_inline_scripts=self._serving,
            file_scheme=shim is not None,
        )

    def _report_shim_format(self, where: str, error: csp.ShimFormatError) -> None:
        if self._shim_reported:
            return
        self._shim_reported = True
        log.warning(
            "%s: cannot allow the frame script of %s under the Content-Security-Policy (%s), so "
            "offline search would be blocked. Fix: run 'npm ci' to install the iframe-worker "
            "version package-lock.json names, or teach iframe_worker_bootstrap() in "
            "dx_playbook/core/quality/csp.py the new shim's shape",
            where,
            SHIM_SOURCE,
            error,
        )

    def _offline_shim(self, config: MkDocsConfig) -> str | None:
        """The shim's source when this build is the offline bundle, else ``None``."""
        if self._shim_read:
            return self._shim
        self._shim_read = True
        polyfills = [str(script) for script in config.extra.get("polyfills") or []]
        shim = next((script for script in polyfills if "iframe-worker" in script), None)
        if shim is None:
            return None
        path = project_dir(config) / SHIM_SOURCE
        if "://" in shim:
            log.warning(
                "the iframe-worker shim comes from %s, which the Content-Security-Policy blocks. "
                "Fix: enable dx-playbook/offline, which ships it with the site",
                shim,
            )
        elif path.is_file():
            self._shim = path.read_text(encoding="utf-8")
        # A missing shim is reported by dx-playbook/offline, which copies it.
        return self._shim


def _key(value: object) -> object:
    """``value`` where it is plain data, else the object itself: an object is kept alive by the
    cache that holds it, so its identity is never another's; the cache lives one pass."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if getattr(type(value), "__hash__", None) is None:
        return (type(value), id(value), _Kept(value))
    return value


class _Kept:
    """Holds an unhashable object in a key without comparing it: equal to any other holder
    (the identity beside it in the key tells the objects apart)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Kept)

    def __hash__(self) -> int:
        return 0
