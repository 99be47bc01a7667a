"""The article file, defined once: every field, its type, whether it is
required, its text limit, the vocabulary it refers to, what it means to an
editor and an example.

Everything else that knows the shape of `data/articles/<id>.yaml` is derived
from ARTICLE below, so it cannot drift from it:

- the loader (load.py) reads each field the way its kind says, in this order;
- `json_schema()` gives data/article.schema.json, which editors' YAML
  language servers use to complete and check fields as they type;
- `perspectives new` (scaffold.py) writes every field, explained by its
  description, with a placeholder where an editor must write;
- the contributor page (/contribute/) describes every field with its example.

Kinds:
  id        an id: lowercase words joined by hyphens
  text      plain text, at most `limit` characters (load.TEXT_LIMITS)
  date      a day, YYYY-MM-DD
  url       a web address
  choice    one of `choices`
  flag      true or false (optional; false when left out)
  sha256    a hex digest
  ids       a list of ids (claims of this article)
  quotations  a list of verbatim passages
  list      a list of records, each with `fields`
  mapping   a record with `fields`
  cells     one record (`fields`) per comparison dimension, keyed by its id
`unknown=True`: may instead be `{unknown: why}`. `none=True` (lists): may
instead be `{none: why}`, for a list the source honestly leaves empty.
`unknown_if_partial=True` (lists): may instead be `{unknown: why}`, but only
for a capture that is not the whole article (`source.partial`): nothing in the
part captured, the rest unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from perspectives.model import COMPARED

# A scaffolded value an editor has still to replace. The loader recognises it
# and refuses it with the field's description, so a scaffold fails the check
# until every field is filled (see load.Reader).
PLACEHOLDER = "FILL IN"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str
    example: Any = None
    required: bool = True
    limit: str = "text"
    vocabulary: str | None = None
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    unknown: bool = False
    none: bool = False
    minimum: int = 1
    unknown_if_partial: bool = False
    history: bool = False  # about the article's life on the site: a new article has none (scaffolded commented out)

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)

    @cached_property
    def instead(self) -> tuple[str, ...]:
        """What a list may be written as where the source leaves it empty: `none`, `unknown` (a partial capture)."""
        return tuple(form for form, allowed in (("none", self.none), ("unknown", self.unknown_if_partial)) if allowed)

    @cached_property  # read for every field of every article the loader reads
    def expected(self) -> str:
        """What the field holds, in the words a 'missing' message uses."""
        if self.kind in ("mapping", "cells"):
            if self.kind == "cells":
                return "one cell per dimension"
            required = [f"`{field.name}:`" for field in self.fields if field.required]
            return ", ".join(required[:-1]) + " and " + required[-1] if len(required) > 1 else required[0]
        if self.kind in ("list", "quotations"):
            forms = [f"`{{{form}: why}}`" for form in self.instead]
            return "a list" + (", or " + " or ".join(forms) if forms else "")
        if self.kind == "ids":
            return "a list of ids, e.g. `[claim-a, claim-b]`"
        if self.kind == "id" and self.vocabulary:
            # Where the ids are listed, and one of them: a new editor does not know the vocabulary's ids.
            return f"an id from vocabularies/{self.vocabulary}.yaml" + (f", such as `{self.example}`" if self.example else "")
        if self.kind == "id":
            return "an id of lowercase words joined by hyphens"
        if self.kind == "choice":
            return "one of: " + ", ".join(self.choices)
        if self.kind == "date" and not self.unknown:
            return "a date, YYYY-MM-DD"
        if self.kind == "flag":
            return "true or false"
        return "text, or `{unknown: reason}`" if self.unknown else "text"


_CLAIMS = "The claims of this article (their ids) that support this; at least one."

CLAIM = (
    Field("id", "id", "The claim's permanent id; it becomes the anchor #claim-<id>.", "spasm-protects-the-joint",
          limit="id"),
    Field("statement", "text", "One sentence in our own words: what the article asserts, no more and no less.",
          "Muscles tighten to protect a loose joint."),
    Field("quotations", "quotations",
          "Verbatim passages from the capture that show the claim; the check proves each one occurs there. "
          "Join in-order pieces of one passage with …; at most 50 words each.",
          ["Muscle spasms occur as a way for the body to protect a loose joint"], limit="quotation"),
    Field("former_ids", "ids", "Earlier ids of this claim whose anchors (#claim-<id>) were published: links to "
          "them land on this claim.", ["old-claim-id"], required=False, history=True),
)

CELL = (
    Field("value", "text", "The article's answer in our words (or, in a row with a vocabulary, a term id). "
          "Write exactly one of `value`, `none` or `unknown`.", "Joint instability from lax ligaments.",
          required=False),
    Field("short", "text", "The value at a glance: at most 5 words and 40 characters, saying no more than the value. "
          "Only beside a `value:` in our words.", "Lax ligaments", required=False, limit="label"),
    Field("claims", "ids", "The claims that support the value (and its short form). Only beside `value:`.",
          ["spasm-protects-the-joint"], required=False),
    Field("none", "text", "The article explicitly has none of it, and why we say so.",
          "The capture cites no study.", required=False),
    Field("unknown", "text", "The source leaves it open, and why.", "The text does not say who delivers it.",
          required=False),
    Field("implied", "flag", "Only beside `value:`: `true` when the text implies the value rather than states it "
          "(its claims' quotations show how). Pages mark the answer as implied.", True, required=False),
)

EVIDENCE = (
    Field("cited", "text", "What the article cites, as the article itself names it (author, title, year): "
          "never completed or invented.",
          "Graur JN, Panjabi MM, et al., Spine, 1997", limit="title"),
    Field("kind", "id", "What kind of source it is.", "study", vocabulary="evidence-kinds", limit="id"),
    Field("for", "text", "What the article cites it for, in our words.",
          "How long muscles take to brace the spine after a whiplash impact."),
    Field("role", "choice", "Whether the article cites it for its central claim or only for a side point.",
          "side", choices=("central", "side")),
    Field("claims", "ids", "The claims that quote or name the citation.", ["whiplash-study"]),
)

_IMPLIED = ("`true` when the text implies this rather than states it (the claims' quotations show how); pages "
            "say \"implied\". Leave it out when the text says it.")

# One thing an article says about a treatment: a stance with its note and claims. A treatment entry
# is one of these (the primary stance, what a glance shows) with any number more under `also:`.
SAYS = (
    Field("stance", "id", "What the article says about it.", "temporary-relief", vocabulary="stances", limit="id"),
    Field("note", "text", "In our words, what the article says about the treatment; for a stance that needs a "
          "qualifier, state the condition or limit.", "Massage soothes tight muscles, but the tightness returns."),
    Field("claims", "ids", _CLAIMS, ["muscle-treatments-are-temporary"]),
    Field("qualifier", "id", "For a stance marked `qualified` in vocabularies/stances.yaml: the claim (one of "
          "`claims`) that carries the condition or limit. Its quotation is shown first.",
          "muscle-treatments-are-temporary", required=False, limit="id"),
    Field("implied", "flag", _IMPLIED, True, required=False),
)

STANCE = (
    Field("treatment", "id", "The treatment the article mentions.", "massage", vocabulary="treatments", limit="id"),
    *SAYS,
    Field("also", "list", "Anything else the article says about the same treatment, each with its own stance, note "
          "and claims: its effect and the role it gives it can differ (relief that is only temporary, and used "
          "alongside its own method). `stance:` above is the one a glance shows; never drop what the text says "
          "to fit one word.",
          [{"stance": "conditional", "note": "The publisher uses it alongside its own treatment.",
            "claims": ["muscle-treatments-used-alongside"], "qualifier": "muscle-treatments-used-alongside"}],
          required=False, minimum=1, fields=SAYS),
)

HOLDING = (
    Field("theme", "id", "The shared theme.", "cause-lies-outside-the-spasming-muscle", vocabulary="themes",
          limit="id"),
    Field("position", "choice", "Whether the article holds the theme or rejects it. An article that says "
          "neither is left out: the agreement page lists it under \"does not say\".", "holds",
          choices=("holds", "rejects")),
    Field("implied", "flag", _IMPLIED, True, required=False),
    Field("limited", "text", "Only when the article holds (or rejects) the theme in part: how, in our words, as a "
          "sentence. Pages then say \"in part\", never a plain hold or reject.",
          "Only for a spasm after an accident that jolts the body.", required=False),
    Field("note", "text", "In our words, how the article holds or rejects it.",
          "The spasm answers a loose joint, not a muscle problem."),
    Field("claims", "ids", "The claims that show it. The first claim's first quotation is the one the agreement "
          "page shows under the theme: list first the claim that shows the theme best.",
          ["spasm-protects-the-joint"]),
)

CORRECTION = (
    Field("date", "date", "The day the correction was made, YYYY-MM-DD.", "2026-11-24"),
    Field("note", "text", "One line: what was corrected and why.",
          "The root cause now keeps the article's own hedge (\"more often\")."),
)

ARTICLE = Field("article", "mapping", "One article.", fields=(
    Field("id", "id", "The article's permanent id: its address /articles/<id>/. Must equal the file name.",
          "caring-medical-continuous-muscle-spasms", limit="id"),
    Field("status", "choice", "`draft` while an editor works on it: shown with a banner by `mkdocs serve`, left "
          "out of the published build. `ready` to publish.", "ready", choices=("draft", "ready")),
    Field("added", "date", "The day the article was added to the site, YYYY-MM-DD.", "2026-11-21"),
    Field("reviewed", "date", "The day its data was last reviewed against the capture, YYYY-MM-DD; not before "
          "`added`.", "2026-11-24", required=False),
    Field("short_title", "text", "The article's name on the site, everywhere: its column, its page's title, lists, links, "
          "the feed, search and sharing cards. Usually the publisher or author, as readers know them.", "Caring Medical",
          limit="label"),
    Field("title", "text", "The article's own headline, as it stands in the source.",
          "Can I Take Anything for Continuous Muscle Spasms", limit="title", unknown=True),
    Field("title_note", "text", "Where the title comes from, if not plainly the headline.",
          "Taken from the first line of the capture.", required=False),
    Field("author", "text", "The person who wrote it, as the source names them.",
          {"unknown": "No author is named."}, limit="title", unknown=True),
    Field("publisher", "text", "Who publishes it: the site, clinic or organisation the source names.",
          "Caring Medical", limit="title", unknown=True),
    Field("published", "date", "The date the source gives for it, YYYY-MM-DD.",
          {"unknown": "The capture carries no date."}, unknown=True),
    Field("discipline", "mapping", "The field the author or publisher works in, and what we base that on.",
          {"id": "prolotherapy", "basis": "The text is credited to a prolotherapy clinic."}, unknown=True, fields=(
              Field("id", "id", "The discipline.", "prolotherapy", vocabulary="disciplines", limit="id"),
              Field("basis", "text", "Why we say so, from the capture.",
                    "The text is credited to a prolotherapy clinic."),
          )),
    Field("format", "id", "What kind of text the capture is.", "article", vocabulary="formats", limit="id"),
    Field("source", "mapping", "Where the article lives and how its capture relates to it.", fields=(
        Field("url", "url", "The address of the original article.", "https://example.org/article", limit="url",
              unknown=True),
        Field("captured_from", "url", "Where the capture was taken, if not from `url` (a repost, an archive).",
              "https://example.org/repost", required=False, limit="url"),
        Field("compared", "choice", "Whether the capture was compared with the live page at `url`: `matches`, "
              "`differs` (the live page has changed), `opening-matches` (only the page's opening was compared, and "
              "it reads like the capture), or `not-compared`. Quotation links say which.",
              "not-compared", choices=tuple(COMPARED)),
        Field("note", "text", "What else a reader should know about the capture.",
              "The capture is of a repost on a blog.", required=False),
        Field("partial", "mapping", "Only if the capture is not the whole article: where it ends and what is "
              "missing. Shown on the article page and beside answers that are unknown because of it.",
              {"ends": "mid-sentence at the end of the third paragraph.", "missing": "The rest of the article."},
              required=False, fields=(
                  Field("ends", "text", "Where the capture ends, as words that follow \"it ends\" (pages say "
                        "\"it ends mid-sentence…\"): start in lower case.",
                        "mid-sentence at the end of the third paragraph."),
                  Field("missing", "text", "What is missing from it, as far as can be told.",
                        "The rest of the article."),
              )),
        Field("capture_sha256", "sha256", "The sha256 of captures/<id>.txt, so that any edit to the capture is "
              "noticed. Leave it empty and the check prints the hash to use.",
              "897cc3d71ec922d7a09d73dc90ddd567fac3859875836a1db872901ea5cebe37"),
    )),
    Field("summary", "text", "Two or three short paragraphs in our own words, separated by a blank line: neutral, "
          "faithful, saying no more than the source.", "The article argues that …", limit="summary"),
    Field("claims", "list", "The key claims, in reading order, each backed by verbatim quotations.", fields=CLAIM),
    Field("comparison", "cells", "One cell per dimension in vocabularies/dimensions.yaml (rows with `field:` are "
          "not written here): a `value` with `claims`, or `none: why`, or `unknown: why`.", fields=CELL),
    Field("evidence", "list", "Each study, review, guideline or other source the article cites, described: what "
          "it is, what kind, what for, and whether for the central claim or a side point. An article that cites "
          "nothing has `evidence: {none: why we say so}`; one whose capture is incomplete and cites nothing in the "
          "part captured has `evidence: {unknown: why}`.", fields=EVIDENCE, none=True, unknown_if_partial=True),
    Field("treatments", "list", "Each treatment the article mentions, with its stance on it.", required=False,
          minimum=0, fields=STANCE),
    Field("themes", "list", "The shared themes the article holds or explicitly rejects.", required=False,
          minimum=0, fields=HOLDING),
    Field("corrections", "list", "Every correction made to this article's data after it was published, each "
          "with a one-line reason.", [{"date": "2026-11-24", "note": "The root cause keeps the article's hedge."}],
          required=False, minimum=0, fields=CORRECTION, history=True),
    Field("former_ids", "ids", "Earlier ids of this article whose addresses must keep working (they redirect "
          "here).", ["old-article-id"], required=False, history=True),
))


# Fields that were renamed or replaced: an editor (or an old file) writing the old name is told the new one,
# rather than offered the closest name by spelling. Paths as articlefile.walk() names them.
RENAMED = {
    "source.capture_differs": "it was replaced by `compared:`: write `compared: differs` if the live page has "
                              "changed since the capture (or `matches`, `opening-matches`, `not-compared`)",
}


# -- JSON Schema ------------------------------------------------------------------------------------

SCHEMA_FILE = "article.schema.json"  # in data/, beside articles/; published at the site root
_ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def json_schema(limits: dict[str, int]) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one article file, from ARTICLE.

    It checks shape, as an editor types; the loader and the check stage stay
    the authority (vocabulary ids, quotations and hashes need the data)."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Muscle Spasm Perspectives: an article file (data/articles/<id>.yaml)",
        "description": "Generated from scripts/perspectives/articlefile.py; do not edit by hand "
                       "(tests/test_articlefile.py checks it is up to date).",
    }
    schema.update(_schema(ARTICLE, limits))
    schema["$defs"] = {"unknown": {
        "description": "A fact the source does not give, with the reason it is unknown.",
        "type": "object", "additionalProperties": False, "required": ["unknown"],
        "properties": {"unknown": {"type": "string", "minLength": 1, "maxLength": limits["text"]}},
    }}
    return schema


def _schema(field: Field, limits: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {"description": field.description}
    if field.kind in ("text", "url", "date", "id", "choice", "sha256"):
        out.update(type="string", minLength=1)
        if field.kind in ("text", "url", "id", "date"):
            out["maxLength"] = limits[field.limit]
        if field.kind == "id":
            out["pattern"] = _ID_PATTERN
        elif field.kind == "date":
            out["pattern"] = _DATE_PATTERN
        elif field.kind == "choice":
            out = {"description": field.description, "enum": list(field.choices)}
        elif field.kind == "sha256":
            out = {"description": field.description, "type": "string", "pattern": "^([0-9a-f]{64})?$"}
        if field.vocabulary:
            out["description"] += f" An id from vocabularies/{field.vocabulary}.yaml."
    elif field.kind == "flag":
        out["type"] = "boolean"
    elif field.kind in ("ids",):
        out.update(type="array", minItems=field.minimum,
                   items={"type": "string", "pattern": _ID_PATTERN, "maxLength": limits["id"]})
    elif field.kind == "quotations":
        out.update(type="array", minItems=field.minimum,
                   items={"type": "string", "minLength": 1, "maxLength": limits["quotation"]})
    elif field.kind in ("mapping", "list", "cells"):
        record = {"type": "object", "additionalProperties": False,
                  "required": [sub.name for sub in field.fields if sub.required],
                  "properties": {sub.name: _schema(sub, limits) for sub in field.fields}}
        if field.kind == "cells":
            record.pop("required")
            kinds = [{"required": [kind]} for kind in ("value", "none", "unknown")]
            record["oneOf"] = kinds
            out.update(type="object", propertyNames={"pattern": _ID_PATTERN}, additionalProperties=record)
        elif field.kind == "list":
            out.update(type="array", minItems=field.minimum, items=record)
        else:
            out.update({key: value for key, value in record.items()})
    if field.unknown:
        described = {key: value for key, value in out.items() if key != "description"}
        out = {"description": field.description, "anyOf": [described, {"$ref": "#/$defs/unknown"}]}
    if field.none or field.unknown_if_partial:
        forms = field.instead
        out = {"description": field.description, "anyOf": [
            {key: value for key, value in out.items() if key != "description"},
            *({"type": "object", "additionalProperties": False, "required": [form],
               "properties": {form: {"type": "string", "minLength": 1, "maxLength": limits["text"]}}}
              for form in forms)]}
    if field.example is not None and field.kind not in ("list", "cells") and not field.none:
        out["examples"] = [field.example]
    return out


def schema_text(limits: dict[str, int]) -> str:
    import json

    return json.dumps(json_schema(limits), indent=2, ensure_ascii=False) + "\n"


def walk(field: Field = ARTICLE, prefix: str = ""):
    """Every field under `field`, with its dotted path (`source.compared`, `claims[].id`)."""
    for sub in field.fields:
        path = f"{prefix}{sub.name}"
        yield path, sub
        if sub.fields:
            yield from walk(sub, path + ("[]." if sub.kind == "list" else "." if sub.kind == "mapping" else ".<dimension>."))


def example(field: Field = ARTICLE) -> Any:
    """A whole article file made of the definition's examples: the contributor page's worked example."""
    if field.kind == "mapping" and field.fields:
        return {sub.name: example(sub) for sub in field.fields
                if not sub.history and (sub.required or sub.kind == "list" or sub.example is not None)}
    if field.kind == "list" and field.example is not None:
        return field.example
    if field.kind == "list":
        return [{sub.name: example(sub) for sub in field.fields if sub.required or sub.name in ("qualifier", "also")},
                *_MORE_EXAMPLES.get(field.name, [])]
    if field.kind == "cells":
        return {"root-cause": {"value": field.field("value").example, "short": field.field("short").example,
                               "claims": field.field("claims").example},
                "delivered-by": {"unknown": field.field("unknown").example}}
    return field.example


# The worked example's second claim: the one its evidence item and stance cite.
_MORE_EXAMPLES = {"claims": [{
    "id": "muscle-treatments-are-temporary",
    "statement": "Massage and stretching relieve tight muscles only for a while.",
    "quotations": ["these treatments are a temporary solution"]}, {
    "id": "muscle-treatments-used-alongside",
    "statement": "The publisher uses many of these treatments alongside its own while the joint stabilises.",
    "quotations": ["We even use many of these adjunctively to Prolotherapy"]}, {
    "id": "whiplash-study",
    "statement": "The article quotes one study on how long muscles take to brace the spine in whiplash.",
    "quotations": ["the reaction time for an unwarned victim to develop sufficient muscle force to brace the spine "
                   "is approximately 200 msec"]}]}


def kind_label(field: Field) -> str:
    """A field's kind in an editor's words."""
    words = {"id": "id", "text": "text", "date": "date (YYYY-MM-DD)", "url": "web address", "sha256": "sha256 hash",
             "ids": "list of claim ids", "quotations": "list of verbatim quotations", "list": "list of entries",
             "mapping": "set of fields", "cells": "one cell per dimension",
             "choice": "one of: " + ", ".join(field.choices), "flag": "true or false"}
    label = words[field.kind] if field.name != "former_ids" else "list of this article's earlier ids"
    if field.unknown:
        label += ", or {unknown: why}"
    if field.none:
        label += ", or {none: why}"
    if field.unknown_if_partial:
        label += ", or {unknown: why} (incomplete capture only)"
    return label
