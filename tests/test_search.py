"""Search finds words, in real Chromium: after brackets and quotation marks, and in other forms; a
treatment at its page; the words marked where a result lands; and a reader downloads only what a query
needs, nothing before it.

Each case names a word from the data and a page that search must find for it.
Before searching, the test proves from the built page's indexed text (its
content, as perspectives.search tells Pagefind to read it) that the case tests
what it says: the word really follows a bracket or quotation mark on that
page, or the page really has only another form of the word. If the data
changes so that a case no longer holds, that check fails and says so.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import DATA, axe_violations, only_local, watched
from perspectives import load_checked

pytestmark = pytest.mark.browser

# Letters only, so that the check does not depend on the separator under test.
WORDS = re.compile(r"[a-z]+")
OPENERS = "([{“‘\"'"


def _page_texts(built_site: Path) -> dict[str, str]:
    """Each page's searched text (its content element, without what the index leaves out), lower case; none
    for a page the index leaves out (front matter's `search: exclude`, as the search page has)."""
    texts = {}
    for path in built_site.rglob("index.html"):
        page = path.read_text(encoding="utf-8")
        content = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', page, re.S)
        if content is None or 'data-pagefind-ignore="all"' in page:  # a page left out of the index
            continue
        text = re.sub(r"<(nav|table)\b.*?</\1>", " ", content.group(1), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        texts[path.relative_to(built_site).as_posix().removesuffix("index.html")] = unescape(text).lower()
    return texts


def search(page, query: str) -> list[str]:
    """The pages Material's search lists for a query typed as a reader types it, best first."""
    return list(dict.fromkeys(link.partition("#")[0] for link in search_links(page, query)))


def search_links(page, query: str) -> list[str]:
    """Where the results Material's search shows for a query lead (path and anchor), best first; not
    those folded under "more on this page"."""
    page.goto(f"{page.base}/")
    type_query(page, query)
    page.locator(".md-search-result__meta").filter(has_text=re.compile(r"\d+ (best )?match|No matching")).wait_for()
    # The list of an earlier keystroke's query ('"relaxers' before the closing quotation mark) may show
    # before the last one's: read it once it has stayed the same a while.
    shown, previous = None, object()
    while shown != previous:
        previous = shown
        page.wait_for_timeout(300)
        shown = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    # Material renders ten results, then four more each time the list is
    # scrolled to its end anew: scroll away and back until none are added.
    items, count = page.locator(".md-search-result__item"), -1
    while count != items.count():
        count = items.count()
        for top in ("0", "el.scrollHeight"):
            page.locator(".md-search__scrollwrap").evaluate(f"el => el.scrollTo(0, {top})")
            page.wait_for_timeout(150)
    return page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")


def type_query(page, query: str) -> None:
    """Type into the header's search box as a reader does, opening it first (a phone shows a button)."""
    button = page.locator("label.md-header__button[for='__search']")
    (button if button.is_visible() else page.locator(".md-search__input")).click()
    # fill() misses about one time in four: Material reads the query on key events (TOOLCHAIN.md).
    page.locator(".md-search__input").press_sequentially(query, delay=30)


def every_match(page, query: str) -> list[str]:
    """The pages the site's index finds for a query, all of them (Pagefind's own API, as the search
    worker calls it)."""
    return [path for path, _ in found_pages(page, query)]


def found_pages(page, query: str) -> list[tuple[str, str]]:
    """Each page the site's index finds for a query, best first: its path, and its text as Pagefind hands it
    to the results it lists (`content`, which excerpts are cut from)."""
    page.goto(f"{page.base}/")
    return [tuple(found) for found in page.evaluate("""async (query) => {
        const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
        const found = await pagefind.search(query);
        return Promise.all(found.results.map(async (result) => {
            const data = await result.data();
            return [new URL(data.url, location.href).pathname, data.content];
        }));
    }""", query)]


# A word found right after an opening bracket or quotation mark: "(psoas and iliacus)".
AFTER_PUNCTUATION = [
    ("psoas", "/articles/ep-manual-root-cause-back-spasms/"),
    ("jerky", "/articles/rehab-and-revive-muscle-spasms/"),
    ("soreness", "/articles/gold-back-spasms-inside-story/"),
]


@pytest.mark.parametrize("word, expected", AFTER_PUNCTUATION)
def test_a_word_right_after_a_bracket_or_quotation_mark_is_found(page, built_site, word, expected):
    text = _page_texts(built_site)[expected.lstrip("/")]
    assert re.search(rf"[{re.escape(OPENERS)}]{word}\b", text), f"{expected} has no {word!r} after a bracket or quote"
    assert expected in search(page, word)
    assert only_local(page) == [] and page.console_errors == []


# Another form of the word: every page that has the second word but nothing
# that begins with the first must be found by typing the first. (Where the
# form begins with the typed word, a prefix finds it, as it always did.)
WORD_FORMS = [("relaxants", "relaxers"), ("relaxers", "relaxants"), ("spasms", "spasm"), ("spasm", "spasms")]


@pytest.mark.parametrize("typed, form", WORD_FORMS)
def test_other_forms_of_a_word_are_found(page, built_site, typed, form):
    only_the_form = sorted(f"/{location}" for location, text in _page_texts(built_site).items()
                           if form in WORDS.findall(text) and (form.startswith(typed) or
                                                               not any(w.startswith(typed) for w in WORDS.findall(text))))
    assert only_the_form, f"no page says {form!r} without {typed!r}: pick another pair"
    # Every page that matches, not only the best the search box lists (a common word matches most pages).
    found = every_match(page, typed)
    assert [location for location in only_the_form if location not in found] == []
    assert only_local(page) == [] and page.console_errors == []


def test_a_quoted_word_is_searched_exactly(page, built_site):
    # A reader who quotes a word asks for that word only; no other form is added.
    texts = _page_texts(built_site)
    exact = search(page, '"relaxers"')
    assert exact and all("relaxers" in WORDS.findall(texts[href.lstrip("/")]) for href in exact)
    other_forms_only = [f"/{location}" for location, text in texts.items()
                        if "relaxants" in WORDS.findall(text) and "relaxers" not in WORDS.findall(text)]
    assert other_forms_only and not set(other_forms_only) & set(exact)


# A treatment is found at its own page (the one the most articles take a stance on), among the articles
# that discuss it.
DATASET = load_checked(DATA)
TREATMENT = max(DATASET.mentioned_treatments, key=lambda term: sum(bool(a.stance_on(term.id)) for a in DATASET.articles))


def test_a_treatment_is_found_at_its_page(page):
    assert f"/treatments/{TREATMENT.id}/" in search(page, TREATMENT.label.lower())  # among the best listed
    assert only_local(page) == [] and page.console_errors == []


@pytest.mark.parametrize("article", DATASET.articles, ids=lambda article: article.id)
def test_an_article_s_questions_and_treatments_read_apart_from_their_answers_in_the_index(page, article):
    """An excerpt is the page's text run together: it read "Author's discipline Prolotherapy medicine Format
    Article" where the page sets the question apart from its answer. Each question and treatment named on an
    article page ends in a colon the index reads (hidden on the page)."""
    content = dict(found_pages(page, article.short_title)).get(f"/articles/{article.id}/")
    assert content is not None, f"no result for {article.short_title!r} is the article's page"
    names = [dimension.label for dimension in DATASET.vocabularies.dimensions]
    names += [DATASET.vocabularies.term("treatments", entry.treatment).label for entry in article.treatments]
    assert [name for name in names if f"{name}: " not in content] == []
    assert page.console_errors == []


def test_a_result_opens_its_page_with_the_matched_words_marked(page, built_site):
    # "relaxers" finds pages that say only "relaxants" (see above): there, the word as written is marked.
    texts = _page_texts(built_site)
    links = [link for link in search_links(page, "relaxers")
             if "relaxers" not in WORDS.findall(texts[link.partition("#")[0].lstrip("/")])]
    assert links, "every result says 'relaxers' itself: pick another pair"
    path = links[0].partition("#")[0]
    page.locator(f'.md-search-result__item a[href*="{path}?"]').first.click()
    page.wait_for_url(re.compile(re.escape(path)))
    marked = page.locator("article mark[data-searched]")
    marked.first.wait_for()
    assert all(word.lower().startswith("relax") for word in marked.all_inner_texts())
    assert only_local(page) == [] and page.console_errors == []


def test_a_page_opened_from_a_result_shows_its_first_match(page):
    """A result opens its page at the top; search-marks.js marks the words, and the first mark is brought into
    view when it lies below the first screen (a page-level result, no #section to land on), opened by
    instant navigation from the header's box and afresh from its address."""
    word, path = next(case for case in AFTER_PUNCTUATION if case[0] == "psoas")
    page.goto(f"{page.base}{path}")
    page.wait_for_load_state("networkidle")
    below = page.evaluate(f"""() => {{
        const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {{
            if (/\\b{word}\\b/i.test(walker.currentNode.textContent)) {{
                return walker.currentNode.parentElement.getBoundingClientRect().top > window.innerHeight;
            }}
        }}
        return null;
    }}""")
    assert below, f"{word!r} is on the first screen of {path}, or not on it: pick another case"
    in_view = """() => { const mark = document.querySelector('article mark[data-searched]');
        if (!mark) return false; const box = mark.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight; }"""
    page.goto(f"{page.base}/")
    type_query(page, word)
    page.locator(f'.md-search-result__item a[href*="{path}?"]').first.click()
    page.wait_for_url(re.compile(re.escape(path)))
    page.wait_for_function(in_view)
    address = page.url
    page.goto("about:blank")
    page.goto(address)
    page.wait_for_function(in_view)
    assert page.console_errors == []


def test_a_result_marks_the_word_not_the_punctuation_beside_it(page):
    """Pagefind marks a word with what touches it ("(psoas", "relax;"): the excerpts mark the word alone,
    in the header's box and on the search page."""
    found = []
    for query in ("psoas", "relax", "ice"):
        page.goto(f"{page.base}/")
        type_query(page, query)
        page.locator(".md-search-result__item").first.wait_for()
        found += page.locator(".md-search-result mark").evaluate_all("marks => marks.map(mark => mark.textContent)")
        page.goto(f"{page.base}/search/?words={query}")
        page.locator(".msp-search__excerpt mark").first.wait_for()
        found += page.locator(".msp-search__excerpt mark").evaluate_all("marks => marks.map(mark => mark.textContent)")
    assert found
    assert [text for text in found if not (text[:1].isalnum() and text[-1:].isalnum())] == []
    assert page.console_errors == []


def test_an_excerpt_marks_whole_words_with_their_accents_and_no_punctuation(page):
    """search-core.js's reading of Pagefind's excerpt, on made-up excerpts: a word keeps its combining marks
    (an accent written as its own character, an Indic vowel sign) and leaves the punctuation around it."""
    page.goto(f"{page.base}/")
    read = page.evaluate("""async () => {
        const core = await import(new URL("assets/search-core.js", document.baseURI).href);
        return [
            "the <mark>(psoas</mark> and <mark>relax;</mark> it",
            "a <mark>cafe\u0301,</mark> then <mark>\u0939\u093f\u0902\u0926\u0940</mark>.",
            "only <mark>...</mark> dots",
        ].map((excerpt) => core.readExcerpt(excerpt));
    }""")
    marked = [[piece["text"] for piece in found["pieces"] if piece["marked"]] for found in read]
    assert marked == [["psoas", "relax"], ["cafe\u0301", "\u0939\u093f\u0902\u0926\u0940"], []]
    # The text is whole: nothing dropped around a mark.
    assert ["".join(piece["text"] for piece in found["pieces"]) for found in read] == [
        "the (psoas and relax; it", "a cafe\u0301, then \u0939\u093f\u0902\u0926\u0940.", "only ... dots"]
    assert sorted(read[1]["terms"]) == ["cafe\u0301", "\u0939\u093f\u0902\u0926\u0940"]


def test_the_page_for_a_missing_address_is_not_a_result(page):
    assert not [path for path in every_match(page, "page not found") if "404" in path]


def test_search_works_again_after_the_index_could_not_be_reached(page):
    """Offline for a moment: the first query fails, the next one, once the index can be reached, finds."""
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(f"{page.base}/")
    type_query(page, "psoas")
    page.locator(".md-search-result__meta").filter(has_text="No matching").wait_for()
    page.unroute("**/pagefind/**")
    page.locator(".md-search__input").fill("")
    type_query(page, "psoas")
    page.locator(".md-search-result__item").first.wait_for()
    page.console_errors.clear()  # the failed load, reported as it happened


def test_material_s_own_index_holds_no_page(built_site):
    # Kept for its search box only: the page script fetches it with every page (scripts/hooks.py).
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]


def test_a_reader_downloads_only_the_index_chunks_a_query_needs(page):
    """Nothing of the index before the reader types; then Pagefind's script, its WebAssembly, the list of the
    index's parts (none here), the treatments' names (search-core.js `byTreatment`) and the chunks and
    fragments of this query, never a whole index or Pagefind's unused user interfaces."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    before = [url for url in requested if "/pagefind/" in url or "search_index" in url]
    assert [url.rsplit("/", 1)[-1] for url in before] == ["search_index.json"]  # Material's configuration only
    requested.clear()
    type_query(page, "psoas")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle")
    names = sorted({re.sub(r"_[0-9a-f]+\.", "_*.", url.rsplit("/", 1)[-1].partition("?")[0]) for url in requested})
    assert names == ["en_*.pf_fragment", "en_*.pf_index", "pagefind-entry.json", "pagefind.en_*.pf_meta",
                     "pagefind.js", "parts.json", "search-core.js", "treatments.json", "wasm.en.pagefind"]
    assert only_local(page) == [] and page.console_errors == []


def test_a_section_chosen_in_the_search_box_on_a_phone_is_where_the_page_opens(browser, site_url):
    """On a phone Material locks the page's scrolling while its search is open, and the page a result opens
    is set while it still is: a section chosen there opened at the page's top, the section thousands of
    pixels below. The page now lands on it (landing.js), as a section chosen on a wider screen does."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = watched(context.new_page())
    try:
        page.goto(f"{site_url}/")
        page.wait_for_load_state("networkidle")
        type_query(page, "stretching")
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_timeout(600)  # Material locks the page's scrolling 400 ms after its search opens
        sections = [link for link in page.locator(".md-search-result__item a[href*='#']").all() if link.is_visible()]

        def below_the_first_screen(href: str) -> bool:
            """Whether the section `href` names lies below its page's first screen, measured on a phone."""
            probe = context.new_page()
            try:
                probe.goto(href.split("#", 1)[0].split("?", 1)[0])  # at its top: `h` would scroll to its words
                return probe.evaluate("id => { const el = document.getElementById(decodeURIComponent(id)); "
                                      "return el !== null && el.getBoundingClientRect().top > innerHeight; }",
                                      href.split("#", 1)[1])
            finally:
                probe.close()

        # The last one listed whose section is below its page's first screen: which are listed moves with the
        # ranking, and a section near its page's top would show nothing.
        section = next((link for link in reversed(sections) if below_the_first_screen(link.get_attribute("href"))),
                       None)
        assert section is not None, "no section below its page's first screen among the results"
        fragment = section.get_attribute("href").split("#", 1)[1]
        section.click()
        page.wait_for_url(re.compile("#" + re.escape(fragment) + "$"))
        target = f"document.getElementById(decodeURIComponent({fragment!r}))"
        page.wait_for_function(f"() => {{ const box = {target}.getBoundingClientRect();"
                               " return box.top >= 0 && box.top < innerHeight / 4; }")
        assert page.evaluate(f"{target}.getBoundingClientRect().top + scrollY > innerHeight"), \
            f"#{fragment} is on the first screen: the test shows nothing"
        assert page.console_errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_search_results_have_no_axe_violations(browser, site_url, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  has_touch=width < 500)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/")
        type_query(page, "relaxers")
        page.locator(".md-search-result__item mark").first.wait_for()
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_keyboard_opens_search_lists_results_and_closes_it(page):
    # Material's shortcuts, answered by the Pagefind worker: "/" opens the box, arrows walk the results,
    # Escape closes it.
    page.goto(f"{page.base}/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("psoas", delay=30)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert only_local(page) == [] and page.console_errors == []
