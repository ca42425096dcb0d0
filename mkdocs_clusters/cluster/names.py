"""What a collection's clusters are called and what the page says of each: a short name, true words, the
genres, decades and artists that set it apart, its averages; or why the collection was not split.

A name is made of the cluster's two strongest true traits ("Slow acoustic") and what dominates it when
that stands out from the collection: a genre, a decade, an artist ("Slow acoustic · 1970s folk").
A cluster clustered by curation whose name says nothing of it but generic words ("Older", "Middle
ground"), and any name repeated on a page, is told apart by what stands out in it (`CURATED_ORDER`:
its artists, the other playlists it shares, when it was added); names are unique on a page and never
end in a bare number (`_unique`). Everything here is computed from the clusters, the tracks and the library's
distribution, so the same inputs give the same names. Only the words read the library's distribution:
`sketch` keeps the rest of a collection's description, and `words_for` finishes it against any distribution.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from mkdocs_clusters.cluster.clustering import TOO_ALIKE
from mkdocs_clusters.cluster.curation import Signals
from mkdocs_clusters.cluster.features import GENRE_PREFIX
from mkdocs_clusters.cluster.model import Clustering
from mkdocs_clusters.cluster.reference import Reference
from mkdocs_clusters.cluster.words import COMPARED, MARKS, RELATED, Summary, Trait, percent, phrase, plural, traits
from mkdocs_clusters.model import AUDIO_FEATURES, Track

#: a genre, decade or artist "stands out" in a cluster at this share of its tracks and this many times
#: its share of the collection ...
STAND_OUT_SHARE, STAND_OUT_LIFT = 0.25, 1.3
#: ... and names the cluster at these shares (genre, decade, artist)
NAME_SHARE = {"genre": 0.35, "decade": 0.5, "artist": 0.4, "playlist": 0.5, "added": 0.5}
#: what stands out, and how many of each kind at most
STAND_OUT_KINDS = (("genre", 2), ("decade", 1), ("artist", 2), ("playlist", 2), ("added", 1))
#: a cluster's release years (its 10th to 90th percentile) are said when they span at most this many
#: years, and less than this share of the collection's span
RELEASE_SPAN, RELEASE_SHARE = 10, 0.6
#: "mostly": the share of a cluster that the words' playlists or season hold
MOSTLY = 0.5
#: a cluster's artists are named when its three most frequent cover this share of its tracks
ARTISTS_SHARE = 0.3
#: what a cluster with no true word and nothing standing out is called
MIDDLE = "Middle ground"
#: the order in which what stands out in a cluster clustered by curation names it when its traits say
#: nothing distinctive (or collide): its artists are what a listener recognises first, then the other
#: playlists the person keeps it in, when they added it, its decade and genre (measured on the real
#: fixtures: docs/clustering.md, "Names and words")
CURATED_ORDER = ("artist", "playlist", "added", "decade", "genre")
#: the same for a cluster with audio features that has no true word ("Middle ground"): the order of
#: the names' own context
AUDIO_ORDER = ("genre", "decade", "artist", "playlist", "added")
#: the last resort of a name that nothing else tells apart from another on its page: the title of the
#: track nearest its centre (the first of its table), a word rather than a number
AROUND = "around"
#: and where even those titles are the same (tracks alike in everything a page shows), the second and
#: later clusters of the name are told by these words, in their order on the page
AGAIN = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")
AVERAGE = "close to the collection's average"
#: what a cluster with no true word is called when it does differ from the collection, in ways the
#: library calls ordinary (a label's louder half that is not loud for the library)
ORDINARY = "different from the rest here, but in ways ordinary for the whole library (see the bars)"
#: a cluster whose every average is within this many of the collection's standard deviations is average
NEAR_AVERAGE = 0.5


@dataclass(frozen=True)
class ClusterText:
    """What the page says of one cluster."""

    name: str
    #: its true words as a phrase, or AVERAGE
    words: str
    traits: tuple[Trait, ...]
    #: `62 % indie folk · 70 % from the 2010s`, or ""
    stands_out: str
    #: the cluster's average of each feature clustered on, in the feature's units (shares for marks)
    means: tuple[tuple[str, float], ...]
    #: the genres, decade and artists behind `stands_out`
    standouts: tuple[Standout, ...] = ()


@dataclass(frozen=True)
class Standout:
    """A genre, decade or artist over-represented in a cluster, with its share of the cluster."""

    kind: str
    name: str
    share: float

    def __str__(self) -> str:
        share = percent(self.share)
        if self.kind == "decade":
            return f"{share} from the {self.name}"
        if self.kind == "playlist":
            return f"{share} also in {self.name}"
        if self.kind == "added":
            return f"{share} added {self.name}"
        return f"{share} {self.name}"


@dataclass(frozen=True)
class Description:
    """The clusters' texts in the clustering's order, and the reason a collection was not split."""

    clusters: tuple[ClusterText, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class ClusterSketch:
    """What one cluster's text is made of that does not depend on the library's distribution."""

    #: the cluster's summary, compared with the collection's (and the library) for its words
    group: Summary
    #: the genres, decades, artists (playlists, seasons added) that stand out, and their line
    standouts: tuple[Standout, ...]
    stands_out: str
    #: the words of a cluster clustered by curation (which playlists, artists, years): () otherwise
    curated: tuple[str, ...]
    means: tuple[tuple[str, float], ...]
    #: the title of the track nearest the cluster's centre: a name's last resort (`AROUND`)
    nearest: str = ""


@dataclass(frozen=True)
class Sketch:
    """What a collection's description is made of, but for the library's distribution (`Reference`):
    `words_for` makes the description against any distribution from it, without reading the tracks
    again. Summaries and tuples only, small enough to keep one per collection between builds.

    `whole` summarises the collection's clustered tracks (of a collection without clusters: over the
    features dropped from clustering too, what `_reason` says of it), `size` counts them."""

    whole: Summary
    size: int
    #: one per cluster, in the clustering's order (none when the collection was not clustered)
    clusters: tuple[ClusterSketch, ...] = ()
    #: whether the collection was clustered by curation (its names then prefer `CURATED_ORDER`)
    curated: bool = False


def describe(
    clustering: Clustering,
    tracks: Sequence[Track],
    reference: Reference,
    memo: dict[str, TrackFacts] | None = None,
    signals: Signals | None = None,
) -> Description:
    """Names and words for `clustering` of the collection holding `tracks`; `memo` keeps the tracks'
    facts across the collections of a build. With `signals` (a collection clustered by curation), what
    stands out includes the other playlists its tracks are in and when they were added, and the words
    say which playlists, artists, release years and dates added a cluster is made of.

    The same as `words_for(sketch(clustering, tracks, memo, signals), clustering, reference)`: a build
    whose library distribution moved keeps the sketches and calls `words_for` alone."""
    return words_for(sketch(clustering, tracks, memo, signals), clustering, reference)


def sketch(
    clustering: Clustering,
    tracks: Sequence[Track],
    memo: dict[str, TrackFacts] | None = None,
    signals: Signals | None = None,
) -> Sketch:
    """Everything of `describe` that does not read the library's distribution: the summaries of the
    collection and of each cluster, what stands out in each, the curated words and the averages."""
    memo = {} if memo is None else memo
    without = set(clustering.without_features)
    members = {t.key: t for t in tracks}
    clustered = [members[k] for k in sorted(members) if k not in without]
    curated = signals if clustering.fallback or clustering.signals else None
    if not clustering.clusters:
        # features the same for every track were dropped from clustering, and are just what they share
        table = _Table(clustered, clustering.features + clustering.dropped_features, memo)
        return Sketch(table.summary(np.arange(len(clustered))), len(clustered))
    table = _Table(clustered, clustering.features, memo, curated)
    whole = table.summary(np.arange(len(clustered)))
    clusters = []
    for cluster in clustering.clusters:
        rows = table.rows(cluster.keys)
        group = table.summary(rows)
        parts = tuple(table.standing_out(rows))
        clusters.append(
            ClusterSketch(
                group=group,
                standouts=parts,
                stands_out=" · ".join(str(p) for p in parts if not (curated and _said_added(p))),
                curated=tuple(table.curated_words(rows, parts)) if curated else (),
                means=tuple(_means(group, clustering.features)),
                nearest=members[cluster.keys[0]].title if cluster.keys else "",
            )
        )
    return Sketch(whole, len(clustered), tuple(clusters), clustering.fallback or bool(clustering.signals))


def words_for(sketched: Sketch, clustering: Clustering, reference: Reference) -> Description:
    """The description of `clustering` from its sketch (`sketch`), against the library's distribution
    `reference`: each cluster's true words and name (unique on the page), or why it was not split."""
    if len(sketched.clusters) != len(clustering.clusters):
        raise ValueError(f"a sketch of {len(sketched.clusters)} clusters for {len(clustering.clusters)} clusters")
    if not clustering.clusters:
        return Description(reason=_reason(clustering, sketched.whole, reference, sketched.size))
    texts = []
    order = CURATED_ORDER if sketched.curated else AUDIO_ORDER
    for cluster, part in zip(clustering.clusters, sketched.clusters, strict=True):
        found = traits(part.group, sketched.whole, reference)
        said = "; ".join(p for p in (phrase(found), *part.curated) if p)
        texts.append(
            ClusterText(
                name=_telling(found, part.standouts, order, sketched.curated, 2),
                words=said or _without_words(cluster.profile),
                traits=tuple(found),
                stands_out=part.stands_out,
                means=part.means,
                standouts=part.standouts,
            )
        )
    profiles = [cluster.profile for cluster in clustering.clusters]
    return Description(tuple(_unique(texts, sketched, order, profiles)))


