"""Write rendered pages into a folder as they are rendered, so that no one holds them all.

At 5,000 articles the rendered pages and downloads are some 700 million
characters, about 1.4 GB as Python strings: held together (render.Site) they
were most of a build's peak memory. A site engine reads each page back from
where it was written when it builds it (the hook hands MkDocs where each
page is, not its text). This module knows nothing of the engine; the caller
owns the folder and removes it when the build is done.

Rendering is most of the work, and pages render independently of each other:
`spool_parts` shares the renderer's parts out among processes, each writing
its pages itself and sending back only where it wrote them. The processes
are forked from this one, so they start with the renderer as it stands and
nothing is pickled but lists of paths.

The pages an engine reads (Markdown, `.md`) are written one after another
into one file for each part, each read back from its place in it
(`SpooledPage.read_bytes`); the downloads, which the site serves as they
are, each into a file of its own at its path, to be linked into the site.
Creating a file costs the system far more than writing its text (the same
140 MB took 0.26 s of CPU as 208 files, 0.35–1.81 s as 2,081, on a two-core
virtual machine's disk): at 1,000 articles, the render stage in two
processes took 5.84 s of wall time and 10.92 s of CPU with a file a page,
5.11 and 9.67 s with a file a part (medians of five interleaved pairs).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from perspectives.processes import ignore_interrupts, interrupted_once
from perspectives.render import Page, Part


@dataclass(frozen=True)
class SpooledPage:
    """A rendered page as render.Page describes it, its content in `file` rather than in memory: the whole
    file, or, for a page that shares its file with the others of its part, `length` bytes from `start`."""

    path: str
    source: str
    html_body: bool
    file: Path
    start: int = 0
    length: int | None = None

    def read_bytes(self) -> bytes:
        """The page's bytes, as rendered (UTF-8, \n line ends)."""
        if self.length is None:
            return self.file.read_bytes()
        with open(self.file, "rb") as stream:
            stream.seek(self.start)
            return stream.read(self.length)

    def read_text(self) -> str:
        """The page's text as rendered (the engine's reading of it is the hook's: hooks._SpooledPageFile)."""
        return self.read_bytes().decode("utf-8")


@dataclass(frozen=True)
class SpooledSite:
    """The spooled pages and the fragments hand-written pages include (see render.Site)."""

    folder: Path
    pages: tuple[SpooledPage, ...]
    fragments: dict[str, str]
    drafts_left_out: tuple[str, ...] = ()  # the ids of the draft articles not rendered (pipeline.spool_site)

    @property
    def html_bodies(self) -> frozenset[str]:
        """The paths of the pages whose body is HTML (see render.Page.html_body)."""
        return frozenset(page.path for page in self.pages if page.html_body)


