"""Clusters as playlists: the URI list and the Exportify CSV hold exactly the cluster's tracks, the CSV
reads back through the project's own reader, and pages link to both."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from helpers import EXPORTIFY_2025, ROOT, csv_bytes, exportify_row, mkdocs_build, small_project
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.collect.catalog import Catalog, build_catalog
from mkdocs_clusters.model import Library, Track
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.rows import read_csv
from mkdocs_clusters.render.pages import PageSettings
from mkdocs_clusters.render.playlists import EXPORTIFY_COLUMNS, exportify_csv, uri_list
from mkdocs_clusters.render.site import Site


@pytest.fixture(scope="module")
def demo() -> tuple[Library, Site]:
    library = load_library(ROOT / "demo" / "library")
    return library, generate_site(library, Settings())[0]


def uris_on_page(page: str, slug: str, number: int) -> list[str]:
    """The Spotify URIs that a cluster's `data:` link on its page downloads as `<slug>-<N>-<name>.txt`."""
    found = re.search(rf'href="data:text/plain;charset=utf-8,([^"]*)" download="{slug}-{number}-[a-z0-9-]+\.txt"', page)
    assert found, (slug, number)
    return unquote(html.unescape(found.group(1))).splitlines()


def test_every_cluster_has_both_downloads_with_exactly_its_tracks(demo: tuple[Library, Site]) -> None:
    library, site = demo
    checked = 0
    for collection in _catalog(library).collections:
        clusters = {}
        for path in site.pages:
            if path == f"library/{collection.path}/index.md":
                clusters = {c.number: c for c in _clustering(site, library, collection.path)}
        for number, cluster in clusters.items():
            base = f"library/{collection.path}/cluster-{number}"
            members = [library.tracks[k] for k in cluster.keys]
            uris = uris_on_page(site.pages[f"library/{collection.path}/index.md"], collection.slug, number)
            assert uris == [t.uri for t in members if t.spotify_url]
            report, tracks = read_csv(base + ".csv", site.downloads[base + ".csv"])
            assert report.dialect == "exportify.net 2025+" and report.problems == []
            assert [t.key for t in tracks] == list(cluster.keys)
            checked += 1
    assert checked > 20
    expected = {f"library/{c.path}/cluster-{n}.{e}" for c in _catalog(library).collections
                for n in range(1, 1 + len(_clustering(site, library, c.path))) for e in ("csv",)}  # fmt: skip
    playlists = {f"library/{c.path}/playlist.csv" for c in _catalog(library).of_kind("playlists")}
    assert set(site.downloads) == expected | playlists


def _catalog(library: Library) -> Catalog:
    return build_catalog(library, Settings().min_collection_tracks)


def _clustering(site: Site, library: Library, path: str) -> list:  # type: ignore[type-arg]
    """The clusters of one collection (recomputed from the memo-free pipeline's pages is not possible,
    so from a fresh run of the clustering on the collection's tracks)."""
    from mkdocs_clusters.cluster.reference import library_reference
    from mkdocs_clusters.parallel import compute

    collection = next(c for c in _catalog(library).collections if c.path == path)
    tracks = [library.tracks[k] for k in collection.track_keys]
    return compute(tracks, Settings().cluster, library_reference(library.tracks.values())).clustering.clusters


def test_the_csv_round_trips_names_features_and_flags() -> None:
    tracks = [
        Track(key="a" * 22, title='Quote " and, comma', album="Album; semi", artists=("Tyler, The Creator", "B"),
              labels=("Lab A", "Lab B"), genres=("hip hop", "rap"), release_date="2019-05-17", duration_ms=200000,
              popularity=71, explicit=True, added_at="2024-01-01T00:00:00Z", uri="spotify:track:" + "a" * 22,
              features={"energy": 0.5, "tempo": 120.0, "key": 5.0, "mode": 1.0, "loudness": -7.25}),
        Track(key="local:1", title="Local file", artists=("Me",), uri="spotify:local:Me::Local+file:100"),
    ]  # fmt: skip
    data = exportify_csv(tracks)
    assert data.decode().splitlines()[0] == ",".join(header for header, _ in EXPORTIFY_COLUMNS)
    _, back = read_csv("p.csv", data)
    assert [t.title for t in back] == [t.title for t in tracks]
    first = back[0]
    assert (first.key, first.album, first.artists, first.labels, first.genres) == (
        "a" * 22, "Album; semi", ("Tyler, The Creator", "B"), ("Lab A", "Lab B"), ("hip hop", "rap"),
    )  # fmt: skip
    assert (first.release_date, first.duration_ms, first.popularity, first.explicit) == ("2019-05-17", 200000, 71, True)
    assert first.features == tracks[0].features
    assert uri_list(tracks) == b"spotify:track:" + b"a" * 22 + b"\n"  # a local file cannot be pasted


def test_pages_link_the_downloads_and_they_resolve(tmp_path: Path) -> None:
    config = small_project(tmp_path, "      library: export\n      cluster_min_tracks: 3\n      k: 2\n")
    (tmp_path / "export" / "Mix.csv").write_bytes(_mix_csv())
    mkdocs_build(config, tmp_path / "site")
    page = (tmp_path / "site" / "library" / "playlists" / "mix" / "index.html").read_text()
    # saved under the collection's and the cluster's names
    assert re.search(r'href="cluster-2\.csv" download="mix-2-[a-z0-9-]+\.csv"', page)
    uris = uris_on_page(page, "mix", 1)
    assert uris and all(u.startswith("spotify:track:") for u in uris)


def test_downloads_can_be_turned_off() -> None:
    library = load_library(ROOT / "demo" / "library")
    site, _ = generate_site(library, Settings(pages=PageSettings(downloads=False)))
    assert site.downloads == {}
    assert not any("clusters-downloads" in text for text in site.pages.values())


def _mix_csv() -> bytes:
    rows = [
        exportify_row(
            f"{i:022d}",
            f"Song {i}",
            features=(0.1 + 0.8 * (i % 2), 0.5, -8.0, 0.05, 0.3, 0.0, 0.1, 0.1 + 0.8 * (i % 2), 100.0 + i),
        )
        for i in range(12)
    ]
    return csv_bytes(EXPORTIFY_2025, rows)
