"""Checklists as a reader meets them, in headless Chromium: ticks and notes that persist across
reloads and languages, named assessments, export and import, bad files and bad saved state,
printing, and the same from ``file://``."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest
from playwright.sync_api import expect
from tests.a11y_helpers import assert_scheme, axe_violations, format_violations, new_scheme_page

from dx_playbook.core.authoring.load import load_site

pytestmark = pytest.mark.browser

PREFIX = "dx-playbook:v1:"
DUMP = (
    "() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))"
)


@pytest.fixture(scope="session")
def model(playbook):
    return load_site(playbook.project_dir / "docs")


@pytest.fixture(scope="session")
def first(model):
    """The first principle in reading order (its twin has the same IDs in English)."""
    return model.principles_in("ja")[0]


@pytest.fixture(params=["served", "file"])
def base(request) -> str:
    """Both ways readers open the playbook: served over HTTP, and the offline bundle."""
    return request.getfixturevalue("playbook_url" if request.param == "served" else "offline_url")


def url(base: str, path: str) -> str:
    """``path`` in served form (``principles/x/``) as the given build spells it."""
    if base.startswith("file:"):
        path = path + "index.html" if path in ("", "en/") else path.removesuffix("/") + ".html"
    return base + path


def open_page(page, base: str, path: str):
    page.goto(url(base, path))
    ready = "[data-dxp-manager]" if path.rstrip("/").endswith("dashboard") else "[data-dxp-toolbar]"
    page.locator(ready).first.wait_for(state="visible")


def box(page, item_id: str):
    return page.locator(f"#dxp-box-{item_id}")


def storage(page) -> dict[str, str]:
    return page.evaluate(DUMP)


def records(page) -> dict[str, dict]:
    return {
        key.removeprefix(PREFIX + "a:"): json.loads(value)
        for key, value in storage(page).items()
        if key.startswith(PREFIX + "a:")
    }


def status(page, panel: str = "[data-dxp-transfer]"):
    return page.locator(f"{panel} [data-dxp-status]")


def confirm(page, accept: bool = True) -> None:
    dialog = page.locator("dialog[data-dxp-dialog]")
    dialog.wait_for(state="visible")
    assert page.evaluate("document.querySelector('dialog[data-dxp-dialog]').matches(':modal')")
    page.locator("[data-dxp-dialog-ok]" if accept else "[data-dxp-dialog-cancel]").click()
    dialog.wait_for(state="hidden")


def import_file(page, name: str, content: bytes) -> None:
    page.locator("#dxp-import").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": content}]
    )


def export(page, action: str):
    with page.expect_download() as info:
        page.locator(f'[data-dxp-action="{action}"]').click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def test_tick_survives_reload_and_shows_in_the_other_language(page, playbook_url, first):
    item, total = first.items[0].id, len(first.items)
    open_page(page, playbook_url, f"principles/{first.id}/")
    progress = page.locator(f'[data-dxp-progress="principle:{first.id}"] .dxp-progress__text')
    assert progress.text_content() == f"0 / {total} 完了"
    assert progress.get_attribute("aria-live") == "polite"
    box(page, item).check()
    assert progress.text_content() == f"1 / {total} 完了"
    page.reload()
    assert box(page, item).is_checked()
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    page.wait_for_url(f"**/en/principles/{first.id}/")
    assert box(page, item).is_checked()
    assert page.locator(
        f'[data-dxp-progress="principle:{first.id}"] .dxp-progress__text'
    ).text_content() == (f"1 of {total} done")
    box(page, item).uncheck()
    open_page(page, playbook_url, f"principles/{first.id}/")
    assert not box(page, item).is_checked()
    ours = [key for key in storage(page) if not key.startswith("/")]  # Material's keys start "/."
    assert ours
    assert all(key.startswith(PREFIX) for key in ours), ours
    assert page.js_errors == []


def test_offline_bundle_keeps_ticks_across_pages_and_languages(page, offline_url, first):
    item = first.items[1].id
    open_page(page, offline_url, f"principles/{first.id}/")
    box(page, item).check()
    open_page(page, offline_url, f"en/principles/{first.id}/")
    assert box(page, item).is_checked()
    open_page(page, offline_url, "checklist/")
    assert box(page, item).is_checked()
    assert page.js_errors == []


def test_keyboard_alone_ticks_an_item_and_writes_a_note(page, playbook_url, first):
    item = first.items[0].id
    open_page(page, playbook_url, f"principles/{first.id}/")
    page.locator(".dxp-toolbar__assessment a").focus()
    # The print choice (one stop for its radio group, one for the notes) comes first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dxp-print-0-record"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dxp-print-0-notes"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"dxp-box-{item}"
    page.keyboard.press("Space")
    assert box(page, item).is_checked()
    page.keyboard.press("Tab")
    toggle = page.locator(f"#{item} .dxp-note__toggle")
    assert page.evaluate("document.activeElement.classList.contains('dxp-note__toggle')")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    # The panel opens on the item's state; the owner, the due date and the note follow.
    assert page.evaluate("document.activeElement.id") == f"dxp-note-{item}-state"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"dxp-note-{item}-owner"
    page.keyboard.type("情報政策係")
    for _ in range(6):  # past the date's fields
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "TEXTAREA":
            break
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("研修は4月に実施")
    page.keyboard.press("Tab")
    page.reload()
    assert box(page, item).is_checked()
    assert page.locator(f"#dxp-note-{item}-text").input_value() == "研修は4月に実施"
    assert page.locator(f"#dxp-note-{item}-owner").input_value() == "情報政策係"
    assert page.locator(f"#dxp-note-{item}-summary").text_content() == "担当: 情報政策係"
    assert toggle.text_content() == "状態・担当・メモ(記入あり)"
    assert page.locator(f"label[for='dxp-note-{item}-text']").count() == 1


def test_notes_are_kept_and_shown_as_text_never_as_html(page, base, first):
    item = first.items[0].id
    note = '<b>太字</b> & "引用" <i>x</i>'
    open_page(page, base, f"principles/{first.id}/")
    page.locator(f"#{item} .dxp-note__toggle").click()
    area = page.locator(f"#dxp-note-{item}-text")
    area.fill(note)
    area.blur()
    page.reload()
    assert area.input_value() == note
    assert page.locator(f"#{item} b, #{item} i").count() == 0
    assert page.locator(f"#{item} .dxp-note__print").text_content() == note
    page.locator(f"#{item} .dxp-note__toggle").click()
    area.fill("<script>alert(1)</script>")
    area.blur()
    error = page.locator(f"#dxp-note-{item}-error")
    assert "スクリプト" in error.text_content()
    assert area.get_attribute("aria-invalid") == "true"
    page.reload()
    assert area.input_value() == note
    assert page.js_errors == []


def test_assessments_can_be_created_switched_renamed_and_deleted(page, playbook_url, first):
    one, two = first.items[0].id, first.items[1].id
    open_page(page, playbook_url, f"principles/{first.id}/")
    box(page, one).check()
    open_page(page, playbook_url, "dashboard/")
    select = page.locator("#dxp-current")
    assert select.locator("option").all_text_contents() == ["自己点検"]
    page.locator('[data-dxp-action="new"]').click()
    name = page.locator("#dxp-name")
    assert page.evaluate("document.activeElement.id") == "dxp-name"
    assert name.input_value() == "自己点検 2"
    name.fill("総務課")
    name.press("Enter")
    assert select.locator("option:checked").text_content() == "総務課"
    expect(status(page, "[data-dxp-manager]")).to_contain_text("「総務課」をつくりました")
    open_page(page, playbook_url, f"principles/{first.id}/")
    assert page.locator("[data-dxp-name]").text_content() == "総務課"
    assert not box(page, one).is_checked()
    box(page, two).check()
    open_page(page, playbook_url, "dashboard/")
    select.select_option(label="自己点検")
    expect(status(page, "[data-dxp-manager]")).to_contain_text("切り替えました")
    open_page(page, playbook_url, f"principles/{first.id}/")
    assert box(page, one).is_checked()
    assert not box(page, two).is_checked()
    open_page(page, playbook_url, "dashboard/")
    page.locator('[data-dxp-action="rename"]').click()
    name.fill("企画課")
    page.locator("[data-dxp-name-form] button[type=submit]").click()
    assert select.locator("option").all_text_contents() == ["企画課", "総務課"]
    page.locator('[data-dxp-action="delete"]').click()
    confirm(page, accept=False)
    assert select.locator("option").count() == 2
    page.locator('[data-dxp-action="delete"]').click()
    confirm(page)
    # The list is rebuilt after the dialog closes: wait for it, as a reader would.
    expect(select.locator("option")).to_have_text(["総務課"])
    expect(status(page, "[data-dxp-manager]")).to_contain_text("「企画課」を削除しました")
    assert [r["name"] for r in records(page).values()] == ["総務課"]
    assert page.js_errors == []


def test_empty_name_is_refused_with_a_message(page, playbook_url):
    open_page(page, playbook_url, "dashboard/")
    page.locator('[data-dxp-action="rename"]').click()
    page.locator("#dxp-name").fill("   ")
    page.locator("#dxp-name").press("Enter")
    expect(status(page, "[data-dxp-manager]")).to_contain_text("名前を入力してください")
    assert page.locator("#dxp-name").get_attribute("aria-invalid") == "true"
    page.locator("#dxp-name").press("Escape")
    assert page.locator("[data-dxp-name-form]").is_hidden()
    assert page.locator("#dxp-current option").all_text_contents() == ["自己点検"]


def test_export_clear_import_gives_back_the_same_state(page, base, first, playbook):
    items = [item.id for item in first.items]
    open_page(page, base, f"principles/{first.id}/")
    box(page, items[0]).check()
    box(page, items[2]).check()
    page.locator(f"#{items[1]} .dxp-note__toggle").click()
    page.locator(f"#dxp-note-{items[1]}-text").fill("=1+1 予算要求は10月")
    page.locator(f"#dxp-note-{items[1]}-text").blur()
    before = records(page)
    open_page(page, base, "dashboard/")
    name, content = export(page, "export-json")
    assert name.endswith(".json")
    data = json.loads(content)
    schema_file = playbook.site_dir / "downloads/dx-playbook-assessment.schema.json"
    jsonschema.validate(data, json.loads(schema_file.read_text(encoding="utf-8")))
    assert data["schema_version"] == 2
    csv_name, csv_bytes = export(page, "export-csv")
    assert csv_name.startswith("自己点検-")
    assert csv_name.endswith(".csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    csv_text = csv_bytes.decode("utf-8-sig")
    assert f",{first.id},{items[0]}\r\n" in csv_text, "the IDs come last"
    assert "'=1+1 予算要求は10月" in csv_text
    assert csv_text.count(",完了,") == 2
    page.locator('[data-dxp-action="clear"]').click()
    confirm(page)
    overall = page.locator('[data-dxp-progress="all"] .dxp-progress__text')
    expect(overall).to_have_text(re.compile(r"^0 / "))
    expect(status(page, "[data-dxp-manager]")).to_contain_text("すべて消しました")
    import_file(page, name, content)
    confirm(page)  # the file replaces the cleared assessment of the same ID
    expect(status(page)).to_contain_text("1件の自己点検を読み込みました")
    # The clearing's message goes: it no longer says what the page shows.
    expect(status(page, "[data-dxp-manager]")).to_have_text("")
    expect(overall).to_have_text(re.compile(r"^2 / "))
    after = records(page)
    assert {k: v["items"] for k, v in after.items()} == {k: v["items"] for k, v in before.items()}
    open_page(page, base, f"principles/{first.id}/")
    assert [box(page, item).is_checked() for item in items[:3]] == [True, False, True]
    assert page.js_errors == []


def _file(**assessment) -> bytes:
    record = {"id": "imported", "name": "読込", "items": {}, **assessment}
    return json.dumps(
        {"format": "dx-playbook-assessments", "schema_version": 1, "assessments": [record]}
    ).encode()  # as an earlier edition wrote it: each item done or not


#: A bad file each, and what the message must say (its path names the offending field).
BAD_FILES = {
    "malformed": (b'{"format": "dx-playbook-assessments", "assessments": [', "JSONとして読めない"),
    "not-ours": (b'{"hello": "world"}', "このプレイブックから書き出したファイルではありません"),
    "script-in-note": (
        _file(items={"some-item": {"done": True, "note": "<script>alert(1)</script>"}}),
        "assessments[0].items.some-item.note にHTMLやスクリプト",
    ),
    "handler-in-name": (
        _file(name='<img src=x onerror="alert(1)">'),
        "assessments[0].name にHTMLやスクリプト",
    ),
    "done-not-boolean": (
        _file(items={"some-item": {"done": "yes"}}),
        "assessments[0].items.some-item.done が正しくありません(true か false)",
    ),
    "items-a-list": (_file(items=["some-item"]), "assessments[0].items が正しくありません"),
    "bad-item-id": (_file(items={"Not An ID": {"done": True}}), "英小文字・数字・ハイフン"),
    "newer-format": (
        json.dumps(
            {"format": "dx-playbook-assessments", "schema_version": 99, "assessments": []}
        ).encode(),
        "新しい版",
    ),
    "empty": (b"   ", "ファイルが空です"),
}


def test_bad_files_are_rejected_with_a_message_and_nothing_changes(page, playbook_url, first):
    open_page(page, playbook_url, f"principles/{first.id}/")
    box(page, first.items[0].id).check()
    open_page(page, playbook_url, "dashboard/")
    before = storage(page)
    shown = status(page)
    for case, (content, message) in BAD_FILES.items():
        import_file(page, f"{case}.json", content)
        expect(shown, case).to_contain_text(message)
        assert "読み込めませんでした" in shown.inner_text(), case
        assert "いまの記録は変わっていません" in shown.inner_text(), case
        assert "dxp-status--error" in shown.get_attribute("class"), case
        assert page.locator("dialog[data-dxp-dialog]").is_hidden(), case
        assert storage(page) == before, case
    assert shown.get_attribute("role") == "status"
    assert page.js_errors == []


#: Counts the reads of a chosen file's contents that the page starts (FileReader, or the File's
#: own methods; Material reads blobs of its own, which are not files).
COUNT_FILE_READS = """(() => {
window.__dxpFileReads = 0;
const counted = (original, file) => function (...args) {
  if (file(this, args) instanceof File) window.__dxpFileReads += 1;
  return original.apply(this, args);
};
for (const name of ["readAsText", "readAsArrayBuffer", "readAsDataURL", "readAsBinaryString"]) {
  FileReader.prototype[name] = counted(FileReader.prototype[name], (_, args) => args[0]);
}
for (const name of ["text", "arrayBuffer", "bytes", "stream", "slice"]) {
  const original = Blob.prototype[name];
  if (typeof original === "function") Blob.prototype[name] = counted(original, (blob) => blob);
}
})();
"""


def test_a_ten_megabyte_file_is_refused_at_once_online_and_offline(
    page, playbook_url, offline_url, tmp_path
):
    """At once: refused from its size, before any of its 10 MB is read."""
    huge = tmp_path / "huge.json"
    huge.write_bytes(
        b'{"format": "dx-playbook-assessments", "pad": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    )
    page.add_init_script(COUNT_FILE_READS)
    for base in (playbook_url, offline_url):
        open_page(page, base, "dashboard/")
        before = storage(page)
        page.locator("#dxp-import").set_input_files(huge)
        status(page).filter(has_text="大きすぎます").wait_for()
        expect(status(page)).to_contain_text("上限は1 MB")
        assert storage(page) == before
        assert page.evaluate("window.__dxpFileReads") == 0, "the file was read"
        # The count sees reads: a small file is read, then refused as not JSON.
        import_file(page, "broken.json", b"{nope")
        status(page).filter(has_text="JSONとして読めない").wait_for()
        assert page.evaluate("window.__dxpFileReads") == 1
        assert storage(page) == before


def test_offline_import_rejects_malformed_json(page, offline_url):
    open_page(page, offline_url, "dashboard/")
    before = storage(page)
    import_file(page, "broken.json", b"{nope")
    status(page).filter(has_text="JSONとして読めない").wait_for()
    assert storage(page) == before


def test_items_unknown_to_this_edition_are_kept_and_reported(page, playbook_url, first, playbook):
    known = first.items[0].id
    content = _file(
        items={known: {"done": True}, "retired-step": {"done": True, "note": "旧版の項目"}}
    )
    open_page(page, playbook_url, "dashboard/")
    import_file(page, "old-edition.json", content)
    status(page).filter(has_text="読み込みました").wait_for()
    expect(status(page)).to_contain_text("この版にない項目が1件")
    expect(status(page)).to_contain_text("retired-step")
    saved = records(page)["imported"]["items"]
    assert saved["retired-step"] == {"state": "done", "note": "旧版の項目"}
    assert (
        "この版にない項目が1件" in page.locator("[data-dxp-manager] [data-dxp-notice]").inner_text()
    )
    _, exported = export(page, "export-json")
    exported_items = json.loads(exported)["assessments"]
    assert any("retired-step" in a["items"] for a in exported_items)
    _, csv_bytes = export(page, "export-csv")
    assert "retired-step" in csv_bytes.decode("utf-8-sig")


def test_corrupt_or_old_saved_state_never_breaks_the_page_or_loses_data(page, base, first):
    one, two = first.items[0].id, first.items[1].id
    good = {
        "schema": 1,
        "id": "good",
        "name": "良い記録",
        "created": "2024-01-01T00:00:00Z",
        "items": {one: {"done": True}},
    }
    future = json.dumps({"schema": 99, "id": "future", "name": "x", "items": {}, "more": [1]})
    seeded = {
        PREFIX + "a:good": json.dumps(good),
        PREFIX + "a:broken": "{not json",
        PREFIX + "a:wrong": json.dumps({"schema": 1, "id": "wrong", "name": 5, "items": {}}),
        PREFIX + "a:old": json.dumps(
            {
                "schema": 0,
                "id": "old",
                "name": "旧形式",
                "created": "2023-01-01T00:00:00Z",
                "checked": [two],
                "notes": {two: "移行"},
            }
        ),
        PREFIX + "a:future": future,
        PREFIX + "current": "good",
        "another-site:key": "keep me",
    }
    open_page(page, base, f"principles/{first.id}/")
    page.evaluate(
        "(data) => { localStorage.clear(); for (const k in data) localStorage.setItem(k, data[k]); }",
        seeded,
    )
    page.reload()
    page.locator("[data-dxp-toolbar]").wait_for(state="visible")
    assert box(page, one).is_checked()
    notice = page.locator("[data-dxp-toolbar] [data-dxp-notice]")
    assert "読めない保存データが2件" in notice.inner_text()
    after = storage(page)
    # Each record in this edition's form (schema 2): done items kept done, notes kept.
    assert json.loads(after[PREFIX + "a:good"])["items"] == {one: {"state": "done"}}
    assert after[PREFIX + "a:future"] == future
    assert after["another-site:key"] == "keep me"
    assert PREFIX + "a:broken" not in after
    set_aside = {k: v for k, v in after.items() if k.startswith(PREFIX + "quarantine:")}
    assert "{not json" in set_aside.values()
    assert len(set_aside) == 2
    migrated = json.loads(after[PREFIX + "a:old"])
    assert migrated["schema"] == 2
    assert migrated["items"] == {two: {"state": "done", "note": "移行"}}
    open_page(page, base, "dashboard/")
    assert page.locator("#dxp-current option").all_text_contents() == ["旧形式", "良い記録"]
    assert (
        "新しい版で作られた自己点検が1件"
        in page.locator("[data-dxp-manager] [data-dxp-notice]").inner_text()
    )
    held = page.locator("[data-dxp-quarantine]")
    assert held.is_visible()
    assert "2件" in held.inner_text()
    _, content = export(page, "quarantine-export")
    assert "{not json" in {r["raw"] for r in json.loads(content)["records"]}
    page.locator('[data-dxp-action="quarantine-discard"]').click()
    confirm(page)
    expect(held).to_be_hidden()
    assert not [k for k in storage(page) if k.startswith(PREFIX + "quarantine:")]
    assert page.js_errors == []


def test_dashboard_shows_progress_by_pillar_and_by_role(page, playbook_url, model, first):
    open_page(page, playbook_url, f"principles/{first.id}/")
    box(page, first.items[0].id).check()
    box(page, first.items[1].id).check()
    open_page(page, playbook_url, "en/dashboard/")
    principles = model.principles_in("en")
    pillar_total = sum(len(p.items) for p in principles if p.pillar == first.pillar)
    text = page.locator(f'[data-dxp-progress="pillar:{first.pillar}"] .dxp-progress__text')
    assert text.text_content() == f"2 of {pillar_total} done"
    bar = page.locator(f'[data-dxp-progress="pillar:{first.pillar}"] progress')
    assert bar.evaluate("(node) => [node.value, node.max]") == [2, pillar_total]
    for role in (
        "leaders",
        "cdo",
        "dx-office",
        "promoters",
        "all-staff",
        "supporters",
        "residents",
    ):
        expected = sum(role in item.roles for item in first.items[:2])
        shown = page.locator(
            f'[data-dxp-progress="role:{role}"] .dxp-progress__text'
        ).text_content()
        assert shown.startswith(f"{expected} of "), (role, shown)
    other = next(p for p in principles if p.pillar != first.pillar)
    assert (
        page.locator(f'[data-dxp-progress="pillar:{other.pillar}"] .dxp-progress__text')
        .text_content()
        .startswith("0 of ")
    )


def test_role_view_and_full_checklist_share_state_with_principle_pages(page, playbook_url, first):
    role = first.items[-1].roles[0]
    item = first.items[-1].id
    open_page(page, playbook_url, f"roles/{role}/")
    box(page, item).check()
    open_page(page, playbook_url, "checklist/")
    assert box(page, item).is_checked()
    assert page.locator(".dxp-item").count() > 3 * 20 - 1
    open_page(page, playbook_url, f"principles/{first.id}/")
    assert box(page, item).is_checked()


def test_checklist_prints_with_boxes_and_room_for_notes(page, playbook_url, first):
    open_page(page, playbook_url, "checklist/")
    box(page, first.items[0].id).check()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    item = page.locator(f"#{first.items[0].id}")
    assert item.locator(".dxp-note__toggle").is_hidden()
    assert page.locator("[data-dxp-toolbar] .dxp-toolbar__assessment").first.is_hidden()
    lines = item.locator(".dxp-note__print")
    assert lines.is_visible()
    assert lines.evaluate("(node) => node.getBoundingClientRect().height") > 30
    assert box(page, first.items[0].id).is_checked()
    assert box(page, first.items[1].id).is_visible()
    assert not box(page, first.items[1].id).is_checked()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") > 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_checklist_controls_in_every_state_pass_axe(browser, playbook_url, first, scheme):
    context, page = new_scheme_page(browser, scheme)
    try:
        open_page(page, playbook_url, f"principles/{first.id}/")
        assert_scheme(page, scheme, "principle")
        box(page, first.items[0].id).check()
        page.locator(f"#{first.items[0].id} .dxp-note__toggle").click()
        page.locator(f"#dxp-note-{first.items[0].id}-text").fill("<script>")
        page.locator(f"#dxp-note-{first.items[0].id}-text").blur()
        found = axe_violations(page, "principle with a note open", scheme)
        open_page(page, playbook_url, "en/dashboard/")
        page.locator('[data-dxp-action="new"]').click()
        import_file(page, "bad.json", b"{")
        status(page).filter(has_text="not imported").wait_for()
        found += axe_violations(page, "dashboard with form and error", scheme)
        page.locator('[data-dxp-action="delete"]').click()
        page.locator("dialog[data-dxp-dialog]").wait_for(state="visible")
        found += axe_violations(page, "dashboard with dialog", scheme)
        assert not found, format_violations(found)
    finally:
        context.close()


# --- Four states, owners, due dates and the details of an assessment (issue 18) -----------------


def details(page, item_id: str) -> None:
    toggle = page.locator(f"#{item_id} .dxp-note__toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def test_four_states_owners_due_dates_and_details_are_saved_exported_and_imported(
    page, base, first, playbook
):
    doing, done, na, *rest = (item.id for item in first.items)
    open_page(page, base, f"principles/{first.id}/")
    details(page, doing)
    page.locator(f"#dxp-note-{doing}-state").select_option("doing")
    page.locator(f"#dxp-note-{doing}-owner").fill("情報政策係")
    page.locator(f"#dxp-note-{doing}-owner").press("Tab")
    page.locator(f"#dxp-note-{doing}-due").fill("2027-06-30")
    page.locator(f"#dxp-note-{doing}-due").blur()
    box(page, done).check()
    details(page, na)
    page.locator(f"#dxp-note-{na}-state").select_option("na")
    expect(page.locator(f"#dxp-note-{doing}-summary")).to_have_text(
        "状態: 対応中、担当: 情報政策係、期限: 2027-06-30"
    )
    assert not box(page, doing).is_checked()
    assert not box(page, na).is_checked()
    # Not applicable is out of the count: one done of the others.
    total = len(first.items) - 1
    progress = page.locator("[data-dxp-progress] .dxp-progress__text").first
    expect(progress).to_have_text(f"1 / {total} 完了")
    (record,) = records(page).values()
    assert record["schema"] == 2
    assert record["items"] == {
        doing: {"state": "doing", "owner": "情報政策係", "due": "2027-06-30"},
        done: {"state": "done"},
        na: {"state": "na"},
    }
    # One tap on the checkbox: done; again: not started (the owner and due date stay).
    box(page, doing).check()
    assert records(page)[record["id"]]["items"][doing]["state"] == "done"
    box(page, doing).uncheck()
    assert records(page)[record["id"]]["items"][doing] == {
        "state": "open",
        "owner": "情報政策係",
        "due": "2027-06-30",
    }
    page.locator(f"#dxp-note-{doing}-state").select_option("doing")

    open_page(page, base, "dashboard/")
    for field, value in (
        ("municipality", "架空町"),
        ("section", "総務課"),
        ("author", "試験 記入者"),
        ("date", "2027-04-01"),
    ):
        page.locator(f"#dxp-about-{field}").fill(value)
        page.locator(f"#dxp-about-{field}").blur()
    expect(status(page, "[data-dxp-manager]")).to_contain_text("保存しました")
    about = records(page)[record["id"]]["about"]
    assert about == {
        "municipality": "架空町",
        "section": "総務課",
        "author": "試験 記入者",
        "date": "2027-04-01",
    }
    _, content = export(page, "export-json")
    data = json.loads(content)
    schema_file = playbook.site_dir / "downloads/dx-playbook-assessment.schema.json"
    jsonschema.validate(data, json.loads(schema_file.read_text(encoding="utf-8")))
    assert data["assessments"][0]["about"] == about
    _, csv_bytes = export(page, "export-csv")
    rows = {row[-1]: row for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))) if row}
    assert rows[doing][4:8] == ["対応中", "情報政策係", "2027-06-30", ""]
    assert rows[na][4] == "対象外"
    assert rows[rest[0]][4] == "未着手"

    page.locator('[data-dxp-action="clear"]').click()
    confirm(page)
    expect(page.locator('[data-dxp-progress="all"] .dxp-progress__text')).to_have_text(
        re.compile(r"^0 / ")
    )
    assert records(page)[record["id"]]["about"] == about, "clearing keeps the details"
    import_file(page, "back.json", content)
    confirm(page)
    expect(status(page)).to_contain_text("読み込みました")
    assert records(page)[record["id"]]["items"][doing]["owner"] == "情報政策係"
    assert records(page)[record["id"]]["items"][na] == {"state": "na"}
    assert page.js_errors == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"state": "finished"}, "未着手・対応中・完了・対象外のどれか"),
        ({"state": "doing", "due": "2027-13-01"}, "年-月-日の日付"),
        ({"state": "doing", "due": "30/06/2027"}, "年-月-日の日付"),
        ({"state": "doing", "owner": "<img src=x onerror=alert(1)>"}, "HTMLやスクリプト"),
        ({"state": "doing", "owner": "係" * 81}, "80文字まで"),
    ],
)
def test_a_bad_state_date_or_owner_is_refused_and_changes_nothing(
    page, playbook_url, entry, message
):
    open_page(page, playbook_url, "dashboard/")
    before = storage(page)
    content = json.dumps(
        {
            "format": "dx-playbook-assessments",
            "schema_version": 2,
            "assessments": [{"schema": 2, "id": "bad", "name": "x", "items": {"an-item": entry}}],
        }
    ).encode()
    import_file(page, "bad.json", content)
    expect(status(page)).to_contain_text(message)
    assert storage(page) == before


def test_every_old_record_shape_migrates_with_nothing_lost(page, playbook_url, first):
    one, two, three = (item.id for item in first.items[:3])
    shapes = {
        # Schema 0: a list of ticked IDs and a map of notes.
        "zero": {
            "schema": 0,
            "id": "zero",
            "name": "版0",
            "checked": [one],
            "notes": {two: "メモ"},
        },
        # Schema 1: done or not, and a note; an item not done may hold a note.
        "one": {
            "schema": 1,
            "id": "one",
            "name": "版1",
            "created": "2025-01-01T00:00:00Z",
            "items": {one: {"done": True, "note": "済"}, three: {"done": False, "note": "検討中"}},
        },
    }
    open_page(page, playbook_url, f"principles/{first.id}/")
    page.evaluate(
        "(data) => { for (const k in data) localStorage.setItem(k, data[k]); }",
        {f"{PREFIX}a:{key}": json.dumps(value) for key, value in shapes.items()},
    )
    page.reload()
    page.locator("[data-dxp-toolbar]").wait_for(state="visible")
    saved = records(page)
    assert saved["zero"]["items"] == {
        one: {"state": "done"},
        two: {"state": "open", "note": "メモ"},
    }
    assert saved["one"]["items"] == {
        one: {"state": "done", "note": "済"},
        three: {"state": "open", "note": "検討中"},
    }
    assert saved["one"]["created"] == "2025-01-01T00:00:00Z"
    assert {record["schema"] for record in saved.values()} == {2}
    assert all(record["about"] == {} for record in saved.values() if record["id"] in shapes)


def test_files_are_named_after_the_assessment_and_dated_in_the_readers_time_zone(
    browser, playbook_url
):
    """Exported on the morning of 2 December in Japan (still 1 December in UTC): the files
    say 12-02, and a name Windows would refuse is made safe."""
    context = browser.new_context(timezone_id="Asia/Tokyo", accept_downloads=True)
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-01T21:30:00Z")
    try:
        open_page(page, playbook_url, "dashboard/")
        record = {"schema": 2, "id": "somu", "name": '総務課: 2027/04 "案"', "items": {}}
        page.evaluate(
            "(data) => { localStorage.clear(); for (const k in data) localStorage.setItem(k, data[k]); }",
            {PREFIX + "a:somu": json.dumps(record), PREFIX + "current": "somu"},
        )
        page.reload()
        page.locator("[data-dxp-manager]").wait_for(state="visible")
        csv_name, _ = export(page, "export-csv")
        assert csv_name == "総務課_ 2027_04 _案_-2026-12-02.csv"
        json_name, _ = export(page, "export-json")
        assert json_name == "総務課_ 2027_04 _案_-2026-12-02.json"
        page.evaluate(
            "(key) => localStorage.setItem(key, JSON.stringify("
            "{schema: 2, id: 'con', name: 'CON', items: {}}))",
            PREFIX + "a:con",
        )
        page.reload()
        page.locator("[data-dxp-manager]").wait_for(state="visible")
        json_name, _ = export(page, "export-json")
        assert json_name == "自己点検-2026-12-02.json", "two assessments: the file holds both"
        page.locator("#dxp-current").select_option("con")
        csv_name, _ = export(page, "export-csv")
        assert csv_name == "_CON-2026-12-02.csv"
    finally:
        context.close()


def test_a_start_here_step_ticked_on_the_dashboard_is_ticked_on_its_page(page, base, model):
    from dx_playbook.core.checklists.progress import scopes

    step = scopes(model.principles_in("ja"))["start-here"][0]
    owner = next(p for p in model.principles_in("ja") if any(i.id == step for i in p.items))
    open_page(page, base, "dashboard/")
    progress = page.locator('[data-dxp-progress="start-here"] .dxp-progress__text').first
    expect(progress).to_have_text("0 / 10 完了")
    box(page, step).check()
    expect(progress).to_have_text("1 / 10 完了")
    open_page(page, base, f"principles/{owner.id}/")
    assert box(page, step).is_checked()
    assert page.js_errors == []


def test_every_printable_view_prints_blank_or_with_the_record_as_the_reader_chooses(
    page, base, first
):
    item = first.items[0].id
    open_page(page, base, f"principles/{first.id}/")
    box(page, item).check()
    page.locator(f"#{item} .dxp-note__toggle").click()
    page.locator(f"#dxp-note-{item}-text").fill("課内メモ")
    page.locator(f"#dxp-note-{item}-text").blur()
    choice = page.locator("[data-dxp-toolbar] .dxp-print-choice")
    expect(choice).to_be_visible()
    expect(choice.get_by_label("自己点検の記入を入れる")).to_be_checked()

    def printed() -> dict:
        page.emulate_media(media="print")
        try:
            return page.evaluate(
                """(id) => {
                  const li = document.getElementById(id), css = (n, p) => getComputedStyle(n, p);
                  return {
                    box: css(li.querySelector('.dxp-item__box')).appearance,
                    note: css(li.querySelector('.dxp-note__print')).display,
                    lines: css(li, '::after').content,
                    choice: css(document.querySelector('.dxp-print-choice')).display,
                  };
                }""",
                item,
            )
        finally:
            page.emulate_media(media="screen")

    assert printed()["note"] == "block", "the record prints with its note"
    assert printed()["choice"] == "none"
    choice.get_by_label("メモも印刷する").uncheck()
    assert printed()["note"] == "none", "notes only when the reader chooses"
    choice.get_by_label("空欄で印刷する(配布用)").check()
    blank = printed()
    assert blank["box"] == "none", "the ticked box prints empty"
    assert blank["note"] == "none"
    assert blank["lines"] == '""', "lines to write on instead"
    assert box(page, item).is_checked(), "the record itself is untouched"
    # The choice holds on every printable view: the handout, the whole checklist, print-all.
    page.goto(url(base, f"principles/{first.id}/") + "#dxp-handout")
    expect(
        page.locator(".dxp-handout-bar .dxp-print-choice").get_by_label("空欄で印刷する(配布用)")
    ).to_be_checked()
    for path in ("checklist/", "print-all/"):
        page.goto(url(base, path))
        control = page.locator(".dxp-print-choice").first
        expect(control.get_by_label("空欄で印刷する(配布用)")).to_be_checked()
        assert printed()["box"] == "none", path
    control.get_by_label("自己点検の記入を入れる").check()
    assert printed()["box"] != "none"
    assert page.js_errors == []
