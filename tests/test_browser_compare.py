"""The comparison in real Chromium: the glance at 1280 px and on a phone, answers that open in place,
the view in the URL, sticky article names, stance colours, quotation previews, accessibility.

Nothing here assumes how many articles, questions, stances or treatments there are: counts and
labels come from the data (load_checked), and the sizes that matter for layout (eight articles,
a dozen) come from generated data sets built in a temporary folder (tests/fixture_data.py).
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from itertools import combinations

import pytest

from colour import BACKGROUNDS, DEFICIENCIES, contrast, delta_e, over, parse, simulate, text_contrast
from conftest import DATA, axe_violations, heading, matrix_ready, only_local
from perspectives import load_checked
from perspectives.layout import COLUMNS_AT_ONCE
from perspectives.render import HEADLINE_DIMENSION

pytestmark = pytest.mark.browser
DATASET = load_checked(DATA)
GOLD = next(article for article in DATASET.articles if article.id == "gold-back-spasms-inside-story")
QUESTIONS = "table[data-matrix='questions']"
TREATMENTS = "table[data-matrix='treatments']"
SCHEMES = ["light", "dark"]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
SHOWN = DATASET.articles[:COLUMNS_AT_ONCE]  # the articles /compare/ shows before the reader chooses
DIMENSIONS = sorted(DATASET.vocabularies.dimensions, key=lambda d: d.id != HEADLINE_DIMENSION)


@contextmanager
def opened(browser, viewport=LAPTOP, scheme="light", touch=False):
    """A fresh page in its own context: a size, a colour scheme, and a touch screen or not."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.requests = []
    page.console_errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    try:
        yield page
    finally:
        context.close()


def settle(page) -> None:
    """Wait two animation frames: scroll and resize handlers have run, styles are current."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def answer(page, cell_id: str):
    return page.locator(f"[id='{cell_id}'] details.msp-answer")


def open_answer(page, cell_id: str, tap: bool = False):
    summary = answer(page, cell_id).locator("summary")
    summary.tap() if tap else summary.click()
    assert answer(page, cell_id).evaluate("d => d.open")
    return answer(page, cell_id)


PREVIEW = "#msp-preview:not([hidden])"


# -- What is on the page -------------------------------------------------------


def test_every_shown_article_is_a_column_and_every_question_a_row_with_its_meaning_at_the_row(page):
    page.goto(f"{page.base}/compare/")
    columns = page.locator(f"{QUESTIONS} thead th[data-column]:visible")
    assert columns.all_inner_texts() == [article.short_title for article in SHOWN]
    labels = page.locator(f"{QUESTIONS} tbody th[scope='row'] .msp-row__label")
    # The root causes come first, highlighted: the comparison at a glance.
    assert labels.all_inner_texts() == [dimension.label for dimension in DIMENSIONS]
    assert page.locator(f"{QUESTIONS} tbody tr").first.get_attribute("class") == "msp-row msp-row--headline"
    about = page.locator(f"{QUESTIONS} tbody th[scope='row'] .msp-row__about")
    assert about.all_inner_texts() == [dimension.description for dimension in DIMENSIONS]
    assert all(about.nth(i).is_visible() for i in range(about.count()))
    cells = page.locator(f"{QUESTIONS} tbody td:visible")
    assert cells.count() == len(SHOWN) * len(DIMENSIONS)
    treatments = page.locator(f"{TREATMENTS} tbody th[scope='row']")
    assert treatments.all_inner_texts() == [treatment.label for treatment in DATASET.mentioned_treatments]
    assert only_local(page) == [] and page.console_errors == []


def test_every_cell_opens_with_its_short_form_and_then_its_full_answer(page):
    page.goto(f"{page.base}/compare/")
    for article in SHOWN:
        for dimension in DIMENSIONS:
            shown = DATASET.answer(article, dimension)
            details = answer(page, f"dimension-{dimension.id}--{article.id}")
            # A value the text only implies says so in words, at a glance too.
            assert details.locator("summary").inner_text() == shown.short + (" (implied)" if shown.implied else "")
            assert details.locator(".msp-answer__full").is_hidden()
    cell = GOLD.comparison[HEADLINE_DIMENSION]
    details = open_answer(page, f"dimension-{HEADLINE_DIMENSION}--{GOLD.id}")
    full = details.locator(".msp-answer__full")
    assert full.is_visible() and " ".join(full.inner_text().split()).startswith(" ".join(cell.text.split()))
    quotes = details.locator(".msp-answer__quote")
    assert quotes.count() == len(cell.claims)
    for index, claim_id in enumerate(cell.claims):
        quotation = " ".join(GOLD.claim(claim_id).quotations[0].text.split())
        assert quotation in " ".join(quotes.nth(index).inner_text().split())


def test_unknown_and_none_cells_say_so_and_open_to_the_reason(page):
    page.goto(f"{page.base}/compare/")
    for article in SHOWN:
        for dimension_id, cell in article.comparison.items():
            if cell.kind in ("unknown", "none"):
                details = open_answer(page, f"dimension-{dimension_id}--{article.id}")
                assert details.locator("summary").inner_text() == cell.kind.capitalize()
                assert details.locator(".msp-answer__full").inner_text().startswith(f"{cell.kind.capitalize()}:")


def test_a_shared_link_to_a_cell_lands_with_the_cell_in_view_on_a_phone(browser, site_url):
    """A link to a treatment cell opens its answer, which grows the cell: the page still shows the cell from
    its top, below the header, however tall it grew (the browser's scroll anchoring would move it up)."""
    anchors = [f"treatment-{entry.treatment}--{article.id}" for article in SHOWN for entry in article.treatments]
    with opened(browser, PHONE, touch=True) as page:
        for anchor in anchors:
            page.goto("about:blank")  # a link opened afresh, not a move within the page already open
            page.goto(f"{site_url}/compare/#{anchor}")
            page.wait_for_load_state("networkidle")
            page.wait_for_function("id => document.getElementById(id).querySelector('details.msp-answer').open",
                                   arg=anchor)
            page.wait_for_timeout(300)  # the scroll after the answer opened
            top, header = page.evaluate("""id => [document.getElementById(id).getBoundingClientRect().top,
                                                   document.querySelector('.md-header').getBoundingClientRect().bottom]""",
                                        anchor)
            assert header - 1 <= top < PHONE["height"] / 2, (anchor, top, header)


def test_a_cell_link_lands_on_the_claim_it_cites(page):
    page.goto(f"{page.base}/compare/")
    cell = GOLD.comparison["root-cause"]
    claim = GOLD.claim(cell.claims[0])
    link = open_answer(page, f"dimension-root-cause--{GOLD.id}").locator(f"a[href*='#{claim.anchor}']").first
    link.scroll_into_view_if_needed()
    # Material saves the scroll offset into the current history entry 100 ms
    # after the last scroll; a click before that save can let it land on the
    # next page's entry, which then opens at the old offset instead of at its
    # anchor. A reader does not click that fast; wait for the save.
    page.wait_for_function("() => history.state && Math.abs(history.state.y - window.scrollY) < 1")
    link.click()
    page.wait_for_url(f"**/articles/{GOLD.id}/#{claim.anchor}")
    page.locator("h1", has_text=GOLD.short_title).wait_for()
    target = page.locator(f"[id='{claim.anchor}']")
    assert claim.statement.rstrip(".") in target.inner_text()
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }", arg=claim.anchor)


