"""Record label strings into labels: splitting joint credits, mapping spellings to one label, and the rule
that merges spellings of one label by itself.

Spotify credits several labels in one string (`Darkroom/Interscope Records`); the track belongs to each.
Not every part is a label, though: `Rock The World/IDJ/Kanye/LP6` also names the artist and the
record's number, `ATP/Recordings` ends in a company word. Only the parts that name a label by themselves
are the track's labels (`credit_parts`).
Users map spellings to one label with `label_aliases`, a mapping of the label's name to shell-style
patterns (`Interscope`, `Interscope Records*`), matched without regard to case.

Without aliases, exports still spell one label many ways (`ABKCO Music & Records`, `ABKCO Music and
Records, Inc.`, `ABKCO`; `Roc-A-Fella`, `RocAFella`). `label_key` reduces a name to a key by a short,
documented rule (docs/configuration.md, "Label spellings"), and `plan_merges` merges the spellings of the
whole library whose keys are equal; nothing is merged by similarity or by substrings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from mkdocs_clusters.model import Library
from mkdocs_clusters.read.cells import MISSING

#: Values exporters write where there is no label: the missing-value markers of any cell, and a dash.
NO_LABEL = MISSING | {"-"}

#: Trailing words that name the kind of company rather than the label; stripped from the end of a key,
#: again and again (`ABKCO Music and Records, Inc.` -> `abkco`). Short and explicit on purpose.
COMPANY_WORDS = frozenset(
    {"inc", "ltd", "limited", "llc", "gmbh", "co", "corp", "corporation", "company",
     "records", "recordings", "music", "entertainment", "label", "group"}
)  # fmt: skip
#: Words left dangling at the end once a company word after them is gone (`Music and Records`).
CONNECTORS = frozenset({"and"})
#: A key is never stripped down to one of these (nor to a single character): `The Music` stays itself.
GENERIC_WORDS = COMPANY_WORDS | CONNECTORS | {"the", "a", "an", "of"}

_WORD = re.compile(r"[^\W_]+")
#: A part of a credit that names a release's format or number, not a label (`LP6`, `EP`, `Vol. 2`).
RELEASE_CODE = re.compile(r"(?:lp|ep|cd|mc|single|album|vol|volume|disc|part|pt)\.?\s*\d*", re.IGNORECASE)
#: A copyright year before a label's name, as Spotify copies it from the release's (P) line
#: (`2013 Digitop Ltd`, `2017 Karrot Kommando`, `℗ 2015 Discos Fuentes`).
YEAR_PREFIX = re.compile(r"[℗©]?\s*[12]\d{3}\s+(?P<name>.+)")


class LabelNormaliser:
    """Turns a raw label string into a tuple of label names, applying the user's aliases."""

    def __init__(self, aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self._names: dict[str, str] = {}
        self._patterns: list[tuple[str, str]] = []
        for canonical, patterns in (aliases or {}).items():
            if isinstance(patterns, str):
                patterns = [patterns]
            # the name itself by equality: as a pattern, `[PIAS] Recordings` would not match itself
            self._names.setdefault(canonical.casefold(), canonical)
            self._patterns.extend((p.casefold(), canonical) for p in patterns)
        self._memo: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    @property
    def chosen(self) -> frozenset[str]:
        """The label names the user's aliases chose: the automatic merge never renames them."""
        return frozenset(self._names.values())

    def _alias(self, name: str) -> str | None:
        folded = name.casefold()
        if folded in self._names:
            return self._names[folded]
        for pattern, canonical in self._patterns:
            if fnmatchcase(folded, pattern):
                return canonical
        return None

    def __call__(self, raw: str, artists: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Labels named by `raw` (a track's credit; `artists` are the track's), in order, without
        repeats; () when the export has none."""
        if (raw, artists) in self._memo:
            return self._memo[raw, artists]
        text = " ".join(raw.split())
        result: tuple[str, ...]
        if text.casefold() in NO_LABEL:
            result = ()
        elif (whole := self._alias(text)) is not None:
            result = (whole,)
        else:
            result = tuple(dict.fromkeys(self._alias(part) or part for part in credit_parts(text, artists)))
        self._memo[raw, artists] = result
        return result


def credit_parts(text: str, artists: Iterable[str] = ()) -> list[str]:
    """The labels of one credit: its parts at `/` that name a label by themselves (`label_part`);
    the credit whole where it is the artist's name (`Califato 3/4`) or no part names a label
    (`Kanye/LP6`). So `Rock The World/IDJ/Kanye/LP6` on a Kanye West track is `Rock The World` and
    `IDJ`, and `Roc Nation / Jay-Z` on a Jay-Z track is Roc Nation, whose page then holds it."""
    whole = text.strip(" /")
    artist_words = [label_words(artist) for artist in artists]
    if label_words(whole) in artist_words:
        return [whole]
    parts = [without_year(part.strip()) for part in text.split("/")]
    labels = [part for part in parts if part.casefold() not in NO_LABEL and label_part(part, artist_words)]
    if labels or all(part.casefold() in NO_LABEL for part in parts):
        return labels
    return [whole]


def without_year(part: str) -> str:
    """A part without the copyright year before its name (`2017 Karrot Kommando` -> `Karrot
    Kommando`, which then meets the label's other tracks); a year before company words only is the
    label's name (`1500 Records`, `1631 Recordings`) and stays."""
    found = YEAR_PREFIX.fullmatch(part)
    if found is None or _company_words_only(label_words(found["name"])):
        return part
    return found["name"]


def label_part(part: str, artist_words: Iterable[list[str]] = ()) -> bool:
    """Whether one part of a joint credit names a label: not a release code (`LP6`, `EP`), not only
    company words (`Recordings` of `ATP/Recordings`), not the track's artist or the first words of one
    (`Kanye` of `Kanye West`), and not without a letter or digit."""
    words = label_words(part)
    if not words or RELEASE_CODE.fullmatch(part) or _company_words_only(words):
        return False
    return not any(words == artist[: len(words)] for artist in artist_words)


def _company_words_only(words: Iterable[str]) -> bool:
    """Whether words say only what kind of company (`Recordings`, `Music and Records`), not which."""
    return all(word in COMPANY_WORDS | CONNECTORS for word in words)


# -- spellings of one label --------------------------------------------------------------------------


def label_words(name: str) -> list[str]:
    """The words of a name as the merge compares them: NFKC, casefolded, `&` and `+` read as `and`,
    punctuation and spaces as separators (`Roc-A-Fella` -> roc, a, fella)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return _WORD.findall(text.replace("&", " and ").replace("+", " and "))


def _strippable(stem: list[str]) -> bool:
    """Whether a key may be cut down to `stem`: not to nothing, one character or a generic word, which
    would merge unrelated labels (`A Records` and `Records` are not `A` and nothing)."""
    return len("".join(stem)) > 1 and not (len(stem) == 1 and stem[0] in GENERIC_WORDS)


def label_key(name: str) -> str:
    """The key under which spellings count as one label: the words without trailing company words, joined
    without spaces (so `RocAFella` meets `Roc-A-Fella`). Never empty: a name with no letters or digits
    keys as itself, and so meets only its own spellings."""
    words = label_words(name)
    if not words:
        return "\x00" + " ".join(name.split()).casefold()
    while words[-1] in COMPANY_WORDS:
        stem = words[:-1]
        while stem and stem[-1] in CONNECTORS:
            stem.pop()
        if not _strippable(stem):
            break
        words = stem
    return "".join(words)


@dataclass(frozen=True)
class LabelMerge:
    """One label made of several spellings: the name shown, and the other spellings it replaces (most
    tracks first)."""

    name: str
    spellings: tuple[str, ...]


def _rank(counts: Mapping[str, int]) -> tuple[str, ...]:
    """Spellings best first: most tracks, then the shortest, then alphabetical; the same order whatever
    order the library was read in."""
    return tuple(sorted(counts, key=lambda name: (-counts[name], len(name), name)))


def plan_merges(counts: Mapping[str, int], chosen: Set[str] = frozenset()) -> list[LabelMerge]:
    """The merges of the spellings in `counts` (a spelling -> its number of tracks) whose keys are equal,
    sorted by name. A group holding one of the user's `chosen` names (aliases) takes that name; a group
    holding two or more is left alone, since the user keeps those apart."""
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for name, count in counts.items():
        groups[label_key(name)][name] = count
    merges = []
    for group in groups.values():
        named = [name for name in group if name in chosen]
        if len(group) < 2 or len(named) > 1:
            continue
        ranked = _rank(group)
        display = named[0] if named else ranked[0]
        merges.append(LabelMerge(display, tuple(name for name in ranked if name != display)))
    merges.sort(key=lambda merge: (merge.name.casefold(), merge.name))
    return merges


def merge_label_spellings(library: Library, chosen: Set[str] = frozenset()) -> tuple[LabelMerge, ...]:
    """Rewrite each track's labels so that spellings of one label (`plan_merges`) carry the one name
    shown, and return the merges. Done once, when the library is read: a track's table row, the "Top
    labels" lines and the label's own page then all name the same label. The user's `chosen` names
    (`label_aliases`) are never renamed."""
    counts = Counter(label for track in library.tracks.values() for label in dict.fromkeys(track.labels))
    merges = plan_merges(counts, chosen)
    rename = {spelling: merge.name for merge in merges for spelling in merge.spellings}
    for key, track in library.tracks.items():
        if any(label in rename for label in track.labels):
            labels = tuple(dict.fromkeys(rename.get(label, label) for label in track.labels))
            library.tracks[key] = replace(track, labels=labels)
    return tuple(merges)
