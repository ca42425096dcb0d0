"""Page texts: counts in words, escaping of user data, links exactly where pages exist, names isolated from
the counts after them, folds of track tables."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

from helpers import described
from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import Cluster, Clustering, ClusterSettings
from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.collect.catalog import build_catalog, fold
from mkdocs_clusters.model import AUDIO_FEATURES, Library, Playlist, Track
from mkdocs_clusters.render.pages import PageSettings, PageWriter, column_value
from mkdocs_clusters.spotify import art_url


def test_plural() -> None:
    assert plural(1, "track") == "1 track"
    assert plural(2, "track") == "2 tracks"
    assert plural(1234, "track") == "1,234 tracks"


def test_art_urls_only_from_spotify_hosts() -> None:
    assert art_url("https://i.scdn.co/image/abc") == "https://i.scdn.co/image/abc"
    assert art_url("") == ""
    assert art_url("http://i.scdn.co/image/abc") is None
    assert art_url("javascript:alert(1)") is None
    assert art_url("data:image/png;base64,AAAA") is None
    assert art_url("https://evil.example/i.scdn.co") is None
    assert art_url("https://i.scdn.co.evil.example/x") is None
    assert art_url("https://user@i.scdn.co/x") is None
    assert art_url('https://i.scdn.co/x"onerror="alert(1)') is None
    assert art_url("https://[i.scdn.co/image") is None


def test_extra_columns_by_header_or_field() -> None:
    track = Track("k", "T", popularity=42, release_date="2001-02-03", extra={"score": "7"}, features={"energy": 0.5})
    assert column_value(track, "Score") == "7"
    assert column_value(track, "Popularity") == "42"
    assert column_value(track, "Release Date") == "2001-02-03"
    assert column_value(track, "Energy") == "0.5"
    assert column_value(track, "Rank") == ""


def small_library() -> Library:
    tracks = [
        Track(
            f"t{i}",
            "A | <b>x</b> [y](z) `c`" if i == 0 else f"Song {i}",
            album="Al*bum",
            artists=("Billie",) if i < 5 else ("Solo <i>",),
            labels=("Label & Co",),
            uri=f"spotify:track:t{i}",
            art_url="https://i.scdn.co/image/a",
        )
        for i in range(6)
    ]
    lib = Library(tracks={t.key: t for t in tracks}, liked={"t0"})
    lib.playlists = [Playlist("Mix <script>", "Mix.csv", [t.key for t in tracks])]
    return lib


def test_user_data_is_escaped_and_linked_only_where_pages_exist() -> None:
    lib = small_library()
    catalog = build_catalog(lib, min_tracks=5)
    writer = PageWriter(lib, catalog, PageSettings())
    playlist = catalog.of_kind("playlists")[0]
    clustering = cluster_tracks(list(lib.tracks.values()), ClusterSettings())
    page = writer.collection_page(playlist, *described(clustering, lib.tracks.values()))
    assert "A | &lt;b&gt;x&lt;/b&gt; [y](z) `c`" in page
    assert "<b>x</b>" not in page and "<script>" not in page
    # 6 tracks show no clusters: titled by the name, as every page is; the subtitle counts no clusters
    assert '<h1 dir="auto">Mix &lt;script&gt;</h1>' in page and "clusters of" not in page and "6 tracks" in page
    assert '<a href="../../../library/artists/billie/">Billie</a>' in page
    assert "Solo &lt;i&gt;" in page and "Solo &lt;i&gt;</a>" not in page  # 1 track: no page, no link
    assert '<a href="../../../library/labels/label-co/">Label &amp; Co</a>' in page
    assert "<td>&#x1F49A;</td>" in page  # 💚, as a reference (shows as the emoji)
    assert 'href="https://open.spotify.com/track/t0"' in page
    assert "6 tracks" in page and "Not clustered." in page


def one_playlist_page(tracks: list[Track], clustering: Clustering) -> str:
    """The page of a library that is one playlist of `tracks` (and nothing else has a page)."""
    lib = Library(tracks={t.key: t for t in tracks})
    lib.playlists = [Playlist("Old and new", "x.csv", [t.key for t in tracks])]
    catalog = build_catalog(lib, min_tracks=100)
    return PageWriter(lib, catalog, PageSettings()).collection_page(
        catalog.collections[0], *described(clustering, tracks)
    )


def test_fallback_is_said_on_the_page() -> None:
    tracks = [
        Track(
            f"k{i:02d}",
            "t",
            release_date=str(1960 + (i % 2) * 50),
            popularity=5 + (i % 2) * 80,
            duration_ms=150_000 + i * 1000,
            features={"energy": 0.5},
        )
        for i in range(30)
    ]
    page = one_playlist_page(tracks, cluster_tracks(tracks, ClusterSettings()))
    assert "No audio feature is usable here" in page
    assert "release year" in page


def test_genre_names_as_fallback_features_stay_text() -> None:
    """Without audio features, clusters are described by the user's genres ("more <genre>"): those names
    reach the summary, the cluster lines and the not-clustered note, and must not become HTML or
    Markdown (a Markdown link to a javascript: URL would run on click)."""
    import markdown

    from mkdocs_clusters.render.rawhtml import RawBlocksExtension

    payloads = ("<img src=x onerror=alert(1)>", "[click](javascript:alert(1))")
    tracks = [
        Track(
            f"k{i:02d}",
            "t",
            release_date=str(1960 + (i % 3) * 20),
            popularity=5 + (i % 2) * 80,
            duration_ms=150_000 + i * 1000,
            genres=(payloads[i % 2],),
        )
        for i in range(40)
    ]
    clustering = cluster_tracks(tracks, ClusterSettings())
    assert clustering.fallback and any(f.startswith("genre:") for f in clustering.features)
    page = one_playlist_page(tracks, clustering)
    body = page.split("---\n", 2)[2]
    html = markdown.Markdown(extensions=["toc", "tables", RawBlocksExtension()]).convert(body)
    assert "<img src=x" not in html and 'href="javascript:' not in html
    assert "genre &lt;img src=x onerror=alert(1)&gt;" in html
    assert "genre [click](javascript:alert(1))" in html


def test_counts_follow_names_isolated_from_them() -> None:
    """`Top artists: יעל כהן (7)`: each name in the overview lines is its own bidirectional isolate (`<bdi>`),
    so that a right-to-left name does not carry the count after it to its left (`(7) יעל כהן`)."""
    tracks = [
        Track(
            f"t{i}",
            f"Song {i}",
            artists=("יעל כהן",) if i < 7 else ("Ørjan Vik",),
            labels=("תקליטים",),
            genres=("pop",),
            uri=f"spotify:track:t{i}",
        )
        for i in range(9)
    ]
    lib = Library(tracks={t.key: t for t in tracks})
    lib.playlists = [Playlist("רשימה", "x.csv", [t.key for t in tracks])]
    catalog = build_catalog(lib, min_tracks=5)
    writer = PageWriter(lib, catalog, PageSettings())
    page = writer.collection_page(catalog.of_kind("playlists")[0], *described(Clustering((), (), ()), tracks))
    glance = page[page.index('<ul class="clusters-glance"') : page.index("</ul>")]
    assert re.search(r'<bdi><a href="[^"]+/artists/[a-z-]+/">יעל כהן</a></bdi> \(7\)', glance)
    assert "<bdi>Ørjan Vik</bdi> (2)" in glance  # no page of its own: no link, isolated all the same
    assert re.search(r'<bdi><a href="[^"]+">תקליטים</a></bdi> \(9\)', glance)
    assert len(re.findall(r" \(\d+\)", glance)) == len(re.findall(r"</bdi> \(\d+\)", glance)) == 4
    # an artist's page: its playlists, the same way
    artist = writer.collection_page(catalog.artists[fold("יעל כהן")], *described(Clustering((), (), ()), tracks))
    assert re.search(r'<strong>In playlists:</strong> <bdi><a href="[^"]+">רשימה</a></bdi> \(7\)', artist)


def _fold_page(count: int, settings: PageSettings, tracks: list[Track] | None = None) -> str:
    if tracks is None:
        tracks = [
            Track(f"k{i:03d}", f"Song {i:03d}", artists=("A",), uri=f"spotify:track:k{i:03d}") for i in range(count)
        ]
    lib = Library(tracks={t.key: t for t in tracks})
    lib.playlists = [Playlist("Big", "x.csv", [t.key for t in tracks])]
    catalog = build_catalog(lib, min_tracks=1000)
    clustering = Clustering(("energy",), (Cluster(1, tuple(t.key for t in tracks), {"energy": 0.4}),), ())
    return PageWriter(lib, catalog, settings).collection_page(catalog.collections[0], *described(clustering, tracks))


def test_the_fold_is_a_plain_disclosure_with_rows_in_bodies_of_fifty() -> None:
    """The rest of a cluster folds into a `<details>` in a `clusters-more` box (so that no theme dresses it as
    a note), its rows in `<tbody>`s of 50 that the stylesheet lays out only near the screen."""
    page = _fold_page(130, PageSettings())
    start = page.index('<div class="clusters-more"><details><summary>120 more tracks in Cluster 1: ')
    fold = page[start : page.index("</details></div>", start)]
    bodies = fold.split("<tbody>")[1:]
    assert [body.count("<tr id=") for body in bodies] == [50, 50, 20]
    assert fold.count("</tbody>") == 3
    assert re.findall(r"Song (\d+)", fold) == [f"{i:03d}" for i in range(10, 130)]  # nearest-first, none lost
    shown = page[: page.index('<div class="clusters-more">')]
    assert shown.count("<tbody>") == 1 and shown.count("<tr") == 11  # the header row and the first ten
    assert re.search(r'<div class="clusters-table clusters-tracks( clusters-no-\w+)*"><table>', page)
    assert "clusters-extra" not in page


def test_extra_columns_widen_the_grid_of_a_track_table() -> None:
    page = _fold_page(12, PageSettings(columns=("Popularity", "Score")))
    assert (
        len(re.findall(r'<div class="clusters-table clusters-tracks[ \w-]*" style="--clusters-extra:2"><table>', page))
        == 2
    )
    assert "<th>Popularity</th><th>Score</th>" in page


#: release dates and durations as exports hold them, and the cells they give (a year; m:ss, h:mm:ss)
FACTS = [
    ("1989-05-12", 599_999, "1989", "9:59"),
    ("2001", 600_000, "2001", "10:00"),
    ("1975-11", 3_723_000, "1975", "1:02:03"),
    ("", None, "", ""),
    ("0000", 0, "", ""),
]


def _facts_tracks() -> list[Track]:
    return [
        Track(
            f"k{i:03d}",
            f"Song {i:03d}",
            artists=("A",),
            release_date=date,
            duration_ms=ms,
            uri=f"spotify:track:k{i:03d}",
            labels=("Sub Pop",) if i == 0 else (),  # one label keeps the Label column
        )
        for i, (date, ms, _, _) in enumerate(FACTS)
    ]


def _cells(page: str, name: str) -> dict[str, str]:
    """A column of facts (`released`, `duration`) by track key, from every table of a page."""
    found = re.findall(rf'<tr id="t-(\w+)">.*?<td class="clusters-{name}">([^<]*)</td>', page)
    return dict(found)


def test_released_and_duration_columns_show_each_tracks_year_and_time() -> None:
    """After Label: the release year and the duration as players show it (seconds cut), empty where the
    track has none; headers classed as their cells (narrow columns of figures)."""
    page = _fold_page(0, PageSettings(), _facts_tracks())
    assert (
        "<th>Label</th>" + '<th class="clusters-released">Released</th><th class="clusters-duration">Duration</th>'
        in page
    )
    expected = {f"k{i:03d}": (year, time) for i, (_, _, year, time) in enumerate(FACTS)}
    assert {k: (v, _cells(page, "duration")[k]) for k, v in _cells(page, "released").items()} == expected
    assert "clusters-no-released" not in page and "clusters-no-duration" not in page


def test_a_fact_no_track_of_the_page_has_is_left_out() -> None:
    """A page none of whose tracks has a release date (or a duration) has no such column, and says so to
    the stylesheet's grid; a configured column of the same field shows it already."""
    bare = _fold_page(12, PageSettings())
    assert "Released" not in bare and "Duration" not in bare and "clusters-released" not in bare
    assert (
        bare.count(
            '<div class="clusters-table clusters-tracks clusters-no-duration clusters-no-label clusters-no-released">'
        )
        == 2
    )  # the first ten, the fold
    no_time = [dataclasses.replace(t, duration_ms=None) for t in _facts_tracks()]
    page = _fold_page(0, PageSettings(), no_time)
    assert '<th class="clusters-released">' in page and "Duration" not in page and "clusters-no-duration" in page
    dated = _fold_page(0, PageSettings(columns=("Release Date",)), _facts_tracks())
    assert "<th>Release Date</th>" in dated and "Released" not in dated and '<th class="clusters-duration">' in dated
    assert ">1989-05-12</td>" in dated


