"""The checker accepts the real data and rejects each kind of bad data with one
line naming file, line and field, plus a hint — all errors at once."""

from __future__ import annotations

import hashlib
import itertools
import re
import subprocess

import pytest
import yaml

from conftest import BIN, DATA, DataCopy
from perspectives import load_checked, quotes, yamlfile
from perspectives.check import SHORT_MAX_CHARS, SHORT_MAX_WORDS
from perspectives.errors import DataErrors
from perspectives.model import Quotation

ARTICLE = "articles/upper-cervical-neck-and-back-spasm.yaml"
SHOWN = "data/" + ARTICLE


def claim_field(claim_id: str) -> str:
    """How an error names the claim `claim_id` of ARTICLE: by its place in the file, as every field is named."""
    claims = yaml.safe_load((DATA / ARTICLE).read_text(encoding="utf-8"))["claims"]
    return f"claims[{[claim['id'] for claim in claims].index(claim_id)}]"
# The first theme the article takes a position on, whatever the vocabulary holds today.
# The line a missing field is reported on: the article's first field (after the schema comment).
FIRST_LINE = next(number for number, line in enumerate((DATA / ARTICLE).read_text(encoding="utf-8").splitlines(), 1)
                  if not line.startswith("#"))
FIRST_THEME = yaml.safe_load((DATA / ARTICLE).read_text(encoding="utf-8"))["themes"][0]["theme"]


def errors_for(copy: DataCopy) -> list[str]:
    with pytest.raises(DataErrors) as failure:
        load_checked(copy.data)
    return [str(error) for error in failure.value.errors]


def only_error(copy: DataCopy) -> str:
    errors = errors_for(copy)
    assert len(errors) == 1, errors
    return errors[0]


def test_the_real_data_is_valid():
    dataset = load_checked(DATA)
    assert len(dataset.articles) >= 5
    assert [a.id for a in dataset.articles] == sorted(a.id for a in dataset.articles)


def test_every_error_is_one_line_with_file_line_field_problem_and_hint(data_copy):
    line = data_copy.replace(ARTICLE, "  - treatment: upper-cervical-correction\n    stance: recommended",
                             "  - treatment: upper-cervical-correction\n    stance: adored")
    error = only_error(data_copy)
    stances = ", ".join(term.id for term in load_checked(DATA).vocabularies["stances"] if not term.implicit)
    assert error == (f"{SHOWN}:{line + 1}: treatments[0].stance: 'adored' is not in vocabularies/stances.yaml — "
                     f"use one of: {stances}, or add it to the vocabulary")
    assert "\n" not in error


def test_yaml_syntax_error_names_the_line(data_copy):
    line = data_copy.replace(ARTICLE, "publisher: Upper Cervical Spine Center", "publisher: [Upper Cervical")
    error = only_error(data_copy)
    assert error.startswith(f"{SHOWN}:")
    assert "YAML syntax error" in error and " — " in error
    reported = int(error.split(":")[1])
    assert line <= reported <= line + 2


def test_a_merges_conflict_markers_are_named_as_such(data_copy):
    """Not "could not find expected ':'": the line where a merge left both sides."""
    line = data_copy.replace(ARTICLE, "publisher: Upper Cervical Spine Center\n",
                             "<<<<<<< HEAD\npublisher: Upper Cervical Spine Center\n=======\n"
                             "publisher: Upper Cervical Spine Centre\n>>>>>>> other\n")
    assert only_error(data_copy) == (f"{SHOWN}:{line}: (file): holds a merge's conflict markers (<<<<<<<, =======, "
                                     ">>>>>>>): two branches each changed these lines — keep the lines that should "
                                     "stay, delete the markers and the rest")


def test_missing_field(data_copy):
    data_copy.replace(ARTICLE, "publisher: Upper Cervical Spine Center\n", "")
    assert only_error(data_copy) == f"{SHOWN}:{FIRST_LINE}: publisher: is missing — add `publisher:` (text, or `{{unknown: reason}}`)"


