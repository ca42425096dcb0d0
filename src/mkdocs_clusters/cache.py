"""A disk cache of each collection's clusters and picture, keyed by a digest of its inputs.

One entry is two files named by the digest: `<digest>.json` (the clustering) and `<digest>.png` (the
picture, absent when there is none). Both are written to a temporary name and renamed into place, so an
interrupted build never leaves a half-written entry under the real name; an entry that cannot be read
back whole (truncated, garbage, another format) is treated as missing and recomputed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .clustering import Cluster, Clustering

#: Bumped when the entry layout changes; part of every entry and checked on reading.
FORMAT = 1


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
        "axis_labels": list(clustering.axis_labels),
    }


def load(data: dict[str, Any]) -> Clustering:
    """A clustering from `dump`'s data (raises KeyError, TypeError or ValueError when it is not that)."""
    points = np.array(data["points"], dtype=np.float64).reshape(-1, 2)
    x_label, y_label = data["axis_labels"]
    return Clustering(
        features=tuple(data["features"]),
        clusters=[Cluster(int(c["number"]), tuple(c["keys"]), dict(c["profile"])) for c in data["clusters"]],
        without_features=tuple(data["without_features"]),
        fallback=bool(data["fallback"]),
        dropped_features=tuple(data["dropped_features"]),
        reason=str(data["reason"]),
        k_scores={int(k): float(v) for k, v in data["k_scores"].items()},
        points=points,
        point_keys=tuple(data["point_keys"]),
        point_clusters=tuple(int(n) for n in data["point_clusters"]),
        axis_labels=(str(x_label), str(y_label)),
    )


class DiskCache:
    """Results by digest in one folder (created on first write; never inside `docs_dir`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, digest: str) -> tuple[Clustering, bytes] | None:
        """The stored result, or None when absent or unreadable (it is then recomputed and rewritten)."""
        try:
            data = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("digest") != digest:
                return None
            clustering = load(data["clustering"])
            picture = (self.folder / f"{digest}.png").read_bytes() if data["picture"] else b""
            if data["picture"] and (len(picture) != data["picture_size"] or not picture.startswith(b"\x89PNG")):
                return None
            return clustering, picture
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, digest: str, clustering: Clustering, picture: bytes) -> None:
        """Store a result; the picture first, so a readable index always has its picture."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if picture:
            _atomic_write(self.folder / f"{digest}.png", picture)
        entry = {
            "format": FORMAT,
            "digest": digest,
            "picture": bool(picture),
            "picture_size": len(picture),
            "clustering": dump(clustering),
        }
        _atomic_write(self.folder / f"{digest}.json", json.dumps(entry, separators=(",", ":")).encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: readers see all or nothing."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
