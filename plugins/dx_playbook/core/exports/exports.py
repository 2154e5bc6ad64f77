"""The build-time downloads: the checklist as a workbook and as CSV, the playbook as a dataset.

Pure functions from the site model to bytes or data; the MkDocs plugin only writes them into
``downloads/``. Content is always written as text: a cell never becomes a formula, and HTML a
contributor typed stays characters, never markup.
"""

from __future__ import annotations

import base64
import csv
import functools
import io
import json
import operator
import os
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import xlsxwriter

from dx_playbook.core.checklists.progress import ASSESSMENT_SCHEMA_VERSION, LIMITS, plain_text
from dx_playbook.core.model import schema
from dx_playbook.core.text import ui_text
from dx_playbook.core.text.catalogue import ByLanguage, catalogue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from dx_playbook.core.model.site import Principle, Site

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

#: The workbook's titles (``exports.titles`` of each catalogue: ``sheet``, ``about``, ``book``)
#: and the lines of its about sheet (``exports.about``) of each language, as the code reads them
#: (:func:`_titles`): the same dicts, so a change to one is seen by the other.
_TITLES: Final[ByLanguage[dict[str, str]]] = ByLanguage(lambda found: found["exports"]["titles"])
_ABOUT: Final[ByLanguage[tuple[str, ...]]] = ByLanguage(
    lambda found: tuple(found["exports"]["about"])
)


def _titles(lang: str) -> dict[str, str]:
    titles: dict[str, str] = catalogue(lang)["exports"]["titles"]
    return titles


def playbook_title(site: Site, lang: str) -> str:
    """The playbook's name in ``lang``: a town's edition's own, when one is built."""
    if site.edition is not None and lang in site.edition.name:
        return site.edition.name[lang]
    title: str = catalogue(lang)["exports"]["playbook"]
    return title


def _book_title(site: Site, lang: str) -> str:
    """The checklist workbook's title, as its properties and its printed header give it."""
    if site.edition is not None and lang in site.edition.name:
        return _titles(lang)["book_of"].format(playbook=site.edition.name[lang])
    return _titles(lang)["book"]


