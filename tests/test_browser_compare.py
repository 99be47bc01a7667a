"""The comparison in real Chromium: the matrix, its links and tooltips, filters, a phone."""

from __future__ import annotations

import pytest

from conftest import DATA, heading, only_local
from perspectives import load_checked

pytestmark = pytest.mark.browser
DATASET = load_checked(DATA)
GOLD = next(article for article in DATASET.articles if article.id == "gold-back-spasms-inside-story")
QUESTIONS = "table[data-matrix='questions']"


def test_the_matrix_shows_every_article_as_a_column_and_every_dimension_as_a_row(page):
    page.goto(f"{page.base}/compare/")
    columns = page.locator(f"{QUESTIONS} thead th[data-column]")
    assert columns.all_inner_texts() == [article.short_title for article in DATASET.articles]
    rows = page.locator(f"{QUESTIONS} tbody th[scope='row']")
    assert rows.all_inner_texts() == [dimension.label for dimension in DATASET.vocabularies.dimensions]
    cells = page.locator(f"{QUESTIONS} tbody td")
    assert cells.count() == len(DATASET.articles) * len(DATASET.vocabularies.dimensions)
    treatments = page.locator("table[data-matrix='treatments'] tbody th[scope='row']")
    assert treatments.all_inner_texts() == [treatment.label for treatment in DATASET.mentioned_treatments]
    assert only_local(page) == [] and page.console_errors == []


def test_unknown_cells_say_unknown(page):
    page.goto(f"{page.base}/compare/")
    for article in DATASET.articles:
        for dimension_id, cell in article.comparison.items():
            if cell.kind == "unknown":
                text = page.locator(f"#dimension-{dimension_id}--{article.id}").inner_text()
                assert text.startswith("Unknown:"), text


def test_a_cell_link_lands_on_the_claim_it_cites(page):
    page.goto(f"{page.base}/compare/")
    cell = GOLD.comparison["root-cause"]
    claim = GOLD.claim(cell.claims[0])
    page.locator(f"#dimension-root-cause--{GOLD.id} a[href*='#{claim.anchor}']").first.click()
    page.wait_for_url(f"**/articles/{GOLD.id}/#{claim.anchor}")
    page.locator("h1", has_text=GOLD.display_title).wait_for()
    target = page.locator(f"[id='{claim.anchor}']")
    assert claim.statement.rstrip(".") in target.inner_text()
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }", arg=claim.anchor)


def test_the_tooltip_shows_the_quotation_on_keyboard_focus(page):
    page.goto(f"{page.base}/compare/")
    claim = GOLD.claim(GOLD.comparison["root-cause"].claims[0])
    link = page.locator(f"#dimension-root-cause--{GOLD.id} a[href*='#{claim.anchor}']").first
    link.focus()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    quotation = " ".join(claim.quotations[0].text.split())
    assert quotation in " ".join(tooltip.inner_text().split())
    assert link.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    page.keyboard.press("Tab")
    page.wait_for_function("text => ![...document.querySelectorAll('.md-tooltip2--active')]"
                           ".some(tip => tip.textContent.includes(text))", arg=quotation[:30])


def test_a_url_can_point_at_one_row_and_one_cell(page):
    page.goto(f"{page.base}/compare/#dimension-promotes--{GOLD.id}")
    cell = page.locator(f"#dimension-promotes--{GOLD.id}")
    assert cell.evaluate("el => el.matches(':target')")
    assert cell.is_visible()
    page.goto("about:blank")
    page.goto(f"{page.base}/compare/#treatment-stretching")
    assert page.locator("#treatment-stretching").evaluate("el => el.matches(':target')")


def test_a_treatment_page_is_the_matrix_row_made_linkable(page):
    page.goto(f"{page.base}/compare/")
    page.locator("table[data-matrix='treatments'] th[scope='row'] a", has_text="Stretching").click()
    page.wait_for_url("**/treatments/stretching/")
    page.locator("h1", has_text="Stretching").wait_for()
    assert heading(page) == "Stretching"
    for article in DATASET.articles:
        assert page.locator(f"h2#{article.id}").count() == 1


def test_the_agreement_page_lists_every_theme(page):
    page.goto(f"{page.base}/agreement/")
    for theme in DATASET.vocabularies["themes"]:
        assert page.locator(f"h2#{theme.id}").inner_text().removesuffix("¶").strip() == theme.label
