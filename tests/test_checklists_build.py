"""The checklists in real builds: generated pages, browser data and downloads of the playbook,
and small sites that must build safely or fail with one clear line."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re

import jsonschema
import openpyxl
import pytest
from tests.conftest import ROOT
from tests.factories import pair

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.checklists.progress import DASHBOARD_STYLES, WORKBOOK_SCRIPT, ZIP_LIBRARY
from dx_playbook.core.model import schema
from dx_playbook.core.model.languages import PLAYBOOK
from dx_playbook.core.print.handouts import PRINT_ALL_STYLES
from dx_playbook.core.text import ui_text
from dx_playbook.core.text.catalogue import catalogue

pytestmark = pytest.mark.build

DOWNLOADS = (
    "dx-playbook-checklist.ja.xlsx",
    "dx-playbook-checklist.en.xlsx",
    "dx-playbook-checklist.ja.csv",
    "dx-playbook-checklist.en.csv",
    "playbook.ja.json",
    "playbook.en.json",
    "playbook.schema.json",
    "dx-playbook-assessment.schema.json",
)


@pytest.fixture(scope="session")
def model(playbook):
    """The site model of the very docs the session build used."""
    return load_site(playbook.project_dir / "docs")


def item_ids(model, lang: str) -> list[str]:
    return [item.id for p in model.principles_in(lang) for item in p.items]


def test_every_download_is_written_once_at_the_site_root(playbook):
    for name in DOWNLOADS:
        assert (playbook.site_dir / "downloads" / name).stat().st_size > 200, name
    assert not list((playbook.site_dir / "en").rglob("*.xlsx"))


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_workbook_holds_every_checklist_item_of_the_site(playbook, model, lang):
    book = openpyxl.load_workbook(
        playbook.site_dir / f"downloads/dx-playbook-checklist.{lang}.xlsx"
    )
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[-1] for row in rows] == item_ids(model, lang)
    assert len(rows) >= 20 * 3
    texts = {item.id: item.text for p in model.principles_in(lang) for item in p.items}
    assert all(row[2] for row in rows)
    assert sum(row[2] == texts[row[-1]] for row in rows) > len(rows) / 2  # most items are plain
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref) == f"E2:E{len(rows) + 1}"
    assert sheet.print_title_rows == "$1:$1"


def test_workbooks_of_both_languages_share_their_ids(playbook):
    ids = {}
    for lang in PLAYBOOK.codes:
        book = openpyxl.load_workbook(
            playbook.site_dir / f"downloads/dx-playbook-checklist.{lang}.xlsx"
        )
        ids[lang] = [row[-1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert ids["ja"] == ids["en"]


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_csv_is_utf8_with_bom_and_lists_every_item(playbook, model, lang):
    raw = (playbook.site_dir / f"downloads/dx-playbook-checklist.{lang}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(ui_text.COLUMNS[lang])
    assert [row[-1] for row in rows[1:]] == item_ids(model, lang)


def test_datasets_validate_against_the_schema_and_share_ids(playbook, model):
    folder = playbook.site_dir / "downloads"
    found = json.loads((folder / "playbook.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(found)
    datasets = {}
    for lang in PLAYBOOK.codes:
        data = json.loads((folder / f"playbook.{lang}.json").read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, errors[0]
        assert data["schema_version"] == schema.SCHEMA_VERSION
        datasets[lang] = data

    def ids(data):
        return [(p["id"], [item["id"] for item in p["checklist"]]) for p in data["principles"]]

    assert ids(datasets["ja"]) == ids(datasets["en"])
    assert len(datasets["ja"]["principles"]) == len(model.principles_in("ja"))
    for principle in datasets["en"]["principles"]:
        assert (playbook.site_dir / principle["url"] / "index.html").is_file(), principle["url"]


def read_asset(playbook, path: str) -> dict:
    text = (playbook.site_dir / path).read_text(encoding="utf-8")
    head = "window.dxpChecklistData=Object.assign(window.dxpChecklistData||{},"
    assert text.count(head) == 1, path
    return json.loads(text.split(head, 1)[1].rstrip().removesuffix(");"))


def data_assets(page: str) -> list[str]:
    return re.findall(r'<script src="(?:\.\./)*(assets/data/[^"]+)"', page)


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_browser_data_lists_every_item_in_reading_order(playbook, model, lang):
    data = read_asset(playbook, f"assets/data/dxp-checklists.{lang}.js")
    assert [item[0] for item in data["items"]] == item_ids(model, lang)
    settings = read_asset(playbook, f"assets/data/dxp-settings.{lang}.js")
    assert settings["lang"] == lang
    assert "items" not in settings
    assert "text" not in data
    prefix = "" if lang == "ja" else "en/"
    dashboard = playbook.read(f"{prefix}dashboard/index.html")
    every = [f"assets/data/dxp-settings.{lang}.js", f"assets/data/dxp-checklists.{lang}.js"]
    # The dashboard also fills and reads workbooks: fflate, the build's workbook, the code.
    workbook = f"assets/data/dxp-workbook.{lang}.js"
    # ... and the words only it and the report use.
    words = f"assets/data/dxp-dashboard.{lang}.js"
    assert data_assets(dashboard) == [*every, words, workbook]
    report = playbook.read(f"{prefix}report/index.html")
    assert data_assets(report) == [*every, words]
    scripts = re.findall(r'<script src="(?:\.\./)*([^"]+)"', dashboard)
    order = [ZIP_LIBRARY, workbook, WORKBOOK_SCRIPT]
    assert [scripts.index(script) for script in order] == sorted(
        scripts.index(script) for script in order
    )
    assert scripts.index(WORKBOOK_SCRIPT) < scripts.index("assets/javascripts/dxp-checklists.js")
    assert (playbook.site_dir / ZIP_LIBRARY).read_bytes() == (
        ROOT / "node_modules/fflate/umd/index.js"
    ).read_bytes()
    assert "MIT" in (playbook.site_dir / ZIP_LIBRARY).with_name("LICENSE").read_text()
    template = (playbook.site_dir / workbook).read_text(encoding="utf-8")
    download = playbook.site_dir / f"downloads/dx-playbook-checklist.{lang}.xlsx"
    assert base64.b64encode(download.read_bytes()).decode() in template, "one design"
    assert dashboard.index(f"dxp-checklists.{lang}.js") < dashboard.index("dxp-checklists.js")
    other = playbook.read(f"{prefix}checklist/index.html")
    assert ZIP_LIBRARY not in other, "only the dashboard loads the workbook code"


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_a_principle_page_loads_its_own_items_only(playbook, model, lang):
    """What a principle page loads stays the same size however many principles there are."""
    prefix = "" if lang == "ja" else "en/"
    for principle in model.principles_in(lang):
        page = playbook.read(f"{prefix}principles/{principle.id}/index.html")
        own = f"assets/data/{lang}/{principle.id}.js"
        assert data_assets(page) == [f"assets/data/dxp-settings.{lang}.js", own]
        items = read_asset(playbook, own)
        assert [item[0] for item in items["items"]] == [item.id for item in principle.items]
        assert [p["id"] for p in items["principles"]] == [principle.id]
    # A page with nothing to tick or count loads no data at all.
    assert data_assets(playbook.read(f"{prefix}about/sources/index.html")) == []


def stylesheets(page: str) -> list[str]:
    return re.findall(
        r'<link rel="stylesheet" href="(?:\.\./)*(assets/stylesheets/dxp-[^"]+)"', page
    )


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_the_styles_of_one_kind_of_page_load_on_that_kind_only(playbook, model, lang):
    """The dashboard's and report's styles, and the print-all page's, are not part of what every
    principle page downloads (issue 17: at most 50 KB of ours, constant in N)."""
    prefix = "" if lang == "ja" else "en/"
    own = {"dashboard": DASHBOARD_STYLES, "report": DASHBOARD_STYLES, "print-all": PRINT_ALL_STYLES}
    for path, sheet in own.items():
        page = playbook.read(f"{prefix}{path}/index.html")
        assert stylesheets(page)[-1] == sheet, f"{path}: its own style sheet comes last"
        assert (playbook.site_dir / sheet).is_file()
    for principle in model.principles_in(lang):
        page = playbook.read(f"{prefix}principles/{principle.id}/index.html")
        assert not set(stylesheets(page)) & set(own.values()), principle.id


def test_principle_pages_carry_lead_roles_and_credit(playbook, model):
    for lang, prefix in (("ja", ""), ("en", "en/")):
        for principle in model.principles_in(lang):
            page = playbook.read(f"{prefix}principles/{principle.id}/index.html")
            lead = page.index('class="dxp-lead"')
            assert page.index("<h1") < lead < page.index('class="dxp-checklist"'), principle.id
            for role in principle.roles:
                assert f'href="../../roles/{role}/"' in page[lead:], (principle.id, role)
            credit = re.search(
                r'<div class="dxp-credit" data-dxp-credit="(\w+)">(.*?)</div>', page, re.S
            )
            assert credit, principle.id
            part_title = schema.SERIES_PART_TITLES[principle.series_part][lang]
            assert part_title in credit.group(2)
            assert 'href="../../about/sources/"' in credit.group(2)


def test_every_principle_credit_claims_only_what_the_source_gives(playbook, model):
    """Issue 20: a page of a part we hold in full says it is drawn from that text; any other
    page says it was inspired by the headings (or title) it names, and that the text is the
    editors'. The headings named are the page's own, in the page's language."""
    kinds = {"text": 0, "headings": 0, "title": 0}
    for lang, prefix in (("ja", ""), ("en", "en/")):
        words = {
            "ja": ("本文", "着想", "編集部"),
            "en": ("the text of part", "Inspired by", "editors"),
        }[lang]
        for principle in model.principles_in(lang):
            page = playbook.read(f"{prefix}principles/{principle.id}/index.html")
            found = re.search(r'data-dxp-credit="(\w+)">\n<p>(.*?)</p>', page, re.S)
            assert found, principle.id
            kind, line = found.group(1), found.group(2)
            kinds[kind] += 1
            held = principle.series_part in schema.SERIES_TEXT_PARTS
            assert kind == (
                "text" if held else "headings" if principle.series_headings else "title"
            )
            if held:
                assert words[0] in line, (lang, principle.id)
                assert words[1] not in line, (lang, principle.id)
            else:
                assert words[1] in line, (lang, principle.id)
                assert words[2] in line, (lang, principle.id)
                assert words[0] not in line, (lang, principle.id)
            known = schema.SERIES_HEADINGS[principle.series_part][lang]
            for n, heading in enumerate(known, 1):
                quoted = html.escape(
                    catalogue(lang)["views"]["heading"].format(heading=heading), quote=False
                )
                assert (quoted in line) == (
                    n in principle.series_headings or (held and not principle.series_headings)
                ), (lang, principle.id, heading)
    # The real playbook: three pages a language from part 5's text, seventeen from headings or a title.
    assert kinds["text"] == 6, kinds
    assert kinds["headings"] + kinds["title"] == 34, kinds


