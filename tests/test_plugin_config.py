"""Config loading: every plugin is registered, loads its defaults, and rejects bad options."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from dx_playbook.mkdocs_plugins.validate.plugin import ValidatePlugin

EXPECTED = {
    "dx-playbook/validate",
    "dx-playbook/checklists",
    "dx-playbook/search",
    "dx-playbook/offline",
    "dx-playbook/translations",
    "dx-playbook/glossary",
    "dx-playbook/print",
    "dx-playbook/quality",
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
