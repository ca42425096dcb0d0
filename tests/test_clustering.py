"""Clustering: finds obvious groups, is deterministic, handles tiny and featureless collections."""

from __future__ import annotations

import random
import subprocess
import sys

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import ClusterSettings
from mkdocs_clusters.cluster.words import describe
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


def test_description_names_the_strongest_deviation_first() -> None:
    assert describe({"energy": 0.5, "acousticness": -1.4, "tempo": 0.1}) == "very low acousticness, high energy"
    assert describe({"energy": 0.1}) == "close to the collection's average"


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


def test_the_word_named_first_is_the_strongest_deviation() -> None:
    result = cluster_tracks(blob_tracks(groups=3, seed=9), ClusterSettings())
    for cluster in result.clusters:
        strongest = max(cluster.profile, key=lambda f: abs(cluster.profile[f]))
        first = describe(cluster.profile).split(", ")[0]
        assert first.endswith(strongest), (first, cluster.profile)
        assert first.startswith("very high" if cluster.profile[strongest] >= 1 else ("high", "low", "very low"))


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
    words = {describe(c.profile) for c in result.clusters}
    assert any("more folk" in w for w in words) and any("less folk" in w for w in words)


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
