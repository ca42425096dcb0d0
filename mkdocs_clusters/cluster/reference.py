"""The whole library's distribution of each feature: what "fast" or "quiet" means for this listener.

A cluster's words compare it with its collection (what sets it apart there) and with the whole library
(whether the word is true of the music at all): a drone playlist's fastest cluster is faster than the rest
of the playlist, yet not fast. The library's distribution is kept as its percentiles, small enough to send
to every worker process, computed once per build from every track that has the feature.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from mkdocs_clusters.model import AUDIO_FEATURES, Track

#: features the library's distribution is kept for: the audio features and the fallback's numbers
REFERENCE_FEATURES: tuple[str, ...] = (*AUDIO_FEATURES, "release_year", "popularity", "duration", "added")
#: the percentiles kept (0, 1, ..., 100)
_GRID = np.arange(101, dtype=np.float64)


@functools.lru_cache(maxsize=4)
def _digest(percentiles: tuple[tuple[str, tuple[float, ...]], ...]) -> str:
    return hashlib.sha256(repr(list(percentiles)).encode()).hexdigest()[:16]


def raw_value(track: Track, name: str) -> float | None:
    """A track's value of a feature in its own units (tempo in BPM, duration in seconds), None if unknown."""
    if name == "release_year":
        return None if track.release_year is None else float(track.release_year)
    if name == "popularity":
        return None if not track.popularity else float(track.popularity)
    if name == "duration":
        return None if not track.duration_ms or track.duration_ms <= 0 else track.duration_ms / 1000
    if name == "explicit":
        return None if track.explicit is None else float(track.explicit)
    if name == "added":
        return track.added_year
    value = track.features.get(name)
    if value is None or (name == "tempo" and value <= 0) or not math.isfinite(value):
        return None
    return float(value)


@dataclass(frozen=True)
class Reference:
    """Percentiles 0..100 of each feature over the library's tracks (a feature no track has is absent)."""

    percentiles: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def digest(self) -> str:
        """A short digest of the distribution: results described against it can be told apart. Computed
        once (each collection's result carries it)."""
        return _digest(tuple(sorted(self.percentiles.items())))

    def rank(self, name: str, value: float) -> float | None:
        """Where `value` sits in the library, 0-100 (50: the library's median); None if unknown.

        A value equal to a run of equal percentiles (many tracks at instrumentalness 0) sits in the
        middle of the run."""
        points = self.percentiles.get(name)
        if points is None:
            return None
        value = float(value)  # a sorted tuple searched in Python: numpy's overhead was most of the words' time
        if math.isnan(value):
            return 100.0  # where numpy's search sorted it
        left, right = bisect.bisect_left(points, value), bisect.bisect_right(points, value)
        if left < right:
            return float((left + right - 1) / 2)
        if left == 0:
            return 0.0
        if left == len(points):
            return 100.0
        low, high = points[left - 1], points[left]
        return float(left - 1 + (value - low) / (high - low))


def library_reference(tracks: Iterable[Track]) -> Reference:
    """The library's percentiles of every reference feature that at least 20 tracks have."""
    columns: dict[str, list[float]] = {name: [] for name in REFERENCE_FEATURES}
    for track in tracks:
        for name in REFERENCE_FEATURES:
            value = raw_value(track, name)
            if value is not None:
                columns[name].append(value)
    percentiles = {}
    for name, values in columns.items():
        if len(values) >= 20:
            points: NDArray[np.float64] = np.percentile(np.asarray(values), _GRID)
            percentiles[name] = tuple(round(float(v), 6) for v in points)
    return Reference(percentiles)
