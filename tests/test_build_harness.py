"""``run_build`` in this process says what ``python -m mkdocs build`` says, and leaves the
process as it found it.

Most build tests run the build in the test process (tests/conftest.py ``_build_here``); this
file builds the same broken sites both ways and compares exit status and output, so that those
tests still fail where the command fails.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

import pytest
from tests.conftest import BuildResult, make_project, run_build
from tests.factories import pair

pytestmark = pytest.mark.build


def with_hook(project: Path, hook: str) -> Path:
    (project / "hook.py").write_text(hook, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "hooks:\n- hook.py\n", encoding="utf-8")
    return project


def both_ways(
    tmp_path: Path,
    files: dict[str, str | bytes],
    *,
    hook: str = "",
    strict: bool = True,
    **config: object,
) -> list[BuildResult]:
    """The same project built by the command and here, each in a project folder of its own."""
    results: list[BuildResult] = []
    for name, in_process in (("command", False), ("here", True)):
        project = make_project(tmp_path / name, files, **config)
        if hook:
            with_hook(project, hook)
        results.append(run_build(project, strict=strict, in_process=in_process))
    return results


def lines(result: BuildResult) -> list[str]:
    """The output without what differs from one run to the next (folders, timings)."""
    text = result.output.replace(str(result.project_dir), "<project>")
    return [line for line in text.splitlines() if "Documentation built in" not in line]


def test_a_warning_fails_the_strict_build_the_same_way(tmp_path: Path):
    files = pair("sample")
    files["ja/index.md"] += "\n[どこにもない](missing.md)\n"
    command, here = both_ways(tmp_path, files)
    assert command.returncode == here.returncode == 1
    assert here.warnings, here.output
    assert here.warnings == command.warnings
    assert "warnings in strict mode!" in here.output
    assert lines(here) == lines(command)


def test_without_strict_the_warning_is_only_said(tmp_path: Path):
    files = pair("sample")
    files["ja/index.md"] += "\n[どこにもない](missing.md)\n"
    command, here = both_ways(tmp_path, files, strict=False)
    assert command.returncode == here.returncode == 0
    assert here.warnings, here.output
    assert "in strict mode" not in here.output
    assert lines(here) == lines(command)


def test_an_exception_is_a_traceback_and_exit_status_1(tmp_path: Path):
    hook = "def on_page_markdown(markdown, page, config, files):\n    raise RuntimeError('boom')\n"
    command, here = both_ways(tmp_path, pair("sample"), hook=hook)
    assert command.returncode == here.returncode == 1
    for result in (command, here):
        assert "Traceback (most recent call last):" in result.output
        assert result.output.rstrip().endswith("RuntimeError: boom")


def test_a_configuration_error_aborts_the_same_way(tmp_path: Path):
    command, here = both_ways(tmp_path, pair("sample"), plugins=["no-such-plugin"])
    assert command.returncode == here.returncode == 1
    assert 'The "no-such-plugin" plugin is not installed' in here.output
    assert "Aborted with a configuration error!" in here.output
    assert "Traceback" not in here.output
    assert lines(here) == lines(command)


def test_verbose_shows_debug_lines(tmp_path: Path):
    quiet = run_build(make_project(tmp_path / "quiet", pair("sample")))
    verbose = run_build(make_project(tmp_path / "verbose", pair("sample")), verbose=True)
    assert quiet.returncode == verbose.returncode == 0, verbose.output
    assert not any(line.startswith("DEBUG") for line in quiet.output.splitlines())
    assert any(line.startswith("DEBUG") for line in verbose.output.splitlines())


def test_a_build_here_leaves_the_process_as_it_found_it(tmp_path: Path, monkeypatch):
    import mkdocs.utils
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    logger = logging.getLogger("mkdocs")
    build_logger = logging.getLogger("mkdocs.commands.build")
    before = (
        dict(os.environ),
        Path.cwd(),
        logger.level,
        logger.propagate,
        list(logger.handlers),
        list(build_logger.filters),
        list(logging.root.handlers),
        dict(MkDocsConfig.plugins.plugin_cache),
        mkdocs.utils.clean_directory,
        gc.get_freeze_count(),
    )
    # A warning in the second language's pass: static-i18n's build of it fails and leaves its
    # replacement of clean_directory and its log filter behind, which this must undo.
    files = pair("sample")
    files["en/index.md"] += "\n[nowhere](missing.md)\n"
    hook = "def on_page_markdown(markdown, page, config, files):\n    return markdown\n"
    project = with_hook(make_project(tmp_path, files), hook)
    result = run_build(project, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 1, result.output
    assert "Aborted with 1 warnings in strict mode!" in result.output
    assert "hook" not in sys.modules
    after = (
        dict(os.environ),
        Path.cwd(),
        logger.level,
        logger.propagate,
        list(logger.handlers),
        list(build_logger.filters),
        list(logging.root.handlers),
        dict(MkDocsConfig.plugins.plugin_cache),
        mkdocs.utils.clean_directory,
        gc.get_freeze_count(),
    )
    assert after == before


def test_the_same_docs_folder_is_never_built_here_twice(tmp_path: Path):
    project = make_project(tmp_path, pair("sample"))
    assert run_build(project).returncode == 0
    with pytest.raises(pytest.fail.Exception, match="in_process=False"):
        run_build(project, site_dir=tmp_path / "again")
    again = run_build(project, site_dir=tmp_path / "again", in_process=False)
    assert again.returncode == 0, again.output
