"""Limits: the bytes a library may expand to, per file and in all, and the rows it may load; a file past a
limit is refused by name with the limit in its report while the others load; one file's bytes are held at a
time; a library of which no track loads is an error that says why; and the acceptance test of a zip bomb
given to `inspect` (8 entries of 250 MB in an 8 MB zip)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, ROOT, csv_bytes, exportify_row
from mkdocs_clusters.model import Library
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.sources import DEFAULT_LIMITS, LibraryError, Limits


def playlist(prefix: str, tracks: int = 2) -> bytes:
    """A small exportify playlist whose track ids start with `prefix` (letters)."""
    rows = [exportify_row(f"{prefix}{i}".ljust(22, "Q"), f"{prefix} song {i}") for i in range(tracks)]
    return csv_bytes(EXPORTIFY_2025, rows)


def problems(library: Library) -> dict[str, str]:
    return {r.source: r.problems[0].reason for r in library.reports if r.problems}


def test_the_default_limits_and_their_checks() -> None:
    assert Limits(max_library_bytes=1024**3, max_file_bytes=64 * 1024**2, max_rows=1_000_000) == DEFAULT_LIMITS
    for bad in ({"max_rows": 0}, {"max_file_bytes": -1}, {"max_library_bytes": True}, {"max_rows": 1.5}):
        with pytest.raises(ValueError, match="must be a whole number of at least 1"):
            Limits(**bad)


def test_a_file_past_the_limit_per_file_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "Big.csv").write_bytes(playlist("b", 40))
    (tmp_path / "Small.csv").write_bytes(playlist("s"))
    size = (tmp_path / "Big.csv").stat().st_size
    library = load_library(tmp_path, limits=Limits(max_file_bytes=4096))
    assert [p.name for p in library.playlists] == ["Small"]
    assert problems(library) == {
        str(
            tmp_path / "Big.csv"
        ): f"not read: it would expand to {size:,} bytes, past the limit of 4 KiB (4,096 bytes) per file"
    }
    big = library.reports[0]
    assert (big.rows_read, big.rows_loaded, big.rows_reported) == (0, 0, 0)  # not read: its rows are unknown


def test_files_past_the_limit_for_a_whole_library_are_refused_and_smaller_ones_still_load(tmp_path: Path) -> None:
    """Files are read in the order of their paths, each if it fits in what is left: the same library gives
    the same refusals every time."""
    for name, tracks in (("A", 3), ("B", 3), ("C", 30), ("D", 1)):
        (tmp_path / f"{name}.csv").write_bytes(playlist(name.lower(), tracks))
    sizes = {name: (tmp_path / f"{name}.csv").stat().st_size for name in "ABCD"}
    limit = sizes["A"] + sizes["B"] + sizes["D"]
    assert sizes["C"] > sizes["D"]
    library = load_library(tmp_path, limits=Limits(max_library_bytes=limit))
    assert [p.name for p in library.playlists] == ["A", "B", "D"]
    assert problems(library) == {
        str(tmp_path / "C.csv"): f"not read: with this file ({sizes['C']:,} bytes) the library would expand past the "
        f"limit of {limit:,} bytes for a whole library ({sizes['A'] + sizes['B']:,} bytes read before it)"
    }


def test_a_file_past_the_row_limit_is_refused_with_its_rows_counted(tmp_path: Path) -> None:
    (tmp_path / "A.csv").write_bytes(playlist("a", 3))
    (tmp_path / "B.csv").write_bytes(playlist("b", 4))
    (tmp_path / "C.csv").write_bytes(playlist("c", 2))
    library = load_library(tmp_path, limits=Limits(max_rows=5))
    assert [p.name for p in library.playlists] == ["A", "C"]
    assert problems(library) == {
        str(
            tmp_path / "B.csv"
        ): "refused: its 4 rows would take the library past the limit of 5 rows (3 read before it)"
    }
    refused = library.reports[1]
    assert (refused.rows_read, refused.rows_loaded, refused.rows_reported) == (4, 0, 4)
    assert refused.dialect != "unknown"  # read, then refused
    assert sum(r.rows_loaded for r in library.reports) == 5 == len(library.tracks)
    (tmp_path / "D.csv").write_bytes(playlist("d", 1) + b"not,a,row\n")  # rows reported count too
    library = load_library(tmp_path, limits=Limits(max_rows=5))
    assert [p.name for p in library.playlists] == ["A", "C"]
    assert problems(library)[str(tmp_path / "D.csv")].startswith("refused: its 2 rows would take the library past")


def test_one_file_of_a_whole_library_past_the_row_limit_is_a_clear_error(tmp_path: Path) -> None:
    records = [{"track_id": f"{i}".ljust(22, "Q"), "title": f"T{i}", "playlists": ["Mix"]} for i in range(3)]
    (tmp_path / "library.json").write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(
        LibraryError, match=r"no track could be loaded: 1 file, refused: .*library\.json: refused: its "
    ):
        load_library(tmp_path / "library.json", limits=Limits(max_rows=2))
    assert len(load_library(tmp_path / "library.json", limits=Limits(max_rows=3)).tracks) == 3


def test_one_file_is_held_at_a_time(tmp_path: Path) -> None:
    """Eight files of 8 MB (blank, so that parsing them costs nothing): reading them one at a time holds
    about one, where holding the list of their bytes held all eight."""
    for index in range(8):
        (tmp_path / f"blank-{index}.csv").write_bytes(b" " * (8 * 1024 * 1024))
    (tmp_path / "Good.csv").write_bytes(playlist("g"))
    tracemalloc.start()
    try:
        library = load_library(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.name for p in library.playlists] == ["Good"]
    assert len(problems(library)) == 8
    assert peak < 20 * 1024 * 1024, f"{peak:,} bytes held at once"


def test_a_library_of_which_no_track_loads_is_an_error_that_says_why(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a.csv").write_bytes(b"")
    (lib / "b.xlsx").write_bytes(b"PK")
    (lib / "c.csv").symlink_to(tmp_path / "gone.csv")
    (lib / "d.csv").write_bytes(b"")
    with pytest.raises(LibraryError) as error:
        load_library(lib)
    assert str(error.value) == (
        f"{lib}: no track could be loaded: 4 files, each refused: {lib / 'a.csv'}: empty file (0 bytes): most "
        "likely a failed or unfinished download; download or export it again; "
        f"{lib / 'b.xlsx'}: a spreadsheet, not a CSV export: in Excel/LibreOffice/Numbers save each sheet "
        f"as 'CSV UTF-8' and put the .csv here; {lib / 'c.csv'}: not read: a broken link (to "
        f"{tmp_path / 'gone.csv'}) (and 1 more)"
    )
    (lib / "Empty.csv").write_bytes(csv_bytes(EXPORTIFY_2025, []))  # a playlist of no track
    with pytest.raises(LibraryError, match=r"no track could be loaded: 5 files, 4 refused, the others with no row"):
        load_library(lib)
    only = tmp_path / "only"
    only.mkdir()
    (only / "Empty.csv").write_bytes(csv_bytes(EXPORTIFY_2025, []))
    assert [p.name for p in load_library(only).playlists] == ["Empty"]  # nothing lost: an empty library


# -- the acceptance test: a zip bomb given to `inspect` ---------------------------------------------

ENTRIES = 8
ENTRY_BYTES = 250_000_000

#: runs a command and prints its peak memory (KiB) and time as JSON: measured in a process of its own, so
#: that no other child of the test run counts
MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"kib": peak, "seconds": time.monotonic() - start, "code": done.returncode,
                  "out": done.stdout[-4000:], "err": done.stderr[-4000:]}))
"""


