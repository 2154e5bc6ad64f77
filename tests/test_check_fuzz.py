"""Fuzzing what ``dx-playbook check`` reads: whatever a page holds, ``load_site`` answers with
problems, one line each, and never an exception or a hang.

Front matter is YAML-ish text built from the pieces that have broken readers before: deep
nesting, huge lines, anchors and aliases (an alias bomb among them), tags, control characters,
HTML, bad dates and long numbers. Bodies are Markdown built the same way, with snippet lines
that lead anywhere. Each example is bounded by Hypothesis's deadline; nothing else is timed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.model import schema
from dx_playbook.core.model.languages import PLAYBOOK

KEYS = [*schema.FIELDS, *schema.THEME_ONLY_FIELDS, "extra", "? [a, b]", "1", "~", "<b>x</b>"]

scalars = st.one_of(
    st.sampled_from(
        [
            "people",
            "leaders",
            "main.html",
            "role",
            "yes",
            "~",
            "null",
            ".nan",
            "-.inf",
            "2024-13-45",
            "2024-02-30 25:61:00",
            "0x1F",
            "0o777",
            "1_000",
            "1:20:30",
            "9" * 5000,
            "'quoted: text'",
            '"\\u0000 \\x07 escapes"',
            "<script>alert(1)</script>",
            '<img src=x onerror="alert(1)">',
            "a: b: c",
            "- item",
            "|\n  literal\n  block",
            ">-\n  folded\n  block",
        ]
    ),
    st.text(max_size=40),
    st.integers().map(str),
    st.floats().map(str),
)
decorations = st.sampled_from(
    [
        "",
        "&a ",
        "*a",
        "!!python/object/apply:os.system ['true'] ",
        "!!python/name:os.system ",
        "!!str ",
        "!custom ",
        "! ",
        "!!binary ",
        "!!set ",
        "!!omap ",
    ]
)


@st.composite
def values(draw: st.DrawFn) -> str:
    value = draw(decorations) + draw(scalars)
    depth = draw(st.integers(0, 14))
    if draw(st.booleans()):
        return "[" * depth + value + "]" * depth
    return "{k: " * depth + value + "}" * depth


def alias_bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines)


lines = st.one_of(
    st.builds(lambda key, value: f"{key}: {value}", st.sampled_from(KEYS), values()),
    st.builds(lambda n: "x: " + "長" * n, st.integers(1000, 7000)),  # huge line, over 16 KB
    st.builds(lambda n: "\n".join("  " * i + f"k{i}:" for i in range(n)), st.integers(1, 15)),
    st.builds(alias_bomb, st.integers(1, 10)),
    st.sampled_from(["---", "...", "%YAML 1.1", "? complex", ": value", "\t tab", "- list"]),
    st.text(max_size=60),
)
front_matters = st.lists(lines, max_size=8).map("\n".join)

snippet_targets = st.sampled_from(
    [
        "note.md",
        "missing.md",
        "/etc/passwd",
        "../mkdocs.yml",
        "leak.md",
        "pipe.md",
        "self.md",
        "sub/../note.md",
        "https://example.com/x.md",
        "note.md:1:2",
        "note.md:section",
        "",
        "a/" * 150 + "x.md",
    ]
)
body_lines = st.one_of(
    st.sampled_from(
        [
            "# Title",
            "## Checklist { #checklist }",
            "## Key questions { #key-questions }",
            "- [ ] Do it { #do-it }",
            "- [ ] Do it { #Do It }",
            "- [x] Done",
            "- Why?",
            "```",
            "~~~ {.python}",
            "<div markdown>",
            "</div>",
            "<script>alert(1)</script>",
            "[link](other.md#anchor)",
            "--8<--",
            ';--8<-- "note.md"',
            "\x00\x02wzxhzdk:99\x03\x07",
            "\ufeff\u202e",
        ]
    ),
    st.builds(lambda target: f'--8<-- "{target}"', snippet_targets),
    st.builds(lambda target: f"    -8<- '{target}'", snippet_targets),
    snippet_targets,
    st.builds(lambda n: "x" * n, st.integers(1000, 20000)),
    st.text(max_size=80),
)
bodies = st.lists(body_lines, max_size=12).map("\n".join)


def make_docs(root: Path) -> Path:
    """A project with both home pages and a snippets/ folder with good and bad files."""
    docs = root / "docs"
    for lang, text in (("ja", "# ホーム\n\nようこそ。\n"), ("en", "# Home\n\nWelcome.\n")):
        (docs / lang).mkdir(parents=True)
        (docs / lang / "index.md").write_text(text, encoding="utf-8")
    snippets = root / schema.SNIPPETS_DIR
    snippets.mkdir()
    (snippets / "note.md").write_text("Note.\n", encoding="utf-8")
    (snippets / "self.md").write_text('--8<-- "self.md"\n--8<-- "note.md"\n', encoding="utf-8")
    (snippets / "leak.md").symlink_to("/etc/passwd")
    os.mkfifo(snippets / "pipe.md")
    return docs


@settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    front=st.one_of(st.none(), front_matters),
    body=bodies,
    lang=st.sampled_from(PLAYBOOK.codes),
    where=st.sampled_from(["about.md", "principles/sample.md"]),
    crlf=st.booleans(),
)
def test_load_site_never_raises_on_any_page(
    front: str | None, body: str, lang: str, where: str, crlf: bool
):
    text = (f"---\n{front}\n---\n" if front is not None else "") + body
    if crlf:
        text = text.replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as folder:
        docs = make_docs(Path(folder))
        page = docs / lang / where
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(text.encode("utf-8", "surrogatepass"))
        site = load_site(docs)
    for problem in site.problems:
        line = str(problem)
        assert "\n" not in line, line
        assert "\r" not in line, line
        assert ". Fix: " in line
        assert problem.fix
    read = site.page(lang, where)
    assert read is not None
    if read.refused:
        assert not read.readable
        assert read.meta == {}
