"""The checklists' pure Python: escaping, link rebasing, views, exports, config. No build."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from tests.factories import home, pair, principle

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.checklists import progress, views
from dx_playbook.core.checklists.checklist_html import (
    MARKER,
    escape_tags,
    for_search_index,
    mark_items,
    render_items,
)
from dx_playbook.core.exports import exports
from dx_playbook.core.model import schema
from dx_playbook.core.model.languages import PLAYBOOK
from dx_playbook.mkdocs_plugins.checklists.plugin import ChecklistsPlugin

HOSTILE_TITLE = '=HYPERLINK("http://x") <script>alert(1)</script> *star* [a](b) { #x }'


def write_site(root: Path, files: dict[str, str]) -> Path:
    docs = root / "docs"
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


@pytest.fixture
def hostile_site(tmp_path):
    """A valid site whose title, summary, items and notes hold HTML and formulas."""
    items = [
        "=1+1 starts like a formula { #sample-formula }",
        "Read [the other page](other.md#why) and **act** { #sample-linked }",
        "@SUM(A1) `a<b>` { #sample-at }",
    ]
    files = {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        "ja/principles/sample.md": principle(
            "sample",
            "ja",
            title=HOSTILE_TITLE,
            summary="'<b>bold</b> & \"quotes\"'",
            items=items,
        ),
        "en/principles/sample.md": principle(
            "sample", "en", title="-10% plain", summary="Plain.", items=items
        ),
    }
    return load_site(write_site(tmp_path, files))


def test_plain_text_drops_markdown_marks_but_keeps_html_as_characters():
    assert (
        progress.plain_text("Read [the page](x.md) and **act** now") == "Read the page and act now"
    )
    assert progress.plain_text("`code` and *em* and \\*star\\*") == "code and em and *star*"
    assert progress.plain_text("<b>x</b> &amp; y") == "<b>x</b> & y"
    assert progress.plain_text("snake_case_name stays") == "snake_case_name stays"


def test_md_escape_makes_every_markdown_and_html_character_literal():
    escaped = views.md_escape(HOSTILE_TITLE)
    assert "<" not in escaped
    assert ">" not in escaped
    assert "&lt;script&gt;" in escaped
    for special in "*[](){}#":
        assert f"\\{special}" in escaped
    assert views.md_escape("a\n  b") == "a b"


def test_escape_tags_escapes_tags_outside_code_spans_only():
    assert escape_tags("x <script>y</script>") == "x &lt;script>y&lt;/script>"
    assert escape_tags("`<b>` and <img src=x>") == "`<b>` and &lt;img src=x>"
    assert escape_tags("a < b and <https://example.org>") == "a < b and <https://example.org>"


def test_marked_items_render_as_labelled_checkboxes_without_raw_html():
    marked = mark_items("- [ ] Do <b>it</b> now { #do-it }\n- [ ] No ID here\n")
    assert "&lt;b>" in marked
    assert "- [ ] No ID here" in marked
    import markdown

    html = render_items(markdown.markdown(marked), "principle-x")
    assert '<input type="checkbox" class="dxp-item__box" id="dxp-box-do-it"' in html
    assert '<label class="dxp-item__label" for="dxp-box-do-it">' in html
    assert 'data-dxp-principle="principle-x"' in html
    assert "<b>" not in html


@pytest.mark.parametrize(
    ("source", "page", "text", "expected"),
    [
        ("principles/a.md", "roles/x.md", "[b](b.md)", "[b](../principles/b.md)"),
        ("principles/a.md", "checklist.md", "[g](../glossary.md#cdo)", "[g](glossary.md#cdo)"),
        ("principles/a.md", "checklist.md", "[here](#why)", "[here](principles/a.md#why)"),
        (
            "principles/a.md",
            "checklist.md",
            "[w](https://example.org/x)",
            "[w](https://example.org/x)",
        ),
        ("principles/a.md", "roles/x.md", "![i](img.png)", "![i](img.png)"),
    ],
)
def test_rebase_links_keeps_links_working_from_another_folder(source, page, text, expected):
    assert views.rebase_links(text, source, page) == expected


PAGE_HTML = (
    '<h1 id="t">=HYPERLINK("x") &lt;b&gt;</h1>\n<p>Intro.</p>\n<h2 id="checklist">チェックリスト</h2>\n'
    '<ul class="dxp-checklist">\n<li class="dxp-item">…</li>\n</ul>\n<h2 id="related">関連</h2>\n'
)


def test_principle_chrome_adds_lead_toolbar_and_credit_in_the_right_places(hostile_site):
    (sample,) = hostile_site.principles_in("ja")
    result = views.principle_chrome(
        PAGE_HTML, sample, lambda path: views.relative(path, "principles/sample.md")
    )
    lead = result.index('class="dxp-lead"')
    assert result.index("</h1>") < lead < result.index("Intro.")
    checklist = result.index('<ul class="dxp-checklist">')
    assert result.index('id="checklist"') < result.index("dxp-toolbar") < checklist
    assert result.count("dxp-toolbar__progress") == 1
    assert '<a href="../roles/leaders.md">首長・幹部</a>' in result
    assert '<a href="../pillars/people.md">人と仕組み</a>' in result
    assert "第5回「適切な理解と人材活用」" in result
    credit = result[result.index('<div class="dxp-credit"') :]
    assert result.rstrip().endswith("</div>")
    assert 'href="../about/sources.md"' in credit
    assert 'href="../dashboard.md"' in result
    # The principle's own text (a title with markup in it) stays text.
    assert "<b>" not in result[lead:checklist]


def test_principle_chrome_omits_links_to_missing_pages(hostile_site):
    (sample,) = hostile_site.principles_in("en")
    result = views.principle_chrome(PAGE_HTML, sample, lambda path: None)
    assert "../roles/" not in result
    assert "Leaders" in result
    assert "dashboard.md" not in result
    assert 'Source: the text of part 5, "Sound understanding and making use of talent"' in result
    # A page without a title still gets its lead, first.
    untitled = views.principle_chrome("<p>Text</p>", sample, lambda path: None)
    assert untitled.startswith('<div class="dxp-lead">')


def test_role_view_lists_only_principles_of_that_role_with_rebased_links(hostile_site):
    result = views.role_view(hostile_site, "ja", "leaders", "roles/leaders.md", lambda _: True)
    assert "- [ ] Read [the other page](../principles/other.md#why)" in result
    assert "{ #sample-formula }" in result
    assert 'data-dxp-progress="role:leaders"' in result
    empty = views.role_view(hostile_site, "ja", "residents", "roles/residents.md", lambda _: True)
    assert "- [ ]" not in empty
    assert "まだありません" in empty


def test_checklist_view_groups_every_item_by_pillar(hostile_site):
    result = views.checklist_view(hostile_site, "en", "checklist.md", lambda _: True)
    assert "## [People](pillars/people.md) { #dxp-pillar-people" in result
    assert "## [Mission]" not in result  # no principle in that pillar
    assert result.count("- [ ] ") == 3
    assert 'data-dxp-progress="all"' in result


def test_dashboard_view_has_tables_controls_and_a_dialog(hostile_site):
    result = views.dashboard_view(hostile_site, "ja", "dashboard.md", lambda _: True, "1 MB")
    assert "| [首長・幹部](roles/leaders.md) | 3 |" in result
    assert "| [ミッション](pillars/mission.md) | 0 |" in result
    assert '<dialog class="dxp-dialog"' in result
    assert 'role="status"' in result
    assert "上限は1 MBです" in result


def test_pillar_pages_get_their_progress_under_the_title(hostile_site):
    markdown = "# 人と仕組み\n\n本文。\n"
    result = views.pillar_progress(
        markdown, hostile_site, "people", ("ja", "pillars/people.md"), lambda _: True
    )
    assert result.index("# 人と仕組み") < result.index('data-dxp-progress="pillar:people"')
    assert result.index("dxp-toolbar") < result.index("本文。")
    assert 'max="3"' in result
    assert "(../dashboard.md)" in result


def test_view_problems_name_the_file_line_and_fix(tmp_path):
    """Reported by ``load_site`` itself, so ``dx-playbook check`` finds them as the build does."""
    files = {
        **pair("sample"),
        "ja/roles/leaders.md": "---\ndxp_view: role\nrole: leader\n---\n\n# 首長\n",
        "en/roles/leaders.md": "---\ndxp_view: role\n---\n\n# Leaders\n",
    }
    site = load_site(write_site(tmp_path, files))
    problems = sorted(str(problem) for problem in site.problems)
    assert problems == [
        "docs/en/roles/leaders.md:2: a role view has no 'role'. Fix: add a line 'role: <id>' "
        "with one of: " + ", ".join(schema.ROLES),
        "docs/ja/roles/leaders.md:3: unknown role 'leader'. Fix: did you mean 'leaders'? "
        "(allowed: " + ", ".join(schema.ROLES) + ")",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+81 3", "'+81 3"),
        ("-10%", "'-10%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("＝全角", "'＝全角"),
        ("plain = fine", "plain = fine"),
        ("<b>x</b>", "<b>x</b>"),
    ],
)
def test_neutralise_prefixes_formula_starts_only(value, expected):
    assert exports.neutralise(value) == expected


def test_csv_has_bom_crlf_header_and_neutralised_cells(hostile_site):
    data = exports.checklist_csv(hostile_site, "ja")
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "柱",
        "原則",
        "チェック項目",
        "関わる役割",
        "状態",
        "担当",
        "期限",
        "メモ",
        "原則ID",
        "項目ID",
    ]
    assert [row[-1] for row in rows[1:]] == ["sample-formula", "sample-linked", "sample-at"]
    assert rows[1][1].startswith("'=HYPERLINK")
    # The title is Markdown: its emphasis marks go, its HTML stays as characters.
    assert "<script>alert(1)</script> star a" in rows[1][1]
    assert rows[1][2] == "'=1+1 starts like a formula"
    assert rows[2][2] == "Read the other page and act"
    assert rows[3][2] == "'@SUM(A1) a<b>"
    assert rows[1][3] == "首長・幹部、全職員"
    en_rows = list(
        csv.reader(io.StringIO(exports.checklist_csv(hostile_site, "en").decode("utf-8-sig")))
    )
    assert en_rows[1][1] == "'-10% plain"


def test_xlsx_cells_are_text_never_formulas(hostile_site):
    book = openpyxl.load_workbook(io.BytesIO(exports.checklist_xlsx(hostile_site, "ja")))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type == "s" for cell in cells)
    title = sheet.cell(row=2, column=2)
    assert title.value.startswith("=HYPERLINK")
    assert title.quotePrefix is True
    assert sheet.cell(row=2, column=3).value == "=1+1 starts like a formula"
    assert sheet.cell(row=2, column=3).quotePrefix is True
    assert sheet.cell(row=3, column=3).quotePrefix is False


def test_xlsx_has_drop_down_print_setup_and_about_sheet(hostile_site):
    book = openpyxl.load_workbook(io.BytesIO(exports.checklist_xlsx(hostile_site, "en")))
    sheet, summary, about = book.worksheets
    assert sheet.title == "Checklist"
    assert summary.title == "Summary"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Not started,In progress,Done,Not applicable"'
    assert str(validation.sqref) == "E2:E4"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # 1 is the default, which XlsxWriter leaves unwritten.
    assert int(sheet.page_setup.fitToWidth or 1) == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    assert "After COVID-19" in " ".join(str(cell.value) for cell in about["A"])


def test_xlsx_drops_control_characters_it_cannot_store():
    assert exports.xml_safe("a\x00b\x1bc\td\n") == "abc\td\n"


def test_dataset_validates_against_its_schema_and_escapes_html(hostile_site):
    validator = jsonschema.Draft202012Validator(exports.dataset_schema())
    for lang in PLAYBOOK.codes:
        raw = exports.dataset_json(hostile_site, lang)
        assert b"<" not in raw
        assert b">" not in raw
        data = json.loads(raw)
        validator.validate(data)
        assert data["principles"][0]["checklist"][0]["id"] == "sample-formula"
    ja = json.loads(exports.dataset_json(hostile_site, "ja"))
    assert ja["principles"][0]["summary"] == '<b>bold</b> & "quotes"'
    assert ja["principles"][0]["url"] == "principles/sample/"
    assert json.loads(exports.dataset_json(hostile_site, "en"))["principles"][0]["url"] == (
        "en/principles/sample/"
    )


def test_dataset_schema_rejects_what_it_should():
    validator = jsonschema.Draft202012Validator(exports.dataset_schema())
    broken = {"schema_version": 1, "lang": "fr"}
    assert not validator.is_valid(broken)


def test_assessment_schema_carries_this_builds_limits():
    found = exports.assessment_schema()
    jsonschema.Draft202012Validator.check_schema(found)
    entry = found["$defs"]["entry_v2"]["properties"]
    assert entry["note"]["maxLength"] == progress.LIMITS["note"]
    assert entry["owner"]["maxLength"] == progress.LIMITS["owner"]
    assert found["properties"]["schema_version"]["maximum"] == progress.ASSESSMENT_SCHEMA_VERSION
    example = {
        "format": "dx-playbook-assessments",
        "schema_version": 2,
        "assessments": [
            {
                "id": "a1",
                "name": "総務課",
                "about": {"municipality": "架空町", "date": "2027-04-01"},
                "items": {
                    "x-y": {"state": "doing", "owner": "情報政策係", "due": "2027-06-30"},
                    "x-z": {"state": "na", "note": "当町に該当する施設がない"},
                },
            }
        ],
    }
    jsonschema.validate(example, found)
    # A file an earlier edition wrote (done or not) is still a valid file to import.
    jsonschema.validate(
        {
            "format": "dx-playbook-assessments",
            "schema_version": 1,
            "assessments": [{"id": "a1", "name": "総務課", "items": {"x-y": {"done": True}}}],
        },
        found,
    )
    for wrong in (
        {"Bad ID": {"state": "done"}},
        {"x-y": {"state": "finished"}},
        {"x-y": {"state": "doing", "due": "30/06/2027"}},
    ):
        example["assessments"][0]["items"] = wrong
        assert not jsonschema.Draft202012Validator(found).is_valid(example), wrong


def test_browser_data_is_safe_inside_a_script_and_lists_items_in_order(hostile_site):
    data = progress.browser_data(hostile_site, "ja", "dx-playbook", 1024, "0.1.0")
    assert [item[0] for item in data["items"]] == ["sample-formula", "sample-linked", "sample-at"]
    assert data["principles"][0]["roles"] == ["leaders", "all-staff"]
    script = progress.browser_script(data)
    assert "<" not in script.split("\n", 1)[1]
    head = "window.dxpChecklistData=Object.assign(window.dxpChecklistData||{},"
    assert json.loads(script.split(head, 1)[1].rstrip("\n").removesuffix(");")) == data


def test_scopes_count_items_per_pillar_role_and_principle(hostile_site):
    found = progress.scopes(hostile_site.principles_in("ja"))
    assert len(found["all"]) == 3
    assert found["pillar:people"] == found["all"]
    assert found["pillar:mission"] == []
    assert found["role:all-staff"] == found["all"]
    assert found["role:cdo"] == []
    assert found["principle:sample"] == found["all"]


def test_downloads_have_the_names_the_downloads_pages_link_to(hostile_site):
    assert sorted(exports.downloads(hostile_site)) == [
        "dx-playbook-assessment.schema.json",
        "dx-playbook-checklist.en.csv",
        "dx-playbook-checklist.en.xlsx",
        "dx-playbook-checklist.ja.csv",
        "dx-playbook-checklist.ja.xlsx",
        "playbook.en.json",
        "playbook.ja.json",
        "playbook.schema.json",
    ]


def test_config_defaults_and_rejections():
    plugin = ChecklistsPlugin()
    assert plugin.load_config({}) == ([], [])
    assert plugin.config.storage_namespace == "dx-playbook"
    assert plugin.config.import_limit_kb == 1024
    for options, name in [
        ({"storage_namespace": "DX Playbook"}, "storage_namespace"),
        ({"downloads_dir": "../outside"}, "downloads_dir"),
        ({"import_limit_kb": 0}, "import_limit_kb"),
        ({"downloads": "yes"}, "downloads"),
    ]:
        errors, _ = ChecklistsPlugin().load_config(options)
        assert [key for key, _ in errors] == [name], options


def test_downloads_are_byte_identical_for_the_same_source_date_epoch(hostile_site, monkeypatch):
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767193200")
    first = exports.downloads(hostile_site)
    time.sleep(1.1)  # zip entries carry seconds: a second later, "now" would differ
    assert exports.downloads(hostile_site) == first
    book = openpyxl.load_workbook(io.BytesIO(first["dx-playbook-checklist.ja.xlsx"]))
    assert book.properties.modified.isoformat() == "2025-12-31T15:00:00"


def test_the_search_index_gets_items_as_text_and_the_summary_under_the_title():
    import markdown as md

    source = "# 原則\n\n## チェックリスト\n\n- [ ] 担当を *決める* { #decide-owner }\n"
    content = md.Markdown().convert(mark_items(source))
    indexed = for_search_index(content, "要約 <とても> 大切")
    assert MARKER not in indexed
    assert "<li>担当を <em>決める</em></li>" in indexed
    assert indexed.index("</h1>") < indexed.index("<p>要約 &lt;とても&gt; 大切</p>")
    assert indexed.index("<p>要約") < indexed.index("<h2")
    # No summary, no paragraph; a page without a title gets it first.
    assert "<p>" not in for_search_index(content)
    assert for_search_index("<p>本文</p>", "要約").startswith("<p>要約</p>")
