"""How good and how stable the clusters are, in numbers (issue targets in brackets).

- `k_recovery` (>= 0.9): share of synthetic collections with known structure (60-1000 tracks, 2-8 clearly
  separated groups of unequal size) where the chosen k is the true one;
- `seed_ari` (>= 0.95): mean adjusted Rand index between the clusterings of the same real collections
  under seeds 0 and 1..4;
- `growth_ari` (>= 0.8): mean ARI, on the tracks both share, between a collection without 5% of its
  tracks and the whole collection (how much cluster identity survives new songs), the second built as
  a rebuild builds it (from the first's clusters); `cold_growth_ari` without them (a clean build);
- `number_kept`: share of clusters that keep their number after that growth (matched by overlap);
  `cold_number_kept` likewise;
- `style_nmi` vs `naive_style_nmi`: normalised mutual information between clusters and the style
  playlist each track came from, on the style playlists of a real export, for this project's method
  and for a naive reference (scikit-learn KMeans defaults on unscaled features, k by best silhouette).

Measures of issue 14, on every collection (playlists, genres, labels, artists) of the developers' real
exports with audio features and artist genres (`octadecimal-ai__wilsonos-dj`, `Valentinaorj__my-listening-map`):

- `genre_nmi` vs `genre_nmi_best_fixed` (auto >= 0.9x best fixed): mean NMI between clusters and each
  track's macro-genre (rock, metal, jazz, electronic, ... from its Genres by keyword; tracks without one
  left out), over collections of 20+ such tracks with 2+ macro-genres; audio features are the only input.
  The best fixed k is the single k in 2..12 (capped per collection as `k` is) with the best mean; also
  `pooled_nmi` vs `pooled_nmi_best_fixed` on the style playlists pooled into one collection;
- `drop10_ari`, `drop10_same_k` (>= 0.85): drop 10 % of a collection's tracks and build again, as a
  rebuild does (the previous clusters given); ARI on the remaining tracks and share keeping k;
  `cold_drop10_ari`, `cold_drop10_same_k`: the same without the previous clusters (a clean build);
- `k2_share` (<= 0.4): clustered collections of 10+ tracks with 2 clusters;
- `unclustered_share` (<= 0.05): collections with 10+ tracks with features and no clusters;
- `contradicting_words` (= 0): words whose direction contradicts the library-wide median, or "very" words
  inside the library's 30-70th percentile band (percentiles computed here, apart from the plugin's).

Measures of issue 15 (exports without audio features), on every collection of
`octadecimal-ai__wilsonos-dj` (the export with audio features, genres and many playlists) with 20+ tracks
of 2+ macro-genres: mean NMI between clusters and macro-genres for

- `curated_nmi_a`: today's fallback (audio features and genres removed: release year, popularity,
  duration, explicit);
- `curated_nmi_b`: the same tracks with the library's curation signals (a playlist's own column left
  out) and the dates added (target: at least 2x a);
- `curated_nmi_c`: audio features (genres removed), as before; `curated_nmi_c_plus_b<P>`: audio
  features with the curation at P percent (`curation_with_audio`).

Real collections come from `../shared/fixtures/real/` (skipped with a note when absent). The last line
is `key=value` pairs.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.curation import Signals, library_curation
from mkdocs_clusters.cluster.model import Clustering, ClusterSettings
from mkdocs_clusters.cluster.names import describe
from mkdocs_clusters.cluster.reference import Reference, library_reference, raw_value
from mkdocs_clusters.cluster.words import SCALES
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import AUDIO_FEATURES, Library, Playlist, Track
from mkdocs_clusters.read.library import load_library

ROOT = Path(__file__).resolve().parent.parent

FIXTURES = ROOT.parent / "shared" / "fixtures" / "real"
REAL = FIXTURES / "octadecimal-ai__wilsonos-dj" / "playlists"
#: the real exports with audio features and artist genres
GENRE_LIBRARIES = ("octadecimal-ai__wilsonos-dj", "Valentinaorj__my-listening-map")
#: macro-genres by keywords of Spotify's genre names (English and Polish), first match wins per genre
MACRO_GENRES = (
    ("metal", "metal|djent|grindcore|sludge"),
    ("hip hop", "hip hop|rap|trap|grime"),
    (
        "classical",
        "classical|klasycz|orkiestr|orchestr|opera|operow|kameraln|neoklasycyzm|fortepian|minimalizm|baroque",
    ),
    ("jazz", "jazz|swing|bebop|bop"),
    ("reggae", "reggae|dub|ska|rocksteady|ragga|dancehall"),
    (
        "electronic",
        "techno|house|trance|ambient|idm|downtempo|trip hop|breakbeat|big beat|industrial|synth|darkwave|"
        "cold wave|glitch|drum|electro|edm|dubstep|new age|drone",
    ),
    (
        "latin",
        "latin|cumbia|salsa|bolero|trova|tango|merengue|reggaeton|son cubano|cuarteto|mpb|bossa|samba|chicha|"
        "candombe|murga|folclor|folklor",
    ),
    ("folk", "folk|country|americana|singer-songwriter|wokaliści|bluegrass"),
    ("soul", "soul|funk|r&b|blues|motown|disco|gospel"),
    ("rock", "rock|punk|grunge|new wave|nowa fala|gotyk|goth|wave|psychedel|madchester|shoegaze|indie"),
    ("pop", "pop"),
)
#: (low, high, spread) per feature: where group centres may lie and how wide a group is
RANGES = {f: (0.1, 0.9, 0.04) for f in AUDIO_FEATURES} | {"loudness": (-20.0, -4.0, 0.8), "tempo": (70.0, 170.0, 4.0)}


def labels_of(result: Clustering, keys: Sequence[str]) -> list[int]:
    """Cluster number per key (0 for tracks not clustered)."""
    number = {k: c.number for c in result.clusters for k in c.keys}
    return [number.get(k, 0) for k in keys]


def synthetic(n: int, groups: int, rng: random.Random) -> tuple[list[Track], list[int]]:
    """`groups` groups far apart (at least 6 spreads between any two centres), unequal sizes."""
    while True:
        centres = [{f: rng.uniform(lo, hi) for f, (lo, hi, _) in RANGES.items()} for _ in range(groups)]
        gaps = [
            np.sqrt(sum(((a[f] - b[f]) / RANGES[f][2]) ** 2 for f in RANGES))
            for i, a in enumerate(centres)
            for b in centres[i + 1 :]
        ]
        if min(gaps) >= 6:
            break
    weights = [rng.uniform(1, 3) for _ in range(groups)]
    sizes = [max(5, round(n * w / sum(weights))) for w in weights]
    tracks, truth = [], []
    for g, (centre, size) in enumerate(zip(centres, sizes, strict=True)):
        for i in range(size):
            features = {f: rng.gauss(centre[f], RANGES[f][2]) for f in RANGES}
            tracks.append(Track(f"s{g}-{i:04d}", "t", features=features))
            truth.append(g)
    return tracks, truth


def k_recovery(rng: random.Random) -> float:
    right = total = 0
    for n in (60, 150, 400, 1000):
        for groups in range(2, 9):
            for _ in range(2):
                tracks, _truth = synthetic(n, groups, rng)
                found = len(cluster_tracks(tracks, ClusterSettings()).clusters)
                right += found == groups
                total += 1
    return right / total


def real_collections(min_size: int = 40) -> list[list[Track]]:
    library = load_library(REAL)
    catalog = build_catalog(library, min_tracks=min_size)
    return [
        [library.tracks[k] for k in c.track_keys]
        for c in catalog.of_kind("playlists")
        if min_size <= len(c.track_keys) <= 1500
    ]


def seed_ari(collections: list[list[Track]], method: str = "ward") -> float:
    scores = []
    for tracks in collections:
        keys = sorted(t.key for t in tracks)
        base = labels_of(cluster_tracks(tracks, ClusterSettings(seed=0, method=method)), keys)
        for seed in range(1, 5):
            other = labels_of(cluster_tracks(tracks, ClusterSettings(seed=seed, method=method)), keys)
            scores.append(adjusted_rand_score(base, other))
    return float(np.mean(scores))


def growth(collections: list[list[Track]], rng: random.Random, rebuild: bool) -> tuple[float, float]:
    """(mean ARI on shared tracks, share of clusters keeping their number) after adding 5% tracks; with
    `rebuild`, the second build starts from the first's clusters, as a rebuild with the cache does."""
    aris, kept, clusters = [], 0, 0
    for tracks in collections:
        ordered = sorted(tracks, key=lambda t: t.key)
        new = set(rng.sample(range(len(ordered)), max(1, len(ordered) // 20)))
        before_tracks = [t for i, t in enumerate(ordered) if i not in new]
        before = cluster_tracks(before_tracks, ClusterSettings())
        previous = {k: c.number for c in before.clusters for k in c.keys} if rebuild else None
        after = cluster_tracks(ordered, ClusterSettings(), previous)
        keys = [t.key for t in before_tracks]
        a, b = labels_of(before, keys), labels_of(after, keys)
        aris.append(adjusted_rand_score(a, b))
        if before.clusters and after.clusters:
            overlap = np.zeros((len(before.clusters) + 1, len(after.clusters) + 1))
            for x, y in zip(a, b, strict=True):
                overlap[x, y] += 1
            rows, cols = linear_sum_assignment(-overlap[1:, 1:])
            kept += sum(1 for r, c in zip(rows, cols, strict=True) if r == c)
            clusters += len(before.clusters)
    return float(np.mean(aris)), kept / max(clusters, 1)


def style_tracks() -> tuple[list[Track], list[str], list[str]]:
    """(tracks, keys, style) of the style playlists; tracks in several styles are left out."""
    library = load_library(REAL / "styles")
    style: dict[str, str] = {}
    ambiguous: set[str] = set()
    for playlist in library.playlists:
        for key in playlist.track_keys:
            if key in style and style[key] != playlist.name:
                ambiguous.add(key)
            style[key] = playlist.name
    tracks = [
        library.tracks[k]
        for k in sorted(style)
        if k not in ambiguous and all(f in library.tracks[k].features for f in AUDIO_FEATURES)
    ]
    keys = [t.key for t in tracks]
    return tracks, keys, [style[k] for k in keys]


def style_nmi() -> tuple[float, float, int]:
    """(ours, naive, tracks) on the style playlists."""
    tracks, keys, truth = style_tracks()
    ours = normalized_mutual_info_score(truth, labels_of(cluster_tracks(tracks, ClusterSettings()), keys))
    raw = np.array([[t.features[f] for f in AUDIO_FEATURES] for t in tracks])
    best: tuple[float, list[int]] | None = None
    for k in range(2, 9):
        labels = KMeans(n_clusters=k, random_state=0).fit_predict(raw)
        score = silhouette_score(raw, labels)
        if best is None or score > best[0]:
            best = (score, list(labels))
    assert best is not None
    naive = normalized_mutual_info_score(truth, best[1])
    return float(ours), float(naive), len(tracks)


def macro_genre(genres: Sequence[str]) -> str | None:
    """The macro-genre most of a track's genres fall in (ties: the earlier in MACRO_GENRES), or None."""
    counts: Counter[str] = Counter()
    for genre in genres:
        for name, pattern in MACRO_GENRES:
            if re.search(pattern, genre.casefold()):
                counts[name] += 1
                break
    order = [name for name, _ in MACRO_GENRES]
    return min(counts, key=lambda name: (-counts[name], order.index(name))) if counts else None


def genre_collections(min_tracks: int = 10) -> list[tuple[Library, Reference, list[Track]]]:
    """Every collection of the real exports with features and genres, as (library, reference, tracks)."""
    found = []
    for name in GENRE_LIBRARIES:
        if not (FIXTURES / name).exists():
            continue
        library = load_library(FIXTURES / name)
        reference = library_reference(library.tracks.values())
        for collection in build_catalog(library, min_tracks=min_tracks).collections:
            tracks = [library.tracks[k] for k in collection.track_keys]
            if len(tracks) >= min_tracks:
                found.append((library, reference, tracks))
    return found


def featured(tracks: Sequence[Track]) -> list[Track]:
    """The tracks clustering uses: every audio feature known (and a tempo above 0)."""
    return [t for t in tracks if all(t.features.get(f) is not None for f in AUDIO_FEATURES) and t.features["tempo"] > 0]


def nmi_against_genres(tracks: Sequence[Track], settings: ClusterSettings) -> float:
    keys = [t.key for t in tracks]
    truth = {t.key: macro_genre(t.genres) for t in tracks}
    labels = labels_of(cluster_tracks(tracks, settings), keys)
    pairs = [(truth[k], label) for k, label in zip(keys, labels, strict=True) if truth[k]]
    return float(normalized_mutual_info_score([a for a, _ in pairs], [b for _, b in pairs]))


def genre_nmi(collections: list[tuple[Library, Reference, list[Track]]]) -> tuple[float, float, int, int]:
    """(mean NMI at the automatic k, best mean NMI at one fixed k, that k, collections)."""
    chosen = []
    for _, _, tracks in collections:
        usable = featured(tracks)
        macros = [m for t in usable if (m := macro_genre(t.genres))]
        if len(macros) >= 20 and len(set(macros)) >= 2:
            chosen.append(usable)
    auto = float(np.mean([nmi_against_genres(t, ClusterSettings()) for t in chosen]))
    fixed = {k: float(np.mean([nmi_against_genres(t, ClusterSettings(k=k)) for t in chosen])) for k in range(2, 13)}
    best = max(fixed, key=lambda k: fixed[k])
    return auto, fixed[best], best, len(chosen)


def pooled_nmi() -> tuple[float, float, int]:
    """(NMI at the automatic k, best NMI at a fixed k in 2..16) between clusters of the style playlists
    pooled and the playlist each track came from."""
    tracks, keys, truth = style_tracks()
    auto = normalized_mutual_info_score(truth, labels_of(cluster_tracks(tracks, ClusterSettings()), keys))
    fixed = {
        k: normalized_mutual_info_score(truth, labels_of(cluster_tracks(tracks, ClusterSettings(k=k, k_max=16)), keys))
        for k in range(2, 17)
    }
    best = max(fixed, key=lambda k: fixed[k])
    return float(auto), float(fixed[best]), best


def drop10(collections: list[tuple[Library, Reference, list[Track]]], rng: random.Random) -> dict[str, float]:
    """Drop 10 % of each collection of 20+ tracks (up to 300 collections, evenly spaced), cluster again
    with and without the previous clusters; ARI on the remaining tracks and the share keeping k."""
    chosen = [t for _, _, tracks in collections if len(t := featured(tracks)) >= 20]
    chosen = chosen[:: max(1, len(chosen) // 300)]
    scores: dict[str, list[float]] = {"ari": [], "same_k": [], "cold_ari": [], "cold_same_k": []}
    for tracks in chosen:
        ordered = sorted(tracks, key=lambda t: t.key)
        before = cluster_tracks(ordered, ClusterSettings())
        gone = set(rng.sample(range(len(ordered)), len(ordered) // 10))
        rest = [t for i, t in enumerate(ordered) if i not in gone]
        keys = [t.key for t in rest]
        numbers = {k: c.number for c in before.clusters for k in c.keys}
        for prefix, previous in (("", numbers), ("cold_", None)):
            after = cluster_tracks(rest, ClusterSettings(), previous)
            scores[prefix + "ari"].append(adjusted_rand_score(labels_of(before, keys), labels_of(after, keys)))
            scores[prefix + "same_k"].append(len(before.clusters) == len(after.clusters))
    return {name: round(float(np.mean(values)), 3) for name, values in scores.items()} | {"drop10_n": len(chosen)}


def shares(collections: list[tuple[Library, Reference, list[Track]]]) -> dict[str, float | str]:
    """k2_share, unclustered_share (and the reasons), contradicting_words over every collection of 10+
    tracks with features."""
    clustered = k2 = unclustered = words = contradicting = 0
    reasons: Counter[str] = Counter()
    medians: dict[int, dict[str, tuple[float, float, float]]] = {}
    for library, reference, tracks in collections:
        if len(featured(tracks)) < 10:
            continue
        if id(library) not in medians:
            medians[id(library)] = band(library)
        clustering = cluster_tracks(tracks, ClusterSettings())
        if not clustering.clusters:
            unclustered += 1
            reasons[clustering.reason.split(":")[0]] += 1
            continue
        clustered += 1
        k2 += len(clustering.clusters) == 2
        for text in describe(clustering, tracks, reference).clusters:
            for trait in text.traits:
                if trait.feature not in SCALES or trait.feature not in medians[id(library)]:
                    continue
                low, median, high = medians[id(library)][trait.feature]
                words += 1
                wrong_way = (trait.mean <= median) if trait.sign > 0 else (trait.mean >= median)
                contradicting += wrong_way or (trait.very and low <= trait.mean <= high)
    total = clustered + unclustered
    return {
        "k2_share": round(k2 / max(clustered, 1), 3),
        "unclustered_share": round(unclustered / max(total, 1), 3),
        "unclustered_reasons": "|".join(f"{r} ({n})" for r, n in reasons.most_common()) or "none",
        "contradicting_words": contradicting,
        "measured_words": words,
        "share_collections": total,
    }


def band(library: Library) -> dict[str, tuple[float, float, float]]:
    """The library's 30th, 50th and 70th percentile of each measured feature, computed here."""
    values: dict[str, list[float]] = {}
    for track in library.tracks.values():
        for name in SCALES:
            value = raw_value(track, name)
            if value is not None:
                values.setdefault(name, []).append(value)
    found = {}
    for name, column in values.items():
        low, median, high = (float(q) for q in np.percentile(column, [30, 50, 70]))
        found[name] = (low, median, high)
    return found


def curated_nmi(shares: Sequence[int] = (25, 50, 100)) -> dict[str, float | int]:
    """(a) the fallback, (b) curation, (c) audio features and (c) with curation at each of `shares`
    percent: mean NMI against macro-genres (see the module's docstring)."""
    library = load_library(FIXTURES / "octadecimal-ai__wilsonos-dj")
    bare = Library(
        tracks={k: replace(t, features={}, genres=()) for k, t in library.tracks.items()},
        playlists=[Playlist(p.name, p.source, list(p.track_keys)) for p in library.playlists],
    )
    curation = library_curation(bare)
    runs: dict[str, list[float]] = {name: [] for name in ("a", "b", "c", *(f"c_plus_b{s}" for s in shares))}
    playlists = {p.name: p for p in library.playlists}
    for collection in build_catalog(library, min_tracks=10).collections:
        truth = [macro_genre(library.tracks[k].genres) for k in collection.track_keys]
        labelled = [m for m in truth if m]
        if len(labelled) < 20 or len(set(labelled)) < 2:
            continue
        keys = list(collection.track_keys)
        stripped = [bare.tracks[k] for k in keys]
        if collection.kind == "playlists":  # with the dates the playlist added them, as a build has them
            stripped = [playlists[collection.name].added_track(t) for t in stripped]
        audio = [replace(library.tracks[k], genres=()) for k in keys]
        signals = Signals(curation, collection.name if collection.kind == "playlists" else None)
        clusterings = {
            "a": cluster_tracks(stripped, ClusterSettings()),
            "b": cluster_tracks(stripped, ClusterSettings(), None, signals),
            "c": cluster_tracks(audio, ClusterSettings()),
        }
        for share in shares:
            settings = ClusterSettings(curation_with_audio=share)
            clusterings[f"c_plus_b{share}"] = cluster_tracks(audio, settings, None, signals)
        for name, clustering in clusterings.items():
            labels = labels_of(clustering, keys)
            pairs = [(m, label) for m, label in zip(truth, labels, strict=True) if m]
            runs[name].append(normalized_mutual_info_score([m for m, _ in pairs], [x for _, x in pairs]))
    found: dict[str, float | int] = {f"curated_nmi_{name}": round(float(np.mean(v)), 3) for name, v in runs.items()}
    found["curated_ratio"] = round(float(np.mean(runs["b"]) / np.mean(runs["a"])), 2)
    found["curated_collections"] = len(runs["a"])
    return found


def main() -> None:
    start = time.perf_counter()
    rng = random.Random(2026)
    results: dict[str, float | int | str] = {"k_recovery": round(k_recovery(rng), 3)}
    print(f"k_recovery {results['k_recovery']} ({time.perf_counter() - start:.0f} s)")
    if REAL.exists():
        collections = real_collections()
        results["real_collections"] = len(collections)
        results["seed_ari"] = round(seed_ari(collections), 3)
        results["kmeans_seed_ari"] = round(seed_ari(collections, "kmeans"), 3)
        print(
            f"seed_ari {results['seed_ari']} over {len(collections)} playlists (kmeans: {results['kmeans_seed_ari']})"
        )
        for prefix, rebuild in (("", True), ("cold_", False)):
            g_ari, g_kept = growth(collections, rng, rebuild)
            results[prefix + "growth_ari"], results[prefix + "number_kept"] = round(g_ari, 3), round(g_kept, 3)
        print(f"growth_ari {results['growth_ari']}, number_kept {results['number_kept']} (cold: ", end="")
        print(f"{results['cold_growth_ari']}, {results['cold_number_kept']})")
        ours, naive, n = style_nmi()
        results.update(style_nmi=round(ours, 3), naive_style_nmi=round(naive, 3), style_tracks=n)
        print(f"style_nmi {results['style_nmi']} vs naive {results['naive_style_nmi']} on {n} tracks")
        auto, best, best_k = pooled_nmi()
        results.update(pooled_nmi=round(auto, 3), pooled_nmi_best_fixed=round(best, 3), pooled_best_k=best_k)
        print(f"pooled styles: nmi {auto:.3f} at the automatic k, {best:.3f} at the best fixed k ({best_k})")
    genre_sets = genre_collections()
    if genre_sets:
        auto, best, best_k, n = genre_nmi(genre_sets)
        results.update(
            genre_nmi=round(auto, 3),
            genre_nmi_best_fixed=round(best, 3),
            genre_best_k=best_k,
            genre_nmi_ratio=round(auto / best, 3),
            genre_collections=n,
        )
        print(f"genre_nmi {auto:.3f} vs best fixed k={best_k} {best:.3f} over {n} collections")
        stability = drop10(genre_sets, rng)
        results.update(
            drop10_ari=stability["ari"],
            drop10_same_k=stability["same_k"],
            cold_drop10_ari=stability["cold_ari"],
            cold_drop10_same_k=stability["cold_same_k"],
            drop10_collections=stability["drop10_n"],
        )
        print(f"drop10 {stability}")
        results.update(shares(genre_sets))
        print(f"k2_share {results['k2_share']} unclustered_share {results['unclustered_share']}")
        curated = curated_nmi()
        results.update(curated)
        print(" ".join(f"{k}={v}" for k, v in curated.items()))
    else:
        results["real"] = "absent"
        print(f"real fixtures absent ({REAL}): seed, growth and style measures skipped")
    results["seconds"] = round(time.perf_counter() - start, 1)
    print(" ".join(f"{k}={v}" for k, v in results.items()))


if __name__ == "__main__":
    main()
