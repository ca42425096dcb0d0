"""Label strings into labels, and the spellings of one label merged."""

import csv
import random
import re
from pathlib import Path

import pytest

from helpers import EXPORTIFY_2025, csv_bytes, exportify_row, mkdocs_build, project, real_fixture
from mkdocs_clusters.collect.catalog import build_catalog, fold
from mkdocs_clusters.model import Library, Track
from mkdocs_clusters.read.labels import LabelNormaliser, label_key, merge_label_spellings, plan_merges
from mkdocs_clusters.read.library import load_library


def test_joint_credits_split_and_missing_values() -> None:
    normalise = LabelNormaliser()
    assert normalise("Friends Keep Secrets/Def Jam Recordings/Interscope Records") == (
        "Friends Keep Secrets",
        "Def Jam Recordings",
        "Interscope Records",
    )
    assert normalise("undefined") == ()
    assert normalise("  ") == ()


def test_only_the_parts_of_a_credit_that_name_labels_are_labels() -> None:
    """`/` also joins an artist, a release code or a company word to labels: those parts are no label."""
    normalise = LabelNormaliser()
    kanye = ("Kanye West",)
    assert normalise("Rock The World/IDJ/Kanye/LP6", kanye) == ("Rock The World", "IDJ")
    assert normalise("Roc Nation / Jay-Z", ("Jay-Z",)) == ("Roc Nation",)  # real (Valentinaorj)
    assert normalise("Def Jam/LP6") == ("Def Jam",)
    assert normalise("Warp/EP") == ("Warp",)
    assert normalise("ATP/Recordings") == ("ATP",)  # real (wilsonos-dj, 28 tracks): the key of ATP Recordings
    assert normalise("G.O.O.D. Music/Columbia", kanye) == ("G.O.O.D. Music", "Columbia")
    assert normalise("143/Warner Records") == ("143", "Warner Records")  # 143 Records is a label
    # the credit whole where it is the artist's name, or where no part names a label
    assert normalise("Califato 3/4", ("Califato 3/4",)) == ("Califato 3/4",)  # real (Valentinaorj)
    assert normalise("Kanye/LP6", kanye) == ("Kanye/LP6",)
    assert normalise("Oliver Anthony Music", ("Oliver Anthony",)) == ("Oliver Anthony Music",)
    assert normalise("-/ -") == ()


def test_a_copyright_year_before_a_label_is_no_part_of_its_name() -> None:
    """Spotify copies the (P) line's year into some credits (real, wilsonos-dj: `2017 Karrot Kommando` beside
    97 tracks of `Karrot Kommando`, `2096 Antena Krzyku/Open Sources` beside `Antena Krzyku`)."""
    normalise = LabelNormaliser()
    assert normalise("2017 Karrot Kommando") == ("Karrot Kommando",)
    assert normalise("2096 Antena Krzyku/Open Sources") == ("Antena Krzyku", "Open Sources")
    assert normalise("℗ 2015 Discos Fuentes") == ("Discos Fuentes",)
    # a number before company words only is the label's name; a number alone or inside a name stays
    assert normalise("1500 Records") == ("1500 Records",)
    assert normalise("1631 Recordings") == ("1631 Recordings",)
    assert normalise("2062") == ("2062",)
    assert normalise("Studio 2020 Sounds") == ("Studio 2020 Sounds",)
    assert normalise("300 Entertainment") == ("300 Entertainment",)


def test_roc_nation_and_roc_a_fella_spellings_meet() -> None:
    """The issue's case: `Roc Nation/RocAFella` credits two labels, and its RocAFella is `Roc-A-Fella`."""
    library = library_of(["Roc Nation/RocAFella", "Roc-A-Fella", "Roc-A-Fella Records"])
    merge_label_spellings(library)
    catalog = build_catalog(library, min_tracks=1)
    labels = {c.name: len(c.track_keys) for c in catalog.of_kind("labels")}
    assert labels == {"Roc Nation": 1, "RocAFella": 3}  # 1 track each spelling: the shortest is shown


