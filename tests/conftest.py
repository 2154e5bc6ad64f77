"""Shared fixtures: small sites built in ``tmp_path``, the real playbook, and a real browser."""

from __future__ import annotations

import contextlib
import functools
import gc
import http.server
import io
import logging
import os
import shutil
import subprocess
import sys
import threading
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from dx_playbook.core.text import catalogue

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("DXP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Nothing leaves the machine: every request but those to 127.0.0.1 (which Chromium never
    # sends through a proxy) goes to a proxy that is not there, and fails. The tests record
    # each request from its "request" event; intercepting them all (context.route) to refuse
    # the external ones had made every page load a quarter of a second slower.
    "--proxy-server=http://127.0.0.1:9",
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

    def search_docs(self, *languages: str) -> list[dict]:
        """The search index's documents, as each language's worker holds them."""
        from dx_playbook.core.search.search_worker import worker_parts, worker_path

        return [
            doc
            for lang in languages or ("ja", "en")
            for doc in worker_parts(self.read(worker_path(lang)))[1]
        ]


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
    in_process: bool = True,
) -> BuildResult:
    """``mkdocs build -f <config_file> -d <site_dir> [--strict] [--verbose]`` in ``project_dir``.

    By default the build runs in this process, as the command would (:func:`_build_here`):
    starting Python, importing MkDocs, Material and the plugins and compiling the theme's
    templates again for every small site was most of each build's time. ``in_process=False``
    runs the real command in a new process: for the real playbook's end-to-end builds, and for
    tests that need a process of their own (the environment a process starts with, a second
    build of the same docs folder, reproducibility across processes).
    """
    site_dir = site_dir or project_dir / "site"
    if in_process:
        returncode, output = _build_here(
            project_dir,
            strict=strict,
            config_file=config_file,
            env=env or {},
            site_dir=site_dir,
            verbose=verbose,
        )
        return BuildResult(returncode, output, site_dir, project_dir)
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


#: The docs folders built in this process. Our plugins keep the site model read from a docs
#: folder for the rest of a ``mkdocs build`` process (``site_for``'s ``_cache`` in
#: ``dx_playbook.mkdocs_plugins.builds``, with no fingerprint once ``on_startup`` said
#: ``build``): a second build of the same folder here would get the first build's model and
#: not report its problems again. Such a test builds in new processes (``in_process=False``).
_BUILT_HERE: set[Path] = set()


class _LastResort(logging.Handler):
    """What Python prints for a record no handler takes (``logging.lastResort``): a build
    process has no handler but MkDocs' own; here, pytest's take every record."""

    def __init__(self, stream: io.StringIO) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != "mkdocs" and not record.name.startswith("mkdocs."):
            self.stream.write(f"{record.getMessage()}\n")


@contextlib.contextmanager
def _as_in_a_new_process(project_dir: Path, env: dict[str, str]) -> Iterator[None]:
    """Run the block with the process state ``mkdocs build`` starts with, and put back after it
    everything that a build changes in the process: the environment, the working folder,
    MkDocs' loggers (levels, handlers, filters), MkDocs' cache of plugin instances (kept across
    builds for ``mkdocs serve``) and of hook modules, the catalogues a project's ``locales/`` brought, the project's hook modules in
    ``sys.modules``, ``mkdocs.utils.clean_directory`` (static-i18n replaces it for
    its second language and does not put it back when that build fails) and frozen objects
    (our plugins ``gc.freeze()`` the site model for the rest of a ``mkdocs build`` process)."""
    import mkdocs.commands.build
    import mkdocs.utils
    from mkdocs.config.defaults import MkDocsConfig

    environ = dict(os.environ)
    cwd = Path.cwd()
    loggers = {
        name: (logger, logger.level, logger.propagate, logger.disabled)
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and (name == "mkdocs" or name.startswith("mkdocs."))
    }
    handlers = {name: list(entry[0].handlers) for name, entry in loggers.items()}
    filters = {name: list(entry[0].filters) for name, entry in loggers.items()}
    root_handlers = list(logging.root.handlers)
    plugin_cache = dict(MkDocsConfig.plugins.plugin_cache)
    clean_directory = mkdocs.utils.clean_directory
    frozen = gc.get_freeze_count()
    catalogues = catalogue.registered()
    modules = set(sys.modules)
    MkDocsConfig.plugins.plugin_cache.clear()
    MkDocsConfig.hooks._load_hook.cache_clear()
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **env})
    os.chdir(project_dir)
    try:
        yield
    finally:
        os.chdir(cwd)
        for name in set(os.environ) - set(environ):
            del os.environ[name]
        os.environ.update(environ)
        for name, logger in list(logging.root.manager.loggerDict.items()):
            if not isinstance(logger, logging.Logger) or not (
                name == "mkdocs" or name.startswith("mkdocs.")
            ):
                continue
            if name in loggers:
                _, level, propagate, disabled = loggers[name]
                logger.setLevel(level)
                logger.propagate, logger.disabled = propagate, disabled
                logger.handlers[:], logger.filters[:] = handlers[name], filters[name]
            else:  # made during the build: as a new logger is
                logger.setLevel(logging.NOTSET)
                logger.propagate, logger.disabled = True, False
                logger.handlers[:], logger.filters[:] = [], []
        logging.root.handlers[:] = root_handlers
        MkDocsConfig.plugins.plugin_cache.clear()
        MkDocsConfig.plugins.plugin_cache.update(plugin_cache)
        MkDocsConfig.hooks._load_hook.cache_clear()
        for name in set(sys.modules) - modules:  # the project's hooks
            module_file = getattr(sys.modules[name], "__file__", None)
            if module_file and Path(module_file).resolve().is_relative_to(project_dir.resolve()):
                del sys.modules[name]
        mkdocs.utils.clean_directory = clean_directory
        catalogue.restore(catalogues)
        if not frozen:
            gc.unfreeze()


