"""Every word the checklists show, in each language: generated views, exports and browser code.

The words themselves are data (``locales/<locale>.yml``, see :mod:`.catalogue`); this module
names the parts the code uses. The browser receives its share through the build-time data
asset (see :func:`dx_playbook.core.checklists.progress.browser_settings`), so the JavaScript
carries no text of its own and a wording change needs no JavaScript edit. ``{name}`` style
fields are filled in by whoever shows the text (Python ``str.format`` or the browser's
``fill``).
"""

from __future__ import annotations

from typing import Final

from dx_playbook.core.text.catalogue import ByLanguage, catalogue, words

#: Columns of the checklist as CSV and as a spreadsheet, in order. The browser's CSV export uses
#: the same columns, so its files line up with the build-time ones.
COLUMNS: Final[ByLanguage[tuple[str, ...]]] = ByLanguage(lambda found: tuple(found["columns"]))
#: Index of the status column, which gets the spreadsheet's drop-down; the owner, due date and
#: notes follow it, and the IDs come last, for round trips.
STATUS_COLUMN: Final = 4

#: Choices of the spreadsheet's status drop-down, in the order of
#: :data:`dx_playbook.core.checklists.progress.STATES` (not started, in progress, done, n/a).
STATUSES: Final[ByLanguage[tuple[str, ...]]] = ByLanguage(lambda found: tuple(found["statuses"]))

#: Separator between role labels in one cell or one line.
LIST_SEPARATOR: Final[ByLanguage[str]] = words("separator")

#: Text used by the generated views (Python only).
VIEW_TEXT: Final[ByLanguage[dict[str, str]]] = words("views")

#: Text used by the browser code. Keep the ``{fields}`` as they are when rewording.
BROWSER_TEXT: Final[ByLanguage[dict[str, str]]] = words("browser")
#: The dashboard's and the report's further words (:data:`..checklists.progress.DASHBOARD_TEXT_ASSET`):
#: every page loads :data:`BROWSER_TEXT`, these pages these too.
DASHBOARD_TEXT: Final[ByLanguage[dict[str, str]]] = words("browser_dashboard")

#: What a filled workbook's summary and a browser CSV say about the self-assessment, in order:
#: its name, the particulars the reader gave, the day of the export and the record's ID.
SUMMARY_ABOUT: Final = ("name", "municipality", "section", "author", "date", "exported", "record")


def about_labels(lang: str) -> dict[str, str]:
    """The label of each line of :data:`SUMMARY_ABOUT` in ``lang``."""
    found = catalogue(lang)
    views, summary = found["views"], found["exports"]["summary"]
    return {
        "name": summary["name"],
        "municipality": views["municipality"],
        "section": views["section"],
        "author": views["author"],
        "date": views["date"],
        "exported": summary["exported"],
        "record": summary["record"],
    }


def playbook_name(lang: str) -> str:
    """The playbook's name in ``lang``, as exports and the report name it."""
    name: str = catalogue(lang)["exports"]["playbook"]
    return name
