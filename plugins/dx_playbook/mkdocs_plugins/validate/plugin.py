"""``dx-playbook/validate``: every page checked against the content schema at build time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from dx_playbook.mkdocs_plugins.builds import share_compiled_templates
from dx_playbook.mkdocs_plugins.shared import note_command, site_for
from dx_playbook.mkdocs_plugins.validate.config import ValidateConfig

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from dx_playbook.core.site import Site

log = get_plugin_logger(__name__)


class ValidatePlugin(BasePlugin[ValidateConfig]):
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
        if fresh:
            for problem in site.problems:
                if (
                    not self.config.report_missing_translations
                    and "translation yet" in problem.message
                ):
                    continue
                log.warning(str(problem))
        return self.drop_unreadable(site, files)

    @staticmethod
    def drop_unreadable(site: Site, files: Files) -> Files:
        """Leave out files MkDocs would crash on (not UTF-8, too large); their warning stands."""
        for page in site.pages.values():
            if page.decoded:
                continue
            file = files.get_file_from_path(f"{page.lang}/{page.rel_path}")
            if file is not None:
                files.remove(file)
        return files
