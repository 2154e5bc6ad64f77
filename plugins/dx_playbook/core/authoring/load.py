"""The site as every command uses it: read, then validated.

Reading (:mod:`dx_playbook.core.model.site`) knows nothing of the checks, and the checks
(:mod:`dx_playbook.core.authoring.validation`) build on the model: this module joins them, so
that the model never imports what depends on it.
"""

from __future__ import annotations

from pathlib import Path

from dx_playbook.core.authoring.validation import validate_site
from dx_playbook.core.editions.apply import apply_edition, relocate
from dx_playbook.core.model.languages import PLAYBOOK, Languages
from dx_playbook.core.model.site import Site, read_site


def load_site(
    docs_dir: Path,
    *,
    languages: Languages = PLAYBOOK,
    downloads_folder: str = "downloads",
    edition: str = "",
) -> Site:
    """Read every Markdown page of each of ``languages`` under ``docs_dir`` and validate it
    (``downloads_folder``: the site folder the build writes the downloads into; ``edition``: a
    town's edition, ``editions/<edition>/`` beside the docs folder, to merge into the pages)."""
    site = read_site(docs_dir, languages=languages, downloads_folder=downloads_folder)
    if edition:
        apply_edition(site, edition)
    validate_site(site)
    if site.edition is not None:
        site.problems[:] = relocate(site, site.problems)
    return site
