"""The packaged stylesheet and scripts, as the files a site needs.

One function for the MkDocs plugin and the `generate` command alike, so that both ship the same bytes at
the same places; every file under the package's `render/assets/` folder is included, so a new asset needs
no change here (only its registration in the plugin's `extra_css` or `extra_javascript`).
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files as package_files
from importlib.resources.abc import Traversable

#: Where the assets go in a site, relative to its docs root.
ASSET_PREFIX = "assets/mkdocs-clusters/"


def packaged_assets() -> dict[str, bytes]:
    """Every file under the package's assets folder, keyed by its URI in the site (sorted, so that the
    order, and anything built from it, is the same on every machine)."""
    folder = package_files("mkdocs_clusters") / "render" / "assets"
    return dict(sorted(resource_files(folder, ASSET_PREFIX)))


def resource_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    """(prefix + relative path, bytes) of every file below `folder` (a package resource, maybe inside a
    zip), skipping hidden files, caches and compiled Python: what the package ships as written."""
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == "__pycache__" or entry.name.endswith((".pyc", ".pyo")):
            continue
        if entry.is_dir():
            yield from resource_files(entry, f"{prefix}{entry.name}/")
        else:
            yield prefix + entry.name, entry.read_bytes()
