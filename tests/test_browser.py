"""The site as a reader sees it, in real Chromium: pages, search, links, accessibility."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, add_axe, heading, instant_navigation_ready, only_local
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
def test_quotations_link_to_where_they_can_be_read_with_text_fragments(page, article_id):
    """To the original, or to the page the text was captured from where that is another (a repost)."""
    article = ARTICLES[article_id]
    page.goto(f"{page.base}/articles/{article_id}/")
    hrefs = page.locator("blockquote a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    where = article.source.captured_from or article.source.url
    expected = [text_fragment_url(where, q, article.capture) for c in article.claims for q in c.quotations]
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
    instant_navigation_ready(page)
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


# Every value <body> takes for the scheme, and the paints, from the first byte on.
SCHEMES_AND_PAINTS = """
window.__seen = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__seen.push(e.name) })
  .observe({type: "paint", buffered: true});
new MutationObserver(() => {
  const body = document.body;
  if (!body) return;
  const now = (body.dataset.mdColorScheme || "") + (body.hasAttribute("data-md-color-switching") ? "+switching" : "");
  if (window.__seen[window.__seen.length - 1] !== now) window.__seen.push(now);
}).observe(document, {childList: true, subtree: true, attributes: true});
"""


@pytest.mark.parametrize("system, scheme, offered", [("light", "default", "Switch to dark mode"),
                                                      ("dark", "slate", "Switch to light mode")])
def test_a_reader_who_never_chose_gets_the_systems_scheme_from_the_first_paint(browser, site_url, system, scheme,
                                                                               offered):
    """No flash of the other scheme, no restyling of the whole page when Material's bundle starts."""
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    page.add_init_script(SCHEMES_AND_PAINTS)
    page.goto(site_url + "/compare/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    seen = [entry for entry in page.evaluate("window.__seen") if entry != "first-contentful-paint"]
    painted = seen.index("first-paint")
    # <body> arrives with the first palette's scheme and may change before the first paint, never after.
    assert seen[painted - 1] == scheme and set(seen[painted + 1:]) <= {scheme}, seen
    assert page.locator("label.md-header__button[for^='__palette']:visible").get_attribute("title") == offered
    assert page.locator("meta[name='color-scheme']").get_attribute("content") == system
    assert page.evaluate("Object.keys(localStorage).some(k => k.endsWith('__palette'))") is False
    context.close()


def test_the_toggle_works_from_the_keyboard_and_tells_the_browser(page):
    page.goto(f"{page.base}/")
    toggle = page.locator("input.md-option:checked")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert page.evaluate("document.activeElement.matches('input.md-option:checked')")
    assert page.locator("meta[name='color-scheme']").get_attribute("content") == "dark"
    header = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
    red, green, blue = (int(n) for n in header[header.index("(") + 1:].rstrip(")").split(",")[:3])
    assert page.locator("meta[name='theme-color']").get_attribute("content") == f"#{red:02x}{green:02x}{blue:02x}"
    stored = page.evaluate("JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith('__palette'))))")
    assert stored["index"] == 1 and stored["color"]["scheme"] == "slate"
    page.keyboard.press("Enter")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    assert page.locator("meta[name='color-scheme']").get_attribute("content") == "light"


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


def test_a_tab_that_shows_no_page_of_ours_gets_the_sites_icon_from_the_root(page, built_site):
    """A JSON download or the feed opened in a tab has no <link rel=icon>: a browser then asks the root for
    /favicon.ico, which is the icon every page names, in the ICO container, and decodes as that."""
    import struct
    from urllib.parse import urljoin, urlsplit

    page.goto(f"{page.base}/")
    named = urlsplit(urljoin(page.url, page.locator("link[rel='icon']").get_attribute("href"))).path
    icon = (built_site / named.lstrip("/")).read_bytes()
    ico = (built_site / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    width, height, _, _, _, _, size, offset = struct.unpack("<BBBBHHII", ico[6:22])
    assert (reserved, kind, count) == (0, 1, 1) and ico[offset:offset + size] == icon == ico[22:]
    assert (width, height) == struct.unpack(">II", icon[16:24])  # the PNG's own size (under 256)
    response = page.goto(f"{page.base}/favicon.ico")
    assert response.status == 200
    assert page.evaluate("() => [document.images[0].naturalWidth, document.images[0].naturalHeight]") == [width, height]