#: Column widths in characters as the file stores them, in the order of :data:`ui_text.COLUMNS`
#: (Excel's column width box shows each less its padding: 10.29 for 11).
_WIDTHS: Final = (11, 24, 50, 18, 11, 14, 12, 36, 16, 22)
#: Pixels of a character of the default font, Calibri 11: a stored width of ``w`` is ``w * 7``
#: pixels. XlsxWriter's set_column() would add the padding to the width given.
_CHAR_PIXELS: Final = 7
#: Characters on one line of each column: a little fewer than its width.
_LINE_CHARS: Final = tuple(max(width - 1, 1) for width in _WIDTHS)
_NOTES_MIN_LINES: Final = 3
#: Excel's tallest row, in points.
_MAX_ROW_HEIGHT: Final = 409.0
#: XlsxWriter's paper size of A4.
_A4: Final = 9
#: Cell formats, as XlsxWriter properties.
_BORDER: Final = {"border": 1, "border_color": "#808080"}
_TOP_WRAPPED: Final = {"text_wrap": True, "valign": "top"}
_HEADER: Final = {
    "font_size": 10,
    "bold": True,
    "font_color": "#FFFFFF",
    "bg_color": "#303F9F",
    "pattern": 1,
    **_BORDER,
    **_TOP_WRAPPED,
}
_BODY: Final = {"font_size": 10, **_BORDER, **_TOP_WRAPPED}
_ABOUT_TITLE: Final = {"font_size": 14, "bold": True, **_TOP_WRAPPED}
_ABOUT_TEXT: Final = _TOP_WRAPPED
#: Characters XML 1.0, and so ``.xlsx``, cannot hold. XlsxWriter would keep them as Excel's
#: ``_xHHHH_`` escapes, which a spreadsheet turns back into the characters: they are dropped.
_XML_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    """One row per checklist item, in reading order, with empty status, owner, due date and
    notes, and the IDs last."""
    separator = ui_text.LIST_SEPARATOR[lang]
    rows = []
    for principle in site.principles_in(lang):
        pillar = schema.PILLARS[principle.pillar][lang]
        title = plain_text(principle.title)
        for item in principle.items:
            roles = separator.join(
                schema.ROLES[role][lang] for role in item.roles or principle.roles
            )
            # Status, owner, due date and notes are the reader's to fill in.
            rows.append(
                [pillar, title, plain_text(item.text), roles, "", "", "", "", principle.id, item.id]
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
        raise ValueError(f"a checklist row has {len(row)} cells, not {len(_LINE_CHARS)}")
    # Lines of each cell, rounded up as -(-width // chars): mapped in C, as every row is measured.
    lines = -min(map(operator.floordiv, map(operator.neg, map(_display_width, row)), _LINE_CHARS))
    return max(lines, _NOTES_MIN_LINES) * 14.0 + 4


def checklist_xlsx(site: Site, lang: str) -> bytes:
    """The checklist as an Excel workbook with a status drop-down, set up for A4 printing."""
    rows = checklist_rows(site, lang)
    buffer = io.BytesIO()
    # In memory, XlsxWriter dates every zip entry 1980-01-01; with the document's date fixed
    # too, the same input gives the same bytes. The options keep text from becoming anything
    # else even where write() would be used instead of write_string().
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    with xlsxwriter.Workbook(buffer, options) as book:
        book.set_properties(
            {"title": _book_title(site, lang), "author": "dx-playbook", "created": _build_time()}
        )
        _checklist_sheet(book, rows, lang, _book_title(site, lang))
        _summary_sheet(book, rows, lang)
        _about_sheet(book, lang)
    return buffer.getvalue()


def _text_formats(book: Workbook, properties: dict[str, Any]) -> tuple[Format, Format]:
    """The format of a text cell, and the same with Excel's quote prefix."""
    return book.add_format(properties), book.add_format({**properties, "quote_prefix": True})


def _write_texts(
    sheet: Worksheet, row: int, values: Sequence[str], formats: tuple[Format, Format]
) -> None:
    """``values`` as text cells from column A on; one that a spreadsheet would read as a formula
    gets the quote prefix, so that it stays text when it is edited. No text, an empty cell."""
    plain, quoted = formats
    for column, value in enumerate(values):
        text = xml_safe(value)
        if not text:
            sheet.write_blank(row, column, None, plain)
        else:
            sheet.write_string(
                row, column, text, quoted if text.startswith(FORMULA_STARTS) else plain
            )


def _checklist_sheet(book: Workbook, rows: list[list[str]], lang: str, title: str) -> None:
    """Header and one row per item, the header frozen and filterable, statuses from a list."""
    sheet = book.add_worksheet(_titles(lang)["sheet"])
    for column, width in enumerate(_WIDTHS):
        sheet.set_column_pixels(column, column, width * _CHAR_PIXELS)
    _write_texts(sheet, 0, ui_text.COLUMNS[lang], _text_formats(book, _HEADER))
    body = _text_formats(book, _BODY)
    for number, row in enumerate(rows, start=1):
        sheet.set_row(number, min(_row_height(row), _MAX_ROW_HEIGHT))
        _write_texts(sheet, number, row, body)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(_WIDTHS) - 1)
    if rows:
        column = ui_text.STATUS_COLUMN
        if sheet.data_validation(1, column, len(rows), column, _status_choices(lang)):
            raise ValueError(f"XlsxWriter refused the status drop-down of {lang!r}")
    _checklist_printing(sheet, lang, title)


def _status_choices(lang: str) -> dict[str, Any]:
    """The status drop-down: nothing but the four states can be entered."""
    title = ui_text.COLUMNS[lang][ui_text.STATUS_COLUMN]
    choices = ui_text.LIST_SEPARATOR[lang].join(ui_text.STATUSES[lang])
    return {
        "validate": "list",
        "source": list(ui_text.STATUSES[lang]),
        "input_title": title,
        "input_message": choices,
        "error_title": title,
        "error_message": choices,
    }


