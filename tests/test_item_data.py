"""Roles per checklist item and the start-here path (``data/checklist.yml``, issue 18 step 7):
read once for both languages, every mistake one line with the file, line and fix, and every
view, export and count built from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.factories import home, principle

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.checklists.progress import browser_items, scopes
from dx_playbook.core.checklists.views import role_view, start_here
from dx_playbook.core.exports import exports
from dx_playbook.core.model.languages import PLAYBOOK

ROOT = Path(__file__).resolve().parent.parent


def site_with(tmp_path: Path, data: str | None):
    docs = tmp_path / "docs"
    for lang in PLAYBOOK.codes:
        (docs / lang / "principles").mkdir(parents=True)
        (docs / lang / "index.md").write_text(home(lang), encoding="utf-8")
        (docs / lang / "principles/sample-principle.md").write_text(
            principle(lang=lang, roles="[leaders, dx-office, all-staff]"), encoding="utf-8"
        )
    if data is not None:
        (tmp_path / "data").mkdir()
        (tmp_path / "data/checklist.yml").write_text(data, encoding="utf-8")
    return load_site(docs)


GOOD = """\
sample-principle-step-1:
  roles: [leaders]
  start_here: 2
sample-principle-step-2:
  roles: [dx-office, all-staff]
  start_here: 1
"""


def test_items_get_their_own_roles_in_both_languages_and_the_rest_their_pages(tmp_path):
    site = site_with(tmp_path, GOOD)
    assert site.problems == []
    for lang in PLAYBOOK.codes:
        (found,) = site.principles_in(lang)
        roles = [item.roles for item in found.items]
        assert roles == [("leaders",), ("dx-office", "all-staff"), found.roles]
        assert [item.start_here for item in found.items] == [2, 1, None]
        counts = scopes([found])
        assert counts["role:leaders"] == ["sample-principle-step-1", "sample-principle-step-3"]
        assert counts["start-here"] == ["sample-principle-step-2", "sample-principle-step-1"]
        items = browser_items([found])["items"]
        assert items[0][3:] == [["leaders"], 2]
        rows = exports.checklist_rows(site, lang)
        assert rows[1][3] == exports.ui_text.LIST_SEPARATOR[lang].join(
            exports.schema.ROLES[role][lang] for role in ("dx-office", "all-staff")
        )
        record = exports.dataset(site, lang)["principles"][0]["checklist"][0]
        assert record["roles"] == ["leaders"]
        assert record["start_here"] == 2


def test_a_role_view_lists_only_the_items_of_its_role(tmp_path):
    site = site_with(tmp_path, GOOD)
    view = role_view(site, "en", "dx-office", "roles/dx-office.md", lambda _path: True)
    assert "sample-principle-step-2" in view
    assert "sample-principle-step-1 " not in view
    assert "role:dx-office/principle:sample-principle" in view, "counted for this role alone"
    path = start_here(site, "en", "index.md", boxes=False)
    assert path.splitlines()[0].startswith("1. [Step 2](principles/sample-principle.md#checklist)")


def test_without_the_file_every_item_has_its_pages_roles(tmp_path):
    site = site_with(tmp_path, None)
    assert site.problems == []
    (found,) = site.principles_in("ja")
    assert all(item.roles == found.roles for item in found.items)
    assert start_here(site, "ja", "index.md", boxes=True) == ""


@pytest.mark.parametrize(
    ("data", "line", "message", "fix"),
    [
        (
            "sample-principle-stp-1:\n  roles: [leaders]\n",
            1,
            "is not the ID of any",
            "did you mean 'sample-principle-step-1'",
        ),
        (
            "sample-principle-step-1:\n  roles: [leader]\n",
            2,
            "names the role 'leader'",
            "did you mean 'leaders'",
        ),
        (
            "sample-principle-step-1:\n  roles: leaders\n",
            2,
            "are not a list of roles",
            "[leaders, cdo]",
        ),
        ("sample-principle-step-1:\n  roles: []\n", 2, "are not a list of roles", "[leaders, cdo]"),
        (
            "sample-principle-step-1:\n  role: [leaders]\n",
            2,
            "unknown field 'role'",
            "'roles' and 'start_here'",
        ),
        (
            "sample-principle-step-1:\n  start_here: first\n",
            2,
            "is not a step number",
            "1 for the first step",
        ),
        (
            "sample-principle-step-1:\n  start_here: 1\nsample-principle-step-2:\n  start_here: 1\n",
            4,
            "step 1 of the start-here path is already item 'sample-principle-step-1' (line 2)",
            "its own number",
        ),
        (
            "sample-principle-step-1:\n  roles: [leaders]\nsample-principle-step-1:\n  roles: [cdo]\n",
            3,
            "is written twice",
            "colons and indentation",
        ),
        (
            "sample-principle-step-1:\n  roles: [leaders\n",
            3,
            "not valid YAML",
            "colons and indentation",
        ),
        ("- sample-principle-step-1\n", 1, "not a list of item IDs", "'<item-id>:'"),
    ],
)
def test_each_mistake_is_one_line_with_its_place_and_fix(tmp_path, data, line, message, fix):
    site = site_with(tmp_path, data)
    (problem,) = site.problems
    assert problem.path == "data/checklist.yml"
    assert problem.line == line
    assert message in problem.message
    assert fix in problem.fix
    assert str(problem).startswith(f"data/checklist.yml:{line}: ")


def test_the_real_role_views_hold_the_items_each_role_acts_on():
    site = load_site(ROOT / "docs")
    assert [p for p in site.problems if p.path == "data/checklist.yml"] == []
    counts = scopes(site.principles_in("ja"))
    sizes = {role: len(counts[f"role:{role}"]) for role in exports.schema.ROLES}
    assert 25 <= sizes["leaders"] <= 35, sizes
    assert all(size >= 3 for size in sizes.values()), sizes
    assert len(counts["start-here"]) == 10
    assert scopes(site.principles_in("en")) == counts, "both languages agree"


def test_the_home_page_and_the_dashboard_show_the_start_here_path(playbook):
    model = load_site(playbook.project_dir / "docs")
    for lang, prefix in (("ja", ""), ("en", "en/")):
        path = scopes(model.principles_in(lang))["start-here"]
        home_page = playbook.read(f"{prefix}index.html")
        section = home_page[home_page.index('id="start-here"') :]
        steps = section[section.index("<ol>") : section.index("</ol>")]
        assert steps.count("<li>") == len(path) == 10
        assert 'href="principles/' in steps
        dashboard = playbook.read(f"{prefix}dashboard/index.html")
        block = dashboard[
            dashboard.index('id="dxp-start-here"') : dashboard.index('id="dxp-by-pillar"')
        ]
        assert re.findall(r'<li class="dxp-item" id="([^"]+)"', block) == path
        assert 'data-dxp-progress="start-here"' in block
