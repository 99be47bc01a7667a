"""What changed on the site and when, from the articles' own records.

Each article says when it was added (`added`), when its data was last
reviewed against the capture (`reviewed`) and every correction with a
one-line reason (`corrections`). This module turns those into one list of
changes, newest first, that the changes page and the Atom feed both show, so
the two cannot disagree. Dates come from the data only, never from the clock:
two builds of one commit are identical.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from perspectives import urls
from perspectives.model import Article, Dataset

Kind = Literal["corrected", "reviewed", "added"]

# On one day, a correction is the news; an addition the same day comes after it (and a review that day is
# the correction's own, not listed).
_ORDER: dict[str, int] = {"corrected": 0, "reviewed": 1, "added": 2}


@dataclass(frozen=True)
class Change:
    """One dated event in an article's history, with its anchor on the changes page.

    The anchor is the change's identity in the feed too, so it is made from
    what the change is (day, kind, article), never from its place in the list:
    it stays the same in every later build.
    """

    date: str  # YYYY-MM-DD
    kind: Kind
    article: Article
    note: str  # a correction's reason; empty for the others
    anchor: str


def changes(dataset: Dataset) -> tuple[Change, ...]:
    """Every change, newest first; on one day corrections, then reviews, then additions, each by article id."""
    found: list[tuple[str, Kind, Article, str]] = []
    for article in dataset.articles:
        if article.added:
            found.append((article.added, "added", article, ""))
        # A review on the day the article was added is part of adding it, and one on the day of a correction
        # is what found it: neither is news of its own.
        if article.reviewed and article.reviewed != article.added and \
                article.reviewed not in {correction.date for correction in article.corrections}:
            found.append((article.reviewed, "reviewed", article, ""))
        found += [(correction.date, "corrected", article, correction.note) for correction in article.corrections]
    # Stable sorts: corrections of one article on one day keep the order the data lists them in.
    found.sort(key=lambda change: (_ORDER[change[1]], change[2].id))
    found.sort(key=lambda change: change[0], reverse=True)
    result, seen = [], Counter()
    for date, kind, article, note in found:
        anchor = urls.slug(f"{date}-{kind}-{article.id}")
        seen[anchor] += 1
        # A second correction of one article on one day: numbered in the data's order, so still stable.
        result.append(Change(date, kind, article, note, anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}"))
    return tuple(result)

