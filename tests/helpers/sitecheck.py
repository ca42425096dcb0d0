"""Checks on a built site: every internal link and image resolves to a file of the site."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.refs.append(value)


def broken_links(site: Path) -> list[str]:
    """`page -> link` for every internal link or image in the site that does not resolve."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        base = page.parent.relative_to(site).as_posix()
        for ref in parser.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path_part = unquote(parts.path)
            # absolute paths (only 404.html has them) are read against the site root
            joined = path_part.lstrip("/") or "." if path_part.startswith("/") else posixpath.join(base, path_part)
            target = posixpath.normpath(joined)
            if target.startswith(".."):
                broken.append(f"{page.relative_to(site)} -> {ref} (outside the site)")
                continue
            path = site / target
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {ref}")
    return broken
