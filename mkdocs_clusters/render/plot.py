"""The data of the interactive comparison picture, embedded in a clusters page for `assets/clusters.js`.

The static PNG stays on the page (it is what readers without JavaScript, feeds and link previews see);
the script draws an SVG from this data and hides the PNG. The data sits in a `data-plot` attribute of an
empty `<div class="clusters-plot">`, not in a `<script type="application/json">` element: search indexers
(MkDocs' own among them) would index a script's text as page text, and hostile-page scanners rightly flag
script text that holds payload-looking names. The JSON is written so that it needs no HTML escaping at
all (`<`, `>`, `&`, `'` and the JavaScript line separators become `\\uXXXX` escapes), then wrapped in single
quotes: nothing in it can end the attribute, start a character reference or open a tag.

Coordinates are scaled into the SVG's view box here and rounded to 0.1 units, so the page is small, the
script does no arithmetic on the projection, and the same clusters give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mkdocs_clusters.cluster.model import Clustering
from mkdocs_clusters.model import Track
from mkdocs_clusters.render.html import raw, visible
from mkdocs_clusters.render.pictures import POINT_LIMIT, cluster_style, light_edge, sampled
from mkdocs_clusters.render.search import unsearched

#: the SVG's view box (width, height); the script sizes the picture to the page's width
VIEW_BOX: tuple[int, int] = (600, 360)
#: room inside the view box around the outermost points, so their markers are not cut
_PADDING = 14.0
#: characters that could matter to an HTML parser or a JavaScript parser, as JSON escapes
_JSON_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&'\u2028\u2029"}
_ESCAPE = re.compile("[" + "".join(_JSON_ESCAPES) + "]")
#: only these links may become clickable points (Track.spotify_url builds them; checked again here)
LINK_PREFIX = "https://open.spotify.com/"
#: palette colours drawn otherwise on the dark scheme's card (#23262f in clusters.css): black would vanish,
#: and the dark blue is lightened to a contrast of 3:1; the others keep theirs, from 3.9:1 up
ON_DARK = {"#000000": "#E8E8E8", "#0072B2": "#1F82C4"}


def interactive_picture(
    alt: str, link: str, clustering: Clustering, tracks: Mapping[str, Track], legend: Sequence[str]
) -> list[str]:
    """The comparison picture as a page holds it (a clusters page, the start page's map): the PNG at
    `link` in Markdown (so that MkDocs checks the link; what readers without JavaScript see), the data
    that the script draws interactive in its place, and a note when the picture draws a sample. Both
    pages take it from here, so that the map of the library is the same picture as a playlist's."""
    out = [f"![{alt}]({link})\n", raw(unsearched(plot_data(clustering, tracks, legend)))]
    drawn = len(clustering.point_keys)
    if drawn > POINT_LIMIT:
        note = (
            f'<p class="clusters-note">The picture draws about {POINT_LIMIT:,} of the {drawn:,} tracks, each '
            "cluster in proportion; the tables and downloads have them all.</p>"
        )
        out.append(unsearched(note) + "\n")
    return out


def plot_data(clustering: Clustering, tracks: Mapping[str, Track], legend: Sequence[str]) -> str:
    """The `<div>` that the script turns into the interactive picture; "" when there are no clusters."""
    if not clustering.clusters:
        return ""
    return f"<div class=\"clusters-plot\" data-plot='{plot_json(clustering, tracks, legend)}'></div>"


def plot_json(clustering: Clustering, tracks: Mapping[str, Track], legend: Sequence[str]) -> str:
    """The data as JSON text that is safe inside a single-quoted HTML attribute (see the module doc)."""
    text = json.dumps(payload(clustering, tracks, legend), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _ESCAPE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def payload(clustering: Clustering, tracks: Mapping[str, Track], legend: Sequence[str]) -> dict[str, Any]:
    """The picture as plain data.

    `points` rows are `[x, y, cluster number, title, artists, link]`, grouped by cluster number (so
    they are drawn in the same order as the PNG's scatter calls) and by track key within a cluster;
    `link` is "" for tracks without a page on Spotify (local files). A cluster's `colour` is its colour
    in the static picture and on the light scheme, `dark` its colour on the dark scheme's card.
    """
    width, height = VIEW_BOX
    clustering = sampled(clustering)  # the PNG's points, no more (a 10,000-track page was 1 MB of them)
    xs = _scale(clustering.points[:, 0], width, flip=False)
    ys = _scale(clustering.points[:, 1], height, flip=True)
    rows = sorted(
        zip(clustering.point_clusters, clustering.point_keys, xs, ys, strict=True), key=lambda r: (r[0], r[1])
    )
    return {
        "box": [width, height],
        "axes": [visible(title) for title in clustering.axis_titles],
        "clusters": [_cluster(c.number, visible(line)) for c, line in zip(clustering.clusters, legend, strict=True)],
        "points": [_point(x, y, number, tracks[key]) for number, key, x, y in rows],
    }


def _cluster(number: int, label: str) -> dict[str, Any]:
    colour, marker = cluster_style(number)
    return {
        "number": number,
        "label": label,
        "colour": colour,
        "edge": light_edge(colour),
        "dark": ON_DARK.get(colour, colour),
        "marker": marker,
    }


def _point(x: float, y: float, number: int, track: Track) -> list[Any]:
    link = track.spotify_url
    return [
        x,
        y,
        number,
        visible(track.title),
        visible(", ".join(track.artists)),
        link if link.startswith(LINK_PREFIX) else "",
    ]


def _scale(values: NDArray[np.float64], size: int, *, flip: bool) -> Sequence[float]:
    """Projection values into `[padding, size - padding]` of the view box, rounded to 0.1.

    A flat axis (every value equal, as the second axis of a one-feature collection) sits in the middle.
    SVG's y grows downwards, so `flip` turns the vertical axis the way a chart reads.
    """
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)
    span = high - low
    inner = size - 2 * _PADDING
    scaled = [(float(v) - low) / span * inner + _PADDING if span > 1e-12 else size / 2 for v in values]
    if flip:
        scaled = [size - v for v in scaled]
    return [_tidy(v) for v in scaled]


def _tidy(value: float) -> float:
    """0.1 precision, and never `-0.0` (the same point must give the same bytes)."""
    return round(value, 1) + 0.0
