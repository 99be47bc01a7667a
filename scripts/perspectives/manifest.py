"""The URLs the site promises to keep: every published page and download, and
every anchor other pages link to (claims, matrix rows and cells, treatment
sections, themes).

People link to these, so no change of data may drop one silently. The list is
committed (data/published-urls.txt, one URL per line, relative to the site
root, `#` before an anchor, closed by a checksum line) and written only by
`perspectives urls --write` (`make urls`), which adds what is new and refuses
to drop anything. `perspectives check`, and so every build, refuses data that
no longer serves a promised line, naming the promise and the ways to keep it:

- a renamed article, claim, comparison row, treatment or theme lists its old
  id in `former_ids`, and its old address redirects (perspectives.redirects)
  or its old anchor stays on the page, landing on what took its place;
- an article made a draft again is set back to `status: ready`;
- anything else is given up on purpose, with a reason, by
  `perspectives urls --retire URL --reason "…"`: the line leaves the list and
  is recorded in data/retired-urls.txt.

The checksum makes a line deleted by hand visible (the check refuses the
file), and a committed list that is missing is refused as well.

What the site serves is derived from the outlines of the articles (their ids,
claims, treatments, status) and the vocabularies, with the thresholds by which
the pages change form (perspectives.layout), not from a built site: cheap, and
the same in `perspectives check` and the build. tests/test_urls.py proves it
against the built site.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from perspectives import checksummed, layout, urls
from perspectives.errors import DataError
from perspectives.model import Outline, Term, Vocabularies

MANIFEST = "published-urls.txt"  # in the data folder: it is part of what the site promises
RETIRED = "retired-urls.txt"  # URLs given up on purpose: `URL YYYY-MM-DD reason`


def _page(path: str) -> str:
    """The public URL, from the site root, of a page or download by its source path."""
    return "/" + urls.page_url(path)


def served_urls(articles: Sequence[Outline], vocabularies: Vocabularies, docs_dir: Path | None,
                everything: bool = True) -> set[str]:
    """The URLs and anchors a published build serves, from the articles' outlines (drafts are left out).

    With `everything` False, only those the site promises (published_urls): a matrix cell of an article
    that does not mention the treatment, say, is served but not promised."""
    articles = sorted((article for article in articles if not article.draft), key=lambda article: article.id)
    found: set[str] = set()
    if docs_dir is not None and docs_dir.is_dir():
        found |= {_page(path.relative_to(docs_dir).as_posix()) for path in docs_dir.rglob("*.md")}
    found |= {_page(path) for path in urls.GENERATED}
    compare = _page(urls.COMPARE)
    # The articles set side by side on /compare/ carry cell anchors, under their id and former ids.
    columns = [(article, name) for article in layout.side_by_side(articles)
               for name in (article.id, *article.former_ids)]
    for dimension in vocabularies.dimensions:
        for row in (dimension.id, *dimension.former_ids):
            found.add(f"{compare}#dimension-{row}")
            found |= {f"{compare}#dimension-{row}--{name}" for _, name in columns}
    for article in articles:
        for name in (article.id, *article.former_ids):  # a former id's page redirects, carrying the anchor on
            page = f"/articles/{name}/"
            found |= {page, f"/articles/{name}.json"}
            found |= {f"{page}#{anchor}" for anchor in article.claim_anchors}
    mentioning: dict[str, list[Outline]] = {}
    for article in articles:
        for treatment in article.treatments:
            mentioning.setdefault(treatment, []).append(article)
    for treatment in vocabularies["treatments"]:  # every one has a page and a row anchor
        # Its page under its id and former ids (a former id's page redirects, carrying the anchor on).
        pages = [f"/treatments/{name}/" for name in (treatment.id, *treatment.former_ids)]
        rows = [f"treatment-{name}" for name in (treatment.id, *treatment.former_ids)]
        found |= set(pages) | {f"{compare}#{row}" for row in rows}
        takers = mentioning.get(treatment.id, [])
        ids = {article.id for article in takers}
        # A cell per article set side by side, in its row or, for a treatment no article mentions, beside
        # its name under the table.
        found |= {f"{compare}#{row}--{name}" for row in rows for article, name in columns
                  if everything or article.id in ids}
        anchors = set()
        if layout.one_by_one(len(takers)):  # a section per article that mentions it
            anchors |= {name for article in takers for name in (article.id, *article.former_ids)}
        silent = [article for article in articles if article.id not in ids]
        if everything and layout.one_by_one(len(silent)):  # each named, with its anchor, as not mentioning it
            anchors |= {article.id for article in silent}
        found |= {f"{page}#{anchor}" for page in pages for anchor in anchors}
    agreement = _page(urls.AGREEMENT)
    for theme in vocabularies["themes"]:
        found |= {f"{agreement}#{name}" for name in (theme.id, *theme.former_ids)}
    if everything:
        found |= {f"{agreement}#{anchor}" for anchor in urls.AGREEMENT_ANCHORS}
    return found


def published_urls(articles: Sequence[Outline], vocabularies: Vocabularies, docs_dir: Path | None) -> list[str]:
    """Every URL and linked anchor the site publishes now, sorted: what `perspectives urls --write` records."""
    return sorted(served_urls(articles, vocabularies, docs_dir, everything=False))


def unrecorded(articles: Sequence[Outline], vocabularies: Vocabularies, data_dir: Path) -> list[str]:
    """The URLs the site publishes now that the committed list does not yet promise (none while there is no
    list, or one that cannot be read: the check says so): what `make urls` would add."""
    manifest = read_manifest_file(data_dir)
    if manifest is None or manifest.problem:
        return []
    promised = {url for _, url in manifest.lines}
    return [url for url in published_urls(articles, vocabularies, _docs(data_dir)) if url not in promised]


def _docs(data_dir: Path, docs_dir: Path | None = None) -> Path | None:
    """The hand-written pages beside `data_dir` (or `docs_dir`), if there: without them (a data folder on its
    own) which pages the site publishes cannot be told."""
    docs = docs_dir if docs_dir is not None else data_dir.parent / "docs"
    return docs if docs.is_dir() else None


# -- the committed list --------------------------------------------------------------------------

HEADER = ("# Every URL the site publishes and every anchor other pages link to, relative to the site root.\n"
          "# `perspectives check` refuses data that no longer serves one. Written by `make urls`, which never drops\n"
          "# a line: never edit it by hand (the checksum at the end would no longer match). To keep a renamed\n"
          "# record's links, give it `former_ids: [old-id]`; to give a URL up on purpose, run\n"
          "# `perspectives urls --retire URL --reason \"…\"` (recorded in data/retired-urls.txt).\n")


def manifest_text(lines: Sequence[str]) -> str:
    return checksummed.text(HEADER, lines)


# The committed list, read (perspectives.checksummed).
Manifest = checksummed.Lines


def read_manifest_file(data_dir: Path) -> Manifest | None:
    """The committed manifest; None when there is none."""
    return checksummed.read(data_dir / MANIFEST)


def read_manifest(data_dir: Path) -> list[tuple[int, str]] | None:
    """The committed manifest's lines with their numbers; None when there is none yet."""
    manifest = read_manifest_file(data_dir)
    return None if manifest is None else list(manifest.lines)


