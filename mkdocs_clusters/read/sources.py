"""Finding an export's files and reading them within limits: a folder (nested, symlinked folders followed
once), a zip read in place (and the zips inside it), gzipped CSVs, or one file; and telling whether the
library changed (a listing of sizes and modification times).

Finding and reading are two steps, so that a library holds one file's bytes at a time: `iter_sources`
lists the files without reading them, a `SourceReader` opens the zips found inside zips (`expand`) and then
reads each file (`read`) within the `Limits`. Anything that cannot be listed or read is a `Source` with a
`problem` or a `SourceError`: the report of that one file, never the end of the others.
"""

from __future__ import annotations

import gzip
import io
import lzma
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Literal, Protocol

_MIB = 1024 * 1024
#: bytes read or decompressed at a time
_CHUNK = _MIB


@dataclass(frozen=True)
class Limits:
    """How much one library may make this package read: caps on bytes and rows, each refusing the file that
    would pass it (named, with the cap in its report) while the other files still load.

    - `max_library_bytes` (1 GiB): the bytes the library's files expand to, all together (a zip's entries,
      gzipped files and zips inside zips counted as they are decompressed). It bounds the time a library
      can take to read (a zip bomb of many entries); the largest real exports are a few hundred MB.
    - `max_file_bytes` (64 MiB): one file, as decompressed. Reading a CSV holds about six times its size
      for a moment (the bytes, the text and the csv module's buffer), so this keeps a build near 400 MB
      while it reads; 64 MiB is a Liked Songs of 100,000 tracks at the widest exportify rows.
    - `max_rows` (1,000,000): the rows of all the files read, loaded or reported. A loaded track takes
      about 1.5 KB, so a million is a library of about 1.5 GB, and parsing a million rows takes half a
      minute; a large real library has tens of thousands.
    """

    max_library_bytes: int = 1024 * _MIB
    max_file_bytes: int = 64 * _MIB
    max_rows: int = 1_000_000

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{item.name} must be a whole number of at least 1, not {value!r}")


DEFAULT_LIMITS = Limits()

#: file names that are spreadsheets: refused with how to make a CSV of them
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".fods", ".numbers")
SPREADSHEET_ADVICE = (
    "a spreadsheet, not a CSV export: in Excel/LibreOffice/Numbers save each sheet as 'CSV UTF-8' and put the .csv here"
)

_SKIPPED_PARTS = {"__MACOSX"}
#: general purpose flag bit 11: the entry's name is UTF-8
_UTF8_FLAG = 0x800
#: the Info-ZIP Unicode Path extra field: version 1, CRC-32 of the name in the header, the UTF-8 name
_UNICODE_PATH_FIELD = 0x7075
#: what reading a damaged, encrypted or unsupported file or entry can raise
_READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, NotImplementedError,
                RuntimeError, ValueError, struct.error)  # fmt: skip
#: what a damaged gzip stream raises (a zip entry's own damage is a BadZipFile)
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)

#: what a source is: a table to parse as it is, a gzipped one, or a zip inside a zip still to be opened
Kind = Literal["table", "gzip", "zip"]


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class LibraryError(Exception):
    """The library as a whole cannot be read (missing, not an export, a broken zip, nothing loaded)."""


class SourceError(Exception):
    """One file that cannot be read; the message says why, as its report will."""


@dataclass(frozen=True)
class Source:
    """One export file, found but not read: where it is (for messages), the playlist name it stands for,
    and how to reach its bytes."""

    location: str
    name: str
    #: the file's folder inside the export ("" at its top), to tell apart playlists of the same name
    folder: str = ""
    #: why the file cannot be read at all ("" when it can)
    problem: str = ""
    #: the file on disk that holds it: the file itself, or the zip it is in
    path: Path | None = None
    #: its entries inside that zip: (), (entry,), or (zip inside the zip, entry in that one)
    members: tuple[zipfile.ZipInfo, ...] = ()
    kind: Kind = "table"


def playlist_name(path: PurePosixPath) -> str:
    """The playlist name a file stands for: its name without `.csv` (or `.csv.gz`), underscores read as
    spaces."""
    if path.name.lower().endswith(".csv.gz"):
        path = path.with_name(path.name[: -len(".gz")])
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    name = " ".join(stem.replace("_", " ").split())
    return name or stem or "playlist"


