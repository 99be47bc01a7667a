"""Print build-time and size figures for the site (a benchmark, never a test).

    make bench                          # 5 and 100 synthetic articles
    make bench SIZES="5 100 1000 5000"  # or: .venv/bin/python scripts/benchmark.py --sizes "1000" --runs 1

For each size it generates a synthetic data set from the real articles
(perspectives.synthetic), builds it, and builds beside it a plain
MkDocs + Material site of the same number of plain Markdown pages of the
same sizes (the same mkdocs.yml minus the hook), in interleaved runs, and
prints one table of medians: wall time and peak memory of both, our load,
check and render stages, and the output's files, bytes and page weights.

It also runs `perspectives check` on every hostile data set of the corpus in
tests/corpus/ and prints the worst time and peak memory, and builds the
largest input the check accepts (every text field at its length limit, all
Markdown punctuation) to show that no accepted input makes the build slow.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5 100",
                        help="numbers of synthetic articles, e.g. '5 100 1000 5000' (default: '5 100')")
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs per size (medians are printed)")
    parser.add_argument("--no-hostile", action="store_true", help="skip the hostile corpus and the flood build")
    parser.add_argument("--serve", action="store_true",
                        help="also time `mkdocs serve`: an edited article served again, with and without PREVIEW")
    parser.add_argument("--phases", action="store_true",
                        help="also build once more, printing where its CPU time went, MkDocs event by event")
    args = parser.parse_args()
    for size in (int(word) for word in args.sizes.replace(",", " ").split()):
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as folder:
            figures = measure_size(size, Path(folder), args.runs)
            print_table(size, figures)
            if args.serve:
                print_serve(size, Path(folder) / "ours")
            if args.phases:
                print_phases(size, Path(folder) / "ours")
    if not args.no_hostile:
        hostile()


def measure_size(size: int, folder: Path, runs: int) -> dict[str, object]:
    """Build `size` synthetic articles and the plain-Material baseline beside them, `runs` times, interleaved."""
    from perspectives.synthetic import generate, site_project

    ours = site_project(folder / "ours", generate(size, folder / "data", ROOT / "data"), ROOT)
    plain = plain_project(folder / "plain", ours / "data", "bytes")
    text = plain_project(folder / "text", ours / "data", "text")
    bare = plain_project(folder / "bare", ours / "data", "text", search=False)
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    results: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, project, strict in (("ours", ours, ["--strict"]), ("plain", plain, []), ("text", text, []),
                                      ("bare", bare, [])):
            seconds, memory = _measure([mkdocs, "build", "--quiet", *strict, "-d", str(project / "site")], cwd=project,
                                       check=True)
            results.setdefault(f"{name} s", []).append(seconds)
            results.setdefault(f"{name} KB", []).append(memory)
            results.setdefault(f"{name} cpu", []).append(_measure.cpu)  # type: ignore[attr-defined]
            results.setdefault(f"{name} own KB", []).append(_measure.own)  # type: ignore[attr-defined]
        for stage, seconds in _stages(ours / "data").items():
            results.setdefault(stage, []).append(seconds)
        # The search indexing alone, over the site just built, as the build runs it (perspectives.search.index_site:
        # Pagefind, in parts above PAGES_PER_INDEX pages). Its bundle goes elsewhere: the site keeps the one its
        # build published, which the reader's downloads below are measured on.
        with tempfile.TemporaryDirectory() as bundle:
            seconds, memory = _measure([sys.executable, "-c", _INDEX_SCRIPT, str(ours / "site"), bundle], check=True)
        results.setdefault("indexer s", []).append(seconds)
        results.setdefault("indexer cpu", []).append(_measure.cpu)  # type: ignore[attr-defined]
        results.setdefault("indexer KB", []).append(memory)
        seconds, memory = _measure([str(Path(sys.executable).parent / "perspectives"), "check", "--data",
                                    str(ours / "data")], check=True)
        results.setdefault("check s", []).append(seconds)
        results.setdefault("check cpu", []).append(_measure.cpu)  # type: ignore[attr-defined]
        results.setdefault("check KB", []).append(memory)
    figures: dict[str, object] = {key: statistics.median(values) for key, values in results.items()}
    figures.update(_site_figures(ours / "site"))
    figures.update(search_downloads(ours / "site"))
    figures["plain files"] = _site_figures(plain / "site")["files"]
    figures["text files"] = _site_figures(text / "site")["files"]
    return figures


STAGES = ("load", "check", "render")
# Rendered as the hook renders: each page written into a folder as it comes (perspectives.spool). The
# seconds go to the file named second, the runner's figures (_measure) being on standard output.
_STAGE_SCRIPT = """
import json, sys, tempfile, time
from pathlib import Path
from perspectives.check import check_dataset
from perspectives.load import load_dataset
from perspectives.pipeline import spool_rendered
from perspectives.render import Renderer
times, start = {}, time.perf_counter()
dataset, errors = load_dataset(Path(sys.argv[1])); times["load"] = time.perf_counter() - start
start = time.perf_counter(); errors += check_dataset(dataset); times["check"] = time.perf_counter() - start
assert not errors, errors[:3]
with tempfile.TemporaryDirectory() as folder:
    start = time.perf_counter(); renderer = Renderer(dataset)
    spool_rendered(renderer, Path(folder)); times["render"] = time.perf_counter() - start
