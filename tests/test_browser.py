"""The site as a reader sees it, in real Chromium: pages, search, links, accessibility."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, add_axe, heading, only_local
from perspectives import load_checked
from perspectives.model import Unknown
from perspectives.quotes import text_fragment_url

pytestmark = pytest.mark.browser
DATASET = load_checked(DATA)
ARTICLES = {article.id: article for article in DATASET.articles}


@pytest.mark.parametrize("article_id", sorted(ARTICLES))
def test_article_page_shows_its_title_and_a_verified_quotation(page, article_id):
    article = ARTICLES[article_id]
    response = page.goto(f"{page.base}/articles/{article_id}/")
    assert response.status == 200
    # The page is our summary of the article; the original headline is shown, labelled, under the title.
    assert heading(page).startswith("Summary") and article.short_title in heading(page)
    headline = page.locator("h1 + .msp-headline").inner_text()
    assert headline.startswith("Original headline:")
    assert (article.title.reason if isinstance(article.title, Unknown) else article.title) in headline
    first = article.claims[0].quotations[0]
    quote = page.locator(f"#claim-{article.claims[0].id} ~ blockquote").first
    assert " ".join(first.text.split()) in " ".join(quote.inner_text().split())
    assert only_local(page) == [] and page.console_errors == []


@pytest.mark.parametrize("article_id", sorted(a for a, x in ARTICLES.items() if isinstance(x.source.url, str)))
def test_quotations_link_to_the_original_with_text_fragments(page, article_id):
    article = ARTICLES[article_id]
    page.goto(f"{page.base}/articles/{article_id}/")
    hrefs = page.locator("blockquote a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    expected = [text_fragment_url(article.source.url, q) for c in article.claims for q in c.quotations]
    assert hrefs == expected
    original = page.get_by_role("link", name=article.source.url)
    assert original.get_attribute("href") == article.source.url


@pytest.mark.parametrize("query, article_id", [
    ("righting reflex", "upper-cervical-neck-and-back-spasm"),
    ("PNF", "rehab-and-revive-muscle-spasms"),
    ("Landau", "gold-back-spasms-inside-story"),
    ("abdominals", "ep-manual-root-cause-back-spasms"),
    ("prolotherapy", "caring-medical-continuous-muscle-spasms"),
])
def test_search_puts_the_right_article_first(page, query, article_id):
    page.goto(f"{page.base}/")
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially(query, delay=30)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    href = first.locator("a").first.get_attribute("href")
    assert f"articles/{article_id}/" in href, href


def test_navigation_reaches_every_page_from_the_home_page(page):
    page.goto(f"{page.base}/")
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.wait_for_url("**/articles/")
    page.locator("h1", has_text="Articles").wait_for()
    first = DATASET.articles[0]
    page.locator(f"article h2 a[href$='{first.id}/']").first.click()
    page.wait_for_url(f"**/articles/{first.id}/")
    page.locator("h1", has_text=first.short_title).wait_for()
    assert only_local(page) == []


def test_instant_navigation_swaps_pages_without_a_full_reload(page):
    page.goto(f"{page.base}/")
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-tabs__link[href$='method/']").click()
    page.wait_for_url("**/method/")
    page.locator("h1", has_text="Method").wait_for()
    assert page.evaluate("window.__sameDocument === true")


def test_dark_mode_toggle_switches_the_scheme(page):
    page.goto(f"{page.base}/")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/method/", "/about/", "/articles/",
                                  "/articles/caring-medical-continuous-muscle-spasms/", "/compare/",
                                  "/treatments/", "/treatments/stretching/", "/agreement/"])
def test_pages_have_no_axe_violations(browser, site_url, path, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + path)
    add_axe(page)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], json.dumps(violations, indent=1)
