"""Helpers of the browser tests: Debian's headless Chromium driven by Playwright, a served site, a visit
that records everything that went wrong on a page.

Importing this module is what skips a browser test module: outside CI it is skipped when Chromium or
Playwright is missing; in CI (CI=true) the browser tests must run, and the import raises instead.
Screenshots go to `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, mkdocs_build

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is None or not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install chromium and the test extra")
    pytest.skip("headless Chromium or Playwright not installed", allow_module_level=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on the test output."""


def served(tmp: Path, make_config: Callable[[Path, str], Path]) -> Iterator[str]:
    """Serve `tmp/site` while the fixture lives, built from `make_config(tmp, url)` (the URL is known
    before the build, for a `site_url`). No network: everything a page needs is in the site."""
    server = _server(tmp / "site")
    url = _url(server)
    mkdocs_build(make_config(tmp, url), tmp / "site")
    yield from _serve(server)


def served_site(site: Path) -> Iterator[str]:
    """Serve a site already built (a shared one, `helpers.shared_build`) while the fixture lives."""
    yield from _serve(_server(site))


def _server(site: Path) -> ThreadingHTTPServer:
    """A server of `site` on a free port of the loopback, not yet serving."""
    return ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))


def _url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


def _serve(server: ThreadingHTTPServer) -> Iterator[str]:
    """The server's URL while it serves, in a thread of its own; shut down and closed afterwards."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield _url(server)
    server.shutdown()
    server.server_close()


def offline_context(context: Any, base_url: str) -> None:
    """Fail at once every load from outside the site (Spotify's image server, the CDN that MkDocs' own
    theme takes highlight.js from), as offline: a connection left hanging held off "networkidle" on a CI
    machine. Routed on the browser context, first: a test's own routes, of the page or added to the
    context later, come before it."""
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())


class Visit:
    """A page with everything that went wrong on it recorded."""

    def __init__(self, browser: Any, base_url: str, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page: Page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.failed_local: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self._console(m.text))
        # a load the browser cancels because the visitor moved on (ERR_ABORTED) did not fail
        self.page.on("requestfailed", self._failed)
        self.page.on(
            "response", lambda r: r.url.startswith(base_url) and r.status >= 400 and self.failed_local.append(r.url)
        )
        offline_context(self.context, base_url)

    def _failed(self, request: Any) -> None:
        if request.url.startswith(self.base_url) and request.failure != "net::ERR_ABORTED":
            self.failed_local.append(request.url)

    def _console(self, text: str) -> None:
        if "Failed to load resource" not in text:  # album art; local failures are caught by URL above
            self.errors.append(text)

    def goto(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.failed_local == [], self.failed_local
