"""Command line: `inspect LIBRARY` shows a library at a glance; `generate LIBRARY --out DIR` writes the
plugin's pages, pictures and assets into a folder, for site builders that do not run MkDocs plugins."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_clusters.build import BuildCache, build
from mkdocs_clusters.cluster.model import METHODS
from mkdocs_clusters.collect.catalog import KINDS, Catalog, build_catalog, fold
from mkdocs_clusters.model import AUDIO_FEATURES, Library, Track
from mkdocs_clusters.parallel import ClusterError, workers
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.sources import LibraryError
from mkdocs_clusters.store.folder import OutputError, site_files, write_tree

if TYPE_CHECKING:
    from mkdocs_clusters.config import ClustersConfig


def inspect_text(library: Library, min_tracks: int) -> str:
    """What `inspect` prints: sizes, feature coverage, each file's dialect and encoding, the rows read, loaded
    and reported, each file's kept problems and notes (with a count of the rest), and the label spellings
    merged into one label. Label counts are after the merge (the catalog rewrites the tracks' labels)."""
    catalog = build_catalog(library, min_tracks)
    tracks = list(library.tracks.values())
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
    lines.extend(signals_text(library))
    dialects = Counter(r.dialect for r in library.reports)
    lines.append("files: " + ", ".join(f"{n} {d}" for d, n in sorted(dialects.items())))
    encodings = Counter(r.encoding or "not read as text" for r in library.reports)
    lines.append("encodings: " + ", ".join(f"{n} {e}" for e, n in sorted(encodings.items())))
    read = sum(r.rows_read for r in library.reports)
    loaded = sum(r.rows_loaded for r in library.reports)
    reported = sum(r.rows_reported for r in library.reports)
    lines.append(f"rows: {read:,} read, {loaded:,} loaded, {reported:,} reported")
    for report in library.reports:
        if report.problems or report.notes:
            how = ", ".join(x for x in (report.dialect, report.encoding) if x)
            lines.append(f"{report.source} [{how}]: {report.rows_loaded:,} of {report.rows_read:,} rows loaded")
            # the kept ones (at most 100 of each per file) and a count of the rest, never a line per row
            for kept, more, what in ((report.problems, report.problems_more, "problems"),
                                     (report.notes, report.notes_more, "notes")):  # fmt: skip
                lines.extend(f"  {p}" for p in kept)
                if more:
                    lines.append(f"  ... and {more:,} more {what}")
    lines.extend(merged_labels_text(library, catalog, min_tracks))
    return "\n".join(lines)


def signals_text(library: Library) -> list[str]:
    """The share of tracks each signal covers: whole audio features, genres, labels, popularity, dates
    added, and another playlist (what curation clusters exports without audio features by)."""
    tracks = list(library.tracks.values())
    playlists = Counter(key for p in library.playlists for key in dict.fromkeys(p.track_keys))
    covered: dict[str, Callable[[Track], bool]] = {
        "all audio features": lambda t: all(name in t.features for name in AUDIO_FEATURES),
        "genres": lambda t: bool(t.genres),
        "record labels": lambda t: bool(t.labels),
        "popularity": lambda t: bool(t.popularity),
        "release year": lambda t: t.release_year is not None,
        "date added": lambda t: t.added_year is not None,
        "in 2+ playlists": lambda t: playlists[t.key] >= 2,
    }
    lines = ["signals (share of tracks that have them):"]
    for name, has in covered.items():
        share = sum(1 for t in tracks if has(t)) / len(tracks) if tracks else 0.0
        lines.append(f"  {name:<19}{share:6.1%}")
    return lines


def merged_labels_text(library: Library, catalog: Catalog, min_tracks: int) -> list[str]:
    """One line per label made of several spellings, `Name  <=  other; spellings`, sorted by name, so that
    a user can check the automatic merge and overrule it with `label_aliases`."""
    merges = library.label_merges
    if not merges:
        return []
    spellings = sum(len(others) + 1 for _, others in merges)
    paged = sum(1 for name, _ in merges if fold(name) in catalog.labels)
    lines = [
        f"label spellings merged: {spellings:,} spellings into {len(merges):,} labels "
        f"({paged:,} with at least {min_tracks} tracks)"
    ]
    lines.extend(f"  {name}  <=  {'; '.join(others)}" for name, others in merges)
    return lines


class UsageError(Exception):
    """Bad options or an unusable config file: the command stops with exit code 2."""


#: The plugin options `generate` takes on its command line (flag `--min-tracks` for `min_tracks`);
#: the rest (`label_aliases`) come from `--config`, and `nav`, `nav_limit` shape only MkDocs' navigation.
INT_OPTIONS = ("min_tracks", "representative_tracks", "k", "k_min", "k_max", "cluster_min_tracks",
               "min_cluster_size", "seed", "jobs", "max_library_mb", "max_file_mb", "max_rows",
               "curation_with_audio")  # fmt: skip


def add_generate(commands: Any) -> None:
    """The `generate` command's arguments; options default to "not given", so that only those typed
    override the config file's."""
    generate = commands.add_parser(
        "generate",
        help="write the pages, pictures and assets into a folder, for any site builder",
        description="Write the pages, pictures and assets the MkDocs plugin adds to a build into DIR (usually a "
        "site builder's docs folder), rewriting only what changed and removing what it wrote before that is no "
        "longer generated. Options are the plugin's, read from --config and overridden on the command line.",
        argument_default=argparse.SUPPRESS,
    )
    generate.add_argument(
        "library", nargs="?", type=Path, default=None, help="an export zip, a folder of CSVs, or a CSV file"
    )
    generate.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write into")
    generate.add_argument("--config", type=Path, metavar="FILE", help="an mkdocs.yml with the `clusters` plugin")
    for name in INT_OPTIONS:
        generate.add_argument("--" + name.replace("_", "-"), dest=name, type=int, metavar="N")
    generate.add_argument("--root", help="the folder of the site the pages go to (default: library)")
    generate.add_argument("--title", help="the start page's title (default: Library)")
    generate.add_argument("--method", choices=METHODS)
    generate.add_argument("--columns", "--column", dest="columns", action="append", metavar="NAME",
                          help="an extra column of the export to show (repeat for more)")  # fmt: skip
    generate.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="cluster on the Dask cluster of this scheduler (tcp://HOST:8786) instead of local processes",
    )
    generate.add_argument("--cache-dir", type=Path, metavar="DIR")
    generate.add_argument("--cache", action=argparse.BooleanOptionalAction, help="use the disk cache (default)")
    urls = generate.add_mutually_exclusive_group()
    urls.add_argument("--use-directory-urls", dest="use_directory_urls", action="store_const", const=True)
    urls.add_argument("--no-directory-urls", dest="use_directory_urls", action="store_const", const=False)
    generate.add_argument(
        "--source-links",
        action="store_true",
        help="write links in the pages' HTML as paths to .md files, for builders that rewrite them (Zensical)",
    )


