"""Our search worker stands in for Material's: these fail loudly when Material changes under it.

They read the installed Material for MkDocs: the TypeScript sources embedded in the source maps
it ships (the messages between its search dialog and its worker, the shape of a result, how a
result is rendered) and the ``config`` block of its ``base.html``, which
``overrides/partials/dxp-config.html`` copies. The build runs the same checks
(``dx-playbook/search`` raises a PluginError); these tests also show that each check can fail.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import material
import pytest

from conftest import ROOT, make_project, run_build
from dx_playbook.mkdocs_plugins.search.material import (
    EXPECTATIONS,
    config_block_problems,
    material_worker_paths,
    protocol_problems,
)

TEMPLATES = Path(material.__file__).resolve().parent / "templates"
PARTIAL = ROOT / "overrides/partials/dxp-config.html"
ENGINE = ROOT / "overrides/assets/javascripts/workers/dxp-search.js"
MESSAGE_SOURCE = "integrations/search/worker/message/index.ts"


def material_sources() -> dict[str, str]:
    sources: dict[str, str] = {}
    for path in material_worker_paths(TEMPLATES)[1]:
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, content in zip(data["sources"], data["sourcesContent"], strict=True):
            sources[name.split("assets/javascripts/")[-1]] = content or ""
    return sources


def fake_templates(tmp_path: Path, edit: tuple[str, str, str] | None = None) -> Path:
    """A copy of Material's worker, its source maps and base.html, with one source edited."""
    target = tmp_path / "templates"
    workers, maps = material_worker_paths(TEMPLATES)
    for path in [*workers, *maps, TEMPLATES / "base.html"]:
        copy = target / path.relative_to(TEMPLATES)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    if edit is not None:
        source, old, new = edit
        for path in maps:
            copy = target / path.relative_to(TEMPLATES)
            data = json.loads(copy.read_text(encoding="utf-8"))
            for index, name in enumerate(data["sources"]):
                if name.endswith(source):
                    assert old in data["sourcesContent"][index], f"{old!r} not in {name}"
                    data["sourcesContent"][index] = data["sourcesContent"][index].replace(old, new)
            copy.write_text(json.dumps(data), encoding="utf-8")
    return target


def test_installed_material_speaks_the_protocol_our_worker_speaks():
    assert protocol_problems(TEMPLATES) == []


def test_our_worker_numbers_the_messages_as_material_does():
    enum = re.search(r"enum SearchMessageType \{(.*?)\}", material_sources()[MESSAGE_SOURCE], re.S)
    assert enum is not None
    names = re.findall(r"^\s*([A-Z]+),?", enum.group(1), re.M)
    assert names == ["SETUP", "READY", "QUERY", "RESULT"]
    engine = ENGINE.read_text(encoding="utf-8")
    ours = {name: int(value) for name, value in re.findall(r"var ([A-Z]+) = (\d);", engine)}
    assert {name: ours[name] for name in names} == {name: i for i, name in enumerate(names)}


def test_every_expected_fragment_is_checked_in_a_source_that_exists():
    sources = material_sources()
    assert {expectation.source for expectation in EXPECTATIONS} <= set(sources)


@pytest.mark.parametrize(
    ("source", "old", "new", "reported"),
    [
        (MESSAGE_SOURCE, "SETUP,", "SETUP, PROGRESS,", "message types 0-3"),
        (MESSAGE_SOURCE, "data: string", "data: SearchQuery", "QUERY carries the query"),
        (
            "integrations/search/_/index.ts",
            "items: SearchItem[][]",
            "items: SearchItem[]",
            "items grouped per page",
        ),
        ("bundle.ts", '"search/search_index.json"', '"search/index.json"', "online, the index"),
        (
            "templates/search/index.tsx",
            "{document.title}",
            "{escapeHTML(document.title)}",
            "inserted as HTML",
        ),
    ],
)
def test_a_change_in_materials_sources_is_reported(tmp_path, source, old, new, reported):
    problems = protocol_problems(fake_templates(tmp_path, (source, old, new)))
    assert len(problems) == 1, problems
    assert source in problems[0]
    assert reported in problems[0]


def test_missing_source_maps_are_reported(tmp_path):
    templates = fake_templates(tmp_path)
    for path in material_worker_paths(templates)[1]:
        path.unlink()
    [problem] = protocol_problems(templates)
    assert "source maps" in problem


def test_our_config_block_is_materials_apart_from_the_worker():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert config_block_problems(base, PARTIAL.read_text(encoding="utf-8"), "dxp-config.html") == []


def test_a_new_line_in_materials_config_block_is_reported():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    changed = base.replace('"features": features,', '"features": features,\n "palette": none,')
    [problem] = config_block_problems(changed, PARTIAL.read_text(encoding="utf-8"), "ours.html")
    assert "ours.html differs from Material's config block" in problem
    assert '"palette": none,' in problem


def test_a_renamed_material_worker_is_reported():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    renamed = re.sub(r"workers/search\.\w+\.min\.js", "workers/search.0000.min.js", base)
    [problem] = config_block_problems(renamed, PARTIAL.read_text(encoding="utf-8"), "ours.html")
    assert "search.0000.min.js" in problem


def test_a_partial_that_lost_our_worker_is_reported():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    stock = re.search(r"\{% block config %\}(.*?)\{% endblock %\}", base, re.S)
    assert stock is not None
    [problem] = config_block_problems(base, stock.group(1), "ours.html")
    assert "dxp_search_worker" in problem


@pytest.mark.slow
def test_the_build_stops_when_the_config_block_no_longer_matches(tmp_path):
    project = make_project(tmp_path, {"ja/index.md": "# ホーム\n", "en/index.md": "# Home\n"})
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    partial = overrides / "partials/dxp-config.html"
    partial.write_text(
        partial.read_text(encoding="utf-8").replace('"base": base_url,', '"base": "/",'),
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(str(ROOT / "overrides"), str(overrides)),
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode != 0
    assert "dx-playbook/search" in result.output
    assert f"{partial} differs from Material's config block" in result.output
    assert "Traceback" not in result.output
