"""Back and forward restore a page from the browser's back/forward cache, in Chromium: /compare/ and
the other pages Lighthouse measures (its "bf-cache" audit) come back as they were left, not loaded again.

Playwright starts Chromium with the cache switched off (--disable-back-forward-cache): these tests start
their own, with it on. Material's instant navigation never unloads a page for a link within the site, so
the tests leave by a full navigation (an address typed, as Lighthouse does) and come back with the
browser's Back button. A page restored from the cache gets a `pageshow` event with `persisted` true and
keeps its first navigation entry; one loaded again gets `persisted` false.

What threw pages out of the cache (Lighthouse on /compare/: "Internal error", IgnoreEventAndEvict):
Material stores the scroll position with history.replaceState 100 ms after any change of the window, a
resize included, and a call that ran after the browser had cached the page evicted it. Lighthouse
resizes the window for its screenshot just before it leaves; a renderer still busy (the tall comparison,
a loaded machine, a phone: here the processor is slowed four times) ran the call late. Before the fix
the round trip below failed on most pages in most runs; the resize test fails every time.
docs/assets/material/base.js now skips a call that would store the position already stored.
"""

from __future__ import annotations

import time

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, DATA
from perspectives import load_checked

pytestmark = pytest.mark.browser

DATASET = load_checked(DATA)
PHONE = {"width": 412, "height": 823}
# The pages Lighthouse measures (scripts/lighthouse.py), /compare/ first.
PAGES = ["/compare/", "/", f"/articles/{DATASET.articles[0].id}/", "/agreement/",
         f"/treatments/{DATASET.mentioned_treatments[0].id}/"]
# Every pageshow, in order: persisted is true when the page came back from the cache.
PAGESHOWS = "window.__pageshows = []; addEventListener('pageshow', (event) => window.__pageshows.push(event.persisted));"


@pytest.fixture(scope="module")
def caching_browser(browser):
    """Debian's Chromium with its back/forward cache on, as a reader's browser has it (launched by the
    session's Playwright: a second one cannot run beside it)."""
    chromium = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                           ignore_default_args=["--disable-back-forward-cache"])
    yield chromium
    chromium.close()


@pytest.fixture
def phone(caching_browser):
    """A phone-sized page (`page.cdp`: its DevTools session, `page.not_restored`: the reasons Chromium
    gives each time it could not restore a page from the cache)."""
    context = caching_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script(PAGESHOWS)
    page.cdp = context.new_cdp_session(page)
    page.cdp.send("Page.enable")
    page.cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})  # a phone, as Lighthouse and test_browser_layout.py assume
    page.not_restored = []
    page.cdp.on("Page.backForwardCacheNotUsed", lambda event: page.not_restored.append(
        [f"{reason['type']}: {reason['reason']}" for reason in event["notRestoredExplanations"]]))
    yield page
    context.close()


def poll(page, expression: str, timeout: float = 15.0):
    """Wait until `expression` is truthy in the page; return its value. (wait_for_function would evaluate a
    string, which the site's Content-Security-Policy forbids.)"""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(expression)
        except Error as error:  # the page changed under the call: a navigation is still under way
            if "context was destroyed" not in str(error):
                raise
            value = None
        if value or time.monotonic() > deadline:
            return value
        page.wait_for_timeout(50)


def settled(page, url: str) -> None:
    """`url` loaded, Material started and the scroll position stored in the history entry (its first
    replaceState), as when Lighthouse has finished loading a page."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert poll(page, "history.state !== null && window.document$ !== undefined"), "Material did not start"


def resize_as_lighthouse_does(page) -> None:
    """Lighthouse's full-page screenshot: the window made as tall as the page, then as it was."""
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": PHONE["width"], "height": min(height, 16383)})
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.set_viewport_size(PHONE)


@pytest.mark.parametrize("path", PAGES)
def test_back_restores_the_page_from_the_back_forward_cache(phone, site_url, path):
    settled(phone, site_url + path)
    resize_as_lighthouse_does(phone)
    elsewhere = "/about/" if path != "/about/" else "/"
    phone.goto(site_url + elsewhere, wait_until="load")  # a full navigation: the page is left, not swapped
    phone.go_back(wait_until="commit")  # a restored page fires no load event
    assert poll(phone, f"location.pathname === {path!r} && window.__pageshows && window.__pageshows.length")
    assert phone.not_restored == [], f"{path} was loaded again, not restored: {phone.not_restored}"
    assert phone.evaluate("window.__pageshows") == [False, True], "the page was loaded again"
    assert phone.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"


def test_a_resize_leaves_the_history_entry_alone(phone, site_url):
    """The cause, without the race: once the position is stored, a resize that leaves it where it was
    changes no history entry (Material called replaceState after every resize, 100 ms later)."""
    settled(phone, site_url + "/compare/")
    changes = []
    phone.cdp.on("Page.navigatedWithinDocument", lambda event: changes.append(event["url"]))
    resize_as_lighthouse_does(phone)
    phone.wait_for_timeout(600)  # Material waits 100 ms after the last change of the window
    phone.evaluate("0")  # let Playwright deliver the events of the wait
    assert changes == []


def test_the_scroll_position_is_still_stored(phone, site_url):
    """What Material's call is for: after instant navigation, Back returns to where the reader was."""
    settled(phone, site_url + "/compare/")
    phone.evaluate("window.scrollTo(0, 600)")
    assert poll(phone, "history.state && history.state.y === 600"), phone.evaluate("history.state")
    # A link within the site, followed by instant navigation (element.click() does not scroll to it).
    phone.evaluate("document.querySelector('.md-content a[href$=\"/agreement/\"]').click()")
    assert poll(phone, "location.pathname.endsWith('/agreement/') && !document.querySelector('.msp-matrix')")
    phone.go_back(wait_until="commit")
    assert poll(phone, "location.pathname.endsWith('/compare/') && Math.round(scrollY) === 600"), \
        phone.evaluate("[location.pathname, scrollY, history.state]")
    assert phone.evaluate("window.__pageshows") == [False], "instant navigation loaded a page in full"
