"""Big collections keep their pages light: folds hold their first rows and link a page of the rest, the
Spotify URIs are a file, and the pictures draw a sample; everything is still there for the reader."""

from __future__ import annotations

import random
import re
from html import unescape

import pytest

from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.model import Library, Playlist, Track
from mkdocs_clusters.render.pages import FOLD_ROWS, PAGE_ROWS
from mkdocs_clusters.render.pictures import POINT_LIMIT
from mkdocs_clusters.render.site import Site

PAGE = "library/playlists/huge/index.md"
FOLDER = "library/playlists/huge/"


def big_library(tracks: int, seed: int = 3) -> Library:
    """One playlist of `tracks` tracks in three sounds, and a few without features."""
    rng = random.Random(seed)
    centres = ((0.8, 0.9, -5.0, 128.0), (0.2, 0.1, -20.0, 80.0), (0.5, 0.5, -10.0, 100.0))
    found: dict[str, Track] = {}
    for i in range(tracks):
        c = centres[i % 3]
        features = {
            "danceability": c[0] + rng.gauss(0, 0.03),
            "energy": c[1] + rng.gauss(0, 0.03),
            "loudness": c[2] + rng.gauss(0, 0.5),
            "tempo": c[3] + rng.gauss(0, 2),
        }
        key = f"{i:022d}"
        found[key] = Track(
            key,
            f"Song {i}",
            artists=(f"Artist {i % 40}",),
            uri=f"spotify:track:{key}",
            features={} if i % 250 == 0 else features,
        )
    return Library(tracks=found, playlists=[Playlist("Huge", "Huge.csv", list(found))])


@pytest.fixture(scope="module")
def huge() -> Site:
    return generate_site(big_library(4 * PAGE_ROWS), Settings(min_collection_tracks=100_000))[0]


def test_a_big_collections_page_stays_light_and_links_the_rest(huge: Site) -> None:
    page = huge.pages[PAGE]
    assert len(page.encode("utf-8")) < 2_000_000
    rows_on_page = set(re.findall(r'<tr id="(t-[^"]+)"', page))
    folds = re.findall(r'<details data-clusters-rows="([^"]+)">', page)
    assert folds, "no fold names a page of its further rows"
    in_files: set[str] = set()
    for name in folds:
        rows_page = huge.downloads[FOLDER + name].decode("utf-8")
        assert rows_page.startswith("<!doctype html>")
        ids = re.findall(r'<tr id="(t-[^"]+)"', rows_page)
        assert ids and not (set(ids) & rows_on_page)
        in_files |= set(ids)
        assert f'<a href="{name}">on a page of their own</a>' in page  # for a reader without JavaScript
    # every track is on the page or in a page of rows, once
    assert len(rows_on_page) + len(in_files) == 4 * PAGE_ROWS
    # each fold holds at most FOLD_ROWS rows on the page
    for fold in re.findall(r"<details[^>]*>.*?</details>", page, flags=re.S):
        assert fold.count("<tr id=") <= FOLD_ROWS


def test_a_big_collections_uris_are_files_and_its_picture_a_sample(huge: Site) -> None:
    page = huge.pages[PAGE]
    assert "data:text/plain" not in page
    links = re.findall(r'<a href="(cluster-\d+\.txt)" download=', page)
    assert links
    uris = b"".join(huge.downloads[FOLDER + link] for link in links).decode().split()
    assert len(uris) == len(set(uris)) == 4 * PAGE_ROWS - len(range(0, 4 * PAGE_ROWS, 250))
    plot = re.search(r"data-plot='([^']*)'", page)
    assert plot
    points = re.findall(r"\[[-\d.]+,[-\d.]+,\d+,", unescape(plot.group(1)))
    assert POINT_LIMIT * 0.9 <= len(points) <= POINT_LIMIT * 1.05
    assert f"The picture draws about {POINT_LIMIT:,} of the" in page


def test_a_small_collection_is_one_page_as_before() -> None:
    site = generate_site(big_library(300), Settings(min_collection_tracks=100_000))[0]
    page = site.pages[PAGE]
    assert "data-clusters-rows" not in page and "data:text/plain" in page
    assert "The picture draws" not in page
    assert not any(path.endswith(("-rows.html", ".txt")) for path in site.downloads)
