"""Spotify's data export put together: its playlists, its Liked Songs and its listening history, merged
with an Exportify export of the same account when the library holds both.

`load_library` hands each file of the export to an `AccountExport` as it is read (`add`) and has it put
everything into the library once every file is read (`finish`), so that a track an Exportify CSV also
holds keeps the CSV's facts (art, genres, labels, features) whichever file came first: the export names
only a track's title, first artist and album. Tracks are the same by Spotify id; plays of a history are
matched to the library's tracks by their id, else by artist and title (the basic history has no id).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from mkdocs_clusters.listening import Listening, Play
from mkdocs_clusters.model import FileReport, Library, Playlist, Problem, Track
from mkdocs_clusters.read.account_data import EXTENDED, HISTORY, LIKED, NO_TRACK, PLAYLISTS, account_dialect
from mkdocs_clusters.read.rows import Row

#: the name of the collection of the most played tracks, and how many it holds: enough to cluster into
#: a few groups, few enough to be a list someone reads (Spotify's own yearly list is 100)
MOST_PLAYED = "Most played"
MOST_PLAYED_TRACKS = 100
LIKED_SONGS = "Liked Songs"


def match_key(artist: str, title: str) -> tuple[str, str]:
    """How a play without an id finds its track: artist and title, compatibility-normalised, casefolded
    and with their spaces collapsed (`Beyoncé` typed two ways, `The  Weeknd`)."""
    return tuple(" ".join(unicodedata.normalize("NFKC", text).casefold().split()) for text in (artist, title))  # type: ignore[return-value]


@dataclass
class _File:
    report: FileReport
    rows: Sequence[Row]


@dataclass
class AccountExport:
    """The files of Spotify's data export read so far, by kind, in the order they were read;
    `is_liked_list` tells the name of another export's Liked Songs (`Liked_Songs.csv`)."""

    is_liked_list: Callable[[str], bool]
    playlists: list[_File] = field(default_factory=list)
    liked: list[_File] = field(default_factory=list)
    histories: list[_File] = field(default_factory=list)

    def add(self, report: FileReport, rows: Sequence[Row]) -> None:
        """One file of the export, read (files not read, such as Userdata.json, add nothing)."""
        kinds = {PLAYLISTS: self.playlists, LIKED: self.liked, HISTORY: self.histories, EXTENDED: self.histories}
        kind = kinds.get(report.dialect)
        if kind is not None and not report.unreadable:
            kind.append(_File(report, rows))

    def finish(self, library: Library) -> None:
        """Put the export into the library: its tracks where the library has none of that id, each
        playlist (merged with a playlist of the same name from another export), Liked Songs, and the
        plays with the Most played collection."""
        for file in self.playlists:
            self._add_playlists(library, file)
        for file in self.liked:
            _add_tracks(library, (row.track for row in file.rows))
            library.liked.update(row.track.key for row in file.rows)
            _merge_playlist(library, LIKED_SONGS, file.report, [row.track for row in file.rows], self.is_liked_list)
        if self.histories:
            _add_listening(library, self.histories)

    @staticmethod
    def _add_playlists(library: Library, file: _File) -> None:
        by_name: dict[str, list[Track]] = {}
        for row in file.rows:
            by_name.setdefault(row.playlists[0], []).append(row.track)
        for name, tracks in by_name.items():
            _add_tracks(library, tracks)
            _merge_playlist(library, name, file.report, tracks)


def _add_tracks(library: Library, tracks: Iterable[Track]) -> None:
    """Tracks the library does not hold yet (by id): one it holds already came from a richer export."""
    for track in tracks:
        library.tracks.setdefault(track.key, track)