def _checklist_printing(sheet: Worksheet, lang: str, title: str) -> None:
    """A4 landscape, one page wide, the header row repeated, page numbers in the footer."""
    sheet.set_paper(_A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    # "&C" is the centre section; "&&" a literal ampersand in header and footer codes.
    sheet.set_header("&C" + xml_safe(title).replace("&", "&&"), {"margin": 0.3})
    sheet.set_footer("&C&P / &N", {"margin": 0.3})
    sheet.repeat_rows(0)


#: Rows of the summary sheet: what the self-assessment is about (a label in column A, its value
#: in B, filled in by the browser), then a table of items per pillar and state whose formulas
#: count the checklist sheet. The browser finds the rows it fills by these labels and by the
#: pillar IDs in the last column, the way an import finds items by their ID.
SUMMARY_ABOUT: Final = ui_text.SUMMARY_ABOUT
_SUMMARY_TABLE_ROW: Final = len(SUMMARY_ABOUT) + 3
_SUMMARY_WIDTHS: Final = (22, 9, 11, 11, 9, 13, 11, 14)
#: The pillar ID of the summary's total row.
SUMMARY_TOTAL: Final = "total"


def _summary_sheet(book: Workbook, rows: list[list[str]], lang: str) -> None:
    """The self-assessment's particulars and its items per pillar and state, counted by
    formulas from the checklist sheet (so that Excel updates them as statuses change), with
    the counts of the rows as written here cached for readers that do not calculate."""
    words = catalogue(lang)["exports"]["summary"]
    sheet = book.add_worksheet(_titles(lang)["summary"])
    for column, width in enumerate(_SUMMARY_WIDTHS):
        sheet.set_column_pixels(column, column, width * _CHAR_PIXELS)
    label = _text_formats(book, {"font_size": 10, "bold": True})
    value = book.add_format({"font_size": 10})
    _write_texts(sheet, 0, [words["heading"]], _text_formats(book, _ABOUT_TITLE))
    for number, shown in enumerate(ui_text.about_labels(lang).values(), start=2):
        _write_texts(sheet, number, [shown], label)
        sheet.write_blank(number, 1, None, value)
    _write_texts(sheet, _SUMMARY_TABLE_ROW, words["columns"], _text_formats(book, _HEADER))
    formats = {
        False: (_text_formats(book, _BODY), book.add_format({"font_size": 10, **_BORDER})),
        True: (label, book.add_format({"font_size": 10, "bold": True, **_BORDER})),
    }
    shares = {
        total: book.add_format({"font_size": 10, "num_format": "0%", "bold": total, **_BORDER})
        for total in (False, True)
    }
    pillars = [(key, labels[lang]) for key, labels in schema.PILLARS.items()]
    states = ui_text.STATUSES[lang]
    totals = [0] * len(states)
    for offset, (key, shown) in enumerate([*pillars, (SUMMARY_TOTAL, words["total"])], start=1):
        row, is_total = _SUMMARY_TABLE_ROW + offset, key == SUMMARY_TOTAL
        if is_total:
            counts = totals
        else:
            counts = [0] * len(states)
            for cells in rows:
                if cells[0] == shown:
                    status = cells[ui_text.STATUS_COLUMN]
                    counts[states.index(status) if status in states else 0] += 1
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        text, number = formats[is_total]
        _write_texts(sheet, row, [shown], text)
        formulas = _summary_formulas(row + 1, len(pillars), lang, is_total=is_total)
        cached = [sum(counts), *counts]
        for column, (formula, value) in enumerate(zip(formulas, cached, strict=True), start=1):
            sheet.write_formula(row, column, formula, number, value)
        applicable = sum(counts) - counts[-1]
        done = counts[2] / applicable if applicable else 0  # states: open, doing, done, na
        cell = row + 1
        share = f"=IF(B{cell}-F{cell}>0,E{cell}/(B{cell}-F{cell}),0)"
        sheet.write_formula(row, len(formulas) + 1, share, shares[is_total], done)
        sheet.write_string(row, len(_SUMMARY_WIDTHS) - 1, key, text[0])
    _write_texts(sheet, _SUMMARY_TABLE_ROW + len(pillars) + 3, [words["note"]], label)
    sheet.set_paper(_A4)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 1)
    sheet.set_margins(left=0.75, right=0.75, top=1.0, bottom=1.0)


def _summary_formulas(cell: int, pillars: int, lang: str, *, is_total: bool) -> list[str]:
    """The formulas of columns B to F of the summary's row ``cell`` (1-based): the items of its
    pillar, then those of each state (not started: the rest, so a blank status counts there)."""
    first, last = _SUMMARY_TABLE_ROW + 2, _SUMMARY_TABLE_ROW + 1 + pillars
    if is_total:
        columns = ["B", *(chr(ord("C") + index) for index in range(4))]
        sums = [f"=SUM({column}{first}:{column}{last})" for column in columns]
        return [sums[0], f"=B{cell}-SUM(D{cell}:F{cell})", *sums[2:]]
    sheet = "'" + _titles(lang)["sheet"].replace("'", "''") + "'!"
    pillar = f"{sheet}$A:$A,$A{cell}"
    states = [state.replace('"', '""') for state in ui_text.STATUSES[lang][1:]]
    return [
        f"=COUNTIF({pillar})",
        f"=B{cell}-SUM(D{cell}:F{cell})",
        *(f'=COUNTIFS({pillar},{sheet}$E:$E,"{state}")' for state in states),
    ]


