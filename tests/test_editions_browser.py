"""A self-assessment made on a town's edition, imported into the plain playbook (issue 21):
the town's own items are kept, and the reader is told which edition they came from."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from tests.a11y_helpers import format_violations, new_scheme_page
from tests.test_accessibility import SCHEMES, report, scan
from tests.test_checklists_browser import (
    box,
    confirm,
    export,
    import_file,
    open_page,
    records,
    status,
)

pytestmark = pytest.mark.browser

TOWN_ITEM = "mihon--decisions-posted"
OURS = "command-tower-regular-decisions"


def test_a_record_made_on_an_edition_keeps_its_town_items_in_the_plain_playbook(
    page, mihon, playbook_url
):
    town = mihon.site_dir.as_uri() + "/"
    open_page(page, town, "principles/command-tower/")
    expect(page.locator(f"#{TOWN_ITEM} .dxp-item__from")).to_have_text("見本町の項目")
    box(page, TOWN_ITEM).check()
    box(page, OURS).check()
    open_page(page, town, "dashboard/")
    name, content = export(page, "export-json")
    exported = json.loads(content)
    (record,) = exported["assessments"]
    assert record["items"][TOWN_ITEM]["state"] == "done"

    open_page(page, playbook_url, "dashboard/")
    assert page.locator(f"#dxp-box-{TOWN_ITEM}").count() == 0
    import_file(page, name, content)
    confirm(page)  # it replaces the empty self-assessment a first visit starts with
    expect(status(page)).to_contain_text("1件の自己点検を読み込みました")
    expect(status(page)).to_contain_text(TOWN_ITEM)
    expect(status(page)).to_contain_text("別の版の項目です(mihon 1)")
    kept = records(page)[record["id"]]["items"]
    assert kept[TOWN_ITEM]["state"] == "done"
    assert kept[OURS]["state"] == "done"
    notice = page.locator("[data-dxp-manager] [data-dxp-notice], [data-dxp-notice]").first
    expect(notice).to_contain_text("この版にない項目が1件あります")
    expect(notice).to_contain_text("mihon 1")
    # Exported again from the plain playbook, the town's item is still there.
    _, again = export(page, "export-json")
    assert json.loads(again)["assessments"][0]["items"][TOWN_ITEM]["state"] == "done"


def test_the_editions_pages_have_no_wcag_violation_in_either_scheme(mihon, browser, capsys):
    """The town's colour, banner, boxes and item labels: axe-core, light and dark, from
    ``file://``, with Japanese on English pages marked."""
    base = mihon.site_dir.as_uri() + "/"
    sample = [
        "index.html",
        "principles/command-tower.html",
        "principles/leave-no-one-behind.html",
        "dashboard.html",
        "en/principles/command-tower.html",
        "en/dashboard.html",
    ]
    opened = {scheme: new_scheme_page(browser, scheme) for scheme in SCHEMES}
    pages = {scheme: page for scheme, (_, page) in opened.items()}
    unmarked: list[str] = []
    try:
        violations = scan(pages, [(f"mihon {rel}", base + rel) for rel in sample], unmarked)
    finally:
        for context, _ in opened.values():
            context.close()
    report(capsys, f"axe-core mihon edition: {len(sample)} pages x {len(SCHEMES)} schemes")
    assert not violations, format_violations(violations)
    assert not unmarked, unmarked
