"""Table formats: CSV text (encoding, delimiter, damaged lines), JSON records and Parquet, each as a header
and numbered rows of cells.

Text is read in a fixed order, so that a file always reads the same way: UTF-8 (with or without BOM);
UTF-16 or UTF-32 by their BOM (Excel's "Unicode text"), or UTF-16 without one when the first line's
bytes say so; and otherwise cp1252, the Windows encoding Excel and editors re-save in (the five bytes it
leaves undefined read as latin-1), which decodes any bytes, with a note naming it. A damaged line (a NUL
byte, bytes the encoding cannot read, a broken quote) costs that line, never the file.

JSON and Parquet records are checked against the type each field needs (`columns.FIELD_KINDS`): a record
holding an object where names are expected, or numbers where a list of playlists is, is reported by
record and field, and no value ever becomes Python text.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from mkdocs_clusters.model import Problem
from mkdocs_clusters.read.cells import MAX_DEPTH, TOO_DEEP, CellError, clip_deep, describe
from mkdocs_clusters.read.columns import FIELD_KINDS, HEADER_FIELDS, normalise_header

#: a table's data rows as (line or record number, cells), or a Problem for a row that cannot be split
Cells = Iterator[tuple[int, list[str]] | Problem]


@dataclass
class Table:
    """A file split into a header and rows of cells, and how it was read."""

    header: list[str]
    rows: Cells
    #: the text encoding ("" for Parquet)
    encoding: str = ""
    #: what a row's number counts: "line" of CSV text, or "record" of JSON and Parquet (1 = the first track)
    unit: str = "line"
    #: harmless remarks about the whole file (the encoding was a guess)
    notes: list[str] = field(default_factory=list)


class TableError(Exception):
    """A file that cannot be read as a table at all; the message says where the fault is when it is known."""

    def __init__(self, message: str, encoding: str = "") -> None:
        super().__init__(message)
        self.encoding = encoding


# -- text ------------------------------------------------------------------------------------------

#: stands for bytes the file's encoding cannot read; a lone surrogate, which no decoded text holds
UNREADABLE = "\udcff"


def _mark_unreadable(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeDecodeError):
        return UNREADABLE, error.end
    raise error


codecs.register_error("mkdocs_clusters.unreadable", _mark_unreadable)


def _cp1252_table() -> str:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252, read as latin-1
    return "".join(chars)


_CP1252 = _cp1252_table()

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM starts it
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    #: the Python codec name the text was read with
    encoding: str
    #: a harmless remark when the encoding was a guess
    note: str = ""


def empty_file(what: str) -> str:
    """The problem of a file with no text (`what`: "0 bytes", "only white space"...). An export always
    has its header row, even for a playlist of no track: an empty file is what a failed or interrupted
    download (or copy) leaves, so the reason says so; the report names the file."""
    return f"empty file ({what}): most likely a failed or unfinished download; download or export it again"


def decode(data: bytes) -> Decoded:
    """Text of an export file, in a fixed order: UTF-8 (BOM or not), UTF-16/32 by BOM, UTF-16 without BOM
    when the bytes of the first line say so, else cp1252 (which reads any bytes). Never raises."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            return _cp1252(data[3:], exc.start)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, "mkdocs_clusters.unreadable"), encoding)
    bare = _utf16_without_bom(data)
    if bare:
        note = f"no byte order mark: read as {bare} (UTF-16), as the NUL bytes between its letters say"
        return Decoded(data.decode(bare, "mkdocs_clusters.unreadable"), bare, note)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        return _cp1252(data, exc.start)


def _cp1252(data: bytes, bad: int) -> Decoded:
    text = codecs.charmap_decode(data, "strict", _CP1252)[0]
    line = data[:bad].count(b"\n") + 1
    note = (
        f"not UTF-8 text: read as cp1252 (Windows Western European), so byte 0x{data[bad]:02X} on line {line} "
        f"is {text[bad]!r}; check that accented names look right, or save the file as UTF-8"
    )
    return Decoded(text, "cp1252", note)


