"""The interactive comparison picture as a visitor meets it, in headless Chromium.

Skipped, like the other browser tests, only outside CI when Chromium or Playwright is missing (the skip
comes with the import from `helpers.browser`). The screenshot goes to
`test-artifacts/screenshots/interactive.png`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from helpers import EXPORTIFY_2025, csv_bytes, demo_config, exportify_row
from helpers.browser import ARTIFACTS, Visit, offline_context, served, served_site
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
def demo_url(demo_site: Path) -> Iterator[str]:
    """The shared demo site (read only here), served."""
    yield from served_site(demo_site)


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
    rows = {row["link"]: row for row in page.evaluate(_ROWS) if row["heading"].startswith("Cluster ")}
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
        number = row["heading"].removeprefix("Cluster ").split(":")[0]
        assert tip_lines(visit) == [row["title"], row["artists"], f"Cluster {number} · opens on Spotify"]
        tip, dot = page.locator(".clusters-plot-tip").bounding_box(), point.bounding_box()
        assert tip and dot and abs((tip["y"] + tip["height"]) - dot["y"]) < 20  # just above the point
    page.mouse.move(1, 1)
    assert not page.locator(".clusters-plot-tip").is_visible()
    visit.clean()


def test_a_point_opens_the_track_on_spotify(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url)
    page = visit.goto(PAGE)
    table_links = {row["link"] for row in page.evaluate(_ROWS) if row["heading"].startswith("Cluster ")}
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
    # each heading "Cluster n: Name", with the line "27 tracks · fast (~128 BPM), ..." under it
    lines = page.evaluate(
        """() => [...document.querySelectorAll("article h2")]
            .filter(h => h.textContent.startsWith("Cluster "))
            .map(h => [h.textContent.replace("¶", "").trim(), h.nextElementSibling.textContent.trim()])"""
    )
    assert len(lines) >= 2
    expected = []
    for head, line in lines:
        number, name = head.removeprefix("Cluster ").split(": ", 1)
        expected.append(f"{number}. {name} ({line.split(' ')[0]})")  # the legend: "2. Name (27)"
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


def test_phone_width_keeps_the_picture_and_tooltip_on_screen(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url, width=390, height=844)
    page = visit.goto(PAGE)
    card = page.locator(".clusters-plot-card")
    box = card.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    card.scroll_into_view_if_needed()  # below the fold of a phone (the lines above it wrap)
    points = page.locator(".clusters-plot-point")
    xs = points.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().x)")
    reachable = on_top(page)
    points.nth(max(reachable, key=lambda i: xs[i])).hover()  # the rightmost point: its tooltip must not stick out
    tip = page.locator(".clusters-plot-tip").bounding_box()
    assert tip and tip["x"] >= 0 and tip["x"] + tip["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    visit.clean()


#: the picture's colours as the browser computes them (the tooltip's too, shown or not)
_COLOURS = """() => {
  const style = selector => getComputedStyle(document.querySelector(selector));
  const card = style(".clusters-plot-card"), tip = style(".clusters-plot-tip");
  return {card: card.backgroundColor, ink: card.color, border: card.borderTopColor,
          label: style(".clusters-plot-label").color, axis: style(".clusters-plot-xlabel").color,
          frame: style(".clusters-plot-frame").stroke, edge: style(".clusters-plot-point path").stroke,
          tip: tip.backgroundColor, tipInk: tip.color, page: getComputedStyle(document.body).backgroundColor};
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    match = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, [\d.]+)?\)", css)
    assert match, css
    r, g, b = (int(v) for v in match.groups())
    return r, g, b


