"""Pages converted from Markdown as a build converts them, for checks that need the HTML.

``dx-playbook check`` runs without MkDocs, yet the sanitizer (:mod:`dx_playbook.core.quality.sanitize`)
must see what a build would put on the page: so this module reads the Markdown extensions of
``mkdocs.yml`` and converts each page's body with Python-Markdown, after the one Markdown
rewrite of ours that changes what is HTML (checklist lines, whose text is escaped).

Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import yaml

from dx_playbook.core.checklists.checklist_html import mark_items

#: MkDocs adds these to every project's extensions.
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")


class _ConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` with the two tags MkDocs adds (``!ENV``, ``!relative``)."""


def _environment(loader: _ConfigLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        *names, default = loader.construct_sequence(node)
        return next((os.environ[name] for name in names if name in os.environ), default)
    return None


def _relative(loader: _ConfigLoader, node: yaml.Node) -> Any:
    text = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else ""
    return "!relative " + str(text)


_ConfigLoader.add_constructor("!ENV", _environment)
_ConfigLoader.add_constructor("!relative", _relative)


def plugin_option(config_file: Path, plugin: str, option: str, default: Any) -> Any:
    """``option`` of ``plugin`` in ``config_file``'s ``plugins:``, or ``default``."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}  # noqa: S506
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get(plugin), dict):
            return entry[plugin].get(option, default)
    return default


def markdown_settings(config_file: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions of ``config_file`` and their settings, as MkDocs passes them."""
    # A SafeLoader with two scalar tags more: it constructs no objects.
    text = config_file.read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_ConfigLoader) or {}  # noqa: S506
    root = config_file.parent.resolve()
    docs = root / str(config.get("docs_dir") or "docs")
    names: list[str] = list(MKDOCS_EXTENSIONS)
    settings: dict[str, dict[str, Any]] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                if name not in names:
                    names.append(name)
                settings[name] = _resolve_paths(options or {}, root, docs)
        elif isinstance(entry, str) and entry not in names:
            names.append(entry)
    return names, settings


def _resolve_paths(value: Any, root: Path, docs: Path) -> Any:
    """``!relative $config_dir/x`` values as absolute paths, the way MkDocs resolves them."""
    if isinstance(value, dict):
        return {key: _resolve_paths(item, root, docs) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_paths(item, root, docs) for item in value]
    if isinstance(value, str) and value.startswith("!relative "):
        text = value.removeprefix("!relative ").strip()
        for name, folder in (("$config_dir", root), ("$docs_dir", docs)):
            if text.startswith(name):
                return str(folder / text[len(name) :].lstrip("/"))
        return str(root / text) if text else str(root)
    return value


def page_renderer(config_file: Path) -> Callable[[str], str]:
    """A function that converts a page's Markdown body to the HTML a build would make of it."""
    names, settings = markdown_settings(config_file)
    converter = markdown.Markdown(extensions=names, extension_configs=settings)

    def render(body: str) -> str:
        converter.reset()
        return converter.convert(mark_items(body))

    return render
