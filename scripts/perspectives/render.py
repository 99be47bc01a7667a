"""Render checked records into pages: typed records in, (path, content) out.

This stage knows nothing of MkDocs. It writes Markdown (plus CSV and JSON
downloads) that any Markdown site engine with the same extensions could
build. Markup lives in Jinja templates beside this module. The largest pages
(each article's, the comparison, the list of articles) are HTML in all but
their headings (see perspectives.htmlpage), so an engine may set them into
the site without parsing Markdown; their links are relative URLs as
directory URLs publish them (urls.page_url), not links to .md files.

Escaping: every value a template prints passes through `finalize`, which
turns HTML and Markdown punctuation into character references. Data can
therefore never become markup — not HTML, not a Markdown link, not an
emoji shortcode — whether it lands in text, a heading or an attribute.
Only values the code marks `Markup` (links and icons it builds itself) pass
unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import html
import itertools
import json
import posixpath
import re
import types
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, nodes
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, Macro
from markupsafe import Markup, escape

from perspectives import articlefile, icons, layout, quotes, search
from perspectives import urls
from perspectives.agreement import Agreement
from perspectives.changes import Change, changes
from perspectives.findings import RULES, Ref, findings
from perspectives.load import TEXT_LIMITS
from perspectives.downloads import json_files, tables
from perspectives.model import COMPARED, ROLE_PHRASE, Article, Dataset, Dimension, Term, Unknown, evidence_summary
from perspectives.redirects import redirect_pages
from perspectives.sharing import article_structured_data
from perspectives.urls import article_json_path, article_path, article_source, treatment_path

TEMPLATES = Path(__file__).parent / "templates"

# Where and under what name the site is published: the feed needs absolute
# links. The hook passes mkdocs.yml's site_url and site_name; these defaults
# (mkdocs.yml's local default) serve tests and scripts that render alone.
LOCAL_URL = "http://127.0.0.1:8000/"
SITE_NAME = "Muscle Spasm Perspectives"

# The argument each article makes, in the order it makes it: what causes
# spasms, how, what a spasm then is, what to do. The steps of the argument
# diagram (argument_diagram in _macros.html.j2), as comparison dimension ids.
CHAIN = ("root-cause", "mechanism", "spasm-is", "recommended-approach")
# The two answers a reader comes for: first on an article page and on the home page.
KEY_DIMENSIONS = ("root-cause", "recommended-approach")

# The question /compare/ opens with, first and highlighted: the root causes
# side by side are the comparison at a glance. check.REQUIRED_DIMENSIONS keeps
# it in the data.
HEADLINE_DIMENSION = "root-cause"

# How the aggregate pages change form with the number of articles (COLUMNS_AT_ONCE, SIDE_BY_SIDE_LIMIT and
# the rest) is perspectives.layout: the promise check must know which anchors the pages hold.

# The icon of each theme position (model.Holding.modifier); the word beside it says the same.
POSITION_ICONS = {"holds": "material-check", "holds-in-part": "material-circle-half-full",
                  "rejects": "material-close", "rejects-in-part": "material-close-circle-outline"}

# ASCII punctuation that means something to Markdown, its extensions or HTML
# (`?` opens a pymdownx.details block, `!` an admonition, `:` an emoji or a
# definition). `,;/` never do in running text and stay readable in the source.
_ESCAPED = "\\`*_{}[]()#+-.!?|~^=:<>&\"'$%@"
# Replaced by a pattern, not str.translate: translate looks every character up, and a mapping to several
# characters takes its slow path (escaping was a fifth of the time an article page took to render).
_ESCAPED_CHARACTER = re.compile(f"[{re.escape(_ESCAPED)}]")
_REFERENCES = {character: f"&#{ord(character)};" for character in _ESCAPED}


def _reference(match: re.Match[str]) -> str:
    return _REFERENCES[match.group()]


def escape_data(value: Any) -> Any:
    """Make a data value safe as literal text in Markdown and in HTML."""
    if value is None:
        return ""
    if isinstance(value, Markup) or isinstance(value, (bool, int)):
        return value
    return Markup(_ESCAPED_CHARACTER.sub(_reference, " ".join(str(value).split())))


@dataclass(frozen=True)
class Page:
    """One generated file of the site: where it goes, what it holds, what it came from."""

    path: str
    content: str
    source: str
    # The body is headings and HTML blocks (perspectives.htmlpage): it needs no Markdown parsing.
    html_body: bool = False
    # A file too large to hold twice (articles.json: hundreds of MB at thousands of articles) comes as the
    # pieces its text is joined from, `content` empty: perspectives.spool writes them one after another.
    pieces: tuple[str, ...] = ()

    def joined(self) -> Page:
        """The page with its pieces joined into its content."""
        return dataclasses.replace(self, content="".join(self.pieces), pieces=()) if self.pieces else self


@dataclass(frozen=True)
class Site:
    """Everything rendered: pages and downloads, plus named fragments that
    hand-written pages include (the home page's article list, the method
    page's count of articles and its stance legend)."""

    pages: tuple[Page, ...]
    fragments: dict[str, str]


# Article pages per Renderer.parts part: enough that a part outweighs the cost of handing it to another
# process, few enough that the processes finish together (an article page takes a few milliseconds).
ARTICLES_PER_PART = 50


@dataclass(frozen=True)
class Part:
    """A share of the pages (Renderer.parts): the articles' "json", the other downloads ("tables"), the
    other "pages", or the "articles" in positions start to stop of the dataset's order."""

    kind: str
    start: int = 0
    stop: int = 0


# How many things each of the render stage's memories (_finalize, _once, relative) holds before it starts
# over. What they are for is repeats within a page and across a few; unbounded, they would grow with the
# site (some 50 MB a thousand articles, in each process that renders: perspectives.spool).
REMEMBERED = 20_000


def _finalize() -> Callable[[Any], Any]:
    """escape_data, each text escaped once: pages print the same words again and again (a quotation's
    "Original" link and its preview after every quotation, labels of questions, stances and treatments,
    the articles' names), and escaping is the costliest part of printing a value."""
    escaped: dict[str, Markup] = {}

    def finalize(value: Any) -> Markup:
        if type(value) is not str:
            markup = escape_data(value)
            # A number or a truth value, printed as Jinja's escape() prints it.
            return markup if isinstance(markup, Markup) else escape(markup)
        markup = escaped.get(value)
        if markup is None:
            if len(escaped) >= REMEMBERED:
                escaped.clear()
            markup = escaped[value] = escape_data(value)
        return markup

    return finalize


# What a template calls that Jinja need not look at first (see _Context): functions, methods, the
# remembered ones (functools.lru_cache) and macros.
_PLAIN_CALLABLES = (types.FunctionType, types.MethodType, type(functools.lru_cache()(len)), Macro)


class _Context(Context):
    """Jinja's template context, its `call` quicker for what the templates call most.

    Every call in a template, to a macro or a function, goes through Context.call, which first asks the
    callable whether it wants the context, the evaluation context or the environment passed (four attribute
    lookups, one of them making a method object) and turns a StopIteration it raises into an undefined
    value. An article page makes some 300 calls: that asking was a tenth of its time. A function, method or
    macro that says it wants none of those (no `jinja_pass_arg`) is called at once, with what Context.call
    would have passed it, and a StopIteration it raises is what Context.call makes of one; anything else
    goes to Context.call."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's own signature)
        if not isinstance(__obj, _PLAIN_CALLABLES) or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        # Where a call sits in a loop or block, Jinja hands over its variables, for context functions only.
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration "
                                                "exception")


class _CodeGenerator(CodeGenerator):
    """Jinja's compiler, printing a value as `finalize` makes it rather than escaping that again.

    With autoescape on, Jinja prints every `{{ value }}` as escape(finalize(value)). Our `finalize` already
    returns Markup (escape_data: data escaped for Markdown as well as HTML), which escape() hands back as a
    new Markup object after asking it for its __html__, for nothing: leaving that call out renders the
    article pages a fifth faster (1,000 of them in one process, 2.7 → 2.1 s). Only where autoescape is fixed
    on (the templates never switch it) is it left out; constants and anything else compile as Jinja compiles
    them."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None:
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None:
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _CompiledTemplates(FileSystemBytecodeCache):
    """The templates as Python code, compiled once and kept between builds (in Jinja's folder for it, the
    system's temporary folder), not compiled again by every build, `mkdocs serve` rebuild and test: compiling
    them was two thirds of what a render spent before its first page.

    What Jinja compiles depends on more than a template: on this module (the code generator above, the
    environment's options), on the modules its filters call (Jinja runs a filter on a constant as it
    compiles, and keeps the result), and on Jinja. Code compiled under another version of any of them is
    never reused. A cache that cannot be kept (no such folder, a full or read-only disk) is no cache: the
    build compiles, as it would without."""

    # The package's modules and Jinja's version, part of every template's checksum.
    FINGERPRINT = hashlib.sha1(b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))
                               + version("jinja2").encode()).hexdigest()

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha1(f"{self.FINGERPRINT}\n{source}".encode()).hexdigest()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass

    @classmethod
    def made(cls) -> _CompiledTemplates | None:
        try:
            return cls()
        except (OSError, RuntimeError):  # Jinja refuses a folder another user owns or can write to
            return None


