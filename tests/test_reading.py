"""Reading exports: dialects, quirks, the load report, zips and folders, and the real fixtures."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row, real_fixture
from mkdocs_clusters.model import AUDIO_FEATURES
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.rows import read_csv
from mkdocs_clusters.read.sources import LibraryError


def test_exportify_2025_with_bom_and_both_artist_joins() -> None:
    data = csv_bytes(
        EXPORTIFY_2025,
        [
            exportify_row("a" * 22, "One", "Hey;Edyta Bartosiewicz"),
            exportify_row("b" * 22, "Two", "Simon,Garfunkel"),
        ],
        bom=True,
    )
    report, tracks = read_csv("x.csv", data)
    assert report.dialect == "exportify.net 2025+"
    assert (report.rows_read, report.rows_loaded, report.rows_reported) == (2, 2, 0)
    assert tracks[0].artists == ("Hey", "Edyta Bartosiewicz")
    assert tracks[1].artists == ("Simon", "Garfunkel")
    assert tracks[0].key == "a" * 22
    assert tracks[0].features["tempo"] == 120.0
    assert tracks[0].spotify_url == "https://open.spotify.com/track/" + "a" * 22


def test_undefined_rows_are_reported_with_their_line_and_local_files_load() -> None:
    undefined = ["undefined"] * len(EXPORTIFY_2025)
    local = exportify_row("spotify:local:Artist:Album:Song:200", "Song", label="undefined", features=None)
    data = csv_bytes(EXPORTIFY_2025, [exportify_row("c" * 22, "Fine"), undefined, local])
    report, tracks = read_csv("x.csv", data)
    assert report.rows_read == 3
    assert report.rows_loaded == 2
    assert report.rows_reported == 1 and not report.problems  # nothing of it to lose: a note, not a warning
    assert [(p.line, p.reason.split(" (")[0]) for p in report.notes] == [(3, "an unavailable track")]
    song = tracks[1]
    assert song.key.startswith("local:")
    assert song.labels == ()
    assert not set(song.features) & set(AUDIO_FEATURES)
    assert song.spotify_url == ""


def test_wrong_field_count_is_reported_not_dropped() -> None:
    text = csv_bytes(EXPORTIFY_2025, [exportify_row("d" * 22, "Ok")]) + b"spotify:track:x,short row\n"
    report, _ = read_csv("x.csv", text)
    assert report.rows_read == 2 and report.rows_loaded == 1
    assert report.problems[0].line == 3
    assert "expected 24 fields, found 2" in report.problems[0].reason


def test_watsonbox_escaped_commas_and_labels() -> None:
    header = [
        "Track URI",
        "Track Name",
        "Artist URI(s)",
        "Artist Name(s)",
        "Album URI",
        "Album Name",
        "Album Image URL",
        "Label",
    ]
    row = [
        "spotify:track:" + "e" * 22,
        "Boogie Wonderland",
        "spotify:artist:1,spotify:artist:2",
        "Earth\\, Wind & Fire,The Emotions",
        "spotify:album:z",
        "I Am",
        "https://i.scdn.co/image/abc",
        "Darkroom/Interscope Records",
    ]
    report, tracks = read_csv("w.csv", csv_bytes(header, [row]))
    assert report.dialect == "watsonbox basic"
    assert tracks[0].artists == ("Earth, Wind & Fire", "The Emotions")
    assert tracks[0].labels == ("Darkroom", "Interscope Records")
    assert tracks[0].art_url == "https://i.scdn.co/image/abc"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02garbage", "not a text file"),
        (b"a,b,c\n1,2,3\n", "not a playlist export"),
    ],
)
def test_unreadable_files_are_reported(data: bytes, reason: str) -> None:
    report, tracks = read_csv("bad.csv", data)
    assert tracks == []
    assert report.unreadable
    assert reason in report.problems[0].reason


def write_export(folder: Path) -> None:
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / "Road_Trip.csv").write_bytes(
        csv_bytes(EXPORTIFY_2025, [exportify_row("f" * 22, "Song F"), exportify_row("g" * 22, "Song G")])
    )
    (folder / "nested" / "deeper" / "Liked_Songs.csv").write_bytes(
        csv_bytes(EXPORTIFY_2025, [exportify_row("g" * 22, "Song G")])
    )
    (folder / "nested" / "broken.csv").write_bytes(b"\xff\xfe\x00")


def test_folder_nested_liked_and_one_broken_file(tmp_path: Path) -> None:
    write_export(tmp_path)
    library = load_library(tmp_path)
    assert sorted(p.name for p in library.playlists) == ["Liked Songs", "Road Trip"]
    assert len(library.tracks) == 2  # a track in two playlists is one track
    assert library.liked == {"g" * 22}
    assert [r.unreadable for r in library.reports].count(True) == 1


def test_zip_is_read_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write_export(folder)
    archive = tmp_path / "spotify_playlists.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted(folder.rglob("*.csv")):
            z.write(file, file.relative_to(folder).as_posix())
        z.writestr("../escape.csv", csv_bytes(EXPORTIFY_2025, [exportify_row("h" * 22, "Song H")]))
    library = load_library(archive)
    assert sorted(p.name for p in library.playlists) == ["Liked Songs", "Road Trip", "escape"]
    assert not (tmp_path / "escape.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "spotify_playlists.zip"]


def test_missing_library_and_broken_zip(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not found"):
        load_library(tmp_path / "nope")
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"")
    with pytest.raises(LibraryError, match="zip"):
        load_library(bad)
    with pytest.raises(LibraryError, match=r"no track could be loaded: 1 file, refused: .*x\.zip: not a readable zip"):
        load_library(tmp_path)


@pytest.mark.parametrize(
    "name",
    [
        "octadecimal-ai__wilsonos-dj",
        "deadda7a__playlists",
        "Valentinaorj__my-listening-map",
        "nullmaxwell__learnify",
        "seamusmcn__seamusmcn.github.io",
    ],
)
def test_real_exports_lose_no_row(name: str) -> None:
    library = load_library(real_fixture(name))
    assert library.tracks
    for report in library.reports:
        assert report.rows_read == report.rows_loaded + report.rows_reported, report.source


def test_exportify_2022_names_with_commas_follow_the_artist_ids() -> None:
    header = ["Spotify ID", "Artist IDs", "Track Name", "Album Name", "Artist Name(s)", "Release Date"]
    rows = [
        ["i" * 22, "id1,id2", "EARFQUAKE", "IGOR", "Tyler, The Creator,Playboi Carti", "2019-05-17"],
        ["j" * 22, "id3,id4", "Duet", "A", "Simon,Garfunkel", "1970"],
    ]
    report, tracks = read_csv("2022.csv", csv_bytes(header, rows))
    assert report.dialect == "exportify.net 2022"
    assert tracks[0].artists == ("Tyler, The Creator", "Playboi Carti")
    assert tracks[1].artists == ("Simon", "Garfunkel")
    assert tracks[0].spotify_url == "https://open.spotify.com/track/" + "i" * 22


def test_spreadsheet_resave_semicolons_local_dates_and_booleans() -> None:
    header = ["Track URI", "Track Name", "Artist Name(s)", "Release Date", "Explicit", "Danceability"]
    rows = [
        ["spotify:track:" + "k" * 22, "Crazy", "Gnarls Barkley", "26/06/06", "FALSE", "0,866"],
        ["spotify:track:" + "l" * 22, "Other", "X", "06/26/1999", "TRUE", "0.5"],
        ["spotify:track:" + "m" * 22, "Third", "Y", "1987", "", ""],
    ]
    data = "\r\n".join(";".join(r) for r in [header, *rows]).encode() + b"\r\n"
    report, tracks = read_csv("resave.csv", data)
    assert report.rows_loaded == 3
    assert [t.release_date for t in tracks] == ["2006-06-26", "1999-06-26", "1987"]
    assert [t.explicit for t in tracks] == [False, True, None]
    assert tracks[0].features["danceability"] == 0.866
    assert "danceability" not in tracks[2].features


def test_watsonbox_headers_in_every_language_it_ships() -> None:
    import json
    from importlib.resources import files

    table = json.loads((files("mkdocs_clusters") / "read" / "watsonbox_headers.json").read_text(encoding="utf-8"))
    assert len(table["languages"]) == 15
    for language, names in table["languages"].items():
        keys = ["track_uri", "track_name", "artist_uris", "artist_names", "album_name", "album.label"]
        header = [names[k] for k in keys]
        row = ["spotify:track:" + "n" * 22, "Título", "spotify:artist:1,spotify:artist:2", "A,B", "Álbum", "L1/L2"]
        report, tracks = read_csv(f"{language}.csv", csv_bytes(header, [row]))
        assert report.dialect == "watsonbox basic", language
        track = tracks[0]
        assert (track.title, track.artists, track.album, track.labels) == ("Título", ("A", "B"), "Álbum", ("L1", "L2"))


def test_watsonbox_german_header_as_exported() -> None:
    header = [
        "Track-URI",
        "Track-Name",
        "Künstler-URI(s)",
        "Künstlername(n)",
        "Album-Name",
        "Veröffentlichungsdatum des Albums",
        "Explizit",
        "Beliebtheit",
        "Hinzugefügt von",
    ]
    row = ["spotify:track:" + "o" * 22, "Lied", "spotify:artist:1", "Band", "Platte", "1989", "false", "0", "me"]
    report, tracks = read_csv("de.csv", csv_bytes(header, [row]))
    assert report.rows_loaded == 1
    assert (tracks[0].artists, tracks[0].release_year, tracks[0].explicit) == (("Band",), 1989, False)
    assert tracks[0].extra["hinzugefügt von"] == "me"


def test_missing_markers_never_become_names_or_cells() -> None:
    header = ["Track ID", "Track Name", "Artist(s)", "Album", "Score"]
    rows = [["p" * 22, "Song", "nan, Someone", "nan", "nan"], ["q" * 22, "Other", "X", "undefined", "7"]]
    _, tracks = read_csv("home.csv", csv_bytes(header, rows))
    assert tracks[0].artists == ("Someone",)
    assert tracks[0].album == "" and tracks[1].album == ""
    assert "score" not in tracks[0].extra and tracks[1].extra["score"] == "7"


def test_rows_after_a_malformed_line_are_still_read() -> None:
    big = "x" * 200_000
    rows = [exportify_row(f"{i:022d}", f"Song {i}") for i in range(5)]
    rows[1][1] = big
    report, tracks = read_csv("p.csv", csv_bytes(EXPORTIFY_2025, rows))
    assert report.rows_read == 5
    assert report.rows_loaded == 4
    assert [p.line for p in report.problems] == [3]
    assert len(tracks) == 4


def test_liked_songs_in_two_folders_both_count(tmp_path: Path) -> None:
    for folder, track in (("a", "r" * 22), ("b", "s" * 22)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "Liked Songs.csv").write_bytes(csv_bytes(EXPORTIFY_2025, [exportify_row(track, "T")]))
    library = load_library(tmp_path)
    assert sorted(p.name for p in library.playlists) == ["Liked Songs (a)", "Liked Songs (b)"]
    assert library.liked == {"r" * 22, "s" * 22}


def test_same_names_in_same_named_folders_stay_apart(tmp_path: Path) -> None:
    for folder in ("x/a", "y/a"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "P.csv").write_bytes(csv_bytes(EXPORTIFY_2025, [exportify_row("t" * 22, "T")]))
    names = sorted(p.name for p in load_library(tmp_path).playlists)
    assert names == ["P (x/a)", "P (y/a)"]


def test_a_copy_with_features_beats_one_without(tmp_path: Path) -> None:
    (tmp_path / "A.csv").write_bytes(csv_bytes(EXPORTIFY_2025, [exportify_row("u" * 22, "T", features=None)]))
    (tmp_path / "B.csv").write_bytes(csv_bytes(EXPORTIFY_2025, [exportify_row("u" * 22, "T")]))
    assert "energy" in load_library(tmp_path).tracks["u" * 22].features
