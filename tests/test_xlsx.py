"""The checklist workbook and the small SpreadsheetML writer behind it, read back with openpyxl
and as plain XML: every feature the download promises, and a package Excel opens."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from tests.factories import home, principle

from dx_playbook.core import exports, ui_text, xlsx
from dx_playbook.core.site import load_site

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EPOCH = "1767193200"  # 2025-12-31T15:00:00Z
ITEMS = [
    "=1+1 starts like a formula { #sample-formula }",
    "Read [the other page](other.md#why) and **act** { #sample-linked }",
    "@SUM(A1) `a<b>` & more { #sample-at }",
]
#: Rows as exports.checklist_rows gives them, with what a workbook must not take at face value.
HOSTILE_ROWS = [
    ["People", "p-1", '=HYPERLINK("http://x")', "p-1-a", "=1+1", "Leaders", "", ""],
    ["People", "p-1", "Plain", "p-1-b", "a\x00b\x1bc\x0bd\ufffe", "Leaders", "", ""],
    ["People", "p-1", "Plain", "p-1-c", "\x00=cmd|' /C calc'!A0", "Leaders", "", ""],
    ["People", "p-1", "Plain", "p-1-d", "  two spaces each side  ", "Leaders", "", ""],
    ["People", "p-1", "Plain", "p-1-e", '＝全角 _x0041_ <b> & "q"', "Leaders", "", ""],
    ["People", "p-1", "Plain", "p-1-f", "line one\r\nline two\ttab", "Leaders", "", ""],
]
#: Child order of <worksheet> in the schema (ECMA-376 Part 1, CT_Worksheet).
WORKSHEET_ORDER = [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
]
STYLESHEET_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
]
WORKBOOK_ORDER = [
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
]


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


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def assert_in_schema_order(element: ElementTree.Element, order: list[str]) -> None:
    children = [local(child.tag) for child in element]
    assert all(child in order for child in children), children
    positions = [order.index(child) for child in children]
    assert positions == sorted(positions), children


def hostile_workbook(monkeypatch, lang: str = "en") -> bytes:
    monkeypatch.setattr(exports, "checklist_rows", lambda _site, _lang: HOSTILE_ROWS)
    return exports.checklist_xlsx(object(), lang)  # type: ignore[arg-type]


# --- The package ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_part_parses_and_the_package_is_complete(site, lang):
    files = parts(exports.checklist_xlsx(site, lang))
    assert list(files) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/sharedStrings.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
    ]
    trees = {name: ElementTree.fromstring(content) for name, content in files.items()}
    overrides = {
        node.get("PartName"): node.get("ContentType")
        for node in trees["[Content_Types].xml"]
        if local(node.tag) == "Override"
    }
    assert {name.lstrip("/") for name in overrides} == {
        name for name in files if not name.endswith(".rels") and name != "[Content_Types].xml"
    }
    assert overrides["/xl/workbook.xml"].endswith("spreadsheetml.sheet.main+xml")
    for rels, base in (("_rels/.rels", ""), ("xl/_rels/workbook.xml.rels", "xl/")):
        targets = [base + node.get("Target", "") for node in trees[rels]]
        assert targets
        assert all(target in files for target in targets), targets


def test_parts_follow_the_schema_order(site):
    files = parts(exports.checklist_xlsx(site, "en"))
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        assert_in_schema_order(ElementTree.fromstring(files[name]), WORKSHEET_ORDER)
    sheet = ElementTree.fromstring(files["xl/worksheets/sheet1.xml"])
    assert [local(child.tag) for child in sheet] == [
        "sheetPr",
        "dimension",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
        "autoFilter",
        "dataValidations",
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
    ]
    styles = ElementTree.fromstring(files["xl/styles.xml"])
    assert_in_schema_order(styles, STYLESHEET_ORDER)
    fills = [fill[0].get("patternType") for fill in styles.find(f"{MAIN}fills") or []]
    assert fills[:2] == ["none", "gray125"]
    assert_in_schema_order(ElementTree.fromstring(files["xl/workbook.xml"]), WORKBOOK_ORDER)


def test_cells_are_shared_strings_never_formulas(monkeypatch):
    files = parts(hostile_workbook(monkeypatch))
    sheet = ElementTree.fromstring(files["xl/worksheets/sheet1.xml"])
    cells = list(sheet.iter(f"{MAIN}c"))
    assert not list(sheet.iter(f"{MAIN}f"))
    assert {cell.get("t") for cell in cells if cell.find(f"{MAIN}v") is not None} == {"s"}
    strings = ElementTree.fromstring(files["xl/sharedStrings.xml"])
    references = sum(cell.get("t") == "s" for cell in cells)
    about = ElementTree.fromstring(files["xl/worksheets/sheet2.xml"])
    references += sum(cell.get("t") == "s" for cell in about.iter(f"{MAIN}c"))
    assert strings.get("count") == str(references)
    assert strings.get("uniqueCount") == str(len(strings))


# --- Text ----------------------------------------------------------------------------------------


def test_text_reads_back_as_written_and_risky_text_keeps_its_quote_prefix(monkeypatch):
    sheet = load(hostile_workbook(monkeypatch)).worksheets[0]
    column = {row[3].value: row[4] for row in sheet.iter_rows(min_row=2)}
    assert column["p-1-a"].value == "=1+1"
    assert column["p-1-a"].data_type == "s"
    assert column["p-1-a"].quotePrefix is True
    assert sheet["C2"].value == '=HYPERLINK("http://x")'
    assert sheet["C2"].quotePrefix is True
    assert sheet["C3"].quotePrefix is False
    # Characters XML cannot hold are dropped; what is left is checked for formula starts.
    assert column["p-1-b"].value == "abcd"
    assert column["p-1-c"].value == "=cmd|' /C calc'!A0"
    assert column["p-1-c"].quotePrefix is True
    assert column["p-1-d"].value == "  two spaces each side  "
    assert column["p-1-d"].quotePrefix is False
    assert column["p-1-e"].value == '＝全角 _x0041_ <b> & "q"'
    assert column["p-1-e"].quotePrefix is True
    assert column["p-1-f"].value == "line one\r\nline two\ttab"
    assert column["p-1-f"].quotePrefix is False
    # Empty status and notes cells keep the body style (borders) and hold nothing.
    assert sheet["G2"].value is None
    assert sheet["G2"].border.left.style == "thin"


def test_raw_xml_escapes_excels_own_escapes_and_keeps_spaces(monkeypatch):
    strings = parts(hostile_workbook(monkeypatch))["xl/sharedStrings.xml"].decode("utf-8")
    # Excel reads _x0041_ as "A" unless its underscore is escaped.
    assert "_x005F_x0041_" in strings
    assert '<t xml:space="preserve">  two spaces each side  </t>' in strings
    assert "line one&#13;\nline two\ttab" in strings
    assert "\x00" not in strings
    assert "\x1b" not in strings


def test_drops_control_characters_it_cannot_store():
    assert exports.xml_safe("a\x00b\x1bc\td\n\r\ufffe") == "abc\td\n\r"
    assert xlsx.xml_safe("\x0b=1") == "=1"


# --- The checklist sheet -------------------------------------------------------------------------


def test_status_column_has_a_drop_down_with_prompt_and_error(site):
    sheet = load(exports.checklist_xlsx(site, "en")).worksheets[0]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Not started,In progress,Done,Not applicable"'
    assert str(validation.sqref) == "G2:G4"
    # showDropDown="1" would hide the in-cell arrow: it must be absent or false.
    assert not validation.showDropDown
    assert validation.allow_blank is True
    assert validation.showErrorMessage is True
    assert validation.showInputMessage is True
    assert validation.errorTitle == validation.promptTitle == "Status"
    assert validation.error == validation.prompt == "Not started, In progress, Done, Not applicable"
    ja = load(exports.checklist_xlsx(site, "ja")).worksheets[0]
    (validation,) = ja.data_validations.dataValidation
    assert validation.formula1 == '"' + ",".join(ui_text.STATUSES["ja"]) + '"'
    assert validation.prompt == "、".join(ui_text.STATUSES["ja"])


def test_the_checklist_sheet_is_the_active_one(site):
    files = parts(exports.checklist_xlsx(site, "en"))
    views = [
        ElementTree.fromstring(files[f"xl/worksheets/sheet{n}.xml"]).find(
            f"{MAIN}sheetViews/{MAIN}sheetView"
        )
        for n in (1, 2)
    ]
    assert [view.get("tabSelected") for view in views] == ["1", None]
    workbook = ElementTree.fromstring(files["xl/workbook.xml"])
    assert workbook.find(f"{MAIN}bookViews/{MAIN}workbookView").get("activeTab", "0") == "0"


def test_header_row_layout_and_styles(site):
    book = load(exports.checklist_xlsx(site, "en"))
    sheet = book.worksheets[0]
    assert sheet.title == "Checklist"
    assert book.active.title == "Checklist"
    assert [cell.value for cell in sheet[1]] == list(ui_text.COLUMNS["en"])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H4"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert widths == [11, 16, 24, 22, 50, 18, 11, 36]
    rows = exports.checklist_rows(site, "en")
    heights = [sheet.row_dimensions[n].height for n in range(2, len(rows) + 2)]
    assert heights == [exports._row_height(row) for row in rows]
    header = sheet["A1"]
    assert header.font.b is True
    assert header.font.sz == 10
    assert header.font.color.rgb.endswith("FFFFFF")
    assert header.fill.fill_type == "solid"
    assert header.fill.fgColor.rgb.endswith("303F9F")
    for cell in (header, sheet["E2"], sheet["H4"]):
        for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom):
            assert side.style == "thin"
            assert side.color.rgb.endswith("808080")
        assert cell.alignment.wrap_text is True
        assert cell.alignment.vertical == "top"
    body = sheet["E2"]
    assert body.font.sz == 10
    assert not body.font.b
    assert body.fill.fill_type in (None, "none")
    assert header.style == "dxp-header"
    assert body.style == "dxp-body"
    assert {"dxp-header", "dxp-body"} <= set(book.named_styles)


def test_checklist_prints_on_a4_landscape_one_page_wide_with_titles(site):
    sheet = load(exports.checklist_xlsx(site, "en")).worksheets[0]
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_options.horizontalCentered is True
    margins = sheet.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.5, 0.5, 0.6, 0.6)
    assert 0 < margins.header < margins.top
    assert 0 < margins.footer < margins.bottom
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
    assert sheet.auto_filter.ref == "A1:H1"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"


# --- The about sheet and the workbook ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_about_sheet_tells_edition_source_and_use(site, lang):
    about = load(exports.checklist_xlsx(site, lang)).worksheets[1]
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
    assert about.column_dimensions["A"].width == 110
    assert int(about.page_setup.paperSize) == 9
    assert about.page_setup.orientation == "portrait"
    assert int(about.page_setup.fitToWidth) == 1
    assert about.sheet_properties.pageSetUpPr.fitToPage is True


def test_workbook_properties_and_entries_carry_the_build_time(site, epoch):
    data = exports.checklist_xlsx(site, "ja")
    book = load(data)
    assert book.properties.title == "自治体DXプレイブック チェックリスト"
    assert book.properties.creator == "dx-playbook"
    assert book.properties.created == book.properties.modified == datetime(2025, 12, 31, 15)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    assert {entry.date_time for entry in entries} == {(2025, 12, 31, 15, 0, 0)}
    assert {entry.compress_type for entry in entries} == {zipfile.ZIP_DEFLATED}
    core = parts(data)["docProps/core.xml"].decode("utf-8")
    assert core.count(">2025-12-31T15:00:00Z</dcterms:") == 2


def test_same_source_date_epoch_gives_identical_bytes(site, epoch, monkeypatch):
    first = exports.checklist_xlsx(site, "ja")
    assert exports.checklist_xlsx(site, "ja") == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 60))
    assert exports.checklist_xlsx(site, "ja") != first


def test_zip_dates_before_1980_are_clamped(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    data = exports.checklist_xlsx(site, "en")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert b">1970-01-01T00:00:00Z</dcterms:modified>" in parts(data)["docProps/core.xml"]


def test_the_writer_needs_no_mkdocs_or_openpyxl():
    source = Path(xlsx.__file__).read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, flags=re.MULTILINE)
    assert not [name for name in imports if name.split(".")[0] in {"mkdocs", "openpyxl"}]
    exports_source = Path(exports.__file__).read_text(encoding="utf-8")
    assert "openpyxl" not in exports_source


# --- The writer on its own -----------------------------------------------------------------------


def book_of(*sheets: xlsx.Sheet) -> bytes:
    return xlsx.workbook(
        list(sheets), title="T & <t>", creator="me", moment=datetime(2024, 5, 6, 7, 8, 9)
    )


@pytest.mark.parametrize(
    ("title", "reference"),
    [
        ("Plain", "'Plain'!$1:$2"),
        ("Two words", "'Two words'!$1:$2"),
        ("It's mine", "'It''s mine'!$1:$2"),
        ("A&B <x>", "'A&amp;B &lt;x&gt;'!$1:$2"),
    ],
)
def test_print_titles_quote_the_sheet_name(title, reference):
    sheet = xlsx.Sheet(title, rows=[xlsx.Row(["a"]), xlsx.Row(["b"])])
    sheet = xlsx.Sheet(title, rows=sheet.rows, page=xlsx.PageSetup(repeat_rows=2))
    data = book_of(sheet)
    workbook_xml = parts(data)["xl/workbook.xml"].decode("utf-8")
    assert f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{reference}<' in workbook_xml
    loaded = load(data)
    assert loaded.sheetnames == [title]
    assert loaded.worksheets[0].print_title_rows == "$1:$2"


@pytest.mark.parametrize("title", ["", "a" * 32, "a/b", "x[1]", "'quoted'", "History", "a\x00"])
def test_unusable_sheet_names_are_refused(title):
    with pytest.raises(ValueError, match="sheet name"):
        book_of(xlsx.Sheet(title))


def test_duplicate_sheet_names_are_refused():
    with pytest.raises(ValueError, match="sheet name"):
        book_of(xlsx.Sheet("Same"), xlsx.Sheet("same"))


def test_list_choices_with_commas_are_refused():
    validation = xlsx.ListValidation(column=0, first_row=1, last_row=2, choices=["a,b", "c"])
    with pytest.raises(ValueError, match="commas"):
        book_of(xlsx.Sheet("S", rows=[xlsx.Row(["x"])], validations=[validation]))


def test_a_sheet_without_rows_or_strings_is_still_a_workbook():
    data = book_of(xlsx.Sheet("Empty"))
    files = parts(data)
    assert "xl/sharedStrings.xml" not in files
    assert b"sharedStrings" not in files["[Content_Types].xml"]
    for content in files.values():
        ElementTree.fromstring(content)
    loaded = load(data)
    assert loaded.properties.title == "T & <t>"
    assert loaded.worksheets[0].max_row == 1


def test_column_letters():
    assert [xlsx.column_letter(n) for n in (0, 7, 25, 26, 27, 701, 702)] == [
        "A",
        "H",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