def iter_sources(root: Path) -> Iterator[Source]:
    """The files of an export, in a stable order, found without being read (a zip is never extracted).

    Zips inside a zip come as one source of kind "zip": `SourceReader.expand` opens them."""
    info = _stat_root(root)
    if _is_spreadsheet(root.name):
        raise LibraryError(
            f"{root}: a spreadsheet, not a CSV export: in Excel/LibreOffice/Numbers save each sheet as "
            "'CSV UTF-8' and make the library those .csv files (a folder of them, or a zip)"
        )
    if stat.S_ISDIR(info.st_mode):
        yield from _folder_sources(root)
    elif not stat.S_ISREG(info.st_mode):
        raise LibraryError(f"{root}: not a file or a folder ({_file_type(info.st_mode)})")
    elif zipfile.is_zipfile(root):
        try:
            archive = zipfile.ZipFile(root)
        except _READ_ERRORS as exc:
            raise LibraryError(f"{root}: not a readable zip archive ({exc})") from exc
        with archive:
            yield from _zip_sources(archive, root, str(root), "", ())
    elif root.suffix.lower() == ".zip":
        raise LibraryError(f"{root}: not a readable zip archive")
    else:
        kind: Kind = "gzip" if root.name.lower().endswith(".csv.gz") else "table"
        yield Source(str(root), playlist_name(PurePosixPath(root.name)), path=root, kind=kind)


def _stat_root(root: Path) -> os.stat_result:
    """The library's own status, or why there is no library to read."""
    try:
        return root.stat()
    except FileNotFoundError:
        raise LibraryError(f"library not found: {root}") from None
    except OSError as exc:
        raise LibraryError(f"{root}: cannot be read ({exc.strerror or exc})") from exc


