"""Thin MkDocs adapters over :mod:`dx_playbook.core`.

Each plugin is a folder (``plugin.py``, ``config.py``); :mod:`.builds` is the build context
they share. No plugin imports another.

MkDocs runs the handlers of one event from the highest priority to the lowest (0 unless set;
equal priorities in the order of ``plugins:`` in ``mkdocs.yml``). :data:`PRIORITIES` is every
priority of ours that is not 0 and every ``on_page_content`` step, with the reason for each;
``tests/test_plugin_config.py`` checks it against the code. Read from the top, the
``on_page_content`` rows are the order in which a converted page is finished.
"""

from __future__ import annotations

#: ``(plugin, event) -> (priority, why)``; static-i18n's handlers run at -100, Material's at 0.
PRIORITIES: dict[tuple[str, str], tuple[int, str]] = {
    # on_config
    ("editions", "on_config"): (
        120,
        "name, colour and logo of the edition set before offline (100) and static-i18n read them",
    ),
    ("offline", "on_config"): (
        100,
        "before Material's offline plugin, which adds a CDN iframe-worker unless one is listed",
    ),
    # on_files
    ("offline", "on_files"): (-110, "after static-i18n has rebuilt this language's file list"),
    ("editions", "on_files"): (
        -110,
        "the edition's stylesheet and logo join this language's files",
    ),
    ("rebuilds", "on_files"): (-1000, "last, once every plugin has added or moved its files"),
    # on_nav
    ("editions", "on_nav"): (-110, "after static-i18n translates the navigation: the town's pages"),
    # on_env
    ("validate", "on_env"): (100, "first: share compiled templates before any is loaded"),
    # on_page_markdown
    ("rebuilds", "on_page_markdown"): (-1000, "last: its key is the Markdown MkDocs converts"),
    ("editions", "on_page_markdown"): (110, "first: the page becomes the edition's merged page"),
    ("validate", "on_page_markdown"): (100, "escape front-matter text before anyone reads it"),
    ("print", "on_page_markdown"): (60, "add the print-all page's text for the others to read"),
    # on_page_content, in the order they run
    ("rebuilds", "on_page_content"): (1000, "first: put back a kept conversion"),
    ("validate", "on_page_content"): (900, "sanitize exactly what Markdown made"),
    ("search", "on_page_content"): (20, "index the text before checklists add controls"),
    ("checklists", "on_page_content"): (10, "checkboxes and principle chrome, credit first"),
    ("translations", "on_page_content"): (0, "source line and notice after the credit"),
    ("print", "on_page_content"): (-70, "handout view, before the glossary skips it"),
    ("glossary", "on_page_content"): (-100, "tooltips on the text as readers see it"),
    ("quality", "on_page_content"): (-200, "last step: table alignment by class"),
    # on_page_context
    ("checklists", "on_page_context"): (
        110,
        "name the data assets from the page's HTML, before search swaps in the index text (100)",
    ),
    # on_post_page / on_post_template
    ("quality", "on_post_page"): (-100, "last: hash the page's inline scripts as written"),
    ("quality", "on_post_template"): (-100, "hash the template's inline scripts"),
    ("translations", "on_post_template"): (
        -200,
        "last: file each language's finished 404.html (policy hashed) in its own folder",
    ),
    # on_post_build
    ("search", "on_post_build"): (
        -100,
        "after static-i18n has Material write the index of every language (-100, listed before), "
        "before Material's offline plugin copies it (-100, listed after): split it into workers",
    ),
    ("offline", "on_post_build"): (
        -150,
        "after static-i18n's languages and Material's offline search script (-100)",
    ),
}
