"""Computing collections' clusters and pictures, in parallel processes when there are many.

Parallelism is per collection: each collection is clustered single-threaded (`cluster_tracks` caps BLAS
and OpenMP with threadpoolctl), since on small matrices thread pools cost more than the work.
Workers are spawned, not forked:
`mkdocs serve` runs threads, and forking a threaded process is unsafe.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.curation import Curation, Signals
from mkdocs_clusters.cluster.model import ClusterSettings, Result
from mkdocs_clusters.cluster.names import TrackFacts, describe
from mkdocs_clusters.cluster.reference import Reference
from mkdocs_clusters.model import Track
from mkdocs_clusters.render.pictures import legend_lines, scatter_png

#: Below this many collections to compute, starting worker processes costs more than it saves.
MIN_PARALLEL = 24


def compute(
    tracks: Sequence[Track],
    settings: ClusterSettings,
    reference: Reference,
    previous: Mapping[str, int] | None = None,
    facts: dict[str, TrackFacts] | None = None,
    signals: Signals | None = None,
) -> Result:
    """Cluster one collection's tracks (from its `previous` clusters where they still fit; by the
    library's curation `signals` too when it has no audio features), name the clusters against the
    library's `reference`, and draw the picture (none when there are no clusters). `facts` keeps what
    names read of each track across collections."""
    clustering = cluster_tracks(tracks, settings, previous, signals)
    description = describe(clustering, tracks, reference, facts, signals)
    if not clustering.clusters:
        return Result(clustering, b"", (), description, reference.digest())
    legend = legend_lines(clustering, description)
    return Result(clustering, scatter_png(clustering, legend), legend, description, reference.digest())


#: what a collection is clustered by besides its features: None (audio features, or curation not
#: wanted), else the playlist to leave out of the library's curation signals ("" for none)
Curated = str | None


@dataclass(frozen=True)
class Work:
    """One collection's work: its digest, its tracks, its previous clusters (track key -> number) and
    whether it is clustered by curation, leaving out which playlist."""

    digest: str
    tracks: Sequence[Track]
    previous: Mapping[str, int] | None = None
    curated: Curated = None


def signals_for(curated: Curated, curation: Curation | None) -> Signals | None:
    """The curation signals a piece of work is clustered by, None when it is not."""
    return None if curated is None else Signals(curation, curated or None)


@dataclass
class _Worker:
    """What a worker process holds for all its work: the library's tracks, the settings and the reference
    (sent once, when it starts: sent with each collection they were 45 MB of pickles for the bench
    library, each track about six times), and the facts its names read."""

    tracks: Mapping[str, Track]
    settings: ClusterSettings
    reference: Reference
    curation: Curation | None
    facts: dict[str, TrackFacts] = field(default_factory=dict)


#: this process's state when it is a worker (`_start_worker`)
_worker: _Worker | None = None


def _start_worker(
    tracks: Mapping[str, Track], settings: ClusterSettings, reference: Reference, curation: Curation | None
) -> None:
    global _worker
    _worker = _Worker(tracks, settings, reference, curation)
    # what lives as long as the worker stays out of every garbage collection
    gc.collect()
    gc.freeze()


#: what a worker is sent per collection: digest, track keys, previous clusters, curation, and the dates
#: its tracks were added where they are not those of the tracks the worker holds (a playlist's own)
Item = tuple[str, Sequence[str], Mapping[str, int] | None, Curated, Mapping[str, str]]


def _work(item: Item) -> tuple[str, Result]:
    digest, keys, previous, curated, added = item
    assert _worker is not None, "the worker was started without the library"
    tracks = [_worker.tracks[key] for key in keys]
    if added:
        tracks = [replace(t, added_at=added[t.key]) if t.key in added else t for t in tracks]
    signals = signals_for(curated, _worker.curation)
    return digest, compute(tracks, _worker.settings, _worker.reference, previous, _worker.facts, signals)


def _dates(tracks: Sequence[Track], held: Mapping[str, Track]) -> dict[str, str]:
    """The dates added of `tracks` that differ from those of the tracks a worker holds."""
    return {t.key: t.added_at for t in tracks if t.added_at != held[t.key].added_at}


Progress = Callable[[int, int], None]


def compute_many(
    work: Sequence[Work],
    settings: ClusterSettings,
    reference: Reference,
    jobs: int,
    progress: Progress | None = None,
    curation: Curation | None = None,
) -> Iterator[tuple[str, Result]]:
    """(digest, result) for each piece of work, in the order given; `progress(done, total)` is called
    at most every few seconds. Each worker gets the work's tracks and the library's `curation` once,
    and the work then as keys."""
    total = len(work)
    reporter = _Reporter(total, progress)
    facts: dict[str, TrackFacts] = {}
    if jobs <= 1 or total < MIN_PARALLEL:
        for piece in work:
            signals = signals_for(piece.curated, curation)
            yield piece.digest, compute(piece.tracks, settings, reference, piece.previous, facts, signals)
            reporter.step()
        return
    tracks: dict[str, Track] = {}
    for piece in work:
        for track in piece.tracks:
            tracks.setdefault(track.key, track)
    context = multiprocessing.get_context("spawn")
    items: list[Item] = [
        (p.digest, tuple(t.key for t in p.tracks), p.previous, p.curated, _dates(p.tracks, tracks)) for p in work
    ]
    # big collections first would balance better, but order also sets memory; keep it simple
    start = (tracks, settings, reference, curation)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=start) as pool:
        for digest, result in pool.map(_work, items, chunksize=max(1, min(16, total // (jobs * 8)))):
            yield digest, result
            reporter.step()


class _Reporter:
    """Calls `progress` with done/total every `interval` seconds, and at the end if it ever did."""

    def __init__(self, total: int, progress: Progress | None, interval: float = 5.0) -> None:
        self.total, self.progress, self.interval = total, progress, interval
        self.done = 0
        self.last = time.monotonic()
        self.reported = False

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        due = now - self.last >= self.interval or (self.reported and self.done == self.total)
        if self.progress and due:
            self.last, self.reported = now, True
            self.progress(self.done, self.total)


def workers(jobs: int) -> int:
    """The worker processes to use for the `jobs` option: one per core this process may run on (0), and
    never more (more processes than cores only cost memory)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(jobs, cores) if jobs else cores
