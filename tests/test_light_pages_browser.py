"""A big collection's page in headless Chromium: a fold loads the rest of its rows when opened (and only
then becomes sortable), a link to a track whose row is in a page of rows lands on it, and without
JavaScript the fold links that page, which lists the rows.

Skipped, like the other browser tests, only outside CI when Chromium or Playwright is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row
from helpers.browser import ARTIFACTS, Visit, offline_context, served
from mkdocs_clusters.render.pages import FOLD_ROWS, PAGE_ROWS

TRACKS = PAGE_ROWS + 300
PAGE = "library/playlists/huge/"
#: the rows of a fold's table, and whether its header has sort buttons
_FOLD = """n => { const f = document.querySelectorAll("article details")[n];
  const t = f.querySelector(".clusters-table table");
  return [t.querySelectorAll("tbody tr").length, t.querySelectorAll("thead button").length, f.open,
          f.hasAttribute("data-clusters-rows"), !!f.querySelector(".clusters-rest")]; }"""


def light_config(tmp: Path, url: str) -> Path:
    library = tmp / "export"
    library.mkdir()
    rows = []
    for i in range(TRACKS):
        sound = (
            (0.8, 0.9, -5.0, 0.05, 0.1, 0.0, 0.2, 0.7, 128.0)
            if i % 2
            else (0.2, 0.1, -20.0, 0.05, 0.9, 0.0, 0.2, 0.3, 80.0)
        )
        jittered = tuple(v + (i % 17) / 400 for v in sound)
        rows.append(exportify_row(f"h{i:05d}".ljust(22, "B"), f"Song {i}", f"Artist {i % 30}", features=jittered))
    (library / "Huge.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    (tmp / "docs").mkdir()
    (tmp / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"site_name: Light\nsite_url: {url}\ndocs_dir: docs\ntheme:\n  name: material\n"
        f"plugins:\n  - clusters:\n      library: {library}\n      cache: false\n      min_tracks: 100000\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("light"), light_config)


def deferred_fold(page: Any) -> int:
    """The index (among the article's folds) of the first fold that names a page of further rows."""
    flags = page.evaluate("""() => [...document.querySelectorAll("article details")]
      .map(f => f.hasAttribute("data-clusters-rows"))""")
    assert any(flags), "no fold names a page of further rows"
    return list(flags).index(True)


def test_a_fold_loads_its_further_rows_when_opened(browser: Any, site_url: str) -> None:
    visit = Visit(browser, site_url)
    page = visit.goto(PAGE)
    n = deferred_fold(page)
    rows, buttons, is_open, waiting, link = page.evaluate(_FOLD, n)
    assert (rows, buttons, is_open, waiting, link) == (FOLD_ROWS, 0, False, True, True)
    summary = page.locator("article details").nth(n).locator("summary")
    total = int(summary.inner_text().split(" ")[0].replace(",", ""))
    summary.click()
    page.wait_for_function(
        f"() => !document.querySelectorAll('article details')[{n}].hasAttribute('data-clusters-rows')"
    )
    rows, buttons, is_open, waiting, link = page.evaluate(_FOLD, n)
    assert (rows, is_open, waiting, link) == (total, True, False, False)
    assert buttons >= 3  # sortable once all its rows are there
    page.screenshot(path=str(ARTIFACTS / "light-fold-loaded.png"))
    visit.clean()


def test_a_link_to_a_row_in_a_page_of_rows_lands_on_it(browser: Any, site_url: str) -> None:
    visit = Visit(browser, site_url, width=390, height=844)
    page = visit.goto(PAGE)
    n = deferred_fold(page)
    rows_page = page.locator("article details").nth(n).get_attribute("data-clusters-rows")
    other = visit.context.new_page()
    other.goto(site_url + PAGE + str(rows_page))
    last = other.locator("tbody tr").last.get_attribute("id")
    other.close()
    page.goto(site_url + PAGE + "#" + str(last))
    page.wait_for_selector(f"#{last}.clusters-found")
    assert page.locator(f"#{last}").is_visible()
    assert page.evaluate(f"() => document.getElementById('{last}').closest('details').open")
    visit.clean()


def test_without_javascript_the_fold_links_the_page_of_rows(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    offline_context(context, site_url)
    page = context.new_page()
    page.goto(site_url + PAGE)
    fold = page.locator("article details[data-clusters-rows]").first
    fold.locator("summary").click()
    link = fold.locator(".clusters-rest a")
    assert link.inner_text() == "on a page of their own"
    link.click()
    page.wait_for_load_state()
    assert re.fullmatch(r"[\d,]+ more tracks in Huge · Cluster \d+: .+", page.locator("h1").inner_text())
    assert page.locator("tbody tr").count() > 0
    assert page.locator("a", has_text="Back to the page").count() == 1
    context.close()
