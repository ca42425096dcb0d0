"""When tracks were added: a line and a chart of the tracks added per month or per year, for the whole
library (the start page) and for each collection's page.

Every row of an export has its `Added At`. A track counts once, on the date it was first added: in the
library and on a genre's, label's or artist's page, the first date any playlist added it (`Track.added_at`);
on a playlist's page, the date this playlist first added it (its first row's; a track the playlist holds
twice counts once). Tracks without a date (local files, exporters' `1970-01-01`) are said, not drawn.

The rule for the columns: a column per month while the dated adds span at most `MONTHLY_SPAN` months
(30: a chart that fits a phone's width at `charts.COLUMN` units a month), else a column per year; the
empty months or years between the first and the last are drawn, as a gap is part of the story. A
collection with fewer than `MIN_CHART` dated tracks, or with all of them in one column, gets the line
alone (a chart of one column, or of three tracks, says nothing the line does not).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.model import added_year
from mkdocs_clusters.render.charts import COLUMN, column_bars
from mkdocs_clusters.render.html import escape, raw
from mkdocs_clusters.render.search import unsearched

#: the longest span of dated adds drawn a column per month, in months; longer spans are drawn per year
MONTHLY_SPAN = 30
#: a year's column, wider than a month's so that its label and count have room (`charts.column_bars`)
YEAR_COLUMN = 34
#: the fewest dated tracks that get a chart under their line
MIN_CHART = 5


def added_columns(dates: Iterable[str]) -> tuple[str, list[tuple[str, int]], int]:
    """The unit ("month" or "year"), the columns `(YYYY-MM or YYYY, tracks)` from the first dated add to
    the last with the empty ones between, and how many dates were unknown; one date per track."""
    months: Counter[str] = Counter()
    undated = 0
    for date in dates:
        if added_year(date) is None:
            undated += 1
        else:
            months[date[:7]] += 1
    if not months:
        return "month", [], undated
    first, last = _index(min(months)), _index(max(months))
    if last - first + 1 <= MONTHLY_SPAN:
        every = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1)]
        return "month", [(month, months[month]) for month in every], undated
    years: Counter[str] = Counter()
    for month, count in months.items():
        years[month[:4]] += count
    every = [f"{year:04d}" for year in range(first // 12, last // 12 + 1)]
    return "year", [(year, years[year]) for year in every], undated


def _index(month: str) -> int:
    """`YYYY-MM` as a number of months, so that a range steps through them."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def added_html(dates: Sequence[str]) -> str:
    """The line (and the chart, where it says something) of the tracks added over time; "" when no track
    has a date. `dates`: one per track, as the module doc says."""
    unit, columns, undated = added_columns(dates)
    dated = sum(n for _, n in columns)
    if not dated:
        return ""
    first, last = columns[0][0], columns[-1][0]
    when = f"in {first}" if first == last else f"from {first} to {last}"
    facts = [f"{plural(dated, 'track')} {when}"]
    chart = ""
    if dated >= MIN_CHART and len(columns) > 1:
        most = max(n for _, n in columns)
        busiest = next(label for label, n in columns if n == most)  # the first of the busiest
        facts.append(f"most in {busiest} ({most:,})")
        counts = ", ".join(f"{label} {n:,}" for label, n in columns)
        chart = column_bars(
            columns,
            f"Tracks added per {unit}: {counts}",
            lambda label, n: f"{label}: {plural(n, 'track')} added",
            YEAR_COLUMN if unit == "year" else COLUMN,
        )
    if undated:
        facts.append(f"{plural(undated, 'track')} without a date")
    per = f" Per {unit}:" if chart else ""
    line = f'<p dir="auto" class="clusters-added"><strong>Added:</strong> {escape(" · ".join(facts))}.{per}</p>'
    return "\n".join(part for part in (line, chart) if part)


def added_section(dates: Sequence[str], heading: bool) -> list[str]:
    """The block of a page: on the start page under its own heading ("Added over time"); on a collection's
    page with the lines at the top, no heading (a heading on every page would be a search entry each).
    Out of the search either way: dates and counts find nothing."""
    html = added_html(dates)
    if not html:
        return []
    return [*(("## Added over time\n",) if heading else ()), raw(unsearched(html))]
