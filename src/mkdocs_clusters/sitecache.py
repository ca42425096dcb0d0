"""The last generated sites on disk, so that a build of an unchanged library with unchanged options (a
new `mkdocs build`, `gh-deploy` after a preview, CI with its cache restored) skips reading the export,
the digests and the rendering: with every collection's clusters cached, those were a third of a build.

An entry is one file, `site-<key>.bin`, in the cache folder: a JSON header line (format, key, the
SHA-256 of the payload, the files and their lengths, the navigation, the collection count and the load
report's lines, which the build logs again) and then the payload, every generated file's bytes one
after the other, zlib-compressed (a 13,500-track library's 60 MB of pages, pictures and downloads take
13 MB). The key covers the bytes of every file of the library, the options, the versions a result
depends on and this package's own source, so no change of input or code can bring back an old site.

Faults: entries are written atomically (see `atomic.py`); a damaged, truncated or foreign entry fails
its checks and is ignored, so the site is built afresh and the entry replaced. Only the newest
`KEEP` entries stay: each is the size of a whole site.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib.resources import files as package_files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .catalog import Catalog
from .site import NavNode, Site, versions

#: Bumped when the entry layout changes; part of every key.
FORMAT = 1
#: entries kept: a few, for builds that alternate options (say, both URL styles) on one cache
KEEP = 3
_KINDS = ("page", "image", "download")


def library_digest(files: Iterable[str]) -> str:
    """A digest of the bytes of the library's files (the paths from `reading.library_files`)."""
    h = hashlib.sha256()
    for path in files:
        data = Path(path).read_bytes()
        h.update(f"{path}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


@cache
def source_digest() -> str:
    """A digest of this package's own files: a changed renderer must not bring back an old site."""
    h = hashlib.sha256()
    for name, data in sorted(_package_files(package_files("mkdocs_clusters"), "")):
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _package_files(folder: Traversable, prefix: str) -> Iterable[tuple[str, bytes]]:
    for item in folder.iterdir():
        if item.name == "__pycache__":
            continue
        if item.is_dir():
            yield from _package_files(item, f"{prefix}{item.name}/")
        elif not item.name.endswith((".pyc", ".pyo")):
            yield f"{prefix}{item.name}", item.read_bytes()


def site_key(library: str, options: str) -> str:
    """The key of a site: the library's digest, the options that shape it, versions and source."""
    return hashlib.sha256(repr((FORMAT, library, options, versions(), source_digest())).encode()).hexdigest()


class SiteCache:
    """Whole generated sites by key, in the collections' cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"site-{key}.bin"

    def get(self, key: str) -> tuple[Site, list[str]] | None:
        """The stored site and its load report lines, or None when absent or damaged."""
        try:
            blob = self._path(key).read_bytes()
            head, _, body = blob.partition(b"\n")
            header = json.loads(head)
            if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
                return None
            payload = zlib.decompress(body)
            if hashlib.sha256(payload).hexdigest() != header["sha256"]:
                return None
            return _site(header, payload), [str(line) for line in header["report"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError, zlib.error):
            return None

    def put(self, key: str, site: Site, report: list[str]) -> None:
        """Store a site, then drop all but the newest `KEEP` entries.

        Two passes over the files, one for the header's lengths and checksum and one to compress them
        into the file, so that no second copy of a whole site is ever held (a 50,000-track library's
        pages alone are hundreds of MB)."""
        checksum = hashlib.sha256()
        files = []
        for kind, path, data in _entries(site):
            checksum.update(data)
            files.append([kind, path, len(data)])
        header = {
            "format": FORMAT,
            "key": key,
            "sha256": checksum.hexdigest(),
            "files": files,
            "nav": _dump_nav(site.nav),
            "collections": site.collections,
            "report": report,
        }
        head = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode()

        def chunks() -> Iterator[bytes]:
            yield head + b"\n"
            compressor = zlib.compressobj(1)
            for _, _, data in _entries(site):
                yield compressor.compress(data)
            yield compressor.flush()

        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self._path(key), chunks())
        stored = sorted(self.folder.glob("site-*.bin"), key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
        for old in stored[KEEP:]:
            old.unlink(missing_ok=True)


def _entries(site: Site) -> Iterator[tuple[str, str, bytes]]:
    """Every generated file as (kind, path, bytes), pages encoded one at a time."""
    for path, text in site.pages.items():
        yield "page", path, text.encode()
    for path, data in site.images.items():
        yield "image", path, data
    for path, data in site.downloads.items():
        yield "download", path, data


def _site(header: Mapping[str, Any], payload: bytes) -> Site:
    parts: dict[str, dict[str, bytes]] = {kind: {} for kind in _KINDS}
    offset = 0
    for kind, path, length in header["files"]:
        parts[kind][str(path)] = payload[offset : offset + int(length)]
        offset += int(length)
    if offset != len(payload):
        raise ValueError("the entry's files do not add up to its payload")
    pages = {path: data.decode() for path, data in parts["page"].items()}
    nav = _load_nav(header["nav"])
    site = Site(pages, parts["image"], nav, Catalog(), [], parts["download"])
    site.collections = int(header["collections"])
    return site


def _dump_nav(node: NavNode) -> list[Any]:
    return [node.title, node.src, [_dump_nav(child) for child in node.children]]


def _load_nav(data: Any) -> NavNode:
    title, src, children = data
    if not isinstance(title, str) or not (src is None or isinstance(src, str)):
        raise TypeError("not a navigation entry")
    return NavNode(title, src, [_load_nav(child) for child in children])
