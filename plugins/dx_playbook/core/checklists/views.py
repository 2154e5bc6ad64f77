"""Generated parts of pages, as Markdown: principle "chrome", role views, the full checklist and
the dashboard.

Views are Markdown, not HTML, so that MkDocs checks and rewrites every link they make (a broken
link fails the strict build; the offline bundle gets ``.html`` links) and so that checklist lines
become the same checkboxes as on principle pages. Every piece of content is escaped on the way in
(:func:`md_escape`): a title holding ``<script>`` or ``*`` shows those characters.

Links are relative to the page being built, given as ``page_path``: its path inside the language
folder, e.g. ``roles/leaders.md``.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import posixpath
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from dx_playbook.core.checklists.progress import START_HERE, plain_text, principle_title, scopes
from dx_playbook.core.model import schema
from dx_playbook.core.model.credit import credit_html
from dx_playbook.core.model.markdown import md_escape
from dx_playbook.core.model.structure import HEADING, task_lines, unfenced
from dx_playbook.core.text.ui_text import LIST_SEPARATOR, STATUSES, VIEW_TEXT

if TYPE_CHECKING:
    from dx_playbook.core.model.site import Principle, Problem, Site
    from dx_playbook.core.model.structure import ChecklistItem

#: Whether a page exists, by its path inside the language folder.
PageExists = Callable[[str], bool]
#: The address of a page from the page being built, by its path inside the language folder
#: (``pillars/people.md``), or ``None`` if there is no such page.
PageUrl = Callable[[str], "str | None"]

#: An inline link's text and target. The text may not hold "[", so that a run of them is read
#: once (a link's text with brackets in it, ``[a [b] c](x)``, is no link to the engine either).
_LINK_TARGET = re.compile(r"(?<!!)(\[[^\[\]\n]*+\]\()(?P<target>[^)\s]++)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*+:")


def attr(text: str) -> str:
    """``text`` for an HTML attribute value in double quotes."""
    return html.escape(" ".join(text.split()), quote=True)


def relative(target: str, page_path: str) -> str:
    """Path to ``target`` (inside the language folder) from the page at ``page_path``."""
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")


def rebase_links(markdown: str, source_path: str, page_path: str) -> str:
    """Rewrite the relative links of ``markdown``, written on ``source_path``, for ``page_path``."""

    def rebase(match: re.Match[str]) -> str:
        target = match.group("target")
        if _SCHEME.match(target) or target.startswith("/"):
            return match.group(0)
        path, hash_mark, fragment = target.partition("#")
        resolved = (
            posixpath.normpath(posixpath.join(posixpath.dirname(source_path), path))
            if path
            else source_path
        )
        return match.group(1) + relative(resolved, page_path) + hash_mark + fragment

    return _LINK_TARGET.sub(rebase, markdown)


def insert_after_title(markdown: str, block: str) -> str:
    """``markdown`` with ``block`` after its first level-one heading (or at the top)."""
    lines = markdown.split("\n")
    for index, line in unfenced(lines):
        heading = HEADING.match(line)
        if heading and len(heading.group("hashes")) == 1:
            return "\n".join([*lines[: index + 1], "", block, "", *lines[index + 1 :]])
    return block + "\n\n" + markdown


def insert_before_checklist(markdown: str, block: str) -> str:
    """``markdown`` with ``block`` before its first top-level checklist line (or unchanged)."""
    lines = markdown.split("\n")
    for index, task in task_lines(lines):
        if not task.group("indent"):
            return "\n".join([*lines[:index], "", block, "", *lines[index:]])
    return markdown


def progress_html(scope: str, total: int, label: str, *, live: bool) -> str:
    """A progress bar with its "2 / 5" count, filled in by the browser (hidden until then)."""
    live_attr = ' aria-live="polite"' if live else ""
    return (
        f'<span class="dxp-progress" data-dxp-progress="{attr(scope)}" hidden data-search-exclude>'
        f'<progress class="dxp-progress__bar" max="{max(total, 1)}" value="0" '
        f'aria-label="{attr(label)}">'
        f"</progress>"
        f' <span class="dxp-progress__text"{live_attr}>0 / {total}</span></span>'
    )


def _saving_to(lang: str, page_path: str, *, dashboard_exists: bool) -> str:
    text = VIEW_TEXT[lang]
    link = (
        f"[{md_escape(text['manage'])}]({relative('dashboard.md', page_path)})"
        if dashboard_exists
        else ""
    )
    return (
        f'<p class="dxp-toolbar__assessment" markdown="span">{md_escape(text["saving_to"])} '
        f"<strong data-dxp-name></strong> {link}</p>"
    )


def toolbar(
    scope: str, total: int, label: str, lang: str, page_path: str, *, dashboard_exists: bool
) -> str:
    """The block above a checklist: its progress, the assessment it saves to, notices."""
    return "\n".join(
        [
            '<div class="dxp-toolbar" data-dxp-toolbar markdown="1" hidden data-search-exclude>',
            f'<p class="dxp-toolbar__progress">{progress_html(scope, total, label, live=True)}</p>',
            _saving_to(lang, page_path, dashboard_exists=dashboard_exists),
            '<p class="dxp-notice" data-dxp-notice hidden></p>',
            "</div>",
        ]
    )


def toolbar_html(scope: str, total: int, label: str, lang: str, dashboard_url: str | None) -> str:
    """:func:`toolbar` as raw HTML, its dashboard link already resolved."""
    text = VIEW_TEXT[lang]
    manage = f" {_link_html(text['manage'], dashboard_url)}" if dashboard_url else ""
    return "\n".join(
        [
            '<div class="dxp-toolbar" data-dxp-toolbar hidden data-search-exclude>',
            f'<p class="dxp-toolbar__progress">{progress_html(scope, total, label, live=True)}</p>',
            f'<p class="dxp-toolbar__assessment">{_text_html(text["saving_to"])} '
            f"<strong data-dxp-name></strong>{manage}</p>",
            '<p class="dxp-notice" data-dxp-notice hidden></p>',
            "</div>",
        ]
    )


def _link_html(label: str, url: str | None) -> str:
    escaped = html.escape(" ".join(label.split()), quote=False)
    return f'<a href="{attr(url)}">{escaped}</a>' if url else escaped


def principle_lead(principle: Principle, url: PageUrl) -> str:
    """The summary box under a principle's title: its summary, pillar and roles, as HTML."""
    lang = principle.lang
    text = VIEW_TEXT[lang]
    pillar = _link_html(
        schema.PILLARS[principle.pillar][lang], url(f"pillars/{principle.pillar}.md")
    )
    roles = LIST_SEPARATOR[lang].join(
        _link_html(schema.ROLES[role][lang], url(f"roles/{role}.md")) for role in principle.roles
    )
    return "\n".join(
        [
            '<div class="dxp-lead">',
            f'<p class="dxp-lead__summary">{_text_html(principle.summary)}</p>',
            f'<p class="dxp-lead__meta"><span class="dxp-lead__key">{_text_html(text["pillar"])}'
            f"</span> {pillar}</p>",
            f'<p class="dxp-lead__meta"><span class="dxp-lead__key">{_text_html(text["roles"])}'
            f"</span> {roles}</p>",
            "</div>",
        ]
    )


