"""The search index (perspectives.search): Pagefind run over a built site with the settings written once,
for the build's command line and the export's pagefind.yml alike; a failure is one line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from perspectives import search

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>navigation words</nav>
<article class="md-content__inner md-typeset"><h1 id="top">{title}</h1><p>{text}</p>
<p data-search-exclude>excluded words</p></article></body></html>
"""


def _site(folder: Path, pages: dict[str, tuple[str, str]]) -> Path:
    for path, (title, text) in pages.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    return folder


def test_the_command_line_and_pagefind_yml_carry_the_same_settings():
    arguments = search.command(Path("site"), "/bin/pagefind")
    assert arguments[:3] == ["/bin/pagefind", "--site", "site"]
    for selector in search.LEFT_OUT:
        assert arguments[arguments.index(selector) - 1] == "--exclude-selectors"
    assert arguments[arguments.index("--root-selector") + 1] == search.CONTENT
    assert arguments[arguments.index("--output-subdir") + 1] == search.BUNDLE
    assert yaml.safe_load(search.pagefind_yml("public")) == {"site": "public", **search.SETTINGS}


def test_a_built_site_gets_an_index_of_its_content_pages_only(tmp_path):
    site = _site(tmp_path, {"index.html": ("Home", "home text"), "articles/a/index.html": ("A", "psoas")})
    (site / "redirect").mkdir()
    (site / "redirect/index.html").write_text('<!doctype html><html lang="en"><head><meta http-equiv="refresh" '
                                              'content="0; url=../articles/a/"></head><body></body></html>')
    search.index_site(site)
    entry = json.loads((site / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 2  # the redirect has no content element
    assert (site / search.BUNDLE / "pagefind.js").is_file()


def test_a_pagefind_yml_where_the_build_runs_changes_nothing(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", {"index.html": ("Home", "home text")})
    (tmp_path / "pagefind.yml").write_text("output_subdir: elsewhere\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    search.index_site(site)
    assert (site / search.BUNDLE / "pagefind-entry.json").is_file() and not (site / "elsewhere").exists()


@pytest.mark.parametrize("make, expected", [
    (lambda folder: folder / "missing", "is not a folder"),
    (lambda folder: folder, "Pagefind failed on"),  # nothing to index
])
def test_a_failure_is_one_line_naming_the_folder(tmp_path, make, expected):
    with pytest.raises(search.SearchIndexError) as failure:
        search.index_site(make(tmp_path))
    message = str(failure.value)
    assert expected in message and "\n" not in message and str(tmp_path) in message


def test_a_missing_indexer_says_how_to_install_it(tmp_path, monkeypatch):
    site = _site(tmp_path, {"index.html": ("Home", "home text")})
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-binary"))
    with pytest.raises(search.SearchIndexError, match=r"binary is missing .* run `make setup`"):
        search.index_site(site)


def test_a_relative_site_folder_is_indexed_where_it_is(tmp_path, monkeypatch):
    _site(tmp_path / "site", {"index.html": ("Home", "home text")})
    monkeypatch.chdir(tmp_path)
    search.index_site(Path("site"))
    assert (tmp_path / "site" / search.BUNDLE / "pagefind-entry.json").is_file()


def test_boosted_headings_take_pagefinds_heading_weight_times_the_boost_at_most_its_highest():
    html = '<h1 id="a">A</h1><h2 id="b">B</h2><h6 class="c">C</h6><h3>bare</h3><p>h1 text</p><header id="h">'
    assert search.weigh_headings(html, 2) == (
        '<h1 data-pagefind-weight="10" id="a">A</h1><h2 data-pagefind-weight="10" id="b">B</h2>'
        '<h6 data-pagefind-weight="4" class="c">C</h6><h3>bare</h3><p>h1 text</p><header id="h">')
    assert search.weigh_headings('<h1 id="a">', 0.5) == '<h1 data-pagefind-weight="3.5" id="a">'


def test_two_indexes_of_the_same_site_are_byte_identical(tmp_path, built_site):
    """Pagefind writes a filter's values, and its list of filters, in an order that changes from run to run:
    each filter is a key of its own with one value, and perspectives.stableindex sorts the list."""
    import shutil

    from perspectives.search import index_site

    runs = []
    for number in (1, 2):
        copy = tmp_path / f"site-{number}"
        shutil.copytree(built_site, copy, ignore=shutil.ignore_patterns("pagefind"))
        index_site(copy)
        runs.append({path.relative_to(copy / "pagefind").as_posix(): path.read_bytes()
                     for path in sorted((copy / "pagefind").rglob("*")) if path.is_file()})
    assert runs[0] == runs[1]
    assert any(name.startswith("filter/") for name in runs[0])


@pytest.mark.parametrize("content, said", [
    (b"not gzip", r"cannot read pagefind\."),
    (None, r"is not in the form this site knows"),
    (b"pagefind_dcd\xf9\x00\x00", r"a CBOR item this site does not read \(0xf9\)"),  # a half-precision float
    (b"pagefind_dcd\x82\x01", r"the metadata ends too soon"),
    (b"pagefind_dcd\x81\x01", r"holds no list of filters where this site expects one"),
])
def test_an_index_in_a_form_the_site_does_not_know_fails_in_one_line(tmp_path, built_site, content, said):
    """A Pagefind whose metadata differs (another version) fails the build: never a site that differs from
    build to build."""
    import gzip
    import shutil

    from perspectives.search import BUNDLE
    from perspectives.stableindex import StableIndexError, stabilize

    bundle = tmp_path / BUNDLE
    shutil.copytree(built_site / BUNDLE, bundle)
    meta = next(bundle.glob("pagefind.*.pf_meta"))
    meta.write_bytes(content if content == b"not gzip" else gzip.compress(content or b"something else"))
    with pytest.raises(StableIndexError, match="^search index: .*" + said) as failure:
        stabilize(bundle)
    assert "\n" not in str(failure.value)


def test_sorting_the_filters_keeps_everything_else_as_pagefind_wrote_it(tmp_path, built_site):
    import gzip
    import shutil

    from perspectives.search import BUNDLE
    from perspectives.stableindex import FILTERS, _decode, stabilize

    bundle = tmp_path / BUNDLE
    shutil.copytree(built_site / BUNDLE, bundle)
    read = lambda path: _decode(gzip.decompress(path.read_bytes()), len(b"pagefind_dcd"))[0]
    before = read(next(bundle.glob("pagefind.*.pf_meta")))
    stabilize(bundle)
    (meta,) = bundle.glob("pagefind.*.pf_meta")
    after = read(meta)
    assert after[FILTERS] == sorted(before[FILTERS]) and len(after[FILTERS]) > 1
    assert [item for number, item in enumerate(after) if number != FILTERS] == \
        [item for number, item in enumerate(before) if number != FILTERS]
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert meta.name == f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    stabilize(bundle)  # a second time changes nothing
    assert list(bundle.glob("pagefind.*.pf_meta")) == [meta]


def test_languages_are_listed_in_order_and_a_filter_of_several_values_fails(tmp_path, built_site):
    import gzip
    import shutil

    from perspectives.search import BUNDLE
    from perspectives.stableindex import FILTERS, MAGIC, StableIndexError, _decode, _encode, stabilize

    bundle = tmp_path / BUNDLE
    shutil.copytree(built_site / BUNDLE, bundle)
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    english = entry["languages"]["en"]
    meta = bundle / f"pagefind.{english['hash']}.pf_meta"
    shutil.copy(meta, bundle / f"pagefind.fr_{english['hash'][3:]}.pf_meta")
    # Pagefind lists its languages in hash-map order: here the other way round.
    entry["languages"] = {"fr": {**english, "hash": "fr_" + english["hash"][3:]}, "en": english}
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    stabilize(bundle)
    assert list(json.loads(entry_file.read_text(encoding="utf-8"))["languages"]) == ["en", "fr"]

    (meta,) = bundle.glob("pagefind.en_*.pf_meta")
    name, file = _decode(gzip.decompress(meta.read_bytes()), len(MAGIC))[0][FILTERS][0]
    (bundle / "filter" / f"{file}.pf_filter").write_bytes(
        gzip.compress(MAGIC + _encode([name, [["one", [0]], ["two", [1]]]])))
    with pytest.raises(StableIndexError, match=rf"^search index: the filter '{name}' has more than one value"):
        stabilize(bundle)


def test_the_bundle_a_build_writes_searches_by_filters_alone_without_index_chunks(built_site):
    """Pagefind 1.5.2 fetches every index chunk for a search without words (perspectives.filteronly): both
    copies of its search, in the page and in its worker, are mended."""
    from perspectives.filteronly import MENDED, REQUEST, SCRIPTS
    from perspectives.search import BUNDLE

    for name in SCRIPTS:
        text = (built_site / BUNDLE / name).read_text(encoding="utf-8")
        assert text.count(MENDED) == 1 and REQUEST not in text, name


@pytest.mark.parametrize("missing", ["pagefind.js", "pagefind-worker.js"])
def test_a_pagefind_whose_search_differs_fails_in_one_line_and_is_left_as_it_was(tmp_path, built_site, missing):
    from perspectives.filteronly import MENDED, REQUEST, SCRIPTS, FilterOnlyError, mend
    from perspectives.search import BUNDLE

    bundle = tmp_path / BUNDLE
    bundle.mkdir()
    for name in SCRIPTS:  # as Pagefind writes them, before the build mends them
        text = (built_site / BUNDLE / name).read_text(encoding="utf-8").replace(MENDED, REQUEST)
        (bundle / name).write_text(text.replace(REQUEST, "let index_resp=[];") if name == missing else text,
                                   encoding="utf-8")
    before = {name: (bundle / name).read_bytes() for name in SCRIPTS}
    with pytest.raises(FilterOnlyError, match=rf"^search index: {missing} is not the Pagefind this site knows") as failure:
        mend(bundle)
    assert "\n" not in str(failure.value)
    assert {name: (bundle / name).read_bytes() for name in SCRIPTS} == before


def _entry(site: Path) -> dict:
    return json.loads((site / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))


def _beside(site: Path) -> list[str]:
    """What a served index leaves beside the site: nothing, once its run is over."""
    return sorted(path.name for path in site.parent.iterdir() if path != site)


def test_a_served_sites_index_is_written_in_the_background_and_replaces_the_one_before(tmp_path):
    from perspectives.servedindex import ServedIndex

    site = _site(tmp_path / "site", {"index.html": ("Home", "home text")})
    reports: list[str] = []
    served = ServedIndex(reports.append)
    served.start(site)
    served.wait()
    before = _entry(site)
    assert before["languages"]["en"]["page_count"] == 1
    _site(site, {"articles/a/index.html": ("A", "psoas")})
    served.start(site)
    served.wait()
    assert _entry(site)["languages"]["en"]["page_count"] == 2 and reports == [] and _beside(site) == []


def test_a_served_index_stopped_by_a_rebuild_is_never_published(tmp_path):
    from perspectives.servedindex import ServedIndex

    site = _site(tmp_path / "site", {"index.html": ("Home", "home text")})
    search.index_site(site)
    before = _entry(site)
    reports: list[str] = []
    served = ServedIndex(reports.append)
    _site(site, {f"articles/{number}/index.html": (f"A{number}", "psoas") for number in range(200)})
    served.start(site)
    served.cancel()
    assert _entry(site) == before and reports == [] and _beside(site) == []


def test_a_served_index_that_fails_says_so_in_one_line_and_keeps_the_index_before(tmp_path):
    from perspectives.servedindex import ServedIndex

    site = _site(tmp_path / "site", {"index.html": ("Home", "home text")})
    search.index_site(site)
    before = _entry(site)
    (site / "index.html").unlink()  # nothing left to index: Pagefind fails
    reports: list[str] = []
    served = ServedIndex(reports.append)
    served.start(site)
    served.wait()
    assert len(reports) == 1 and "Pagefind failed on" in reports[0] and "\n" not in reports[0]
    assert _entry(site) == before and _beside(site) == []


# A site of more pages than one run of the indexer holds is indexed in parts (perspectives.search.parts);
# tests/test_search_parts.py searches such a site in Chromium.

def _pages(count: int) -> dict[str, tuple[str, str]]:
    return {f"articles/{number:02}/index.html": (f"A{number}", f"psoas word{number}") for number in range(count)}


def _parts(site: Path) -> list[str]:
    return json.loads((site / search.BUNDLE / search.PARTS_FILE).read_text(encoding="utf-8"))


@pytest.mark.parametrize("count, size, expected", [
    (0, 3, []), (1, 3, [1]), (3, 3, [3]), (4, 3, [2, 2]), (7, 3, [2, 2, 3]), (10, 4, [3, 3, 4]), (1000, 1000, [1000]),
])
def test_pages_are_split_in_order_into_the_fewest_parts_of_near_equal_size(count, size, expected):
    pages = [f"p{number:05}" for number in range(count)]
    split = search.parts(pages, size)
    assert [len(part) for part in split] == expected and [page for part in split for page in part] == pages


def test_any_number_of_pages_is_split_into_the_fewest_parts_none_over_the_size_within_one_of_each_other():
    for count in range(1, 120):
        for size in range(1, 25):
            lengths = [len(part) for part in search.parts(list(range(count)), size)]
            assert len(lengths) == -(-count // size) and max(lengths) <= size and max(lengths) - min(lengths) <= 1
    assert [len(part) for part in search.parts(list(range(5032)), 1000)] == [838, 839, 839, 838, 839, 839]


@pytest.mark.parametrize("value", ["0", "-3", "many", "1.5", "١٢"])
def test_a_size_of_part_that_is_no_whole_number_fails_in_one_line(tmp_path, monkeypatch, value):
    site = _site(tmp_path, _pages(2))
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, value)
    with pytest.raises(search.SearchIndexError,
                       match=rf"^search index: {search.PAGES_PER_INDEX_VARIABLE} .* is not a number") as failure:
        search.index_site(site)
    assert "\n" not in str(failure.value)


def test_a_site_of_more_pages_than_a_run_holds_is_indexed_in_parts_the_first_lists(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", {"index.html": ("Home", "home text"), **_pages(6)})
    (site / "old").mkdir()
    (site / "old/index.html").write_text('<!doctype html><html lang="en"><head><meta http-equiv="refresh" '
                                         'content="0; url=../articles/00/"></head><body></body></html>')
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "3")
    search.index_site(site)
    bundle = site / search.BUNDLE
    assert _parts(site) == ["part-2/", "part-3/"]
    counts = [json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
              for folder in (bundle, bundle / "part-2", bundle / "part-3")]
    # Eight HTML files in parts of 2, 3 and 3: "articles/00/", "articles/01/"; "02" to "04"; "05", the home
    # page and the redirect, which has no content to search. Each part also has the site's words.
    assert counts == [2 + 1, 3 + 1, 2 + 1]
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.en.pagefind").is_file()
    for part in ("part-2", "part-3"):  # what a merged index reads, not Pagefind's scripts again
        kept = {".pf_meta" if path.suffix == ".pf_meta" else path.name for path in (bundle / part).iterdir()}
        assert {"fragment", "index", "pagefind-entry.json", ".pf_meta"} <= kept <= {
            "filter", "fragment", "index", "pagefind-entry.json", ".pf_meta"}
    assert sorted(path.name for path in site.iterdir()) == ["articles", "index.html", "old", search.BUNDLE]


def test_a_site_no_larger_than_a_run_holds_is_one_index_that_lists_no_part(tmp_path, monkeypatch):
    site = _site(tmp_path, _pages(3))
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "3")
    search.index_site(site)
    assert _parts(site) == [] and not list((site / search.BUNDLE).glob("part-*"))
    assert _entry(site)["languages"]["en"]["page_count"] == 3


def test_a_page_that_cannot_be_read_fails_the_index_in_one_line(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", _pages(4))
    (site / "gone.html").symlink_to(site / "nowhere.html")
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "2")
    with pytest.raises(search.SearchIndexError) as failure:
        search.index_site(site)
    assert "cannot read or link the pages" in str(failure.value) and "\n" not in str(failure.value)
    assert sorted(path.name for path in site.iterdir()) == ["articles", "gone.html"]


def test_a_part_the_indexer_fails_on_fails_the_index_and_leaves_no_links(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", _pages(6))
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "2")
    runs = []

    def second_fails(arguments, folder):
        runs.append(sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html")))
        if len(runs) == 2:
            return 1, "Error: something went wrong\nError: something went wrong\n"
        return subprocess.run(arguments, cwd=folder, capture_output=True, text=True).returncode, ""

    with pytest.raises(search.SearchIndexError, match=r"Pagefind failed on .*: Error: something went wrong$"):
        search.write_index(site, site / search.BUNDLE, second_fails)
    assert runs[0] == ["articles/00/index.html", "articles/01/index.html", search.VOCABULARY]
    assert len(runs) == 2 and sorted(path.name for path in site.iterdir()) == ["articles", search.BUNDLE]


def test_an_earlier_index_s_parts_go_when_the_site_is_indexed_again(tmp_path, monkeypatch):
    site = _site(tmp_path, _pages(5))
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "2")
    search.index_site(site)
    assert (site / search.BUNDLE / "part-3").is_dir()
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "10")
    search.index_site(site)
    assert _parts(site) == [] and not list((site / search.BUNDLE).glob("part-*"))


def test_two_indexes_in_parts_of_the_same_site_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "2")
    runs = []
    for number in (1, 2):
        site = _site(tmp_path / f"site-{number}", _pages(5))
        search.index_site(site)
        runs.append({path.relative_to(site).as_posix(): path.read_bytes()
                     for path in sorted((site / search.BUNDLE).rglob("*")) if path.is_file()})
    assert runs[0] == runs[1] and "pagefind/part-3/pagefind-entry.json" in runs[0]


def test_a_served_site_is_indexed_in_parts_too(tmp_path, monkeypatch):
    from perspectives.servedindex import ServedIndex

    site = _site(tmp_path / "site", _pages(5))
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "2")
    reports: list[str] = []
    served = ServedIndex(reports.append)
    served.start(site)
    served.wait()
    assert _parts(site) == ["part-2/", "part-3/"] and reports == [] and _beside(site) == []
    assert sorted(path.name for path in site.iterdir()) == ["articles", search.BUNDLE]


