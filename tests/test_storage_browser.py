"""Saved progress is never lost or polluted, in headless Chromium: imports that try to reach
``Object.prototype``, records from a newer edition, two tabs ticking at once, full storage, item
IDs that are also names of ``Object.prototype``, and unreadable records set aside side by side."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect
from tests.conftest import serve
from tests.factories import pair

from dx_playbook.core.authoring.load import load_site

pytestmark = pytest.mark.browser

PREFIX = "dx-playbook:v1:"
REC, QUAR, CURRENT = PREFIX + "a:", PREFIX + "quarantine:", PREFIX + "current"
DUMP = (
    "() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))"
)
SEED = (
    "(data) => { localStorage.clear();"
    " for (const k of Object.keys(data)) localStorage.setItem(k, data[k]); }"
)
#: Everything a polluted Object.prototype would show: its own names, and two probes.
PROTOTYPE = (
    "() => [Object.getOwnPropertyNames(Object.prototype).sort().join(),"
    " String(({}).polluted), String(({}).note)]"
)
#: Fills localStorage to the last character (keys "fill:<n>"); returns how many keys it added.
FILL = """() => {
  let n = 0;
  while (localStorage.getItem("fill:" + n) !== null) n++;
  const first = n;
  for (let size = 1 << 20; size >= 1; size >>= 1) {
    const text = "x".repeat(size);
    for (;;) {
      try { localStorage.setItem("fill:" + n, text); n++; } catch (e) { break; }
    }
  }
  return n - first;
}"""


@pytest.fixture(scope="session")
def first(playbook):
    """The first principle in reading order."""
    return load_site(playbook.project_dir / "docs").principles_in("ja")[0]


@pytest.fixture(params=["served", "file"])
def base(request) -> str:
    """Both ways readers open the playbook: served over HTTP, and the offline bundle."""
    return request.getfixturevalue("playbook_url" if request.param == "served" else "offline_url")


def url(base: str, path: str) -> str:
    if base.startswith("file:"):
        path = path + "index.html" if path in ("", "en/") else path.removesuffix("/") + ".html"
    return base + path


def v2(items: dict[str, dict]) -> dict[str, dict]:
    """Items written as schema 0 and 1 had them (done or not, a note), as this edition stores
    them: done, or not started (then kept only with a note)."""
    return {
        item: {"state": "done" if entry.get("done") else "open"}
        | ({"note": entry["note"]} if entry.get("note") else {})
        for item, entry in items.items()
    }


def open_page(page, base: str, path: str) -> None:
    page.goto(url(base, path))
    ready = "[data-dxp-manager]" if path.rstrip("/").endswith("dashboard") else "[data-dxp-toolbar]"
    page.locator(ready).first.wait_for(state="visible")


def new_page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return page


def seed(page, data: dict[str, str]) -> None:
    """Replace this origin's storage with ``data`` and load the page again."""
    page.evaluate(SEED, data)
    page.reload()
    page.locator("[data-dxp-toolbar], [data-dxp-manager]").first.wait_for(state="visible")


def storage(page) -> dict[str, str]:
    return page.evaluate(DUMP)


def ours(page) -> dict[str, str]:
    """This playbook's keys only (Material keeps its own, starting with "/")."""
    return {k: v for k, v in storage(page).items() if k.startswith(PREFIX)}


def records(page) -> dict[str, dict]:
    return {
        key.removeprefix(REC): json.loads(value)
        for key, value in storage(page).items()
        if key.startswith(REC)
    }


def box(page, item_id: str):
    return page.locator(f"#dxp-box-{item_id}")


def kept(page) -> dict[str, str]:
    """Everything stored except Material's own keys (they start with "/")."""
    return {k: v for k, v in storage(page).items() if not k.startswith("/")}


def notice(page):
    return page.locator("[data-dxp-toolbar] [data-dxp-notice]").first


def import_file(page, name: str, content: bytes) -> None:
    page.locator("#dxp-import").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": content}]
    )


def export_json(page) -> dict:
    with page.expect_download() as info:
        page.locator('[data-dxp-action="export-json"]').click()
    return json.loads(info.value.path().read_bytes())


# --- 1. imports that try to reach Object.prototype ------------------------------------------------


def _import(*assessments: dict, schema_version: int = 1, **top: object) -> bytes:
    data = {"format": "dx-playbook-assessments", "schema_version": schema_version, **top}
    data["assessments"] = list(assessments)
    return json.dumps(data, ensure_ascii=False).encode()


