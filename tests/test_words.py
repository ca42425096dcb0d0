"""Words: a difference from the collection, not negligible in the feature's units, and true of the whole
library; published marks for liveness, speechiness and instrumentalness; no contradictions."""

from __future__ import annotations

from mkdocs_clusters.cluster.reference import Reference, library_reference
from mkdocs_clusters.cluster.words import Summary, phrase, show_value, traits
from mkdocs_clusters.model import Track


def library(name: str, low: float, high: float, n: int = 101) -> Reference:
    """A library whose `name` values run evenly from `low` to `high`."""
    tracks = [Track(f"t{i}", "t", features={name: low + (high - low) * i / (n - 1)}) for i in range(n)]
    return library_reference(tracks)


def summary(means: dict[str, float], spreads: dict[str, float] | None = None, shares: dict[str, float] | None = None):
    return Summary(means, spreads or dict.fromkeys(means, 1.0), shares or {})


def test_rank_reads_the_library_percentiles() -> None:
    reference = library("tempo", 60, 160)
    assert reference.rank("tempo", 110) == 50
    assert reference.rank("tempo", 60) == 0 and reference.rank("tempo", 200) == 100
    assert reference.rank("energy", 0.5) is None  # no track has it
    # a run of equal values (most tracks not instrumental at all): the middle of the run
    tracks = [Track(f"t{i}", "t", features={"instrumentalness": 0.0 if i < 80 else 0.9}) for i in range(100)]
    assert library_reference(tracks).rank("instrumentalness", 0.0) == 39.5


def test_faster_than_the_collection_but_slow_for_the_library_is_not_fast() -> None:
    """A drone playlist's quickest cluster is quicker than the playlist, yet not fast music."""
    reference = library("tempo", 60, 180)  # median 120 BPM
    collection = summary({"tempo": 70.0}, {"tempo": 8.0})
    group = summary({"tempo": 84.0})
    assert traits(group, collection, reference) == []
    # the same difference where the library agrees
    fast = traits(summary({"tempo": 160.0}), summary({"tempo": 140.0}, {"tempo": 12.0}), reference)
    assert [t.text for t in fast] == ["fast (~160 BPM)"]


def test_a_negligible_difference_gets_no_word_however_many_deviations() -> None:
    reference = library("tempo", 60, 180)
    collection = summary({"tempo": 150.0}, {"tempo": 1.0})  # a very tight collection: 5 BPM is 5 deviations
    assert traits(summary({"tempo": 155.0}), collection, reference) == []
    reference = library("speechiness", 0.0, 0.2)
    collection = summary({"speechiness": 0.10}, {"speechiness": 0.005})
    assert traits(summary({"speechiness": 0.12}), collection, reference) == []


def test_very_needs_the_library_extremes() -> None:
    reference = library("energy", 0.0, 1.0)
    collection = summary({"energy": 0.5}, {"energy": 0.1})
    (high,) = traits(summary({"energy": 0.65}), collection, reference)
    assert (high.text, high.very) == ("high-energy", False)  # 1.5 deviations, but 65th percentile
    (very,) = traits(summary({"energy": 0.9}), collection, reference)
    assert (very.text, very.very) == ("very high-energy", True)


def test_low_danceability_reads_as_english() -> None:
    reference = library("danceability", 0.0, 1.0)
    collection = summary({"danceability": 0.5}, {"danceability": 0.1})
    (low,) = traits(summary({"danceability": 0.1}), collection, reference)
    assert low.text == "very hard to dance to"


def test_loudness_and_tempo_words_carry_their_values() -> None:
    reference = library_reference(
        [Track(f"t{i}", "t", features={"loudness": -30 + i * 0.25, "tempo": 60 + i}) for i in range(101)]
    )
    collection = summary({"loudness": -12.0, "tempo": 100.0}, {"loudness": 3.0, "tempo": 10.0})
    words = traits(summary({"loudness": -5.6, "tempo": 145.0}), collection, reference)
    assert [t.text for t in words] == ["very fast (~145 BPM)", "very loud (-6 dB)"]
    assert phrase(words) == "very fast (~145 BPM) and very loud (-6 dB)"


def test_marks_count_tracks_past_published_meanings() -> None:
    """Liveness 0.8 (likely live), speechiness 0.33, instrumentalness 0.5: shares, not means."""
    reference = Reference()
    collection = summary({}, {}, {"liveness": 0.1, "instrumentalness": 0.5, "speechiness": 0.05})
    group = summary({}, {}, {"liveness": 0.6, "instrumentalness": 0.0, "speechiness": 0.4})
    words = {t.text for t in traits(group, collection, reference)}
    assert words == {"live recordings (60 %)", "with vocals"}  # 40 % speech-like is not most of it
    # a high average liveness with few tracks past 0.8 says nothing
    assert traits(summary({}, {}, {"liveness": 0.2}), collection, reference) == []


def test_no_self_contradicting_words() -> None:
    """Quiet and high-energy do not go together: the weaker of the two goes."""
    reference = library_reference(
        [Track(f"t{i}", "t", features={"energy": i / 100, "loudness": -30 + i * 0.3}) for i in range(101)]
    )
    collection = summary({"energy": 0.5, "loudness": -15.0}, {"energy": 0.1, "loudness": 3.0})
    found = traits(summary({"energy": 0.85, "loudness": -22.0}), collection, reference)
    assert [t.feature for t in found] == ["energy"]


def test_a_collection_alone_is_described_against_the_library() -> None:
    reference = library("energy", 0.0, 1.0)
    assert [t.text for t in traits(summary({"energy": 0.9}), None, reference)] == ["very high-energy"]
    assert traits(summary({"energy": 0.55}), None, reference) == []


def test_values_shown_in_their_units() -> None:
    assert show_value("tempo", 127.6) == "128 BPM"
    assert show_value("loudness", -6.2) == "-6 dB"
    assert show_value("energy", 0.823) == "0.82"
    assert show_value("duration", 225.0) == "3:45"
    assert show_value("genre:folk", 0.62) == "62 %"