def library_files(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file of the library, by path, without reading them.

    Equal listings mean an unchanged library, so a `mkdocs serve` rebuild for a docs edit reuses the last
    site; a listing taken after reading that differs from the one before means the export changed while it
    was read (a file written, replaced or deleted meanwhile), and names the files. Only regular files are
    listed (never a named pipe, whose opening would wait forever); folders are walked as `iter_sources`
    walks them, and what cannot be listed is left out here (the load report names it).
    """
    info = _stat_root(root)
    if stat.S_ISDIR(info.st_mode):
        try:
            paths = [item.path for item in _walk(root) if not item.problem]
        except OSError as exc:
            raise LibraryError(f"{root}: the folder cannot be read ({exc.strerror or exc})") from exc
    elif stat.S_ISREG(info.st_mode):
        paths = [root]
    else:
        raise LibraryError(f"{root}: not a file or a folder ({_file_type(info.st_mode)})")
    listing: dict[str, tuple[int, int]] = {}
    for path in paths:
        try:
            found = path.stat()
        except OSError:
            continue  # deleted since listed: absent, as in a listing taken a moment later
        if stat.S_ISREG(found.st_mode):
            listing[str(path)] = (found.st_size, found.st_mtime_ns)
    return listing


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """The files added, deleted or modified between two listings of `library_files`."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


#: the methods Python's zipfile reads
_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
#: names of the methods tools write that zipfile cannot read (APPNOTE 4.4.5)
_METHOD_NAMES = {1: "Shrink", 6: "Implode", 9: "Deflate64", 93: "Zstandard", 95: "XZ", 98: "PPMd"}
#: general purpose flag bit 0: the entry is encrypted (ZipCrypto, or WinZip AES as method 99)
_ENCRYPTED_FLAG = 0x1


def unreadable_entry(info: zipfile.ZipInfo) -> str:
    """Why zipfile cannot read the entry ("" when it can), said before trying: zipfile's own words are a
    `<ZipInfo ...>` dump for an encrypted entry and "That compression method is not supported"."""
    if info.flag_bits & _ENCRYPTED_FLAG:
        return (
            "not read: encrypted (the zip has a password); unzip it with the password and set `library` to "
            "the folder, or zip the export again without one"
        )
    if info.compress_type not in _READABLE_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        return (
            f"not read: compressed with {method}, which Python's zipfile cannot read; zip the export again "
            "with plain Deflate (`zip -r`, 7-Zip's default, or the export as downloaded)"
        )
    return ""


def entry_name(info: zipfile.ZipInfo) -> str:
    """A zip entry's name as its maker meant it.

    A name not flagged as UTF-8 is read by zipfile as cp437; the Info-ZIP Unicode Path extra field (7-Zip,
    WinRAR, Windows' own zips) holds the real name when its CRC matches the name in the header, and a name
    that is valid UTF-8 (Info-ZIP's `zip` without an en_US.UTF-8 locale, macOS tools) is read as UTF-8.
    """
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # decoded another way already (a zipfile that reads the field itself)
        return info.filename
    name = _unicode_path(info.extra, raw)
    if name is None and not raw.isascii():
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = None
    return info.filename if name is None else name.split("\x00", 1)[0] or info.filename


class SourceReader:
    """Reads the sources of one library within its `Limits`, one file at a time.

    Zips on disk are read in place (one kept open); a zip inside a zip is held in memory (at most one at a
    time, its size capped like any file) while its entries are read. Every byte decompressed counts
    towards `Limits.max_library_bytes`.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        #: the bytes expanded so far, every file and zip inside a zip together
        self.expanded = 0
        self._archive: tuple[Path, zipfile.ZipFile] | None = None
        self._nested: tuple[tuple[Path, int], zipfile.ZipFile] | None = None
        self._counted: set[tuple[Path, int]] = set()

    def __enter__(self) -> SourceReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the zips kept open."""
        for held in (self._archive, self._nested):
            if held is not None:
                held[1].close()
        self._archive = self._nested = None

    def expand(self, sources: Iterable[Source]) -> list[Source]:
        """The sources with each zip inside a zip replaced by its entries, or refused with the reason."""
        expanded: list[Source] = []
        for source in sources:
            if source.kind != "zip" or source.problem:
                expanded.append(source)
                continue
            try:
                nested = self._nested_zip(source)
            except SourceError as exc:
                expanded.append(replace(source, problem=str(exc)))
                continue
            assert source.path is not None
            prefix = _join(source.folder, PurePosixPath(entry_name(source.members[0]).replace("\\", "/")).name)
            expanded.extend(_zip_sources(nested, source.path, source.location, prefix, source.members))
        return expanded

    def read(self, source: Source) -> bytes:
        """The bytes of one source (decompressed), or a SourceError saying why not."""
        if source.problem:
            raise SourceError(source.problem)
        if source.path is None or source.kind == "zip":
            raise SourceError("not a file that can be read")
        if not source.members:
            return self._read_file(source.path, source.kind == "gzip")
        if len(source.members) == 1:
            archive = self._disk_zip(source.path)
        else:
            archive = self._nested_zip(replace(source, members=source.members[:1]))
        return self._read_entry(archive, source.members[-1], source.kind == "gzip")

    # -- reading within the limits ---------------------------------------------------------------------

    def _room(self) -> int:
        return max(0, min(self.limits.max_file_bytes, self.limits.max_library_bytes - self.expanded))

    def _check_size(self, size: int, budget: bool = True) -> None:
        """Refuse, before reading, a file that declares more than a limit allows."""
        if size > self.limits.max_file_bytes:
            raise SourceError(
                f"not read: it would expand to {size:,} bytes, past the limit of "
                f"{_amount(self.limits.max_file_bytes)} per file"
            )
        if budget and size > self.limits.max_library_bytes - self.expanded:
            raise SourceError(self._past_library(f"{size:,} bytes"))

    def _past_library(self, what: str) -> str:
        return (
            f"not read: with this file ({what}) the library would expand past the limit of "
            f"{_amount(self.limits.max_library_bytes)} for a whole library ({self.expanded:,} bytes read before it)"
        )

    def _take(self, handle: _Readable, budget: bool = True) -> bytes:
        """At most the room left plus one byte: never more is decompressed, and one more says "too big".
        Without `budget` (a zip inside a zip read again) only the limit per file applies."""
        room = self._room() if budget else self.limits.max_file_bytes
        buffer = io.BytesIO()  # its value is handed over without a copy
        while buffer.tell() <= room:
            chunk = handle.read(min(_CHUNK, room + 1 - buffer.tell()))
            if not chunk:
                break
            buffer.write(chunk)
        data = buffer.getvalue()
        if budget:
            self.expanded += min(len(data), room)
        if len(data) <= room:
            return data
        if room == self.limits.max_file_bytes:
            raise SourceError(
                f"not read: it expands to more than {_amount(self.limits.max_file_bytes)}, the limit per file"
            )
        raise SourceError(self._past_library(f"more than {room:,} bytes"))

    def _read_file(self, path: Path, compressed: bool) -> bytes:
        try:
            # non-blocking: a named pipe put where a file was listed must not stop the build
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise SourceError(f"could not be read: {exc.strerror or exc}") from exc
        with open(fd, "rb") as handle:
            try:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    raise SourceError(f"not read: not a regular file ({_file_type(info.st_mode)})")
                if not compressed:
                    self._check_size(info.st_size)
                    return self._take(handle)
                with gzip.GzipFile(fileobj=handle) as unpacked:
                    return self._take(unpacked)
            except SourceError:
                raise
            except _READ_ERRORS as exc:
                if compressed and isinstance(exc, _GZIP_ERRORS):
                    raise SourceError(f"not a readable gzip file ({exc})") from exc
                raise SourceError(f"could not be read: {getattr(exc, 'strerror', None) or exc}") from exc

    def _read_entry(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, compressed: bool, budget: bool = True
    ) -> bytes:
        """An entry's bytes, never more than it declares: a forged size cannot make it expand further."""
        if unreadable := unreadable_entry(info):
            raise SourceError(unreadable)
        if not compressed:
            self._check_size(info.file_size, budget)
        try:
            with archive.open(info) as handle:
                if compressed:
                    with gzip.GzipFile(fileobj=handle) as unpacked:
                        return self._take(unpacked)
                data = self._take(handle, budget)
        except SourceError:
            raise
        except _READ_ERRORS as exc:
            # one damaged or encrypted entry is that playlist's problem, not the library's
            if compressed and isinstance(exc, _GZIP_ERRORS) and not isinstance(exc, zipfile.BadZipFile):
                raise SourceError(f"not a readable gzip file ({exc})") from exc
            raise SourceError(f"not read from the zip: {exc}") from exc
        if len(data) != info.file_size:
            raise SourceError(
                f"not read from the zip: expands to more or fewer bytes than the {info.file_size:,} it declares"
            )
        return data

    def _disk_zip(self, path: Path) -> zipfile.ZipFile:
        if self._archive is not None and self._archive[0] == path:
            return self._archive[1]
        if self._archive is not None:
            self._archive[1].close()
            self._archive = None
        try:
            archive = zipfile.ZipFile(path)
        except _READ_ERRORS as exc:
            raise SourceError(f"not a readable zip archive ({exc})") from exc
        self._archive = (path, archive)
        return archive

    def _nested_zip(self, source: Source) -> zipfile.ZipFile:
        """The zip inside a zip that `source` (its first member) names, read into memory within the limits;
        its bytes count towards the library's once, however often it is opened again."""
        assert source.path is not None
        info = source.members[0]
        key = (source.path, info.header_offset)
        if self._nested is not None and self._nested[0] == key:
            return self._nested[1]
        if self._nested is not None:
            self._nested[1].close()
            self._nested = None
        data = self._read_entry(self._disk_zip(source.path), info, False, budget=key not in self._counted)
        self._counted.add(key)
        try:
            nested = zipfile.ZipFile(io.BytesIO(data))
        except _READ_ERRORS as exc:
            raise SourceError(f"not a readable zip archive ({exc})") from exc
        self._nested = (key, nested)
        return nested


# -- finding the files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """One thing found in a folder: a regular file (no problem), or what could not be listed and why."""

    path: Path
    problem: str = ""
    #: a folder or a link whose problem concerns whatever it holds (always reported), or a special file
    #: (a named pipe, a socket, a device: reported only when its name is one this package reads)
    always: bool = True


def _walk(root: Path) -> Iterator[_Item]:
    """Every file under `root`, depth first in name order (the order of sorted paths), symlinked folders
    followed: a link to a folder that holds it (a loop) or to a folder already walked is reported once,
    not followed; so are folders that cannot be listed and broken links."""
    top = root.stat()
    visited: dict[tuple[int, int], Path] = {(top.st_dev, top.st_ino): root}
    stack = [(frozenset(visited), iter(_entries(root)))]
    while stack:
        ancestors, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name in _SKIPPED_PARTS:
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            info = entry.stat()
        except FileNotFoundError:
            if entry.is_symlink():
                yield _Item(path, f"not read: a broken link (to {_link_target(path)})")
            continue  # deleted since listed
        except OSError as exc:
            yield _Item(path, f"could not be read: {exc.strerror or exc}")
            continue
        if not is_dir:
            if stat.S_ISREG(info.st_mode):
                yield _Item(path)
            else:
                yield _Item(path, f"not read: not a regular file ({_file_type(info.st_mode)})", always=False)
            continue
        if _is_spreadsheet(entry.name):  # a Numbers document saved as a package (a folder)
            yield _Item(path, SPREADSHEET_ADVICE)
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            yield _Item(path, f"not followed: a link back to {visited[identity]}, which holds it (it would loop)")
            continue
        if identity in visited:
            yield _Item(path, f"not read twice: the same folder as {visited[identity]}")
            continue
        try:
            listed = _entries(path)
        except OSError as exc:
            yield _Item(path, f"folder could not be read: {exc.strerror or exc}")
            continue
        visited[identity] = path
        stack.append((ancestors | {identity}, iter(listed)))


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name)