def _legacy(item: str, **fields: object) -> dict:
    """A schema 0 (pre-release) assessment: a list of ticked IDs and a map of notes."""
    return {"schema": 0, "id": "legacy", "name": "旧形式", "checked": [item], "notes": {}, **fields}


def _current(item: str, **fields: object) -> dict:
    return {
        "schema": 1,
        "id": "imported",
        "name": "読込",
        "items": {item: {"done": True}},
        **fields,
    }


def polluting_files(item: str) -> dict[str, bytes]:
    """Files that would set properties on every object if their keys were copied naively."""
    evil = {"polluted": "yes", "note": "汚染"}
    return {
        "legacy-note-proto": _import(
            _legacy(item, notes={"__proto__": "汚染", item: "ok"}), schema_version=0
        ),
        "legacy-note-object": _import(_legacy(item, notes={"__proto__": evil}), schema_version=0),
        "legacy-checked-proto": _import(
            _legacy(item, checked=[item, "__proto__"]), schema_version=0
        ),
        "items-proto": _import(_current(item, items={"__proto__": {"done": True, **evil}})),
        "top-level-proto": _import(_current(item), __proto__=evil),
        "record-proto": _import(_current(item, __proto__=evil)),
        "record-constructor": _import(_current(item, constructor={"prototype": evil})),
        "entry-prototype": _import(_current(item, items={item: {"done": True, "prototype": evil}})),
    }


def test_polluting_import_is_refused_whole_and_changes_nothing(page, playbook_url, first):
    item = first.items[0].id
    open_page(page, playbook_url, f"principles/{first.id}/")
    box(page, item).check()
    open_page(page, playbook_url, "dashboard/")
    before, prototype = storage(page), page.evaluate(PROTOTYPE)
    assert prototype[1:] == ["undefined", "undefined"]
    shown = page.locator("[data-dxp-transfer] [data-dxp-status]")
    for case, content in polluting_files(item).items():
        assert b'"__proto__"' in content or b'"constructor"' in content or b'"prototype"' in content
        shown.evaluate("(node) => { node.textContent = ''; }")  # the same message comes again
        import_file(page, f"{case}.json", content)
        expect(shown, case).to_contain_text("使えない名前")
        assert "読み込めませんでした" in shown.inner_text(), case
        assert "いまの記録は変わっていません" in shown.inner_text(), case
        assert page.locator("dialog[data-dxp-dialog]").is_hidden(), case
        assert storage(page) == before, case
        assert page.evaluate(PROTOTYPE) == prototype, case
    # The reader's own record and its export are exactly what they were.
    exported = export_json(page)
    assert [a["items"] for a in exported["assessments"]] == [v2({item: {"done": True}})]
    assert "polluted" not in json.dumps(exported)
    assert "汚染" not in json.dumps(exported)
    open_page(page, playbook_url, f"principles/{first.id}/")
    assert page.evaluate(PROTOTYPE) == prototype
    assert page.locator(".dxp-note__print").all_text_contents() == [""] * len(first.items)
    assert page.js_errors == []


def test_an_import_may_still_use_constructor_and_prototype_as_item_ids(page, playbook_url):
    """Both are valid item IDs (lowercase slugs): they are refused only where IDs are not."""
    items = {"constructor": {"done": True, "note": "作る"}, "prototype": {"done": True}}
    open_page(page, playbook_url, "dashboard/")
    import_file(page, "ids.json", _import({"id": "ids", "name": "名前", "items": items}))
    expect(page.locator("[data-dxp-transfer] [data-dxp-status]")).to_contain_text("読み込みました")
    assert records(page)["ids"]["items"] == v2(items)
    assert page.evaluate(PROTOTYPE)[1:] == ["undefined", "undefined"]
    assert export_json(page)["assessments"][-1]["items"] == v2(items)
    assert page.js_errors == []


# --- 2. a record from a newer edition ---------------------------------------------------------------

#: Written by a newer edition: unusual spacing and fields, so any rewrite shows.
NEWER = (
    '{"schema": 3,  "id": "default", "name": "新しい版の評価",\n'
    ' "items": {"x": {"state": "in-progress", "done": 3}}, "owner": {"team": "総務"}}'
)
NEWER_TOO = '{"schema":7,"id":"later","name":"x","items":[],"future":true}'


