"""Write the demo library: a deterministic, made-up export of a dozen playlists.

Run `python demo/make_library.py` to rewrite `demo/library/`; the output is committed, and a test checks
that running this again gives the same bytes. Everything here is invented: tracks come from a few
"styles" (latent groups with their own audio-feature profile), so clusters have something to find, and
titles use several scripts, including one with `|` and `<b>` in it.

Most playlists are in the watsonbox "full" dialect (it carries album art, genres, labels and audio
features); two are in the exportify.net 2025+ dialect, and Liked Songs marks the liked heart.

`demo/library-basic/` holds the same playlists as an export without audio features, genres or labels
(watsonbox's basic dialect, as new Spotify apps get them since 2024), each playlist's tracks added in a
season of its own: the demo site's "Without audio features" section, clustered by curation.
"""

from __future__ import annotations

import csv
import io
import random
import string
import sys
from pathlib import Path

from mkdocs_clusters.render.playlists import EXPORTIFY_COLUMNS

OUT = Path(__file__).resolve().parent / "library"
SEED = 20261123
ALPHABET = string.ascii_letters + string.digits

# style: (feature means: danceability, energy, loudness, speechiness, acousticness,
#         instrumentalness, liveness, valence, tempo), genres
STYLES = {
    "acoustic": (
        (0.45, 0.25, -13.0, 0.04, 0.85, 0.05, 0.12, 0.35, 92.0),
        ("indie folk", "singer-songwriter"),
    ),
    "dance": ((0.82, 0.85, -4.5, 0.07, 0.06, 0.02, 0.15, 0.75, 124.0), ("dance pop", "electropop")),
    "hiphop": ((0.78, 0.62, -6.5, 0.32, 0.12, 0.0, 0.2, 0.55, 96.0), ("hip hop", "rap")),
    "ambient": ((0.3, 0.18, -20.0, 0.04, 0.7, 0.88, 0.1, 0.12, 75.0), ("ambient", "neo-classical")),
    "rock": ((0.48, 0.9, -5.0, 0.06, 0.02, 0.1, 0.3, 0.45, 145.0), ("alternative rock", "post-punk")),
    "kpop": ((0.72, 0.8, -4.0, 0.08, 0.1, 0.0, 0.14, 0.68, 118.0), ("k-pop", "korean pop")),
}
SPREAD = (0.07, 0.07, 1.6, 0.03, 0.08, 0.08, 0.06, 0.09, 8.0)
LABELS = [
    "Darkroom/Interscope Records",
    "Interscope Records",
    "Sub Pop Records",
    "Warp Records",
    "YG Entertainment/Interscope Records",
    "Hyperdub",
    "Erased Tapes Records",
    "Big Hit Music",
    "Domino Recording Co",
    "XL Recordings",
]
ARTISTS = [
    ("Léa Moreau", "acoustic"),
    ("Ørjan Vik", "acoustic"),
    ("The Quiet Hours", "acoustic"),
    ("Maëlle & the Fjords", "acoustic"),
    ("Nova Lights", "dance"),
    ("DJ Citrus", "dance"),
    ("Pulse Avenue", "dance"),
    ("Kimbra Falls", "dance"),
    ("MC Ferro", "hiphop"),
    ("Lil Saturn", "hiphop"),
    ("Verse Theory", "hiphop"),
    ("Åsa Drift", "ambient"),
    ("Tide Pools", "ambient"),
    ("Kōji Aoki", "ambient"),
    ("Broken Hinges", "rock"),
    ("The Static Saints", "rock"),
    ("Iron Tulip", "rock"),
    ("하늘빛 (Haneulbit)", "kpop"),
    ("NEON 7", "kpop"),
    ("별빛소녀", "kpop"),
    ("יעל כהן", "acoustic"),
    ("さくらバンド", "rock"),
]
WORDS = {
    "acoustic": ["Autumn", "Letters", "Hollow", "River", "Café", "Élan", "Quiet", "Pines", "Lanterns"],
    "dance": ["Neon", "Tonight", "Heartbeat", "Electric", "Move", "Fever", "Glow", "Starlight"],
    "hiphop": ["Block", "Hustle", "Crown", "Concrete", "Flow", "Paper", "Vibes", "Streets"],
    "ambient": ["Drift", "Tides", "Glacier", "Vapour", "Stillness", "Horizon", "Nebula", "Dawn"],
    "rock": ["Static", "Rust", "Riot", "Engines", "Noise", "Gravel", "Thunder", "Wires"],
    "kpop": ["Shine", "Love Shot", "Butterfly", "Dream", "Sparkle", "Candy", "Firework"],
}
SCRIPT_TITLES = {
    "kpop": ["사랑해", "별이 빛나는 밤", "봄날의 기억", "너에게로"],
    "ambient": ["静かな海", "月の光", "雪の記憶"],
    "rock": ["東京ナイト", "走れ"],
    "acoustic": ["שיר לאהבה", "בוקר טוב", "Ça ira, mon cœur", "Canción del niño"],
}
PLAYLISTS = {
    "Alt-Pop": ("dance", "acoustic", "rock"),
    "Chill Evenings": ("acoustic", "ambient"),
    "Workout": ("dance", "hiphop", "rock"),
    "International Pop": ("kpop", "dance", "acoustic"),
    "Focus": ("ambient", "acoustic"),
    "Road Trip": ("rock", "dance", "hiphop"),
    "Rainy Days": ("acoustic", "ambient", "rock"),
    "Party Mix": ("dance", "hiphop", "kpop"),
    "K-Pop Favourites": ("kpop", "dance"),
    "Garage & Guitars": ("rock", "acoustic"),
    "Late Night Beats": ("hiphop", "ambient", "dance"),
    "Sunday Morning": ("acoustic", "ambient", "kpop"),
}
EXPORTIFY_PLAYLISTS = {"Focus", "Road Trip"}

