"""Build speed at library scale, measured side by side in one run (issue targets in brackets).

    python bench/bench.py                 # a library shaped like a real 100-playlist export
    python bench/bench.py --scale         # also the curve 1,000 -> 50,000 tracks (cold builds), and
                                          # `generate` at 50,000 and 200,000 tracks, local and on Dask
    python bench/bench.py --tracks 3000   # a smaller run
    python bench/bench.py --search        # only the search index of a 177-playlist, 15,000-track library

On one synthetic library (many small genres and labels, a few big playlists) it measures:

(a) naive: per collection a default-settings KMeans sweep with silhouette, a pyplot PNG and a Markdown
    page written into docs/, then a plain Material build with every page in the navigation;
(b) the plugin's cold build (empty cache); (c) its warm build (cache filled, new process);
(d) a serve-style rebuild in the same process after editing one unrelated page;
(e) a serve-style rebuild after changing one playlist;
(f) the floor: a plain Material build, without the plugin, of the pages and pictures it generated,
    written out as ordinary files;
(g) the same library without audio features (clustered by curation): its cold build, and the time the
    library's curation signals take (`signals_s`, at every size), as a share of a cold build
    [signals_share < 0.1].

It prints seconds, ratios against (a) and (f) [cold_speedup >= 8, warm_speedup >= 15,
warm_over_floor <= 1.3], the collections recomputed in (d) [0] and (e), the plugin's own share of (d)
[< 0.5 s], peak memory, the size of the site search's index of a library shaped like a real 177-playlist
export (15,000 tracks) and of the largest real fixture, with Material and with MkDocs' theme [at most
2.8 MB: a quarter of the 11.13 MB a real 177-playlist library's was], and last a `key=value` line.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from mkdocs_clusters.cluster.curation import library_curation
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import Library
from mkdocs_clusters.read.library import load_library

ROOT = Path(__file__).resolve().parent.parent

HEADER = [
    "Track URI", "Track Name", "Album Name", "Artist Name(s)", "Release Date", "Duration (ms)", "Popularity",
    "Explicit", "Added By", "Added At", "Genres", "Record Label", "Danceability", "Energy", "Key", "Loudness",
    "Mode", "Speechiness", "Acousticness", "Instrumentalness", "Liveness", "Valence", "Tempo", "Time Signature",
]  # fmt: skip
ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"}
# a PYTHONPATH given to the bench reaches its builds, so that another checkout can be measured side by side
ENV.update({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {})


def zipf(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index in [0, n) with a few very common values and a long tail."""
    weights = getattr(zipf, "cache", {}).get((n, s))
    if weights is None:
        weights = [1 / (i + 1) ** s for i in range(n)]
        zipf.cache = {**getattr(zipf, "cache", {}), (n, s): weights}  # type: ignore[attr-defined]
    return rng.choices(range(n), weights=weights)[0]


