"""The offline bundle (issue 6): a zip of both languages that loads nothing from outside, and the
edition stamp that tells a reader which copy they hold."""

from __future__ import annotations

import hashlib
import re
import tomllib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from tests.conftest import ROOT, make_project, run_build
from tests.factories import pair

from dx_playbook import __version__
from dx_playbook.core.exports.downloads import (
    OfflineZip,
    export_files,
    exports_list,
    offline_paragraph,
)
from dx_playbook.core.model.edition import (
    UNKNOWN_COMMIT,
    Edition,
    build_moment,
    current_edition,
    edition_table,
    source_commit,
)
from dx_playbook.core.model.languages import PLAYBOOK
from dx_playbook.core.offline.bundle import (
    MAX_BUNDLE_BYTES,
    bundle_stem,
    css_loads,
    find_external_loads,
    markup_loads,
    write_bundle,
)
from dx_playbook.mkdocs_plugins.offline.plugin import OfflinePlugin

# --- Units ---------------------------------------------------------------------------------------


def test_offline_config_defaults_to_the_hosted_site_and_rejects_wrong_types():
    plugin = OfflinePlugin()
    assert plugin.load_config({}) == ([], [])
    assert plugin.config.bundle is False
    assert plugin.config.bundle_dir == "dist"
    assert plugin.config.max_bundle_megabytes == MAX_BUNDLE_BYTES / 1024 / 1024
    errors, _ = OfflinePlugin().load_config({"bundle": "sometimes"})
    assert [name for name, _ in errors] == ["bundle"]
    errors, _ = OfflinePlugin().load_config({"max_bundle_megabytes": "big"})
    assert [name for name, _ in errors] == ["max_bundle_megabytes"]


def test_version_is_the_package_version():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == __version__
    assert bundle_stem(__version__) == f"dx-playbook-{__version__}-offline"


def test_source_date_epoch_fixes_the_build_date_in_japan_time():
    # 2025-12-31 15:00 UTC is already New Year's Day in Japan.
    moment = build_moment({"SOURCE_DATE_EPOCH": "1767193200"})
    assert moment == datetime(2025, 12, 31, 15, 0, tzinfo=UTC)
    edition = Edition("1.2.3", moment, "abcdef1234")
    assert edition.date == "2026-01-01"
    assert edition.stamp("ja") == "版 1.2.3 · 2026-01-01 · abcdef1234"
    assert edition.stamp("en") == "Edition 1.2.3 · 2026-01-01 · abcdef1234"
    assert edition.zip_timestamp == (2026, 1, 1, 0, 0, 0)


def test_a_malformed_source_date_epoch_is_ignored():
    before = datetime.now(tz=UTC)
    assert build_moment({"SOURCE_DATE_EPOCH": "yesterday"}) >= before


def test_commit_falls_back_to_the_variable_then_to_unknown(tmp_path):
    assert source_commit(tmp_path, {}) == UNKNOWN_COMMIT
    assert source_commit(tmp_path, {"DXP_SOURCE_COMMIT": "0123abcd"}) == "0123abcd"
    # Anything that does not look like a commit is not shown to readers.
    assert source_commit(tmp_path, {"DXP_SOURCE_COMMIT": "<script>"}) == UNKNOWN_COMMIT
    edition = Edition("1.0.0", datetime(2026, 1, 1, tzinfo=UTC), UNKNOWN_COMMIT)
    assert edition.stamp("ja").endswith("· 不明")
    assert edition.stamp("en").endswith("· unknown")


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="the project is not a git checkout")
def test_commit_comes_from_git_in_a_checkout():
    commit = current_edition(ROOT, {}).commit
    assert re.fullmatch(r"[0-9a-f]{10}(-dirty)?", commit), commit


def test_edition_table_names_every_fact():
    edition = Edition("2.0.0", datetime(2026, 3, 1, 3, tzinfo=UTC), "feedbeef00")
    table = edition_table(edition, "ja", offline=True)
    for fact in ("2.0.0", "2026-03-01", "`feedbeef00`", "オフライン版(ZIP)", "| 項目 | 内容 |"):
        assert fact in table
    assert "Website" in edition_table(edition, "en", offline=False)


