"""Time each plugin's events in one MkDocs run: where a build's time goes, plugin by plugin.

Usage (arguments as for ``mkdocs``):
    python scripts/plugin_times.py build --strict -q -f /path/to/mkdocs.yml -d /tmp/site
A project to measure comes from ``scripts/synthetic.py`` (``write_project``). Times nest: the
i18n plugin's ``post_build`` holds the whole build of the second language, our events included.
"""

from __future__ import annotations

import atexit
import collections
import runpy
import sys
import time
from typing import Any

from mkdocs.plugins import PluginCollection

TIMES: collections.Counter[tuple[str, str]] = collections.Counter()
_run_event = PluginCollection.run_event


def run_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
    for method in self.events[name]:
        owner = getattr(method, "__self__", None)
        plugin = f"{type(owner).__module__.split('.')[0]}:{type(owner).__name__}"
        start = time.perf_counter()
        result = method(item, **kwargs) if item is not None else method(**kwargs)
        TIMES[(plugin, name)] += time.perf_counter() - start
        if result is not None:
            item = result
    return item


def report() -> None:
    totals: collections.Counter[str] = collections.Counter()
    for (plugin, _), seconds in TIMES.items():
        totals[plugin] += seconds
    for plugin, seconds in totals.most_common():
        print(f"{seconds:7.3f} s  {plugin}", file=sys.stderr)
    print("by event:", file=sys.stderr)
    for (plugin, event), seconds in TIMES.most_common(20):
        print(f"{seconds:7.3f} s  {plugin} {event}", file=sys.stderr)


if __name__ == "__main__":
    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    atexit.register(report)
    sys.argv = ["mkdocs", *sys.argv[1:]]
    runpy.run_module("mkdocs", run_name="__main__")
