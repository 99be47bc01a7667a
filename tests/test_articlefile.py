"""The article file, defined once (scripts/perspectives/articlefile.py), and what is derived from it:
the loader's reading, the JSON Schema editors use, `perspectives new`, the contributor page; and the
model it carries: drafts, theme positions, evidence, qualifiers, honest unknowns, dates.

Fixture articles live in tests/fixture_articles/ and are checked against tests/corpus/base's own
vocabularies, so nothing here depends on what data/vocabularies holds today."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import BIN, DATA, ROOT
from perspectives import articlefile, build_site, load_checked, urls
from perspectives.errors import DataErrors
from perspectives.load import TEXT_LIMITS
from perspectives.render import icon_html
from perspectives.urls import ARTICLE_FILE_SCHEMA

FIXTURES = Path(__file__).parent / "fixture_articles"
BASE = Path(__file__).parent / "corpus" / "base"
SCHEMA_LINE = f"# yaml-language-server: $schema=../{articlefile.SCHEMA_FILE}"


def fixture_data(folder: Path, *articles: str) -> Path:
    """tests/corpus/base (its own small vocabularies) plus the named fixture articles."""
    data = folder / "data"
    shutil.copytree(BASE, data)
    for name in articles:
        text = (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
        (data / "articles" / f"{name}.yaml").write_text(text, encoding="utf-8")
        shutil.copy(FIXTURES / f"{name}.txt", data / "captures" / f"{name}.txt")
    return data


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors(data: Path) -> list[str]:
    with pytest.raises(DataErrors) as failure:
        load_checked(data)
    return [str(error) for error in failure.value.errors]


def page(site, path: str) -> str:
    return next(p.content for p in site.pages if p.path == path)


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it for the schema: true and false are booleans, dates
    stay text (the site's reader keeps dates as written)."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def yaml_document(path: Path):
    """An article file as JSON sees it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)


# -- the schema ---------------------------------------------------------------------------------

def test_the_committed_schema_is_the_one_the_definition_generates():
    committed = (DATA / articlefile.SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == articlefile.schema_text(TEXT_LIMITS), \
        "run `perspectives schema` to regenerate data/article.schema.json"
    Draft202012Validator.check_schema(json.loads(committed))


def test_every_field_of_the_definition_is_in_the_schema():
    schema = articlefile.json_schema(TEXT_LIMITS)

    def properties(node):
        for option in node.get("anyOf", []):
            yield from properties(option)
        yield from node.get("properties", {}).items()
        if isinstance(node.get("items"), dict):
            yield from properties(node["items"])
        if isinstance(node.get("additionalProperties"), dict):
            yield from properties(node["additionalProperties"])

    def paths(node, prefix=""):
        for name, sub in properties(node):
            yield prefix + name
            yield from paths(sub, prefix + name + ".")

    found = set(paths(schema))
    for path, _ in articlefile.walk():
        assert path.replace("[].", ".").replace(".<dimension>.", ".") in found, path


@pytest.mark.parametrize("path", sorted((DATA / "articles").glob("*.yaml")) + [FIXTURES / "heat-clinic.yaml"],
                         ids=lambda path: path.stem)
def test_article_files_validate_and_point_at_the_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    validator = Draft202012Validator(articlefile.json_schema(TEXT_LIMITS))
    assert [error.message for error in validator.iter_errors(yaml_document(path))] == []


def test_the_schema_refuses_what_the_loader_refuses():
    validator = Draft202012Validator(articlefile.json_schema(TEXT_LIMITS))
    document = yaml_document(FIXTURES / "heat-clinic.yaml")
    assert validator.is_valid(document)
    for broken in ({**document, "publsher": "x"}, {k: v for k, v in document.items() if k != "status"},
                   {**document, "status": "published"},
                   {**document, "source": {**document["source"], "compared": "yes"}},
                   {**document, "themes": [{**document["themes"][0], "position": "maybe"}]},
                   {**document, "evidence": [{**document["evidence"][0], "role": "main"}]},
                   {**document, "id": "Heat Clinic"}):
        assert not validator.is_valid(broken)


def test_the_schema_is_published_beside_the_data_downloads():
    site = build_site(DATA)
    assert page(site, ARTICLE_FILE_SCHEMA) == (DATA / articlefile.SCHEMA_FILE).read_text(encoding="utf-8")


# -- perspectives new ---------------------------------------------------------------------------

def new(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "perspectives"), "new", *args, "--data", str(data)],
                          capture_output=True, text=True, timeout=60)


