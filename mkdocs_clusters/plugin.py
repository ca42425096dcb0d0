"""The MkDocs adapter: each hook hands its work on to `files`, `navigation`, `search_index` or `serving`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from mkdocs_clusters.build import Build, BuildCache
from mkdocs_clusters.cluster.clustering import warm_up
from mkdocs_clusters.config import ClustersConfig, options_from
from mkdocs_clusters.files import add_site, build_site, plugin_paths, register_assets
from mkdocs_clusters.navigation import add_section
from mkdocs_clusters.parallel import workers
from mkdocs_clusters.search_index import TrackSearch
from mkdocs_clusters.serving.reuse import Reuse
from mkdocs_clusters.watching import watch_library

log = get_plugin_logger(__name__)


class ClustersPlugin(BasePlugin[ClustersConfig]):  # type: ignore[no-untyped-call]
    """Adds a clusters site for an exported music library to the MkDocs build."""

    supports_multiple_instances = True  # two libraries on one site, each under its own `root:` (the demo)

    def __init__(self) -> None:
        self.cache = BuildCache()  # kept across serve rebuilds (see `on_startup`); its folder follows the config
        self.build: Build | None = None
        self.library, self.serving, self._dirty = Path(), False, False
        self.search, self.reuse = TrackSearch(), Reuse()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """So that MkDocs keeps this instance (and its cache) across serve rebuilds; serve warms up meanwhile."""
        self.serving, self._dirty = command == "serve", dirty
        if self.serving:
            threading.Thread(target=warm_up, name="mkdocs-clusters-warm-up", daemon=True).start()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the library and cache paths; register the stylesheet, the scripts and raw HTML blocks."""
        others = {name: p for name, p in _instances(config).items() if p is not self}
        self.library, folder = plugin_paths(self.config, config, {n: p.cache.folder for n, p in others.items()})
        if not self.serving and not self.library.exists():  # before MkDocs empties site_dir
            raise PluginError(f"clusters: library not found: {self.library}")
        if folder != self.cache.folder:
            self.cache = BuildCache(folder, self.cache.memo)
        self.search.begin(config.plugins)
        register_assets(config)
        if self.serving:
            roots = (self.config.root, [p.config.root for p in others.values()])
            self.reuse.begin(config, self._dirty, list(_instances(config)), roots, log)
        return config

    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add every generated page and picture (late, so that nav plugins see them)."""
        options = options_from(self.config, config.use_directory_urls, workers(self.config.jobs))
        self.build = build_site(self.library, options, self.cache, self.serving, log)
        add_site(files, config, self.build.site, self.library, self.reuse, log)
        return files

    def _add_section(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.build is not None and self.config.nav:
            add_section(nav, self.build.site, files)  # unless the user's own `nav:` places generated pages
        return nav

    @event_priority(-100)
    def _reuse_pages(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Once the navigation is final: the pages a serve rebuild takes from the last build, unrendered."""
        if self.build is not None and self.reuse.active:
            self.reuse.choose(config, files, nav, self.build.site.pages, list(_instances(config)))
            self.search.place(self.reuse.reused_urls(), self.build.site.search)
        return nav

    on_nav = CombinedEvent(_add_section, _reuse_pages)

    @event_priority(100)
    def _hide_tables_from_search(self, /, context: TemplateContext, *, page: Page, **_: Any) -> TemplateContext:
        """Before any search plugin reads a generated page (at priority 0): the page without its tables."""
        page.content = self.search.hide(page.file.src_uri, page.content, self.build.site.pages if self.build else {})
        return context

    @event_priority(-100)
    def _show_tables_again(self, /, context: TemplateContext, *, page: Page, **_: Any) -> TemplateContext:
        """After the search plugins: the whole page back for the theme to render."""
        page.content = self.search.show(page.file.src_uri, page.content, page.url)
        return context

    on_page_context = CombinedEvent(_hide_tables_from_search, _show_tables_again)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.reuse.hold(config)  # before MkDocs empties site_dir: a serve rebuild moves its folder aside

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.reuse.put_back(config)  # once pages are read, before MkDocs writes: the folder back
        return env

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.reuse.rendered(page)  # a generated page rendered in a serve build, for the next build to take
        return output

    def on_template_context(self, context: TemplateContext, *, template_name: str, **_: Any) -> TemplateContext:
        # the sitemap lists the pages a serve rebuild took from the last build too
        return self.reuse.sitemap(context) if template_name == "sitemap.xml" else context

    @event_priority(-50)
    def _place_reused(self, *, config: MkDocsConfig) -> None:
        self.reuse.place(config, log)  # before any instance adds tracks: reused pages and their entries back

    @event_priority(-100)
    def _add_tracks_to_search(self, *, config: MkDocsConfig) -> None:
        """After the search plugin wrote its index: one entry for each track (see search_index.py)."""
        self.search.add_to(config.site_dir, self.build.site.search if self.build else {}, log)

    @event_priority(-110)
    def _end_serve_build(self, *, config: MkDocsConfig) -> None:
        self.reuse.finish(config)  # every file written: what the last build left and this one did not make goes

    on_post_build = CombinedEvent(_place_reused, _add_tracks_to_search, _end_serve_build)

    def on_build_error(self, *, error: Exception) -> None:
        self.reuse.abandon()

    def on_shutdown(self) -> None:
        self.cache.wait()  # a site waiting to be stored in the background is stored; staged files go
        self.reuse.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when the library changes, a whole folder deleted or restored included (watching.py)."""
        watch_library(server, self.library)
        return server


def _instances(config: MkDocsConfig) -> dict[str, ClustersPlugin]:
    """This plugin's instances in the configuration, by name."""
    return {name: plugin for name, plugin in config.plugins.items() if isinstance(plugin, ClustersPlugin)}
