"""`mkdocs serve` (live reload on, as users run it) while the library is rewritten over and over."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import BUILD_ENV, project, small_playlist, write_small_library

PAGE = "/library/playlists/playlist-0/"
REWRITES = 30
#: pauses between rewrites, cycled: some shorter than MkDocs' 0.1 s debounce, some longer than its 0.5 s
#: polling, so that rebuilds start while the file is still being rewritten
PAUSES = (0.02, 0.15, 0.05, 0.6, 0.3)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a page; (0, reason) while the server cannot be reached."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, str(error)


def versions_on(html: str) -> set[int]:
    return {int(v) for v in re.findall(r"rev-(\d{3})", html)}


def wait_for(url: str, version: int, server: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Until the page is served from the file's `version` (and only that), or fail with the server's log."""
    deadline = time.monotonic() + timeout
    seen: tuple[int, set[int]] = (0, set())
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(encoding="utf-8")[-4000:]
        status, html = fetch(url)
        seen = (status, versions_on(html))
        if seen == (200, {version}):
            return
        time.sleep(0.25)
    raise AssertionError(f"{url} still gives {seen}, not version {version}:\n{log.read_text(encoding='utf-8')[-4000:]}")


def rewrite(path: Path, version: int) -> None:
    """The new version of the file; a few arrive badly, as from a slow or clumsy export."""
    data = small_playlist(0, version)
    if version == 10:  # deleted, then written again a moment later
        path.unlink()
        time.sleep(0.4)
    elif version == 20:  # half written, the rest a moment later
        path.write_bytes(data[: len(data) // 2])
        time.sleep(0.4)
    elif version == 25:  # written elsewhere and moved in (how careful tools replace a file)
        path.with_suffix(".part").write_bytes(data)
        path.with_suffix(".part").replace(path)
        return
    path.write_bytes(data)


@contextmanager
def serving(config: Path, tmp: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """A running `mkdocs serve` of the project: its address, process and log; stopped as a user stops it."""
    url = f"http://127.0.0.1:{free_port()}"
    log = tmp / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", url.removeprefix("http://")]
    env = {**BUILD_ENV, "TMPDIR": str(tmp)}  # serve builds into a temporary folder; keep it in the test's own
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        yield url, server, log
    finally:
        server.send_signal(signal.SIGINT)  # serve's own shutdown, which deletes its temporary site
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert not [p for p in tmp.iterdir() if p.name.startswith("mkdocs_")], "serve left its temporary site"


def test_serve_follows_a_library_rewritten_30_times(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    write_small_library(library)
    config = project(tmp_path, library, tmp_path / "cache", min_tracks=100)
    with serving(config, tmp_path) as (url, server, log):
        wait_for(url + PAGE, 0, server, log, timeout=60)
        for version in range(1, REWRITES + 1):
            rewrite(library / "Playlist_0.csv", version)
            time.sleep(PAUSES[version % len(PAUSES)])
            assert server.poll() is None, log.read_text(encoding="utf-8")[-4000:]
        wait_for(url + PAGE, REWRITES, server, log, timeout=60)
        assert fetch(url + "/library/playlists/playlist-1/")[0] == 200
    text = log.read_text(encoding="utf-8")
    assert "Detected file changes" in text  # it rebuilt on the library's changes, not by chance
    rebuilds, failed = text.count("Detected file changes"), text.count("An error happened during the rebuild")
    print(f"{REWRITES} rewrites, {rebuilds} rebuilds, {failed} of them stopped by a file changing meanwhile")


def test_serve_keeps_serving_while_the_library_is_gone(tmp_path: Path) -> None:
    """A one-file library deleted: the rebuild fails with the plugin's error, the last site stays up, and
    the file's return rebuilds it."""
    library = tmp_path / "Playlist_0.csv"
    library.write_bytes(small_playlist(0, 0))
    config = project(tmp_path, library, tmp_path / "cache", min_tracks=100)
    with serving(config, tmp_path) as (url, server, log):
        wait_for(url + PAGE, 0, server, log, timeout=60)
        library.unlink()
        deadline = time.monotonic() + 30
        while f"library not found: {library}" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")[-4000:]
            time.sleep(0.2)
        assert server.poll() is None
        assert versions_on(fetch(url + PAGE)[1]) == {0}
        library.write_bytes(small_playlist(0, 5))
        wait_for(url + PAGE, 5, server, log, timeout=60)


def wait_for_log(line: str, times: int, server: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Until serve logged `line` `times` times, or fail with its log."""
    deadline = time.monotonic() + timeout
    while log.read_text(encoding="utf-8").count(line) < times:
        assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")[-4000:]
        time.sleep(0.2)


@pytest.mark.parametrize("in_watch", [False, True], ids=["plugin-watch", "also-in-mkdocs-watch"])
def test_serve_follows_a_library_folder_deleted_and_restored(tmp_path: Path, in_watch: bool) -> None:
    """The whole folder deleted: the rebuild says the library is gone and the last site stays; restored,
    it is rebuilt and watched again, so a file inside it that goes and comes back is followed too. Listed
    in MkDocs' own `watch:` as well (as a user may), MkDocs' check of that list is what says it is gone,
    and MkDocs answers no request until it is back (docs/configuration.md)."""
    library = tmp_path / "lib"
    write_small_library(library)
    config = project(tmp_path, library, tmp_path / "cache", min_tracks=100)
    if in_watch:
        config.write_text(config.read_text(encoding="utf-8") + f"watch:\n  - {library}\n", encoding="utf-8")
    gone = (
        f"Config value 'watch': The path '{library}' isn't an existing file or directory."
        if in_watch
        else f"library not found: {library}; still serving the site of the last library read whole"
    )
    with serving(config, tmp_path) as (url, server, log):
        wait_for(url + PAGE, 0, server, log, timeout=60)
        shutil.rmtree(library)
        wait_for_log(gone, 1, server, log, timeout=30)
        if not in_watch:  # MkDocs holds every request while its own config is refused
            assert versions_on(fetch(url + PAGE)[1]) == {0}
        write_small_library(library, version=3)
        wait_for(url + PAGE, 3, server, log, timeout=60)
        (library / "Playlist_1.csv").unlink()
        deadline = time.monotonic() + 30
        while fetch(url + "/library/playlists/playlist-1/")[0] != 404:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")[-4000:]
            time.sleep(0.25)
        (library / "Playlist_0.csv").write_bytes(small_playlist(0, 4))
        (library / "Playlist_1.csv").write_bytes(small_playlist(1, 4))
        wait_for(url + PAGE, 4, server, log, timeout=60)
        wait_for(url + "/library/playlists/playlist-1/", 4, server, log, timeout=60)
        library.rename(tmp_path / "lib.old")  # moved away and back, as `mv` does
        wait_for_log(gone, 2, server, log, timeout=30)
        (tmp_path / "lib.old").rename(library)
        (library / "Playlist_0.csv").write_bytes(small_playlist(0, 6))
        wait_for(url + PAGE, 6, server, log, timeout=60)
    assert "Traceback" not in log.read_text(encoding="utf-8")
