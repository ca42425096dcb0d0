"""Containers: zip entry names in the encodings tools write, zips inside zips and inside folders, folders with
symlinks, loops and items that cannot be read, gzipped CSVs, and spreadsheets put where CSVs belong.

Archives are made by the real tools where they are installed (Info-ZIP's `zip`, 7-Zip's `7zz`, `gzip`):
outside CI a test whose tool is missing is skipped, in CI (CI=true) it fails. Tests run as root, where file
modes do not stop reads: an unreadable item is made by patching `os.open` or `os.scandir` for that one path,
or is a named pipe or a broken link.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import shutil
import signal
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from mkdocs_clusters.model import Library
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.sources import (
    SPREADSHEET_ADVICE,
    LibraryError,
    Limits,
    SourceReader,
    entry_name,
    iter_sources,
    library_files,
)

# -- local helpers ---------------------------------------------------------------------------------


def playlist(prefix: str, tracks: int = 2) -> bytes:
    """A small exportify playlist whose track ids start with `prefix` (letters)."""
    rows = [exportify_row(f"{prefix}{i}".ljust(22, "Q"), f"{prefix} song {i}") for i in range(tracks)]
    return csv_bytes(EXPORTIFY_2025, rows)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def missing(what: str, package: str) -> None:
    """Outside CI a skip, in CI a failure: CI runs the container tests with the real tools."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the container tests with real tools: {what} is missing (apt-get install {package})")
    pytest.skip(f"{what} is missing (apt-get install {package})")


def tool(name: str, package: str) -> str:
    """The path of a command-line tool (see `missing` where it is not installed)."""
    path = shutil.which(name)
    if path is None:
        missing(f"`{name}`", package)
    assert path is not None
    return path


def run(args: list[str | bytes | Path], cwd: Path, **env: str) -> None:
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    subprocess.run(args, cwd=cwd, env=environment, check=True, capture_output=True)


def problems(library: Library) -> dict[str, str]:
    """Each reported file's first problem, by location."""
    return {r.source: r.problems[0].reason for r in library.reports if r.problems}


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (opening a named pipe waits for a writer forever)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- zip entry names -------------------------------------------------------------------------------

NAMES = ["Café del Mar.csv", "케이팝.csv"]


def test_names_written_by_info_zip_are_read_as_meant(tmp_path: Path) -> None:
    """Info-ZIP's `zip` sets the UTF-8 flag only when the en_US.UTF-8 locale exists (it asks for that one
    by name); without it (a container with only C.UTF-8) it stores the UTF-8 bytes unflagged, and zipfile
    reads them as cp437 ("Caf├⌐ del Mar"). Either way the playlists get the names the files had."""
    zip_ = tool("zip", "zip")
    export = tmp_path / "export"
    export.mkdir()
    for index, name in enumerate(NAMES):
        (export / name).write_bytes(playlist(f"u{index}"))
    archive = tmp_path / "export.zip"
    run([zip_, "-q", archive, *NAMES], export, LC_ALL="C.UTF-8")
    with zipfile.ZipFile(archive) as z:
        flagged = [bool(i.flag_bits & 0x800) for i in z.infolist()]
        stored = sorted(i.filename for i in z.infolist())
    assert flagged == [False, False] or stored == sorted(NAMES)  # unflagged here, flagged with en_US.UTF-8
    library = load_library(archive)
    assert sorted(p.name for p in library.playlists) == ["Café del Mar", "케이팝"]
    assert sorted(p.source for p in library.playlists) == sorted(f"{archive}!{name}" for name in NAMES)


