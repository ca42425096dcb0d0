"""The plugin's options: validated by their option classes, the same way in `mkdocs.yml` and `generate`;
the paths they name stay where they belong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BUILD_ENV, mkdocs_build, small_project, write_small_library
from mkdocs_clusters.config import ClustersConfig
from mkdocs_clusters.parallel import workers


def validated(**options: object) -> list[tuple[str, str]]:
    """The failures of a plugin config with `library: export` and `options`."""
    config = ClustersConfig()
    config.load_dict({"library": "export", **options})
    failed, _ = config.validate()
    return [(name, str(error)) for name, error in failed]


@pytest.mark.parametrize("root", ["..", "../docs/gen", "/tmp/elsewhere", "a/../../b", "a\\b", "C:/x", "~/x", "", "./x"])
def test_root_must_stay_inside_the_site(root: str) -> None:
    [(name, message)] = validated(root=root)
    assert name == "root" and "must be a folder inside the site" in message


@pytest.mark.parametrize("root", ["library", "music/spotify", "Bibliothèque"])
def test_plain_roots_are_accepted(root: str) -> None:
    assert validated(root=root) == []


@pytest.mark.parametrize("name", ["min_tracks", "k_max", "nav_limit", "jobs", "representative_tracks"])
def test_booleans_are_not_numbers(name: str) -> None:
    assert validated(**{name: True}) == [(name, "must be a whole number, not True")]


def test_the_player_is_off_unless_named() -> None:
    assert validated() == [] and validated(player="spotify") == []
    [(name, message)] = validated(player="youtube")
    assert name == "player" and "spotify" in message


def test_a_root_outside_the_site_writes_nothing_and_says_why(tmp_path: Path) -> None:
    config = small_project(tmp_path, "      library: export\n      root: ../docs/gen\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True, text=True, env=BUILD_ENV
    )
    assert result.returncode != 0 and "option 'root': must be a folder inside the site" in result.stderr
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["index.md"]
    assert not (tmp_path / "site").exists()


def test_generate_refuses_the_same_root(tmp_path: Path) -> None:
    write_small_library(tmp_path / "export")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_clusters", "generate", str(tmp_path / "export"), "--out", str(tmp_path / "out"),
         "--root", "../escape", "--no-cache"],
        capture_output=True, text=True, env=BUILD_ENV,
    )  # fmt: skip
    assert result.returncode == 2 and "`root`: must be a folder inside the site" in result.stderr
    assert not (tmp_path / "escape").exists()


def test_jobs_never_exceed_the_cores() -> None:
    cores = len(os.sched_getaffinity(0))
    assert workers(0) == cores
    assert workers(100_000) == cores
    assert workers(1) == 1


def test_a_missing_library_fails_before_the_last_site_is_emptied(tmp_path: Path) -> None:
    config = small_project(tmp_path, "      library: export\n      cache: false\n")
    mkdocs_build(config, tmp_path / "site")
    before = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*"))
    (tmp_path / "export").rename(tmp_path / "moved")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
    )
    assert result.returncode != 0 and f"library not found: {tmp_path / 'export'}" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*")) == before


def test_a_library_inside_docs_dir_is_read_but_not_published(tmp_path: Path) -> None:
    config = small_project(tmp_path, "      library: docs/exports\n      cache: false\n")
    (tmp_path / "export").rename(tmp_path / "docs" / "exports")
    result = mkdocs_build(config, tmp_path / "site")
    assert (tmp_path / "site" / "library" / "playlists" / "mix" / "index.html").exists()
    assert not (tmp_path / "site" / "exports").exists() and not list((tmp_path / "site").rglob("Mix.csv"))
    assert "is inside docs_dir: read, but left out of the site (1 file)" in result.stderr


@pytest.mark.parametrize("seed", [2**32, 1_750_000_000_000])  # a millisecond timestamp is larger still
def test_a_seed_scikit_learn_cannot_take_is_refused(seed: int) -> None:
    assert validated(seed=seed) == [
        ("seed", f"must be at most 4294967295 (2**32 - 1, the largest seed scikit-learn takes), not {seed}")
    ]
    assert validated(seed=2**32 - 1, method="kmeans") == []


def test_generate_refuses_a_seed_scikit_learn_cannot_take(tmp_path: Path) -> None:
    write_small_library(tmp_path / "export")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_clusters", "generate", str(tmp_path / "export"), "--out", str(tmp_path / "out"),
         "--method", "kmeans", "--seed", str(2**32), "--no-cache"],
        capture_output=True, text=True, env=BUILD_ENV,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "`seed`: must be at most 4294967295" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["library", "cache_dir", "root"])
def test_a_nul_character_in_a_path_is_refused_naming_the_option(name: str) -> None:
    assert validated(**{name: "lib\0x"}) == [(name, "must not hold a NUL character (\\0), as in 'lib\\x00x'")]


@pytest.mark.parametrize("name", ["library", "cache_dir", "root"])
def test_mkdocs_build_refuses_a_nul_character_in_a_path(tmp_path: Path, name: str) -> None:
    plugin = {"library": "export", "cache_dir": ".cache", "root": "library", name: "lib\\0x"}
    config = small_project(tmp_path, "".join(f'      {key}: "{value}"\n' for key, value in plugin.items()))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True, text=True, env=BUILD_ENV
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"option '{name}': must not hold a NUL character" in result.stderr
