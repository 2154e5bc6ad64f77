"""The files the checklists plugin adds to the site root: the browser data and the downloads.

Nothing here imports MkDocs.
"""

from __future__ import annotations

from dx_playbook.core.checklists import progress
from dx_playbook.core.exports import exports
from dx_playbook.core.model.site import Site


def outputs(
    site: Site,
    *,
    namespace: str,
    import_limit: int,
    downloads_folder: str | None,
    feedback: str = "",
) -> dict[str, bytes]:
    """Each file's path in the site and its bytes; no downloads if ``downloads_folder`` is
    ``None``."""
    files: dict[str, bytes] = {}
    workbooks = {lang: exports.checklist_xlsx(site, lang) for lang in site.languages}
    for lang in site.languages:
        workbook = exports.workbook_settings(site, lang, workbooks[lang])
        files[progress.WORKBOOK_ASSET.format(lang=lang)] = progress.browser_script(
            workbook, "dxpWorkbookData"
        ).encode()
        settings = progress.browser_settings(
            lang, namespace, import_limit, exports.edition(), feedback
        )
        settings["playbook"] = exports.playbook_title(site, lang)
        files[progress.SETTINGS_ASSET.format(lang=lang)] = progress.browser_script(
            settings
        ).encode()
        files[progress.DASHBOARD_TEXT_ASSET.format(lang=lang)] = progress.dashboard_text_script(
            lang
        ).encode()
        principles = site.principles_in(lang)
        every = progress.browser_items(principles)
        files[progress.DATA_ASSET.format(lang=lang)] = progress.browser_script(every).encode()
        for principle in principles:
            one = progress.browser_items([principle])
            path = progress.PRINCIPLE_ASSET.format(lang=lang, principle=principle.id)
            files[path] = progress.browser_script(one).encode()
    if downloads_folder is not None:
        for name, content in exports.downloads(site, workbooks).items():
            files[f"{downloads_folder}/{name}"] = content
    return files
