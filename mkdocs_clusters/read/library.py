"""Assembling the library: every file's rows into tracks and playlists, Liked Songs into hearts, names made
unique, the limits on rows, and the refusal of an export that changed while it was read or gave no track."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from mkdocs_clusters.model import FileReport, Library, Playlist, Track, added_year
from mkdocs_clusters.read.columns import OWN_FORMAT
from mkdocs_clusters.read.labels import LabelNormaliser, merge_label_spellings
from mkdocs_clusters.read.rows import Row, read_file
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


def load_unchanged(
    root: Path,
    before: dict[str, tuple[int, int]],
    label_aliases: Mapping[str, Sequence[str]] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Library:
    """The library, refused when its files changed while it was read (`before` is their listing from just
    before): a half-written export would give a site with tracks missing, and under the key of the
    finished files it would then stay."""
    library = load_library(root, label_aliases, limits)
    changed = changed_files(before, library_files(root))
    if changed:
        more = f" (and {len(changed) - 5} more)" if len(changed) > 5 else ""
        raise LibraryError(
            f"the library changed while it was being read: {', '.join(changed[:5])}{more}; "
            "build again once the export is written (`mkdocs serve` rebuilds by itself)"
        )
    return library


def load_library(
    root: Path, label_aliases: Mapping[str, Sequence[str]] | None = None, limits: Limits = DEFAULT_LIMITS
) -> Library:
    """Read every export file under `root` into one library; unreadable files are reported, not fatal.

    The files are listed first (playlist names depend on all of them), then read one at a time, so that
    only one file's bytes are held at once; a file that would pass one of the `limits` is refused by name.
    A library of which no track could be loaded, for files refused or rows reported, is a LibraryError.
    """
    normalise_labels = LabelNormaliser(label_aliases)
    library = Library()
    rows_read = 0
    with SourceReader(limits) as reader:
        sources = reader.expand(iter_sources(root))
        names = _unique_names(sources)
        for source, name in zip(sources, names, strict=True):
            report, rows = _read_source(reader, source, normalise_labels)
            if not report.unreadable and rows_read + report.rows_read > limits.max_rows:
                report, rows = _past_rows(report, rows_read, limits.max_rows), []
            library.reports.append(report)
            if report.unreadable:
                continue
            rows_read += report.rows_read
            if report.dialect == OWN_FORMAT:
                _add_own_format(library, rows)
                continue
            playlist = Playlist(name=name, source=source.location)
            for row in rows:
                _add_track(library, row.track)
                playlist.track_keys.append(row.track.key)
                playlist.added.setdefault(row.track.key, row.track.added_at)
            library.playlists.append(playlist)
            if is_liked_name(source.name):
                library.liked.update(playlist.track_keys)
    if not library.reports:
        raise LibraryError(f"{root}: no CSV export files found")
    if not library.tracks and any(report.problems for report in library.reports):
        raise LibraryError(_nothing_loaded(root, library.reports))
    merges = merge_label_spellings(library, normalise_labels.chosen)
    library.label_merges = tuple((merge.name, merge.spellings) for merge in merges)
    return library


def _read_source(
    reader: SourceReader, source: Source, normalise_labels: LabelNormaliser
) -> tuple[FileReport, list[Row]]:
    """One file's report and rows; its bytes are let go on return."""
    try:
        data = reader.read(source)
    except SourceError as exc:
        return _refused(source.location, str(exc)), []
    return read_file(source.location, data, normalise_labels)


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
    """A copy with features beats one without; the track keeps the first date any playlist added it
    (when it came into the library: genre, label and artist pages and the whole library read it)."""
    known = library.tracks.get(track.key)
    chosen = track if known is None or (not known.has_audio and track.has_audio) else known
    first = _first_added(known.added_at, track.added_at) if known is not None else track.added_at
    library.tracks[track.key] = chosen if chosen.added_at == first else replace(chosen, added_at=first)


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
