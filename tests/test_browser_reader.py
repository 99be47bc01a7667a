"""What a reader gets in Chromium, at 360 × 740 with touch and at 1280 × 800, light and dark: a link lands
somewhere visibly marked and every claim's link can be copied; claim links say what they point to and stay
in their box; /compare/'s arguments follow the chosen articles and rows; no floating control covers text;
one name per article; navigation labels are the pages' titles; the contributor guide is no tab; the site's
name is whole in a phone's header; quotation links say where they lead.

Articles, claims and labels come from the data (load_checked), never from this file."""

from __future__ import annotations

import re

import pytest

from conftest import DATA, axe_violations
from perspectives import load_checked

pytestmark = pytest.mark.browser

DATASET = load_checked(DATA)
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(LAPTOP, id="laptop")]
SCHEMES = ["light", "dark"]
# One of each kind of page a reader reaches.
PAGES = ["/", "/compare/", "/agreement/", "/treatments/", "/articles/"] + \
    [f"/articles/{DATASET.articles[0].id}/", f"/treatments/{DATASET.mentioned_treatments[0].id}/"]


def _chain():
    from perspectives.render import CHAIN

    return [d for d in DATASET.vocabularies.dimensions if d.id in CHAIN]


def _article_with_claims(count: int = 3):
    return next(article for article in DATASET.articles if len(article.claims) >= count)


# -- Where a link lands -----------------------------------------------------------------------------------

MARK = """el => { const s = getComputedStyle(el); return [s.backgroundColor, s.boxShadow, s.outlineStyle]; }"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_linked_claim_is_marked_apart_from_its_neighbours(open_page, viewport, scheme):
    article = _article_with_claims()
    claim = article.claims[1]
    page = open_page(f"/articles/{article.id}/#{claim.anchor}", viewport, scheme)
    target = page.locator(f"#{claim.anchor}")
    neighbour = page.locator(f"#{article.claims[2].anchor}")
    marked, plain = target.evaluate(MARK), neighbour.evaluate(MARK)
    assert marked != plain
    # Not by colour alone: a bar down its side, which a neighbour has not.
    assert marked[1] != "none" and plain[1] == "none", (marked, plain)
    # The mark takes in the claim's quotations, and the target is in view below the header.
    assert page.locator(f"#{claim.anchor} ~ blockquote").first.evaluate(MARK)[1] != "none"
    box, header = target.bounding_box(), page.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] <= box["y"] < viewport["height"]


def test_a_claim_reached_from_another_page_is_marked(open_page):
    """Through Material's instant navigation, which loads the page by script."""
    article = _article_with_claims()
    page = open_page("/compare/")
    link = page.locator(f"table[data-matrix='questions'] a.msp-ref[href*='/articles/{article.id}/#claim-']").first
    anchor = link.evaluate("a => a.hash.slice(1)")
    link.evaluate("a => a.closest('details').open = true")
    link.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    # Instant navigation swaps the content in after the address changes: wait for the claim, then its mark.
    page.wait_for_function("id => { const el = document.getElementById(id); "
                           "return el && getComputedStyle(el).boxShadow !== 'none'; }", arg=anchor, timeout=10000)


def test_back_to_a_claim_reached_by_its_link_returns_to_where_the_reader_was(open_page):
    """A reader who followed a claim link, read on down the page, opened another page and came back was taken
    to the claim again, not to where they had read to: marking the claim scrolled to it, over Material's
    return. The claim stays marked; Forward and Back again keep both pages where they were."""
    article = _article_with_claims()
    claim = article.claims[1]
    page = open_page("/compare/")
    page.evaluate("href => { const a = document.createElement('a'); a.href = href; "
                  "document.querySelector('article').append(a); a.click(); }",
                  f"/articles/{article.id}/#{claim.anchor}")
    page.wait_for_url(re.compile(f"#{claim.anchor}$"))
    page.wait_for_function("id => { const el = document.getElementById(id); "
                           "return el && getComputedStyle(el).boxShadow !== 'none'; }", arg=claim.anchor)
    page.wait_for_timeout(1_200)  # the landing settles (landing.js settle)
    landed = page.evaluate("scrollY")
    page.mouse.move(640, 400)
    page.mouse.wheel(0, 600)
    page.wait_for_function(f"() => scrollY > {landed} + 300")
    page.wait_for_timeout(300)  # Material keeps the offset as the entry's state 100 ms after the page last moved
    offset = page.evaluate("scrollY")
    # Another page, by a link clicked where it stands (a click scrolls nothing).
    other = page.evaluate("""() => { const a = [...document.querySelectorAll('article a[href]')].find(a =>
        a.host === location.host && a.pathname !== location.pathname); a.click(); return a.pathname; }""")
    page.wait_for_function("path => location.pathname === path", arg=other)
    page.wait_for_timeout(300)

    def returned() -> None:
        page.wait_for_function(f"() => location.hash === '#{claim.anchor}'")
        page.wait_for_function("id => { const el = document.getElementById(id); "
                               "return el && getComputedStyle(el).boxShadow !== 'none'; }", arg=claim.anchor)
        page.wait_for_timeout(1_200)  # as long as a landing settles: it must not take the page to the claim
        assert abs(page.evaluate("scrollY") - offset) < 40, (page.evaluate("scrollY"), offset, landed)
        page.wait_for_timeout(300)

    page.go_back()
    returned()
    page.go_forward()
    page.wait_for_function("path => location.pathname === path", arg=other)
    page.wait_for_timeout(300)
    page.go_back()
    returned()
    assert page.console_errors == []


