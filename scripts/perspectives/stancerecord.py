"""What each published article was last recorded as saying of treatments and themes, so that no stance
changes without a correction telling readers.

A reader who saw "Temporary relief only" on massage and finds "Not recommended" there later is owed a word:
a `corrections:` entry, which the changes page and feed publish. Nothing in an article file says what it
said before, so the stances and positions the site publishes are committed in data/published-stances.txt
(one line per article and treatment or theme, and each article's number of corrections, closed by a
checksum line), written by `make urls` with the promised URLs. The check (`check_stances`, in
check.conclude, so every build runs it) compares each published article with its lines: a stance or
position that differs while the article has no correction since the lines were written is refused, naming
the entry, what it was and what it is, and how to say so. An article not yet recorded, a draft, or an
article with a correction newer than its lines is not compared: `make check` then says the record is behind
(`unrecorded`), and `make urls` records it.

What is compared: each treatment's stances (primary first) and each theme's position ("holds",
"rejects-in-part"), by id, on the treatments and themes the vocabularies still have and the record knows
(a term removed from the site or new to it changes what the site compares, not what an article says). A
note reworded, a claim added or a stance marked implied is no change of what the comparison counts, and
needs no correction. Renamed articles, treatments and themes are followed through their `former_ids`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from perspectives.errors import DataError
from perspectives.manifest import checksummed_text, read_checksummed, tracked_but_missing
from perspectives.model import Outline, Vocabularies

RECORD = "published-stances.txt"  # in the data folder, beside published-urls.txt
_CORRECTIONS = "corrections"  # the line holding an article's number of corrections when it was recorded
_SILENT = "none"  # what a line-less entry was: the article did not mention the treatment or theme
_KINDS = ("treatments", "themes")  # the vocabularies whose terms articles take stances or positions on

HEADER = ("# What each published article says of each treatment (its stances) and theme (its position), and how\n"
          "# many corrections it had, as last recorded. `perspectives check` refuses a stance or position that\n"
          "# changed with no new `corrections:` entry to tell readers. Written by `make urls`: never edit it by hand\n"
          "# (the checksum at the end would no longer match).\n")


def said(outline: Outline) -> dict[str, str]:
    """What the article says, as the record has it: `treatment <id>` → its stances joined by `+`, `theme <id>`
    → its position."""
    return {key: value for key, value, _, _ in outline.says}


def record_lines(articles: Sequence[Outline]) -> list[str]:
    """The record's lines for these articles (drafts left out: the site publishes none)."""
    lines = []
    for article in sorted(articles, key=lambda article: article.id):
        if article.draft:
            continue
        lines.append(f"{article.id} {_CORRECTIONS} {article.corrections}")
        lines += [f"{article.id} {key} {value}" for key, value in sorted(said(article).items())]
    return lines


def record_text(articles: Sequence[Outline]) -> str:
    return checksummed_text(HEADER, record_lines(articles))


@dataclass(frozen=True)
class Record:
    """The committed record, read: each article's recorded number of corrections and what it said, or why it
    cannot be read."""

    corrections: dict[str, int]
    said: dict[str, dict[str, str]]
    problem: str | None = None
    conflicted: bool = False

    def name_of(self, article: Outline) -> str | None:
        """The id the article is recorded under (its own, or a former one: renamed since), if any."""
        return next((name for name in (article.id, *article.former_ids) if name in self.corrections), None)


def read_record(data_dir: Path) -> Record | None:
    """The committed record; None when there is none."""
    read = read_checksummed(data_dir / RECORD)
    if read is None:
        return None
    if read.problem:
        return Record({}, {}, read.problem, read.conflicted)
    if not read.checksum_ok:
        return Record({}, {}, "was edited by hand: its checksum line does not match its lines")
    corrections: dict[str, int] = {}
    recorded: dict[str, dict[str, str]] = {}
    for number, line in read.lines:
        # A line whose checksum was made to match can still be anything: read, never trusted.
        parts = line.split(" ")
        if len(parts) == 3 and parts[1] == _CORRECTIONS and parts[2].isascii() and parts[2].isdigit():
            corrections[parts[0]] = int(parts[2])
        elif len(parts) == 4 and parts[1] in ("treatment", "theme"):
            recorded.setdefault(parts[0], {})[f"{parts[1]} {parts[2]}"] = parts[3]
        else:
            return Record({}, {}, f"has a line it cannot read (line {number}: {line!r})")
    return Record(corrections, recorded)


