from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from dx_playbook.core.model.schema import is_slug


class ChecklistsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Render checklist lines as checkboxes whose state the browser keeps, and build the views,
    the browser data and the downloads."""

    storage_namespace = c.Type(str, default="dx-playbook")
    """First part of every browser storage key (``<namespace>:v1:...``). Pages opened from
    ``file://`` share one storage with every other local page, so the namespace keeps this
    playbook's assessments apart from other sites'. Change it only for a separate playbook: the
    saved assessments of readers stay under the old one."""

    downloads = c.Type(bool, default=True)
    """Write the checklist workbooks, CSV files and the dataset into ``downloads_dir``."""

    downloads_dir = c.Type(str, default="downloads")
    """Folder of the site (relative to its root) that receives the downloads; the downloads
    pages link to the files in it."""

    import_limit_kb = c.Type(int, default=1024)
    """Largest file, in KiB, the dashboard accepts for import; larger ones are refused before
    they are read."""

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        """Checks that need the value's type to be right first."""
        failed, warnings = super().validate()
        if failed:
            return failed, warnings
        if not is_slug(self.storage_namespace):
            failed.append(
                (
                    "storage_namespace",
                    base.ValidationError(
                        f"'{self.storage_namespace}' is not a lowercase slug; "
                        "use letters a-z, digits and hyphens, e.g. 'dx-playbook'"
                    ),
                )
            )
        folder = self.downloads_dir.strip("/")
        if not folder or ".." in folder.split("/") or "\\" in folder:
            failed.append(
                (
                    "downloads_dir",
                    base.ValidationError(
                        f"'{self.downloads_dir}' must be a folder inside the site, e.g. 'downloads'"
                    ),
                )
            )
        if not 1 <= self.import_limit_kb <= 64 * 1024:
            failed.append(
                (
                    "import_limit_kb",
                    base.ValidationError(
                        f"{self.import_limit_kb} is out of range; use 1 to 65536 (KiB)"
                    ),
                )
            )
        return failed, warnings
