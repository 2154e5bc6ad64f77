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

from dx_playbook.core.text.catalogue import ByLanguage, words

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
