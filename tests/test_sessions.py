"""Listening sessions as a clustering signal: plays split into sessions at pauses of more than 30 minutes,
tracks streamed in the same sessions close, skipped plays counting for nothing; a library of Liked Songs
and a history alone is clustered by it, and the page says so."""

from __future__ import annotations

import random

from sklearn.metrics import adjusted_rand_score

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.curation import LISTENED, Signals, library_curation
from mkdocs_clusters.cluster.model import ClusterSettings
from mkdocs_clusters.listening import SESSION_GAP_S, STREAM_MS, Listening, Play
from mkdocs_clusters.model import Library, Playlist, Track
from mkdocs_clusters.render.pages import fallback_note

MOODS = ("calm", "loud", "sad")


def test_a_pause_of_more_than_30_minutes_starts_a_session() -> None:
    minute = 60
    ends = [0, 4 * minute, 4 * minute + SESSION_GAP_S + 3 * minute, 10_000, 10_000 + SESSION_GAP_S + 181 + 1]
    plays = [Play(end, 180_000, False) for end in ends]
    listening = Listening.of(["a"], [""], [(0, p) for p in plays], 0, 0)
    # the third play starts 3 minutes before its end: exactly 30 minutes after the second; the fifth
    # starts 30 minutes and a second after the fourth ended
    assert listening.sessions().tolist() == [0, 0, 0, 1, 2]


def mood_library(seed: int = 0, crossing_skipped: bool = True) -> tuple[Library, dict[str, str]]:
    """Liked Songs of 3 moods x 15 tracks by artists of every mood (so artists tell nothing), and 60
    sessions each streaming tracks of one mood, with plays of other moods that are skipped."""
    rng = random.Random(seed)
    tracks = {}
    mood_of = {}
    for m, mood in enumerate(MOODS):
        for i in range(15):
            key = f"{m}{i:021d}"
            tracks[key] = Track(key, f"{mood} {i}", artists=(f"Artist {i % 5}",), uri=f"spotify:track:{key}")
            mood_of[key] = mood
    keys = sorted(tracks)
    index = {k: i for i, k in enumerate(keys)}
    plays = []
    moment = 1_600_000_000
    for _ in range(60):
        mood = rng.randrange(len(MOODS))
        own = [k for k in keys if mood_of[k] == MOODS[mood]]
        for _ in range(8):
            moment += 200
            plays.append((index[rng.choice(own)], Play(moment, 190_000, False)))
            moment += 10
            other = rng.choice(keys)
            plays.append((index[other], Play(moment, 5_000 if crossing_skipped else 190_000, crossing_skipped)))
        moment += 3 * 3600
    listening = Listening.of(keys, ["Artist"] * len(keys), plays, 0, 0)
    library = Library(
        tracks=tracks,
        playlists=[Playlist("Liked Songs", "YourLibrary.json", keys)],
        liked=set(keys),
        listening=listening,
    )
    return library, mood_of


def test_tracks_streamed_together_are_clustered_together() -> None:
    library, mood_of = mood_library()
    curation = library_curation(library)
    assert curation is not None and curation.sessions is not None
    liked = list(library.tracks.values())
    clustering = cluster_tracks(liked, ClusterSettings(k=3), None, Signals(curation, "Liked Songs"))
    assert clustering.signals == (LISTENED,) and clustering.features == () and clustering.fallback
    number = {key: c.number for c in clustering.clusters for key in c.keys}
    keys = sorted(number)
    assert len(keys) == len(liked)
    assert adjusted_rand_score([mood_of[k] for k in keys], [number[k] for k in keys]) > 0.9
    note = fallback_note(clustering)
    assert "grouped by how you keep them: the listening sessions you play them in." in note
    # without the history there is nothing to group them by
    alone = Library(tracks=library.tracks, playlists=library.playlists, liked=library.liked)
    assert library_curation(alone) is None
    bare = cluster_tracks(liked, ClusterSettings(k=3), None, Signals(None, "Liked Songs"))
    assert not bare.clusters and bare.reason == "No track in this collection has features to compare."


def test_skipped_plays_do_not_bring_tracks_together() -> None:
    skipped, mood_of = mood_library(crossing_skipped=True)
    streamed, _ = mood_library(crossing_skipped=False)
    scores = []
    for library in (skipped, streamed):
        curation = library_curation(library)
        assert curation is not None
        liked = list(library.tracks.values())
        clustering = cluster_tracks(liked, ClusterSettings(k=3), None, Signals(curation, "Liked Songs"))
        number = {key: c.number for c in clustering.clusters for key in c.keys}
        keys = sorted(number)
        scores.append(adjusted_rand_score([mood_of[k] for k in keys], [number[k] for k in keys]))
    assert scores[0] > 0.9 and scores[0] > scores[1] + 0.2, scores
    assert STREAM_MS > 5_000
