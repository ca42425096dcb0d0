"""The library's start page (issue 17, point 3): totals, the decades chart, top names, the biggest and most
alike playlists, the map of the whole library, and the load report; links that resolve, names that stay
text, a chart with the same bytes for the same counts, a map the cache keeps."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row, mkdocs_build
from helpers.hostile import HOSTILE, write_hostile_library
from helpers.sitecheck import broken_links
from mkdocs_clusters.build import LIBRARY_MAP, BuildCache, Settings, generate_site
from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import Clustering, ClusterSettings, Result
from mkdocs_clusters.cluster.names import describe
from mkdocs_clusters.cluster.reference import library_reference
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import AUDIO_FEATURES, FileReport, Library, Playlist, Problem, Track
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render.html import RAW_END, RAW_START, escape
from mkdocs_clusters.render.overview import (
    decade_counts,
    decades_caption,
    listening_time,
    playlist_pairs,
    start_page,
)
from mkdocs_clusters.render.pages import PageSettings, PageWriter
from mkdocs_clusters.render.pictures import legend_lines
from mkdocs_clusters.render.plot import plot_json
from mkdocs_clusters.render.search import SEARCH_OFF, SEARCH_ON

# -- totals and tops -----------------------------------------------------------------------------------


def counted_library() -> Library:
    """Four tracks whose totals are known: 3 artists (`Ana` and `ana` are one), 2 genres, 2 labels,
    1970s 2 / 1980s 0 / 1990s 1 / one undated, 620 seconds of music, one liked."""
    tracks = [
        Track("t0", "A", artists=("Ana", "Bo"), genres=("rock",), labels=("L1",), release_date="1975-01-01",
              duration_ms=180_000),
        Track("t1", "B", artists=("ana",), genres=("rock", "pop"), labels=("L1",), release_date="1979",
              duration_ms=240_000),
        Track("t2", "C", artists=("Ana",), genres=("pop",), labels=("L2",), release_date="1992-05",
              duration_ms=200_000),
        Track("t3", "D", artists=("Cy",)),
    ]  # fmt: skip
    lib = Library(tracks={t.key: t for t in tracks}, liked={"t0"})
    lib.playlists = [
        Playlist("P1", "P1.csv", ["t0", "t1", "t2"]),
        Playlist("P2", "P2.csv", ["t1", "t2", "t3"]),
        Playlist("P3", "P3.csv", ["t3"]),
    ]
    return lib


def counted_page() -> str:
    lib = counted_library()
    return start_page(PageWriter(lib, build_catalog(lib, min_tracks=2), PageSettings())).text


def test_totals_count_tracks_names_years_and_time() -> None:
    page = counted_page()
    assert (
        "<strong>4 tracks</strong> · 3 playlists · 1 liked &#x1F49A; · released 1975–1992 · 10 minutes of music" in page
    )
    assert "3 artists · 2 genres · 2 record labels" in page
    # the four kind indexes stay, with their numbers of pages, and of names where some have none (a
    # library of 1,067 labels has pages for 159 of them)
    for kind, pages in (
        ("playlists", "3 playlists"),
        ("genres", "2 genres"),
        ("labels", "1 record label with 2 tracks or more (of 2)"),
        ("artists", "1 artist with 2 tracks or more (of 3)"),
    ):
        assert re.search(rf'<a href="\.\./library/{kind}/">\w+</a>: {re.escape(pages)}</li>', page), kind


def test_a_kind_index_says_how_many_names_have_no_page() -> None:
    """Its line under the title: the pages, and of how many names when some had too few tracks."""
    lib = counted_library()
    for min_tracks, line in ((2, "1 artist with 2 tracks or more (of 3)"), (1, "3 artists")):
        catalog = build_catalog(lib, min_tracks=min_tracks)
        unclustered = {c.path: Clustering((), (), ()) for c in catalog.collections}
        index = PageWriter(lib, catalog, PageSettings()).kind_index("artists", unclustered)
        assert f"\n{line}\n" in index, index[:300]


def _table_after(page: str, head: str) -> list[tuple[str, str]]:
    """(name cell, count cell) rows of the small table whose first header cell is `head`."""
    start = page.index(f"<th>{head}</th>")
    body = page[start : page.index("</table>", start)]
    return re.findall(r"<tr><td[^>]*>(.*?)</td><td>([\d,]+)</td>", body)


def test_top_names_count_tracks_link_where_pages_exist_and_use_the_usual_spelling() -> None:
    page = counted_page()
    # Ana (twice) and ana (once) are one artist of 3 tracks, spelled as most tracks spell it
    assert _table_after(page, "Artist") == [('<a href="../library/artists/ana/">Ana</a>', "3"), ("Bo", "1"),
                                            ("Cy", "1")]  # fmt: skip
    genres = _table_after(page, "Genre")
    assert genres == [
        ('<a href="../library/genres/pop/">pop</a>', "2"),
        ('<a href="../library/genres/rock/">rock</a>', "2"),
    ]
    assert _table_after(page, "Record label") == [('<a href="../library/labels/l1/">L1</a>', "2"), ("L2", "1")]


def pairs_library() -> Library:
    """Liked Songs holds 100 tracks; A and B (10 each) share 8; C and D (3 each) share 2."""
    lib = Library(tracks={f"k{i}": Track(f"k{i}", str(i)) for i in range(100)})
    lib.playlists = [
        Playlist("Liked Songs", "l.csv", [f"k{i}" for i in range(100)]),
        Playlist("A", "a.csv", [f"k{i}" for i in range(10)]),
        Playlist("B", "b.csv", [f"k{i}" for i in range(2, 12)]),
        Playlist("C", "c.csv", ["k50", "k51", "k52"]),
        Playlist("D", "d.csv", ["k51", "k52", "k53"]),
    ]
    return lib


def test_pairs_rank_by_jaccard_so_a_big_playlist_is_not_alike_to_everything() -> None:
    playlists = build_catalog(pairs_library(), min_tracks=1000).of_kind("playlists")
    pairs = [(a.name, b.name, shared, round(j, 3)) for a, b, shared, j in playlist_pairs(playlists, 10)]
    assert pairs == [
        ("A", "B", 8, 0.667),
        ("C", "D", 2, 0.5),
        ("A", "Liked Songs", 10, 0.1),
        ("B", "Liked Songs", 10, 0.1),
        ("C", "Liked Songs", 3, 0.03),
        ("D", "Liked Songs", 3, 0.03),
    ]


def test_biggest_playlists_and_the_pairs_most_alike_on_the_page() -> None:
    lib = pairs_library()
    page = start_page(PageWriter(lib, build_catalog(lib, min_tracks=1000), PageSettings())).text
    biggest = _table_after(page, "Playlist")
    assert [count for _, count in biggest] == ["100", "10", "10", "3", "3"]
    assert biggest[0][0] == '<a href="../library/playlists/liked-songs/">Liked Songs</a>'
    alike = re.findall(r'<tr><td dir="auto"><a [^>]+>(\w+)</a></td><td dir="auto"><a [^>]+>([\w ]+)</a></td>'
                       r"<td>(\d+)</td><td>(\d+ %)</td>", page)  # fmt: skip
    # C and D share too few tracks to say much of the library
    assert alike == [("A", "B", "8", "67 %"), ("A", "Liked Songs", "10", "10 %"), ("B", "Liked Songs", "10", "10 %")]
    assert "from 5 shared tracks" in page


def test_listening_time_in_words() -> None:
    assert listening_time([]) == ""
    assert listening_time([0, -5]) == ""
    assert listening_time([90_000]) == "2 minutes of music"
    assert listening_time([3_600_000, 60_000]) == "1 hour 1 minute of music"
    assert listening_time([3_600_000 * 651]) == "651 hours of music (about 27 days)"


def test_decades_keep_their_gaps_unless_a_typo_spreads_them() -> None:
    assert decade_counts([1975, 1979, 1992, None]) == [(1970, 2), (1980, 0), (1990, 1)]
    assert decade_counts([None]) == []
    far = decade_counts([1025, 1999, 2001])
    assert far == [(1020, 1), (1990, 1), (2000, 1)]  # a millennium of empty bars would say nothing
    assert decades_caption(1) == "Tracks per release decade; 1 track without a release year"
    assert decades_caption(0) == "Tracks per release decade"


# -- the decades chart ---------------------------------------------------------------------------------


def decade_rows(page: str) -> list[tuple[str, float, str]]:
    """(decade, bar width in %, count) of each row of the decades' table of bars."""
    table = page[page.index('<table class="clusters-bars">') :]
    table = table[: table.index("</table>")]
    return re.findall(
        r'<tr><th scope="row">(\d+s)</th><td><span class="clusters-bars-row"><span class="clusters-bars-fill" '
        r'style="width:([\d.]+)%"></span><span>([\d,]+)</span></span></td></tr>',
        table,
    )