def _without_words(profile: Mapping[str, float]) -> str:
    """What a cluster without a true word is: close to the collection's average, or unlike it only in
    ways the library finds ordinary (saying "average" of a cluster a standard deviation louder was false)."""
    return AVERAGE if max((abs(z) for z in profile.values()), default=0.0) < NEAR_AVERAGE else ORDINARY


#: the features a track's facts hold, in order (`TrackFacts.values`)
_FACT_FEATURES: tuple[str, ...] = (*AUDIO_FEATURES, "release_year", "popularity", "duration", "explicit", "added")
_FACT_INDEX = {name: i for i, name in enumerate(_FACT_FEATURES)}
_TEMPO = _FACT_INDEX["tempo"]


@dataclass(frozen=True)
class TrackFacts:
    """What names and words read of a track, once a build: its feature values (NaN where unknown),
    its genres (as written, and casefolded), its decade and its artists."""

    values: NDArray[np.float64]
    genres: tuple[str, ...]
    folded: frozenset[str]
    decade: tuple[str, ...]
    artists: tuple[str, ...]


def facts_of(track: Track, memo: dict[str, TrackFacts] | None = None) -> TrackFacts:
    """A track's facts, from `memo` when a build already read them (tracks are in several collections).

    The values are read as `reference.raw_value` reads them (unknown, non-finite or a tempo of 0 is
    NaN), in one pass: this runs for every track of every collection."""
    remembered = f"{track.key}\n{track.added_at}"  # a track holds the date its playlist added it
    if memo is not None and remembered in memo:
        return memo[remembered]
    year = track.release_year
    duration = track.duration_ms / 1000 if track.duration_ms and track.duration_ms > 0 else math.nan
    explicit = math.nan if track.explicit is None else float(track.explicit)
    added = track.added_year
    values = np.array(
        [track.features.get(name, math.nan) for name in AUDIO_FEATURES]
        + [math.nan if year is None else float(year), float(track.popularity or math.nan), duration, explicit]
        + [math.nan if added is None else added],
        dtype=np.float64,
    )
    values[~np.isfinite(values)] = math.nan
    if values[_TEMPO] <= 0:
        values[_TEMPO] = math.nan
    facts = TrackFacts(
        values,
        tuple(dict.fromkeys(track.genres)),
        frozenset(g.casefold() for g in track.genres),
        () if year is None else (f"{year // 10 * 10}s",),
        tuple(dict.fromkeys(track.artists)),
    )
    if memo is not None:
        memo[remembered] = facts
    return facts


