"""Similar collections: by the tracks they share (Jaccard) and by their average sound, of the same kind."""

from __future__ import annotations

from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.collect.similar import similar_collections
from mkdocs_clusters.model import AUDIO_FEATURES, Library, Playlist, Track


def sounding(key: str, level: float) -> Track:
    return Track(key, "t", features={f: level for f in AUDIO_FEATURES} | {"tempo": 60 + 100 * level})


def test_shared_tracks_and_sound_rank_the_collections_of_a_kind() -> None:
    tracks = [sounding(f"a{i}", 0.1 + i * 0.01) for i in range(10)]  # quiet
    tracks += [sounding(f"b{i}", 0.9 - i * 0.01) for i in range(10)]  # loud
    tracks += [sounding(f"c{i}", 0.12 + i * 0.01) for i in range(10)]  # quiet again
    library = Library(tracks={t.key: t for t in tracks})
    keys = [t.key for t in tracks]
    library.playlists = [
        Playlist("Quiet", "q.csv", keys[:10]),
        Playlist("Loud with some quiet", "l.csv", keys[10:20] + keys[:6]),
        Playlist("Quiet too", "t.csv", keys[20:30] + keys[:1]),  # one shared track: nothing to say
        Playlist("Everything", "e.csv", keys),
    ]
    catalog = build_catalog(library, min_tracks=1000)
    path = {c.name: c.path for c in catalog.collections}
    similar = similar_collections(library, catalog)
    quiet = similar[path["Quiet"]]
    # Jaccard: 10 of 30 tracks with "Everything", 6 of 20 with "Loud with some quiet"
    assert quiet.shared == ((path["Everything"], 10), (path["Loud with some quiet"], 6))
    assert quiet.sound[0] == path["Quiet too"]
    assert similar[path["Loud with some quiet"]].sound[0] == path["Everything"]  # half loud, half quiet
    assert path["Quiet"] not in quiet.sound  # never itself
    assert similar_collections(library, catalog) == similar
