"""Clustering on a Dask cluster (`dask_scheduler`): the same site, byte for byte, as local processes and as
this process alone; the library's state sent once; a cluster that cannot be used named in a clear error.

One `LocalCluster` of two worker processes serves the module, as `dask scheduler` and two `dask worker`
processes would on other machines (its scheduler runs in this process, so its counts can be read). Its
HTTP server takes a free port (`dashboard_address=None` still takes 8787, which a second cluster or a
parallel test run would find taken)."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dask
import distributed
import pytest

from helpers import ROOT, tree_digest
from mkdocs_clusters import build, parallel
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.cli import main
from mkdocs_clusters.cluster.model import Result
from mkdocs_clusters.config import ClustersConfig
from mkdocs_clusters.parallel import MIN_PARALLEL, ClusterError, Work
from mkdocs_clusters.read.library import load_library

#: with audio features, and without them (clustered by the library's curation, the state's `curation`)
LIBRARIES = ("library", "library-basic")


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local


def transitions(cluster: distributed.LocalCluster, prefix: str) -> int:
    """How many tasks (or scattered values) of a key prefix the scheduler has held (Dask drops a
    leading `_`: `_cluster_task-<id>` is of `cluster_task`)."""
    found = cluster.scheduler.task_prefixes.get(prefix)
    return 0 if found is None else int(found.state_counts["memory"])


def refused_address() -> str:
    """An address where nothing listens: a port this machine just gave out and took back."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


@pytest.mark.parametrize("name", LIBRARIES)
def test_cluster_site_equals_local_processes(
    cluster: distributed.LocalCluster, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each collection is one task on the cluster, the state one scattered value, the results in the
    order of the work; the site is the same as with two local processes and with none."""
    library = load_library(ROOT / "demo" / name)
    alone, computed = generate_site(library, Settings(), jobs=1)
    assert len(computed) >= MIN_PARALLEL
    processes, _ = generate_site(library, Settings(), jobs=2)
    asked, answered = [], []

    def recording(work: Sequence[Work], *args: Any) -> Iterator[tuple[str, Result]]:
        asked.extend(piece.digest for piece in work)
        for digest, result in parallel.compute_many(work, *args):
            answered.append(digest)
            yield digest, result

    monkeypatch.setattr(build, "compute_many", recording)
    tasks, states = transitions(cluster, "cluster_task"), transitions(cluster, "Worker")
    on_cluster, again = generate_site(library, Settings(), jobs=1, dask_scheduler=cluster.scheduler_address)
    assert again == computed
    assert answered == asked and len(asked) == len(computed)
    assert transitions(cluster, "cluster_task") - tasks == len(computed)
    assert transitions(cluster, "Worker") - states == 1
    for site in (processes, on_cluster):
        assert site.pages == alone.pages
        assert site.images == alone.images
        assert site.downloads == alone.downloads
        assert site == alone


def test_generate_flag(cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    """`generate --dask-scheduler` writes the same files as a run on this machine."""
    library = ROOT / "demo" / "library-basic"
    assert main(["generate", str(library), "--out", str(tmp_path / "here"), "--no-cache", "--jobs", "1"]) == 0
    address = cluster.scheduler_address
    flags = ["--out", str(tmp_path / "there"), "--no-cache", "--dask-scheduler", address]
    assert main(["generate", str(library), *flags]) == 0
    assert tree_digest(tmp_path / "there") == tree_digest(tmp_path / "here")


def test_unreachable_scheduler_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No scheduler: a `generate` error naming the address (exit 1), nothing written, no fallback."""
    address = refused_address()
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["generate", str(ROOT / "demo" / "library-basic"), "--out", str(tmp_path / "out"),
                     "--no-cache", "--dask-scheduler", address])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert f"error: cannot connect to the Dask scheduler at {address}" in err
    assert not (tmp_path / "out").exists()


def test_malformed_addresses() -> None:
    """An address with spaces is refused with the other options; one without a port when connecting."""
    config = ClustersConfig()
    config.load_dict({"library": "x", "dask_scheduler": "tcp://a host:8786"})
    failed, _ = config.validate()
    assert [name for name, _ in failed] == ["dask_scheduler"]
    library = load_library(ROOT / "demo" / "library-basic")
    with pytest.raises(ClusterError, match=r"cannot connect to the Dask scheduler at tcp://nowhere: .*port"):
        generate_site(library, Settings(), dask_scheduler="tcp://nowhere")


def test_workers_of_other_versions_are_refused(
    cluster: distributed.LocalCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that would compute other bytes (here: this machine claims other versions) are named."""
    monkeypatch.setattr(parallel, "versions", lambda: "other versions")
    library = load_library(ROOT / "demo" / "library-basic")
    with pytest.raises(ClusterError, match="other versions of mkdocs-clusters") as refused:
        generate_site(library, Settings(), dask_scheduler=cluster.scheduler_address)
    for worker in cluster.scheduler.workers:
        assert worker in str(refused.value)


def test_scheduler_without_workers() -> None:
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty:
        library = load_library(ROOT / "demo" / "library-basic")
        with pytest.raises(ClusterError, match="has no workers; start some with `dask worker inproc://"):
            generate_site(library, Settings(), dask_scheduler=empty.scheduler_address)


def test_a_local_build_does_not_import_dask() -> None:
    """Dask is imported only for a cluster (a second of every build, and an optional dependency)."""
    code = (
        "import sys; from pathlib import Path\n"
        "from mkdocs_clusters.build import BuildCache, Options, build\n"
        "import mkdocs_clusters.cli, mkdocs_clusters.plugin\n"
        f"build(Path({str(ROOT / 'demo' / 'library-basic')!r}), Options(), BuildCache())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