class _Table:
    """A collection's clustered tracks as a matrix, read once: each feature's values (NaN where
    missing; a genre as 1 or 0, NaN for a track without genres), and each track's genres, decade and
    artists with the collection's counts of them, so that every cluster is summarised by indexing."""

    def __init__(
        self,
        tracks: Sequence[Track],
        features: Sequence[str],
        memo: dict[str, TrackFacts],
        signals: Signals | None = None,
    ) -> None:
        self.index = {t.key: i for i, t in enumerate(tracks)}
        facts = [facts_of(t, memo) for t in tracks]
        self.features = tuple(features)
        values = np.array([f.values for f in facts]).reshape(len(facts), len(_FACT_FEATURES))
        columns = []
        for name in self.features:
            if name.startswith(GENRE_PREFIX):
                genre = name[len(GENRE_PREFIX) :]
                columns.append([float(genre in f.folded) if f.genres else math.nan for f in facts])
            else:
                columns.append(values[:, _FACT_INDEX[name]].tolist())
        self.matrix = np.array(columns, dtype=np.float64).T.reshape(len(facts), len(self.features))
        self.tempo = self.features.index("tempo") if "tempo" in self.features else -1
        # tempo's mean is geometric: averaged on a log scale
        self.logs = np.log2(self.matrix[:, self.tempo]) if self.tempo >= 0 else np.zeros(0)
        self.kinds = {
            "genre": _Members([f.genres for f in facts]),
            "decade": _Members([f.decade for f in facts]),
            "artist": _Members([f.artists for f in facts]),
        }
        self.years = values[:, _FACT_INDEX["release_year"]]
        if signals is not None and signals.curation is not None:
            curation = signals.curation
            self.kinds["playlist"] = _Members([curation.also_in(t.key, signals.own) for t in tracks], every=True)
        if signals is not None:
            self.kinds["added"] = _Members([season(t.added_year) for t in tracks])
        everything = np.arange(len(facts))
        self.base = {kind: members.count(everything) for kind, members in self.kinds.items()}

    def rows(self, keys: Iterable[str]) -> NDArray[np.int64]:
        return np.array([self.index[k] for k in keys], dtype=np.int64)

    def summary(self, rows: NDArray[np.int64]) -> Summary:
        """Means, spreads and mark shares of the features over `rows`, all features at once."""
        sub = self.matrix[rows]
        known = ~np.isnan(sub)
        counts = known.sum(axis=0)
        present = np.maximum(counts, 1)
        filled = np.where(known, sub, 0.0)
        means = filled.sum(axis=0) / present
        spreads = np.sqrt((np.where(known, sub - means, 0.0) ** 2).sum(axis=0) / present)
        centre = means.tolist()
        if self.tempo >= 0 and counts[self.tempo]:
            logs = self.logs[rows]
            centre[self.tempo] = float(2 ** logs[~np.isnan(logs)].mean())
        averages: dict[str, float] = {}
        deviations: dict[str, float] = {}
        shares: dict[str, float] = {}
        for j, name in enumerate(self.features):
            if not counts[j]:
                continue
            if name.startswith(GENRE_PREFIX):
                shares[name] = float(means[j])
                continue
            averages[name], deviations[name] = centre[j], float(spreads[j])
            if name in MARKS:
                shares[name] = float((filled[:, j] >= MARKS[name].mark).sum() / counts[j])
        return Summary(averages, deviations, shares)

    def standing_out(self, rows: NDArray[np.int64]) -> list[Standout]:
        """Each genre, decade and artist that stands out in `rows`, biggest share first within its kind:
        at most two genres, one decade, two artists."""
        parts: list[Standout] = []
        for kind, limit in STAND_OUT_KINDS:
            members = self.kinds.get(kind)
            if members is None:
                continue
            counts, total = members.count(rows)
            base, base_total = self.base[kind]
            if not total or not base_total:
                continue
            shares = counts / total
            standing = (shares >= STAND_OUT_SHARE) & (shares >= STAND_OUT_LIFT * base / base_total)
            found = sorted((-float(shares[i]), members.names[i]) for i in np.flatnonzero(standing))
            parts += [Standout(kind, value, -share) for share, value in found[:limit]]
        return parts

    def curated_words(self, rows: NDArray[np.int64], parts: Sequence[Standout]) -> Iterable[str]:
        """What a cluster clustered by curation is made of, in words: the other playlists that hold most
        of it, the artists behind much of it, its release years, when most of it was added."""
        shared = [p.name for p in parts if p.kind == "playlist"]
        if shared:
            members = self.kinds["playlist"]
            codes = [members.names.index(name) for name in shared]
            if members.share_with_any(rows, codes) >= MOSTLY:
                yield f"mostly tracks you also keep in {_and(shared, 'or')}"
        artists = self.kinds["artist"]
        counts, _ = artists.count(rows)
        top = [int(i) for i in np.argsort(-counts, kind="stable")[:3] if counts[i] >= 2]
        share = artists.share_with_any(rows, top) if top else 0.0
        if share >= ARTISTS_SHARE:
            yield f"{percent(share)} by {_and([artists.names[i] for i in top])}"
        years = self.years[rows]
        years, everything = years[~np.isnan(years)], self.years[~np.isnan(self.years)]
        if len(years) >= 2:
            low, high = (round(float(v)) for v in np.percentile(years, [10, 90]))
            whole = float(np.subtract(*np.percentile(everything, [90, 10])))
            if high - low <= RELEASE_SPAN and high - low < RELEASE_SHARE * whole:
                yield f"released {low}" if low == high else f"released {low}–{high}"
        added = [p for p in parts if _said_added(p)]
        if added:
            yield f"{percent(added[0].share)} added {added[0].name}"


