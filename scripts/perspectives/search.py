"""Site search: a Pagefind index of the built site, which a reader's browser fetches in chunks per query.

Material's own search (lunr) sends the whole index to a reader's browser
before the first result: 1.8 MB gzipped at 1,000 articles, 9 MB at 5,000.
Pagefind splits the index into chunks by word and each page's text into a
fragment of its own, so a query downloads only the chunks of its words and
the fragments of the results it shows. It indexes the built HTML, after any
engine's build, and stems English words (relaxers and relaxants both find
"relax"), so word forms need no code of ours.

This module only runs the indexer (Pagefind's binary, installed from PyPI by
`pagefind[bin]`) over a built site, with the settings below; it knows folders,
not MkDocs. scripts/hooks.py calls `index_site` at the end of every build, and
perspectives.servedindex runs the same command after every `mkdocs serve`
rebuild, in the background; `perspectives export` writes the same settings as
pagefind.yml, which Pagefind reads from the folder it is run in.
docs/assets/search-worker.js answers the queries of the header's search box
from the index; the search page (/search/, docs/assets/search-page.js) lists
every result, narrowed by the filters below.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Iterable

import yaml
from pagefind.service import get_executable

from perspectives.filteronly import FilterOnlyError, mend
from perspectives.model import Article
from perspectives.stableindex import StableIndexError, stabilize

# The folder the index and Pagefind's scripts are written to, under the site's root.
BUNDLE = "pagefind"

# What is indexed: each page's content, as the theme wraps it (Material: the <article> in .md-content).
# Pages without it (redirect stubs, downloads' HTML) are left out.
CONTENT = "article.md-content__inner"

# What is not: the same marks that kept things out of Material's index (data-search-exclude: quotations
# above FULL_SEARCH_LIMIT, link lists, repeated summaries), any navigation (the pager between articles),
# the comparison's tables (a whole table of answers is no passage a reader searches for; each article's
# and treatment's page says the same in full), heading permalinks (¶), claim references ("(claim 2;
# claim 5)" would leave "()" behind), and a quotation's source link with its dash.
LEFT_OUT = (
    "[data-search-exclude]",
    "nav",
    "table[data-matrix]",
    ".headerlink",
    ".msp-claims",
    ".msp-quote-by",
)

SETTINGS = {
    "output_subdir": BUNDLE,
    "root_selector": CONTENT,
    "exclude_selectors": list(LEFT_OUT),
}


# What the search page narrows results by, as Pagefind filters that the render stage writes into pages
# (`article_filters`, `treatment_filters`): the kind of page; each treatment an article mentions (and a
# treatment's own page); each stance it takes on each; each stance it takes on any (and a treatment's page
# each stance some article takes on it, so that a stance finds the treatments it is taken on). One key each, with
# the one value YES: Pagefind writes a key's values in an order that changes from run to run, and two
# builds of the same site must be byte-identical (tests/test_reproducible.py). Keys are made of ids.
YES = "yes"

# The kind of each page searched is its front matter's `search: kind` (the render stage gives article and
# treatment pages theirs), OTHER_PAGE where it has none: overrides/main.html writes the filter `kind(...)`
# into every page indexed, so that the kinds the search page offers between them find every page "All" does.
ARTICLE_PAGE, TREATMENT_PAGE, OTHER_PAGE = "article", "treatment", "page"
# Each kind, as the search page offers it.
KINDS = {ARTICLE_PAGE: "Article summaries", TREATMENT_PAGE: "Treatments", OTHER_PAGE: "Other pages"}


def kind(page_kind: str) -> str:
    """The filter of a kind of page (one of KINDS)."""
    return f"kind-{page_kind}"


def settings(page_kind: str, **more: object) -> dict[str, object]:
    """A generated page's `search` front matter: its kind, and Material's settings (boost, exclude)."""
    return {"kind": page_kind, **more}


def mentions(treatment: str) -> str:
    """The filter of the pages about `treatment` (an id): the articles that mention it, and its own."""
    return f"treatment-{treatment}"


def takes(stance: str, treatment: str | None = None) -> str:
    """The filter of the articles that take `stance` on `treatment`, or on any treatment (ids), and of the
    pages of the treatments it is taken on (`treatment_filters`)."""
    return f"on-{treatment}--{stance}" if treatment else f"stance-{stance}"


def _stance_filters(stance: str, treatment: str) -> list[str]:
    """The filters of a page where `stance` is taken on `treatment`: on it, and on any treatment."""
    return [takes(stance, treatment), takes(stance)]


def article_filters(article: Article) -> list[str]:
    """The filters of an article's page, each once, in the order the article gives them."""
    found = []
    for entry in article.treatments:
        found.append(mentions(entry.treatment))
        for said in entry.says:
            found += _stance_filters(said.stance, entry.treatment)
    return list(dict.fromkeys(found))


def treatment_filters(treatment: str, stances: Iterable[str] = ()) -> list[str]:
    """The filters of a treatment's page, `stances` the ids of those some article takes on it."""
    found = [mentions(treatment)]
    for stance in stances:
        found += _stance_filters(stance, treatment)
    return found


# What a result on the search page says beside an article's title when a treatment or a stance is chosen (its
# stances on the treatment, or the treatments it takes the stance on) is this Pagefind meta of the page:
# everything the article says of each treatment, in its order (each treatment's primary stance first), one
# `<treatment>--<stance>` each, `--implied` after a stance the text implies, separated by spaces (ids hold
# no `--`). Meta travels with the page's own fragment, which a result fetches anyway, and adds nothing to
# the index a search downloads.
SAYS = "says"
IMPLIED = "implied"