# What Pagefind 1.5.2 read of each case, measured: `content` of the page's fragment.
READ = [
    ("<p>alpha<sup>7</sup> foo<em>bar</em></p><p>end</p>", ["alpha7", "foobar", "end"]),
    ("<table><tr><th>tha</th><th>thb</th></tr><tr><td>tda</td><td>tdb</td></tr></table>",
     ["thathb", "tda", "tdb"]),
    ("<dl><dt>dta</dt><dd>dda</dd></dl><ol><li>lia</li><li>lib</li></ol>", ["dtadda", "lia", "lib"]),
    ("<blockquote>bqa</blockquote><blockquote>bqb</blockquote><span>spa</span><span>spb</span>",
     ["bqabqbspaspb"]),
    ("<h2>h2a</h2><h3>h3b</h3><section>sa</section><section>sb</section>", ["h2a", "h3b", "sa", "sb"]),
    ("<aside>asa</aside><header>hda</header><pre>pra</pre>brx<br>bry", ["asahdaprabrx", "bry"]),
    ('<div data-pagefind-ignore>ign</div><div data-search-exclude>exc <div>nested</div> exc</div>kept',
     ["kept"]),
    ("<nav>nava</nav><svg><title>svgt</title></svg><label>lbl</label><footer>ftr</footer><form>frm</form>"
     "<script>var x;</script>left", ["left"]),
    ('<table data-matrix><tr><td>cell</td></tr></table><a class="headerlink" href="#x">¶</a>'
     '<span class="msp-claims">(claim 2)</span><p class="a msp-quote-by b">— source</p>text', ["text"]),
    ("<p>&amp; x&lt;/div&gt;y &quot;q&quot; a&gt;b</p>", ["&amp;", "x&lt;/div&gt;y", "&quot;q&quot;", "a&gt;b"]),
    ("before <br>after", ["before", "after"]),
    # An element left out that has no end tag takes the element around it along (here, the content).
    ('before <img data-search-exclude src="a.png">after', []),
    ("<p>a <b>c<img data-search-exclude src=x>d</b> e</p><p>f</p>", ["a", "e", "f"]),
    ("<ul><li>a<img data-search-exclude>b</li><li>c</li></ul>", ["c"]),
    ("<p>x<svg/>y</p><p>z</p>", ["z"]),
    ("<div data-pagefind-ignore/>x</div>y", ["y"]),  # "/>" ends no HTML element
    ("<p><a href=/x/>link</a> after</p>", ["link", "after"]),
    ("<script>var s='<script>';</script><p>after</p>", ["after"]),
    ("<!-- <nav> -->text <!-- a > b -->more", ["text", "more"]),
    ("<NAV>menu</NAV><SCRIPT>x</SCRIPT>kept", ["kept"]),
    ('<a class="headerlink" title="a>b" href="#x">P</a>text', ["text"]),
    # An element with an id starts a word; its end tag does not end one.
    ('foo<span id="a">bar</span>baz <em ID="b">x</em>y', ["foo", "barbaz", "xy"]),
    ("<p>one<span data-pagefind-ignore>two</span>three</p>", ["onethree"]),
]


