"""MkDocs hook: feed the pages rendered from data/ into the build.

Thin on purpose: the package `perspectives` loads, checks and renders; this
module only hands its output to MkDocs. Generated pages are never written into
docs/, and `watch: [data]` in mkdocs.yml rebuilds them when data changes.

- on_startup / on_config: point a `mkdocs build` at a staging folder, then
  load, check and render everything before MkDocs touches it, so bad data
  stops the build with one line per error and nothing published. Rendered
  pages are written into a folder of their own as they are rendered
  (perspectives.spool; beside the staging folder, or a temporary one for
  `mkdocs serve`), and MkDocs reads each from there: no one holds them all.
  The folder goes when the build ends, whichever way it ends (on_post_build,
  on_build_error, on_shutdown; if the process is killed, the next build
  sweeps it with the staging folder).
- on_post_build / on_build_error: publish the staging folder in one step if
  the build succeeded (with no warning, under --strict), else discard it: the
  last good site is never lost (see perspectives.sitedir).
- on_files: add each generated page and download, a page's edit link pointing
  at the data file it came from; and an empty articles/sitemap.xml (see
  ARTICLES_SITEMAP).
- on_page_markdown: fill `<!-- generated: NAME -->` lines in hand-written pages
  with the named fragment (the home page's article list, the method page's
  count of articles, the stance legend).
- on_page_markdown / on_page_content: a generated page written as HTML (each
  article's page, the comparison) skips Python-Markdown, which would only
  parse it to give the same HTML back; its headings, table of contents and
  anchors are set as the toc extension sets them (see perspectives.htmlpage).
- on_page_content / on_post_page: MkDocs holds every page's HTML from the
  first page it converts until the last is written; for the pages written as
  HTML the hook keeps that HTML in the spool folder instead, and sets it into
  the finished page (see _held).
- on_files / on_page_content / on_post_build: the search index. Pagefind
  indexes the built pages (see perspectives.search), their headings weighed
  by front matter's `search: boost`; Material's search plugin, kept for its
  search box, indexes no page. `mkdocs serve` indexes in the background,
  after the pages are served (perspectives.servedindex).
- on_startup / on_nav / on_env: `mkdocs serve --dirty` (`make serve`) writes again only
  the generated pages whose content changed, and every page when anything
  else changed (perspectives.rebuilds): what MkDocs' dirty builds get wrong
  (pages made with a changed template, configuration or navigation; pages of
  deleted articles left behind) they never meet, so the hook drops MkDocs'
  warning that they might.
"""

from __future__ import annotations

import json
import logging
import numbers
import os
import posixpath
import shutil
import tempfile
from pathlib import Path

from jinja2 import Environment
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from perspectives import htmlpage, search, sitedir, spool_site
from perspectives.builddate import content_epoch
from perspectives.errors import DataErrors, printable
from perspectives.load import Memo
from perspectives.processes import interrupted_once
from perspectives.rebuilds import Plan, Rebuilds, fingerprint
from perspectives.servedindex import ServedIndex
from perspectives.spool import Shelf, SpooledPage, SpooledSite
from perspectives.siteurl import production_problem, report_problem, robots_txt, site_url_problem

log = logging.getLogger("mkdocs.hooks.perspectives")
MARKER = "<!-- generated:"  # a whole line `<!-- generated: NAME -->` is replaced by fragment NAME
_site: SpooledSite | None = None
# Pages written as HTML (their paths), parsed by on_page_markdown (which hands Markdown nothing) for
# on_page_content.
_html_paths: set[str] = set()
_html_bodies: dict[str, list[htmlpage.Heading | str]] = {}

