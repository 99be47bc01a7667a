"""Nothing moves once drawn: no layout shift while a page loads, on a phone and on a laptop, in Chromium.

Material's script starts after the first paint and changes the page (it wraps
tables, shows the search button, applied the colour scheme again); each change
that moved what the reader already saw was a layout shift, counted against the
site by Lighthouse (issue 11 asks for none). These tests watch the shifts
Chromium reports while each kind of page loads on a slowed-down processor, and
check the fixes one by one.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import DATA, matrix_ready
from perspectives import load_checked

pytestmark = pytest.mark.browser
DATASET = load_checked(DATA)
ARTICLE = DATASET.articles[0].id
# A treatment page with its table of stances: one that some article mentions.
TREATMENT = DATASET.mentioned_treatments[0].id
PAGES = ["/", "/compare/", f"/articles/{ARTICLE}/", "/agreement/", f"/treatments/{TREATMENT}/", "/method/"]

# Every layout shift Chromium reports, with when it came.
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({at: entry.startTime, value: entry.value,
                          moved: entry.sources.map((s) => (s.node && s.node.outerHTML || "").slice(0, 80))});
  }
}).observe({type: "layout-shift", buffered: true});
"""
# Resolves once the page as parsed so far has been painted: a requestAnimationFrame callback runs
# before a frame is painted, so the second one runs after the first has been; gives that moment.
PAINTED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))"
DEFERRED = re.compile(r"<script\b(?=[^>]*\bdefer\b)[^>]*\bsrc=\"([^\"]+)\"")


@pytest.mark.parametrize("width, height", [(412, 823), (1280, 800)])
@pytest.mark.parametrize("path", PAGES)
def test_nothing_shifts_while_the_page_loads(browser, site_url, built_site, path, width, height):
    """The worst case a phone meets: the whole page painted before any of its deferred scripts has run.

    The test holds those scripts (Material's among them) until the parsed page has been painted, then
    lets them run and counts the shifts that follow. Shifts while the page is still arriving (a badge
    drawn half-received, then whole) depend on when Chromium happens to paint; they are not counted."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500,
                                  has_touch=width < 500)
    page = context.new_page()
    page.add_init_script(SHIFTS)
    # Lighthouse's phone runs the page four times slower than this machine: so does this test.
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    html = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    deferred = {urljoin(site_url + path, src) for src in DEFERRED.findall(html)}
    assert deferred, "the page's deferred scripts (Material's among them)"
    held = []
    page.route(lambda url: url in deferred, lambda route: held.append(route))
    page.goto(site_url + path, wait_until="commit")
    page.wait_for_function("() => document.readyState !== 'loading'")
    painted = page.evaluate(PAINTED)
    for _ in range(200):  # each held request reaches this process as an event: wait for them all
        if len(held) == len(deferred):
            break
        page.wait_for_timeout(50)
    assert len(held) == len(deferred), "every deferred script was held"
    for route in held:
        route.continue_()
    page.unroute_all()
    page.wait_for_function("() => document.documentElement.classList.contains('js') && window.document$ !== undefined")
    # /compare/: until matrix.js has set its tables and controls up (its own task, after Material's:
    # on a busy machine seconds after load), the shifts it could cause have not happened yet.
    matrix_ready(page)
    page.wait_for_timeout(1000)
    assert [shift for shift in page.evaluate("window.__shifts") if shift["at"] >= painted] == []
    context.close()


def test_the_comparison_is_full_width_from_its_first_byte(browser, site_url):
    """Marked before its content: no rule waits for the matrix to arrive before widening the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script("""new MutationObserver((_, observer) => {
        const inner = document.querySelector(".md-main__inner");
        if (!inner) return;
        observer.disconnect();
        window.__widthAtStart = getComputedStyle(inner).maxWidth;
      }).observe(document, {childList: true, subtree: true});""")
    page.goto(site_url + "/compare/")
    assert page.evaluate("window.__widthAtStart") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-main__inner')).maxWidth") == "none"
    context.close()