RETIRED_HEADER = ("# URLs the site published once and gave up on purpose: the URL, the day, and why.\n"
                  "# Written by `perspectives urls --retire URL --reason \"…\"`; links to them no longer work.\n")


def retire(data_dir: Path, patterns: Sequence[str], reason: str, today: date | None = None) -> list[str]:
    """Give up the promised URLs that match any of `patterns` (URLs, or globs such as `/compare/#*--old-id`):
    record each in data/retired-urls.txt with the day and the reason, and drop it from the manifest.
    Returns the URLs retired."""
    manifest = read_manifest_file(data_dir)
    if manifest is None or manifest.problem or not manifest.checksum_ok:  # a list edited by hand stays refused
        return []
    promised = [url for _, url in manifest.lines]
    gone = [url for url in promised if any(fnmatch.fnmatchcase(url, pattern) for pattern in patterns)]
    if not gone:
        return []
    path = data_dir / RETIRED
    before = path.read_text(encoding="utf-8") if path.is_file() else RETIRED_HEADER
    day = (today or date.today()).isoformat()
    reason = " ".join(reason.split())
    path.write_text(before + "".join(f"{url} {day} {reason}\n" for url in gone), encoding="utf-8")
    (data_dir / MANIFEST).write_text(manifest_text([url for url in promised if url not in gone]), encoding="utf-8")
    return gone