def test_the_decades_chart_is_a_table_of_bars_with_its_numbers_as_text() -> None:
    page = counted_page()
    assert "## Through the decades\n" in page
    assert '<caption dir="auto">Tracks per release decade; 1 track without a release year</caption>' in page
    rows = decade_rows(page)
    # 1970s 2 (the longest bar), 1980s 0 (no bar), 1990s 1 (half the longest)
    assert [(d, n) for d, _, n in rows] == [("1970s", "2"), ("1980s", "0"), ("1990s", "1")]
    widths = [float(w) for _, w, _ in rows]
    assert widths[0] == 80.0 and widths[1] == 0.0 and widths[2] == 40.0
    assert "decades.png" not in page  # text, not a picture
    lib = counted_library()
    assert start_page(PageWriter(lib, build_catalog(lib, 2), PageSettings())).images == {}


def test_the_decades_chart_has_the_same_bytes_for_the_same_library() -> None:
    first = counted_page()
    assert counted_page() == first
    lib = counted_library()
    lib.tracks = dict(reversed(lib.tracks.items()))  # another order of the same tracks
    assert start_page(PageWriter(lib, build_catalog(lib, 2), PageSettings())).text == first


# -- the map of the library ----------------------------------------------------------------------------


def _features(loud: bool, rng: random.Random) -> dict[str, float]:
    """Two clear sounds: every varying feature apart by group, a little noise within it."""
    values = (
        (0.8, 0.9, -5.0, 0.05, 0.1, 0.0, 0.1, 0.7, 128.0) if loud else (0.2, 0.1, -20.0, 0.05, 0.9, 0.0, 0.1, 0.3, 80.0)
    )
    noisy = [v + rng.uniform(-0.02, 0.02) if name in {"danceability", "energy", "liveness"} else v
             for name, v in zip(AUDIO_FEATURES, values, strict=True)]  # fmt: skip
    return dict(zip(AUDIO_FEATURES, noisy, strict=True))


