"""Collections: playlists, genres, labels, artists; min_tracks; shared tracks; unique slugs."""

from mkdocs_clusters.collect.catalog import build_catalog
from mkdocs_clusters.model import Library, Playlist, Track


def library() -> Library:
    tracks = [
        Track(
            f"t{i}",
            f"Song {i}",
            artists=("Billie", "Khalid") if i < 2 else ("Billie",),
            labels=("Darkroom", "Interscope Records") if i % 2 else ("Interscope Records",),
            genres=("pop",),
        )
        for i in range(6)
    ]
    lib = Library(tracks={t.key: t for t in tracks})
    lib.playlists = [Playlist("Mix", "a/Mix.csv", ["t0", "t1", "t2"]), Playlist("mix", "b/mix.csv", ["t3"])]
    return lib


def test_kinds_and_thresholds() -> None:
    catalog = build_catalog(library(), min_tracks=3)
    names = {(c.kind, c.name): len(c.track_keys) for c in catalog.collections}
    assert names[("labels", "Interscope Records")] == 6
    assert names[("labels", "Darkroom")] == 3  # a joint credit counts for each label
    assert ("artists", "Khalid") not in names  # 2 tracks < min_tracks
    assert names[("artists", "Billie")] == 6
    assert set(catalog.artists) == {"billie"}
    assert set(catalog.labels) == {"darkroom", "interscope records"}


def test_same_slug_names_do_not_overwrite() -> None:
    catalog = build_catalog(library(), min_tracks=3)
    paths = [c.path for c in catalog.collections]
    assert len(paths) == len(set(paths))
    assert {c.path for c in catalog.of_kind("playlists")} == {"playlists/mix", "playlists/mix-2"}
