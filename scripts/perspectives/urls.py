"""Where each generated thing lives: source paths and the public URLs they become.

Public URLs are a promise (people link to them), so they are derived from ids
in one place. Paths are relative to the site root; page paths name the
Markdown source (`articles/<id>.md`), URLs the address a reader sees
(`articles/<id>/`), as MkDocs' directory URLs publish them.
"""

from __future__ import annotations

from perspectives.model import Article, Claim

COMPARE = "compare/index.md"
TREATMENTS = "treatments/index.md"
AGREEMENT = "agreement.md"
ARTICLES = "articles/index.md"
COMPARE_CSV = "compare.csv"
ARTICLES_JSON = "articles.json"
SCHEMA_JSON = "articles.schema.json"


def reserved_ids(folder: str) -> frozenset[str]:
    """Ids that cannot name a page in `folder`: the pages the site already puts there.

    An article or treatment called `index` would silently replace the list of
    them; the checker refuses such ids before anything is written.
    """
    fixed = (COMPARE, TREATMENTS, AGREEMENT, ARTICLES, COMPARE_CSV, ARTICLES_JSON, SCHEMA_JSON)
    return frozenset(path.rsplit("/", 1)[1].split(".", 1)[0] for path in fixed
                     if path.rsplit("/", 1)[0] == folder and "/" in path)


def article_path(article: Article) -> str:
    return f"articles/{article.id}.md"


def article_url(article: Article) -> str:
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
