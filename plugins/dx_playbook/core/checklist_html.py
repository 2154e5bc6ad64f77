"""Turn checklist lines into accessible checkboxes.

Two steps around the Markdown conversion, so that the item text keeps its inline Markdown (links,
emphasis, glossary abbreviations): :func:`mark_items` swaps ``- [ ] text { #id }`` for a list item
that starts with a marker, and :func:`render_items` turns each marked ``<li>`` into a labelled
checkbox. Neither step needs MkDocs.

Item text is Markdown but never HTML: a tag typed into an item (``<script>``, ``<img …>``) is
shown as the characters it is, as it is in every export.
"""

from __future__ import annotations

import html
import re

from dx_playbook.core.schema import is_slug
from dx_playbook.core.structure import TASK_LINE, split_item, unfenced

MARKER = "DXPITEM"
_MARKED_ITEM = re.compile(
    r"<li>(?P<para><p>)?" + MARKER + r"-(?P<id>[a-z0-9-]+)-" + MARKER + r"\s*(?P<text>.*?)"
    r"(?(para)</p>)\s*</li>",
    re.DOTALL,
)
_MARKED_LIST = re.compile(r"<ul>(?=\s*<li>(?:<p>)?" + MARKER + "-)")
#: Code spans keep their text as typed; everything else has its tags escaped.
_CODE_SPAN = re.compile(r"(`+).+?\1")
#: A "<" that starts a tag, a comment or a processing instruction, but not an autolink.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])(?![A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>)")


def escape_tags(text: str) -> str:
    """``text`` with every HTML tag outside code spans turned into literal text."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts += [_TAG_START.sub("&lt;", text[last : match.start()]), match.group(0)]
        last = match.end()
    parts.append(_TAG_START.sub("&lt;", text[last:]))
    return "".join(parts)


def mark_items(markdown: str) -> str:
    """Replace each checklist line that has a valid ID with a marked list item.

    Lines without a valid ID are left alone: validation reports them.
    """
    if "[" not in markdown:
        return markdown
    if "```" not in markdown and "~~~" not in markdown:
        # No fenced code: every line counts, and one pass of the pattern finds them (issue 9).
        return _TASK_LINES.sub(_marked, markdown)
    lines = markdown.split("\n")
    for index, line in unfenced(lines):
        match = TASK_LINE.match(line) if "[" in line else None
        if match is not None:
            lines[index] = _marked(match)
    return "\n".join(lines)


#: :data:`TASK_LINE` for every line of a text at once.
_TASK_LINES = re.compile(TASK_LINE.pattern, re.MULTILINE)


def _marked(match: re.Match[str]) -> str:
    """A checklist line as a marked list item, or as it was if its ID is not valid."""
    text, item_id = split_item(match.group("rest"))
    if item_id is None or not is_slug(item_id):
        return match.group(0)
    return f"{match.group('indent')}- {MARKER}-{item_id}-{MARKER} {escape_tags(text)}"


def render_items(content: str, principle_id: str | None = None) -> str:
    """Replace marked ``<li>`` elements of ``content`` with labelled checkboxes."""
    if MARKER not in content:
        return content
    content = _MARKED_LIST.sub('<ul class="dxp-checklist">', content)

    def item(match: re.Match[str]) -> str:
        item_id = match.group("id")
        box = f"dxp-box-{item_id}"
        principle = f' data-dxp-principle="{html.escape(principle_id)}"' if principle_id else ""
        return (
            f'<li class="dxp-item" id="{item_id}" data-dxp-item="{item_id}"{principle}>'
            f'<input type="checkbox" class="dxp-item__box" id="{box}" data-dxp-item="{item_id}">'
            f'<label class="dxp-item__label" for="{box}">{match.group("text").strip()}</label>'
            "</li>"
        )

    return _MARKED_ITEM.sub(item, content)


_MARKER_TEXT = re.compile(MARKER + r"-[a-z0-9-]+-" + MARKER + r"\s*")
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
