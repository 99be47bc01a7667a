"""The typed records everything past the loader works with.

Words are the domain's: an article makes claims, each backed by verbatim
quotations from its capture; it takes a stance on treatments, holds themes,
and fills one cell per comparison dimension. Every record keeps its `origin`
(file and line, per field) so that later checks can point at the exact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Literal, Union

# Ids (articles, claims, vocabulary terms) are URL slugs and anchors: lowercase words and hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Origin:
    """Where a record was written: file, line of the record, line of each field."""

    path: str
    line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    name: str = ""  # the record's place in its file, e.g. `treatments[2]`

    def at(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass(frozen=True)
class Unknown:
    """A fact the source does not give, with the reason it is unknown."""

    reason: str


Text = Union[str, Unknown]


@dataclass(frozen=True)
class Term:
    """One entry of a shared vocabulary (a treatment, stance, discipline, …)."""

    id: str
    label: str
    description: str
    origin: Origin
    icon: str | None = None
    implicit: bool = False
    # A stance marked `qualified: true` says "only with a condition or limit":
    # an article taking it must name the claim that carries the condition.
    qualified: bool = False
    former_ids: tuple[str, ...] = ()  # earlier ids whose URLs or anchors must keep working (redirects)
    # Stances this one contradicts ("recommended" and "harmful"): two articles taking such a pair on
    # one treatment disagree. Declared on either side; the relation is symmetric (Vocabularies.conflict).
    conflicts_with: tuple[str, ...] = ()
    # An evidence kind a reader can look up (a study, a review, a guideline), as against the author's
    # own experience: what the findings count as published support.
    published: bool = False


@dataclass(frozen=True)
class Dimension:
    """A row of the comparison matrix.

    With `field`, the row shows a fact from each article's source record;
    otherwise each article fills a cell for it. `vocabulary` limits values to
    the ids of one vocabulary.
    """

    id: str
    label: str
    description: str
    origin: Origin
    field: str | None = None
    vocabulary: str | None = None
    former_ids: tuple[str, ...] = ()  # earlier ids whose row and cell anchors on /compare/ must keep working


# What a stance that leaving the entry out implies ("not mentioned") is told when written, and the fix: the
# check says it of the id, the loader of its label.
IMPLIED_BY_LEAVING_OUT = ("is implied by leaving the entry out", "remove this entry instead")

VOCABULARY_NAMES = ("treatments", "stances", "disciplines", "formats", "delivery", "evidence-kinds", "themes")

# Facts of an article's own record that a `field` dimension may show, and the vocabulary of each.
RECORD_FIELDS = {"discipline": "disciplines", "format": "formats"}
# Fields a `field` dimension may show that are described, not a vocabulary term:
# `evidence-kind` says how much of what kind is cited for what, `evidence` lists it.
DESCRIBED_FIELDS = ("evidence-kind", "evidence")


@dataclass(frozen=True)
class Vocabularies:
    """The shared vocabularies, in file order, and the comparison dimensions."""

    terms: dict[str, tuple[Term, ...]]
    dimensions: tuple[Dimension, ...]
    # Vocabulary files (by name, `dimensions` too) that did not load cleanly: their own errors say why, and
    # the articles' references to them are not checked until they load (causes before consequences).
    broken: frozenset[str] = frozenset()

    def get(self, vocabulary: str, term_id: str) -> Term | None:
        return self._index.get(vocabulary, {}).get(term_id)

    @cached_property
    def _index(self) -> dict[str, dict[str, Term]]:
        # The check looks up a dozen terms per article; the first of a duplicated id wins, as in file order.
        return {name: {term.id: term for term in reversed(terms)} for name, terms in self.terms.items()}

    def term(self, vocabulary: str, term_id: str) -> Term:
        term = self.get(vocabulary, term_id)
        if term is None:
            raise KeyError(f"{vocabulary}: {term_id}")
        return term

    def __getitem__(self, vocabulary: str) -> tuple[Term, ...]:
        return self.terms[vocabulary]

    @cached_property
    def _conflicts(self) -> frozenset[tuple[str, str]]:
        pairs = {(term.id, other) for term in self.terms.get("stances", ()) for other in term.conflicts_with}
        return frozenset(pairs | {(b, a) for a, b in pairs})

    def conflict(self, first: str, second: str) -> bool:
        """Whether two stances contradict each other (see Term.conflicts_with)."""
        return (first, second) in self._conflicts

    @cached_property
    def implicit_stance(self) -> Term:
        """The stance shown where an article does not mention a treatment."""
        return next(term for term in self.terms["stances"] if term.implicit)


@dataclass(frozen=True)
class Quotation:
    """Verbatim text from the capture; pieces of one passage joined by `…`."""

    text: str
    line: int
    fragments: tuple[str, ...] = field(init=False, repr=False, compare=False)  # the pieces between `…`

    def __post_init__(self) -> None:
        # Computed once: the check reads them twice, the pages again.
        object.__setattr__(self, "fragments", tuple(piece.strip() for piece in self.text.split("…") if piece.strip()))


@dataclass(frozen=True)
class Claim:
    """Something the article asserts, in our words, with its quotations."""

    id: str
    statement: str
    quotations: tuple[Quotation, ...]
    origin: Origin
    former_ids: tuple[str, ...] = ()  # earlier ids whose anchors (#claim-<id>) must keep landing on this claim

    @property
    def anchor(self) -> str:
        return f"claim-{self.id}"

    @property
    def anchors(self) -> tuple[str, ...]:
        """Its anchor and those of its former ids."""
        return (self.anchor, *(f"claim-{former}" for former in self.former_ids))

    @cached_property  # every link to the claim names it: a page can hold dozens
    def label(self) -> str:
        """The claim in a few words, for the links that cite it ("muscle treatments are temporary"):
        the words of its id, which the editor chose to name it, each written as the statement writes
        it past its first word (PNF, Landau, Rehab and Revive), otherwise in lower case."""
        return " ".join(_as_written(word, self.statement) for word in self.id.split("-"))


def _as_written(word: str, statement: str) -> str:
    # The statement's first word is capitalised as a sentence's is: it says nothing of the word's own case.
    later = _later_word(word).search(statement)
    return later.group(1) if later else word


@cache  # the words of claim ids repeat across articles, beyond what `re` keeps compiled
def _later_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=\W)({re.escape(word)})(?!\w)", re.IGNORECASE)


CellKind = Literal["value", "none", "unknown"]


@dataclass(frozen=True)
class Cell:
    """An article's answer for one dimension: a value backed by claims, none, or unknown.

    `short` is the value in a few words, shown before the reader opens the cell.
    It is part of the same cell, so the same claims back it; a value from a
    vocabulary has none (the term's label is short), nor has `none` or `unknown`.
    """

    dimension: str
    kind: CellKind
    text: str
    claims: tuple[str, ...]
    origin: Origin
    short: str | None = None
    implied: bool = False  # the text implies the value rather than states it


@dataclass(frozen=True)
class Discipline:
    """The author's discipline and what we base it on; or, when `unknown`, no id and the reason in `basis`."""

    id: str | None
    basis: str
    origin: Origin
    unknown: bool = False


@dataclass(frozen=True)
class Partial:
    """A capture that is not the whole article: where it ends and what is missing."""

    ends: str
    missing: str
    origin: Origin


# Whether a capture was compared with the live page: what a quotation's link to the original says (short, it
# follows every quotation), what its preview adds (preview.js: hover, focus or tap), and what the article's
# source details say.
COMPARED = {
    "matches": ("Original", "Opens the original with this passage highlighted. It matched the captured text when "
                "compared.", "compared with the live page, and it matches."),
    "differs": ("Original, since revised", "Opens the original, which has been revised since it was captured: this "
                "passage may be changed or gone there. The quotation is checked against the captured text.",
                "the live page has changed since it was captured; quotations here are from the captured version."),
    "not-compared": ("Original", "Opens the original with this passage highlighted, if it is still there: the "
                     "original was not compared with the captured text, which the quotation is checked against.",
                     "not compared with the live page, which may differ; quotations here are checked against the "
                     "capture."),
    "opening-matches": ("Original", "Opens the original with this passage highlighted. Only the page's opening was "
                        "compared with the captured text, and it matched.",
                        "a stored copy of the page at this address opens with the same text as the capture; the rest "
                        "was not compared. Quotations here are checked against the capture."),
}

# A capture taken from another page than the original (`captured_from`: a repost, an archive): its quotations
# link there, where the passage is as captured.
REPOST = ("Captured from", "Opens the page the text was captured from (a repost or an archive, not the original), "
          "with this passage highlighted; the original is named under \"About this source\".")


@dataclass(frozen=True)
class Source:
    """Where the article lives and how its capture relates to it."""

    url: Text
    captured_from: str | None
    compared: str  # a key of COMPARED: matches, differs, not-compared or opening-matches
    note: str | None
    capture_sha256: str
    origin: Origin
    partial: Partial | None = None

    @property
    def capture_differs(self) -> bool:
        return self.compared == "differs"

    @property
    def quoted_at(self) -> tuple[str, str, str] | None:
        """Where a quotation's link leads, what it says and what its preview adds: the page the text was
        captured from if not the original (the passage is there as captured), else the original; None when
        neither address is known."""
        if self.captured_from:
            return (self.captured_from, *REPOST)
        if isinstance(self.url, Unknown):
            return None
        label, preview, _ = COMPARED[self.compared]
        return self.url, label, preview


@dataclass(frozen=True)
class Stance:
    """What one article says about one treatment: a stance, in our words, backed by claims.

    An article may say more than one thing about a treatment (its relief is
    temporary, and the publisher uses it alongside its own method): the entry
    is the primary stance, which a glance shows, and `also` holds the others,
    each a Stance of the same treatment with its own note and claims."""

    treatment: str
    stance: str
    note: str
    claims: tuple[str, ...]
    origin: Origin
    qualifier: str | None = None  # the claim carrying the condition or limit of a `qualified` stance
    implied: bool = False  # the text implies the stance rather than states it
    also: tuple[Stance, ...] = ()

    @property
    def says(self) -> tuple[Stance, ...]:
        """Everything the article says about the treatment, the primary stance first."""
        return (self, *self.also)

    @property
    def stance_ids(self) -> tuple[str, ...]:
        return tuple(entry.stance for entry in self.says)

    @property
    def all_claims(self) -> tuple[str, ...]:
        """The claims behind everything the entry says, each once (pages list them in the article page's
        order, as every list of claim links is: Article.in_page_order)."""
        return tuple(dict.fromkeys(claim for said in self.says for claim in said.claims))


@dataclass(frozen=True)
class Holding:
    """One shared theme an article holds or rejects: stated or `implied` by the text, whole or
    `limited` (the text says how, in our words).

    The first of `claims` is the one whose quotation shows the theme on the
    agreement page."""

    theme: str
    note: str
    claims: tuple[str, ...]
    origin: Origin
    position: str = "holds"  # or "rejects"
    implied: bool = False
    limited: str | None = None

    @property
    def label(self) -> str:
        """The position as pages name it: "Holds", "Rejects in part", "Holds (implied)"."""
        return position_label(self.position, self.limited is not None, self.implied)

    @property
    def modifier(self) -> str:
        """The position's class for styling: holds, holds-in-part, rejects or rejects-in-part."""
        return self.position + ("-in-part" if self.limited is not None else "")


def position_label(position: str, limited: bool = False, implied: bool = False) -> str:
    return position.capitalize() + (" in part" if limited else "") + (" (implied)" if implied else "")


@dataclass(frozen=True)
class Evidence:
    """A source the article cites, as it names it: what kind, what for, and for its central claim or a side point."""

    cited: str
    kind: str
    purpose: str  # the `for:` field: what the article cites it for
    role: str  # "central" or "side"
    claims: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True)
