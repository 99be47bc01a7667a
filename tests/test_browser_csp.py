"""The Content-Security-Policy in real Chromium: every page and every feature, zero violations.

Each test runs twice: with the <meta> policy alone (any static host), and with
the site also served with the headers README.md documents (the policy then also
covers the search worker, which a <meta> in the page cannot reach).
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import (
    DATA, ROOT, content_security_policy, instant_navigation_ready, mkdocs_build, only_local, readme_security_headers,
)
from perspectives import load_checked

pytestmark = pytest.mark.browser
DATASET = load_checked(DATA)
GOLD = next(article for article in DATASET.articles if article.id == "gold-back-spasms-inside-story")

# Runs in every document before its own scripts; reports each violation to Python.
RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolation(
  `${event.effectiveDirective} refused ${event.blockedURI || "?"} in ${event.sourceFile}:${event.lineNumber}`
  + ` ${event.sample}`), true);
"""


class _HeaderHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site with the headers README.md tells a host to send.

    And, for the test only, a report-only copy of the policy that reports to
    this server: a violation inside the search worker fires no event the page
    can see, but it is reported like any other.
    """

    security_headers = readme_security_headers()

    def end_headers(self) -> None:
        for name, value in self.security_headers:
            self.send_header(name, value)
        self.send_header("Content-Security-Policy-Report-Only", f"{content_security_policy()}; report-uri /csp-report")
        super().end_headers()

    def do_POST(self) -> None:
        report = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["csp-report"]
        self.server.reports.append(f"report: {report['effective-directive']} refused {report['blocked-uri']}"
                                   f" in {report['document-uri']}")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def header_server(tmp_path_factory: pytest.TempPathFactory):
    """The site, served with those headers, and built for the server's address like conftest's.

    Material's instant navigation only follows links its sitemap lists, port included.
    """
    root = tmp_path_factory.mktemp("site-with-headers")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_HeaderHandler, directory=str(root)))
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    server.reports = []
    result = mkdocs_build(ROOT, root, site_url=server.url + "/")
    assert result.returncode == 0, result.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["meta", "header"])
def page(request, browser, site_url):
    """A fresh page that records every CSP violation: events, console messages and (with headers) reports."""
    violations: list[str] = []
    base = site_url
    if request.param == "header":
        server = request.getfixturevalue("header_server")
        base, server.reports = server.url, violations
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.expose_function("__cspViolation", lambda text: violations.append(text))
    context.add_init_script(RECORD_VIOLATIONS)

    def on_console(message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", on_console)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.base = base
    page.delivery = request.param
    page.violations = violations
    yield page
    context.close()


def settle(page) -> None:
    """Let late work finish (search worker start, sitemap fetch) so its violations would be seen."""
    page.wait_for_load_state("networkidle")


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a URL path."""
    return sorted("/" + str(p.relative_to(site)).removesuffix("index.html") for p in site.rglob("*.html"))


def test_every_page_loads_with_zero_violations(page, built_site):
    paths = site_pages(built_site)
    assert len(paths) >= len(DATASET.articles) + 8
    seen = {}
    for path in paths:
        response = page.goto(page.base + path)
        assert response.status == 200, path
        settle(page)
        if page.violations:
            seen[path] = page.violations[:]
            page.violations.clear()
    assert seen == {}
    assert only_local(page) == []


def wait_for_violation(page, prefix: str) -> None:
    """Wait until a violation starting with `prefix` has been recorded (events and reports arrive late)."""
    for _ in range(100):
        if any(v.startswith(prefix) for v in page.violations):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"no {prefix!r} in {page.violations}")


def test_a_violation_would_be_seen_and_injected_script_does_not_run(page):
    """The watch is not blind: markup that slipped into a page runs nothing, and is reported."""
    page.goto(page.base + "/")
    settle(page)
    page.evaluate("""() => document.querySelector("article").insertAdjacentHTML("beforeend",
        '<img src="../no-such-image.png" onerror="window.pwned = 1">'
        + '<a id="x" href="javascript:window.pwned = 2">x</a>')""")
    page.locator("#x").click()
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="window.pwned = 3")
    page.evaluate("setTimeout('window.pwned = 4')")  # a string to evaluate: eval by another name
    for directive in ("script-src-attr", "script-src-elem", "script-src "):
        wait_for_violation(page, directive)
    if page.delivery == "header":  # the report channel, which also covers the search worker, works
        wait_for_violation(page, "report: script-src-attr")
    assert page.evaluate("window.pwned") is None


