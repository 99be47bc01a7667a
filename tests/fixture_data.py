"""Generated data sets for tests: one small article about the weather, as many
times as a test needs, with the real vocabularies. They live in a temporary
folder, never in data/."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from conftest import DATA
from perspectives import build_site, synthetic
from perspectives.render import Site

CAPTURE = ("Spasms come from the weather. When the weather turns, the muscles guard the joints. "
           "Rest in a warm room for relief. Our clinic offers warm rooms.\n")


def article_yaml(article_id: str, short_title: str, sha256: str, root_cause: str = "The weather",
                 treatments: str = "", status: str = "ready", position: str = "holds", theme: str | None = None) -> str:
    """An article about the weather; `treatments` are extra entries under `treatments:` (YAML lines).

    It holds (or, with `position="rejects"`, rejects) `theme`, by default the first theme of the real vocabulary."""
    theme = theme or _first_theme()
    return f"""\
id: {article_id}
status: {status}
added: 2024-03-02
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
  compared: matches
  capture_sha256: {sha256}
summary: |
  The article says spasms come from the weather.
evidence:
  none: The text cites nothing.
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
    short: {root_cause}
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
  promotes:
    none: No service is named.
treatments:
  - treatment: rest
    stance: recommended
    note: Rest in a warm room.
    claims: [warmth-relieves]
{treatments}themes:
  - theme: {theme}
    position: {position}
    note: The muscles guard the joints.
    claims: [weather-causes-spasms]
"""


def _first_theme() -> str:
    return yaml.safe_load((DATA / "vocabularies" / "themes.yaml").read_text(encoding="utf-8"))[0]["id"]


class SmallData:
    """A one-article dataset with the real vocabularies, to grow in tests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(DATA / "vocabularies", root / "vocabularies")
        (root / "articles").mkdir()
        (root / "captures").mkdir()
        self.add_article("weather", "Weather Clinic")

    def add_article(self, article_id: str, short_title: str, **fields: str) -> None:
        # Each article its own source (the check refuses one capture entered twice): the same text, signed.
        capture = CAPTURE if article_id == "weather" else f"{CAPTURE}Captured as {article_id}.\n"
        (self.root / "captures" / f"{article_id}.txt").write_text(capture, encoding="utf-8")
        sha256 = hashlib.sha256(capture.encode()).hexdigest()
        (self.root / "articles" / f"{article_id}.yaml").write_text(
            article_yaml(article_id, short_title, sha256, **fields), encoding="utf-8")

    def add_dimension(self, dimension_id: str, label: str) -> None:
        with (self.root / "vocabularies/dimensions.yaml").open("a", encoding="utf-8") as file:
            file.write(f"- id: {dimension_id}\n  label: {label}\n  description: A question added by an editor.\n")
        for path in (self.root / "articles").glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            cell = f"  {dimension_id}:\n    value: Warm rooms.\n    short: Warmth\n    claims: [warmth-relieves]\n"
            path.write_text(text.replace("treatments:\n", cell + "treatments:\n", 1), encoding="utf-8")

    def site(self) -> Site:
        return build_site(self.root)


# Column headings and short answers of realistic lengths, up to the checker's limits.
NAMES = ("Northside Physiotherapy", "Harbour Chiropractic Centre", "The Back Pain Blog", "Spine and Sport Clinic",
         "Dr. Example's Pain Practice", "Movement Education Institute", "City Osteopaths", "Pilates at Home",
         "Massage Therapy Weekly", "The Stretching Coach", "Total Wellness Centre", "Weather Clinic")
ROOT_CAUSES = ("Damp air tightening guarding muscles", "The weather", "Sudden drops in barometric pressure",
               "Winter", "Cold and rain on joints")
def _second_stance() -> str:
    """`stance:` (and `qualifier:` if the vocabulary says it needs one) for a stance other than the first:
    whatever the real vocabulary holds today."""
    stances = [entry for entry in yaml.safe_load((DATA / "vocabularies" / "stances.yaml").read_text(encoding="utf-8"))
               if not entry.get("implicit")]
    stance = stances[1 if len(stances) > 1 else 0]
    return f"    stance: {stance['id']}\n" + ("    qualifier: warmth-relieves\n" if stance.get("qualified") else "")


STRETCHING = f"""\
  - treatment: stretching
{_second_stance()}    note: Stretching helps for a while.
    claims: [warmth-relieves]
"""


def many_articles(root: Path, count: int) -> Path:
    """A data folder at `root` with `count` articles, varied in length and stances."""
    data = SmallData(root)
    (root / "articles" / "weather.yaml").unlink()
    (root / "captures" / "weather.txt").unlink()
    for number in range(count):
        name = NAMES[number] if number < len(NAMES) else f"Fixture Article {number + 1}"
        data.add_article(f"fixture-{number + 1:02d}", name, root_cause=ROOT_CAUSES[number % len(ROOT_CAUSES)],
                         treatments=STRETCHING if number % 2 else "")
    return root


def site_project(folder: Path, data: Path, root: Path) -> Path:
    """A site project in `folder`: the real configuration, pages and code (`root`), and the data at `data`."""
    return synthetic.site_project(folder, data, root)
