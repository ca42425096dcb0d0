"""The build core: a library, the options and the caches in; the site, what the build did and the load
report out. The MkDocs plugin and the `generate` command both build through `build`, so both get the
same site from the same caches.

Three levels of reuse, cheapest first:

1. the last build in this process (`BuildCache.last`), when the library's files are listed with the same
   sizes and modification times and the options are the same: a `mkdocs serve` rebuild after a page edit;
2. a whole stored site (`store.sitecache`), keyed by the bytes of the library's files, the options, the
   versions and this package's source: a new `mkdocs build` of an unchanged library;
3. each collection's clusters and picture, by a digest of its inputs, in memory (`BuildCache.memo`, kept
   across serve rebuilds) and on disk (`store.cache`): only the collections whose tracks changed are
   clustered again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs_clusters.cluster.curation import Curation, by_curation, library_curation
from mkdocs_clusters.cluster.model import ClusterSettings, Result
from mkdocs_clusters.cluster.names import Description, TrackFacts, sketch, words_for
from mkdocs_clusters.cluster.reference import library_reference
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.collect.similar import similar_collections
from mkdocs_clusters.model import Library
from mkdocs_clusters.parallel import Curated, Progress, Work, compute_many, signals_for
from mkdocs_clusters.read.library import ReadMemo, load_unchanged
from mkdocs_clusters.read.sources import DEFAULT_LIMITS, LibraryError, Limits, library_files
from mkdocs_clusters.render.pages import PageSettings
from mkdocs_clusters.render.pictures import legend_lines, scatter_png
from mkdocs_clusters.render.site import Site, SiteWriter
from mkdocs_clusters.store.cache import DiskCache
from mkdocs_clusters.store.keys import collection_digest, library_digest, versions
from mkdocs_clusters.store.sitecache import SiteCache, site_key


@dataclass(frozen=True)
class Settings:
    """Everything that shapes the generated site."""

    #: genres, labels and artists with fewer tracks get no page (playlists always do); the same number
    #: as `ClusterSettings.min_clustered_tracks` by default, so that every such page can show clusters
    min_collection_tracks: int = 10
    #: a kind lists its collections in the navigation only up to this many of them
    nav_limit: int = 50
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    pages: PageSettings = field(default_factory=PageSettings)


@dataclass(frozen=True)
class Options:
    """What a build is asked for: the site's settings, the user's label spellings, where the work runs."""

    settings: Settings = field(default_factory=Settings)
    #: a label name -> the spellings (patterns) that mean it
    label_aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)
    jobs: int = 1
    #: how much the library may make a build read
    limits: Limits = DEFAULT_LIMITS
    #: a Dask scheduler's address: its cluster computes the collections instead of `jobs` processes
    dask_scheduler: str = ""

    def key(self) -> str:
        """The options that shape the site, as text for cache keys (where the work runs does not)."""
        return repr((self.settings, dict(self.label_aliases), self.limits))


#: seconds of quiet after a serve rebuild before its site is stored (see `BuildCache.store_site`)
STORE_DELAY = 5.0

#: the whole library as one collection (the start page's map), among the collections' paths: digests,
#: the previous build's, and `Build.computed`; never a collection's path, which has a kind folder
LIBRARY_MAP = "library"

#: where a build's site came from
BUILT, STORED, UNCHANGED, KEPT = "built", "stored", "unchanged", "kept"


@dataclass(frozen=True)
class Build:
    """A build's products: the site, where it came from, the collections clustered, the load report."""

    site: Site
    #: BUILT (read and rendered now), STORED (the site cache), UNCHANGED (the last build, same files and
    #: options) or KEPT (the last build, since the library could not be read; see `build`)
    origin: str
    #: the collections whose clusters were computed in this build (not taken from a cache); `LIBRARY_MAP`
    #: when the start page's map of the whole library was
    computed: tuple[str, ...]
    #: (whether data was lost, line) for each file with problems or notes, as logged (`FileReport.summary`)
    report: tuple[tuple[bool, str], ...]
    #: what else a user may want to know: a site that could not be stored, why the last site was kept
    notes: tuple[str, ...] = ()
    #: the library's listing and the options, to tell an unchanged library on the next build
    key: tuple[str, str] = ("", "")

    def messages(self) -> list[tuple[str, str]]:
        """(level, line) for the log: the load report and the summary of a build that read a library or
        took a stored site (a report line that lost data is a warning); why a serve rebuild kept the last
        site (errors); nothing for an unchanged library."""
        if self.origin == KEPT:
            return [("error", note) for note in self.notes]
        if self.origin not in (BUILT, STORED):
            return []
        lines = [("warning" if lost else "info", line) for lost, line in self.report]
        return lines + [("info", line) for line in (*self.notes, self.summary())]

    def summary(self) -> str:
        """The build's closing log line."""
        clustered = f"{self.site.collections} collections, {len(self.computed)} clustered in this build"
        if self.origin == STORED:
            return f"{clustered} (the site an earlier build stored)"
        return clustered


