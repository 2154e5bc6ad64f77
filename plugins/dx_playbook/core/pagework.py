"""Finishing a converted page's HTML as a list of steps, which the helper process can run.

Our plugins each add something to a page once MkDocs has converted it: the checklists plugin its
checkboxes and principle chrome, the translations plugin the source line, the print plugin the
handout view, the glossary plugin its tooltips. In a large build these steps were a fifth of what
our plugins cost (issue 9). None of them needs anything but the page's HTML and a few names, so
each plugin hands its step over as a function and its arguments; the steps of a page run in the
helper process, in the plugins' order, while MkDocs converts the next pages.

A step is ``(function, arguments)``: ``function(html, *arguments)`` returns the new HTML. The
function must be importable by name and the arguments picklable. Steps that need the site model
name its docs folder, and :func:`site_at` reads it once per process (the build's own process
finds the model it already has).

Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dx_playbook.core.site import Principle, Site, load_site

Step = tuple[Callable[..., str], tuple[Any, ...]]
#: One page to finish: its HTML as converted, and its steps in order.
Job = tuple[str, Sequence[Step]]

_sites: dict[str, Site] = {}


def remember_site(site: Site) -> None:
    """Make ``site`` the model :func:`site_at` gives for its docs folder, in this process."""
    _sites[str(site.docs_dir)] = site


def site_at(docs_dir: str) -> Site:
    """The site model of ``docs_dir``: the one remembered, or read now (in the helper)."""
    site = _sites.get(docs_dir)
    if site is None:
        site = _sites[docs_dir] = load_site(Path(docs_dir))
    return site


def principle_at(docs_dir: str, lang: str, principle_id: str) -> Principle:
    return site_at(docs_dir).principles[lang][principle_id]


def run_steps(html: str, steps: Sequence[Step]) -> str:
    for function, arguments in steps:
        html = function(html, *arguments)
    return html


def finish_pages(jobs: Sequence[Job]) -> list[str]:
    """Each page's HTML with its steps done: what the helper process runs."""
    return [run_steps(html, steps) for html, steps in jobs]
