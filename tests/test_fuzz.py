"""Fuzzing the loader and checker with Hypothesis.

Two promises, whatever the input: (1) the only exception that leaves
load/check is the checker's own `DataErrors` (an editor gets lines, never a
traceback); (2) whatever the check accepts, the build can build — render
every page and run it through the site's own Markdown extensions, and for a
few examples through a whole strict MkDocs build.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, mkdocs_build
from corpus import BASE
from test_corpus import project

from perspectives import load_checked
from perspectives.errors import DataErrors
from perspectives.render import render_site
from perspectives.yamlfile import parse_text

ARTICLE = "articles/weather.yaml"
FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# Text as contributors (and attackers) write it: any character, weighted
# towards what means something to YAML, Markdown, HTML and terminals.
SPECIAL = st.sampled_from(list("<>&\"'`*_[](){}#!?|:-=~^$%@\\/\n\t\r\x1b\x00\u202e\u200b\ufeff…“”—"))
TEXT = st.lists(st.one_of(st.characters(), SPECIAL, st.sampled_from(["<script>", "??? ", "{{", "&amp;", ":x:"])),
                max_size=40).map("".join)
SCALARS = st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.dates())
TREES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(TEXT, children, max_size=4)), max_leaves=25)


@cache
def base_article() -> dict[str, Any]:
    return yaml.safe_load((BASE / ARTICLE).read_text(encoding="utf-8"))


def text_fields(value: Any, path: tuple = ()) -> list[tuple]:
    """The path of every text value in the base article (ids and hashes included: they are attack surface too)."""
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in text_fields(item, (*path, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in text_fields(item, (*path, index))]
    return [path] if isinstance(value, str) else []


FIELDS = text_fields(base_article())


def with_value(tree: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[path[0]] = with_value(tree.get(path[0]) if isinstance(tree, dict) else tree[path[0]], path[1:], value)
    return copy


@cache
def vocabulary(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((BASE / "vocabularies" / name).read_text(encoding="utf-8"))


VOCABULARY_FIELDS = [(path.name, found) for path in sorted((BASE / "vocabularies").glob("*.yaml"))
                     for found in text_fields(vocabulary(path.name)) + [(0, "icon"), (0, "implicit")]]


def check(article_text: str, file: str = ARTICLE) -> Any:
    """Load and check the base data set with this text in `file`: the dataset, or None if refused."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(BASE, data)
        (data / file).write_text(article_text, encoding="utf-8")
        try:
            return load_checked(data)
        except DataErrors as failure:
            assert failure.errors and all("\n" not in str(error) for error in failure.errors)
            return None


@cache
def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of the site's mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def renders(dataset: Any) -> None:
    converter = site_markdown()
    for page in render_site(dataset).pages:
        if page.path.endswith(".md"):
            converter.reset().convert(page.content)


@FUZZ
@given(text=st.one_of(TEXT, TREES.map(lambda tree: yaml.safe_dump(tree, allow_unicode=True))))
def test_any_yaml_text_parses_or_is_refused_with_data_errors(text):
    value, errors = parse_text(text, "data/articles/weather.yaml")
    assert value is None or not errors
    assert all("\n" not in str(error) for error in errors)


@FUZZ
@given(tree=TREES)
def test_any_tree_as_an_article_file_is_checked_without_a_traceback(tree):
    dataset = check(yaml.safe_dump(tree, allow_unicode=True))
    assert dataset is None  # nothing random is a valid article


@FUZZ
@given(field=st.sampled_from(FIELDS), value=st.one_of(TEXT, SCALARS, TREES))
def test_any_value_in_any_field_is_refused_cleanly_or_builds(field, value):
    dataset = check(yaml.safe_dump(with_value(base_article(), field, value), allow_unicode=True))
    if dataset is not None:
        renders(dataset)


@FUZZ
@given(field=st.sampled_from(VOCABULARY_FIELDS), value=st.one_of(TEXT, SCALARS, TREES))
def test_any_value_in_any_vocabulary_field_is_refused_cleanly_or_builds(field, value):
    name, path = field
    dataset = check(yaml.safe_dump(with_value(vocabulary(name), path, value), allow_unicode=True),
                    f"vocabularies/{name}")
    if dataset is not None:
        renders(dataset)


@settings(max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=TEXT)
def test_accepted_fuzzed_articles_pass_a_strict_mkdocs_build(field, value):
    article = yaml.safe_dump(with_value(base_article(), field, value), allow_unicode=True)
    if check(article) is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        site_project = project(Path(folder) / "project")
        shutil.copytree(BASE, site_project / "data")
        (site_project / "data" / ARTICLE).write_text(article, encoding="utf-8")
        result = mkdocs_build(site_project, Path(folder) / "site")
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("field", FIELDS, ids=lambda path: ".".join(map(str, path)))
def test_hostile_text_in_each_field_is_refused_cleanly_or_builds(field):
    for value in ("<script>alert(1)</script>", "??? danger", "{{ 7*7 }}", "x" * 100_000, "\x1b[31m", "3.10"):
        dataset = check(yaml.safe_dump(with_value(base_article(), field, value), allow_unicode=True))
        if dataset is not None:
            renders(dataset)


# --- the check's fast paths say what the slow ones say ----------------------------------------

