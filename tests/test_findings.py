"""What the comparison shows: each finding appears when its rule holds, counts what the data says, and
disappears when the data no longer supports it; every link in it lands on what it counts.

Driven by small generated data sets (tests/fixture_data.py) with the real vocabularies, never by the
real articles, so that no test depends on how many articles, stances or treatments there are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA
from fixture_data import SmallData
from perspectives import build_site, load_checked
from perspectives.findings import PROMOTION_THEME, Finding, Ref, findings
from perspectives.render import Renderer


def text(finding: Finding) -> str:
    """The finding as a reader reads it: the lead, a space, the detail (as findings_block sets them)."""
    def joined(parts) -> str:
        return "".join(part if isinstance(part, str) else part.text for part in parts)
    return joined(finding.lead) + joined(finding.detail)


def by_rule(data: SmallData) -> dict[str, str]:
    return {finding.rule: text(finding) for finding in findings(load_checked(data.root))}


def edit(data: SmallData, article: str, old: str, new: str) -> None:
    path = data.root / "articles" / f"{article}.yaml"
    content = path.read_text(encoding="utf-8")
    assert old in content, old
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


STUDY = """evidence:
  - cited: A. Author, A trial of warm rooms, 2020
    kind: study
    for: That warm rooms relieve spasms.
    role: central
    claims: [warmth-relieves]
"""


@pytest.fixture
def two(tmp_path: Path) -> SmallData:
    data = SmallData(tmp_path / "data")
    data.add_article("heat", "Heat Clinic", root_cause="The heat")
    return data


def test_evidence_counts_what_is_cited_for_the_central_claim(two):
    found = by_rule(two)["evidence"]
    assert found.startswith("No article cites a study, review or guideline for its central claim.")
    assert "Heat Clinic and Weather Clinic cite nothing." in found
    edit(two, "heat", "evidence:\n  none: The text cites nothing.\n", STUDY)
    found = by_rule(two)["evidence"]
    assert found.startswith("1 of the 2 articles cites a study, review or guideline for its central claim.")
    assert "Heat Clinic: 1 study, cited for its central claim; Weather Clinic cites nothing." in found
    # Cited for a side point only: no longer support for the central claim.
    edit(two, "heat", "role: central", "role: side")
    assert by_rule(two)["evidence"].startswith("No article cites")
    assert "Heat Clinic: 1 study, cited for a side point" in by_rule(two)["evidence"]


def test_evidence_of_an_incomplete_capture_is_said_to_be_of_the_part_captured(two):
    edit(two, "heat", "evidence:\n  none: The text cites nothing.\n",
         "evidence:\n  unknown: The captured part cites nothing; the rest is missing.\n")
    edit(two, "heat", "  capture_sha256:", "  partial:\n    ends: mid-sentence.\n    missing: The rest.\n"
                                          "  capture_sha256:")
    found = by_rule(two)["evidence"]
    assert found.startswith("No article cites a study, review or guideline for its central claim in what was "
                            "captured.")
    assert "Heat Clinic cites nothing in the part captured" in found


def test_the_evidence_finding_disappears_without_published_kinds(two):
    path = two.root / "vocabularies" / "evidence-kinds.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  published: true\n", ""), encoding="utf-8")
    assert "evidence" not in by_rule(two)


PROMOTES = f"""  - theme: {PROMOTION_THEME}
    position: holds
    note: The clinic offers warm rooms.
    claims: [warmth-relieves]
