"""The hostile-input corpus: data sets made from a small valid base by the edits a case file lists.

A case file (tests/corpus/cases/*.yaml) says what a contributor did and the
exact error lines the checker must print for it:

    about: why this case matters
    edit:          # replace text in a base file; the old text must occur exactly once
      articles/weather.yaml:
        - ["old text", "new text"]
    rename:        # replace every occurrence (an id renamed throughout a file); it must occur at least once
      articles/weather.yaml:
        - ["old text", "new text"]
    write:         # whole files, as text
      articles/extra.yml: "id: extra\\n"
    write_bytes:   # whole files as bytes, one character per byte (latin-1)
      articles/weather.yaml: "\\xff\\xfe"
    repeat:        # large generated files: before + unit * times + after
      articles/weather.yaml: {before: "a: ", unit: "[", times: 25000, after: ""}
    capture: "text"  # the base article's capture, replaced (its capture_sha256 follows); or, large,
                     # {before: "…", unit: ".", times: 60000, after: "…"}
    fifo: [captures/weather.txt]   # named pipes in place of files (what is there is removed first)
    folder: [articles/notes.yaml]  # folders by these names
    remove: [captures/weather.txt]
    outside:       # files beside data/, not in it: what a link might point at
      secret.yaml: "password: hunter2\n"
    symlink:       # link: target, as `ln -s` takes it (relative to the link's folder)
      articles/weather.yaml: ../../secret.yaml
    expect:        # the error lines, in the order the checker prints them
      - "data/articles/weather.yaml:3: title: ..."
    expect_total: 5000  # for a flood: how many errors there are, of which `expect` lists the lines shown

The new text of an `edit` may be large, written as {before, unit, times, after} too.

Cases are data, so adding one needs no code. The base (tests/corpus/base/)
has its own small vocabularies, so the cases do not change meaning when the
real vocabularies in data/ do.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "base"
CASES = sorted((CORPUS / "cases").glob("*.yaml"))


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    spec: dict[str, Any]
    expect: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> Case:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(path.stem, spec["about"], spec, tuple(spec["expect"]))

    @property
    def total(self) -> int:
        """How many errors the check finds: those `expect` lists, or `expect_total` for a flood."""
        return self.spec.get("expect_total", len(self.expect))

    def make(self, data: Path) -> Path:
        """Write the case's data set to `data` (which must not exist yet)."""
        shutil.copytree(BASE, data)
        for relative, replacements in self.spec.get("edit", {}).items():
            path = data / relative
            text = path.read_text(encoding="utf-8")
            for old, new in replacements:
                assert text.count(old) == 1, f"{self.name}: {old!r} occurs {text.count(old)} times in {relative}"
                text = text.replace(old, _expanded(new))
            path.write_text(text, encoding="utf-8")
        for relative, replacements in self.spec.get("rename", {}).items():
            path = data / relative
            text = path.read_text(encoding="utf-8")
            for old, new in replacements:
                assert old in text, f"{self.name}: {old!r} does not occur in {relative}"
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        for relative, text in self.spec.get("write", {}).items():
            (data / relative).parent.mkdir(parents=True, exist_ok=True)
            (data / relative).write_text(text, encoding="utf-8")
        for relative, text in self.spec.get("write_bytes", {}).items():
            (data / relative).write_bytes(text.encode("latin-1"))
        for relative, parts in self.spec.get("repeat", {}).items():
            body = parts.get("before", "") + parts["unit"] * parts["times"] + parts.get("after", "")
            (data / relative).write_text(body, encoding="utf-8")
        if "capture" in self.spec:
            capture = _expanded(self.spec["capture"]).encode("utf-8")
            (data / "captures" / "weather.txt").write_bytes(capture)
            article = data / "articles" / "weather.yaml"
            text = article.read_text(encoding="utf-8")
            old = re.search(r"capture_sha256: [0-9a-f]+", text)
            assert old, f"{self.name}: the base article has no capture_sha256"
            article.write_text(text.replace(old.group(), f"capture_sha256: {hashlib.sha256(capture).hexdigest()}"),
                               encoding="utf-8")
        for relative in self.spec.get("remove", []):
            (data / relative).unlink()
        for relative in self.spec.get("fifo", []):
            (data / relative).unlink(missing_ok=True)
            os.mkfifo(data / relative)
        for relative in self.spec.get("folder", []):
            (data / relative).mkdir()
        for relative, text in self.spec.get("outside", {}).items():
            (data.parent / relative).write_text(text, encoding="utf-8")
        for relative, target in self.spec.get("symlink", {}).items():
            link = data / relative
            link.unlink(missing_ok=True)
            link.symlink_to(target)
        return data


def _expanded(text: str | dict[str, Any]) -> str:
    """Text as written, or {before, unit, times, after} spelled out."""
    if isinstance(text, str):
        return text
    return text.get("before", "") + text["unit"] * text["times"] + text.get("after", "")


def cases() -> list[Case]:
    return [Case.load(path) for path in CASES]
