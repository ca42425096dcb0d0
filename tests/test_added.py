"""Tracks added over time (issue 30): per month or per year, on the start page and every collection's page;
the columns add up to the dated tracks of the page (a playlist's repeat once, on its first add), in a
real-shaped library with and without audio features and in real exports."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row, real_fixture
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import Library, added_year
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render.added import added_html, added_timeline
from mkdocs_clusters.render.charts import MIN_CHART, MONTHLY_SPAN
from mkdocs_clusters.render.layout import Layout

ADDED = EXPORTIFY_2025.index("Added At")
#: each column of an "added" chart: its label and count, from the column's tooltip
_COLUMN = re.compile(r"<title>(\d{4}(?:-\d\d)?): ([\d,]+) tracks? added</title>")


def columns_of(page: str) -> list[tuple[str, int]]:
    """The columns of the page's chart of tracks added (the only chart whose tooltips say "added")."""
    return [(label, int(n.replace(",", ""))) for label, n in _COLUMN.findall(page)]


def added_columns(dates: list[str]) -> tuple[str, list[tuple[str, int]], int]:
    """The unit, the columns and the number of unknown dates of `added_timeline`."""
    timeline, undated = added_timeline(dates)
    return timeline.unit, list(timeline.columns), undated


def test_months_while_the_span_is_short_then_years_with_the_gaps_kept() -> None:
    unit, columns, undated = added_columns(
        ["2021-03-05T10:00:00Z", "2021-05-01T00:00:00Z", "", "1970-01-01T00:00:00Z", "2021-03-31"]
    )
    assert unit == "month" and undated == 2
    assert columns == [("2021-03", 2), ("2021-04", 0), ("2021-05", 1)]  # April's gap is drawn
    # exactly MONTHLY_SPAN months still by month; one more goes by year, every year between drawn
    last = f"{2020 + (MONTHLY_SPAN - 1) // 12}-{(MONTHLY_SPAN - 1) % 12 + 1:02d}-01"
    unit, columns, _ = added_columns(["2020-01-01", last])
    assert unit == "month" and len(columns) == MONTHLY_SPAN
    later = f"{2020 + MONTHLY_SPAN // 12}-{MONTHLY_SPAN % 12 + 1:02d}-01"
    assert added_columns(["2020-01-01", later])[0] == "year"
    assert added_columns(["2016-06-01", "2016-07-01", "2019-01-01"]) == (
        "year",
        [("2016", 2), ("2017", 0), ("2018", 0), ("2019", 1)],
        0,
    )
    assert added_columns(["", "1970-01-01"]) == ("month", [], 2)


def test_few_adds_give_a_line_and_none_give_nothing() -> None:
    assert added_html(["", ""]) == ""
    few = added_html(["2020-01-01", "2020-06-01", ""])
    assert "<svg" not in few and "2 tracks from Jan 2020 to Jun 2020 · 1 track without a date." in few
    one_month = added_html(["2020-01-0" + str(d) for d in range(1, 9)])
    assert "<svg" not in one_month and "8 tracks in Jan 2020." in one_month
    dates = [f"2020-0{1 + i % 3}-01" for i in range(MIN_CHART)]
    chart = added_html(dates)
    assert "<svg" in chart and "Per month:" in chart and "most in Jan 2020 (2)" in chart
    assert columns_of(chart) == [("2020-01", 2), ("2020-02", 2), ("2020-03", 1)]
    assert 'aria-label="Tracks added per month: 2020-01 2, 2020-02 2, 2020-03 1"' in chart
    assert added_html(dates) == chart  # the same dates, the same bytes


# -- a real-shaped library -----------------------------------------------------------------------------


def write_library(folder: Path, audio: bool) -> dict[str, list[tuple[str, str]]]:
    """Three playlists over four years, a track added twice to one of them (months apart), undated rows
    (a local file, the exporters' epoch), tracks shared between playlists on other dates; with or without
    audio features. Returns each playlist's (track id, Added At) rows in file order."""
    rng = random.Random(30)
    folder.mkdir(parents=True)
    ids = [f"{i:022d}" for i in range(60)]
    playlists: dict[str, list[tuple[str, str]]] = {"Road Trip": [], "Gym": [], "Sunday": []}
    for i, track in enumerate(ids):
        name = ("Road Trip", "Gym", "Sunday")[i % 3]
        day = f"20{21 + i % 4}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}T12:00:00Z"
        playlists[name].append((track, day))
    playlists["Road Trip"].append((playlists["Road Trip"][0][0], "2025-11-01T00:00:00Z"))  # added again, later
    playlists["Gym"] += [(ids[3], "2020-02-02T00:00:00Z"), (ids[6], "")]  # Road Trip's tracks, other dates
    playlists["Sunday"].append(("spotify:local:Me:Demo:Tape:200", "1970-01-01T00:00:00Z"))
    for name, rows in playlists.items():
        lines = []
        for n, (track, added) in enumerate(rows):
            features = (0.2 + n % 2 * 0.6, 0.5, -8.0, 0.05, 0.3, 0.0, 0.1, 0.5, 100.0 + n % 2 * 30)
            row = exportify_row(track, f"Song {track[-3:]}", f"Artist {n % 4}", features=features if audio else None)
            row[ADDED] = added
            lines.append(row)
        (folder / f"{name}.csv").write_bytes(csv_bytes(EXPORTIFY_2025, lines))
    return playlists


