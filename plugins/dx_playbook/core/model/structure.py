"""What a page's Markdown body contains: checklist items, headings, links, key questions.

Plain line-based parsing on purpose: it must report line numbers for contributors and run in
milliseconds without a Markdown engine. It still has to agree with the engine about which lines
are checklist items: a line MkDocs shows as code, as raw HTML or as part of a paragraph must not
be counted, exported or marked (its marker would show). :func:`line_kinds` follows the block
rules of Python-Markdown with the extensions of ``mkdocs.yml`` (superfences, md_in_html,
admonition, details) far enough for that; see its docstring for what it models.

Every pattern here runs on content and is linear: no two quantifiers can share the characters
they match without one being possessive, and none is searched for from every position of a run
it would rescan (``tests/test_linear_patterns.py`` checks both and times them on 1 MB inputs).
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

TASK_LINE = re.compile(r"^(?P<indent>[ \t]*+)[-*+][ \t]++\[(?P<mark>[ xX])\][ \t]++(?P<rest>.*)$")
#: An ATX heading. ``text`` is what lies between the opening hashes and the optional closing
#: ones, as in ``^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`` but without its cubic backtracking (it
#: may end with spaces or tabs, which callers strip): the line up to its last character that is
#: neither a space, a tab nor "#" (``[^ \t#]++``, or a run of those three that another character
#: follows), then each run of "#" that spaces and another "#" follow; what remains is the
#: closing sequence.
HEADING = re.compile(
    r"^(?P<hashes>#{1,6}+)[ \t]++"
    r"(?P<text>(?:[^ \t#\n]++|[ \t#]++(?=[^ \t#\n]))*+(?:[ \t]*+#++[ \t]++(?=#))*+)"
    r"[ \t]*+#*+[ \t]*+$"
)
#: The ID of a heading's attribute list: ``{ #id }``, ``{: #id .class }``. Tried only where an
#: attribute list can start (the start of the text or after a "}"), so that a search is linear.
HEADING_ID = re.compile(
    r"(?:^|(?<=\}))[^{}\n]*+(?P<brace>\{)[^}#\n]*+(?:#(?![A-Za-z0-9_.:-])[^}#\n]*+)*+"
    r"#(?P<id>[A-Za-z0-9_.:-]++)[^}\n]*+\}[ \t]*+$"
)
LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d++[.)])[ \t](?P<text>.+)$")
#: An inline link's target. The text may not hold "[": a run of them is then read once, not
#: once from each of them.
LINK = re.compile(r"(?<!!)\[[^\[\]\n]*+\]\((?P<target>[^)\s]++)(?:[ \t]++\"[^\"\n]*+\")?+\)")
#: The start of a fenced code block, for callers that only need a quick test; the block rules
#: (closing fence, indentation) are :func:`line_kinds`'s.
FENCE = re.compile(r"^[ \t]*+(```|~~~)")

CHECKLIST_SECTION = "checklist"
QUESTIONS_SECTION = "key-questions"

#: What a line is to Python-Markdown (:func:`line_kinds`).
CODE = 0  # in a code block, fenced or indented (fence lines included)
RAW = 1  # in a raw HTML block: passed through as HTML, never read as Markdown
TEXT = 2  # Markdown text that does not start a list item
ITEM = 3  # starts a list item: a checklist line here becomes a checkbox

#: Why a line that looks like a checklist item is not one (see :attr:`Structure.hidden_items`).
IN_TEXT = "text"
IN_HTML = "html"


@dataclass(frozen=True)
class ChecklistItem:
    """One checkable action. ``id`` is shared by both languages and never changes once published."""

    id: str
    text: str
    line: int
    #: Who acts on it: its own roles from ``data/checklist.yml``, else its page's (set once the
    #: site is validated; empty on a page's raw structure).
    roles: tuple[str, ...] = ()
    #: Its step on the start-here path (1 first), if it is on it.
    start_here: int | None = None


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str | None
    line: int


@dataclass
class Structure:
    """The parts of a body that validation, exports and parity checks look at."""

    items: list[ChecklistItem] = field(default_factory=list)
    #: Lines of task-list items that carry no ID (a validation error on principle pages).
    items_without_id: list[tuple[int, str]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)
    #: Lines written like checklist items that Markdown does not show as list items:
    #: ``(line, text, why)``, ``why`` :data:`IN_TEXT` (the line continues a paragraph, a quote
    #: or a list item) or :data:`IN_HTML` (inside a raw HTML block). Code blocks are not here:
    #: a checklist line in code is an example, shown as written.
    hidden_items: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return next((h.text for h in self.headings if h.level == 1), None)

    @property
    def heading_ids(self) -> list[tuple[str, int]]:
        return [(h.id, h.line) for h in self.headings if h.id]


def unfenced(lines: list[str]) -> Iterator[tuple[int, str]]:
    """``(index, line)`` of every line outside code blocks, fenced or indented."""
    kinds = line_kinds(lines)
    for index, line in enumerate(lines):
        if kinds[index] != CODE:
            yield index, line


def task_lines(lines: list[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """``(index, match)`` of each checklist line that Markdown shows as a list item."""
    kinds = line_kinds(lines)
    for index, line in enumerate(lines):
        if kinds[index] == ITEM and "[" in line:
            match = TASK_LINE.match(line)
            if match is not None:
                yield index, match


def split_item(rest: str) -> tuple[str, str | None]:
    """Split a checklist line's text from its trailing ``{ #id }`` or ``{: #id }`` (``None``
    when absent).

    The ID is the last run of characters that are neither "}" nor white space, after a "#";
    before that "#" come "{" or "{:" and optional spaces or tabs. Found from the end of the
    line with string operations: a pattern searched from every "{" reread the rest of the line
    from each of them.
    """
    stripped = rest.rstrip(" \t")
    if not stripped.endswith("}"):
        return rest.strip(), None
    inner = stripped[:-1].rstrip(" \t")
    run_start = len(inner)
    while run_start and not (inner[run_start - 1] == "}" or inner[run_start - 1].isspace()):
        run_start -= 1
    run = inner[run_start:]
    start: int | None = None
    if run.startswith("#"):
        before = inner[:run_start].rstrip(" \t")
        if len(before) < run_start and before.endswith("{"):
            start, item_id = len(before) - 1, run[1:]
        elif len(before) < run_start and before.endswith("{:"):
            start, item_id = len(before) - 2, run[1:]
    if start is None:
        brace = _first_brace_hash(run)
        if brace is None:
            return rest.strip(), None
        offset, item_id = brace
        start = run_start + offset
    return rest[:start].strip(), item_id


def _first_brace_hash(run: str) -> tuple[int, str] | None:
    """The first ``{#`` or ``{:#`` in ``run`` and the text after it."""
    position = run.find("{")
    while position >= 0:
        if run.startswith("#", position + 1):
            return position, run[position + 2 :]
        if run.startswith(":#", position + 1):
            return position, run[position + 3 :]
        position = run.find("{", position + 1)
    return None


def heading_id(text: str) -> tuple[str, int] | None:
    """The ID of a heading's text and where its attribute list starts, or ``None``."""
    if "{" not in text:
        return None
    match = HEADING_ID.search(text)
    return None if match is None else (match.group("id"), match.start("brace"))


def parse_body(body: str, first_line: int = 1) -> Structure:  # noqa: PLR0912 - one branch per kind of line
    """Parse ``body``; ``first_line`` is the file line where the body starts."""
    structure = Structure()
    section: str | None = None
    lines = body.split("\n")
    kinds = line_kinds(lines)
    for offset, line in enumerate(lines):
        kind = kinds[offset]
        if kind == CODE:
            continue
        number = first_line + offset
        # Each pattern only where the character it needs is: most lines need none (issue 9).
        if "](" in line:
            structure.links.extend((number, m.group("target")) for m in LINK.finditer(line))
        if kind == RAW:
            if "[" in line and TASK_LINE.match(line):
                structure.hidden_items.append((number, _item_text(line), IN_HTML))
            continue
        heading = HEADING.match(line) if line.startswith("#") else None
        if heading:
            text = heading.group("text").rstrip(" \t")
            found = heading_id(text)
            if found:
                text = text[: found[1]].strip()
            structure.headings.append(
                Heading(len(heading.group("hashes")), text, found[0] if found else None, number)
            )
            section = found[0] if found else None
            continue
        task = TASK_LINE.match(line) if "[" in line else None
        if task:
            text, item_id = split_item(task.group("rest"))
            if kind != ITEM:
                structure.hidden_items.append((number, text, IN_TEXT))
            elif item_id is None:
                structure.items_without_id.append((number, text))
            else:
                structure.items.append(ChecklistItem(item_id, text, number))
            continue
        if section == QUESTIONS_SECTION:
            item = LIST_ITEM.match(line)
            if item:
                structure.questions.append(item.group("text").strip())
    return structure


def _item_text(line: str) -> str:
    match = TASK_LINE.match(line)
    return split_item(match.group("rest"))[0] if match else line.strip()


# What each line is to Python-Markdown -----------------------------------------------------------


def line_kinds(lines: list[str]) -> list[int]:
    """:data:`CODE`, :data:`RAW`, :data:`TEXT` or :data:`ITEM` for each of ``lines``.

    Follows the engine's order: superfences takes out fenced code first (a fence of three or
    more backticks or tildes, closed by a line of exactly the same fence at the same
    indentation; an unclosed or unrecognised fence is no fence, and a block with it ends at
    nothing), then md_in_html takes out raw HTML blocks (a block-level tag or a comment at the
    start of a line, up to its end tag; with ``markdown``, ``markdown="1"`` or
    ``markdown="block"`` its content is Markdown again, read as a document of its own), then
    the block parser reads what is left block by block (blocks end at blank lines): a block
    indented by four columns continues the list item, admonition, details block, footnote or
    definition before it, and is code otherwise; headings, setext underlines and rules split a
    block; a list item starts a list only at the start of a block or among other list items
    (never inside a paragraph or a quote, where it is lazy text); quotes and the contents of
    list items, admonitions and the like are read again as documents of their own.

    Tables, definition lists and reference definitions are read as paragraphs: no checklist
    line can start a list item inside them either. ``tests/test_generated_features.py``
    compares this with Python-Markdown on generated pages.
    """
    kinds = _simple_kinds(lines)
    return kinds if kinds is not None else _LineModel(lines).kinds


def kinds_and_fences(lines: list[str]) -> tuple[list[int], frozenset[int]]:
    """:func:`line_kinds` of ``lines``, and which of them (by index) are in fenced code blocks,
    fence lines included. Superfences takes those out before anything else reads the page;
    an indented code block is :data:`CODE` too, but the HTML parser still reads it first."""
    kinds = _simple_kinds(lines)
    if kinds is not None:
        return kinds, frozenset()  # no line of such a page holds a fence
    model = _LineModel(lines)
    fenced = frozenset(
        number
        for first, last in model.fences.items()
        for number in range(first, last + 1)
        if model.kinds[number] == CODE  # not a fence taken back (see _LineModel._unfence)
    )
    return model.kinds, fenced


#: A line that needs :class:`_LineModel`: indented or blank with spaces, HTML, a quote, an
#: admonition or details block, a setext underline, a rule, a definition, a table, a footnote,
#: a fence.
_COMPLEX_LINE = re.compile(r"^(?:[ \t<>!?=_*:|~`]|\[\^|-[ -]*+$|-[^\n|]*+\|)|```|~~~", re.MULTILINE)


def _simple_kinds(lines: list[str]) -> list[int] | None:
    """:func:`line_kinds` of a page made only of paragraphs, headings and lists at the margin
    (nearly every page), in one pass; ``None`` for any other page. In such a page a list item
    line is an item where its block (the lines since a blank line or a heading) starts with a
    list item (issue 9)."""
    if _COMPLEX_LINE.search("\n".join(lines)):
        return None
    kinds = [TEXT] * len(lines)
    starts_block, in_list = True, False
    for index, line in enumerate(lines):
        if not line:
            starts_block = True
            continue
        first = line[0]
        if first == "#":
            starts_block = True
            continue
        child = _CHILD.match(line) if first in "-+" or "0" <= first <= "9" else None
        if starts_block:
            in_list, starts_block = child is not None, False
        if child is not None and in_list:
            if not _plain(line[child.end() :]):
                return None
            kinds[index] = ITEM
    return kinds


_CHILD = re.compile(r"^ {0,3}+(?:\d++\.|[*+-]) ++")
_OLIST = re.compile(r"^ {0,3}+\d++\. ")
_ULIST = re.compile(r"^ {0,3}+[*+-] ")
_INDENTED_ITEM = re.compile(r"^ {4,7}+(?:\d++\.|[*+-]) ")
_HR = re.compile(r"^ {0,3}+(?:-(?: {0,2}+-){2,}+|_(?: {0,2}+_){2,}+|\*(?: {0,2}+\*){2,}+) *+$")
_SETEXT = re.compile(r"^[=-]++ *+$")
_QUOTE = re.compile(r"^ {0,3}+> ?+")
_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?) ?+[\w\"-]")
_NOT_INDENTED = re.compile(r"^ {0,3}+[^ :]")
_FOOTNOTE = re.compile(r"^ {0,3}+\[\^[^\]\n]*+\]: *+")
_DEFINITION = re.compile(r"^ {0,3}+: {1,3}+")
_FENCE_OPEN = re.compile(r"^(?P<ws> *+)(?P<fence>`{3,}+|~{3,}+)(?P<info>.*)$")
_FENCE_LANG = re.compile(r"\.?[\w#.+-]++")
_FENCE_OPTION = re.compile(r"""(?P<key>[a-zA-Z][a-zA-Z0-9_]*+)(?:=(?:"[^"\n]*+"|'[^'\n]*+'))?+""")
_FENCE_OPTIONS = frozenset({"hl_lines", "linenums", "title", "title_mode"})
#: A tag or a comment at the start of a line (up to three spaces in).
_HTML_START = re.compile(r"^ {0,3}+<(?:(?P<comment>!--)|(?P<name>[A-Za-z][A-Za-z0-9-]*+))")
#: One tag of an HTML block; attribute values may hold ">" when quoted.
_HTML_TAG = re.compile(
    r"<(?:(?P<comment>!--)|(?P<close>/)?+(?P<name>[A-Za-z][A-Za-z0-9-]*+)"
    r"(?P<attrs>(?:[^>\"'<]++|\"[^\"]*+\"|'[^']*+')*+)>)"
)
_MARKDOWN_ATTR = re.compile(
    r"(?:^|[\s\"'])markdown(?:[ \t\n]*+=[ \t\n]*+(?:\"(?P<q>[^\"]*+)\"|'(?P<s>[^']*+)'|(?P<u>[^\s\"'>]++)))?+(?=[\s/]|$)"
)
#: Python-Markdown's block-level elements, and md_in_html's groups of them.
BLOCK_LEVEL = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "canvas",
        "colgroup",
        "dd",
        "body",
        "dt",
        "group",
        "html",
        "iframe",
        "li",
        "legend",
        "math",
        "map",
        "noscript",
        "output",
        "object",
        "option",
        "progress",
        "script",
        "style",
        "summary",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "tr",
        "video",
        "center",
    ]
)
_SPAN_TAGS = frozenset(
    [
        "address",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "legend",
        "li",
        "p",
        "summary",
        "td",
        "th",
    ]
)
_RAW_TAGS = frozenset(["canvas", "math", "option", "pre", "script", "style", "textarea"])
_BLOCK_TAGS = BLOCK_LEVEL - _SPAN_TAGS - _RAW_TAGS - {"hr"}
#: The text a fenced block leaves in its place (one line, as superfences leaves it).
_PLACEHOLDER = "\x02"

