"""The site's search as a visitor uses it, and the optional player, in headless Chromium.

Two sites of one small library: Material with its search (and instant navigation), and the plain `mkdocs`
theme with MkDocs' own search and `player: spotify`. The library has a 120-track playlist in two sounds
("Road Trip", few rows shown before each fold, so that most tracks sit in a closed fold), a playlist that
shares a track with it ("Sixties"), one whose names are full of the same words without holding it ("Black
Mood", its genre "black metal" a page too), and Liked Songs. "Paint It Black" is in Road Trip, Sixties and
Liked Songs; "Only In Likes" only in Liked Songs.

Skipped, like the other browser tests, only outside CI when Chromium or Playwright is missing.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from helpers.browser import ARTIFACTS, Page, Visit, served

PAINT = "PaintItBlackAAAAAAAAAA"
ONLY_LIKED = "OnlyInLikesAAAAAAAAAAA"
ROAD_TRIP = "library/playlists/road-trip/"
SIXTIES = "library/playlists/sixties/"
LIKED = "library/playlists/liked-songs/"
LOUD = (0.8, 0.9, -5.0, 0.05, 0.1, 0.0, 0.2, 0.7, 128.0)
SOFT = (0.2, 0.1, -20.0, 0.05, 0.9, 0.0, 0.2, 0.3, 80.0)


def library_rows() -> dict[str, list[list[str]]]:
    """The playlists' rows by file name."""
    rng = random.Random(5)

    def row(key: str, title: str, artist: str, sound: tuple[float, ...], genres: str = "rock") -> list[str]:
        jittered = tuple(round(v + rng.uniform(-0.03, 0.03) * (abs(v) + 1), 3) for v in sound)
        return exportify_row(key, title, artist, album="Album Zed", genres=genres, features=jittered)

    paint = row(PAINT, "Paint It Black", "The Rolling Stones", LOUD)
    road = [row(f"road{i:03d}".ljust(22, "A"), f"Highway Song {i}", f"Driver {i % 4}", LOUD if i % 2 else SOFT)
            for i in range(119)]  # fmt: skip
    road.insert(77, paint)
    sixties = [row(f"sixties{i:02d}".ljust(22, "A"), f"Sixties Tune {i}", "Beat Band", SOFT) for i in range(11)]
    sixties.insert(5, paint)
    # names with one word of the query each
    black = [row(f"black{i:02d}".ljust(22, "A"), f"{('Back To Black', 'Paint The Sky')[i % 2]} {i}", "Dark Crew",
                 LOUD, genres="black metal") for i in range(12)]  # fmt: skip
    only = row(ONLY_LIKED, "Only In Likes", "Solo Heart", SOFT)
    liked = [paint, *road[:20], only]
    return {"Road_Trip.csv": road, "Sixties.csv": sixties, "Black_Mood.csv": black, "Liked_Songs.csv": liked}


def write_library(folder: Path) -> None:
    folder.mkdir()
    for name, rows in library_rows().items():
        (folder / name).write_bytes(csv_bytes(EXPORTIFY_2025, rows))


def search_project(tmp: Path, url: str, theme: str, options: str = "") -> Path:
    """The library, and a project with a search plugin around it; `theme` and plugin `options` as YAML."""
    write_library(tmp / "export")
    (tmp / "docs").mkdir()
    (tmp / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"site_name: Search\nsite_url: {url}\ndocs_dir: docs\ntheme:\n{theme}"
        f"plugins:\n  - search\n  - clusters:\n      library: {tmp / 'export'}\n      cache: false\n"
        "      min_tracks: 5\n      cluster_min_tracks: 5\n      representative_tracks: 2\n" + options,
        encoding="utf-8",
    )
    return config


def material_config(tmp: Path, url: str) -> Path:
    theme = (
        "  name: material\n  features:\n    - navigation.instant\n"
        "  palette:\n    - scheme: default\n      toggle:\n        icon: material/weather-night\n        name: Dark\n"
        "    - scheme: slate\n      toggle:\n        icon: material/weather-sunny\n        name: Light\n"
    )
    return search_project(tmp, url, theme)


def plain_config(tmp: Path, url: str) -> Path:
    return search_project(tmp, url, "  name: mkdocs\n  highlightjs: false\n", "      player: spotify\n")


