"""The built demo site as a visitor meets it, in headless Chromium (Debian's, driven by Playwright).

Skipped only outside CI when Chromium or Playwright is missing; in CI (CI=true) they must run (the skip
comes with the import from `helpers.browser`). Screenshots go to `test-artifacts/screenshots/` (light,
dark, phone)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from helpers.browser import ARTIFACTS, Page, Visit, served_site


def heading(page: Page) -> str:
    """The page's title as shown (without the permalink sign)."""
    return str(page.locator("h1").first.inner_text()).rstrip("¶").strip()


@pytest.fixture(scope="module")
def base_url(demo_site: Path) -> Iterator[str]:
    """The shared demo site (read only here), served."""
    yield from served_site(demo_site)


def test_visitor_reaches_collections_by_clicking(browser: Any, base_url: str) -> None:
    visit = Visit(browser, base_url)
    page = visit.goto("")
    for kind, collection in (("Playlists", "Alt-Pop"), ("Genres", "ambient"), ("Labels", "Interscope Records")):
        page = visit.goto("")
        page.locator(".md-sidebar--primary").get_by_role("link", name=kind, exact=True).first.click()
        page.wait_for_load_state()
        assert heading(page) == kind
        page.locator("article").get_by_role("link", name=collection, exact=True).first.click()
        page.wait_for_load_state()
        # titled by its name; what it is, and that these are its clusters, in the subtitle under it
        assert heading(page) == collection
        subtitle = page.locator("article h1 + .clusters-subtitle").inner_text()
        singular = {"Playlists": "Playlist", "Genres": "Genre", "Labels": "Record label"}[kind]
        assert subtitle.startswith(singular + " · ") and " clusters of " in subtitle, subtitle
        assert page.title().startswith(collection + " - ")  # the tab names it too
    page = visit.goto("library/playlists/alt-pop/")
    artist = page.locator("td a[href*='/artists/']").first
    name = artist.inner_text()
    artist.click()
    page.wait_for_load_state()
    assert heading(page) == name
    assert page.locator("article h1 + .clusters-subtitle").inner_text().startswith("Artist · ")
    page.go_back()
    label = page.locator("td a[href*='/labels/']").first
    name = label.inner_text()
    label.click()
    page.wait_for_load_state()
    assert heading(page) == name
    assert page.locator("article h1 + .clusters-subtitle").inner_text().startswith("Record label · ")
    visit.clean()


def test_clusters_page_content(browser: Any, base_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit = Visit(browser, base_url)
    page = visit.goto("library/playlists/k-pop-favourites/")
    pictures = page.locator("article img[src$='clusters.png']")
    assert pictures.count() == 1
    assert page.evaluate("img => img.complete && img.naturalWidth", pictures.first.element_handle()) > 0
    arts = page.locator("td.clusters-art img")
    assert arts.count() > 10
    shown = 0
    for i in range(arts.count()):
        art = arts.nth(i)
        assert art.get_attribute("src").startswith("https://i.scdn.co/image/")
        assert art.get_attribute("alt").startswith("Cover of ")
        if art.is_visible():  # folded rows are not; shown rows keep 50 x 50 though the image failed
            box = art.bounding_box()
            assert box and (round(box["width"]), round(box["height"])) == (50, 50)
            shown += 1
    assert shown >= 10
    text = page.locator("article").inner_text()
    assert "💚" in text and "🔗" in text
    for title in ("너에게로", "별이 빛나는 밤 (Live)"):
        assert page.locator("td", has_text=title).count() >= 1
    page.screenshot(path=str(ARTIFACTS / "clusters-light.png"))
    assert (ARTIFACTS / "clusters-light.png").stat().st_size > 10_000
    visit.clean()


def test_scripts_and_right_to_left(browser: Any, base_url: str) -> None:
    visit = Visit(browser, base_url)
    page = visit.goto("library/playlists/chill-evenings/")
    assert page.locator("td", has_text="月の光 (Demo)").count() >= 1
    hebrew = page.locator("td", has_text="בוקר טוב").first
    assert hebrew.count() == 1
    assert page.evaluate("td => getComputedStyle(td).direction", hebrew.element_handle()) == "rtl"
    visit.clean()


def test_phone_width_does_not_scroll_sideways(browser: Any, base_url: str) -> None:
    visit = Visit(browser, base_url, width=390, height=844)
    page = visit.goto("library/playlists/alt-pop/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # track tables: a compact card per row, nothing to scroll, in the page nor in the table's box
    tracks = page.locator(".clusters-tracks").first
    assert page.evaluate("el => el.scrollWidth <= el.clientWidth", tracks.element_handle())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "clusters-phone.png"))
    assert (ARTIFACTS / "clusters-phone.png").stat().st_size > 10_000
    visit.clean()


