"""The listener's own curation as a signal: which playlists a track shares, and which playlists its
artists appear in, as vectors, for collections whose tracks have no audio features.

Every export holds the playlists, even one without audio features, genres or labels (Spotify closed its
audio features to new apps in November 2024). Two tracks kept in the same playlists, or by artists kept
in the same playlists, belong together in this listener's eyes: item co-occurrence, as playlist-based
recommenders learn it, here from one person's taste.

- The playlist-by-track membership matrix is weighted by positive pointwise mutual information (a track
  in a small playlist says more than one in Liked Songs, which holds most of a library) and reduced to
  `DIMENSIONS` with a truncated SVD (deterministic: a fixed random state, signs fixed). Artists get the
  same from the playlists their tracks are in (counted per track), so a track kept in no other playlist
  still has its artists' neighbourhood.
- Vectors are folded in (a row of the weighted matrix times the reduced basis), so a playlist's own
  column is left out exactly when that playlist is clustered: its tracks all share it, and clusters
  that echo membership say nothing.
- Computed once per build from the library and sent to every worker with the tracks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mkdocs_clusters.listening import STREAM_MS, Listening
from mkdocs_clusters.model import Library, Track
from mkdocs_clusters.read.account_library import is_listening_list
from mkdocs_clusters.read.library import is_liked_name

#: the size of the reduced vectors (at most the number of playlists less one)
DIMENSIONS = 16
#: the names of the two signals, as pages state what clustered a collection
SHARED_PLAYLISTS = "shared playlists"
ARTISTS = "artists' playlists"
#: the listening history's signal: tracks streamed in the same listening sessions
LISTENED = "listening sessions"


@dataclass(frozen=True)
class Embedding:
    """Rows (tracks or artists) by playlist column, PPMI-weighted, and the basis that reduces a row."""

    rows: dict[str, int]
    weights: sp.csr_matrix
    basis: NDArray[np.float64]

    def vectors(self, names: Sequence[str], leave_out: Sequence[int]) -> NDArray[np.float64]:
        """The reduced vector of each named row (zeros for an unknown one) without the columns in
        `leave_out`: a row's own playlist no longer counts."""
        width = self.basis.shape[1]
        known = [self.rows.get(name, -1) for name in names]
        found = np.array([i for i in known if i >= 0], dtype=np.int64)
        result = np.zeros((len(names), width))
        if not len(found):
            return result
        block = self.weights[found]
        reduced = np.asarray(block @ self.basis)
        if len(leave_out):
            own = np.asarray(block[:, list(leave_out)].todense())
            reduced -= own @ self.basis[list(leave_out)]
        result[[j for j, i in enumerate(known) if i >= 0]] = reduced
        return result


@dataclass(frozen=True)
class Curation:
    """The library's curation signals: playlist columns, track and artist embeddings, and which other
    playlists each track is in (for the words "also in ...")."""

    columns: tuple[str, ...]
    tracks: Embedding
    artists: Embedding
    #: per track key, the columns of the playlists it is in
    memberships: dict[str, tuple[int, ...]] = field(default_factory=dict)
    digest: str = ""
    #: tracks by the listening sessions they were streamed in (None without a streaming history)
    sessions: Embedding | None = None

    def also_in(self, key: str, own: str | None) -> tuple[str, ...]:
        """The other playlists a track is in, by name: not `own` (Liked Songs is no column)."""
        names = (self.columns[c] for c in self.memberships.get(key, ()))
        return tuple(name for name in names if name != own)

    def columns_of(self, name: str | None) -> list[int]:
        """The columns of the playlists called `name` (two files can give two playlists one name)."""
        return [i for i, column in enumerate(self.columns) if column == name] if name is not None else []

    def signals(self, tracks: Sequence[Track], own: str | None) -> dict[str, NDArray[np.float64]]:
        """Each signal's unit vectors per track (zeros where nothing is known), by name: the shared
        playlists and the artists' playlists without the playlist `own` (the collection being
        clustered), and the listening sessions where there is a history."""
        leave = self.columns_of(own)
        shared = self.tracks.vectors([t.key for t in tracks], leave)
        names: dict[str, int] = {}
        rows, cols, shares = [], [], []
        for i, track in enumerate(tracks):
            credited = tuple(dict.fromkeys(track.artists))
            for artist in credited:
                rows.append(i)
                cols.append(names.setdefault(artist, len(names)))
                shares.append(1.0 / len(credited))
        # each track's artists' vectors, averaged: one product over the collection's artists
        mean = sp.csr_matrix((shares, (rows, cols)), shape=(len(tracks), len(names)))
        artists = np.asarray(mean @ self.artists.vectors(list(names), leave))
        found = {SHARED_PLAYLISTS: _unit(shared), ARTISTS: _unit(artists)}
        if self.sessions is not None:
            found[LISTENED] = _unit(self.sessions.vectors([t.key for t in tracks], []))
        return found