def test_a_scaffold_fails_the_check_until_filled_then_passes(tmp_path):
    data = fixture_data(tmp_path)
    result = new(data, str(FIXTURES / "heat-clinic.txt"), "--id", "heat-clinic", "--url", "https://example.org/heat")
    assert result.returncode == 0, result.stderr
    scaffold = data / "articles" / "heat-clinic.yaml"
    assert (data / "captures" / "heat-clinic.txt").read_bytes() == (FIXTURES / "heat-clinic.txt").read_bytes()
    text = scaffold.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "status: draft" in text and "added: 20" in text and "url: https://example.org/heat" in text
    fixture_hash = yaml_document(FIXTURES / "heat-clinic.yaml")["source"]["capture_sha256"]
    assert f"capture_sha256: {fixture_hash}" in text
    # Every field of the definition is there (optional ones commented out), under its explanation.
    for path, field in articlefile.walk():
        assert f"{field.name}:" in text, path
        assert field.description.split()[0] in text, path
    found = errors(data)
    assert found and all("still holds the placeholder of a new article — write it: " in line for line in found)
    # A field the source may not give says how to say so, which a new editor would not guess.
    for field in ("published", "author"):
        assert any(f": {field}: still holds" in line and "{unknown: why it is not known}" in line for line in found), field
    written = {line.split(": ")[1] for line in found}
    for required in ("short_title", "title", "summary", "claims[0].statement", "claims[0].quotations",
                     "source.compared", "evidence[0].cited", "themes[0].position"):
        assert required in written, required
    # The editor fills it in (here: the filled fixture), and it passes.
    shutil.copy(FIXTURES / "heat-clinic.yaml", scaffold)
    assert {article.id for article in load_checked(data).articles} == {"weather", "heat-clinic"}


def test_new_never_overwrites(tmp_path):
    data = fixture_data(tmp_path, "heat-clinic")
    before = (data / "articles" / "heat-clinic.yaml").read_bytes()
    result = new(data, str(FIXTURES / "heat-clinic.txt"), "--id", "heat-clinic")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "already exists; nothing was written" in result.stderr
    assert (data / "articles" / "heat-clinic.yaml").read_bytes() == before
    result = new(data, str(FIXTURES / "heat-clinic.txt"), "--id", "weather")
    assert result.returncode == 1 and "captures/weather.txt: already exists" in result.stderr
    assert not (data / "articles" / "weather.yaml").read_text(encoding="utf-8").startswith(SCHEMA_LINE)


def test_new_refuses_a_bad_id_or_a_missing_capture(tmp_path):
    data = fixture_data(tmp_path)
    assert "is not a valid id" in new(data, str(FIXTURES / "heat-clinic.txt"), "--id", "Heat Clinic").stderr
    assert "no such file" in new(data, str(tmp_path / "nothing.txt"), "--id", "heat").stderr
    assert "is a folder" in new(data, str(tmp_path), "--id", "heat").stderr
    # What the check would refuse only later is refused before anything is written: an id a page of the site
    # takes, an address that is none (an unknown one is left out).
    taken = sorted(urls.reserved_ids("articles"))[0]
    assert "is taken by a page or anchor the site generates" in new(
        data, str(FIXTURES / "heat-clinic.txt"), "--id", taken).stderr
    for address in ("unknown", "example.org/heat", "https://example.org/a b"):
        result = new(data, str(FIXTURES / "heat-clinic.txt"), "--id", "heat", "--url", address)
        assert result.returncode == 1 and "is not a web address" in result.stderr, address
    assert sorted(path.name for path in (data / "articles").iterdir()) == ["weather.yaml"]


def test_new_refuses_another_articles_former_id_and_the_check_tells_both_articles(tmp_path):
    """An article renamed keeps its old id (former_ids), whose address redirects to it: a new article of that
    id would take the address. `new` refused nothing, and the check blamed the renamed article alone."""
    data = fixture_data(tmp_path)
    edit(data / "articles/weather.yaml", "id: weather\n", "id: weather\nformer_ids: [heat]\n")
    result = new(data, str(FIXTURES / "heat-clinic.txt"), "--id", "heat")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "--id 'heat' is a former id of the article in " in result.stderr and "weather.yaml" in result.stderr
    assert sorted(path.name for path in (data / "articles").iterdir()) == ["weather.yaml"]
    # Written by hand all the same: the article that takes the old address is told, naming the other, and
    # only it (told too, the renamed article's editor took its former id out, and the new article took over
    # its old address and links).
    shutil.copy(FIXTURES / "heat-clinic.yaml", data / "articles/heat.yaml")
    shutil.copy(FIXTURES / "heat-clinic.txt", data / "captures/heat.txt")
    edit(data / "articles/heat.yaml", "\nid: heat-clinic\n", "\nid: heat\n")
    found = errors(data)
    assert len(found) == 1 and found[0].startswith("data/articles/heat.yaml:2: id: 'heat' is a former id of "
                                                   "Weather Clinic (data/articles/weather.yaml)"), found