def spool(pages: Iterable[Page], fragments: dict[str, str], folder: Path) -> SpooledSite:
    """Write each page into `folder` as it comes (a download at its path, the Markdown pages one after
    another into one file); `folder` must be empty or new."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return _site(folder, _write(pages, folder, "all"), fragments)


def spool_parts(render: Callable[[Part], Iterable[Page]], parts: Sequence[Part], fragments: dict[str, str],
                folder: Path, jobs: int = 1) -> SpooledSite:
    """`spool` of every part's pages (`render(part)`, as render.Renderer.part), the parts shared out among
    `jobs` processes; the same pages as `spool` writes, whatever the number of processes (the Markdown pages
    in a file for each part rather than in one).

    This process renders the parts from the front of the list; the others are handed them from the back,
    one each time one finishes, until the two ends meet (`_Ends`). The parts at the front
    (render.Renderer.parts puts the downloads and the pages that read every article there) so render where
    the dataset already is: a forked process copies each page of memory it touches (CPython counts every
    reference it takes), and one that read every article would hold a copy of them all. Taken one at a
    time, the parts end with the processes finishing together. Who takes what is decided in this process
    alone: a process that dies holds nothing the others wait for, and its parts are rendered here."""
    workers = min(jobs, len(parts)) - 1
    if workers < 1:
        return spool(_pages(render, parts), fragments, folder)
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    global _shared
    # Forked, and explicitly so (Python 3.14 makes another method the default): the processes inherit the
    # renderer. Objects alive now are kept out of the collector's sweeps, which would otherwise touch,
    # and so copy into each process, all of them.
    _shared = render, parts, folder
    gc.freeze()
    ends = _Ends(len(parts))
    mine: list[int] = []
    written: list[SpooledPage] = []
    theirs: list[SpooledPage] = []
    try:
        with interrupted_once():  # a second Ctrl-C while the processes finish is no second error
            pool = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), initializer=ignore_interrupts)
            try:
                for _ in range(workers):
                    ends.hand_out(pool)
                while (number := ends.take(front=True)) is not None:
                    mine.append(number)
                    written += _write(render(parts[number]), folder, f"part-{number}")
                for future in ends.handed_out():
                    theirs += future.result()
            except BaseException:
                ends.stop()
                raise
            finally:
                _shut_down(pool)
    except BrokenProcessPool:  # a process died (out of memory, killed): its parts are rendered here instead
        # (into files of their own: what the processes wrote of them stays in the folder, unread, until it goes)
        theirs = _write(_pages(render, [part for number, part in enumerate(parts) if number not in mine]), folder,
                        "rest")
    finally:
        _shared = None
        gc.unfreeze()
    return _site(folder, written + theirs, fragments)


class _Ends:
    """The parts not yet taken, as the two ends of the list: this process takes from the front, and hands
    the other processes one from the back each time one finishes (from the pool's thread, hence the lock)."""

    def __init__(self, count: int) -> None:
        self.front, self.back = 0, count  # the next from the front; one past the next from the back
        self.lock = threading.Condition()  # notified as a part taken from the back is handed out
        self.futures: list[Future[list[SpooledPage]]] = []
        self.outstanding = 0  # taken from the back, not yet among `futures`

    def take(self, front: bool) -> int | None:
        with self.lock:
            if self.front >= self.back:
                return None
            if front:
                self.front += 1
                return self.front - 1
            self.back -= 1
            self.outstanding += 1
            return self.back

    def hand_out(self, pool: ProcessPoolExecutor, _: object = None) -> None:
        number = self.take(front=False)
        if number is None:
            return
        try:
            future = pool.submit(_write_part, number)
        except (BrokenProcessPool, RuntimeError) as error:  # broken, or shut down: the build renders it
            future = Future()
            future.set_exception(error if isinstance(error, BrokenProcessPool) else BrokenProcessPool(str(error)))
        else:
            future.add_done_callback(functools.partial(self.hand_out, pool))
        with self.lock:
            self.futures.append(future)
            self.outstanding -= 1
            self.lock.notify_all()

    def stop(self) -> None:
        """Take nothing more from either end."""
        with self.lock:
            self.back = self.front

    def handed_out(self) -> list[Future[list[SpooledPage]]]:
        """Every part handed out, once the ends have met: none is taken after that, and a part the pool's
        thread took just before is awaited until it is handed out."""
        with self.lock:
            self.lock.wait_for(lambda: not self.outstanding)
            return list(self.futures)


def _shut_down(pool: ProcessPoolExecutor) -> None:
    """Wait for each process to finish the part it is writing: whoever removes the folder next (on Ctrl-C,
    say) must not race them. A Ctrl-C does not cut the wait short: in the main thread,
    processes.interrupted_once keeps a second from reaching here at all, and raises again, as its block
    ends, a first that this wait swallowed. (Nothing queued is cancelled: Python
    3.11's pool fails on a cancelled part when a process dies, and leaves a process behind.)"""
    while True:
        try:
            pool.shutdown(wait=True)
            return
        except KeyboardInterrupt:
            continue


# What the processes spool_parts forks inherit: the renderer's `part`, the parts, the folder. None outside
# spool_parts.
_shared: tuple[Callable[[Part], Iterable[Page]], Sequence[Part], Path] | None = None


def _write_part(number: int) -> list[SpooledPage]:
    assert _shared is not None, "called outside spool_parts"
    render, parts, folder = _shared
    return _write(render(parts[number]), folder, f"part-{number}")


def _pages(render: Callable[[Part], Iterable[Page]], parts: Sequence[Part]) -> Iterator[Page]:
    for part in parts:
        yield from render(part)


# The file a run of Markdown pages is written into (`name`: the part's, or what `spool` writes): a name no
# page's path has (none starts with a dot), and each run's its own, whichever process writes it.
_PAGES_FILE = ".pages-{}"


def _write(pages: Iterable[Page], folder: Path, name: str) -> list[SpooledPage]:
    written = []
    shared = folder / _PAGES_FILE.format(name)
    with contextlib.ExitStack() as closing:
        pages_file: BinaryIO | None = None
        for page in pages:
            # A folder removed under a process still writing (a build abandoned) stays removed.
            if not folder.is_dir():
                raise FileNotFoundError(f"{folder} was removed while pages were written into it")
            # Line ends as rendered (\n), not the platform's: written as bytes.
            if page.path.endswith(".md"):
                if pages_file is None:
                    pages_file = closing.enter_context(open(shared, "wb"))
                start = pages_file.tell()
                length = _write_to(pages_file, page)
                written.append(SpooledPage(page.path, page.source, page.html_body, shared, start, length))
                continue
            file = folder / page.path
            file.parent.mkdir(parents=True, exist_ok=True)
            with open(file, "wb") as stream:
                _write_to(stream, page)
            written.append(SpooledPage(page.path, page.source, page.html_body, file))
    return written


def _write_to(stream: BinaryIO, page: Page) -> int:
    """Write the page's text into `stream` as UTF-8; the number of bytes written."""
    length = 0
    for piece in page.pieces or (page.content,):
        length += stream.write(piece.encode("utf-8"))
    return length


class Shelf:
    """Texts kept in one file until each is taken back once: what a caller would otherwise hold for a while
    by the thousand (the hook's pages' HTML, between MkDocs converting a page and writing it). One file, not
    one each: creating a file costs the system far more than writing its text (a thousand article pages'
    HTML written and read back as files took 0.42–0.71 s of CPU on a two-core virtual machine's disk, as one
    file 0.06 s). The caller owns the folder it is in; `close` before removing it."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._stream: BinaryIO | None = None
        self._where: dict[str, tuple[int, int]] = {}  # each text's start and length in bytes

    def put(self, key: str, text: str) -> None:
        if self._stream is None:
            self._stream = open(self.file, "w+b")  # noqa: SIM115 (open until `close`)
        data = text.encode("utf-8")
        start = self._stream.seek(0, 2)
        self._stream.write(data)
        self._where[key] = (start, len(data))

    def __contains__(self, key: str) -> bool:
        return key in self._where

    def take(self, key: str) -> str:
        """The text put under `key`, forgotten once taken (KeyError if none is)."""
        start, length = self._where.pop(key)
        assert self._stream is not None
        self._stream.seek(start)
        return self._stream.read(length).decode("utf-8")

    def close(self) -> None:
        self._where.clear()
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def _site(folder: Path, written: list[SpooledPage], fragments: dict[str, str]) -> SpooledSite:
    # In path order, as render.Site holds them: the engine lists pages (the sitemap) in the order it gets them.
    return SpooledSite(folder, tuple(sorted(written, key=lambda page: page.path)), fragments)
