"""Reading an export: a zip, a folder of CSVs or one CSV, into a `Library` and a load report.

Every data row ends up either as a track in the library or as a `Problem` naming its file and line;
a file that cannot be read at all is reported and the other files load regardless.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .columns import HEADER_FIELDS, OWN_FORMAT, detect_dialect, normalise_header
from .labels import LabelNormaliser
from .links import art_url, spotify_link, uri_refused
from .model import AUDIO_FEATURES, CATEGORICAL_FEATURES, FileReport, Library, Playlist, Problem, Track

#: Missing-value markers seen in real exports (`undefined` from exportify, `-99`/`nan` home-made).
MISSING = frozenset({"", "undefined", "null", "none", "nan", "na", "n/a", "-99"})
_THIS_YEAR = 2026  # fixed, not today's date: the same input must give the same output every year
#: A zip whose CSV entries add up to more than this (uncompressed) is refused as a whole.
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024
#: Zip entries larger than this (uncompressed) are refused rather than read into memory.
MAX_ENTRY_BYTES = 256 * 1024 * 1024
_LIKED = re.compile(r"liked[ _-]*songs?|liked|lieblingssongs", re.IGNORECASE)
_SKIPPED_PARTS = {"__MACOSX"}


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


class LibraryError(Exception):
    """The library as a whole cannot be read (missing, not an export, a broken zip)."""


@dataclass(frozen=True)
class Source:
    """One export file: where it is (for messages) and the playlist name it stands for."""

    label: str
    name: str
    data: bytes
    #: the file's folder inside the export ("" at its top), to tell apart playlists of the same name
    folder: str = ""
    #: why the file was not read at all ("" when it was)
    problem: str = ""


def is_liked_name(name: str) -> bool:
    """True for the file names exporters give the Liked Songs list."""
    return _LIKED.fullmatch(name.strip()) is not None


def playlist_name(path: PurePosixPath) -> str:
    """The playlist name a file stands for: its name without `.csv`, underscores read as spaces."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    name = " ".join(stem.replace("_", " ").split())
    return name or stem or "playlist"


def iter_sources(root: Path) -> Iterator[Source]:
    """The CSV files of an export, in a stable order, read in place (a zip is never extracted)."""
    if not root.exists():
        raise LibraryError(f"library not found: {root}")
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".csv" and _wanted(p.parts))
        for p in files:
            folder = p.parent.relative_to(root).as_posix()
            yield Source(str(p), playlist_name(PurePosixPath(p.name)), p.read_bytes(), "" if folder == "." else folder)
    elif zipfile.is_zipfile(root):
        yield from _zip_sources(root)
    elif root.suffix.lower() == ".zip":
        raise LibraryError(f"{root}: not a readable zip archive")
    else:
        yield Source(str(root), playlist_name(PurePosixPath(root.name)), root.read_bytes())


def library_files(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file of the library, by path, without reading them.

    Equal listings mean an unchanged library, so a `mkdocs serve` rebuild for a docs edit reuses the last
    site; a listing taken after reading that differs from the one before means the export changed while it
    was read (a file written, replaced or deleted meanwhile), and names the files.
    """
    if not root.exists():
        raise LibraryError(f"library not found: {root}")
    paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    listing: dict[str, tuple[int, int]] = {}
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue  # deleted since listed: absent, as in a listing taken a moment later
        listing[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return listing


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """The files added, deleted or modified between two listings of `library_files`."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def load_unchanged(
    root: Path, before: dict[str, tuple[int, int]], label_aliases: Mapping[str, Sequence[str]] | None = None
) -> Library:
    """The library, refused when its files changed while it was read (`before` is their listing from just
    before): a half-written export would give a site with tracks missing, and under the key of the
    finished files it would then stay."""
    library = load_library(root, label_aliases)
    changed = changed_files(before, library_files(root))
    if changed:
        more = f" (and {len(changed) - 5} more)" if len(changed) > 5 else ""
        raise LibraryError(
            f"the library changed while it was being read: {', '.join(changed[:5])}{more}; "
            "build again once the export is written (`mkdocs serve` rebuilds by itself)"
        )
    return library


def _wanted(parts: Sequence[str]) -> bool:
    return not any(part in _SKIPPED_PARTS for part in parts)


