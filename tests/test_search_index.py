"""The search index (perspectives.search): Pagefind run over a built site with the settings written once,
for the build's command line and the export's pagefind.yml alike; a failure is one line."""

from __future__ import annotations

import json
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