def make_library(folder: Path, tracks: int, playlists: int, seed: int = 1, audio: bool = True) -> None:
    """Exportify 2025+ CSVs: a Liked Songs of a fifth of the tracks, a few big playlists, many small;
    genres, labels and artists drawn with long tails, so most have few tracks. Without `audio`, the
    audio feature cells are empty (the same tracks otherwise)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    n_artists, n_labels, n_genres = tracks // 6, tracks // 9, max(50, tracks // 20)
    styles = [[rng.uniform(0.1, 0.9) for _ in range(9)] for _ in range(8)]
    rows = []
    for i in range(tracks):
        artist = zipf(rng, n_artists)
        style = styles[artist % len(styles)]
        f = [min(max(rng.gauss(m, 0.12), 0.0), 1.0) for m in style]
        features = [f[0], f[1], 5, -30 + 28 * f[2], 1, f[3] * 0.5, f[4], f[5], f[6], f[7], 60 + 120 * f[8], 4]
        genres = ",".join(sorted({f"genre {zipf(rng, n_genres)}" for _ in range(rng.randint(0, 4))}))
        rows.append([
            f"spotify:track:{spotify_id(i)}", f"Track {i}", f"Album {i // 8}", f"Artist {artist}",
            f"{1970 + i % 55}-01-01",
            str(150_000 + (i * 7919) % 200_000), str(i % 90), "false", "bench", "2024-01-01T00:00:00Z", genres,
            f"Label {zipf(rng, n_labels)}", *(f"{x:.4f}" if isinstance(x, float) else str(x) for x in features),
        ])  # fmt: skip
        if not audio:
            rows[-1][12:] = [""] * 12
    # Liked Songs holds a fifth of the tracks, five playlists a few hundred each; every other track
    # lands in one of the small playlists, so that every track of the library is in some playlist
    members: list[list[list[str]]] = [rng.sample(rows, tracks // 5)]
    members += [rng.sample(rows, min(rng.randint(300, 900), len(rows))) for _ in range(5)]
    small: list[list[list[str]]] = [[] for _ in range(playlists - len(members))]
    for row in rows:
        small[zipf(rng, len(small), 0.6)].append(row)
    for p, chosen in enumerate(members + small):
        name = "Liked_Songs" if p == 0 else f"Playlist_{p:03d}"
        write_csv(folder / f"{name}.csv", chosen)


def spotify_id(i: int) -> str:
    """A track id as Spotify's look (22 random-looking base-62 characters), the same for `i` in every run:
    numbered ids shared their first characters, which made every row id of the site 24 characters long
    (see render/search.row_ids) instead of the 8 of a real export."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    n = int.from_bytes(hashlib.blake2b(str(i).encode(), digest_size=17).digest(), "big")
    out = ""
    for _ in range(22):
        n, digit = divmod(n, 62)
        out += digits[digit]
    return out


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def run(args: list[str], cwd: Path) -> float:
    """Seconds a command takes; fails loudly. Its peak memory goes to `PEAKS`.

    Written data of earlier steps is flushed first, so that no step pays for another's writes."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr[-3000:]}")
    # the process and the workers it waited for (Linux reports the largest resident set among them)
    PEAKS.append(usage.ru_maxrss / 1024)
    return time.perf_counter() - start


PEAKS: list[float] = []


NAIVE = """
import sys, warnings
from pathlib import Path
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import AUDIO_FEATURES
from mkdocs_clusters.read.library import load_library
warnings.simplefilter("ignore")
lib = load_library(Path({library!r}))
docs = Path("docs")
nav = {{}}
catalog = build_catalog(lib, 5)
artists = {{name: c.path for name, c in catalog.artists.items()}}
labels_ = {{name: c.path for name, c in catalog.labels.items()}}
for c in catalog.collections:
    tracks = [lib.tracks[k] for k in c.track_keys if all(f in lib.tracks[k].features for f in AUDIO_FEATURES)]
    X = np.array([[t.features[f] for f in AUDIO_FEATURES] for t in tracks]).reshape(-1, len(AUDIO_FEATURES))
    best = None
    for k in range(2, 9):
        if len(X) <= k:
            break
        labels = KMeans(n_clusters=k).fit_predict(X)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(X, labels)
        if best is None or score > best[0]:
            best = (score, labels)
    labels = best[1] if best else np.zeros(len(X), dtype=int)
    folder = docs / c.path
    folder.mkdir(parents=True, exist_ok=True)
    plt.figure()
    if len(X):
        plt.scatter(X[:, 0], X[:, 1], c=labels)
    plt.savefig(folder / "clusters.png")
    plt.close()
    # the originals' page (shared/seeds): a Markdown table per cluster with art, linked artists and
    # labels, the heart and the Spotify link
    up = "../" * (c.path.count("/") + 1)
    def link(name, lookup):
        target = lookup.get(name.casefold())
        return f"[{{name}}]({{up}}{{target}}/index.md)" if target else name
    lines = ["# Clusters in " + c.name.replace("|", "/"), "", "![clusters](clusters.png)", ""]
    for n in sorted(set(labels.tolist())):
        members = [t for t, l in zip(tracks, labels) if l == n]
        lines += ["## Cluster #" + str(n + 1), "", f"{{len(members)}} tracks", "",
                  "| Art | Track | Album | Artists | Label | 💚 | 🔗 |", "|:---|:---|:---|:---|:---|:---|:---|"]
        lines += ["| <img src='https://i.scdn.co/image/" + t.key + "' alt='' width='50' /> | " + t.title
                  + " | " + t.album + " | " + ", ".join(link(a, artists) for a in t.artists) + " | "
                  + ", ".join(link(x, labels_) for x in t.labels) + " | " + ("💚" if t.key in lib.liked else "")
                  + " | [🔗](https://open.spotify.com/track/" + t.key + ") |" for t in members]
        lines.append("")
    (folder / "index.md").write_text("\\n".join(lines), encoding="utf-8")
    nav.setdefault(c.kind, []).append({{c.name.replace(":", " "): c.path + "/index.md"}})
