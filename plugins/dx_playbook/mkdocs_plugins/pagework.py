"""Our plugins' ``on_page_content`` steps, done in the helper process in large builds.

MkDocs converts every page (``on_page_content`` included) before it renders any (``on_env``
comes between). In a language pass worth the helper (:meth:`Helper.worth_it`, see
:mod:`dx_playbook.core.background`), each of our plugins hands its step for a page to
:data:`PAGE_WORK` instead of doing it, and returns the HTML unchanged; the steps of 25 pages at a time go to the helper process, and ``on_env`` puts each
finished page in place. Otherwise each plugin does its step at once, as ever. Either way the
same functions run on the same HTML in the same order: a test compares every file of the site
built both ways.

Steps are deferred only while every ``on_page_content`` handler of the build is ours: another
plugin's would see pages before our steps are done.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority, get_plugin_logger

from dx_playbook.core.background import HELPER, SWITCH, result_or_run
from dx_playbook.core.pagework import Job, Step, finish_pages, run_steps

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

#: Pages sent to the helper at a time: enough to make each message worth its cost.
BATCH = 25


@dataclass
class _Chain:
    page: Page
    #: The HTML as MkDocs converted it (our steps return it unchanged until on_env).
    html: str
    steps: list[Step] = field(default_factory=list)


class PageWork:
    def __init__(self) -> None:
        self._files: Files | None = None
        self.deferring = False
        self._open: _Chain | None = None
        self._batch: list[_Chain] = []
        self._sent: list[tuple[list[_Chain], Future[list[str]] | None]] = []

    def begin(self, files: Files, config: MkDocsConfig) -> None:
        """Called by each of our plugins in ``on_files``; the first call of a pass decides."""
        if files is self._files:
            return
        self._files = files
        self._open, self._batch, self._sent = None, [], []
        self.deferring = HELPER.worth_it(len(files.documentation_pages())) and _only_ours(config)

    def defer(self, page: Page, html: str, function: Callable[..., str], *arguments: Any) -> str:
        """Add ``function(html, *arguments)`` to the page's steps; the HTML comes back as is."""
        chain = self._open
        if chain is None or chain.page is not page:
            if chain is not None:  # MkDocs has moved on: that page's steps are all known
                self._close(chain)
            chain = self._open = _Chain(page, html)
        chain.steps.append((function, arguments))
        return html

    def _close(self, chain: _Chain) -> None:
        self._batch.append(chain)
        if len(self._batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        if not self._batch:
            return
        jobs: list[Job] = [(chain.html, chain.steps) for chain in self._batch]
        self._sent.append((self._batch, HELPER.submit(finish_pages, jobs)))
        self._batch = []

    def finish(self) -> None:
        """Put every finished page in place (from ``on_env``: pages converted, none rendered)."""
        if self._open is not None:
            self._close(self._open)
            self._open = None
        self._send()
        sent, self._sent = self._sent, []
        if any(future is not None for _, future in sent):
            log.debug("pages finished in a helper process (%s=0 turns it off)", SWITCH)
        for batch, future in sent:
            jobs: list[Job] = [(chain.html, chain.steps) for chain in batch]
            finished = result_or_run(future, finish_pages, jobs)
            for chain, html in zip(batch, finished, strict=True):
                if chain.page.content is chain.html:
                    chain.page.content = html
                elif chain.page.content is not None:  # changed after us: finish what it is now
                    chain.page.content = run_steps(chain.page.content, chain.steps)


class FinishesPages:
    """For our plugins that hand page steps to :data:`PAGE_WORK`: their ``on_env`` puts the
    pages finished in the helper in place (whichever comes first does it)."""

    # Early: before anything reads the pages.
    @event_priority(90)
    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        PAGE_WORK.finish()
        return env


def _only_ours(config: MkDocsConfig) -> bool:
    handlers = config.plugins.events.get("page_content", [])
    return all(
        type(getattr(handler, "__self__", None)).__module__.startswith("dx_playbook.")
        for handler in handlers
    )


#: The one instance our plugins share.
PAGE_WORK = PageWork()
