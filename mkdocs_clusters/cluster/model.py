"""What clustering takes and gives: the settings a user can change, and each collection's clusters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from mkdocs_clusters.cluster.names import Description, Sketch

#: how clusters are formed: "ward" (deterministic, the default) or "kmeans" (k-means++ restarts)
METHODS = ("ward", "kmeans")


@dataclass(frozen=True)
class ClusterSettings:
    """What the user can set about clustering (see the configuration docs)."""

    k: int | None = None
    k_min: int = 2
    #: at most this many clusters (the size rule gives 12 from about 1,000 tracks)
    k_max: int = 12
    #: a collection needs at least this many tracks with features to be clustered
    min_clustered_tracks: int = 10
    min_cluster_size: int = 3
    seed: int = 0
    n_init: int = 10
    method: str = "ward"
    #: how much the library's curation counts next to audio features, in percent of what it counts
    #: without them (0: collections with audio features are clustered by their sound alone)
    curation_with_audio: int = 0


@dataclass(frozen=True)
class Cluster:
    """One cluster: its number, its tracks nearest-first, and how its centre differs (in z units)."""

    number: int
    keys: tuple[str, ...]
    profile: dict[str, float]


@dataclass(frozen=True)
class Clustering:
    """The result for one collection; `clusters` is empty when the collection was not clustered."""

    features: tuple[str, ...]
    clusters: tuple[Cluster, ...]
    without_features: tuple[str, ...]
    fallback: bool = False
    dropped_features: tuple[str, ...] = ()
    reason: str = ""
    k_scores: dict[int, float] = field(default_factory=dict)
    points: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 2)))
    point_keys: tuple[str, ...] = ()
    point_clusters: tuple[int, ...] = ()
    axis_titles: tuple[str, str] = ("", "")
    #: how k was chosen: `fit.FIXED`, `STRUCTURE`, `SIZE` or `KEPT` (the previous build's clusters)
    k_rule: str = ""
    #: the curation signals clustered on besides `features` (`curation.SHARED_PLAYLISTS`, `ARTISTS`)
    signals: tuple[str, ...] = ()
    #: why a collection without audio features was not grouped by curation ("" when it was, or
    #: curation was not asked for)
    note: str = ""


@dataclass(frozen=True)
class Result:
    """Clusters and picture (PNG bytes, drawn by `render.pictures`) of one collection: what the memo and
    the disk cache keep, and what its page is rendered from."""

    clustering: Clustering
    picture: bytes
    #: the picture's legend, one line per cluster (`pictures.legend_text`): the names in it come from the
    #: library's distribution, so a build redraws a picture whose legend no longer matches its names
    legend: tuple[str, ...] = ()
    #: the names and words, and the digest of the library distribution they were made against
    #: (`Reference.digest`): kept in memory, not on disk; a build that has the same distribution uses
    #: them as they are, any other describes the clusters again
    description: Description | None = None
    reference: str = ""
    #: what the names and words read of the clusters besides the library's distribution (in memory
    #: only): describing them against another distribution starts from it (`names.words_for`)
    sketch: Sketch | None = None
