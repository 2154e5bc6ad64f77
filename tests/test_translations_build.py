"""Builds of small sites: missing, stale and mismatched translations, the status page, edit links."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from tests.conftest import BuildResult, make_project, project_config, run_build
from tests.factories import home, principle

from dx_playbook.core.model.frontmatter import parse
from dx_playbook.core.translations.translations import fingerprint_of
from dx_playbook.mkdocs_plugins.translations.plugin import TranslationsPlugin

pytestmark = pytest.mark.build

STATUS_PAGE = "---\ntitle: {title}\ndxp_view: translation-status\n---\n\n# {title}\n"


def recorded(text: str, record: str) -> str:
    return text.replace("\n---\n", f'\ntranslation_of: "{record}"\n---\n', 1)


def current_record(original: str, date: str = "2025-05-01") -> str:
    document = parse(original)
    return f"{fingerprint_of(document.meta, document.body)} {date}"


def translation_files() -> dict[str, str]:
    """One page in each state: current, stale (the original changed), missing, untracked."""
    current_ja = principle("current-one", "ja")
    stale_ja = principle("stale-one", "ja")
    return {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        "ja/about/translation-status.md": STATUS_PAGE.format(title="翻訳の状況"),
        "en/about/translation-status.md": STATUS_PAGE.format(title="Translation status"),
        "ja/principles/current-one.md": current_ja,
        "en/principles/current-one.md": recorded(
            principle("current-one", "en"), current_record(current_ja)
        ),
        "ja/principles/stale-one.md": stale_ja.replace("Step 2", "Step 2, reworded"),
        "en/principles/stale-one.md": recorded(
            principle("stale-one", "en"), current_record(stale_ja, "2025-05-01")
        ),
        "ja/principles/missing-one.md": principle("missing-one", "ja"),
    }


@pytest.fixture(scope="module")
def translation_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = make_project(tmp_path_factory.mktemp("translations"), translation_files())
    return run_build(project, strict=False)


def resolve(result: BuildResult, page: str, href: str) -> Path:
    """The built file a relative link on ``page`` (a path under the site) leads to."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    path = result.site_dir / target
    return path / "index.html" if path.is_dir() else path


def notices(html: str) -> list[str]:
    return re.findall(r'data-dxp-translation-notice="([a-z]+)"', html)


def test_only_the_missing_translation_is_a_warning(translation_site):
    assert translation_site.returncode == 0, translation_site.output
    assert "Traceback" not in translation_site.output
    assert translation_site.warnings == [
        "WARNING -  dx-playbook/validate: docs/ja/principles/missing-one.md: this page has no en "
        "translation yet. Fix: add docs/en/principles/missing-one.md (readers see the Japanese "
        "page meanwhile)"
    ]
    stale = [line for line in translation_site.output.splitlines() if "stale-one" in line]
    assert len(stale) == 1, stale
    assert stale[0].startswith("INFO")
    assert "docs/en/principles/stale-one.md: the Japanese original changed" in stale[0]


def test_strict_build_fails_on_the_missing_translation_only(tmp_path):
    result = run_build(make_project(tmp_path, translation_files()), strict=True)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert len(result.warnings) == 1
    assert (
        "docs/ja/principles/missing-one.md: this page has no en translation yet"
        in (result.warnings[0])
    )


def test_missing_translation_shows_the_original_with_an_english_notice(translation_site):
    html = translation_site.read("en/principles/missing-one/index.html")
    assert '<html lang="en"' in html
    assert notices(html) == ["missing"]
    notice = re.search(
        r'<div class="admonition info dxp-translation-notice[^"]*"([^>]*)>(.*?)</div>', html, re.S
    )
    assert notice is not None
    assert 'lang="en"' in notice.group(1)
    assert "not translated into English yet" in notice.group(2)
    href = re.search(r'href="([^"]+)" class="dxp-translation-notice__link"', notice.group(2))
    assert href is not None
    status = resolve(translation_site, "en/principles/missing-one/index.html", href.group(1))
    assert status == translation_site.site_dir / "en/about/translation-status/index.html"
    # The Japanese text, title included, is marked as Japanese for screen readers.
    body = re.search(
        r'<div class="dxp-original-text" lang="ja">(.*?)</div><p class="dxp-updated"',
        html,
        re.S,
    )
    assert body is not None
    assert "<h1" in body.group(1)
    assert 'data-dxp-item="missing-one-step-1"' in body.group(1)


