"""No published stance changes without a correction: data/published-stances.txt records what each article
says of each treatment and theme, the check refuses a stance or position changed since with no new
`corrections:` entry, and `make urls` records it once one says so."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest

from conftest import BIN, DATA, DataCopy
from perspectives import load_checked
from perspectives.errors import DataErrors
from perspectives.model import Said, position_label
from perspectives.stancerecord import RECORD, read_record, record_text, unrecorded

DATASET = load_checked(DATA)
STANCES = {stance.id: stance for stance in DATASET.vocabularies["stances"]}
# An article with a theme and a treatment on which it takes one stance, to change for another that takes a
# qualifier as that one does (or does not): nothing but the stance differs.
ARTICLE, ENTRY = next((article, entry) for article in DATASET.articles if article.themes and not article.draft
                      for entry in article.treatments if not entry.also)
FILE = f"articles/{ARTICLE.id}.yaml"
HOLDING = ARTICLE.themes[0]
OTHER_STANCE = next(stance.id for stance in STANCES.values() if not stance.implicit and stance.id != ENTRY.stance
                    and stance.qualified == STANCES[ENTRY.stance].qualified)
NUMBER = ARTICLE.treatments.index(ENTRY)


def _errors(copy: DataCopy) -> list[str]:
    try:
        load_checked(copy.data)
    except DataErrors as failure:
        return [str(error) for error in failure.errors]
    return []


def _change_stance(copy: DataCopy, was: str = ENTRY.stance, to: str = OTHER_STANCE, file: str = FILE) -> int:
    """Change ENTRY's stance in the copy's `file` from `was` to `to`; the line of its `stance:`."""
    text = copy.path(file).read_text(encoding="utf-8")
    entry = re.search(rf"- treatment: {re.escape(ENTRY.treatment)}\n(?:    .*\n)*?    stance: (\S+)\n", text)
    assert entry is not None and entry.group(1) == was
    copy.path(file).write_text(text[:entry.start(1)] + to + text[entry.end(1):], encoding="utf-8")
    return text[:entry.start(1)].count("\n") + 1


def _add_correction(copy: DataCopy) -> None:
    """A correction dated on the article's last review (so that the check of dates holds), saying what changed."""
    day = ARTICLE.reviewed or ARTICLE.added
    text = copy.path(FILE).read_text(encoding="utf-8")
    entry = f"  - date: {day}\n    note: The stance on {ENTRY.treatment} is corrected.\n"
    text = text.replace("corrections:\n", f"corrections:\n{entry}", 1) if "\ncorrections:\n" in text \
        else text.rstrip("\n") + f"\ncorrections:\n{entry}"
    copy.path(FILE).write_text(text, encoding="utf-8")


def _urls_write(copy: DataCopy) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "perspectives"), "urls", "--write", "--data", str(copy.data), "--docs",
                           str(copy.root / "docs")], capture_output=True, text=True)


def test_the_record_is_what_make_urls_writes_for_the_data():
    """Committed with the data it records: a correction recorded, a new article's stances recorded."""
    outlines = [article.outline for article in DATASET.articles]
    assert (DATA / RECORD).read_text(encoding="utf-8") == record_text(outlines, DATASET.vocabularies,
                                                                      read_record(DATA)), "run `make urls` and commit it"
    assert unrecorded(outlines, DATA) == []