def _said_added(part: Standout) -> bool:
    """Whether the words say when a cluster was added (most of it in one season): then the line of
    what stands out need not say it again."""
    return part.kind == "added" and part.share >= MOSTLY


#: English month names, short, for the seasons tracks were added in
#: months as names and pages say them ("Mar–May 2021", "from Apr 2018 to Jul 2020")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def season(added: float | None) -> tuple[str, ...]:
    """The three months a date falls in (December to February, March to May, ...), as `Mar–May 2021` or
    `Dec 2020–Feb 2021`: the listening era a track was added in, named without a hemisphere."""
    if added is None:
        return ()
    year, month = int(added), min(11, int((added % 1) * 12 + 1e-9))
    start = month - (month + 1) % 3  # 0-based month that opens its three
    first_year = year if start >= 0 else year - 1
    start %= 12
    last, last_year = (start + 2) % 12, first_year + (start + 2) // 12
    if first_year == last_year:
        return (f"{MONTHS[start]}–{MONTHS[last]} {first_year}",)
    return (f"{MONTHS[start]} {first_year}–{MONTHS[last]} {last_year}",)


def _and(names: Sequence[str], word: str = "and") -> str:
    """`A`, `A and B`, `A, B and C` (or `A or B`)."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


class _Members:
    """Which tracks have which values of one kind (genres, decade, artists), as parallel arrays of
    (track row, value code), so that a cluster's counts are one `bincount` over its rows."""

    def __init__(self, values: Sequence[tuple[str, ...]], every: bool = False) -> None:
        """`every`: shares are of all tracks (a track in no other playlist is a track not "also in"
        one), not only of those with a value (a track without genres says nothing of genres)."""
        codes: dict[str, int] = {}
        rows, cols = [], []
        for row, names in enumerate(values):
            for name in names:
                rows.append(row)
                cols.append(codes.setdefault(name, len(codes)))
        self.names = list(codes)
        self.rows = np.array(rows, dtype=np.int64)
        self.codes = np.array(cols, dtype=np.int64)
        self.has_any = np.array([every or bool(names) for names in values], dtype=bool)

    def count(self, rows: NDArray[np.int64]) -> tuple[NDArray[np.int64], int]:
        """How many of `rows` have each value, and how many have any (a track without genres says
        nothing of genres)."""
        chosen = np.zeros(len(self.has_any), dtype=bool)
        chosen[rows] = True
        counts = np.bincount(self.codes[chosen[self.rows]], minlength=len(self.names))
        return counts, int(self.has_any[rows].sum())

    def share_with_any(self, rows: NDArray[np.int64], codes: Sequence[int]) -> float:
        """The share of `rows` that have any of the values `codes`."""
        chosen = np.zeros(len(self.has_any), dtype=bool)
        chosen[rows] = True
        hits = chosen[self.rows] & np.isin(self.codes, codes)
        return len(np.unique(self.rows[hits])) / max(len(rows), 1)