def test_stale_translation_names_the_date_and_links_the_original(translation_site):
    page = "en/principles/stale-one/index.html"
    html = translation_site.read(page)
    assert notices(html) == ["stale"]
    assert "last brought up to date on 1 May 2025" in html
    href = re.search(r'href="([^"]+)" class="dxp-translation-notice__link" hreflang="ja"', html)
    assert href is not None
    original = resolve(translation_site, page, href.group(1))
    assert original == translation_site.site_dir / "principles/stale-one/index.html"
    assert '<html lang="ja"' in original.read_text(encoding="utf-8")


def test_pages_that_need_no_notice_have_none(translation_site):
    for page in (
        "en/principles/current-one/index.html",
        "en/index.html",  # untracked: no fingerprint yet, so nothing to say
        "principles/stale-one/index.html",
        "principles/missing-one/index.html",
    ):
        assert notices(translation_site.read(page)) == [], page


def test_every_page_names_its_source_file(translation_site):
    expected = {
        "index.html": ("ja", "docs/ja/index.md"),
        "en/index.html": ("en", "docs/en/index.md"),
        "principles/current-one/index.html": ("ja", "docs/ja/principles/current-one.md"),
        "en/principles/missing-one/index.html": ("en", "docs/ja/principles/missing-one.md"),
    }
    for page, (lang, path) in expected.items():
        html = translation_site.read(page)
        line = re.search(r'<p class="dxp-source" lang="([a-z]+)"[^>]*>(.*?)</p>', html, re.S)
        assert line is not None, page
        assert line.group(1) == lang
        assert f'<code class="dxp-source__path">{path}</code>' in line.group(2)
        assert "dxp-source__edit" not in line.group(2), "no repository is configured"
    missing = translation_site.read("en/principles/missing-one/index.html")
    assert "the English translation goes in docs/en/principles/missing-one.md" in missing


def status_rows(html: str) -> dict[str, str]:
    rows = re.findall(r'data-dxp-state="([a-z]+)" data-dxp-path="([^"]+)"', html)
    return {path: state for state, path in rows}


def test_status_page_lists_every_page_with_its_state(translation_site):
    expected = {
        "about/translation-status.md": "untracked",
        "index.md": "untracked",
        "principles/current-one.md": "current",
        "principles/missing-one.md": "missing",
        "principles/stale-one.md": "stale",
    }
    for page in ("about/translation-status/index.html", "en/about/translation-status/index.html"):
        html = translation_site.read(page)
        assert status_rows(html) == expected, page
        # Every link in the table leads to a built page.
        table = html[html.index('<div class="dxp-translation-status">') :]
        table = table[: table.index("</table>")]
        for href in re.findall(r'href="([^"]+)"', table):
            assert resolve(translation_site, page, href).is_file(), (page, href)
    en = translation_site.read("en/about/translation-status/index.html")
    assert "1 up to date, 1 out of date, 1 not translated, 2 not yet checked (5 in all)" in en
    assert 'hreflang="ja" lang="ja">current-one</a>' in en


