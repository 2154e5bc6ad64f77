"""Every pattern that runs on content is linear.

Three kinds of evidence:

1. Each content function gets ~1 MB adversarial inputs (long headings, runs of spaces and
   tabs, ``{ #`` without a close, runs of ``[``, ``](``, backticks, ``<``, nesting). Only the
   result is asserted; a 10-second alarm bounds each test (tighter than pytest-timeout's
   180 s), and the measured seconds are printed as a benchmark, never asserted.
2. A structural check of every module-level ``re.Pattern`` of the modules below (and of the
   glossary's term pattern), with these rules, which together bound the work of one match
   attempt by a constant times the length it reads:

   * *nesting*: a repeat (``*``, ``+``, ``{m,n}`` with n > 1) holds no other repeat unless one
     of the two is possessive (``*+``, ``++``) or inside an atomic group;
   * *exit*: a repeat that is neither possessive nor atomic can never both repeat and stop at
     the same character (the first characters of its body and of what may follow it are
     disjoint), so backtracking into it fails at once, character by character;
   * *choice*: inside such a repeat, alternatives start with different characters;
   * *lookaround*: a lookaround inside a repeat reads a bounded number of characters;
   * *restart*: a pattern not anchored at a line start does not begin with a repeat that can
     be followed by a failure (searching would reread the run from each of its positions).

   Character sets are compared over an alphabet of every character the patterns name plus one
   of each kind (space, tab, newline, digit, ASCII and other letters, CJK, punctuation).
3. The rewritten patterns match exactly what the old ones matched, on random short inputs
   (where the old ones are fast).
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import ROOT

from dx_playbook.core.authoring import reserved
from dx_playbook.core.checklists import checklist_html, progress, views
from dx_playbook.core.checklists.checklist_html import MARKER
from dx_playbook.core.glossary import glossary
from dx_playbook.core.model import structure
from dx_playbook.core.print import handouts
from dx_playbook.core.quality import csp, overlap

try:
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MB = 1_000_000
LIMIT_SECONDS = 10


@pytest.fixture(autouse=True)
def ten_seconds():
    """Fail a test that runs longer than :data:`LIMIT_SECONDS` (tighter than pytest-timeout's
    limit): a pattern gone quadratic again fails here at once, not after minutes."""

    def late(*_: object) -> None:
        raise TimeoutError(f"over {LIMIT_SECONDS} s: a pattern is not linear")

    previous = signal.signal(signal.SIGALRM, late)
    signal.alarm(LIMIT_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def timed(capsys, label: str, function, *args):
    """``function(*args)``, its time printed as a benchmark figure."""
    start = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n  {label}: {seconds:.3f} s", end="")
    return result


# 1. Content functions on 1 MB adversarial inputs ------------------------------------------------

TEXTS = {
    "heading of words": "# " + "a " * (MB // 2),
    "heading with a run of spaces": "# a" + " " * MB + "b",
    "heading of spaces and hashes": "# a" + " #" * (MB // 2) + " b",
    "heading with '{ #' and no close": "# x " + "{ #a " * (MB // 5),
    "a line of spaces and tabs": " \t" * (MB // 2),
    "lines of spaces and tabs": "  \t \n" * (MB // 5),
    "item with '{ #' and no close": "- [ ] x " + "{ #" * (MB // 3),
    "item with a run of '{#'": "- [ ] x " + "{#" * (MB // 2),
    "item, spaces and tabs, then '{ #a'": "- [ ] x" + " \t" * (MB // 2) + "{ #a",
    "a run of '['": "[" * MB,
    "a run of ']('": "](" * (MB // 2),
    "a run of backticks": "`" * MB,
    "backticks and letters": "`a" * (MB // 2),
    "a run of '<a '": "<a " * (MB // 3),
    "a run of '<!--'": "<!--" * (MB // 4),
    "deep divs, then stray end tags": "<div>" * (MB // 10) + "</span>" * (MB // 14),
    "lists nested 650 deep": "\n".join(" " * (4 * k) + "- [ ] x { #a }" for k in range(650)),
    "unclosed Markdown divs": "<div markdown>\n" * (MB // 15),
    "quotes nested 500,000 deep": "> " * (MB // 2) + "x",
    "headings without a blank line": "# h\n" * (MB // 4),
    "fence openings": "```\n" * (MB // 4) + "x",
    "nested fences": "````\n```\n" * (MB // 10),
    "70,000 items": "- [ ] x { #a }\n" * (MB // 15),
}


@pytest.mark.parametrize("name", list(TEXTS))
def test_parse_body_is_linear(capsys, name: str):
    text = TEXTS[name]
    result = timed(capsys, f"parse_body, {name}", structure.parse_body, text)
    assert len(result.items) <= text.count("{ #a }")
    if name == "heading of words":
        assert result.headings[0].text == ("a " * (MB // 2)).strip()
    if name == "heading with '{ #' and no close":
        assert result.headings[0].id is None
    if name == "70,000 items":
        assert len(result.items) == MB // 15


@pytest.mark.parametrize(
    "name",
    [
        "item with '{ #' and no close",
        "item with a run of '{#'",
        "item, spaces and tabs, then '{ #a'",
        "a run of '['",
        "lists nested 650 deep",
        "70,000 items",
    ],
)
def test_mark_items_is_linear(capsys, name: str):
    text = TEXTS[name]
    marked = timed(capsys, f"mark_items, {name}", checklist_html.mark_items, text)
    assert marked.count(MARKER) == 2 * text.count("{ #a }") or name == "lists nested 650 deep"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("split_item, '{ #' and no close", "x " + "{ #" * (MB // 3)),
        ("split_item, a run of '{#'", "x " + "{#" * (MB // 2)),
        ("split_item, spaces then '{ #a'", "x" + " \t" * (MB // 2) + "{ #a"),
        ("split_item, spaces then '{ #a }'", "x" + " \t" * (MB // 2) + "{ #a }"),
    ],
)
def test_split_item_is_linear(capsys, name: str, text: str):
    item_text, item_id = timed(capsys, name, structure.split_item, text)
    assert item_id == ("a" if text.endswith("}") else None)
    assert item_text == ("x" if item_id else text.strip())


MARKED_HTML = {
    "unclosed marked items": f"<li>{MARKER}-a-{MARKER} x" * (MB // 24),
    "spaces after '<ul>'": "<ul>" + " " * MB,
    "a marker ID of hyphens": f"{MARKER}-a" + "-a" * (MB // 2),
    "70,000 items": "<ul>\n" + f"<li>{MARKER}-a-{MARKER} x</li>\n" * (MB // 25) + "</ul>",
}


@pytest.mark.parametrize("name", list(MARKED_HTML))
def test_rendering_and_indexing_items_is_linear(capsys, name: str):
    html = MARKED_HTML[name]
    marker = re.compile(MARKER + "-[a-z0-9-]+-" + MARKER)
    rendered = timed(capsys, f"render_items, {name}", checklist_html.render_items, html)
    assert marker.search(rendered) is None
    indexed = timed(capsys, f"for_search_index, {name}", checklist_html.for_search_index, html)
    assert marker.search(indexed) is None
    lost = timed(capsys, f"unrendered_items, {name}", checklist_html.unrendered_items, html)
    assert len(lost) == (MB // 24 if name == "unclosed marked items" else 0)


@pytest.mark.parametrize(
    "name",
    ["a run of backticks", "backticks and letters", "a run of '<a '", "a run of '<!--'"],
)
def test_escaping_tags_in_items_is_linear(capsys, name: str):
    text = TEXTS[name]
    escaped = timed(capsys, f"escape_tags, {name}", checklist_html.escape_tags, text)
    assert "<a" not in escaped.replace("&lt;a", "") or "`" in text


def test_code_spans_pair_runs_of_the_same_length(capsys):
    text = "".join("`" * n + "a" for n in range(1, 1400)) + "`b``"
    spans = timed(
        capsys, "code_spans, 1,400 runs of different lengths", checklist_html.code_spans, text
    )
    # The first run (one backtick) closes at the last single one; the final two never close.
    assert spans == [(0, len(text) - 3)]


@pytest.fixture(scope="module")
def matcher() -> glossary.Matcher:
    return glossary.Matcher(glossary.load_glossary(ROOT / "data/glossary.yml"), "ja")


@pytest.mark.parametrize("name", list(TEXTS))
def test_glossary_annotation_is_linear(capsys, matcher, name: str):
    html = f"<p>{TEXTS[name]}</p><p>RPAの話</p>"
    result = timed(
        capsys, f"glossary annotate, {name}", glossary.annotate, html, matcher, lambda t: "#x"
    )
    assert result.count('data-dxp-term="rpa"') <= 1


@pytest.mark.parametrize(
    "name", ["a run of '['", "a run of ']('", "heading of words", "lines of spaces and tabs"]
)
def test_view_functions_are_linear(capsys, name: str):
    text = TEXTS[name]
    rebased = timed(
        capsys, f"rebase_links, {name}", views.rebase_links, text, "principles/a.md", "roles/x.md"
    )
    assert len(rebased) == len(text)
    inserted = timed(capsys, f"insert_after_title, {name}", views.insert_after_title, text, "B")
    assert "B" in inserted


def test_the_print_all_embedding_reads_headings_linearly(capsys):
    from dx_playbook.core.print.handouts import embed_body

    text = TEXTS["heading with a run of spaces"] + "\n" + TEXTS["heading with '{ #' and no close"]
    embedded = timed(
        capsys, "embed_body, long headings", lambda: embed_body(text, shift=1, anchor="x")
    )
    assert embedded.startswith("## x { #a")  # the first, the title, is dropped


def test_reserved_ids_of_long_headings_are_linear(capsys):
    slug = timed(capsys, "toc_slug, a long heading", reserved.toc_slug, "[" * MB + " a" * MB)
    assert slug.endswith("a-a")


SHAPES = {
    **TEXTS,
    "a run of '*'": "*" * MB,
    "'*a' pairs": "*a" * (MB // 2),
    "list markers": "- " * (MB // 2) + "x",
    "digits before '.'": ("1234567890" * 1000 + ". ") * (MB // 10_002),
    "'markdown' attributes": "<div markdown " * (MB // 14),
    "indented '<x' lines": "    <x\n" * (MB // 7),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_markdown_shapes_are_found_linearly(capsys, name: str):
    """The page limits of issue 16 (:func:`~dx_playbook.core.authoring.validation.markdown_shape`) read
    each line a fixed number of times, with string methods: no pattern to backtrack."""
    from dx_playbook.core.authoring.validation import markdown_shape

    text = SHAPES[name]
    found = timed(capsys, f"markdown_shape, {name}", markdown_shape, text.split("\n"))
    if name in ("a run of '['", "list markers", "'*a' pairs", "indented '<x' lines"):
        assert found is not None


# 2. The structural check -------------------------------------------------------------------------

CONTENT_MODULES = (
    structure,
    checklist_html,
    glossary,
    views,
    reserved,
    progress,
    handouts,
    overlap,
    csp,
)


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for module in CONTENT_MODULES:
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{module.__name__.rsplit('.', 1)[-1]}.{name}", value
    term_pattern = glossary.Matcher(glossary.load_glossary(ROOT / "data/glossary.yml"), "en")
    if term_pattern.pattern is not None:
        yield "glossary.Matcher(en).pattern", term_pattern.pattern


OPS = sre_constants
MAXREPEAT = sre_constants.MAXREPEAT
REPEATS = (OPS.MAX_REPEAT, OPS.MIN_REPEAT)
POSSESSIVE = getattr(OPS, "POSSESSIVE_REPEAT", None)
ATOMIC = getattr(OPS, "ATOMIC_GROUP", None)
LOOKAROUNDS = (OPS.ASSERT, OPS.ASSERT_NOT)
#: One character of each kind, and every character the patterns name (added below).
SAMPLES = set(" \t\n\r\x0b\x0c\u3000\u00a0aAzZ09_-.#{}[]()<>!?/\\\"'`~*+:;=|&^%$@,あア漢é\x00")


def alphabet() -> frozenset[str]:
    found = set(SAMPLES)

    def walk(items) -> None:
        for op, av in items:
            if op in (OPS.LITERAL, OPS.NOT_LITERAL):
                found.add(chr(av))
            elif op == OPS.RANGE:
                found.update({chr(av[0]), chr(av[1])})
            elif op == OPS.IN:
                walk(av)
            for sub in _children(op, av):
                walk(sub)

    for _, pattern in patterns():
        walk(sre_parse.parse(pattern.pattern, pattern.flags))
    return frozenset(found)


def _children(op, av) -> list:  # noqa: PLR0911 - one return per kind of node
    """The sub-sequences of a node."""
    if op in REPEATS or op == POSSESSIVE:
        return [av[2]]
    if op == OPS.SUBPATTERN:
        return [av[3]]
    if op == ATOMIC:
        return [av]
    if op == OPS.BRANCH:
        return list(av[1])
    if op in LOOKAROUNDS:
        return [av[1]]
    if op == OPS.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


class Checker:
    """The rules of this module's docstring, over one pattern."""

    def __init__(self, pattern: re.Pattern[str], letters: frozenset[str]) -> None:
        self.letters = letters
        self.dotall = bool(pattern.flags & re.DOTALL)
        self.ignorecase = bool(pattern.flags & re.IGNORECASE)
        self.tree = sre_parse.parse(pattern.pattern, pattern.flags)
        self.problems: list[str] = []

    # Character sets --------------------------------------------------------------------

    def _in(self, items, char: str) -> bool:
        negate, hit = False, False
        for op, av in items:
            if op == OPS.NEGATE:
                negate = True
            elif op == OPS.LITERAL:
                hit = hit or char == chr(av)
            elif op == OPS.RANGE:
                hit = hit or av[0] <= ord(char) <= av[1]
            elif op == OPS.CATEGORY:
                hit = hit or self._category(av, char)
        return hit != negate

    @staticmethod
    def _category(category, char: str) -> bool:
        name = str(category).lower()
        if "digit" in name:
            found = char.isdecimal()
        elif "space" in name:
            found = char.isspace()
        elif "word" in name:
            found = char.isalnum() or char == "_"
        else:
            found = False
        return not found if "not" in name else found

    def _chars(self, op, av) -> frozenset[str]:
        variants = (lambda c: {c, c.lower(), c.upper()}) if self.ignorecase else (lambda c: {c})
        if op == OPS.LITERAL:
            return frozenset(c for c in self.letters if chr(av) in variants(c))
        if op == OPS.NOT_LITERAL:
            return frozenset(c for c in self.letters if chr(av) not in variants(c))
        if op == OPS.ANY:
            return self.letters if self.dotall else self.letters - {"\n"}
        if op == OPS.IN:
            return frozenset(c for c in self.letters if any(self._in(av, v) for v in variants(c)))
        return self.letters  # anything else: any character (a back reference)

    # First sets ------------------------------------------------------------------------

    def first(self, items, start: int = 0) -> tuple[frozenset[str], bool]:
        """The characters a match of ``items[start:]`` can start with, and whether it can be
        empty."""
        chars: set[str] = set()
        for op, av in items[start:]:
            node_chars, nullable = self.node_first(op, av)
            chars |= node_chars
            if not nullable:
                return frozenset(chars), False
        return frozenset(chars), True

    def node_first(self, op, av) -> tuple[frozenset[str], bool]:  # noqa: PLR0911 - one return per kind of node
        if op in (OPS.LITERAL, OPS.NOT_LITERAL, OPS.ANY, OPS.IN):
            return self._chars(op, av), False
        if op in (OPS.AT, *LOOKAROUNDS):
            return frozenset(), True
        if op in REPEATS or op == POSSESSIVE:
            chars, nullable = self.first(av[2])
            return chars, nullable or av[0] == 0
        if op == OPS.SUBPATTERN:
            return self.first(av[3])
        if op == ATOMIC:
            return self.first(av)
        if op == OPS.BRANCH:
            chars, nullable = set(), False
            for branch in av[1]:
                branch_chars, branch_nullable = self.first(branch)
                chars |= branch_chars
                nullable = nullable or branch_nullable
            return frozenset(chars), nullable
        if op == OPS.GROUPREF_EXISTS:
            chars, nullable = set(), False
            for branch in av[1:]:
                if branch is None:
                    nullable = True
                    continue
                branch_chars, branch_nullable = self.first(branch)
                chars |= branch_chars
                nullable = nullable or branch_nullable
            return frozenset(chars), nullable
        return self.letters, True  # a back reference: anything

    # The rules ---------------------------------------------------------------------------

    def check(self) -> list[str]:
        self.sequence(self.tree, frozenset(), in_repeat=False)
        self.restart()
        return self.problems

    def sequence(self, items, follow: frozenset[str], *, in_repeat: bool) -> None:
        for index, (op, av) in enumerate(items):
            after, nullable = self.first(items, index + 1)
            node_follow = after | follow if nullable else after
            self.node(op, av, node_follow, in_repeat=in_repeat)

    def node(self, op, av, follow: frozenset[str], *, in_repeat: bool) -> None:  # noqa: PLR0912 - one branch per kind of node
        if op in REPEATS:
            _, high, body = av
            body_first, _ = self.first(body)
            if high > 1:
                if self.has_repeat(body):
                    self.problems.append("nesting: a repeat holds a repeat, neither possessive")
                if body_first & follow:
                    shared = "".join(sorted(body_first & follow))[:12]
                    self.problems.append(f"exit: a repeat can go on or stop at {shared!r}")
                self.choices(body)
                self.sequence(body, body_first | follow, in_repeat=True)
            else:
                self.sequence(body, follow, in_repeat=in_repeat)
        elif op == POSSESSIVE:
            body_first, _ = self.first(av[2])
            self.sequence(av[2], body_first, in_repeat=in_repeat or av[1] > 1)
        elif op == OPS.SUBPATTERN:
            self.sequence(av[3], follow, in_repeat=in_repeat)
        elif op == ATOMIC:
            self.sequence(av, frozenset(), in_repeat=in_repeat)
        elif op == OPS.BRANCH:
            for branch in av[1]:
                self.sequence(branch, follow, in_repeat=in_repeat)
        elif op == OPS.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    self.sequence(branch, follow, in_repeat=in_repeat)
        elif op in LOOKAROUNDS:
            if in_repeat and self.unbounded(av[1]):
                self.problems.append("lookaround: an unbounded lookaround inside a repeat")
            self.sequence(av[1], frozenset(), in_repeat=False)

    def has_repeat(self, items) -> bool:
        """Whether ``items`` hold a repeat of more than one that is neither possessive nor in
        an atomic group."""
        for op, av in items:
            if op in REPEATS and av[1] > 1:
                return True
            if op in (POSSESSIVE, ATOMIC):
                continue
            if any(self.has_repeat(sub) for sub in _children(op, av)):
                return True
        return False

    def unbounded(self, items) -> bool:
        for op, av in items:
            if (op in REPEATS or op == POSSESSIVE) and av[1] == MAXREPEAT:
                return True
            if any(self.unbounded(sub) for sub in _children(op, av)):
                return True
        return False

    def choices(self, body) -> None:
        for op, av in body:
            if op == OPS.BRANCH:
                seen: set[str] = set()
                for branch in av[1]:
                    branch_first, _ = self.first(branch)
                    if branch_first & seen:
                        self.problems.append("choice: alternatives in a repeat start alike")
                    seen |= branch_first
            elif op == OPS.SUBPATTERN:
                self.choices(av[3])

    def restart(self) -> None:
        items = list(self.tree)
        if not items or items[0][0] == OPS.AT:
            return  # anchored at the start of the text or of each line
        op, av = items[0]
        if (op in REPEATS or op == POSSESSIVE) and av[1] > 1:
            _, nullable = self.first(items, 1)
            if not nullable:
                self.problems.append(
                    "restart: begins with a repeat that can be followed by a failure"
                )


