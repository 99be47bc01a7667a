"""Write rendered pages into a folder as they are rendered, so that no one holds them all.

At 5,000 articles the rendered pages and downloads are some 700 million
characters, about 1.4 GB as Python strings: held together (render.Site) they
were most of a build's peak memory. A site engine reads each page back from
its file when it builds it (the hook hands MkDocs the files, not the text).
This module knows nothing of the engine; the caller owns the folder and
removes it when the build is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from perspectives.render import Page


@dataclass(frozen=True)
class SpooledPage:
    """A rendered page as render.Page describes it, its content in `file` rather than in memory."""

    path: str
    source: str
    html_body: bool
    file: Path


@dataclass(frozen=True)
class SpooledSite:
    """The spooled pages and the fragments hand-written pages include (see render.Site)."""

    folder: Path
    pages: tuple[SpooledPage, ...]
    fragments: dict[str, str]

    @property
    def html_bodies(self) -> frozenset[str]:
        """The paths of the pages whose body is HTML (see render.Page.html_body)."""
        return frozenset(page.path for page in self.pages if page.html_body)


def spool(pages: Iterable[Page], fragments: dict[str, str], folder: Path) -> SpooledSite:
    """Write each page into `folder` at its path as it comes; `folder` must be empty or new."""
    folder = folder.resolve()
    written = []
    for page in pages:
        file = folder / page.path
        file.parent.mkdir(parents=True, exist_ok=True)
        # newline="": line ends as rendered (\n), not the platform's.
        with open(file, "w", encoding="utf-8", newline="") as stream:
            stream.write(page.content)
        written.append(SpooledPage(page.path, page.source, page.html_body, file))
    # In path order, as render.Site holds them: the engine lists pages (the sitemap) in the order it gets them.
    return SpooledSite(folder, tuple(sorted(written, key=lambda page: page.path)), fragments)
