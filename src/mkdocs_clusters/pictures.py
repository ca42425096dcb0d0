"""The comparison picture of a collection's clusters, as PNG bytes.

Drawn through matplotlib's `Figure` object API (no `pyplot` state, so safe in threads and processes),
on an opaque light card so that it stays readable on Material's dark scheme, with a colour-blind-safe
palette (Okabe-Ito) and no timestamps in the file, so the same clusters give the same bytes.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .clustering import Clustering, describe

#: Okabe & Ito's palette, readable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_BACKGROUND = "#ffffff"
_INK = "#1a1a1a"


def scatter_png(clustering: Clustering) -> bytes:
    """The 2-D projection, one colour and marker per cluster, legend naming each by its words and size.

    No user text goes into the picture (the page has the names), so no font ever lacks a glyph.
    """
    fig = Figure(figsize=(8.8, 4.4), dpi=100, facecolor=_BACKGROUND)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor(_BACKGROUND)
    points = clustering.points
    for cluster in clustering.clusters:
        mask = [n == cluster.number for n in clustering.point_clusters]
        xs = points[mask, 0]
        ys = points[mask, 1]
        size = len(cluster.keys)
        index = (cluster.number - 1) % len(PALETTE)
        ax.scatter(
            xs,
            ys,
            s=22,
            c=PALETTE[index],
            marker=MARKERS[index],
            alpha=0.8,
            linewidths=0.3,
            edgecolors=_BACKGROUND,
            label=textwrap.fill(
                f"#{cluster.number} ({size} {'track' if size == 1 else 'tracks'}): {describe(cluster.profile)}",
                width=44,
                subsequent_indent="   ",
            ),
        )
    ax.set_xlabel(clustering.axis_labels[0], color=_INK, fontsize=9)
    ax.set_ylabel(clustering.axis_labels[1], color=_INK, fontsize=9)
    # principal-component units mean nothing to a reader (and tick labels were a third of the drawing time)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#888888")
    # fixed margins: tight_layout measured at half the drawing time
    fig.subplots_adjust(left=0.07, right=0.55, top=0.96, bottom=0.12)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=8, frameon=False, labelcolor=_INK)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor=_BACKGROUND, metadata={"Software": None})
    return buffer.getvalue()
