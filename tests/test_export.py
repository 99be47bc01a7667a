"""The site outlives MkDocs 1.x and Material: `perspectives export` writes
sources that a standard engine builds without our hook, and ProperDocs (a
drop-in continuation of MkDocs 1.x, in its own venv: `make setup`) builds
them into the same pages: articles, /compare/ and a working search."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, DATA, ROOT, Server
from perspectives import load_checked

PROPERDOCS = ROOT / ".venv-properdocs/bin/properdocs"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    """The export, and the site ProperDocs builds from it."""
    if not PROPERDOCS.exists():
        pytest.fail("ProperDocs is missing: run `make setup` (it creates .venv-properdocs from requirements-properdocs.lock)")
    folder = tmp_path_factory.mktemp("export")
    result = subprocess.run([str(BIN / "perspectives"), "export", str(folder / "src")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    server = Server(folder / "site")
    env = {**os.environ, "SITE_URL": server.url + "/", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "-d", str(folder / "site")],
                            cwd=folder / "src", env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    # The search index, as the export's pagefind.yml says: Pagefind over the built site.
    result = subprocess.run([str(BIN / "python"), "-m", "pagefind", "--site", str(folder / "site")],
                            cwd=folder / "src", capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    yield folder / "src", folder / "site", server
    server.close()


def test_the_export_needs_no_hook(exported):
    source, _, _ = exported
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:" not in config and "\nwatch:" not in config
    assert not (source / "scripts").exists() and not (source / "data").exists()
    assert "<!-- generated:" not in "".join(page.read_text(encoding="utf-8") for page in (source / "docs").rglob("*.md"))


def test_properdocs_builds_every_article_page_and_the_comparison(exported):
    _, site, server = exported
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in home  # the generator: ProperDocs, not MkDocs
    for article in load_checked(DATA).articles:
        page = (site / f"articles/{article.id}/index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{server.url}/articles/{article.id}/">' in page
        assert '<script type="application/ld+json">' in page
    compare = (site / "compare/index.html").read_text(encoding="utf-8")
    assert 'data-matrix="questions"' in compare and 'data-matrix="treatments"' in compare
    assert "assets/matrix.js" in compare
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] >= len(load_checked(DATA).articles)


@pytest.mark.browser
def test_search_works_on_the_properdocs_site(browser, exported):
    _, _, server = exported
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(f"{server.url}/compare/")
        assert page.locator("table[data-matrix='questions'] tbody tr").count() > 0
        page.locator(".md-search__input").click()
        article = load_checked(DATA).articles[0]
        page.locator(".md-search__input").press_sequentially(article.short_title, delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        links = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert f"/articles/{article.id}/" in links
        assert errors == []
    finally:
        page.close()