def test_a_record_from_a_newer_edition_is_kept_byte_for_byte(page, base, first):
    one, two, three = (item.id for item in first.items[:3])
    open_page(page, base, f"principles/{first.id}/")
    seed(page, {REC + "default": NEWER, REC + "later": NEWER_TOO, CURRENT: "default"})
    for path, item in (
        (f"principles/{first.id}/", one),
        (f"en/principles/{first.id}/", two),
        ("checklist/", None),
        (f"principles/{first.id}/", None),
    ):
        open_page(page, base, path)
        if item:
            box(page, item).check()
        saved = storage(page)
        assert saved[REC + "default"] == NEWER, path
        assert saved[REC + "later"] == NEWER_TOO, path
    assert box(page, one).is_checked()
    assert box(page, two).is_checked()
    mine = {k: v for k, v in records(page).items() if k not in ("default", "later")}
    assert len(mine) == 1, mine
    ((mine_id, record),) = mine.items()
    assert record["items"] == v2({one: {"done": True}, two: {"done": True}})
    open_page(page, base, "dashboard/")
    assert (
        "新しい版で作られた自己点検が2件"
        in page.locator("[data-dxp-manager] [data-dxp-notice]").inner_text()
    )
    assert page.locator("#dxp-current option").all_text_contents() == ["自己点検"]
    # Nor does an import write over it: the file is refused whole, with the reason.
    before = ours(page)
    import_file(page, "same-id.json", _import({"id": "default", "name": "上書き", "items": {}}))
    status = page.locator("[data-dxp-transfer] [data-dxp-status]")
    expect(status).to_contain_text("「default」")
    expect(status).to_contain_text("上書きしません")
    assert ours(page) == before
    # Another tab, of a newer edition, now rewrites the reader's own record: this open page has
    # not seen that, and its next tick must leave the rewritten record as it is.
    open_page(page, base, f"principles/{first.id}/")
    rewritten = NEWER.replace('"default"', json.dumps(mine_id))
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [REC + mine_id, rewritten])
    box(page, three).click()
    expect(notice(page)).to_contain_text("保存しませんでした")
    saved = storage(page)
    assert (saved[REC + "default"], saved[REC + "later"]) == (NEWER, NEWER_TOO)
    assert saved[REC + mine_id] == rewritten
    assert not box(page, three).is_checked()
    assert page.js_errors == []


# --- 3. two tabs ticking at once --------------------------------------------------------------------

#: Ticks the given items one per task, from a shared start time, as a reader clicking would.
TICK_AT = """([items, start]) => {
  window.__ticked = 0;
  let i = 0;
  function next() {
    if (i >= items.length) return;
    const box = document.getElementById("dxp-box-" + items[i++]);
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    window.__ticked++;
    setTimeout(next, 0);
  }
  setTimeout(next, Math.max(0, start - Date.now()));
}"""
ALL_CHECKED = """(items) => items.every((id) => document.getElementById("dxp-box-" + id).checked)"""


def test_two_tabs_ticking_at_once_keep_every_tick(context, base):
    left, right = new_page(context), new_page(context)
    open_page(left, base, "checklist/")
    open_page(right, base, "checklist/")
    items = left.locator("li.dxp-item").evaluate_all(
        "(nodes) => nodes.slice(0, 40).map((n) => n.getAttribute('data-dxp-item'))"
    )
    assert len(items) == 40
    start = int(time.time() * 1000) + 300
    left.evaluate(TICK_AT, [items[0::2], start])
    right.evaluate(TICK_AT, [items[1::2], start])
    for page in (left, right):
        page.wait_for_function("() => window.__ticked === 20")
    # Each tab shows the other's ticks without a reload (the storage event), and the stored record
    # holds all forty.
    for page in (left, right):
        page.wait_for_function(ALL_CHECKED, arg=items, timeout=15_000)
    time.sleep(1)
    for page in (left, right):
        (record,) = records(page).values()
        assert sorted(record["items"]) == sorted(items)
        assert page.evaluate(ALL_CHECKED, items)
    left.reload()
    left.locator("[data-dxp-toolbar]").first.wait_for(state="visible")
    assert left.evaluate(ALL_CHECKED, items)
    # Unticking in one tab reaches the other too, and stays unticked.
    left.locator(f"#dxp-box-{items[5]}").uncheck()
    expect(right.locator(f"#dxp-box-{items[5]}")).not_to_be_checked()
    time.sleep(0.5)
    assert items[5] not in next(iter(records(right).values()))["items"]
    assert left.js_errors == []
    assert right.js_errors == []


