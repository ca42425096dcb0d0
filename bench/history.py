"""Reading ten years of Spotify's extended streaming history (issue target: about 300,000 plays, 150 MB
of JSON, read in under 30 s and 1.5 GB on the 2-core machine), and what a build of it costs cold and
from the cache.

`write_export` writes a synthetic "Download your data" folder shaped like the real one: `Playlist1.json`
(playlists of the track pool), `YourLibrary.json` (Liked Songs) and `Streaming_History_Audio_<years>_<n>.json`
files of about 10.5 MB each, as Spotify splits them, every record with the real export's 23 fields,
pretty-printed as Spotify writes them. Listening comes in sessions (gaps of more than 30 minutes between
them), each drawing its tracks mostly from one of `MOODS` groups: the truth `bench/quality.py` measures the
session signal against. A few plays are podcasts, a few name nothing, some are skipped.

Then, each in a child process of its own so that its peak memory is its own:

- `read`: `load_library` of the folder (parse, match the plays, count);
- `cold` and `warm`: `mkdocs-clusters generate` of the folder with a fresh cache, then again (the stored
  site: the cache keyed by the library's bytes, as every input is).

Run: `python bench/history.py [--plays 300000] [--keep DIR]`. The last line is `key=value` pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

#: groups of tracks a session draws from (the truth of the session signal)
MOODS = 12
TRACKS = 20_000
ARTISTS = 3_000
#: records per history file: Spotify's files are about 10.5 MB each, about 800 bytes a record
PER_FILE = 13_000
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def track_pool(seed: int = 11) -> list[dict[str, object]]:
    """The tracks listened to: id, title, artist, album, length and mood (artists keep to a mood)."""
    rng = random.Random(seed)
    tracks = []
    for i in range(TRACKS):
        artist = rng.randrange(ARTISTS)
        tracks.append(
            {
                "id": "".join(rng.choice(_ALPHABET) for _ in range(22)),
                "title": f"Song {i}",
                "artist": f"Artist {artist}",
                "album": f"Album {artist}-{i % 7}",
                "ms": rng.randint(120_000, 330_000),
                "mood": artist % MOODS,
            }
        )
    return tracks


def _record(track: dict[str, object] | None, end: datetime, ms: int, skipped: bool, podcast: bool) -> dict[str, object]:
    """One play with the 23 fields of the real export (tests/fixtures/spotify_extended)."""
    music = track is not None and not podcast
    return {
        "ts": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platform": "android",
        "ms_played": ms,
        "conn_country": "DE",
        "ip_addr": "192.0.2.1",
        "master_metadata_track_name": track["title"] if music and track else None,
        "master_metadata_album_artist_name": track["artist"] if music and track else None,
        "master_metadata_album_album_name": track["album"] if music and track else None,
        "spotify_track_uri": f"spotify:track:{track['id']}" if music and track else None,
        "episode_name": "Episode" if podcast else None,
        "episode_show_name": "A Show" if podcast else None,
        "spotify_episode_uri": "spotify:episode:0000000000000000000000" if podcast else None,
        "audiobook_title": None,
        "audiobook_uri": None,
        "audiobook_chapter_uri": None,
        "audiobook_chapter_title": None,
        "reason_start": "trackdone",
        "reason_end": "fwdbtn" if skipped else "trackdone",
        "shuffle": False,
        "skipped": skipped,
        "offline": False,
        "offline_timestamp": int(end.timestamp()),
        "incognito_mode": False,
    }


def plays(
    tracks: list[dict[str, object]], total: int, years: int = 10, seed: int = 5, keep: float = 0.9
) -> Iterator[dict[str, object]]:
    """`total` plays over `years`, in sessions of 5 to 40 plays: each session keeps to one mood (`keep`
    of its plays, the rest from anywhere), skips one play in five, and a few plays are podcasts or name
    nothing."""
    rng = random.Random(seed)
    by_mood: list[list[dict[str, object]]] = [[] for _ in range(MOODS)]
    for track in tracks:
        by_mood[int(track["mood"])].append(track)  # type: ignore[call-overload]
    start = datetime(2016, 1, 1, tzinfo=UTC)
    span = timedelta(days=365 * years).total_seconds()
    sessions = total // 20
    session_starts = sorted(rng.uniform(0, span) for _ in range(sessions))
    made = 0
    last_end = 0.0
    for at in session_starts:
        moment = max(at, last_end + 31 * 60)
        mood = rng.randrange(MOODS)
        for _ in range(rng.randint(5, 35)):
            if made >= total:
                return
            pool = by_mood[mood] if rng.random() < keep else tracks
            track = rng.choice(pool)
            skipped = rng.random() < 0.2
            length = int(track["ms"])  # type: ignore[call-overload]
            ms = rng.randint(500, 25_000) if skipped else length
            moment += ms / 1000 + rng.uniform(0, 4)
            podcast = rng.random() < 0.01
            nothing = rng.random() < 0.002
            yield _record(None if nothing else track, start + timedelta(seconds=moment), ms, skipped, podcast)
            made += 1
        last_end = moment


def write_export(folder: Path, total: int, seed: int = 11, keep: float = 0.9) -> tuple[int, int]:
    """The export's files in `folder` (sessions keeping to their mood `keep` of the time); returns
    (plays, bytes of history JSON)."""
    folder.mkdir(parents=True, exist_ok=True)
    tracks = track_pool(seed)
    rng = random.Random(seed)
    playlists = []
    for p in range(60):
        mood = p % MOODS
        members = [t for t in tracks if t["mood"] == mood]
        items = [
            {
                "track": {
                    "trackName": t["title"],
                    "artistName": t["artist"],
                    "albumName": t["album"],
                    "trackUri": f"spotify:track:{t['id']}",
                },
                "episode": None,
                "audiobook": None,
                "localTrack": None,
                "addedDate": f"20{rng.randint(16, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
            for t in rng.sample(members, 80)
        ]
        playlists.append({"name": f"Mix {p}", "lastModifiedDate": "2025-01-01", "items": items, "description": None,
                          "numberOfFollowers": 0})  # fmt: skip
    (folder / "Playlist1.json").write_text(json.dumps({"playlists": playlists}, indent=2), encoding="utf-8")
    liked = [{"artist": t["artist"], "album": t["album"], "track": t["title"], "uri": f"spotify:track:{t['id']}"}
             for t in rng.sample(tracks, 2_000)]  # fmt: skip
    (folder / "YourLibrary.json").write_text(json.dumps({"tracks": liked}, indent=2), encoding="utf-8")
    batch: list[dict[str, object]] = []
    written = size = count = 0

    def flush() -> int:
        first, last = str(batch[0]["ts"])[:4], str(batch[-1]["ts"])[:4]
        years = first if first == last else f"{first}-{last}"
        path = folder / f"Streaming_History_Audio_{years}_{written}.json"
        path.write_text(json.dumps(batch, indent=2, ensure_ascii=False), encoding="utf-8")
        return path.stat().st_size

    for record in plays(tracks, total, keep=keep):
        batch.append(record)
        count += 1
        if len(batch) == PER_FILE:
            size += flush()
            written += 1
            batch = []
    if batch:
        size += flush()
    return count, size


def _measure(what: str, folder: Path, cache: Path) -> None:
    """In the child process: one step, then its seconds and peak memory as JSON."""
    start = time.perf_counter()
    if what == "read":
        from mkdocs_clusters.read.library import load_library

        library = load_library(folder)
        assert library.listening is not None
        extra = {"plays": len(library.listening), "tracks": len(library.tracks)}
    else:
        from mkdocs_clusters.cli import main as cli

        code = cli(["generate", str(folder), "--out", str(cache / "out"), "--cache-dir", str(cache / "cache")])
        assert code in (0, None), code
        extra = {}
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak), **extra}))


def _child(what: str, folder: Path, cache: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", what, str(folder), str(cache)], capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"{what} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plays", type=int, default=300_000)
    parser.add_argument("--keep", type=Path, help="write the export here and keep it")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "my_spotify_data"
        start = time.perf_counter()
        count, size = write_export(folder, args.plays)
        print(f"wrote {count:,} plays, {size / 1e6:.0f} MB of history JSON in {time.perf_counter() - start:.0f} s")
        read = _child("read", folder, Path(tmp))
        held = f"{read['plays']:,} plays, {read['tracks']:,} tracks"
        print(f"read: {read['seconds']} s, peak {read['peak_mb']} MB ({held})")
        cold = _child("generate", folder, Path(tmp))
        warm = _child("generate", folder, Path(tmp))
        print(f"generate: cold {cold['seconds']} s (peak {cold['peak_mb']} MB), ", end="")
        print(f"warm {warm['seconds']} s (peak {warm['peak_mb']} MB)")
    ok = read["seconds"] < 30 and read["peak_mb"] < 1536
    print(
        f"plays={count} history_mb={size / 1e6:.0f} read_seconds={read['seconds']} read_peak_mb={read['peak_mb']} "
        f"cold_seconds={cold['seconds']} cold_peak_mb={cold['peak_mb']} warm_seconds={warm['seconds']} "
        f"target_seconds=30 target_mb=1536 ok={ok}"
    )


if __name__ == "__main__":
    main()
