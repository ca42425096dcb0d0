"""What a `mkdocs serve` rebuild takes from the one before it, so that an edit costs what it changes.

On every serve rebuild MkDocs empties site_dir, renders every page again and writes every file: for a
library of a thousand collections, 5-9 s and about 100 MB written after an edit of one playlist, while
the other collections' pages come out the same to the byte. Within one serve session the last build's
generated files are kept in a staging folder beside site_dir (staging.py) and handed back: a picture,
download or rows page with the same bytes is linked, not written; the plugin's own folder of site_dir
is moved aside before MkDocs empties it and back once pages are read, so that what did not change stays
where it is (folder.py); a page whose Markdown is the same is not rendered at all, when nothing else
that shapes a page changed either (fingerprint.py): its HTML, Page, search entries and sitemap line come
back from the last build (pages.py). The site is the same to the byte as a full build's (a test checks
it). Reuse is off where that could not be promised (refusal.py).

A serve build is these steps of `Reuse`, each called from one hook of the plugin, in the order MkDocs
runs them:

1. `begin` (`on_config`): may this build reuse pages; the staging folder ready.
2. `hold` (`on_pre_build`): the plugin's folder moved aside, before MkDocs empties site_dir.
3. `staged_file` (`on_files`, through `files.add_site`): each generated static file, linked from the
   staging folder when MkDocs copies it and its bytes are staged.
4. `choose` (`on_nav`, once the navigation is final): the pages taken unrendered (`reused_urls` for the
   search's track entries).
5. `put_back` (`on_env`, once pages are read): the folder back, without the pages MkDocs renders again.
6. `sitemap` (`on_template_context` of sitemap.xml): the sitemap lists the pages taken.
7. `rendered` (`on_post_page`): each page MkDocs rendered, kept for the next build.
8. `place` (`on_post_build`): the pages taken linked into site_dir, the rendered ones staged, the search
   index given the taken pages' entries.
9. `finish` (`on_post_build`, last): what this build did not make leaves the site and the staging folder.

`abandon` when the build fails (`on_build_error`), `close` when serve ends (`on_shutdown`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from mkdocs_clusters.search_index import SEARCH_INDEX, edit_index
from mkdocs_clusters.serving.fingerprint import fingerprint
from mkdocs_clusters.serving.folder import PluginFolder, own_folder
from mkdocs_clusters.serving.pages import (
    LastBuild,
    ThisBuild,
    link_taken,
    restore_search,
    sitemap_pages,
    stage_rendered,
    take_pages,
)
from mkdocs_clusters.serving.refusal import refusal
from mkdocs_clusters.serving.staging import StagedFile, Staging


class Reuse:
    """One plugin instance's pages and files across serve rebuilds: what this build takes from the last
    (`now`), what the last one left (`last`); each public method is one step (see the module docstring)."""

    def __init__(self) -> None:
        self.staging: Staging | None = None
        #: why this build renders every page ("" when it may reuse them)
        self.refused = ""
        self.folder = PluginFolder()
        self.last, self.now = LastBuild(), ThisBuild()

    @property
    def active(self) -> bool:
        """Whether this build may take pages and files from the last."""
        return self.staging is not None

    @property
    def reused(self) -> dict[str, File]:
        """The files of the pages this build takes from the last, by source path."""
        return self.now.reused

    def begin(
        self, config: MkDocsConfig, dirty: bool, ours: Collection[str], roots: tuple[str, list[str]], log: Any
    ) -> None:
        """Step 1: whether this build may reuse pages, said once when it may not (then all is let go).
        `ours` names this plugin's instances; `roots` holds this instance's `root:` and the others'."""
        refused = refusal(config, dirty, ours)
        if refused and refused != self.refused:  # said once, not at every rebuild
            log.info(f"serve rebuilds render every page again: {refused}")
        self.refused, self.folder.root, self.now = refused, own_folder(*roots), ThisBuild()
        if refused:
            self.close()
            return
        if self.staging is None:
            self.staging = Staging(Path(config.site_dir).resolve().parent)
        self.staging.begin()

    def hold(self, config: MkDocsConfig) -> None:
        """Step 2: the plugin's folder aside, when the last build left it whole."""
        if self.staging is not None:
            self.folder.hold(Path(config.site_dir), self.staging.folder / "held")

    def staged_file(self, config: MkDocsConfig, uri: str, data: str | bytes, inclusion: InclusionLevel) -> File:
        """Step 3: a generated static file, linked from the staging folder when its bytes are staged."""
        file = StagedFile.generated(config, uri, content=data, inclusion=inclusion)
        assert isinstance(file, StagedFile)
        file.staging = self.staging
        return file

    def choose(
        self, config: MkDocsConfig, files: Files, nav: Navigation, markdown: Mapping[str, str], ours: Collection[str]
    ) -> None:
        """Step 4: the generated pages (`markdown`, by source path) taken from the last build, when what
        shapes a page is the same as when it rendered them; `ours` names this plugin's instances."""
        self.now.markdown, self.now.files = markdown, files
        if self.staging is None:
            return
        self.now.fingerprint = fingerprint(config, files, nav, markdown, ours)
        if self.now.fingerprint == self.last.fingerprint:
            self.now.reused = take_pages(self.last.pages, self.staging, files, markdown)

    def reused_urls(self) -> dict[str, str]:
        """The URL of each page this build takes from the last, by source path."""
        return {src: file.page.url for src, file in self.reused.items() if file.page is not None}

    def put_back(self, config: MkDocsConfig) -> None:
        """Step 5: the plugin's folder back in site_dir, without the pages MkDocs renders again."""
        if self.staging is None or self.now.files is None:
            return
        to_write = (Path(file.abs_dest_path) for file in self.now.to_render())
        if self.folder.put_back(Path(config.site_dir), to_write):
            self.staging.in_place = self.folder.root

    def sitemap(self, context: Any) -> Any:
        """Step 6: the sitemap's template context, its pages with the reused ones back."""
        if self.reused and self.now.files is not None:
            context["pages"] = sitemap_pages(context["pages"], self.reused, self.now.files)
        return context

    def rendered(self, page: Page) -> None:
        """Step 7: a generated page MkDocs rendered in this build, for the next build to take."""
        if self.staging is not None and page.file.src_uri in self.now.markdown:
            self.now.rendered[page.file.src_uri] = page

    def place(self, config: MkDocsConfig, log: Any) -> None:
        """Step 8, once MkDocs wrote the site and the search plugin its index: the reused pages into
        site_dir, the rendered ones staged, the reused pages' search entries back into the index."""
        if self.staging is None:
            return
        for src in self._place_pages(self.staging):
            log.error(f"{src} could not be taken from the last build (its staged copy is gone); save again")
        edit_index(Path(config.site_dir) / SEARCH_INDEX, "reused pages not added to", self._restore_search, log)

    def _place_pages(self, staging: Staging) -> list[str]:
        """The pages of this build into site_dir and the staging folder, kept for the next build; the
        source paths of reused pages that could not be linked (their staged copy went away)."""
        pages, lost = link_taken(staging, self.now, self.last.pages)
        pages.update(stage_rendered(staging, self.now))
        # what the staged pages were rendered under; after a lost page the next build renders them all
        self.last.pages, self.last.fingerprint = pages, "" if lost else self.now.fingerprint
        return lost

    def _restore_search(self, docs: list[Any]) -> list[Any] | None:
        """The search index's entries with the reused pages' back (None: nothing to change); each
        generated page's entries are kept for the next build, even when none was reused."""
        if self.now.files is None:
            return docs if self.reused else None
        restored, self.last.entries = restore_search(docs, self.now.files, self.now, self.last.entries)
        return restored if self.reused else None

    def finish(self, config: MkDocsConfig) -> None:
        """Step 9, every file written: what the folder moved back held that this build did not make
        leaves the site, staged files no page or file used go; the folder is as this build left it."""
        if self.staging is not None:
            if self.staging.in_place and self.now.files is not None:
                self.folder.tidy(Path(config.site_dir), self.now.made())
            self.staging.sweep()
            self.folder.whole = True
        self.now.files = None

    def abandon(self) -> None:
        """The build failed: what is staged stays, under what shaped it (`place` never ran); the folder in
        site_dir is not moved aside again until a build ends well."""
        self.now = ThisBuild()
        self.folder.abandon()

    def close(self) -> None:
        """Let go of everything (serve ends, or reuse is off)."""
        if self.staging is not None:
            self.staging.close()
        self.staging, self.last = None, LastBuild()
        self.folder.forget()
