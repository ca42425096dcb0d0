"""The rendered site: every page, picture and download of a library by its path under the docs root,
and the navigation outline the adapters place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from mkdocs_clusters.cluster.model import Result
from mkdocs_clusters.cluster.names import Description
from mkdocs_clusters.collect.catalog import KIND_TITLES, KINDS, Catalog, Collection
from mkdocs_clusters.collect.similar import Similar
from mkdocs_clusters.model import Library
from mkdocs_clusters.read.library import is_liked_name
from mkdocs_clusters.render.layout import Layout
from mkdocs_clusters.render.overview import LibraryMap, StartPage, start_page
from mkdocs_clusters.render.pages import PageSettings, PageWriter
from mkdocs_clusters.render.playlists import exportify_csv
from mkdocs_clusters.render.search import Holder, TrackEntry, track_entries


@dataclass(frozen=True)
class NavNode:
    """One entry of the navigation outline: a page (`src`), a section (`children`), or both."""

    title: str
    src: str | None = None
    children: tuple[NavNode, ...] = ()


@dataclass(frozen=True)
class Site:
    """Every generated file by source path relative to the docs root, and the navigation outline.

    A value: the build core hands the same site to the plugin, to `generate` and to the site cache, and
    reuses it unchanged for a rebuild of the same library."""

    pages: Mapping[str, str]
    images: Mapping[str, bytes]
    #: each cluster as an Exportify CSV (`cluster-1.csv`), and each playlist whole (`playlist.csv`)
    downloads: Mapping[str, bytes]
    nav: NavNode
    #: how many collections the site has
    collections: int
    #: one search entry per track, by the path of the page it lands on (see render/search.py)
    search: Mapping[str, tuple[TrackEntry, ...]] = field(default_factory=dict)


def render_site(
    library: Library,
    catalog: Catalog,
    settings: PageSettings,
    nav_limit: int,
    results: Mapping[str, tuple[Result, Description]],
    similar: Mapping[str, Similar] | None = None,
    library_map: LibraryMap | None = None,
) -> Site:
    """The pages, pictures and downloads of every collection (`results` and their descriptions by
    collection path; `similar` names the collections like each), the kind indexes and the start page
    (with `library_map`, the whole library clustered as one collection, when there is one)."""
    return SiteWriter(library, catalog, settings, nav_limit, similar).finish(results, library_map)


@dataclass(frozen=True)
class _Rendered:
    """One collection's files, and what they were written from."""

    result: Result
    page: str
    downloads: dict[str, bytes]
    collection: Collection
    description: Description


