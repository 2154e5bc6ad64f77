"""Content that tries every injection we know runs no script and makes no request, in Chromium.

The page is built without ``--strict`` (the strict build refuses it, which the bad-input corpus
checks), so that what reaches a reader, were a warning missed, is what is tested: the
sanitizer's output under the Content-Security-Policy. Every address in the page points at a
logging server on 127.0.0.1, on another port than the site's; any request it receives, any
dialog and any CSP violation fails the test.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import make_project, run_build, serve
from tests.factories import pair

pytestmark = [pytest.mark.browser, pytest.mark.build]

RECORD_VIOLATIONS = """
window.__dxpViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__dxpViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


class _Logger(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def _record(self) -> None:
        self.hits.append(f"{self.command} {self.path}")
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = _record  # noqa: N815 - the standard library's names

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def logger() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_Logger,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def hostile_body(log: str) -> str:
    return f"""
<script>alert("script")</script>

<script src="{log}/script.js"></script>

<img src="{log}/img.png" alt="x" onerror="alert('onerror')">

![tracker]({log}/markdown-img.png)

<meta http-equiv="refresh" content="0;url={log}/refresh">

<link rel="stylesheet" href="{log}/style.css">

<link rel="prefetch" href="{log}/prefetch">

<iframe src="{log}/frame"></iframe>

<object data="{log}/object"></object>

<embed src="{log}/embed">

<svg onload="alert('svg')"><image href="{log}/svg-image.png"/></svg>

<style>@import url("{log}/import.css");</style>

<base href="{log}/">

<a id="ping" href="#ping" ping="{log}/ping">ping</a>

[javascript link](javascript:alert('href'))
{{: #js-link }}

Click me.
{{: #handler onclick="alert('onclick')" onmouseover="alert('over')" }}

<form id="form" action="{log}/form" method="post"><button id="submit">send</button></form>

<details open ontoggle="alert('toggle')"><summary>s</summary>d</details>

<div style="background:url({log}/style-attr.png)">styled</div>

<input type="image" src="{log}/input.png">

<video poster="{log}/poster.png" src="{log}/video.mp4"></video>
"""


@pytest.fixture
def hostile_site(tmp_path: Path, logger: tuple[str, list[str]]) -> Iterator[tuple[str, Path]]:
    log, _ = logger
    files: dict[str, str | bytes] = dict(pair("sample"))
    title = f"'</title><script>alert(\"title\")</script><img src={log}/title.png>'"
    for lang in ("ja", "en"):
        files[f"{lang}/hostile.md"] = (
            f'---\ntitle: {title}\ndescription: \'" http-equiv="refresh" content="0;url={log}/d\'\n'
            f"---\n\n# Hostile\n{hostile_body(log)}"
        )
    # A theme script replaced from docs/: refused, so the theme's own is served.
    files["assets/javascripts/dxp-site.js"] = "alert('replaced');\n"
    project = make_project(tmp_path, files)
    result = run_build(project, strict=False)
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    server, url = serve(result.site_dir)
    yield url, result.site_dir
    server.shutdown()


def test_hostile_content_runs_no_script_and_requests_nothing(
    hostile_site: tuple[str, Path], logger: tuple[str, list[str]], context, page
):
    url, site_dir = hostile_site
    _, hits = logger
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    context.add_init_script(RECORD_VIOLATIONS)
    for path in ("hostile/", "en/hostile/"):
        page.goto(url + path)
        page.wait_for_load_state("load")
        page.click("#handler")
        page.hover("#handler")
        page.click("#ping")
        page.click("#js-link")
        page.click("#submit")
        page.wait_for_load_state("load")
        page.goto(url + path)
        page.wait_for_timeout(600)  # a meta refresh of 0 s would have left by now
        assert page.url == url + path
        violations = page.evaluate("window.__dxpViolations")
        assert violations == [], violations
    assert dialogs == []
    assert hits == []
    assert page.js_errors == []
    assert "alert('replaced')" not in (site_dir / "assets/javascripts/dxp-site.js").read_text()


def test_a_script_no_template_writes_is_refused_by_the_policy(tmp_path: Path, context, page):
    """Past the sanitizer (here, a hook that writes into every page), the CSP still holds."""
    project = make_project(tmp_path, dict(pair("sample")))
    (project / "inject.py").write_text(
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<script>alert(\"hook\")</script></body>')\n",
        encoding="utf-8",
    )
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "hooks:\n- inject.py\n", encoding="utf-8")
    # The same docs folder built twice, with a hook module: each build a process of its own.
    result = run_build(project, strict=False, in_process=False)
    assert result.returncode == 0, result.output
    assert "the page holds an inline script that no template writes" in result.output
    strict = run_build(project, site_dir=tmp_path / "strict", in_process=False)
    assert strict.returncode != 0
    server, url = serve(result.site_dir)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page.goto(url + "principles/sample/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        violations = page.evaluate("window.__dxpViolations")
    finally:
        server.shutdown()
    assert dialogs == []
    assert violations == ["script-src-elem inline"]
