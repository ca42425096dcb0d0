"""The raw-block extension: the page's HTML is what Markdown alone would make, minus the markers."""

from __future__ import annotations

import re

import markdown

from helpers import ROOT
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render.html import RAW_END, RAW_START, raw
from mkdocs_clusters.render.rawhtml import RawBlocksExtension

EXTENSIONS = ["tables", "toc", "attr_list", "md_in_html"]


def html(text: str, fast: bool) -> str:
    return markdown.markdown(text, extensions=[*EXTENSIONS, *([RawBlocksExtension()] if fast else [])])


def normalised(page: str) -> str:
    """Without the marker comments and blank lines (Markdown keeps comments; the extension drops them)."""
    page = page.replace(RAW_START, "").replace(RAW_END, "")
    return re.sub(r"\n\s*\n", "\n", page).strip()


def test_every_demo_page_renders_the_same_with_the_extension() -> None:
    site, _ = generate_site(load_library(ROOT / "demo" / "library"), Settings())
    for path, text in site.pages.items():
        body = text.split("---\n", 2)[2]
        assert normalised(html(body, fast=True)) == normalised(html(body, fast=False)), path
    assert any(RAW_START in text for text in site.pages.values())


def test_a_block_is_passed_through_verbatim_and_markdown_around_it_works() -> None:
    block = '<div class="x">\n\n*not emphasis* [not a link](x.md)\n\n<b>bold</b>\n</div>'
    out = html("# Title\n\n" + raw(block) + "\n*emphasis*\n", fast=True)
    assert block in out
    assert "<em>emphasis</em>" in out and '<h1 id="title">Title</h1>' in out


def test_an_unclosed_marker_leaves_the_text_to_markdown() -> None:
    text = f"{RAW_START}\n*emphasis*\n"
    assert "<em>emphasis</em>" in html(text, fast=True)
