"""The search index reads as a reader needs it (perspectives.searchindex): /compare/ row by row at the
rows' anchors, quotations and answers without what their excluded links leave behind, and no pager or
editor's line.

First what each step does with small and odd input, then the real site's index, every expectation drawn
from the data and the built pages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import DATA
from perspectives import layout, load_checked
from perspectives.render import SearchEntry
from perspectives.searchindex import left_out, readable, shape
from perspectives.urls import COMPARE, article_source, page_url

DATASET = load_checked(DATA)
COMPARE_URL = page_url(COMPARE)


@pytest.mark.parametrize("text, expected", [
    # A quotation whose source link stays out of the index, with either dash, at the end of a paragraph.
    ("<p>“It all happens at the top of the neck.” — </p>", "<p>“It all happens at the top of the neck.”</p>"),
    ("<p>“One.” –</p> <ul> <li>“Two.” — </li> </ul>", "<p>“One.”</p> <ul> <li>“Two.”</li> </ul>"),
    ("“Only a quotation.” —", "“Only a quotation.”"),
    # The claims behind an answer, anywhere in a run of answers.
    ("Somatic education. () Format Article ( )", "Somatic education. Format Article"),
    # A paragraph that listed only claims.
    ("<p>Holds.</p> <p>Also: .</p>", "<p>Holds.</p>"),
    # The editor's line, whatever data file it names, and where the page has none.
    ("<p>“A.”</p> <p>This page is generated from <code>data/articles/a-b.yaml</code>.</p>", "<p>“A.”</p>"),
    ("<p>“A.”</p>", "<p>“A.”</p>"),
    # Left as they are: a dash inside a sentence, a call in code, a colon before a list, words in brackets,
    # and prose about how the site is generated.
    ("<p>Back Spasms — The Inside Story</p>", "<p>Back Spasms — The Inside Story</p>"),
    ("<p>Call <code>f()</code> first.</p>", "<p>Call <code>f()</code> first.</p>"),
    ("<p>For each article we record:</p> <ul> <li>a summary (ours)</li> </ul>",
     "<p>For each article we record:</p> <ul> <li>a summary (ours)</li> </ul>"),
    ("<p>Each page is generated from data.</p>", "<p>Each page is generated from data.</p>"),
    ("", ""),
])
def test_an_entry_loses_only_the_remnants_of_what_the_index_leaves_out(text, expected):
    assert readable(text) == expected


def test_navigation_and_the_comparison_tables_are_marked_out_of_the_index_once():
    page = ('<table class="msp-matrix__table" data-matrix="questions"><tr><td>Answer</td></tr></table>\n'
            '<table><tr><td>A table of the text</td></tr></table>\n'
            '<nav class="msp-pager" aria-label="Other articles"><a href="../a/">Next article</a></nav>\n'
            '<p data-matrix="not-a-table">Text</p><navigation>not nav</navigation>\n'
            '<nav data-search-exclude>Already out</nav>')
    marked = left_out(page)
    assert re.findall(r"<(\w+)[^>]*\sdata-search-exclude", marked) == ["table", "nav", "nav"]
    assert marked.count("data-search-exclude") == 3
    assert left_out(marked) == marked
    # A value, so that Material strips the mark from the published page once it has indexed it.
    assert re.search(r'<table data-search-exclude="[^"]+" class="msp-matrix__table"', marked)


def test_a_page_s_rows_follow_its_sections_escaped_with_its_boost():
    docs = [{"location": "compare/", "title": "Compare", "text": ""},
            {"location": "compare/#questions", "title": "The questions", "text": "<p>Note. ()</p>"},
            {"location": "articles/a/", "title": "A", "text": "<p>“Q.” — </p>", "boost": 2},
            {"location": "articles/a/#claims", "title": "Claims", "text": "", "boost": 2}]
    entries = [SearchEntry("compare/", "dimension-x", "Cause & effect", "A: <b>bold</b>."),
               SearchEntry("articles/a/", "row", "Row", "B: yes."),
               SearchEntry("changes/", "row", "Left out", "The page is not in the index.")]
    assert shape(docs, entries) == [
        {"location": "compare/", "title": "Compare", "text": ""},
        {"location": "compare/#questions", "title": "The questions", "text": "<p>Note.</p>"},
        {"location": "compare/#dimension-x", "title": "Cause &amp; effect", "text": "A: &lt;b&gt;bold&lt;/b&gt;."},
        {"location": "articles/a/", "title": "A", "text": "<p>“Q.”</p>", "boost": 2},
        {"location": "articles/a/#claims", "title": "Claims", "text": "", "boost": 2},
        {"location": "articles/a/#row", "title": "Row", "text": "B: yes.", "boost": 2},
    ]
    assert shape([], entries) == []


# The real site.

@pytest.fixture(scope="module")
def docs(built_site: Path) -> list[dict]:
    return json.loads((built_site / "search/search_index.full.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def compare_html(built_site: Path) -> str:
    return (built_site / COMPARE_URL / "index.html").read_text(encoding="utf-8")


def _anchor(doc: dict) -> str:
    return doc["location"].partition("#")[2]


def _rows(compare_html: str) -> list[str]:
    """The ids of the comparison tables' rows, in page order."""
    return re.findall(r'<tr\b[^>]*?\sid="([^"]+)"[^>]*\sdata-row=', compare_html)


