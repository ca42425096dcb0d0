"""Track tables as a visitor meets them, in headless Chromium: titles link to Spotify, a page leaves out the
columns that only repeat its subject, the table fits its box at 1280 px (Material light and dark, the
mkdocs theme), and on a phone (390 px) every row is a compact card with nothing to scroll sideways.

One small library: a playlist of 40 tracks with long names (words that must wrap), an artist alone on her
tracks and one who shares his, a label of its own, a Liked Songs list, one extra column. Built twice:
Material and the mkdocs theme.

Skipped, like the other browser tests, only outside CI when Chromium or Playwright is missing (the skip
comes with the import from `helpers.browser`). Screenshots go to `test-artifacts/screenshots/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from helpers.browser import ARTIFACTS, Page, Visit, served

HEADER = [*EXPORTIFY_2025, "Length"]
MIX = "library/playlists/road-mix/"
SOLO = "library/artists/solo-star/"
SHARED = "library/artists/duo-one/"
LABEL = "library/labels/lonely-records/"
LIKED = "library/playlists/liked-songs/"
LONG = "Supercalifragilisticexpialidocious-and-a-very-long-unbroken-name"


def mix_rows() -> list[list[str]]:
    rows = []
    for i in range(40):
        loud = i % 2 == 0
        features = (0.8, 0.9, -5.0, 0.05, 0.1, 0.0, 0.2 + i / 400, 0.7, 128.0) if loud else None
        if features is None:
            features = (0.2, 0.1, -20.0, 0.05, 0.9, 0.0, 0.2 + i / 400, 0.3, 80.0)
        artist = ("Solo Star", "Duo One;Duo Two", "Duo One", f"{LONG} Band")[i % 4]
        label = "Lonely Records" if i % 4 == 0 else f"{LONG} Label/Other Label"
        title = f"Track {i:02d} " + (LONG if i % 3 == 0 else "with a title of several words to wrap")
        album = f"Album {i % 5} " + (LONG if i % 2 else "of the year")
        row = exportify_row(f"t{i:05d}".ljust(22, "A"), title, artist, album=album, label=label, features=features)
        rows.append([*row, f"{i % 9}:{i % 60:02d}"])
    # a local file: no Spotify link, its title plain text
    local = exportify_row("spotify:local:Solo+Star:::Home+Tape:200", "Home Tape", "Solo Star", label="Lonely Records")
    rows.append([*local, "3:20"])
    return rows


def make_config(theme: str) -> Callable[[Path, str], Path]:
    def config(tmp: Path, url: str) -> Path:
        library = tmp / "export"
        library.mkdir()
        rows = mix_rows()
        (library / "Road_Mix.csv").write_bytes(csv_bytes(HEADER, rows))
        (library / "Liked_Songs.csv").write_bytes(csv_bytes(HEADER, rows[:8]))
        (tmp / "docs").mkdir()
        (tmp / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        themed = (
            "theme:\n  name: material\n  palette:\n"
            "    - scheme: default\n      toggle:\n        icon: material/weather-night\n        name: Dark mode\n"
            "    - scheme: slate\n      toggle:\n        icon: material/weather-sunny\n        name: Light mode\n"
            if theme == "material"
            # offline: no highlight.js from a CDN; the search plugin, whose dialog the theme's script expects
            else "theme:\n  name: mkdocs\n  highlightjs: false\n"
        )
        path = tmp / "mkdocs.yml"
        path.write_text(
            f"site_name: Tracks\nsite_url: {url}\ndocs_dir: docs\n{themed}"
            f"plugins:\n  - search\n  - clusters:\n      library: {library}\n      cache: false\n      min_tracks: 5\n"
            "      cluster_min_tracks: 5\n      columns: [Length]\n",
            encoding="utf-8",
        )
        return path

    return config


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("tracks-material"), make_config("material"))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("tracks-mkdocs"), make_config("mkdocs"))


_OVERFLOWING = """() => [...document.querySelectorAll(".clusters-tracks")]
  .filter(box => box.offsetParent !== null && box.scrollWidth > box.clientWidth)
  .map(box => [box.scrollWidth, box.clientWidth])"""
_HEADERS = """box => [...box.querySelectorAll("thead th")].map(th => th.textContent.trim())"""


def headers(page: Page) -> list[str]:
    return [str(h) for h in page.locator("article .clusters-tracks, .clusters-tracks").first.evaluate(_HEADERS)]


def open_folds(page: Page) -> None:
    page.evaluate("() => document.querySelectorAll('.clusters-more details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(100)


def test_tables_fit_their_box_in_material_light_and_dark(browser: Any, material: str) -> None:
    visit = Visit(browser, material)
    page = visit.goto(MIX)
    open_folds(page)
    assert page.locator(".clusters-tracks").count() >= 3
    assert page.evaluate(_OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # the heart and the link are narrow
    widths = page.evaluate(
        """() => [...document.querySelector('.clusters-tracks thead tr').cells].slice(-2)
             .map(th => th.getBoundingClientRect().width / parseFloat(getComputedStyle(th).fontSize))"""
    )
    assert all(1.5 < w < 3 for w in widths), widths
    page.locator("label[title='Dark mode']").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert page.evaluate(_OVERFLOWING) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tracks-dark-1280.png"))
    visit.clean()


def test_tables_fit_their_box_in_the_mkdocs_theme(browser: Any, plain: str) -> None:
    visit = Visit(browser, plain)
    page = visit.goto(MIX)
    open_folds(page)
    assert page.locator(".clusters-tracks").count() >= 3
    assert page.evaluate(_OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tracks-mkdocs-1280.png"), full_page=True)
    visit.clean()


def test_titles_link_to_spotify_and_local_files_stay_text(browser: Any, material: str) -> None:
    visit = Visit(browser, material)
    page = visit.goto(SOLO)
    titles = page.locator(".clusters-tracks tbody tr td:nth-child(2)")
    links = page.locator(".clusters-tracks tbody tr td:nth-child(2) a")
    assert links.count() >= 5
    assert links.first.get_attribute("href", timeout=1000).startswith("https://open.spotify.com/track/")
    assert links.first.get_attribute("rel") == "noopener"
    home = page.locator(".clusters-tracks tbody td", has_text="Home Tape")
    assert home.count() == 1 and home.locator("a").count() == 0
    assert titles.count() == links.count() + 1
    # screen readers hear what the icon columns hold
    assert page.locator(".clusters-tracks thead .clusters-sr", has_text="Liked").count() >= 1
    visit.clean()


@pytest.mark.parametrize(
    ("path", "left_out", "kept"),
    [
        (SOLO, "Artists", ["Label", "💚"]),
        (LABEL, "Label", ["Artists", "💚"]),
        (LIKED, "💚", ["Artists", "Label"]),
        (SHARED, None, ["Artists", "Label", "💚"]),  # Duo One shares tracks with Duo Two: Artists stays
    ],
)
def test_a_page_leaves_out_the_column_of_its_subject(
    browser: Any, material: str, path: str, left_out: str | None, kept: list[str]
) -> None:
    visit = Visit(browser, material)
    page = visit.goto(path)
    assert page.locator(".clusters-tracks").count() >= 1
    for box in page.locator(".clusters-tracks").all():
        names = [str(h) for h in box.evaluate(_HEADERS)]
        assert all(any(k in n for n in names) for k in kept), names
        assert left_out is None or not any(left_out in n for n in names), names
        # every row has as many cells as the header
        counts = box.evaluate("b => [...b.querySelectorAll('tr')].map(r => r.cells.length)")
        assert set(counts) == {len(names)}
    assert page.evaluate(_OVERFLOWING) == []
    visit.clean()


def test_sorting_by_track_still_works(browser: Any, material: str) -> None:
    visit = Visit(browser, material)
    page = visit.goto(SOLO)
    table = page.locator("article .clusters-tracks table").first
    read = "t => [...t.tBodies[0].rows].map(r => r.cells[1].textContent.trim())"
    before = table.evaluate(read)
    table.locator("thead th button", has_text="Track").click()
    after = table.evaluate(read)
    assert after == sorted(before, key=str.casefold) and len(after) >= 2
    table.locator("thead th button", has_text="Track").click()
    assert table.evaluate(read) == sorted(before, key=str.casefold, reverse=True)
    # the heart column sorts too, by its header's button (its text for screen readers included)
    page.locator("article .clusters-tracks table").first.locator("thead th button", has_text="Liked").click()
    assert table.locator("thead th[aria-sort='ascending']").count() == 1
    visit.clean()


@pytest.mark.parametrize("site", ["material", "plain"])
def test_a_phone_shows_rows_as_cards(browser: Any, request: pytest.FixtureRequest, site: str) -> None:
    base = request.getfixturevalue(site)
    visit = Visit(browser, base, width=390, height=844)
    page = visit.goto(MIX)
    open_folds(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(_OVERFLOWING) == []
    row = page.locator(".clusters-tracks tbody tr").first
    cells = row.locator("td")
    title, album, artists, label = cells.nth(1), cells.nth(2), cells.nth(3), cells.nth(4)
    assert title.is_visible() and artists.is_visible()
    assert label.is_visible()  # the card names the label too, under the album
    box = row.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # the card: art, then title above artists beside it; the album small or hidden
    art, top, below = cells.nth(0).bounding_box(), title.bounding_box(), artists.bounding_box()
    assert art and top and below and top["x"] > art["x"] and below["y"] > top["y"]
    last = label.bounding_box()
    assert last and last["y"] > below["y"] and last["x"] == below["x"]
    if album.is_visible():
        sizes = [
            album.evaluate("c => parseFloat(getComputedStyle(c).fontSize)"),
            title.evaluate("c => parseFloat(getComputedStyle(c).fontSize)"),
        ]
        assert sizes[0] < sizes[1]
    assert title.locator("a").get_attribute("href", timeout=1000).startswith("https://open.spotify.com/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"tracks-{site}-390.png"))
    visit.clean()