def test_names_in_the_unicode_path_field_are_read(tmp_path: Path) -> None:
    """7-Zip with `-mcl=on` stores names in the local code page, unflagged, and the UTF-8 name in the
    Info-ZIP Unicode Path extra field (0x7075), as Windows' own zips and WinRAR do. In a Latin-1 locale
    the header holds b"Caf\\xe9", which is not UTF-8: only the field gives the name."""
    seven = tool("7zz", "7zip")
    localedef = tool("localedef", "libc-bin")
    locales = tmp_path / "locales"
    locales.mkdir()
    # a Latin-1 locale compiled into the test's folder (LOCPATH): nothing installed on the machine
    subprocess.run([localedef, "-i", "en_US", "-f", "ISO-8859-1", locales / "en_US.ISO-8859-1"], capture_output=True)
    if not (locales / "en_US.ISO-8859-1" / "LC_CTYPE").exists():
        missing("the en_US locale source of localedef", "locales")
    export = tmp_path / "export"
    export.mkdir()
    latin1 = b"Caf\xe9 del Mar.csv"
    (export / os.fsdecode(latin1)).write_bytes(playlist("l"))
    archive = tmp_path / "latin1.zip"
    run([seven, "a", "-tzip", "-mcl=on", archive, latin1], export, LOCPATH=str(locales), LC_ALL="en_US.ISO-8859-1")
    korean = tmp_path / "korean.zip"
    (export / NAMES[1]).write_bytes(playlist("k"))
    run([seven, "a", "-tzip", "-mcl=on", korean, NAMES[1]], export, LC_ALL="C.UTF-8")
    with zipfile.ZipFile(archive) as z:
        [info] = z.infolist()
    assert info.orig_filename.encode("cp437") == latin1 and not info.flag_bits & 0x800
    assert info.filename == "CafΘ del Mar.csv"  # what zipfile alone makes of it
    assert b"up" in info.extra  # the field's id, 0x7075, little-endian
    assert entry_name(info) == "Café del Mar.csv"
    assert [p.name for p in load_library(archive).playlists] == ["Café del Mar"]
    assert [(p.name, p.source) for p in load_library(korean).playlists] == [("케이팝", f"{korean}!케이팝.csv")]


def unicode_field(raw: bytes, name: str) -> bytes:
    body = b"\x01" + zlib.crc32(raw).to_bytes(4, "little") + name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


def test_a_unicode_path_field_counts_only_when_its_crc_matches_the_name(tmp_path: Path) -> None:
    """Windows writes "Caf_" in the header and the real name in the field; a tool that renames an entry
    without updating the field leaves a stale one, whose CRC no longer matches: the header's name wins."""
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as z:
        lossy = zipfile.ZipInfo("Caf_ del Mar.csv")
        lossy.extra = unicode_field(b"Caf_ del Mar.csv", "Café del Mar.csv")
        stale = zipfile.ZipInfo("Renamed.csv")
        stale.extra = unicode_field(b"Old name.csv", "Old name.csv")
        z.writestr(lossy, playlist("a"))
        z.writestr(stale, playlist("b"))
    library = load_library(archive)
    assert sorted(p.name for p in library.playlists) == ["Café del Mar", "Renamed"]
    assert f"{archive}!Café del Mar.csv" in {p.source for p in library.playlists}


# -- zips inside zips and folders ------------------------------------------------------------------


def test_a_zip_inside_the_zip_is_read_and_a_zip_deeper_is_reported(tmp_path: Path) -> None:
    deeper = zip_bytes({"Lost.csv": playlist("l")})
    inner = zip_bytes({"Inner Mix.csv": playlist("i"), "more/deeper.zip": deeper})
    outer = tmp_path / "outer.zip"
    outer.write_bytes(zip_bytes({"Top.csv": playlist("t"), "inner.zip": inner}))
    library = load_library(outer)
    assert {p.name: p.source for p in library.playlists} == {
        "Inner Mix": f"{outer}!inner.zip!Inner Mix.csv",
        "Top": f"{outer}!Top.csv",
    }
    assert problems(library) == {
        f"{outer}!inner.zip!more/deeper.zip": "not read: a zip inside a zip inside a zip (zips are read two deep); "
        "unzip it and put its files in the library"
    }
    assert len(library.tracks) == 4


# -- entries zipfile cannot read -------------------------------------------------------------------

ENCRYPTED = (
    "not read: encrypted (the zip has a password); unzip it with the password and set `library` to the folder, "
    "or zip the export again without one"
)


