"""``editions/<slug>/edition.yml``: who the edition is for, in the town's own words.

::

    name:                     # the playbook's name in this edition, each language it publishes
      ja: 北浜町版 自治体DXプレイブック
      en: Kitahama Town Edition of the Municipal DX Playbook
    short_name:               # the town, as labels name it ("北浜町の例")
      ja: 北浜町
      en: Kitahama
    fictional: true           # optional: every page says the town is made up
    colour: "#00695c"         # the header colour; white text on it must be readable (4.5:1)
    logo: logo.svg            # optional: an .svg or .png in this folder, at most 100 KB
    languages: [ja, en]       # optional: the languages it publishes (the original first)
    contacts:                 # optional: whom readers ask
      - office: {ja: 企画課 DX推進係, en: DX Promotion Unit, Planning Division}
        email: dx@kitahama.example.jp
        phone: 0120-000-000
    links:                    # optional: the town's own documents
      - title: {ja: 北浜町DX推進計画, en: Kitahama DX Plan}
        url: https://www.kitahama.example.jp/dx/

Every mistake is one line (file, line, what, how to fix), as for pages. Nothing here imports
MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import yaml

from dx_playbook.core.model import schema
from dx_playbook.core.model.local_edition import EDITIONS_DIR, Contact, Link, LocalEdition
from dx_playbook.core.model.yaml_data import read_data_file

EDITION_FILE: Final = "edition.yml"
MAX_LOGO_BYTES: Final = 100 * 1024
LOGO_TYPES: Final = (".svg", ".png")
#: The header's white text on the edition's colour: WCAG 2.2's 1.4.3 for normal text.
MIN_CONTRAST: Final = 4.5
MAX_TEXT: Final = 120
#: Characters a name may not hold: Material prints the site name into pages unescaped.
MARKUP: Final = "<>&\"'`"
FIELDS: Final = (
    "name",
    "short_name",
    "fictional",
    "colour",
    "logo",
    "languages",
    "contacts",
    "links",
)
CONTACT_FIELDS: Final = ("office", "email", "phone")
LINK_FIELDS: Final = ("title", "url")

Say = Callable[[int | None, str, str], None]


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, is ``folder`` or in it (links followed too): a link
    that leads out of the project never brings a file in."""
    try:
        real, container = path.resolve(), folder.resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return real == container or container in real.parents


def edition_dir(project_dir: Path, slug: str) -> Path:
    return project_dir / EDITIONS_DIR / slug


def list_editions(project_dir: Path) -> list[str]:
    """The slugs of the project's editions (folders of ``editions/`` with an ``edition.yml``)."""
    folder = project_dir / EDITIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(path.name for path in folder.iterdir() if (path / EDITION_FILE).is_file())


def luminance(colour: str) -> float:
    """The WCAG relative luminance of ``colour`` (``#rrggbb``)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[at : at + 2], 16) for at in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours (``#rrggbb``)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white text on ``colour`` (``#rrggbb``)."""
    return contrast(colour, "#ffffff")


#: The lightest background the dark scheme puts behind a link: Material's slate code blocks
#: and cards (its page is darker still).
DARK_BACKGROUND: Final = "#2e303e"


def on_dark(colour: str, target: float = MIN_CONTRAST + 0.5) -> str:
    """``colour`` mixed with white just enough to be read on the dark scheme's backgrounds
    (links and outlined buttons there take it): the edition's hue, lighter."""
    red, green, blue = (int(colour[at : at + 2], 16) for at in (1, 3, 5))
    for step in range(21):
        share = step / 20
        mixed = "#" + "".join(
            f"{round(channel + (255 - channel) * share):02x}" for channel in (red, green, blue)
        )
        if contrast(mixed, DARK_BACKGROUND) >= target:
            return mixed
    return "#ffffff"


def _is_colour(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 7
        and value.startswith("#")
        and all(char in "0123456789abcdefABCDEF" for char in value[1:])
    )


