"""Search finds words, in real Chromium: after brackets and quotation marks, and in other forms;
and a row of the comparison by its question or treatment.

Each case names a word from the data and a page that search must find for it.
Before searching, the test proves from the built search index that the case
tests what it says: the word really follows a bracket or quotation mark on
that page, or the page really has only another form of the word. If the data
changes so that a case no longer holds, that check fails and says so.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html import escape
from pathlib import Path

import pytest

from conftest import DATA, only_local
from perspectives import load_checked
from perspectives.render import HEADLINE_DIMENSION

pytestmark = pytest.mark.browser

# Letters only, so that the check does not depend on the separator under test.
WORDS = re.compile(r"[a-z]+")
OPENERS = "([{“‘\"'"


def _page_texts(built_site: Path) -> dict[str, str]:
    """Each page's indexed text (title and sections), as the search index holds it."""
    index = json.loads((built_site / "search/search_index.full.json").read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = defaultdict(list)
    for doc in index["docs"]:
        texts[doc["location"].split("#")[0]].append(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}"))
    return {location: " ".join(parts).lower() for location, parts in texts.items()}


def search(page, query: str) -> list[str]:
    """The pages Material's search lists for a query typed as a reader types it, best first."""
    return list(dict.fromkeys(link.partition("#")[0] for link in search_links(page, query)))


def search_links(page, query: str) -> list[str]:
    """Where the results Material's search shows for a query lead (path and anchor), best first; not
    those folded under "more on this page"."""
    page.goto(f"{page.base}/")
    box = page.locator(".md-search__input")
    box.click()
    # fill() misses about one time in four: Material reads the query on key events (TOOLCHAIN.md).
    box.press_sequentially(query, delay=30)
    page.locator(".md-search-result__meta").filter(has_text=re.compile(r"\d+ matching|No matching")).wait_for()
    # Material renders ten results, then four more each time the list is
    # scrolled to its end anew: scroll away and back until none are added.
    items, count = page.locator(".md-search-result__item"), -1
    while count != items.count():
        count = items.count()
        for top in ("0", "el.scrollHeight"):
            page.locator(".md-search__scrollwrap").evaluate(f"el => el.scrollTo(0, {top})")
            page.wait_for_timeout(150)
    return page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")


# A word found right after an opening bracket or quotation mark: "(psoas and iliacus)".
AFTER_PUNCTUATION = [
    ("psoas", "/articles/ep-manual-root-cause-back-spasms/"),
    ("jerky", "/articles/rehab-and-revive-muscle-spasms/"),
    ("soreness", "/articles/gold-back-spasms-inside-story/"),
]


@pytest.mark.parametrize("word, expected", AFTER_PUNCTUATION)
def test_a_word_right_after_a_bracket_or_quotation_mark_is_found(page, built_site, word, expected):
    text = _page_texts(built_site)[expected.lstrip("/")]
    assert re.search(rf"[{re.escape(OPENERS)}]{word}\b", text), f"{expected} has no {word!r} after a bracket or quote"
    assert expected in search(page, word)
    assert only_local(page) == [] and page.console_errors == []


# Another form of the word: every page that has the second word but nothing
# that begins with the first must be found by typing the first. (Where the
# form begins with the typed word, a prefix finds it, as it always did.)
WORD_FORMS = [("relaxants", "relaxers"), ("relaxers", "relaxants"), ("spasms", "spasm"), ("spasm", "spasms")]


@pytest.mark.parametrize("typed, form", WORD_FORMS)
def test_other_forms_of_a_word_are_found(page, built_site, typed, form):
    only_the_form = sorted(f"/{location}" for location, text in _page_texts(built_site).items()
                           if form in WORDS.findall(text) and (form.startswith(typed) or
                                                               not any(w.startswith(typed) for w in WORDS.findall(text))))
    assert only_the_form, f"no page says {form!r} without {typed!r}: pick another pair"
    found = search(page, typed)
    assert [location for location in only_the_form if location not in found] == []
    assert only_local(page) == [] and page.console_errors == []


def test_a_quoted_word_is_searched_exactly(page, built_site):
    # A reader who quotes a word asks for that word only; no other form is added.
    texts = _page_texts(built_site)
    exact = search(page, '"relaxers"')
    assert exact and all("relaxers" in WORDS.findall(texts[href.lstrip("/")]) for href in exact)
    other_forms_only = [f"/{location}" for location, text in texts.items()
                        if "relaxants" in WORDS.findall(text) and "relaxers" not in WORDS.findall(text)]
    assert other_forms_only and not set(other_forms_only) & set(exact)


# A row of /compare/ is an entry of its own, at the row: the headline question, and the treatment the most
# articles take a stance on.
DATASET = load_checked(DATA)
ROWS = [(f"dimension-{dimension.id}", dimension.label)
        for dimension in DATASET.vocabularies.dimensions if dimension.id == HEADLINE_DIMENSION]
ROWS += [(f"treatment-{treatment.id}", treatment.label) for treatment in sorted(
    DATASET.mentioned_treatments, key=lambda term: -sum(bool(a.stance_on(term.id)) for a in DATASET.articles))[:1]]


@pytest.mark.parametrize("anchor, label", ROWS)
def test_a_row_of_the_comparison_is_found_by_its_question_or_treatment(page, built_site, anchor, label):
    index = json.loads((built_site / "search/search_index.full.json").read_text(encoding="utf-8"))
    titles = [doc["title"] for doc in index["docs"] if doc["location"] == f"compare/#{anchor}"]
    assert titles == [escape(label, quote=False)]
    assert f'id="{anchor}"' in (built_site / "compare/index.html").read_text(encoding="utf-8")
    assert f"/compare/#{anchor}" in search_links(page, label.lower())
    assert only_local(page) == [] and page.console_errors == []
