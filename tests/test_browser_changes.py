"""The changes page and feed as a reader and a feed reader get them: built with `mkdocs build --strict`
from a fixture data set with a change history (never data/), in Chromium, with axe."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, Server, axe_violations, only_local, reading
from fixture_data import many_articles, site_project

pytestmark = pytest.mark.browser
ATOM = "{http://www.w3.org/2005/Atom}"
HISTORY = {
    "fixture-01": "added: 2025-01-10\nreviewed: 2025-06-01\ncorrections:\n"
                  "  - date: 2025-06-01\n    note: 'The publisher is the clinic <b>itself</b>, not its owner.'\n",
    "fixture-02": "added: 2025-02-14\n",
    "fixture-03": "added: 2025-02-14\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("changes")
    data = many_articles(folder / "data", len(HISTORY))
    for article_id, lines in HISTORY.items():
        path = data / "articles" / f"{article_id}.yaml"
        # The history here replaces whatever dates the generated article carries.
        kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                if not line.startswith(("added:", "reviewed:"))]
        path.write_text("".join(kept) + lines, encoding="utf-8")
    project = site_project(folder / "project", data, ROOT)
    server = Server.build(project, folder / "site")
    yield server
    server.close()


@pytest.fixture
def page(browser, site):
    with reading(browser, site.url) as page:
        yield page


def test_the_changes_page_lists_what_changed_newest_first(page, site):
    page.goto(site.url + "/changes/")
    assert page.locator("h1").first.inner_text().removesuffix("¶").strip() == "Changes"
    days = [text.removesuffix("¶").strip() for text in page.locator("article h2").all_inner_texts()]
    assert days == ["2025-06-01", "2025-02-14", "2025-01-10"]
    items = page.locator("article li[id]")
    assert items.evaluate_all("items => items.map(item => item.id)") == [
        "2025-06-01-corrected-fixture-01",  # reviewed that day too: the review is the correction's own
        "2025-02-14-added-fixture-02", "2025-02-14-added-fixture-03", "2025-01-10-added-fixture-01"]
    correction = items.first.inner_text()
    assert correction.startswith("Corrected:") and "The publisher is the clinic <b>itself</b>, not its owner." in correction
    assert page.locator("article li b").count() == 0  # data stays text
    items.first.locator("a").click()
    page.wait_for_url("**/articles/fixture-01/")
    assert page.console_errors == [] and only_local(page) == []


def test_an_entry_link_from_the_feed_opens_at_its_change(page, site):
    feed = ET.fromstring(page.request.get(site.url + "/changes.xml").body())
    entry_id = feed.find(f"{ATOM}entry/{ATOM}id").text
    page.goto(entry_id)
    assert page.locator(f"[id='{entry_id.split('#')[1]}']").is_visible()
    assert feed.find(f"{ATOM}updated").text == "2025-06-01T00:00:00Z"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == site.url + "/changes.xml"


@pytest.mark.parametrize("path", ["/", "/changes/", "/articles/fixture-01/", "/about/"])
def test_every_page_names_the_feed_in_its_head(page, site, path):
    page.goto(site.url + path)
    href = page.locator("head link[rel=alternate][type='application/atom+xml']").evaluate("link => link.href")
    assert href == site.url + "/changes.xml"
    assert page.request.get(href).ok


def test_the_about_page_links_the_changes_page(page, site):
    page.goto(site.url + "/about/")
    page.locator("article").get_by_role("link", name="Changes", exact=True).click()
    page.wait_for_url("**/changes/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_changes_page_has_no_axe_violations(browser, site, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url + "/changes/")
    violations = axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1)
