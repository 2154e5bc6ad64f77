"""Turn checklist lines into accessible checkboxes.

Two steps around the Markdown conversion, so that the item text keeps its inline Markdown (links,
emphasis, glossary abbreviations): :func:`mark_items` swaps ``- [ ] text { #id }`` for a list item
that starts with a marker, and :func:`render_items` turns each marked ``<li>`` into a labelled
checkbox. Neither step needs MkDocs.

Only lines that Markdown shows as list items are marked (see
:func:`~dx_playbook.core.model.structure.line_kinds`): a checklist line in code, in raw HTML or inside
a paragraph stays as written. A marker that still does not start a list item after the
conversion is removed, never shown; :func:`unrendered_items` names it for a warning.

Item text is Markdown but never HTML: a tag typed into an item (``<script>``, ``<img …>``) is
shown as the characters it is, as it is in every export.

Every pattern here is linear in its input (``tests/test_linear_patterns.py``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping

from dx_playbook.core.model.schema import EDITION_NAMESPACE, is_item_id
from dx_playbook.core.model.structure import split_item, task_lines

MARKER = "DXPITEM"
#: An item ID: a slug, or an edition's slug, "--" and a slug (``kitahama--meeting-notes``).
_ID = r"[a-z0-9]++(?:--?+[a-z0-9]++)*+"
#: The start of a marked list item: tight (``<li>MARKER``) or loose (``<li>\n<p>MARKER``).
_MARKED_ITEM = re.compile(
    r"<li>\s*+(?P<para><p>)?+" + MARKER + r"-(?P<id>" + _ID + r")-" + MARKER + r"\s*+"
)
_MARKED_LIST = re.compile(r"<ul>(?=\s*+<li>\s*+(?:<p>)?+" + MARKER + "-)")
#: Where the label of a tight item ends: its end tag or the first block inside it.
_LABEL_END = re.compile(
    r"</li>|<(?:ul|ol|p|div|pre|table|blockquote|dl|h[1-6]|hr|details|section|figure)[\s>]"
)
_SPACE = re.compile(r"\s++")
#: A "<" that starts a tag, a comment or a processing instruction, but not an autolink.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])(?![A-Za-z][A-Za-z0-9+.-]*+:[^\s<>]*+>)")


def code_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each code span of ``text``: a run of backticks up to the next run of
    exactly as many. One pass over the runs (a pattern such as ``(`+).+?\\1`` rereads the rest
    of the text from every backtick)."""
    runs: list[tuple[int, int]] = []
    position = text.find("`")
    while position >= 0:
        end = position
        while end < len(text) and text[end] == "`":
            end += 1
        runs.append((position, end - position))
        position = text.find("`", end)
    by_length: dict[int, list[int]] = {}
    for number, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(number)
    next_of = dict.fromkeys(by_length, 0)
    spans: list[tuple[int, int]] = []
    number = 0
    while number < len(runs):
        start, length = runs[number]
        same, at = by_length[length], next_of[length]
        while at < len(same) and same[at] <= number:
            at += 1
        next_of[length] = at
        if at < len(same):
            close_start, _ = runs[same[at]]
            spans.append((start, close_start + length))
            number = same[at] + 1
        else:
            number += 1
    return spans


def escape_tags(text: str) -> str:
    """``text`` with every HTML tag outside code spans turned into literal text."""
    if "<" not in text:
        return text
    parts, last = [], 0
    for start, end in code_spans(text) if "`" in text else ():
        parts += [_TAG_START.sub("&lt;", text[last:start]), text[start:end]]
        last = end
    parts.append(_TAG_START.sub("&lt;", text[last:]))
    return "".join(parts)


def mark_items(markdown: str) -> str:
    """Replace each checklist line that Markdown shows as a list item, and that has a valid ID,
    with a marked list item.

    Lines without a valid ID are left alone: validation reports them.
    """
    if "[" not in markdown:
        return markdown
    lines = markdown.split("\n")
    for index, match in task_lines(lines):
        lines[index] = _marked(match)
    return "\n".join(lines)


