"""The read memo: a library loaded again after one file changed parses only that file, and gives the
library a load without the memo gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row, small_playlist, write_small_library
from mkdocs_clusters.model import FileReport, Library
from mkdocs_clusters.read import library as library_module
from mkdocs_clusters.read.account_data import read_export_file
from mkdocs_clusters.read.labels import LabelNormaliser
from mkdocs_clusters.read.library import ReadMemo, load_library, load_unchanged
from mkdocs_clusters.read.rows import Row
from mkdocs_clusters.read.sources import library_files

Parsed = list[str]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Parsed:
    """The locations `read_export_file` parses, in order (the library's reader counted, not replaced)."""
    calls: Parsed = []

    def counting(
        location: str, data: bytes, normalise_labels: LabelNormaliser | None = None
    ) -> tuple[FileReport, list[Row]]:
        calls.append(location)
        return read_export_file(location, data, normalise_labels)

    monkeypatch.setattr(library_module, "read_export_file", counting)
    return calls


def _labelled(*labels: str) -> bytes:
    """A playlist of one track from each of `labels` (spellings as the export writes them)."""
    rows = [exportify_row(f"{i:022d}", f"Song {i}", label=label) for i, label in enumerate(labels)]
    return csv_bytes(EXPORTIFY_2025, rows)


def _same(one: Library, other: Library) -> None:
    """Two loads gave the same library, in every part a site is made from."""
    assert one.tracks == other.tracks
    assert [t.features for t in one.tracks.values()] == [t.features for t in other.tracks.values()]
    assert one.playlists == other.playlists
    assert one.liked == other.liked
    assert one.reports == other.reports
    assert [r.summary() for r in one.reports] == [r.summary() for r in other.reports]
    assert one.label_merges == other.label_merges


def test_a_fresh_memo_gives_the_library_a_load_without_it_gives(tmp_path: Path) -> None:
    write_small_library(tmp_path, version=0, playlists=4)
    (tmp_path / "Liked Songs.csv").write_bytes(small_playlist(9, 0))
    (tmp_path / "Labels.csv").write_bytes(_labelled("ABKCO Music & Records", "ABKCO", "ABKCO"))
    memo = ReadMemo()
    with_memo = load_library(tmp_path, memo=memo)
    _same(with_memo, load_library(tmp_path))
    assert with_memo.liked and with_memo.label_merges
    assert len(memo) == 6


def test_after_one_file_changed_only_it_is_parsed_again(tmp_path: Path, parsed: Parsed) -> None:
    write_small_library(tmp_path, version=0, playlists=5)
    memo = ReadMemo()
    load_library(tmp_path, memo=memo)
    assert len(parsed) == 5
    changed = tmp_path / "Playlist_2.csv"
    changed.write_bytes(small_playlist(2, 1))
    parsed.clear()
    again = load_unchanged(tmp_path, library_files(tmp_path), memo=memo)
    assert parsed == [str(changed)]
    assert any("rev-001" in t.title for t in again.tracks.values())
    _same(again, load_library(tmp_path))


def test_a_reused_report_is_a_copy(tmp_path: Path) -> None:
    write_small_library(tmp_path, version=0, playlists=1)
    memo = ReadMemo()
    first = load_library(tmp_path, memo=memo)
    first.reports[0].refuse("changed by a caller")
    second = load_library(tmp_path, memo=memo)
    assert not second.reports[0].problems
    _same(second, load_library(tmp_path))


def test_other_label_aliases_parse_every_file_again(tmp_path: Path, parsed: Parsed) -> None:
    (tmp_path / "One.csv").write_bytes(_labelled("Interscope"))
    write_small_library(tmp_path, version=0, playlists=2)
    memo = ReadMemo()
    plain = load_library(tmp_path, memo=memo)
    assert {label for t in plain.tracks.values() for label in t.labels} >= {"Interscope"}
    parsed.clear()
    aliases = {"Interscope Records": ["Interscope"]}
    aliased = load_library(tmp_path, aliases, memo=memo)
    assert sorted(parsed) == sorted(str(p) for p in tmp_path.iterdir())
    assert "Interscope" not in {label for t in aliased.tracks.values() for label in t.labels}
    _same(aliased, load_library(tmp_path, aliases))
    parsed.clear()
    _same(load_library(tmp_path, {"Interscope Records": ("Interscope",)}, memo=memo), aliased)
    assert parsed == []  # the same aliases, written as a tuple


@pytest.mark.parametrize("change", [lambda p: p.unlink(), lambda p: p.rename(p.with_name("Moved.csv"))])
def test_a_removed_file_leaves_the_library_and_the_memo(tmp_path: Path, change: Callable[[Path], object]) -> None:
    write_small_library(tmp_path, version=0, playlists=3)
    memo = ReadMemo()
    load_library(tmp_path, memo=memo)
    gone = tmp_path / "Playlist_1.csv"
    assert str(gone) in memo
    change(gone)
    library = load_library(tmp_path, memo=memo)
    assert str(gone) not in memo
    assert str(gone) not in {r.source for r in library.reports}
    assert "Playlist_1" not in {p.name for p in library.playlists}
    assert len(memo) == len(library.reports)
    _same(library, load_library(tmp_path))
