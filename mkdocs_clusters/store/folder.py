"""Generated files written into a folder, for site builders other than MkDocs (no MkDocs here).

The folder is usually a builder's docs folder, shared with the user's own pages, and a builder's live
preview rebuilds on every changed modification time. So `write_tree` is incremental and careful:

- a file whose bytes are unchanged is not rewritten (its modification time stays);
- every write goes to a temporary file in the same folder, then is renamed into place, so a builder (or an
  interrupted run) never sees half a file;
- it remembers what it wrote in a manifest inside the folder, and removes only files listed there when
  they are no longer generated (a playlist deleted from the library), plus the folders it created that
  are left empty; a file it did not write is never overwritten nor removed;
- every path is checked to stay inside the folder, symbolic links included, before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mkdocs_clusters.render.assets import packaged_assets
from mkdocs_clusters.render.site import Site
from mkdocs_clusters.store.atomic import atomic_write

#: The manifest's name, at the top of the output folder.
MANIFEST = ".mkdocs-clusters-manifest.json"
#: Bumped when the manifest's layout changes; a manifest of another format is not trusted.
MANIFEST_FORMAT = 1


class OutputError(Exception):
    """The files cannot be written safely (a path leaves the folder, a file of the user's is in the way)."""


@dataclass
class WriteSummary:
    """What `write_tree` did, by path relative to the output folder (the manifest not counted)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The counts, for the command's one-line report."""
        return f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.removed)} removed"


@dataclass
class Manifest:
    """What an earlier run wrote: its files, and the folders it created (and so may remove when empty)."""

    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)


def site_items(site: Site) -> Iterator[tuple[str, str | bytes]]:
    """Everything the MkDocs plugin adds to a build, by path under the docs root: the pages (text), the
    pictures, the playlist downloads and the packaged assets. The plugin and `generate` both place exactly
    this; the plugin takes the pages as they are (a byte copy of a big library's pages is hundreds of MB)."""
    yield from site.pages.items()
    yield from site.images.items()
    yield from site.downloads.items()
    yield from packaged_assets().items()


def site_files(site: Site) -> dict[str, bytes]:
    """`site_items` as bytes (pages in UTF-8, as MkDocs reads them), sorted by path, for writing out."""
    files = {path: data.encode("utf-8") if isinstance(data, str) else data for path, data in site_items(site)}
    return dict(sorted(files.items()))


def checked_path(out: Path, relative: str) -> Path:
    """`out / relative`, or OutputError when `relative` could name anything outside `out`: absolute paths,
    `..`, empty parts, backslashes (a separator elsewhere), or a folder on the way that is a symbolic link
    leading out. `out` must be resolved."""
    pure = PurePosixPath(relative)
    bad_part = any(part in ("", ".", "..") for part in relative.split("/"))
    if not relative or pure.is_absolute() or bad_part or "\\" in relative or "\0" in relative:
        raise OutputError(f"refusing path {relative!r}: not a plain relative path")
    if relative == MANIFEST:
        raise OutputError(f"refusing path {relative!r}: the manifest's own name")
    target = out.joinpath(*pure.parts)
    if not target.parent.resolve().is_relative_to(out):
        raise OutputError(f"refusing path {relative!r}: it leads outside {out}")
    return target


def write_tree(files: Mapping[str, bytes], out: Path) -> WriteSummary:
    """Make `out` hold `files` (path relative to `out` -> bytes), touching only what changed, and remove
    what an earlier run wrote that `files` no longer has. Everything is checked before anything is
    written, so a refusal leaves the folder as it was."""
    out.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    before = read_manifest(out)
    targets = {relative: checked_path(out, relative) for relative in sorted(files)}
    for relative, target in targets.items():
        _check_free(relative, target, files[relative], before)
    summary = WriteSummary()
    folders = set(before.folders)
    for relative, target in targets.items():
        if _same_bytes(target, files[relative]):
            summary.unchanged.append(relative)
            continue
        folders |= _make_parents(out, target)
        atomic_write(target, files[relative])
        summary.written.append(relative)
    summary.removed = _remove_stale(out, before.files - files.keys())
    folders = _remove_empty_folders(out, folders, keep=files.keys())
    _write_manifest(out, Manifest(set(files), folders))
    return summary