def test_an_encrypted_entry_is_named_and_said_to_be_encrypted(tmp_path: Path) -> None:
    """`zip -e` (ZipCrypto) and 7-Zip's AES: the entry is named, never Python's `<ZipInfo ...>`; the other
    entries are read."""
    zip_, seven = tool("zip", "zip"), tool("7zz", "7zip")
    work = tmp_path / "work"
    work.mkdir()
    (work / "Secret.csv").write_bytes(playlist("s"))
    (work / "Open.csv").write_bytes(playlist("o"))
    zipcrypto, aes = tmp_path / "zipcrypto.zip", tmp_path / "aes.zip"
    run([zip_, "-q", "-P", "secret", zipcrypto, "Secret.csv"], work)
    run([zip_, "-q", zipcrypto, "Open.csv"], work)
    run([seven, "a", "-tzip", "-psecret", "-mem=AES256", aes, "Secret.csv"], work)
    run([seven, "a", "-tzip", aes, "Open.csv"], work)
    for archive in (zipcrypto, aes):
        library = load_library(archive)
        assert [p.name for p in library.playlists] == ["Open"]
        assert problems(library) == {f"{archive}!Secret.csv": ENCRYPTED}


def test_a_deflate64_entry_says_to_zip_it_again_with_deflate(tmp_path: Path) -> None:
    """Deflate64, which Windows' own zipping may choose and Python's zipfile cannot read, made by 7-Zip."""
    seven = tool("7zz", "7zip")
    work = tmp_path / "work"
    work.mkdir()
    (work / "Big.csv").write_bytes(playlist("b", tracks=50))
    (work / "Open.csv").write_bytes(playlist("o"))
    archive = tmp_path / "deflate64.zip"
    run([seven, "a", "-tzip", "-mm=Deflate64", archive, "Big.csv"], work)
    run([seven, "a", "-tzip", "-mm=Deflate", archive, "Open.csv"], work)
    with zipfile.ZipFile(archive) as z:
        assert {i.filename: i.compress_type for i in z.infolist()} == {"Big.csv": 9, "Open.csv": zipfile.ZIP_DEFLATED}
    library = load_library(archive)
    assert [p.name for p in library.playlists] == ["Open"]
    assert problems(library) == {
        f"{archive}!Big.csv": "not read: compressed with Deflate64, which Python's zipfile cannot read; zip the "
        "export again with plain Deflate (`zip -r`, 7-Zip's default, or the export as downloaded)"
    }


def test_zips_in_a_folder_made_by_zip_are_read(tmp_path: Path) -> None:
    """A zip in the folder is read as the library would be: its CSV entries (and those of the zips in it)
    are playlists; a zip inside those is reported."""
    zip_ = tool("zip", "zip")
    work = tmp_path / "work"
    (work / "x").mkdir(parents=True)
    (work / "A.csv").write_bytes(playlist("a"))
    (work / "x" / "Same.csv").write_bytes(playlist("b"))
    (work / "Deep.csv").write_bytes(playlist("d"))
    run([zip_, "-q", "deepest.zip", "Deep.csv"], work)
    run([zip_, "-q", "two.zip", "deepest.zip"], work)
    (work / "C.csv").write_bytes(playlist("c"))
    run([zip_, "-q", "nested.zip", "C.csv", "two.zip"], work)
    library_folder = tmp_path / "library"
    (library_folder / "sub").mkdir(parents=True)
    run([zip_, "-q", "-r", library_folder / "sub" / "inner.zip", "A.csv", "x", "nested.zip"], work)
    (library_folder / "Same.csv").write_bytes(playlist("s"))
    library = load_library(library_folder)
    inner = library_folder / "sub" / "inner.zip"
    assert {p.name: p.source for p in library.playlists} == {
        "A": f"{inner}!A.csv",
        "C": f"{inner}!nested.zip!C.csv",
        "Same": str(library_folder / "Same.csv"),
        "Same (sub/inner.zip/x)": f"{inner}!x/Same.csv",
    }
    assert problems(library) == {
        f"{inner}!nested.zip!two.zip": "not read: a zip inside a zip inside a zip (zips are read two deep); "
        "unzip it and put its files in the library"
    }


def test_a_damaged_zip_inside_a_zip_or_a_folder_is_that_files_problem(tmp_path: Path) -> None:
    outer = tmp_path / "outer.zip"
    outer.write_bytes(zip_bytes({"broken.zip": b"PK\x03\x04 not really", "Fine.csv": playlist("f")}))
    library = load_library(outer)
    assert [p.name for p in library.playlists] == ["Fine"]
    assert problems(library)[f"{outer}!broken.zip"].startswith("not a readable zip archive")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "broken.zip").write_bytes(b"not a zip at all")
    (folder / "Fine.csv").write_bytes(playlist("f"))
    library = load_library(folder)
    assert [p.name for p in library.playlists] == ["Fine"]
    assert problems(library)[str(folder / "broken.zip")].startswith("not a readable zip archive")


