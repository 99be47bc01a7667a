"""Rendering: records in, pages out — and data can never become markup."""

from __future__ import annotations

import dataclasses
import itertools
import posixpath
import re

import markdown
import pytest

from conftest import DATA
from perspectives import load_checked, urls
from perspectives.model import Quotation
from perspectives.quotes import FragmentLinks, text_fragment_url
from perspectives.render import _ESCAPED, _relpath, escape_data, render_site

HOSTILE = ["<script>alert(1)</script>", "*bold* _it_ [link](http://x.test)", ":material-check:", "{: .x }",
           "&amp; &lt;", "--8<-- \"/etc/passwd\"", "1. list", "# heading", "`code`", "| a | b |"]


@pytest.fixture(scope="module")
def dataset():
    return load_checked(DATA)


def test_every_article_gets_a_page_at_its_id(dataset):
    site = render_site(dataset)
    paths = {page.path for page in site.pages}
    assert {f"articles/{article.id}.md" for article in dataset.articles} <= paths
    assert "articles/index.md" in paths


def test_article_page_shows_what_a_reader_needs(dataset):
    article = next(a for a in dataset.articles if a.id == "caring-medical-continuous-muscle-spasms")
    page = next(p for p in render_site(dataset).pages if p.path == f"articles/{article.id}.md")
    assert page.source == f"data/articles/{article.id}.yaml"
    for heading in ("## Summary { #summary }", "## At a glance { #at-a-glance }", "## Treatments { #treatments }",
                    "## Key claims { #key-claims }", '<p class="admonition-title">About this source</p>'):
        assert heading in page.content
    for claim in article.claims:
        assert f"{{ #claim-{claim.id} }}" in page.content
    assert "#:~:text=" in page.content
    assert "Captured from" in page.content


def test_an_untitled_article_is_named_as_everywhere_and_its_missing_headline_said(dataset):
    article = next(a for a in dataset.articles if a.id == "rehab-and-revive-muscle-spasms")
    site = render_site(dataset)
    page = next(p for p in site.pages if p.path == f"articles/{article.id}.md")
    assert f"# Summary of the {article.short_title} article" in page.content
    # Unknown both at the top and in "About this source": "None" is a fact of its own (the article offers
    # nothing of the kind), and said of an unknown headline it contradicted the line at the top.
    assert page.content.count(escape_data(article.title.reason)) == 2
    assert "<em>None in the source" not in page.content
    assert "<strong>Original headline:</strong> <em>Unknown:</em>" in page.content
    assert "Original’s address unknown" in page.content
    listed = next(p for p in site.pages if p.path == "articles/index.md").content
    assert f'>{article.short_title}</a>' in listed and "Untitled" not in listed
    # Old links to the list still land: its anchor keeps the words of the heading it had.
    assert "{ #untitled-article-by-dr-justin-lin }" in listed
    # The list says its headline is unknown, as the article's page does, and the home page's card too.
    section = listed[listed.index(f'>{article.short_title}</a>'):]
    assert f"<em>unknown</em> — {escape_data(article.title.reason)}" in section.split("Claimed root cause")[0]
    assert "<em>Original headline unknown</em>" in site.fragments["articles-at-a-glance"]


def test_the_list_of_articles_labels_who_wrote_and_published_each(dataset):
    """A bare "Unknown: No author is named · Caring Medical" cannot say whose name is missing."""
    listed = next(p for p in render_site(dataset).pages if p.path == "articles/index.md").content
    bylines = re.findall(r'<p class="msp-byline">(.*?)</p>', listed)
    assert len(bylines) == len(dataset.articles)
    for article, line in zip(dataset.articles, bylines):
        assert re.sub(r"<[^>]+>", "", line).startswith("Author: ")
        assert '<span class="msp-byline__label">Publisher:</span>' in line
        if not isinstance(article.author, str):
            assert f"Author:</span> <em>unknown</em> ({escape_data(article.author.reason)})" in line


@pytest.mark.parametrize("text", HOSTILE)
def test_data_renders_as_literal_text(text):
    html = markdown.markdown(f"**Label:** {escape_data(text)}", extensions=["attr_list", "md_in_html", "tables"])
    assert "<script" not in html and "<a " not in html and "<em>" not in html and "<code>" not in html
    assert "<h1" not in html and "<ol>" not in html and "<table" not in html


