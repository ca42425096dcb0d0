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
  numbers do not follow KMeans' arbitrary label order.
- Everything runs single-threaded on rows sorted by track key: the same input gives the same result on
  any machine, and small matrices run faster without thread pools.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController

from .model import AUDIO_FEATURES, Track

#: used when a collection has no usable audio features, with its common genres (`genre:<name>`)
FALLBACK_FEATURES: tuple[str, ...] = ("release_year", "popularity", "duration", "explicit")
FEATURE_LABELS: dict[str, str] = {"release_year": "release year", "duration": "duration"}
_SILHOUETTE_SAMPLE = 2000
_WARD_SAMPLE = 2000
#: how clusters are formed: "ward" (deterministic, the default) or "kmeans" (k-means++ restarts)
METHODS = ("ward", "kmeans")


@dataclass(frozen=True)
class ClusterSettings:
    """What the user can set about clustering (see the configuration docs)."""

    k: int | None = None
    k_min: int = 2
    k_max: int = 8
    min_tracks: int = 10
    min_cluster_size: int = 3
    seed: int = 0
    n_init: int = 10
    method: str = "ward"


@dataclass
class Cluster:
    """One cluster: its number, its tracks nearest-first, and how its centre differs (in z units)."""

    number: int
    keys: tuple[str, ...]
    profile: dict[str, float]


@dataclass
class Clustering:
    """The result for one collection; `clusters` is empty when the collection was not clustered."""

    features: tuple[str, ...]
    clusters: list[Cluster]
    without_features: tuple[str, ...]
    fallback: bool = False
    dropped_features: tuple[str, ...] = ()
    reason: str = ""
    k_scores: dict[int, float] = field(default_factory=dict)
    points: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 2)))
    point_keys: tuple[str, ...] = ()
    point_clusters: tuple[int, ...] = ()
    axis_labels: tuple[str, str] = ("", "")


GENRE_PREFIX = "genre:"
#: a genre becomes a fallback feature when this share of the tracks (with genres) has it ...
_GENRE_MIN_SHARE = 0.1
#: ... and at most this many genres, the most common first
_GENRE_MAX = 6


def feature_label(name: str) -> str:
    """How a feature is named in words and on axes."""
    if name.startswith(GENRE_PREFIX):
        return f"genre {name[len(GENRE_PREFIX) :]}"
    return FEATURE_LABELS.get(name, name)


def _genre_features(tracks: Sequence[Track]) -> tuple[str, ...]:
    """The collection's common genres (not shared by nearly all tracks) as fallback features."""
    with_genres = [t for t in tracks if t.genres]
    counts = Counter(g.casefold() for t in with_genres for g in dict.fromkeys(x.casefold() for x in t.genres))
    common = [
        g
        for g, c in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if _GENRE_MIN_SHARE <= c / max(len(with_genres), 1) <= 1 - _GENRE_MIN_SHARE
    ]
    return tuple(GENRE_PREFIX + g for g in common[:_GENRE_MAX])


def _fallback_value(track: Track, name: str) -> float | None:
    if name == "release_year":
        return None if track.release_year is None else float(track.release_year)
    if name == "popularity":
        return None if not track.popularity else float(track.popularity)
    if name == "duration":
        return None if not track.duration_ms or track.duration_ms <= 0 else math.log(track.duration_ms)
    if name == "explicit":
        return None if track.explicit is None else float(track.explicit)
    if name.startswith(GENRE_PREFIX):
        if not track.genres:
            return None  # no genres known: missing, not "none of them"
        return float(name[len(GENRE_PREFIX) :] in {g.casefold() for g in track.genres})
    raise KeyError(name)


def _values(tracks: Sequence[Track], names: Sequence[str], fallback: bool) -> NDArray[np.float64]:
    """Raw values, NaN where missing; tempo on a log scale."""
    matrix = np.full((len(tracks), len(names)), np.nan)
    for i, track in enumerate(tracks):
        for j, name in enumerate(names):
            value = _fallback_value(track, name) if fallback else track.features.get(name)
            if value is None:
                continue
            if name == "tempo":
                value = math.log2(value) if value > 0 else math.nan
            matrix[i, j] = value
    return matrix