def read_edition(
    project_dir: Path,
    slug: str,
    playbook_languages: tuple[str, ...],
    problem: Callable[[str, int | None, str, str], None],
) -> LocalEdition | None:
    """The edition ``slug`` of the project, or None when it cannot be used (each mistake goes to
    ``problem(file, line, what, fix)``; a field with a mistake is reported and the edition is
    not used, so that nothing half-right is built)."""
    shown = f"{EDITIONS_DIR}/{slug}/{EDITION_FILE}"
    failures: list[str] = []

    def say(line: int | None, message: str, fix: str) -> None:
        failures.append(message)
        problem(shown, line, message, fix)

    folder = _edition_folder(project_dir, slug, problem)
    if folder is None:
        return None
    found_data = read_data_file(
        folder / EDITION_FILE, say, "the layout in contributing/editions.md"
    )
    if found_data is None:
        return None
    data, root = found_data
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        say(1, "the file is not a list of 'field: value' lines", "start with 'name:'")
        return None
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in root.value}
    nodes = {str(key.value): value for key, value in root.value}
    for key, line in lines.items():
        if key not in FIELDS:
            say(line, f"'{key}' is not a field of an edition", f"use one of {', '.join(FIELDS)}")

    languages = _languages(data, lines, playbook_languages, say)
    name = _texts(data, "name", lines, languages, say, required=True)
    short_name = _texts(data, "short_name", lines, languages, say, required=True)
    colour = _colour(data, lines, say)
    fictional = data.get("fictional", False)
    if not isinstance(fictional, bool):
        say(lines["fictional"], "'fictional' is not true or false", "write 'fictional: true'")
    logo = _logo(folder, data, lines, say)
    contacts = _contacts(data, lines, nodes, languages, say)
    links = _links(data, lines, nodes, languages, say)
    if failures or colour is None:
        return None
    return LocalEdition(
        slug=slug,
        folder=folder,
        name=name,
        short_name=short_name,
        colour=colour,
        languages=languages,
        fictional=bool(fictional),
        logo=logo,
        contacts=contacts,
        links=links,
    )


def _edition_folder(
    project_dir: Path, slug: str, problem: Callable[[str, int | None, str, str], None]
) -> Path | None:
    """The folder of the edition ``slug``, if it is one: a slug, with an ``edition.yml``,
    neither a link (which could reach outside the project)."""
    shown = f"{EDITIONS_DIR}/{slug}/{EDITION_FILE}"
    if not schema.is_slug(slug):
        problem(
            f"{EDITIONS_DIR}/{slug}",
            None,
            f"'{slug}' is not a lowercase slug, so it cannot name an edition",
            f"name the folder with a-z, 0-9 and hyphens, e.g. '{schema.suggest_slug(slug)}'",
        )
        return None
    folder = edition_dir(project_dir, slug)
    if (
        folder.is_symlink()
        or (folder / EDITION_FILE).is_symlink()
        or not inside(folder, project_dir / EDITIONS_DIR)
        or not inside(project_dir / EDITIONS_DIR, project_dir)
    ):
        problem(
            shown,
            None,
            "the edition's folder or its edition.yml is a link to somewhere else",
            "put the edition's files themselves in the project's editions/ folder",
        )
        return None
    if not (folder / EDITION_FILE).is_file():
        found = list_editions(project_dir)
        problem(
            shown,
            None,
            f"there is no edition '{slug}'"
            + (f" (the editions are: {', '.join(found)})" if found else ""),
            f"create {shown} (see contributing/editions.md), or name an edition that exists",
        )
        return None
    return folder


def _colour(data: dict[str, Any], lines: dict[str, int], say: Say) -> str | None:
    """The header colour, ``#rrggbb`` in lowercase, if white text on it is readable."""
    colour = data.get("colour")
    if "colour" not in data:
        say(None, "the edition has no 'colour'", "add a line such as 'colour: \"#00695c\"'")
    elif not _is_colour(colour):
        say(
            lines["colour"],
            f"colour {colour!r} is not a colour written '#rrggbb'",
            "write it as six hexadecimal digits after '#', in quotes: '\"#00695c\"'",
        )
    elif (ratio := contrast_with_white(str(colour))) < MIN_CONTRAST:
        say(
            lines["colour"],
            f"white text on {colour} has a contrast of {ratio:.1f}:1, under the "
            f"{MIN_CONTRAST}:1 that readers with low vision need",
            "choose a darker colour",
        )
    else:
        return str(colour).lower()
    return None


