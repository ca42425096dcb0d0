"""One cell's text as a value: missing-value markers, numbers with decimal commas, booleans in two
languages, release dates in local formats, list cells, artist names joined by commas."""

from __future__ import annotations

import json
import math
import re

#: Missing-value markers seen in real exports (`undefined` from exportify, `-99`/`nan` home-made).
MISSING = frozenset({"", "undefined", "null", "none", "nan", "na", "n/a", "-99"})
_THIS_YEAR = 2026  # fixed, not today's date: the same input must give the same output every year


def added_at(raw: str) -> str:
    """`Added At`, or "" where exporters wrote the Unix epoch for "unknown"."""
    text = clean(raw)
    return "" if text.startswith("1970-01-01") else text


def clean(raw: str) -> str:
    """A cell as shown: stripped, and "" for the exporters' missing-value markers (never `nan`)."""
    text = raw.strip()
    return "" if text.casefold() in MISSING else text


def rejoin(parts: list[str], expected: int) -> list[str]:
    """Undo the split of names that contain a comma, down to `expected` names (0: leave as split).

    Exportify joins names with a bare `,`, so a part that starts with a space (`Tyler`, ` The Creator`)
    continues the name before it; the artist ids, where the file has them, say how many names there are.
    """
    merged = list(parts)
    i = 1
    while expected and len(merged) > expected and i < len(merged):
        if merged[i][:1].isspace():
            merged[i - 1 : i + 1] = [merged[i - 1] + "," + merged[i]]
        else:
            i += 1
    return merged


def name_list(raw: str, separator: str) -> tuple[str, ...]:
    """A list cell: a JSON array (`["a", "b"]`, as the own format writes lists) or `separator`-joined."""
    text = raw.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return tuple(dict.fromkeys(n for n in (clean(str(v)) for v in parsed) if n))
    return tuple(dict.fromkeys(n for n in (clean(p) for p in text.split(separator)) if n))


def comma_list(raw: str) -> tuple[str, ...]:
    if raw.strip().startswith("["):
        return name_list(raw, ",")
    if raw.casefold() in MISSING:
        return ()
    items: list[str] = []
    for part in raw.split(","):
        part = " ".join(part.split())
        if part and part.casefold() not in MISSING and part not in items:
            items.append(part)
    return tuple(items)


def number(raw: str) -> float | None:
    text = raw.strip()
    if text.casefold() in MISSING:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value != -99 else None


def integer(raw: str) -> int | None:
    value = number(raw)
    return int(value) if value is not None else None


def boolean(raw: str) -> bool | None:
    folded = raw.strip().casefold()
    if folded in {"true", "1", "yes", "wahr"}:
        return True
    if folded in {"false", "0", "no", "falsch"}:
        return False
    return None


_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_LOCAL_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})")


def date(raw: str) -> str:
    """A release date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; spreadsheet re-saves write local formats.

    `26/06/06` and `26.06.2006` are read day first, unless only the first number can be a month
    (`06/26/2006`); two-digit years up to 26 are 20xx, later ones 19xx (a fixed pivot, so that the same
    file reads the same every year).
    """
    text = raw.strip().split("T")[0].split(" ")[0]
    if text.casefold() in MISSING or text.startswith("0000"):
        return ""
    if _ISO_DATE.fullmatch(text):
        return text
    match = _LOCAL_DATE.fullmatch(text)
    if not match:
        return ""
    a, b, year = int(match[1]), int(match[2]), match[3]
    day, month = (b, a) if b > 12 >= a else (a, b)
    if len(year) == 2:
        year = ("20" if int(year) <= _THIS_YEAR % 100 else "19") + year
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year}-{month:02d}-{day:02d}"
