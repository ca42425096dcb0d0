"""Shared test helpers: paths, the real fixtures (skipped where `../shared` is absent), CSV writers."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "fixtures" / "real"
#: the environment of MkDocs runs in tests; SOURCE_DATE_EPOCH: MkDocs' sitemap.xml.gz carries the build
#: time otherwise
BUILD_ENV = {
    "NO_MKDOCS_2_WARNING": "1",
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "SOURCE_DATE_EPOCH": "1700000000",
    "HOME": "/tmp",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, for the browser test modules (they import `test_browser`, whose
    import skips them where Chromium or Playwright is missing, outside CI)."""
    from test_browser import CHROMIUM, FLAGS, sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def real_fixture(*parts: str) -> Path:
    """A path under the shared real fixtures, or a skip when this clone has none."""
    path = REAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real fixtures not present: {path}")
    return path


def csv_bytes(header: list[str], rows: list[list[str]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    """CSV text as an exporter writes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


EXPORTIFY_2025 = [
    "Track URI",
    "Track Name",
    "Album Name",
    "Artist Name(s)",
    "Release Date",
    "Duration (ms)",
    "Popularity",
    "Explicit",
    "Added By",
    "Added At",
    "Genres",
    "Record Label",
    "Danceability",
    "Energy",
    "Key",
    "Loudness",
    "Mode",
    "Speechiness",
    "Acousticness",
    "Instrumentalness",
    "Liveness",
    "Valence",
    "Tempo",
    "Time Signature",
]


def exportify_row(
    track_id: str,
    title: str,
    artists: str = "Artist",
    *,
    album: str = "Album",
    genres: str = "pop",
    label: str = "Label",
    features: tuple[float, ...] | None = (0.5, 0.5, -8.0, 0.05, 0.3, 0.0, 0.1, 0.5, 120.0),
) -> list[str]:
    """One exportify.net 2025+ row; `features` in AUDIO_FEATURES order, None for none."""
    f = ["" for _ in range(9)] if features is None else [str(x) for x in features]
    uri = track_id if track_id.startswith("spotify:") else f"spotify:track:{track_id}"
    return [
        uri,
        title,
        album,
        artists,
        "2020-01-01",
        "200000",
        "50",
        "false",
        "me",
        "2024-01-01T00:00:00Z",
        genres,
        label,
        f[0],
        f[1],
        "5",
        f[2],
        "1",
        f[3],
        f[4],
        f[5],
        f[6],
        f[7],
        f[8],
        "4",
    ]
