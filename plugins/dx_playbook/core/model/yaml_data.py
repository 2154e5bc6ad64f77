"""Safe YAML for the project's data files (``data/*.yml``): a key written twice is an error.

PyYAML's safe loader keeps the second of two equal keys and says nothing, so a contributor's
duplicate entry would silently replace the first. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


class StrictLoader(yaml.SafeLoader):
    """Safe YAML whose mappings may not repeat a key (the second would win unseen), and whose
    dates stay text: ``2027-13-01`` would otherwise stop PyYAML with a bare ValueError, and the
    file's reader checks a date itself, naming its line. A key must be text: a list or mapping
    as a key would stop it with a bare TypeError."""


class _FastStrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """:class:`StrictLoader` on libyaml's parser, ten times faster (the thesaurus and glossary
    are read on every build and every ``mkdocs serve`` rebuild). A file it refuses is read
    again by :class:`StrictLoader`, whose messages contributors have always seen."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[object, object]:
    seen: set[object] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            # A list or mapping as a key ('? [1, 2]') cannot be a dict key: a bare TypeError.
            raise yaml.constructor.ConstructorError(
                None, None, "a key is a list or a mapping, not a word", key_node.start_mark
            )
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{key}' is written twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


for _loader in (StrictLoader, _FastStrictLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _loader.yaml_implicit_resolvers = {
        first: [
            (tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _parse(text: str, loader: type) -> tuple[Any, yaml.Node | None]:
    """The data of ``text`` and its node tree, parsed once: the data is built from the tree."""
    root = yaml.compose(text, Loader=loader)
    if root is None:
        return None, None
    constructor = loader("")
    try:
        return constructor.construct_document(root), root
    finally:
        constructor.dispose()


def read_data_file(
    path: Path, say: Callable[[int | None, str, str], None], layout: str
) -> tuple[Any, yaml.Node | None] | None:
    """The data of the YAML file at ``path`` and its node tree (for line numbers), or None
    when there is no file or it cannot be read (said through ``say(line, what, fix)``;
    ``layout`` is how its lines should look, for the fix)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        say(None, f"the file cannot be read ({error})", "save it as UTF-8 text")
        return None
    try:
        try:
            data, root = _parse(text, _FastStrictLoader)
        except yaml.YAMLError:
            data, root = _parse(text, StrictLoader)  # its message, or the same data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        say(
            mark.line + 1 if mark else None,
            f"the file is not valid YAML ({error.problem or 'syntax error'})",
            f"check {layout}",
        )
        return None
    return data, root
