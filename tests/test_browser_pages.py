"""Article and home pages in real Chromium: the first screen, where their links lead, the argument diagram.

Everything a test expects is derived from the data (perspectives.load_checked):
no test names how many articles, stances or treatments there are.
"""

from __future__ import annotations

import json

import pytest

from conftest import DATA, ROOT, axe_violations, only_local
from perspectives import load_checked
from perspectives.model import Article, Dimension
from perspectives.render import CHAIN, KEY_DIMENSIONS

pytestmark = pytest.mark.browser
DATASET = load_checked(DATA)
ARTICLES = DATASET.articles  # in id order: the order of previous and next
IDS = [article.id for article in ARTICLES]
DIMENSIONS = {dimension.id: dimension for dimension in DATASET.vocabularies.dimensions}
STEPS = [DIMENSIONS[dimension_id] for dimension_id in CHAIN if dimension_id in DIMENSIONS]
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}

# WCAG contrast of an element's text (or `property`) against the first opaque
# background behind it, alpha-blended: computed in the page, as a reader sees it.
CONTRAST = """(el, [property, pseudo]) => {
  const parse = value => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const blend = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] === 1) break;
  }
  let background = [255, 255, 255];
  for (const layer of layers.reverse()) background = blend(layer, background);
  const fg = blend(parse(getComputedStyle(el, pseudo || null)[property]), background);
  const lum = rgb => {
    const [r, g, b] = rgb.map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(fg), lum(background)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


def short(article: Article, dimension: Dimension) -> str:
    """The short answer a reader sees first."""
    return DATASET.answer(article, dimension).short


def open_page(browser, site_url, path, viewport=LAPTOP, scheme="light"):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.console_errors = []
    page.requests = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(site_url + path)
    return context, page


def within_first_screen(locator, viewport) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360x740", "1280x800"])
@pytest.mark.parametrize("article_id", IDS)
def test_the_claimed_root_cause_and_the_recommendation_are_on_the_first_screen(browser, site_url, article_id,
                                                                               viewport):
    context, page = open_page(browser, site_url, f"/articles/{article_id}/", viewport)
    article = DATASET.articles[IDS.index(article_id)]
    for dimension_id in KEY_DIMENSIONS:
        row = page.locator(f".msp-answers [data-dimension='{dimension_id}']")
        # The question and its answer in a few words (bold where the full text follows): what a reader
        # comes for. The full text and its claim links may run on below.
        answer = row.locator("dd strong") if row.locator("dd strong").count() else row.locator("dd")
        for part in (row.locator("dt"), answer):
            box = part.first.bounding_box()
            assert box is not None and 0 <= box["y"] and box["y"] + min(box["height"], 40) <= viewport["height"], \
                (dimension_id, box)
        assert short(article, DIMENSIONS[dimension_id]) in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]
    context.close()


@pytest.mark.parametrize("article_id", IDS)
def test_the_answers_at_a_glance_cover_every_question(page, article_id):
    article = DATASET.articles[IDS.index(article_id)]
    page.goto(f"{page.base}/articles/{article_id}/")
    rows = page.locator(".msp-answers > div")
    assert sorted(rows.evaluate_all("rows => rows.map(row => row.dataset.dimension)")) == sorted(DIMENSIONS)
    for dimension in DIMENSIONS.values():
        row = page.locator(f".msp-answers [data-dimension='{dimension.id}']")
        # Its name, and the colon that sets it apart for screen readers and the search (hidden).
        assert row.locator("dt").text_content().strip() == f"{dimension.label}:"
        assert row.locator("dt .msp-visually-hidden").evaluate("colon => colon.getBoundingClientRect().width") <= 1
        answer = DATASET.answer(article, dimension)
        for claim_id in answer.claims:
            assert row.locator(f"a[href$='#claim-{claim_id}']").count() == 1


@pytest.mark.parametrize("article_id", IDS)
def test_the_article_links_to_its_column_on_the_compare_page(page, article_id):
    page.goto(f"{page.base}/articles/{article_id}/")
    link = page.locator(f"a[href$='compare/#dimension-root-cause--{article_id}']")
    assert link.count() == 1 and link.is_visible()
    link.click()
    page.wait_for_url(f"**/compare/#dimension-root-cause--{article_id}")
    page.locator(f"[id='dimension-root-cause--{article_id}']").wait_for(state="attached")
    assert only_local(page) == [] and page.console_errors == []


@pytest.mark.parametrize("article_id", [article.id for article in ARTICLES if article.treatments])
def test_every_treatment_the_article_mentions_links_to_its_page(page, article_id):
    article = DATASET.articles[IDS.index(article_id)]
    page.goto(f"{page.base}/articles/{article_id}/")
    stances = page.locator("#stances ~ .msp-stance-list")
    details = page.locator("#treatments ~ dl").first
    for entry in article.treatments:
        label = DATASET.vocabularies.term("treatments", entry.treatment).label
        for where in (stances, details):
            links = where.get_by_role("link", name=label, exact=True)
            assert links.count() >= 1, (where, label)
            assert all(links.nth(index).get_attribute("href").endswith(f"treatments/{entry.treatment}/")
                       for index in range(links.count())), (where, label)
        # Grouped under every stance it takes (an article can say more than one thing of a treatment),
        # each with the stance's own words.
        rows = stances.locator(".msp-stance-list__row", has=page.get_by_role("link", name=label, exact=True))
        shown = rows.locator("dt").all_inner_texts()
        assert [DATASET.vocabularies.term("stances", stance).label for stance in entry.stance_ids
                if any(DATASET.vocabularies.term("stances", stance).label in text for text in shown)] \
            == [DATASET.vocabularies.term("stances", stance).label for stance in entry.stance_ids]
        assert rows.count() == len(entry.stance_ids)
    first = article.treatments[0]
    stances.get_by_role("link", name=DATASET.vocabularies.term("treatments", first.treatment).label,
                        exact=True).first.click()
    page.wait_for_url(f"**/treatments/{first.treatment}/")
    page.locator("h1", has_text=DATASET.vocabularies.term("treatments", first.treatment).label).wait_for()


@pytest.mark.parametrize("article_id", IDS)
def test_previous_and_next_lead_through_the_articles_in_id_order(page, article_id):
    number = IDS.index(article_id)
    page.goto(f"{page.base}/articles/{article_id}/")
    pager = page.get_by_role("navigation", name="Other articles")
    for rel, neighbour in (("prev", number - 1), ("next", number + 1)):
        link = pager.locator(f"a[rel='{rel}']")
        if 0 <= neighbour < len(IDS):
            assert link.get_attribute("href").endswith(f"{IDS[neighbour]}/")
            assert ARTICLES[neighbour].short_title in link.inner_text()
        else:
            assert link.count() == 0
    if number + 1 < len(IDS):
        pager.locator("a[rel='next']").click()
        page.wait_for_url(f"**/articles/{IDS[number + 1]}/")
        page.locator("h1", has_text=ARTICLES[number + 1].short_title).wait_for()


@pytest.mark.parametrize("article_id", IDS)
def test_the_argument_diagram_has_a_box_per_step_linking_to_its_claims(page, article_id):
    article = DATASET.articles[IDS.index(article_id)]
    page.goto(f"{page.base}/articles/{article_id}/")
    figure = page.locator(f"#argument ~ figure.msp-argument[data-article='{article_id}']")
    assert figure.count() == 1
    steps = figure.locator("ol > li")
    assert steps.evaluate_all("steps => steps.map(step => step.dataset.dimension)") == [s.id for s in STEPS]
    for step, dimension in zip(steps.all(), STEPS):
        answer = DATASET.answer(article, dimension)
        text = " ".join(step.text_content().split())
        assert text.startswith(f"{dimension.label}: ") and short(article, dimension) in text
        hrefs = step.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        if answer.kind == "value":
            assert [href.split("#")[1] for href in hrefs] == [f"claim-{c}" for c in article.in_page_order(answer.claims)]
            for claim in answer.claims:
                assert page.locator(f"[id='claim-{claim}']").count() == 1
        else:
            assert answer.text in text
    # The text alternative: an ordered list (read in order) in a figure with a caption.
    assert figure.locator("ol").evaluate("ol => ol.tagName") == "OL"
    assert article.short_title in figure.locator("figcaption").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_argument_diagram_stays_legible_on_a_phone_in_both_schemes(browser, site_url, scheme):
    for article in ARTICLES:
        context, page = open_page(browser, site_url, f"/articles/{article.id}/", PHONE, scheme)
        steps = page.locator("figure.msp-argument ol > li")
        boxes = [step.bounding_box() for step in steps.all()]
        # A column: each box below the last, none wider than the screen.
        assert all(box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in boxes)
        assert all(later["y"] > earlier["y"] + earlier["height"] for earlier, later in zip(boxes, boxes[1:]))
        for step in steps.all():
            for part in (".msp-argument__label", ".msp-argument__answer"):
                assert step.locator(part).evaluate(CONTRAST, ["color"]) >= 4.5, (article.id, part)
        # The arrows between boxes (shaft and head) carry meaning: at least 3:1 (WCAG 1.4.11).
        arrow = page.locator("figure.msp-argument ol > li + li").first
        assert arrow.evaluate(CONTRAST, ["backgroundColor", "::before"]) >= 3
        assert arrow.evaluate(CONTRAST, ["borderTopColor", "::after"]) >= 3
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360x740", "1280x800"])
def test_the_list_of_treatments_puts_each_stance_beside_its_name_or_under_it_on_a_phone_each_badge_whole(
        browser, site_url, viewport):
    """On a phone the stances go under the treatment's name, the width of the screen theirs: in a table's
    second column the badges broke over two lines and their colons were left alone at the line's end."""
    context, page = open_page(browser, site_url, "/treatments/", viewport)
    rows = page.locator(".msp-treatment-list > div")
    assert rows.locator("dt").all_inner_texts() == [treatment.label for treatment in DATASET.mentioned_treatments]
    for row in rows.all():
        name, said = row.locator("dt").bounding_box(), row.locator("dd").bounding_box()
        if viewport is PHONE:
            assert said["y"] >= name["y"] + name["height"] and abs(said["x"] - name["x"]) < 20
        else:
            assert said["x"] >= name["x"] + name["width"] and abs(said["y"] - name["y"]) < 5
        assert said["x"] + said["width"] <= viewport["width"]
        # Each stance a line of its own, its badge on one line and its colon beside it.
        for stance in row.locator(".msp-stance-count").all():
            assert stance.evaluate("el => el.getClientRects().length") == 1, stance.inner_text()
            assert stance.locator(".msp-stance").evaluate(
                "el => el.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(el).fontSize)")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360x740", "1280x800"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_page_shows_the_way_to_the_comparison_on_the_first_screen(browser, site_url, viewport, scheme):
    context, page = open_page(browser, site_url, "/", viewport, scheme)
    link = page.locator("article a[href$='compare/']").first
    assert within_first_screen(link, viewport), link.bounding_box()
    assert link.evaluate(CONTRAST, ["color"]) >= 4.5
    for state in ("hover", "focus"):
        link.hover() if state == "hover" else link.focus()
        page.wait_for_timeout(250)  # Material's colour transitions
        assert link.evaluate(CONTRAST, ["color"]) >= 4.5, state
    link.click()
    page.wait_for_url("**/compare/")
    assert only_local(page) == [] and page.console_errors == []
    context.close()


