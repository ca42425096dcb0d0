"""Text encodings and damaged lines: files re-saved by Excel or an editor (cp1252, UTF-16 "Unicode text"), made
here with the real `iconv`; a NUL byte, unreadable bytes or a repeated header cost their line, never the file;
an Excel `sep=` line; the rows of a refused file are counted; `inspect` shows encodings and sums up."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from mkdocs_clusters.cli import inspect_text
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.read.rows import read_file

#: names with the letters a re-save in another encoding gets wrong: é, ü, ñ, ’ (cp1252 0x92) and € (0x80)
TITLES = ["Café del Mar", "Über Alles", "Mañana", "Don’t Stop", "5 € Song"]
ARTISTS = ["Beyoncé", "Motörhead", "Peña", "Sinéad O’Connor", "Euro€"]


def accented_csv(delimiter: str = ",") -> str:
    pairs = enumerate(zip(TITLES, ARTISTS, strict=True))
    rows = [exportify_row(f"{i:022d}", t, a, album=f"Álbum {i}") for i, (t, a) in pairs]
    return csv_bytes(EXPORTIFY_2025, rows, delimiter=delimiter).decode("utf-8")


def iconv(text: str, encoding: str, tmp_path: Path) -> bytes:
    """`text` converted from UTF-8 by the system's iconv (Debian's libc-bin), as a user's tools would."""
    if shutil.which("iconv") is None:
        pytest.skip("iconv is not installed")
    source = tmp_path / "utf8.txt"
    source.write_text(text, encoding="utf-8", newline="")
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding, str(source)], capture_output=True, check=True)
    return done.stdout


def names(data: bytes, name: str = "Mix.csv") -> tuple[list[str], list[tuple[str, ...]], str]:
    report, rows = read_file(name, data)
    assert report.rows_read == report.rows_loaded + report.rows_reported == len(TITLES), report
    assert report.problems == [], report.problems
    return [r.track.title for r in rows], [r.track.artists for r in rows], report.encoding


# -- encodings -------------------------------------------------------------------------------------


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    plain = iconv(accented_csv(), "UTF-8", tmp_path)
    assert names(plain) == (TITLES, [(a,) for a in ARTISTS], "utf-8")
    assert names(b"\xef\xbb\xbf" + plain) == (TITLES, [(a,) for a in ARTISTS], "utf-8-sig")


def test_cp1252_resave_reads_with_a_note_naming_the_encoding(tmp_path: Path) -> None:
    data = iconv(accented_csv(), "CP1252", tmp_path)
    assert b"\x92" in data and b"\x80" in data  # ’ and € where cp1252 puts them
    report, rows = read_file("Mix.csv", data)
    assert [r.track.title for r in rows] == TITLES
    assert [r.track.artists for r in rows] == [(a,) for a in ARTISTS]
    assert [r.track.album for r in rows] == [f"Álbum {i}" for i in range(5)]
    assert report.encoding == "cp1252" and report.problems == []
    [note] = report.notes
    assert note.line is None and "read as cp1252" in note.reason and "check that accented names" in note.reason
    # a harmless remark, not lost data: the build log shows it as INFO
    assert report.summary() == [(False, f"{note}; 5 of 5 rows loaded")]


def test_latin1_resave_reads_as_cp1252(tmp_path: Path) -> None:
    text = accented_csv().replace("’", "'").replace("€", "E")  # latin-1 has neither
    titles, _, encoding = names(iconv(text, "LATIN1", tmp_path))
    assert titles == [t.replace("’", "'").replace("€", "E") for t in TITLES] and encoding == "cp1252"


def test_bytes_cp1252_leaves_undefined_read_as_latin1() -> None:
    undefined = b"\x81\x8d\x8f\x90\x9d"
    data = b"Track URI,Track Name\nspotify:track:" + b"a" * 22 + b",Caf\xe9 " + undefined + b"\n"
    report, rows = read_file("odd.csv", data)
    assert rows[0].track.title == "Café " + undefined.decode("latin-1")
    assert report.encoding == "cp1252" and report.rows_loaded == 1