def _environment(links: quotes.FragmentLinks) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One render reads each template once: no need to look at its file again before every page.
        auto_reload=False,
        bytecode_cache=_CompiledTemplates.made(),
    )
    env.context_class = _Context
    env.code_generator_class = _CodeGenerator
    env.filters["quoted"] = lambda quotation: escape_data(f"“{' '.join(quotation.text.split())}”")
    # href(links.url(…)), without percent-encoding and escaping the directive again: it is already both.
    # Joined as text, not Markup + str, which would escape the directive once more, for nothing.
    env.filters["fragment_url"] = lambda quotation, article: Markup(
        f"{_page_href(article.source.quoted_at[0])}#:~:text={links.directive(quotation, article.capture)}")
    env.filters["href"] = href
    env.filters["id"] = html_id
    env.filters["front_matter"] = _front_matter
    env.filters["with_code"] = with_code
    env.filters["spaced"] = spaced
    env.filters["summary"] = change_summary
    env.filters["time_element"] = time_element
    env.filters["number"] = lambda count: f"{count:,}"  # 1,000 articles
    env.tests["unknown"] = lambda value: isinstance(value, Unknown)
    env.filters["prefixed"] = lambda ids, prefix: [prefix + each for each in ids]
    return env


def _once(env: Environment, macro: str, key: Callable[..., Hashable]) -> Callable[..., Markup]:
    """A macro of _macros.html.j2, rendered once for each distinct `key` of its arguments and then
    remembered: for markup that pages print many times over, where rendering it again costs more than
    the markup is worth."""
    rendered: dict[Hashable, Markup] = {}

    def once(*arguments: Any) -> Markup:
        known = key(*arguments)
        markup = rendered.get(known)
        if markup is None:
            if len(rendered) >= REMEMBERED:
                rendered.clear()
            # Looked up at the first call, once every global is set: the macros' module keeps the
            # globals it was made with.
            markup = rendered[known] = getattr(env.get_template("_macros.html.j2").module, macro)(*arguments)
        return markup

    return once