@dataclass(frozen=True)
class Signals:
    """What a collection may be clustered by besides its named features when it has no audio features:
    the library's curation (None: the library has none to learn from) and the collection's own playlist,
    left out."""

    curation: Curation | None
    own: str | None = None


#: the listening sessions' weight, and whether they are used only where the playlists' signals cannot
#: group a collection: measured on the synthetic history of `bench/history.py`, whose sessions keep to
#: moods (`bench/sessions.py`; docs/clustering.md has the table), mixed with the playlists' signals they
#: raised the NMI at some weights and history sizes and cut it by up to half at others; alone, where
#: nothing else groups a collection (an export of Liked Songs and a history), they took it from 0 to 0.5
#: to 0.8 at every weight
LISTENED_WEIGHT = 6.0
LISTENED_ALONE = True
#: how much each signal weighs, in the variance of one audio feature (z scores: 1): measured on the
#: developers' real export (bench/quality.py, `curated_nmi`; docs/clustering.md has the table), the
#: artists' playlists carry most of what tells genres apart (most tracks of a real library are in one
#: playlist besides Liked Songs), the shared playlists some, the named features (release year, date
#: added, length, ...) little: they weigh half as much, there mostly for the words (eras, lengths)
WEIGHTS: dict[str, float] = {SHARED_PLAYLISTS: 1.0, ARTISTS: 6.0, LISTENED: LISTENED_WEIGHT}
NAMED_WEIGHT = 0.5
#: why a collection without audio features was not grouped by curation
NO_CURATION = "no track or artist of this library is in more than one playlist"
NOT_SHARED = "none of these tracks is in another playlist"
SAME_SHARED = "the other playlists these tracks and their artists are in do not tell them apart"


def by_curation(tracks: Sequence[Track]) -> bool:
    """Whether a collection is clustered by curation: when fewer than half its tracks have audio
    features (it falls back; the audio features, where there are some, are not enough to cluster)."""
    return sum(1 for t in tracks if t.has_audio) * 2 < len(tracks)


def library_curation(library: Library) -> Curation | None:
    """The library's curation signals, None when there is nothing to learn from: fewer than two
    playlists, or no track in more than one playlist and no artist in more than one, and no streaming
    history. Liked Songs is not a column: it holds most of a library, so a track's other playlist being
    Liked Songs would split liked tracks from the rest, which the hearts already show; nor is Most
    played, which the history made (its sessions are a signal of their own)."""
    sessions = _sessions(library.listening) if library.listening is not None else None
    playlists = [p for p in library.playlists if p.track_keys and not (is_liked_name(p.name) or is_listening_list(p))]
    columns = tuple(p.name for p in playlists)
    members = [tuple(dict.fromkeys(p.track_keys)) for p in playlists]
    memberships: dict[str, list[int]] = {}
    artist_counts: dict[tuple[str, int], int] = {}
    for column, keys in enumerate(members):
        for key in keys:
            memberships.setdefault(key, []).append(column)
            for artist in dict.fromkeys(library.tracks[key].artists):
                artist_counts[(artist, column)] = artist_counts.get((artist, column), 0) + 1
    track_pairs = ((key, column, 1.0) for key, cols in memberships.items() for column in cols)
    artist_pairs = ((artist, column, float(n)) for (artist, column), n in artist_counts.items())
    two = len(playlists) >= 2
    tracks = _embedding(track_pairs, len(columns)) if two else None
    artists = _embedding(artist_pairs, len(columns)) if two else None
    if tracks is None and artists is None and sessions is None:
        return None
    empty = Embedding({}, sp.csr_matrix((0, len(columns))), np.zeros((len(columns), 1)))
    curation = Curation(
        columns,
        tracks or empty,
        artists or empty,
        {key: tuple(cols) for key, cols in memberships.items()},
        sessions=sessions,
    )
    return replace(curation, digest=_digest(curation))


def _sessions(listening: Listening) -> Embedding | None:
    """Tracks by listening session: each stream (a play of 30 seconds or more) counts once for its track
    in its session, so that a track played often in a session weighs more there and a skipped play
    not at all; sessions of one track say nothing of what goes together and are left out."""
    streamed = listening.ms >= STREAM_MS
    session = listening.sessions()[streamed]
    track = listening.track[streamed]
    pairs: dict[tuple[int, int], int] = {}
    for t, s in zip(track.tolist(), session.tolist(), strict=True):
        pairs[(t, s)] = pairs.get((t, s), 0) + 1
    per_session: dict[int, int] = {}
    for _, s in pairs:
        per_session[s] = per_session.get(s, 0) + 1
    columns: dict[int, int] = {}
    kept = [
        (listening.keys[t], columns.setdefault(s, len(columns)), float(n))
        for (t, s), n in sorted(pairs.items(), key=lambda item: (item[0][1], item[0][0]))
        if per_session[s] >= 2
    ]
    return _embedding(kept, len(columns)) if kept else None


