"""Clusters of one collection: features, scaling, the choice of k, stable numbering and a 2-D projection.

The rules, and why:

- Features: the audio features that at least half the collection's tracks have; the others are dropped
  for this collection (and the page says so). A track missing a used feature is listed apart, never
  imputed: a zero would invent a "quiet" cluster. Without any audio features the collection falls back
  to release year, popularity, duration and the explicit flag.
- Scaling: tempo on a log scale (octave errors become a constant shift), then every feature to zero mean
  and unit variance within the collection, so clusters answer "what differs inside this collection".
- k: KMeans (fixed seed, explicit `n_init`) for each k in the allowed range; the k with the best
  silhouette wins, where no cluster is smaller than `min_cluster_size` and smaller k wins near-ties.
- Numbering: by size, largest first, ties by position along the first principal axis, so that the
  numbers do not follow the arbitrary order in which KMeans names its groups.
- Everything runs single-threaded on rows sorted by track key: the same input gives the same result on
  any machine, and small matrices run faster without thread pools.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController

from mkdocs_clusters.cluster.features import choose_features, feature_label
from mkdocs_clusters.cluster.fit import best_assignment
from mkdocs_clusters.cluster.model import Cluster, Clustering, ClusterSettings
from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.model import Track


@cache
def _threadpools() -> ThreadpoolController:
    """One controller for the process: finding the BLAS and OpenMP libraries scans the loaded shared
    objects, too slow to repeat for each collection. The libraries that bring BLAS and
    OpenMP are imported first, so that the controller sees them."""
    import scipy.cluster.hierarchy  # noqa: F401
    import sklearn.cluster  # noqa: F401

    return ThreadpoolController()


def cluster_tracks(tracks: Sequence[Track], settings: ClusterSettings) -> Clustering:
    """Cluster the tracks of one collection (any order; they are sorted by key here)."""
    tracks = sorted(tracks, key=lambda t: t.key)
    used, dropped, fallback, raw = choose_features(tracks)
    has_all = np.asarray(~np.isnan(raw).any(axis=1), dtype=bool)
    complete = [bool(v) for v in has_all] if used else [False] * len(tracks)
    without = tuple(t.key for t, ok in zip(tracks, complete, strict=True) if not ok)
    result = Clustering(used, (), without, fallback=fallback, dropped_features=dropped)
    kept = [t for t, ok in zip(tracks, complete, strict=True) if ok]
    if not used:
        return replace(result, reason="No track in this collection has features to compare.")
    needed = max(settings.min_clustered_tracks, 2 * settings.min_cluster_size)
    if len(kept) < needed:
        reason = f"{plural(len(kept), 'track')} with features: too few to form clusters (at least {needed} needed)."
        return replace(result, reason=reason)
    data = raw[np.array(complete, dtype=bool)]
    spread = data.std(axis=0)
    scaled = (data - data.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    with _threadpools().limit(limits=1):
        assignment, scores = best_assignment(scaled, settings)
        points, axes = _project(scaled, used)
    if assignment is None:
        reason = f"No split into clusters of at least {settings.min_cluster_size} tracks was found."
        return replace(result, reason=reason, k_scores=scores)
    clusters = _number_clusters(kept, scaled, assignment, points, used)
    number_of = {key: c.number for c in clusters for key in c.keys}
    return replace(
        result,
        clusters=clusters,
        k_scores=scores,
        points=np.round(points, 6),
        point_keys=tuple(t.key for t in kept),
        point_clusters=tuple(number_of[t.key] for t in kept),
        axis_titles=axes,
    )


def _project(scaled: NDArray[np.float64], used: Sequence[str]) -> tuple[NDArray[np.float64], tuple[str, str]]:
    """2-D PCA with signs fixed (largest loading positive), and axis titles naming the top loadings."""
    from sklearn.decomposition import PCA

    n_components = min(2, scaled.shape[1])
    pca = PCA(n_components=n_components, svd_solver="full")
    points = pca.fit_transform(scaled)
    components = pca.components_
    titles: list[str] = []
    for i in range(n_components):
        if components[i][np.argmax(np.abs(components[i]))] < 0:
            components[i] = -components[i]
            points[:, i] = -points[:, i]
        order = np.argsort(-np.abs(components[i]), kind="stable")[:2]
        terms = [f"{'+' if components[i][j] > 0 else '−'}{feature_label(used[j])}" for j in order]
        titles.append(f"PC{i + 1}: " + ", ".join(terms))
    if n_components == 1:
        points = np.column_stack([points, np.zeros(len(points))])
        titles.append("")
    return points, (titles[0], titles[1])


def _number_clusters(
    tracks: Sequence[Track],
    scaled: NDArray[np.float64],
    assignment: NDArray[np.int64],
    points: NDArray[np.float64],
    used: Sequence[str],
) -> tuple[Cluster, ...]:
    groups = []
    for group in np.unique(assignment):
        members = np.flatnonzero(assignment == group).tolist()
        centre = scaled[members].mean(axis=0)
        distance = np.linalg.norm(scaled[members] - centre, axis=1)
        order = sorted(range(len(members)), key=lambda i: (round(float(distance[i]), 9), tracks[members[i]].key))
        keys = tuple(tracks[members[i]].key for i in order)
        profile = {name: round(float(v), 4) for name, v in zip(used, centre, strict=True)}
        groups.append((len(members), float(points[members, 0].mean()), keys, profile))
    groups.sort(key=lambda g: (-g[0], round(g[1], 6), g[2][0]))
    return tuple(Cluster(i + 1, keys, profile) for i, (_, _, keys, profile) in enumerate(groups))
