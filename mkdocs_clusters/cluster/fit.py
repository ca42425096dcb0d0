"""Fitting and choosing k: Ward trees refined by Lloyd iterations (or k-means++); k from the silhouette
where the structure is clear, else from the collection's size; the previous build's clusters kept when
they still fit."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mkdocs_clusters.cluster.model import ClusterSettings

_SILHOUETTE_SAMPLE = 2000
_WARD_SAMPLE = 2000


#: Kaufman and Rousseeuw's reading of a mean silhouette: 0.5 and above, "a reasonable structure has been
#: found"; below it the groups are a matter of where to cut a continuum, and the collection's size sets k
CLEAR_STRUCTURE = 0.5
#: the silhouette looks for clear structure among this many groups at most (more is never "clear")
_SCORED_MAX = 8
#: the previous build's clusters are kept while their within-cluster sum of squares is at most this
#: many times a fresh fit's: small edits keep the clusters, drift that makes them a poor fit does not
KEEP_WORSE = 1.1
#: which rule chose k (`Clustering.k_rule`)
FIXED, STRUCTURE, SIZE, KEPT = "fixed", "structure", "size", "kept"


@dataclass(frozen=True)
class Choice:
    """The assignment of the chosen k (None: no k gives clusters big enough), the silhouette of each k
    looked at, and the rule that chose k."""

    assignment: NDArray[np.int64] | None
    scores: dict[int, float]
    rule: str


def size_k(n: int) -> int:
    """k for a collection of `n` tracks without clear structure: round(1.5 log2(n / 4)), at least 2.

    Up to 12 tracks give 2 clusters, 13 give 3, 50 give 5, 200 give 8, 1,000 give 12: groups a person
    can listen through, growing slower than the collection (docs/clustering.md has the measurements).
    """
    return max(2, math.floor(1.5 * math.log2(max(n, 1) / 4) + 0.5))


def best_assignment(
    scaled: NDArray[np.float64], settings: ClusterSettings, anchor: NDArray[np.int64] | None = None
) -> Choice:
    """Cluster `scaled` (rows in key order). k: the user's, else the silhouette's where it finds clear
    structure, else `size_k`; within the allowed range and so that every cluster has at least
    `min_cluster_size` tracks. `anchor` holds each row's cluster number in the previous build (0: a
    new track): while the previous clusters still fit, they are kept (rule KEPT, `_from_anchor`)."""
    n = len(scaled)
    top = min(settings.k_max, n // settings.min_cluster_size)
    fitter = _Ward(scaled) if settings.method == "ward" else _KMeans(scaled, settings)
    scores: dict[int, float] = {}
    if settings.k is not None:
        target, rule = min(settings.k, n // settings.min_cluster_size), FIXED
    else:
        low = max(2, settings.k_min)
        silhouette = _silhouette(scaled, settings.seed)
        for k in range(low, min(top, _SCORED_MAX) + 1):
            rough = fitter.rough(k)
            if rough is not None and _big_enough(rough, k, settings):
                scores[k] = round(silhouette(rough), 4)
        best = _best_scored(scores)
        if best is not None and scores[best] >= CLEAR_STRUCTURE:
            target, rule = best, STRUCTURE
        else:
            target, rule = max(low, min(top, size_k(n))), SIZE
    if target < 2:
        return Choice(None, scores, rule)
    if anchor is not None:
        kept = _from_anchor(scaled, anchor, fitter, settings, top)
        if kept is not None:
            return Choice(kept, scores, KEPT)
    for k in range(target, 1, -1):
        for assignment in (fitter.refined(k), fitter.rough(k), fitter.without_strays(k, settings.min_cluster_size)):
            if assignment is not None and _big_enough(assignment, k, settings):
                return Choice(assignment, scores, rule)
    return Choice(_halves(scaled), scores, rule)


def _halves(scaled: NDArray[np.float64]) -> NDArray[np.int64]:
    """Two halves along the direction the tracks differ most (the first principal axis): what is left
    when no fit gives clusters big enough, as happens to small collections with an outlier or two."""
    centred = scaled - scaled.mean(axis=0)
    axis = np.linalg.svd(centred, full_matrices=False)[2][0]
    axis = axis if axis[np.argmax(np.abs(axis))] > 0 else -axis  # the same sign on every machine
    order = np.argsort(centred @ axis, kind="stable")
    assignment = np.zeros(len(scaled), dtype=np.int64)
    assignment[order[len(order) // 2 :]] = 1
    return assignment


def _best_scored(scores: dict[int, float]) -> int | None:
    """The k of the best silhouette, where a larger k must beat the best so far by a margin."""
    best: int | None = None
    for k in sorted(scores):
        if best is None or scores[k] > scores[best] + 0.005:
            best = k
    return best


def _big_enough(assignment: NDArray[np.int64], k: int, settings: ClusterSettings) -> bool:
    counts = np.bincount(assignment, minlength=k)
    return len(counts) == k and int(counts.min()) >= settings.min_cluster_size


def _from_anchor(
    scaled: NDArray[np.float64], anchor: NDArray[np.int64], fitter: _Ward | _KMeans, settings: ClusterSettings, top: int
) -> NDArray[np.int64] | None:
    """The previous build's clusters kept: each track that was there stays in its cluster, each new one
    joins the nearest (by the centres of the tracks that stayed). Kept while that is nearly as good a
    fit as a fresh one with as many clusters (within `KEEP_WORSE` of its within-cluster sum of
    squares), every cluster is big enough, and the number is still allowed (the configured one, if
    fixed); otherwise the edit changed the collection's shape and it is clustered afresh. Group i of
    the result is the i-th previous number in ascending order."""
    numbers = np.unique(anchor[anchor > 0])
    k = len(numbers)
    if k < 2 or k > top or (settings.k is not None and k != min(settings.k, top)):
        return None
    centres = np.array([scaled[anchor == g].mean(axis=0) for g in numbers])
    kept = np.where(anchor > 0, np.searchsorted(numbers, anchor), _nearest(scaled, centres))
    if not _big_enough(kept, k, settings):
        return None
    fresh = fitter.refined(k)
    if fresh is not None and _inertia(scaled, kept) > KEEP_WORSE * _inertia(scaled, fresh):
        return None
    return kept


def _inertia(scaled: NDArray[np.float64], assignment: NDArray[np.int64]) -> float:
    """The within-cluster sum of squared distances to the cluster centres."""
    total = 0.0
    for group in np.unique(assignment):
        members = scaled[assignment == group]
        total += float(((members - members.mean(axis=0)) ** 2).sum())
    return total


class _Ward:
    """`method: ward` (default): one Ward tree; its cut at k scores k, and its cut refined by Lloyd's
    iterations is the clustering.

    Nothing random: the tree is built on the rows in key order (on an evenly spaced subsample of them
    for big collections, since the tree costs n² memory), its cuts give the starting centres, and
    Lloyd's iterations move them to a local optimum. Restarted k-means++ instead lands on different
    optima of weakly clustered real playlists with different seeds (measured in bench/quality.py).
    """

    def __init__(self, scaled: NDArray[np.float64]) -> None:
        from scipy.cluster.hierarchy import linkage

        n = len(scaled)
        self.scaled = scaled
        self.sample = scaled if n <= _WARD_SAMPLE else scaled[np.linspace(0, n - 1, _WARD_SAMPLE).round().astype(int)]
        self.tree = linkage(self.sample, method="ward")
        self.cuts: dict[int, NDArray[np.int64] | None] = {}

    def _cut(self, k: int) -> NDArray[np.int64] | None:
        """The tree cut into k groups (0..k-1) of the rows it was built on, None when it cannot be; each
        cut once (scipy checks the whole tree on every call, which cost more than the cut)."""
        from scipy.cluster.hierarchy import fcluster

        if k not in self.cuts:
            cut = fcluster(self.tree, k, criterion="maxclust")
            self.cuts[k] = np.asarray(cut - 1, dtype=np.int64) if len(np.unique(cut)) == k else None
        return self.cuts[k]

    def _centres(self, k: int) -> NDArray[np.float64] | None:
        cut = self._cut(k)
        return None if cut is None else np.array([self.sample[cut == g].mean(axis=0) for g in range(k)])

    def rough(self, k: int) -> NDArray[np.int64] | None:
        """The tree's cut; for a subsampled tree, each row to the nearest centre of the cut."""
        if len(self.sample) == len(self.scaled):
            return self._cut(k)
        centres = self._centres(k)
        return None if centres is None else _nearest(self.scaled, centres)

    def without_strays(self, k: int, min_size: int) -> NDArray[np.int64] | None:
        """k clusters of at least `min_size` when the tree sets a few stray tracks apart (a remix, a
        spoken intro): the tree is cut finer until k groups of that size appear, the strays join the
        nearest of them, and Lloyd's iterations refine that (unless they leave a cluster too small)."""
        scale = len(self.sample) / len(self.scaled)
        for finer in range(k + 1, min(len(self.sample), 4 * k) + 1):
            cut = self._cut(finer)
            if cut is None:
                continue
            sizes = np.bincount(cut, minlength=finer)
            big = [g for g in np.argsort(-sizes, kind="stable")[:k] if sizes[g] >= min_size * scale]
            if len(big) < k:
                continue
            centres = np.array([self.sample[cut == g].mean(axis=0) for g in sorted(big)])
            joined = _nearest(self.scaled, centres)
            moved = lloyd(self.scaled, centres)
            for assignment in (moved, joined):
                if assignment is not None and int(np.bincount(assignment, minlength=k).min()) >= min_size:
                    return assignment
            return None
        return None

    def refined(self, k: int) -> NDArray[np.int64] | None:
        from sklearn.cluster import KMeans

        centres = self._centres(k)
        if centres is None:
            return None
        assignment = lloyd(self.scaled, centres)
        if assignment is None:  # a cluster emptied on the way: scikit-learn knows how to relocate it
            model = KMeans(n_clusters=k, init=centres, n_init=1, algorithm="lloyd")
            assignment = model.fit_predict(self.scaled)
        return np.asarray(assignment, dtype=np.int64)