def _means(group: Summary, features: Sequence[str]) -> Iterable[tuple[str, float]]:
    for name in features:
        value = group.shares.get(name) if name.startswith(GENRE_PREFIX) else group.means.get(name)
        if value is not None:
            yield name, round(value, 4)


def _reason(clustering: Clustering, whole: Summary, reference: Reference, n: int) -> str:
    """Why the collection shows no clusters, in plain words."""
    if not clustering.reason.startswith(TOO_ALIKE):
        return clustering.reason
    found = traits(whole, None, reference)
    what = f"together they are {phrase(found)}" if found else "they sit near the middle of the library"
    return f"These {plural(n, 'track')} are too alike to split into groups: {what}."


def _name(found: Sequence[Trait], parts: Sequence[Standout], words: int) -> str:
    """`Slow acoustic · 1970s folk`: up to `words` traits, then the dominant genre (with its decade),
    decade, artist, other playlist (`also in Road Trip`) or season added (`added Mar–May 2021`)."""
    shorts = [t.short for t in _distinct(found) if t.short][:words]
    if not shorts and found:  # a true word without a short form ("hard to dance to") is no middle ground
        shorts = [found[0].text]
    head = " ".join([shorts[0]] + [s[:1].lower() + s[1:] for s in shorts[1:]]) if shorts else ""
    top: dict[str, str] = {}
    for part in parts:
        if part.share >= NAME_SHARE[part.kind]:
            top.setdefault(part.kind, part.name)
    if "genre" in top:
        context = f"{top['decade']} {top['genre']}" if "decade" in top else top["genre"]
    elif "decade" in top or "artist" in top:
        context = top.get("decade") or top.get("artist") or ""
        context = context if head else f"mostly {context}"
    elif "playlist" in top:
        context = f"also in {top['playlist']}"
    else:  # "Recent adds · added Mar–May 2021" says it twice
        context = f"added {top['added']}" if "added" in top and not head else ""
    name = " · ".join(p for p in (head, context) if p)
    return name[:1].upper() + name[1:] if name else MIDDLE