Unit = tuple[int | None, str]
_BLANK: Unit = (None, "")
#: What a block indented by four columns continues: a document, and whether all the block's
#: lines go there (a list item's) or only its indented lines (an admonition's, a footnote's).
_Container = tuple[list[Unit], str] | None
#: Where the lines of a document came from a separate reading in the engine (a continuation
#: of a list item): a footnote does not take indented blocks from across it.
_CHUNK: Unit = (None, " ")
_LOOSE, _DETAB, _DEF = "loose", "detab", "definition"


class _ItemText(list[Unit]):
    """The lines of a list item or a definition: read as a document inside the item."""


Document = list[Unit]
#: What an item's own text continues: itself (its indented blocks are read again).
_ITSELF: _Container = ([], _DETAB)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _dedent(unit: Unit, columns: int = 4) -> Unit:
    index, text = unit
    return (index, text[columns:]) if text.startswith(" " * columns) else unit


def _fence_opens(info: str) -> bool:  # noqa: PLR0911 - one return per part of the header
    """Whether superfences accepts ``info``, what follows a fence, as a fenced block's header:
    a language, then attributes in braces or the options it knows."""
    rest = info.strip(" ")
    if not rest:
        return True
    language = _FENCE_LANG.match(rest)
    if language is not None:
        tail = rest[language.end() :]
        if tail and tail[0] != " ":
            return rest.startswith("{") and rest.endswith("}")
        rest = tail.lstrip(" ")
        if not rest:
            return True
    if rest.startswith("{"):
        return rest.endswith("}")
    position = 0
    while position < len(rest):
        option = _FENCE_OPTION.match(rest, position)
        if option is None or option.group("key") not in _FENCE_OPTIONS:
            return False
        position = option.end()
        if position < len(rest) and rest[position] != " ":
            return False
        while position < len(rest) and rest[position] == " ":
            position += 1
    return True


