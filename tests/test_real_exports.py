"""Every real export builds with `--strict`, and what the reader says is a WARNING exactly when data did not
reach the site (issue 26).

The five real libraries (made by people outside the project, `helpers.real_fixture`) are built as a new
user builds them: Material, search, the plugin's defaults, `mkdocs build --strict`. A library the project
makes itself holds what real exports hold and used to fail a strict build: a track kept twice in a
playlist and in Liked Songs, the same song under two URIs (Spotify relinks tracks), an unavailable row, a
header repeated by `cat`, a merge conflict's markers. Each class of message the reader gives is checked
for its level (`FileReport.summary`, which is what the build log prints).
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row, mkdocs_build, real_fixture
from helpers.sitecheck import broken_links
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.rows import read_file
from mkdocs_clusters.read.sources import Limits

REAL = {
    "octadecimal-ai__wilsonos-dj": 132,
    "deadda7a__playlists": 25,
    "Valentinaorj__my-listening-map": 1,
    "nullmaxwell__learnify": 1,
    "seamusmcn__seamusmcn.github.io": 8,
}
#: what a missing value prints as in Python, pandas and JavaScript: never a cell of a page
MISSING_WORDS = {"nan", "none", "null", "undefined", "nat", "<na>"}


class _Cells(HTMLParser):
    """The texts and titles of a page that are a missing value's spelling (scripts and styles aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._code += tag in ("script", "style")
        self.found += [f"{k}={v}" for k, v in attrs if k in ("title", "alt", "aria-label") and _missing(v or "")]

    def handle_endtag(self, tag: str) -> None:
        self._code -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._code and _missing(data):
            self.found.append(data.strip())


def _missing(text: str) -> bool:
    return text.strip().casefold() in MISSING_WORDS


def missing_cells(site: Path) -> list[str]:
    """`page: text` for every text of the generated pages that is `nan`, `None`, `null`, `undefined`..."""
    found = []
    for page in sorted((site / "library").rglob("*.html")):
        parser = _Cells()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {text}" for text in parser.found]
    return found


