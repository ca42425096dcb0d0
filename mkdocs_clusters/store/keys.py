"""What cached results are keyed by: digests of a collection's inputs, of the library's bytes and of this
package's source, and the versions of everything that shapes a result."""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import metadata
from importlib.resources import files as package_files
from typing import Any

from mkdocs_clusters.cluster.model import ClusterSettings
from mkdocs_clusters.model import AUDIO_FEATURES, CATEGORICAL_FEATURES, Track
from mkdocs_clusters.render.assets import resource_files

#: Bumped when clustering or pictures change in a way settings do not show; part of every digest.
PIPELINE_VERSION = "11"


@cache
def versions() -> str:
    """The versions a result depends on beyond its inputs; part of every digest.

    Read from the installed packages' metadata rather than by importing them: a warm build computes
    nothing and need not import scikit-learn or matplotlib (over a second of every build).
    """
    from mkdocs_clusters import __version__

    packages = ("scikit-learn", "pillow", "matplotlib", "numpy", "scipy")  # matplotlib: the pictures' font
    return repr((PIPELINE_VERSION, __version__, *(package_version(name) for name in packages)))


#: the module to ask for `__version__` when a distribution has no metadata under its usual name
_MODULES = {"scikit-learn": "sklearn", "pillow": "PIL", "python-slugify": "slugify", "pyyaml": "yaml"}


def package_version(name: str) -> str:
    """An installed distribution's version; from the module itself when the metadata is missing or
    under another name (a fork such as Pillow-SIMD), "" when it is not installed at all."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    try:
        module = importlib.import_module(_MODULES.get(name, name))
    except ImportError:
        return ""
    return str(getattr(module, "__version__", "?"))


def collection_digest(
    tracks: Sequence[Track], settings: ClusterSettings, salt: str = "", memo: dict[str, bytes] | None = None
) -> str:
    """A digest of everything the clusters and picture of a collection depend on. `memo` keeps each
    track's part across calls (a track is in several collections: its part was a third of the time)."""
    h = hashlib.sha256()
    h.update(repr((salt or versions(), settings)).encode())
    memo = {} if memo is None else memo
    for track in sorted(tracks, key=lambda t: t.key):
        remembered = f"{track.key}\n{track.added_at}"  # a playlist's tracks hold the dates it added them
        part = memo.get(remembered)
        if part is None:
            features = tuple(track.features.get(n) for n in (*AUDIO_FEATURES, *CATEGORICAL_FEATURES))
            fallback = (track.release_date, track.popularity, track.duration_ms, track.explicit, track.genres)
            curated = (track.added_at, track.artists)
            part = memo[remembered] = repr((track.key, features, fallback, curated)).encode()
        h.update(part)
    return h.hexdigest()


def library_digest(files: Iterable[str]) -> str:
    """A digest of the bytes of the library's files (the paths from `read.sources.library_files`); a file
    that cannot be read counts by its error, and reading the library reports it."""
    h = hashlib.sha256()
    for path in files:
        try:
            with open(path, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            digest = f"unreadable {exc.errno}"
        h.update(f"{path}\0{digest}\0".encode())
    return h.hexdigest()


@cache
def source_digest() -> str:
    """A digest of this package's own files: a changed renderer must not bring back an old site."""
    h = hashlib.sha256()
    for name, data in sorted(resource_files(package_files("mkdocs_clusters"))):
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


#: what shapes pages beyond the clustering's own dependencies (`site.versions`): slugs (page paths),
#: front matter, Parquet reading
_PAGE_PACKAGES = ("python-slugify", "text-unidecode", "unidecode", "pyyaml", "pandas", "pyarrow")


@cache
def page_versions() -> str:
    python = (sys.version_info[:2], unicodedata.unidata_version)  # casefolding, the csv module
    return repr((versions(), python, *(package_version(name) for name in _PAGE_PACKAGES)))


def self_checksum(entry: Mapping[str, Any]) -> str:
    """SHA-256 of a JSON object without its own `sha256` field, in one canonical spelling (sorted keys,
    ASCII): how cache entries and stored sites check that no part of them was damaged or edited."""
    body = {name: value for name, value in entry.items() if name != "sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
