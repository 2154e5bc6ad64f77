"""The ``dx-playbook`` command line: new, check, i18n status, i18n mark-current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import BUILD_ENV, make_project, run_build
from tests.factories import home, pair, principle

from dx_playbook.cli import main

PROBLEM_LINE = re.compile(r"^docs/(ja|en)/\S+\.md(:\d+)?: .+\. Fix: .+$")


def starter_files() -> dict[str, str]:
    return {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        "ja/pillars/people.md": "# 人と仕組み\n\n概要。\n",
        "en/pillars/people.md": "# People\n\nOverview.\n",
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, starter_files())


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def new_principle(capsys, project: Path, principle_id: str = "hire-locally", *extra: str):
    return run(
        capsys,
        "new",
        "principle",
        principle_id,
        "--pillar",
        "people",
        "--title-ja",
        "地元で採用する",
        "--title-en",
        "Hire locally",
        "--date",
        "2025-06-01",
        "--docs",
        str(project / "docs"),
        *extra,
    )


@pytest.mark.build
def test_new_then_check_then_strict_build_gives_a_valid_pair(capsys, project):
    code, out, err = new_principle(capsys, project, "hire-locally", "--part", "5")
    assert code == 0, err
    assert "Created docs/ja/principles/hire-locally.md" in out
    assert "Created docs/en/principles/hire-locally.md" in out
    ja = (project / "docs/ja/principles/hire-locally.md").read_text(encoding="utf-8")
    en = (project / "docs/en/principles/hire-locally.md").read_text(encoding="utf-8")
    assert "# 地元で採用する" in ja
    assert "series_part: 5" in ja
    assert re.search(r'^translation_of: "[0-9a-f]{12} 2025-06-01"$', en, re.M)
    ids = re.findall(r"\{ #(hire-locally-[a-z0-9-]+) \}", ja)
    assert ids == ["hire-locally-draft-1", "hire-locally-draft-2", "hire-locally-draft-3"]
    assert re.findall(r"\{ #(hire-locally-[a-z0-9-]+) \}", en) == ids

    code, out, _ = run(capsys, "check", "--docs", str(project / "docs"))
    assert code == 0, out
    assert out.startswith("OK: 6 pages (ja 3, en 3), ")

    result = run_build(project, strict=True)
    assert result.returncode == 0, result.output
    for page in ("principles/hire-locally/index.html", "en/principles/hire-locally/index.html"):
        html = result.read(page)
        assert 'data-dxp-item="hire-locally-draft-1"' in html
        assert "data-dxp-translation-notice" not in html, "a new pair starts up to date"


def test_new_refuses_to_overwrite_or_to_take_a_bad_id(capsys, project):
    assert new_principle(capsys, project)[0] == 0
    path = project / "docs/ja/principles/hire-locally.md"
    path.write_text("my work\n", encoding="utf-8")
    code, _, err = new_principle(capsys, project)
    assert code == 2
    assert "already exists" in err
    assert path.read_text(encoding="utf-8") == "my work\n"
    for bad, reason in (
        ("Hire_Locally", "not a valid ID"),
        ("x" * 60, "too long"),
    ):
        code, _, err = new_principle(capsys, project, bad)
        assert code == 2
        assert reason in err
    code, _, err = new_principle(capsys, project, "fine-id", "--roles", "mayor")
    assert code == 2
    assert "unknown role(s) mayor" in err
    assert not (project / "docs/ja/principles/fine-id.md").exists()


def test_new_takes_the_next_order_and_default_part(capsys, project):
    assert new_principle(capsys, project, "first-one")[0] == 0
    code, out, _ = new_principle(capsys, project, "second-one")
    assert code == 0
    text = (project / "docs/ja/principles/second-one.md").read_text(encoding="utf-8")
    assert "order: 2" in text
    assert "series_part: 4" in text
    assert "series_part is 4" in out


def broken_docs(tmp_path: Path) -> Path:
    files = {
        **pair("sample-principle"),
        **{k.replace("sample", "other"): v for k, v in pair("other-principle").items()},
    }
    files["ja/principles/sample-principle.md"] = principle(
        front_matter="id: sample-principle\npillar: [people\n"
    )
    files["en/principles/other-principle.md"] = principle(
        "other-principle", "en", pillar="peeple", items=["Only { #other-principle-step-1 }"]
    )
    files["ja/lonely.md"] = "# ひとり\n\n本文。\n"
    files["en/bad-bytes.md"] = "# x\n\n"
    docs = tmp_path / "docs"
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (docs / "en/bad-bytes.md").write_bytes(b"# \xff\xfe\n")
    return docs


def test_check_prints_one_line_per_problem_and_exits_1(tmp_path):
    docs = broken_docs(tmp_path)
    command = shutil.which("dx-playbook") or f"{sys.executable} -m dx_playbook.cli"
    completed = subprocess.run(
        [*command.split(), "check", "--docs", str(docs)],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert lines, completed.stderr
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    text = completed.stdout
    assert re.search(
        r"^docs/ja/principles/sample-principle\.md:3: front matter is not valid YAML", text, re.M
    )
    assert re.search(
        r"^docs/en/principles/other-principle\.md:3: unknown pillar 'peeple'", text, re.M
    )
    assert "docs/ja/lonely.md: this page has no en translation yet" in text
    assert "docs/en/bad-bytes.md: the file is not UTF-8 text" in text
    assert re.search(
        r"^docs/en/principles/other-principle\.md:\d+: checklist item 'other-principle-step-2'",
        text,
        re.M,
    )
    assert completed.stderr.strip().endswith("problems found")


def test_check_reports_the_glossary_with_its_line(capsys, project, tmp_path):
    broken = tmp_path / "glossary.yml"
    broken.write_text("version: 1\nterms:\n  - id: Bad Id\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--docs", str(project / "docs"), "--glossary", str(broken))
    assert code == 1
    assert re.search(r"glossary\.yml:3: .*has no 'ja', 'reading', 'en', 'definition'\. Fix: ", out)


def test_check_without_a_project_is_one_line_not_a_traceback(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err.startswith("dx-playbook: no mkdocs.yml here")
    code, _, err = run(capsys, "check", "--docs", str(tmp_path / "nowhere"))
    assert code == 2
    assert "has no language folders" in err


def test_i18n_status_and_mark_current(capsys, project):
    docs = project / "docs"
    assert new_principle(capsys, project)[0] == 0
    (docs / "ja/lonely.md").write_text("# ひとり\n\n本文。\n", encoding="utf-8")
    original = docs / "ja/principles/hire-locally.md"
    original.write_text(original.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")

    code, out, _ = run(capsys, "i18n", "status", "--docs", str(docs))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["STATE", "LANG", "CHECKED", "PAGE"]
    assert re.search(r"^stale +en +2025-06-01 +docs/en/principles/hire-locally\.md$", out, re.M)
    assert re.search(r"^missing +en +- +docs/ja/lonely\.md \(no en page\)$", out, re.M)
    assert re.search(r"^untracked +en +- +docs/en/index\.md$", out, re.M)
    assert lines[-1] == "4 pages: 0 current, 1 stale, 1 missing, 2 untracked"
    assert run(capsys, "i18n", "status", "--check", "--docs", str(docs))[0] == 1

    code, out, _ = run(
        capsys, "i18n", "mark-current", "--docs", str(docs), "--date", "2025-07-01",
        str(docs / "en/principles/hire-locally.md"),
    )  # fmt: skip
    assert code == 0, out
    assert "docs/en/principles/hire-locally.md: translation_of" in out
    out = run(capsys, "i18n", "status", "--docs", str(docs))[1]
    assert re.search(r"^current +en +2025-07-01 +docs/en/principles/hire-locally\.md$", out, re.M)

    code, _, err = run(capsys, "i18n", "mark-current", "--docs", str(docs), str(original))
    assert code == 2
    assert "is a Japanese original" in err

    code, out, _ = run(capsys, "i18n", "mark-current", "--all", "--docs", str(docs))
    assert code == 0
    assert len(out.splitlines()) == 2, out  # the two untracked pages; the missing one has no file
    out = run(capsys, "i18n", "status", "--docs", str(docs))[1]
    assert out.splitlines()[-1] == "4 pages: 3 current, 0 stale, 1 missing, 0 untracked"
    assert "Nothing to mark" in run(capsys, "i18n", "mark-current", "--all", "--docs", str(docs))[1]


def test_bundle_outside_a_project_is_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "bundle")
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "dx-playbook: no mkdocs.yml here or in any parent folder: run this in the project"
    )
