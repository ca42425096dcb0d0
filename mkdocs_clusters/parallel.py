"""Computing collections' clusters and pictures, in parallel processes when there are many.

Parallelism is per collection: each collection is clustered single-threaded (`cluster_tracks` caps BLAS
and OpenMP with threadpoolctl), since on small matrices thread pools cost more than the work.
Workers are spawned, not forked:
`mkdocs serve` runs threads, and forking a threaded process is unsafe.

With a Dask scheduler's address (`dask_scheduler`) the same work runs on that cluster's workers instead
(`distributed` is imported only then): the library's state is sent to each worker once, each task is one
collection's item, and the results come back in the order of the work, the same bytes as local processes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import CancelledError, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.curation import Curation, Signals
from mkdocs_clusters.cluster.model import ClusterSettings, Result
from mkdocs_clusters.cluster.names import TrackFacts, sketch, words_for
from mkdocs_clusters.cluster.reference import Reference
from mkdocs_clusters.model import Track
from mkdocs_clusters.render.pictures import legend_lines, scatter_png
from mkdocs_clusters.store.keys import source_digest, versions

if TYPE_CHECKING:
    from distributed import Client

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
    sketched = sketch(clustering, tracks, facts, signals)
    description = words_for(sketched, clustering, reference)
    if not clustering.clusters:
        return Result(clustering, b"", (), description, reference.digest(), sketched)
    legend = legend_lines(clustering, description)
    return Result(clustering, scatter_png(clustering, legend), legend, description, reference.digest(), sketched)


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
    assert _worker is not None, "the worker was started without the library"
    return _work_with(_worker, item)


def _work_with(state: _Worker, item: Item) -> tuple[str, Result]:
    """One collection's result from the library a worker holds; the same for a local process and a Dask
    worker, so that both give the same bytes."""
    digest, keys, previous, curated, added = item
    tracks = [state.tracks[key] for key in keys]
    if added:
        tracks = [replace(t, added_at=added[t.key]) if t.key in added else t for t in tracks]
    signals = signals_for(curated, state.curation)
    return digest, compute(tracks, state.settings, state.reference, previous, state.facts, signals)


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
    dask_scheduler: str = "",
) -> Iterator[tuple[str, Result]]:
    """(digest, result) for each piece of work, in the order given; `progress(done, total)` is called
    at most every few seconds. Each worker gets the work's tracks and the library's `curation` once,
    and the work then as keys. With `dask_scheduler` (an address) the workers are that Dask cluster's
    (ClusterError when it cannot be used), else `jobs` local processes; below `MIN_PARALLEL` pieces
    of work, this process computes them either way."""
    total = len(work)
    reporter = _Reporter(total, progress)
    facts: dict[str, TrackFacts] = {}
    if total < MIN_PARALLEL or (jobs <= 1 and not dask_scheduler):
        for piece in work:
            signals = signals_for(piece.curated, curation)
            yield piece.digest, compute(piece.tracks, settings, reference, piece.previous, facts, signals)
            reporter.step()
        return
    tracks: dict[str, Track] = {}
    for piece in work:
        for track in piece.tracks:
            tracks.setdefault(track.key, track)
    items: list[Item] = [
        (p.digest, tuple(t.key for t in p.tracks), p.previous, p.curated, _dates(p.tracks, tracks)) for p in work
    ]
    if dask_scheduler:
        results = _on_cluster(dask_scheduler, items, _Worker(tracks, settings, reference, curation))
    else:
        results = _on_processes(jobs, items, (tracks, settings, reference, curation))
    for digest, result in results:
        yield digest, result
        reporter.step()


def _on_processes(
    jobs: int, items: Sequence[Item], start: tuple[Mapping[str, Track], ClusterSettings, Reference, Curation | None]
) -> Iterator[tuple[str, Result]]:
    """The items' results, in their order, from `jobs` spawned processes that each get `start` once."""
    context = multiprocessing.get_context("spawn")
    chunks = max(1, min(16, len(items) // (jobs * 8)))
    # big collections first would balance better, but order also sets memory; keep it simple
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=start) as pool:
        yield from pool.map(_work, items, chunksize=chunks)


class ClusterError(Exception):
    """The Dask cluster at `dask_scheduler` cannot do the work: Dask is not installed, no scheduler
    answers, it has no workers, its workers would compute other bytes, or it lost the work midway. The
    build stops rather than compute elsewhere: a user who names a cluster expects it to be used."""


#: a Dask worker runs its tasks one at a time, however many threads it has: threadpoolctl's limits
#: (one BLAS thread, which also keeps sums in one order) are the process's, not a thread's
_one_at_a_time = threading.Lock()


def _cluster_task(item: Item, state: _Worker) -> tuple[str, Result]:
    """One collection's result on a Dask worker, from the library state it was sent once."""
    with _one_at_a_time:
        return _work_with(state, item)


def _fingerprint() -> tuple[str, str]:
    """What must be the same where results are computed: the versions the cache keys name, and this
    package's own code (a worker with other code would put other bytes under the same keys)."""
    return versions(), source_digest()


def _on_cluster(address: str, items: Sequence[Item], state: _Worker) -> Iterator[tuple[str, Result]]:
    """The items' results, in their order, from the Dask cluster at `address`: the state is scattered to
    every worker once, and each task carries one item and a reference to it."""
    with _connect(address) as client:
        from distributed import KilledWorker

        _check_workers(client, address)
        shared = client.scatter(state, broadcast=True, hash=False)
        # in order: the scheduler runs a map's tasks in the order given, so results arrive about in turn
        pending = deque(client.map(_cluster_task, items, state=shared, pure=False))
        while pending:
            future = pending.popleft()  # dropped once read: the worker frees the result
            try:
                done: tuple[str, Result] = future.result()
            except (CancelledError, KilledWorker) as exc:
                raise ClusterError(f"the Dask cluster at {address} lost the work: {exc}") from exc
            yield done


def _connect(address: str) -> Client:
    """A client of the scheduler at `address`, waiting as long as Dask's `distributed.comm.timeouts.connect`."""
    try:
        from distributed import Client
        from distributed.comm.addressing import normalize_address
    except ImportError as exc:
        raise ClusterError(
            f"dask_scheduler {address} needs Dask's distributed package: pip install 'mkdocs-clusters[dask]'"
        ) from exc
    try:
        normalize_address(address)  # a malformed one fails here, not half way through making a client
        return Client(address, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:  # OSError: no answer, TimeoutError included
        raise ClusterError(f"cannot connect to the Dask scheduler at {address}: {exc}") from exc


def _check_workers(client: Client, address: str) -> None:
    """Refuse a cluster without workers, or with workers that would compute other bytes than this machine."""
    if not client.scheduler_info().get("workers"):
        raise ClusterError(f"the Dask scheduler at {address} has no workers; start some with `dask worker {address}`")
    try:
        found: dict[str, tuple[str, str]] = client.run(_fingerprint)
    except Exception as exc:  # whatever stops a worker running this package's code
        raise ClusterError(
            f"the workers of the Dask scheduler at {address} cannot run mkdocs-clusters ({exc!r}); install it there"
        ) from exc
    here = _fingerprint()
    other = sorted(worker for worker, fingerprint in found.items() if tuple(fingerprint) != here)
    if other:
        raise ClusterError(
            f"the Dask workers {', '.join(other)} of {address} have other versions of mkdocs-clusters or what "
            f"shapes its results than this machine ({versions()}); install the same versions there"
        )


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
