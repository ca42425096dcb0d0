"""Column names of the export formats, mapped to the fields the reader fills.

Column names are facts of each exporter's format; they are listed here once so that the reader
recognises a file by what its header says rather than by which exporter wrote it.
"""

from __future__ import annotations

import json
from importlib.resources import files

from mkdocs_clusters.model import AUDIO_FEATURES, CATEGORICAL_FEATURES


def normalise_header(name: str) -> str:
    """A header cell as compared: no BOM, white space (the TABs of 2024 exports) folded, case folded."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


_ALIASES: dict[str, tuple[str, ...]] = {
    "uri": ("Track URI", "Track-URI"),
    "id": ("Spotify ID", "Track ID", "id"),
    "title": ("Track Name", "Track-Name", "Name", "Title"),
    "album": ("Album Name", "Album-Name", "Album"),
    "artists": ("Artist Name(s)", "Künstlername(n)", "Artist(s)", "Artists", "Artist"),
    "artist_ids": ("Artist IDs", "Artist URI(s)", "Künstler-URI(s)"),
    "release_date": (
        "Release Date",
        "Album Release Date",
        "Veröffentlichungsdatum des Albums",
    ),
    "duration_ms": ("Duration (ms)", "Track Duration (ms)", "Track-Dauer (ms)"),
    "popularity": ("Popularity", "Beliebtheit"),
    "explicit": ("Explicit", "Explizit"),
    "added_at": ("Added At", "Hinzugefügt am"),
    "genres": ("Genres", "Artist Genres"),
    "label": ("Record Label", "Label"),
    "art_url": ("Album Image URL", "Album-Bild-URL"),
    "isrc": ("ISRC",),
    "playlists": ("playlists", "Playlist(s)"),
    "liked": ("liked",),
}

#: The dialect name of the project's own single-file format (a `playlists` column).
OWN_FORMAT = "mkdocs-clusters library"
#: the project's own single-file format names its columns after the fields (docs/formats.md)
for _field in (
    "uri",
    "title",
    "album",
    "artists",
    "release_date",
    "duration_ms",
    "popularity",
    "explicit",
    "added_at",
    "genres",
    "art_url",
    "isrc",
):
    _ALIASES[_field] = (*_ALIASES[_field], _field)
_ALIASES["id"] = (*_ALIASES["id"], "track_id")
_ALIASES["label"] = (*_ALIASES["label"], "labels")
for _feature in (*AUDIO_FEATURES, *CATEGORICAL_FEATURES):
    _ALIASES[_feature] = (_feature, f"{_feature} Rating", _feature.replace("_", " "))

#: Columns the formats have that no page shows; they are not offered as extra columns.
_UNUSED = (
    "Added By",
    "Hinzugefügt von",
    "Album URI",
    "Album-URI",
    "Album Artist URI(s)",
    "Album-Künstler-URI(s)",
    "Album Artist Name(s)",
    "Album-Künstlername(n)",
    "Disc Number",
    "Disc-Nummer",
    "Track Number",
    "Track-Nummer",
    "Track Preview URL",
    "Track-Vorschau-URL",
    "Album Genres",
    "Copyrights",
)

#: watsonbox translation keys -> field; keys not named here are columns no page shows
_WATSONBOX_KEYS = {
    "track_uri": "uri",
    "track_name": "title",
    "artist_uris": "artist_ids",
    "artist_names": "artists",
    "album_name": "album",
    "album_release_date": "release_date",
    "album_image_url": "art_url",
    "track_duration": "duration_ms",
    "explicit": "explicit",
    "popularity": "popularity",
    "isrc": "isrc",
    "added_at": "added_at",
    "album.label": "label",
    "artist.artist_genres": "genres",
    **{f"audio_features.{f}": f for f in (*AUDIO_FEATURES, *CATEGORICAL_FEATURES)},
}


def _watsonbox_headers() -> dict[str, str]:
    """Every language's header of the watsonbox exporter (it ships 15), from the packaged table."""
    table = json.loads((files(__package__) / "watsonbox_headers.json").read_text(encoding="utf-8"))
    headers: dict[str, str] = {}
    for language in table["languages"].values():
        for key, header in language.items():
            headers[normalise_header(header)] = _WATSONBOX_KEYS.get(key, "unused")
    return headers


#: normalised header cell -> field name
HEADER_FIELDS: dict[str, str] = {
    normalise_header(alias): name for name, aliases in _ALIASES.items() for alias in aliases
}
HEADER_FIELDS.update({normalise_header(c): "unused" for c in _UNUSED})
for _header, _field in _watsonbox_headers().items():
    HEADER_FIELDS.setdefault(_header, _field)


def detect_dialect(fields: set[str], raw_header: list[str]) -> str:
    """Name the exporter dialect from the fields a header maps to (shown in reports and `inspect`)."""
    cells = {normalise_header(c) for c in raw_header}
    if "playlists" in fields:
        return OWN_FORMAT
    if "artist_ids" in fields and "uri" in fields:
        has_features = any(f in fields for f in AUDIO_FEATURES)
        return "watsonbox full" if has_features or "album genres" in cells else "watsonbox basic"
    if "spotify id" in cells:
        return "exportify.net 2022"
    if "track id" in cells and any("\t" in c for c in raw_header):
        return "exportify.net 2024"
    if "uri" in fields:
        return "exportify.net 2025+"
    if "track id" in cells and "label" in fields:
        return "exportify.net 2024"
    return "home-made"


#: The type a field's value must have in a JSON or Parquet record of the own format (docs/formats.md):
#: "text" (a string; a date from Parquet), "number" (a number, or text as a CSV cell holds it), "boolean"
#: (true/false, 0/1, or text), "list" (a list of names, or text joined as in a CSV cell). Other columns
#: take any value (lists and objects are kept as JSON text).
FIELD_KINDS: dict[str, str] = {
    **dict.fromkeys(("uri", "id", "title", "album", "release_date", "art_url", "added_at", "isrc"), "text"),
    **dict.fromkeys(("duration_ms", "popularity", *AUDIO_FEATURES, *CATEGORICAL_FEATURES), "number"),
    **dict.fromkeys(("explicit", "liked"), "boolean"),
    **dict.fromkeys(("artists", "artist_ids", "genres", "label", "playlists"), "list"),
}