def test_national_material_is_named_in_full_and_never_as_the_series(playbook):
    ja = playbook.read("principles/command-tower/index.html")
    refs = re.search(r"<p class=\"dxp-credit__references\" data-dxp-references>(.*?)</p>", ja)
    assert refs
    assert "総務省「自治体DX推進手順書」" in refs.group(1)
    credit = re.search(r'data-dxp-credit="\w+">\n<p>(.*?)</p>', ja, re.S)
    assert credit
    assert "手順書" not in credit.group(1)
    assert "総務省" not in credit.group(1)
    en = playbook.read("en/principles/command-tower/index.html")
    refs = re.search(r"<p class=\"dxp-credit__references\" data-dxp-references>(.*?)</p>", en)
    assert refs
    assert (
        'Ministry of Internal Affairs and Communications, "Municipal DX Procedures Guide"'
        in refs.group(1)
    )
    assert '<span lang="ja">自治体DX推進手順書</span>' in refs.group(1)


def test_role_pages_list_the_items_of_their_role_in_their_language(playbook, model):
    for lang, prefix in (("ja", ""), ("en", "en/")):
        for role in schema.ROLES:
            page = playbook.read(f"{prefix}roles/{role}/index.html")
            expected = [i.id for p in model.principles_in(lang) for i in p.items if role in i.roles]
            assert re.findall(r'<li class="dxp-item" id="([^"]+)"', page) == expected, (lang, role)
            assert f'data-dxp-progress="role:{role}"' in page or not expected
    english = playbook.read("en/roles/leaders/index.html")
    assert "Principles and checklist items for this role" in english


