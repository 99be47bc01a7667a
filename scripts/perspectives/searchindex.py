"""The search index as a reader meets it: Material's documents, shaped so that each entry reads well.

Material's search plugin indexes a page heading by heading: each entry is a
section, its text everything under the heading, with what the page marks
`data-search-exclude` left out. Read that way, this came out wrong, and is
set right here:

- /compare/'s tables: each was one entry, a whole table of answers flattened
  into one run of words. `left_out` keeps the tables out of their sections'
  text as Material reads each page, and `shape` gives each row an entry of its
  own at the row's anchor, titled with its question or treatment, its text
  what the articles set side by side say there (render.SearchEntry, plain text
  from the render stage: only what the page shows, so that the index does not
  grow with the number of articles beyond the page's own columns).

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

# Elements that stay on the page but out of the index: the comparison tables (their rows are entries of
# their own). The attribute has a value so that Material, which strips every valued data-search-*
# attribute from a page once it has indexed it, publishes the page unchanged.
_LEFT_OUT = re.compile(r"<table\b(?=[^>]*\sdata-matrix=)(?![^>]*\sdata-search-exclude)")
_MARK = ' data-search-exclude="left-out"'


def left_out(page_html: str) -> str:
    """A page's HTML as Material should index it: the comparison tables marked out."""
    return _LEFT_OUT.sub(lambda match: match.group(0) + _MARK, page_html)


def shape(docs: list[dict[str, Any]], entries: Iterable[SearchEntry]) -> list[dict[str, Any]]:
    """Material's documents, each page's entries (rows) after its own sections.

    Material writes a page's sections one after another. A page left out of the
    index (`search: exclude`) leaves its entries out too; an entry takes its
    page's boost, so that the page ranks as it did.
    """
    by_page: dict[str, list[SearchEntry]] = {}
    for entry in entries:
        by_page.setdefault(entry.page, []).append(entry)
    shaped: list[dict[str, Any]] = []
    for page, sections in itertools.groupby(docs, key=lambda doc: doc["location"].split("#", 1)[0]):
        sections = list(sections)
        boost = {"boost": sections[0]["boost"]} if "boost" in sections[0] else {}
        shaped += sections
        shaped += [{"location": f"{entry.page}#{entry.anchor}", "title": html.escape(entry.title, quote=False),
                    "text": html.escape(entry.text, quote=False), **boost} for entry in by_page.pop(page, ())]
    return shaped
