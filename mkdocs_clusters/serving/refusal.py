"""When a serve rebuild may not take pages from the last build: with `--dirty` (MkDocs then writes over
files in place, which would reach the staged copies through the links) and beside plugins other than
the search and navigation plugins (one may read every page as it is rendered)."""

from __future__ import annotations

from collections.abc import Collection

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_clusters.search_index import SEARCH_PLUGINS

#: plugins that cannot tell a reused page from a rendered one: the search plugins' entries of a reused
#: page come back from the last build (`SEARCH_PLUGINS`), and navigation plugins run before pages are
#: chosen for reuse
NAV_PLUGINS = ("awesome-nav", "literate-nav")


def refusal(config: MkDocsConfig, dirty: bool, ours: Collection[str]) -> str:
    """Why a serve build cannot reuse pages ("" when it can); `ours` names this plugin's instances."""
    if dirty:
        return "a dirty build writes over files in place"
    for name, plugin in config.plugins.items():
        base = name.split(" #", 1)[0]
        if name in ours or base in NAV_PLUGINS:
            continue
        if base in SEARCH_PLUGINS and not getattr(plugin.config, "prebuild_index", False):
            continue
        return f"the plugin {name} may read every page"
    return ""
