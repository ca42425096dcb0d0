"""Names and what stands out: short, true, unique on a page; reasons in plain words."""

from __future__ import annotations

import random
import re
from dataclasses import replace

from mkdocs_clusters.cluster.clustering import cluster_tracks
from mkdocs_clusters.cluster.model import Cluster, Clustering, ClusterSettings
from mkdocs_clusters.cluster.names import AVERAGE, MIDDLE, ORDINARY, describe
from mkdocs_clusters.cluster.reference import library_reference
from mkdocs_clusters.model import AUDIO_FEATURES, Track


def track(key: str, rng: random.Random, **features: float) -> Track:
    values = {f: rng.uniform(0.3, 0.7) for f in AUDIO_FEATURES} | {"tempo": rng.uniform(100, 130)}
    values.update(features)
    return Track(key, "t", features=values)


def test_a_name_from_true_traits_and_what_dominates() -> None:
    """`Slow acoustic · 1970s folk`: the strongest traits, then the genre and decade that stand out."""
    rng = random.Random(1)
    folk = [
        Track(
            f"f{i}",
            "t",
            features={f: rng.uniform(0.3, 0.7) for f in AUDIO_FEATURES}
            | {"tempo": rng.uniform(70, 76), "acousticness": rng.uniform(0.9, 1.0)},
            genres=("folk",),
            release_date=f"197{i % 10}",
        )
        for i in range(20)
    ]
    rest = [
        Track(
            f"r{i}",
            "t",
            features={f: rng.uniform(0.3, 0.7) for f in AUDIO_FEATURES}
            | {"tempo": rng.uniform(120, 140), "acousticness": rng.uniform(0.0, 0.1)},
            genres=("rock",),
            release_date=f"20{10 + i % 10}",
        )
        for i in range(40)
    ]
    tracks = folk + rest
    clustering = Clustering(
        tuple(AUDIO_FEATURES),
        (
            Cluster(1, tuple(t.key for t in rest), {}),
            Cluster(2, tuple(t.key for t in folk), {}),
        ),
        (),
    )
    text = describe(clustering, tracks, library_reference(tracks)).clusters[1]
    assert text.name == "Acoustic slow · 1970s folk"
    assert re.fullmatch(r"very acoustic and slow \(~7\d BPM\)", text.words)
    assert text.stands_out == "100 % folk · 100 % from the 1970s"


def test_names_are_unique_on_a_page() -> None:
    rng = random.Random(2)
    tracks = [track(f"k{i:02d}", rng) for i in range(30)]
    keys = [t.key for t in tracks]
    clustering = Clustering(tuple(AUDIO_FEATURES), tuple(Cluster(n + 1, tuple(keys[n::3]), {}) for n in range(3)), ())
    names = [t.name for t in describe(clustering, tracks, library_reference(tracks)).clusters]
    assert len(set(names)) == 3
    # nothing sets them apart, not even the titles of their nearest tracks: words, never a number
    assert names == [f"{MIDDLE} · around “t”", f"{MIDDLE} · around “t”, second", f"{MIDDLE} · around “t”, third"]


def test_a_cluster_without_words_is_average_only_when_its_bars_say_so() -> None:
    """A label's louder half that is not loud for the library gets no word, and is not "average" either."""
    rng = random.Random(5)
    tracks = [track(f"k{i:02d}", rng) for i in range(30)]
    keys = [t.key for t in tracks]
    near = {"energy": 0.3, "loudness": -0.4}
    apart = {"energy": 1.1, "loudness": 1.2}
    clusters = (Cluster(1, tuple(keys[:15]), near), Cluster(2, tuple(keys[15:]), apart))
    clustering = Clustering(tuple(AUDIO_FEATURES), clusters, ())
    words = [t.words for t in describe(clustering, tracks, library_reference(tracks)).clusters]
    assert words == [AVERAGE, ORDINARY]


