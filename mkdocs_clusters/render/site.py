"""The rendered site: every page, picture and download of a library by its path under the docs root,
and the navigation outline the adapters place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mkdocs_clusters.cluster.model import Result
from mkdocs_clusters.cluster.names import Description
from mkdocs_clusters.collect.catalog import KIND_TITLES, KINDS, Catalog
from mkdocs_clusters.collect.similar import Similar
from mkdocs_clusters.model import Library
from mkdocs_clusters.render.layout import Layout
from mkdocs_clusters.render.overview import LibraryMap, start_page
from mkdocs_clusters.render.pages import PageSettings, PageWriter
from mkdocs_clusters.render.playlists import exportify_csv


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
    #: each cluster as an Exportify CSV (`cluster-1.csv`)
    downloads: Mapping[str, bytes]
    nav: NavNode
    #: how many collections the site has
    collections: int


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
    writer = PageWriter(library, catalog, settings, similar)
    layout = Layout(settings.root)
    pages: dict[str, str] = {}
    images: dict[str, bytes] = {}
    downloads: dict[str, bytes] = {}
    csv_rows: dict[str, str] = {}
    for collection in catalog.collections:
        result, description = results[collection.path]
        pages[layout.page(collection.path)] = writer.collection_page(collection, result, description)
        if result.picture:
            images[layout.picture(collection.path)] = result.picture
        if settings.downloads:
            downloads.update(_downloads(library, collection.path, result, layout, csv_rows))
    clusterings = {path: r.clustering for path, (r, _) in results.items()}
    for kind in KINDS:
        pages[layout.kind_index(kind)] = writer.kind_index(kind, clusterings)
    start = start_page(writer, library_map)
    pages[layout.home()] = start.text
    images.update(start.images)
    return Site(pages, images, downloads, _outline(catalog, nav_limit, layout), len(catalog.collections))


def _downloads(
    library: Library, path: str, result: Result, layout: Layout, csv_rows: dict[str, str]
) -> dict[str, bytes]:
    """Each cluster of a collection as an Exportify CSV (its Spotify URIs are in the page's link)."""
    files = {}
    for cluster in result.clustering.clusters:
        members = [library.tracks[k] for k in cluster.keys]
        files[layout.download(path, cluster.number, "csv")] = exportify_csv(members, csv_rows)
    return files


def _outline(catalog: Catalog, nav_limit: int, layout: Layout) -> NavNode:
    """Library > kinds > collections; a kind lists its collections only up to `nav_limit` of them,
    so that a library with thousands of collections does not put thousands of links on every page."""
    sections = []
    for kind in KINDS:
        collections = catalog.of_kind(kind)
        index = NavNode(KIND_TITLES[kind], layout.kind_index(kind))
        listed = [NavNode(c.name, layout.page(c.path)) for c in collections] if len(collections) <= nav_limit else []
        sections.append(NavNode(KIND_TITLES[kind], layout.kind_index(kind), (index, *listed)))
    return NavNode("Library", layout.home(), (NavNode("Library", layout.home()), *sections))