def unretire(data_dir: Path, promised: Sequence[str]) -> list[str]:
    """Take URLs that are promised again (an article published again) out of data/retired-urls.txt."""
    path = data_dir / RETIRED
    if not promised or not path.is_file():
        return []
    again = set(promised)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.startswith("#") or line.split(" ", 1)[0] not in again]
    if len(kept) < len(lines):
        path.write_text("".join(kept), encoding="utf-8")
    return [line.split(" ", 1)[0] for line in lines if line not in kept]


# -- the check -------------------------------------------------------------------------------------

def check_promises(articles: Sequence[Outline], vocabularies: Vocabularies, data_dir: Path,
                   docs_dir: Path | None = None) -> list[DataError]:
    """Every URL in the manifest is still served, or the check says which promise breaks and how to keep it."""
    errors = _former_id_clashes(articles, vocabularies)
    shown = f"{data_dir.name}/{MANIFEST}"  # as the editor knows it, like every data error
    manifest = read_manifest_file(data_dir)
    if manifest is None:
        return errors + checksummed.missing(data_dir, MANIFEST, "the site's promised URLs would go unchecked")
    if manifest.problem:
        return errors + [checksummed.unreadable(shown, manifest.problem, manifest.conflicted,
                                                f"restore it: git checkout -- {shown}")]
    if not manifest.checksum_ok:
        return errors + [DataError(shown, 0, "", "was edited by hand: its checksum line does not match its URLs",
                                   f"restore it (git checkout -- {shown}) and run `make urls`; to give a URL up on "
                                   "purpose: perspectives urls --retire URL --reason \"…\"")]
    docs = _docs(data_dir, docs_dir)
    served = served_urls(articles, vocabularies, docs)
    dropped = [(number, url) for number, url in manifest.lines if url not in served]
    if dropped and docs is None:  # without docs/ (a data folder on its own), its pages cannot be told
        dropped = [(number, url) for number, url in dropped if _kind(url) != "page"]
    promised = {url for _, url in manifest.lines}
    return errors + _explain(dropped, articles, vocabularies, shown, [url for url in served if url not in promised])


def _kind(url: str) -> str:
    path, _, anchor = url.partition("#")
    top = path.strip("/").split("/")[0]
    if top in ("articles", "treatments", "compare", "agreement") or path.endswith((".json", ".csv")):
        return top or "page"
    return "page"


def _explain(dropped: list[tuple[int, str]], articles: Sequence[Outline], vocabularies: Vocabularies,
             shown: str, unpromised: Iterable[str] = ()) -> list[DataError]:
    """One line per broken promise: URLs that break together (an article's page and its anchors, a comparison
    row and its cells) make one line. It points at the file to change where there is one (the article made
    a draft or missing a claim, the vocabulary missing a row, theme or treatment), at the record itself where
    one record of the kind gone is new (`unpromised`: the URLs served that the list does not hold yet), as a
    record renamed is, and names the promise's line in data/published-urls.txt, which is never edited by
    hand."""
    # A draft's former ids are its own: a renamed article made a draft takes its old addresses with it, and
    # one line says so (not one per old address, each blaming a rename that was done right).
    drafts = {name: article.id for article in articles if article.draft for name in (article.id, *article.former_ids)}
    known = {name for article in articles for name in (article.id, *article.former_ids)}
    by_id = {article.id: article for article in articles}
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for number, url in dropped:
        groups.setdefault(_cause(url, drafts, known, vocabularies), []).append((number, url))
    new: dict[str, set[str]] = {}  # the ids of the records, by kind, whose addresses are not promised yet
    for url in unpromised:
        kind, name = _cause(url, drafts, known, vocabularies)
        new.setdefault(kind, set()).add(name)
    errors = []
    for (kind, name), members in groups.items():
        # Said of the page where one is among them (an article's, a treatment's), else of the first line.
        number, url = next((member for member in members if "#" not in member[1]
                            and not member[1].endswith(".json")), members[0])
        more = f" and {len(members) - 1:,} more promised URL{'s' if len(members) > 2 else ''}" if len(members) > 1 else ""
        problem, keep = _wording(kind, name, url)
        renamed = _one_new(kind, new, by_id, vocabularies)
        if renamed is not None:
            keep = f"if `{renamed[0]}` is what it became, add `former_ids: [{name}]` to it"
        # A draft's old addresses are given up with its own (the patterns name each of its ids).
        names = (name, *by_id[name].former_ids) if kind == "draft" and name in by_id else (name,)
        patterns = _patterns(kind, names, [url for _, url in members])
        retire_as = "--retire-gone" if patterns == ["--gone"] else "--retire " + " ".join(f"'{p}'" for p in patterns)
        path, line, field = renamed[1] if renamed else _where(kind, name, by_id, vocabularies) or (shown, number, url)
        promise = f"{url}{more} ({shown}:{number})" if path != shown else url + (f" ({more.strip()})" if more else "")
        errors.append(DataError(path, line, field, f"{problem}: {promise} would break",
                                f"{keep}; or give it up on purpose: perspectives urls {retire_as} --reason \"…\""))
    return errors


