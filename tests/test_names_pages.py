"""Cluster names on built sites: on every page of a real-shaped library, with audio features and without
them (clustered by curation), no heading is told apart by a bare number and none repeats on its page
(not even in other words' order)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from helpers import ROOT, mkdocs_build, project, real_fixture

#: a cluster's heading in the built HTML (the headerlink's pilcrow follows the name)
HEADING = re.compile(r"<h[23][^>]*>Cluster \d+: (.*?)(?:<a class=\"headerlink\"[^>]*>.*?</a>)?</h[23]>", re.S)


def _names_per_page(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        names = [html.unescape(re.sub(r"<[^>]+>", "", n)).strip() for n in HEADING.findall(page.read_text())]
        if names:
            found[page.relative_to(site).as_posix()] = names
    return found


def _assert_told_apart(site: Path, pages: int) -> None:
    found = _names_per_page(site)
    assert len(found) >= pages, sorted(found)
    for page, names in found.items():
        assert not [n for n in names if re.search(r"#\d+", n)], (page, names)
        # distinct in what they say: "Happy loud" and "Loud happy" are one name to a reader
        said = [frozenset(re.findall(r"[^\W_]+", n.casefold())) for n in names]
        assert len(set(said)) == len(names), (page, names)


@pytest.mark.parametrize(
    "library",
    [ROOT / "demo" / "library", ROOT / "demo" / "library-basic"],
    ids=["with-audio-features", "without-audio-features"],
)
def test_cluster_names_on_every_page_are_words_and_distinct(tmp_path: Path, library: Path) -> None:
    """The demo library (made by the project, shaped like a real export), with its audio features and
    exported without them: before, both numbered repeated names ("Middle ground #2", "Older · 1970s #3")."""
    config = project(tmp_path, library, tmp_path / "cache")
    mkdocs_build(config, tmp_path / "site")
    _assert_told_apart(tmp_path / "site", 20)


def test_cluster_names_of_a_real_export_without_audio_features(tmp_path: Path) -> None:
    """deadda7a's playlists (no audio features): its start page and `alles` named "Middle ground #1",
    "Older #3" and "Older #4"; now each is named by what stands out in it."""
    config = project(tmp_path, real_fixture("deadda7a__playlists"), tmp_path / "cache")
    mkdocs_build(config, tmp_path / "site")
    _assert_told_apart(tmp_path / "site", 40)
    # a name that claims a playlist says what the cluster's *Stands out* line shows (or its words)
    claimed = 0
    for page in (tmp_path / "site" / "library").rglob("index.html"):
        sections = re.split(r"(?=<h[23][^>]*>Cluster \d+: )", page.read_text())[1:]
        for section in sections:
            body = re.split(r"</h[23]>", section, maxsplit=1)[1]  # what the page says under the heading
            text = html.unescape(re.sub(r"<[^>]+>", "", body))
            name = html.unescape(re.sub(r"<[^>]+>", "", HEADING.findall(section)[0]))
            for fact in name.split(" · "):
                if fact.casefold().startswith("also in "):
                    claimed += 1
                    for playlist in fact[len("also in ") :].split(" and "):
                        assert f"also in {playlist}" in text, (page, name)
    assert claimed >= 10
