"""The sanitizer's report: the fast look at a page never passes what the full parser reports."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dx_playbook.core.quality import sanitize

#: Pieces of markup, hostile and plain, that hypothesis strings together.
PIECES = [
    "<p>",
    "</p>",
    "<br/>",
    '<a href="../x/">',
    '<a href="javascript:alert(1)">',
    '<a href="java&#115;cript:x">',
    '<a href="https://example.org/">',
    "</a>",
    '<img src="x.png" alt="">',
    '<img src="https://example.org/x.png">',
    '<td style="text-align: left">',
    '<td style="color: red">',
    '<input type="checkbox">',
    '<input type="image">',
    '<p title="a</b">',
    "<p onclick=x>",
    '<p onclick="x">',
    "<P>",
    "<script>",
    "</script>",
    "<svg>",
    "<style>",
    "<!-- note -->",
    "<!-->",
    "<!--->",
    "<!--",
    "-->",
    "--",
    "--!>",
    "-- >",
    "<!DOCTYPE html>",
    "<![CDATA[x]]>",
    "<?php x ?>",
    "<",
    ">",
    '"',
    "'",
    "=",
    " ",
    "\n",
    "text",
    "&lt;",
    "&amp;",
    "<textarea>",
    "</textarea>",
    '<div hidden data-dxp-x="1">',
    '<span lang="en" class="x">',
    "</ div>",
    "</p x>",
]


def full_findings(html: str) -> list[sanitize.Finding]:
    finder = sanitize._Finder()
    finder.feed(html)
    finder.close()
    return finder.findings


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
# Found by this test: an "<!-->" inside an open comment closes it and opens nothing.
@example(["<!--", "<!-->"])
@example(["<!-- note -->", "<!--->", "<p onclick=x>"])
def test_the_fast_look_passes_only_what_the_full_parser_finds_nothing_in(pieces):
    html = "".join(pieces)
    found = sanitize.find_unsafe(html)
    if sanitize._nothing_to_remove(html):
        assert full_findings(html) == [] == found, html
    # The same findings as the full parser's, and an empty comment ('<!-->') besides.
    assert [f for f in found if f.needle != "<!--"] == full_findings(html), html
    assert any(f.needle == "<!--" for f in found) == sanitize.opens_an_empty_comment(html)


def test_the_fast_look_reads_the_markup_markdown_writes():
    plain = (
        '<h2 id="why">Why</h2>\n<p>Text with <a href="../other/#x" title="t">a link</a>, '
        '<code>code</code> and <em lang="ja">日本語</em>.</p>\n<!-- dxp-overview -->\n'
        '<ul class="dxp-checklist">\n<li><input type="checkbox" disabled> One</li>\n</ul>\n'
        '<table><tr><th style="text-align: right">n</th></tr></table><hr />'
    )
    assert sanitize._nothing_to_remove(plain)
    for hostile in (
        '<p onclick="x">',
        '<a href="javascript:x">',
        '<a href="java&#115;cript:x">',
        "<script>x</script>",
        "<!DOCTYPE html>",
        "<!--> <script>x</script> -->",
    ):
        assert not sanitize._nothing_to_remove(plain + hostile), hostile
        assert sanitize.find_unsafe(plain + hostile), hostile


def test_pages_of_the_playbook_take_the_fast_look(playbook):
    """What makes the report cheap: the pages as built (after sanitizing) read as plain."""
    pages = sorted(playbook.site_dir.glob("principles/*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        body = article[article.index(">") + 1 :]
        assert sanitize._nothing_to_remove(body), page


def test_an_empty_comment_is_one_that_opens_empty():
    assert sanitize.opens_an_empty_comment("<p>a</p><!-->")
    assert sanitize.opens_an_empty_comment("<!-- a --> b <!--->")
    assert not sanitize.opens_an_empty_comment("<!--<!-->")
    assert not sanitize.opens_an_empty_comment("<!-- a <!---> b")
    assert not sanitize.opens_an_empty_comment("<!-- a")
