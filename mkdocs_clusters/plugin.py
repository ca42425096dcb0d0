"""The MkDocs adapter: config in, generated files and navigation out. All the work is in `build`."""

from __future__ import annotations

import html
import json
import threading
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from mkdocs_clusters.build import BUILT, KEPT, STORED, Build, BuildCache, build
from mkdocs_clusters.cluster.clustering import warm_up
from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.config import ClustersConfig, options_from
from mkdocs_clusters.navigation import add_section
from mkdocs_clusters.parallel import ClusterError, workers
from mkdocs_clusters.read.sources import LibraryError
from mkdocs_clusters.render.rawhtml import RawBlocksExtension
from mkdocs_clusters.render.search import searchable
from mkdocs_clusters.serving import Reuse, refusal
from mkdocs_clusters.store.folder import site_items
from mkdocs_clusters.watching import watch_library

log = get_plugin_logger(__name__)
CSS_URI = "assets/mkdocs-clusters/clusters.css"
#: draws the interactive comparison picture from the data on each clusters page (see render/plot.py)
JS_URI = "assets/mkdocs-clusters/clusters.js"
#: sorts the tables by any column and filters the long ones (render/assets/tables.js)
TABLES_JS_URI = "assets/mkdocs-clusters/tables.js"
#: plugins that build the navigation from the files themselves
NAV_PLUGINS = ("awesome-nav", "literate-nav")
#: MkDocs' own search plugin and Material's (MkDocs names a theme's plugin `theme/name`)
SEARCH_PLUGINS = ("search", "material/search")
#: where they write the index, under site_dir
SEARCH_INDEX = Path("search", "search_index.json")


