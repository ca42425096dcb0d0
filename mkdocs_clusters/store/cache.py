"""A disk cache of each collection's clusters and picture, keyed by a digest of its inputs.

One entry is two files named by the digest: `<digest>.json` (the clustering, with a checksum of itself
and of the picture) and `<digest>.png` (the picture, absent when there is none).

Faults, and what they do:

- Interrupted writes (a killed build, a full disk): each file is written to a temporary name
  (`.<name>.<random>.tmp`) and renamed into place, the picture before the index, so a reader sees a
  whole old file, a whole new file, or none. A picture without its index is simply overwritten later.
- Leftover temporary files are never read. They are deleted by the next build that writes to the cache
  once they are older than `STALE_SECONDS` (a live write takes milliseconds; younger ones may belong to
  a build running at the same time in the same folder, which is safe: every file goes in by rename).
- Damaged entries (truncated, garbage, edited, written by another version of this format, an index whose
  picture is missing or replaced): the index carries a SHA-256 of its own content and of the picture, and
  its clustering must have the shapes a clustering has (types, one point per clustered track, every track
  in exactly one cluster). Anything else is treated as missing: recomputed and rewritten, never rendered.
  What the checksum cannot tell is an entry forged on purpose with a matching checksum; the cache is the
  user's own folder, not an input.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from mkdocs_clusters.cluster.model import Cluster, Clustering, Result
from mkdocs_clusters.store.atomic import atomic_write
from mkdocs_clusters.store.keys import self_checksum

#: Bumped when the entry layout changes; part of every entry and checked on reading.
FORMAT = 5
#: the file that names each collection's digest in the last build (`DiskCache.last_paths`)
LAST_PATHS = "last-build.paths"
#: Temporary files older than this are leftovers of a killed build (a live write takes milliseconds).
STALE_SECONDS = 15 * 60
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def dump(clustering: Clustering) -> dict[str, Any]:
    """The clustering as JSON-ready data."""
    return {
        "features": list(clustering.features),
        "clusters": [{"number": c.number, "keys": list(c.keys), "profile": c.profile} for c in clustering.clusters],
        "without_features": list(clustering.without_features),
        "fallback": clustering.fallback,
        "dropped_features": list(clustering.dropped_features),
        "reason": clustering.reason,
        "k_scores": {str(k): v for k, v in clustering.k_scores.items()},
        "points": clustering.points.tolist(),
        "point_keys": list(clustering.point_keys),
        "point_clusters": list(clustering.point_clusters),
        "axis_titles": list(clustering.axis_titles),
        "k_rule": clustering.k_rule,
        "signals": list(clustering.signals),
        "note": clustering.note,
    }


def load(data: Any) -> Clustering:
    """A clustering from `dump`'s data; ValueError when it is not that, in types or in shape, so that a
    damaged entry is recomputed instead of failing (or lying) later while pages are written."""
    if not isinstance(data, dict):
        raise ValueError("not an object")
    features = _strings(data["features"])
    clusters = tuple(_cluster(c, features) for c in _list(data["clusters"]))
    clustering = Clustering(
        features=features,
        clusters=clusters,
        without_features=_strings(data["without_features"]),
        fallback=_bool(data["fallback"]),
        dropped_features=_strings(data["dropped_features"]),
        reason=_string(data["reason"]),
        k_scores={int(_string(k)): _number(v) for k, v in _dict(data["k_scores"]).items()},
        points=_points(data["points"]),
        point_keys=_strings(data["point_keys"]),
        point_clusters=tuple(_integer(n) for n in _list(data["point_clusters"])),
        axis_titles=_pair(data["axis_titles"]),
        k_rule=_string(data["k_rule"]),
        signals=_strings(data["signals"]),
        note=_string(data["note"]),
    )
    _check_consistent(clustering)
    return clustering


def _check_consistent(clustering: Clustering) -> None:
    """The invariants pages and pictures rely on: clusters numbered 1..n, each clustered track in one
    cluster and at one point (with that cluster's number), and tracks without features in none."""
    numbers = [c.number for c in clustering.clusters]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"clusters numbered {numbers}")
    cluster_of = {key: c.number for c in clustering.clusters for key in c.keys}
    if len(cluster_of) != sum(len(c.keys) for c in clustering.clusters):
        raise ValueError("a track in more than one cluster")
    n = len(clustering.point_keys)
    if len(clustering.points) != n or len(clustering.point_clusters) != n:
        raise ValueError("points, their keys and their clusters differ in number")
    if dict(zip(clustering.point_keys, clustering.point_clusters, strict=True)) != cluster_of or len(cluster_of) != n:
        raise ValueError("points do not match the clusters")
    if not cluster_of.keys().isdisjoint(clustering.without_features):
        raise ValueError("a track both clustered and without features")


