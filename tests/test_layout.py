"""``core/`` is laid out by feature, with no import circle, and imports no MkDocs.

A newcomer names the folder for a change before opening a file: the folders are the features
(``checklists/``, ``exports/``, ``glossary/``, ``print/``, ``search/``, ``offline/``,
``quality/``, ``translations/``, a town's own ``editions/``), the content model they share (``model/``), what contributors
meet (``authoring/``) and the words of each language (``text/``). Every import is counted,
those inside functions too: an import deferred to dodge a circle is still a circle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import ROOT

CORE = ROOT / "plugins/dx_playbook/core"
#: What each folder may build on (besides itself). ``text`` (the words) builds on nothing.
LAYERS = {
    "model": {"text"},
    "text": set(),
    "translations": {"model", "text"},
    "checklists": {"model", "text"},
    "glossary": {"model", "text"},
    "search": {"text"},
    "offline": set(),
    "quality": {"model"},
    "exports": {"model", "text", "checklists"},
    "print": {"model", "text"},
    "editions": {"model", "text", "translations"},
    "authoring": {
        "editions",
        "model",
        "text",
        "translations",
        "checklists",
        "glossary",
        "exports",
        "offline",
        "quality",
        "print",
    },
}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            found.update(name for name in names if name.startswith("dx_playbook."))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dx_playbook."))
    return found


def modules() -> dict[str, Path]:
    return {
        ".".join(("dx_playbook", *path.relative_to(CORE.parent).with_suffix("").parts)): path
        for path in CORE.rglob("*.py")
        if path.name != "__init__.py"
    }


def test_every_module_is_in_a_feature_folder():
    assert sorted(p.name for p in CORE.glob("*.py")) == ["__init__.py"]
    assert {p.name for p in CORE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(LAYERS)


def test_no_folder_imports_against_the_layers_and_core_never_imports_mkdocs():
    wrong = []
    for name, path in modules().items():
        folder = name.split(".")[2]
        for imported in imports_of(path):
            if imported.startswith(("dx_playbook.mkdocs_plugins", "dx_playbook.cli")):
                wrong.append(f"{name} imports {imported}")
            elif imported.startswith("dx_playbook.core."):
                other = imported.split(".")[2]
                if other != folder and other not in LAYERS[folder]:
                    wrong.append(f"{name} imports {imported}")
        text = path.read_text(encoding="utf-8")
        if "import mkdocs" in text or "from mkdocs" in text or "from material" in text:
            wrong.append(f"{name} imports MkDocs")
    assert wrong == []


def test_no_module_import_circle():
    known = modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        graph[name] = {i for i in imports_of(path) if i in known and i != name}
    state: dict[str, int] = {}
    circle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circle.extend([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*trail, nxt]):
                return True
        state[node] = 2
        return False

    for start in sorted(graph):
        if state.get(start) is None and visit(start, [start]):
            break
    assert circle == []