def test_mismatched_structure_fails_with_file_and_line(build_site):
    ja = principle("sample-principle", "ja").replace(
        "## 問いかけ", "[ホーム](../index.md)\n\n## 背景 { #background }\n\n## 問いかけ"
    )
    en = principle(
        "sample-principle",
        "en",
        items=[
            "Step 1 { #sample-principle-step-1 }",
            "Step 2 { #sample-principle-step-2 }",
            "Step 3 { #sample-principle-step-three }",
        ],
    )
    result = build_site(
        {
            "ja/index.md": home("ja"),
            "en/index.md": home("en"),
            "ja/principles/sample-principle.md": ja,
            "en/principles/sample-principle.md": en,
        }
    )
    assert result.returncode != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.warnings if "docs/en/principles/sample-principle.md:" in line]
    needles = [
        "checklist item 'sample-principle-step-3' of docs/ja/principles/sample-principle.md:",
        "checklist item 'sample-principle-step-three' is not in",
        "heading ID '#background' of docs/ja/principles/sample-principle.md:",
        "link to '../index.md' (docs/ja/principles/sample-principle.md:",
    ]
    for needle in needles:
        matching = [line for line in lines if needle in line]
        assert len(matching) == 1, f"{needle!r} in:\n{result.output}"
        assert re.search(r"sample-principle\.md:\d+: ", matching[0]), matching[0]
        assert "Fix: " in matching[0]


def plugins_with(translations: dict[str, object]) -> list[object]:
    plugins = project_config()["plugins"]
    return [
        {"dx-playbook/translations": translations} if entry == "dx-playbook/translations" else entry
        for entry in plugins
    ]


def test_options_warn_on_stale_pages_and_link_the_editor(tmp_path):
    files = translation_files()
    files["en/principles/missing-one.md"] = principle("missing-one", "en")
    project = make_project(
        tmp_path,
        files,
        plugins=plugins_with(
            {"warn_stale": True, "edit_url_template": "https://git.example.org/edit/main/{path}"}
        ),
    )
    # The same docs folder built twice: each build in a process of its own.
    result = run_build(project, strict=True, in_process=False)
    assert result.returncode != 0
    assert len(result.warnings) == 1, result.output
    assert "docs/en/principles/stale-one.md: the Japanese original changed" in result.warnings[0]
    result = run_build(project, strict=False, in_process=False)
    html = result.read("en/principles/current-one/index.html")
    assert (
        '<a href="https://git.example.org/edit/main/docs/en/principles/current-one.md" '
        'class="dxp-source__edit" rel="edit">Edit this page</a>'
    ) in html
    assert ">このページを編集</a>" in result.read("index.html")


@pytest.mark.parametrize(
    "template", ["https://example.org/edit", "https://example.org/{file}", "https://x/{path}/{"]
)
def test_edit_url_template_must_place_the_path(template):
    errors, _ = TranslationsPlugin().load_config({"edit_url_template": template})
    assert [key for key, _ in errors] == ["edit_url_template"]
    assert "{path}" in str(errors[0][1])


def test_edit_url_template_accepts_a_path_placeholder():
    plugin = TranslationsPlugin()
    errors, _ = plugin.load_config({"edit_url_template": "https://x.org/-/edit/main/{path}"})
    assert errors == []
    assert plugin.config.warn_stale is False


@pytest.mark.slow
def test_offline_bundle_links_reach_their_pages_and_anchors(offline_playbook):
    """Without directory URLs (file://), the status table and the term links still resolve."""
    pages = [
        "about/translation-status.html",
        "en/about/translation-status.html",
        "principles/ict-vs-dx.html",
        "en/principles/ict-vs-dx.html",
    ]
    checked = 0
    for page in pages:
        html = offline_playbook.read(page)
        hrefs = re.findall(r'class="dxp-term__link" href="([^"]+)"', html)
        if "dxp-translation-status" in html:
            table = html[html.index('<div class="dxp-translation-status">') :]
            hrefs += re.findall(r'href="([^"]+)"', table[: table.index("</table>")])
        assert hrefs, page
        for href in hrefs:
            target, _, anchor = href.partition("#")
            path = resolve(offline_playbook, page, target)
            assert path.is_file(), (page, href)
            assert path.suffix == ".html"
            if anchor:
                assert f'id="{anchor}"' in path.read_text(encoding="utf-8"), (page, href)
            checked += 1
    assert checked > 40


def test_heading_permalinks_have_a_tooltip_in_the_page_language(playbook):
    japanese = playbook.read("principles/act-now/index.html")
    english = playbook.read("en/principles/act-now/index.html")
    assert 'class="headerlink" href="#why" title="この見出しへのリンク"' in japanese
    assert 'class="headerlink" href="#why" title="Link to this heading"' in english


