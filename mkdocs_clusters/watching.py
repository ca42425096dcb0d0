"""`mkdocs serve` watching a library folder that is deleted and comes back.

MkDocs watches a path with one watchdog emitter. When the watched folder disappears, the emitter queues
a directory event, which MkDocs ignores (it rebuilds on file events only), and stops for good: the
deletion went unnoticed, and so did the folder's return and every later edit in it. So the folder's
parent is watched too, not recursively, for the folder itself coming and going: gone, a rebuild (it
says that the library is missing and keeps serving the last site); back, MkDocs' watch of it is made
anew and a rebuild follows. Both rebuilds are asked for through MkDocs' own watch of the library, by
queueing a file event on its emitter, so they are debounced and run as any other change's.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileSystemEvent, FileSystemEventHandler


def watch_library(server: LiveReloadServer, library: Path) -> None:
    """Rebuild on every change of the library, including the whole folder deleted or restored."""
    path = str(library)
    if library.exists():
        server.watch(path)
    if library.parent.is_dir():
        server.observer.schedule(_Comings(server, path), str(library.parent), recursive=False)


class _Comings(FileSystemEventHandler):
    """The library folder's own coming and going, seen from its parent folder."""

    def __init__(self, server: LiveReloadServer, path: str) -> None:
        self.server = server
        self.path = path

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:  # a file beside the library, or the library file (MkDocs watches it)
            return
        src, dest = os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")
        kind = event.event_type
        if src == self.path and kind in ("deleted", "moved"):
            _rebuild(self.server, FileDeletedEvent(self.path))
        elif (src == self.path and kind == "created") or (dest == self.path and kind == "moved"):
            _watch_again(self.server, self.path)
            _rebuild(self.server, FileCreatedEvent(self.path))


def _watch_again(server: LiveReloadServer, path: str) -> None:
    """MkDocs' watch of `path` made anew (its emitter stopped when the folder went), as many times as it
    was asked for (the plugin and the user's `watch:` may both name it)."""
    times = 0
    with suppress(KeyError):  # MkDocs' unwatch raises once `path` is no longer watched
        while True:
            server.unwatch(path)
            times += 1
    for _ in range(max(times, 1)):
        server.watch(path)


def _rebuild(server: LiveReloadServer, event: FileSystemEvent) -> None:
    """A rebuild, asked for as a change of the library on MkDocs' watch of it (nothing when the library
    was never watched: its first appearance has its own watch made by `_watch_again`)."""
    for emitter in list(server.observer.emitters):
        if os.fsdecode(emitter.watch.path) == event.src_path:
            emitter.queue_event(event)
            return