def test_excel_unicode_text_utf16_bom_tabs_crlf(tmp_path: Path) -> None:
    """Excel's "Unicode text": UTF-16 LE with a BOM, TAB between fields, CRLF line ends."""
    data = iconv(accented_csv("\t").replace("\n", "\r\n"), "UTF-16", tmp_path)
    assert data[:2] == b"\xff\xfe" and "\t".encode("utf-16-le") in data and "\r\n".encode("utf-16-le") in data
    assert names(data, "Mix.txt") == (TITLES, [(a,) for a in ARTISTS], "utf-16")


def test_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    data = b"\xfe\xff" + iconv(accented_csv(), "UTF-16BE", tmp_path)
    assert names(data) == (TITLES, [(a,) for a in ARTISTS], "utf-16")


def test_utf16_without_bom_is_recognised_with_a_note(tmp_path: Path) -> None:
    report, rows = read_file("Mix.csv", iconv(accented_csv(), "UTF-16LE", tmp_path))
    assert [r.track.title for r in rows] == TITLES
    assert report.encoding == "utf-16-le" and "no byte order mark" in report.notes[0].reason


def test_unreadable_utf16_bytes_cost_their_line_only() -> None:
    text = accented_csv("\t").replace("\n", "\r\n")
    lone_surrogate = "Mañana".encode("utf-16-le").replace("ñ".encode("utf-16-le"), b"\x00\xd8")
    data = b"\xff\xfe" + text.encode("utf-16-le").replace("Mañana".encode("utf-16-le"), lone_surrogate) + b"!"
    report, rows = read_file("Mix.csv", data)
    assert [r.track.title for r in rows] == [t for t in TITLES if t != "Mañana"]
    assert [(p.line, p.reason) for p in report.problems] == [
        (4, "bytes that are not utf-16 text (damaged text)"),
        (7, "bytes that are not utf-16 text (damaged text)"),  # the odd byte at the end
    ]
    assert report.rows_read == report.rows_loaded + report.rows_reported == 6


@pytest.mark.parametrize(("encoding", "read_as"), [("UTF-8", "utf-8"), ("CP1252", "cp1252"), ("UTF-16", "utf-16")])
def test_own_format_json_in_other_encodings(tmp_path: Path, encoding: str, read_as: str) -> None:
    records = [{"track_id": f"{i:022d}", "title": t, "artists": [a], "playlists": ["Été"]}
               for i, (t, a) in enumerate(zip(TITLES, ARTISTS, strict=True))]  # fmt: skip
    data = iconv(json.dumps({"tracks": records}, ensure_ascii=False, indent=1), encoding, tmp_path)
    report, rows = read_file("library.json", data)
    assert [r.track.title for r in rows] == TITLES and {r.playlists for r in rows} == {("Été",)}
    assert report.encoding == read_as and report.problems == []


def test_damaged_utf16_json_is_refused_with_its_line() -> None:
    text = json.dumps([{"track_id": "a" * 22, "title": "Mañana"}], ensure_ascii=False, indent=1)
    data = text.encode("utf-16").replace("ñ".encode("utf-16-le"), b"\x00\xd8")
    report, rows = read_file("library.json", data)
    assert rows == [] and report.encoding == "utf-16"
    assert [str(p) for p in report.problems] == ["library.json: not utf-16 text (unreadable bytes at line 4)"]


# -- damaged lines ---------------------------------------------------------------------------------


def forty_rows() -> bytes:
    return csv_bytes(EXPORTIFY_2025, [exportify_row(f"{i:022d}", f"Song {i}") for i in range(40)])