@pytest.fixture(scope="module")
def material_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("search-material"), material_config)


@pytest.fixture(scope="module")
def plain_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("search-plain"), plain_config)


def index_of(page: Page, url: str) -> list[dict[str, str]]:
    docs = page.request.get(url + "search/search_index.json").json()["docs"]
    return [dict(doc) for doc in docs]


def row_anchor(docs: list[dict[str, str]], title: str, page_path: str) -> str:
    [location] = [d["location"] for d in docs if d["title"] == title and d["location"].startswith(page_path)]
    return location.split("#", 1)[1]


#: where the row is, whether it is marked, its fold open, and its background against an unmarked row's
_LANDED = """id => {
  const row = document.getElementById(id);
  const box = row.getBoundingClientRect();
  const fold = row.closest("details");
  const other = [...row.parentNode.rows].find(r => r !== row);
  return {
    found: row.classList.contains("clusters-found"),
    marked: document.querySelectorAll("tr.clusters-found").length,
    open: fold ? fold.open : null,
    inView: box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0,
    background: getComputedStyle(row).backgroundColor,
    otherBackground: other ? getComputedStyle(other).backgroundColor : null,
  };
}"""


def settled(page: Page, anchor: str) -> None:
    """Wait until the row is marked and in the window (the page scrolls to it once laid out)."""
    page.wait_for_function(
        """id => { const row = document.getElementById(id); if (!row) return false;
                   const box = row.getBoundingClientRect();
                   return row.classList.contains("clusters-found") && box.top >= 0 && box.bottom <= innerHeight; }""",
        arg=anchor,
        timeout=5000,
    )


def test_the_index_holds_words_and_tracks_not_tables(browser: Any, material_url: str) -> None:
    visit = Visit(browser, material_url)
    docs = index_of(visit.goto(""), material_url)
    text = json.dumps(docs)
    # no table cells, profile numbers or picture data in the index
    for absent in ("Album Zed", "danceability", "standard deviations", "data-plot", "Spotify URIs"):
        assert absent not in text, absent
    # one entry for the track, on its first playlist (Liked Songs last), naming each playlist and cluster ...
    [entry] = [d for d in docs if d["title"] == "Paint It Black"]
    assert entry["location"].split("#")[0] == ROAD_TRIP
    assert re.fullmatch(r"The Rolling Stones · in Road Trip \(.+\), Sixties(?: \(.+\))?, Liked Songs.*", entry["text"])
    # ... where a track only in Liked Songs is found there
    assert [d["location"].split("#")[0] for d in docs if d["title"] == "Only In Likes"] == [LIKED]
    # the index a phone loads: one entry per track of the library, each small; pages' own entries small too
    tracks = [d for d in docs if "#t-" in d["location"]]
    assert len(tracks) == len({row[0] for rows in library_rows().values() for row in rows}) == 144
    assert sum(len(json.dumps(d)) for d in tracks) / len(tracks) < 170
    pages = {d["location"].split("#")[0] for d in docs}
    assert sum(len(json.dumps(d)) for d in docs if d not in tracks) / len(pages) < 400
    # the clusters are still found by their names and words
    assert any(d["location"].startswith(ROAD_TRIP + "#cluster-1") and d["text"] for d in docs)
    visit.clean()


def search_material(page: Page, query: str) -> list[str]:
    """Type into Material's search; the result links in the order shown."""
    field = page.locator("input.md-search__input")
    field.click()
    # typed once the search is ready (its worker reads the index first)
    page.wait_for_function("!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')")
    # all but the last letter at once, then one key: Material searches on keys, and typed letter by letter
    # the results of "Pa" could be read before those of the whole query
    field.fill(query[:-1])
    field.press(query[-1])
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').textContent.includes('matching')"
        " && document.querySelector('input.md-search__input').value === q",
        arg=query,
    )
    page.locator(".md-search-result__item").first.wait_for()
    return [str(href) for href in page.locator(".md-search-result__link").evaluate_all("as => as.map(a => a.href)")]