def test_dark_scheme_keeps_the_picture_readable(browser: Any, base_url: str) -> None:
    from PIL import Image

    visit = Visit(browser, base_url)
    page = visit.goto("library/playlists/alt-pop/")
    page.locator("label[title='Dark mode']").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    picture = page.locator("article .clusters-plot-card").first
    picture.scroll_into_view_if_needed()
    assert picture.get_attribute("data-scheme") == "dark"
    shot = Image.open(io.BytesIO(picture.screenshot())).convert("L")
    width, height = shot.size
    corners = [shot.getpixel((2, 2)), shot.getpixel((width - 3, height - 3))]
    assert max(corners) < 60, corners  # the picture follows the dark scheme
    assert int((np.asarray(shot) > 200).sum()) > 200  # light text and axes on it: no black on dark
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "clusters-dark.png"))
    assert (ARTIFACTS / "clusters-dark.png").stat().st_size > 10_000
    visit.clean()


def test_a_cluster_downloads_as_a_playlist(browser: Any, base_url: str) -> None:
    """Both links of a cluster download a file in the browser: the URIs (from a `data:` link) and the CSV."""
    visit = Visit(browser, base_url)
    page = visit.goto("library/playlists/alt-pop/")
    # saved under the playlist's slug, the cluster's number and its name (`alt-pop-1-electric-dance-pop.txt`)
    with page.expect_download() as uris:
        page.locator("a[download^='alt-pop-1-'][download$='.txt']").click()
    assert re.fullmatch(r"alt-pop-1-[a-z0-9-]+\.txt", uris.value.suggested_filename)
    lines = Path(uris.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 2 and all(re.fullmatch(r"spotify:track:[0-9A-Za-z]{22}", line) for line in lines)
    with page.expect_download() as table:
        page.locator("a[download^='alt-pop-1-'][download$='.csv']").click()
    assert table.value.suggested_filename == uris.value.suggested_filename.replace(".txt", ".csv")
    csv_text = Path(table.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("Track URI,Track Name,")
    assert all(line in csv_text for line in lines)  # the same tracks, every pasteable one
    visit.clean()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "default"), (1280, "slate"), (390, "default"), (390, "slate")])
def test_the_overview_renders_with_its_charts(browser: Any, base_url: str, width: int, scheme: str) -> None:
    visit = Visit(browser, base_url, width=width, height=900 if width > 400 else 844)
    page = visit.goto("library/")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    assert heading(page) == "Library"
    headings = page.locator("article h2").all_inner_texts()
    for expected in (
        "Through the decades",
        "Added over time",
        "Top artists, genres and labels",
        "Playlists",
        "Map of the library",
    ):
        assert any(expected in h for h in headings), (expected, headings)
    # the decades and the tracks added as page text, the map as the interactive picture, each within the page
    charts = page.locator("article table.clusters-bars, article svg.clusters-columns, article .clusters-plot-card")
    assert charts.count() == 3
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box and box["x"] >= 0 and box["width"] > 0 and box["x"] + box["width"] <= width, box
    assert page.locator("article img[src$='library-map.png']").is_hidden()  # the script drew it in its place
    assert page.locator("article h3", has_text="Cluster 1: ").count() == 1  # the map's clusters, by name
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"overview-{width}-{scheme}.png"), full_page=width > 400)
    visit.clean()
