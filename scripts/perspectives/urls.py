"""Where each generated thing lives: source paths and the public URLs they become.

Public URLs are a promise (people link to them), so they are derived from ids
in one place. Paths are relative to the site root; page paths name the
Markdown source (`articles/<id>.md`), URLs the address a reader sees
(`articles/<id>/`), as MkDocs' directory URLs publish them.
"""

from __future__ import annotations

import re
import unicodedata

from perspectives.model import Article, Claim, Outline

# An anchor built from checked ids: lowercase words and hyphens, several ids joined by `--`
# (a matrix cell is `<row>--<article>`). The render stage refuses anything else.
ANCHOR = r"[a-z0-9]+(?:--?[a-z0-9]+)*"

COMPARE = "compare/index.md"
TREATMENTS = "treatments/index.md"
AGREEMENT = "agreement.md"
ARTICLES = "articles/index.md"
COMPARE_CSV = "compare.csv"
ARTICLES_JSON = "articles.json"
SCHEMA_JSON = "articles.schema.json"
ARTICLE_FILE_SCHEMA = "article.schema.json"  # the schema of the YAML article files editors write
CONTRIBUTE = "contribute.md"
CHANGES = "changes.md"  # what was added, corrected and reviewed, newest first
CHANGES_URL = "changes/"
SEARCH = "search/index.md"  # every result of a search, with filters (perspectives.search)
# The treatments' names, which search ranks by (perspectives.search.treatment_names): the site's own, not a
# download, and no promise.
SEARCH_TREATMENTS = "search/treatments.json"
CHANGES_FEED = "changes.xml"  # the same as an Atom feed; overrides/main.html links it from every page


# Fixed anchors on pages where data ids become anchors too (a treatment page
# has one anchor per article id; the agreement page one per theme id). The
# templates use these names, and the checker refuses ids that would collide.
NOT_MENTIONED = "not-mentioned"
DIFFER, DIFFER_ROOT_CAUSE, DIFFER_TREATMENTS = "differ", "differ-root-cause", "differ-treatments"
DIFFER_THEMES = "differ-positions"
COMMON_GROUND, COMMON_THEMES, COMMON_TREATMENTS = "common-ground", "common-positions", "common-treatments"
UNADDRESSED = "hardly-addressed"
EVERY_POSITION = "every-position"  # where the themes in full start, after the summaries
AGREEMENT_ANCHORS = (DIFFER, DIFFER_ROOT_CAUSE, DIFFER_TREATMENTS, DIFFER_THEMES, COMMON_GROUND, COMMON_THEMES,
                     COMMON_TREATMENTS, UNADDRESSED, EVERY_POSITION)


# Every page and download the build generates whatever the data (besides the articles' and treatments'
# own): the site publishes each, and no id may take one's name.
GENERATED = (COMPARE, TREATMENTS, AGREEMENT, ARTICLES, COMPARE_CSV, ARTICLES_JSON, SCHEMA_JSON, ARTICLE_FILE_SCHEMA,
             CONTRIBUTE, CHANGES, CHANGES_FEED)


def reserved_ids(kind: str) -> frozenset[str]:
    """Ids an article, treatment or theme cannot take: the names of pages the
    site already generates in its folder, or fixed anchors on a page where the
    id becomes an anchor. (An article called `index` would silently replace
    the list of articles.)"""
    pages = {path.rsplit("/", 1)[1].split(".", 1)[0] for path in GENERATED if path.rsplit("/", 1)[0] == kind and "/" in path}
    anchors = {"articles": {NOT_MENTIONED}, "themes": set(AGREEMENT_ANCHORS)}
    return frozenset(pages | anchors.get(kind, set()))


def slug(text: str) -> str:
    """Text as an anchor: its letters and digits (accents dropped), lowercase, runs of anything else
    as one hyphen. Empty when the text has no letter or digit."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def article_path(article: Article) -> str:
    return f"articles/{article.id}.md"


def article_url(article: Article | Outline) -> str:
    return f"articles/{article.id}/"


def claim_url(article: Article, claim: Claim) -> str:
    return f"{article_url(article)}#{claim.anchor}"


def article_json_path(article: Article) -> str:
    return f"articles/{article.id}.json"


def article_source(article: Article) -> str:
    """The data file an article's page and downloads are generated from."""
    return f"data/articles/{article.id}.yaml"


def treatment_path(treatment_id: str) -> str:
    return f"treatments/{treatment_id}.md"


def page_url(path: str) -> str:
    """The URL (relative to the site root) of a page or file by its source path, as MkDocs' directory
    URLs publish it: `articles/x.md` is `articles/x/`, `compare/index.md` is `compare/`, `index.md`
    is the root (''); any other file keeps its path."""
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