def test_downloads_link_every_export_and_the_zip():
    hrefs = {export.name: f"../downloads/{export.name}" for export in export_files(PLAYBOOK)}
    listing = exports_list(hrefs, "en", PLAYBOOK)
    for name in (
        "dx-playbook-checklist.ja.xlsx",
        "dx-playbook-checklist.en.xlsx",
        "dx-playbook-checklist.ja.csv",
        "dx-playbook-checklist.en.csv",
        "playbook.ja.json",
        "playbook.en.json",
        "playbook.schema.json",
    ):
        assert f'href="../downloads/{name}"' in listing
    online = offline_paragraph(
        OfflineZip("x.zip", 3 * 1024 * 1024, "1.0.0", "2026-01-01"), "ja", offline=False
    )
    assert 'href="x.zip"' in online
    assert "3.0 MB" in online
    missing = offline_paragraph(OfflineZip(None, 0, "1.0.0", "2026-01-01"), "en", offline=False)
    assert "href" not in missing
    # Words for readers: the builder's instructions go to the build log, never to the page.
    assert "make bundle" not in missing
    assert "does not offer the offline zip" in missing
    here = offline_paragraph(
        OfflineZip(None, 0, "1.0.0", "2026-01-01"),
        "en",
        offline=True,
        site_url="https://example.org/",
    )
    assert "offline edition" in here
    assert 'href="https://example.org/"' in here


def test_external_loads_are_found_in_markup_and_styles():
    markup = """
      <script src="https://cdn.example/x.js"></script>
      <link rel="stylesheet" href="//fonts.example/css">
      <link rel="alternate" href="https://example.org/en/" hreflang="en">
      <img src="a.png" srcset="b.png 1x, https://img.example/c.png 2x">
      <iframe src="http://example.org/embed"></iframe>
      <meta http-equiv="refresh" content="0; url=https://example.org/">
      <div style="background: url('https://img.example/bg.png')"></div>
      <style>@import "https://fonts.example/x.css";</style>
      <a href="https://example.org/">a link is not a load</a>
      <svg xmlns="http://www.w3.org/2000/svg"><use href="#icon"/></svg>
    """
    loads = markup_loads(markup)
    assert "https://cdn.example/x.js" in loads
    assert "//fonts.example/css" in loads
    assert "https://img.example/c.png" in loads
    assert "http://example.org/embed" in loads
    assert "https://img.example/bg.png" in loads
    assert "https://fonts.example/x.css" in loads
    assert "https://example.org/en/" not in loads
    assert all("www.w3.org" not in url for url in loads)
    assert css_loads("a{background:url(data:image/svg+xml;utf8,<svg/>)} b{src:url(f.woff2)}") == [
        "f.woff2"
    ]


def test_external_loads_are_reported_per_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text('<img src="https://x.example/i.png">', "utf-8")
    (tmp_path / "style.css").write_text("@font-face{src:url(https://f.example/a.woff2)}", "utf-8")
    (tmp_path / "ok.html").write_text('<script src="assets/x.js"></script>', "utf-8")
    assert find_external_loads(tmp_path) == [
        ("a/page.html", "https://x.example/i.png"),
        ("style.css", "https://f.example/a.woff2"),
    ]


def test_bundle_is_reproducible_and_leaves_out_what_file_urls_cannot_use(tmp_path):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text("ja", "utf-8")
    (site / "en" / "index.html").write_text("en", "utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", "utf-8")
    (site / "en" / "sitemap.xml.gz").write_bytes(b"gz")
    (site / "bundle.min.js.map").write_text("{}", "utf-8")
    stamp = (2026, 1, 2, 3, 4, 6)  # zip keeps even seconds
    notes = {"README.txt": "hi", "RELEASE-NOTES.txt": "changes"}
    first = write_bundle(site, tmp_path / "one.zip", root="pb", timestamp=stamp, notes=notes)
    second = write_bundle(site, tmp_path / "two.zip", root="pb", timestamp=stamp, notes=notes)
    assert first.path.read_bytes() == second.path.read_bytes()
    with zipfile.ZipFile(first.path) as archive:
        assert archive.namelist() == [
            "pb/README.txt",
            "pb/RELEASE-NOTES.txt",
            "pb/en/index.html",
            "pb/index.html",
        ]
        assert {info.date_time for info in archive.infolist()} == {stamp}
    assert not (tmp_path / "one.zip.partial").exists()


# --- The real bundle -----------------------------------------------------------------------------