WATSONBOX_HEADER = [
    "Track URI",
    "Track Name",
    "Artist URI(s)",
    "Artist Name(s)",
    "Album URI",
    "Album Name",
    "Album Artist URI(s)",
    "Album Artist Name(s)",
    "Album Release Date",
    "Album Image URL",
    "Disc Number",
    "Track Number",
    "Track Duration (ms)",
    "Track Preview URL",
    "Explicit",
    "Popularity",
    "ISRC",
    "Added By",
    "Added At",
    "Artist Genres",
    "Danceability",
    "Energy",
    "Key",
    "Loudness",
    "Mode",
    "Speechiness",
    "Acousticness",
    "Instrumentalness",
    "Liveness",
    "Valence",
    "Tempo",
    "Time Signature",
    "Album Genres",
    "Label",
    "Copyrights",
]
#: watsonbox's basic layout: no genres, audio features or label
BASIC_HEADER = WATSONBOX_HEADER[: WATSONBOX_HEADER.index("Artist Genres")]
#: exportify.net's 2025 layout, the one the plugin's cluster downloads use too
EXPORTIFY_HEADER = [name for name, _ in EXPORTIFY_COLUMNS]


def spotify_id(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(22))


def make_tracks(rng: random.Random) -> list[dict[str, object]]:
    """About 300 tracks, each from one artist's style, a few of them without audio features."""
    artist_ids = {name: spotify_id(rng) for name, _ in ARTISTS}
    artist_label = {name: LABELS[i % len(LABELS)] for i, (name, _) in enumerate(ARTISTS)}
    tracks: list[dict[str, object]] = []
    used_titles: set[str] = set()
    style_count: dict[str, int] = {}
    for index in range(300):
        artist, style = ARTISTS[index % len(ARTISTS)]
        means, genres = STYLES[style]
        pool = SCRIPT_TITLES.get(style, [])
        seen = style_count.get(style, 0)
        style_count[style] = seen + 1
        if seen < len(pool):  # every title in another script appears at least once
            title = pool[seen]
        elif pool and rng.random() < 0.12:
            title = rng.choice(pool)
        else:
            title = " ".join(rng.sample(WORDS[style], 2))
        while title in used_titles:
            title = f"{title} ({rng.choice(['Live', 'Remix', 'Acoustic', 'Demo', 'Edit'])})"
        used_titles.add(title)
        features = [
            round(min(max(rng.gauss(m, s), 0.0), 1.0), 4) if i not in (2, 8) else round(rng.gauss(m, s), 3)
            for i, (m, s) in enumerate(zip(means, SPREAD, strict=True))
        ]
        featured = [artist]
        if rng.random() < 0.15:
            other = rng.choice([a for a, s in ARTISTS if s == style and a != artist])
            featured.append(other)
        tracks.append(
            {
                "id": spotify_id(rng),
                "title": title,
                "artists": featured,
                "artist_ids": [artist_ids[a] for a in featured],
                "album": f"{title.split(' (')[0]} – EP"
                if rng.random() < 0.3
                else rng.choice(WORDS[style]) + " Sessions",
                "album_id": spotify_id(rng),
                "art": "https://i.scdn.co/image/ab67616d0000b273"
                + "".join(rng.choice("0123456789abcdef") for _ in range(24)),
                "date": f"{rng.randint(1998, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "duration": rng.randint(140_000, 330_000),
                "popularity": rng.randint(5, 90),
                "explicit": style == "hiphop" and rng.random() < 0.6,
                "genres": list(genres),
                "label": artist_label[artist],
                "features": features,
                "key": rng.randint(0, 11),
                "mode": rng.randint(0, 1),
                "style": style,
            }
        )
    tracks[7]["title"] = "Pipes | and <b>bold</b> *not* [markup]"
    for i in (11, 58, 133):
        tracks[i]["features"] = None  # features missing, as for tracks the API no longer covers
    return tracks


