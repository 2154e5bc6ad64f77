"""A town's edition (``editions/<slug>/``): built on the playbook, never a fork of it.

What a town writes is read and checked at the ``load_site`` level, in milliseconds: every
mistake is one line naming the edition's file and line (never ours, never a traceback), and an
overlay with a mistake is not merged. Two builds check what readers get: the example edition
of the real playbook, and a small site whose plain build is byte for byte the same with or
without an ``editions/`` folder beside it.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import ROOT, build_edition, make_project, run_build
from tests.factories import pair

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.editions.apply import MAX_ITEMS
from dx_playbook.core.editions.edition_file import (
    DARK_BACKGROUND,
    contrast,
    contrast_with_white,
    on_dark,
)

EDITION = """\
name:
  ja: 北浜町版 プレイブック
  en: Kitahama Edition of the Playbook
short_name:
  ja: 北浜町
  en: Kitahama
fictional: true
colour: "#00695c"
"""

JA_OVERLAY = """\
---
hide:
  sample-principle-step-2: 町では県と共同で行うため。
---

## key-questions

北浜町では、毎月の定例会でこの問いを読み合わせています。

## checklist

- [ ] 定例会の記録を当日中に載せている { #minutes-posted }
"""

EN_OVERLAY = """\
---
hide:
  sample-principle-step-2: The town does this jointly with the prefecture.
---

## key-questions

Kitahama reads these questions aloud at its monthly meeting.

## checklist

- [ ] The meeting's minutes are posted on the day { #minutes-posted }
"""

OVERLAY = "principles/sample-principle.md"


def project(
    tmp_path: Path,
    *,
    edition: str = EDITION,
    ja: str | None = JA_OVERLAY,
    en: str | None = EN_OVERLAY,
    files: dict[str, str | bytes] | None = None,
) -> Path:
    """A small playbook with the edition ``kitahama`` beside its docs."""
    root = make_project(tmp_path, pair())
    folder = root / "editions/kitahama"
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(edition, encoding="utf-8")
    for lang, text in (("ja", ja), ("en", en)):
        if text is not None:
            (folder / lang / "principles").mkdir(parents=True)
            (folder / lang / OVERLAY).write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def problems_of(root: Path, edition: str = "kitahama") -> list[str]:
    return [str(problem) for problem in load_site(root / "docs", edition=edition).problems]


def test_an_edition_merges_its_example_items_and_hidden_items_into_our_page(tmp_path):
    site = load_site(project(tmp_path) / "docs", edition="kitahama")
    assert [str(p) for p in site.problems] == []
    assert site.edition is not None
    assert site.edition.name["en"] == "Kitahama Edition of the Playbook"
    assert site.hidden_items == {"sample-principle-step-2"}
    for lang, example in (("ja", "北浜町では"), ("en", "Kitahama reads")):
        page = site.page(lang, OVERLAY)
        assert page is not None
        ids = [item.id for item in page.structure.items]
        assert ids == [
            "sample-principle-step-1",
            "sample-principle-step-3",
            "kitahama--minutes-posted",
        ]
        body = page.document.body
        assert re.search(r'^!!! dxp-local ".+"\n\n    ' + example, body, re.M), body
        assert re.search(r'^!!! dxp-hidden ".+"\n\n    - Step 2[ (]', body, re.M), body
        # The example closes the section it names, before the next one begins.
        assert body.index(example) > body.index("Question 3?")
    # Our page as written is what its translation tracks: no stale notice from a merge.
    assert site.page("ja", OVERLAY).written is not None


def test_without_an_edition_the_editions_folder_is_not_read(tmp_path):
    site = load_site(project(tmp_path, edition="name: [") / "docs")
    assert site.problems == []
    assert site.edition is None
    assert [item.id for item in site.page("en", OVERLAY).structure.items][-1] == (
        "sample-principle-step-3"
    )


@pytest.mark.parametrize(
    ("case", "change", "where", "expect"),
    [
        (
            "no name",
            {
                "edition": EDITION.replace(
                    "name:\n  ja: 北浜町版 プレイブック\n  en: Kitahama Edition of the Playbook\n",
                    "",
                )
            },
            "editions/kitahama/edition.yml",
            "has no 'name'",
        ),
        (
            "unknown field",
            {"edition": EDITION + "colour_dark: '#000000'\n"},
            "editions/kitahama/edition.yml:9",
            "'colour_dark' is not a field",
        ),
        (
            "colour not a colour",
            {"edition": EDITION.replace('"#00695c"', "teal")},
            "editions/kitahama/edition.yml:8",
            "is not a colour written '#rrggbb'",
        ),
        (
            "colour white text cannot be read on",
            {"edition": EDITION.replace("#00695c", "#ffcc00")},
            "editions/kitahama/edition.yml:8",
            "under the 4.5:1",
        ),
        (
            "name missing in one language",
            {"edition": EDITION.replace("  en: Kitahama Edition of the Playbook\n", "")},
            "editions/kitahama/edition.yml:1",
            "'name' has no text in en",
        ),
        (
            "a language the playbook does not have",
            {"edition": EDITION + "languages: [ja, fr]\n"},
            "editions/kitahama/edition.yml:9",
            "'fr' is not a language of the playbook",
        ),
        (
            "e-mail that is not one",
            {
                "edition": EDITION
                + "contacts:\n  - office: {ja: 企画課, en: Planning}\n    email: dx at town\n"
            },
            "editions/kitahama/edition.yml:10",
            "is not an e-mail address",
        ),
        (
            "a link that is not https",
            {
                "edition": EDITION
                + "links:\n  - title: {ja: 計画, en: Plan}\n    url: javascript:alert(1)\n"
            },
            "editions/kitahama/edition.yml:10",
            "",
        ),
        (
            "unknown principle",
            {"ja": None, "files": {"ja/principles/sample-principal.md": JA_OVERLAY}},
            "editions/kitahama/ja/principles/sample-principal.md",
            "did you mean 'sample-principle'?",
        ),
        (
            "unknown section",
            {"ja": JA_OVERLAY.replace("## key-questions", "## key-question")},
            "editions/kitahama/ja/principles/sample-principle.md:6",
            "did you mean 'key-questions'?",
        ),
        (
            "hiding an item that is not ours",
            {"ja": JA_OVERLAY.replace("sample-principle-step-2:", "sample-principle-step-9:")},
            "editions/kitahama/ja/principles/sample-principle.md:3",
            "'sample-principle-step-9' is not a checklist item",
        ),
        (
            "an item without an ID",
            {"ja": JA_OVERLAY.replace(" { #minutes-posted }", "")},
            "editions/kitahama/ja/principles/sample-principle.md:12",
            "this checklist item has no ID",
        ),
        (
            "an item ID used twice",
            {
                "ja": JA_OVERLAY.replace(
                    "{ #minutes-posted }\n",
                    "{ #minutes-posted }\n- [ ] もう一つ { #minutes-posted }\n",
                )
            },
            "editions/kitahama/ja/principles/sample-principle.md:13",
            "'minutes-posted' is already used",
        ),
        (
            "prose under the checklist",
            {"ja": JA_OVERLAY + "\n説明の文です。\n"},
            "editions/kitahama/ja/principles/sample-principle.md:14",
            "only checklist items go under '## checklist'",
        ),
        (
            "text before any section",
            {
                "ja": JA_OVERLAY.replace(
                    "---\n\n## key-questions", "---\n\n前置きです。\n\n## key-questions"
                )
            },
            "editions/kitahama/ja/principles/sample-principle.md:6",
            "is not under a '## <section>' line",
        ),
        (
            "the translation's overlay missing",
            {"en": None},
            "editions/kitahama/en/principles/sample-principle.md",
            "has no en version",
        ),
        (
            "the translation adds an item of its own",
            {"en": EN_OVERLAY.replace("{ #minutes-posted }", "{ #minutes-online }")},
            "editions/kitahama/en/principles/sample-principle.md:12",
            "'minutes-online' is not in editions/kitahama/ja/",
        ),
        (
            "a file that is not an overlay",
            {"files": {"ja/principles/notes.txt": "memo"}},
            "editions/kitahama/ja/principles/notes.txt",
            "this is not an overlay",
        ),
    ],
)
def test_each_mistake_is_one_line_naming_the_editions_file(tmp_path, case, change, where, expect):
    root = project(tmp_path, **change)
    found = problems_of(root)
    about = [
        line for line in found if line.startswith(where + (":" if not where[-1].isdigit() else ""))
    ]
    assert len(about) == 1, f"{case}: {found}"
    assert expect in about[0], about[0]
    assert ". Fix: " in about[0], about[0]
    assert not any(line.startswith("docs/") for line in found), found


def test_too_many_items_and_hiding_everything_are_refused(tmp_path):
    items = "".join(f"- [ ] 項目{n} {{ #extra-{n} }}\n" for n in range(MAX_ITEMS + 1))
    ja = JA_OVERLAY.replace("- [ ] 定例会の記録を当日中に載せている { #minutes-posted }\n", items)
    en = EN_OVERLAY.replace(
        "- [ ] The meeting's minutes are posted on the day { #minutes-posted }\n", items
    )
    found = problems_of(project(tmp_path / "many", ja=ja, en=en))
    assert any(f"adds {MAX_ITEMS + 1} items" in line for line in found), found
    everything = "hide:\n" + "".join(f"  sample-principle-step-{n}: 不要。\n" for n in (1, 2, 3))
    ja = f"---\n{everything}---\n\n## key-questions\n\n例です。\n"
    found = problems_of(project(tmp_path / "all", ja=ja, en=None))
    assert any("every item of this checklist would be hidden" in line for line in found), found


def test_a_problem_in_the_merged_page_names_the_overlays_line(tmp_path):
    """Validation reads the merged page; its problem points at the town's line, not ours."""
    ja = JA_OVERLAY.replace("読み合わせています。", '読み合わせています。\n\n--8<-- "town.md"')
    en = EN_OVERLAY.replace("monthly meeting.", 'monthly meeting.\n\n--8<-- "town.md"')
    found = problems_of(project(tmp_path, ja=ja, en=en))
    assert len(found) == 2, found
    found.sort(key=lambda line: "/ja/" not in line)
    assert found[0].startswith("editions/kitahama/ja/principles/sample-principle.md:10: "), found
    assert "snippet file 'snippets/town.md' is missing" in found[0]
    assert found[1].startswith("editions/kitahama/en/principles/sample-principle.md:10: "), found


def test_an_svg_logo_that_holds_script_is_refused(tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    root = project(tmp_path, edition=EDITION + "logo: logo.svg\n", files={"logo.svg": svg})
    found = problems_of(root)
    assert len(found) == 1, found
    assert found[0].startswith("editions/kitahama/edition.yml:9: the SVG logo"), found


def test_a_logo_outside_the_editions_folder_is_refused(tmp_path):
    root = project(tmp_path, edition=EDITION + "logo: ../../docs/ja/index.md\n")
    (found,) = problems_of(root)
    assert "is not an .svg or .png file" in found
    root = project(tmp_path / "png", edition=EDITION + "logo: ../../secret.png\n")
    (root / "secret.png").write_bytes(b"\x89PNG\r\n")
    (found,) = problems_of(root)
    assert "outside the edition's folder" in found


def test_an_edition_that_is_a_link_to_elsewhere_is_refused(tmp_path):
    root = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (root / "editions/kitahama").rename(elsewhere)
    (root / "editions/kitahama").symlink_to(elsewhere)
    (found,) = problems_of(root)
    assert "is a link to somewhere else" in found


def test_a_name_that_is_no_edition_lists_the_editions(tmp_path):
    (found,) = problems_of(project(tmp_path), edition="kitahma")
    assert "there is no edition 'kitahma' (the editions are: kitahama)" in found


@pytest.mark.parametrize("colour", ["#00695c", "#1a237e", "#b71c1c", "#000000", "#4a148c"])
def test_the_dark_scheme_takes_the_editions_colour_lighter_enough_to_read(colour):
    light = on_dark(colour)
    assert contrast(light, DARK_BACKGROUND) >= 5.0
    assert light != "#ffffff"  # still the town's hue, not white


def test_contrast_is_wcag_s():
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#00695c") == pytest.approx(6.61, abs=0.01)


def test_the_example_edition_of_the_real_playbook_has_no_problem():
    site = load_site(ROOT / "docs", edition="mihon")
    assert [str(p) for p in site.problems] == []
    merged = [page for page in site.pages.values() if page.origins]
    assert {page.lang for page in merged} == {"ja", "en"}


# --- builds -------------------------------------------------------------------------------------


def tree(site_dir: Path) -> dict[str, str]:
    return {
        path.relative_to(site_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()
    }


@pytest.mark.build
def test_a_plain_build_is_the_same_with_or_without_editions(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1767225600", "DXP_EDITION": ""}
    plain = make_project(tmp_path / "plain", pair())
    with_editions = project(tmp_path / "with")
    first = run_build(plain, env=env, in_process=False)
    second = run_build(with_editions, env=env, in_process=False)
    assert first.returncode == 0, first.output
    assert second.returncode == 0, second.output
    assert tree(first.site_dir) == tree(second.site_dir)


NAMES = {
    "ja": "見本町版 自治体DXプレイブック",
    "en": "Mihon Town Edition of the Municipal DX Playbook",
}


@pytest.mark.build
@pytest.mark.parametrize(("lang", "prefix"), [("ja", ""), ("en", "en/")])
def test_the_example_edition_builds_with_its_name_colour_and_items(mihon, lang, prefix):
    site = mihon.site_dir
    # The offline build: its pages are files (principles/command-tower.html), as in the zip.
    page = (site / prefix / "principles/command-tower.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*" + re.escape(NAMES[lang]) + "</title>", page)
    assert 'class="dxp-local-banner"' in page
    assert 'data-dxp-item="mihon--decisions-posted"' in page
    assert 'data-dxp-item="command-tower-outside-expertise"' not in page
    assert '<div class="admonition dxp-hidden">' in page
    assert '<div class="admonition dxp-local">' in page
    assert re.search(r'href="(\.\./)+assets/stylesheets/dxp-edition\.css"', page)
    css = (site / "assets/stylesheets/dxp-edition.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color:#00695c;" in css.replace(" ", "")
    assert (site / "assets/images/dxp-edition-logo.svg").is_file()
    # The dashboard and every page's checklists read the data asset; the exports, their files.
    data = (site / f"assets/data/dxp-checklists.{lang}.js").read_text(encoding="utf-8")
    assert '"mihon--decisions-posted"' in data
    assert '"command-tower-outside-expertise"' not in data
    dataset = json.loads((site / f"downloads/playbook.{lang}.json").read_text(encoding="utf-8"))
    ids = {item["id"] for principle in dataset["principles"] for item in principle["checklist"]}
    assert {"mihon--decisions-posted", "mihon--help-desk-feedback"} <= ids
    assert "command-tower-outside-expertise" not in ids
    assert dataset["title"] == NAMES[lang]
    # The principle the town leaves out: its page says so first, and it has no item to tick.
    left_out = (site / prefix / "principles/beyond-rpa.html").read_text(encoding="utf-8")
    notice = {"ja": "見本町版では、この原則を扱いません", "en": "The Mihon Town edition leaves"}
    assert notice[lang] in left_out
    assert "data-dxp-item=" not in left_out
    assert not any(item.startswith("beyond-rpa-") for item in ids)
    workbook = openpyxl.load_workbook(site / f"downloads/dx-playbook-checklist.{lang}.xlsx")
    assert NAMES[lang] in (workbook.properties.title or "")
    cells = {str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "mihon--decisions-posted" in cells
    assert "command-tower-outside-expertise" not in cells


@pytest.mark.build
@pytest.mark.parametrize(("lang", "prefix", "other"), [("ja", "", "en/"), ("en", "en/", "")])
def test_the_towns_own_page_is_published_in_its_language_and_listed(mihon, lang, prefix, other):
    site = mihon.site_dir
    page = (site / prefix / "mihon/dx-plan.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="' + lang + '"', page)
    assert re.search(r"<title>[^<]*" + re.escape(NAMES[lang]) + "</title>", page)
    # Listed in the navigation of every page, under the town's name.
    section = {"ja": "見本町のページ", "en": "Mihon Town's pages"}[lang]
    principle = (site / prefix / "principles/command-tower.html").read_text(encoding="utf-8")
    for html in (page, principle):
        assert section in html
        assert re.search(r'href="(\.\./)*(mihon/)?dx-plan\.html"', html), "no link to the page"
    # The language switcher leads to the same page in the other language.
    depth = "../" * (1 + (lang == "en"))
    assert f'href="{depth}{other}mihon/dx-plan.html" hreflang=' in page


@pytest.mark.build
def test_the_example_edition_zip_is_named_after_it(mihon):
    (bundle,) = (mihon.project_dir / "dist").glob("*.zip")
    assert bundle.name.startswith("dx-playbook-mihon-")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        top = bundle.name.removesuffix(".zip")
        assert all(name.startswith(top + "/") for name in names)
        index = archive.read(f"{top}/index.html").decode("utf-8")
    assert NAMES["ja"] in index


# --- upgrades -----------------------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    from dx_playbook.cli import main

    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.build
def test_a_change_to_a_section_an_overlay_extends_is_flagged_for_review(tmp_path, capsys):
    root = project(tmp_path)
    docs = str(root / "docs")
    code, out = cli(capsys, "edition", "status", "kitahama", "--docs", docs)
    assert code == 0
    assert out.count("untracked  editions/kitahama/") == 2, out
    code, out = cli(
        capsys,
        "edition",
        "mark-current",
        "kitahama",
        "--all",
        "--date",
        "2026-12-01",
        "--docs",
        docs,
    )
    assert code == 0, out
    overlay = root / "editions/kitahama/ja" / OVERLAY
    assert 'based_on: {checklist: "' in overlay.read_text(encoding="utf-8")
    assert cli(capsys, "edition", "status", "kitahama", "--check", "--docs", docs)[0] == 0
    # A section the overlays do not extend changes: nothing to review.
    page = root / "docs/ja" / OVERLAY
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("# sample-principle\n", "# sample-principle\n\n前書き。\n"), "utf-8"
    )
    code, out = cli(capsys, "edition", "status", "kitahama", "--check", "--docs", docs)
    assert code == 0, out
    # One it extends does: the Japanese overlay needs review, the English one does not.
    page.write_text(text.replace("- Question 3?", "- Question 3, reworded?"), encoding="utf-8")
    code, out = cli(capsys, "edition", "status", "kitahama", "--check", "--docs", docs)
    assert code == 1, out
    assert (
        "review     editions/kitahama/ja/principles/sample-principle.md  (checklist, key-questions)"
        in out
    )
    assert "current    editions/kitahama/en/principles/sample-principle.md" in out
    build_edition(root, "kitahama")
    result = run_build(root)
    assert result.returncode != 0, result.output
    (line,) = [w for w in result.warnings if "editions/kitahama/ja/" in w]
    assert "the playbook changed 'key-questions' of docs/ja/principles/sample-principle.md" in line
    assert "since it was last reviewed on 2026-12-01" in line
    assert "Fix: " in line
    assert "'dx-playbook edition mark-current kitahama editions/kitahama/ja/principles/" in line
    code, out = cli(
        capsys,
        "edition",
        "mark-current",
        "kitahama",
        "editions/kitahama/ja/" + OVERLAY,
        "--docs",
        docs,
    )
    assert code == 0, out


def test_an_edition_in_japanese_only_is_checked_in_japanese_only(tmp_path):
    edition = re.sub(r"\n  en: [^\n]*", "", EDITION) + "languages: [ja]\n"
    root = project(tmp_path, edition=edition, en=None)
    site = load_site(root / "docs", edition="kitahama")
    assert [str(p) for p in site.problems] == []
    assert "kitahama--minutes-posted" in [i.id for i in site.page("ja", OVERLAY).structure.items]


# --- the town's own pages -----------------------------------------------------------------------

ABOUT = {
    "ja/pages/about.md": "# 北浜町について\n\n北浜町の紹介です。\n",
    "en/pages/about.md": "# About Kitahama\n\nThe town in brief.\n",
}


def test_the_towns_own_pages_join_the_site_in_each_language(tmp_path):
    site = load_site(project(tmp_path, files=ABOUT) / "docs", edition="kitahama")
    assert [str(p) for p in site.problems] == []
    for lang in ("ja", "en"):
        page = site.page(lang, "kitahama/about.md")
        assert page is not None
        assert page.from_edition
        assert page.display_path == f"editions/kitahama/{lang}/pages/about.md"


@pytest.mark.parametrize(
    ("files", "where", "expect"),
    [
        (
            {"ja/pages/about.md": ABOUT["ja/pages/about.md"]},
            "editions/kitahama/ja/pages/about.md",
            "has no en version",
        ),
        (
            {"en/pages/about.md": ABOUT["en/pages/about.md"]},
            "editions/kitahama/en/pages/about.md",
            "add editions/kitahama/ja/pages/about.md",
        ),
        (
            {"ja/pages/About Us.md": "# A\n", "en/pages/About Us.md": "# A\n"},
            "editions/kitahama/ja/pages/About Us.md",
            "rename it, e.g. 'about-us.md'",
        ),
        (
            {"ja/pages/empty.md": "", "en/pages/empty.md": "# E\n\nText.\n"},
            "editions/kitahama/ja/pages/empty.md",
            "the page is empty",
        ),
        (
            {"ja/pages/bad.md": "---\ntitle: [\n---\n# B\n", "en/pages/bad.md": "# B\n\nText.\n"},
            "editions/kitahama/ja/pages/bad.md:2",
            "",
        ),
    ],
)
def test_a_mistake_in_a_towns_page_names_its_file(tmp_path, files, where, expect):
    found = problems_of(project(tmp_path, files=files))
    about = [line for line in found if line.startswith(where)]
    assert len(about) == 1, found
    assert expect in about[0]
    assert ". Fix: " in about[0]


# --- a principle left out -----------------------------------------------------------------------


def test_a_principle_left_out_says_so_at_the_top_and_leaves_the_self_assessment(tmp_path):
    ja = "---\nhide_principle: 町では県の共同窓口がこれを担うため、扱いません。\n---\n"
    en = "---\nhide_principle: The prefecture's joint office does this for the town.\n---\n"
    site = load_site(project(tmp_path, ja=ja, en=en) / "docs", edition="kitahama")
    assert [str(p) for p in site.problems] == []
    assert site.hidden_items == {f"sample-principle-step-{n}" for n in (1, 2, 3)}
    page = site.page("en", OVERLAY)
    assert page.structure.items == []
    body = page.document.body
    notice = body.index('!!! dxp-hidden "The Kitahama edition leaves this principle out"')
    assert body.index("# sample-principle") < notice < body.index("## Checklist")
    assert "    The prefecture's joint office does this for the town." in body
    assert re.search(r"^    - Step 1$", body, re.M), body  # listed once, the reason said above


def test_hiding_one_item_of_three_keeps_the_page_valid(tmp_path):
    """Our page is counted as we wrote it: the town may leave out an item without adding one."""
    ja = JA_OVERLAY.split("## key-questions", maxsplit=1)[0]
    en = EN_OVERLAY.split("## key-questions", maxsplit=1)[0]
    site = load_site(project(tmp_path, ja=ja, en=en) / "docs", edition="kitahama")
    assert [str(p) for p in site.problems] == []
    assert len(site.page("ja", OVERLAY).structure.items) == 2


@pytest.mark.parametrize(
    ("ja", "expect"),
    [
        ("---\nhide_principle: ''\n---\n", "'hide_principle' gives no reason"),
        ("---\nhide_principle: 理由。\n---\n\n## key-questions\n\n例。\n", "adds nothing to it"),
    ],
)
def test_hide_principle_mistakes(tmp_path, ja, expect):
    en = "---\nhide_principle: Reason.\n---\n"
    found = problems_of(project(tmp_path, ja=ja, en=en))
    assert any(expect in line and line.startswith("editions/kitahama/ja/") for line in found), found
    assert not any(line.startswith("docs/") for line in found), found


def test_hide_principle_in_one_language_only_is_refused(tmp_path):
    ja = "---\nhide_principle: 理由。\n---\n"
    found = problems_of(project(tmp_path, ja=ja, en=EN_OVERLAY))
    assert any("'hide_principle' is in one of this and" in line for line in found), found
    assert not any(line.startswith("docs/") for line in found), found


def test_a_section_the_town_starts_to_extend_is_untracked_not_a_change_of_ours(tmp_path, capsys):
    examples = {
        "ja": "## key-questions\n\n北浜町では、毎月の定例会でこの問いを読み合わせています。\n\n",
        "en": "## key-questions\n\nKitahama reads these questions aloud at its monthly meeting.\n\n",
    }
    overlays = {"ja": JA_OVERLAY, "en": EN_OVERLAY}
    root = project(
        tmp_path, **{lang: overlays[lang].replace(examples[lang], "") for lang in overlays}
    )
    docs = str(root / "docs")
    cli(capsys, "edition", "mark-current", "kitahama", "--all", "--docs", docs)
    # Now the town adds its example under our key questions, which did not change.
    for lang in overlays:
        path = root / "editions/kitahama" / lang / OVERLAY
        marked = path.read_text(encoding="utf-8")
        path.write_text(marked.replace("## checklist", examples[lang] + "## checklist"), "utf-8")
    code, out = cli(capsys, "edition", "status", "kitahama", "--check", "--docs", docs)
    assert code == 0, out
    assert out.count("untracked  editions/kitahama/") == 2, out


def test_a_malformed_based_on_is_one_line(tmp_path):
    ja = JA_OVERLAY.replace("---\n\n## key", 'based_on: "not a record"\n---\n\n## key', 1)
    found = problems_of(project(tmp_path, ja=ja))
    assert any(
        "editions/kitahama/ja/principles/sample-principle.md:4: 'based_on'" in line
        for line in found
    ), found


# --- what a town's files may not do -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ['<meta http-equiv="refresh" content="0;url=https://evil.example/">', "A & B", 'Say "hi"'],
)
def test_a_name_that_would_be_markup_is_refused(tmp_path, name):
    edition = EDITION.replace(
        "en: Kitahama Edition of the Playbook", f"en: '{name.replace(chr(39), chr(39) * 2)}'"
    )
    found = problems_of(project(tmp_path, edition=edition))
    assert len(found) == 1, found
    assert "would be read as markup" in found[0]


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
        b'<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css)</style></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1" onclick="alert(1)"/></svg>',
    ],
)
def test_an_svg_logo_that_could_run_or_load_anything_is_refused(tmp_path, svg):
    root = project(tmp_path, edition=EDITION + "logo: logo.svg\n", files={"logo.svg": svg})
    (found,) = problems_of(root)
    assert "the SVG logo holds script" in found


def test_a_plain_svg_logo_with_a_gradient_is_accepted(tmp_path):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g">'
        b'<stop offset="0"/></linearGradient></defs><rect width="2" height="2" fill="url(#g)"/></svg>'
    )
    root = project(tmp_path, edition=EDITION + "logo: logo.svg\n", files={"logo.svg": svg})
    assert problems_of(root) == []


def test_a_logo_name_with_a_nul_byte_is_one_line(tmp_path):
    (found,) = problems_of(project(tmp_path, edition=EDITION + 'logo: "a\\0.svg"\n'))
    assert "control character" in found


def test_a_language_folder_that_links_elsewhere_is_refused(tmp_path):
    root = project(tmp_path, en=None)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "principles").mkdir(parents=True)
    (elsewhere / OVERLAY).write_text(EN_OVERLAY, encoding="utf-8")
    (root / "editions/kitahama/en").symlink_to(elsewhere)
    found = problems_of(root)
    assert any(
        "editions/kitahama/en: the edition's language folder is a link" in line for line in found
    ), found


def test_an_overlay_in_the_translation_only_is_reported(tmp_path):
    root = project(tmp_path, files={"en/principles/other.md": EN_OVERLAY})
    found = problems_of(root)
    assert any(
        line.startswith("editions/kitahama/en/principles/other.md: this overlay has no ja original")
        for line in found
    ), found


def test_hide_lines_name_each_entry_even_past_a_comment_or_a_folded_reason(tmp_path):
    ja = "---\nhide:\n  # 町の事情\n  sample-principle-step-1: >\n    長い\n    理由\n  sample-principle-step-9: 理由\n---\n"
    en = "---\nhide:\n  sample-principle-step-1: Why.\n  sample-principle-step-9: Why.\n---\n"
    found = problems_of(project(tmp_path, ja=ja, en=en))
    assert any(
        line.startswith(
            "editions/kitahama/ja/principles/sample-principle.md:7: 'sample-principle-step-9'"
        )
        for line in found
    ), found


def test_hiding_an_item_with_lines_under_it_takes_them_all(tmp_path):
    root = project(tmp_path)
    for lang in ("ja", "en"):
        page = root / "docs" / lang / OVERLAY
        text = page.read_text(encoding="utf-8")
        text = text.replace(
            "- [ ] Step 2 { #sample-principle-step-2 }\n",
            "- [ ] Step 2 { #sample-principle-step-2 }\n\n    More about step 2.\n\n",
        )
        text = text.replace(
            "- [ ] Step 3 { #sample-principle-step-3 }\n",
            "- [ ] Step 3 { #sample-principle-step-3 }\n    - a detail of step 3\n",
        )
        page.write_text(text, encoding="utf-8")
    site = load_site(root / "docs", edition="kitahama")
    assert [str(p) for p in site.problems] == []
    body = site.page("en", OVERLAY).document.body
    assert "More about step 2." not in body.split("!!! dxp-hidden")[0]
    # The town's item comes after step 3's own lines, not between them.
    assert body.index("a detail of step 3") < body.index("kitahama--minutes-posted")


@pytest.mark.build
def test_an_edition_in_japanese_only_builds_without_english_pages_or_switcher(tmp_path):
    edition = re.sub(r"\n  en: [^\n]*", "", EDITION) + "languages: [ja]\n"
    root = project(tmp_path, edition=edition, en=None)
    build_edition(root, "kitahama")
    result = run_build(root)
    assert result.returncode == 0, result.output
    assert not (result.site_dir / "en").exists()
    page = result.read("principles/sample-principle/index.html")
    assert "kitahama--minutes-posted" in page
    assert 'hreflang="en"' not in page
