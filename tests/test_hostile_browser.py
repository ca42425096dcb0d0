"""The hostile library in headless Chromium: no payload runs (on any page, in the nav, in search results),
and each hostile name shows as its literal text. Skipped, like the other browser tests, only outside CI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.browser import ARTIFACTS, Visit, served
from helpers.hostile import HOSTILE, hostile_project, visible

#: fails the page when any payload ran: payloads set window.__pwned, alert() opens a dialog
_PROBE = "() => [window.__pwned, document.querySelectorAll('[onerror],[onload],[onclick],[ontoggle]').length]"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("hostile-browser"), lambda tmp, _: hostile_project(tmp))


class HostileVisit(Visit):
    """A visit that also records dialogs (alert, confirm): none may open."""

    def __init__(self, browser: Any, base_url: str) -> None:
        super().__init__(browser, base_url)
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def nothing_ran(self, where: str) -> None:
        pwned, handlers = self.page.evaluate(_PROBE)
        assert (pwned, handlers, self.dialogs) == (None, 0, []), where


def test_no_payload_runs_and_names_show_literally(browser: Any, hostile_url: str) -> None:
    visit = HostileVisit(browser, hostile_url)
    page = visit.goto("library/playlists/everything/")
    visit.nothing_ran("clusters page")
    # textContent, not innerText: tracks beyond the first ten sit in closed <details>
    cells = {visible(t) for t in page.locator("article td").evaluate_all("tds => tds.map(td => td.textContent)")}
    assert [name for name in HOSTILE if visible(name) not in cells] == []
    links = page.locator("article td a[href*='/artists/']")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert hrefs and all(h.startswith("../../") for h in hrefs)
    spotify = page.locator("article td a[title='Open on Spotify']")
    assert spotify.count() > 0
    for i in range(spotify.count()):
        assert (spotify.nth(i).get_attribute("href") or "").startswith("https://open.spotify.com/track/")
    visit.clean()


def test_every_hostile_collection_page_is_inert(browser: Any, hostile_url: str) -> None:
    visit = HostileVisit(browser, hostile_url)
    for kind in ("playlists", "genres", "artists", "labels"):
        page = visit.goto(f"library/{kind}/")
        visit.nothing_ran(kind)
        hrefs = page.locator("article td:first-child a").evaluate_all("links => links.map(a => a.href)")
        assert len(hrefs) >= (len(HOSTILE) if kind != "labels" else 1)
        # every playlist (names as typed, whole); of the other kinds a few (the HTML scan covers them all)
        for href in hrefs if kind == "playlists" else hrefs[:4]:
            page.goto(href)
            page.wait_for_load_state()
            visit.nothing_ran(href)
            # the heading and the tab title read exactly as typed
            heading = visible(page.locator("article h1").first.inner_text())
            assert page.title() == f"{heading} - Hostile", href
    visit.clean()


def search(page: Any, query: str) -> list[str]:
    """Type a query into Material's search; retyped until the worker has loaded the index."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # after helpers.browser's skip

    field = page.locator("input.md-search__input")
    field.click()
    for _ in range(20):
        field.fill("")
        field.press_sequentially(query, delay=20)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1500)
        except PlaywrightTimeout:
            continue
        return list(page.locator(".md-search-result__item").all_inner_texts())
    raise AssertionError(f"no search results for {query!r}")


def test_search_results_are_inert(browser: Any, hostile_url: str) -> None:
    visit = HostileVisit(browser, hostile_url)
    # words inside the hostile names (the project uses Material's punctuation-splitting separator); each
    # query's results show a name carrying it, as literal text
    for query in ("script", "onload", "onerror", "title", "javascript", "iframe", "style"):
        page = visit.goto("")
        results = search(page, query)
        assert any(query in visible(text).lower() for text in results), (query, results[:3])
        visit.nothing_ran(f"search {query}")
    visit.clean()


def test_a_hostile_playlist_is_reachable_from_the_nav(browser: Any, hostile_url: str) -> None:
    visit = HostileVisit(browser, hostile_url)
    page = visit.goto("library/playlists/")
    name = HOSTILE[0]
    nav = page.locator(".md-sidebar--primary").get_by_text(visible(name), exact=True)
    assert nav.count() >= 1
    nav.first.click(force=True)
    page.wait_for_load_state("networkidle")
    visit.nothing_ran("nav click")
    assert visible(page.locator("article h1").first.inner_text()) == visible(name)
    visit.clean()


def test_screenshot_of_the_hostile_page(browser: Any, hostile_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit = HostileVisit(browser, hostile_url)
    page = visit.goto("library/playlists/everything/")
    page.screenshot(path=str(Path(ARTIFACTS / "hostile.png")), full_page=False)
    visit.nothing_ran("screenshot")
