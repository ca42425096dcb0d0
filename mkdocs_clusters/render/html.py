"""HTML for user text: escaping, control characters, raw blocks Markdown passes untouched, the row symbols."""

from __future__ import annotations

import html
import re

#: C0 and C1 control characters other than tab, newline and carriage return: invisible, and some make
#: an HTML or XML parser stop (a NUL in a title, a form feed in a table cell)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


#: marker lines around a block of HTML that Markdown must pass through untouched (see `rawhtml.py`)
RAW_START = "<!-- clusters:raw -->"
RAW_END = "<!-- /clusters:raw -->"


#: 💚 and 🔗 as character references: one emoji makes Python hold a whole page at four bytes a
#: character, and these two are on every row: as references, pages stay at one byte a character
HEART = "&#x1F49A;"
LINK = "&#x1F517;"


def raw(html: str) -> str:
    """An HTML block between marker lines: the MkDocs plugin hands it to the page without Markdown
    parsing it (big tables were most of a build's time); other builders just see HTML comments."""
    return f"{RAW_START}\n{html.strip()}\n{RAW_END}\n"


def visible(text: str) -> str:
    """User text without control characters, as tables, titles and the interactive picture show it."""
    return _CONTROL.sub("", text)


def escape(text: str) -> str:
    """User text for HTML content or a quoted attribute: control characters removed, `<>&"'` escaped."""
    return html.escape(visible(text))


#: characters Markdown gives a meaning in a heading's text (emphasis, links, code, escapes, HTML,
#: attribute lists, heading ids), written as character references there
_MARKDOWN = re.compile(r"[\\`*_{}\[\]()<>#+!|&~^=:\"']")


def markdown_text(text: str) -> str:
    """User text for a Markdown heading: shown as written, in the heading and the table of contents.

    Python-Markdown leaves character references alone, so every character it could read as markup
    (and `<`, `&`) becomes one; control characters are removed."""
    return _MARKDOWN.sub(lambda m: f"&#{ord(m.group())};", visible(text))