"""


def test_promotion_counts_the_articles_that_hold_the_theme(two):
    assert "promotion" not in by_rule(two)
    edit(two, "heat", "themes:\n", "themes:\n" + PROMOTES)
    assert by_rule(two)["promotion"] == ("1 of the 2 articles promotes its publisher's own service, program or "
                                         "product for what it recommends: Heat Clinic.")
    edit(two, "weather", "themes:\n", "themes:\n" + PROMOTES.replace("claims:", "implied: true\n    claims:"))
    assert by_rule(two)["promotion"].startswith("Both articles promote their publisher's own service, program or "
                                                "product for what they recommend (1 by implication)")
    assert by_rule(two)["promotion"].endswith("Heat Clinic and Weather Clinic (implied).")


def test_root_causes_are_told_apart_by_their_short_forms(two):
    assert by_rule(two)["root-causes"] == ("The 2 articles name different root causes: The heat (Heat Clinic); "
                                           "The weather (Weather Clinic).")
    edit(two, "heat", "short: The heat", "short: The weather")
    assert by_rule(two)["root-causes"].startswith("Both articles name the same root cause:")


def test_common_ground_needs_more_than_half_and_no_contradiction(two):
    theme = load_checked(two.root).vocabularies["themes"][0]
    found = by_rule(two)["common-ground"]  # both hold the first theme (the fixture's default)
    assert f"both hold “{theme.label}”" in found
    # One rejects it: no longer common ground, but a position that divides them.
    edit(two, "heat", "    position: holds", "    position: rejects")
    found = by_rule(two)
    assert " hold “" not in found["common-ground"]  # what is left is the treatment both recommend
    assert found["divided-themes"] == (f"1 position divides them: “{theme.label}”, held by Weather Clinic and "
                                       "rejected by Heat Clinic.")


def test_a_position_held_in_part_or_implied_is_said_so(two):
    edit(two, "heat", "    position: holds", "    position: rejects\n    implied: true\n    limited: Only in winter.")
    assert by_rule(two)["divided-themes"].startswith("1 position divides them, one side only by implication:")
    assert by_rule(two)["divided-themes"].endswith("rejected by Heat Clinic (in part, implied).")


def stance(treatment: str, stance: str, also: str = "") -> str:
    entry = f"""  - treatment: {treatment}
    stance: {stance}
    note: What the article says.
    claims: [warmth-relieves]
