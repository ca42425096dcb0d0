"""What shapes a generated page besides its own Markdown, as one digest: a serve rebuild takes the last
build's pages only while it is the same (`fingerprint`). MkDocs renders a page with the configuration,
the theme, the other files of the site (links to them) and the navigation (titles, the page's place);
a change to any of them may change every page, so it makes the rebuild render them all."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

#: an object's address in its text, which differs from build to build
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def fingerprint(
    config: MkDocsConfig, files: Files, nav: Navigation, markdown: Mapping[str, str], ours: Collection[str]
) -> str:
    """A digest of everything but a generated page's own Markdown that shapes the pages MkDocs renders:
    the configuration, the files of the theme's custom folder, every file of the site, the navigation.
    `markdown` holds the generated pages by source path, `ours` names this plugin's instances."""
    h = hashlib.sha256()
    h.update(json.dumps(_stable({key: config[key] for key in config}), sort_keys=True, default=repr).encode())
    for part in chain(_custom_dir(config.theme.custom_dir), _files(files, ours)):
        h.update(part)
    h.update(json.dumps(list(_outline(nav.items, markdown))).encode())
    return h.hexdigest()


def _custom_dir(custom: str | None) -> Iterator[bytes]:
    """The files of the theme's custom folder (templates, overrides) by path, size and time."""
    if not custom:
        return
    for path in sorted(Path(custom).rglob("*")):
        if path.is_file():
            stat = path.stat()
            yield f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()


def _files(files: Files, ours: Collection[str]) -> Iterator[bytes]:
    """Every file of the site by its paths and inclusion, and what it holds: the bytes of a file another
    plugin generated, the size and time of a file from disk. The files of this plugin's instances count
    by paths alone (their pages are compared by their Markdown, their pictures by their bytes)."""
    for file in files:
        yield repr((file.src_uri, file.dest_uri, file.url, file.inclusion.value, file.generated_by)).encode()
        if file.generated_by in ours:
            continue
        if file.generated_by:
            yield hashlib.sha256(file.content_bytes).digest()
        elif file.abs_src_path:
            try:
                stat = os.stat(file.abs_src_path)
                yield f"{stat.st_size}\0{stat.st_mtime_ns}".encode()
            except OSError as exc:  # a file gone since MkDocs listed it: its return changes the digest
                yield f"{exc.errno}".encode()


def _outline(items: Iterable[Any], markdown: Mapping[str, str]) -> Iterator[list[Any]]:
    """The navigation as lists: sections, pages (title as set so far, URL, a generated page's front
    matter, which themes read for its entry) and links."""
    for item in items:
        if isinstance(item, Section):
            yield ["section", item.title, list(_outline(item.children, markdown))]
        elif isinstance(item, Page):
            text = markdown.get(item.file.src_uri, "")
            front = text.split("\n---\n", 1)[0] if text.startswith("---\n") else ""
            yield ["page", item.title, item.url, item.file.src_uri, front]
        elif isinstance(item, Link):
            yield ["link", item.title, item.url]


def _stable(value: Any, depth: int = 0) -> Any:
    """A configuration value as JSON that is the same in two builds of the same configuration: plugins by
    their options, the theme by its name, folders and options, other objects by their text without
    addresses (and by their type past a depth)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if depth > 8:
        return type(value).__qualname__
    if isinstance(value, BasePlugin):
        return [type(value).__qualname__, _stable(dict(value.config), depth + 1)]
    if isinstance(value, Theme):
        return ["theme", value.name, list(value.dirs), _stable(dict(value.items()), depth + 1)]
    if isinstance(value, Mapping):
        return {str(key): _stable(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_stable(item, depth + 1) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return _ADDRESS.sub("", repr(value))