def _cluster(value: Any, features: tuple[str, ...]) -> Cluster:
    item = _dict(value)
    keys = _strings(item["keys"])
    profile = {_string(name): _number(z) for name, z in _dict(item["profile"]).items()}
    if not keys or set(profile) != set(features):
        raise ValueError("an empty cluster, or a profile of other features")
    return Cluster(_integer(item["number"]), keys, profile)


def _points(value: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    rows = _list(value)
    if not all(isinstance(row, list) and len(row) == 2 for row in rows):
        raise ValueError("points are not pairs")
    return np.array([[_number(x), _number(y)] for x, y in rows], dtype=np.float64).reshape(-1, 2)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected an object, got {type(value).__name__}")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(_string(v) for v in _list(value))


def _pair(value: Any) -> tuple[str, str]:
    x, y = _strings(value)
    return x, y


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {type(value).__name__}")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {type(value).__name__}")
    return value


def _number(value: Any) -> float:
    """A finite number (JSON allows none other, Python's json module writes NaN and Infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


class DiskCache:
    """Results by digest in one folder (created on first write; never inside `docs_dir`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._swept = False

    def get(self, digest: str) -> Result | None:
        """The stored result, or None when absent or damaged (it is then recomputed and rewritten)."""
        try:
            entry = json.loads((self.folder / f"{digest}.json").read_bytes())
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("digest") != digest:
                return None
            if entry.get("sha256") != self_checksum(entry):
                return None
            clustering = load(entry["clustering"])
            picture = (self.folder / f"{digest}.png").read_bytes() if _integer(entry["picture_size"]) else b""
            if len(picture) != entry["picture_size"] or hashlib.sha256(picture).hexdigest() != entry["picture_sha256"]:
                return None
            if picture and not picture.startswith(_PNG_SIGNATURE):
                return None
            legend = _strings(entry["legend"])
            if len(legend) != len(clustering.clusters):
                raise ValueError("a legend of other clusters")
            return Result(clustering, picture, legend)
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None

    def put(self, digest: str, result: Result) -> None:
        """Store a result; the picture first, so that a readable index always has its picture."""
        clustering, picture = result.clustering, result.picture
        self.folder.mkdir(parents=True, exist_ok=True)
        self._sweep()
        if picture:
            atomic_write(self.folder / f"{digest}.png", picture)
        entry: dict[str, Any] = {
            "format": FORMAT,
            "digest": digest,
            "picture_size": len(picture),
            "picture_sha256": hashlib.sha256(picture).hexdigest(),
            "clustering": dump(clustering),
            "legend": list(result.legend),
        }
        entry["sha256"] = self_checksum(entry)
        atomic_write(self.folder / f"{digest}.json", json.dumps(entry, separators=(",", ":")).encode("utf-8"))

    def last_paths(self) -> dict[str, str]:
        """Each collection's digest (by path) in the last build that used this folder; {} when unknown
        or damaged (the next build then clusters changed collections afresh)."""
        try:
            data = json.loads((self.folder / LAST_PATHS).read_bytes())
            if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("sha256") != self_checksum(data):
                return {}
            return {_string(k): _string(v) for k, v in _dict(data["paths"]).items()}
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return {}

    def put_last_paths(self, paths: dict[str, str]) -> None:
        """Store each collection's digest of this build."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = {"format": FORMAT, "paths": dict(sorted(paths.items()))}
        data["sha256"] = self_checksum(data)
        atomic_write(self.folder / LAST_PATHS, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    def _sweep(self) -> None:
        """Once per cache object (one build): delete temporary files left by killed builds."""
        if self._swept:
            return
        self._swept = True
        cutoff = time.time() - STALE_SECONDS
        for leftover in self.folder.glob(".*.tmp"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except FileNotFoundError:
                continue  # another build swept it first
