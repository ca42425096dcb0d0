"""Clusters of one collection: features, scaling, the choice of k, stable numbering and a 2-D projection.

The rules, and why:

- Features: the audio features that at least half the collection's tracks have; the others are dropped
  for this collection (and the page says so). A track missing a used feature is listed apart, never
  imputed: a zero would invent a "quiet" cluster (without audio features but with curation, a missing
  release year or popularity is the collection's median: the curation places the track). Without any
  audio features the collection falls back to release year, popularity, duration and the explicit flag;
  with the library's curation signals (`cluster.curation`: the playlists tracks share, their artists'
  playlists), when tracks were added too.
- Scaling: tempo on a log scale (octave errors become a constant shift), then every feature to zero mean
  and unit variance within the collection, so clusters answer "what differs inside this collection".
- k: the silhouette's choice where it finds clear structure (0.5 or more), else a k that grows with the
  collection's size (`fit.size_k`); no cluster smaller than `min_cluster_size` (see `fit.best_assignment`).
- Stability: given the previous build's clusters of the collection, a small edit starts from them, so
  that members and numbers stay; numbers are kept wherever a cluster is mostly the one it was.
- Numbering: otherwise by size, largest first, ties by position along the first principal axis, so that
  the numbers do not follow the arbitrary order in which the fit names its groups.
- Everything runs single-threaded on rows sorted by track key: the same input gives the same result on
  any machine, and small matrices run faster without thread pools.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController

from mkdocs_clusters.cluster import curation as curation_module
from mkdocs_clusters.cluster.curation import (
    LISTENED,
    NAMED_WEIGHT,
    NO_CURATION,
    NOT_SHARED,
    SAME_SHARED,
    WEIGHTS,
    Signals,
)
from mkdocs_clusters.cluster.features import GENRE_PREFIX, LOG_SCALED, choose_features, feature_label, negligible
from mkdocs_clusters.cluster.fit import best_assignment
from mkdocs_clusters.cluster.model import Cluster, Clustering, ClusterSettings
from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.model import Track

#: how a reason starts when a collection has enough tracks but no split (`words.too_alike` says what it is)
TOO_ALIKE = "too alike to split: "


@cache
def _threadpools() -> ThreadpoolController:
    """One controller for the process: finding the BLAS and OpenMP libraries scans the loaded shared
    objects, too slow to repeat for each collection. The libraries that bring BLAS and
    OpenMP are imported first, so that the controller sees them."""
    import scipy.cluster.hierarchy  # noqa: F401
    import sklearn.cluster  # noqa: F401

    return ThreadpoolController()


#: what the page of a collection without a track says (an export of an empty playlist)
EMPTY = "Empty: the export holds no track of it."


def warm_up() -> None:
    """Import what clustering uses (about a second) ahead of the first collection to cluster: under
    `mkdocs serve`, the first edit after start would otherwise wait for it."""
    _threadpools()
    import sklearn.decomposition  # noqa: F401  # the pictures' PCA


def cluster_tracks(
    tracks: Sequence[Track],
    settings: ClusterSettings,
    previous: Mapping[str, int] | None = None,
    signals: Signals | None = None,
) -> Clustering:
    """Cluster the tracks of one collection (any order; they are sorted by key here). `previous` maps
    the keys of the collection's tracks in the previous build to their cluster numbers then; `signals`,
    given for a collection without audio features, adds the library's curation to the fallback."""
    tracks = sorted(tracks, key=lambda t: t.key)
    if not tracks:  # an empty playlist: nothing lacks features, there is nothing at all
        return Clustering((), (), (), reason=EMPTY)
    used, dropped, fallback, raw = choose_features(tracks, curated=signals is not None)
    # with no feature at all (Spotify's data export names only titles, artists and albums), curation
    # alone may still group them
    fallback = fallback or (not used and signals is not None)
    curated = signals is not None and (fallback or settings.curation_with_audio > 0)
    blocks, note = _curation(tracks, signals) if signals is not None and curated else ({}, "")
    if fallback and blocks:
        raw = _filled(raw)
    has_all = np.asarray(~np.isnan(raw).any(axis=1), dtype=bool)
    complete = [bool(v) for v in has_all] if used or blocks else [False] * len(tracks)
    without = tuple(t.key for t, ok in zip(tracks, complete, strict=True) if not ok)
    result = Clustering(used, (), without, fallback=fallback and bool(used or blocks), dropped_features=dropped)
    kept = [t for t, ok in zip(tracks, complete, strict=True) if ok]
    blocks = {name: block[has_all] for name, block in blocks.items()}
    if not used and not blocks:
        if dropped:  # there are features, but none that tells the tracks apart
            reason = "No feature tells these tracks apart: each is missing for most of them or the same for all."
        else:
            reason = "No track in this collection has features to compare."
        return replace(result, reason=reason)
    needed = max(settings.min_clustered_tracks, 2 * settings.min_cluster_size)
    if len(kept) < needed:
        reason = f"{plural(len(kept), 'track')} with features: too few to form clusters (at least {needed} needed)."
        return replace(result, reason=reason)
    data = raw[np.array(complete, dtype=bool)]
    result = replace(result, signals=tuple(blocks), note=note)
    if not blocks and _too_alike(data, used):
        spread = "every feature varies less than it takes to tell tracks apart"
        return replace(result, reason=TOO_ALIKE + spread)
    spread = data.std(axis=0)
    named = (data - data.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    # without audio features the named fallback weighs NAMED_WEIGHT each; next to them, curation
    # weighs its share of what it does without
    weights = (NAMED_WEIGHT, 1.0) if fallback else (1.0, settings.curation_with_audio / 100)
    scaled, labels = _weighted(named, used, blocks, *weights)
    with _threadpools().limit(limits=1):
        anchor = _anchor(kept, previous or {})
        choice = best_assignment(scaled, settings, anchor)
        points, axes = _project(scaled, labels)
    result = replace(result, k_scores=choice.scores, k_rule=choice.rule)
    if choice.assignment is None:
        reason = f"no split into clusters of at least {settings.min_cluster_size} tracks each was found"
        return replace(result, reason=TOO_ALIKE + reason)
    clusters = _number_clusters(kept, scaled, named, choice.assignment, points, used, previous or {})
    number_of = {key: c.number for c in clusters for key in c.keys}
    return replace(
        result,
        clusters=clusters,
        points=np.round(points, 6),
        point_keys=tuple(t.key for t in kept),
        point_clusters=tuple(number_of[t.key] for t in kept),
        axis_titles=axes,
    )


#: the previous build's clusters are a starting point only when at least this share of the tracks
#: clustered now were clustered then, and of those clustered then are still here
SAME_COLLECTION = 0.8


def _anchor(tracks: Sequence[Track], previous: Mapping[str, int]) -> NDArray[np.int64] | None:
    """Each track's cluster number in the previous build (0 for a new track), or None when there was
    no previous build or the collection changed too much since (see SAME_COLLECTION)."""
    if not previous:
        return None
    anchor = np.array([previous.get(t.key, 0) for t in tracks], dtype=np.int64)
    stayed = int((anchor > 0).sum())
    if stayed < SAME_COLLECTION * len(tracks) or stayed < SAME_COLLECTION * len(previous):
        return None
    return anchor


def _too_alike(data: NDArray[np.float64], used: Sequence[str]) -> bool:
    """Whether the tracks' spread (standard deviation, in each feature's own units: tempo and duration
    back from their log scale) is below a negligible difference on every feature: then any split would
    be of differences too small to name, and the page says so instead."""
    for j, name in enumerate(used):
        if name.startswith(GENRE_PREFIX):
            return False  # genres in the fallback are common and not universal: they split
        values = np.exp2(data[:, j]) if name in LOG_SCALED else data[:, j]
        if float(values.std()) >= negligible(name):
            return False
    return True


#: a curation signal is used when at least this share of the tracks has it (a few tracks with a vector
#: among many without would be scaled into outliers)
MIN_COVERAGE = 0.05


def _filled(raw: NDArray[np.float64]) -> NDArray[np.float64]:
    """The fallback's values with each missing one (a popularity of 0, no release date, no date added)
    the collection's median: with curation to place it, a track is not listed apart for want of one
    number (a sixth of the tracks of a real export were, most for an unknown popularity)."""
    return np.where(np.isnan(raw), np.nanmedian(raw, axis=0), raw)


def _curation(tracks: Sequence[Track], signals: Signals) -> tuple[dict[str, NDArray[np.float64]], str]:
    """The curation signals that tell these tracks apart (by name), or why there are none."""
    if signals.curation is None:
        return {}, NO_CURATION
    found = signals.curation.signals(tracks, signals.own)
    blocks = {}
    for name, block in found.items():
        known = int(np.abs(block).sum(axis=1).astype(bool).sum())
        if known >= max(2, MIN_COVERAGE * len(tracks)) and float(block.std(axis=0).sum()) > 1e-9:
            blocks[name] = block
    if curation_module.LISTENED_ALONE and LISTENED in blocks and len(blocks) > 1:
        del blocks[LISTENED]  # the sessions only where the playlists cannot group (bench/sessions.py)
    if blocks:
        return blocks, ""
    elsewhere = any(signals.curation.also_in(t.key, signals.own) for t in tracks)
    return blocks, SAME_SHARED if elsewhere or any(block.any() for block in found.values()) else NOT_SHARED


def _weighted(
    named: NDArray[np.float64],
    used: Sequence[str],
    blocks: Mapping[str, NDArray[np.float64]],
    named_weight: float,
    share: float,
) -> tuple[NDArray[np.float64], list[str]]:
    """The matrix clustering sees, and a label per column: the named features (z scores) alone, or
    with the curation signals, each centred and scaled so that its variance is its weight
    (`curation.WEIGHTS` times `share`) and the named features weigh `named_weight` each."""
    if not blocks:
        return named, list(used)
    parts, labels = [named * np.sqrt(named_weight)], list(used)
    for name, block in blocks.items():
        centred = block - block.mean(axis=0)
        variance = float((centred**2).sum()) / len(centred)
        parts.append(centred * np.sqrt(share * WEIGHTS[name] / variance))
        labels += [name] * block.shape[1]
    return np.hstack(parts), labels


def _project(scaled: NDArray[np.float64], used: Sequence[str]) -> tuple[NDArray[np.float64], tuple[str, str]]:
    """2-D PCA with signs fixed (largest loading positive), and axis titles naming the top loadings
    (`used`: a label per column; the columns of a curation signal share its name)."""
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
        order = np.argsort(-np.abs(components[i]), kind="stable")
        terms = list(dict.fromkeys(_term(components[i][j], used[j]) for j in order))[:2]
        titles.append(f"PC{i + 1}: " + ", ".join(terms))
    if n_components == 1:
        points = np.column_stack([points, np.zeros(len(points))])
        titles.append("")
    return points, (titles[0], titles[1])


def _term(loading: float, label: str) -> str:
    """`+energy`, `−release year`; a curation signal's dimensions have no direction a reader can name."""
    if label in WEIGHTS:
        return label
    return f"{'+' if loading > 0 else '−'}{feature_label(label)}"


def _number_clusters(
    tracks: Sequence[Track],
    scaled: NDArray[np.float64],
    named: NDArray[np.float64],
    assignment: NDArray[np.int64],
    points: NDArray[np.float64],
    used: Sequence[str],
    previous: Mapping[str, int],
) -> tuple[Cluster, ...]:
    """Clusters with their tracks nearest the centre (of everything clustered on) first, numbered as
    `_numbers` says; a profile holds the named features' z scores."""
    groups = []
    for group in np.unique(assignment):
        members = np.flatnonzero(assignment == group).tolist()
        centre = scaled[members].mean(axis=0)
        distance = np.linalg.norm(scaled[members] - centre, axis=1)
        order = sorted(range(len(members)), key=lambda i: (round(float(distance[i]), 9), tracks[members[i]].key))
        keys = tuple(tracks[members[i]].key for i in order)
        profile = {name: round(float(v), 4) for name, v in zip(used, named[members].mean(axis=0), strict=True)}
        groups.append((len(members), float(points[members, 0].mean()), keys, profile))
    groups.sort(key=lambda g: (-g[0], round(g[1], 6), g[2][0]))
    numbers = _numbers([keys for _, _, keys, _ in groups], previous)
    clusters = [Cluster(number, keys, profile) for number, (_, _, keys, profile) in zip(numbers, groups, strict=True)]
    return tuple(sorted(clusters, key=lambda c: c.number))


def _numbers(groups: Sequence[Sequence[str]], previous: Mapping[str, int]) -> list[int]:
    """A number 1..k for each group (given largest first): a group that holds more than half of its
    tracks from one previous cluster keeps that cluster's number (if no bigger overlap claimed it and it
    is still in 1..k); the others take the free numbers, largest group first."""
    k = len(groups)
    claims = []
    for index, keys in enumerate(groups):
        counts = Counter(previous[key] for key in keys if key in previous)
        for number, count in counts.items():
            if count * 2 > len(keys) and number <= k:
                claims.append((-count, index, number))
    numbers: dict[int, int] = {}
    taken: set[int] = set()
    for _, index, number in sorted(claims):
        if index not in numbers and number not in taken:
            numbers[index] = number
            taken.add(number)
    free = iter(n for n in range(1, k + 1) if n not in taken)
    return [numbers[i] if i in numbers else next(free) for i in range(k)]
