"""A real `mkdocs build --strict` of Spotify's own data export (the trimmed real files of tests/fixtures):
every playlist, Liked Songs and Most played get pages, the tables a Plays column, the pages a Listening
section; the same input gives the same bytes."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from helpers import ROOT, mkdocs_build, project, tree_digest

FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("account")
    library = tmp / "my_spotify_data"
    shutil.copytree(FIXTURES / "spotify_account", library)
    shutil.copy(FIXTURES / "spotify_extended" / "Streaming_History_Audio_2023.json", library)
    config = project(tmp, library, tmp / "cache", min_tracks=3)
    result = mkdocs_build(config, tmp / "site")
    assert "StreamingHistory_music_0.json: 80 of its 234 plays are of tracks in no playlist" in result.stderr
    return config, tmp / "site" / "library"


def text_of(path: Path) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


def test_playlists_liked_songs_and_most_played_get_pages(built: tuple[Path, Path]) -> None:
    _, site = built
    pages = {p.parent.name for p in (site / "playlists").glob("*/index.html")}
    assert {"artistic-skate", "to-drive-to", "local", "liked-songs", "most-played"} <= pages
    most = text_of(site / "playlists" / "most-played" / "index.html")
    assert re.search(r"Playlist · \d+ clusters of 100 tracks", most)
    assert "fallback features: shared playlists, artists' playlists" in most
    # the sessions only where the playlists' signals cannot group the tracks, and the page says so
    assert "listening sessions" not in most
    skate = text_of(site / "playlists" / "artistic-skate" / "index.html")
    assert "fallback features: listening sessions, date added" in skate
    assert "grouped by how you keep them: the listening sessions you play them in; and by date added" in skate
    skate = text_of(site / "playlists" / "artistic-skate" / "index.html")
    assert "Cluster 1" in skate, "the curation clustering applies: playlists and the dates tracks were added"


def test_tables_have_a_plays_column_and_pages_a_listening_section(built: tuple[Path, Path]) -> None:
    _, site = built
    page = (site / "playlists" / "most-played" / "index.html").read_text(encoding="utf-8")
    assert "<th>Plays</th>" in page and 'style="--clusters-extra:1"' in page
    # Durieu by Little Symphony: 8 streams in the basic history
    row = re.search(r"<tr id=[^>]*>(?:(?!</tr>).)*Durieu(?:(?!</tr>).)*</tr>", page)
    assert row is not None and "<td>8</td>" in row.group(0)
    assert '<svg class="clusters-columns"' in page and "<title>2024-02:" in page
    body = text_of(site / "playlists" / "most-played" / "index.html")
    assert (
        "Listening" in body and "Most played:" in body and "Durieu · Little Symphony (8 streams, 33% skipped)" in body
    )
    home = text_of(site / "index.html")
    assert "streams of your history from Jan 2023 to May 2024" in home
    assert "6 plays of podcasts or audiobooks (0.1 hours), not counted here" in home
    assert "Most played artists: LOFI FRUITS BEATS (22)" in home


def test_a_library_without_history_has_no_plays_column(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    for name in ("Playlist1.json", "YourLibrary.json"):
        shutil.copy(FIXTURES / "spotify_account" / name, library)
    mkdocs_build(project(tmp_path, library, tmp_path / "cache", min_tracks=3), tmp_path / "site")
    page = (tmp_path / "site" / "library" / "playlists" / "artistic-skate" / "index.html").read_text(encoding="utf-8")
    assert "<th>Plays</th>" not in page and not re.search(r"streams?</title>", page)  # no streams per month
    assert not (tmp_path / "site" / "library" / "playlists" / "most-played").exists()


def test_the_same_export_gives_the_same_site(built: tuple[Path, Path], tmp_path: Path) -> None:
    config, site = built
    mkdocs_build(config, tmp_path / "again")
    assert tree_digest(tmp_path / "again" / "library") == tree_digest(site)