@dataclass
class BuildCache:
    """What makes the next build cheaper: results by digest in memory, the disk caches (None: off), and
    the last build. The plugin keeps one across `mkdocs serve` rebuilds; `generate` makes one a run."""

    folder: Path | None = None
    memo: dict[str, Result] = field(default_factory=dict)
    last: Build | None = None
    #: each collection's digest (by path) in the last build of this process
    paths: dict[str, str] = field(default_factory=dict)
    #: the last build's site writer: a rebuild takes the pages that would come out the same from it
    writer: SiteWriter | None = None
    #: each library file's rows as last parsed: a serve rebuild parses only the files that changed
    reads: ReadMemo = field(default_factory=ReadMemo)
    #: a site being stored while `mkdocs serve` goes on (`store_site`), and what went wrong storing one
    _storing: threading.Timer | None = field(default=None, init=False, repr=False)
    _waiting: Callable[[], None] | None = field(default=None, init=False, repr=False)
    _store_fault: str = field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        self.reopen()

    def reopen(self) -> None:
        """Use the disk caches again (each build starts so: a fault may have been mended); a fault of
        storing the last site in the background is this build's to tell."""
        self.collections = DiskCache(self.folder) if self.folder else None
        self.sites = SiteCache(self.folder) if self.folder else None
        self.fault, self._store_fault = self._store_fault, ""

    def store_site(self, key: str, site: Site, report: Sequence[tuple[bool, str]], background: bool) -> None:
        """Keep the whole site for the next build of the same library. In the `background` (a serve
        rebuild) the build returns first, and the site is stored once serve has been idle for
        `STORE_DELAY` seconds: compressing and writing a big site took seconds of every rebuild after an
        edit, and a store running beside the next rebuild slowed it as much. A newer site replaces one
        waiting; `wait` stores the one waiting at once (serve ends)."""
        sites = self.sites
        if sites is None:
            return
        if not background:
            try:
                sites.put(key, site, report)
            except OSError as exc:
                self.fail(exc)
            return
        self._drop_waiting()
        if sites.holds(key):  # a serve build of a library some build stored: nothing to add
            return

        def store() -> None:
            try:
                sites.put(key, site, report)
            except OSError as exc:  # told by the next build (this one has returned)
                self._store_fault = f"the cache {self.folder} cannot be used ({exc}); the site was not stored"

        self._waiting = store
        self.resume()

    def pause(self) -> None:
        """A build begins: a site waiting to be stored waits until it ends (`resume`)."""
        if self._storing is not None:
            self._storing.cancel()  # not started: it never will, and the site still waits
            self._storing.join()  # started: it stores the site first
            self._storing = None

    def resume(self) -> None:
        """A build ended: the site waiting is stored after `STORE_DELAY` seconds of quiet."""
        if self._waiting is not None and self._storing is None:
            self._storing = threading.Timer(STORE_DELAY, self._store_waiting)
            self._storing.name = "mkdocs-clusters-store"
            self._storing.start()

    def wait(self) -> None:
        """Store the site waiting now, and let one being stored finish (before the process ends)."""
        self.pause()
        self._store_waiting()

    def _store_waiting(self) -> None:
        store, self._waiting = self._waiting, None
        if store is not None:
            store()

    def _drop_waiting(self) -> None:
        """A newer site replaces the one waiting, which is then never stored."""
        self.pause()
        self._waiting = None

    def keep(self, digest: str, result: Result) -> None:
        """A result computed in this build, in memory and on disk."""
        self.memo[digest] = result
        if self.collections:
            try:
                self.collections.put(digest, result)
            except OSError as exc:
                self.fail(exc)

    def previous(self) -> dict[str, str]:
        """The digest of each collection (by path) in the previous build: this process's, else the disk's."""
        if self.paths:
            return self.paths
        return self.collections.last_paths() if self.collections else {}

    def numbers(self, digest: str | None) -> dict[str, int] | None:
        """The cluster number of each track of a previous result, None when there is none."""
        if digest is None:
            return None
        result = self.memo.get(digest) or (self.collections.get(digest) if self.collections else None)
        if result is None or not result.clustering.clusters:
            return None
        return {key: c.number for c in result.clustering.clusters for key in c.keys}

    def remember(self, digests: dict[str, str]) -> None:
        """Each collection's digest in this build, for the next one to start from."""
        self.paths = dict(digests)
        if self.collections:
            try:
                self.collections.put_last_paths(self.paths)
            except OSError as exc:
                self.fail(exc)

    def fail(self, exc: OSError) -> None:
        """A cache that cannot be written (read-only, full, gone, not a folder) costs later builds time,
        never this one: it is set aside for the rest of the build, and the build says so once."""
        if not self.fault:
            self.fault = f"the cache {self.folder} cannot be used ({exc}); this build goes on without it"
        self.collections = self.sites = None


