"""What the browser needs to count progress and export checklists, emitted once per build.

The browser code never scrapes pages for this: each language gets a small script asset that sets
``window.dxpChecklistData`` (a script rather than JSON, because ``fetch`` does not work from
``file://``, where the offline bundle is opened).
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import TYPE_CHECKING, Any, Final

from dx_playbook.core.checklists.checklist_html import code_spans
from dx_playbook.core.model import schema
from dx_playbook.core.text import ui_text

if TYPE_CHECKING:
    from dx_playbook.core.model.site import Principle, Site

#: Storage layout version: part of every localStorage key, bumped only if the layout changes.
STORAGE_VERSION: Final = 1
#: Version of one saved assessment record and of the JSON export; older records are migrated
#: (0: a list of ticked IDs; 1: done or not, and a note; 2: four states, owner, due date, note,
#: and the assessment's municipality, section, author and date).
ASSESSMENT_SCHEMA_VERSION: Final = 2
#: The state of an item, in the order of the catalogues' ``statuses``: one tap on the checkbox
#: makes an item done, and takes a done item back to not started.
STATES: Final = ("open", "doing", "done", "na")
#: What an assessment records about itself, each a line of text (``date``: ``YYYY-MM-DD``).
ABOUT_FIELDS: Final = ("municipality", "section", "author", "date")
#: The data assets, relative to the site root (``{lang}``, ``{principle}`` filled in). A page
#: loads the settings and wording, and the items it shows: a principle page its own principle's
#: (a few hundred bytes, whatever the size of the playbook), a page of progress, views or
#: assessments every item (:data:`DATA_ASSET`), any other page nothing.
SETTINGS_ASSET: Final = "assets/data/dxp-settings.{lang}.js"
DATA_ASSET: Final = "assets/data/dxp-checklists.{lang}.js"
PRINCIPLE_ASSET: Final = "assets/data/{lang}/{principle}.js"
#: The dashboard's further scripts, in the order it loads them: the zip library (an npm
#: dependency, copied from ``node_modules``), the build's workbook and the labels of every
#: language (:func:`dx_playbook.core.exports.exports.workbook_settings`), the code that
#: fills a workbook and reads files back, and the dashboard's own part (assessments, their
#: particulars, export and import), which ``dxp-checklists.js`` drives.
ZIP_LIBRARY: Final = "assets/vendor/fflate/fflate.js"
WORKBOOK_ASSET: Final = "assets/data/dxp-workbook.{lang}.js"
WORKBOOK_SCRIPT: Final = "assets/javascripts/dxp-workbook.js"
DASHBOARD_SCRIPT: Final = "assets/javascripts/dxp-dashboard.js"
#: The words only the dashboard and the report use (managing assessments, export, import, the
#: report), added to the settings' ``text`` on those pages: every other page saves their bytes.
DASHBOARD_TEXT_ASSET: Final = "assets/data/dxp-dashboard.{lang}.js"
#: The report page's own script (it draws the one-page report).
REPORT_SCRIPT: Final = "assets/javascripts/dxp-report.js"
#: The style sheet of the dashboard and the report only (assessments, their particulars, the
#: one-page report on screen and on A4), which no other page loads.
DASHBOARD_STYLES: Final = "assets/stylesheets/dxp-dashboard.css"
#: Items the one-page report lists under each heading at most: with its chart and table, more
#: would not fit one A4 page. The rest are counted ("and N more"); the workbook has them all.
REPORT_LIMITS: Final = {"overdue": 6, "doing": 8}
#: The progress scope of the start-here path.
START_HERE: Final = "start-here"
#: Limits shared by the browser's validation of saved data and imports.
LIMITS: Final[dict[str, int]] = {
    "name": 80,
    "note": 2000,
    "owner": 80,
    "about": 120,
    "assessments": 50,
    "items": 2000,
}

_MARKDOWN_LINK = re.compile(r"!?\[(?P<text>[^\[\]]*+)\]\([^)]*+\)")
_REFERENCE_LINK = re.compile(r"\[(?P<text>[^\[\]]++)\]\[[^\[\]]*+\]")
_STRONG = re.compile(
    r"\*\*(?=\S)(?P<text>[^*\n]++)(?<=\S)\*\*|__(?=\S)(?P<under>[^_\n]++)(?<=\S)__"
)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(?P<text>[^*]+?)(?<=\S)\*(?!\w)")
_PARKED = 0xE000
_BACKSLASH = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!|<>])")
#: A character one of the rules below needs: text without any is already plain.
_MARKUP = re.compile(r"[\\`\[*_&\ue000-\ue07f]")


def _code_text(text: str) -> str:
    """``text`` with each code span replaced by its text, trimmed (spans found in one pass)."""
    spans = code_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for start, end in spans:
        fence = start
        while text[fence] == "`":
            fence += 1
        fence -= start
        parts += [text[position:start], text[start + fence : end - fence].strip()]
        position = end
    parts.append(text[position:])
    return "".join(parts)


#: Remembered: every export of a build asks for the same items' text (issue 9).
@functools.lru_cache(maxsize=32768)
def plain_text(markdown: str) -> str:
    """Inline Markdown as the text a reader sees: links, emphasis and code marks removed.

    HTML is not stripped: ``<b>`` stays the four characters it is, so exports never hide what
    a contributor wrote, and every consumer treats it as text.
    """
    if _MARKUP.search(markdown) is None:
        return " ".join(markdown.split())
    # Escaped characters are parked in the private use area so no rule below sees them.
    text = _BACKSLASH.sub(lambda m: chr(_PARKED + ord(m.group("char"))), markdown)
    text = _code_text(text)
    text = _MARKDOWN_LINK.sub(lambda m: m.group("text"), text)
    text = _REFERENCE_LINK.sub(lambda m: m.group("text"), text)
    text = _STRONG.sub(lambda m: m.group("text") or m.group("under"), text)
    text = _EMPHASIS.sub(lambda m: m.group("text"), text)
    text = re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group()) - _PARKED), text)
    # Entities such as &amp; written in the Markdown mean the character.
    return " ".join(html.unescape(text).split())


def principle_title(principle: Principle) -> str:
    return plain_text(principle.title)


def scopes(principles: list[Principle]) -> dict[str, list[str]]:
    """Item IDs per progress scope: ``all``, ``pillar:<id>``, ``role:<id>`` (the items that role
    acts on), ``principle:<id>``, and ``start-here`` (the start-here path, in its order)."""
    found: dict[str, list[str]] = {"all": [], START_HERE: []}
    for key in schema.PILLARS:
        found[f"pillar:{key}"] = []
    for key in schema.ROLES:
        found[f"role:{key}"] = []
    path: list[tuple[int, str]] = []
    for principle in principles:
        ids = [item.id for item in principle.items]
        found["all"] += ids
        found[f"pillar:{principle.pillar}"] += ids
        found[f"principle:{principle.id}"] = ids
        for item in principle.items:
            for role in item.roles or principle.roles:
                found[f"role:{role}"].append(item.id)
            if item.start_here is not None:
                path.append((item.start_here, item.id))
    found[START_HERE] = [item_id for _, item_id in sorted(path)]
    return found


def browser_data(
    site: Site, lang: str, namespace: str, max_import_bytes: int, edition: str = ""
) -> dict[str, Any]:
    """Everything the checklist script needs for one language: :func:`browser_settings` and
    :func:`browser_items` of every principle, as the two assets of a page give it."""
    return {
        **browser_settings(lang, namespace, max_import_bytes, edition),
        **browser_items(site.principles_in(lang)),
    }


def browser_settings(
    lang: str, namespace: str, max_import_bytes: int, edition: str = "", feedback: str = ""
) -> dict[str, Any]:
    """The storage settings, limits and wording for one language (no items); ``feedback``:
    where an item's feedback mail goes (empty: the reader fills it in)."""
    return {
        "feedback": feedback,
        "schema": ASSESSMENT_SCHEMA_VERSION,
        "storage": STORAGE_VERSION,
        "ns": namespace,
        "lang": lang,
        "maxImport": max_import_bytes,
        "limits": LIMITS,
        "columns": list(ui_text.COLUMNS[lang]),
        "edition": edition,
        "states": dict(zip(STATES, ui_text.STATUSES[lang], strict=True)),
        "about": list(ABOUT_FIELDS),
        "aboutLabels": ui_text.about_labels(lang),
        "reportLimits": REPORT_LIMITS,
        "playbook": ui_text.playbook_name(lang),
        "separator": ui_text.LIST_SEPARATOR[lang],
        "pillars": {key: labels[lang] for key, labels in schema.PILLARS.items()},
        "roles": {key: labels[lang] for key, labels in schema.ROLES.items()},
        "text": ui_text.BROWSER_TEXT[lang],
    }


