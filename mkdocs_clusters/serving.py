"""What a `mkdocs serve` rebuild takes from the one before it, so that an edit costs what it changes.

On every serve rebuild MkDocs empties site_dir, renders every page again and writes every file: for a
library of a thousand collections, 5-9 s and about 100 MB written after an edit of one playlist, while
the other collections' pages come out the same to the byte. Within one serve session this keeps the
last build's generated files in a staging folder beside site_dir and hands them back:

- a generated picture, download or rows page with the same bytes as last time is hard-linked from the
  staging folder into site_dir instead of written (`StagedFile`);
- the plugin's own folder of site_dir (`root:`), which MkDocs would empty, is moved aside before it does
  and back once pages are read (`hold`, `put_back`): its unchanged files and folders stay where they
  are, which spares the making of a thousand folders and the linking of thousands of files, the most
  of what such a rebuild then costs on a slow disk; what changed is written, what went is removed;
- a generated page whose Markdown is the same as last time is not rendered at all, when nothing else
  that shapes a page changed either (the configuration, the theme's own folder, the other files of
  the site, the navigation: `fingerprint`): its HTML is linked from the staging folder, its Page gets
  what the last render found (title, table of contents, anchors) so that links to it are checked as
  before, and the search index and the sitemap get it back (`Reuse`).

The site is the same to the byte as a full build's (a test checks it). Reuse is off where that could not
be promised: with `--dirty` (MkDocs then writes over files in place, which would reach the staged copies
through the links) and with plugins other than the search and navigation plugins (one may read every
page as it is rendered).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from mkdocs_clusters.search_index import SEARCH_INDEX, SEARCH_PLUGINS, edit_index

#: plugins that cannot tell a reused page from a rendered one: the search plugins' entries of a reused
#: page come back from the last build (`SEARCH_PLUGINS`), and navigation plugins run before pages are
#: chosen for reuse
NAV_PLUGINS = ("awesome-nav", "literate-nav")
#: what MkDocs sets on a Page when it reads and renders it (`read_source`, `render`), given back to a
#: reused page from the last build's Page
RENDERED = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")
#: an object's address in its text, which differs from build to build
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class Staging:
    """Files of the last build by their path in the site, each hard-linked into a folder of its own
    beside site_dir (a link costs no write; a copy where links cannot be made)."""

    def __init__(self, near: Path) -> None:
        near.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="mkdocs-clusters-serve-", dir=near))
        #: site path -> (the content it was made from, the staged file)
        self._files: dict[str, tuple[str | bytes, Path]] = {}
        self._used: set[str] = set()
        #: the folders of site_dir made in this build (a call to make an existing one costs as much)
        self._made: set[Path] = set()
        self._count = 0
        #: the folder of site_dir that holds the last build's files as it left them (`Reuse.put_back`)
        self.in_place = ""

    def begin(self) -> None:
        """A build begins (MkDocs empties site_dir): no folder of it is made yet."""
        self._made = set()
        self.in_place = ""

    def holds(self, uri: str, content: str | bytes) -> bool:
        """Whether the file at `uri` was made from `content` (bytes of a static file, a page's Markdown)."""
        entry = self._files.get(uri)
        return entry is not None and entry[0] == content and entry[1].exists()

    def place(self, uri: str, content: bytes, dest: Path) -> None:
        """Put a static file at `dest`: linked when staged with these bytes, else written and staged."""
        if self.link(uri, content, dest):
            return
        self._folder_of(dest)
        dest.unlink(missing_ok=True)  # a write must never go through a link into a staged file
        dest.write_bytes(content)
        self.keep(uri, content, dest)

    def link(self, uri: str, content: str | bytes, dest: Path) -> bool:
        """Put the staged file of `uri` at `dest` if it was made from `content` (nothing to do where the
        folder moved back holds it); False if it was not."""
        if not self.holds(uri, content):
            return False
        if self.moved_back(uri):
            self._used.add(uri)
            return True
        staged = self._files[uri][1]
        self._folder_of(dest)
        dest.unlink(missing_ok=True)
        try:
            os.link(staged, dest)
        except OSError:  # another file system, or one without links
            try:
                shutil.copyfile(staged, dest)
            except OSError:
                return False
        self._used.add(uri)
        return True

    def moved_back(self, uri: str) -> bool:
        """Whether the file of `uri` is in the folder moved back into site_dir."""
        return bool(self.in_place) and uri.startswith(self.in_place + "/")

    def keep(self, uri: str, content: str | bytes, written: Path) -> None:
        """Stage the file just written at `written` for `uri`, made from `content`."""
        self._count += 1
        staged = self.folder / str(self._count)
        try:
            os.link(written, staged)
        except OSError:
            try:
                shutil.copyfile(written, staged)
            except OSError:
                return  # not staged: the next build writes it again
        self._drop(uri)
        self._files[uri] = (content, staged)
        self._used.add(uri)

    def sweep(self) -> None:
        """Let go of what the build that just ended did not use: files gone from the site."""
        for uri in set(self._files) - self._used:
            self._drop(uri)
        self._used, self._made = set(), set()

    def _folder_of(self, dest: Path) -> None:
        if dest.parent not in self._made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(dest.parent)

    def close(self) -> None:
        self._files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _drop(self, uri: str) -> None:
        entry = self._files.pop(uri, None)
        if entry is not None:
            entry[1].unlink(missing_ok=True)


class StagedFile(File):
    """A generated static file that a serve rebuild links from the staging folder when its bytes are the
    same as last time (MkDocs copies static files in `copy_file`)."""

    staging: Staging | None = None

    def copy_file(self, dirty: bool = False) -> None:
        if self.staging is None:
            super().copy_file(dirty)
            return
        self.staging.place(self.dest_uri, self.content_bytes, Path(self.abs_dest_path))


class Reuse:
    """One plugin instance's pages across serve rebuilds: which pages this build takes from the last, and
    what it hands the next. The plugin calls one step at each of its hooks, in this order:

    `begin` (may this build reuse pages), `hold` (the plugin's folder aside), `staged_file` (each generated
    static file), `choose` (the pages taken unrendered), `put_back` (the folder back), `rendered` (each page
    MkDocs rendered), `sitemap`, `place` (taken pages and their search entries into the site), `finish`;
    `abandon` when the build fails, `close` when serve ends."""

    def __init__(self) -> None:
        self.staging: Staging | None = None
        #: why this build renders every page ("" when it may reuse them)
        self.refused = ""
        #: what shaped the staged pages (see `_fingerprint`), and this build's, kept once it has ended
        self._fingerprint = self._pending = ""
        #: the last build's generated pages by source path: the Markdown given, and the rendered Page
        self._pages: dict[str, tuple[str, Page]] = {}
        #: the last build's search index entries of each generated page, by the page's URL
        self._blocks: dict[str, list[Any]] = {}
        #: the plugin's folder in site_dir (`root:`) when it may be moved aside (see `hold`), whether the
        #: last build ended well (the folder then holds exactly what it left), and whether it is aside
        self.root = ""
        self._whole = False
        self._held: Path | None = None
        #: this build's generated pages (source path -> Markdown), those reused, those rendered
        self._markdown: Mapping[str, str] = {}
        self.reused: dict[str, File] = {}
        self._rendered: dict[str, Page] = {}
        self._files: Files | None = None

    @property
    def active(self) -> bool:
        return self.staging is not None

    def begin(
        self, config: MkDocsConfig, dirty: bool, ours: Collection[str], roots: tuple[str, list[str]], log: Any
    ) -> None:
        """A serve build begins (`on_config`): whether it may reuse pages, said once when it may not.
        `ours` names this plugin's instances; `roots` holds this instance's `root:` and the others'."""
        refused = refusal(config, dirty, ours)
        if refused and refused != self.refused:  # said once, not at every rebuild
            log.info(f"serve rebuilds render every page again: {refused}")
        self.start(config, refused, own_folder(*roots))

    def start(self, config: MkDocsConfig, refused: str, root: str = "") -> None:
        """A build begins: reuse goes on unless `refused` says why it cannot (then all is let go). `root`
        is the plugin's own folder of the site ("" when it is the site's root or shared with another
        instance: then files are linked one by one)."""
        self.refused, self.root = refused, root
        self.reused, self._rendered, self._files = {}, {}, None
        if refused:
            self.close()
            return
        if self.staging is None:
            self.staging = Staging(Path(config.site_dir).resolve().parent)
        self.staging.begin()

    def hold(self, config: MkDocsConfig) -> None:
        """Before MkDocs empties site_dir (`on_pre_build`): move the plugin's folder aside, when the last
        build left it whole."""
        if self.staging is None or not self.root or not self._whole:
            return
        folder = Path(config.site_dir) / self.root
        held = self.staging.folder / "held"
        shutil.rmtree(held, ignore_errors=True)
        try:
            folder.rename(held)
        except OSError:
            return
        self._held = held

    def put_back(self, config: MkDocsConfig) -> None:
        """Once pages are chosen and read, before MkDocs writes (`on_env`): the folder back in site_dir,
        without the pages to be rendered again (MkDocs writes them anew, never through a staged link)."""
        if self.staging is None or self._held is None or self._files is None:
            return
        held, self._held = self._held, None
        try:
            held.rename(Path(config.site_dir) / self.root)
        except OSError:
            shutil.rmtree(held, ignore_errors=True)
            return
        for src in self._markdown:
            file = self._files.get_file_from_path(src)
            if file is not None and src not in self.reused:
                Path(file.abs_dest_path).unlink(missing_ok=True)
        self.staging.in_place = self.root

    def tidy(self, config: MkDocsConfig) -> None:
        """After the site is written: remove what the folder moved back held that this build did not make
        (a collection gone, a cluster less), files and emptied folders, as a full build never had them."""
        if self.staging is None or not self.staging.in_place or self._files is None:
            return
        folder = Path(config.site_dir) / self.root
        made = {Path(f.abs_dest_path) for f in self._files if _written(f) or f.src_uri in self.reused}
        for parent, folders, names in os.walk(folder, topdown=False):
            here = Path(parent)
            for name in names:
                if here / name not in made:
                    (here / name).unlink(missing_ok=True)
            for name in folders:
                if not any((here / name).iterdir()):
                    (here / name).rmdir()

    def staged_file(self, config: MkDocsConfig, uri: str, data: str | bytes, inclusion: InclusionLevel) -> File:
        """A generated static file, linked from the staging folder when its bytes are staged."""
        file = StagedFile.generated(config, uri, content=data, inclusion=inclusion)
        assert isinstance(file, StagedFile)
        file.staging = self.staging
        return file

    def choose(
        self, config: MkDocsConfig, files: Files, nav: Navigation, markdown: Mapping[str, str], ours: Collection[str]
    ) -> None:
        """After the navigation is final, before MkDocs reads the pages: the generated pages (`markdown`,
        by source path) to take from the last build. Each is left out of what MkDocs reads and renders
        (excluded) and gets the last render's results; `ours` names this plugin's instances (their
        generated files count by their pages, not their bytes)."""
        self._markdown, self._files = markdown, files
        if self.staging is None:
            return
        self._pending = _fingerprint(config, files, nav, markdown, ours)
        if self._pending != self._fingerprint:
            return
        for src, text in markdown.items():
            last = self._pages.get(src)
            file = files.get_file_from_path(src)
            if last is None or last[0] != text or file is None or file.page is None:
                continue
            if not self.staging.holds(file.dest_uri, text):
                continue
            for name in RENDERED:
                if hasattr(last[1], name):
                    setattr(file.page, name, getattr(last[1], name))
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs neither reads, renders nor copies it
            self.reused[src] = file

    def rendered(self, page: Page) -> None:
        """A generated page MkDocs rendered in this build (from `on_post_page`)."""
        if self.staging is not None and page.file.src_uri in self._markdown:
            self._rendered[page.file.src_uri] = page

    def reused_urls(self) -> dict[str, str]:
        """The URL of each page this build takes from the last, by source path."""
        return {src: file.page.url for src, file in self.reused.items() if file.page is not None}

    def sitemap(self, context: Any) -> Any:
        """The sitemap's template context, its pages with the reused ones back."""
        if self.reused:
            context["pages"] = self.sitemap_pages(context["pages"])
        return context

    def sitemap_pages(self, pages: Iterable[File]) -> list[File]:
        """The pages of the sitemap's context with the reused ones back, in the order of the files."""
        if not self.reused or self._files is None:
            return list(pages)
        wanted = {id(f) for f in pages} | {id(f) for f in self.reused.values()}
        return [f for f in self._files if id(f) in wanted]

    def place_pages(self, config: MkDocsConfig) -> list[str]:
        """After MkDocs wrote the site: link the reused pages into it, stage the rendered ones. The source
        paths of reused pages that could not be linked are returned (the staged file went away)."""
        lost: list[str] = []
        if self.staging is None:
            return lost
        pages: dict[str, tuple[str, Page]] = {}
        for src, file in self.reused.items():
            text = self._markdown[src]
            if self.staging.link(file.dest_uri, text, Path(file.abs_dest_path)):
                pages[src] = (text, self._pages[src][1])
            else:
                lost.append(src)
        for src, page in self._rendered.items():
            written = Path(page.file.abs_dest_path)
            if written.is_file():
                self.staging.keep(page.file.dest_uri, self._markdown[src], written)
                pages[src] = (self._markdown[src], page)
        self._pages = pages
        # what the staged pages were rendered under; after a lost page the next build renders them all
        self._fingerprint = "" if lost else self._pending
        return lost

    def place(self, config: MkDocsConfig, log: Any) -> None:
        """After MkDocs wrote the site and the search plugin its index (`on_post_build`): the reused pages
        into site_dir (`place_pages`), their search entries back into the index (`restore_search`)."""
        if self.staging is None:
            return
        for src in self.place_pages(config):
            log.error(f"{src} could not be taken from the last build (its staged copy is gone); save again")

        def restore(docs: list[Any]) -> list[Any] | None:
            restored = self.restore_search(docs)  # kept for the next build even when none was reused
            return restored if self.reused else None

        edit_index(Path(config.site_dir) / SEARCH_INDEX, "reused pages not added to", restore, log)

    def restore_search(self, docs: list[Any]) -> list[Any]:
        """The search index's entries (`docs`) as a full build has them: the reused pages' entries from the
        last build, each page's entries in the order of the files. Each generated page's entries are kept
        for the next build."""
        if self.staging is None or self._files is None:
            return docs
        blocks: dict[str, list[Any]] = {}
        for entry in docs:
            blocks.setdefault(_page_of(entry), []).append(entry)
        for file in self.reused.values():
            assert file.page is not None
            blocks[file.page.url] = self._blocks.get(file.page.url, [])
        generated = [self._files.get_file_from_path(src) for src in self._markdown]
        self._blocks = {f.page.url: blocks.get(f.page.url, []) for f in generated if f is not None and f.page}
        order = [f.page.url for f in self._files if f.is_documentation_page() and f.page is not None]
        restored = [entry for url in order for entry in blocks.pop(url, [])]
        return restored + [entry for rest in blocks.values() for entry in rest]  # entries of no page, last

    def finish(self, config: MkDocsConfig) -> None:
        """The build ended: what it did not make leaves the site, staged files no page or file used go;
        the plugin's folder is as this build left it."""
        if self.staging is not None:
            self.tidy(config)
            self.staging.sweep()
            self._whole = True
        self._files = None

    def abandon(self) -> None:
        """The build failed: what is staged stays, under what shaped it (`place_pages` never ran); the
        folder in site_dir is not moved aside again until a build ends well."""
        self.reused, self._rendered, self._files = {}, {}, None
        self._whole = False
        if self._held is not None:
            shutil.rmtree(self._held, ignore_errors=True)
            self._held = None

    def close(self) -> None:
        """Let go of everything (serve ends, or reuse is off)."""
        if self.staging is not None:
            self.staging.close()
        self.staging, self._held, self._whole = None, None, False
        self._fingerprint, self._pages, self._blocks = "", {}, {}


def refusal(config: MkDocsConfig, dirty: bool, ours: Collection[str]) -> str:
    """Why a serve build cannot reuse pages ("" when it can)."""
    if dirty:
        return "a dirty build writes over files in place"
    for name, plugin in config.plugins.items():
        base = name.split(" #", 1)[0]
        if name in ours or base in NAV_PLUGINS:
            continue
        if base in SEARCH_PLUGINS and not getattr(plugin.config, "prebuild_index", False):
            continue
        return f"the plugin {name} may read every page"
    return ""


def own_folder(root: str, others: list[str]) -> str:
    """The plugin's folder of the site (`root`) when it is its alone: not the site's root, and neither
    inside nor around another instance's (`others`; "" otherwise)."""
    root, others = root.strip("/"), [o.strip("/") for o in others]
    if not root or any(o == root or not o or o.startswith(root + "/") or root.startswith(o + "/") for o in others):
        return ""
    return root


def _page_of(entry: Any) -> str:
    return str(entry.get("location", "") if isinstance(entry, dict) else "").split("#", 1)[0]


def _fingerprint(
    config: MkDocsConfig, files: Files, nav: Navigation, markdown: Mapping[str, str], ours: Collection[str]
) -> str:
    """A digest of everything but a generated page's own Markdown that shapes the pages MkDocs renders:
    the configuration, the files of the theme's custom folder, every file of the site (its paths, and
    the time and size of a file from disk), the navigation (titles, URLs, and the front matter of a
    generated page in it, which themes read for its entry)."""
    h = hashlib.sha256()
    h.update(json.dumps(_stable({key: config[key] for key in config}), sort_keys=True, default=repr).encode())
    custom = config.theme.custom_dir
    if custom:
        for path in sorted(Path(custom).rglob("*")):
            if path.is_file():
                stat = path.stat()
                h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for file in files:
        h.update(repr((file.src_uri, file.dest_uri, file.url, file.inclusion.value, file.generated_by)).encode())
        if file.generated_by in ours:
            continue
        if file.generated_by:
            h.update(hashlib.sha256(file.content_bytes).digest())
        elif file.abs_src_path:
            try:
                stat = os.stat(file.abs_src_path)
                h.update(f"{stat.st_size}\0{stat.st_mtime_ns}".encode())
            except OSError as exc:
                h.update(f"{exc.errno}".encode())
    h.update(json.dumps(list(_outline(nav.items, markdown))).encode())
    return h.hexdigest()


def _outline(items: Iterable[Any], markdown: Mapping[str, str]) -> Iterator[list[Any]]:
    """The navigation as lists: sections, pages (title as set so far, URL, a generated page's front
    matter) and links."""
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


def _written(file: File) -> bool:
    """Whether a serve build writes the file (drafts too: `InclusionLevel.is_in_serve`)."""
    level: int = file.inclusion.value
    return level >= InclusionLevel.DRAFT.value
