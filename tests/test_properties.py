"""Property-based tests (hypothesis): the loader never raises on any input (any bytes, any CSV shape, any
nesting and types of JSON records) and gives back names from every encoding it reads, slugs are always safe,
unique and stable, and escaping always shows the text as typed."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import EXPORTIFY_2025, SAFE_SLUG, exportify_row
from mkdocs_clusters.collect.catalog import Catalog, Collection
from mkdocs_clusters.collect.slugs import SlugAllocator, slug_for
from mkdocs_clusters.model import Library, Track
from mkdocs_clusters.read.rows import read_file
from mkdocs_clusters.render.html import escape
from mkdocs_clusters.render.pages import PageSettings, PageWriter

#: every name text: any Unicode, including controls, surrogates excluded (not encodable as UTF-8)
NAMES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
#: text that is not a control character (those are removed on purpose)
VISIBLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# -- the loader ------------------------------------------------------------------------------


@EXAMPLES
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".csv", ".json", ".parquet", ".txt"]))
def test_any_bytes_give_a_report_never_an_exception(data: bytes, suffix: str) -> None:
    report, rows = read_file(f"x{suffix}", data)
    assert report.rows_read == report.rows_loaded + report.rows_reported
    assert len(rows) == report.rows_loaded


HEADERS = st.lists(
    st.one_of(st.sampled_from([*EXPORTIFY_2025, "title", "track_id", "playlists", "artists"]), NAMES),
    min_size=1,
    max_size=12,
)
CELLS = st.one_of(NAMES, st.sampled_from(["", "undefined", "nan", "-99", "0.5", "1,5", "true", "[", '["a"]']))


@EXAMPLES
@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELLS, max_size=14), max_size=20),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
)
def test_any_csv_shape_loads_or_reports_every_row(
    header: list[str], rows: list[list[str]], delimiter: str, bom: bool
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8", "surrogatepass")
    report, loaded = read_file("shape.csv", data)
    assert report.rows_read == report.rows_loaded + report.rows_reported
    assert len(loaded) == report.rows_loaded
    for problem in report.problems:
        assert problem.source == "shape.csv" and problem.reason


@EXAMPLES
@given(
    records=st.lists(st.dictionaries(NAMES, st.one_of(NAMES, st.integers(), st.none(), st.lists(NAMES))), max_size=8)
)
def test_any_json_records_load_or_are_reported(records: list[dict[str, object]]) -> None:
    report, loaded = read_file("lib.json", json.dumps(records).encode("utf-8", "surrogatepass"))
    assert report.rows_read == report.rows_loaded + report.rows_reported
    assert len(loaded) == report.rows_loaded


# -- encodings -------------------------------------------------------------------------------------

#: a name as a file may hold it: any letter, mark, digit, punctuation, symbol or space (controls, which
#: a damaged line holds, and surrogates, which no encoding writes, excluded)
TEXT_NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


def _cp1252_text(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@EXAMPLES
@given(
    titles=st.lists(TEXT_NAMES, min_size=1, max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    crlf=st.booleans(),
)
def test_names_come_back_from_every_encoding(titles: list[str], encoding: str, delimiter: str, crlf: bool) -> None:
    if encoding == "cp1252":
        titles = [t for t in titles if _cp1252_text(t)]
        titles.insert(0, "Café")  # é alone is no UTF-8: the file must fall back to cp1252
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(EXPORTIFY_2025)
    writer.writerows(exportify_row(f"{i:022d}", title) for i, title in enumerate(titles))
    text = buffer.getvalue()
    data = ("\ufeff" + text).encode(encoding[:6]) if encoding in ("utf-16-le", "utf-16-be") else text.encode(encoding)
    report, rows = read_file("Mix.csv", data)
    assert [r.track.title for r in rows] == [t.strip() for t in titles]
    assert report.problems == [] and report.encoding == {"utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(
        encoding, encoding
    )


# -- the own format's records, nested and of any type ------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(alphabet="ab ;,/", max_size=4)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("xyz"), inner, max_size=2)),
    max_leaves=12,
)
_WORDS = st.text(alphabet="ab ;,/", max_size=6)
#: each field of the own format: a value of its type, or (a third of the time) any JSON value
OWN_FIELDS = {
    "album": _WORDS,
    **dict.fromkeys(["artists", "genres", "labels", "playlists"], st.one_of(st.lists(_WORDS, max_size=3), _WORDS)),
    **dict.fromkeys(["liked", "explicit"], st.booleans()),
    **dict.fromkeys(["energy", "tempo", "popularity"], st.one_of(st.integers(0, 200), st.floats(0, 1))),
    "release_date": st.sampled_from(["2020", "2020-01-02", ""]),
    "Rank": JSON_VALUES,
}
OWN_RECORD = st.fixed_dictionaries(
    {"track_id": st.text(alphabet="abcdef", min_size=4, max_size=6), "title": st.just("T")},
    optional={key: st.one_of(good, good, JSON_VALUES) for key, good in OWN_FIELDS.items()},
)


@EXAMPLES
@given(
    records=st.lists(st.one_of(OWN_RECORD, OWN_RECORD, OWN_RECORD, JSON_VALUES), max_size=6),
    deep=st.one_of(st.none(), st.tuples(st.sampled_from(sorted(OWN_FIELDS)), st.integers(1, 3000))),
    tracks_key=st.booleans(),
)
def test_any_nesting_and_types_in_own_records_load_or_are_reported(
    records: list[object], deep: tuple[str, int] | None, tracks_key: bool
) -> None:
    text = json.dumps({"tracks": records} if tracks_key else records)
    if deep is not None:
        key, depth = deep
        text = text.replace(f'"{key}": ', f'"{key}": ' + "[" * depth + "0" + "]" * depth + ', "was": ', 1)
    report, rows = read_file("lib.json", text.encode("utf-8"))
    assert report.rows_read == report.rows_loaded + report.rows_reported
    assert len(rows) == report.rows_loaded
    for row in rows:  # no value became Python (or JSON) text: the source's text holds no bracket or quote
        shown = [row.track.title, row.track.album, *row.track.artists, *row.track.genres, *row.track.labels,
                 *row.playlists]  # fmt: skip
        assert not any(c in name for name in shown for c in "[]{}'\"\x00"), shown


# -- slugs -------------------------------------------------------------------------------------


@EXAMPLES
@given(name=NAMES)
def test_a_slug_is_always_a_safe_path_segment(name: str) -> None:
    slug = slug_for(name)
    assert SAFE_SLUG.fullmatch(slug), slug
    assert len(slug) <= 70
    assert slug == slug_for(name)  # stable


@EXAMPLES
@given(names=st.lists(NAMES, max_size=40))
def test_slugs_are_unique_within_a_kind_and_stable(names: list[str]) -> None:
    first, second = SlugAllocator(), SlugAllocator()
    slugs = [first.allocate(n) for n in names]
    assert len(set(slugs)) == len(slugs)
    assert slugs == [second.allocate(n) for n in names]
    assert all(SAFE_SLUG.fullmatch(s) for s in slugs)


# -- escaping ----------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The visible text of an HTML fragment, and every tag and attribute in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def visible_text(fragment: str) -> _Text:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return parser


@EXAMPLES
@given(text=VISIBLE)
def test_escaped_text_reads_back_as_typed(text: str) -> None:
    parsed = visible_text(f"<td>{escape(text)}</td>")
    assert parsed.tags == ["td"]
    assert parsed.text == text


@EXAMPLES
@given(title=VISIBLE, album=VISIBLE, artist=VISIBLE.filter(str.strip))
def test_a_track_table_shows_names_as_typed(title: str, album: str, artist: str) -> None:
    track = Track(key="k", title=title, album=album, artists=(artist,))
    library = Library(tracks={"k": track})
    collection = Collection("playlists", "P", "p", ("k",))
    writer = PageWriter(library, Catalog([collection]), PageSettings())
    table = writer._track_table("library/playlists/p/index.md", [track])
    cells = _Cells()
    cells.feed(table)
    assert cells.cells[1:4] == [title, album, artist]
    # the names are text: the only other tags are the title's link and the icon headers' spans
    assert set(cells.tags) <= {"div", "table", "thead", "tr", "th", "tbody", "td", "a", "span"}


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._in_td = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "td":
            self._in_td = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_td = False

    def handle_data(self, data: str) -> None:
        if self._in_td:
            self.cells[-1] += data
