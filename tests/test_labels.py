"""Label strings into labels."""

from mkdocs_clusters.read.labels import LabelNormaliser


def test_joint_credits_split_and_missing_values() -> None:
    normalise = LabelNormaliser()
    assert normalise("Friends Keep Secrets/Def Jam Recordings/Interscope Records") == (
        "Friends Keep Secrets",
        "Def Jam Recordings",
        "Interscope Records",
    )
    assert normalise("undefined") == ()
    assert normalise("  ") == ()


def test_aliases_map_spellings_to_one_label() -> None:
    normalise = LabelNormaliser({"Interscope Records": ["Interscope", "Interscope Records*"]})
    assert normalise("INTERSCOPE") == ("Interscope Records",)
    assert normalise("Interscope Records Label") == ("Interscope Records",)
    assert normalise("THE BLACK LABEL/Interscope Records") == ("THE BLACK LABEL", "Interscope Records")
    assert normalise("Interscope/Interscope Records") == ("Interscope Records",)
