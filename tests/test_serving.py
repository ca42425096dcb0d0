"""Serve rebuilds that take unchanged pages and files from the last build (mkdocs_clusters/serving/):
the site they leave is the one a full build makes, to the byte; anything that could change a page the
generated Markdown does not show (the configuration, a docs page) makes them render every page."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.config import load_config

from helpers import BUILD_ENV, mkdocs_build, tree_digest, write_small_library
from mkdocs_clusters.serving.refusal import refusal
from mkdocs_clusters.serving.staging import Staging

#: serve rebuilds in one process, as `mkdocs serve` runs them (MkDocs keeps the plugin across them);
#: each step edits something, rebuilds, and tells what the plugin took from the last build
SERVE = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site = Path(sys.argv[1]), sys.argv[2]
    os.chdir(project)
    steps = {}

    def rebuild(name):
        config = load_config("mkdocs.yml", site_dir=site)
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/")
        plugin = config.plugins["clusters"]
        steps[name] = {"reused": sorted(plugin.reuse.reused), "refused": plugin.reuse.refused,
                       "pages": len(plugin.build.site.pages)}
        return config

    def drop_last_row(path):
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\\n".join(lines[:-1]) + "\\n", encoding="utf-8")

    rebuild("first")
    rebuild("unchanged")
    drop_last_row(project / "library" / "Playlist_0.csv")
    rebuild("playlist edited")
    (project / "library" / "Playlist_5.csv").unlink()  # its folder of the site goes, with the files in it
    rebuild("playlist removed")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\\nMore.\\n")
    rebuild("page edited")
    config = rebuild("after the page edit")
    config.plugins.on_shutdown()
    print(json.dumps(steps))
    """
)


def serve_project(tmp: Path) -> Path:
    """Six playlists (artists' pages too), Material with its search, a sitemap (site_url), a home page
    that links into the generated pages."""
    write_small_library(tmp / "library", playlists=6)
    (tmp / "docs").mkdir()
    (tmp / "docs" / "index.md").write_text(
        "# Home\n\nSee [the first playlist](library/playlists/playlist-1/index.md#cluster-1).\n", encoding="utf-8"
    )
    (tmp / "mkdocs.yml").write_text(
        "site_name: Serve\nsite_url: https://example.org/\ntheme:\n  name: material\nplugins:\n  - search\n"
        f"  - clusters:\n      library: library\n      cache_dir: {tmp / 'cache'}\n      min_tracks: 5\n",
        encoding="utf-8",
    )
    return tmp


def test_serve_rebuilds_take_unchanged_pages_and_leave_the_site_a_full_build_makes(tmp_path: Path) -> None:
    project = serve_project(tmp_path / "project")
    served = tmp_path / "served"
    run = subprocess.run(
        [sys.executable, "-c", SERVE, str(project), str(served)], capture_output=True, text=True, env=BUILD_ENV
    )
    assert run.returncode == 0, run.stderr[-4000:]
    steps = json.loads(run.stdout.strip().splitlines()[-1])
    assert all(step["refused"] == "" for step in steps.values())
    assert steps["first"]["reused"] == []
    pages = steps["first"]["pages"]
    assert len(steps["unchanged"]["reused"]) == pages  # same library, same docs: every page as it was
    edited = steps["playlist edited"]["reused"]
    # the other five playlists' pages are the same; the edited one, its artists', the indexes are not
    assert "library/playlists/playlist-3/index.md" in edited
    assert "library/playlists/playlist-0/index.md" not in edited
    assert "library/index.md" not in edited
    assert 5 <= len(edited) < pages
    assert steps["playlist removed"]["reused"] == []  # the navigation lists the playlists: it changed
    assert steps["page edited"]["reused"] == []  # a docs page can change the navigation's titles
    assert len(steps["after the page edit"]["reused"]) == steps["after the page edit"]["pages"]

    full = tmp_path / "full"
    mkdocs_build(project / "mkdocs.yml", full)
    assert tree_digest(served) == tree_digest(full)
    index = json.loads((served / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(entry["location"].startswith("library/playlists/playlist-3/") for entry in index["docs"])
    assert "library/playlists/playlist-3/" in (served / "sitemap.xml").read_text(encoding="utf-8")
    assert not (served / "library" / "playlists" / "playlist-5").exists()


def test_staging_links_what_is_unchanged_and_never_writes_through_a_link(tmp_path: Path) -> None:
    staging = Staging(tmp_path)
    site = tmp_path / "site"
    staging.place("a/cluster-1.csv", b"one", site / "a" / "cluster-1.csv")
    staging.sweep()
    (site / "a" / "cluster-1.csv").unlink()  # MkDocs empties site_dir before a build
    staging.place("a/cluster-1.csv", b"one", site / "a" / "cluster-1.csv")
    assert (site / "a" / "cluster-1.csv").stat().st_nlink == 2  # linked, not written
    staging.place("a/cluster-1.csv", b"two", site / "a" / "cluster-1.csv")  # over the link (a dirty site)
    assert (site / "a" / "cluster-1.csv").read_bytes() == b"two"
    assert staging.holds("a/cluster-1.csv", b"two") and not staging.holds("a/cluster-1.csv", b"one")
    staging.sweep()
    staging.sweep()  # a build that did not use it: gone
    assert not staging.holds("a/cluster-1.csv", b"two")
    staging.close()
    assert not staging.folder.exists()


@pytest.mark.parametrize(
    ("plugins", "dirty", "refused"),
    [
        ("  - search\n  - clusters:\n      library: x\n", False, ""),
        ("  - clusters:\n      library: x\n", True, "a dirty build writes over files in place"),
        ("  - search:\n      prebuild_index: true\n  - clusters:\n      library: x\n", False, "the plugin search"),
        ("  - material/tags\n  - clusters:\n      library: x\n", False, "the plugin material/tags"),
    ],
)
def test_reuse_only_beside_plugins_that_cannot_tell(tmp_path: Path, plugins: str, dirty: bool, refused: str) -> None:
    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"site_name: T\nplugins:\n{plugins}", encoding="utf-8")  # MkDocs' own theme and search
    said = refusal(load_config(str(config_file)), dirty, ["clusters"])
    assert said.startswith(refused) and bool(said) == bool(refused)
