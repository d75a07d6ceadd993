"""The one user-facing error type: a table of problems located in the file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from loaders.values.textnorm import visible

if TYPE_CHECKING:
    import pandas as pd

ERROR = "erreur"
WARNING = "avertissement"


def column_letter(index: int | None) -> str | None:
    """Return the Excel column letter of a 0-based column index (0 → A, 26 → AA)."""
    if index is None:
        return None
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, with its place as Excel shows it (1-based row, column letter)."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = ERROR

    def __post_init__(self) -> None:  # a U+202E in a file name must not reverse the rest of the sentence
        object.__setattr__(self, "message", visible(self.message))
        for name in ("sheet", "row", "column"):  # a missing place read from a column of text is NaN: no place
            value = getattr(self, name)
            if value is not None and value != value:
                object.__setattr__(self, name, None)
        if self.sheet:
            object.__setattr__(self, "sheet", visible(self.sheet))

    def to_dict(self) -> dict:
        """Return the JSON form used by the command line: message, sheet, row, column."""
        return {k: v for k, v in asdict(self).items() if k != "severity"}

    def where(self) -> str:
        """Return the place in French, e.g. « feuille Données, ligne 12, colonne C »."""
        parts = []
        if self.sheet:
            parts.append(f"feuille « {self.sheet} »")
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        if self.column:
            parts.append(f"colonne {self.column}")
        return ", ".join(parts)


class UserError(Exception):
    """The one error type for what a user can cause: a bad file, a busy database, a stale plan…

    It carries a French message and, for a file, the table of its problems with their place. The command
    line and the app each turn it into a message in one place; any other exception is a bug.
    """

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:
        return self.message

    def errors(self) -> list[Problem]:
        """Return the blocking problems."""
        return [p for p in self.problems if p.severity == ERROR]

    def to_frame(self) -> pd.DataFrame:
        """Return the problems as a table with French column names."""
        import pandas as pd  # not at module top: the sandboxed reader must start fast
        rows = [{"Gravité": p.severity, "Feuille": p.sheet, "Ligne": p.row, "Colonne": p.column,
                 "Problème": p.message} for p in self.problems]
        return pd.DataFrame(rows, columns=["Gravité", "Feuille", "Ligne", "Colonne", "Problème"])


class ImportRefused(UserError):
    """A file cannot be imported; carries every problem found, not only the first."""

    def __init__(self, filename: str, problems: list[Problem] | None = None) -> None:
        self.filename = filename
        self.problems = list(problems or [])
        super().__init__(self.summary(), self.problems)

    def __reduce__(self):
        return ImportRefused, (self.filename, self.problems)

    def summary(self) -> str:
        """Return a French one-line summary naming the file and the first problem."""
        errors = self.errors() or self.problems
        if not errors:
            return f"Le fichier « {self.filename} » a été refusé."
        first = errors[0]
        where = first.where()
        more = f" (et {len(errors) - 1} autre(s) problème(s))" if len(errors) > 1 else ""
        return f"« {self.filename} » refusé : {first.message}" + (f" — {where}" if where else "") + more


class StalePlan(UserError):
    """The store moved between the check of a file and its confirmation: nothing was written."""
