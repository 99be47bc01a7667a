"""Write rendered pages into a folder as they are rendered, so that no one holds them all.

At 5,000 articles the rendered pages and downloads are some 700 million
characters, about 1.4 GB as Python strings: held together (render.Site) they
were most of a build's peak memory. A site engine reads each page back from
its file when it builds it (the hook hands MkDocs the files, not the text).
This module knows nothing of the engine; the caller owns the folder and
removes it when the build is done.

Rendering is most of the work, and pages render independently of each other:
`spool_parts` shares the renderer's parts out among processes, each writing
its pages itself and sending back only where it wrote them. The processes
are forked from this one, so they start with the renderer as it stands and
nothing is pickled but a part's name and a list of paths.
"""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from perspectives.processes import ignore_interrupts
from perspectives.render import Page, Part


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
    return _site(folder, _write(pages, folder), fragments)


def spool_parts(render: Callable[[Part], Iterable[Page]], parts: Sequence[Part], fragments: dict[str, str],
                folder: Path, jobs: int = 1) -> SpooledSite:
    """`spool` of every part's pages (`render(part)`, as render.Renderer.part), the parts shared out among
    `jobs` processes; the same files as `spool` writes, whatever the number of processes."""
    folder = folder.resolve()
    if jobs < 2 or len(parts) < 2:
        return _site(folder, _write((page for part in parts for page in render(part)), folder), fragments)
    global _render
    _render = render
    # Forked, and explicitly so (Python 3.14 makes another method the default): the processes inherit the
    # renderer. Objects alive now are kept out of the collector's sweeps, which would otherwise touch,
    # and so copy into each process, every page of memory the dataset occupies.
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(min(jobs, len(parts)), multiprocessing.get_context("fork"),
                                   initializer=ignore_interrupts)
        try:
            futures = [pool.submit(_write_part, part, folder) for part in parts]
            written = [page for future in futures for page in future.result()]
        finally:
            # On any failure (Ctrl-C among them) the processes finish the part they are writing before this
            # returns, so that whoever removes the folder next does not race them.
            pool.shutdown(wait=True, cancel_futures=True)
    except BrokenProcessPool:  # a process died (out of memory, killed): render them all here instead
        written = _write((page for part in parts for page in render(part)), folder)
    finally:
        _render = None
        gc.unfreeze()
    return _site(folder, written, fragments)


# The renderer's `part`, for the processes spool_parts forks (they inherit it): None outside spool_parts.
_render: Callable[[Part], Iterable[Page]] | None = None


def _write_part(part: Part, folder: Path) -> list[SpooledPage]:
    assert _render is not None, "called outside spool_parts"
    return _write(_render(part), folder)


def _write(pages: Iterable[Page], folder: Path) -> list[SpooledPage]:
    written = []
    for page in pages:
        file = folder / page.path
        file.parent.mkdir(parents=True, exist_ok=True)
        # newline="": line ends as rendered (\n), not the platform's.
        with open(file, "w", encoding="utf-8", newline="") as stream:
            stream.write(page.content)
        written.append(SpooledPage(page.path, page.source, page.html_body, file))
    return written


def _site(folder: Path, written: list[SpooledPage], fragments: dict[str, str]) -> SpooledSite:
    # In path order, as render.Site holds them: the engine lists pages (the sitemap) in the order it gets them.
    return SpooledSite(folder, tuple(sorted(written, key=lambda page: page.path)), fragments)
