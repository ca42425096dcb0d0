"""Rows into tracks: which column holds what, and the parsing of one row (artists, labels, links, features),
or the reason the row is reported."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from mkdocs_clusters.listening import Play
from mkdocs_clusters.model import AUDIO_FEATURES, CATEGORICAL_FEATURES, FileReport, Problem, Track
from mkdocs_clusters.read import cells
from mkdocs_clusters.read.columns import HEADER_FIELDS, detect_dialect, normalise_header
from mkdocs_clusters.read.labels import LabelNormaliser
from mkdocs_clusters.read.tables import Table, TableError, csv_table, empty_file, json_table, parquet_table
from mkdocs_clusters.spotify import art_url, spotify_link, uri_refused

#: Fields a Track stores itself (by field name as in `columns.HEADER_FIELDS`); other cells go to `extra`.
STORED_FIELDS = frozenset(
    {
        "uri",
        "id",
        "title",
        "album",
        "artists",
        "label",
        "genres",
        "release_date",
        "duration_ms",
        "popularity",
        "explicit",
        "art_url",
        "added_at",
        "playlists",
        "liked",
        *AUDIO_FEATURES,
        *CATEGORICAL_FEATURES,
    }
)


#: git's conflict markers: seven of one sign, then for `<` and `>` a space and the side's name
_CONFLICT_MARKER = re.compile(r"(?:<{7}|>{7})(?: .*)?|={7}")
#: why a row of nothing but empty or `undefined` cells is skipped: Exportify writes one for a track that
#: Spotify no longer has, with nothing of it to show (a note, not lost data: the user cannot get it back)
UNAVAILABLE_REASON = "an unavailable track (every field empty or undefined): nothing of it to show"
CONFLICT_REASON = "a merge conflict's marker, not a track: the rows on both of its sides are read"


@dataclass(frozen=True)
class Row:
    """A loaded row: the track, and for the project's own format the playlists it names and its heart."""

    track: Track
    playlists: tuple[str, ...] = ()
    liked: bool | None = None
    #: values dropped from the row (unsafe URLs), reported without dropping the row
    notes: tuple[str, ...] = ()
    #: for a row of a streaming history: the play (its `track` is the one played, as the history names it)
    play: Play | None = None


def read_csv(
    location: str, data: bytes, normalise_labels: LabelNormaliser | None = None
) -> tuple[FileReport, list[Track]]:
    """Parse one CSV export file. Returns its report and the tracks of the rows that loaded."""
    report, rows = read_file(location, data, normalise_labels)
    return report, [r.track for r in rows]


def read_file(
    location: str, data: bytes, normalise_labels: LabelNormaliser | None = None
) -> tuple[FileReport, list[Row]]:
    """Parse one file (CSV; JSON or Parquet by its name) into its report and loaded rows."""
    report = FileReport(source=location)
    if not data.strip():
        report.refuse(empty_file("0 bytes" if not data else "only white space"))
        return report, []
    suffix = PurePosixPath(location.replace("\\", "/")).suffix.lower()
    reader = {".json": json_table, ".parquet": parquet_table}.get(suffix, csv_table)
    try:
        table = reader(location, data)
    except TableError as exc:
        report.encoding = exc.encoding
        report.refuse(str(exc))
        return report, []
    report.encoding = table.encoding
    for note in table.notes:
        report.note(Problem(location, None, note))
    return report, _read_table(report, table, normalise_labels or LabelNormaliser())


