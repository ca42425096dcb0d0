"""A hostile library: every name a string that would run script, inject markup or break a page if it were
not escaped, URLs that must never become images or links, and a Material project around them. Shared by
the build and browser tests.

Each payload that could run sets `window.__pwned`, so a browser test can tell whether anything ran.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

#: Names as someone else might type them. None contains `,`: genres split on `,` by design (exports join
#: them so), which would cut the payload into harmless parts. Labels split on `/`, but a label credit that
#: is the track's artist's own name stays whole, and each name here is its track's artist too.
HOSTILE: tuple[str, ...] = (
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    '"><svg onload="window.__pwned=\'svg\'">',
    "'><svg onload=window.__pwned='svg2'>",
    "</title><script>window.__pwned='title'</script>",
    "</textarea><script>window.__pwned='textarea'</script>",
    "[click me](javascript:window.__pwned='md-link')",
    "![pic](javascript:window.__pwned='md-image')",
    "<javascript:window.__pwned='autolink'>",
    "a | b | c",
    "`code` and ``more`` and ```fence```",
    "{: .evil onclick=\"window.__pwned='attr-list'\" }",
    "Title {: #id .cls }",
    "{{ config.site_name }} {% raw %} {# comment #}",
    "&amp; &lt;b&gt; &#x3c;i&#x3e; &nbsp;",
    "**bold** _em_ ~~strike~~ ==mark== ^^ins^^",
    "<!-- comment --> after",
    "--- front matter ---",
    "Emoji 🎧💚🏳️‍🌈 and RTL שלום עולם",
    "\u202ereversed text\u202c",
    "javascript:window.__pwned='bare-js'",
    "<a href=\"javascript:window.__pwned='anchor'\">click</a>",
    "${window.__pwned='template'} `${1}`",
    ":material-alert: :smile: :fontawesome-brands-github:",
    "[^1] footnote and *[HTML]: abbr",
    "<style>body{display:none}</style>",
    "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
    "<details open ontoggle=\"window.__pwned='details'\">",
    "Back\\slash \\<b\\> and \\\\",
    "line one\nline two <b>x</b>",
    '!!! warning "admonition"',
    "# Heading injection",
)

#: Art and link cells that must be dropped (and reported), never shown.
BAD_ART = (
    "javascript:window.__pwned='art'",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "http://i.scdn.co/image/plain-http",
    "https://evil.example/i.scdn.co/image/x",
    "https://i.scdn.co.evil.example/image/x",
    "https://i.scdn.co/image/x\" onerror=\"window.__pwned='art-attr'",
)
BAD_URIS = (
    "javascript:window.__pwned='uri'",
    "spotify:track:abc\"><script>window.__pwned='uri-attr'</script>",
    "https://evil.example/track/x",
)
GOOD_ART = "https://i.scdn.co/image/ab67616d0000b273hostiletest"
TRACKS_PER_NAME = 6
HEADER = ["track_id", "uri", "title", "album", "artists", "labels", "genres", "playlists", "art_url", "energy",
          "valence", "danceability", "acousticness", "tempo"]  # fmt: skip


def hostile_rows() -> list[list[str]]:
    """Own-format rows: per hostile name, tracks carrying it in every name field, all in the big
    `Everything` playlist too (so they are clustered and shown in cluster tables)."""
    rng = random.Random(7)
    rows = []
    for i, name in enumerate(HOSTILE):
        for j in range(TRACKS_PER_NAME):
            n = i * TRACKS_PER_NAME + j
            bad = n % (len(BAD_ART) + len(BAD_URIS) + 4)
            art = BAD_ART[bad] if bad < len(BAD_ART) else GOOD_ART
            uri = BAD_URIS[bad - len(BAD_ART)] if len(BAD_ART) <= bad < len(BAD_ART) + len(BAD_URIS) else ""
            track_id = "" if uri else f"{n:022d}"
            features = [f"{rng.random():.3f}" for _ in range(4)] + [f"{rng.uniform(70, 170):.1f}"]
            # a refused URI leaves names as the identity: keep those rows apart by title
            title = f"{name} #{j}" if uri else name
            rows.append([track_id, uri, title, name, json.dumps([name]), json.dumps([name]), json.dumps([name]),
                         json.dumps([name, "Everything"]), art, *features])  # fmt: skip
    return rows


def expected_notes() -> int:
    """How many dropped values loading `hostile_rows` must report."""
    return sum(1 for row in hostile_rows() if row[HEADER.index("art_url")] != GOOD_ART or row[1])


def write_hostile_library(folder: Path) -> Path:
    """The hostile library as one own-format CSV file in `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(hostile_rows())
    path = folder / "library.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


#: Material's documented search separator for punctuation-heavy text (also splitting at `&lt;`/`&gt;`), so
#: a search for "script" or "iframe" reaches the names that carry those tags
SEPARATOR = r"""[\s\-,:!=\[\]()"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;"""


def hostile_project(tmp: Path, theme: str = "material") -> Path:
    """A project: Material with search (its index and titles are places names reach too)."""
    write_hostile_library(tmp / "export")
    (tmp / "docs").mkdir()
    (tmp / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"site_name: Hostile\ntheme:\n  name: {theme}\nplugins:\n  - search:\n      separator: '{SEPARATOR}'\n"
        "  - clusters:\n"
        # pages and clusters down to 5 tracks: every hostile name gets a genre, label and artist page of its
        # own, with clusters (and so names in headings, legends and downloads)
        "      library: export/library.csv\n      cache: false\n      min_tracks: 5\n      cluster_min_tracks: 5\n",
        encoding="utf-8",
    )
    return config


def visible(text: str) -> str:
    """Text as a browser shows it in a table cell: runs of whitespace as one space."""
    return " ".join(text.split())
