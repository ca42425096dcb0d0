"""The data of the interactive picture: safe in its attribute for every hostile name, exact after parsing,
only Spotify links, the same bytes for the same clusters, and a page size that stays reasonable."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from helpers import described, legend_of
from helpers.hostile import BAD_URIS, HOSTILE, write_hostile_library
from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import Cluster, Clustering, ClusterSettings
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import Library, Track
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render import pages, plot
from mkdocs_clusters.render.pictures import MARKERS, PALETTE, legend_text, light_edge
from mkdocs_clusters.render.plot import VIEW_BOX, payload, plot_data, plot_json
from mkdocs_clusters.render.search import unsearched

_SPOTIFY_TRACK = re.compile(r"https://open\.spotify\.com/track/[0-9A-Za-z]+")


class _Element(HTMLParser):
    """What an HTML parser makes of the plot's block: its tags with their attributes, and any text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parsed(block: str) -> dict[str, Any]:
    """The data as a browser reads it: the attribute's value after HTML parsing, through JSON."""
    parser = _Element()
    parser.feed(block)
    parser.close()
    assert parser.text == [] and parser.comments == []
    [(tag, attrs)] = parser.tags  # one element, nothing broke out of it
    assert tag == "div"
    assert [name for name, _ in attrs] == ["class", "data-plot"]
    assert dict(attrs)["class"] == "clusters-plot"
    value = dict(attrs)["data-plot"]
    assert value is not None
    data: dict[str, Any] = json.loads(value)
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, Clustering]:
    """The hostile library's `Everything` playlist, clustered: every hostile name in every point."""
    library = load_library(write_hostile_library(tmp_path_factory.mktemp("plot") / "export"))
    everything = next(c for c in build_catalog(library, min_tracks=5).collections if c.name == "Everything")
    clustering = cluster_tracks([library.tracks[k] for k in everything.track_keys], ClusterSettings())
    assert len(clustering.clusters) >= 2 and len(clustering.point_keys) == len(library.tracks)
    return library, clustering


def test_no_hostile_name_breaks_out_of_the_block(hostile: tuple[Library, Clustering]) -> None:
    library, clustering = hostile
    block = plot_data(clustering, library.tracks, legend_of(clustering, library.tracks.values()))
    value = block.split("data-plot='", 1)[1].rsplit("'></div>", 1)[0]
    for unsafe in ("</script", "<!--", "<", ">", "&", "'", "\u2028", "\u2029"):
        assert unsafe not in value, unsafe
    assert "\\u003c" in value and "\\u0026" in value and "\\u0027" in value  # escaped, not dropped
    assert parsed(block) == payload(clustering, library.tracks, legend_of(clustering, library.tracks.values()))


def test_names_round_trip_exactly(hostile: tuple[Library, Clustering]) -> None:
    library, clustering = hostile
    points = parsed(plot_data(clustering, library.tracks, legend_of(clustering, library.tracks.values())))["points"]
    titles = {p[3] for p in points}
    artists = {p[4] for p in points}
    assert [name for name in HOSTILE if name not in titles] == []
    assert artists == set(HOSTILE)
    assert titles == {t.title for t in library.tracks.values()}


def test_only_spotify_track_links(hostile: tuple[Library, Clustering]) -> None:
    library, clustering = hostile
    block = plot_data(clustering, library.tracks, legend_of(clustering, library.tracks.values()))
    links = [p[5] for p in parsed(block)["points"]]
    assert all(link == "" or _SPOTIFY_TRACK.fullmatch(link) for link in links)
    assert "" in links and sum(1 for link in links if link) > len(links) // 2
    for bad in BAD_URIS:
        assert json.dumps(bad)[1:-1] not in block and bad not in block
    expected = sorted(t.spotify_url for t in library.tracks.values())
    assert sorted(links) == expected


def test_a_link_that_is_not_spotify_is_dropped() -> None:
    """Track.spotify_url only builds Spotify links; the check here holds even if it someday did not."""

    class Elsewhere(Track):
        @property
        def spotify_url(self) -> str:
            return "javascript:alert(1)"

    track = Elsewhere(key="a", title="A")
    assert plot._point(1.0, 2.0, 1, track)[5] == ""


def test_control_characters_are_removed_like_the_tables_do() -> None:
    clustering, tracks = synthetic(6, title=lambda i: f"a\x00b\x1bc\u2028{i}")
    titles = [p[3] for p in parsed(plot_data(clustering, tracks, legend_of(clustering, tracks.values())))["points"]]
    assert sorted(titles) == [f"abc\u2028{i}" for i in range(6)]
    assert "\u2028" not in plot_json(clustering, tracks, legend_of(clustering, tracks.values()))