def test_the_scope_and_the_stored_palette_are_as_before(page):
    """__md_scope is the site root from any page, as Material's inline script made it; so are storage keys."""
    for path in ("/", "/compare/", f"/articles/{GOLD.id}/", "/404.html"):
        page.goto(page.base + path)
        assert page.evaluate("__md_scope.href") == page.base + "/", path
    page.goto(page.base + f"/articles/{GOLD.id}/")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert "/.__palette" in page.evaluate("Object.keys(localStorage)")
    page.goto(page.base + "/method/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    settle(page)
    assert page.violations == []


# When the stored scheme reaches <body>, and when Chromium first paints.
SCHEME_AND_FIRST_PAINT = """
window.__times = {};
new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__times[entry.name] ??= entry.startTime })
  .observe({type: "paint", buffered: true});
new MutationObserver(() => {
  if (document.body?.dataset.mdColorScheme === "slate") window.__times.slate ??= performance.now() })
  .observe(document, {childList: true, subtree: true, attributes: true});
"""


def test_the_chosen_scheme_is_set_before_the_first_paint_even_when_palette_js_is_slow(page):
    """No flash of the light scheme for a reader who chose dark (Material's inline script never flashed)."""
    page.goto(page.base + "/")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"

    def slowly(route, request) -> None:
        time.sleep(0.3)
        route.continue_()

    page.route("**/assets/material/palette.js", slowly)  # routing also bypasses the cache
    page.add_init_script(SCHEME_AND_FIRST_PAINT)
    page.goto(page.base + "/method/")
    # A function, not an expression: Playwright evaluates an expression with eval, which the CSP forbids.
    page.wait_for_function("() => 'first-paint' in window.__times")
    times = page.evaluate("window.__times")
    assert times["slate"] < times["first-paint"], times


def test_instant_navigation_has_zero_violations(page):
    page.goto(page.base + "/")
    instant_navigation_ready(page)
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-tabs__link[href$='compare/']").click()
    page.wait_for_url("**/compare/")
    page.locator("h1", has_text="Compare the articles").wait_for()
    page.locator(f"a[href$='articles/{GOLD.id}/']").first.click()
    page.wait_for_url(f"**/articles/{GOLD.id}/")
    page.locator("h1", has_text=GOLD.short_title).wait_for()
    assert page.evaluate("window.__sameDocument === true")
    settle(page)
    assert page.violations == []


def test_search_has_zero_violations(page):
    page.goto(page.base + "/")
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("stretching", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert len(page.workers) == 1
    search.press("Enter")  # a form submission would be refused by form-action 'none'
    page.wait_for_url("**/?h=*stretch*")  # Enter opens the first result, its matched words marked
    settle(page)
    assert page.violations == []


def test_dark_mode_has_zero_violations(page):
    page.goto(page.base + "/")
    for _ in range(2):
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    settle(page)
    assert page.violations == []


def test_the_compare_filters_and_tooltips_have_zero_violations(page):
    page.goto(page.base + "/compare/")
    page.locator("[data-matrix-controls] > summary").click()
    controls = page.locator("[data-matrix-controls]")
    controls.get_by_role("group", name="Articles").get_by_label(GOLD.short_title).uncheck()
    assert page.locator(f"#dimension-root-cause--{GOLD.id}").is_hidden()
    page.get_by_label("Order treatments by").select_option(GOLD.id)
    controls.get_by_role("button", name="Reset").click()
    claim = GOLD.claim(GOLD.comparison["mechanism"].claims[0])
    cell = page.locator(f"#dimension-mechanism--{GOLD.id}")
    cell.locator("summary").click()  # each answer opens in place to its claim links
    cell.locator(f"a[href*='#{claim.anchor}']").first.hover()
    page.locator("#msp-preview:not([hidden])").wait_for(state="visible")
    settle(page)
    assert page.violations == []
