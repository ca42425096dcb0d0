"""The listening chart over time (issue 30) follows the rule of the tracks added: per month while the
streams span at most 30 months, per year beyond, the empty months or years between drawn, the columns
adding up to the streams of the page. Real `mkdocs build --strict` runs of Spotify's own data export (the
trimmed real playlists and library of tests/fixtures) with a generated extended streaming history, as no
real export with a history spanning more than 30 months is at hand."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from helpers import ROOT, mkdocs_build, project
from mkdocs_clusters.listening import STREAM_MS
from mkdocs_clusters.render.charts import MONTHLY_SPAN, Timeline

ACCOUNT = ROOT / "tests" / "fixtures" / "spotify_account"
#: each column of a listening chart: its label and count, from the column's tooltip
_COLUMN = re.compile(r"<title>(\d{4}(?:-\d\d)?): ([\d,]+) streams?</title>")


def columns_of(page: str) -> list[tuple[str, int]]:
    """The columns of the page's listening chart (the only chart whose tooltips count streams)."""
    return [(label, int(n.replace(",", ""))) for label, n in _COLUMN.findall(page)]


def playlist_tracks(name: str) -> list[str]:
    """The track URIs of one playlist of the fixture's `Playlist1.json`."""
    data = json.loads((ACCOUNT / "Playlist1.json").read_text(encoding="utf-8"))
    playlist = next(p for p in data["playlists"] if p["name"] == name)
    return [item["track"]["trackUri"] for item in playlist["items"] if item.get("track")]


def history(first: tuple[int, int], months: int, uris: list[str]) -> list[dict[str, object]]:
    """Extended-history rows, in Spotify's shape, over `months` months from `first` (year, month): the
    first and last month streamed, a few months between silent, plays long and short (under `STREAM_MS`
    is a play, not a stream)."""
    rng = random.Random(30)
    rows: list[dict[str, object]] = []
    for step in range(months):
        year, month = first[0] + (first[1] - 1 + step) // 12, (first[1] - 1 + step) % 12 + 1
        edge = step in (0, months - 1)
        for play in range(0 if not edge and step % 7 == 3 else rng.randint(1, 6)):
            uri, day = rng.choice(uris), f"{year:04d}-{month:02d}-{1 + rng.randrange(28):02d}"
            rows.append(
                {
                    "ts": f"{day}T{10 + play:02d}:{rng.randrange(60):02d}:00Z",
                    "platform": "android",
                    "ms_played": 95_000 if edge and not play else rng.choice((4_000, 29_999, 30_000, 95_000, 210_000)),
                    "conn_country": "DE",
                    "master_metadata_track_name": f"Track {uri[-4:]}",
                    "master_metadata_album_artist_name": "Artist",
                    "master_metadata_album_album_name": "Album",
                    "spotify_track_uri": uri,
                    "episode_name": None,
                    "episode_show_name": None,
                    "spotify_episode_uri": None,
                    "reason_start": "trackdone",
                    "reason_end": "trackdone",
                    "shuffle": False,
                    "skipped": rng.random() < 0.2,
                    "offline": False,
                    "incognito_mode": False,
                }
            )
    return rows


def streams_per_month(rows: list[dict[str, object]], uris: set[str] | None = None) -> Counter[str]:
    """The streams of the rows (of these tracks), by `YYYY-MM`: what the chart must add up to."""
    return Counter(
        str(r["ts"])[:7]
        for r in rows
        if int(str(r["ms_played"])) >= STREAM_MS and (uris is None or r["spotify_track_uri"] in uris)
    )


def build(tmp: Path, rows: list[dict[str, object]]) -> Path:
    """A strict MkDocs build of the fixture's playlists and library with `rows` as the history."""
    library = tmp / "my_spotify_data"
    library.mkdir()
    for name in ("Playlist1.json", "YourLibrary.json"):
        shutil.copy(ACCOUNT / name, library)
    (library / "Streaming_History_Audio_2015-2024_0.json").write_text(json.dumps(rows), encoding="utf-8")
    mkdocs_build(project(tmp, library, tmp / "cache", min_tracks=3), tmp / "site")
    return tmp / "site" / "library"


