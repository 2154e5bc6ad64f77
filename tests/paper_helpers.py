"""Reading a printed page back: the text of each sheet of a PDF that Chromium wrote, line by line
from the top, as a reader sees it (pypdf; Japanese comes out in compatibility forms, so every
line is NFKC-normalised and compared without spaces)."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from pypdf import PageObject, PdfReader

#: Lines lower than this (PDF points from the bottom of an A4 sheet) are in the bottom margin,
#: where the page number is drawn (the margin is 15 mm, 42.5 pt).
MARGIN_TOP = 40
PAGE_NUMBER = re.compile(r"^(\d+)/(\d+)$")


#: Characters the CJK font's text map gives as look-alikes (a radical for a kanji, a hyphenation
#: point for the middle dot), back to what the page says.
LOOK_ALIKES = str.maketrans({"‧": "・", "⻑": "長", "⺠": "民", "⻄": "西", "⻘": "青"})


def squeeze(text: str) -> str:
    """``text`` as compared here: NFKC, look-alikes undone, without white space."""
    return "".join(unicodedata.normalize("NFKC", text).translate(LOOK_ALIKES).split())


@dataclass(frozen=True)
class Sheet:
    #: The lines of the text area, top to bottom (squeezed).
    lines: tuple[str, ...]
    #: What the bottom margin says ("3/12"), or "".
    margin: str

    @property
    def text(self) -> str:
        return "".join(self.lines)


def sheets(pdf: bytes) -> list[Sheet]:
    """Each page of ``pdf``: its lines from the top, and its bottom margin apart."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        rows = _rows(page)
        lines = [(y, squeeze("".join(parts))) for y, parts in sorted(rows.items(), reverse=True)]
        body = tuple(text for y, text in lines if y >= MARGIN_TOP and text)
        margin = "".join(text for y, text in lines if y < MARGIN_TOP)
        found.append(Sheet(body, margin))
    return found


def _rows(page: PageObject) -> dict[int, list[str]]:
    """The text of ``page`` by the height it is drawn at (the text matrix times the page's)."""
    rows: dict[int, list[str]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            rows.setdefault(round(y), []).append(text)

    page.extract_text(visitor_text=visit)
    return rows
