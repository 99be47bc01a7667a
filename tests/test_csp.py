"""The Content-Security-Policy, statically: one policy, in every page and in the README; no inline script.

tests/test_browser_csp.py drives the built site in Chromium under the policy.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
from mkdocs.config import load_config

from conftest import ROOT, content_security_policy, readme_security_headers

POLICY = content_security_policy()
DIRECTIVES = {name: sources for name, *sources in (d.split() for d in POLICY.split("; "))}
MATERIAL = Path(material.__file__).parent / "templates"  # the installed Material's


def test_the_readme_header_is_the_policy_in_mkdocs_yml():
    assert readme_security_headers() == [
        ("Content-Security-Policy", POLICY),
        # Ignored (and logged as an error) in a <meta>, so only in the header, as its own policy.
        ("Content-Security-Policy", "frame-ancestors 'none'"),
    ]


def test_the_policy_allows_no_third_party_origin_no_inline_script_and_no_eval():
    assert DIRECTIVES["default-src"] == ["'none'"]
    # 'wasm-unsafe-eval' compiles the search's WebAssembly (Pagefind); it allows no eval of script.
    assert DIRECTIVES["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    for name, sources in DIRECTIVES.items():
        allowed = {"'self'", "'none'", "data:"} | ({"'wasm-unsafe-eval'"} if name == "script-src" else set())
        assert set(sources) <= allowed, name  # no host, scheme wildcard, hash or 'unsafe-…'
    assert "data:" not in DIRECTIVES["script-src"] + DIRECTIVES["style-src"] + DIRECTIVES["connect-src"]
    # Directives a <meta> policy ignores belong in the header only.
    assert not {"frame-ancestors", "report-uri", "report-to", "sandbox"} & set(DIRECTIVES)
    # The template writes the policy into an attribute unescaped.
    assert not set('"<>&') & set(POLICY)


class _Page(HTMLParser):
    """Every start tag of a built page, in order, with its offset in the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], int]] = []
        self.inline_scripts: list[str] = []
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self._script: dict[str, str | None] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        self.tags.append((tag, dict(attrs), self._lines[line - 1] + column))
        self._script = dict(attrs) if tag == "script" else None

    def handle_endtag(self, tag):
        self._script = None

    def handle_data(self, data):
        script = self._script
        # Data blocks (Material's configuration, the JSON-LD) never run: CSP does not govern them.
        if script is not None and "src" not in script and script.get("type") not in DATA_BLOCKS and data.strip():
            self.inline_scripts.append(data.strip()[:80])


DATA_BLOCKS = ("application/json", "application/ld+json")


def built_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert {page.name for page in pages} == {"index.html", "404.html"}
    return pages


def test_every_page_starts_its_head_with_the_policy(built_site: Path):
    for path in built_pages(built_site):
        text = path.read_text(encoding="utf-8")
        tags = _Page(text).tags
        first = [tag for tag, _, _ in tags].index("head") + 1
        name, attrs, _ = tags[first]
        assert (name, attrs) == ("meta", {"http-equiv": "Content-Security-Policy", "content": POLICY}), path
        assert sum(1 for _, attrs, _ in tags if attrs.get("http-equiv") == "Content-Security-Policy") == 1, path
        # The charset declaration must still lie within the first 1,024 bytes.
        charset = next(offset for tag, attrs, offset in tags if tag == "meta" and "charset" in attrs)
        assert len(text[:charset].encode()) + len('<meta charset="utf-8">') <= 1024, path


def test_no_page_has_inline_script_event_handlers_or_inline_style(built_site: Path):
    found = []
    for path in built_pages(built_site):
        page = _Page(path.read_text(encoding="utf-8"))
        where = path.relative_to(built_site)
        found += [f"{where}: <script> {text}" for text in page.inline_scripts]
        for tag, attrs, _ in page.tags:
            found += [f"{where}: <{tag} {name}=…>" for name in attrs if name.startswith("on") or name == "style"]
            found += [f"{where}: <{tag} {name}={value}>" for name, value in attrs.items()
                      if (value or "").strip().lower().startswith("javascript:")]
            if tag == "style":
                found.append(f"{where}: <style>")
    assert found == []


def material_inline_scripts(partial: str) -> list[str]:
    text = (MATERIAL / "partials/javascripts" / partial).read_text(encoding="utf-8")
    return re.findall(r"<script>(.*?)</script>", text, re.S)


def moved_script(name: str) -> str:
    """A file of docs/assets/material/ without its leading comment."""
    text = (ROOT / "docs/assets/material" / name).read_text(encoding="utf-8")
    return re.sub(r"\A/\*.*?\*/\s*", "", text, flags=re.S).strip()


@pytest.mark.parametrize("partial, moved, substitutions", [
    ("base.html", "base.js", {'"{{ config.extra.scope | d(base_url) }}"': "document.currentScript.dataset.mdScope"}),
    ("palette.html", "palette.js", {}),
    # The first script in content.html is for content.tabs.link, which is not enabled (below).
    ("content.html", "content.js", {}),
])
def test_the_moved_scripts_are_the_installed_materials_inline_scripts(partial, moved, substitutions):
    expected = material_inline_scripts(partial)[-1]
    for old, new in substitutions.items():
        assert expected.count(old) == 1, f"Material's {partial} changed: update docs/assets/material/{moved}"
        expected = expected.replace(old, new)
    # palette.js wraps Material's code and base.js adds a line (each explains why); content.js is Material's alone.
    code = moved_script(moved)
    assert expected in code if moved in ("palette.js", "base.js") else code == expected, \
        f"Material's {partial} changed: update docs/assets/material/{moved}"


def test_no_feature_needs_a_material_inline_script_that_was_not_moved():
    config = load_config(str(ROOT / "mkdocs.yml"))
    # overrides/partials/javascripts/content.html leaves out the content.tabs.link script.
    assert "content.tabs.link" not in config.theme["features"]
    assert len(material_inline_scripts("content.html")) == 2


def test_the_palette_partial_is_materials_but_for_the_component_that_is_not_mounted():
    """overrides/partials/palette.html: Material's form, marked for palette.js instead of Material's component."""
    def without_comments(text: str) -> str:
        return re.sub(r"\{#-?.*?-?#\}", "", text, flags=re.S).strip()

    ours = without_comments((ROOT / "overrides/partials/palette.html").read_text(encoding="utf-8"))
    theirs = without_comments((MATERIAL / "partials/palette.html").read_text(encoding="utf-8"))
    assert theirs.count('data-md-component="palette"') == 1, "Material's palette.html changed: update the override"
    assert ours == theirs.replace('data-md-component="palette"', "data-msp-palette")