def months_between(first: str, last: str) -> list[str]:
    """Every `YYYY-MM` from first to last, counted independently of the code under test."""
    out, (year, month) = [], (int(first[:4]), int(first[5:]))
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def check_page(page: str, expected: Counter[str]) -> str:
    """The page's listening chart against the streams `expected` per month: per month (every month from
    the first to the last) within `MONTHLY_SPAN` months, else per year (every year between); returns
    the unit."""
    columns = columns_of(page)
    every = months_between(min(expected), max(expected))
    assert sum(n for _, n in columns) == sum(expected.values()) > 0
    if len(every) <= MONTHLY_SPAN:
        assert columns == [(m, expected[m]) for m in every]
        return "month"
    years = dict.fromkeys(sorted({m[:4] for m in every}), 0)
    for month, n in expected.items():
        years[month[:4]] += n
    assert columns == list(years.items())
    return "year"


def text_of(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    """A history of nine years and ten months: 118 months, drawn per year."""
    uris = playlist_tracks("Artistic Skate") + playlist_tracks("My Summer Playlist")
    rows = history((2015, 2), 118, uris)
    return build(tmp_path_factory.mktemp("long"), rows), rows


def test_a_history_of_more_than_30_months_is_drawn_per_year(long_site: tuple[Path, list[dict[str, object]]]) -> None:
    site, rows = long_site
    home = (site / "index.html").read_text(encoding="utf-8")
    expected = streams_per_month(rows)
    assert len(months_between(min(expected), max(expected))) == 118
    assert check_page(home, expected) == "year"
    columns = columns_of(home)
    assert [label for label, _ in columns] == [str(y) for y in range(2015, 2025)]  # ten columns, not 118
    most = max(n for _, n in columns)
    busiest = next(label for label, n in columns if n == most)
    line = text_of(home)
    total = sum(expected.values())
    assert f"{total:,} streams of your history from 2015 to 2024 · most in {busiest} ({most:,}) ·" in line
    assert "skipped. Per year:" in line
    assert re.search(r'aria-label="Streams of your history per year: 2015 [\d,]+, 2016 ', home)
    # a playlist's page: the streams of its own tracks, per year as well
    skate = (site / "playlists" / "artistic-skate" / "index.html").read_text(encoding="utf-8")
    assert check_page(skate, streams_per_month(rows, set(playlist_tracks("Artistic Skate")))) == "year"


def test_a_history_of_30_months_stays_per_month_with_its_silent_months_drawn(tmp_path: Path) -> None:
    rows = history((2022, 1), MONTHLY_SPAN, playlist_tracks("Artistic Skate"))
    site = build(tmp_path, rows)
    home = (site / "index.html").read_text(encoding="utf-8")
    expected = streams_per_month(rows)
    assert check_page(home, expected) == "month"
    columns = columns_of(home)
    assert len(columns) == MONTHLY_SPAN and ("2022-04", 0) in columns  # a silent month is a column of 0
    assert "streams of your history from Jan 2022 to Jun 2024 · most in" in text_of(home)
    assert "skipped. Per month:" in text_of(home)


def test_few_streams_or_one_month_give_the_line_alone() -> None:
    assert Timeline.of({"2020-01": 4, "2020-03": 0}).chart("Streams", lambda label, n: label) == ""
    one_month = Timeline.of({"2020-01": 40})
    assert one_month.when() == "in Jan 2020" and one_month.chart("Streams", lambda label, n: label) == ""
    assert one_month.per() == ""
    assert Timeline.of({}).columns == () and Timeline.of({"2020-01": 0}).when() == ""
    spread = Timeline.of({"2019-12": 3, "2020-02": 2})
    assert spread.columns == (("2019-12", 3), ("2020-01", 0), ("2020-02", 2)) and spread.per() == " Per month:"