def test_a_page_without_labels_has_no_label_column() -> None:
    """An export without labels (Spotify's 2026 API, an account data export) shows no empty Label column;
    one track with a label keeps it on its page, its cell empty for the others."""
    bare = _fold_page(12, PageSettings())
    assert "<th>Label</th>" not in bare and "clusters-label" not in bare and "clusters-no-label" in bare
    one = _fold_page(0, PageSettings(), _facts_tracks())
    assert "<th>Label</th>" in one and "clusters-no-label" not in one
    assert re.search(r'<tr id="t-k000">.*?>Sub Pop<', one)


def test_a_cluster_name_from_a_hostile_genre_stays_text_in_heading_and_contents() -> None:
    """Names can hold the user's genres and artists, and headings are Markdown (the table of contents
    reads them): every character Markdown would read is a character reference, shown as written."""
    import markdown

    from mkdocs_clusters.render.rawhtml import RawBlocksExtension

    hostile = "*x* <b>y</b> [a](b) `c` #d & _e_"
    tracks = []
    for i in range(40):
        loud = i < 20
        features = {f: 0.5 for f in AUDIO_FEATURES} | {
            "energy": 0.9 if loud else 0.1,
            "loudness": -4.0 + i * 0.01 if loud else -25.0 + i * 0.01,
            "acousticness": 0.05 if loud else 0.95,
            "tempo": 150.0 + i if loud else 70.0 + i,
        }
        tracks.append(Track(f"k{i:02d}", f"Song {i}", features=features, genres=(hostile,) if loud else ("folk",)))
    clustering = cluster_tracks(tracks, ClusterSettings())
    page = one_playlist_page(tracks, clustering)
    body = page.split("---\n", 2)[2]
    md = markdown.Markdown(extensions=["toc", RawBlocksExtension()])
    html = md.convert(body)
    headings = re.findall(r"<h2 id=\"[^\"]*\">(.*?)</h2>", html)
    assert any(hostile in unescape(h) for h in headings), headings
    assert "<b>y</b>" not in html and "<em>" not in html and "<code>" not in html and 'href="b"' not in html
    assert any(hostile in unescape(item["name"]) for item in md.toc_tokens)  # type: ignore[attr-defined]


