"""The bilingual glossary (``data/glossary.yml``): reading it, checking it, and finding its terms.

Readers meet a term's definition where the term first appears on a page: the term becomes a link
to its glossary entry, described by (``aria-describedby``) a tooltip that shows on hover and on
keyboard focus. A link is focusable and announced on every device, and on touch screens, where
nothing hovers, a tap leads to the entry itself; ``<abbr title>`` would reach neither keyboard
nor touch users.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import normalise_text
from dx_playbook.core.model.languages import PLAYBOOK, Languages
from dx_playbook.core.model.site import Problem
from dx_playbook.core.text.catalogue import catalogue, language_name
from dx_playbook.core.text.lang import hiragana

GLOSSARY_VERSION = 1
#: The fields of a term besides its name in each language (a field named by the language code).
TERM_FIELDS = {
    "id": "the term's ID: a lowercase slug, its anchor on the glossary pages",
    "reading": "the Japanese reading, in hiragana",
    "definition": "a plain definition in each language: 'ja: ...', 'en: ...'",
    "aliases": "optional: other forms to find in the text, e.g. 'en: [DX]'",
}
#: The language whose terms have a reading (hiragana), and which pages sort by it.
READING_LANGUAGE = "ja"


def term_fields(languages: Languages) -> dict[str, str]:
    """Every field a term may have, with what it holds, in the order the file writes them."""
    fields = dict(TERM_FIELDS)
    for lang in languages:
        fields[lang] = f"the term as written in {lang} ({catalogue(lang)['language']})"
    return {key: fields[key] for key in (*required_fields(languages), "aliases")}


def kana_reading(text: str) -> str | None:
    """The hiragana reading of a term written in kana only (katakana moved to hiragana), else
    ``None``: a term with kanji or Latin letters needs its reading written."""
    if not _KANA.match(text):
        return None
    return hiragana(text)


def required_fields(languages: Languages) -> tuple[str, ...]:
    """The fields every term has, in the order the file writes them (the reading after the
    Japanese term)."""
    needed = ["id"]
    for lang in languages:
        needed += [lang, "reading"] if lang == READING_LANGUAGE else [lang]
    return (*needed, "definition")


MAX_DEFINITION_CHARS = 300
#: Languages written without spaces between words: folded YAML's line breaks are dropped.
UNSPACED = frozenset({"ja", "zh", "th"})
#: Kana only (hiragana, katakana, the long-vowel mark, the middle dot, spaces): a term written so
#: reads as it is written, and the glossary shows no reading for it.
_KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb ]+$")
#: Hiragana, the long-vowel mark, the middle dot and spaces.
_READING = re.compile(r"^[\u3041-\u3096\u30fc\u30fb ]+$")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

#: Elements whose text never gets a tooltip: headings, links, code, form controls and labels
#: (a link inside a checkbox label would steal the click that ticks it), titles of works and
#: quotations (their words are not ours), and the tooltips themselves.
SKIPPED_ELEMENTS = frozenset(
    {
        *("a", "abbr", "button", "code", "dfn", "kbd", "label", "math", "option", "pre"),
        *("cite", "q", "blockquote"),
        *("samp", "script", "select", "style", "summary", "svg", "textarea", "title", "var"),
        *("noscript", "template", "iframe", "object"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
    }
)
#: Classes whose elements are skipped: ours (the credit line names the series, whose title is
#: not running text), Material's, and an opt-out for authors.
SKIPPED_CLASSES = frozenset(
    {"dxp-term", "dxp-source", "dxp-translation-notice", "dxp-credit", "dxp-no-glossary"}
    | {"admonition-title", "headerlink"}
)
#: Elements whose content is text, not markup: what looks like a tag in them is not one.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed"})
#: Elements of SVG and MathML (skipped anyway), where "/>" closes any element.
_FOREIGN = frozenset({"svg", "math", "path", "circle", "rect", "line", "g", "use", "mi", "mo"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
#: A tag (its attribute values may hold ">" when quoted), the start of a comment (its end is
#: found with ``str.find``), or a declaration or processing instruction. A "<" that starts none
#: of them is text. Attributes cannot hold an unquoted "<", so a run of "<" is read once.
_TAG = re.compile(
    r"<(?:(?P<comment>!--)|(?P<close>/)?+(?P<name>[A-Za-z][A-Za-z0-9-]*+)"
    r"(?P<attrs>(?:[^>\"'<]++|\"[^\"]*+\"|'[^']*+')*+)>|[!?][^<>]*+>)"
)
#: libyaml's loader where PyYAML has it (ten times faster), else the pure-Python one; both safe.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CLASS = re.compile(r"""\bclass\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++))""")


@dataclass(frozen=True)
class Term:
    id: str
    #: The term as written in each language.
    names: dict[str, str]
    #: Its Japanese reading in hiragana ("" when the glossary has no Japanese).
    reading: str
    definition: dict[str, str]
    #: The forms to find in the text of each language: the term, then its aliases.
    forms: dict[str, tuple[str, ...]]
    line: int = 0

    def name(self, lang: str) -> str:
        return self.names[lang]


@dataclass
class Glossary:
    path: str
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    languages: Languages = PLAYBOOK

    def sorted_for(self, lang: str) -> list[Term]:
        """Terms in the order readers of ``lang`` look them up: by reading, or alphabetically."""
        if lang == READING_LANGUAGE:
            return sorted(self.terms, key=lambda t: (t.reading.replace("ー", ""), t.id))
        return sorted(self.terms, key=lambda t: (t.names[lang].casefold(), t.id))


# Reading and checking --------------------------------------------------------------------------


def _lines(node: yaml.Node | None) -> dict[str, int]:
    """1-based line of each key of a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def load_glossary(
    path: Path, display: str | None = None, *, languages: Languages = PLAYBOOK
) -> Glossary:
    """Read and check the glossary of ``languages``; never raises on bad content (problems are
    collected)."""
    reader = _Reader(Glossary(display or path.as_posix(), languages=languages))
    found = reader.parse(path)
    if found is not None:
        root, entries = found
        reader.read_terms(root, entries)
    return reader.glossary


