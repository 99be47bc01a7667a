"""Large data sets: the synthetic corpus is valid, the benchmark runs, and the
aggregate pages change form above their thresholds (tested with the
thresholds lowered, so no test needs thousands of articles). Figures are the
benchmark's job: nothing here is timed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from perspectives import build_site, layout, render
from perspectives.agreement import Agreement
from perspectives.load import load_dataset
from perspectives.pipeline import load_checked
from perspectives.synthetic import CAPTURE_BYTES, generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generate(12, tmp_path_factory.mktemp("synthetic") / "data", DATA)


def test_the_synthetic_corpus_passes_the_check_with_distinct_captures_of_realistic_size(corpus):
    dataset = load_checked(corpus)
    assert len(dataset.articles) == 12
    captures = [article.capture for article in dataset.articles]
    assert len(set(captures)) == len(captures)
    assert all(CAPTURE_BYTES[0] <= len(capture.encode()) <= CAPTURE_BYTES[1] + 2_000 for capture in captures)
    # Two articles made from the same real one still differ in their quotations.
    first, sixth = dataset.articles[0], dataset.articles[5]
    assert first.claims[0].id == sixth.claims[0].id
    assert first.claims[0].quotations[0].text != sixth.claims[0].quotations[0].text


def test_the_benchmark_runs_at_the_smallest_size():
    result = subprocess.run([sys.executable, "scripts/benchmark.py", "--sizes", "5", "--runs", "1", "--no-hostile",
                             "--serve", "--phases"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=600)
    for row in ("5 articles", "| wall time |", "| peak memory, summed over the build's processes |",
                "| peak memory of MkDocs and its render processes |",
                "| CPU time without search indexing (ours less Pagefind's own; plain with no search plugin) |",
                "| peak memory without search indexing (MkDocs and its render processes; plain with no search plugin) |",
                "| our stages | load", "| our render stage's wall time ÷ plain Material's CPU time (same text) |",
                "| `perspectives check` alone |", "| search index (Pagefind) |",
                "| search indexing (Pagefind) alone |",
                "| a reader's downloads for search, measured in Chromium (compressed) | before typing",
                "| the search page, \"stretching\" (/search/?words=…), measured in Chromium (compressed) | its results",
                "| the search page by a filter alone (/search/?treatment=stretching), measured in Chromium (compressed) |",
                "| /compare/ HTML |", "| largest treatment page |", "| /agreement/ HTML |",
                "| mkdocs serve at 5 articles, an edited article served again",
                "| where one more build's CPU went at 5 articles", "on_config", "on_post_build"):
        assert row in result.stdout, result.stdout
    # Measured on the index the build published (its search by filters alone fetches no index chunk), not on
    # the one the indexer writes when it is timed alone.
    assert "with its counts, of which index chunks 0 KB" in result.stdout, result.stdout


@pytest.fixture(scope="module")
def real_site():
    """The real five articles, built at the real thresholds (at_scale lowers them)."""
    return build_site(DATA)


@pytest.fixture(scope="module")
def at_scale(corpus, real_site):
    """The 12 articles rendered as if they were many: every threshold below the corpus."""
    patch = pytest.MonkeyPatch()
    patch.setattr(layout, "SIDE_BY_SIDE_LIMIT", 6)
    patch.setattr(layout, "COLUMNS_AT_SCALE", 3)
    patch.setattr(layout, "QUOTED_HOLDERS", 2)
    patch.setattr(layout, "NAMED_HOLDERS", 4)
    patch.setattr(layout, "FULL_SEARCH_LIMIT", 6)
    patch.setattr(layout, "CARDS_AT_SCALE", 2)
    try:
        yield {page.path: page.content for page in build_site(corpus).pages}, load_checked(corpus)
    finally:
        patch.undo()


def test_compare_sets_a_few_articles_side_by_side_and_lists_every_article_by_discipline(at_scale):
    pages, dataset = at_scale
    compare = pages["compare/index.md"]
    header = compare.split('data-matrix="questions"', 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'data-column="([^"]+)"', header) == [article.id for article in dataset.articles[:3]]
    listed = compare.split("{ #all-articles }", 1)[1].split("{ #downloads }", 1)[0]
    for article in dataset.articles:
        assert f'href="../articles/{article.id}/"' in listed
    # Articles not in the tables link from their own page to the list, not to a missing cell.
    assert 'href="../../compare/#all-articles"' in pages[f"articles/{dataset.articles[5].id}.md"]
    assert f"#dimension-root-cause--{dataset.articles[0].id}" in pages[f"articles/{dataset.articles[0].id}.md"]


def test_the_home_page_shows_a_few_cards_and_the_list_has_every_article_by_discipline(at_scale, real_site):
    pages, dataset = at_scale
    site = real_site
    cards = render.Renderer(dataset).render().fragments["articles-at-a-glance"]
    assert cards.count('class="msp-card"') == 2
    newest = sorted(dataset.articles, key=lambda article: (article.added or "", article.id), reverse=True)[:2]
    assert [f"glance--{article.id}" for article in newest] == re.findall(r'id="(glance--[^"]+)"', cards)
    assert f'All {len(dataset.articles)} articles</a>' in cards
    assert "msp-card" in site.fragments["articles-at-a-glance"]  # the real five: a card each, no summary line
    assert "most recently added" not in site.fragments["articles-at-a-glance"]
    listed = pages["articles/index.md"]
    assert '"exclude": true' in listed or "exclude: true" in listed
    for article in dataset.articles:
        assert f'href="{article.id}/"' in listed
    assert listed.count("{ #discipline--") == len({article.discipline.id for article in dataset.articles})


def test_at_scale_quotations_full_answers_and_source_details_stay_out_of_the_search_index(at_scale, real_site):
    pages, dataset = at_scale
    article = pages[f"articles/{dataset.articles[0].id}.md"]
    assert "<blockquote data-search-exclude>" in article
    assert '<span class="msp-answers__full" data-search-exclude>' in article
    assert "<li data-search-exclude><strong>Original:</strong>" in article
    assert "<li><strong>Author:</strong>" in article  # who wrote and published it stays searchable
    assert '"search": {"exclude": true}' in pages["changes.md"]
    small = {page.path: page.content for page in real_site.pages}
    assert "<blockquote>" in small["articles/gold-back-spasms-inside-story.md"]
    assert "data-search-exclude><strong>Original" not in small["articles/gold-back-spasms-inside-story.md"]
    assert "exclude" not in small["changes.md"].split("\n---\n", 1)[0]


def test_a_treatment_page_names_its_many_holders_by_stance_without_quoting_them(at_scale):
    pages, dataset = at_scale
    stretching = pages["treatments/stretching.md"]
    mentioning = [article for article in dataset.articles if article.stance_on("stretching")]
    assert len(mentioning) > 2
    assert "{ #stance-" in stretching and "> “" not in stretching
    for article in mentioning:
        assert f'href="../../articles/{article.id}/"' in stretching


def test_the_agreement_page_counts_where_it_named_and_names_at_most_the_limit(at_scale):
    pages, dataset = at_scale
    agreement = pages["agreement.md"]
    # Each position on a card names its articles while they are few, and counts them beyond QUOTED_HOLDERS (2).
    sides = re.findall(r'<li class="msp-side msp-side--[^"]*">(.*?)</li>', agreement)
    assert sides
    for side in sides:
        named = re.findall(r'<a href="#[a-z0-9-]+--[a-z0-9-]+">', side)
        assert len(named) <= 2 or "articles</a>" in side, side
    assert any(re.search(r'<a href="#[a-z0-9-]+">\d+ articles</a>', side) for side in sides)
    sides = max(Agreement(dataset).themes, key=lambda sides: len(sides.holds))
    theme, holders = sides.theme, sides.holds
    section = agreement.split(f"{{ #{theme.id} }}", 1)[1].split("\n## ", 1)[0]
    assert "> “" not in section  # too many holders to quote: names only
    assert len(re.findall(r"\]\(articles/(?!index)", section)) <= 4
    assert f"And {len(holders) - 4} more" in section


def test_a_preview_loads_only_the_articles_its_glob_matches(corpus):
    dataset, errors = load_dataset(corpus, "s01-*")
    assert not errors and [article.id for article in dataset.articles] == ["s01-caring-medical-continuous-muscle-spasms"]
    _, errors = load_dataset(corpus, "nothing-*")
    assert [error.problem for error in errors] == ["holds no article whose id matches PREVIEW='nothing-*'"]