class _KMeans:
    """`method: kmeans`: k-means++ with `n_init` restarts from `seed`, for each k."""

    def __init__(self, scaled: NDArray[np.float64], settings: ClusterSettings) -> None:
        self.scaled, self.settings = scaled, settings
        self.fits: dict[int, NDArray[np.int64]] = {}

    def rough(self, k: int) -> NDArray[np.int64]:
        from sklearn.cluster import KMeans

        if k not in self.fits:
            settings = self.settings
            model = KMeans(n_clusters=k, n_init=settings.n_init, random_state=settings.seed, algorithm="lloyd")
            self.fits[k] = model.fit_predict(self.scaled).astype(np.int64)
        return self.fits[k]

    refined = rough

    def without_strays(self, k: int, min_size: int) -> NDArray[np.int64]:
        """k-means++ restarts rarely leave strays alone: the fit itself."""
        return self.rough(k)


def _silhouette(scaled: NDArray[np.float64], seed: int) -> Callable[[NDArray[np.int64]], float]:
    """The mean silhouette of labellings of `scaled`, one function for all k of the sweep.

    The distances between rows are computed once and every k is scored on them by `silhouette_of`
    (scikit-learn's `silhouette_score` checks its input and recomputes the same distances on every
    call, which was most of the sweep). Bigger collections are scored on `_SILHOUETTE_SAMPLE` evenly
    spaced rows (key order), as the Ward tree is built: the same rows for every k, and no n² memory.
    `seed` is not needed: nothing here is random.
    """
    from scipy.spatial.distance import pdist, squareform

    n = len(scaled)
    rows = np.arange(n) if n <= _SILHOUETTE_SAMPLE else np.linspace(0, n - 1, _SILHOUETTE_SAMPLE).round().astype(int)
    distances = squareform(pdist(scaled[rows]))
    return lambda assignment: silhouette_of(distances, _compact(assignment[rows]))


def _compact(assignment: NDArray[np.int64]) -> NDArray[np.int64]:
    """Labels renumbered 0..m-1 in order (a sample may miss a small cluster)."""
    return np.unique(assignment, return_inverse=True)[1].astype(np.int64)


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
