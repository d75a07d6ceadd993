"""The sheets an analyst leaves out of a workbook, and the offer to do so when one sheet blocks the rest."""

from __future__ import annotations

from loaders.errors import ERROR, Problem

SKIP_SHEETS = "skip_sheets"  # the override that names the sheets an analyst leaves out


def skipped(sheets: list, overrides: dict | None, problems: list[Problem]) -> set[str]:
    """Return the sheets the analyst leaves out; a name the workbook does not have is an error."""
    asked = list((overrides or {}).get(SKIP_SHEETS) or ())
    names = [sheet.name for sheet in sheets]
    for name in asked:
        if name not in names:
            problems.append(Problem(f"Feuille « {name} » à laisser de côté introuvable dans le fichier (feuilles : "
                                    f"{', '.join(names)}).", None))
    return set(asked) & set(names)


def leave_out_note(entries: list[dict], problems: list[Problem]) -> list[str]:
    """Return the note that says how to import the other sheets when some sheets block the import."""
    read = {e["sheet"] for e in entries if e.get("status") == "lue" and e.get("rows_kept")}
    listed = {e["sheet"] for e in entries}
    blocking = list(dict.fromkeys(p.sheet for p in problems if p.severity == ERROR and p.sheet in listed - read))
    if not (read and blocking):
        return []
    names = ", ".join(f"« {name} »" for name in blocking)
    options = " ".join(f'--skip-sheet "{name}"' for name in blocking)
    return [f"Feuille(s) {names} illisible(s) : pour importer les autres feuilles, laissez-la(les) de côté "
            f"({options}, ou « Feuilles laissées de côté » sur la page d'import)."]