def _folder_sources(root: Path) -> Iterator[Source]:
    try:
        items = list(_walk(root))
    except OSError as exc:
        raise LibraryError(f"{root}: the folder cannot be read ({exc.strerror or exc})") from exc
    for item in items:
        relative = PurePosixPath(item.path.relative_to(root).as_posix())
        folder = _folder(relative)
        location = str(item.path)
        kind = _kind(relative.name)
        if item.problem:
            if item.always or kind is not None:
                yield Source(location, playlist_name(relative), folder, item.problem)
        elif kind == "spreadsheet":
            yield Source(location, playlist_name(relative), folder, SPREADSHEET_ADVICE)
        elif kind == "zip":
            try:
                archive = zipfile.ZipFile(item.path)
            except _READ_ERRORS as exc:
                yield Source(location, playlist_name(relative), folder, f"not a readable zip archive ({exc})")
                continue
            with archive:
                yield from _zip_sources(archive, item.path, location, relative.as_posix(), ())
        elif kind is not None:
            yield Source(location, playlist_name(relative), folder, path=item.path, kind=kind)


def _zip_sources(
    archive: zipfile.ZipFile, path: Path, location: str, prefix: str, parents: tuple[zipfile.ZipInfo, ...]
) -> Iterator[Source]:
    """The sources among a zip's entries, by name. `path` is the zip on disk holding them all, `location`
    and `prefix` name this zip in messages and folders, `parents` is the entry of the zip inside the zip
    when this is one (whose own zips are refused: zips are read two deep)."""
    entries = sorted(((entry_name(i), i) for i in archive.infolist() if not i.is_dir()), key=lambda e: e[0])
    bundles: set[str] = set()
    for name, info in entries:
        inner = PurePosixPath(name.replace("\\", "/"))
        if not _wanted(inner.parts):
            continue
        folder = _join(prefix, _folder(inner))
        bundle = next((i for i, part in enumerate(inner.parts[:-1]) if _is_spreadsheet(part)), None)
        if bundle is not None:  # a file inside a Numbers package: the package is refused once
            package = "/".join(inner.parts[: bundle + 1])
            if package not in bundles:
                bundles.add(package)
                yield Source(f"{location}!{package}", playlist_name(PurePosixPath(package)), folder, SPREADSHEET_ADVICE)
            continue
        kind = _kind(inner.name)
        where = f"{location}!{name}"
        if kind is None:
            continue
        if kind == "spreadsheet":
            yield Source(where, playlist_name(inner), folder, SPREADSHEET_ADVICE)
        elif kind == "zip" and parents:
            problem = (
                "not read: a zip inside a zip inside a zip (zips are read two deep); "
                "unzip it and put its files in the library"
            )
            yield Source(where, playlist_name(inner), folder, problem)
        else:
            yield Source(where, playlist_name(inner), folder, path=path, members=(*parents, info), kind=kind)


