"""The comparison as data people can take away: a CSV for spreadsheets, JSON for programs.

Records in, strings out (path relative to the site root -> file content), like
`render`, and nothing of MkDocs. Both formats carry the same facts as the
pages — every value with the claims that support it, unknowns stated as
unknown — so a download never says more or less than the site. Output is
deterministic: the same dataset gives byte-identical files, so rebuilding
the site does not churn them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator

from perspectives import urls
from perspectives import articlefile
from perspectives.load import TEXT_LIMITS
from perspectives.model import Article, Claim, Dataset, Dimension, Stance, Term, Text, Unknown
from perspectives.quotes import FragmentLinks

# Kept as a real file beside this module so the schema can be read and diffed; emitted unchanged.
SCHEMA = Path(__file__).with_name(urls.SCHEMA_JSON)
# 2: a treatment entry says more than one thing (`also`), positions and cells can be implied, positions
# limited, evidence unknown beyond an incomplete capture.
VERSION = 2

# `short` is what /compare/ shows at a glance: a value's short form, a
# vocabulary or stance label, or "None" / "Unknown".
CSV_COLUMNS = ("table", "row_id", "row_label", "article_id", "article", "kind", "value", "short", "note", "claims",
               "claim_urls")

# A spreadsheet treats a cell starting with one of these as a formula (tab and
# carriage return too, which some strip before parsing), so data written by
# anyone could run `=HYPERLINK(…)` or worse when a reader opens the CSV. A
# leading apostrophe makes it plain text; the OWASP "CSV injection" advice.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def downloads(dataset: Dataset, links: FragmentLinks | None = None) -> Iterator[tuple[str, str]]:
    """Every download file, (path relative to the site root, content), each made when asked for: at thousands
    of articles the files together are hundreds of MB, and a caller that writes each away never holds them
    all. `links` makes the quotations' links to the original (the render stage passes the one its pages
    used: each passage is located once)."""
    yield from tables(dataset)
    yield from ((path, "".join(pieces)) for path, pieces in json_files(dataset, links))


def tables(dataset: Dataset) -> Iterator[tuple[str, str]]:
    """The downloads other than the JSON of the articles: the schemas and the CSV, as `downloads`."""
    yield urls.SCHEMA_JSON, SCHEMA.read_text(encoding="utf-8")
    # For editors: the article files' own schema, generated from their definition (data/ holds a copy).
    yield urls.ARTICLE_FILE_SCHEMA, articlefile.schema_text(TEXT_LIMITS)
    yield urls.COMPARE_CSV, compare_csv(dataset)


def json_files(dataset: Dataset, links: FragmentLinks | None = None) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each article's JSON file, then articles.json, as `downloads` has them but each as the pieces its text
    is joined from: articles.json, hundreds of MB at thousands of articles, need never be held twice (its
    articles' pieces and the whole)."""
    links = links or FragmentLinks()
    # Each article is encoded once, for its own file and then for articles.json.
    encoded = []
    for article in dataset.articles:
        encoded.append(_encode(article_json(dataset, article, links)))
        # The per-article file sits in articles/, one level below the schema.
        yield urls.article_json_path(article), _dump_with(
            {"version": VERSION, "schema": f"../{urls.SCHEMA_JSON}"}, "article", encoded[-1])
    yield urls.ARTICLES_JSON, _dump_with({"version": VERSION, "schema": urls.SCHEMA_JSON, **vocabularies_json(dataset)},
                                         "articles", encoded)


# --- CSV -------------------------------------------------------------------


