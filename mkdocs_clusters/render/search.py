"""What the generated pages give a site's search: their words, not their tables; and each track by name.

A search index built from whole pages was mostly table cells and profile numbers (11 MB for a 12,000-track
library, "danceability-0.3energy+0.5..." as snippets), and a track's name found every page whose text held
one of its words before the pages that hold the track. So the pages mark what a search should skip (the
track tables, profile bars, the picture's data, the downloads) between two comments, the MkDocs adapter hands
the search plugin the page without those parts, and each playlist gives one search entry per track instead:
the track's name as the entry's title, its artists as the text, and its row (`row_id`) as the place, so that
a result lands on the row (tables.js opens its fold and highlights it).

Per-track entries come from playlists only: the playlists are what the person made, a track is in one or two
of them, and entries from every genre, label and artist page as well would make the index bigger than the one
this replaces. Artist, genre and label pages are still found by their names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mkdocs_clusters.model import Track
from mkdocs_clusters.render.html import visible

#: around parts of a page that a site search should not index (see `unsearched`)
SEARCH_OFF = "<!-- clusters:search-off -->"
SEARCH_ON = "<!-- clusters:search-on -->"
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class TrackEntry:
    """One search entry for a track on a page: the row's id, and title and text as plain text (MkDocs'
    search indexes text and its theme escapes it when showing a result; Material's indexes and shows
    HTML, so the adapter escapes for it)."""

    anchor: str
    title: str
    text: str


def unsearched(html: str) -> str:
    """HTML that stays on the page but out of the search index."""
    return f"{SEARCH_OFF}\n{html}\n{SEARCH_ON}"


def searchable(html: str) -> str:
    """A page's HTML as the search should read it: without the parts marked by `unsearched` (found with
    `str.find`: a regular expression took seconds over a big library's pages)."""
    parts = html.split(SEARCH_OFF)
    kept = [parts[0]]
    for part in parts[1:]:
        end = part.find(SEARCH_ON)
        kept.append(part[end + len(SEARCH_ON) :] if end >= 0 else part)
    return "".join(kept)


def row_ids(keys: Iterable[str]) -> dict[str, str]:
    """The id of each track's row, the same on every page of the library (a link to a row can be shared):
    `t-` and the first six characters of the track's id (Spotify ids are random, so six tell apart the
    tracks of any library but a rare pair; each search entry carries its id, so short ones keep the
    index small), the whole key where two tracks of the library share those six, and a number where
    even that is taken. Valid in a fragment and as a CSS identifier (`local:` keys hold a colon)."""
    ordered = sorted(keys)
    counts = Counter(_short(key) for key in ordered)
    ids: dict[str, str] = {}
    used: set[str] = set()
    for key in ordered:
        short = _short(key)
        base = "t-" + (short if counts[short] == 1 else _NOT_IN_ID.sub("-", key))
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        ids[key] = candidate
    return ids


def _short(key: str) -> str:
    return _NOT_IN_ID.sub("-", key.rsplit(":", 1)[-1])[:6]


def track_entries(tracks: Iterable[Track], ids: Mapping[str, str]) -> tuple[TrackEntry, ...]:
    """A search entry for each track, in the given order, each track once (`ids`: see `row_ids`)."""
    seen: set[str] = set()
    entries = []
    for track in tracks:
        if track.key not in seen:
            seen.add(track.key)
            entries.append(TrackEntry(ids[track.key], visible(track.title), visible(", ".join(track.artists))))
    return tuple(entries)