def choose(rng: random.Random, tracks: list[dict[str, object]], styles: tuple[str, ...]) -> list[dict[str, object]]:
    pool = [t for t in tracks if t["style"] in styles]
    return rng.sample(pool, min(len(pool), rng.randint(28, 60)))


def added_at(rng: random.Random) -> str:
    return (
        f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
    )


def feature_cells(t: dict[str, object]) -> list[object]:
    """The twelve audio-feature cells in export order (empty for a track without features)."""
    f = t["features"]
    if f is None:
        return ["" for _ in range(12)]
    return [f[0], f[1], t["key"], f[2], t["mode"], f[3], f[4], f[5], f[6], f[7], f[8], 4]  # type: ignore[index]


def watsonbox_row(rng: random.Random, t: dict[str, object]) -> list[str]:
    feats = feature_cells(t)
    return [
        f"spotify:track:{t['id']}",
        str(t["title"]),
        ",".join(f"spotify:artist:{i}" for i in t["artist_ids"]),  # type: ignore[attr-defined]
        ",".join(a.replace(",", "\\,") for a in t["artists"]),  # type: ignore[attr-defined]
        f"spotify:album:{t['album_id']}",
        str(t["album"]),
        f"spotify:artist:{t['artist_ids'][0]}",  # type: ignore[index]
        t["artists"][0],
        str(t["date"]),
        str(t["art"]),
        "1",
        "1",
        str(t["duration"]),
        "",  # type: ignore[index]
        str(t["explicit"]).lower(),
        str(t["popularity"]),
        "",
        "spotify:user:demo",
        added_at(rng),
        ",".join(t["genres"]),
        *[str(x) for x in feats],
        "",
        str(t["label"]),
        "",  # type: ignore[attr-defined]
    ]


def exportify_row(rng: random.Random, t: dict[str, object]) -> list[str]:
    feats = feature_cells(t)
    return [
        f"spotify:track:{t['id']}",
        str(t["title"]),
        str(t["album"]),
        ";".join(t["artists"]),  # type: ignore[arg-type]
        str(t["date"]),
        str(t["duration"]),
        str(t["popularity"]),
        str(t["explicit"]).lower(),
        "demo",
        added_at(rng),
        ",".join(t["genres"]),
        str(t["label"]),
        *[str(x) for x in feats],  # type: ignore[arg-type]
    ]


def write_csv(path: Path, header: list[str], rows: list[list[str]], quote_all: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def basic_row(t: dict[str, object], added: str) -> list[str]:
    """A watsonbox basic row: the full row's first columns, with the date the track was added."""
    row = watsonbox_row(random.Random(0), t)[: len(BASIC_HEADER)]
    row[BASIC_HEADER.index("Added At")] = added
    return row


def write_basic(out: Path, playlists: dict[str, list[dict[str, object]]]) -> None:
    """The playlists as a basic export into `out`: playlist i was filled in the i-th season from
    spring 2019 (its tracks added on days of those three months)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.csv"):
        old.unlink()
    rng = random.Random(SEED + 1)
    for index, (name, chosen) in enumerate(playlists.items()):
        first = 2019 * 12 + 2 + 3 * index  # months since year 0: March 2019, June 2019, ...
        rows = []
        for t in chosen:
            month = first + rng.randint(0, 2)
            added = f"{month // 12}-{month % 12 + 1:02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"
            rows.append(basic_row(t, added))
        write_csv(out / (name.replace(" ", "_").replace("&", "and") + ".csv"), BASIC_HEADER, rows, quote_all=True)


def main(out: Path = OUT) -> None:
    """Write the demo library into `out` (default: `demo/library/` next to this file), and its variant
    without audio features beside it (`<out>-basic`)."""
    rng = random.Random(SEED)
    tracks = make_tracks(rng)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.csv"):
        old.unlink()
    liked: list[dict[str, object]] = []
    playlists: dict[str, list[dict[str, object]]] = {}
    for name, styles in PLAYLISTS.items():
        chosen = playlists[name] = choose(rng, tracks, styles)
        liked.extend(t for t in chosen if rng.random() < 0.3 and t not in liked)
        file = out / (name.replace(" ", "_").replace("&", "and") + ".csv")
        if name in EXPORTIFY_PLAYLISTS:
            write_csv(file, EXPORTIFY_HEADER, [exportify_row(rng, t) for t in chosen], quote_all=False)
        else:
            write_csv(file, WATSONBOX_HEADER, [watsonbox_row(rng, t) for t in chosen], quote_all=True)
    write_csv(out / "Liked_Songs.csv", WATSONBOX_HEADER, [watsonbox_row(rng, t) for t in liked], quote_all=True)
    write_basic(out.parent / f"{out.name}-basic", playlists)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