def test_same_clusters_same_bytes(hostile: tuple[Library, Clustering]) -> None:
    library, clustering = hostile
    first = plot_data(clustering, library.tracks, legend_of(clustering, library.tracks.values()))
    again = cluster_tracks(list(reversed(list(library.tracks.values()))), ClusterSettings())
    assert (
        plot_data(
            again,
            dict(reversed(list(library.tracks.items()))),
            legend_of(again, dict(reversed(list(library.tracks.items()))).values()),
        )
        == first
    )


def test_points_fit_the_view_box_and_follow_the_clusters(hostile: tuple[Library, Clustering]) -> None:
    library, clustering = hostile
    data = parsed(plot_data(clustering, library.tracks, legend_of(clustering, library.tracks.values())))
    width, height = data["box"]
    assert (width, height) == VIEW_BOX
    points = data["points"]
    assert len(points) == len(clustering.point_keys)
    for x, y, *_ in points:
        assert 0 < x < width and 0 < y < height
        assert round(x, 1) == x and round(y, 1) == y
    numbers = [p[2] for p in points]
    assert numbers == sorted(numbers)  # drawn cluster by cluster, as the PNG
    assert {n: numbers.count(n) for n in set(numbers)} == {c.number: len(c.keys) for c in clustering.clusters}
    # the extremes of the projection touch the padding; y grows downwards, so the top is the largest value
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    assert (min(xs), max(xs)) == (plot._PADDING, width - plot._PADDING)
    top = int(np.argmax(clustering.points[:, 1]))
    order = sorted(range(len(points)), key=lambda i: (clustering.point_clusters[i], clustering.point_keys[i]))
    assert ys[order.index(top)] == min(ys) == plot._PADDING


def test_legend_names_each_cluster_like_the_picture(hostile: tuple[Library, Clustering]) -> None:
    library, clustering = hostile
    data = parsed(plot_data(clustering, library.tracks, legend_of(clustering, library.tracks.values())))
    expected = [
        {
            "number": c.number,
            "label": label,
            "colour": PALETTE[c.number - 1],
            "edge": light_edge(PALETTE[c.number - 1]),
            "dark": plot.ON_DARK.get(PALETTE[c.number - 1], PALETTE[c.number - 1]),
            "marker": MARKERS[c.number - 1],
        }
        for c, label in zip(clustering.clusters, legend_of(clustering, library.tracks.values()), strict=True)
    ]
    assert data["clusters"] == expected
    assert data["axes"] == list(clustering.axis_titles)
    assert legend_text(3, 1, "Fast") == "3. Fast (1)"
    assert legend_text(1, 2000, "Slow acoustic") == "1. Slow acoustic (2,000)"


def test_a_flat_axis_sits_in_the_middle() -> None:
    clustering, tracks = synthetic(6)
    clustering.points[:, 1] = 0.0
    ys = {p[1] for p in payload(clustering, tracks, legend_of(clustering, tracks.values()))["points"]}
    assert ys == {VIEW_BOX[1] / 2}


def test_nothing_without_clusters() -> None:
    assert plot_data(Clustering((), [], ()), {}, ()) == ""


def test_the_clusters_page_carries_the_picture_and_its_data(hostile: tuple[Library, Clustering]) -> None:
    library, clustering = hostile
    catalog = build_catalog(library, min_tracks=5)
    everything = next(c for c in catalog.collections if c.name == "Everything")
    text = pages.PageWriter(library, catalog, pages.PageSettings()).collection_page(
        everything, *described(clustering, library.tracks.values())
    )
    picture = text.index("![Comparison of the clusters](clusters.png)\n")
    block = plot_data(clustering, library.tracks, legend_of(clustering, library.tracks.values()))
    # its own HTML block, right after the picture, out of the site's search
    assert text.index("\n" + unsearched(block) + "\n") > picture


def synthetic(n: int, title: Any = lambda i: f"Song number {i}", seed: int = 3) -> tuple[Clustering, dict[str, Track]]:
    """A clustering of `n` made-up tracks in 4 clusters, without running the clustering (fast at any n)."""
    rng = random.Random(seed)
    tracks = {
        f"{i:022d}": Track(
            key=f"{i:022d}",
            title=title(i),
            artists=(f"Artist {rng.randrange(n // 3 + 1)}", "Featured Singer")[: 1 + i % 2],
            uri=f"spotify:track:{i:022d}" if i % 10 else "",
        )
        for i in range(n)
    }
    keys = tuple(tracks)
    numbers = tuple(1 + i % 4 for i in range(n))
    clusters = [
        Cluster(c, tuple(k for k, m in zip(keys, numbers, strict=True) if m == c), {"energy": 0.5 * c - 1.2})
        for c in range(1, 5)
    ]
    points = np.array([[rng.gauss(m, 1.0), rng.gauss(-m, 1.0)] for m in numbers])
    clustering = Clustering(
        ("energy",),
        clusters,
        (),
        points=np.round(points, 6),
        point_keys=keys,
        point_clusters=numbers,
        axis_titles=("PC1: +energy, −valence", "PC2: +tempo, +danceability"),
    )
    return clustering, tracks