def test_a_url_can_point_at_one_row_and_one_cell_and_the_cell_opens(page):
    page.goto(f"{page.base}/compare/#dimension-promotes--{GOLD.id}")
    matrix_ready(page)
    cell = page.locator(f"#dimension-promotes--{GOLD.id}")
    assert cell.evaluate("el => el.matches(':target')")
    assert cell.is_visible() and answer(page, f"dimension-promotes--{GOLD.id}").evaluate("d => d.open")
    page.goto("about:blank")
    page.goto(f"{page.base}/compare/#treatment-stretching")
    matrix_ready(page)
    assert page.locator("#treatment-stretching").evaluate("el => el.matches(':target')")


def test_a_treatment_page_is_the_matrix_row_made_linkable(page):
    page.goto(f"{page.base}/compare/")
    page.locator(f"{TREATMENTS} th[scope='row'] a", has_text="Stretching").click()
    page.wait_for_url("**/treatments/stretching/")
    page.locator("h1", has_text="Stretching").wait_for()
    assert heading(page) == "Stretching"
    for article in DATASET.articles:
        if article.stance_on("stretching"):
            assert page.locator(f"h2#{article.id}").count() == 1
        else:
            assert page.locator("#not-mentioned ~ p").get_by_role("link", name=article.short_title).count() == 1


def test_the_agreement_page_lists_every_theme(page):
    """Under a heading of their own, after the summaries: following the last summary's ("Hardly addressed"),
    a reader took the themes in full for the positions hardly addressed."""
    from perspectives.urls import EVERY_POSITION, UNADDRESSED

    page.goto(f"{page.base}/agreement/")
    headings = page.locator("article h2").evaluate_all("hs => hs.map(h => h.id)")
    start = headings.index(EVERY_POSITION)
    assert headings.index(UNADDRESSED) == start - 1
    assert sorted(headings[start + 1:]) == sorted(theme.id for theme in DATASET.vocabularies["themes"])
    for theme in DATASET.vocabularies["themes"]:
        assert page.locator(f"h2#{theme.id}").inner_text().removesuffix("¶").strip() == theme.label


def test_the_treatments_table_has_a_legend_in_colours_icons_and_words(page):
    page.goto(f"{page.base}/compare/")
    legend = page.locator("#treatments ~ .msp-legend ul").first
    for stance in DATASET.vocabularies["stances"]:
        item = legend.locator("li").filter(has=page.locator(f".msp-stance--{stance.id}"))
        assert item.locator("svg").count() == 1, stance.id
        assert item.inner_text().strip() == f"{stance.label}: {stance.description}"


# -- Short or full answers, treatments mentioned twice: views in the URL ---------


def test_the_whole_table_switches_between_short_and_full_answers_and_the_url_keeps_it(page):
    page.goto(f"{page.base}/compare/")
    summaries = page.locator(f"{QUESTIONS} details.msp-answer > summary")
    fulls = page.locator(f"{QUESTIONS} .msp-answer__full")
    page.get_by_role("radio", name="In full").check()
    assert page.url.endswith("/compare/?view=full")
    assert page.locator(f"{QUESTIONS} details.msp-answer:not([open])").count() == 0
    assert all(not summaries.nth(i).is_visible() for i in range(summaries.count()))
    assert all(fulls.nth(i).is_visible() for i in range(fulls.count()))
    assert page.locator(f"{QUESTIONS} .msp-answer__quote:visible").count() == 0  # quotations: on the claim links
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    assert page.get_by_role("radio", name="In full").is_checked()
    assert page.locator("details.msp-answer:not([open])").count() == 0
    # Back to short: what the view opened closes; what the reader opened stays open.
    page.get_by_role("radio", name="In a few words").check()
    assert page.url.endswith("/compare/")
    assert page.locator("details.msp-answer[open]").count() == 0
    open_answer(page, f"dimension-mechanism--{GOLD.id}")
    page.get_by_role("radio", name="In full").check()
    page.get_by_role("radio", name="In a few words").check()
    assert page.locator("details.msp-answer[open]").count() == 1


def test_only_treatments_two_shown_articles_mention_and_the_url_keeps_it(page):
    page.goto(f"{page.base}/compare/")
    shared = [t.id for t in DATASET.mentioned_treatments
              if sum(1 for a in SHOWN if a.stance_on(t.id)) >= 2]
    assert 0 < len(shared) < len(DATASET.mentioned_treatments)
    page.get_by_label("Only treatments at least two of the shown articles mention").check()
    assert page.url.endswith("?mentions=2")
    shown = page.locator(f"{TREATMENTS} tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.row)")
    assert shown == [f"treatment-{t}" for t in shared]
    assert f"{len(shared)} of {len(DATASET.mentioned_treatments)} treatments" in page.get_by_role("status").inner_text()
    page.goto("about:blank")
    page.goto(f"{page.base}/compare/?mentions=2")
    assert page.locator(f"{TREATMENTS} tbody tr:visible").count() == len(shared)
    page.get_by_label("Only treatments at least two of the shown articles mention").uncheck()
    assert page.locator(f"{TREATMENTS} tbody tr:visible").count() == len(DATASET.mentioned_treatments)
    assert page.url.endswith("/compare/")


# -- Choosing articles and rows, ordering (the filters of the matrix) --------------


def open_controls(page):
    page.locator("[data-matrix-controls] > summary").click()
    return page.locator("[data-matrix-controls]")


def shown_columns(page, table: str = "questions") -> list[str]:
    return page.locator(f"table[data-matrix='{table}'] thead th[data-column]:visible").evaluate_all(
        "cells => cells.map(cell => cell.dataset.column)")


