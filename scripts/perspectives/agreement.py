"""Where the articles agree and where they contradict each other, computed from their records.

Two kinds of record say where an article stands: its positions on the shared
themes (holds or rejects; stated or implied; whole or in part) and its
stances on the treatments it mentions (one or more each). From them:

- a theme *divides* the articles when some hold it and others reject it;
- a treatment divides them when two articles take stances the vocabulary
  marks as contradicting each other (`conflicts_with` in stances.yaml); what
  every one of those articles also says of it is their common ground on it;
- *common ground*: a theme two or more articles take the same side on and
  none the other; a stance two or more articles take on one treatment that
  no article contradicts;
- a theme at most one article takes a position on is left *unaddressed*.

Two articles that say the same thing never count as a disagreement: stances
differ only where the vocabulary says they contradict, so "temporary relief"
beside "temporary relief, and used alongside" is agreement.

Pure functions of a Dataset, linear in its size: the agreement page, the
findings and the tests read the same answers.
"""

from __future__ import annotations

import itertools

from dataclasses import dataclass
from functools import cached_property

from perspectives.model import Article, Dataset, Holding, Term


@dataclass(frozen=True)
class ThemeSides:
    """Who holds a theme, who rejects it, who does not say."""

    theme: Term
    holds: tuple[tuple[Article, Holding], ...]
    rejects: tuple[tuple[Article, Holding], ...]
    silent: tuple[Article, ...]

    @property
    def divided(self) -> bool:
        return bool(self.holds) and bool(self.rejects)

    @property
    def addressed(self) -> int:
        return len(self.holds) + len(self.rejects)

    def qualified(self, position: str) -> list[tuple[str, int]]:
        """How many of those taking `position` take it only in part, only by implication, or both (each article
        counted once), as the agreement page says it beside their number; only the ways some take it."""
        taking = self.side(position)
        partly = sum(holding.limited is not None and not holding.implied for _, holding in taking)
        implied = sum(holding.implied and holding.limited is None for _, holding in taking)
        both = sum(holding.implied and holding.limited is not None for _, holding in taking)
        return [(how, count) for how, count in (("in part", partly), ("by implication", implied),
                                                ("in part and by implication", both)) if count]

    @property
    def common_side(self) -> str | None:
        """"holds" or "rejects" when two or more articles take that side and none the other."""
        if len(self.holds) >= 2 and not self.rejects:
            return "holds"
        if len(self.rejects) >= 2 and not self.holds:
            return "rejects"
        return None

    def side(self, position: str) -> tuple[tuple[Article, Holding], ...]:
        return self.holds if position == "holds" else self.rejects


@dataclass(frozen=True)
class TreatmentSides:
    """What the articles that mention one treatment say of it: each stance with the articles taking it."""

    treatment: Term
    stances: tuple[tuple[Term, tuple[Article, ...]], ...]  # in the vocabulary's order, only stances taken
    mentioning: tuple[Article, ...]
    conflicts: tuple[tuple[Term, Term], ...]  # pairs of contradicting stances both taken (by different articles)
    # Whether no two of the stances taken contradict each other, whoever takes them (an article may take both
    # of a pair: no disagreement between articles, but no stances that can both be true either).
    compatible: bool

    @property
    def divided(self) -> bool:
        return bool(self.conflicts)

    @cached_property
    def in_conflict(self) -> tuple[Article, ...]:
        """The articles that take a stance in one of the conflicting pairs, in article order."""
        involved = {stance.id for pair in self.conflicts for stance in pair}
        ids = {article.id for stance, articles in self.stances if stance.id in involved for article in articles}
        return tuple(article for article in self.mentioning if article.id in ids)

    @cached_property
    def agreed(self) -> tuple[Term, ...]:
        """The stances every article in the conflict takes too: what they say alike despite it."""
        if not self.in_conflict:
            return ()
        ids = {article.id for article in self.in_conflict}
        return tuple(stance for stance, articles in self.stances if ids <= {article.id for article in articles})

    @cached_property
    def differing(self) -> bool:
        """Whether, with no conflict on it, two articles still say different things of it: each takes a stance
        the other does not (one that only adds a stance to the other's says more, not otherwise). The
        agreement page names these beside the conflicts, so that a reader sees such pairs were weighed by
        the rule (`conflicts_with`), not missed."""
        if self.conflicts or not self.compatible:
            return False
        # By id (an article compares field by field), and each distinct set of stances once: at thousands of
        # articles they take a handful of different sets.
        takers = [(stance.id, {article.id for article in articles}) for stance, articles in self.stances]
        says = list({frozenset(stance for stance, ids in takers if article.id in ids) for article in self.mentioning})
        return any(not first <= second and not second <= first for first, second in itertools.combinations(says, 2))

    @property
    def shared(self) -> tuple[tuple[Term, tuple[Article, ...]], ...]:
        """Stances two or more articles take that no article here contradicts: common ground on it."""
        contradicted = {stance.id for pair in self.conflicts for stance in pair}
        return tuple((stance, articles) for stance, articles in self.stances
                     if len(articles) >= 2 and stance.id not in contradicted)


