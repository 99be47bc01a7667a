"""What a page tells search engines and link previews about itself: schema.org JSON-LD.

An article page is our summary of someone else's article: a `WebPage` that
`isBasedOn` the original `CreativeWork`, with the original's headline,
address, author, publisher and date only where the data knows them. An
unknown fact is left out, never guessed: no field is filled from the short
title or from the capture's address (the capture may be a repost). The data
does not say whether an author or publisher is a person or an organisation,
so neither is typed. A publication date goes in only when it is a date.

The page's own URL is added by the site template (overrides/main.html),
which knows the public address; this module knows nothing of MkDocs.
"""

from __future__ import annotations

import re
from typing import Any

from perspectives.model import Article

# schema.org Date: YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601).
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def article_structured_data(article: Article, name: str, description: str) -> dict[str, Any]:
    """JSON-LD for an article's summary page (without its URL, which the template adds)."""
    original: dict[str, Any] = {"@type": "CreativeWork"}
    if isinstance(article.title, str):
        original["name"] = article.title
    if isinstance(article.source.url, str):
        original["url"] = article.source.url
    if isinstance(article.author, str):
        original["author"] = {"name": article.author}
    if isinstance(article.publisher, str):
        original["publisher"] = {"name": article.publisher}
    if isinstance(article.published, str) and _DATE.match(article.published):
        original["datePublished"] = article.published
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": name,
        "description": description,
        "inLanguage": "en",
        "isBasedOn": original,
    }
    if article.reviewed:
        page["lastReviewed"] = article.reviewed
    return page