def browser_items(principles: list[Principle]) -> dict[str, Any]:
    """``principles`` and their items in reading order; each item names its principle by
    index, so the asset stays small as the playbook grows."""
    return {
        "principles": [
            {
                "id": principle.id,
                "title": principle_title(principle),
                "pillar": principle.pillar,
                "roles": list(principle.roles),
            }
            for principle in principles
        ],
        # [ID, principle, text, roles, step on the start-here path or 0]
        "items": [
            [
                item.id,
                index,
                plain_text(item.text),
                list(item.roles or principle.roles),
                item.start_here or 0,
            ]
            for index, principle in enumerate(principles)
            for item in principle.items
        ],
    }


def json_for_script(value: object) -> str:
    """JSON that is also safe inside any HTML or JavaScript context.

    ``<``, ``>`` and ``&`` are escaped so that content containing ``</script>`` or ``<!--`` can
    never end the script early, and U+2028/U+2029 so that old JavaScript parsers accept it.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def dashboard_text_script(lang: str) -> str:
    """The data asset of :data:`DASHBOARD_TEXT_ASSET`: it adds the dashboard's words to the
    settings' ``text`` (loaded after the settings)."""
    words = json_for_script(ui_text.DASHBOARD_TEXT[lang])
    return (
        "// Generated by dx-playbook/checklists at build time; do not edit.\n"
        "window.dxpChecklistData=window.dxpChecklistData||{};\n"
        f"window.dxpChecklistData.text=Object.assign(window.dxpChecklistData.text||{{}},{words});\n"
    )


def browser_script(data: dict[str, Any], name: str = "dxpChecklistData") -> str:
    """A data asset: it adds ``data`` to ``window[name]``, so that the settings and the items
    of a page may come in two files, in either order."""
    return (
        "// Generated by dx-playbook/checklists at build time; do not edit.\n"
        f"window.{name}=Object.assign(window.{name}||{{}},{json_for_script(data)});\n"
    )
