"""The checklist workbook (written with XlsxWriter), read back with openpyxl and as plain XML:
what an official sees when opening, filling in and printing it."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import openpyxl
import pytest
from tests.factories import home, principle

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.checklists.progress import plain_text
from dx_playbook.core.exports import exports
from dx_playbook.core.model import schema
from dx_playbook.core.text import ui_text
from dx_playbook.core.text.catalogue import catalogue

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EPOCH = "1767193200"  # 2025-12-31T15:00:00Z
ITEMS = [
    "=1+1 starts like a formula { #sample-formula }",
    "Read [the other page](other.md#why) and **act** { #sample-linked }",
    "@SUM(A1) `a<b>` & more { #sample-at }",
]
#: Rows as exports.checklist_rows gives them, with what a workbook must not take at face value.
HOSTILE_ROWS = [
    ["People", '=HYPERLINK("http://x")', "=1+1", "Leaders", "", "", "", "", "p-1", "p-1-a"],
    ["People", "Plain", "a\x00b\x1bc\x0bd\ufffe", "Leaders", "", "", "", "", "p-1", "p-1-b"],
    ["People", "Plain", "\x00=cmd|' /C calc'!A0", "Leaders", "", "", "", "", "p-1", "p-1-c"],
    ["People", "Plain", "  two spaces each side  ", "Leaders", "", "", "", "", "p-1", "p-1-d"],
    ["People", "Plain", '＝全角 _x0041_ <b> & "q"', "Leaders", "", "", "", "", "p-1", "p-1-e"],
    ["People", "Plain", "line one\r\nline two\ttab", "Leaders", "", "", "", "", "p-1", "p-1-f"],
]
#: Excel's own escape of a character inside text (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@pytest.fixture
def site(tmp_path):
    files = {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        "ja/principles/sample.md": principle("sample", "ja", items=ITEMS),
        "en/principles/sample.md": principle("sample", "en", title="-10% & more", items=ITEMS),
    }
    for name, text in files.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_site(tmp_path / "docs")


@pytest.fixture
def empty_site(tmp_path):
    for lang in ("ja", "en"):
        path = tmp_path / "docs" / lang / "index.md"
        path.parent.mkdir(parents=True)
        path.write_text(home(lang), encoding="utf-8")
    return load_site(tmp_path / "docs")


@pytest.fixture
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook_of(monkeypatch, rows: list[list[str]], lang: str = "en") -> bytes:
    monkeypatch.setattr(exports, "checklist_rows", lambda _site, _lang: rows)
    # Only the rows are read from the site, and whether a town's edition is built.
    return exports.checklist_xlsx(SimpleNamespace(edition=None), lang)  # type: ignore[arg-type]


def as_excel_reads(text: str) -> str:
    """``text`` of a string in the file as Excel shows it: its ``_xHHHH_`` escapes decoded."""
    return XSTRING_ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text)


def shared_strings(data: bytes) -> list[str]:
    """Every shared string as Excel reads it."""
    root = ElementTree.fromstring(parts(data)["xl/sharedStrings.xml"])
    return [
        as_excel_reads("".join(node.text or "" for node in item.iter(f"{MAIN}t")))
        for item in root.iter(f"{MAIN}si")
    ]


# --- Text, never formulas ------------------------------------------------------------------------


def test_cells_are_text_never_formulas(monkeypatch):
    data = workbook_of(monkeypatch, HOSTILE_ROWS)
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"):
        sheet = ElementTree.fromstring(parts(data)[name])
        assert not list(sheet.iter(f"{MAIN}f"))
        valued = [cell for cell in sheet.iter(f"{MAIN}c") if cell.find(f"{MAIN}v") is not None]
        assert valued
        assert {cell.get("t") for cell in valued} == {"s"}
    # The summary's only formulas are its own counts; no content reaches one.
    summary = ElementTree.fromstring(parts(data)["xl/worksheets/sheet2.xml"])
    formulas = [node.text or "" for node in summary.iter(f"{MAIN}f")]
    assert formulas
    assert all(re.fullmatch(r"(COUNTIFS?|SUM|IF)\(.*|B\d+-SUM\(D\d+:F\d+\)", f) for f in formulas)
    for sheet in (load(data).worksheets[0], load(data).worksheets[2]):
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert cells
        assert all(isinstance(cell.value, str) and cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("start", exports.FORMULA_STARTS)
def test_a_value_that_looks_like_a_formula_stays_text_when_edited(monkeypatch, start):
    rows = [
        ["People", "Plain", f"{start}1+1", "Leaders", "", "", "", "", "p-1", "p-1-a"],
        ["People", "Plain", f"x {start}1+1", "Leaders", "", "", "", "", "p-1", "p-1-b"],
    ]
    sheet = load(workbook_of(monkeypatch, rows)).worksheets[0]
    risky, plain = sheet["C2"], sheet["C3"]
    assert as_excel_reads(risky.value) == f"{start}1+1"
    assert risky.data_type == "s"
    assert risky.quotePrefix is True
    assert as_excel_reads(plain.value) == f"x {start}1+1"
    assert plain.quotePrefix is False
    # The quote prefix leaves the cell's look alone.
    assert risky.border.left.style == plain.border.left.style == "thin"
    assert risky.alignment.wrap_text is plain.alignment.wrap_text is True


def test_text_reads_back_as_written_and_risky_text_keeps_its_quote_prefix(monkeypatch):
    data = workbook_of(monkeypatch, HOSTILE_ROWS)
    sheet = load(data).worksheets[0]
    column = {row[9].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert column["p-1-a"].value == "=1+1"
    assert column["p-1-a"].data_type == "s"
    assert column["p-1-a"].quotePrefix is True
    assert sheet["B2"].value == '=HYPERLINK("http://x")'
    assert sheet["B2"].quotePrefix is True
    assert sheet["B3"].quotePrefix is False
    # Characters XML cannot hold are dropped; what is left is checked for formula starts.
    assert column["p-1-b"].value == "abcd"
    assert column["p-1-c"].value == "=cmd|' /C calc'!A0"
    assert column["p-1-c"].quotePrefix is True
    assert column["p-1-d"].value == "  two spaces each side  "
    assert column["p-1-d"].quotePrefix is False
    assert column["p-1-e"].value == '＝全角 _x0041_ <b> & "q"'
    assert column["p-1-e"].quotePrefix is True
    assert column["p-1-f"].quotePrefix is False
    # Excel's escapes decoded (openpyxl leaves the carriage return's _x000D_ as it is).
    strings = shared_strings(data)
    assert "line one\r\nline two\ttab" in strings
    assert '＝全角 _x0041_ <b> & "q"' in strings
    # Empty status, owner, due date and notes cells keep the body style (borders), hold nothing.
    for cell in ("E2", "F2", "G2", "H2"):
        assert sheet[cell].value is None
        assert sheet[cell].border.left.style == "thin"


def test_characters_xml_cannot_hold_are_removed(monkeypatch):
    data = workbook_of(monkeypatch, HOSTILE_ROWS)
    for content in parts(data).values():
        ElementTree.fromstring(content)  # every part is well-formed XML
    strings = parts(data)["xl/sharedStrings.xml"].decode("utf-8")
    for char in ("\x00", "\x0b", "\x1b", "\ufffe"):
        assert char not in strings
        # Not kept as Excel's escape either: they are gone.
        assert f"_X{ord(char):04X}_" not in strings.upper()
    assert exports.xml_safe("a\x00b\x1bc\td\n\r\ufffe\uffff") == "abc\td\n\r"
    assert exports.xml_safe("\x0b=1") == "=1"


def test_every_item_has_its_row_with_its_id_and_text(site):
    sheet = load(exports.checklist_xlsx(site, "en")).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    items = [item for p in site.principles_in("en") for item in p.items]
    assert [row[9] for row in rows] == [item.id for item in items]
    assert [row[2] for row in rows] == [plain_text(item.text) for item in items]
    assert [row[2] for row in rows] == [
        "=1+1 starts like a formula",
        "Read the other page and act",
        "@SUM(A1) a<b> & more",
    ]
    assert [(row[0], row[1], row[8]) for row in rows] == [("People", "-10% & more", "sample")] * 3
    assert {row[column] for row in rows for column in (4, 5, 6, 7)} == {None}


# --- The checklist sheet -------------------------------------------------------------------------


def test_status_column_has_a_drop_down_over_every_item_row(site):
    sheet = load(exports.checklist_xlsx(site, "en")).worksheets[0]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Not started,In progress,Done,Not applicable"'
    assert str(validation.sqref) == "E2:E4"
    # showDropDown="1" would hide the in-cell arrow: it must be absent or false.
    assert not validation.showDropDown
    assert validation.allow_blank is True
    assert validation.showErrorMessage is True
    assert validation.showInputMessage is True
    assert validation.errorStyle in (None, "stop")  # nothing else can be entered
    assert validation.errorTitle == validation.promptTitle == "Status"
    assert validation.error == validation.prompt == "Not started, In progress, Done, Not applicable"
    ja = load(exports.checklist_xlsx(site, "ja")).worksheets[0]
    (validation,) = ja.data_validations.dataValidation
    assert validation.formula1 == '"' + ",".join(ui_text.STATUSES["ja"]) + '"'
    assert validation.formula1 == '"未着手,対応中,完了,対象外"'
    assert validation.prompt == "、".join(ui_text.STATUSES["ja"])
    assert str(validation.sqref) == "E2:E4"


def test_the_checklist_sheet_is_the_active_one(site):
    book = load(exports.checklist_xlsx(site, "en"))
    assert book.active.title == "Checklist"
    assert [sheet.sheet_view.tabSelected for sheet in book.worksheets] == [True, None, None]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_header_row_layout_and_styles(site, lang):
    book = load(exports.checklist_xlsx(site, lang))
    sheet = book.worksheets[0]
    titles = exports._TITLES[lang]
    assert book.sheetnames == [titles["sheet"], titles["summary"], titles["about"]]
    assert [cell.value for cell in sheet[1]] == list(ui_text.COLUMNS[lang])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J4"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"]
    assert widths == list(exports._WIDTHS)
    rows = exports.checklist_rows(site, lang)
    heights = [sheet.row_dimensions[n].height for n in range(2, len(rows) + 2)]
    # Points, to the whole pixel (3/4 point) XlsxWriter stores.
    assert all(
        abs(height - exports._row_height(row)) <= 0.375
        for height, row in zip(heights, rows, strict=True)
    ), heights
    assert sheet.row_dimensions[1].height is None  # the header keeps the default height
    header = sheet["A1"]
    assert header.font.b is True
    assert header.font.sz == 10
    assert header.font.color.rgb.endswith("FFFFFF")
    assert header.fill.fill_type == "solid"
    assert header.fill.fgColor.rgb.endswith("303F9F")
    for cell in (header, sheet["H1"], sheet["E2"], sheet["H4"]):
        for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom):
            assert side.style == "thin"
            assert side.color.rgb.endswith("808080")
        assert cell.alignment.wrap_text is True
        assert cell.alignment.vertical == "top"
    body = sheet["E2"]
    assert body.font.sz == 10
    assert not body.font.b
    assert body.fill.fill_type in (None, "none")


def test_checklist_prints_on_a4_landscape_one_page_wide_with_titles(site):
    sheet = load(exports.checklist_xlsx(site, "en")).worksheets[0]
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # One page wide (1 is the default, so it may be left out), as many tall as needed.
    assert int(sheet.page_setup.fitToWidth or 1) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_options.horizontalCentered is True
    margins = sheet.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.5, 0.5, 0.6, 0.6)
    assert (margins.header, margins.footer) == (0.3, 0.3)
    assert sheet.oddHeader.center.text == "Municipal DX Playbook checklist"
    assert sheet.oddFooter.center.text == "&P / &N"


def test_header_doubles_ampersands_of_the_title(monkeypatch, site):
    monkeypatch.setitem(exports._TITLES["en"], "book", "Q&A checklist")
    files = parts(exports.checklist_xlsx(site, "en"))
    assert (
        b"<oddHeader>&amp;CQ&amp;&amp;A checklist</oddHeader>" in files["xl/worksheets/sheet1.xml"]
    )


def test_a_checklist_without_items_has_a_header_and_no_drop_down(empty_site):
    data = exports.checklist_xlsx(empty_site, "en")
    for content in parts(data).values():
        ElementTree.fromstring(content)
    sheet = load(data).worksheets[0]
    assert sheet.max_row == 1
    assert [cell.value for cell in sheet[1]] == list(ui_text.COLUMNS["en"])
    assert sheet.data_validations.dataValidation == []
    assert sheet.auto_filter.ref == "A1:J1"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"


# --- The about sheet and the workbook ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_about_sheet_tells_edition_source_and_use(site, lang):
    about = load(exports.checklist_xlsx(site, lang)).worksheets[2]
    assert about.title == exports._TITLES[lang]["about"]
    lines = [row[0].value for row in about.iter_rows()]
    assert lines == [
        exports._TITLES[lang]["book"],
        f"{'版' if lang == 'ja' else 'Edition'}: {exports.edition()}",
        exports.credit_line(lang),
        *exports._ABOUT[lang],
    ]
    assert about["A1"].font.sz == 14
    assert about["A1"].font.b is True
    assert not about["A2"].font.b
    assert all(row[0].alignment.wrap_text for row in about.iter_rows())
    assert all(row[0].alignment.vertical == "top" for row in about.iter_rows())
    assert about.column_dimensions["A"].width == 110
    assert int(about.page_setup.paperSize) == 9
    assert about.page_setup.orientation == "portrait"
    assert int(about.page_setup.fitToWidth or 1) == 1
    assert about.sheet_properties.pageSetUpPr.fitToPage is True
    margins = about.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.75, 0.75, 1, 1)


def test_workbook_properties_carry_the_build_time_and_entries_a_fixed_date(site, epoch):
    data = exports.checklist_xlsx(site, "ja")
    book = load(data)
    assert book.properties.title == "自治体DXプレイブック チェックリスト"
    assert book.properties.creator == "dx-playbook"
    assert book.properties.created == book.properties.modified == datetime(2025, 12, 31, 15)
    core = parts(data)["docProps/core.xml"].decode("utf-8")
    assert core.count(">2025-12-31T15:00:00Z</dcterms:") == 2
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    # XlsxWriter in memory dates every entry at the zip epoch, whatever the build time.
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}
    assert {entry.compress_type for entry in entries} == {zipfile.ZIP_DEFLATED}


def test_same_source_date_epoch_gives_identical_bytes(site, epoch, monkeypatch):
    first = exports.checklist_xlsx(site, "ja")
    assert exports.checklist_xlsx(site, "ja") == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 60))
    assert exports.checklist_xlsx(site, "ja") != first


def test_a_build_time_before_1980_still_makes_a_workbook(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    data = exports.checklist_xlsx(site, "en")
    assert b">1970-01-01T00:00:00Z</dcterms:modified>" in parts(data)["docProps/core.xml"]
    assert load(data).worksheets[0].max_row == 4


def test_the_exports_need_no_mkdocs_or_openpyxl():
    source = Path(exports.__file__).read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, flags=re.MULTILINE)
    assert "xlsxwriter" in imports
    assert not [name for name in imports if name.split(".")[0] in {"mkdocs", "openpyxl"}]


# --- The summary sheet ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_summary_counts_each_pillar_by_state_with_formulas_and_cached_figures(
    monkeypatch, lang
):
    pillars = [labels[lang] for labels in schema.PILLARS.values()]
    states = ui_text.STATUSES[lang]
    rows = [
        [pillars[0], "P", "one", "R", states[2], "", "", "", "p-1", "p-1-a"],
        [pillars[0], "P", "two", "R", states[1], "", "", "", "p-1", "p-1-b"],
        [pillars[0], "P", "three", "R", states[3], "", "", "", "p-1", "p-1-c"],
        [pillars[0], "P", "four", "R", "", "", "", "", "p-1", "p-1-d"],
        [pillars[1], "Q", "five", "R", states[0], "", "", "", "q-1", "q-1-a"],
    ]
    data = workbook_of(monkeypatch, rows, lang)
    sheet = load(data).worksheets[1]
    labels = [sheet.cell(row, 1).value for row in range(3, 10)]
    assert labels == list(ui_text.about_labels(lang).values())
    assert all(sheet.cell(row, 2).value is None for row in range(3, 10)), "filled in the browser"
    header = exports._SUMMARY_TABLE_ROW + 1
    assert [cell.value for cell in sheet[header]] == catalogue(lang)["exports"]["summary"][
        "columns"
    ]
    cached = {
        row[-1]: row[1:7]
        for row in openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        .worksheets[1]
        .iter_rows(min_row=header + 1, values_only=True)
        if row[-1]
    }
    assert list(cached) == [*schema.PILLARS, exports.SUMMARY_TOTAL]
    assert cached[next(iter(schema.PILLARS))] == (4, 1, 1, 1, 1, pytest.approx(1 / 3))
    assert cached[exports.SUMMARY_TOTAL] == (5, 2, 1, 1, 1, pytest.approx(1 / 4))
    first = sheet.cell(header + 1, 5).value
    assert first.startswith("=COUNTIFS(")
    assert f'"{states[2]}"' in first, "the states are counted by their label in this language"
    assert sheet.page_setup.paperSize == 9
