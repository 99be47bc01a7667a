"""The YAML reader's refusals of values that YAML reads otherwise than they look (perspectives.yamlfile):
a value cut short by a comment, a list item indented too far; line numbers as YAML counts them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perspectives.yamlfile import commented_after_a_value, parse_text


def refusal(text: str) -> tuple[int, str] | None:
    value, errors = parse_text(text, "f.yaml")
    assert (value is None) == bool(errors)
    return (errors[0].line, errors[0].problem) if errors else None


@pytest.mark.parametrize("text, line", [
    ("publisher: Northfield #1 Sports Physio\n", 1),
    ("a: b\nlist:\n- one\n- two # a note\n", 4),
    ("a:\n  runs on\n  to here # and this\n", 3),
    # YAML counts U+2028 (and U+2029, U+0085, a lone CR) as line breaks: the line is its, as every error's is.
    ('a: "x\u2028y"\nb: Clinic #1\n', 3),
])
def test_a_value_cut_short_by_a_comment_is_refused_at_its_line(text, line):
    found = refusal(text)
    assert found and found[0] == line and "is a comment to YAML" in found[1]


@pytest.mark.parametrize("text", [
    'a: "Clinic #1"\nb: c\n',                      # quoted: the # is the value's
    "a: b#c\n",                                   # no space before it: no comment
    "# yaml-language-server: $schema=x\na: b\n",  # a line of comment alone
    "a: |\n  text # kept\n",                      # a block keeps every character
    'a: "x\u2028y"\nb: v\n#xxx # a note\nc: w\n',  # a comment line after a line YAML breaks within
])
def test_what_yaml_reads_as_written_is_not_refused(text):
    assert refusal(text) is None


def test_a_list_item_indented_too_far_is_refused_at_its_line():
    found = refusal("q:\n- Stretching the calf before bed helps.\n  - Most of our clients find it helps.\n")
    assert found and found[0] == 3 and "starts with `- `" in found[1]
    assert refusal('q:\n- "one\n  - two"\n') is None  # quoted: the dash is the text's
    assert refusal('a: "x\u2028y"\nq:\n- one\n- two\n') is None


# A ` #` after a value, as the rule reads: something other than white space, then spaces or tabs, then `#`.
_COMMENT_AFTER_A_VALUE = re.compile("[^ \t\r\n\x85\u2028\u2029][ \t]+#")


@given(st.text(alphabet=" \t\r\n\x85\u2028\u2029#ab", max_size=40))
def test_a_comment_after_a_value_is_found_where_the_rule_finds_one(text):
    assert commented_after_a_value(text) == (_COMMENT_AFTER_A_VALUE.search(text) is not None)


def test_a_refusal_names_the_field_it_is_in():
    """A refusal inside the file names where, as the loader names fields: keys and item numbers from the top;
    a path deeper than a few levels is cut in the middle; nothing at the top of the file; and a key that holds
    control characters reaches the error line escaped."""
    def field(text: str) -> tuple[str, int]:
        value, errors = parse_text(text, "t.yaml")
        assert value is None and len(errors) == 1, errors
        return errors[0].field, errors[0].line

    assert field("claims:\n- id: a\n- id: b\n  quotations:\n  - &q x\n  - *q\n") == ("claims[1].quotations[1]", 6)
    assert field("a: 1\nb: 2\na: 3\n") == ("a", 3)
    assert field("a:\n  b: !!python/name:os.system x\n") == ("a.b", 2)
    assert field("publisher: Northfield #1 Physio\n") == ("publisher", 1)
    deep = "x: " + "[" * 25 + "]" * 25 + "\n"
    assert field(deep)[0] == "x[0][0][0].…[0][0][0][0]"
    assert field("--- 1\n--- 2\n")[0] == ""  # a second document: the file itself
    _, errors = parse_text('"\\e[31mkey": 1\n"\\e[31mkey": 2\n', "t.yaml")
    assert "\\x1b[31mkey: the key" in str(errors[0])
