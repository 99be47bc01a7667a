"""Pages written as HTML are built without Markdown: prove that changes nothing, and that every link holds.

The hook sets a generated HTML page (each article's page, the comparison)
straight into the site (perspectives.htmlpage). Python-Markdown, with the
extensions of mkdocs.yml, must make the same page of it, with the same table
of contents: that is what keeps the pages buildable by any engine, and the
hook honest. MkDocs no longer checks the links of such pages, so the built
site's links are checked here instead: every relative link and anchor, on
every page, lands on something.
"""

from __future__ import annotations

import html.parser
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from mkdocs.config import load_config

from conftest import DATA, ROOT
from perspectives import build_site, htmlpage
from test_browser_xss import BASE, hostile_data


class _Tokens(html.parser.HTMLParser):
    """A page as tags (attributes sorted) and text (white space folded): equal pages, equal tokens."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tokens.append(f"<{tag} {sorted((name, value or '') for name, value in attrs)}>")

    def handle_endtag(self, tag):
        self.tokens.append(f"</{tag}>")

    def handle_data(self, data):
        if data.split():
            self.tokens.append(" ".join(data.split()))


def _markdown():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def _html_pages(data: Path):
    site = build_site(data)
    pages = [page for page in site.pages if page.html_body]
    assert {"compare/index.md"} < {page.path for page in pages}
    return [(page.path, page.content.split("\n---\n", 1)[1]) for page in pages]


@pytest.fixture(scope="module")
def hostile_data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(BASE, data)
    hostile_data(data)
    return data


@pytest.mark.parametrize("which", ["real", "hostile"])
def test_markdown_makes_the_same_page_and_contents_as_the_hook(which, hostile_data_dir):
    converter = _markdown()
    for path, body in _html_pages(DATA if which == "real" else hostile_data_dir):
        expected = converter.reset().convert(body)
        blocks = htmlpage.parse(body)
        assert _Tokens(htmlpage.to_html(blocks, "&para;")).tokens == _Tokens(expected).tokens, path
        headings = [(block.level, block.id, block.text) for block in blocks if isinstance(block, htmlpage.Heading)]

        def flat(tokens):
            return [item for token in tokens for item in
                    [(token["level"], token["id"], token["name"]), *flat(token["children"])]]
        # toc_depth 2 in mkdocs.yml: the contents hold h1 and h2; the hook filters the same way
        assert flat(converter.toc_tokens) == [heading for heading in headings if heading[0] <= 2], path
        assert htmlpage.ids(expected) == htmlpage.ids(htmlpage.to_html(blocks, "&para;")), path


def test_a_heading_line_is_a_heading_only_with_its_id():
    blocks = htmlpage.parse("# Title { #title }\n\n<p>a</p>\n<p>b</p>\n\n## Part { #part }\n<div>\n</div>\n")
    assert blocks == [htmlpage.Heading(1, "Title", "title"), "<p>a</p>\n<p>b</p>", htmlpage.Heading(2, "Part", "part"),
                      "<div>\n</div>"]
    assert htmlpage.to_html(blocks[:1], "&para;") == \
        '<h1 id="title">Title<a class="headerlink" href="#title" title="Permanent link">&para;</a></h1>'


class _Links(html.parser.HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def test_every_relative_link_and_anchor_on_every_page_lands(built_site: Path):
    """What MkDocs' link validation did for Markdown pages, for every page of the built site."""
    pages = {path: _Links(path.read_text(encoding="utf-8")) for path in built_site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "//")):
                continue
            # 404.html links from the site root: it is served at any depth
            here = "" if parts.path.startswith("/") else path.relative_to(built_site).parent.as_posix()
            target_path = posixpath.normpath(posixpath.join(here, unquote(parts.path).lstrip("/"))) if parts.path else None
            target = built_site / target_path if target_path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(built_site)}: {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(built_site)}: {link} (no such anchor)")
    assert not broken, broken[:20]
    assert sum(len(page.links) for page in pages.values()) > 1000


