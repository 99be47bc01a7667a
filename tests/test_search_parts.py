"""A site indexed in parts searches as the same site indexed whole, in real Chromium.

A site of more HTML files than one run of the indexer holds (perspectives.search,
PAGES_PER_INDEX) is indexed in parts, which the reader's browser merges. Here
the real site is built with parts of a few pages each and set beside the same
site indexed whole (the session's `built_site`): the header's box and the
search page must find the same pages and count the same, and the browser
loads Pagefind's script and WebAssembly once. Which page comes first is left
to tests/test_browser.py's ranking cases, on the site as built: parts of four
pages hold too few to rank as the site does.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import DATA, ROOT, Server, mkdocs_build, only_local, reading
from perspectives import load_checked, search
from test_search import AFTER_PUNCTUATION, search as header_search
from test_search_page import counted, counts, found_count, open_search, show_all

pytestmark = pytest.mark.browser

SIZE = 4  # pages a part: the real site's few dozen pages make many parts


@pytest.fixture(scope="module")
def split_site(tmp_path_factory):
    """The real site built with its index in parts of SIZE pages, served: (folder, address)."""
    server = Server(tmp_path_factory.mktemp("split-site"))
    result = mkdocs_build(ROOT, server.root, site_url=server.url + "/",
                          env={search.PAGES_PER_INDEX_VARIABLE: str(SIZE)})
    try:
        assert result.returncode == 0, result.stderr
        yield server.root, server.url
    finally:
        server.close()


def _entries(bundle):
    return [json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
            for folder in (bundle, *(bundle / part for part in json.loads((bundle / search.PARTS_FILE).read_text())))]


def test_every_page_searched_is_in_exactly_one_part_and_each_part_has_the_sites_words(split_site, built_site):
    whole, split = _entries(built_site / search.BUNDLE), _entries(split_site[0] / search.BUNDLE)
    assert len(whole) == 1 and len(split) > 2, "the case needs a site of several parts"
    assert sum(split) - len(split) == whole[0] and max(split) <= SIZE + 1  # each part's vocabulary page


# Words with fewer results than the box lists (ten), so that all of them are compared: which ten of more it
# lists first is a matter of ranking, which reads each part's own statistics (the search page compares all).
@pytest.mark.parametrize("query", [word for word, _ in AFTER_PUNCTUATION])
def test_the_header_box_finds_the_same_pages_in_parts_as_whole(browser, site_url, split_site, query):
    with reading(browser, site_url) as page:
        whole = header_search(page, query)
    with reading(browser, split_site[1]) as page:
        split = header_search(page, query)
        assert page.console_errors == [] and only_local(page) == []
    assert 0 < len(whole) < 10 and sorted(split) == sorted(whole)


# A word on one page, one that stands for a word no page has, and one that lacks one letter of a word on many.
@pytest.mark.parametrize("query", ["psoas", "spasmodical", "stretchin"])
def test_the_search_page_says_the_same_of_a_rare_or_missing_word_in_parts_as_whole(browser, site_url, split_site,
                                                                                   query):
    said = []
    for base in (site_url, split_site[1]):
        with reading(browser, base) as page:
            open_search(page, f"?words={query}")
            said.append((page.locator("[data-search-status]").inner_text(), sorted(show_all(page))))
            assert page.console_errors == []
    assert said[0] == said[1]


def test_the_search_page_lists_and_counts_the_same_in_parts_as_whole(browser, site_url, split_site):
    treatment = load_checked(DATA).mentioned_treatments[0].id
    found = []
    for base in (site_url, split_site[1]):
        with reading(browser, base) as page:
            open_search(page, "?words=stretching")
            counted(page)
            found.append((found_count(page), sorted(show_all(page)),
                          {name: counts(page, name) for name in ("kind", "treatment", "stance")}))
            open_search(page, f"?treatment={treatment}")  # by a filter alone
            counted(page)
            found.append((found_count(page), sorted(show_all(page)), counts(page, "stance")))
            assert page.console_errors == []
    assert found[0][0] > 10 and found[:2] == found[2:]


def test_a_search_loads_pagefinds_script_and_webassembly_once_and_each_parts_index(browser, split_site):
    site, base = split_site
    with reading(browser, base) as page:
        header_search(page, "psoas")
        fetched = [url.partition("?")[0].split("/pagefind/", 1)[1] for url in page.requests if "/pagefind/" in url]
    assert fetched.count("pagefind.js") == 1 and fetched.count("wasm.en.pagefind") == 1
    assert fetched.count(search.PARTS_FILE) == 1
    parts = json.loads((site / search.BUNDLE / search.PARTS_FILE).read_text(encoding="utf-8"))
    for part in parts:
        assert fetched.count(f"{part}pagefind-entry.json") == 1
        assert not [name for name in fetched if name.startswith(part) and re.search(r"\.(js|pagefind)$", name)]