# --- 4. full storage -------------------------------------------------------------------------------


def test_full_storage_is_reported_and_overwrites_nothing(page, playbook_url, first):
    one, two = first.items[0].id, first.items[1].id
    broken = "{cut short: " + "ab" * 100_000  # unreadable, and too big to copy aside when full
    open_page(page, playbook_url, f"principles/{first.id}/")
    page.evaluate(SEED, {REC + "default": broken, CURRENT: "default"})
    # Leave room for a small record and a tick, but not for a copy of the broken one.
    page.evaluate("() => localStorage.setItem('room', 'x'.repeat(3000))")
    assert page.evaluate(FILL) > 0
    page.evaluate("() => localStorage.removeItem('room')")
    page.reload()
    page.locator("[data-dxp-toolbar]").first.wait_for(state="visible")
    expect(notice(page)).to_contain_text("保存領域が一杯")
    assert storage(page)[REC + "default"] == broken
    box(page, one).check()
    assert storage(page)[REC + "default"] == broken
    assert box(page, one).is_checked()
    # Now not a character is left: the next tick is refused, said so, and changes nothing.
    page.evaluate(FILL)
    before = kept(page)
    box(page, two).click()
    expect(notice(page)).to_contain_text("保存できませんでした")
    assert not box(page, two).is_checked()
    assert kept(page) == before
    # A note that cannot be saved stays in its box, with the reason beside it.
    page.locator(f"#{two} .dxp-note__toggle").click()
    area = page.locator(f"#dxp-note-{two}-text")
    area.fill("書けないメモ")
    area.blur()
    expect(page.locator(f"#dxp-note-{two}-error")).to_contain_text("保存できませんでした")
    assert area.input_value() == "書けないメモ"
    assert kept(page) == before
    page.reload()
    page.locator("[data-dxp-toolbar]").first.wait_for(state="visible")
    assert box(page, one).is_checked()
    assert not box(page, two).is_checked()
    assert kept(page) == before
    assert page.js_errors == []


def test_full_storage_on_import_and_new_assessment_changes_nothing(page, playbook_url, first):
    open_page(page, playbook_url, f"principles/{first.id}/")
    box(page, first.items[0].id).check()
    open_page(page, playbook_url, "dashboard/")
    page.evaluate(FILL)
    before = storage(page)
    big = {first.items[1].id: {"done": True, "note": "メモ" * 900}}
    import_file(page, "big.json", _import({"id": "big", "name": "大きい", "items": big}))
    status = page.locator("[data-dxp-transfer] [data-dxp-status]")
    expect(status).to_contain_text("保存できませんでした")
    assert storage(page) == before
    page.locator('[data-dxp-action="new"]').click()
    page.locator("#dxp-name").fill("新しい評価" * 10)
    page.locator("#dxp-name").press("Enter")
    expect(page.locator("[data-dxp-manager] [data-dxp-status]")).to_contain_text("保存できません")
    assert storage(page) == before
    assert page.locator("#dxp-current option").all_text_contents() == ["自己点検"]
    assert page.js_errors == []


# --- 5. item IDs that are names of Object.prototype ---------------------------------------------


def test_items_named_like_object_prototype_save_and_round_trip(page, build_site):
    files = pair(
        "sample-principle",
        items=["Build it { #constructor }", "Share it { #prototype }", "Check it { #to-string }"],
    )
    result = build_site(files)
    assert result.returncode == 0, result.output
    server, base = serve(result.site_dir)
    try:
        open_page(page, base, "principles/sample-principle/")
        progress = page.locator('[data-dxp-progress="principle:sample-principle"]')
        expect(progress).to_contain_text("0 / 3")
        assert not box(page, "constructor").is_checked()
        box(page, "constructor").check()
        box(page, "prototype").check()
        page.locator("#constructor .dxp-note__toggle").click()
        page.locator("#dxp-note-constructor-text").fill("作る")
        page.locator("#dxp-note-constructor-text").blur()
        expect(progress).to_contain_text("2 / 3")
        (record,) = records(page).values()
        assert record["items"] == {
            "constructor": {"state": "done", "note": "作る"},
            "prototype": {"state": "done"},
        }
        page.reload()
        assert box(page, "constructor").is_checked()
        assert box(page, "prototype").is_checked()
        assert page.locator("#dxp-note-constructor-text").input_value() == "作る"
        box(page, "constructor").uncheck()
        page.reload()
        assert not box(page, "constructor").is_checked()
        assert records(page)[record["id"]]["items"]["constructor"] == {
            "state": "open",
            "note": "作る",
        }
        assert page.evaluate(PROTOTYPE)[1:] == ["undefined", "undefined"]
        assert page.js_errors == []
    finally:
        server.shutdown()


