"""Benchmark: build time, memory and weight of the playbook as it grows.

For each N (principles per language) a synthetic playbook is generated and built twice, with
our plugins on and with them off (same content, same theme), plus once as the offline bundle.
Printed per N: build time (wall clock), processor time (user + system of the build's one
process), peak memory, site size, HTML per principle page, search
index size per language and the offline zip size; then the ratios on/off and N=1,000 over
N=500. Then the real playbook, built with our plugins and without (its budget: 3 s), and the
time `mkdocs serve` takes to rebuild after one of its pages is edited (budget: 1.5 s).

Usage:
    python scripts/benchmark.py                      # N = 100, 500, 1000 and the serve rebuild
    python scripts/benchmark.py --sizes 100 --no-serve   # CI smoke test
    python scripts/benchmark.py --repeat 5           # five rounds: ratios are their medians
Figures only: budgets are read by people, never asserted in tests (these machines are noisy).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
OUR_ASSETS = re.compile(r"assets/(?:stylesheets|javascripts)/(?:workers/)?dxp[-\w.]*\.(?:css|js)$")


@dataclass
class Build:
    seconds: float
    #: Processor time (user + system) of the build process.
    cpu_seconds: float
    peak_mb: float
    site_mb: float
    html_kb_per_page: float
    index_kb: dict[str, float]
    ok: bool


def plugins_off(config: str) -> str:
    """The same config without our plugins: the baseline they are measured against."""
    kept, skip = [], False
    for line in config.split("\n"):
        if re.match(r"\s+- dx-playbook/", line):
            skip = line.rstrip().endswith(":")
            continue
        if skip and re.match(r"\s{6,}\S", line):
            continue
        skip = False
        kept.append(line)
    # Without dx-playbook/search, Material's one index of both languages needs static-i18n to
    # drop the fallback copies (its default): ours splits the index by language and turns that
    # off (mkdocs.yml), which is a saving of our plugins, so the baseline keeps the default.
    return "\n".join(kept).replace("reconfigure_search: false", "reconfigure_search: true")


def run_measured(
    command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[float, float, float, int, str]:
    """Wall time, processor time, peak resident memory (MB) and exit code of one child process.

    The processor time includes the processes the child waited for (the build's helper).
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, process.returncode, output


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def index_sizes(site: Path) -> dict[str, float]:
    """What a reader of each language downloads for search, in KB: the worker of that language,
    which holds its part of the index (search_worker.py), plus Material's shared
    ``search/search_index.json`` (its configuration only, once the workers hold the pages).
    Keys ``ja``/``en`` (raw) and ``ja gzip``/``en gzip``."""
    import gzip

    from dx_playbook.core.search.search_worker import worker_path

    sizes: dict[str, float] = {}
    shared = site / "search" / "search_index.json"
    common = shared.read_bytes() if shared.exists() else b""
    for lang in ("ja", "en"):
        worker = site / worker_path(lang)
        data = (worker.read_bytes() if worker.exists() else b"") + common
        sizes[lang] = len(data) / 1e3
        sizes[f"{lang} gzip"] = len(gzip.compress(data, 6, mtime=0)) / 1e3
    return sizes


def build(project: Path, config: str, site: Path, env: dict[str, str] | None = None) -> Build:
    seconds, cpu, peak, code, output = run_measured(
        # Strict: the synthetic playbook must be valid, and a warning per page would be
        # measured as our plugins' cost.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", str(site)],
        project,
        {**ENV, **(env or {})},
    )
    if code != 0:
        print(output[-3000:], file=sys.stderr)
    pages = list(site.glob("principles/*/index.html")) or list(site.glob("principles/*.html"))
    html_kb = sum(p.stat().st_size for p in pages) / max(len(pages), 1) / 1e3
    return Build(seconds, cpu, peak, folder_mb(site), html_kb, index_sizes(site), code == 0)


def zip_mb(site: Path, target: Path) -> float:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(site).as_posix())
    return target.stat().st_size / 1e6


