"""What each published article was last recorded as saying of treatments and themes, so that no stance
changes without a correction telling readers.

A reader who saw "Temporary relief only" on massage and finds "Not recommended" there later is owed a word:
a `corrections:` entry, which the changes page and feed publish. Nothing in an article file says what it
said before, so the stances and positions the site publishes are committed in data/published-stances.txt
(one line per article and treatment or theme, each article's number of corrections, and the treatments and
themes there were; closed by a checksum line), written by `make urls` with the promised URLs. The check
(`check_stances`, in check.conclude, so every build runs it) compares each published article with its
lines: a stance or position that differs while the article has no more corrections than recorded is
refused, naming the entry, what it was and what it is, and how to say so; so is a correction removed. An
article with more corrections than recorded is not compared until `make urls` records it again (`make
check` says so: `unrecorded`); nor is a draft, whose lines are kept until it is published again, when it
is compared with them, as is an article deleted and added again.

What is compared: each treatment's stances (the primary one, then the others in any order) and each
theme's position ("holds", "rejects-in-part"), by id, on the treatments and themes both the vocabularies
and the record have (one removed from the site or new to it changes what the site compares, not what an
article says). A note reworded, a claim added or a stance marked implied is no change of what the
comparison counts, and needs no correction. Renamed articles, treatments, themes and stances are followed
through their `former_ids`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from perspectives import checksummed
from perspectives.errors import DataError
from perspectives.model import Outline, Said, Vocabularies, position_label

RECORD = "published-stances.txt"  # in the data folder, beside published-urls.txt
_CORRECTIONS = "corrections"  # an article's line holding its number of corrections when it was recorded
_TERM = "*"  # before a line naming a treatment or theme the vocabularies had (no article id is `*`)
_KINDS = {"treatment": "treatments", "theme": "themes"}  # what an article says of, and its vocabulary
_SILENT = "none"  # what an article without a line for a treatment or theme said of it

HEADER = ("# What each published article says of each treatment (its stances) and theme (its position), how many\n"
          "# corrections it had, and the treatments and themes there were, as last recorded. `perspectives check`\n"
          "# refuses a stance or position that changed with no new `corrections:` entry to tell readers. Written by\n"
          "# `make urls`: never edit it by hand (the checksum at the end would no longer match).\n")


def _value(values: Sequence[str]) -> str:
    """What the record writes of what an article says (Said.values): the primary stance first, the others
    sorted (their order in the file is no change), joined by `+`; a position as it is."""
    return "+".join((values[0], *sorted(values[1:])))


@dataclass(frozen=True)
class Record:
    """The committed record, read: each article's recorded number of corrections and what it said of each
    `kind term` key, and the keys of the treatments and themes there were; or why it cannot be read."""

    corrections: dict[str, int]
    said: dict[str, dict[str, str]]
    terms: frozenset[str] = frozenset()
    problem: str | None = None
    conflicted: bool = False

    def name_of(self, article: Outline) -> str | None:
        """The id the article is recorded under (its own, or a former one: renamed since), if any."""
        return next((name for name in (article.id, *article.former_ids) if name in self.corrections), None)


def record_text(articles: Sequence[Outline], vocabularies: Vocabularies, before: Record | None = None) -> str:
    """The record of these articles and vocabularies. Like the URLs the site promises, nothing recorded is
    dropped: the lines `before` holds of an article now a draft or gone stay, for the day it is published
    again (a renamed one's go: it is recorded under its new id)."""
    lines = [f"{_TERM} {kind} {term.id}" for kind, name in _KINDS.items() for term in vocabularies.terms.get(name, ())]
    published = [article for article in articles if not article.draft]
    for article in published:
        lines.append(f"{article.id} {_CORRECTIONS} {article.corrections}")
        lines += [f"{article.id} {said.kind} {said.term} {_value(said.values)}" for said in article.says]
    if before is not None and not before.problem:
        current = {name for article in published for name in (article.id, *article.former_ids)}
        for name in sorted(set(before.corrections) - current):
            lines.append(f"{name} {_CORRECTIONS} {before.corrections[name]}")
            lines += [f"{name} {key} {value}" for key, value in before.said.get(name, {}).items()]
    return checksummed.text(HEADER, sorted(set(lines)))


def read_record(data_dir: Path) -> Record | None:
    """The committed record; None when there is none."""
    read = checksummed.read(data_dir / RECORD)
    if read is None:
        return None
    if read.problem:
        return Record({}, {}, problem=read.problem, conflicted=read.conflicted)
    if not read.checksum_ok:
        return Record({}, {}, problem="was edited by hand: its checksum line does not match its lines")
    corrections: dict[str, int] = {}
    recorded: dict[str, dict[str, str]] = {}
    terms = set()
    for number, line in read.lines:
        # A line whose checksum was made to match can still be anything: read, never trusted.
        parts = line.split(" ")
        if len(parts) == 3 and parts[0] == _TERM and parts[1] in _KINDS:
            terms.add(f"{parts[1]} {parts[2]}")
        elif len(parts) == 3 and parts[1] == _CORRECTIONS and parts[2].isascii() and parts[2].isdigit():
            corrections[parts[0]] = int(parts[2])
        elif len(parts) == 4 and parts[1] in _KINDS:
            recorded.setdefault(parts[0], {})[f"{parts[1]} {parts[2]}"] = parts[3]
        else:
            return Record({}, {}, problem=f"has a line it cannot read (line {number}: {line!r})")
    return Record(corrections, recorded, frozenset(terms))


def check_stances(articles: Sequence[Outline], vocabularies: Vocabularies, data_dir: Path) -> list[DataError]:
    """Every recorded article that says something else now has a correction more than recorded, and none
    fewer."""
    shown = f"{data_dir.name}/{RECORD}"  # as the editor knows it, like every data error
    record = read_record(data_dir)
    if record is None:
        return checksummed.missing(data_dir, RECORD, "stances changed without a correction would go unnoticed")
    if record.problem:
        return [checksummed.unreadable(shown, record.problem, record.conflicted,
                                       f"restore it (git checkout -- {shown}) and run `make urls`")]
    terms = {f"{kind} {former}": f"{kind} {now}" for kind, name in _KINDS.items()
             for former, now in _renamed(vocabularies, name).items()}
    stances = _renamed(vocabularies, "stances")
    # Only treatments and themes the vocabularies and the record both have.
    compared = {terms.get(key, key) for key in record.terms} & _keys(vocabularies)
    errors = []
    for article in articles:
        name = record.name_of(article)
        if article.draft or name is None:
            continue
        if article.corrections < record.corrections[name]:
            errors.append(DataError(article.origin.path, article.origin.at("corrections"), "corrections",
                                    f"has {article.corrections} entries where {record.corrections[name]} were "
                                    f"published ({shown}): a correction readers saw on the changes page is gone",
                                    "restore it: a correction may be reworded, never removed"))
        if article.corrections != record.corrections[name]:
            continue
        before = {terms.get(key, key): _value([stances.get(value, value) for value in values.split("+")])
                  for key, values in record.said.get(name, {}).items()}
        now = {f"{said.kind} {said.term}": said for said in article.says}
        # In the file's order: entries still there by their line, those gone (line 0) first.
        for key in sorted((set(before) | set(now)) & compared, key=lambda key: (now[key].line if key in now else 0, key)):
            said = now.get(key)
            was, value = before.get(key, _SILENT), _value(said.values) if said else _SILENT
            if was != value:
                errors.append(_changed(article, key, was, value, said, vocabularies, shown))
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


def _keys(vocabularies: Vocabularies) -> set[str]:
    """The record's keys of every treatment and theme: `treatment <id>`, `theme <id>`."""
    return {f"{kind} {term.id}" for kind, name in _KINDS.items() for term in vocabularies.terms.get(name, ())}


def _renamed(vocabularies: Vocabularies, name: str) -> dict[str, str]:
    """Former id → id, for the terms of one vocabulary. A former id that is also a current id leads nowhere
    here (the promise check refuses it)."""
    terms = vocabularies.terms.get(name, ())
    current = {term.id for term in terms}
    return {former: term.id for term in terms for former in term.former_ids if former not in current}


def _changed(article: Outline, key: str, was: str, value: str, said: Said | None, vocabularies: Vocabularies,
             shown: str) -> DataError:
    """The error for an entry that says something else than it was published saying (`said` None for an entry
    gone: the error then names the list it was in)."""
    kind, term = key.split(" ", 1)
    what = "stance" if kind == "treatment" else "position"
    listed = _KINDS[kind]
    words = _stance_words if kind == "treatment" else _position_words
    return DataError(article.origin.path, said.line if said else article.origin.at(listed),
                     said.field if said else listed,
                     f"the {what} on {term} changed from {words(was, vocabularies)!r} to {words(value, vocabularies)!r} "
                     f"since it was published ({shown}), and no correction says so",
                     "set `reviewed:` to today and add a `corrections:` entry dated today saying what changed and "
                     f"why, which the changes page and feed show readers; `make urls` then records the new {what}")


def _stance_words(value: str, vocabularies: Vocabularies) -> str:
    """A recorded stance value as pages name it: "Temporary relief only, also Conditional or adjunct"."""
    if value == _SILENT:
        return "not mentioned"
    names = {term.id: term.label for term in vocabularies.terms.get("stances", ())}
    labels = [names.get(stance, stance) for stance in value.split("+")]
    return labels[0] + (f", also {' and '.join(labels[1:])}" if labels[1:] else "")


def _position_words(value: str, vocabularies: Vocabularies) -> str:
    """A recorded position as pages name it: "Holds in part"; "not taken" for none."""
    if value == _SILENT:
        return "not taken"
    return position_label(value.removesuffix("-in-part"), value.endswith("-in-part"))


__all__ = ["RECORD", "check_stances", "read_record", "record_text", "unrecorded"]
