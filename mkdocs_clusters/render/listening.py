"""What the listening history adds to pages: when a collection's tracks were listened to (streams per
month or per year as a small column chart), its most played tracks and the share of plays skipped; on the
start page the same for the whole history, and the most played artists.

The chart follows the rule of the tracks added over time (`charts.Timeline`): a column per month while
the streams span at most 30 months, per year beyond (a ten-year history is ten columns a phone can read,
not 120), each with its month or year and number as a tooltip; fewer than 5 streams, or all in one month,
give the line alone. The totals are in the line above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.collect.catalog import fold
from mkdocs_clusters.listening import Listening
from mkdocs_clusters.render.charts import Timeline
from mkdocs_clusters.render.html import escape, raw
from mkdocs_clusters.render.search import unsearched

if TYPE_CHECKING:
    from mkdocs_clusters.render.pages import PageWriter

#: most played tracks (and artists) listed
TOP_PLAYED = 10


def listening_section(writer: PageWriter, src: str, keys: Sequence[str] | None) -> list[str]:
    """The "Listening" section of a collection's page (`keys`, its tracks) or of the start page (None: the
    whole history, with its top artists); nothing without a history or a play of these tracks."""
    listening = writer.library.listening
    if listening is None or not len(listening):
        return []
    mask = listening.of_tracks(keys) if keys is not None else None
    plays = int(mask.sum()) if mask is not None else len(listening)
    if not plays:
        return []
    every = np.ones(len(listening), bool)
    chosen = mask if mask is not None else every
    skipped = int(listening.skipped[chosen].sum())
    hours = int(listening.ms[chosen].sum()) / 3_600_000
    timeline = Timeline.of(listening.months(mask))  # every stream of these plays, by month
    streams = timeline.total
    whose = "these tracks" if keys is not None else "your history"
    when = f" {timeline.when()}" if timeline.columns else ""
    facts = [plural(streams, "stream") + f" of {whose}{when}"]
    chart = timeline.chart(f"Streams of {whose}", lambda label, count: f"{label}: {plural(count, 'stream')}")
    if chart:
        facts.append(timeline.busiest())
    facts += [f"{hours:,.1f} hours", f"{round(100 * skipped / plays)}% of {plural(plays, 'play')} skipped"]
    if keys is None and listening.other_plays:
        other = f"{listening.other_ms / 3_600_000:,.1f} hours"
        facts.append(f"{plural(listening.other_plays, 'play')} of podcasts or audiobooks ({other}), not counted here")
    html = [f'<p dir="auto">{escape(" · ".join(facts))}.{timeline.per()}</p>', chart]
    html.append(_top_played(writer, src, listening, keys))
    if keys is None:
        html.append(_top_artists(writer, src, listening))
    return ["## Listening\n", raw(unsearched("\n".join(h for h in html if h)))]


def _top_played(writer: PageWriter, src: str, listening: Listening, keys: Sequence[str] | None) -> str:
    per_track = listening.per_track()
    candidates = [k for k in (keys if keys is not None else per_track) if k in per_track and k in writer.library.tracks]
    ranked = sorted(set(candidates), key=lambda k: (-per_track[k].streams, -per_track[k].ms, k))[:TOP_PLAYED]
    items = []
    for key in ranked:
        track = writer.library.tracks[key]
        played = per_track[key]
        title = escape(track.title)
        link = track.spotify_url
        name = f'<a href="{escape(link)}" rel="noopener">{title}</a>' if link else title
        by = f" · {escape(', '.join(track.artists))}" if track.artists else ""
        skips = f", {round(100 * played.skip_share)}% skipped" if played.skipped else ""
        items.append(f"<li><bdi>{name}{by}</bdi> ({plural(played.streams, 'stream')}{skips})</li>")
    return (
        f'<p><strong>Most played:</strong></p><ol class="clusters-top-played" dir="auto">{"".join(items)}</ol>'
        if items
        else ""
    )


def _top_artists(writer: PageWriter, src: str, listening: Listening) -> str:
    items = [
        f"{writer.named(src, writer.catalog.artists.get(fold(name)), name)} ({count:,})"
        for name, count in listening.top_artists(TOP_PLAYED)
    ]
    return f'<p dir="auto"><strong>Most played artists:</strong> {", ".join(items)}</p>' if items else ""