def _read_page(content: str) -> str:
    return (f'<!doctype html><html lang="en"><head><title>head</title></head><body><nav>menu</nav>'
            f'<article class="md-content__inner md-typeset">{content}</article><footer>foot</footer></body></html>')


@pytest.mark.parametrize("content, words", READ)
def test_the_words_of_a_page_are_read_as_pagefind_reads_them(content, words):
    from perspectives.searchedwords import PageWords

    assert PageWords(search.CONTENT, search.LEFT_OUT).read(_read_page(content).encode()) == [
        word.encode() for word in words]


def test_pagefind_reads_the_cases_as_the_reader_does(tmp_path):
    """The cases above, as Pagefind reads them (each fragment's text, its character references read and the
    full stops it adds after each part dropped): a Pagefind that reads otherwise fails here."""
    import gzip
    import html

    for number, (content, _) in enumerate(READ):
        (tmp_path / f"p{number}").mkdir()
        (tmp_path / f"p{number}/index.html").write_text(_read_page(content), encoding="utf-8")
    search.index_site(tmp_path)
    read = {}
    for fragment in (tmp_path / search.BUNDLE / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data[data.index(b"{"):])
        read[int(page["url"].strip("/")[1:])] = [word.rstrip(".") for word in page["content"].split()]
    assert read == {number: [html.unescape(word) for word in words] for number, (_, words) in enumerate(READ)
                    if words}  # a page with no word to read is no page of the index


