"""A fixture article (tests/fixture_articles/) as a reader gets it, in Chromium: filled in, it
appears in the comparison, on the agreement page (where it rejects a theme) and in search; as a
draft, `mkdocs serve` shows it with a banner and `mkdocs build` leaves it out entirely."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request

import pytest

from conftest import BIN, ROOT, Server, free_port, mkdocs_build, mkdocs_serve, reading
from fixture_data import site_project
from test_articlefile import edit, fixture_data
from test_search import search


@pytest.fixture(scope="module")
def heat_site(tmp_path_factory):
    """base + heat-clinic (ready), built with `mkdocs build --strict` and served on localhost."""
    folder = tmp_path_factory.mktemp("heat")
    project = site_project(folder / "project", fixture_data(folder, "heat-clinic"), ROOT)
    server = Server.build(project, folder / "site")
    yield server
    server.close()


@pytest.fixture
def reader(browser, heat_site):
    with reading(browser, heat_site.url) as page:
        yield page


def test_a_filled_article_is_a_column_of_the_comparison(reader):
    reader.goto(f"{reader.base}/compare/")
    header = reader.locator("#questions--heat-clinic, th[data-column='heat-clinic']").first
    assert "Heat Clinic" in header.inner_text()
    cell = reader.locator("#dimension-root-cause--heat-clinic")
    assert "Cooling too fast" in cell.inner_text()


def test_a_rejected_theme_reads_as_rejected(reader):
    reader.goto(f"{reader.base}/agreement/")
    # Held by one and rejected by the other, it divides them: its card leads the page, each side by word.
    card = reader.locator("section.msp-side-card", has=reader.get_by_role("link", name="Spasms guard the body",
                                                                         exact=True)).first
    sides = card.locator("li").all_inner_texts()
    assert any(text.startswith("Rejects") and "Heat Clinic" in text for text in sides), sides
    assert any(text.startswith("Holds") and "Weather Clinic" in text for text in sides), sides
    rejected = reader.locator("#guarding--heat-clinic")
    assert "rejects" in rejected.inner_text()
    assert reader.get_by_text("Rejected by 1 of 2 articles.").is_visible()


def test_search_finds_the_filled_article(reader):
    assert "/articles/heat-clinic/" in search(reader, "swimmers")


def test_a_draft_is_left_out_of_the_build(tmp_path):
    data = fixture_data(tmp_path, "heat-clinic")
    edit(data / "articles/heat-clinic.yaml", "status: ready", "status: draft")
    project = site_project(tmp_path / "project", data, ROOT)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    # Left out, and said so: a page missing without a word looks lost.
    assert ("1 draft article left out: a build publishes no draft (`make serve` shows them): heat-clinic"
            in result.stderr), result.stderr
    checked = subprocess.run([str(BIN / "perspectives"), "check"], cwd=project, capture_output=True, text=True)
    assert checked.stdout.startswith("data ok: 2 articles (1 of them a draft, shown by `make serve` only), "), checked
    assert not (tmp_path / "site/articles/heat-clinic").exists()
    assert not (tmp_path / "site/articles/heat-clinic.json").exists()
    for path in (tmp_path / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".csv", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "heat-clinic" not in text and "Heat Clinic" not in text, path


def test_a_draft_is_served_with_a_banner(tmp_path, browser):
    data = fixture_data(tmp_path, "heat-clinic")
    edit(data / "articles/heat-clinic.yaml", "status: ready", "status: draft")
    project = site_project(tmp_path / "project", data, ROOT)
    port = free_port()
    serve = mkdocs_serve(project, port)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/articles/heat-clinic/", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline and serve.poll() is None, "mkdocs serve did not start"
                time.sleep(0.5)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/articles/heat-clinic/")
        banner = page.locator("#draft")
        assert banner.is_visible() and "Draft" in banner.inner_text()
        page.goto(f"{base}/compare/")
        assert "(draft)" in page.locator("th[data-column='heat-clinic']").first.inner_text()
        index = json.loads(urllib.request.urlopen(f"{base}/articles.json", timeout=5).read())
        assert "heat-clinic" in [article["id"] for article in index["articles"]]
        context.close()
    finally:
        serve.terminate()
        serve.wait(timeout=30)