def test_a_stance_changed_without_a_correction_is_refused_in_one_line_then_recorded_with_one(data_copy: DataCopy):
    line = _change_stance(data_copy)
    errors = _errors(data_copy)
    assert errors == [f"data/{FILE}:{line}: treatments[{NUMBER}].stance: the stance on {ENTRY.treatment} changed from "
                      f"{STANCES[ENTRY.stance].label!r} to {STANCES[OTHER_STANCE].label!r} since it was published "
                      f"(data/{RECORD}), and no correction says so — set `reviewed:` to today and add a `corrections:` "
                      "entry dated today saying what changed and why, which the changes page and feed show readers; "
                      "`make urls` then records the new stance"], errors
    # Nothing is recorded while the check refuses it.
    before = data_copy.path(RECORD).read_bytes()
    refused = _urls_write(data_copy)
    assert refused.returncode == 1 and "no correction says so" in refused.stderr
    assert data_copy.path(RECORD).read_bytes() == before
    # A correction says so: the check passes, says the record is behind, and `make urls` records it.
    _add_correction(data_copy)
    assert _errors(data_copy) == []
    check = subprocess.run([str(BIN / "perspectives"), "check", "--data", str(data_copy.data)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert f"1 article (first: {ARTICLE.id}) is new, renamed or corrected since {data_copy.data.as_posix()}/{RECORD} was " \
        "written: run `make urls`" in check.stdout
    written = _urls_write(data_copy)
    assert written.returncode == 0, written.stderr
    assert f"{ARTICLE.id} treatment {ENTRY.treatment} {OTHER_STANCE}\n" in data_copy.path(RECORD).read_text(encoding="utf-8")
    assert unrecorded([article.outline for article in load_checked(data_copy.data).articles], data_copy.data) == []
    # Recorded, the corrected article's next change needs a correction of its own.
    _change_stance(data_copy, was=OTHER_STANCE, to=ENTRY.stance)
    assert [error for error in _errors(data_copy) if "no correction says so" in error]


def test_a_changed_position_and_a_treatment_no_longer_mentioned_are_refused(data_copy: DataCopy):
    text = data_copy.path(FILE).read_text(encoding="utf-8")
    other = "rejects" if HOLDING.position == "holds" else "holds"
    holding = re.search(rf"- theme: {re.escape(HOLDING.theme)}\n", text)
    assert holding is not None
    position = f"    position: {HOLDING.position}\n"
    after = text[holding.end():]
    if after.startswith(position):
        after = f"    position: {other}\n" + after[len(position):]
    else:
        after = f"    position: {other}\n" + after
    # The last treatment entry taken out whole: from its line to the next entry or the next top-level field.
    text = text[:holding.end()] + after
    last = ARTICLE.treatments[-1].treatment
    entry = re.search(rf"  - treatment: {re.escape(last)}\n(?:    .*\n)*", text)
    assert entry is not None
    text = text[:entry.start()] + text[entry.end():]
    data_copy.path(FILE).write_text(text, encoding="utf-8")
    errors = [error for error in _errors(data_copy) if "no correction says so" in error]
    was, now = (position_label(position, HOLDING.limited is not None) for position in (HOLDING.position, other))
    assert any(f"the position on {HOLDING.theme} changed from {was!r} to {now!r}" in error for error in errors), errors
    assert any(re.match(rf"^data/{re.escape(FILE)}:\d+: treatments: the stance on {re.escape(last)} changed from "
                        rf"'[^']+' to 'not mentioned'", error) for error in errors), errors


def test_a_note_reworded_needs_no_correction(data_copy: DataCopy):
    data_copy.replace(FILE, f"    note: {ENTRY.note}\n", f"    note: {ENTRY.note} Reworded.\n")
    assert _errors(data_copy) == []


def test_a_renamed_treatment_keeps_its_recorded_stances(data_copy: DataCopy):
    """Renamed in the vocabulary with `former_ids`, a treatment's recorded stances are compared under its new id."""
    vocabulary = data_copy.path("vocabularies/treatments.yaml")
    text = vocabulary.read_text(encoding="utf-8")
    assert f"- id: {ENTRY.treatment}\n" in text
    vocabulary.write_text(text.replace(f"- id: {ENTRY.treatment}\n",
                                       f"- id: renamed-treatment\n  former_ids: [{ENTRY.treatment}]\n", 1),
                          encoding="utf-8")
    for path in data_copy.data.glob("articles/*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(f"treatment: {ENTRY.treatment}\n",
                                                                 "treatment: renamed-treatment\n"), encoding="utf-8")
    assert [error for error in _errors(data_copy) if "no correction says so" in error] == []


@pytest.mark.parametrize("damage", ["edited", "conflict"])
def test_a_record_edited_by_hand_or_left_in_conflict_is_refused_with_the_way_back(data_copy: DataCopy, damage):
    record = data_copy.path(RECORD)
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    if damage == "edited":
        record.write_text("".join(line.replace(ENTRY.stance, OTHER_STANCE) for line in lines), encoding="utf-8")
        expected = (f"data/{RECORD}: (file): was edited by hand: its checksum line does not match its lines — "
                    f"restore it (git checkout -- data/{RECORD}) and run `make urls`")
    else:
        record.write_text("".join(["<<<<<<< HEAD\n", *lines, "=======\n", *lines, ">>>>>>> other\n"]),
                          encoding="utf-8")
        expected = (f"data/{RECORD}: (file): holds a merge's conflict markers: two branches each changed it — take "
                    f"either side (git checkout --theirs data/{RECORD}), then run `make urls` and commit what it writes")
    assert _errors(data_copy) == [expected]


def test_a_record_deleted_from_a_checkout_is_refused(data_copy: DataCopy):
    data_copy.commit()
    data_copy.path(RECORD).unlink()
    assert _errors(data_copy) == [f"data/{RECORD}: (file): is missing, but the last commit has it: stances changed "
                                  "without a correction would go unnoticed — restore it: git checkout -- "
                                  f"data/{RECORD}"]


def test_a_draft_is_not_compared(data_copy: DataCopy):
    """A draft is not published: what it says may change freely until it is (its URLs' promise says the rest)."""
    _change_stance(data_copy)
    data_copy.replace(FILE, "status: ready\n", "status: draft\n")
    assert [error for error in _errors(data_copy) if "no correction says so" in error] == []


def test_a_renamed_article_is_compared_under_its_former_id(data_copy: DataCopy):
    """Renamed with `former_ids`, an article's stances are still compared: changed without a correction, refused."""
    text = data_copy.path(FILE).read_text(encoding="utf-8")
    data_copy.path(FILE).write_text(text.replace(f"id: {ARTICLE.id}\n", f"id: renamed-article\nformer_ids: "
                                                 f"[{ARTICLE.id}]\n", 1), encoding="utf-8")
    data_copy.path(FILE).rename(data_copy.path("articles/renamed-article.yaml"))
    data_copy.path(f"captures/{ARTICLE.id}.txt").rename(data_copy.path("captures/renamed-article.txt"))
    assert _errors(data_copy) == []
    assert unrecorded([article.outline for article in load_checked(data_copy.data).articles], data_copy.data) \
        == ["renamed-article"]
    _change_stance(data_copy, file="articles/renamed-article.yaml")
    errors = _errors(data_copy)
    assert len(errors) == 1 and "no correction says so" in errors[0], errors


@pytest.mark.parametrize("line", ["x", "x corrections ²", "x theme", "x treatment a b c", "* stance a"])
def test_a_line_the_record_cannot_hold_is_one_error_even_with_a_checksum_to_match(data_copy: DataCopy, line):
    from perspectives.checksummed import text as checksummed_text
    from perspectives.stancerecord import HEADER

    lines = [*record_text([article.outline for article in DATASET.articles],
                          DATASET.vocabularies).splitlines()[HEADER.count("\n"):-1], line]
    data_copy.path(RECORD).write_text(checksummed_text(HEADER, lines), encoding="utf-8")
    errors = _errors(data_copy)
    assert errors == [f"data/{RECORD}: (file): has a line it cannot read (line {len(lines) + HEADER.count(chr(10))}: "
                      f"{line!r}) — restore it (git checkout -- data/{RECORD}) and run `make urls`"], errors


def test_a_draft_published_again_is_compared_with_what_it_said_before(data_copy: DataCopy):
    """Unpublished, its lines stay in the record (`make urls` drops nothing); published again with another
    stance, it is refused like any published article."""
    data_copy.replace(FILE, "status: ready\n", "status: draft\n")
    assert subprocess.run([str(BIN / "perspectives"), "urls", "--retire-gone", "--reason", "withdrawn", "--data",
                           str(data_copy.data), "--docs", str(data_copy.root / "docs")],
                          capture_output=True, text=True).returncode == 0
    assert _urls_write(data_copy).returncode == 0
    assert f"{ARTICLE.id} treatment {ENTRY.treatment} " in data_copy.path(RECORD).read_text(encoding="utf-8")
    _change_stance(data_copy)
    data_copy.replace(FILE, "status: draft\n", "status: ready\n")
    errors = [error for error in _errors(data_copy) if "no correction says so" in error]
    assert len(errors) == 1 and f"the stance on {ENTRY.treatment} changed" in errors[0], errors


def test_a_renamed_stance_is_no_change(data_copy: DataCopy):
    """Renamed in the vocabulary with `former_ids`, a stance recorded under its old id is the same stance."""
    vocabulary = data_copy.path("vocabularies/stances.yaml")
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace(f"- id: {ENTRY.stance}\n", f"- id: renamed-stance\n  former_ids: "
                                       f"[{ENTRY.stance}]\n", 1), encoding="utf-8")
    for path in data_copy.data.glob("articles/*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(f"stance: {ENTRY.stance}\n",
                                                                 "stance: renamed-stance\n"), encoding="utf-8")
    assert [error for error in _errors(data_copy) if "no correction says so" in error] == []