def _one_new(kind: str, new: dict[str, set[str]], articles: dict[str, Outline], vocabularies: Vocabularies
             ) -> tuple[str, tuple[str, int, str]] | None:
    """The id of the one record of the kind that is new, with the file, line and field of its id, if exactly
    one is: what a record gone was most likely renamed to."""
    if kind not in ("article", "dimension", "treatment", "theme"):
        return None
    records = {"article": list(articles.values()), "dimension": vocabularies.dimensions}.get(kind) \
        or vocabularies.terms.get(f"{kind}s", ())
    found = [record for record in records if record.id in new.get(kind, ())]
    if len(found) != 1:
        return None
    return found[0].id, (found[0].origin.path, found[0].origin.at("id"), "id")


def _where(kind: str, name: str, articles: dict[str, Outline], vocabularies: Vocabularies
           ) -> tuple[str, int, str] | None:
    """The file, line and field to change for a broken promise, where one file holds the change."""
    if kind in ("draft", "claim"):
        article = articles.get(name.split("#", 1)[0])
        if article is not None:
            field = "status" if kind == "draft" else "claims"
            return article.origin.path, article.origin.at(field), field
    vocabulary = {"dimension": None, "treatment": "treatments", "theme": "themes"}.get(kind, "")
    records = vocabularies.dimensions if vocabulary is None else vocabularies.terms.get(vocabulary, ()) \
        if vocabulary else ()
    if records:
        return records[0].origin.path, 0, "id"
    return None


def _cause(url: str, drafts: dict[str, str], known: set[str], vocabularies: Vocabularies) -> tuple[str, str]:
    """What a dropped URL was: (kind, id), the unit whose loss breaks it. `drafts`: the draft articles' ids,
    by each of their ids and former ids; `known`: the ids (and former ids) of the articles there are; an
    anchor naming any other article went with it, as does a cell of a row that is gone."""
    rows = {"dimension": {name for d in vocabularies.dimensions for name in (d.id, *d.former_ids)},
            "treatment": {name for t in vocabularies["treatments"] for name in (t.id, *t.former_ids)}}

    def of_article(article: str, otherwise: tuple[str, str]) -> tuple[str, str]:
        return ("draft", drafts[article]) if article in drafts else ("article", article) if article not in known else otherwise

    path, _, anchor = url.partition("#")
    parts = path.strip("/").split("/")
    if parts[0] == "articles" and len(parts) >= 2 and parts[1]:
        article = parts[1].removesuffix(".json")
        return of_article(article, ("claim", f"{article}#{anchor}") if anchor.startswith("claim-")
                          else ("article", article))
    for prefix, kind in (("dimension-", "dimension"), ("treatment-", "treatment")):
        if parts[0] == "compare" and anchor.startswith(prefix):
            row, _, article = anchor.removeprefix(prefix).partition("--")
            if not article or row not in rows[kind]:
                return kind, row
            return of_article(article, ("cell", ""))  # a column no longer set side by side: one line for all
    if parts[0] == "treatments" and len(parts) >= 2 and parts[1]:
        if not anchor or parts[1] not in rows["treatment"]:
            return "treatment", parts[1]
        return of_article(anchor, ("treatment-section", parts[1]))
    if parts[0] == "agreement" and anchor:
        return "theme", anchor
    return "page", path