(docs / "index.md").write_text("# Naive\\n", encoding="utf-8")
import yaml
Path("mkdocs.yml").write_text(yaml.safe_dump({{"site_name": "Naive", "theme": {{"name": "material"}},
    "nav": [{{"Home": "index.md"}}] + [{{kind.title(): items}} for kind, items in nav.items()]}},
    allow_unicode=True), encoding="utf-8")
"""

SERVE = """
import json, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
import mkdocs_clusters.plugin as plugin_module

from mkdocs.plugins import CombinedEvent

spent = [0.0]

def timing(method):
    def timed(self, *a, __original=method, **k):
        start = time.perf_counter()
        try:
            return __original(self, *a, **k)
        finally:
            spent[0] += time.perf_counter() - start
    timed.mkdocs_priority = getattr(method, "mkdocs_priority", 0)
    return timed

for name in ("on_files", "on_nav"):  # the plugin's own work before MkDocs renders (one event may be several)
    original = plugin_module.ClustersPlugin.__dict__[name]
    methods = original.methods if isinstance(original, CombinedEvent) else (original,)
    setattr(plugin_module.ClustersPlugin, name, CombinedEvent(*(timing(m) for m in methods)))

configs = []

def one_build():
    spent[0] = 0.0
    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="serve", dirty=False)
    configs.append(config)
    start = time.perf_counter()
    build(config, dirty=False, serve_url="http://127.0.0.1:8000/")  # as `mkdocs serve` calls it
    plugin = config.plugins["clusters"]
    return time.perf_counter() - start, spent[0], len(plugin.build.computed)

