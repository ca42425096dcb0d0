"""The comparison picture of a collection's clusters, as PNG bytes.

Drawn with Pillow rather than matplotlib: a scatter of points with a legend needs nothing more, and at
library scale pictures are a large share of a cold build (docs/architecture.md has the measurements). Drawn
at twice the size and reduced, so edges are smooth; on an opaque light card so that it stays readable on
Material's dark scheme; in a colour-blind-safe palette (Okabe-Ito) with a marker shape per cluster; with no
timestamps in the file, so the same clusters give the same bytes.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import replace
from functools import cache
from importlib.resources import files

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from mkdocs_clusters.cluster.model import Clustering
from mkdocs_clusters.cluster.names import Description

#: Okabe & Ito's palette, readable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: marker shapes in palette order (the names matplotlib uses, which the interactive picture follows)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def cluster_style(number: int) -> tuple[str, str]:
    """Cluster `number`'s colour and marker, every pair different up to 64 clusters: the colour follows
    the palette and the marker moves on one shape each time the palette comes round again, so cluster 9
    is a blue square where cluster 1 is a blue circle (and cluster 2 an orange square, 10 an orange
    triangle). Both pictures, the legend and the page take them from here."""
    index = number - 1
    return PALETTE[index % len(PALETTE)], MARKERS[(index + index // len(PALETTE)) % len(MARKERS)]


_BACKGROUND = "#ffffff"
#: the least contrast of a point's outline with the light card: WCAG's 3:1 for graphics
EDGE_CONTRAST = 3.0


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two `#rrggbb` colours."""
    low, high = sorted(map(_luminance, (one, other)))
    return (high + 0.05) / (low + 0.05)