def _merge_playlist(
    library: Library,
    name: str,
    report: FileReport,
    tracks: Sequence[Track],
    liked: Callable[[str], bool] | None = None,
) -> None:
    """A playlist of the export, or its tracks added to the library's playlist of the same name (an
    Exportify export of the same account holds the same playlists), with a note saying so."""
    folded = name.casefold()
    known = next(
        (p for p in library.playlists if p.name.casefold() == folded or (liked is not None and liked(p.name))), None
    )
    if known is None:
        playlist = Playlist(name=name, source=report.source)
        for track in tracks:
            playlist.track_keys.append(track.key)
            playlist.added[track.key] = track.added_at
        library.playlists.append(playlist)
        return
    held = set(known.track_keys)
    new = [t for t in tracks if t.key not in held]
    for track in new:
        known.track_keys.append(track.key)
        known.added.setdefault(track.key, track.added_at)
    where = known.source.replace("\\", "/").rsplit("/", 1)[-1] or "the library"
    more = f", and {len(new):,} tracks only this export has added to it" if new else ""
    report.note(Problem(report.source, None, f"playlist {name!r} is also in {where}: one playlist{more}"))


def is_listening_list(playlist: Playlist) -> bool:
    """Whether a playlist is the Most played the listening history made (its source is a history file),
    not one of the user's."""
    return account_dialect(playlist.source) in (HISTORY, EXTENDED)


def _add_listening(library: Library, histories: Sequence[_File]) -> None:
    """Match every play to a track of the library (by id, else by artist and title), count the others,
    make the library's `Listening`, and the Most played collection from it."""
    by_name: dict[tuple[str, str], str] = {}
    for track in sorted(library.tracks.values(), key=lambda t: t.key):
        for artist in track.artists:
            by_name.setdefault(match_key(artist, track.title), track.key)
    index: dict[str, int] = {}
    artists: list[str] = []
    played: dict[str, Track] = {}
    plays: list[tuple[int, Play]] = []
    other_plays = other_ms = 0
    for file in histories:
        matched = unmatched = 0
        for row in file.rows:
            play = row.play
            if play is None:
                continue
            if row.track is NO_TRACK or not row.track.key:
                other_plays += 1
                other_ms += play.ms
                continue
            key = _matched(library, by_name, row.track)
            if key is None:
                unmatched += 1
                key = row.track.key
                played.setdefault(key, row.track)
            else:
                matched += 1
            if key not in index:
                index[key] = len(index)
                artists.append(row.track.artists[0] if row.track.artists else "")
            plays.append((index[key], play))
        _match_note(file.report, matched, unmatched)
    listening = Listening.of(index, artists, plays, other_plays, other_ms)
    library.listening = listening
    _most_played(library, listening, played, histories[0].report.source)


def _matched(library: Library, by_name: dict[tuple[str, str], str], track: Track) -> str | None:
    if track.key in library.tracks:
        return track.key
    return by_name.get(match_key(track.artists[0] if track.artists else "", track.title))


def _match_note(report: FileReport, matched: int, unmatched: int) -> None:
    """How the file's plays met the library: a history of another account matches nothing, and says so."""
    if not unmatched:
        return
    if not matched:
        text = (
            f"none of its {unmatched:,} plays is of a track in the library's playlists or Liked Songs "
            "(a history of another account?): they count in the listening time and Most played only"
        )
    else:
        text = (
            f"{unmatched:,} of its {matched + unmatched:,} plays are of tracks in no playlist or Liked Songs: "
            "they count in the listening time and Most played"
        )
    report.note(Problem(report.source, None, text))


def _most_played(library: Library, listening: Listening, played: dict[str, Track], source: str) -> None:
    """The `MOST_PLAYED_TRACKS` tracks listened to longest (ties: by key), as a playlist; a track only the
    history names joins the library. A playlist of the user's own of that name keeps it."""
    per_track = listening.per_track()
    ranked = sorted(per_track, key=lambda key: (-per_track[key].ms, key))[:MOST_PLAYED_TRACKS]
    if not ranked:
        return
    taken = {p.name.casefold() for p in library.playlists}
    name = MOST_PLAYED if MOST_PLAYED.casefold() not in taken else f"{MOST_PLAYED} (listening history)"
    for key in ranked:
        if key not in library.tracks:
            library.tracks[key] = played[key]
    library.playlists.append(Playlist(name=name, source=source, track_keys=ranked, added={k: "" for k in ranked}))
