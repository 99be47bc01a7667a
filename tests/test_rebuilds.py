"""What a served site's next build writes again (perspectives.rebuilds) and the articles a served site's
next load reads again (perspectives.load.Memo): only what changed, and everything after a failure or when
anything but the data changed. tests/test_build.py drives both through `mkdocs serve --dirty`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from perspectives import load
from perspectives.load import Memo, load_dataset
from perspectives.rebuilds import Rebuilds, fingerprint

from conftest import DATA

ARTICLE = "upper-cervical-neck-and-back-spasm"


def _pages(folder: Path, **contents: str) -> dict[str, Path]:
    files = {}
    for name, text in contents.items():
        (folder / name).write_text(text, encoding="utf-8")
        files[f"{name}.md"] = folder / name
    return files


def test_the_first_build_writes_everything_then_only_what_changed_and_removes_what_went(tmp_path):
    rebuilds, inputs = Rebuilds(), (fingerprint([]), ("Compare",))
    first = rebuilds.plan(inputs, _pages(tmp_path, a="A", b="B", c="C"))
    assert first.everything and first.writes("a.md") and not first.gone
    rebuilds.done(first)
    second = rebuilds.plan(inputs, _pages(tmp_path, a="A", b="B, edited", d="D"))
    assert not second.everything and second.changed == {"b.md", "d.md"} and second.gone == {"c.md"}
    assert not second.writes("a.md") and second.writes("b.md")
    rebuilds.done(second)
    assert rebuilds.plan(inputs, _pages(tmp_path, a="A", b="B, edited", d="D")).changed == frozenset()


def test_a_plan_not_done_is_not_remembered_and_a_failure_writes_everything_next(tmp_path):
    rebuilds, inputs = Rebuilds(), fingerprint([])
    rebuilds.done(rebuilds.plan(inputs, _pages(tmp_path, a="A")))
    rebuilds.plan(inputs, _pages(tmp_path, a="A, edited"))  # a build that failed after planning: never done
    assert rebuilds.plan(inputs, _pages(tmp_path, a="A, edited")).changed == {"a.md"}
    rebuilds.forget()
    assert rebuilds.plan(inputs, _pages(tmp_path, a="A, edited")).everything


def test_anything_else_every_page_is_made_with_changing_writes_everything(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("About", encoding="utf-8")
    pages = _pages(tmp_path, a="A")
    rebuilds = Rebuilds()

    def plan(titles: tuple[str, ...] = ("Compare",)):
        return rebuilds.plan((fingerprint([docs]), titles), pages)

    rebuilds.done(plan())
    assert not plan().everything
    assert plan(("Compare the articles",)).everything  # a title in the navigation
    (docs / "new.md").write_text("New", encoding="utf-8")
    assert plan().everything  # a page added
    (docs / "new.md").unlink()
    assert not plan().everything
    (docs / "about.md").write_text("Abut", encoding="utf-8")  # the same size, at once: the bytes tell
    assert plan().everything


def test_the_memo_reads_again_only_the_articles_whose_file_or_capture_changed(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    read: list[str] = []
    real = load.load_article
    monkeypatch.setattr(load, "load_article", lambda path, *rest: read.append(path.stem) or real(path, *rest))
    memo = Memo()
    first, errors = load_dataset(data, memo=memo)
    assert not errors and len(read) == len(first.articles)
    read.clear()
    again, errors = load_dataset(data, memo=memo)
    assert read == [] and not errors and again.articles == first.articles
    capture = data / "captures" / f"{ARTICLE}.txt"
    capture.write_bytes(capture.read_bytes() + b" ")
    load_dataset(data, memo=memo)
    assert read == [ARTICLE]
    read.clear()
    path = data / "articles" / f"{ARTICLE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("short_title: ", "short_title: Edited "),
                    encoding="utf-8")
    edited, _ = load_dataset(data, memo=memo)
    assert read == [ARTICLE] and [a.short_title for a in edited.articles if a.id == ARTICLE][0].startswith("Edited")


def test_the_memo_reports_an_articles_errors_on_every_load_and_forgets_on_new_vocabularies(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "articles" / f"{ARTICLE}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "tags: [spasm]\n", encoding="utf-8")  # no such field
    memo = Memo()
    errors = [load_dataset(data, memo=memo)[1] for _ in range(2)]
    assert errors[0] and errors[0] == errors[1]
    read: list[str] = []
    real = load.load_article
    monkeypatch.setattr(load, "load_article", lambda path, *rest: read.append(path.stem) or real(path, *rest))
    vocabulary = data / "vocabularies" / "stances.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the same terms
    load_dataset(data, memo=memo)
    assert read == []  # equal vocabularies: nothing to read again
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace("label: Recommended", "label: Advised", 1), encoding="utf-8")
    load_dataset(data, memo=memo)
    assert len(read) == len(os.listdir(data / "articles"))


def test_the_memo_reads_a_file_that_is_not_a_regular_one_as_the_loader_does(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    capture = data / "captures" / f"{ARTICLE}.txt"
    capture.unlink()
    capture.mkdir()
    memo = Memo()
    assert load_dataset(data, memo=memo)[1] == load_dataset(data)[1] != []