def test_a_nul_byte_costs_its_line_not_the_file() -> None:
    data = forty_rows().replace(b"Song 17", b"So\x00ng 17")
    report, rows = read_file("Mix.csv", data)
    assert len(rows) == 39 and "Song 17" not in [r.track.title for r in rows]
    assert [(p.line, p.reason) for p in report.problems] == [(19, "a NUL byte in the line (damaged text)")]
    assert (report.rows_read, report.rows_loaded, report.rows_reported) == (40, 39, 1)


def test_a_run_of_nul_bytes_from_a_crash_costs_one_line() -> None:
    data = forty_rows()
    cut = data.index(b"spotify:track:" + b"0" * 20 + b"30")
    report, rows = read_file("Mix.csv", data[:cut] + b"\x00" * 4096 + b"\n" + data[cut:])
    assert len(rows) == 40 and [p.line for p in report.problems] == [32]


def test_nul_bytes_in_the_header_are_not_a_text_file() -> None:
    report, rows = read_file("image.csv", b"\x89PNG\x00\x00\x00\rIHDR\n" + forty_rows())
    assert rows == [] and report.unreadable and report.encoding == ""
    assert "not a text file (NUL bytes in the header row, line 1)" in report.problems[0].reason


def test_two_exports_joined_with_cat_skip_the_second_header(tmp_path: Path) -> None:
    """`cat a.csv b.csv`: the second BOM and header in the middle of the file."""
    first = csv_bytes(EXPORTIFY_2025, [exportify_row(f"{i:022d}", f"Song {i}") for i in range(3)], bom=True)
    second = csv_bytes(EXPORTIFY_2025, [exportify_row(f"{i:022d}", f"Song {i}") for i in range(3, 5)], bom=True)
    (tmp_path / "a.csv").write_bytes(first)
    (tmp_path / "b.csv").write_bytes(second)
    joined = subprocess.run(["cat", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")], capture_output=True).stdout
    assert joined.count(b"\xef\xbb\xbf") == 2
    report, rows = read_file("Mix.csv", joined)
    assert [r.track.title for r in rows] == [f"Song {i}" for i in range(5)]
    assert report.problems == []  # a header holds no track: nothing lost, a note
    assert [(p.line, p.reason) for p in report.notes] == [
        (5, "the header row again (two exports joined into one file?): skipped")
    ]
    assert (report.rows_read, report.rows_loaded, report.rows_reported) == (6, 5, 1)


def test_another_exports_header_in_the_middle_reads_the_rows_after_it() -> None:
    first = csv_bytes(EXPORTIFY_2025, [exportify_row("a" * 22, "Song A")])
    second = csv_bytes(["Track Name", "Track URI", "Artist Name(s)"], [["Song B", "spotify:track:" + "b" * 22, "Bo"]])
    report, rows = read_file("Mix.csv", first + second)
    assert [(r.track.title, r.track.artists) for r in rows] == [("Song A", ("Artist",)), ("Song B", ("Bo",))]
    assert report.problems == [] and report.notes[0].line == 3 and "a second header row" in report.notes[0].reason


def test_excel_sep_line_sets_the_delimiter_and_is_no_row() -> None:
    body = csv_bytes(EXPORTIFY_2025, [exportify_row(f"{i:022d}", f"Song {i}") for i in range(3)], delimiter=";")
    broken = body.replace(b"Song 1", b"Song 1;extra")
    for first_line in (b"sep=;\r\n", b'"sep=;"\n', b"SEP=;\n"):
        report, rows = read_file("Mix.csv", first_line + broken)
        assert [r.track.title for r in rows] == ["Song 0", "Song 2"]
        assert report.rows_read == 3  # the sep= line is no row
        assert [(p.line, p.reason) for p in report.problems] == [(4, "expected 24 fields, found 25")]  # the file's line


def test_excel_sep_line_wins_over_sniffing() -> None:
    # by its header this file would be read with `,`; the sep= line says `|`
    data = b"sep=|\nTrack URI|Track Name|Album Name\nspotify:track:" + b"a" * 22 + b"|A, B|C\n"
    _, rows = read_file("Mix.csv", data)
    assert rows[0].track.title == "A, B" and rows[0].track.album == "C"


def test_blank_lines_before_the_header_are_skipped() -> None:
    report, rows = read_file("Mix.csv", b"\r\n\r\n" + forty_rows())
    assert len(rows) == 40 and report.problems == []


def test_a_header_field_beyond_the_csv_limit_is_reported_not_a_crash() -> None:
    report, rows = read_file("Mix.csv", b'"' + b"a" * 200_000 + b'"\nx\n')
    assert rows == [] and report.unreadable
    assert report.problems[0].reason.startswith("unreadable header row, line 1 (field larger than field limit")


def test_a_bom_only_file_is_empty_not_a_crash() -> None:
    for data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xff\xfe \x00\n\x00", b"sep=,\n"):
        report, rows = read_file("Mix.csv", data)
        assert rows == [] and report.unreadable and report.rows_read == 0


# -- counting ------------------------------------------------------------------------------------


def test_rows_of_a_file_that_is_no_playlist_export_are_read_and_reported() -> None:
    report, rows = read_file("other.csv", b"a,b,c\n1,2,3\n\n4,5,6\n")
    assert rows == [] and report.unreadable
    assert (report.rows_read, report.rows_loaded, report.rows_reported) == (2, 0, 2)
    assert report.summary() == [
        (True, "other.csv: no Track Name and Track URI/ID columns: not a playlist export; 0 of 2 rows loaded")
    ]


def test_inspect_shows_encodings_and_totals_that_add_up(tmp_path: Path) -> None:
    (tmp_path / "Latin.csv").write_bytes(accented_csv().encode("cp1252"))
    (tmp_path / "Unicode.csv").write_bytes(accented_csv("\t").encode("utf-16"))
    (tmp_path / "Plain.csv").write_bytes(forty_rows().replace(b"Song 3,", b"So\x00ng 3,"))
    (tmp_path / "Other.csv").write_bytes(b"a,b\n1,2\n3,4\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_clusters", "inspect", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "encodings: 1 cp1252, 1 utf-16, 2 utf-8" in out
    assert "rows: 52 read, 49 loaded, 3 reported" in out  # 5 + 5 + 40 + 2
    assert f"{tmp_path / 'Latin.csv'} [exportify.net 2025+, cp1252]: 5 of 5 rows loaded" in out
    assert f"{tmp_path / 'Latin.csv'}: not UTF-8 text: read as cp1252" in out
    assert f"{tmp_path / 'Plain.csv'}, line 5: a NUL byte in the line (damaged text)" in out
    assert f"{tmp_path / 'Other.csv'} [home-made, utf-8]: 0 of 2 rows loaded" in out


def test_inspect_sums_up_many_duplicate_rows(tmp_path: Path) -> None:
    """A file of thousands of repeated rows prints the kept hundred notes and a count, not a line per row."""
    row = ",".join(f'"{c}"' for c in exportify_row("d" * 22, "Again")).encode()
    header = ",".join(EXPORTIFY_2025).encode()
    (tmp_path / "Loop.csv").write_bytes(header + b"\n" + b"\n".join([row] * 20_000) + b"\n")
    library = load_library(tmp_path)
    [report] = library.reports
    assert (report.rows_read, report.rows_loaded, report.rows_reported) == (20_000, 20_000, 0)
    assert len(library.tracks) == 1 and len(library.playlists[0].track_keys) == 20_000
    out = inspect_text(library, 5)
    assert len(out.splitlines()) < 150
    assert "Loop.csv, line 3: the same track as line 2 again" in out
    assert "Loop.csv, line 102: the same track as line 2 again" in out
    assert "Loop.csv, line 103: the same" not in out
    assert "  ... and 19,899 more notes" in out
    assert "rows: 20,000 read, 20,000 loaded, 0 reported" in out