def test_released_and_duration_match_a_real_exports_rows() -> None:
    """A real Exportify export (German headers in one file, English in this one, no audio features): every
    row of a playlist's page shows the year of its Album Release Date and its Track Duration (ms) as m:ss,
    read here from the CSV itself, and every track of the file has its row."""
    import csv

    from helpers import real_fixture
    from mkdocs_clusters.build import Settings, generate_site
    from mkdocs_clusters.read.library import load_library

    export = real_fixture("deadda7a__playlists")
    with (export / "chill.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    expected = {}
    for row in rows:
        seconds = int(row["Track Duration (ms)"]) // 1000
        time = f"{seconds // 60}:{seconds % 60:02d}"
        expected[row["Track URI"].rsplit(":", 1)[1]] = (row["Album Release Date"][:4], time)
    site, _ = generate_site(load_library(export), Settings())
    page = site.pages["library/playlists/chill/index.md"]
    shown = {}
    for row in re.findall(r'<tr id="t-[^"]+">(.*?)</tr>', page):
        track = re.search(r"open\.spotify\.com/track/(\w+)", row)
        year = re.search(r'<td class="clusters-released">([^<]*)</td>', row)
        time = re.search(r'<td class="clusters-duration">([^<]*)</td>', row)
        assert track and year and time, row
        shown[track.group(1)] = (year.group(1), time.group(1))
    assert len(expected) > 20 and shown == expected
