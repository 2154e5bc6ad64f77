"""Our scripts and style sheets ship minified, and still mean what their sources say."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import ROOT

from dx_playbook.core.quality.minify import minify_assets, minify_script, minify_style

SOURCES = ROOT / "overrides/assets"


def test_comments_and_spare_space_go_strings_stay():
    script = "/* a comment */\nconst a = 'keep  /* this */  text';  // gone\nlet b = a + 1;\n"
    small = minify_script(script)
    assert "a comment" not in small
    assert "gone" not in small
    assert "'keep  /* this */  text'" in small
    assert minify_style("/* x */\n.a  {  color : red ;  }\n") == ".a{color:red}"


def test_the_site_gets_minified_copies_and_the_sources_are_left_alone(tmp_path: Path):
    site = tmp_path / "site"
    for kind in ("javascripts", "stylesheets"):
        shutil.copytree(
            SOURCES / kind, site / "assets" / kind, ignore=shutil.ignore_patterns("workers")
        )
    before = {p: p.stat().st_size for p in site.rglob("dxp-*.*")}
    saved = minify_assets(site)
    assert saved == sum(before.values()) - sum(p.stat().st_size for p in before)
    assert all(p.stat().st_size < size for p, size in before.items()), "every file got smaller"
    assert minify_assets(site) == 0  # a second pass changes nothing
    assert (SOURCES / "javascripts/dxp-checklists.js").read_text(encoding="utf-8").startswith("/*")


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the syntax")
def test_every_minified_script_is_still_valid_javascript(tmp_path: Path):
    for source in sorted((SOURCES / "javascripts").glob("dxp-*.js")):
        small = tmp_path / source.name
        small.write_text(minify_script(source.read_text(encoding="utf-8")), encoding="utf-8")
        checked = subprocess.run(
            ["node", "--check", str(small)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, (source.name, checked.stderr)


def test_the_built_playbook_ships_them_minified(playbook):
    for name in ("javascripts/dxp-checklists.js", "stylesheets/dxp-print.css"):
        shipped = (playbook.site_dir / "assets" / name).stat().st_size
        assert shipped < (SOURCES / name).stat().st_size * 0.8, name
