"""Build the playbook at two git revisions and list the built files that differ.

Usage:
    python scripts/compare_builds.py REV_A REV_B [--offline]   build both, compare; exit 0 if same
    python scripts/compare_builds.py --clean                    remove /tmp/compare and its worktrees

Each revision gets a detached worktree, ``/tmp/compare/<short-sha>/tree``, and a virtualenv beside
it, ``venv``, with the tree installed as the Makefile's ``install`` target does (pip with the
revision's ``constraints.txt``, ``npm ci`` for the browser code the build ships); both are reused
when they exist. The site is built into ``site`` with a fixed ``SOURCE_DATE_EPOCH`` and a fixed
``DXP_SOURCE_COMMIT``, so that the edition stamp on every page does not differ by the commit.

``--offline`` builds as ``make build`` does: first the offline bundle (``DXP_OFFLINE=true``, its
unzipped tree in ``offline``, its zip in the tree's ``dist/``), then the hosted site, which
publishes that zip in its downloads folder. Both trees are compared, and so are the zip's members.

The standard library only: the script runs with any Python 3.11, not only the project's venv.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

#: Everything the script makes lives here; ``--clean`` removes it.
WORK = Path("/tmp/compare")
#: 2026-01-01T00:00:00Z: every build of every revision has the same date.
SOURCE_DATE_EPOCH = "1767225600"
#: The commit the edition stamp names (``DXP_SOURCE_COMMIT``): the same for both revisions.
SOURCE_COMMIT = "0000000000"
#: How much of a differing line to show.
LINE_WIDTH = 200
#: How many members of a differing archive to list by name.
MEMBER_LIMIT = 20
#: How many lines of a failed command's output to show.
TAIL_LINES = 25


class CompareError(Exception):
    """A step of setting up or building a revision failed; the message says which and why."""


@dataclass(frozen=True)
class Revision:
    """One side of the comparison: the revision as given and the commit it names."""

    rev: str
    sha: str
    short: str

    @property
    def base(self) -> Path:
        return WORK / self.short

    @property
    def tree(self) -> Path:
        return self.base / "tree"

    @property
    def venv(self) -> Path:
        return self.base / "venv"

    @property
    def site(self) -> Path:
        return self.base / "site"

    @property
    def offline(self) -> Path:
        return self.base / "offline"

    def __str__(self) -> str:
        return self.short if self.rev.startswith(self.short) else f"{self.short} ({self.rev})"


@dataclass
class TreeDiff:
    """How two built folders differ; every path is relative to its folder."""

    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    differ: list[str] = field(default_factory=list)
    same: int = 0

    @property
    def identical(self) -> bool:
        return not (self.only_a or self.only_b or self.differ)


# --- running commands --------------------------------------------------------------------------


def progress(message: str) -> None:
    """A line on stderr, so that stdout holds the comparison only."""
    print(f"[compare] {message}", file=sys.stderr, flush=True)


def run(
    command: list[str], *, what: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> str:
    """Run ``command``; its output, or a :class:`CompareError` with the output's last lines."""
    try:
        completed = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise CompareError(f"{what}: {error}") from error
    if completed.returncode != 0:
        output = (completed.stderr + completed.stdout).strip().splitlines()
        # MkDocs' warnings and errors say why; other tools' last lines do.
        why = [line for line in output if line.startswith(("WARNING", "ERROR", "Aborted"))]
        tail = "\n".join(f"    {line}" for line in (why or output)[-TAIL_LINES:])
        raise CompareError(f"{what} failed (exit {completed.returncode}):\n{tail}")
    return completed.stdout


def git(repo: Path, *args: str) -> str:
    """A git command in ``repo``; its output without the trailing newline."""
    return run(["git", "-C", str(repo), *args], what=f"git {' '.join(args)}").strip()


def repo_root() -> Path:
    """The repository this script lives in."""
    return Path(git(Path(__file__).resolve().parent, "rev-parse", "--show-toplevel"))


def resolve(repo: Path, rev: str) -> Revision:
    """The commit ``rev`` names, with a short hash unique in ``repo``."""
    try:
        sha = git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except CompareError as error:
        raise CompareError(f"{rev!r} names no commit in {repo}") from error
    return Revision(rev, sha, git(repo, "rev-parse", "--short", sha))


# --- setting a revision up ---------------------------------------------------------------------


def ensure_worktree(repo: Path, revision: Revision) -> None:
    """A detached worktree of the revision at ``revision.tree``, made unless it exists."""
    if (revision.tree / ".git").exists():
        return
    git(repo, "worktree", "prune")
    revision.base.mkdir(parents=True, exist_ok=True)
    progress(f"{revision}: worktree {revision.tree}")
    git(repo, "worktree", "add", "--detach", str(revision.tree), revision.sha)


