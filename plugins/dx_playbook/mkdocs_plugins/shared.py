"""What the playbook's plugins share: one reading of the site per build."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from dx_playbook.core.site import Site, load_site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Site]] = {}
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
    cached = _cache.get(docs_dir)
    if cached is not None and cached[0] == fingerprint:
        site, fresh = cached[1], False
    else:
        site, fresh = load_site(docs_dir), True
        _cache[docs_dir] = (fingerprint, site)
        if _single_build[0]:
            # The model lives until the build ends: keep the garbage collector from walking
            # its objects again at every full collection. That walk made an N=1,000 build
            # about 5% slower (issue 9). Not under serve, where each edit makes a new model
            # and frozen old ones would never be freed.
            gc.freeze()
    _current[:] = [(config, site)]
    return site, fresh


def page_language_and_path(src_uri: str) -> tuple[str, str] | None:
    """``('ja', 'principles/x.md')`` for a file of a language folder, else ``None``."""
    lang, _, rest = src_uri.partition("/")
    if not rest or lang not in ("ja", "en"):
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