def test_unknown_field_suggests_the_closest_known_one(data_copy):
    line = data_copy.replace(ARTICLE, "publisher: Upper", "publsher: Upper")
    errors = errors_for(data_copy)
    assert f"{SHOWN}:{line}: publsher: is not a known field — did you mean `publisher`?" in errors


def test_wrong_type(data_copy):
    line = data_copy.replace(ARTICLE, "  compared: opening-matches", "  compared: [opening-matches]")
    assert only_error(data_copy) == (f"{SHOWN}:{line}: source.compared: should be one of: matches, differs, "
                                     "not-compared, opening-matches, not a list — write it on one line after the colon")


def test_claims_must_be_a_list(data_copy):
    line = data_copy.replace(ARTICLE, "    claims: [correct-the-top-of-the-neck]\nthemes:",
                             "    claims: correct-the-top-of-the-neck\nthemes:")
    error = only_error(data_copy)
    assert error.startswith(f"{SHOWN}:{line}: treatments[0].claims: should be a list of ids")


@pytest.mark.parametrize("old, new, field, vocabulary", [
    ("  - treatment: upper-cervical-correction", "  - treatment: crystal-healing", "treatments[0].treatment", "treatments"),
    (f"  - theme: {FIRST_THEME}\n", "  - theme: all-in-the-mind\n", "themes[0].theme", "themes"),
    ("  id: upper-cervical-care", "  id: astrology", "discipline.id", "disciplines"),
    ("format: spoken-transcript", "format: podcast", "format", "formats"),
])
def test_unknown_vocabulary_ids(data_copy, old, new, field, vocabulary):
    line = data_copy.replace(ARTICLE, old, new)
    error = only_error(data_copy)
    assert error.startswith(f"{SHOWN}:{line}: {field}: '{new.split(': ')[1].strip()}' is not in vocabularies/{vocabulary}.yaml")


def test_not_mentioned_is_implied_not_written(data_copy):
    line = data_copy.replace(ARTICLE, "    stance: recommended", "    stance: not-mentioned")
    assert "is implied by leaving the entry out" in only_error(data_copy)
    assert f":{line}:" in only_error(data_copy)


def test_duplicate_claim_ids(data_copy):
    line = data_copy.replace(ARTICLE, "  - id: compensations-form-weak-spots", "  - id: spasm-is-constant-contraction")
    errors = errors_for(data_copy)
    assert any(e.startswith(f"{SHOWN}:{line}: claims[5].id: 'spasm-is-constant-contraction' is used by another claim")
               for e in errors), errors


def add_duplicate_treatment(copy: DataCopy) -> int:
    path = copy.path("vocabularies/treatments.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "- id: stretching\n  label: Stretching again\n  description: A second entry.\n",
                    encoding="utf-8")
    return text.count("\n") + 1


def test_duplicate_vocabulary_ids(data_copy):
    line = add_duplicate_treatment(data_copy)
    error = only_error(data_copy)
    assert error.startswith(f"data/vocabularies/treatments.yaml:{line}: entries[")
    first = next(number for number, text in enumerate(
        data_copy.path("vocabularies/treatments.yaml").read_text(encoding="utf-8").splitlines(), start=1)
        if text == "- id: stretching")
    assert f"].id: 'stretching' is used by another treatments entry (line {first}) — ids must be unique" in error


def test_duplicate_yaml_keys(data_copy):
    line = data_copy.replace(ARTICLE, "format: spoken-transcript\n", "format: spoken-transcript\nformat: article\n")
    assert only_error(data_copy).startswith(f"{SHOWN}:{line + 1}: format: the key 'format' appears twice")


def test_article_id_must_match_file_name(data_copy):
    data_copy.replace(ARTICLE, "id: upper-cervical-neck-and-back-spasm\n", "id: upper-cervical\n")
    assert only_error(data_copy).startswith(f"{SHOWN}:{FIRST_LINE}: id: 'upper-cervical' does not match the file name")


@pytest.mark.parametrize("url", ["uppercervicalspinecenter.com/page", "https://", "ftp://example.org/x",
                                 "https://example.org/a page", "javascript:alert(1)"])
