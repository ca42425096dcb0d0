"""The whole pipeline without MkDocs: library -> collections -> clusters -> pages and pictures.

`generate_site` returns page texts and picture bytes keyed by their source path under the site's docs
root, plus a navigation outline; the MkDocs plugin and the command line only place them.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field

from .catalog import KIND_TITLES, KINDS, Catalog, Collection, build_catalog
from .clustering import Clustering, ClusterSettings, cluster_tracks
from .model import AUDIO_FEATURES, CATEGORICAL_FEATURES, Library, Track
from .pages import PageSettings, PageWriter
from .pictures import scatter_png

#: Bumped when clustering or pictures change in a way settings do not show; part of every digest.
PIPELINE_VERSION = "1"


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


@dataclass(frozen=True)
class Result:
    """Clusters and picture of one collection; what the memo keeps between runs."""

    clustering: Clustering
    picture: bytes


def collection_digest(collection: Collection, tracks: Sequence[Track], settings: ClusterSettings) -> str:
    """A digest of everything the clusters and picture of a collection depend on."""
    h = hashlib.sha256()
    h.update(repr((PIPELINE_VERSION, settings)).encode())
    for track in sorted(tracks, key=lambda t: t.key):
        features = tuple(track.features.get(n) for n in (*AUDIO_FEATURES, *CATEGORICAL_FEATURES))
        fallback = (track.release_date, track.popularity, track.duration_ms, track.explicit)
        h.update(repr((track.key, features, fallback)).encode())
    return h.hexdigest()


def compute(collection: Collection, library: Library, settings: ClusterSettings) -> Result:
    """Cluster one collection and draw its picture."""
    clustering = cluster_tracks([library.tracks[k] for k in collection.track_keys], settings)
    picture = scatter_png(clustering) if clustering.clusters else b""
    return Result(clustering, picture)


def generate_site(library: Library, settings: Settings, memo: MutableMapping[str, Result] | None = None) -> Site:
    """Every page and picture of the library. `memo` (digest -> result) skips unchanged collections."""
    memo = {} if memo is None else memo
    catalog = build_catalog(library, settings.min_tracks)
    writer = PageWriter(library, catalog, settings.pages)
    layout = writer.layout
    pages: dict[str, str] = {}
    images: dict[str, bytes] = {}
    clusterings: dict[str, Clustering] = {}
    computed: list[str] = []
    for collection in catalog.collections:
        tracks = [library.tracks[k] for k in collection.track_keys]
        digest = collection_digest(collection, tracks, settings.cluster)
        result = memo.get(digest)
        if result is None:
            result = compute(collection, library, settings.cluster)
            memo[digest] = result
            computed.append(collection.path)
        clusterings[collection.path] = result.clustering
        pages[layout.overview(collection.path)] = writer.overview_page(collection, result.clustering)
        pages[layout.clusters(collection.path)] = writer.clusters_page(collection, result.clustering)
        if result.picture:
            images[layout.picture(collection.path)] = result.picture
    for kind in KINDS:
        pages[layout.kind_index(kind)] = writer.kind_index(kind, clusterings)
    pages[layout.home()] = writer.home()
    return Site(pages, images, _outline(catalog, settings, writer), catalog, computed)


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
            section.children.extend(NavNode(c.name, layout.overview(c.path)) for c in collections)
        root.children.append(section)
    return root
