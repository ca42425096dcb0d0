"""The stored whole site: reused only for the very same library bytes and options, never when damaged."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, mkdocs_build, tree_digest
from mkdocs_clusters.render.site import NavNode, Site
from mkdocs_clusters.store.keys import library_digest
from mkdocs_clusters.store.sitecache import KEEP, SiteCache, site_key

DEMO = ROOT / "demo" / "library"


def project(tmp: Path, *options: str) -> Path:
    """The demo library (a copy, so it can be edited) behind a minimal MkDocs project."""
    if not (tmp / "library").exists():
        shutil.copytree(DEMO, tmp / "library")
        # a file with bad rows, so that the build has a load report to log
        (tmp / "library" / "Broken.csv").write_bytes(b"Track URI,Track Name\nspotify:track:a\nx,y,z\n")
        (tmp / "docs").mkdir()
        (tmp / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(
        "site_name: Stored\nplugins:\n  - clusters:\n      library: library\n"
        + "".join(f"      {option}\n" for option in options),
        encoding="utf-8",
    )
    return config


def build(config: Path, site: Path) -> str:
    """A build (not strict: the broken file's lost rows are a warning); its log."""
    return mkdocs_build(config, site, strict=False).stderr


def stored(log: str) -> bool:
    return "the site an earlier build stored" in log


def entries(tmp: Path) -> list[Path]:
    return sorted((tmp / ".cache" / "mkdocs-clusters").glob("site-*.bin"))


def test_a_second_build_uses_the_stored_site_and_writes_the_same_files(tmp_path: Path) -> None:
    config = project(tmp_path)
    first = build(config, tmp_path / "one")
    assert not stored(first) and len(entries(tmp_path)) == 1
    second = build(config, tmp_path / "two")
    assert stored(second)
    assert re.search(r"\d+ collections, 0 clustered in this build", second)
    # the load report is logged again, as the first build logged it
    report = [line for line in first.splitlines() if "rows loaded" in line]
    assert report and report == [line for line in second.splitlines() if "rows loaded" in line]
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_other_bytes_or_options_are_built_afresh(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config, tmp_path / "site")
    # the same size and modification time, one byte changed: the key is the bytes, not the listing
    victim = sorted((tmp_path / "library").rglob("*.csv"))[0]
    data = victim.read_bytes()
    index = data.rindex(b"0.")
    before = victim.stat()
    victim.write_bytes(data[:index] + (b"1." if data[index : index + 1] == b"0" else b"0.") + data[index + 2 :])
    os.utime(victim, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not stored(build(config, tmp_path / "site"))
    assert stored(build(config, tmp_path / "site"))
    assert not stored(build(project(tmp_path, "representative_tracks: 3"), tmp_path / "site"))
    assert len(entries(tmp_path)) == 3
    for n in (4, 5):
        build(project(tmp_path, f"representative_tracks: {n}"), tmp_path / "site")
    assert len(entries(tmp_path)) == KEEP  # only the newest entries stay


def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config, tmp_path / "reference")
    reference = tree_digest(tmp_path / "reference")
    (entry,) = entries(tmp_path)
    whole = entry.read_bytes()
    header_edit = whole.replace(b'"collections":', b'"collections":1', 1)  # still valid JSON
    assert header_edit != whole
    damages = (whole[: len(whole) // 2], whole[:-1] + bytes([whole[-1] ^ 1]), b"", b"{}\n" + whole, header_edit)
    for damaged in damages:
        entry.write_bytes(damaged)
        assert not stored(build(config, tmp_path / "site"))
        assert tree_digest(tmp_path / "site") == reference
        assert entry.read_bytes() == whole  # rewritten whole
    assert stored(build(config, tmp_path / "site"))


def test_round_trip(tmp_path: Path) -> None:
    nav = NavNode("Library", "library/index.md", (NavNode("Genres", "library/genres/index.md", (NavNode("x"),)),))
    site = Site(
        {"library/index.md": "# Library 💚\n", "library/genres/index.md": ""},
        {"library/a/clusters.png": b"\x89PNG\r\n\x1a\n..."},
        {"library/a/cluster-1.txt": b"spotify:track:x\n"},
        nav,
        7,
    )
    cache = SiteCache(tmp_path)
    key = site_key(library_digest([]), "options")
    cache.put(key, site, [(True, "a.csv: 3 of 4 rows loaded"), (False, "a.csv: a note")])
    got = cache.get(key)
    assert got is not None
    again, report = got
    assert report == ((True, "a.csv: 3 of 4 rows loaded"), (False, "a.csv: a note"))
    assert again == site
    assert cache.get(site_key(library_digest([]), "other options")) is None


def test_a_serve_rebuild_stores_the_site_in_the_background(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `mkdocs serve` rebuild returns before the site is compressed and written, which waits for serve
    to be quiet (or to end: `wait`, as the plugin's shutdown does); a later build takes the site from
    it. A store that fails is told by the next build."""
    from mkdocs_clusters.build import BUILT, STORED, BuildCache, Options, build

    library = ROOT / "demo" / "library"
    serving = BuildCache(tmp_path / "cache")
    first = build(library, Options(), serving, keep_last=True)
    assert first.origin == BUILT and not first.notes
    assert not list((tmp_path / "cache").glob("site-*.bin"))  # stored once serve is quiet, or ends
    serving.wait()
    assert len(list((tmp_path / "cache").glob("site-*.bin"))) == 1
    assert build(library, Options(), BuildCache(tmp_path / "cache")).origin == STORED

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SiteCache, "put", full)
    failing = BuildCache(tmp_path / "other-cache")
    assert not build(library, Options(), failing, keep_last=True).notes  # returned before the store failed
    failing.wait()
    failing.last = None  # so that the next build reads the library again
    again = build(library, Options(), failing, keep_last=True)
    assert any("No space left on device" in note and "not stored" in note for note in again.notes), again.notes
