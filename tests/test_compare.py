"""The comparison pages, generated from a small fixture dataset: the matrix,
the treatment pages and the agreement page grow with the data, not the code."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from perspectives import build_site, load_checked
from perspectives.render import Site

CAPTURE = ("Spasms come from the weather. When the weather turns, the muscles guard the joints. "
           "Rest in a warm room for relief. Our clinic offers warm rooms.\n")


def article_yaml(article_id: str, short_title: str, sha256: str) -> str:
    return f"""\
id: {article_id}
short_title: {short_title}
title: The weather and your muscles
author: A. Writer
publisher: Example Clinic
published:
  unknown: The capture carries no date.
discipline:
  id: physical-therapy
  basis: The publisher calls itself a clinic.
format: article
source:
  url: https://example.org/{article_id}
  capture_differs: false
  capture_sha256: {sha256}
summary: |
  The article says spasms come from the weather.
claims:
  - id: weather-causes-spasms
    statement: Spasms come from the weather, the muscles guarding the joints when it turns.
    quotations:
      - Spasms come from the weather.
      - When the weather turns, the muscles guard the joints.
  - id: warmth-relieves
    statement: Resting in a warm room relieves spasms.
    quotations:
      - Rest in a warm room for relief.
comparison:
  spasm-is:
    value: The muscles guarding the joints.
    short: Guarding muscles
    claims: [weather-causes-spasms]
  root-cause:
    value: A change in the weather.
    short: The weather
    claims: [weather-causes-spasms]
  mechanism:
    unknown: The text does not say how the weather acts.
  recommended-approach:
    value: Rest in a warm room.
    short: Rest somewhere warm
    claims: [warmth-relieves]
  delivered-by:
    value: self-care
    claims: [warmth-relieves]
  evidence-kind:
    none: The text offers no evidence.
  evidence-cited:
    none: The text cites nothing.
  promotes:
    none: No service is named.
treatments:
  - treatment: rest
    stance: recommended
    note: Rest in a warm room.
    claims: [warmth-relieves]
themes:
  - theme: spasm-is-protective-or-secondary
    note: The muscles guard the joints.
    claims: [weather-causes-spasms]
"""


class SmallData:
    """A one-article dataset with the real vocabularies, to grow in tests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(DATA / "vocabularies", root / "vocabularies")
        (root / "articles").mkdir()
        (root / "captures").mkdir()
        self.add_article("weather", "Weather Clinic")

    def add_article(self, article_id: str, short_title: str) -> None:
        (self.root / "captures" / f"{article_id}.txt").write_text(CAPTURE, encoding="utf-8")
        sha256 = hashlib.sha256(CAPTURE.encode()).hexdigest()
        (self.root / "articles" / f"{article_id}.yaml").write_text(article_yaml(article_id, short_title, sha256),
                                                                   encoding="utf-8")

    def add_dimension(self, dimension_id: str, label: str) -> None:
        with (self.root / "vocabularies/dimensions.yaml").open("a", encoding="utf-8") as file:
            file.write(f"- id: {dimension_id}\n  label: {label}\n  description: A question added by an editor.\n")
        for path in (self.root / "articles").glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            cell = f"  {dimension_id}:\n    value: Warm rooms.\n    short: Warmth\n    claims: [warmth-relieves]\n"
            path.write_text(text.replace("treatments:\n", cell + "treatments:\n", 1), encoding="utf-8")

    def site(self) -> Site:
        return build_site(self.root)


def page(site: Site, path: str) -> str:
    return next(p.content for p in site.pages if p.path == path)


def columns(compare: str) -> list[str]:
    """The article ids heading the columns of the first table."""
    head = compare[: compare.index("<tbody")]
    return re.findall(r'<th scope="col" id="questions--([a-z0-9-]+)"', head)


def rows(compare: str, table: str) -> list[str]:
    return re.findall(rf'<tr id="({table}-[a-z0-9-]+)"', compare)


@pytest.fixture
def small(tmp_path: Path) -> SmallData:
    return SmallData(tmp_path / "data")


def test_the_matrix_has_a_column_per_article_and_a_row_per_dimension(small):
    compare = page(small.site(), "compare/index.md")
    assert columns(compare) == ["weather"]
    dimensions = re.findall(r"^- id: ([a-z0-9-]+)$", (DATA / "vocabularies/dimensions.yaml").read_text(), re.M)
    assert rows(compare, "dimension") == [f"dimension-{d}" for d in dimensions]


