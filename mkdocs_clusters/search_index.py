"""What the plugin does to a site search (MkDocs' or Material's), without MkDocs: the search plugin reads
each generated page without its tables (`TrackSearch.hide`, `show`), and once it wrote its index, one entry
per track goes into it (`TrackSearch.add_to`; see render/search.py for what the entries hold and why)."""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs_clusters.render.search import TrackEntry, searchable

#: MkDocs' own search plugin and Material's (MkDocs names a theme's plugin `theme/name`)
SEARCH_PLUGINS = ("search", "material/search")
#: where they write the index, under site_dir
SEARCH_INDEX = Path("search", "search_index.json")


class TrackSearch:
    """One build's part in the search: the pages handed to the search plugin without their tables, and the
    URL of each page that track entries land on, as this build placed it."""

    def __init__(self) -> None:
        #: whether a search plugin indexes the pages
        self.on = self.material = False
        #: a generated page's whole HTML while a search plugin reads it without its tables
        self._whole: dict[str, str] = {}
        self.urls: dict[str, str] = {}

    def begin(self, plugins: Mapping[str, object]) -> None:
        """A build begins, with these plugins configured."""
        self.on, self.urls = any(name in plugins for name in SEARCH_PLUGINS), {}
        #: Material's search shows title and text as HTML (and indexes pages so); MkDocs' escapes them
        self.material = "material/search" in plugins

    def hide(self, src: str, content: str | None, generated: Mapping[str, str]) -> str | None:
        """The page a search plugin reads: a generated page without its tables, profiles and picture data."""
        if not (self.on and content and src in generated):
            return content
        self._whole[src] = content
        return searchable(content)

    def show(self, src: str, content: str | None, url: str) -> str | None:
        """The whole page back once the search plugins read it; its URL kept for its track entries."""
        whole = self._whole.pop(src, None)
        if whole is None:
            return content
        self.urls[src] = url
        return whole

    def place(self, urls: Mapping[str, str], entries: Mapping[str, Any]) -> None:
        """The URLs of pages a serve rebuild took from the last build (unread by the search plugins)."""
        if self.on:
            self.urls.update((src, url) for src, url in urls.items() if src in entries)

    def add_to(self, site_dir: str, entries: Mapping[str, tuple[TrackEntry, ...]], log: Any) -> None:
        """Each page's track entries into the index the search plugin wrote in `site_dir`, titled by the
        track's name and placed on its row. An index that a search plugin prebuilt is left as it is."""
        path = Path(site_dir) / SEARCH_INDEX
        if not self.urls or not path.is_file():
            return
        as_html: Callable[[str], str] = (lambda text: html.escape(text, quote=False)) if self.material else str

        def add(docs: list[Any]) -> list[Any]:
            for src, url in sorted(self.urls.items()):
                docs += [
                    {"location": f"{url}#{e.anchor}", "title": as_html(e.title), "text": as_html(e.text)}
                    for e in entries.get(src, ())
                ]
            return docs

        edit_index(path, "tracks not added to", add, log)


def edit_index(path: Path, what: str, change: Callable[[list[Any]], list[Any] | None], log: logging.Logger) -> None:
    """Change the entries (`docs`) of the search index at `path` (nothing written when `change` gives
    None); an unreadable index is a warning, a prebuilt or unknown one is left as it is."""
    if not path.is_file():
        return
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning(f"{what} the search index {path}: {exc}")
        return
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list) or "index" in index:
        log.info(f"{what} the search index {path}: a prebuilt or unknown index")
        return
    docs = change(index["docs"])
    if docs is not None:
        index["docs"] = docs
        path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