def _languages(
    data: dict[str, Any], lines: dict[str, int], playbook: tuple[str, ...], say: Say
) -> tuple[str, ...]:
    value = data.get("languages")
    if value is None:
        return playbook
    if not isinstance(value, list) or not all(isinstance(lang, str) for lang in value) or not value:
        say(lines["languages"], "'languages' is not a list of languages", "write '[ja, en]'")
        return playbook
    unknown = [lang for lang in value if lang not in playbook]
    if unknown:
        say(
            lines["languages"],
            f"'{unknown[0]}' is not a language of the playbook",
            f"use some of {', '.join(playbook)}",
        )
        return playbook
    if value[0] != playbook[0]:
        say(
            lines["languages"],
            f"an edition publishes the playbook's original, {playbook[0]}, first",
            f"start the list with {playbook[0]}",
        )
        return playbook
    if len(set(value)) != len(value):
        say(lines["languages"], "a language is named twice", "name each once")
        return playbook
    return tuple(value)


def _texts(
    data: dict[str, Any],
    key: str,
    lines: dict[str, int],
    languages: tuple[str, ...],
    say: Say,
    *,
    required: bool,
    value: object = None,
    line: int | None = None,
) -> dict[str, str]:
    """A text in each of ``languages`` (``key: {ja: …, en: …}``)."""
    if value is None:
        if key not in data:
            if required:
                say(None, f"the edition has no '{key}'", f"add '{key}:' with a line per language")
            return {}
        value, line = data[key], lines[key]
    example = ", ".join(f"{lang}: …" for lang in languages)
    if not isinstance(value, dict):
        say(line, f"'{key}' is not a text per language", f"write it as '{key}: {{{example}}}'")
        return {}
    texts: dict[str, str] = {}
    for lang in languages:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            say(line, f"'{key}' has no text in {lang}", f"add '{lang}: …' under '{key}'")
        elif len(text) > MAX_TEXT or "\n" in text.strip():
            say(
                line,
                f"'{key}' in {lang} is not one short line",
                f"keep it under {MAX_TEXT} characters",
            )
        elif any(char in MARKUP for char in text) or any(ord(char) < 32 for char in text.strip()):
            # The theme prints the site's name as it is, into the HTML of every page.
            say(
                line,
                f"'{key}' in {lang} holds one of {' '.join(MARKUP)} or a control character",
                "write it in words: these characters would be read as markup",
            )
        else:
            texts[lang] = " ".join(text.split())
    extra = [str(lang) for lang in value if lang not in languages]
    if extra:
        say(
            line,
            f"'{key}' has a text in '{extra[0]}', which the edition does not publish",
            f"remove it, or add '{extra[0]}' to 'languages'",
        )
    return texts


def _logo(folder: Path, data: dict[str, Any], lines: dict[str, int], say: Say) -> Path | None:
    """The edition's logo file, if it names one that is fit to show."""
    value = data.get("logo")
    if value is None:
        return None
    line = lines["logo"]
    path = _logo_path(folder, value, line, say)
    if path is None:
        return None
    if path.stat().st_size > MAX_LOGO_BYTES:
        say(line, f"the logo is over {MAX_LOGO_BYTES // 1024} KB", "save a smaller logo")
        return None
    if path.suffix.lower() == ".svg" and not _inert_svg(path.read_bytes()):
        say(
            line,
            "the SVG logo holds script, a link, an embedded document or an entity",
            "export it again as plain SVG (shapes and text only), or as PNG",
        )
        return None
    return path


def _logo_path(folder: Path, value: object, line: int, say: Say) -> Path | None:
    """The file ``logo:`` names, when it is an SVG or PNG file inside the edition's folder."""
    problem = None
    if isinstance(value, str) and any(ord(char) < 32 for char in value):
        problem = ("the logo's file name holds a control character", "write the file's name")
    elif not isinstance(value, str) or not value.strip():
        problem = ("'logo' is not a file name", "write 'logo: logo.svg'")
    elif not value.lower().endswith(LOGO_TYPES):
        problem = (f"the logo '{value}' is not an .svg or .png file", "save it as SVG or PNG")
    elif not inside(folder / value, folder) or (folder / value).resolve() == folder.resolve():
        problem = (f"the logo '{value}' is outside the edition's folder", "put the file in it")
    elif not (folder / value).resolve().is_file():
        problem = (f"the logo '{value}' is not in the edition's folder", "add it, or fix its name")
    if problem is not None:
        say(line, *problem)
        return None
    return (folder / str(value)).resolve()


#: What a logo may be drawn with: shapes, text and fills, by local name (a prefix such as
#: ``s:script`` names the same element as ``script``). Anything else (script, style, links,
#: images, embedded documents, an editor's own elements) is refused, not cleaned.
SVG_ELEMENTS: Final = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "title", "desc", "defs", "lineargradient", "radialgradient", "stop",
        "clippath", "mask", "symbol",
    }
)  # fmt: skip


