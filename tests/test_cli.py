"""`python -m mkdocs_clusters inspect`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs_clusters", *args], capture_output=True, text=True)


def test_inspect_prints_sizes_coverage_dialects_and_problems(tmp_path: Path) -> None:
    rows = [
        exportify_row(f"{i:022d}", f"Song {i}", features=None if i == 0 else (0.5,) * 8 + (120.0,)) for i in range(4)
    ]
    (tmp_path / "Mix.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows) + b"spotify:track:x,broken\n")
    result = run("inspect", str(tmp_path), "--min-tracks", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "tracks: 4 (0 liked)" in out
    assert "playlists: 1" in out
    assert "labels: 1 (1 with at least 2 tracks)" in out
    assert "danceability      75.0%" in out
    assert "files: 1 exportify.net 2025+" in out
    assert "rows: 5 read, 4 loaded, 1 reported" in out
    assert "Mix.csv, line 6: expected 24 fields, found 2" in out


def test_inspect_unreadable_library(tmp_path: Path) -> None:
    result = run("inspect", str(tmp_path / "missing.zip"))
    assert result.returncode == 2
    assert "library not found" in result.stderr


def test_inspect_lists_the_label_spellings_it_merged(tmp_path: Path) -> None:
    labels = ["ABKCO Music & Records", "ABKCO Music & Records", "ABKCO Music and Records, Inc.", "ABKCO",
              "Roc-A-Fella", "RocAFella/Def Jam", "Def Jam", "Sony Music"]  # fmt: skip
    rows = [exportify_row(f"{i:022d}", f"Song {i}", label=label) for i, label in enumerate(labels)]
    (tmp_path / "Mix.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    result = run("inspect", str(tmp_path), "--min-tracks", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert "labels: 4 (3 with at least 2 tracks)" in out  # counted after the merge
    start = out.index("label spellings merged: 5 spellings into 2 labels (2 with at least 2 tracks)")
    assert out[start + 1 :] == [
        "  ABKCO Music & Records  <=  ABKCO; ABKCO Music and Records, Inc.",
        "  RocAFella  <=  Roc-A-Fella",
    ]


def test_inspect_lists_no_merge_where_there_is_none(tmp_path: Path) -> None:
    rows = [exportify_row(f"{i:022d}", f"Song {i}", label=label) for i, label in enumerate(["Warner", "Sony"])]
    (tmp_path / "Mix.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    result = run("inspect", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "label spellings merged" not in result.stdout


def test_inspect_reports_each_signals_coverage(tmp_path: Path) -> None:
    rows = [
        exportify_row(f"{i:022d}", f"Song {i}", features=None if i < 2 else (0.5,) * 8 + (120.0,)) for i in range(4)
    ]
    rows[0][10] = ""  # no genres
    rows[1][6] = "0"  # popularity unknown
    rows[3][9] = "1970-01-01T00:00:00Z"  # exporters' "unknown" date added
    (tmp_path / "Mix.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    (tmp_path / "Road Trip.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows[:1]))
    result = run("inspect", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "signals (share of tracks that have them):" in out
    assert "all audio features  50.0%" in out
    assert "genres              75.0%" in out
    assert "popularity          75.0%" in out
    assert "date added          75.0%" in out
    assert "in 2+ playlists     25.0%" in out
