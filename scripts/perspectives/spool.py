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
nothing is pickled but lists of paths.
"""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

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
    `jobs` processes; the same files as `spool` writes, whatever the number of processes.

    This process takes the parts from the front of the list, the others from the back, one at a time, until
    they meet. The parts at the front (render.Renderer.parts puts the downloads and the pages that read
    every article there) so render where the dataset already is: a forked process copies each page of
    memory it touches (CPython counts every reference it takes), and one that read every article would
    hold a copy of them all. Taken one at a time, the parts end with the processes finishing together."""
    folder = folder.resolve()
    workers = min(jobs, len(parts)) - 1
    if workers < 1:
        return _site(folder, _write(_pages(render, parts), folder), fragments)
    global _shared
    # Forked, and explicitly so (Python 3.14 makes another method the default): the processes inherit the
    # renderer and the ends of the list. Objects alive now are kept out of the collector's sweeps, which
    # would otherwise touch, and so copy into each process, all of them.
    context = multiprocessing.get_context("fork")
    ends = context.Array("l", [0, len(parts)])  # the next part from the front; one past the next from the back
    _shared = render, parts, ends, folder
    gc.freeze()
    written: list[SpooledPage] = []
    theirs: list[SpooledPage] = []
    try:
        pool = ProcessPoolExecutor(workers, context, initializer=ignore_interrupts)
        try:
            futures = [pool.submit(_from_the_back) for _ in range(workers)]
            while (number := _take(ends, front=True)) is not None:
                written += _write(render(parts[number]), folder)
            for future in futures:
                theirs += future.result()
        except BaseException:
            with ends.get_lock():
                ends[1] = ends[0]  # none takes another part
            raise
        finally:
            # On any failure (Ctrl-C among them) the processes finish the part they are writing before this
            # returns, so that whoever removes the folder next does not race them.
            pool.shutdown(wait=True, cancel_futures=True)
    except BrokenProcessPool:  # a process died (out of memory, killed): its parts are rendered here instead
        theirs = _write(_pages(render, parts[ends[0]:]), folder)
    finally:
        _shared = None
        gc.unfreeze()
    return _site(folder, written + theirs, fragments)


# What the processes spool_parts forks inherit: the renderer's `part`, the parts, the ends of the list
# still to take, the folder. None outside spool_parts.
_shared: tuple[Callable[[Part], Iterable[Page]], Sequence[Part], Any, Path] | None = None


def _from_the_back() -> list[SpooledPage]:
    assert _shared is not None, "called outside spool_parts"
    render, parts, ends, folder = _shared
    written = []
    while (number := _take(ends, front=False)) is not None:
        written += _write(render(parts[number]), folder)
    return written


def _take(ends: Any, front: bool) -> int | None:
    """The number of the next part to render from one end of the list, or None once the ends have met."""
    with ends.get_lock():
        if ends[0] >= ends[1]:
            return None
        if front:
            ends[0] += 1
            return ends[0] - 1
        ends[1] -= 1
        return ends[1]


def _pages(render: Callable[[Part], Iterable[Page]], parts: Sequence[Part]) -> Iterator[Page]:
    for part in parts:
        yield from render(part)


def _write(pages: Iterable[Page], folder: Path) -> list[SpooledPage]:
    written = []
    for page in pages:
        file = folder / page.path
        file.parent.mkdir(parents=True, exist_ok=True)
        # newline="": line ends as rendered (\n), not the platform's.
        with open(file, "w", encoding="utf-8", newline="") as stream:
            if page.pieces:
                stream.writelines(page.pieces)
            else:
                stream.write(page.content)
        written.append(SpooledPage(page.path, page.source, page.html_body, file))
    return written


def _site(folder: Path, written: list[SpooledPage], fragments: dict[str, str]) -> SpooledSite:
    # In path order, as render.Site holds them: the engine lists pages (the sitemap) in the order it gets them.
    return SpooledSite(folder, tuple(sorted(written, key=lambda page: page.path)), fragments)
