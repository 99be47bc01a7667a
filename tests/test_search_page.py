"""The search page (/search/), in real Chromium: every result of a search, narrowed by the kind of page, a
treatment and an article's stance on it; the search kept in the address; reached from the header's box with
the words typed there. What each filter must list is worked out from the data, not written down here."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, quote, urlparse

import pytest

from conftest import DATA, axe_violations, only_local
from perspectives import load_checked, search, urls
from perspectives.render import escape_data, render_site
from test_search import WORDS, _page_texts, type_query

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dataset():
    return load_checked(DATA)


def open_search(page, query: str = "") -> None:
    page.goto(f"{page.base}/search/{query}")
    settled(page)


def settled(page) -> None:
    """Wait until the page says what it found (the status is empty until its script has run)."""
    page.wait_for_function("() => { const s = document.querySelector('[data-search-status]');"
                           " return s && s.textContent && s.textContent !== 'Searching…'; }")


def listed(page) -> list[str]:
    """The pages listed, as paths (without the marked words' `h`)."""
    return page.locator(".msp-search__title a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")


def show_all(page) -> list[str]:
    """Every result, "Show more" pressed until it is gone. A press lists results batch by batch, with the
    button hidden until the last: done when the button is back, or the status no longer says more are left."""
    while page.locator("[data-search-more]").is_visible():
        before = page.locator(".msp-search__result").count()
        page.locator("[data-search-more]").click()
        page.wait_for_function(f"""() => document.querySelectorAll('.msp-search__result').length > {before} && (
            !document.querySelector('[data-search-more]').hidden
            || !/more below|the first/.test(document.querySelector('[data-search-status]').textContent))""")
    return listed(page)


def article_url(article) -> str:
    return "/" + urls.article_url(article)


def test_a_word_lists_every_page_that_has_it_ten_at_a_time(page):
    open_search(page, "?words=stretching")
    status = page.locator("[data-search-status]").inner_text()
    total = int(re.match(r"(\d+) pages found", status).group(1))
    assert total > 10, "the case needs more results than one screen lists"
    assert len(listed(page)) == 10 and "the first 10 listed" in status
    page.locator("[data-search-more]").click()
    page.wait_for_function("() => document.querySelectorAll('.msp-search__result').length > 10")
    # The first of the results just listed takes the focus: a keyboard reader goes on reading there.
    assert page.evaluate("document.activeElement === document.querySelectorAll('.msp-search__title a')[10]")
    assert len(set(show_all(page))) == total
    assert "all listed" in page.locator("[data-search-status]").inner_text()
    assert only_local(page) == [] and page.console_errors == []


def test_back_from_a_result_returns_to_it_among_as_many_results_as_were_listed(page):
    """A reader who pressed "Show more", opened a result far down and came back found the search page at its
    top with ten results: Material scrolls back as it sets the page, before any result is listed. Now the
    results listed before are listed again and the page returns to where it was, by Back and by Forward;
    the same search reached by a link again opens at its top, with the first ten."""
    page.goto(f"{page.base}/")
    open_search(page, "?words=stretching")
    page.locator("[data-search-more]").click()
    page.wait_for_function("() => document.querySelectorAll('.msp-search__result').length > 10")
    result = page.locator(".msp-search__result").last
    result.scroll_into_view_if_needed()
    listed_before = page.locator(".msp-search__result").count()
    page.wait_for_timeout(300)  # Material keeps the scroll offset as the page's history state 100 ms after it
    offset = page.evaluate("scrollY")
    assert offset > page.evaluate("innerHeight"), "the case needs a result below the first screen"
    link = result.locator(".msp-search__title a")
    href = link.get_attribute("href")
    search = page.url

    def read_result() -> None:
        """The result's page opened, marked and read: Material writes a page's scroll offset into the history
        entry that is current 100 ms after the page last moved, so Back within 100 ms of the result's page
        scrolling to its marks writes that page's offset over the search page's."""
        page.wait_for_function("() => !location.pathname.endsWith('/search/')")
        page.locator("article mark[data-searched]").first.wait_for(state="attached")
        page.wait_for_timeout(300)

    link.click()
    read_result()

    def returned() -> None:
        page.wait_for_function(f"() => document.querySelectorAll('.msp-search__result').length >= {listed_before}")
        page.wait_for_function(f"() => Math.abs(scrollY - {offset}) < 2", timeout=5_000)
        assert page.evaluate(f"""() => {{ const box = document.querySelector('.msp-search__title a[href="{href}"]')
            .getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; }}""")
        page.wait_for_timeout(300)  # read too, and the offset kept as the page's (read_result)

    page.go_back()
    returned()
    page.go_forward()
    read_result()
    page.go_back()
    returned()
    page.go_back()  # the page the search was opened from: the search page is a document loaded anew
    page.go_forward()
    returned()
    # The same address reached anew (from another page; the same address again is a reload, which returns
    # as the browser's Back does): a search of its own, at the top, with the first results.
    page.goto(f"{page.base}/")
    page.goto(search)
    settled(page)
    page.wait_for_timeout(300)
    assert (page.locator(".msp-search__result").count(), page.evaluate("scrollY")) == (10, 0)
    assert page.console_errors == []


def test_the_kind_of_page_in_focus_is_marked_and_the_arrow_keys_move_the_mark(page):
    """A keyboard user tabs onto the kinds of page and changes the choice with the arrow keys: the theme drew no
    ring on a radio button, so nothing showed which one they were on."""
    open_search(page, "?words=stretching")
    page.locator(".msp-search__submit").focus()
    page.keyboard.press("Tab")
    for _ in range(2):
        focused = page.evaluate("() => { const el = document.activeElement, style = getComputedStyle(el);"
                                " return [el.name, el.value, style.outlineStyle, parseFloat(style.outlineWidth)]; }")
        assert focused[0] == "kind" and focused[2] != "none" and focused[3] > 0, focused
        page.keyboard.press("ArrowRight")
        assert page.locator("input[name=kind]:checked").get_attribute("value") == page.evaluate(
            "() => document.activeElement.value") != focused[1]


@pytest.mark.parametrize("kind, prefix, label", [("article", "/articles/", "Article summary"),
                                                 ("treatment", "/treatments/", "Treatment")])
def test_the_kind_of_page_narrows_the_results(page, kind, prefix, label):
    open_search(page, "?words=stretching")
    every = set(show_all(page))
    page.locator(f"input[name=kind][value={kind}]").check()
    settled(page)
    narrowed = show_all(page)
    assert narrowed and all(path.startswith(prefix) for path in narrowed)
    assert set(narrowed) == {path for path in every if path.startswith(prefix) and path != prefix}
    assert set(page.locator(".msp-search__kind").all_text_contents()) == {label}
    assert "kind=" + kind in page.url


def test_a_treatment_and_a_stance_list_exactly_the_articles_that_take_it(page, dataset):
    """Every treatment and stance an article takes in the data, without words: the articles that take that
    stance on it and the treatment's own page, no other; a treatment alone, the articles that mention it and
    its own page."""
    open_search(page)
    treatment, stance = page.locator("select[name=treatment]"), page.locator("select[name=stance]")
    for entry_treatment in {entry.treatment for article in dataset.articles for entry in article.treatments}:
        treatment.select_option(entry_treatment)
        stance.select_option("")
        settled(page)
        expected = {article_url(article) for article in dataset.articles if article.stance_on(entry_treatment)}
        assert set(show_all(page)) == expected | {"/" + urls.page_url(urls.treatment_path(entry_treatment))}, entry_treatment
        for stance_id in {said.stance for article in dataset.articles
                          for said in (article.stance_on(entry_treatment).says if article.stance_on(entry_treatment) else ())}:
            stance.select_option(stance_id)
            settled(page)
            expected = {article_url(article) for article in dataset.articles if article.stance_on(entry_treatment)
                        and stance_id in article.stance_on(entry_treatment).stance_ids}
            assert set(show_all(page)) == expected | {"/" + urls.page_url(urls.treatment_path(entry_treatment))}, (
                entry_treatment, stance_id)
    assert page.console_errors == []


def test_a_stance_alone_lists_the_articles_that_take_it_on_any_treatment_and_those_treatments(page, dataset):
    taken = {said.stance for article in dataset.articles for entry in article.treatments for said in entry.says}
    for stance_id in sorted(taken):
        open_search(page, f"?stance={stance_id}")
        takers = [entry for article in dataset.articles for entry in article.treatments if stance_id in entry.stance_ids]
        expected = {article_url(article) for article in dataset.articles
                    if any(stance_id in entry.stance_ids for entry in article.treatments)}
        expected |= {"/" + urls.page_url(urls.treatment_path(entry.treatment)) for entry in takers}
        assert set(show_all(page)) == expected, stance_id
        page.locator("input[name=kind][value=treatment]").check()
        settled(page)
        assert set(show_all(page)) == {"/" + urls.page_url(urls.treatment_path(entry.treatment)) for entry in takers}


def says(page) -> dict[str, str]:
    """What each result says of the treatment or stance chosen, by the path of its page."""
    return dict(page.locator(".msp-search__result").evaluate_all("""items => items.flatMap(item => {
        const says = item.querySelector('.msp-search__says');
        return says ? [[new URL(item.querySelector('.msp-search__title a').href).pathname, says.textContent]] : [];
    })"""))


def test_a_result_says_what_its_article_says_of_the_treatment_or_the_stance_chosen(page, dataset):
    """Beside each article listed, its stances on the treatment chosen (the primary one first), or the
    treatments it takes the stance chosen on, in the article's order, as the data has them (implied ones said
    so), each treatment linking to its entry on the article's page; beside a treatment's page listed for a
    stance, that the stance is among the articles' stances on it."""
    stances = {stance.id: stance.label for stance in dataset.vocabularies["stances"] if not stance.implicit}
    labels = {treatment.id: treatment.label for treatment in dataset.mentioned_treatments}
    implied = lambda said: " (implied)" if said.implied else ""  # noqa: E731
    for treatment in dataset.mentioned_treatments:
        open_search(page, f"?treatment={treatment.id}")
        show_all(page)
        expected = {}
        for article in dataset.articles:
            entry = article.stance_on(treatment.id)
            if entry:
                first, *others = [f"“{stances[said.stance]}”{implied(said)}" for said in entry.says]
                expected[article_url(article)] = (f"Its stance on {treatment.label}: {first}"
                                                  + "".join(f"; also {other}" for other in others) + ".")
        assert says(page) == expected, treatment.id
        links = page.locator(".msp-search__says a").evaluate_all("links => links.map(a => [a.pathname, a.hash])")
        assert sorted(map(tuple, links)) == sorted((path, f"#treatment-{treatment.id}") for path in expected)
    for stance, label in stances.items():
        open_search(page, f"?stance={stance}")
        show_all(page)
        expected = {}
        for article in dataset.articles:
            on = [labels[entry.treatment] + implied(said) for entry in article.treatments for said in entry.says
                  if said.stance == stance]
            if on:
                expected[article_url(article)] = f"It takes the stance “{label}” on: {', '.join(on)}."
        for treatment in dataset.mentioned_treatments:
            if any(article.stance_on(treatment.id) and stance in article.stance_on(treatment.id).stance_ids
                   for article in dataset.articles):
                expected["/" + urls.page_url(urls.treatment_path(treatment.id))] = (
                    f"Among the articles’ stances on it: {label}.")
        assert says(page) == expected, stance
    # The link lands on the treatment's entry on the article's page.
    article = dataset.articles[0]
    treatment = article.treatments[0].treatment
    open_search(page, f"?treatment={treatment}&kind=article")
    page.locator(f".msp-search__result:has(a[href^='{article_url(article)}']) .msp-search__says a").click()
    page.wait_for_url(f"**{article_url(article)}#treatment-{treatment}")
    assert page.locator(f"#treatment-{treatment}").evaluate("el => el.matches(':target') && el.tagName") == "DT"
    assert page.console_errors == []


def test_with_a_treatment_and_a_stance_chosen_the_stance_is_marked_among_the_articles_stances(page, dataset):
    """The primary stance stays first, as the article's page has it; the stance chosen, which is why the
    article is listed, is set in bold. Every pair of a treatment and a stance that an article takes among
    others on it (where the line names more than one)."""
    stances = {stance.id: stance.label for stance in dataset.vocabularies["stances"]}
    pairs = sorted({(entry.treatment, said.stance) for article in dataset.articles for entry in article.treatments
                    if len(entry.says) > 1 for said in entry.says})
    assert pairs, "no article says more than one thing of a treatment: nothing to mark"
    for treatment, stance in pairs:
        open_search(page, f"?treatment={treatment}&stance={stance}")
        show_all(page)
        marked = dict(page.locator(".msp-search__result").evaluate_all("""items => items.flatMap(item => {
            const says = item.querySelector('.msp-search__says');
            return says ? [[new URL(item.querySelector('.msp-search__title a').href).pathname,
                            [...says.querySelectorAll('strong')].map(strong => strong.textContent)]] : [];
        })"""))
        # A treatment's page listed beside them says the stance is among the articles': nothing to mark there.
        expected = {"/" + urls.page_url(urls.treatment_path(treatment)): []}
        for article in dataset.articles:
            entry = article.stance_on(treatment)
            if entry and stance in entry.stance_ids:
                expected[article_url(article)] = [f"“{stances[said.stance]}”" + (" (implied)" if said.implied else "")
                                                  for said in entry.says if said.stance == stance]
        assert marked == expected, (treatment, stance)
    assert page.console_errors == []


def test_a_stance_no_article_takes_on_a_treatment_says_so(page, dataset):
    entry = dataset.articles[0].treatments[0]
    untaken = next(stance.id for stance in dataset.vocabularies["stances"] if not stance.implicit
                   and not any(article.stance_on(entry.treatment) and stance.id in article.stance_on(entry.treatment).stance_ids
                               for article in dataset.articles))
    open_search(page, f"?treatment={entry.treatment}&stance={untaken}")
    assert page.locator("[data-search-status]").inner_text() == "No page matches."
    assert listed(page) == []


def test_the_address_keeps_the_search_and_ignores_what_the_form_does_not_offer(page):
    open_search(page)
    page.locator("#msp-search-words").fill("ice")
    page.locator("input[name=kind][value=article]").check()
    settled(page)
    page.wait_for_function("() => location.search.includes('words=ice')")
    assert page.url.endswith("/search/?words=ice&kind=article")
    results = listed(page)
    page.reload()
    settled(page)
    assert page.locator("#msp-search-words").input_value() == "ice"
    assert page.locator("input[name=kind][value=article]").is_checked()
    assert listed(page) == results
    open_search(page, "?kind=" + quote("<b>x</b>") + "&treatment=nothing&stance=" + quote('"><i>') + "&words=ice")
    assert page.locator("input[name=kind][value='']").is_checked()
    assert page.locator("select[name=treatment]").input_value() == ""
    assert page.locator("select[name=stance]").input_value() == ""
    assert page.url.endswith("/search/?words=ice")
    assert page.console_errors == []


def test_a_word_no_page_has_finds_nothing_rather_than_a_shorter_word(page, dataset):
    """Pagefind, finding no word that starts with one typed, answers with the pages of the longest word the
    typed one starts with, however short: "aqz" finds "a", on every page (search-core.js `missing`). The
    page says no page has it; a word that pages have still finds them, and so does a short typed word."""
    open_search(page, "?words=aqz")
    assert page.evaluate("""async () => {
        const pagefind = await (await import('/assets/search-core.js')).load(location.origin + '/');
        return (await pagefind.search('aqz')).results.length;
    }""") > 0, "Pagefind no longer answers a word no page has with a shorter one: the case is gone"
    assert page.locator("[data-search-status]").inner_text() == "No page has a word like “aqz”."
    assert listed(page) == []
    open_search(page, "?words=aqz%20stretching")
    assert page.locator("[data-search-status]").inner_text() == "No page has a word like “aqz”."
    # With filters too, whatever they find; and then no choice is counted either.
    open_search(page, f"?words=aqz&treatment={dataset.mentioned_treatments[0].id}")
    assert page.locator("[data-search-status]").inner_text() == "No page has a word like “aqz”."
    page.wait_for_timeout(300)
    assert set(counts(page, "stance").values()) == {None}
    for found in ("a", "stretching", "relaxers"):
        open_search(page, f"?words={found}")
        assert found_count(page) > 0, found
    assert page.console_errors == []


def test_the_ids_behind_a_results_line_are_not_searched(page, dataset):
    """What an article says of each treatment reaches the search page as ids (`says-<treatment>--<stance>`,
    perspectives.search.SAYS), which Pagefind hands a result and does not search. Were they searched (as meta
    was), a treatment's id cut short ("stretchin": the pages hold "stretching", which Pagefind keeps as
    "stretch") would list the articles that mention it with nothing marked, above every other page. Each
    page listed for such a word shows a word it matched, marked."""
    cut = sorted({entry.treatment.split("-")[0][:-1] for article in dataset.articles for entry in article.treatments
                  if len(entry.treatment.split("-")[0]) >= 6})
    assert cut, "no treatment id is long enough to be cut short"
    for word in cut:
        open_search(page, f"?words={word}")
        results = page.locator(".msp-search__result")
        for number in range(results.count()):
            assert results.nth(number).locator("mark").count() > 0, (word, listed(page)[number])
    assert page.console_errors == []


def test_the_editors_guide_comes_after_the_articles_for_their_subject(page):
    """The contributor guide's examples are the articles' ids and fields ("…-continuous-muscle-spasms"): it
    came first for "muscle spasm", above every summary. Its words weigh a fifth; it is still found."""
    open_search(page, "?words=muscle%20spasm")
    order = show_all(page)
    summaries = [number for number, path in enumerate(order) if path.startswith("/articles/") and path != "/articles/"]
    assert summaries and "/contribute/" in order, order
    assert order.index("/contribute/") > max(summaries), order
    assert page.console_errors == []


def test_a_word_that_starts_no_word_of_the_index_is_not_dropped(page, dataset):
    """A typed word no word of the index starts with (nor is there a shorter one it starts with) is left out
    of Pagefind's search: alone it finds nothing, beside a word pages have it was dropped, and "psoas
    xylophone" listed the page with "psoas". The search page and the header's box say no page has it."""
    absent = "qzqzq"
    open_search(page)
    assert page.evaluate("""async (word) => {
        const pagefind = await (await import('/assets/search-core.js')).load(location.origin + '/');
        return (await pagefind.search(word)).results.length;
    }""", absent) == 0, "a page has a word starting like the case's: the case is gone"
    for words in (absent, f"stretching {absent}", f"{absent} stretching"):
        open_search(page, "?words=" + quote(words))
        assert page.locator("[data-search-status]").inner_text() == f"No page has a word like “{absent}”.", words
        assert listed(page) == []
    open_search(page, f"?words=stretching%20{quote(absent)}&treatment={dataset.mentioned_treatments[0].id}")
    assert page.locator("[data-search-status]").inner_text() == f"No page has a word like “{absent}”."
    page.goto(f"{page.base}/")
    type_query(page, f"stretching {absent}")
    page.locator(".md-search-result__meta").filter(has_text="No matching").wait_for()
    assert page.locator(".md-search-result__item").count() == 0
    assert page.console_errors == []


def test_a_word_whose_stem_is_one_or_two_letters_still_finds_its_pages(page, built_site):
    """"going" (stem "go") and "it's" (stem "it") match like a stand-in in the first result, but find what the
    short word finds: they are no stand-ins. Each word the pages hold finds them, filtered or not."""
    texts = " ".join(re.sub(r"<[^>]+>", " ", html.split('class="md-content__inner', 1)[-1]).replace("’", "'").lower()
                     for html in (path.read_text(encoding="utf-8") for path in built_site.rglob("index.html")))
    held = [word for word in ("going", "being", "doing", "it's") if re.search(rf"(?<![\w']){re.escape(word)}(?![\w'])", texts)]
    assert held, "the pages hold none of the words this test is about"
    for word in held:
        for query in (f"?words={quote(word)}", f"?words={quote(word)}&kind=treatment", f"?words={quote(word)}&kind=article"):
            open_search(page, query)
            assert not page.locator("[data-search-status]").inner_text().startswith("No page has a word"), query
    assert page.console_errors == []


def test_the_header_box_finds_nothing_for_a_word_no_page_has(page):
    page.goto(f"{page.base}/articles/")
    page.wait_for_load_state("networkidle")
    type_query(page, "aqz")
    page.locator(".md-search-result__meta").filter(has_text="No matching").wait_for()
    assert page.locator(".md-search-result__item").count() == 0
    assert page.console_errors == []


def test_nothing_is_fetched_until_there_is_something_to_search(page):
    open_search(page)
    page.wait_for_load_state("networkidle")
    assert [url for url in page.requests if "/pagefind/" in url or "search-core" in url] == []
    assert page.locator("[data-search-status]").inner_text().startswith("Type the words to find")


def test_a_result_opens_its_page_with_the_matched_words_marked(page):
    open_search(page, "?words=relaxers")
    link = page.locator(".msp-search__title a").first
    assert "h=" in link.get_attribute("href")
    link.click()
    page.wait_for_url(lambda url: "/search/" not in url and "h=" in url)
    # The page's marks (search-marks.js; the search page's own results hold <mark> elements too, until it goes).
    marked = page.locator("article mark[data-searched]")
    marked.first.wait_for()
    assert all(word.lower().startswith("relax") for word in marked.all_inner_texts())
    assert page.console_errors == []


def _like(word: str, typed: list[str]) -> bool:
    """search-core.js's rule for the part of a joined word that a search matched: a word typed, or one sharing
    its first four letters with it."""
    return any(word == each or len(os.path.commonprefix([word, each])) >= 4 for each in typed)


@pytest.mark.parametrize("words", ["spasm", "muscle spasm"])
def test_a_result_marks_the_words_searched_not_the_words_joined_to_them(page, words):
    """Pagefind matches a word joined to others (a web address, a hyphenated id: "…/know-about-neck-and-back-
    spasm") by its part and marks it whole; the page a result opened was given the whole, which Material's
    highlight splits into its words: "to", "and", "about" were marked a hundred times over. A result's link,
    from the search page and from the header's box, gives only the words searched and their forms, and the
    page it opens marks only those."""
    typed = words.split()
    open_search(page, "?words=" + quote(words))
    hrefs = page.locator(".msp-search__result a").evaluate_all("links => links.map(a => a.href)")
    given = {word for href in hrefs for word in parse_qs(urlparse(href).query)["h"][0].split()}
    assert hrefs and [word for word in given if not _like(word, typed)] == [], given
    joined = page.locator(".msp-search__excerpt mark").evaluate_all(
        "marks => marks.map(mark => mark.textContent).filter(text => /[^\\p{L}\\p{M}\\p{N}'’]/u.test(text))")
    assert joined == []  # of a joined word, the parts like a word typed are marked, not the whole
    page.goto(f"{page.base}/")
    type_query(page, words)
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    given = {word for href in hrefs for word in parse_qs(urlparse(href).query).get("h", [""])[0].split()}
    assert hrefs and [word for word in given if not _like(word, typed)] == [], given
    for href in hrefs[:3]:
        page.goto(href)
        marked = page.locator("article mark[data-searched]")
        marked.first.wait_for()
        assert [text for text in marked.all_inner_texts() if not _like(text.lower(), typed)] == [], href
    assert page.console_errors == []


def test_a_result_marks_every_word_searched_and_quoted_words_only_as_typed(page):
    """The page a result opens marks every word typed, not only those its excerpt happens to show; words in
    quotation marks only as typed, not the other forms Pagefind matched ("relaxants" for "relaxers")."""
    open_search(page, "?words=stretching%20muscle")
    hrefs = page.locator(".msp-search__result a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all({"stretching", "muscle"} <= set(parse_qs(urlparse(href).query)["h"][0].split())
                         for href in hrefs)
    open_search(page, "?words=" + quote('"relaxers"'))
    hrefs = page.locator(".msp-search__result a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(parse_qs(urlparse(href).query)["h"] == ['"relaxers"'] for href in hrefs)


def test_a_quoted_word_is_shown_and_marked_only_as_typed_in_every_excerpt(page):
    """"relaxers" in quotation marks: each result shows the word as typed, in its own excerpt, and marks no
    other form of it (Pagefind showed the page's words around "relax" or "relaxants", and marked those),
    on the search page and in the header box; a word searched unquoted beside it keeps its forms."""
    open_search(page, "?words=" + quote('"relaxers"'))
    show_all(page)
    results = page.locator(".msp-search__result").evaluate_all("""items => items.map(item => [
        [...item.querySelectorAll(':scope > p:not(.msp-search__kind):not(.msp-search__says) mark')]
            .map(mark => mark.textContent),
        [...item.querySelectorAll('mark')].map(mark => mark.textContent.toLowerCase())])""")
    assert results
    for own, every in results:
        assert own, results  # the page's excerpt holds the word as typed
        assert set(every) == {"relaxers"}, every
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    type_query(page, '"relaxers"')
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)
    # textContent: a result's further sections are in a closed <details>, whose text is not rendered.
    marks = page.locator(".md-search-result mark").evaluate_all("marks => marks.map(mark => mark.textContent)")
    assert marks and {mark.lower() for mark in marks} == {"relaxers"}, marks
    # Beside an unquoted word, that word's forms are marked as before.
    open_search(page, "?words=" + quote('"relaxers" spasm'))
    marked = {text.lower() for text in page.locator(".msp-search__result mark").all_inner_texts()}
    assert "relaxers" in marked and any(word.startswith("spasm") for word in marked), marked
    assert not any(word.startswith("relax") and word != "relaxers" for word in marked), marked
    assert page.console_errors == []


def _a_phrase(texts: dict[str, str]) -> tuple[tuple[str, str], set[str], set[str]]:
    """Two words (of four letters or more) that some pages say next to each other and another page says
    apart only: the phrase, the pages that say it, and those that say its words apart only."""
    pairs, words = {}, {}
    for location, text in texts.items():
        said = WORDS.findall(text)
        words[location] = set(said)
        pairs[location] = {pair for pair in zip(said, said[1:]) if min(map(len, pair)) >= 4}
    found = {}
    for location, its in pairs.items():
        for pair in its:
            found.setdefault(pair, set()).add(f"/{location}")
    for pair, saying in sorted(found.items(), key=lambda item: (-len(item[1]), item[0])):
        apart = {f"/{location}" for location in texts
                 if set(pair) <= words[location] and pair not in pairs[location]}
        if len(saying) >= 2 and apart:
            return pair, saying, apart
    raise AssertionError("no two words that some pages say together and another apart")


def test_a_quoted_phrase_is_found_and_marked_only_where_it_stands(page, built_site):
    """Words quoted together are a phrase: a result says them next to each other, in that order (not a page
    that says them apart only), its excerpts show them there and mark them nowhere else; the status says
    the phrase whole; on the search page and in the header's box."""
    (first, second), saying, apart = _a_phrase(_page_texts(built_site))
    typed = quote(f'"{first} {second}"')
    open_search(page, f"?words={typed}")
    found = show_all(page)
    assert found and set(found) <= saying and not set(found) & apart, (first, second, found, apart)
    assert f"“{first} {second}” as typed" in page.locator("[data-search-status]").text_content()
    # Typed with the curly quotation marks a phone's keyboard gives, the same.
    open_search(page, "?words=" + quote(f"“{first} {second}”"))
    assert show_all(page) == found
    open_search(page, f"?words={typed}")
    show_all(page)

    def marks_in_pairs(excerpts: list[list[str]]) -> None:
        for marks in excerpts:
            marks = [mark.lower() for mark in marks]
            assert marks and marks == [first, second] * (len(marks) // 2), marks

    marks_in_pairs(page.locator(".msp-search__result p:not(.msp-search__kind):not(.msp-search__says)").evaluate_all(
        "paragraphs => paragraphs.map(p => [...p.querySelectorAll('mark')].map(m => m.textContent))"
        ".filter(marks => marks.length)"))
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    type_query(page, f'"{first} {second}"')
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)
    listed_here = {urlparse(href).path for href in page.locator(".md-search-result__item > a")
                   .evaluate_all("links => links.map(a => a.href)")}
    assert listed_here and listed_here <= saying, listed_here
    marks_in_pairs(page.locator(".md-search-result__article, .md-search-result__item p").evaluate_all(
        "blocks => blocks.map(b => [...b.querySelectorAll(':scope mark')].map(m => m.textContent))"
        ".filter(marks => marks.length)"))
    assert page.console_errors == []


def test_a_quoted_phrase_is_read_as_its_words_and_never_across_a_sentences_end(page, built_site):
    """A phrase's words are words however they are joined ("trigger-point" finds what "trigger point" finds,
    and marks each word where the phrase stands; the status says it as typed); two words that a page says
    only on either side of a sentence's end are no phrase of it."""
    texts = _page_texts(built_site)
    (first, second), _, _ = _a_phrase(texts)
    open_search(page, "?words=" + quote(f'"{first} {second}"'))
    spaced = show_all(page)
    open_search(page, "?words=" + quote(f'"{first}-{second}"'))
    assert show_all(page) == spaced
    assert f"“{first}-{second}” as typed" in page.locator("[data-search-status]").text_content()
    marks = page.locator(".msp-search__result > p:not(.msp-search__kind):not(.msp-search__says)").first.evaluate(
        "p => [...p.querySelectorAll('mark')].map(m => m.textContent.toLowerCase())")
    assert marks[:2] == [first, second], marks
    apart = sorted({match.groups() for text in texts.values()
                    for match in re.finditer(r"\b([a-z]{4,})[.!?;:][\"”’)]*\s+([a-z]{4,})\b", text)}
                   - {pair for text in texts.values() for pair in _said_together(text)})
    assert apart, "no two words said only across a sentence's end"
    open_search(page, "?words=" + quote('"{} {}"'.format(*apart[0])))
    assert listed(page) == [], apart[0]
    assert page.locator("[data-search-status]").text_content().startswith("No page"), apart[0]
    assert page.console_errors == []


def _marks_on_the_page_opened(page, link) -> list[str]:
    """Follow `link` (a result's) and wait for the words it was found by to be marked: each mark's text
    (those in a part of the page not shown too: a view of /compare/ not chosen)."""
    link.click()
    page.wait_for_url(lambda url: "/search/" not in url and "h=" in url)
    marked = page.locator("article mark[data-searched]")
    marked.first.wait_for(state="attached")
    return marked.all_text_contents()


def test_the_page_a_result_opens_marks_a_quoted_phrase_where_it_stands_and_a_quoted_word_as_typed(
        page, built_site):
    """A result's link gives the quotes as quotes, and the page it opens marks a phrase where its words stand
    together, one mark each time (never a word of it alone), from the search page and from the header's box;
    a quoted word only as typed ("spasm", not "spasms", which the same page says)."""
    (first, second), _, _ = _a_phrase(_page_texts(built_site))
    open_search(page, "?words=" + quote(f'"{first} {second}"'))
    link = page.locator(".msp-search__title a").first
    assert parse_qs(urlparse(link.get_attribute("href")).query)["h"] == [f'"{first} {second}"']
    # A phrase that a link or an emphasis cuts in two is marked in two pieces: its words, in order, are.
    def phrase_marks(marks: list[str]) -> None:
        said = [word for mark in marks for word in WORDS.findall(mark.lower())]
        assert said and said == [first, second] * (len(said) // 2), (page.url, marks)

    phrase_marks(_marks_on_the_page_opened(page, link))
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    type_query(page, f'"{first} {second}"')
    phrase_marks(_marks_on_the_page_opened(page, page.locator(".md-search-result__item > a").first))

    open_search(page, "?words=" + quote('"spasm"'))
    marks = _marks_on_the_page_opened(page, page.locator(".msp-search__title a").first)
    assert marks and {mark.lower() for mark in marks} == {"spasm"}, marks
    assert "spasms" in WORDS.findall(page.locator("article").inner_text().lower())
    assert page.console_errors == []


def test_the_page_a_result_opens_marks_no_phrase_across_a_sentences_end(page):
    """search-core.js `matchesIn` and `nonOverlapping`, as search-marks.js runs them on each block of the
    page opened: a phrase is marked where its words stand together, joined by a hyphen too, never across a
    sentence's end; a word searched unquoted wherever a word starts with it; a quoted one only as typed."""
    page.goto(f"{page.base}/")
    marked = page.evaluate("""async () => {
        const core = await import(new URL('assets/search-core.js', location.href).href);
        const text = 'Conditional or adjunct. Rehab and adjunct rehab, adjunct-rehab; Spasms spasm';
        const mark = (given) => core.nonOverlapping(core.matchesIn(text, core.toMark(given))).map(([a, b]) => text.slice(a, b));
        const short = 'A spasm and a rehab after adjunct.js';
        return [mark('"adjunct rehab"'), mark('spasm'), mark('"spasm"'),
                core.nonOverlapping(core.matchesIn(short, core.toMark('a "adjunct js"'))).map(([a, b]) => short.slice(a, b)),
                core.marksFor(core.parse('rehab "adjunct rehab"'))];
    }""")
    assert marked == [["adjunct rehab", "adjunct-rehab"], ["Spasms", "spasm"], ["spasm"],
                      # A word of fewer than four letters is marked only where it stands whole ("a", not
                      # "and"); a full stop within a word ends no sentence.
                      ["A", "a", "adjunct.js"],
                      # A word typed beside a quote that holds it is given too.
                      'rehab "adjunct rehab"']


def test_a_result_on_the_page_already_open_marks_its_own_words_in_place_of_the_others(page):
    """Instant navigation to a section of the page already open fetches no page: its new `h` marks its words,
    and the words of the search before are no longer marked."""
    article = article_url(next(iter(load_checked(DATA).articles)))
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    type_query(page, "spasm")
    page.locator(f'.md-search-result__item a[href*="{article}?"]:not([href*="#"])').first.click()
    page.wait_for_url(re.compile(re.escape(article) + r"\?h=spasm"))
    page.locator("article mark[data-searched]").first.wait_for(state="attached")
    type_query(page, "")
    page.locator(".md-search__input").fill("")
    type_query(page, "stretching")
    section = page.locator(f'.md-search-result__item a[href*="{article}?h=stretching"][href*="#"]').first
    section.click()
    page.wait_for_url(re.compile(r"h=stretching.*#"))
    page.wait_for_function("""() => [...document.querySelectorAll('article mark[data-searched]')]
        .some(mark => /^stretch/i.test(mark.textContent))""")
    marks = page.locator("article mark[data-searched]").all_text_contents()
    assert marks and all(mark.lower().startswith("stretch") for mark in marks), marks
    # The page itself chosen, then chosen again for other words, which Material sets without changing the
    # address.
    for words in ("massage", "ligaments"):
        type_query(page, "")
        page.locator(".md-search__input").fill("")
        type_query(page, words)
        page.locator(f'.md-search-result__item a[href*="{article}?h={words}"]:not([href*="#"])').first.click()
        page.wait_for_function(f"""() => [...document.querySelectorAll('article mark[data-searched]')]
            .some(mark => /^{words[:5]}/i.test(mark.textContent))""")
        marks = page.locator("article mark[data-searched]").all_text_contents()
        assert marks and all(mark.lower().startswith(words[:5]) for mark in marks), (words, marks)
    assert page.console_errors == []


def test_words_on_either_side_of_a_box_are_never_marked_as_one(page):
    """Text in boxes of its own (a control's label, a list within an item, a badge) reads as words apart:
    "Answers" beside the next control's "In a few words" on /compare/ marked "In" with it."""
    page.goto(f"{page.base}/compare/?h=answers")
    page.locator("article mark[data-searched]").first.wait_for(state="attached")
    marks = page.locator("article mark[data-searched]").all_text_contents()
    assert marks and all(mark.lower().startswith("answers") for mark in marks), marks
    assert page.console_errors == []


def test_the_words_a_link_gives_to_mark_are_words_never_markup(page):
    """`h` is anyone's to write: markup in it is looked for as words (none made into elements), and a link
    giving thousands of words holds the page up no longer than a search's."""
    article = article_url(next(iter(load_checked(DATA).articles)))
    page.goto(f"{page.base}{article}?h=" + quote('<img src=x onerror="document.title=1">" spasm'))
    page.locator("article mark[data-searched]").first.wait_for(state="attached")
    assert page.locator("article img").count() == 0 and page.title() != "1"
    assert {text.lower() for text in page.locator("article mark[data-searched]").all_text_contents()} <= {
        "img", "src", "x", "onerror", "document", "title", "1"} | {"spasm", "spasms", "spasming"}
    page.goto(f"{page.base}{article}?h=" + quote(" ".join(["spasm"] * 5_000)))  # 30 KB: within what a server takes
    page.locator("article mark[data-searched]").first.wait_for(state="attached", timeout=5_000)
    assert page.console_errors == []


def _blocks(page) -> list[dict]:
    """The shown paragraphs and items of the page's content that hold no block of their own: their text
    and how far down the page each starts."""
    return page.evaluate("""() => [...document.querySelectorAll('article.md-content__inner :is(p, li, td, dd, h1, h2, h3)')]
        .filter((block) => !block.querySelector('p, li, td, dd, ul, ol, div') && block.checkVisibility())
        .map((block) => ({ text: block.textContent, top: block.getBoundingClientRect().top + scrollY }))""")


def test_the_page_a_result_opens_is_brought_to_where_most_of_the_words_searched_stand(page, dataset):
    """Two words searched unquoted: the page opens at the first block that holds both, not at the first mark,
    a lone one of them further up ("point" alone above "trigger point"). Words from the page itself: a
    paragraph below the first screen holding two words that no block before it holds together, one of which
    a block before it holds."""
    article = article_url(dataset.articles[0])
    page.goto(f"{page.base}{article}")
    blocks = _blocks(page)
    height = page.evaluate("innerHeight")

    def holds(text: str, word: str) -> bool:
        return any(each.startswith(word) for each in re.findall(r"[a-z]+", text.lower()))

    chosen = None
    for number, block in enumerate(blocks):
        if block["top"] < 2 * height:
            continue
        words = sorted(set(re.findall(r"[a-z]{6,}", block["text"].lower())))
        for first in words:
            for second in words:
                if first.startswith(second) or second.startswith(first) or chosen:
                    continue
                before = [each["text"] for each in blocks[:number]]
                if any(holds(text, first) and holds(text, second) for text in before):
                    continue
                if any(holds(text, first) or holds(text, second) for text in before):
                    chosen = (first, second, block["text"])
        if chosen:
            break
    assert chosen, "no paragraph below the first screen holds two words first together"
    first, second, text = chosen
    page.goto(f"{page.base}{article}?h={quote(f'{first} {second}')}")
    page.locator("article mark[data-searched]").first.wait_for(state="attached")
    # Marked, then brought into view a frame later (search-marks.js showBest): a few frames on, it has been.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100))))")
    shown = page.evaluate("""() => [...document.querySelectorAll('article mark[data-searched]')].filter((mark) => {
        const box = mark.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; })
        .map((mark) => mark.parentElement.closest('p, li, td, dd, h1, h2, h3').textContent)""")
    assert text in shown, (first, second, text[:80], [each[:80] for each in shown])
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_words_a_result_marks_are_readable_wherever_they_land(browser, site_url, dataset, scheme):
    """A mark lands on whatever holds the word: running text, a link, a button, a badge, a finding. Material's
    translucent tint kept the text's own colour: a marked link was 2.2:1 on slate and a button's marked word
    white on yellow, below WCAG AA (axe). Each kind of page, opened as a result opens it, with words that its
    own text holds: an article's name, a treatment's, and words of the site's own."""
    article = dataset.articles[0]
    treatment = dataset.mentioned_treatments[0]
    words = f"{article.short_title} {treatment.label} compare articles"
    paths = ["/", article_url(article), "/compare/", "/" + urls.page_url(urls.treatment_path(treatment.id)),
             "/" + urls.page_url(urls.AGREEMENT)]
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for path in paths:
            page.goto(f"{site_url}{path}?h={quote(words)}")
            page.locator("article mark[data-searched]").first.wait_for(state="attached")
            assert page.locator("article :is(a, button, .msp-cta, [class*=stance]) mark[data-searched]").count(), path
            assert axe_violations(page) == [], path
    finally:
        context.close()


def _said_together(text: str) -> set[tuple[str, str]]:
    """Two words next to each other with nothing but white space or joining punctuation between."""
    return set(re.findall(r"\b([a-z]+)(?:[\s\-/,'’\"“”()]+)(?=([a-z]+)\b)", text))


def test_the_status_names_every_quote_and_what_was_read(page, built_site):
    """Two quotes are both wanted: the status says "“a” and “b”", not a list to choose from."""
    (first, second), _, _ = _a_phrase(_page_texts(built_site))
    open_search(page, "?words=" + quote(f'"{first}" "{second}"'))
    assert f"“{first}” and “{second}” as typed" in page.locator("[data-search-status]").text_content()
    assert page.console_errors == []


def test_words_naming_a_treatment_list_the_pages_about_it_first(page, dataset):
    """Pagefind ranks by the words in all their forms: "stretching" put first an article that only explains
    the stretch reflex, "relaxants" one that says "relax". A treatment's name, searched, lists first its page
    and the articles that mention it, then the others; on the search page and in the header's box."""
    def about(treatment) -> set[str]:
        return {"/" + urls.page_url(urls.treatment_path(treatment.id))} | {
            article_url(article) for article in dataset.articles if article.stance_on(treatment.id)}

    for treatment in dataset.mentioned_treatments:
        open_search(page, "?words=" + quote(treatment.label.lower()))
        found = show_all(page)
        first = [path in about(treatment) for path in found]
        assert first[:sum(first)] == [True] * sum(first), (treatment.id, found)
        assert "/" + urls.page_url(urls.treatment_path(treatment.id)) in found, (treatment.id, found)
        page.goto(f"{page.base}/")
        page.wait_for_load_state("networkidle")
        type_query(page, treatment.label.lower())
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_timeout(300)
        listed = list(dict.fromkeys(urlparse(href).path for href in page.locator(".md-search-result__item > a")
                                    .evaluate_all("links => links.map(a => a.href)")))
        first = [path in about(treatment) for path in listed]
        assert first[:sum(first)] == [True] * sum(first), (treatment.id, listed)
    assert page.console_errors == []


def test_the_header_box_links_to_the_page_with_the_words_typed(page):
    page.goto(f"{page.base}/articles/")
    page.wait_for_load_state("networkidle")
    type_query(page, "ice")
    page.wait_for_function("() => document.querySelector('a[data-search-all]').href.endsWith('/search/?words=ice')")
    page.locator(".md-search-result__item").first.wait_for()
    # Material's keys are unchanged: Enter opens the best result, not the link below the results.
    page.locator("a[data-search-all]").click()
    page.wait_for_url(re.compile(r"/search/\?words=ice$"))
    settled(page)
    assert page.locator("#msp-search-words").input_value() == "ice" and listed(page)
    assert page.console_errors == []


def test_tab_from_the_header_box_reaches_the_link_to_the_search_page_and_shift_tab_returns(page):
    """Material's Tab closed the search and left the focus on its emptied results box, out of sight: the
    link under the results was out of a keyboard reader's reach."""
    page.goto(f"{page.base}/articles/")
    page.wait_for_load_state("networkidle")
    type_query(page, "ice")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => { const el = document.activeElement, box = el.getBoundingClientRect();"
                            " return [el.matches('a[data-search-all]'), box.height, el.href]; }")
    assert focused[0] and focused[1] > 0 and focused[2].endswith("/search/?words=ice"), focused
    assert page.locator(".md-search-result__item").first.is_visible()  # the search stays open
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?words=ice$"))


def test_the_keyboard_reaches_the_search_page_from_the_navigation(page):
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    tab = page.locator(".md-tabs__link", has_text="Search")
    tab.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/$"))
    settled(page)
    page.keyboard.press("Tab")  # from the page's start: the skip link, then the header; find the box itself
    page.locator("#msp-search-words").focus()
    page.keyboard.type("psoas", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.msp-search__result').length > 0")
    assert "psoas" in page.url and page.console_errors == []


def test_an_excerpt_cut_inside_a_sentence_says_so(page):
    """Pagefind cuts an excerpt from the words around the match, wherever they fall: one that starts or stops
    inside a sentence says so with "…", and one that starts a sentence does not."""
    for words in ("stretching", "massage", "spasm"):
        open_search(page, f"?words={words}")
        show_all(page)
        # Article summaries and treatments: prose, whose sentences start with a capital (the contribution
        # guide's field names start a line in lowercase).
        excerpts = page.locator(".msp-search__result:has(.msp-search__kind) .msp-search__excerpt").all_inner_texts()
        assert excerpts, words
        for excerpt in excerpts:
            opening = excerpt.removeprefix("… ")
            assert excerpt.startswith("… ") or not opening[:1].islower(), excerpt
            assert excerpt.endswith(" …") or re.search(r"[.!?:][\"”’)]*$", excerpt), excerpt
        assert any(excerpt.startswith("… ") for excerpt in excerpts), words
        assert any(not excerpt.startswith("… ") for excerpt in excerpts), words  # a page's opening words
        assert any(excerpt.endswith(" …") for excerpt in excerpts), words


def test_data_in_results_stays_text(page, dataset):
    """Titles and excerpts come from the index: set as text, never as markup (the hostile data set of
    tests/test_browser_xss.py searches this page too)."""
    open_search(page, "?words=spasm")
    assert page.locator(".msp-search__result *:not(a, h2, p, ul, li, mark)").count() == 0


def test_the_pages_carry_the_filters_of_their_data(dataset):
    """Each article page the filters of perspectives.search.article_filters, each treatment page its own,
    written once each; the search page offers every mentioned treatment and every stance but the implicit one."""
    site = {page.path: page.content for page in render_site(dataset).pages}
    for article in dataset.articles:
        written = re.findall(r'<span data-pagefind-filter="([^"]+)"></span>', site[urls.article_path(article)])
        assert written == [f"{key}:yes" for key in search.article_filters(article)]
        for entry in article.treatments:
            assert f"treatment-{entry.treatment}:yes" in written
            assert all(f"on-{entry.treatment}--{stance}:yes" in written and f"stance-{stance}:yes" in written
                       for stance in entry.stance_ids)
        assert len(written) == len(set(written))
        # What it says of each treatment, in its order, for the line beside its result: ids, which Pagefind hands
        # a result and does not search (meta it would), on empty elements among the filters.
        filters = re.search(r'<div class="msp-search-filters" hidden>(.*?)</div>', site[urls.article_path(article)])[1]
        assert re.findall(r'<span id="([^"]*)"></span>', filters) == [
            f"says-{entry.treatment}--{said.stance}" + ("--implied" if said.implied else "")
            for entry in article.treatments for said in entry.says]
        assert "data-pagefind-meta" not in filters
    for treatment in dataset.vocabularies["treatments"]:
        written = re.findall(r'data-pagefind-filter="([^"]+)"', site[urls.treatment_path(treatment.id)])
        # Each stance some article takes on it, in the stances' order: a stance finds the treatments it is taken on.
        taken = [stance.id for stance in dataset.vocabularies["stances"] if any(
            article.stance_on(treatment.id) and stance.id in article.stance_on(treatment.id).stance_ids
            for article in dataset.articles)]
        assert written == [f"treatment-{treatment.id}:yes"] + [
            key for stance in taken for key in (f"on-{treatment.id}--{stance}:yes", f"stance-{stance}:yes")]
    form = site[urls.SEARCH]
    treatments = re.findall(r'<option value="([^"]+)">', form.split('name="treatment"')[1].split("</select>")[0])
    assert treatments == [treatment.id for treatment in dataset.mentioned_treatments]
    stances = re.findall(r'<option value="([^"]+)">([^<]+)<', form.split('name="stance"')[1].split("</select>")[0])
    assert stances == [(stance.id, escape_data(stance.label)) for stance in dataset.vocabularies["stances"]
                       if not stance.implicit]


def counted(page) -> None:
    """Wait until the choices show how many pages each finds (after the results are listed)."""
    settled(page)
    page.wait_for_function("() => 'counted' in document.querySelector('form[data-search-page]').dataset")


def counts(page, name: str) -> dict[str, int | None]:
    """The number beside each choice of a control (kind, treatment or stance), by its value; None if none."""
    texts = page.evaluate("""name => {
        const control = document.querySelector('form[data-search-page]').elements[name];
        return control instanceof RadioNodeList
            ? [...control].map(radio => [radio.value, radio.closest('label').textContent])
            : [...control.options].map(option => [option.value, option.textContent]);
    }""", name)
    found = {}
    for value, text in texts:
        number = re.search(r" \(([\d,]+)\)$", text)
        found[value] = int(number.group(1).replace(",", "")) if number else None
    return found


def found_count(page) -> int:
    status = page.locator("[data-search-status]").inner_text()
    if status == "No page matches.":
        return 0
    return int(re.match(r"([\d,]+) pages? found", status).group(1).replace(",", ""))


def choose(page, name: str, value: str) -> None:
    if name == "kind":
        page.locator(f"input[name=kind][value='{value}']").check()
    else:
        page.locator(f"select[name={name}]").select_option(value)
    counted(page)


def test_the_count_beside_each_choice_is_what_choosing_it_finds(page):
    """With words typed, each kind, treatment and stance is counted, and choosing it finds that many pages;
    with a treatment chosen, each stance on it is counted the same way."""
    open_search(page, "?words=stretching")
    counted(page)
    for name in ("kind", "treatment", "stance"):
        shown = counts(page, name)
        assert all(number is not None for number in shown.values()), (name, shown)
        for value, number in shown.items():
            choose(page, name, value)
            assert found_count(page) == number, (name, value)
        choose(page, name, "")
    treatment = max((value for value, number in counts(page, "treatment").items() if value), key=counts(page, "treatment").get)
    choose(page, "treatment", treatment)
    for value, number in counts(page, "stance").items():
        choose(page, "stance", value)
        assert found_count(page) == number, (treatment, value)
    assert page.console_errors == []


def test_every_page_searched_is_of_one_kind_its_address_says(built_site):
    """Each page Pagefind indexes carries one kind (overrides/main.html, from its front matter): article summaries
    and treatments where the render stage says so, "page" for every other, so that the kinds the search page
    offers find, between them, every page "All" finds."""
    kinds = {}
    for file in built_site.rglob("index.html"):
        text = file.read_text(encoding="utf-8")
        if 'class="md-content__inner' not in text or file.parent.name == search.BUNDLE:
            continue
        path = "/" + file.parent.relative_to(built_site).as_posix() + "/"
        # As perspectives.search names a kind's filter (overrides/main.html writes it).
        written = re.findall(rf'data-pagefind-filter="{re.escape(search.kind(""))}([^":]+):{search.YES}"', text)
        if 'data-pagefind-ignore="all"' in text.split('class="md-content__inner', 1)[1][:200]:
            assert written == [], path  # a page left out of the index (the search page) has no kind
            continue
        assert len(written) == 1, (path, written)
        kinds[path.replace("/./", "/")] = written[0]
    expected = {path: search.ARTICLE_PAGE if re.fullmatch(r"/articles/[^/]+/", path) else
                search.TREATMENT_PAGE if re.fullmatch(r"/treatments/[^/]+/", path) else search.OTHER_PAGE
                for path in kinds}
    assert kinds == expected
    assert set(kinds.values()) == set(search.KINDS)


def test_the_kinds_between_them_find_what_all_finds(page):
    open_search(page, "?words=stretching")
    counted(page)
    shown = counts(page, "kind")
    every = set(show_all(page))
    assert shown[""] == len(every) == sum(number for value, number in shown.items() if value)
    choose(page, "kind", search.OTHER_PAGE)
    others = show_all(page)
    assert others and set(others) == {path for path in every if not re.fullmatch(r"/(articles|treatments)/[^/]+/", path)}
    assert page.locator(".msp-search__kind").count() == 0  # a page of no particular kind is not labelled one


def test_the_counts_without_words_are_the_articles_the_data_says(page, dataset):
    articles = dataset.articles
    open_search(page, "?kind=article")
    counted(page)
    assert counts(page, "treatment") == {"": len(articles), **{
        treatment.id: sum(1 for article in articles if article.stance_on(treatment.id))
        for treatment in dataset.mentioned_treatments}}
    stances = [stance.id for stance in dataset.vocabularies["stances"] if not stance.implicit]
    assert counts(page, "stance") == {"": len(articles), **{
        stance: sum(1 for article in articles if any(stance in entry.stance_ids for entry in article.treatments))
        for stance in stances}}
    # "All" alone would be no search at all (the page asks for words): it has no count.
    assert counts(page, "kind")[""] is None and counts(page, "kind")["article"] == len(articles)
    for treatment in dataset.mentioned_treatments:
        choose(page, "treatment", treatment.id)
        assert counts(page, "stance") == {"": sum(1 for article in articles if article.stance_on(treatment.id)), **{
            stance: sum(1 for article in articles if article.stance_on(treatment.id)
                        and stance in article.stance_on(treatment.id).stance_ids) for stance in stances}}, treatment.id


def test_counts_go_with_the_search_they_belong_to(page):
    open_search(page, "?words=stretching")
    counted(page)
    # Words in quotation marks are narrowed by this page after Pagefind has counted: no count is shown.
    page.locator("#msp-search-words").fill('"stretching"')
    settled(page)
    page.wait_for_timeout(300)
    assert set(counts(page, "treatment").values()) == {None}
    assert "counted" not in page.evaluate("Object.keys(document.querySelector('form[data-search-page]').dataset)")
    page.locator("#msp-search-words").fill("")
    settled(page)
    page.wait_for_timeout(300)
    assert set(counts(page, "kind").values()) | set(counts(page, "stance").values()) == {None}
    assert page.locator("select[name=stance] option").first.inner_text() == "Any stance"


def test_a_search_by_filters_alone_fetches_no_index_chunk(page, dataset):
    """Results by filters alone come from the filters' chunks: Pagefind 1.5.2 would fetch every index chunk
    (perspectives.filteronly), 2.8 MB at 5,000 articles."""
    treatment = dataset.mentioned_treatments[0].id
    open_search(page, f"?treatment={treatment}&kind=article")
    counted(page)
    assert found_count(page) == sum(1 for article in dataset.articles if article.stance_on(treatment))
    assert [url for url in page.requests if "/pagefind/index/" in url] == []
    assert any("/pagefind/filter/" in url for url in page.requests)
    assert page.console_errors == []


def test_the_counts_never_hold_the_results_up(page):
    """The counts need every filter's chunk, fetched after the results are listed: a chunk that never comes
    leaves the results as they are, without counts."""
    page.route("**/pagefind/filter/**", lambda route: None)  # never answered
    open_search(page, "?words=stretching")
    assert listed(page) and found_count(page) > 0
    page.wait_for_timeout(300)
    assert set(counts(page, "treatment").values()) == {None}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
# With a treatment chosen, each result has its line of stances; a word alone lists more than ten, and "Show more".
@pytest.mark.parametrize("query", ["?words=stretching&treatment=massage", "?words=stretching"])
def test_the_search_page_with_results_has_no_axe_violations_and_fits_a_phone(open_page, scheme, width, query):
    page = open_page(f"/search/{query}", {"width": width, "height": 800}, scheme)
    counted(page)
    assert listed(page)
    if "treatment" not in query:
        assert page.locator("[data-search-more]").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.console_errors == []


def test_on_a_phone_the_first_result_is_on_the_first_screen(open_page):
    """The form's choices sit beside their names on a phone: the first result's title shows below it."""
    page = open_page("/search/?words=stretching&treatment=massage", {"width": 360, "height": 740}, "light")
    counted(page)
    title = page.locator(".msp-search__title").first.bounding_box()
    assert title["y"] + title["height"] <= 740, title
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_index_that_cannot_be_reached_is_said_so(page):
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(f"{page.base}/search/?words=stretching")
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.includes('could not')")
    assert page.locator("[data-search-status]").inner_text() == \
        "The search could not be loaded: check the connection, then reload the page."
    assert listed(page) == []


def test_words_typed_just_before_leaving_the_page_stay_on_it(page):
    """Instant navigation leaves /search/ within the pause before a search: the next page's address keeps
    none of it."""
    open_search(page)
    page.wait_for_load_state("networkidle")  # instant navigation follows links once it has read the sitemap
    page.locator("#msp-search-words").press_sequentially("ice", delay=10)
    page.locator(".md-tabs__link", has_text="About").click()
    page.wait_for_url(re.compile(r"/about/"))
    page.wait_for_timeout(400)
    assert page.url.endswith("/about/") and page.console_errors == []


def test_the_link_under_the_header_results_is_out_of_reach_while_the_search_is_closed(page):
    page.goto(f"{page.base}/")
    link = page.locator("a[data-search-all]")
    assert link.evaluate("a => getComputedStyle(a).visibility") == "hidden"
    type_query(page, "psoas")
    page.locator(".md-search-result__item").first.wait_for()
    assert link.evaluate("a => getComputedStyle(a).visibility") == "visible"