def _zip_sources(root: Path) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(root)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LibraryError(f"{root}: not a readable zip archive ({exc})") from exc
    with archive:
        infos = sorted(
            (i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".csv")),
            key=lambda i: i.filename,
        )
        total = sum(i.file_size for i in infos)
        if total > MAX_ZIP_BYTES:
            raise LibraryError(
                f"{root}: refused, its CSV files would expand to {total:,} bytes (limit {MAX_ZIP_BYTES:,})"
            )
        for info in infos:
            inner = PurePosixPath(info.filename.replace("\\", "/"))
            if not _wanted(inner.parts):
                continue
            label = f"{root}!{info.filename}"
            if info.file_size > MAX_ENTRY_BYTES:
                problem = f"not read: would expand to {info.file_size:,} bytes (limit {MAX_ENTRY_BYTES:,})"
                yield Source(label, playlist_name(inner), b"", _folder(inner), problem)
                continue
            try:
                data = _read_entry(archive, info)
            except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError, EOFError) as exc:
                # one damaged or encrypted entry is that playlist's problem, not the library's
                yield Source(label, playlist_name(inner), b"", _folder(inner), f"not read from the zip: {exc}")
                continue
            yield Source(label, playlist_name(inner), data, _folder(inner))


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, never more than it declares: a forged size cannot make it expand further."""
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise zipfile.BadZipFile(f"expands to more or fewer bytes than the {info.file_size:,} it declares")
    return data


def load_library(root: Path, label_aliases: Mapping[str, Sequence[str]] | None = None) -> Library:
    """Read every export file under `root` into one library; unreadable files are reported, not fatal."""
    normalise_labels = LabelNormaliser(label_aliases)
    library = Library()
    sources = list(iter_sources(root))
    names = _unique_names(sources)
    for source, name in zip(sources, names, strict=True):
        if source.problem:
            library.reports.append(FileReport(source.label, problems=[Problem(source.label, None, source.problem)]))
            continue
        report, rows = read_file(source.label, source.data, normalise_labels)
        library.reports.append(report)
        if report.unreadable:
            continue
        if report.dialect == OWN_FORMAT:
            _add_own_format(library, rows)
            continue
        playlist = Playlist(name=name, source=source.label)
        for row in rows:
            _add_track(library, row.track)
            playlist.track_keys.append(row.track.key)
        library.playlists.append(playlist)
        if is_liked_name(source.name):
            library.liked.update(playlist.track_keys)
    if not library.reports:
        raise LibraryError(f"{root}: no CSV export files found")
    return library


def _folder(inner: PurePosixPath) -> str:
    folder = inner.parent.as_posix()
    return "" if folder in {".", "/"} else folder


def _add_track(library: Library, track: Track) -> None:
    known = library.tracks.get(track.key)
    if known is None or (not _has_audio(known) and _has_audio(track)):
        library.tracks[track.key] = track  # a copy with features beats one without


def _add_own_format(library: Library, rows: Sequence[Row]) -> None:
    """One file holds the whole library: each row names its playlists and whether it is liked."""
    playlists: dict[str, Playlist] = {p.name: p for p in library.playlists}
    for row in rows:
        _add_track(library, row.track)
        if row.liked:
            library.liked.add(row.track.key)
        for name in row.playlists:
            if name not in playlists:
                playlists[name] = Playlist(name=name, source="")
                library.playlists.append(playlists[name])
            if row.track.key not in playlists[name].track_keys:
                playlists[name].track_keys.append(row.track.key)


def _has_audio(track: Track) -> bool:
    return any(name in track.features for name in AUDIO_FEATURES)


def _unique_names(sources: Sequence[Source]) -> list[str]:
    """Playlist names, with the folder added where files in different folders share a name, and a
    number where even that leaves two alike (names are compared without regard to case)."""
    counts = Counter(s.name.casefold() for s in sources)
    names = [f"{s.name} ({s.folder})" if counts[s.name.casefold()] > 1 and s.folder else s.name for s in sources]
    seen: Counter[str] = Counter()
    unique = []
    for name in names:
        seen[name.casefold()] += 1
        n = seen[name.casefold()]
        unique.append(name if n == 1 else f"{name} #{n}")
    return unique


def decode(data: bytes) -> str:
    """Text of an export file: UTF-8 with or without BOM. Raises UnicodeDecodeError otherwise."""
    return data.decode("utf-8-sig")


def sniff_delimiter(header_line: str) -> str:
    """The field delimiter: the one whose split of the header names the most known columns."""
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        score = sum(1 for c in cells if normalise_header(c) in HEADER_FIELDS)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass(frozen=True)
class Row:
    """A loaded row: the track, and for the project's own format the playlists it names and its heart."""

    track: Track
    playlists: tuple[str, ...] = ()
    liked: bool | None = None
    #: values dropped from the row (unsafe URLs), reported without dropping the row
    notes: tuple[str, ...] = ()


