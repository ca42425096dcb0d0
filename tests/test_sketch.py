"""A description in two stages: the sketch (what does not read the library's distribution) and the words
against a distribution. Described again against another distribution, a kept sketch gives what
`describe` gives: a library that lost a track names its ~700 collections without reading them again."""

from __future__ import annotations

import pickle
import random
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace

import pytest

from helpers import curated_library
from mkdocs_clusters.cluster.clustering import TOO_ALIKE, cluster_tracks
from mkdocs_clusters.cluster.curation import Signals, library_curation
from mkdocs_clusters.cluster.model import Cluster, Clustering, ClusterSettings
from mkdocs_clusters.cluster.names import Sketch, TrackFacts, describe, sketch, words_for
from mkdocs_clusters.cluster.reference import Reference, library_reference
from mkdocs_clusters.model import AUDIO_FEATURES, Library, Track

GENRES = ("folk", "rock", "techno", "jazz")


def _track(key: str, rng: random.Random, *, audio: bool = True, **features: float) -> Track:
    """A track with genres, a release year, artists, a length and a date added; audio features unless not
    `audio` (tempo in BPM: its average is geometric)."""
    values = {f: rng.uniform(0.0, 1.0) for f in AUDIO_FEATURES} | {
        "tempo": rng.uniform(60, 180),
        "loudness": rng.uniform(-30, -3),
    }
    return Track(
        key,
        f"song {key}",
        artists=(f"artist {rng.randint(0, 5)}",),
        genres=tuple(rng.sample(GENRES, rng.randint(0, 2))),
        release_date=f"{rng.randint(1965, 2023)}-01-01",
        duration_ms=rng.randint(120_000, 400_000),
        popularity=rng.randint(1, 90),
        explicit=rng.random() < 0.3,
        added_at=f"20{rng.randint(15, 23)}-{rng.randint(1, 12):02d}-10T00:00:00Z",
        features=(values | features) if audio else {},
    )


def _references(library: list[Track], rng: random.Random) -> tuple[Reference, Reference, Reference]:
    """The library's distribution, the same without one track (a user removed it while serving), and
    that of a much larger library."""
    others = [_track(f"z{i:03d}", rng) for i in range(150)]
    return (
        library_reference(library),
        library_reference(library[:-1]),
        library_reference(library + others),
    )


def _curated_library() -> tuple[Library, Signals]:
    """A library told apart by curation alone (see `helpers.curated_library`), and the signals of its
    "Mix"."""
    library, _ = curated_library(7)
    return library, Signals(library_curation(library), "Mix")


def _cases() -> Iterator[tuple[str, Clustering, list[Track], list[Track], Signals | None]]:
    """(what, clustering, the collection's tracks, the library's tracks, signals)."""
    rng = random.Random(1)
    tracks = [_track(f"k{i:03d}", rng) for i in range(60)]
    library = tracks + [_track(f"l{i:03d}", rng) for i in range(40)]
    yield "clustered", cluster_tracks(tracks, ClusterSettings(k=4)), tracks, library, None
    # a few tracks without features: left out of the clusters and of the summaries
    bare = tracks[:40] + [_track(f"n{i:02d}", rng, audio=False) for i in range(5)]
    clustering = cluster_tracks(bare, ClusterSettings(k=3))
    assert clustering.without_features
    yield "without features", clustering, bare, library + bare[40:], None
    # names alike: a third trait, then the cluster's number
    keys = [t.key for t in tracks[:30]]
    alike = Clustering(tuple(AUDIO_FEATURES), tuple(Cluster(n + 1, tuple(keys[n::3]), {}) for n in range(3)), ())
    yield "alike", alike, tracks[:30], library, None
    # too alike to split: the reason says what the collection is, against the library
    same = [
        Track(f"a{i:02d}", "t", features={f: 0.5 for f in AUDIO_FEATURES} | {"energy": 0.95 + i / 1000, "tempo": 150.0})
        for i in range(30)
    ]
    clustering = cluster_tracks(same, ClusterSettings())
    assert not clustering.clusters and clustering.reason.startswith(TOO_ALIKE)
    yield "too alike", clustering, same, library + same, None
    # too few tracks: a reason that reads no distribution
    clustering = cluster_tracks(tracks[:5], ClusterSettings())
    assert not clustering.clusters and not clustering.reason.startswith(TOO_ALIKE)
    yield "too few", clustering, tracks[:5], library, None
    # by curation: other playlists, artists, years and seasons added in the words
    curated, signals = _curated_library()
    mix = [curated.tracks[k] for k in curated.playlists[-1].track_keys]
    clustering = cluster_tracks(mix, ClusterSettings(k=3), None, signals)
    assert clustering.fallback and clustering.clusters
    yield "curated", clustering, mix, list(curated.tracks.values()), signals
    # signals given to a collection clustered by its sound: no curated words
    clustering = cluster_tracks(tracks, ClusterSettings(k=3), None, signals)
    assert not clustering.fallback and not clustering.signals
    yield "signals, by sound", clustering, tracks, library, signals


