"""`python -m mkdocs_clusters generate`: the plugin's files in a folder, written incrementally and safely."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, ROOT, csv_bytes, demo_config, exportify_row
from helpers.sitecheck import broken_links
from mkdocs_clusters.build import Settings, generate_site
from mkdocs_clusters.cli import main
from mkdocs_clusters.read.library import load_library
from mkdocs_clusters.render.assets import packaged_assets
from mkdocs_clusters.store.folder import MANIFEST, OutputError, checked_path, site_files, write_tree

SUMMARY = re.compile(r": (\d+) written, (\d+) unchanged, (\d+) removed \((\d+) collections, (\d+) clustered\)$")


def generate(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_clusters", "generate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def failed(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    """Run `generate` in this process (quicker, for runs that stop early); (exit code, stderr)."""
    code = main(["generate", *map(str, args)])
    return code, capsys.readouterr().err


def generated(*args: str | Path, cwd: Path | None = None) -> tuple[int, int, int, int]:
    """Run `generate`, which must succeed; (written, unchanged, removed, clustered) from its summary."""
    result = generate(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = SUMMARY.search(lines[0])
    assert match, lines[0]
    written, unchanged, removed, _, clustered = map(int, match.groups())
    return written, unchanged, removed, clustered


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but the manifest, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, modification time) of every file, the manifest included: a rewrite changes one of them."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def write_export(folder: Path, playlists: dict[str, int]) -> None:
    """Playlists of varied tracks (name -> size), all by one artist, label and genre."""
    folder.mkdir(parents=True, exist_ok=True)
    for p, (name, size) in enumerate(playlists.items()):
        rows = []
        for i in range(size):
            x = ((i * 7 + p * 3) % 11) / 10
            features = (x, 1 - x, -5 - 5 * x, 0.05, x / 2, 0.0, 0.1, 1 - x / 2, 90 + 40 * x)
            rows.append(exportify_row(f"{p:02d}{i:020d}", f"{name} song {i}", features=features))
        (folder / f"{name}.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))


def html_page(md: str) -> str:
    """Where MkDocs puts the page of a Markdown source, with directory URLs."""
    stem = md[: -len(".md")]
    return f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html"


# --- the same files as the plugin ------------------------------------------------------------------


def test_generate_writes_what_the_plugin_builds(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = demo_config(tmp_path)
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    done = config.plugins["clusters"].build
    assert done is not None and done.computed  # clustered here, so stored in the cache
    plugin_site = done.site

    out = tmp_path / "out"
    written, unchanged, removed, clustered = generated("--config", config_file, "--out", out)
    files = tree(out)
    expected = {path: text.encode("utf-8") for path, text in plugin_site.pages.items()}
    expected.update(plugin_site.images)
    expected.update(plugin_site.downloads)
    expected.update(packaged_assets())
    assert files == expected
    assert (written, unchanged, removed) == (len(expected), 0, 0)
    assert clustered == 0, "generate did not reuse the plugin's disk cache"
    assert "assets/mkdocs-clusters/clusters.css" in files
    site = tmp_path / "site"
    for path, data in files.items():
        if path.endswith(".md"):
            assert (site / html_page(path)).is_file(), path
        else:  # pictures and assets are copied as they are
            assert (site / path).read_bytes() == data, path


# --- incremental and careful -----------------------------------------------------------------------


def test_a_second_run_rewrites_nothing(tmp_path: Path) -> None:
    write_export(tmp_path / "export", {"Alpha": 12, "Beta": 12})
    out = tmp_path / "out"
    written, unchanged, removed, clustered = generated(tmp_path / "export", "--out", out, "--no-cache")
    assert written > 0 and unchanged == removed == 0 and clustered > 0
    before = stamps(out)
    time.sleep(0.01)  # a rewrite would get a later modification time
    assert generated(tmp_path / "export", "--out", out, "--no-cache")[:3] == (0, written, 0)
    assert stamps(out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_dropped_playlist_removes_its_files_only(tmp_path: Path) -> None:
    export = tmp_path / "export"
    write_export(export, {"Alpha": 12, "Beta": 12, "Gamma": 12})
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("# My site\n")
    generated(export, "--out", out, "--no-cache")
    first = tree(out)
    beta = {p for p in first if p.startswith("library/playlists/beta/")}
    gamma = {p for p in first if p.startswith("library/playlists/gamma/")}
    assert {"library/playlists/beta/clusters.png", "library/playlists/beta/cluster-1.csv"} <= beta
    assert len(beta) == len(gamma)
    # the user's own files, one of them in a folder the tool made
    (out / "library" / "notes.md").write_text("mine\n")
    (out / "library" / "playlists" / "gamma" / "mine.md").write_text("mine too\n")

    (export / "Beta.csv").unlink()
    (export / "Gamma.csv").unlink()
    written, _, removed, _ = generated(export, "--out", out, "--no-cache")

    after = tree(out)
    gone = set(first) - set(after)
    assert removed == len(gone) and beta | gamma <= gone
    # what else went is what a fresh run no longer makes (genres lost tracks, so clusters, so downloads)
    fresh = tmp_path / "fresh"
    generated(export, "--out", fresh, "--no-cache")
    mine = {"index.md", "library/notes.md", "library/playlists/gamma/mine.md"}
    assert set(after) - mine == set(tree(fresh))
    assert not (out / "library" / "playlists" / "beta").exists(), "an emptied folder it made stays"
    assert (out / "library" / "playlists" / "gamma" / "mine.md").read_text() == "mine too\n"
    assert (out / "library" / "notes.md").read_text() == "mine\n"
    assert (out / "index.md").read_text() == "# My site\n"
    assert written > 0  # the playlists index and the home page lost two entries
    manifest = json.loads((out / MANIFEST).read_text())
    assert "library/notes.md" not in manifest["files"] and "library/playlists/beta" not in manifest["folders"]
    assert set(manifest["files"]) == set(after) - {"index.md", "library/notes.md", "library/playlists/gamma/mine.md"}


def test_a_page_of_the_user_is_never_overwritten(tmp_path: Path) -> None:
    write_export(tmp_path / "export", {"Alpha": 6})
    out = tmp_path / "docs"
    (out / "library").mkdir(parents=True)
    (out / "library" / "index.md").write_text("# My library\n")
    result = generate(tmp_path / "export", "--out", out, "--no-cache")
    assert result.returncode == 1
    assert "library/index.md exists and was not written by mkdocs-clusters" in result.stderr
    assert [p.name for p in out.rglob("*")] == ["library", "index.md"]  # nothing written
    assert generated(tmp_path / "export", "--out", out, "--no-cache", "--root", "music")[0] > 0


# --- options -----------------------------------------------------------------------------------------


def test_options_come_from_mkdocs_yml_and_the_command_line_overrides(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_export(project / "export", {"Alpha": 12})
    (project / "mkdocs.yml").write_text(
        "site_name: T\nuse_directory_urls: false\nplugins:\n  - search\n"
        "  - clusters:\n      library: export\n      root: music\n      min_tracks: 3\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    generated("--config", "../project/mkdocs.yml", "--out", "../project/docs", cwd=elsewhere)
    docs = project / "docs"
    clusters = (docs / "music" / "playlists" / "alpha" / "index.md").read_text()
    assert 'href="../../../music/artists/artist/index.html"' in clusters  # no directory URLs, as in mkdocs.yml
    assert (project / ".cache" / "mkdocs-clusters").is_dir(), "the cache is next to mkdocs.yml"
    assert not (elsewhere / ".cache").exists()

    _, _, removed, clustered = generated(
        "--config", project / "mkdocs.yml", "--out", docs, "--root", "sounds", "--use-directory-urls"
    )
    assert clustered == 0  # the same collections and options: all from the cache
    assert removed > 0 and not (docs / "music").exists()
    clusters = (docs / "sounds" / "playlists" / "alpha" / "index.md").read_text()
    assert 'href="../../../sounds/artists/artist/"' in clusters


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--k-min", "13"], "error: `k_min`: must not be larger than `k_max`"),
        (["--k", "1"], "error: `k`: must be at least 2"),
        (["--min-tracks", "0"], "error: `min_tracks`: must be at least 1"),
        (["--jobs", "-1"], "error: `jobs`: must not be negative"),
    ],
)
def test_bad_options_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    write_export(tmp_path / "export", {"Alpha": 6})
    code, err = failed(capsys, tmp_path / "export", "--out", tmp_path / "out", *args)
    assert code == 2
    assert message in err
    assert not (tmp_path / "out").exists()


def test_unusable_inputs_are_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = generate(tmp_path / "missing.zip", "--out", tmp_path / "out")  # as a user runs it
    assert (result.returncode, result.stderr.strip()) == (2, f"error: library not found: {tmp_path / 'missing.zip'}")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nplugins:\n  - search\n")
    assert failed(capsys, "--config", config, "--out", tmp_path / "out") == (
        2,
        f"error: {config} has no `clusters` plugin under `plugins:`\n",
    )
    config.write_text("site_name: T\nplugins:\n  - clusters:\n      min_tracks: 5\n")
    code, err = failed(capsys, "--config", config, "--out", tmp_path / "out")
    assert code == 2 and "give the LIBRARY" in err
    config.write_text("site_name: T\nplugins:\n  clusters:\n    library: [1]\n")
    code, err = failed(capsys, "--config", config, "--out", tmp_path / "out")
    assert code == 2 and err.startswith("error: `library`: ")
    config.write_text("site_name: T\nplugins: [clusters\n")
    code, err = failed(capsys, "--config", config, "--out", tmp_path / "out")
    assert code == 2 and err.startswith(f"error: cannot parse {config}")
    code, err = failed(
        capsys, tmp_path / "export", "--out", tmp_path / "out", "--cache-dir", tmp_path / "out" / "cache"
    )
    assert code == 2 and "inside the output folder" in err
    code, err = failed(capsys, tmp_path, "--out", tmp_path / "out")
    assert code == 2 and "inside the library" in err
    assert not (tmp_path / "out").exists()


# --- output.py -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["../x.md", "/etc/x.md", "a/../../x.md", "a/../b.md", "a//b.md", "./a.md", "", "a\\..\\x.md", MANIFEST]
)
def test_paths_that_could_leave_the_folder_are_refused(tmp_path: Path, path: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError):
        write_tree({"fine.md": b"ok", path: b"evil"}, out)
    assert list(out.iterdir()) == []  # checked before anything is written


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "library").symlink_to(outside)
    with pytest.raises(OutputError, match="leads outside"):
        checked_path(out.resolve(), "library/index.md")
    with pytest.raises(OutputError):
        write_tree({"library/index.md": b"x"}, out)
    (out / "page.md").symlink_to(outside / "target.md")
    with pytest.raises(OutputError, match="symbolic link"):
        write_tree({"page.md": b"x"}, out)
    assert list(outside.iterdir()) == []


def test_a_tampered_manifest_never_removes_outside(tmp_path: Path) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim.md"
    victim.write_text("keep\n")
    write_tree({"a/b.md": b"1"}, out)
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"] += ["../victim.md", str(victim)]
    manifest["folders"] += [".."]
    (out / MANIFEST).write_text(json.dumps(manifest))
    summary = write_tree({}, out)
    assert summary.removed == ["a/b.md"]
    assert victim.read_text() == "keep\n"
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST]


def test_writes_are_whole_and_readable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = write_tree({"a/b.md": b"one", "c.png": b"\x89PNG"}, out)
    assert (summary.written, summary.unchanged, summary.removed) == (["a/b.md", "c.png"], [], [])
    mask = os.umask(0)
    os.umask(mask)
    assert (out / "a" / "b.md").stat().st_mode & 0o777 == 0o666 & ~mask
    summary = write_tree({"a/b.md": b"two", "c.png": b"\x89PNG"}, out)
    assert (summary.written, summary.unchanged) == (["a/b.md"], ["c.png"])
    assert (out / "a" / "b.md").read_bytes() == b"two"
    assert sorted(p.name for p in out.rglob("*")) == sorted([MANIFEST, "a", "b.md", "c.png"])


def test_site_files_are_the_pages_pictures_and_assets(tmp_path: Path) -> None:
    write_export(tmp_path / "export", {"Alpha": 12})
    site, _ = generate_site(load_library(tmp_path / "export"), Settings())
    files = site_files(site)
    assert set(files) == set(site.pages) | set(site.images) | set(site.downloads) | set(packaged_assets())
    assert files["library/index.md"] == site.pages["library/index.md"].encode("utf-8")


def test_every_packaged_asset_is_shipped() -> None:
    folder = ROOT / "mkdocs_clusters" / "render" / "assets"
    on_disk = {f"assets/mkdocs-clusters/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file()}
    assert set(packaged_assets()) == on_disk and "assets/mkdocs-clusters/clusters.css" in on_disk


# --- another builder: Zensical ------------------------------------------------------------------


def zensical_site(tmp_path: Path, use_directory_urls: bool, *options: str) -> Path:
    """`generate` into the docs folder of a Zensical project, then `zensical build --strict`; the site."""
    pytest.importorskip("zensical")
    write_export(tmp_path / "export", {"Alpha": 12, "Beta": 8})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Music\n\n[The library](library/index.md)\n")
    (tmp_path / "zensical.toml").write_text(
        f'[project]\nsite_name = "Music"\nuse_directory_urls = {str(use_directory_urls).lower()}\n'
        'extra_css = ["assets/mkdocs-clusters/clusters.css"]\n'
    )
    urls = "--use-directory-urls" if use_directory_urls else "--no-directory-urls"
    generated(tmp_path / "export", "--out", tmp_path / "docs", "--no-cache", urls, *options)
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "site"


def test_zensical_builds_the_generated_pages(tmp_path: Path) -> None:
    site = zensical_site(tmp_path, False, "--source-links")
    for path in tree(tmp_path / "docs"):
        if path.endswith(".md"):
            assert (site / (path[: -len(".md")] + ".html")).is_file(), path
    html = (site / "library" / "playlists" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "Alpha song 3" in html and 'src="clusters.png"' in html
    assert 'href="../../../assets/mkdocs-clusters/clusters.css"' in html
    assert (site / "assets" / "mkdocs-clusters" / "clusters.css").is_file()
    assert broken_links(site) == []


def test_zensical_with_directory_urls_and_source_links(tmp_path: Path) -> None:
    """Zensical rewrites links in raw HTML as if relative to the Markdown file (MkDocs leaves them):
    `--source-links` writes them so, as paths to the .md files, and every link resolves."""
    site = zensical_site(tmp_path, True, "--source-links")
    assert (site / "library" / "playlists" / "alpha" / "index.html").is_file()
    assert broken_links(site) == []
