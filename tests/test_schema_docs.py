"""The schema page contributors read lists exactly the fields, pillars and roles of the code."""

from __future__ import annotations

import re

import pytest
from tests.conftest import ROOT

from dx_playbook.core.model import schema
from dx_playbook.core.model.languages import PLAYBOOK

#: A field entry of the page: a line holding only the field's name in backticks (a Markdown
#: definition list term), followed by its ``:   `` definition.
ENTRY = re.compile(r"^`(?P<name>[a-z_]++)`\n:   ", re.MULTILINE)


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_every_field_of_the_schema_is_described_and_nothing_else(lang: str):
    page = (ROOT / f"docs/{lang}/contributing/schema.md").read_text(encoding="utf-8")
    described = {match.group("name") for match in ENTRY.finditer(page)}
    assert set(schema.FIELDS) <= described, sorted(set(schema.FIELDS) - described)
    assert described - set(schema.FIELDS) <= set(schema.PILLARS) | set(schema.ROLES), sorted(
        described - set(schema.FIELDS)
    )


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_every_pillar_and_role_id_is_on_the_schema_page(lang: str):
    page = (ROOT / f"docs/{lang}/contributing/schema.md").read_text(encoding="utf-8")
    for key in [*schema.PILLARS, *schema.ROLES]:
        assert f"`{key}`" in page, key