def _kind(name: str) -> Kind | Literal["spreadsheet"] | None:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "table"
    if lowered.endswith(".csv.gz"):
        return "gzip"
    if lowered.endswith(".json"):  # Spotify's data export, or a library in the project's own format
        return "table"
    if lowered.endswith(".zip"):
        return "zip"
    if _is_spreadsheet(name):
        return "spreadsheet"
    return None


def _is_spreadsheet(name: str) -> bool:
    return name.lower().endswith(SPREADSHEET_SUFFIXES)


def _unicode_path(extra: bytes, raw: bytes) -> str | None:
    """The name in an Info-ZIP Unicode Path extra field, when there is one that matches `raw`."""
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + size]
        at += 4 + size
        if kind != _UNICODE_PATH_FIELD:
            continue
        if len(body) < 5 or body[0] != 1 or int.from_bytes(body[1:5], "little") != zlib.crc32(raw):
            return None  # another version, or a stale name (the header's was changed since)
        try:
            return body[5:].decode("utf-8") or None
        except UnicodeDecodeError:
            return None
    return None


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "nowhere"


def _wanted(parts: Sequence[str]) -> bool:
    return not any(part in _SKIPPED_PARTS for part in parts)


def _folder(inner: PurePosixPath) -> str:
    folder = inner.parent.as_posix()
    return "" if folder in {".", "/"} else folder


def _join(*parts: str) -> str:
    return "/".join(part for part in parts if part)


def _amount(size: int) -> str:
    """A limit as people read it: `64 MiB (67,108,864 bytes)`."""
    for unit, scale in (("GiB", 1024 * _MIB), ("MiB", _MIB), ("KiB", 1024)):
        if size >= scale and size % scale == 0:
            return f"{size // scale:,} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"
