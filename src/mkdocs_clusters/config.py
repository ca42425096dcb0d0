"""The plugin's options in `mkdocs.yml`, and their translation into the core's settings.

Every option is documented in `docs/configuration.md`.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .clustering import METHODS, ClusterSettings
from .pages import PageSettings
from .site import Settings


class ClustersConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the `clusters` plugin."""

    library = c.Optional(c.Type(str))
    min_tracks = c.Type(int, default=5)
    root = c.Type(str, default="library")
    representative_tracks = c.Type(int, default=10)
    columns = c.ListOfItems(c.Type(str), default=[])
    label_aliases = c.Type(dict, default={})
    k = c.Optional(c.Type(int))
    k_min = c.Type(int, default=2)
    k_max = c.Type(int, default=8)
    cluster_min_tracks = c.Type(int, default=10)
    min_cluster_size = c.Type(int, default=3)
    seed = c.Type(int, default=0)
    method = c.Choice(METHODS, default="ward")
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/mkdocs-clusters")
    jobs = c.Type(int, default=0)
    nav = c.Type(bool, default=True)
    nav_limit = c.Type(int, default=50)
    playlist_downloads = c.Type(bool, default=True)


def check(config: ClustersConfig) -> list[str]:
    """What is wrong with the options, as messages naming them; [] when they are fine."""
    problems = []
    for name in ("min_tracks", "min_cluster_size", "cluster_min_tracks", "k_min", "k_max"):
        if getattr(config, name) < 1:
            problems.append(f"`{name}` must be at least 1")
    for name in ("representative_tracks", "nav_limit", "jobs"):
        if getattr(config, name) < 0:
            problems.append(f"`{name}` must not be negative")
    if config.k_min > config.k_max:
        problems.append("`k_min` must not be larger than `k_max`")
    if config.k is not None and config.k < 2:
        problems.append("`k` must be at least 2")
    if any(not isinstance(v, (str, list)) for v in config.label_aliases.values()):
        problems.append("`label_aliases` maps a label name to a pattern or a list of patterns")
    return problems


def settings_from(config: ClustersConfig, use_directory_urls: bool, source_links: bool = False) -> Settings:
    """The core's settings for this plugin config (checked with `check` first)."""
    return Settings(
        min_tracks=config.min_tracks,
        nav_limit=config.nav_limit,
        cluster=ClusterSettings(
            k=config.k,
            k_min=config.k_min,
            k_max=config.k_max,
            min_tracks=config.cluster_min_tracks,
            min_cluster_size=config.min_cluster_size,
            seed=config.seed,
            method=config.method,
        ),
        pages=PageSettings(
            root=config.root,
            representative=config.representative_tracks,
            columns=tuple(config.columns),
            use_directory_urls=use_directory_urls,
            downloads=config.playlist_downloads,
            source_links=source_links,
        ),
    )
