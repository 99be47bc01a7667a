"""The URLs the site promises to keep: every published page and download, and
every anchor other pages link to (claims, matrix rows and cells, treatment
sections, themes).

People link to these, so a build must never drop one. The list is committed
(data/published-urls.txt, one URL per line, relative to the site root, `#`
before an anchor) and regenerated with `perspectives urls --write` (`make
urls`). tests/test_urls.py fails when the build no longer serves a line of
it; `perspectives check` refuses an article or treatment whose page is in it
but whose id is gone, unless another one lists that id in `former_ids`, which
keeps the old address alive as a redirect (perspectives.redirects).

Derived from the data and docs/, not from a built site, so it is cheap and
needs no MkDocs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from perspectives import urls
from perspectives.errors import DataError
from perspectives.model import Dataset, Outline, Term, Vocabularies

MANIFEST = "published-urls.txt"  # in the data folder: it is part of what the site promises


def _page(path: str) -> str:
    """The public URL of a Markdown page path, as MkDocs' directory URLs publish it."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return "/"
    return "/" + (stem.removesuffix("index") if stem.endswith("/index") else stem + "/")


def published_urls(dataset: Dataset, docs_dir: Path) -> list[str]:
    """Every URL and linked anchor the site publishes now, sorted, plus the old addresses kept alive by redirects."""
    found: set[str] = {_page(path.relative_to(docs_dir).as_posix()) for path in docs_dir.rglob("*.md")}
    found |= {_page(path) for path in (urls.COMPARE, urls.TREATMENTS, urls.AGREEMENT, urls.ARTICLES)}
    found |= {f"/{path}" for path in (urls.COMPARE_CSV, urls.ARTICLES_JSON, urls.SCHEMA_JSON)}
    compare = _page(urls.COMPARE)
    # Each article under its id and its former ids: a renamed article's cells keep their old anchors.
    names = [(article, name) for article in dataset.articles for name in (article.id, *article.former_ids)]
    for dimension in dataset.vocabularies.dimensions:
        found.add(f"{compare}#dimension-{dimension.id}")
        found |= {f"{compare}#dimension-{dimension.id}--{name}" for _, name in names}
    for article in dataset.articles:
        page = f"/{urls.article_url(article)}"
        found |= {page, f"/{urls.article_json_path(article)}"}
        found |= {f"{page}#{claim.anchor}" for claim in article.claims}
        for former in article.former_ids:  # a redirect page, which carries the anchor on (redirects.py)
            found |= {f"/articles/{former}/", f"/articles/{former}.json"}
            found |= {f"/articles/{former}/#{claim.anchor}" for claim in article.claims}
    for treatment in dataset.vocabularies["treatments"]:  # every one has a page and a row anchor
        page = _page(urls.treatment_path(treatment.id))
        found |= {page, f"{compare}#treatment-{treatment.id}"}
        found |= {f"/treatments/{former}/" for former in treatment.former_ids}
        for article, name in names:
            if article.stance_on(treatment.id):
                found |= {f"{page}#{name}", f"{compare}#treatment-{treatment.id}--{name}"}
    agreement = _page(urls.AGREEMENT)
    for theme in dataset.vocabularies["themes"]:
        found.add(f"{agreement}#{theme.id}")
        found |= {f"{agreement}#{former}" for former in theme.former_ids}
    return sorted(found)


def read_manifest(data_dir: Path) -> list[tuple[int, str]] | None:
    """The committed manifest's lines with their numbers; None when there is none yet."""
    path = data_dir / MANIFEST
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, line.strip()) for number, line in enumerate(lines, start=1)
            if line.strip() and not line.lstrip().startswith("#")]


HEADER = ("# Every URL the site publishes and every anchor other pages link to, relative to the site root.\n"
          "# A build must keep each one (tests/test_urls.py). Regenerate: make urls. Never delete a line by hand:\n"
          "# give a renamed article or treatment `former_ids: [old-id]`, which keeps its old address as a redirect.\n")


def manifest_text(lines: list[str]) -> str:
    return HEADER + "".join(f"{line}\n" for line in lines)


def check_renames(articles: Sequence[Outline], vocabularies: Vocabularies, data_dir: Path) -> list[DataError]:
    """An article or treatment page in the manifest must still exist, or redirect.

    A page whose id is gone, with no article or treatment listing that id in
    `former_ids`, would break every link to it.
    """
    errors = _former_id_clashes(articles, vocabularies)
    lines = read_manifest(data_dir)
    if lines is None:
        return errors
    kept = set(published_urls_pages(articles, vocabularies))
    for number, url in lines:
        kind, _, rest = url.strip("/").partition("/")
        if kind not in ("articles", "treatments") or not rest or "/" in rest or "#" in url or "." in rest:
            continue
        if url not in kept:
            what = "article" if kind == "articles" else "treatment"
            errors.append(DataError(f"{data_dir.as_posix()}/{MANIFEST}", number, url,
                                    f"this {what} page was published, but no {what} has the id {rest!r} any more",
                                    f"add `former_ids: [{rest}]` to the {what} it became, so its old address "
                                    "redirects there"))
    return errors


def published_urls_pages(articles: Sequence[Outline], vocabularies: Vocabularies) -> list[str]:
    """The article and treatment pages served now, including the redirects from former ids."""
    pages = [f"/{urls.article_url(article)}" for article in articles]
    pages += [f"/articles/{former}/" for article in articles for former in article.former_ids]
    for treatment in vocabularies["treatments"]:
        pages.append(_page(urls.treatment_path(treatment.id)))
        pages += [f"/treatments/{former}/" for former in treatment.former_ids]
    return pages


def _former_id_clashes(articles: Sequence[Outline], vocabularies: Vocabularies) -> list[DataError]:
    """A former id names one old address: it cannot be a current id, or the former id of two records."""
    errors = []
    groups: list[tuple[str, Sequence[Outline] | Sequence[Term]]] = [("article", articles)]
    groups += [(vocabulary.rstrip("s"), vocabularies[vocabulary]) for vocabulary in ("treatments", "themes")]
    for kind, records in groups:
        current = {record.id for record in records}
        claimed: dict[str, str] = {}
        for record in records:
            for former in record.former_ids:
                origin = record.origin
                if former in current:
                    problem = f"{former!r} is the id of another {kind} now"
                elif former in claimed:
                    problem = f"{former!r} is also a former id of {claimed[former]!r}"
                else:
                    claimed[former] = record.id
                    continue
                errors.append(DataError(origin.path, origin.at("former_ids"), f"{origin.name + '.' if origin.name else ''}former_ids",
                                        problem, "an old address can lead to one place only: remove it from one of them"))
    return errors
