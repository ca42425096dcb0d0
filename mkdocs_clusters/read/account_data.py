"""Spotify's own data export ("Download your data"), file by file: the playlists (`Playlist1.json`...),
the Liked Songs (`YourLibrary.json`), the basic streaming history (`StreamingHistory_music_0.json`, older
`StreamingHistory0.json`) and the extended one (`Streaming_History_Audio_2019-2021_3.json`, older
`endsong_0.json`). The files are told by their names (Spotify's own), then checked by their shape.

Each file gives its report and rows as any export file does (`read_export_file`, which `library` reads
every file with), so the read memo and the limits apply to it unchanged; `account_library` puts the rows together. A row
of a playlist names its playlist (`Row.playlists`), a row of Liked Songs is liked, a row of a history
holds its play (`Row.play`; the track as the history names it, `NO_TRACK` for a podcast, an audiobook
or a row that names nothing, which count in the listening time only).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote_plus

from mkdocs_clusters.listening import STREAM_MS, Play
from mkdocs_clusters.model import FileReport, Problem, Track
from mkdocs_clusters.read import cells
from mkdocs_clusters.read.labels import LabelNormaliser
from mkdocs_clusters.read.rows import Row, read_file, track_key
from mkdocs_clusters.read.tables import TableError, json_document
from mkdocs_clusters.spotify import uri_refused

#: the dialects of the export's files, as reports and `inspect` name them
PLAYLISTS = "spotify account data: playlists"
LIKED = "spotify account data: liked songs"
HISTORY = "spotify streaming history"
EXTENDED = "spotify extended streaming history"
NOT_READ = "spotify account data: not read"
ACCOUNT_DIALECTS = frozenset({PLAYLISTS, LIKED, HISTORY, EXTENDED, NOT_READ})

#: the row of a play that is no track (a podcast episode, an audiobook, a row naming nothing)
NO_TRACK = Track(key="", title="")

_NAMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), dialect)
    for pattern, dialect in (
        (r"playlist\d*\.json", PLAYLISTS),
        (r"yourlibrary\.json", LIKED),
        (r"streaminghistory(_music_)?\d+\.json", HISTORY),
        (r"(streaming_history_audio_.*|endsong_\d+)\.json", EXTENDED),
        (r"(streaminghistory_(podcast|audiobook|video)_\d+|streaming_history_video_.*)\.json", NOT_READ),
        # the rest of the account data: who the account is, what it searched, what Spotify infers of it
        (
            r"(follow|identifiers|identity|inferences|marquee|payments|searchqueries|useraddress|userdata|"
            r"voiceinput|familyplan|duonewfamily|yoursoundcapsule|podcastinteractivity\w*|wrapped\d{4}|"
            r"messagedata|connections|customerservicehistory\w*|readmefirst\w*|"
            r"audiobook\w*|yourlibrary_?\w+|soundcapsule\w*)\.json",
            NOT_READ,
        ),
    )
)
_WHAT_ELSE = {
    "podcast": "the podcast listening history",
    "audiobook": "the audiobook listening history",
    "video": "the video listening history",
}


def account_dialect(location: str) -> str | None:
    """The dialect a file of Spotify's data export has by its name, None for any other file."""
    name = PurePosixPath(location.replace("\\", "/").rsplit("!", 1)[-1]).name
    return next((dialect for pattern, dialect in _NAMES if pattern.fullmatch(name)), None)


def read_export_file(
    location: str, data: bytes, normalise_labels: LabelNormaliser | None = None
) -> tuple[FileReport, list[Row]]:
    """Any export file: one of Spotify's data export by its name, else as `rows.read_file` reads it."""
    account = read_account_file(location, data) if location.lower().endswith(".json") else None
    return account if account is not None else read_file(location, data, normalise_labels)


