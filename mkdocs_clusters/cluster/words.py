"""Words for a group of tracks that are true of the music: what sets it apart in its collection, said only
where the whole library agrees, in the feature's own units.

A word ("fast (~128 BPM)") needs three things:

1. a difference from the collection: the group's centre at least 0.35 standard deviations (of the
   collection) from the collection's centre;
2. a difference that is not negligible in the feature's own units (8 BPM, 1.5 dB, 0.05 of energy ...);
3. agreement with the whole library: "fast" only when the group's average is above the library's 60th
   percentile, "slow" below the 40th; "very" needs a full standard deviation in the collection and the
   library's top or bottom 15 %.

Liveness, speechiness and instrumentalness have published meanings (Spotify's: 0.8 and up "likely
live", 0.33 and up "speech-like", 0.5 and up "instrumental"), so their words count tracks past those
marks: "instrumental (80 %)" when most of the group is, and clearly more than the collection. The same
goes for the explicit flag and, without audio features, for genres. Words that contradict each other
(quiet and high-energy) are not said together: the weaker goes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mkdocs_clusters.cluster.features import GENRE_PREFIX, negligible
from mkdocs_clusters.cluster.reference import Reference

#: the collection difference a word needs, in the collection's standard deviations
MIN_Z = 0.35
#: "very": this many standard deviations, and the library's outer 15 %
VERY_Z = 1.0
VERY_RANK = 15.0
#: a "high" word needs the library's 60th percentile, a "low" one its 40th
HIGH_RANK, LOW_RANK = 60.0, 40.0
#: a share word: most of the group past the mark, and this much more than the collection
SHARE_MIN, SHARE_LEAD = 0.5, 0.2


@dataclass(frozen=True)
class Scale:
    """How a measured feature is put in words: the phrase and the short name (for cluster names) of each
    direction, and how a value is shown."""

    high: str
    low: str
    short_high: str
    short_low: str
    value: Callable[[float], str] | None = None
    #: the strong form of each direction where "very" + the phrase is not English ("very newer")
    very_high: str = ""
    very_low: str = ""


def _bpm(v: float) -> str:
    return f"~{v:.0f} BPM"


def _db(v: float) -> str:
    return f"{v:.0f} dB".replace("-0 dB", "0 dB")


def _minutes(v: float) -> str:
    return f"~{int(v // 60)}:{int(v % 60):02d}"


SCALES: dict[str, Scale] = {
    "danceability": Scale("danceable", "hard to dance to", "Danceable", ""),  # "very hard to dance to"
    "energy": Scale("high-energy", "low-energy", "Energetic", "Calm"),
    "loudness": Scale("loud", "quiet", "Loud", "Quiet", _db),
    "acousticness": Scale("acoustic", "electric", "Acoustic", "Electric"),
    "valence": Scale("happy-sounding", "sad-sounding", "Happy", "Sombre"),
    "tempo": Scale("fast", "slow", "Fast", "Slow", _bpm),
    "release_year": Scale("newer", "older", "Newer", "Older", lambda v: f"~{v:.0f}", "much newer", "much older"),
    "popularity": Scale(
        "popular", "lesser-known", "Popular", "Lesser-known", lambda v: f"popularity ~{v:.0f}", very_low="little-known"
    ),
    "duration": Scale("long", "short", "Long", "Short", _minutes),
    "added": Scale(
        "added more recently",
        "added earlier",
        "Recent adds",
        "Early adds",
        lambda v: f"~{int(v)}",  # 2021.6 is in 2021
        "added much more recently",
        "added much earlier",
    ),
}


#: how a cluster compares with the rest of its collection in one feature, higher or lower, said by a name
#: that nothing else tells apart from another on its page ("Middle ground · slower"): true of its bars
#: (the cluster's average against the collection's), if too small a difference for a word
COMPARED: dict[str, tuple[str, str]] = {
    "danceability": ("more danceable", "less danceable"),
    "energy": ("more energetic", "calmer"),
    "loudness": ("louder", "quieter"),
    "acousticness": ("more acoustic", "more electric"),
    "valence": ("happier", "sadder"),
    "tempo": ("faster", "slower"),
    "speechiness": ("wordier", "less wordy"),
    "instrumentalness": ("more instrumental", "more vocal"),
    "liveness": ("livelier", "more studio"),
    "release_year": ("newer", "older"),
    "popularity": ("more popular", "less known"),
    "duration": ("longer", "shorter"),
    "explicit": ("more explicit", "cleaner"),
    "added": ("added later", "added earlier"),
}


@dataclass(frozen=True)
class Mark:
    """A feature read as a share of tracks past a published mark."""

    mark: float
    high: str
    short_high: str
    #: said of a group with almost none while the collection has many (a third): "" for never
    low: str = ""
    short_low: str = ""


MARKS: dict[str, Mark] = {
    "liveness": Mark(0.8, "live recordings", "Live"),
    "speechiness": Mark(0.33, "rap or spoken word", "Spoken"),
    "instrumentalness": Mark(0.5, "instrumental", "Instrumental", "with vocals", "Vocal"),
    "explicit": Mark(0.5, "explicit", "Explicit", "clean", "Clean"),
}

#: pairs of features that move together (+1) or against each other (-1) in music: words for both must agree
RELATED: dict[tuple[str, str], int] = {
    ("energy", "loudness"): 1,
    ("acousticness", "energy"): -1,
    ("acousticness", "loudness"): -1,
    ("instrumentalness", "speechiness"): -1,
}


@dataclass(frozen=True)
class Trait:
    """One word about a group: the feature, its direction (+1 higher, -1 lower), whether "very", the
    group's average (or share past the mark), the phrase, its short form and its strength (ordering)."""

    feature: str
    sign: int
    very: bool
    mean: float
    text: str
    short: str
    strength: float


