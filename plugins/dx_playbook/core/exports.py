"""The build-time downloads: the checklist as a workbook and as CSV, the playbook as a dataset.

Pure functions from the site model to bytes or data; the MkDocs plugin only writes them into
``downloads/``. Content is always written as text: a cell never becomes a formula, and HTML a
contributor typed stays characters, never markup.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import operator
import os
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from dx_playbook.core import schema, ui_text, xlsx
from dx_playbook.core.progress import ASSESSMENT_SCHEMA_VERSION, LIMITS, plain_text

if TYPE_CHECKING:
    from dx_playbook.core.site import Principle, Site

#: File names inside ``downloads/``; the downloads pages link to exactly these.
CHECKLIST_XLSX: Final = "dx-playbook-checklist.{lang}.xlsx"
CHECKLIST_CSV: Final = "dx-playbook-checklist.{lang}.csv"
DATASET_JSON: Final = "playbook.{lang}.json"
DATASET_SCHEMA: Final = "playbook.schema.json"
ASSESSMENT_SCHEMA: Final = "dx-playbook-assessment.schema.json"
SCHEMA_DIR: Final = Path(__file__).parent

#: A spreadsheet reads a cell starting with one of these as a formula (full-width forms too, as
#: Japanese input methods produce them); tab and carriage return start DDE payloads.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

_TITLES: Final = {
    "ja": {
        "sheet": "チェックリスト",
        "about": "説明",
        "book": "自治体DXプレイブック チェックリスト",
    },
    "en": {"sheet": "Checklist", "about": "About", "book": "Municipal DX Playbook checklist"},
}
_ABOUT: Final = {
    "ja": (
        "使い方: 「状態」の欄で一覧から選び、「メモ」の欄に根拠や次の一歩を書きます。",
        "項目IDは日本語版と英語版で共通です。サイトで記録した評価のCSVと突き合わせられます。",
        "印刷: A4横、1ページの幅に収まり、見出し行は各ページに入ります。",
    ),
    "en": (
        "How to use: pick a value in the Status column and write evidence or next steps in Notes.",
        "Item IDs are the same in the Japanese and English editions and in CSV files exported from the site.",
        "Printing: A4 landscape, fitted to one page wide, with the header row on every page.",
    ),
}
#: Column widths in characters, in the order of :data:`ui_text.COLUMNS`.
_WIDTHS: Final = (11, 16, 24, 22, 50, 18, 11, 36)
#: Characters on one line of each column: a little fewer than its width.
_LINE_CHARS: Final = tuple(max(width - 1, 1) for width in _WIDTHS)
_NOTES_MIN_LINES: Final = 3
#: Cell styles of the checklist sheet; named, so they show in Excel's cell style gallery.
_HEADER: Final = xlsx.CellStyle(
    font=xlsx.Font(size=10, bold=True, color="FFFFFF"),
    fill="303F9F",
    border="808080",
    wrap=True,
    vertical="top",
    name="dxp-header",
)
_BODY: Final = xlsx.CellStyle(
    font=xlsx.Font(size=10), border="808080", wrap=True, vertical="top", name="dxp-body"
)
_ABOUT_TITLE: Final = xlsx.CellStyle(font=xlsx.Font(size=14, bold=True), wrap=True, vertical="top")
_ABOUT_TEXT: Final = xlsx.CellStyle(wrap=True, vertical="top")


def neutralise(value: str) -> str:
    """``value`` made safe for a CSV cell: a leading formula character gets a ``'`` before it.

    This is the usual defence against spreadsheet formula injection; spreadsheets show the text
    as it was, with the apostrophe.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xml_safe(value: str) -> str:
    """``value`` without the control characters a workbook cannot store."""
    return xlsx.xml_safe(value)


def edition() -> str:
    from dx_playbook import __version__

    return __version__