def _distinct(found: Sequence[Trait]) -> list[Trait]:
    """Traits for a name: one that only restates a stronger one ("quiet" after "calm": energy and loudness
    move together) is left to the words."""
    kept: list[Trait] = []
    for trait in found:
        if not any(tuple(sorted((trait.feature, other.feature))) in RELATED for other in kept):
            kept.append(trait)
    return kept


def _telling(found: Sequence[Trait], parts: Sequence[Standout], order: Sequence[str], curated: bool, words: int) -> str:
    """A cluster's name (`_name`), unless it says nothing of the cluster but generic words: "Middle
    ground", or (clustered by curation) traits alone, "Older", "Popular", which several clusters of a
    page share. Those take the first fact in `order` that stands out in the cluster ("Older · also in
    reggae", "Sisters of Mercy & The Cure")."""
    name = _name(found, parts, words)
    if name != MIDDLE and not (curated and not _context(parts)):
        return name
    facts = _facts(parts, order)
    if not facts:
        return name
    head = _name(found, (), words)
    # by curation, the fact is the name ("Sisters of Mercy and The Cure"); with audio features the
    # cluster's sound is near the middle, and says so ("Middle ground · 2000s")
    return _joined("" if curated and head == MIDDLE else head, facts[0])


def _context(parts: Sequence[Standout]) -> bool:
    """Whether `_name` found something that dominates the cluster (a genre, decade, artist, playlist or
    season at its `NAME_SHARE`)."""
    return any(part.share >= NAME_SHARE[part.kind] for part in parts)