def _choose_features(
    tracks: Sequence[Track],
) -> tuple[tuple[str, ...], tuple[str, ...], bool, NDArray[np.float64]]:
    """(used, dropped, fallback, raw matrix of the used features).

    A feature is used when at least half the tracks have it and it varies among the tracks that have
    every such feature (a constant column would divide by zero when scaled, and says nothing).
    """
    fallback_names = (*FALLBACK_FEATURES, *_genre_features(tracks))
    for fallback, names in ((False, AUDIO_FEATURES), (True, fallback_names)):
        matrix = _values(tracks, names, fallback)
        share = (~np.isnan(matrix)).mean(axis=0) if len(tracks) else np.zeros(len(names))
        candidates = [j for j in range(len(names)) if share[j] >= 0.5]
        if not candidates:
            continue
        sub = matrix[:, candidates]
        rows = ~np.isnan(sub).any(axis=1)
        if rows.sum() < 2:
            continue
        spread = sub[rows].std(axis=0)
        keep = [j for j, s in zip(candidates, spread, strict=True) if s > 1e-9]
        if keep:
            used = tuple(names[j] for j in keep)
            dropped = tuple(n for j, n in enumerate(names) if j not in keep and share[j] > 0)
            return used, dropped, fallback, matrix[:, keep]
    return (), (), False, np.zeros((len(tracks), 0))


@cache
def _threadpools() -> ThreadpoolController:
    """One controller for the process: finding the BLAS and OpenMP libraries scans the loaded shared
    objects, which took 4 ms per collection when done for each one. The libraries that bring BLAS and
    OpenMP are imported first, so that the controller sees them."""
    import scipy.cluster.hierarchy  # noqa: F401
    import sklearn.cluster  # noqa: F401

    return ThreadpoolController()


