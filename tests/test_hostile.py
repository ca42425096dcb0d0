"""A hostile library through a real Material build: every page is scanned for anything that could run,
every hostile name must show as its literal text, and every refused URL is reported."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import mkdocs_build
from helpers.hostile import (
    BAD_ART,
    BAD_URIS,
    GOOD_ART,
    HOSTILE,
    expected_notes,
    hostile_project,
    visible,
    write_hostile_library,
)
from mkdocs_clusters.read.library import load_library

#: attributes that run script, and URL schemes that do
_HANDLER_PREFIX = "on"
_BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
#: the one `data:` URL a page may carry: a cluster's Spotify URIs as plain text to download
_URI_LIST = re.compile(r"data:text/plain;charset=utf-8,((spotify:(track|episode):[0-9A-Za-z]{22})%0A)*")


def _is_uri_list(tag: str, value: str) -> bool:
    return tag == "a" and _URI_LIST.fullmatch(value) is not None


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    mkdocs_build(hostile_project(tmp), tmp / "site")
    return tmp / "site"


class _Scan(HTMLParser):
    """Everything on a page that could run: handlers, script URLs, scripts, frames, user styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.title = ""
        self._in_title = False
        self._in_article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article = True
        if self._in_article and tag in {"iframe", "object", "embed", "svg", "style", "base", "form", "textarea"}:
            self.found.append(f"<{tag}>")  # the theme has its own icons and forms, but not in the content
        for name, value in attrs:
            if name.startswith(_HANDLER_PREFIX):
                self.found.append(f"{tag} {name}={value}")
            url_attribute = name in {"href", "src", "action", "formaction", "xlink:href"}
            bad_scheme = url_attribute and value and value.strip().lower().startswith(_BAD_SCHEMES)
            if bad_scheme and not _is_uri_list(tag, value or ""):
                self.found.append(f"{tag} {name}={value}")
            if name == "class" and value and "evil" in value.split():
                self.found.append(f"{tag} class={value}")
        self._in_script = tag == "script"
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_title = False
        if tag == "article":
            self._in_article = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "__pwned" in data:
            self.found.append(f"script: {data[:80]}")
        if self._in_title:
            self.title += data
        self.text.append(data)


def scan(path: Path) -> _Scan:
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_page_carries_anything_that_runs(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 4 * len(HOSTILE)  # a page per hostile playlist, genre, artist and more
    findings = {p.relative_to(hostile_site).as_posix(): scan(p).found for p in pages}
    assert {page: found for page, found in findings.items() if found} == {}


def test_every_name_shows_as_its_literal_text(hostile_site: Path) -> None:
    everything = next(hostile_site.glob("library/playlists/everything/index.html"))
    text = visible(" ".join(scan(everything).text))
    missing = [name for name in HOSTILE if visible(name) not in text]
    assert missing == []
    # the title of each playlist's page (Material prints the front matter title into <title> raw)
    titles = [scan(p).title for p in hostile_site.glob("library/playlists/*/index.html")]
    # a page in the nav is titled by its name there, any other by its heading
    for name in HOSTILE:
        assert any(title.startswith(visible(name) + " - Hostile") for title in map(visible, titles)), name


def test_only_spotify_art_and_links_are_kept(hostile_site: Path) -> None:
    everything = (hostile_site / "library/playlists/everything/index.html").read_text(encoding="utf-8")
    assert GOOD_ART in everything
    for bad in (*BAD_ART, *BAD_URIS):
        assert bad not in everything
    assert "https://open.spotify.com/track/0000000000000000000000" in everything


def test_refused_urls_are_reported_by_line(tmp_path: Path) -> None:
    library = load_library(write_hostile_library(tmp_path))
    [report] = library.reports
    assert report.rows_loaded == report.rows_read == len(HOSTILE) * 6
    assert len(report.notes) + report.notes_more == expected_notes() > 0
    reasons = {n.reason.split(":")[0] for n in report.notes}
    assert reasons == {"album art URL dropped", "track link dropped"}
    assert all(n.line and n.line >= 2 for n in report.notes)


def test_home_page_lists_the_dropped_urls(hostile_site: Path) -> None:
    home = visible(" ".join(scan(hostile_site / "library/index.html").text))
    assert f"and {expected_notes() - 1} more" in home
    assert "album art URL dropped" in home
