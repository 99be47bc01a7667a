"""The last good site is never lost: a build that fails after the check, or is
killed part-way, leaves the published folder byte for byte as it was; a build
that succeeds replaces it whole."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, mkdocs_build
from corpus import BASE
from test_corpus import digest

from perspectives import sitedir


def site_project(folder: Path) -> Path:
    """A project like the real one with the corpus base as data and its own copy of docs/, to break."""
    root = Path(__file__).resolve().parent.parent
    folder.mkdir()
    shutil.copy(root / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(root / "docs", folder / "docs")
    (folder / "overrides").symlink_to(root / "overrides")
    (folder / "scripts").symlink_to(root / "scripts")
    shutil.copytree(BASE, folder / "data")
    return folder


@pytest.fixture
def published(tmp_path) -> tuple[Path, Path, str]:
    """A project and its published site, built once."""
    folder = site_project(tmp_path / "project")
    site = tmp_path / "site"
    result = mkdocs_build(folder, site)
    assert result.returncode == 0, result.stderr
    return folder, site, digest(site)


def leftovers(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.glob(f".{site.name}.staging-*"))


def test_a_build_broken_by_a_strict_warning_after_the_check_keeps_the_last_good_site(published):
    folder, site, before = published
    (folder / "docs/broken.md").write_text("# Broken\n\n[nowhere](missing.md)\n", encoding="utf-8")
    result = mkdocs_build(folder, site)
    assert result.returncode == 1 and "in strict mode" in result.stdout + result.stderr, result.stderr
    assert digest(site) == before
    assert leftovers(site) == []


def test_a_build_that_fails_while_writing_pages_keeps_the_last_good_site(published):
    folder, site, before = published
    (folder / "docs/about.md").write_text("# About\n\n<!-- generated: no-such-fragment -->\n", encoding="utf-8")
    result = mkdocs_build(folder, site)
    assert result.returncode == 1 and "no generated fragment 'no-such-fragment'" in result.stderr, result.stderr
    assert digest(site) == before
    assert leftovers(site) == []


def test_a_killed_build_keeps_the_last_good_site_and_the_next_build_cleans_up(published):
    folder, site, before = published
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([str(BIN / "mkdocs"), "build", "--strict", "-f", str(folder / "mkdocs.yml"),
                                "-d", str(site)], cwd=folder, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill it once it has started writing the new site into its staging folder.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        staged = [path for path in site.parent.glob(f".{site.name}.staging-*") if any(path.iterdir())]
        if staged:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert digest(site) == before
    assert leftovers(site) != []  # a killed process cannot clean up after itself…
    result = mkdocs_build(folder, site)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == []  # …the next build does
    assert digest(site) == before  # same data, same site


def test_a_successful_build_replaces_the_site_whole(published):
    folder, site, _ = published
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    (folder / "docs/about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")
    result = mkdocs_build(folder, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists()
    assert "Changed." in (site / "about/index.html").read_text(encoding="utf-8")


def test_publish_swaps_folders_and_works_when_nothing_was_published_yet(tmp_path):
    target = tmp_path / "site"
    first = sitedir.stage(target)
    (first / "a.html").write_text("one", encoding="utf-8")
    sitedir.publish(first, target)
    assert (target / "a.html").read_text(encoding="utf-8") == "one" and not first.exists()
    second = sitedir.stage(target)
    (second / "b.html").write_text("two", encoding="utf-8")
    sitedir.publish(second, target)
    assert sorted(path.name for path in target.iterdir()) == ["b.html"]
    assert [path.name for path in tmp_path.iterdir()] == ["site"]
