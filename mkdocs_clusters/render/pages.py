"""The text of every generated page: Markdown for structure, raw HTML for tables of user data.

User data (names of tracks, albums, artists, labels, playlists) only ever reaches a page HTML-escaped
inside raw HTML, where Markdown does not touch it, so `|`, `*`, `[`, backticks and `<b>` show as written.
Links that MkDocs can check (the picture) are Markdown; links inside raw HTML are computed by
`urls.relative_url`.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import yaml

from mkdocs_clusters.cluster.curation import ARTISTS, LISTENED, SHARED_PLAYLISTS
from mkdocs_clusters.cluster.features import feature_label
from mkdocs_clusters.cluster.fit import FIXED, KEPT, SIZE, STRUCTURE
from mkdocs_clusters.cluster.model import Clustering, Result
from mkdocs_clusters.cluster.names import Description
from mkdocs_clusters.cluster.words import plural, show_value
from mkdocs_clusters.collect.catalog import KIND_SINGULAR, KIND_TITLES, Catalog, Collection, fold
from mkdocs_clusters.collect.similar import Similar
from mkdocs_clusters.collect.slugs import slug_for
from mkdocs_clusters.listening import TrackPlays
from mkdocs_clusters.model import AUDIO_FEATURES, CATEGORICAL_FEATURES, Library, Track
from mkdocs_clusters.read.columns import HEADER_FIELDS, normalise_header
from mkdocs_clusters.read.rows import STORED_FIELDS
from mkdocs_clusters.render.added import added_section
from mkdocs_clusters.render.assets import ASSET_PREFIX
from mkdocs_clusters.render.html import HEART, LINK, escape, markdown_text, raw
from mkdocs_clusters.render.layout import Layout, relative_url
from mkdocs_clusters.render.listening import listening_section
from mkdocs_clusters.render.playlists import pasteable, uri_list
from mkdocs_clusters.render.plot import interactive_picture
from mkdocs_clusters.render.search import SEARCH_OFF, SEARCH_ON, row_ids, unsearched
from mkdocs_clusters.spotify import art_url, spotify_embed

#: how the summary says why a collection has the clusters it has (`Clustering.k_rule`)
K_RULES = {
    STRUCTURE: "clearly separate groups",
    SIZE: "the sound varies without clear breaks, so their number follows the collection's size",
    FIXED: "as configured",
    KEPT: "kept from the last build through the edit",
}


def clusters_count(clustering: Clustering) -> str:
    """`5 clusters (the sound varies ...)`: how many, and why that many. Without audio features it is
    not the sound that varies, and the words say so."""
    why = clusters_reason(clustering)
    return plural(len(clustering.clusters), "cluster") + (f" ({why})" if why else "")


def clusters_reason(clustering: Clustering) -> str:
    """Why a collection has the clusters it has, in words ("" when nothing is to say)."""
    why = K_RULES.get(clustering.k_rule, "")
    return why.replace("the sound varies", "the tracks vary") if clustering.fallback else why


#: on the header cell of a column of counts: tables.js sorts it most first at the first click
COUNT = ' data-clusters-first="descending"'
#: rows per `<tbody>` of a track table (see `PageWriter._track_table`)
ROW_CHUNK = 50
#: a collection of more tracks than this keeps its pages light (under 2 MB of HTML however big it is):
#: each fold holds its first `FOLD_ROWS` rows and the rest come from a page of their own next to it,
#: loaded when the fold opens (linked, without JavaScript); a cluster's Spotify URIs come from a file
PAGE_ROWS = 1500
FOLD_ROWS = 100


@dataclass(frozen=True)
class PageSettings:
    """What shapes the pages: where they live, how many tracks show first, extra columns, URL style."""

    root: str = "library"
    #: the start page's title and the navigation section's (a second library on a site needs its own)
    title: str = "Library"
    representative: int = 10
    columns: tuple[str, ...] = ()
    use_directory_urls: bool = True
    #: each cluster offered as a playlist (Spotify URIs and an Exportify CSV)
    downloads: bool = True
    #: links in raw HTML as paths to the target Markdown files, for builders that rewrite such links
    #: (Zensical does; MkDocs does not, so the plugin never sets it)
    source_links: bool = False
    #: a play button per track that loads this service's embedded player on click ("" for none)
    player: str = ""


def feature_list(names: Iterable[str]) -> str:
    """Features in words for HTML: fallback genres are the user's names (`genre <name>`), so escaped."""
    return escape(", ".join(feature_label(name) for name in names))