def test_material_search_finds_the_playlists_first_and_lands_on_the_row(browser: Any, material_url: str) -> None:
    visit = Visit(browser, material_url)
    page = visit.goto("")
    docs = index_of(page, material_url)
    anchor = row_anchor(docs, "Paint It Black", ROAD_TRIP)
    links = search_material(page, "Paint It Black")
    holding = [material_url + p for p in (ROAD_TRIP, SIXTIES)]
    # one result for the track, first, landing on its row (not one per playlist that holds it), before
    # "Black Mood" and the black metal genre page, whose names share the words
    target = material_url + ROAD_TRIP + "#" + anchor
    assert links.count(target) == 1 and links.index(target) <= 1, links
    assert not any(link.startswith(holding[1]) for link in links), links
    page.locator(f".md-search-result__link[href='{target}']").click()
    page.wait_for_url("**/road-trip/#" + anchor)
    settled(page, anchor)
    landed = page.evaluate(_LANDED, anchor)
    assert landed["found"] and landed["marked"] == 1
    assert landed["open"] is True  # it was in the cluster's closed fold
    assert landed["inView"]
    assert landed["background"] != landed["otherBackground"]
    page.screenshot(path=str(ARTIFACTS / "search-landed-material.png"))
    visit.clean()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_link_to_a_row_opens_its_fold_on_a_phone(browser: Any, material_url: str, scheme: str) -> None:
    visit = Visit(browser, material_url, width=390, height=844)
    page = visit.goto("")
    # a row has the same id on every page that holds the track (a link to a row can be shared)
    anchor = row_anchor(index_of(page, material_url), "Paint It Black", ROAD_TRIP)
    visit.goto(SIXTIES + "#" + anchor)
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    settled(page, anchor)
    landed = page.evaluate(_LANDED, anchor)
    assert landed["found"] and landed["inView"]
    assert landed["background"] != landed["otherBackground"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / f"search-landed-phone-{scheme}.png"))
    visit.clean()


def test_mkdocs_theme_search_lands_on_the_row(browser: Any, plain_url: str) -> None:
    visit = Visit(browser, plain_url)
    page = visit.goto("")
    docs = index_of(page, plain_url)
    # MkDocs' own search shows text as text: the entries are not escaped for it
    assert all("&amp;" not in d["title"] for d in docs)
    anchor = row_anchor(docs, "Paint It Black", ROAD_TRIP)
    # the theme opens its search with ?q= once the search is ready (typing before that is lost)
    visit.goto("?q=Paint+It+Black")
    page.locator("#mkdocs-search-results article").first.wait_for()
    links = page.locator("#mkdocs-search-results article h3 a").evaluate_all("as => as.map(a => a.href)")
    # one result for the track, first, landing on its row
    rows = [str(link) for link in links if str(link).endswith("#" + anchor)]
    assert rows == [plain_url + ROAD_TRIP + "#" + anchor] and str(links[0]) == rows[0], links
    assert not any(str(link).startswith(plain_url + SIXTIES) for link in links), links
    page.locator(f"#mkdocs-search-results a[href$='#{anchor}']").first.click()
    settled(page, anchor)
    landed = page.evaluate(_LANDED, anchor)
    assert landed["open"] is True and landed["inView"]
    visit.clean()


def test_the_player_loads_only_after_a_click(browser: Any, plain_url: str) -> None:
    visit = Visit(browser, plain_url)
    asked: list[str] = []

    def spotify(route: Any) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title>")

    visit.page.route("https://open.spotify.com/**", spotify)
    page = visit.goto(ROAD_TRIP)
    plays = page.locator("article a[data-clusters-play], [role=main] a[data-clusters-play]")
    assert plays.count() == 120  # a play link on every row, folds included
    page.wait_for_timeout(300)
    assert asked == []  # nothing from Spotify before a click
    assert page.locator("iframe").count() == 0
    first = plays.first
    embed = first.get_attribute("href")
    assert embed and embed.startswith("https://open.spotify.com/embed/track/")
    with page.expect_request("https://open.spotify.com/**"):
        first.click()
    frame = page.locator("#clusters-player iframe")
    assert frame.get_attribute("src") == embed
    assert asked == [embed]
    assert page.url == plain_url + ROAD_TRIP  # the page stays
    page.screenshot(path=str(ARTIFACTS / "player.png"))
    page.locator(".clusters-player-close").click()
    assert page.locator("#clusters-player").count() == 0
    visit.clean()
