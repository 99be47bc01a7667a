"""The comparison pages, generated from a small fixture dataset: the matrix,
the treatment pages and the agreement page grow with the data, not the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA
from fixture_data import SmallData
from perspectives import build_site, load_checked
from perspectives.layout import COLUMNS_AT_ONCE
from perspectives.render import HEADLINE_DIMENSION, Site, escape_data, icon_html

def page(site: Site, path: str) -> str:
    return next(p.content for p in site.pages if p.path == path)


def columns(compare: str) -> list[str]:
    """The article ids heading the columns of the first table."""
    head = compare[: compare.index("<tbody")]
    return re.findall(r'<th scope="col" id="questions--([a-z0-9-]+)"', head)


def rows(compare: str, table: str) -> list[str]:
    return re.findall(rf'<tr id="({table}-[a-z0-9-]+)"', compare)


def cell(compare: str, cell_id: str) -> str:
    """The Markdown source of one table cell, by its id."""
    return re.search(rf'<td id="{cell_id}"[^>]*>(.*?)</td>', compare, re.S).group(1)


def in_data_order_after_the_headline(ids: list[str]) -> list[str]:
    return [HEADLINE_DIMENSION] + [i for i in ids if i != HEADLINE_DIMENSION]


@pytest.fixture
def small(tmp_path: Path) -> SmallData:
    return SmallData(tmp_path / "data")


def test_the_matrix_has_a_column_per_article_and_a_row_per_dimension(small):
    compare = page(small.site(), "compare/index.md")
    assert columns(compare) == ["weather"]
    dimensions = re.findall(r"^- id: ([a-z0-9-]+)$", (DATA / "vocabularies/dimensions.yaml").read_text(), re.M)
    assert rows(compare, "dimension") == [f"dimension-{d}" for d in in_data_order_after_the_headline(dimensions)]


def test_a_dimension_added_to_the_data_becomes_a_row(small):
    small.add_article("second", "Second Clinic")
    small.add_dimension("heat-advice", "Advice on heat")
    site = small.site()
    compare = page(site, "compare/index.md")
    assert rows(compare, "dimension")[-1] == "dimension-heat-advice"
    assert 'id="dimension-heat-advice--weather"' in compare
    assert 'id="dimension-heat-advice--second"' in compare
    assert "Advice on heat" in page(site, "articles/weather.md")


def test_an_article_added_to_the_data_becomes_a_column_everywhere(small):
    small.add_article("second", "Second Clinic")
    site = small.site()
    compare = page(site, "compare/index.md")
    assert columns(compare) == ["second", "weather"]
    assert 'id="treatment-rest--second"' in compare
    assert "Second Clinic" in page(site, "treatments/rest.md")
    assert "Second Clinic" in page(site, "agreement.md")
    assert "articles/second.md" in {p.path for p in site.pages}


def test_treatment_rows_are_the_treatments_some_article_mentions(small):
    site = small.site()
    assert rows(page(site, "compare/index.md"), "treatment") == ["treatment-rest"]
    # Every treatment keeps a page, mentioned or not: a published one must not vanish after a correction.
    treatments = load_checked(small.root).vocabularies["treatments"]
    assert sorted(p.path for p in site.pages if p.path.startswith("treatments/")) == sorted(
        ["treatments/index.md"] + [f"treatments/{term.id}.md" for term in treatments])
    unmentioned = page(site, "treatments/" + next(t.id for t in treatments if t.id != "rest") + ".md")
    assert "No article in the comparison takes a stance on this treatment at present." in unmentioned


def test_every_value_cell_opens_from_its_short_form_to_the_value_its_claim_and_quotation(small):
    compare = page(small.site(), "compare/index.md")
    root = cell(compare, "dimension-root-cause--weather")
    assert '<summary class="msp-answer__short">The weather</summary>' in root
    full = re.search(r'<div class="msp-answer__full">(.*?)</div>', root).group(1)
    assert full.startswith("A change in the weather")
    assert ('<a class="msp-ref" href="../articles/weather/#claim-weather-causes-spasms" '
            'title="“Spasms come from the weather&#46;”"><span class="msp-ref__number">claim 1:</span> '
            'weather causes spasms</a>') in full
    assert '<blockquote class="msp-answer__quote">“Spasms come from the weather&#46;”' in root


def test_unknown_and_none_are_said_explicitly(small):
    compare = page(small.site(), "compare/index.md")
    mechanism = cell(compare, "dimension-mechanism--weather")
    assert ">Unknown</summary>" in mechanism and '<div class="msp-answer__full"><em>Unknown:</em>' in mechanism
    promotes = cell(compare, "dimension-promotes--weather")
    assert ">None</summary>" in promotes and '<div class="msp-answer__full"><em>None:</em>' in promotes
    # An article that cites nothing says so in words, not as a bare "None".
    evidence = cell(compare, "dimension-evidence-cited--weather")
    assert ">Cites nothing</summary>" in evidence and '<em>Cites nothing:</em> The text cites nothing' in evidence


def test_a_cell_opens_to_the_words_it_shows_at_a_glance():
    """Every cell with no value (none, unknown, none in the captured part of an incomplete capture) opens to
    its reason led by the same words as its short form, in the real data: never "None in the captured part"
    closed and "Unknown" open."""
    site = build_site(DATA)
    compare = page(site, "compare/index.md")
    checked = 0
    for found in re.finditer(r'<summary class="msp-answer__short[^"]*">([^<]+)</summary>', compare):
        short = found.group(1)
        if short not in ("None", "Unknown", "Cites nothing", "None in the captured part"):
            continue
        full = re.search(r'<div class="msp-answer__full">(.*?)</div>', compare[found.end():], re.S).group(1)
        assert full.startswith(f"<em>{short}:</em> "), (short, full[:80])
        checked += 1
    assert checked


def test_a_treatment_an_article_does_not_mention_is_shown_as_not_mentioned(small):
    small.add_article("second", "Second Clinic")
    text = (small.root / "articles/second.yaml").read_text()
    start, end = text.index("treatments:\n"), text.index("themes:\n")
    (small.root / "articles/second.yaml").write_text(text[:start] + "treatments: []\n" + text[end:])
    site = small.site()
    silent = cell(page(site, "compare/index.md"), "treatment-rest--second")
    assert "Not mentioned" in silent and icon_html("material-minus") in silent and "<details" not in silent
    assert 'data-mentions="true"' in re.search(r'<td id="treatment-rest--weather"[^>]*>', page(site, "compare/index.md")).group(0)
    assert ('Not mentioned by 1 of 2 articles: <span id="second"></span><a href="../../articles/second/">Second Clinic</a>.'
            in page(site, "treatments/rest.md"))


def test_the_agreement_page_lists_holders_with_quotations_and_the_others(small):
    small.add_article("second", "Second Clinic")
    text = (small.root / "articles/second.yaml").read_text()
    (small.root / "articles/second.yaml").write_text(text[: text.index("themes:\n")] + "themes: []\n")
    site = small.site()
    agreement = page(site, "agreement.md")
    theme = load_checked(small.root).vocabularies["themes"][0]  # the one the fixture article holds
    section = agreement[agreement.index(f"{{ #{theme.id} }}"):]
    section = section[: section.index("\n## ")]
    assert "Held by 1 of 2 articles" in section
    assert "Spasms come from the weather" in section
    assert "Rejected by" not in section
    assert '**Does not say:** <a href="../articles/second/">Second Clinic</a>.' in section


def test_the_real_matrix_covers_every_article_dimension_and_mentioned_treatment():
    dataset = load_checked(DATA)
    compare = page(build_site(DATA), "compare/index.md")
    assert columns(compare) == [article.id for article in dataset.articles]
    assert len(rows(compare, "dimension")) == len(dataset.vocabularies.dimensions)
    assert len(rows(compare, "treatment")) == len(dataset.mentioned_treatments) >= 1


def test_each_question_carries_its_description_at_the_row_and_the_root_causes_come_first(small):
    compare = page(small.site(), "compare/index.md")
    dataset = load_checked(small.root)
    for dimension in dataset.vocabularies.dimensions:
        row = re.search(rf'<tr id="dimension-{dimension.id}"[^>]*>\n<th scope="row">(.*?)</th>',
                        compare).group(1)
        assert f'<span class="msp-row__about">{escape_data(dimension.description)}</span>' in row
    assert re.search(r'<tr id="dimension-[a-z0-9-]+"[^>]*>', compare).group(0) == (
        f'<tr id="dimension-{HEADLINE_DIMENSION}" data-row="dimension-{HEADLINE_DIMENSION}" '
        'class="msp-row msp-row--headline">')


def test_a_source_fact_opens_to_what_it_rests_on(small):
    compare = page(small.site(), "compare/index.md")
    dataset = load_checked(small.root)
    article = dataset.articles[0]
    discipline = dataset.vocabularies.term("disciplines", article.discipline.id)
    source = cell(compare, f"dimension-discipline--{article.id}")
    assert f'<summary class="msp-answer__short">{escape_data(discipline.label)}</summary>' in source
    assert f'<div class="msp-answer__note">{escape_data(article.discipline.basis)}</div>' in source


def test_the_page_says_how_many_articles_it_sets_side_by_side_before_the_reader_chooses(small):
    for number in range(COLUMNS_AT_ONCE + 2):
        small.add_article(f"more-{number}", f"More Clinic {number}")
    compare = page(small.site(), "compare/index.md")
    # Every article is in the page (a link to any cell works); the script shows the first ones.
    assert len(columns(compare)) == COLUMNS_AT_ONCE + 3
    assert f'data-columns-at-once="{COLUMNS_AT_ONCE}"' in compare