def test_filtering_hides_and_restores_columns_and_rows(page):
    page.goto(f"{page.base}/compare/")
    controls = open_controls(page)
    ids = [article.id for article in SHOWN]
    controls.get_by_role("group", name="Articles").get_by_label(GOLD.short_title).uncheck()
    assert shown_columns(page) == [i for i in ids if i != GOLD.id]
    assert shown_columns(page, "treatments") == [i for i in ids if i != GOLD.id]
    assert page.locator(f"#dimension-root-cause--{GOLD.id}").is_hidden()
    controls.get_by_role("group", name="The questions").get_by_label("Mechanism").uncheck()
    assert page.locator("#dimension-mechanism").is_hidden()
    assert page.get_by_role("status").inner_text() == (
        f"Showing {len(ids) - 1} of {len(DATASET.articles)} articles, {len(DIMENSIONS) - 1} of "
        f"{len(DIMENSIONS)} questions and {len(DATASET.mentioned_treatments)} of "
        f"{len(DATASET.mentioned_treatments)} treatments.")
    controls.get_by_role("button", name="Reset").click()
    assert shown_columns(page) == ids
    assert page.locator("#dimension-mechanism").is_visible()
    assert page.url == f"{page.base}/compare/"
    assert page.locator("[data-matrix-status][role='status']").inner_text() == ""  # nothing left out, nothing to say


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_while_articles_are_left_out_the_findings_say_they_count_every_article(browser, site_url, viewport):
    """The findings above the tables are counted from every article: a reader who chose to show fewer must
    not read "each of the 5 articles" as said of the ones on screen. Said beside the findings, on a laptop
    and on a phone, only while the choice leaves an article out."""
    counted = "[data-findings-chosen]"
    with opened(browser, viewport) as page:
        page.goto(f"{site_url}/compare/")
        matrix_ready(page)
        assert page.locator(counted).count() == 1 and page.locator(counted).is_hidden()
        left_out = f"?articles={','.join(article.id for article in SHOWN if article.id != GOLD.id)}"
        page.goto(f"{site_url}/compare/{left_out}")
        matrix_ready(page)
        note = page.locator(counted)
        assert note.is_visible()
        assert note.inner_text() == "These findings count every article, not only the ones you chose to show."
        assert note.evaluate("el => el.closest('.msp-findings') !== null")
        page.locator("[data-matrix-controls]").get_by_role("button", name="Reset").click()
        assert note.is_hidden()


def test_with_no_article_chosen_the_status_says_why_the_answers_are_gone(page):
    page.goto(f"{page.base}/compare/")
    controls = open_controls(page)
    controls.get_by_role("group", name="Articles").get_by_role("button", name="None").click()
    assert shown_columns(page) == []
    status = page.locator("[data-matrix-status][role='status']").inner_text()
    assert status.startswith("No article is chosen, so no answer is shown: choose one or more under “"), status
    controls.get_by_role("group", name="Articles").get_by_label(GOLD.short_title).check()
    assert page.locator("[data-matrix-status][role='status']").inner_text().startswith("Showing 1 of ")


def test_the_filtered_view_lives_in_the_url_and_survives_a_reload(page):
    page.goto(f"{page.base}/compare/")
    controls = open_controls(page)
    keep = [SHOWN[1].id, GOLD.id]
    for article in SHOWN:
        if article.id not in keep:
            controls.get_by_role("group", name="Articles").get_by_label(article.short_title).uncheck()
    controls.get_by_role("group", name="The treatments").get_by_role("button", name="None").click()
    assert "articles=" + ",".join(keep) in page.url and "rows=" in page.url
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    assert shown_columns(page) == keep
    assert page.locator(f"{TREATMENTS} tbody tr:visible").count() == 0
    assert page.locator("[data-matrix-controls]").get_attribute("open") is not None


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_choices_button_stays_under_the_pointer_as_it_opens_and_closes(browser, site_url, viewport):
    """The choices followed the switch on one line and, open, took a line of their own: their button jumped
    from beside the switch to the next line's start, away from the pointer that pressed it."""
    with opened(browser, viewport) as page:
        page.goto(f"{site_url}/compare/")
        matrix_ready(page)
        summary = page.locator("[data-matrix-controls] > summary")
        closed = summary.bounding_box()

        def in_place() -> bool:  # within a pixel or two: the line is centred on the switch beside it
            return all(abs(summary.bounding_box()[key] - closed[key]) <= 2 for key in ("x", "y", "width"))

        summary.click()
        assert page.locator("[data-matrix-controls]").evaluate("d => d.open")
        assert in_place(), (summary.bounding_box(), closed)
        summary.click()
        assert in_place(), (summary.bounding_box(), closed)


# A row below the headline's whose answer for Gold cites a claim: a place to read down the page.
LOWER = next(d for d in reversed(DIMENSIONS) if d.id != HEADLINE_DIMENSION and getattr(GOLD.comparison.get(d.id),
                                                                                         "claims", None))
READY = "() => location.pathname.endsWith('/compare/') && document.querySelector('[data-matrix-controls]')" \
        "?.dataset.matrixReady === 'true'"
# Another page set: its address, and no comparison on it.
AWAY = "() => !location.pathname.endsWith('/compare/') && !document.querySelector('[data-matrix-controls]')"


def _claim_link(page, dimension_id: str):
    """The link to the first claim Gold's answer to the question cites."""
    claim = GOLD.claim(GOLD.comparison[dimension_id].claims[0])
    return answer(page, f"dimension-{dimension_id}--{GOLD.id}").locator(f"a[href*='#{claim.anchor}']").first


def _open_answers(page) -> list[str]:
    return page.locator("table[data-matrix] td[id]:has(> details.msp-answer[open])").evaluate_all(
        "cells => cells.map(cell => cell.id)")


def _tab(page, name: str) -> None:
    """A tab of the header, clicked where it stands (the page at its top): instant navigation."""
    page.locator(".md-tabs__link", has_text=name).first.click()
    page.wait_for_load_state("networkidle")


def test_what_the_reader_opened_is_as_they_left_it_when_they_come_back(page):
    """Material sets /compare/ anew when the reader comes back to it: every answer came back closed and a
    filtered view's choices open again, pushing the row being read down the screen. Now the answer the
    reader opened is open, the choices they closed closed, and the page where they were reading, by Back
    and Forward; each visit keeps its own (two visits to one address are two entries); the same address
    visited anew opens as a shared link does."""
    controls = page.locator("[data-matrix-controls]")
    headline, lower = (f"dimension-{HEADLINE_DIMENSION}--{GOLD.id}", f"dimension-{LOWER.id}--{GOLD.id}")
    reading = _claim_link(page, LOWER.id)

    def as_left(opened: list[str], top: float) -> None:
        page.wait_for_function(READY)
        page.wait_for_function("ids => ids.every(id => document.getElementById(id).querySelector("
                               "'details.msp-answer').open)", arg=opened)
        page.wait_for_timeout(300)
        assert (sorted(_open_answers(page)), controls.evaluate("d => d.open")) == (sorted(opened), False)
        # Where the reader was reading, though an answer above it opened again after the page was set.
        assert abs(reading.evaluate("a => a.getBoundingClientRect().top") - top) < 40

    page.goto(f"{page.base}/compare/")
    matrix_ready(page)
    open_controls(page).get_by_role("group", name="The treatments").get_by_role("button", name="None").click()
    assert "rows=" in page.url
    view = page.url
    page.locator("h1").click()  # a click outside closes the choices
    assert not controls.evaluate("d => d.open")
    open_answer(page, lower)
    reading.scroll_into_view_if_needed()
    page.wait_for_function("() => history.state && Math.abs(history.state.y - window.scrollY) < 1")
    top = reading.evaluate("a => a.getBoundingClientRect().top")
    reading.click()
    page.wait_for_url(re.compile(f"/articles/{GOLD.id}/#"))
    page.wait_for_timeout(300)
    page.go_back()
    as_left([lower], top)
    page.go_forward()
    page.wait_for_url(re.compile(f"/articles/{GOLD.id}/#"))
    page.wait_for_timeout(300)
    page.go_back()
    as_left([lower], top)

    # The same view visited anew: its choices open, as a shared link's do, and no answer open.
    page.goto("about:blank")
    page.goto(view)
    matrix_ready(page)
    assert controls.evaluate("d => d.open") and _open_answers(page) == []

    # Reached at the top of the home page and left unscrolled: Material keeps no offset for it.
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    _tab(page, "Compare")
    page.wait_for_function(READY)
    open_answer(page, headline)
    page.go_back()
    page.wait_for_function(AWAY)
    page.go_forward()
    page.wait_for_function(READY)
    page.wait_for_function("id => document.getElementById(id).querySelector('details.msp-answer').open", arg=headline)
    # A second visit to the same address keeps its own: Back to the first finds the first's. (Left by a link in
    # the answer: a click outside it, on a tab, closes it, and the page is then kept with it closed.)
    _claim_link(page, HEADLINE_DIMENSION).click()
    page.wait_for_function(AWAY)
    page.evaluate("() => scrollTo(0, 0)")
    _tab(page, "Compare")
    page.wait_for_function(READY)
    assert _open_answers(page) == []
    open_answer(page, lower)
    page.go_back()
    page.wait_for_function(AWAY)
    page.go_back()
    page.wait_for_function(READY)
    page.wait_for_function("id => document.getElementById(id).querySelector('details.msp-answer').open", arg=headline)
    page.wait_for_timeout(300)
    assert _open_answers(page) == [headline]
    assert page.console_errors == []


