"""A helper process for build work that need not hold up the pages.

MkDocs builds on one core. Some of our work does not have to be done where the pages are
rendered: the steps that finish each page's HTML (:mod:`dx_playbook.core.pagework`) and the
downloads only read the page and the site model. With two or more cores, :data:`HELPER` does
that work in one other process while MkDocs goes on, and the plugins collect the results when
they need them (issue 9).

It is worth it for large builds only. Measured on this project's two-core machines, rounds of
back-to-back builds at N=1,000 principles a language: 1.0 to 1.6 s faster with the helper in
every round (of about 18 s); at N=500, the same or faster. The cores share caches and memory
bandwidth, so MkDocs' own work runs slower while the helper works: the helper pays off only
because our work in it is small (an earlier, heavier helper gained nothing). It costs a fifth
more processor time and a second process's memory. Below :data:`MIN_PAGES` pages a language,
starting it costs more than it saves.

The results are the same bytes either way: the same functions run on the same input, and a test
builds the playbook both ways and compares every file. Work runs in this process under
``mkdocs serve`` (where a process per rebuild would cost more than it saves), for smaller
sites, when there is one core, when ``DXP_BACKGROUND=0`` is set, or when the helper cannot
start or dies. ``DXP_BACKGROUND=1`` uses it however small the site.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import types
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

#: ``0``: do all work in the build's own process (for comparing, or debugging); ``1``: use the
#: helper however small the site; unset: use it for sites of :data:`MIN_PAGES` pages or more.
SWITCH = "DXP_BACKGROUND"
#: Pages in a language pass below which the helper is not worth starting: it takes a quarter
#: of a second to start, and the real playbook (45 pages a language) built no faster with it.
MIN_PAGES = 100
#: The commands whose builds are worth a helper process.
COMMANDS = frozenset({"build", "gh-deploy"})


def usable_cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Helper:
    """One helper process, started on first use and stopped with :meth:`stop` or at exit."""

    def __init__(self) -> None:
        self._allowed = False
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False

    def allow(self, command: str) -> None:
        """Allow the helper for a build run by ``command`` (``build``, ``serve``…)."""
        self._allowed = (
            command in COMMANDS and os.environ.get(SWITCH, "") != "0" and usable_cores() > 1
        )

    @property
    def active(self) -> bool:
        return self._allowed and not self._broken

    def worth_it(self, pages: int) -> bool:
        """Whether to send work for a language pass of ``pages`` pages to the helper."""
        return self.active and (pages >= MIN_PAGES or os.environ.get(SWITCH) == "1")

    def submit(self, function: Callable[..., T], /, *args: Any) -> Future[T] | None:
        """Start ``function(*args)`` in the helper; ``None`` if the caller must run it itself.

        ``function`` must be importable by name and its arguments picklable: the helper is a
        fresh interpreter ("spawn"), which is safe whatever threads this process runs.
        """
        if not self.active:
            return None
        try:
            if self._executor is not None:
                return self._executor.submit(function, *args)
            self._executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_end_without_teardown,
            )
            # The first submit starts the process. A spawned process first runs the script
            # that started this one, unless it is a package's __main__; a script without an
            # ``if __name__ == "__main__"`` guard would build the site again. The helper needs
            # nothing from that script, so it is shown none.
            main = sys.modules["__main__"]
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                return self._executor.submit(function, *args)
            finally:
                sys.modules["__main__"] = main
        except (OSError, RuntimeError):
            self._broken = True
            return None

    def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _end_without_teardown() -> None:
    """In the helper: once its work is over, end the process at once.

    Tearing down an interpreter that holds the site model frees it object by object: the build
    waited 0.08 s for that at N=1,000 (issue 9). Results have all been sent by then, and
    multiprocessing has run its own exit functions, so the helper exits through ``os._exit``
    (with status 0: the futures, not the status, say whether the work succeeded).
    """
    atexit.register(os._exit, 0)


def result_or_run(future: Future[T] | None, function: Callable[..., T], /, *args: Any) -> T:
    """The result of ``future``, or of ``function(*args)`` run here if there is no helper or it
    failed to run the work.

    An error raised by ``function`` itself is raised again the same way here, so a mistake
    reads the same with or without the helper.
    """
    if future is not None:
        try:
            return future.result()
        except Exception:  # the helper died or could not pickle: do the work here
            HELPER._broken = True
    return function(*args)


#: The one helper the playbook's plugins share.
HELPER = Helper()
atexit.register(HELPER.stop)
