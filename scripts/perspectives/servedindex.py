"""The search index of a site being served, written after its pages are served.

`mkdocs serve` rebuilds the site after every save, and the search index with
it: at 1,000 articles Pagefind takes some 3 s of a rebuild, though an editor
looking at an edited page rarely searches. So a served site gets its index in
the background: the pages are served as soon as they are written, Pagefind
indexes them meanwhile into a folder of the site's own (it indexes HTML
files only, and the folder goes with the site), and the finished index then
takes the place of the one before, which searches use until then (a first
build's search finds nothing for those seconds).

A rebuild that starts writing while the indexer runs stops it (`cancel`): it
would index pages that are being written again, and take the cores the
rebuild needs. A published build never comes here: it indexes before it
publishes (perspectives.search.index_site).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Callable

from perspectives import search
from perspectives.sitedir import replace

# Where a run writes, inside the site (folder names starting with a dot are never a page's).
_WRITING = f".{search.BUNDLE}-next"


class ServedIndex:
    """The indexer run over a served site, one run at a time; `report` is told, in one line, why a run
    failed."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._lock = threading.Lock()
        self._run = 0  # the current run's number: a run that is no longer current neither reports nor publishes
        self._process: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None

    def start(self, site_dir: Path) -> None:
        """Index site_dir (already built) in the background, stopping any run under way."""
        self.cancel()
        with self._lock:
            run = self._run
        self._thread = threading.Thread(target=self._index, args=(site_dir, run), name="search index", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop the run under way, if any, and wait until it has tidied up: its index is never published."""
        with self._lock:
            self._run += 1
            if self._process is not None:
                self._process.kill()
        self.wait()

    def wait(self) -> None:
        """Wait until the run under way, if any, has published its index, failed or stopped."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _index(self, site_dir: Path, run: int) -> None:
        output: Path | None = None
        try:
            site_dir = search.indexed_folder(site_dir)
            output = site_dir / _WRITING
            shutil.rmtree(output, ignore_errors=True)  # a run killed with the server
            search.write_index(site_dir, output, lambda arguments, folder: self._run_indexer(arguments, folder, run),
                               stopped=lambda: run != self._run)
            with self._lock:  # cancel waits: no index of pages written over is published after it returns
                if run == self._run:
                    replace(output, site_dir / search.BUNDLE)
        except search.Stopped:  # by cancel: it neither reports nor publishes
            pass
        except subprocess.TimeoutExpired:
            self._fail(run, search.unfinished(site_dir))
        except search.SearchIndexError as error:
            self._fail(run, str(error))
        except OSError as error:
            self._fail(run, f"search index: cannot index {site_dir} ({error.strerror or error})")
        finally:
            if output is not None:
                shutil.rmtree(output, ignore_errors=True)

    def _run_indexer(self, arguments: list[str], folder: Path, run: int) -> tuple[int, str]:
        """One run of the indexer, which `cancel` stops; search.Stopped once this index is no longer wanted."""
        try:
            with self._lock:
                if run != self._run:
                    raise search.Stopped
                # A session of its own: Ctrl-C in the terminal goes to the server, whose shutdown stops the run,
                # not to the indexer, whose death would read as a failure.
                process = self._process = subprocess.Popen(
                    arguments, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                    start_new_session=True)
            said, _ = process.communicate(timeout=search.TIMEOUT)
            if run != self._run:
                raise search.Stopped  # killed by cancel
            return process.returncode, said
        finally:
            with self._lock:
                process, self._process = self._process, None
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()

    def _fail(self, run: int, message: str) -> None:
        if run == self._run:
            self._report(message + " — searches use the index before it until the next rebuild")