def test_hostile_text_in_a_real_article_stays_text(dataset):
    article = dataset.articles[0]
    hostile = dataclasses.replace(article, summary=tuple(HOSTILE), short_title="<b>x</b>")
    site = render_site(dataclasses.replace(dataset, articles=(hostile, *dataset.articles[1:])))
    content = next(p for p in site.pages if p.path == f"articles/{article.id}.md").content
    assert "<script>" not in content and "*bold*" not in content and ":material-check:" not in content


def test_text_fragment_links_encode_what_the_syntax_requires():
    short = Quotation("Rather, the cause is at the top.", 1)
    assert text_fragment_url("https://a.test/p/", short) == \
        "https://a.test/p/#:~:text=Rather%2C%20the%20cause%20is%20at%20the%20top."
    long = Quotation("Muscles are responsible for joint movement but are not meant to stop bones, moving-excessively.", 1)
    assert text_fragment_url("https://a.test/p/#old", long) == \
        "https://a.test/p/#:~:text=Muscles%20are%20responsible%20for,to%20stop%20bones%2C%20moving%2Dexcessively."


def test_quotation_links_located_once_are_the_same_links(dataset):
    links = FragmentLinks()
    for article in dataset.articles:
        where = article.source.quoted_at
        for quotation in (quotation for claim in article.claims for quotation in claim.quotations):
            for url in ([where[0]] if where else []) + ["https://a.test/p/#old"]:
                assert links.url(url, quotation, article.capture) == \
                    text_fragment_url(url, quotation, article.capture)


def test_data_punctuation_becomes_character_references():
    assert escape_data(f" a{_ESCAPED}\n b ") == f"a{''.join(f'&#{ord(c)};' for c in _ESCAPED)} b"


def test_relative_paths_are_those_posixpath_gives(dataset):
    """Links between pages are made without asking for the working directory: the same paths."""
    folders = sorted({urls.page_url(page.path).rstrip("/") or "." for page in render_site(dataset).pages})
    for path, start in itertools.product(folders, repeat=2):
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)


def test_rendering_is_deterministic(dataset):
    assert render_site(dataset) == render_site(dataset)


# Article and home pages: the argument diagram, previous and next, short answers.

def _article_page(site, article_id: str) -> str:
    return next(p for p in site.pages if p.path == f"articles/{article_id}.md").content


def test_article_pages_link_to_the_previous_and_next_article_in_id_order(dataset):
    site = render_site(dataset)
    ids = [article.id for article in dataset.articles]
    for number, article_id in enumerate(ids):
        content = _article_page(site, article_id)
        assert ('rel="prev"' in content) == (number > 0)
        assert ('rel="next"' in content) == (number + 1 < len(ids))
        if number + 1 < len(ids):
            assert f'<a class="msp-pager__link msp-pager__link--next" href="../{ids[number + 1]}/" rel="next">' in content


def test_a_step_the_article_leaves_open_says_so_in_the_diagram(dataset):
    article = dataset.articles[0]
    cell = article.comparison["mechanism"]
    open_cell = dataclasses.replace(cell, kind="unknown", text="The article does not say how.", claims=())
    changed = dataclasses.replace(article, comparison={**article.comparison, "mechanism": open_cell})
    site = render_site(dataclasses.replace(dataset, articles=(changed, *dataset.articles[1:])))
    html = markdown.markdown(_article_page(site, article.id), extensions=["attr_list", "md_in_html", "def_list"])
    step = html[html.index('data-dimension="mechanism"', html.index("msp-argument__steps")):]
    step = step[: step.index("</li>")]
    assert "Unknown" in step and "The article does not say how&#46;" in step and "href" not in step
    assert "msp-argument__step--unknown" in html


def test_short_forms_lead_the_article_page_and_the_home_page(dataset):
    site = render_site(dataset)
    article = dataset.articles[0]
    content = _article_page(site, article.id)
    for dimension_id in ("root-cause", "recommended-approach"):
        short = escape_data(article.comparison[dimension_id].short)
        assert short in content and short in site.fragments["articles-at-a-glance"]