def test_what_the_whole_collection_shares_does_not_name_a_cluster() -> None:
    """On an artist's page every track is by the artist: the artist sets no cluster apart."""
    rng = random.Random(3)
    tracks = [
        Track(
            f"k{i:02d}",
            "t",
            artists=("Solo",),
            genres=("drone",),
            features={f: rng.uniform(0.0, 1.0) for f in AUDIO_FEATURES} | {"tempo": rng.uniform(60, 180)},
        )
        for i in range(60)
    ]
    clustering = cluster_tracks(tracks, ClusterSettings())
    description = describe(clustering, tracks, library_reference(tracks))
    assert description.clusters
    assert all("Solo" not in t.name and "drone" not in t.name for t in description.clusters)
    assert all("Solo" not in t.stands_out for t in description.clusters)


def test_a_collection_too_alike_to_split_says_what_it_is() -> None:
    rng = random.Random(4)
    library = [track(f"l{i:03d}", rng, energy=rng.uniform(0, 1), loudness=rng.uniform(-30, -3)) for i in range(200)]
    alike = [
        Track(
            f"a{i:02d}",
            "t",
            features={f: 0.5 for f in AUDIO_FEATURES} | {"energy": 0.95 + i * 0.001, "loudness": -3.5, "tempo": 150.0},
        )
        for i in range(30)
    ]
    clustering = cluster_tracks(alike, ClusterSettings())
    assert not clustering.clusters
    reason = describe(clustering, alike, library_reference(library + alike)).reason
    assert reason.startswith("These 30 tracks are too alike to split into groups: together they are ")
    assert "very high-energy" in reason and "very loud (-4 dB)" in reason


def _curated_tracks() -> tuple[list[Track], Clustering]:
    """Two older clusters that only their artists tell apart (30 % each), and a newer one; no audio
    features, clustered by release year as an export without them is."""
    years = (1968, 1971, 1974, 1977, 1980, 1983, 1986, 1989, 1992, 1995)
    goth = [
        Track(f"a{i}", f"Goth {i}", artists=("Sisters of Mercy",) if i < 3 else (f"Band {i}",), release_date=str(y))
        for i, y in enumerate(years)
    ]
    wave = [
        Track(f"b{i}", f"Wave {i}", artists=("The Cure",) if i < 3 else (f"Group {i}",), release_date=str(y))
        for i, y in enumerate(years)
    ]
    new = [Track(f"c{i:02d}", f"New {i}", artists=(f"Act {i}",), release_date=str(2015 + i % 10)) for i in range(20)]
    clusters = tuple(Cluster(n + 1, tuple(t.key for t in group), {}) for n, group in enumerate((new, goth, wave)))
    return goth + wave + new, Clustering(("release_year",), clusters, (), fallback=True)


def test_generic_names_by_curation_are_told_by_what_stands_out() -> None:
    """Without audio features "Older" twice says nothing: each takes the artist standing out in it, which
    its *Stands out* line shows, and no number."""
    tracks, clustering = _curated_tracks()
    texts = describe(clustering, tracks, library_reference(tracks)).clusters
    assert [t.name for t in texts[1:]] == ["Older · Sisters of Mercy", "Older · The Cure"]
    assert "30 % Sisters of Mercy" in texts[1].stands_out and "30 % The Cure" in texts[2].stands_out
    assert not any(re.search(r"#\d", t.name) for t in texts)


def test_with_audio_features_a_generic_name_keeps_its_sound_words() -> None:
    """The same clusters with audio features are not clustered by curation: a name with a true trait
    keeps it alone, a repeated one takes what stands out next, never a number."""
    tracks, clustering = _curated_tracks()
    names = [t.name for t in describe(replace(clustering, fallback=False), tracks, library_reference(tracks)).clusters]
    # repeated: told apart by what stands out, in the order of names with audio features (decade first)
    assert names[1:] == ["Older · 1980s · Sisters of Mercy", "Older · 1980s · The Cure"]
    assert len(set(names)) == 3