Path(sys.argv[2]).write_text(json.dumps(times))
"""


_INDEX_SCRIPT = """
import sys
from pathlib import Path
from perspectives.search import index_site
index_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _stages(data: Path) -> dict[str, float]:
    """Seconds in our own load, check and render stages, in a fresh process, and its peak memory (KB)."""
    with tempfile.TemporaryDirectory() as folder:
        seconds = Path(folder) / "stages.json"
        _, memory = _measure([sys.executable, "-c", _STAGE_SCRIPT, str(data), str(seconds)], check=True)
        return {**json.loads(seconds.read_text(encoding="utf-8")), "stages KB": memory}


def plain_project(folder: Path, data: Path, measure: str, search: bool = True) -> Path:
    """The baseline: the same mkdocs.yml minus the hook, the hand-written pages, and one plain
    Markdown page of prose for each page we generate, at the same path and of the same size.
    Without `search`, no plugin at all (synthetic.site_project): Material's search plugin (lunr) indexes
    nothing, to set beside our build without its search indexer (Pagefind), which the benchmark times on
    its own.

    The size is the page's source in bytes (`measure="bytes"`, the issue's
    baseline), or, stricter, the text a reader reads on it (`"text"`: markup,
    icons and link targets left out). Our largest pages are written as HTML,
    which takes more bytes than Markdown for the same text: the second baseline
    keeps that from flattering the comparison."""
    import shutil

    from perspectives import build_site
    from perspectives.synthetic import site_project

    project = site_project(folder, folder / "data", ROOT, hook=False, search=search)
    shutil.copytree(ROOT / "docs", project / "docs")
    prose = _prose(data)
    for page in build_site(data).pages:
        if page.path.endswith(".md"):
            path = project / "docs" / page.path
            path.parent.mkdir(parents=True, exist_ok=True)
            size = len((page.content if measure == "bytes" else _reader_text(page.content)).encode())
            path.write_text(_plain_page(page.path, size, prose), encoding="utf-8")
    return project


def _reader_text(content: str) -> str:
    """The text a reader reads on a generated page: no front matter, markup, icons or link targets."""
    import html
    import re

    body = content.split("\n---\n", 1)[-1]
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)
    body = re.sub(r"<[^>]*>|\{ #[^}]*\}|\]\([^)]*\)", "", body)
    return " ".join(html.unescape(body).split())


