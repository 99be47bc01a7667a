"""The quote finder: rough words in, the capture's verbatim passage out.

The same matcher serves `perspectives quote` (for an editor writing a
quotation) and the checker (the closest passage to a quotation that is not in
the capture), so both are tested here on one fixture capture
(tests/quote/capture.txt), never on data/.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN
from perspectives import quotes
from perspectives.model import Quotation

CAPTURE_PATH = Path(__file__).parent / "quote" / "capture.txt"
CAPTURE = CAPTURE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def passages() -> quotes.Passages:
    return quotes.Passages(CAPTURE)


def verbatim(passage: str) -> bool:
    """What the checker accepts as a quotation."""
    quotation = Quotation(passage, 1)
    return (quotes.Capture(CAPTURE).problem(quotation) is None and quotes.word_count(quotation) <= quotes.MAX_WORDS
            and len(passage) <= quotes.MAX_CHARS)


@pytest.mark.parametrize(("words", "expected"), [
    # Paraphrases: other words, other forms of the same words, same meaning.
    ("heat only relieves the muscle for a short while", "Heat relaxes the muscle for an hour or two"),
    ("massaging eases next-day soreness", "Massage can ease the soreness the next day."),
    ("a cramp warns that the muscle was overworked and protects itself", "The muscle is protecting itself;"),
    ("in our practice dehydration is seldom the whole story", "in our clinic dehydration is rarely the whole story"),
    # Typos.
    ("magnesum is sold as a cuer for crampss", "Magnesium is sold as a cure for cramps."),
    ("the studys found litle benifit for most adults", "The studies we have read found little benefit"),
    # Words out of order.
    ("a doctor should see a swollen red warm calf", "see a doctor: that is not an ordinary cramp."),
    ("the stretch reflex tips a tired muscle held short into cramp", "a single stretch reflex can tip it"),
    # Other punctuation, quotes and dashes than the capture's.
    ('we\'ve looked at this for years - "drink more" helps some runners', "“drink more” helps some runners"),
    ("Stretch the calf gently before bed; stand facing a wall", "Stretch the calf gently before bed:"),
])
def test_rough_words_find_the_passage_they_stand_for(passages, words, expected):
    found = passages.best(words)
    assert found, words
    assert expected in found[0], (words, found)
    assert all(verbatim(passage) for passage in found), found


def test_passages_are_whole_sentences_best_first_and_distinct(passages):
    found = passages.best("the cramp does not stop", count=3)
    assert 1 <= len(found) <= 3
    for passage in found:
        assert passage[0].isupper() or passage[0] in "“\"", passage
        assert passage.endswith((".", ":", ";", "?", "!", "”")) or "\n" not in passage
    assert len(set(found)) == len(found)


def test_words_the_capture_does_not_share_find_nothing(passages):
    assert passages.best("zebra quantum xylophone") == []
    assert passages.best("") == []


def test_a_passage_of_a_word_or_two_is_never_offered():
    """A heading or a one-word sentence holds the words sought best, and is no quotation the check accepts
    (at least MIN_PIECE_WORDS words): the sentence that says something of them is offered instead."""
    passages = quotes.Passages("Massage\n\nYes.\n\nMassage can ease the soreness the next day. Heat helps too.")
    found = passages.best("massage", count=3)
    assert found and all(len(passage.split()) >= quotes.MIN_PIECE_WORDS for passage in found), found
    assert found[0].startswith("Massage can ease")
    assert all(quotes.Capture(passages.capture).problem(Quotation(passage, 1)) is None for passage in found)


def test_a_sentence_too_long_to_quote_is_offered_in_quotable_pieces():
    sentence = "Spasms " + ", ".join(f"clause{n} word word word word word" for n in range(40)) + "."
    passages = quotes.Passages("Intro sentence here. " + sentence + " Outro.")
    found = passages.best("clause17 word")
    assert found and "clause17" in found[0]
    assert all(len(passage.split()) <= quotes.MAX_WORDS and len(passage) <= quotes.MAX_CHARS for passage in found)
    # A piece the check would refuse, as it leaves out the condition its sentence begins with, is not offered.
    conditional = quotes.Passages("Intro sentence here. If " + sentence[len("Spasms "):] + " Outro.")
    offered = conditional.best("clause17 word")
    assert all(quotes.Capture(conditional.capture).problem(Quotation(passage, 1)) is None for passage in offered)
    assert not any("clause17" in passage and not passage.startswith("If") for passage in offered), offered


def test_matching_is_linear_in_the_capture():
    # A capture 100 times larger holds 100 times the units and no more per unit: no pairwise work.
    small, large = quotes.Passages(CAPTURE), quotes.Passages(CAPTURE * 100)
    assert len(large.units) == 100 * len(small.units)
    assert large.best("magnesium cure for cramps")[0] == small.best("magnesium cure for cramps")[0]


@pytest.mark.parametrize(("quotation", "number", "mine", "theirs"), [
    ("Heat relaxes the muscles for an hour or two", 4, "muscles", "muscle"),
    ("Massage can ease the soreness the next day", 8, "day", "day."),
    ("Massage may ease the soreness the next day.", 2, "may", "can"),
    ("Magnesium is sold as a cure for cramp.", 8, "cramp.", "cramps."),
])
def test_the_closest_passage_says_where_a_quotation_parts_from_the_capture(passages, quotation, number, mine, theirs):
    passage, at, word, capture_word = passages.closest(quotation)
    assert (at, word, capture_word) == (number, mine, theirs)
    assert passage.split(" ")[at - 1] == capture_word


def test_the_closest_passage_starts_where_the_quotation_would(passages):
    passage, number, _, _ = passages.closest("dehydration is seldom the whole story")
    assert passage.startswith("dehydration is rarely the whole story")
    assert number == 3


def run_quote(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "perspectives"), "quote", *args], capture_output=True, text=True, timeout=60)


def test_the_command_prints_yaml_ready_to_paste(tmp_path):
    capture = tmp_path / "capture.txt"
    capture.write_text(CAPTURE + '\nShe said "stop: \\ now" — twice.\n', encoding="utf-8")
    result = run_quote(str(capture), 'she said stop now twice')
    assert result.returncode == 0, result.stderr
    pasted = yaml.safe_load(result.stdout)
    assert pasted[0] == 'She said "stop: \\ now" — twice.'
    result = run_quote(str(CAPTURE_PATH), "magnesum cure crampss", "--count", "1")
    assert yaml.safe_load(result.stdout) == ["Magnesium is sold as a cure for cramps."]
    plain = run_quote(str(CAPTURE_PATH), "magnesum cure crampss", "-n", "1", "--plain")
    assert plain.stdout == "Magnesium is sold as a cure for cramps.\n"


def test_the_command_takes_an_article_id_and_says_what_is_wrong(tmp_path):
    (tmp_path / "captures").mkdir()
    (tmp_path / "captures" / "calf.txt").write_text(CAPTURE, encoding="utf-8")
    found = run_quote("calf", "magnesium cure", "--data", str(tmp_path))
    assert found.returncode == 0 and "Magnesium is sold" in found.stdout
    missing = run_quote("no-such-article", "words", "--data", str(tmp_path))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "no-such-article.txt: cannot read it" in missing.stderr
    nothing = run_quote("calf", "zebra quantum", "--data", str(tmp_path))
    assert nothing.returncode == 1 and "no passage shares a word" in nothing.stderr
    # Words the matcher leaves out are named as such, not as words the capture lacks.
    common = run_quote("calf", "the and of", "--data", str(tmp_path))
    assert common.returncode == 1 and "only words too common to tell passages apart" in common.stderr
    # No passages asked for is a mistake, not an empty answer (it printed one passage all the same).
    for count in ("0", "-1", "two"):
        none = run_quote("calf", "magnesium cure", "-n", count, "--data", str(tmp_path))
        assert none.returncode == 2 and none.stdout == "", count
        assert f"{count!r} is not a number of passages (1 or more)" in none.stderr


def test_the_help_explains_the_command():
    result = subprocess.run([str(BIN / "perspectives"), "quote", "--help"], capture_output=True, text=True)
    assert "paraphrase" in result.stdout and "quotations:" in result.stdout and "article id" in result.stdout
    # The same command as a module, for a checkout whose virtual environment is not on the PATH.
    module = subprocess.run([str(BIN / "python"), "-m", "perspectives", "quote", "--help"], capture_output=True,
                            text=True)
    assert module.returncode == 0 and module.stdout == result.stdout


@pytest.mark.parametrize(("capture", "quotation", "written", "captured"), [
    ("Our clinic offers café seating.", "Our clinic offers cafe\u0301 seating.", "U+0301", "U+00E9"),  # decomposed
    ("A sign reads \u00c5 here.", "A sign reads \u212b here.", "U+212B", "U+00C5"),  # a singleton's other form
    ("Then q\u0323\u0301 again.", "Then q\u0301\u0323 again.", "U+0301 + U+0323", "U+0323 + U+0301"),  # marks reordered
])
def test_a_quotation_in_another_unicode_form_is_refused_with_the_characters(capture, quotation, written, captured):
    problem = quotes.Capture(capture).problem(Quotation(quotation, 1))
    assert problem is not None and problem.missing is None
    assert f"with {written} where the capture writes" in problem.problem and f"with {captured}:" in problem.problem


def test_a_hyphen_for_the_captures_dash_is_named_and_a_found_quotation_links_with_the_captures_characters():
    capture = "He said “rest” — and it helped."
    problem = quotes.Capture(capture).problem(Quotation('He said "rest" - and it helped.', 1))
    assert problem is not None and "'-' (U+002D hyphen-minus) where the capture has '—' (U+2014 em dash)" in problem.problem
    # Straight quotes stand for curly ones, but the link to the original carries the capture's own.
    link = quotes.text_fragment_url("https://a.test/p", Quotation('He said "rest" — and it helped.', 1), capture)
    assert link == "https://a.test/p#:~:text=He%20said%20%E2%80%9Crest%E2%80%9D%20%E2%80%94%20and%20it%20helped."


# What a quotation leaves out of the sentence it begins or ends within (quotes.Capture._rest_of_sentence).
SENTENCES = ("We do not recommend long bed rest, because staying in bed for days usually makes the stiffness worse. "
             "Stretching the calf helps only briefly. If you have an imbalance, the brace offers the back some "
             "support. You know if the damage is done, rest is what helps most. But here is the odd thing: the "
             "spasm builds over time. Rest and massage do not cure it because they do not address the ligaments. "
             "Usually the small muscles are weak, and the big ones tire. Some people say otherwise, but massage "
             "eases the soreness.")


@pytest.mark.parametrize(("quotation", "said"), [
    # A negation before it in its clause: the page's claim said the opposite of the source.
    ("recommend long bed rest, because staying in bed for days usually makes the stiffness worse.",
     "begins after 'We do not' in its sentence, and 'not' negates"),
    ("… recommend long bed rest, because staying in bed for days usually makes the stiffness worse.",
     "begins after 'We do not' in its sentence, and 'not' negates"),
    # A limit after it in its clause.
    ("Stretching the calf helps", "ends before 'only briefly' in its sentence, and 'only' limits"),
    # A condition that governs the whole sentence, in a clause before it; a hedge anywhere in it.
    ("the brace offers the back some support.", "and 'If' limits"),
    ("the big ones tire.", "and 'Usually' hedges"),
])
def test_a_quotation_may_not_leave_out_of_its_sentence_what_turns_it(quotation, said):
    problem = quotes.Capture(SENTENCES).problem(Quotation(quotation, 1))
    assert problem is not None and said in problem.problem, problem
    assert "where its sentence" in problem.hint


@pytest.mark.parametrize("quotation", [
    "We do not recommend long bed rest, because staying in bed for days usually makes the stiffness worse.",
    "If you have an imbalance, the brace offers the back some support.",
    # "if" within a clause is mostly "whether"; a colon's lead-in and a "but" before it govern nothing.
    "rest is what helps most.",
    "the spasm builds over time.",
    # A negation after it turns what follows it, which is left out with it.
    "Rest and massage do not cure it",
    # A hedge within another clause is that clause's own ("some people say"); one that begins it governs all.
    "massage eases the soreness.",
])
def test_a_quotation_may_leave_out_of_its_sentence_what_does_not_turn_it(quotation):
    assert quotes.Capture(SENTENCES).problem(Quotation(quotation, 1)) is None