def _marked(match: re.Match[str]) -> str:
    """A checklist line as a marked list item, or as it was if its ID is not valid."""
    text, item_id = split_item(match.group("rest"))
    if item_id is None or not is_item_id(item_id):
        return match.group(0)
    return f"{match.group('indent')}- {MARKER}-{item_id}-{MARKER} {escape_tags(text)}"


def _items(content: str) -> Iterator[tuple[re.Match[str], int, int]]:
    """Each marked item that starts a list item: its match, where its label ends and where
    what follows the label starts. Each search stops at the next marker: linear."""
    matches = list(_MARKED_ITEM.finditer(content))
    for number, match in enumerate(matches):
        bound = matches[number + 1].start() if number + 1 < len(matches) else len(content)
        if match.group("para"):
            end = content.find("</p>", match.end(), bound)
            if end < 0:
                continue
            after = end + len("</p>")
        else:
            found = _LABEL_END.search(content, match.end(), bound)
            if found is None:
                continue
            end = after = found.start()
        space = _SPACE.match(content, after)
        if space is not None and content.startswith("</li>", space.end()):
            after = space.end()  # the end tag follows the label at once
        yield match, end, after


def render_items(
    content: str, principle_id: str | None = None, sources: Mapping[str, str] | None = None
) -> str:
    """Replace marked ``<li>`` elements of ``content`` with labelled checkboxes.

    The label holds the item's own text; a list nested in the item follows it, inside the item.
    An item a town's edition adds (``<slug>--<id>``) says so at its end, in the words of
    ``sources`` (edition slug -> "見本町の項目"), which its checkbox's name includes.
    Any other marker (one that Markdown did not put at the start of a list item) is removed.
    """
    if MARKER not in content:
        return content
    content = _MARKED_LIST.sub('<ul class="dxp-checklist">', content)
    principle = f' data-dxp-principle="{html.escape(principle_id)}"' if principle_id else ""
    parts, last = [], 0
    for match, end, after in _items(content):
        item_id = match.group("id")
        box = f"dxp-box-{item_id}"
        edition, namespaced, _ = item_id.partition(EDITION_NAMESPACE)
        source = (sources or {}).get(edition) if namespaced else None
        badge = f' <span class="dxp-item__from">{html.escape(source)}</span>' if source else ""
        parts += [
            content[last : match.start()],
            f'<li class="dxp-item" id="{item_id}" data-dxp-item="{item_id}"{principle}>'
            f'<input type="checkbox" class="dxp-item__box" id="{box}" data-dxp-item="{item_id}">'
            f'<label class="dxp-item__label" for="{box}">{content[match.end() : end].strip()}'
            f"{badge}</label>",
        ]
        last = after
    parts.append(content[last:])
    rendered = "".join(parts)
    return _MARKER_TEXT.sub("", rendered) if MARKER in rendered else rendered


def unrendered_items(content: str) -> list[str]:
    """IDs of the marked items of ``content`` (HTML converted from :func:`mark_items`'s
    Markdown) that do not start a list item, and so would get no checkbox."""
    if MARKER not in content:
        return []
    rendered = {match.start("id") for match, _, _ in _items(content)}
    return [
        match.group("id")
        for match in _MARKER_ID.finditer(content)
        if match.start("id") not in rendered
    ]


_MARKER_ID = re.compile(MARKER + r"-(?P<id>" + _ID + r")-" + MARKER)
_MARKER_TEXT = re.compile(MARKER + r"-" + _ID + r"-" + MARKER + r"\s*+")
_H1_END = re.compile(r"</h1>")


def for_search_index(content: str, summary: str | None = None) -> str:
    """What a search index needs of a page converted from Markdown, before :func:`render_items`.

    Checklist items become plain list items (their text, without the marker), and ``summary``, a
    principle's one-line summary shown under its title, is put there as a paragraph. Every
    control, tooltip and view the page gets later is left out: the index holds what the page
    says, and parsing the controls' markup was most of what our pages added to the time
    Material's search takes (issue 9).
    """
    content = _MARKER_TEXT.sub("", content)
    if summary:
        paragraph = f"<p>{html.escape(' '.join(summary.split()), quote=False)}</p>"
        title = _H1_END.search(content)
        if title is None:
            content = f"{paragraph}\n{content}"
        else:
            content = f"{content[: title.end()]}\n{paragraph}{content[title.end() :]}"
    return content