# A treatment some article does not mention: its page has a "Not mentioned" section.
PARTLY_MENTIONED = next(treatment for treatment in DATASET.mentioned_treatments
                        if any(article.stance_on(treatment.id) is None for article in DATASET.articles))


@pytest.mark.parametrize("path, anchor", [
    ("/compare/", f"dimension-root-cause--{DATASET.articles[-1].id}"),
    ("/compare/", f"treatment-{PARTLY_MENTIONED.id}"),
    ("/agreement/", "differ"),
    (f"/treatments/{PARTLY_MENTIONED.id}/", "not-mentioned"),
    (f"/treatments/{PARTLY_MENTIONED.id}/", next(article.id for article in DATASET.articles
                                                  if article.stance_on(PARTLY_MENTIONED.id))),
    # Where the search page's results link what an article says of a treatment.
    (f"/articles/{DATASET.articles[0].id}/", f"treatment-{DATASET.articles[0].treatments[-1].treatment}"),
])
def test_a_linked_cell_row_or_section_is_marked(open_page, path, anchor):
    page = open_page(f"{path}#{anchor}")
    style = page.locator(f"#{anchor}").evaluate(MARK)
    assert style[1] != "none" or style[2] != "none", style


# Every place a link of the reader's pages lands in a page: its path, and the ids linked there.
LINKED = """() => [...document.querySelectorAll('.md-content a[href*="#"], .md-sidebar--secondary a[href*="#"]')]
    .map((a) => new URL(a.href)).filter((url) => url.origin === location.origin && url.hash.length > 1 &&
                                          !url.hash.startsWith('#:~:'))
    .map((url) => [url.pathname, decodeURIComponent(url.hash.slice(1))])"""
# What an element a link lands on is, to try each kind once: its tag and classes, and whether it is an empty
# element kept for an old link (the mark is then on what holds it).
KIND = """el => [el.tagName, [...el.classList].sort().join(' '), el.childNodes.length === 0 && el.tagName === 'SPAN']"""
# MARK of the place a link lands: the element, or what holds it if it is an empty element kept for an old link.
_MARKED_PLACE = f"el => ({MARK})(el.childNodes.length || el.tagName !== 'SPAN' ? el : el.parentElement)"


def test_every_kind_of_place_a_link_lands_is_marked(open_page):
    """Each kind of element a link on a reader's page lands on (a claim, a cell, a row, a term, a section, a
    box, a title), on each kind of page it is found in: marked on arrival by a bar or a frame it has not
    otherwise (MARK; a shape, not a colour alone)."""
    linked = set()
    for path in PAGES:
        linked.update(tuple(each) for each in open_page(path).evaluate(LINKED))
    by_page: dict[str, list[str]] = {}
    for path, anchor in sorted(linked):
        by_page.setdefault(path, []).append(anchor)
    kinds: dict[tuple, tuple[str, str, list]] = {}
    for path, anchors in by_page.items():
        page = open_page(path)
        for anchor in anchors:
            found = page.locator(f"[id='{anchor}']")
            assert found.count() == 1, (path, anchor)
            kind = (path.split("/")[1], *found.evaluate(KIND))
            if kind not in kinds:
                kinds[kind] = (path, anchor, found.evaluate(_MARKED_PLACE))
    assert len(kinds) >= 5, kinds
    unmarked = []
    for kind, (path, anchor, before) in kinds.items():
        page = open_page(f"{path}#{anchor}")
        after = page.locator(f"[id='{anchor}']").evaluate(_MARKED_PLACE)
        if after[1:] == before[1:]:
            unmarked.append((path, anchor, kind, after))
    assert unmarked == [], "\n".join(map(str, unmarked))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_claim_has_a_visible_link_and_a_button_that_copies_it(open_page, site_url, viewport):
    article = _article_with_claims()
    page = open_page(f"/articles/{article.id}/", viewport, clipboard=True)
    for number, claim in enumerate(article.claims, start=1):
        tools = page.locator(f"#{claim.anchor} + .msp-claim-tools")
        assert tools.locator("a").evaluate("a => a.hash") == f"#{claim.anchor}"
        assert tools.locator("a").evaluate("a => a.pathname") == f"/articles/{article.id}/"
        assert tools.locator("a").inner_text() == f"Link to claim {number}"
        assert tools.locator("button").is_visible()
    claim = article.claims[-1]
    button = page.locator(f"#{claim.anchor} + .msp-claim-tools button")
    button.scroll_into_view_if_needed()
    button.tap() if viewport is PHONE else button.click()
    page.locator(".md-dialog--active").wait_for()
    assert "Copied" in page.locator(".md-dialog").inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/articles/{article.id}/#{claim.anchor}")
    assert copied.startswith("http")


