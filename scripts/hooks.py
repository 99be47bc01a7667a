"""MkDocs hook: feed the pages rendered from data/ into the build, in memory.

Thin on purpose: the package `perspectives` loads, checks and renders; this
module only hands its output to MkDocs. Generated pages are never written into
docs/, and `watch: [data]` in mkdocs.yml rebuilds them when data changes.

- on_config: load, check and render everything before MkDocs touches the site
  directory, so bad data stops the build with one line per error and nothing
  written.
- on_files: add each generated page, with its edit link pointing at the data
  file it came from.
- on_page_markdown: fill `<!-- generated: NAME -->` lines in hand-written pages
  with the named fragment (the home page's article list, the stance legend).
- on_post_build: give articles/ a sitemap of its own (see below).
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from perspectives import build_site
from perspectives.errors import DataErrors
from perspectives.render import Site

log = logging.getLogger("mkdocs.hooks.perspectives")
MARKER = "<!-- generated:"  # a whole line `<!-- generated: NAME -->` is replaced by fragment NAME
_site: Site | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    root = Path(config.config_file_path).parent
    try:
        _site = build_site(root / "data")
    except DataErrors as failure:
        for error in failure.errors:
            log.error(str(error))
        raise Abort(f"{len(failure.errors)} error(s) in data/; nothing was built.") from None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    for page in _site.pages:
        file = File.generated(config, page.path, content=page.content)
        # Edit links open the data file the page came from (relative to edit_uri, which points at docs/).
        file.edit_uri = posixpath.join("..", page.source)
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _site is not None
    if MARKER not in markdown:
        return markdown
    lines = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(MARKER) and stripped.endswith("-->"):
            name = stripped.removeprefix(MARKER).removesuffix("-->").strip()
            if name not in _site.fragments:
                raise PluginError(f"docs/{page.file.src_uri}: line {number}: no generated fragment {name!r} — "
                                  f"use one of: {', '.join(sorted(_site.fragments))}")
            line = _site.fragments[name]
        lines.append(line)
    return "\n".join(lines)


def on_post_build(config: MkDocsConfig) -> None:
    """Write articles/sitemap.xml: the article pages of the site's sitemap.

    Each article page advertises its JSON file with <link rel="alternate">.
    Material's instant navigation takes every such link for another language
    version of the site and fetches the sitemap beside it, which for
    articles/<id>.json is articles/sitemap.xml. Without this file every
    article page would log a failed request.
    """
    site = Path(config.site_dir)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = [entry for entry in re.findall(r"\s*<url>.*?</url>", sitemap, flags=re.S) if "/articles/" in entry]
    head, _, _ = sitemap.partition("<url>")
    (site / "articles" / "sitemap.xml").write_text(head.rstrip() + "".join(entries) + "\n</urlset>\n",
                                                   encoding="utf-8")