def test_malformed_urls(data_copy, url):
    line = data_copy.replace(ARTICLE, "  url: https://uppercervicalspinecenter.com/everything-you-need-to-know-about-neck-and-back-spasm/",
                             f"  url: '{url}'")
    assert only_error(data_copy).startswith(f"{SHOWN}:{line}: source.url: '{url}' is not a valid web address")


@pytest.mark.parametrize("url, hint", [
    ("https://localhost:8000/x", "its host, 'localhost:8000', is no public web address (it has no dot)"),
    ("https://", "write the full address, with its host"),
    ("https://example.org/a page", "copy it from the browser's address bar: an address holds no space (%20)"),
    ("example.org/a", "write the full address, starting with https:// (http:// where the site has no https)"),
])
def test_a_malformed_urls_hint_is_the_step_it_lacks(data_copy, url, hint):
    """Not "start with https://" for an address that does."""
    data_copy.replace(ARTICLE, "  url: https://uppercervicalspinecenter.com/everything-you-need-to-know-about-neck-and-back-spasm/",
                      f"  url: '{url}'")
    assert f"is not a valid web address — {hint}" in only_error(data_copy)


def test_quotation_not_in_capture(data_copy):
    line = data_copy.replace(ARTICLE, "      - It all happens at the top of the neck.",
                             "      - It all happens at the base of the skull.")
    assert only_error(data_copy) == (f"{SHOWN}:{line}: {claim_field('top-of-neck-misalignment-is-the-cause')}.quotations[0]: "
                                     "not found in the capture: 'It all happens at the base of the skull.' — "
                                     "closest passage: 'It all happens at the top of the neck.'; they differ from "
                                     "word 6, 'base' (the capture has 'top'). Copy the words exactly; join separate "
                                     "pieces with …")


def test_quotation_matching_forgives_whitespace_quotes_and_dashes(data_copy):
    # The capture has a curly apostrophe in "can’t"; a straight one and extra spaces still match.
    data_copy.replace(ARTICLE, "  - id: body-cannot-move-the-bone-itself\n", "  - id: body-cannot-move-the-bone-itself\n"
                      "    former_ids: []\n")  # a place to find the claim's first quotation by
    data_copy.replace(ARTICLE, "    former_ids: []\n    statement", "    statement")
    text = data_copy.path(ARTICLE).read_text(encoding="utf-8")
    start = text.index("  - id: body-cannot-move-the-bone-itself")
    text = text[:start] + text[start:].replace("because the body can’t move this bone itself",
                                               "because  the body can't move this bone itself", 1)
    data_copy.path(ARTICLE).write_text(text, encoding="utf-8")
    load_checked(data_copy.data)


def quotations_in_capture_order() -> list[str]:
    """The article's plain (unquoted, unjoined) quotation lines, in the order they occur in its capture."""
    capture = (DATA / "captures" / ARTICLE.split("/")[-1].replace(".yaml", ".txt")).read_text(encoding="utf-8")
    lines = (DATA / ARTICLE).read_text(encoding="utf-8").splitlines()
    quotations = [line.removeprefix("      - ") for line in lines if line.startswith("      - ")]
    plain = [q for q in quotations if q[0] != '"' and "'" not in q and "…" not in q and q in capture
             and quotations.count(q) == 1]
    return sorted(plain, key=capture.index)


