"""Hostile files for the dashboard's import (issue 18), in headless Chromium: zip bombs and zip
headers that lie, XML entities (billion laughs, external entities), sheets with a million rows
or cells at XFD1048576, HTML and script in cells, names that reach ``Object.prototype``,
relationships that point outside the package, encodings, and files that are not what their
names say.

What each must do: a bad file is refused with one message in the status line ("読み込めません
でした: … いまの記録は変わっていません。") and storage stays exactly as it was; a good file is
read as its writer meant; nothing from a file runs in the page; and the page always answers, in
seconds, with no uncaught error. The files are built here, byte by byte where a spreadsheet
program would never write them."""

from __future__ import annotations

import csv
import io
import json
import struct
import time
import zipfile
import zlib
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from tests.test_checklists_browser import PREFIX, box, confirm, export, open_page, records, storage
from tests.test_checklists_browser import status as status_line
from tests.test_workbook_browser import upload

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.checklists.progress import scopes
from dx_playbook.core.text import ui_text

pytestmark = pytest.mark.browser

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
COLUMNS = list(ui_text.COLUMNS["ja"])
EN_COLUMNS = list(ui_text.COLUMNS["en"])
REFUSED = "読み込めませんでした"
UNCHANGED = "いまの記録は変わっていません"
IMPORTED = "読み込みました"
NOT_WORKBOOK = "Excelのブック(.xlsx)として読めない"
NO_TABLE = "チェック項目の表が見つかりません"
SCRIPT = "HTMLやスクリプト"
MB = 1 << 20
#: How long a file may keep the page busy. The largest file the page accepts is 1 MiB, which
#: deflate can inflate to about 1 GB; reading it must still answer well within this.
ANSWER_WITHIN_MS = 30_000


@pytest.fixture(scope="session")
def model(playbook):
    return load_site(playbook.project_dir / "docs")


@pytest.fixture(scope="session")
def item(model) -> str:
    """An item of this edition: the first step of the start-here path, which the dashboard
    itself shows as a checkbox."""
    return scopes(model.principles_in("ja"))["start-here"][0]


@pytest.fixture
def dashboard(shared_tab, playbook_url, item, request):
    """The dashboard, with one item ticked beforehand (on the dashboard: one page load per
    test), so that "nothing changed" means something. Every test has its own document and
    empty storage in one shared tab (:class:`~tests.conftest.SharedTab`); after a test that
    failed, a new profile."""
    with shared_tab.lend(playbook_url.rstrip("/"), request) as page:
        open_page(page, playbook_url, "dashboard/")
        box(page, item).check()
        yield page


# --- Files ---------------------------------------------------------------------------------------


def letters(column: int) -> str:
    out, column = "", column + 1
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def cell(ref: str, value: str, *, raw: bool = False) -> str:
    """An inline string; ``raw`` puts ``value`` into the XML as it is (entities, markup)."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{value if raw else escape(value)}</t></is></c>'


def row(n: int, values: list[str]) -> str:
    return (
        f'<row r="{n}">'
        + "".join(cell(f"{letters(i)}{n}", v) for i, v in enumerate(values) if v)
        + "</row>"
    )


def item_row(n: int, item: str, state: str = "完了", *, owner: str = "", note: str = "") -> str:
    return row(n, ["", "", "", "", state, owner, "", note, "", item])


def particulars(name: str, record: str = "") -> list[str]:
    """The summary's lines a sheet may carry above its table: the name, and a record ID."""
    lines = [row(1, ["自己点検の名前", name])]
    if record:
        lines.append(row(2, ["記録ID", record]))
    return lines


def sheet(rows: list[str], prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    ).encode()


def shared_strings(strings: list[str], prolog: str = "") -> bytes:
    """Shared strings, each put into the XML as it is."""
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst xmlns="{MAIN}">{items}</sst>'.encode()
    )


def shared_row(n: int, state: int, note: int, item: int) -> str:
    """An item row whose state, note and ID are shared strings (by index)."""
    return (
        f'<row r="{n}"><c r="E{n}" t="s"><v>{state}</v></c><c r="H{n}" t="s"><v>{note}</v></c>'
        f'<c r="J{n}" t="s"><v>{item}</v></c></row>'
    )


