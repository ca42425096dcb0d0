"""The generated pages a serve rebuild takes from the last build, and how they are given back. A page
whose Markdown is the same as last time (and whose staged HTML is still there) is left out of what
MkDocs reads and renders; its Page gets what the last render found (title, table of contents,
anchors), so that links to it are checked as before (`take_pages`). Once MkDocs wrote the site, its
HTML is linked from the staging folder (`link_taken`), its search entries go back into the index
(`restore_search`), and the sitemap lists it (`sitemap_pages`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from mkdocs_clusters.serving.staging import Staging

#: what MkDocs sets on a Page when it reads and renders it (`read_source`, `render`), given back to a
#: reused page from the last build's Page
RENDERED = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


@dataclass
class LastBuild:
    """What the last serve build hands the next: what shaped its staged pages (see fingerprint.py), each
    generated page's Markdown and rendered Page by source path, each one's search entries by URL."""

    fingerprint: str = ""
    pages: dict[str, tuple[str, Page]] = field(default_factory=dict)
    entries: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class ThisBuild:
    """A serve build's generated pages: their Markdown by source path, MkDocs' files, what shaped them,
    the pages taken from the last build and those MkDocs rendered (by source path)."""

    markdown: Mapping[str, str] = field(default_factory=dict)
    files: Files | None = None
    fingerprint: str = ""
    reused: dict[str, File] = field(default_factory=dict)
    rendered: dict[str, Page] = field(default_factory=dict)

    def to_render(self) -> Iterator[File]:
        """The files of the generated pages MkDocs renders in this build."""
        files = self.files
        if files is None:
            return
        for src in self.markdown:
            file = files.get_file_from_path(src)
            if file is not None and src not in self.reused:
                yield file

    def made(self) -> set[Path]:
        """Where this build put a file in site_dir: what MkDocs wrote (drafts too in a serve build:
        `InclusionLevel.is_in_serve`) and the pages taken from the last build."""
        if self.files is None:
            return set()
        draft = InclusionLevel.DRAFT.value
        return {Path(f.abs_dest_path) for f in self.files if f.inclusion.value >= draft or f.src_uri in self.reused}


def take_pages(
    last: Mapping[str, tuple[str, Page]], staging: Staging, files: Files, markdown: Mapping[str, str]
) -> dict[str, File]:
    """The generated pages (`markdown`, by source path) whose Markdown is the `last` build's and whose HTML
    is staged, by source path; each left out of what MkDocs reads, renders and copies, with the last
    render's results."""
    taken: dict[str, File] = {}
    for src, text in markdown.items():
        before = last.get(src)
        file = files.get_file_from_path(src)
        if before is None or before[0] != text or file is None or file.page is None:
            continue
        if not staging.holds(file.dest_uri, text):
            continue
        _give_render(before[1], file.page)
        file.inclusion = InclusionLevel.EXCLUDED  # MkDocs neither reads, renders nor copies it
        taken[src] = file
    return taken


def _give_render(rendered: Page, page: Page) -> None:
    """What MkDocs' last render of a page found (`RENDERED`), onto this build's Page of it."""
    for name in RENDERED:
        if hasattr(rendered, name):
            setattr(page, name, getattr(rendered, name))


def link_taken(
    staging: Staging, now: ThisBuild, last: Mapping[str, tuple[str, Page]]
) -> tuple[dict[str, tuple[str, Page]], list[str]]:
    """The pages taken from the `last` build linked into site_dir from the staging folder: those linked,
    with their Markdown and the Page rendered, and the source paths of those whose staged copy went."""
    linked: dict[str, tuple[str, Page]] = {}
    lost: list[str] = []
    for src, file in now.reused.items():
        text = now.markdown[src]
        if staging.link(file.dest_uri, text, Path(file.abs_dest_path)):
            linked[src] = (text, last[src][1])
        else:
            lost.append(src)
    return linked, lost


def stage_rendered(staging: Staging, now: ThisBuild) -> dict[str, tuple[str, Page]]:
    """The pages MkDocs rendered in this build staged for the next, with their Markdown and Page."""
    staged: dict[str, tuple[str, Page]] = {}
    for src, page in now.rendered.items():
        written = Path(page.file.abs_dest_path)
        if written.is_file():
            staging.keep(page.file.dest_uri, now.markdown[src], written)
            staged[src] = (now.markdown[src], page)
    return staged


def restore_search(
    docs: list[Any], files: Files, now: ThisBuild, last: Mapping[str, list[Any]]
) -> tuple[list[Any], dict[str, list[Any]]]:
    """The search index's entries (`docs`) as a full build has them: the pages taken from the last build
    with their entries from it (`last`, by URL), each page's entries in the order of the files, entries
    of no page last. Also each generated page's entries by URL, for the next build."""
    blocks: dict[str, list[Any]] = {}
    for entry in docs:
        blocks.setdefault(_page_of(entry), []).append(entry)
    for file in now.reused.values():
        assert file.page is not None
        blocks[file.page.url] = last.get(file.page.url, [])
    generated = [files.get_file_from_path(src) for src in now.markdown]
    kept = {f.page.url: blocks.get(f.page.url, []) for f in generated if f is not None and f.page}
    order = [f.page.url for f in files if f.is_documentation_page() and f.page is not None]
    restored = [entry for url in order for entry in blocks.pop(url, [])]
    return restored + [entry for rest in blocks.values() for entry in rest], kept


def _page_of(entry: Any) -> str:
    """The URL of the page a search entry is on (its location without the anchor)."""
    return str(entry.get("location", "") if isinstance(entry, dict) else "").split("#", 1)[0]


def sitemap_pages(pages: Iterable[File], reused: Mapping[str, File], files: Files) -> list[File]:
    """The pages of the sitemap's context with the `reused` ones back, in the order of the `files`."""
    wanted = {id(f) for f in pages} | {id(f) for f in reused.values()}
    return [f for f in files if id(f) in wanted]