@dataclass
class Job:
    """A `generate` run with everything resolved: paths absolute, options checked."""

    options: ClustersConfig
    library: Path
    out: Path
    cache: BuildCache
    use_directory_urls: bool
    source_links: bool = False


def resolve_job(args: argparse.Namespace) -> Job:
    """The run the arguments ask for: the config file's plugin options, overridden by those given, with
    paths relative to the config file (or, on the command line, to the current folder) as in the plugin."""
    given = {
        k: v
        for k, v in vars(args).items()
        if k not in ("command", "out", "config", "use_directory_urls", "source_links")
    }
    library = given.pop("library")
    if library is not None:
        given["library"] = str(library.resolve())
    if "cache_dir" in given:
        given["cache_dir"] = str(given["cache_dir"].resolve())
    base, use_directory_urls = Path.cwd(), True
    from_file: dict[str, Any] = {}
    if "config" in args:
        config_file = args.config.resolve()
        base = config_file.parent
        from_file, use_directory_urls = read_mkdocs_config(config_file)
    if from_file.get("library") is None and "library" not in given:
        raise UsageError("give the LIBRARY, or a --config whose `clusters` plugin sets `library:`")
    options = checked_options({**from_file, **given})
    out, library = args.out.resolve(), (base / options.library).resolve()
    if library.is_dir() and out.is_relative_to(library):
        raise UsageError(f"the output folder {out} is inside the library; the next run would read it as exports")
    folder = (base / options.cache_dir).resolve() if options.cache else None
    if folder and folder.is_relative_to(out):
        raise UsageError(f"cache_dir {folder} is inside the output folder; choose a folder outside it")
    cache = BuildCache(folder)
    urls = getattr(args, "use_directory_urls", use_directory_urls)
    return Job(options, library, out, cache, urls, bool(getattr(args, "source_links", False)))


