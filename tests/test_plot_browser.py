"""The interactive comparison picture as a visitor meets it, in headless Chromium.

Skipped, like the other browser tests, only outside CI when Chromium or Playwright is missing (the skip
comes with the import from `helpers.browser`). The screenshot goes to
`test-artifacts/screenshots/interactive.png`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from helpers import demo_config
from helpers.browser import ARTIFACTS, Visit, served
from helpers.hostile import HOSTILE, hostile_project
from mkdocs_clusters.render.pictures import MARKERS, PALETTE

PAGE = "library/playlists/alt-pop/"
#: every cluster table row of a page, with the number of the cluster heading before it
_ROWS = """() => {
  const heads = [...document.querySelectorAll("article h2")];
  return [...document.querySelectorAll("article .clusters-table tbody tr")].map(row => {
    const before = heads.filter(h => h.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING);
    const head = before.length ? before[before.length - 1].textContent.replace("¶", "").trim() : "";
    const link = row.querySelector("a[title='Open on Spotify']");
    return {heading: head, title: row.cells[1].textContent, artists: row.cells[3].textContent,
            link: link ? link.getAttribute("href") : ""};
  });
}"""
#: the tooltip of each point in turn, shown by keyboard focus (the path a keyboard user takes)
_FOCUS_ALL = """() => [...document.querySelectorAll(".clusters-plot-point")].map(point => {
  point.focus();
  const tip = document.querySelector(".clusters-plot-tip");
  return {hidden: tip.hidden, title: tip.querySelector("strong").textContent,
          artists: (tip.querySelector("span") || {}).textContent || "", elements: tip.querySelectorAll("*").length};
})"""


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("plot-demo"), lambda tmp, _: demo_config(tmp))


def instant_config(tmp: Path, url: str) -> Path:
    """The demo with Material's instant navigation: pages arrive by fetch, scripts run only once.

    Material takes the site's pages from its sitemap, with `site_url`'s host and protocol replaced by the
    visited ones but not its port: `site_url` is where the test serves the site.
    """
    config = demo_config(tmp, site_url=url)
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.indexes\n" in text
    instant = text.replace("    - navigation.indexes\n", "    - navigation.instant\n    - navigation.indexes\n")
    config.write_text(instant, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("plot-instant"), instant_config)


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def hostile_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile library in Material and in MkDocs' own theme (no `document$` there)."""
    theme = str(request.param)
    yield from served(
        tmp_path_factory.mktemp(f"plot-hostile-{theme}"), lambda tmp, _: offline(hostile_project(tmp, theme))
    )


def offline(config: Path) -> Path:
    """MkDocs' own theme fetches highlight.js from a CDN (and fails on its absence): not in these tests."""
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  name: mkdocs\n", "  name: mkdocs\n  highlightjs: false\n"), encoding="utf-8")
    return config


def on_top(page: Any) -> list[int]:
    """Indices of the points that the mouse reaches at their centre (not under another point)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll(".clusters-plot-point")].flatMap((p, i) => {
                 const r = p.getBoundingClientRect();
                 const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                 return hit && (hit === p || p.contains(hit)) ? [i] : [];
               })"""
        )
    )


def tip_lines(visit: Visit) -> list[str]:
    tip = visit.page.locator(".clusters-plot-tip")
    assert tip.is_visible()
    return [str(t) for t in tip.locator("strong, span, small").all_text_contents()]


