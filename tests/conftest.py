"""Shared fixtures. Shared helpers (paths, CSV writers, builds, the browser, the hostile library) are in
the `helpers` package beside this file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, demo_config, shared_build, tree_digest


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, for the browser test modules (they import `helpers.browser`, whose
    import skips them where Chromium or Playwright is missing, outside CI)."""
    from helpers.browser import CHROMIUM, FLAGS, sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo site (`mkdocs build --strict` of its mkdocs.yml), built once for the run and
    shared by the modules that only read it (the build tests, and the browser tests that serve it);
    checks on the way that the build wrote nothing into `docs_dir`."""
    before = tree_digest(ROOT / "docs")
    site = shared_build(tmp_path_factory, "demo", demo_config)
    assert tree_digest(ROOT / "docs") == before, "the build wrote into docs_dir"
    return site