# URLs that Material's JavaScript carries but never requests for this playbook: mermaid only loads
# for a diagram (the playbook has none, a test below checks), the ResizeObserver polyfill only in
# browsers without ResizeObserver (every supported browser has it), the GitHub API only with a
# GitHub repo_url (the playbook has none), and the rest are licence comments. A URL that is not
# listed here fails the test: check that it is never loaded before adding it.
KNOWN_SCRIPT_URLS = {
    "https://unpkg.com/mermaid",
    "https://unpkg.com/resize-observer-polyfill",
    "https://api.github.com/repos/",
    "https://api.github.com/users/",
    "https://clipboardjs.com/",
    "http://lunrjs.com",
    "http://tartarus.org/",
    "https://bit.ly/2s3ChXG",
    "http://www.w3.org/",
    # Names of the XML namespaces of a workbook (dxp-workbook.js), never fetched.
    "http://schemas.openxmlformats.org/",
}


@pytest.mark.slow
def test_the_bundle_holds_both_languages_within_budget(offline_bundle, offline_playbook):
    size = offline_bundle.stat().st_size
    print(f"\noffline bundle: {offline_bundle.name} {size / 1024 / 1024:.2f} MB")
    assert size <= MAX_BUNDLE_BYTES
    root = bundle_stem(__version__)
    with zipfile.ZipFile(offline_bundle) as archive:
        names = set(archive.namelist())
    for needed in (
        "README.txt",
        "RELEASE-NOTES.txt",
        "index.html",
        "en/index.html",
        "search/search_index.js",
        "assets/vendor/iframe-worker/shim.js",
        "print-all.html",
        "en/print-all.html",
    ):
        assert f"{root}/{needed}" in names, needed
    assert all(name.startswith(root + "/") for name in names)
    left_out = (".map", "sitemap.xml", "sitemap.xml.gz", "/404.html")
    assert not [name for name in names if name.endswith(left_out)]
    assert "Offline bundle:" in offline_playbook.output
    with zipfile.ZipFile(offline_bundle) as archive:
        notes = archive.read(f"{root}/RELEASE-NOTES.txt").decode("utf-8")
    # The notes of the edition being built, in both languages (data/changelog.yml).
    assert f"版 {__version__}" in notes
    assert f"Edition {__version__}" in notes


@pytest.mark.slow
def test_no_file_of_the_bundle_loads_from_the_internet(unzipped_bundle):
    assert find_external_loads(unzipped_bundle) == []
    pages = list(unzipped_bundle.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'rel="alternate" href=' not in html, f"{page}: sitemap requests fail on file://"
        assert 'class="mermaid"' not in html, f"{page}: a diagram would load mermaid from unpkg"
        assert "unpkg.com" not in html
    # The code the pages run (the search index is text, and lunr's language packs are pure
    # functions whose comments cite their sources).
    scripts = [
        script
        for script in (unzipped_bundle / "assets").rglob("*.js")
        if "javascripts/lunr/" not in script.as_posix()
    ]
    assert len(scripts) > 3
    script_urls: set[str] = set()
    for script in scripts:
        text = script.read_text(encoding="utf-8", errors="replace")
        script_urls.update(re.findall(r"https?://[A-Za-z0-9./_-]+", text))
        assert not re.search(r"importScripts\([^)]*https?:", text), script
    unexpected = {
        url for url in script_urls if not any(url.startswith(k) for k in KNOWN_SCRIPT_URLS)
    }
    assert unexpected == set(), "scripts mention new outside URLs: check they are never loaded"


@pytest.mark.slow
def test_every_page_carries_the_edition_stamp(unzipped_bundle):
    stamp = re.compile(
        r'<div class="dxp-edition-stamp">\s*<a href="(?P<href>[^"]+)"[^>]*>'
        r"(?:版|Edition) " + re.escape(__version__) + r" · \d{4}-\d\d-\d\d · [^<]+</a>"
    )
    for page in unzipped_bundle.rglob("*.html"):
        match = stamp.search(page.read_text(encoding="utf-8"))
        assert match, f"{page} has no edition stamp"
        target = (page.parent / match.group("href")).resolve()
        assert target.name == "edition.html", page
        assert target.is_file(), page


@pytest.mark.slow
def test_about_this_edition_says_which_and_how_to_update(unzipped_bundle):
    ja = (unzipped_bundle / "about/edition.html").read_text(encoding="utf-8")
    en = (unzipped_bundle / "en/about/edition.html").read_text(encoding="utf-8")
    for html, words in (
        (ja, ("版番号", __version__, "オフライン版(ZIP)", "ダウンロード", "配布した担当者")),
        (en, ("Version", __version__, "Offline edition (zip)", "Downloads", "distributed")),
    ):
        for word in words:
            assert word in html
    downloads = (unzipped_bundle / "downloads.html").read_text(encoding="utf-8")
    assert "いまお読みのものがオフライン版です" in downloads


# --- Publishing the zip on the hosted site -------------------------------------------------------


def _differing_entries(one: bytes, other: bytes) -> list[str]:
    import io

    with zipfile.ZipFile(io.BytesIO(one)) as first, zipfile.ZipFile(io.BytesIO(other)) as second:
        assert first.namelist() == second.namelist()
        return [
            name
            for name in first.namelist()
            if (first.read(name), first.getinfo(name).date_time)
            != (second.read(name), second.getinfo(name).date_time)
        ]


def offline_variant(project: Path) -> str:
    """Write ``mkdocs.offline.yml``: the small project's config as ``DXP_OFFLINE=true`` makes it
    (the small projects' config has its ``!ENV`` values resolved already)."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "offline" in entry:
            entry["offline"]["enabled"] = True
        if isinstance(entry, dict) and "dx-playbook/offline" in entry:
            entry["dx-playbook/offline"]["bundle"] = True
    (project / "mkdocs.offline.yml").write_text(yaml.dump(config, allow_unicode=True), "utf-8")
    if not (project / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return "mkdocs.offline.yml"


def publish_variant(project: Path) -> str:
    """Write ``mkdocs.publish.yml``: the small project's config as ``DXP_PUBLISH=true`` (what
    ``make build`` sets) makes it."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "dx-playbook/offline" in entry:
            entry["dx-playbook/offline"]["publish"] = True
    (project / "mkdocs.publish.yml").write_text(yaml.dump(config, allow_unicode=True), "utf-8")
    return "mkdocs.publish.yml"