results = {{}}
one_build()  # what serve does first: reads the library, results from the disk cache, renders every page
page = Path("docs/index.md")
page.write_text(page.read_text() + "\\nEdited.\\n")
results["d"] = one_build()
playlist = Path({playlist!r})
lines = playlist.read_text(encoding="utf-8").splitlines()
playlist.write_text("\\n".join(lines[:-1]) + "\\n", encoding="utf-8")  # the playlist loses a track
results["e"] = one_build()
configs[-1].plugins.on_shutdown()  # as serve ends: the last site is stored
print(json.dumps(results))
"""


def build(site: str) -> list[str]:
    """`mkdocs build` into a fresh folder `site`. Every measured build writes into a folder of its own:
    deleting a previous site (what a build does first) made creating files 5-10x slower for a while on
    this machine's disk, a cost that only the plugin's second build would otherwise pay."""
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-d", site]


def plugin_project(folder: Path, library: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Bench\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        # pages down to 5 tracks, as the naive reference makes them (and as the default was when the
        # targets were set), so that both build the same 1,300 collections
        f"site_name: Bench\ntheme:\n  name: material\nplugins:\n  - clusters:\n      library: {library}\n"
        "      min_tracks: 5\n",
        encoding="utf-8",
    )
    return folder


def floor_project(folder: Path, plugin_site_docs: dict[str, str | bytes], nav_yaml: str) -> Path:
    docs = folder / "docs"
    for uri, content in plugin_site_docs.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (docs / "index.md").write_text("# Bench\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(f"site_name: Floor\ntheme:\n  name: material\n{nav_yaml}", encoding="utf-8")
    return folder


def generated_files(library: Path, use_directory_urls: bool = True) -> tuple[dict[str, str | bytes], str]:
    """The plugin's pages and pictures (from its core, same settings) and a nav like the plugin's."""
    from mkdocs_clusters.build import Settings, generate_site
    from mkdocs_clusters.store.folder import site_files

    site, _ = generate_site(load_library(library), Settings(), jobs=2)
    files: dict[str, str | bytes] = dict(site_files(site))  # what `generate` writes: pages, pictures, downloads
    lines = ["nav:", "  - Home: index.md", "  - Library:"]

    def walk(node, depth: int) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            pad = "  " * depth
            if child.children:
                lines.append(f"{pad}- {json.dumps(child.title)}:")
                walk(child, depth + 1)
            else:
                lines.append(f"{pad}- {json.dumps(child.title)}: {child.src}")

    walk(site.nav, 3)
    assets = (
        "\nextra_css:\n  - assets/mkdocs-clusters/clusters.css\n"
        "extra_javascript:\n  - assets/mkdocs-clusters/clusters.js\n"
    )
    return files, "\n".join(lines) + assets


def measure(tracks: int, playlists: int, naive: bool) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        library = tmp / "library"
        make_library(library, tracks, playlists)
        lib = load_library(library)
        catalog = build_catalog(lib, 5)
        out["tracks"], out["collections"] = len(lib.tracks), len(catalog.collections)
        print(f"library: {len(lib.tracks):,} tracks, {len(catalog.collections):,} collections", flush=True)
        out["signals_s"] = round(signals_seconds(lib), 3)
        if naive:
            (tmp / "naive").mkdir()
            script = NAIVE.format(library=str(library))
            start = time.perf_counter()
            run([sys.executable, "-c", script], tmp / "naive")
            run(build("site"), tmp / "naive")
            out["naive_s"] = round(time.perf_counter() - start, 2)
            site = tmp / "naive" / "site"
            out["naive_site_mb"] = round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1)
            print(f"(a) naive {out['naive_s']} s", flush=True)
        project = plugin_project(tmp / "plugin", library)
        out["cold_s"] = round(run(build("site-cold"), project), 2)
        out["peak_mb"] = round(PEAKS[-1])
        out["largest_page_kb"] = round(max(p.stat().st_size for p in (project / "site-cold").rglob("*.html")) / 1000)
        out["signals_share"] = round(out["signals_s"] / out["cold_s"], 3)
        print(
            f"(b) cold {out['cold_s']} s, peak {out['peak_mb']} MB; curation signals {out['signals_s']} s", flush=True
        )
        if not naive:
            return out
        out["warm_s"] = round(run(build("site"), project), 2)
        print(f"(c) warm {out['warm_s']} s", flush=True)
        playlist = library / "Playlist_010.csv"
        serve = SERVE.format(playlist=str(playlist))
        result = subprocess.run([sys.executable, "-c", serve], cwd=project, capture_output=True, text=True, env=ENV)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-3000:])
        served = json.loads(result.stdout.strip().splitlines()[-1])
        out["edit_page_s"], out["edit_page_plugin_s"], out["edit_page_recomputed"] = (round(x, 3) for x in served["d"])
        out["edit_playlist_s"], _, out["edit_playlist_recomputed"] = (round(x, 3) for x in served["e"])
        print(f"(d) page edit {out['edit_page_s']} s (plugin {out['edit_page_plugin_s']} s, "
              f"{out['edit_page_recomputed']} recomputed)", flush=True)  # fmt: skip
        print(
            f"(e) playlist edit {out['edit_playlist_s']} s ({out['edit_playlist_recomputed']} recomputed)", flush=True
        )
        files, nav = generated_files(library)
        floor = floor_project(tmp / "floor", files, nav)
        out["floor_s"] = round(run(build("site"), floor), 2)
        print(f"(f) floor {out['floor_s']} s", flush=True)
        out["site_mb"] = round(sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file()) / 1e6, 1)
        basic = tmp / "library-basic"
        make_library(basic, tracks, playlists, audio=False)
        out["signals_basic_s"] = round(signals_seconds(load_library(basic)), 3)
        out["cold_basic_s"] = round(run(build("site-cold"), plugin_project(tmp / "basic", basic)), 2)
        out["signals_basic_share"] = round(out["signals_basic_s"] / out["cold_basic_s"], 3)
        print(f"(g) without audio features: cold {out['cold_basic_s']} s, curation signals "
              f"{out['signals_basic_s']} s ({out['signals_basic_share']:.1%})", flush=True)  # fmt: skip
        out["cold_speedup"] = round(out["naive_s"] / out["cold_s"], 2)
        out["warm_speedup"] = round(out["naive_s"] / out["warm_s"], 2)
        out["warm_over_floor"] = round(out["warm_s"] / out["floor_s"], 2)
        out["cold_over_floor"] = round(out["cold_s"] / out["floor_s"], 2)
        shutil.rmtree(tmp / "naive", ignore_errors=True)
    return out


#: the site search index a phone loads, at most a quarter of the 11.13 MB a real 177-playlist library's was
SEARCH_TARGET_MB = 2.8
#: the largest real export among the fixtures (used when present, never copied)
REAL_LIBRARY = Path("/work/shared/fixtures/real/octadecimal-ai__wilsonos-dj/playlists")


def search_index_size(library: Path, folder: Path, theme: str = "material") -> dict[str, float | int]:
    """A build with the theme's search of `library`: the index's MB, its entries, and its bytes per
    track entry and per page (the pages' own entries and their sections)."""
    folder.mkdir(parents=True)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Bench\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        f"site_name: Bench\ntheme:\n  name: {theme}\nplugins:\n  - search\n  - clusters:\n"
        f"      library: {library}\n      cache: false\n",
        encoding="utf-8",
    )
    run(build("site"), folder)
    data = (folder / "site" / "search" / "search_index.json").read_bytes()
    docs = json.loads(data)["docs"]
    tracks = [d for d in docs if "#t-" in d["location"]]
    pages = {d["location"].split("#")[0] for d in docs}
    size = lambda entries: sum(len(json.dumps(d, ensure_ascii=False).encode()) for d in entries)  # noqa: E731
    return {
        "mb": round(len(data) / 1e6, 2),
        "entries": len(docs),
        "track_entries": len(tracks),
        "bytes_per_track": round(size(tracks) / max(len(tracks), 1)),
        "bytes_per_page": round((size(docs) - size(tracks)) / len(pages)),
    }