def check_stances(articles: Sequence[Outline], vocabularies: Vocabularies, data_dir: Path) -> list[DataError]:
    """Every recorded article that says something else now has a correction since it was recorded."""
    shown = f"{data_dir.name}/{RECORD}"  # as the editor knows it, like every data error
    record = read_record(data_dir)
    if record is None:
        if tracked_but_missing(data_dir, RECORD):
            return [DataError(shown, 0, "", "is missing, but the last commit has it: stances changed without a "
                              "correction would go unnoticed", f"restore it: git checkout -- {shown}")]
        return []
    if record.problem:
        restore = (f"take either side (git checkout --theirs {shown}), then run `make urls` and commit what it "
                   "writes" if record.conflicted else f"restore it (git checkout -- {shown}) and run `make urls`")
        return [DataError(shown, 0, "", record.problem, restore)]
    renamed = _renamed(vocabularies)
    # Only treatments and themes the vocabularies still have and the record knows: one removed from the site,
    # or new to it, changes what the site compares, not what an article says (the promise check and the
    # change's own review answer for those).
    compared = _terms(vocabularies) & {renamed.get(key, key) for said in record.said.values() for key in said}
    errors = []
    for article in articles:
        name = record.name_of(article)
        if article.draft or name is None or article.corrections > record.corrections[name]:
            continue
        before = {renamed.get(key, key): value for key, value in record.said.get(name, {}).items()}
        now = {key: (value, line, field) for key, value, line, field in article.says}
        # In the file's order: entries still there by their line, those gone (line 0) first.
        for key in sorted((set(before) | set(now)) & compared, key=lambda key: (now.get(key, ("", 0, ""))[1], key)):
            was, (value, line, field) = before.get(key, _SILENT), now.get(key, (_SILENT, 0, ""))
            if was != value:
                errors.append(_changed(article, key, was, value, line, field, shown))
    return errors


def unrecorded(articles: Sequence[Outline], data_dir: Path) -> list[str]:
    """The ids of the published articles whose record is behind (not recorded yet, renamed, or corrected
    since): what `make urls` would record anew. All of them while there is no record; none while it cannot be
    read (the check says why)."""
    record = read_record(data_dir)
    if record is None:
        return [article.id for article in articles if not article.draft]
    if record.problem:
        return []
    return [article.id for article in articles if not article.draft and (
        (name := record.name_of(article)) != article.id or article.corrections > record.corrections[name])]


def _terms(vocabularies: Vocabularies) -> set[str]:
    """The record's keys of every treatment and theme: `treatment <id>`, `theme <id>`."""
    return {f"{kind[:-1]} {term.id}" for kind in _KINDS for term in vocabularies.terms.get(kind, ())}


def _renamed(vocabularies: Vocabularies) -> dict[str, str]:
    """Record keys under a treatment's or theme's former id → under its id. A former id that is also a
    current id leads nowhere here (the promise check refuses it)."""
    current = _terms(vocabularies)
    return {f"{kind[:-1]} {former}": f"{kind[:-1]} {term.id}" for kind in _KINDS
            for term in vocabularies.terms.get(kind, ()) for former in term.former_ids
            if f"{kind[:-1]} {former}" not in current}


def _changed(article: Outline, key: str, was: str, value: str, line: int, field: str, shown: str) -> DataError:
    """The error for an entry that says something else than it was published saying (`line` and `field` 0 and
    "" for an entry gone: the error then names the list it was in)."""
    kind, subject = key.split(" ", 1)
    what = "stance" if kind == "treatment" else "position"
    listed = "treatments" if kind == "treatment" else "themes"
    words = {_SILENT: "not mentioned" if kind == "treatment" else "not taken"}
    return DataError(article.origin.path, line or article.origin.at(listed), field or listed,
                     f"the {what} on {subject} changed from {words.get(was, was)!r} to {words.get(value, value)!r} "
                     f"since it was published ({shown}), and no correction says so",
                     "add a `corrections:` entry (date: today, note: what changed and why), which the changes page "
                     "and feed show readers; `make urls` then records the new " + what)


__all__ = ["RECORD", "check_stances", "read_record", "record_text", "record_lines", "said", "unrecorded"]
