"""Read a Markdown file's YAML front matter, keeping the line of every key.

MkDocs ignores front matter it cannot parse; contributors need to be told, with a line number,
so this module reads the raw file itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


#: libyaml's safe loader where available (several times faster), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ValueError):
    """Front matter that cannot be read at all; ``line`` is 1-based within the file."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    """A Markdown source split into front matter and body, with line bookkeeping."""

    meta: dict[str, Any]
    body: str
    #: 1-based line in the file of each top-level front-matter key.
    key_lines: dict[str, int] = field(default_factory=dict)
    #: 1-based line in the file where the body starts.
    body_start: int = 1
    has_front_matter: bool = False

    def line_of(self, key: str) -> int:
        """The line of ``key``, or of the front matter's first line when the key is missing."""
        return self.key_lines.get(key, 1)


def _pure_python_error(yaml_text: str) -> yaml.MarkedYAMLError | None:
    try:
        yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        return error
    return None


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn CRLF/CR line ends into LF (editors on Windows add both)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> Document:
    """Split ``text`` into front matter and body.

    Raises :class:`FrontMatterError` when the front matter is not valid YAML or not a mapping.
    """
    text = normalise_text(text)
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return Document(meta={}, body=text, body_start=1)
    end = next((i for i in range(1, len(lines)) if _END_FENCE.match(lines[i])), None)
    if end is None:
        raise FrontMatterError(
            "front matter starts with '---' but never ends; add a line '---' after it", 1
        )
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    try:
        # One pass: compose the node tree (for key lines), then construct the data from it.
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as fast_error:
        # libyaml marks some errors at the end of the text; the pure-Python parser points at
        # the line a contributor must fix, so ask it again (errors are rare: speed is moot).
        error = _pure_python_error(yaml_text) or fast_error
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = error.problem or "it is not valid YAML"
        raise FrontMatterError(
            f"front matter is not valid YAML ({problem}); check quotes, colons and indentation "
            "(a value containing ': ' must be quoted)",
            line,
        ) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"front matter is not valid YAML ({error})", 2) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(
            "front matter must be 'key: value' lines, not a list or a single value", 2
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return Document(
        meta=meta, body=body, key_lines=key_lines, body_start=end + 2, has_front_matter=True
    )