def test_saved_records_with_prototype_names_neither_break_nor_vanish(page, playbook_url, first):
    one = first.items[0].id
    odd = {
        "schema": 1,
        "id": "constructor",
        "name": "名前がconstructor",
        "created": "2024-01-01T00:00:00Z",
        "items": {
            "constructor": {"done": True, "note": "旧版の項目"},
            "prototype": {"done": True},
            one: {"done": True},
        },
    }
    camel = json.dumps(
        {"schema": 1, "id": "tostring", "name": "x", "items": {"toString": {"done": True}}}
    )
    # A schema 0 record whose notes map names "__proto__" (migrating it naively pollutes).
    legacy = json.dumps(
        {
            "schema": 0,
            "id": "legacy",
            "name": "旧形式",
            "checked": [one],
            "notes": {"__proto__": {"polluted": "yes", "note": "汚染"}},
        }
    )
    open_page(page, playbook_url, f"principles/{first.id}/")
    for pointer in ("constructor", "toString", "hasOwnProperty", "__proto__"):
        seed(
            page,
            {
                REC + "constructor": json.dumps(odd),
                REC + "tostring": camel,
                REC + "legacy": legacy,
                CURRENT: pointer,
            },
        )
        assert page.js_errors == [], pointer
        assert box(page, one).is_checked(), pointer
        assert page.locator("[data-dxp-name]").first.text_content() == odd["name"], pointer
        assert page.evaluate(PROTOTYPE)[1:] == ["undefined", "undefined"], pointer
    box(page, first.items[1].id).check()
    saved = records(page)["constructor"]["items"]
    assert saved == v2({**odd["items"], first.items[1].id: {"done": True}})
    # "toString" is no valid item ID, and "__proto__" no name this playbook writes: those records
    # are set aside whole, byte for byte, not lost or half-read.
    assert sorted(v for k, v in storage(page).items() if k.startswith(QUAR)) == sorted(
        [camel, legacy]
    )
    assert page.locator(".dxp-note__print").all_text_contents() == [""] * len(first.items)
    open_page(page, playbook_url, "dashboard/")
    assert (
        "この版にない項目が2件" in page.locator("[data-dxp-manager] [data-dxp-notice]").inner_text()
    )
    assert (
        export_json(page)["assessments"][0]["items"]["constructor"]
        == v2(odd["items"])["constructor"]
    )
    assert page.js_errors == []


# --- 6. unreadable records set aside side by side ---------------------------------------------------

#: Date.now() standing still, so that records set aside at once get the same time stamp.
FROZEN_CLOCK = "Date.now = () => 1735689600000;"


def test_unreadable_records_with_colliding_keys_are_all_set_aside(context, base):
    context.add_init_script(FROZEN_CLOCK)
    page = new_page(context)
    long = "x" * 64  # the set-aside key keeps the first 64 characters of the record's ID
    first_two = {REC + long + "-one": "{broken one", REC + long + "-two": '{"broken": "two"'}
    open_page(page, base, "checklist/")
    seed(page, first_two)
    held = {k: v for k, v in ours(page).items() if k.startswith(QUAR)}
    assert sorted(held.values()) == sorted(first_two.values())
    assert not [k for k in ours(page) if k in first_two]
    # Later, a third one under the same truncated name and the same stamp.
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [REC + long + "-three", "[3"])
    page.reload()
    page.locator("[data-dxp-toolbar]").first.wait_for(state="visible")
    held = {k: v for k, v in ours(page).items() if k.startswith(QUAR)}
    assert sorted(held.values()) == sorted([*first_two.values(), "[3"])
    assert "読めない保存データが1件" in notice(page).inner_text()
    open_page(page, base, "dashboard/")
    assert "3件" in page.locator("[data-dxp-quarantine]").inner_text()
    assert page.js_errors == []