def test_a_filtered_view_set_anew_by_a_link_within_it_keeps_its_choices_closed(page):
    """Material fetches the page and sets it anew at the first link to a place on the page itself after it
    loads: a filtered view's choices, closed by the reader, opened again, as a shared link opens them."""
    page.goto(f"{page.base}/compare/")
    matrix_ready(page)
    open_controls(page).get_by_role("group", name="The treatments").get_by_role("button", name="None").click()
    view = page.url
    page.goto("about:blank")
    page.goto(view)
    matrix_ready(page)
    controls = page.locator("[data-matrix-controls]")
    assert controls.evaluate("d => d.open")  # as a shared link opens
    page.locator("h1").click()
    assert not controls.evaluate("d => d.open")
    page.evaluate("() => { document.querySelector('[data-matrix-controls]').dataset.setBefore = ''; }")
    page.locator("article a.headerlink").last.evaluate("a => a.click()")
    # The page set anew, its choices set up (the ones marked before are gone).
    page.wait_for_function("() => { const c = document.querySelector('[data-matrix-controls]'); "
                           "return c && !('setBefore' in c.dataset) && c.dataset.matrixReady === 'true'; }")
    page.wait_for_timeout(300)
    assert not controls.evaluate("d => d.open")
    assert page.console_errors == []
def test_articles_can_be_ordered_by_their_answer_and_treatments_by_a_stance(page):
    page.goto(f"{page.base}/compare/?order=dimension-evidence-kind&by={GOLD.id}")
    evidence = next(d for d in DATASET.vocabularies.dimensions if d.id == "evidence-kind")
    answers = {article.id: DATASET.answer(article, evidence) for article in SHOWN}
    # Articles with an answer come first, in alphabetical order of it; the rest keep list order.
    expected = sorted((a.id for a in SHOWN),
                      key=lambda i: (answers[i].kind not in ("value", "field"),
                                     answers[i].short.casefold() if answers[i].kind in ("value", "field") else ""))
    assert shown_columns(page) == expected
    assert shown_columns(page, "treatments") == expected
    assert page.locator("#dimension-evidence-kind > th").get_attribute("aria-sort") == "ascending"
    ranks = [stance.id for stance in DATASET.vocabularies["stances"]]
    order = page.locator(f"{TREATMENTS} tbody tr").evaluate_all("rows => rows.map(r => r.dataset.row)")
    gold = [ranks.index(DATASET.stance_of(GOLD, row.removeprefix("treatment-")).id) for row in order]
    assert gold == sorted(gold) and gold[0] == min(ranks.index(entry.stance) for entry in GOLD.treatments)
    assert page.locator(f"{TREATMENTS} thead th[data-column='{GOLD.id}']").get_attribute("aria-sort") == "ascending"
    page.get_by_label("Order treatments by").select_option("name")
    names = page.locator(f"{TREATMENTS} tbody th[scope='row']").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    assert page.url.endswith("?order=dimension-evidence-kind&by=name")
    assert page.locator(f"{TREATMENTS} thead th[data-column='{GOLD.id}']").get_attribute("aria-sort") is None


def test_a_link_to_a_filtered_out_cell_shows_it(page):
    others = ",".join(article.id for article in SHOWN if article.id != GOLD.id)
    page.goto(f"{page.base}/compare/?articles={others}#dimension-promotes--{GOLD.id}")
    assert page.locator(f"#dimension-promotes--{GOLD.id}").is_visible()


# -- The glance at 1280 px: every article and every question, nothing sideways ----