def test_the_order_of_further_stances_is_no_change():
    """`also:` lists further stances in any order: the record holds the primary stance, then the others sorted."""
    outline = ARTICLE.outline

    def recorded(*stances: str) -> str:
        said = Said("treatment", ENTRY.treatment, stances, 1, "treatments[0].stance")
        return record_text([dataclasses.replace(outline, says=(said,))], DATASET.vocabularies)

    assert recorded("a", "b", "c") == recorded("a", "c", "b") != recorded("b", "a", "c")


def test_a_correction_removed_is_refused(data_copy: DataCopy):
    corrected = next(article for article in DATASET.articles if article.corrections and not article.draft)
    file = f"articles/{corrected.id}.yaml"
    text = data_copy.path(file).read_text(encoding="utf-8")
    last = corrected.corrections[-1]
    entry = re.search(rf"  - date: {re.escape(last.date)}\n    note: .*\n", text)
    assert entry is not None
    data_copy.path(file).write_text(text[:entry.start()] + text[entry.end():], encoding="utf-8")
    errors = [error for error in _errors(data_copy) if "corrections" in error]
    assert errors and errors[0].endswith(
        f"corrections: has {len(corrected.corrections) - 1} entries where {len(corrected.corrections)} were published "
        f"(data/{RECORD}): a correction readers saw on the changes page is gone — restore it: a correction may be "
        "reworded, never removed"), errors