def _prose(data: Path) -> list[str]:
    """Paragraphs of real captured text, to fill plain pages with."""
    paragraphs = []
    for path in sorted((data / "captures").glob("*.txt"))[:50]:
        paragraphs += [" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paragraphs


def _plain_page(path: str, size: int, prose: list[str]) -> str:
    """A page of `size` bytes: a title, then paragraphs of prose under a heading every few paragraphs."""
    parts, length, number = [f"# {path}\n\n"], 0, 0
    length = len(parts[0])
    while length < size:
        paragraph = prose[(hash(path) + number) % len(prose)]
        if number % 4 == 0:
            paragraph = f"## Section {number // 4 + 1}\n\n{paragraph}"
        parts.append(paragraph + "\n\n")
        length += len(parts[-1].encode())
        number += 1
    return "".join(parts)


def _site_figures(site: Path) -> dict[str, object]:
    files = [p for p in site.rglob("*") if p.is_file()]
    def size(name: str) -> int:
        path = site / name
        return path.stat().st_size if path.is_file() else 0

    treatments = [p for p in (site / "treatments").glob("*/index.html")] if (site / "treatments").is_dir() else []
    largest = max(treatments, key=lambda p: p.stat().st_size, default=None)
    # Pagefind's index: its chunks and fragments are gzipped files already.
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file() and p.suffix in (".pf_index", ".pf_fragment",
                                                                                         ".pf_meta", ".pf_filter")]
    parts = site / "pagefind/parts.json"  # the indexes merged with the first (perspectives.search)
    return {
        "files": len(files), "bytes": sum(p.stat().st_size for p in files),
        "search files": len(index), "search gz": sum(p.stat().st_size for p in index),
        "search parts": 1 + (len(json.loads(parts.read_text(encoding="utf-8"))) if parts.is_file() else 0),
        "compare": size("compare/index.html"), "agreement": size("agreement/index.html"),
        "home": size("index.html"), "list": size("articles/index.html"),
        "treatment": largest.stat().st_size if largest else 0,
        "treatment name": largest.parent.name if largest else "",
    }


# A first query for a word on most pages (the most results to fetch), then one for a word on few.
SEARCHES = ("spasm", "stretching")
# A treatment every corpus mentions: the search page with it chosen and no words.
FILTERED = "stretching"