def test_a_zip_bomb_inside_a_zip_is_refused_within_the_limits(tmp_path: Path) -> None:
    """The zip inside is a file like any other (capped before it is read into memory), and so are its
    entries."""
    row = csv_bytes(EXPORTIFY_2025, [exportify_row("b" * 22, "Again")]).split(b"\n", 1)[1]
    bomb = zip_bytes({"bomb.csv": csv_bytes(EXPORTIFY_2025, []) + row * 100_000, "Small.csv": playlist("s")})
    big_inner = zip_bytes({"padding.csv": os.urandom(300_000)})
    outer = tmp_path / "outer.zip"
    outer.write_bytes(zip_bytes({"bomb.zip": bomb, "big.zip": big_inner, "Top.csv": playlist("t")}))
    assert len(bomb) < 200_000 < 300_000 < len(big_inner)
    library = load_library(outer, limits=Limits(max_file_bytes=256 * 1024))
    assert sorted(p.name for p in library.playlists) == ["Small", "Top"]
    found = problems(library)
    assert found[f"{outer}!bomb.zip!bomb.csv"].startswith("not read: it would expand to ")
    assert found[f"{outer}!bomb.zip!bomb.csv"].endswith("past the limit of 256 KiB (262,144 bytes) per file")
    assert "past the limit of 256 KiB (262,144 bytes) per file" in found[f"{outer}!big.zip"]


# -- folders ---------------------------------------------------------------------------------------


def test_symlinked_folders_are_followed_once_and_a_loop_is_reported(tmp_path: Path) -> None:
    library_folder = tmp_path / "library"
    (library_folder / "a").mkdir(parents=True)
    (library_folder / "a" / "A.csv").write_bytes(playlist("a"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "B.csv").write_bytes(playlist("b"))
    (library_folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (library_folder / "a" / "loop").symlink_to(library_folder, target_is_directory=True)
    (library_folder / "again").symlink_to(library_folder / "a", target_is_directory=True)
    library = load_library(library_folder)
    assert {p.name: p.source for p in library.playlists} == {
        "A": str(library_folder / "a" / "A.csv"),
        "B": str(library_folder / "linked" / "B.csv"),
    }
    assert problems(library) == {
        str(library_folder / "a" / "loop"): f"not followed: a link back to {library_folder}, which holds it "
        "(it would loop)",
        str(library_folder / "again"): f"not read twice: the same folder as {library_folder / 'a'}",
    }
    assert list(library_files(library_folder)) == [
        str(library_folder / "a" / "A.csv"),
        str(library_folder / "linked" / "B.csv"),
    ]


def test_broken_links_and_named_pipes_are_reported_and_never_waited_on(tmp_path: Path) -> None:
    (tmp_path / "Good.csv").write_bytes(playlist("g"))
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (tmp_path / "old exports").symlink_to(tmp_path / "unmounted", target_is_directory=True)
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    os.mkfifo(tmp_path / "pipe.csv")
    os.mkfifo(tmp_path / "notes")  # not a name the library reads: left alone, as a README would be
    with deadline(20):
        library = load_library(tmp_path)
        listing = library_files(tmp_path)
    assert [p.name for p in library.playlists] == ["Good"]
    assert problems(library) == {
        str(tmp_path / "gone.csv"): f"not read: a broken link (to {tmp_path / 'nowhere.csv'})",
        str(tmp_path / "loop.csv"): "could not be read: Too many levels of symbolic links",
        str(tmp_path / "old exports"): f"not read: a broken link (to {tmp_path / 'unmounted'})",
        str(tmp_path / "pipe.csv"): "not read: not a regular file (a named pipe)",
    }
    assert list(listing) == [str(tmp_path / "Good.csv")]


def test_a_library_that_is_a_named_pipe_is_a_clear_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "export.csv")
    with deadline(20):
        with pytest.raises(LibraryError, match=r"export\.csv: not a file or a folder \(a named pipe\)"):
            load_library(tmp_path / "export.csv")
        with pytest.raises(LibraryError, match="a named pipe"):
            library_files(tmp_path / "export.csv")


def locked(monkeypatch: pytest.MonkeyPatch, name: str, path: Path) -> None:
    """`os.<name>` (scandir or open) refuses `path` as a folder or file without permission does."""
    real = getattr(os, name)

    def guarded(target: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(os.fsdecode(target)) == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real(target, *args, **kwargs)

    monkeypatch.setattr(os, name, guarded)


def test_an_unreadable_folder_and_file_are_reported_and_the_rest_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "Hidden.csv").write_bytes(playlist("h"))
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "Seen.csv").write_bytes(playlist("s"))
    (tmp_path / "Secret.csv").write_bytes(playlist("x"))
    (tmp_path / "Packed.csv.gz").write_bytes(gzip.compress(playlist("y")))
    locked(monkeypatch, "scandir", tmp_path / "locked")
    locked(monkeypatch, "open", tmp_path / "Secret.csv")
    library = load_library(tmp_path)
    assert [p.name for p in library.playlists] == ["Packed", "Seen"]
    assert problems(library) == {
        str(tmp_path / "locked"): "folder could not be read: Permission denied",
        str(tmp_path / "Secret.csv"): "could not be read: Permission denied",
    }
    assert all(r.rows_read == r.rows_loaded + r.rows_reported for r in library.reports)
    assert list(library_files(tmp_path)) == [
        str(tmp_path / "Packed.csv.gz"),
        str(tmp_path / "Secret.csv"),  # listed (its size and time are known), reported when read
        str(tmp_path / "open" / "Seen.csv"),
    ]


