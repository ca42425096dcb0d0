"""What a collection's clusters are called and what the page says of each: a short name, true words, the
genres, decades and artists that set it apart, its averages; or why the collection was not split.

A name is made of the cluster's two strongest true traits ("Slow acoustic") and what dominates it when
that stands out from the collection: a genre, a decade, an artist ("Slow acoustic · 1970s folk").
Names are unique on a page. Everything here is computed from the clusters, the tracks and the library's
distribution, so the same inputs give the same names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from mkdocs_clusters.cluster.clustering import TOO_ALIKE
from mkdocs_clusters.cluster.features import GENRE_PREFIX
from mkdocs_clusters.cluster.model import Clustering
from mkdocs_clusters.cluster.reference import Reference, raw_value
from mkdocs_clusters.cluster.words import MARKS, RELATED, Summary, Trait, percent, phrase, plural, traits
from mkdocs_clusters.model import Track

#: a genre, decade or artist "stands out" in a cluster at this share of its tracks and this many times
#: its share of the collection ...
STAND_OUT_SHARE, STAND_OUT_LIFT = 0.25, 1.3
#: ... and names the cluster at these shares (genre, decade, artist)
NAME_SHARE = {"genre": 0.35, "decade": 0.5, "artist": 0.4}
#: what a cluster with no true word and nothing standing out is called
MIDDLE = "Middle ground"
AVERAGE = "close to the collection's average"


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


@dataclass(frozen=True)
class Standout:
    """A genre, decade or artist over-represented in a cluster, with its share of the cluster."""

    kind: str
    name: str
    share: float

    def __str__(self) -> str:
        share = percent(self.share)
        return f"{share} from the {self.name}" if self.kind == "decade" else f"{share} {self.name}"


@dataclass(frozen=True)
class Description:
    """The clusters' texts in the clustering's order, and the reason a collection was not split."""

    clusters: tuple[ClusterText, ...] = ()
    reason: str = ""


def describe(clustering: Clustering, tracks: Sequence[Track], reference: Reference) -> Description:
    """Names and words for `clustering` of the collection holding `tracks`."""
    without = set(clustering.without_features)
    members = {t.key: t for t in tracks}
    clustered = [members[k] for k in sorted(members) if k not in without]
    features = clustering.features
    if not clustering.clusters:
        # features the same for every track were dropped from clustering, and are just what they share
        whole = summarise(clustered, features + clustering.dropped_features)
        return Description(reason=_reason(clustering, whole, reference, len(clustered)))
    whole = summarise(clustered, features)
    texts = []
    for cluster in clustering.clusters:
        group = [members[k] for k in cluster.keys]
        found = traits(summarise(group, features), whole, reference)
        parts = _standing_out(group, clustered)
        texts.append(
            ClusterText(
                name=_name(found, parts, 2),
                words=phrase(found) or AVERAGE,
                traits=tuple(found),
                stands_out=" · ".join(str(part) for part in parts),
                means=tuple(_means(group, features)),
            )
        )
    return Description(tuple(_unique(texts, clustering, clustered)))


def summarise(group: Sequence[Track], features: Sequence[str]) -> Summary:
    """Means, spreads and mark shares of `features` over `group` (tempo's mean is geometric)."""
    means: dict[str, float] = {}
    spreads: dict[str, float] = {}
    shares: dict[str, float] = {}
    for name in features:
        if name.startswith(GENRE_PREFIX):
            genre = name[len(GENRE_PREFIX) :]
            with_genres = [{g.casefold() for g in t.genres} for t in group if t.genres]
            shares[name] = sum(genre in genres for genres in with_genres) / max(len(with_genres), 1)
            continue
        values = np.array([v for t in group if (v := raw_value(t, name)) is not None])
        if not len(values):
            continue
        if name == "tempo":
            logs = np.log2(values)
            means[name], spreads[name] = float(2 ** logs.mean()), float(values.std())
        else:
            means[name], spreads[name] = float(values.mean()), float(values.std())
        if name in MARKS:
            shares[name] = float((values >= MARKS[name].mark).mean())
    return Summary(means, spreads, shares)


def _means(group: Sequence[Track], features: Sequence[str]) -> Iterable[tuple[str, float]]:
    summary = summarise(group, features)
    for name in features:
        value = summary.shares.get(name) if name.startswith(GENRE_PREFIX) else summary.means.get(name)
        if value is not None:
            yield name, round(value, 4)


def _reason(clustering: Clustering, whole: Summary, reference: Reference, n: int) -> str:
    """Why the collection shows no clusters, in plain words."""
    if not clustering.reason.startswith(TOO_ALIKE):
        return clustering.reason
    found = traits(whole, None, reference)
    what = f"together they are {phrase(found)}" if found else "they sit near the middle of the library"
    return f"These {plural(n, 'track')} are too alike to split into groups: {what}."


def _standing_out(group: Sequence[Track], collection: Sequence[Track]) -> list[Standout]:
    """Each genre, decade and artist that stands out in `group`, biggest share first within its kind: at
    most two genres, one decade, two artists."""
    parts: list[Standout] = []
    for kind, of, limit in (("genre", _genres, 2), ("decade", _decade, 1), ("artist", _artists, 2)):
        parts += [Standout(kind, name, share) for name, share in _over(group, collection, of)[:limit]]
    return parts


def _genres(track: Track) -> Iterable[str]:
    return dict.fromkeys(track.genres)


def _decade(track: Track) -> Iterable[str]:
    year = track.release_year
    return () if year is None else (f"{year // 10 * 10}s",)


def _artists(track: Track) -> Iterable[str]:
    return dict.fromkeys(track.artists)


def _over(
    group: Sequence[Track], collection: Sequence[Track], of: Callable[[Track], Iterable[Hashable]]
) -> list[tuple[str, float]]:
    """Values of `of` over-represented in `group`: (value, share of the group), biggest share first.
    Shares count the tracks that have any value (a track without genres says nothing of genres)."""
    counts, total = _count(group, of)
    base, base_total = _count(collection, of)
    if not total or not base_total:
        return []
    found = []
    for value, count in counts.items():
        share, base_share = count / total, base[value] / base_total
        if share >= STAND_OUT_SHARE and share >= STAND_OUT_LIFT * base_share:
            found.append((str(value), share))
    return sorted(found, key=lambda item: (-item[1], item[0]))


def _count(tracks: Sequence[Track], of: Callable[[Track], Iterable[Hashable]]) -> tuple[Counter[Hashable], int]:
    counts: Counter[Hashable] = Counter()
    total = 0
    for track in tracks:
        values = list(of(track))
        total += bool(values)
        counts.update(values)
    return counts, total


def _name(found: Sequence[Trait], parts: Sequence[Standout], words: int) -> str:
    """`Slow acoustic · 1970s folk`: up to `words` traits, then the dominant genre (with its decade),
    decade or artist."""
    shorts = [t.short for t in _distinct(found) if t.short][:words]
    head = " ".join([shorts[0]] + [s[:1].lower() + s[1:] for s in shorts[1:]]) if shorts else ""
    top: dict[str, str] = {}
    for part in parts:
        if part.share >= NAME_SHARE[part.kind]:
            top.setdefault(part.kind, part.name)
    if "genre" in top:
        context = f"{top['decade']} {top['genre']}" if "decade" in top else top["genre"]
    else:
        context = top.get("decade") or top.get("artist") or ""
        if context and not head:
            context = f"mostly {context}"
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


def _unique(texts: list[ClusterText], clustering: Clustering, clustered: Sequence[Track]) -> list[ClusterText]:
    """Names made unique on the page: a repeated name takes a third trait, then its cluster's number."""
    counts = Counter(t.name for t in texts)
    members = {t.key: t for t in clustered}
    named = []
    for text, cluster in zip(texts, clustering.clusters, strict=True):
        if counts[text.name] > 1:
            parts = _standing_out([members[k] for k in cluster.keys], clustered)
            text = replace(text, name=_name(text.traits, parts, 3))
        named.append(text)
    again = Counter(t.name for t in named)
    return [
        replace(t, name=f"{t.name} #{c.number}") if again[t.name] > 1 else t
        for t, c in zip(named, clustering.clusters, strict=True)
    ]
