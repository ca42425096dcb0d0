"""Command line: `python -m mkdocs_clusters inspect LIBRARY` shows a library at a glance."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .catalog import KINDS, build_catalog, fold
from .model import AUDIO_FEATURES, Library
from .reading import LibraryError, load_library


def inspect_text(library: Library, min_tracks: int) -> str:
    """What `inspect` prints: sizes, feature coverage, each file's dialect and problems."""
    tracks = list(library.tracks.values())
    catalog = build_catalog(library, min_tracks)
    distinct = {
        "genres": {fold(g) for t in tracks for g in t.genres},
        "labels": {fold(x) for t in tracks for x in t.labels},
        "artists": {fold(a) for t in tracks for a in t.artists},
    }
    lines = [
        f"tracks: {len(tracks):,} ({len(library.liked):,} liked)",
        f"playlists: {len(library.playlists):,}",
    ]
    for kind in KINDS[1:]:
        lines.append(
            f"{kind}: {len(distinct[kind]):,} ({len(catalog.of_kind(kind)):,} with at least {min_tracks} tracks)"
        )
    lines.append("audio features (share of tracks that have them):")
    for name in AUDIO_FEATURES:
        have = sum(1 for t in tracks if name in t.features)
        lines.append(f"  {name:<17}{have / len(tracks) if tracks else 0:6.1%}")
    dialects = Counter(r.dialect for r in library.reports)
    lines.append("files: " + ", ".join(f"{n} {d}" for d, n in sorted(dialects.items())))
    read = sum(r.rows_read for r in library.reports)
    loaded = sum(r.rows_loaded for r in library.reports)
    lines.append(f"rows: {read:,} read, {loaded:,} loaded, {read - loaded:,} reported")
    for report in library.reports:
        if report.problems:
            lines.append(f"{report.source} [{report.dialect}]: {report.rows_loaded} of {report.rows_read} rows loaded")
            lines.extend(f"  {p}" for p in report.problems)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for an unreadable library)."""
    parser = argparse.ArgumentParser(prog="python -m mkdocs_clusters")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="show a library at a glance")
    inspect.add_argument("library", type=Path, help="an export zip, a folder of CSVs, or a CSV file")
    inspect.add_argument("--min-tracks", type=int, default=5, help="pages threshold, as in the plugin")
    args = parser.parse_args(argv)
    try:
        library = load_library(args.library)
    except LibraryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(inspect_text(library, args.min_tracks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
