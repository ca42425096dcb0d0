"""Where a source file ends up in the built site, and links between pages in raw HTML.

MkDocs rewrites Markdown links but not raw HTML ones, and the track tables are raw HTML (big Markdown
tables are slow to convert), so their links are computed here from the page URLs MkDocs computes, for
both `use_directory_urls` settings.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The URL of a source file relative to the site root: `a/b.md` -> `a/b/` or `a/b.html`."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=65536)
def relative_url(from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """The link from the page built from `from_src` to the file built from `to_src`, up to the root of
    the tree the paths are in (the docs folder) and down again (`../../../library/artists/x/`): the
    same text from every page at the same depth, so that a table row is built once for all the pages
    it is on. Cached: a big library asks for the same few thousand links hundreds of thousands of
    times."""
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    folder = here if here.endswith("/") else posixpath.dirname(here)
    depth = len([part for part in folder.split("/") if part not in {"", "."}])
    return "../" * depth + ("" if there == "./" else there) or "./"


class Layout:
    """The source paths of everything the plugin generates, under one root folder of the site."""

    def __init__(self, root: str) -> None:
        self.root = root.strip("/")

    def _join(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts) if self.root else posixpath.join(*parts)

    def home(self) -> str:
        """The library's start page."""
        return self._join("index.md")

    def kind_index(self, kind: str) -> str:
        """The page listing every collection of one kind."""
        return self._join(kind, "index.md")

    def page(self, collection_path: str) -> str:
        """A collection's page: what is in it, then its clusters."""
        return self._join(collection_path, "index.md")

    def picture(self, collection_path: str) -> str:
        """A collection's comparison picture."""
        return self._join(collection_path, "clusters.png")

    def rows(self, collection_path: str, number: int) -> str:
        """The rest of a big cluster's tracks (0: the tracks not clustered), as a page of their own that
        the collection page loads when its fold opens: `cluster-1-rows.html`."""
        return self._join(collection_path, f"cluster-{number}-rows.html" if number else "not-clustered-rows.html")

    def download(self, collection_path: str, number: int, extension: str) -> str:
        """A cluster's tracks as a playlist file: `cluster-1.csv` (Exportify's columns); 0: a playlist's
        every entry in its order, `playlist.csv`."""
        return self._join(collection_path, f"cluster-{number}.{extension}" if number else f"playlist.{extension}")
