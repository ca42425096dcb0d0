"""Site variants as real builds: MkDocs' own theme, ProperDocs, a nav plugin with the user's own nav,
and `mkdocs gh-deploy` to a local bare repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BUILD_ENV, ROOT
from helpers.sitecheck import broken_links

DEMO = ROOT / "demo" / "library"
ENV = {
    **BUILD_ENV,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def project(tmp: Path, yaml: str, docs: dict[str, str] | None = None) -> Path:
    (tmp / "docs").mkdir(parents=True)
    for name, text in {"index.md": "# Home\n\nSee the [library](library/index.md).\n", **(docs or {})}.items():
        (tmp / "docs" / name).write_text(text, encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(f"site_name: Variant\n{yaml}", encoding="utf-8")
    return config


def run(args: list[str], cwd: Path, warnings: bool = False) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr[-4000:]
    assert warnings or "WARNING" not in result.stderr, result.stderr[-4000:]
    return result


PLUGIN = f"plugins:\n  - search\n  - clusters:\n      library: {DEMO}\n"


def test_mkdocs_builtin_theme(tmp_path: Path) -> None:
    config = project(tmp_path, "theme: mkdocs\n" + PLUGIN)
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", "site"], tmp_path)
    page = tmp_path / "site" / "library" / "playlists" / "alt-pop" / "index.html"
    assert '<h1 dir="auto">Alt-Pop</h1>' in page.read_text(encoding="utf-8")
    assert broken_links(tmp_path / "site") == []


def test_properdocs_build(tmp_path: Path) -> None:
    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent)) or shutil.which("properdocs")
    assert properdocs, "properdocs is installed with the test extra"
    config = project(tmp_path, "theme: material\n" + PLUGIN)
    run([properdocs, "build", "--strict", "-f", str(config), "-d", "site"], tmp_path)
    assert (tmp_path / "site" / "library" / "genres" / "index.html").exists()
    assert broken_links(tmp_path / "site") == []


def test_awesome_nav_with_the_users_nav_naming_generated_pages(tmp_path: Path) -> None:
    nav = "nav:\n  - index.md\n  - Alt-Pop clusters: library/playlists/alt-pop/index.md\n  - Labels: library/labels\n"
    config = project(tmp_path, "theme: material\n" + PLUGIN + "  - awesome-nav\n", {".nav.yml": nav})
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", "site"], tmp_path)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Alt-Pop clusters" in home
    assert 'href="library/labels/interscope-records/"' in home  # the folder the user's nav names
    assert 'href="library/genres/"' not in home  # and nothing the user left out
    assert broken_links(tmp_path / "site") == []


def test_explicit_nav_in_mkdocs_yml(tmp_path: Path) -> None:
    nav = "nav:\n  - Home: index.md\n  - Road trip: library/playlists/road-trip/index.md\n"
    config = project(tmp_path, "theme: material\n" + nav + PLUGIN)
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", "site"], tmp_path)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Road trip" in home
    assert 'href="library/playlists/"' not in home  # the user's nav is left as written


def test_gh_deploy_to_a_local_bare_repository(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    run(["git", "init", "--bare", "-q", str(remote)], tmp_path)
    work = tmp_path / "work"
    config = project(work, "theme: material\n" + PLUGIN)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "site"], ["remote", "add", "origin", str(remote)]):
        run(["git", *args], work)

    def deploy() -> str:
        # gh-deploy's own "Version check skipped" warning is about the remote, not the site
        run([sys.executable, "-m", "mkdocs", "gh-deploy", "-f", str(config), "--remote-name", "origin"], work, True)
        tree = run(["git", "--git-dir", str(remote), "rev-parse", "gh-pages^{tree}"], work)
        return tree.stdout.strip()

    first = deploy()
    files = run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"], work).stdout
    assert "library/playlists/alt-pop/index.html" in files
    assert "library/playlists/alt-pop/clusters.png" in files
    assert deploy() == first  # unchanged input, identical tree
    assert not (work / "docs" / "library").exists()


@pytest.mark.parametrize("directory_urls", ["true", "false"])
def test_builtin_theme_links_resolve_in_both_url_styles(tmp_path: Path, directory_urls: str) -> None:
    config = project(tmp_path, f"theme: mkdocs\nuse_directory_urls: {directory_urls}\n" + PLUGIN)
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", "site"], tmp_path)
    assert broken_links(tmp_path / "site") == []


def test_material_navigation_prune_and_indexes(tmp_path: Path) -> None:
    """With `navigation.prune` Material renders only the open section's pages into each page's nav: the
    library's kinds stay reachable through their index pages, and every link still resolves."""
    theme = "theme:\n  name: material\n  features:\n    - navigation.indexes\n    - navigation.prune\n"
    config = project(tmp_path, theme + PLUGIN)
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", "site"], tmp_path)
    assert broken_links(tmp_path / "site") == []
    site = tmp_path / "site" / "library"
    genre = (site / "genres" / "ambient" / "index.html").read_text(encoding="utf-8")
    playlist = (site / "playlists" / "alt-pop" / "index.html").read_text(encoding="utf-8")
    # each kind is a section whose index page is its link; only the open section lists its collections
    for page, own in ((genre, "genres"), (playlist, "playlists")):
        for kind in ("playlists", "genres", "labels", "artists"):
            assert (f'href="../../{kind}/"' if kind != own else 'href="../"') in page
    assert 'href="../chill-evenings/"' in playlist  # its own section is open
    assert 'href="../../playlists/alt-pop/"' not in genre  # another section's pages are pruned