def test_the_page_not_found_speaks_every_language_each_marked(playbook):
    """One 404 page answers every missing address: each language's words marked with its
    lang, the default language first and the only h1, each linking its own home page."""
    page = playbook.read("404.html")
    parts = re.findall(
        r'<section class="dxp-not-found" lang="([a-z]+)">(.*?)</section>', page, re.S
    )
    assert [lang for lang, _ in parts] == ["ja", "en"]
    assert page.count("<h1") == 1
    assert "<h1>ページが見つかりません</h1>" in parts[0][1]
    assert '<a href="/">' in parts[0][1]
    assert '<a href="/en/">' in parts[1][1]
    assert "404 - Not found" not in page
    assert '<html lang="ja"' in page  # the default pass's page, not the last pass's


def test_each_language_has_its_own_page_not_found(playbook):
    """Issue 20: ``en/404.html`` is English first, in ``lang="en"``, with the page's policy
    hashed as on every other page; its links start at the site root, so it works at any depth."""
    page = playbook.read("en/404.html")
    assert '<html lang="en"' in page
    parts = re.findall(
        r'<section class="dxp-not-found" lang="([a-z]+)">(.*?)</section>', page, re.S
    )
    assert [lang for lang, _ in parts] == ["en", "ja"]
    assert "<h1>Page not found</h1>" in parts[0][1]
    assert '<a href="/en/">' in parts[0][1]
    assert '<a href="/">' in parts[1][1]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy
    assert "'sha256-" in policy.group(1), "the inline scripts are not allowed by the policy"
    assert re.search(r'src="/assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', page)


# --- Last updated (issue 20) ---------------------------------------------------------------------

UPDATED = re.compile(r'<p class="dxp-updated"[^>]*>([^<]+)<time datetime="([0-9-]+)">')


def test_every_page_says_when_it_last_changed_from_the_history(tmp_path):
    """The date of the last commit that touched the page's own file, in Japan time; a file
    changed since shows the edition's date (SOURCE_DATE_EPOCH) instead of a wrong one."""
    from tests.test_translations_core import git

    project = make_project(tmp_path, {"ja/index.md": home("ja"), "en/index.md": home("en")})
    (project / "docs/ja/later.md").write_text("# 後で\n\n本文。\n", encoding="utf-8")
    (project / "docs/en/later.md").write_text("# Later\n\nText.\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    # 23:30 UTC on 8 July is 9 July in Japan.
    git(project, "commit", "-q", "-m", "first", date="2024-07-08T23:30:00+00:00")
    (project / "docs/ja/later.md").write_text("# 後で\n\n本文を直した。\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "second", date="2025-02-03T01:00:00+00:00")
    (project / "docs/en/later.md").write_text("# Later\n\nNot committed.\n", encoding="utf-8")
    result = run_build(project, env={"SOURCE_DATE_EPOCH": "1767193200"})
    assert result.returncode == 0, result.output
    dates = {
        page: UPDATED.search(result.read(page)).group(2)  # type: ignore[union-attr]
        for page in ("index.html", "en/index.html", "later/index.html", "en/later/index.html")
    }
    assert dates == {
        "index.html": "2024-07-09",
        "en/index.html": "2024-07-09",
        "later/index.html": "2025-02-03",
        "en/later/index.html": "2026-01-01",  # uncommitted: the edition's date
    }
    assert UPDATED.search(result.read("en/index.html")).group(1).strip() == "Last updated:"  # type: ignore[union-attr]


def test_without_history_every_page_shows_the_editions_date(tmp_path):
    """A source tarball: no repository, so the edition's date, fixed by SOURCE_DATE_EPOCH."""
    project = make_project(tmp_path, {"ja/index.md": home("ja"), "en/index.md": home("en")})
    result = run_build(project, env={"SOURCE_DATE_EPOCH": "1767193200"})
    assert result.returncode == 0, result.output
    for page in ("index.html", "en/index.html"):
        found = UPDATED.search(result.read(page))
        assert found, page
        assert found.group(2) == "2026-01-01"
