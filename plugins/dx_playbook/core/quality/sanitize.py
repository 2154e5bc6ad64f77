"""The allow-list of HTML a page may hold once its Markdown is converted, and its enforcement.

Contributors write Markdown, and Markdown lets raw HTML and ``attr_list`` attributes through.
Whatever they write, a page may only contain the elements and attributes below: what
Python-Markdown and our extensions produce, and the inert markup of our own generated views
(data attributes, buttons, a dialog). Nothing here can run script, load anything from
elsewhere, or send the reader off the site without a click.

Two halves, one policy:

* :func:`clean` enforces it with `nh3 <https://nh3.readthedocs.io/>`_ (the Rust ``ammonia``
  sanitizer): the page's HTML after Markdown is replaced by the sanitized HTML, in every build.
* :func:`find_unsafe` lists what :func:`clean` would take away, so that a contributor gets a
  line naming the file and the thing, and ``mkdocs build --strict`` and ``dx-playbook check``
  fail. It reads the HTML with the standard library's HTML parser and the same tables; it
  decides nothing that :func:`clean` does not also enforce.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3

if TYPE_CHECKING:
    from dx_playbook.core.model.site import Page, Problem

#: Attributes any allowed element may have.
GLOBAL_ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "title",
        "lang",
        "dir",
        "hidden",
        "role",
        "tabindex",
        "aria-describedby",
        "aria-labelledby",
        "aria-label",
        "aria-hidden",
        "aria-live",
        "data-search-exclude",
    }
)
#: Prefixes of attributes any allowed element may have: our views' data attributes.
GENERIC_PREFIXES = frozenset({"data-dxp-"})

#: Elements and their own attributes (besides :data:`GLOBAL_ATTRIBUTES`).
ELEMENTS: dict[str, frozenset[str]] = {
    name: frozenset(attributes)
    for name, attributes in {
        # Text and structure, as Markdown writes them.
        "p": (),
        "br": (),
        "hr": (),
        "h1": (),
        "h2": (),
        "h3": (),
        "h4": (),
        "h5": (),
        "h6": (),
        "blockquote": (),
        "pre": (),
        "code": (),
        "kbd": (),
        "samp": (),
        "var": (),
        "em": (),
        "strong": (),
        "b": (),
        "i": (),
        "u": (),
        "s": (),
        "del": ("datetime",),
        "ins": ("datetime",),
        "mark": (),
        "small": (),
        "sub": (),
        "sup": (),
        "q": (),
        "abbr": (),
        "dfn": (),
        "cite": (),
        "time": ("datetime",),
        "span": (),
        "div": (),
        "section": (),
        "article": (),
        "aside": (),
        "nav": (),
        "header": (),
        "footer": (),
        "figure": (),
        "figcaption": (),
        "ul": ("start",),
        "ol": ("start", "type", "reversed"),
        "li": ("value",),
        "dl": (),
        "dt": (),
        "dd": (),
        "details": ("open",),
        "summary": (),
        "table": (),
        "caption": (),
        "colgroup": ("span",),
        "col": ("span",),
        "thead": (),
        "tbody": (),
        "tfoot": (),
        "tr": (),
        "th": ("scope", "colspan", "rowspan", "align", "style"),
        "td": ("colspan", "rowspan", "align", "style"),
        # type and download: the downloads view names each file's format and file name.
        "a": ("href", "hreflang", "rel", "type", "download"),
        "img": ("src", "alt", "width", "height", "loading"),
        # Our generated views' controls: inert without the site's own scripts.
        "button": ("type", "value"),
        "dialog": (),
        "form": ("novalidate",),
        "input": ("type", "accept", "autocomplete", "for", "value", "checked", "disabled"),
        "label": ("for",),
        "fieldset": (),
        "legend": (),
        "select": (),
        "option": ("value", "selected"),
        "textarea": ("rows", "maxlength"),
        "progress": ("max", "value"),
        "noscript": (),
    }.items()
}

#: Attributes holding a URL, and the schemes each may use. A relative URL (no scheme) is
#: always allowed; images must be files of the site (``img-src 'self' data:``).
URL_ATTRIBUTES: dict[str, frozenset[str]] = {
    "href": frozenset({"http", "https", "mailto", "tel"}),
    "src": frozenset({"data"}),
}
#: The one style property allowed: Python-Markdown aligns table columns with it (the quality
#: plugin then turns it into a class, since the Content-Security-Policy refuses style attributes).
STYLE_PROPERTIES = frozenset({"text-align"})
#: Elements removed together with their content (their text is not meant to be read).
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "svg", "math"})
#: ``<input type>`` values our views use; any other type (``image`` loads a URL) is refused.
INPUT_TYPES = frozenset({"checkbox", "file", "text", "radio", "date"})


@dataclass(frozen=True)
class Finding:
    """Something :func:`clean` takes out of a page: ``what`` as a contributor would search it."""

    what: str
    #: Text to look for in the Markdown source to find the line (lower case).
    needle: str
    fix: str


def _url_allowed(attribute: str, value: str) -> bool:
    # Browsers read a backslash as a slash in web addresses: '\\host' and '/\host' are '//host'.
    stripped = "".join(value.split()).lower().replace("\\", "/")
    if not stripped or stripped.startswith(("#", "/", "./", "../", "?")):
        return not stripped.startswith("//") or attribute == "href"
    scheme = urlsplit(stripped).scheme
    if not scheme:
        return True
    return scheme in URL_ATTRIBUTES[attribute]


#: An attribute value holding the start of an end tag: inside ``<noscript>`` (raw text to a
#: browser that runs scripts, markup to the sanitizer's parser) it would end the element early
#: and what follows would become markup. No content needs it, so it is refused everywhere.
_MARKUP_IN_VALUE = "</"


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute hook: the URL and value rules the tables cannot say."""
    if attribute in URL_ATTRIBUTES and not _url_allowed(attribute, value):
        return None
    if _MARKUP_IN_VALUE in value:
        return None
    if element == "input" and attribute == "type" and value.lower() not in INPUT_TYPES:
        return None
    return value


