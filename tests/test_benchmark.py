"""The benchmark's synthetic playbook (scripts/synthetic.py) and its plugins-off config."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import ROOT

from dx_playbook.core.authoring.load import load_site

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark import plugins_off
from synthetic import write_project


def test_the_synthetic_playbook_is_valid_in_both_languages(tmp_path: Path):
    """Problems would each print a warning, measured as our plugins' cost (issue 9)."""
    project = write_project(tmp_path / "synthetic", 12)
    site = load_site(project / "docs")
    assert [str(problem) for problem in site.problems] == []
    ja, en = site.principles["ja"], site.principles["en"]
    assert sorted(ja) == sorted(en)
    assert len(ja) == 12
    for principle_id, original in ja.items():
        assert en[principle_id].roles == original.roles
        assert [item.id for item in en[principle_id].items] == [i.id for i in original.items]


def test_the_baseline_config_has_none_of_our_plugins_and_all_else():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    baseline = plugins_off(config)
    assert "dx-playbook/" in config
    assert "dx-playbook/" not in baseline
    for kept in ("- i18n", "- offline", "- search", "theme:", "markdown_extensions:"):
        assert (kept in baseline) == (kept in config), kept
    # Our search plugin makes static-i18n's step of dropping fallback copies from the index of
    # both languages needless, and turns it off; without our plugins it is needed.
    assert "reconfigure_search: false" in config
    assert "reconfigure_search: true" in baseline