def _utf16_without_bom(data: bytes) -> str:
    """The codec of UTF-16 text without a BOM (`utf-16-le` or `utf-16-be`) when the first characters are
    latin letters with a NUL byte each; "" otherwise."""
    sample = data[: min(len(data), 256) // 2 * 2]
    if len(sample) < 8:
        return ""
    for name, letters, highs in (("utf-16-le", sample[0::2], sample[1::2]), ("utf-16-be", sample[1::2], sample[0::2])):
        if 0 not in letters and highs.count(0) * 4 >= len(highs) * 3:
            return name
    return ""


# -- CSV -------------------------------------------------------------------------------------------

#: a BOM at the start of a line: where two exports were joined into one file
_LINE_START_BOM = re.compile(r"(?<=[\r\n])\ufeff")
_LINES = re.compile(r"[^\r\n]+")
#: Excel's first line naming the delimiter (`sep=;`)
_EXCEL_SEP = re.compile(r'"?sep=([^\r\n"])"?', re.IGNORECASE)


def sniff_delimiter(header_line: str) -> str:
    """The field delimiter: the one whose split of the header names the most known columns."""
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            cells = next(csv.reader([header_line], delimiter=delimiter), [])
        except csv.Error:  # a field beyond the csv module's limit: the header is reported when read
            continue
        score = sum(1 for c in cells if normalise_header(c) in HEADER_FIELDS)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_table(location: str, data: bytes) -> Table:
    """Header and rows of CSV text. The delimiter is the one of an Excel `sep=` first line, else the one that
    names the most known columns; blank lines before the header are skipped."""
    decoded = decode(data)
    encoding = decoded.encoding
    text = _LINE_START_BOM.sub("", decoded.text) if "\ufeff" in decoded.text else decoded.text
    lines = (m for m in _LINES.finditer(text) if m.group().strip())
    first = next(lines, None)
    if first is None:
        bom = next((b for b in (codecs.BOM_UTF8, *(b for b, _ in _BOMS)) if data.startswith(b)), b"")
        what = "only a byte order mark" if bom else "only white space"
        raise TableError(empty_file(what + (" and white space" if len(data) > len(bom) > 0 else "")), encoding)
    header_line = first.group()
    delimiter = ""
    sep = _EXCEL_SEP.fullmatch(header_line)
    if sep:
        delimiter = sep[1]
        text = text[: first.start()] + text[first.end() :]  # a blank line now: line numbers stay the file's
        header_line = next((m.group() for m in lines), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(header_line))
    header: list[str] = []
    try:
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        raise TableError(
            f"no header row{' after the `sep=` line' if sep else ' (only empty cells)'}", encoding
        ) from None
    except csv.Error as exc:
        raise TableError(f"unreadable header row, line {reader.line_num} ({exc})", encoding) from exc
    if any("\x00" in cell for cell in header):
        raise TableError(f"not a text file (NUL bytes in the header row, line {reader.line_num})")
    if any(UNREADABLE in cell for cell in header):
        raise TableError(f"not {encoding} text (unreadable bytes in the header row, line {reader.line_num})", encoding)
    damaged = "\x00" in text or UNREADABLE in text

    def rows() -> Cells:
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Problem(location, line, f"malformed CSV ({exc})")
            else:
                if not row:  # a blank line is no row
                    pass
                elif damaged and any("\x00" in cell for cell in row):
                    yield Problem(location, line, "a NUL byte in the line (damaged text)")
                elif damaged and any(UNREADABLE in cell for cell in row):
                    yield Problem(location, line, f"bytes that are not {encoding} text (damaged text)")
                else:
                    yield line, row
            line = reader.line_num + 1

    return Table(header, rows(), encoding, "line", [decoded.note] if decoded.note else [])


# -- JSON and Parquet records ------------------------------------------------------------------------

#: stands for an array or object nested deeper than MAX_DEPTH
_DEEP = "\x00mkdocs-clusters: " + TOO_DEEP


def json_table(location: str, data: bytes) -> Table:
    """Records of a JSON file: a list of objects, or an object with such a list under `tracks`.

    Rows are numbered by record (1 = the first track). Arrays and objects nested deeper than
    `cells.MAX_DEPTH` are reported by record and field."""
    document, decoded = json_document(data)
    records = document.get("tracks") if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise TableError("a JSON library is a list of tracks, or an object with a `tracks` list", decoded.encoding)
    table = _records_table(location, records)
    table.encoding = decoded.encoding
    table.notes = [decoded.note] if decoded.note else []
    return table


def json_document(data: bytes) -> tuple[object, Decoded]:
    """A JSON file's document and how its text was read, or TableError saying where it is broken (a
    truncated file: `not a JSON document (Expecting ',' delimiter: line 9 column 5 (char 180))`)."""
    decoded = decode(data)
    if UNREADABLE in decoded.text:  # a JSON document has no lines to leave out
        line = decoded.text.count("\n", 0, decoded.text.index(UNREADABLE)) + 1
        raise TableError(f"not {decoded.encoding} text (unreadable bytes at line {line})", decoded.encoding)
    try:
        return _load_json(decoded.text), decoded
    except ValueError as exc:
        raise TableError(f"not a JSON document ({exc})", decoded.encoding) from exc


def _load_json(text: str) -> object:
    """The document, with every array or object deeper than MAX_DEPTH replaced by `_DEEP`, however deep."""
    try:
        document = json.loads(text)
    except RecursionError:
        document = None
    else:
        if not _clip_parsed(document):
            return document
    # too deep for json.loads, or deeper than allowed: the same document with the deep parts cut out
    clipped, at = clip_deep(text, MAX_DEPTH, json.dumps(_DEEP))
    try:
        return json.loads(clipped)
    except (ValueError, RecursionError) as exc:  # positions in the cut text are not the file's: say where it nests
        line = text.count("\n", 0, max(at, 0)) + 1
        raise ValueError(f"{TOO_DEEP} from line {line}, and not valid JSON there") from exc


def _clip_parsed(document: object) -> bool:
    """True when the parsed document nests deeper than MAX_DEPTH (then it is cut as the text would be)."""
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, (list, dict)):
                if depth >= MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


