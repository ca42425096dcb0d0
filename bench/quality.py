"""How good and how stable the clusters are, in numbers (issue targets in brackets).

- `k_recovery` (>= 0.9): share of synthetic collections with known structure (60-1000 tracks, 2-8 clearly
  separated groups of unequal size) where the chosen k is the true one;
- `seed_ari` (>= 0.95): mean adjusted Rand index between the clusterings of the same real collections
  under seeds 0 and 1..4;
- `growth_ari` (>= 0.8): mean ARI, on the tracks both share, between a collection without 5% of its
  tracks and the whole collection (how much cluster identity survives new songs);
- `number_kept`: share of clusters that keep their number after that growth (matched by overlap);
- `style_nmi` vs `naive_style_nmi`: normalised mutual information between clusters and the style
  playlist each track came from, on the style playlists of a real export, for this project's method
  and for a naive reference (scikit-learn KMeans defaults on unscaled features, k by best silhouette).

Real collections come from `../shared/fixtures/real/octadecimal-ai__wilsonos-dj/playlists` (skipped
with a note when absent). The last line is `key=value` pairs.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import Clustering, ClusterSettings
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import AUDIO_FEATURES, Track
from mkdocs_clusters.read.library import load_library

ROOT = Path(__file__).resolve().parent.parent

REAL = ROOT.parent / "shared" / "fixtures" / "real" / "octadecimal-ai__wilsonos-dj" / "playlists"
#: (low, high, spread) per feature: where group centres may lie and how wide a group is
RANGES = {f: (0.1, 0.9, 0.04) for f in AUDIO_FEATURES} | {"loudness": (-20.0, -4.0, 0.8), "tempo": (70.0, 170.0, 4.0)}


def labels_of(result: Clustering, keys: Sequence[str]) -> list[int]:
    """Cluster number per key (0 for tracks not clustered)."""
    number = {k: c.number for c in result.clusters for k in c.keys}
    return [number.get(k, 0) for k in keys]


def synthetic(n: int, groups: int, rng: random.Random) -> tuple[list[Track], list[int]]:
    """`groups` groups far apart (at least 6 spreads between any two centres), unequal sizes."""
    while True:
        centres = [{f: rng.uniform(lo, hi) for f, (lo, hi, _) in RANGES.items()} for _ in range(groups)]
        gaps = [
            np.sqrt(sum(((a[f] - b[f]) / RANGES[f][2]) ** 2 for f in RANGES))
            for i, a in enumerate(centres)
            for b in centres[i + 1 :]
        ]
        if min(gaps) >= 6:
            break
    weights = [rng.uniform(1, 3) for _ in range(groups)]
    sizes = [max(5, round(n * w / sum(weights))) for w in weights]
    tracks, truth = [], []
    for g, (centre, size) in enumerate(zip(centres, sizes, strict=True)):
        for i in range(size):
            features = {f: rng.gauss(centre[f], RANGES[f][2]) for f in RANGES}
            tracks.append(Track(f"s{g}-{i:04d}", "t", features=features))
            truth.append(g)
    return tracks, truth


def k_recovery(rng: random.Random) -> float:
    right = total = 0
    for n in (60, 150, 400, 1000):
        for groups in range(2, 9):
            for _ in range(2):
                tracks, _truth = synthetic(n, groups, rng)
                found = len(cluster_tracks(tracks, ClusterSettings()).clusters)
                right += found == groups
                total += 1
    return right / total


def real_collections(min_size: int = 40) -> list[list[Track]]:
    library = load_library(REAL)
    catalog = build_catalog(library, min_tracks=min_size)
    return [
        [library.tracks[k] for k in c.track_keys]
        for c in catalog.of_kind("playlists")
        if min_size <= len(c.track_keys) <= 1500
    ]


def seed_ari(collections: list[list[Track]], method: str = "ward") -> float:
    scores = []
    for tracks in collections:
        keys = sorted(t.key for t in tracks)
        base = labels_of(cluster_tracks(tracks, ClusterSettings(seed=0, method=method)), keys)
        for seed in range(1, 5):
            other = labels_of(cluster_tracks(tracks, ClusterSettings(seed=seed, method=method)), keys)
            scores.append(adjusted_rand_score(base, other))
    return float(np.mean(scores))


def growth(collections: list[list[Track]], rng: random.Random) -> tuple[float, float]:
    """(mean ARI on shared tracks, share of clusters keeping their number) after adding 5% tracks."""
    aris, kept, clusters = [], 0, 0
    for tracks in collections:
        ordered = sorted(tracks, key=lambda t: t.key)
        new = set(rng.sample(range(len(ordered)), max(1, len(ordered) // 20)))
        before_tracks = [t for i, t in enumerate(ordered) if i not in new]
        before = cluster_tracks(before_tracks, ClusterSettings())
        after = cluster_tracks(ordered, ClusterSettings())
        keys = [t.key for t in before_tracks]
        a, b = labels_of(before, keys), labels_of(after, keys)
        aris.append(adjusted_rand_score(a, b))
        if before.clusters and after.clusters:
            overlap = np.zeros((len(before.clusters) + 1, len(after.clusters) + 1))
            for x, y in zip(a, b, strict=True):
                overlap[x, y] += 1
            rows, cols = linear_sum_assignment(-overlap[1:, 1:])
            kept += sum(1 for r, c in zip(rows, cols, strict=True) if r == c)
            clusters += len(before.clusters)
    return float(np.mean(aris)), kept / max(clusters, 1)


def style_nmi() -> tuple[float, float, int]:
    """(ours, naive, tracks) on the style playlists; tracks in several styles are left out."""
    library = load_library(REAL / "styles")
    style: dict[str, str] = {}
    ambiguous: set[str] = set()
    for playlist in library.playlists:
        for key in playlist.track_keys:
            if key in style and style[key] != playlist.name:
                ambiguous.add(key)
            style[key] = playlist.name
    tracks = [
        library.tracks[k]
        for k in sorted(style)
        if k not in ambiguous and all(f in library.tracks[k].features for f in AUDIO_FEATURES)
    ]
    keys = [t.key for t in tracks]
    truth = [style[k] for k in keys]
    ours = normalized_mutual_info_score(truth, labels_of(cluster_tracks(tracks, ClusterSettings()), keys))
    raw = np.array([[t.features[f] for f in AUDIO_FEATURES] for t in tracks])
    best: tuple[float, list[int]] | None = None
    for k in range(2, 9):
        labels = KMeans(n_clusters=k, random_state=0).fit_predict(raw)
        score = silhouette_score(raw, labels)
        if best is None or score > best[0]:
            best = (score, list(labels))
    assert best is not None
    naive = normalized_mutual_info_score(truth, best[1])
    return float(ours), float(naive), len(tracks)


def main() -> None:
    start = time.perf_counter()
    rng = random.Random(2026)
    results: dict[str, float | int | str] = {"k_recovery": round(k_recovery(rng), 3)}
    print(f"k_recovery {results['k_recovery']} ({time.perf_counter() - start:.0f} s)")
    if REAL.exists():
        collections = real_collections()
        results["real_collections"] = len(collections)
        results["seed_ari"] = round(seed_ari(collections), 3)
        results["kmeans_seed_ari"] = round(seed_ari(collections, "kmeans"), 3)
        print(
            f"seed_ari {results['seed_ari']} over {len(collections)} playlists (kmeans: {results['kmeans_seed_ari']})"
        )
        g_ari, g_kept = growth(collections, rng)
        results["growth_ari"], results["number_kept"] = round(g_ari, 3), round(g_kept, 3)
        print(f"growth_ari {results['growth_ari']}, number_kept {results['number_kept']}")
        ours, naive, n = style_nmi()
        results.update(style_nmi=round(ours, 3), naive_style_nmi=round(naive, 3), style_tracks=n)
        print(f"style_nmi {results['style_nmi']} vs naive {results['naive_style_nmi']} on {n} tracks")
    else:
        results["real"] = "absent"
        print(f"real fixtures absent ({REAL}): seed, growth and style measures skipped")
    results["seconds"] = round(time.perf_counter() - start, 1)
    print(" ".join(f"{k}={v}" for k, v in results.items()))


if __name__ == "__main__":
    main()