def test_a_big_collection_stays_a_reasonable_size(tmp_path: Path) -> None:
    """2,000 tracks: the data costs about 115 bytes a track (the page's tables about 420, measured on a
    real 8,492-track playlist); a budget that a change of format must not quietly exceed."""
    clustering, tracks = synthetic(2000)
    block = plot_data(clustering, tracks, legend_of(clustering, tracks.values()))
    per_track = len(block.encode("utf-8")) / 2000
    assert per_track < 130, per_track
    (tmp_path / "size.txt").write_text(f"{len(block.encode('utf-8'))}\n")


def _stylesheet_colours(selector: str) -> dict[str, str]:
    """The picture's colour variables as clusters.css sets them in the first block of `selector`."""
    css = (Path(plot.__file__).parent / "assets" / "clusters.css").read_text(encoding="utf-8")
    block = css[css.index(selector) :]
    block = block[block.index("{") + 1 : block.index("}")]
    return dict(re.findall(r"--clusters-([a-z-]+):\s*(#[0-9a-fA-F]{6})", block))


def _contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", [".clusters-plot-card {", '.clusters-plot-card[data-scheme="dark"] {'])
def test_the_picture_reads_on_either_scheme(scheme: str) -> None:
    """The stylesheet's light and dark colours: text and tooltip at 7:1 on their ground, axes' frame at 3:1."""
    colours = _stylesheet_colours(scheme)
    card = colours["card"]
    assert _contrast(colours["ink"], card) >= 7
    assert _contrast(colours["soft"], card) >= 4.5
    assert _contrast(colours["frame"], card) >= 3
    assert _contrast(colours["tip-ink"], colours["tip"]) >= 7
    assert _contrast(colours["tip-link"], colours["tip"]) >= 4.5
    assert _contrast(colours["tip"], card) >= 7  # the tooltip stands out of the card
    assert colours["edge"] == card  # points' outlines in the card's colour


def test_every_cluster_colour_shows_on_the_dark_card() -> None:
    """Black (cluster #8) and the dark blue (#1) would hardly show on the dark card: they are drawn lighter
    there, every cluster at 3:1 at least, and still in eight different colours."""
    card = _stylesheet_colours('.clusters-plot-card[data-scheme="dark"] {')["card"]
    clustering, tracks = synthetic(40)
    on_dark = [plot._cluster(n, "x")["dark"] for n in range(1, 9)]
    assert on_dark[7] == "#E8E8E8" and on_dark[0] != PALETTE[0]
    assert [_contrast(c, card) >= 3 for c in on_dark] == [True] * 8
    assert len(set(on_dark)) == 8
    assert [
        c["dark"] for c in payload(clustering, tracks, legend_of(clustering, tracks.values()))["clusters"]
    ] == on_dark[:4]


def test_every_cluster_shows_on_the_light_card() -> None:
    """Okabe-Ito's yellow is 1.2:1 on white, its orange and sky blue about 2:1: their points get an outline
    of their own hue, darkened to 3:1; the others keep the card's white edge that parts overlapping points."""
    card = _stylesheet_colours(".clusters-plot-card {")["card"]
    for number in range(1, 9):
        cluster = plot._cluster(number, "x")
        fill, edge = cluster["colour"], cluster["edge"]
        assert max(_contrast(fill, card), _contrast(edge, card)) >= 3, (fill, edge)
        if edge == card:
            continue
        assert _contrast(fill, card) < 3
        rgb, darker = ([int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in (fill, edge))
        assert all(d < c or c == 0 for c, d in zip(rgb, darker, strict=True)), (fill, edge)  # darker, same hue
        assert max(rgb) * min(d for d in darker if d) == pytest.approx(max(darker) * min(c for c in rgb if c), rel=0.05)
    assert light_edge("#F0E442") != card and light_edge("#0072B2") == card


def test_every_cluster_of_a_picture_has_its_own_colour_and_marker() -> None:
    """Past eight clusters the palette comes round again; the marker moves on, so no two clusters look
    alike (clusters 1 and 9 were both blue circles)."""
    from mkdocs_clusters.render.pictures import cluster_style

    styles = [cluster_style(number) for number in range(1, 65)]
    assert len(set(styles)) == 64
    assert styles[0] == (PALETTE[0], MARKERS[0]) and styles[8] == (PALETTE[0], MARKERS[1])
    assert styles[1] == (PALETTE[1], MARKERS[1]) and styles[9] == (PALETTE[1], MARKERS[2])
    assert {plot._cluster(n, "")["marker"] for n in (1, 9, 17)} == {"o", "s", "^"}