def workbook_parts(
    *, sheet_name: str = "チェックリスト", target: str = "worksheets/sheet1.xml", mode: str = ""
) -> dict[str, bytes]:
    """The parts that say which sheets a workbook has: one sheet, at ``target``."""
    external = f' TargetMode="{mode}"' if mode else ""
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"/>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            f'<sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship '
            f'Id="rId1" Type="{RELS}/worksheet" Target={quoteattr(target)}{external}/>'
            "</Relationships>"
        ).encode(),
    }


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook(rows: list[str], *, prolog: str = "", strings: bytes | None = None, **parts) -> bytes:
    files = {**workbook_parts(**parts), "xl/worksheets/sheet1.xml": sheet(rows, prolog)}
    if strings is not None:
        files["xl/sharedStrings.xml"] = strings
    return zipped(files)


def table(name: str, item: str, *, record: str = "", **entry) -> bytes:
    """A workbook of one record: its name (and record ID), the header and one item."""
    top = particulars(name, record)
    n = len(top) + 1
    return workbook([*top, row(n, COLUMNS), item_row(n + 1, item, **entry)])


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def csv_line(item: str, state: str = "", *, owner: str = "", note: str = "") -> list[str]:
    return ["", "", "", "", state, owner, "", note, "", item]


# Zip files no zip library writes: entries whose headers say what their data is not.


