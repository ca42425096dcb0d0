"""Names as paths: hostile and colliding names map to safe, unique page paths; a build writes nothing
outside its site folder and cache; a zip is read in place, and its bad entries are reported."""

from __future__ import annotations

import itertools
import json
import os
import zipfile
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, SAFE_SLUG, csv_bytes, exportify_row, mkdocs_build
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.collect.slugs import slug_for
from mkdocs_clusters.model import Library, Playlist, Track
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.store.folder import site_files, write_tree

PATH_NAMES = (
    "../../etc/passwd",
    "..\\..\\windows\\system32",
    "/",
    ".",
    "..",
    "...",
    "~",
    "a\x00b",
    "tab\tand\x07bell\x1b[31m",
    "line\nbreak",
    "x" * 300,
    "é" * 300,
    "🎧" * 300,
    "con",
    "NUL",
    "lpt1",
    "index",
    "assets",
    "library",
    "clusters",
    "%2e%2e%2f",
    "file:///etc/passwd",
    "C:\\evil",
    "\u202egnp.exe",
)


def snapshot(folder: Path, skip: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Every file under `folder` (except the `skip` subfolders) with its size and modification time."""
    found = {}
    for dirpath, _dirnames, filenames in os.walk(folder):
        rel = Path(dirpath).relative_to(folder)
        if rel.parts and rel.parts[0] in skip:
            continue
        for name in filenames:
            stat = (Path(dirpath) / name).stat()
            found[(rel / name).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def test_path_names_become_safe_segments() -> None:
    slugs = [slug_for(n) for n in PATH_NAMES]
    assert all(SAFE_SLUG.fullmatch(s) and len(s) <= 60 for s in slugs), slugs
    assert {"con", "nul", "lpt1"}.isdisjoint(slugs)


def colliding_names(count: int) -> list[str]:
    """`count` different names that all slug to `mix`: case, accents, punctuation and emoji."""
    cases = ["".join(c) for c in itertools.product("Mm", "Ii", "Xx")]
    accents = ["", "\u0301", "\u0308", "\u0300", "\u0302"]  # combining marks on the i
    tails = ["", "!", "?", ".", "...", " ", "  ", "-", "_", "*", "🎧", "💚", "🏳️‍🌈", "(", ")", "#", "&", "+",
             "~", "'", '"', ":", ";", "—", "…"]  # fmt: skip
    names = [c[:2] + a + c[2] + t for c, a, t in itertools.product(cases, accents, tails)]
    assert len(set(names)) == len(names) >= count
    return names[:count]


def test_a_thousand_colliding_names_get_a_thousand_pages(tmp_path: Path) -> None:
    names = colliding_names(1000)
    assert {slug_for(n) for n in names} == {"mix"}
    track = Track(key="t1", title="One")
    library = Library(tracks={"t1": track}, playlists=[Playlist(n, f"{i}.csv", ["t1"]) for i, n in enumerate(names)])
    catalog = build_catalog(library, 5)
    paths = [c.path for c in catalog.of_kind("playlists")]
    assert len(set(paths)) == 1000
    site, _ = generate_site(library, Settings())
    collection_pages = [p for p in site.pages if p.startswith("library/playlists/") and p.endswith("/index.md")]
    assert len(collection_pages) == 1000 + 1  # and the index of playlists
    files = site_files(site)
    summary = write_tree(files, tmp_path / "out")
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(written) == len(files) == len(summary.written)  # no file overwrote another
    # a second library order gives the same slug to the same name: stable
    again = build_catalog(Library(tracks=library.tracks, playlists=list(reversed(library.playlists))), 5)
    assert {c.name: c.slug for c in again.of_kind("playlists")} == {
        c.name: c.slug for c in catalog.of_kind("playlists")
    }


def test_a_build_with_path_names_writes_only_its_site_and_cache(tmp_path: Path) -> None:
    records = [
        {
            "track_id": f"{i:022d}",
            "title": f"Song {i}",
            "artists": [name],
            "labels": [name],
            "genres": [name],
            "playlists": [name],
            "energy": (i % 7) / 7,
            "valence": (i % 5) / 5,
        }
        for i, name in enumerate(PATH_NAMES * 6)
    ]
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "library.json").write_text(json.dumps({"tracks": records}), encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Paths\nplugins:\n  - clusters:\n      library: library.json\n", encoding="utf-8"
    )
    before = snapshot(tmp_path, skip=())
    mkdocs_build(project / "mkdocs.yml", project / "site")
    after = snapshot(tmp_path, skip=())
    new = {p for p in after if p not in before}
    assert new and all(p.startswith(("project/site/", "project/.cache/mkdocs-clusters/")) for p in new), sorted(new)
    assert {p: after[p] for p in before} == before  # nothing the build did not own changed
    playlists = [p for p in new if p.startswith("project/site/library/playlists/") and p.endswith("/index.html")]
    # one page per name, plus the playlists index
    assert len(playlists) == len(PATH_NAMES) + 1


def zip_with(entries: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_zip_is_read_in_place_whatever_its_entry_names(tmp_path: Path) -> None:
    rows = csv_bytes(EXPORTIFY_2025, [exportify_row(f"{i:022d}", f"Song {i}") for i in range(3)])
    names = ["../../evil.csv", "/abs/evil2.csv", "C:\\evil3.csv", "ok/../../../evil4.csv", "fine.csv"]
    archive = zip_with(dict.fromkeys(names, rows), tmp_path / "export.zip")
    before = snapshot(tmp_path, skip=())
    library = load_library(archive)
    assert snapshot(tmp_path, skip=()) == before
    assert sorted(p.name for p in library.playlists) == ["evil", "evil2", "evil3", "evil4", "fine"]


def test_a_damaged_zip_entry_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    good = csv_bytes(EXPORTIFY_2025, [exportify_row(f"{i:022d}", f"Song {i}") for i in range(3)])
    archive = zip_with({"a.csv": good, "b.csv": good.replace(b"Song", b"Tune")}, tmp_path / "export.zip")
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("b.csv")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5] ^= 0xFF  # corrupt the compressed bytes of b.csv
    archive.write_bytes(bytes(data))
    library = load_library(archive)
    assert [p.name for p in library.playlists] == ["a"]
    [problem] = library.problems
    assert problem.source.endswith("!b.csv") and "not read from the zip" in problem.reason


@pytest.mark.parametrize("declared", [10, 10_000_000])
def test_a_zip_entry_that_lies_about_its_size_is_refused(tmp_path: Path, declared: int) -> None:
    good = csv_bytes(EXPORTIFY_2025, [exportify_row(f"{i:022d}", f"Song {i}") for i in range(40)])
    archive = zip_with({"a.csv": good, "b.csv": good}, tmp_path / "export.zip")
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("b.csv")
    # rewrite the uncompressed size of b.csv in the central directory (where readers take it from)
    central = data.rfind(b"PK\x01\x02")
    assert data[central + 46 : central + 46 + len(info.filename)] == b"b.csv"
    data[central + 24 : central + 28] = declared.to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    library = load_library(archive)
    assert [p.name for p in library.playlists] == ["a"]
    assert "not read from the zip" in library.problems[0].reason