class Agreement:
    """The themes and treatments of one dataset, sorted into what divides the articles and what they share."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    @cached_property
    def themes(self) -> tuple[ThemeSides, ...]:
        """Every theme of the vocabulary, in its order."""
        sides = []
        for theme in self.dataset.vocabularies["themes"]:
            holds, rejects, silent = [], [], []
            for article in self.dataset.articles:
                holding = article.holding(theme.id)
                if holding is None:
                    silent.append(article)
                else:
                    (holds if holding.position == "holds" else rejects).append((article, holding))
            sides.append(ThemeSides(theme, tuple(holds), tuple(rejects), tuple(silent)))
        return tuple(sides)

    @cached_property
    def treatments(self) -> tuple[TreatmentSides, ...]:
        """Every treatment at least one article mentions, in vocabulary order."""
        vocabularies = self.dataset.vocabularies
        taking: dict[str, dict[str, list[Article]]] = {}
        mentioning: dict[str, list[Article]] = {}
        for article in self.dataset.articles:
            for entry in article.treatments:
                mentioning.setdefault(entry.treatment, []).append(article)
                for stance in dict.fromkeys(entry.stance_ids):
                    taking.setdefault(entry.treatment, {}).setdefault(stance, []).append(article)
        found = []
        for treatment in self.dataset.mentioned_treatments:
            by_stance = taking.get(treatment.id, {})
            stances = tuple((stance, tuple(by_stance[stance.id])) for stance in vocabularies["stances"]
                            if stance.id in by_stance)
            contradicting = [(first, takers, second, others) for (first, takers), (second, others)
                             in itertools.combinations(stances, 2) if vocabularies.conflict(first.id, second.id)]
            conflicts = tuple((first, second) for first, takers, second, others in contradicting
                              if _apart(takers, others))
            found.append(TreatmentSides(treatment, stances, tuple(mentioning[treatment.id]), conflicts,
                                        compatible=not contradicting))
        return tuple(found)

    @property
    def divided_themes(self) -> tuple[ThemeSides, ...]:
        return tuple(sides for sides in self.themes if sides.divided)

    @property
    def divided_treatments(self) -> tuple[TreatmentSides, ...]:
        return tuple(sides for sides in self.treatments if sides.divided)

    @property
    def differing_treatments(self) -> tuple[TreatmentSides, ...]:
        """Treatments on which articles take stances that differ without conflicting (TreatmentSides.differing)."""
        return tuple(sides for sides in self.treatments if sides.differing)

    @property
    def common_themes(self) -> tuple[ThemeSides, ...]:
        """Themes two or more articles take one side on and none the other, the most widely shared first."""
        common = [sides for sides in self.themes if sides.common_side]
        return tuple(sorted(common, key=lambda sides: -len(sides.side(sides.common_side or ""))))

    @property
    def common_treatments(self) -> tuple[TreatmentSides, ...]:
        """Treatments on which two or more articles take a stance no article contradicts, and which do not
        divide them (what the articles in conflict still say alike is said with the conflict)."""
        return tuple(sides for sides in self.treatments if sides.shared and not sides.divided)

    @property
    def unaddressed_themes(self) -> tuple[ThemeSides, ...]:
        """Themes at most one article takes a position on."""
        return tuple(sides for sides in self.themes if sides.addressed <= 1)


def _apart(first: tuple[Article, ...], second: tuple[Article, ...]) -> bool:
    """Whether two different articles take the two stances: an article contradicting itself is no
    disagreement between articles. (With two or more on either side, some pair differs.)"""
    return len(first) > 1 or len(second) > 1 or first[0].id != second[0].id