@pytest.mark.slow
def test_the_hosted_site_offers_the_zip_it_finds_in_dist(tmp_path):
    files: dict[str, str | bytes] = dict(pair())
    for page in (
        "downloads.md",
        "dashboard.md",
        "about/edition.md",
        "about/changes.md",
        "about/feedback.md",
    ):
        for lang in ("ja", "en"):
            files[f"{lang}/{page}"] = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
    project = make_project(tmp_path, files)
    env = {"SOURCE_DATE_EPOCH": "1767193200", "DXP_SOURCE_COMMIT": "abcdef0123"}
    variant = offline_variant(project)
    # Each build a process of its own: reproducible across processes (hash seeds and all), and
    # the same docs folder is built three times.
    offline = run_build(project, config_file=variant, env=env, in_process=False)
    assert offline.returncode == 0, offline.output
    zip_path = project / "dist" / f"{bundle_stem(__version__)}.zip"
    first = zip_path.read_bytes()
    again = run_build(project, config_file=variant, env=env, in_process=False)
    assert again.returncode == 0, again.output
    assert _differing_entries(first, zip_path.read_bytes()) == [], "not a reproducible build"

    # Built as 'make build' publishes it: a zip is required, and here it is.
    online = run_build(project, config_file=publish_variant(project), env=env, in_process=False)
    assert online.returncode == 0, online.output
    published = online.site_dir / "downloads" / zip_path.name
    assert published.read_bytes() == zip_path.read_bytes()
    # Its SHA-256, beside it in dist/ and on the site, as sha256sum writes and checks it.
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    line = f"{digest}  {zip_path.name}\n"
    assert (zip_path.parent / f"{zip_path.name}.sha256").read_text(encoding="ascii") == line
    assert (published.parent / f"{published.name}.sha256").read_text(encoding="ascii") == line
    for page, prefix in (("downloads/index.html", ""), ("en/downloads/index.html", "../../")):
        html = online.read(page)
        href = re.search(r'<a href="([^"]+)" type="application/zip"', html)
        assert href, page
        assert (online.site_dir / Path(page).parent / href.group(1)).resolve() == published
        assert href.group(1).startswith(prefix)
        assert "2026-01-01" in html
        assert f'<code class="dxp-checksum">{digest}</code>' in html
        checksum = re.search(r'<a href="([^"]+\.sha256)"', html)
        assert checksum, page
        assert (online.site_dir / Path(page).parent / checksum.group(1)).resolve().is_file()
    footer = online.read("en/index.html")
    assert "Edition " + __version__ + " · 2026-01-01 · abcdef0123" in footer