#: a table's data rows as (line or record number, cells), or a Problem for a row that cannot be split
Cells = Iterator[tuple[int, list[str]] | Problem]


def read_csv(
    label: str, data: bytes, normalise_labels: LabelNormaliser | None = None
) -> tuple[FileReport, list[Track]]:
    """Parse one CSV export file. Returns its report and the tracks of the rows that loaded."""
    report, rows = read_file(label, data, normalise_labels)
    return report, [r.track for r in rows]


def read_file(label: str, data: bytes, normalise_labels: LabelNormaliser | None = None) -> tuple[FileReport, list[Row]]:
    """Parse one file (CSV; JSON or Parquet by its name) into its report and loaded rows."""
    report = FileReport(source=label)
    if not data.strip():
        report.problems.append(Problem(label, None, "empty file"))
        return report, []
    suffix = PurePosixPath(label.replace("\\", "/")).suffix.lower()
    reader = {".json": json_table, ".parquet": parquet_table}.get(suffix, csv_table)
    try:
        header, cells = reader(label, data)
    except TableError as exc:
        report.problems.append(Problem(label, exc.line, str(exc)))
        return report, []
    return report, _read_table(report, header, cells, normalise_labels or LabelNormaliser())


class TableError(Exception):
    """A file that cannot be read as a table at all; `line` where the fault is known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def csv_table(label: str, data: bytes) -> tuple[list[str], Cells]:
    """Header and rows of CSV text; the delimiter is the one that names the most known columns."""
    if b"\x00" in data:
        raise TableError("not a text file (contains NUL bytes)")
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(f"not UTF-8 text (bad byte at line {line})") from exc
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]  # old Mac files end lines with a lone CR
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise TableError(f"unreadable header ({exc})", 1) from exc

    def rows() -> Cells:
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Problem(label, line, f"malformed CSV ({exc})")
            else:
                if row:  # a blank line is no row
                    yield line, row
            line = reader.line_num + 1

    return header, rows()


def json_table(label: str, data: bytes) -> tuple[list[str], Cells]:
    """Records of a JSON file: a list of objects, or an object with such a list under `tracks`.

    Rows are numbered by record (1 = the first track)."""
    try:
        document = json.loads(decode(data))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TableError(f"not a JSON document ({exc})") from exc
    records = document.get("tracks") if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise TableError("a JSON library is a list of tracks, or an object with a `tracks` list")
    return _records_table(label, records)


def parquet_table(label: str, data: bytes) -> tuple[list[str], Cells]:
    """Records of a Parquet file (needs pyarrow); rows are numbered from 1."""
    try:
        import pandas as pd

        frame = pd.read_parquet(io.BytesIO(data))
    except ImportError as exc:
        raise TableError("reading Parquet needs pyarrow: pip install 'mkdocs-clusters[parquet]'") from exc
    except Exception as exc:  # pyarrow raises many kinds for a broken file; all mean "not Parquet"
        raise TableError(f"not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    return _records_table(label, frame.to_dict(orient="records"))


def _records_table(label: str, records: Sequence[object]) -> tuple[list[str], Cells]:
    header: list[str] = []
    for record in records:
        if isinstance(record, dict):
            header.extend(str(k) for k in record if str(k) not in header)

    def rows() -> Cells:
        for number, record in enumerate(records, start=1):
            if isinstance(record, dict):
                values = {str(k): v for k, v in record.items()}
                yield number, [_cell(values.get(name)) for name in header]
            else:
                yield Problem(label, number, "record is not an object")

    return header, rows()


def _cell(value: object) -> str:
    """A JSON or Parquet value as the text a CSV cell would hold; lists become JSON arrays."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, str):
        return value
    if hasattr(value, "tolist"):  # numpy arrays and scalars from Parquet
        return _cell(value.tolist())
    if isinstance(value, (list, tuple)):
        return json.dumps([str(v) for v in value], ensure_ascii=False)
    return str(value)