def test_hovering_a_point_shows_its_track_and_artists(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url)
    page = visit.goto(PAGE)
    rows = {row["link"]: row for row in page.evaluate(_ROWS) if row["heading"].startswith("Cluster #")}
    points = page.locator("a.clusters-plot-point")
    assert points.count() == len(rows) == 47
    assert page.locator(".clusters-plot-point title").count() == 0  # the tooltip is ours, not a native one
    page.locator(".clusters-plot-card").scroll_into_view_if_needed()
    reachable = on_top(page)
    assert len(reachable) > 30
    for i in (reachable[0], reachable[len(reachable) // 2], reachable[-1]):
        point = points.nth(i)
        point.hover()
        row = rows[point.get_attribute("href")]  # the table row of the same track, found by its link
        number = row["heading"].removeprefix("Cluster #")
        assert tip_lines(visit) == [row["title"], row["artists"], f"Cluster #{number} · opens on Spotify"]
        tip, dot = page.locator(".clusters-plot-tip").bounding_box(), point.bounding_box()
        assert tip and dot and abs((tip["y"] + tip["height"]) - dot["y"]) < 20  # just above the point
    page.mouse.move(1, 1)
    assert not page.locator(".clusters-plot-tip").is_visible()
    visit.clean()


def test_a_point_opens_the_track_on_spotify(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url)
    page = visit.goto(PAGE)
    table_links = {row["link"] for row in page.evaluate(_ROWS) if row["heading"].startswith("Cluster #")}
    points = page.locator("a.clusters-plot-point")
    hrefs = [points.nth(i).get_attribute("href") for i in range(points.count())]
    assert set(hrefs) == table_links and all(h and h.startswith("https://open.spotify.com/track/") for h in hrefs)
    assert {points.nth(i).get_attribute("target") for i in range(points.count())} == {"_blank"}
    assert {points.nth(i).get_attribute("rel") for i in range(points.count())} == {"noopener noreferrer"}
    # Spotify is not reachable from tests: answer for it, and see the click open that very page
    visit.context.route("https://open.spotify.com/**", lambda route: route.fulfill(body="<title>Spotify</title>"))
    page.locator(".clusters-plot-card").scroll_into_view_if_needed()
    index = on_top(page)[3]
    with visit.context.expect_page() as opened:
        points.nth(index).click()
    assert opened.value.url == hrefs[index]
    visit.clean()


def test_keyboard_focus_shows_the_tooltip_and_arrows_move(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url)
    page = visit.goto(PAGE)
    points = page.locator(".clusters-plot-point")
    assert page.locator(".clusters-plot-point[tabindex='0']").count() == 1  # one tab stop for the picture
    # from the last link above the picture (the top artists, labels, genres), Tab reaches the picture
    # next: the PNG and the summary are not focusable
    page.evaluate("() => [...document.querySelectorAll('article .clusters-glance a')].pop().focus()")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert first == page.evaluate("document.querySelector('.clusters-plot-point').getAttribute('aria-label')")
    title = tip_lines(visit)[0]
    assert first.startswith(title + " by ")
    page.keyboard.press("ArrowRight")
    second = points.nth(1)
    assert second.evaluate("p => p === document.activeElement")
    assert second.get_attribute("tabindex") == "0" and points.nth(0).get_attribute("tabindex") == "-1"
    assert tip_lines(visit)[0] == (second.get_attribute("aria-label") or "").split(" by ")[0]
    page.keyboard.press("Escape")
    assert not page.locator(".clusters-plot-tip").is_visible()
    visit.clean()


def test_legend_names_clusters_as_the_page_does(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url)
    page = visit.goto(PAGE)
    # under each heading "Cluster #n", the line "27 tracks · low acousticness, ..."
    lines = page.evaluate(
        """() => [...document.querySelectorAll("article h2")]
            .filter(h => h.textContent.startsWith("Cluster #"))
            .map(h => [h.textContent.replace("¶", "").trim(), h.nextElementSibling.textContent.trim()])"""
    )
    assert len(lines) == 2
    expected = [f"{head.removeprefix('Cluster ')} ({line.replace(' · ', '): ', 1)}" for head, line in lines]
    assert page.locator(".clusters-plot-legend li").all_inner_texts() == expected
    fills = page.locator(".clusters-plot-legend path").evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")
    assert fills == list(PALETTE[: len(lines)])
    groups = page.locator(".clusters-plot-cluster").evaluate_all("gs => gs.map(g => g.getAttribute('fill'))")
    assert groups == fills
    # each cluster's marker shape as in the PNG: a circle (arcs) for "o", a polygon for "s"
    assert MARKERS[:2] == ("o", "s")
    shapes = page.locator(".clusters-plot-cluster").evaluate_all(
        "gs => gs.map(g => g.querySelector('path').getAttribute('d'))"
    )
    assert "a" in shapes[0] and "a" not in shapes[1] and shapes[1].count("L") == 3
    visit.clean()


def test_the_static_picture_stays_as_the_fallback(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url)
    page = visit.goto(PAGE)
    source = visit.context.request.get(demo_url + PAGE).text()
    assert '<img alt="Comparison of the clusters" src="clusters.png" />' in source
    assert '<script src="../../../assets/mkdocs-clusters/clusters.js"></script>' in source
    picture = page.locator("article img[src$='clusters.png']")
    assert picture.count() == 1 and not picture.is_visible()  # replaced while the script runs
    assert page.locator(".clusters-plot-card").is_visible()
    visit.clean()
    # without JavaScript: the PNG, loaded and shown, and no trace of the interactive picture
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    quiet = context.new_page()
    quiet.route("https://i.scdn.co/**", lambda route: route.abort())
    quiet.goto(demo_url + PAGE)
    quiet.wait_for_load_state("networkidle")
    shown = quiet.locator("article img[src$='clusters.png']")
    assert shown.is_visible()
    assert quiet.evaluate("img => img.complete && img.naturalWidth", shown.element_handle()) > 0
    assert quiet.locator(".clusters-plot-card").count() == 0
    box = quiet.locator(".clusters-plot").bounding_box()
    assert box is not None and box["height"] == 0
    context.close()


def test_phone_and_dark_scheme(browser: Any, demo_url: str) -> None:
    from PIL import Image

    visit = Visit(browser, demo_url, width=390, height=844)
    page = visit.goto(PAGE)
    card = page.locator(".clusters-plot-card")
    box = card.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    points = page.locator(".clusters-plot-point")
    xs = points.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().x)")
    reachable = on_top(page)
    points.nth(max(reachable, key=lambda i: xs[i])).hover()  # the rightmost point: its tooltip must not stick out
    tip = page.locator(".clusters-plot-tip").bounding_box()
    assert tip and tip["x"] >= 0 and tip["x"] + tip["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    visit.clean()
    visit = Visit(browser, demo_url)
    page = visit.goto(PAGE)
    page.locator("label[title='Dark mode']").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    card = page.locator(".clusters-plot-card")
    card.scroll_into_view_if_needed()
    shot = Image.open(io.BytesIO(card.screenshot())).convert("L")
    width, height = shot.size
    assert min(shot.getpixel((2, 2)), shot.getpixel((width - 3, height - 3))) > 230  # its own light card
    assert int((np.asarray(shot) < 80).sum()) > 200  # dark text on it
    page.locator(".clusters-plot-point").nth(on_top(page)[10]).hover()
    colours = page.locator(".clusters-plot-tip").evaluate(
        "t => [getComputedStyle(t).color, getComputedStyle(t).backgroundColor]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(26, 26, 26)"]  # the tooltip keeps its own contrast
    visit.clean()


def test_screenshot(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url, width=1100, height=760)
    page = visit.goto("library/playlists/liked-songs/")  # five clusters: five markers
    card = page.locator(".clusters-plot-card")
    card.scroll_into_view_if_needed()
    # a track of cluster #2, in the middle of the picture: its tooltip hides neither edge nor legend
    groups = page.locator(".clusters-plot-point").evaluate_all(
        "ps => ps.map(p => [...p.closest('g').parentNode.children].indexOf(p.closest('g')))"
    )
    page.locator(".clusters-plot-point").nth(next(i for i in on_top(page) if groups[i] == 2)).hover()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / "interactive.png"))
    assert (ARTIFACTS / "interactive.png").stat().st_size > 10_000
    visit.clean()


