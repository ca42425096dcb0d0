"""The features a collection is clustered by: its audio features, or without them release year,
popularity, duration, the explicit flag and its common genres; and how each is named in words."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from mkdocs_clusters.cluster.reference import raw_value
from mkdocs_clusters.model import AUDIO_FEATURES, Track

#: used when a collection has no usable audio features, with its common genres (`genre:<name>`)
FALLBACK_FEATURES: tuple[str, ...] = ("release_year", "popularity", "duration", "explicit")
#: with the library's curation signals (`cluster.curation`), the fallback also has when tracks were added
CURATED_FEATURES: tuple[str, ...] = (*FALLBACK_FEATURES, "added")
FEATURE_LABELS: dict[str, str] = {"release_year": "release year", "duration": "duration", "added": "date added"}


GENRE_PREFIX = "genre:"

#: differences too small to mention, in each feature's own units (BPM, dB, years, seconds, Spotify's 0-1
#: scales; shares of tracks for the explicit flag and genres): no word rests on less, and a collection
#: whose tracks all lie closer than this on every feature is too alike to split
NEGLIGIBLE: dict[str, float] = {
    "danceability": 0.05,
    "energy": 0.05,
    "loudness": 1.5,
    "speechiness": 0.03,
    "acousticness": 0.08,
    "instrumentalness": 0.1,
    "liveness": 0.05,
    "valence": 0.05,
    "tempo": 8.0,
    "release_year": 3.0,
    "popularity": 5.0,
    "duration": 30.0,
    "explicit": 0.2,
    "added": 0.5,
}
#: the same for a genre's share
NEGLIGIBLE_SHARE = 0.2


def negligible(name: str) -> float:
    """The difference in `name` too small to mention (see NEGLIGIBLE)."""
    return NEGLIGIBLE_SHARE if name.startswith(GENRE_PREFIX) else NEGLIGIBLE.get(name, 0.0)


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


#: features clustering takes on a log scale: tempo's octave errors become a constant shift, and a
#: 20-minute piece is not 5 times a 4-minute song
LOG_SCALED = frozenset({"tempo", "duration"})


def _values(tracks: Sequence[Track], names: Sequence[str]) -> NDArray[np.float64]:
    """Values as clustering sees them (`LOG_SCALED` on a log scale, a genre as 1 or 0), NaN where
    missing (a track without genres has no genre value), read as `reference.raw_value` reads them."""
    columns = []
    for name in names:
        if name.startswith(GENRE_PREFIX):
            genre = name[len(GENRE_PREFIX) :]
            column = [float(genre in {g.casefold() for g in t.genres}) if t.genres else math.nan for t in tracks]
        elif name in AUDIO_FEATURES:
            column = [t.features.get(name, math.nan) for t in tracks]
        else:
            column = [math.nan if (v := raw_value(t, name)) is None else v for t in tracks]
        columns.append(column)
    matrix = np.array(columns, dtype=np.float64).T.reshape(len(tracks), len(names))
    matrix[~np.isfinite(matrix)] = math.nan
    for j, name in enumerate(names):
        if name in LOG_SCALED:
            positive = np.where(matrix[:, j] > 0, matrix[:, j], math.nan)
            matrix[:, j] = np.log2(positive)
    return matrix


def choose_features(
    tracks: Sequence[Track], curated: bool = False
) -> tuple[tuple[str, ...], tuple[str, ...], bool, NDArray[np.float64]]:
    """(used, dropped, fallback, raw matrix of the used features); `curated`: the fallback goes with
    the library's curation signals, and has the dates tracks were added too.

    A feature is used when at least half the tracks have it and it varies among the tracks that have
    every such feature (a constant column would divide by zero when scaled, and says nothing).
    """
    fallback_names = (*(CURATED_FEATURES if curated else FALLBACK_FEATURES), *_genre_features(tracks))
    for fallback, names in ((False, AUDIO_FEATURES), (True, fallback_names)):
        matrix = _values(tracks, names)
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