def bomb(path: Path) -> None:
    """8 entries of 250 MB of one CSV header and the same row repeated, written in chunks (the test holds
    4 MB at a time): about 8 MB of zip."""
    header = csv_bytes(EXPORTIFY_2025, [])
    row = csv_bytes(EXPORTIFY_2025, [exportify_row("b" * 22, "Again and again")])[len(header) :]
    chunk = row * (4 * 1024 * 1024 // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for index in range(ENTRIES):
            with archive.open(f"big-{index}.csv", "w") as entry:
                written = entry.write(header)
                while written + len(chunk) <= ENTRY_BYTES:
                    written += entry.write(chunk)
                entry.write(row * ((ENTRY_BYTES - written) // len(row)))


def test_inspect_on_a_zip_bomb_stays_small_and_quick_and_says_why(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    bomb(archive)
    with zipfile.ZipFile(archive) as z:
        assert [i.file_size > ENTRY_BYTES - 1000 for i in z.infolist()] == [True] * ENTRIES
    assert archive.stat().st_size < 16 * 1024 * 1024
    command = [sys.executable, "-m", "mkdocs_clusters", "inspect", str(archive)]
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT)
    result = json.loads(measured.stdout)
    assert result["kib"] * 1024 < 1_000_000_000, f"peak {result['kib']:,} KiB"
    assert result["seconds"] < 60, f"{result['seconds']:.1f} s"
    assert result["code"] == 2, result
    assert result["err"].startswith(
        f"error: {archive}: no track could be loaded: 8 files, each refused: {archive}!big-0.csv: not read: it "
        f"would expand to 2"
    ), result["err"]
    assert "past the limit of 64 MiB (67,108,864 bytes) per file" in result["err"]


def test_a_zip_bomb_within_the_limit_per_file_stops_at_the_limit_for_the_library(tmp_path: Path) -> None:
    """The same kind of zip, with entries small enough to be read: the library stops taking them at its
    limit, and says so for each entry left."""
    header = csv_bytes(EXPORTIFY_2025, [exportify_row("a" * 22, "First")])
    row = csv_bytes(EXPORTIFY_2025, [exportify_row("b" * 22, "Again")]).split(b"\n", 1)[1]
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for index in range(4):
            z.writestr(f"part-{index}.csv", header + row * 2000)
    size = len(header + row * 2000)
    start = time.monotonic()
    library = load_library(archive, limits=Limits(max_library_bytes=2 * size + 10))
    assert time.monotonic() - start < 30
    assert [p.name for p in library.playlists] == ["part-0", "part-1"]
    refused = {r.source: r.problems[0].reason for r in library.reports if r.unreadable}
    assert sorted(refused) == [f"{archive}!part-2.csv", f"{archive}!part-3.csv"]
    assert all("for a whole library" in reason for reason in refused.values())
    assert [r.rows_loaded for r in library.reports[:2]] == [2001, 2001]  # the repeated rows are entries too
