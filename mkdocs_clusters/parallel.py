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
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import ClusterSettings, Result
from mkdocs_clusters.cluster.names import describe
from mkdocs_clusters.cluster.reference import Reference
from mkdocs_clusters.model import Track
from mkdocs_clusters.render.pictures import legend_lines, scatter_png

#: Below this many collections to compute, starting worker processes costs more than it saves.
MIN_PARALLEL = 24


def compute(
    tracks: Sequence[Track], settings: ClusterSettings, reference: Reference, previous: Mapping[str, int] | None = None
) -> Result:
    """Cluster one collection's tracks (from its `previous` clusters where they still fit), name the
    clusters against the library's `reference`, and draw the picture (none when there are no clusters)."""
    clustering = cluster_tracks(tracks, settings, previous)
    if not clustering.clusters:
        return Result(clustering, b"", (), describe(clustering, tracks, reference), reference.digest())
    description = describe(clustering, tracks, reference)
    legend = legend_lines(clustering, description)
    return Result(clustering, scatter_png(clustering, legend), legend, description, reference.digest())


#: one collection's work: its digest, its tracks, and its previous clusters (track key -> number)
Work = tuple[str, Sequence[Track], Mapping[str, int] | None]


def _work(item: tuple[Work, ClusterSettings, Reference]) -> tuple[str, Result]:
    (digest, tracks, previous), settings, reference = item
    return digest, compute(tracks, settings, reference, previous)


Progress = Callable[[int, int], None]


def compute_many(
    work: Sequence[Work],
    settings: ClusterSettings,
    reference: Reference,
    jobs: int,
    progress: Progress | None = None,
) -> Iterator[tuple[str, Result]]:
    """(digest, result) for each piece of work, in the order given; `progress(done, total)` is called
    at most every few seconds."""
    total = len(work)
    reporter = _Reporter(total, progress)
    if jobs <= 1 or total < MIN_PARALLEL:
        for digest, tracks, previous in work:
            yield digest, compute(tracks, settings, reference, previous)
            reporter.step()
        return
    context = multiprocessing.get_context("spawn")
    items = [(item, settings, reference) for item in work]
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
