"""Text written into generated Markdown (views, the "what changed" page). Nothing here imports
MkDocs."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: no emphasis, links, attribute lists or HTML."""
    return md_literal(" ".join(text.split()))


def md_literal(text: str) -> str:
    """``text`` as literal Markdown, its spaces kept (a piece of a line, such as the words
    around a field of a catalogue's template)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
