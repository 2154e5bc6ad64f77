"""Print every run of 18+ characters that a file shares with the source article.

Usage: python scripts/source_overlap.py [FILES...]   (default: every page under docs/)
Exit status 1 when any run is found.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dx_playbook.core.quality.overlap import shared_runs, source_windows

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "source" / "series-part5.ja.txt"


def main(argv: list[str]) -> int:
    windows = source_windows(SOURCE.read_text(encoding="utf-8"))
    files = [Path(arg) for arg in argv] or sorted((ROOT / "docs").rglob("*.md"))
    found = 0
    for path in files:
        for run in shared_runs(path.read_text(encoding="utf-8"), windows):
            print(
                f"{path}: shares '{run.text}' with the source article; rewrite it in your own words"
            )
            found += 1
    print(f"{found} shared runs in {len(files)} files")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