def _facts(parts: Sequence[Standout], order: Sequence[str]) -> list[str]:
    """What stands out in a cluster as short phrases for names, one per kind, in `order`: its artists
    (`Sisters of Mercy and The Cure`), the other playlists its tracks share (`also in reggae and auto`),
    the season it was added (`added Jun–Aug 2020`), its decade, its genres. Each is on the cluster's
    *Stands out* line (or, for the season, in its words), so the name agrees with the page."""
    facts = []
    for kind in order:
        names = [p.name for p in parts if p.kind == kind]
        if not names:
            continue
        joined = " and ".join(names)  # "&" is in names: "Simon & Garfunkel", "andreea & sebastian"
        facts.append({"playlist": f"also in {joined}", "added": f"added {names[0]}"}.get(kind, joined))
    return facts


def _compared(text: ClusterText, profile: Mapping[str, float]) -> list[str]:
    """How a cluster's averages compare with its collection's, biggest difference first (`slower`,
    `older`): what its bars show, for names that its words cannot tell apart. Features its traits name
    are left out (a "Slow" cluster is "slower" already)."""
    said = {t.feature for t in text.traits}
    ranked = sorted((-abs(z), name) for name, z in profile.items() if name in COMPARED and name not in said and z)
    return [COMPARED[name][0 if profile[name] > 0 else 1] for _, name in ranked]


def _joined(*pieces: str) -> str:
    """Pieces of a name joined by ` · `, the first letter capitalised."""
    name = " · ".join(p for p in pieces if p)
    return name[:1].upper() + name[1:]


_NAME_WORD = re.compile(r"[^\W_]+")


def _words(name: str) -> frozenset[str]:
    """What a name says, for telling names apart: its words in any order, since "Happy loud" and "Loud
    happy" say the same to a reader."""
    return frozenset(_NAME_WORD.findall(name.casefold()))


def _unique(
    texts: list[ClusterText], sketched: Sketch, order: Sequence[str], profiles: Sequence[Mapping[str, float]]
) -> list[ClusterText]:
    """Names made unique on the page, never by a bare number: a repeated name takes a third trait, then
    one by one the facts that stand out in its cluster and are not in it yet (`_facts`), then how it
    compares with the rest of the collection (`_compared`), and only where nothing differs, the track
    nearest its centre (`AROUND`)."""
    names = [t.name for t in texts]
    counts = Counter(map(_words, names))
    curated = sketched.curated
    names = [
        _telling(t.traits, t.standouts, order, curated, 3) if counts[_words(n)] > 1 else n
        for t, n in zip(texts, names, strict=True)
    ]
    pending = [_facts(t.standouts, order) + _compared(t, p) for t, p in zip(texts, profiles, strict=True)]
    while True:
        counts = Counter(map(_words, names))
        repeated = [i for i, n in enumerate(names) if counts[_words(n)] > 1]
        if not repeated:
            return [replace(t, name=n) for t, n in zip(texts, names, strict=True)]
        moved = False
        for i in repeated:
            while pending[i] and pending[i][0].casefold() in names[i].casefold():
                pending[i].pop(0)
            if pending[i]:
                names[i] = _joined(names[i], pending[i].pop(0))
                moved = True
        if moved:
            continue
        for i in repeated:
            nearest = sketched.clusters[i].nearest
            if nearest:
                names[i] = _joined(names[i], f"{AROUND} “{nearest}”")
        seen: Counter[frozenset[str]] = Counter()
        for i in range(len(names)):
            seen[_words(names[i])] += 1
            if (again := seen[_words(names[i])]) > 1:
                names[i] = f"{names[i]}, {AGAIN[min(again, len(AGAIN) + 1) - 2]}"
        return [replace(t, name=n) for t, n in zip(texts, names, strict=True)]
