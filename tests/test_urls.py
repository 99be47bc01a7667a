"""Links that never break: every URL and anchor in data/published-urls.txt is
served by the build; a renamed article or treatment keeps its old address as
a redirect declared in its data, and the check refuses a rename without one."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT, DataCopy, Server, mkdocs_build
from perspectives import load_checked
from perspectives.errors import DataErrors
from perspectives.manifest import MANIFEST, published_urls, read_manifest


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def _ids(html_file: Path) -> set[str]:
    parser = _Ids()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.ids


def _served_file(site: Path, url: str) -> Path:
    """The file a URL serves; for a redirect page (an old id), the page it leads to."""
    path = url.split("#", 1)[0].lstrip("/")
    served = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    if served.suffix == ".html" and served.is_file():
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', served.read_text(encoding="utf-8"))
        if target:
            return (served.parent / target.group(1) / "index.html").resolve()
    return served


def _missing(site: Path) -> list[str]:
    ids: dict[Path, set[str]] = {}
    missing = []
    for number, url in read_manifest(DATA) or []:
        served = _served_file(site, url)
        if not served.is_file():
            missing.append(f"data/{MANIFEST}:{number}: {url}: no such page in the build")
            continue
        if "#" in url:
            anchor = url.split("#", 1)[1]
            if anchor not in ids.setdefault(served, _ids(served)):
                missing.append(f"data/{MANIFEST}:{number}: {url}: the page has no element with id {anchor!r}")
    return missing


def test_the_build_serves_every_published_url_and_anchor(built_site: Path):
    assert read_manifest(DATA), f"data/{MANIFEST} is missing: run `make urls`"
    missing = _missing(built_site)
    assert not missing, "\n".join(missing)


def test_the_manifest_lists_everything_the_site_publishes():
    """Dropping a URL fails; a new one passes, and the test says what to add."""
    now = set(published_urls(load_checked(DATA), ROOT / "docs"))
    recorded = {url for _, url in read_manifest(DATA) or []}
    dropped = sorted(recorded - now)
    assert not dropped, f"the site no longer publishes: {dropped} — give the renamed record `former_ids`"
    added = sorted(now - recorded)
    if added:
        print(f"new URLs to record in data/{MANIFEST} (run `make urls`):\n" + "\n".join(added))


def _rename_article(copy: DataCopy, old: str, new: str, former: bool) -> None:
    text = copy.path(f"articles/{old}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"id: {old}\n", f"id: {new}\n" + (f"former_ids: [{old}]\n" if former else ""), 1)
    copy.path(f"articles/{old}.yaml").unlink()
    copy.path(f"articles/{new}.yaml").write_text(text, encoding="utf-8")
    copy.path(f"captures/{old}.txt").rename(copy.path(f"captures/{new}.txt"))


def _first_article() -> str:
    return sorted(path.stem for path in (DATA / "articles").glob("*.yaml"))[0]


def test_the_check_refuses_a_rename_without_a_redirect(data_copy: DataCopy):
    old = _first_article()
    _rename_article(data_copy, old, "renamed-article", former=False)
    with pytest.raises(DataErrors) as failure:
        load_checked(data_copy.data)
    lines = [str(error) for error in failure.value.errors]
    assert len(lines) == 1, lines
    assert re.match(rf"^.*{MANIFEST}:\d+: /articles/{old}/: .*no article has the id '{old}'.*former_ids: \[{old}\]", lines[0])


def test_a_former_id_cannot_lead_to_two_places(data_copy: DataCopy):
    text = data_copy.path("vocabularies/themes.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)", text, re.M)
    text = text.replace(f"- id: {ids[1]}\n", f"- id: {ids[1]}\n  former_ids: [{ids[0]}]\n", 1)
    data_copy.path("vocabularies/themes.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as failure:
        load_checked(data_copy.data)
    assert [f"{error.field}: {error.problem}" for error in failure.value.errors] == [
        f"entries[1].former_ids: {ids[0]!r} is the id of another theme now"]


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory) -> tuple[Path, str, str, str]:
    """A build where an article, a treatment and a theme were renamed, each with its former id."""
    root = tmp_path_factory.mktemp("renamed")
    copy = DataCopy(root)
    import shutil
    shutil.copytree(DATA, copy.data)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    old = _first_article()
    _rename_article(copy, old, "renamed-article", former=True)
    themes = copy.path("vocabularies/themes.yaml")
    entries = yaml.safe_load(themes.read_text(encoding="utf-8"))
    theme = entries[0]["id"]  # renamed, keeping any earlier ids it already carries
    entries[0] = {**entries[0], "id": f"{theme}-renamed", "former_ids": [*entries[0].get("former_ids", []), theme]}
    themes.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in copy.data.rglob("*.yaml"):  # articles hold the theme by its id
        path.write_text(re.sub(rf"\b{theme}\b(?!-renamed)", f"{theme}-renamed", path.read_text(encoding="utf-8"))
                        if path.name != "themes.yaml" else path.read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site", old, theme, result.stderr


def test_a_renamed_articles_old_address_redirects_without_script(renamed_site):
    site, old, _, _ = renamed_site
    page = (site / "articles" / old / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="../renamed-article/">' in page
    assert '<meta http-equiv="refresh" content="0; url=../renamed-article/">' in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="../../assets/redirect.js">']  # no inline script
    assert 'http-equiv="Content-Security-Policy"' in page


def test_the_renamed_site_still_serves_every_published_url(renamed_site):
    site, _, _, _ = renamed_site
    assert _missing(site) == []


@pytest.mark.browser
def test_a_redirect_and_an_old_theme_anchor_work_in_chromium(browser, renamed_site):
    site, old, theme, _ = renamed_site
    server = Server(site)
    page = browser.new_page()
    try:
        # An old claim link lands on the claim at the new address: the anchor survives the redirect.
        claim = next(url for _, url in read_manifest(DATA) if url.startswith(f"/articles/{old}/#claim-"))
        page.goto(f"{server.url}{claim}")
        page.wait_for_url(f"{server.url}{claim.replace(old, 'renamed-article')}")
        page.goto(f"{server.url}/agreement/#{theme}")
        assert page.evaluate(f"document.getElementById({theme!r}).closest('.md-content') !== null")
        assert page.evaluate("location.hash") == f"#{theme}"
    finally:
        page.close()
        server.close()