def test_aliases_map_spellings_to_one_label() -> None:
    normalise = LabelNormaliser({"Interscope Records": ["Interscope", "Interscope Records*"]})
    assert normalise("INTERSCOPE") == ("Interscope Records",)
    assert normalise("Interscope Records Label") == ("Interscope Records",)
    assert normalise("THE BLACK LABEL/Interscope Records") == ("THE BLACK LABEL", "Interscope Records")
    assert normalise("Interscope/Interscope Records") == ("Interscope Records",)


# -- spellings of one label merged by their key ----------------------------------------------------


def merged(counts: dict[str, int], chosen: frozenset[str] = frozenset()) -> dict[str, tuple[str, ...]]:
    """The merges of `plan_merges` as name -> the spellings it replaces."""
    return {merge.name: merge.spellings for merge in plan_merges(counts, chosen)}


@pytest.mark.parametrize(
    "spellings",
    [
        ("ABKCO Music and Records, Inc.", "ABKCO Music & Records", "ABKCO"),
        ("Roc-A-Fella", "RocAFella", "ROC-A-FELLA Records"),
        ("Interscope Records", "Interscope", "INTERSCOPE"),
        ("Sony Music", "Sony Music Entertainment", "Sony"),
        ("Twisted Records Ltd", "Twisted Records Limited"),
        ("RCA Records Label", "RCA"),
        ("Coalition Music (Records)", "Coalition"),
        ("Kayax + Co", "Kayax"),
        ("Straße Records", "STRASSE"),  # casefolded: ß is ss
        ("Ｕｎｉｔ Records", "Unit"),  # NFKC: full-width letters are letters
    ],
)
def test_spellings_with_one_key_merge(spellings: tuple[str, ...]) -> None:
    keys = {label_key(name) for name in spellings}
    assert len(keys) == 1, keys
    merges = plan_merges(dict.fromkeys(spellings, 1))
    assert len(merges) == 1 and {merges[0].name, *merges[0].spellings} == set(spellings)


@pytest.mark.parametrize(
    "names",
    [
        ("Sony Music", "Sony Classical"),
        ("Parlophone UK", "Parlophone"),
        ("Universal Music Polska", "Universal Music"),
        ("Kayax Production", "Kayax Production & Publishing"),
        ("Mute", "Mute, a BMG Company"),  # a word in the middle is no suffix
        ("Warner", "Warner Bros."),  # no similarity, no substrings
        ("Music Records", "Music"),  # `Music` is never stripped down to nothing
        ("A Records", "Records"),  # nor to a single character
        ("The Music Group", "The Group"),  # nor to a generic word
    ],
)
def test_spellings_with_different_keys_stay_apart(names: tuple[str, ...]) -> None:
    assert len({label_key(name) for name in names}) == len(names)
    assert plan_merges(dict.fromkeys(names, 1)) == []


def test_a_key_is_never_empty() -> None:
    assert label_key("Music") == "music"
    assert label_key("Records") == "records"
    assert label_key("Music & Records") == "musicandrecords"
    assert label_key("Records Ltd") == "recordsltd"
    assert label_key("J Records") == "jrecords"
    # a name of no letters or digits keys as itself: it meets only its own spellings
    assert label_key("★") != label_key("☆") and label_key("★") and label_key("...") != label_key("--")


def test_warner_records_and_warner_music_merge_by_their_stem() -> None:
    """Both reduce to `warner`: the rule merges by stem, not by what the companies are. A user who keeps them
    apart names both under `label_aliases` (see the next test)."""
    assert label_key("Warner Records") == label_key("Warner Music") == "warner"
    assert merged({"Warner Records": 5, "Warner Music": 2}) == {"Warner Records": ("Warner Music",)}
    assert label_key("Warner Music Group - X5 Music Group") != "warner"


def test_the_name_shown_is_the_most_used_then_the_shortest_then_alphabetical() -> None:
    assert merged({"ABKCO": 2, "ABKCO Music & Records": 5, "ABKCO Music and Records, Inc.": 3}) == {
        "ABKCO Music & Records": ("ABKCO Music and Records, Inc.", "ABKCO")
    }
    assert merged({"Roc-A-Fella": 4, "RocAFella": 4}) == {"RocAFella": ("Roc-A-Fella",)}  # tie: shorter
    assert merged({"Interscope": 4, "INTERSCOPE": 4}) == {"INTERSCOPE": ("Interscope",)}  # tie: alphabetical