class Correction:
    """One correction to an article's data: when, and why in one line."""

    date: str
    note: str
    origin: Origin


@dataclass(frozen=True)
class Outline:
    """What the checks across articles read of one article: its ids, its column heading and where
    it is written, how much it quotes, and what it publishes (the anchors of its claims, the
    treatments it has a section for, whether it is a draft) for the promise check. Small, so
    `perspectives check` can pass thousands of them between the processes that check the articles
    (parallelcheck.py)."""

    id: str
    short_title: str
    former_ids: tuple[str, ...]
    origin: Origin
    claims: int
    quotations: int
    claim_anchors: tuple[str, ...] = ()
    treatments: tuple[str, ...] = ()
    draft: bool = False
    # The source, for telling one source entered twice: its capture's hash, and the original's address ("" if
    # unknown).
    capture_sha256: str = ""
    url: str = ""
    # What it says of each treatment and theme, and how many corrections it has: for the check that no
    # stance changes without a correction (perspectives.stancerecord).
    says: tuple[Said, ...] = ()
    corrections: int = 0


@dataclass(frozen=True)
class Said:
    """What an article says of one treatment (its stances, the primary first) or theme (its position, as
    Holding.modifier has it), and where: the line and name of the field."""

    kind: Literal["treatment", "theme"]
    term: str
    values: tuple[str, ...]
    line: int
    field: str


