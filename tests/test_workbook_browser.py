"""The self-assessment as a spreadsheet, in headless Chromium (issue 18, steps 2 and 3): the
dashboard fills the build's workbook with the reader's record (hosted and from ``file://``),
openpyxl reads every item, the particulars and the pillar summary back, a workbook changed
by openpyxl (as a reader changes it in Excel) and a changed CSV import with those changes, and
bad files change nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from playwright.sync_api import expect
from tests.test_checklists_browser import (
    base,
    box,
    confirm,
    details,
    export,
    open_page,
    records,
    status,
    storage,
)

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.text import ui_text

pytestmark = pytest.mark.browser
__all__ = ["base"]  # the fixture: each test that takes it runs hosted and from file://

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="session")
def model(playbook):
    return load_site(playbook.project_dir / "docs")


def upload(page, name: str, content: bytes, kind: str = XLSX) -> None:
    page.locator("#dxp-import").set_input_files(
        files=[{"name": name, "mimeType": kind, "buffer": content}]
    )


def fill_item(page, item: str, state: str, *, owner: str = "", due: str = "", note: str = ""):
    details(page, item)
    page.locator(f"#dxp-note-{item}-state").select_option(state)
    for field, value in (("owner", owner), ("due", due), ("text", note)):
        if value:
            control = page.locator(f"#dxp-note-{item}-{field}")
            control.fill(value)
            control.blur()


def rows_by_id(sheet) -> dict[str, tuple]:
    return {row[-1]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[-1]}


def summary_of(sheet) -> tuple[dict[str, object], dict[str, tuple]]:
    """The particulars (label → value) and the pillar rows (pillar ID → counts) of a summary."""
    about, pillars = {}, {}
    for row in sheet.iter_rows(values_only=True):
        if row[0] and row[1] is not None and not isinstance(row[1], (int, float)):
            about[row[0]] = row[1]
        if row[-1] and isinstance(row[1], int):
            pillars[row[-1]] = row[1:7]
    return about, pillars


def test_the_workbook_holds_the_readers_record_and_imports_back_with_changes(
    page, base, model, tmp_path
):
    first, second = model.principles_in("ja")[:2]
    a, b, c, d = (item.id for item in first.items[:4])
    e = second.items[0].id
    open_page(page, base, f"principles/{first.id}/")
    fill_item(page, a, "doing", owner="情報政策係", due="2027-06-30", note="- 予算要求は10月")
    box(page, b).check()
    fill_item(page, c, "na", note="=当町には該当なし")
    fill_item(page, d, "doing", owner="総務課")
    open_page(page, base, f"principles/{second.id}/")
    fill_item(page, e, "done", note="庁議で報告済み\n次は研修")
    open_page(page, base, "dashboard/")
    for field, value in (("municipality", "架空町"), ("section", "総務課"), ("date", "2027-04-01")):
        page.locator(f"#dxp-about-{field}").fill(value)
        page.locator(f"#dxp-about-{field}").blur()
    (record,) = records(page).values()

    name, content = export(page, "export-xlsx")
    assert name.startswith("自己点検-")
    assert name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["チェックリスト", "集計", "説明"]
    sheet = book["チェックリスト"]
    rows = rows_by_id(sheet)
    ids = [item.id for p in model.principles_in("ja") for item in p.items]
    assert list(rows) == ids, "every item, in reading order, by its ID"
    assert rows[a][4:8] == ("対応中", "情報政策係", "2027-06-30", "- 予算要求は10月")
    assert rows[b][4:8] == ("完了", None, None, None)
    assert rows[c][4] == "対象外"
    assert rows[c][7] == "=当町には該当なし"
    assert sheet[f"H{ids.index(c) + 2}"].data_type == "s", "a note is text, never a formula"
    assert rows[e][7] == "庁議で報告済み\n次は研修"
    assert {rows[i][4] for i in ids if i not in (a, b, c, d, e)} == {"未着手"}
    # The build's design is kept: drop-down, frozen header, filter, A4 landscape.
    assert str(sheet.data_validations.dataValidation[0].sqref) == f"E2:E{len(ids) + 1}"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{len(ids) + 1}"
    assert sheet.page_setup.paperSize == 9
    assert sheet.page_setup.orientation == "landscape"
    assert "架空町 総務課" in sheet.oddHeader.left.text
    assert record["name"] in sheet.oddHeader.center.text
    about, _ = summary_of(book["集計"])
    assert about["自己点検の名前"] == record["name"]
    assert about["団体名"] == "架空町"
    assert about["部署"] == "総務課"
    assert about["実施日"] == "2027-04-01"
    assert about["記録ID"] == record["id"]
    # The pillar summary: formulas for Excel, and the figures cached for readers that do not
    # calculate (what openpyxl reads with data_only).
    cached = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["集計"]
    _, pillars = summary_of(cached)
    mine = pillars[first.pillar]
    total_in_pillar = sum(
        len(p.items) for p in model.principles_in("ja") if p.pillar == first.pillar
    )
    same = second.pillar == first.pillar
    assert mine[0] == total_in_pillar
    assert mine[2:5] == (2, 1 + (1 if same else 0), 1)  # in progress, done, not applicable
    assert pillars["total"][:5] == (len(ids), len(ids) - 5, 2, 2, 1)
    assert pillars["total"][5] == pytest.approx(2 / (len(ids) - 1))
    formulas = book["集計"]
    assert any(
        str(cell.value).startswith("=COUNTIFS(") for row in formulas.iter_rows() for cell in row
    )

    # Changed as a reader changes it in Excel: a status, a note, an owner; then imported back.
    sheet[f"E{ids.index(d) + 2}"] = "完了"
    sheet[f"H{ids.index(b) + 2}"] = "課長に報告済み"
    sheet[f"F{ids.index(e) + 2}"] = "企画課"
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    open_page(page, base, "dashboard/")
    upload(page, name, changed.read_bytes())
    confirm(page)  # it replaces the record it was exported from
    expect(status(page)).to_contain_text("1件の自己点検を読み込みました")
    items = records(page)[record["id"]]["items"]
    assert items[d] == {"state": "done", "owner": "総務課"}
    assert items[b] == {"state": "done", "note": "課長に報告済み"}
    assert items[e]["owner"] == "企画課"
    assert items[a] == record["items"][a], "what was not changed stays as it was"
    assert records(page)[record["id"]]["about"]["municipality"] == "架空町"
    open_page(page, base, f"principles/{first.id}/")
    assert box(page, d).is_checked()
    expect(page.locator(f"#dxp-note-{b}-text")).to_have_value("課長に報告済み")
    assert page.js_errors == []


def test_a_changed_csv_imports_back_and_so_does_a_shift_jis_one(page, playbook_url, model):
    first = model.principles_in("ja")[0]
    a, b = (item.id for item in first.items[:2])
    open_page(page, playbook_url, f"principles/{first.id}/")
    fill_item(page, a, "doing", owner="情報政策係", note="-先に庁内調整")
    open_page(page, playbook_url, "dashboard/")
    (record,) = records(page).values()
    name, content = export(page, "export-csv")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert lines[0] == ["自己点検の名前", record["name"]]
    assert ["記録ID", record["id"]] in lines
    header = lines.index(list(ui_text.COLUMNS["ja"]))
    by_id = {row[-1]: row for row in lines[header + 1 :]}
    assert by_id[a][7] == "'-先に庁内調整", "CSV keeps the formula guard"
    by_id[b][4] = "完了"
    by_id[b][7] = "予算要求済み"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    upload(page, name, buffer.getvalue().encode("utf-8"), "text/csv")
    confirm(page)
    expect(status(page)).to_contain_text("読み込みました")
    items = records(page)[record["id"]]["items"]
    assert items[a] == {"state": "doing", "owner": "情報政策係", "note": "-先に庁内調整"}
    assert items[b] == {"state": "done", "note": "予算要求済み"}
    # Saved again by Japanese Excel as "CSV (comma delimited)": Shift_JIS, dates as 2027/6/30.
    by_id[a][6] = "2027/6/30"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    upload(page, "sjis.csv", buffer.getvalue().encode("shift_jis"), "text/csv")
    confirm(page)
    expect(status(page)).to_contain_text("読み込みました")
    assert records(page)[record["id"]]["items"][a]["due"] == "2027-06-30"
    assert page.js_errors == []


def test_the_blank_workbook_filled_in_by_hand_imports_as_a_new_record(
    page, playbook_url, playbook, model, tmp_path
):
    first = model.principles_in("en")[0]
    item = first.items[0].id
    path = playbook.site_dir / "downloads/dx-playbook-checklist.ja.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["チェックリスト"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[-1].value == item)
    row[4].value, row[5].value, row[6].value = (
        "対応中",
        "Planning",
        46568,
    )  # 2027-06-30 as a serial date
    book["集計"]["B3"] = "Filled by hand"
    book.save(tmp_path / "hand.xlsx")
    open_page(page, playbook_url, "en/dashboard/")
    upload(page, "hand.xlsx", (tmp_path / "hand.xlsx").read_bytes())
    expect(status(page)).to_contain_text("Imported 1")
    (found,) = [r for r in records(page).values() if r["name"] == "Filled by hand"]
    assert found["items"] == {item: {"state": "doing", "owner": "Planning", "due": "2027-06-30"}}
    assert page.js_errors == []


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_bad_workbooks_and_csv_files_are_refused_and_change_nothing(
    page, playbook_url, playbook, model, tmp_path
):
    first = model.principles_in("ja")[0]
    item = first.items[0].id
    blank = (playbook.site_dir / "downloads/dx-playbook-checklist.ja.xlsx").read_bytes()

    def edited(**cells) -> bytes:
        book = openpyxl.load_workbook(io.BytesIO(blank))
        sheet = book["チェックリスト"]
        for ref, value in cells.items():
            sheet[ref] = value
        book.save(tmp_path / "edited.xlsx")
        return (tmp_path / "edited.xlsx").read_bytes()

    cases = {
        "truncated.xlsx": (blank[: len(blank) // 2], "Excelのブック(.xlsx)として読めない"),
        "not-a-book.xlsx": (_zip({"hello.txt": b"hi"}), "Excelのブック(.xlsx)として読めない"),
        "bad-state.xlsx": (edited(E2="済み"), "「チェックリスト」の2行目の「状態」"),
        "bad-date.xlsx": (edited(G3="来年"), "「チェックリスト」の3行目の「期限」"),
        "script.xlsx": (edited(H4="<img src=x onerror=alert(1)>"), "HTMLやスクリプト"),
        "twice.xlsx": (edited(J3=item), f"項目ID「{item}」が2回"),
        "no-table.csv": (b"a,b\r\n1,2\r\n", "チェック項目の表が見つかりません"),
        "open-quote.csv": ('項目ID,状態\r\n"x,完了\r\n'.encode(), "引用符"),
    }
    open_page(page, playbook_url, f"principles/{first.id}/")
    box(page, item).check()
    open_page(page, playbook_url, "dashboard/")
    before = storage(page)
    for name, (content, message) in cases.items():
        upload(page, name, content)
        expect(status(page), name).to_contain_text(message)
        expect(status(page), name).to_contain_text("いまの記録は変わっていません")
        assert storage(page) == before, name
    assert page.js_errors == []


def test_items_this_edition_lacks_get_rows_of_their_own_and_come_back(page, playbook_url):
    content = (
        b'{"format": "dx-playbook-assessments", "schema_version": 2, "assessments": [{"schema": 2,'
        b' "id": "older", "name": "old", "items": {"retired-step": {"state": "doing",'
        b' "note": "kept"}}}]}'
    )
    open_page(page, playbook_url, "dashboard/")
    upload(page, "old.json", content, "application/json")
    expect(status(page)).to_contain_text("読み込みました")
    _, book_bytes = export(page, "export-xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(book_bytes))["チェックリスト"]
    rows = rows_by_id(sheet)
    assert rows["retired-step"][4:8] == ("対応中", None, None, "kept")
    assert sheet.auto_filter.ref == f"A1:J{sheet.max_row}"
    upload(page, "back.xlsx", book_bytes)
    confirm(page)
    expect(status(page)).to_contain_text("この版にない項目が1件")
    assert records(page)["older"]["items"] == {"retired-step": {"state": "doing", "note": "kept"}}


# --- The one-page report for the executive meeting (step 5) --------------------------------------


def mixed_record(model, lang: str) -> tuple[dict, dict[str, int]]:
    """A record of every item in mixed states, with owners, due dates (some past) and notes."""
    states = ("open", "doing", "done", "na", "doing", "done")
    items, counts = {}, {"open": 0, "doing": 0, "done": 0, "na": 0, "late": 0}
    for number, item in enumerate(i for p in model.principles_in(lang) for i in p.items):
        state = states[number % len(states)]
        entry: dict[str, str] = {"state": state}
        if state in ("doing", "open") and number % 4 == 1:
            entry["owner"] = f"係{number}"
            entry["due"] = "2020-04-01" if number % 8 == 1 else "2099-03-31"
            counts["late"] += entry["due"] < "2026"
        if number % 5 == 0:
            entry["note"] = "メモ " * 40
        items[item.id] = entry
        counts[state] += 1
    record = {
        "schema": 2,
        "id": "meeting",
        "name": "令和9年度 第1回",
        "about": {"municipality": "架空町", "section": "DX推進室", "date": "2027-04-15"},
        "items": items,
    }
    return record, counts


def import_record(page, base: str, prefix: str, record: dict, said: str) -> None:
    """``record`` imported as a JSON export on the dashboard of ``prefix`` ("" or "en/")."""
    content = json.dumps(
        {"format": "dx-playbook-assessments", "schema_version": 2, "assessments": [record]}
    ).encode()
    open_page(page, base, f"{prefix}dashboard/")
    upload(page, "meeting.json", content, "application/json")
    expect(status(page)).to_contain_text(said)


def test_the_report_shows_the_record_and_prints_on_one_a4_page(page, base, model):
    from tests.test_print import pdf_pages

    record, counts = mixed_record(model, "ja")
    import_record(page, base, "", record, "読み込みました")
    link = page.locator(".dxp-report-link a")
    expect(link).to_be_visible()
    link.click()
    report = page.locator("[data-dxp-report]")
    expect(report).to_be_visible()
    expect(report.locator("[data-dxp-report-name]")).to_have_text(
        "自己点検「令和9年度 第1回」の報告"
    )
    expect(report.locator("[data-dxp-report-about]")).to_contain_text("架空町")
    total = sum(counts[s] for s in ("open", "doing", "done"))
    expect(report.locator("[data-dxp-report-overall]")).to_contain_text(
        f"完了 {counts['done']} / {total} 項目"
    )
    expect(report.locator("[data-dxp-report-overall]")).to_contain_text(
        f"期限を過ぎた項目 {counts['late']}"
    )
    # The table holds the chart's figures, pillar by pillar, for screen readers and on paper.
    rows = report.locator("[data-dxp-report-pillars] tr")
    expect(rows).to_have_count(4)
    figures = [int(rows.nth(i).locator("td").first.inner_text()) for i in range(4)]
    assert sum(figures) == sum(len(p.items) for p in model.principles_in("ja"))
    assert report.locator("[data-dxp-report-chart] svg").get_attribute("aria-hidden") == "true"
    assert report.locator("[data-dxp-report-chart] rect").count() >= 4 * 3
    overdue = report.locator("[data-dxp-report-overdue] tr")
    expect(overdue).to_have_count(min(counts["late"], 6))
    assert "2020-04-01" in overdue.first.inner_text()
    doing = report.locator("[data-dxp-report-doing] tr")
    expect(doing).to_have_count(8)
    expect(report.locator("[data-dxp-report-doing-more]")).to_contain_text("ほかに")
    assert pdf_pages(page.pdf(format="A4")) == 1
    assert page.js_errors == []


def test_the_english_report_prints_on_one_page_with_japanese_names_marked(
    page, playbook_url, model
):
    from tests.test_print import pdf_pages

    record, _ = mixed_record(model, "en")
    import_record(page, playbook_url, "en/", record, "Imported")
    page.goto(playbook_url + "en/report/")
    name = page.locator("[data-dxp-report-name]")
    expect(name).to_contain_text("Self-assessment report: 令和9年度 第1回")
    assert name.get_attribute("lang") == "ja"
    assert pdf_pages(page.pdf(format="A4")) == 1
    assert page.js_errors == []