def test_the_name_shown_does_not_depend_on_the_order_read() -> None:
    counts = {
        "ABKCO": 3, "ABKCO Music & Records": 3, "abkco": 3, "Abkco Music and Records, Inc.": 1,
        "Roc-A-Fella": 2, "RocAFella": 2, "Roc A Fella Records": 2,
    }  # fmt: skip
    expected = plan_merges(counts)
    assert [m.name for m in expected] == ["ABKCO", "RocAFella"]
    for seed in range(20):
        items = list(counts.items())
        random.Random(seed).shuffle(items)
        assert plan_merges(dict(items)) == expected


def test_aliases_win_over_the_merge() -> None:
    # the user's name takes the group, however few tracks spell it so
    assert merged({"Interscope": 9, "Interscope Records": 1}, frozenset({"Interscope Records"})) == {
        "Interscope Records": ("Interscope",)
    }
    # two of the user's names with one key stay apart, and so do the spellings between them
    chosen = frozenset({"Warner Records", "Warner Music"})
    assert merged({"Warner Records": 5, "Warner Music": 2, "Warner": 1}, chosen) == {}


def library_of(labels: list[str]) -> Library:
    """One track per label string, in order."""
    tracks = [
        Track(f"t{i}", f"Song {i}", labels=normalise) for i, normalise in enumerate(map(LabelNormaliser(), labels))
    ]
    return Library(tracks={t.key: t for t in tracks})


def test_the_merge_covers_the_whole_library_and_rewrites_the_tracks() -> None:
    library = library_of(
        ["ABKCO", "ABKCO Music & Records", "ABKCO Music & Records", "Darkroom/Interscope Records", "INTERSCOPE",
         "Interscope/Interscope Records", "Roc-A-Fella", "RocAFella"]
    )  # fmt: skip
    merges = merge_label_spellings(library)
    catalog = build_catalog(library, min_tracks=2)
    assert [(m.name, m.spellings) for m in merges] == [
        ("ABKCO Music & Records", ("ABKCO",)),
        ("Interscope Records", ("INTERSCOPE", "Interscope")),  # 2 tracks, 1 each
        ("RocAFella", ("Roc-A-Fella",)),
    ]
    labels = {c.name: len(c.track_keys) for c in catalog.of_kind("labels")}
    assert labels == {"ABKCO Music & Records": 3, "Interscope Records": 3, "RocAFella": 2}
    # each track names the label by the name its page has, once (t5 said `Interscope/Interscope Records`)
    assert library.tracks["t0"].labels == ("ABKCO Music & Records",)
    assert library.tracks["t3"].labels == ("Darkroom", "Interscope Records")
    assert library.tracks["t5"].labels == ("Interscope Records",)
    assert all(
        fold(label) in catalog.labels for t in library.tracks.values() for label in t.labels if label != "Darkroom"
    )
    # a merged library has nothing left to merge
    assert merge_label_spellings(library) == ()


def test_the_merge_keeps_the_users_alias_as_the_name() -> None:
    normalise = LabelNormaliser({"Interscope Records": ["Interscope Records*"], "Warner Music": []})
    keys = ["INTERSCOPE", "INTERSCOPE", "Interscope Records Label", "Warner Records", "warner music"]
    tracks = [Track(f"t{i}", "Song", labels=normalise(raw)) for i, raw in enumerate(keys)]
    library = Library(tracks={t.key: t for t in tracks})
    merges = merge_label_spellings(library, normalise.chosen)
    assert [(m.name, m.spellings) for m in merges] == [
        ("Interscope Records", ("INTERSCOPE",)),
        ("Warner Music", ("Warner Records",)),
    ]
    catalog = build_catalog(library, min_tracks=1)
    assert {c.name for c in catalog.of_kind("labels")} == {"Interscope Records", "Warner Music"}
    # two names of the user with one key stay two labels
    normalise = LabelNormaliser({"Warner Records": [], "Warner Music": []})
    tracks = [Track(f"t{i}", "Song", labels=normalise(raw)) for i, raw in enumerate(["Warner Records", "WARNER MUSIC"])]
    library = Library(tracks={t.key: t for t in tracks})
    assert merge_label_spellings(library, normalise.chosen) == ()
    catalog = build_catalog(library, min_tracks=1)
    assert [c.name for c in catalog.of_kind("labels")] == ["Warner Music", "Warner Records"]


