"""The whole pipeline without MkDocs: library -> collections -> clusters -> pages and pictures.

`generate_site` returns page texts and picture bytes keyed by their source path under the site's docs
root, plus a navigation outline; the MkDocs plugin and the command line only place them.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata

from .cache import DiskCache
from .catalog import KIND_TITLES, KINDS, Catalog, build_catalog
from .clustering import ClusterSettings
from .compute import Progress, Result, compute_many
from .model import AUDIO_FEATURES, CATEGORICAL_FEATURES, Library, Track
from .pages import PageSettings, PageWriter
from .playlists import exportify_csv
from .urls import Layout

#: Bumped when clustering or pictures change in a way settings do not show; part of every digest.
PIPELINE_VERSION = "5"


@dataclass(frozen=True)
class Settings:
    """Everything that shapes the generated site."""

    min_tracks: int = 5
    nav_limit: int = 50
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    pages: PageSettings = field(default_factory=PageSettings)


@dataclass
class NavNode:
    """One entry of the navigation outline: a page (`src`), a section (`children`), or both."""

    title: str
    src: str | None = None
    children: list[NavNode] = field(default_factory=list)


@dataclass
class Site:
    """What the pipeline produced, keyed by source path relative to the docs root."""

    pages: dict[str, str]
    images: dict[str, bytes]
    nav: NavNode
    catalog: Catalog
    #: collections whose clusters were computed in this run (not taken from the memo)
    computed: list[str] = field(default_factory=list)
    #: each cluster as an Exportify CSV (`cluster-1.csv`), by source path
    downloads: dict[str, bytes] = field(default_factory=dict)
    #: how many collections the site has (a site from `sitecache` has an empty catalog: use this)
    collections: int = 0


@cache
def versions() -> str:
    """The versions a result depends on beyond its inputs; part of every digest.

    Read from the installed packages' metadata rather than by importing them: a warm build computes
    nothing and need not import scikit-learn or matplotlib (over a second of every build).
    """
    from . import __version__

    packages = ("scikit-learn", "pillow", "matplotlib", "numpy", "scipy")  # matplotlib: the pictures' font
    return repr((PIPELINE_VERSION, __version__, *(package_version(name) for name in packages)))


#: the module to ask for `__version__` when a distribution has no metadata under its usual name
_MODULES = {"scikit-learn": "sklearn", "pillow": "PIL", "python-slugify": "slugify", "pyyaml": "yaml"}


def package_version(name: str) -> str:
    """An installed distribution's version; from the module itself when the metadata is missing or
    under another name (a fork such as Pillow-SIMD), "" when it is not installed at all."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    try:
        module = importlib.import_module(_MODULES.get(name, name))
    except ImportError:
        return ""
    return str(getattr(module, "__version__", "?"))


def collection_digest(tracks: Sequence[Track], settings: ClusterSettings, salt: str = "") -> str:
    """A digest of everything the clusters and picture of a collection depend on."""
    h = hashlib.sha256()
    h.update(repr((salt or versions(), settings)).encode())
    for track in sorted(tracks, key=lambda t: t.key):
        features = tuple(track.features.get(n) for n in (*AUDIO_FEATURES, *CATEGORICAL_FEATURES))
        fallback = (track.release_date, track.popularity, track.duration_ms, track.explicit, track.genres)
        h.update(repr((track.key, features, fallback)).encode())
    return h.hexdigest()


def generate_site(
    library: Library,
    settings: Settings,
    memo: MutableMapping[str, Result] | None = None,
    cache: DiskCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Site:
    """Every page and picture of the library.

    Results are looked up by digest in `memo` (in memory, kept across `mkdocs serve` rebuilds), then in
    `cache` (on disk, across builds); the rest are computed, on `jobs` processes when there are many.
    """
    memo = {} if memo is None else memo
    catalog = build_catalog(library, settings.min_tracks)
    salt = versions()
    digests: dict[str, str] = {}
    missing: dict[str, list[Track]] = {}
    computed: list[str] = []
    for collection in catalog.collections:
        tracks = [library.tracks[k] for k in collection.track_keys]
        digest = digests[collection.path] = collection_digest(tracks, settings.cluster, salt)
        if digest in memo or digest in missing:
            continue
        stored = cache.get(digest) if cache else None
        if stored:
            memo[digest] = Result(*stored)
        else:
            missing[digest] = tracks
            computed.append(collection.path)
    for digest, result in compute_many(list(missing.items()), settings.cluster, jobs, progress):
        memo[digest] = result
        if cache:
            cache.put(digest, result.clustering, result.picture)
    return _render(library, catalog, settings, {path: memo[d] for path, d in digests.items()}, computed)


def _render(
    library: Library, catalog: Catalog, settings: Settings, results: dict[str, Result], computed: list[str]
) -> Site:
    writer = PageWriter(library, catalog, settings.pages)
    layout = writer.layout
    pages: dict[str, str] = {}
    images: dict[str, bytes] = {}
    downloads: dict[str, bytes] = {}
    csv_rows: dict[str, str] = {}
    for collection in catalog.collections:
        result = results[collection.path]
        pages[layout.page(collection.path)] = writer.collection_page(collection, result.clustering)
        if result.picture:
            images[layout.picture(collection.path)] = result.picture
        if settings.pages.downloads:
            downloads.update(_downloads(library, collection.path, result, layout, csv_rows))
    clusterings = {path: r.clustering for path, r in results.items()}
    for kind in KINDS:
        pages[layout.kind_index(kind)] = writer.kind_index(kind, clusterings)
    pages[layout.home()] = writer.home()
    outline = _outline(catalog, settings, writer)
    return Site(pages, images, outline, catalog, computed, downloads, len(catalog.collections))


def _downloads(
    library: Library, path: str, result: Result, layout: Layout, csv_rows: dict[str, str]
) -> dict[str, bytes]:
    """Each cluster of a collection as an Exportify CSV (its Spotify URIs are in the page's link)."""
    files = {}
    for cluster in result.clustering.clusters:
        members = [library.tracks[k] for k in cluster.keys]
        files[layout.download(path, cluster.number, "csv")] = exportify_csv(members, csv_rows)
    return files


def _outline(catalog: Catalog, settings: Settings, writer: PageWriter) -> NavNode:
    """Library > kinds > collections; a kind lists its collections only up to `nav_limit` of them,
    so that a library with thousands of collections does not put thousands of links on every page."""
    layout = writer.layout
    root = NavNode("Library", layout.home())
    root.children.append(NavNode("Library", layout.home()))
    for kind in KINDS:
        collections = catalog.of_kind(kind)
        section = NavNode(KIND_TITLES[kind], layout.kind_index(kind))
        section.children.append(NavNode(KIND_TITLES[kind], layout.kind_index(kind)))
        if len(collections) <= settings.nav_limit:
            section.children.extend(NavNode(c.name, layout.page(c.path)) for c in collections)
        root.children.append(section)
    return root