def test_make_new_runs_the_command():
    dry = subprocess.run(["make", "-n", "new", "CAPTURE=x.txt", "ID=some-id", "URL=https://example.org/"],
                         capture_output=True, text=True, cwd=ROOT)
    assert 'perspectives new "x.txt" --id "some-id" --url "https://example.org/"' in dry.stdout


# -- the model, on pages ------------------------------------------------------------------------

@pytest.fixture
def heat(tmp_path) -> Path:
    return fixture_data(tmp_path, "heat-clinic")


def test_a_filled_article_appears_everywhere(heat):
    site = build_site(heat)
    assert 'data-column="heat-clinic"' in page(site, "compare/index.md")
    assert 'href="../articles/heat-clinic/' in page(site, "agreement.md")
    assert any(article["id"] == "heat-clinic" for article in json.loads(page(site, "articles.json"))["articles"])


def test_a_rejected_theme_is_shown_apart_from_holding_and_silence(heat):
    agreement = page(build_site(heat), "agreement.md")
    # Held by one and rejected by the other: it divides them, so it leads the page, each side named apart.
    divided = agreement[agreement.index("{ #differ-positions }"):agreement.index("{ #differ-treatments }")]
    assert f'{icon_html("material-close")} Rejects</span> <a href="#guarding--heat-clinic">' in divided
    assert f'{icon_html("material-check")} Holds</span> <a href="#guarding--weather">' in divided
    section = agreement[agreement.index("{ #guarding }"):]
    held, rejected = section.index("**Held by 1 of 2 articles.**"), section.index("**Rejected by 1 of 2 articles.**")
    assert held < section.index("{ #guarding--weather }") < rejected < section.index("{ #guarding--heat-clinic }")
    assert "Does not say" not in section


def test_evidence_is_described_not_counted(heat):
    article = page(build_site(heat), "articles/heat-clinic.md")
    assert "In all: 1 anecdote, cited for a side point." in article
    assert "Anecdote, cited for a side point: That most swimmers cramped in cold water" in article
    weather = page(build_site(heat), "articles/weather.md")
    assert "The article cites nothing: The text cites nothing" in weather


def test_unknown_discipline_not_compared_capture_and_partial_capture_are_said(heat):
    site = build_site(heat)
    article = page(site, "articles/heat-clinic.md")
    assert "<strong>Discipline:</strong> <em>Unknown:</em> The text names no profession" in article
    assert "the original was not compared with the captured text" in article
    assert ">Original <span class=\"twemoji\">" in article
    assert "<strong>Capture:</strong> not compared with the live page" in article
    assert "<strong>Incomplete capture:</strong> it ends mid&#45;sentence" in article
    compare = page(site, "compare/index.md")
    cell = compare[compare.index('id="dimension-delivered-by--heat-clinic"'):]
    assert "(The capture is incomplete: see <a href=\"../articles/heat-clinic/#source\"" in cell[: cell.index("</td>")]
    weather = page(site, "articles/weather.md")
    assert ">Original <span class=\"twemoji\">" in weather and "not compared" not in weather


def test_claims_are_listed_in_the_article_pages_order_whatever_order_the_data_gives(heat):
    edit(heat / "articles/heat-clinic.yaml", "    claims: [rest-keeps-it-cold]\n    qualifier: rest-keeps-it-cold",
         "    claims: [rest-keeps-it-cold, cooled-muscle]\n    qualifier: rest-keeps-it-cold")
    site = build_site(heat)
    article = page(site, "articles/heat-clinic.md")
    numbers = {anchor: int(number) for number, anchor in
               re.findall(r"^### (\d+)\. .* \{ #(claim-[a-z0-9-]+) \}$", article, re.M)}
    assert numbers["claim-cooled-muscle"] < numbers["claim-rest-keeps-it-cold"]
    for path in ("treatments/rest.md", "articles/heat-clinic.md", "compare/index.md"):
        text = page(site, path)
        pairs = re.findall(r"#(claim-cooled-muscle|claim-rest-keeps-it-cold)\"[^>]*>(?:<span[^>]*>)?claim (\d+)", text, re.I)
        assert pairs, path
        for anchor, number in pairs:  # each link names the claim's number on its page
            assert int(number) == numbers[anchor], (path, anchor)
    treatment = page(site, "treatments/rest.md")
    assert treatment.index("#claim-cooled-muscle") < treatment.index("#claim-rest-keeps-it-cold")