def test_quotation_pieces_joined_with_ellipsis_must_be_one_passage_in_order(data_copy):
    capture = (DATA / "captures" / ARTICLE.split("/")[-1].replace(".yaml", ".txt")).read_text(encoding="utf-8")
    ordered = quotations_in_capture_order()
    # Two quotations close together in the capture join into one: pieces of one passage, in order (what
    # the … leaves out between them changes nothing the passage says: tests/corpus/cases/quotation-ellipsis-*).
    near = next((a, b) for a, b in itertools.combinations(ordered, 2)
                if 0 <= capture.index(b) - capture.index(a) - len(a) <= quotes.MAX_GAP
                and len(f"{a} {b}".split()) <= quotes.MAX_WORDS
                and quotes.Capture(capture).problem(Quotation(f"{a} … {b}", 1)) is None)
    data_copy.replace(ARTICLE, f"      - {near[0]}\n", f"      - {near[0]} … {near[1]}\n")
    load_checked(data_copy.data)
    # The same pieces the other way round are not one passage.
    data_copy.replace(ARTICLE, f"      - {near[0]} … {near[1]}\n", f"      - {near[1]} … {near[0]}\n")
    assert f"piece 2, '{near[0][:40]}" in only_error(data_copy)
    # Nor are pieces from far apart, each verbatim: the first and last sentences of the capture.
    first, last = ordered[0], ordered[-1]
    data_copy.replace(ARTICLE, f"      - {near[1]} … {near[0]}\n", f"      - {first} … {last}\n")
    error = only_error(data_copy)
    assert f"is in the capture, but not within the {quotes.MAX_GAP} characters that follow piece 1" in error, error


@pytest.mark.parametrize("quoted, error", [
    ("symmetry", "has 1 word; a quotation needs at least 3"),
    ("of symmetry", "has 2 words; a quotation needs at least 3"),
    ("t is all due to asymmetry in the spine", "begins inside the word 'It', so it quotes part of a word"),
    ("It is all due to asymmetry in the sp", "ends inside the word 'spine', so it quotes part of a word"),
    ("It is all due to asymmetry … This lack of symmetry is all due to structural chan",
     "ends inside the word 'changes', so it quotes part of a word"),
])
def test_a_quotation_quotes_whole_words_and_enough_of_them(data_copy, quoted, error):
    """Verbatim is not enough: a word or two, or part of a word, is in a capture and shows nothing of what
    the claim rests on. The rule for a piece joined by … holds for a quotation of one piece too."""
    line = data_copy.replace(ARTICLE, "      - It is all due to asymmetry in the spine, or a lack of symmetry.",
                             f"      - {quoted}")
    assert only_error(data_copy).startswith(f"{SHOWN}:{line}: {claim_field('spinal-asymmetry-overstretches-muscles')}"
                                            f".quotations[0]: {error}")


def test_quotations_are_at_most_fifty_words(data_copy):
    long = ("Now that we know what a muscle spasm is, we can now ask why that muscle stretches to the point where "
            "the stretch reflex needs to kick in? It is all due to asymmetry in the spine, or a lack of symmetry. "
            "This lack of symmetry is all due to structural changes.")
    line = data_copy.replace(ARTICLE, "      - It is all due to asymmetry in the spine, or a lack of symmetry.", f"      - {long}")
    assert only_error(data_copy).startswith(f"{SHOWN}:{line}: {claim_field('spinal-asymmetry-overstretches-muscles')}"
                                            ".quotations[0]: has 52 words, more than 50")


def test_a_value_must_cite_a_claim_the_article_makes(data_copy):
    line = data_copy.replace(ARTICLE, "    claims: [top-of-neck-misalignment-is-the-cause]\n  mechanism:",
                             "    claims: [it-is-all-the-neck]\n  mechanism:")
    assert only_error(data_copy).startswith(f"{SHOWN}:{line}: comparison.root-cause.claims: 'it-is-all-the-neck' "
                                            "is not a claim of this article")


def test_a_value_without_claims_is_rejected(data_copy):
    data_copy.replace(ARTICLE, "    claims: [top-of-neck-misalignment-is-the-cause]\n  mechanism:", "  mechanism:")
    assert "comparison.root-cause.claims: is missing" in only_error(data_copy)


def test_every_dimension_needs_a_cell(data_copy):
    text = data_copy.path(ARTICLE).read_text(encoding="utf-8")
    cell = re.search(r"  promotes:\n    none: .*\n", text).group()
    data_copy.replace(ARTICLE, cell, "")
    assert "comparison: has no cell for 'promotes'" in only_error(data_copy)