def test_markup_in_data_stays_text_in_the_diagram_and_on_the_home_page(dataset):
    article = dataset.articles[0]
    hostile = " ".join(HOSTILE)
    root = dataclasses.replace(article.comparison["root-cause"], text=hostile)
    changed = dataclasses.replace(article, comparison={**article.comparison, "root-cause": root}, title=hostile,
                                  short_title="<b>x</b> [y](http://x.test)")
    site = render_site(dataclasses.replace(dataset, articles=(changed, *dataset.articles[1:])))
    extensions = ["attr_list", "md_in_html", "def_list", "tables"]
    for content in (_article_page(site, article.id), site.fragments["articles-at-a-glance"],
                    next(p for p in site.pages if p.path == "compare/index.md").content):
        if content.startswith("---\n"):  # front matter is YAML, escaped by _front_matter; the build strips it
            content = content.split("\n---\n", 1)[1]
        html = markdown.markdown(content, extensions=extensions)
        assert "<script" not in html and "<b>x</b>" not in html and 'href="http://x.test"' not in html
        assert "<em>bold</em>" not in html and "<code>code</code>" not in html


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_spooled_pages_are_the_rendered_pages_written_to_files(dataset, tmp_path, jobs):
    from perspectives.render import Renderer
    from perspectives.spool import spool, spool_parts

    site = render_site(dataset)
    renderer = Renderer(dataset)
    if jobs == 1:
        spooled = spool(renderer.pages(), renderer.fragments(), tmp_path / "pages")
    else:  # an article a part, so that every process renders some of every kind of page
        parts = renderer.parts(articles_per_part=1)
        assert len(parts) > jobs
        spooled = spool_parts(renderer.part, parts, renderer.fragments(), tmp_path / "pages", jobs)
    assert [page.path for page in spooled.pages] == [page.path for page in site.pages]
    for held, written in zip(site.pages, spooled.pages):
        assert (written.source, written.html_body) == (held.source, held.html_body)
        assert written.read_bytes() == held.content.encode("utf-8"), held.path  # line ends as rendered
        if held.path.endswith(".md"):  # what the engine reads: a part's pages in one file
            assert written.file.parent == (tmp_path / "pages").resolve() and written.file.name.startswith(".")
        else:  # a download, served as it is: a file at its path
            assert written.file == (tmp_path / "pages" / held.path).resolve() and written.length is None
    assert spooled.html_bodies == {page.path for page in site.pages if page.html_body}
    assert spooled.fragments == site.fragments
    # One file for each part's pages (or, in one process, for all), not one a page.
    shared = {page.file for page in spooled.pages if page.path.endswith(".md")}
    assert len(shared) <= (1 if jobs == 1 else len(parts))


def test_a_shelf_gives_back_each_text_once_as_it_was_put_in_whatever_the_order(tmp_path):
    from perspectives.spool import Shelf

    shelf = Shelf(tmp_path / "shelf")
    texts = {f"articles/{number}.md": f"<p>Ä “{number}” —\n</p>" * number for number in range(5)}
    for key, text in texts.items():
        shelf.put(key, text)
    assert [path.name for path in tmp_path.iterdir()] == ["shelf"]  # one file, whatever the number of texts
    assert shelf.take("articles/3.md") == texts["articles/3.md"]
    shelf.put("articles/5.md", "after a take")  # put and take interleave, as MkDocs converts and writes pages
    for key in ["articles/5.md", "articles/0.md", "articles/4.md", "articles/1.md", "articles/2.md"]:
        assert shelf.take(key) == texts.get(key, "after a take")
    with pytest.raises(KeyError):
        shelf.take("articles/3.md")  # taken once
    shelf.close()
    shelf.close()


def test_the_parts_hold_every_page_once(dataset):
    from perspectives.render import Renderer

    renderer = Renderer(dataset)
    for size in (1, 2, len(dataset.articles), 1000):
        paths = [page.path for part in renderer.parts(size) for page in renderer.part(part)]
        assert sorted(paths) == sorted(page.path for page in render_site(dataset).pages)


