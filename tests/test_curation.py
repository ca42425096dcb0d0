"""Clusters for exports without audio features: the listener's curation (which playlists tracks share,
which playlists their artists are in) as the signal, a playlist's own column never part of it."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from helpers import EXPORTIFY_2025, csv_bytes, curated_library, exportify_row
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.curation import (
    ARTISTS,
    NO_CURATION,
    NOT_SHARED,
    SAME_SHARED,
    SHARED_PLAYLISTS,
    Signals,
    by_curation,
    library_curation,
)
from mkdocs_clusters.cluster.fit import SIZE
from mkdocs_clusters.cluster.model import Cluster, Clustering, ClusterSettings
from mkdocs_clusters.cluster.names import describe, season
from mkdocs_clusters.cluster.reference import library_reference
from mkdocs_clusters.model import Library, Playlist, Track
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render.pages import clusters_count


def test_an_export_without_features_clusters_by_curation() -> None:
    library, style_of = curated_library()
    mix = [library.tracks[k] for k in library.playlists[-1].track_keys]
    assert by_curation(mix)
    curation = library_curation(library)
    assert curation is not None
    clustering = cluster_tracks(mix, ClusterSettings(k=3), None, Signals(curation, "Mix"))
    assert clustering.fallback and clustering.signals == (SHARED_PLAYLISTS, ARTISTS)
    assert "added" in clustering.features
    number = {key: c.number for c in clustering.clusters for key in c.keys}
    keys = sorted(number)
    assert adjusted_rand_score([style_of[k] for k in keys], [number[k] for k in keys]) > 0.9
    # the fallback alone (release year, length, date added) cannot tell the styles apart
    alone = cluster_tracks(mix, ClusterSettings(k=3))
    number = {key: c.number for c in alone.clusters for key in c.keys}
    assert adjusted_rand_score([style_of[k] for k in keys], [number[k] for k in keys]) < 0.3


def test_words_say_which_playlists_and_artists_a_cluster_is_made_of() -> None:
    library, style_of = curated_library()
    mix = [library.tracks[k] for k in library.playlists[-1].track_keys]
    curation = library_curation(library)
    signals = Signals(curation, "Mix")
    clustering = cluster_tracks(mix, ClusterSettings(k=3), None, signals)
    description = describe(clustering, mix, library_reference(library.tracks.values()), None, signals)
    for cluster, text in zip(clustering.clusters, description.clusters, strict=True):
        style = style_of[cluster.keys[0]]
        # 6 of its 12 tracks are in the style's own playlist: half, "mostly" needs half
        assert f"mostly tracks you also keep in {style} evenings" in text.words
        assert f"also in {style} evenings" in text.stands_out
        assert f"by {style} artist" in text.words
        assert "also in Mix" not in text.stands_out  # its own playlist is not "another"


def test_a_playlists_own_column_is_never_the_signal() -> None:
    library, _ = curated_library()
    curation = library_curation(library)
    assert curation is not None
    mix = [library.tracks[k] for k in library.playlists[-1].track_keys]
    only_in_mix = [t for t in mix if curation.also_in(t.key, "Mix") == ()]
    assert only_in_mix  # tracks 14..19 of each style are in Mix alone
    shared = curation.signals(only_in_mix, "Mix")[SHARED_PLAYLISTS]
    assert not shared.any()  # nothing but Mix holds them: without Mix, nothing is known
    kept = curation.signals(only_in_mix, None)[SHARED_PLAYLISTS]
    assert kept.any()  # with Mix's column they would all look alike: that is what is left out
    # the vectors are the weighted rows without the column, times the basis, exactly
    column = curation.columns.index("Mix")
    rows = curation.tracks.weights[[curation.tracks.rows[t.key] for t in mix]].toarray()
    rows[:, column] = 0
    expected = rows @ curation.tracks.basis
    assert np.allclose(curation.tracks.vectors([t.key for t in mix], [column]), expected)


def test_tracks_and_artists_in_their_own_playlist_only_are_said_to_be() -> None:
    library, _ = curated_library()
    lone = [
        Track(f"9{i:021d}", f"Lone {i}", artists=(f"Lone artist {i}",), release_date=f"{2000 + i}", duration_ms=200_000)
        for i in range(12)
    ]
    library.tracks.update((t.key, t) for t in lone)
    library.playlists.append(Playlist("Lone", "Lone.csv", [t.key for t in lone]))
    clustering = cluster_tracks(lone, ClusterSettings(), None, Signals(library_curation(library), "Lone"))
    assert clustering.signals == () and clustering.note == NOT_SHARED
    assert clustering.clusters  # by the fallback features, as before


def test_a_library_where_no_track_shares_a_playlist_falls_back_with_a_stated_reason() -> None:
    tracks = {
        f"{p}{i:021d}": Track(
            f"{p}{i:021d}",
            f"Song {p}{i}",
            artists=(f"Artist {p}{i}",),
            release_date=f"{1970 + 3 * i}",
            duration_ms=200_000 + 9_000 * i,
        )
        for p in range(2)
        for i in range(12)
    }
    playlists = [Playlist(f"List {p}", f"{p}.csv", [k for k in tracks if k.startswith(str(p))]) for p in range(2)]
    library = Library(tracks=tracks, playlists=playlists)
    assert library_curation(library) is None
    site, _ = generate_site(library, Settings())
    page = next(text for path, text in site.pages.items() if path.endswith("list-0.md") or "List 0" in text[:200])
    assert NO_CURATION in page
    assert "grouped by release year" in page


def test_pages_say_what_clustered_a_collection_and_the_build_is_deterministic() -> None:
    library, _ = curated_library()
    first, _ = generate_site(library, Settings())
    again, _ = generate_site(curated_library()[0], Settings())
    assert first.pages == again.pages and first.images == again.images
    page = next(text for text in first.pages.values() if "Mix" in text[:200])
    assert (
        "grouped by how you keep them: the other playlists they are in and the playlists their artists are in" in page
    )
    assert "fallback features: shared playlists, artists&#x27; playlists, release year" in page or (
        "fallback features: shared playlists, artists' playlists, release year" in page
    )
    assert library_curation(library).digest == library_curation(curated_library()[0]).digest


def test_curation_with_audio_is_off_by_default_and_weighs_in_when_asked() -> None:
    library, style_of = curated_library()
    features = {"danceability": 0.5, "energy": 0.5, "loudness": -8.0, "tempo": 120.0}
    rng = random.Random(1)
    for key, track in list(library.tracks.items()):
        library.tracks[key] = Track(
            **{**track.__dict__, "features": {f: v + rng.gauss(0, 0.05) for f, v in features.items()}}
        )
    mix = [library.tracks[k] for k in library.playlists[-1].track_keys]
    assert not by_curation(mix)
    signals = Signals(library_curation(library), "Mix")
    by_sound = cluster_tracks(mix, ClusterSettings(k=3), None, signals)
    assert not by_sound.fallback and by_sound.signals == ()
    both = cluster_tracks(mix, ClusterSettings(k=3, curation_with_audio=100), None, signals)
    assert both.signals == (SHARED_PLAYLISTS, ARTISTS)
    number = {key: c.number for c in both.clusters for key in c.keys}
    keys = sorted(number)
    assert adjusted_rand_score([style_of[k] for k in keys], [number[k] for k in keys]) > 0.9


@pytest.mark.parametrize(
    ("added", "expected"),
    [(2021.0, "Dec 2020–Feb 2021"), (2021.2, "Mar–May 2021"), (2021.5, "Jun–Aug 2021"), (2021.95, "Dec 2021–Feb 2022")],
)
def test_seasons_are_three_months_named_without_a_hemisphere(added: float, expected: str) -> None:
    assert season(added) == (expected,)
    assert season(None) == ()


def test_dates_added_are_read_as_years_and_unknown_dates_are_unknown() -> None:
    assert Track("a", "t", added_at="2021-07-01T10:00:00Z").added_year == pytest.approx(2021.5)
    assert Track("a", "t", added_at="1970-01-01T00:00:00Z").added_year is None
    assert Track("a", "t", added_at="").added_year is None


def test_a_playlists_tracks_carry_the_dates_it_added_them(tmp_path: Path) -> None:
    """A track's own date is from the first file that holds it; in another playlist's clusters it is the
    date that playlist added it (all on one day here, so "date added" says nothing there)."""
    rows = [exportify_row(f"{i:022d}", f"Song {i}", f"Artist {i % 4}", features=None) for i in range(12)]
    for i, row in enumerate(rows):
        row[4], row[5] = f"{1980 + 3 * i}-01-01", str(150_000 + 10_000 * i)
        row[9] = f"20{18 + i % 6}-0{1 + i % 9}-10T00:00:00Z"
    (tmp_path / "A first.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    for row in rows:
        row[9] = "2025-04-10T00:00:00Z"
    (tmp_path / "B later.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    library = load_library(tmp_path)
    first, later = sorted(library.playlists, key=lambda p: p.name)
    track = library.tracks[first.track_keys[0]]
    assert track.added_at.startswith("2018") and later.added_track(track).added_at == "2025-04-10T00:00:00Z"
    for jobs in (1, 2):
        site, _ = generate_site(library, Settings(), jobs=jobs)
        pages = {
            path: text
            for path, text in site.pages.items()
            if "playlists/" in path and path.endswith(("first/index.md", "later/index.md"))
        }
        assert len(pages) == 2
        for path, text in pages.items():
            unused = re.search(r"Not used \(missing for most tracks or the same for all\): ([^.]*)\.", text)
            assert unused and ("date added" in unused.group(1)) == path.endswith("later/index.md"), path
            assert SAME_SHARED in text  # each is in the other, whole


def test_the_summary_does_not_say_the_sound_varies_without_audio_features() -> None:
    clusters = tuple(Cluster(n, (f"k{n}",), {}) for n in (1, 2, 3))
    by_sound = Clustering(("energy",), clusters, (), k_rule=SIZE)
    assert clusters_count(by_sound).startswith("3 clusters (the sound varies without clear breaks")
    by_curation_ = replace(by_sound, features=("release_year",), fallback=True)
    assert clusters_count(by_curation_).startswith("3 clusters (the tracks vary without clear breaks")