def test_instant_navigation_draws_each_page_once(browser: Any, instant_url: str) -> None:
    visit = Visit(browser, instant_url)
    page = visit.goto("library/playlists/")
    page.evaluate("window.__samePage = true")  # survives only if pages arrive by instant navigation
    page.locator("article").get_by_role("link", name="Alt-Pop", exact=True).click()
    page.locator(".clusters-plot-card").wait_for()
    assert page.url.endswith(PAGE) and page.evaluate("window.__samePage") is True
    page.locator(".clusters-plot-point").nth(on_top(page)[0]).hover()
    assert page.locator(".clusters-plot-tip").is_visible()
    page.locator("article td a[href*='/artists/']").first.click()
    page.wait_for_url("**/artists/**")
    page.go_back()
    page.locator(".clusters-plot-card").wait_for()
    assert page.evaluate("window.__samePage") is True
    assert page.locator(".clusters-plot-card").count() == 1
    assert not page.locator("article img[src$='clusters.png']").is_visible()
    visit.clean()


def test_hostile_names_stay_text_in_the_picture(browser: Any, hostile_url: str) -> None:
    visit = Visit(browser, hostile_url)
    page = visit.goto("library/playlists/everything/")
    assert page.locator(".clusters-plot-card").count() == 1
    page.locator(".clusters-plot-point").nth(on_top(page)[0]).hover()
    shown = page.evaluate(_FOCUS_ALL)
    assert len(shown) == len(HOSTILE) * 6
    assert all(not s["hidden"] and s["elements"] <= 3 for s in shown)
    titles = {s["title"] for s in shown}
    assert [name for name in HOSTILE if name not in titles] == []  # literally, newlines and all
    assert {s["artists"] for s in shown} == set(HOSTILE)
    ran = page.evaluate(
        "() => [window.__pwned, document.querySelectorAll('[onerror],[onload],[onclick],[ontoggle]').length]"
    )
    assert ran == [None, 0]
    hrefs = page.locator("a.clusters-plot-point").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://open.spotify.com/track/") for h in hrefs)
    visit.clean()
