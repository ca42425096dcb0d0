"""Faults around a build: killed builds, builds sharing a cache, a library that changes or vanishes.

Builds here are real `mkdocs build --strict` processes on the demo library (57 collections, about five
seconds of clustering), so that a kill lands while the cache is being written; the plugin-level tests
use a small generated library.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

import mkdocs_clusters.read.library as reading
from helpers import BUILD_ENV, ROOT, project, small_playlist, write_small_library
from mkdocs_clusters.plugin import ClustersPlugin
from mkdocs_clusters.read.sources import Source
from mkdocs_clusters.store.cache import STALE_SECONDS, DiskCache

DEMO = ROOT / "demo" / "library"


# -- the plugin when the library vanishes or changes -----------------------------------------------


def plugin_for(tmp: Path, library: Path, command: str = "build") -> tuple[ClustersPlugin, MkDocsConfig]:
    """The plugin as MkDocs holds it (one instance per process, kept across `mkdocs serve` rebuilds, and so
    across tests: it is started afresh here), started for `command`, and its config."""
    config = load_config(str(project(tmp, library, tmp / "cache", min_tracks=100)))
    plugin = config.plugins["clusters"]
    assert isinstance(plugin, ClustersPlugin)
    plugin.__init__()  # type: ignore[misc]  # MkDocs keeps one instance per process; start it afresh, as a new build process
    config.plugins.on_startup(command=command, dirty=False)
    return plugin, config.plugins.on_config(config)


def pages(plugin: ClustersPlugin, config: MkDocsConfig) -> dict[str, str]:
    """What a build (or a `mkdocs serve` rebuild) gets from the plugin: the generated pages."""
    files = config.plugins.on_files(Files([]), config=config)
    return {f.src_uri: f.content_string for f in files if f.src_uri.endswith(".md")}


def versions_in(text: str) -> set[int]:
    return {int(v) for v in re.findall(r"rev-(\d{3})", text)}


def test_a_vanished_library_is_a_clear_error_and_its_return_recovers(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    write_small_library(library)
    plugin, config = plugin_for(tmp_path, library)
    first = pages(plugin, config)
    assert versions_in("".join(first.values())) == {0}
    library.rename(tmp_path / "away")
    with pytest.raises(PluginError, match="library not found") as error:
        pages(plugin, config)
    assert str(library) in str(error.value)
    (tmp_path / "away").rename(library)
    assert pages(plugin, config) == first
    (library / "Playlist_1.csv").unlink()
    write_small_library(library, version=7, playlists=1)
    again = pages(plugin, config)
    assert versions_in("".join(again.values())) == {7, 0}
    assert not any("playlist-1" in uri for uri in again)


def test_a_serve_rebuild_keeps_the_last_site_while_the_library_is_gone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """MkDocs empties the served folder before a rebuild: failing would leave nothing to serve."""
    library = tmp_path / "lib"
    write_small_library(library)
    plugin, config = plugin_for(tmp_path, library, "serve")
    first = pages(plugin, config)
    library.rename(tmp_path / "away")
    assert pages(plugin, config) == first
    assert f"library not found: {library}" in caplog.text
    assert "still serving" in caplog.text
    write_small_library(library, version=3)
    assert versions_in("".join(pages(plugin, config).values())) == {3}


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"", "0 bytes"),
        (b"\xef\xbb\xbf", "only a byte order mark"),
        (b"\xff\xfe", "only a byte order mark"),  # UTF-16's, as Excel's "Unicode text" starts
        (b"\xef\xbb\xbf\r\n", "only a byte order mark and white space"),
        (b" \r\n", "only white space"),
    ],
)
def test_an_empty_file_is_a_warning_that_names_it_as_a_likely_failed_download(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, data: bytes, what: str
) -> None:
    """A 0-byte or BOM-only file is what an interrupted download leaves (an export of an empty playlist
    still has its header row): a WARNING (its playlist is missing from the site), saying so by name."""
    library = tmp_path / "lib"
    write_small_library(library)
    (library / "Road Trip.csv").write_bytes(data)
    plugin, config = plugin_for(tmp_path, library)
    with caplog.at_level(logging.INFO):
        pages(plugin, config)
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning == (
        f"mkdocs_clusters: {library / 'Road Trip.csv'}: empty file ({what}): most likely a failed or "
        "unfinished download; download or export it again; 0 of 0 rows loaded"
    )


def test_a_file_changed_while_being_read_is_named_and_the_next_build_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "lib"
    write_small_library(library)
    plugin, config = plugin_for(tmp_path, library)
    real_load = reading.load_library
    victim = library / "Playlist_1.csv"

    def load_then_change(*args: object, **kwargs: object) -> object:
        """The export tool rewrites a file just after the plugin read it."""
        loaded = real_load(*args, **kwargs)  # type: ignore[arg-type]
        if victim.read_bytes() == small_playlist(1, 0):
            victim.write_bytes(small_playlist(1, 11))
        return loaded

    monkeypatch.setattr(reading, "load_library", load_then_change)
    with pytest.raises(PluginError, match="changed while it was being read") as error:
        pages(plugin, config)
    assert str(victim) in str(error.value)
    assert "Playlist_0.csv" not in str(error.value)
    recovered = pages(plugin, config)
    assert versions_in(recovered["library/playlists/playlist-1/index.md"]) == {11}
    assert versions_in(recovered["library/playlists/playlist-0/index.md"]) == {0}


def test_a_file_deleted_while_being_read_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "lib"
    write_small_library(library)
    plugin, config = plugin_for(tmp_path, library)
    real_sources = reading.iter_sources
    victim = library / "Playlist_2.csv"

    def sources_then_delete(root: Path) -> Iterator[Source]:
        """The files are listed, then one goes before it is read."""
        listed = real_sources(root)
        first = next(listed)
        victim.unlink(missing_ok=True)
        yield first
        yield from listed

    monkeypatch.setattr(reading, "iter_sources", sources_then_delete)
    with pytest.raises(PluginError, match="changed while it was being read") as error:
        pages(plugin, config)
    assert str(victim) in str(error.value)
    monkeypatch.setattr(reading, "iter_sources", real_sources)
    assert not any("playlist-2" in uri for uri in pages(plugin, config))
    write_small_library(library)
    assert "library/playlists/playlist-2/index.md" in pages(plugin, config)


# -- builds killed while writing the cache ---------------------------------------------------------


def build_command(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]


def check_build(result: subprocess.CompletedProcess[str]) -> int:
    """Asserts a clean strict build; the number of collections it clustered (the rest came from the cache)."""
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    found = re.search(r"(\d+) clustered in this build", result.stderr)
    assert found, result.stderr[-4000:]
    return int(found.group(1))


def start(config: Path, site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        build_command(config, site), env=BUILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def build(config: Path, site: Path) -> int:
    return check_build(subprocess.run(build_command(config, site), capture_output=True, text=True, env=BUILD_ENV))


def site_files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def indexes(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.json")) if cache.exists() else []


def assert_whole(cache: Path) -> None:
    """Every index under its real name reads back whole: writes are all or nothing, even when killed."""
    damaged = [p.name for p in indexes(cache) if DiskCache(cache).get(p.stem) is None]
    assert not damaged, damaged


def end_group(process: subprocess.Popen[str]) -> None:
    """Kill what is left of a build started in its own session (its clustering workers, if any)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def kill_after(command: list[str], cache: Path, new_entries: int) -> None:
    """Start a build and SIGKILL it (and its workers) once it has written `new_entries` cache entries."""
    before = len(indexes(cache))
    process = subprocess.Popen(command, env=BUILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while len(indexes(cache)) - before < new_entries and process.poll() is None:
            assert time.monotonic() < deadline, "no cache entries written in time"
            time.sleep(0.002)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    finally:
        end_group(process)
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"


#: Runs a real `mkdocs build` whose cache writes die: in the middle of the n-th file's temporary copy
#: (`write`), or with the n-th temporary file complete but not yet renamed (`replace`).
KILLER = """
import os, signal, sys
import mkdocs_clusters.store.atomic as atomic
from mkdocs.__main__ import cli

moment, target = sys.argv[1], int(sys.argv[2])
calls = {"write": 0, "replace": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

class HalfWriter:
    def __init__(self, handle):
        self.handle = handle
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        die()

class DyingOs:
    def __getattr__(self, name):
        return getattr(os, name)
    def fdopen(self, fd, mode):
        calls["write"] += 1
        handle = os.fdopen(fd, mode)
        return HalfWriter(handle) if moment == "write" and calls["write"] == target else handle
    def replace(self, src, dst):
        calls["replace"] += 1
        if moment == "replace" and calls["replace"] == target:
            die()
        os.replace(src, dst)

atomic.os = DyingOs()
cli(sys.argv[3:])
"""

#: (moment, n): killed writing the first picture, before renaming the first index (its picture in place),
#: and the same further into a build
INJECTED = [("write", 1), ("replace", 2), ("write", 6), ("replace", 9)]
#: new entries after which a build is killed from outside
POLLED = [1, 10, 25]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo site from a clean build with a cache of its own."""
    tmp = tmp_path_factory.mktemp("reference")
    assert build(project(tmp, DEMO, tmp / "cache"), tmp / "site") > 0
    return site_files(tmp / "site")


def test_builds_killed_while_writing_the_cache_leave_a_cache_the_next_build_uses(
    tmp_path: Path, reference: dict[str, str]
) -> None:
    polled = tmp_path / "polled"
    for new_entries in POLLED:
        kill_after(build_command(project(tmp_path, DEMO, polled), tmp_path / "killed"), polled, new_entries)
        assert_whole(polled)
    # kills from inside on a cache of their own: after the polled kills (whose moment depends on the
    # machine's speed) too few collections might be left for the later injected moments
    cache = tmp_path / "cache"
    parallel = project(tmp_path, DEMO, cache)
    serial = project(tmp_path, DEMO, cache, jobs=1)
    for moment, target in INJECTED:
        command = [sys.executable, "-c", KILLER, moment, str(target), *build_command(serial, tmp_path / "killed")[3:]]
        process = subprocess.Popen(command, env=BUILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True, text=True)  # fmt: skip
        try:
            process.wait(timeout=300)
        finally:
            end_group(process)
        assert process.returncode == -signal.SIGKILL, (moment, target, process.stderr and process.stderr.read())
        assert_whole(cache)
    leftovers = sorted(cache.glob(".*.tmp"))
    assert len(leftovers) >= len(INJECTED)  # every injected kill left its temporary file behind
    old = time.time() - STALE_SECONDS - 60
    for leftover in leftovers:
        os.utime(leftover, (old, old))
    in_flight = cache / ".0123.json.abcdef.tmp"  # as another build, writing right now, would have it
    in_flight.write_bytes(b'{"format": 2, "dig')

    clustered = build(parallel, tmp_path / "site")
    assert 0 < clustered < len(indexes(cache))  # what the killed builds wrote was used
    assert site_files(tmp_path / "site") == reference
    assert sorted(cache.glob(".*.tmp")) == [in_flight]
    assert_whole(cache)
    assert build(parallel, tmp_path / "again") == 0


# -- builds sharing one cache ----------------------------------------------------------------------


def test_two_builds_at_once_share_one_cache(tmp_path: Path, reference: dict[str, str]) -> None:
    """Started together, both compute every collection and write the same entries at the same time."""
    cache = tmp_path / "cache"
    config = project(tmp_path, DEMO, cache, jobs=1)
    processes = [start(config, tmp_path / f"site{i}") for i in range(2)]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        check_build(subprocess.CompletedProcess(process.args, process.returncode, "", stderr))
    assert site_files(tmp_path / "site0") == site_files(tmp_path / "site1") == reference
    assert not list(cache.glob(".*.tmp"))
    assert_whole(cache)
    assert build(config, tmp_path / "after") == 0


def test_a_build_reading_the_cache_another_is_writing(tmp_path: Path, reference: dict[str, str]) -> None:
    """The second starts once the first has written some entries: it reads while the first writes."""
    cache = tmp_path / "cache"
    config = project(tmp_path, DEMO, cache, jobs=1)
    first = start(config, tmp_path / "site0")
    deadline = time.monotonic() + 120
    while len(indexes(cache)) < 10 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert first.poll() is None, "the first build ended before the second started"
    second = build(config, tmp_path / "site1")
    _, stderr = first.communicate(timeout=300)
    assert second < check_build(subprocess.CompletedProcess(first.args, first.returncode, "", stderr))
    assert site_files(tmp_path / "site0") == site_files(tmp_path / "site1") == reference
    assert_whole(cache)


# -- a cache that cannot be used ---------------------------------------------------------------------


def cache_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "cannot be used" in r.getMessage()]


@pytest.mark.parametrize("fault", [errno.EROFS, errno.ENOSPC, errno.EACCES], ids=["read-only", "full", "no-permission"])
def test_a_cache_that_cannot_be_written_costs_time_not_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fault: int
) -> None:
    """Every write fails as the file system would (tests run as root, where permissions do not stop
    writes): the build gives the same pages as one without a cache, and says so once, not as a warning."""
    library = tmp_path / "lib"
    write_small_library(library)
    plugin, config = plugin_for(tmp_path / "reference", library)
    reference = pages(plugin, config)

    def failing(path: Path, data: object) -> None:
        raise OSError(fault, os.strerror(fault), str(path))

    monkeypatch.setattr("mkdocs_clusters.store.cache.atomic_write", failing)
    monkeypatch.setattr("mkdocs_clusters.store.sitecache.atomic_write", failing)
    caplog.set_level(logging.INFO)
    plugin, config = plugin_for(tmp_path / "faulty", library)
    assert pages(plugin, config) == reference
    [message] = cache_messages(caplog)
    assert os.strerror(fault) in message and "this build goes on without it" in message
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_cache_folder_that_is_a_file_or_vanishes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    library = tmp_path / "lib"
    write_small_library(library)
    plugin, config = plugin_for(tmp_path, library)
    first = pages(plugin, config)
    shutil.rmtree(tmp_path / "cache")  # deleted between builds: made again
    plugin, config = plugin_for(tmp_path, library)
    assert pages(plugin, config) == first and list((tmp_path / "cache").glob("*.json"))
    shutil.rmtree(tmp_path / "cache")
    (tmp_path / "cache").write_text("not a folder")
    caplog.set_level(logging.INFO)
    plugin, config = plugin_for(tmp_path, library)
    assert pages(plugin, config) == first
    assert len(cache_messages(caplog)) == 1
