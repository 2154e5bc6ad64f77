"""Read a Markdown file's YAML front matter, keeping the line of every key.

MkDocs ignores front matter it cannot parse; contributors need to be told, with a line number,
so this module reads the raw file itself.

Front matter is data, and only data: before anything is constructed, the YAML parser's event
stream is checked, and front matter is refused when it is larger than
:data:`MAX_FRONT_MATTER_BYTES`, nests deeper than :data:`MAX_DEPTH`, or uses an anchor
(``&name``), an alias (``*name``) or an explicit tag (``!!python/...``, ``!anything``). An alias
"bomb" (each line doubling the one before) is thus refused at its first anchor, before any
expansion, and no tag can construct an object.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: What MkDocs takes for MultiMarkdown meta-data at the top of a page without ``---`` front
#: matter (its ``mkdocs.utils.meta.META_RE``): a ``Key: value`` first line.
_MULTIMARKDOWN_META = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]++:[^\n]*+")

#: Larger front matter is refused before it is parsed: long text belongs in the body.
MAX_FRONT_MATTER_BYTES = 16 * 1024
#: Deepest nesting of lists and mappings accepted; the top-level mapping is level 1.
MAX_DEPTH = 10

#: libyaml's safe loader where available (several times faster), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Errors that constructing a value can raise besides YAML's own: an impossible date
#: (``2020-13-45``), an integer of more digits than Python converts.
_VALUE_ERRORS = (ValueError, TypeError, OverflowError, RecursionError)
_NO_ANCHORS = "write each value out in full instead of '&name' and '*name'"


class FrontMatterError(ValueError):
    """Front matter that cannot be read at all; ``line`` is 1-based within the file."""

    def __init__(
        self, message: str, line: int | None, fix: str = "correct the front matter"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.fix = fix


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


def _one_line(text: object, limit: int = 160) -> str:
    """``text`` on one line, shortened: YAML's messages may span lines or quote the input."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _pure_python_error(yaml_text: str) -> yaml.MarkedYAMLError | None:
    """The pure-Python parser's view of an error libyaml found.

    Its events are checked as :func:`_check_events` checks libyaml's, so that nesting too deep
    for the rules is refused as such (and soon) rather than parsed to its end.
    """
    try:
        _check_events(yaml_text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        return error
    except yaml.YAMLError:
        return None
    return None


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn CRLF/CR line ends into LF (editors on Windows add both)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _check_events(yaml_text: str, loader_class: type = _Loader) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting, from the parser's events alone.

    Nothing is composed or constructed here, so nothing can expand or run. Raises
    :class:`FrontMatterError`, or the parser's own :class:`yaml.YAMLError` for broken YAML.
    """
    loader = loader_class(yaml_text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 2 if event.start_mark is not None else 2
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError(
                    f"front matter uses the alias '*{_one_line(event.anchor, 40)}'; aliases "
                    "and anchors are not allowed",
                    line,
                    _NO_ANCHORS,
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise FrontMatterError(
                    f"front matter uses the anchor '&{_one_line(anchor, 40)}'; anchors and "
                    "aliases are not allowed",
                    line,
                    _NO_ANCHORS,
                )
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
                raise FrontMatterError(
                    f"front matter uses the tag '{_one_line(shown, 40)}'; tags are not allowed",
                    line,
                    "delete the tag and write the plain value (quote it if it must stay text)",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FrontMatterError(
                        f"front matter nests lists and mappings more than {MAX_DEPTH} levels deep",
                        line,
                        "keep front matter to simple 'key: value' lines and short lists",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _culprit_line(node: yaml.Node | None) -> int:
    """The line of the first top-level value that cannot be constructed (for messages)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            for part in (key_node, value_node):
                try:
                    yaml.SafeLoader("").construct_document(part)
                except (yaml.YAMLError, *_VALUE_ERRORS):
                    return part.start_mark.line + 2
    return 2


def _check_keys(root: yaml.Node) -> None:
    """Refuse a key given twice in one mapping (YAML keeps the last silently, so the first
    line a contributor reads is not what the page gets) and ``<<`` merges."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 2  # the front matter starts on line 2
                if key.tag == "tag:yaml.org,2002:merge" or key.value == "<<":
                    raise FrontMatterError(
                        "front matter uses a '<<' merge, which the playbook does not read",
                        line,
                        "write each field out in full",
                    )
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise FrontMatterError(
                            f"'{_one_line(key.value, 40)}' is given twice (lines "
                            f"{seen[key.value]} and {line}); only the last would count",
                            line,
                            "keep one of the two lines",
                        )
                    seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _load(yaml_text: str) -> tuple[Any, yaml.Node | None]:
    """The data of ``yaml_text`` and its node tree; raises :class:`FrontMatterError`."""
    node = None
    try:
        _check_events(yaml_text)
        # One pass: compose the node tree (for key lines), then construct the data from it.
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_keys(node)
            meta = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as fast_error:
        # libyaml marks some errors at the end of the text; the pure-Python parser points at
        # the line a contributor must fix, so ask it again (errors are rare: speed is moot).
        error = _pure_python_error(yaml_text) or fast_error
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = _one_line(error.problem or "it is not valid YAML")
        raise FrontMatterError(
            f"front matter is not valid YAML ({problem}); check quotes, colons and indentation "
            "(a value containing ': ' must be quoted)",
            line,
        ) from None
    except yaml.reader.ReaderError as error:
        line = yaml_text[: error.position].count("\n") + 2
        code = error.character if isinstance(error.character, int) else 0
        raise FrontMatterError(
            f"front matter holds the control character U+{code:04X}, which YAML does not allow",
            line,
            "delete the invisible character (retype the line if you cannot see it)",
        ) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"front matter is not valid YAML ({_one_line(error)})", 2) from None
    except _VALUE_ERRORS as error:
        raise FrontMatterError(
            f"front matter holds a value that cannot be read ({_one_line(error, 80)})",
            _culprit_line(node),
            "correct the value, or put it in quotes to keep it as text",
        ) from None
    return meta, node


def parse(text: str) -> Document:
    """Split ``text`` into front matter and body.

    Raises :class:`FrontMatterError` when the front matter is not valid YAML, not a mapping,
    or not plain data (see the module's documentation).
    """
    text = normalise_text(text)
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        setting = _MULTIMARKDOWN_META.match(text)
        if setting is not None:
            # MkDocs reads such lines as the page's settings (MultiMarkdown meta-data): they
            # would vanish from the page, and a 'template:' or 'search:' there breaks the build.
            shown = setting.group(0).strip()
            raise FrontMatterError(
                f"the first line '{shown[:60]}' is read by MkDocs as a page setting, not as text",
                1,
                "start the page with its '# title' line, or put settings between '---' lines",
            )
        return Document(meta={}, body=text, body_start=1)
    end = next((i for i in range(1, len(lines)) if _END_FENCE.match(lines[i])), None)
    if end is None:
        raise FrontMatterError(
            "front matter starts with '---' but never ends; add a line '---' after it", 1
        )
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    size = len(yaml_text.encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            f"front matter is {-(-size // 1024)} KB, over the {MAX_FRONT_MATTER_BYTES // 1024} KB "
            "limit",
            1,
            "move long text out of the front matter into the page itself",
        )
    meta, node = _load(yaml_text)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(
            "front matter must be 'key: value' lines, not a list or a single value", 2
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 2
            key_lines[str(key_node.value)] = line
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:str":
                # A key YAML reads as another type ('null', '1', 'yes'): found by its value too.
                with contextlib.suppress(yaml.YAMLError, ValueError):
                    key_lines.setdefault(str(yaml.safe_load(key_node.value)), line)
    return Document(
        meta=meta, body=body, key_lines=key_lines, body_start=end + 2, has_front_matter=True
    )