def test_generated_links_are_relative_urls_not_markdown_sources(built_site: Path):
    for path in built_site.rglob("index.html"):
        assert not re.search(r'href="[^"#:]*\.md(?:#[^"]*)?"', path.read_text(encoding="utf-8")), path


_COUNT_MARKDOWN_PAGES = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure import pages
converted = []
markdown_render = pages.Page.render
def render(page, config, files):
    converted.append(page.file.src_uri)
    markdown_render(page, config, files)
pages.Page.render = render
build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=True))
print("\\n".join(converted))
"""


def test_pages_written_as_html_are_built_without_a_markdown_converter(tmp_path):
    """MkDocs makes a Markdown converter, with every extension, for the pages written in Markdown only: the
    hook sets the others' HTML itself (scripts/hooks.py, _HtmlBodyPage), a third of a second a thousand."""
    import os
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", _COUNT_MARKDOWN_PAGES, str(ROOT / "mkdocs.yml"), str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    converted = set(result.stdout.split())
    html_bodies = {page.path for page in build_site(DATA).pages if page.html_body}
    assert converted and not converted & html_bodies, converted & html_bodies
    assert {"index.md", "method.md"} <= converted
    # and the pages set without it are whole: their headings, links to them and their contents
    article = next(path for path in html_bodies if path.startswith("articles/") and path != "articles/index.md")
    built = (tmp_path / "site" / article.removesuffix(".md") / "index.html").read_text()
    assert re.search(r'<h2 [^>]*id="key-claims">Key claims<a class="headerlink" href="#key-claims"', built)
    assert re.search(r'<a href="#key-claims" class="md-nav__link', built)  # in the table of contents


def test_a_page_written_as_html_reads_its_front_matter_as_mkdocs_would(tmp_path, hostile_data_dir):
    """_HtmlBodyPage reads the render stage's front matter (one line of JSON) as JSON: the same mapping and
    body MkDocs' YAML reading gives, hostile text included; anything else it leaves to MkDocs."""
    import sys
    import types

    from mkdocs.structure.files import File
    from mkdocs.utils.meta import get_data

    sys.path.insert(0, str(ROOT / "scripts"))
    import hooks

    config = load_config(str(ROOT / "mkdocs.yml"))
    sources = [page.content for page in build_site(hostile_data_dir).pages if page.html_body]
    sources += ["---\ntitle: plain YAML\n---\n# Body\n", "no front matter\n", "---\n[1, 2]\n---\nlist\n"]
    for number, source in enumerate(sources):
        path = tmp_path / f"page{number}.md"
        path.write_text(source, encoding="utf-8")
        page = hooks._HtmlBodyPage(None, File(path.name, str(tmp_path), str(tmp_path / "site"), True), config)
        # Outside a build: no plugin has a source of its own to give.
        page.read_source(types.SimpleNamespace(plugins=types.SimpleNamespace(on_page_read_source=lambda **_: None)))
        assert (page.markdown, page.meta) == get_data(source), source[:80]


# The ids of a page, as the hook read them before it looked for `id="` first (perspectives.htmlpage.ids).
_ID_AFTER_WHITE_SPACE = re.compile(r'\sid="([^"]+)"')


# Pages made of pieces where ids and near-misses meet: random characters alone almost never spell `id="`.
_PIECES = st.lists(st.sampled_from(['id="', 'a', '"', " ", "\t", "\x1c", "\x85", "\u2028", "\u00a0", "-", "x", "<p"]),
                   max_size=24).map("".join)


@given(_PIECES)
@example('id="a"')  # at the very start: no white space before it
@example('xid=" id="a"')  # a near-miss whose quotes hold an id
@example(' id=" id="b"')
@example('\x1cid="a"')  # white space to Python, not to ASCII
@example('\x85id="a"')
@example('\u00a0id="a"')
def test_ids_are_those_an_id_attribute_after_white_space_finds(text):
    """htmlpage.ids finds `id="` by its letters and looks at the character before: the same ids as the
    pattern starting with white space, `data-id="…"`, ids inside other attributes' text and runs of quotes
    included."""
    assert htmlpage.ids(text) == set(_ID_AFTER_WHITE_SPACE.findall(text))
