"""The build-time downloads: the checklist as a workbook and as CSV, the playbook as a dataset.

Pure functions from the site model to bytes or data; the MkDocs plugin only writes them into
``downloads/``. Content is always written as text: a cell never becomes a formula, and HTML a
contributor typed stays characters, never markup.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import unicodedata
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from dx_playbook.core import schema, ui_text
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
#: Characters XML 1.0, and so ``.xlsx``, cannot hold.
_MODIFIED = re.compile(rb">[^<]*</dcterms:modified>")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

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
_NOTES_MIN_LINES: Final = 3


def neutralise(value: str) -> str:
    """``value`` made safe for a CSV cell: a leading formula character gets a ``'`` before it.

    This is the usual defence against spreadsheet formula injection; spreadsheets show the text
    as it was, with the apostrophe.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xml_safe(value: str) -> str:
    """``value`` without the control characters a workbook cannot store."""
    return _XML_ILLEGAL.sub("", value)


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
        roles = separator.join(schema.ROLES[role][lang] for role in principle.roles)
        for item in principle.items:
            rows.append(
                [
                    schema.PILLARS[principle.pillar][lang],
                    principle.id,
                    plain_text(principle.title),
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


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _row_height(row: list[str]) -> float:
    """Points for a row tall enough for its wrapped text and for hand-written notes."""
    lines = max(
        math.ceil(_display_width(value) / max(width - 1, 1))
        for value, width in zip(row, _WIDTHS, strict=True)
    )
    return max(lines, _NOTES_MIN_LINES) * 14.0 + 4


def checklist_xlsx(site: Site, lang: str) -> bytes:
    """The checklist as an Excel workbook with a status drop-down, set up for A4 printing."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _TITLES[lang]["sheet"]
    rows = checklist_rows(site, lang)
    _fill_checklist(sheet, rows, lang)
    _add_status_choices(sheet, len(rows), lang)
    _set_up_printing(sheet, lang)
    _add_about_sheet(workbook, lang)
    workbook.properties.title = _TITLES[lang]["book"]
    workbook.properties.creator = "dx-playbook"
    workbook.properties.created = workbook.properties.modified = _build_time().replace(tzinfo=None)
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stamped(buffer.getvalue(), _build_time())


def _stamped(archive: bytes, moment: datetime) -> bytes:
    """``archive`` (a zip, as ``.xlsx`` files are) with every entry dated ``moment``.

    openpyxl dates each entry, and the workbook's "modified" property, with the current time;
    fixed dates make two builds with the same ``SOURCE_DATE_EPOCH`` byte-identical.
    """
    stamp = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    modified = f">{moment.strftime('%Y-%m-%dT%H:%M:%SZ')}</dcterms:modified>".encode()
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = _MODIFIED.sub(modified, content)
            target.writestr(info, content)
    return output.getvalue()


def _text_cell(sheet: Any, row: int, column: int, value: str, style: Any = None) -> Any:
    """Put ``value`` into a cell as text, whatever it starts with, in the named ``style``."""
    cell = sheet.cell(row=row, column=column)
    if style is not None:
        cell.style = style  # first: a named style resets the cell's quote prefix
    cell.value = xml_safe(value)
    # openpyxl stores a string starting with "=" as a formula: force text, and mark risky
    # cells so that editing one in Excel keeps it text too.
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _fill_checklist(sheet: Any, rows: list[list[str]], lang: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    # Named styles: one lookup per cell instead of one per attribute (large playbooks).
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    body = NamedStyle("dxp-body", font=Font(size=10), alignment=wrap, border=border)
    header = NamedStyle(
        "dxp-header",
        font=Font(size=10, bold=True, color="FFFFFF"),
        fill=PatternFill("solid", fgColor="303F9F"),
        alignment=wrap,
        border=border,
    )
    for column, label in enumerate(ui_text.COLUMNS[lang], start=1):
        _text_cell(sheet, 1, column, label, header)
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _text_cell(sheet, row_number, column, value, body)
        sheet.row_dimensions[row_number].height = _row_height(row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(_WIDTHS))}{len(rows) + 1}"


def _add_status_choices(sheet: Any, count: int, lang: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    statuses = ui_text.STATUSES[lang]
    title = ui_text.COLUMNS[lang][ui_text.STATUS_COLUMN]
    choices = ui_text.LIST_SEPARATOR[lang].join(statuses)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the in-cell arrow
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=title,
        error=choices,
        promptTitle=title,
        prompt=choices,
    )
    sheet.add_data_validation(validation)
    if count:
        column = get_column_letter(ui_text.STATUS_COLUMN + 1)
        validation.add(f"{column}2:{column}{count + 1}")


def _set_up_printing(sheet: Any, lang: str) -> None:
    """A4 landscape, one page wide, the header row repeated, page numbers in the footer."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    # "&&" is a literal ampersand in header and footer codes.
    sheet.oddHeader.center.text = _TITLES[lang]["book"].replace("&", "&&")
    sheet.oddFooter.center.text = "&P / &N"


def _add_about_sheet(workbook: Any, lang: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    about = workbook.create_sheet(_TITLES[lang]["about"])
    lines = [
        _TITLES[lang]["book"],
        f"{'版' if lang == 'ja' else 'Edition'}: {edition()}",
        credit_line(lang),
        *_ABOUT[lang],
    ]
    for row_number, line in enumerate(lines, start=1):
        cell = _text_cell(about, row_number, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row_number == 1:
            cell.font = Font(size=14, bold=True)
    about.column_dimensions["A"].width = 110
    about.page_setup.paperSize = about.PAPERSIZE_A4
    about.page_setup.orientation = about.ORIENTATION_PORTRAIT
    about.page_setup.fitToWidth = 1
    about.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


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