def read_account_file(location: str, data: bytes) -> tuple[FileReport, list[Row]] | None:
    """One file of Spotify's data export: its report and rows; None when its name is not one of the
    export's (or, for `YourLibrary.json`, its shape is the project's own library format)."""
    dialect = account_dialect(location)
    if dialect is None:
        return None
    report = FileReport(location, dialect=dialect)
    if dialect == NOT_READ:
        report.note(Problem(location, None, f"not read: {_not_read(location)}; the site shows your music"))
        return report, []
    try:
        document, decoded = json_document(data)
    except TableError as exc:
        report.encoding = exc.encoding
        report.refuse(str(exc))
        return report, []
    report.encoding = decoded.encoding
    if decoded.note:
        report.note(Problem(location, None, decoded.note))
    if dialect == LIKED and not _is_your_library(document):
        return None
    reader = {PLAYLISTS: _playlists, LIKED: _liked, HISTORY: _history, EXTENDED: _extended}[dialect]
    rows: list[Row] = []
    try:
        rows = list(reader(report, document))
    except _Refused as exc:
        report.refuse(str(exc), exc.rows)
    return report, rows


def _not_read(location: str) -> str:
    name = PurePosixPath(location.replace("\\", "/").rsplit("!", 1)[-1]).name.casefold()
    kind = next((what for key, what in _WHAT_ELSE.items() if key in name), "")
    return f"{kind} of Spotify's data export" if kind else "a file of Spotify's data export that holds no music"


def _is_your_library(document: object) -> bool:
    """YourLibrary.json lists `tracks` of {artist, album, track, uri}; a file of that name whose tracks
    are named otherwise is the project's own library format."""
    tracks = document.get("tracks") if isinstance(document, dict) else None
    records = [r for r in tracks if isinstance(r, dict)] if isinstance(tracks, list) else []
    return not records or any("track" in r or "uri" in r for r in records)


def _not_object(value: object) -> str:
    return f"expected an object, got {cells.describe(value)}"


class _Refused(Exception):
    """The whole file is not of its kind (its top level is wrong); `rows` were read and are lost."""

    def __init__(self, reason: str, rows: int = 0) -> None:
        super().__init__(reason)
        self.rows = rows


class _FieldError(ValueError):
    """A field of the wrong type; the message names the field."""


def _text(record: Mapping[str, object], name: str, prefix: str = "") -> str:
    """A text field, "" when absent or null; _FieldError for any other type."""
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _FieldError(f"field `{prefix}{name}`: expected text, got {cells.describe(value)}")
    return cells.clean(value)


def _flag(record: Mapping[str, object], name: str) -> bool | None:
    value = record.get(name)
    if value is None or isinstance(value, bool):
        return value
    raise _FieldError(f"field `{name}`: expected true, false or null, got {cells.describe(value)}")


def _count(record: Mapping[str, object], name: str) -> int:
    value = record.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _FieldError(f"field `{name}`: expected a whole number of milliseconds, got {cells.describe(value)}")
    return value


def _when(record: Mapping[str, object], name: str) -> int:
    """A history's time (`2023-02-25T11:20:37Z`, or `2023-10-02 23:43`, both UTC) as seconds since 1970."""
    raw = record.get(name)
    if not isinstance(raw, str):
        raise _FieldError(f"field `{name}`: expected a time, got {cells.describe(raw)}")
    try:
        moment = datetime.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise _FieldError(f"field `{name}`: not a time ({raw[:40]!r})") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return int(moment.timestamp())


def _track(uri: str, title: str, artist: str, album: str, notes: list[str]) -> Track:
    """The track a row names; a URI that is no Spotify track's is dropped with a note (as in a CSV)."""
    if uri_refused(uri):
        notes.append("track link dropped: not a Spotify track URI")
        uri = ""
    artists = (artist,) if artist else ()
    return Track(key=track_key(uri, title, artists, album), title=title, album=album, artists=artists, uri=uri)


# -- playlists ---------------------------------------------------------------------------------------


@dataclass
class _Counts:
    """What a file's rows were besides tracks, for its notes: in a playlist or Liked Songs, episodes,
    local files, items without a URI and repeats; in a history, plays of podcast episodes and
    audiobooks, plays naming nothing (and the time of both), plays without a URI."""

    episodes: int = 0
    local: int = 0
    no_uri: int = 0
    repeated: int = 0
    nothing: int = 0
    ms: int = 0


