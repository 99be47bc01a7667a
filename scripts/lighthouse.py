"""Lighthouse 12 (mobile) on the pages a reader visits, served compressed: prints scores.

Builds the site for its local address, serves it gzip-compressed (as any
production host should: see README "Publishing"), runs the pinned
`lighthouse` from node_modules against Debian's Chromium on home, /compare/,
an article, /agreement/ and a treatment page, RUNS times each, and prints a
table: the four category scores, cumulative layout shift and the bytes
transferred. Not part of the tests (timings vary with the machine); run with
`make lighthouse`. Environment: LIGHTHOUSE_PORT (default 8774), RUNS (2), PAGES (e.g. home,compare; default all),
KEEP (a folder to keep each JSON report in).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
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


def run(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   check=True, env=env, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    if os.environ.get("KEEP"):
        name = url.rstrip("/").rsplit("/", 1)[-1].replace(":", "_")
        Path(os.environ["KEEP"], f"{name}.json").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = report["audits"]
    failing = [key for key, audit in audits.items()
               if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
    return {**scores, "cls": audits["cumulative-layout-shift"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"], "failing": failing}


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
            print(f"{'page':<10} {'run':>3} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>6} {'KB sent':>8}")
            only = os.environ.get("PAGES", "").split(",") if os.environ.get("PAGES") else None
            for name, path in pages(site):
                if only and name not in only:
                    continue
                for number in range(1, runs + 1):
                    result = run(f"http://127.0.0.1:{port}{path}", Path(folder) / "report.json")
                    print(f"{name:<10} {number:>3} {result['performance']:>5} {result['accessibility']:>5} "
                          f"{result['best-practices']:>5} {result['seo']:>5} {result['cls']:>6.3f} "
                          f"{result['bytes'] / 1024:>8.1f}" + (f"  failing: {', '.join(result['failing'])}"
                                                              if result["failing"] else ""), flush=True)
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