def deflated_spaces(size: int, head: bytes = b"") -> bytes:
    """Raw deflate of ``head`` and then spaces, ``size`` bytes in all (about 1:1000)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk, left, out = b" " * MB, size - len(head), [packer.compress(head)]
    while left > 0:
        out.append(packer.compress(chunk[: min(left, MB)]))
        left -= MB
    out.append(packer.flush())
    return b"".join(out)


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of ``(name, data, method, claimed size)``: the local and central headers both
    claim that uncompressed size, whatever the data inflates to (no CRC either)."""
    local, central, offset = [], [], 0
    for name, data, method, claimed in entries:
        encoded = name.encode()
        # signature, versions, flags, method, time, date, CRC, sizes, name and extra lengths
        sizes = (0, len(data), claimed, len(encoded), 0)
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, *sizes)
        # ... and comment length, disk, attributes, offset of the local header
        tail = (0, 0, 0, 0, offset)
        entry = struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, *sizes, *tail
        )
        central.append(entry + encoded)
        local.append(head + encoded + data)
        offset += len(head) + len(encoded) + len(data)
    directory = b"".join(central)
    count = len(entries)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def stored(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return (name, data, 0, len(data))


def minimal_book(sheet_entry: tuple[str, bytes, int, int], *more) -> bytes:
    return raw_zip([*(stored(k, v) for k, v in workbook_parts().items()), sheet_entry, *more])


def zip64_with_entries(count: int) -> bytes:
    """128 bytes: a ZIP64 end record that claims ``count`` entries in a central directory that
    lies past the end of the file, its locator, and the ordinary end record that says "see
    ZIP64" (0xFFFF entries). Every entry a reader walks to is made of bytes that are not there."""
    zip64_end = struct.pack(
        "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, 0, 0x40000000
    )
    locator = struct.pack("<IIQI", 0x07064B50, 0, 30, 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return b"PK\x03\x04" + b"\0" * 26 + zip64_end + locator + end


LAUGHS = (
    '<!DOCTYPE {root} [<!ENTITY a0 "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
PASSWD = '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PARAMETER = '<!DOCTYPE {root} [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'


# --- Checks --------------------------------------------------------------------------------------


def answer(page, name: str, content: bytes, kind: str, timeout: int) -> float:
    """Uploads the file and waits until the page answers: a message in the status line, or
    the question whether to replace a record; the seconds it took. (The status line is
    emptied first, so that the last file's message is not taken for this one's.)"""
    status = status_line(page)
    status.evaluate("(node) => { node.textContent = ''; }")
    started = time.monotonic()
    upload(page, name, content, kind)
    said = status.locator("xpath=self::*[normalize-space(.) != '']")
    asking = page.locator("dialog[data-dxp-dialog][open]")
    try:
        said.or_(asking).first.wait_for(timeout=timeout)
    except PlaywrightTimeoutError:
        pytest.fail(f"{name}: the page did not answer within {timeout / 1000:.0f} s (it hangs)")
    return time.monotonic() - started


def refused(
    page,
    name: str,
    content: bytes,
    message: str,
    *,
    kind: str = "application/octet-stream",
    timeout: int = ANSWER_WITHIN_MS,
) -> str:
    """The file is refused with ``message`` and storage is exactly as it was; the status text."""
    before = storage(page)
    answer(page, name, content, kind, timeout)
    expect(status_line(page)).to_contain_text(REFUSED)
    text = status_line(page).inner_text()
    assert message in text, text[:300]
    assert UNCHANGED in text, text[:300]
    assert storage(page) == before, f"{name} changed storage"
    assert page.js_errors == []
    return text


def accepted(
    page, name: str, content: bytes, *, kind: str = "application/octet-stream"
) -> dict[str, dict]:
    """The file is imported (a new record, or one it replaces after asking); the records."""
    answer(page, name, content, kind, ANSWER_WITHIN_MS)
    if page.locator("dialog[data-dxp-dialog]").is_visible():
        confirm(page)
    expect(status_line(page)).to_contain_text(IMPORTED)
    assert page.js_errors == []
    return records(page)


def named(found: dict[str, dict], name: str) -> dict:
    (record,) = [r for r in found.values() if r["name"] == name]
    return record


def prototype_untouched(page) -> None:
    assert (
        page.evaluate(
            "() => Object.getOwnPropertyNames(Object.prototype).filter((k) => !["
            "'constructor','__defineGetter__','__defineSetter__','hasOwnProperty',"
            "'__lookupGetter__','__lookupSetter__','isPrototypeOf','propertyIsEnumerable',"
            "'toString','valueOf','__proto__','toLocaleString'].includes(k))"
        )
        == []
    )
    assert page.evaluate("() => ({}).state === undefined && ({}).items === undefined")


# --- Zip bombs and zip headers that lie ----------------------------------------------------------


def test_a_part_that_says_it_is_300_mb_is_refused_at_once(dashboard, item):
    content = minimal_book(
        ("xl/sharedStrings.xml", deflated_spaces(300 * MB), 8, 300 * MB),
        stored("xl/worksheets/sheet1.xml", sheet([row(1, COLUMNS), item_row(2, item)])),
    )
    assert len(content) < MB
    refused(dashboard, "honest-bomb.xlsx", content, NOT_WORKBOOK, timeout=10_000)


@pytest.mark.parametrize(
    ("part", "inflates_to"),
    [("xl/sharedStrings.xml", 300 * MB), ("xl/worksheets/sheet1.xml", 900 * MB)],
    ids=["shared-strings-300MB", "sheet-900MB"],
)
def test_a_part_that_lies_about_its_size_is_refused_in_bounded_time(
    dashboard, item, part, inflates_to
):
    """The headers claim 1 000 bytes; the data inflates to hundreds of MB. fflate fills the
    1 000 bytes it was told of and throws the rest away, so nothing big is kept."""
    entries = [(part, deflated_spaces(inflates_to, b"<sst>"), 8, 1000)]
    if part != "xl/worksheets/sheet1.xml":
        entries.append(
            stored("xl/worksheets/sheet1.xml", sheet([row(1, COLUMNS), item_row(2, item)]))
        )
    content = minimal_book(*entries)
    assert len(content) < MB
    refused(dashboard, "liar.xlsx", content, NOT_WORKBOOK)


def test_parts_that_together_pass_32_mb_are_refused(dashboard):
    sheets = [
        (f"xl/worksheets/sheet{n}.xml", deflated_spaces(7 * MB), 8, 7 * MB) for n in range(1, 6)
    ]
    refused(dashboard, "many.xlsx", minimal_book(*sheets), NOT_WORKBOOK)


def test_a_part_that_claims_4_gb_is_refused(dashboard):
    content = minimal_book(("xl/worksheets/sheet1.xml", deflated_spaces(MB), 8, 0xFFFFFFFF))
    refused(dashboard, "4gb.xlsx", content, NOT_WORKBOOK)


@pytest.mark.timeout(60)
def test_a_zip_that_claims_four_billion_entries_does_not_hang_the_page(dashboard):
    """A 128-byte file. fflate's unzipSync walks as many central directory entries as the ZIP64
    end record claims (2**32 - 1), calling the import's filter for each one, past the end of
    the data; about 0.6 µs an entry in Chromium, some forty minutes with the page frozen.
    (While the page is frozen, Playwright's own waits do not always end on time: the shorter
    time limit of this test is what then ends it.)"""
    content = zip64_with_entries(0xFFFFFFFF)
    assert len(content) == 128
    refused(dashboard, "endless.xlsx", content, NOT_WORKBOOK, timeout=20_000)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.xlsx", zipped({})),
        ("header-only.xlsx", b"PK\x03\x04" + b"\0" * 100),
        ("json.xlsx", b'{"format": "dx-playbook-assessments", "schema_version": 2}'),
        ("text.xlsx", "項目ID,状態\r\nx,完了\r\n".encode()),
    ],
    ids=["empty-zip", "local-header-only", "json-named-xlsx", "csv-named-xlsx"],
)
def test_files_named_xlsx_that_are_no_workbook_are_refused(dashboard, name, content):
    refused(dashboard, name, content, NOT_WORKBOOK)


# --- XML entities --------------------------------------------------------------------------------


def raw_note_row(n: int, item: str, note_xml: str) -> str:
    """An item row whose note is put into the XML as it is (an entity reference, markup)."""
    return (
        f'<row r="{n}">{cell(f"E{n}", "完了")}{cell(f"H{n}", note_xml, raw=True)}'
        f"{cell(f'J{n}', item)}</row>"
    )


def test_billion_laughs_in_a_sheet_is_refused(dashboard, item):
    rows = [row(1, COLUMNS), raw_note_row(2, item, "&a9;")]
    content = workbook(rows, prolog=LAUGHS.format(root="worksheet"))
    refused(dashboard, "lol.xlsx", content, NOT_WORKBOOK)


def test_billion_laughs_in_the_shared_strings_is_refused(dashboard, item):
    strings = shared_strings(["完了", "&a9;", item], LAUGHS.format(root="sst"))
    content = workbook([row(1, COLUMNS), shared_row(2, 0, 1, 2)], strings=strings)
    refused(dashboard, "lol-strings.xlsx", content, NOT_WORKBOOK)


def _passwd_in_sheet(item: str, prolog: str) -> bytes:
    rows = [*particulars("xxe"), row(2, COLUMNS), raw_note_row(3, item, "&xxe;")]
    return workbook(rows, prolog=prolog.format(root="worksheet"))


def _passwd_in_strings(item: str) -> bytes:
    strings = shared_strings(["完了", "&xxe;", item], PASSWD.format(root="sst"))
    return workbook([*particulars("xxe"), row(2, COLUMNS), shared_row(3, 0, 1, 2)], strings=strings)


@pytest.mark.parametrize("where", ["sheet", "shared-strings", "parameter-entity"])
def test_an_external_entity_never_brings_a_local_file_into_storage(dashboard, item, where):
    content = {
        "sheet": lambda: _passwd_in_sheet(item, PASSWD),
        "shared-strings": lambda: _passwd_in_strings(item),
        "parameter-entity": lambda: _passwd_in_sheet(item, PARAMETER),
    }[where]()
    answer(dashboard, "xxe.xlsx", content, "application/octet-stream", ANSWER_WITHIN_MS)
    if dashboard.locator("dialog[data-dxp-dialog]").is_visible():
        confirm(dashboard, accept=False)
    saved = json.dumps(storage(dashboard), ensure_ascii=False)
    assert "root:" not in saved
    assert "/bin/" not in saved
    assert "root:" not in status_line(dashboard).inner_text()
    assert dashboard.js_errors == []


@pytest.mark.parametrize(
    "doctype",
    [
        PASSWD,
        '<!DOCTYPE {root} [<!ENTITY e "from an entity">]>',
        '<!DOCTYPE {root} [<!ENTITY e "<b>markup</b>">]>',
        '<!DOCTYPE {root} SYSTEM "file:///etc/passwd">',
    ],
    ids=["external-entity", "internal-entity", "markup-entity", "external-dtd"],
)
def test_a_part_with_a_doctype_is_refused(dashboard, item, doctype):
    """No spreadsheet program writes a DTD into a workbook, and the package format tells its
    readers to treat one as an error (ECMA-376 Part 2, XML usage, rule M1.18: "DTD declarations
    shall not be used", a mitigation of entity expansion). Today Chromium's parser expands an
    internal entity and drops an external one without a word, so the file is imported with a
    note that says something other than the cell did, or nothing."""
    note = "&xxe;" if "xxe" in doctype else "&e;" if "ENTITY" in doctype else "x"
    rows = [*particulars("doctype"), row(2, COLUMNS), raw_note_row(3, item, note)]
    content = workbook(rows, prolog=doctype.format(root="worksheet"))
    refused(dashboard, "doctype.xlsx", content, NOT_WORKBOOK)


def test_xml_nested_a_hundred_thousand_deep_is_refused(dashboard, item):
    deep = "<a>" * 100_000 + "x" + "</a>" * 100_000
    rows = [row(1, COLUMNS), raw_note_row(2, item, deep)]
    refused(dashboard, "deep.xlsx", workbook(rows), NOT_WORKBOOK)


# --- Sheets of odd shapes ------------------------------------------------------------------------


def test_a_million_empty_rows_before_the_item_are_read_in_seconds(dashboard, item):
    rows = [
        *particulars("million"),
        row(2, COLUMNS),
        "<row/>" * 1_000_000,
        item_row(1_000_003, item, note="after a million rows"),
    ]
    content = workbook(rows)
    started = time.monotonic()
    found = named(accepted(dashboard, "million.xlsx", content), "million")
    assert time.monotonic() - started < 20
    assert found["items"] == {item: {"state": "done", "note": "after a million rows"}}


def test_cells_far_out_at_xfd1048576_and_beyond_are_ignored(dashboard, item):
    script = "<img src=x onerror=window.__dxpXss=1>"
    rows = [
        *particulars("far"),
        row(2, COLUMNS),
        # 200 000 cells without a reference after J3 (they take K, L, ... in turn), then two
        # far beyond the 200 columns the import reads
        f'<row r="3">{cell("E3", "完了")}{cell("J3", item)}'
        + '<c t="inlineStr"><is><t>x</t></is></c>' * 200_000
        + f"{cell('XFD3', script)}{cell('A' * 400 + '3', script)}</row>",
        f'<row r="1048576">{cell("XFD1048576", script)}</row>',
    ]
    found = named(accepted(dashboard, "far.xlsx", workbook(rows)), "far")
    assert found["items"] == {item: {"state": "done"}}
    assert dashboard.evaluate("() => window.__dxpXss") is None
    assert dashboard.locator("img[src=x]").count() == 0


# --- What cells hold -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("note", "<img src=x onerror=window.__dxpXss=1>"),
        ("note", "javascript:window.__dxpXss=1"),
        ("note", "<svg/onload=window.__dxpXss=1>"),
        ("owner", "<script>window.__dxpXss=1</script>"),
        ("name", "<iframe src=javascript:window.__dxpXss=1>"),
        ("municipality", '<a href="x" onclick="window.__dxpXss=1">町</a>'),
    ],
)
def test_script_in_any_cell_is_refused(dashboard, item, field, value):
    top = [row(1, ["自己点検の名前", value if field == "name" else "script"])]
    if field == "municipality":
        top.append(row(2, ["団体名", value]))
    entry = {"note": value} if field == "note" else {"owner": value} if field == "owner" else {}
    rows = [*top, row(3, COLUMNS), item_row(4, item, **entry)]
    refused(dashboard, "script.xlsx", workbook(rows), SCRIPT)
    assert dashboard.evaluate("() => window.__dxpXss") is None