def _read_table(report: FileReport, table: Table, normalise_labels: LabelNormaliser) -> list[Row]:
    location, unit = report.source, table.unit
    columns = _map_columns(table.header)
    report.dialect = detect_dialect(set(columns.values()), table.header)
    if not _names_tracks(columns):
        # its rows are read and not loaded: counted, so that every file's totals add up
        rows = sum(1 for _ in table.rows)
        report.refuse("no Track Name and Track URI/ID columns: not a playlist export", rows)
        return []
    parser = RowParser(location, table.header, columns, report.dialect, normalise_labels)
    header = _header_key(table.header)
    loaded: list[Row] = []
    first_line: dict[str, int] = {}
    for item in table.rows:
        report.rows_read += 1
        if isinstance(item, Problem):
            report.report(item)
            continue
        line, row = item
        if unit == "line" and _is_conflict_marker(row):
            report.skip(Problem(location, line, CONFLICT_REASON))
            continue
        if unit == "line" and _is_header(row):
            if _header_key(row) == header:
                reason = "the header row again (two exports joined into one file?): skipped"
            else:  # another export's header: the rows after it are read by it
                header = _header_key(row)
                columns = _map_columns(row)
                dialect = detect_dialect(set(columns.values()), row)
                parser = RowParser(location, row, columns, dialect, normalise_labels)
                reason = (
                    f"a second header row ({dialect}; another export joined to this one?): the rows after it follow it"
                )
            report.skip(Problem(location, line, reason))
            continue
        result = parser.parse(row)
        if result == UNAVAILABLE_REASON:
            report.skip(Problem(location, line, result, unit))
            continue
        if isinstance(result, str):
            joined = sum(cell.rstrip("\r\n").count("\n") for cell in row)
            if joined and len(row) != parser.width:
                result += f" (an unbalanced quote joins lines {line} to {line + joined} into one row)"
            report.report(Problem(location, line, result, unit))
            continue
        first = first_line.setdefault(result.track.key, line)
        if first != line:
            again = f"the same track as {unit} {first} again, counted once in clusters"
            report.note(Problem(location, line, again, unit))
        for note in result.notes:
            report.note(Problem(location, line, note, unit))
        loaded.append(result)
        report.rows_loaded += 1
    return loaded


def _is_conflict_marker(row: Sequence[str]) -> bool:
    """True for a line git leaves in a file it could not merge (`<<<<<<< HEAD`, `=======`, `>>>>>>> main`),
    alone or padded with empty cells by a tool that re-saved the file; no track's row starts like one."""
    return _CONFLICT_MARKER.fullmatch(row[0].strip()) is not None and all(
        cell.strip(" -").casefold() in cells.MISSING for cell in row[1:]
    )


def _names_tracks(columns: dict[int, str]) -> bool:
    """True when the columns name a track: a title, and a URI or an id."""
    fields = set(columns.values())
    return "title" in fields and bool({"uri", "id"} & fields)


def _header_key(row: Sequence[str]) -> list[str]:
    return [normalise_header(cell) for cell in row]


def _is_header(row: Sequence[str]) -> bool:
    """True for a row that is a header (of this export or another): every cell a column name, naming a
    title and a URI or id. No track's row is: its URI or id is no column name."""
    named = 0
    for cell in row:  # a track's row fails at its first cell that is no column name, mostly the first
        if cell.strip():
            if normalise_header(cell) not in HEADER_FIELDS:
                return False
            named += 1
    return named >= 2 and _names_tracks(_map_columns(row))


def _map_columns(header: Sequence[str]) -> dict[int, str]:
    """Column index -> field, the first column winning where two map to the same field."""
    columns: dict[int, str] = {}
    taken: set[str] = set()
    for i, cell in enumerate(header):
        name = HEADER_FIELDS.get(normalise_header(cell))
        if name and name not in taken:
            columns[i] = name
            if name != "unused":
                taken.add(name)
    return columns


class FieldError(ValueError):
    """A row's field of the wrong type; the message names the column."""


