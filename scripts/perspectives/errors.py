"""Errors an editor can fix: one line each, naming file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file, worded for the editor who has to fix it."""

    path: str
    line: int
    field: str
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field or '(file)'}: {self.problem}"
        return f"{text} — {self.hint}" if self.hint else text


class DataErrors(Exception):
    """Raised with every error found, so the editor sees them all at once."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        lines = [str(error) for error in self.errors]
        lines.append(f"{count} error{'s' if count != 1 else ''} in data; nothing was built.")
        return "\n".join(lines)