def test_html_that_is_let_through_is_shown_as_text_everywhere(dashboard, playbook_url, model, item):
    """Markup that is no script (bold, a link without javascript:, a table) may be kept as a
    note's text; wherever a note or owner is shown it stays text, never elements."""
    note = '<b data-dxp-xss="1">bold</b><a data-dxp-xss="2" href="https://example.invalid/">x</a>'
    owner = '<i data-dxp-xss="3">課</i>'
    rows = [
        *particulars("html", "html"),
        row(3, COLUMNS),
        item_row(4, item, "対応中", owner=owner, note=note),
    ]
    found = accepted(dashboard, "html.xlsx", workbook(rows))["html"]
    assert found["items"][item] == {"state": "doing", "owner": owner, "note": note}
    principle = next(p.id for p in model.principles_in("ja") if item in {i.id for i in p.items})
    for path in (f"principles/{principle}/", "dashboard/", "checklist/"):
        open_page(dashboard, playbook_url, path)
        assert dashboard.locator("[data-dxp-xss]").count() == 0, path
    open_page(dashboard, playbook_url, f"principles/{principle}/")
    expect(dashboard.locator(f"#dxp-note-{item}-text")).to_have_value(note)
    dashboard.goto(playbook_url + "report/")
    expect(dashboard.locator("[data-dxp-report]")).to_be_visible()
    assert dashboard.locator("[data-dxp-xss]").count() == 0
    assert dashboard.js_errors == []


