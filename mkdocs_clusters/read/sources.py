"""Finding an export's files: a folder (nested), a zip read in place, or one file; and telling
whether the library changed (a listing of sizes and modification times)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: A zip whose CSV entries add up to more than this (uncompressed) is refused as a whole.
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024
#: Zip entries larger than this (uncompressed) are refused rather than read into memory.
MAX_ENTRY_BYTES = 256 * 1024 * 1024


_SKIPPED_PARTS = {"__MACOSX"}


class LibraryError(Exception):
    """The library as a whole cannot be read (missing, not an export, a broken zip)."""


@dataclass(frozen=True)
class Source:
    """One export file: where it is (for messages) and the playlist name it stands for."""

    location: str
    name: str
    data: bytes
    #: the file's folder inside the export ("" at its top), to tell apart playlists of the same name
    folder: str = ""
    #: why the file was not read at all ("" when it was)
    problem: str = ""


def playlist_name(path: PurePosixPath) -> str:
    """The playlist name a file stands for: its name without `.csv`, underscores read as spaces."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    name = " ".join(stem.replace("_", " ").split())
    return name or stem or "playlist"


def iter_sources(root: Path) -> Iterator[Source]:
    """The CSV files of an export, in a stable order, read in place (a zip is never extracted)."""
    if not root.exists():
        raise LibraryError(f"library not found: {root}")
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".csv" and _wanted(p.parts))
        for p in files:
            folder = p.parent.relative_to(root).as_posix()
            yield Source(str(p), playlist_name(PurePosixPath(p.name)), p.read_bytes(), "" if folder == "." else folder)
    elif zipfile.is_zipfile(root):
        yield from _zip_sources(root)
    elif root.suffix.lower() == ".zip":
        raise LibraryError(f"{root}: not a readable zip archive")
    else:
        yield Source(str(root), playlist_name(PurePosixPath(root.name)), root.read_bytes())


def library_files(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file of the library, by path, without reading them.

    Equal listings mean an unchanged library, so a `mkdocs serve` rebuild for a docs edit reuses the last
    site; a listing taken after reading that differs from the one before means the export changed while it
    was read (a file written, replaced or deleted meanwhile), and names the files.
    """
    if not root.exists():
        raise LibraryError(f"library not found: {root}")
    paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    listing: dict[str, tuple[int, int]] = {}
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue  # deleted since listed: absent, as in a listing taken a moment later
        listing[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return listing


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """The files added, deleted or modified between two listings of `library_files`."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def _wanted(parts: Sequence[str]) -> bool:
    return not any(part in _SKIPPED_PARTS for part in parts)


def _zip_sources(root: Path) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(root)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LibraryError(f"{root}: not a readable zip archive ({exc})") from exc
    with archive:
        infos = sorted(
            (i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".csv")),
            key=lambda i: i.filename,
        )
        total = sum(i.file_size for i in infos)
        if total > MAX_ZIP_BYTES:
            raise LibraryError(
                f"{root}: refused, its CSV files would expand to {total:,} bytes (limit {MAX_ZIP_BYTES:,})"
            )
        for info in infos:
            inner = PurePosixPath(info.filename.replace("\\", "/"))
            if not _wanted(inner.parts):
                continue
            location = f"{root}!{info.filename}"
            if info.file_size > MAX_ENTRY_BYTES:
                problem = f"not read: would expand to {info.file_size:,} bytes (limit {MAX_ENTRY_BYTES:,})"
                yield Source(location, playlist_name(inner), b"", _folder(inner), problem)
                continue
            try:
                data = _read_entry(archive, info)
            except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError, EOFError) as exc:
                # one damaged or encrypted entry is that playlist's problem, not the library's
                yield Source(location, playlist_name(inner), b"", _folder(inner), f"not read from the zip: {exc}")
                continue
            yield Source(location, playlist_name(inner), data, _folder(inner))


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, never more than it declares: a forged size cannot make it expand further."""
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise zipfile.BadZipFile(f"expands to more or fewer bytes than the {info.file_size:,} it declares")
    return data


def _folder(inner: PurePosixPath) -> str:
    folder = inner.parent.as_posix()
    return "" if folder in {".", "/"} else folder