def test_the_merge_does_not_depend_on_the_order_of_the_tracks() -> None:
    raws = ["Roc-A-Fella", "RocAFella", "Roc-A-Fella Records", "ABKCO", "Abkco", "ABKCO Music & Records"] * 2
    results = set()
    for seed in range(10):
        order = list(enumerate(raws))
        random.Random(seed).shuffle(order)
        normalise = LabelNormaliser()
        tracks = [Track(f"t{i}", "Song", labels=normalise(raw)) for i, raw in order]
        library = Library(tracks={t.key: t for t in tracks})
        merges = merge_label_spellings(library)
        catalog = build_catalog(library, min_tracks=1)
        labels = tuple(sorted((key, track.labels) for key, track in library.tracks.items()))
        results.add((merges, tuple(catalog.collections), labels))
    assert len(results) == 1
    ((merges, _, _),) = results
    assert [(m.name, m.spellings) for m in merges] == [
        ("ABKCO", ("Abkco", "ABKCO Music & Records")),
        ("RocAFella", ("Roc-A-Fella", "Roc-A-Fella Records")),
    ]


def test_a_site_has_one_page_for_a_credit_naming_the_artist(tmp_path: Path) -> None:
    """Built as a user builds: the Kanye credit's tracks on Rock The World and IDJ, no page for `Kanye` or
    `LP6`, and `Roc Nation/RocAFella` tracks on the Roc-A-Fella page."""
    rows = [exportify_row(f"k{i:02d}".ljust(22, "A"), f"Song {i}", "Kanye West", label="Rock The World/IDJ/Kanye/LP6")
            for i in range(3)]  # fmt: skip
    rows += [exportify_row(f"r{i:02d}".ljust(22, "A"), f"Roc {i}", "Jay-Z", label=label)
             for i, label in enumerate(["Roc Nation/RocAFella", "Roc-A-Fella", "Roc-A-Fella Records"])]  # fmt: skip
    library = tmp_path / "library"
    library.mkdir()
    (library / "Hip hop.csv").write_bytes(csv_bytes(EXPORTIFY_2025, rows))
    site = tmp_path / "site"
    mkdocs_build(project(tmp_path, library, tmp_path / "cache", min_tracks=1), site)
    index = (site / "library" / "labels" / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<a href="[^"]+/">([^<]+)</a>', index)
    assert {"Rock The World", "IDJ", "RocAFella", "Roc Nation"} <= set(names)
    assert not {"Kanye", "LP6", "Roc-A-Fella"} & set(names)


def test_a_real_librarys_year_prefixed_credits_join_their_labels(tmp_path: Path) -> None:
    """wilsonos-dj (real): the tracks credited `2017 Karrot Kommando` and `2096 Antena Krzyku/...` are on the
    Karrot Kommando and Antena Krzyku pages; no label page is named by a year."""
    folder = real_fixture("octadecimal-ai__wilsonos-dj", "playlists")
    library = load_library(folder)
    names = {c.name: len(c.track_keys) for c in build_catalog(library, min_tracks=1).of_kind("labels")}
    # only a number before company words names a label by its number
    assert sorted(name for name in names if re.match(r"[12]\d{3} \w", name)) == ["1500 Records", "1631 Recordings"]
    for label in ("Karrot Kommando", "Antena Krzyku"):  # every track whose credit names it, year or not
        credited = set()
        for path in folder.rglob("*.csv"):
            with path.open(encoding="utf-8-sig", newline="") as file:
                credited |= {row["Track URI"] for row in csv.DictReader(file) if label in row["Record Label"]}
        assert names[label] == len(credited) > 0, label
