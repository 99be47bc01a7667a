"""Two builds of one commit give byte-identical sites: the only date a build writes comes from git, not the clock."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import ROOT, DataCopy, mkdocs_build
from perspectives import load_checked
from perspectives.builddate import content_epoch
from perspectives.render import last_changed

# Any fixed date does when the project is no git checkout (an export, a tarball): the caller sets it.
FALLBACK_EPOCH = "1700000000"


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def sitemap_dates(site: Path) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]*)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))


def gzip_mtime(path: Path) -> int:
    # RFC 1952: bytes 4-7 of the header are the modification time, little-endian.
    return int.from_bytes(path.read_bytes()[4:8], "little")


def day_of(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


def git(repo: Path, *args: str, date: str = "2001-09-09T01:46:40Z") -> None:
    """Run git in `repo` as a made-up editor at `date`, whatever this machine's git configuration says."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid", "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid",
           "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=60)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_two_builds_of_one_commit_into_different_folders_are_byte_identical(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    epoch = content_epoch(ROOT)
    if epoch is None:  # no git here: what is left to prove is that nothing but the date varies
        monkeypatch.setenv("SOURCE_DATE_EPOCH", FALLBACK_EPOCH)
    first = mkdocs_build(ROOT, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    # A different time zone and hash seed: neither may leak into the output.
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    monkeypatch.setenv("PYTHONHASHSEED", "12345")
    second = mkdocs_build(ROOT, tmp_path / "two")
    assert second.returncode == 0, second.stderr

    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    expected = day_of(epoch if epoch is not None else int(FALLBACK_EPOCH))
    # Article pages are dated by their data (render.last_changed), every other page by the last content commit.
    from_data = {last_changed(article) for article in load_checked(ROOT / "data").articles} - {None}
    assert sitemap_dates(tmp_path / "one") - from_data == {expected} - from_data
    assert sitemap_dates(tmp_path / "one") >= {expected}


@needs_git
def test_the_build_is_dated_by_the_last_commit_touching_content_not_by_code_or_the_clock(
        data_copy: DataCopy, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = data_copy.root
    git(repo, "init", "--quiet")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "content", date="2001-09-09T01:46:40Z")
    # A later commit to code only: it changes markup, not what the pages say.
    (repo / "scripts/NOTES").write_text("later\n", encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "code", date="2010-01-01T00:00:00Z")

    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    # An article page is dated by its data (added, reviewed, corrected); every other page by the commit.
    from_data = {last_changed(article) for article in load_checked(data_copy.data).articles} - {None}
    assert sitemap_dates(tmp_path / "site") - from_data == {"2001-09-09"}
    # MkDocs stamps sitemap.xml.gz with the midnight (UTC) of the newest page's build date: the commit's.
    assert gzip_mtime(tmp_path / "site/sitemap.xml.gz") == int(datetime(2001, 9, 9, tzinfo=timezone.utc).timestamp())


@needs_git
def test_content_epoch_follows_data_docs_and_mkdocs_yml(tmp_path: Path):
    for folder in ("data", "docs", "scripts"):
        (tmp_path / folder).mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    git(tmp_path, "init", "--quiet")
    assert content_epoch(tmp_path) is None  # a checkout with no commit yet
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "--quiet", "--message", "config", date="2001-09-09T01:46:40Z")
    assert content_epoch(tmp_path) == 1_000_000_000
    for path, date, expected in [("scripts/x.py", "2003-01-01T00:00:00Z", 1_000_000_000),
                                 ("data/x.yaml", "2004-01-01T00:00:00Z", 1_072_915_200),
                                 ("docs/x.md", "2005-01-01T00:00:00Z", 1_104_537_600)]:
        (tmp_path / path).write_text("x\n", encoding="utf-8")
        git(tmp_path, "add", "--all")
        git(tmp_path, "commit", "--quiet", "--message", path, date=date)
        assert content_epoch(tmp_path) == expected, path


def test_content_epoch_is_none_outside_a_checkout_or_without_git(tmp_path: Path, monkeypatch):
    (tmp_path / "data").mkdir()
    assert content_epoch(tmp_path) is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-folder"))
    assert content_epoch(ROOT) is None


def test_a_site_rendered_in_several_processes_is_the_site_rendered_in_one(tmp_path: Path):
    """Past render.ARTICLES_PER_PART articles the render stage shares the pages out among processes (one per
    core, or PERSPECTIVES_JOBS): the site must not depend on how many there are, nor on which finishes first."""
    from perspectives.render import ARTICLES_PER_PART
    from perspectives.synthetic import generate, site_project

    data = generate(ARTICLES_PER_PART + 20, tmp_path / "data", ROOT / "data")
    project = site_project(tmp_path / "project", data, ROOT)
    env = {"SOURCE_DATE_EPOCH": FALLBACK_EPOCH}
    sites = {}
    for jobs in ("1", "2", "3"):
        built = mkdocs_build(project, tmp_path / f"site-{jobs}", env={**env, "PERSPECTIVES_JOBS": jobs})
        assert built.returncode == 0, built.stderr
        sites[jobs] = files_of(tmp_path / f"site-{jobs}")
    assert len([name for name in sites["1"] if re.fullmatch(r"articles/[^/]+/index\.html", name)]) \
        == ARTICLES_PER_PART + 20
    for jobs in ("2", "3"):
        assert sorted(sites[jobs]) == sorted(sites["1"])
        assert [name for name in sites["1"] if sites["1"][name] != sites[jobs][name]] == []


@pytest.mark.parametrize("jobs", ["0", "two", "-1", "1.5"])
def test_a_number_of_processes_that_is_none_stops_the_build_in_one_line(data_copy: DataCopy, tmp_path: Path,
                                                                       jobs: str):
    built = mkdocs_build(data_copy.root, tmp_path / "site", env={"PERSPECTIVES_JOBS": jobs})
    assert built.returncode != 0 and not (tmp_path / "site").exists()
    output = built.stdout + built.stderr  # MkDocs prints an Abort's message on stdout
    assert "Traceback" not in output
    assert f"PERSPECTIVES_JOBS {jobs!r} is not a number of processes" in output
