"""The listening history of a library: every play of a track, matched to the library's tracks, and what
pages ask of it (plays and skips per track, plays per month, listening sessions).

Only Spotify's own data export ("Download your data") has one: `StreamingHistory*.json` (the basic
history of the last year) and `Streaming_History_Audio_*.json` (the extended history of the account's
whole life). Plays are held as a few flat arrays rather than one object each: ten years of history is
about 300,000 plays, which as objects would be most of a build's memory.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

#: Spotify counts a stream once it has played this long (its own rule for play counts and Wrapped)
STREAM_MS = 30_000
#: a pause longer than this between the end of one play and the start of the next starts a new session
SESSION_GAP_S = 30 * 60


@dataclass(frozen=True, slots=True)
class Play:
    """One row of a streaming history, as read: when it ended, for how long it played, whether it was
    skipped (Spotify's flag, the forward button, or in the basic history a play under `STREAM_MS`)."""

    end: int
    ms: int
    skipped: bool


@dataclass(frozen=True)
class TrackPlays:
    """One track's listening: its streams (plays of at least `STREAM_MS`), every play, the skipped ones,
    and the time played."""

    streams: int
    plays: int
    skipped: int
    ms: int

    @property
    def skip_share(self) -> float:
        return self.skipped / self.plays if self.plays else 0.0


@dataclass
class Listening:
    """Plays in time order as arrays: `track[i]` indexes `keys` (a track of the library), `end[i]` is when
    play i ended (seconds since 1970, UTC), `ms[i]` how long it played, `skipped[i]` whether it was
    skipped. Plays of podcasts, audiobooks and rows naming nothing are counted, never tracks."""

    keys: tuple[str, ...] = ()
    #: each key's first artist as the history names it (a played track need not be in the library)
    artists: tuple[str, ...] = ()
    track: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ms: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    skipped: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    #: plays that are no track (podcast episodes, audiobooks, rows naming nothing) and their time
    other_plays: int = 0
    other_ms: int = 0
    _per_track: dict[str, TrackPlays] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return int(self.track.size)

    @classmethod
    def of(
        cls,
        keys: Iterable[str],
        artists: Iterable[str],
        plays: Iterable[tuple[int, Play]],
        other_plays: int,
        other_ms: int,
    ) -> Listening:
        """Listening from `(index into keys, play)` pairs in any order: sorted by time (then by track,
        so that the same plays always give the same arrays)."""
        pairs = list(plays)
        track = np.fromiter((i for i, _ in pairs), np.int32, len(pairs))
        end = np.fromiter((p.end for _, p in pairs), np.int64, len(pairs))
        ms = np.fromiter((p.ms for _, p in pairs), np.int64, len(pairs))
        skipped = np.fromiter((p.skipped for _, p in pairs), bool, len(pairs))
        order = np.lexsort((ms, track, end))
        arrays = (track[order], end[order], ms[order], skipped[order])
        return cls(tuple(keys), tuple(artists), *arrays, other_plays, other_ms)

    def per_track(self) -> dict[str, TrackPlays]:
        """Each played track's `TrackPlays`, by key (computed once)."""
        if self._per_track is None:
            n = len(self.keys)
            plays = np.bincount(self.track, minlength=n)
            streams = np.bincount(self.track, weights=self.ms >= STREAM_MS, minlength=n)
            skipped = np.bincount(self.track, weights=self.skipped, minlength=n)
            ms = np.bincount(self.track, weights=self.ms, minlength=n)
            self._per_track = {
                key: TrackPlays(int(streams[i]), int(plays[i]), int(skipped[i]), int(ms[i]))
                for i, key in enumerate(self.keys)
                if plays[i]
            }
        return self._per_track

    def of_tracks(self, keys: Iterable[str]) -> np.ndarray:
        """A mask of the plays of these tracks."""
        index = self._index()
        chosen = np.zeros(len(self.keys), bool)
        chosen[[index[k] for k in keys if k in index]] = True
        return chosen[self.track] if len(self.keys) else np.zeros(0, bool)

    def top_artists(self, limit: int) -> list[tuple[str, int]]:
        """The artists with the most streams, with their number (ties: by name)."""
        counts: Counter[str] = Counter()
        index = self._index()
        for key, played in self.per_track().items():
            artist = self.artists[index[key]]
            if artist:
                counts[artist] += played.streams
        return sorted(((a, n) for a, n in counts.items() if n), key=lambda item: (-item[1], item[0]))[:limit]

    def _index(self) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.keys)}

    def months(self, mask: np.ndarray | None = None) -> dict[str, int]:
        """Streams per month (`YYYY-MM`, UTC) of the plays `mask` selects (all without one), in month
        order; months without a stream are left out (`render.charts.Timeline` draws the gaps)."""
        chosen = self.ms >= STREAM_MS
        if mask is not None:
            chosen &= mask
        month = self.end[chosen].astype("datetime64[s]").astype("datetime64[M]")
        labels, counts = np.unique(month, return_counts=True)
        return dict(zip(labels.astype(str).tolist(), counts.tolist(), strict=True))

    def sessions(self) -> np.ndarray:
        """Each play's session number: plays in time order, a new session after a pause of more than
        `SESSION_GAP_S` between one play's end and the next one's start (its end less its time played)."""
        if not len(self):
            return np.zeros(0, np.int64)
        starts = self.end - self.ms // 1000
        gaps = starts[1:] - self.end[:-1]
        return np.concatenate(([0], np.cumsum(gaps > SESSION_GAP_S)))

    def span(self) -> tuple[str, str]:
        """The first and last day of the history (`YYYY-MM-DD`), ("", "") without plays."""
        if not len(self):
            return "", ""
        first, last = (datetime.datetime.fromtimestamp(int(t), datetime.UTC) for t in (self.end[0], self.end[-1]))
        return first.date().isoformat(), last.date().isoformat()
