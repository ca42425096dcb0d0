"""Computing collections' clusters and pictures, in parallel processes when there are many.

Parallelism is per collection: each collection is clustered single-threaded (`cluster_tracks` caps BLAS
and OpenMP with threadpoolctl), since on small matrices thread pools cost more than the work.
Workers are spawned, not forked:
`mkdocs serve` runs threads, and forking a threaded process is unsafe.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import ClusterSettings, Result
from mkdocs_clusters.model import Track
from mkdocs_clusters.render.pictures import scatter_png

#: Below this many collections to compute, starting worker processes costs more than it saves.
MIN_PARALLEL = 24


def compute(tracks: Sequence[Track], settings: ClusterSettings) -> Result:
    """Cluster one collection's tracks and draw its picture (none when there are no clusters)."""
    clustering = cluster_tracks(tracks, settings)
    return Result(clustering, scatter_png(clustering) if clustering.clusters else b"")


def _work(item: tuple[str, Sequence[Track], ClusterSettings]) -> tuple[str, Result]:
    digest, tracks, settings = item
    return digest, compute(tracks, settings)


Progress = Callable[[int, int], None]


def compute_many(
    work: Sequence[tuple[str, Sequence[Track]]],
    settings: ClusterSettings,
    jobs: int,
    progress: Progress | None = None,
) -> Iterator[tuple[str, Result]]:
    """(digest, result) for each (digest, tracks), in the order given; `progress(done, total)` is called
    at most every few seconds."""
    total = len(work)
    reporter = _Reporter(total, progress)
    if jobs <= 1 or total < MIN_PARALLEL:
        for digest, tracks in work:
            yield digest, compute(tracks, settings)
            reporter.step()
        return
    context = multiprocessing.get_context("spawn")
    items = [(digest, tracks, settings) for digest, tracks in work]
    # big collections first would balance better, but order also sets memory; keep it simple
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
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