def ensure_venv(revision: Revision) -> None:
    """A virtualenv with the revision installed as ``make install`` does, unless it exists."""
    if (revision.venv / "bin" / "mkdocs").exists():
        return
    progress(f"{revision}: virtualenv {revision.venv} (pip install -e)")
    shutil.rmtree(revision.venv, ignore_errors=True)
    pip = str(revision.venv / "bin" / "pip")
    constraints = revision.tree / "constraints.txt"
    limits = ["-c", str(constraints)] if constraints.is_file() else []
    try:
        run(["python3", "-m", "venv", str(revision.venv)], what="python3 -m venv")
        run([pip, "install", "-q", "--upgrade", "pip"], what="pip install --upgrade pip")
        run([pip, "install", "-q", *limits, "-e", str(revision.tree)], what="pip install -e")
    except CompareError:
        # A half-made venv would pass for a cached one next time.
        shutil.rmtree(revision.venv, ignore_errors=True)
        raise


def ensure_node_modules(revision: Revision) -> None:
    """The browser code the build ships (``npm ci``), when the revision has a package-lock.json."""
    tree = revision.tree
    installed = (tree / "node_modules" / ".package-lock.json").is_file()
    if installed or not (tree / "package-lock.json").is_file():
        return
    progress(f"{revision}: npm ci")
    run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], what="npm ci", cwd=tree)


# --- building ----------------------------------------------------------------------------------