@pytest.mark.parametrize(
    ("field", "length", "ok"),
    [("note", 2000, True), ("note", 2001, False), ("owner", 80, True), ("owner", 81, False)],
)
def test_a_note_or_owner_longer_than_the_limit_is_refused(dashboard, item, field, length, ok):
    value = "あ" * length
    content = table("limit", item, **{field: value})
    if ok:
        assert (
            named(accepted(dashboard, "limit.xlsx", content), "limit")["items"][item][field]
            == value
        )
    else:
        limit = {"note": 2000, "owner": 80}[field]
        refused(dashboard, "limit.xlsx", content, f"{limit}文字まで")


def test_excels_escaped_carriage_returns_are_read_as_line_breaks(dashboard, item):
    """Excel stores a character XML 1.0 cannot hold as _xHHHH_ (ECMA-376 Part 1, 22.4.2.4 and
    22.9.2.19 ST_Xstring): a line break that came with CR LF into a cell is "_x000D_\\n" in the
    shared strings, and a literal "_x000D_" typed into a cell is "_x005F_x000D_"."""
    strings = shared_strings(["完了", "一行目_x000D_\n二行目 _x005F_x000D_ のまま", item])
    content = workbook(
        [*particulars("escaped"), row(2, COLUMNS), shared_row(3, 0, 1, 2)], strings=strings
    )
    found = named(accepted(dashboard, "escaped.xlsx", content), "escaped")
    assert found["items"][item]["note"] == "一行目\n二行目 _x000D_ のまま"