@pytest.mark.parametrize("old, new, expected", [
    ("    qualifier: rest-keeps-it-cold\n", "",
     "treatments[1].stance: 'Not recommended' needs a qualifier — add `qualifier:` naming the claim (one of "
     "rest-keeps-it-cold) that carries the condition or limit, and state it in `note:`"),
    ("    qualifier: rest-keeps-it-cold", "    qualifier: cooled-muscle",
     "treatments[1].qualifier: 'cooled-muscle' is not one of this entry's claims — add `cooled-muscle` to this "
     "entry's `claims:`, or use one of: rest-keeps-it-cold"),
    ("    qualifier: rest-keeps-it-cold", "    qualifier: no-such-claim",
     "treatments[1].qualifier: 'no-such-claim' is not one of this entry's claims — use one of: rest-keeps-it-cold"),
    ("    claims: [hot-shower-stretch]\n  - treatment: rest", "    claims: [hot-shower-stretch]\n"
     "    qualifier: hot-shower-stretch\n  - treatment: rest",
     "treatments[0].qualifier: 'Recommended' takes no qualifier — remove `qualifier:`, or choose a stance marked "
     "`qualified: true` in vocabularies/stances.yaml"),
    ("reviewed: 2024-05-02", "reviewed: 2024-04-30", "reviewed: '2024-04-30' is before `added` (2024-05-01) — "
     "a review comes after the article was added"),
    ("added: 2024-05-01", "added: 2999-01-01", "added: '2999-01-01' is in the future — write the day it happened, today or earlier"),
    ("status: ready", "status: published", "status: 'published' is not one of: draft, ready — write "
     "`status: draft` or `status: ready`"),
    ("    position: rejects", "    position: doubts", "themes[0].position: 'doubts' is not one of: holds, rejects"),
    ("    role: side", "    role: main", "evidence[0].role: 'main' is not one of: central, side"),
    ("    kind: anecdote", "    kind: antidote", "evidence[0].kind: 'antidote' is not in vocabularies/evidence-kinds.yaml"),
    ("reviewed: 2024-05-02\n", "reviewed: 2024-05-02\ncorrections:\n  - date: 2024-13-01\n    note: Fixed.\n",
     "corrections[0].date: '2024-13-01' is not a real date"),
])
def test_the_new_fields_are_checked(heat, old, new, expected):
    edit(heat / "articles/heat-clinic.yaml", old, new)
    found = errors(heat)
    assert any(expected in line and line.startswith("data/articles/heat-clinic.yaml:") for line in found), found


# -- drafts -------------------------------------------------------------------------------------

def test_a_draft_is_checked_and_left_out_of_the_published_site_but_bannered_when_served(heat):
    edit(heat / "articles/heat-clinic.yaml", "status: ready", "status: draft")
    published = build_site(heat)
    assert not any("heat-clinic" in p.path or "heat-clinic" in p.content or "Heat Clinic" in p.content
                   for p in published.pages)
    assert not any("Heat Clinic" in fragment for fragment in published.fragments.values())
    served = build_site(heat, drafts=True)
    article = page(served, "articles/heat-clinic.md")
    assert '<p class="admonition-title">Draft</p>' in article
    assert 'Heat Clinic</a>' not in article
    assert '<span class="msp-draft-mark">(draft)</span>' in page(served, "compare/index.md")
    assert '<span class="msp-draft-mark">(draft)</span>' in page(served, "articles/index.md")
    # A draft is checked like any article.
    edit(heat / "articles/heat-clinic.yaml", "    kind: anecdote", "    kind: antidote")
    assert any("antidote" in line for line in errors(heat))


# -- vocabularies are data ----------------------------------------------------------------------

def test_adding_a_stance_to_the_real_vocabulary_breaks_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "vocabularies/stances.yaml").open("a", encoding="utf-8") as file:
        file.write("- id: recommended-with-care\n  label: Recommended with care\n  icon: material-check\n"
                   "  description: The article advises it, with a warning.\n  qualified: true\n")
    dataset = load_checked(data)
    assert "recommended-with-care" in [stance.id for stance in dataset.vocabularies["stances"]]
    site = build_site(data)
    assert "Recommended with care" in page(site, "contribute.md")
    assert "Recommended with care" in site.fragments["stance-legend"]
    collection = json.loads(page(site, "articles.json"))
    assert any(stance["id"] == "recommended-with-care" and stance["qualified"] for stance in collection["stances"])


def test_the_contributor_page_describes_every_field_and_the_vocabularies():
    dataset = load_checked(DATA)
    contribute = page(build_site(DATA), "contribute.md")
    for path, field in articlefile.walk():
        assert f"### <code>{path.replace('_', '&#95;').replace('<', '&#60;').replace('>', '&#62;').replace('.', '&#46;').replace('[', '&#91;').replace(']', '&#93;').replace('-', '&#45;')}</code>" in contribute, path
    for name in ("stances", "themes", "evidence-kinds"):
        for term in dataset.vocabularies[name]:
            if not term.implicit:
                assert f"(<code>{term.id.replace('-', '&#45;')}</code>)" in contribute
    assert "perspectives quote CAPTURE" in contribute and "make new CAPTURE=" in contribute
    assert '<pre class="msp-example"><code>' in contribute
