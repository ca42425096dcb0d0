"""Fitting and choosing k: Ward trees refined by Lloyd iterations (or k-means++), scored by silhouette."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
from numpy.typing import NDArray

from mkdocs_clusters.cluster.model import ClusterSettings

_SILHOUETTE_SAMPLE = 2000
_WARD_SAMPLE = 2000


def best_assignment(
    scaled: NDArray[np.float64], settings: ClusterSettings
) -> tuple[NDArray[np.int64] | None, dict[int, float]]:
    """The assignment of the chosen k, and the silhouette of every k that passed the size guard."""
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
    for k, assignment in fits:
        if np.bincount(assignment, minlength=k).min() < settings.min_cluster_size:
            continue
        score = silhouette(assignment)
        scores[k] = round(score, 4)
        # a larger k must beat the best so far by a margin to be preferred
        if best is None or score > best[0] + 0.005:
            best = (score, k, assignment)
    return (best[2] if best else None), scores


def _silhouette(scaled: NDArray[np.float64], seed: int) -> Callable[[NDArray[np.int64]], float]:
    """The mean silhouette of labellings of `scaled`, one function for all k of the sweep.

    Up to `_SILHOUETTE_SAMPLE` rows, the distances between rows are computed once and every k is scored
    on them by `silhouette_of` (scikit-learn's `silhouette_score` checks its input and recomputes the
    same distances on every call, which would be most of the sweep for a library's many small
    collections). Bigger collections go to scikit-learn on a sample of that many rows, whose distances are
    computed per k instead of held (n² memory).
    """
    from scipy.spatial.distance import pdist, squareform

    if len(scaled) > _SILHOUETTE_SAMPLE:
        from sklearn.metrics import silhouette_score

        return lambda assignment: float(
            silhouette_score(scaled, assignment, sample_size=_SILHOUETTE_SAMPLE, random_state=seed)
        )
    distances = squareform(pdist(scaled))
    return lambda assignment: silhouette_of(distances, assignment)


def silhouette_of(distances: NDArray[np.float64], assignment: NDArray[np.int64]) -> float:
    """Rousseeuw's mean silhouette from a full distance matrix and assignment 0..k-1 (as scikit-learn
    defines it: a point alone in its cluster scores 0; tested equal to `silhouette_score`)."""
    n = len(assignment)
    members = np.eye(int(assignment.max()) + 1)[assignment]  # n x k, one-hot
    sizes = members.sum(axis=0)
    totals = distances @ members  # each point's summed distance to each cluster
    own = sizes[assignment]
    inside = totals[np.arange(n), assignment] / np.maximum(own - 1, 1)
    means = totals / np.maximum(sizes, 1)
    means[np.arange(n), assignment] = np.inf
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
        assignment = lloyd(scaled, centres)
        if assignment is None:  # a cluster emptied on the way: scikit-learn knows how to relocate it
            assignment = KMeans(n_clusters=k, init=centres, n_init=1, algorithm="lloyd").fit_predict(scaled)
        yield k, assignment.astype(np.int64)


def lloyd(data: NDArray[np.float64], centres: NDArray[np.float64], max_iter: int = 300) -> NDArray[np.int64] | None:
    """KMeans from given centres, as scikit-learn's `KMeans(init=centres, n_init=1, algorithm="lloyd")`
    runs it (same stopping rules: assignment unchanged, or centres moving less than 1e-4 of the mean
    variance, then assignment from the final centres), or None when a cluster empties.

    Why not scikit-learn itself: its input checks cost most of each fit on a small matrix, and a
    library's sweep makes thousands of such fits. Tested equal to it.
    """
    tol = float(np.mean(np.var(data, axis=0))) * 1e-4
    mean = data.mean(axis=0)  # scikit-learn centres the data first; so do we, for the same rounding
    data, centres = data - mean, centres - mean
    k = len(centres)
    previous = np.full(len(data), -1)
    for _ in range(max_iter):
        assignment = _nearest(data, centres)
        counts = np.bincount(assignment, minlength=k)
        if not counts.all():
            return None
        moved = (np.eye(k)[assignment].T @ data) / counts[:, None]
        shift = float(((moved - centres) ** 2).sum())
        centres = moved
        if np.array_equal(assignment, previous):
            return assignment
        if shift <= tol:
            break
        previous = assignment
    return _nearest(data, centres)


def _nearest(data: NDArray[np.float64], centres: NDArray[np.float64]) -> NDArray[np.int64]:
    """The nearest centre of each row (squared distances up to the row's own norm, as scikit-learn)."""
    return np.asarray(np.argmin((centres**2).sum(axis=1) - 2 * data @ centres.T, axis=1), dtype=np.int64)
