"""The data the pipeline passes along: tracks, the library they form, and what loading reported.

Everything here is plain data with no behaviour tied to MkDocs, so every stage can be tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mkdocs_clusters.listening import Listening
from mkdocs_clusters.spotify import spotify_link

#: The audio features Spotify (and the services that replaced it) deliver per track, in the order
#: used everywhere: feature matrices, profiles, descriptions.
AUDIO_FEATURES: tuple[str, ...] = (
    "danceability",
    "energy",
    "loudness",
    "speechiness",
    "acousticness",
    "instrumentalness",
    "liveness",
    "valence",
    "tempo",
)
#: Features that are categories, not points on a line (a key of 11 is not "more" than a key of 1).
CATEGORICAL_FEATURES: tuple[str, ...] = ("key", "mode", "time_signature")


@dataclass(frozen=True)
class Track:
    """One track of the library, the same object however many playlists hold it.

    `key` is the identity across playlists: the Spotify id where there is one, else a stable digest
    of title, artists and album (local files and rows without an id).
    """

    key: str
    title: str
    album: str = ""
    artists: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    release_date: str = ""
    duration_ms: int | None = None
    popularity: int | None = None
    explicit: bool | None = None
    art_url: str = ""
    uri: str = ""
    #: when the track was added (ISO 8601 as exported); "" when unknown (exporters write 1970-01-01)
    added_at: str = ""
    #: audio features by name; a feature the export does not have is absent, never 0.
    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    #: other columns kept for display (a rank or a score), by column name.
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def spotify_url(self) -> str:
        """The track's page on open.spotify.com, or "" for local files and unknown kinds."""
        return spotify_link(self.uri)

    @property
    def release_year(self) -> int | None:
        """The year of `release_date` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), None when unknown."""
        head = self.release_date[:4]
        return int(head) if head.isdigit() and head != "0000" else None

    @property
    def added_year(self) -> float | None:
        """When the track was added, as a year with its fraction (see `added_year`)."""
        return added_year(self.added_at)

    @property
    def has_audio(self) -> bool:
        """Whether the track has any audio feature (key, mode and time signature alone do not count)."""
        return any(name in self.features for name in AUDIO_FEATURES)


def added_year(text: str) -> float | None:
    """An `Added At` value as a year with its fraction (2021.5 is early July 2021); None when unknown
    (exporters write 1970-01-01 for "unknown")."""
    try:
        year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    except ValueError:
        return None
    if year <= 1970 or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year + (month - 1) / 12 + (day - 1) / 365


@dataclass(frozen=True)
class Problem:
    """A row (or a whole file) that could not be loaded, and why."""

    source: str
    line: int | None
    reason: str
    #: what `line` counts: lines of CSV text, or records of a JSON or Parquet file (1 = the first track)
    unit: str = "line"

    def __str__(self) -> str:
        where = f"{self.source}, {self.unit} {self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


#: problems and notes kept per file; the rest are counted (a file of a million duplicate rows must not
#: hold, print or log a million lines)
KEPT_PER_FILE = 100


@dataclass
class FileReport:
    """What reading one export file gave: rows read = rows loaded + rows reported, always.

    A row that loses data (and a file refused whole) is a `Problem`: the first `KEPT_PER_FILE` are kept
    with their line, the rest counted in `problems_more`; the build log says it as a WARNING, so that
    `mkdocs build --strict` fails. A note (`notes`, counted beyond the kept ones in `notes_more`) loses
    nothing and is logged as INFO: a value dropped from a row that was loaded (an unsafe URL), a track
    kept twice (loaded: the playlist holds both entries), or a row that holds no data to lose (a header
    repeated, a merge conflict's marker, a track Spotify no longer has), reported with `skip`.
    """

    source: str
    dialect: str = "unknown"
    #: the text encoding the file was read in ("utf-8", "utf-8-sig", "utf-16", "cp1252", ...; "" when not
    #: a text file, or not read)
    encoding: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_reported: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_more: int = 0
    notes: list[Problem] = field(default_factory=list)
    notes_more: int = 0

    def report(self, problem: Problem) -> None:
        """A row that is not loaded (one with a line), or the whole file (no line)."""
        if problem.line is not None:
            self.rows_reported += 1
        if len(self.problems) < KEPT_PER_FILE:
            self.problems.append(problem)
        else:
            self.problems_more += 1

    def refuse(self, reason: str, rows: int = 0) -> None:
        """The whole file not loaded: one problem without a line, and its `rows` data rows (where it has
        rows: a CSV that is not a playlist export) counted as read and reported, so that the totals add up."""
        self.rows_read += rows
        self.rows_reported += rows
        self.report(Problem(self.source, None, reason))

    def skip(self, problem: Problem) -> None:
        """A row that is not loaded because it holds no track's data: counted as reported, said as a note."""
        self.rows_reported += 1
        self.note(problem)

    def note(self, note: Problem) -> None:
        """A value dropped from a loaded row, or a harmless remark about the file."""
        if len(self.notes) < KEPT_PER_FILE:
            self.notes.append(note)
        else:
            self.notes_more += 1

    def firsts(self) -> list[tuple[Problem, str]]:
        """The first problem and the first note, each with ` (and N more)` where there are more: how the
        build log and the start page name a file's faults (`inspect` lists the kept ones)."""
        return [
            (items[0], f" (and {len(items) - 1 + more:,} more)" if len(items) - 1 + more else "")
            for items, more in ((self.problems, self.problems_more), (self.notes, self.notes_more))
            if items
        ]

    def summary(self) -> list[tuple[bool, str]]:
        """What a build log says about this file: (whether data was lost, line) for its first problem and
        its first note. Lost data is a warning (`mkdocs build --strict` fails on it); a note is not."""
        loaded = f"{self.rows_loaded} of {self.rows_read} rows loaded"
        return [(first in self.problems, f"{first}{more}; {loaded}") for first, more in self.firsts()]

    @property
    def unreadable(self) -> bool:
        """True when the file as a whole could not be read (a problem with no line)."""
        return any(p.line is None for p in self.problems)


@dataclass
class Playlist:
    """A playlist: its display name, where it came from, and its entries' track keys in file order."""

    name: str
    source: str
    #: every entry's track, in file order: a track kept twice in the playlist is here twice (it is one
    #: track of its clusters; the playlist's download keeps both entries)
    track_keys: list[str] = field(default_factory=list)
    #: when each track was added to this playlist (its first row's `Added At`), where that is not the
    #: date its track carries (a track's date is from the first file that holds it)
    added: dict[str, str] = field(default_factory=dict)

    def added_track(self, track: Track) -> Track:
        """The track as this playlist holds it: with the date it was added here."""
        added = self.added.get(track.key)
        return track if added is None or added == track.added_at else replace(track, added_at=added)


@dataclass
class Library:
    """The whole export: tracks by key, playlists, liked tracks, and the load report per file."""

    tracks: dict[str, Track] = field(default_factory=dict)
    playlists: list[Playlist] = field(default_factory=list)
    liked: set[str] = field(default_factory=set)
    reports: list[FileReport] = field(default_factory=list)
    #: spellings of one record label merged when the library was read: (name shown, other spellings)
    label_merges: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: the plays of Spotify's streaming history, when the export has one
    listening: Listening | None = None

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every file, in file order."""
        return [p for r in self.reports for p in r.problems]
