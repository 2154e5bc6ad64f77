"""Shared fixtures: small sites built in ``tmp_path``, the real playbook, and a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("DXP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass
class BuildResult:
    returncode: int
    output: str
    site_dir: Path
    project_dir: Path

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith("WARNING")]

    def read(self, path: str) -> str:
        return (self.site_dir / path).read_text(encoding="utf-8")


def project_config(**overrides: object) -> dict:
    """The real ``mkdocs.yml`` as a dict, with ``overrides`` applied at the top level."""
    from mkdocs.utils.yaml import get_yaml_loader

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=get_yaml_loader())
    config.update(overrides)
    return config


def run_build(
    project_dir: Path,
    *,
    strict: bool = True,
    config_file: str = "mkdocs.yml",
    env: dict[str, str] | None = None,
    site_dir: Path | None = None,
    verbose: bool = False,
) -> BuildResult:
    site_dir = site_dir or project_dir / "site"
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(project_dir / config_file),
        "-d",
        str(site_dir),
    ]
    if strict:
        command.append("--strict")
    if verbose:
        command.append("--verbose")
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**BUILD_ENV, **(env or {})},
        cwd=project_dir,
        timeout=600,
        check=False,
    )
    return BuildResult(
        completed.returncode, completed.stdout + completed.stderr, site_dir, project_dir
    )


def make_project(tmp_path: Path, files: dict[str, str | bytes], **config: object) -> Path:
    """A project in ``tmp_path``: the real config and theme, with ``files`` as its docs."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    for name, content in files.items():
        path = project / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    settings = project_config(docs_dir="docs", **config)
    if "nav" not in config:
        # Small sites get MkDocs' automatic navigation: the real nav names the real pages.
        settings.pop("nav", None)
    settings["theme"]["custom_dir"] = str(ROOT / "overrides")
    for extra in ("data", "glossary"):
        if (ROOT / extra).exists() and not (project / extra).exists():
            (project / extra).symlink_to(ROOT / extra)
    (project / "mkdocs.yml").write_text(yaml.dump(settings, allow_unicode=True), encoding="utf-8")
    return project


@pytest.fixture
def build_site(tmp_path: Path):
    """Build a small site from ``{path: text}`` and return its :class:`BuildResult`."""

    def build(
        files: dict[str, str | bytes], *, strict: bool = True, **config: object
    ) -> BuildResult:
        return run_build(make_project(tmp_path, files, **config), strict=strict)

    return build


def copy_project(project: Path) -> Path:
    """A copy of the real project (config, docs, theme, data) in ``project``."""
    for name in ("mkdocs.yml", "docs", "overrides", "data", "glossary", "package.json"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)
    if (ROOT / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


@pytest.fixture(scope="session")
def playbook(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real playbook, built once per test session in strict mode."""
    result = run_build(copy_project(tmp_path_factory.mktemp("playbook")))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def offline_playbook(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real playbook built as the offline bundle (``file://`` URLs, no directory URLs)."""
    project = copy_project(tmp_path_factory.mktemp("offline"))
    result = run_build(project, env={"DXP_OFFLINE": "true"})
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def offline_url(offline_playbook: BuildResult) -> str:
    """``file://`` URL of the offline build's folder, ending with a slash."""
    return offline_playbook.site_dir.as_uri() + "/"


@pytest.fixture(scope="session")
def offline_bundle(offline_playbook: BuildResult) -> Path:
    """The zip that the offline build wrote: ``dist/dx-playbook-<version>-offline.zip``."""
    from dx_playbook import __version__

    path = offline_playbook.project_dir / "dist" / f"dx-playbook-{__version__}-offline.zip"
    assert path.is_file(), f"the offline build wrote no {path.name}:\n{offline_playbook.output}"
    return path


@pytest.fixture(scope="session")
def unzipped_bundle(offline_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline zip unzipped into a fresh folder: the folder that holds ``index.html``."""
    import zipfile

    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_bundle) as archive:
        archive.extractall(target)
    (root,) = target.iterdir()
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1 on a free port; returns the server and its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def playbook_url(playbook: BuildResult) -> Iterator[str]:
    """Base URL of the real playbook served on 127.0.0.1."""
    server, url = serve(playbook.site_dir)
    yield url
    server.shutdown()


@dataclass
class RequestLog:
    """Every request a page tried to make outside 127.0.0.1 and ``file:``; those are blocked."""

    external: list[str] = field(default_factory=list)
    all: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    return parsed.scheme in ("http", "https", "ws") and parsed.hostname == "127.0.0.1"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright (Playwright cannot download browsers here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def requests_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def context(browser, requests_log: RequestLog):
    """A fresh browser profile whose requests are recorded; non-local ones are blocked."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})

    def route(route_request) -> None:
        url = route_request.request.url
        requests_log.all.append(url)
        if is_local(url):
            route_request.continue_()
        else:
            requests_log.external.append(url)
            route_request.abort()

    context.route("**/*", route)
    context.on(
        "request",
        lambda request: (
            None
            if is_local(request.url) or request.url in requests_log.external
            else requests_log.external.append(request.url)
        ),
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return page
