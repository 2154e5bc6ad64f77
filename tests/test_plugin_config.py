"""Config loading: every plugin is registered, loads its defaults, and rejects bad options."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from dx_playbook.mkdocs_plugins.validate.plugin import ValidatePlugin

EXPECTED = {
    "dx-playbook/editions",
    "dx-playbook/validate",
    "dx-playbook/checklists",
    "dx-playbook/search",
    "dx-playbook/offline",
    "dx-playbook/translations",
    "dx-playbook/glossary",
    "dx-playbook/print",
    "dx-playbook/quality",
    "dx-playbook/rebuilds",
}


def test_every_plugin_is_registered_with_a_namespace_and_loads_defaults():
    registered = {
        ep.name: ep
        for ep in entry_points(group="mkdocs.plugins")
        if ep.name.startswith("dx-playbook/")
    }
    assert set(registered) == EXPECTED
    for entry_point in registered.values():
        plugin = entry_point.load()()
        errors, _ = plugin.load_config({})
        assert errors == [], entry_point.name
        assert plugin.config.enabled is True


def test_validate_config_rejects_wrong_types():
    plugin = ValidatePlugin()
    errors, _ = plugin.load_config({"enabled": "sometimes"})
    assert [name for name, _ in errors] == ["enabled"]


@pytest.mark.parametrize("value", [True, False])
def test_validate_config_accepts_booleans(value):
    plugin = ValidatePlugin()
    errors, _ = plugin.load_config({"report_missing_translations": value})
    assert errors == []
    assert plugin.config.report_missing_translations is value


def test_compiled_templates_are_shared_between_passes_and_follow_their_source():
    """Each language pass (and serve rebuild) gets a new Jinja environment; they share compiled
    templates, and a template whose source changed is compiled afresh."""
    from jinja2 import DictLoader, Environment

    from dx_playbook.mkdocs_plugins import builds

    def environment(source: str) -> Environment:
        env = Environment(loader=DictLoader({"dxp-test.html": source}), autoescape=True)
        builds.share_compiled_templates(env)
        return env

    first = environment("<p>{{ x }}</p>")
    assert first.get_template("dxp-test.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    remembered = len(builds._BYTECODE._code)
    assert remembered >= 1
    again = environment("<p>{{ x }}</p>")
    assert again.get_template("dxp-test.html").render(x=1) == "<p>1</p>"
    assert len(builds._BYTECODE._code) == remembered
    edited = environment("<div>{{ x }}</div>")
    assert edited.get_template("dxp-test.html").render(x=1) == "<div>1</div>"


def test_remembered_relative_urls_are_the_ones_mkdocs_works_out():
    """``relative_url`` remembers answers that depend on the page's depth only; for any pair of
    URLs, remembered or not, it gives what MkDocs gives."""
    import random

    from mkdocs.utils import get_relative_url

    from dx_playbook.mkdocs_plugins.builds import relative_url

    class Located:
        def __init__(self, url: str) -> None:
            self.url = url

        def url_relative_to(self, other: Located) -> str:
            return get_relative_url(self.url, other.url)

    pieces = ["principles", "pillars", "roles", "a", "x.html", "", "index.html", "..", "."]
    generator = random.Random(9)
    urls = list(
        {
            ("/" if generator.random() < 0.1 else "")
            + "/".join(generator.choice(pieces) for _ in range(generator.randint(0, 4)))
            + ("/" if generator.random() < 0.5 else "")
            for _ in range(3000)
        }
    )
    for _ in range(50000):
        target, page = generator.choice(urls), generator.choice(urls)
        expected = get_relative_url(target, page)
        assert relative_url(Located(target), Located(page)) == expected, (target, page)  # type: ignore[arg-type]
    # The case it is for: every principle page to the same pillar page.
    assert relative_url(Located("pillars/mission/"), Located("principles/a/")) == (  # type: ignore[arg-type]
        "../../pillars/mission/"
    )


def test_the_priority_table_is_the_code():
    """Every priority of ours that is not 0, and every on_page_content step, is in the table of
    ``dx_playbook.mkdocs_plugins`` with its reason; nothing in the table is missing from the
    code. A plugin that imports another plugin's module fails here too."""
    import ast
    from pathlib import Path

    from dx_playbook.mkdocs_plugins import PRIORITIES

    found: dict[tuple[str, str], int] = {}
    for ep in entry_points(group="mkdocs.plugins"):
        if not ep.name.startswith("dx-playbook/"):
            continue
        name = ep.name.removeprefix("dx-playbook/")
        plugin = ep.load()
        for attribute in dir(plugin):
            if not attribute.startswith("on_"):
                continue
            priority = getattr(getattr(plugin, attribute), "mkdocs_priority", 0)
            if priority != 0 or attribute == "on_page_content":
                found[(name, attribute)] = priority
        source = Path(__import__(plugin.__module__, fromlist=["_"]).__file__ or "")
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                module = node.module.split(".")
                if module[:2] == ["dx_playbook", "mkdocs_plugins"] and len(module) > 2:
                    assert module[2] in ("builds", name), f"{name} imports {node.module}"
    assert found == {key: priority for key, (priority, _) in PRIORITIES.items()}
    assert all(reason for _, reason in PRIORITIES.values())