def _luminance(css: str) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = (linear(c) for c in _rgb(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colours: dict[str, str]) -> None:
    """Text, axes and tooltip stand out of the card, whichever its scheme."""
    card = colours["card"]
    assert _contrast(colours["label"], card) >= 7 and _contrast(colours["axis"], card) >= 7, colours
    assert _contrast(colours["frame"], card) >= 3, colours
    assert _contrast(colours["tipInk"], colours["tip"]) >= 7, colours
    assert colours["edge"] == card  # the points' outlines in the card's colour


@pytest.mark.parametrize("width", [1280, 390])
def test_the_picture_follows_materials_colour_scheme(browser: Any, demo_url: str, width: int) -> None:
    visit = Visit(browser, demo_url, width=width, height=900 if width > 400 else 844)
    page = visit.goto(PAGE)
    light = page.evaluate(_COLOURS)
    assert _luminance(light["card"]) > 0.9 and _luminance(light["ink"]) < 0.05
    readable(light)
    # a pale colour's points (#2's orange, 2.3:1 on white) have an outline of their own hue, darker; the
    # others the card's white, as on the dark card every point has the card's colour
    first_points = page.locator(".clusters-plot-cluster").evaluate_all(
        "gs => gs.map(g => getComputedStyle(g.querySelector('.clusters-plot-point')).stroke)"
    )
    assert first_points[:2] == ["rgb(255, 255, 255)", "rgb(198, 137, 0)"], first_points
    page.locator("label[title='Dark mode']").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = page.evaluate(_COLOURS)
    assert _luminance(dark["card"]) < 0.05 and _luminance(dark["ink"]) > 0.7, dark  # a dark card, light text
    assert _contrast(dark["card"], dark["page"]) < 1.5  # a card of the page, not a lamp on it
    readable(dark)
    on_dark = page.locator(".clusters-plot-cluster").evaluate_all(
        "gs => gs.map(g => getComputedStyle(g.querySelector('.clusters-plot-point')).stroke)"
    )
    assert set(on_dark) == {dark["card"]}, on_dark
    assert {key for key in light if light[key] != dark[key]} >= {"card", "ink", "label", "axis", "frame", "tip"}
    # clusters take their dark-scheme colours (#1's blue, lightened; black for #8 would become light grey)
    groups = page.locator(".clusters-plot-cluster")
    fills = groups.evaluate_all("gs => gs.map(g => [getComputedStyle(g).fill, g.getAttribute('fill')])")
    assert fills[0] == ["rgb(31, 130, 196)", PALETTE[0]] and fills[1] == ["rgb(230, 159, 0)", PALETTE[1]]
    card = page.locator(".clusters-plot-card")
    card.scroll_into_view_if_needed()
    page.locator(".clusters-plot-point").nth(on_top(page)[10]).hover()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / f"interactive-dark-{width}.png"))
    from PIL import Image

    shot = np.asarray(Image.open(ARTIFACTS / f"interactive-dark-{width}.png").convert("L"))
    assert shot[3, 3] < 60 and shot[-4, -4] < 60  # dark corners
    assert int((shot > 200).sum()) > 300  # light text on them
    page.locator("label[title='Light mode']").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert page.evaluate(_COLOURS) == light
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


# -- the legend: one cluster at a time ---------------------------------------------------------------

#: per cluster number: dimmed or not, its opacity and pointer events, once transitions are over
_GROUPS = """() => Object.fromEntries([...document.querySelectorAll(".clusters-plot-cluster")].map(g => {
  const style = getComputedStyle(g);
  return [g.dataset.cluster, [g.classList.contains("is-dimmed"), Number(style.opacity), style.pointerEvents]];
}))"""
_PRESSED = "bs => bs.map(b => b.getAttribute('aria-pressed'))"
_CLUSTER_OF = "ps => ps.map(p => p.closest('g').dataset.cluster)"