def test_materials_table_wrappers_take_no_room(page):
    """Every element after a table stands where it stood before Material's script wrapped the table."""
    page.goto(f"{page.base}/treatments/{TREATMENT}/")
    page.locator(".md-typeset__scrollwrap table").first.wait_for()
    tops = """() => Array.from(document.querySelectorAll("article > :not(.md-typeset__scrollwrap, table), article td"))
                     .map((el) => Math.round(el.getBoundingClientRect().top * 10))"""
    wrapped = page.evaluate(tops)
    page.evaluate("""() => { for (const box of document.querySelectorAll(".md-typeset__scrollwrap"))
                               box.replaceWith(box.querySelector("table")); }""")
    assert page.locator(".md-typeset__scrollwrap").count() == 0
    assert page.evaluate(tops) == wrapped


def test_the_search_button_is_there_from_the_first_paint(browser, site_url):
    """The root is marked "js" before anything is drawn, so the header does not rearrange itself later."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script("""new MutationObserver((_, observer) => {
        if (!document.body) return;
        window.__rootAtBody = document.documentElement.className; observer.disconnect();
      }).observe(document, {childList: true, subtree: true});""")
    page.goto(site_url + "/")
    assert "js" in page.evaluate("window.__rootAtBody").split()  # with the marks of Material's focus-visible polyfill
    assert page.locator("label.md-header__button[for='__search']").is_visible()
    context.close()


# Two changes restyle every element of a page once it is there: of the root's class attribute (Material's
# stylesheet has rules on [class], and its bundle marks the root when it starts) and of the color-scheme
# <meta> (made and set after the first paint, it was a second styling of the whole page: twice the style
# work of a load, in Chromium's count). Both are in place before <body> and keep their values.
BEFORE_BODY = """
new MutationObserver((_, observer) => {
  if (!document.body) return;
  observer.disconnect();
  const meta = document.querySelector("meta[name='color-scheme']");
  window.__atBody = {root: document.documentElement.className, scheme: meta && meta.content};
  window.__changed = [];
  const record = (records) => { for (const r of records) {
    const now = r.target.getAttribute(r.attributeName);
    if (now !== r.oldValue) window.__changed.push(`${r.target.nodeName} ${r.attributeName}: ${r.oldValue} -> ${now}`);
  } };
  new MutationObserver(record).observe(document.documentElement, {attributes: true, attributeOldValue: true});
  if (meta) new MutationObserver(record).observe(meta, {attributes: true, attributeOldValue: true});
}).observe(document, {childList: true, subtree: true});
"""


@pytest.mark.parametrize("system", ["light", "dark"])
@pytest.mark.parametrize("stored", [None, "slate", "default"])
def test_the_root_and_the_colour_scheme_are_set_before_the_body(browser, site_url, system, stored):
    context = browser.new_context(viewport={"width": 412, "height": 823}, color_scheme=system)
    page = context.new_page()
    if stored:  # a reader who chose with the toggle (Material's __palette, as palette.js stores it)
        page.goto(site_url + "/404.html")
        index = 0 if stored == "default" else 1
        page.evaluate("""([index, scheme]) => localStorage.setItem(new URL("..", location).pathname + ".__palette",
            JSON.stringify({index, color: {media: "", scheme, primary: "indigo", accent: "indigo"}}))""",
                      [index, stored])
    page.add_init_script(BEFORE_BODY)
    page.goto(site_url + "/compare/", wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-matrix-controls]').dataset.matrixReady === 'true'")
    page.wait_for_timeout(1500)  # palette.js checks the colours once the page has loaded and the browser is idle
    expected = {"slate": "dark", "default": "light", None: system}[stored]
    at_body = page.evaluate("window.__atBody")
    assert set(at_body["root"].split()) >= {"js", "js-focus-visible"}, at_body
    assert at_body["scheme"] == expected, at_body
    assert page.evaluate("getComputedStyle(document.querySelector('header')).colorScheme") == expected
    assert page.locator("meta[name='theme-color']").get_attribute("content").startswith("#")
    assert page.evaluate("window.__changed") == []
    context.close()