# Presses Ctrl-C (SIGINT to itself) inside interrupted_once, twice more while the first is being answered
# (the KeyboardInterrupt caught, as a wait that goes on waiting does); then once after the block, inside a
# block nested in another, off the main thread, and with a handler set inside the block.
_PRESSES = """
import os, signal, subprocess, sys, threading, time
from perspectives.processes import interrupted_once
def press():
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)  # the handler runs between two bytecodes
raised = 0
try:
    with interrupted_once():
        try:
            press()
        except KeyboardInterrupt:
            raised += 1
            press(); press()  # while the first is answered (the build waits for its processes): no second error
        # A program started now does not inherit an ignored Ctrl-C.
        print("child", subprocess.run([sys.executable, "-c", "import signal; print(signal.getsignal(signal.SIGINT)"
                                       " is signal.default_int_handler)"], capture_output=True, text=True).stdout.strip())
except KeyboardInterrupt:
    print("swallowed, raised at the end", raised)
print("restored", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
try:
    press()
except KeyboardInterrupt:
    print("after", 1)
try:
    with interrupted_once():
        with interrupted_once():
            try:
                press()
            except KeyboardInterrupt:
                print("nested", 1)
            press()
except KeyboardInterrupt:
    print("nested, raised at the end", 1)
print("restored", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
def elsewhere():
    with interrupted_once():
        print("thread", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
thread = threading.Thread(target=elsewhere); thread.start(); thread.join()
def mine(signum, frame):
    pass
with interrupted_once():
    signal.signal(signal.SIGINT, mine)
print("kept", signal.getsignal(signal.SIGINT) is mine)
"""


def test_after_the_first_ctrl_c_the_build_ignores_the_others_until_its_processes_have_finished():
    """And never loses the first: a KeyboardInterrupt swallowed inside the block is raised as it ends."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _PRESSES], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n") == ["child True", "swallowed, raised at the end 1", "restored True", "after 1",
                                      "nested 1", "nested, raised at the end 1", "restored True", "thread True",
                                      "kept True", ""]


def test_a_small_corpus_renders_in_one_process_and_a_large_one_on_every_core():
    from perspectives.pipeline import render_jobs
    from perspectives.processes import cores
    from perspectives.render import ARTICLES_PER_PART

    assert render_jobs(5) == render_jobs(ARTICLES_PER_PART) == 1
    assert render_jobs(ARTICLES_PER_PART + 1) == render_jobs(5000) == cores()


def _failing_part(part):
    if part.start == 2:
        raise ValueError("not an id: 'Bad'")
    yield from ()


def test_an_error_in_another_process_is_raised_as_it_would_be_in_this_one(tmp_path):
    from perspectives.render import Part
    from perspectives.spool import spool_parts

    with pytest.raises(ValueError, match="not an id"):
        spool_parts(_failing_part, [Part("articles", start, start + 1) for start in range(4)], {}, tmp_path, jobs=2)


# Renders the real data an article a part in two processes, slowly (a page every 0.1 s); the test presses
# Ctrl-C once a page is written. Then it removes the folder at once, as the hook does (and, as the hook
# does, with later presses held off until it is gone). Each process logs the time each page of its was
# written (to a file outside the folder) and says on stderr where a KeyboardInterrupt reached it; the time
# the folder was gone is said last.
_SLOW_RENDER = """
import os, shutil, sys, time
from pathlib import Path
from perspectives import load_checked
from perspectives.processes import interrupted_once
from perspectives.render import Renderer
from perspectives.spool import spool_parts
renderer = Renderer(load_checked(Path(sys.argv[1])))
print("main", os.getpid(), file=sys.stderr, flush=True)
def slowly(part):
    try:
        for page in renderer.part(part):
            time.sleep(0.1)
            yield page
            with open(sys.argv[3], "a") as log:  # the page just yielded is written by now
                log.write(f"{os.getpid()} {time.monotonic()}\\n")
    except KeyboardInterrupt:
        print("interrupted", os.getpid(), file=sys.stderr, flush=True)
        raise
with interrupted_once():
    try:
        spool_parts(slowly, renderer.parts(articles_per_part=1), {}, Path(sys.argv[2]), jobs=2)
    finally:
        shutil.rmtree(sys.argv[2])
        print("removed", time.monotonic(), file=sys.stderr, flush=True)