LETTERS = alphabet()


@pytest.mark.parametrize(("name", "pattern"), list(patterns()), ids=[n for n, _ in patterns()])
def test_every_content_pattern_is_linear_by_construction(name: str, pattern: re.Pattern[str]):
    assert Checker(pattern, LETTERS).check() == [], f"{name}: {pattern.pattern}"


def openings(pattern: re.Pattern[str]) -> list[str]:
    """The characters of :data:`LETTERS` a match of ``pattern`` can start with."""
    checker = Checker(pattern, LETTERS)
    chars, _ = checker.first(list(checker.tree))
    return sorted(chars)


@pytest.mark.parametrize(("name", "pattern"), list(patterns()), ids=[n for n, _ in patterns()])
def test_a_run_of_opening_characters_is_read_once(name: str, pattern: re.Pattern[str]):
    """The rules above bound one match attempt; searching also starts an attempt at every
    character. On a run of a character a match can start with (``[[[[`` for a link), an
    attempt that reads to the end of the run makes the search quadratic: 200 KB of it would
    take minutes, and the alarm fails the test. Linear patterns take milliseconds."""
    for char in openings(pattern):
        for text in (char * 200_000, (char + "a") * 100_000, (char + " ") * 100_000):
            pattern.findall(text)


@pytest.mark.parametrize(
    ("pattern", "rule"),
    [
        (r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", "exit"),  # the old heading pattern
        (r"[ \t]*\{:?[ \t]*#(?P<id>[^}\s]*)[ \t]*\}[ \t]*$", "restart"),  # the old item ID
        (r"[ \t]*\{:?[^}]*?#(?P<id>[A-Za-z0-9_.:-]+)[^}]*\}[ \t]*$", "exit"),  # the old heading ID
        (r"(`+).+?\1", "exit"),  # the old code span
        (r"(a+)+b", "nesting"),
        (r"(?:a|[ab]c)*d", "choice"),
        (r"(?:a(?=[^b]*b))*", "lookaround"),
    ],
)
def test_the_rules_catch_the_patterns_that_were_slow(pattern: str, rule: str):
    problems = Checker(re.compile(pattern), LETTERS).check()
    assert any(problem.startswith(rule) for problem in problems), problems


# 3. The rewritten patterns match what the old ones matched ---------------------------------------

OLD_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
OLD_HEADING_ID = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[A-Za-z0-9_.:-]+)[^}]*\}[ \t]*$")
OLD_TRAILING_ID = re.compile(r"[ \t]*\{:?[ \t]*#(?P<id>[^}\s]*)[ \t]*\}[ \t]*$")