class _Block:
    """Lines ``start`` to ``end`` of a block of a document, with the positions of the lines
    that can split it (worked out once for the block, shared by its parts): reading a block
    that a construct splits again and again (a thousand headings in a row) stays linear."""

    __slots__ = ("end", "index", "start", "units")

    def __init__(
        self,
        units: list[Unit],
        start: int = 0,
        end: int | None = None,
        index: dict[str, list[int]] | None = None,
    ) -> None:
        self.units = units
        self.start = start
        self.end = len(units) if end is None else end
        self.index = _split_index(units) if index is None else index

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, position: int) -> Unit:
        return self.units[self.start + position]

    def part(self, start: int, end: int | None = None) -> _Block:
        """Lines ``start`` to ``end`` of this block (relative positions)."""
        stop = self.end if end is None else self.start + end
        return _Block(self.units, self.start + start, stop, self.index)

    def lines(self) -> list[Unit]:
        return self.units[self.start : self.end]

    def first(self, what: str) -> int | None:
        """The position of the first line that can start ``what``, if any."""
        positions = self.index[what]
        at = bisect.bisect_left(positions, self.start)
        return (
            positions[at] - self.start if at < len(positions) and positions[at] < self.end else None
        )


#: What splits a block, in the engine's order, and what tells a line that starts one.
_SPLITTERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("admonition", _ADMONITION),
    ("heading", re.compile("#")),
    ("rule", _HR),
    ("definition", _DEFINITION),
    ("quote", _QUOTE),
    ("footnote", _FOOTNOTE),
)
_SPLIT_STARTS = {
    "admonition": "!?",
    "heading": "#",
    "rule": " -_*",
    "definition": " :",
    "quote": " >",
    "footnote": " [",
}