def spaced(text: str) -> Markup:
    """Escaped text that keeps a space at either end (escape_data folds white space): for sentences pieced
    together from text and links, such as findings."""
    text = str(text)
    return Markup((" " if text[:1].isspace() else "") + escape_data(text) + (" " if text[-1:].isspace() else ""))


def with_code(text: str) -> Markup:
    """Escaped text whose `backticked` parts are set as code (definitions written in the code, not data)."""
    parts = str(text).split("`")
    return Markup("".join(f"<code>{escape_data(part)}</code>" if number % 2 else spaced(part)
                          for number, part in enumerate(parts)))


def href(url: str) -> Markup:
    """A checked web address, percent-encoded and then escaped for an HTML attribute."""
    return Markup(html.escape(quote(url, safe=":/?#[]@!$&'*+,;=%~-._"), quote=True))


@functools.lru_cache(maxsize=1024)  # an article's every quotation links the same page
def _page_href(url: str) -> Markup:
    """href of a web address without its fragment."""
    return href(url.split("#", 1)[0])


# An anchor: checked ids, several joined by `--` (a matrix cell is `<row>--<article>`).
_ANCHOR = re.compile(rf"^{urls.ANCHOR}$")


@functools.lru_cache(maxsize=REMEMBERED)  # a page prints the same few ids (its article's, its claims') again and again
def html_id(value: str) -> Markup:
    """An anchor or path segment built from checked ids: lowercase words and hyphens only."""
    if not _ANCHOR.match(value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


@functools.lru_cache(maxsize=REMEMBERED)  # the same few links are made from every cell of a large page
def relative(from_page: str, to_path: str, anchor: str = "") -> Markup:
    """The relative URL of a page or download (by its source path) from the page at `from_page`, as
    the reader's browser resolves it: links are HTML, so no engine has to rewrite them."""
    fragment = f"#{html_id(anchor)}" if anchor else ""
    if to_path == from_page and fragment:
        return Markup(fragment)
    base, target = urls.page_url(from_page), urls.page_url(to_path)
    path = _relpath(target.rstrip("/") or ".", base.rstrip("/") or ".")
    if not target or target.endswith("/"):
        path = "./" if path == "." else path + "/"
    return Markup(path + fragment)


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for paths inside the site, which never climb above its root: the same answer in a
    third of the time, as relpath makes both paths absolute (asking the system for the working directory)
    and each article page makes dozens of links of its own."""
    start_parts = [part for part in posixpath.normpath(start).split("/") if part != "."]
    path_parts = [part for part in posixpath.normpath(path).split("/") if part != "."]
    common = len(posixpath.commonprefix([start_parts, path_parts]))  # element by element, for lists
    return "/".join([".."] * (len(start_parts) - common) + path_parts[common:]) or "."


@functools.cache
def icon_html(name: str) -> Markup:
    """An icon of Material's set (`material-check`), inline, as Material's emoji extension sets it."""
    return Markup(f'<span class="twemoji">{icons.svg(html_id(name))}</span>')


def title_id(title: str) -> Markup:
    """The anchor of a page's title: its words, lowercase, joined by hyphens."""
    return html_id(urls.slug(title) or "title")


def time_element(day: str) -> Markup:
    """A YYYY-MM-DD day as a reader writes it (5 May 2027), machine-readable in <time>."""
    try:
        parsed = datetime.date.fromisoformat(day)
    except ValueError:  # the loader checks dates; should one slip through, show it as text
        return escape_data(day)
    return Markup(f'<time datetime="{parsed.isoformat()}">{parsed.day} {parsed.strftime("%B")} {parsed.year}</time>')


def last_changed(article: Article) -> str | None:
    """The last day the article's data changed, from the data: its latest of added, reviewed and correction dates.

    The sitemap's lastmod for its page (overrides/sitemap.xml); None when the
    data gives no date, and the build date is used (builddate.py).
    """
    days = [day for day in (article.added, article.reviewed, *(c.date for c in article.corrections)) if day]
    return max(days) if days else None


def _front_matter(meta: dict[str, Any]) -> Markup:
    """YAML front matter; JSON's string quoting holds whatever the data holds.

    Material prints `title` and `description` from front matter unescaped (into
    <title>, the header and <meta content="…">), so both are HTML-escaped here.
    """
    meta = {**meta, **{key: html.escape(meta[key], quote=True) for key in ("title", "description") if key in meta}}
    # Written as JSON, which YAML reads as a flow mapping: PyYAML's dumper is pure Python and took a
    # noticeable share of the render stage with a page per article.
    return Markup("---\n" + json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n---\n")


class Renderer:
    """Renders one dataset; holds what every template needs."""

    def __init__(self, dataset: Dataset, policy: str = "", site_url: str = LOCAL_URL,
                 site_name: str = SITE_NAME, report: str | None = None) -> None:
        self.dataset = dataset
        self.site_url = site_url.rstrip("/") + "/"
        self.site_name = site_name
        self.report = report  # where readers report a mistake (mkdocs.yml extra.report_errors), if anywhere
        self.changes = changes(dataset)
        self.policy = policy  # the Content-Security-Policy, for the static redirect pages
        self.vocabularies = dataset.vocabularies
        # Quotations are linked from their article's page, from the pages that quote them, and from the downloads.
        self.links = quotes.FragmentLinks()
        self.env = _environment(self.links)
        # The articles /compare/ sets side by side (the others are listed under it).
        articles = dataset.articles
        self.compared = layout.side_by_side(articles)
        self._side_by_side = {article.id for article in self.compared}
        self._articles = {article.id: article for article in articles}
        self.agreement = Agreement(dataset)
        self.env.globals.update(
            vocabularies=self.vocabularies,
            articles=dataset.articles,
            term=self.vocabularies.term,
            icon=icon_html,
            link=relative,
            paths=urls,
            article_path=article_path,
            article_json_path=article_json_path,
            treatment_path=treatment_path,
            dataset=dataset,
            answer=dataset.answer,
            evidence_summary=lambda items: evidence_summary(dataset, items),
            role_phrase=ROLE_PHRASE,
            stance_of=dataset.stance_of,
            stance_counts=self.stance_counts,
            treatments=dataset.mentioned_treatments,
            unmentioned_treatments=dataset.unmentioned_treatments,
            implicit_stance=self.vocabularies.implicit_stance,
            # Sorting a treatment row by an article puts its strongest endorsements first.
            stance_rank={stance.id: rank for rank, stance in enumerate(self.vocabularies["stances"])},
            columns_at_once=layout.COLUMNS_AT_ONCE,
            search_yes=search.YES,
            chain=self._dimensions(CHAIN),
            key_dimensions=list(self._dimensions(KEY_DIMENSIONS)),
            # The rest, below the key answers on every article page: chosen once, not once a page.
            other_dimensions=[dimension for dimension in self.vocabularies.dimensions
                              if dimension.id not in KEY_DIMENSIONS],
            one_by_one=layout.one_by_one,
            position_quoted=self.position_quoted,
            named_holders=layout.NAMED_HOLDERS,
            side_by_side=len(dataset.articles) <= layout.SIDE_BY_SIDE_LIMIT,
            full_search=len(dataset.articles) <= layout.FULL_SEARCH_LIMIT,
            compared={article.id for article in self.compared},
            by_discipline=self.by_discipline,
            list_anchors=self.list_anchors(),
            cards=self.cards(),
            root_cause=self._dimension(HEADLINE_DIMENSION),
            agreement=self.agreement,
            position_icons=POSITION_ICONS,
            capture_compared=COMPARED,
            findings=findings(dataset),
            finding_rules=RULES,
            place=self.place,
            # A claim's address as a reader shares it: absolute, at the site's public address.
            claim_address=lambda article, claim: self.site_url + urls.claim_url(article, claim),
        )
        # Pieces printed over and over with the same few arguments, each rendered once (see _once): a
        # stance's or a position's badge (a few dozen on every article page, in a few variants in all),
        # and a claim's link on its article's page (which cites each claim three or four times).
        self.env.globals.update(
            stance_badge=_once(self.env, "stance_badge_variant",
                               lambda stance, implied=False, also=False: (stance.id, implied, also)),
            position_badge=_once(self.env, "position_badge_variant", lambda holding: holding and (
                holding.position, holding.limited is not None, holding.implied)),
            claim_link=_once(self.env, "claim_link_variant",
                             lambda article, number, claim, page, tooltip: (article.id, claim.id, page, tooltip)),
        )
        # Every template compiled now, once all globals are set: the processes that share the pages out
        # (perspectives.spool) then start with them compiled rather than each compiling them again.
        for name in self.env.list_templates(filter_func=lambda name: not name.endswith(".xml.j2")):
            self.env.get_template(name)
        self.env.get_template("_macros.html.j2").module  # what _once calls macros of

    def place(self, ref: Ref) -> tuple[str, str]:
        """Where a finding's Ref leads (page path, anchor): the cell that proves it where the pages have one
        (side by side on /compare/, a section of the agreement or treatment page), else its row or section."""
        first, article = ref.ids[0] if ref.ids else "", ref.ids[1] if len(ref.ids) > 1 else None
        if ref.kind == "cell" and article is not None:
            if article in self._side_by_side:
                return urls.COMPARE, f"dimension-{first}--{article}"
            return (article_path(self._articles[article]),
                    "evidence" if first in ("evidence", "evidence-kind") else "at-a-glance")
        if ref.kind == "row":
            return urls.COMPARE, f"dimension-{first}"
        if ref.kind == "stance" and article is not None:
            if article in self._side_by_side:
                return urls.COMPARE, f"treatment-{first}--{article}"
            sides = self._treatment_sides.get(first)
            return treatment_path(first), article if sides and layout.one_by_one(len(sides.mentioning)) else ""
        if ref.kind == "treatment":
            return treatment_path(first), ""
        if ref.kind == "section":
            return urls.AGREEMENT, first
        if ref.kind == "position" and article is not None:
            holding = self._articles[article].holding(first) if article in self._articles else None
            quoted = holding is not None and self.position_quoted(first, holding.position)
            return urls.AGREEMENT, f"{first}--{article}" if quoted else first
        return urls.AGREEMENT, first

    def position_quoted(self, theme: str, position: str) -> bool:
        """Whether the agreement page gives each article taking `position` on `theme` a section of its own."""
        sides = self._theme_sides.get(theme)
        return sides is not None and layout.one_by_one(len(sides.side(position)))

    @functools.cached_property
    def _theme_sides(self) -> dict[str, Any]:
        return {sides.theme.id: sides for sides in self.agreement.themes}

    def template(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def _dimensions(self, ids: tuple[str, ...]) -> tuple[Dimension, ...]:
        """The dimensions with these ids, in this order; any the vocabulary lacks are left out."""
        known = {dimension.id: dimension for dimension in self.vocabularies.dimensions}
        return tuple(known[dimension_id] for dimension_id in ids if dimension_id in known)

    def article_page(self, article: Article, previous: Article | None, next: Article | None) -> Page:
        # The page is our summary, not the article: its title says so (the
        # original headline is shown, labelled, under it).
        title = f"Summary of the {article.short_title} article"
        description = _description(article)
        meta = {
            "title": title,
            "description": description,
            "search": search.settings(search.ARTICLE_PAGE, boost=2),
            "alternate_json": article_json_path(article),
            # Articles are not in the navigation, so its sidebar would be empty.
            "hide": ["navigation"],
            "og_type": "article",
            "structured_data": article_structured_data(article, title, description),
            "scripts": ["preview"],
        }
        if last_changed(article):
            meta["lastmod"] = last_changed(article)
        content = self.template("article.md.j2", article=article, meta=meta, page_path=article_path(article),
                                title_id=title_id(title), source_file=article_source(article), previous=previous,
                                next=next, search_filters=search.article_filters(article),
                                search_says=search.says(article))
        return Page(article_path(article), content, article_source(article), html_body=True)

    def stance_counts(self, treatment: Term) -> list[tuple[Term, str]]:
        """Each stance taken on a treatment, in vocabulary order, with the articles that take it (an article
        under every stance it takes, "(implied)" where it only implies it): named while few, else counted.

        Articles that do not mention the treatment are counted, not named: with
        thousands of articles most of them say nothing about any one treatment.
        """
        def count(number: int) -> str:
            return f"{number:,} article{'s' if number != 1 else ''}"

        sides = self._treatment_sides.get(treatment.id)
        found = []
        for stance, takers in sides.stances if sides else ():
            names = [article.short_title + (" (implied)" if next(said for said in article.stance_on(treatment.id).says
                                                                   if said.stance == stance.id).implied else "")
                     for article in takers]
            found.append((stance, ", ".join(names) if layout.one_by_one(len(takers)) else count(len(takers))))
        silent = len(self.dataset.articles) - (len(sides.mentioning) if sides else 0)
        if silent:
            found.append((self.vocabularies.implicit_stance, count(silent)))
        return found

    @functools.cached_property
    def _treatment_sides(self) -> dict[str, Any]:
        return {sides.treatment.id: sides for sides in self.agreement.treatments}

    def by_discipline(self) -> list[tuple[str, str, list[Article]]]:
        """The articles grouped by their author's discipline: (label, anchor, articles), by label,
        articles whose discipline is unknown last."""
        groups: dict[str | None, list[Article]] = {}
        for article in self.dataset.articles:
            groups.setdefault(article.discipline.id, []).append(article)
        named = sorted(((self.vocabularies.term("disciplines", key).label, key, members)
                        for key, members in groups.items() if key is not None), key=lambda group: group[0].lower())
        return named + ([("Discipline unknown", "unknown", groups[None])] if None in groups else [])

    def list_anchors(self) -> dict[str, str]:
        """Each article's anchor on the list of articles: the words of the heading it had there, its
        headline or "Untitled article by …", as they have always been (people link to them), made unique
        on the page."""
        taken, anchors = {"articles"}, {}
        for article in self.dataset.articles:
            by = article.author if isinstance(article.author, str) else article.short_title
            base = anchor = title_id(article.title if isinstance(article.title, str) else f"Untitled article by {by}")
            number = 1
            while anchor in taken:
                number += 1
                anchor = f"{base}-{number}"
            taken.add(anchor)
            anchors[article.id] = anchor
        return anchors

    def cards(self) -> list[Article]:
        """The articles the home page shows a card for: all of them, or beyond SIDE_BY_SIDE_LIMIT
        the CARDS_AT_SCALE most recently added (by date added, then id)."""
        articles = self.dataset.articles
        if len(articles) <= layout.SIDE_BY_SIDE_LIMIT:
            return list(articles)
        return sorted(articles, key=lambda article: (article.added or "", article.id), reverse=True)[:layout.CARDS_AT_SCALE]

    def _dimension(self, dimension_id: str) -> Dimension:
        return next(dimension for dimension in self.vocabularies.dimensions if dimension.id == dimension_id)

    def compare_page(self) -> Page:
        meta = {
            "title": "Compare the articles",
            "description": "The articles side by side, question by question ("
                           + "; ".join(dimension.label.lower() for dimension in self.vocabularies.dimensions)
                           + "), and each one's stance on every treatment they mention.",
            "hide": ["navigation", "toc"],
            "width": "full",
            "scripts": ["matrix", "preview"],
        }
        content = self.template("compare.md.j2", meta=meta, dimensions=self._compared_dimensions(),
                                headline=HEADLINE_DIMENSION, columns_at_once=layout.COLUMNS_AT_ONCE,
                                shown=self.compared)
        return Page(urls.COMPARE, content, "data/vocabularies/dimensions.yaml", html_body=True)

    def _compared_dimensions(self) -> list[Dimension]:
        """/compare/'s questions in the order it asks them: the headline first."""
        return sorted(self.vocabularies.dimensions, key=lambda d: d.id != HEADLINE_DIMENSION)

    def treatment_page(self, treatment: Term) -> Page:
        meta = {
            "title": treatment.label,
            "description": f"{treatment.label}: what each article that mentions it says, side by side, with quotations.",
            # It repeats the articles' quotations: searches should find the article first.
            "search": search.settings(search.TREATMENT_PAGE, boost=0.5),
            "scripts": ["preview"],
            # As an article's page: the treatments are no entries of the site's navigation, whose column beside
            # the page stood empty on a laptop (the drawer still holds the sections on a phone).
            "hide": ["navigation"],
        }
        path = treatment_path(treatment.id)
        sides = self._treatment_sides.get(treatment.id)
        # Taken from the agreement's sides (each in article order), not by filtering every article once per
        # stance in the template, which made a treatment page take 30 ms at 1,000 articles.
        mentioning = sides.mentioning if sides else ()
        mentioned_by = {article.id for article in mentioning}
        silent = [article for article in self.dataset.articles if article.id not in mentioned_by]
        # An article is listed under every stance it takes.
        holders = {stance.id: takers for stance, takers in sides.stances} if sides else {}
        content = self.template("treatment.md.j2", meta=meta, treatment=treatment, page=path,
                                mentioning=mentioning, silent=silent, holders=holders,
                                title_id=title_id(treatment.label),
                                search_filters=search.treatment_filters(treatment.id, holders))
        return Page(path, content, "data/vocabularies/treatments.yaml", html_body=True)

    def search_page(self) -> Page:
        """Every result of a search, narrowed by kind of page, treatment and stance (perspectives.search)."""
        meta = {
            "title": "Search",
            "description": "Search the summaries, claims and treatments, narrowed to article summaries or "
                           "treatments, to a treatment, or to an article's stance on it.",
            "hide": ["navigation", "toc"],
            "search": {"exclude": True},
            "scripts": ["search"],
        }
        stances = [stance for stance in self.vocabularies["stances"] if not stance.implicit]
        content = self.template("search.md.j2", meta=meta, page=urls.SEARCH, stances=stances,
                                treatments=self.dataset.mentioned_treatments,
                                kinds=search.KINDS)
        return Page(urls.SEARCH, content, "data/vocabularies/treatments.yaml")

    def contribute_page(self) -> Page:
        """How to add or correct an article: every field from the article file's definition, the vocabularies."""
        fields = [(path, field) for path, field in articlefile.walk()]
        example_yaml = yaml.safe_dump(articlefile.example(), allow_unicode=True, sort_keys=False, width=90)
        content = self.template(
            "contribute.md.j2", page=urls.CONTRIBUTE, fields=fields, limits=TEXT_LIMITS,
            max_gap=quotes.MAX_GAP, min_piece_words=quotes.MIN_PIECE_WORDS, max_words=quotes.MAX_WORDS,
            min_left_out_words=quotes.MIN_LEFT_OUT_WORDS, turning_words=quotes.TURNING_WORDS,
            anchors={path: urls.slug(path) for path, _ in fields},
            kind_label=articlefile.kind_label,
            example_text=lambda value: yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                                                      width=1000).strip().removesuffix("...").strip(),
            vocabulary_names={"stances": "Stances", "themes": "Themes", "evidence-kinds": "Kinds of evidence",
                              "treatments": "Treatments", "disciplines": "Disciplines", "formats": "Formats",
                              "delivery": "Who delivers it"},
            # Preformatted: escaped for HTML here, as `finalize` would fold its line breaks.
            example_yaml=Markup(html.escape(example_yaml)))
        return Page(urls.CONTRIBUTE, content, "scripts/perspectives/articlefile.py")

    def _searched_while_small(self, meta: dict[str, Any]) -> None:
        """Pages that list every article leave the search index beyond FULL_SEARCH_LIMIT articles."""
        if len(self.dataset.articles) > layout.FULL_SEARCH_LIMIT:
            meta["search"] = {"exclude": True}

    def articles_page(self) -> Page:
        meta = {
            "title": "Articles",
            "description": "The published explanations of muscle and back spasms compared on this site, each "
                           "summarised with verbatim, checked quotations.",
        }
        self._searched_while_small(meta)
        return Page(urls.ARTICLES, self.template("articles_index.md.j2", meta=meta), "data/articles", html_body=True)

    def changes_page(self) -> Page:
        meta = {
            "title": "Changes",
            "description": "What changed on the site, newest first: articles added, corrections with their "
                           "reasons, and reviews of an article's data against its source.",
        }
        self._searched_while_small(meta)
        days = [(day, list(group)) for day, group in itertools.groupby(self.changes, key=lambda change: change.date)]
        content = self.template("changes.md.j2", meta=meta, days=days, page=urls.CHANGES)
        return Page(urls.CHANGES, content, "data/articles", html_body=True)

    def changes_feed(self) -> Page:
        """The changes as an Atom 1.0 feed (RFC 4287), its dates from the data: the feed is as old as
        its newest change (no change yet: the epoch), whatever day it is built."""
        updated = self.changes[0].date if self.changes else "1970-01-01"
        content = _xml_environment().get_template("changes.xml.j2").render(
            changes=self.changes, updated=updated, base=self.site_url, site_name=self.site_name, paths=urls,
            article_url=urls.article_url)
        return Page(urls.CHANGES_FEED, content, "data/articles")

    def pages(self) -> Iterator[Page]:
        """Every page and download, each rendered when asked for: a caller that writes each away as it comes
        (perspectives.spool) never holds them all, which at thousands of articles is most of a build's memory."""
        for part in self.parts():
            yield from self.part(part)

    def parts(self, articles_per_part: int = ARTICLES_PER_PART) -> list[Part]:
        """The pages in parts that render independently of each other (`part`), so that processes can share
        them out (perspectives.spool): the articles' JSON, the other downloads, the other pages, and the
        article pages a run of `articles_per_part` at a time. Largest first, so that whoever takes the last
        part finishes soon after the others."""
        count = len(self.dataset.articles)
        return [Part("json"), Part("tables"), Part("pages")] + [
            Part("articles", start, min(start + articles_per_part, count))
            for start in range(0, count, articles_per_part)]

    def part(self, part: Part) -> Iterator[Page]:
        """The pages of one of `parts`, each rendered when asked for."""
        if part.kind == "articles":
            articles = self.dataset.articles  # in id order: the order of previous and next
            for number in range(part.start, part.stop):
                yield self.article_page(articles[number], articles[number - 1] if number else None,
                                        articles[number + 1] if number + 1 < len(articles) else None)
        elif part.kind == "pages":
            for treatment in self.vocabularies["treatments"]:
                yield self.treatment_page(treatment)
            yield self.articles_page()
            yield self.compare_page()
            yield Page(urls.TREATMENTS, self.template("treatments_index.md.j2"), "data/vocabularies/treatments.yaml")
            yield Page(urls.AGREEMENT, self.template("agreement.md.j2"), "data/vocabularies/themes.yaml")
            yield self.changes_page()
            yield self.changes_feed()
            yield self.contribute_page()
            yield self.search_page()
            yield Page(urls.SEARCH_TREATMENTS, search.treatment_names(self.dataset.mentioned_treatments),
                       "data/vocabularies/treatments.yaml")
            yield from (Page(path, content, "data") for path, content in redirect_pages(self.dataset, self.policy).items())
        elif part.kind == "tables":
            yield from (Page(path, content, "data") for path, content in tables(self.dataset))
        elif part.kind == "json":
            # A renamed article's JSON stays at its old address too (a static file cannot redirect).
            renamed = {article_json_path(article): article for article in self.dataset.articles if article.former_ids}
            for path, pieces in json_files(self.dataset, self.links):
                yield Page(path, "", "data", pieces=pieces)
                if path in renamed:
                    article = renamed[path]
                    yield from (Page(f"articles/{former}.json", "", article_source(article), pieces=pieces)
                                for former in article.former_ids)
        else:
            raise ValueError(f"no such part: {part!r}")

    def fragments(self) -> dict[str, str]:
        """The named pieces that hand-written pages include (see Site)."""
        return {
            "articles-at-a-glance": self.template("fragment_articles.md.j2"),
            "articles-compared": self.template("fragment_compared.md.j2"),
            "findings": self.template("fragment_findings.md.j2"),
            "finding-rules": self.template("fragment_finding_rules.md.j2"),
            "stance-legend": self.template("fragment_stances.md.j2"),
            "report-errors": self.template("fragment_report.md.j2", report=self.report),
        }

    def render(self) -> Site:
        return Site(tuple(sorted((page.joined() for page in self.pages()), key=lambda page: page.path)),
                    self.fragments())


def render_site(dataset: Dataset, policy: str = "", site_url: str = LOCAL_URL, site_name: str = SITE_NAME,
                report: str | None = None) -> Site:
    return Renderer(dataset, policy, site_url, site_name, report).render()


def _xml_environment() -> Environment:
    """Templates for XML: autoescaped for XML (markupsafe's escapes are XML's), no Markdown escaping."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["summary"] = change_summary
    return env


def change_summary(change: Change) -> str:
    """What a change was, in one line: the changes page and the feed say the same."""
    if change.kind == "corrected":
        return change.note
    if change.kind == "reviewed":
        return "Its data was reviewed against the captured text."
    return "Added to the comparison."


def _description(article: Article) -> str:
    """A meta description: the claimed root cause, which says what the article is about."""
    cell = article.comparison.get("root-cause")
    root = cell.text if cell is not None and cell.kind == "value" else article.summary[0]
    return f"{article.short_title} on muscle spasms, summarised: {root}"[:300]


__all__ = ["Page", "Part", "Site", "render_site", "escape_data"]
