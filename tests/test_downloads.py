"""Downloads: the comparison as CSV and JSON that say exactly what the site says."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json

import pytest
from jsonschema import Draft202012Validator

from conftest import DATA
from perspectives import load_checked
from perspectives.downloads import CSV_COLUMNS, SCHEMA, VERSION, downloads
from perspectives.check import SHORT_MAX_CHARS, SHORT_MAX_WORDS
from perspectives.model import DESCRIBED_FIELDS, RECORD_FIELDS, SHORT_FOR_KIND
from perspectives.quotes import text_fragment_url
from test_render import HOSTILE

FORMULAS = ["=HYPERLINK(\"http://evil.test\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tindented", "\rreturn"]


@pytest.fixture(scope="module")
def dataset():
    return load_checked(DATA)


@pytest.fixture(scope="module")
def files(dataset):
    return dict(downloads(dataset))


@pytest.fixture(scope="module")
def validator():
    return Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def with_article(dataset, article):
    """The dataset with one article swapped for an edited copy of it."""
    return dataclasses.replace(dataset, articles=tuple(article if a.id == article.id else a for a in dataset.articles))


def test_downloads_are_the_csv_both_json_files_and_the_schema(dataset, files):
    assert set(files) == {"compare.csv", "articles.json", "articles.schema.json", "article.schema.json",
                          *(f"articles/{article.id}.json" for article in dataset.articles)}


# --- compare.csv --------------------------------------------------------------


def test_csv_has_one_line_per_article_in_every_dimension_and_mentioned_treatment(dataset, files):
    lines = files["compare.csv"].split("\r\n")
    assert lines[0] == ",".join(CSV_COLUMNS) and lines[-1] == ""
    expected = [("dimension", dimension.id, article.id)
                for dimension in dataset.vocabularies.dimensions for article in dataset.articles]
    expected += [("treatment", treatment.id, article.id)
                 for treatment in dataset.mentioned_treatments for article in dataset.articles]
    assert [(row["table"], row["row_id"], row["article_id"]) for row in rows(files["compare.csv"])] == expected


def test_csv_is_rfc_4180_even_for_awkward_text(dataset):
    article = dataset.articles[0]
    awkward = 'Says "no", then\r\nyes, then\nmaybe'
    edited = dataclasses.replace(article, short_title=awkward)
    text = dict(downloads(with_article(dataset, edited)))["compare.csv"]
    quoted = '"' + awkward.replace('"', '""') + '"'
    assert "\n" not in text.replace(quoted, "").replace("\r\n", "")
    assert {row["article"] for row in rows(text) if row["article_id"] == article.id} == {awkward}


def test_every_csv_claim_url_points_at_a_claim_the_article_makes(dataset, files):
    articles = {article.id: article for article in dataset.articles}
    cited = 0
    for row in rows(files["compare.csv"]):
        article = articles[row["article_id"]]
        claims = row["claims"].split()
        assert row["claim_urls"].split() == [f"articles/{article.id}/#claim-{claim}" for claim in claims]
        assert all(article.claim(claim) for claim in claims)
        cited += len(claims)
    assert cited


def test_csv_values_need_claims_and_none_or_unknown_say_why(dataset, files):
    articles = {article.id: article for article in dataset.articles}
    dimension_rows = [row for row in rows(files["compare.csv"]) if row["table"] == "dimension"]
    assert {row["kind"] for row in dimension_rows} == {"value", "none", "unknown"}
    for row in dimension_rows:
        cell = articles[row["article_id"]].comparison.get(row["row_id"])
        if row["kind"] == "value":
            assert row["value"] and (cell is None or row["claims"])
        elif cell is None:  # a row shown from the record (the evidence list): the reason is the record's
            assert row["value"] and row["claims"] == ""
        else:
            assert (row["value"], row["claims"]) == (cell.text, "")


def test_unknown_cells_say_unknown(dataset, files):
    unknown = {(article.id, dimension.id): answer.text for article in dataset.articles
               for dimension in dataset.vocabularies.dimensions
               if (answer := dataset.answer(article, dimension)).kind == "unknown"}
    assert unknown
    shown = {(row["article_id"], row["row_id"]): row["value"]
             for row in rows(files["compare.csv"]) if row["kind"] == "unknown"}
    assert shown == unknown


def test_vocabulary_cells_and_record_facts_show_labels_not_ids(dataset, files):
    vocabularies = dataset.vocabularies
    by_cell = {(row["row_id"], row["article_id"]): row for row in rows(files["compare.csv"])}
    for article in dataset.articles:
        discipline = by_cell["discipline", article.id]
        assert discipline["value"] == vocabularies.term("disciplines", article.discipline.id).label
        assert discipline["note"] == article.discipline.basis
        assert by_cell["format", article.id]["value"] == vocabularies.term("formats", article.format).label
        delivered = article.comparison["delivered-by"]
        if delivered.kind == "value":
            assert by_cell["delivered-by", article.id]["value"] == vocabularies.term("delivery", delivered.text).label


def test_not_mentioned_treatments_appear_with_the_implicit_stance(dataset, files):
    implicit = dataset.vocabularies.implicit_stance
    treatment_rows = [row for row in rows(files["compare.csv"]) if row["table"] == "treatment"]
    silent = [row for row in treatment_rows if row["kind"] == implicit.id]
    assert silent
    for row in treatment_rows:
        article = next(a for a in dataset.articles if a.id == row["article_id"])
        entry = article.stance_on(row["row_id"])
        if entry is None:
            assert (row["value"], row["note"], row["claims"]) == (implicit.label, "", "")
        else:
            assert (row["kind"], row["note"], row["claims"]) == \
                (entry.stance, " | ".join(said.note for said in entry.says), " ".join(entry.all_claims))


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_like_text_is_neutralised_in_the_csv_but_kept_in_the_json(dataset, formula):
    article = dataset.articles[0]
    cell = dataclasses.replace(article.comparison["root-cause"], text=formula)
    stance = dataclasses.replace(article.treatments[0], note=formula)
    edited = dataclasses.replace(article, short_title=formula, comparison={**article.comparison, "root-cause": cell},
                                 treatments=(stance, *article.treatments[1:]))
    files = dict(downloads(with_article(dataset, edited)))
    mine = [row for row in rows(files["compare.csv"]) if row["article_id"] == article.id]
    assert {row["article"] for row in mine} == {"'" + formula}
    assert next(row for row in mine if row["row_id"] == "root-cause")["value"] == "'" + formula
    assert next(row for row in mine if row["row_id"] == stance.treatment)["note"] == \
        "'" + " | ".join(said.note for said in stance.says)
    document = json.loads(files[f"articles/{article.id}.json"])["article"]
    assert document["short_title"] == formula and document["comparison"]["root-cause"]["value"] == formula


# --- articles.json and articles/<id>.json ------------------------------------


def test_the_schema_is_a_valid_2020_12_schema_served_unchanged(files):
    schema = json.loads(files["articles.schema.json"])
    Draft202012Validator.check_schema(schema)
    assert files["articles.schema.json"] == SCHEMA.read_text(encoding="utf-8")
    assert "$id" not in schema


def test_schema_knows_every_record_field_a_dimension_can_show(validator):
    assert set(validator.schema["$defs"]["dimension"]["properties"]["field"]["enum"]) == {*RECORD_FIELDS,
                                                                                         *DESCRIBED_FIELDS}


def test_articles_json_and_every_article_json_validate(dataset, files, validator):
    for path in ["articles.json", *(f"articles/{article.id}.json" for article in dataset.articles)]:
        errors = [error.message for error in validator.iter_errors(json.loads(files[path]))]
        assert not errors, (path, errors)


def test_each_article_json_is_its_entry_in_articles_json(dataset, files):
    collection = json.loads(files["articles.json"])
    assert [entry["id"] for entry in collection["articles"]] == [article.id for article in dataset.articles]
    for entry in collection["articles"]:
        document = json.loads(files[entry["json"]])
        assert document == {"version": VERSION, "schema": "../articles.schema.json", "article": entry}


def test_json_files_are_each_one_document_as_json_writes_it(dataset, files):
    """Each article is encoded once and set into articles.json and its own file: the same text as encoding
    each file whole."""
    for path in ["articles.json", *(f"articles/{article.id}.json" for article in dataset.articles)]:
        text = files[path]
        assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n", path


def test_articles_json_carries_the_vocabularies_its_ids_refer_to(dataset, files):
    collection = json.loads(files["articles.json"])
    assert (collection["version"], collection["schema"]) == (VERSION, "articles.schema.json")
    stances = {stance["id"]: stance for stance in collection["stances"]}
    assert stances[dataset.vocabularies.implicit_stance.id]["implicit"] is True
    treatments = {term["id"] for term in collection["treatments"]}
    themes = {term["id"] for term in collection["themes"]}
    dimensions = {dimension["id"]: dimension for dimension in collection["dimensions"]}
    assert dimensions["discipline"]["field"] == "discipline" and dimensions["delivered-by"]["vocabulary"] == "delivery"
    for entry in collection["articles"]:
        assert set(entry["comparison"]) == {d for d, dimension in dimensions.items() if "field" not in dimension}
        assert all(t["treatment"] in treatments and t["stance"] in stances for t in entry["treatments"])
        assert all(h["theme"] in themes for h in entry["themes"])


def test_json_keeps_unknowns_explicit_and_links_quotations_only_to_known_originals(dataset, files):
    for article in dataset.articles:
        entry = json.loads(files[f"articles/{article.id}.json"])["article"]
        for name in ("title", "author", "publisher", "published"):
            value = getattr(article, name)
            assert entry[name] == (value if isinstance(value, str) else {"unknown": value.reason})
        links = [quotation["link"] for claim in entry["claims"] for quotation in claim["quotations"]]
        if isinstance(article.source.url, str):
            first = article.claims[0].quotations[0]
            assert links[0] == text_fragment_url(article.source.url, first, article.capture)
        else:
            assert entry["source"]["url"] == {"unknown": article.source.url.reason}
            assert set(links) == {None}
    assert any(not isinstance(article.source.url, str) for article in dataset.articles)


def test_vocabulary_cells_keep_their_term_id_beside_the_label(dataset, files):
    for article in dataset.articles:
        cell = article.comparison["delivered-by"]
        shown = json.loads(files[f"articles/{article.id}.json"])["article"]["comparison"]["delivered-by"]
        if cell.kind == "value":
            assert shown["term"] == cell.text
            assert shown["value"] == dataset.vocabularies.term("delivery", cell.text).label
        else:
            assert shown == {"kind": cell.kind, "value": cell.text, "short": SHORT_FOR_KIND[cell.kind], "claims": [],
                             "implied": False}


def test_every_cell_carries_its_short_form_in_csv_and_json(dataset, files):
    by_cell = {(row["row_id"], row["article_id"]): row for row in rows(files["compare.csv"])}
    for article in dataset.articles:
        comparison = json.loads(files[f"articles/{article.id}.json"])["article"]["comparison"]
        for dimension in dataset.vocabularies.dimensions:
            short = dataset.answer(article, dimension).short
            assert by_cell[dimension.id, article.id]["short"] == short
            if dimension.field is None:
                assert comparison[dimension.id]["short"] == short
        for treatment in dataset.mentioned_treatments:
            assert by_cell[treatment.id, article.id]["short"] == dataset.stance_of(article, treatment.id).label


def test_the_schema_holds_short_forms_to_the_checker_s_limits(validator):
    short = validator.schema["$defs"]["cell"]["properties"]["short"]["allOf"][1]
    assert short["maxLength"] == SHORT_MAX_CHARS
    assert short["pattern"].endswith(f"{{0,{SHORT_MAX_WORDS - 1}}}$")


def _break_cell_kind(document):
    next(iter(document["article"]["comparison"].values()))["kind"] = "maybe"


def _add_property(document):
    document["article"]["claims"][0]["rating"] = 5


def _bad_claim_id(document):
    document["article"]["claims"][0]["id"] = "Not A Slug"


def _value_without_claims(document):
    cell = next(c for c in document["article"]["comparison"].values() if c["kind"] == "value")
    cell["claims"] = []


def _unknown_without_reason(document):
    document["article"]["published"] = {"unknown": ""}


def _short_too_long(document):
    cell = next(c for c in document["article"]["comparison"].values() if c["kind"] == "value")
    cell["short"] = cell["value"] + " " + cell["value"]


def _short_missing(document):
    del next(iter(document["article"]["comparison"].values()))["short"]


def _wrong_schema_pointer(document):
    document["schema"] = "articles.schema.json"


@pytest.mark.parametrize("breakage", [_break_cell_kind, _add_property, _bad_claim_id, _value_without_claims,
                                      _unknown_without_reason, _short_too_long, _short_missing, _wrong_schema_pointer])
def test_a_wrong_document_fails_validation(dataset, files, validator, breakage):
    document = json.loads(files[f"articles/{dataset.articles[0].id}.json"])
    assert validator.is_valid(document)
    broken = copy.deepcopy(document)
    breakage(broken)
    assert not validator.is_valid(broken)


def test_an_extra_top_level_property_fails_validation(files, validator):
    collection = json.loads(files["articles.json"])
    assert not validator.is_valid({**collection, "generated": "today"})


def test_hostile_text_survives_as_data_unchanged_in_json(dataset, validator):
    article = dataset.articles[0]
    claim = dataclasses.replace(article.claims[0], statement=HOSTILE[0])
    edited = dataclasses.replace(article, summary=tuple(HOSTILE), short_title="<b>x</b>",
                                 claims=(claim, *article.claims[1:]))
    files = dict(downloads(with_article(dataset, edited)))
    document = json.loads(files[f"articles/{article.id}.json"])
    assert validator.is_valid(document)
    entry = document["article"]
    assert (entry["summary"], entry["short_title"], entry["claims"][0]["statement"]) == \
        (HOSTILE, "<b>x</b>", HOSTILE[0])
    assert json.loads(files["articles.json"])["articles"][0] == entry


# --- determinism ---------------------------------------------------------------


def test_downloads_are_byte_identical_across_renders(dataset, files):
    assert dict(downloads(dataset)) == files
    assert dict(downloads(load_checked(DATA))) == files
