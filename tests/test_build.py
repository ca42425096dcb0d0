"""Real `mkdocs build --strict` runs: the demo site, variants, and the real 132-playlist export."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from helpers import (
    BUILD_ENV,
    EXPORTIFY_2025,
    ROOT,
    csv_bytes,
    demo_config,
    exportify_row,
    mkdocs_build,
    small_project,
    tree_digest,
)
from helpers.sitecheck import broken_links
from mkdocs_clusters.build import BuildCache, Options, Settings, build
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render.html import escape


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_demo_shows_the_library_without_audio_features_clustered_by_curation(demo_site: Path) -> None:
    """The second plugin instance: the demo's playlists exported without audio features, genres or labels."""
    basic = demo_site / "without-audio-features"
    pages = sorted((basic / "playlists").glob("*/index.html"))
    assert len(pages) == 12
    worded = 0
    for page in pages:
        body = unescape(text_of(page.read_text(encoding="utf-8")))
        assert "fallback features: shared playlists, artists' playlists, release year" in body, page
        assert "grouped by how you keep them: the other playlists they are in" in body, page
        worded += "mostly tracks you also keep in" in body and " added " in body
    assert worded >= 6
    # one stylesheet for both instances, linked once
    index = (basic / "index.html").read_text(encoding="utf-8")
    assert index.count("mkdocs-clusters/clusters.css") == 1


def test_demo_has_a_clusters_page_per_collection(demo_site: Path) -> None:
    library = load_library(ROOT / "demo" / "library", {"Interscope Records": ["Interscope", "Interscope Records*"]})
    catalog = build_catalog(library, min_tracks=Settings().min_collection_tracks)
    assert {c.kind for c in catalog.collections} == {"playlists", "genres", "labels", "artists"}
    assert len(catalog.of_kind("playlists")) == len(library.playlists) == 13
    multi = 0
    for collection in catalog.collections:
        page = demo_site / "library" / collection.path / "index.html"
        html = page.read_text(encoding="utf-8")
        # titled by the name; the subtitle counts the clusters only over clusters
        clustered = 'src="clusters.png"' in html
        assert f'<h1 dir="auto">{escape(collection.name)}</h1>' in html
        assert (" clusters of " in html or " cluster of " in html) == clustered
        assert clustered or "Not clustered." in html
        body = text_of(html)
        assert not re.search(r"\bnan\b", body), page
        assert not re.search(r"\b1 tracks\b", body), page
        assert "ðŸ" not in html
        if 'src="clusters.png"' in html:
            assert (page.parent / "clusters.png").stat().st_size > 1000
            multi += len(re.findall(r'<h2 id="cluster-\d+[^"]*">Cluster \d+: ', html)) >= 2
    assert multi >= len(catalog.collections) * 0.8


def test_demo_shows_hearts_links_scripts_and_escaped_markup(demo_site: Path) -> None:
    html = "\n".join(p.read_text(encoding="utf-8") for p in (demo_site / "library" / "playlists").rglob("*.html"))
    assert "💚" in unescape(html) and "🔗" in unescape(html)  # as characters or references, never mojibake
    assert "ðŸ" not in html
    for title in ("사랑해", "静かな海", "שיר לאהבה", "Ça ira, mon cœur"):
        assert title in html
    assert "Pipes | and &lt;b&gt;bold&lt;/b&gt; *not* [markup]" in html
    assert "<b>bold</b>" not in html
    # issue 4: words under each heading, feature profiles, folded full lists
    assert "<details><summary>" in html and re.search(r"more tracks in Cluster 1: \w", html)
    assert 'class="clusters-profile"' in html
    # the count stays out of the site's search (render/search.py), the words do not
    assert re.search(r"tracks · \s*<!-- clusters:search-on -->\s*(very )?[a-z-]+", html) and "Stands out: " in html


def test_demo_links_resolve(demo_site: Path) -> None:
    assert broken_links(demo_site) == []