def test_an_unreadable_library_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "A.csv").write_bytes(playlist("a"))
    locked(monkeypatch, "scandir", tmp_path)
    with pytest.raises(LibraryError, match=r"the folder cannot be read \(Permission denied\)"):
        load_library(tmp_path)
    with pytest.raises(LibraryError, match=r"the folder cannot be read \(Permission denied\)"):
        library_files(tmp_path)


# -- gzipped CSVs ----------------------------------------------------------------------------------


def test_gzipped_csvs_made_by_gzip_in_a_folder_a_zip_and_alone(tmp_path: Path) -> None:
    gzip_ = tool("gzip", "gzip")
    zip_ = tool("zip", "zip")
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "Road_Trip.csv").write_bytes(playlist("r"))
    (folder / "Plain.csv").write_bytes(playlist("p"))
    run([gzip_, "Road_Trip.csv"], folder)
    work = tmp_path / "work"
    work.mkdir()
    (work / "Zipped.csv").write_bytes(playlist("z"))
    run([gzip_, "Zipped.csv"], work)
    run([zip_, "-q", folder / "export.zip", "Zipped.csv.gz"], work)
    library = load_library(folder)
    assert {p.name: p.source for p in library.playlists} == {
        "Plain": str(folder / "Plain.csv"),
        "Road Trip": str(folder / "Road_Trip.csv.gz"),
        "Zipped": f"{folder / 'export.zip'}!Zipped.csv.gz",
    }
    assert not library.problems and len(library.tracks) == 6
    alone = load_library(folder / "Road_Trip.csv.gz")
    assert [(p.name, len(p.track_keys)) for p in alone.playlists] == [("Road Trip", 2)]


