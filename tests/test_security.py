"""Security: no inline handlers or HTML injection in our code, and a strict CSP the site works under.

Static scans of ``overrides/`` run in milliseconds and name file and line; the policy is checked
in every built page; and real Chromium proves the site works under it, online and from
``file://``, with a control showing the policy is really enforced.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from mkdocs.structure.files import Files

from a11y_helpers import SEARCH_QUERIES, first_page, html_pages, open_search, page_url
from dx_playbook.core.quality import csp
from dx_playbook.mkdocs_plugins.quality.plugin import QualityPlugin

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "overrides"
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"

# --- static scans of our templates and scripts ---------------------------------------------------

_TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


def templates() -> list[Path]:
    return sorted(OVERRIDES.rglob("*.html"))


def scripts() -> list[Path]:
    return sorted((OVERRIDES / "assets" / "javascripts").rglob("*.js"))


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def template_problems(text: str, name: str) -> list[str]:
    """Inline event handlers, inline executable scripts, style and javascript: URLs."""
    # Jinja comments and expressions may hold anything; the markup is what reaches readers.
    markup = _JINJA.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)
    problems = []
    for tag in _TAG.finditer(markup):
        where = f"{name}:{line_of(markup, tag.start())}"
        if _HANDLER.search(tag.group()):
            problems.append(f"{where}: inline event handler in {tag.group()[:80]}")
        if re.search(r"\sstyle\s*=", tag.group(), re.IGNORECASE):
            problems.append(f"{where}: style attribute (the CSP refuses it): {tag.group()[:80]}")
        if re.search(r"=\s*[\"']?\s*javascript:", tag.group(), re.IGNORECASE):
            problems.append(f"{where}: javascript: URL in {tag.group()[:80]}")
    for script in _SCRIPT_TAG.finditer(markup):
        attributes = script.group(1)
        if "src=" not in attributes and "application/json" not in attributes:
            where = f"{name}:{line_of(markup, script.start())}"
            problems.append(f"{where}: inline script (put it in a .js file under assets/)")
    return problems


def strip_js_comments(code: str, *, blank_strings: bool = False) -> str:
    """``code`` with its comments (and, if asked, the insides of strings) blanked.

    Line numbers stay as they were.

    Regular expression literals are not parsed: one holding a quote or ``//`` would confuse
    this scan, and the test would then fail loudly rather than pass quietly.
    """
    out, index, quote = [], 0, ""
    while index < len(code):
        char, pair = code[index], code[index : index + 2]
        if quote:
            if char == "\\":
                escaped = code[index : index + 2]
                out.append(re.sub(r"[^\n]", " ", escaped) if blank_strings else escaped)
                index += 2
                continue
            if char == quote:
                quote = ""
                out.append(char)
            else:
                out.append(" " if blank_strings and char != "\n" else char)
        elif char in "\"'`":
            quote = char
            out.append(char)
        elif pair in ("//", "/*"):
            end = code.find("\n" if pair == "//" else "*/", index + 2)
            end = len(code) if end < 0 else end + (0 if pair == "//" else 2)
            out.append(re.sub(r"[^\n]", " ", code[index:end]))
            index = end
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


#: Read in code whose strings are blanked: an assignment of anything but an empty string to an
#: HTML property, a call that parses HTML or code, a timer given a string.
_HTML_SINKS = re.compile(
    r"\.(?P<property>innerHTML|outerHTML|srcdoc)\s*(?P<operator>\+?=)(?!=)\s*(?P<value>[^;\n]*)"
    r"|(?:\.insertAdjacentHTML|\bdocument\.write(?:ln)?|\.createContextualFragment|\beval"
    r"|\bnew\s+Function)\s*\("
    r"|\bset(?:Timeout|Interval)\(\s*[\"'`]"
)
#: Read in code with its strings: attributes the policy refuses or that run code.
_ATTRIBUTE_SINKS = re.compile(r"\.setAttribute\(\s*[\"'`](?:on[a-z]+|style|srcdoc)[\"'`]")
_EMPTY = re.compile(r"""^(?:""|''|``)\s*\)?$""")


def script_problems(code: str, name: str) -> list[str]:
    """Places where a script could turn a string into HTML or code."""
    found = []
    blanked = strip_js_comments(code, blank_strings=True)
    for match in _HTML_SINKS.finditer(blanked):
        if match.group("operator") == "=" and _EMPTY.match(match.group("value").strip()):
            continue  # clearing an element is safe
        found.append((match.start(), match.group()))
    uncommented = strip_js_comments(code)
    found += [(match.start(), match.group()) for match in _ATTRIBUTE_SINKS.finditer(uncommented)]
    return [f"{name}:{line_of(code, start)}: {text.strip()[:80]}" for start, text in sorted(found)]


def test_scanners_find_what_they_look_for():
    code = (
        "// el.innerHTML = comment; is not code\n"
        'a.innerHTML = "";\n'
        "b.innerHTML = text;\n"
        'c.outerHTML += "<b>";\n'
        "d.insertAdjacentHTML('beforeend', x);\n"
        'var s = "x.innerHTML = y";\n'
        "if (e.innerHTML === '') {}\n"
        "f.setAttribute('onclick', g);\n"
        'setTimeout("run()", 1); /* eval(x) */ g.textContent = h;\n'
    )
    lines = [problem.split(":")[1] for problem in script_problems(code, "x.js")]
    assert lines == ["3", "4", "5", "8", "9"]
    text = (
        '<a href="#" onclick="x()">x</a>\n<script>alert(1)</script>\n<p style="c">'
        '{# <b onclick="fine"> #}<script type="application/json">{}</script>'
        '<script src="{{ x | url }}"></script>'
    )
    problems = template_problems(text, "t.html")
    assert [problem.split(":")[1] for problem in problems] == ["1", "3", "2"]
    assert "inline event handler" in problems[0]
    assert "style attribute" in problems[1]
    assert "inline script" in problems[2]


def test_templates_have_no_inline_handlers_scripts_or_styles():
    found = templates()
    assert found, "no templates under overrides/"
    problems = [
        problem
        for path in found
        for problem in template_problems(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert not problems, "\n".join(problems)


def test_scripts_never_turn_strings_into_html_or_code():
    found = scripts()
    assert found, "no scripts under overrides/assets/javascripts/"
    problems = [
        problem
        for path in found
        for problem in script_problems(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert not problems, (
        'use textContent and DOM methods instead (only `x.innerHTML = ""` is allowed):\n'
        + "\n".join(problems)
    )


# --- the policy, unit by unit --------------------------------------------------------------------


def test_source_hash_is_the_csp_sha256_of_the_script_text():
    assert csp.source_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    digest = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert csp.source_hash("alert(1)") == f"'sha256-{digest}'"


def test_only_allowed_executable_inline_scripts_are_hashed():
    html = (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
        "script-src 'self'; style-src 'self'\">"
        "<script>var a=1</script><script src=x.js></script>"
        '<script id="__config" type="application/json">{"search": "w.js"}</script>'
        '<script type="module">b()</script>'
    )
    assert csp.inline_scripts(html) == ["var a=1", "b()"]
    assert csp.search_worker_url(html) == "w.js"
    done = csp.complete_policy(html, allowed_scripts={"var a=1", "b()", "never()"})
    policy = csp.find_policy(done)
    assert policy is not None
    assert policy == (
        f"default-src 'self'; script-src 'self' {csp.source_hash('var a=1')} "
        f"{csp.source_hash('b()')}; style-src 'self'"
    )
    refused = csp.find_policy(csp.complete_policy(html, allowed_scripts={"b()"}))
    assert (
        refused
        == f"default-src 'self'; script-src 'self' {csp.source_hash('b()')}; style-src 'self'"
    )
    assert csp.unknown_scripts(html, {"b()"}) == ["var a=1"]
    assert csp.complete_policy("<p>no policy</p>") == "<p>no policy</p>"


def test_offline_policy_names_file_and_serve_allows_inline_scripts():
    policy = "default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'"
    offline = csp.extend_policy(policy, script_hashes=["'sha256-x'"], file_scheme=True)
    assert offline == (
        "default-src 'self' file:; script-src 'self' file: 'sha256-x'; "
        "img-src 'self' file: data:; object-src 'none'"
    )
    serving = csp.extend_policy(policy, script_hashes=["'sha256-x'"], unsafe_inline_scripts=True)
    assert "script-src 'self' 'unsafe-inline';" in serving
    assert "sha256" not in serving, "browsers ignore 'unsafe-inline' next to a hash"


def test_iframe_worker_bootstrap_is_rebuilt_from_the_shim():
    source = SHIM.read_text(encoding="utf-8")
    script = csp.iframe_worker_bootstrap(source, "../assets/javascripts/workers/w.js")
    assert script.startswith("postMessage=function ")
    assert ";importScripts=function " in script
    assert '{filename:"../assets/javascripts/workers/w.js",error}' in script
    assert "${" not in script
    with pytest.raises(csp.ShimFormatError):
        csp.iframe_worker_bootstrap(source.replace("importScripts=${", "importScripts=$("), "w")


def test_plugin_config_loads_and_refuses_wrong_types():
    plugin = QualityPlugin()
    assert plugin.load_config({}) == ([], [])
    assert plugin.config.content_security_policy is True
    errors, _ = QualityPlugin().load_config({"language_attributes": "yes"})
    assert [name for name, _ in errors] == ["language_attributes"]


def test_plugin_allows_the_templates_scripts_only_and_all_under_mkdocs_serve(caplog):
    """The hashes come from the templates, rendered in the page's context, never from the page:
    a script that content or a plugin put there is refused, and the build warns about it."""
    from jinja2 import DictLoader, Environment
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    config.load_dict({"site_name": "test", "extra": {}})
    env = Environment(loader=DictLoader({"main.html": "<p><script>x({{ n }})</script></p>"}))
    html = (
        '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">'
        '<a href="/" hreflang="en" class="md-select__link">English</a>'
        "<script>x(1)</script><script>evil()</script>"
        '<table><tr><td style="text-align: right;">1</td></tr></table>'
    )
    plugin = QualityPlugin()
    plugin.load_config({})
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(config)
    plugin.on_env(env, config=config, files=Files([]))
    plugin.on_template_context({"n": 1}, template_name="404.html", config=config)
    with caplog.at_level("WARNING"):
        built = plugin.on_post_template(html, template_name="404.html", config=config) or ""
    assert f"script-src 'self' {csp.source_hash('x(1)')}\"" in built
    assert csp.source_hash("evil()") not in built
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert "404.html: the page holds an inline script that no template writes" in warning
    assert "evil()" in warning
    assert "Fix:" in warning
    assert '<a lang="en" href="/"' in built
    assert '<td class="dxp-align-right">' in built
    plugin.on_startup(command="serve", dirty=False)
    served = plugin.on_post_template(html, template_name="404.html", config=config) or ""
    assert "script-src 'self' 'unsafe-inline'\"" in served
    assert plugin.on_post_template("x", template_name="sitemap.xml", config=config) == "x"


def test_template_scripts_are_the_executable_inline_ones():
    source = (
        '<script src="a.js"></script><script id="__config" type="application/json">{}</script>'
        '<script type="application/ld+json">{}</script><script>var a="{{ base_url }}"</script>'
        '<SCRIPT type="module">b()</SCRIPT >'
    )
    assert csp.template_scripts(source) == ['var a="{{ base_url }}"', "b()"]


# --- the policy in the built pages ---------------------------------------------------------------


def check_policies(site_dir: Path, *, offline: bool) -> list[str]:
    problems = []
    for relative in html_pages(site_dir):
        html = (site_dir / relative).read_text(encoding="utf-8")
        policies = re.findall(r"<meta\s+http-equiv=\"Content-Security-Policy\"", html)
        if len(policies) != 1:
            problems.append(f"{relative}: {len(policies)} CSP <meta> elements")
            continue
        policy = dict(csp.parse_policy(csp.find_policy(html) or ""))
        first_element = re.search(r"<head>\s*<(?!/)[^>]*>", html)
        if first_element is None or "Content-Security-Policy" not in first_element.group():
            problems.append(f"{relative}: the policy is not the first element of <head>")
        if html.find("<meta charset=") > 1024 - 30:
            problems.append(f"{relative}: <meta charset> is not within the first 1024 bytes")
        for name, expected in (("object-src", ["'none'"]), ("base-uri", ["'self'"])):
            if policy.get(name, [])[:1] != expected:
                problems.append(f"{relative}: {name} is {policy.get(name)}")
        for name, sources in policy.items():
            unsafe = [source for source in sources if source.startswith("'unsafe-")]
            if unsafe:
                problems.append(f"{relative}: {name} allows {unsafe}")
            if "*" in sources or "https:" in sources or "http:" in sources:
                problems.append(f"{relative}: {name} allows any host: {sources}")
            if ("file:" in sources) != (offline and "'self'" in sources):
                problems.append(f"{relative}: {name} {'lacks' if offline else 'has'} file:")
        hashes = {csp.source_hash(script) for script in csp.inline_scripts(html)}
        missing = hashes - set(policy.get("script-src", []))
        if missing:
            problems.append(f"{relative}: inline scripts not allowed: {missing}")
        if re.search(r"<[a-z][^>]*\sstyle=\"|<style\b", html):
            problems.append(f"{relative}: inline style, which style-src 'self' refuses")
    return problems


@pytest.mark.slow
def test_every_page_carries_the_strict_policy(playbook):
    problems = check_policies(playbook.site_dir, offline=False)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.slow
def test_every_offline_page_carries_the_file_policy(offline_playbook):
    problems = check_policies(offline_playbook.site_dir, offline=True)
    assert not problems, "\n".join(problems[:40])


# --- the site works under it ---------------------------------------------------------------------

RECORD_VIOLATIONS = """
(() => {
  const record = (event) => {
    const entry = [event.violatedDirective, event.blockedURI, (event.sample || "").slice(0, 60),
                   event.sourceFile, event.lineNumber].join(" | ");
    try { (window.top.__dxpCsp = window.top.__dxpCsp || []).push(entry); }
    catch (error) { (window.__dxpCsp = window.__dxpCsp || []).push(entry); }
  };
  document.addEventListener("securitypolicyviolation", record);
})();
"""

INLINE_CONTROL = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__dxpInlineRan = true";
  document.body.append(script);
  const blocked = window.__dxpInlineRan !== true;
  window.__dxpCsp = (window.__dxpCsp || []).filter((entry) => !entry.includes("inline |"));
  return blocked;
}"""


