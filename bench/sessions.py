"""Whether the listening-session signal helps, measured as the curation signal was (`bench/quality.py`,
`curated_nmi`): on a library where the truth is known, the NMI of the clusters against it, with and
without the signal, at several weights.

The library is `bench/history.py`'s synthetic export: tracks in `MOODS` groups (an artist keeps to one),
listening sessions that keep to one mood nine plays in ten, playlists of one mood each, and a Liked Songs
of tracks of every mood. Measured on its two collections that mix moods, Liked Songs and Most played,
each clustered as a build clusters it (no audio features: the named fallback and the curation signals):

- `base`: the curation signals without the sessions (shared playlists, artists' playlists, date added);
- `built`: as a build clusters (the sessions only where the playlists' signals cannot group);
- `mixed<W>`: the sessions beside the playlists' signals at weight W (the variance of W audio features);
- and the same again for the export without its playlists (`history_only_*`: Liked Songs and the
  history), where the sessions are the only curation there is;
- each for sessions keeping to their mood nine plays in ten (`keep90_`) and six in ten (`keep60_`, a
  listener who mixes more, or shuffles).

Run: `python bench/sessions.py [--plays 20000,60000]` (history sizes). The last line is `key=value` pairs.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
from history import track_pool, write_export
from quality import labels_of
from sklearn.metrics import normalized_mutual_info_score

from mkdocs_clusters.cluster import curation as curation_module
from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.curation import LISTENED, Signals, library_curation
from mkdocs_clusters.cluster.model import ClusterSettings
from mkdocs_clusters.model import Library
from mkdocs_clusters.read.account_library import LIKED_SONGS, MOST_PLAYED
from mkdocs_clusters.read.library import load_library

WEIGHTS = (1.0, 3.0, 6.0, 12.0)


def nmi_runs(library: Library, mood: dict[str, int]) -> dict[str, float]:
    """Mean NMI (over Liked Songs and Most played) against the moods, per variant: `base` without the
    sessions, `built` as a build clusters, `mixed<W>` the sessions beside the playlists' signals at W."""
    curation = library_curation(library)
    assert curation is not None and curation.sessions is not None
    bare = replace(curation, sessions=None)
    playlists = {p.name: p for p in library.playlists}
    runs: dict[str, list[float]] = {}
    for name in (LIKED_SONGS, MOST_PLAYED):
        playlist = playlists[name]
        tracks = [playlist.added_track(library.tracks[k]) for k in playlist.track_keys]
        keys = [t.key for t in tracks]
        truth = [mood[k] for k in keys]
        variants = {
            "base": (Signals(bare if bare.tracks.rows or bare.artists.rows else None, name), None),
            "built": (Signals(curation, name), None),
        }
        variants |= {f"mixed{w:g}": (Signals(curation, name), w) for w in WEIGHTS}
        for variant, (signals, weight) in variants.items():
            curation_module.LISTENED_ALONE = weight is None
            curation_module.WEIGHTS[LISTENED] = weight or curation_module.LISTENED_WEIGHT
            clustering = cluster_tracks(tracks, ClusterSettings(), None, signals)
            labels = labels_of(clustering, keys)
            runs.setdefault(variant, []).append(float(normalized_mutual_info_score(truth, labels)))
    curation_module.LISTENED_ALONE = True
    curation_module.WEIGHTS[LISTENED] = curation_module.LISTENED_WEIGHT
    return {variant: round(float(np.mean(values)), 3) for variant, values in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plays", default="20000,60000", help="history sizes, comma-separated")
    args = parser.parse_args()
    mood = {f"{t['id']}": int(t["mood"]) for t in track_pool()}  # type: ignore[call-overload]
    results: dict[str, float] = {}
    for plays in (int(n) for n in args.plays.split(",")):
        for keep in (0.9, 0.6):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "export"
                write_export(folder, plays, keep=keep)
                for variant in ("", "history_only_"):
                    if variant:
                        (folder / "Playlist1.json").unlink()
                    found = nmi_runs(load_library(folder), mood)
                    prefix = f"p{plays // 1000}k_keep{round(keep * 100)}_{variant}"
                    print(f"{prefix}: " + ", ".join(f"{k} {v}" for k, v in found.items()), flush=True)
                    results |= {f"{prefix}{k}": v for k, v in found.items()}
    print(" ".join(f"{k}={v}" for k, v in results.items()))


if __name__ == "__main__":
    main()