def _split_index(units: list[Unit]) -> dict[str, list[int]]:
    """For each construct that splits a block, the positions of the lines that start one."""
    index: dict[str, list[int]] = {what: [] for what, _ in _SPLITTERS}
    for position, (_, text) in enumerate(units):
        first = text[:1]
        if not first or first not in _ANY_SPLIT_START:
            continue
        for what, pattern in _SPLITTERS:
            if first in _SPLIT_STARTS[what] and pattern.match(text):
                index[what].append(position)
    return index


_ANY_SPLIT_START = frozenset("".join(_SPLIT_STARTS.values()))
#: Documents nested deeper (list items in list items, quotes in quotes, elements with
#: Markdown inside...) are not read further: their lines stay text, and deeper HTML with
#: Markdown inside is raw. The engine itself recurses on each level and fails long before
#: pages would need more; reading each level copies its lines, so this keeps the work linear.
MAX_NESTING = 32
#: The same for HTML elements with Markdown inside (pages nest two at most): an unclosed one
#: reaches the end of the page, and each level looks for its end tag there again.
MAX_HTML_NESTING = 8


class _LineModel:
    """The kinds of one document's lines (see :func:`line_kinds`).

    Documents inside documents (list items, quotes, HTML with Markdown inside) are read from a
    work list, not by recursion: a thousand nested list items cannot exhaust the stack.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = [line.expandtabs(4) if "\t" in line else line for line in lines]
        self.kinds = [TEXT] * len(lines)
        #: Fenced blocks: first line -> last line.
        self.fences: dict[int, int] = {}
        self._text: str | None = None
        self._seen: list[str] = []
        self._starts: list[int] = []
        self._comment_search = (-1, -1)  # nothing searched yet
        self._end_tags: dict[str, re.Pattern[str]] = {}
        #: The first line of each list item's text, by identity, until its block is read.
        self._heads: dict[int, Unit] = {}
        self._fresh = True
        #: Blocks (by identity) that start a separate reading (see :data:`_CHUNK`).
        self._chunks: set[int] = set()
        #: Blocks (by identity) after two or more blank lines.
        self._gaps: set[int] = set()
        #: Documents still to read, with their nesting: a range of the page's lines (read for
        #: HTML first), or lines already read for it, and whether they are an item's text.
        self._work: list[tuple[int, range | list[Unit], bool]] = []
        self._depth = 0
        self._find_fences()
        self._work.append((0, range(len(lines)), False))
        while self._work:
            self._depth, task, item = self._work.pop()
            if isinstance(task, range):
                units = self._html(task.start, task.stop, self._depth)
            else:
                units = task
            self._read_document(units, item=item)

    # Fenced code (superfences, before anything else) --------------------------------------

    def _find_fences(self) -> None:
        lines, count = self.lines, len(self.lines)
        index = 0
        while index < count:
            line = lines[index]
            opening = _FENCE_OPEN.match(line) if ("`" in line or "~" in line) else None
            if opening is None or not _fence_opens(opening.group("info")):
                index += 1
                continue
            width, fence = len(opening.group("ws")), opening.group("fence")
            after = index + 1
            closed = abandoned = False
            while after < count:
                text = lines[after]
                if text.strip(" ") == "":
                    after += 1
                    continue
                prefix = len(text) - len(text.lstrip(" >"))
                ws = text[: min(prefix, width)]
                content = text[len(ws) :]
                if ">" in ws or len(ws) != width:
                    abandoned = True
                    break
                if content.startswith(fence) and not content[len(fence) :].strip(" "):
                    closed = True
                    break
                after += 1
            if closed:
                self.fences[index] = after
                for number in range(index, after + 1):
                    self.kinds[number] = CODE
                index = after + 1
            elif abandoned:
                index = after + 1
            else:
                return  # an unclosed fence: superfences looks no further

    # Raw HTML (md_in_html) --------------------------------------------------------------------

    def _html(self, first: int, end: int, depth: int) -> list[Unit]:
        """The lines from ``first`` to ``end`` as the block parser sees them: fenced blocks one
        line each, HTML blocks between blank lines (their lines marked; the content of those
        with Markdown inside is read later, as a document of its own)."""
        units: list[Unit] = []
        index = first
        lines = self.lines
        while index < end:
            if index in self.fences:
                last = self.fences[index]
                units.append((index, _indent(lines[index]) * " " + _PLACEHOLDER))
                index = last + 1
                continue
            line = lines[index]
            start = _HTML_START.match(line) if "<" in line else None
            if start is not None and start.group("comment"):
                comment = self._position(index) + line.index("<")
                if self._comment_end(comment + 4, len(self._text or "")) < 0:
                    start = None  # an unclosed comment is text
            if start is None or not (
                start.group("comment") or start.group("name").lower() in BLOCK_LEVEL
            ):
                units.append((index, line))
                index += 1
                continue
            last, tail = self._html_block(index, line.index("<"), end, depth)
            units += [_BLANK, (index, _PLACEHOLDER), _BLANK]
            if tail.strip():
                units.append((last, tail))
            index = last + 1
        return units

    def _position(self, index: int) -> int:
        if self._text is None:
            # Fenced blocks are out of HTML's sight, as superfences takes them out first.
            seen = [
                (_PLACEHOLDER if number in self.fences else "") if kind == CODE else line
                for number, (line, kind) in enumerate(zip(self.lines, self.kinds, strict=True))
            ]
            self._seen = seen
            self._text = "\n".join(seen)
            position, self._starts = 0, []
            for line in seen:
                self._starts.append(position)
                position += len(line) + 1
        return self._starts[index]

    def _comment_end(self, start: int, limit: int) -> int:
        """Where the first "-->" from ``start`` is (before ``limit``), or -1. Remembered, so
        that many comment starts never make the text be searched again and again."""
        searched, found = self._comment_search
        if searched < 0 or not (searched <= start and (found < 0 or found >= start)):
            found = (self._text or "").find("-->", start)
            self._comment_search = (start, found)
        return found if found >= 0 and found + 3 <= limit else -1

    def _line_of(self, position: int) -> int:
        return bisect.bisect_right(self._starts, position) - 1

    def _end_tag(self, name: str) -> re.Pattern[str]:
        if name not in self._end_tags:
            self._end_tags[name] = re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE)
        return self._end_tags[name]

    def _html_block(self, index: int, column: int, end: int, depth: int) -> tuple[int, str]:
        """Mark the HTML block whose first tag is at ``column`` of line ``index``; its last line
        and the text after its end on that line."""
        start = self._position(index) + column
        text = self._text or ""
        limit = self._position(end - 1) + len(self._seen[end - 1]) if end else 0
        opening = _HTML_TAG.match(text, start, limit)
        if opening is None or opening.group("comment"):
            close = self._comment_end(start + 4, limit) if opening is not None else -1
            return self._raw(index, limit if close < 0 else close + 3)
        name = opening.group("name").lower()
        closed_at_once = opening.group("attrs").rstrip().endswith("/")
        if name == "hr" or closed_at_once:
            return self._raw(index, opening.end())
        if _markdown_state(name, opening.group("attrs")) == "block" and depth < MAX_HTML_NESTING:
            return self._markdown_block(index, name, opening.end(), limit, depth)
        # Raw: every tag counts, up to the end tag that closes the first.
        stack, counts = [name], {name: 1}
        position = opening.end()
        while stack:
            if stack[-1] in ("script", "style"):
                found = self._end_tag(stack[-1]).search(text, position, limit)
                if found is None:
                    return self._raw(index, limit)
                position = found.start()
            tag = _HTML_TAG.search(text, position, limit)
            if tag is None:
                return self._raw(index, limit)
            position = tag.end()
            if tag.group("comment"):
                close = self._comment_end(tag.start() + 4, limit)
                if close >= 0:  # an unclosed comment is text
                    position = close + 3
                continue
            tag_name = tag.group("name").lower()
            if tag.group("close"):
                _close(stack, counts, tag_name)
            elif tag_name != "hr" and not tag.group("attrs").rstrip().endswith("/"):
                stack.append(tag_name)
                counts[tag_name] = counts.get(tag_name, 0) + 1
        return self._raw(index, position)

    def _raw(self, index: int, stop: int) -> tuple[int, str]:
        last = max(index, self._line_of(max(stop - 1, 0)))
        for number in range(index, last + 1):
            if self.kinds[number] == TEXT:
                self.kinds[number] = RAW
        line_end = self._starts[last] + len(self._seen[last])
        return last, (self._text or "")[stop:line_end]

    def _markdown_block(
        self, index: int, name: str, content: int, limit: int, depth: int
    ) -> tuple[int, str]:
        """An element whose content is Markdown: find its end as md_in_html does (block tags at
        the start of a line open, end tags of open ones close); its lines are read later."""
        text = self._text or ""
        stack, counts = [name], {name: 1}
        position = content
        close_start = close_end = limit
        while stack:
            tag = _HTML_TAG.search(text, position, limit)
            if tag is None:
                break
            position = tag.end()
            if tag.group("comment"):
                close = self._comment_end(tag.start() + 4, limit)
                if close >= 0:  # an unclosed comment is text
                    position = close + 3
                continue
            tag_name = tag.group("name").lower()
            if tag_name not in BLOCK_LEVEL:
                continue
            if tag.group("close"):
                _close(stack, counts, tag_name)
                if not stack:
                    close_start, close_end = tag.start(), tag.end()
            elif self._at_line_start(tag.start()):
                stack.append(tag_name)
                counts[tag_name] = counts.get(tag_name, 0) + 1
        closed = close_start < limit
        last = self._line_of(close_start if closed else limit)
        self.kinds[index] = RAW
        if closed:
            self.kinds[last] = RAW
        inner_end = last if closed else last + 1
        if index + 1 < inner_end:
            self._work.append((depth + 1, range(index + 1, inner_end), False))
        if not closed:
            return max(last, index), ""
        line_end = self._starts[last] + len(self._seen[last])
        return last, text[close_end:line_end]

    def _at_line_start(self, position: int) -> bool:
        line = self._line_of(position)
        column = position - self._starts[line]
        return column <= 3 and not self._seen[line][:column].strip(" ")

    # The block parser ----------------------------------------------------------------------

    def _read_document(self, units: list[Unit], *, item: bool) -> None:
        """Read ``units`` as a document, block by block; the documents found inside (list
        items, quotes, admonitions...) go to the work list. In an ``item`` (a list item's or a
        definition's text) a block indented by four columns is read again without them, not
        as code."""
        if len(units) == 1 and _plain(units[0][1]):
            # One line of plain text, as most list items are: a paragraph (issue 9).
            head = self._heads.pop(id(units[0]), None)
            if head is units[0]:
                self._mark(head, ITEM)
            return
        queue: deque[_Block] = deque()
        lines: list[Unit] = []
        chunk, gap, blanks = False, False, 0
        for unit in [*units, _BLANK]:
            # A first line of spaces is not blank: the engine blanks such lines after a newline.
            if unit[1].strip(" ") == "" and (unit[0] != 0 or not unit[1]):
                if lines:
                    block = _Block(lines)
                    if chunk:
                        self._chunks.add(id(block))
                    if gap:
                        self._gaps.add(id(block))
                    queue.append(block)
                    lines, chunk, gap, blanks = [], False, False, 0
                chunk = chunk or unit is _CHUNK
                blanks += 1
            else:
                if not lines:
                    gap, blanks = blanks > 1 and bool(queue), 0
                lines.append(unit)
        documents: list[Document] = []
        self._fresh = True  # nothing read yet: a definition needs something before it
        self._run(queue, documents, _ITSELF if item else None)
        if self._depth < MAX_NESTING:
            for document in reversed(documents):
                self._work.append((self._depth + 1, document, isinstance(document, _ItemText)))

    def _run(
        self, queue: deque[_Block], documents: list[Document], container: _Container
    ) -> _Container:
        while queue:
            block = queue.popleft()
            if container is not None and container[1] == _DEF and id(block) in self._chunks:
                container = None  # only lists take indented blocks from another reading
            container = self._read(block, queue, documents, container)
            self._fresh = False
        return container

    def _read(  # noqa: PLR0911 - one return per construct, in the engine's order
        self,
        block: _Block,
        queue: deque[_Block],
        documents: list[Document],
        container: _Container,
    ) -> _Container:
        """Read one block; what a following indented block continues, if anything."""
        first = block[0][1]
        position = block.first("admonition")  # before everything, indented blocks included
        if position is not None:
            return self._split(block, position, queue, documents, container, "admonition")
        if first.startswith("    "):
            return self._indented(block, queue, container)
        if len(block) > 1 and _is_table(first, block[1][1]):
            return None  # a table
        position = block.first("heading")
        if position is not None:
            return self._split(block, position, queue, documents, container, "heading")
        if len(block) > 1 and _SETEXT.match(block[1][1]):
            return self._split(block, 0, queue, documents, container, "setext")
        position = block.first("rule")
        if position is not None:
            return self._split(block, position, queue, documents, container, "rule")
        if _OLIST.match(first) or _ULIST.match(first):
            return self._list(block, documents)
        position = block.first("definition")
        if position is not None and (position or not self._fresh):
            return self._split(block, position, queue, documents, container, "definition")
        for what in ("quote", "footnote"):
            position = block.first(what)
            if position is not None:
                return self._split(block, position, queue, documents, container, what)
        # A paragraph: if it starts a list item's text, that item is a checkbox.
        head = self._heads.pop(id(block[0]), None)
        if head is block[0]:
            self._mark(head, ITEM)
        return None

    def _indented(self, block: _Block, queue: deque[_Block], container: _Container) -> _Container:
        """A block indented by four columns: more of what comes before it, or code."""
        if container is _ITSELF:  # an item's own text: read again, four spaces less
            queue.appendleft(_Block([_dedent(unit) for unit in block.lines()]))
            return None
        if container is not None:
            document, kind = container
            if kind != _DETAB:  # a list item: every line of the block, four spaces less
                document += [_CHUNK, *(_dedent(unit) for unit in block.lines())]
                return container
            body = _indented(block)
            document += [_BLANK, *(_dedent(unit) for unit in block.part(0, body).lines())]
            if body < len(block):
                queue.appendleft(block.part(body))
            return container
        block = self._unfence(block)
        code = _indented(block)
        for unit in block.part(0, code).lines():
            self._mark(unit, CODE)
        if code < len(block):
            queue.appendleft(block.part(code))
        return None

    def _unfence(self, block: _Block) -> _Block:
        """``block`` with its fenced blocks as the lines they were: superfences takes back
        fences found in a block that starts as indented code."""
        units = block.lines()
        if not any(unit[1].endswith(_PLACEHOLDER) for unit in units):
            return block
        lines: list[Unit] = []
        for unit in units:
            index = unit[0]
            if index is not None and unit[1].endswith(_PLACEHOLDER) and index in self.fences:
                for number in range(index, self.fences[index] + 1):
                    self.kinds[number] = TEXT
                    lines.append((number, self.lines[number]))
            else:
                lines.append(unit)
        return _Block(lines)

    def _split(  # noqa: PLR0917 - the reading's state, passed along
        self,
        block: _Block,
        position: int,
        queue: deque[_Block],
        documents: list[Document],
        container: _Container,
        what: str,
    ) -> _Container:
        """The lines before ``block[position]`` are read first, as a block of their own (and
        all that follows from it), then the construct that starts there."""
        if position and what != "definition":  # a definition's terms are not a block
            container = self._run(deque([block.part(0, position)]), documents, container)
        index, text = block[position]
        rest = block.part(position + 2 if what == "setext" else position + 1)
        if what in ("heading", "rule", "setext"):
            if len(rest):
                queue.appendleft(rest)
            return _ITSELF if container is _ITSELF else None
        if what == "quote":
            documents.append(
                [(i, _QUOTE.sub("", t, count=1)) for i, t in block.part(position).lines()]
            )
            return None
        if what == "admonition":
            body = _indented(rest)
            document = [_dedent(unit) for unit in rest.part(0, body).lines()]
            if body < len(rest):
                queue.appendleft(rest.part(body))
            documents.append(document)
            return document, _DETAB
        if what == "footnote":
            return self._footnote(block.part(position), queue, documents)
        # A definition: lazy lines after it are its own; indented ones are, four spaces less.
        definition = _ItemText([(index, _DEFINITION.sub("", text, count=1))])
        if len(rest) and not _NOT_INDENTED.match(rest[0][1]):
            body = _indented(rest)
            definition += [_dedent(unit) for unit in rest.part(0, body).lines()]
            if body < len(rest):
                queue.appendleft(rest.part(body))
        else:
            definition += rest.lines()
        documents.append(definition)
        return definition, _DEF

    def _footnote(
        self, block: _Block, queue: deque[_Block], documents: list[Document]
    ) -> _Container:
        """A footnote takes the rest of its block (up to another footnote) and, at once, every
        indented block that follows in the same reading, one blank line after the last (two end
        it)."""
        index, text = block[0]
        document = [(index, _FOOTNOTE.sub("", text, count=1))]
        rest = block.part(1)
        while True:
            other = rest.first("footnote")
            if other is not None:
                document += map(_dedent, rest.part(0, other).lines())
                queue.appendleft(rest.part(other))
                break
            document += map(_dedent, rest.lines())
            if (
                not queue
                or not queue[0][0][1].startswith("    ")
                or id(queue[0]) in self._chunks
                or id(queue[0]) in self._gaps
            ):
                break
            rest = queue.popleft()
            document.append(_BLANK)
        documents.append(document)
        return None

    def _list(self, block: _Block, documents: list[Document]) -> _Container:
        """A list: each item's lines become a document of their own (an indented item line
        starts a block in the item before it). An item's line is a checkbox's if its text is
        read as a paragraph (not, say, as a definition term or a setext heading)."""
        items: list[_ItemText] = []
        indented = False
        for unit in block.lines():
            index, text = unit
            child = _CHILD.match(text)
            if child is not None:
                head = (index, text[child.end() :])
                self._heads[id(head)] = head
                items.append(_ItemText([head]))
                indented = False
            elif _INDENTED_ITEM.match(text):
                if indented:
                    items[-1].append(_dedent(unit))
                else:
                    items[-1] += [_CHUNK, _dedent(unit)]
                    indented = True
            else:
                items[-1].append(_dedent(unit) if indented else unit)
        documents.extend(items)
        return items[-1], _LOOSE

    def _mark(self, unit: Unit, kind: int) -> None:
        index = unit[0]
        if index is not None and self.kinds[index] == TEXT:
            self.kinds[index] = kind


def _close(stack: list[str], counts: dict[str, int], name: str) -> None:
    """Close the open element ``name`` and those opened after it (a stray end tag closes
    nothing, known at once from ``counts``)."""
    if counts.get(name):
        while True:
            opened = stack.pop()
            counts[opened] -= 1
            if opened == name:
                return


def _is_table(header: str, rule: str) -> bool:
    """Whether a block starting with these two lines is a table, as the tables extension
    tests it: a header of two or more cells (or one between pipes), a rule of as many."""
    if "|" not in header or "-" not in rule or rule.strip(" |:-"):
        return False
    head, line = header.strip(" "), rule.strip(" ")
    border = head.startswith("|") or head.endswith("|")
    cells = len(head.strip("|").split("|"))
    return (cells > 1 or border) and len(line.strip("|").split("|")) == cells


def _indented(block: _Block) -> int:
    """How many of the first lines of ``block`` are indented by four columns."""
    count = 0
    while count < len(block) and block[count][1].startswith("    "):
        count += 1
    return count


#: Characters a line must start with to be anything but a paragraph on its own.
_BLOCK_STARTS = frozenset(" !?#=-_*:>+0123456789")


def _plain(text: str) -> bool:
    """Whether a line on its own, first in its document, can only be a paragraph."""
    first = text[:1]
    if first not in _BLOCK_STARTS:
        return not text.startswith("[^")
    if first in "*-_+" or first.isdigit():  # "**bold**" is text, "* item" and "***" are not
        return not (_CHILD.match(text) or _HR.match(text))
    if first in "!?":
        return not _ADMONITION.match(text)
    return first in "=:"  # no setext underline or definition without a line before


def _markdown_state(name: str, attrs: str) -> str:
    """``block``, ``span`` or ``off``: how md_in_html reads an element's content."""
    found = _MARKDOWN_ATTR.search(attrs) if "markdown" in attrs else None
    if found is None:
        return "off"
    value = found.group("q") or found.group("s") or found.group("u") or "1"
    if value == "markdown":
        value = "1"
    if (value == "1" and name in _BLOCK_TAGS) or (
        value == "block" and name in (_BLOCK_TAGS | _SPAN_TAGS)
    ):
        return "block"
    if value in ("1", "span") and name in (_BLOCK_TAGS | _SPAN_TAGS):
        return "span"
    return "off"