def measure_search(tracks: int, playlists: int) -> dict[str, float | int]:
    """The search index of a synthetic library of the real 177-playlist shape (and of the largest real
    fixture when present), in MB and against `SEARCH_TARGET_MB`."""
    out: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        make_library(tmp / "library", tracks, playlists)
        sources = {"search": tmp / "library", **({"search_real": REAL_LIBRARY} if REAL_LIBRARY.is_dir() else {})}
        for name, library in sources.items():
            for theme in ("material", "mkdocs"):
                r = search_index_size(library, tmp / f"{name}-{theme}", theme)
                key = f"{name}_{theme}"
                out.update({f"{key}_{k}": v for k, v in r.items()})
                out[f"{key}_over_target"] = round(r["mb"] / SEARCH_TARGET_MB, 2)
                print(f"search index ({'synthetic' if name == 'search' else 'real'} {library.name}, {theme}): "
                      f"{r['mb']} MB = {r['mb'] / SEARCH_TARGET_MB:.2f} x the {SEARCH_TARGET_MB} MB target; "
                      f"{r['track_entries']:,} track entries of {r['bytes_per_track']} bytes, "
                      f"{r['bytes_per_page']} bytes a page", flush=True)  # fmt: skip
    return out


#: `generate` points of `--scale`: (tracks, playlists)
GENERATE_POINTS = ((50_000, 1_300), (200_000, 5_200))