def sounding_library() -> Library:
    """Two playlists of two sounds (Loud, Quiet), and one of both (Everything) that holds the library."""
    rng = random.Random(3)
    tracks = [
        Track(f"{'L' if loud else 'Q'}{i:02d}", f"Song {i}", artists=("Ana" if loud else "Bo",), genres=("g",),
              release_date="2001-01-01", duration_ms=200_000, features=_features(loud, rng))
        for loud in (True, False)
        for i in range(15)
    ]  # fmt: skip
    lib = Library(tracks={t.key: t for t in tracks})
    lib.playlists = [
        Playlist("Loud <b>", "l.csv", [t.key for t in tracks if t.key.startswith("L")]),
        Playlist("Quiet", "q.csv", [t.key for t in tracks if t.key.startswith("Q")]),
        Playlist("Everything", "e.csv", [t.key for t in tracks]),
    ]
    return lib


def _sections(page: str) -> dict[str, str]:
    """Each cluster of the map by its heading, with its text."""
    parts = re.split(r"^### (.+)$", page, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_map_lists_each_cluster_with_the_collections_that_hold_it() -> None:
    lib = sounding_library()
    tracks = list(lib.tracks.values())
    clustering = cluster_tracks(tracks, ClusterSettings())
    description = describe(clustering, tracks, library_reference(tracks))
    assert len(clustering.clusters) == 2
    catalog = build_catalog(lib, min_tracks=10)
    legend = legend_lines(clustering, description)
    result = Result(clustering, b"PNG", legend)
    page = start_page(PageWriter(lib, catalog, PageSettings()), (result, description)).text
    assert "## Map of the library" in page and "![Map of the library: its tracks in clusters](library-map.png)" in page
    # right after the PNG, the data of the same interactive picture as a clusters page (its legend, its points)
    after = page[page.index("(library-map.png)") :]
    data = re.search(r"<div class=\"clusters-plot\" data-plot='([^']+)'></div>", after)
    assert data and after.index(data.group()) < after.index("### Cluster")
    assert data.group(1) == plot_json(clustering, lib.tracks, legend)
    drawn = json.loads(data.group(1))
    assert [c["label"] for c in drawn["clusters"]] == list(legend) and len(drawn["points"]) == 30
    assert "All 30 tracks with features, clustered as one collection: 2 clusters" in page
    sections = _sections(page)
    assert len(sections) == 2
    holders = {}
    for heading, text in sections.items():
        assert re.match(r"Cluster \d: \S", heading)  # not a digit first: the mkdocs theme reads ids as selectors
        assert "15 tracks (50 %) · " in text
        holders[heading] = re.findall(r'<bdi><a href="\.\./library/(\w+/[\w-]+)/">', text)
    # each cluster is one playlist and one artist; Everything holds the whole library, so it says nothing
    assert sorted(map(sorted, holders.values())) == [
        ["artists/ana", "playlists/loud-b"],
        ["artists/bo", "playlists/quiet"],
    ]
    assert "Loud &lt;b&gt;</a></bdi> (15)" in page


def test_an_unclustered_library_says_why() -> None:
    lib = counted_library()
    tracks = list(lib.tracks.values())
    clustering = cluster_tracks(tracks, ClusterSettings())
    description = describe(clustering, tracks, library_reference(tracks))
    page = start_page(PageWriter(lib, build_catalog(lib, 2), PageSettings()), (Result(clustering, b""), description))
    # 3 tracks have a release year and a length (the fallback's features): too few to cluster
    assert "<strong>Not clustered.</strong> 3 tracks with features: too few to form clusters" in page.text
    assert "library-map.png" not in page.text and page.images == {}


def test_the_map_goes_through_the_cache(tmp_path: Path) -> None:
    """Clustered once, with the collections; a later build (same folder, another process's memory) and a
    rebuild in this process take it from the cache."""
    lib = sounding_library()
    first, computed = generate_site(lib, Settings(), BuildCache(tmp_path / "cache"))
    assert computed[0] == LIBRARY_MAP
    assert "library/library-map.png" in first.images
    second, computed = generate_site(lib, Settings(), BuildCache(tmp_path / "cache"))
    assert computed == () and second == first
    memo = BuildCache()
    generate_site(lib, Settings(), memo)
    assert generate_site(lib, Settings(), memo)[1] == ()


# -- a real build: links and pictures resolve ----------------------------------------------------------


def write_sounding_export(folder: Path) -> None:
    """`sounding_library` as Exportify files (release years over three decades)."""
    rng = random.Random(5)
    rows: dict[str, list[list[str]]] = {"Loud": [], "Quiet": []}
    for name, loud in (("Loud", True), ("Quiet", False)):
        for i in range(15):
            f = _features(loud, rng)
            row = exportify_row(f"{name[0]}{i:021d}", f"{name} {i}", f"{name} Artist",
                                features=tuple(f[n] for n in AUDIO_FEATURES))  # fmt: skip
            row[4] = f"{1990 + i * 2}-01-01"
            rows[name].append(row)
    folder.mkdir(parents=True)
    for name, playlist in rows.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(EXPORTIFY_2025, playlist))
    (folder / "Everything.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows["Loud"] + rows["Quiet"]))


@pytest.mark.parametrize("directory_urls", [True, False])
def test_start_page_links_and_pictures_resolve_in_a_real_build(tmp_path: Path, directory_urls: bool) -> None:
    write_sounding_export(tmp_path / "export")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: T\nuse_directory_urls: {str(directory_urls).lower()}\n"
        "plugins:\n  - clusters:\n      library: export\n      cache: false\n"
    )
    mkdocs_build(config, tmp_path / "site")
    site = tmp_path / "site"
    assert broken_links(site) == []
    home = (site / "library" / "index.html").read_text(encoding="utf-8")
    assert 'src="library-map.png"' in home and "decades.png" not in home
    assert (site / "library" / "library-map.png").read_bytes().startswith(b"\x89PNG")
    assert "Map of the library" in home and '<th scope="row">1990s</th>' in home
    assert home.count('<div class="clusters-plot" data-plot=') == 1  # the map, interactive
    assert f'href="../library/playlists/loud/{"" if directory_urls else "index.html"}"' in home
    assert "Load report" not in home  # nothing to report