def search_downloads(site: Path) -> dict[str, object]:
    """Bytes a reader's browser downloads for search (Chromium's encoded body and header sizes), the site
    served gzip-compressed as a host serves it: while a page loads, for a first query, for a second."""
    import functools
    import http.server
    import re
    import threading

    from lighthouse import CompressingHandler
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CompressingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    figures: dict[str, object] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            requests: list = []
            page.on("requestfinished", lambda request: requests.append(request))

            def downloaded(searched) -> int:
                return sum(sizes["responseBodySize"] + sizes["responseHeadersSize"]
                           for sizes in (request.sizes() for request in requests if searched(request.url)))

            def search(query: str) -> int:
                requests.clear()
                box = page.locator(".md-search__input")
                box.fill("")
                box.press_sequentially(query, delay=30)
                page.locator(".md-search-result__meta").filter(has_text=re.compile(r"\d")).wait_for(timeout=120_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                return downloaded(lambda url: True)

            def search_page(query: str) -> None:
                for context in browser.contexts[1:]:  # the one measured before
                    context.close()
                fresh = browser.new_context().new_page()
                requests.clear()
                fresh.on("requestfinished", lambda request: requests.append(request))
                fresh.goto(f"{base}/search/{query}")
                fresh.wait_for_function("() => 'counted' in document.querySelector('form[data-search-page]').dataset",
                                        timeout=120_000)
                fresh.wait_for_load_state("networkidle")

            page.goto(base + "/")
            page.wait_for_load_state("networkidle")
            figures["search before"] = downloaded(lambda url: "/pagefind/" in url or "/search/" in url)
            page.locator(".md-search__input").click()
            figures["search first"] = search(SEARCHES[0])
            figures["search first results"] = page.locator(".md-search-result__item").count()
            figures["search next"] = search(SEARCHES[1])
            # The search page, each time in a browser that has fetched nothing yet, until the counts beside its
            # choices are shown (they fetch the chunks of the filters they count, once the results are listed):
            # with words, then by a filter alone (a treatment chosen, no words).
            search_page(f"?words={SEARCHES[1]}")
            figures["search page results"] = downloaded(lambda url: "/pagefind/" in url and "/filter/" not in url
                                                        or "/assets/search-" in url)
            figures["search page counts"] = downloaded(lambda url: "/pagefind/filter/" in url)
            search_page(f"?treatment={FILTERED}")
            figures["search page filtered"] = downloaded(lambda url: "/pagefind/" in url or "/assets/search-" in url)
            figures["search page filtered index"] = downloaded(lambda url: "/pagefind/index/" in url)
            browser.close()
    finally:
        server.shutdown()
    return figures


def print_table(size: int, f: dict) -> None:
    """One table per size. Baselines: plain pages of the same bytes as ours (the issue's), and of the same reader's text."""
    from perspectives.parallelcheck import default_jobs
    from perspectives.pipeline import render_jobs

    kib = lambda n: f"{n / 1024:,.0f} KB"

    def row(label: str, key: str, show) -> str:
        return (f"| {label} | {show(f['ours ' + key])} | {show(f['plain ' + key])} | {f['ours ' + key] / f['plain ' + key]:.2f} "
                f"| {show(f['text ' + key])} | {f['ours ' + key] / f['text ' + key]:.2f} |")

    print(f"\n{size:,} articles (medians)")
    print("| | ours | plain, same bytes | ours / plain | plain, same text | ours / plain |\n|---|---|---|---|---|---|")
    print(row("wall time", "s", lambda v: f"{v:.2f} s"))
    print(row("CPU time (user + system)", "cpu", lambda v: f"{v:.2f} s"))
    print(row("peak memory, summed over the build's processes", "KB", lambda v: f"{v / 1024:,.0f} MB"))
    print(row("peak memory of MkDocs and its render processes", "own KB", lambda v: f"{v / 1024:,.0f} MB"))
    # Each site without its search indexing: ours less the indexer's own CPU (the same run over the same site,
    # timed alone below; it is a process of its own, run after MkDocs), plain pages of the same text with no
    # search plugin. What is left of the difference is the two search indexers'.
    own_cpu = f["ours cpu"] - f["indexer cpu"]
    print(f"| CPU time without search indexing (ours less Pagefind's own; plain with no search plugin) | "
          f"{own_cpu:.2f} s | | | {f['bare cpu']:.2f} s | {own_cpu / f['bare cpu']:.2f} |")
    print(f"| peak memory without search indexing (MkDocs and its render processes; plain with no search plugin) | "
          f"{f['ours own KB'] / 1024:,.0f} MB | | | {f['bare own KB'] / 1024:,.0f} MB | {f['ours own KB'] / f['bare own KB']:.2f} |")
    renderers = render_jobs(size)
    print(f"| our stages | load {f['load']:.2f} s, check {f['check']:.2f} s, render {f['render']:.2f} s "
          f"({renderers} process{'es' if renderers > 1 else ''}); peak memory {f['stages KB'] / 1024:,.0f} MB | | | | |")
    # Seconds move with the machine (the same build took 2.5 times as long on one day as the day before);
    # set beside plain Material's build of the same text, run in turn with it, the render stage's share does not.
    print(f"| our render stage's wall time ÷ plain Material's CPU time (same text) | {f['render'] / f['text cpu']:.3f} "
          f"| | | | |")
    parts = f["search parts"]
    print(f"| search indexing (Pagefind{f', in {parts} parts' if parts > 1 else ''}) alone | {f['indexer s']:.2f} s "
          f"({f['indexer cpu']:.2f} s CPU), peak memory {f['indexer KB'] / 1024:,.0f} MB | | | | |")
    jobs = default_jobs(size)
    print(f"| `perspectives check` alone | {f['check s']:.2f} s ({f['check cpu']:.2f} s CPU, {jobs} "
          f"process{'es' if jobs > 1 else ''}), {f['check KB'] / 1024:,.0f} MB | | | | |")
    print(f"| output | {f['files']:,} files, {f['bytes'] / 1024 ** 2:,.1f} MB | {f['plain files']:,} files | "
          f"| {f['text files']:,} files | |")
    print(f"| search index (Pagefind) | {kib(f['search gz'])} gzipped, in {f['search files']:,} files | | | | |")
    # Before typing: Material's search configuration only, a few hundred bytes, so printed in bytes.
    print(f"| a reader's downloads for search, measured in Chromium (compressed) | before typing "
          f"{f['search before']:,} bytes; first query {kib(f['search first'])} (\"{SEARCHES[0]}\", "
          f"{f['search first results']} results listed); next query {kib(f['search next'])} (\"{SEARCHES[1]}\") | | | | |")
    print(f"| the search page, \"{SEARCHES[1]}\" (/search/?words=…), measured in Chromium (compressed) | its results "
          f"{kib(f['search page results'])}; then the counts beside its choices {kib(f['search page counts'])} "
          f"(the filters counted) | | | | |")
    print(f"| the search page by a filter alone (/search/?treatment={FILTERED}), measured in Chromium (compressed) | "
          f"{kib(f['search page filtered'])} with its counts, of which index chunks {kib(f['search page filtered index'])} "
          f"| | | | |")
    print(f"| /compare/ HTML | {kib(f['compare'])} | | | | |")
    print(f"| largest treatment page | {kib(f['treatment'])} ({f['treatment name']}) | | | | |")
    print(f"| /agreement/ HTML | {kib(f['agreement'])} | | | | |")
    print(f"| home page, list of articles | {kib(f['home'])}, {kib(f['list'])} | | | | |")


def print_serve(size: int, project: Path) -> None:
    """How long `mkdocs serve` takes to show an edited article again: previewing that article, and serving all."""
    article = sorted((project / "data/articles").glob("*.yaml"))[0].stem
    preview = serve_edit(project, article, article)
    everything = serve_edit(project, article, "")
    rewritten = serve_edit(project, article, "", dirty=False)
    print(f"| mkdocs serve at {size:,} articles, an edited article served again (median of 3 edits) "
          f"| {preview:.2f} s with PREVIEW='{article}', {everything:.2f} s serving all (`make serve`, --dirty: "
          f"what changed), {rewritten:.2f} s serving all without --dirty (every page) | | | | |")


# Our build with the CPU time (user + system, of its process and of the processes it waited for: the render
# processes, the search indexer) spent in each MkDocs event, and by MkDocs itself after each event until the
# next: "after on_page_context" is the theme printing pages, "on_config" our load, check and render. Written
# as JSON to the file named second.
_PHASE_SCRIPT = """
import collections, json, resource, sys
import mkdocs.plugins
spent, last, event = collections.defaultdict(float), [0.0], [None]
def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
def spend(name):
    now = cpu()
    spent[name] += now - last[0]
    last[0] = now
run_event = mkdocs.plugins.PluginCollection.run_event
def between():
    return f"after on_{event[0]}" if event[0] else "start-up (imports, mkdocs.yml)"
def timed(self, name, item=None, **kwargs):
    spend(between())
    result = run_event(self, name, item, **kwargs)
    spend("on_" + name)
    event[0] = name
    return result
mkdocs.plugins.PluginCollection.run_event = timed
site, out = sys.argv[1:]
sys.argv = ["mkdocs", "build", "--quiet", "--strict", "-d", site]
try:
    from mkdocs.__main__ import cli
    cli()
finally:
    spend(between())
    with open(out, "w") as stream:
        json.dump(spent, stream)
"""


def print_phases(size: int, project: Path) -> None:
    """Where one more build of ours spent its CPU time, the largest shares first."""
    with tempfile.TemporaryDirectory() as folder:
        spent = Path(folder) / "phases.json"
        built = subprocess.run([sys.executable, "-c", _PHASE_SCRIPT, str(project / "site"), str(spent)], cwd=project,
                               env=_environment(), capture_output=True, text=True)
        if built.returncode:
            raise SystemExit(f"the build failed (in {project}): {built.stderr.strip()[-500:]}")
        phases = json.loads(spent.read_text(encoding="utf-8"))
    shares = "; ".join(f"{name} {seconds:.2f} s" for name, seconds in
                       sorted(phases.items(), key=lambda item: -item[1]) if seconds >= 0.05)
    print(f"| where one more build's CPU went at {size:,} articles (MkDocs' events, and MkDocs between them, each "
          f"with the processes it waited for; {sum(phases.values()):.2f} s in all) | {shares} | | | | |")


def serve_edit(project: Path, article: str, preview: str, edits: int = 3, dirty: bool = True) -> float:
    """Seconds from saving an edit to `article` until `mkdocs serve` serves the page with it (median): with
    --dirty, as `make serve` runs it, unless `dirty` is false."""
    import re
    import signal
    import socket
    import urllib.request

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/articles/{article}/"
    env = _environment(PREVIEW=preview)
    server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "--strict", "-a",
                               f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])], cwd=project, env=env,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str, limit: float) -> None:
        deadline = time.monotonic() + limit
        while text not in page():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"mkdocs serve never served {text!r} at {url}")
            time.sleep(0.05)

    path = project / "data/articles" / f"{article}.yaml"
    original = path.read_text(encoding="utf-8")
    seconds = []
    try:
        wait_for("</html>", 900)
        for number in range(edits):
            time.sleep(2)  # let the watcher settle after the previous build
            marker = f"Edited{number}"
            path.write_text(re.sub(r"^(short_title: .*)$", rf"\1 {marker}", original, count=1, flags=re.M),
                            encoding="utf-8")
            start = time.perf_counter()
            wait_for(marker, 900)
            seconds.append(time.perf_counter() - start)
    finally:
        path.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    return statistics.median(seconds)


