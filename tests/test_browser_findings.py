"""What the comparison shows, and where the articles agree and differ, as a reader gets them in Chromium:
the findings on the first screens of the home page and atop /compare/, each link landing on what it
counts; /agreement/ on a phone with no sideways scroll, every article's position on every theme in view
of its card, the first contradiction within two screens; axe clean in light and dark.

Counts come from the data (load_checked), never from this file."""

from __future__ import annotations

import pytest

from conftest import DATA, axe_violations
from perspectives import load_checked
from perspectives.agreement import Agreement
from perspectives.findings import findings

pytestmark = pytest.mark.browser

DATASET = load_checked(DATA)
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_findings_are_on_the_home_pages_first_screen(open_page, viewport):
    """The comparison itself, not only prose about it, on the first screen of a phone too."""
    page = open_page("/", viewport)
    block = page.locator(".msp-findings")
    assert block.bounding_box()["y"] < viewport["height"]
    assert block.locator(".msp-finding").count() == len(findings(DATASET))
    # The first finding's first line is on that screen, not just the box around it.
    first = block.locator(".msp-finding").first.bounding_box()
    assert first["y"] + 20 < viewport["height"], first


def test_the_findings_head_the_comparison(open_page):
    page = open_page("/compare/", LAPTOP)
    findings_top = page.locator(".msp-findings").bounding_box()["y"]
    table_top = page.locator("#questions").bounding_box()["y"]
    assert findings_top < table_top


def test_every_link_in_a_finding_lands_on_an_element_that_is_there(open_page, site_url):
    page = open_page("/", LAPTOP)
    hrefs = page.eval_on_selector_all(".msp-findings a", "links => links.map(link => link.href)")
    assert hrefs
    for href in dict.fromkeys(hrefs):
        if "#" not in href or "/method/" in href:
            continue
        page.goto(href)
        anchor = href.split("#", 1)[1]
        assert page.evaluate("id => document.getElementById(id) !== null", anchor), href


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_agreement_page_works_on_a_phone(open_page, scheme):
    page = open_page("/agreement/", PHONE, scheme)
    # Nothing scrolls sideways: not the page, nor any card or table inside it.
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    overflowing = page.evaluate("""() => {
        const content = document.querySelector('.md-content').getBoundingClientRect();
        return [...document.querySelectorAll('.md-content *')].filter(element => {
            const box = element.getBoundingClientRect();
            return box.width > 0 && (box.right > content.right + 1 || element.scrollWidth > element.clientWidth + 1
                                     && getComputedStyle(element).overflowX !== 'visible');
        }).map(element => element.className || element.tagName).slice(0, 5);
    }""")
    assert overflowing == [], overflowing
    # Each theme's card names every article, by the position it takes (or as not saying).
    agreement = Agreement(DATASET)
    for sides in agreement.themes:
        card = page.locator(f"#card--{sides.theme.id}").locator("xpath=..")
        text = card.inner_text()
        for article in DATASET.articles:
            assert article.short_title in text, (sides.theme.id, article.id)
    # The first contradiction is on the first or second screen.
    first = page.locator(".msp-side-card").first.bounding_box()
    if agreement.divided_themes:
        assert first["y"] < 2 * PHONE["height"], first
    assert axe_violations(page) == []


def test_implied_and_partial_positions_say_so_in_words(open_page):
    page = open_page("/agreement/", LAPTOP)
    held = [(article, holding) for article in DATASET.articles for holding in article.themes]
    for article, holding in held:
        section = page.locator(f"#{holding.theme}--{article.id}").locator("xpath=following-sibling::p[1]")
        words = section.inner_text()
        assert holding.label in words, (article.id, holding.theme, words)
        if holding.limited:
            assert "In part:" in words


def _question() -> tuple[str, str, set[str]]:
    """A question a reader asks of the table, "which articles say <stance> of <treatment>?": the treatment and
    stance most articles take where one of them says it beside another stance (the case a single stance per
    article got wrong), with the articles that say it."""
    pairs: dict[tuple[str, str], tuple[set[str], bool]] = {}
    for article in DATASET.articles:
        for entry in article.treatments:
            for said in entry.says:
                names, mixed = pairs.get((entry.treatment, said.stance), (set(), False))
                pairs[entry.treatment, said.stance] = (names | {article.short_title}, mixed or len(entry.says) > 1)
    (treatment, stance), (names, _) = max(pairs.items(), key=lambda item: (item[1][1], len(item[1][0]), item[0]))
    return treatment, stance, names


def test_which_articles_say_a_stance_of_a_treatment(open_page):
    """Answered alike by the treatments table and the treatment's page, counting every stance each takes
    (with today's data: which articles say stretching gives only temporary relief)."""
    treatment, stance, saying = _question()
    label = DATASET.vocabularies.term("stances", stance).label
    page = open_page("/compare/", LAPTOP)
    cells = page.locator(f"#treatment-{treatment} td")
    shown = {cells.nth(index).locator(".msp-cell__article").inner_text().strip()
             for index in range(cells.count()) if label in cells.nth(index).locator(".msp-answer").first.inner_text()}
    assert shown == saying
    page = open_page(f"/treatments/{treatment}/", LAPTOP)
    rows = page.locator("table tbody tr")
    listed = {rows.nth(index).locator("td").first.inner_text().strip() for index in range(rows.count())
              if label in rows.nth(index).inner_text()}
    assert listed == saying