def test_a_build_to_publish_without_the_zip_fails_with_one_clear_line(tmp_path):
    """Issue 20: a published downloads page never says the zip is missing; the build stops."""
    project = make_project(tmp_path, dict(pair()))
    result = run_build(project, config_file=publish_variant(project))
    assert result.returncode != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "is missing, and a published" in line]
    assert len(lines) == 1, result.output
    assert "make bundle" in lines[0]


# --- In the browser, from file:// ----------------------------------------------------------------


@pytest.fixture
def file_only_page(browser):
    """A page whose every request outside ``file:`` is recorded (and refused by the browser,
    unless it is to 127.0.0.1: see ``CHROMIUM_ARGS`` in conftest)."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    attempted: list[str] = []
    context.on("request", lambda r: None if r.url.startswith("file:") else attempted.append(r.url))
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.attempted = attempted  # type: ignore[attr-defined]
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def search(page, query: str, *, attempts: int = 6) -> list[str]:
    """Enter ``query`` in Material's search box; the result links.

    Material ignores what is typed before its worker has loaded the index, so a reader who typed
    too early types again: so does this helper. The query is filled in and then a key is pressed,
    as an input method commits Japanese text.
    """
    box = page.locator("input.md-search__input")
    results = page.locator("a.md-search-result__link")
    for _ in range(attempts):
        box.click()
        box.fill("")
        box.fill(query)
        page.keyboard.press("End")
        try:
            results.first.wait_for(state="attached", timeout=3_000)
        except PlaywrightError:
            continue
        return results.evaluate_all("links => links.map(link => link.href)")
    meta = page.locator(".md-search-result__meta").inner_text().strip()
    pytest.fail(f"no search result for {query!r} from file:// (the dialog says {meta!r})")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    ("start", "query"), [("index.html", "研修"), ("en/index.html", "training")]
)
def test_search_works_from_file_in_both_languages(file_only_page, unzipped_bundle, start, query):
    """Search from file:// (the search engine itself is issue 5's; this checks the bundle)."""
    page = file_only_page
    base = unzipped_bundle.as_uri() + "/"
    page.goto(base + start)
    links = search(page, query)
    assert links, f"no result for {query!r}"
    assert all(link.startswith(base) for link in links), links
    page.goto(links[0])
    assert page.url.startswith(base)
    assert page.attempted == []
    assert page.js_errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_ticks_survive_a_reload_and_the_language_switch_works_from_file(
    file_only_page, unzipped_bundle
):
    page = file_only_page
    base = unzipped_bundle.as_uri() + "/"
    page.goto(base + "index.html")
    assert page.locator("html").get_attribute("lang") == "ja"

    # Tick an item, reload: the tick is still there (the checklist script is issue 4's).
    page.goto(base + "principles/use-hidden-talent.html")
    box = page.locator("input.dxp-item__box").first
    box.check()
    page.reload()
    box = page.locator("input.dxp-item__box").first
    box.wait_for()
    assert box.is_checked(), "checklist progress was not kept across a reload from file://"

    # Switch to English through the header's language switch, and back.
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    page.wait_for_url(base + "en/principles/use-hidden-talent.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="ja"]').first.click()
    page.wait_for_url(base + "principles/use-hidden-talent.html")
    assert page.locator("html").get_attribute("lang") == "ja"

    # The print-all page is in the bundle too, and the one-page handout view works from file://.
    page.goto(base + "en/print-all.html")
    assert page.locator(".dxp-printall__principle").count() >= 20
    page.goto(base + "principles/use-hidden-talent.html")
    page.locator("a.dxp-handout-link").click()
    page.wait_for_url(base + "principles/use-hidden-talent.html#dxp-handout")
    assert page.locator("#dxp-handout button[data-dxp-print]").is_visible()
    assert page.locator('[data-dxp-section="checklist"] input.dxp-item__box').count() >= 3
    assert not page.locator('[data-dxp-section="why"]').is_visible()
    page.wait_for_timeout(300)
    assert page.attempted == [], "the bundle tried to reach outside file://"
    assert page.js_errors == []