def clustered_by(clustering: Clustering) -> str:
    """`features: energy, tempo` or `fallback features: shared playlists, release year, ...`: what a
    collection was clustered by, for its summary line."""
    kind = "fallback features" if clustering.fallback else "features"
    return f"{kind}: {feature_list(clustering.signals + clustering.features)}"


#: how a page says what each curation signal is
_SIGNAL_WORDS = {
    SHARED_PLAYLISTS: "the other playlists they are in",
    ARTISTS: "the playlists their artists are in",
    LISTENED: "the listening sessions you play them in",
}


def fallback_note(clustering: Clustering) -> str:
    """Why and by what a collection without usable audio features was grouped, in a sentence (HTML)."""
    features = feature_list(clustering.features)
    why = "No audio feature is usable here (missing for most tracks, or the same for all)"
    if clustering.signals:
        signals = " and ".join(_SIGNAL_WORDS[name] for name in clustering.signals)
        named = f"; and by {features}" if clustering.features else ""
        return f"{why}, so the tracks are grouped by how you keep them: {signals}{named}."
    if clustering.note:
        return f"{why}, so the tracks are grouped by {features} instead: {escape(clustering.note)}."
    return f"{why}, so the tracks are grouped by {features} instead."


def front_matter(title: str) -> str:
    """YAML front matter with the page title, HTML-escaped: MkDocs themes print titles unescaped."""
    dumped: str = yaml.safe_dump({"title": escape(title)}, allow_unicode=True, width=1_000_000)
    return "---\n" + dumped + "---\n\n"


def streams(plays: Mapping[str, TrackPlays], key: str) -> str:
    """A track's Plays cell: its streams (plays of 30 seconds or more), "" for a track never played."""
    played = plays.get(key)
    return f"{played.streams:,}" if played is not None else ""


def column_value(track: Track, column: str) -> str:
    """The text of an extra column (`columns:` option) for a track, "" where it has none.

    A column the reader interprets (Popularity, Release Date, a feature) comes from the track's field;
    any other comes from the cell kept under its header.
    """
    header = normalise_header(column)
    field = HEADER_FIELDS.get(header)
    value: object = None
    if field in AUDIO_FEATURES or field in CATEGORICAL_FEATURES:
        value = track.features.get(field)
    elif field in STORED_FIELDS:
        value = getattr(track, {"label": "labels", "id": "key"}.get(field, field), None)
    else:
        value = track.extra.get(header)
    if value is None or value == "" or value == ():
        return ""
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def released(track: Track) -> str:
    """A track's Released cell: the year of its release, "" when unknown."""
    year = track.release_year
    return str(year) if year is not None else ""


