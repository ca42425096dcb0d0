"""The library's start page: what the whole library is, for the person whose library it is.

Totals, the release decades and the tracks added over time as small charts (page text, `charts.py`), the
top artists, genres and labels, the biggest playlists and the pairs of playlists that share the most, a
map of the whole library (its tracks clustered as one collection, the same interactive picture as a
clusters page, each cluster with the collections that hold it), then the load report.

The counting is done with pandas (grouped counts over rows of names and memberships read better than
nested loops); pandas is imported only when a start page is written, since a build that reuses a stored
site writes none and should not pay for importing it. User names reach the page only
escaped, inside raw HTML blocks, isolated with `<bdi>` where a count follows them (see `pages.py`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from mkdocs_clusters.cluster.model import Clustering, Result
from mkdocs_clusters.cluster.names import STAND_OUT_LIFT, Description
from mkdocs_clusters.cluster.words import percent, plural
from mkdocs_clusters.collect.catalog import KIND_SINGULAR, KIND_TITLES, KINDS, Collection, fold
from mkdocs_clusters.collect.similar import MIN_SHARED
from mkdocs_clusters.model import FileReport, Library
from mkdocs_clusters.render.added import added_section
from mkdocs_clusters.render.charts import row_bars
from mkdocs_clusters.render.html import HEART, escape, markdown_text, raw
from mkdocs_clusters.render.layout import Layout
from mkdocs_clusters.render.listening import listening_section
from mkdocs_clusters.render.pages import COUNT, PageWriter, clustered_by, clusters_count, front_matter
from mkdocs_clusters.render.plot import interactive_picture
from mkdocs_clusters.render.search import unsearched

if TYPE_CHECKING:
    import pandas as pd

#: the whole library clustered as one collection, and its names and words (see `build.generate_site`)
LibraryMap = tuple[Result, Description]

#: how many names each top list shows, biggest playlists, and pairs of playlists
TOP, BIGGEST, PAIRS = 10, 10, 10
#: a pair of playlists is listed as alike from this many shared tracks: the library's most alike pairs
#: are otherwise two playlists of a handful of tracks sharing two, which says little of the library
PAIR_MIN_SHARED = max(MIN_SHARED, 5)
#: per cluster of the map, how many collections of each kind are named (playlists first)
HOLDERS = {"playlists": 5, "genres": 3, "labels": 3, "artists": 3}
#: the map's picture, next to the start page
MAP_PNG = "library-map.png"
#: decades are drawn with the empty ones between them up to this many bars; beyond that (a typo such as
#: a release year 1025) only the decades that have tracks are
GAPLESS_DECADES = 20


@dataclass(frozen=True)
class StartPage:
    """The start page's Markdown and its pictures, by path under the docs root."""

    text: str
    images: dict[str, bytes]


def start_page(writer: PageWriter, library_map: LibraryMap | None = None) -> StartPage:
    """The library's start page, written with `writer`'s links (names link where they have pages)."""
    return _Overview(writer, library_map).page()


