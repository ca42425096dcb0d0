"""What the generated pages give a site's search: their words, not their tables; and each track once.

A search index built from whole pages was mostly table cells and profile numbers (11 MB for a 12,000-track
library, "danceability-0.3energy+0.5..." as snippets), and a track's name found every page whose text held
one of its words before the pages that hold the track. So the pages mark what a search should skip (the
track tables, profile bars, the picture's data, the downloads) between two comments, the MkDocs adapter hands
the search plugin the page without those parts, and the site gives one search entry per track instead: the
track's name as the entry's title; as its text, its artists and the playlists that hold it, each with the
name of the track's cluster there; and as its place, its row (`row_id`) on the page of its first playlist,
so that a result lands on the row (tables.js opens its fold and highlights it).

One entry per track, not one per page that holds it: a track kept in 65 playlists gave 65 results that
each said only "Clusters in ...", and entries from every page made the index the bulk of what a phone
loads. The first playlist is the first by name, the liked list (Liked Songs, often most of the library)
last, so a liked track lands in a playlist the person put it in, where its row shows the heart. Genres,
labels and artists are not listed: the artists are named already, and a genre or label in every entry
would make a search for it list each of its tracks; their pages are found by their names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mkdocs_clusters.cluster.words import plural
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
    """A page's HTML as the search should read it: without the parts marked by `unsearched`, which may
    hold marked parts of their own (found with `str.find`: a regular expression took seconds over a big
    library's pages)."""
    kept: list[str] = []
    depth = at = 0
    while True:
        off, on = html.find(SEARCH_OFF, at), html.find(SEARCH_ON, at)
        if off < 0 and on < 0:
            break
        mark, opens = (off, True) if off >= 0 and (on < 0 or off < on) else (on, False)
        if depth == 0:
            kept.append(html[at:mark])
        depth = depth + 1 if opens else max(depth - 1, 0)
        at = mark + len(SEARCH_OFF if opens else SEARCH_ON)
    if depth == 0:
        kept.append(html[at:])
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


#: the playlists a track's entry names before "and N more playlists" (a track may be in dozens)
LISTED = 4


@dataclass(frozen=True)
class Holder:
    """A playlist as the track entries see it: its page (source path), its name, whether it is the liked
    list, and the name of each of its tracks' clusters ("" for a track it did not cluster)."""

    page: str
    name: str
    liked: bool
    clusters: Mapping[str, str]


def track_entries(
    tracks: Mapping[str, Track], holders: Sequence[Holder], ids: Mapping[str, str]
) -> dict[str, tuple[TrackEntry, ...]]:
    """One search entry per track that a playlist holds, by the page it lands on (see the module's
    docstring), each page's entries in the order of the track keys (`ids`: see `row_ids`)."""
    held: dict[str, list[Holder]] = {}
    for holder in sorted(holders, key=lambda h: h.liked):  # stable: the liked list after the others
        for key in holder.clusters:
            held.setdefault(key, []).append(holder)
    entries: dict[str, list[TrackEntry]] = {}
    for key in sorted(held):
        track, places = tracks[key], held[key]
        entries.setdefault(places[0].page, []).append(
            TrackEntry(ids[key], visible(track.title), visible(_text(track, key, places)))
        )
    return {page: tuple(listed) for page, listed in entries.items()}


def _text(track: Track, key: str, places: Sequence[Holder]) -> str:
    """`Artist · in Road Trip (Loud happy), Sixties (Mellow) and 3 more playlists`."""
    named = [f"{h.name} ({h.clusters[key]})" if h.clusters[key] else h.name for h in places[:LISTED]]
    rest = len(places) - len(named)
    listing = ", ".join(named) + (f" and {plural(rest, 'more playlist')}" if rest else "")
    artists = ", ".join(track.artists)
    return f"{artists} · in {listing}" if artists else f"in {listing}"