def _build_here(
    project_dir: Path,
    *,
    strict: bool,
    config_file: str,
    env: dict[str, str],
    site_dir: Path,
    verbose: bool,
) -> tuple[int, str]:
    """What ``python -m mkdocs build`` does (``mkdocs.__main__``: ``State``, ``_enable_warnings``,
    ``build_command``, then click's handling of errors), in this process: its exit status, and
    its standard output followed by its standard error, as :func:`run_build` reads them from the
    command. Strict mode is MkDocs' own: ``load_config(strict=True)``, then the build counts
    warnings and raises ``Abort`` at the end."""
    import click
    from mkdocs import utils
    from mkdocs.__main__ import _showwarning
    from mkdocs.commands import build
    from mkdocs.config import load_config

    stdout, stderr = io.StringIO(), io.StringIO()
    returncode = 0
    with (
        _as_in_a_new_process(project_dir, env),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        warnings.catch_warnings(),
    ):
        # mkdocs.__main__.State: the "mkdocs" logger at INFO (DEBUG with --verbose), printing
        # to standard error without colours (not a terminal), and nothing else.
        logger = logging.getLogger("mkdocs")
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
        logger.propagate = False
        stream = logging.StreamHandler(stderr)
        stream.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        logger.addHandler(stream)
        logging.root.addHandler(_LastResort(stderr))
        # mkdocs.__main__._enable_warnings
        if not sys.warnoptions:
            build.log.addFilter(utils.DuplicateFilter())
            warnings.simplefilter("module", DeprecationWarning)
            warnings.showwarning = _showwarning
        try:
            config = load_config(
                config_file=str(project_dir / config_file),
                strict=True if strict else None,
                site_dir=str(site_dir),
            )
            docs_dir = Path(config.docs_dir).resolve()
            if docs_dir in _BUILT_HERE:
                pytest.fail(
                    f"{docs_dir} was built in this process already: the plugins would use the "
                    "site they read then. Build it with run_build(..., in_process=False)."
                )
            _BUILT_HERE.add(docs_dir)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build.build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
        except click.ClickException as error:  # mkdocs' Abort among them: click's main()
            error.show()
            returncode = error.exit_code
        except SystemExit as error:
            if error.code is None or isinstance(error.code, int):
                returncode = error.code or 0
            else:
                print(error.code, file=sys.stderr)
                returncode = 1
        except Exception as error:  # what Python prints for an exception nothing caught
            stderr.write("".join(traceback.format_exception(error)))
            returncode = 1
    return returncode, stdout.getvalue() + stderr.getvalue()


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
    # The real glossary, not the real checklist data (it names the real pages' items).
    if not (project / "data").exists():
        (project / "data").mkdir()
        (project / "data/glossary.yml").symlink_to(ROOT / "data/glossary.yml")
    for extra in ("glossary", "node_modules"):
        if (ROOT / extra).exists() and not (project / extra).exists():
            (project / extra).symlink_to(ROOT / extra)
    (project / "mkdocs.yml").write_text(yaml.dump(settings, allow_unicode=True), encoding="utf-8")
    return project