def our_asset_kb(site: Path) -> float:
    """Everything of ours a principle page loads, data assets included: the scripts and style
    sheets its HTML names (``<script src>``, ``<link rel="stylesheet">``) that are ours or our
    data, in the largest of the principle pages (uncompressed)."""
    largest = 0
    for page in sorted((site / "principles").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        total = 0
        for target in re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"#?]+)', html):
            path = (page.parent / target).resolve()
            rel = (
                path.relative_to(site.resolve()).as_posix()
                if site.resolve() in path.parents
                else ""
            )
            if (OUR_ASSETS.search(rel) or rel.startswith("assets/data/")) and path.is_file():
                total += path.stat().st_size
        largest = max(largest, total)
    return largest / 1e3


def measure_sizes(
    counts: list[int], work: Path, offline: bool, repeat: int = 1
) -> list[dict[str, object]]:
    """Build each synthetic playbook with our plugins and without, ``repeat`` rounds.

    These machines are noisy (the same build varies by a tenth from one minute to the next),
    so ratios are taken within a round, between builds made one after the other: each round
    builds every size on and off in turn, and a ratio is the median of its rounds. Times,
    memory and sizes shown are those of the fastest build.
    """
    projects = {}
    for count in counts:
        project = write_project(work / f"n{count}", count)
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.off.yml").write_text(plugins_off(config), encoding="utf-8")
        projects[count] = project
    rounds: dict[int, list[tuple[Build, Build]]] = {count: [] for count in counts}
    for _ in range(repeat):
        for count, project in projects.items():
            on = build(project, "mkdocs.yml", project / "site-on")
            off = build(project, "mkdocs.off.yml", project / "site-off")
            rounds[count].append((on, off))
    rows = []
    for count, project in projects.items():
        pairs = rounds[count]
        row: dict[str, object] = {
            "n": count,
            "on": min((on for on, _ in pairs), key=lambda result: result.seconds),
            "off": min((off for _, off in pairs), key=lambda result: result.seconds),
            "ratios": [on.seconds / off.seconds for on, off in pairs],
            "cpu_ratios": [on.cpu_seconds / off.cpu_seconds for on, off in pairs],
            "on_seconds": [on.seconds for on, _ in pairs],
            "assets_kb": our_asset_kb(project / "site-on"),
        }
        if offline:
            offline_build = build(
                project, "mkdocs.yml", project / "site-offline", {"DXP_OFFLINE": "true"}
            )
            row["zip_mb"] = (
                zip_mb(project / "site-offline", project / "offline.zip")
                if offline_build.ok
                else float("nan")
            )
        shutil.rmtree(project)
        rows.append(row)
    return rows


def _listed(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def real_project(project: Path) -> Path:
    """A copy of the real playbook (sources, data, theme) at ``project``."""
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", "site", "dist", ".git", "node_modules", "build"),
    )
    if (ROOT / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def real_builds(work: Path, repeat: int) -> list[tuple[Build, Build]]:
    """``repeat`` rounds of the real playbook built with our plugins and without, in turn."""
    project = real_project(work / "real")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.off.yml").write_text(plugins_off(config), encoding="utf-8")
    return [
        (
            build(project, "mkdocs.yml", project / "site-on"),
            build(project, "mkdocs.off.yml", project / "site-off"),
        )
        for _ in range(repeat)
    ]


def serve_rebuild_seconds(
    work: Path, page: str = "docs/ja/principles/leave-no-one-behind.md", edits: int = 5
) -> list[tuple[float, float]]:
    """For each of ``edits`` saves of one page of the real playbook in one ``mkdocs serve``
    session (the first build is not counted): seconds from the save to browsers being told to
    reload, and seconds of the rebuild itself (from MkDocs noticing the change to the reload).

    The difference is MkDocs' own wait: it looks for changed files every half second, then
    waits a tenth of a second for more.
    """
    project = real_project(work / "serve")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:8765", "--livereload"],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seconds: list[tuple[float, float]] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "Serving on" in line:
                break
        target = project / page
        for edit in range(edits):
            time.sleep(1.0)
            start = time.perf_counter()
            target.write_text(
                target.read_text(encoding="utf-8") + f"\n追記{edit + 1}。\n", encoding="utf-8"
            )
            noticed = None
            for line in process.stdout:
                if "Detected file changes" in line:
                    noticed = time.perf_counter()
                if "Reloading browsers" in line or "Error" in line:
                    done = time.perf_counter()
                    seconds.append((done - start, done - (noticed or start)))
                    break
        return seconds
    finally:
        process.terminate()
        process.wait(timeout=30)


def print_real_builds(rounds: list[tuple[Build, Build]]) -> None:
    """The real playbook's figures: the budget of 3 s is for its build with our plugins."""
    fastest_on = min((on for on, _ in rounds), key=lambda b: b.seconds)
    fastest_off = min((off for _, off in rounds), key=lambda b: b.seconds)
    ratios = [on.cpu_seconds / off.cpu_seconds for on, off in rounds]
    print(f"The real playbook ({len(rounds)} rounds, ok={all(on.ok for on, _ in rounds)}):")
    print(
        f"  build time     on {fastest_on.seconds:7.2f} s   off {fastest_off.seconds:7.2f} s"
        f"   (fastest; on: {_listed([on.seconds for on, _ in rounds])}) (budget <= 3)"
    )
    print(
        f"  processor time on {fastest_on.cpu_seconds:7.2f} s   off "
        f"{fastest_off.cpu_seconds:7.2f} s   on / off {statistics.median(ratios):5.2f} "
        f"median of rounds ({_listed(ratios)})"
    )
    print(f"  peak memory    on {fastest_on.peak_mb:7.1f} MB  off {fastest_off.peak_mb:7.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline bundle build")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of on and off builds of every size; ratios are the medians of the rounds",
    )
    args = parser.parse_args()
    # Our package is installed in editable mode, so nothing compiled it to bytecode (pip does for
    # the dependencies) and PYTHONDONTWRITEBYTECODE, set on these machines, keeps Python from
    # caching it: every build would compile our modules from source. Compile them as an install
    # would, so that both builds load their code the same way.
    compileall.compile_dir(ROOT / "plugins", quiet=1)
    with tempfile.TemporaryDirectory(prefix="dxp-bench-") as tmp:
        work = Path(tmp)
        rows = measure_sizes(args.sizes, work, offline=not args.no_offline, repeat=args.repeat)
        for row in rows:
            on, off = row["on"], row["off"]
            assert isinstance(on, Build)
            assert isinstance(off, Build)
            ratios, cpu_ratios = row["ratios"], row["cpu_ratios"]
            assert isinstance(ratios, list)
            assert isinstance(cpu_ratios, list)
            print(f"N={row['n']:>5} per language  ok={on.ok and off.ok}")
            print(
                f"  build time     on {on.seconds:7.2f} s   off {off.seconds:7.2f} s   (fastest of {len(ratios)})"
            )
            print(
                f"  on / off       {statistics.median(ratios):5.2f} median of rounds ({_listed(ratios)}) (budget <= 1.25)"
            )
            print(
                f"  processor time on {on.cpu_seconds:7.2f} s   off {off.cpu_seconds:7.2f} s   on / off {statistics.median(cpu_ratios):5.2f}"
            )
            print(f"  peak memory    on {on.peak_mb:7.1f} MB  off {off.peak_mb:7.1f} MB")
            print(f"  site size      on {on.site_mb:7.1f} MB  off {off.site_mb:7.1f} MB")
            print(
                f"  HTML per page  on {on.html_kb_per_page:7.1f} KB  off {off.html_kb_per_page:7.1f} KB"
            )
            print(
                "  search index   "
                + "  ".join(f"{lang} {kb:8.1f} KB" for lang, kb in on.index_kb.items())
            )
            if "zip_mb" in row:
                print(f"  offline zip    {row['zip_mb']:7.2f} MB")
            print(
                f"  ours on a principle page {row['assets_kb']:7.1f} KB, data included, uncompressed (budget <= 50)"
            )
        by_n = {int(row["n"]): row for row in rows}  # type: ignore[call-overload]
        if 500 in by_n and 1000 in by_n:
            big, small = by_n[1000], by_n[500]
            times = [
                large / little
                for large, little in zip(big["on_seconds"], small["on_seconds"], strict=True)  # type: ignore[call-overload]
            ]
            big_on, small_on = big["on"], small["on"]
            assert isinstance(big_on, Build)
            assert isinstance(small_on, Build)
            print(
                f"Growth N=1000 / N=500: time {statistics.median(times):.2f} median of rounds ({_listed(times)}), size {big_on.site_mb / small_on.site_mb:.2f} (budget <= 2.2)"
            )
        print_real_builds(real_builds(work, args.repeat))
        if not args.no_serve:
            saves = serve_rebuild_seconds(work)
            print(f"mkdocs serve, {len(saves)} saves of one page of the real playbook:")
            for label, index in (("rebuild (change noticed to reload)", 1), ("save to reload", 0)):
                values = [save[index] for save in saves]
                middle = statistics.median(values) if values else float("nan")
                shown = ", ".join(f"{value:.2f}" for value in values)
                budget = " (budget <= 1.5)" if index == 1 else ""
                print(f"  {label:<36} median {middle:.2f} s ({shown}){budget}")
    return 0 if all(row["on"].ok and row["off"].ok for row in rows) else 1  # type: ignore[union-attr]


if __name__ == "__main__":
    sys.exit(main())
