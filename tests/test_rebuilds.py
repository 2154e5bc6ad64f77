"""``dx-playbook/rebuilds``: under ``mkdocs serve``, pages whose conversion cannot have changed
are not converted again, and the site is the same, byte for byte, as if they had been."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.conftest import BUILD_ENV, _as_in_a_new_process, copy_project

from dx_playbook.mkdocs_plugins.rebuilds import theme_files
from dx_playbook.mkdocs_plugins.rebuilds.conversions import Conversions, Converted, fingerprint


def _converted(html: str) -> Converted:
    return Converted(html=html, toc=[], title=None, anchors=frozenset(), anchor_links={})


def test_the_key_changes_with_the_markdown_the_place_and_the_build():
    key = Conversions.key("# A", "a/index.html", "build-1")
    assert key == Conversions.key("# A", "a/index.html", "build-1")
    assert key != Conversions.key("# B", "a/index.html", "build-1")
    assert key != Conversions.key("# A", "b/index.html", "build-1")
    assert key != Conversions.key("# A", "a/index.html", "build-2")
    # Parts are kept apart: moving text from one part to the next is another key.
    assert fingerprint(("ab", "c")) != fingerprint(("a", "bc"))


def test_the_least_recently_used_page_goes_first():
    conversions = Conversions(limit=2)
    conversions.put("a", _converted("A"))
    conversions.put("b", _converted("B"))
    assert conversions.get("a") is not None  # "a" is now the most recent
    conversions.put("c", _converted("C"))
    assert conversions.get("b") is None
    assert conversions.get("a") is not None
    assert conversions.get("c") is not None
    assert (conversions.hits, conversions.misses) == (3, 1)
    assert len(conversions) == 2


def test_pages_that_include_files_are_never_kept():
    assert Conversions.cacheable("# Title\n\nText.")
    assert not Conversions.cacheable('# Title\n\n--8<-- "shared/notice.md"\n')


#: Builds the way ``mkdocs serve`` does: one process, the config read again for each build
#: (plugins with ``on_startup`` are kept across, and so is what they remember).
SERVE_LIKE = textwrap.dedent(
    """
    import json, logging, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    project, out, edits = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    first = True
    report = []
    for number, step in enumerate(edits):
        for path, text in step.items():
            target = project / path
            before = target.read_text(encoding="utf-8") if target.exists() else ""
            target.write_text(before + text, encoding="utf-8")
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(out))
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
            first = False
        build(config)
        rebuilds = config.plugins["dx-playbook/rebuilds"]
        conversions, listings = rebuilds.conversions, rebuilds.listings
        report.append({"kept": len(conversions), "hits": conversions.hits,
                       "listed": listings.misses, "listings kept": listings.hits})
    config.plugins.on_shutdown()
    print("REPORT " + json.dumps(report), flush=True)
    """
)

EDITED = "docs/ja/principles/leave-no-one-behind.md"
LINKING = "docs/en/about/edition.md"
#: A file added to the theme between two rebuilds: MkDocs copies it into the site.
THEME_FILE = "overrides/assets/dxp-added-while-serving.txt"


def _serve_like(project: Path, out: Path, edits: list[dict[str, str]]) -> tuple[list, str]:
    completed = subprocess.run(
        [sys.executable, "-c", SERVE_LIKE, str(project), str(out), json.dumps(edits)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**BUILD_ENV, "SOURCE_DATE_EPOCH": "1767225600"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    line = next(x for x in completed.stdout.splitlines() if x.startswith("REPORT "))
    return json.loads(line.removeprefix("REPORT ")), completed.stderr


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_rebuilds_under_serve_give_the_same_site_as_converting_every_page(tmp_path: Path):
    edit = {EDITED: "\n書き足した一文です。\n"}
    broken = {LINKING: "\nSee [the missing page](missing-page.md).\n"}
    added = {THEME_FILE: "added\n"}

    (tmp_path / "warm").mkdir()
    warm = copy_project(tmp_path / "warm")
    # A first build, an edit, a broken link, a rebuild with nothing changed, a theme file added.
    report, log = _serve_like(warm, tmp_path / "warm-site", [{}, edit, broken, {}, added])
    # Once converted, pages are kept; a rebuild converts again only what changed.
    assert report[0]["hits"] == 0
    assert report[0]["kept"] > 0
    assert report[1]["hits"] > 0
    assert report[3]["hits"] > 0
    # A conversion that warned is never kept: the broken link is reported at every rebuild.
    warned = [x for x in log.splitlines() if x.startswith("WARNING Doc file") and "missing" in x]
    assert len(warned) == 3, log[-3000:]
    # The theme's files are listed at the first build (once a language), then kept until a
    # folder of the theme changes: the added file is listed, and copied.
    assert report[0]["listed"] > 0
    assert report[3]["listed"] == report[0]["listed"]
    assert report[3]["listings kept"] >= 2 * 3  # two language passes a rebuild
    assert report[4]["listed"] > report[3]["listed"]

    (tmp_path / "cold").mkdir()
    cold = copy_project(tmp_path / "cold")
    _serve_like(cold, tmp_path / "cold-site", [{**edit, **broken, **added}])

    warm_files, cold_files = _files(tmp_path / "warm-site"), _files(tmp_path / "cold-site")
    assert sorted(warm_files) == sorted(cold_files)
    different = [name for name in warm_files if warm_files[name] != cold_files[name]]
    assert not different, different[:5]
    assert warm_files["assets/dxp-added-while-serving.txt"] == b"added\n"
    assert "書き足した一文です。" in warm_files["principles/leave-no-one-behind/index.html"].decode(
        "utf-8"
    )


class _Env:
    """A template environment's ``list_templates``, counting its walks of the folders."""

    def __init__(self, root: Path) -> None:
        self.root, self.walks = root, 0

    def list_templates(self, extensions=None, filter_func=None) -> list[str]:
        self.walks += 1
        names = sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())
        return [name for name in names if filter_func is None or filter_func(name)]


