"""What the comparison shows: findings computed from the records by fixed rules, never typed by hand.

Each rule reads the checked dataset and returns a Finding (a lead sentence
and its detail) or None when it does not hold, so a finding disappears as
soon as the data stops supporting it and changes its counts with the data.
Every count and name in a finding is a Ref to the cells that prove it; the
render stage turns a Ref into a link (render.Renderer.place), so this module
knows records, not pages.

The wording describes what the articles say and never who is right: counts
of what they cite, promote and hold, and where they contradict each other
(perspectives.agreement). What an article only implies, or holds only in
part, is counted as such wherever it is counted, the lead included: a page
may show the lead alone (/compare/ on a phone). The method page lists the
rules (RULES).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal, TypeVar, Union

from perspectives import urls
from perspectives.agreement import Agreement, ThemeSides, TreatmentSides
from perspectives.model import Article, Dataset, Holding, Stance, evidence_summary

# The dimension whose short answers the root-cause finding counts (as on /compare/, its first row).
ROOT_CAUSE = "root-cause"
# The theme that records an article pointing readers to its publisher's own service, program or product
# for the approach it recommends (vocabularies/themes.yaml).
PROMOTION_THEME = "promotes-own-service"
# A finding names at most this many articles in one place; a larger group is a count linking to its row.
NAMED = 6
# The most themes (and, apart, treatments) a finding goes through one by one; the agreement page has the rest.
LISTED = 2

RefKind = Literal["cell", "row", "stance", "treatment", "position", "theme", "section"]


@dataclass(frozen=True)
class Ref:
    """A piece of a finding that points at what proves it. `ids` by kind:
    cell (dimension, article), row (dimension,), stance (treatment, article), treatment (treatment,),
    position (theme, article), theme (theme,), section (anchor,): a section of the agreement page
    (urls.AGREEMENT_ANCHORS).

    Every finding's lead holds at least one, so that the lead alone (as /compare/ shows it on a phone)
    still leads to what it sums up."""

    text: str
    kind: RefKind
    ids: tuple[str, ...]


Part = Union[str, Ref]
T = TypeVar("T")


@dataclass(frozen=True)
class Finding:
    """A lead (a sentence without its closing punctuation, which the detail brings: ": …" or ". …") and
    its detail; a page may show the lead alone, closed by a full stop."""

    rule: str
    lead: tuple[Part, ...]
    detail: tuple[Part, ...] = (".",)


@dataclass(frozen=True)
class Rule:
    name: str
    about: str  # what the rule counts, for the method page
    find: Callable[[Dataset, Agreement], Finding | None]


def findings(dataset: Dataset) -> tuple[Finding, ...]:
    """The findings that hold for `dataset`, in RULES order."""
    agreement = Agreement(dataset)
    found = (rule.find(dataset, agreement) for rule in RULES)
    return tuple(finding for finding in found if finding is not None)


# -- wording --------------------------------------------------------------------------------------

def _count(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def _verb(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _joined(parts: list[list[Part]], separator: str = ", ", last: str = " and ") -> list[Part]:
    """Lists of parts joined as "a, b and c"."""
    out: list[Part] = []
    for index, part in enumerate(parts):
        if index:
            out.append(last if index == len(parts) - 1 else separator)
        out += part
    return out


def _clauses(parts: list[list[Part]]) -> list[Part]:
    return _joined(parts, "; ", "; ")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _how(limited: bool, implied: bool) -> str:
    """" (in part, implied)" after a name, as model.position_label says a position."""
    marks = [mark for mark, present in (("in part", limited), ("implied", implied)) if present]
    return f" ({', '.join(marks)})" if marks else ""


def _held(holding: Holding) -> str:
    return _how(holding.limited is not None, holding.implied)


def _of_these(count: int, implied: int = 0, limited: int = 0) -> str:
    """How many of a group take a position only by implication or only in part: " (2 by implication)"."""
    marks = [mark for mark, present in ((f"{implied:,} by implication", implied), (f"{limited:,} in part", limited))
             if present]
    return f" ({', '.join(marks)})" if marks else ""


def _of(count: int, dataset: Dataset) -> str:
    """ "3 of the 5 articles", "All 5 articles", "Both articles", "The article"."""
    total = len(dataset.articles)
    if total == 1:
        return "The article"
    if count == total:
        return "Both articles" if total == 2 else f"All {total:,} articles"
    return f"{count:,} of the {total:,} articles"


def _share(count: int, total: int) -> str:
    """ "3 of 5", "all 5", "both"."""
    return ("both" if total == 2 else f"all {total:,}") if count == total else f"{count:,} of {total:,}"


def _names(articles: list[Article] | tuple[Article, ...], ref: Callable[[Article], Ref], group: Ref,
           suffix: Callable[[Article], str] = lambda article: "") -> list[Part]:
    """The articles by name, each a Ref to its cell; more than NAMED, a count that is a Ref to their row."""
    if len(articles) > NAMED:
        return [Ref(_count(len(articles), "article"), group.kind, group.ids)]
    return _joined([[ref(article), *([suffix(article)] if suffix(article) else [])] for article in articles])


def _listed(items: tuple[T, ...], describe: Callable[[T], list[Part]], anchor: str) -> tuple[Part, ...]:
    """A detail going through the first LISTED items one by one; the rest are on the agreement page."""
    clauses = [describe(item) for item in items[:LISTED]]
    if len(items) > LISTED:
        clauses.append([f"{len(items) - LISTED:,} more on ", _agreement_page(anchor)])
    return (": ", *_clauses(clauses), ".")


def _agreement_page(anchor: str) -> Ref:
    """Where a finding that lists only some sends the reader for the rest: a section of the agreement page."""
    return Ref("the agreement page", "section", (anchor,))


def _also(sides: TreatmentSides, stance: str, takers: tuple[Article, ...]) -> str:
    """What else the articles taking one stance on a treatment say of it: "2 of the 4 also take “Conditional
    or adjunct”, 1 “Another approach preferred”". "Temporary relief only" must not read as all they say."""
    others: dict[str, int] = {}
    for article in takers:
        for said in article.stance_on(sides.treatment.id).says:
            if said.stance != stance:
                others[said.stance] = others.get(said.stance, 0) + 1
    labels = [(term.label, others[term.id]) for term, _ in sides.stances if term.id in others]
    listed = [(f"{count:,} of the {len(takers):,}" if count < len(takers) else _share(count, count))
              + f" {_verb(count, 'also takes', 'also take')} “{label}”" if not number
              else f"{count:,} “{label}”" for number, (label, count) in enumerate(labels)]
    return ", ".join(listed)


