"""Old addresses kept alive: a page at each former id of an article or treatment.

An id is a URL, so renaming one would break every link to it. A renamed
article or treatment lists its old ids in `former_ids`; each becomes a small
static HTML page at the old address that sends the reader on: a
<meta http-equiv="refresh"> (no script: the Content-Security-Policy allows no
inline script) and a <link rel="canonical"> that tells search engines where
the page lives now, plus a plain link for anyone whose browser does not
follow the refresh. An anchor on the old address (#claim-…) is not carried
over by a refresh; the reader lands at the top of the new page.
"""

from __future__ import annotations

from perspectives.model import Dataset

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta charset="utf-8">
<title>Moved</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<script src="{assets}assets/redirect.js"></script>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>This page has moved to <a href="{target}">{target}</a>.</p>
</body>
</html>
"""


def redirect_pages(dataset: Dataset, policy: str) -> dict[str, str]:
    """Path of each redirect page (`articles/<old id>/index.html`) -> its HTML.

    Targets are relative (`../<new id>/`), so the pages work under any site
    address. Ids are checked slugs, so they need no escaping.
    """
    pages: dict[str, str] = {}
    moved = [("articles", article.id, article.former_ids) for article in dataset.articles]
    moved += [("treatments", treatment.id, treatment.former_ids) for treatment in dataset.vocabularies["treatments"]]
    for folder, new_id, former_ids in moved:
        for former in former_ids:
            pages[f"{folder}/{former}/index.html"] = _PAGE.format(policy=policy, target=f"../{new_id}/",
                                                                  assets="../../")
    return pages
