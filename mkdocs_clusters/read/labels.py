"""Record label strings into labels: splitting joint credits and mapping spellings to one label.

Spotify credits several labels in one string (`Darkroom/Interscope Records`); the track belongs to each.
Users map spellings to one label with `label_aliases`, a mapping of the label's name to shell-style
patterns (`Interscope`, `Interscope Records*`), matched without regard to case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase

from mkdocs_clusters.read.cells import MISSING

#: Values exporters write where there is no label: the missing-value markers of any cell, and a dash.
NO_LABEL = MISSING | {"-"}


class LabelNormaliser:
    """Turns a raw label string into a tuple of label names, applying the user's aliases."""

    def __init__(self, aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self._patterns: list[tuple[str, str]] = []
        for canonical, patterns in (aliases or {}).items():
            if isinstance(patterns, str):
                patterns = [patterns]
            self._patterns.append((canonical.casefold(), canonical))
            self._patterns.extend((p.casefold(), canonical) for p in patterns)
        self._memo: dict[str, tuple[str, ...]] = {}

    def _alias(self, name: str) -> str | None:
        folded = name.casefold()
        for pattern, canonical in self._patterns:
            if fnmatchcase(folded, pattern):
                return canonical
        return None

    def __call__(self, raw: str) -> tuple[str, ...]:
        """Labels named by `raw`, in order, without repeats; () when the export has none."""
        if raw in self._memo:
            return self._memo[raw]
        text = " ".join(raw.split())
        result: tuple[str, ...]
        if text.casefold() in NO_LABEL:
            result = ()
        elif (whole := self._alias(text)) is not None:
            result = (whole,)
        else:
            names: list[str] = []
            for part in text.split("/"):
                part = part.strip()
                if part.casefold() in NO_LABEL:
                    continue
                name = self._alias(part) or part
                if name not in names:
                    names.append(name)
            result = tuple(names)
        self._memo[raw] = result
        return result