def _playlists(report: FileReport, document: object) -> Iterator[Row]:
    """`{"playlists": [{"name", "items": [{"track"|"episode"|"localTrack"|"audiobook", "addedDate"}]}]}`;
    rows are numbered by item through the file. Names are made unique within the file (`Mix #2`)."""
    playlists = document.get("playlists") if isinstance(document, dict) else None
    if not isinstance(playlists, list):
        raise _Refused("not Spotify's playlists: no `playlists` list")
    counts = _Counts()
    seen: dict[str, int] = {}
    number = 0
    for at, playlist in enumerate(playlists, 1):
        items = playlist.get("items") if isinstance(playlist, dict) else None
        name = playlist.get("name") if isinstance(playlist, dict) else None
        if not isinstance(items, list) or not isinstance(name, str):
            size = len(items) if isinstance(items, list) else 1
            report.rows_read += size
            what = "an object with a `name` and a list of `items`"
            reason = f"playlist {at}: expected {what}, got {cells.describe(playlist)}: {size:,} rows lost"
            for _ in range(size):
                number += 1
                report.report(Problem(report.source, number, reason, "item"))
            continue
        shown = " ".join(name.split()) or f"Playlist {at}"
        seen[shown.casefold()] = seen.get(shown.casefold(), 0) + 1
        if seen[shown.casefold()] > 1:
            shown = f"{shown} #{seen[shown.casefold()]}"
        keys: set[str] = set()
        for item in items:
            number += 1
            report.rows_read += 1
            parsed = _item(item, counts)
            if isinstance(parsed, str):
                report.report(Problem(report.source, number, f"playlist {shown!r}: {parsed}", "item"))
                continue
            track, notes = parsed
            if _loaded(report, (number, "item"), track, notes, keys, counts):
                yield Row(track, (shown,))
    _count_notes(report, counts, "playlist items")


def _item(item: object, counts: _Counts) -> tuple[Track, list[str]] | str:
    """A playlist item's track (a track, a podcast episode, a local file or an audiobook), or why not."""
    if not isinstance(item, dict):
        return _not_object(item)
    notes: list[str] = []
    try:
        added = cells.added_at(_text(item, "addedDate"))
        for kind in ("track", "episode", "localTrack", "audiobook"):
            value = item.get(kind)
            if value is None:
                continue
            if not isinstance(value, dict):
                return f"field `{kind}`: expected an object, got {cells.describe(value)}"
            track = _item_track(kind, value, counts, notes)
            return (track if not added else replace(track, added_at=added)), notes
    except _FieldError as exc:
        return str(exc)
    return "no track, episode, audiobook or local file"


def _item_track(kind: str, value: Mapping[str, object], counts: _Counts, notes: list[str]) -> Track:
    if kind == "track":
        uri = _text(value, "trackUri", "track.")
        if not uri:
            counts.no_uri += 1
        return _track(
            uri,
            _text(value, "trackName", "track."),
            _text(value, "artistName", "track."),
            _text(value, "albumName", "track."),
            notes,
        )
    if kind == "episode":
        counts.episodes += 1
        show = _text(value, "showName", "episode.")
        title = _text(value, "episodeName", "episode.")
        return _track(_text(value, "episodeUri", "episode."), title, show, show, notes)
    if kind == "audiobook":
        counts.episodes += 1
        title = _text(value, "audiobookName", "audiobook.") or _text(value, "name", "audiobook.")
        uri = _text(value, "audiobookUri", "audiobook.") or _text(value, "uri", "audiobook.")
        return _track(uri, title, "", "", [])
    counts.local += 1
    return _local_track(value)


