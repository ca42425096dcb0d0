"""Spotify's own data export ("Download your data"): Playlist1.json, YourLibrary.json, the basic and the
extended streaming history, read from trimmed real files (tests/fixtures/spotify_*/PROVENANCE.tsv), in a
folder, a zip or alone; merged with an Exportify export of the same account; bad input reported by file.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, ROOT, csv_bytes, exportify_row
from mkdocs_clusters.listening import STREAM_MS
from mkdocs_clusters.model import FileReport, Library
from mkdocs_clusters.read.account_data import EXTENDED, HISTORY, LIKED, NOT_READ, PLAYLISTS, account_dialect
from mkdocs_clusters.read.account_library import MOST_PLAYED, MOST_PLAYED_TRACKS, match_key
from mkdocs_clusters.read.library import ReadMemo, load_library

ACCOUNT = ROOT / "tests" / "fixtures" / "spotify_account"
EXTENDED_HISTORY = ROOT / "tests" / "fixtures" / "spotify_extended"


def report_of(library: Library, name: str) -> FileReport:
    return next(r for r in library.reports if r.source.replace("\\", "/").rsplit("/", 1)[-1].endswith(name))


def notes_of(report: FileReport) -> str:
    return " | ".join(n.reason for n in report.notes)


def playlist(library: Library, name: str) -> list[str]:
    return next(p.track_keys for p in library.playlists if p.name == name)


def assert_adds_up(library: Library) -> None:
    for report in library.reports:
        assert report.rows_read == report.rows_loaded + report.rows_reported, report


@pytest.fixture(scope="module")
def account() -> Library:
    return load_library(ACCOUNT)


def test_files_are_told_apart_by_their_names() -> None:
    assert account_dialect("x/Playlist1.json") == PLAYLISTS
    assert account_dialect("export.zip!MyData/Playlist12.json") == PLAYLISTS
    assert account_dialect("YourLibrary.json") == LIKED
    assert account_dialect("StreamingHistory_music_0.json") == HISTORY
    assert account_dialect("StreamingHistory3.json") == HISTORY
    assert account_dialect("Streaming_History_Audio_2013-2015_0.json") == EXTENDED
    assert account_dialect("Streaming_History_Audio_2023.json") == EXTENDED
    assert account_dialect("endsong_4.json") == EXTENDED
    for other in ("StreamingHistory_podcast_0.json", "Streaming_History_Video_2023.json", "Userdata.json",
                  "Inferences.json", "Wrapped2023.json"):  # fmt: skip
        assert account_dialect(other) == NOT_READ, other
    assert account_dialect("library.json") is None
    assert account_dialect("Playlist1.csv") is None


def test_the_account_data_gives_playlists_liked_songs_and_plays(account: Library) -> None:
    assert_adds_up(account)
    names = [p.name for p in account.playlists]
    # Playlist1.json: 8 playlists, one of them empty; Playlist2.json: 2; then Liked Songs and Most played
    assert names[:7] == ["To drive to", "Sit n knit", "Artistic Skate", "My Summer Playlist", "Chilling out?❄",
                         "Confidence boost", "Sad boi hours pt.2"]  # fmt: skip
    assert names[7:] == ["Local", "Blues Lounge", "Liked Songs", MOST_PLAYED]
    assert len(playlist(account, "Artistic Skate")) == 20
    assert len(account.liked) == 80 and set(playlist(account, "Liked Songs")) == account.liked
    skate = account.tracks["10unIjOu5Jurco3SDbV4HZ"]
    assert (skate.title, skate.artists, skate.album) == ("All This Love", ("JP Cooper",), "Raised Under Grey Skies")
    assert skate.added_at == "2023-03-19" and skate.spotify_url.endswith("/track/10unIjOu5Jurco3SDbV4HZ")
    report = report_of(account, "Playlist1.json")
    assert (report.dialect, report.rows_read, report.rows_loaded, report.problems) == (PLAYLISTS, 146, 146, [])
    assert "3 playlist items are podcast episodes or audiobooks" in notes_of(report)
    assert not any(lost for lost, _ in report.summary()), "nothing is lost: INFO, not WARNING"


def test_episodes_and_local_files_are_kept_and_counted(account: Library) -> None:
    drive = [account.tracks[k] for k in playlist(account, "To drive to")]
    assert [t.uri.split(":")[1] for t in drive] == ["episode", "episode", "episode", "track"]
    assert drive[0].artists == ("StumbleWell Podcast",) and drive[0].spotify_url.startswith(
        "https://open.spotify.com/episode/"
    )
    local = [account.tracks[k] for k in playlist(account, "Local")]
    assert (local[0].title, local[0].artists, local[0].album, local[0].duration_ms) == (
        "Forever Love (Last Mix)", ("X JAPAN",), "Ballad Collection", 513_000)  # fmt: skip
    assert local[1].title == "Hold On, We're Going Home" and local[0].spotify_url == ""
    notes = notes_of(report_of(account, "Playlist2.json"))
    assert "4 playlist items are local files" in notes
    assert "12 playlist items have no track URI: kept, named by title, artist and album" in notes


def test_the_basic_history_is_matched_by_artist_and_title(account: Library) -> None:
    listening = account.listening
    assert listening is not None and len(listening) == 234
    report = report_of(account, "StreamingHistory_music_0.json")
    assert (report.dialect, report.rows_read, report.rows_loaded) == (HISTORY, 234, 234)
    assert "80 of its 234 plays are of tracks in no playlist or Liked Songs" in notes_of(report)
    per_track = listening.per_track()
    matched = [k for k in per_track if k in account.tracks and not k.startswith("local:")]
    assert sum(per_track[k].plays for k in matched) >= 154 - sum(1 for k in per_track if k.startswith("local:"))
    # the basic history has no skip flag: a play under 30 s counts as skipped
    assert all(bool(s) == (ms < STREAM_MS) for s, ms in zip(listening.skipped, listening.ms, strict=True))
    assert listening.span() == ("2023-10-03", "2024-05-20")
    podcast = report_of(account, "StreamingHistory_podcast_0.json")
    assert podcast.dialect == NOT_READ and "podcast listening history" in notes_of(podcast)
    most = playlist(account, MOST_PLAYED)
    assert len(most) == min(MOST_PLAYED_TRACKS, len(per_track))
    assert [per_track[k].ms for k in most] == sorted((per_track[k].ms for k in most), reverse=True)
    assert all(k in account.tracks for k in most)


def test_the_extended_history_counts_podcasts_and_uses_uris_and_skips() -> None:
    library = load_library(EXTENDED_HISTORY)
    assert_adds_up(library)
    listening = library.listening
    assert listening is not None
    report = report_of(library, "Streaming_History_Audio_2026.json")
    assert (report.dialect, report.rows_read, report.rows_loaded) == (EXTENDED, 38, 38)
    assert "1 play is not of tracks (1 of podcast episodes or audiobooks; 0.5 hours)" in notes_of(report)
    older = report_of(library, "Streaming_History_Audio_2023.json")
    assert "6 plays are not of tracks (6 of podcast episodes or audiobooks; 0.1 hours)" in notes_of(older)
    assert listening.other_plays == 7 and listening.other_ms == 1_829_833 + 406_309
    assert len(listening) == 194 + 37
    forever = listening.per_track()["6potEImiklXkwD9qFzpu15"]  # Labrinth, Forever: skipped three times
    assert (forever.plays, forever.skipped) == (3, 3)
    # nothing else in the library: every play is of a track it does not hold, and the file says so
    assert "none of its 194 plays is of a track in the library" in notes_of(report_of(library, "Audio_2023.json"))
    assert [p.name for p in library.playlists] == [MOST_PLAYED]
    assert report_of(library, "Video_2023.json").dialect == NOT_READ


def test_a_single_history_file_is_a_library() -> None:
    library = load_library(EXTENDED_HISTORY / "Streaming_History_Audio_2023.json")
    assert library.listening is not None and len(library.listening) == 194
    assert library.tracks["6potEImiklXkwD9qFzpu15"].title == "Forever"


def test_a_zip_of_the_export_reads_as_its_folder(tmp_path: Path, account: Library) -> None:
    archive = tmp_path / "my_spotify_data.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(ACCOUNT.glob("*.json")):
            out.write(path, f"Spotify Account Data/{path.name}")
        out.writestr("Spotify Account Data/Userdata.json", json.dumps({"username": "someone"}))
        out.writestr("Spotify Account Data/Read_Me_First.pdf", b"%PDF-1.4")
    zipped = load_library(archive)
    assert [p.name for p in zipped.playlists] == [p.name for p in account.playlists]
    assert zipped.tracks.keys() == account.tracks.keys()
    userdata = report_of(zipped, "Userdata.json")
    assert userdata.dialect == NOT_READ and not userdata.problems and "holds no music" in notes_of(userdata)


def test_an_unknown_file_truncated_json_and_wrong_types_are_named_and_the_rest_builds(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(ACCOUNT, folder)
    text = (folder / "Playlist2.json").read_text(encoding="utf-8")
    (folder / "Playlist2.json").write_text(text[: len(text) // 2], encoding="utf-8")  # truncated
    plays = json.loads((folder / "StreamingHistory_music_0.json").read_text(encoding="utf-8"))
    plays[4]["msPlayed"] = "long"
    plays[9]["endTime"] = 12
    plays[11] = ["not", "a", "play"]
    (folder / "StreamingHistory_music_0.json").write_text(json.dumps(plays), encoding="utf-8")
    (folder / "Notes.json").write_text(json.dumps({"mine": "notes"}), encoding="utf-8")
    library = load_library(folder)
    assert_adds_up(library)
    truncated = report_of(library, "Playlist2.json")
    assert truncated.unreadable and truncated.problems[0].reason.startswith("not a JSON document (")
    lost, line = truncated.summary()[0]
    assert lost and "Playlist2.json" in line
    history = report_of(library, "StreamingHistory_music_0.json")
    assert [(p.line, p.reason) for p in history.problems] == [
        (5, "field `msPlayed`: expected a whole number of milliseconds, got text"),
        (10, "field `endTime`: expected a time, got a number (12)"),
        (12, "expected an object, got a list"),
    ]
    assert (history.rows_read, history.rows_loaded, history.rows_reported) == (234, 231, 3)
    assert history.summary()[0][0], "rows lost: a warning"
    unknown = report_of(library, "Notes.json")
    assert unknown.unreadable and "a JSON library is a list of tracks" in unknown.problems[0].reason
    # the rest of the library is there
    assert "Artistic Skate" in [p.name for p in library.playlists] and len(library.liked) == 80
    assert "Local" not in [p.name for p in library.playlists]


def test_a_wrong_shape_refuses_the_file_by_name(tmp_path: Path) -> None:
    (tmp_path / "Playlist1.json").write_text(json.dumps([{"name": "x"}]), encoding="utf-8")
    (tmp_path / "Streaming_History_Audio_2020.json").write_text(json.dumps({"ts": 1}), encoding="utf-8")
    shutil.copy(ACCOUNT / "YourLibrary.json", tmp_path)
    library = load_library(tmp_path)
    assert report_of(library, "Playlist1.json").problems[0].reason == "not Spotify's playlists: no `playlists` list"
    assert report_of(library, "Audio_2020.json").problems[0].reason == (
        "not a streaming history: expected a list of plays, got an object"
    )
    assert len(library.liked) == 80


def test_an_exportify_export_of_the_same_account_is_merged_by_uri(tmp_path: Path) -> None:
    shutil.copytree(ACCOUNT, tmp_path / "export")
    rows = [
        exportify_row("10unIjOu5Jurco3SDbV4HZ", "All This Love", "JP Cooper", genres="soul", label="Island"),
        exportify_row("0fC8X9jJOhgNuJMYowMb1B", "Hold", "Vera Blue", genres="indie", label="Universal"),
    ]
    (tmp_path / "export" / "Artistic_Skate.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    library = load_library(tmp_path / "export")
    assert_adds_up(library)
    merged = library.tracks["10unIjOu5Jurco3SDbV4HZ"]
    assert merged.genres == ("soul",) and merged.labels == ("Island",) and merged.has_audio, "the CSV's facts win"
    skates = [p for p in library.playlists if p.name == "Artistic Skate"]
    assert len(skates) == 1 and len(skates[0].track_keys) == 20 and skates[0].track_keys[:2] == [
        "10unIjOu5Jurco3SDbV4HZ", "0fC8X9jJOhgNuJMYowMb1B"]  # fmt: skip
    assert "playlist 'Artistic Skate' is also in Artistic_Skate.csv: one playlist, and 18 tracks" in notes_of(
        report_of(library, "Playlist1.json")
    )


def test_match_key_ignores_case_spacing_and_compatibility_forms() -> None:
    assert match_key("The  Weeknd", "Blinding Lights") == match_key("the weeknd", "BLINDING LIGHTS")
    assert match_key("ＡＢＣ", "ｘ") == match_key("abc", "x")


def test_the_read_memo_parses_an_unchanged_history_once(tmp_path: Path) -> None:
    shutil.copytree(ACCOUNT, tmp_path / "export")
    memo = ReadMemo()
    first = load_library(tmp_path / "export", memo=memo)
    again = load_library(tmp_path / "export", memo=memo)
    assert first.listening is not None and again.listening is not None
    assert first.listening.keys == again.listening.keys and (first.listening.end == again.listening.end).all()
    assert [p.name for p in first.playlists] == [p.name for p in again.playlists]
    assert str(tmp_path / "export" / "StreamingHistory_music_0.json") in memo
