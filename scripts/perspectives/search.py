"""Site search: a Pagefind index of the built site, which a reader's browser fetches in chunks per query.

Material's own search (lunr) sends the whole index to a reader's browser
before the first result: 1.8 MB gzipped at 1,000 articles, 9 MB at 5,000.
Pagefind splits the index into chunks by word and each page's text into a
fragment of its own, so a query downloads only the chunks of its words and
the fragments of the results it shows. It indexes the built HTML, after any
engine's build, and stems English words (relaxers and relaxants both find
"relax"), so word forms need no code of ours.

Pagefind holds all it indexes in memory until it writes (1.9 GB at 5,000
articles), so a site of more pages than PAGES_PER_INDEX is indexed in parts,
one run after another, which the reader's browser merges; each part also
holds the site's words (VOCABULARY), so that the parts find what one index
finds.

This module runs the indexer (Pagefind's binary, installed from PyPI by
`pagefind[bin]`) over a built site, with the settings below, and for an index
in parts reads the site's words (perspectives.searchedwords); it knows
folders, not MkDocs. scripts/hooks.py calls `index_site` at the end of every build, and
perspectives.servedindex runs the same command after every `mkdocs serve`
rebuild, in the background; `perspectives export` writes the same settings as
pagefind.yml, which Pagefind reads from the folder it is run in.
docs/assets/search-worker.js answers the queries of the header's search box
from the index; the search page (/search/, docs/assets/search-page.js) lists
every result, narrowed by the filters below.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import yaml
from pagefind.service import get_executable

from perspectives.errors import printable
from perspectives.filteronly import FilterOnlyError, mend
from perspectives.model import Article, Term
from perspectives.searchedwords import PageWords
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


def treatment_names(treatments: Iterable[Term]) -> str:
    """The names of the treatments that pages carry a filter of (`mentions`), by id, as JSON: search ranks
    the pages about a treatment first when the words typed name it (docs/assets/search-core.js
    `byTreatment`), which it reads here rather than from the treatments' pages, each of which names
    thousands of articles at scale."""
    return json.dumps({"treatments": {treatment.id: treatment.label for treatment in treatments}},
                      ensure_ascii=False, sort_keys=False) + "\n"


# What a result on the search page says beside an article's title when a treatment or a stance is chosen (its
# stances on the treatment, or the treatments it takes the stance on) is read from the page's SAYS anchors:
# everything the article says of each treatment, in its order (each treatment's primary stance first), one
# empty element each whose id is `says-<treatment>--<stance>`, `--implied` after a stance the text implies
# (ids hold no `--`). Pagefind hands a result every id of its page (its `anchors`, with the page's own
# fragment, which a result fetches anyway) and searches none of them; a meta field carried the same before,
# and Pagefind searches meta: "stretchin" found articles by their stance ids alone, nothing marked.
SAYS = "says-"
IMPLIED = "implied"


def says(article: Article) -> list[str]:
    """The ids of an article page's SAYS anchors, in its order: none where it mentions no treatment."""
    return [f"{SAYS}{entry.treatment}--{said.stance}" + (f"--{IMPLIED}" if said.implied else "")
            for entry in article.treatments for said in entry.says]


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


