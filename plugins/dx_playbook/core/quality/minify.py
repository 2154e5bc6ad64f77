"""Our scripts and style sheets as the site ships them: without comments and spare space.

The sources in ``overrides/assets/`` keep their comments for the people who review them; the
built site carries them minified (rjsmin and rcssmin, maintained minifiers written for exactly
this, with no change of meaning). What a principle page loads of ours then stays under the 50 KB
budget of issue 17 (``scripts/benchmark.py`` prints it): 35 KB instead of 57 KB today.

Nothing here imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

#: Our assets in a built site, by the pattern of their path under the site root.
OUR_SCRIPTS = "assets/javascripts/dxp-*.js"
OUR_STYLES = "assets/stylesheets/dxp-*.css"


def minify_script(text: str) -> str:
    return rjsmin.jsmin(text, keep_bang_comments=True)


def minify_style(text: str) -> str:
    return rcssmin.cssmin(text, keep_bang_comments=True)


def minify_assets(site_dir: Path) -> int:
    """Minify our scripts and style sheets under ``site_dir`` in place (each language's copy
    too); returns how many bytes that saved. Files already minified are left as they are."""
    saved = 0
    for pattern, minify in ((OUR_SCRIPTS, minify_script), (OUR_STYLES, minify_style)):
        for path in sorted(site_dir.glob(pattern)) + sorted(site_dir.glob(f"*/{pattern}")):
            if path.is_symlink() or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            small = minify(text)
            if small != text:
                path.write_text(small, encoding="utf-8")
                saved += len(text.encode()) - len(small.encode())
    return saved