def build(
    library: Path, options: Options, cache: BuildCache, *, keep_last: bool = False, progress: Progress | None = None
) -> Build:
    """The site of the library at `library` (a zip, a folder of exports or one file).

    A library that cannot be read whole (gone, unreadable, changed while being read) raises
    LibraryError; with `keep_last` (a `mkdocs serve` rebuild) the last build is returned instead, with
    the reason in its notes: the served site stays until the export is back. The last build is updated
    only by a build that read the library, so the next change rebuilds.
    """
    cache.pause()
    cache.reopen()
    try:
        result = _build(library, options, cache, progress, background=keep_last)
    except LibraryError as exc:
        if not keep_last or cache.last is None:
            raise
        reason = f"{exc}; still serving the site of the last library read whole"
        return replace(cache.last, origin=KEPT, computed=(), notes=(reason,))
    finally:
        cache.resume()
    cache.last = result
    return result


def _build(
    library: Path, options: Options, cache: BuildCache, progress: Progress | None, background: bool = False
) -> Build:
    try:
        listing = library_files(library)
        key = (repr(listing), options.key())
        if cache.last is not None and cache.last.key == key:
            return replace(cache.last, origin=UNCHANGED, computed=(), notes=())
        content_key = site_key(library_digest(listing), options.key()) if cache.sites else ""
        # a serve build keeps what it read and computed for the next (an edit then costs what it
        # changes), so it does not take a stored site, which holds only the pages
        stored = cache.sites.get(content_key) if cache.sites and not background else None
        if stored is not None and library_files(library) == listing:
            site, report = stored
            return Build(site, STORED, (), report, key=key)
        memo = cache.reads if background else None
        loaded = load_unchanged(library, listing, options.label_aliases, options.limits, memo=memo)
    except OSError as exc:
        raise LibraryError(f"cannot read the library {library}: {exc}") from exc
    report = tuple(line for file_report in loaded.reports for line in file_report.summary())
    site, computed = generate_site(loaded, options.settings, cache, options.jobs, progress, options.dask_scheduler)
    cache.store_site(content_key, site, report, background)
    return Build(site, BUILT, computed, report, (cache.fault,) if cache.fault else (), key)


