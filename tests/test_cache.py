"""The disk cache and the parallel path give exactly what a fresh serial computation gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import mkdocs_clusters.compute as compute
from conftest import ROOT
from mkdocs_clusters.cache import DiskCache
from mkdocs_clusters.reading import load_library
from mkdocs_clusters.site import Settings, generate_site


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(ROOT / "demo" / "library")


def test_second_build_computes_nothing_and_gives_the_same_site(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cache = DiskCache(tmp_path / "cache")
    first = generate_site(library, Settings(), cache=cache)
    assert first.computed
    second = generate_site(library, Settings(), cache=cache)
    assert second.computed == []
    assert second.pages == first.pages and second.images == first.images
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_damaged_entries_are_recomputed(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cache = DiskCache(tmp_path / "cache")
    fresh = generate_site(library, Settings(), cache=cache)
    entries = sorted((tmp_path / "cache").glob("*.json"))
    pictures = sorted((tmp_path / "cache").glob("*.png"))
    entries[0].write_bytes(entries[0].read_bytes()[:50])  # truncated
    entries[1].write_bytes(b"\x00garbage\xff")  # garbage
    entries[2].write_text(entries[2].read_text().replace('"format":1', '"format":0'))  # another version
    pictures[0].write_bytes(pictures[0].read_bytes()[:100])  # truncated picture
    again = generate_site(library, Settings(), cache=cache)
    assert 3 <= len(again.computed) <= 4  # the truncated picture may belong to a damaged entry
    assert again.pages == fresh.pages and again.images == fresh.images
    assert generate_site(library, Settings(), cache=cache).computed == []


def test_parallel_equals_serial(library, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    serial = generate_site(library, Settings(), jobs=1)
    monkeypatch.setattr(compute, "MIN_PARALLEL", 2)
    calls: list[tuple[int, int]] = []
    parallel = generate_site(library, Settings(), jobs=2, progress=lambda d, t: calls.append((d, t)))
    assert parallel.pages == serial.pages and parallel.images == serial.images


def test_memo_skips_unchanged_collections(library) -> None:  # type: ignore[no-untyped-def]
    memo: dict[str, compute.Result] = {}
    generate_site(library, Settings(), memo)
    assert generate_site(library, Settings(), memo).computed == []