def old_split_item(rest: str) -> tuple[str, str | None]:
    match = OLD_TRAILING_ID.search(rest)
    if match is None:
        return rest.strip(), None
    return rest[: match.start()].strip(), match.group("id")


def short_texts(count: int) -> Iterator[str]:
    import random

    rng = random.Random(3)
    for _ in range(count):
        yield "".join(rng.choice(" \t#a}{:-x.\u3000") for _ in range(rng.randint(0, 12)))


def test_headings_and_ids_are_read_as_the_old_patterns_read_them():
    for text in short_texts(60000):
        line = "## " + text
        old, new = OLD_HEADING.match(line), structure.HEADING.match(line)
        assert (old is None) == (new is None), line
        if old and new:
            assert new.group("hashes") == old.group("hashes"), line
            assert new.group("text").rstrip(" \t") == old.group("text"), line
        old_id, new_id = OLD_HEADING_ID.search(text), structure.HEADING_ID.search(text)
        assert (old_id is None) == (new_id is None), text
        if old_id and new_id:
            assert new_id.span("id") == old_id.span("id"), text
        assert structure.split_item(text) == old_split_item(text), text


def test_links_are_found_as_before_on_the_real_pages():
    old_link = re.compile(r"(?<!!)\[[^\]\n]*\]\((?P<target>[^)\s]+)(?:[ \t]+\"[^\"]*\")?\)")
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        old = [m.group("target") for m in old_link.finditer(text)]
        assert [m.group("target") for m in structure.LINK.finditer(text)] == old, path


def test_no_page_of_the_playbook_reads_differently():
    """The line model changes nothing on the real pages (only adversarial ones)."""
    from dx_playbook.core.model.frontmatter import parse

    for path in sorted(Path(ROOT / "docs").rglob("*.md")):
        body = parse(path.read_text(encoding="utf-8")).body
        found = structure.parse_body(body)
        assert found.hidden_items == [], path
        kinds = structure.line_kinds(body.split("\n"))
        items = sum(
            1
            for kind, line in zip(kinds, body.split("\n"), strict=True)
            if kind == structure.ITEM and structure.TASK_LINE.match(line)
        )
        assert items == len(found.items) + len(found.items_without_id), path