def test_a_control_character_from_a_csv_does_not_break_the_excel_export(dashboard, item):
    """A vertical tab (what some programs put for a line break inside a cell) or another C0
    control in a CSV note. Either the import refuses it, or the record it makes saves to a
    workbook that Excel (here openpyxl) opens and that this page reads back."""
    content = csv_bytes([
        ["自己点検の名前", "ctrl"], ["記録ID", "ctrl"], [], COLUMNS,
        csv_line(item, "完了", note="一行目\v二行目\x01"),
    ])  # fmt: skip
    answer(dashboard, "ctrl.csv", content, "text/csv", ANSWER_WITHIN_MS)
    if REFUSED in status_line(dashboard).inner_text():
        assert dashboard.js_errors == []
        return
    expect(status_line(dashboard)).to_contain_text(IMPORTED)
    _, book = export(dashboard, "export-xlsx")
    try:
        openpyxl.load_workbook(io.BytesIO(book))
    except Exception as error:  # the XML of the sheet is not well-formed
        pytest.fail(f"the exported workbook does not open: {error!r}")
    assert accepted(dashboard, "ctrl.xlsx", book)["ctrl"]["items"][item]["state"] == "done"


# --- Names that reach Object.prototype, and IDs that are paths -----------------------------------


@pytest.mark.parametrize("bad", ["__proto__", "../../x", "Constructor", "a" * 65])
def test_an_item_id_that_is_no_id_is_refused(dashboard, bad):
    refused(dashboard, "id.xlsx", table("ids", bad), "「項目ID」")
    prototype_untouched(dashboard)


def test_items_named_like_object_properties_are_items_like_any_other(dashboard, playbook_url):
    names = ["constructor", "prototype", "hasownproperty", "tostring", "valueof"]
    rows = [*particulars("proto"), row(2, COLUMNS)]
    rows += [item_row(3 + i, name, "対応中", note=name) for i, name in enumerate(names)]
    found = named(accepted(dashboard, "proto.xlsx", workbook(rows)), "proto")
    assert found["items"] == {name: {"state": "doing", "note": name} for name in names}
    expect(status_line(dashboard)).to_contain_text("この版にない項目が5件")
    prototype_untouched(dashboard)
    open_page(dashboard, playbook_url, "dashboard/")  # read back from storage, not set aside
    assert not [k for k in storage(dashboard) if ":quarantine:" in k]
    assert named(records(dashboard), "proto")["items"] == found["items"]
    assert dashboard.js_errors == []


@pytest.mark.parametrize("record", ["__proto__", "../../x", "a:b", "/etc/passwd", "x" * 65])
def test_a_record_id_that_is_no_id_makes_a_new_record_under_a_fresh_id(dashboard, item, record):
    """A file that names no usable record is read like the blank workbook filled in by hand:
    a new record, under an ID of the page's own; nothing is written under the name given."""
    before = set(records(dashboard))
    found = accepted(dashboard, "rec.xlsx", table("rec", item, record=record))
    (new,) = set(found) - before
    assert new != record
    assert found[new]["name"] == "rec"
    assert PREFIX + "a:" + record not in storage(dashboard)
    prototype_untouched(dashboard)