def hostile() -> None:
    """Worst time and memory of the check on the hostile corpus, and of a build of the worst accepted input."""
    sys.path.insert(0, str(ROOT / "tests"))
    from corpus import cases  # the corpus is test data; the benchmark only times it

    perspectives = Path(sys.executable).parent / "perspectives"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    worst_time, worst_memory = ("", 0.0), ("", 0)
    worst_build_time, worst_build_memory = ("", 0.0), ("", 0)
    with tempfile.TemporaryDirectory() as folder:
        for case in cases():
            project = Path(folder) / case.name
            data = case.make(project / "data")
            seconds, memory = _measure([str(perspectives), "check", "--data", str(data)])
            worst_time = max(worst_time, (case.name, seconds), key=lambda pair: pair[1])
            worst_memory = max(worst_memory, (case.name, memory), key=lambda pair: pair[1])
            # The build of the same data: it must refuse it as fast, and keep no site.
            (project / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
            for name in ("docs", "overrides", "scripts"):
                (project / name).symlink_to(ROOT / name)
            seconds, memory = _measure([str(mkdocs), "build", "--strict", "-q", "-d", str(project / "site")],
                                       cwd=project)
            worst_build_time = max(worst_build_time, (case.name, seconds), key=lambda pair: pair[1])
            worst_build_memory = max(worst_build_memory, (case.name, memory), key=lambda pair: pair[1])
        print(f"hostile corpus ({len(cases())} cases), perspectives check: slowest {worst_time[1]:.2f} s "
              f"({worst_time[0]}), most memory {worst_memory[1] / 1024:.0f} MB ({worst_memory[0]})")
        print(f"hostile corpus ({len(cases())} cases), mkdocs build --strict: slowest {worst_build_time[1]:.2f} s "
              f"({worst_build_time[0]}), most memory {worst_build_memory[1] / 1024:.0f} MB "
              f"({worst_build_memory[0]})")
        seconds, memory = _measure_flood(Path(folder) / "flood")
        print(f"largest accepted article (every text field at its limit, all punctuation): "
              f"mkdocs build --strict {seconds:.2f} s, {memory / 1024:.0f} MB")


# Peak memory is sampled while the command runs (every SAMPLE seconds, so a rise in the last one may be
# missed) as the proportional set size (PSS) of each of its processes, summed: the build forks processes
# to render (perspectives.spool) and runs the search indexer as another, and forked processes share
# memory until one writes to it, which PSS counts once (RSS would count it in each). Two sums: every
# process of the command, and all but the indexer's (MkDocs and its render processes). The command is
# started by a small runner process, which reports its figures: this process holds whole synthetic data
# sets, and the runner's own memory is not the command's.
_RUNNER = """
import json, os, subprocess, sys, threading, time
SAMPLE = 0.05
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peaks = [0, 0]  # every process; all but the indexer
def descendants(pid):
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    found += descendants(int(child))
    except OSError:
        pass
    return found
def pss(pid):
    try:
        with open(f"/proc/{pid}/comm") as comm:
            indexer = comm.read().startswith("pagefind")
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")), indexer
    except (OSError, StopIteration, ValueError):
        return 0, False
def sample():
    while process.returncode is None:
        sizes = [pss(pid) for pid in descendants(process.pid)]
        peaks[0] = max(peaks[0], sum(size for size, _ in sizes))
        peaks[1] = max(peaks[1], sum(size for size, indexer in sizes if not indexer))
        time.sleep(SAMPLE)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
_, status, usage = os.wait4(process.pid, 0)
process.returncode = os.waitstatus_to_exitcode(status)
sampler.join()
print(json.dumps([time.perf_counter() - start, peaks[0] or usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
                  process.returncode, peaks[1] or usage.ru_maxrss]))
"""


def _environment(**more: str) -> dict[str, str]:
    """The environment every MkDocs run of the benchmark gets: MkDocs' banner about its successor silenced."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **more}


def _measure(command: list[str], cwd: Path | None = None, check: bool = False) -> tuple[float, int]:
    """Wall time (s) and peak memory (KB, summed over the command's processes) of one command; its CPU time
    in _measure.cpu, the peak of its processes but the search indexer's in _measure.own."""
    env = _environment()
    output = subprocess.run([sys.executable, "-c", _RUNNER, *command], cwd=cwd, env=env, capture_output=True,
                            text=True, check=True).stdout
    seconds, memory, cpu, code, own = json.loads(output)
    if check and code:
        raise SystemExit(f"failed: {' '.join(command)} (in {cwd})")
    _measure.cpu = cpu  # type: ignore[attr-defined]
    _measure.own = own  # type: ignore[attr-defined]
    return seconds, memory


def _measure_flood(folder: Path) -> tuple[float, int]:
    import shutil

    import yaml

    from perspectives.load import TEXT_LIMITS

    shutil.copytree(ROOT / "tests/corpus/base", folder / "data")
    for name in ("docs", "overrides", "scripts"):
        (folder / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    path = folder / "data/articles/weather.yaml"
    article = yaml.safe_load(path.read_text(encoding="utf-8"))

    def flood(kind: str) -> str:
        return ("*[_<&" * TEXT_LIMITS[kind])[: TEXT_LIMITS[kind]]

    article["summary"] = flood("summary")
    for entry in article["claims"]:
        entry["statement"] = flood("text")
    for entry in (*article["treatments"], *article["themes"]):
        entry["note"] = flood("text")
    path.write_text(yaml.safe_dump(article, width=100_000), encoding="utf-8")
    return _measure([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q", "-d",
                     str(folder / "site")], cwd=folder)


if __name__ == "__main__":
    main()