class ClustersPlugin(BasePlugin[ClustersConfig]):  # type: ignore[no-untyped-call]
    """Adds a clusters site for an exported music library to the MkDocs build."""

    #: two libraries on one site (each under its own `root:`), as the demo shows one export with and one
    #: without audio features; the instances share the stylesheet and scripts
    supports_multiple_instances = True

    def __init__(self) -> None:
        #: kept across `mkdocs serve` rebuilds (see `on_startup`); its folder follows the config
        self.cache = BuildCache()
        self.build: Build | None = None
        self.library = Path()
        self.serving = False
        #: a generated page's whole HTML while a search plugin reads the page without its tables
        self._whole: dict[str, str] = {}
        #: the URL of each generated page with track search entries, as this build placed it
        self._urls: dict[str, str] = {}
        #: whether a search plugin (MkDocs' or Material's) indexes the pages
        self._searched = False
        #: the pages and files a `mkdocs serve` rebuild takes from the last build (see serving.py)
        self.reuse = Reuse()
        self._dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance (and its cache) across `mkdocs serve` rebuilds; serve
        imports the clustering libraries meanwhile, for the first edit."""
        self.serving, self._dirty = command == "serve", dirty
        if self.serving:
            threading.Thread(target=warm_up, name="mkdocs-clusters-warm-up", daemon=True).start()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the library and cache paths; register the stylesheet, the scripts and raw HTML blocks."""
        base = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        self.library = (base / self.config.library).resolve()
        if not self.serving and not self.library.exists():  # before MkDocs empties site_dir
            raise PluginError(f"clusters: library not found: {self.library}")
        folder = (base / self.config.cache_dir).resolve() if self.config.cache else None
        if folder and folder.is_relative_to(Path(config.docs_dir).resolve()):
            raise PluginError(f"clusters: cache_dir {folder} is inside docs_dir; choose a folder outside it")
        shared = [name for name, other in config.plugins.items() if other is not self and _cache_of(other) == folder]
        if folder and shared:
            raise PluginError(
                f"clusters: {shared[0]} uses the cache_dir {folder} too; give each instance its own (a cache "
                "remembers one library's last build)"
            )
        if folder != self.cache.folder:
            self.cache = BuildCache(folder, self.cache.memo)
        self._searched = any(name in config.plugins for name in SEARCH_PLUGINS)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if not any(isinstance(e, RawBlocksExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(RawBlocksExtension())  # type: ignore[arg-type]  # instances work
        for script_uri in (JS_URI, TABLES_JS_URI):
            if script_uri not in (str(script) for script in config.extra_javascript):  # ExtraScriptValue or str
                config.extra_javascript.append(script_uri)
        if self.serving:
            refused = refusal(config, self._dirty, _instances(config))
            if refused and refused != self.reuse.refused:  # said once, not at every rebuild
                log.info(f"serve rebuilds render every page again: {refused}")
            self.reuse.start(config, refused, _own_folder(self, config))
        return config

    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add every generated page and picture (late, so that nav plugins see them)."""
        options = options_from(self.config, config.use_directory_urls, workers(self.config.jobs))
        try:
            self.build = build(self.library, options, self.cache, keep_last=self.serving, progress=_progress)
        except (LibraryError, ClusterError) as exc:
            raise PluginError(f"clusters: {exc}") from exc
        _log(self.build)
        # Generated pages stay out of MkDocs' automatic nav (on_nav adds a scalable section instead);
        # nav plugins only see pages that may be in the nav, so with one of them they stay visible.
        nav_plugin = any(name in config.plugins for name in NAV_PLUGINS)
        inclusion = InclusionLevel.UNDEFINED if nav_plugin else InclusionLevel.NOT_IN_NAV
        _leave_out_library(files, self.library)
        # compare where files land: docs/library.md and a generated library/index.md collide
        taken = {f.dest_uri: f for f in files}
        new = []
        pages = self.build.site.pages
        for uri, data in site_items(self.build.site):
            if self.reuse.active and uri not in pages:  # a picture or download: linked when unchanged
                file = self.reuse.staged_file(config, uri, data, inclusion)
            else:
                file = File.generated(config, uri, content=data, inclusion=inclusion)
            there = taken.get(file.dest_uri)
            if there is not None and there.generated_by and there.content_bytes == file.content_bytes:
                continue  # the stylesheet and scripts another instance of this plugin added already
            if there is not None:
                where = f"generated by {there.generated_by}" if there.generated_by else "in docs_dir"
                raise PluginError(
                    f"clusters: {there.src_uri} {where} would be overwritten by the generated {file.src_uri}; "
                    "set the plugin's `root:` to a free folder"
                )
            new.append(file)
        for file in new:
            files.append(file)
        return files

    def _add_section(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Add the library section unless the user's own `nav:` already places generated pages."""
        if self.build is None or not self.config.nav:
            return nav
        if any(page.file.src_uri in self.build.site.pages for page in nav.pages):
            return nav
        add_section(nav, self.build.site.nav, files)
        return nav

    @event_priority(-100)
    def _reuse_pages(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Once every plugin placed its pages in the navigation: the generated pages a serve rebuild takes
        from the last build, unrendered (see serving.py)."""
        if self.build is not None and self.reuse.active:
            self.reuse.choose(config, files, nav, self.build.site.pages, _instances(config))
            for src, file in self.reuse.reused.items():
                if self._searched and src in self.build.site.search and file.page is not None:
                    self._urls[src] = file.page.url  # as `_show_tables_again` does for a rendered page
        return nav

    on_nav = CombinedEvent(_add_section, _reuse_pages)

    @event_priority(100)
    def _hide_tables_from_search(self, /, context: TemplateContext, *, page: Page, **_: Any) -> TemplateContext:
        """Before any search plugin reads a generated page (at the default priority, 0): the page without
        its track tables, profiles and picture data (see render/search.py)."""
        src = page.file.src_uri
        if self._searched and self.build is not None and src in self.build.site.pages and page.content:
            self._whole[src] = page.content
            page.content = searchable(page.content)
        return context

    @event_priority(-100)
    def _show_tables_again(self, /, context: TemplateContext, *, page: Page, **_: Any) -> TemplateContext:
        """After the search plugins: the whole page back for the theme to render."""
        src = page.file.src_uri
        whole = self._whole.pop(src, None)
        if whole is not None:
            page.content = whole
        if self._searched and self.build is not None and src in self.build.site.search:
            self._urls[src] = page.url
        return context

    on_page_context = CombinedEvent(_hide_tables_from_search, _show_tables_again)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Before MkDocs empties site_dir: a serve rebuild moves the plugin's folder aside (serving.py)."""
        self._urls = {}
        self.reuse.hold(config)

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Once pages are read, before MkDocs writes: the plugin's folder back (see serving.py)."""
        self.reuse.put_back(config)
        return env

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A generated page rendered in a serve build, for the next build to take (see serving.py)."""
        if self.reuse.active:
            self.reuse.rendered(page)
        return output

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The sitemap lists the pages a serve rebuild took from the last build too."""
        if template_name == "sitemap.xml" and self.reuse.reused:
            context["pages"] = self.reuse.sitemap_pages(context["pages"])
        return context

    @event_priority(-50)
    def _place_reused(self, *, config: MkDocsConfig) -> None:
        """After MkDocs wrote the site and the search plugin its index, before any instance adds tracks to
        it: the reused pages into site_dir, their search entries back into the index (see serving.py)."""
        if not self.reuse.active:
            return
        for src in self.reuse.place_pages(config):
            log.error(f"{src} could not be taken from the last build (its staged copy is gone); save again")
        path = Path(config.site_dir) / SEARCH_INDEX
        index = _search_index(path, "reused pages not added to") if path.is_file() else None
        if index is not None:
            docs = self.reuse.restore_search(index["docs"])
            if self.reuse.reused:
                index["docs"] = docs
                path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")

    @event_priority(-100)
    def _add_tracks_to_search(self, *, config: MkDocsConfig) -> None:
        """After the search plugin wrote its index: one entry for each track of each playlist, titled by
        the track's name and placed on its row, so that a track's name finds the playlists that hold it
        first (see render/search.py). An index that a search plugin prebuilt is left as it is."""
        path = Path(config.site_dir) / SEARCH_INDEX
        if self.build is None or not self._urls or not path.is_file():
            return
        index = _search_index(path, "tracks not added to")
        if index is None:
            return
        # Material's search shows title and text as HTML (and indexes pages so); MkDocs' escapes them
        as_html = _html if "material/search" in config.plugins else _as_is
        for src, url in sorted(self._urls.items()):
            index["docs"] += [
                {"location": f"{url}#{entry.anchor}", "title": as_html(entry.title), "text": as_html(entry.text)}
                for entry in self.build.site.search[src]
            ]
        path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")

    @event_priority(-110)
    def _end_serve_build(self, *, config: MkDocsConfig) -> None:
        """Once every file is written: what the last build left and this one did not make goes."""
        self.reuse.finish(config)

    on_post_build = CombinedEvent(_place_reused, _add_tracks_to_search, _end_serve_build)

    def on_build_error(self, *, error: Exception) -> None:
        self.reuse.abandon()

    def on_shutdown(self) -> None:
        """A site still being stored in the background (a serve rebuild's) is stored before MkDocs ends;
        the staged files of the last build go."""
        self.cache.wait()
        self.reuse.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when the library changes, a whole folder deleted or restored included (watching.py)."""
        watch_library(server, self.library)
        return server


def _own_folder(plugin: ClustersPlugin, config: MkDocsConfig) -> str:
    """The plugin's folder of the site when it is its alone: not the site's root, and neither inside nor
    around another instance's ("" otherwise)."""
    root = plugin.config.root.strip("/")
    others = [
        p.config.root.strip("/") for p in config.plugins.values() if isinstance(p, ClustersPlugin) and p is not plugin
    ]
    if not root or any(o == root or not o or o.startswith(root + "/") or root.startswith(o + "/") for o in others):
        return ""
    return root


def _instances(config: MkDocsConfig) -> list[str]:
    """The names of this plugin's instances in the configuration."""
    return [name for name, plugin in config.plugins.items() if isinstance(plugin, ClustersPlugin)]


def _search_index(path: Path, what: str) -> dict[str, Any] | None:
    """The search index a search plugin wrote, None (logged) when unreadable, prebuilt or unknown."""
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning(f"{what} the search index {path}: {exc}")
        return None
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list) or "index" in index:
        log.info(f"{what} the search index {path}: a prebuilt or unknown index")
        return None
    return index


def _cache_of(plugin: object) -> Path | None:
    """The cache folder of another instance of this plugin (None for other plugins, or no cache)."""
    return plugin.cache.folder if isinstance(plugin, ClustersPlugin) else None


def _log(done: Build) -> None:
    """The load report and the summary of a build that read a library or took a stored site; the reason
    a serve rebuild kept the last site; nothing for an unchanged library."""
    if done.origin == KEPT:
        for note in done.notes:
            log.error(note)
        return
    if done.origin in (BUILT, STORED):
        for lost, line in done.report:
            (log.warning if lost else log.info)(line)
        for line in (*done.notes, done.summary()):
            log.info(line)


def _leave_out_library(files: Files, library: Path) -> None:
    """A library kept inside docs_dir is read, never published: exports hold who added each track and
    the Liked Songs list, which a user puts beside the pages for convenience, not to share."""
    inside = [f for f in files if f.abs_src_path and Path(f.abs_src_path).resolve().is_relative_to(library)]
    for file in inside:
        files.remove(file)
    if inside:
        log.info(
            f"the library {library} is inside docs_dir: read, but left out of the site ({plural(len(inside), 'file')})"
        )


def _html(text: str) -> str:
    """Text as Material's search indexes a page's text: markup escaped, quotes as typed ("No Man's")."""
    return html.escape(text, quote=False)


def _as_is(text: str) -> str:
    return text


def _progress(done: int, total: int) -> None:
    log.info(f"clustered {done} of {total} collections")
