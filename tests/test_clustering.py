"""Clustering: finds obvious groups, is deterministic, handles tiny and featureless collections."""

from __future__ import annotations

import random
import subprocess
import sys

from mkdocs_clusters.cluster.clustering import TOO_ALIKE, _numbers, cluster_tracks
from mkdocs_clusters.cluster.fit import KEPT, SIZE, STRUCTURE, size_k
from mkdocs_clusters.cluster.model import ClusterSettings
from mkdocs_clusters.cluster.names import describe
from mkdocs_clusters.cluster.reference import library_reference
from mkdocs_clusters.model import AUDIO_FEATURES, Track


def blob_tracks(n_per_group: int = 20, groups: int = 3, seed: int = 1) -> list[Track]:
    rng = random.Random(seed)
    tracks = []
    for g in range(groups):
        for i in range(n_per_group):
            features = {f: rng.gauss(0.2 + 0.3 * ((g + j) % groups), 0.03) for j, f in enumerate(AUDIO_FEATURES)}
            features["tempo"] = 80 + 40 * g + rng.gauss(0, 2)
            tracks.append(
                Track(
                    f"g{g}-{i:03d}",
                    f"T{g}{i}",
                    features=features,
                    release_date="2001",
                    popularity=10 + g,
                    duration_ms=200_000,
                )
            )
    return tracks


def test_finds_three_groups_and_numbers_them_by_size() -> None:
    tracks = blob_tracks(groups=3)
    tracks = tracks[:-5]  # group 2 smaller
    result = cluster_tracks(tracks, ClusterSettings())
    assert len(result.clusters) == 3
    sizes = [len(c.keys) for c in result.clusters]
    assert sizes == sorted(sizes, reverse=True)
    for cluster in result.clusters:
        assert len({k.split("-")[0] for k in cluster.keys}) == 1
    assert result.points.shape == (len(tracks), 2)


