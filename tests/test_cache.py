"""The disk cache and the parallel path give exactly what a fresh serial computation gives; a damaged
cache entry, whatever the damage, is recomputed and never rendered."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import mkdocs_clusters.parallel as parallel
from helpers import ROOT
from mkdocs_clusters.build import BuildCache, Settings, generate_site
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import Library
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.store.cache import FORMAT, DiskCache
from mkdocs_clusters.store.keys import collection_digest, self_checksum


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "demo" / "library")


@pytest.fixture(scope="module")
def primed(library: Library, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A whole cache of the demo library, and the digests of its clustered collections (with a picture),
    each with the path of a collection it belongs to (collections with the same tracks share one)."""
    folder = tmp_path_factory.mktemp("primed") / "cache"
    generate_site(library, Settings(), BuildCache(folder))
    paths = {
        collection_digest([library.tracks[k] for k in c.track_keys], Settings().cluster): c.path
        for c in reversed(build_catalog(library, Settings().min_collection_tracks).collections)
    }
    clustered = {d: path for d, path in sorted(paths.items()) if (folder / f"{d}.png").exists()}
    assert len(clustered) >= len(DAMAGES) + 1
    return folder, clustered


def test_second_build_computes_nothing_and_gives_the_same_site(library: Library, tmp_path: Path) -> None:
    first, computed = generate_site(library, Settings(), BuildCache(tmp_path / "cache"))
    assert computed
    second, computed = generate_site(library, Settings(), BuildCache(tmp_path / "cache"))
    assert computed == ()
    assert second == first
    assert not list((tmp_path / "cache").glob("*.tmp"))


# -- damages: each takes the cache folder, the digest to damage and another entry's digest -------------

Damage = Callable[[Path, str, str], None]


def _edit(resign: bool, change: Callable[[dict[str, Any]], None]) -> Damage:
    """Change an index's data; `resign` recomputes its checksum, so that only the shape checks can tell."""

    def damage(folder: Path, digest: str, other: str) -> None:
        path = folder / f"{digest}.json"
        entry = json.loads(path.read_text(encoding="utf-8"))
        change(entry)
        if resign:
            entry["sha256"] = self_checksum(entry)
        path.write_text(json.dumps(entry), encoding="utf-8")

    return damage


def _write(suffix: str, data: Callable[[bytes], bytes]) -> Damage:
    def damage(folder: Path, digest: str, other: str) -> None:
        path = folder / f"{digest}{suffix}"
        path.write_bytes(data(path.read_bytes()))

    return damage


def _unknown_key(entry: dict[str, Any]) -> None:
    clustering = entry["clustering"]
    old = clustering["clusters"][0]["keys"][0]
    clustering["clusters"][0]["keys"][0] = "no-such-track"
    clustering["point_keys"] = ["no-such-track" if k == old else k for k in clustering["point_keys"]]


def _same_size_garbage(picture: bytes) -> bytes:
    """Keeps the PNG signature and the size: only the checksum can tell."""
    return picture[:8] + bytes((i * 7 + 3) % 256 for i in range(len(picture) - 8))


def _clusters(entry: dict[str, Any]) -> Any:
    return entry["clustering"]["clusters"]


def _first_key(entry: dict[str, Any]) -> Any:
    return entry["clustering"]["clusters"][0]["keys"][0]


DAMAGES: dict[str, Damage] = {
    "truncated index": _write(".json", lambda b: b[:50]),
    "empty index": _write(".json", lambda b: b""),
    "garbage index": _write(".json", lambda b: b"\x00garbage\xff"),
    "index not an object": _write(".json", lambda b: b"[1, 2, 3]"),
    "deeply nested index": _write(".json", lambda b: b"[" * 200_000 + b"]" * 200_000),
    "another format": _edit(True, lambda e: e.update(format=FORMAT - 1)),
    "another entry's index": lambda f, d, o: shutil.copy(f / f"{o}.json", f / f"{d}.json"),
    "edited: a track not in the collection": _edit(False, _unknown_key),
    "edited: checksum removed": _edit(False, lambda e: e.pop("sha256")),
    "signed: number as text": _edit(True, lambda e: _clusters(e)[0].update(number="1")),
    "signed: keys not a list": _edit(True, lambda e: _clusters(e)[0].update(keys="abc")),
    "signed: one point missing": _edit(True, lambda e: e["clustering"]["points"].pop()),
    "signed: one point key missing": _edit(True, lambda e: e["clustering"]["point_keys"].pop()),
    "signed: points not pairs": _edit(True, lambda e: e["clustering"]["points"][0].append(1.0)),
    "signed: a track in two clusters": _edit(True, lambda e: _clusters(e)[1]["keys"].append(_first_key(e))),
    "signed: clusters misnumbered": _edit(True, lambda e: _clusters(e)[0].update(number=7)),
    "signed: not a number": _edit(True, lambda e: e["clustering"]["points"][0].__setitem__(0, float("nan"))),
    "signed: profile of other features": _edit(True, lambda e: _clusters(e)[0]["profile"].update(bogus=1.0)),
    "truncated picture": _write(".png", lambda b: b[:100]),
    "garbage picture of the right size": _write(".png", _same_size_garbage),
    "missing picture": lambda f, d, o: (f / f"{d}.png").unlink(),
    "another entry's picture": lambda f, d, o: shutil.copy(f / f"{o}.png", f / f"{d}.png"),
}


@pytest.mark.parametrize("name", list(DAMAGES))
def test_a_damaged_entry_reads_as_missing(primed: tuple[Path, dict[str, str]], tmp_path: Path, name: str) -> None:
    source, clustered = primed
    folder = shutil.copytree(source, tmp_path / "cache")
    digest, other = list(clustered)[:2]
    cache = DiskCache(folder)
    assert cache.get(digest) is not None
    DAMAGES[name](folder, digest, other)
    assert cache.get(digest) is None
    assert cache.get(other) is not None


def test_damaged_entries_are_recomputed_and_never_rendered(
    library: Library, primed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    source, clustered = primed
    fresh, _ = generate_site(library, Settings())
    folder = shutil.copytree(source, tmp_path / "cache")
    digests = list(clustered)
    victims = dict(zip(DAMAGES, digests, strict=False))
    for name, digest in victims.items():
        DAMAGES[name](folder, digest, digests[-1])  # the last is never damaged: one entry more than damages
    again, computed = generate_site(library, Settings(), BuildCache(folder))
    assert sorted(computed) == sorted(clustered[d] for d in victims.values())
    assert again == fresh
    assert generate_site(library, Settings(), BuildCache(folder))[1] == ()


def test_parallel_equals_serial(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool really runs: its `map` is recorded (the spawned workers cannot report back otherwise)."""
    serial, computed = generate_site(library, Settings(), jobs=1)
    mapped: list[int] = []

    class RecordingPool(ProcessPoolExecutor):
        def map(self, fn: Any, *iterables: Any, **kwargs: Any) -> Any:
            items = list(iterables[0])
            mapped.append(len(items))
            return super().map(fn, items, **kwargs)

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 2)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", RecordingPool)
    in_parallel, _ = generate_site(library, Settings(), jobs=2)
    assert mapped == [len(computed)] and len(computed) >= 2
    assert in_parallel == serial


def test_memo_skips_unchanged_collections(library: Library) -> None:
    cache = BuildCache()
    generate_site(library, Settings(), cache)
    assert generate_site(library, Settings(), cache)[1] == ()
