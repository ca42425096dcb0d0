"""Shared fixtures. Shared helpers (paths, CSV writers, builds, the browser, the hostile library) are in
the `helpers` package beside this file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, for the browser test modules (they import `helpers.browser`, whose
    import skips them where Chromium or Playwright is missing, outside CI)."""
    from helpers.browser import CHROMIUM, FLAGS, sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()