def duration(track: Track) -> str:
    """A track's Duration cell as players show it, `m:ss` (`h:mm:ss` from an hour), the seconds cut as
    Spotify does; "" without a duration. tables.js sorts these by time (`9:59` before `10:00`)."""
    if not track.duration_ms or track.duration_ms <= 0:
        return ""
    minutes, seconds = divmod(track.duration_ms // 1000, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


#: the columns of facts every track table has (header, omitted-column name, cell), after Label: left out
#: of a page none of whose tracks has the fact, or whose configured `columns` show its field already
FACT_COLUMNS = (("Released", "released", released), ("Duration", "duration", duration))
#: the field behind each, as `columns:` names it (`Release Date`, `Duration (ms)`)
_FACT_FIELDS = {"released": "release_date", "duration": "duration_ms"}


class PageWriter:
    """Writes the pages of one library; knows the catalog so that names link where pages exist."""

    def __init__(
        self,
        library: Library,
        catalog: Catalog,
        settings: PageSettings,
        similar: Mapping[str, Similar] | None = None,
    ) -> None:
        self.library = library
        self.catalog = catalog
        self.settings = settings
        self.similar = similar or {}
        self._by_path = {c.path: c for c in catalog.collections}
        self._layout = Layout(settings.root)
        self._rows: dict[tuple[str, str, frozenset[str]], str] = {}
        #: each track's row id (see render/search.py)
        self.row_ids = row_ids(library.tracks)
        self._links: dict[tuple[str, str, str], str] = {}
        #: each played track's listening, when the library has a streaming history (a Plays column)
        self.plays = library.listening.per_track() if library.listening is not None else None
        self._playlists_named = {p.name: p for p in library.playlists}  # a playlist's collection has its name
        self._playlists_of: dict[str, list[Collection]] = {}
        for collection in catalog.of_kind("playlists"):
            for key in collection.track_keys:
                self._playlists_of.setdefault(key, []).append(collection)

    def playlists_of(self, key: str) -> tuple[str, ...]:
        """The paths of the playlists that hold a track."""
        return tuple(c.path for c in self._playlists_of.get(key, ()))

    # -- links -----------------------------------------------------------------------------

    def href(self, from_src: str, to_src: str) -> str:
        if self.settings.source_links:  # up to the docs root and down, as `relative_url` does
            return escape("../" * from_src.count("/") + to_src)
        return escape(relative_url(from_src, to_src, self.settings.use_directory_urls))

    def link(self, from_src: str, collection: Collection | None, text: str) -> str:
        """`text` linked to the collection's page (plain text without a page), built once per depth: the
        same link is on many pages (a top artist on hundreds), and its text is the same at one depth."""
        if collection is None:
            return escape(text)
        key = (self.href(from_src, ""), collection.path, text)
        found = self._links.get(key)
        if found is None:
            href = self.href(from_src, self._layout.page(collection.path))
            found = self._links[key] = f'<a href="{href}">{escape(text)}</a>'
        return found

    def named(self, from_src: str, collection: Collection | None, text: str) -> str:
        """A name followed by more text (`name (7)`), isolated: a right-to-left name would otherwise
        draw the count after it to its left (`(7) יעל כהן`)."""
        return f"<bdi>{self.link(from_src, collection, text)}</bdi>"

    # -- tables ------------------------------------------------------------------------------

    def _omitted(self, collection: Collection) -> frozenset[str]:
        """The columns of a page's track tables that would only repeat the page's subject or say nothing:
        Artists on an artist's page whose every track is by that artist alone, Label on a label's page
        whose every track has that label alone, the heart on a playlist of liked tracks only (Liked
        Songs), Label, Released and Duration where no track of the page has one. Decided
        per page, not per table: a fold's rows loaded from a page of their own join its table, and every
        table of a page keeps the same columns."""
        tracks = [self.library.tracks[k] for k in collection.track_keys if k in self.library.tracks]
        if not tracks:
            return frozenset()
        omit = set(self._facts_omitted(tracks))
        if not any(t.labels for t in tracks):  # an export without labels (Spotify's 2026 API, account data)
            omit.add("label")
        name = fold(collection.name)
        if collection.kind == "artists" and all([fold(a) for a in t.artists] == [name] for t in tracks):
            omit.add("artists")
        elif collection.kind == "labels" and all([fold(label) for label in t.labels] == [name] for t in tracks):
            omit.add("label")
        elif collection.kind == "playlists" and all(t.key in self.library.liked for t in tracks):
            omit.add("liked")
        return frozenset(omit)

    def _facts_omitted(self, tracks: Sequence[Track]) -> Iterable[str]:
        """The columns of `FACT_COLUMNS` that none of `tracks` has a value for, or that a configured
        extra column shows already (`columns: [Release Date]` gives the whole date)."""
        configured = {HEADER_FIELDS.get(normalise_header(column)) for column in self.settings.columns}
        for _, name, cell in FACT_COLUMNS:
            if _FACT_FIELDS[name] in configured or not any(cell(t) for t in tracks):
                yield name

    def _track_table(self, src: str, tracks: Sequence[Track], omit: frozenset[str] = frozenset()) -> str:
        """A table of tracks, its rows in bodies of `ROW_CHUNK`: the stylesheet lays each body out only
        when it comes near the screen, so that a fold of thousands of rows opens at once. `omit` names
        the columns left out (`artists`, `label`, `released`, `duration`, `liked`; see `_omitted`): a
        class on the table's box for each tells the stylesheet's grid."""
        extra = (*self.settings.columns, *(("Plays",) if self.plays is not None else ()))
        head = ["Art", "Track", "Album"]
        head += [name for name, key in (("Artists", "artists"), ("Label", "label")) if key not in omit]
        # classed as their cells are: narrow columns of figures, never broken inside a word
        facts = "".join(f'<th class="clusters-{name}">{h}</th>' for h, name, _ in FACT_COLUMNS if name not in omit)
        # the stylesheet's grid of columns counts the extra ones and leaves out the omitted ones
        columns = f' style="--clusters-extra:{len(extra)}"' if extra else ""
        classes = "".join(f" clusters-no-{name}" for name in sorted(omit))
        lines = [f'<div class="clusters-table clusters-tracks{classes}"{columns}><table>', "<thead><tr>"]
        icons = [] if "liked" in omit else [(HEART, "Liked")]
        icons.append((LINK, "Spotify link"))
        lines.append(
            "".join(f"<th>{escape(h)}</th>" for h in head)
            + facts
            + "".join(f"<th>{escape(h)}</th>" for h in extra)
            + "".join(
                f'<th><span aria-hidden="true">{icon}</span><span class="clusters-sr">{text}</span></th>'
                for icon, text in icons
            )
        )
        lines.append("</tr></thead>")
        for start in range(0, max(len(tracks), 1), ROW_CHUNK):
            lines.append("<tbody>")
            lines.extend(self._track_row(src, track, omit) for track in tracks[start : start + ROW_CHUNK])
            lines.append("</tbody>")
        lines.append("</table></div>")
        return "\n".join(lines)

    def _track_row(self, src: str, track: Track, omit: frozenset[str] = frozenset()) -> str:
        """A track's table row, built once per depth and set of omitted columns: collection pages all sit
        at the same depth and links go through the root (see `relative_url`), so a track has the same row
        on every page it is on (four or five pages for most tracks), and rows are most of a page's text."""
        key = (self.href(src, ""), track.key, omit)  # the way up to the root: the same for the same depth
        row = self._rows.get(key)
        if row is None:
            cells = "".join(self._track_cells(src, track, omit))
            row = self._rows[key] = f'<tr id="{self.row_ids[track.key]}">{cells}</tr>'
        return row

    def _track_cells(self, src: str, track: Track, omit: frozenset[str] = frozenset()) -> Iterable[str]:
        url = art_url(track.art_url)  # checked when read; checked again since a Track can come from anywhere
        album = track.album or track.title
        yield (
            f'<td class="clusters-art"><img src="{escape(url)}" alt="{escape("Cover of " + album)}" '
            f'width="50" height="50" loading="lazy"></td>'
            if url
            else '<td class="clusters-art"></td>'
        )
        link = track.spotify_url
        title = escape(track.title)
        play = self._play_button(track)
        yield (
            f'<td dir="auto">{play}<a href="{escape(link)}" rel="noopener">{title}</a></td>'
            if link
            else f'<td dir="auto">{title}</td>'
        )
        yield f'<td dir="auto">{escape(track.album)}</td>'
        if "artists" not in omit:
            artists = ", ".join(self.link(src, self.catalog.artists.get(fold(a)), a) for a in track.artists)
            yield f'<td dir="auto">{artists}</td>'
        if "label" not in omit:
            labels = ", ".join(self.link(src, self.catalog.labels.get(fold(x)), x) for x in track.labels)
            yield f'<td dir="auto" class="clusters-label">{labels}</td>'
        for _, name, cell in FACT_COLUMNS:
            if name not in omit:
                yield f'<td class="clusters-{name}">{cell(track)}</td>'
        for column in self.settings.columns:
            yield f'<td dir="auto">{escape(column_value(track, column))}</td>'
        if self.plays is not None:
            yield f"<td>{streams(self.plays, track.key)}</td>"
        if "liked" not in omit:
            yield f"<td>{HEART if track.key in self.library.liked else ''}</td>"
        yield (
            f'<td><a href="{escape(link)}" title="Open on Spotify" rel="noopener">{LINK}</a></td>'
            if link
            else "<td></td>"
        )

    def _added(self, collection: Collection) -> list[str]:
        """When the collection's tracks were added (`render/added.py`): a playlist's on the dates it added
        them (a track it holds twice on the first), any other's on the first date any playlist did."""
        playlist = self._playlists_named.get(collection.name) if collection.kind == "playlists" else None
        tracks = [self.library.tracks[k] for k in collection.track_keys]
        return added_section([(playlist.added_track(t) if playlist else t).added_at for t in tracks], heading=False)

    def _liked(self, collection: Collection) -> int:
        """How many of the collection's tracks are liked."""
        return sum(1 for key in collection.track_keys if key in self.library.liked)

    def _play_button(self, track: Track) -> str:
        """With `player: spotify`, a link to Spotify's embedded player for the track: clusters.js plays it
        in a player box on the page when clicked; nothing is fetched from Spotify before that (without
        JavaScript the link opens the player page itself). "" without a player or a Spotify track."""
        embed = spotify_embed(track.uri) if self.settings.player == "spotify" else ""
        if not embed:
            return ""
        label = escape(f"Play {track.title}")
        return (
            f'<a class="clusters-play" href="{escape(embed)}" data-clusters-play rel="noopener" '
            f'title="{label}" aria-label="{label}">&#x25B6;&#xFE0E;</a>'
        )

    # -- pages ---------------------------------------------------------------------------------

    def collection_page(self, collection: Collection, result: Result, description: Description) -> str:
        """The page alone (see `collection_files`)."""
        return self.collection_files(collection, result, description)[0]

    def collection_files(
        self, collection: Collection, result: Result, description: Description
    ) -> tuple[str, dict[str, bytes]]:
        """Titled by the collection's name, its kind and clusters in the subtitle (`_summary`; "Clusters
        in <name>" said the same on every page and hid the name in tab titles and search results): what
        the collection holds at a glance, the picture, then each cluster by name with its words and
        tracks; and the files it links (by source path): the rest of each fold's rows and the Spotify URIs of a big
        collection's clusters (`PAGE_ROWS`). One page per collection (an overview page of its own
        doubled the pages MkDocs renders, most of a build's time, for a few lines of text)."""
        src = self._layout.page(collection.path)
        files: dict[str, bytes] = {}
        big = len(collection.track_keys) > PAGE_ROWS
        tracks = self.library.tracks
        omit = self._omitted(collection)
        clustering = result.clustering
        out = [
            front_matter(collection.name),
            f'<h1 dir="auto">{escape(collection.name)}</h1>\n',
            self._summary(collection, clustering),
        ]
        if self.settings.downloads and collection.kind == "playlists" and collection.track_keys:
            entries = [tracks[k] for k in collection.entry_keys]
            out.append(raw(unsearched(self._downloads(src, collection, 0, "", entries, files, big))))
        glance = self._glance(src, collection)
        if glance:
            out.append(raw(unsearched(glance)))  # names found on their own pages, not on each page they are in
        out += self._added(collection)
        out += listening_section(self, src, collection.track_keys)
        if clustering.clusters:
            # clusters.js draws it interactive, hides the PNG
            out += interactive_picture("Comparison of the clusters", "clusters.png", clustering, tracks, result.legend)
        elif description.reason:
            out.append(f'<p class="clusters-note"><strong>Not clustered.</strong> {escape(description.reason)}</p>\n')
        # a genre's, label's or artist's clusters stay out of the search: the page is found by its name, and
        # its clusters' names, made of the same few dozen words on every page, found hundreds of sections
        # (most of the index once the tables were out); a playlist's clusters are found, and named in the
        # search entries of its tracks (see render/search.py)
        sections = len(out)
        for cluster, text in zip(clustering.clusters, description.clusters, strict=True):
            members = [tracks[k] for k in cluster.keys]
            first = members[: self.settings.representative]
            rest = members[self.settings.representative :]
            heading = f"Cluster {cluster.number}: {text.name}"
            out.append(f"## Cluster {cluster.number}: {markdown_text(text.name)}\n")
            # names and words can hold the user's genres and artists: HTML, so never Markdown
            size = unsearched(plural(len(members), "track") + " · ")  # a count finds nothing
            html = [f'<p dir="auto">{size}{escape(text.words)}</p>']
            if text.stands_out:
                # genres, artists and decades, found on their own pages (a quarter of the index was these)
                stands_out = f'<p dir="auto" class="clusters-stands-out">Stands out: {escape(text.stands_out)}</p>'
                html.append(unsearched(stands_out))
            data = []  # on the page, not in its search entry (see render/search.py)
            if self.settings.downloads:
                data.append(self._downloads(src, collection, cluster.number, text.name, members, files, big))
            profile = self._profile(cluster.profile, dict(text.means), caption=cluster is clustering.clusters[0])
            data += [profile, self._track_table(src, first, omit)]
            if rest:
                summary = f"{plural(len(rest), 'more track')} in {escape(heading)}"
                where = (collection.path, cluster.number, f"{collection.name} · {heading}")
                data.append(self._fold(src, where, summary, rest, omit, files, big))
            html.append(unsearched("\n".join(data)))
            out.append(raw("\n".join(html)))
        unclustered = self._unclustered_keys(collection, clustering)
        if unclustered:
            heading = "Tracks" if not clustering.clusters else "Not clustered"
            out.append(f"## {heading}\n")
            html = []
            if clustering.clusters:
                html.append(
                    f'<p dir="auto">{plural(len(unclustered), "track")} without the features used here '
                    f"({feature_list(clustering.features)}): listed, not clustered.</p>"
                )
            listed = [tracks[k] for k in unclustered]
            first = listed[: FOLD_ROWS if big else len(listed)]
            html.append(unsearched(self._track_table(src, first, omit)))
            if len(listed) > len(first):
                where = (collection.path, 0, f"{collection.name} · {heading}")
                summary = f"{plural(len(listed) - len(first), 'more track')} {heading.lower()}"
                html.append(unsearched(self._fold(src, where, summary, listed[len(first) :], omit, files, big)))
            out.append(raw("\n".join(html)))
        if collection.kind != "playlists" and len(out) > sections:
            out.insert(sections, raw(SEARCH_OFF))
            out.append(raw(SEARCH_ON))
        return "\n".join(out), files

    def _fold(
        self,
        src: str,
        where: tuple[str, int, str],
        summary: str,
        rows: Sequence[Track],
        omit: frozenset[str],
        files: dict[str, bytes],
        big: bool,
    ) -> str:
        """A fold of a cluster's further tracks (`where`: the collection's path, the cluster's number, 0
        for the tracks not clustered, and the title of its rows page). In a big collection it holds the
        first `FOLD_ROWS` and names the page of the rest (`files` gets it), which tables.js loads into
        the fold when it opens; the link stays for a reader without JavaScript."""
        inline, later = (rows[:FOLD_ROWS], rows[FOLD_ROWS:]) if big else (rows, [])
        body, attribute = self._track_table(src, inline, omit), ""
        if later:
            path = self._layout.rows(where[0], where[1])
            name = escape(posixpath.basename(path))
            files[path] = self._rows_page(src, where[2], later, omit).encode("utf-8")
            attribute = f' data-clusters-rows="{name}"'
            body += (
                f'\n<p class="clusters-rest">{plural(len(later), "more track")}: '
                f'<a href="{name}">on a page of their own</a></p>'
            )
        # a plain disclosure: the class keeps themes from styling it as a note (Material does)
        return f'<div class="clusters-more"><details{attribute}><summary>{summary}</summary>\n{body}\n</details></div>'

    def _rows_page(self, src: str, title: str, rows: Sequence[Track], omit: frozenset[str]) -> str:
        """A plain HTML page of a fold's further rows, beside the collection page (so that its rows'
        links, written for the collection page, work as they are): what tables.js takes the rows from,
        and what a reader without JavaScript reads. Styled by the plugin's stylesheet alone."""
        up = "../" * src.count("/")
        back = "./" if self.settings.use_directory_urls else "index.html"
        heading = f"{plural(len(rows), 'more track')} in {title}"
        return (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(heading)}</title>\n"
            f'<link rel="stylesheet" href="{escape(up + ASSET_PREFIX)}clusters.css">\n</head>\n<body>\n'
            f'<h1 dir="auto">{escape(heading)}</h1>\n<p><a href="{back}">Back to the page</a></p>\n'
            f"{self._track_table(src, rows, omit)}\n</body>\n</html>\n"
        )

    def _downloads(
        self,
        src: str,
        collection: Collection,
        number: int,
        name: str,
        members: Sequence[Track],
        files: dict[str, bytes],
        big: bool,
    ) -> str:
        """Links to the cluster as a playlist (number 0: the whole playlist, every entry in its order):
        its Spotify URIs to paste, and an Exportify CSV, saved under the collection's and the cluster's
        names (`road-trip-2-fast-loud.csv`; the whole playlist: `road-trip.csv`).

        The URIs travel in the link itself (a `data:` URL, about 40 bytes a track), so a cluster adds no
        file of its own: thousands of small files are slow to write, to copy and to deploy; in a big
        collection (`big`) they are a file (`files` gets it), as they would weigh on the page.
        The CSV is a file next to the page's `index.md` (the same link in both URL styles)."""
        if big:
            path = self._layout.download(collection.path, number, "txt")
            files[path] = uri_list(members)
            uris = posixpath.basename(path)
        else:
            uris = "data:text/plain;charset=utf-8," + quote(uri_list(members), safe=":")
        csv = posixpath.basename(self._layout.download(collection.path, number, "csv"))
        saved = f"{collection.slug}-{number}-{slug_for(name)}" if number else collection.slug
        links = []
        for href, extension, text in ((uris, "txt", "Spotify URIs"), (csv, "csv", "Exportify CSV")):
            links.append(f'<a href="{escape(href)}" download="{escape(saved)}.{extension}">{text}</a>')
        missing = len(members) - len(pasteable(members))
        note = f" (without {plural(missing, 'local track')}: local files cannot be pasted)" if missing else ""
        if not number:
            return (
                f'<p class="clusters-downloads">The whole playlist, every entry in its order: {links[0]}{note}, '
                f"{links[1]}.</p>\n"
            )
        return (
            f'<p class="clusters-downloads">As a playlist: {links[0]}{note} to paste into a Spotify playlist '
            f"(copy, then paste in the desktop app), or {links[1]} for tools that read Exportify files.</p>\n"
        )

    def _unclustered_keys(self, collection: Collection, clustering: Clustering) -> list[str]:
        if clustering.clusters:
            return sorted(clustering.without_features, key=lambda k: self._sort_key(k))
        return sorted(collection.track_keys, key=lambda k: self._sort_key(k))

    def _sort_key(self, key: str) -> tuple[str, str, str]:
        track = self.library.tracks[key]
        return (fold(track.title), fold(", ".join(track.artists)), key)

    def _summary(self, collection: Collection, clustering: Clustering) -> str:
        """The subtitle under the page's name (`Playlist · 12 clusters of 106 entries, 104 distinct
        tracks`: what the collection is, and what its clusters are of), then liked tracks, why that many
        clusters and the features, in a raw HTML block: fallback features name the user's genres
        (`genre <name>`), which must be neither markup nor Markdown. The kind is searchable, so that a
        search result tells a playlist "Rock" from an artist "Rock" (both titled by the name); the
        counts, on every page, help find none (see render/search.py)."""
        count = plural(len(collection.track_keys), "track")
        if collection.entries:  # a playlist that holds a track more than once
            count = f"{len(collection.entries):,} entries, {plural(len(collection.track_keys), 'distinct track')}"
        if clustering.clusters:
            count = f"{plural(len(clustering.clusters), 'cluster')} of {count}"
        kind = KIND_SINGULAR[collection.kind].capitalize()
        subtitle = f'<p class="clusters-subtitle" dir="auto">{kind}{unsearched(" · " + count)}</p>'
        parts = []
        liked = self._liked(collection)
        if liked:
            parts.append(f"{liked:,} liked {HEART}")
        why = clusters_reason(clustering)
        if clustering.clusters and why:
            parts.append(f"clusters: {why}")
        if clustering.features or clustering.signals:
            parts.append(clustered_by(clustering))
        if clustering.without_features and clustering.clusters:
            parts.append(f"{plural(len(clustering.without_features), 'track')} without features")
        paragraphs = [" · ".join(parts)] if parts else []
        if clustering.fallback:
            paragraphs.append(fallback_note(clustering))
        if clustering.dropped_features:
            dropped = feature_list(clustering.dropped_features)
            paragraphs.append(f"Not used (missing for most tracks or the same for all): {dropped}.")
        details = unsearched("\n".join(f'<p dir="auto">{p[0].upper() + p[1:]}</p>' for p in paragraphs))
        return raw(subtitle + ("\n" + details if paragraphs else ""))

    def _profile(self, profile: dict[str, float], means: dict[str, float], caption: bool) -> str:
        """A compact bar per feature: the cluster's average against the collection's (in the collection's
        standard deviations, right is higher), with the average itself in the feature's units; the
        first cluster's bars say how to read them."""
        rows = []
        for name, z in profile.items():
            width = min(abs(z), 2.0) / 2.0 * 50
            side = "right" if z >= 0 else "left"
            value = means.get(name)
            shown = "" if value is None else show_value(name, value)
            rows.append(
                f'<div class="clusters-profile-row"><span>{escape(feature_label(name))}</span>'
                f'<span class="clusters-bar"><span class="clusters-bar-{side}" style="width:{width:.1f}%"></span>'
                f'</span><span>{escape(shown)}</span><span title="standard deviations from the collection">'
                f"{z:+.1f}</span></div>"
            )
        note = (
            "<p class=\"clusters-profile-caption\">Each bar: the cluster's average against the collection's, "
            "right for higher, one full side for two standard deviations; then the average, and how many "
            "standard deviations it is from the collection's.</p>"
        )
        return '<div class="clusters-profile">' + (note if caption else "") + "".join(rows) + "</div>"

    def _glance(self, src: str, collection: Collection) -> str:
        """The collection's top artists, labels, genres and playlists, one line each, linked where they
        have pages (the line of the page's own kind is left out: an artist's top artist is itself)."""
        tracks = [self.library.tracks[k] for k in collection.track_keys]
        lines = []
        for heading, names, lookup in (
            ("Top artists", [a for t in tracks for a in t.artists], self.catalog.artists),
            ("Top labels", [label for t in tracks for label in t.labels], self.catalog.labels),
            ("Top genres", [g for t in tracks for g in t.genres], self.catalog.genres),
        ):
            if heading == f"Top {collection.kind}":
                continue
            top = _top(names, 10)
            if top:
                items = ", ".join(f"{self.named(src, lookup.get(fold(n)), n)} ({count:,})" for n, count in top)
                lines.append(f"<li><strong>{heading}:</strong> {items}</li>")
        if collection.kind != "playlists":
            counts = Counter(p.path for t in tracks for p in self._playlists_of.get(t.key, []))
            by_path = {p.path: p for p in self.catalog.of_kind("playlists")}
            ranked = sorted(counts.items(), key=lambda item: (-item[1], fold(by_path[item[0]].name)))[:20]
            if ranked:
                items = ", ".join(
                    f"{self.named(src, by_path[path], by_path[path].name)} ({count:,})" for path, count in ranked
                )
                lines.append(f"<li><strong>In playlists:</strong> {items}</li>")
        lines += self._similar_lines(src, collection)
        return f'<ul class="clusters-glance" dir="auto">{"".join(lines)}</ul>' if lines else ""

    def _similar_lines(self, src: str, collection: Collection) -> list[str]:
        """The collections of its kind most like this one: by shared tracks (with their number), by sound."""
        similar = self.similar.get(collection.path)
        if similar is None:
            return []
        lines = []
        if similar.shared:
            items = ", ".join(
                f"{self.named(src, self._by_path[path], self._by_path[path].name)} ({count:,})"
                for path, count in similar.shared
            )
            lines.append(f"<li><strong>Shares most tracks with:</strong> {items}</li>")
        if similar.sound:
            items = ", ".join(self.named(src, self._by_path[p], self._by_path[p].name) for p in similar.sound)
            lines.append(f"<li><strong>Sounds most like:</strong> {items}</li>")
        return lines

    def kind_count(self, kind: str) -> str:
        """How many collections of a kind there are, and of how many the library names where some
        had too few tracks for a page: "159 record labels with 10 tracks or more (of 1,067)"."""
        pages = len(self.catalog.of_kind(kind))
        named = self.catalog.named.get(kind, pages)
        counted = plural(pages, KIND_SINGULAR[kind])
        if named <= pages:
            return counted
        return f"{counted} with {plural(self.catalog.min_tracks, 'track')} or more (of {named:,})"

    def kind_index(self, kind: str, clusterings: dict[str, Clustering]) -> str:
        """Every collection of one kind, with its numbers of tracks, liked tracks and clusters (the table
        stays out of the site's search: each name is found through its own page)."""
        src = self._layout.kind_index(kind)
        collections = self.catalog.of_kind(kind)
        out = [
            front_matter(KIND_TITLES[kind]),
            f"# {KIND_TITLES[kind]}\n",
            self.kind_count(kind) + "\n",
        ]
        if not collections:
            return "\n".join(out)
        rows = []
        for c in collections:
            n_clusters = len(clusterings[c.path].clusters)
            n_liked = self._liked(c)
            rows.append(
                f'<tr><td dir="auto">{self.link(src, c, c.name)}</td><td>{len(c.track_keys):,}</td>'
                f"<td>{n_liked or '—'}</td><td>{n_clusters or '—'}</td></tr>"
            )
        head = (
            f'<th>Name</th><th{COUNT}>Tracks</th><th{COUNT}><span aria-hidden="true">{HEART}</span>'
            f'<span class="clusters-sr">Liked</span></th><th{COUNT}>Clusters</th>'
        )
        table = (
            f'<div class="clusters-table clusters-index"><table>\n<thead><tr>{head}</tr></thead><tbody>\n'
            + "\n".join(rows)
            + "\n</tbody></table></div>"
        )
        out.append(raw(unsearched(table)))
        return "\n".join(out)


def _top(names: Iterable[str], limit: int) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for name in names:
        key = fold(name)
        counts[key] += 1
        spelling.setdefault(key, name)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(spelling[key], count) for key, count in ranked]