"""


@pytest.mark.parametrize("presses", [1, 2, 5])
def test_ctrl_c_while_processes_render_stops_them_before_it_returns(tmp_path, presses):
    """The hook removes the folder once the build stops: no process may still be writing into it then, even
    when an impatient reader presses Ctrl-C again (and again) while the processes finish, nor may a later
    press stop the removal; only the build's own process is interrupted, once. (A press after the block, as
    the interpreter exits, is Python's to answer: a traceback of its own then is no fault of the build's.)"""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder, log = tmp_path / "pages", tmp_path / "written.log"
    render = subprocess.Popen([sys.executable, "-c", _SLOW_RENDER, str(DATA), str(folder), str(log)],
                              start_new_session=True, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (folder.exists() and any(path.is_file() for path in folder.rglob("*"))):
        assert render.poll() is None and time.monotonic() < deadline, "nothing was rendered"
        time.sleep(0.01)
    os.killpg(render.pid, signal.SIGINT)  # as Ctrl-C does: to every process of the group
    for _ in range(presses - 1):
        time.sleep(0.01)
        os.killpg(render.pid, signal.SIGINT)
    _, errors = render.communicate(timeout=60)
    assert render.returncode != 0 and "KeyboardInterrupt" in errors
    said = [line.split() for line in errors.splitlines() if line.startswith(("main ", "interrupted ", "removed "))]
    main = [int(pid) for word, pid in said if word == "main"]
    assert {int(pid) for word, pid in said if word == "interrupted"} <= set(main), errors  # the other: not at all
    [removed] = [float(time_) for word, time_ in said if word == "removed"]
    written = [line.split() for line in log.read_text().splitlines()]
    assert {pid for pid, _ in written} - {str(pid) for pid in main}, "the other process wrote nothing"
    assert [line for line in written if float(line[1]) > removed] == [], "a page written after the folder went"
    assert not folder.exists(), "the folder is still there: its removal was stopped, or a process wrote again"
    assert "During handling of the above exception" not in errors, errors  # one press, one error


# The real data rendered an article a part in three processes, one of which dies (killed, out of memory)
# while it renders a part: the build's process renders its parts instead, and every page is there, whole.
_DYING_RENDER = """
import hashlib, os, sys
from pathlib import Path
from perspectives import load_checked
from perspectives.render import Renderer
from perspectives.spool import spool_parts
renderer = Renderer(load_checked(Path(sys.argv[1])))
parent = os.getpid()
def dying(part):
    if os.getpid() != parent and part.kind == "articles" and part.start == 1:
        os._exit(9)
    yield from renderer.part(part)
site = spool_parts(dying, renderer.parts(articles_per_part=1), {}, Path(sys.argv[2]), jobs=3)
print(len(site.pages))
for page in site.pages:
    print(page.path, hashlib.sha256(page.read_bytes()).hexdigest())