def parquet_table(location: str, data: bytes) -> Table:
    """Records of a Parquet file (needs pyarrow); rows are numbered from 1."""
    try:
        import pandas as pd

        frame = pd.read_parquet(io.BytesIO(data))
    except ImportError as exc:
        raise TableError("reading Parquet needs pyarrow: pip install 'mkdocs-clusters[parquet]'") from exc
    except Exception as exc:  # pyarrow raises many kinds for a broken file; all mean "not Parquet"
        raise TableError(f"not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    return _records_table(location, frame.to_dict(orient="records"))


def _records_table(location: str, records: Sequence[object]) -> Table:
    names: dict[str, None] = {}
    for record in records:
        if isinstance(record, dict):
            names.update(dict.fromkeys(str(k) for k in record))
    header = list(names)
    kinds = [FIELD_KINDS.get(HEADER_FIELDS.get(normalise_header(name), ""), "") for name in header]

    def rows() -> Cells:
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                reason = TOO_DEEP if _holds_deep(record) else f"not an object (got {describe(_plain(record))})"
                yield Problem(location, number, f"the record is {reason}", "record")
                continue
            values = {str(k): v for k, v in record.items()}
            cells: list[str] = []
            for name, kind in zip(header, kinds, strict=True):
                try:
                    cells.append(_cell(values.get(name), kind))
                except CellError as exc:
                    yield Problem(location, number, f"field `{name}`: {exc}", "record")
                    break
            else:
                yield number, cells

    return Table(header, rows(), "", "record")


def _plain(value: object) -> object:
    """A Parquet value as the JSON-like value it stands for: numpy arrays and scalars as lists and Python
    scalars, NaN, NaT and NA as None."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, (list, dict, str)):
        return value
    try:
        missing = bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pandas' NA has no truth value
        missing = True
    return None if missing else value


def _holds_deep(value: object) -> bool:
    """True when a value holds a part cut for nesting too deep (`_DEEP`), searched without recursion."""
    stack = [value]
    while stack:
        node = stack.pop()
        if node == _DEEP:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _cell(raw: object, kind: str) -> str:
    """A JSON or Parquet value as the text a CSV cell would hold, checked against its field's kind (see
    `columns.FIELD_KINDS`); CellError says what was expected and what was found."""
    value = _plain(raw)
    if value is None:
        return ""
    if isinstance(value, (list, dict)) and _holds_deep(value):
        raise CellError(TOO_DEEP)
    if isinstance(value, str):  # text is read as a CSV cell is, whatever the field
        return value
    if kind == "list":
        if not isinstance(value, list):
            raise CellError(f"expected a list of names, got {describe(value)}")
        names: list[str] = []
        for item in map(_plain, value):
            if isinstance(item, str):
                names.append(item)
            elif item is not None:
                raise CellError(f"expected a list of names, got a list holding {describe(item)}")
        return json.dumps(names, ensure_ascii=False)
    if kind == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _number(value)
        raise CellError(f"expected a number, got {describe(value)}")
    if kind == "boolean":
        if isinstance(value, bool) or value in (0, 1):
            return "true" if value else "false"
        raise CellError(f"expected true or false, got {describe(value)}")
    if isinstance(value, (datetime.date, datetime.time)):  # Parquet dates and timestamps
        return value.isoformat()
    if kind == "text":
        raise CellError(f"expected text, got {describe(value)}")
    return _extra(value)


def _number(value: int | float) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)


def _extra(value: object) -> str:
    """A value of a column the reader does not interpret (shown with the `columns:` option) as text:
    scalars as a CSV cell writes them, lists and objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, (list, dict)):
        try:
            return json.dumps(value, ensure_ascii=False, default=_json_default)
        except (TypeError, ValueError) as exc:
            raise CellError(f"a value that is not JSON ({exc})") from exc
    raise CellError(f"expected text, a number or JSON, got {describe(value)}")


def _json_default(value: object) -> object:
    value = _plain(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    raise TypeError(f"got {describe(value)}")
