"""The library section in MkDocs' navigation: `nav_limit`, `nav: false`, the user's own `nav:`, and the
previous/next order of every page once the section is added.

Builds here run in this process and stop at the final navigation (`helpers.build_nav`): no page is
rendered and nothing is written, so each test takes a fraction of a second."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from helpers import EXPORTIFY_2025, NavBuild, build_nav, csv_bytes, exportify_row, mkdocs_build

#: a nav entry as (title, url) for a page, (title, [entries]) for a section
Entry = tuple[str | None, "str | list[Entry]"]

#: the collections of the test library by kind, in nav order: 3 playlists, 2 genres, 1 label, 3 artists
COLLECTIONS: dict[str, list[tuple[str, str]]] = {
    "playlists": [
        ("Alpha", "library/playlists/alpha/"),
        ("Beta", "library/playlists/beta/"),
        ("Gamma", "library/playlists/gamma/"),
    ],
    "genres": [("jazz", "library/genres/jazz/"), ("rock", "library/genres/rock/")],
    "labels": [("Label", "library/labels/label/")],
    "artists": [
        ("Artist 0", "library/artists/artist-0/"),
        ("Artist 1", "library/artists/artist-1/"),
        ("Artist 2", "library/artists/artist-2/"),
    ],
}
TITLES = {"playlists": "Playlists", "genres": "Genres", "labels": "Labels", "artists": "Artists"}
#: the user's pages in MkDocs' automatic nav; MkDocs titles them only when it reads them, after the nav
USER_PAGES: list[Entry] = [(None, ""), (None, "about/")]


def write_library(folder: Path) -> None:
    """Three playlists of four tracks; every track in one of two genres, one label, one of three artists."""
    folder.mkdir()
    for p, name in enumerate(title for title, _ in COLLECTIONS["playlists"]):
        rows = []
        for i in range(4):
            n = 4 * p + i
            genre = "rock" if n % 2 else "jazz"
            rows.append(exportify_row(f"{n:022d}", f"Song {n}", f"Artist {n % 3}", genres=genre))
        (folder / f"{name}.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))


@pytest.fixture
def nav_build(tmp_path: Path) -> Callable[..., NavBuild]:
    """Build a small project in this process up to its final navigation. `user_nav` is the project's own
    `nav:` (YAML, none by default); keyword arguments are added to the plugin's options."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    write_library(tmp_path / "export")
    made = itertools.count()

    def make(user_nav: str = "", **options: object) -> NavBuild:
        extra = "".join(f"      {key}: {value}\n" for key, value in options.items())
        config = tmp_path / f"mkdocs-{next(made)}.yml"
        config.write_text(
            "site_name: Nav\nplugins:\n  - clusters:\n      library: export\n      cache: false\n"
            f"      min_tracks: 2\n{extra}{user_nav}",
            encoding="utf-8",
        )
        return build_nav(config, tmp_path / "site")

    return make


def outline(items: list[Any]) -> list[Entry]:
    """The nav as nested (title, url) and (title, [entries])."""
    return [(i.title, outline(i.children)) if isinstance(i, Section) else (i.title, i.url) for i in items]


def library(*listed: str) -> Entry:
    """The expected library section: its start page ("Overview"), then each kind's index ("All playlists")
    and, for the kinds in `listed`, each of its collections."""
    kinds: list[Entry] = [
        (title, [(f"All {kind}", f"library/{kind}/"), *(COLLECTIONS[kind] if kind in listed else [])])
        for kind, title in TITLES.items()
    ]
    return ("Library", [("Overview", "library/"), *kinds])


def urls(entries: list[Entry]) -> list[str]:
    """The page URLs of an outline in nav order."""
    found: list[str] = []
    for _, target in entries:
        found.extend(urls(target) if isinstance(target, list) else [target])
    return found


def walk(page: Page | None, link: str, limit: int) -> list[str]:
    """The URLs from `page` on, following `link` (`next_page` or `previous_page`); one step past `limit`
    at most, so that a cycle fails the test instead of hanging it."""
    found: list[str] = []
    while page is not None and len(found) <= limit:
        found.append(page.url)
        page = getattr(page, link)
    return found


