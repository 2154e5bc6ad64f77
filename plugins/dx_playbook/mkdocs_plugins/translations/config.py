from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class EditUrlTemplate(c.Type[str]):
    """A URL with ``{path}`` where the file's path goes, and no other placeholder."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        template = super().run_validation(value)
        try:
            template.format(path="docs/index.md")
        except (KeyError, IndexError, ValueError):
            ok = False
        else:
            ok = "{path}" in template
        if not ok:
            raise c.ValidationError(
                f"'{template}' must contain '{{path}}' and no other '{{...}}' "
                "(write a literal brace as '{{' or '}}')"
            )
        return template


class TranslationsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn translation notices, the status view and the source-file line off."""

    notices = c.Type(bool, default=True)
    """Show readers a notice on untranslated pages and on out-of-date translations."""

    warn_stale = c.Type(bool, default=False)
    """Log each out-of-date translation as a warning, which fails ``mkdocs build --strict``.

    Off by default: editing the Japanese original must not block the build until someone
    translates it; readers see a notice and the status page lists the page meanwhile.
    """

    git_dates = c.Type(bool, default=True)
    """Date pages from git history: each page's last-updated line, and the notice on a stale
    translation (when the original last changed).

    Where git cannot tell (no repository, shallow clone, uncommitted change) the last-updated
    line shows the edition's date, and the recorded fingerprint alone decides whether a
    translation is stale. Off: every page shows the edition's date.
    """

    status_page = c.Type(str, default="about/translation-status.md")
    """The translation status page, relative to each language folder; notices link to it."""

    edit_url_template = c.Optional(EditUrlTemplate())
    """Where contributors edit a page, e.g. ``https://git.example.org/playbook/-/edit/main/{path}``.

    ``{path}`` becomes the file's path from the project root (``docs/ja/index.md``). When unset,
    MkDocs' ``repo_url``/``edit_uri`` are used if set; otherwise pages show the path alone.
    """