class RowParser:
    """Turns one CSV row into a Track, or a reason why it cannot be one."""

    def __init__(
        self,
        location: str,
        header: Sequence[str],
        columns: dict[int, str],
        dialect: str,
        normalise_labels: LabelNormaliser,
    ) -> None:
        self.location = location
        self.width = len(header)
        self.columns = columns
        self.dialect = dialect
        self.normalise_labels = normalise_labels
        #: each field's column as the file names it, for messages
        self.column_names = {name: header[i] for i, name in columns.items()}
        # cells the reader does not interpret stay reachable by their header (as compared), for the
        # `columns:` option; interpreted ones are shown from the track's own fields
        self.extra_columns = {
            i: normalise_header(cell)
            for i, cell in enumerate(header)
            if cell.strip() and columns.get(i, "unused") not in STORED_FIELDS
        }

    def parse(self, row: list[str]) -> Row | str:
        """The row's track (and memberships), or the reason the row is reported."""
        if len(row) != self.width:
            return f"expected {self.width} fields, found {len(row)}"
        if all(v.strip().casefold() in cells.MISSING for v in row):
            return UNAVAILABLE_REASON
        values = {name: row[i].strip() for i, name in self.columns.items() if name != "unused"}
        title = values.get("title", "")
        uri = values.get("uri", "")
        track_id = values.get("id", "")
        if uri.casefold() in cells.MISSING:
            uri = ""
        if track_id.casefold() in cells.MISSING:
            track_id = ""
        if not uri and track_id:
            uri = f"spotify:track:{track_id}"
        if not title and not uri:
            return "no track name and no track URI"
        try:
            artists = self._list("artists", lambda raw: self._artists(raw, values.get("artist_ids", "")), values)
            labels = self._list("label", lambda raw: self._labels(raw, artists), values)
            genres = self._list("genres", cells.comma_list, values)
            playlists = self._list("playlists", lambda raw: cells.name_list(raw, ";"), values)
        except FieldError as exc:
            return str(exc)
        album = cells.clean(values.get("album", ""))
        art = art_url(cells.clean(values.get("art_url", "")))
        notes = []
        if art is None:
            notes.append("album art URL dropped: only https URLs on Spotify's image hosts are shown")
        if uri_refused(uri):
            notes.append("track link dropped: not a Spotify track URI")
        track = Track(
            key=track_key(uri, title, artists, album),
            title=title,
            album=album,
            artists=artists,
            labels=labels,
            genres=genres,
            release_date=cells.date(values.get("release_date", "")),
            duration_ms=cells.integer(values.get("duration_ms", "")),
            popularity=cells.integer(values.get("popularity", "")),
            explicit=cells.boolean(values.get("explicit", "")),
            art_url=art or "",
            added_at=cells.added_at(values.get("added_at", "")),
            uri=uri,
            features=_features(values),
            extra={name: cells.clean(row[i]) for i, name in self.extra_columns.items() if cells.clean(row[i])},
        )
        return Row(track, playlists, cells.boolean(values.get("liked", "")), tuple(notes))

    def _list(self, name: str, parse: Callable[[str], tuple[str, ...]], values: Mapping[str, str]) -> tuple[str, ...]:
        """A list field parsed, or FieldError naming its column (`field `playlists`: expected ...`)."""
        try:
            return parse(values.get(name, ""))
        except cells.CellError as exc:
            raise FieldError(f"field `{self.column_names.get(name, name)}`: {exc}") from exc

    def _labels(self, raw: str, artists: tuple[str, ...]) -> tuple[str, ...]:
        """A label string (`A/B`) of a track by `artists`, or in the own format a list of them."""
        if raw.lstrip()[:1] not in ("[", "{"):
            return self.normalise_labels(raw, artists)
        items = cells.name_list(raw, "\x00")
        return tuple(dict.fromkeys(label for item in items for label in self.normalise_labels(item, artists)))

    def _artists(self, raw: str, ids: str) -> tuple[str, ...]:
        if raw.casefold() in cells.MISSING:
            return ()
        if raw[:1] in ("[", "{"):
            parts = list(cells.name_list(raw, ";"))
        elif self.dialect.startswith("watsonbox"):
            parts = [p.replace("\\,", ",") for p in re.split(r"(?<!\\),", raw)]
        elif ";" in raw:
            parts = raw.split(";")
        else:
            expected = len([i for i in ids.split(",") if i.strip()])
            if not expected and self.dialect.startswith("exportify"):
                expected = 1  # no ids: every part that starts with a space continues a name
            parts = cells.rejoin(raw.split(","), expected)
        names: list[str] = []
        for p in parts:
            p = cells.clean(p)
            if p and p not in names:
                names.append(p)
        return tuple(names)


def track_key(uri: str, title: str, artists: Sequence[str], album: str) -> str:
    """A track's identity across files: its Spotify id (`episode:` and the id for an episode), else a digest
    of title, artists and album (local files, rows without an id); the account-data reader keys by it too."""
    if spotify_link(uri):
        kind, spotify_id = uri.split(":")[1:]
        return spotify_id if kind == "track" else f"episode:{spotify_id}"
    digest = hashlib.sha1("\x1f".join([title, *artists, album]).encode("utf-8")).hexdigest()[:16]
    return f"local:{digest}"


def _features(values: Mapping[str, str]) -> dict[str, float]:
    features: dict[str, float] = {}
    for name in (*AUDIO_FEATURES, *CATEGORICAL_FEATURES):
        value = cells.number(values.get(name, ""))
        if value is not None:
            features[name] = value
    return features