def _local_track(value: Mapping[str, object]) -> Track:
    """A local file: `{"uri": "spotify:local:Artist:Album:Title:seconds"}`, each part URL-encoded (`+`
    for a space); newer exports may name the parts themselves."""
    uri = _text(value, "uri", "localTrack.")
    parts = [unquote_plus(p) for p in uri.split(":")[2:]] if uri.startswith("spotify:local:") else []
    parts += [""] * (4 - len(parts))
    artist = _text(value, "artistName", "localTrack.") or parts[0]
    album = _text(value, "albumName", "localTrack.") or parts[1]
    title = _text(value, "trackName", "localTrack.") or parts[2] or "Local file"
    seconds = cells.integer(parts[3])
    artists = (artist,) if artist else ()
    return Track(
        key=track_key(uri, title, artists, album),
        title=title,
        album=album,
        artists=artists,
        uri=uri,
        duration_ms=seconds * 1000 if seconds is not None and seconds >= 0 else None,
    )


def _loaded(
    report: FileReport, where: tuple[int, str], track: Track, notes: list[str], keys: set[str], counts: _Counts
) -> bool:
    """A row loaded, with its notes: True the first time its track comes in the list, False for a
    repeat (counted once: nothing of it is lost)."""
    for note in notes:
        report.note(Problem(report.source, where[0], note, where[1]))
    report.rows_loaded += 1
    if track.key in keys:
        counts.repeated += 1
        return False
    keys.add(track.key)
    return True


def _count_notes(report: FileReport, counts: _Counts, rows: str) -> None:
    """The harmless remarks of a file, one line each (kept with the tracks they concern)."""
    for count, text in (
        (counts.episodes, "are podcast episodes or audiobooks: kept as they are, with no album art or features"),
        (counts.local, "are local files: kept, with no Spotify link"),
        (counts.no_uri, "have no track URI: kept, named by title, artist and album"),
        (counts.repeated, "are repeated in their playlist: counted once"),
    ):
        if count:
            report.note(Problem(report.source, None, f"{count:,} {rows} {text}"))


# -- Liked Songs ---------------------------------------------------------------------------------------


def _liked(report: FileReport, document: object) -> Iterator[Row]:
    """`{"tracks": [{"artist", "album", "track", "uri"}], "albums", "artists", "shows", ...}`: the tracks
    are the Liked Songs; the saved albums, artists and shows are counted."""
    tracks = document.get("tracks") if isinstance(document, dict) else None
    if not isinstance(document, dict) or not isinstance(tracks, list):
        raise _Refused("not Spotify's library: no `tracks` list")
    counts = _Counts()
    keys: set[str] = set()
    for number, record in enumerate(tracks, 1):
        report.rows_read += 1
        if not isinstance(record, dict):
            report.report(Problem(report.source, number, _not_object(record), "track"))
            continue
        notes: list[str] = []
        try:
            uri = _text(record, "uri")
            track = _track(uri, _text(record, "track"), _text(record, "artist"), _text(record, "album"), notes)
        except _FieldError as exc:
            report.report(Problem(report.source, number, str(exc), "track"))
            continue
        if not track.title and not track.uri:
            report.report(Problem(report.source, number, "no track name and no track URI", "track"))
            continue
        counts.no_uri += not uri
        if _loaded(report, (number, "track"), track, notes, keys, counts):
            yield Row(track, liked=True)
    _count_notes(report, counts, "liked tracks")
    lists = {name: document.get(name) for name in ("albums", "artists", "shows", "episodes")}
    saved = [
        f"{len(v):,} {name if len(v) > 1 else name[:-1]}" for name, v in lists.items() if isinstance(v, list) and v
    ]
    if saved:
        text = f"also lists saved {', '.join(saved)}: not shown (the site shows tracks)"
        report.note(Problem(report.source, None, text))


# -- streaming histories -------------------------------------------------------------------------------