def _said(article: Article, treatment: str, stance: str) -> Stance | None:
    entry = article.stance_on(treatment)
    return next((said for said in entry.says if said.stance == stance), None) if entry else None


# -- the rules ------------------------------------------------------------------------------------

def evidence_rule(dataset: Dataset, agreement: Agreement) -> Finding | None:
    """How many cite a published source (a study, review or guideline) for their central claim, and what
    the rest cite: other support for it, sources for side points only, nothing, or nothing in an
    incomplete capture."""
    published = [kind for kind in dataset.vocabularies["evidence-kinds"] if kind.published]
    if not dataset.articles or not published:
        return None
    published_ids = {kind.id for kind in published}
    groups: dict[str, list[Article]] = {"published": [], "central": [], "side": [], "nothing": [], "unknown": []}
    for article in dataset.articles:
        central = [item for item in article.evidence if item.role == "central"]
        if article.evidence_unknown is not None:
            groups["unknown"].append(article)
        elif not article.evidence:
            groups["nothing"].append(article)
        elif any(item.kind in published_ids for item in central):
            groups["published"].append(article)
        else:
            groups["central" if central else "side"].append(article)
    labels = [kind.label.lower() for kind in published]
    what = _a(", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0])
    # An incomplete capture may have left a citation out: the lead says what was captured, not more.
    captured = " in what was captured" if any(article.source.partial for article in dataset.articles) else ""
    count = len(groups["published"])
    row = Ref("", "row", ("evidence-kind",))
    if count:
        lead: tuple[Part, ...] = (Ref(_of(count, dataset), "row", row.ids),
                                  f" {_verb(count, 'cites', 'cite')} {what} for "
                                  f"{_verb(count, 'its', 'their')} central claim{captured}")
    else:
        lead = (Ref("No article", "row", row.ids), f" cites {what} for its central claim{captured}")

    def cell(article: Article) -> Ref:
        return Ref(article.short_title, "cell", ("evidence-kind", article.id))

    clauses: list[list[Part]] = []
    for group in ("published", "central", "side"):
        members = groups[group]
        if len(members) > NAMED:
            clauses.append([Ref(_count(len(members), "article"), "row", row.ids),
                            {"published": " cite one for their central claim", "central": " cite other support "
                             "for their central claim", "side": " cite sources for side points only"}[group]])
            continue
        clauses += [[cell(article), ": " + evidence_summary(dataset, article.evidence)] for article in members]
    for group, says in (("nothing", "nothing"), ("unknown", "nothing in the part captured")):
        members = groups[group]
        if members:
            clauses.append([*_names(members, cell, row), f" {_verb(len(members), 'cites', 'cite')} {says}"])
    return Finding("evidence", lead, (". ", *_clauses(clauses), "."))


def promotion_rule(dataset: Dataset, agreement: Agreement) -> Finding | None:
    """How many point readers to their publisher's own service, program or product for what they recommend
    (the theme `promotes-own-service`), and how many of them only by implication."""
    sides = next((sides for sides in agreement.themes if sides.theme.id == PROMOTION_THEME), None)
    if sides is None or not sides.holds:
        return None
    count = len(sides.holds)
    holdings = {article.id: holding for article, holding in sides.holds}
    implied = sum(holding.implied for _, holding in sides.holds)
    limited = sum(holding.limited is not None for _, holding in sides.holds)
    lead = (Ref(_of(count, dataset), "theme", (PROMOTION_THEME,)),
            f" {_verb(count, 'promotes its', 'promote their')} publisher's own service, program or product for what "
            f"{_verb(count, 'it recommends', 'they recommend')}{_of_these(count, implied, limited)}",)
    detail: list[Part] = _names([article for article, _ in sides.holds],
                                lambda article: Ref(article.short_title, "position", (PROMOTION_THEME, article.id)),
                                Ref("", "theme", (PROMOTION_THEME,)), lambda article: _held(holdings[article.id]))
    return Finding("promotion", lead, (": ", *detail, "."))


def root_cause_rule(dataset: Dataset, agreement: Agreement) -> Finding | None:
    """How many different root causes the articles name (their short answers told apart, as /compare/
    shows them), each linking to its answer."""
    dimension = next((d for d in dataset.vocabularies.dimensions if d.id == ROOT_CAUSE), None)
    if dimension is None or len(dataset.articles) < 2:
        return None
    answers = [(article, dataset.answer(article, dimension)) for article in dataset.articles]
    named = [(article, answer) for article, answer in answers if answer.kind == "value"]
    if not named:
        return None
    distinct = len({answer.short.casefold() for _, answer in named})
    total = len(dataset.articles)
    row = Ref("root cause", "row", (ROOT_CAUSE,))
    if distinct == len(named) == total:
        lead: tuple[Part, ...] = (f"Each of the {total:,} articles names a different ", row) if total > 2 else \
            ("The 2 articles name different ", Ref("root causes", "row", (ROOT_CAUSE,)))
    elif distinct == 1:
        lead = (f"{_of(len(named), dataset)} {_verb(len(named), 'names', 'name')} the same ", row)
    else:
        lead = (f"The {total:,} articles name ", Ref(_count(distinct, "different root cause"), "row", (ROOT_CAUSE,)))
    if len(named) < total:
        lead += (f"; {_count(total - len(named), 'article')} {_verb(total - len(named), 'names', 'name')} none",)
    if len(named) > NAMED:
        return Finding("root-causes", lead, (".",))
    detail = _clauses([[Ref(answer.short, "cell", (ROOT_CAUSE, article.id)), f" ({article.short_title})"]
                       for article, answer in named])
    return Finding("root-causes", lead, (": ", *detail, "."))


def common_ground_rule(dataset: Dataset, agreement: Agreement) -> Finding | None:
    """The positions most articles share, none contradicting: themes held (or rejected) by more than half
    of them and by none the other way, and stances more than half take on one treatment."""
    total = len(dataset.articles)
    # "Most" of them share a position when more than half take it whole (stated or implied); those who take
    # it only in part are counted beside them, never toward the majority.
    themes = [sides for sides in agreement.common_themes if sides.theme.id != PROMOTION_THEME
              and 2 * sum(holding.limited is None for _, holding in sides.side(sides.common_side or "")) > total]
    treatments = [(sides, stance, takers) for sides in agreement.common_treatments
                  for stance, takers in sides.shared if 2 * len(takers) > total]
    treatments.sort(key=lambda found: -len(found[2]))
    if total < 2 or (not themes and not treatments):
        return None
    clauses: list[list[Part]] = []
    for sides in themes[:LISTED]:
        side = sides.common_side or "holds"
        members = sides.side(side)
        marks = _of_these(len(members), sum(h.implied for _, h in members), sum(h.limited is not None for _, h in members))
        clauses.append([Ref(_share(len(members), total), "theme", (sides.theme.id,)),
                        f" {'hold' if side == 'holds' else 'reject'} “{sides.theme.label}”{marks}"
                        + ("" if side == "holds" or sides.holds else ", which none holds")])
    for sides, stance, takers in treatments[:LISTED]:
        implied = sum(bool((said := _said(article, sides.treatment.id, stance.id)) and said.implied)
                      for article in takers)
        # "Take the stance", not "say": a stance may be implied, and the count includes those.
        notes = [note for note in (f"{implied:,} only by implication" if implied else "",
                                   _also(sides, stance.id, takers)) if note]
        clauses.append([Ref(_share(len(takers), total), "treatment", (sides.treatment.id,)),
                        f" take the stance “{stance.label}” on {_lower_first(sides.treatment.label)}"
                        + (f" ({'; '.join(notes)})" if notes else "")])
    more = len(themes[LISTED:]) + len(treatments[LISTED:])
    # The agreement page's common ground also shows themes held by most only when those taking them in part
    # are counted, which the majority here leaves out: named after the list, each linking to its card, so
    # that the list does not read as missing the most widely shared of them, and the reader can check each.
    # (Said of the lead, "in full", it read as saying the stances were taken without reserve too, which
    # their notes may hedge: each stance's clause says what else its takers say of the treatment instead.)
    partly = [sides for sides in agreement.common_themes if sides.theme.id != PROMOTION_THEME
              and sides not in themes and 2 * len(sides.side(sides.common_side or "")) > total]
    lead = ("Whatever their root cause, most of them ", Ref("share some positions", "section", (urls.COMMON_GROUND,)))
    tail: list[Part] = ["; more on ", _agreement_page(urls.COMMON_GROUND)] if more else []
    if partly:
        tail += [f"; counting the articles that take {'it' if len(partly) == 1 else 'them'} only in part, most also ",
                 *_partly(partly)]
    return Finding("common-ground", lead, (": ", *_clauses(clauses), *tail, "."))


def _partly(themes: list[ThemeSides]) -> list[Part]:
    """"hold “A” and “B” and reject “C”": the themes by side, each linking to its card (the first NAMED,
    then how many more, linking to where the agreement page has them)."""
    named, rest = themes[:NAMED], len(themes) - NAMED
    out: list[Part] = []
    before = 0  # how many the side before lists: after two or more, a comma before its "and"
    for side, verb in (("holds", "hold"), ("rejects", "reject")):
        labels = [[Ref(f"“{sides.theme.label}”", "theme", (sides.theme.id,))] for sides in named
                  if sides.common_side == side]
        if labels:
            if out:
                out.append(", and " if before > 1 else " and ")
            out += [f"{verb} ", *_joined(labels)]
            before = len(labels)
    if rest > 0:
        out += [f", and {rest:,} more on ", _agreement_page(urls.COMMON_GROUND)]
    return out


def divided_themes_rule(dataset: Dataset, agreement: Agreement) -> Finding | None:
    """Themes some articles hold and others reject: where they truly disagree about spasms. The lead says
    when a side rests on implication alone."""
    divided = agreement.divided_themes
    if not divided:
        return None
    implied_sides = sum(any(all(h.implied for _, h in sides.side(side)) for side in ("holds", "rejects"))
                        for sides in divided)
    by_implication = "" if not implied_sides else \
        (", one side only by implication" if implied_sides == len(divided) == 1 else
         f" ({implied_sides:,} with one side only by implication)" if implied_sides < len(divided) else
         ", each with one side only by implication")
    lead = (Ref(_count(len(divided), "position"), "section", (urls.DIFFER_THEMES,)),
            f" {_verb(len(divided), 'divides', 'divide')} them{by_implication}")
    return Finding("divided-themes", lead, _listed(divided, _sides, urls.DIFFER_THEMES))


def _sides(sides: ThemeSides) -> list[Part]:
    theme = sides.theme.id
    out: list[Part] = [Ref(f"“{sides.theme.label}”", "theme", (theme,)), ", held by "]
    for number, side in enumerate(("holds", "rejects")):
        members = sides.side(side)
        holdings = {article.id: holding for article, holding in members}
        if number:
            out.append(" and rejected by ")
        out += _names([article for article, _ in members],
                      lambda article: Ref(article.short_title, "position", (theme, article.id)),
                      Ref("", "theme", (theme,)), lambda article: _held(holdings[article.id]))
    return out


def divided_treatments_rule(dataset: Dataset, agreement: Agreement) -> Finding | None:
    """Treatments on which articles take stances the vocabulary marks as contradicting each other
    (recommended against not recommended or harmful, say), with what they still say alike of it."""
    divided = agreement.divided_treatments
    if not divided:
        return None
    lead = ("They take conflicting stances on ", Ref(_count(len(divided), "treatment"), "section",
                                                     (urls.DIFFER_TREATMENTS,)))
    return Finding("divided-treatments", lead, _listed(divided, _stances, urls.DIFFER_TREATMENTS))


def _stances(sides: TreatmentSides) -> list[Part]:
    treatment = sides.treatment.id
    involved = {stance.id for pair in sides.conflicts for stance in pair}
    out: list[Part] = [Ref(_lower_first(sides.treatment.label), "treatment", (treatment,)), ", "]
    groups = [(stance, takers) for stance, takers in sides.stances if stance.id in involved]

    def implied(stance_id: str) -> Callable[[Article], str]:
        return lambda article: " (implied)" if (said := _said(article, treatment, stance_id)) and said.implied else ""

    out += _joined([[_lower_first(stance.label), " for ",
                     *_names(takers, lambda article: Ref(article.short_title, "stance", (treatment, article.id)),
                             Ref("", "treatment", (treatment,)), implied(stance.id))] for stance, takers in groups],
                   "; ", " but " if len(groups) == 2 else "; ")
    if sides.agreed:
        both = "both" if len(sides.in_conflict) == 2 else "all"
        out.append(f" ({both} say: {', '.join(_lower_first(stance.label) for stance in sides.agreed)})")
    return out


RULES = (
    Rule("evidence", "How many articles cite a published source (a study, review or guideline) for their central "
         "claim, and what the others cite: other support for it, sources for side points only, nothing, or "
         "nothing in the part of an incomplete capture.", evidence_rule),
    Rule("promotion", "How many point readers to their publisher's own service, program or product for what "
         "they recommend, and how many only by implication.", promotion_rule),
    Rule("root-causes", "How many different root causes the articles name, told apart by their short answers.",
         root_cause_rule),
    Rule("common-ground", "The positions more than half of the articles share and none contradicts: shared "
         "themes, more than half holding them whole (those taking one only in part are counted beside them, never "
         "toward the half), and stances on a treatment; each says how many take it only by implication or in "
         "part, or take other stances on the treatment too. After them, by name, the themes that reach more than "
         "half only with those taking them in part.",
         common_ground_rule),
    Rule("divided-themes", "Themes some articles hold and others reject, stated or implied.", divided_themes_rule),
    Rule("divided-treatments", "Treatments on which two articles take stances that contradict each other "
         "(`conflicts_with` in the stances vocabulary: recommending a treatment against advising against it "
         "or calling it harmful, using it alongside another approach against calling it harmful), and what "
         "they still say alike of them.", divided_treatments_rule),
)
