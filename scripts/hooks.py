"""MkDocs hook: feed the pages rendered from data/ into the build, in memory.

Thin on purpose: the package `perspectives` loads, checks and renders; this
module only hands its output to MkDocs. Generated pages are never written into
docs/, and `watch: [data]` in mkdocs.yml rebuilds them when data changes.

- on_config: load, check and render everything before MkDocs touches the site
  directory, so bad data stops the build with one line per error and nothing
  written.
- on_files: add each generated page and download, a page's edit link pointing
  at the data file it came from; and an empty articles/sitemap.xml (see
  ARTICLES_SITEMAP).
- on_page_markdown: fill `<!-- generated: NAME -->` lines in hand-written pages
  with the named fragment (the home page's article list, the stance legend).
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from perspectives import build_site
from perspectives.builddate import content_epoch
from perspectives.errors import DataErrors
from perspectives.render import Site

log = logging.getLogger("mkdocs.hooks.perspectives")
MARKER = "<!-- generated:"  # a whole line `<!-- generated: NAME -->` is replaced by fragment NAME
_site: Site | None = None

# Each article page advertises its JSON file with <link rel="alternate">.
# Material's instant navigation takes every such link for another language
# version of the site and fetches the sitemap beside it (articles/sitemap.xml
# for articles/<id>.json). An empty, valid sitemap answers that request, so no
# article page logs a failed one; the site's real sitemap stays at the root.
ARTICLES_SITEMAP = ("articles/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def _reproducible_date(config: MkDocsConfig) -> None:
    """Date the build from the last commit of the content, not the clock, unless the caller chose a date.

    Two builds of one commit are then byte-identical. MkDocs reads
    SOURCE_DATE_EPOCH when it creates pages and writes the sitemap, both
    after on_config.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    epoch = content_epoch(Path(config.config_file_path).parent)
    if epoch is None:
        log.info("No git commit dates data/, docs/ or mkdocs.yml: the sitemap takes the clock's date; "
                 "set SOURCE_DATE_EPOCH for a reproducible build.")
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    _reproducible_date(config)
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
    files.append(File.generated(config, ARTICLES_SITEMAP[0], content=ARTICLES_SITEMAP[1]))
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

