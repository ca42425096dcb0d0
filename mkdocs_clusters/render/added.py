"""When tracks were added: a line and a chart of the tracks added per month or per year, for the whole
library (the start page) and for each collection's page.

Every row of an export has its `Added At`. A track counts once, on the date it was first added: in the
library and on a genre's, label's or artist's page, the first date any playlist added it (`Track.added_at`);
on a playlist's page, the date this playlist first added it (its first row's; a track the playlist holds
twice counts once). Tracks without a date (local files, exporters' `1970-01-01`) are said, not drawn.

The columns follow the rule of every count over time (`charts.Timeline`): per month while the dated
adds span at most 30 months, else per year, the empty months or years between drawn; fewer than 5 dated
tracks, or all of them in one column, get the line alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.model import added_year
from mkdocs_clusters.render.charts import Timeline
from mkdocs_clusters.render.html import escape, raw
from mkdocs_clusters.render.search import unsearched


def added_timeline(dates: Iterable[str]) -> tuple[Timeline, int]:
    """The dated adds as a `Timeline` (its columns from the first to the last, the empty ones between),
    and how many dates were unknown; one date per track."""
    months: Counter[str] = Counter()
    undated = 0
    for date in dates:
        if added_year(date) is None:
            undated += 1
        else:
            months[date[:7]] += 1
    return Timeline.of(months), undated


def added_html(dates: Sequence[str]) -> str:
    """The line (and the chart, where it says something) of the tracks added over time; "" when no track
    has a date. `dates`: one per track, as the module doc says."""
    timeline, undated = added_timeline(dates)
    if not timeline.total:
        return ""
    facts = [f"{plural(timeline.total, 'track')} {timeline.when()}"]
    chart = timeline.chart("Tracks added", lambda label, n: f"{label}: {plural(n, 'track')} added")
    if chart:
        facts.append(timeline.busiest())
    if undated:
        facts.append(f"{plural(undated, 'track')} without a date")
    line = (
        f'<p dir="auto" class="clusters-added"><strong>Added:</strong> {escape(" · ".join(facts))}.{timeline.per()}</p>'
    )
    return "\n".join(part for part in (line, chart) if part)


def added_section(dates: Sequence[str], heading: bool) -> list[str]:
    """The block of a page: on the start page under its own heading ("Added over time"); on a collection's
    page with the lines at the top, no heading (a heading on every page would be a search entry each).
    Out of the search either way: dates and counts find nothing."""
    html = added_html(dates)
    if not html:
        return []
    return [*(("## Added over time\n",) if heading else ()), raw(unsearched(html))]