def _wording(kind: str, name: str, url: str) -> tuple[str, str]:
    """(what broke, how to keep it) for a group of dropped URLs."""
    if kind == "draft":
        return (f"article {name!r} was published and is now a draft", "set its `status: ready` again")
    if kind == "article":
        return (f"no article has the id {name!r} any more",
                f"add `former_ids: [{name}]` to the article it became, so that its old address redirects there")
    if kind == "claim":
        article, anchor = name.split("#", 1)
        claim = anchor.removeprefix("claim-")
        return (f"no claim of {article!r} has the id {claim!r} any more",
                f"add `former_ids: [{claim}]` to the claim that carries it on, so that links land there")
    if kind == "dimension":
        return (f"no row of the comparison has the id {name!r} any more",
                f"add `former_ids: [{name}]` to the row that replaced it in vocabularies/dimensions.yaml")
    if kind == "treatment":
        return (f"no treatment has the id {name!r} any more",
                f"add `former_ids: [{name}]` to the treatment it became in vocabularies/treatments.yaml")
    if kind == "treatment-section":
        return (f"the sections of the {name!r} page are gone: more articles now mention the treatment than it "
                f"quotes one by one ({layout.QUOTED_HOLDERS})", "each one's stance stays on its own page")
    if kind == "theme":
        return (f"no theme has the id {name!r} any more",
                f"add `former_ids: [{name}]` to the theme that carries its meaning in vocabularies/themes.yaml")
    if kind == "cell":
        return (f"/compare/ no longer has these articles' columns: with more than {layout.SIDE_BY_SIDE_LIMIT} "
                f"articles it sets the first {layout.COLUMNS_AT_SCALE} side by side",
                "their answers stay on their own pages")
    return ("this page is gone", "restore the page, or a page at its address")


def _patterns(kind: str, names: tuple[str, ...], members: list[str]) -> list[str]:
    """The --retire patterns that cover a group of dropped URLs (fnmatch: `*` is any text): `names`, the
    id of what they were (and an article's former ids)."""
    if len(members) <= 2:
        return members
    name = names[0]
    if kind in ("draft", "article"):
        return [pattern for each in names for pattern in (f"/articles/{each}/*", f"/articles/{each}.json",
                                                           f"/compare/#*--{each}", f"/treatments/*/#{each}")]
    if kind == "dimension":
        return [f"/compare/#dimension-{name}", f"/compare/#dimension-{name}--*"]
    if kind == "treatment":
        return [f"/treatments/{name}/*", f"/compare/#treatment-{name}", f"/compare/#treatment-{name}--*"]
    if kind in ("cell", "treatment-section"):
        return ["--gone"]  # every promised URL the site no longer serves (perspectives urls --retire --gone)
    return members


def _former_id_clashes(articles: Sequence[Outline], vocabularies: Vocabularies) -> list[DataError]:
    """A former id names one old address: it cannot be a current id, or the former id of two records."""
    errors = []
    groups: list[tuple[str, Sequence[Outline] | Sequence[Term] | Sequence]] = [("article", articles)]
    groups += [(vocabulary.rstrip("s"), vocabularies[vocabulary]) for vocabulary in ("treatments", "themes")]
    groups.append(("dimension", vocabularies.dimensions))
    for kind, records in groups:
        current = {record.id for record in records}
        claimed: dict[str, str] = {}
        for record in records:
            for former in record.former_ids:
                origin = record.origin
                if former in current:
                    problem = f"{former!r} is the id of another {kind} now"
                elif former in claimed:
                    problem = f"{former!r} is also a former id of {claimed[former]!r}"
                else:
                    claimed[former] = record.id
                    continue
                errors.append(DataError(origin.path, origin.at("former_ids"), f"{origin.name + '.' if origin.name else ''}former_ids",
                                        problem, "an old address can lead to one place only: remove it from one of them"))
    return errors