def _embedding(pairs: Iterable[tuple[str, int, float]], width: int) -> Embedding | None:
    """PPMI weights of (row, column, count) and their truncated SVD basis; None when no row is in two
    columns (no co-occurrence to learn from)."""
    rows: dict[str, int] = {}
    r, c, v = [], [], []
    for name, column, count in pairs:
        r.append(rows.setdefault(name, len(rows)))
        c.append(column)
        v.append(count)
    if not rows:
        return None
    counts = sp.csr_matrix((np.array(v), (np.array(r), np.array(c))), shape=(len(rows), width))
    if int((counts > 0).sum(axis=1).max()) < 2:
        return None
    weights = _ppmi(counts)
    return Embedding(rows, weights, _basis(weights))


def _ppmi(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Positive pointwise mutual information: log(p(row, column) / (p(row) p(column))), negatives 0."""
    total = float(counts.sum())
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    col_sums = np.asarray(counts.sum(axis=0)).ravel()
    coo = counts.tocoo()
    values = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    weights = sp.csr_matrix((np.maximum(values, 0.0), (coo.row, coo.col)), shape=counts.shape)
    weights.eliminate_zeros()
    return weights


#: singular values below this share of the largest are taken as zero
_RANK_TOLERANCE = 1e-8
#: playlists up to which the reduction is exact (a Gram matrix of this size is 32 MB)
_EXACT_COLUMNS = 2000


def _basis(weights: sp.csr_matrix) -> NDArray[np.float64]:
    """The columns-by-dimensions basis V S^-1/2 of a truncated SVD: a row times it is U S^1/2 (the
    weighting that works best for word vectors, Levy and Goldberg 2015). Each dimension's largest
    loading is positive, so that every machine gets the same signs.

    Up to `_EXACT_COLUMNS` playlists, exactly: the eigenvectors of the columns' Gram matrix (playlists
    by playlists, small); beyond, scikit-learn's randomized SVD with a fixed random state."""
    dimensions = max(1, min(DIMENSIONS, weights.shape[1] - 1, weights.shape[0] - 1))
    if weights.shape[1] <= _EXACT_COLUMNS:
        gram = np.asarray((weights.T @ weights).todense(), dtype=np.float64)
        eigenvalues, eigenvectors = np.linalg.eigh(gram)
        order = np.argsort(-eigenvalues, kind="stable")[:dimensions]
        values = np.sqrt(np.maximum(eigenvalues[order], 0.0))
        basis: NDArray[np.float64] = eigenvectors[:, order]
    else:
        from sklearn.utils.extmath import randomized_svd

        _, values, vt = randomized_svd(weights, n_components=dimensions, random_state=0)
        basis = np.asarray(vt.T, dtype=np.float64)
    signs = np.sign(basis[np.argmax(np.abs(basis), axis=0), np.arange(basis.shape[1])])
    basis = basis * np.where(signs == 0, 1.0, signs)
    # dimensions past the matrix's numerical rank are noise (two playlists of the same tracks): a
    # scale of 1 / sqrt(1e-14) would make them the loudest, differently on every maths library
    kept = values > _RANK_TOLERANCE * max(float(values.max(initial=0.0)), 1e-300)
    scale = np.where(kept, 1.0 / np.sqrt(np.where(kept, values, 1.0)), 0.0)
    return np.round(basis * scale, 10)


def _unit(vectors: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each row scaled to length 1 (cosine geometry: how many playlists a track is in is not a
    direction), rows of zeros left as they are."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.where(norms > 1e-12, vectors / np.where(norms > 1e-12, norms, 1.0), 0.0)


def _digest(curation: Curation) -> str:
    """A digest of the signals, rounded: collections clustered by them are cached under it."""
    h = hashlib.sha256(repr(curation.columns).encode())
    for embedding in (curation.tracks, curation.artists, *((curation.sessions,) if curation.sessions else ())):
        h.update(repr(sorted(embedding.rows.items())).encode())
        h.update(np.round(embedding.basis, 8).tobytes())
        h.update(np.round(embedding.weights.data, 8).tobytes())
        h.update(embedding.weights.indices.tobytes())
        h.update(embedding.weights.indptr.tobytes())
    h.update(repr(sorted(curation.memberships.items())).encode())
    return h.hexdigest()[:16]