# Pagefind holds everything it indexes in memory until it writes the index: about 380 MB per 1,000 article
# pages, 1.9 GB at 5,000. A site of more HTML files than PAGES_PER_INDEX is indexed in parts of near-equal
# size, one run of Pagefind after another, each run over a folder of links to its part's pages and written
# as an index of its own. The reader's browser merges them (Pagefind's mergeIndex, assets/search-core.js):
# the first part's index is the bundle, with Pagefind's scripts and WebAssembly, loaded once; each other
# part adds its own metadata and, per search, its chunks of the words searched. Ranking reads each part's
# own statistics, which at a thousand pages a part are near the site's. 1,500: a site of 1,000 articles is
# one index, one of 5,000 four parts of some 550 MB each. PAGES_PER_INDEX_VARIABLE sets another size (a
# machine with less memory; the tests split a small site with it).
PAGES_PER_INDEX = 1500
PAGES_PER_INDEX_VARIABLE = "PERSPECTIVES_PAGES_PER_INDEX"
# Pagefind answers a word its index lacks with the pages of a shorter word it has (assets/search-core.js,
# `missing`): a part without a word that other parts have would answer with another word's pages. So each
# part's index also holds a page of every word Pagefind reads in the site's pages (perspectives.searchedwords),
# weighed 0: a part without the word finds that page alone, which scores 0 and which the search leaves out,
# and a word no page has stands in for the same shorter word in every part, as in one index. The pages
# found are one index's; their order is near it (the page adds one to each word's count of pages, and its
# length to each part's average). Its address in each part's folder of links is no page's (the bundle's
# folder holds none).
VOCABULARY = f"{BUNDLE}/vocabulary/index.html"
# In the bundle: the folders of the indexes merged with it, relative to it, as a JSON list (empty when the
# site is indexed in one run). Every index a build writes has it, and so has the export (an empty one, as it
# runs Pagefind once); a bundle Pagefind wrote alone has not, and is one index.
PARTS_FILE = "parts.json"
_PART = "part-{}"  # the folder of each part after the first, in the bundle
# Where a part's links are made, in the site (a folder name starting with a dot is never a page's).
_LINKS = f".{BUNDLE}-pages"

# Runs the indexer's command line in a folder: its exit status and what it printed (subprocess.TimeoutExpired
# after TIMEOUT). index_site runs it to the end; a served site's index (perspectives.servedindex) runs it so
# that a rebuild can stop it (Stopped).
Runner = Callable[[list[str], Path], tuple[int, str]]


def pages_per_index() -> int:
    """The most pages one run of the indexer holds: PAGES_PER_INDEX, or the environment's whole number."""
    value = os.environ.get(PAGES_PER_INDEX_VARIABLE, "").strip()
    if not value:
        return PAGES_PER_INDEX
    if not (value.isascii() and value.isdigit() and int(value) > 0):
        raise SearchIndexError(f"search index: {PAGES_PER_INDEX_VARIABLE} {printable(value)!r} is not a number "
                               f"of pages — unset it ({PAGES_PER_INDEX:,}), or write a whole number such as "
                               f"{PAGES_PER_INDEX_VARIABLE}=500")
    return int(value)