class SiteWriter:
    """Writes a site collection by collection, as results arrive (the build renders pages while workers
    still cluster others), then the indexes and the start page. A collection written again with another
    result replaces what it had.

    Given the writer of the `previous` build (a `mkdocs serve` rebuild after an edit), a collection whose
    page would come out the same is taken from it rather than written: the same collection, clusters,
    picture, words and similar collections, and none of its tracks changed in anything a page shows
    (`_changed_tracks`), under the same settings and the same collections to link to."""

    def __init__(
        self,
        library: Library,
        catalog: Catalog,
        settings: PageSettings,
        nav_limit: int,
        similar: Mapping[str, Similar] | None = None,
        previous: SiteWriter | None = None,
    ) -> None:
        self.library, self.catalog, self.settings, self.nav_limit = library, catalog, settings, nav_limit
        self.writer = PageWriter(library, catalog, settings, similar)
        self.layout = Layout(settings.root)
        self._by_path = {c.path: c for c in catalog.collections}
        self._rendered: dict[str, _Rendered] = {}
        self._csv_rows: dict[str, str] = {}
        self._start: tuple[LibraryMap | None, StartPage] | None = None
        #: what every page links to and is shaped by: settings and the collections' names and paths
        self._context = (settings, nav_limit, tuple((c.kind, c.path, c.name) for c in catalog.collections))
        self._previous = previous if previous is not None and previous._context == self._context else None
        self._changed = _changed_tracks(self._previous, self) if self._previous is not None else set()

    def add(self, path: str, result: Result, description: Description) -> None:
        """Write the collection at `path` from its result (nothing to do if it was, from this result)."""
        done = self._rendered.get(path)
        if done is not None and done.result is result:
            return
        collection = self._by_path[path]
        kept = self._kept(collection, result, description)
        if kept is not None:
            self._rendered[path] = kept
            return
        library, layout = self.library, self.layout
        downloads = _downloads(library, collection, result, layout, self._csv_rows) if self.settings.downloads else {}
        page, files = self.writer.collection_files(collection, result, description)
        downloads.update(files)
        self._rendered[path] = _Rendered(result, page, downloads, collection, description)

    def _kept(self, collection: Collection, result: Result, description: Description) -> _Rendered | None:
        """The previous build's files of the collection when they would be written the same now."""
        if self._previous is None:
            return None
        old = self._previous._rendered.get(collection.path)
        if (
            old is None
            or old.collection != collection
            or old.result.clustering is not result.clustering
            or old.result.legend != result.legend
            or old.description != description
            or self._previous.writer.similar.get(collection.path) != self.writer.similar.get(collection.path)
            or any(key in self._changed for key in collection.track_keys)
        ):
            return None
        return replace(old, result=result)

    def _holders(self) -> list[Holder]:
        """Each playlist as its tracks' search entries name it, with each track's cluster there."""
        holders = []
        for collection in self.catalog.of_kind("playlists"):
            done = self._rendered[collection.path]
            clusters = dict.fromkeys(collection.track_keys, "")
            for cluster, text in zip(done.result.clustering.clusters, done.description.clusters, strict=True):
                clusters.update(dict.fromkeys(cluster.keys, text.name))
            page = self.layout.page(collection.path)
            holders.append(Holder(page, collection.name, is_liked_name(collection.name), clusters))
        return holders

    def start(self, library_map: LibraryMap | None) -> None:
        """Write the start page (nothing to do if it was, from this map)."""
        if self._start is not None and _same_map(self._start[0], library_map):
            return
        before = self._previous._start if self._previous is not None and not self._changed else None
        if before is not None and _same_map(before[0], library_map):
            self._start = before
            return
        self._start = (library_map, start_page(self.writer, library_map))

    def finish(self, results: Mapping[str, tuple[Result, Description]], library_map: LibraryMap | None) -> Site:
        """The whole site: every collection from `results` (by path), the kind indexes, the start page."""
        pages: dict[str, str] = {}
        images: dict[str, bytes] = {}
        downloads: dict[str, bytes] = {}
        layout = self.layout
        for collection in self.catalog.collections:  # in the catalog's order, however they arrived
            self.add(collection.path, *results[collection.path])
            done = self._rendered[collection.path]
            page = layout.page(collection.path)
            pages[page] = done.page
            if done.result.picture:
                images[layout.picture(collection.path)] = done.result.picture
            downloads.update(done.downloads)
        clusterings = {path: result.clustering for path, (result, _) in results.items()}
        for kind in KINDS:
            pages[layout.kind_index(kind)] = self.writer.kind_index(kind, clusterings)
        self.start(library_map)
        assert self._start is not None
        pages[layout.home()] = self._start[1].text
        images.update(self._start[1].images)
        outline = _outline(self.catalog, self.nav_limit, layout, self.writer.settings.title)
        search = track_entries(self.library.tracks, self._holders(), self.writer.row_ids)
        self._previous = None  # the next build's writer starts from this one; no chain of older builds
        return Site(pages, images, downloads, outline, len(self.catalog.collections), search)


def _changed_tracks(old: SiteWriter, new: SiteWriter) -> set[str]:
    """The tracks whose rows or downloads may differ between two builds' pages: new or changed tracks,
    and those liked or unliked, with another row id, or now in other playlists."""
    changed = set()
    before, after = old.library.tracks, new.library.tracks
    for key, track in after.items():
        was = before.get(key)
        if (
            was is None
            or (was is not track and was != track)
            or (key in old.library.liked) != (key in new.library.liked)
            or old.writer.row_ids.get(key) != new.writer.row_ids.get(key)
            or old.writer.playlists_of(key) != new.writer.playlists_of(key)
        ):
            changed.add(key)
    return changed


def _same_map(a: LibraryMap | None, b: LibraryMap | None) -> bool:
    return a is b or (a is not None and b is not None and a[0] is b[0] and a[1] is b[1])


def _downloads(
    library: Library, collection: Collection, result: Result, layout: Layout, csv_rows: dict[str, str]
) -> dict[str, bytes]:
    """Each cluster of a collection as an Exportify CSV (its Spotify URIs are in the page's link), and a
    playlist's every entry in its order (a track it holds twice is in it twice)."""
    lists = [(cluster.number, cluster.keys) for cluster in result.clustering.clusters]
    if collection.kind == "playlists" and collection.track_keys:
        lists.append((0, collection.entry_keys))
    return {
        layout.download(collection.path, number, "csv"): exportify_csv([library.tracks[k] for k in keys], csv_rows)
        for number, keys in lists
    }


def _outline(catalog: Catalog, nav_limit: int, layout: Layout, title: str) -> NavNode:
    """Library > kinds > collections; a kind lists its collections only up to `nav_limit` of them,
    so that a library with thousands of collections does not put thousands of links on every page."""
    sections = []
    for kind in KINDS:
        collections = catalog.of_kind(kind)
        if not collections and kind != "playlists":  # no empty index in the navigation (none of it is linked)
            continue
        index = NavNode(KIND_TITLES[kind], layout.kind_index(kind))
        listed = [NavNode(c.name, layout.page(c.path)) for c in collections] if len(collections) <= nav_limit else []
        sections.append(NavNode(KIND_TITLES[kind], layout.kind_index(kind), (index, *listed)))
    return NavNode(title, layout.home(), (NavNode(title, layout.home()), *sections))
