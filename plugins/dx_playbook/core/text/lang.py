"""Language attributes for text in the other language of a page.

A screen reader picks its voice from the ``lang`` of the nearest element: English read with the
Japanese voice (or the reverse) is hard to follow. Material's language switcher lists each
language by its own name ("日本語", "English") but marks the links with ``hreflang`` only,
which says what the linked page is in, not what the link text is in. :func:`mark_language_links`
adds the ``lang`` those names need.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import re

_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def hiragana(text: str) -> str:
    """Katakana letters as hiragana (ケンシュウ → けんしゅう); everything else as it is."""
    return text.translate(_TO_HIRAGANA)


#: Hiragana, Katakana (full and half width), the CJK ideographs and their compatibility forms,
#: and the Japanese punctuation block: runs of these are Japanese text.
JAPANESE = re.compile(
    r"[\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uff66-\uff9f]"
    r"[\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uff01-\uff9f]*"
)

#: A link of Material's language switcher (``partials/alternate.html``).
_SWITCHER_LINK = re.compile(
    r"""<a\s(?P<attributes>[^>]*\bclass=(["'])md-select__link\2[^>]*)>""", re.IGNORECASE
)
_HREFLANG = re.compile(r"""\bhreflang=(["'])(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\1""")
_LANG = re.compile(r"""(?<![-\w])lang=""")


def japanese_runs(text: str) -> list[str]:
    """The runs of Japanese script in ``text``, in order."""
    return JAPANESE.findall(text)


def mark_language_links(html: str) -> str:
    """Give each link of the language switcher ``lang`` equal to its ``hreflang``."""

    def mark(match: re.Match[str]) -> str:
        attributes = match.group("attributes")
        hreflang = _HREFLANG.search(attributes)
        if hreflang is None or _LANG.search(attributes):
            return match.group(0)
        return f'<a lang="{hreflang.group("lang")}" {attributes}>'

    # The switcher is a few links in the header: rewrite only the stretch of the page that holds
    # them (trying the pattern at every link of a long page took a tenth of a millisecond).
    first = html.find("md-select__link")
    if first < 0:
        return html
    start = html.rfind("<a", 0, first)
    # The switcher's list ends at its "</ul>"; looking for its last link from the end of a long
    # page cost more than the rewrite.
    list_end = html.find("</ul>", first)
    last = html.rfind("md-select__link", first, len(html) if list_end < 0 else list_end)
    end = html.find(">", last)
    start = 0 if start < 0 else start
    end = len(html) if end < 0 else end + 1
    # str.replace copies the page once, in its own width; slicing it around an ASCII head
    # and joining converted every character (three times slower).
    stretch = html[start:end]
    return html.replace(stretch, _SWITCHER_LINK.sub(mark, stretch), 1)