def read_mkdocs_config(path: Path) -> tuple[dict[str, Any], bool]:
    """The `clusters` plugin's options and `use_directory_urls` from an mkdocs.yml, read with MkDocs'
    own YAML loader (for `!ENV` and `INHERIT`) but without loading the theme or other plugins."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml_load(handle)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    except Exception as exc:  # YAML errors, and tags naming code that cannot be imported
        raise UsageError(f"cannot parse {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise UsageError(f"{path} is not an mkdocs.yml (a mapping of settings)")
    use_directory_urls = data.get("use_directory_urls", True)
    if not isinstance(use_directory_urls, bool):
        raise UsageError(f"{path}: `use_directory_urls` must be true or false")
    return plugin_options(data.get("plugins"), path), use_directory_urls


def plugin_options(plugins: Any, path: Path) -> dict[str, Any]:
    """The options of the `clusters` entry of `plugins:` (a list of names and one-key mappings, or a
    mapping, as MkDocs accepts)."""
    entries = list(plugins.items()) if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        for item in plugins:
            entries.extend(item.items() if isinstance(item, dict) else [(item, {})])
    for name, options in entries:
        if name == "clusters":
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise UsageError(f"{path}: the options of the `clusters` plugin must be a mapping")
            return dict(options)
    raise UsageError(f"{path} has no `clusters` plugin under `plugins:`")


def checked_options(raw: dict[str, Any]) -> ClustersConfig:
    """The options validated by the plugin's own option classes (types, choices, ranges)."""
    from mkdocs_clusters.config import ClustersConfig

    options = ClustersConfig()
    options.load_dict(raw)
    failed, warnings = options.validate()
    for name, warning in warnings:
        print(f"warning: clusters option `{name}`: {warning}", file=sys.stderr)
    if failed:
        raise UsageError("; ".join(f"`{name}`: {error}" for name, error in failed))
    return options


def generate(job: Job) -> str:
    """Build through the core (both caches, as the plugin does) and write; returns the summary line."""
    from mkdocs_clusters.config import options_from

    options = options_from(job.options, job.use_directory_urls, workers(job.options.jobs), job.source_links)
    done = build(job.library, options, job.cache, progress=_progress)
    for lost, line in done.report:
        print(f"{'warning' if lost else 'note'}: {line}", file=sys.stderr)
    for line in done.notes:
        print(f"note: {line}", file=sys.stderr)
    summary = write_tree(site_files(done.site), job.out)
    return f"{job.out}: {summary.line()} ({done.site.collections} collections, {len(done.computed)} clustered)"


def _progress(done: int, total: int) -> None:
    print(f"clustered {done} of {total} collections", file=sys.stderr)


def run_generate(args: argparse.Namespace) -> int:
    """`generate`, with its failures as one `error:` line: 2 for the library or the options, 1 for the
    output folder or a Dask cluster that cannot be used."""
    try:
        job = resolve_job(args)
        print(generate(job))
    except (UsageError, LibraryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OutputError, ClusterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the output folder or the cache: not writable, full
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for an unreadable library or bad options)."""
    parser = argparse.ArgumentParser(prog="mkdocs-clusters")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="show a library at a glance")
    inspect.add_argument("library", type=Path, help="an export zip, a folder of CSVs, or a CSV file")
    inspect.add_argument("--min-tracks", type=int, default=5, help="pages threshold, as in the plugin")
    add_generate(commands)
    args = parser.parse_args(argv)
    if args.command == "generate":
        return run_generate(args)
    try:
        library = load_library(args.library)
    except LibraryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(inspect_text(library, args.min_tracks))
    return 0
