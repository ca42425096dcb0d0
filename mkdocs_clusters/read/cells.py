"""One cell's text as a value: missing-value markers, numbers with decimal commas, booleans in two
languages, release dates in local formats, list cells (checked: names only, nested a bounded depth), artist
names joined by commas."""

from __future__ import annotations

import ast
import json
import math
import re
import warnings

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


class CellError(ValueError):
    """A value of the wrong type for its field (numbers or objects where names are expected, a list nested too
    deep); the message says what was expected and what was found, never the value as Python text."""


#: How deep arrays and objects may nest (in a JSON file, counted from its top; in a list cell, from the
#: cell's own array). Python's json module recurses and raises RecursionError at a depth that depends on
#: the caller's stack; deeper input is found beforehand without recursion, so the same file always reads
#: the same way.
MAX_DEPTH = 32
TOO_DEEP = f"nested too deep (more than {MAX_DEPTH} levels of [ and {{)"

#: a JSON string (or a Python one in single quotes), or a bracket outside strings
_BRACKETS = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[\[\]{}]""", re.DOTALL)


def clip_deep(text: str, limit: int, stand_in: str) -> tuple[str, int]:
    """JSON text with each array or object that opens deeper than `limit` replaced by `stand_in` (JSON
    text), found by scanning brackets outside strings, without recursion; and where the first one opens
    (-1 for none)."""
    out: list[str] = []
    depth, cut, kept, first = 0, -1, 0, -1
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth == limit + 1 and cut < 0:
                out.append(text[kept : match.start()])
                cut = match.start()
                first = first if first >= 0 else cut
        elif token in ("]", "}"):
            if depth == limit + 1 and cut >= 0:
                out.append(stand_in)
                kept, cut = match.end(), -1
            depth = max(depth - 1, 0)
    if cut >= 0:  # never closed: the rest is the deep value
        out.append(stand_in)
        kept = len(text)
    out.append(text[kept:])
    return "".join(out), first


def is_structured(text: str) -> bool:
    """True for text that may be a JSON (or Python) array or object: `[...]` or `{...}`."""
    return text[:1] in ("[", "{") and text[-1:] in ("]", "}")


_TEXT = object()


def _too_deep(text: str) -> bool:
    return text.count("[") + text.count("{") > MAX_DEPTH and clip_deep(text, MAX_DEPTH, "0")[1] >= 0


def _parse_structured(text: str) -> object:
    """A list cell as JSON, else as a Python literal (pandas writes lists as `['a', 'b']`); `_TEXT` when it
    is neither (a name such as `[Live]`)."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        with warnings.catch_warnings():  # `'C:\dir'` warns of an invalid escape sequence
            warnings.simplefilter("ignore")
            return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _TEXT


def describe(value: object) -> str:
    """What a value is, for a message: `an object`, `a list`, `a number (1)`, `true`, `text`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"a number ({value})" if abs(value) < 10**18 else "a number"
    if isinstance(value, float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, (bytes, bytearray)):
        return "bytes"
    return f"a value of type {type(value).__name__}"


def names(value: object) -> tuple[str, ...]:
    """The names of a parsed list (nulls and missing markers skipped); CellError for anything else."""
    if not isinstance(value, (list, tuple)):
        raise CellError(f"expected a list of names, got {describe(value)}")
    found: list[str] = []
    for item in value:
        if item is None:
            continue
        if not isinstance(item, str):
            raise CellError(f"expected a list of names, got a list holding {describe(item)}")
        name = clean(item)
        if name:
            found.append(name)
    return tuple(dict.fromkeys(found))


def name_list(raw: str, separator: str) -> tuple[str, ...]:
    """A list cell: a JSON array (`["a", "b"]`, as the own format writes lists), a Python list as pandas
    writes one (`['a', 'b']`), or names joined by `separator`.

    Raises CellError for an array or object that is not a list of names (`[1]`, `{"name": "x"}`,
    `[["a"]]`) or nests too deep; bracketed text that is neither JSON nor Python (`[Live]`) is a name."""
    text = raw.strip()
    if text[:1] in ("[", "{") and _too_deep(text):  # closed or not: no name opens 33 brackets
        raise CellError(TOO_DEEP)
    if is_structured(text):
        parsed = _parse_structured(text)
        if parsed is not _TEXT:
            return names(parsed)
    return tuple(dict.fromkeys(n for n in (clean(p) for p in text.split(separator)) if n))


def comma_list(raw: str) -> tuple[str, ...]:
    if raw.lstrip()[:1] in ("[", "{"):
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