class _Overview:
    """One start page being written: the writer, the page's path, and the library's names as rows."""

    def __init__(self, writer: PageWriter, library_map: LibraryMap | None) -> None:
        self.writer = writer
        self.library = writer.library
        self.catalog = writer.catalog
        self.map = library_map
        self.layout = Layout(writer.settings.root)
        self.src = self.layout.home()
        self.names = name_rows(self.library)
        self.images: dict[str, bytes] = {}

    def page(self) -> StartPage:
        """The sections in reading order: what the library is, then where to go, then what failed to load."""
        title = self.writer.settings.title
        out = [front_matter(title), f"# {markdown_text(title)}\n", raw(self._totals() + self._indexes())]
        out += listening_section(self.writer, self.src, None)
        out += self._decades()
        out += added_section([t.added_at for t in self.library.tracks.values()], heading=True)
        out += self._tops()
        out += self._playlists()
        out += self._map()
        out += self._load_report()
        return StartPage("\n".join(out), self.images)

    # -- links -----------------------------------------------------------------------------------

    def _picture(self, name: str, data: bytes) -> str:
        """Keeps a picture next to the start page; returns its link from the page (Markdown, so that
        MkDocs checks it)."""
        self.images[posixpath.join(posixpath.dirname(self.src), name)] = data
        return name

    def _named(self, collection: Collection | None, text: str) -> str:
        """A name with a count after it, through the writer's own helper, so that the start page links
        and isolates names exactly as every other page does."""
        return self.writer.named(self.src, collection, text)

    def _link(self, collection: Collection | None, text: str) -> str:
        """A name in a table cell (the cell isolates it), linked where it has a page."""
        return self.writer.link(self.src, collection, text)

    # -- sections --------------------------------------------------------------------------------

    def _totals(self) -> str:
        """Tracks, playlists, liked, the years and hours they span; artists, genres and labels."""
        lib = self.library
        first = [f"<strong>{plural(len(lib.tracks), 'track')}</strong>", plural(len(lib.playlists), "playlist")]
        if lib.liked:
            first.append(f"{len(lib.liked):,} liked {HEART}")
        years = [y for t in lib.tracks.values() if (y := t.release_year) is not None]
        if years:
            first.append(f"released {min(years)}–{max(years)}" if min(years) < max(years) else f"released {years[0]}")
        length = listening_time(t.duration_ms or 0 for t in lib.tracks.values())
        if length:
            first.append(length)
        distinct = self.names.groupby("kind")["folded"].nunique()
        # what the export has none of is not said (an export without genres is no library of 0 genres)
        second = [
            plural(int(n), KIND_SINGULAR[kind])
            for kind in ("artists", "genres", "labels")
            if (n := distinct.get(kind, 0))
        ]
        return "".join(f'<p dir="auto">{" · ".join(line)}</p>\n' for line in (first, second) if line)

    def _indexes(self) -> str:
        """The four kind indexes, each with its number of pages (and of names, where some have none)."""
        items = "".join(
            f'<li><a href="{self.writer.href(self.src, self.layout.kind_index(kind))}">'
            f"{KIND_TITLES[kind]}</a>: {self.writer.kind_count(kind)}</li>"
            for kind in KINDS
            if self.catalog.of_kind(kind)
        )
        return f"<ul>{items}</ul>"

    def _decades(self) -> list[str]:
        """Tracks per release decade as a table of bars (out of the search: counts find nothing)."""
        counts = decade_counts(t.release_year for t in self.library.tracks.values())
        if not counts:
            return []
        undated = sum(1 for t in self.library.tracks.values() if t.release_year is None)
        rows = [(f"{decade}s", n) for decade, n in counts]
        return ["## Through the decades\n", raw(unsearched(row_bars(rows, decades_caption(undated))))]

    def _tops(self) -> list[str]:
        """A small table each of the top artists, genres and labels, with their tracks."""
        tables, shown = [], []
        for kind, lookup in (
            ("artists", self.catalog.artists),
            ("genres", self.catalog.genres),
            ("labels", self.catalog.labels),
        ):
            top = top_names(self.names, kind, TOP)
            if not top:
                continue
            rows = []
            for folded, name, count in top:
                page = lookup.get(folded)  # named as its page is, where it has one
                rows.append(
                    f'<tr><td dir="auto">{self._link(page, page.name if page else name)}</td><td>{count:,}</td></tr>'
                )
            head = KIND_SINGULAR[kind].capitalize()
            # a box per table: what the table script puts before a table stays with it
            tables.append(f"<div>{_table((head, 'Tracks'), rows)}</div>")
            shown.append({"labels": "labels"}.get(kind, kind))
        if not tables:
            return []
        body = '<div class="clusters-overview-tops">\n' + "\n".join(tables) + "\n</div>"
        names = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
        return [f"## Top {names}\n", raw(body)]

    def _playlists(self) -> list[str]:
        """The biggest playlists, and the pairs that share the most of their tracks (Jaccard)."""
        playlists = self.catalog.of_kind("playlists")
        if not playlists:
            return []
        biggest = sorted(playlists, key=lambda c: (-len(c.track_keys), fold(c.name), c.path))[:BIGGEST]
        rows = [f'<tr><td dir="auto">{self._link(c, c.name)}</td><td>{len(c.track_keys):,}</td></tr>' for c in biggest]
        out = ["## Playlists\n", raw("<h3>Biggest</h3>\n" + _table(("Playlist", "Tracks"), rows))]
        pairs = playlist_pairs(playlists, PAIRS, PAIR_MIN_SHARED)
        if pairs:
            rows = [
                f'<tr><td dir="auto">{self._link(a, a.name)}</td><td dir="auto">{self._link(b, b.name)}</td>'
                f"<td>{shared:,}</td><td>{percent(jaccard)}</td></tr>"
                for a, b, shared, jaccard in pairs
            ]
            note = (
                '<p dir="auto">Alike: the tracks two playlists share, as a share of all the tracks in either '
                "(so that a big playlist is not like every other one just for holding much); from "
                f"{PAIR_MIN_SHARED} shared tracks.</p>"
            )
            head = ("Playlist", "Playlist", "Shared tracks", "Alike")
            out.append(raw("<h3>Most alike</h3>\n" + note + "\n" + _table(head, rows)))
        return out

    def _map(self) -> list[str]:
        """The whole library clustered as one collection: its picture, then each cluster with its name,
        size, words, and the collections that hold most of it."""
        if self.map is None:
            return []
        result, description = self.map
        clustering = result.clustering
        out = ["## Map of the library\n"]
        if not clustering.clusters:
            reason = description.reason or clustering.reason
            out.append(raw(f'<p class="clusters-note"><strong>Not clustered.</strong> {escape(reason)}</p>'))
            return out
        out.append(raw(unsearched(self._map_summary(clustering))))  # counts and feature names: no help to find
        if result.picture:  # the same interactive picture as a clusters page
            link = self._picture(MAP_PNG, result.picture)
            alt = "Map of the library: its tracks in clusters"
            out += interactive_picture(alt, link, clustering, self.library.tracks, result.legend)
        holders = cluster_holders(clustering, self.catalog.collections)
        clustered = sum(len(c.keys) for c in clustering.clusters)
        for cluster, text in zip(clustering.clusters, description.clusters, strict=True):
            out.append(f"### Cluster {cluster.number}: {markdown_text(text.name)}\n")  # as on collection pages
            size = f"{plural(len(cluster.keys), 'track')} ({percent(len(cluster.keys) / clustered)})"
            html = [f'<p dir="auto">{unsearched(size + " · ")}{escape(text.words)}</p>']
            if text.stands_out:
                html.append(f'<p dir="auto" class="clusters-stands-out">Stands out: {escape(text.stands_out)}</p>')
            html.append(unsearched(self._holders(holders.get(cluster.number, {}))))
            out.append(raw("\n".join(html)))
        return out

    def _map_summary(self, clustering: Clustering) -> str:
        """How the map was made (tracks, clusters, why that many, features), as a collection page says it."""
        clustered = sum(len(c.keys) for c in clustering.clusters)
        parts = [
            f"All {plural(clustered, 'track')} with features, clustered as one collection: "
            + clusters_count(clustering),
            clustered_by(clustering),
        ]
        if clustering.without_features:
            parts.append(f"{plural(len(clustering.without_features), 'track')} without them left out")
        return f'<p dir="auto">{" · ".join(parts)}.</p>'

    def _holders(self, holders: Mapping[str, Sequence[tuple[Collection, int]]]) -> str:
        """One line per kind: the collections holding most of a cluster, with how many of its tracks."""
        lines = []
        for kind in KINDS:
            items = ", ".join(f"{self._named(c, c.name)} ({count:,})" for c, count in holders.get(kind, ()))
            if items:
                lines.append(f"<li><strong>{KIND_TITLES[kind]}:</strong> {items}</li>")
        return f'<ul class="clusters-glance" dir="auto">{"".join(lines)}</ul>' if lines else ""

    def _load_report(self) -> list[str]:
        """Each file with problems or notes: rows loaded, the first problem and the first dropped value."""
        reported = [r for r in self.library.reports if r.problems or r.notes]
        if not reported:
            return []
        items = "".join(f"<li>{escape(report_line(r))}</li>" for r in reported)
        return ["## Load report\n", raw(f"<ul>{items}</ul>")]