def strict_project(tmp_path: Path, library: Path, extra: str = "") -> Path:
    """A new user's project: Material, search, the plugin with its defaults."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# My music\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: My music\ntheme: material\nplugins:\n  - search\n  - clusters:\n"
        f"      library: {library}\n      cache_dir: {tmp_path / 'cache'}\n{extra}",
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize("name", sorted(REAL))
def test_every_real_export_builds_strict(name: str, tmp_path: Path) -> None:
    export = real_fixture(name)
    site = tmp_path / "site"
    result = mkdocs_build(strict_project(tmp_path, export), site)  # fails on any WARNING
    library = load_library(export)
    for report in library.reports:
        assert report.rows_read == report.rows_loaded + report.rows_reported, report.source
        assert not report.problems, report.problems[:3]
    pages = list((site / "library" / "playlists").glob("*/index.html"))
    assert len(pages) == len(library.playlists) == REAL[name]
    assert broken_links(site) == []
    assert missing_cells(site) == []
    assert "clustered" in result.stderr


# -- a library shaped like the real ones, with what used to fail a strict build -----------------------

#: one song Spotify relinked: the same title, artists and album under two track URIs
RELINKED = ("4iV5W9uYEdYUVa79Axb7Rh", "6rqhFgbbKwnb9MLmUQDhG6")


def _row(track_id: str, title: str, added: str, artists: str = "Artist", **kwargs: object) -> list[str]:
    row = exportify_row(track_id, title, artists, **kwargs)  # type: ignore[arg-type]
    row[EXPORTIFY_2025.index("Added At")] = added
    return row


def _repeats_library(folder: Path) -> dict[str, list[str]]:
    """Road Trip (a track at two positions, a relinked pair, an unavailable row), Liked Songs (a track
    liked twice), Gym (two exports joined by `cat`) and Sunday (a merge conflict left in the file).
    Returns each playlist's track ids in file order."""
    folder.mkdir(parents=True)
    ids = {f"s{i:02d}": f"s{i:02d}".ljust(22, "Q") for i in range(40)}
    loud = (0.8, 0.9, -5.0, 0.05, 0.1, 0.0, 0.1, 0.7, 128.0)
    quiet = (0.2, 0.1, -20.0, 0.05, 0.9, 0.0, 0.1, 0.3, 80.0)
    road = [ids[f"s{i:02d}"] for i in range(14)]
    road.insert(9, ids["s03"])  # added again at another position, months later
    rows = [_row(t, f"Song {t[:3]}", f"2024-0{1 + n // 5}-01T00:00:00Z", features=loud if n % 2 else quiet)
            for n, t in enumerate(road)]  # fmt: skip
    for uri in RELINKED:
        road.append(uri)
        rows.append(_row(uri, "Hey, Soul Sister", "2024-05-01T00:00:00Z", "Train", album="Save Me, San Francisco"))
    rows.append(["undefined"] * len(EXPORTIFY_2025))
    (folder / "Road Trip.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    liked = [ids[f"s{i:02d}"] for i in (20, 21, 22, 20, 23, 24, 25, 26, 27, 28, 29, 30)]
    rows = [_row(t, f"Song {t[:3]}", "2023-01-01T00:00:00Z", features=loud if n % 3 else quiet)
            for n, t in enumerate(liked)]  # fmt: skip
    (folder / "Liked Songs.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    gym = [ids[f"s{i:02d}"] for i in range(30, 40)]
    halves = [csv_bytes(EXPORTIFY_2025, [_row(t, f"Song {t[:3]}", "2022-01-01T00:00:00Z", features=loud)
                                         for t in part]) for part in (gym[:5], gym[5:])]  # fmt: skip
    (folder / "Gym.csv").write_bytes(halves[0] + halves[1])
    sunday = [ids[f"s{i:02d}"] for i in range(1, 12)]
    lines = csv_bytes(EXPORTIFY_2025, [_row(t, f"Song {t[:3]}", "2021-01-01T00:00:00Z", features=quiet)
                                       for t in sunday]).decode().splitlines(keepends=True)  # fmt: skip
    conflicted = [*lines[:4], "<<<<<<< HEAD\n", lines[4], "=======\n", lines[4], ">>>>>>> origin/main\n", *lines[5:]]
    (folder / "Sunday.csv").write_text("".join(conflicted), encoding="utf-8")
    return {"Road Trip": road, "Liked Songs": liked, "Gym": gym, "Sunday": [*sunday[:4], *sunday[3:]]}


def test_repeated_tracks_build_strict_and_every_entry_is_kept(tmp_path: Path) -> None:
    library_folder = tmp_path / "export"
    order = _repeats_library(library_folder)
    site = tmp_path / "site"
    result = mkdocs_build(strict_project(tmp_path, library_folder, "      min_tracks: 100\n"), site)
    assert "Road Trip.csv, line 11: the same track as line 5 again, counted once in clusters" in result.stderr
    assert "Sunday.csv, line 5: a merge conflict's marker" in result.stderr
    library = load_library(library_folder)
    for report in library.reports:
        assert report.rows_read == report.rows_loaded + report.rows_reported
        assert not report.problems
    # every entry loaded, in order; the relinked pair is two tracks, as Spotify lists them
    assert {p.name: p.track_keys for p in library.playlists} == order
    assert len({library.tracks[k].title for k in RELINKED}) == 1
    road = (site / "library" / "playlists" / "road-trip" / "index.html").read_text(encoding="utf-8")
    assert "17 entries, 16 distinct tracks" in road
    liked = (site / "library" / "playlists" / "liked-songs" / "index.html").read_text(encoding="utf-8")
    assert "12 entries, 11 distinct tracks" in liked and "11 liked" in liked
    # each track once in the clusters' tables, both entries in the playlist's download
    assert road.count(f'<tr id="t-{order["Road Trip"][3][:6]}') == 1
    download = (site / "library" / "playlists" / "road-trip" / "playlist.csv").read_text(encoding="utf-8")
    uris = [row["Track URI"] for row in csv.DictReader(io.StringIO(download))]
    assert uris == [f"spotify:track:{t}" for t in order["Road Trip"]]
    assert missing_cells(site) == []
    assert broken_links(site) == []


# -- every class of message the reader gives, at its level ------------------------------------------

_GOOD = exportify_row("g" * 22, "Good")


def _lines(*rows: list[str]) -> bytes:
    return csv_bytes(EXPORTIFY_2025, [_GOOD, *rows])


#: (a file's name, its bytes, whether its message is a WARNING, what it says)
# fmt: off
_ROWS: list[tuple[str, bytes, bool, str]] = [
    ("repeated.csv", _lines(_GOOD), False, "the same track as line 2 again"),
    ("header.csv", _lines(EXPORTIFY_2025), False, "the header row again"),
    ("second.csv", _lines(["Track Name", "Track URI", *[""] * 22]), False, "a second header row"),
    ("conflict.csv", _lines(["<<<<<<< HEAD", *[""] * 23]), False, "a merge conflict's marker"),
    ("unavailable.csv", _lines(["undefined"] * 24), False, "an unavailable track"),
    ("art.csv", csv_bytes(["Track URI", "Track Name", "Album Image URL"],
                          [["spotify:track:" + "a" * 22, "A", "http://evil.example/x.png"]]), False,
     "album art URL dropped"),
    ("link.csv", csv_bytes(["Track URI", "Track Name"], [["https://evil.example/x", "A"]]), False,
     "track link dropped"),
    ("latin.csv", csv_bytes(["Track URI", "Track Name"], [["spotify:track:" + "b" * 22, "Caf\xe9"]]).decode()
     .encode("cp1252"), False, "not UTF-8 text: read as cp1252"),
    ("fields.csv", _lines(["spotify:track:" + "c" * 22, "Short"]), True, "expected 24 fields, found 2"),
    ("nameless.csv", _lines(["", "", "Album", *[""] * 21]), True, "no track name and no track URI"),
    ("nul.csv", _lines(exportify_row("d" * 22, "Da\x00maged")), True, "a NUL byte in the line"),
    ("bytes.csv", b"\xff\xfe" + _lines(exportify_row("e" * 22, "X")).decode().encode("utf-16-le")
     .replace("X".encode("utf-16-le"), b"\x00\xd8"), True, "bytes that are not utf-16 text"),
    ("quote.csv", _lines() + b'spotify:track:' + b"f" * 22 + b',"unbalanced,A\n' + b"x" * 22 + b",Next\n", True,
     "an unbalanced quote joins lines"),
    ("notplaylist.csv", b"Date,Amount\n2024-01-01,3\n", True, "not a playlist export"),
    ("empty.csv", b"", True, ""),
    ("text.csv", b"\x00\x01\x02\x03", True, "not a text file"),
    ("lib.json", b'{"tracks": [{"title": "A", "track_id": "' + b"j" * 22 + b'"}, 5]}', True,
     "the record is not an object"),
    ("badlib.json", b"{not json", True, "not a JSON document"),
    ("typed.json", b'{"tracks": [{"title": "A", "track_id": "' + b"i" * 22 + b'", "playlists": 5}]}', True,
     "field `playlists`"),
]
# fmt: on


@pytest.mark.parametrize(("name", "data", "lost", "says"), _ROWS, ids=[r[0] for r in _ROWS])
def test_each_message_class_is_a_warning_exactly_when_data_is_lost(
    name: str, data: bytes, lost: bool, says: str
) -> None:
    report, _ = read_file(name, data)
    summary = report.summary()
    assert [line for _, line in summary if says in line], summary
    assert any(level for level, _ in summary) == lost, summary
    assert report.rows_read == report.rows_loaded + report.rows_reported


def test_files_refused_before_reading_are_warnings(tmp_path: Path) -> None:
    """What never reaches the reader is lost too: a spreadsheet, a broken link, an unreadable zip, a zip
    three deep, a file past the size limit."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Fine.csv").write_bytes(_lines())
    (folder / "Sheet.xlsx").write_bytes(b"PK\x03\x04 not really")
    (folder / "Gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (folder / "Broken.zip").write_bytes(b"PK\x03\x04 truncated")
    deepest = io.BytesIO()
    with zipfile.ZipFile(deepest, "w") as archive:
        archive.writestr("Deep.csv", _lines())
    middle = io.BytesIO()
    with zipfile.ZipFile(middle, "w") as archive:
        archive.writestr("deeper.zip", deepest.getvalue())
    with zipfile.ZipFile(folder / "Outer.zip", "w") as archive:
        archive.writestr("inner.zip", middle.getvalue())
    (folder / "Huge.csv").write_bytes(_lines(*[exportify_row(f"{i:022d}", "X") for i in range(300)]))
    library = load_library(folder, limits=Limits(max_file_bytes=20_000))
    levels = {os.path.basename(r.source.split("!")[-1]): [lost for lost, _ in r.summary()] for r in library.reports}
    assert levels == {
        "Fine.csv": [],
        "Sheet.xlsx": [True],
        "Gone.csv": [True],
        "Broken.zip": [True],
        "deeper.zip": [True],
        "Huge.csv": [True],
    }
