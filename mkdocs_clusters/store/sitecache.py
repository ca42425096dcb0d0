"""The last generated sites on disk, so that a build of an unchanged library with unchanged options (a new
`mkdocs build`, `gh-deploy` after a preview, CI with its cache restored) skips reading the export, the
digests and the rendering, which are most of a build once every collection's clusters are cached.

An entry is one file, `site-<key>.bin`, in the cache folder: a JSON header line (format, key, the SHA-256 of
the payload, the files and their lengths, the navigation, the collection count and the load report's lines,
which the build logs again) and then the payload, every generated file's bytes one after the other, zlib-
compressed (pages are repetitive HTML and compress several times over). The key covers the bytes of every
file of the library, the options, the versions of what shapes a page (the clustering's libraries, slugify,
YAML, Parquet reading, Python and its Unicode data) and this package's own source, so no change of input or
code can bring back an old site.

Faults: entries are written atomically (see `atomic.py`); a damaged, truncated or foreign entry fails its
checks (a SHA-256 of the header and one of the payload) and is ignored, so the site is built afresh and the
entry replaced. Only the `KEEP` most recently written or used entries stay: each is a whole site. Storing is
best effort: the plugin logs a failed write and goes on with the built site.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs_clusters.render.search import TrackEntry
from mkdocs_clusters.render.site import NavNode, Site
from mkdocs_clusters.store.atomic import atomic_write
from mkdocs_clusters.store.keys import page_versions, self_checksum, source_digest

#: Bumped when the entry layout changes; part of every key.
FORMAT = 4
#: entries kept: a few, for builds that alternate options (say, both URL styles) on one cache
KEEP = 3
_KINDS = ("page", "image", "download", "search")


def site_key(library: str, options: str) -> str:
    """The key of a site: the library's digest, the options that shape it, every version a page
    depends on, and this package's source."""
    return hashlib.sha256(repr((FORMAT, library, options, page_versions(), source_digest())).encode()).hexdigest()


class SiteCache:
    """Whole generated sites by key, in the collections' cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"site-{key}.bin"

    def get(self, key: str) -> tuple[Site, tuple[tuple[bool, str], ...]] | None:
        """The stored site and its load report lines, or None when absent or damaged."""
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                header = json.loads(handle.readline())
                if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
                    return None
                if header.get("sha256") != self_checksum(header):
                    return None
                payload = zlib.decompress(handle.read())
            if hashlib.sha256(payload).hexdigest() != header["payload_sha256"]:
                return None
            site = _site(header, memoryview(payload))
            os.utime(path)  # used: among the newest again (see `put`)
            return site, tuple((bool(lost), str(line)) for lost, line in header["report"])
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError, zlib.error):
            return None

    def holds(self, key: str) -> bool:
        """Whether an entry of `key` is stored (unchecked; a damaged one fails `get` and is replaced);
        it counts as used."""
        try:
            os.utime(self._path(key))
        except OSError:
            return False
        return True

    def put(self, key: str, site: Site, report: Sequence[tuple[bool, str]]) -> None:
        """Store a site, then drop all but the newest `KEEP` entries.

        Two passes over the files, one for the header's lengths and checksum and one to compress them
        into the file, so that no second copy of a whole site is ever held (a 50,000-track library's
        pages alone are hundreds of MB)."""
        checksum = hashlib.sha256()
        files = []
        for kind, path, data in _entries(site):
            checksum.update(data)
            files.append([kind, path, len(data)])
        header: dict[str, Any] = {
            "format": FORMAT,
            "key": key,
            "payload_sha256": checksum.hexdigest(),
            "files": files,
            "nav": _dump_nav(site.nav),
            "collections": site.collections,
            "report": [list(entry) for entry in report],
        }
        header["sha256"] = self_checksum(header)
        head = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode()

        def chunks() -> Iterator[bytes]:
            yield head + b"\n"
            compressor = zlib.compressobj(1)
            for _, _, data in _entries(site):
                yield compressor.compress(data)
            yield compressor.flush()

        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self._path(key), chunks())
        stored = []
        for entry in self.folder.glob("site-*.bin"):
            try:
                stored.append((entry.stat().st_mtime_ns, entry.name, entry))
            except FileNotFoundError:
                continue  # removed meanwhile by another build sharing the folder
        for _, _, old in sorted(stored, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)


def _entries(site: Site) -> Iterator[tuple[str, str, bytes]]:
    """Every generated file as (kind, path, bytes), pages encoded one at a time (a lone surrogate,
    which a JSON export can carry into a name, is kept as it is, as MkDocs writes it)."""
    for path, text in site.pages.items():
        yield "page", path, text.encode("utf-8", "surrogatepass")
    for path, data in site.images.items():
        yield "image", path, data
    for path, data in site.downloads.items():
        yield "download", path, data
    for path, entries in site.search.items():
        rows = [[entry.anchor, entry.title, entry.text] for entry in entries]
        text = json.dumps(rows, separators=(",", ":"), ensure_ascii=False)
        yield "search", path, text.encode("utf-8", "surrogatepass")


def _site(header: Mapping[str, Any], payload: memoryview) -> Site:
    """The site from a checked entry; slices of one buffer, so that no file is held twice."""
    parts: dict[str, dict[str, memoryview]] = {kind: {} for kind in _KINDS}
    offset = 0
    for kind, path, length in header["files"]:
        parts[kind][str(path)] = payload[offset : offset + int(length)]
        offset += int(length)
    if offset != len(payload):
        raise ValueError("the entry's files do not add up to its payload")
    pages = {path: str(data, "utf-8", "surrogatepass") for path, data in parts["page"].items()}
    nav = _load_nav(header["nav"])
    images = {path: bytes(data) for path, data in parts["image"].items()}
    downloads = {path: bytes(data) for path, data in parts["download"].items()}
    search = {path: _load_entries(data) for path, data in parts["search"].items()}
    return Site(pages, images, downloads, nav, int(header["collections"]), search)


def _load_entries(data: memoryview) -> tuple[TrackEntry, ...]:
    rows = json.loads(str(data, "utf-8", "surrogatepass"))
    return tuple(TrackEntry(str(anchor), str(title), str(text)) for anchor, title, text in rows)


def _dump_nav(node: NavNode) -> list[Any]:
    return [node.title, node.src, [_dump_nav(child) for child in node.children]]


def _load_nav(data: Any) -> NavNode:
    title, src, children = data
    if not isinstance(title, str) or not (src is None or isinstance(src, str)):
        raise TypeError("not a navigation entry")
    return NavNode(title, src, tuple(_load_nav(child) for child in children))