class _Reader:
    """Reads the glossary, collecting a problem for each mistake rather than stopping."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.languages = glossary.languages
        self.fields = term_fields(glossary.languages)
        self.line: int | None = None
        self.key_lines: dict[str, int] = {}
        self.where = "a term"

    def problem(self, line: int | None, message: str, fix: str) -> None:
        self.glossary.problems.append(Problem(self.glossary.path, line, message, fix))

    def at(self, key: str) -> int | None:
        """The line of ``key`` in the term being read, or of the term itself."""
        return self.key_lines.get(key, self.line)

    def read_text(self, path: Path) -> str | None:
        try:
            return normalise_text(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            self.problem(None, "the glossary file is missing", "create it, one entry per term")
        except UnicodeDecodeError as error:
            self.problem(None, f"the file is not UTF-8 text (byte {error.start})", "save as UTF-8")
        except OSError as error:
            self.problem(None, f"the glossary cannot be read ({error.strerror})", "check the file")
        return None

    def parse(self, path: Path) -> tuple[yaml.Node | None, list[object]] | None:
        text = self.read_text(path)
        if text is None:
            return None
        try:
            root = yaml.compose(text, Loader=_LOADER)
            data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            self.problem(
                mark.line + 1 if mark else None,
                f"the glossary is not valid YAML ({error.problem or 'syntax error'})",
                "check quotes, colons and indentation (a value containing ': ' must be quoted)",
            )
            return None
        except yaml.YAMLError as error:
            self.problem(None, f"the glossary is not valid YAML ({error})", "check its syntax")
            return None
        if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
            self.problem(1, "the glossary has no 'terms:' list", "start the file with 'terms:'")
            return None
        if data.get("version", GLOSSARY_VERSION) != GLOSSARY_VERSION:
            self.problem(
                _lines(root).get("version", 1),
                f"glossary version {data.get('version')!r} is not {GLOSSARY_VERSION}",
                f"write 'version: {GLOSSARY_VERSION}'",
            )
        return root, data["terms"]

    def read_terms(self, root: yaml.Node | None, entries: list[object]) -> None:
        nodes = _term_nodes(root)
        seen_ids: dict[str, int | None] = {}
        seen_forms: dict[tuple[str, str], str] = {}
        for index, entry in enumerate(entries):
            node = nodes[index] if index < len(nodes) else None
            self.line = node.start_mark.line + 1 if node is not None else None
            self.key_lines = _lines(node)
            term = self.read_term(entry)
            if term is None:
                continue
            if term.id in seen_ids:
                self.problem(
                    self.at("id"),
                    f"term ID '{term.id}' is already used on line {seen_ids[term.id]}",
                    "give each term its own ID",
                )
                continue
            seen_ids[term.id] = self.line
            for lang, forms in term.forms.items():
                for form in forms:
                    owner = seen_forms.setdefault((lang, form.casefold()), term.id)
                    if owner != term.id:
                        self.problem(
                            self.at("aliases"),
                            f"'{form}' ({lang}) already belongs to the term '{owner}'",
                            "keep each form under one term only",
                        )
            self.glossary.terms.append(term)

    def read_term(self, entry: object) -> Term | None:
        if not isinstance(entry, dict):
            self.problem(
                self.line, "a glossary entry is not a mapping", "start it with '- id: ...'"
            )
            return None
        self.where = f"term '{entry.get('id')}'" if entry.get("id") else "a term"
        for key in entry:
            if str(key) not in self.fields:
                self.problem(
                    self.at(str(key)),
                    f"unknown field '{key}' in {self.where}",
                    "use only: " + ", ".join(self.fields),
                )
        missing = [
            key
            for key in required_fields(self.languages)
            if key not in entry
            and not (key == "reading" and kana_reading(str(entry.get(READING_LANGUAGE, ""))))
        ]
        if missing:
            self.problem(
                self.line,
                f"{self.where} has no {', '.join(repr(key) for key in missing)}",
                "; ".join(f"add '{key}: ...' ({self.fields[key]})" for key in missing),
            )
            return None
        texts = self.read_texts(entry)
        definition = self.read_definition(entry["definition"])
        forms = self.read_forms(entry.get("aliases"), texts) if texts else None
        if texts is None or definition is None or forms is None:
            return None
        return Term(
            id=texts["id"],
            names={lang: texts[lang] for lang in self.languages},
            reading=texts.get("reading") or kana_reading(texts.get(READING_LANGUAGE, "")) or "",
            definition=definition,
            forms=forms,
            line=self.line or 0,
        )

    def read_texts(self, entry: dict[str, object]) -> dict[str, str] | None:
        texts: dict[str, str] = {}
        for key in required_fields(self.languages)[:-1]:  # the definition is read apart
            if key == "reading" and key not in entry:
                continue  # a kana-only term: its reading is the term
            value = entry[key]
            if not isinstance(value, str) or not value.strip():
                self.problem(
                    self.at(key), f"'{key}' of {self.where} is empty or not text", "write it"
                )
                return None
            texts[key] = value.strip()
        if not schema.is_slug(texts["id"]):
            self.problem(
                self.at("id"),
                f"term ID {texts['id']!r} is not a lowercase slug",
                f"use e.g. '{schema.suggest_slug(texts['id'])}'",
            )
            return None
        if "reading" in texts and not _READING.match(texts["reading"]):
            self.problem(
                self.at("reading"),
                f"reading '{texts['reading']}' of {self.where} is not all hiragana",
                "write the reading in hiragana, e.g. 'でじたるへんかく' (ー and ・ are allowed)",
            )
            return None
        return texts

    def read_definition(self, value: object) -> dict[str, str] | None:
        at = self.at("definition")
        if not isinstance(value, dict):
            each = ", ".join(f"'{lang}:'" for lang in self.languages)
            self.problem(at, f"the definition of {self.where} is not {each}", "write each")
            return None
        definition = {}
        for lang in self.languages:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.problem(at, f"{self.where} has no {lang} definition", f"add '{lang}: ...'")
                return None
            # Folded YAML puts spaces where lines break; Japanese has no spaces between words.
            text = "".join(text.split()) if lang in UNSPACED else " ".join(text.split())
            if len(text) > MAX_DEFINITION_CHARS:
                self.problem(
                    at,
                    f"the {lang} definition of {self.where} is {len(text)} characters long",
                    f"keep it under {MAX_DEFINITION_CHARS}: one to three plain sentences",
                )
            definition[lang] = text
        return definition

    def read_forms(
        self, aliases: object, texts: dict[str, str]
    ) -> dict[str, tuple[str, ...]] | None:
        at = self.at("aliases")
        aliases = {} if aliases is None else aliases
        if not isinstance(aliases, dict) or any(lang not in self.languages for lang in aliases):
            self.problem(
                at,
                f"aliases of {self.where} are not "
                + ", ".join(f"'{lang}: [...]'" for lang in self.languages),
                "write e.g. 'en: [DX]'",
            )
            return None
        forms: dict[str, tuple[str, ...]] = {}
        for lang in self.languages:
            extra = aliases.get(lang) or []
            if not isinstance(extra, list) or not all(isinstance(form, str) for form in extra):
                self.problem(
                    at,
                    f"{lang} aliases of {self.where} are not a list of text",
                    "write e.g. [DX, AI]",
                )
                return None
            found: list[str] = []
            for raw in [texts[lang], *extra]:
                form = raw.strip()
                if len(form) < 2:
                    self.problem(
                        at,
                        f"alias '{form}' is too short to find safely",
                        "use 2 or more characters",
                    )
                elif form not in found:
                    found.append(form)
            forms[lang] = tuple(found)
        return forms


def _term_nodes(root: yaml.Node | None) -> list[yaml.Node]:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "terms" and isinstance(value, yaml.SequenceNode):
                return list(value.value)
    return []


# Finding terms in page HTML --------------------------------------------------------------------


@dataclass
class Matcher:
    """Finds the terms of one language in text, longest form first."""

    glossary: Glossary
    lang: str
    _pattern: re.Pattern[str] | None = field(init=False, default=None)
    _owner: dict[str, Term] = field(init=False, default_factory=dict)
    _shortest: int = field(init=False, default=1)

    def __post_init__(self) -> None:
        pairs = [(form, term) for term in self.glossary.terms for form in term.forms[self.lang]]
        pairs.sort(key=lambda pair: -len(pair[0]))
        if pairs:
            pattern, self._owner = _form_tree(pairs)
            self._pattern = re.compile(pattern)
            self._shortest = min(len(form) for form, _ in pairs)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """One pattern for every form; the group that matched names the form (see owner)."""
        return self._pattern

    @property
    def owner(self) -> dict[str, Term]:
        return self._owner

    @property
    def shortest(self) -> int:
        """The length of the shortest form: no shorter text can hold a term."""
        return self._shortest

    def finditer(self, text: str) -> Iterator[tuple[re.Match[str], Term]]:
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            group = match.lastgroup
            if group is not None:
                yield match, self._owner[group]


def _form_tree(pairs: list[tuple[str, Term]]) -> tuple[str, dict[str, Term]]:
    """One pattern for every form of ``pairs`` (longest first), and the term of each group.

    The forms make a tree of their characters (ASCII letters in lower case), so that at each
    position the engine follows one branch per character instead of trying every form in turn:
    most Japanese text starts some form, and trying each was most of the tooltips' time
    (issue 9). Each form ends in an empty named group that says which it is, after a check of
    its case where case matters, and the word checks:

    * a form made of ASCII, unless an acronym (``DX``), matches in any case;
    * a form ending in an ASCII letter other than "s" also matches with an "s" (plurals);
    * a form that starts or ends with an ASCII letter or digit matches whole words only.

    Longer forms are tried before one that ends at the same node, so the longest form wins.
    """
    tree: dict[str, Any] = {}
    owner: dict[str, Term] = {}
    for index, (form, term) in enumerate(pairs):
        node = tree
        for character in form:
            node = node.setdefault(character.lower() if character.isascii() else character, {})
        node.setdefault("", []).append((f"t{index}", form))
        owner[f"t{index}"] = term

    def edge(key: str) -> str:
        return f"[{key}{key.upper()}]" if key.isascii() and key.isalpha() else re.escape(key)

    def end(group: str, form: str) -> str:
        case_free = form.isascii() and form.upper() != form
        has_case = any(character.isascii() and character.isalpha() for character in form)
        check = f"(?<={re.escape(form)})" if has_case and not case_free else ""
        plural = "s?" if form.isascii() and form[-1].isalpha() and form[-1] not in "sS" else ""
        after = r"(?![A-Za-z0-9])" if _ASCII_WORD.match(form[-1]) else ""
        return f"{check}(?P<{group}>){plural}{after}"

    def emit(node: dict[str, Any]) -> str:
        options = [edge(key) + emit(child) for key, child in node.items() if key]
        options += [end(group, form) for group, form in node.get("", [])]
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    # Each option starts with its character, which the engine tests before trying the rest.
    # Forms that start with a letter or digit start a word: one check, before all of them.
    words = {key: child for key, child in tree.items() if _ASCII_WORD.match(key)}
    others = {key: child for key, child in tree.items() if key not in words}
    options = [emit(others)] if others else []
    if words:
        options.insert(0, r"(?<![A-Za-z0-9])" + emit(words))
    # One character test rules out every position where no form starts.
    first = "".join(
        key + key.upper() if key.isascii() and key.isalpha() else re.escape(key)
        for key in sorted(tree)
    )
    return f"(?=[{first}])(?:{'|'.join(options)})", owner


def _skips(name: str, attrs: str) -> bool:
    if name in SKIPPED_ELEMENTS:
        return True
    if "data-dxp-no-glossary" in attrs:
        return True
    match = _CLASS.search(attrs)
    if match is None:
        return False
    classes = set((match.group(1) or match.group(2) or match.group(3) or "").split())
    return not classes.isdisjoint(SKIPPED_CLASSES)


#: One change to a page's HTML: the text from ``start`` to ``end`` becomes ``text``.
Edit = tuple[int, int, str]


def annotate(
    html: str,
    matcher: Matcher,
    link_for: Callable[[Term], str | None],
    definition_lang: str | None = None,
) -> str:
    """``html`` with the first occurrence of each term wrapped in a described link.

    ``link_for`` gives the URL of the term's glossary entry (``None``: no glossary page; the term
    is then made focusable on its own). Text inside :data:`SKIPPED_ELEMENTS` and
    :data:`SKIPPED_CLASSES` is left alone.
    """
    return apply_edits(html, term_edits(html, matcher, link_for, definition_lang))


def apply_edits(html: str, edits: list[Edit]) -> str:
    """``html`` with ``edits`` (in order, not overlapping) made."""
    if not edits:
        return html
    pieces, last = [], 0
    for start, end, text in edits:
        pieces += [html[last:start], text]
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def term_edits(
    html: str,
    matcher: Matcher,
    link_for: Callable[[Term], str | None],
    definition_lang: str | None = None,
) -> list[Edit]:
    """The edits :func:`annotate` makes to ``html``, in order (made in one pass at the end:
    the page is copied once, whatever the number of terms)."""
    pattern, owner, shortest = matcher.pattern, matcher.owner, matcher.shortest
    if pattern is None:
        return []
    lang = definition_lang or matcher.lang
    used: set[str] = set()
    edits: list[Edit] = []

    def look(begin: int, stop: int) -> None:
        # Searched in place: a tag ends with ">", which the forms' word checks see as the
        # start of text, as they would at the start of a separate string.
        for match in pattern.finditer(html, begin, stop):
            term = owner[match.lastgroup or ""]
            if term.id not in used:
                used.add(term.id)
                shown = _wrap(match.group(), term, lang, link_for)
                edits.append((match.start(), match.end(), shown))

    stack: list[tuple[str, bool]] = []
    #: How many elements of each name are open: a stray end tag is known at once.
    opened: dict[str, int] = {}
    skipping = 0
    position = 0  # where the text not yet looked at starts
    known = _tokens.get
    while True:
        tag = _TAG.search(html, position)
        if tag is None:
            break
        start = tag.start()
        if not skipping and start - position >= shortest:
            look(position, start)
        if tag.group("comment"):
            close = html.find("-->", tag.end())
            position = len(html) if close < 0 else close + 3
            continue
        position = tag.end()
        kind, name, skipped = known(tag.group()) or _token(tag)
        if kind is _OPEN:
            stack.append((name, skipped))
            opened[name] = opened.get(name, 0) + 1
            skipping += skipped
        elif kind is _CLOSE:
            if opened.get(name):  # else a stray end tag, which closes nothing
                while True:
                    last, was_skipped = stack.pop()
                    opened[last] -= 1
                    skipping -= was_skipped
                    if last == name:
                        break
        elif kind is _RAW:
            # Their content is text, not HTML: pass over it to the end tag.
            end = _raw_end(name).search(html, position)
            position = len(html) if end is None else end.start()
    if not skipping:
        look(position, len(html))
    return edits


_raw_ends: dict[str, re.Pattern[str]] = {}


def _raw_end(name: str) -> re.Pattern[str]:
    """The end tag of the element ``name``, in any case."""
    if name not in _raw_ends:
        _raw_ends[name] = re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE)
    return _raw_ends[name]


#: What a tag is to :func:`term_edits`: nothing (a comment), an end tag, an element without
#: content, a script or style, or an element that opens.
_NOTHING, _CLOSE, _EMPTY, _RAW, _OPEN = "nothing", "close", "empty", "raw", "open"
#: Tags already read, by their text: most tags of a page repeat (``<p>``, ``</li>``…), and
#: reading each again was most of the tooltips' time (issue 9).
_tokens: dict[str, tuple[str, str, bool]] = {}


def _token(tag: re.Match[str]) -> tuple[str, str, bool]:
    """What ``tag`` is (see :data:`_tokens`), read and remembered."""
    text = tag.group()
    name = (tag.group("name") or "").lower()
    if not name:
        known = (_NOTHING, name, False)
    elif tag.group("close"):
        known = (_CLOSE, name, False)
    elif name in _VOID or (name in _FOREIGN and tag.group("attrs").rstrip().endswith("/")):
        # "/>" ends only void and foreign elements: "<a href=../x/>" opens a link.
        known = (_EMPTY, name, False)
    elif name in _RAW_TEXT:
        known = (_RAW, name, False)
    else:
        known = (_OPEN, name, _skips(name, tag.group("attrs")))
    if len(_tokens) >= 20000:
        _tokens.clear()
    _tokens[text] = known
    return known


def links_to(glossary_page: str | None) -> Callable[[Term], str | None]:
    """The link of each term to its entry on ``glossary_page`` (a URL; ``None``: no page)."""

    def link_for(term: Term) -> str | None:
        return None if glossary_page is None else f"{glossary_page}#{term.id}"

    return link_for


def _wrap(shown: str, term: Term, lang: str, link_for: Callable[[Term], str | None]) -> str:
    tip = f"dxp-term-{term.id}"
    url = link_for(term)
    described = f'aria-describedby="{tip}"'
    if url is None:
        trigger = f'<span class="dxp-term__link" tabindex="0" {described}>{shown}</span>'
    else:
        trigger = f'<a class="dxp-term__link" href="{escape(url)}" {described}>{shown}</a>'
    # The definition is kept out of the search index: it belongs to the glossary page.
    return (
        f'<span class="dxp-term" data-dxp-term="{term.id}">{trigger}'
        f'<span class="dxp-term__tip" id="{tip}" role="tooltip" data-search-exclude>'
        f"{escape(term.definition[lang])}</span></span>"
    )


# The glossary pages ----------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _markdown_text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(glossary: Glossary, lang: str) -> str:
    """Every term as a section of the glossary page of ``lang``, anchored by its ID: its name
    in the other languages, and its reading where it has one."""
    labels = catalogue(lang)["glossary"]
    blocks = []
    for term in glossary.sorted_for(lang):
        parts = []
        shows_reading = (
            bool(term.reading) and kana_reading(term.names.get(READING_LANGUAGE, "")) is None
        )
        if lang == READING_LANGUAGE and shows_reading:
            parts.append(f"{labels['reading']}: {escape(term.reading)}")
        for other in glossary.languages:
            if other == lang:
                continue
            part = f'{language_name(other, lang)}: <span lang="{other}">{escape(term.names[other])}</span>'
            if other == READING_LANGUAGE and shows_reading:
                part += (
                    f' ({labels["reading"]}: <span lang="{other}">{escape(term.reading)}</span>)'
                )
            parts.append(part)
        meta = labels["separator"].join(parts)
        definition = term.definition[lang]
        blocks.append(
            f"## {_markdown_text(term.names[lang])} {{ #{term.id} }}\n\n"
            f'<p class="dxp-glossary__meta">{meta}</p>\n\n'
            f"<p>{escape(definition)}</p>\n"
        )
    return "\n".join(blocks)


# Search ----------------------------------------------------------------------------------------


def _bracketed(word: str) -> list[str]:
    """ "digital transformation (DX)" as its name and, apart, what the brackets hold."""
    word = word.strip()
    if word[-1:] not in (")", "）"):
        return [word]
    opening = max(word.rfind("("), word.rfind("（"))
    name, inner = word[:opening].strip(), word[opening + 1 : -1].strip()
    return [name, inner] if opening > 0 and name and inner else [word]


def search_groups(glossary: Glossary, lang: str) -> list[tuple[str, ...]]:
    """What search in ``lang`` finds each term by (the thesaurus, with ``data/synonyms.yml``):
    its forms in ``lang``, its reading in hiragana for Japanese readers, and its forms in the
    other languages, so that a word typed in English on the Japanese site finds the Japanese
    page. A bracketed abbreviation counts as a word of its own."""
    groups = []
    others = [other for other in glossary.languages.codes if other != lang]
    for term in glossary.terms:
        words: list[str] = list(term.forms.get(lang, ()))
        if lang == READING_LANGUAGE and term.reading:
            words.append(term.reading)
        for other in others:
            words.extend(term.forms.get(other, ()))
        unique: dict[str, str] = {}
        for word in words:
            for part in _bracketed(word):
                unique.setdefault(" ".join(part.casefold().split()), " ".join(part.split()))
        if len(unique) >= 2:
            groups.append(tuple(unique.values()))
    return groups
