"""Load, check, render: the one path from data/ to pages."""

from __future__ import annotations

from pathlib import Path

from perspectives.check import check_dataset, conclude
from perspectives.load import load_dataset
from perspectives.model import Dataset
from perspectives.render import LOCAL_URL, SITE_NAME, Renderer, Site
from perspectives.spool import SpooledSite, spool


def load_checked(data_dir: Path, select: str | None = None) -> Dataset:
    """The dataset (the articles matching `select`, if given), proven right; raises DataErrors listing
    every problem."""
    dataset, errors = load_dataset(data_dir, select)
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
    return _renderer(data_dir, policy, drafts, site_url, site_name, select, report).render()


def spool_site(data_dir: Path, folder: Path, policy: str = "", drafts: bool = False, site_url: str = LOCAL_URL,
               site_name: str = SITE_NAME, select: str | None = None, report: str | None = None) -> SpooledSite:
    """build_site, each page written into `folder` as it is rendered rather than held (perspectives.spool):
    what the hook builds from."""
    renderer = _renderer(data_dir, policy, drafts, site_url, site_name, select, report)
    return spool(renderer.pages(), renderer.fragments(), folder)


def _renderer(data_dir: Path, policy: str, drafts: bool, site_url: str, site_name: str, select: str | None,
              report: str | None) -> Renderer:
    dataset = load_checked(data_dir, select)
    if not drafts:
        dataset = Dataset(dataset.vocabularies, tuple(article for article in dataset.articles if not article.draft))
    return Renderer(dataset, policy, site_url=site_url, site_name=site_name, report=report)