@dataclass(frozen=True)
class Article:
    id: str
    # The article's one name on the site: its column, its page's title, every list, link, feed entry,
    # search result and sharing card. `title` is the original headline, shown only as such.
    short_title: str
    title: Text
    title_note: str | None
    author: Text
    publisher: Text
    published: Text
    discipline: Discipline
    format: str
    source: Source
    summary: tuple[str, ...]
    claims: tuple[Claim, ...]
    comparison: dict[str, Cell]
    treatments: tuple[Stance, ...]
    themes: tuple[Holding, ...]
    capture: str | None
    origin: Origin
    capture_file: str = ""  # where the capture was looked for, as the editor knows the path
    status: str = "ready"  # "draft" until an editor marks it ready; drafts are left out of a published build
    added: str | None = None  # the day (YYYY-MM-DD) the article was added to the site
    reviewed: str | None = None  # the day its data was last reviewed against the capture
    corrections: tuple[Correction, ...] = ()
    former_ids: tuple[str, ...] = ()  # earlier ids whose URLs must keep working (redirects)
    evidence: tuple[Evidence, ...] = ()
    cites_nothing: str | None = None  # why we say the article cites nothing, when `evidence` is empty
    # Why what the article cites is unknown: its capture is incomplete and cites nothing in the part captured.
    evidence_unknown: str | None = None

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def outline(self) -> Outline:
        return Outline(self.id, self.short_title, self.former_ids, self.origin, len(self.claims),
                       sum(len(claim.quotations) for claim in self.claims),
                       tuple(anchor for claim in self.claims for anchor in claim.anchors),
                       tuple(entry.treatment for entry in self.treatments), self.draft,
                       self.source.capture_sha256, "" if isinstance(self.source.url, Unknown) else self.source.url,
                       tuple(Said("treatment", entry.treatment, entry.stance_ids, entry.origin.at("stance"),
                                  f"{entry.origin.name}.stance") for entry in self.treatments)
                       + tuple(Said("theme", holding.theme, (holding.modifier,), holding.origin.at("position"),
                                    f"{holding.origin.name}.position") for holding in self.themes),
                       len(self.corrections))

    def record_field(self, name: str) -> str:
        """The vocabulary id a `field` dimension shows for this article (see RECORD_FIELDS)."""
        return self.discipline.id if name == "discipline" else self.format

    @cached_property
    def _claim_index(self) -> dict[str, tuple[int, Claim]]:
        # Pages look claims up once per link; index them once per article.
        return {claim.id: (number, claim) for number, claim in enumerate(self.claims, start=1)}

    def claim(self, claim_id: str) -> Claim:
        return self._claim_index[claim_id][1]

    def claim_number(self, claim_id: str) -> int:
        """The claim's number on the article page ("claim 3"), counting from 1."""
        return self._claim_index[claim_id][0]

    def in_page_order(self, claim_ids: tuple[str, ...]) -> list[str]:
        """These claims as the article page numbers them: how every list of claim links is ordered."""
        return [claim.id for _, claim in self.numbered(claim_ids)]

    def numbered(self, claim_ids: tuple[str, ...]) -> list[tuple[int, Claim]]:
        """These claims with their numbers, in page order: what a list of claim links shows, each claim
        looked up once."""
        return sorted((self._claim_index[claim_id] for claim_id in claim_ids), key=lambda numbered: numbered[0])

    @cached_property
    def _stances(self) -> dict[str, Stance]:
        return {entry.treatment: entry for entry in self.treatments}

    def stance_on(self, treatment: str) -> Stance | None:
        return self._stances.get(treatment)

    @cached_property
    def treatments_by_stance(self) -> dict[str, tuple[Stance, ...]]:
        """The treatment entries under each stance they take (an entry under every one), in article order:
        the article page's list of stances, grouped once rather than filtered once per stance."""
        groups: dict[str, list[Stance]] = {}
        for entry in self.treatments:
            for stance in dict.fromkeys(entry.stance_ids):
                groups.setdefault(stance, []).append(entry)
        return {stance: tuple(entries) for stance, entries in groups.items()}

    def holding(self, theme: str) -> Holding | None:
        return next((entry for entry in self.themes if entry.theme == theme), None)


