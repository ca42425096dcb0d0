"""Small charts of counts as page text, not pictures: columns over time as inline SVG (streams of a
listening history and tracks added, per month or per year) and rows of bars as an HTML table (tracks per
release decade).

Counts over time follow one rule (`Timeline`): every month from the first to the last, empty ones as 0
(a gap is part of the story), a column each while they span at most `MONTHLY_SPAN` months (30: a chart
that fits a phone's width at `COLUMN` units a month), else a column per year, every year between drawn.
Fewer than `MIN_CHART` counted, or all in one column, give the line alone: a chart of one column, or of
three tracks, says nothing the line does not.

Text, not a PNG: a phone draws them at its own size, they take the page's light or dark colours from the
stylesheet, and their numbers are there for a screen reader (each column's `<title>`, the SVG's label, a
table's cells). A few kilobytes each, no file, no script; the same counts give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mkdocs_clusters.cluster.names import MONTHS
from mkdocs_clusters.render.html import escape

#: a column's width and the height of the tallest, in SVG units (pixels unless the page is narrower)
COLUMN, HEIGHT = 12, 60
#: a year's column, wider than a month's so that its label and count have room (`column_bars`)
YEAR_COLUMN = 34
#: the longest span of a timeline drawn a column per month, in months; longer spans are drawn per year
MONTHLY_SPAN = 30
#: the fewest counted (tracks added, streams) that get a chart under their line
MIN_CHART = 5
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


@dataclass(frozen=True)
class Timeline:
    """Counts over time as the columns of a chart: `unit` is "month" (labels `YYYY-MM`) or "year"
    (`YYYY`), `columns` run from the first counted to the last, the empty ones between as 0."""

    unit: str
    columns: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, months: Mapping[str, int]) -> Timeline:
        """The timeline of counts per month (`YYYY-MM` to count, in any order; months without one may be
        left out), by month or by year as the module doc says; no columns at all when nothing is counted."""
        counted = [month for month, n in months.items() if n]
        if not counted:
            return cls("month", ())
        first, last = _month_number(min(counted)), _month_number(max(counted))
        if last - first + 1 <= MONTHLY_SPAN:
            every = (f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1))
            return cls("month", tuple((month, months.get(month, 0)) for month in every))
        years = dict.fromkeys((f"{year:04d}" for year in range(first // 12, last // 12 + 1)), 0)
        for month in counted:
            years[month[:4]] += months[month]
        return cls("year", tuple(years.items()))

    @property
    def total(self) -> int:
        return sum(n for _, n in self.columns)

    @property
    def charted(self) -> bool:
        """Whether a chart says more than the line: `MIN_CHART` counted or more, in two columns or more."""
        return self.total >= MIN_CHART and len(self.columns) > 1

    def when(self) -> str:
        """`in Jan 2020` or `from 2019 to 2024`: the first and last columns, for the line; "" when empty."""
        if not self.columns:
            return ""
        first, last = spoken(self.columns[0][0]), spoken(self.columns[-1][0])
        return f"in {first}" if first == last else f"from {first} to {last}"

    def busiest(self) -> str:
        """`most in 2023 (412)`: the first of the biggest columns, for the line of a chart."""
        most = max(n for _, n in self.columns)
        return f"most in {spoken(next(label for label, n in self.columns if n == most))} ({most:,})"

    def chart(self, what: str, tip: Callable[[str, int], str]) -> str:
        """The columns (`column_bars`), named `{what} per {unit}: 2020-01 2, 2020-02 0, …` for a screen
        reader; "" where the line says it all (`charted`)."""
        if not self.charted:
            return ""
        counts = ", ".join(f"{label} {n:,}" for label, n in self.columns)
        width = YEAR_COLUMN if self.unit == "year" else COLUMN
        return column_bars(self.columns, f"{what} per {self.unit}: {counts}", tip, width)

    def per(self) -> str:
        """` Per month:` or ` Per year:`, the end of a line that a chart follows; "" without a chart."""
        return f" Per {self.unit}:" if self.charted else ""


def spoken(label: str) -> str:
    """A column's label as a sentence says it: `2018-04` as `Apr 2018` (as cluster names say months);
    a year as itself."""
    if len(label) != 7:
        return label
    return f"{MONTHS[int(label[5:7]) - 1]} {label[:4]}"


def _month_number(month: str) -> int:
    """`YYYY-MM` as a number of months, so that a range steps through them."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


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
