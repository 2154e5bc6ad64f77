"""Units of the domain: front matter, body structure, validation. No MkDocs involved."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.factories import pair, principle

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import FrontMatterError, parse
from dx_playbook.core.model.structure import parse_body

CORE = Path(__file__).resolve().parent.parent / "plugins" / "dx_playbook" / "core"


def write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "docs"


def test_core_never_imports_mkdocs():
    """The domain must outlive Material for MkDocs: no module of core imports mkdocs."""
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in {"mkdocs", "material", "mkdocs_static_i18n"}
            ]
    assert offenders == []


def test_front_matter_keeps_key_lines():
    document = parse("---\nid: a\n\npillar: people\n---\n# T\n")
    assert document.meta == {"id": "a", "pillar": "people"}
    assert document.line_of("pillar") == 4
    assert document.body_start == 6


def test_front_matter_error_points_at_the_line():
    with pytest.raises(FrontMatterError) as error:
        parse("---\nid: a\nroles: [x\nsummary: b\n---\n")
    assert error.value.line in (3, 4)


def test_bom_and_crlf_are_normalised():
    document = parse("\ufeff---\r\nid: a\r\n---\r\n# T\r\n")
    assert document.meta == {"id": "a"}
    assert document.body == "# T\n"


def test_body_structure_reads_items_headings_and_questions():
    structure = parse_body(
        "# Title\n\n## Checklist { #checklist }\n\n- [ ] Do it { #do-it }\n- [x] Done {: #done }\n"
        "- [ ] No id\n\n```\n- [ ] in code { #ignored }\n```\n\n## Q { #key-questions }\n\n"
        "- Why?\n- [A link](x.md)\n",
        first_line=5,
    )
    assert [(item.id, item.text, item.line) for item in structure.items] == [
        ("do-it", "Do it", 9),
        ("done", "Done", 10),
    ]
    assert structure.items_without_id == [(11, "No id")]
    assert structure.heading_ids == [("checklist", 7), ("key-questions", 17)]
    assert structure.questions == ["Why?", "[A link](x.md)"]
    assert structure.links == [(20, "x.md")]
    assert structure.title == "Title"


def test_valid_site_has_no_problems(tmp_path):
    site = load_site(write_site(tmp_path, pair("alpha")))
    assert site.problems == []
    (ja,) = site.principles_in("ja")
    assert ja.id == "alpha"
    assert [item.id for item in ja.items] == ["alpha-step-1", "alpha-step-2", "alpha-step-3"]


def test_principles_are_ordered_by_pillar_then_order(tmp_path):
    files = {**pair("zeta", pillar="mission"), **pair("alpha", pillar="public-mind")}
    site = load_site(write_site(tmp_path, files))
    assert [p.id for p in site.principles_in("en")] == ["zeta", "alpha"]


def test_every_problem_is_one_line_with_a_fix(tmp_path):
    files = pair("alpha")
    files["ja/principles/alpha.md"] = principle(
        "alpha", roles="[mayor, leaders, leaders]", pillar="x", series_part=9
    )
    problems = load_site(write_site(tmp_path, files)).problems
    assert len(problems) >= 4
    for problem in problems:
        text = str(problem)
        assert "\n" not in text
        assert text.startswith(("docs/ja/principles/alpha.md:", "docs/en/principles/alpha.md:"))
        assert ". Fix: " in text


# Property-based: whatever a contributor types into the front matter, validation answers with
# problems (never an exception), and a page is accepted only when its fields are valid.
yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 100),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from([*schema.PILLARS, *schema.ROLES, "people", "x y"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "pillar", "series_part", "roles", "summary", "order", "extra"]),
        yaml_values,
        max_size=7,
    )
)
def test_validation_never_raises_and_accepts_only_valid_pages(tmp_path_factory, meta):
    import yaml

    root = tmp_path_factory.mktemp("prop")
    front = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
    files = pair("alpha")
    files["ja/principles/alpha.md"] = principle("alpha", front_matter=front)
    site = load_site(write_site(root, files))
    accepted = "alpha" in site.principles.get("ja", {})
    valid = (
        meta.get("id") == "alpha"
        and meta.get("pillar") in schema.PILLARS
        and type(meta.get("series_part")) is int
        and 1 <= meta["series_part"] <= 7
        and isinstance(meta.get("roles"), list)
        and bool(meta["roles"])
        and all(isinstance(r, str) and r in schema.ROLES for r in meta["roles"])
        and isinstance(meta.get("summary"), str)
        and bool(meta["summary"].strip())
    )
    assert accepted == valid
    for problem in site.problems:
        assert "\n" not in str(problem)


@given(st.text(max_size=40))
def test_slug_check_matches_its_definition(value):
    expected = (
        0 < len(value) <= schema.SLUG_MAX_LENGTH
        and all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in value)
        and not value.startswith("-")
        and not value.endswith("-")
        and "--" not in value
    )
    assert schema.is_slug(value) == expected
    if not expected:
        assert schema.is_slug(schema.suggest_slug(value)) or schema.suggest_slug(value) == "my-id"