def _build_time() -> datetime:
    """Fixed by ``SOURCE_DATE_EPOCH`` when set, so that rebuilds give identical files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def checklist_rows(site: Site, lang: str) -> list[list[str]]:
    """One row per checklist item, in reading order, with empty status and notes."""
    separator = ui_text.LIST_SEPARATOR[lang]
    rows = []
    for principle in site.principles_in(lang):
        pillar = schema.PILLARS[principle.pillar][lang]
        title = plain_text(principle.title)
        roles = separator.join(schema.ROLES[role][lang] for role in principle.roles)
        for item in principle.items:
            rows.append(
                [
                    pillar,
                    principle.id,
                    title,
                    item.id,
                    plain_text(item.text),
                    roles,
                    "",
                    "",
                ]
            )
    return rows


def checklist_csv(site: Site, lang: str) -> bytes:
    """The checklist as CSV: UTF-8 with a byte-order mark (so Excel reads Japanese), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(ui_text.COLUMNS[lang])
    for row in checklist_rows(site, lang):
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class _CharWidths(dict[str, int]):
    """Columns a character takes: 2 for East Asian wide and full-width ones; filled on demand."""

    def __missing__(self, char: str) -> int:
        width = self[char] = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        return width


_CHAR_WIDTHS: Final = _CharWidths()


@functools.lru_cache(maxsize=4096)  # a principle's title and roles recur on each of its rows
def _display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


def _row_height(row: list[str]) -> float:
    """Points for a row tall enough for its wrapped text and for hand-written notes."""
    if len(row) != len(_LINE_CHARS):
        raise ValueError(f"a checklist row has {len(_LINE_CHARS)} cells, not {len(row)}")
    # Lines of each cell, rounded up as -(-width // chars): mapped in C, as every row is measured.
    lines = -min(map(operator.floordiv, map(operator.neg, map(_display_width, row)), _LINE_CHARS))
    return max(lines, _NOTES_MIN_LINES) * 14.0 + 4


def checklist_xlsx(site: Site, lang: str) -> bytes:
    """The checklist as an Excel workbook with a status drop-down, set up for A4 printing."""
    rows = checklist_rows(site, lang)
    return xlsx.workbook(
        [_checklist_sheet(rows, lang), _about_sheet(lang)],
        title=_TITLES[lang]["book"],
        creator="dx-playbook",
        moment=_build_time(),
        # Marked cells stay text when they are edited in Excel too.
        quote_starts=FORMULA_STARTS,
    )


def _checklist_sheet(rows: list[list[str]], lang: str) -> xlsx.Sheet:
    """Header and one row per item, the header frozen and filterable, statuses from a list."""
    return xlsx.Sheet(
        title=_TITLES[lang]["sheet"],
        rows=[
            xlsx.Row(ui_text.COLUMNS[lang], _HEADER),
            *(xlsx.Row(row, _BODY, _row_height(row)) for row in rows),
        ],
        widths=_WIDTHS,
        frozen_rows=1,
        autofilter=True,
        validations=[_status_choices(len(rows), lang)],
        page=_checklist_printing(lang),
    )


def _status_choices(count: int, lang: str) -> xlsx.ListValidation:
    """The status drop-down over the ``count`` item rows (none when there are no items)."""
    title = ui_text.COLUMNS[lang][ui_text.STATUS_COLUMN]
    choices = ui_text.LIST_SEPARATOR[lang].join(ui_text.STATUSES[lang])
    return xlsx.ListValidation(
        column=ui_text.STATUS_COLUMN,
        first_row=2,
        last_row=count + 1,
        choices=ui_text.STATUSES[lang],
        prompt_title=title,
        prompt=choices,
        error_title=title,
        error=choices,
    )


def _checklist_printing(lang: str) -> xlsx.PageSetup:
    """A4 landscape, one page wide, the header row repeated, page numbers in the footer."""
    return xlsx.PageSetup(
        paper_size=xlsx.A4,
        landscape=True,
        fit_to_width=1,
        fit_to_height=0,
        centre_horizontally=True,
        margins=xlsx.Margins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3),
        # "&&" is a literal ampersand in header and footer codes.
        header=_TITLES[lang]["book"].replace("&", "&&"),
        footer="&P / &N",
        repeat_rows=1,
    )


def _about_sheet(lang: str) -> xlsx.Sheet:
    lines = [
        _TITLES[lang]["book"],
        f"{'版' if lang == 'ja' else 'Edition'}: {edition()}",
        credit_line(lang),
        *_ABOUT[lang],
    ]
    return xlsx.Sheet(
        title=_TITLES[lang]["about"],
        rows=[
            xlsx.Row([line], _ABOUT_TITLE if number == 0 else _ABOUT_TEXT)
            for number, line in enumerate(lines)
        ],
        widths=(110,),
        page=xlsx.PageSetup(paper_size=xlsx.A4, landscape=False, fit_to_width=1),
    )


