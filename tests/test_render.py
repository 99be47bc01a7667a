"""Rendering: records in, pages out — and data can never become markup."""

from __future__ import annotations

import dataclasses

import markdown
import pytest

from conftest import DATA
from perspectives import load_checked
from perspectives.model import Quotation
from perspectives.quotes import text_fragment_url
from perspectives.render import escape_data, render_site

HOSTILE = ["<script>alert(1)</script>", "*bold* _it_ [link](http://x.test)", ":material-check:", "{: .x }",
           "&amp; &lt;", "--8<-- \"/etc/passwd\"", "1. list", "# heading", "`code`", "| a | b |"]


@pytest.fixture(scope="module")
def dataset():
    return load_checked(DATA)


def test_every_article_gets_a_page_at_its_id(dataset):
    site = render_site(dataset)
    paths = {page.path for page in site.pages}
    assert {f"articles/{article.id}.md" for article in dataset.articles} <= paths
    assert "articles/index.md" in paths


def test_article_page_shows_what_a_reader_needs(dataset):
    article = next(a for a in dataset.articles if a.id == "caring-medical-continuous-muscle-spasms")
    page = next(p for p in render_site(dataset).pages if p.path == f"articles/{article.id}.md")
    assert page.source == f"data/articles/{article.id}.yaml"
    for heading in ("## Summary", "## At a glance", "## Treatments", "## Key claims", '<p class="admonition-title">About this source</p>'):
        assert heading in page.content
    for claim in article.claims:
        assert f"{{ #claim-{claim.id} }}" in page.content
    assert "#:~:text=" in page.content
    assert "Captured from" in page.content


def test_untitled_article_is_labelled_honestly(dataset):
    article = next(a for a in dataset.articles if a.id == "rehab-and-revive-muscle-spasms")
    assert article.display_title == "Untitled article by Dr. Justin Lin"
    page = next(p for p in render_site(dataset).pages if p.path == f"articles/{article.id}.md")
    assert "*None in the source:*" in page.content
    assert "Original address unknown; checked against the captured text." in page.content


@pytest.mark.parametrize("text", HOSTILE)
def test_data_renders_as_literal_text(text):
    html = markdown.markdown(f"**Label:** {escape_data(text)}", extensions=["attr_list", "md_in_html", "tables"])
    assert "<script" not in html and "<a " not in html and "<em>" not in html and "<code>" not in html
    assert "<h1" not in html and "<ol>" not in html and "<table" not in html


def test_hostile_text_in_a_real_article_stays_text(dataset):
    article = dataset.articles[0]
    hostile = dataclasses.replace(article, summary=tuple(HOSTILE), short_title="<b>x</b>")
    site = render_site(dataclasses.replace(dataset, articles=(hostile, *dataset.articles[1:])))
    content = next(p for p in site.pages if p.path == f"articles/{article.id}.md").content
    assert "<script>" not in content and "*bold*" not in content and ":material-check:" not in content


def test_text_fragment_links_encode_what_the_syntax_requires():
    short = Quotation("Rather, the cause is at the top.", 1)
    assert text_fragment_url("https://a.test/p/", short) == \
        "https://a.test/p/#:~:text=Rather%2C%20the%20cause%20is%20at%20the%20top."
    long = Quotation("Muscles are responsible for joint movement but are not meant to stop bones, moving-excessively.", 1)
    assert text_fragment_url("https://a.test/p/#old", long) == \
        "https://a.test/p/#:~:text=Muscles%20are%20responsible%20for,to%20stop%20bones%2C%20moving%2Dexcessively."


def test_rendering_is_deterministic(dataset):
    assert render_site(dataset) == render_site(dataset)