SCALAR_LIKE = st.one_of(
    st.sampled_from(["", "~", "null", "Null", "true", "True", "TRUE", "yes", "No", "on", "OFF", "y", "n", "0",
                     "012", "0o7", "0x1F", "0b101", "1_000", "-1", "+1", "1:20", "3.10", ".5", "1e3", "1.0e+3",
                     ".inf", "-.Inf", ".NaN", "2024-01-01", "2001-12-14t21:59:43.10-05:00", "<<", "=",
                     "The cause", "true story", "yes-man", "2024-13-45", "01:02:03"]),
    st.text(alphabet="0123456789.-+:_eExXoObB~<=tTrRuUfFaAlLsSyYnN ", max_size=12),
)


@FUZZ
@given(value=SCALAR_LIKE)
def test_a_plain_scalar_means_what_pyyaml_s_resolver_says(value):
    from yaml.nodes import ScalarNode

    from perspectives.yamlfile import plain_tag

    assert plain_tag(value) == yaml.SafeLoader("").resolve(ScalarNode, value, (True, False))


FOLDABLE = st.text(alphabet="ab. \n\t\u00a0’'“\"—-", max_size=60)


@FUZZ
@given(capture=FOLDABLE, data=st.data())
def test_a_quotation_found_as_written_is_found_by_the_rule(capture, data):
    """quotes.Capture looks a quotation up as written (str.find) before it applies the rule; the answer is
    the rule's: pieces in order, each within MAX_GAP of the one before, white space and quotation marks aside."""
    from perspectives import quotes
    from perspectives.model import Quotation

    def piece() -> str:  # a piece of the capture, or any text
        start = data.draw(st.integers(0, len(capture)))
        end = data.draw(st.integers(start, len(capture)))
        return data.draw(st.one_of(st.just(capture[start:end]), FOLDABLE))

    quotation = Quotation("…".join(piece() for _ in range(data.draw(st.integers(1, 3)))), 1)
    found = quotes.Capture(capture)
    by_rule = found._chain([quotes._pattern(piece) for piece in quotation.fragments])[0] if quotation.fragments else None
    assert (found.locate(quotation) is None) == (by_rule is None)


@FUZZ
@given(text=st.text(st.characters(blacklist_categories=("Cs",))))
def test_a_text_fragment_is_percent_encoded_as_the_standard_library_would_with_the_hyphen_too(text):
    """quotes._encode, which looks each character up in a table, against urllib's quote: every byte but
    letters, digits and `_.~` percent-encoded (`-` too: the text-fragment syntax reserves it)."""
    from urllib.parse import quote

    from perspectives import quotes

    assert quotes._encode(text) == quote(text, safe="").replace("-", "%2D")


SAID = st.lists(st.sampled_from(["spasms", "rest", "heat", "relieves", "the", "muscle", "not", "isn't", "only",
                                 "may", "but", "if", "some", "cramps.", "helps,", "never", "warmth", "suggest"]),
                min_size=4, max_size=40)


def _words(text: str) -> list[str]:
    """The words of `text` as a reader counts them, punctuation aside (an independent count, not quotes')."""
    return [word for word in (raw.strip(".,;:!?\"“”()") for raw in text.split()) if word]


@FUZZ
@given(words=SAID, data=st.data())
def test_a_quotation_accepted_never_leaves_out_a_word_that_turns_what_it_says(words, data):
    """However a passage is cut into pieces joined by … (anywhere, inside words too), an accepted quotation
    leaves out, at each …, three words or more, whole, none of them one that negates, limits or hedges
    (quotes.TURNING_WORDS)."""
    from perspectives import quotes
    from perspectives.model import Quotation

    text = " ".join(words)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=4, max_size=6, unique=True)))
    pieces = [text[start:end] for start, end in zip(cuts[::2], cuts[1::2])]
    quotation = Quotation(" … ".join(pieces), 1)
    capture = quotes.Capture(text)
    if len(quotation.fragments) < 2 or capture.problem(quotation) is not None:
        return
    turning = {word for kind in quotes.TURNING_WORDS.values() for word in kind}
    spans = capture.locate(quotation)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        # Whole words on both sides of the gap: no letter runs across either edge.
        assert not (text[end - 1:end].isalnum() and text[end:end + 1].isalnum()), quotation
        assert not (text[start - 1:start].isalnum() and text[start:start + 1].isalnum()), quotation
        left_out = _words(text[end:start])
        assert len(left_out) >= quotes.MIN_LEFT_OUT_WORDS, (quotation, left_out)
        assert not [word for word in left_out if word.lower() in turning or word.lower().endswith("n't")], quotation


@FUZZ
@given(data=st.data())
def test_a_quotation_leaving_out_three_plain_words_or_more_is_accepted(data):
    """The rule refuses only what it says: whole pieces of three words or more, each … leaving out three plain
    words or more, always pass."""
    from perspectives import quotes
    from perspectives.model import Quotation

    words = [f"word{number}" for number in range(60)]  # each once: a piece is found where it was cut
    pieces, start = [], data.draw(st.integers(0, 5))
    for _ in range(data.draw(st.integers(2, 4))):
        length = data.draw(st.integers(quotes.MIN_PIECE_WORDS, 6))
        pieces.append(" ".join(words[start:start + length]))
        start += length + data.draw(st.integers(quotes.MIN_LEFT_OUT_WORDS, 8))
    quotation = Quotation(" … ".join(pieces), 1)
    assert quotes.Capture(" ".join(words)).problem(quotation) is None, quotation