def read_manifest(out: Path) -> Manifest:
    """The manifest of an earlier run, or an empty one (none yet, unreadable, another format). Entries that
    are not plain relative paths are dropped: a manifest is a file anyone can edit, and it must never lead
    the removal outside the folder."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            return Manifest()
        return Manifest(set(_plain(out, data["files"])), set(_plain(out, data["folders"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()


def _plain(out: Path, entries: Iterable[object]) -> Iterable[str]:
    for entry in entries:
        if not isinstance(entry, str):
            continue
        try:
            checked_path(out, entry)
        except OutputError:
            continue
        yield entry


def _check_free(relative: str, target: Path, data: bytes, before: Manifest) -> None:
    """Refuse to overwrite what is not ours: a symbolic link, a folder, or a file that an earlier run did
    not write and that holds other bytes (the user's own page at a generated page's place)."""
    if target.is_symlink():
        raise OutputError(f"{target} is a symbolic link; refusing to write through it")
    if target.exists() and not target.is_file():
        raise OutputError(f"{target} is in the way of the generated {relative}")
    if target.exists() and relative not in before.files and not _same_bytes(target, data):
        raise OutputError(
            f"{target} exists and was not written by mkdocs-clusters; move it, or generate into another "
            f"folder or with another --root"
        )
    _check_parents_are_folders(relative, target)


def _check_parents_are_folders(relative: str, target: Path) -> None:
    """A file where a generated folder must go would make the write fail halfway; refuse it first."""
    for parent in target.parents[: len(PurePosixPath(relative).parts) - 1]:
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"{parent} is a file where the generated {relative} needs a folder")


def _same_bytes(target: Path, data: bytes) -> bool:
    """Whether `target` already holds exactly `data` (the size first, to read only likely matches)."""
    try:
        return target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _make_parents(out: Path, target: Path) -> set[str]:
    """Create the folders up to `target`; returns those created, relative to `out` (only they may be
    removed later)."""
    created: set[str] = set()
    missing = [p for p in target.parents if p != out and p.is_relative_to(out) and not p.exists()]
    for folder in reversed(missing):
        folder.mkdir()
        created.add(folder.relative_to(out).as_posix())
    return created


def _remove_stale(out: Path, stale: set[str]) -> list[str]:
    """Remove files an earlier run wrote that are no longer generated (already gone is fine)."""
    removed = []
    for relative in sorted(stale):
        target = checked_path(out, relative)
        if target.is_symlink() or target.is_file():
            target.unlink()
            removed.append(relative)
    return removed


def _remove_empty_folders(out: Path, folders: set[str], keep: Iterable[str]) -> set[str]:
    """Remove the folders this tool created that are now empty, deepest first; returns those still
    created by it and still there (a folder the user put files into stays, and stays ours)."""
    needed = {parent.as_posix() for relative in keep for parent in PurePosixPath(relative).parents}
    remaining: set[str] = set()
    for relative in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        folder = checked_path(out, relative)
        if not folder.is_dir() or folder.is_symlink():
            continue
        if relative not in needed and not any(folder.iterdir()):
            folder.rmdir()
            continue
        remaining.add(relative)
    return remaining


def _write_manifest(out: Path, manifest: Manifest) -> None:
    """Store the manifest (sorted, so an unchanged run leaves it byte for byte, and untouched)."""
    data = {"format": MANIFEST_FORMAT, "files": sorted(manifest.files), "folders": sorted(manifest.folders)}
    text = json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    if not _same_bytes(out / MANIFEST, text):
        atomic_write(out / MANIFEST, text)