_ATTRIBUTES = {name: set(own) for name, own in ELEMENTS.items()}
_ATTRIBUTES["*"] = set(GLOBAL_ATTRIBUTES)


def clean(html: str) -> str:
    """``html`` with everything outside the allow-list removed (see the module's docstring)."""
    return nh3.clean(
        html,
        tags=set(ELEMENTS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        generic_attribute_prefixes=set(GENERIC_PREFIXES),
        url_schemes=set().union(*URL_ATTRIBUTES.values()),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        link_rel=None,
    )


_FIX_MARKUP = "remove it and write plain Markdown (put an example of code in a fenced code block)"


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        #: Open elements removed with their content: what is inside them goes too, unreported.
        self._removed = 0

    def _add(self, finding: Finding) -> None:
        if not self._removed and finding not in self.findings:
            self.findings.append(finding)

    def handle_endtag(self, tag: str) -> None:
        if tag in REMOVED_WITH_CONTENT and self._removed:
            self._removed -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            self._add(Finding(f"raw HTML element <{tag}>", f"<{tag}", _FIX_MARKUP))
            if tag in REMOVED_WITH_CONTENT:
                self._removed += 1
            return
        for name, raw in attrs:
            finding = _attribute_finding(tag, name, raw or "")
            if finding is not None:
                self._add(finding)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in REMOVED_WITH_CONTENT and self._removed:
            self._removed -= 1

    def handle_comment(self, data: str) -> None:
        # Comments are dropped silently: they are never shown, and contributors use them.
        return

    def handle_decl(self, decl: str) -> None:
        self._add(Finding(f"declaration <!{decl[:20]}>", "<!", _FIX_MARKUP))

    def handle_pi(self, data: str) -> None:
        self._add(Finding(f"processing instruction <?{data[:20]}", "<?", _FIX_MARKUP))

    def unknown_decl(self, data: str) -> None:
        self._add(Finding(f"declaration <![{data[:20]}", "<![", _FIX_MARKUP))


def _attribute_finding(tag: str, name: str, value: str) -> Finding | None:
    """What is wrong with the attribute ``name="value"`` (unescaped) on an allowed ``<tag>``, or
    None."""
    allowed = (
        name in GLOBAL_ATTRIBUTES
        or name in ELEMENTS[tag]
        or any(name.startswith(prefix) for prefix in GENERIC_PREFIXES)
    )
    if not allowed:
        return Finding(
            f"attribute '{name}' on <{tag}>",
            name,
            "remove the attribute (event handlers, styles and other attributes "
            "are not allowed in content)",
        )
    if name in URL_ATTRIBUTES and not _url_allowed(name, value):
        shown = value if len(value) <= 40 else value[:37] + "..."
        fix = (
            "put the image in docs/ and link to it with a relative path"
            if name == "src"
            else "link with http://, https://, mailto: or a relative path"
        )
        needle = urlsplit("".join(value.split()).lower()).scheme or value.lower()[:20]
        return Finding(f"{name} '{shown}' on <{tag}>", needle, fix)
    if _MARKUP_IN_VALUE in value:
        return Finding(
            f"attribute '{name}' on <{tag}> holds markup ('</')",
            name,
            "remove the tag from the attribute's text",
        )
    if name == "style" and not _style_allowed(value):
        return Finding(f"style '{value[:40]}' on <{tag}>", "style", "remove the style attribute")
    if tag == "input" and name == "type" and value.lower() not in INPUT_TYPES:
        return Finding(f"<input type='{value}'>", "<input", _FIX_MARKUP)
    return None


#: What the fast look of :func:`find_unsafe` reads: a comment without "--" inside (parsers
#: disagree on where others end), an end tag, or a start tag in the plain form Markdown writes
#: (lower-case names, values in double quotes without < or >). Anything else in the page (a
#: declaration, an unquoted value, a script's text) sends the page to the full parser.
_PLAIN_MARKUP = re.compile(
    r"<(?:!--(?!-?>)(?:(?!--).)*-->|/[a-z][a-z0-9]*\s*>|(?P<tag>[a-z][a-z0-9]*)"
    r'(?P<attributes>(?:\s+[a-z][a-z0-9_.:-]*(?:="[^"<>]*")?)*)\s*/?>)',
    re.DOTALL,
)
_PLAIN_ATTRIBUTE = re.compile(r'([a-z][a-z0-9_.:-]*)(?:="([^"]*)")?')
#: Start tags already looked at, by their text, and whether they are allowed as they are:
#: most tags of a page repeat (``<p>``, ``<li>``, the same link).
_plain_tags: dict[str, bool] = {}


def _plain_tag_allowed(text: str, tag: str, attributes: str) -> bool:
    allowed = _plain_tags.get(text)
    if allowed is None:
        allowed = (
            tag in ELEMENTS
            and tag not in REMOVED_WITH_CONTENT
            and all(
                _attribute_finding(tag, name, unescape(value) if "&" in value else value) is None
                for name, value in _PLAIN_ATTRIBUTE.findall(attributes)
            )
        )
        if len(_plain_tags) < 100_000:
            _plain_tags[text] = allowed
    return allowed


def _nothing_to_remove(html: str) -> bool:
    """Whether ``html`` holds only plain markup that :func:`clean` keeps whole: True means the
    full parser would find nothing; False only that it must look (it may find nothing)."""
    position = 0
    while (start := html.find("<", position)) >= 0:
        markup = _PLAIN_MARKUP.match(html, start)
        if markup is None:
            return False
        tag = markup.group("tag")
        if tag is not None and not _plain_tag_allowed(
            markup.group(), tag, markup.group("attributes")
        ):
            return False
        position = markup.end()
    return True


_STYLE_DECLARATION = re.compile(r"\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*")


def _style_allowed(value: str) -> bool:
    return _STYLE_DECLARATION.fullmatch(value) is not None


def opens_an_empty_comment(html: str) -> bool:
    """Whether a comment of ``html`` opens as ``<!-->`` or ``<!--->``: browsers and nh3 end
    it there and read what follows as markup; Python's parser reads on to the next ``-->``.
    A ``<!-->`` inside a comment already open (``<!-- <!-->``) only closes that comment."""
    start = html.find("<!--")
    while start >= 0:
        if html.startswith((">", "->"), start + 4):
            return True
        end = html.find("-->", start + 4)
        if end < 0:
            return False
        start = html.find("<!--", end + 3)
    return False


def find_unsafe(html: str) -> list[Finding]:
    """What :func:`clean` would remove from ``html``, each thing once, in document order."""
    if "<" not in html or _nothing_to_remove(html):
        return []
    finder = _Finder()
    if opens_an_empty_comment(html):
        # What follows it is markup to browsers and to clean(), and unseen by the parser.
        finder.findings.append(
            Finding("an empty comment '<!-->'", "<!--", "write a comment as <!-- text -->")
        )
    finder.feed(html)
    finder.close()
    return finder.findings


def line_of(markdown: str, needle: str) -> int | None:
    """The 1-based line of ``markdown`` where ``needle`` (lower case) first appears."""
    index = markdown.lower().find(needle)
    if index < 0:
        return None
    return markdown.count("\n", 0, index) + 1


def problems_in_html(page: Page, html: str) -> list[Problem]:
    """One :class:`Problem` for each thing :func:`clean` removes from ``page``'s ``html``.

    ``html`` is the page converted from Markdown: by MkDocs in a build, by
    :func:`dx_playbook.core.authoring.render.render_page` in ``dx-playbook check``. The line is where
    the thing first appears in the page's source.
    """
    return problems_of(page, find_unsafe(html))


def problems_of(page: Page, findings: Iterable[Finding]) -> list[Problem]:
    """The :class:`Problem` of each of ``findings`` in ``page``, at the line of its source where
    the thing first appears."""
    from dx_playbook.core.model.site import Problem

    problems = []
    body = page.document.body
    for finding in findings:
        line = line_of(body, finding.needle)
        problems.append(
            Problem(
                page.display_path,
                None if line is None else page.document.body_start + line - 1,
                f"{finding.what} is not allowed in content",
                finding.fix,
            )
        )
    return problems
