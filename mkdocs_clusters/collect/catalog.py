"""Collections of the library: playlists, genres, record labels and artists, each with a unique slug.

A genre, label or artist gets a collection (and so pages) only with at least `min_tracks` tracks; the
catalog also records which artist and label names have pages, so that tables link exactly to those.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mkdocs_clusters.collect.slugs import SlugAllocator
from mkdocs_clusters.model import Library, Track

#: The kinds of collection, in the order the site lists them.
KINDS: tuple[str, ...] = ("playlists", "genres", "labels", "artists")
KIND_TITLES: dict[str, str] = {
    "playlists": "Playlists",
    "genres": "Genres",
    "labels": "Labels",
    "artists": "Artists",
}
KIND_SINGULAR: dict[str, str] = {
    "playlists": "playlist",
    "genres": "genre",
    "labels": "record label",
    "artists": "artist",
}


@dataclass(frozen=True)
class Collection:
    """A named set of tracks that gets its own pages."""

    kind: str
    name: str
    slug: str
    #: each track once, in the order the collection first holds it
    track_keys: tuple[str, ...]
    #: a playlist's entries in its order where it holds a track more than once (its download keeps them
    #: all); empty where each track is there once, as `track_keys` then are its entries
    entries: tuple[str, ...] = ()

    @property
    def entry_keys(self) -> tuple[str, ...]:
        """Every entry's track in the collection's order, a track kept twice there twice."""
        return self.entries or self.track_keys

    @property
    def path(self) -> str:
        """The collection's folder in the site, relative to the plugin's root: `playlists/alt-pop`."""
        return f"{self.kind}/{self.slug}"


@dataclass
class Catalog:
    """All collections, plus the lookups that decide where a name in a table links to."""

    collections: list[Collection] = field(default_factory=list)
    #: the fewest tracks that give a genre, label or artist its collection
    min_tracks: int = 1
    #: how many genres, labels and artists the library names, with a collection or not (a library of 1,067
    #: labels may have pages for 159: the pages say so)
    named: dict[str, int] = field(default_factory=dict)
    #: folded artist name -> the artist's collection
    artists: dict[str, Collection] = field(default_factory=dict)
    #: folded label name -> the label's collection
    labels: dict[str, Collection] = field(default_factory=dict)
    #: folded genre name -> the genre's collection
    genres: dict[str, Collection] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Collection]:
        """The collections of one kind, in site order."""
        return [c for c in self.collections if c.kind == kind]


def fold(name: str) -> str:
    """The form under which two spellings of a genre, label or artist count as one."""
    return " ".join(name.split()).casefold()


def build_catalog(library: Library, min_tracks: int) -> Catalog:
    """Every playlist, and every genre, label and artist with at least `min_tracks` tracks."""
    catalog = Catalog(min_tracks=min_tracks)
    slugs = SlugAllocator()
    for playlist in sorted(library.playlists, key=lambda p: (fold(p.name), p.name, p.source)):
        keys = tuple(dict.fromkeys(playlist.track_keys))
        entries = tuple(playlist.track_keys) if len(keys) < len(playlist.track_keys) else ()
        catalog.collections.append(Collection("playlists", playlist.name, slugs.allocate(playlist.name), keys, entries))
    tracks = sorted(library.tracks.values(), key=lambda t: t.key)
    for kind, names_of in (
        ("genres", lambda t: t.genres),
        ("labels", lambda t: t.labels),
        ("artists", lambda t: t.artists),
    ):
        groups, catalog.named[kind] = _group(tracks, names_of, min_tracks)
        slugs = SlugAllocator()
        for name, keys in groups:
            collection = Collection(kind, name, slugs.allocate(name), keys)
            catalog.collections.append(collection)
            {"artists": catalog.artists, "labels": catalog.labels, "genres": catalog.genres}[kind][fold(name)] = (
                collection
            )
    return catalog


def _group(
    tracks: Iterable[Track], names_of: Callable[[Track], tuple[str, ...]], min_tracks: int
) -> tuple[list[tuple[str, tuple[str, ...]]], int]:
    """(display name, track keys) per folded name with enough tracks, sorted by name; and how many
    folded names there are in all.

    The display name is the spelling most tracks use (ties: the alphabetically first).
    """
    keys: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for track in tracks:
        for name in dict.fromkeys(names_of(track)):
            folded = fold(name)
            if not folded:
                continue
            if not keys[folded] or keys[folded][-1] != track.key:
                keys[folded].append(track.key)
            spellings[folded][name] += 1
    groups = []
    for folded, members in keys.items():
        if len(members) >= min_tracks:
            display = min(spellings[folded].items(), key=lambda item: (-item[1], item[0]))[0]
            groups.append((display, tuple(members)))
    groups.sort(key=lambda g: (fold(g[0]), g[0]))
    return groups, len(keys)