def test_the_vocabulary_page_holds_each_word_of_the_pages_and_their_meta_once_in_their_language(tmp_path):
    page = ('<!doctype html><html lang="fr"><head><title>t</title></head><body>'
            '<article class="md-content__inner"><p>{} &lt;/div&gt;</p>{}</article></body></html>')
    for name, words, meta in (("a.html", "one two", '<span data-pagefind-meta="says:x&#45;&#45;y z"></span>'),
                              ("b.html", "two three", '<span data-pagefind-meta="says:z w"></span>'),
                              ("c.html", "", '<span data-pagefind-meta="image[src]" src="i.png"></span>')):
        (tmp_path / name).write_text(page.format(words, meta), encoding="utf-8")
    html = search.vocabulary_page(*search.site_words(tmp_path, ["a.html", "b.html", "c.html"])).decode()
    assert html.startswith('<!doctype html><html lang="fr">')
    assert ('<div data-pagefind-weight="0">&lt;/div&gt; one three two</div>'
            f'<span data-pagefind-meta="{search.VOCABULARY_META}:w x&#45;&#45;y z"></span></article>') in html


def test_a_selector_the_reader_cannot_read_is_refused():
    from perspectives.searchedwords import PageWords

    with pytest.raises(ValueError, match=r"no selector of the form 'div > p'"):
        PageWords(search.CONTENT, ["div > p"])