def says(article: Article) -> str:
    """The value of an article page's SAYS meta: empty where it mentions no treatment."""
    return " ".join(f"{entry.treatment}--{said.stance}" + (f"--{IMPLIED}" if said.implied else "")
                    for entry in article.treatments for said in entry.says)


# Pagefind's own weights of a heading's words, by level (its default for h1 is 7, down to 2 for h6), and the
# highest weight it takes.
HEADING_WEIGHTS = {1: 7, 2: 6, 3: 5, 4: 4, 5: 3, 6: 2}
MAX_WEIGHT = 10
_HEADING = re.compile(r"<h([1-6]) ")


def weigh_headings(html: str, boost: float) -> str:
    """A page's HTML, its headings weighed by Pagefind's heading weights times `boost` (at most MAX_WEIGHT):
    front matter's `search: boost` weighs a page's text by setting data-pagefind-weight around it, which
    Pagefind lets a heading's own weight override. Headings written with attributes (`<h2 id=…>`, as
    Markdown and the hook write them) are weighed; a bare `<h2>` keeps Pagefind's weight."""
    return _HEADING.sub(lambda heading: f'<h{heading[1]} data-pagefind-weight="'
                                        f'{min(HEADING_WEIGHTS[int(heading[1])] * boost, MAX_WEIGHT):g}" ', html)


class SearchIndexError(Exception):
    """Why the search index could not be written, in one line."""


def pagefind_yml(site_dir: str = "site") -> str:
    """The settings as pagefind.yml, which Pagefind reads from the folder it runs in: there, after a build
    into site_dir, `python -m pagefind` indexes it as our build does."""
    return ("# The search index's settings (written by `perspectives export` from perspectives/search.py).\n"
            "# After building the site, run in this folder: python -m pagefind\n"
            + yaml.safe_dump({"site": site_dir, **SETTINGS}, sort_keys=False))


def command(site_dir: Path, executable: Path | str = "pagefind", output: Path | None = None) -> list[str]:
    """The indexer's command line for a built site: each of SETTINGS as its option (a list repeats it), the
    index written into `output` if given, else into the site's BUNDLE folder."""
    arguments = [str(executable), "--site", str(site_dir), "--silent"]
    if output is not None:
        arguments += ["--output-path", str(output)]
    for key, value in SETTINGS.items():
        for each in value if isinstance(value, list) else [value]:
            arguments += ["--" + key.replace("_", "-"), each]
    return arguments


_INSTALL = "run `make setup`, which installs pagefind[bin] from requirements.lock"

# Longer than Pagefind takes at 5,000 articles (about 30 s): a hung indexer must not hold the build's lock.
TIMEOUT = 600  # seconds


def indexer() -> Path:
    """Pagefind's binary: pagefind[bin]'s, unless PAGEFIND_BINARY_PATH names another; SearchIndexError if missing."""
    executable = get_executable()
    if executable is None or not executable.is_file():
        raise SearchIndexError(f"search index: Pagefind's binary is missing ({executable or 'none installed'}) — {_INSTALL}")
    return executable


def index_site(site_dir: Path) -> None:
    """Write the search index into site_dir/BUNDLE, or raise SearchIndexError with the indexer's own words."""
    site_dir = indexed_folder(site_dir)
    try:
        # cwd: a pagefind.yml wherever the build was started must not change the settings.
        done = subprocess.run(command(site_dir, indexer()), cwd=site_dir, capture_output=True, text=True,
                              check=False, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(unfinished(site_dir)) from None
    except OSError as error:
        raise SearchIndexError(f"search index: cannot run Pagefind ({error.strerror or error}) — {_INSTALL}"
                               ) from None
    finish(site_dir, done.returncode, done.stderr or done.stdout, site_dir / BUNDLE)


def unfinished(site_dir: Path) -> str:
    """What is said of an indexer that ran past TIMEOUT."""
    return f"search index: Pagefind did not finish within {TIMEOUT} s on {site_dir}"


def indexed_folder(site_dir: Path) -> Path:
    """The built site's folder as Pagefind is to run in it; SearchIndexError if there is none."""
    site_dir = site_dir.resolve()  # Pagefind runs in it: a relative path would point elsewhere
    if not site_dir.is_dir():
        raise SearchIndexError(f"search index: {site_dir} is not a folder — build the site into it first")
    return site_dir


def finish(site_dir: Path, returncode: int, said: str, bundle: Path) -> None:
    """After Pagefind ran over site_dir into `bundle` (its exit status and what it printed): the index put in
    order, or SearchIndexError saying why not."""
    if returncode != 0:
        lines = [line.strip() for line in said.splitlines() if line.strip()]
        said = " ".join(dict.fromkeys(lines))[:500] or f"exit status {returncode}"
        raise SearchIndexError(f"search index: Pagefind failed on {site_dir}: {said}")
    try:
        stabilize(bundle)  # the same index on every build (perspectives.stableindex)
        mend(bundle)  # a search by filters alone fetches no index chunk (perspectives.filteronly)
    except (StableIndexError, FilterOnlyError) as error:  # each says what went wrong in one line
        raise SearchIndexError(str(error)) from None
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"search index: cannot put {bundle} in order ({error})") from None
