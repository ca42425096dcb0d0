"""One test per dialect and quirk of SPEC section 2, on small files made here, plus hostile files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.rows import read_csv, read_file
from mkdocs_clusters.read.sources import LibraryError

FEATURES_2024 = EXPORTIFY_2025[EXPORTIFY_2025.index("Danceability") :]  # the same twelve columns


def test_exportify_2024_tabs_inside_the_header() -> None:
    header = [
        "Track ID",
        "Track Name",
        "Album Name",
        "Artist Name(s)",
        "Release Date",
        "Duration (ms)",
        "Popularity",
        "Added By",
        "Added At",
        "Genres",
        "Record Label",
        "\t\t\t\tDanceability",
        *FEATURES_2024[1:],
    ]
    row = [
        "v" * 22,
        "Song",
        "Album",
        "Tyler, The Creator",
        "2019-05",
        "1000",
        "3",
        "me",
        "1970-01-01T00:00:00Z",
        "rap,hip hop",
        "Columbia",
        "0.7",
        "0.6",
        "1",
        "-5.5",
        "1",
        "0.1",
        "0.2",
        "0",
        "0.1",
        "0.5",
        "90",
        "4",
    ]
    report, tracks = read_csv("2024.csv", csv_bytes(header, [row]))
    assert report.dialect == "exportify.net 2024"
    track = tracks[0]
    assert track.artists == ("Tyler, The Creator",)
    assert track.features["danceability"] == 0.7
    assert track.genres == ("rap", "hip hop")
    assert track.labels == ("Columbia",)
    assert track.release_year == 2019
    assert track.added_at == ""  # the Unix epoch means unknown


def test_watsonbox_full_with_and_without_isrc() -> None:
    base = [
        "Track URI",
        "Track Name",
        "Artist URI(s)",
        "Artist Name(s)",
        "Album Name",
        "Album Release Date",
        "Album Image URL",
        "Explicit",
        "Popularity",
    ]
    full = [*base, "ISRC", "Added At", "Artist Genres", *FEATURES_2024, "Album Genres", "Label", "Copyrights"]
    row = [
        "spotify:track:" + "w" * 22,
        "S",
        "spotify:artist:1",
        "A",
        "Al",
        "2001",
        "https://i.scdn.co/image/x",
        "true",
        "40",
        "USX",
        "2020-01-01T00:00:00Z",
        "indie,rock",
        "0.5",
        "0.5",
        "2",
        "-7",
        "1",
        "0.05",
        "0.3",
        "0.0",
        "0.1",
        "0.4",
        "100",
        "4",
        "",
        "Sub Pop",
        "(C) 2001",
    ]
    report, tracks = read_csv("full.csv", csv_bytes(full, [row]))
    assert report.dialect == "watsonbox full"
    assert tracks[0].genres == ("indie", "rock") and tracks[0].labels == ("Sub Pop",)
    assert tracks[0].added_at == "2020-01-01T00:00:00Z"
    old = csv_bytes(base, [row[: len(base)]])
    report, tracks = read_csv("basic.csv", old)
    assert report.dialect == "watsonbox basic" and tracks[0].explicit is True


def test_home_made_missing_values() -> None:
    header = [
        "Track ID",
        "Track Name",
        "Artist(s)",
        "Album",
        "Danceability Rating",
        "Energy Rating",
        "Loudness Rating",
        "Tempo Rating",
    ]
    rows = [
        ["x" * 22, "A", "P, Q", "Al", "-99.0", "nan", "-99", "120.5"],
        ["y" * 22, "B", "R", "Al", "0.4", "0.5", "-6", "nan"],
    ]
    report, tracks = read_csv("home.csv", csv_bytes(header, rows))
    assert report.dialect == "home-made"
    assert tracks[0].features == {"tempo": 120.5}
    assert tracks[0].artists == ("P", "Q")
    assert tracks[1].features == {"danceability": 0.4, "energy": 0.5, "loudness": -6.0}


def test_a_track_kept_twice_in_a_playlist_is_loaded_and_noted() -> None:
    """A repeated entry is ordinary data: loaded (the playlist keeps both), a note, never a problem."""
    row = exportify_row("z" * 22, "Twice")
    report, tracks = read_csv("d.csv", csv_bytes(EXPORTIFY_2025, [row, exportify_row("a" * 22, "Once"), row]))
    assert [t.title for t in tracks] == ["Twice", "Once", "Twice"]
    assert report.problems == []
    again = "the same track as line 2 again, counted once in clusters"
    assert [(p.line, p.reason) for p in report.notes] == [(4, again)]
    assert (report.rows_read, report.rows_loaded, report.rows_reported) == (3, 3, 0)


def test_header_only_file_is_an_empty_playlist(tmp_path: Path) -> None:
    (tmp_path / "Empty.csv").write_bytes(csv_bytes(EXPORTIFY_2025, []))
    library = load_library(tmp_path)
    assert [(p.name, p.track_keys) for p in library.playlists] == [("Empty", [])]
    assert library.reports[0].rows_read == 0 and not library.reports[0].problems


def test_crlf_and_quoted_newlines() -> None:
    data = csv_bytes(EXPORTIFY_2025, [exportify_row("b" * 22, "Line one\nline two")]).replace(b"\n", b"\r\n")
    report, tracks = read_csv("crlf.csv", data)
    assert report.rows_loaded == 1
    assert tracks[0].title == "Line one\r\nline two"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'Track URI,Track Name,Artist Name(s)\nspotify:track:a,"unbalanced,X\nspotify:track:b,B,Y\n',
            "an unbalanced quote joins lines 2 to 3",
        ),
        (b"Track URI,Track Name,Artist Name(s)\nspotify:track:a,A\n", "expected 3 fields, found 2"),
        (bytes(range(256)) * 4, "not a text file"),
        (
            b"Track URI,Track Name\nspotify:track:a,Caf\xe9\n",
            "read as cp1252 (Windows Western European), so byte 0xE9 on line 2 is 'é'",
        ),
        (b"", "empty file"),
    ],
)
def test_hostile_files_are_reported_and_do_not_stop_the_others(tmp_path: Path, data: bytes, expected: str) -> None:
    (tmp_path / "bad.csv").write_bytes(data)
    (tmp_path / "good.csv").write_bytes(csv_bytes(EXPORTIFY_2025, [exportify_row("c" * 22, "Fine")]))
    library = load_library(tmp_path)
    assert "good" in [p.name for p in library.playlists]
    assert library.tracks["c" * 22].title == "Fine"
    bad = next(r for r in library.reports if r.source.endswith("bad.csv"))
    assert any(expected in p.reason for p in (*bad.problems, *bad.notes)), bad.problems
    assert bad.rows_read == bad.rows_loaded + bad.rows_reported


def test_zero_byte_zip_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "export.zip").write_bytes(b"")
    with pytest.raises(LibraryError, match=r"export\.zip: not a readable zip archive"):
        load_library(tmp_path / "export.zip")


def test_zip_entry_too_large_is_refused_by_name(tmp_path: Path) -> None:
    from mkdocs_clusters.read.sources import Limits

    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.csv", csv_bytes(EXPORTIFY_2025, [exportify_row("d" * 22, "x" * 5000)]))
        z.writestr("small.csv", csv_bytes(EXPORTIFY_2025, [exportify_row("e" * 22, "ok")]))
    library = load_library(archive, limits=Limits(max_file_bytes=4000))
    assert [p.name for p in library.playlists] == ["small"]
    assert "would expand to" in library.reports[0].problems[0].reason
    library = load_library(archive, limits=Limits(max_library_bytes=4000))
    assert [p.name for p in library.playlists] == ["small"]
    assert "limit of 4,000 bytes for a whole library" in library.reports[0].problems[0].reason


OWN_RECORDS = [
    {
        "track_id": "f" * 22,
        "title": "One",
        "artists": ["Ann", "Bo, Jr."],
        "album": "A",
        "playlists": ["Mix", "Run"],
        "liked": True,
        "energy": 0.4,
        "Rank": 1,
        "genres": ["pop"],
        "labels": ["L", "M/N"],
    },
    {
        "track_id": "g" * 22,
        "title": "Two",
        "artists": ["Ann"],
        "album": "A",
        "playlists": ["Mix"],
        "liked": False,
        "energy": None,
        "Rank": 2,
        "genres": [],
        "labels": ["L"],
    },
]


def check_own(library_path: Path) -> None:
    library = load_library(library_path)
    assert library.reports[0].dialect == "mkdocs-clusters library"
    assert {p.name: p.track_keys for p in library.playlists} == {"Mix": ["f" * 22, "g" * 22], "Run": ["f" * 22]}
    assert library.liked == {"f" * 22}
    one = library.tracks["f" * 22]
    assert one.artists == ("Ann", "Bo, Jr.")
    assert one.labels == ("L", "M", "N")
    assert one.features["energy"] == 0.4
    assert one.extra["rank"] in {"1", "1.0"}
    assert "energy" not in library.tracks["g" * 22].features


def test_own_format_json(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    path.write_text(json.dumps({"tracks": OWN_RECORDS}), encoding="utf-8")
    check_own(path)


def test_own_format_parquet(tmp_path: Path) -> None:
    path = tmp_path / "library.parquet"
    pd.DataFrame(OWN_RECORDS).to_parquet(path)
    check_own(path)


def test_own_format_csv(tmp_path: Path) -> None:
    header = ["track_id", "title", "artists", "album", "playlists", "liked", "energy", "Rank", "genres", "label"]
    rows = [
        ["f" * 22, "One", '["Ann", "Bo, Jr."]', "A", "Mix;Run", "true", "0.4", "1", "pop", "L/M/N"],
        ["g" * 22, "Two", "Ann", "A", "Mix", "false", "", "2", "", "L"],
    ]
    path = tmp_path / "library.csv"
    path.write_bytes(csv_bytes(header, rows))
    check_own(path)


def test_own_format_bad_records_are_reported(tmp_path: Path) -> None:
    report, rows = read_file("lib.json", json.dumps([OWN_RECORDS[0], 5, {"title": ""}]).encode())
    assert len(rows) == 1
    assert [p.line for p in report.problems] == [2]
    assert [p.line for p in report.notes] == [3]  # a record of nothing: no data lost
    report, _ = read_file("lib.json", b"{not json")
    assert report.unreadable and "not a JSON document" in report.problems[0].reason
    report, _ = read_file("lib.parquet", b"PAR1 garbage")
    assert report.unreadable and "Parquet" in report.problems[0].reason