def settled(page: Any) -> dict[str, list[Any]]:
    page.wait_for_timeout(250)  # the fade is 0.15 s
    return dict(page.evaluate(_GROUPS))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_legend_shows_one_cluster_at_a_time(browser: Any, demo_url: str, width: int) -> None:
    visit = Visit(browser, demo_url, width=width, height=900 if width > 400 else 844)
    page = visit.goto("library/playlists/liked-songs/")  # five clusters
    buttons = page.locator(".clusters-plot-legend button")
    assert buttons.count() == 5
    assert buttons.evaluate_all(_PRESSED) == ["false"] * 5
    assert buttons.evaluate_all("bs => bs.map(b => b.type)") == ["button"] * 5
    everything = settled(page)
    assert everything == {str(n): [False, 1.0, "auto"] for n in range(1, 6)}
    page.locator(".clusters-plot-card").scroll_into_view_if_needed()
    reachable = on_top(page)
    clusters = page.locator(".clusters-plot-point").evaluate_all(_CLUSTER_OF)
    buttons.nth(1).click()
    assert buttons.evaluate_all(_PRESSED) == ["false", "true", "false", "false", "false"]
    shown = settled(page)
    assert shown["2"] == [False, 1.0, "auto"]
    others = [state for number, state in shown.items() if number != "2"]
    assert len(others) == 4 and all(
        dimmed and opacity <= 0.2 and events == "none" for dimmed, opacity, events in others
    )
    # the shown cluster is drawn last, over the others, and only its points are within the mouse's reach
    assert page.evaluate("[...document.querySelector('.clusters-plot-svg').children].pop().dataset.cluster") == "2"
    order = page.locator(".clusters-plot-point").evaluate_all(_CLUSTER_OF)  # the drawing order changed
    now = on_top(page)
    assert {order[i] for i in now} == {"2"}
    assert len(now) >= sum(1 for i in reachable if clusters[i] == "2") > 0
    buttons.nth(1).click()  # pressed again: every cluster
    assert buttons.evaluate_all(_PRESSED) == ["false"] * 5
    assert settled(page) == everything
    assert page.locator(".clusters-plot-point").evaluate_all(_CLUSTER_OF) == clusters  # in its first order again
    assert on_top(page) == reachable
    # Enter and Space, as a button takes them; another entry moves the choice
    buttons.nth(3).focus()
    page.keyboard.press("Enter")
    assert buttons.evaluate_all(_PRESSED) == ["false", "false", "false", "true", "false"]
    buttons.nth(2).focus()
    page.keyboard.press("Space")
    assert buttons.evaluate_all(_PRESSED) == ["false", "false", "true", "false", "false"]
    assert [n for n, (dimmed, *_) in settled(page).items() if not dimmed] == ["3"]
    # the picture's tab stop and its arrow keys stay on the shown cluster
    page.locator(".clusters-plot-point[tabindex='0']").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.closest('g').dataset.cluster") == "3"
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.closest('g').dataset.cluster") == "3"
    assert page.locator(".clusters-plot-tip").is_visible()
    page.keyboard.press("Escape")
    buttons.nth(2).focus()
    page.keyboard.press("Space")
    assert buttons.evaluate_all(_PRESSED) == ["false"] * 5 and settled(page) == everything
    visit.clean()


# -- touch: a tap shows, the tooltip's link opens ----------------------------------------------------