def _table(head: Sequence[str], rows: Sequence[str]) -> str:
    """A short table (sortable by `tables.js`, too short for its filter); `head` is plain text, rows HTML.
    Out of the site's search: its names are found on their own pages."""
    cells = "".join(f"<th{COUNT if h in ('Tracks', 'Shared tracks') else ''}>{escape(h)}</th>" for h in head)
    return unsearched(
        f'<div class="clusters-table clusters-compact"><table>\n<thead><tr>{cells}</tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def report_line(report: FileReport) -> str:
    """One line per file on the start page: rows loaded, the first problem and the first dropped value."""
    text = f"{report.source.rsplit('/', 1)[-1]}: {report.rows_loaded:,} of {report.rows_read:,} rows loaded"
    for first, more in report.firsts():
        where = f"{first.unit} {first.line}: " if first.line is not None else ""
        text += f"; {where}{first.reason}{more}"
    return text


# -- counting ------------------------------------------------------------------------------------------


def listening_time(durations_ms: Iterable[int]) -> str:
    """`651 hours of music (about 27 days)`, `3 hours 12 minutes of music`, `14 minutes of music`; "" when
    no track has a length."""
    minutes = round(sum(d for d in durations_ms if d > 0) / 60_000)
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{plural(rest, 'minute')} of music"
    if hours < 48:
        return plural(hours, "hour") + (f" {plural(rest, 'minute')}" if rest else "") + " of music"
    return f"{plural(hours, 'hour')} of music (about {round(hours / 24):,} days)"


def name_rows(library: Library) -> pd.DataFrame:
    """One row per track and artist, genre or label it has (kind, folded name, name, track key): the
    frame the totals and top lists count. A name twice on a track counts once, as in the catalog."""
    import pandas as pd

    rows = [
        (kind, folded, name, track.key)
        for track in library.tracks.values()
        for kind, names in (("artists", track.artists), ("genres", track.genres), ("labels", track.labels))
        for name in dict.fromkeys(names)
        if (folded := fold(name))
    ]
    return pd.DataFrame(rows, columns=["kind", "folded", "name", "key"])


def top_names(names: pd.DataFrame, kind: str, limit: int) -> list[tuple[str, str, int]]:
    """The names of one kind on the most tracks: (folded name, spelling, tracks), most first, ties by
    name. The spelling is the one most tracks use (ties: alphabetically first), as the catalog's."""
    rows = names[names["kind"] == kind]
    if rows.empty:
        return []
    spellings = rows.groupby(["folded", "name"]).size().reset_index(name="uses")
    spellings = spellings.sort_values(["folded", "uses", "name"], ascending=[True, False, True])
    spelling = spellings.drop_duplicates("folded").set_index("folded")["name"]
    tracks = rows.groupby("folded")["key"].nunique().rename("tracks").reset_index()
    top = tracks.sort_values(["tracks", "folded"], ascending=[False, True]).head(limit)
    return [(str(f), str(spelling[f]), int(n)) for f, n in zip(top["folded"], top["tracks"], strict=True)]


def decade_counts(years: Iterable[int | None]) -> list[tuple[int, int]]:
    """(decade, tracks) in order; the empty decades between the first and last are kept (a gap is part
    of the story) unless that makes more than `GAPLESS_DECADES` bars."""
    import pandas as pd

    known = pd.Series([y for y in years if y is not None], dtype="int64")
    if known.empty:
        return []
    counts = (known // 10 * 10).value_counts().sort_index()
    first, last = int(counts.index[0]), int(counts.index[-1])
    if (last - first) // 10 < GAPLESS_DECADES:
        counts = counts.reindex(range(first, last + 10, 10), fill_value=0)
    return [(int(decade), int(n)) for decade, n in counts.items()]


def decades_caption(undated: int) -> str:
    """What the decades' bars count, and the tracks they leave out."""
    return "Tracks per release decade" + (f"; {plural(undated, 'track')} without a release year" if undated else "")


def playlist_pairs(
    playlists: Sequence[Collection], limit: int, min_shared: int = MIN_SHARED
) -> list[tuple[Collection, Collection, int, float]]:
    """The pairs of playlists most alike by the tracks they share: (a, b, shared tracks, Jaccard), highest
    Jaccard first (ties: more shared, then the playlists' order), at least `min_shared` shared.

    Jaccard (shared over the tracks of either) rather than the count, so that Liked Songs is not like
    every playlist just because it holds them all; one sparse product gives every pair's count."""
    import pandas as pd

    index: dict[str, int] = {}
    rows, cols = [], []
    for row, playlist in enumerate(playlists):
        for key in dict.fromkeys(playlist.track_keys):
            rows.append(row)
            cols.append(index.setdefault(key, len(index)))
    members = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(playlists), len(index)))
    overlap = sparse.triu(members @ members.T, k=1).tocoo()
    sizes = np.asarray(members.sum(axis=1)).ravel()
    pairs = pd.DataFrame({"a": overlap.row, "b": overlap.col, "shared": overlap.data.astype(int)})
    pairs = pairs[pairs["shared"] >= min_shared]
    pairs["jaccard"] = pairs["shared"] / (sizes[pairs["a"]] + sizes[pairs["b"]] - pairs["shared"])
    top = pairs.sort_values(["jaccard", "shared", "a", "b"], ascending=[False, False, True, True]).head(limit)
    return [
        (playlists[int(a)], playlists[int(b)], int(n), float(j))
        for a, b, n, j in zip(top["a"], top["b"], top["shared"], top["jaccard"], strict=True)
    ]