def _rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def _luminance(colour: str) -> float:
    channels = [c / 255 for c in _rgb(colour)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@cache
def light_edge(colour: str) -> str:
    """The outline of a cluster's points on the light card: the card's white, which keeps overlapping
    points apart, for a colour that stands out of the card by itself; for a pale one (Okabe-Ito's yellow
    is 1.2:1 on white, its orange and sky blue about 2:1) the colour itself darkened until it does, so the
    point keeps its hue and gains an edge one can see."""
    if contrast(colour, _BACKGROUND) >= EDGE_CONTRAST:
        return _BACKGROUND
    rgb = _rgb(colour)
    for step in range(1, 51):
        edge = "#" + "".join(f"{round(c * (1 - step / 50)):02X}" for c in rgb)
        if contrast(edge, _BACKGROUND) >= EDGE_CONTRAST:
            return edge
    return _INK


_INK = "#1a1a1a"
_SPINE = "#888888"
#: final size in pixels, and the factor it is drawn at before reducing
SIZE = (880, 440)
_SCALE = 2
#: the plot area as fractions of the width and height (left, top, right, bottom)
_PLOT = (0.07, 0.04, 0.55, 0.88)
_RADIUS = 3.4 * _SCALE


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans as matplotlib ships it: the same glyphs on every machine (the minus sign of the axis
    labels included, which Pillow's own font lacks), no system fonts needed."""
    return ImageFont.truetype(str(files("matplotlib") / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"), size)


#: the pictures draw at most about this many tracks; a bigger collection is drawn from a sample
POINT_LIMIT = 2000
#: ... in which every cluster keeps at least this many of its tracks (all, if it has fewer)
_SAMPLE_MIN = 20


def sampled(clustering: Clustering, limit: int = POINT_LIMIT) -> Clustering:
    """The clustering with at most about `limit` points, for the pictures: each cluster keeps its share
    of them (at least `_SAMPLE_MIN`), evenly spaced along its tracks in key order, so the same tracks
    are drawn on every build; the tables and downloads still hold every track."""
    total = len(clustering.point_keys)
    if total <= limit:
        return clustering
    clusters = np.asarray(clustering.point_clusters)
    kept: list[int] = []
    for cluster in clustering.clusters:
        rows = np.flatnonzero(clusters == cluster.number)
        count = min(len(rows), max(_SAMPLE_MIN, round(limit * len(rows) / total)))
        kept += rows[np.unique(np.linspace(0, len(rows) - 1, count).round().astype(np.int64))].tolist()
    kept.sort()
    return replace(
        clustering,
        points=clustering.points[kept],
        point_keys=tuple(clustering.point_keys[i] for i in kept),
        point_clusters=tuple(clustering.point_clusters[i] for i in kept),
    )


def legend_lines(clustering: Clustering, description: Description) -> tuple[str, ...]:
    """The legend of a clustering's picture, one line per cluster, from its names."""
    return tuple(
        legend_text(c.number, len(c.keys), text.name)
        for c, text in zip(clustering.clusters, description.clusters, strict=True)
    )


def scatter_png(clustering: Clustering, legend: tuple[str, ...]) -> bytes:
    """The 2-D projection, one colour and marker per cluster, `legend` naming each (`legend_lines`).

    No track name goes into the picture (the page has them). The legend's cluster names can hold a
    genre, an artist or another playlist ("Also in Road Trip"), and the axes a fallback genre; DejaVu
    Sans draws a box for a script it lacks, while the interactive picture and the page use the
    browser's fonts.
    """
    width, height = SIZE[0] * _SCALE, SIZE[1] * _SCALE
    card = Image.new("RGB", (width, height), _BACKGROUND)
    box = (_PLOT[0] * width, _PLOT[1] * height, _PLOT[2] * width, _PLOT[3] * height)
    _points(card, sampled(clustering), box)
    draw = ImageDraw.Draw(card)
    draw.rectangle(box, outline=_SPINE, width=_SCALE)
    _axis_titles(card, draw, clustering.axis_titles, box)
    _legend(draw, clustering, legend, box)
    # 256 colours are plenty for eight marker colours and their smoothed edges, and a paletted PNG
    # encodes faster and to a fraction of the bytes of a full-colour one
    picture = card.reduce(_SCALE).quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _points(card: Image.Image, clustering: Clustering, box: tuple[float, float, float, float]) -> None:
    """Each cluster's points, scaled into the plot area with a margin, later clusters on top."""
    points = clustering.points
    if not len(points):
        return
    xs, ys = points[:, 0], points[:, 1]
    left, top, right, bottom = box
    pad = 0.05
    x0, x1 = float(xs.min()), float(xs.max())
    y0, y1 = float(ys.min()), float(ys.max())
    sx = (right - left) * (1 - 2 * pad) / ((x1 - x0) or 1.0)
    sy = (bottom - top) * (1 - 2 * pad) / ((y1 - y0) or 1.0)
    ox = left + (right - left) * pad + ((right - left) * (1 - 2 * pad) - (x1 - x0) * sx) / 2
    oy = bottom - (bottom - top) * pad - ((bottom - top) * (1 - 2 * pad) - (y1 - y0) * sy) / 2
    draw = ImageDraw.Draw(card)
    for cluster in clustering.clusters:  # in cluster order, as the interactive picture draws them
        colour, marker = cluster_style(cluster.number)
        for (x, y), number in zip(points, clustering.point_clusters, strict=True):
            if number == cluster.number:
                centre = (ox + (float(x) - x0) * sx, oy - (float(y) - y0) * sy)
                _marker(draw, marker, centre, _RADIUS, colour)


def _marker(draw: ImageDraw.ImageDraw, shape: str, centre: tuple[float, float], r: float, fill: str) -> None:
    """One point: the shape of its cluster, with a thin edge as in the interactive picture (`light_edge`)."""
    x, y = centre
    edge = light_edge(fill)
    if shape == "o":
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=edge, width=1)
        return
    polygon = [(x + px * r, y + py * r) for px, py in _SHAPES[shape]]
    draw.polygon(polygon, fill=fill, outline=edge, width=1)


def _star(points: int, inner: float) -> list[tuple[float, float]]:
    corners = []
    for i in range(points * 2):
        angle = math.pi / points * i - math.pi / 2
        radius = 1.0 if i % 2 == 0 else inner
        corners.append((radius * math.cos(angle), radius * math.sin(angle)))
    return corners


def _cross(arm: float) -> list[tuple[float, float]]:
    """A plus sign of half-width `arm`, as a polygon around the unit square."""
    a = arm
    return [(-a, -1), (a, -1), (a, -a), (1, -a), (1, a), (a, a), (a, 1), (-a, 1), (-a, a), (-1, a), (-1, -a), (-a, -a)]


def _rotated(corners: list[tuple[float, float]], degrees: float) -> list[tuple[float, float]]:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return [(x * c - y * s, x * s + y * c) for x, y in corners]


#: unit shapes of the markers other than the circle (y grows downwards)
_SHAPES: dict[str, list[tuple[float, float]]] = {
    "s": [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
    "^": [(0, -1.1), (1.0, 0.75), (-1.0, 0.75)],
    "v": [(0, 1.1), (1.0, -0.75), (-1.0, -0.75)],
    "D": [(0, -1.1), (0.8, 0), (0, 1.1), (-0.8, 0)],
    "P": _cross(0.35),
    "X": _rotated(_cross(0.3), 45),
    "*": _star(5, 0.45),
}


def _axis_titles(
    card: Image.Image, draw: ImageDraw.ImageDraw, titles: tuple[str, str], box: tuple[float, float, float, float]
) -> None:
    left, top, right, bottom = box
    font = _font(12 * _SCALE)
    draw.text(((left + right) / 2, bottom + 8 * _SCALE), titles[0], fill=_INK, font=font, anchor="mt")
    size = draw.textbbox((0, 0), titles[1], font=font)
    strip = Image.new("RGB", (int(size[2]) + 4, int(size[3]) + 4), _BACKGROUND)
    ImageDraw.Draw(strip).text((2, 2), titles[1], fill=_INK, font=font)
    turned = strip.rotate(90, expand=True)
    card.paste(turned, (int(left - turned.width - 8 * _SCALE), int((top + bottom - turned.height) / 2)))


def legend_text(number: int, size: int, name: str) -> str:
    """`2. Slow acoustic (14)`: how the legends of the picture and of the interactive one name a cluster,
    as its heading does, with its size."""
    return f"{number}. {name} ({size:,})"


def _legend(
    draw: ImageDraw.ImageDraw, clustering: Clustering, legend: tuple[str, ...], box: tuple[float, float, float, float]
) -> None:
    """One entry per cluster right of the plot: its marker, then its legend line, wrapped."""
    font = _font(11 * _SCALE)
    line = (15 if len(legend) <= 8 else 12) * _SCALE
    entries = []
    for cluster, text in zip(clustering.clusters, legend, strict=True):
        entries.append((cluster.number, textwrap.wrap(text, width=44, subsequent_indent="   ")))
    total = sum(len(lines) * line + 6 * _SCALE for _, lines in entries)
    y = (box[1] + box[3]) / 2 - total / 2
    x = box[2] + 30 * _SCALE
    for number, lines in entries:
        colour, marker = cluster_style(number)
        _marker(draw, marker, (x, y + line / 2), _RADIUS * 1.2, colour)
        for text in lines:
            draw.text((x + 14 * _SCALE, y + line / 2), text, fill=_INK, font=font, anchor="lm")
            y += line
        y += 6 * _SCALE