def _labels() -> dict[str, str]:
    """Each row's anchor and its question or treatment, from the data."""
    return {**{f"dimension-{dimension.id}": dimension.label for dimension in DATASET.vocabularies.dimensions},
            **{f"treatment-{treatment.id}": treatment.label for treatment in DATASET.mentioned_treatments}}


def test_compare_is_searched_row_by_row_each_entry_at_its_row_titled_with_its_label(docs, compare_html):
    rows = _rows(compare_html)
    assert sorted(rows) == sorted(_labels())
    entries = [doc for doc in docs if doc["location"].startswith(f"{COMPARE_URL}#") and _anchor(doc) in rows]
    assert [_anchor(doc) for doc in entries] == rows  # one each, in the page's order
    for doc in entries:
        label = _labels()[_anchor(doc)]
        assert doc["title"] == html.escape(label, quote=False)
        header = compare_html.split(f'id="{_anchor(doc)}"', 1)[1].split("</th>", 1)[0]
        assert label in html.unescape(header), f"row {_anchor(doc)} is not labelled {label!r} on the page"
    # Every place search leads to on /compare/ is there.
    for doc in docs:
        if doc["location"].startswith(f"{COMPARE_URL}#"):
            assert f'id="{_anchor(doc)}"' in compare_html, doc["location"]


def test_a_row_says_what_each_article_side_by_side_says_there_in_a_few_words(docs):
    text = {_anchor(doc): doc["text"] for doc in docs if doc["location"].startswith(f"{COMPARE_URL}#")}
    shown = layout.side_by_side(DATASET.articles)
    for dimension in DATASET.vocabularies.dimensions:
        row = text[f"dimension-{dimension.id}"]
        for article in shown:
            said = f"{article.short_title}: {DATASET.answer(article, dimension).short}"
            assert html.escape(said, quote=False) in row
        assert len(row) < 200 * len(shown), "a row holds each article's short answer, not its full one"
    for treatment in DATASET.mentioned_treatments:
        row = text[f"treatment-{treatment.id}"]
        for article in shown:
            if article.stance_on(treatment.id):
                said = f"{article.short_title}: {DATASET.stance_of(article, treatment.id).label}"
                assert html.escape(said, quote=False) in row


def test_the_tables_are_no_longer_one_blob_in_their_sections(docs, compare_html):
    rows = set(_rows(compare_html))
    sections = [doc for doc in docs if doc["location"].startswith(COMPARE_URL) and _anchor(doc) not in rows]
    answers = {html.escape(answer.short, quote=False) for article in layout.side_by_side(DATASET.articles)
               for dimension in DATASET.vocabularies.dimensions
               if (answer := DATASET.answer(article, dimension)).kind == "value"}
    assert answers
    for doc in sections:
        assert not [answer for answer in answers if answer in doc["text"]], doc["location"]


def test_no_entry_ends_a_quotation_or_answer_with_what_its_links_left_behind(docs):
    for doc in docs:
        text = doc["text"]
        assert not re.search(r"[—–]\s*(?:</p>|</li>|$)", text), doc["location"]
        assert "()" not in text and not re.search(r"\(\s*\)", text), doc["location"]
        assert not re.search(r":\s*\.</", text), doc["location"]
    # While the index holds quotations, each is there, and ends where the quotation ends or with words
    # (an article whose address is unknown says so in place of the link).
    assert len(DATASET.articles) <= layout.FULL_SEARCH_LIMIT
    texts = _page_texts(docs)
    for article in DATASET.articles:
        for claim in article.claims:
            quoted = html.escape(f"“{' '.join(claim.quotations[0].text.split())}”", quote=False)
            assert re.search(f"{re.escape(quoted)}(?:</p>| — \\w)", texts[f"articles/{article.id}/"]), claim.id


def _page_texts(docs: list[dict]) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for doc in docs:
        texts.setdefault(doc["location"].partition("#")[0], []).append(doc["text"])
    return {page: " ".join(parts) for page, parts in texts.items()}


def test_neither_the_pager_nor_the_editor_s_line_is_searched(docs, built_site):
    texts = _page_texts(docs)
    pagers = 0
    for article in DATASET.articles:
        page = (built_site / f"articles/{article.id}/index.html").read_text(encoding="utf-8")
        text = " ".join(texts[f"articles/{article.id}/"].split())
        assert article_source(article) not in text
        content = page.split('class="md-content"', 1)[1].split("</article>", 1)[0]
        for nav in re.findall(r"<nav\b[^>]*>(.*?)</nav>", content, re.S):
            words = " ".join(re.sub(r"<[^>]+>", " ", nav).split())
            assert words and words not in text, article.id
            pagers += 1
    assert pagers >= len(DATASET.articles) > 1, "each article's page has a pager to the next or previous"


def test_the_published_pages_carry_no_mark_of_what_left_the_index(built_site, compare_html):
    assert 'data-search-exclude="' not in compare_html
    assert 'data-matrix="questions"' in compare_html and 'data-matrix="treatments"' in compare_html
    article = DATASET.articles[0]
    assert 'data-search-exclude="' not in (built_site / f"articles/{article.id}/index.html").read_text(encoding="utf-8")