@dataclass(frozen=True)
class Summary:
    """What words need to know about a group of tracks, per feature: its mean (tempo: geometric), its
    standard deviation, and for the mark features the share of tracks at or past the mark."""

    means: Mapping[str, float]
    spreads: Mapping[str, float]
    shares: Mapping[str, float]


def traits(group: Summary, collection: Summary | None, reference: Reference, limit: int = 3) -> list[Trait]:
    """The group's true words, strongest first, at most `limit`, none contradicting another.

    With `collection` None the group is the collection itself, compared with the library only (how a
    collection that cannot be split is described): then a word needs the library's outer 30 %.
    """
    found = [t for t in (_measured(name, group, collection, reference) for name in group.means) if t]
    found += [t for t in (_marked(name, group, collection) for name in group.shares) if t]
    found.sort(key=lambda t: (-t.strength, t.feature))
    kept: list[Trait] = []
    for trait in found:
        if not any(_contradicts(trait, other) for other in kept):
            kept.append(trait)
    return kept[:limit]


def _measured(name: str, group: Summary, collection: Summary | None, reference: Reference) -> Trait | None:
    scale = SCALES.get(name)
    mean = group.means[name]
    rank = reference.rank(name, mean)
    if scale is None or rank is None:
        return None
    if collection is None:
        sign = 1 if rank >= 100 - 30 else -1 if rank <= 30 else 0
        z = (rank - 50) / 20
    else:
        spread = collection.spreads.get(name, 0.0)
        difference = mean - collection.means[name]
        z = difference / spread if spread > 0 else 0.0
        if abs(z) < MIN_Z or abs(difference) < negligible(name):
            return None
        sign = 1 if z > 0 and rank >= HIGH_RANK else -1 if z < 0 and rank <= LOW_RANK else 0
    if sign == 0:
        return None
    very = abs(z) >= VERY_Z and (rank >= 100 - VERY_RANK if sign > 0 else rank <= VERY_RANK)
    phrase = scale.high if sign > 0 else scale.low
    strong = (scale.very_high if sign > 0 else scale.very_low) or f"very {phrase}"
    text = (strong if very else phrase) + (f" ({scale.value(mean)})" if scale.value else "")
    return Trait(name, sign, very, mean, text, scale.short_high if sign > 0 else scale.short_low, abs(z))


def _marked(name: str, group: Summary, collection: Summary | None) -> Trait | None:
    """A share word: a mark feature, or a genre (`genre:<name>`, read as the share that has it)."""
    share = group.shares[name]
    before = collection.shares.get(name, 0.0) if collection is not None else 0.0
    if name.startswith(GENRE_PREFIX):
        genre = name[len(GENRE_PREFIX) :]
        mark = Mark(0.5, genre, genre)  # a genre's absence says little: no word for it
    elif name in MARKS:
        mark = MARKS[name]
    else:
        return None
    if share >= SHARE_MIN and share - before >= SHARE_LEAD:
        return Trait(name, 1, False, share, f"{mark.high} ({percent(share)})", mark.short_high, 3 * (share - before))
    if mark.low and collection is not None and share <= 0.1 and before >= 0.33:
        return Trait(name, -1, False, share, mark.low, mark.short_low, 3 * (before - share))
    return None


def _contradicts(a: Trait, b: Trait) -> bool:
    pair = (a.feature, b.feature) if a.feature < b.feature else (b.feature, a.feature)
    agree = RELATED.get(pair)
    return agree is not None and a.sign * b.sign != agree


def phrase(found: Sequence[Trait]) -> str:
    """`fast (~128 BPM), loud (-5 dB) and high-energy`."""
    texts = [t.text for t in found]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1] if texts else ""


def show_value(name: str, value: float) -> str:
    """A feature's average as a reader takes it: `128 BPM`, `-6 dB`, `1994`, `3:45`, `40 %` (a share
    of tracks, for genres and the explicit flag), `0.82` (Spotify's 0-1 scales)."""
    if name.startswith(GENRE_PREFIX) or name == "explicit":
        return percent(value)
    if name == "tempo":
        return f"{value:.0f} BPM"
    if name == "loudness":
        return _db(value)
    if name == "added":
        return f"{int(value)}"  # 2021.6 is in 2021
    if name in ("release_year", "popularity"):
        return f"{value:.0f}"
    if name == "duration":
        return _minutes(value).lstrip("~")
    return f"{value:.2f}"


def percent(share: float) -> str:
    """`62 %`: a share of tracks, rounded to a whole percent."""
    return f"{share:.0%}".replace("%", " %")


def plural(n: int, word: str) -> str:
    """`1 track`, `2,000 tracks`: the originals wrote `1 tracks`."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
