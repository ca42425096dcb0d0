"""Load time of a 20,000-track export (issue target: under 3 s on the 2-core machine).

Writes a synthetic Exportify "Export All" zip (100 playlists x 200 rows, exportify.net 2025+ dialect,
every quirk the reader handles on the way: BOM-less zip entries, `;` and `,` artist joins, labels with
`/`, a few `undefined` rows and local files) into a temporary folder, then measures, in the same run:

- `reference`: pandas.read_csv of every entry (the bare parse a reader cannot beat by much);
- `load`: `load_library` (parse, normalise, merge, report).

The last line is `key=value` pairs.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
import zipfile
from pathlib import Path

import pandas as pd

from mkdocs_clusters.read.library import load_library

HEADER = [
    "Track URI", "Track Name", "Album Name", "Artist Name(s)", "Release Date", "Duration (ms)", "Popularity",
    "Explicit", "Added By", "Added At", "Genres", "Record Label", "Danceability", "Energy", "Key", "Loudness",
    "Mode", "Speechiness", "Acousticness", "Instrumentalness", "Liveness", "Valence", "Tempo", "Time Signature",
]  # fmt: skip


def make_export(path: Path, playlists: int = 100, rows: int = 200, seed: int = 7) -> int:
    """Write the zip; returns the number of rows."""
    rng = random.Random(seed)
    ids = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(22)) for _ in range(400_000)]
    total = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for p in range(playlists):
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(HEADER)
            for r in range(rows):
                total += 1
                if r == 0 and p % 10 == 0:
                    writer.writerow(["undefined"] * len(HEADER))
                    continue
                joiner = ";" if p % 2 else ","
                uri = f"spotify:local:a:b:Song {p}-{r}:200" if r == 1 else f"spotify:track:{rng.choice(ids)}"
                features = [f"{rng.random():.4f}" for _ in range(12)]
                artists = joiner.join(f"Artist {rng.randint(0, 3000)}" for _ in range(rng.randint(1, 3)))
                released = f"{rng.randint(1960, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                label = f"Label {rng.randint(0, 800)}/Big Records"
                writer.writerow([
                    uri, f"Song {r}", f"Album {r % 50}", artists, released, str(rng.randint(90_000, 400_000)),
                    str(rng.randint(0, 100)), "false", "me", "2024-01-01T00:00:00Z", "pop,indie rock", label,
                    *features,
                ])  # fmt: skip
            archive.writestr(f"playlist_{p:03d}.csv", buffer.getvalue())
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "spotify_playlists.zip"
        rows = make_export(export)
        start = time.perf_counter()
        with zipfile.ZipFile(export) as archive:
            for name in archive.namelist():
                pd.read_csv(io.BytesIO(archive.read(name)), dtype=str, keep_default_na=False)
        reference = time.perf_counter() - start
        start = time.perf_counter()
        library = load_library(export)
        load = time.perf_counter() - start
    reported = sum(r.rows_read - r.rows_loaded for r in library.reports)
    print(f"rows {rows:,}; tracks {len(library.tracks):,}; playlists {len(library.playlists)}; reported {reported}")
    print(f"reference (pandas.read_csv) {reference:.2f} s; load_library {load:.2f} s")
    print(
        f"rows={rows} tracks={len(library.tracks)} load_seconds={load:.3f} reference_seconds={reference:.3f} "
        f"load_over_reference={load / reference:.2f} target_seconds=3 ok={load < 3}"
    )


if __name__ == "__main__":
    main()