def test_names_alike_in_every_fact_are_told_by_how_they_compare() -> None:
    """Two middle-ground clusters with nothing standing out differ in their bars: the name says how
    (slower, faster), as the bars do, rather than a number."""
    rng = random.Random(2)
    tracks = [track(f"k{i:02d}", rng) for i in range(30)]
    keys = [t.key for t in tracks]
    profiles = ({"tempo": -0.2, "energy": 0.1}, {"tempo": 0.25, "energy": 0.1}, {"energy": -0.3})
    clusters = tuple(Cluster(n + 1, tuple(keys[n::3]), profiles[n]) for n in range(3))
    clustering = Clustering(tuple(AUDIO_FEATURES), clusters, ())
    names = [t.name for t in describe(clustering, tracks, library_reference(tracks)).clusters]
    assert names == [f"{MIDDLE} · slower", f"{MIDDLE} · faster", f"{MIDDLE} · calmer"]


def test_names_with_the_same_words_in_another_order_are_told_apart() -> None:
    """Real (wilsonos-dj, Hydrozagadka): "Happy loud" and "Loud happy" on one page say the same to a
    reader; the second is told by how its bars differ (its tracks are far livelier), as a repeat is."""
    rng = random.Random(3)

    def song(key: str, **features: float) -> Track:
        values = {f: rng.uniform(0.4, 0.5) for f in AUDIO_FEATURES} | {
            "tempo": rng.uniform(110, 115),
            "loudness": rng.uniform(-9, -8),
            "liveness": rng.uniform(0.1, 0.15),
        }
        return Track(key, f"t{key}", features=values | {k: v + rng.uniform(-0.01, 0.01) for k, v in features.items()})

    happy = [song(f"a{i}", valence=0.95, loudness=-5.0) for i in range(10)]
    loud = [song(f"b{i}", valence=0.8, loudness=-3.5, liveness=0.6) for i in range(10)]
    rest = [song(f"c{i}", valence=0.2, loudness=-14.0) for i in range(20)]
    profiles = ({"valence": 0.6, "loudness": 0.4}, {"loudness": 0.7, "valence": 0.4, "liveness": 2.5}, {})
    groups = (happy, loud, rest)
    clusters = tuple(Cluster(n + 1, tuple(t.key for t in g), profiles[n]) for n, g in enumerate(groups))
    tracks = happy + loud + rest
    names = [t.name for t in describe(Clustering(tuple(AUDIO_FEATURES), clusters, ()), tracks,
                                      library_reference(tracks)).clusters]  # fmt: skip
    assert names == ["Happy loud", "Loud happy · livelier", "Quiet sombre"]


def test_a_true_word_without_a_short_form_names_the_cluster() -> None:
    """Real (Valentinaorj): "Middle ground · latin alternative" over the words "hard to dance to", a trait
    that has no short form: the name is the word itself, not the middle ground the words deny."""
    rng = random.Random(4)

    def song(key: str, danceability: float) -> Track:
        values = {f: rng.uniform(0.45, 0.55) for f in AUDIO_FEATURES} | {
            "tempo": rng.uniform(110, 115),
            "loudness": rng.uniform(-9, -8),
            "danceability": danceability + rng.uniform(-0.01, 0.01),
        }
        return Track(key, f"t{key}", features=values)

    stiff = [song(f"a{i}", 0.2) for i in range(12)]
    rest = [song(f"c{i}", 0.75) for i in range(24)]
    clusters = (
        Cluster(1, tuple(t.key for t in stiff), {"danceability": -1.4}),
        Cluster(2, tuple(t.key for t in rest), {"danceability": 0.7}),
    )
    texts = describe(Clustering(tuple(AUDIO_FEATURES), clusters, ()), stiff + rest, library_reference(stiff + rest))
    assert [(t.name, t.words) for t in texts.clusters[:1]] == [("Hard to dance to", "hard to dance to")]
    assert texts.clusters[1].name == MIDDLE
