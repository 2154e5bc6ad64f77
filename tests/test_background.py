"""The helper process (dx_playbook.core.background): same files, used only where it helps."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from concurrent.futures import Future
from pathlib import Path

import pytest
from tests.conftest import copy_project, run_build

from dx_playbook.core import background
from dx_playbook.core.background import Helper, result_or_run


def test_the_helper_runs_for_large_builds_on_several_cores_only(monkeypatch):
    helper = Helper()
    monkeypatch.setattr(background, "usable_cores", lambda: 2)
    monkeypatch.delenv(background.SWITCH, raising=False)
    helper.allow("build")
    assert helper.active
    assert helper.worth_it(background.MIN_PAGES)
    assert not helper.worth_it(background.MIN_PAGES - 1)
    monkeypatch.setenv(background.SWITCH, "1")
    assert helper.worth_it(1)
    monkeypatch.delenv(background.SWITCH)
    helper.allow("serve")  # rebuilds are small; a process per rebuild would cost more
    assert not helper.active
    assert helper.submit(len, "abc") is None
    monkeypatch.setenv(background.SWITCH, "0")
    helper.allow("build")
    assert not helper.active
    monkeypatch.delenv(background.SWITCH)
    monkeypatch.setattr(background, "usable_cores", lambda: 1)
    helper.allow("gh-deploy")
    assert not helper.active


def test_without_a_result_the_work_is_done_here():
    assert result_or_run(None, len, "abcd") == 4
    failed: Future[int] = Future()
    failed.set_exception(RuntimeError("the helper process died"))
    assert result_or_run(failed, len, "abcd") == 4
    done: Future[int] = Future()
    done.set_result(7)
    assert result_or_run(done, len, "abcd") == 7


def test_a_mistake_in_the_work_reads_the_same_with_or_without_the_helper():
    failed: Future[int] = Future()
    failed.set_exception(ValueError("bad glossary"))
    with pytest.raises(TypeError):  # run here again: the error of the work itself
        result_or_run(failed, len, 5)


def test_the_helper_never_runs_the_script_that_started_the_build(tmp_path: Path):
    """A script without an ``if __name__ == "__main__"`` guard must not run twice."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            from dx_playbook.core.background import HELPER
            print("script ran", flush=True)
            HELPER.allow("build")
            future = HELPER.submit(os.getpid)
            assert future is not None, "no helper"
            print("helper pid differs:", future.result() != os.getpid(), flush=True)
            HELPER.stop()
            """
        ),
        encoding="utf-8",
    )
    if background.usable_cores() < 2:
        pytest.skip("one core: the helper is not used")
    completed = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, background.SWITCH: "1"},
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.count("script ran") == 1, completed.stdout
    assert "helper pid differs: True" in completed.stdout


@pytest.mark.slow
def test_the_site_is_the_same_bytes_with_or_without_the_helper(tmp_path: Path):
    if background.usable_cores() < 2:
        pytest.skip("one core: the helper is not used")
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    # The real playbook is smaller than MIN_PAGES: "1" uses the helper however small the site.
    fixed = {"SOURCE_DATE_EPOCH": "1767225600", background.SWITCH: "1"}
    helped = run_build(project, env=fixed, site_dir=tmp_path / "helped", verbose=True)
    assert helped.returncode == 0, helped.output
    assert "pages finished in a helper process" in helped.output
    alone = run_build(
        project, env={**fixed, background.SWITCH: "0"}, site_dir=tmp_path / "alone", verbose=True
    )
    assert alone.returncode == 0, alone.output
    assert "pages finished in a helper process" not in alone.output

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    helped_files, alone_files = files(helped.site_dir), files(alone.site_dir)
    assert sorted(helped_files) == sorted(alone_files)
    different = [name for name in helped_files if helped_files[name] != alone_files[name]]
    assert not different, different[:5]
    # And the work was there to do: every plugin's steps on the pages, and the downloads.
    principle = helped_files["principles/use-hidden-talent/index.html"]
    for added in (b'class="dxp-term__tip"', b'class="dxp-lead"', b'id="dxp-handout"'):
        assert added in principle, added
    assert b'class="dxp-credit"' in principle
    assert b'class="dxp-item"' in principle
    assert b'class="dxp-source"' in principle
    assert any(name.endswith(".xlsx") for name in helped_files)