# -- user names stay text ------------------------------------------------------------------------------

#: the tags and attributes the start page's raw HTML is made of: anything else came from a name
_TAGS = {"p", "strong", "ul", "li", "a", "bdi", "div", "table", "thead", "tbody", "tr", "th", "td", "h3", "span",
         "caption", "svg", "rect", "title", "text"}  # fmt: skip
_ATTRIBUTES = {"href", "dir", "class", "data-clusters-first", "scope", "style", "role", "aria-label", "viewbox",
               "width", "height", "x", "y", "font-size", "text-anchor", "data-plot"}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name not in _ATTRIBUTES or (name == "href" and not (value or "").startswith("../library/")):
                self.found.append(f"{tag} {name}={value}")

    def handle_comment(self, data: str) -> None:
        if f"<!--{data}-->" not in (SEARCH_OFF, SEARCH_ON):  # the page's own marks for the site search
            self.found.append(f"<!--{data}-->")


def test_hostile_names_stay_text(tmp_path: Path) -> None:
    lib = load_library(write_hostile_library(tmp_path))
    lib.reports.append(
        FileReport("<img src=x onerror=alert(1)>.csv", rows_read=1, problems=[Problem("f", 2, "<b>bad</b>")])
    )
    site, _ = generate_site(lib, Settings(min_collection_tracks=5))
    page = site.pages["library/index.md"]
    blocks = re.findall(re.escape(RAW_START) + r"\n(.*?)\n" + re.escape(RAW_END), page, flags=re.DOTALL)
    parser = _Tags()
    for block in blocks:
        parser.feed(block)
    assert parser.found == []
    # outside the raw blocks only headings, pictures and front matter: no user text as Markdown
    rest = re.sub(re.escape(RAW_START) + r".*?" + re.escape(RAW_END), "", page, flags=re.DOTALL)
    for line in filter(None, rest.splitlines()):
        assert re.fullmatch(r"---|title: Library|# Library|##+ [^<>*_`\[\]]+|!\[[\w ,;:.]+\]\([\w-]+\.png\)", line), (
            line
        )
    for name in HOSTILE[:3]:
        assert escape(name) in page  # top lists and map name them as written
    assert "&lt;img src=x onerror=alert(1)&gt;.csv: 0 of 1 rows loaded; line 2: &lt;b&gt;bad&lt;/b&gt;" in page


def test_what_the_export_lacks_is_not_shown_and_an_empty_playlist_says_so(tmp_path: Path) -> None:
    """An export without genres or labels (most since 2026) says nothing of "0 genres", links to no empty
    index, and the navigation has no section for them; a playlist exported empty says it is empty."""
    folder = tmp_path / "export"
    folder.mkdir()
    rows = [exportify_row(f"{i:022d}", f"Song {i}", f"Artist {i % 2}", genres="", label="") for i in range(12)]
    (folder / "Mix.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    (folder / "Nothing.csv").write_bytes(csv_bytes(EXPORTIFY_2025, []))
    site, _ = generate_site(load_library(folder), Settings(min_collection_tracks=5))
    home = site.pages["library/index.md"]
    assert "2 artists" in home and "## Top artists\n" in home and "genre" not in home and "label" not in home
    assert '/genres/"' not in home and '/labels/"' not in home and 'href="../library/artists/"' in home
    assert [node.title for node in site.nav.children[1:]] == ["Playlists", "Artists"]
    empty = site.pages["library/playlists/nothing/index.md"]
    assert "Empty: the export holds no track of it." in empty and "features to compare" not in empty
