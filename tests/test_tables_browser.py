"""Sorting and filtering of the tables (render/assets/tables.js) as a visitor meets them, in headless Chromium.

One site for the module: a playlist of 1,030 tracks (clusters whose folds hold hundreds of rows, in bodies
of 50, and 60 tracks without features in a table of their own), a few small playlists named to test the
order (accents, case, numbers, a right-to-left name), one of tracks without features (not clustered: "—"
in the index) and two extra columns (a duration, a number with thousands separators, some cells empty).
Material with its light and dark schemes and instant navigation.

Skipped, like the other browser tests, only outside CI when Chromium or Playwright is missing (the skip
comes with the import from `helpers.browser`). Screenshots go to `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from helpers.browser import ARTIFACTS, Page, Visit, offline_context, served

BIG = 1030
#: tracks of the big playlist without audio features: listed in a table of their own, "Not clustered"
UNCLUSTERED = 60
WORDS = ("apple", "Éclair", "banana", "Zeta", "ćevapi", "delta", "Omega", "échelle", "kiwi", "Lima")
#: the small playlists, by name, with their number of tracks
SMALL = {"Été indien": 6, "שירים בעברית": 12, "Song 2": 7, "Song 10": 11, "alpha": 20, "Zebra": 8}
#: a playlist of tracks without features
QUIET = 5
INDEX = "library/playlists/"
BIG_PAGE = "library/playlists/big-mix/"
HEADER = [*EXPORTIFY_2025, "Length", "Rank"]


def big_rows() -> list[list[str]]:
    rng = random.Random(11)
    rows = []
    for i in range(BIG):
        loud = i % 2 == 0
        # two clear groups of sound (in AUDIO_FEATURES order), then tracks without features
        loud_or_soft = (
            (0.8, 0.9, -5.0, 0.05, 0.1, 0.0, 0.2, 0.7, 128.0)
            if loud
            else (0.2, 0.1, -20.0, 0.05, 0.9, 0.0, 0.2, 0.3, 80.0)
        )
        jitter = rng.random() / 5
        features = (*loud_or_soft[:6], 0.1 + jitter, *loud_or_soft[7:]) if i < BIG - UNCLUSTERED else None
        title = f"{WORDS[rng.randrange(len(WORDS))]} {rng.randrange(1, 400)}"
        artist = "יעל כהן" if i % 97 == 0 else f"Artist {'ABCDE'[i % 5]}"
        row = exportify_row(f"t{i:05d}".ljust(22, "A"), title, artist, label=f"Label {i % 3}", features=features)
        # a release date (some only a year, some none) and a duration (9:59 and 10:00 among them, some none)
        row[4] = "" if i % 11 == 0 else f"{rng.randrange(1960, 2025)}" + ("-03-01" if i % 2 else "")
        row[5] = (
            "" if i % 13 == 0 else str((599_999, 600_000)[i % 2] if i % 17 == 0 else rng.randrange(60_000, 900_000))
        )
        length = f"{rng.randrange(0, 13)}:{rng.randrange(60):02d}"
        rank = "" if i % 7 == 0 else f"{rng.randrange(1, 5000):,}"
        rows.append([*row, length, rank])
    return rows


def tables_config(tmp: Path, url: str) -> Path:
    """The library and a Material project around it (instant navigation: `site_url` is where it is served)."""
    library = tmp / "export"
    library.mkdir()
    rows = big_rows()
    (library / "Big_Mix.csv").write_bytes(csv_bytes(HEADER, rows))
    start = 0
    for name, size in SMALL.items():
        (library / f"{name.replace(' ', '_')}.csv").write_bytes(csv_bytes(HEADER, rows[start : start + size]))
        start += size
    # tracks without features: not clustered, "—" in the index
    (library / "Quiet.csv").write_bytes(csv_bytes(HEADER, rows[-QUIET:]))
    (tmp / "docs").mkdir()
    (tmp / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"site_name: Tables\nsite_url: {url}\ndocs_dir: docs\n"
        "theme:\n  name: material\n  features:\n    - navigation.instant\n    - navigation.indexes\n"
        "  palette:\n"
        "    - scheme: default\n      toggle:\n        icon: material/weather-night\n        name: Dark mode\n"
        "    - scheme: slate\n      toggle:\n        icon: material/weather-sunny\n        name: Light mode\n"
        f"plugins:\n  - clusters:\n      library: {library}\n      cache: false\n      min_tracks: 5\n"
        "      cluster_min_tracks: 5\n      columns: [Length, Rank]\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("tables"), tables_config)


#: the playlists' names by name, ascending as the script sorts them (a collation: case and accents aside,
#: numbers by value; Hebrew after Latin)
NAMES_ASCENDING = ["alpha", "Big Mix", "Été indien", "Quiet", "Song 2", "Song 10", "Zebra", "שירים בעברית"]
#: the text of one column of a table's rows in the order shown, hidden rows left out; `table` is the
#: index of the table in the article
_COLUMN = """([table, column]) => {
  const t = document.querySelectorAll("article .clusters-table table")[table];
  return [...t.tBodies].flatMap(b => b.hidden ? [] : [...b.rows]).filter(r => !r.hidden)
    .map(r => r.cells[column].textContent.trim());
}"""
#: per body of a table: rows, rows shown, hidden or not, content-visibility
_BODIES = """table => [...document.querySelectorAll("article .clusters-table table")[table].tBodies].map(b =>
  [b.rows.length, [...b.rows].filter(r => !r.hidden).length, b.hidden, getComputedStyle(b).contentVisibility])"""
_SORT = "t => [...t.querySelectorAll('thead th')].map(th => th.getAttribute('aria-sort'))"


def column(page: Page, table: int, index: int) -> list[str]:
    return [str(text) for text in page.evaluate(_COLUMN, [table, index])]


def header(page: Page, table: int, name: str) -> Any:
    return page.locator("article .clusters-table table").nth(table).locator("thead th button", has_text=name)


def sorts(page: Page, table: int) -> list[str | None]:
    return list(page.locator("article .clusters-table table").nth(table).evaluate(_SORT))


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


def fold_key(text: str) -> tuple[str, int]:
    """A title "Word 12" as the collation orders it: the word without case or accents, then the number."""
    word, number = text.rsplit(" ", 1)
    base = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return base.casefold(), int(number)


@pytest.mark.parametrize("width", [1280, 390])
def test_index_sorts_by_each_column(browser: Any, site_url: str, width: int) -> None:
    visit = Visit(browser, site_url, width=width, height=900 if width > 400 else 844)
    page = visit.goto(INDEX)
    static = column(page, 0, 0)
    assert sorted(static) == sorted(NAMES_ASCENDING)
    assert sorts(page, 0) == ["none", "none", "none", "none"]
    header(page, 0, "Name").click()
    assert column(page, 0, 0) == NAMES_ASCENDING
    assert sorts(page, 0) == ["ascending", "none", "none", "none"]
    header(page, 0, "Name").click()
    assert column(page, 0, 0) == NAMES_ASCENDING[::-1]
    assert sorts(page, 0) == ["descending", "none", "none", "none"]
    header(page, 0, "Name").click()  # the third click: the order as written
    assert column(page, 0, 0) == static
    assert sorts(page, 0) == ["none", "none", "none", "none"]
    # numbers by value, with thousands separators ("1,030"), not as text; a count most first at the first click
    header(page, 0, "Tracks").click()
    assert column(page, 0, 1) == ["1,030", "20", "12", "11", "8", "7", "6", "5"]
    assert sorts(page, 0) == ["none", "descending", "none", "none"]
    header(page, 0, "Tracks").click()
    assert column(page, 0, 1) == ["5", "6", "7", "8", "11", "12", "20", "1,030"]
    assert sorts(page, 0) == ["none", "ascending", "none", "none"]
    # "—" (not clustered) is no value: last, both ways
    for state in ("descending", "ascending"):
        header(page, 0, "Clusters").click()
        clusters = column(page, 0, 3)
        assert sorts(page, 0) == ["none", "none", "none", state]
        values = [int(c) for c in clusters if c != "—"]
        assert clusters == [str(v) for v in values] + ["—"]  # "Quiet", without features
        assert values == sorted(values, reverse=state == "descending")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    visit.clean()


def test_headers_are_buttons_that_the_keyboard_presses(browser: Any, site_url: str) -> None:
    visit = Visit(browser, site_url)
    page = visit.goto(INDEX)
    buttons = page.locator("article thead th > button")
    assert buttons.evaluate_all("bs => bs.map(b => [b.type, b.textContent.trim()])") == [
        ["button", "Name"],
        ["button", "Tracks"],
        ["button", "\N{GREEN HEART}Liked"],  # the heart for the eye, the word for a screen reader
        ["button", "Clusters"],
    ]
    tracks = header(page, 0, "Tracks")
    tracks.focus()
    page.keyboard.press("Enter")
    assert column(page, 0, 1)[0] == "1,030" and sorts(page, 0) == ["none", "descending", "none", "none"]
    page.keyboard.press("Space")
    assert column(page, 0, 1)[0] == "5" and sorts(page, 0) == ["none", "ascending", "none", "none"]
    assert tracks.evaluate("b => b === document.activeElement")  # the focus stays on the header
    page.keyboard.press("Shift+Tab")  # back to the previous header: Tab moves between them
    assert page.evaluate("document.activeElement.textContent.trim()") == "Name"
    visit.clean()


def test_filter_on_an_index_narrows_its_rows_and_counts_them(browser: Any, site_url: str) -> None:
    visit = Visit(browser, site_url)
    page = visit.goto(INDEX)
    bar = page.locator("article .clusters-filter")
    assert bar.count() == 1
    field = page.get_by_label("Filter", exact=True)
    assert field.get_attribute("type") == "search" and field.is_visible()
    assert page.locator("article .clusters-filter label").inner_text() == "Filter"
    count = bar.locator(".clusters-filter-count")
    assert count.get_attribute("aria-live") == "polite" and count.inner_text() == "8 of 8"
    # before the table
    assert bar.evaluate("b => !!(b.compareDocumentPosition(document.querySelector('article table')) & 4)")
    for query, names in (
        ("ete", ["Été indien"]),  # accents and case aside, both ways
        ("ÉTÉ IN", ["Été indien"]),
        ("song", ["Song 10", "Song 2"]),
        ("שירים", ["שירים בעברית"]),
        ("1,030", ["Big Mix"]),
        ("nothing like it", []),
    ):
        field.fill(query)
        assert sorted(column(page, 0, 0)) == sorted(names), query
        assert count.inner_text() == f"{len(names)} of 8", query
    # a right-to-left name stays right to left
    field.fill("שירים")
    hebrew = page.locator("article td", has_text="שירים בעברית")
    assert hebrew.evaluate("td => getComputedStyle(td).direction") == "rtl"
    # sorting keeps the filter, and the filter keeps the order
    field.fill("song")
    header(page, 0, "Tracks").click()
    assert column(page, 0, 0) == ["Song 10", "Song 2"]
    field.fill("")
    assert count.inner_text() == "8 of 8"
    assert column(page, 0, 1) == ["1,030", "20", "12", "11", "8", "7", "6", "5"]
    visit.clean()


def test_a_track_table_sorts_across_its_bodies(browser: Any, site_url: str) -> None:
    """The tracks without features: 60 rows in bodies of 50 and 10, sorted as one table."""
    visit = Visit(browser, site_url)
    page = visit.goto(BIG_PAGE)
    tables = page.locator("article .clusters-table table")
    assert tables.count() == 5  # per cluster: the first tracks, the fold; then the tracks not clustered
    last = tables.count() - 1
    titles = [th.strip() for th in tables.nth(last).locator("thead th").all_inner_texts()]
    assert titles[:9] == ["Art", "Track", "Album", "Artists", "Label", "Released", "Duration", "Length", "Rank"]
    assert page.evaluate(_BODIES, last) == [[50, 50, False, "auto"], [10, 10, False, "visible"]]
    header(page, last, "Length").click()
    lengths = column(page, last, 7)
    assert len(lengths) == UNCLUSTERED and [seconds(t) for t in lengths] == sorted(seconds(t) for t in lengths)
    assert lengths != sorted(lengths)  # "10:05" after "9:42": by time, not as text
    # the bodies as they were: 50 rows each, laid out on demand
    assert page.evaluate(_BODIES, last) == [[50, 50, False, "auto"], [10, 10, False, "visible"]]
    header(page, last, "Rank").click()
    header(page, last, "Rank").click()
    ranks = column(page, last, 8)
    numbers = [int(r.replace(",", "")) for r in ranks if r]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] >= 1000
    assert ranks == ranks[: len(numbers)] + [""] * (UNCLUSTERED - len(numbers))  # empty cells last
    assert sorts(page, last)[7:9] == ["none", "descending"]
    header(page, last, "Track").click()
    keys = [fold_key(t) for t in column(page, last, 1)]
    assert keys == sorted(keys)
    visit.clean()


def test_a_fold_sorts_on_its_own(browser: Any, site_url: str) -> None:
    """A cluster's fold is a table of its own: sorting it leaves the cluster's first tracks as they are,
    and its rows stay in it."""
    visit = Visit(browser, site_url)
    page = visit.goto(BIG_PAGE)
    first = column(page, 0, 1)
    before = column(page, 1, 1)
    page.locator("article details summary").first.click()
    header(page, 1, "Track").click()
    titles = column(page, 1, 1)
    assert sorted(titles) == sorted(before) and titles != before
    assert [fold_key(t) for t in titles] == sorted(fold_key(t) for t in titles)
    assert column(page, 0, 1) == first
    bodies = page.evaluate(_BODIES, 1)
    assert len(bodies) > 2 and all(rows == 50 and state == "auto" for rows, _, _, state in bodies[:-1])
    # a right-to-left artist keeps its direction in a sorted table
    hebrew = page.locator("article td", has_text="יעל כהן").first
    assert hebrew.evaluate("td => getComputedStyle(td).direction") == "rtl"
    visit.clean()


def test_long_track_tables_have_a_filter(browser: Any, site_url: str) -> None:
    visit = Visit(browser, site_url)
    page = visit.goto(BIG_PAGE)
    # the folds (hundreds of rows) and the 60 tracks not clustered; not the first ten of each cluster
    bars = page.locator("article .clusters-filter")
    assert bars.count() == 3
    placed = bars.evaluate_all("bs => bs.map(b => b.nextElementSibling.querySelectorAll('tbody tr').length)")
    assert placed[0] > 50 and placed[1] > 50 and placed[2] == UNCLUSTERED
    page.locator("article details summary").first.click()
    field = bars.first.locator("input")
    total = placed[0]
    assert bars.first.locator(".clusters-filter-count").inner_text() == f"{total} of {total}"
    field.fill("eclair")  # "Éclair" as typed without its accent
    titles = column(page, 1, 1)
    assert titles and all(t.startswith("Éclair ") for t in titles)
    assert bars.first.locator(".clusters-filter-count").inner_text() == f"{len(titles)} of {total}"
    # the rows shown dealt into the first bodies, 50 each; the last of them laid out, the rest hidden
    bodies = page.evaluate(_BODIES, 1)
    shown = [b for b in bodies if not b[2]]
    assert [b[1] for b in shown] == [min(50, len(titles) - 50 * i) for i in range(len(shown))]
    assert all(b[3] == "auto" for b in shown[:-1]) and shown[-1][3] == "visible"
    assert all(b[1] == 0 for b in bodies if b[2])
    field.fill("")
    assert bars.first.locator(".clusters-filter-count").inner_text() == f"{total} of {total}"
    assert sum(b[1] for b in page.evaluate(_BODIES, 1)) == total
    assert not any(b[2] for b in page.evaluate(_BODIES, 1))
    visit.clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_dark_scheme_and_phone(browser: Any, site_url: str, width: int) -> None:
    from PIL import Image

    visit = Visit(browser, site_url, width=width, height=900 if width > 400 else 844)
    page = visit.goto(INDEX)
    page.locator("label[title='Dark mode']").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    header(page, 0, "Tracks").click()
    page.get_by_label("Filter", exact=True).fill("s")
    colours = page.evaluate(
        """() => {
          const style = s => getComputedStyle(document.querySelector(s));
          return {field: style(".clusters-filter input").color, ground: style(".clusters-filter input").backgroundColor,
                  page: getComputedStyle(document.body).backgroundColor, button: style("th > button").color,
                  cell: style("th").color};
        }"""
    )
    assert colours["button"] == colours["cell"]  # the header's own colour
    assert colours["ground"] == colours["page"]
    bar = page.locator("article .clusters-filter").bounding_box()
    assert bar and bar["x"] >= 0 and bar["x"] + bar["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"tables-index-dark-{width}.png"
    page.locator("article").screenshot(path=str(shot))
    grey = Image.open(shot).convert("L")
    assert grey.getpixel((2, 2)) < 60  # dark ground
    page.goto(site_url + BIG_PAGE)
    page.wait_for_load_state("networkidle")
    page.locator("article details summary").first.click()
    # the filters, and the tables in their scrolling boxes, within the page's width
    rights = page.locator("article .clusters-filter, article .clusters-table").evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().right)"
    )
    assert len(rights) >= 4 and max(rights) <= width
    visit.clean()


def test_on_a_phone_cards_show_the_label_under_a_sort_line(browser: Any, site_url: str) -> None:
    """At 390 px a track table is cards: no header row of desktop columns above them (a line of what they
    sort by instead, without the picture and link columns), and each card names its label."""
    visit = Visit(browser, site_url, width=390, height=844)
    page = visit.goto(BIG_PAGE)
    table = page.locator("article .clusters-table table").first
    shown = table.evaluate(
        """t => [...t.tHead.rows[0].cells].map(th => [th.textContent.trim(), th.getBoundingClientRect().width])"""
    )
    assert [text for text, width in shown if width > 1] == ["Track", "Album", "Artists", "Label", "Released",
                                                            "Duration", "Length", "Rank", "💚Liked"]  # fmt: skip
    assert table.evaluate("t => getComputedStyle(t.tHead.rows[0], '::before').content") == '"Sort by"'
    label = table.locator("tbody tr").first.locator("td.clusters-label")
    assert label.is_visible() and label.inner_text().startswith("Label ")
    row, cell = table.locator("tbody tr").first.bounding_box(), label.bounding_box()
    assert row and cell and row["y"] <= cell["y"] and cell["y"] + cell["height"] <= row["y"] + row["height"] + 1
    visit.clean()


def test_without_javascript_the_tables_are_complete(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    offline_context(context, site_url)
    page = context.new_page()
    page.goto(site_url + INDEX)
    assert sorted(page.locator("article tbody td:first-child").all_text_contents()) == sorted(NAMES_ASCENDING)
    assert page.locator("article th button, article input, article [aria-sort]").count() == 0
    heads = page.locator("article thead th").all_text_contents()
    assert heads == ["Name", "Tracks", "\N{GREEN HEART}Liked", "Clusters"]
    page.goto(site_url + BIG_PAGE)
    assert page.locator("article tbody tr").count() == BIG
    assert page.locator("article tr[hidden], article tbody[hidden]").count() == 0
    assert page.locator("article th button, article input, article .clusters-filter").count() == 0
    context.close()


def test_instant_navigation_enhances_each_page_once(browser: Any, site_url: str) -> None:
    visit = Visit(browser, site_url)
    page = visit.goto(INDEX)
    page.evaluate("window.__samePage = true")  # survives only if pages arrive by instant navigation
    page.locator("article").get_by_role("link", name="Big Mix", exact=True).click()
    page.wait_for_url("**/" + BIG_PAGE)
    # the URL changes before the page does: wait for its heading, then for the script
    page.wait_for_function("document.querySelector('article h1').textContent.includes('Big Mix')")
    page.locator("article .clusters-filter").first.wait_for(state="attached")  # in a closed fold
    assert page.evaluate("window.__samePage") is True
    assert page.locator("article .clusters-filter").count() == 3
    assert page.locator("article thead th > button").count() == 5 * 11
    page.go_back()
    page.wait_for_url("**/" + INDEX)
    page.wait_for_function("document.querySelector('article h1').textContent.startsWith('Playlists')")
    page.locator("article .clusters-filter").wait_for()
    assert page.evaluate("window.__samePage") is True
    assert page.locator("article .clusters-filter").count() == 1
    assert page.locator("article thead th > button").count() == 4
    assert page.locator("article th button .clusters-sort-icon").count() == 4
    header(page, 0, "Name").click()
    assert column(page, 0, 0) == NAMES_ASCENDING
    visit.clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_of_a_sorted_filtered_index(browser: Any, site_url: str, width: int) -> None:
    visit = Visit(browser, site_url, width=width, height=700)
    page = visit.goto(INDEX)
    header(page, 0, "Tracks").click()
    page.get_by_label("Filter", exact=True).fill("n")
    assert column(page, 0, 0) == ["Song 10", "Song 2", "Été indien"]
    assert page.locator("article .clusters-filter-count").inner_text() == "3 of 8"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)
    page.screenshot(path=str(ARTIFACTS / f"tables-index-{width}.png"))
    assert (ARTIFACTS / f"tables-index-{width}.png").stat().st_size > 10_000
    visit.clean()


def test_released_and_duration_sort_by_year_and_time_empty_cells_last(browser: Any, site_url: str) -> None:
    """The year and the duration columns sort as numbers (years ascending, then descending; durations by
    time: 9:59 before 10:00), the tracks without one last both ways; the filter finds a year."""
    visit = Visit(browser, site_url)
    page = visit.goto(BIG_PAGE)
    page.locator("article details summary").first.click()
    for table in (1, 4):  # a fold of hundreds of rows, and the 60 tracks not clustered
        for name, index, value in (("Released", 5, int), ("Duration", 6, seconds)):
            for state in ("ascending", "descending"):
                header(page, table, name).click()
                cells = column(page, table, index)
                filled = [c for c in cells if c]
                assert filled and len(filled) < len(cells)  # some tracks have none: last
                assert cells == filled + [""] * (len(cells) - len(filled)), (name, state)
                numbers = [value(c) for c in filled]
                assert numbers == sorted(numbers, reverse=state == "descending"), (name, state)
                assert sorts(page, table)[index] == state
            header(page, table, name).click()  # back to the order as written
    header(page, 1, "Duration").click()
    times = column(page, 1, 6)
    assert "9:59" in times and "10:00" in times
    assert len(times) - 1 - times[::-1].index("9:59") < times.index("10:00")  # by time, not as text
    # the filter reads the year like any cell
    field = page.locator("article .clusters-filter").first.locator("input")
    year = next(c for c in column(page, 1, 5) if c)
    field.fill(year)
    rows = page.evaluate(
        """() => [...document.querySelectorAll("article .clusters-table table")[1].rows].filter(r =>
             r.parentElement.tagName === "TBODY" && !r.hidden && !r.parentElement.hidden).map(r => r.textContent)"""
    )
    assert rows and all(year in text for text in rows) and year in column(page, 1, 5)
    visit.clean()


def test_on_a_phone_cards_show_the_year_and_the_duration_at_their_end(browser: Any, site_url: str) -> None:
    """At 390 px each card keeps its year and its duration, small, in its end column under the heart and
    the link, inside the card; a track without one shows no empty line."""
    visit = Visit(browser, site_url, width=390, height=844)
    page = visit.goto(BIG_PAGE)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll("article .clusters-table table")[0].tBodies[0].rows].map(r => {
             const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom,
               getComputedStyle(e).display, e.textContent.trim()]; };
             return [box(r), box(r.cells[1]), box(r.querySelector(".clusters-released")),
                     box(r.querySelector(".clusters-duration"))];
           })"""
    )
    assert len(boxes) == 10
    shown = 0
    for row, title, year, duration in boxes:
        for cell in (year, duration):
            if not cell[5]:
                assert cell[4] == "none"
                continue
            shown += 1
            assert cell[4] == "block"
            assert cell[0] >= title[2] and cell[2] <= row[2] + 1  # right of the title, within the card
            assert row[1] <= cell[1] and cell[3] <= row[3] + 1
        if year[5] and duration[5]:
            assert year[3] <= duration[1] + 1  # the year above the duration
    assert shown >= 15
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("article .clusters-table").first.screenshot(path=str(ARTIFACTS / "tables-phone-facts.png"))
    visit.clean()
