"""Load, check, render: the one path from data/ to pages."""

from __future__ import annotations

from pathlib import Path

from perspectives.check import check_dataset
from perspectives.errors import DataErrors
from perspectives.load import load_dataset
from perspectives.model import Dataset
from perspectives.render import Site, render_site


def load_checked(data_dir: Path, select: str | None = None) -> Dataset:
    """The dataset (the articles matching `select`, if given), proven right; raises DataErrors listing every problem."""
    dataset, errors = load_dataset(data_dir, select)
    errors += check_dataset(dataset)
    if errors:
        raise DataErrors(errors)
    return dataset


def build_site(data_dir: Path, select: str | None = None) -> Site:
    """Every generated page and download, rendered from checked data (see load_dataset for `select`)."""
    return render_site(load_checked(data_dir, select))
