"""The changes page and the Atom feed: what changed, newest first, from the articles' own dates.

Records are built here directly (the loader's reading of `added`, `reviewed`
and `corrections` is tested with the loader), from the real data's articles.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import DATA
from perspectives import load_checked, urls
from perspectives.changes import changes
from perspectives.model import Correction, Dataset, Origin
from perspectives.render import render_site

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://perspectives.example/sub/"
REAL = load_checked(DATA)
HERE = Origin("tests", 1)


def history(count: int | None = None) -> Dataset:
    """The real articles (the first `count` of them) with a made-up history: each added on its own day,
    the first reviewed later and corrected twice that day, the second reviewed the day it was added, the
    third reviewed later with nothing corrected."""
    articles = list(REAL.articles[:count])
    for number, article in enumerate(articles):
        # Whatever history the real data records is replaced, so the test knows every date.
        articles[number] = dataclasses.replace(article, added=f"2025-01-{number + 10:02d}", reviewed=None,
                                               corrections=())
    articles[0] = dataclasses.replace(articles[0], reviewed="2025-06-01", corrections=(
        Correction("2025-06-01", "Publisher: the capture names <Lawrence Gold> & his site.", HERE),
        Correction("2025-06-01", "A second correction the same day.", HERE),
        Correction("2025-03-02", "An earlier correction.", HERE)))
    articles[1] = dataclasses.replace(articles[1], reviewed=articles[1].added)
    if len(articles) > 2:  # reviewed later, with nothing to correct
        articles[2] = dataclasses.replace(articles[2], reviewed="2025-04-01")
    return dataclasses.replace(REAL, articles=tuple(articles))


def pages(dataset: Dataset, site_url: str = BASE) -> tuple[str, str]:
    site = {page.path: page.content for page in render_site(dataset, site_url=site_url).pages}
    return site[urls.CHANGES], site[urls.CHANGES_FEED]


def test_changes_are_newest_first_corrections_before_reviews_before_additions():
    listed = changes(history())
    dates = [change.date for change in listed]
    assert dates == sorted(dates, reverse=True)
    first = REAL.articles[0]
    assert [(c.date, c.kind, c.article.id) for c in listed[:2]] == [
        ("2025-06-01", "corrected", first.id), ("2025-06-01", "corrected", first.id)]
    # The review that found the corrections is theirs: one edit, not a correction and a review besides. A
    # review that corrected nothing is news of its own.
    assert [(c.date, c.article.id) for c in listed if c.kind == "reviewed"] == [("2025-04-01", REAL.articles[2].id)]
    assert [c.note for c in listed[:2]] == ["Publisher: the capture names <Lawrence Gold> & his site.",
                                            "A second correction the same day."]
    # Every article's addition is listed; a review on the day of adding is not news of its own.
    assert {c.article.id for c in listed if c.kind == "added"} == {a.id for a in REAL.articles}
    assert not [c for c in listed if c.kind == "reviewed" and c.article.id == REAL.articles[1].id]


def test_anchors_are_unique_and_stable():
    listed = changes(history())
    anchors = [change.anchor for change in listed]
    assert len(set(anchors)) == len(anchors)
    assert anchors[:2] == [f"2025-06-01-corrected-{REAL.articles[0].id}", f"2025-06-01-corrected-{REAL.articles[0].id}-2"]
    # An anchor names the change, not its place: adding another article's change leaves the others' anchors alone.
    fewer = {change.anchor for change in changes(history(len(REAL.articles) - 1))}
    assert fewer <= set(anchors)


def test_no_history_gives_an_honest_empty_page_and_a_valid_empty_feed():
    silent = tuple(dataclasses.replace(article, added=None, reviewed=None, corrections=()) for article in REAL.articles)
    page, feed = pages(dataclasses.replace(REAL, articles=silent))
    assert "No additions, corrections or reviews are recorded yet." in page
    root = ET.fromstring(feed)
    assert root.findall(f"{ATOM}entry") == []
    assert root.find(f"{ATOM}updated").text == "1970-01-01T00:00:00Z"  # from the data (none), never the clock


def test_the_page_lists_each_change_with_its_anchor_and_reason():
    page, _ = pages(history())
    body = html.unescape(page)
    first = REAL.articles[0]
    assert body.index("## 2025-06-01") < body.index("## 2025-03-02") < body.index("## 2025-01-10")
    assert f'<li id="2025-06-01-corrected-{first.id}"><strong>Corrected:</strong>' in page
    assert f'<a href="../articles/{first.id}/">{first.short_title}</a> — Publisher: the capture names ' \
           f'<Lawrence Gold> & his site.' in body  # links are relative to the page's URL, changes/
    assert "<Lawrence" not in page  # data is escaped like everywhere else
    assert f'<a href="../{urls.CHANGES_FEED}">Atom feed</a>' in page


def test_the_feed_is_atom_with_every_required_element():
    _, feed = pages(history())
    root = ET.fromstring(feed)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert root.find(ATOM + required) is not None and root.find(ATOM + required).text.strip(), required
    assert root.find(f"{ATOM}id").text == BASE + urls.CHANGES_FEED
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": BASE + urls.CHANGES_FEED, "alternate": BASE + urls.CHANGES_URL}
    listed = changes(history())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(listed)
    assert root.find(f"{ATOM}updated").text == f"{listed[0].date}T00:00:00Z"  # the newest change
    for entry, change in zip(entries, listed):
        assert entry.find(f"{ATOM}id").text == f"{BASE}{urls.CHANGES_URL}#{change.anchor}"
        assert entry.find(f"{ATOM}updated").text == f"{change.date}T00:00:00Z"
        assert entry.find(f"{ATOM}title").text == f"{change.kind.capitalize()}: {change.article.short_title}"
        assert entry.find(f"{ATOM}link").get("href") == BASE + urls.article_url(change.article)
        assert entry.find(f"{ATOM}summary").get("type") == "text" and entry.find(f"{ATOM}summary").text
    assert entries[0].find(f"{ATOM}summary").text == "Publisher: the capture names <Lawrence Gold> & his site."
    dates = [re.fullmatch(r"(\d{4}-\d{2}-\d{2})T00:00:00Z", e.find(f"{ATOM}updated").text) for e in entries]
    assert all(dates)


def test_the_feed_is_built_from_data_alone():
    assert pages(history()) == pages(history())
    assert pages(history(), site_url="https://other.example")[1].count("https://other.example/changes/#") \
        == len(changes(history()))


@pytest.mark.parametrize("count", [2, len(REAL.articles)])
def test_neither_page_nor_feed_states_a_count(count):
    page, feed = pages(history(count))
    for text in (page, ET.tostring(ET.fromstring(feed), encoding="unicode", method="text")):
        text = html.unescape(text)
        text = re.sub(r"\]\([^)]*\)|<li id=\"[^\"]*\">|https?://\S+|\d{4}-\d{2}-\d{2}(T00:00:00Z)?", "", text)
        titles = [article.short_title for article in REAL.articles]
        for title in titles:
            text = text.replace(title, "")
        assert not re.search(r"\d", text), text
