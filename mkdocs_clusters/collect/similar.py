"""The collections most like each collection, of the same kind: by the tracks they share, and by sound.

Shared tracks rank by Jaccard similarity (shared tracks over the tracks of either), so that a 20-track
playlist is not "most similar" to Liked Songs just because Liked Songs holds everything; the page shows
how many tracks are shared. Sound compares the collections' average audio features, each feature in
the library's standard deviations (tempo on a log scale), nearest first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from mkdocs_clusters.collect.catalog import KINDS, Catalog, Collection
from mkdocs_clusters.model import AUDIO_FEATURES, Library, Track

#: how many similar collections a page lists, of each sort
LIMIT = 5
#: fewer shared tracks than this say nothing of how alike two collections are
MIN_SHARED = 2
#: a collection is compared by sound when at least this many of its tracks have every audio feature
MIN_SOUNDING = 5


@dataclass(frozen=True)
class Similar:
    """The collections like one collection: (path, shared tracks) most alike first, and paths by sound."""

    shared: tuple[tuple[str, int], ...] = ()
    sound: tuple[str, ...] = ()


def similar_collections(library: Library, catalog: Catalog, limit: int = LIMIT) -> dict[str, Similar]:
    """For every collection, up to `limit` of its kind by shared tracks and by sound."""
    vectors = _sound_vectors(library)
    found: dict[str, Similar] = {}
    for kind in KINDS:
        collections = catalog.of_kind(kind)
        if len(collections) < 2:
            continue
        shared = _by_tracks(collections, limit)
        sound = _by_sound(collections, vectors, limit)
        for collection in collections:
            found[collection.path] = Similar(shared.get(collection.path, ()), sound.get(collection.path, ()))
    return found


def _by_tracks(collections: Sequence[Collection], limit: int) -> dict[str, tuple[tuple[str, int], ...]]:
    """Per collection, the others sharing tracks with it, highest Jaccard similarity first (ties: more
    shared tracks, then path)."""
    index: dict[str, int] = {}
    rows, cols = [], []
    for row, collection in enumerate(collections):
        for key in set(collection.track_keys):
            rows.append(row)
            cols.append(index.setdefault(key, len(index)))
    members = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(collections), len(index)))
    overlap = (members @ members.T).tocoo()
    sizes = np.asarray(members.sum(axis=1)).ravel()
    ranked: dict[int, list[tuple[float, int, str]]] = {}
    for a, b, count in zip(overlap.row, overlap.col, overlap.data, strict=True):
        if a == b or count < MIN_SHARED:
            continue
        jaccard = count / (sizes[a] + sizes[b] - count)
        ranked.setdefault(int(a), []).append((-float(jaccard), -int(count), collections[int(b)].path))
    return {
        collections[a].path: tuple((path, -count) for _, count, path in sorted(items)[:limit])
        for a, items in ranked.items()
    }


def _sound_vectors(library: Library) -> dict[str, NDArray[np.float64]]:
    """Each track's audio features in the library's standard deviations (tempo on a log scale)."""
    keys = [k for k, t in library.tracks.items() if _complete(t)]
    if not keys:
        return {}
    matrix = np.array([[_value(library.tracks[k], f) for f in AUDIO_FEATURES] for k in keys])
    spread = matrix.std(axis=0)
    scaled = (matrix - matrix.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    return dict(zip(keys, scaled, strict=True))


def _complete(track: Track) -> bool:
    return all(track.features.get(f) is not None and math.isfinite(track.features[f]) for f in AUDIO_FEATURES) and (
        track.features["tempo"] > 0
    )


def _value(track: Track, name: str) -> float:
    value = track.features[name]
    return math.log2(value) if name == "tempo" else value


def _by_sound(
    collections: Sequence[Collection], vectors: Mapping[str, NDArray[np.float64]], limit: int
) -> dict[str, tuple[str, ...]]:
    """Per collection, the others whose average sound is nearest (Euclidean, ties by path)."""
    paths, centres = [], []
    for collection in collections:
        rows = [vectors[k] for k in collection.track_keys if k in vectors]
        if len(rows) >= MIN_SOUNDING:
            paths.append(collection.path)
            centres.append(np.mean(rows, axis=0))
    if len(paths) < 2:
        return {}
    from scipy.spatial import cKDTree

    points = np.array(centres)
    count = min(limit + 1, len(paths))
    # a tree, not all pairs: a catalogue's tens of thousands of collections would need n² distances
    _, nearest = cKDTree(points).query(points, k=count)
    nearest = nearest.reshape(len(paths), count)
    found = {}
    for i, row in enumerate(nearest):
        found[paths[i]] = tuple(paths[j] for j in row if j != i)[:limit]
    return found