def cluster_tracks(tracks: Sequence[Track], settings: ClusterSettings) -> Clustering:
    """Cluster the tracks of one collection (any order; they are sorted by key here)."""
    tracks = sorted(tracks, key=lambda t: t.key)
    used, dropped, fallback, raw = _choose_features(tracks)
    has_all = np.asarray(~np.isnan(raw).any(axis=1), dtype=bool)
    complete = [bool(v) for v in has_all] if used else [False] * len(tracks)
    without = tuple(t.key for t, ok in zip(tracks, complete, strict=True) if not ok)
    result = Clustering(used, [], without, fallback=fallback, dropped_features=dropped)
    kept = [t for t, ok in zip(tracks, complete, strict=True) if ok]
    if not used:
        result.reason = "No track in this collection has features to compare."
        return result
    if len(kept) < max(settings.min_tracks, 2 * settings.min_cluster_size):
        result.reason = (
            f"{len(kept)} {'track' if len(kept) == 1 else 'tracks'} with features: too few to form "
            f"clusters (at least {max(settings.min_tracks, 2 * settings.min_cluster_size)} needed)."
        )
        return result
    data = raw[np.array(complete, dtype=bool)]
    spread = data.std(axis=0)
    scaled = (data - data.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    with _threadpools().limit(limits=1):
        labels, scores = _best_labels(scaled, settings)
        points, axes = _project(scaled, used)
    if labels is None:
        result.reason = f"No split into clusters of at least {settings.min_cluster_size} tracks was found."
        result.k_scores = scores
        return result
    result.k_scores = scores
    result.clusters = _number_clusters(kept, scaled, labels, points, used)
    number_of = {key: c.number for c in result.clusters for key in c.keys}
    result.points = np.round(points, 6)
    result.point_keys = tuple(t.key for t in kept)
    result.point_clusters = tuple(number_of[t.key] for t in kept)
    result.axis_labels = axes
    return result


def _best_labels(
    scaled: NDArray[np.float64], settings: ClusterSettings
) -> tuple[NDArray[np.int64] | None, dict[int, float]]:
    """The labels of the chosen k, and the silhouette of every k that passed the size guard."""
    n = len(scaled)
    if settings.k is not None:
        candidates = [min(settings.k, n // settings.min_cluster_size)]
    else:
        top = min(settings.k_max, n // settings.min_cluster_size)
        candidates = list(range(max(2, settings.k_min), top + 1))
    candidates = [k for k in candidates if k >= 2]
    fits = _ward_fits(scaled, candidates) if settings.method == "ward" else _kmeans_fits(scaled, candidates, settings)
    silhouette = _silhouette(scaled, settings.seed)
    scores: dict[int, float] = {}
    best: tuple[float, int, NDArray[np.int64]] | None = None
    for k, labels in fits:
        if np.bincount(labels, minlength=k).min() < settings.min_cluster_size:
            continue
        score = silhouette(labels)
        scores[k] = round(score, 4)
        # a larger k must beat the best so far by a margin to be preferred
        if best is None or score > best[0] + 0.005:
            best = (score, k, labels)
    return (best[2] if best else None), scores


def _silhouette(scaled: NDArray[np.float64], seed: int) -> Callable[[NDArray[np.int64]], float]:
    """The mean silhouette of labellings of `scaled`, one function for all k of the sweep.

    Up to `_SILHOUETTE_SAMPLE` rows, the distances between rows are computed once and every k is scored
    on them by `silhouette_of` (scikit-learn's `silhouette_score` spent ~1.5 ms per call checking its
    input and recomputing the same distances, most of the sweep for the many small collections of a
    library). Bigger collections go to scikit-learn on a sample of that many rows, whose distances are
    computed per k instead of held (n² memory).
    """
    from scipy.spatial.distance import pdist, squareform

    if len(scaled) > _SILHOUETTE_SAMPLE:
        from sklearn.metrics import silhouette_score

        return lambda labels: float(silhouette_score(scaled, labels, sample_size=_SILHOUETTE_SAMPLE, random_state=seed))
    distances = squareform(pdist(scaled))
    return lambda labels: silhouette_of(distances, labels)


def silhouette_of(distances: NDArray[np.float64], labels: NDArray[np.int64]) -> float:
    """Rousseeuw's mean silhouette from a full distance matrix and labels 0..k-1 (as scikit-learn
    defines it: a point alone in its cluster scores 0; tested equal to `silhouette_score`)."""
    n = len(labels)
    members = np.eye(int(labels.max()) + 1)[labels]  # n x k, one-hot
    sizes = members.sum(axis=0)
    totals = distances @ members  # each point's summed distance to each cluster
    own = sizes[labels]
    inside = totals[np.arange(n), labels] / np.maximum(own - 1, 1)
    means = totals / np.maximum(sizes, 1)
    means[np.arange(n), labels] = np.inf
    means[:, sizes == 0] = np.inf
    nearest = means.min(axis=1)
    scores = np.where(own > 1, (nearest - inside) / np.maximum(np.maximum(inside, nearest), 1e-300), 0.0)
    return float(scores.mean())


def _kmeans_fits(
    scaled: NDArray[np.float64], ks: Sequence[int], settings: ClusterSettings
) -> Iterator[tuple[int, NDArray[np.int64]]]:
    """`method: kmeans`: k-means++ with `n_init` restarts from `seed`, for each k."""
    from sklearn.cluster import KMeans

    for k in ks:
        model = KMeans(n_clusters=k, n_init=settings.n_init, random_state=settings.seed, algorithm="lloyd")
        yield k, model.fit_predict(scaled).astype(np.int64)


def _ward_fits(scaled: NDArray[np.float64], ks: Sequence[int]) -> Iterator[tuple[int, NDArray[np.int64]]]:
    """`method: ward` (default): one Ward tree, cut at each k, each cut refined by KMeans.

    Nothing random: the tree is built on the rows in key order (on an evenly spaced subsample of them
    for big collections, since the tree costs n² memory), its cuts give the starting centres, and
    KMeans moves them to a local optimum. Restarted k-means++ instead lands on different optima of
    weakly clustered real playlists with different seeds (measured in bench/quality.py).
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.cluster import KMeans

    n = len(scaled)
    sample = scaled if n <= _WARD_SAMPLE else scaled[np.linspace(0, n - 1, _WARD_SAMPLE).round().astype(int)]
    tree = linkage(sample, method="ward")
    for k in ks:
        cut = fcluster(tree, k, criterion="maxclust")
        groups = np.unique(cut)
        if len(groups) < k:
            continue
        centres = np.array([sample[cut == g].mean(axis=0) for g in groups])
        labels = lloyd(scaled, centres)
        if labels is None:  # a cluster emptied on the way: scikit-learn knows how to relocate it
            labels = KMeans(n_clusters=k, init=centres, n_init=1, algorithm="lloyd").fit_predict(scaled)
        yield k, labels.astype(np.int64)


def lloyd(data: NDArray[np.float64], centres: NDArray[np.float64], max_iter: int = 300) -> NDArray[np.int64] | None:
    """KMeans from given centres, as scikit-learn's `KMeans(init=centres, n_init=1, algorithm="lloyd")`
    runs it (same stopping rules: labels unchanged, or centres moving less than 1e-4 of the mean
    variance, then labels from the final centres), or None when a cluster empties.

    Why not scikit-learn itself: checking its input took 1.2 of the 1.4 ms of each fit, and a library's
    sweep makes thousands of fits on small matrices (4 s of a cold build). Tested equal to it.
    """
    tol = float(np.mean(np.var(data, axis=0))) * 1e-4
    mean = data.mean(axis=0)  # scikit-learn centres the data first; so do we, for the same rounding
    data, centres = data - mean, centres - mean
    k = len(centres)
    previous = np.full(len(data), -1)
    for _ in range(max_iter):
        labels = _nearest(data, centres)
        counts = np.bincount(labels, minlength=k)
        if not counts.all():
            return None
        moved = (np.eye(k)[labels].T @ data) / counts[:, None]
        shift = float(((moved - centres) ** 2).sum())
        centres = moved
        if np.array_equal(labels, previous):
            return labels
        if shift <= tol:
            break
        previous = labels
    return _nearest(data, centres)


def _nearest(data: NDArray[np.float64], centres: NDArray[np.float64]) -> NDArray[np.int64]:
    """The nearest centre of each row (squared distances up to the row's own norm, as scikit-learn)."""
    return np.asarray(np.argmin((centres**2).sum(axis=1) - 2 * data @ centres.T, axis=1), dtype=np.int64)


def _project(scaled: NDArray[np.float64], used: Sequence[str]) -> tuple[NDArray[np.float64], tuple[str, str]]:
    """2-D PCA with signs fixed (largest loading positive), and axis labels naming the top loadings."""
    from sklearn.decomposition import PCA

    n_components = min(2, scaled.shape[1])
    pca = PCA(n_components=n_components, svd_solver="full")
    points = pca.fit_transform(scaled)
    components = pca.components_
    labels: list[str] = []
    for i in range(n_components):
        if components[i][np.argmax(np.abs(components[i]))] < 0:
            components[i] = -components[i]
            points[:, i] = -points[:, i]
        order = np.argsort(-np.abs(components[i]), kind="stable")[:2]
        terms = [f"{'+' if components[i][j] > 0 else '−'}{feature_label(used[j])}" for j in order]
        labels.append(f"PC{i + 1}: " + ", ".join(terms))
    if n_components == 1:
        points = np.column_stack([points, np.zeros(len(points))])
        labels.append("")
    return points, (labels[0], labels[1])


def _number_clusters(
    tracks: Sequence[Track],
    scaled: NDArray[np.float64],
    labels: NDArray[np.int64],
    points: NDArray[np.float64],
    used: Sequence[str],
) -> list[Cluster]:
    groups = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label).tolist()
        centre = scaled[members].mean(axis=0)
        distance = np.linalg.norm(scaled[members] - centre, axis=1)
        order = sorted(range(len(members)), key=lambda i: (round(float(distance[i]), 9), tracks[members[i]].key))
        keys = tuple(tracks[members[i]].key for i in order)
        profile = {name: round(float(v), 4) for name, v in zip(used, centre, strict=True)}
        groups.append((len(members), float(points[members, 0].mean()), keys, profile))
    groups.sort(key=lambda g: (-g[0], round(g[1], 6), g[2][0]))
    return [Cluster(i + 1, keys, profile) for i, (_, _, keys, profile) in enumerate(groups)]


def describe(profile: dict[str, float], limit: int = 3, threshold: float = 0.35) -> str:
    """Words for what sets a cluster apart: its strongest deviations from the collection, in z units.

    `{"energy": 1.2, "acousticness": -0.6}` reads "very high energy, low acousticness".
    """
    strongest = sorted(profile.items(), key=lambda item: (-abs(item[1]), item[0]))
    words = []
    for name, z in strongest[:limit]:
        if abs(z) < threshold:
            break
        if name.startswith(GENRE_PREFIX):
            words.append(f"{'more' if z > 0 else 'less'} {name[len(GENRE_PREFIX) :]}")
            continue
        level = ("very high" if z >= 1 else "high") if z > 0 else ("very low" if z <= -1 else "low")
        words.append(f"{level} {feature_label(name)}")
    return ", ".join(words) if words else "close to the collection's average"