def test_a_dimension_added_to_the_data_becomes_a_row(small):
    small.add_article("second", "Second Clinic")
    small.add_dimension("heat-advice", "Advice on heat")
    site = small.site()
    compare = page(site, "compare/index.md")
    assert rows(compare, "dimension")[-1] == "dimension-heat-advice"
    assert 'id="dimension-heat-advice--weather"' in compare
    assert 'id="dimension-heat-advice--second"' in compare
    assert "Advice on heat" in page(site, "articles/weather.md")


def test_an_article_added_to_the_data_becomes_a_column_everywhere(small):
    small.add_article("second", "Second Clinic")
    site = small.site()
    compare = page(site, "compare/index.md")
    assert columns(compare) == ["second", "weather"]
    assert 'id="treatment-rest--second"' in compare
    assert "Second Clinic" in page(site, "treatments/rest.md")
    assert "Second Clinic" in page(site, "agreement.md")
    assert "articles/second.md" in {p.path for p in site.pages}


def test_treatment_rows_are_the_treatments_some_article_mentions(small):
    site = small.site()
    assert rows(page(site, "compare/index.md"), "treatment") == ["treatment-rest"]
    assert sorted(p.path for p in site.pages if p.path.startswith("treatments/")) == [
        "treatments/index.md", "treatments/rest.md"]


def test_every_value_cell_links_to_its_claim_with_the_quotation_as_tooltip(small):
    compare = page(small.site(), "compare/index.md")
    cell = re.search(r'<td id="dimension-root-cause--weather"[^>]*>(.*?)</td>', compare).group(1)
    assert cell.startswith("A change in the weather")
    assert ("[claim 1](../articles/weather.md#claim-weather-causes-spasms "
            "\"&#8220;Spasms come from the weather&#46;&#8221;\")") in cell.replace("“", "&#8220;").replace(
        "”", "&#8221;")


def test_unknown_and_none_are_said_explicitly(small):
    compare = page(small.site(), "compare/index.md")
    mechanism = re.search(r'<td id="dimension-mechanism--weather"[^>]*>(.*?)</td>', compare).group(1)
    assert mechanism.startswith("*Unknown:*")
    evidence = re.search(r'<td id="dimension-evidence-cited--weather"[^>]*>(.*?)</td>', compare).group(1)
    assert evidence.startswith("*None:*")


def test_a_treatment_an_article_does_not_mention_is_shown_as_not_mentioned(small):
    small.add_article("second", "Second Clinic")
    text = (small.root / "articles/second.yaml").read_text()
    start, end = text.index("treatments:\n"), text.index("themes:\n")
    (small.root / "articles/second.yaml").write_text(text[:start] + "treatments: []\n" + text[end:])
    site = small.site()
    cell = re.search(r'<td id="treatment-rest--second"[^>]*>(.*?)</td>', page(site, "compare/index.md")).group(1)
    assert "Not mentioned" in cell and ":material-minus:" in cell
    assert "Not mentioned by 1 of 2 articles: [Second Clinic](../articles/second.md)." in page(site, "treatments/rest.md")


def test_the_agreement_page_lists_holders_with_quotations_and_the_others(small):
    small.add_article("second", "Second Clinic")
    text = (small.root / "articles/second.yaml").read_text()
    (small.root / "articles/second.yaml").write_text(text[: text.index("themes:\n")] + "themes: []\n")
    agreement = page(small.site(), "agreement.md")
    section = agreement[agreement.index("## A spasm is a protective"):]
    section = section[: section.index("\n## ")]
    assert "Held by 1 of 2 articles" in section
    assert "Spasms come from the weather" in section
    assert "**Not stated by:** [Second Clinic](articles/second.md)" in section


def test_the_real_matrix_covers_every_article_dimension_and_mentioned_treatment():
    dataset = load_checked(DATA)
    compare = page(build_site(DATA), "compare/index.md")
    assert columns(compare) == [article.id for article in dataset.articles]
    assert len(rows(compare, "dimension")) == len(dataset.vocabularies.dimensions)
    assert len(rows(compare, "treatment")) == len(dataset.mentioned_treatments) >= 12
