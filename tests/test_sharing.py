"""What a shared link, a search engine and a phone get: sharing cards,
canonical URLs, JSON-LD that never invents a field, the dates from the data,
only the scripts a page uses, and a 404 page that works at any depth."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import re
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader

from conftest import DATA, ROOT, _QuietHandler
from perspectives import load_checked
from perspectives.model import Unknown
from perspectives.render import Renderer, last_changed


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of the built site by its URL path (redirect pages have none of this)."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        found["/" if relative == "." else f"/{relative}/"] = path.read_text(encoding="utf-8")
    return found


def meta(html: str, attribute: str, name: str) -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_every_page_has_a_canonical_url_and_a_sharing_card(built_site: Path, site_url: str):
    for path, html in pages(built_site).items():
        assert f'<link rel="canonical" href="{site_url}{path}">' in html, path
        assert meta(html, "property", "og:url") == f"{site_url}{path}", path
        for name in ("og:title", "og:description", "og:type", "og:site_name"):
            assert meta(html, "property", name), (path, name)
        assert meta(html, "name", "twitter:card") == "summary", path
        assert meta(html, "name", "twitter:title") == meta(html, "property", "og:title"), path
        assert meta(html, "name", "twitter:description") == meta(html, "property", "og:description"), path
        assert meta(html, "property", "og:type") == ("article" if re.match(r"^/articles/[^/]+/$", path) else "website")


def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_each_article_page_describes_itself_as_a_summary_based_on_the_original_and_invents_nothing(built_site, site_url):
    site = pages(built_site)
    for article in load_checked(DATA).articles:
        path = f"/articles/{article.id}/"
        [data] = json_ld(site[path])
        assert data["@context"] == "https://schema.org" and data["@type"] == "WebPage"
        assert data["url"] == f"{site_url}{path}"
        original = data["isBasedOn"]
        assert original["@type"] == "CreativeWork"
        expected = {"name": article.title, "url": article.source.url}
        for key, value in expected.items():
            assert original.get(key) == (None if isinstance(value, Unknown) else value), (article.id, key)
        for key, value in (("author", article.author), ("publisher", article.publisher)):
            assert original.get(key) == (None if isinstance(value, Unknown) else {"name": value}), (article.id, key)
        assert set(original) <= {"@type", "name", "url", "author", "publisher", "datePublished"}
        if not isinstance(article.published, str):
            assert "datePublished" not in original
    assert all(json_ld(html) == [] for path, html in site.items() if not path.startswith("/articles/") or path == "/articles/")


def test_scripts_load_only_on_pages_that_use_them(built_site: Path):
    for path, html in pages(built_site).items():
        content = html[html.index('<article class="md-content__inner'):html.index("</article>")]
        titled_links = re.search(r"<a [^>]*\btitle=", re.sub(r'<a class="headerlink"[^>]*>', "", content))
        assert ("assets/matrix.js" in html) == (path == "/compare/"), path
        # Previews load wherever a link has a title to preview, and only on pages generated from data.
        assert not titled_links or "assets/preview.js" in html, path
        generated = re.match(r"^/(articles|treatments)/[^/]+/$|^/(compare|agreement)/$", path)
        assert "assets/preview.js" not in html or generated, path


@pytest.fixture
def dataset():
    return load_checked(DATA)


def test_an_article_page_shows_the_day_its_data_was_last_reviewed(dataset):
    article = dataclasses.replace(dataset.articles[0], reviewed="2027-05-05")
    page = Renderer(dataset).article_page(article, None, None)
    assert '<time datetime="2027-05-05">5 May 2027</time>' in page.content
    assert '"lastmod": "2027-05-05"' in page.content
    unreviewed = Renderer(dataset).article_page(
        dataclasses.replace(article, added=None, reviewed=None, corrections=()), None, None)
    assert "Last reviewed" not in unreviewed.content and "lastmod" not in unreviewed.content


def test_the_last_change_is_the_latest_date_the_data_gives(dataset):
    from perspectives.model import Correction
    article = dataset.articles[0]
    correction = Correction("2027-06-01", "Fixed a quotation.", article.origin)
    assert last_changed(dataclasses.replace(article, added="2026-01-01", reviewed="2026-03-01",
                                            corrections=(correction,))) == "2027-06-01"
    assert last_changed(dataclasses.replace(article, added="2026-01-01", reviewed=None, corrections=())) == "2026-01-01"
    assert last_changed(dataclasses.replace(article, added=None, reviewed=None, corrections=())) is None


def test_the_sitemap_dates_a_page_from_its_data_and_others_from_the_build():
    template = Environment(loader=FileSystemLoader(ROOT / "overrides")).get_template("sitemap.xml")
    page = functools.partial(SimpleNamespace, is_link=False, abs_url=None, update_date="2026-11-24")
    xml = template.render(pages=[SimpleNamespace(page=page(canonical_url="https://e.org/a/", meta={"lastmod": "2026-02-03"})),
                                 SimpleNamespace(page=page(canonical_url="https://e.org/", meta={}))])
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert re.findall(r"<loc>(.*?)</loc>\s*<lastmod>(.*?)</lastmod>", xml) == [
        ("https://e.org/a/", "2026-02-03"), ("https://e.org/", "2026-11-24")]


class _NotFoundHandler(_QuietHandler):
    """Serves site/404.html for any missing address, with status 404, as a static host does."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.browser
def test_the_404_page_offers_search_and_the_main_pages_at_any_depth(browser, built_site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" and "404" not in message.text else None)
    try:
        response = page.goto(f"{url}/articles/no-such-article/deeper/still/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        # Styled (the stylesheet loaded from the root), and every main page is one tap away.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        links = page.locator(".msp-404-pages a")
        assert links.count() >= 3
        for index in range(links.count()):
            assert page.request.get(links.nth(index).evaluate("a => a.href")).status == 200
        page.locator(".msp-404-search").click()
        page.locator(".md-search__input").press_sequentially("spasm", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        page.goto(f"{url}/no-such-page/")
        page.locator(".msp-404-pages a", has_text="Compare the articles").click()
        page.wait_for_url(f"{url}/compare/")
        assert errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_the_search_index_loads_when_the_reader_first_searches_and_search_works(browser, site_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{site_url}/articles/")
        page.wait_for_load_state("networkidle")
        assert not [url for url in requested if "/pagefind/" in url]
        assert not [url for url in requested if url.endswith("assets/matrix.js")]  # only /compare/ uses it
        page.locator("label.md-header__button[for='__search']").click()
        page.locator(".md-search__input").press_sequentially("spasm", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        assert [url for url in requested if "/pagefind/" in url and ".pf_index" in url]
    finally:
        context.close()