def compare_csv(dataset: Dataset) -> str:
    """The matrix, tidy: one line per article in each dimension row, then in each treatment row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(CSV_COLUMNS)
    writer.writerows([_neutralise(field) for field in row] for row in _csv_rows(dataset))
    return out.getvalue()


def _csv_rows(dataset: Dataset) -> Iterator[tuple[str, ...]]:
    for dimension in dataset.vocabularies.dimensions:
        for article in dataset.articles:
            answer = dataset.answer(article, dimension)
            kind = "value" if answer.kind == "field" else answer.kind  # a source fact is a value too
            note = "Implied by the text, not stated." if answer.implied else answer.note
            yield ("dimension", dimension.id, dimension.label, article.id, article.short_title, kind, answer.text,
                   answer.short, note, *_claim_columns(article, answer.claims))
    for treatment in dataset.mentioned_treatments:
        for article in dataset.articles:
            entry = article.stance_on(treatment.id)
            # `kind` and `short` are the primary stance, what the table shows at a glance; `value` and `note`
            # hold everything the article says of the treatment, one stance after another.
            stances = dataset.stances_of(article, treatment.id)
            said = entry.says if entry else ()
            value = "; ".join(stance.label + (" (implied)" if each.implied else "")
                              for stance, each in zip(stances, said)) or stances[0].label
            yield ("treatment", treatment.id, treatment.label, article.id, article.short_title, stances[0].id,
                   value, stances[0].label, " | ".join(each.note for each in said),
                   *_claim_columns(article, entry.all_claims if entry else ()))


def _claim_columns(article: Article, claim_ids: tuple[str, ...]) -> tuple[str, str]:
    return " ".join(claim_ids), " ".join(urls.claim_url(article, article.claim(claim_id)) for claim_id in claim_ids)


def _neutralise(field: str) -> str:
    return f"'{field}" if field.startswith(_FORMULA_START) else field


# --- JSON ------------------------------------------------------------------


def vocabularies_json(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """The vocabularies a reader needs to resolve the ids in articles.json."""
    vocabularies = dataset.vocabularies
    return {
        "dimensions": [_term(dimension) | {key: value for key, value in
                                           (("field", dimension.field), ("vocabulary", dimension.vocabulary)) if value}
                       for dimension in vocabularies.dimensions],
        "stances": [_term(stance) | {"icon": stance.icon, "implicit": stance.implicit, "qualified": stance.qualified,
                                     "conflicts_with": list(stance.conflicts_with)}
                    for stance in vocabularies["stances"]],
        "treatments": [_term(treatment) for treatment in vocabularies["treatments"]],
        "themes": [_term(theme) for theme in vocabularies["themes"]],
    }


def article_json(dataset: Dataset, article: Article, links: FragmentLinks | None = None) -> dict[str, Any]:
    """One article as a plain object: everything its page shows, with ids kept and unknowns explicit."""
    links = links or FragmentLinks()
    source = article.source
    known_url = source.url if isinstance(source.url, str) else None
    return {
        "id": article.id,
        "url": urls.article_url(article),
        "json": urls.article_json_path(article),
        "title": _text(article.title),
        "title_note": article.title_note,
        "short_title": article.short_title,
        "author": _text(article.author),
        "publisher": _text(article.publisher),
        "published": _text(article.published),
        "discipline": ({"unknown": article.discipline.basis} if article.discipline.id is None else
                       {"id": article.discipline.id, "label": dataset.record_term(article, "discipline").label,
                        "basis": article.discipline.basis}),
        "format": {"id": article.format, "label": dataset.record_term(article, "format").label},
        "source": {"url": _text(source.url), "captured_from": source.captured_from,
                   "compared": source.compared, "note": source.note,
                   "partial": ({"ends": source.partial.ends, "missing": source.partial.missing}
                               if source.partial else None),
                   "capture_sha256": source.capture_sha256},
        "added": article.added,
        "reviewed": article.reviewed,
        "corrections": [{"date": correction.date, "note": correction.note} for correction in article.corrections],
        "evidence": ([{"cited": item.cited, "kind": item.kind, "for": item.purpose, "role": item.role,
                       "claims": list(item.claims)} for item in article.evidence] if article.evidence else
                     {"unknown": article.evidence_unknown} if article.evidence_unknown is not None else
                     {"none": article.cites_nothing or ""}),
        "summary": list(article.summary),
        "claims": [_claim(article, claim, known_url, links) for claim in article.claims],
        "comparison": {dimension.id: _cell(dataset, article, dimension)
                       for dimension in dataset.vocabularies.dimensions if dimension.field is None},
        "treatments": [{"treatment": entry.treatment, **_said(entry), "also": [_said(said) for said in entry.also]}
                       for entry in article.treatments],
        "themes": [{"theme": entry.theme, "position": entry.position, "implied": entry.implied,
                    "limited": entry.limited, "note": entry.note, "claims": list(entry.claims)}
                   for entry in article.themes],
    }


def _said(entry: Stance) -> dict[str, Any]:
    return {"stance": entry.stance, "note": entry.note, "claims": list(entry.claims), "qualifier": entry.qualifier,
            "implied": entry.implied}


def _claim(article: Article, claim: Claim, source_url: str | None, links: FragmentLinks) -> dict[str, Any]:
    return {
        "id": claim.id,
        "url": urls.claim_url(article, claim),
        "statement": claim.statement,
        "quotations": [{"text": quotation.text,
                        "link": links.url(source_url, quotation, article.capture) if source_url else None}
                       for quotation in claim.quotations],
    }


def _cell(dataset: Dataset, article: Article, dimension: Dimension) -> dict[str, Any]:
    """A cell as the page shows it; a vocabulary value keeps its id in `term` beside its label."""
    answer = dataset.answer(article, dimension)
    cell = {"kind": answer.kind, "value": answer.text, "short": answer.short, "claims": list(answer.claims),
            "implied": answer.implied}
    if answer.kind == "value" and dimension.vocabulary:
        cell["term"] = article.comparison[dimension.id].text
    return cell


def _term(term: Term | Dimension) -> dict[str, Any]:
    return {"id": term.id, "label": term.label, "description": term.description}


def _text(value: Text) -> str | dict[str, str]:
    return {"unknown": value.reason} if isinstance(value, Unknown) else value


def _encode(value: Any) -> str:
    # One line, no indentation: Python's C encoder only runs without `indent` (the indented form took
    # a sixth of our render time at 1,000 articles), and the files are a third smaller.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def _dump_with(document: dict[str, Any], key: str, encoded: str | list[str]) -> tuple[str, ...]:
    """A JSON file of `document` with one more member last, `key`, whose value is already `encoded` (a list:
    an array of values each already encoded), as the pieces of its text: joined, the same text as encoding
    it all at once."""
    head = _encode(document)[:-1]  # without its closing brace
    values = [encoded] if isinstance(encoded, str) else ["[", *_between(encoded, ","), "]"]
    return (head, "," if document else "", _encode(key), ":", *values, "}\n")


def _between(items: list[str], separator: str) -> Iterator[str]:
    for number, item in enumerate(items):
        if number:
            yield separator
        yield item


__all__ = ["downloads", "tables", "json_files", "compare_csv", "article_json", "CSV_COLUMNS"]
