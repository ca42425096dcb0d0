"""Assembling the library: every file's rows into tracks and playlists, Liked Songs into hearts, names made
unique, and the refusal of an export that changed while it was read."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from mkdocs_clusters.model import AUDIO_FEATURES, FileReport, Library, Playlist, Problem, Track
from mkdocs_clusters.read.columns import OWN_FORMAT
from mkdocs_clusters.read.labels import LabelNormaliser
from mkdocs_clusters.read.rows import Row, read_file
from mkdocs_clusters.read.sources import LibraryError, Source, changed_files, iter_sources, library_files

_LIKED = re.compile(r"liked[ _-]*songs?|liked|lieblingssongs", re.IGNORECASE)


def is_liked_name(name: str) -> bool:
    """True for the file names exporters give the Liked Songs list."""
    return _LIKED.fullmatch(name.strip()) is not None


def load_unchanged(
    root: Path, before: dict[str, tuple[int, int]], label_aliases: Mapping[str, Sequence[str]] | None = None
) -> Library:
    """The library, refused when its files changed while it was read (`before` is their listing from just
    before): a half-written export would give a site with tracks missing, and under the key of the
    finished files it would then stay."""
    library = load_library(root, label_aliases)
    changed = changed_files(before, library_files(root))
    if changed:
        more = f" (and {len(changed) - 5} more)" if len(changed) > 5 else ""
        raise LibraryError(
            f"the library changed while it was being read: {', '.join(changed[:5])}{more}; "
            "build again once the export is written (`mkdocs serve` rebuilds by itself)"
        )
    return library


def load_library(root: Path, label_aliases: Mapping[str, Sequence[str]] | None = None) -> Library:
    """Read every export file under `root` into one library; unreadable files are reported, not fatal."""
    normalise_labels = LabelNormaliser(label_aliases)
    library = Library()
    sources = list(iter_sources(root))
    names = _unique_names(sources)
    for source, name in zip(sources, names, strict=True):
        if source.problem:
            library.reports.append(_refused(source.location, source.problem))
            continue
        report, rows = read_file(source.location, source.data, normalise_labels)
        library.reports.append(report)
        if report.unreadable:
            continue
        if report.dialect == OWN_FORMAT:
            _add_own_format(library, rows)
            continue
        playlist = Playlist(name=name, source=source.location)
        for row in rows:
            _add_track(library, row.track)
            playlist.track_keys.append(row.track.key)
        library.playlists.append(playlist)
        if is_liked_name(source.name):
            library.liked.update(playlist.track_keys)
    if not library.reports:
        raise LibraryError(f"{root}: no CSV export files found")
    return library


def _add_track(library: Library, track: Track) -> None:
    known = library.tracks.get(track.key)
    if known is None or (not _has_audio(known) and _has_audio(track)):
        library.tracks[track.key] = track  # a copy with features beats one without


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


def _has_audio(track: Track) -> bool:
    return any(name in track.features for name in AUDIO_FEATURES)


def _unique_names(sources: Sequence[Source]) -> list[str]:
    """Playlist names, with the folder added where files in different folders share a name, and a
    number where even that leaves two alike (names are compared without regard to case)."""
    counts = Counter(s.name.casefold() for s in sources)
    names = [f"{s.name} ({s.folder})" if counts[s.name.casefold()] > 1 and s.folder else s.name for s in sources]
    seen: Counter[str] = Counter()
    unique = []
    for name in names:
        seen[name.casefold()] += 1
        n = seen[name.casefold()]
        unique.append(name if n == 1 else f"{name} #{n}")
    return unique


def _refused(location: str, reason: str) -> FileReport:
    """The report of a file that was not read at all."""
    report = FileReport(location)
    report.report(Problem(location, None, reason))
    return report