def measure_generate(tracks: int, playlists: int) -> dict[str, float | int]:
    """`generate` (no MkDocs) of a library of `tracks`, with local worker processes and on a Dask
    `LocalCluster` of as many single-threaded worker processes: seconds, peak memory (the command's
    process and its workers; a Dask worker's own peak, which the cluster reports) and the cost per
    collection. Both start from an empty cache, so both cluster every collection."""
    from distributed import Client, LocalCluster

    out: dict[str, float | int] = {}
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        library = tmp / "library"
        make_library(library, tracks, playlists)
        out["collections"] = len(build_catalog(load_library(library), 10).collections)
        command = [sys.executable, "-m", "mkdocs_clusters", "generate", str(library), "--no-cache"]
        out["local_s"] = round(run([*command, "--out", str(tmp / "local"), "--jobs", str(cores)], tmp), 1)
        out["local_peak_mb"] = round(PEAKS[-1])
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            out["dask_s"] = round(
                run([*command, "--out", str(tmp / "dask"), "--dask-scheduler", cluster.scheduler_address], tmp), 1
            )
            out["dask_peak_mb"] = round(PEAKS[-1])
            with Client(cluster) as client:  # type: ignore[no-untyped-call]
                peaks = client.run(_peak_mb)
            out["dask_worker_peak_mb"] = round(max(peaks.values()))
        same = _tree(tmp / "local") == _tree(tmp / "dask")
        out["dask_same_bytes"] = int(same)
    out["local_ms_per_collection"] = round(out["local_s"] / out["collections"] * 1000, 1)
    out["dask_ms_per_collection"] = round(out["dask_s"] / out["collections"] * 1000, 1)
    return out


def _peak_mb() -> float:
    """This process's peak resident memory in MB (run on each Dask worker)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def signals_seconds(library: Library) -> float:
    """The median of three computations of the library's curation signals (once per build)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        library_curation(library)
        times.append(time.perf_counter() - start)
    return sorted(times)[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracks", type=int, default=13_500)
    parser.add_argument("--playlists", type=int, default=100)
    parser.add_argument("--scale", action="store_true", help="also cold builds from 1,000 to 50,000 tracks")
    parser.add_argument("--search", action="store_true", help="only the search index of a 177-playlist library")
    args = parser.parse_args()
    if args.search:
        results = measure_search(15_000, 177)
        print(" ".join(f"{k}={v}" for k, v in results.items()))
        return
    results = measure(args.tracks, args.playlists, naive=True)
    results.update(measure_search(15_000, 177))
    if args.scale:
        previous: dict[str, float | int] = {}
        for tracks, playlists in ((1_000, 20), (5_000, 60), (20_000, 150), (50_000, 1_300)):
            r = measure(tracks, playlists, naive=False)
            per = r["cold_s"] / r["collections"] * 1000
            print(textwrap.dedent(f"scale: {tracks:,} tracks, {r['collections']:,} collections: cold {r['cold_s']} s, "
                                  f"{per:.1f} ms per collection, peak {r['peak_mb']} MB, largest page "
                                  f"{r['largest_page_kb']:,} KB"), flush=True)  # fmt: skip
            results[f"cold_s_{tracks}"], results[f"ms_per_collection_{tracks}"] = r["cold_s"], round(per, 1)
            results[f"collections_{tracks}"], results[f"peak_mb_{tracks}"] = r["collections"], r["peak_mb"]
            results[f"largest_page_kb_{tracks}"] = r["largest_page_kb"]
            results[f"signals_s_{tracks}"], results[f"signals_share_{tracks}"] = r["signals_s"], r["signals_share"]
            if previous:  # the cost of each further collection, without the fixed start-up of a build
                extra = (r["cold_s"] - previous["cold_s"]) / (r["collections"] - previous["collections"]) * 1000
                results[f"marginal_ms_per_collection_{tracks}"] = round(extra, 1)
            previous = r
        for tracks, playlists in GENERATE_POINTS:
            g = measure_generate(tracks, playlists)
            print(f"generate: {tracks:,} tracks, {g['collections']:,} collections: local {g['local_s']} s "
                  f"({g['local_ms_per_collection']} ms per collection, peak {g['local_peak_mb']} MB), Dask "
                  f"LocalCluster {g['dask_s']} s ({g['dask_ms_per_collection']} ms per collection, peak "
                  f"{g['dask_peak_mb']} MB, worker peak {g['dask_worker_peak_mb']} MB), same bytes: "
                  f"{bool(g['dask_same_bytes'])}", flush=True)  # fmt: skip
            results.update({f"generate_{name}_{tracks}": value for name, value in g.items()})
    print(" ".join(f"{k}={v}" for k, v in results.items()))


if __name__ == "__main__":
    main()