def test_a_part_without_a_word_the_site_has_finds_only_the_vocabulary(tmp_path, monkeypatch):
    """Each part's index knows every word of the site: Pagefind answers a word its index lacks with a shorter
    word it has, which in a part would find another word's pages."""
    site = _site(tmp_path / "site", {"a/index.html": ("A", "soreness"), "b/index.html": ("B", "sore back")})
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "1")
    search.index_site(site)
    for folder in (site / search.BUNDLE, site / search.BUNDLE / "part-2"):
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] == 2  # its page and the vocabulary


def test_a_served_index_stopped_between_parts_runs_no_more_and_publishes_nothing(tmp_path, monkeypatch):
    from perspectives.servedindex import ServedIndex

    site = _site(tmp_path / "site", _pages(6))
    search.index_site(site)
    before = _entry(site)
    monkeypatch.setenv(search.PAGES_PER_INDEX_VARIABLE, "2")
    served = ServedIndex(lambda message: pytest.fail(message))
    runs = []
    real = served._run_indexer

    def first_then_cancelled(arguments, folder, run):
        runs.append(folder)
        done = real(arguments, folder, run)
        served._run += 1  # what cancel does as a rebuild begins, between this part and the next
        return done

    monkeypatch.setattr(served, "_run_indexer", first_then_cancelled)
    served.start(site)
    served.wait()
    assert len(runs) == 1 and _entry(site) == before and _beside(site) == []
    assert sorted(path.name for path in site.iterdir()) == ["articles", search.BUNDLE]


def test_pages_written_to_make_the_reader_backtrack_are_read_at_once():
    """Each pattern reads a run of characters at a time: a tag of thousands of attributes, an unclosed quote
    or comment, or thousands of start tags take one pass (none is timed: a pattern that backtracked on them
    would take years, not a moment)."""
    from perspectives.searchedwords import PageWords

    reader = PageWords(search.CONTENT, search.LEFT_OUT)
    hostile = [
        '<p ' + 'a=b ' * 20_000 + 'class="x">text</p>',
        '<p title="' + 'word ' * 20_000 + '>text</p>',
        '<!--' * 20_000 + 'text',
        '<span>' * 20_000 + 'text',
        '<div data-search-exclude>' * 2_000 + 'text',
    ]
    for content in hostile:
        assert isinstance(reader.read(_read_page(content).encode()), list)