# Each article page advertises its JSON file with <link rel="alternate">.
# Material's instant navigation takes every such link for another language
# version of the site and fetches the sitemap beside it (articles/sitemap.xml
# for articles/<id>.json). An empty, valid sitemap answers that request, so no
# article page logs a failed one; the site's real sitemap stays at the root.
ARTICLES_SITEMAP = ("articles/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


# The most drafts a build names when it says which it left out; the rest are counted.
DRAFTS_NAMED = 5

# The command MkDocs runs (on_startup): only `mkdocs build` stages and publishes.
_command = "build"
# `mkdocs serve --dirty`: each rebuild writes what changed (on_nav), as planned by _rebuilds from the
# fingerprint of what every page is made with (_inputs) as the build began.
_dirty = False
_rebuilds = Rebuilds()
_plan: Plan | None = None
_inputs: tuple[object, ...] = ()
# Whether the build under way has begun to write the site (on_pre_build): a build stopped before leaves it as it was.
_writing = False
# `mkdocs serve` loads again only the articles that changed.
_articles_loaded = Memo()


def _background_report() -> logging.Logger:
    """Where the background index says it failed: its own logger, outside `mkdocs`, so that it may say so
    while a build runs without counting as that build's warning under --strict."""
    logger = logging.getLogger("perspectives.servedindex")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger


# A served site's search index, written after each build in the background.
_served_index = ServedIndex(report=_background_report().warning)
_served_site: Path | None = None  # the folder `mkdocs serve` serves


class _Build:
    """The build under way: where it stages, where it publishes, whether anything warned."""

    def __init__(self, staging: Path, target: Path, strict: bool) -> None:
        self.staging, self.target, self.strict = staging, target, strict
        self.warnings = _WarningCount()
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def finish(self, succeeded: bool) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        # Under --strict, MkDocs aborts after on_post_build if anything warned.
        if succeeded and not (self.strict and self.warnings.count):
            try:
                sitedir.publish(self.staging, self.target)
            except sitedir.SiteError as error:
                raise Abort(str(error)) from None
        else:
            sitedir.discard(self.staging, self.target)


class _WarningCount(logging.Handler):
    """Counts what MkDocs' strict mode counts: warnings and errors logged under `mkdocs`."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_build: _Build | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command, _dirty
    _command = command
    _dirty = command == "serve" and dirty
    if _dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_accurate_dirty_build)
        log.info("Serving with --dirty: a rebuild writes again the pages whose content changed, and every page "
                 "when anything but data/ changed.")


def _accurate_dirty_build(record: logging.LogRecord) -> bool:
    """Drops MkDocs' warning that a dirty build may be wrong: on_nav makes it right (see the module's notes);
    under --strict the warning would fail every build."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _reproducible_date(config: MkDocsConfig) -> None:
    """Date the build from the last commit of the content, not the clock, unless the caller chose a date.

    Two builds of one commit are then byte-identical. MkDocs reads
    SOURCE_DATE_EPOCH when it creates pages and writes the sitemap, both
    after on_config.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    epoch = content_epoch(Path(config.config_file_path).parent)
    if epoch is None:
        log.info("No git commit dates data/, docs/ or mkdocs.yml: the sitemap takes the clock's date; "
                 "set SOURCE_DATE_EPOCH for a reproducible build.")
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _held, _build, _inputs, _writing, _served_site
    # The pages are about to be written again, so the index would be stale, and the indexer would take the
    # cores the render stage needs. A build stopped before writing starts it again (on_build_error).
    _served_index.cancel()
    _writing = False
    if _dirty:
        _inputs = fingerprint(_made_with(config))  # before anything is read: an edit from now on is the next build's
    # SITE_URL goes into every page (canonical links, sharing cards, the sitemap): validated like data.
    problem = site_url_problem(os.environ.get("SITE_URL"))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not epoch.isdigit():  # MkDocs would fail on it with a traceback
        problem = (f"SOURCE_DATE_EPOCH {printable(epoch)!r} is not a number of seconds since 1970 — unset it, "
                   "or write a whole number such as SOURCE_DATE_EPOCH=1764547200")
    if os.environ.get("PRODUCTION") == "1":  # `make publish`: the site goes public (perspectives.siteurl)
        problem = production_problem(os.environ.get("SITE_URL"))
    problem = problem or report_problem(config.extra.get("report_errors"))
    if problem:
        raise Abort(problem)
    _reproducible_date(config)
    if not config.use_directory_urls:
        raise Abort("Generated pages link to directory URLs (articles/<id>/): keep `use_directory_urls: true`.")
    root = Path(config.config_file_path).parent
    # PREVIEW=<glob of article ids> builds only those articles (make serve PREVIEW='gold-*'): with
    # thousands of articles, an edit then shows in a moment. A published build never previews.
    preview = os.environ.get("PREVIEW") or None
    if preview and _command != "serve":  # `mkdocs build` and `mkdocs gh-deploy` publish what they build
        raise Abort("PREVIEW is for `mkdocs serve`: a build always holds every article.")
    # PERSPECTIVES_JOBS=<n>: render in n processes rather than one per core (a machine short of memory).
    jobs = os.environ.get("PERSPECTIVES_JOBS") or None
    if jobs is not None and not (jobs.isdigit() and int(jobs) > 0):
        raise Abort(f"PERSPECTIVES_JOBS {printable(jobs)!r} is not a number of processes — unset it (one per core), "
                    "or write a whole number such as PERSPECTIVES_JOBS=1")
    try:  # read again by the indexer, at the build's end: a mistake is said before the build, not after it
        search.pages_per_index()
    except search.SearchIndexError as error:
        raise Abort(str(error)) from None
    _remove_spool()  # a build that stopped before on_build_error could remove it
    if _command != "serve":  # `mkdocs serve` builds into a temporary folder of its own; build and gh-deploy publish
        target = Path(config.site_dir)
        try:
            _build = _Build(sitedir.stage(target), target, bool(config.strict))
            # The rendered pages go beside the staging folder: on the site's disk, not in a /tmp that may be
            # held in memory, and swept with it by the next build should this one be killed.
            folder = sitedir.scratch(_build.staging)
        except sitedir.SiteError as error:  # another build writing it, a file in its place, a read-only folder
            _discard_build()
            raise Abort(str(error)) from None
    else:
        folder = Path(tempfile.mkdtemp(prefix="perspectives-pages-"))
    # Ctrl-C stops the render and the folder goes; pressed again meanwhile, it would stop the removal.
    with interrupted_once():
        try:
            # Drafts show in serve only. The feed's links are absolute: they start with the public address.
            # The CSP goes into the static redirect pages too.
            _site = spool_site(root / "data", folder, "; ".join(config.extra.get("content_security_policy", [])),
                               drafts=_command == "serve", site_url=config.site_url or "", site_name=config.site_name,
                               select=preview, report=config.extra.get("report_errors"), jobs=int(jobs) if jobs else None,
                               memo=_articles_loaded if _command == "serve" else None)
        except BaseException as failure:
            # Not yet _site's, so on_build_error would not find the folder (nor would on_shutdown after Ctrl-C).
            shutil.rmtree(folder, ignore_errors=True)
            _discard_build()
            if not isinstance(failure, DataErrors):
                raise
            *lines, summary = failure.report().splitlines()  # the first errors, a count of any beyond them; the total
            for line in lines:
                log.error(line)
            raise Abort(summary) from None
    _held = Shelf(_site.folder / _HELD)
    if preview:
        log.info("Preview of the articles matching PREVIEW=%r only; `make check` checks them all.", preview)
    if _site.drafts_left_out:  # checked, not published: said, so that a missing page is no mystery
        drafts = _site.drafts_left_out
        named = ", ".join(drafts[:DRAFTS_NAMED]) + (f" and {len(drafts) - DRAFTS_NAMED:,} more"
                                                    if len(drafts) > DRAFTS_NAMED else "")
        log.info("%s draft article%s left out: a build publishes no draft (`make serve` shows them): %s",
                 f"{len(drafts):,}", "" if len(drafts) == 1 else "s", named)
    if _build is not None:
        config.site_dir = str(_build.staging)
    elif _command == "serve":
        _served_site = Path(config.site_dir)
    return config


def _made_with(config: MkDocsConfig) -> list[Path]:
    """What every page is made with besides its own content and the data: the configuration, the
    hand-written pages and assets, the theme's overrides."""
    paths = [Path(config.config_file_path), Path(config.docs_dir)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths


def on_pre_build(config: MkDocsConfig) -> None:
    global _writing
    _writing = True


# Material's search plugin stays for the search box it puts in the header, which
# assets/search-worker.js answers from Pagefind's index (perspectives.search). Its own index
# (lunr's) would parse every page's HTML, a third of a build at 1,000 articles, into a file that
# Material's page script fetches with every page and nothing reads: the plugin adds no page to it,
# and writes only its configuration, which the box needs to start.
def _material_search_indexes_no_page(config: MkDocsConfig) -> None:
    index = getattr(config.plugins.get("material/search"), "search_index", None)
    if index is not None:
        index.add_entry_from_context = lambda page: None


def write_search_index(site_dir: Path) -> None:
    try:
        search.index_site(site_dir)
    except search.SearchIndexError as error:
        raise Abort(str(error)) from None


@event_priority(-100)  # after every plugin has written its files (search index, sitemap)
def on_post_build(config: MkDocsConfig) -> None:
    global _build, _plan
    _remove_spool()  # every page is written
    if _plan is not None:
        # An edit saved while the build ran may or may not be in it: the next build writes every page.
        if fingerprint(_made_with(config)) == _inputs:
            _rebuilds.done(_plan)
        else:
            _rebuilds.forget()
        _plan = None
    if _command == "serve":  # indexed in the background, the pages served meanwhile
        _served_index.start(Path(config.site_dir))
    elif _build is None or not (_build.strict and _build.warnings.count):
        # (A strict build that warned is discarded after this event: no need to index it, 30 s at 5,000 articles.)
        write_search_index(Path(config.site_dir))
    if _build is not None:
        _build.finish(succeeded=True)
        config.site_dir = str(_build.target)
        _build = None


def _remove_spool() -> None:
    global _site, _held
    if _held is not None:
        _held.close()
        _held = None
    if _site is not None:
        shutil.rmtree(_site.folder, ignore_errors=True)
        _site = None


def _discard_build() -> None:
    global _build
    if _build is not None:
        _build.finish(succeeded=False)
        _build = None


def _abandon() -> None:
    """The build stopped short: its rendered pages go, and its staging folder with them."""
    _remove_spool()
    _discard_build()


def on_build_error(error: Exception) -> None:
    global _plan
    _abandon()
    _plan = None
    if _writing:
        _rebuilds.forget()  # it may have written some pages: the next build writes every page
    elif _served_site is not None:
        _served_index.start(_served_site)  # the site is as it was (bad data, say): its index follows it again
    # A fault of the machine (a full disk, a read-only folder) is one line naming the path and the cause,
    # not a traceback: the last good site was never touched.
    if isinstance(error, OSError):
        raise Abort(sitedir.describe(error, served=_command == "serve")) from None


def on_shutdown() -> None:
    # Ctrl-C in the middle of a build skips on_build_error (MkDocs calls it for errors, not interrupts) but
    # not this event.
    _abandon()
    _served_index.cancel()


class _SpooledPageFile(File):
    """A page the render stage wrote into the file its part's pages share (perspectives.spool): its source is
    read from its place there, where MkDocs would read a whole file. Anything that sets the content sets it
    as on any File."""

    spooled: SpooledPage

    @classmethod
    def of(cls, config: MkDocsConfig, page: SpooledPage) -> _SpooledPageFile:
        file = cls.generated(config, page.path, abs_src_path=str(page.file))
        assert isinstance(file, cls)
        file.spooled = page
        return file

    @property
    def content_bytes(self) -> bytes:
        if self._content is None:
            return self.spooled.read_bytes()
        return File.content_bytes.fget(self)  # type: ignore[attr-defined]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        if self._content is None:
            # As MkDocs reads a page's file: a byte-order mark dropped, line ends made \n (text mode).
            text = self.content_bytes.decode("utf-8-sig")
            return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        return File.content_string.fget(self)  # type: ignore[attr-defined]

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]