def generated_page(build: NavBuild, src: str) -> Page:
    """The page of a file the plugin generated."""
    file = build.files.get_file_from_path(src)
    assert file is not None and file.generated_by == "clusters" and file.page is not None
    return file.page


# -- nav_limit -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nav_limit", "listed"),
    [
        (0, ()),
        (1, ("labels",)),
        (2, ("genres", "labels")),
        (3, ("playlists", "genres", "labels", "artists")),  # at most nav_limit: listed
        (None, ("playlists", "genres", "labels", "artists")),  # the default, 50
    ],
)
def test_a_kind_lists_its_collections_only_up_to_nav_limit(
    nav_build: Callable[..., NavBuild], nav_limit: int | None, listed: tuple[str, ...]
) -> None:
    build = nav_build() if nav_limit is None else nav_build(nav_limit=nav_limit)
    assert outline(build.nav.items) == [*USER_PAGES, library(*listed)]
    # a collection left out of the nav still has its page
    in_nav = {page.url for page in build.nav.pages}
    for kind, collections in COLLECTIONS.items():
        for _, url in collections:
            page = generated_page(build, f"{url}index.md")
            assert (page.url in in_nav) == (kind in listed), url


# -- nav: false and the user's own nav -------------------------------------------------------------


def test_nav_false_adds_no_library_section(nav_build: Callable[..., NavBuild]) -> None:
    build = nav_build(nav="false")
    assert outline(build.nav.items) == USER_PAGES
    assert [page.url for page in build.nav.pages] == ["", "about/"]
    home, about = build.nav.pages
    assert (home.previous_page, home.next_page, about.previous_page, about.next_page) == (None, about, home, None)
    # the pages are generated all the same, for the user to link to
    assert generated_page(build, "library/index.md").url == "library/"
    assert generated_page(build, "library/playlists/alpha/index.md").url == "library/playlists/alpha/"


def test_a_user_nav_naming_a_generated_page_gets_nothing_added(nav_build: Callable[..., NavBuild]) -> None:
    build = nav_build("nav:\n  - Home: index.md\n  - Mix: library/playlists/alpha/index.md\n")
    assert outline(build.nav.items) == [("Home", ""), ("Mix", "library/playlists/alpha/")]
    assert [page.url for page in build.nav.pages] == ["", "library/playlists/alpha/"]


def test_a_user_nav_naming_no_generated_page_gets_the_section_after_it(
    nav_build: Callable[..., NavBuild],
) -> None:
    build = nav_build("nav:\n  - About: about.md\n  - Home: index.md\n")
    assert outline(build.nav.items) == [("About", "about/"), ("Home", ""), library(*COLLECTIONS)]


# -- relinking -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("nav_limit", "listed"), [(50, tuple(COLLECTIONS)), (2, ("genres", "labels"))])
def test_previous_and_next_run_through_every_page_in_nav_order(
    nav_build: Callable[..., NavBuild], nav_limit: int, listed: tuple[str, ...]
) -> None:
    build = nav_build(nav_limit=nav_limit)
    order = urls([*USER_PAGES, library(*listed)])
    assert order[:4] == ["", "about/", "library/", "library/playlists/"]  # user pages first, then the section
    pages = build.nav.pages
    assert [page.url for page in pages] == order
    assert pages[0].previous_page is None and pages[-1].next_page is None
    assert walk(pages[0], "next_page", len(order)) == order
    assert walk(pages[-1], "previous_page", len(order)) == order[::-1]


def test_generated_pages_sit_in_their_sections(nav_build: Callable[..., NavBuild]) -> None:
    """Library > the start page and each kind's section; a kind's section > its index and collections."""
    for page in nav_build().nav.pages:
        parents = []
        parent = page.parent
        while parent is not None:
            parents.append(parent.title)
            parent = parent.parent
        parts = page.url.strip("/").split("/")
        if parts[0] != "library":
            assert parents == [], page
        elif len(parts) == 1:
            assert parents == ["Library"], page
        else:
            assert parents == [TITLES[parts[1]], "Library"], page


