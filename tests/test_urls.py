"""Links in raw HTML lead where MkDocs' own links lead, in both URL styles."""

from __future__ import annotations

import itertools
import posixpath
from urllib.parse import urljoin

import pytest
from mkdocs.structure.files import File

from mkdocs_clusters.render.layout import page_url, relative_url

SOURCES = [
    "index.md",
    "library/index.md",
    "library/playlists/index.md",
    "library/playlists/alt-pop/index.md",
    "library/playlists/alt-pop/clusters.png",
    "library/playlists/alt-pop/cluster-1.csv",
    "library/artists/billie/index.md",
    "about.md",
]


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_leads_where_mkdocs_links_lead(use_directory_urls: bool) -> None:
    site = "https://example.org/site/"
    for a, b in itertools.product(SOURCES, SOURCES):
        if not a.endswith(".md"):
            continue
        fa = File(a, "/docs", "/site", use_directory_urls)
        fb = File(b, "/docs", "/site", use_directory_urls)
        assert page_url(b, use_directory_urls) == fb.url
        here = urljoin(site, fa.url)
        ours = urljoin(here, relative_url(a, b, use_directory_urls))
        assert ours == urljoin(here, fb.url_relative_to(fa)), (a, b)


def test_same_link_from_every_page_at_the_same_depth() -> None:
    """What lets a table row be built once for all pages: the link depends on the depth only."""
    for use_directory_urls in (True, False):
        links = {
            relative_url(f"library/{kind}/{name}/index.md", "library/artists/billie/index.md", use_directory_urls)
            for kind in ("playlists", "genres", "artists")
            for name in ("a", "billie", "zz")
        }
        assert len(links) == 1
        assert posixpath.normpath(links.pop()).startswith("../../../library/artists/billie")