def _mkdocs_like_filter() -> object:
    def filter(name: str) -> bool:  # noqa: A001 - the name MkDocs gives it
        return not name.endswith(".html")

    filter.__qualname__ = theme_files.MKDOCS_THEME_FILTER
    return filter


def test_the_theme_is_listed_again_when_a_folder_of_it_changes(tmp_path: Path):
    (tmp_path / "assets/icons").mkdir(parents=True)
    (tmp_path / "main.html").write_text("x")
    (tmp_path / "assets/site.css").write_text("x")
    listings = theme_files.ThemeListings()

    def listed() -> list[str]:
        env = _Env(tmp_path)
        listings.keep_listings_of(env, [str(tmp_path)], ["404.html"])
        names = env.list_templates(filter_func=_mkdocs_like_filter())
        return [f"walks={env.walks}", *names]

    assert listed() == ["walks=1", "assets/site.css"]
    assert listed() == ["walks=0", "assets/site.css"]  # kept
    (tmp_path / "assets/site.css").write_text("changed")  # contents: the listing stands
    assert listed() == ["walks=0", "assets/site.css"]
    (tmp_path / "assets/icons/new.svg").write_text("x")  # a deeper folder changed
    assert listed() == ["walks=1", "assets/icons/new.svg", "assets/site.css"]
    (tmp_path / "assets/site.css").unlink()
    assert listed() == ["walks=1", "assets/icons/new.svg"]
    # Another filter, or another loader's settings, is never answered from what was kept.
    env = _Env(tmp_path)
    listings.keep_listings_of(env, [str(tmp_path)], ["404.html"])
    assert env.list_templates(filter_func=lambda name: True) == [
        "assets/icons/new.svg",
        "main.html",
    ]
    assert env.walks == 1


def test_a_folder_named_twice_is_the_same_listing(tmp_path: Path):
    """static-i18n adds its sitemap folder again at each language pass of a build."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a/site.css").write_text("x")
    listings = theme_files.ThemeListings()
    first, second = _Env(tmp_path), _Env(tmp_path)
    listings.keep_listings_of(first, [str(tmp_path / "b"), str(tmp_path)], [])
    listings.keep_listings_of(second, [str(tmp_path / "b"), str(tmp_path / "b"), str(tmp_path)], [])
    assert first.list_templates(filter_func=_mkdocs_like_filter()) == ["a/site.css"]
    assert second.list_templates(filter_func=_mkdocs_like_filter()) == ["a/site.css"]
    assert (first.walks, second.walks) == (1, 0)


@pytest.mark.build
def test_a_build_lists_the_theme_once_for_its_language_passes(tmp_path: Path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_project(tmp_path)
    with _as_in_a_new_process(project, {}):
        config = load_config(config_file="mkdocs.yml", site_dir=str(tmp_path / "out"))
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        listings = config.plugins["dx-playbook/rebuilds"].listings
    # Each language pass lists the theme; all but the first take the first one's listing.
    assert listings.misses == 1, (listings.hits, listings.misses)
    assert listings.hits >= 1, (listings.hits, listings.misses)
    assert (tmp_path / "out/assets/stylesheets").is_dir()
