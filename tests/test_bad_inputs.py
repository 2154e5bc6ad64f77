"""The bad-input corpus: one small broken site per case under tests/bad_inputs/.

Each case either fails the strict build with exactly one clear line about the broken file
(naming it, saying what is wrong and how to fix it), or, where the input is legitimate,
builds. Never a traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from tests.conftest import build_edition, make_project, run_build
from tests.factories import pair

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(path.name for path in CORPUS.iterdir() if (path / "case.yml").exists())

pytestmark = pytest.mark.build


def build_case(tmp_path: Path, case: Path, edition: str = ""):
    """The case's ``docs/`` built strict (with ``edition``: its ``editions/`` beside them, and
    that town's edition merged in)."""
    project = make_project(tmp_path, {})
    shutil.rmtree(project / "docs")
    shutil.copytree(case / "docs", project / "docs")
    if (case / "editions").is_dir():
        shutil.copytree(case / "editions", project / "editions")
    if edition:
        build_edition(project, edition)
    return run_build(project)


def check_case(
    docs: Path, capsys: pytest.CaptureFixture[str], edition: str = ""
) -> tuple[int, list[str]]:
    """``dx-playbook check`` on ``docs``, in this process: its exit code and its lines."""
    from dx_playbook.cli import main

    capsys.readouterr()
    code = main(["check", "--docs", str(docs), *(["--edition", edition] if edition else [])])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def one_matching_line(lines: list[str], spec: dict) -> list[str]:
    about_file = [line for line in lines if spec["path"] in line]
    return [line for line in about_file if all(text in line for text in spec["expect"])]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_case(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """The strict build and ``dx-playbook check`` say the same one line about each case."""
    spec = yaml.safe_load((CORPUS / case / "case.yml").read_text(encoding="utf-8"))
    edition = spec.get("edition", "")
    result = build_case(tmp_path, CORPUS / case, edition)
    assert "Traceback" not in result.output
    code, checked = check_case(result.project_dir / "docs", capsys, edition)
    assert not any("Traceback" in line for line in checked)
    if spec["builds"]:
        assert result.returncode == 0, result.output
        assert not result.warnings, result.output
        assert code == 0, "\n".join(checked)
        return
    assert result.returncode != 0, result.output
    matching = one_matching_line(result.warnings, spec)
    assert len(matching) == 1, f"{case}: expected one line with {spec['expect']}:\n{result.output}"
    assert "Fix:" in matching[0]
    assert code != 0, "\n".join(checked)
    from_check = one_matching_line(checked, spec)
    assert len(from_check) == 1, f"{case}: check gave:\n" + "\n".join(checked)
    assert "Fix:" in from_check[0]


def test_one_megabyte_page_is_refused_in_one_line(tmp_path: Path):
    files = pair("sample")
    files["ja/big.md"] = "# 大きなページ\n\n" + ("あいうえお" * 20 + "\n\n") * 3500
    files["en/big.md"] = "# Big page\n\nText.\n"
    project = make_project(tmp_path, files)
    assert (project / "docs/ja/big.md").stat().st_size > 1_000_000
    result = run_build(project)
    assert result.returncode != 0
    lines = [line for line in result.warnings if "docs/ja/big.md" in line]
    assert len(lines) == 1, result.output
    assert "over the 512 KB limit" in lines[0]


def test_hostile_html_is_escaped_in_generated_outputs(tmp_path: Path):
    """Front-matter text is data: wherever the site shows it, it is escaped."""
    files = pair("sample", summary="'<script>alert(1)</script> & <b>x</b>'")
    result = run_build(make_project(tmp_path, files))
    assert result.returncode == 0, result.output
    for path in result.site_dir.rglob("*"):
        if path.suffix in {".html", ".json", ".csv", ".js"} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "<script>alert(1)" not in text, path


def test_markup_in_keywords_stays_data(tmp_path: Path):
    """Keywords are never shown: one that looks like markup builds, reaches no page, and is in
    the worker only as a string of its index, read back as written."""
    from dx_playbook.core.search.search_worker import worker_parts

    hostile = ["<script>alert(1)</script>", "</script><b onclick=x>"]
    files = pair("sample")
    files["ja/about.md"] = f"---\nkeywords: {json.dumps(hostile)}\n---\n\n# 概要\n\n本文です。\n"
    files["en/about.md"] = "# About\n\nText.\n"
    result = run_build(make_project(tmp_path, files))
    assert result.returncode == 0, result.output
    for path in result.site_dir.rglob("*.html"):
        assert "alert(1)" not in path.read_text(encoding="utf-8"), path
    docs = worker_parts(result.read("assets/javascripts/workers/dxp-search.ja.js"))[1]
    assert [doc["keywords"] for doc in docs if "keywords" in doc] == [hostile]