def build_env(revision: Revision, *, offline: bool) -> dict[str, str]:
    """The environment of one build: the Makefile's exports, a fixed date and commit."""
    env = dict(os.environ)
    for name in ("DXP_OFFLINE", "DXP_DEBUG", "PYTHONPATH"):
        env.pop(name, None)
    env.update(
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
        SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
        DXP_SOURCE_COMMIT=SOURCE_COMMIT,
        VIRTUAL_ENV=str(revision.venv),
        PATH=f"{revision.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    )
    if offline:
        env["DXP_OFFLINE"] = "true"
    return env


def mkdocs_build(revision: Revision, site_dir: Path, *, offline: bool) -> None:
    """One strict ``mkdocs build`` of the revision into ``site_dir``."""
    shutil.rmtree(site_dir, ignore_errors=True)
    mkdocs = str(revision.venv / "bin" / "mkdocs")
    config = str(revision.tree / "mkdocs.yml")
    label = "offline bundle" if offline else "site"
    progress(f"{revision}: building the {label} into {site_dir}")
    start = time.monotonic()
    # No -q: it lifts MkDocs' log level to ERROR, so --strict never sees a warning and lets a
    # build pass that 'make build' fails. The output is captured and shown only on failure.
    command = [mkdocs, "build", "--strict", "-f", config, "-d", str(site_dir)]
    env = build_env(revision, offline=offline)
    try:
        run(command, what=f"mkdocs build ({label})", cwd=revision.tree, env=env)
    except CompareError as error:
        raise CompareError(f"{revision}: {error}") from error
    progress(f"{revision}: built in {time.monotonic() - start:.0f} s")


def build(revision: Revision, *, offline: bool) -> dict[str, Path]:
    """Build the revision; the built folders by name (``site``, and ``offline`` with it)."""
    # A zip left by an earlier --offline run would be published by a hosted build.
    shutil.rmtree(revision.tree / "dist", ignore_errors=True)
    shutil.rmtree(revision.offline, ignore_errors=True)
    folders: dict[str, Path] = {}
    if offline:
        mkdocs_build(revision, revision.offline, offline=True)
        folders["offline"] = revision.offline
    mkdocs_build(revision, revision.site, offline=False)
    folders["site"] = revision.site
    return folders


def prepare(repo: Path, revision: Revision) -> None:
    """Worktree, virtualenv and node_modules of the revision."""
    ensure_worktree(repo, revision)
    ensure_venv(revision)
    ensure_node_modules(revision)


# --- comparing ---------------------------------------------------------------------------------


def files_under(folder: Path) -> set[str]:
    """Every file under ``folder``, as POSIX paths relative to it."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def compare_trees(a: Path, b: Path) -> TreeDiff:
    """Which files are only in ``a``, only in ``b``, or in both with other bytes."""
    files_a, files_b = files_under(a), files_under(b)
    diff = TreeDiff(only_a=sorted(files_a - files_b), only_b=sorted(files_b - files_a))
    for name in sorted(files_a & files_b):
        if (a / name).read_bytes() == (b / name).read_bytes():
            diff.same += 1
        else:
            diff.differ.append(name)
    return diff


def as_text(data: bytes) -> str | None:
    """``data`` as UTF-8 text, or ``None`` when it is binary."""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def excerpt(line: str, start: int) -> str:
    """At most :data:`LINE_WIDTH` characters of ``line`` from a little before ``start``."""
    line = line.rstrip("\r\n")
    begin = max(0, min(start - 40, len(line) - LINE_WIDTH))
    piece = line[begin : begin + LINE_WIDTH]
    # A control character would garble the terminal: show it escaped.
    piece = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in piece)
    return ("…" if begin else "") + piece + ("…" if begin + LINE_WIDTH < len(line) else "")


def common_prefix(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    for index, (char_a, char_b) in enumerate(zip(a, b, strict=False)):
        if char_a != char_b:
            return index
    return min(len(a), len(b))


def text_summary(text_a: str, text_b: str, indent: str) -> list[str]:
    """How many lines differ and the first differing pair, as lines to print."""
    lines_a, lines_b = text_a.splitlines(), text_b.splitlines()
    matcher = difflib.SequenceMatcher(None, lines_a, lines_b, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not changes:
        return [f"{indent}same lines, other line endings or trailing newline"]
    removed = sum(i2 - i1 for _, i1, i2, _, _ in changes)
    added = sum(j2 - j1 for _, _, _, j1, j2 in changes)
    _, i1, i2, j1, j2 = changes[0]
    first_a = lines_a[i1] if i1 < i2 else ""
    first_b = lines_b[j1] if j1 < j2 else ""
    column = common_prefix(first_a, first_b)
    return [
        f"{indent}{removed} line(s) only in A, {added} only in B, in {len(changes)} place(s); "
        f"first at line {i1 + 1}/{j1 + 1}, column {column + 1}:",
        f"{indent}  A: {excerpt(first_a, column) if i1 < i2 else '(no line)'}",
        f"{indent}  B: {excerpt(first_b, column) if j1 < j2 else '(no line)'}",
    ]


def listed(names: list[str], indent: str) -> list[str]:
    """``names``, one a line, at most :data:`MEMBER_LIMIT` of them."""
    lines = [f"{indent}{name}" for name in names[:MEMBER_LIMIT]]
    if len(names) > MEMBER_LIMIT:
        lines.append(f"{indent}… and {len(names) - MEMBER_LIMIT} more")
    return lines


@dataclass
class ZipDiff:
    """How the members of two zip archives differ."""

    count_a: int = 0
    count_b: int = 0
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    #: Members in both whose bytes differ: name, bytes in A, bytes in B.
    differ: list[tuple[str, bytes, bytes]] = field(default_factory=list)
    #: Members with the same bytes but another date.
    redated: int = 0


def compare_zips(path_a: Path, path_b: Path) -> ZipDiff:
    """Member lists and member bytes of two zip archives (an .xlsx is one)."""
    with zipfile.ZipFile(path_a) as zip_a, zipfile.ZipFile(path_b) as zip_b:
        infos_a = {info.filename: info for info in zip_a.infolist()}
        infos_b = {info.filename: info for info in zip_b.infolist()}
        diff = ZipDiff(
            len(infos_a),
            len(infos_b),
            sorted(infos_a.keys() - infos_b.keys()),
            sorted(infos_b.keys() - infos_a.keys()),
        )
        for name in sorted(infos_a.keys() & infos_b.keys()):
            data_a, data_b = zip_a.read(name), zip_b.read(name)
            if data_a != data_b:
                diff.differ.append((name, data_a, data_b))
            elif infos_a[name].date_time != infos_b[name].date_time:
                diff.redated += 1
    return diff


def zip_summary(path_a: Path, path_b: Path, indent: str) -> list[str]:
    """How two zip archives differ, as lines to print."""
    try:
        diff = compare_zips(path_a, path_b)
    except (zipfile.BadZipFile, OSError) as error:
        return [f"{indent}cannot read as zip: {error}"]
    lines = [f"{indent}{diff.count_a} member(s) in A, {diff.count_b} in B"]
    if diff.only_a:
        lines += [f"{indent}members only in A ({len(diff.only_a)}):"]
        lines += listed(diff.only_a, indent + "  ")
    if diff.only_b:
        lines += [f"{indent}members only in B ({len(diff.only_b)}):"]
        lines += listed(diff.only_b, indent + "  ")
    if diff.differ:
        lines.append(f"{indent}members whose bytes differ ({len(diff.differ)}):")
        for name, data_a, data_b in diff.differ[:MEMBER_LIMIT]:
            lines.append(f"{indent}  {name}")
            text_a, text_b = as_text(data_a), as_text(data_b)
            if text_a is not None and text_b is not None:
                lines += text_summary(text_a, text_b, indent + "    ")
            else:
                lines.append(f"{indent}    binary, {len(data_a)} → {len(data_b)} bytes")
        if len(diff.differ) > MEMBER_LIMIT:
            lines.append(f"{indent}  … and {len(diff.differ) - MEMBER_LIMIT} more")
    if diff.redated:
        lines.append(f"{indent}{diff.redated} member(s) with the same bytes but another date")
    if not (diff.only_a or diff.only_b or diff.differ or diff.redated):
        lines.append(f"{indent}same members and bytes: only the archive's own layout differs")
    return lines


def file_summary(path_a: Path, path_b: Path) -> list[str]:
    """What differs between two versions of one built file, as indented lines."""
    indent = "    "
    if path_a.suffix.lower() in {".zip", ".xlsx"}:
        lines = [f"{indent}{path_a.suffix.lower()[1:]} archives differ"]
        return lines + zip_summary(path_a, path_b, indent)
    data_a, data_b = path_a.read_bytes(), path_b.read_bytes()
    text_a, text_b = as_text(data_a), as_text(data_b)
    if text_a is None or text_b is None:
        return [f"{indent}binary, {len(data_a)} → {len(data_b)} bytes"]
    return text_summary(text_a, text_b, indent)


def by_suffix(names: list[str]) -> str:
    """``names`` counted by file suffix: ``.html 12, .js 2``."""
    counts = collections.Counter(Path(name).suffix or "(none)" for name in names)
    return ", ".join(f"{suffix} {count}" for suffix, count in counts.most_common())


def report(label: str, a: Path, b: Path) -> bool:
    """Print how the folders ``a`` and ``b`` differ; whether they are identical."""
    diff = compare_trees(a, b)
    print(f"== {label}: {diff.same} identical file(s)")
    if diff.identical:
        print(f"{label}: identical")
        return True
    if diff.only_a:
        print(f"only in A ({len(diff.only_a)}: {by_suffix(diff.only_a)}):")
        print("\n".join(f"  {name}" for name in diff.only_a))
    if diff.only_b:
        print(f"only in B ({len(diff.only_b)}: {by_suffix(diff.only_b)}):")
        print("\n".join(f"  {name}" for name in diff.only_b))
    if diff.differ:
        print(f"in both, bytes differ ({len(diff.differ)}: {by_suffix(diff.differ)}):")
        for name in diff.differ:
            print(f"  {name}")
            print("\n".join(file_summary(a / name, b / name)))
    total = len(diff.only_a) + len(diff.only_b) + len(diff.differ)
    print(f"{label}: {total} file(s) differ")
    return False


# --- cleaning up -------------------------------------------------------------------------------


def clean(repo: Path) -> None:
    """Remove every worktree under :data:`WORK`, then the folder itself."""
    work = WORK.resolve()
    listing = git(repo, "worktree", "list", "--porcelain")
    for line in listing.splitlines():
        if not line.startswith("worktree "):
            continue
        path = Path(line.removeprefix("worktree ")).resolve()
        if path.is_relative_to(work):
            progress(f"git worktree remove --force {path}")
            git(repo, "worktree", "remove", "--force", str(path))
    shutil.rmtree(WORK, ignore_errors=True)
    git(repo, "worktree", "prune")
    progress(f"removed {WORK}")


# --- command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Build the site at two git revisions and print which built files differ "
        "(exit 0 if none, 1 if some, 2 if a revision cannot be set up or built).",
    )
    parser.add_argument("rev_a", nargs="?", metavar="REV_A", help="the revision to compare from")
    parser.add_argument("rev_b", nargs="?", metavar="REV_B", help="the revision to compare to")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="build the offline bundle first (DXP_OFFLINE=true), as 'make build' does, and "
        "compare it and the hosted site that publishes its zip",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help=f"remove {WORK} and its git worktrees (after comparing, when revisions are given)",
    )
    args = parser.parse_args(argv)
    if (args.rev_a is None) != (args.rev_b is None) or (args.rev_a is None and not args.clean):
        parser.error("give two revisions, or --clean")
    return args


def compare(repo: Path, rev_a: str, rev_b: str, *, offline: bool) -> int:
    """Set up, build and compare both revisions: the exit code."""
    a, b = resolve(repo, rev_a), resolve(repo, rev_b)
    built: list[dict[str, Path]] = []
    for revision in (a, b):
        prepare(repo, revision)
        built.append(build(revision, offline=offline))
    print(f"A = {a}, B = {b}" + (" (offline bundle and hosted site)" if offline else ""))
    results = [report(name, built[0][name], built[1][name]) for name in built[0]]
    return 0 if all(results) else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    repo = repo_root()
    status = 0
    try:
        if args.rev_a is not None:
            status = compare(repo, args.rev_a, args.rev_b, offline=args.offline)
    except CompareError as error:
        print(f"error: {error}", file=sys.stderr)
        status = 2
    if args.clean:
        clean(repo)
    return status


if __name__ == "__main__":
    sys.exit(main())