# The headings whose ¶ stands below the last line of their words: on a line of its own, which reads as an
# empty line under the heading (the ¶ shows only on hover and focus).
LONE_PERMALINKS = """() => [...document.querySelectorAll('article :is(h1, h2, h3, h4)')].filter(heading => {
  const permalink = heading.querySelector(':scope > .headerlink');
  if (!permalink || !permalink.getClientRects().length) return false;
  const words = document.createRange();
  words.setStartBefore(heading.firstChild);
  words.setEndBefore(permalink);
  const bottom = Math.max(...[...words.getClientRects()].map(rect => rect.bottom));
  return permalink.getBoundingClientRect().top >= bottom - 1;
}).map(heading => heading.textContent)"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_headings_permalink_stands_on_a_line_of_its_own(open_page, viewport):
    """Material sets the ¶ as a box of its own, which went alone onto the next line where a heading's words
    just fit: an empty-looking line under "What the comparison shows" on a phone's home page."""
    for path in PAGES:
        page = open_page(path, viewport)
        assert page.evaluate(LONE_PERMALINKS) == [], path
    # In print, none at all (Material's own rule): not even the one of a heading linked to.
    article = _article_with_claims()
    page = open_page(f"/articles/{article.id}/#{article.claims[0].anchor}", viewport)
    page.emulate_media(media="print")
    assert page.evaluate("() => [...document.querySelectorAll('.headerlink')].filter(a => "
                         "getComputedStyle(a).display !== 'none').length") == 0


def test_a_heading_permalink_takes_one_tap(open_page):
    """The ¶ beside a heading is a link, not a preview: on touch its first tap follows it."""
    article = _article_with_claims()
    page = open_page(f"/articles/{article.id}/", PHONE)
    permalink = page.locator(f"#{article.claims[0].anchor} .headerlink")
    permalink.scroll_into_view_if_needed()
    permalink.tap()
    page.wait_for_url(re.compile(f"#{article.claims[0].anchor}$"))
    assert page.locator("#msp-preview:not([hidden])").count() == 0


# -- Claim links ---------------------------------------------------------------------------------------------