def _text_html(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=False)


def credit(principle: Principle, url: PageUrl) -> str:
    """The credit of a principle page, as HTML (:func:`~dx_playbook.core.model.credit.credit_html`),
    its link to the sources page worked out from the page's place."""
    return credit_html(principle, url("about/sources.md"))


_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)
_CHECKLIST_START = '<ul class="dxp-checklist">'
#: What the dashboard imports: its own exports (a workbook, possibly edited in Excel or
#: LibreOffice, a CSV, or JSON), by extension and by type.
IMPORT_TYPES: Final = (
    ".xlsx,.csv,.json,application/json,text/csv,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


def principle_chrome(content: str, principle: Principle, url: PageUrl) -> str:
    """A principle page's HTML with its lead box under the title, the toolbar above its
    checklist and the credit line at the end.

    Added to the converted HTML, not the Markdown, with links already resolved by ``url``: they
    are on every principle page, and Markdown parsing them as HTML blocks took about half a
    millisecond a page (issue 9).
    """
    text = VIEW_TEXT[principle.lang]
    lead = principle_lead(principle, url)
    title = _H1_END.search(content)
    if title is None:
        content = f"{lead}\n{content}"
    else:
        content = f"{content[: title.end()]}\n{lead}{content[title.end() :]}"
    label = text["progress_of"].format(title=principle_title(principle))
    bar = toolbar_html(
        f"principle:{principle.id}",
        len(principle.items),
        label,
        principle.lang,
        url("dashboard.md"),
    )
    content = content.replace(_CHECKLIST_START, f"{bar}\n{_CHECKLIST_START}", 1)
    return content.rstrip("\n") + "\n" + credit(principle, url) + "\n"


def pillar_progress(
    markdown: str, site: Site, pillar: str, page: tuple[str, str], exists: PageExists
) -> str:
    """A pillar page's Markdown with the progress of its principles' items under its title.

    ``page`` is the page's language and path inside its language folder.
    """
    lang, page_path = page
    label = schema.PILLARS[pillar][lang]
    bar = toolbar(
        f"pillar:{pillar}",
        len(scopes(site.principles_in(lang))[f"pillar:{pillar}"]),
        VIEW_TEXT[lang]["progress_of"].format(title=label),
        lang,
        page_path,
        dashboard_exists=exists("dashboard.md"),
    )
    return insert_after_title(markdown, bar)


def item_line(item: ChecklistItem, principle: Principle, page_path: str) -> str:
    """A checklist line for a view page, its links rewritten for that page."""
    source = f"{schema.PRINCIPLES_DIR}/{principle.id}.md"
    return f"- [ ] {rebase_links(item.text, source, page_path)} {{ #{item.id} }}"


def _principle_block(
    principle: Principle, page_path: str, level: int, *, show_pillar: bool, scope: str = ""
) -> list[str]:
    lang = principle.lang
    text = VIEW_TEXT[lang]
    title = principle_title(principle)
    target = relative(f"{schema.PRINCIPLES_DIR}/{principle.id}.md", page_path)
    lines = [
        f"{'#' * level} [{md_escape(title)}]({target}) {{ #dxp-principle-{principle.id} }}",
        "",
    ]
    if show_pillar:
        pillar = schema.PILLARS[principle.pillar][lang]
        lines += [
            f'<p class="dxp-view__meta"><span class="dxp-lead__key">{html.escape(text["pillar"])}'
            f"</span> {html.escape(pillar)}</p>",
            "",
        ]
    lines += [f'<p class="dxp-view__summary">{html.escape(principle.summary)}</p>', ""]
    label = text["progress_of"].format(title=title)
    # In a role's view, the principle's items of that role alone.
    counted = f"{scope}/principle:{principle.id}" if scope else f"principle:{principle.id}"
    lines += [
        '<p class="dxp-view__progress">'
        + progress_html(counted, len(principle.items), label, live=True)
        + "</p>",
        "",
    ]
    lines += [item_line(item, principle, page_path) for item in principle.items]
    return [*lines, ""]


def role_view(site: Site, lang: str, role: str, page_path: str, exists: PageExists) -> str:
    """The principles and the checklist items that ``role`` acts on, to append to its page."""
    text = VIEW_TEXT[lang]
    principles = [
        dataclasses.replace(p, items=tuple(i for i in p.items if role in (i.roles or p.roles)))
        for p in site.principles_in(lang)
    ]
    principles = [p for p in principles if p.items]
    lines = [f"## {md_escape(text['role_heading'])} {{ #dxp-role-principles }}", ""]
    if not principles:
        return "\n".join([*lines, md_escape(text["role_none"]), ""])
    total = sum(len(p.items) for p in principles)
    lines += [
        toolbar(
            f"role:{role}",
            total,
            text["role_progress"],
            lang,
            page_path,
            dashboard_exists=exists("dashboard.md"),
        ),
        "",
    ]
    for principle in principles:
        lines += _principle_block(principle, page_path, 3, show_pillar=True, scope=f"role:{role}")
    return "\n".join(lines)


def start_here(site: Site, lang: str, page_path: str, *, boxes: bool) -> str:
    """The start-here path: the first steps of a town with one or two DX staff, in order, each
    a link to its principle (``boxes``: as checklist items, with the path's progress)."""
    text = VIEW_TEXT[lang]
    steps = sorted(
        (item.start_here, item, principle)
        for principle in site.principles_in(lang)
        for item in principle.items
        if item.start_here is not None
    )
    if not steps:
        return ""
    if not boxes:
        lines = []
        for number, (_, item, principle) in enumerate(steps, start=1):
            target = relative(f"{schema.PRINCIPLES_DIR}/{principle.id}.md", page_path)
            step = md_escape(plain_text(item.text))
            title = md_escape(principle_title(principle))
            # The checklist section: the item's own anchor is added after MkDocs checks links.
            lines.append(f"{number}. [{step}]({target}#checklist) ({title})")
        return "\n".join([*lines, ""])
    lines = [
        '<p class="dxp-view__progress">'
        + progress_html(START_HERE, len(steps), text["start_here_progress"], live=True)
        + "</p>",
        "",
    ]
    lines += [item_line(item, principle, page_path) for _, item, principle in steps]
    return "\n".join([*lines, ""])


def checklist_view(site: Site, lang: str, page_path: str, exists: PageExists) -> str:
    """Every principle's checklist, grouped by pillar: the printable worksheet."""
    text = VIEW_TEXT[lang]
    principles = site.principles_in(lang)
    counts = scopes(principles)
    lines = [
        toolbar(
            "all",
            len(counts["all"]),
            text["overall"],
            lang,
            page_path,
            dashboard_exists=exists("dashboard.md"),
        ),
        "",
    ]
    for pillar, labels in schema.PILLARS.items():
        members = [p for p in principles if p.pillar == pillar]
        if not members:
            continue
        label = labels[lang]
        heading = md_escape(label)
        if exists(f"pillars/{pillar}.md"):
            heading = f"[{heading}]({relative(f'pillars/{pillar}.md', page_path)})"
        lines += [
            f"## {heading} {{ #dxp-pillar-{pillar} .dxp-view__pillar }}",
            "",
            '<p class="dxp-view__progress">'
            + progress_html(
                f"pillar:{pillar}",
                len(counts[f"pillar:{pillar}"]),
                text["progress_of"].format(title=label),
                live=False,
            )
            + "</p>",
            "",
        ]
        for principle in members:
            lines += _principle_block(principle, page_path, 3, show_pillar=False)
    return "\n".join(lines)


def _progress_table(
    rows: list[tuple[str, str, str]], counts: dict[str, list[str]], head: str, lang: str
) -> list[str]:
    """A table of scopes: (scope, label, link target or "") -> label, item count, progress."""
    text = VIEW_TEXT[lang]
    lines = [
        f"| {md_escape(head)} | {md_escape(text['items'])} | {md_escape(text['progress'])} |",
        "| --- | --- | --- |",
    ]
    for scope, label, target in rows:
        shown = f"[{md_escape(label)}]({target})" if target else md_escape(label)
        total = len(counts.get(scope, []))
        bar = progress_html(scope, total, text["progress_of"].format(title=label), live=False)
        lines.append(f"| {shown} | {total} | {bar} |")
    return lines


#: The details of an assessment, with the input each takes and what a browser may fill in.
_ABOUT_INPUTS: Final = {
    "municipality": ("text", "organization"),
    "section": ("text", "off"),
    "author": ("text", "name"),
    "date": ("date", "off"),
}


def about_form(text: dict[str, str]) -> str:
    """The assessment's municipality, section, author and date: filled in on the dashboard, on
    every export and on the summary. Saved as the reader types; the browser checks them."""
    fields = "".join(
        f'<p class="dxp-field"><label for="dxp-about-{name}">{html.escape(text[name])}</label> '
        f'<input id="dxp-about-{name}" type="{kind}" autocomplete="{complete}" '
        f'data-dxp-about="{name}"></p>'
        for name, (kind, complete) in _ABOUT_INPUTS.items()
    )
    return (
        f'<fieldset class="dxp-about"><legend>{html.escape(text["about_heading"])}</legend>'
        f"{fields}</fieldset>"
    )


def dashboard_view(site: Site, lang: str, page_path: str, exists: PageExists, limit: str) -> str:
    """The assessment manager, progress by pillar and by role, export and import."""
    text = VIEW_TEXT[lang]
    counts = scopes(site.principles_in(lang))

    def button(action: str, label: str, extra: str = "") -> str:
        return (
            f'<button type="button" class="dxp-button{extra}" data-dxp-action="{action}">'
            f"{html.escape(label)}</button>"
        )

    def target(path: str) -> str:
        return relative(path, page_path) if exists(path) else ""

    manager = [
        '<div class="dxp-panel" data-dxp-manager hidden>',
        '<p class="dxp-field"><label for="dxp-current">'
        f'{html.escape(text["current"])}</label> <select id="dxp-current" data-dxp-select>'
        "</select></p>",
        '<p class="dxp-buttons">'
        + " ".join(
            [
                button("new", text["new"]),
                button("rename", text["rename"]),
                button("clear", text["reset"]),
                button("delete", text["delete"], " dxp-button--danger"),
            ]
        )
        + "</p>",
        '<form class="dxp-name-form" data-dxp-name-form novalidate hidden>'
        f'<label for="dxp-name">{html.escape(text["name"])}</label> '
        '<input id="dxp-name" type="text" autocomplete="off" data-dxp-name-input> '
        f'<button type="submit" class="dxp-button dxp-button--primary">{html.escape(text["save"])}'
        f"</button> {button('cancel-name', text['cancel'])}</form>",
        about_form(text),
        '<p class="dxp-notice" data-dxp-notice hidden></p>',
        '<p class="dxp-status" role="status" data-dxp-status></p>',
        "</div>",
    ]
    transfer = [
        '<div class="dxp-panel" data-dxp-transfer hidden>',
        '<p class="dxp-buttons">'
        + button("export-xlsx", text["export_xlsx"], " dxp-button--primary")
        + " "
        + button("export-csv", text["export_csv"])
        + " "
        + button("export-json", text["export_json"])
        + "</p>",
        f'<p class="dxp-field"><label for="dxp-import">{html.escape(text["import"])}</label> '
        f'<input id="dxp-import" type="file" accept="{IMPORT_TYPES}" '
        'aria-describedby="dxp-import-hint" data-dxp-import></p>',
        f'<p class="dxp-hint" id="dxp-import-hint">'
        f"{html.escape(text['import_hint'].format(limit=limit))}</p>",
        '<div class="dxp-quarantine" data-dxp-quarantine hidden>',
        f'<h3 id="dxp-quarantine-heading">{html.escape(text["quarantine"])}</h3>',
        "<p data-dxp-quarantine-count></p>",
        '<p class="dxp-buttons">'
        + button("quarantine-export", text["quarantine_download"])
        + " "
        + button("quarantine-discard", text["quarantine_discard"], " dxp-button--danger")
        + "</p>",
        "</div>",
        '<p class="dxp-status" role="status" data-dxp-status></p>',
        "</div>",
    ]
    # In a <div>: Markdown does not know <dialog> as a block and would wrap it in <p>.
    dialog = [
        "<div>",
        '<dialog class="dxp-dialog" data-dxp-dialog aria-labelledby="dxp-dialog-title" '
        'aria-describedby="dxp-dialog-text">',
        f'<h2 id="dxp-dialog-title">{html.escape(text["confirm"])}</h2>',
        '<p id="dxp-dialog-text" data-dxp-dialog-text></p>',
        '<p class="dxp-buttons"><button type="button" class="dxp-button dxp-button--primary" '
        'value="ok" '
        'data-dxp-dialog-ok></button> <button type="button" class="dxp-button" value="cancel" '
        "data-dxp-dialog-cancel>"
        f"{html.escape(text['cancel'])}</button></p>",
        "</dialog>",
        "</div>",
    ]
    noscript = f'<noscript><p class="dxp-notice">{html.escape(text["noscript"])}</p></noscript>'
    pillar_rows = [
        (f"pillar:{key}", labels[lang], target(f"pillars/{key}.md"))
        for key, labels in schema.PILLARS.items()
    ]
    role_rows = [
        (f"role:{key}", labels[lang], target(f"roles/{key}.md"))
        for key, labels in schema.ROLES.items()
    ]
    overall = progress_html("all", len(counts["all"]), text["overall"], live=False)
    return "\n".join(
        [
            f"## {md_escape(text['assessments'])} {{ #dxp-assessments }}",
            "",
            noscript,
            "",
            *manager,
            "",
            f"## {md_escape(text['overall'])} {{ #dxp-overall }}",
            "",
            f'<p class="dxp-view__progress dxp-view__progress--large">{overall}</p>',
            "",
            *(
                [
                    f"## {md_escape(text['start_here'])} {{ #dxp-start-here }}",
                    "",
                    md_escape(text["start_here_lead"]),
                    "",
                    path,
                ]
                if (path := start_here(site, lang, page_path, boxes=True))
                else []
            ),
            f"## {md_escape(text['by_pillar'])} {{ #dxp-by-pillar }}",
            "",
            *_progress_table(pillar_rows, counts, text["pillar"], lang),
            "",
            f"## {md_escape(text['by_role'])} {{ #dxp-by-role }}",
            "",
            *_progress_table(role_rows, counts, text["role"], lang),
            "",
            f"## {md_escape(text['transfer'])} {{ #dxp-transfer }}",
            "",
            *(
                [f"[{md_escape(text['report_link'])}]({report})", "{ .dxp-report-link }", ""]
                if (report := target("report.md"))
                else []
            ),
            *transfer,
            "",
            *dialog,
            "",
        ]
    )


def _role_hint(value: object) -> str:
    choices = list(schema.ROLES)
    if isinstance(value, str):
        match = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
        if match:
            return f"did you mean '{match[0]}'? (allowed: {', '.join(choices)})"
    return "use one of: " + ", ".join(choices)


def view_problems(site: Site) -> list[Problem]:
    """Mistakes in the front matter of the view pages this module fills in."""
    from dx_playbook.core.model.site import Problem

    problems = []
    for page in site.pages.values():
        if page.meta.get("dxp_view") != "role":
            continue
        role = page.meta.get("role")
        if role in schema.ROLES:
            continue
        if "role" not in page.meta:
            problems.append(
                Problem(
                    page.display_path,
                    page.document.line_of("dxp_view"),
                    "a role view has no 'role'",
                    "add a line 'role: <id>' with one of: " + ", ".join(schema.ROLES),
                )
            )
        else:
            problems.append(
                Problem(
                    page.display_path,
                    page.document.line_of("role"),
                    f"unknown role {role!r}",
                    _role_hint(role),
                )
            )
    return sorted(problems, key=lambda problem: (problem.path, problem.line or 0))


def report_view(lang: str) -> str:
    """The one-page report of the current self-assessment for the executive meeting: its
    particulars, progress per pillar as a chart and as a table, the items overdue and those in
    progress with their owners and due dates. The browser fills it from the reader's record;
    it prints on one A4 page (at most :data:`progress.REPORT_LIMITS` items a list)."""
    text = VIEW_TEXT[lang]
    states = dict(zip(("open", "doing", "done", "na"), STATUSES[lang], strict=True))

    column = ' scope="col"'

    def cells(tag: str, values: list[str], extra: str = "") -> str:
        return "".join(f"<{tag}{extra}>{html.escape(value)}</{tag}>" for value in values)

    pillar_head = [text["pillar"], text["items"], states["done"], states["doing"], states["open"]]
    pillar_head += [states["na"], text["report_share"]]
    item_head = [text["report_item"], text["report_principle"], text["report_owner"]]
    item_head.append(text["report_due"])

    def item_table(key: str) -> list[str]:
        return [
            f'<h2 id="dxp-report-{key}">{html.escape(text["report_" + key])}</h2>',
            f'<div class="dxp-report__items"><table aria-labelledby="dxp-report-{key}">'
            f"<thead><tr>{cells('th', item_head, column)}</tr></thead>"
            f"<tbody data-dxp-report-{key}></tbody></table></div>",
            f'<p class="dxp-report__more" data-dxp-report-{key}-more hidden></p>',
        ]

    return "\n".join(
        [
            f'<noscript><p class="dxp-notice">{html.escape(text["noscript"])}</p></noscript>',
            "",
            '<div class="dxp-report" data-dxp-report hidden>',
            '<p class="dxp-buttons dxp-report__actions">'
            '<button type="button" class="dxp-button dxp-button--primary" data-dxp-print hidden>'
            f"{html.escape(text['report_print'])}</button></p>",
            '<p class="dxp-report__name" data-dxp-report-name></p>',
            '<dl class="dxp-report__about" data-dxp-report-about></dl>',
            '<p class="dxp-report__overall" data-dxp-report-overall></p>',
            f'<h2 id="dxp-report-pillars">{html.escape(text["by_pillar"])}</h2>',
            '<div class="dxp-report__chart" data-dxp-report-chart aria-hidden="true"></div>',
            '<div class="dxp-report__pillars"><table aria-labelledby="dxp-report-pillars">'
            f"<thead><tr>{cells('th', pillar_head, column)}</tr></thead>"
            "<tbody data-dxp-report-pillars></tbody></table></div>",
            *item_table("overdue"),
            *item_table("doing"),
            '<p class="dxp-report__foot" data-dxp-report-foot></p>',
            "</div>",
            "",
        ]
    )