def test_full_checklist_page_lists_every_item_grouped_by_pillar(playbook, model):
    for lang, prefix in (("ja", ""), ("en", "en/")):
        page = playbook.read(f"{prefix}checklist/index.html")
        assert re.findall(r'<li class="dxp-item" id="([^"]+)"', page) == item_ids(model, lang)
        positions = [page.index(f'id="dxp-pillar-{pillar}"') for pillar in schema.PILLARS]
        assert positions == sorted(positions)


def test_pillar_pages_show_the_progress_of_their_pillar(playbook, model):
    for pillar in schema.PILLARS:
        total = sum(len(p.items) for p in model.principles_in("en") if p.pillar == pillar)
        page = playbook.read(f"en/pillars/{pillar}/index.html")
        assert f'data-dxp-progress="pillar:{pillar}"' in page
        assert f'max="{total}"' in page


def test_dashboard_counts_items_by_pillar_and_role(playbook, model):
    page = playbook.read("en/dashboard/index.html")
    principles = model.principles_in("en")
    for role in schema.ROLES:
        total = sum(1 for p in principles for i in p.items if role in i.roles)
        assert f'data-dxp-progress="role:{role}"' in page
        assert re.search(rf'href="../roles/{role}/">[^<]+</a></td>\s*<td[^>]*>{total}</td>', page)
    assert "<dialog" in page
    assert 'role="status"' in page
    generated = page[page.index('id="dxp-assessments"') : page.index("</article>")]
    assert "style=" not in generated  # the Content-Security-Policy refuses inline styles


