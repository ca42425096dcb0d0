"""Shared test helpers: paths, the build environment, the real fixtures (skipped where they are absent), CSV
writers, small libraries and MkDocs builds (as a user runs them, and in this process up to the navigation).

The browser helpers are in `helpers.browser` (importing it skips the importing module where Chromium or
Playwright is missing, outside CI), the hostile library in `helpers.hostile`, link checks in
`helpers.sitecheck`. Fixtures are in `conftest.py`; test modules import helpers from here, never from
one another.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation

from mkdocs_clusters.cluster.model import Clustering, Result
from mkdocs_clusters.cluster.names import Description, describe
from mkdocs_clusters.cluster.reference import library_reference
from mkdocs_clusters.model import Library, Playlist, Track
from mkdocs_clusters.render.pictures import legend_lines

ROOT = Path(__file__).resolve().parent.parent.parent
#: real exports made by people outside the project, beside the project clone (see `real_fixture`)
REAL = ROOT.parent / "shared" / "fixtures" / "real"
#: the environment of MkDocs runs in tests; SOURCE_DATE_EPOCH: MkDocs' sitemap.xml.gz carries the build
#: time otherwise
BUILD_ENV = {
    "NO_MKDOCS_2_WARNING": "1",
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "SOURCE_DATE_EPOCH": "1700000000",
    "HOME": "/tmp",
}
#: what every slug must look like
SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# -- the real exports ------------------------------------------------------------------------------


def real_fixture(*parts: str) -> Path:
    """A path under the shared real fixtures, or a skip (saying how to get them) when this clone has none.

    The real exports were made by people outside the project. They are not in this repository: they sit
    in `../shared/fixtures/real/` beside the project clone, one folder per source (`<owner>__<repo>/`,
    holding the files at their paths in that repository), and `PROVENANCE.tsv` there names each file's
    public GitHub repository, commit, path, size and SHA-256. Without that folder the tests using them
    are skipped."""
    path = REAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"real exports not present: {path}. The tests on real exports (made by people outside the project) "
            f"read them from {REAL}, a shared folder beside the project clone, not part of the repository; "
            "its PROVENANCE.tsv names each file's public GitHub repository, commit and path. To run them, "
            "place the shared folder beside the clone (../shared/fixtures/real/), or fetch the files "
            "PROVENANCE.tsv lists into <owner>__<repo>/<path> under that folder."
        )
    return path


# -- CSV files as exporters write them -------------------------------------------------------------


def csv_bytes(header: list[str], rows: list[list[str]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    """CSV text as an exporter writes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


EXPORTIFY_2025 = [
    "Track URI",
    "Track Name",
    "Album Name",
    "Artist Name(s)",
    "Release Date",
    "Duration (ms)",
    "Popularity",
    "Explicit",
    "Added By",
    "Added At",
    "Genres",
    "Record Label",
    "Danceability",
    "Energy",
    "Key",
    "Loudness",
    "Mode",
    "Speechiness",
    "Acousticness",
    "Instrumentalness",
    "Liveness",
    "Valence",
    "Tempo",
    "Time Signature",
]


def exportify_row(
    track_id: str,
    title: str,
    artists: str = "Artist",
    *,
    album: str = "Album",
    genres: str = "pop",
    label: str = "Label",
    features: tuple[float, ...] | None = (0.5, 0.5, -8.0, 0.05, 0.3, 0.0, 0.1, 0.5, 120.0),
) -> list[str]:
    """One exportify.net 2025+ row; `features` in AUDIO_FEATURES order, None for none."""
    f = ["" for _ in range(9)] if features is None else [str(x) for x in features]
    uri = track_id if track_id.startswith("spotify:") else f"spotify:track:{track_id}"
    return [
        uri,
        title,
        album,
        artists,
        "2020-01-01",
        "200000",
        "50",
        "false",
        "me",
        "2024-01-01T00:00:00Z",
        genres,
        label,
        f[0],
        f[1],
        "5",
        f[2],
        "1",
        f[3],
        f[4],
        f[5],
        f[6],
        f[7],
        f[8],
        "4",
    ]


# -- a small library of versioned playlists (the fault and serve tests) ----------------------------


def small_playlist(index: int, version: int, tracks: int = 12) -> bytes:
    """One playlist in two clear groups of sound; every title carries `rev-<version>`, so that a page
    shows which version of the file it was made from."""
    rows = []
    for i in range(tracks):
        loud = i % 2 == 0
        features = (0.8 if loud else 0.2, 0.9 if loud else 0.1, -5.0 if loud else -20.0, 0.05, 0.1 if loud else 0.9,
                    0.0, 0.1 + i / 100, 0.7 if loud else 0.3, 128.0 if loud else 80.0)  # fmt: skip
        track_id = f"t{index:02d}{i:03d}".ljust(22, "A")
        title = f"Song {index}-{i} rev-{version:03d}"
        rows.append(exportify_row(track_id, title, f"Artist {i % 3}", features=features))
    return csv_bytes(EXPORTIFY_2025, rows)


