"""Table formats: CSV text (encoding, delimiter, malformed lines), JSON records and Parquet, each as a
header and numbered rows of cells."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator, Sequence

from mkdocs_clusters.model import Problem
from mkdocs_clusters.read.columns import HEADER_FIELDS, normalise_header


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


#: a table's data rows as (line or record number, cells), or a Problem for a row that cannot be split
Cells = Iterator[tuple[int, list[str]] | Problem]


class TableError(Exception):
    """A file that cannot be read as a table at all; `line` where the fault is known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def csv_table(location: str, data: bytes) -> tuple[list[str], Cells]:
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
                yield Problem(location, line, f"malformed CSV ({exc})")
            else:
                if row:  # a blank line is no row
                    yield line, row
            line = reader.line_num + 1

    return header, rows()


def json_table(location: str, data: bytes) -> tuple[list[str], Cells]:
    """Records of a JSON file: a list of objects, or an object with such a list under `tracks`.

    Rows are numbered by record (1 = the first track)."""
    try:
        document = json.loads(decode(data))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TableError(f"not a JSON document ({exc})") from exc
    records = document.get("tracks") if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise TableError("a JSON library is a list of tracks, or an object with a `tracks` list")
    return _records_table(location, records)


def parquet_table(location: str, data: bytes) -> tuple[list[str], Cells]:
    """Records of a Parquet file (needs pyarrow); rows are numbered from 1."""
    try:
        import pandas as pd

        frame = pd.read_parquet(io.BytesIO(data))
    except ImportError as exc:
        raise TableError("reading Parquet needs pyarrow: pip install 'mkdocs-clusters[parquet]'") from exc
    except Exception as exc:  # pyarrow raises many kinds for a broken file; all mean "not Parquet"
        raise TableError(f"not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    return _records_table(location, frame.to_dict(orient="records"))


def _records_table(location: str, records: Sequence[object]) -> tuple[list[str], Cells]:
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
                yield Problem(location, number, "record is not an object")

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