def test_a_corrupt_gzip_is_that_files_problem(tmp_path: Path) -> None:
    good = gzip.compress(playlist("g"))
    (tmp_path / "Good.csv.gz").write_bytes(good)
    (tmp_path / "truncated.csv.gz").write_bytes(good[: len(good) // 2])
    flipped = bytearray(good)
    flipped[-6] ^= 0xFF  # the CRC in the trailer
    (tmp_path / "crc.csv.gz").write_bytes(bytes(flipped))
    (tmp_path / "plain.csv.gz").write_bytes(playlist("p"))  # named .gz, not gzipped
    (tmp_path / "in.zip").write_bytes(zip_bytes({"bad.csv.gz": good[:20]}))
    library = load_library(tmp_path)
    assert [p.name for p in library.playlists] == ["Good"]
    found = problems(library)
    assert found.pop(str(tmp_path / "crc.csv.gz")).startswith("not a readable gzip file (CRC check failed 0x")
    assert found == {
        f"{tmp_path / 'in.zip'}!bad.csv.gz": "not a readable gzip file (Compressed file ended before the end-of-stream "
        "marker was reached)",
        str(tmp_path / "plain.csv.gz"): "not a readable gzip file (Not a gzipped file (b'Tr'))",
        str(tmp_path / "truncated.csv.gz"): "not a readable gzip file (Compressed file ended before the "
        "end-of-stream marker was reached)",
    }


def test_a_gzip_bomb_is_decompressed_no_further_than_the_limit(tmp_path: Path) -> None:
    """64 MB of rows in a 64 KB file: refused after 1 MiB is decompressed, wherever it is."""
    row = csv_bytes(EXPORTIFY_2025, [exportify_row("b" * 22, "Again")]).split(b"\n", 1)[1]
    stream = io.BytesIO()
    with gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=9, mtime=0) as packed:
        packed.write(csv_bytes(EXPORTIFY_2025, []))
        for _ in range(64):
            packed.write(row * (1024 * 1024 // len(row)))
    bomb = stream.getvalue()
    assert len(bomb) < 1024 * 1024
    (tmp_path / "bomb.csv.gz").write_bytes(bomb)
    (tmp_path / "in.zip").write_bytes(zip_bytes({"bomb.csv.gz": bomb}))
    (tmp_path / "Fine.csv").write_bytes(playlist("f"))
    limits = Limits(max_file_bytes=1024 * 1024)
    library = load_library(tmp_path, limits=limits)
    assert [p.name for p in library.playlists] == ["Fine"]
    refused = "not read: it expands to more than 1 MiB (1,048,576 bytes), the limit per file"
    assert problems(library) == {str(tmp_path / "bomb.csv.gz"): refused, f"{tmp_path / 'in.zip'}!bomb.csv.gz": refused}
    with SourceReader(limits) as reader:
        sources = reader.expand(iter_sources(tmp_path))
        for source in sources:
            with contextlib.suppress(Exception):
                reader.read(source)
        assert reader.expanded <= 2 * 1024 * 1024 + len(playlist("f"))


# -- spreadsheets ----------------------------------------------------------------------------------

XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def test_spreadsheets_are_refused_with_how_to_fix_them(tmp_path: Path) -> None:
    (tmp_path / "Good.csv").write_bytes(playlist("g"))
    (tmp_path / "Mix.xlsx").write_bytes(XLSX)
    (tmp_path / "Old.XLS").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "Calc.ods").write_bytes(XLSX)
    (tmp_path / "Plan.numbers").mkdir()  # a Numbers document saved as a package
    (tmp_path / "Plan.numbers" / "Index.zip").write_bytes(zip_bytes({"Document.iwa": b"x"}))
    (tmp_path / "sheets.zip").write_bytes(
        zip_bytes({"Sheet.xlsx": XLSX, "Pkg.numbers/Index.zip": b"x", "Pkg.numbers/Data/a.png": b"x"})
    )
    library = load_library(tmp_path)
    assert [p.name for p in library.playlists] == ["Good"]
    assert problems(library) == {
        str(tmp_path / "Calc.ods"): SPREADSHEET_ADVICE,
        str(tmp_path / "Mix.xlsx"): SPREADSHEET_ADVICE,
        str(tmp_path / "Old.XLS"): SPREADSHEET_ADVICE,
        str(tmp_path / "Plan.numbers"): SPREADSHEET_ADVICE,
        f"{tmp_path / 'sheets.zip'}!Pkg.numbers": SPREADSHEET_ADVICE,
        f"{tmp_path / 'sheets.zip'}!Sheet.xlsx": SPREADSHEET_ADVICE,
    }
    assert SPREADSHEET_ADVICE == (
        "a spreadsheet, not a CSV export: in Excel/LibreOffice/Numbers save each sheet as 'CSV UTF-8' "
        "and put the .csv here"
    )


@pytest.mark.parametrize("name", ["Library.xlsx", "Library.numbers", "library.ods"])
def test_a_library_that_is_one_spreadsheet_is_a_clear_error(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(XLSX)  # an .xlsx is a zip: never read as an export zip
    with pytest.raises(LibraryError, match=r"a spreadsheet, not a CSV export: .* save each sheet as 'CSV UTF-8'"):
        load_library(tmp_path / name)
    with pytest.raises(LibraryError, match=r"no track could be loaded: 1 file, refused: .*a spreadsheet"):
        load_library(tmp_path)