def build_edition(project: Path, slug: str) -> None:
    """Make ``project`` (from :func:`make_project`, whose config holds the edition that the
    real one read from ``DXP_EDITION`` when it was loaded) build the town's edition ``slug``."""
    config = project / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    for entry in settings["plugins"]:
        if isinstance(entry, dict) and "dx-playbook/editions" in entry:
            entry["dx-playbook/editions"]["edition"] = slug
    config.write_text(yaml.dump(settings, allow_unicode=True), encoding="utf-8")


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
    result = run_build(copy_project(tmp_path_factory.mktemp("playbook")), in_process=False)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def offline_playbook(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real playbook built as the offline bundle (``file://`` URLs, no directory URLs)."""
    project = copy_project(tmp_path_factory.mktemp("offline"))
    result = run_build(project, env={"DXP_OFFLINE": "true"}, in_process=False)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def mihon(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example edition (``editions/mihon/``) of the real playbook, built strict as the
    offline bundle (its pages are files: ``principles/x.html``), with its zip in ``dist/``."""
    project = copy_project(tmp_path_factory.mktemp("mihon"))
    shutil.copytree(ROOT / "editions", project / "editions")
    env = {"DXP_EDITION": "mihon", "DXP_OFFLINE": "true"}
    result = run_build(project, env=env, in_process=False)
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


def recorded_context(browser, requests_log: RequestLog):
    """A new browser profile whose requests are recorded in ``requests_log``; the browser
    refuses the non-local ones (see :data:`CHROMIUM_ARGS`)."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})

    def record(request) -> None:
        requests_log.all.append(request.url)
        if not is_local(request.url):
            requests_log.external.append(request.url)

    context.on("request", record)
    return context


def new_page(context):
    """A tab of ``context`` whose uncaught errors are listed in ``page.js_errors``."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture
def context(browser, requests_log: RequestLog):
    """A fresh browser profile whose requests are recorded; non-local ones are blocked."""
    context = recorded_context(browser, requests_log)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return new_page(context)


class SharedTab:
    """One tab that the tests of a module take in turn, each with the origin's storage and the
    tab's error list emptied and a new document: for modules whose tests each do one thing
    to one page (a new profile is most of a second; a new document in a warm one, a third).

    A test that fails may leave the tab unable to answer (a page that hangs): the next test
    then gets a new profile and tab."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.context = None
        self.page = None
        self.requests_log = RequestLog()
        #: Whether the last test that took the tab failed (or has not finished).
        self.failed = False

    def take(self, origin: str | None, *, renew: bool):
        """The tab, for the next test; ``origin``: the one whose storage is emptied (None for
        tests that only write documents of their own with ``set_content``)."""
        if renew or self.page is None:
            self.close()
            self.requests_log = RequestLog()
            self.context = recorded_context(self.browser, self.requests_log)
            self.page = new_page(self.context)
            return self.page
        if origin is None:
            # A new window: set_content() writes into the same one, globals and all.
            self.page.goto("about:blank")
        else:
            session = self.context.new_cdp_session(self.page)
            try:
                session.send(
                    "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"}
                )
            finally:
                session.detach()
        self.page.js_errors.clear()
        self.requests_log.all.clear()
        self.requests_log.external.clear()
        return self.page

    @contextlib.contextmanager
    def lend(self, origin: str | None, request: pytest.FixtureRequest) -> Iterator[object]:
        """The tab for the test of ``request`` (see :meth:`take`); a new profile for the next
        test if this one fails."""
        page = self.take(origin, renew=self.failed)
        self.failed = True  # until this test has passed
        yield page
        report = getattr(request.node, "rep_call", None)
        self.failed = report is None or report.failed

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
        self.context = self.page = None


@pytest.fixture(scope="module")
def shared_tab(browser) -> Iterator[SharedTab]:
    """One :class:`SharedTab` per test module that asks for it."""
    shared = SharedTab(browser)
    yield shared
    shared.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on its test (``item.rep_call``), for fixtures that look back."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def real_site():
    """The real playbook's content model (read, not built)."""
    from dx_playbook.core.authoring.load import load_site

    return load_site(ROOT / "docs")


@pytest.fixture
def print_page(browser):
    """A page for printing many pages quickly: no request recording (other tests do that)."""
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