def credit_line(lang: str) -> str:
    """The series credit without a part, for exports."""
    series: Any = schema.SERIES
    if lang == "ja":
        return (
            f"出典:連載「{series['title']['ja']}」({series['author']['ja']}、"
            f"{series['publisher']['ja']})"
        )
    return (
        f'Source: the series "{series["title"]["en"]}" by {series["author"]["en"]}, '
        f"{series['publisher']['en']}"
    )


def _principle_record(principle: Principle, lang: str) -> dict[str, Any]:
    prefix = "" if lang == schema.SOURCE_LANGUAGE else f"{lang}/"
    return {
        "id": principle.id,
        "title": plain_text(principle.title),
        "pillar": principle.pillar,
        "series_part": principle.series_part,
        "order": principle.order,
        "roles": list(principle.roles),
        "summary": principle.summary,
        "url": prefix + principle.page.url,
        "checklist": [{"id": item.id, "text": plain_text(item.text)} for item in principle.items],
        "key_questions": [plain_text(question) for question in principle.questions],
    }


def dataset(site: Site, lang: str) -> dict[str, Any]:
    """The whole playbook of one language as data (see ``dataset.schema.json``)."""
    series: Any = schema.SERIES
    principles = site.principles_in(lang)
    return {
        "$schema": f"./{DATASET_SCHEMA}",
        "schema_version": schema.SCHEMA_VERSION,
        "lang": lang,
        "edition": edition(),
        "title": _TITLES[lang]["book"].removesuffix(" チェックリスト").removesuffix(" checklist"),
        "source": {
            "series": series["title"][lang],
            "author": series["author"][lang],
            "publisher": series["publisher"][lang],
            "parts": [
                {"part": part, "title": titles[lang]}
                for part, titles in schema.SERIES_PART_TITLES.items()
            ],
        },
        "pillars": [
            {
                "id": key,
                "label": labels[lang],
                "principles": [p.id for p in principles if p.pillar == key],
            }
            for key, labels in schema.PILLARS.items()
        ],
        "roles": [{"id": key, "label": labels[lang]} for key, labels in schema.ROLES.items()],
        "principles": [_principle_record(principle, lang) for principle in principles],
    }


def dataset_json(site: Site, lang: str) -> bytes:
    return _json_bytes(dataset(site, lang))


def _json_bytes(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    # Escaped so that the file is also safe to paste into HTML (a title with "</script>").
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")


def dataset_schema() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "dataset.schema.json").read_text(encoding="utf-8"))


def assessment_schema() -> dict[str, Any]:
    """The schema of the browser's JSON export, with this build's limits filled in."""
    found = json.loads((SCHEMA_DIR / "assessment.schema.json").read_text(encoding="utf-8"))
    found["properties"]["schema_version"]["maximum"] = ASSESSMENT_SCHEMA_VERSION
    definitions = found["$defs"]
    definitions["assessment"]["properties"]["name"]["maxLength"] = LIMITS["name"]
    definitions["entry"]["properties"]["note"]["maxLength"] = LIMITS["note"]
    found["properties"]["assessments"]["maxItems"] = LIMITS["assessments"]
    definitions["assessment"]["properties"]["items"]["maxProperties"] = LIMITS["items"]
    return found


def downloads(site: Site) -> dict[str, bytes]:
    """Every download file, by name inside ``downloads/``."""
    files: dict[str, bytes] = {}
    for lang in schema.LANGUAGES:
        files[CHECKLIST_XLSX.format(lang=lang)] = checklist_xlsx(site, lang)
        files[CHECKLIST_CSV.format(lang=lang)] = checklist_csv(site, lang)
        files[DATASET_JSON.format(lang=lang)] = dataset_json(site, lang)
    files[DATASET_SCHEMA] = _json_bytes(dataset_schema())
    files[ASSESSMENT_SCHEMA] = _json_bytes(assessment_schema())
    return files