def generate_site(
    library: Library,
    settings: Settings,
    cache: BuildCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    dask_scheduler: str = "",
) -> tuple[Site, tuple[str, ...]]:
    """Every page and picture of a loaded library, and the collections clustered for it (not found in the
    cache's memo or on its disk); the rest are computed, on `jobs` processes (or the Dask cluster of
    `dask_scheduler`) when there are many. The whole library is clustered as one more collection
    (`LIBRARY_MAP`, the start page's map), through the same caches, so that a build of an unchanged
    library does not cluster it again.

    A collection clustered in the previous build (this process's, else the disk cache's) starts from
    its previous clusters (`cluster_tracks`), so an edit keeps the clusters' members and numbers."""
    cache = cache or BuildCache()
    catalog = build_catalog(library, settings.min_collection_tracks)
    reference = library_reference(library.tracks.values())
    described = reference.digest()
    facts: dict[str, TrackFacts] = {}  # each track read once for the names of all its collections
    salt = versions()
    # the library map first: the longest piece of work starts first when there are workers
    members = {LIBRARY_MAP: list(library.tracks.values())}
    members.update((c.path, [library.tracks[k] for k in c.track_keys]) for c in catalog.collections)
    # a playlist's tracks carry the dates it added them (a track's own date is the first any did)
    playlists = {p.name: p for p in library.playlists}
    own: dict[str, str] = {}
    for collection in catalog.of_kind("playlists"):
        playlist = playlists[collection.name]
        members[collection.path] = [playlist.added_track(t) for t in members[collection.path]]
        own[collection.path] = collection.name
    # collections without audio features are clustered by the library's curation too, a playlist
    # without its own column ("" leaves nothing out)
    everything = settings.cluster.curation_with_audio > 0
    curated: dict[str, Curated] = {
        path: own.get(path, "") for path, tracks in members.items() if everything or by_curation(tracks)
    }
    curation: Curation | None = library_curation(library) if curated else None
    digests: dict[str, str] = {}
    paths_of: dict[str, list[str]] = {}
    missing: dict[str, Work] = {}
    computed: list[str] = []
    previous = cache.previous()
    parts: dict[str, bytes] = {}
    for path, tracks in members.items():
        marker = curated.get(path)
        by = "" if marker is None else repr(("curation", curation.digest if curation else None, marker))
        digest = digests[path] = collection_digest(tracks, settings.cluster, salt + by, parts)
        paths_of.setdefault(digest, []).append(path)
        if digest in cache.memo or digest in missing:
            continue
        stored = cache.collections.get(digest) if cache.collections else None
        if stored:
            cache.memo[digest] = stored
        else:
            missing[digest] = Work(digest, tracks, cache.numbers(previous.get(path)), curated.get(path))
            computed.append(path)
    similar = similar_collections(library, catalog)
    writer = SiteWriter(library, catalog, settings.pages, settings.nav_limit, similar, cache.writer)
    work = list(missing.values())
    computing = compute_many(work, settings.cluster, reference, jobs, progress, curation, dask_scheduler)
    for digest, result in computing:
        cache.keep(digest, result)
        # written while the workers cluster the rest (the main process would otherwise wait)
        if result.description is not None and result.reference == described:
            for path in paths_of[digest]:
                if path == LIBRARY_MAP:
                    writer.start((result, result.description))
                else:
                    writer.add(path, result, result.description)
    results: dict[str, tuple[Result, Description]] = {}
    for path, tracks in members.items():
        result = cache.memo[digests[path]]
        description = result.description
        if description is None or result.reference != described:  # from the disk, or the library moved
            sketched = result.sketch
            if sketched is None:
                sketched = sketch(result.clustering, tracks, facts, signals_for(curated.get(path), curation))
            description = words_for(sketched, result.clustering, reference)
            legend = legend_lines(result.clustering, description)
            redraw = legend != result.legend  # a name moved: the picture's legend follows
            if redraw:
                result = replace(result, picture=scatter_png(result.clustering, legend), legend=legend)
            result = replace(result, description=description, reference=described, sketch=sketched)
            if redraw:
                cache.keep(digests[path], result)
            else:
                cache.memo[digests[path]] = result
        results[path] = (result, description)
    cache.remember(digests)
    library_map = results.pop(LIBRARY_MAP)
    site = writer.finish(results, library_map)
    cache.writer = writer
    return site, tuple(computed)
