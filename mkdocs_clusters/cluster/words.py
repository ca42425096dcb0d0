"""Words for what sets a cluster apart."""

from __future__ import annotations

from mkdocs_clusters.cluster.features import GENRE_PREFIX, feature_label


def describe(profile: dict[str, float], limit: int = 3, threshold: float = 0.35) -> str:
    """Words for what sets a cluster apart: its strongest deviations from the collection, in z units.

    `{"energy": 1.2, "acousticness": -0.6}` reads "very high energy, low acousticness".
    """
    strongest = sorted(profile.items(), key=lambda item: (-abs(item[1]), item[0]))
    words = []
    for name, z in strongest[:limit]:
        if abs(z) < threshold:
            break
        if name.startswith(GENRE_PREFIX):
            words.append(f"{'more' if z > 0 else 'less'} {name[len(GENRE_PREFIX) :]}")
            continue
        level = ("very high" if z >= 1 else "high") if z > 0 else ("very low" if z <= -1 else "low")
        words.append(f"{level} {feature_label(name)}")
    return ", ".join(words) if words else "close to the collection's average"


def plural(n: int, word: str) -> str:
    """`1 track`, `2,000 tracks`: the originals wrote `1 tracks`."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