"""
    qualified = {"conditional", "temporary-relief", "not-recommended", "harmful"}
    if stance in qualified:
        entry += "    qualifier: warmth-relieves\n"
    if also:
        entry += f"    also:\n      - stance: {also}\n        note: And this.\n        claims: [warmth-relieves]\n"
        if also in qualified:
            entry += "        qualifier: warmth-relieves\n"
    return entry


def test_stances_that_contradict_each_other_divide_the_articles(two):
    edit(two, "weather", "themes:\n", stance("massage", "recommended") + "themes:\n")
    edit(two, "heat", "themes:\n", stance("massage", "not-recommended") + "themes:\n")
    assert by_rule(two)["divided-treatments"] == ("They take conflicting stances on 1 treatment: massage, recommended "
                                                  "for Weather Clinic but not recommended for Heat Clinic.")
    # Both say the relief is temporary, one also uses it alongside its own method: no disagreement.
    edit(two, "weather", "    stance: recommended\n    note: What the article says.\n",
         "    stance: temporary-relief\n    note: What the article says.\n    qualifier: warmth-relieves\n")
    edit(two, "heat", "    stance: not-recommended\n", "    stance: temporary-relief\n")
    edit(two, "heat", "  - treatment: massage\n", "  - treatment: massage\n")
    found = by_rule(two)
    assert "divided-treatments" not in found
    assert "both take the stance “Temporary relief only” on massage" in found["common-ground"]


def test_two_articles_saying_the_same_of_a_treatment_are_never_a_disagreement(two):
    """The stretching case: temporary relief, and also an adjunct, beside temporary relief only."""
    edit(two, "weather", "themes:\n", stance("stretching", "temporary-relief", also="conditional") + "themes:\n")
    edit(two, "heat", "themes:\n", stance("stretching", "temporary-relief") + "themes:\n")
    dataset = load_checked(two.root)
    assert "divided-treatments" not in {finding.rule for finding in findings(dataset)}
    agreement = next(page for page in build_site(two.root).pages if page.path == "agreement.md").content
    section = agreement[agreement.index("{ #differ-treatments }"):agreement.index("{ #differ-root-cause }")]
    assert "By this rule, no two articles take conflicting stances on a treatment." in section
    # One says more than the other, nothing otherwise: no difference to name either.
    assert "Their stances differ" not in section
    # Which articles say stretching gives only temporary relief? Both, on the treatment's page.
    page = next(page for page in build_site(two.root).pages if page.path == "treatments/stretching.md").content
    for name in ("Heat Clinic", "Weather Clinic"):
        row = next(line for line in page.splitlines() if line.startswith("<tr><td><a ") and f">{name}</a>" in line)
        assert "Temporary relief only" in row


def test_every_link_in_a_finding_lands_on_an_element_of_its_page(tmp_path):
    """Refs become links to cells, rows and sections that the rendered pages hold."""
    dataset = load_checked(DATA)
    renderer = Renderer(dataset)
    site = renderer.render()
    pages = {page.path: page.content for page in site.pages}
    refs = [part for finding in findings(dataset) for part in (*finding.lead, *finding.detail)
            if isinstance(part, Ref)]
    assert refs
    for ref in refs:
        path, anchor = renderer.place(ref)
        assert path in pages, (ref, path)
        if anchor:
            content = pages[path]
            assert (f'id="{anchor}"' in content or f"{{ #{anchor} }}" in content), (ref, path, anchor)


def test_the_findings_are_on_the_home_page_and_atop_the_comparison():
    site = build_site(DATA)
    compare = next(page for page in site.pages if page.path == "compare/index.md").content
    assert compare.index('class="msp-findings') < compare.index("{ #questions }")
    home = site.fragments["findings"]
    assert home.count('class="msp-finding"') == len(findings(load_checked(DATA)))
    # Links from the home page are relative to it.
    assert all(not href.startswith("../") for href in re.findall(r'href="([^"]+)"', home))


def test_one_article_gets_no_comparison_it_cannot_make(tmp_path):
    data = SmallData(tmp_path / "data")
    found = by_rule(data)
    assert set(found) <= {"evidence", "promotion"}  # no root causes to tell apart, no common ground of one
    assert found["evidence"].startswith("No article cites a study, review or guideline for its central claim.")


def test_no_finding_says_more_when_no_article_names_a_root_cause(two):
    for article, short in (("weather", "The weather"), ("heat", "The heat")):
        edit(two, article, f"  root-cause:\n    value: A change in the weather.\n    short: {short}\n"
                           "    claims: [weather-causes-spasms]\n",
             "  root-cause:\n    unknown: The text does not say.\n")
    assert "root-causes" not in by_rule(two)


def test_data_in_a_finding_stays_text(two):
    edit(two, "heat", "short_title: Heat Clinic", "short_title: 'Heat `x` <b>Clinic</b>'")
    home = build_site(two.root).fragments["findings"]
    assert "<code>" not in home and "<b>" not in home
    assert "Heat &#96;x&#96; &#60;b&#62;Clinic&#60;/b&#62;" in home


def test_most_share_a_position_only_when_most_take_it_whole(two):
    theme = load_checked(two.root).vocabularies["themes"][0]
    assert f"both hold “{theme.label}”" in by_rule(two)["common-ground"]
    edit(two, "heat", "    position: holds", "    position: holds\n    limited: Only in winter.")
    assert "both hold “" not in by_rule(two)["common-ground"]  # one of two in part: not "most"
    # Named after the list, linking to its card on the agreement page, so that the list does not read as
    # missing it and the reader can check it; and the lead does not say "in full", which read as saying the
    # stances were taken without reserve too.
    found = next(finding for finding in findings(load_checked(two.root)) if finding.rule == "common-ground")
    assert not text(Finding(found.rule, found.lead, ())).endswith("in full")
    assert text(found).endswith(f"; counting the articles that take it only in part, most also hold “{theme.label}”.")
    assert found.detail[-2] == Ref(f"“{theme.label}”", "theme", (theme.id,))


def test_what_else_the_articles_say_of_a_shared_stance_is_said_with_it(two):
    edit(two, "weather", "themes:\n", stance("stretching", "temporary-relief", also="conditional") + "themes:\n")
    edit(two, "heat", "themes:\n", stance("stretching", "temporary-relief") + "themes:\n")
    assert "both take the stance “Temporary relief only” on stretching (1 of the 2 also takes “Conditional or adjunct”)" \
        in by_rule(two)["common-ground"]
    edit(two, "heat", "  - treatment: stretching\n    stance: temporary-relief\n    note: What the article says.\n",
         "  - treatment: stretching\n    stance: temporary-relief\n    note: What the article says.\n"
         "    also:\n      - stance: conditional\n        note: And this.\n        claims: [warmth-relieves]\n"
         "        qualifier: warmth-relieves\n")
    assert "(both also take “Conditional or adjunct”)" in by_rule(two)["common-ground"]


def _agreement_section(data: SmallData, anchor: str, until: str) -> str:
    agreement = next(page for page in build_site(data.root).pages if page.path == "agreement.md").content
    return agreement[agreement.index(f"{{ #{anchor} }}"):agreement.index(f"{{ #{until} }}")]


def test_stances_that_differ_without_conflicting_are_named_beside_the_conflicts(two):
    """Used alongside another approach by one, not recommended by the other: both can be true of it, so no
    conflict by the rule; the page says so by name rather than leave a reader to think the pair was missed."""
    edit(two, "weather", "themes:\n", stance("massage", "conditional") + "themes:\n")
    edit(two, "heat", "themes:\n", stance("massage", "not-recommended") + "themes:\n")
    assert "divided-treatments" not in by_rule(two)
    section = _agreement_section(two, "differ-treatments", "differ-root-cause")
    assert "By this rule, no two articles take conflicting stances on a treatment." in section
    named = re.search(r"<p>Their stances differ, without conflicting by this rule, on (.*?)</p>", section, re.S)
    assert named, section
    assert re.sub(r"<[^>]+>", "", named.group(1)).startswith(
        "Massage (“Conditional or adjunct”, “Not recommended”): each of these stances can be true of the treatment")
    assert '<a href="../treatments/massage/">Massage</a>' in named.group(1)
    # Once they conflict (recommended against not recommended), the pair is a conflict, not a difference.
    edit(two, "weather", "    stance: conditional\n    note: What the article says.\n    claims: [warmth-relieves]\n"
         "    qualifier: warmth-relieves\n", "    stance: recommended\n    note: What the article says.\n"
         "    claims: [warmth-relieves]\n")
    assert "Their stances differ" not in _agreement_section(two, "differ-treatments", "differ-root-cause")


def test_a_position_count_says_how_many_hold_it_in_part_or_by_implication(two):
    """"Held by 2 of 2" must not read as two outright holdings where one holds it only in part."""
    edit(two, "heat", "    position: holds\n", "    position: holds\n    limited: Only in cold weather.\n")
    agreement = next(page for page in build_site(two.root).pages if page.path == "agreement.md").content
    assert "**Held by 2 of 2 articles**\n(1 in part)." in agreement
    edit(two, "weather", "    position: holds\n", "    position: holds\n    implied: true\n")
    agreement = next(page for page in build_site(two.root).pages if page.path == "agreement.md").content
    assert "**Held by 2 of 2 articles**\n(1 in part, 1 by implication)." in agreement
    # An article that holds it both in part and by implication is counted once, as both.
    edit(two, "heat", "    position: holds\n", "    position: holds\n    implied: true\n")
    agreement = next(page for page in build_site(two.root).pages if page.path == "agreement.md").content
    assert "**Held by 2 of 2 articles**\n(1 by implication, 1 in part and by implication)." in agreement


def test_stances_an_article_takes_against_each_other_are_never_said_to_be_compatible(two):
    """One article says massage is recommended and (also) not recommended, the other that its relief is
    temporary: no conflict between articles, but the page must not say that all three can be true together."""
    edit(two, "heat", "themes:\n", stance("massage", "recommended", also="not-recommended") + "themes:\n")
    edit(two, "weather", "themes:\n", stance("massage", "temporary-relief") + "themes:\n")
    assert "divided-treatments" not in by_rule(two)
    assert "Their stances differ" not in _agreement_section(two, "differ-treatments", "differ-root-cause")
