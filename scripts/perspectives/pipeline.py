"""Load, check, render: the one path from data/ to pages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from perspectives.check import check_dataset, conclude
from perspectives.load import Memo, load_dataset
from perspectives.model import Dataset
from perspectives.processes import cores
from perspectives.render import ARTICLES_PER_PART, LOCAL_URL, SITE_NAME, Renderer, Site
from perspectives.spool import SpooledSite, spool_parts


def load_checked(data_dir: Path, select: str | None = None, memo: Memo | None = None) -> Dataset:
    """The dataset (the articles matching `select`, if given), proven right; raises DataErrors listing
    every problem. `memo` keeps what was loaded for the next load (see load.Memo)."""
    dataset, errors = load_dataset(data_dir, select, memo)
    errors += check_dataset(dataset)
    conclude(errors, [article.outline for article in dataset.articles], dataset.vocabularies, data_dir, select)
    return dataset


def build_site(data_dir: Path, policy: str = "", drafts: bool = False, site_url: str = LOCAL_URL,
               site_name: str = SITE_NAME, select: str | None = None, report: str | None = None) -> Site:
    """Every generated page and download, rendered from checked data. `policy` is the
    Content-Security-Policy the static redirect pages carry; `site_url` is the public address
    the feed's absolute links start with; `select` previews some articles (see load_dataset);
    `report` is where readers report a mistake, if the site has such an address.

    Drafts are checked like any article, but rendered only with `drafts`
    (`mkdocs serve`): a published build leaves them out entirely."""
    dataset, _ = _published(load_checked(data_dir, select), drafts)
    return Renderer(dataset, policy, site_url=site_url, site_name=site_name, report=report).render()


def spool_site(data_dir: Path, folder: Path, policy: str = "", drafts: bool = False, site_url: str = LOCAL_URL,
               site_name: str = SITE_NAME, select: str | None = None, report: str | None = None,
               jobs: int | None = None, memo: Memo | None = None) -> SpooledSite:
    """build_site, each page written into `folder` as it is rendered rather than held (perspectives.spool):
    what the hook builds from. `jobs` processes render it, by default `render_jobs`. The site names the
    drafts it leaves out, for the build to say so. `memo` keeps the loaded articles for the next build of
    the same process (`mkdocs serve`: see load.Memo)."""
    dataset, left_out = _published(load_checked(data_dir, select, memo), drafts)
    renderer = Renderer(dataset, policy, site_url=site_url, site_name=site_name, report=report)
    return dataclasses.replace(spool_rendered(renderer, folder, jobs), drafts_left_out=left_out)


def spool_rendered(renderer: Renderer, folder: Path, jobs: int | None = None) -> SpooledSite:
    """Everything `renderer` renders, written into `folder` by `jobs` processes (by default `render_jobs`)."""
    parts = renderer.parts()
    jobs = render_jobs(len(renderer.dataset.articles)) if jobs is None else jobs
    return spool_parts(renderer.part, parts, renderer.fragments(), folder, jobs)


def render_jobs(articles: int) -> int:
    """How many processes render this many articles by default: one per core, and one alone while the
    article pages make fewer than two parts (render.ARTICLES_PER_PART), which render in a fraction of a
    second: forking costs more than it saves."""
    return cores() if articles > ARTICLES_PER_PART else 1


def _published(dataset: Dataset, drafts: bool) -> tuple[Dataset, tuple[str, ...]]:
    """The dataset to render (without its drafts, unless `drafts`), and the ids of the drafts left out."""
    if drafts:
        return dataset, ()
    left_out = tuple(article.id for article in dataset.articles if article.draft)
    return Dataset(dataset.vocabularies, tuple(article for article in dataset.articles if not article.draft)), left_out
