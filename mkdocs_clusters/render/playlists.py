"""A cluster as a playlist a person can take away: Spotify URIs to paste, and an Exportify-layout CSV.

The URI list is what the Spotify desktop app accepts when pasted into a playlist (one `spotify:track:`
URI per line); local files and tracks without a well-formed URI cannot be pasted and are left out (the
page says how many). The CSV holds every track of the cluster in the column layout of exportify.net
(2025+), so that tools that read Exportify files, and this plugin itself, can read it back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from mkdocs_clusters.model import Track


def _feature(name: str) -> Callable[[Track], object]:
    return lambda track: track.features.get(name)


#: exportify.net's 2025+ columns, in its order, with how each is written from a track
EXPORTIFY_COLUMNS: tuple[tuple[str, Callable[[Track], object]], ...] = (
    ("Track URI", lambda t: t.uri if t.spotify_url else ""),
    ("Track Name", lambda t: t.title),
    ("Album Name", lambda t: t.album),
    ("Artist Name(s)", lambda t: ";".join(t.artists)),
    ("Release Date", lambda t: t.release_date),
    ("Duration (ms)", lambda t: t.duration_ms),
    ("Popularity", lambda t: t.popularity),
    ("Explicit", lambda t: None if t.explicit is None else str(t.explicit).lower()),
    ("Added By", lambda t: ""),
    ("Added At", lambda t: t.added_at),
    ("Genres", lambda t: ",".join(t.genres)),
    ("Record Label", lambda t: "/".join(t.labels)),
    ("Danceability", _feature("danceability")),
    ("Energy", _feature("energy")),
    ("Key", _feature("key")),
    ("Loudness", _feature("loudness")),
    ("Mode", _feature("mode")),
    ("Speechiness", _feature("speechiness")),
    ("Acousticness", _feature("acousticness")),
    ("Instrumentalness", _feature("instrumentalness")),
    ("Liveness", _feature("liveness")),
    ("Valence", _feature("valence")),
    ("Tempo", _feature("tempo")),
    ("Time Signature", _feature("time_signature")),
)


def pasteable(tracks: Sequence[Track]) -> list[Track]:
    """The tracks that have a Spotify URI the app accepts, in the given order."""
    return [t for t in tracks if t.spotify_url]


def uri_list(tracks: Sequence[Track]) -> bytes:
    """One Spotify URI per line, for pasting into a Spotify playlist."""
    return "".join(f"{t.uri}\n" for t in pasteable(tracks)).encode("utf-8")


def exportify_csv(tracks: Sequence[Track], rows: dict[str, str] | None = None) -> bytes:
    """Every track as a row of an exportify.net CSV (UTF-8, comma-separated, quoted where needed).

    `rows` keeps each track's line across calls: a track is in several collections, so in as many files.
    """
    rows = {} if rows is None else rows
    lines = [_line([header for header, _ in EXPORTIFY_COLUMNS])]
    for track in tracks:
        line = rows.get(track.key)
        if line is None:
            line = rows[track.key] = _line([_cell(value(track)) for _, value in EXPORTIFY_COLUMNS])
        lines.append(line)
    return "".join(lines).encode("utf-8")


def _line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return str(value)
