"""What the pages give a site's search (render/search.py): words without tables, an entry per track."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.model import Track
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render.html import markdown_text
from mkdocs_clusters.render.pages import PageSettings
from mkdocs_clusters.render.search import (
    LISTED,
    SEARCH_OFF,
    Holder,
    row_ids,
    searchable,
    track_entries,
    unsearched,
)


def test_searchable_drops_only_the_marked_parts() -> None:
    page = "<h2>Cluster 1</h2>\n<p>" + unsearched("12 tracks · ") + "fast</p>"
    page += unsearched("<table>x</table>") + "<p>b</p>"
    assert searchable(page) == "<h2>Cluster 1</h2>\n<p>fast</p><p>b</p>"
    assert searchable("<p>plain</p>") == "<p>plain</p>"
    # a marked part may hold marked parts of its own (a genre's whole clusters, each with its table)
    nested = (
        "<h1>Rock</h1>" + unsearched("<h2>Cluster 1</h2>" + unsearched("<table>x</table>") + "<p>w</p>") + "<p>e</p>"
    )
    assert searchable(nested) == "<h1>Rock</h1><p>e</p>"


def test_row_ids_are_short_unique_and_valid_fragments() -> None:
    keys = ["4uLU6hMCjMI75M1A2tKUQC", "7GonnnalI2s19OCQ5N8PdU", "7GonnnXXXXXXXXXXXXXXXX", "local:0123456789abcdef"]
    keys += ["episode:4uLU6hYYYYYYYYYYYYYYYY", "abc", "a:bc", "a-bc"]
    ids = row_ids(keys)
    assert len(set(ids.values())) == len(keys)
    assert ids["local:0123456789abcdef"] == "t-012345"
    # two tracks sharing the first six characters get their whole keys
    assert ids["7GonnnalI2s19OCQ5N8PdU"] == "t-7GonnnalI2s19OCQ5N8PdU"
    assert ids["4uLU6hMCjMI75M1A2tKUQC"] == "t-4uLU6hMCjMI75M1A2tKUQC"
    assert ids["episode:4uLU6hYYYYYYYYYYYYYYYY"] == "t-episode-4uLU6hYYYYYYYYYYYYYYYY"
    assert all(v.replace("-", "").replace("_", "").isalnum() for v in ids.values())
    assert row_ids(reversed(keys)) == ids  # whatever the order they come in


def test_each_track_gets_one_plain_text_entry_naming_its_playlists_and_clusters() -> None:
    track = Track(key="k1", title="No Man's Land <b>\x07", artists=("A & B", "C"))
    other = Track(key="k2", title="Only Liked", artists=())
    liked = Holder("liked/index.md", "Liked Songs", True, {"k1": "Soft", "k2": ""})
    road = Holder("road/index.md", "Road <Trip>", False, {"k1": "Loud \x07happy"})
    entries = track_entries({"k1": track, "k2": other}, [liked, road], {"k1": "t-k1", "k2": "t-k2"})
    # the liked list comes last, so the track lands in the playlist the person put it in
    assert {page: [(e.anchor, e.title, e.text) for e in listed] for page, listed in entries.items()} == {
        "road/index.md": [("t-k1", "No Man's Land <b>", "A & B, C · in Road <Trip> (Loud happy), Liked Songs (Soft)")],
        "liked/index.md": [("t-k2", "Only Liked", "in Liked Songs")],
    }


def test_a_track_in_many_playlists_names_the_first_few() -> None:
    track = Track(key="k1", title="Hey, Soul Sister", artists=("Train",))
    holders = [Holder(f"p{i}/index.md", f"P{i}", False, {"k1": f"c{i}"}) for i in range(7)]
    [entry] = track_entries({"k1": track}, holders, {"k1": "t-k1"})["p0/index.md"]
    assert entry.text == f"Train · in P0 (c0), P1 (c1), P2 (c2), P3 (c3) and {7 - LISTED} more playlists"


def _library(folder: Path) -> Path:
    folder.mkdir()
    loud = (0.8, 0.9, -5.0, 0.05, 0.1, 0.0, 0.2, 0.7, 128.0)
    soft = (0.2, 0.1, -20.0, 0.05, 0.9, 0.0, 0.2, 0.3, 80.0)
    rows = [
        exportify_row(f"track{i:02d}".ljust(22, "A"), f"Song {i}", f"Artist {i % 3}", features=(loud, soft)[i % 2])
        for i in range(14)
    ]
    (folder / "Road_Trip.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows[:12]))
    (folder / "Liked_Songs.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows[8:]))  # 8..11 also in Road Trip
    return folder


def test_one_entry_per_track_on_its_first_playlist_naming_its_clusters(tmp_path: Path) -> None:
    site, _ = generate_site(load_library(_library(tmp_path / "export")), Settings(min_collection_tracks=5))
    assert set(site.search) == {"library/playlists/road-trip/index.md", "library/playlists/liked-songs/index.md"}
    road = site.search["library/playlists/road-trip/index.md"]
    liked = site.search["library/playlists/liked-songs/index.md"]
    assert sorted(e.title for e in road) == sorted(f"Song {i}" for i in range(12))
    assert sorted(e.title for e in liked) == ["Song 12", "Song 13"]  # only in Liked Songs
    # each entry's anchor is a row of its page, and its text names each playlist with the track's cluster
    page = site.pages["library/playlists/road-trip/index.md"]
    assert all(f'<tr id="{e.anchor}">' in page for e in road)
    names = {e.title: e.text for e in road}
    # (Liked Songs, 6 tracks, is too small to cluster: named without a cluster)
    assert re.fullmatch(r"Artist 0 · in Road Trip \(.+\), Liked Songs", names["Song 9"]), names["Song 9"]
    found = re.fullmatch(r"Artist 1 · in Road Trip \((.+)\)", names["Song 1"])
    assert found and re.search(rf"^## Cluster \d+: {re.escape(markdown_text(found[1]))}$", page, re.M), names["Song 1"]


def test_a_page_keeps_its_tables_for_the_eye_and_out_of_the_search(tmp_path: Path) -> None:
    site, _ = generate_site(load_library(_library(tmp_path / "export")), Settings(min_collection_tracks=5))
    page = site.pages["library/playlists/road-trip/index.md"]
    assert SEARCH_OFF in page
    searched = searchable(page)
    assert "<table" not in searched and "Spotify URIs" not in searched and "danceability" not in searched
    # titled by its name; the kind in the subtitle is searched (it tells a playlist from an artist of the
    # same name in the results), the counts beside it are not
    assert '<h1 dir="auto">Road Trip</h1>' in searched and "## Cluster 1: " in searched
    assert '<p class="clusters-subtitle" dir="auto">Playlist</p>' in re.sub(r"\s*\n\s*", "", searched)
    assert "clusters of" in page and "clusters of" not in searched
    # a genre's page is found by its name; its clusters, named like those of every page, are not searched
    genre = searchable(site.pages["library/genres/pop/index.md"])
    assert (
        '<h1 dir="auto">pop</h1>' in genre
        and 'dir="auto">Genre' in genre
        and "## Cluster" not in genre
        and "Stands out" not in searched
    )
    assert "## Cluster 1: " in site.pages["library/genres/pop/index.md"]
    index = site.pages["library/playlists/index.md"]
    assert "<table" in index and "<table" not in searchable(index)


def test_the_player_is_off_by_default_and_a_link_to_the_embed_when_on(tmp_path: Path) -> None:
    library = load_library(_library(tmp_path / "export"))
    plain, _ = generate_site(library, Settings(min_collection_tracks=5))
    assert "data-clusters-play" not in plain.pages["library/playlists/road-trip/index.md"]
    played, _ = generate_site(library, Settings(min_collection_tracks=5, pages=PageSettings(player="spotify")))
    page = played.pages["library/playlists/road-trip/index.md"]
    assert page.count("data-clusters-play") == 12
    assert 'href="https://open.spotify.com/embed/track/track00AAAAAAAAAAAAAAA"' in page
    assert "<iframe" not in page  # nothing from Spotify until a click