def write_small_library(folder: Path, version: int = 0, playlists: int = 3) -> None:
    """`Playlist_<n>.csv` files; with `min_tracks` above 12 only the playlists get pages."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(playlists):
        (folder / f"Playlist_{index}.csv").write_bytes(small_playlist(index, version))


def project(tmp: Path, library: Path, cache: Path, **options: object) -> Path:
    """A minimal MkDocs project around the plugin; `options` are added to the plugin's."""
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    (tmp / "docs" / "index.md").write_text("# Home\n\nSee the [library](library/index.md).\n", encoding="utf-8")
    extra = "".join(f"      {key}: {value}\n" for key, value in options.items())
    config = tmp / f"mkdocs-{hashlib.sha256(extra.encode()).hexdigest()[:8]}.yml"
    config.write_text(
        f"site_name: Faults\ndocs_dir: docs\nplugins:\n  - clusters:\n      library: {library}\n"
        f"      cache_dir: {cache}\n{extra}",
        encoding="utf-8",
    )
    return config


# -- MkDocs builds as a user runs them -------------------------------------------------------------


def mkdocs_build(config: Path, site: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a user runs it (without `--strict` for a library that loses rows, which
    is a warning); fails the test with MkDocs' output on error."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert not strict or "WARNING" not in result.stderr, result.stderr[-4000:]
    return result


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, make_config: Callable[[Path], Path]) -> Path:
    """The site of `make_config(folder)`, built once for the whole test run and shared read-only by every
    module that asks for it by `name` (tests that change a site build their own).

    Under pytest-xdist the workers of one run share the parent of their temporary folders, and a lock
    there lets the first worker build while the others wait for its site; a failed build leaves no
    site, so each worker asking for it fails with MkDocs' output. Without xdist the run's own temporary
    folder is used (its parent holds earlier runs)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / f"shared-{name}"
    with (base / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed build left
            folder.mkdir()
            mkdocs_build(make_config(folder), folder / "site")
            (folder / "built").touch()
    return folder / "site"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def demo_config(tmp: Path, **overrides: str) -> Path:
    """The repository's own mkdocs.yml, with paths made absolute and `overrides` appended."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("library: demo/library", f"library: {ROOT / 'demo' / 'library'}")
    text = text.replace("  - demo/library", f"  - {ROOT / 'demo' / 'library'}")
    text += "".join(f"{k}: {v}\n" for k, v in overrides.items())
    config = tmp / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def small_project(tmp_path: Path, plugin_yaml: str, docs: dict[str, str] | None = None) -> Path:
    """A project with a one-playlist export in `export/`; returns its mkdocs.yml."""
    (tmp_path / "docs").mkdir()
    for name, text in {"index.md": "# Hi\n", **(docs or {})}.items():
        (tmp_path / "docs" / name).write_text(text)
    (tmp_path / "export").mkdir()
    rows = [exportify_row(f"{i:022d}", f"Song {i}") for i in range(3)]
    (tmp_path / "export" / "Mix.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nplugins:\n  - clusters:\n" + plugin_yaml)
    return config


# -- an MkDocs build in this process, up to the navigation -----------------------------------------


@dataclass
class NavBuild:
    """What the nav events of a build leave: the config, the files (generated ones included) and the
    final navigation."""

    config: MkDocsConfig
    files: Files
    nav: Navigation


def build_nav(config_file: Path, site_dir: Path) -> NavBuild:
    """MkDocs 1.6's build (`mkdocs.commands.build.build`) in this process, just far enough to get the final
    navigation: startup, config, pre-build, files and nav events. No page is read or rendered and nothing
    is written, so a nav test takes a fraction of a second. Titles of user pages are None here: MkDocs
    reads them from the pages after the nav events."""
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        files.add_files_from_theme(config.theme.get_env(), config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)  # as MkDocs does, for files plugins added
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
    finally:
        config.plugins.on_shutdown()
    return NavBuild(config, files, nav)


def described(clustering: Clustering, tracks: Iterable[Track]) -> tuple[Result, Description]:
    """What a collection page is written from, for a clustering of `tracks` in a library of just them:
    the result (no picture) with its legend, and the description."""
    tracks = list(tracks)
    description = describe(clustering, tracks, library_reference(tracks))
    return Result(clustering, b"", legend_lines(clustering, description)), description


def legend_of(clustering: Clustering, tracks: Iterable[Track]) -> tuple[str, ...]:
    """The picture's legend of a clustering of `tracks` in a library of just them."""
    return described(clustering, tracks)[0].legend


# -- a library told apart by curation alone --------------------------------------------------------


#: the styles of `curated_library`
STYLES = ("Folk", "Techno", "Jazz")


def curated_library(seed: int = 0) -> tuple[Library, dict[str, str]]:
    """Three styles, each with its own artists and a playlist of its own ("Folk evenings", ...), and one
    mixed playlist "Mix" holding 12 tracks of each style. No audio features, genres or labels; release
    years, lengths and dates added drawn alike for every style, so that only curation tells them apart.
    Returns the library and each track's style."""
    rng = random.Random(seed)
    tracks: dict[str, Track] = {}
    style_of: dict[str, str] = {}
    playlists = []
    mix: list[str] = []
    for s, style in enumerate(STYLES):
        keys = []
        for i in range(20):
            key = f"{s}{i:021d}"
            tracks[key] = Track(
                key,
                f"{style} song {i}",
                artists=(f"{style} artist {i % 5}",),
                release_date=f"{rng.randint(1990, 2020)}-01-01",
                duration_ms=rng.randint(180_000, 260_000),
                explicit=False,
                added_at=f"20{rng.randint(18, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T00:00:00Z",
            )
            style_of[key] = style
            keys.append(key)
        playlists.append(Playlist(f"{style} evenings", f"{style}.csv", keys[:14]))
        mix += keys[8:]
    playlists.append(Playlist("Mix", "Mix.csv", mix))
    return Library(tracks=tracks, playlists=playlists), style_of
