"""Search evaluation: does search find what officials type, in both languages, online and offline?

Builds the playbook twice, with the playbook's search worker (``ours``) and with Material's own
(``stock``: the same project with ``dx-playbook/search`` turned off), each online and as the
offline bundle. Then, in headless Chromium, types every query of ``tests/search_queries.yml``
into Material's search box on a page of the query's language and reads the result list as a
reader sees it. Printed per language and configuration: recall@1, recall@5, MRR (over the ten
results Material shows first), results from the other language and queries with no result.

With ``--synthetic N`` it also measures latency on a generated playbook of N principles per
language (scripts/synthetic.py; building 1,000 takes minutes, ``--synthetic-site`` reuses a
build): a query is typed one character at a time and the time from the last keystroke to the
last update of the result list is recorded; the median is printed. The stock figure comes from
copies of the start pages whose configuration names Material's worker instead of ours.

Usage:
    python scripts/search_eval.py                    # real playbook: ours and stock
    python scripts/search_eval.py --verbose          # plus each query's first results
    python scripts/search_eval.py --synthetic 1000   # plus latency on 1,000 principles/language
    python scripts/search_eval.py --no-eval --synthetic-site /tmp/site   # latency on a build
    python scripts/search_eval.py --only ours --modes online
Exit status 1 when ours misses the targets (recall@5 >= 0.95 per language, no result from the
other language, median latency <= 200 ms).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search_queries.yml"
CHROMIUM = os.environ.get("DXP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Nothing leaves the machine: Chromium sends every request but those to 127.0.0.1 to a
    # proxy that is not there. Intercepting requests instead slowed every page load (and so
    # the readiness figure) by about a quarter of a second.
    "--proxy-server=http://127.0.0.1:9",
]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
LANGUAGES = ("ja", "en")
SHOWN = 10  # results Material renders before the reader scrolls
TARGET_RECALL_5 = 0.95
TARGET_LATENCY_MS = 200.0
OUR_PLUGIN_LINE = "  - dx-playbook/search\n"
STOCK_PLUGIN_LINES = "  - dx-playbook/search:\n      enabled: false\n"

LATENCY_QUERIES = {
    "ja": [
        "研修",
        "デジタル変革",
        "推進体制",
        "住民の窓口",
        "オンライン申請",
        "ICT化",
        "アクティブシニア",
        "実証実験",
        "情報システム 標準化",
        "支援員",
    ],
    "en": [
        "training",
        "digital transformation",
        "governance",
        "seniors",
        "procurement",
        "community partnership",
        "online forms",
        "pilots",
        "accessibility",
        "promoters",
    ],
}


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]
    kind: str


@dataclass
class Outcome:
    query: Query
    results: list[str]
    other_language: int

    @property
    def rank(self) -> int | None:
        for position, page in enumerate(self.results, start=1):
            if page in self.query.expect:
                return position
        return None


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)

    def recall(self, k: int) -> float:
        hits = [o for o in self.outcomes if o.rank is not None and o.rank <= k]
        return len(hits) / len(self.outcomes) if self.outcomes else float("nan")

    @property
    def mrr(self) -> float:
        ranks = [1 / o.rank if o.rank else 0.0 for o in self.outcomes]
        return sum(ranks) / len(ranks) if ranks else float("nan")

    @property
    def other_language(self) -> int:
        return sum(o.other_language for o in self.outcomes)

    @property
    def empty(self) -> int:
        return sum(1 for o in self.outcomes if not o.results)

    @property
    def aggregates(self) -> float:
        """Share of the first five results that are pages gathering others' (roles, pillars,
        the checklist, the glossary) which the query did not ask for."""
        slots = [
            page not in o.query.expect and is_aggregate(page)
            for o in self.outcomes
            for page in o.results[:5]
        ]
        return sum(slots) / len(slots) if slots else 0.0


def is_aggregate(page: str) -> bool:
    page = page.removeprefix("en/")
    return page in ("checklist", "glossary", "print-all") or page.startswith(("roles/", "pillars/"))


# ------------------------------------------------------------------------------------------
# Queries and sites
# ------------------------------------------------------------------------------------------


def page_exists(docs: Path, lang: str, page: str) -> bool:
    base = docs / lang / page if page else docs / lang
    return base.with_suffix(".md").is_file() or (base / "index.md").is_file()


def result_page(page: str) -> str:
    """An expected page as :func:`page_key` names a result: ``roles/index`` is ``roles``, and
    ``index`` (the start page) is ``''``."""
    return "" if page == "index" else page.removesuffix("/index")


def load_queries(path: Path, docs: Path) -> dict[str, list[Query]]:
    """The query file, checked: every expected page must exist in that language."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries: dict[str, list[Query]] = {}
    problems = []
    for lang in LANGUAGES:
        queries[lang] = []
        for number, entry in enumerate(data.get(lang) or [], start=1):
            expect = entry["expect"] if isinstance(entry["expect"], list) else [entry["expect"]]
            for page in expect:
                if not page_exists(docs, lang, page):
                    problems.append(f"{path}: {lang} query {number} expects missing page {page!r}")
            kind = str(entry.get("family") or entry.get("kind", ""))
            pages = tuple(result_page(page) for page in expect)
            queries[lang].append(Query(str(entry["q"]), pages, kind))
    if problems:
        raise SystemExit("\n".join(problems))
    return queries


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides", "data", "glossary", "package.json"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    if (ROOT / "node_modules").exists():
        (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def use_stock_search(project: Path) -> None:
    """Turn ``dx-playbook/search`` off: Material's own worker then answers (the baseline)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if OUR_PLUGIN_LINE not in text:
        raise SystemExit(f"{config}: no line {OUR_PLUGIN_LINE.strip()!r} to turn off")
    config.write_text(text.replace(OUR_PLUGIN_LINE, STOCK_PLUGIN_LINES), encoding="utf-8")


def build(project: Path, site: Path, *, offline: bool, strict: bool = True) -> Path:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    command += ["-d", str(site)] + (["--strict"] if strict else [])
    env = {**ENV, "DXP_OFFLINE": "true" if offline else "false"}
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{done.stdout}{done.stderr}")
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------------------------------
# The browser side
# ------------------------------------------------------------------------------------------

HELPER = """
() => {
  const meta = document.querySelector(".md-search-result__meta");
  const input = document.querySelector("input.md-search__input");
  const stamps = [];
  new MutationObserver(() => stamps.push(performance.now()))
    .observe(meta, { childList: true, characterData: true, subtree: true });
  const keyup = () => input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  window.__dxpEval = {
    stamps,
    /* Material queries only when the value changes; returns whether it did. */
    send(value) {
      if (input.value === value) return false;
      stamps.length = 0;
      input.value = value;
      keyup();
      return true;
    },
    results() {
      return [...document.querySelectorAll(".md-search-result__item")].map(item =>
        item.querySelector("a.md-search-result__link").href);
    },
    /* Types `value` a character at a time; resolves with ms from the last keystroke to the
       last update of the results, once they have been quiet for `quiet` ms. */
    async type(value, gap, quiet) {
      const chars = Array.from(value);
      for (let i = 1; i <= chars.length; i++) {
        input.value = chars.slice(0, i).join("");
        if (i === chars.length) stamps.length = 0;
        const last = performance.now();
        keyup();
        if (i < chars.length) { await sleep(gap); continue; }
        for (;;) {
          await sleep(quiet / 4);
          const latest = stamps.length ? stamps[stamps.length - 1] : null;
          if (latest !== null && performance.now() - latest >= quiet) return latest - last;
          if (performance.now() - last > 20000) return NaN;
        }
      }
    },
  };
}
"""


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    return parsed.scheme in ("http", "https", "ws") and parsed.hostname == "127.0.0.1"


#: A word of the other language's pages, typed on each language's site.
OTHER_LANGUAGE_WORD = {"ja": "training", "en": "研修"}


class Session:
    """One browser tab on one site, with Material's search box ready."""

    def __init__(self, browser, base: str, lang: str, offline: bool, start: str = "") -> None:
        self.base = base
        self.external: list[str] = []
        self.context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        self.context.on("request", self._record)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        start = ("en/" if lang == "en" else "") + (start or ("index.html" if offline else ""))
        began = time.perf_counter()
        self.page.goto(base + start)
        placeholder = self.page.evaluate(
            "() => JSON.parse(document.getElementById('__config').textContent)"
            ".translations['search.result.placeholder']"
        )
        self.page.evaluate(HELPER)
        # On file:// Material sets search up only once the dialog opens.
        self.page.focus("input.md-search__input")
        self.page.wait_for_function(
            "text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
            arg=placeholder,
            timeout=120_000,
        )
        #: Seconds from opening the page until the search box is ready to answer.
        self.ready_seconds = time.perf_counter() - began
        self._load_other_language(lang)

    def _load_other_language(self, lang: str) -> None:
        """Search once in the other language and wait for the answer to settle: its worker
        loads at the first such query, and offline (Material's iframe-worker on ``file://``)
        the dialog shows this language's pages first and the other's a moment later. Readers
        see the settled list; :meth:`ask` reads the first, so the worker is loaded first."""
        self.send(OTHER_LANGUAGE_WORD[lang])
        quiet_since, seen = time.perf_counter(), 0
        while time.perf_counter() - quiet_since < 1.0:
            self.page.wait_for_timeout(100)
            stamps = int(self.page.evaluate("() => __dxpEval.stamps.length"))
            if stamps != seen:
                quiet_since, seen = time.perf_counter(), stamps
        self.send("")

    def _record(self, request) -> None:
        if not is_local(request.url):
            self.external.append(request.url)

    def send(self, text: str) -> None:
        if self.page.evaluate("text => __dxpEval.send(text)", text):
            self.page.wait_for_function("() => __dxpEval.stamps.length > 0")

    def ask(self, text: str) -> list[str]:
        self.send(text)
        return list(self.page.evaluate("() => __dxpEval.results()"))

    def typing_latency(self, text: str, gap_ms: int = 60, quiet_ms: int = 400) -> float:
        self.send("")
        return float(
            self.page.evaluate(
                "([text, gap, quiet]) => __dxpEval.type(text, gap, quiet)", [text, gap_ms, quiet_ms]
            )
        )

    def close(self) -> None:
        self.context.close()


def page_key(url: str, base: str) -> tuple[str, str]:
    """``('en', 'principles/x')`` for a result URL of either build."""
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if path.startswith(base):
        path = path[len(base) :]
    for suffix in ("index.html", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    path = path.strip("/")
    if path == "en" or path.startswith("en/"):
        return "en", path[3:]
    return "ja", path


def evaluate(browser, base: str, lang: str, queries: list[Query], offline: bool) -> Score:
    session = Session(browser, base, lang, offline)
    score = Score()
    try:
        for query in queries:
            keys = [page_key(url, base) for url in session.ask(query.text)[:SHOWN]]
            score.outcomes.append(
                Outcome(
                    query,
                    [page for result_lang, page in keys if result_lang == lang],
                    sum(1 for result_lang, _ in keys if result_lang != lang),
                )
            )
    finally:
        session.close()
    if session.external:
        raise SystemExit(f"requests left 127.0.0.1: {session.external[:5]}")
    return score


def latency(browser, base: str, lang: str, start: str) -> tuple[list[float], float]:
    """Milliseconds per query typed a character at a time, and seconds until search is ready
    (a fresh tab: its worker and index fetched and set up)."""
    session = Session(browser, base, lang, offline=False, start=start)
    try:
        session.typing_latency(LATENCY_QUERIES[lang][0])  # warm-up
        times = [session.typing_latency(text) for text in LATENCY_QUERIES[lang]]
        return times, session.ready_seconds
    finally:
        session.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else 0.0


STOCK_START = "dxp-stock-search.html"


def add_stock_start_pages(site: Path) -> None:
    """Copies of the two start pages whose configuration names Material's worker, not ours."""
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise SystemExit(f"{site}: expected one Material search worker, found {workers}")
    for folder in (site, site / "en"):
        html = (folder / "index.html").read_text(encoding="utf-8")
        stock, count = re.subn(
            r'("search":\s*"[^"]*workers/)dxp-search\.[a-z]+\.js(?:\?v=[0-9a-f]+)?"',
            rf'\g<1>{workers[0].name}"',
            html,
        )
        if count != 1:
            raise SystemExit(f"{folder / 'index.html'}: no search worker of ours to replace")
        (folder / STOCK_START).write_text(stock, encoding="utf-8")


# ------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------


def print_families(
    table: dict[tuple[str, str, str], Score],
    families: list[str],
    variants: list[str],
    modes: list[str],
) -> None:
    """recall@1 / recall@5 of each family of queries, per language and configuration."""
    print("\nPer family: recall@1 / recall@5 (queries)")
    for (lang, variant, mode), score in sorted(table.items()):
        if variant not in variants or mode not in modes:
            continue
        for family in families:
            part = Score([o for o in score.outcomes if o.query.kind == family])
            if part.outcomes:
                print(
                    f"{lang}  {variant:6} {mode:8} {family:24} {part.recall(1):5.2f} / "
                    f"{part.recall(5):4.2f}  ({len(part.outcomes)})"
                )


def print_verbose(name: str, lang: str, score: Score) -> None:
    for outcome in score.outcomes:
        mark = "ok " if outcome.rank and outcome.rank <= 5 else "MISS"
        print(
            f"  {mark} [{name} {lang}] {outcome.query.text!r:28} ({outcome.query.kind}) "
            f"rank={outcome.rank} expect={'|'.join(outcome.query.expect)} "
            f"got={outcome.results[:5]}"
        )


def main() -> int:  # noqa: PLR0912, PLR0915 - a script's main reads top to bottom
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=Path, default=QUERIES.relative_to(ROOT))
    parser.add_argument("--only", choices=("ours", "stock"), help="one configuration only")
    parser.add_argument("--modes", nargs="+", choices=("online", "offline"), default=None)
    parser.add_argument("--synthetic", type=int, metavar="N", help="latency on N principles")
    parser.add_argument(
        "--synthetic-site",
        type=Path,
        metavar="DIR",
        help="latency on this online build (adds dxp-stock-search.html next to its start pages)",
    )
    parser.add_argument("--no-eval", action="store_true", help="latency only (with --synthetic)")
    parser.add_argument("--verbose", action="store_true", help="print every query's results")
    parser.add_argument(
        "--families", action="store_true", help="recall@5 per family ('family' or 'kind')"
    )
    args = parser.parse_args()
    modes = args.modes or ["online", "offline"]
    variants = [args.only] if args.only else ["ours", "stock"]
    queries = load_queries(ROOT / args.queries, ROOT / "docs")

    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    failed = False
    with tempfile.TemporaryDirectory(prefix="dxp-search-eval-") as tmp, sync_playwright() as pw:
        work = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if not args.no_eval:
            counts = ", ".join(f"{len(queries[lang])} {lang}" for lang in LANGUAGES)
            print(f"Search evaluation: {counts} queries from {args.queries}")
            print(
                f"{'':14}{'':9}recall@1  recall@5  MRR@{SHOWN}  other-language  no-result"
                "  aggregates@5"
            )
            table: dict[tuple[str, str, str], Score] = {}
            for variant in variants:
                project = copy_project(work / variant)
                if variant == "stock":
                    use_stock_search(project)
                for mode in modes:
                    site = build(project, work / f"{variant}-{mode}", offline=mode == "offline")
                    with served(site) as url:
                        base = site.as_uri() + "/" if mode == "offline" else url
                        for lang in LANGUAGES:
                            score = evaluate(browser, base, lang, queries[lang], mode == "offline")
                            table[(lang, variant, mode)] = score
                            if args.verbose:
                                print_verbose(f"{variant} {mode}", lang, score)
            for lang in LANGUAGES:
                for variant in variants:
                    for mode in modes:
                        score = table[(lang, variant, mode)]
                        print(
                            f"{lang}  {variant:6} {mode:8} {score.recall(1):8.2f}  "
                            f"{score.recall(5):8.2f}  {score.mrr:6.2f}  {score.other_language:14d}"
                            f"  {score.empty:9d}  {score.aggregates:12.2f}"
                        )
                        if variant == "ours" and (
                            score.recall(5) < TARGET_RECALL_5 or score.other_language
                        ):
                            failed = True
            families = sorted({q.kind for lang in LANGUAGES for q in queries[lang]})
            if args.families and families:
                print_families(table, families, variants, modes)
            misses = {
                (lang, outcome.query.text)
                for (lang, variant, _), score in table.items()
                if variant == "ours"
                for outcome in score.outcomes
                if not outcome.rank or outcome.rank > 5
            }
            if misses:
                print(
                    "ours, not in the first five: "
                    + ", ".join(f"{q} ({lang})" for lang, q in sorted(misses))
                )
        if args.synthetic or args.synthetic_site:
            site = args.synthetic_site
            if site is None:
                sys.path.insert(0, str(ROOT / "scripts"))
                from synthetic import write_project

                project = write_project(work / "synthetic", args.synthetic)
                site = build(project, work / "synthetic-site", offline=False, strict=False)
            shared = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
            if not shared.get("docs"):
                # The workers hold the pages; Material's own worker would find none here.
                variants = [variant for variant in variants if variant != "stock"]
            else:
                add_stock_start_pages(site)
            pages = sum(1 for _ in (site / "principles").glob("*/index.html"))
            print(
                f"Latency, playbook of {pages} principles per language, online: milliseconds "
                "from the last keystroke to the last update of the results; seconds until a "
                "new tab's search is ready"
            )
            sys.path.insert(0, str(ROOT / "scripts"))
            from benchmark import index_sizes

            sizes = index_sizes(site)
            with served(site) as url:
                for lang in LANGUAGES:
                    for variant in variants:
                        start = STOCK_START if variant == "stock" else ""
                        times, ready = latency(browser, url, lang, start)
                        median = statistics.median(times)
                        print(
                            f"{lang}  {variant:6} median {median:7.1f}   p95 {p95(times):7.1f}"
                            f"   max {max(times):7.1f}   ready {ready:5.2f} s"
                            f"   ({len(times)} queries typed a character at a time)"
                        )
                        if variant == "ours" and not median <= TARGET_LATENCY_MS:
                            failed = True
                    print(
                        f"{lang}  what a reader downloads for search: {sizes[lang]:9.1f} KB, "
                        f"gzip {sizes[lang + ' gzip']:8.1f} KB"
                    )
        browser.close()
    print(f"({time.perf_counter() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
