"""The project's own format with values of the wrong type: JSON and Parquet records, and list cells in CSV.

A value of the wrong type (an object where names are expected, numbers where a list of playlists is,
nested lists, booleans where numbers are) is reported by record (or line) and field, and the record is not
loaded; no value ever reaches a page as Python text; nesting 5,000 deep is reported, never a RecursionError.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mkdocs_clusters.model import FileReport, Problem
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.rows import Row, read_file


def track(n: int, **fields: object) -> dict[str, object]:
    return {"track_id": f"{n:022d}", "title": f"Song {n}", "playlists": ["Mix"], **fields}


def read_json(records: object, name: str = "lib.json") -> tuple[FileReport, list[Row]]:
    report, rows = read_file(name, json.dumps(records).encode("utf-8"))
    assert report.rows_read == report.rows_loaded + report.rows_reported
    return report, rows


def reasons(report: FileReport) -> list[tuple[int | None, str]]:
    return [(p.line, p.reason) for p in report.problems]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"playlists": {"name": "Chill", "id": 3}}, "field `playlists`: expected a list of names, got an object"),
        ({"playlists": 1}, "field `playlists`: expected a list of names, got a number (1)"),
        ({"playlists": [1, 2]}, "field `playlists`: expected a list of names, got a list holding a number (1)"),
        ({"playlists": [["Alt-Pop"]]}, "field `playlists`: expected a list of names, got a list holding a list"),
        ({"playlists": True}, "field `playlists`: expected a list of names, got true"),
        (
            {"artists": [{"name": "Ann", "id": "x"}]},
            "field `artists`: expected a list of names, got a list holding an object",
        ),
        ({"genres": {"pop": 1}}, "field `genres`: expected a list of names, got an object"),
        ({"labels": [["L"]]}, "field `labels`: expected a list of names, got a list holding a list"),
        ({"title": {"name": "Song", "id": 1}}, "field `title`: expected text, got an object"),
        ({"title": 1999}, "field `title`: expected text, got a number (1999)"),
        ({"album": ["A"]}, "field `album`: expected text, got a list"),
        ({"energy": True}, "field `energy`: expected a number, got true"),
        ({"tempo": [120]}, "field `tempo`: expected a number, got a list"),
        ({"popularity": {"v": 1}}, "field `popularity`: expected a number, got an object"),
        ({"liked": 2}, "field `liked`: expected true or false, got a number (2)"),
        ({"explicit": ["yes"]}, "field `explicit`: expected true or false, got a list"),
    ],
)
def test_a_wrong_type_is_reported_by_record_and_field(fields: dict[str, object], reason: str) -> None:
    report, rows = read_json({"tracks": [track(1), track(2, **fields), track(3)]})
    assert [r.track.title for r in rows] == ["Song 1", "Song 3"]
    assert reasons(report) == [(2, reason)]
    assert str(report.problems[0]) == f"lib.json, record 2: {reason}"
    assert report.summary()[0][0]  # lost data: a WARNING, so `mkdocs build --strict` fails


def test_the_right_types_load() -> None:
    record = track(1, playlists=["1", "Alt-Pop"], artists=["Ann", "Bo, Jr."], energy=0.5, tempo=120, liked=1,
                   explicit=False, genres="pop, rock", labels="A/B", release_date="2020-01-02")  # fmt: skip
    report, [row] = read_json([record])
    assert report.problems == []
    assert row.playlists == ("1", "Alt-Pop")  # a name that is a string in the source is a name
    assert row.track.artists == ("Ann", "Bo, Jr.")
    assert row.track.features == {"energy": 0.5, "tempo": 120.0}
    assert row.liked is True and row.track.explicit is False
    assert row.track.genres == ("pop", "rock") and row.track.labels == ("A", "B")


def test_text_in_a_list_field_reads_as_a_csv_cell_does() -> None:
    report, rows = read_json([track(1, playlists="Alt-Pop;Chill"), track(2, playlists="['Alt-Pop']")])
    assert report.problems == []
    assert [r.playlists for r in rows] == [("Alt-Pop", "Chill"), ("Alt-Pop",)]


def test_other_columns_keep_lists_and_objects_as_json_text() -> None:
    report, [row] = read_json([track(1, Rank=3, Score=0.5, Tags=["a", "b"], Meta={"by": "me", "n": [1]}, Ok=True)])
    assert report.problems == []
    assert row.track.extra == {"rank": "3", "score": "0.5", "tags": '["a", "b"]', "meta": '{"by": "me", "n": [1]}',
                               "ok": "true"}  # fmt: skip


def test_no_value_reaches_the_library_as_python_text(tmp_path: Path) -> None:
    records = [
        track(1, playlists=[1]),
        track(2, playlists=[["Alt-Pop"]]),
        track(3, playlists={"name": "Chill", "id": 3}),
        track(4, artists=[{"name": "Ann"}]),
        track(5, playlists=["Alt-Pop"], Meta={"name": "x"}),
    ]
    path = tmp_path / "library.json"
    path.write_text(json.dumps({"tracks": records}), encoding="utf-8")
    library = load_library(path)
    assert [p.name for p in library.playlists] == ["Alt-Pop"]
    assert list(library.tracks) == [f"{5:022d}"]
    assert library.tracks[f"{5:022d}"].extra == {"meta": '{"name": "x"}'}
    texts = [str(p) for p in library.problems] + [p.name for p in library.playlists]
    assert not any("{'" in t or "['" in t for t in texts), texts


def test_records_that_are_not_objects() -> None:
    report, rows = read_json([track(1), 5, "x", [track(2)], None])
    assert len(rows) == 1
    assert reasons(report) == [
        (2, "the record is not an object (got a number (5))"),
        (3, "the record is not an object (got text)"),
        (4, "the record is not an object (got a list)"),
        (5, "the record is not an object (got null)"),
    ]


# -- deep nesting ----------------------------------------------------------------------------------

DEEP = "[" * 5000 + "]" * 5000


def test_a_field_nested_5000_deep_in_a_json_file_is_reported_by_record() -> None:
    text = json.dumps({"tracks": [track(1), track(2, playlists="HERE"), track(3)]}).replace('"HERE"', DEEP)
    report, rows = read_file("lib.json", text.encode())
    assert [r.track.title for r in rows] == ["Song 1", "Song 3"]
    assert reasons(report) == [(2, "field `playlists`: nested too deep (more than 32 levels of [ and {)")]
    assert report.rows_read == 3 and report.rows_reported == 1


@pytest.mark.parametrize("depth", [31, 33, 200, 990, 5000])
def test_any_depth_reads_the_same_way(depth: int) -> None:
    """Depths json.loads handles and depths it raises RecursionError on give the same report."""
    text = json.dumps([track(1, Meta="HERE")]).replace('"HERE"', "[" * depth + "]" * depth)
    report, rows = read_file("lib.json", text.encode())
    assert report.rows_read == 1 == report.rows_loaded + report.rows_reported
    if depth <= 30:  # the document's array, the record's object, then the value's own levels
        assert len(rows) == 1
    else:
        assert reasons(report) == [(1, "field `Meta`: nested too deep (more than 32 levels of [ and {)")]


def test_a_json_file_that_is_only_deep_nesting() -> None:
    report, rows = read_file("lib.json", DEEP.encode())
    assert rows == [] and report.unreadable and report.rows_read == report.rows_reported
    report, rows = read_file("lib.json", ("[" * 5000).encode())  # never closed
    assert rows == [] and report.unreadable
    assert "nested too deep (more than 32 levels of [ and {) from line 1" in report.problems[0].reason
    report, rows = read_file("lib.json", json.dumps([track(1, Meta="HERE")]).replace('"HERE"', "{" * 5000).encode())
    assert rows == [] and "not a JSON document" in report.problems[0].reason


def test_a_csv_list_cell_nested_5000_deep_is_reported_by_line() -> None:
    rows_text = [f'{1:022d},Song 1,"{DEEP}"', f"{2:022d},Song 2,Mix", f'{3:022d},Song 3,"{"[" * 5000}"']
    data = ("track_id,title,playlists\n" + "\n".join(rows_text) + "\n").encode()
    report, rows = read_file("library.csv", data)
    assert [r.track.title for r in rows] == ["Song 2"]
    assert reasons(report) == [
        (2, "field `playlists`: nested too deep (more than 32 levels of [ and {)"),
        (4, "field `playlists`: nested too deep (more than 32 levels of [ and {)"),
    ]


# -- list cells in own-format CSV ------------------------------------------------------------------


def test_csv_list_cells_of_the_wrong_type_are_reported_by_line_and_column() -> None:
    data = (
        "track_id,title,Artist Name(s),playlists\n"
        f'{1:022d},One,Ann,"[1, 2]"\n'
        f'{2:022d},Two,Ann,"{{""name"": ""Chill"", ""id"": 3}}"\n'
        f'{3:022d},Three,"[[""Ann""]]",Mix\n'
        f"{4:022d},Four,Ann,1\n"
        f"{5:022d},Five,[dunkelbunt],[Live]\n"
    ).encode()
    report, rows = read_file("library.csv", data)
    assert reasons(report) == [
        (2, "field `playlists`: expected a list of names, got a list holding a number (1)"),
        (3, "field `playlists`: expected a list of names, got an object"),
        (4, "field `Artist Name(s)`: expected a list of names, got a list holding a list"),
    ]
    # `1` is text in a CSV cell, so a name; bracketed text that is not JSON is a name too
    assert [(r.track.title, r.track.artists, r.playlists) for r in rows] == [
        ("Four", ("Ann",), ("1",)),
        ("Five", ("[dunkelbunt]",), ("[Live]",)),
    ]


def test_a_csv_written_by_pandas_reads_its_python_lists(tmp_path: Path) -> None:
    """pandas writes list columns as Python lists (`['Alt-Pop', "Rock 'n' Roll"]`), not JSON."""
    frame = pd.DataFrame(
        [
            {"track_id": f"{1:022d}", "title": "One", "artists": ["Ann", "Bo, Jr."],
             "playlists": ["Alt-Pop", "Rock 'n' Roll"], "genres": ["pop"]},
            {"track_id": f"{2:022d}", "title": "Two", "artists": ["Ann"], "playlists": [1], "genres": []},
        ]
    )  # fmt: skip
    frame.to_csv(tmp_path / "library.csv", index=False)
    assert '"[\'Alt-Pop\', ""Rock \'n\' Roll""]"' in (tmp_path / "library.csv").read_text()  # quoted as CSV
    report, rows = read_file("library.csv", (tmp_path / "library.csv").read_bytes())
    assert [(r.track.artists, r.playlists, r.track.genres) for r in rows] == [
        (("Ann", "Bo, Jr."), ("Alt-Pop", "Rock 'n' Roll"), ("pop",))
    ]
    assert reasons(report) == [(3, "field `playlists`: expected a list of names, got a list holding a number (1)")]


# -- Parquet ---------------------------------------------------------------------------------------


def test_parquet_wrong_types_are_reported_by_record(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame(
        {
            "track_id": [f"{i:022d}" for i in range(3)],
            "title": ["One", "Two", "Three"],
            "playlists": [["Mix"], ["Mix", "Run"], ["Run"]],
            "artists": [[{"name": "Ann"}], None, None],
            "energy": [0.5, None, 0.7],
            "added_at": pd.to_datetime(["2024-01-01T10:00:00Z", None, "2024-02-01T00:00:00Z"]),
        }
    )
    frame.to_parquet(tmp_path / "library.parquet")
    report, rows = read_file("library.parquet", (tmp_path / "library.parquet").read_bytes())
    assert report.rows_read == report.rows_loaded + report.rows_reported == 3
    assert reasons(report) == [(1, "field `artists`: expected a list of names, got a list holding an object")]
    assert [(r.track.title, r.playlists, r.track.features, r.track.added_at) for r in rows] == [
        ("Two", ("Mix", "Run"), {}, ""),
        ("Three", ("Run",), {"energy": 0.7}, "2024-02-01T00:00:00+00:00"),
    ]
    assert report.problems[0].unit == "record" and str(report.problems[0]).startswith("library.parquet, record 1:")


def test_problem_names_its_unit() -> None:
    assert str(Problem("a.csv", 3, "x")) == "a.csv, line 3: x"
    assert str(Problem("a.json", 3, "x", "record")) == "a.json, record 3: x"
    assert str(Problem("a.json", None, "x", "record")) == "a.json: x"