#: a point with room around it: 7 px to its right the picture's ground, and no other centre within 16 px
_LONELY = """() => {
  const points = [...document.querySelectorAll(".clusters-plot-point")];
  const centres = points.map(p => {
    const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; });
  for (let i = 0; i < points.length; i++) {
    const [x, y] = centres[i];
    const hit = document.elementFromPoint(x + 7, y);
    if (!hit || !hit.closest(".clusters-plot-svg") || hit.closest(".clusters-plot-point")) continue;
    if (centres.some(([u, v], j) => j !== i && Math.hypot(u - x - 7, v - y) < 16)) continue;
    return {index: i, x: x + 7, y: y};
  }
  return null;
}"""
#: a spot of the picture more than 40 px from every point
_EMPTY = """() => {
  const box = document.querySelector(".clusters-plot-svg").getBoundingClientRect();
  const centres = [...document.querySelectorAll(".clusters-plot-point")].map(p => {
    const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; });
  for (let y = box.y + 10; y < box.bottom - 10; y += 8)
    for (let x = box.x + 10; x < box.right - 10; x += 8)
      if (centres.every(([u, v]) => Math.hypot(u - x, v - y) > 40)) return {x, y};
  return null;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_tap_shows_the_track_and_only_the_tooltips_link_opens_it(browser: Any, demo_url: str, width: int) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 400 else 900}, has_touch=True, is_mobile=True
    )
    offline_context(context, demo_url)
    context.route("https://open.spotify.com/**", lambda route: route.fulfill(body="<title>Spotify</title>"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(demo_url + PAGE)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    page.locator(".clusters-plot-card").scroll_into_view_if_needed()
    points = page.locator("a.clusters-plot-point")
    sizes = points.evaluate_all(
        "ps => ps.map(p => { const r = p.getBoundingClientRect(); return Math.min(r.width, r.height); })"
    )
    assert min(sizes) >= 10, min(sizes)  # markers a finger can aim at
    point = points.nth(on_top(page)[5])
    href = point.get_attribute("href")
    title = (point.get_attribute("aria-label") or "").split(" by ")[0]
    point.tap()
    page.wait_for_timeout(300)
    tip = page.locator(".clusters-plot-tip")
    assert tip.is_visible() and "is-pinned" in (tip.get_attribute("class") or "")
    assert tip.locator("strong").inner_text() == title
    assert len(context.pages) == 1 and page.url == demo_url + PAGE  # the tap opened nothing
    link = tip.locator("a")
    assert link.count() == 1 and link.inner_text() == "Open on Spotify"
    assert link.get_attribute("href") == href and link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    box = link.bounding_box()
    assert box and box["height"] >= 24  # a target for a finger
    point.tap()  # again on the point: still only the tooltip
    page.wait_for_timeout(300)
    assert len(context.pages) == 1 and tip.is_visible()
    with context.expect_page() as opened:
        link.tap()
    assert opened.value.url == href
    # far from every point: the tooltip goes
    empty = page.evaluate(_EMPTY)
    assert empty is not None
    page.touchscreen.tap(empty["x"], empty["y"])
    page.wait_for_timeout(300)
    assert not tip.is_visible()
    # beside a point, within reach of a finger: that point's tooltip
    near = page.evaluate(_LONELY)
    assert near is not None
    page.touchscreen.tap(near["x"], near["y"])
    page.wait_for_timeout(300)
    lonely = page.locator(".clusters-plot-point").nth(near["index"])
    assert (
        tip.is_visible()
        and tip.locator("strong").inner_text() == (lonely.get_attribute("aria-label") or "").split(" by ")[0]
    )
    assert tip.locator("a").get_attribute("href") == lonely.get_attribute("href")
    # a tap outside the picture: the tooltip goes
    page.locator("article h1").tap()
    page.wait_for_timeout(300)
    assert not tip.is_visible()
    assert len(context.pages) == 2 and errors == []
    context.close()


# -- names written right to left keep their counts on the right ------------------------------------

#: each isolated name of the overview lines with the count after it: their boxes, line by line
_NAMES_AND_COUNTS = """() => [...document.querySelectorAll("article .clusters-glance bdi")]
    .filter(bdi => bdi.nextSibling && /^ \\(\\d/.test(bdi.nextSibling.data || "")).map(bdi => {
  const text = bdi.nextSibling, match = /\\((\\d[\\d,]*)\\)/.exec(text.data);
  const range = document.createRange();
  range.setStart(text, match.index);
  range.setEnd(text, match.index + match[0].length);
  const name = [...bdi.getClientRects()].pop(), count = range.getClientRects()[0];
  return {name: bdi.textContent, nameLeft: name.left, nameRight: name.right, nameTop: name.top,
          countLeft: count.left, countTop: count.top};
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_right_to_left_names_keep_their_counts_on_the_right(browser: Any, demo_url: str, width: int) -> None:
    visit = Visit(browser, demo_url, width=width, height=900 if width > 400 else 844)
    page = visit.goto("library/playlists/chill-evenings/")
    pairs = page.evaluate(_NAMES_AND_COUNTS)
    assert len(pairs) >= 10
    hebrew = [p for p in pairs if p["name"] == "יעל כהן"]
    assert len(hebrew) == 1
    for pair in pairs:
        if abs(pair["countTop"] - pair["nameTop"]) < 4:  # on one line: the count right of the name
            assert pair["countLeft"] >= pair["nameRight"] - 0.5, pair
        else:  # the count wrapped to the start of the next line
            assert pair["countTop"] > pair["nameTop"], pair
    assert abs(hebrew[0]["countTop"] - hebrew[0]["nameTop"]) < 4  # the case that broke: on one line
    # the artists' index: the name's cell, then its count's cell
    page = visit.goto("library/artists/")
    row = page.locator("article tr", has_text="יעל כהן")
    name, count = row.locator("td").nth(0).bounding_box(), row.locator("td").nth(1).bounding_box()
    assert name and count and count["x"] >= name["x"] + name["width"] - 0.5
    visit.clean()


# -- a fold of a thousand tracks -------------------------------------------------------------------

_WORDS = ("night", "river", "gold", "echo", "paper", "heart", "glass", "summer", "static", "velvet", "ocean", "dream")
#: audio features (AUDIO_FEATURES order) of the loud group and of the quiet one
_LOUD = (0.8, 0.85, -5.0, 0.05, 0.1, 0.0, 0.1, 0.7, 128.0)
_QUIET = (0.2, 0.1, -22.0, 0.05, 0.95, 0.0, 0.1, 0.2, 70.0)


def big_library(folder: Path, big: int = 1010, small: int = 40) -> None:
    """One playlist of two clearly different groups: cluster #1 holds 1,010 tracks, so that 1,000 fold."""
    rng = random.Random(17)
    rows = []
    for i in range(big + small):
        features = tuple(round(v * (1 + rng.uniform(-0.05, 0.05)), 4) for v in (_LOUD if i < big else _QUIET))
        title = " ".join(rng.choice(_WORDS).capitalize() for _ in range(rng.randint(1, 6)))
        artists = ", ".join(f"Artist {rng.randint(1, 400)}" for _ in range(rng.randint(1, 3)))
        row = exportify_row(f"{i:06d}".ljust(22, "B"), title, artists, album=f"Album {i % 300}", features=features)
        rows.append([*row, f"https://i.scdn.co/image/ab67616d0000b273{i:024d}"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Big.csv").write_bytes(csv_bytes([*EXPORTIFY_2025, "Album Image URL"], rows))


def big_project(tmp: Path, theme: str) -> Path:
    big_library(tmp / "export")
    (tmp / "docs").mkdir()
    (tmp / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    themes = {
        "material": "theme:\n  name: material\n",
        # offline: no highlight.js from a CDN; the search plugin, whose dialog the theme's script expects
        "mkdocs": "theme:\n  name: mkdocs\n  highlightjs: false\n",
    }
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"site_name: Big\ndocs_dir: docs\n{themes[theme]}plugins:\n  - search\n  - clusters:\n"
        f"      library: {tmp / 'export'}\n      min_tracks: 5000\n      cache_dir: {tmp / 'cache'}\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def big_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    theme = str(request.param)
    yield from served(tmp_path_factory.mktemp(f"plot-big-{theme}"), lambda tmp, _: big_project(tmp, theme))


#: milliseconds from a click on the fold's summary to the second frame after it: the first frame lays out
#: what opened, the second starts once it is drawn
_OPEN = """() => new Promise(done => {
  const summary = document.querySelector(".clusters-more summary");
  const start = performance.now();
  summary.click();
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
})"""
#: what makes the fold a plain toggle rather than a note: no box, no icon, a triangle
_FOLD_STYLE = """() => {
  const details = document.querySelector(".clusters-more details"), summary = details.querySelector("summary");
  const box = getComputedStyle(details), head = getComputedStyle(summary);
  const before = getComputedStyle(summary, "::before"), after = getComputedStyle(summary, "::after");
  return {border: box.borderTopWidth + " " + box.borderLeftWidth, shadow: box.boxShadow,
          background: box.backgroundColor, headBackground: head.backgroundColor, mask: before.maskImage,
          triangle: before.borderLeftWidth, turned: before.transform, after: after.content};
}"""
#: the budget for opening a fold of 1,000 rows: measured here (2 cores, other work running) 17 to 62 ms with the rows in
#: bodies laid out on demand, 107 to 320 ms as one table
OPEN_BUDGET_MS = 100


@pytest.mark.parametrize("width", [1280, 390])
def test_a_fold_of_a_thousand_tracks_opens_at_once(browser: Any, big_url: str, width: int) -> None:
    visit = Visit(browser, big_url, width=width, height=900 if width > 400 else 844)
    page = visit.goto("library/playlists/big/")
    theme = "material" if page.evaluate("!!document.querySelector('.md-container')") else "mkdocs"
    summary = page.locator(".clusters-more summary").first
    assert summary.inner_text().startswith("1,000 more tracks in Cluster 1: ")
    style = page.evaluate(_FOLD_STYLE)
    assert style["border"] == "0px 0px" and style["shadow"] == "none", style
    assert style["background"] == style["headBackground"] == "rgba(0, 0, 0, 0)", style
    assert style["mask"] == "none" and style["after"] in ("none", "normal"), style  # no note's icon or chevron
    assert float(style["triangle"].removesuffix("px")) > 3 and style["turned"] == "none", style
    bodies = page.locator(".clusters-more").first.locator("tbody")
    assert bodies.count() == 20
    laid_out = bodies.evaluate_all("bs => bs.map(b => getComputedStyle(b).contentVisibility)")
    assert laid_out == ["auto"] * 19 + ["visible"]  # on demand, but for the last, shorter body
    # rows of grids, still a table to assistive technology: the first ten tracks' table, as Chromium exposes it
    shown = page.get_by_role("table").first
    assert shown.get_by_role("columnheader").all_inner_texts()[1:5] == ["Track", "Album", "Artists", "Label"]
    # a header and ten rows of nine cells (Released and Duration included); on a phone, cards without
    # the (empty) heart cells
    cells = 9 if width > 480 else 8
    assert shown.get_by_role("row").count() == 11 and shown.get_by_role("cell").count() == 10 * cells
    times = []
    for attempt in range(3):
        if attempt:
            # "load", not "networkidle": once a CI machine's Chromium never saw the network idle after a
            # reload of these 1,000 rows (their album art is refused at once); the fold needs only the page
            page.reload(wait_until="load")
        page.locator(".clusters-more summary").first.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        times.append(page.evaluate(_OPEN))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS.parent / f"fold-open-{theme}-{width}.txt").write_text(f"{times}\n", encoding="utf-8")
    assert min(times) < OPEN_BUDGET_MS, times
    assert page.evaluate(_FOLD_STYLE)["turned"] != "none"  # the triangle points down
    rows = page.locator(".clusters-more").first.locator("tbody tr")
    assert rows.count() == 1000
    first, last = rows.nth(0), rows.nth(999)
    assert first.is_visible() and (first.bounding_box() or {"height": 0})["height"] > 40
    last.scroll_into_view_if_needed()  # rows far down are laid out when they come near
    assert last.is_visible() and (last.bounding_box() or {"height": 0})["height"] > 40
    assert last.locator("td").nth(1).inner_text().strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    summary.scroll_into_view_if_needed()
    first.wait_for()
    page.wait_for_timeout(100)
    page.screenshot(path=str(ARTIFACTS / f"fold-{theme}-{width}.png"))
    visit.clean()


def scheme_colours(page: Any) -> str:
    """`light` or `dark`, from the card's computed colours (checked readable either way)."""
    page.wait_for_timeout(100)  # the script hears of a change after the change
    colours = page.evaluate(_COLOURS)
    readable(colours)
    if _luminance(colours["card"]) > 0.9 and _luminance(colours["ink"]) < 0.05:
        return "light"
    assert _luminance(colours["card"]) < 0.05 and _luminance(colours["ink"]) > 0.7, colours
    return "dark"


def settles_to(page: Any, scheme: str, tries: int = 30) -> None:
    """The card's scheme becomes `scheme` soon after a change (the script hears of it from a media query
    or a mutation observer: on a loaded CI machine that has taken more than the 100 ms `scheme_colours`
    waits)."""
    seen = scheme_colours(page)
    for _ in range(tries):
        if seen == scheme:
            return
        seen = scheme_colours(page)
    assert seen == scheme


def test_the_picture_follows_the_theme_and_else_the_system(browser: Any, big_url: str) -> None:
    """Material without a palette is light, and the mkdocs theme says its mode on <html data-bs-theme>: the
    card follows them, whatever the system prefers. A page without a scheme of its own: the card follows its
    ground, dark or light, and where the page has none, the system's preference if the page lets the browser
    follow it (`color-scheme`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    offline_context(context, big_url)
    page = context.new_page()
    page.goto(big_url + "library/playlists/big/")
    page.wait_for_load_state("networkidle")
    settles_to(page, "light")  # the theme is light, though the system prefers dark
    mkdocs_theme = page.evaluate("document.documentElement.getAttribute('data-bs-theme')") == "light"
    assert mkdocs_theme != page.evaluate("!!document.querySelector('.md-container')")  # or Material
    if mkdocs_theme:
        page.evaluate("document.documentElement.setAttribute('data-bs-theme', 'dark')")  # as its toggle does
        settles_to(page, "dark")
        page.evaluate("document.documentElement.setAttribute('data-bs-theme', 'light')")
        settles_to(page, "light")
        page.evaluate("document.documentElement.removeAttribute('data-bs-theme')")
    # a theme of no scheme, whose stylesheet follows the system: the card hears of the system's change
    page.emulate_media(color_scheme="light")
    page.add_style_tag(content="@media (prefers-color-scheme: dark) { html, body { background: #121212 !important; } }")
    settles_to(page, "light")
    page.emulate_media(color_scheme="dark")
    settles_to(page, "dark")
    page.emulate_media(color_scheme="light")
    settles_to(page, "light")
    # a page with no background at all, which lets the browser follow the system
    page.add_style_tag(
        content=":root { color-scheme: light dark; } "
        "html, body, body *:not(.clusters-plot-card, .clusters-plot-card *) { background: none !important; }"
    )
    page.emulate_media(color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgba(0, 0, 0, 0)"
    settles_to(page, "dark")
    page.emulate_media(color_scheme="light")
    settles_to(page, "light")
    context.close()


# -- the start page (issue 30): its map is the same picture; its charts are page text --------------------

HOME = "library/"


def test_the_start_pages_map_is_the_interactive_picture(browser: Any, demo_url: str) -> None:
    visit = Visit(browser, demo_url)
    page = visit.goto(HOME)
    card = page.locator(".clusters-plot-card")
    assert card.count() == 1 and card.is_visible()
    assert page.locator("article img[src$='library-map.png']").is_hidden()  # the PNG stays for no script
    # the legend names each cluster as its heading below does, with its size: "3. Name (27)"
    heads = page.evaluate(
        """() => [...document.querySelectorAll("article h3")].filter(h => h.textContent.startsWith("Cluster "))
            .map(h => [h.textContent.replace("¶", "").trim(), h.nextElementSibling.textContent.trim()])"""
    )
    assert len(heads) >= 2
    legend = [f"{h.removeprefix('Cluster ').split(': ', 1)[0]}. {h.split(': ', 1)[1]} ({line.split(' ')[0]})"
              for h, line in heads]  # fmt: skip
    assert page.locator(".clusters-plot-legend li").all_inner_texts() == legend
    # every cluster's tracks are drawn; hovering one names a track of the library and its cluster
    card.scroll_into_view_if_needed()
    points = page.locator(".clusters-plot-point")
    total = sum(int(line.split(" ")[0].replace(",", "")) for _, line in heads)
    assert points.count() == total
    reachable = on_top(page)
    point = points.nth(reachable[len(reachable) // 2])
    point.hover()
    lines = tip_lines(visit)
    label = point.get_attribute("aria-label") or ""
    assert label.startswith(lines[0] + " by " + lines[1]) and re.fullmatch(r"Cluster \d+ · opens on Spotify", lines[2])
    # the legend isolates a cluster, as on a clusters page
    page.locator(".clusters-plot-legend button").nth(1).click()
    dimmed = page.locator(".clusters-plot-cluster.is-dimmed").count()
    assert dimmed == len(heads) - 1
    visit.clean()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_start_pages_charts_fit_a_phone_and_follow_the_scheme(browser: Any, demo_url: str, scheme: str) -> None:
    visit = Visit(browser, demo_url, width=390, height=844)
    page = visit.goto(HOME)
    if scheme == "slate":
        page.locator("label[title='Dark mode']").first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    decades = page.locator("article table.clusters-bars")
    decades.scroll_into_view_if_needed()
    box = decades.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # each decade a row of text: its label, its bar and its count, all on screen and as big as the page's text
    rows = decades.locator("tbody tr").evaluate_all(
        """rs => rs.map(r => {
             const [label, count] = [r.querySelector("th"), r.querySelector("td span span:last-child")];
             const bar = r.querySelector(".clusters-bars-fill").getBoundingClientRect();
             return {label: label.textContent, count: count.textContent, right: count.getBoundingClientRect().right,
                     size: parseFloat(getComputedStyle(count).fontSize), bar: bar.width,
                     fill: getComputedStyle(r.querySelector(".clusters-bars-fill")).backgroundColor,
                     ink: getComputedStyle(count).color};
           })"""
    )
    assert len(rows) >= 2 and all(r["label"].endswith("0s") and r["right"] <= 390 and r["size"] >= 12 for r in rows)
    widest = max(rows, key=lambda r: int(r["count"].replace(",", "")))
    assert widest["bar"] == max(r["bar"] for r in rows) > 100
    ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _contrast(widest["fill"], ground) >= 3 and _contrast(widest["ink"], ground) >= 7, (widest, ground)
    caption = decades.locator("caption").inner_text()
    assert caption.startswith("Tracks per release decade")
    # the tracks added: columns within the page, their labels in the page's ink
    added = page.locator("article svg.clusters-columns")
    added.scroll_into_view_if_needed()
    box = added.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    colours = added.evaluate(
        "s => [getComputedStyle(s.querySelector('rect')).fill, getComputedStyle(s.querySelector('text')).fill]"
    )
    assert _contrast(colours[0], ground) >= 3 and _contrast(colours[1], ground) >= 7, (colours, ground)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"start-charts-390-{scheme}.png"))
    visit.clean()
