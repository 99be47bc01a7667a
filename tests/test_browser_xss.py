"""No data ever becomes markup or script on the live page.

A hostile data set puts classic payloads into every free-text field of an
article and of every vocabulary, passes the check, builds, and every page is
opened in Chromium *after* Material's scripts have run: every link hovered and
focused (previews), search opened and queried, an instant navigation made.
Nothing the data holds may run (no dialog, no flag set), add an element or an
attribute, or raise a console error; and each payload is shown literally.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from perspectives import articlefile

from conftest import BIN, Server, watched
from corpus import BASE
from test_corpus import project

pytestmark = pytest.mark.browser

# Each payload sets window.__xss or adds an element marked data-xss if it ever
# runs or becomes markup. Several start with a marker that means something at
# the start of a Markdown line (details, admonition, list, heading, attribute list).
PAYLOADS = [
    '??? danger "Boxed" <img src=x onerror="window.__xss=1" data-xss>',
    '!!! note </title></textarea><script>window.__xss=1</script> <svg onload=window.__xss=1 data-xss></svg>',
    '"><img src=x onerror=window.__xss=1 data-xss> \' onmouseover=\'window.__xss=1\' data-xss=\'',
    '# [click](javascript:window.__xss=1) <a href="javascript:window.__xss=1" data-xss>link</a>',
    '{: onclick="window.__xss=1" data-xss } *[HTML]: abbreviation __strong__ *em* `code`',
    '- :material-alert: :smile: {{ 7*7 }} {% raw %} ${7*7} &lt;b data-xss&gt;&amp;&#60;i&#62;',
    '1. <iframe srcdoc="<script>parent.__xss=1</script>" data-xss></iframe> ' + "W" * 70,
]
JSON_LD_BREAKOUT = '</script><script>window.__xss=1</script><!-- <script> "}, "x": 1 &lt;/script&gt;'
SHORT = '<img src=x onerror=window.__xss=1 data-xss> &amp; {{x}}'  # for 100-character fields
SHORT_FORMS = ['<img src=x onerror=__xss=1 data-xss>', '??? danger', '{{ 7*7 }} :smile:', '</summary><b data-xss>']


def payload(index: int, limit: int = 600) -> str:
    text = PAYLOADS[index % len(PAYLOADS)]
    return text if len(text) <= limit else SHORT


def hostile_data(data: Path) -> dict[str, list[str]]:
    """Fill every free-text field under `data` (a copy of the corpus base) with payloads.

    Returns the fields filled, by file, to count them.
    """
    filled: dict[str, list[str]] = {}
    counter = iter(range(10_000))

    def fill(where: str, field: str, limit: int = 600) -> str:
        filled.setdefault(where, []).append(field)
        return payload(next(counter), limit)

    for path in sorted((data / "vocabularies").glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in entries:
            # Labels a comparison row shows at a glance are held to a short form's length.
            entry["label"] = SHORT_FORMS[len(filled.setdefault(path.name, [])) % len(SHORT_FORMS)]
            filled[path.name].append(f"{entry['id']}.label")
            entry["description"] = fill(path.name, f"{entry['id']}.description")
        path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")

    article_path = data / "articles/weather.yaml"
    article = yaml.safe_load(article_path.read_text(encoding="utf-8"))
    name = article_path.name
    article["short_title"] = fill(name, "short_title", 100)
    for field in ("title", "title_note", "author", "publisher"):
        article[field] = fill(name, field, 300)
    article["discipline"]["basis"] = fill(name, "discipline.basis")
    article["source"]["note"] = fill(name, "source.note")
    # The JSON-LD data block (overrides/main.html) holds the title, author and
    # publisher: a payload that would end the <script> block early.
    article["publisher"] = JSON_LD_BREAKOUT
    filled[name].append("publisher (JSON-LD)")
    article["source"]["url"] = "https://example.org/w?q='onmouseover='window.__xss=1'"
    # A marker alone on a line is what pymdownx.details and admonitions need.
    article["summary"] = "\n\n".join(["??? danger", "!!! danger", "???+ note"]
                                      + [fill(name, f"summary[{n}]") for n in range(3)])
    quoted = [payload(n) for n in range(len(PAYLOADS))]
    article["claims"].append({"id": "payload", "statement": fill(name, "claims[payload].statement"),
                              "quotations": quoted})
    for claim in article["claims"]:
        claim["statement"] = fill(name, f"claims[{claim['id']}].statement")
    for key, cell in article["comparison"].items():
        for kind in ("value", "none", "unknown"):
            if kind in cell and key != "delivered-by":
                cell[kind] = fill(name, f"comparison.{key}.{kind}")
                if kind == "value":
                    cell["claims"] = [*cell["claims"], "payload"]
                    cell["short"] = SHORT_FORMS[len(filled[name]) % len(SHORT_FORMS)]
                    filled[name].append(f"comparison.{key}.short")
    stances = yaml.safe_load((data / "vocabularies/stances.yaml").read_text(encoding="utf-8"))
    for entry in article["treatments"]:
        entry["note"] = fill(name, f"treatments[{entry['treatment']}].note")
        # A second thing said of the treatment: its note is shown beside the first, in cells and on pages.
        other = next(stance for stance in stances if stance["id"] != entry["stance"] and not stance.get("implicit"))
        entry["also"] = [{"stance": other["id"], "note": fill(name, f"treatments[{entry['treatment']}].also[0].note"),
                          "claims": list(entry["claims"]), **({"qualifier": entry["claims"][0]} if other.get("qualified")
                                                       else {})}]
    for entry in article["themes"]:
        entry["note"] = fill(name, f"themes[{entry['theme']}].note")
        entry["limited"] = fill(name, f"themes[{entry['theme']}].limited")
    article["comparison"]["delivered-by"] = {"unknown": fill(name, "comparison.delivered-by.unknown")}
    kinds = yaml.safe_load((data / "vocabularies/evidence-kinds.yaml").read_text(encoding="utf-8"))
    article["evidence"] = [{"cited": fill(name, "evidence[0].cited"), "kind": kinds[0]["id"],
                            "for": fill(name, "evidence[0].for"), "role": "side", "claims": ["payload"]}]
    article["source"]["partial"] = {"ends": fill(name, "source.partial.ends"),
                                    "missing": fill(name, "source.partial.missing")}
    article["corrections"] = [{"date": str(article["added"]), "note": fill(name, "corrections[0].note")}]
    article.setdefault("reviewed", str(article["added"]))  # the review that made the correction
    capture = (data / "captures/weather.txt").read_text(encoding="utf-8") + "\n".join(quoted) + "\n"
    (data / "captures/weather.txt").write_text(capture, encoding="utf-8")
    article["source"]["capture_sha256"] = hashlib.sha256(capture.encode("utf-8")).hexdigest()
    article_path.write_text(yaml.safe_dump(article, allow_unicode=True, sort_keys=False, width=10_000),
                            encoding="utf-8")
    filled[name].append("claims[payload].quotations")
    return filled


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = project(tmp_path_factory.mktemp("hostile"))
    shutil.copytree(BASE, folder / "data")
    fields = hostile_data(folder / "data")
    server = Server.build(folder, folder / "site")
    yield server, fields
    server.close()


def html_pages(site: Path) -> list[str]:
    """Every page of a built site, as the path a reader opens."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return pages


