"""The files the checklists plugin adds to the site root: the browser data and the downloads.

:func:`outputs_from` is what the build's helper process runs (see
:mod:`dx_playbook.core.background`): it reads the site itself, so that nothing large has to be
sent to it. Nothing here imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from dx_playbook.core import exports, progress
from dx_playbook.core.schema import LANGUAGES
from dx_playbook.core.site import Site


def outputs(
    site: Site, *, namespace: str, import_limit: int, downloads_folder: str | None
) -> dict[str, bytes]:
    """Each file's path in the site and its bytes; no downloads if ``downloads_folder`` is
    ``None``."""
    files: dict[str, bytes] = {}
    for lang in LANGUAGES:
        data = progress.browser_data(site, lang, namespace, import_limit, exports.edition())
        files[progress.DATA_ASSET.format(lang=lang)] = progress.browser_script(data).encode()
    if downloads_folder is not None:
        for name, content in exports.downloads(site).items():
            files[f"{downloads_folder}/{name}"] = content
    return files


def outputs_from(
    docs_dir: Path, *, namespace: str, import_limit: int, downloads_folder: str | None
) -> dict[str, bytes]:
    """:func:`outputs` of the site read from ``docs_dir`` (once per process: the helper has
    usually read it already, for the pages' steps)."""
    from dx_playbook.core.pagework import site_at

    return outputs(
        site_at(str(docs_dir)),
        namespace=namespace,
        import_limit=import_limit,
        downloads_folder=downloads_folder,
    )