# -- no title twice ----------------------------------------------------------------------------------


def doubled(items: list[Any]) -> list[str]:
    """Each `Section › child` where a child of a section has the section's own title."""
    found = []
    for item in items:
        if isinstance(item, Section):
            found.extend(f"{item.title} › {child.title}" for child in item.children if child.title == item.title)
            found.extend(doubled(item.children))
    return found


@pytest.mark.parametrize("nav_limit", [0, 50])
def test_no_section_lists_a_page_with_its_own_title(nav_build: Callable[..., NavBuild], nav_limit: int) -> None:
    """The start page and the kinds' indexes are their sections' first children, as `index.md` files (what
    Material's `navigation.indexes` makes the section's link), titled "Overview" and "All <kind>"."""
    build = nav_build(nav_limit=nav_limit)
    assert doubled(build.nav.items) == []
    section = build.nav.items[-1]
    assert isinstance(section, Section) and section.title == "Library"
    kinds = [item for item in section.children if isinstance(item, Section)]
    for parent, title in [(section, "Overview"), *((kind, f"All {kind.title.lower()}") for kind in kinds)]:
        first = parent.children[0]
        assert isinstance(first, Page) and first.is_index and first.title == title, parent


class NavTree(HTMLParser):
    """The navigation items of a rendered page as nested (title, children): each `<li>`, titled by the text
    of its first link or label (Material: `<label>`/`<a>`; the mkdocs theme: `<a>`)."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, Any] = {"title": "", "children": []}
        self.open: list[dict[str, Any]] = [self.root]
        self.capturing: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            item: dict[str, Any] = {"title": None, "children": []}
            self.open[-1]["children"].append(item)
            self.open.append(item)
        elif tag in ("a", "label") and self.open[-1]["title"] is None and self.capturing is None:
            self.capturing = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "label") and self.capturing is not None:
            self.open[-1]["title"] = " ".join("".join(self.capturing).split())
            self.capturing = None
        elif tag == "li" and len(self.open) > 1:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.capturing is not None:
            self.capturing.append(data)


def rendered_doubles(item: dict[str, Any]) -> list[str]:
    """Each `section › child` of a rendered nav whose child has the section's title."""
    found = [f"{item['title']} › {child['title']}" for child in item["children"] if child["title"] == item["title"]]
    for child in item["children"]:
        found.extend(rendered_doubles(child))
    return found


def rendered_sections(item: dict[str, Any]) -> dict[str, list[str]]:
    """Every rendered item with children, by title: the titles of its children."""
    found = {item["title"]: [c["title"] for c in item["children"]]} if item["children"] else {}
    for child in item["children"]:
        # the first of a title wins: the mkdocs theme also lists the page's own headings
        for title, children in rendered_sections(child).items():
            found.setdefault(title, children)
    return found


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_a_built_site_shows_no_section_with_a_child_of_its_own_title(tmp_path: Path, theme: str) -> None:
    """A plain config (`theme: material` without features, or the mkdocs theme), built by MkDocs as a user
    runs it: the rendered navigation reads `Library › Overview` and `Playlists › All playlists`."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    write_library(tmp_path / "export")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: Nav\ntheme: {theme}\nplugins:\n  - clusters:\n      library: export\n      cache: false\n"
        "      min_tracks: 2\n",
        encoding="utf-8",
    )
    mkdocs_build(config, tmp_path / "site")
    for page in ("index.html", "library/index.html", "library/playlists/index.html"):
        tree = NavTree()
        tree.feed((tmp_path / "site" / page).read_text(encoding="utf-8"))
        assert rendered_doubles(tree.root) == [], page
        sections = rendered_sections(tree.root)
        assert sections["Library"][:1] == ["Overview"], page
        assert sections["Playlists"] == ["All playlists", "Alpha", "Beta", "Gamma"], page
