"""``dx-playbook/checklists``: checklist lines become checkboxes with stable IDs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, get_plugin_logger

from dx_playbook.core.checklist_html import mark_items, render_items
from dx_playbook.mkdocs_plugins.checklists.config import ChecklistsConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


class ChecklistsPlugin(BasePlugin[ChecklistsConfig]):
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        return mark_items(markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        principle_id = page.meta.get("id") if isinstance(page.meta.get("id"), str) else None
        return render_items(html, principle_id)
