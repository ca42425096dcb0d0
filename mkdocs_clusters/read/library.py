"""Assembling the library: every file's rows into tracks and playlists, Liked Songs into hearts, names made
unique, the limits on rows, and the refusal of an export that changed while it was read or gave no track."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from mkdocs_clusters.model import AUDIO_FEATURES, FileReport, Library, Playlist, Track, added_year
from mkdocs_clusters.read.account_data import ACCOUNT_DIALECTS, read_export_file
from mkdocs_clusters.read.account_library import AccountExport
from mkdocs_clusters.read.columns import OWN_FORMAT
from mkdocs_clusters.read.labels import LabelNormaliser, merge_label_spellings
from mkdocs_clusters.read.rows import Row
from mkdocs_clusters.read.sources import (
    DEFAULT_LIMITS,
    LibraryError,
    Limits,
    Source,
    SourceError,
    SourceReader,
    changed_files,
    iter_sources,
    library_files,
)

_LIKED = re.compile(r"liked[ _-]*songs?|liked|lieblingssongs", re.IGNORECASE)


def is_liked_name(name: str) -> bool:
    """True for the file names exporters give the Liked Songs list."""
    return _LIKED.fullmatch(name.strip()) is not None


#: The label aliases as the reader applies them, in their order (the first pattern that matches wins).
AliasKey = tuple[tuple[str, tuple[str, ...]], ...]


def _alias_key(label_aliases: Mapping[str, Sequence[str]] | None) -> AliasKey:
    """The aliases as `LabelNormaliser` reads them (a lone pattern is a list of one), comparable by value:
    a memo made under other aliases holds labels spelled by them."""
    return tuple(
        (name, (patterns,) if isinstance(patterns, str) else tuple(patterns))
        for name, patterns in (label_aliases or {}).items()
    )


class ReadMemo:
    """What parsing each file gave at the last loads, by location and the SHA-256 of its bytes, so that a
    rebuild under `mkdocs serve` parses again only the files whose bytes changed (parsing is nearly all
    of a load's time; hashing the bytes is a few percent of it).

    `read_export_file` depends on nothing but the location, the bytes and the label aliases, so a file's report
    and rows are reused exactly when all three are the same: the memo holds the aliases it was made under
    and forgets everything when a load gives others. Only the parse is kept: whether a file is refused
    for the rows read before it is decided again at every load. A file refused before parsing (too large,
    unreadable) adds nothing to it. Reused rows are shared between loads, as Rows and Tracks are frozen and
    nothing changes a track's `features` or `extra` once read. One memo serves one library, one load at
    a time.
    """

    def __init__(self) -> None:
        self._aliases: AliasKey = ()
        self._files: dict[str, tuple[bytes, FileReport, tuple[Row, ...]]] = {}

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, location: object) -> bool:
        return location in self._files

    def start(self, label_aliases: Mapping[str, Sequence[str]] | None) -> None:
        """Begin a load under `label_aliases`: what was parsed under other aliases is forgotten."""
        aliases = _alias_key(label_aliases)
        if aliases != self._aliases:
            self._files.clear()
            self._aliases = aliases

    def read(self, location: str, data: bytes, normalise_labels: LabelNormaliser) -> tuple[FileReport, Sequence[Row]]:
        """The file's report and rows: parsed when its bytes are new, else those of the last parse. The
        report is a copy, so that a caller changing it never changes what a later load is given."""
        digest = hashlib.sha256(data).digest()
        known = self._files.get(location)
        if known is None or known[0] != digest:
            report, rows = read_export_file(location, data, normalise_labels)
            known = self._files[location] = (digest, report, tuple(rows))
        return _copy_report(known[1]), known[2]

    def keep(self, locations: Collection[str]) -> None:
        """Forget the files that are not among `locations` (those of the last load), so that the memo
        holds no more than the library."""
        for location in [known for known in self._files if known not in locations]:
            del self._files[location]


def _copy_report(report: FileReport) -> FileReport:
    """A report of its own: its fields are values, but its problems and notes are lists."""
    return replace(report, problems=list(report.problems), notes=list(report.notes))


def load_unchanged(
    root: Path,
    before: dict[str, tuple[int, int]],
    label_aliases: Mapping[str, Sequence[str]] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    memo: ReadMemo | None = None,
) -> Library:
    """The library, refused when its files changed while it was read (`before` is their listing from just
    before): a half-written export would give a site with tracks missing, and under the key of the
    finished files it would then stay. With a `memo`, files whose bytes are unchanged are not parsed again."""
    library = load_library(root, label_aliases, limits, memo=memo)
    changed = changed_files(before, library_files(root))
    if changed:
        more = f" (and {len(changed) - 5} more)" if len(changed) > 5 else ""
        raise LibraryError(
            f"the library changed while it was being read: {', '.join(changed[:5])}{more}; "
            "build again once the export is written (`mkdocs serve` rebuilds by itself)"
        )
    return library


def load_library(
    root: Path,
    label_aliases: Mapping[str, Sequence[str]] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    memo: ReadMemo | None = None,
) -> Library:
    """Read every export file under `root` into one library; unreadable files are reported, not fatal.

    The files are listed first (playlist names depend on all of them), then read one at a time, so that
    only one file's bytes are held at once; a file that would pass one of the `limits` is refused by name.
    A library of which no track could be loaded, for files refused or rows reported, is a LibraryError.
    With a `memo` (kept from load to load), a file whose bytes did not change is not parsed again.
    """
    normalise_labels = LabelNormaliser(label_aliases)
    if memo is not None:
        memo.start(label_aliases)
    library = Library()
    rows_read = 0
    account = AccountExport(is_liked_name)
    with SourceReader(limits) as reader:
        sources = reader.expand(iter_sources(root))
        names = _unique_names(sources)
        for source, name in zip(sources, names, strict=True):
            report, rows = _read_source(reader, source, normalise_labels, memo)
            if not report.unreadable and rows_read + report.rows_read > limits.max_rows:
                report, rows = _past_rows(report, rows_read, limits.max_rows), []
            library.reports.append(report)
            if report.unreadable:
                continue
            rows_read += report.rows_read
            if report.dialect == OWN_FORMAT:
                _add_own_format(library, rows)
                continue
            if report.dialect in ACCOUNT_DIALECTS:  # put together once every file is read
                account.add(report, rows)
                continue
            playlist = Playlist(name=name, source=source.location)
            for row in rows:
                _add_track(library, row.track)
                playlist.track_keys.append(row.track.key)
                playlist.added.setdefault(row.track.key, row.track.added_at)
            library.playlists.append(playlist)
            if is_liked_name(source.name):
                library.liked.update(playlist.track_keys)
    account.finish(library)
    if memo is not None:
        memo.keep({source.location for source in sources})
    if not library.reports:
        raise LibraryError(f"{root}: no CSV export files found")
    if not library.tracks and any(report.problems for report in library.reports):
        raise LibraryError(_nothing_loaded(root, library.reports))
    merges = merge_label_spellings(library, normalise_labels.chosen)
    library.label_merges = tuple((merge.name, merge.spellings) for merge in merges)
    return library


def _read_source(
    reader: SourceReader, source: Source, normalise_labels: LabelNormaliser, memo: ReadMemo | None = None
) -> tuple[FileReport, Sequence[Row]]:
    """One file's report and rows (parsed, or from the `memo` when its bytes are unchanged); its bytes are
    let go on return."""
    try:
        data = reader.read(source)
    except SourceError as exc:
        return _refused(source.location, str(exc)), []
    if memo is not None:
        return memo.read(source.location, data, normalise_labels)
    return read_export_file(source.location, data, normalise_labels)


def _past_rows(report: FileReport, before: int, limit: int) -> FileReport:
    """The report of a file refused because its rows would take the library past `limit`: every row it
    has counted as read and reported."""
    refused = FileReport(report.source, dialect=report.dialect, encoding=report.encoding)
    refused.refuse(
        f"refused: its {report.rows_read:,} rows would take the library past the limit of {limit:,} rows "
        f"({before:,} read before it)",
        report.rows_read,
    )
    return refused


def _nothing_loaded(root: Path, reports: Sequence[FileReport], shown: int = 3) -> str:
    """Why a library gave no track: how many files, and the first problems."""
    refused = sum(1 for report in reports if report.unreadable)
    files = f"{len(reports):,} file{'s' if len(reports) != 1 else ''}"
    if refused == len(reports):
        how = "each refused" if refused > 1 else "refused"
    else:
        how = f"{refused:,} refused, the others with no row loaded"
    firsts = [str(report.problems[0]) for report in reports if report.problems]
    more = f" (and {len(firsts) - shown:,} more)" if len(firsts) > shown else ""
    return f"{root}: no track could be loaded: {files}, {how}: {'; '.join(firsts[:shown])}{more}"


def _add_track(library: Library, track: Track) -> None:
    """A copy with more audio features beats one with fewer (a playlist that holds a track twice may
    have one entry without them); the track keeps the first date any playlist added it (when it came
    into the library: genre, label and artist pages and the whole library read it)."""
    known = library.tracks.get(track.key)
    chosen = track if known is None or _audio_count(track) > _audio_count(known) else known
    first = _first_added(known.added_at, track.added_at) if known is not None else track.added_at
    library.tracks[track.key] = chosen if chosen.added_at == first else replace(chosen, added_at=first)


def _audio_count(track: Track) -> int:
    return sum(1 for name in AUDIO_FEATURES if name in track.features)


def _first_added(one: str, other: str) -> str:
    """The earlier of two `Added At` values that are known (ISO 8601 dates sort as text)."""
    known = [d for d in (one, other) if added_year(d) is not None]
    return min(known) if known else one


def _add_own_format(library: Library, rows: Sequence[Row]) -> None:
    """One file holds the whole library: each row names its playlists and whether it is liked."""
    playlists: dict[str, Playlist] = {p.name: p for p in library.playlists}
    for row in rows:
        _add_track(library, row.track)
        if row.liked:
            library.liked.add(row.track.key)
        for name in row.playlists:
            if name not in playlists:
                playlists[name] = Playlist(name=name, source="")
                library.playlists.append(playlists[name])
            if row.track.key not in playlists[name].track_keys:
                playlists[name].track_keys.append(row.track.key)
                playlists[name].added.setdefault(row.track.key, row.track.added_at)


def _unique_names(sources: Sequence[Source]) -> list[str]:
    """Playlist names, with the folder added where files in different folders share a name, and a
    number where even that leaves two alike (names are compared without regard to case). Files refused
    before reading (a spreadsheet, a broken link) take no part: they become no playlist."""
    readable = [s for s in sources if not s.problem]
    counts = Counter(s.name.casefold() for s in readable)
    seen: Counter[str] = Counter()
    unique = []
    for s in sources:
        name = f"{s.name} ({s.folder})" if counts[s.name.casefold()] > 1 and s.folder else s.name
        if not s.problem:
            seen[name.casefold()] += 1
            n = seen[name.casefold()]
            name = name if n == 1 else f"{name} #{n}"
        unique.append(name)
    return unique


def _refused(location: str, reason: str) -> FileReport:
    """The report of a file that was not read at all."""
    report = FileReport(location)
    report.refuse(reason)
    return report