GEOMETRY = """table => {
  const rect = el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
  const box = table.closest('.msp-matrix'), scroller = table.closest('.msp-matrix__scroller');
  return {
    columns: [...table.tHead.querySelectorAll('th[data-column]')].filter(th => !th.hidden).map(rect),
    rows: [...table.tBodies[0].rows].filter(tr => !tr.hidden).map(rect),
    cells: [...table.tBodies[0].querySelectorAll('td')].filter(td => td.offsetParent).map(rect),
    width: table.getBoundingClientRect().width,
    layout: box.dataset.layout,
    scrolls: scroller.scrollWidth > scroller.clientWidth,
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
  };
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("articles", ["real", 8])
def test_at_1280_px_every_article_and_every_row_is_on_screen_without_scrolling_sideways(
        browser, site_url, fixture_site, articles, scheme):
    base, count = (site_url, len(SHOWN)) if articles == "real" else (fixture_site(articles), articles)
    assert count <= COLUMNS_AT_ONCE
    with opened(browser, LAPTOP, scheme) as page:
        page.goto(f"{base}/compare/")
        for table in (QUESTIONS, TREATMENTS):
            geometry = page.locator(table).evaluate(GEOMETRY)
            assert geometry["layout"] == "fits" and not geometry["scrolls"], table
            assert geometry["page"] <= geometry["window"] == LAPTOP["width"]
            assert len(geometry["columns"]) == count, table
            for left, right, _, _ in geometry["columns"] + geometry["rows"] + geometry["cells"]:
                assert 0 <= left and right <= LAPTOP["width"], (table, left, right)
        rows = page.locator(QUESTIONS).evaluate(GEOMETRY)["rows"]
        assert len(rows) == len(DIMENSIONS)


def test_with_more_articles_than_fit_the_reader_chooses_which_and_the_url_keeps_it(browser, fixture_site):
    base = fixture_site(COLUMNS_AT_ONCE + 4)
    with opened(browser) as page:
        page.goto(f"{base}/compare/")
        columns = page.locator(f"{QUESTIONS} thead th[data-column]")
        everyone = columns.evaluate_all("cells => cells.map(c => c.dataset.column)")
        assert shown_columns(page) == everyone[:COLUMNS_AT_ONCE]
        status = page.get_by_role("status").inner_text()
        assert status.startswith(f"Showing {COLUMNS_AT_ONCE} of {len(everyone)} articles") and "Choose" in status
        assert page.locator(QUESTIONS).evaluate(GEOMETRY)["layout"] == "fits"
        controls = open_controls(page)
        extra = columns.nth(COLUMNS_AT_ONCE).inner_text()
        first = columns.nth(0).inner_text()
        controls.get_by_role("group", name="Articles").get_by_label(first).uncheck()
        controls.get_by_role("group", name="Articles").get_by_label(extra).check()
        chosen = everyone[1:COLUMNS_AT_ONCE + 1]
        assert shown_columns(page) == chosen
        assert "articles=" + ",".join(chosen) in page.url
        shared = page.url
        page.goto("about:blank")
        page.goto(shared)
        assert shown_columns(page) == chosen


def test_a_table_wider_than_the_page_scrolls_in_its_own_box_with_a_cue(browser, fixture_site):
    base = fixture_site(COLUMNS_AT_ONCE + 4)
    with opened(browser) as page:
        page.goto(f"{base}/compare/")
        everyone = page.locator(f"{QUESTIONS} thead th[data-column]").evaluate_all("cells => cells.map(c => c.dataset.column)")
        page.goto(f"{base}/compare/?articles={','.join(everyone)}")
        geometry = page.locator(QUESTIONS).evaluate(GEOMETRY)
        assert geometry["layout"] == "wide" and geometry["scrolls"]
        assert geometry["page"] <= LAPTOP["width"]  # only the table's own box scrolls
        box = page.locator(".msp-matrix").filter(has=page.locator(QUESTIONS))
        cue = box.locator("[data-matrix-cue]")
        assert cue.is_visible() and f"scroll it sideways to see all {len(everyone)} articles" in cue.inner_text()
        scroller = box.locator(".msp-matrix__scroller")
        assert scroller.get_attribute("aria-describedby") == cue.get_attribute("id")
        assert box.get_attribute("data-at-start") is not None and box.get_attribute("data-at-end") is None
        shade = box.evaluate("b => getComputedStyle(b, '::after').backgroundImage")
        assert "gradient" in shade
        scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        page.wait_for_function("b => b.hasAttribute('data-at-end')", arg=box.element_handle())


# -- The article names stay in view while the page scrolls through a table ---------

STUCK = """table => {
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const th = [...table.tHead.querySelectorAll('th[data-column]')].find(th => !th.hidden);
  const r = th.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {header, top: r.top, tableTop: table.getBoundingClientRect().top,
          tableBottom: table.getBoundingClientRect().bottom, onTop: th === hit || th.contains(hit)};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("articles", ["real", 8, "wide"])
def test_the_row_of_article_names_stays_in_view_while_the_page_scrolls_through_the_table(
        browser, site_url, fixture_site, articles, scheme):
    query = ""
    if articles == "real":
        base = site_url
    else:
        base = fixture_site(articles if articles != "wide" else COLUMNS_AT_ONCE + 4)
    with opened(browser, LAPTOP, scheme) as page:
        if articles == "wide":
            page.goto(f"{base}/compare/")
            everyone = page.locator(f"{QUESTIONS} thead th[data-column]").evaluate_all("c => c.map(x => x.dataset.column)")
            query = "?view=full&articles=" + ",".join(everyone)
        else:
            query = "?view=full"  # full answers: a table several screens tall
        page.goto(f"{base}/compare/{query}")
        for table in (QUESTIONS, TREATMENTS):
            start = page.locator(table).evaluate("t => t.getBoundingClientRect().top + window.scrollY")
            end = page.locator(table).evaluate("t => t.getBoundingClientRect().bottom + window.scrollY")
            if end - start < LAPTOP["height"] / 2:
                continue  # a table this short is read without scrolling through it
            checked = 0
            for y in range(int(start) - 20, int(end) - 200, 120):
                page.evaluate("y => window.scrollTo(0, y)", y)
                settle(page)
                where = page.locator(table).evaluate(STUCK)
                if where["tableTop"] < where["header"] and where["tableBottom"] > where["header"] + 150:
                    assert abs(where["top"] - where["header"]) <= 2 and where["onTop"], (table, y, where)
                    checked += 1
            assert checked >= 1, table


# -- The phone: one question at a time, never sideways, everything reachable --------


# The right edge of the page's content: everything laid out in the flow (a visually hidden
# label, clipped inside an absolutely positioned box, takes no room).
WIDEST = """() => {
  const floating = el => { for (let n = el; n && n !== document.body; n = n.parentElement)
    if (getComputedStyle(n).position === 'absolute') return true; return false; };
  const edges = [...document.querySelectorAll('.md-content *')].filter(el => el.offsetParent && !floating(el))
    .map(el => el.getBoundingClientRect().right);
  return Math.max(document.documentElement.scrollWidth, ...edges);
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("articles", ["real", 8])
def test_on_a_phone_the_page_never_scrolls_sideways(browser, site_url, fixture_site, articles, scheme):
    base = site_url if articles == "real" else fixture_site(articles)
    with opened(browser, PHONE, scheme, touch=True) as page:
        for query in ("", "?view=full", "?view=full&mentions=2"):
            page.goto(f"{base}/compare/{query}")
            widest = page.evaluate(WIDEST)
            assert widest <= PHONE["width"], query
        page.locator("[data-matrix-controls] > summary").tap()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "with the controls open"
        if articles == "real":
            for path in ("/treatments/", "/treatments/stretching/", "/agreement/", f"/articles/{GOLD.id}/"):
                page.goto(base + path)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


def test_on_a_phone_each_question_stacks_every_article_s_answer_under_it_root_causes_first(browser, site_url):
    with opened(browser, PHONE, touch=True) as page:
        page.goto(f"{site_url}/compare/")
        first = page.locator(f"{QUESTIONS} tbody tr").first
        assert first.get_attribute("data-row") == f"dimension-{HEADLINE_DIMENSION}"
        names = first.locator(".msp-cell__article").all_inner_texts()
        assert names == [article.short_title for article in SHOWN]
        boxes = [first.locator("td").nth(i).bounding_box() for i in range(len(SHOWN))]
        assert all(b["width"] > PHONE["width"] * 0.8 for b in boxes)  # stacked, each the width of the screen
        assert all(a["y"] < b["y"] for a, b in zip(boxes, boxes[1:]))
        # The first root cause is on the first screen, under its question.
        summary = first.locator("summary").first.bounding_box()
        assert summary["y"] + summary["height"] <= PHONE["height"]
        # The question sticks below the site header while its answers scroll by.
        question = first.locator("th")
        page.evaluate("y => window.scrollTo(0, y)", boxes[-1]["y"] - 200)
        settle(page)
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert abs(question.bounding_box()["y"] - header) <= 2


def claim_links(page):
    return page.locator("table[data-matrix] td:visible a")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_every_answer_and_claim_link_is_reachable_by_touch(browser, site_url, scheme):
    with opened(browser, PHONE, scheme, touch=True) as page:
        page.goto(f"{site_url}/compare/")
        summaries = page.locator("table[data-matrix] td:visible details.msp-answer > summary")
        expected = len(SHOWN) * len(DIMENSIONS) + sum(len(article.treatments) for article in SHOWN)
        assert summaries.count() == expected
        tapped = 0
        for index in range(expected):
            summary = summaries.nth(index)
            summary.tap()
            details = summary.locator("xpath=..")
            assert details.evaluate("d => d.open"), index
            links = details.locator(".msp-answer__full a")
            for number in range(links.count()):
                link = links.nth(number)
                link.tap()  # the first tap shows the quotation, it does not follow the link
                tip = page.locator(PREVIEW)
                tip.wait_for(state="visible")
                assert link.get_attribute("data-preview") in tip.inner_text()
                assert "Tap the link again" in tip.inner_text()
                page.keyboard.press("Escape")
                tip.wait_for(state="hidden")
                tapped += 1
        # Each answer closed as the next one opened: every link was reached, one answer at a time.
        assert tapped == page.locator("table[data-matrix] td:visible .msp-answer__full a").count() > 0
        assert page.locator("table[data-matrix] details.msp-answer[open]").count() == 1
        # A second tap follows the link.
        link = page.locator("table[data-matrix] details.msp-answer[open] .msp-answer__full a").first
        href = link.get_attribute("href")
        link.tap()
        link.tap()
        page.wait_for_url(re.compile(re.escape(href.split("#")[0].lstrip("."))))


FOCUS = """() => {
  const el = document.activeElement;
  if (!el || !el.closest('table[data-matrix]')) return {where: 'outside', kind: el ? el.tagName : ''};
  const box = el.getClientRects()[0];
  const hit = box && document.elementFromPoint(box.left + Math.min(box.width, 20) / 2, box.top + box.height / 2);
  return {where: 'table', kind: el.tagName, open: el.tagName === 'SUMMARY' ? el.parentElement.open : null,
          inCell: el.closest('td') !== null,
          onTop: Boolean(hit && (hit === el || el.contains(hit))), cell: el.closest('td, th').id,
          inView: box ? box.top >= 0 && box.bottom <= window.innerHeight : false};
}"""


def tab_through_the_tables(page, open_with_enter: bool) -> tuple[int, int, list]:
    """Tab from the controls through both tables to the downloads; open each answer with Enter.
    Returns the answers and links reached and every focus stop that was hidden or under a sticky header."""
    page.locator("[data-matrix-controls] > summary").focus()
    answers = links = 0
    hidden = []
    left_tables = False
    for _ in range(2000):
        page.keyboard.press("Tab")
        where = page.evaluate(FOCUS)
        if where["where"] == "outside":
            if left_tables and page.evaluate("document.activeElement.closest('#downloads ~ ul') !== null"):
                break
            continue
        left_tables = True
        if not (where["onTop"] and where["inView"]):
            hidden.append(where)
        if where["kind"] == "SUMMARY":
            answers += 1
            if open_with_enter and not where["open"]:
                page.keyboard.press("Enter")
                assert page.evaluate("document.activeElement.parentElement.open")
        elif where["kind"] == "A" and where["inCell"]:
            links += 1
    return answers, links, hidden


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_every_answer_and_claim_link_is_reachable_by_keyboard(browser, site_url, scheme):
    with opened(browser, PHONE, scheme) as page:
        page.goto(f"{site_url}/compare/")
        answers, links, hidden = tab_through_the_tables(page, open_with_enter=True)
        assert answers == len(SHOWN) * len(DIMENSIONS) + sum(len(article.treatments) for article in SHOWN)
        assert links == claim_links(page).count() > 0
        assert hidden == [], json.dumps(hidden)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_at_1280_px_a_focused_link_or_answer_is_never_under_the_sticky_header_or_column(browser, site_url, scheme):
    with opened(browser, LAPTOP, scheme) as page:
        page.goto(f"{site_url}/compare/?view=full")
        answers, links, hidden = tab_through_the_tables(page, open_with_enter=False)
        # In full, the question answers show open (nothing to open) and every link is in the tab order.
        assert answers == sum(len(article.treatments) for article in SHOWN)
        assert links == claim_links(page).count() > 0
        assert hidden == [], json.dumps(hidden)


# -- Quotation previews: tap, focus and hover; Escape closes; never over the cell -----


def test_the_preview_shows_on_focus_and_escape_closes_it(page):
    page.goto(f"{page.base}/compare/")
    claim = GOLD.claim(GOLD.comparison["root-cause"].claims[0])
    details = open_answer(page, f"dimension-root-cause--{GOLD.id}")
    link = details.locator(f"a[href*='#{claim.anchor}']").first
    link.focus()
    tooltip = page.locator(PREVIEW)
    tooltip.wait_for(state="visible")
    quotation = " ".join(claim.quotations[0].text.split())
    assert quotation in " ".join(tooltip.inner_text().split())
    assert link.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    # It covers no part of the cell the reader is in.
    cell, tip = page.locator(f"#dimension-root-cause--{GOLD.id}").bounding_box(), tooltip.bounding_box()
    assert (tip["x"] >= cell["x"] + cell["width"] or tip["x"] + tip["width"] <= cell["x"]
            or tip["y"] >= cell["y"] + cell["height"] or tip["y"] + tip["height"] <= cell["y"])
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None
    link.blur()
    link.focus()
    tooltip.wait_for(state="visible")
    page.keyboard.press("Tab")
    page.wait_for_function("text => ![...document.querySelectorAll('#msp-preview:not([hidden])')]"
                           ".some(tip => tip.textContent.includes(text))", arg=quotation[:30])


def test_a_preview_covers_no_part_of_a_cell_that_says_several_things(page):
    """A treatment cell with more than one stance holds a paragraph each: the preview of a claim link in the
    first goes below (or above, or beside) the whole cell, not below the paragraph, over the next one."""
    page.goto(f"{page.base}/compare/?view=full")
    cells = page.locator("table[data-matrix] td").filter(has=page.locator("a.msp-ref"))
    several = [cell for cell in cells.all() if cell.locator("p, li").count() > 1
               and cell.locator("a.msp-ref").count() > 1]
    assert several, "the case needs a cell that says more than one thing"
    tooltip = page.locator(PREVIEW)
    for cell in several:
        link = cell.locator("a.msp-ref").first
        link.scroll_into_view_if_needed()
        link.hover()
        tooltip.wait_for(state="visible")
        box, tip = cell.bounding_box(), tooltip.bounding_box()
        assert (tip["x"] >= box["x"] + box["width"] - 1 or tip["x"] + tip["width"] <= box["x"] + 1
                or tip["y"] >= box["y"] + box["height"] - 1 or tip["y"] + tip["height"] <= box["y"] + 1), (
            cell.get_attribute("id"), box, tip)
        page.keyboard.press("Escape")
        tooltip.wait_for(state="hidden")


def test_on_a_phone_a_preview_from_a_tall_cell_stays_on_the_screen(browser, site_url):
    """A cell taller than the room above and below it, with no room beside it: the preview goes by the
    paragraph the link is in, or its line, and never below the bottom of the screen."""
    short = {"width": PHONE["width"], "height": 420}  # a phone with its keyboard open, or turned sideways
    with opened(browser, short, touch=True) as page:
        page.goto(f"{site_url}/compare/?view=full")
        cells = page.locator("table[data-matrix] td").filter(has=page.locator("a.msp-ref"))
        tall = sorted(cells.all(), key=lambda cell: -cell.bounding_box()["height"])[:3]
        assert tall and tall[0].bounding_box()["height"] > short["height"] * 0.75, "the case needs a tall cell"
        tooltip = page.locator(PREVIEW)
        for cell in tall:
            link = cell.locator("a.msp-ref").last
            link.evaluate("link => link.scrollIntoView({block: 'end'})")
            link.tap()
            tooltip.wait_for(state="visible")
            tip = tooltip.bounding_box()
            assert tip["y"] >= 0 and tip["y"] + tip["height"] <= short["height"], (cell.get_attribute("id"), tip)
            page.keyboard.press("Escape")
            tooltip.wait_for(state="hidden")


def test_the_preview_shows_on_hover_and_escape_closes_it(page):
    page.goto(f"{page.base}/compare/?view=full")
    claim = GOLD.claim(GOLD.comparison["mechanism"].claims[0])
    page.locator(f"#dimension-mechanism--{GOLD.id} a[href*='#{claim.anchor}']").first.hover()
    tooltip = page.locator(PREVIEW)
    tooltip.wait_for(state="visible")
    assert " ".join(claim.quotations[0].text.split()) in " ".join(tooltip.inner_text().split())
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_preview_shows_on_tap_and_escape_closes_it(browser, site_url, scheme):
    with opened(browser, PHONE, scheme, touch=True) as page:
        page.goto(f"{site_url}/compare/")
        claim = GOLD.claim(GOLD.comparison["root-cause"].claims[0])
        link = open_answer(page, f"dimension-root-cause--{GOLD.id}", tap=True).locator(f"a[href*='#{claim.anchor}']").first
        link.tap()
        tooltip = page.locator(PREVIEW)
        tooltip.wait_for(state="visible")
        assert page.url.endswith("/compare/")  # the first tap previews, it does not follow
        assert " ".join(claim.quotations[0].text.split()) in " ".join(tooltip.inner_text().split())
        page.keyboard.press("Escape")
        tooltip.wait_for(state="hidden")


# -- Colours: stances told apart, links readable ------------------------------------

def stance_colours(page, where: str) -> dict[str, dict]:
    """Each stance badge's icon colour, text colour and the background it sits on, as the page computes them."""
    found = {}
    for stance in DATASET.vocabularies["stances"]:
        badge = page.locator(f"{where} .msp-stance--{stance.id}").first
        if not badge.count():
            continue
        found[stance.id] = {
            "icon": parse(badge.locator(".twemoji").evaluate("e => getComputedStyle(e).color"))[:3],
            "background": over(badge.evaluate(BACKGROUNDS)),
            "tint": parse(badge.evaluate("e => getComputedStyle(e).backgroundColor")),
        }
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_stance_has_its_own_colour_told_apart_in_colour_blindness_at_3_to_1(browser, site_url, scheme):
    with opened(browser, LAPTOP, scheme) as page:
        page.goto(f"{site_url}/compare/")
        legend = stance_colours(page, ".msp-legend")
        table = stance_colours(page, TREATMENTS)
        default = tuple(float(n) for n in page.evaluate(
            "getComputedStyle(document.body).getPropertyValue('--msp-stance-default')").split())
        # A stance the vocabulary gains before it gains a colour: the default, still 3:1.
        page.evaluate("""() => { const s = document.createElement('span'); s.className = 'msp-stance msp-stance--x-new';
            const i = document.createElement('span'); i.className = 'twemoji'; s.append(i, 'New');
            document.querySelector('.msp-legend li').append(s); }""")
        new_badge = page.locator(".msp-stance--x-new")
        new_icon = parse(new_badge.locator(".twemoji").evaluate("e => getComputedStyle(e).color"))[:3]
        assert new_icon == default and contrast(new_icon, over(new_badge.evaluate(BACKGROUNDS))) >= 3
    assert set(legend) == {stance.id for stance in DATASET.vocabularies["stances"]}
    for where in (legend, table):
        for stance_id, seen in where.items():
            assert contrast(seen["icon"], seen["background"]) >= 3, (scheme, stance_id)
    implicit = DATASET.vocabularies.implicit_stance.id
    coloured = {i: seen["icon"] for i, seen in legend.items() if i != implicit}
    assert len(set(coloured.values())) == len(coloured)  # every stance its own colour
    assert legend[implicit]["tint"][3] == 0  # "not mentioned" is quiet: no tint
    assert all(seen["tint"][3] > 0 for i, seen in legend.items() if i != implicit)
    own = {i: rgb for i, rgb in coloured.items() if rgb != default}
    for (one, a), (two, b) in combinations(own.items(), 2):
        for deficiency in ("normal", *DEFICIENCIES):
            see = (lambda rgb: rgb) if deficiency == "normal" else (lambda rgb: simulate(rgb, deficiency))
            assert delta_e(see(a), see(b)) >= 7, (scheme, deficiency, one, two)


LINK_STATES = [
    ("a claim link in the root-cause row", "focus", f"#dimension-{HEADLINE_DIMENSION}--{GOLD.id} .msp-answer__full a"),
    ("a claim link in another row", "focus", f"#dimension-mechanism--{GOLD.id} .msp-answer__full a"),
    ("an article's name in the header row", "hover", f"{QUESTIONS} thead th[data-column] a"),
    ("a treatment's name", "hover", f"{TREATMENTS} tbody th a"),
    ("a link in running text", "hover", "#treatments ~ p a"),
]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_hovered_and_focused_links_keep_4_5_to_1(browser, site_url, scheme):
    with opened(browser, LAPTOP, scheme) as page:
        page.goto(f"{site_url}/compare/?view=full")
        for name, state, selector in LINK_STATES:
            link = page.locator(selector).first
            link.focus() if state == "focus" else link.hover()
            page.wait_for_timeout(200)  # Material eases link colours over 125 ms
            ratio = text_contrast(link)
            assert ratio >= 4.5, (scheme, name, round(ratio, 2))
            page.keyboard.press("Escape")
            page.mouse.move(0, 0)


# -- Accessibility: axe, in every state a reader can put the page in ------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("state", ["short", "full", "answer open and preview shown", "phone", "controls open"])
def test_the_compare_page_has_no_axe_violations(browser, site_url, scheme, state):
    phone = state == "phone"
    with opened(browser, PHONE if phone else LAPTOP, scheme, touch=phone) as page:
        page.goto(f"{site_url}/compare/" + ("?view=full&mentions=2" if state == "full" else ""))
        if state in ("answer open and preview shown", "phone"):
            details = open_answer(page, f"dimension-{HEADLINE_DIMENSION}--{GOLD.id}", tap=phone)
            link = details.locator(".msp-answer__full a").first
            link.tap() if phone else link.focus()
            page.locator(PREVIEW).wait_for(state="visible")
        if state == "controls open":
            open_controls(page)
        violations = axe_violations(page)
        if state == "answer open and preview shown":
            assert page.locator(PREVIEW).is_visible()
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_filtered_targeted_view_has_no_axe_violations(browser, site_url, scheme):
    with opened(browser, LAPTOP, scheme) as page:
        page.goto(f"{site_url}/compare/?articles={GOLD.id}&by=name#dimension-root-cause--{GOLD.id}")
        violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_dozen_articles_wide_and_chosen_have_no_axe_violations(browser, fixture_site, scheme):
    base = fixture_site(COLUMNS_AT_ONCE + 4)
    with opened(browser, LAPTOP, scheme) as page:
        page.goto(f"{base}/compare/")
        violations = axe_violations(page)
        everyone = page.locator(f"{QUESTIONS} thead th[data-column]").evaluate_all("c => c.map(x => x.dataset.column)")
        page.goto(f"{base}/compare/?articles={','.join(everyone)}")
        violations += axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


# -- Print ---------------------------------------------------------------------------


def test_the_matrix_prints_on_a_4_landscape(page):
    page.goto(f"{page.base}/compare/")
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = {tuple(round(float(n)) for n in box.split()) for box in re.findall(rb"/MediaBox \[0 0 ([\d. ]+)\]", pdf)}
    assert boxes == {(842, 595)}  # A4 landscape, in points
    # Lay the page out as it prints: 277 mm of A4 landscape between 1 cm margins is 1047 CSS pixels.
    page.set_viewport_size({"width": 1047, "height": 740})
    page.emulate_media(media="print")
    assert page.locator("[data-matrix-controls]").is_hidden()
    for table in ("questions", "treatments"):
        scroller = page.locator(f"table[data-matrix='{table}']").locator("xpath=ancestor::div[1]")
        assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth"), table
    assert page.evaluate("document.documentElement.scrollWidth") <= 1047


# -- What opens, closes (issue 19) ----------------------------------------------------------------------------

def _cell(dimension: str = HEADLINE_DIMENSION, article=GOLD) -> str:
    return f"dimension-{dimension}--{article.id}"


def test_escape_closes_an_open_answer_and_returns_focus_to_it(page):
    page.goto(f"{page.base}/compare/")
    details = open_answer(page, _cell())
    page.keyboard.press("Escape")
    assert not details.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('summary.msp-answer__short')")
    assert page.evaluate(f"document.activeElement.closest('td').id") == _cell()


def test_a_click_outside_closes_an_open_answer_and_one_inside_does_not(page):
    page.goto(f"{page.base}/compare/")
    details = open_answer(page, _cell())
    details.locator(".msp-answer__full").click(position={"x": 2, "y": 2})
    assert details.evaluate("d => d.open")  # a click inside the answer leaves it open
    page.locator("h1").click()
    assert not details.evaluate("d => d.open")
    # The toolbar's strip beside its controls looks like the page: a click there is outside too, and a choice
    # of view in it leaves the answer open.
    details = open_answer(page, _cell())
    strip = page.locator(".msp-matrix-toolbar").first.bounding_box()
    page.mouse.click(strip["x"] + strip["width"] - 4, strip["y"] + strip["height"] / 2)
    assert not details.evaluate("d => d.open")
    details = open_answer(page, _cell())
    page.locator(".msp-matrix-toolbar .msp-view label").first.click()
    assert details.evaluate("d => d.open")
    page.goto(f"{page.base}/compare/")
    # Opening another closes the first.
    first = open_answer(page, _cell())
    second = open_answer(page, _cell("mechanism"))
    assert second.evaluate("d => d.open") and not first.evaluate("d => d.open")


def test_tab_out_of_an_open_answer_closes_it_and_tab_within_it_does_not(page):
    """Tab from an open answer's summary goes into the answer (its links); Tab past its last one closes it,
    and the focus goes on; Shift+Tab out of it closes it too."""
    page.goto(f"{page.base}/compare/")
    details = open_answer(page, _cell())
    details.locator("summary").focus()
    inside = details.locator("a[href]").count()
    assert inside, "the answer holds no link to tab to"
    for _ in range(inside):
        page.keyboard.press("Tab")
        assert details.evaluate("d => d.open && d.contains(document.activeElement)")
    page.keyboard.press("Tab")
    assert not details.evaluate("d => d.open")
    assert not details.evaluate("d => d.contains(document.activeElement)")  # the focus went on
    details = open_answer(page, _cell())
    details.locator("summary").focus()
    page.keyboard.press("Shift+Tab")
    assert not details.evaluate("d => d.open")


def test_on_a_phone_a_tap_elsewhere_closes_an_answer(browser, site_url):
    with opened(browser, PHONE, touch=True) as page:
        page.goto(f"{site_url}/compare/")
        details = open_answer(page, _cell(), tap=True)
        page.locator("h1").tap()
        assert not details.evaluate("d => d.open")


def test_an_answer_a_link_opened_takes_the_fragment_with_it_when_it_closes(page):
    page.goto(f"{page.base}/compare/#{_cell()}")
    details = answer(page, _cell())
    details.wait_for()
    page.wait_for_function(f"document.getElementById({_cell()!r}).querySelector('details').open")
    page.keyboard.press("Escape")
    assert not details.evaluate("d => d.open")
    assert page.evaluate("location.hash") == ""
    page.reload()
    assert not answer(page, _cell()).evaluate("d => d.open")


def test_escape_closes_a_preview_first_then_its_answer(page):
    page.goto(f"{page.base}/compare/")
    details = open_answer(page, _cell())
    link = details.locator(".msp-answer__full a[data-preview]").first
    link.focus()
    page.locator(PREVIEW).wait_for()
    page.keyboard.press("Escape")
    assert page.locator(PREVIEW).count() == 0
    assert details.evaluate("d => d.open")
    page.keyboard.press("Escape")
    assert not details.evaluate("d => d.open")


def test_the_choices_panel_closes_on_escape_and_on_a_click_outside(page):
    page.goto(f"{page.base}/compare/")
    panel = page.locator("details[data-matrix-controls]")
    summary = panel.locator(":scope > summary")
    summary.click()
    assert panel.evaluate("d => d.open")
    panel.locator("input[type=checkbox]").first.focus()
    page.keyboard.press("Escape")
    assert not panel.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('details[data-matrix-controls] > summary')")
    summary.click()
    panel.locator("input[type=checkbox]").first.click()  # a choice made inside keeps it open
    assert panel.evaluate("d => d.open")
    page.locator("h1").click()
    assert not panel.evaluate("d => d.open")
