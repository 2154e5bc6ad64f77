"""The offline bundle: the built site as one zip, and a check that it loads nothing from outside.

Municipal PCs on closed networks (LGWAN) open the bundle from ``file://``. Anything a page would
fetch from the internet (a CDN script, a web font, an analytics beacon) fails there, and some
failures are silent: search stays on "Initializing" forever. :func:`find_external_loads` lists
every such reference in the built files so that the build can refuse them.
"""

from __future__ import annotations

import hashlib
import re
import stat
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

#: The budget for the real playbook: small enough for a mail attachment or a file-transfer form.
MAX_BUNDLE_BYTES = 10 * 1024 * 1024

#: Built files that have no use on ``file://``: sitemaps hold online URLs, a web server shows
#: ``404.html`` for a missing address (its links are absolute, so it cannot work from a
#: folder), source maps serve developer tools only.
EXCLUDED_NAMES = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html"})
EXCLUDED_SUFFIXES = (".map",)

README_NAME = "README.txt"
README_TEXT = """\
自治体DXプレイブック オフライン版 {version}
==========================================

このフォルダの index.html をブラウザで開いてください(日本語)。
英語版へは、各ページ上部の言語切り替えから移れます。
インターネットに接続していない端末でも、検索・チェックリスト・印刷が使えます。
チェックの記録は、このパソコンのブラウザの中だけに保存されます。
作成日: {date} / 元になった版: {commit}
新しい版は、プレイブックのWebサイトの「ダウンロード」ページ、またはこのZIPを配布した担当者から入手できます。
版ごとの変更は、同じフォルダの RELEASE-NOTES.txt にあります。

Municipal DX Playbook, offline edition {version}
================================================

Open index.html in this folder with a web browser (Japanese); the language switch at the top of
every page leads to the English version. Search, checklists and printing work without internet.
Ticked items are saved in this computer's browser only.
Built on: {date} / Source commit: {commit}
Newer editions: the playbook website's Downloads page, or whoever gave you this zip.
What changed in each edition: RELEASE-NOTES.txt beside this file.
"""


@dataclass(frozen=True)
class BundleReport:
    path: Path
    files: int
    size: int


def bundle_stem(version: str, edition: str = "") -> str:
    """``dx-playbook-0.1.0-offline``: the zip's name without ``.zip``, and its top folder; a
    town's edition names itself, ``dx-playbook-mihon-0.1.0-offline``, so that its zip never
    passes for the plain playbook's."""
    return (
        f"dx-playbook-{edition}-{version}-offline" if edition else f"dx-playbook-{version}-offline"
    )


def bundle_files(site_dir: Path) -> list[Path]:
    """Every file of ``site_dir`` that belongs in the bundle, in a stable order.

    Only regular files that are really inside ``site_dir``: a link (which MkDocs never writes,
    it copies) could carry a file of the build machine into the zip.
    """
    found = []
    real_site = site_dir.resolve()
    for path in site_dir.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.name in EXCLUDED_NAMES:
            continue
        if real_site not in path.resolve().parents:
            continue
        if path.name.endswith(EXCLUDED_SUFFIXES):
            continue
        found.append(path)
    return sorted(found, key=lambda path: path.relative_to(site_dir).as_posix())


def write_bundle(
    site_dir: Path,
    zip_path: Path,
    *,
    root: str,
    timestamp: tuple[int, int, int, int, int, int],
    notes: dict[str, str] | None = None,
) -> BundleReport:
    """Zip ``site_dir`` into ``zip_path`` under the folder ``root``, with ``notes`` (file name
    -> text: the README, the release notes) first, beside ``index.html``.

    Entries are sorted and carry one fixed time and mode, so the same site gives the same bytes.
    The zip is written next to its target and renamed into place: a reader copying it meanwhile
    never gets half a file.
    """
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(zip_path.name + ".partial")
    files = bundle_files(site_dir)

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(f"{root}/{name}", date_time=timestamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        return info

    notes = notes or {}
    with zipfile.ZipFile(partial, "w") as archive:
        for name, text in notes.items():
            archive.writestr(entry(name), text.encode("utf-8"), compresslevel=9)
        for path in files:
            name = path.relative_to(site_dir).as_posix()
            archive.writestr(entry(name), path.read_bytes(), compresslevel=9)
    partial.replace(zip_path)
    write_checksum(zip_path)
    return BundleReport(zip_path, len(files) + len(notes), zip_path.stat().st_size)


#: What ``sha256sum`` calls it: ``<zip>.sha256``, holding ``<64 hex digits>  <zip name>``.
CHECKSUM_SUFFIX = ".sha256"


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file, in hexadecimal (read in blocks: the zip may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksum_path(zip_path: Path) -> Path:
    return zip_path.with_name(zip_path.name + CHECKSUM_SUFFIX)


def write_checksum(zip_path: Path) -> str:
    """Write ``<zip>.sha256`` beside the zip, in the form ``sha256sum -c`` and PowerShell's
    ``Get-FileHash`` users compare with (a closed network's intake review asks for one)."""
    digest = sha256_of(zip_path)
    checksum_path(zip_path).write_text(f"{digest}  {zip_path.name}\n", encoding="ascii")
    return digest


# --- What a browser would fetch ------------------------------------------------------------------

_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])(?P<url>[^'"]+)\1""", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*(?P<url>\S+)", re.IGNORECASE)

#: Attributes that make the browser fetch, by element (``None``: any element).
_LOADING_ATTRIBUTES: dict[str | None, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
#: ``<link rel=...>`` values that fetch; ``alternate``, ``canonical`` and the like do not.
_LOADING_RELS = frozenset(
    {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
     "prefetch", "manifest", "mask-icon"}
)  # fmt: skip


def is_external(url: str) -> bool:
    """Whether ``url`` points off the bundle: ``http:``, ``https:`` or protocol-relative."""
    return _EXTERNAL.match(url) is not None


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_loads(css: str) -> list[str]:
    """Every URL a style sheet fetches (``url()`` and ``@import``), ``data:`` excluded."""
    found = [m.group("url").strip() for m in _CSS_URL.finditer(css)]
    found += [m.group("url").strip() for m in _CSS_IMPORT.finditer(css)]
    return [url for url in found if not url.lower().startswith("data:")]


class _LoadCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        tag = tag.lower()
        for name in _LOADING_ATTRIBUTES.get(tag, ()):
            if name in values:
                value = values[name]
                self.urls.extend(_srcset_urls(value) if name == "srcset" else [value])
        if tag == "link" and _LOADING_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.search(values.get("content", ""))
            if match:
                self.urls.append(match.group("url").strip("'\""))
        if "style" in values:
            self.urls.extend(css_loads(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(css_loads(data))


def markup_loads(markup: str) -> list[str]:
    """Every URL an HTML or SVG document makes the browser fetch."""
    collector = _LoadCollector()
    collector.feed(markup)
    collector.close()
    return collector.urls


def find_external_loads(site_dir: Path) -> list[tuple[str, str]]:
    """``(file, url)`` for every external URL that a built HTML, SVG or CSS file would fetch."""
    found: list[tuple[str, str]] = []
    for path in sorted(site_dir.rglob("*")):
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in (".html", ".htm", ".svg", ".css"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        urls = css_loads(text) if suffix == ".css" else markup_loads(text)
        name = path.relative_to(site_dir).as_posix()
        found.extend((name, url) for url in urls if is_external(url))
    return found