class _SpooledDownload(File):
    """A file other than a page that the render stage wrote into the spool folder (the articles' JSON, the CSV,
    the schemas, the feed, the redirect pages), linked into the site rather than copied: the spool folder goes
    once the site is written, and the downloads are most of the site's bytes (60 MB at 1,000 articles), which
    MkDocs would copy again on every build. The link is made under a name of its own and then put in place, so
    a served site never lacks the file. Where no link can be made (a file system without them, or the spool
    on another one), MkDocs copies it."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return super().copy_file(dirty)  # which skips it
        assert self.abs_src_path is not None
        output = self.abs_dest_path
        linked = f"{output}.perspectives-link"
        try:
            os.makedirs(os.path.dirname(output), exist_ok=True)
            os.link(self.abs_src_path, linked)
            os.replace(linked, output)
        except OSError:
            super().copy_file(dirty)
        finally:
            # Gone once in place, unless `output` was already this very file, which a rename onto leaves be.
            Path(linked).unlink(missing_ok=True)


class _HtmlBodyPage(Page):
    """A generated page whose body is HTML (perspectives.htmlpage), which on_page_content sets into it.
    MkDocs' own render would make a Markdown converter with every extension of mkdocs.yml for each such
    page, only to convert the empty text on_page_markdown leaves: a third of a second a thousand articles,
    and as much again to read their front matter."""

    def read_source(self, config: MkDocsConfig) -> None:
        # The render stage writes front matter as one line of JSON (render._front_matter), which MkDocs reads
        # as YAML, a flow mapping, with PyYAML's pure-Python loader: read as JSON, the same mapping in a
        # tenth of the time. Anything else (a plugin's source) is read as MkDocs reads it.
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            source = self.file.content_string
        front, written, body = source.partition("\n---\n")
        try:
            data = json.loads(front.removeprefix("---\n")) if written and front.startswith("---\n") else None
        except ValueError:
            data = None
        if isinstance(data, dict):
            self.markdown, self.meta = body.lstrip("\n"), data
        else:
            self.markdown, self.meta = get_data(source)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    _material_search_indexes_no_page(config)  # after every plugin's on_config, which sets its index up
    for page in _site.pages:
        file = (_SpooledPageFile.of(config, page) if page.path.endswith(".md")
                else _SpooledDownload.generated(config, page.path, abs_src_path=str(page.file)))
        # Edit links open the data file the page came from (relative to edit_uri, which points at docs/).
        file.edit_uri = posixpath.join("..", page.source)
        if page.html_body:
            # It becomes file.page, which MkDocs keeps, in the nav or not: a title given to such a page in
            # mkdocs.yml's nav would be ignored (none is; each has its title in its front matter).
            _HtmlBodyPage(None, file, config)
        files.append(file)
    files.append(File.generated(config, ARTICLES_SITEMAP[0], content=ARTICLES_SITEMAP[1]))
    files.append(File.generated(config, "robots.txt", content=robots_txt(config.site_url or "/")))
    _html_paths.clear()
    _html_paths.update(_site.html_bodies)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Under `mkdocs serve --dirty`, tell MkDocs which pages and files to write again (File.is_modified):
    the generated ones whose content changed, every hand-written page (they include generated fragments),
    the assets MkDocs finds changed, and everything when anything but the data changed."""
    global _plan
    if not _dirty:
        return nav
    assert _site is not None
    generated = {page.path: page for page in _site.pages}
    # Besides what _inputs holds, every page shows the titles of the pages in the navigation: for the
    # generated ones, their front matter.
    titles = tuple(generated[page.file.src_uri].read_text().partition("\n---\n")[0]
                   for page in nav.pages if page.file.src_uri in generated)
    _plan = plan = _rebuilds.plan((_inputs, titles), generated)
    if plan.everything:
        _clean(Path(config.site_dir))  # MkDocs does not, in a dirty build
    else:
        for path in plan.gone:
            _remove_output(File(path, src_dir=None, dest_dir=config.site_dir,
                                use_directory_urls=config.use_directory_urls).abs_dest_path, config.site_dir)
    for file in files:
        if file.src_uri in generated:
            file.is_modified = (lambda written=plan.writes(file.src_uri): written)  # type: ignore[method-assign]
        elif file.is_documentation_page():
            file.is_modified = lambda: True  # type: ignore[method-assign]
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Under `mkdocs serve --dirty`, read the front matter of the pages not written again, which MkDocs
    leaves unread: their titles (in the navigation) and `lastmod` (in the sitemap) are printed on pages that
    are written."""
    if _plan is not None and not _plan.everything:
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None:
                page.read_source(config)
                if isinstance(page, _HtmlBodyPage):  # its front matter is what is wanted, not a thousand pages' HTML
                    page.markdown = ""
    return env


def _clean(site_dir: Path) -> None:
    """Empty the served site but for its search index, which searches use until the next is written."""
    for entry in site_dir.iterdir():
        if entry.name == search.BUNDLE:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _remove_output(path: str, site_dir: str) -> None:
    """Remove a page or file the site no longer has, and the folders it leaves empty."""
    Path(path).unlink(missing_ok=True)
    folder, top = Path(path).parent, Path(site_dir)
    while folder != top and top in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _site is not None
    if page.file.src_uri in _html_paths:
        _html_bodies[page.file.src_uri] = htmlpage.parse(markdown)
        return ""
    if MARKER not in markdown:
        return markdown
    lines = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(MARKER) and stripped.endswith("-->"):
            name = stripped.removeprefix(MARKER).removesuffix("-->").strip()
            if name not in _site.fragments:
                raise PluginError(f"docs/{page.file.src_uri}: line {_line_in_file(page, stripped, number)}: no "
                                  f"generated fragment {name!r} — use one of: {', '.join(sorted(_site.fragments))}")
            line = _site.fragments[name]
        lines.append(line)
    return "\n".join(lines)


def _line_in_file(page: Page, line: str, number: int) -> int:
    """Where `line` (line `number` of the page's Markdown, which MkDocs hands over without its front matter)
    is in the page's file, as a text editor numbers it."""
    for found, text in enumerate(page.file.content_string.splitlines(), start=1):
        if text.strip() == line:
            return found
    return number


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    blocks = _html_bodies.pop(page.file.src_uri, None)
    if blocks is None:
        return _weighed(html, page)
    toc = config.mdx_configs.get("toc", {})
    permalink = toc.get("permalink")
    html = htmlpage.to_html(blocks, "&para;" if permalink is True else (permalink or None),
                            toc.get("permalink_title", "Permanent link"), toc.get("permalink_class", "headerlink"))
    top, bottom = _toc_levels(toc.get("toc_depth", 6))
    page.toc = get_toc(nest_toc_tokens([
        {"level": block.level, "id": block.id, "name": block.text, "html": block.html, "data-toc-label": ""}
        for block in blocks if isinstance(block, htmlpage.Heading) and top <= block.level <= bottom]))
    page.present_anchor_ids = htmlpage.ids(html)
    return _hold(page, _weighed(html, page))


def _weighed(html: str, page: Page) -> str:
    """The page's HTML, its headings weighed for the search index by front matter's `search: boost`
    (overrides/main.html weighs the rest of its text, by the same rule: a number other than 1, true and
    false being 1 and 0 as for Jinja's `is number`, on a page not excluded)."""
    searched = page.meta.get("search") if isinstance(page.meta, dict) else None
    if not isinstance(searched, dict) or searched.get("exclude"):
        return html
    boost = searched.get("boost")
    if isinstance(boost, numbers.Real) and boost <= 0:
        # Weighed 0, its words would score 0, which is how a search in parts tells the site's vocabulary page
        # from a page (perspectives.search.VOCABULARY).
        raise PluginError(f"{page.file.src_uri}: search.boost: {boost!r} is not above 0 — give a number above 0, "
                          "or `exclude: true` to leave the page out of search")
    if isinstance(boost, numbers.Real) and boost != 1:
        return search.weigh_headings(html, boost)
    return html


# The HTML of the pages written as HTML, from on_page_content to on_post_page: where it waits (one file in the
# spool folder, spool.Shelf) under the placeholder that stands for it in page.content. At 5,000 articles
# MkDocs would otherwise hold about a gigabyte of it from its first page converted to its last page written.
_held: Shelf | None = None  # made with the spool folder (on_config), closed before it goes
_HELD = ".held-html"  # its file in the spool folder: no page's path starts with a dot
_PLACEHOLDER = "<!-- perspectives: this page's HTML, set in by on_post_page -->"


def _hold(page: Page, html: str) -> str:
    assert _held is not None
    _held.put(page.file.src_uri, html)
    return _placeholder(html)


def _placeholder(html: str) -> str:
    """What stands for held `html` in page.content. Material's content.html prints the page's title as an
    <h1> unless page.content holds one: so must the placeholder."""
    return _PLACEHOLDER + ("<!-- <h1 -->" if "<h1" in html else "")


# The navigation entry marked for a page outside the navigation (see on_page_context); None when none is.
_listing: Page | None = None


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """A page outside the navigation (an article's summary, a treatment's page) marks the entry of the page
    that lists it (/articles/, /treatments/) as the reader's place, as its own page would be: its tab, and
    its section's, show where the reader is, as they do on every page in the navigation. MkDocs marks the
    page it builds (Page.active, which marks its parents too); the entry marked is unmarked once the page is
    rendered (on_post_page), or failing that before the next, unless it is the next."""
    global _listing
    _unmark_listing(page)
    if page.parent is None and not any(entry is page for entry in nav.pages):
        within = [entry for entry in nav.pages
                  if entry.url and page.url != entry.url and page.url.startswith(entry.url)]
        if within:
            _listing = max(within, key=lambda entry: len(entry.url))
            _listing.active = True
    return context


def _unmark_listing(page: Page) -> None:
    """Unmark the entry on_page_context marked, unless it is `page`, which MkDocs marks while it builds it."""
    global _listing
    if _listing is not None and _listing is not page:
        _listing.active = False
    _listing = None


@event_priority(100)  # before any plugin reads the page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _unmark_listing(page)
    if _held is None or page.file.src_uri not in _held:
        return output
    html = _held.take(page.file.src_uri)
    placeholder = _placeholder(html)
    if output.count(placeholder) != 1:
        raise PluginError(f"{page.file.src_uri}: the theme printed page.content {output.count(placeholder)} "
                          "times, not once: the hook sets each page's HTML in where it printed it (see _held)")
    return output.replace(placeholder, html)


def _toc_levels(depth: int | str) -> tuple[int, int]:
    """The heading levels the table of contents holds, as the toc extension reads `toc_depth` (6 or "2-4")."""
    if isinstance(depth, str) and "-" in depth:
        top, bottom = (int(part) for part in depth.split("-", 1))
        return top, bottom
    return 1, int(depth)