CASES = list(_cases())


@pytest.mark.parametrize(
    ("clustering", "tracks", "library", "signals"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_sketch_described_against_any_distribution_is_what_describe_gives(
    clustering: Clustering, tracks: list[Track], library: list[Track], signals: Signals | None
) -> None:
    references = _references(library, random.Random(2))
    assert len({r.digest() for r in references}) == 3
    kept = sketch(clustering, tracks, None, signals)
    assert kept == sketch(clustering, list(reversed(tracks)), {}, signals)  # the tracks' order does not matter
    descriptions = [describe(clustering, tracks, reference, None, signals) for reference in references]
    assert [words_for(kept, clustering, reference) for reference in references] == descriptions
    assert bool(descriptions[0].clusters) == bool(clustering.clusters)
    assert bool(descriptions[0].reason) == (not clustering.clusters)
    # kept, as a build keeps it: the same once pickled (to a worker, or in a cache)
    assert words_for(pickle.loads(pickle.dumps(kept)), clustering, references[1]) == descriptions[1]


def test_the_distribution_changes_the_words_and_not_the_sketch() -> None:
    """A collection's words move with the library (fast in a slow library is not fast in a fast one),
    from the same sketch."""
    rng = random.Random(3)
    tracks = [_track(f"k{i:03d}", rng) for i in range(60)]
    clustering = cluster_tracks(tracks, ClusterSettings(k=4))
    kept = sketch(clustering, tracks)
    slow = library_reference(tracks + [_track(f"s{i:03d}", rng, tempo=rng.uniform(50, 70)) for i in range(300)])
    fast = library_reference(tracks + [_track(f"f{i:03d}", rng, tempo=rng.uniform(170, 200)) for i in range(300)])
    against_slow, against_fast = words_for(kept, clustering, slow), words_for(kept, clustering, fast)
    assert against_slow != against_fast
    assert against_slow == describe(clustering, tracks, slow)
    assert against_fast == describe(clustering, tracks, fast)


def test_a_sketch_is_summaries_and_tuples_only() -> None:
    """One is kept per collection: no matrix of tracks, no arrays, numbers as Python numbers."""
    for _, clustering, tracks, _, signals in CASES:
        kept = sketch(clustering, tracks, None, signals)
        assert isinstance(kept, Sketch)
        assert len(kept.clusters) == len(clustering.clusters)
        _assert_plain(kept)


def test_a_sketch_of_another_clustering_is_refused() -> None:
    _, clustering, tracks, library, _ = CASES[0]
    kept = sketch(clustering, tracks)
    fewer = replace(clustering, clusters=clustering.clusters[1:])
    with pytest.raises(ValueError, match="sketch"):
        words_for(kept, fewer, library_reference(library))


@pytest.mark.parametrize("seed", range(8))
def test_random_collections(seed: int) -> None:
    """Random collections (some tracks without features, some without genres), clustered with several k,
    against their library and the library without its last track."""
    rng = random.Random(seed)
    tracks = [_track(f"k{i:03d}", rng, audio=rng.random() > 0.1) for i in range(rng.randint(12, 70))]
    library = tracks + [_track(f"l{i:03d}", rng) for i in range(rng.randint(0, 50))]
    references = (library_reference(library), library_reference(library[:-1]))
    memo: dict[str, TrackFacts] = {}
    for k in (None, 2, 5):
        clustering = cluster_tracks(tracks, ClusterSettings(k=k, seed=seed))
        kept = sketch(clustering, tracks, memo)
        for reference in references:
            assert words_for(kept, clustering, reference) == describe(clustering, tracks, reference)


def _assert_plain(value: object) -> None:
    if is_dataclass(value):
        for field in fields(value):
            _assert_plain(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            _assert_plain(item)
    elif isinstance(value, tuple):
        for item in value:
            _assert_plain(item)
    else:
        assert type(value) in (str, int, float, bool), (type(value), value)