def test_demo_nav_reaches_every_kind(demo_site: Path) -> None:
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    for href in ("library/playlists/", "library/genres/", "library/labels/", "library/artists/"):
        assert f'href="{href}"' in home
    index = (demo_site / "library" / "playlists" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../library/playlists/alt-pop/"' in index


def test_without_directory_urls_links_resolve(demo_site: Path, tmp_path: Path) -> None:
    """Links of a site without directory URLs. The clusters do not depend on the URLs: the build starts
    from a copy of the shared demo build's cache (a fresh build is what the next test checks)."""
    shutil.copytree(demo_site.parent / ".cache", tmp_path / ".cache")
    result = mkdocs_build(demo_config(tmp_path, use_directory_urls="false"), tmp_path / "site")
    assert re.findall(r"(\d+) clustered in this build", result.stderr) == ["0", "0"], result.stderr[-2000:]
    assert (tmp_path / "site" / "library" / "playlists" / "alt-pop" / "index.html").exists()
    assert broken_links(tmp_path / "site") == []


def test_two_builds_are_byte_identical(demo_site: Path, tmp_path: Path) -> None:
    mkdocs_build(demo_config(tmp_path), tmp_path / "site")
    assert tree_digest(demo_site) == tree_digest(tmp_path / "site")


def failed_build(tmp_path: Path, plugin_yaml: str, docs: dict[str, str] | None = None) -> str:
    """Build a small project that must fail; returns MkDocs' stderr."""
    config = small_project(tmp_path, plugin_yaml, docs)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    return result.stderr


def test_two_instances_may_not_share_a_cache(tmp_path: Path) -> None:
    """Each remembers its own library's last build there (the clusters a rebuild starts from)."""
    two = "      library: export\n  - clusters:\n      library: export\n      root: again\n"
    assert "uses the cache_dir" in failed_build(tmp_path, two)


def test_missing_library_is_a_clean_error(tmp_path: Path) -> None:
    assert "library not found" in failed_build(tmp_path, "      library: nowhere.zip\n")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("min_cluster_size: 0", "option 'min_cluster_size': must be at least 1"),
        ("k_min: 13", "option 'k_min': must not be larger than `k_max`"),
        ("min_tracks: true", "option 'min_tracks': must be a whole number, not True"),
        ("label_aliases: {A: 3}", "option 'label_aliases': a label name maps to a pattern or a list of patterns"),
    ],
)
def test_bad_options_are_named(tmp_path: Path, option: str, message: str) -> None:
    """MkDocs validates the options with the plugin's option classes and names the first bad one."""
    assert message in failed_build(tmp_path, f"      library: export\n      {option}\n")


def test_a_user_page_is_never_overwritten(tmp_path: Path) -> None:
    # docs/library.md and the generated library/index.md would both become library/index.html
    err = failed_build(tmp_path, "      library: export\n", {"library.md": "# Mine\n"})
    assert "library.md in docs_dir would be overwritten" in err


def test_a_broken_file_is_logged_once_and_the_rest_builds(tmp_path: Path) -> None:
    config = small_project(tmp_path, "      library: export\n")
    (tmp_path / "export" / "Broken.csv").write_bytes(b"Track URI,Track Name\nspotify:track:a\nx,y,z\n")
    (tmp_path / "export" / "Garbage.csv").write_bytes(b"\xff\xfe\x00\x01")
    result = mkdocs_build(config, tmp_path / "site", strict=False)
    logged = [line for line in result.stderr.splitlines() if "Broken.csv" in line]
    assert len(logged) == 1 and logged[0].startswith("WARNING")  # rows were lost: --strict fails on it
    assert "line 2: expected 2 fields, found 1 (and 1 more); 0 of 2 rows loaded" in logged[0]
    assert (tmp_path / "site" / "library" / "playlists" / "mix" / "index.html").exists()
    home = (tmp_path / "site" / "library" / "index.html").read_text(encoding="utf-8")
    # b"\xff\xfe" is UTF-16's byte order mark: Garbage.csv reads as a one-letter header, not a playlist export
    assert "Broken.csv" in home and "Garbage.csv: 0 of 0 rows loaded; no Track Name and Track URI/ID columns" in home
    strict = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "strict")],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
    )
    assert strict.returncode != 0 and "Broken.csv" in strict.stderr  # lost rows fail a strict build


def _mixed_playlist(folder: Path, keep: range) -> None:
    """One 120-track playlist of sounds without clear groups (as real playlists are), rows in `keep`."""
    rng = random.Random(11)
    rows = []
    for i in range(120):
        energy, dance = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)
        rest = [rng.uniform(0.05, 0.9) for _ in range(5)]
        features = (energy, dance, rng.uniform(-20, -4), *rest, rng.uniform(70, 170))
        if i in keep:
            rows.append(exportify_row(f"m{i:03d}".ljust(22, "A"), f"Song {i}", f"Artist {i % 9}", features=features))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Mixed.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))


def test_an_edit_keeps_the_clusters_numbers_and_names_through_the_cache(tmp_path: Path) -> None:
    """A playlist loses 10 % of its tracks: the next build (a new process, the same cache folder) keeps
    every remaining track in its cluster and every cluster's number (names follow what the clusters now
    hold); without the cache the clusters are made afresh."""
    library = tmp_path / "export"
    _mixed_playlist(library, range(120))
    options = Options(Settings(min_collection_tracks=1000))
    first = build(library, options, BuildCache(tmp_path / "cache")).site
    _mixed_playlist(library, range(12, 120))
    second = build(library, options, BuildCache(tmp_path / "cache")).site
    page = "library/playlists/mixed/index.md"
    before, after = _clusters_of(first.pages[page]), _clusters_of(second.pages[page])
    assert len(before) >= 5
    kept = {number: {t for t in titles if int(t.split()[1]) >= 12} for number, titles in before.items()}
    assert after == kept
    assert "kept from the last build" in second.pages[page]
    fresh = build(library, options, BuildCache(None)).site
    assert "kept from the last build" not in fresh.pages[page]


def _clusters_of(page: str) -> dict[int, set[str]]:
    """Each cluster's number (its heading: `Cluster 3: Fast loud`) with the titles of its tracks."""
    found: dict[int, set[str]] = {}
    for part in re.split(r"^## ", page, flags=re.M)[1:]:
        number = re.match(r"Cluster (\d+): ", part)
        if number:
            found[int(number.group(1))] = set(re.findall(r'<td dir="auto">(Song \d+)</td>', part))
    return found