@dataclass(frozen=True)
class Answer:
    """What an article's column shows in one comparison row, ready to display.

    `kind` is "field" (a fact of the source record: `note` says what it rests
    on), "value" (backed by `claims`), "none" or "unknown" (`text` says why).
    `short` is what a glance shows: the cell's short form, a vocabulary label,
    or "None" / "Unknown" (see SHORT_FOR_KIND).
    """

    kind: Literal["field", "value", "none", "unknown"]
    text: str
    short: str
    note: str = ""
    claims: tuple[str, ...] = ()
    implied: bool = False  # a value the text implies rather than states


# How a page says what an evidence item is cited for.
ROLE_PHRASE = {"central": "for its central claim", "side": "for a side point"}


def _evidence_groups(dataset: "Dataset", items: tuple[Evidence, ...]) -> list[tuple[int, str, str]]:
    """(count, kind label, role) for each kind and role, in the order first cited."""
    groups: dict[tuple[str, str], int] = {}
    for item in items:
        groups[(item.kind, item.role)] = groups.get((item.kind, item.role), 0) + 1
    return [(count, dataset.vocabularies.term("evidence-kinds", kind).label.lower(), role)
            for (kind, role), count in groups.items()]


def evidence_summary(dataset: "Dataset", items: tuple[Evidence, ...]) -> str:
    """E.g. "1 study, cited for a side point; 2 guidelines, cited for its central claim"."""
    return "; ".join(f"{count} {label}, cited {ROLE_PHRASE[role]}" if count == 1 else
                     f"{count} × {label}, each cited {ROLE_PHRASE[role]}"
                     for count, label, role in _evidence_groups(dataset, items))