INSIDE = """links => links.filter(a => a.getClientRects().length).map(a => {
  const box = a.closest('li.msp-argument__step, td, dd, li, p').getBoundingClientRect();
  const spill = Math.max(0, ...Array.from(a.getClientRects()).map(r => Math.max(r.right - box.right, box.left - r.left)));
  return [a.textContent.trim(), Math.round(spill)];
}).filter(([, spill]) => spill > 1)"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["/compare/", f"/articles/{_article_with_claims().id}/"])
def test_claim_links_say_what_they_point_to_and_stay_in_their_box(open_page, viewport, path):
    page = open_page(f"{path}?view=full" if path == "/compare/" else path, viewport)
    links = page.locator("a.msp-ref")
    assert links.count() > 0
    assert page.locator("a.msp-ref").evaluate_all(INSIDE) == []
    by_id = {article.id: article for article in DATASET.articles}
    for text, href in links.evaluate_all("links => links.map(a => [a.textContent, a.getAttribute('href')])"):
        article_id = re.search(r"articles/([a-z0-9-]+)/#claim-", href).group(1) if "articles/" in href \
            else path.strip("/").split("/")[1]
        claim_id = href.split("#claim-")[1]
        article = by_id[article_id]
        claim = article.claim(claim_id) if claim_id in {c.id for c in article.claims} else \
            next(c for c in article.claims if claim_id in c.former_ids)
        assert " ".join(text.split()) == f"claim {article.claim_number(claim.id)}: {claim.label}"


def test_claim_links_are_listed_in_number_order(open_page):
    page = open_page("/compare/?view=full")
    for group in page.locator(".msp-refs").evaluate_all(
            "spans => spans.map(s => Array.from(s.querySelectorAll('.msp-ref__number')).map(n => parseInt(n.textContent.match(/\\d+/)[0])))"):
        assert group == sorted(group)


# -- /compare/ follows the reader's choice everywhere ---------------------------------------------------------

def test_the_arguments_follow_the_chosen_articles_and_their_order(open_page):
    chosen = [DATASET.articles[-1].id, DATASET.articles[0].id]
    page = open_page(f"/compare/?articles={','.join(chosen)}")
    sections = page.locator(".msp-arguments__article")
    shown = sections.evaluate_all("els => els.filter(el => !el.hidden && el.getClientRects().length)"
                                  ".map(el => el.dataset.column)")
    assert sorted(shown) == sorted(chosen)
    columns = page.locator("table[data-matrix='questions'] thead th[data-column]").evaluate_all(
        "els => els.filter(el => !el.hidden).map(el => el.dataset.column)")
    assert shown == columns  # in the tables' order
    # Choosing again in the panel moves the arguments too (a choice in the address opens the panel).
    controls = page.locator("[data-matrix-controls]")
    if not controls.evaluate("panel => panel.open"):
        controls.locator("> summary").click()
    controls.get_by_role("group", name="Articles").get_by_label(DATASET.articles[1].short_title).check()
    shown = sections.evaluate_all("els => els.filter(el => !el.hidden).map(el => el.dataset.column)")
    assert DATASET.articles[1].id in shown and len(shown) == 3


def test_the_arguments_follow_the_chosen_rows(open_page):
    page = open_page("/compare/?rows=dimension-root-cause")
    steps = page.locator(".msp-arguments__article:not([hidden]) .msp-argument__step")
    visible = steps.evaluate_all("els => els.filter(el => el.getClientRects().length).map(el => el.dataset.row)")
    assert visible and set(visible) == {"dimension-root-cause"}
    # A row that is no step of an argument: the arguments give way to a line that says so.
    steps = {f"dimension-{dimension.id}" for dimension in _chain()}
    other = next(f"dimension-{d.id}" for d in DATASET.vocabularies.dimensions if f"dimension-{d.id}" not in steps)
    page = open_page(f"/compare/?rows={other}")
    assert page.locator(".msp-arguments").is_hidden()
    assert page.locator(".msp-matrix-none").is_visible()


def test_the_intro_says_what_the_view_shows(open_page):
    page = open_page("/compare/?view=full")
    intro = page.locator(".msp-matrix-intro")
    assert intro.inner_text().startswith("Every answer in full")
    page = open_page("/compare/")
    assert page.locator(".msp-matrix-intro").inner_text().startswith("Every answer in a few words")


# -- Nothing floats over the text -----------------------------------------------------------------------------

FLOATING = """() => Array.from(document.querySelectorAll('body *')).filter(el => {
  const s = getComputedStyle(el);
  if (s.position !== 'fixed' && s.position !== 'sticky') return false;
  if (!el.getClientRects().length || s.visibility === 'hidden' || s.opacity === '0') return false;
  // The page's own header and tabs are the site's frame; a table's sticky header row and first column are the
  // table's own, and scroll with it; a preview opens only at the reader's request, beside what it explains.
  return !el.closest('.md-header, .md-tabs, .md-sidebar, table, .msp-preview, .md-dialog, .md-search');
}).map(el => el.className || el.tagName)"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_no_floating_control_covers_the_text(open_page, viewport, path):
    page = open_page(path, viewport)
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in (height // 3, 2 * height // 3, height // 2):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(100)
        page.evaluate(f"window.scrollTo(0, {y - 300})")  # scrolling up is when Material shows its "Back to top"
        page.wait_for_timeout(300)
        assert page.evaluate(FLOATING) == [], (path, y)


# -- One name per article -------------------------------------------------------------------------------------

def _claim_link(text: str) -> bool:
    return re.fullmatch(r"claim \d+: .+", text, re.I | re.S) is not None


@pytest.mark.parametrize("path", PAGES + ["/changes/", "/about/", "/method/"])
def test_every_link_to_an_article_names_it_as_its_column_does(open_page, path):
    page = open_page(path)
    names = {article.id: article.short_title for article in DATASET.articles}
    links = page.locator(".md-content a[href*='articles/']").evaluate_all(
        "links => links.map(a => [new URL(a.href).pathname, a.textContent.replace(/\\s+/g, ' ').trim()])")
    for pathname, text in links:
        found = re.fullmatch(r"/articles/([a-z0-9-]+)/", pathname)
        if not found or found.group(1) not in names or _claim_link(text):
            continue
        name = names[found.group(1)]
        # The name itself, or a phrase around it ("Summary of the … article", "Next article …"), or a link
        # that names no article ("the article", "Compare with the other articles").
        assert name in text or not any(other in text for other in names.values()) and "Untitled" not in text \
            and not any(isinstance(a.title, str) and a.title in text for a in DATASET.articles), (path, text)


def test_the_list_of_articles_is_named_and_ordered_as_the_columns(open_page):
    page = open_page("/articles/")
    listed = page.locator(".md-content h2 > a:not(.headerlink)").evaluate_all(
        "links => links.map(a => a.textContent.trim())")
    columns = open_page("/compare/").locator("table[data-matrix='questions'] thead th[data-column]").evaluate_all(
        "ths => ths.map(th => th.textContent.trim())")
    assert listed == columns == [article.short_title for article in DATASET.articles]


def test_an_article_page_and_its_sharing_card_name_it_as_everywhere(open_page):
    for article in DATASET.articles:
        page = open_page(f"/articles/{article.id}/")
        assert article.short_title in page.locator("h1").inner_text()
        assert article.short_title in page.title()
        assert article.short_title in page.locator("meta[property='og:title']").get_attribute("content")


# -- Navigation and editor material ---------------------------------------------------------------------------

def test_navigation_labels_are_the_pages_titles_and_contribute_is_no_tab(open_page, site_url):
    page = open_page("/")
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert "Contribute" not in tabs and not any("contribute" in tab.lower() for tab in tabs)
    entries = page.locator(".md-nav--primary a.md-nav__link[href]").evaluate_all(
        "links => links.map(a => [a.textContent.replace(/\\s+/g, ' ').trim(), a.href])")
    checked = 0
    for label, href in entries:
        if href.rstrip("/") == site_url.rstrip("/") or "#" in href:
            continue  # the home page is "Home" by convention
        target = open_page(href.removeprefix(site_url))
        assert label == target.locator("h1").inner_text().removesuffix("¶").strip(), href
        checked += 1
    assert checked >= 3


def _tab_holding(document: str) -> int:
    """The position of the top-level entry of mkdocs.yml's navigation that holds docs/`document`."""
    from mkdocs.config import load_config

    from conftest import ROOT

    def holds(entry) -> bool:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        return value == document if isinstance(value, str) else any(holds(each) for each in value)

    return next(number for number, entry in enumerate(load_config(str(ROOT / "mkdocs.yml")).nav) if holds(entry))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_tab_of_the_readers_place_is_marked_on_every_kind_of_page(open_page, scheme):
    """On a laptop: the tab of the page's section, and for a page outside the navigation (an article's
    summary, a treatment's page) the tab of the page listing it, is marked apart from the others, not by
    colour alone (Material marks it by opacity, which the tabs' contrast rule sets the same for all)."""
    places = {"/": "index.md", "/compare/": "compare/index.md", "/agreement/": "agreement.md",
              "/articles/": "articles/index.md", "/method/": "method.md",
              f"/articles/{DATASET.articles[0].id}/": "articles/index.md",
              f"/treatments/{DATASET.mentioned_treatments[0].id}/": "treatments/index.md"}
    for path, listing in places.items():
        page = open_page(path, LAPTOP, scheme)
        tabs = page.locator(".md-tabs__item").evaluate_all("""items => items.map(item => {
            const style = getComputedStyle(item.querySelector('.md-tabs__link'));
            return [item.classList.contains('md-tabs__item--active'), style.fontWeight, style.textDecorationLine];
        })""")
        active = [number for number, (marked, _, _) in enumerate(tabs) if marked]
        assert active == [_tab_holding(listing)], (path, tabs)
        looks = {tuple(tab[1:]) for number, tab in enumerate(tabs) if number != active[0]}
        assert looks == {("400", "none")} and tuple(tabs[active[0]][1:]) == ("700", "underline"), (path, tabs)


def test_the_contributor_guide_is_reached_from_the_footer_and_about(open_page):
    for path in ("/", f"/articles/{DATASET.articles[0].id}/"):
        page = open_page(path)
        link = page.locator(".md-footer a[href$='contribute/']")
        assert link.inner_text() == "Add or correct an article"
    about = open_page("/about/")
    assert about.locator(".md-content a[href$='contribute/']").count() >= 1
    assert "no address for reports" in about.locator(".md-content").inner_text()


def test_reader_pages_name_no_data_file(open_page):
    for path in PAGES:
        text = open_page(path).locator(".md-content").inner_text()
        assert "generated from" not in text and "data/articles/" not in text, path


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_site_name_is_whole_in_a_phones_header(open_page, scheme):
    page = open_page("/", PHONE, scheme)
    name = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert " ".join(name.inner_text().split()) == _site_name()
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight")
    header = page.locator(".md-header").bounding_box()
    box = name.bounding_box()
    assert header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_site_name_is_whole_at_the_head_of_a_phones_drawer(open_page, scheme):
    """Material keeps it on one line, which cut it short at 360 px ("Muscle Spasm Perspecti…")."""
    page = open_page("/", PHONE, scheme)
    page.locator(".msp-menu-button").click()
    title = page.locator(".md-nav--primary > .md-nav__title[for='__drawer']")
    title.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().x >= 0")
    page.wait_for_timeout(300)  # the drawer's slide ends
    assert _site_name() in " ".join(title.inner_text().split())
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight")
    drawer = page.locator(".md-sidebar--primary").bounding_box()
    box = title.bounding_box()
    assert drawer["x"] <= box["x"] and box["x"] + box["width"] <= drawer["x"] + drawer["width"]


def _site_name() -> str:
    from mkdocs.config import load_config

    from conftest import ROOT

    return load_config(str(ROOT / "mkdocs.yml")).site_name


# -- Quotation links say where they lead -------------------------------------------------------------------

def test_each_quotation_link_is_short_and_says_where_it_leads(open_page):
    for article in DATASET.articles:
        page = open_page(f"/articles/{article.id}/#key-claims")
        links = page.locator("#key-claims ~ blockquote a.msp-quote-source")
        target = article.source.quoted_at
        if target is None:
            assert links.count() == 0
            assert page.locator(".msp-quote-source--none").first.inner_text() == "Original’s address unknown"
            continue
        address, label, preview = target
        assert links.count() == sum(len(claim.quotations) for claim in article.claims)
        first = links.first
        assert first.inner_text().strip() == label and len(label) <= 25
        assert first.get_attribute("href").startswith(address + "#:~:text=")
        first.hover()
        assert page.locator("#msp-preview").inner_text() == preview
    # Where the text was captured from another page, the link leads there and says so.
    reposted = [article for article in DATASET.articles if article.source.captured_from]
    for article in reposted:
        assert article.source.quoted_at[0] == article.source.captured_from
        assert article.source.quoted_at[1] == "Captured from"


@pytest.mark.parametrize("scheme, width", [("light", 360), ("dark", 360), ("light", 1024)])
def test_on_a_phone_the_closed_navigation_drawer_takes_no_keyboard_focus(open_page, scheme, width):
    """Tab from the top of a page on a phone (and a tablet, where the navigation is a drawer too): no stop is
    in the closed drawer, off the screen to its left, nor hidden; opened, the drawer's links take focus;
    closed again, they leave the Tab order."""
    page = open_page("/compare/", {"width": width, "height": 740}, scheme)

    def stops(count: int) -> list[dict]:
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
        found = []
        for _ in range(count):
            page.keyboard.press("Tab")
            found.append(page.evaluate("""() => {
                const element = document.activeElement, box = element.getBoundingClientRect();
                return {drawer: !!element.closest('.md-sidebar--primary'), text: element.textContent.trim().slice(0, 40),
                        // The search slides in as its box takes focus (Material's): not a stop left behind.
                        search: !!element.closest('.md-search'),
                        offLeft: box.right <= 0, visible: getComputedStyle(element).visibility === 'visible'};
            }"""))
        return found

    closed = stops(12)
    assert not [stop for stop in closed if stop["drawer"] or not stop["search"] and (stop["offLeft"] or not stop["visible"])], closed
    page.get_by_role("button", name="Menu").click()
    page.wait_for_timeout(400)  # the drawer's slide
    assert page.locator(".md-sidebar--primary a.md-nav__link").first.is_visible()
    page.locator(".md-sidebar--primary a.md-nav__link").first.focus()
    assert page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")
    page.locator("label.md-overlay").click(position={"x": width - 10, "y": 400})  # a tap beside the drawer closes it
    page.wait_for_timeout(400)
    assert not [stop for stop in stops(12) if stop["drawer"]]
    # Escape closes it too, as it closes everything else that opens, and takes the focus out of it.
    page.get_by_role("button", name="Menu").click()
    page.wait_for_timeout(400)
    page.locator(".md-sidebar--primary a.md-nav__link").first.focus()
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert page.evaluate("() => !document.getElementById('__drawer').checked")
    assert not page.locator(".md-sidebar--primary a.md-nav__link").first.is_visible()
    assert page.evaluate("() => !document.activeElement.closest('.md-sidebar--primary')")
    assert not [stop for stop in stops(12) if stop["drawer"]]


# The element in focus: its words, whether it is in the drawer, and whether the reader sees it there (its
# middle inside the drawer and nothing drawn over it).
_FOCUSED = """() => {
    const element = document.activeElement, drawer = document.querySelector('.md-sidebar--primary');
    const box = element.getBoundingClientRect(), area = drawer.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const top = document.elementFromPoint(x, y);
    return {text: element.textContent.trim().replace(/\\s+/g, ' '), inDrawer: drawer.contains(element),
            seen: x > area.left && x < area.right && y > area.top && y < innerHeight && !!top
                  && (top === element || element.contains(top) || top.contains(element))};
}"""


@pytest.mark.parametrize("scheme, width", [("light", 360), ("dark", 360), ("light", 1024)])
def test_a_keyboard_opens_the_navigation_drawer_and_goes_round_what_it_shows(open_page, scheme, width):
    """Where the navigation is a drawer, the menu button is a button a keyboard reaches (Material's is a label
    no key reaches), drawn as Material draws it; Enter opens the drawer and puts the focus in it; Tab and
    Shift+Tab go round what the reader sees in it (not the panels slid out of sight or covered); Enter on a
    section's title goes back to the sections and on a section goes into it, and so does Space, as on a
    button; Escape closes the drawer and gives the focus back to the button. axe finds nothing with the
    drawer open."""
    page = open_page("/compare/", {"width": width, "height": 740}, scheme)
    menu = page.get_by_role("button", name="Menu")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.msp-menu-button')"):
            break
    assert page.evaluate("() => document.activeElement.matches('.msp-menu-button')"), "Tab never reached the menu button"
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("label.md-header__button[for='__drawer']").is_visible()  # the button is in its place
    drawn = page.evaluate("""() => {
        const button = document.querySelector('.msp-menu-button').getBoundingClientRect();
        const palette = document.querySelector('.md-header label.md-header__button[for^="__palette"]:not([hidden])').getBoundingClientRect();
        const style = getComputedStyle(document.querySelector('.msp-menu-button'));
        return [button.width, button.height, palette.width, palette.height, style.backgroundColor, style.borderTopWidth];
    }""")
    assert drawn[:2] == drawn[2:4] and drawn[4:] == ["rgba(0, 0, 0, 0)", "0px"], drawn

    def round_of(presses: int, back: bool = False) -> list[dict]:
        stops = []
        for _ in range(presses):
            page.keyboard.press("Shift+Tab" if back else "Tab")
            stops.append(page.evaluate(_FOCUSED))
        return stops

    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the drawer's slide
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    first = page.evaluate(_FOCUSED)
    assert first["inDrawer"] and first["seen"], first
    stops = round_of(8)
    assert all(stop["inDrawer"] and stop["seen"] for stop in stops), stops
    texts = [first["text"]] + [stop["text"] for stop in stops]
    assert {"Treatments", "Where the articles agree and differ"} <= set(texts), texts
    assert "Home" not in texts  # the sections' panel is covered by Compare's
    period = texts.index(texts[0], 1)  # round and back to the first
    assert texts[period:] == texts[:len(texts) - period], texts
    while page.evaluate(_FOCUSED)["text"] != texts[0]:
        page.keyboard.press("Tab")
    backwards = [stop["text"] for stop in round_of(period, back=True)]
    assert backwards == list(reversed(texts[:period])), (backwards, texts)

    # Back to the sections by the panel's title, then into Compare again by its label.
    while page.evaluate(_FOCUSED)["text"] != "Compare":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    stops = round_of(8)
    assert all(stop["inDrawer"] and stop["seen"] for stop in stops), stops
    assert {"Home", "Compare", "Articles", "Method", "About"} <= {stop["text"] for stop in stops}, stops
    assert not {"Treatments"} & {stop["text"] for stop in stops}
    while page.evaluate(_FOCUSED)["text"] != "Compare":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert "Treatments" in {stop["text"] for stop in round_of(6)}
    assert axe_violations(page) == []
    # Space presses the labels too, and scrolls nothing: out by the title, into Compare again.
    scrolled = page.evaluate("() => window.scrollY")
    for _ in range(2):  # the panel's title, then the section's label among the sections
        inside = "Treatments" in {stop["text"] for stop in round_of(6)}
        while page.evaluate(_FOCUSED)["text"] != "Compare" or not page.evaluate(
                "() => document.activeElement.matches('label[data-msp-drawer-stop]')"):
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.wait_for_timeout(400)
        assert ("Treatments" in {stop["text"] for stop in round_of(6)}) != inside
    assert page.evaluate("() => window.scrollY") == scrolled

    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not page.evaluate("() => document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.matches('.msp-menu-button')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_keyboard_opens_the_pages_contents_from_the_drawer(open_page, scheme):
    """On a phone the drawer names the page the reader is on by a label that opens its contents (Material's
    toggle for the table of contents): Tab reaches it, Enter opens the contents, whose entries and title are
    then the round; Enter on an entry goes there and the drawer closes."""
    page = open_page("/compare/", {"width": 360, "height": 740}, scheme)
    page.get_by_role("button", name="Menu").click()
    page.wait_for_timeout(400)
    contents = page.locator(".md-sidebar--primary label.md-nav__link[for='__toc']")
    name = " ".join(contents.text_content().split())
    for _ in range(8):
        if page.evaluate("() => document.activeElement.matches('label.md-nav__link[for=\"__toc\"]')"):
            break
        page.keyboard.press("Tab")
    focused = page.evaluate(_FOCUSED)
    assert focused["text"] == name and focused["seen"], focused
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate("() => document.getElementById('__toc').checked")
    # The focus goes with the panel on top: to its title as it opens, back to the label as it closes
    # (Space as Enter), the drawer never scrolled sideways to show a panel still sliding in.
    on = "() => document.activeElement.matches('label.md-nav__{}[for=\"__toc\"]')"
    assert page.evaluate(on.format("title")), page.evaluate(_FOCUSED)
    for key, focus in (("Space", "link"), ("Enter", "title"), ("Enter", "link"), ("Space", "title")):
        page.keyboard.press(key)
        page.wait_for_timeout(400)
        assert page.evaluate(on.format(focus)) and page.evaluate(_FOCUSED)["seen"], (key, page.evaluate(_FOCUSED))
        assert page.evaluate("() => document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap').scrollLeft") == 0
    entries = [" ".join(text.split()) for text in page.locator(".md-sidebar--primary .md-nav--secondary a.md-nav__link").all_text_contents()]
    round_ = []
    for _ in range(len(entries) + 1):
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUSED)
        assert stop["inDrawer"] and stop["seen"], stop
        round_.append(stop["text"])
    assert set(entries) <= set(round_) and name not in round_, (entries, round_)
    while page.evaluate(_FOCUSED)["text"] != entries[0]:
        page.keyboard.press("Tab")
    target = page.locator(".md-sidebar--primary .md-nav--secondary a.md-nav__link").first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate("() => location.hash") == target[target.index("#"):]
    assert not page.evaluate("() => document.getElementById('__drawer').checked")


def test_on_a_laptop_there_is_no_menu_button_and_the_drawers_labels_take_no_tab(open_page):
    """At 76.25em and wider the navigation is a sidebar: no menu button shows, and the labels the drawer lets
    a keyboard reach are no stop for Tab."""
    page = open_page("/articles/", {"width": 1280, "height": 800})
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert not page.locator("label.md-header__button[for='__drawer']").is_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        assert not page.evaluate("() => document.activeElement.hasAttribute('data-msp-drawer-stop')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_navigation_links_keep_4_5_to_1_hovered(open_page, scheme):
    """Material draws a hovered link of the navigation (the page's contents beside it; the sections, in the
    drawer a narrow window opens) in its accent, 4.25:1 on white and 3.78:1 on slate: each, hovered, against
    what is behind it."""
    from colour import text_contrast

    for path, width, navigation in (("/articles/", 1280, ".md-nav--secondary"), (PAGES[5], 1280, ".md-nav--secondary"),
                                    ("/articles/", 1000, ".md-nav--primary")):
        page = open_page(path, {"width": width, "height": 800}, scheme)
        if navigation == ".md-nav--primary":
            page.get_by_role("button", name="Menu").click()
            page.wait_for_timeout(400)  # the drawer's slide
        short, hovered = [], 0
        for link in page.locator(f"{navigation} .md-nav__link:is([href], [for])").all():
            if not link.is_visible():
                continue
            link.scroll_into_view_if_needed()
            # A link under another element (Material's, for the page's own entry) is none the pointer reaches.
            if not link.evaluate("""e => { const box = e.getBoundingClientRect();
                return e.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)); }"""):
                continue
            link.hover()
            hovered += 1
            page.wait_for_timeout(300)  # Material eases a link's colour
            ratio = text_contrast(link)
            if ratio < 4.5:
                short.append((link.inner_text().strip()[:30], round(ratio, 2)))
        assert hovered >= 3 and short == [], (path, width, scheme, hovered, short)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_buttons_keep_4_5_to_1_at_rest_hovered_and_focused(open_page, scheme):
    """The site's buttons (the home page's calls to action, the search page's Search and Show more): their
    words against what is behind them, in each state a reader puts them in."""
    from colour import text_contrast

    checked = 0
    for path in ("/", "/search/?words=stretching"):
        page = open_page(path, {"width": 1280, "height": 800}, scheme)
        if "words" in path:
            page.locator("[data-search-more]:not([hidden])").wait_for()
        for button in page.locator(".md-content :is(.md-button, .msp-cta)").all():
            if not button.is_visible():
                continue
            for state in ("rest", "hover", "focus"):
                page.mouse.move(0, 0)
                page.evaluate("() => document.activeElement && document.activeElement.blur()")
                if state == "hover":
                    button.hover()
                elif state == "focus":
                    button.focus()
                page.wait_for_timeout(300)  # Material eases a button's colours
                ratio = text_contrast(button)
                assert ratio >= 4.5, (path, scheme, button.inner_text(), state, round(ratio, 2))
            checked += 1
    assert checked >= 4

