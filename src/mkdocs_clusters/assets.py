"""The packaged stylesheet and scripts, as the files a site needs.

One function for the MkDocs plugin and the `generate` command alike, so that both ship the same bytes at
the same places; every file under the package's `assets/` folder is included, so a new asset needs no
change here (only its registration in the plugin's `extra_css` or `extra_javascript`).
"""

from __future__ import annotations

from importlib.resources import files as package_files
from importlib.resources.abc import Traversable

#: Where the assets go in a site, relative to its docs root.
ASSET_PREFIX = "assets/mkdocs-clusters/"


def packaged_assets() -> dict[str, bytes]:
    """Every file under the package's `assets/` folder, keyed by its URI in the site (sorted, so that the
    order, and anything built from it, is the same on every machine)."""
    found: dict[str, bytes] = {}
    _collect(package_files("mkdocs_clusters") / "assets", ASSET_PREFIX, found)
    return dict(sorted(found.items()))


def _collect(folder: Traversable, prefix: str, found: dict[str, bytes]) -> None:
    """Walk `folder` (a package resource, maybe inside a zip), skipping hidden files and caches."""
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            _collect(entry, f"{prefix}{entry.name}/", found)
        else:
            found[prefix + entry.name] = entry.read_bytes()
