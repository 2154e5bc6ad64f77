"""``mkdocs serve``: a save rebuilds the site, and what our plugins remember between rebuilds
(the glossary's annotated pages) never shows a reader an old page."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from tests.conftest import BUILD_ENV, ROOT

EDITED = "docs/ja/principles/leave-no-one-behind.md"
UNCHANGED = "principles/use-hidden-talent/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(process: subprocess.Popen[str], marker: str, timeout: float = 120) -> None:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        if marker in line:
            return
        if time.monotonic() > deadline:
            break
    pytest.fail(f"mkdocs serve never said {marker!r}")


@pytest.mark.slow
def test_a_save_under_serve_rebuilds_with_tooltips_and_without_stale_pages(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", "site", "dist", ".git", "node_modules", "build"),
    )
    # The npm dependencies the build ships (fflate for the dashboard's workbooks).
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=BUILD_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(process, "Serving on")
        base = f"http://127.0.0.1:{port}/"
        before = _fetch(base + UNCHANGED)
        assert 'class="dxp-term__tip"' in before

        page = project / EDITED
        page.write_text(
            page.read_text(encoding="utf-8") + "\n保存後の追記です。ICTの使い方を確かめます。\n",
            encoding="utf-8",
        )
        _wait_for(process, "Reloading browsers")

        edited = _fetch(base + "principles/leave-no-one-behind/")
        assert "保存後の追記です。" in edited
        assert 'class="dxp-term__tip"' in edited
        # An unchanged page comes back as it was: tooltips in place, built by this rebuild
        # (the edition stamp in the footer is the same, the page is whole).
        after = _fetch(base + UNCHANGED)
        assert after.count('class="dxp-term__tip"') == before.count('class="dxp-term__tip"')
        assert after.endswith("</html>\n") or after.rstrip().endswith("</html>")
    finally:
        process.terminate()
        process.wait(timeout=30)