"""


def test_a_render_process_that_dies_has_its_parts_rendered_by_the_build(tmp_path, dataset):
    import hashlib
    import subprocess
    import sys

    folder = tmp_path / "pages"
    done = subprocess.run([sys.executable, "-c", _DYING_RENDER, str(DATA), str(folder)], capture_output=True,
                          text=True, timeout=120)  # a hang fails here
    assert done.returncode == 0, done.stderr
    pages = render_site(dataset).pages
    count, *written = done.stdout.splitlines()
    assert int(count) == len(pages)
    assert written == [f"{page.path} {hashlib.sha256(page.content.encode()).hexdigest()}" for page in pages]
    # Each download once at its path; the pages an engine reads are in the files their parts share (and, for
    # the dead process's parts, in what it wrote of them, which nothing reads).
    assert sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file() and not path.name.startswith(".")) == sorted(
        page.path for page in pages if not page.path.endswith(".md"))


@pytest.mark.parametrize("text", ["plain words", "it’s “curly”, & - # % / ? = +", "é 漢字 😀 \t\n", "".join(map(chr, range(300)))])
def test_text_fragments_are_percent_encoded_as_urllib_encodes_them_with_hyphens_too(text):
    from urllib.parse import quote

    from perspectives.quotes import _encode

    assert _encode(text) == quote(text, safe="").replace("-", "%2D")


def test_templates_call_functions_and_macros_as_jinja_would():
    """render._Context calls plain functions and macros at once: one that asks for the context still gets it,
    with the variables set in the loop, and the others get exactly their arguments, in a loop or out of it."""
    import jinja2

    from perspectives.render import _environment

    env = _environment(FragmentLinks())
    env.globals["asks"] = jinja2.pass_context(lambda context, suffix: context["word"] + suffix)
    env.globals["doubled"] = lambda word, times=2: word * times
    template = env.from_string(
        "{% macro pair(a, b='y') %}{{ a }}{{ b }}{% endmacro %}"
        "{{ doubled('a') }} {% for each in ['x'] %}{% set word = each %}{{ asks('!') }} {{ doubled(word, times=3) }} "
        "{{ pair(word) }} {{ pair(word, b='z') }}{% endfor %}")
    assert template.render() == "aa x&#33; xxx xy xz"
    # A StopIteration becomes an undefined value, as Jinja's own Context.call makes it.
    env.globals["exhausted"] = lambda: next(iter(()))
    assert env.from_string("{{ exhausted() is defined }}").render() == "False"


def test_templates_print_values_as_jinja_escaping_them_would():
    """render._CodeGenerator prints `finalize`'s Markup without Jinja's escape() around it: the output is
    Jinja's own, for text, numbers, truth values, nothing, Markup and anything with __html__, in text, in
    an attribute, from a macro, and where a block switches autoescape."""
    import jinja2
    from markupsafe import Markup

    from perspectives.render import _CodeGenerator, _environment

    class Html:
        def __html__(self):
            return "<b>x</b>"

        def __str__(self):
            return "<b>str</b>"

    values = ["<a> & 'b' :x: *y*", 3, 2.5, True, None, Markup("<i>kept</i>"), Html(), ""]
    source = ("{% macro m(v) %}[{{ v }}]{% endmacro %}"
              "{% for v in values %}{{ v }}|<p title=\"{{ v }}\">{{ m(v) }}</p>|{{ v ~ '!' }}\n{% endfor %}"
              "{% autoescape false %}{{ values[0] }}{% endautoescape %}")
    ours = _environment(FragmentLinks())
    stock = _environment(FragmentLinks())
    stock.code_generator_class = jinja2.compiler.CodeGenerator
    assert ours.code_generator_class is _CodeGenerator
    assert ours.from_string(source).render(values=values) == stock.from_string(source).render(values=values)
    assert "escape(" not in ours.compile("{{ v }}", raw=True)  # and it does leave the call out


def test_templates_are_compiled_once_for_each_version_of_the_render_module(tmp_path, monkeypatch):
    """render._CompiledTemplates keeps compiled templates between builds, never across a change to the render
    module (its code generator and options shape the code too), and a cache it cannot keep stops nothing."""
    import os
    import shutil
    import tempfile

    import jinja2

    from perspectives import render

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    compiled = []
    original = jinja2.Environment.compile

    def compile(env, source, name=None, *args, **kwargs):
        compiled.append(name)
        return original(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    render._environment(FragmentLinks()).get_template("search.md.j2")
    assert compiled == ["search.md.j2"] and list(tmp_path.glob("_jinja2-cache-*/*.cache"))
    render._environment(FragmentLinks()).get_template("search.md.j2")
    assert compiled == ["search.md.j2"]  # the next build reads it back
    monkeypatch.setattr(render._CompiledTemplates, "FINGERPRINT", "another version of render.py")
    render._environment(FragmentLinks()).get_template("search.md.j2")
    assert compiled == ["search.md.j2"] * 2
    # The folder removed while a build writes into it; a file where the folder would be.
    env = render._environment(FragmentLinks())
    shutil.rmtree(next(tmp_path.glob("_jinja2-cache-*")))
    assert env.get_template("compare.md.j2")
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / f"_jinja2-cache-{os.getuid()}").write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))
    env = render._environment(FragmentLinks())
    assert env.bytecode_cache is None and env.get_template("compare.md.j2")


def test_a_glance_says_one_reason_once_where_two_rows_give_it():
    """An article that cites nothing has no kind of evidence for the same reason: the reason is said in the
    first row, and the row after it says so rather than repeat it word for word."""
    from perspectives.render import KEY_DIMENSIONS, escape_data

    dataset = load_checked(DATA)
    pages = {page.path: page.content for page in render_site(dataset).pages}
    rows = [dimension for dimension in dataset.vocabularies.dimensions if dimension.id not in KEY_DIMENSIONS]
    checked = 0
    for article in dataset.articles:
        glance = pages[urls.article_path(article)].split('<dl class="msp-answers">', 1)[1].split("</dl>", 1)[0]
        for above, below in itertools.pairwise(rows):
            first, second = dataset.answer(article, above), dataset.answer(article, below)
            if second.kind in ("none", "unknown") and (first.kind, first.text) == (second.kind, second.text):
                assert glance.count(str(escape_data(second.text))) == 1, (article.id, below.id)
                assert f"the same as for {escape_data(above.label.lower())}, above" in glance
                checked += 1
    assert checked, "no article gives one reason for two rows: nothing to check"
