"""The plugin's options in `mkdocs.yml`, validated by MkDocs' option classes, and their translation into
the core's options.

Every option is documented in `docs/configuration.md`. `generate` validates the same options with the same
classes, so a value refused by one is refused by the other with the same words.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError

from mkdocs_clusters.build import Options, Settings
from mkdocs_clusters.cluster.model import METHODS, ClusterSettings
from mkdocs_clusters.read.sources import DEFAULT_LIMITS, Limits
from mkdocs_clusters.render.pages import PageSettings

MIB = 1024 * 1024


#: the largest seed scikit-learn takes (a 32-bit unsigned number); larger ones failed in the workers
MAX_SEED = 2**32 - 1


class Count(c.OptionallyRequired[int]):
    """A whole number of at least `minimum` (YAML's `true` is not 1), at most `maximum` (with `why`, the
    reason), and, with `not_above`, no larger than the option of that name (read as written, before its
    own validation, so both faults are told)."""

    def __init__(
        self, minimum: int, default: int | None = None, not_above: str = "", maximum: int | None = None, why: str = ""
    ) -> None:
        super().__init__(default=default)
        self.minimum = minimum
        self.maximum, self.why = maximum, why
        self.not_above = not_above
        self._other: Any = None

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self._other = config.get(self.not_above) if self.not_above else None

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"must be a whole number, not {value!r}")
        if value < self.minimum:
            raise ValidationError("must not be negative" if self.minimum == 0 else f"must be at least {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(f"must be at most {self.maximum}{self.why}, not {value}")
        other = self._other
        if isinstance(other, int) and not isinstance(other, bool) and value > other:
            raise ValidationError(f"must not be larger than `{self.not_above}`")
        return value


class Patterns(BaseConfigOption[list[str]]):
    """A label's spellings: one pattern or a list of them."""

    def run_validation(self, value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        raise ValidationError("a label name maps to a pattern or a list of patterns")


def refuse_nul(value: str) -> str:
    """`value` unless it holds a NUL character, which no file system takes: refused here, naming the
    option, rather than as Python's "embedded null byte" from the first file operation."""
    if "\0" in value:
        raise ValidationError(f"must not hold a NUL character (\\0), as in {value!r}")
    return value


class PathText(c.Type[str]):
    """A path typed as text (`cache_dir`)."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        return refuse_nul(super().run_validation(value))


class LibraryPath(BaseConfigOption[str]):
    """The export to build from, relative to `mkdocs.yml`; whether it exists is the build's to say (a
    `mkdocs serve` rebuild keeps the last site while it is gone)."""

    def run_validation(self, value: object) -> str:
        if value is None:
            raise ValidationError(
                "set it to your export: a zip, a folder of CSV files, or one CSV, JSON or Parquet file"
            )
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"must be a path, not {value!r}")
        return refuse_nul(value)


class SiteFolder(c.OptionallyRequired[str]):
    """A folder inside the site, as a relative path of plain names (`library`, `music/spotify`): no `..`,
    no absolute path, no backslash, so generated pages can never land outside the site."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"must be a folder name such as `library`, not {value!r}")
        refuse_nul(value)
        parts = value.strip("/").split("/")
        if value.startswith(("/", "~")) or "\\" in value or any(p in ("", ".", "..") for p in parts) or ":" in value:
            raise ValidationError(
                f"must be a folder inside the site such as `library` or `music/spotify`, not {value!r}"
            )
        return value


class SchedulerAddress(c.OptionallyRequired[str]):
    """A Dask scheduler's address (`tcp://10.0.0.5:8786`), "" for none. Only its form is checked here:
    whether a scheduler answers is the build's to say, since only a build that needs it imports Dask."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or any(ch.isspace() for ch in value.strip()):
            raise ValidationError(f"must be a Dask scheduler address such as `tcp://10.0.0.5:8786`, not {value!r}")
        return value.strip()


class ClustersConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the `clusters` plugin."""

    library = LibraryPath()
    min_tracks = Count(1, default=10)
    root = SiteFolder(default="library")
    title = c.Type(str, default="Library")
    representative_tracks = Count(0, default=10)
    columns = c.ListOfItems(c.Type(str), default=[])
    label_aliases: c.DictOfItems[list[str]] = c.DictOfItems(Patterns(), default={})
    k = c.Optional(Count(2))
    k_min = Count(1, default=2, not_above="k_max")
    k_max = Count(1, default=12)
    #: the default `min_tracks` is the same: every genre, label and artist page can show clusters
    cluster_min_tracks = Count(1, default=10)
    min_cluster_size = Count(1, default=3)
    seed = Count(0, default=0, maximum=MAX_SEED, why=" (2**32 - 1, the largest seed scikit-learn takes)")
    method = c.Choice(METHODS, default="ward")
    curation_with_audio = Count(0, default=0)
    cache = c.Type(bool, default=True)
    cache_dir = PathText(default=".cache/mkdocs-clusters")
    jobs = Count(0, default=0)
    #: a Dask scheduler's address: that cluster computes the collections instead of `jobs` processes
    dask_scheduler = SchedulerAddress(default="")
    nav = c.Type(bool, default=True)
    nav_limit = Count(0, default=50)
    playlist_downloads = c.Type(bool, default=True)
    #: `spotify`: a play button per track that loads Spotify's embedded player when clicked (off by default)
    player = c.Optional(c.Choice(("spotify",)))
    max_library_mb = Count(1, default=DEFAULT_LIMITS.max_library_bytes // MIB)
    max_file_mb = Count(1, default=DEFAULT_LIMITS.max_file_bytes // MIB)
    max_rows = Count(1, default=DEFAULT_LIMITS.max_rows)


def options_from(config: ClustersConfig, use_directory_urls: bool, jobs: int, source_links: bool = False) -> Options:
    """The core's options for a validated plugin config; `jobs` is the worker count to use."""
    settings = Settings(
        min_collection_tracks=config.min_tracks,
        nav_limit=config.nav_limit,
        cluster=ClusterSettings(
            k=config.k,
            k_min=config.k_min,
            k_max=config.k_max,
            min_clustered_tracks=config.cluster_min_tracks,
            min_cluster_size=config.min_cluster_size,
            seed=config.seed,
            method=config.method,
            curation_with_audio=config.curation_with_audio,
        ),
        pages=PageSettings(
            root=config.root,
            title=config.title,
            representative=config.representative_tracks,
            columns=tuple(config.columns),
            use_directory_urls=use_directory_urls,
            downloads=config.playlist_downloads,
            source_links=source_links,
            player=config.player or "",
        ),
    )
    limits = Limits(config.max_library_mb * MIB, config.max_file_mb * MIB, config.max_rows)
    return Options(settings, config.label_aliases, jobs, limits, config.dask_scheduler)
