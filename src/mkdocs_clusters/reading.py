"""Reading an export: a zip, a folder of CSVs or one CSV, into a `Library` and a load report.

Every data row ends up either as a track in the library or as a `Problem` naming its file and line;
a file that cannot be read at all is reported and the other files load regardless.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .columns import HEADER_FIELDS, detect_dialect, normalise_header
from .labels import LabelNormaliser
from .model import AUDIO_FEATURES, CATEGORICAL_FEATURES, FileReport, Library, Playlist, Problem, Track

#: Missing-value markers seen in real exports (`undefined` from exportify, `-99`/`nan` home-made).
MISSING = frozenset({"", "undefined", "null", "none", "nan", "na", "n/a", "-99"})
_THIS_YEAR = 2026  # fixed, not today's date: the same input must give the same output every year
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
        for info in infos:
            inner = PurePosixPath(info.filename.replace("\\", "/"))
            if not _wanted(inner.parts):
                continue
            label = f"{root}!{info.filename}"
            if info.file_size > MAX_ENTRY_BYTES:
                yield Source(label, playlist_name(inner), b"", _folder(inner))  # reported as empty below
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                raise LibraryError(f"{label}: cannot be read from the zip ({exc})") from exc
            yield Source(label, playlist_name(inner), data, _folder(inner))


def load_library(root: Path, label_aliases: Mapping[str, Sequence[str]] | None = None) -> Library:
    """Read every export file under `root` into one library; unreadable files are reported, not fatal."""
    normalise_labels = LabelNormaliser(label_aliases)
    library = Library()
    sources = list(iter_sources(root))
    names = _unique_names(sources)
    for source, name in zip(sources, names, strict=True):
        report, tracks = read_csv(source.label, source.data, normalise_labels)
        library.reports.append(report)
        if report.unreadable:
            continue
        playlist = Playlist(name=name, source=source.label)
        seen: set[str] = set()
        for track in tracks:
            known = library.tracks.get(track.key)
            if known is None or (not _has_audio(known) and _has_audio(track)):
                library.tracks[track.key] = track  # a copy with features beats one without
            if track.key not in seen:
                seen.add(track.key)
                playlist.track_keys.append(track.key)
        library.playlists.append(playlist)
        if is_liked_name(source.name):
            library.liked.update(playlist.track_keys)
    if not library.reports:
        raise LibraryError(f"{root}: no CSV export files found")
    return library


def _folder(inner: PurePosixPath) -> str:
    folder = inner.parent.as_posix()
    return "" if folder in {".", "/"} else folder


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


def read_csv(
    label: str, data: bytes, normalise_labels: LabelNormaliser | None = None
) -> tuple[FileReport, list[Track]]:
    """Parse one export file. Returns its report and the tracks of the rows that loaded."""
    report = FileReport(source=label)
    normalise_labels = normalise_labels or LabelNormaliser()
    if not data.strip():
        report.problems.append(Problem(label, None, "empty file"))
        return report, []
    if b"\x00" in data:
        report.problems.append(Problem(label, None, "not a text file (contains NUL bytes)"))
        return report, []
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.problems.append(Problem(label, None, f"not UTF-8 text (bad byte at line {line})"))
        return report, []
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        header = next(reader)
    except csv.Error as exc:
        report.problems.append(Problem(label, 1, f"unreadable header ({exc})"))
        return report, []
    columns = _map_columns(header)
    report.dialect = detect_dialect(set(columns.values()), header)
    if "title" not in columns.values() or not ({"uri", "id"} & set(columns.values())):
        report.problems.append(Problem(label, None, "no Track Name and Track URI/ID columns: not a playlist export"))
        return report, []
    rows = RowParser(label, header, columns, report.dialect, normalise_labels)
    tracks: list[Track] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.rows_read += 1
            report.problems.append(Problem(label, line, f"malformed CSV ({exc})"))
            line = reader.line_num + 1
            continue
        if row:
            report.rows_read += 1
            track_or_reason = rows.parse(row)
            if isinstance(track_or_reason, Track):
                tracks.append(track_or_reason)
                report.rows_loaded += 1
            else:
                report.problems.append(Problem(label, line, track_or_reason))
        line = reader.line_num + 1
    return report, tracks


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

    def parse(self, row: list[str]) -> Track | str:
        """A Track, or the reason the row is reported."""
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
        return Track(
            key=_track_key(uri, title, artists, album),
            title=title,
            album=album,
            artists=artists,
            labels=self.normalise_labels(values.get("label", "")),
            genres=_split_list(values.get("genres", "")),
            release_date=_date(values.get("release_date", "")),
            duration_ms=_int(values.get("duration_ms", "")),
            popularity=_int(values.get("popularity", "")),
            explicit=_bool(values.get("explicit", "")),
            art_url=_text(values.get("art_url", "")),
            uri=uri,
            features=_features(values),
            extra={name: _text(row[i]) for i, name in self.extra_columns.items() if _text(row[i])},
        )

    def _artists(self, raw: str, ids: str) -> tuple[str, ...]:
        if raw.casefold() in MISSING:
            return ()
        if self.dialect.startswith("watsonbox"):
            parts = [p.replace("\\,", ",") for p in re.split(r"(?<!\\),", raw)]
        elif ";" in raw:
            parts = raw.split(";")
        else:
            parts = _rejoin(raw.split(","), len([i for i in ids.split(",") if i.strip()]))
        names: list[str] = []
        for p in parts:
            p = _text(p)
            if p and p not in names:
                names.append(p)
        return tuple(names)


def _text(raw: str) -> str:
    """A cell as shown: stripped, and "" for the exporters' missing-value markers (never `nan`)."""
    text = raw.strip()
    return "" if text.casefold() in MISSING else text


def _rejoin(parts: list[str], expected: int) -> list[str]:
    """Undo the split of names that contain a comma, where the artist ids say how many there are.

    Exporters join names with a bare `,`, so a part that starts with a space (`Tyler`, ` The Creator`)
    continues the name before it.
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
    parts = uri.split(":")
    if len(parts) == 3 and parts[0] == "spotify" and parts[1] in {"track", "episode"} and parts[2]:
        return parts[2] if parts[1] == "track" else f"episode:{parts[2]}"
    digest = hashlib.sha1("\x1f".join([title, *artists, album]).encode("utf-8")).hexdigest()[:16]
    return f"local:{digest}"


def _split_list(raw: str) -> tuple[str, ...]:
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