def test_capture_must_match_its_recorded_hash(data_copy):
    capture = data_copy.path("captures/upper-cervical-neck-and-back-spasm.txt")
    capture.write_text(capture.read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")
    assert "source.capture_sha256: does not match data/captures/upper-cervical-neck-and-back-spasm.txt" \
        in only_error(data_copy)


def test_an_empty_hash_is_answered_with_the_hash_to_write(data_copy):
    # A new article starts with `capture_sha256: ""`; the message gives the line to write, and writing it passes.
    text = data_copy.path(ARTICLE).read_text(encoding="utf-8")
    recorded = re.search(r"capture_sha256: ([0-9a-f]{64})", text).group(1)
    line = data_copy.replace(ARTICLE, f"capture_sha256: {recorded}", 'capture_sha256: ""')
    error = only_error(data_copy)
    assert error.startswith(f"{SHOWN}:{line}: source.capture_sha256: is empty — write `capture_sha256: ")
    suggested = re.search(r"`(capture_sha256: [0-9a-f]{64})`", error).group(1)
    capture = data_copy.path("captures/upper-cervical-neck-and-back-spasm.txt").read_bytes()
    assert suggested == f"capture_sha256: {hashlib.sha256(capture).hexdigest()}"
    data_copy.replace(ARTICLE, 'capture_sha256: ""', suggested)
    load_checked(data_copy.data)


def test_a_capture_named_after_an_id_the_file_name_lacks_is_named_in_both_messages(data_copy):
    data_copy.replace(ARTICLE, "id: upper-cervical-neck-and-back-spasm\n", "id: upper-cervical\n")
    captures = data_copy.path("captures")
    (captures / "upper-cervical-neck-and-back-spasm.txt").rename(captures / "upper-cervical.txt")
    errors = errors_for(data_copy)
    assert f"{SHOWN}:{FIRST_LINE}: id: has no capture at data/captures/upper-cervical-neck-and-back-spasm.txt — captures are " \
           "found by the article file's name: copy the captured text there; or, if the capture is " \
           "data/captures/upper-cervical.txt, rename this file to upper-cervical.yaml (unless another article's " \
           "file has that name: then this file's id is the mistake)" in errors
    assert "data/captures/upper-cervical.txt: (file): belongs to no article — it is named after the id of " \
           f"{SHOWN}, but captures are found by the article file's name: rename that file to upper-cervical.yaml" \
           in errors


def test_missing_capture(data_copy):
    data_copy.path("captures/upper-cervical-neck-and-back-spasm.txt").unlink()
    assert "has no capture at data/captures/upper-cervical-neck-and-back-spasm.txt" in only_error(data_copy)


def test_aliases_are_refused(data_copy):
    line = data_copy.replace(ARTICLE, "publisher: Upper Cervical Spine Center",
                             "publisher: &p Upper Cervical Spine Center\nx: *p")
    assert only_error(data_copy).startswith(f"{SHOWN}:{line + 1}: x: an alias (*name) is not allowed here")


def test_a_billion_laughs_is_refused_at_once(data_copy):
    laughs = "\n".join(["a: &a [lol, lol]"] + [f"{c}: &{c} [*{p}, *{p}, *{p}]" for p, c in zip("abcdefgh", "bcdefghi")])
    data_copy.path("articles/upper-cervical-neck-and-back-spasm.yaml").write_text(laughs + "\n", encoding="utf-8")
    assert "an alias (*name) is not allowed here" in only_error(data_copy)


def test_all_errors_are_reported_at_once(data_copy):
    data_copy.replace(ARTICLE, "format: spoken-transcript", "format: podcast")
    data_copy.replace(ARTICLE, "      - It all happens at the top of the neck.", "      - Invented words.")
    add_duplicate_treatment(data_copy)
    assert len(errors_for(data_copy)) == 3


def test_the_command_line_reports_errors_without_a_traceback(data_copy):
    data_copy.replace(ARTICLE, "format: spoken-transcript", "format: podcast")
    result = subprocess.run([str(BIN / "perspectives"), "check", "--data", str(data_copy.data)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"{SHOWN}:") and "format: 'podcast'" in lines[0]
    assert lines[-1] == "1 error in data; nothing was built."


def test_the_command_line_summarises_good_data():
    result = subprocess.run([str(BIN / "perspectives"), "check", "--data", str(DATA)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("data ok: ")


def test_titles_and_labels_may_hold_any_visible_text(data_copy):
    # They are escaped wherever they appear; tests/test_browser_xss.py proves it on the live page.
    data_copy.replace(ARTICLE, "short_title: Upper Cervical Spine Center", "short_title: </title><b>x</b>")
    data_copy.replace("vocabularies/treatments.yaml", "label: Stretching", "label: <i>Stretching</i>")
    load_checked(data_copy.data)


def test_the_root_cause_dimension_cannot_be_removed(data_copy):
    data_copy.replace("vocabularies/dimensions.yaml", "- id: root-cause\n", "- id: claimed-cause\n")
    assert "the dimension 'root-cause' is missing" in " ".join(errors_for(data_copy))


@pytest.mark.parametrize("parser", ["SafeLoader", "CSafeLoader"])
def test_nesting_and_aliases_are_refused_before_a_tree_is_built_by_either_parser(monkeypatch, parser):
    if not hasattr(yaml, parser):
        pytest.skip("PyYAML was built without LibYAML")  # pragma: no cover - the pinned wheel has it
    monkeypatch.setattr(yamlfile, "_Loader", getattr(yaml, parser))
    for text, problem in [("id: " + "[" * 100_000, "is nested more than 20 levels deep"),
                          ("- " * 50_000 + "x", "is nested more than 20 levels deep"),
                          ("a: &a [x, x]\nb: [*a, *a]\n", "an alias (*name) is not allowed here")]:
        value, errors = yamlfile.parse_text(text, "data/articles/x.yaml")
        assert value is None and [error.problem for error in errors] == [problem]


# --- short forms: the few words /compare/ shows of a value before the reader opens it ---

ROOT_CAUSE_SHORT = "    short: Top-of-neck misalignment\n"


def test_a_value_needs_a_short_form(data_copy):
    data_copy.replace(ARTICLE, ROOT_CAUSE_SHORT, "")
    line = data_copy.line_of(ARTICLE, "    value: A misalignment at the top of the neck.")
    assert only_error(data_copy) == (f"{SHOWN}:{line}: comparison.root-cause.short: is missing — add `short:`, the "
                                     f"value in at most {SHORT_MAX_WORDS} words and {SHORT_MAX_CHARS} characters, "
                                     "saying no more than the value")


@pytest.mark.parametrize("short", [
    "A misalignment at the very top of the neck",     # too many words
    "Top-of-the-neck-and-upper-cervical-misalignment",  # one long word: too many characters
])
def test_a_short_form_is_a_few_words(data_copy, short):
    line = data_copy.replace(ARTICLE, ROOT_CAUSE_SHORT, f"    short: {short}\n")
    words, chars = len(short.split()), len(short)
    assert only_error(data_copy) == (
        f"{SHOWN}:{line}: comparison.root-cause.short: is {words} word{'s' if words != 1 else ''} and {chars} "
        f"characters long; a short form has at most {SHORT_MAX_WORDS} words and {SHORT_MAX_CHARS} characters — "
        "say less: the full answer is in `value:`")


def test_a_short_form_at_the_limits_is_accepted(data_copy):
    short = " ".join(["word"] * SHORT_MAX_WORDS)
    short += "x" * (SHORT_MAX_CHARS - len(short))
    data_copy.replace(ARTICLE, ROOT_CAUSE_SHORT, f"    short: {short}\n")
    load_checked(data_copy.data)


def test_a_short_form_is_plain_visible_text(data_copy):
    line = data_copy.replace(ARTICLE, ROOT_CAUSE_SHORT, "    short: \"Top-of-neck\\u200b misalignment\"\n")
    assert only_error(data_copy) == (f"{SHOWN}:{line}: comparison.root-cause.short: holds the invisible character "
                                     "\\u200b (U+200B) — delete it: text fields hold plain, visible text")


def test_none_and_unknown_cells_take_no_short_form(data_copy):
    line = data_copy.replace(ARTICLE, "evidence:\n  none: The capture cites no study, review or guideline.\n",
                             "evidence:\n  none: The capture cites no study, review or guideline.\n")
    text = data_copy.path(ARTICLE).read_text(encoding="utf-8")
    cell = re.search(r"  promotes:\n    none: .*\n", text).group()
    line = data_copy.replace(ARTICLE, cell, cell + "    short: Nothing\n")
    assert only_error(data_copy) == (f"{SHOWN}:{line + 2}: comparison.promotes.short: goes with `value:`, not "
                                     "with `none:` — remove it: a glance shows 'None' and the reason on "
                                     "opening the cell")


def test_implied_goes_with_a_value_only(data_copy):
    text = data_copy.path(ARTICLE).read_text(encoding="utf-8")
    cell = re.search(r"  promotes:\n    none: .*\n", text).group()
    line = data_copy.replace(ARTICLE, cell, cell + "    implied: true\n")
    assert only_error(data_copy) == (f"{SHOWN}:{line + 2}: comparison.promotes.implied: goes with `value:`, not "
                                     "with `none:` — remove it: only a value can be implied by the text")


def test_evidence_is_unknown_only_beyond_an_incomplete_capture(data_copy):
    line = data_copy.replace(ARTICLE, "evidence:\n  none: The capture cites no study, review or guideline.\n",
                             "evidence:\n  unknown: Perhaps it cites something.\n")
    assert only_error(data_copy) == (f"{SHOWN}:{line}: evidence: is `unknown`, but the capture is complete — "
                                     "write `evidence: {none: why}` if the article cites nothing, or list what it "
                                     "cites; `unknown` is for a capture with `source.partial`")


def test_a_treatment_says_each_stance_once(data_copy):
    line = data_copy.replace(ARTICLE, "    note: Presented as the fix for the cause, after which the spasms go away.\n"
                             "    claims: [correct-the-top-of-the-neck]\n",
                             "    note: Presented as the fix for the cause, after which the spasms go away.\n"
                             "    claims: [correct-the-top-of-the-neck]\n"
                             "    also:\n      - stance: recommended\n        note: Again.\n"
                             "        claims: [correct-the-top-of-the-neck]\n      - stance: harmful\n"
                             "        note: Contradicting itself.\n        claims: [correct-the-top-of-the-neck]\n")
    errors = errors_for(data_copy)
    assert f"{SHOWN}:{line + 3}: treatments[0].also[0].stance: 'recommended' is used by another stance of this " \
           f"treatment (line {line - 2}) — say each stance of a treatment once, with every claim that shows it" \
           in errors, errors
    assert any(error.startswith(f"{SHOWN}:{line + 6}: treatments[0].also[1].stance: 'Harmful' needs a qualifier")
               for error in errors), errors


def test_a_vocabulary_value_takes_its_label_as_short_form(data_copy):
    article = "articles/ep-manual-root-cause-back-spasms.yaml"
    line = data_copy.replace(article, "    value: self-care\n", "    value: self-care\n    short: On your own\n")
    assert only_error(data_copy) == (f"data/{article}:{line + 1}: comparison.delivered-by.short: is not used in a "
                                     "row whose values come from a vocabulary — remove it: the label from "
                                     "vocabularies/delivery.yaml is the short form")


def test_labels_a_row_shows_at_a_glance_are_short_too(data_copy):
    vocabularies = load_checked(DATA).vocabularies
    row = next(dimension for dimension in vocabularies.dimensions if dimension.vocabulary)
    first = vocabularies[row.vocabulary][0].label
    long = f"{first}, said at length by the article"
    line = data_copy.replace(f"vocabularies/{row.vocabulary}.yaml", f"label: {first}\n", f"label: {long}\n")
    words = len(long.split())
    error = only_error(data_copy)
    assert error == (f"data/vocabularies/{row.vocabulary}.yaml:{line}: entries[0].label: is {words} words and "
                     f"{len(long)} characters long; a short form has at most {SHORT_MAX_WORDS} words and "
                     f"{SHORT_MAX_CHARS} characters — the row {row.label!r} shows this label at a glance: shorten "
                     "it and say more in `description:`")


def test_every_value_of_the_real_data_has_a_short_form_within_the_limits():
    dataset = load_checked(DATA)
    for article in dataset.articles:
        for dimension in dataset.vocabularies.dimensions:
            answer = dataset.answer(article, dimension)
            assert answer.short and len(answer.short) <= SHORT_MAX_CHARS, (article.id, dimension.id)
            assert len(answer.short.split()) <= SHORT_MAX_WORDS, (article.id, dimension.id)
            cell = article.comparison.get(dimension.id)
            if cell is not None and cell.kind == "value" and not dimension.vocabulary:
                assert answer.short == cell.short != cell.text


def test_a_vocabularys_error_comes_before_the_articles_errors_it_causes(data_copy):
    """A misspelt vocabulary name makes an error in every article using it; its cause is said first."""
    line = data_copy.replace("vocabularies/dimensions.yaml", "  vocabulary: delivery\n", "  vocabulary: deliveries\n")
    with pytest.raises(DataErrors) as failure:
        load_checked(data_copy.data)
    lines = failure.value.report().splitlines()
    assert len(lines) > 2 and any(line.startswith("data/articles/") for line in lines), lines
    assert lines[0].startswith(f"data/vocabularies/dimensions.yaml:{line}: ") and "'deliveries'" in lines[0], lines[0]


def test_a_missing_review_date_is_never_suggested_as_a_day_before_the_article_was_added(data_copy):
    """Two errors, each with a step that works: the correction dated before `added`, and the review date the
    corrections need, which no longer suggests that same wrong day."""
    data_copy.replace(ARTICLE, "reviewed: 2026-12-05\n", "")
    data_copy.replace(ARTICLE, "  - date: 2026-11-24\n", "  - date: 2026-01-01\n")
    data_copy.replace(ARTICLE, "  - date: 2026-12-05\n", "  - date: 2026-01-02\n")
    with pytest.raises(DataErrors) as failure:
        load_checked(data_copy.data)
    errors = [f"{error.problem} — {error.hint}" for error in failure.value.errors]
    assert any("is before `added` (2026-11-21)" in error for error in errors), errors
    missing = next(error for error in errors if "no `reviewed:` date" in error)
    assert "2026-01" not in missing and "on or after the day it was added" in missing, missing
    # One correction right: its day is the one suggested.
    data_copy.replace(ARTICLE, "  - date: 2026-01-02\n", "  - date: 2026-11-30\n")
    with pytest.raises(DataErrors) as failure:
        load_checked(data_copy.data)
    assert any(error.hint.startswith("add `reviewed: 2026-11-30`") for error in failure.value.errors)


def test_a_claim_id_with_words_left_off_is_offered_the_claim_it_shortens(data_copy):
    data_copy.replace(ARTICLE, "    claims: [top-of-neck-misalignment-is-the-cause]\n  mechanism:",
                      "    claims: [misalignment-is-the-cause]\n  mechanism:")
    assert "did you mean 'top-of-neck-misalignment-is-the-cause'?" in only_error(data_copy)


@pytest.mark.parametrize("written, said", [
    ("[not-recomended, harmful]", "'not-recomended' is not another stance — did you mean `not-recommended`?"),
    ("[recommended, harmful]", "'recommended' is this stance itself, which cannot conflict with itself — remove it"),
])
def test_a_stance_conflicting_with_a_mistyped_stance_or_itself_is_told_which(data_copy, written, said):
    data_copy.replace("vocabularies/stances.yaml", "  conflicts_with: [not-recommended, harmful]\n",
                      f"  conflicts_with: {written}\n")
    error = only_error(data_copy)
    assert said in error and "not-mentioned" not in error, error
