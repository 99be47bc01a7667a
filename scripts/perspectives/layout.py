"""How the pages change form with the number of articles: named thresholds, so that no page grows a section
(or a column) per article and no template assumes today's number of articles.

The render stage lays the pages out by them; the promise check (perspectives.manifest) reads them to know
which anchors the pages hold, so that crossing one is never a silent break of a published link.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

# The most articles /compare/ sets side by side before the reader chooses
# which to compare: eight columns of short answers fit 1280 px without
# scrolling sideways. More articles stay one choice away (and in the URL).
COLUMNS_AT_ONCE = 8

# Page weight that does not grow with the corpus. Where more articles than
# QUOTED_HOLDERS hold one position or take one stance, the treatment and
# agreement pages list them by linked name, grouped by stance, instead of a
# section each with its note and quotations (those stay on every article's
# own page). Above SIDE_BY_SIDE_LIMIT articles, /compare/ and the agreement
# page stop setting every article side by side: /compare/ sets
# COLUMNS_AT_SCALE of them side by side and lists all the others by discipline,
# and the agreement page counts where it used to name. Named constants, so
# that no template assumes today's number of articles.
QUOTED_HOLDERS = 20
# The most holders of one position the agreement page names (it has a
# position per theme, each held by a share of all articles): the rest are
# counted, and listed on their own pages and in articles.json.
NAMED_HOLDERS = 100
SIDE_BY_SIDE_LIMIT = 100
# Above SIDE_BY_SIDE_LIMIT, how many articles /compare/ still sets side by
# side above its list of all of them: fewer than COLUMNS_AT_ONCE, so that the
# tables and a name for every article stay within the page's weight budget
# (300 KB of HTML at 1,000 articles).
COLUMNS_AT_SCALE = 4
# Up to this many articles the search index holds every quotation, each
# answer's full text beside its short form, the source's address, capture and
# dates, the list of articles and the list of changes. Beyond it, those stay on
# the pages but out of the index: search then finds each article by its own
# page's summary, short answers, author, publisher, treatments and claims. A
# reader fetches only a query's chunks of the index (perspectives.search), but
# the indexer holds all of it: at 5,000 articles Pagefind peaked at 3.1 GB
# indexing everything, 1.8 GB with these left out.
FULL_SEARCH_LIMIT = 100
# Beyond SIDE_BY_SIDE_LIMIT, how many articles the home page shows a card for
# (the most recently added): the home page stays the same size.
CARDS_AT_SCALE = 8


T = TypeVar("T")


def one_by_one(count: int) -> bool:
    """Whether a page gives each of `count` articles (that take one position on a theme, or mention one
    treatment) a section of its own, with its anchor and quotation, rather than a linked name in a list:
    the agreement and treatment pages, the links to them and the promise check all ask this."""
    return count <= QUOTED_HOLDERS


def side_by_side(articles: Sequence[T]) -> Sequence[T]:
    """The articles /compare/ sets side by side (in the order given, by id): all of them up to
    SIDE_BY_SIDE_LIMIT, else the first COLUMNS_AT_SCALE (the others are listed under the tables)."""
    return articles if len(articles) <= SIDE_BY_SIDE_LIMIT else articles[:COLUMNS_AT_SCALE]
