"""Prove loaded records right before anything is rendered.

The loader made sure each file is well-formed; this stage checks what only
the whole dataset can tell: ids are unique, vocabulary ids exist, every value,
stance and theme cites claims the article makes, every quotation occurs in
the capture, URLs are well formed, and the capture is the one that was
checked (its sha256).
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from perspectives import icons, quotes, urls
from perspectives.errors import DataError, DataErrors
from perspectives.manifest import check_promises
from perspectives.model import (
    DESCRIBED_FIELDS, IMPLIED_BY_LEAVING_OUT, RECORD_FIELDS, SHORT_FOR_KIND, SLUG, Article, Cell, Dataset, Origin, Outline, Stance, Unknown,
    Vocabularies,
)
from perspectives.stancerecord import check_stances

# Dimensions the home page and the article list show, so they must exist.
REQUIRED_DIMENSIONS = ("root-cause",)

# A short form is what /compare/ shows of a cell before the reader opens it:
# a few words that fit an article's column when eight articles stand side by
# side at 1280 px (about 130 px, three short lines). Words are counted between
# spaces, so "top-of-neck" is one; the character limit keeps compounds honest.
SHORT_MAX_WORDS = 5
SHORT_MAX_CHARS = 40

# The most ids a hint lists ("use one of: …"); the rest are counted.
HINTED_IDS = 12

# The most quotations of one article the check diagnoses (what differs, the closest passage): each diagnosis
# and search is bounded (quotes.Passages.MAX_STARTS) and this bounds their number, so a flood costs little.
MAX_HINTS = 20


def short_problem(text: str) -> str | None:
    """Why `text` is too long for a short form, or None."""
    words, chars = len(text.split()), len(text)
    if words > SHORT_MAX_WORDS or chars > SHORT_MAX_CHARS:
        return (f"is {words} word{'s' if words != 1 else ''} and {chars} characters long; a short form has at most "
                f"{SHORT_MAX_WORDS} words and {SHORT_MAX_CHARS} characters")
    return None



def check_dataset(dataset: Dataset) -> list[DataError]:
    """Everything that can be checked of each record on its own; `conclude` then checks them together."""
    errors: list[DataError] = []
    errors += check_vocabularies(dataset.vocabularies)
    for article in dataset.articles:
        errors += check_article(article, dataset.vocabularies)
    return errors


def conclude(errors: list[DataError], articles: Sequence[Outline], vocabularies: Vocabularies, data_dir: Path,
             select: str | None = None) -> None:
    """The checks that need every article at once, then the verdict: raises DataErrors listing every
    problem found so far and by them. Both ways of checking end here (pipeline.load_checked, the
    build's, and parallelcheck.check_data, `perspectives check`'s)."""
    errors = errors + check_across(articles)
    # Every promised URL is still served (data/published-urls.txt); a preview of some articles
    # leaves the others out on purpose, so it cannot tell.
    if not errors and select is None:
        errors += check_promises(articles, vocabularies, data_dir)
        # No published stance or position changed without a correction (data/published-stances.txt).
        errors += check_stances(articles, vocabularies, data_dir)
    if errors:
        raise DataErrors(errors)


def check_vocabularies(vocabularies: Vocabularies) -> list[DataError]:
    errors: list[DataError] = []
    known = set(vocabularies.terms)
    for name, terms in vocabularies.terms.items():
        errors += _duplicates([(term.id, term.origin) for term in terms], "id", f"another {name} entry")
    errors += _duplicates([(d.id, d.origin) for d in vocabularies.dimensions], "id", "another dimension")
    errors += [_at(term.origin, "id", f"{term.id!r} is taken by a page or anchor the site generates",
                   "choose another id")
               for kind in ("treatments", "themes") for term in vocabularies.terms.get(kind, ())
               if term.id in urls.reserved_ids(kind)]
    errors += [_reserved_former(term.origin, former)
               for kind in ("treatments", "themes") for term in vocabularies.terms.get(kind, ())
               for former in term.former_ids if former in urls.reserved_ids(kind)]
    for term in vocabularies.terms.get("stances", ()):
        if not term.icon:
            errors.append(_at(term.origin, "icon", "is missing", "every stance needs an icon, e.g. `material-check-circle`"))
    stance_ids = {term.id for term in vocabularies.terms.get("stances", ())}
    for name, terms in vocabularies.terms.items():
        for term in terms:
            if term.conflicts_with and name != "stances":
                errors.append(_at(term.origin, "conflicts_with", "only stances can conflict",
                                  "remove `conflicts_with:`"))
            # The stance no article writes (`implicit`, "not mentioned") conflicts with none: not offered.
            others = sorted(stance.id for stance in vocabularies.terms.get("stances", ())
                            if stance.id != term.id and not stance.implicit) if term.conflicts_with else []
            for other in term.conflicts_with if name == "stances" else ():
                if other == term.id:
                    errors.append(_at(term.origin, "conflicts_with", f"{other!r} is this stance itself, which "
                                      "cannot conflict with itself", f"remove it; the other stances: {', '.join(others)}"))
                elif other not in stance_ids:
                    close = difflib.get_close_matches(other, others, n=1, cutoff=0.6)
                    errors.append(_at(term.origin, "conflicts_with", f"{other!r} is not another stance",
                                      f"did you mean `{close[0]}`?" if close else
                                      f"use ids from vocabularies/stances.yaml: {', '.join(others)}"))
            if term.published and name != "evidence-kinds":
                errors.append(_at(term.origin, "published", "only kinds of evidence can be published sources",
                                  "remove `published:`"))
            if term.icon and not icons.exists(term.icon):
                close = icons.closest(term.icon)
                errors.append(_at(term.origin, "icon", f"{term.icon!r} is not an icon the site has",
                                  f"did you mean `{close}`?" if close else
                                  "pick one from Material's icon set, written like `material-check-circle`"))
    if vocabularies.terms.get("stances") and sum(t.implicit for t in vocabularies["stances"]) != 1:
        first = vocabularies["stances"][0].origin
        errors.append(_at(first, "implicit", "exactly one stance must be `implicit: true`",
                          "mark the stance shown for treatments an article does not mention"))
    for required in REQUIRED_DIMENSIONS:
        if vocabularies.dimensions and required not in {d.id for d in vocabularies.dimensions}:
            errors.append(_at(vocabularies.dimensions[0].origin, "id", f"the dimension {required!r} is missing",
                              "the home page and the article list show it; add it back"))
    for dimension in vocabularies.dimensions:
        if dimension.field and dimension.field not in (*RECORD_FIELDS, *DESCRIBED_FIELDS):
            errors.append(_at(dimension.origin, "field", f"{dimension.field!r} is not a record field a row can show",
                              f"use one of: {', '.join((*RECORD_FIELDS, *DESCRIBED_FIELDS))}"))
        if dimension.vocabulary and dimension.vocabulary not in known:
            errors.append(_at(dimension.origin, "vocabulary", f"{dimension.vocabulary!r} is not a vocabulary",
                              f"use one of: {', '.join(sorted(known))}"))
        if dimension.field and dimension.vocabulary:
            errors.append(_at(dimension.origin, "vocabulary", "a `field` row takes its vocabulary from the field",
                              "remove `vocabulary:`"))
    # A row that shows vocabulary terms shows their labels as its short forms.
    shown = {}
    for dimension in vocabularies.dimensions:
        name = RECORD_FIELDS.get(dimension.field or "") or dimension.vocabulary
        if name in known:
            shown.setdefault(name, dimension)
    for name, dimension in shown.items():
        for term in vocabularies[name]:
            problem = short_problem(term.label)
            if problem:
                errors.append(_at(term.origin, "label", problem,
                                  f"the row {dimension.label!r} shows this label at a glance: shorten it and say "
                                  "more in `description:`"))
    return errors


def check_article(article: Article, vocabularies: Vocabularies) -> list[DataError]:
    errors: list[DataError] = []
    origin = article.origin
    stem = origin.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if article.id != stem:
        errors.append(_at(origin, "id", f"{article.id!r} does not match the file name {stem!r}",
                          f"rename the file to {article.id}.yaml or set `id: {stem}`"))

    def vocabulary_id(value: str, vocabulary: str, where: Origin, field: str) -> None:
        if vocabulary in vocabularies.broken:  # its own errors come first; its ids are checked once it loads
            return
        term = vocabularies.get(vocabulary, value)
        if term is None:
            choices = [t.id for t in vocabularies.terms.get(vocabulary, ()) if not t.implicit]
            # The one term the id adds words to or leaves words off (massage-therapy, massage), if only one;
            # else the closest spelling.
            extended = [choice for choice in choices if value.startswith(f"{choice}-") or choice.startswith(f"{value}-")]
            close = extended if len(extended) == 1 else difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
            # Close in spelling is not close in meaning: the suggestion comes with its label, to judge by.
            hint = (f"did you mean `{close[0]}` (“{vocabularies.term(vocabulary, close[0]).label}”)? If not, "
                    f"add it to vocabularies/{vocabulary}.yaml" if close
                    else f"use one of: {', '.join(choices)}, or add it to the vocabulary" if choices
                    else f"add it to vocabularies/{vocabulary}.yaml")
            errors.append(_at(where, field, f"{value!r} is not in vocabularies/{vocabulary}.yaml", hint))
        elif term.implicit:
            errors.append(_at(where, field, f"{value!r} {IMPLIED_BY_LEAVING_OUT[0]}", IMPLIED_BY_LEAVING_OUT[1]))

    if article.id in urls.reserved_ids("articles"):
        errors.append(_at(origin, "id", f"{article.id!r} is taken by a page or anchor the site generates",
                          "choose another id (and rename the file to match)"))

    if article.discipline.id is not None:
        vocabulary_id(article.discipline.id, "disciplines", article.discipline.origin, "id")
    vocabulary_id(article.format, "formats", origin, "format")

    # Sources and URLs.
    source = article.source
    if not isinstance(source.url, Unknown):
        errors += _url(source.url, source.origin, "url")
    elif source.compared != "not-compared":
        # The page would say "Address unknown" and then that the capture was compared with the live page.
        errors.append(_at(source.origin, "compared", f"{source.compared!r} says the capture was compared with the "
                                                     "original, whose address is unknown (`url: {unknown: …}`)",
                          "write `compared: not-compared`, or the original's address under `url:` if it is known"))
    if source.captured_from is not None:
        errors += _url(source.captured_from, source.origin, "captured_from")
    if isinstance(article.published, str):
        problem = date_problem(article.published)
        if problem:
            errors.append(_at(origin, "published", f"{article.published!r} {problem}",
                              "write the date as YYYY-MM-DD, or `{unknown: reason}`"))

    # When it was added, reviewed and corrected.
    errors += _dates(article)
    # A correction's note is a line on the changes page and an entry's title in the feed: one line.
    errors += [_at(correction.origin, "note", "holds more than one line",
                   "say what was corrected and why in one line; the changes page and the feed show it as one")
               for correction in article.corrections if "\n" in correction.note.strip()]
    for former in article.former_ids:
        if not SLUG.match(former) or former == article.id:
            errors.append(_at(origin, "former_ids", f"{former!r} is not an earlier id of this article",
                              "list the ids this article had before it was renamed: lowercase words and hyphens"))
        elif former in urls.reserved_ids("articles"):
            errors.append(_reserved_former(origin, former))

    # Claims and their quotations. A claim's former ids are anchors other pages link to: one claim each.
    errors += _duplicates([(c.id, c.origin) for c in article.claims], "id", "another claim in this article")
    current_claims = {claim.id for claim in article.claims}
    claimed: dict[str, str] = {}
    for claim in article.claims:
        for former in claim.former_ids:
            if not SLUG.match(former) or former in current_claims or former in claimed:
                errors.append(_at(claim.origin, "former_ids", f"{former!r} is not a free earlier id of this claim",
                                  "list the ids this claim had before it was renamed; an id in use, or listed by "
                                  "another claim, cannot lead here too"))
            claimed.setdefault(former, claim.id)
    capture_name = article.capture_file
    if article.capture is None:
        named_by_id = f"{capture_name.rsplit('/', 1)[0]}/{article.id}.txt"
        errors.append(_at(origin, "id", f"has no capture at {capture_name}",
                          ("copy the captured text there, byte for byte" + (
                              "; an article renamed takes its capture along: rename its capture to match, if it is "
                              "still under a former id" if article.former_ids else "")) if article.id == stem else
                          f"captures are found by the article file's name: copy the captured text there; or, if "
                          f"the capture is {named_by_id}, rename this file to {article.id}.yaml (unless another "
                          "article's file has that name: then this file's id is the mistake)"))
    elif article.capture:
        digest = hashlib.sha256(article.capture.encode("utf-8")).hexdigest()
        if not source.capture_sha256:
            errors.append(_at(source.origin, "capture_sha256", "is empty",
                              f"write `capture_sha256: {digest}`, the hash of {capture_name}"))
        elif digest != source.capture_sha256:
            hint = ("a capture is never edited; if it was replaced on purpose, update the hash"
                    if re.fullmatch(r"[0-9a-f]{64}", source.capture_sha256)
                    else f"write `capture_sha256: {digest}`")
            errors.append(_at(source.origin, "capture_sha256", f"does not match {capture_name} ({digest})", hint))
        capture = quotes.Capture(article.capture)
        passages: quotes.Passages | None = None  # built only if a quotation is missing
        hints = 0  # quotations diagnosed so far: each diagnosis and each closest-passage search scans the capture
        for claim in article.claims:
            for index, quotation in enumerate(claim.quotations):
                field = f"{claim.origin.name}.quotations[{index}]"  # by position, as the loader names fields
                problem = capture.problem(quotation, diagnose=hints < MAX_HINTS)
                if problem is not None:
                    hints += 1
                if problem is not None and problem.missing is not None:
                    if hints <= MAX_HINTS:
                        passages = passages or quotes.Passages(article.capture)
                        problem = dataclasses.replace(problem, hint=_closest_hint(passages.closest(problem.missing)))
                    else:
                        problem = dataclasses.replace(problem, hint=f"copy the words exactly from the capture (no "
                                                      f"closest passage searched past the first {MAX_HINTS} missing "
                                                      "quotations of an article)")
                if problem is not None:
                    errors.append(DataError(origin.path, quotation.line, field, problem.problem, problem.hint))
                words = quotes.word_count(quotation)
                if words > quotes.MAX_WORDS:
                    errors.append(DataError(origin.path, quotation.line, field,
                                            f"has {words} words, more than {quotes.MAX_WORDS}",
                                            "quote one or two sentences; shorten it or split it"))

    claim_ids = {claim.id for claim in article.claims}
    # Named in the hint of every unknown claim id: a few, so that a flood of them stays small.
    some_claims = ", ".join(sorted(claim_ids)[:HINTED_IDS]) + (
        f" (and {len(claim_ids) - HINTED_IDS:,} more under `claims:`)" if len(claim_ids) > HINTED_IDS else "")

    def cited(claims: tuple[str, ...], where: Origin, field: str) -> None:
        for claim_id in claims:
            if claim_id not in claim_ids:
                # A typo, or a claim's id with words left off ("nerve-signals" for "overwhelmed-nerve-signals").
                close = difflib.get_close_matches(claim_id, sorted(claim_ids), n=1, cutoff=0.8)
                if not close:
                    longer = [known for known in sorted(claim_ids) if f"-{claim_id}-" in f"-{known}-"]
                    close = longer if len(longer) == 1 else []
                errors.append(_at(where, "claims", f"{claim_id!r} is not a claim of this article",
                                  f"in {field}, " + (f"did you mean {close[0]!r}?" if close
                                                     else f"use one of: {some_claims}")))

    # Comparison cells: one per non-field dimension, each value grounded in claims. (With the dimensions
    # file broken, which cells an article needs is not known: its own errors come first.)
    for dimension in vocabularies.dimensions if "dimensions" not in vocabularies.broken else ():
        if dimension.field:
            if dimension.id in article.comparison:
                cell = article.comparison[dimension.id]
                shown_from = "evidence" if dimension.field in DESCRIBED_FIELDS else dimension.field
                errors.append(_at(cell.origin, "", f"is not written here: the row shows the article's "
                                  f"`{shown_from}:`", "remove this cell"))
            continue
        cell = article.comparison.get(dimension.id)
        if cell is None:
            errors.append(_at(origin, "comparison", f"has no cell for {dimension.id!r}",
                              f"add `{dimension.id}:` with `value:`{'' if dimension.vocabulary else ', `short:`'} and "
                              "`claims:`, or `none:`/`unknown:` and a reason"))
            continue
        if cell.kind == "value":
            cited(cell.claims, cell.origin, f"comparison.{dimension.id}")
            if dimension.vocabulary:
                vocabulary_id(cell.text, dimension.vocabulary, cell.origin, "value")
        errors += _short_form(cell, dimension.vocabulary)
    dimension_ids = {dimension.id for dimension in vocabularies.dimensions}
    for key, cell in article.comparison.items() if "dimensions" not in vocabularies.broken else ():
        if key not in dimension_ids:
            errors.append(DataError(origin.path, cell.origin.line, f"comparison.{key}", "is not a dimension",
                                    f"dimensions are: {', '.join(sorted(dimension_ids))}"))

    # Treatments and themes.
    errors += _duplicates([(s.treatment, s.origin) for s in article.treatments], "treatment", "another entry",
                          "a treatment has one entry: put anything else the article says of it under that "
                          "entry's `also:`")
    for entry in article.treatments:
        vocabulary_id(entry.treatment, "treatments", entry.origin, "treatment")
        errors += _duplicates([(said.stance, said.origin) for said in entry.says], "stance",
                              "another stance of this treatment", "say each stance of a treatment once, with "
                              "every claim that shows it")
        for said in entry.says:
            vocabulary_id(said.stance, "stances", said.origin, "stance")
            cited(said.claims, said.origin, f"treatments.{entry.treatment}")
            errors += _qualifier(said, vocabularies, claim_ids)
    errors += _duplicates([(h.theme, h.origin) for h in article.themes], "theme", "another entry")
    for holding in article.themes:
        vocabulary_id(holding.theme, "themes", holding.origin, "theme")
        cited(holding.claims, holding.origin, f"themes.{holding.theme}")

    # Evidence: each item's kind from the vocabulary, grounded in claims.
    if article.evidence_unknown is not None and source.partial is None:
        errors.append(_at(origin, "evidence", "is `unknown`, but the capture is complete",
                          "write `evidence: {none: why}` if the article cites nothing, or list what it cites; "
                          "`unknown` is for a capture with `source.partial`"))
    if article.cites_nothing is not None and source.partial is not None:
        errors.append(_at(origin, "evidence", "says the article cites nothing, but its capture is incomplete",
                          "write `evidence: {unknown: why}`: the part captured cites nothing, the rest is not known"))
    for item in article.evidence:
        vocabulary_id(item.kind, "evidence-kinds", item.origin, "kind")
        cited(item.claims, item.origin, "evidence")
    return errors


def _reserved_former(origin: Origin, former: str) -> DataError:
    return _at(origin, "former_ids", f"{former!r} is taken by a page or anchor the site generates",
               "an old address can only be one the site never used for anything else")


def _qualifier(entry: Stance, vocabularies: Vocabularies, claim_ids: set[str]) -> list[DataError]:
    """A stance the vocabulary marks `qualified` names the claim carrying its condition or limit, one of the
    entry's claims (`claim_ids`: the article's)."""
    term = vocabularies.get("stances", entry.stance)
    if term is None:
        return []
    if term.qualified and entry.qualifier is None:
        return [_at(entry.origin, "stance", f"{term.label!r} needs a qualifier",
                    f"add `qualifier:` naming the claim (one of {', '.join(entry.claims)}) that carries the "
                    "condition or limit, and state it in `note:`")]
    if not term.qualified and entry.qualifier is not None:
        return [_at(entry.origin, "qualifier", f"{term.label!r} takes no qualifier",
                    "remove `qualifier:`, or choose a stance marked `qualified: true` in vocabularies/stances.yaml")]
    if entry.qualifier is not None and entry.qualifier not in entry.claims:
        mistyped = [claim for claim in entry.claims if claim not in claim_ids]
        if entry.qualifier in claim_ids and difflib.get_close_matches(entry.qualifier, mistyped, n=1, cutoff=0.6):
            return []  # the same claim mistyped in `claims:` is the error, reported there: not the qualifier
        hint = (f"add `{entry.qualifier}` to this entry's `claims:`, or use one of: {', '.join(entry.claims)}"
                if entry.qualifier in claim_ids else f"use one of: {', '.join(entry.claims)}")
        return [_at(entry.origin, "qualifier", f"{entry.qualifier!r} is not one of this entry's claims", hint)]
    return []


def _dates(article: Article) -> list[DataError]:
    """`added`, `reviewed` and correction dates: real days, not in the future, reviewed not before added, each
    correction between the two."""
    errors = []
    checked = [(article.origin, "added", article.added), (article.origin, "reviewed", article.reviewed)]
    checked += [(correction.origin, "date", correction.date) for correction in article.corrections]
    for where, field, value in checked:
        problem = date_problem(value) if value is not None else None
        if problem:
            errors.append(_at(where, field, f"{value!r} {problem}", "write the day it happened, today or earlier"
                              if problem == FUTURE else "write the day as YYYY-MM-DD"))
    if article.added and article.reviewed and not date_problem(article.added) and not date_problem(article.reviewed) \
            and article.reviewed < article.added:
        errors.append(_at(article.origin, "reviewed", f"{article.reviewed!r} is before `added` ({article.added})",
                          "a review comes after the article was added"))
    # A correction is made to a published article, when it is checked against its capture: between the day it
    # was added and its review (the changes page dates each by these).
    dated = [correction for correction in article.corrections if correction.date and not date_problem(correction.date)]
    latest = max((correction.date for correction in dated), default="")
    if dated and not article.reviewed:  # the review that made the corrections, which the changes page dates
        # The day to suggest is the latest correction's that is itself right: one dated before `added` has an
        # error of its own, and a review that day would be another.
        added = article.added if article.added and not date_problem(article.added) else ""
        day = max((correction.date for correction in dated if correction.date >= added), default="")
        errors.append(_at(dated[0].origin, "date", "is a correction of an article with no `reviewed:` date",
                          f"add `reviewed: {day}`, the day the article was last checked against its capture" if day
                          else "add `reviewed:`, the day the article was last checked against its capture, on or "
                          "after the day it was added"))
    for correction in dated:
        if article.added and not date_problem(article.added) and correction.date < article.added:
            errors.append(_at(correction.origin, "date", f"{correction.date!r} is before `added` ({article.added})",
                              "a correction is made on or after the day the article was added: write the day it "
                              "was made"))
        elif article.reviewed and not date_problem(article.reviewed) and correction.date > article.reviewed:
            errors.append(_at(correction.origin, "date", f"{correction.date!r} is after `reviewed` "
                              f"({article.reviewed})", f"set `reviewed: {latest}`, the day the article was last "
                              "checked against its capture"))
    return errors


def _short_form(cell: Cell, vocabulary: str | None) -> list[DataError]:
    """A value in our words needs a short form within the limits; other cells have none.

    The short form sits in the cell, so the cell's claims back it as they back
    the value: it must say no more than the value does.
    """
    if cell.kind != "value":
        if cell.short is not None:
            return [_at(cell.origin, "short", f"goes with `value:`, not with `{cell.kind}:`",
                        f"remove it: a glance shows {SHORT_FOR_KIND[cell.kind]!r} and the reason on opening the cell")]
        return []
    if vocabulary:
        if cell.short is not None:
            return [_at(cell.origin, "short", "is not used in a row whose values come from a vocabulary",
                        f"remove it: the label from vocabularies/{vocabulary}.yaml is the short form")]
        return []
    if cell.short is None:
        return [_at(cell.origin, "short", "is missing",
                    f"add `short:`, the value in at most {SHORT_MAX_WORDS} words and {SHORT_MAX_CHARS} characters, "
                    "saying no more than the value")]
    problem = short_problem(cell.short)
    if problem:
        return [_at(cell.origin, "short", problem, "say less: the full answer is in `value:`")]
    return []


def check_across(articles: Sequence[Outline]) -> list[DataError]:
    """Checks that need all articles at once."""
    seen = Counter(article.short_title for article in articles)
    errors = [_at(article.origin, "short_title", f"{article.short_title!r} is used by another article too",
                  "column headings must tell articles apart")
              for article in articles if seen[article.short_title] > 1]
    # One source is one article: entered twice, it would count twice in every finding ("5 of the 7 articles")
    # and stand against itself in every disagreement. Told apart by its capture, and by the original's address;
    # each article of a pair is told once, naming the other.
    addresses = {article.id: _address(article.url) for article in articles if article.url}
    by_capture: dict[str, list[Outline]] = {}
    by_address: dict[str, list[Outline]] = {}
    for article in articles:
        if article.capture_sha256:
            by_capture.setdefault(article.capture_sha256, []).append(article)
        if article.id in addresses:
            by_address.setdefault(addresses[article.id], []).append(article)
    for article in articles:
        capture = [other for other in by_capture.get(article.capture_sha256, ()) if other is not article]
        address = [other for other in by_address.get(addresses.get(article.id, ""), ()) if other is not article]
        others = capture + [other for other in address if other not in capture]
        if not others:
            continue
        what = ("capture and original's address" if capture == address else "capture" if not address
                else "original's address" if not capture else "capture or original's address")
        errors.append(_at(article.origin, "source", f"has the same {what} as {_named(others)}",
                          "one source is one article: if it is the same article, keep one file (give the other's id "
                          "to the one kept as `former_ids` if it was published); a different article needs its own "
                          "capture and address"))
    # An old address redirects to one article, and never shadows a live one. An article whose id is another's
    # former id takes that article's old address and old links: it is told, naming the other (a former id is
    # what a rename leaves, so the new id is the likely mistake; the file named says where to look if not).
    # Two articles that list one former id are each told, naming the other.
    named = {article.id: article for article in articles}
    formerly: dict[str, list[Outline]] = {}
    for article in articles:
        for former in article.former_ids:
            formerly.setdefault(former, []).append(article)
    for former, renamed in formerly.items():
        live = named.get(former)
        if live is not None and live not in renamed:
            errors.append(_at(live.origin, "id", f"{former!r} is a former id of {_named(renamed)}, whose old "
                                                 "address and links lead there",
                              "choose another id for this article (`perspectives new` refuses it too); if that "
                              "article was never called so, take it out of its `former_ids` instead"))
        for article in renamed if len(renamed) > 1 else ():
            errors.append(_at(article.origin, "former_ids", f"{former!r} is a former id of "
                                                            f"{_named([other for other in renamed if other is not article])} too",
                              "an old address leads to one article only: keep it on the one once called so"))
    return errors


def _address(url: str) -> str:
    """An original's address as two entries of one source would write it alike: without its scheme (http or
    https), its fragment, a trailing slash or the case of its host."""
    _, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{host.lower()}{slash}{path}".split("#", 1)[0].rstrip("/") if rest else url


def _named(articles: list[Outline], most: int = 3) -> str:
    """Articles as an error names them (_which), the first `most`, then how many more."""
    named = ", ".join(map(_which, articles[:most]))
    return named + (f" and {len(articles) - most:,} more" if len(articles) > most else "")


def _which(article: Outline) -> str:
    """An article as an error names it: its heading and its file."""
    return f"{article.short_title} ({article.origin.path})"


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _closest_hint(closest: tuple[str, int, str, str] | None) -> str:
    """Where to look in the capture, and the first word to fix: the matcher `perspectives quote` uses."""
    if closest is None:
        return "copy the words exactly from the capture; join separate pieces with …"
    passage, number, mine, theirs = closest
    if not mine:
        where = ""
    elif theirs:
        where = f"; they differ from word {number}, {_clip(mine, 30)!r} (the capture has {_clip(theirs, 30)!r})"
    else:
        where = f"; the capture's passage ends before word {number}, {_clip(mine, 30)!r}"
    return (f"closest passage: {_clip(passage, 100)!r}{where}. Copy the words exactly; "
            "join separate pieces with …")


def _duplicates(entries: list[tuple[str, Origin]], field: str, other: str,
                hint: str = "ids must be unique") -> list[DataError]:
    first: dict[str, Origin] = {}
    errors = []
    for value, origin in entries:
        if value in first:
            errors.append(_at(origin, field, f"{value!r} is used by {other} (line {first[value].line})", hint))
        else:
            first[value] = origin
    return errors


def _url(url: str, where: Origin, field: str) -> list[DataError]:
    hint = web_address_problem(url)
    return [_at(where, field, f"{url!r} is not a valid web address", hint)] if hint else []


def is_web_address(url: str) -> bool:
    """Whether `url` is an address a reader's browser opens: http(s), a host with a dot, nothing that would
    end an attribute."""
    return web_address_problem(url) is None


def web_address_problem(url: str) -> str | None:
    """What to do to make `url` an address a reader's browser opens (is_web_address), or None if it is one:
    the step for what is wrong with it, not a rule it may already keep (it starts with https:// already)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "write the full address, starting with https:// (http:// where the site has no https)"
    if any(c.isspace() for c in url) or any(c in url for c in '<>"'):
        return "copy it from the browser's address bar: an address holds no space (%20) and no <, > or \""
    if not parts.netloc:
        return "write the full address, with its host: https://example.org/page"
    if "." not in parts.netloc:
        return (f"its host, {parts.netloc!r}, is no public web address (it has no dot): write the address a "
                "reader's browser opens, such as https://example.org/page")
    return None


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FUTURE = "is in the future"


def date_problem(text: str, today: date | None = None) -> str | None:
    """Why `text` is not a usable publication date, or None."""
    if not _DATE.match(text):
        return "is not a date in the form YYYY-MM-DD"
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return "is not a real date"
    if value > (today or date.today()):
        return FUTURE
    return None


def _at(origin: Origin, field: str, problem: str, hint: str) -> DataError:
    """An error at a field of a record: the field's own line when it has one."""
    line = origin.at(field) if field else origin.line
    name = f"{origin.name}.{field}" if origin.name and field else (field or origin.name)
    return DataError(origin.path, line, name, problem, hint)


