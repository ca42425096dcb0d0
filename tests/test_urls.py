"""Links in raw HTML are the links MkDocs itself would compute."""

from __future__ import annotations

import itertools

import pytest
from mkdocs.structure.files import File

from mkdocs_clusters.urls import page_url, relative_url

SOURCES = [
    "index.md",
    "library/index.md",
    "library/playlists/index.md",
    "library/playlists/alt-pop/index.md",
    "library/playlists/alt-pop/clusters.md",
    "library/playlists/alt-pop/clusters.png",
    "library/artists/billie/index.md",
    "about.md",
]


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_matches_mkdocs(use_directory_urls: bool) -> None:
    for a, b in itertools.product(SOURCES, SOURCES):
        if not a.endswith(".md"):
            continue
        fa = File(a, "/docs", "/site", use_directory_urls)
        fb = File(b, "/docs", "/site", use_directory_urls)
        assert page_url(b, use_directory_urls) == fb.url
        assert relative_url(a, b, use_directory_urls) == fb.url_relative_to(fa), (a, b)