def parts(pages: Sequence[str], size: int) -> list[list[str]]:
    """`pages` in order, in as few parts of at most `size` pages as can be, of near-equal size."""
    count = -(-len(pages) // size)
    return [list(pages[number * len(pages) // count:(number + 1) * len(pages) // count]) for number in range(count)]


def index_site(site_dir: Path, bundle: Path | None = None) -> None:
    """Write the search index into site_dir/BUNDLE (or `bundle`), or raise SearchIndexError with the indexer's
    own words."""
    site_dir = indexed_folder(site_dir)
    try:
        write_index(site_dir, bundle or site_dir / BUNDLE, _run_to_the_end)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(unfinished(site_dir)) from None


def _run_to_the_end(arguments: list[str], folder: Path) -> tuple[int, str]:
    try:
        # cwd: a pagefind.yml wherever the build was started must not change the settings.
        done = subprocess.run(arguments, cwd=folder, capture_output=True, text=True, check=False, timeout=TIMEOUT)
    except OSError as error:
        raise SearchIndexError(f"search index: cannot run Pagefind ({error.strerror or error}) — {_INSTALL}"
                               ) from None
    return done.returncode, done.stderr or done.stdout


class Stopped(Exception):
    """The index is no longer wanted (a served site's rebuild began): raised by a Runner or by `stopped`."""


def write_index(site_dir: Path, bundle: Path, run: Runner, stopped: Callable[[], bool] = lambda: False) -> None:
    """Index the built site at site_dir (absolute) into `bundle`, each run of the indexer by `run`: in one run
    over the whole site, or, with more pages than pages_per_index(), in parts (PAGES_PER_INDEX). Between
    runs, and as the site's words are read, Stopped once `stopped()`."""
    split = parts(pages(site_dir), pages_per_index())
    try:
        for stale in bundle.glob(_PART.format("*")) if bundle.is_dir() else ():  # an earlier index's parts
            shutil.rmtree(stale)
    except OSError as error:
        raise SearchIndexError(f"search index: cannot remove {bundle}'s earlier parts ({error.strerror or error})"
                               ) from None
    if len(split) <= 1:
        _index_part(site_dir, site_dir, bundle, run, first=True)
        merged = []
    else:
        merged = _index_in_parts(site_dir, bundle, split, run, stopped)
    try:
        (bundle / PARTS_FILE).write_text(json.dumps(merged), encoding="utf-8")
    except OSError as error:
        raise SearchIndexError(f"search index: cannot write {bundle / PARTS_FILE} ({error.strerror or error})"
                               ) from None


def _index_in_parts(site_dir: Path, bundle: Path, split: list[list[str]], run: Runner,
                    stopped: Callable[[], bool]) -> list[str]:
    """Index each of `split` (paths relative to site_dir) with the VOCABULARY of them all, the first into
    `bundle`, the others into its folders _PART: those folders, as PARTS_FILE lists them."""
    links = site_dir / _LINKS
    merged = []
    try:
        with _reading_pages(site_dir):
            every_word = vocabulary_page(*site_words(site_dir, (path for part in split for path in part), stopped))
        for number, part in enumerate(split, 1):
            if stopped():
                raise Stopped
            with _reading_pages(site_dir):
                _link_part(site_dir, part, links, every_word)
            name = _PART.format(number)
            _index_part(site_dir, links, bundle if number == 1 else bundle / name, run, first=number == 1)
            if number > 1:
                merged.append(f"{name}/")
    finally:
        shutil.rmtree(links, ignore_errors=True)
    return merged


@contextlib.contextmanager
def _reading_pages(site_dir: Path) -> Iterator[None]:
    """SearchIndexError in one line where what it holds cannot read the site's pages or link them."""
    try:
        yield
    except OSError as error:
        raise SearchIndexError(f"search index: cannot read or link the pages of {site_dir} to index them in "
                               f"parts ({error.strerror or error})") from None


_LANGUAGE = re.compile(rb'<html\b[^>]*\blang="([A-Za-z0-9-]+)"')
_TAG, _CLASS = CONTENT.split(".")
# The meta field of the VOCABULARY page that holds the words of every page's meta fields (Pagefind searches
# meta as well): assets/search-core.js weighs it 0, so that the page scores 0.
VOCABULARY_META = "vocabulary"


def site_words(site_dir: Path, paths: Iterable[str], stopped: Callable[[], bool] = lambda: False
               ) -> tuple[set[bytes], set[bytes], bytes]:
    """Each word Pagefind reads in the pages at `paths` (relative to site_dir; perspectives.searchedwords),
    each word of their meta fields, and the language of the first. Stopped once `stopped()`."""
    reader = PageWords(CONTENT, LEFT_OUT)
    words: set[bytes] = set()
    meta: set[bytes] = set()
    language = b"en"
    for number, path in enumerate(paths):
        if number % 100 == 0 and stopped():
            raise Stopped
        html = (site_dir / path).read_bytes()
        if number == 0 and (found := _LANGUAGE.search(html)):
            language = found[1]
        text, fields = reader.read_all(html)
        words.update(text)
        for value in fields.values():
            meta.update(value)
    return words, meta, language


def vocabulary_page(words: set[bytes], meta: set[bytes], language: bytes) -> bytes:
    """The VOCABULARY page: `words` weighed 0, and `meta` in its VOCABULARY_META field, each once, in order."""
    return (b'<!doctype html><html lang="%s"><head><meta charset="utf-8"><title></title></head><body><%s class="%s">'
            b'<div data-pagefind-weight="0">%s</div><span data-pagefind-meta="%s:%s"></span></%s></body></html>\n'
            % (language, _TAG.encode(), _CLASS.encode(), b" ".join(sorted(words)), VOCABULARY_META.encode(),
               b" ".join(sorted(meta)), _TAG.encode()))


def pages(site_dir: Path) -> list[str]:
    """The site's HTML files, which the indexer reads (those without a content element it leaves out), as paths
    relative to site_dir, in order: none in a folder whose name starts with a dot, nor in BUNDLE."""
    found = []
    for folder, folders, files in os.walk(site_dir):
        if folder == str(site_dir):
            folders[:] = [name for name in folders if name != BUNDLE]
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = os.path.relpath(folder, site_dir)
        found += [name if relative == "." else f"{relative}/{name}" for name in files if name.endswith(".html")]
    return sorted(found)


def _link_part(site_dir: Path, paths: list[str], folder: Path, every_word: bytes) -> None:
    """`folder`, emptied, holding the pages at `paths` (relative to site_dir) where the site holds them, as
    hard links (copies where the file system makes none), and the VOCABULARY page `every_word`."""
    shutil.rmtree(folder, ignore_errors=True)
    for path in paths:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / path, target)
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
                raise
            shutil.copyfile(site_dir / path, target)
    (folder / VOCABULARY).parent.mkdir(parents=True)
    (folder / VOCABULARY).write_bytes(every_word)


def _index_part(site_dir: Path, folder: Path, output: Path, run: Runner, first: bool) -> None:
    """Index the pages in `folder` into `output`, put in order (`finish`). An index after the first keeps
    only what a merged index reads (its metadata, chunks, fragments and filters): the scripts and the
    WebAssembly are the first's."""
    returncode, said = run(command(folder, indexer(), output), folder)
    finish(site_dir, returncode, said, output, scripts=first)


def unfinished(site_dir: Path) -> str:
    """What is said of an indexer that ran past TIMEOUT."""
    return f"search index: Pagefind did not finish within {TIMEOUT} s on {site_dir}"


def indexed_folder(site_dir: Path) -> Path:
    """The built site's folder as Pagefind is to run in it; SearchIndexError if there is none."""
    site_dir = site_dir.resolve()  # Pagefind runs in it: a relative path would point elsewhere
    if not site_dir.is_dir():
        raise SearchIndexError(f"search index: {site_dir} is not a folder — build the site into it first")
    return site_dir


def finish(site_dir: Path, returncode: int, said: str, bundle: Path, scripts: bool = True) -> None:
    """After Pagefind ran over site_dir into `bundle` (its exit status and what it printed): the index put in
    order (and its `scripts`, which a merged index does without), or SearchIndexError saying why not."""
    if returncode != 0:
        lines = [line.strip() for line in said.splitlines() if line.strip()]
        said = " ".join(dict.fromkeys(lines))[:500] or f"exit status {returncode}"
        raise SearchIndexError(f"search index: Pagefind failed on {site_dir}: {said}")
    try:
        stabilize(bundle)  # the same index on every build (perspectives.stableindex)
        if scripts:
            mend(bundle)  # a search by filters alone fetches no index chunk (perspectives.filteronly)
        else:
            _keep_what_merging_reads(bundle)
    except (StableIndexError, FilterOnlyError) as error:  # each says what went wrong in one line
        raise SearchIndexError(str(error)) from None
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"search index: cannot put {bundle} in order ({error})") from None


def _keep_what_merging_reads(bundle: Path) -> None:
    """An index merged with the first keeps its entry file, its metadata and its folders (chunks, fragments,
    filters): Pagefind's scripts and WebAssembly are the first index's."""
    for path in bundle.iterdir():
        if path.is_file() and path.name != "pagefind-entry.json" and path.suffix != ".pf_meta":
            path.unlink()