def test_same_result_in_any_order_and_in_another_process() -> None:
    tracks = blob_tracks()
    a = cluster_tracks(tracks, ClusterSettings())
    b = cluster_tracks(list(reversed(tracks)), ClusterSettings())
    assert [c.keys for c in a.clusters] == [c.keys for c in b.clusters]
    code = (
        "import sys; sys.path.insert(0, 'tests'); from test_clustering import blob_tracks;"
        "from mkdocs_clusters.cluster.clustering import cluster_tracks;"
        "from mkdocs_clusters.cluster.model import ClusterSettings;"
        "r = cluster_tracks(blob_tracks(), ClusterSettings()); print([c.keys for c in r.clusters])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str([c.keys for c in a.clusters])


def test_tiny_collection_is_not_clustered_and_says_why() -> None:
    result = cluster_tracks(blob_tracks(n_per_group=2, groups=2), ClusterSettings())
    assert result.clusters == ()
    assert "too few" in result.reason


def test_tracks_without_features_are_listed_apart() -> None:
    tracks = [*blob_tracks(), Track("nofeat-1", "Local song"), Track("nofeat-2", "Other")]
    result = cluster_tracks(tracks, ClusterSettings())
    assert result.without_features == ("nofeat-1", "nofeat-2")
    assert all(not k.startswith("nofeat") for c in result.clusters for k in c.keys)


def test_fallback_without_audio_features() -> None:
    tracks = [
        Track(
            f"k{i:02d}",
            "t",
            release_date=str(1960 + (i % 2) * 50 + i % 3),
            popularity=5 + (i % 2) * 80,
            duration_ms=150_000 + (i % 2) * 200_000 + i * 100,
            explicit=bool(i % 2),
        )
        for i in range(30)
    ]
    result = cluster_tracks(tracks, ClusterSettings())
    assert result.fallback
    assert "release_year" in result.features
    assert len(result.clusters) == 2


def test_feature_constant_among_complete_tracks_is_dropped_not_a_crash() -> None:
    rng = random.Random(3)
    tracks = []
    for i in range(24):
        features = {"energy": 0.5 if i < 16 else 0.9}
        if i < 16:
            features["valence"] = rng.random()
        tracks.append(Track(f"c{i:02d}", "t", features=features))
    result = cluster_tracks(tracks, ClusterSettings())
    assert result.features == ("valence",)
    assert "energy" in result.dropped_features
    assert len(result.without_features) == 8


def test_numbers_stay_when_a_few_tracks_are_added() -> None:
    # numbering is by size: groups of clearly different sizes (30, 26, 22, 18) keep their numbers
    tracks = [t for t in blob_tracks(n_per_group=30, groups=4, seed=5) if int(t.key[-3:]) < 30 - 4 * int(t.key[1])]
    before = cluster_tracks(tracks, ClusterSettings())
    grown = tracks + [
        Track(f"new-{t.key}", "n", features={f: v * 1.001 for f, v in t.features.items()}) for t in tracks[::20]
    ]
    after = cluster_tracks(grown, ClusterSettings())
    group_of = {c.number: {k.split("-")[0] for k in c.keys if k.startswith("g")} for c in before.clusters}
    assert group_of == {c.number: {k.split("-")[0] for k in c.keys if k.startswith("g")} for c in after.clusters}


def test_fallback_uses_common_genres() -> None:
    tracks = [
        Track(
            f"k{i:02d}",
            "t",
            genres=("metal",) if i % 2 else ("folk", "acoustic"),
            release_date="2000",
            popularity=50,
            duration_ms=200_000 + (i % 2) * 90_000 + i,
        )
        for i in range(30)
    ]
    result = cluster_tracks(tracks, ClusterSettings())
    assert result.fallback
    assert "genre:metal" in result.features
    assert len(result.clusters) == 2
    words = sorted(t.words for t in describe(result, tracks, library_reference(tracks)).clusters)
    assert words[0].startswith("acoustic (100 %), folk (100 %)") and words[1].startswith("metal (100 %)")


def test_kmeans_method_with_restarts() -> None:
    result = cluster_tracks(blob_tracks(groups=3), ClusterSettings(method="kmeans", seed=4))
    assert len(result.clusters) == 3


def test_lloyd_matches_scikit_learn_kmeans_from_the_same_centres() -> None:
    """`lloyd` replaces scikit-learn's KMeans(init=centres, n_init=1) in the sweep for speed; on data
    without exact distance ties it must give the very same labels."""
    import warnings

    import numpy as np
    from sklearn.cluster import KMeans

    from mkdocs_clusters.cluster.fit import lloyd

    rng = np.random.default_rng(7)
    compared = 0
    for _ in range(300):
        n, d = int(rng.integers(6, 300)), int(rng.integers(1, 9))
        k = int(rng.integers(2, min(8, n // 2) + 1))
        data = rng.normal(size=(n, d)) + rng.integers(0, 3, size=(n, 1))  # some structure
        data = (data - data.mean(axis=0)) / data.std(axis=0)
        centres = data[rng.choice(n, k, replace=False)]
        ours = lloyd(data, centres.copy())
        if ours is None:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = KMeans(n_clusters=k, init=centres.copy(), n_init=1, algorithm="lloyd").fit_predict(data)
        assert np.array_equal(ours, reference)
        compared += 1
    assert compared > 250


def test_silhouette_of_matches_scikit_learn() -> None:
    import numpy as np
    from scipy.spatial.distance import pdist, squareform
    from sklearn.metrics import silhouette_score

    from mkdocs_clusters.cluster.fit import silhouette_of

    rng = np.random.default_rng(3)
    for i in range(300):
        n, d = int(rng.integers(4, 120)), int(rng.integers(1, 9))
        data = rng.normal(size=(n, d))
        if i % 3 == 0:
            data = np.round(data)  # duplicate points and zero distances
        labels = rng.integers(0, int(rng.integers(2, 6)), size=n)
        labels[:2] = [0, 1]  # at least two clusters
        labels = np.unique(labels, return_inverse=True)[1]
        expected = silhouette_score(data, labels)
        assert abs(silhouette_of(squareform(pdist(data)), labels) - expected) < 1e-12


def gaussian_tracks(n: int, seed: int = 7, prefix: str = "n") -> list[Track]:
    """Tracks without clear groups: every feature from one normal distribution, as real playlists are."""
    rng = random.Random(seed)
    return [
        Track(
            f"{prefix}{i:04d}",
            "t",
            features={f: rng.gauss(0.5, 0.12) for f in AUDIO_FEATURES} | {"tempo": rng.gauss(120, 15)},
        )
        for i in range(n)
    ]


def test_without_clear_structure_k_follows_the_size() -> None:
    """No collapse to 2: a 200-track playlist without clear groups gets 8 clusters, a 12-track one 2."""
    assert [size_k(n) for n in (10, 12, 13, 50, 200, 1000)] == [2, 2, 3, 5, 8, 12]
    result = cluster_tracks(gaussian_tracks(200), ClusterSettings())
    assert (len(result.clusters), result.k_rule) == (8, SIZE)
    assert max(result.k_scores.values()) < 0.5
    assert len(cluster_tracks(gaussian_tracks(12), ClusterSettings()).clusters) == 2
    assert len(cluster_tracks(gaussian_tracks(200), ClusterSettings(k_max=5)).clusters) == 5
    assert len(cluster_tracks(gaussian_tracks(200), ClusterSettings(k=3)).clusters) == 3


def test_clear_structure_sets_k() -> None:
    result = cluster_tracks(blob_tracks(n_per_group=40, groups=2), ClusterSettings())
    assert (len(result.clusters), result.k_rule) == (2, STRUCTURE)
    assert max(result.k_scores.values()) >= 0.5


def test_a_small_collection_with_an_outlier_is_still_split() -> None:
    tracks = gaussian_tracks(11, seed=3)
    tracks[0].features.update({f: 5.0 for f in AUDIO_FEATURES if f != "tempo"})
    result = cluster_tracks(tracks, ClusterSettings())
    assert [len(c.keys) for c in result.clusters] in ([6, 5], [5, 6])


def test_tracks_that_differ_by_nothing_worth_naming_are_not_split() -> None:
    tracks = [
        Track(f"a{i:02d}", "t", features={"energy": 0.8 + i * 0.001, "tempo": 120.0 + i * 0.1}) for i in range(30)
    ]
    result = cluster_tracks(tracks, ClusterSettings())
    assert not result.clusters and result.reason.startswith(TOO_ALIKE)


def test_an_edit_keeps_members_and_numbers() -> None:
    """A rebuild after removing 10 % and adding 3 tracks keeps every remaining track in its cluster and
    every cluster's number; a new track joins the nearest cluster."""
    tracks = gaussian_tracks(120)
    before = cluster_tracks(tracks, ClusterSettings())
    previous = {k: c.number for c in before.clusters for k in c.keys}
    edited = tracks[12:] + gaussian_tracks(3, seed=99, prefix="new")
    after = cluster_tracks(edited, ClusterSettings(), previous)
    assert after.k_rule == KEPT
    now = {k: c.number for c in after.clusters for k in c.keys}
    assert all(now[t.key] == previous[t.key] for t in tracks[12:])
    assert {now[f"new{i:04d}"] for i in range(3)} <= set(previous.values())
    cold = cluster_tracks(edited, ClusterSettings())
    assert cold.k_rule == SIZE  # a clean build does not know the previous clusters


def test_previous_clusters_that_no_longer_fit_are_not_kept() -> None:
    """Numbers that fit nothing (a shuffled previous build), or a collection changed by more than a
    fifth, are clustered afresh, with numbers kept where a cluster is mostly the one it was."""
    tracks = gaussian_tracks(120)
    rng = random.Random(5)
    shuffled = {t.key: rng.randint(1, 6) for t in tracks}
    assert cluster_tracks(tracks, ClusterSettings(), shuffled).k_rule == SIZE
    before = cluster_tracks(tracks, ClusterSettings())
    previous = {k: c.number for c in before.clusters for k in c.keys}
    grown = tracks + gaussian_tracks(40, seed=8, prefix="new")
    after = cluster_tracks(grown, ClusterSettings(), previous)
    assert after.k_rule == SIZE


def test_numbers_follow_the_previous_clusters_where_a_cluster_is_mostly_one() -> None:
    """Groups (largest first) take the number of the previous cluster that holds more than half of
    them, the bigger overlap first; the rest take the free numbers in order."""
    previous = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
    assert _numbers([("a", "b", "c"), ("d", "e", "x"), ("f", "y", "z")], previous) == [1, 2, 3]
    assert _numbers([("d", "e", "a"), ("b", "c", "x", "y"), ("f",)], previous) == [2, 1, 3]
    # two groups mostly from cluster 1: the bigger overlap keeps it
    assert _numbers([("a", "b", "x"), ("c", "y")], {"a": 1, "b": 1, "c": 1}) == [1, 2]
    # a previous number beyond the new k is not kept
    assert _numbers([("f", "x"), ("a", "b")], {"f": 3, "a": 1, "b": 1}) == [2, 1]