class _SvgScan(HTMLParser):
    """Tags and attributes of an SVG file, read without expanding anything."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.active = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.rpartition(":")[2] not in SVG_ELEMENTS:
            self.active = True
        for name, value in attrs:
            local = name.rpartition(":")[2]
            lowered = "".join((value or "").split()).lower()
            outside = lowered.replace("url(#", "")
            if (
                local.startswith("on")
                or "href" in name
                or "javascript:" in lowered
                or "url(" in outside
                or "@import" in lowered
                or "expression(" in lowered
            ):
                self.active = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_pi(self, data: str) -> None:
        # Only the XML declaration; a stylesheet instruction would load from elsewhere.
        if not data.lower().startswith("xml "):
            self.active = True

    def handle_decl(self, decl: str) -> None:
        if "entity" in decl.lower():
            self.active = True

    def unknown_decl(self, data: str) -> None:
        self.active = True


def _inert_svg(data: bytes) -> bool:
    """Whether an SVG draws only: no script, event handler, link, embedded document or
    entity (the logo is shown as an image, where none of these run, but a reader may open the
    file itself)."""
    text = data.decode("utf-8", "replace")
    if "<!ENTITY" in text.upper():
        return False
    scan = _SvgScan()
    scan.feed(text)
    scan.close()
    return not scan.active


def _entries(
    data: dict[str, Any],
    key: str,
    lines: dict[str, int],
    nodes: dict[str, yaml.Node],
    *,
    fields: tuple[str, ...],
    say: Say,
) -> list[tuple[dict[str, Any], int]]:
    value = data.get(key)
    if value is None:
        return []
    node = nodes[key]
    if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
        say(
            lines[key],
            f"'{key}' is not a list",
            f"write each entry on its own line under '{key}:' as '  - …'",
        )
        return []
    entries = []
    for entry, entry_node in zip(value, node.value, strict=True):
        line = entry_node.start_mark.line + 1
        if not isinstance(entry, dict):
            say(line, f"an entry of '{key}' is not a set of fields", f"give it {', '.join(fields)}")
            continue
        unknown = [str(field) for field in entry if field not in fields]
        if unknown:
            say(line, f"'{unknown[0]}' is not a field of '{key}'", f"use {', '.join(fields)}")
            continue
        entries.append((entry, line))
    return entries


def _contacts(
    data: dict[str, Any],
    lines: dict[str, int],
    nodes: dict[str, yaml.Node],
    languages: tuple[str, ...],
    say: Say,
) -> tuple[Contact, ...]:
    contacts = []
    for entry, line in _entries(data, "contacts", lines, nodes, fields=CONTACT_FIELDS, say=say):
        office = _texts(
            entry,
            "office",
            lines,
            languages,
            say,
            required=True,
            value=entry.get("office") or "",
            line=line,
        )
        email = entry.get("email", "")
        if not isinstance(email, str) or (email and not _is_address(email)):
            say(line, f"{email!r} is not an e-mail address", "write it as 'dx@example.lg.jp'")
            continue
        phone = entry.get("phone", "")
        if not isinstance(phone, str) or not all(char in "0123456789-+() " for char in phone):
            say(
                line,
                f"{phone!r} is not a telephone number",
                "write it in quotes, as '0120-000-000'",
            )
            continue
        if office:
            contacts.append(Contact(office, email, phone))
    return tuple(contacts)


def _is_address(value: str) -> bool:
    local, at, domain = value.partition("@")
    return bool(
        at
        and local
        and "." in domain
        and not any(char in value for char in " \t\n<>\"'?&=")
        and "@" not in domain
    )


def _links(
    data: dict[str, Any],
    lines: dict[str, int],
    nodes: dict[str, yaml.Node],
    languages: tuple[str, ...],
    say: Say,
) -> tuple[Link, ...]:
    links = []
    for entry, line in _entries(data, "links", lines, nodes, fields=LINK_FIELDS, say=say):
        title = _texts(
            entry,
            "title",
            lines,
            languages,
            say,
            required=True,
            value=entry.get("title") or "",
            line=line,
        )
        url = entry.get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("https", "http") or not parts.netloc:
            say(line, f"{url!r} is not a web address", "write it in full, starting 'https://'")
            continue
        if title:
            links.append(Link(title, str(url)))
    return tuple(links)