def expected(dates: list[str]) -> Counter[str]:
    """Dated tracks by year (the library here spans more than `MONTHLY_SPAN` months)."""
    return Counter(d[:4] for d in dates if added_year(d) is not None)


def check_site(library: Library) -> int:
    """Every page's chart against its tracks: the start page's per track on its first date, a playlist's
    per distinct track on the date of its first row, a genre's, label's or artist's on the track's first
    date. Returns how many pages have a chart."""
    site, _ = generate_site(library, Settings(min_collection_tracks=5))
    layout = Layout("library")
    charted = 0
    home = columns_of(site.pages[layout.home()])
    first = [t.added_at for t in library.tracks.values()]
    assert sum(n for _, n in home) == sum(1 for d in first if added_year(d) is not None) > 0
    pages = [(layout.home(), first)]
    playlists = {p.name: p for p in library.playlists}
    for collection in build_catalog(library, 5).collections:
        rows = playlists[collection.name].track_keys if collection.kind == "playlists" else []
        if collection.kind == "playlists":
            firsts: dict[str, str] = {}
            for key in rows:  # the first row of each track, in file order
                firsts.setdefault(key, playlists[collection.name].added.get(key, library.tracks[key].added_at))
            dates = list(firsts.values())
        else:
            dates = [library.tracks[k].added_at for k in collection.track_keys]
        pages.append((layout.page(collection.path), dates))
    for path, dates in pages:
        columns = columns_of(site.pages[path])
        dated = [d for d in dates if added_year(d) is not None]
        if len(dated) < MIN_CHART or len({d[:7] for d in dated}) < 2:
            assert columns == [], path
            continue
        charted += 1
        assert sum(n for _, n in columns) == len(dated), path
        months = {d[:7] for d in dated}
        if columns[0][0].count("-"):  # by month
            assert {label for label, n in columns if n} == months, path
        else:
            assert {label: n for label, n in columns if n} == expected(dated), path
    return charted


@pytest.mark.parametrize("audio", [True, False], ids=["audio features", "no audio features"])
def test_every_page_counts_its_dated_tracks_once(tmp_path: Path, audio: bool) -> None:
    rows = write_library(tmp_path / "export", audio)
    library = load_library(tmp_path / "export")
    assert check_site(library) >= 4  # the start page and the three playlists at least
    site, _ = generate_site(library, Settings(min_collection_tracks=5))
    road = columns_of(site.pages["library/playlists/road-trip/index.md"])
    # Road Trip: 21 rows, 20 tracks; its repeat counts once, in the year of its first add (not 2025-11)
    assert len(rows["Road Trip"]) == 21 and sum(n for _, n in road) == 20
    first_year = rows["Road Trip"][0][1][:4]
    assert dict(road)[first_year] == sum(1 for _, d in rows["Road Trip"][:20] if d.startswith(first_year))
    # Gym holds a Road Trip track added there in 2020: Gym's chart starts in 2020, the track's first date
    gym = site.pages["library/playlists/gym/index.md"]
    assert columns_of(gym)[0] == ("2020", 1) and "1 track without a date" in gym  # the one Gym left undated
    assert library.tracks[rows["Road Trip"][1][0]].added_at.startswith("2020-02-02")  # its first date anywhere
    sunday = site.pages["library/playlists/sunday/index.md"]
    assert "1 track without a date" in sunday  # the local file's epoch date is no date
    # the library, per track on its first date: 60 dated tracks (one of them in 2020) and the local file
    home = site.pages["library/index.md"]
    assert "## Added over time\n" in home and sum(n for _, n in columns_of(home)) == 60
    assert columns_of(home)[0] == ("2020", 1)
    assert "1 track without a date" in home
    again, _ = generate_site(load_library(tmp_path / "export"), Settings(min_collection_tracks=5))
    assert again.pages == site.pages  # the same input, the same bytes


@pytest.mark.parametrize(
    "name", ["deadda7a__playlists", "Valentinaorj__my-listening-map"], ids=["no audio features", "audio features"]
)
def test_real_exports_count_every_dated_track(name: str) -> None:
    library = load_library(real_fixture(name))
    assert check_site(library) >= 1
