"""The build publishes only files from inside the project, and content text stays text.

Links under docs/ cannot be kept in the bad-input corpus (git would store the link, and its
target differs per machine), so these cases make them in ``tmp_path``. Each gives one line
naming the file, from the strict build and from ``dx-playbook check`` alike, and the file is
in neither the site nor the offline zip.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from tests.conftest import make_project, run_build
from tests.factories import pair
from tests.test_offline import offline_variant

from dx_playbook.core.authoring.sources import check_sources
from dx_playbook.core.offline.bundle import bundle_files

pytestmark = pytest.mark.build

SECRET = "DXP-SECRET-7f3a9c"


def home() -> dict[str, str | bytes]:
    return {"ja/index.md": "# ホーム\n\nようこそ。\n", "en/index.md": "# Home\n\nWelcome.\n"}


def checked(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from dx_playbook.cli import main

    capsys.readouterr()
    main(["check", "--docs", str(project / "docs")])
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


def assert_one_line(lines: list[str], path: str, text: str) -> str:
    found = [line for line in lines if path in line and text in line]
    assert len(found) == 1, "\n".join(lines)
    assert "Fix:" in found[0]
    assert not any("Traceback" in line for line in lines)
    return found[0]


def site_holds(site_dir: Path, needle: str) -> list[Path]:
    return [
        path
        for path in site_dir.rglob("*")
        if path.is_file() and needle.encode() in path.read_bytes()
    ]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding a secret, as a folder of keys would."""
    folder = tmp_path / "outside"
    (folder / "keys").mkdir(parents=True)
    (folder / "keys" / "id_key").write_text(SECRET, encoding="utf-8")
    (folder / "env.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("env.txt", "env.txt"),
        ("ja/keys", "keys"),
        ("assets/notes.txt", "keys/id_key"),
    ],
)
def test_a_link_out_of_the_project_is_refused_and_never_published(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str], link: str, target: str
):
    project = make_project(tmp_path, home())
    path = project / "docs" / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(outside / target)
    result = run_build(project)
    assert result.returncode != 0
    assert_one_line(result.warnings, f"docs/{link}:", "leads outside the project")
    assert not site_holds(result.site_dir, SECRET)
    assert_one_line(checked(project, capsys), f"docs/{link}:", "leads outside the project")


def test_the_process_environment_is_never_published(tmp_path: Path):
    """The link of the finding: /proc/self/environ holds CI's secrets."""
    project = make_project(tmp_path, home())
    (project / "docs" / "environ.txt").symlink_to("/proc/self/environ")
    # A process of its own: /proc/self/environ is the environment the process started with.
    result = run_build(project, env={"DXP_CANARY": SECRET}, in_process=False)
    assert result.returncode != 0
    assert_one_line(result.warnings, "docs/environ.txt:", "leads outside the project")
    assert not (result.site_dir / "environ.txt").exists()
    assert not site_holds(result.site_dir, SECRET)


def test_a_dangling_link_and_a_fifo_are_refused_without_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = make_project(tmp_path, home())
    (project / "docs" / "gone.png").symlink_to(project / "nowhere.png")
    os.mkfifo(project / "docs" / "pipe.txt")
    result = run_build(project)
    assert result.returncode != 0
    assert_one_line(result.warnings, "docs/gone.png:", "leads to nothing")
    assert_one_line(result.warnings, "docs/pipe.txt:", "not a regular file")
    lines = checked(project, capsys)
    assert_one_line(lines, "docs/gone.png:", "leads to nothing")
    assert_one_line(lines, "docs/pipe.txt:", "not a regular file")


def test_a_link_inside_the_project_is_published(tmp_path: Path):
    project = make_project(tmp_path, home())
    (project / "shared.txt").write_text("shared text", encoding="utf-8")
    (project / "docs" / "shared.txt").symlink_to(project / "shared.txt")
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert (result.site_dir / "shared.txt").read_text(encoding="utf-8") == "shared text"


def test_a_link_to_a_parent_folder_is_walked_once(tmp_path: Path):
    docs = tmp_path / "project" / "docs"
    (docs / "ja").mkdir(parents=True)
    (docs / "ja" / "loop").symlink_to(docs)
    assert check_sources(docs, tmp_path / "project") == []


def test_the_bundle_never_follows_a_link(tmp_path: Path, outside: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "env.txt").symlink_to(outside / "env.txt")
    (site / "keys").symlink_to(outside / "keys")
    assert [path.name for path in bundle_files(site)] == ["index.html"]


def test_the_offline_zip_holds_no_refused_file(tmp_path: Path, outside: Path):
    project = make_project(tmp_path, home())
    (project / "docs" / "env.txt").symlink_to(outside / "env.txt")
    result = run_build(project, strict=False, config_file=offline_variant(project))
    archives = list((project / "dist").glob("*.zip"))
    assert archives, result.output
    with zipfile.ZipFile(archives[0]) as archive:
        names = archive.namelist()
        assert not [name for name in names if name.endswith("env.txt")]
        assert not [name for name in names if SECRET.encode() in archive.read(name)]


HOSTILE_TITLE = "</title><script>alert(1)</script>"
HOSTILE_DESCRIPTION = '" http-equiv="refresh" content="0;url=https://example.com/'


def test_front_matter_text_is_printed_as_text_wherever_templates_print_it(tmp_path: Path):
    files = pair("sample")
    for name in ("ja/principles/sample.md", "en/principles/sample.md"):
        text = files[name]
        assert isinstance(text, str)
        files[name] = text.replace(
            "---\n", f"---\ntitle: '{HOSTILE_TITLE}'\ndescription: '{HOSTILE_DESCRIPTION}'\n", 1
        )
    result = run_build(make_project(tmp_path, files))
    assert result.returncode == 0, result.output
    for path in result.site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, path
        assert 'http-equiv="refresh"' not in html, path
    page = result.read("principles/sample/index.html")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - " in page
    assert 'content="&#34; http-equiv=&#34;refresh&#34;' in page


def test_a_heading_that_closes_the_title_stays_text(tmp_path: Path):
    files = pair("sample")
    for name in ("ja/principles/sample.md", "en/principles/sample.md"):
        text = files[name]
        assert isinstance(text, str)
        files[name] = text.replace(
            "# sample", "# x &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
        )
    result = run_build(make_project(tmp_path, files))
    assert result.returncode == 0, result.output
    page = result.read("principles/sample/index.html")
    assert "<script>alert(2)" not in page
    assert "<title>x &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; - " in page