def _read_table(report: FileReport, header: list[str], cells: Cells, normalise_labels: LabelNormaliser) -> list[Row]:
    label = report.source
    columns = _map_columns(header)
    report.dialect = detect_dialect(set(columns.values()), header)
    if "title" not in columns.values() or not ({"uri", "id"} & set(columns.values())):
        report.problems.append(Problem(label, None, "no Track Name and Track URI/ID columns: not a playlist export"))
        return []
    parser = RowParser(label, header, columns, report.dialect, normalise_labels)
    loaded: list[Row] = []
    first_line: dict[str, int] = {}
    for item in cells:
        report.rows_read += 1
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        line, row = item
        result = parser.parse(row)
        if isinstance(result, str):
            joined = sum(cell.rstrip("\r\n").count("\n") for cell in row)
            if joined and len(row) != len(header):
                result += f" (an unbalanced quote joins lines {line} to {line + joined} into one row)"
            report.problems.append(Problem(label, line, result))
        elif result.track.key in first_line:
            report.problems.append(Problem(label, line, f"duplicate of line {first_line[result.track.key]}"))
        else:
            first_line[result.track.key] = line
            report.notes.extend(Problem(label, line, note) for note in result.notes)
            loaded.append(result)
            report.rows_loaded += 1
    return loaded


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


class RowParser:
    """Turns one CSV row into a Track, or a reason why it cannot be one."""

    def __init__(
        self,
        label: str,
        header: Sequence[str],
        columns: dict[int, str],
        dialect: str,
        normalise_labels: LabelNormaliser,
    ) -> None:
        self.label = label
        self.width = len(header)
        self.columns = columns
        self.dialect = dialect
        self.normalise_labels = normalise_labels
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
        if all(v.strip().casefold() in MISSING for v in row):
            return "unavailable track (every field empty or undefined)"
        values = {name: row[i].strip() for i, name in self.columns.items() if name != "unused"}
        title = values.get("title", "")
        uri = values.get("uri", "")
        track_id = values.get("id", "")
        if uri.casefold() in MISSING:
            uri = ""
        if track_id.casefold() in MISSING:
            track_id = ""
        if not uri and track_id:
            uri = f"spotify:track:{track_id}"
        if not title and not uri:
            return "no track name and no track URI"
        artists = self._artists(values.get("artists", ""), values.get("artist_ids", ""))
        album = _text(values.get("album", ""))
        art = art_url(_text(values.get("art_url", "")))
        notes = []
        if art is None:
            notes.append("album art URL dropped: only https URLs on Spotify's image hosts are shown")
        if uri_refused(uri):
            notes.append("track link dropped: not a Spotify track URI")
        track = Track(
            key=_track_key(uri, title, artists, album),
            title=title,
            album=album,
            artists=artists,
            labels=self._labels(values.get("label", "")),
            genres=_split_list(values.get("genres", "")),
            release_date=_date(values.get("release_date", "")),
            duration_ms=_int(values.get("duration_ms", "")),
            popularity=_int(values.get("popularity", "")),
            explicit=_bool(values.get("explicit", "")),
            art_url=art or "",
            added_at=_added_at(values.get("added_at", "")),
            uri=uri,
            features=_features(values),
            extra={name: _text(row[i]) for i, name in self.extra_columns.items() if _text(row[i])},
        )
        return Row(track, _names(values.get("playlists", ""), ";"), _bool(values.get("liked", "")), tuple(notes))

    def _labels(self, raw: str) -> tuple[str, ...]:
        """A label string (`A/B`), or in the own format a list of them."""
        if not raw.lstrip().startswith("["):
            return self.normalise_labels(raw)
        return tuple(dict.fromkeys(label for item in _names(raw, "\x00") for label in self.normalise_labels(item)))

    def _artists(self, raw: str, ids: str) -> tuple[str, ...]:
        if raw.casefold() in MISSING:
            return ()
        if raw.startswith("["):
            parts = list(_names(raw, ";"))
        elif self.dialect.startswith("watsonbox"):
            parts = [p.replace("\\,", ",") for p in re.split(r"(?<!\\),", raw)]
        elif ";" in raw:
            parts = raw.split(";")
        else:
            expected = len([i for i in ids.split(",") if i.strip()])
            if not expected and self.dialect.startswith("exportify"):
                expected = 1  # no ids: every part that starts with a space continues a name
            parts = _rejoin(raw.split(","), expected)
        names: list[str] = []
        for p in parts:
            p = _text(p)
            if p and p not in names:
                names.append(p)
        return tuple(names)


