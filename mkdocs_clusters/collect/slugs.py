"""Names into safe, unique, stable path segments.

Names are user data in any script: `python-slugify` transliterates them (Korean and Japanese become
Latin letters), and a name with nothing left to spell (emoji only, punctuation only) gets a short digest.
Uniqueness is per kind; the allocator must be fed names in a stable order so that slugs are stable.
"""

from __future__ import annotations

import hashlib
from functools import cache

from slugify import slugify as _slugify

MAX_SLUG_LENGTH = 60
#: names Windows refuses for a file or folder: a site checked out there (gh-pages) must still work
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


@cache
def slug_for(name: str) -> str:
    """A lowercase ASCII slug of `name`: letters, digits and single dashes, so never empty, never `.`,
    `..`, a `/`, a control character or a name Windows reserves; at most 60 characters. Kept per name:
    cluster names repeat across a library's pages, and transliterating is slow."""
    slug = _slugify(name, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)
    if not slug:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"n-{digest}"
    elif slug in _WINDOWS_RESERVED:
        slug += "-1"
    return slug


class SlugAllocator:
    """Hands out slugs unique within one kind: a repeat gets `-2`, `-3`, ... in the order asked."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def allocate(self, name: str) -> str:
        """A slug for `name` that no earlier call returned."""
        base = slug_for(name)
        slug, n = base, 1
        while slug in self._taken:
            n += 1
            slug = f"{base}-{n}"
        self._taken.add(slug)
        return slug
