"""The MkDocs adapter: config in, generated files and navigation out. All the work is in the core."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .cache import DiskCache
from .compute import Result
from .config import ClustersConfig, check, settings_from
from .output import site_items
from .pages import escape
from .rawhtml import RawBlocksExtension
from .reading import LibraryError, library_files, load_unchanged
from .site import NavNode, Site, generate_site
from .sitecache import SiteCache, library_digest, site_key

log = get_plugin_logger(__name__)
CSS_URI = "assets/mkdocs-clusters/clusters.css"
#: draws the interactive comparison picture from the data on each clusters page (see plot.py)
JS_URI = "assets/mkdocs-clusters/clusters.js"
#: plugins that build the navigation from the files themselves
NAV_PLUGINS = ("awesome-nav", "literate-nav")


class ClustersPlugin(BasePlugin[ClustersConfig]):  # type: ignore[no-untyped-call]
    """Adds a clusters site for an exported music library to the MkDocs build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.memo: dict[str, Result] = {}
        self.site: Site | None = None
        self.library_path: Path | None = None
        self.cache: DiskCache | None = None
        self.sites: SiteCache | None = None
        self.site_key: tuple[str, str] | None = None
        #: under `mkdocs serve`, a rebuild that cannot read the library keeps the last site (see `_site`)
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance (and its memo) across `mkdocs serve` rebuilds."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve the library path and register the stylesheet and the script."""
        if not self.config.library:
            raise PluginError("clusters: set `library:` to your export (a zip, a folder or a CSV file)")
        problems = check(self.config)
        if problems:
            raise PluginError("clusters: " + "; ".join(problems))
        base = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        self.library_path = (base / self.config.library).resolve()
        self.cache, self.sites = None, None
        if self.config.cache:
            folder = (base / self.config.cache_dir).resolve()
            if folder.is_relative_to(Path(config.docs_dir).resolve()):
                raise PluginError(f"clusters: cache_dir {folder} is inside docs_dir; choose a folder outside it")
            self.cache, self.sites = DiskCache(folder), SiteCache(folder)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if not any(isinstance(e, RawBlocksExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(RawBlocksExtension())  # type: ignore[arg-type]  # instances work
        # entries may be ExtraScriptValue objects, whose str() is their path
        if JS_URI not in (str(script) for script in config.extra_javascript):
            config.extra_javascript.append(JS_URI)
        return config

    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Generate every page and picture in memory and add them to the build (late, so that nav
        plugins see them)."""
        site = self._site(config)
        self.site = site
        # Generated pages stay out of MkDocs' automatic nav (on_nav adds a scalable section instead);
        # nav plugins only see pages that may be in the nav, so with one of them they stay visible.
        nav_plugin = any(name in config.plugins for name in NAV_PLUGINS)
        inclusion = InclusionLevel.UNDEFINED if nav_plugin else InclusionLevel.NOT_IN_NAV
        new_files = [
            File.generated(config, uri, content=content, inclusion=inclusion) for uri, content in site_items(site)
        ]
        # compare where files land, not their source names: docs/library.md and the generated
        # library/index.md both become library/index.html with directory URLs
        taken = {f.dest_uri: f.src_uri for f in files}
        for file in new_files:
            if file.dest_uri in taken:
                raise PluginError(
                    f"clusters: {taken[file.dest_uri]} in docs_dir would be overwritten by the generated "
                    f"{file.src_uri}; set the plugin's `root:` to a free folder"
                )
        for file in new_files:
            files.append(file)
        return files

    def _site(self, config: MkDocsConfig) -> Site:
        """The generated site; on a rebuild with the same library files and options, the last one.

        A library that cannot be read whole (gone, unreadable, or changed while being read) stops a build
        with the reason. A `mkdocs serve` rebuild logs the reason and keeps the last site instead: MkDocs
        has emptied its site folder by now, and failing here would leave nothing to serve until the
        export is back; the next change of the library rebuilds (its key was not updated).
        """
        assert self.library_path is not None
        settings = settings_from(self.config, config.use_directory_urls)
        options = repr((settings, self.config.label_aliases))
        try:
            files = library_files(self.library_path)
            key = (repr(files), options)
            if self.site is not None and key == self.site_key:
                self.site.computed = []
                return self.site
            content_key = self._content_key(files, options)
            stored = self.sites.get(content_key) if self.sites is not None and content_key else None
            if stored is not None:
                site, report = stored
                for line in report:
                    log.info(line)
                log.info(
                    f"{site.collections} collections, 0 clustered in this build (the site an earlier build stored)"
                )
                self.site_key = key
                return site
            library = load_unchanged(self.library_path, files, self.config.label_aliases)
        except (LibraryError, OSError) as exc:
            reason = (
                str(exc) if isinstance(exc, LibraryError) else f"cannot read the library {self.library_path}: {exc}"
            )
            if not self.serving or self.site is None:
                raise PluginError(f"clusters: {reason}") from exc
            log.error(f"{reason}; still serving the site of the last library read whole")
            self.site.computed = []
            return self.site
        report = [line for file_report in library.reports for line in file_report.summary()]
        for line in report:
            log.info(line)
        site = generate_site(
            library,
            settings,
            self.memo,
            self.cache,
            self.config.jobs or os.cpu_count() or 1,
            lambda done, total: log.info(f"clustered {done} of {total} collections"),
        )
        self.site_key = key
        if self.sites is not None and content_key is not None:
            try:
                self.sites.put(content_key, site, report)
            except OSError as exc:  # a full disk or a read-only cache costs the next build time, not this one
                log.info(f"could not store the site in the cache ({exc}); the next build will render it again")
        log.info(f"{site.collections} collections, {len(site.computed)} clustered in this build")
        return site

    def _content_key(self, files: dict[str, tuple[int, int]], options: str) -> str | None:
        """The key of this library's bytes and options in the site cache (None without a cache).

        Files that change while they are hashed give no key: the build then reads the library, which
        reports the change."""
        if self.sites is None:
            return None
        try:
            content_key = site_key(library_digest(files), options)
            if library_files(self.library_path or Path()) != files:
                return None
        except (LibraryError, OSError):
            return None  # reading the library says what is wrong
        return content_key

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Add the library section unless the user's own `nav:` already places generated pages."""
        if self.site is None or not self.config.nav:
            return nav
        generated = set(self.site.pages)
        if any(page.file.src_uri in generated for page in nav.pages):
            return nav
        nav.items.append(_section(self.site.nav, files, config))
        _relink(nav)
        return nav

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when the library changes.

        A library that is a folder is watched recursively; deleting the whole folder ends that watch (the
        watcher stops on a vanished folder), so after restoring it a change of `mkdocs.yml` or the docs is
        needed to rebuild. Files inside it may come and go freely, as may a one-file library.
        """
        if self.library_path is not None and self.library_path.exists():
            server.watch(str(self.library_path))
        return server


def _section(node: NavNode, files: Files, config: MkDocsConfig) -> Section:
    children: list[StructureItem] = []
    for child in node.children:
        if child.children:
            children.append(_section(child, files, config))
        elif child.src is not None:
            file = files.get_file_from_path(child.src)
            assert file is not None and file.page is not None
            file.page.title = escape(child.title)  # themes print titles unescaped
            children.append(file.page)
    section = Section(escape(node.title), children)
    for item in children:
        item.parent = section
    return section


def _relink(nav: Navigation) -> None:
    """Recompute the page order (previous/next) after adding a section."""
    pages: list[Page] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i > 0 else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
    nav.pages = pages