def _added_at(raw: str) -> str:
    """`Added At`, or "" where exporters wrote the Unix epoch for "unknown"."""
    text = _text(raw)
    return "" if text.startswith("1970-01-01") else text


def _text(raw: str) -> str:
    """A cell as shown: stripped, and "" for the exporters' missing-value markers (never `nan`)."""
    text = raw.strip()
    return "" if text.casefold() in MISSING else text


def _rejoin(parts: list[str], expected: int) -> list[str]:
    """Undo the split of names that contain a comma, down to `expected` names (0: leave as split).

    Exportify joins names with a bare `,`, so a part that starts with a space (`Tyler`, ` The Creator`)
    continues the name before it; the artist ids, where the file has them, say how many names there are.
    """
    merged = list(parts)
    i = 1
    while expected and len(merged) > expected and i < len(merged):
        if merged[i][:1].isspace():
            merged[i - 1 : i + 1] = [merged[i - 1] + "," + merged[i]]
        else:
            i += 1
    return merged


def _track_key(uri: str, title: str, artists: Sequence[str], album: str) -> str:
    if spotify_link(uri):
        kind, spotify_id = uri.split(":")[1:]
        return spotify_id if kind == "track" else f"episode:{spotify_id}"
    digest = hashlib.sha1("\x1f".join([title, *artists, album]).encode("utf-8")).hexdigest()[:16]
    return f"local:{digest}"


def _names(raw: str, separator: str) -> tuple[str, ...]:
    """A list cell: a JSON array (`["a", "b"]`, as the own format writes lists) or `separator`-joined."""
    text = raw.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return tuple(dict.fromkeys(n for n in (_text(str(v)) for v in parsed) if n))
    return tuple(dict.fromkeys(n for n in (_text(p) for p in text.split(separator)) if n))


def _split_list(raw: str) -> tuple[str, ...]:
    if raw.strip().startswith("["):
        return _names(raw, ",")
    if raw.casefold() in MISSING:
        return ()
    items: list[str] = []
    for part in raw.split(","):
        part = " ".join(part.split())
        if part and part.casefold() not in MISSING and part not in items:
            items.append(part)
    return tuple(items)


def _number(raw: str) -> float | None:
    text = raw.strip()
    if text.casefold() in MISSING:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value != -99 else None


def _int(raw: str) -> int | None:
    value = _number(raw)
    return int(value) if value is not None else None


def _bool(raw: str) -> bool | None:
    folded = raw.strip().casefold()
    if folded in {"true", "1", "yes", "wahr"}:
        return True
    if folded in {"false", "0", "no", "falsch"}:
        return False
    return None


_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_LOCAL_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})")


def _date(raw: str) -> str:
    """A release date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; spreadsheet re-saves write local formats.

    `26/06/06` and `26.06.2006` are read day first, unless only the first number can be a month
    (`06/26/2006`); two-digit years up to 26 are 20xx, later ones 19xx (a fixed pivot, so that the same
    file reads the same every year).
    """
    text = raw.strip().split("T")[0].split(" ")[0]
    if text.casefold() in MISSING or text.startswith("0000"):
        return ""
    if _ISO_DATE.fullmatch(text):
        return text
    match = _LOCAL_DATE.fullmatch(text)
    if not match:
        return ""
    a, b, year = int(match[1]), int(match[2]), match[3]
    day, month = (b, a) if b > 12 >= a else (a, b)
    if len(year) == 2:
        year = ("20" if int(year) <= _THIS_YEAR % 100 else "19") + year
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year}-{month:02d}-{day:02d}"


def _features(values: Mapping[str, str]) -> dict[str, float]:
    features: dict[str, float] = {}
    for name in (*AUDIO_FEATURES, *CATEGORICAL_FEATURES):
        value = _number(values.get(name, ""))
        if value is not None:
            features[name] = value
    return features
