"""Print build-time and size figures for the site (a benchmark, never a test).

    make bench                   # or: .venv/bin/python scripts/benchmark.py --runs 3
"""

from __future__ import annotations

import argparse
import gzip
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
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "-d", out], cwd=ROOT, env=env, check=True)
            times.append(time.perf_counter() - start)
        files = [p for p in Path(out).rglob("*") if p.is_file()]
        pages = [p for p in files if p.name == "index.html"]
        articles = [p for p in pages if p.parent.parent.name == "articles"]
        total = sum(p.stat().st_size for p in files)
        print(f"build (mkdocs build --strict, {args.runs} runs): median {statistics.median(times):.2f} s, "
              f"min {min(times):.2f} s")
        print(f"site: {len(files)} files, {total / 1024:.0f} KiB; {len(pages)} pages")
        if articles:
            sizes = [p.stat().st_size for p in articles]
            print(f"article pages: {len(articles)}, mean {statistics.mean(sizes) / 1024:.1f} KiB of HTML each")
        for name in ("compare/index.html", "agreement/index.html", "treatments/index.html", "compare.csv",
                     "articles.json", "assets/matrix.js"):
            path = Path(out) / name
            if path.is_file():
                data = path.read_bytes()
                print(f"{name}: {len(data) / 1024:.1f} KiB, {len(gzip.compress(data)) / 1024:.1f} KiB gzipped")


if __name__ == "__main__":
    main()
