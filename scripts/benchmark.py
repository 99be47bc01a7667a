"""Print build-time and size figures for the site (a benchmark, never a test).

    make bench                   # or: .venv/bin/python scripts/benchmark.py --runs 3

It also runs `perspectives check` on every hostile data set of the corpus in
tests/corpus/ and prints the worst time and peak memory, and builds the
largest input the check accepts (every text field at its length limit, all
Markdown punctuation) to show that no accepted input makes the build slow.
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


def hostile() -> None:
    """Worst time and memory of the check on the hostile corpus, and of a build of the worst accepted input."""
    sys.path.insert(0, str(ROOT / "tests"))
    from corpus import cases  # the corpus is test data; the benchmark only times it

    perspectives = Path(sys.executable).parent / "perspectives"
    worst_time, worst_memory = ("", 0.0), ("", 0)
    with tempfile.TemporaryDirectory() as folder:
        for case in cases():
            data = case.make(Path(folder) / case.name / "data")
            seconds, memory = _measure([str(perspectives), "check", "--data", str(data)])
            worst_time = max(worst_time, (case.name, seconds), key=lambda pair: pair[1])
            worst_memory = max(worst_memory, (case.name, memory), key=lambda pair: pair[1])
        print(f"hostile corpus ({len(cases())} cases), perspectives check: slowest {worst_time[1]:.2f} s "
              f"({worst_time[0]}), most memory {worst_memory[1] / 1024:.0f} MB ({worst_memory[0]})")
        seconds, memory = _measure_flood(Path(folder) / "flood")
        print(f"largest accepted article (every text field at its limit, all punctuation): "
              f"mkdocs build --strict {seconds:.2f} s, {memory / 1024:.0f} MB")


def _measure(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (KB) of one command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


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
    hostile()
