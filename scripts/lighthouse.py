"""Lighthouse 12 (mobile) on the pages a reader visits, served compressed: prints scores.

Builds the site for its local address, serves it gzip-compressed (as any
production host should: see README "Publishing"), runs the pinned
`lighthouse` from node_modules against Debian's Chromium on home, /compare/,
an article, /agreement/ and a treatment page, RUNS times each, and prints a
table: the four category scores, total blocking time, largest contentful
paint, cumulative layout shift and the bytes transferred, with each page's
median when it ran more than once, and the machine's load before and after
(Lighthouse simulates a phone from the processor time it measures: a busy
machine lowers the scores). A failing back/forward-cache audit shows
Chromium's reasons. Not part of the tests (timings vary with the machine);
run with `make lighthouse`. Environment: LIGHTHOUSE_PORT (default 8774), RUNS
(2), PAGES (e.g. home,compare; default all), KEEP (a folder to keep each JSON
report in, as PAGE-RUN.json).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".csv", ".txt", ".svg")


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it, as a production host serves them."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if self.path.split("?")[0].endswith("/") is False and path.name == "index.html":
            return super().send_head()  # let the base class redirect /dir to /dir/
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


def pages(site: Path) -> list[tuple[str, str]]:
    article = sorted(p.parent.name for p in (site / "articles").glob("*/index.html"))[0]
    treatment = sorted(p.parent.name for p in (site / "treatments").glob("*/index.html"))[0]
    return [("home", "/"), ("compare", "/compare/"), ("article", f"/articles/{article}/"),
            ("agreement", "/agreement/"), ("treatment", f"/treatments/{treatment}/")]


def run(url: str, out: Path, name: str) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   check=True, env=env, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    if os.environ.get("KEEP"):
        Path(os.environ["KEEP"], f"{name}.json").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = report["audits"]
    failing = [key for key, audit in audits.items()
               if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
    if "bf-cache" in failing:
        reasons = sorted({item.get("protocolReason") or item.get("reason", "?")
                          for item in (audits["bf-cache"].get("details") or {}).get("items", [])})
        failing[failing.index("bf-cache")] = f"bf-cache ({', '.join(reasons)})"
    return {**scores, "tbt": audits["total-blocking-time"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"], "failing": failing}


def row(name: str, run: object, result: dict) -> str:
    return (f"{name:<10} {run:>6} {result['performance']:>5} {result['accessibility']:>5} "
            f"{result['best-practices']:>5} {result['seo']:>5} {result['tbt']:>7.0f} {result['lcp']:>6.1f} "
            f"{result['cls']:>6.3f} {result['bytes'] / 1024:>8.1f}"
            + (f"  failing: {', '.join(result['failing'])}" if result.get("failing") else ""))


def load() -> str:
    return "machine load (1, 5, 15 min): " + ", ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> int:
    port = int(os.environ.get("LIGHTHOUSE_PORT", "8774"))
    runs = int(os.environ.get("RUNS", "2"))
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--quiet", "-d", str(site)],
                       cwd=ROOT, env=env, check=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                 functools.partial(CompressingHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            print(load())
            print(f"{'page':<10} {'run':>6} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'TBT ms':>7} "
                  f"{'LCP s':>6} {'CLS':>6} {'KB sent':>8}")
            only = os.environ.get("PAGES", "").split(",") if os.environ.get("PAGES") else None
            for name, path in pages(site):
                if only and name not in only:
                    continue
                results = []
                for number in range(1, runs + 1):
                    results.append(run(f"http://127.0.0.1:{port}{path}", Path(folder) / "report.json",
                                       f"{name}-{number}"))
                    print(row(name, number, results[-1]), flush=True)
                if runs > 1:
                    print(row(name, "median", {key: statistics.median(r[key] for r in results)
                                               for key in results[0] if key != "failing"}), flush=True)
            print(load())
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
