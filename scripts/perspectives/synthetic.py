"""Synthetic data sets of any size, built from the real articles, for measuring the build.

`python -m perspectives.synthetic 1000 /tmp/corpus` writes a data folder of
1,000 articles that passes `perspectives check`. Article number n is the real
article n mod 5 with its own capture, not a clone: a seeded substitution of
words (applied alike to the capture and to every text of the article, so the
real claims, quotations, cells, stances and themes stay valid against it),
and padding from shuffled sentences of all the real captures up to a size
between 5 and 15 KB. Pages built from it therefore weigh and compress like
real text, not like one page repeated.

Never part of the site: the benchmark (scripts/benchmark.py) and tests use it.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from perspectives import articlefile
from perspectives.quotes import turns

CAPTURE_BYTES = (5_000, 15_000)  # each capture's size is drawn from this range
SUBSTITUTED = 0.2  # the share of the real words each article replaces with others
_WORD = re.compile(r"[A-Za-z]{4,}")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_FREE = ("text", "quotations", "list", "mapping", "cells")  # kinds of field whose words may be swapped
# Fields that hold ids, vocabulary terms, choices, dates, addresses or hashes (from the article file's
# definition), and the names of the people and publishers: never reworded. A name that is free text
# in one place and an id in another (`claims`) is decided where it occurs, in _reword_fields.
_KEEP = ({field.name for _, field in articlefile.walk() if field.kind not in _FREE}
         - {field.name for _, field in articlefile.walk() if field.kind in _FREE}) | {"author", "publisher"}


class _Real:
    """The real articles and captures a synthetic data set is made from."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.articles = [yaml.safe_load(path.read_text(encoding="utf-8"))
                         for path in sorted((data / "articles").glob("*.yaml"))]
        self.captures = [(data / "captures" / f"{article['id']}.txt").read_text(encoding="utf-8")
                         for article in self.articles]
        self.words = sorted({word.lower() for text in self.captures for word in _WORD.findall(text)})
        self.sentences = [s for text in self.captures for s in _SENTENCE.split(" ".join(text.split())) if s]
        dimensions = yaml.safe_load((data / "vocabularies/dimensions.yaml").read_text(encoding="utf-8"))
        # A cell of a dimension with a vocabulary holds a term id, which must stay as it is.
        self.term_cells = {entry["id"] for entry in dimensions if "vocabulary" in entry}


def _substitution(real: _Real, rng: random.Random) -> dict[str, str]:
    """Words of the real texts mapped to other real words of about the same length. A word that turns what a
    passage says (quotes.turns: "not", "if", "usually") is neither replaced nor a replacement: the check reads
    them around each quotation, and a real quotation would be refused for a "usually" put before it."""
    by_length: dict[int, list[str]] = {}
    plain = [word for word in real.words if turns(word) is None]
    for word in plain:
        by_length.setdefault(len(word), []).append(word)
    return {word: rng.choice(by_length[len(word)]) for word in plain if rng.random() < SUBSTITUTED}


def _reword(text: str, words: dict[str, str]) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        other = words.get(word.lower())
        if other is None:
            return word
        return other.capitalize() if word[0].isupper() else other

    return _WORD.sub(swap, text)


def _reword_fields(value: Any, words: dict[str, str], term_cells: set[str], key: str = "") -> Any:
    if key in _KEEP or (key == "claims" and isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value  # `claims: [ids]` under a cell, stance or theme; the article's own claims are reworded
    if isinstance(value, str):
        return _reword(value, words)
    if isinstance(value, list):
        return [_reword_fields(item, words, term_cells) for item in value]
    if isinstance(value, dict):
        if key == "comparison":
            return {name: cell if name in term_cells else _reword_fields(cell, words, term_cells)
                    for name, cell in value.items()}
        return {name: _reword_fields(item, words, term_cells, name) for name, item in value.items()}
    return value


def _capture(real: _Real, base: int, words: dict[str, str], rng: random.Random) -> str:
    """The base capture reworded, then paragraphs of shuffled real sentences up to a drawn size."""
    text = _reword(real.captures[base], words).rstrip("\n") + "\n"
    target = rng.randint(*CAPTURE_BYTES)
    paragraphs = []
    while len(text.encode()) + sum(len(p.encode()) + 2 for p in paragraphs) < target:
        paragraphs.append(" ".join(_reword(rng.choice(real.sentences), words) for _ in range(rng.randint(3, 6))))
    return text + "".join(f"\n{paragraph}\n" for paragraph in paragraphs)


def generate(count: int, target: Path, source: Path, seed: int = 0) -> Path:
    """Write a data folder of `count` articles into `target` (vocabularies copied from `source`)."""
    real = _Real(source)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / "vocabularies", target / "vocabularies")
    (target / "articles").mkdir()
    (target / "captures").mkdir()
    width = len(str(count))
    for number in range(1, count + 1):
        rng = random.Random(f"{seed}-{number}")
        base = (number - 1) % len(real.articles)
        words = _substitution(real, rng)
        article = _reword_fields(real.articles[base], words, real.term_cells)
        # Ids interleave the real articles in id order: s0001-<first>, s0002-<second>, …
        article["id"] = f"s{number:0{width}d}-{real.articles[base]['id']}"[:80].rstrip("-")
        article["short_title"] = f"{real.articles[base]['short_title']} {number}"
        # One source is one article (the check refuses two of one address): each copy's address is its own.
        url = article["source"].get("url")
        if isinstance(url, str):
            article["source"]["url"] = f"{url}{'&' if '?' in url else '?'}copy={number}"
        capture = _capture(real, base, words, rng)
        article["source"]["capture_sha256"] = hashlib.sha256(capture.encode("utf-8")).hexdigest()
        (target / "captures" / f"{article['id']}.txt").write_text(capture, encoding="utf-8")
        (target / "articles" / f"{article['id']}.yaml").write_text(
            yaml.safe_dump(article, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return target


def site_project(folder: Path, data: Path, root: Path, hook: bool = True, search: bool = True) -> Path:
    """A site project in `folder`: the configuration, pages and code of `root`, and the data at `data`.

    Without the hook the project is a plain MkDocs + Material site: the same
    mkdocs.yml minus `hooks:` and `watch:`; without `search`, with no plugin at
    all (`plugins: []`: an empty `plugins:` would be MkDocs' default, search).
    """
    folder.mkdir(parents=True, exist_ok=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if not hook:
        config = _replace_block(config, "hooks", "", root)
        config = _replace_block(config, "watch", "", root)
    if not search:
        config = _replace_block(config, "plugins", "plugins: []\n", root)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("docs", "overrides", "scripts") if hook else ("overrides",):
        (folder / name).symlink_to(root / name)
    if data != folder / "data":
        shutil.move(str(data), folder / "data")
    return folder


def _replace_block(config: str, key: str, replacement: str, root: Path) -> str:
    """mkdocs.yml with its `key:` block (the key, then its indented `- ` items and comments) replaced;
    ValueError if there is no such block, which would otherwise leave the project quietly unchanged."""
    config, found = re.subn(rf"^{key}:\n(?:  [-#].*\n)+", replacement, config, flags=re.MULTILINE)
    if found != 1:
        raise ValueError(f"{root / 'mkdocs.yml'}: no `{key}:` block of the shape site_project replaces")
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path, help="the data folder to write (replaced if it exists)")
    parser.add_argument("--source", type=Path, default=Path("data"), help="the real data folder")
    parser.add_argument("--seed", default="0")
    args = parser.parse_args()
    generate(args.count, args.target, args.source, args.seed)


if __name__ == "__main__":
    main()