def cluster_holders(
    clustering: Clustering, collections: Sequence[Collection]
) -> dict[int, dict[str, list[tuple[Collection, int]]]]:
    """Per cluster number and kind, the collections holding most of the cluster's tracks, with how many.

    Only collections over-represented in the cluster count (their share of the cluster at least
    `STAND_OUT_LIFT` times their share of the clustered library, as names say a genre stands out):
    Liked Songs holds most of every cluster, and so says nothing of any."""
    import pandas as pd

    members = pd.DataFrame(
        [(c.path, key) for c in collections for key in dict.fromkeys(c.track_keys)], columns=["path", "key"]
    )
    clustered = pd.DataFrame(
        [(key, c.number) for c in clustering.clusters for key in c.keys], columns=["key", "number"]
    )
    joined = members.merge(clustered, on="key")
    counts = joined.groupby(["number", "path"]).size().rename("count").reset_index()
    cluster_size = counts["number"].map(clustered.groupby("number").size())
    held = counts["path"].map(joined.groupby("path").size())
    lift = (counts["count"] / cluster_size) / (held / len(clustered))
    counts = counts[(lift >= STAND_OUT_LIFT) & (counts["count"] >= MIN_SHARED)]
    by_path = {c.path: c for c in collections}
    found: dict[int, dict[str, list[tuple[Collection, int]]]] = {}
    for number, path, count in zip(counts["number"], counts["path"], counts["count"], strict=True):
        collection = by_path[path]
        found.setdefault(int(number), {}).setdefault(collection.kind, []).append((collection, int(count)))
    for kinds in found.values():
        for kind, items in kinds.items():
            items.sort(key=lambda item: (-item[1], fold(item[0].name), item[0].path))
            del items[HOLDERS.get(kind, 3) :]
    return found