def _about_sheet(book: Workbook, lang: str) -> None:
    words = catalogue(lang)["exports"]
    lines = [
        words["titles"]["book"],
        words["edition_line"].format(version=edition()),
        credit_line(lang),
        *words["about"],
    ]
    sheet = book.add_worksheet(_titles(lang)["about"])
    sheet.set_column_pixels(0, 0, 110 * _CHAR_PIXELS)
    title, text = _text_formats(book, _ABOUT_TITLE), _text_formats(book, _ABOUT_TEXT)
    for number, line in enumerate(lines):
        _write_texts(sheet, number, [line], title if number == 0 else text)
    sheet.set_paper(_A4)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 1)
    sheet.set_margins(left=0.75, right=0.75, top=1.0, bottom=1.0)


def credit_line(lang: str) -> str:
    """The series credit without a part, for exports."""
    words = catalogue(lang)
    credit: str = words["exports"]["credit"]
    series = words["series"]
    return credit.format(
        series=series["title"], author=series["author"], publisher=series["publisher"]
    )


def _principle_record(principle: Principle, lang: str, source: str) -> dict[str, Any]:
    prefix = "" if lang == source else f"{lang}/"
    return {
        "id": principle.id,
        "title": plain_text(principle.title),
        "pillar": principle.pillar,
        "series_part": principle.series_part,
        "order": principle.order,
        "roles": list(principle.roles),
        "summary": principle.summary,
        "url": prefix + principle.page.url,
        "checklist": [
            {
                "id": item.id,
                "text": plain_text(item.text),
                "roles": list(item.roles or principle.roles),
                **({"start_here": item.start_here} if item.start_here else {}),
            }
            for item in principle.items
        ],
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
        "title": playbook_title(site, lang),
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
        "principles": [
            _principle_record(principle, lang, site.languages.source) for principle in principles
        ],
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
    for entry in ("entry_v1", "entry_v2"):
        definitions[entry]["properties"]["note"]["maxLength"] = LIMITS["note"]
    definitions["entry_v2"]["properties"]["owner"]["maxLength"] = LIMITS["owner"]
    for field in ("municipality", "section", "author"):
        definitions["assessment"]["properties"]["about"]["properties"][field]["maxLength"] = LIMITS[
            "about"
        ]
    found["properties"]["assessments"]["maxItems"] = LIMITS["assessments"]
    definitions["assessment"]["properties"]["items"]["maxProperties"] = LIMITS["items"]
    return found


#: What each column of the checklist holds, in the order of :data:`ui_text.COLUMNS`: how the
#: browser reads a workbook or CSV back, whichever language its headers are in.
COLUMN_FIELDS: Final = (
    "pillar",
    "principle",
    "text",
    "roles",
    "state",
    "owner",
    "due",
    "note",
    "principle_id",
    "id",
)


def reading_labels(languages: Sequence[str]) -> dict[str, dict[str, str]]:
    """Every language's column headers, statuses and summary labels, each mapped to what it
    stands for, so that a file written in one language imports on a page of any other."""
    from dx_playbook.core.checklists.progress import STATES

    columns: dict[str, str] = {}
    states: dict[str, str] = {}
    about: dict[str, str] = {}
    for lang in languages:
        columns.update(zip(ui_text.COLUMNS[lang], COLUMN_FIELDS, strict=True))
        states.update(zip(ui_text.STATUSES[lang], STATES, strict=True))
        about.update({label: key for key, label in ui_text.about_labels(lang).items()})
    return {"columns": columns, "states": states, "about": about}


def workbook_settings(site: Site, lang: str, template: bytes) -> dict[str, Any]:
    """What the dashboard needs to fill the workbook of ``lang`` and to read files back: the
    build's own workbook (the one design, filled in the browser), its sheet names, and the
    labels of every language."""
    titles = _titles(lang)
    return {
        "template": base64.b64encode(template).decode("ascii"),
        "sheets": {"checklist": titles["sheet"], "summary": titles["summary"]},
        "fields": list(COLUMN_FIELDS),
        "about": list(SUMMARY_ABOUT),
        "total": SUMMARY_TOTAL,
        "lineChars": list(_LINE_CHARS),
        "summaryId": len(_SUMMARY_WIDTHS) - 1,
        "read": reading_labels(list(site.languages)),
    }


def downloads(site: Site, workbooks: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Every download file, by name inside ``downloads/``; ``workbooks`` are the checklist
    workbooks by language when already made."""
    files: dict[str, bytes] = {}
    for lang in site.languages:
        made = workbooks.get(lang) if workbooks else None
        files[CHECKLIST_XLSX.format(lang=lang)] = made or checklist_xlsx(site, lang)
        files[CHECKLIST_CSV.format(lang=lang)] = checklist_csv(site, lang)
        files[DATASET_JSON.format(lang=lang)] = dataset_json(site, lang)
    files[DATASET_SCHEMA] = _json_bytes(dataset_schema())
    files[ASSESSMENT_SCHEMA] = _json_bytes(assessment_schema())
    return files