def _history(report: FileReport, document: object) -> Iterator[Row]:
    """The basic history: `[{"endTime": "2023-10-02 23:43", "artistName", "trackName", "msPlayed"}]`.
    It has no URIs and no skip flag: a play under `STREAM_MS` counts as skipped."""

    def parse(record: Mapping[str, object], other: _Counts, tracks: dict[tuple[str, ...], Track]) -> Row:
        end, ms = _when(record, "endTime"), _count(record, "msPlayed")
        title, artist = _text(record, "trackName"), _text(record, "artistName")
        if not title:
            other.nothing += 1
            other.ms += ms
            return Row(NO_TRACK, play=Play(end, ms, ms < STREAM_MS))
        named = (title, artist)
        track = tracks.get(named) or tracks.setdefault(named, _track("", title, artist, "", []))
        return Row(track, play=Play(end, ms, ms < STREAM_MS))

    yield from _plays(report, document, parse)


def _extended(report: FileReport, document: object) -> Iterator[Row]:
    """The extended history: `ts`, `ms_played`, `master_metadata_track_name`, `..._album_artist_name`,
    `..._album_album_name`, `spotify_track_uri`, `skipped`, `reason_end`, and podcast and audiobook fields
    (their plays are counted, not tracks). Skipped: Spotify's flag, else a play ended by the forward button."""

    def parse(record: Mapping[str, object], other: _Counts, tracks: dict[tuple[str, ...], Track]) -> Row:
        end, ms = _when(record, "ts"), _count(record, "ms_played")
        title = _text(record, "master_metadata_track_name")
        uri = _text(record, "spotify_track_uri")
        flag = _flag(record, "skipped")
        for name in ("shuffle", "offline", "incognito_mode"):
            _flag(record, name)
        reason = _text(record, "reason_end")
        skipped = flag if flag is not None else reason == "fwdbtn"
        artist = _text(record, "master_metadata_album_artist_name")
        album = _text(record, "master_metadata_album_album_name")
        if not title and not uri:
            episode = _text(record, "spotify_episode_uri") or _text(record, "episode_name")
            book = _text(record, "audiobook_uri") or _text(record, "audiobook_title")
            if episode or book:
                other.episodes += 1
            else:
                other.nothing += 1
            other.ms += ms
            return Row(NO_TRACK, play=Play(end, ms, skipped))
        other.no_uri += not uri
        named = (uri, title, artist, album)
        track = tracks.get(named) or tracks.setdefault(named, _track(uri, title, artist, album, []))
        return Row(track, play=Play(end, ms, skipped))

    yield from _plays(report, document, parse)


def _plays(
    report: FileReport,
    document: object,
    parse: Callable[[Mapping[str, object], _Counts, dict[tuple[str, ...], Track]], Row],
) -> Iterator[Row]:
    """A history's rows (a list of objects, numbered by record), each parsed or reported by its field."""
    if not isinstance(document, list):
        raise _Refused(f"not a streaming history: expected a list of plays, got {cells.describe(document)}")
    other = _Counts()
    tracks: dict[tuple[str, ...], Track] = {}
    for number, record in enumerate(document, 1):
        report.rows_read += 1
        if not isinstance(record, dict):
            report.report(Problem(report.source, number, _not_object(record), "record"))
            continue
        try:
            row = parse(record, other, tracks)
        except _FieldError as exc:
            report.report(Problem(report.source, number, str(exc), "record"))
            continue
        report.rows_loaded += 1
        yield row
    if other.episodes or other.nothing:
        parts = [f"{other.episodes:,} of podcast episodes or audiobooks"] if other.episodes else []
        parts += [f"{other.nothing:,} naming no track or episode"] if other.nothing else []
        hours = other.ms / 3_600_000
        text = (
            f"{_plays_are(other.episodes + other.nothing)} not of tracks ({', '.join(parts)}; {hours:,.1f} hours): "
            "counted in the listening time"
        )
        report.note(Problem(report.source, None, text))
    if other.no_uri:
        text = f"{other.no_uri:,} plays with no track URI: matched by artist and title"
        report.note(Problem(report.source, None, text))


def _plays_are(count: int) -> str:
    """`1 play is`, `2,000 plays are`."""
    return "1 play is" if count == 1 else f"{count:,} plays are"