def exercise(page, base: str, site_dir: Path, language: str) -> list[str]:
    """Visit a page of each kind, search, tick a box and switch the colour scheme."""
    problems: list[str] = []
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    principle = first_page(site_dir, "principles/", language)
    chosen: dict[str, str] = {}
    for relative in html_pages(site_dir):
        if relative.startswith("en/") == (language == "en"):
            chosen.setdefault(relative.removeprefix("en/").split("/")[0], relative)
    for relative in [*sorted(chosen.values()), principle]:
        page.goto(page_url(base, relative))
        page.wait_for_load_state("load")
        problems += [f"{relative}: {entry}" for entry in page.evaluate("window.__dxpCsp || []")]
    # A checkbox ticks and stays ticked.
    box = page.locator("input.dxp-item__box").first
    box.check()
    page.reload()
    if not page.locator("input.dxp-item__box").first.is_checked():
        problems.append(f"{principle}: the tick was not kept under the policy")
    # The colour scheme a reader picks is restored by Material's (hashed) inline script.
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.reload()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if after == scheme:
        problems.append(f"{principle}: the chosen colour scheme was not restored after reload")
    # Search, through the worker (an iframe on file://).
    if open_search(page, SEARCH_QUERIES[language]) == 0:
        problems.append(f"{principle}: search shows no results under the policy")
    problems += [f"{principle}: {entry}" for entry in page.evaluate("window.__dxpCsp || []")]
    problems += [f"console: {text}" for text in console]
    # Control: the policy is really enforced on this page (its report is expected, not kept).
    if not page.evaluate(INLINE_CONTROL):
        problems.append(f"{principle}: an injected inline script ran: the policy is not enforced")
    return problems


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("language", ["ja", "en"])
def test_site_works_under_the_policy(context, playbook, playbook_url, language):
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = exercise(page, playbook_url, playbook.site_dir, language)
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("language", ["ja", "en"])
def test_offline_bundle_works_under_the_policy(context, offline_playbook, offline_url, language):
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = exercise(page, offline_url, offline_playbook.site_dir, language)
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_aligned_table_columns_get_a_class_not_a_style(tmp_path: Path):
    """Python-Markdown aligns a column with a style attribute on every cell, which the policy
    refuses; the built page has a class instead."""
    from tests.conftest import make_project, run_build

    table = "| Item | Count |\n|:-----|------:|\n| a | 1 |\n"
    files: dict[str, str | bytes] = {
        "ja/index.md": f"# ホーム\n\n{table}",
        "en/index.md": f"# Home\n\n{table}",
    }
    result = run_build(make_project(tmp_path, files))
    assert result.returncode == 0, result.output
    for page in ("index.html", "en/index.html"):
        html = result.read(page)
        assert '<td class="dxp-align-right">1</td>' in html
        assert '<th class="dxp-align-left">Item</th>' in html
        assert not re.search(r"<t[hd][^>]*\sstyle=", html)