# Evaluated in the page: anything the data could have turned into markup or script.
INJECTED = """() => {
  const found = [];
  if (window.__xss) found.push('window.__xss was set');
  for (const el of document.querySelectorAll('[data-xss], iframe, .admonition.danger, .admonition.note, details.danger, details.note, abbr'))
    found.push('element: ' + el.outerHTML.slice(0, 120));
  for (const el of document.querySelectorAll('*'))
    for (const attr of el.attributes)
      if (/^on/i.test(attr.name) || /^\\s*javascript:/i.test(attr.value))
        found.push('attribute: ' + el.tagName + ' ' + attr.name + '=' + attr.value.slice(0, 60));
  return found;
}"""


def test_the_hostile_data_passes_the_check_and_fills_every_free_text_field(hostile_site):
    server, fields = hostile_site
    result = subprocess.run([str(BIN / "perspectives"), "check", "--data", str(server.root.parent / "data")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sum(len(names) for names in fields.values()) >= 50
    # Every free-text field the article file defines is filled: a new one must join the hostile set.
    filled = {re.sub(r"\[[^]]*\]", "[]", name) for name in fields["weather.yaml"]} - {"summary[]"} | {"summary"}
    filled = {re.sub(r"^comparison\.[a-z-]+\.", "comparison.<dimension>.", name) for name in filled}
    defined = {path for path, field in articlefile.walk() if field.kind == "text"}
    assert defined <= filled, defined - filled


@pytest.fixture
def hostile_page(browser, hostile_site):
    """A fresh page on the hostile site, recording requests, console errors and dialogs (`page.dialogs`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = watched(context.new_page())
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.base = hostile_site[0].url
    yield page
    assert page.dialogs == [] and page.console_errors == []
    context.close()


def test_no_payload_runs_or_becomes_markup_on_any_live_page(hostile_page, hostile_site):
    page, server = hostile_page, hostile_site[0]
    pages = html_pages(server.root)
    assert len(pages) >= 8
    shown_literally = 0
    for path in pages:
        page.goto(f"{server.url}/{path}")
        page.wait_for_load_state("load")
        links = page.locator(".md-content a")
        for index in range(links.count()):
            link = links.nth(index)
            if link.is_visible():
                link.hover()
                link.focus()
                assert page.evaluate(INJECTED) == [], path
        page.keyboard.press("Escape")
        text = page.locator("body").inner_text()
        shown_literally += sum(marker in text for marker in ("window.__xss=1", "{{ 7*7 }}", ":material-alert:"))
        assert page.evaluate(INJECTED) == [], path
    assert shown_literally >= len(pages)


def test_titles_show_the_data_literally_in_the_tab_and_the_header(hostile_page, hostile_site):
    page, server = hostile_page, hostile_site[0]
    article = yaml.safe_load((server.root.parent / "data/articles/weather.yaml").read_text(encoding="utf-8"))
    short_title, headline = (" ".join(article[field].split()) for field in ("short_title", "title"))
    page.goto(f"{server.url}/articles/weather/")
    assert short_title in page.title()
    assert short_title in page.locator("h1").inner_text()
    assert headline in page.locator(".md-content").inner_text()
    page.mouse.wheel(0, 600)  # Material shows the page title in the header once the heading scrolls away
    header = page.locator(".md-header__topic[data-md-component='header-topic'] .md-ellipsis")
    assert short_title in header.inner_text()
    assert page.evaluate(INJECTED) == []
    # Instant navigation swaps the title in by script: it must stay text there too.
    page.goto(f"{server.url}/")
    page.locator("a.md-tabs__link[href$='compare/']").first.click()
    page.wait_for_url("**/compare/")
    page.locator(".md-content a[href*='articles/weather/']").first.click()
    page.wait_for_url("**/articles/weather/")
    page.wait_for_function("t => document.title.includes(t)", arg=short_title)
    assert page.evaluate(INJECTED) == []


def test_search_results_show_payloads_as_text(hostile_page, hostile_site):
    page, server = hostile_page, hostile_site[0]
    page.goto(f"{server.url}/")
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("onerror", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    results = page.locator(".md-search-result__list")
    for index in range(min(page.locator(".md-search-result__item").count(), 10)):
        page.locator(".md-search-result__item").nth(index).hover()
    assert page.evaluate(INJECTED) == []
    assert "onerror" in results.inner_text()


def test_structured_data_is_valid_json_that_holds_the_data_literally_and_breaks_no_policy(hostile_page, hostile_site):
    import json
    page, server = hostile_page, hostile_site[0]
    article = yaml.safe_load((server.root.parent / "data/articles/weather.yaml").read_text(encoding="utf-8"))
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{server.url}/articles/weather/")
    page.wait_for_load_state("load")
    blocks = page.evaluate("[...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => s.textContent)")
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0]  # escaped: no data can end the block
    data = json.loads(blocks[0])
    original = data["isBasedOn"]
    assert original["publisher"] == {"name": JSON_LD_BREAKOUT}
    assert original["name"] == article["title"].strip() and original["author"] == {"name": article["author"].strip()}
    assert data["url"] == f"{server.url}/articles/weather/"
    assert page.evaluate(INJECTED) == [] and violations == []


def test_the_search_page_shows_payloads_as_text_in_its_results_and_its_choices(hostile_page, hostile_site):
    page, server = hostile_page, hostile_site[0]
    page.goto(f"{server.url}/search/?words=onerror")
    page.locator(".msp-search__result").first.wait_for(timeout=15000)
    for index in range(page.locator(".msp-search__result a").count()):
        page.locator(".msp-search__result a").nth(index).hover()
    assert page.evaluate(INJECTED) == []
    assert "onerror" in page.locator("[data-search-results]").inner_text()
    # The treatments and stances offered are the vocabularies' labels, hostile ones too, as text.
    labels = page.locator("select[name=treatment] option, select[name=stance] option").all_text_contents()
    assert any("__xss" in label or "{{" in label for label in labels)
    page.locator("select[name=treatment]").select_option(index=1)
    page.locator(".msp-search__result").first.wait_for(timeout=15000)
    # The counts beside the choices are set into the labels: the labels stay text, with their counts.
    page.wait_for_function("() => 'counted' in document.querySelector('form[data-search-page]').dataset",
                           timeout=15000)
    counted = page.locator("select[name=treatment] option, select[name=stance] option").all_text_contents()
    bare = [re.sub(r" \(\d+\)$", "", label) for label in labels]  # counted already, or not yet
    assert len(counted) == len(bare) and all(re.fullmatch(re.escape(label) + r" \(\d+\)", now)
                                             for label, now in zip(bare, counted)), counted
    assert page.evaluate(INJECTED) == []