def test_hostile_content_is_escaped_in_pages_and_exports(build_site):
    files = pair("sample", summary="'<img src=x onerror=alert(1)> & \"q\"'")
    result = build_site(files)
    assert result.returncode == 0, result.output
    page = result.read("principles/sample/index.html")
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp;" in page
    data = (result.site_dir / "downloads/playbook.ja.json").read_text(encoding="utf-8")
    assert "<img" not in data
    assert json.loads(data)["principles"][0]["summary"].startswith("<img src=x")


def test_unknown_role_on_a_role_page_fails_strict_with_one_line(build_site):
    files = {
        **pair("sample"),
        "ja/roles/leaders.md": "---\ndxp_view: role\nrole: leadres\n---\n\n# 首長\n",
        "en/roles/leaders.md": "---\ndxp_view: role\nrole: leaders\n---\n\n# Leaders\n",
    }
    result = build_site(files)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.warnings if "docs/ja/roles/leaders.md" in line]
    assert len(lines) == 1, result.output
    assert "docs/ja/roles/leaders.md:3: unknown role 'leadres'" in lines[0]
    assert "did you mean 'leaders'" in lines[0]


def test_downloads_folder_can_be_moved(build_site):
    moved = {"dx-playbook/checklists": {"downloads_dir": "files/checklists"}}
    plugins = [moved if _named(p, "dx-playbook/checklists") else p for p in _plugins()]
    result = build_site(pair("sample"), plugins=plugins)
    assert result.returncode == 0, result.output
    assert (result.site_dir / "files/checklists/playbook.en.json").is_file()
    assert not (result.site_dir / "downloads/playbook.en.json").exists()


def _plugins() -> list:
    from tests.conftest import project_config

    return project_config()["plugins"]


def _named(entry, name: str) -> bool:
    return entry == name or (isinstance(entry, dict) and name in entry)


def test_a_moved_downloads_folder_is_the_one_build_and_check_keep_free(tmp_path, capsys):
    """A file of docs/ where the moved downloads go is one line in the build and in check."""
    from tests.conftest import make_project, run_build

    from dx_playbook.cli import main

    moved = {"dx-playbook/checklists": {"downloads_dir": "files/checklists"}}
    plugins = [moved if _named(p, "dx-playbook/checklists") else p for p in _plugins()]
    files: dict[str, str | bytes] = {
        **pair("sample"),
        "files/checklists/dx-playbook-checklist.ja.csv": "a,b\n",
    }
    project = make_project(tmp_path, files, plugins=plugins)
    result = run_build(project)
    needle = "docs/files/checklists/dx-playbook-checklist.ja.csv"
    assert result.returncode != 0
    assert len([line for line in result.warnings if needle in line]) == 1, result.output
    capsys.readouterr()
    assert main(["check", "--docs", str(project / "docs")]) != 0
    out = capsys.readouterr()
    assert len([line for line in (out.out + out.err).splitlines() if needle in line]) == 1, out