# The short form of a cell that holds no value: its reason is the full answer.
SHORT_FOR_KIND = {"none": "None", "unknown": "Unknown"}


@dataclass(frozen=True)
class Dataset:
    """Everything under data/, loaded and in a fixed order (articles by id)."""

    vocabularies: Vocabularies
    articles: tuple[Article, ...]

    @cached_property
    def mentioned_treatments(self) -> tuple[Term, ...]:
        """The treatments at least one article takes a stance on, in vocabulary order: the matrix rows."""
        mentioned = {entry.treatment for article in self.articles for entry in article.treatments}
        return tuple(term for term in self.vocabularies["treatments"] if term.id in mentioned)

    @cached_property
    def unmentioned_treatments(self) -> tuple[Term, ...]:
        """The vocabulary's treatments no article takes a stance on. They keep their pages and their
        row anchor on /compare/: a treatment an article stops mentioning after a correction was
        published, and its links must keep working."""
        mentioned = set(self.mentioned_treatments)
        return tuple(term for term in self.vocabularies["treatments"] if term not in mentioned)

    def record_term(self, article: Article, name: str) -> Term:
        """The vocabulary term behind a fact of the article's record (its discipline or format)."""
        return self.vocabularies.term(RECORD_FIELDS[name], article.record_field(name))

    def answer(self, article: Article, dimension: Dimension) -> Answer:
        """The article's answer to one comparison dimension, with vocabulary ids turned into labels."""
        # Worked out once: the article's page shows it twice, /compare/, the findings, the CSV and the JSON again.
        key = (article.id, dimension.id)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._answer(article, dimension)
        return answer

    @cached_property
    def _answers(self) -> dict[tuple[str, str], Answer]:
        return {}

    def _answer(self, article: Article, dimension: Dimension) -> Answer:
        if dimension.field in DESCRIBED_FIELDS:
            return self.evidence_answer(article, dimension.field)
        if dimension.field == "discipline" and article.discipline.id is None:
            return Answer("unknown", article.discipline.basis, SHORT_FOR_KIND["unknown"])
        if dimension.field is not None:
            term = self.record_term(article, dimension.field)
            note = article.discipline.basis if dimension.field == "discipline" else term.description
            return Answer("field", term.label, term.label, note)
        cell = article.comparison[dimension.id]
        if cell.kind != "value":
            return Answer(cell.kind, cell.text, SHORT_FOR_KIND[cell.kind])
        if dimension.vocabulary:
            label = self.vocabularies.term(dimension.vocabulary, cell.text).label
            return Answer("value", label, label, claims=cell.claims, implied=cell.implied)
        # The checker requires a short form; fall back to the value for data it has not seen.
        return Answer("value", cell.text, cell.short or cell.text, claims=cell.claims, implied=cell.implied)

    def evidence_answer(self, article: Article, field: str) -> Answer:
        """The evidence an article cites, described so that its weight is never overstated.

        Counted by kind and by what it is cited for ("1 study, cited for a side
        point"): one study behind a side point must not read as strong evidence."""
        if article.evidence_unknown is not None:
            return Answer("unknown", article.evidence_unknown, "None in the captured part")
        if not article.evidence:
            return Answer("none", article.cites_nothing or "", "Cites nothing")
        summary = evidence_summary(self, article.evidence)
        if field == "evidence-kind":
            short = "; ".join(f"{count} {label}" if count == 1 else f"{count} × {label}"
                              for count, label, _ in _evidence_groups(self, article.evidence))
            roles = {item.role for item in article.evidence}
            short += " (side point)" if roles == {"side"} else " (central)" if roles == {"central"} else ""
            return Answer("field", summary, short if len(short) <= 40 else "Several sources", summary)
        items = "; ".join(f"{item.cited} ({self.vocabularies.term('evidence-kinds', item.kind).label.lower()}), "
                          f"cited {ROLE_PHRASE[item.role]}: {item.purpose}" for item in article.evidence)
        # At a glance: the first source as the article names it, clipped to a short form's size.
        first, more = article.evidence[0].cited, len(article.evidence) - 1
        suffix = f" +{more} more" if more else ""
        short = first if len(first) + len(suffix) <= 40 and len(first.split()) <= 5 else \
            " ".join(first.split()[:4])[: 38 - len(suffix)].rstrip(" ,.;:") + "…"
        return Answer("field", items, short + suffix, summary, claims=tuple(dict.fromkeys(
            claim for item in article.evidence for claim in item.claims)))

    def stance_of(self, article: Article, treatment: str) -> Term:
        """The primary stance an article takes on a treatment; the implicit one ("not mentioned") if it takes none."""
        entry = article.stance_on(treatment)
        return self.vocabularies.term("stances", entry.stance) if entry else self.vocabularies.implicit_stance

    def stances_of(self, article: Article, treatment: str) -> tuple[Term, ...]:
        """Every stance an article takes on a treatment, the primary first; ("not mentioned",) if none."""
        entry = article.stance_on(treatment)
        if entry is None:
            return (self.vocabularies.implicit_stance,)
        return tuple(self.vocabularies.term("stances", stance) for stance in entry.stance_ids)
