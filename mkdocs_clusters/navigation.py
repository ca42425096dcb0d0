"""The site's navigation outline as MkDocs navigation: a section added to the nav, pages relinked."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mkdocs_clusters.render.html import escape
from mkdocs_clusters.render.site import NavNode, Site


def add_section(nav: Navigation, site: Site, files: Files) -> None:
    """Append the site's outline as a section and recompute the page order (previous/next links), unless
    the user's own `nav:` already places generated pages."""
    if any(page.file.src_uri in site.pages for page in nav.pages):
        return
    nav.items.append(_section(site.nav, files, top=True))
    _relink(nav)


def _section(node: NavNode, files: Files, top: bool = False) -> Section:
    """The outline as MkDocs' nav: titles escaped (themes print them unescaped), pages from `files`.

    A section's own page stays its first child (Material's `navigation.indexes` makes that `index.md` the
    section's link) but gets a title of its own (`index_title`), so themes that list it as a child do not
    show `Library › Library`."""
    children: list[Page | Section] = []
    for child in node.children:
        if child.children:
            children.append(_section(child, files))
        elif child.src is not None:
            file = files.get_file_from_path(child.src)
            assert file is not None and file.page is not None
            own = child.src == node.src and child.title == node.title
            file.page.title = escape(index_title(node.title, top) if own else child.title)
            children.append(file.page)
    section = Section(escape(node.title), children)  # type: ignore[arg-type]  # a list of nav items
    for item in children:
        item.parent = section
    return section


def index_title(section: str, top: bool) -> str:
    """The title of a section's own page in the nav: `Overview` for the library's start page, `All
    playlists` (`All genres`, ...) for a kind's index. The page's heading, and Material's header and tab
    (from the page's front matter), keep the section's name."""
    return "Overview" if top else f"All {section.lower()}"


def _relink(nav: Navigation) -> None:
    """Recompute the page order (previous/next) after adding a section."""
    pages: list[Page] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i > 0 else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
    nav.pages = pages
