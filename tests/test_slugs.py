"""Slugs: safe, unique within a kind, stable."""

from mkdocs_clusters.collect.slugs import SlugAllocator, slug_for


def test_scripts_and_punctuation() -> None:
    assert slug_for("Alt-Pop") == "alt-pop"
    assert slug_for("Świetliki") == "swietliki"
    assert slug_for("사랑해").isascii() and slug_for("사랑해")
    assert slug_for("❤️‍🩹🫂🌧️").startswith("n-")
    for name in ("..", ".", "/", "../../etc/passwd"):
        slug = slug_for(name)
        assert slug and "/" not in slug and slug not in {".", ".."}


def test_allocator_keeps_names_apart() -> None:
    slugs = SlugAllocator()
    assert [slugs.allocate(n) for n in ("Mix", "mix", "MIX!", "Mix")] == ["mix", "mix-2", "mix-3", "mix-4"]