def test_the_home_page_lists_every_article_with_its_short_answers(page):
    page.goto(f"{page.base}/")
    cards = page.locator(".msp-card")
    assert cards.count() == len(ARTICLES)
    for card, article in zip(cards.all(), ARTICLES):
        assert card.get_by_role("heading").inner_text().removesuffix("¶").strip() == article.short_title
        assert card.get_by_role("link", name=article.short_title).get_attribute("href").endswith(
            f"articles/{article.id}/")
        answers = card.locator("dd").all_inner_texts()
        assert answers == [short(article, DIMENSIONS[dimension_id]) for dimension_id in KEY_DIMENSIONS
                           if dimension_id in DIMENSIONS]


def test_no_hand_written_page_states_a_count_of_articles(built_site):
    # Counts come from the data, through generated fragments: the method page's is one.
    method = (built_site / "method/index.html").read_text(encoding="utf-8")
    assert f"compares {len(ARTICLES)} published explanation" in method
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert "five" not in page.read_text(encoding="utf-8").lower(), page.name


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", *[f"/articles/{article_id}/" for article_id in IDS]])
def test_home_and_article_pages_have_no_axe_violations(browser, site_url, path, scheme):
    context, page = open_page(browser, site_url, path, LAPTOP, scheme)
    violations = axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1)