def test_a_record_id_named_like_an_object_property_is_a_record_like_any_other(
    dashboard, playbook_url, item
):
    found = accepted(dashboard, "rec.xlsx", table("ctor", item, record="constructor"))
    assert found["constructor"]["items"] == {item: {"state": "done"}}
    open_page(dashboard, playbook_url, "dashboard/")
    assert records(dashboard)["constructor"]["name"] == "ctor"
    assert not [k for k in storage(dashboard) if ":quarantine:" in k]
    prototype_untouched(dashboard)
    assert dashboard.js_errors == []


@pytest.mark.parametrize("state", ["__proto__", "constructor", "toString", "hasOwnProperty"])
def test_a_state_named_like_an_object_property_is_refused(dashboard, item, state):
    refused(dashboard, "state.xlsx", table("state", item, state=state), "「状態」")


def test_labels_named_like_object_properties_are_not_particulars(dashboard, item):
    rows = [
        row(1, ["__proto__", "polluted"]),
        row(2, ["constructor", "polluted"]),
        row(3, ["自己点検の名前", "labels"]),
        row(4, COLUMNS),
        item_row(5, item),
    ]
    found = named(accepted(dashboard, "labels.xlsx", workbook(rows)), "labels")
    assert "polluted" not in json.dumps(found)
    prototype_untouched(dashboard)


# --- Relationships that point outside the package ------------------------------------------------


@pytest.mark.parametrize(
    ("target", "mode", "message"),
    [
        ("../../etc/passwd", "", NO_TABLE),
        ("/etc/passwd", "", NO_TABLE),
        ("file:///etc/passwd", "External", NO_TABLE),
        ("worksheets/../../../sheet1.xml", "", NO_TABLE),
        ("/__proto__", "", NOT_WORKBOOK),
        ("/constructor", "", NOT_WORKBOOK),
        ("/hasOwnProperty", "", NOT_WORKBOOK),
    ],
)
def test_a_sheet_relationship_outside_the_package_finds_no_sheet(
    dashboard, item, target, mode, message
):
    files = {
        **workbook_parts(target=target, mode=mode),
        "xl/worksheets/sheet1.xml": sheet([row(1, COLUMNS), item_row(2, item)]),
    }
    refused(dashboard, "rels.xlsx", zipped(files), message)
    prototype_untouched(dashboard)


# --- Labels, encodings, and files that are not what their names say ------------------------------


def test_english_labels_on_the_japanese_page_are_read(dashboard, item, model):
    second = model.principles_in("ja")[0].items[1].id
    rows = [
        *particulars("english"),
        row(2, EN_COLUMNS),
        item_row(3, item, "Done"),
        item_row(4, second, "in progress", owner="Planning"),
    ]
    found = named(accepted(dashboard, "english.xlsx", workbook(rows)), "english")
    assert found["items"] == {
        item: {"state": "done"},
        second: {"state": "doing", "owner": "Planning"},
    }
    mixed = csv_bytes([
        ["自己点検の名前", "mixed"], [], COLUMNS, csv_line(item, "Not applicable"),
        csv_line(second, "ＤＯＮＥ"),
    ])  # fmt: skip
    found = named(accepted(dashboard, "mixed.csv", mixed, kind="text/csv"), "mixed")
    assert found["items"] == {item: {"state": "na"}, second: {"state": "done"}}


def test_a_csv_with_a_bom_and_crlf_inside_quoted_notes_is_read(dashboard, item):
    note = '一行目\r\n二行目\r\n"引用", カンマ\r\n'
    content = "\ufeff".encode() + csv_bytes([
        ["自己点検の名前", "bom"], [], COLUMNS, csv_line(item, "完了", note=note),
    ])  # fmt: skip
    found = named(accepted(dashboard, "bom.csv", content, kind="text/csv"), "bom")
    assert found["items"][item] == {"state": "done", "note": '一行目\n二行目\n"引用", カンマ'}


def test_a_shift_jis_csv_with_half_width_katakana_is_read(dashboard, item):
    content = csv_bytes(
        [
            ["自己点検の名前", "ｼﾌﾄJIS"], [], COLUMNS,
            csv_line(item, "対応中", owner="ｿｳﾑｶ", note="ﾃｽﾄ ﾒﾓ ｱｲｳｴｵ ①"),
        ],
        "cp932",
    )  # fmt: skip
    found = named(accepted(dashboard, "sjis.csv", content, kind="text/csv"), "ｼﾌﾄJIS")
    assert found["items"][item] == {"state": "doing", "owner": "ｿｳﾑｶ", "note": "ﾃｽﾄ ﾒﾓ ｱｲｳｴｵ ①"}


