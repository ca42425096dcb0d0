"""Small charts of counts as page text, not pictures: columns over time as inline SVG (streams per month of a
listening history, tracks added per month or year) and rows of bars as an HTML table (tracks per release
decade).

Text, not a PNG: a phone draws them at its own size, they take the page's light or dark colours from the
stylesheet, and their numbers are there for a screen reader (each column's `<title>`, the SVG's label, a
table's cells). A few kilobytes each, no file, no script; the same counts give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mkdocs_clusters.render.html import escape

#: a column's width and the height of the tallest, in SVG units (pixels unless the page is narrower)
COLUMN, HEIGHT = 12, 60
#: the room under the columns for their labels, the least distance between two labels, and the room right
#: of the last column for a label under it
_LABELS, _LABEL_GAP, _RIGHT = 14, 32, 16
#: columns this wide or wider have their count above them, and their labels centred under them
_COUNTED = 28
_MIDDLE = 'font-size="10" text-anchor="middle"'
#: the longest bar of a table of bars, as a share of its row (the rest holds the count)
_LONGEST = 80.0


def column_bars(
    columns: Sequence[tuple[str, int]], what: str, tip: Callable[[str, int], str], width: int = COLUMN
) -> str:
    """A column per `(label, count)` in order, scaled to the biggest; "" when every count is 0.

    `tip` gives each column's tooltip from its label and count (`2024-02: 31 streams`); `what` is the
    SVG's accessible name. Columns are labelled by their first four characters (the year of a `YYYY-MM`
    month or of a `YYYY` year) where that changes, as long as the labels stay apart: the years under
    each January of months, under every year of years. Columns as wide as `_COUNTED` or wider carry
    their count above them, for a reader who cannot hover (a phone)."""
    most = max((n for _, n in columns), default=0)
    if not most:
        return ""
    counted = width >= _COUNTED
    top = _LABELS if counted else 0
    total, tall = len(columns) * width + _RIGHT, top + HEIGHT + _LABELS
    parts = [
        f'<svg class="clusters-columns" viewBox="0 0 {total} {tall}" width="{total}" height="{tall}" '
        f'role="img" aria-label="{escape(what)}">'
    ]
    labelled, last = "", -_LABEL_GAP
    for i, (label, count) in enumerate(columns):
        x, height = i * width, round(count / most * HEIGHT, 1)
        parts.append(
            f'<rect x="{x}" y="{top + HEIGHT - height}" width="{width - 1}" height="{height}">'
            f"<title>{escape(tip(label, count))}</title></rect>"
        )
        if counted and count:
            parts.append(f'<text x="{x + width / 2:g}" y="{top + HEIGHT - height - 3:g}" {_MIDDLE}>{count:,}</text>')
        year = label[:4]
        if year != labelled and x - last >= _LABEL_GAP:
            at = f'x="{x + width / 2:g}" {_MIDDLE}' if counted else f'x="{x}" font-size="10"'
            parts.append(f'<text {at} y="{top + HEIGHT + 12}">{escape(year)}</text>')
            labelled, last = year, x
    parts.append("</svg>")
    return '<div class="clusters-chart">' + "".join(parts) + "</div>"


def row_bars(rows: Sequence[tuple[str, int]], caption: str) -> str:
    """A bar per `(label, count)`, one row each, longest for the biggest count, with the count after it:
    an HTML table whose `caption` says what it counts and whose rows are headed by their labels, so that
    labels and numbers are text a phone draws at its own size and a screen reader reads as a table."""
    most = max((n for _, n in rows), default=0) or 1
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td><span class="clusters-bars-row">'
        f'<span class="clusters-bars-fill" style="width:{count / most * _LONGEST:.1f}%"></span>'
        f"<span>{count:,}</span></span></td></tr>"
        for label, count in rows
    )
    return f'<table class="clusters-bars"><caption dir="auto">{escape(caption)}</caption><tbody>{body}</tbody></table>'
