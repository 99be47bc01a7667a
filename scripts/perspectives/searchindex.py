"""The search index as a reader meets it: Material's documents, shaped so that each entry reads well.

Material's search plugin indexes a page heading by heading: each entry is a
section, its text everything under the heading, with what the page marks
`data-search-exclude` left out. Read that way, three things came out wrong,
and are set right here:

- /compare/'s tables: each was one entry, a whole table of answers flattened
  into one run of words. `left_out` keeps the tables out of their sections'
  text as Material reads each page, and `shape` gives each row an entry of its
  own at the row's anchor, titled with its question or treatment, its text
  what the articles set side by side say there (render.SearchEntry, plain text
  from the render stage: only what the page shows, so that the index does not
  grow with the number of articles beyond the page's own columns).
- What excluded links leave behind: a quotation's source link leaves
  "“…” — ", claims behind an answer leave "()", "Also: claim 2." leaves
  "Also: .". `shape` takes these remnants out of every entry, whatever the
  link labels say.
- Lines a search is not for: the pager between articles (any <nav>, like
  Material's own navigation, which it never indexes) and the editor's line
  naming the data file a page is generated from.

The hook (scripts/hooks.py) calls `left_out` on each page's HTML before
Material reads it (on_page_content), and `shape` on the documents once the
build has written the index (on_post_build). The render stage only gives the
rows' words, as plain text.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable
from typing import Any

from perspectives.render import SearchEntry

# Elements that stay on the page but out of the index: any navigation, and the comparison tables (their
# rows are entries of their own). The attribute has a value so that Material, which strips every valued
# data-search-* attribute from a page once it has indexed it, publishes the page unchanged.
_LEFT_OUT = re.compile(r"<(?:nav\b|table\b(?=[^>]*\sdata-matrix=))(?![^>]*\sdata-search-exclude)")
_MARK = ' data-search-exclude="left-out"'

# Remnants in an entry's text (Material keeps <p>, <li>, <code> and a few other tags in it).
_EDITOR_LINE = re.compile(r"\s*<p>[^<]*\bgenerated from <code>[^<]*</code>[^<]*</p>")
_EMPTY_BRACKETS = re.compile(r"(?:^|\s+)(?:\(\s*\)|\[\s*\])")  # not a call such as <code>f()</code>
_DANGLING_DASH = re.compile(r"\s*[—–]\s*(?=</(?:p|li)>|$)")
_NOTHING_LISTED = re.compile(r"\s*<(p|li)>[^<]*:\s*\.</\1>")  # "Also: ." once the claims are gone


def left_out(page_html: str) -> str:
    """A page's HTML as Material should index it: navigation and the comparison tables marked out."""
    return _LEFT_OUT.sub(lambda match: match.group(0) + _MARK, page_html)


def readable(text: str) -> str:
    """An entry's text without the remnants of what the index leaves out."""
    for remnant in (_EDITOR_LINE, _EMPTY_BRACKETS, _DANGLING_DASH, _NOTHING_LISTED):
        text = remnant.sub("", text)
    return text.strip()


def shape(docs: list[dict[str, Any]], entries: Iterable[SearchEntry]) -> list[dict[str, Any]]:
    """Material's documents made readable, each page's entries (rows) after its own sections.

    Material writes a page's sections one after another. A page left out of the
    index (`search: exclude`) leaves its entries out too; an entry takes its
    page's boost, so that the page ranks as it did.
    """
    by_page: dict[str, list[SearchEntry]] = {}
    for entry in entries:
        by_page.setdefault(entry.page, []).append(entry)
    shaped: list[dict[str, Any]] = []
    for page, sections in itertools.groupby(docs, key=lambda doc: doc["location"].split("#", 1)[0]):
        sections = [{**doc, "text": readable(doc["text"])} for doc in sections]
        boost = {"boost": sections[0]["boost"]} if "boost" in sections[0] else {}
        shaped += sections
        shaped += [{"location": f"{entry.page}#{entry.anchor}", "title": html.escape(entry.title, quote=False),
                    "text": html.escape(entry.text, quote=False), **boost} for entry in by_page.pop(page, ())]
    return shaped