def test_a_utf8_csv_without_a_bom_stays_utf8_though_it_reads_as_shift_jis_too(dashboard, item):
    """Google Sheets and LibreOffice save UTF-8 without a BOM. "José ñ" is then bytes that
    Shift_JIS reads too, as "Josﾃｩ ﾃｱ"; UTF-8 that decodes is taken for UTF-8. (The other
    side of the coin: a Shift_JIS file of ASCII and half-width katakana alone, such as "ﾃｱ"
    under English headers, happens to be valid UTF-8 and is read as "ñ". The bytes cannot
    tell the two apart; UTF-8 first is the choice that is right far more often.)"""
    content = csv_bytes(
        [["Self-assessment name", "utf8"], [], EN_COLUMNS, csv_line(item, "Done", note="José ñ")]
    )
    assert content.decode("shift_jis") != content.decode("utf-8")  # the trap
    found = named(accepted(dashboard, "utf8.csv", content, kind="text/csv"), "utf8")
    assert found["items"][item]["note"] == "José ñ"


def test_a_json_file_named_csv_is_read_as_json(dashboard, item):
    content = json.dumps({
        "format": "dx-playbook-assessments", "schema_version": 2,
        "assessments": [{"schema": 2, "id": "from-json", "name": "json", "items": {item: {"state": "done"}}}],
    }).encode()  # fmt: skip
    found = accepted(dashboard, "really-json.csv", content, kind="text/csv")
    assert found["from-json"]["items"] == {item: {"state": "done"}}


def test_a_workbook_named_csv_is_read_as_a_workbook(dashboard, item):
    found = accepted(dashboard, "really-xlsx.csv", table("zip", item), kind="text/csv")
    assert named(found, "zip")["items"] == {item: {"state": "done"}}


@pytest.mark.parametrize(
    "content", [b"", b" \r\n\t\r\n", "\ufeff".encode()], ids=["empty", "blank", "bom-only"]
)
def test_an_empty_csv_is_refused(dashboard, content):
    refused(dashboard, "empty.csv", content, "ファイルが空です", kind="text/csv")


def test_a_csv_of_a_million_commas_is_refused_in_seconds(dashboard):
    refused(dashboard, "commas.csv", b"," * (MB - 16), NO_TABLE, kind="text/csv", timeout=20_000)


# --- Messages ------------------------------------------------------------------------------------


def test_a_sheet_name_with_markup_is_shown_as_text_in_the_message(dashboard, item):
    name = "<img src=x onerror=window.__dxpXss=1>"
    content = workbook([row(1, COLUMNS), item_row(2, item, "済み")], sheet_name=name)
    text = refused(dashboard, "named.xlsx", content, "「状態」")
    assert f"「{name[:31]}」" in text, "shown as text (as long as Excel allows a sheet name)"
    assert dashboard.locator("img[src=x]").count() == 0
    assert dashboard.evaluate("() => window.__dxpXss") is None


def test_a_sheet_name_of_200000_characters_gives_a_message_one_can_read(dashboard, item):
    """Excel allows 31 characters in a sheet name; a file may say anything. The status line is
    a live region: a screen reader reads all of it."""
    content = workbook([row(1, COLUMNS), item_row(2, item, "済み")], sheet_name="長" * 200_000)
    text = refused(dashboard, "long.xlsx", content, "「状態」")
    assert len(text) < 500, f"a message of {len(text)} characters"


def test_a_file_name_that_looks_like_html_does_not_block_a_good_file(dashboard, item):
    """A file names its record only when its summary does not: the file name is a fallback.
    A good file is not refused for its name, with a message about ".name" the reader cannot
    place; it imports under a name that is safe."""
    content = csv_bytes([COLUMNS, csv_line(item, "完了", note="by file name")])
    before = set(records(dashboard))
    found = accepted(dashboard, "<img src=x onerror=alert(1)>.csv", content, kind="text/csv")
    (new,) = set(found) - before
    assert found[new]["items"] == {item: {"state": "done", "note": "by file name"}}
    assert "<" not in found[new]["name"]
    assert all(key.startswith((PREFIX, "/")) for key in storage(dashboard))
